//! Small meshes shared by the unit tests.

use crate::Mesh;

/// Closed box with the given extents: 12 triangles, wound counter-clockwise
/// seen from outside.
pub(crate) fn box_mesh(extent: [f32; 3]) -> Mesh {
    let [x, y, z] = extent;
    let positions = vec![
        [0.0, 0.0, 0.0],
        [x, 0.0, 0.0],
        [x, y, 0.0],
        [0.0, y, 0.0],
        [0.0, 0.0, z],
        [x, 0.0, z],
        [x, y, z],
        [0.0, y, z],
    ];
    let triangles = vec![
        [0, 2, 1],
        [0, 3, 2],
        [4, 5, 6],
        [4, 6, 7],
        [0, 1, 5],
        [0, 5, 4],
        [1, 2, 6],
        [1, 6, 5],
        [2, 3, 7],
        [2, 7, 6],
        [3, 0, 4],
        [3, 4, 7],
    ];
    Mesh::new(positions, triangles).unwrap()
}
