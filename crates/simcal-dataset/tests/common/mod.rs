//! Helpers shared by the integration tests.

#![allow(dead_code)]

use std::collections::HashMap;

use sha2::{Digest, Sha256};
use simcal_mesh::Mesh;

/// Returns a description of the first edge not shared by exactly two
/// triangles in opposite directions, or `None` when the mesh is closed and
/// consistently wound.
pub fn first_open_edge(mesh: &Mesh) -> Option<String> {
    let mut directed: HashMap<(u32, u32), usize> = HashMap::new();
    for &[a, b, c] in mesh.triangles() {
        for edge in [(a, b), (b, c), (c, a)] {
            *directed.entry(edge).or_default() += 1;
        }
    }
    for (&(from, to), &count) in &directed {
        let reverse = directed.get(&(to, from)).copied().unwrap_or(0);
        if count != 1 || reverse != 1 {
            return Some(format!(
                "edge {from}->{to} used {count} times, {to}->{from} used {reverse} times"
            ));
        }
    }
    None
}

/// SHA-256 over the content hashes of `meshes`, as lowercase hex.
pub fn combined_hash<'a>(meshes: impl IntoIterator<Item = &'a Mesh>) -> String {
    let mut hasher = Sha256::new();
    for mesh in meshes {
        hasher.update(mesh.content_hash());
    }
    hex::encode(hasher.finalize())
}

/// Writes a closed tetrahedron as an OFF file, scaled by `size`.
pub fn write_tetrahedron_off(path: &std::path::Path, size: f32) {
    let text = format!(
        "OFF\n4 4 0\n0 0 0\n{size} 0 0\n0 {size} 0\n0 0 {size}\n3 0 2 1\n3 0 1 3\n3 0 3 2\n3 1 2 3\n"
    );
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create test folder");
    }
    std::fs::write(path, text).expect("write test OFF file");
}

/// Signed volume enclosed by the triangles (positive when they are wound
/// counter-clockwise seen from outside), in cubic model units.
pub fn signed_volume(mesh: &Mesh) -> f64 {
    let p = mesh.positions();
    mesh.triangles()
        .iter()
        .map(|&[a, b, c]| {
            let [a, b, c] = [a, b, c].map(|i| p[i as usize].map(f64::from));
            let cross = [
                b[1] * c[2] - b[2] * c[1],
                b[2] * c[0] - b[0] * c[2],
                b[0] * c[1] - b[1] * c[0],
            ];
            (a[0] * cross[0] + a[1] * cross[1] + a[2] * cross[2]) / 6.0
        })
        .sum()
}

/// Folder of the dataset fixtures in the repository.
pub fn fixtures_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/dataset")
}
