//! Topology and hygiene summary of a [`Mesh`], as `simcal mesh info` prints
//! it.
//!
//! Edges are keyed by vertex index, not position: two faces that meet at
//! coincident but separate vertices (common in ModelNet files) share no
//! edge, and such edges count as boundary edges.

use std::collections::HashSet;

use serde::Serialize;

use crate::{BoundingBox, Mesh};

/// Counts and checks that describe a mesh's quality.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeshSummary {
    pub vertex_count: usize,
    pub triangle_count: usize,
    #[serde(serialize_with = "serialize_bounding_box")]
    pub bounding_box: BoundingBox,
    /// Total triangle area in squared model units.
    pub surface_area: f64,
    /// Vertices that no triangle uses.
    pub unreferenced_vertex_count: usize,
    /// Triangles with zero area (repeated index, coincident or collinear corners).
    pub degenerate_triangle_count: usize,
    /// Vertices at the exact position of an earlier vertex (-0.0 equals 0.0).
    pub duplicate_vertex_count: usize,
    /// Distinct undirected edges between two different vertices.
    pub edge_count: usize,
    /// Edges used by exactly one triangle.
    pub boundary_edge_count: usize,
    /// Edges used by more than two triangles.
    pub non_manifold_edge_count: usize,
    /// Edges used by exactly two triangles that traverse it in the same
    /// direction, so one of the two faces is flipped.
    pub inconsistent_winding_edge_count: usize,
    /// True when no edge shared by two triangles is traversed twice in the
    /// same direction. Edges of more than two triangles are not judged.
    pub winding_consistent: bool,
}

impl Mesh {
    /// Computes the [`MeshSummary`]; O(n log n) in the triangle count.
    pub fn summary(&self) -> MeshSummary {
        let edges = EdgeCounts::of(self.triangles());
        let degenerate_triangle_count = (0..self.triangle_count())
            .filter(|&face| self.triangle_area(face) == 0.0)
            .count();
        let surface_area = (0..self.triangle_count())
            .map(|face| self.triangle_area(face))
            .sum();
        MeshSummary {
            vertex_count: self.vertex_count(),
            triangle_count: self.triangle_count(),
            bounding_box: self.bounding_box(),
            surface_area,
            unreferenced_vertex_count: count_unreferenced(self),
            degenerate_triangle_count,
            duplicate_vertex_count: count_duplicates(self.positions()),
            edge_count: edges.edge_count,
            boundary_edge_count: edges.boundary,
            non_manifold_edge_count: edges.non_manifold,
            inconsistent_winding_edge_count: edges.inconsistent,
            winding_consistent: edges.inconsistent == 0,
        }
    }
}

fn count_unreferenced(mesh: &Mesh) -> usize {
    let mut used = vec![false; mesh.vertex_count()];
    for triangle in mesh.triangles() {
        for &index in triangle {
            used[index as usize] = true;
        }
    }
    used.iter().filter(|&&u| !u).count()
}

fn count_duplicates(positions: &[[f32; 3]]) -> usize {
    let mut seen = HashSet::with_capacity(positions.len());
    positions
        .iter()
        .filter(|p| !seen.insert(p.map(|c| if c == 0.0 { 0 } else { c.to_bits() })))
        .count()
}

#[derive(Debug, Default)]
struct EdgeCounts {
    edge_count: usize,
    boundary: usize,
    non_manifold: usize,
    inconsistent: usize,
}

