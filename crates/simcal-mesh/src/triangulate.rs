//! Polygon triangulation for faces with more than three vertices.
//!
//! A polygon is projected onto the coordinate plane most perpendicular to its
//! Newell normal. A strictly convex polygon is fan-triangulated; any other
//! polygon (concave, or with collinear vertices, where a fan would produce
//! zero-area triangles) is triangulated by ear clipping, which is correct
//! for every simple polygon. When ear clipping finds no ear, the polygon is
//! not simple (self-intersecting or with repeated vertices): the rest of it
//! is fan-triangulated and reported as [`PolygonOutcome::NotSimple`].

/// Polygons with more vertices than this are fan-triangulated without ear
/// clipping, because ear clipping costs O(n²) point tests.
pub const MAX_EAR_CLIPPING_VERTICES: usize = 4096;

/// How a polygon was triangulated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolygonOutcome {
    /// Fan from the first vertex; the polygon is strictly convex.
    Convex,
    /// Ear clipping of a simple polygon.
    EarClipped,
    /// The polygon is self-intersecting or repeats vertices; ear clipping
    /// stopped finding ears and the rest was fan-triangulated.
    NotSimple,
    /// All vertices are collinear or coincide; a fan of zero-area triangles.
    Degenerate,
    /// More than [`MAX_EAR_CLIPPING_VERTICES`] vertices and not convex; a
    /// fan, which is wrong where the polygon is concave.
    TooLargeForEarClipping,
}

/// Reusable triangulator; keeps its scratch buffers between polygons.
#[derive(Debug, Default)]
pub struct Triangulator {
    points: Vec<[f64; 2]>,
    next: Vec<usize>,
    prev: Vec<usize>,
}

