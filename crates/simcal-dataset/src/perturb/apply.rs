//! Geometry of each perturbation step.

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;
use simcal_mesh::{Mesh, MeshParts};

use super::{Axis, Perturbation, crop, decimate};
use crate::trig::sin_cos_deg;

/// Applies one step; the error is the reason the result is not a valid mesh.
pub(super) fn apply_step(
    step: &Perturbation,
    mesh: &Mesh,
    rng: &mut ChaCha8Rng,
) -> Result<Mesh, String> {
    match *step {
        Perturbation::Rotate { axis, degrees } => {
            let (sin, cos) = sin_cos_deg(degrees);
            let (u, v) = plane_axes(axis);
            let center = centroid(mesh);
            map_positions(mesh, false, |p| {
                let mut q = p;
                let (du, dv) = (p[u] - center[u], p[v] - center[v]);
                q[u] = center[u] + cos * du - sin * dv;
                q[v] = center[v] + sin * du + cos * dv;
                q
            })
        }
        Perturbation::Scale { factors } => {
            let center = centroid(mesh);
            map_positions(mesh, false, |p| {
                std::array::from_fn(|i| center[i] + factors[i] * (p[i] - center[i]))
            })
        }
        Perturbation::Translate { offset } => {
            map_positions(mesh, false, |p| std::array::from_fn(|i| p[i] + offset[i]))
        }
        Perturbation::Jitter { sigma } => {
            // NOTE: rand_distr's ziggurat calls libm `exp` and `ln` in rare
            // rejection branches, so jittered twins are reproducible on one
            // platform but may differ in the last bit across C libraries.
            let sigma_model = sigma * f64::from(mesh.bounding_box().diagonal());
            map_positions(mesh, false, |p| {
                std::array::from_fn(|i| {
                    let noise: f64 = rng.sample(StandardNormal);
                    p[i] + sigma_model * noise
                })
            })
        }
        Perturbation::Mirror { axis } => {
            let center = centroid(mesh);
            let a = axis.index();
            map_positions(mesh, true, |p| {
                let mut q = p;
                q[a] = 2.0 * center[a] - p[a];
                q
            })
        }
        Perturbation::Decimate { ratio } => decimate::decimate(mesh, ratio),
        Perturbation::Crop {
            axis,
            side,
            fraction,
        } => crop::crop(mesh, axis, side, fraction),
    }
}

/// Returns the two axes spanning the plane of a rotation about `axis`,
/// ordered so that a positive angle turns counter-clockwise seen from +axis.
fn plane_axes(axis: Axis) -> (usize, usize) {
    match axis {
        Axis::X => (1, 2),
        Axis::Y => (2, 0),
        Axis::Z => (0, 1),
    }
}

/// Mean of the vertex positions, in f64.
pub(super) fn centroid(mesh: &Mesh) -> [f64; 3] {
    let mut sum = [0.0f64; 3];
    for p in mesh.positions() {
        for axis in 0..3 {
            sum[axis] += f64::from(p[axis]);
        }
    }
    let count = mesh.vertex_count().max(1) as f64;
    sum.map(|s| s / count)
}

/// Moves every vertex with `map` (in f64), keeping faces and colours;
/// `flip_winding` reverses every triangle, as a reflection needs.
fn map_positions(
    mesh: &Mesh,
    flip_winding: bool,
    mut map: impl FnMut([f64; 3]) -> [f64; 3],
) -> Result<Mesh, String> {
    let parts = mesh.clone().into_parts();
    let positions = parts
        .positions
        .iter()
        .map(|p| map(p.map(f64::from)).map(|c| c as f32))
        .collect();
    let triangles = if flip_winding {
        parts.triangles.iter().map(|&[a, b, c]| [a, c, b]).collect()
    } else {
        parts.triangles
    };
    rebuild(MeshParts {
        positions,
        triangles,
        normals: None,
        colors: parts.colors,
    })
}

/// Validates parts as a mesh, re-attaching colours; normals are dropped.
pub(super) fn rebuild(parts: MeshParts) -> Result<Mesh, String> {
    let mesh = Mesh::new(parts.positions, parts.triangles).map_err(|error| error.to_string())?;
    match parts.colors {
        Some(colors) => mesh.with_colors(colors).map_err(|error| error.to_string()),
        None => Ok(mesh),
    }
}

/// Drops triangles with a repeated index or zero area, then removes vertices
/// no triangle references, keeping the remaining vertices in their order.
pub(super) fn compact(parts: MeshParts) -> MeshParts {
    let MeshParts {
        positions,
        triangles,
        colors,
        ..
    } = parts;
    let triangles: Vec<[u32; 3]> = triangles
        .into_iter()
        .filter(|&[a, b, c]| {
            a != b && b != c && a != c && triangle_area2(&positions, [a, b, c]) > 0.0
        })
        .collect();

    let mut new_index = vec![u32::MAX; positions.len()];
    for triangle in &triangles {
        for &vertex in triangle {
            new_index[vertex as usize] = 0;
        }
    }
    let mut kept_positions = Vec::new();
    let mut kept_colors = colors.as_ref().map(|_| Vec::new());
    for (old, slot) in new_index.iter_mut().enumerate() {
        if *slot == 0 {
            *slot = kept_positions.len() as u32;
            kept_positions.push(positions[old]);
            if let (Some(kept), Some(colors)) = (kept_colors.as_mut(), colors.as_ref()) {
                kept.push(colors[old]);
            }
        }
    }
    let triangles = triangles
        .into_iter()
        .map(|triangle| triangle.map(|vertex| new_index[vertex as usize]))
        .collect();
    MeshParts {
        positions: kept_positions,
        triangles,
        normals: None,
        colors: kept_colors,
    }
}

/// Squared double area of a triangle, in f64.
fn triangle_area2(positions: &[[f32; 3]], triangle: [u32; 3]) -> f64 {
    let [a, b, c] = triangle.map(|i| positions[i as usize].map(f64::from));
    let u = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
    let v = [c[0] - a[0], c[1] - a[1], c[2] - a[2]];
    let cross = [
        u[1] * v[2] - u[2] * v[1],
        u[2] * v[0] - u[0] * v[2],
        u[0] * v[1] - u[1] * v[0],
    ];
    cross[0] * cross[0] + cross[1] * cross[1] + cross[2] * cross[2]
}