impl EdgeCounts {
    /// Sorts every directed triangle edge by its undirected key and counts
    /// uses and directions per key.
    fn of(triangles: &[[u32; 3]]) -> Self {
        // (low << 32 | high) << 1 | forward, where forward means low -> high.
        let mut keys: Vec<u128> = Vec::with_capacity(triangles.len() * 3);
        for triangle in triangles {
            for k in 0..3 {
                let (from, to) = (triangle[k], triangle[(k + 1) % 3]);
                if from == to {
                    continue;
                }
                let (low, high) = (from.min(to), from.max(to));
                let forward = u128::from(from < to);
                keys.push(((u128::from(low) << 32 | u128::from(high)) << 1) | forward);
            }
        }
        keys.sort_unstable();

        let mut counts = EdgeCounts::default();
        let mut start = 0;
        while start < keys.len() {
            let edge = keys[start] >> 1;
            let end = start
                + keys[start..]
                    .iter()
                    .take_while(|&&k| k >> 1 == edge)
                    .count();
            let uses = end - start;
            counts.edge_count += 1;
            match uses {
                1 => counts.boundary += 1,
                2 => {
                    if keys[start] & 1 == keys[start + 1] & 1 {
                        counts.inconsistent += 1;
                    }
                }
                _ => counts.non_manifold += 1,
            }
            start = end;
        }
        counts
    }
}

fn serialize_bounding_box<S: serde::Serializer>(
    bounding_box: &BoundingBox,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeStruct;
    let mut state = serializer.serialize_struct("BoundingBox", 2)?;
    state.serialize_field("min", &bounding_box.min)?;
    state.serialize_field("max", &bounding_box.max)?;
    state.end()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_meshes::box_mesh;

    /// Unit cube with outward-facing, consistently wound triangles.
    fn cube() -> Mesh {
        box_mesh([1.0, 1.0, 1.0])
    }

    #[test]
    fn closed_cube_is_clean() {
        let summary = cube().summary();
        assert_eq!(summary.vertex_count, 8);
        assert_eq!(summary.triangle_count, 12);
        assert_eq!(summary.edge_count, 18);
        assert_eq!(summary.boundary_edge_count, 0);
        assert_eq!(summary.non_manifold_edge_count, 0);
        assert_eq!(summary.inconsistent_winding_edge_count, 0);
        assert!(summary.winding_consistent);
        assert_eq!(summary.unreferenced_vertex_count, 0);
        assert_eq!(summary.duplicate_vertex_count, 0);
        assert_eq!(summary.degenerate_triangle_count, 0);
        assert!((summary.surface_area - 6.0).abs() < 1e-12);
        assert_eq!(summary.bounding_box.max, [1.0, 1.0, 1.0]);
    }

    #[test]
    fn flipped_face_breaks_winding() {
        let parts = cube().into_parts();
        let mut triangles = parts.triangles;
        triangles[0] = [0, 1, 2];
        let summary = Mesh::new(parts.positions, triangles).unwrap().summary();
        // The flipped triangle shares its three edges with three neighbours.
        assert_eq!(summary.inconsistent_winding_edge_count, 3);
        assert!(!summary.winding_consistent);
    }

    #[test]
    fn counts_unreferenced_duplicate_degenerate_and_non_manifold() {
        let positions = vec![
            [0.0, 0.0, 0.0],
            [1.0, 0.0, 0.0],
            [0.0, 1.0, 0.0],
            [0.0, 0.0, 1.0],
            [0.0, -1.0, 0.0],
            [-0.0, 0.0, 0.0], // duplicate of vertex 0
            [5.0, 5.0, 5.0],  // unreferenced
        ];
        // Three triangles share edge 0-1: a non-manifold edge. The last
        // triangle repeats an index, so it is degenerate.
        let triangles = vec![[0, 1, 2], [1, 0, 3], [0, 1, 4], [5, 5, 2]];
        let summary = Mesh::new(positions, triangles).unwrap().summary();
        assert_eq!(summary.non_manifold_edge_count, 1);
        assert_eq!(summary.unreferenced_vertex_count, 1);
        assert_eq!(summary.duplicate_vertex_count, 1);
        assert_eq!(summary.degenerate_triangle_count, 1);
        // Edges 1-2, 2-0, 0-3, 3-1, 1-4 and 4-0 have one use each; the
        // degenerate triangle walks edge 5-2 there and back.
        assert_eq!(summary.boundary_edge_count, 6);
        assert_eq!(summary.edge_count, 8);
    }
}
