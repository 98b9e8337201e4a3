//! Generated meshes for the renderer's tests and benchmark.

use simcal_mesh::Mesh;

/// Torus in the y = 0 plane with `rings * segments * 2` triangles.
pub fn torus(rings: u32, segments: u32, major_radius: f32, minor_radius: f32) -> Mesh {
    let mut positions = Vec::with_capacity((rings * segments) as usize);
    for ring in 0..rings {
        let u = ring as f32 / rings as f32 * std::f32::consts::TAU;
        for segment in 0..segments {
            let v = segment as f32 / segments as f32 * std::f32::consts::TAU;
            let radius = major_radius + minor_radius * v.cos();
            positions.push([radius * u.cos(), minor_radius * v.sin(), radius * u.sin()]);
        }
    }
    let index = |ring: u32, segment: u32| (ring % rings) * segments + segment % segments;
    let mut triangles = Vec::with_capacity((rings * segments * 2) as usize);
    for ring in 0..rings {
        for segment in 0..segments {
            let a = index(ring, segment);
            let b = index(ring + 1, segment);
            let c = index(ring + 1, segment + 1);
            let d = index(ring, segment + 1);
            triangles.push([a, b, c]);
            triangles.push([a, c, d]);
        }
    }
    Mesh::new(positions, triangles).expect("torus is valid")
}
