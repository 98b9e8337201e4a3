//! Closed primitives (boxes, rounded boxes, general hexahedra, lathe solids)
//! appended to one triangle list.
//!
//! Every primitive is a closed, consistently wound surface with outward
//! normals whose vertices are welded, so each edge is shared by exactly two
//! triangles. A union of such primitives keeps that property even where the
//! parts interpenetrate, because no two primitives share a vertex.

use std::collections::HashMap;

use simcal_mesh::{Mesh, MeshError};

use crate::trig::sin_cos_deg;

pub(crate) type Point = [f64; 3];

/// Maximum lattice cells along one edge of a box, whatever its size.
const MAX_CELLS_PER_EDGE: u32 = 64;

/// Orthonormal right-handed frame that places a lathe solid: the solid's axis
/// runs along `axis_y` from `origin`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame {
    pub origin: Point,
    pub axis_x: Point,
    pub axis_y: Point,
    pub axis_z: Point,
}

impl Frame {
    /// Frame whose lathe axis points up (+y).
    pub fn upright(origin: Point) -> Self {
        Frame {
            origin,
            axis_x: [1.0, 0.0, 0.0],
            axis_y: [0.0, 1.0, 0.0],
            axis_z: [0.0, 0.0, 1.0],
        }
    }

    /// Frame whose lathe axis points along `direction` (any non-zero vector).
    pub fn pointing(origin: Point, direction: Point) -> Self {
        let axis_y = normalize(direction);
        // Pick the world axis least aligned with the direction as a helper.
        let helper = if axis_y[0].abs() < 0.9 {
            [1.0, 0.0, 0.0]
        } else {
            [0.0, 1.0, 0.0]
        };
        let axis_z = normalize(cross(helper, axis_y));
        let axis_x = cross(axis_y, axis_z);
        Frame {
            origin,
            axis_x,
            axis_y,
            axis_z,
        }
    }

    fn place(&self, local: Point) -> Point {
        let mut world = self.origin;
        for (axis, coordinate) in world.iter_mut().enumerate() {
            *coordinate += local[0] * self.axis_x[axis]
                + local[1] * self.axis_y[axis]
                + local[2] * self.axis_z[axis];
        }
        world
    }
}

/// One point of a lathe profile: distance from the axis and height along it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ProfilePoint {
    pub radius: f64,
    pub height: f64,
}

pub(crate) fn profile(points: &[(f64, f64)]) -> Vec<ProfilePoint> {
    points
        .iter()
        .map(|&(radius, height)| ProfilePoint { radius, height })
        .collect()
}

/// Minimum and maximum segment count around a lathe solid.
const SEGMENT_RANGE: (u32, u32) = (12, 64);

/// Triangle list under construction, with the cell size in metres that sets
/// how finely every primitive is subdivided.
#[derive(Debug)]
pub(crate) struct MeshBuilder {
    cell_m: f64,
    positions: Vec<[f32; 3]>,
    triangles: Vec<[u32; 3]>,
}

impl MeshBuilder {
    pub fn new(cell_m: f64) -> Self {
        MeshBuilder {
            cell_m,
            positions: Vec::new(),
            triangles: Vec::new(),
        }
    }

    pub fn triangle_count(&self) -> usize {
        self.triangles.len()
    }

    /// Lattice cells along an edge of `length` metres.
    pub fn cells_along(&self, length: f64) -> u32 {
        ((length / self.cell_m).ceil() as u32).clamp(1, MAX_CELLS_PER_EDGE)
    }

    /// Segments around a lathe solid of `radius` metres.
    fn segments_for(&self, radius: f64) -> u32 {
        let circumference = 2.0 * std::f64::consts::PI * radius;
        ((circumference / self.cell_m).ceil() as u32).clamp(SEGMENT_RANGE.0, SEGMENT_RANGE.1)
    }

    /// Adds an axis-aligned box.
    pub fn add_box(&mut self, min: Point, max: Point) {
        let corners = std::array::from_fn(|bits| {
            std::array::from_fn(|axis| {
                if bits >> axis & 1 == 1 {
                    max[axis]
                } else {
                    min[axis]
                }
            })
        });
        let cells = std::array::from_fn(|axis| self.cells_along(max[axis] - min[axis]));
        self.add_hexahedron(corners, cells);
    }

    /// Adds a hexahedron from its 8 corners, indexed by bits `x + 2y + 4z` of
    /// the unit cube corner they correspond to, with `cells` lattice cells per
    /// axis. The corners must form a non-inverted solid (as a box, a tapered
    /// leg or a swept wing do) for the normals to point outward.
    pub fn add_hexahedron(&mut self, corners: [Point; 8], cells: [u32; 3]) {
        self.add_lattice_surface(cells, |u| trilinear(&corners, u));
    }