impl Triangulator {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends the triangles of `polygon` (indices into `positions`, at least
    /// three, all in range) to `triangles`, keeping the polygon's winding.
    pub fn triangulate(
        &mut self,
        positions: &[[f32; 3]],
        polygon: &[u32],
        triangles: &mut Vec<[u32; 3]>,
    ) -> PolygonOutcome {
        let n = polygon.len();
        if n == 3 {
            triangles.push([polygon[0], polygon[1], polygon[2]]);
            return PolygonOutcome::Convex;
        }
        let Some(normal) = newell_normal(positions, polygon) else {
            push_fan(polygon, triangles);
            return PolygonOutcome::Degenerate;
        };
        self.project(positions, polygon, normal);
        if self.is_strictly_convex() {
            push_fan(polygon, triangles);
            return PolygonOutcome::Convex;
        }
        if n > MAX_EAR_CLIPPING_VERTICES {
            push_fan(polygon, triangles);
            return PolygonOutcome::TooLargeForEarClipping;
        }
        self.clip_ears(polygon, triangles)
    }

    /// Projects the polygon to 2D so that it winds counter-clockwise there.
    fn project(&mut self, positions: &[[f32; 3]], polygon: &[u32], normal: [f64; 3]) {
        let dominant = (0..3)
            .max_by(|&a, &b| normal[a].abs().total_cmp(&normal[b].abs()))
            .unwrap_or(2);
        // (u, v) axes with u x v along +dominant, so a positive normal
        // component means counter-clockwise winding in the (u, v) plane.
        let (u, v) = match dominant {
            0 => (1, 2),
            1 => (2, 0),
            _ => (0, 1),
        };
        let flip = if normal[dominant] < 0.0 { -1.0 } else { 1.0 };
        self.points.clear();
        self.points.extend(polygon.iter().map(|&index| {
            let p = positions[index as usize];
            [f64::from(p[u]), flip * f64::from(p[v])]
        }));
    }

    fn is_strictly_convex(&self) -> bool {
        let n = self.points.len();
        (0..n).all(|i| {
            let a = self.points[(i + n - 1) % n];
            let b = self.points[i];
            let c = self.points[(i + 1) % n];
            cross(a, b, c) > 0.0
        })
    }

    fn clip_ears(&mut self, polygon: &[u32], triangles: &mut Vec<[u32; 3]>) -> PolygonOutcome {
        let n = polygon.len();
        self.next.clear();
        self.next.extend((0..n).map(|i| (i + 1) % n));
        self.prev.clear();
        self.prev.extend((0..n).map(|i| (i + n - 1) % n));

        let mut remaining = n;
        let mut current = 0;
        let mut tested_without_clip = 0;
        while remaining > 3 {
            if self.is_ear(current) {
                let (before, after) = (self.prev[current], self.next[current]);
                triangles.push([polygon[before], polygon[current], polygon[after]]);
                self.next[before] = after;
                self.prev[after] = before;
                remaining -= 1;
                tested_without_clip = 0;
                current = before;
            } else if tested_without_clip >= remaining {
                // A full pass found no ear, so the polygon is not simple.
                // Fanning the rest keeps every vertex and bounds the work.
                let mut corner = self.next[current];
                for _ in 0..remaining - 2 {
                    triangles.push([
                        polygon[current],
                        polygon[corner],
                        polygon[self.next[corner]],
                    ]);
                    corner = self.next[corner];
                }
                return PolygonOutcome::NotSimple;
            } else {
                tested_without_clip += 1;
                current = self.next[current];
            }
        }
        let (before, after) = (self.prev[current], self.next[current]);
        triangles.push([polygon[before], polygon[current], polygon[after]]);
        PolygonOutcome::EarClipped
    }

    /// Whether the corner at `tip` is strictly convex and no other remaining
    /// vertex lies inside or on its triangle.
    fn is_ear(&self, tip: usize) -> bool {
        let before = self.prev[tip];
        let after = self.next[tip];
        let (a, b, c) = (self.points[before], self.points[tip], self.points[after]);
        if cross(a, b, c) <= 0.0 {
            return false;
        }
        let mut other = self.next[after];
        while other != before {
            let p = self.points[other];
            // A vertex at the same place as a corner (a touching or repeated
            // vertex) does not block the ear.
            if p != a && p != b && p != c && point_in_triangle(p, a, b, c) {
                return false;
            }
            other = self.next[other];
        }
        true
    }
}

/// Newell's normal of a (possibly non-planar) polygon, or `None` when it is
/// zero because all vertices are collinear or coincide.
fn newell_normal(positions: &[[f32; 3]], polygon: &[u32]) -> Option<[f64; 3]> {
    let mut normal = [0.0f64; 3];
    for (i, &index) in polygon.iter().enumerate() {
        let current = positions[index as usize].map(f64::from);
        let next = positions[polygon[(i + 1) % polygon.len()] as usize].map(f64::from);
        normal[0] += (current[1] - next[1]) * (current[2] + next[2]);
        normal[1] += (current[2] - next[2]) * (current[0] + next[0]);
        normal[2] += (current[0] - next[0]) * (current[1] + next[1]);
    }
    let length_squared = normal.iter().map(|c| c * c).sum::<f64>();
    (length_squared > 0.0 && length_squared.is_finite()).then_some(normal)
}

fn push_fan(polygon: &[u32], triangles: &mut Vec<[u32; 3]>) {
    for i in 1..polygon.len() - 1 {
        triangles.push([polygon[0], polygon[i], polygon[i + 1]]);
    }
}

/// z component of (b - a) x (c - b): positive for a left (counter-clockwise) turn.
fn cross(a: [f64; 2], b: [f64; 2], c: [f64; 2]) -> f64 {
    (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0])
}

