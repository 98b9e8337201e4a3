//! Decimation through meshoptimizer's simplifier.

use meshopt::SimplifyOptions;
use simcal_mesh::{Mesh, MeshParts};

use super::apply::{compact, rebuild};

/// Error bound handed to meshoptimizer, relative to the mesh extent. At 1.0
/// the target triangle count, not the error, decides where simplification
/// stops.
const TARGET_ERROR: f32 = 1.0;

/// Simplifies `mesh` to about `ratio` of its triangles. meshoptimizer keeps
/// the topology where it can. When that leaves the count unchanged (a mesh
/// with too few triangles to collapse an edge), the topology-ignoring
/// "sloppy" simplifier is tried instead. Degenerate faces and unreferenced
/// vertices are removed from the result.
pub(super) fn decimate(mesh: &Mesh, ratio: f64) -> Result<Mesh, String> {
    let original_count = mesh.triangle_count();
    if ratio >= 1.0 {
        return Ok(mesh.clone());
    }
    let target_triangles = ((original_count as f64 * ratio).floor() as usize).max(1);
    let indices: Vec<u32> = mesh.triangles().iter().flatten().copied().collect();
    let positions = mesh.positions();

    let mut simplified = meshopt::simplify_decoder(
        &indices,
        positions,
        3 * target_triangles,
        TARGET_ERROR,
        SimplifyOptions::None,
        None,
    );
    if simplified.len() / 3 >= original_count {
        tracing::debug!(
            original_count,
            "topology-preserving simplification removed nothing; trying sloppy"
        );
        simplified = meshopt::simplify_sloppy_decoder(
            &indices,
            positions,
            3 * target_triangles,
            TARGET_ERROR,
            None,
        );
    }

    let triangles: Vec<[u32; 3]> = simplified
        .chunks_exact(3)
        .map(|t| [t[0], t[1], t[2]])
        .collect();
    let parts = compact(MeshParts {
        positions: positions.to_vec(),
        triangles,
        normals: None,
        colors: mesh.colors().map(<[_]>::to_vec),
    });
    if parts.triangles.len() >= original_count {
        return Err(format!(
            "could not reduce the {original_count} triangles; the mesh is too small to simplify"
        ));
    }
    rebuild(parts).map_err(|reason| {
        format!("simplification left no usable face ({reason}); use a larger ratio")
    })
}