    /// Adds a box whose edges and corners are rounded with `radius` (clamped
    /// to half the smallest side).
    pub fn add_rounded_box(&mut self, min: Point, max: Point, radius: f64) {
        let half: Point = std::array::from_fn(|axis| 0.5 * (max[axis] - min[axis]));
        let center: Point = std::array::from_fn(|axis| 0.5 * (max[axis] + min[axis]));
        let radius = radius.min(half[0]).min(half[1]).min(half[2]);
        let cells = std::array::from_fn(|axis| self.cells_along(max[axis] - min[axis]));
        self.add_lattice_surface(cells, |u| {
            let flat: Point =
                std::array::from_fn(|axis| center[axis] + half[axis] * (2.0 * u[axis] - 1.0));
            let core: Point = std::array::from_fn(|axis| {
                flat[axis].clamp(
                    center[axis] - (half[axis] - radius),
                    center[axis] + (half[axis] - radius),
                )
            });
            let offset = sub(flat, core);
            let length = dot(offset, offset).sqrt();
            if length == 0.0 {
                return flat;
            }
            std::array::from_fn(|axis| core[axis] + radius * offset[axis] / length)
        });
    }

    /// Adds a solid of revolution about the frame's y axis. `profile` runs
    /// from the bottom of the axis to the top. An end point with radius 0 is
    /// a pole. An end with a positive radius is closed by a flat cap made of
    /// concentric rings. Interior points must have a positive radius.
    pub fn add_lathe(&mut self, profile: &[ProfilePoint], frame: Frame) {
        let Some(max_radius) = profile.iter().map(|p| p.radius).reduce(f64::max) else {
            return;
        };
        let segments = self.segments_for(max_radius);
        let ring_angles: Vec<(f64, f64)> = (0..segments)
            .map(|j| sin_cos_deg(360.0 * f64::from(j) / f64::from(segments)))
            .collect();

        let profile = self.close_ends(profile);
        let mut rings: Vec<Vec<u32>> = Vec::with_capacity(profile.len());
        for point in &profile {
            if point.radius == 0.0 {
                rings.push(vec![self.push(frame.place([0.0, point.height, 0.0]))]);
            } else {
                let ring = ring_angles
                    .iter()
                    .map(|&(sin, cos)| {
                        self.push(frame.place([
                            point.radius * cos,
                            point.height,
                            -point.radius * sin,
                        ]))
                    })
                    .collect();
                rings.push(ring);
            }
        }
        for pair in rings.windows(2) {
            let (lower, upper) = (&pair[0], &pair[1]);
            match (lower.len(), upper.len()) {
                (1, 1) => {}
                (1, _) => self.fan(lower[0], upper, true),
                (_, 1) => self.fan(upper[0], lower, false),
                _ => {
                    for j in 0..lower.len() {
                        let next = (j + 1) % lower.len();
                        self.quad(lower[j], lower[next], upper[next], upper[j]);
                    }
                }
            }
        }
    }

    /// Extends a profile whose ends have a positive radius with concentric
    /// cap rings down to a pole, so that every lathe solid is closed.
    fn close_ends(&self, profile: &[ProfilePoint]) -> Vec<ProfilePoint> {
        let cap = |end: &ProfilePoint| -> Vec<ProfilePoint> {
            if end.radius == 0.0 {
                return Vec::new();
            }
            let rings = ((end.radius / (2.0 * self.cell_m)).ceil() as u32).clamp(1, 16);
            (0..rings)
                .map(|k| ProfilePoint {
                    radius: end.radius * f64::from(k) / f64::from(rings),
                    height: end.height,
                })
                .collect()
        };
        let (Some(first), Some(last)) = (profile.first(), profile.last()) else {
            return Vec::new();
        };
        let mut closed = cap(first);
        closed.extend_from_slice(profile);
        closed.extend(cap(last).into_iter().rev());
        closed
    }

    /// Adds a cylinder (or a truncated cone when the radii differ) from
    /// `base` along `direction`.
    pub fn add_cylinder(&mut self, base: Point, direction: Point, radii: (f64, f64)) {
        let length = dot(direction, direction).sqrt();
        let rings = ((length / (2.0 * self.cell_m)).ceil() as u32).clamp(2, 32);
        let points: Vec<ProfilePoint> = (0..rings)
            .map(|i| {
                let t = f64::from(i) / f64::from(rings - 1);
                ProfilePoint {
                    radius: radii.0 + (radii.1 - radii.0) * t,
                    height: length * t,
                }
            })
            .collect();
        self.add_lathe(&points, Frame::pointing(base, direction));
    }