/// Whether `p` lies inside or on the counter-clockwise triangle `a b c`.
fn point_in_triangle(p: [f64; 2], a: [f64; 2], b: [f64; 2], c: [f64; 2]) -> bool {
    cross(a, b, p) >= 0.0 && cross(b, c, p) >= 0.0 && cross(c, a, p) >= 0.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area_2d(positions: &[[f32; 3]], triangles: &[[u32; 3]]) -> f64 {
        triangles
            .iter()
            .map(|t| {
                let [a, b, c] = t.map(|i| positions[i as usize]);
                let ab = [f64::from(b[0] - a[0]), f64::from(b[1] - a[1])];
                let ac = [f64::from(c[0] - a[0]), f64::from(c[1] - a[1])];
                0.5 * (ab[0] * ac[1] - ab[1] * ac[0])
            })
            .sum()
    }

    #[test]
    fn quad_is_fan_triangulated() {
        let positions = [
            [0.0, 0.0, 0.0],
            [1.0, 0.0, 0.0],
            [1.0, 1.0, 0.0],
            [0.0, 1.0, 0.0],
        ];
        let mut triangles = Vec::new();
        let outcome = Triangulator::new().triangulate(&positions, &[0, 1, 2, 3], &mut triangles);
        assert_eq!(outcome, PolygonOutcome::Convex);
        assert_eq!(triangles, vec![[0, 1, 2], [0, 2, 3]]);
    }

    #[test]
    fn concave_l_shape_keeps_its_area() {
        // An L of area 3 whose first vertex is the reflex corner, so a fan
        // from vertex 0 would cover area outside the polygon.
        let positions = [
            [1.0, 1.0, 0.0],
            [1.0, 2.0, 0.0],
            [0.0, 2.0, 0.0],
            [0.0, 0.0, 0.0],
            [2.0, 0.0, 0.0],
            [2.0, 1.0, 0.0],
        ];
        let mut triangles = Vec::new();
        let outcome =
            Triangulator::new().triangulate(&positions, &[0, 1, 2, 3, 4, 5], &mut triangles);
        assert_eq!(outcome, PolygonOutcome::EarClipped);
        assert_eq!(triangles.len(), 4);
        for triangle in &triangles {
            let area = area_2d(&positions, std::slice::from_ref(triangle));
            assert!(area > 0.0, "triangle {triangle:?} is flipped or flat");
        }
        assert!((area_2d(&positions, &triangles) - 3.0).abs() < 1e-12);
    }

    #[test]
    fn clockwise_concave_polygon_keeps_winding() {
        // The same L traversed clockwise: every triangle must be clockwise too.
        let positions = [
            [1.0, 1.0, 0.0],
            [2.0, 1.0, 0.0],
            [2.0, 0.0, 0.0],
            [0.0, 0.0, 0.0],
            [0.0, 2.0, 0.0],
            [1.0, 2.0, 0.0],
        ];
        let mut triangles = Vec::new();
        Triangulator::new().triangulate(&positions, &[0, 1, 2, 3, 4, 5], &mut triangles);
        for triangle in &triangles {
            assert!(area_2d(&positions, std::slice::from_ref(triangle)) < 0.0);
        }
        assert!((area_2d(&positions, &triangles) + 3.0).abs() < 1e-12);
    }

    #[test]
    fn collinear_vertex_yields_no_flat_triangle() {
        // A square with an extra vertex in the middle of its bottom edge.
        let positions = [
            [0.0, 0.0, 0.0],
            [1.0, 0.0, 0.0],
            [2.0, 0.0, 0.0],
            [2.0, 2.0, 0.0],
            [0.0, 2.0, 0.0],
        ];
        let mut triangles = Vec::new();
        Triangulator::new().triangulate(&positions, &[0, 1, 2, 3, 4], &mut triangles);
        assert_eq!(triangles.len(), 3);
        for triangle in &triangles {
            assert!(area_2d(&positions, std::slice::from_ref(triangle)) > 0.0);
        }
    }

    #[test]
    fn self_intersecting_polygon_terminates() {
        let positions = [
            [0.0, 0.0, 0.0],
            [1.0, 0.0, 0.0],
            [1.0, 1.0, 0.0],
            [0.0, 1.0, 0.0],
        ];
        let polygon: Vec<u32> = (0..400).map(|i| [0, 1, 2, 3, 1, 3][i % 6]).collect();
        let mut triangles = Vec::new();
        Triangulator::new().triangulate(&positions, &polygon, &mut triangles);
        assert_eq!(triangles.len(), polygon.len() - 2);
    }
}
