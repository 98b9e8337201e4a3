//! Cropping: removing the part of a mesh beyond a plane. Triangles that
//! cross the plane are clipped, and edges cut by the plane get one shared
//! new vertex, so the kept part stays watertight except along the cut.

use std::collections::HashMap;

use simcal_mesh::{Mesh, MeshParts};

use super::apply::{compact, rebuild};
use super::{Axis, CropSide};

pub(super) fn crop(mesh: &Mesh, axis: Axis, side: CropSide, fraction: f64) -> Result<Mesh, String> {
    let a = axis.index();
    let bounds = mesh.bounding_box();
    let (min, max) = (f64::from(bounds.min[a]), f64::from(bounds.max[a]));
    let extent = max - min;
    // Signed distance beyond the plane: positive means removed.
    let (plane, sign) = match side {
        CropSide::Max => (max - fraction * extent, 1.0),
        CropSide::Min => (min + fraction * extent, -1.0),
    };
    let distance: Vec<f64> = mesh
        .positions()
        .iter()
        .map(|p| sign * (f64::from(p[a]) - plane))
        .collect();

    let mut clipper = Clipper {
        positions: mesh.positions().to_vec(),
        colors: mesh.colors().map(<[_]>::to_vec),
        distance: &distance,
        cut_vertex: HashMap::new(),
    };
    let mut triangles = Vec::new();
    for &triangle in mesh.triangles() {
        clipper.clip(triangle, &mut triangles);
    }
    let Clipper {
        positions, colors, ..
    } = clipper;
    let parts = compact(MeshParts {
        positions,
        triangles,
        normals: None,
        colors,
    });
    if parts.triangles.is_empty() {
        return Err("no face with non-zero area is left; crop a smaller fraction".to_string());
    }
    rebuild(parts)
}

struct Clipper<'a> {
    positions: Vec<[f32; 3]>,
    colors: Option<Vec<[f32; 3]>>,
    distance: &'a [f64],
    /// New vertex on each cut edge, keyed by (lower index, higher index).
    cut_vertex: HashMap<(u32, u32), u32>,
}

impl Clipper<'_> {
    fn kept(&self, vertex: u32) -> bool {
        self.distance[vertex as usize] <= 0.0
    }

    /// Appends the kept part of `triangle` to `out`, with its winding.
    fn clip(&mut self, triangle: [u32; 3], out: &mut Vec<[u32; 3]>) {
        let kept = triangle.map(|vertex| self.kept(vertex));
        match kept.iter().filter(|&&k| k).count() {
            3 => out.push(triangle),
            0 => {}
            count => {
                // Rotate so the triangle reads (a, b, c) with a kept and, when
                // two are kept, b kept too; rotation preserves the winding.
                let start = (0..3)
                    .find(|&i| {
                        if count == 1 {
                            kept[i]
                        } else {
                            kept[i] && kept[(i + 1) % 3]
                        }
                    })
                    .unwrap_or(0);
                let [a, b, c] = [
                    triangle[start],
                    triangle[(start + 1) % 3],
                    triangle[(start + 2) % 3],
                ];
                if count == 1 {
                    let ab = self.cut(a, b);
                    let ac = self.cut(a, c);
                    out.push([a, ab, ac]);
                } else {
                    let bc = self.cut(b, c);
                    let ca = self.cut(c, a);
                    out.push([a, b, bc]);
                    out.push([a, bc, ca]);
                }
            }
        }
    }

    /// Vertex where the plane cuts edge (i, j), created once per edge.
    fn cut(&mut self, i: u32, j: u32) -> u32 {
        let key = (i.min(j), i.max(j));
        if let Some(&vertex) = self.cut_vertex.get(&key) {
            return vertex;
        }
        let (from, to) = key;
        let (d_from, d_to) = (self.distance[from as usize], self.distance[to as usize]);
        let t = d_from / (d_from - d_to);
        let lerp = |p: [f32; 3], q: [f32; 3]| -> [f32; 3] {
            std::array::from_fn(|k| {
                (f64::from(p[k]) + t * (f64::from(q[k]) - f64::from(p[k]))) as f32
            })
        };
        let position = lerp(self.positions[from as usize], self.positions[to as usize]);
        self.positions.push(position);
        if let Some(colors) = self.colors.as_mut() {
            let color = lerp(colors[from as usize], colors[to as usize]);
            colors.push(color.map(|c| c.clamp(0.0, 1.0)));
        }
        let vertex = (self.positions.len() - 1) as u32;
        self.cut_vertex.insert(key, vertex);
        vertex
    }
}