    /// Adds an ellipsoid with semi-axes `radii`.
    pub fn add_ellipsoid(&mut self, center: Point, radii: Point) {
        let stacks = (self.segments_for(radii[0].max(radii[1]).max(radii[2])) / 2).max(6);
        let points: Vec<ProfilePoint> = (0..=stacks)
            .map(|i| {
                let (sin, cos) = sin_cos_deg(180.0 * f64::from(i) / f64::from(stacks));
                ProfilePoint {
                    radius: if i == 0 || i == stacks { 0.0 } else { sin },
                    height: -cos,
                }
            })
            .collect();
        // Build a unit sphere with the segment count of the real size, then
        // scale it into place.
        let unit_cell = self.cell_m;
        self.cell_m = unit_cell / radii[0].max(radii[1]).max(radii[2]);
        let start = self.positions.len();
        self.add_lathe(&points, Frame::upright([0.0; 3]));
        self.cell_m = unit_cell;
        for p in &mut self.positions[start..] {
            for axis in 0..3 {
                p[axis] = (center[axis] + radii[axis] * f64::from(p[axis])) as f32;
            }
        }
    }

    pub fn build(self) -> Result<Mesh, MeshError> {
        Mesh::new(self.positions, self.triangles)
    }

    fn push(&mut self, p: Point) -> u32 {
        self.positions.push(p.map(|c| c as f32));
        (self.positions.len() - 1) as u32
    }

    /// Triangles between `center` and consecutive ring vertices; `below`
    /// orients them for a pole or cap under the ring.
    fn fan(&mut self, center: u32, ring: &[u32], below: bool) {
        for j in 0..ring.len() {
            let (a, b) = (ring[j], ring[(j + 1) % ring.len()]);
            self.triangles.push(if below {
                [center, b, a]
            } else {
                [center, a, b]
            });
        }
    }

    /// Two triangles for the quad `a b c d`, counter-clockwise seen from outside.
    fn quad(&mut self, a: u32, b: u32, c: u32, d: u32) {
        self.triangles.push([a, b, c]);
        self.triangles.push([a, c, d]);
    }

    /// Adds the surface of a `cells` lattice over the unit cube, mapped by
    /// `map` from unit-cube coordinates to model space. Lattice points are
    /// welded so neighbouring faces share their border vertices.
    fn add_lattice_surface(&mut self, cells: [u32; 3], map: impl Fn(Point) -> Point) {
        let mut index_of: HashMap<[u32; 3], u32> = HashMap::new();
        let mut vertex = |builder: &mut Self, lattice: [u32; 3]| -> u32 {
            *index_of.entry(lattice).or_insert_with(|| {
                let u =
                    std::array::from_fn(|axis| f64::from(lattice[axis]) / f64::from(cells[axis]));
                builder.push(map(u))
            })
        };
        for normal_axis in 0..3 {
            // (u_axis, v_axis, normal_axis) is a right-handed permutation.
            let u_axis = (normal_axis + 1) % 3;
            let v_axis = (normal_axis + 2) % 3;
            for max_side in [false, true] {
                let depth = if max_side { cells[normal_axis] } else { 0 };
                for u in 0..cells[u_axis] {
                    for v in 0..cells[v_axis] {
                        let corner = |du: u32, dv: u32| {
                            let mut lattice = [0; 3];
                            lattice[normal_axis] = depth;
                            lattice[u_axis] = u + du;
                            lattice[v_axis] = v + dv;
                            lattice
                        };
                        let p00 = vertex(self, corner(0, 0));
                        let p10 = vertex(self, corner(1, 0));
                        let p11 = vertex(self, corner(1, 1));
                        let p01 = vertex(self, corner(0, 1));
                        if max_side {
                            self.quad(p00, p10, p11, p01);
                        } else {
                            self.quad(p00, p01, p11, p10);
                        }
                    }
                }
            }
        }
    }
}

fn trilinear(corners: &[Point; 8], u: Point) -> Point {
    let mut p = [0.0; 3];
    for (bits, corner) in corners.iter().enumerate() {
        let weight: f64 = (0..3)
            .map(|axis| {
                if bits >> axis & 1 == 1 {
                    u[axis]
                } else {
                    1.0 - u[axis]
                }
            })
            .product();
        for axis in 0..3 {
            p[axis] += weight * corner[axis];
        }
    }
    p
}

pub(crate) fn sub(a: Point, b: Point) -> Point {
    [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
}

pub(crate) fn dot(a: Point, b: Point) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

pub(crate) fn cross(a: Point, b: Point) -> Point {
    [
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    ]
}

pub(crate) fn normalize(a: Point) -> Point {
    let length = dot(a, a).sqrt();
    [a[0] / length, a[1] / length, a[2] / length]
}
