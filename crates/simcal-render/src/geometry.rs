//! Turns a [`Mesh`] into the renderer's vertex stream. Every triangle gets
//! its own three vertices, so flat shading needs no geometry shader. The
//! positions are in a canonical frame where the object's bounding sphere is
//! the unit sphere at the origin and y points up.

use bytemuck::{Pod, Zeroable};
use simcal_mesh::Mesh;

use crate::config::{NormalMode, UpAxis};

/// One corner of a triangle as the vertex shader reads it (24 bytes).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Pod, Zeroable)]
pub(crate) struct Vertex {
    /// Position in the canonical frame, inside the unit sphere.
    pub position: [f32; 3],
    /// Unit normal as snorm16 (x, y, z, unused).
    pub normal: [i16; 4],
    /// RGB as unorm8 (r, g, b, unused).
    pub color: [u8; 4],
}

pub(crate) const VERTEX_BYTES: u64 = std::mem::size_of::<Vertex>() as u64;

/// Centre and radius of the sphere the camera frames, in model units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct BoundingSphere {
    pub center: [f64; 3],
    pub radius: f64,
}

/// Bounding sphere of the vertices that some triangle references: centre at
/// their bounding-box centre, radius the largest distance from it. Stray
/// unreferenced vertices, common in ModelNet files, are ignored so that they
/// cannot shrink the object in the frame.
pub(crate) fn bounding_sphere(mesh: &Mesh) -> BoundingSphere {
    let positions = mesh.positions();
    let mut referenced = vec![false; positions.len()];
    for triangle in mesh.triangles() {
        for &index in triangle {
            referenced[index as usize] = true;
        }
    }
    let used = || {
        positions
            .iter()
            .zip(&referenced)
            .filter(|(_, used)| **used)
            .map(|(p, _)| p.map(f64::from))
    };

    let mut min = [f64::INFINITY; 3];
    let mut max = [f64::NEG_INFINITY; 3];
    for p in used() {
        for axis in 0..3 {
            min[axis] = min[axis].min(p[axis]);
            max[axis] = max[axis].max(p[axis]);
        }
    }
    let center = [0, 1, 2].map(|axis| 0.5 * (min[axis] + max[axis]));
    let radius = used()
        .map(|p| distance(p, center))
        .fold(0.0_f64, f64::max);
    // Mesh::new guarantees a face of non-zero area, so radius > 0; the floor
    // only guards against division by zero should that invariant change.
    BoundingSphere {
        center,
        radius: radius.max(f64::MIN_POSITIVE),
    }
}

fn distance(a: [f64; 3], b: [f64; 3]) -> f64 {
    let d = [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
    (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]).sqrt()
}

/// Rotates a model-space direction into the canonical y-up frame. For z-up
/// models this is a -90 degree turn about x: (x, y, z) -> (x, z, -y).
fn to_canonical_axes(v: [f64; 3], up_axis: UpAxis) -> [f64; 3] {
    match up_axis {
        UpAxis::Y => v,
        UpAxis::Z => [v[0], v[2], -v[1]],
    }
}

fn cross(u: [f64; 3], v: [f64; 3]) -> [f64; 3] {
    [
        u[1] * v[2] - u[2] * v[1],
        u[2] * v[0] - u[0] * v[2],
        u[0] * v[1] - u[1] * v[0],
    ]
}

/// Unit vector along `v`, or `None` for a zero or non-finite vector.
fn normalized(v: [f64; 3]) -> Option<[f64; 3]> {
    let length = (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt();
    (length.is_finite() && length > 0.0).then(|| v.map(|c| c / length))
}

/// Unnormalised face normal; its length is twice the face area.
fn face_normal(mesh: &Mesh, triangle: [u32; 3]) -> [f64; 3] {
    let [a, b, c] = triangle.map(|i| mesh.positions()[i as usize].map(f64::from));
    cross(
        [b[0] - a[0], b[1] - a[1], b[2] - a[2]],
        [c[0] - a[0], c[1] - a[1], c[2] - a[2]],
    )
}

/// Per-vertex normals for smooth shading: the mesh's own when present, else
/// area-weighted sums of the adjacent face normals.
fn smooth_vertex_normals(mesh: &Mesh) -> Vec<[f64; 3]> {
    if let Some(normals) = mesh.normals() {
        return normals.iter().map(|n| n.map(f64::from)).collect();
    }
    let mut sums = vec![[0.0_f64; 3]; mesh.vertex_count()];
    for &triangle in mesh.triangles() {
        let normal = face_normal(mesh, triangle);
        for index in triangle {
            let sum = &mut sums[index as usize];
            for axis in 0..3 {
                sum[axis] += normal[axis];
            }
        }
    }
    sums
}

fn quantize_normal(normal: [f64; 3]) -> [i16; 4] {
    let [x, y, z] = normal.map(|c| (c.clamp(-1.0, 1.0) * 32767.0).round() as i16);
    [x, y, z, 0]
}

fn quantize_color(rgb: [f32; 3]) -> [u8; 4] {
    let [r, g, b] = rgb.map(|c| (c.clamp(0.0, 1.0) * 255.0).round() as u8);
    [r, g, b, 255]
}

/// Fills `vertices` (cleared first, capacity kept) with three vertices per
/// triangle, positions mapped into the unit sphere of the canonical frame.
///
/// A normal that cannot be normalised (a zero-area face, or smooth normals
/// that cancel) falls back to the face normal and then to +y. Zero-area
/// faces cover no pixels, so the fallback only affects their bookkeeping.
pub(crate) fn build_vertices(
    mesh: &Mesh,
    normal_mode: NormalMode,
    up_axis: UpAxis,
    surface_rgb: [u8; 3],
    vertices: &mut Vec<Vertex>,
) {
    let sphere = bounding_sphere(mesh);
    let scale = 1.0 / sphere.radius;
    let canonical_position = |index: u32| -> [f32; 3] {
        let p = mesh.positions()[index as usize].map(f64::from);
        let centred = [0, 1, 2].map(|axis| (p[axis] - sphere.center[axis]) * scale);
        to_canonical_axes(centred, up_axis).map(|c| c as f32)
    };

    let smooth_normals = match normal_mode {
        NormalMode::Smooth => Some(smooth_vertex_normals(mesh)),
        NormalMode::Flat => None,
    };
    let surface_color = [
        surface_rgb[0],
        surface_rgb[1],
        surface_rgb[2],
        255,
    ];
    let colors = mesh.colors();

    vertices.clear();
    vertices.reserve(mesh.triangle_count() * 3);
    for &triangle in mesh.triangles() {
        let face = normalized(face_normal(mesh, triangle));
        for index in triangle {
            let normal = smooth_normals
                .as_ref()
                .and_then(|normals| normalized(normals[index as usize]))
                .or(face)
                .unwrap_or([0.0, 1.0, 0.0]);
            let color = colors.map_or(surface_color, |c| quantize_color(c[index as usize]));
            vertices.push(Vertex {
                position: canonical_position(index),
                normal: quantize_normal(to_canonical_axes(normal, up_axis)),
                color,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tetrahedron(offset: f32, scale: f32) -> Mesh {
        let positions = [[0.0, 0.0, 0.0], [2.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 4.0]]
            .map(|p: [f32; 3]| p.map(|c| c * scale + offset))
            .to_vec();
        Mesh::new(positions, vec![[0, 1, 2], [0, 1, 3], [0, 2, 3], [1, 2, 3]]).unwrap()
    }

    #[test]
    fn sphere_uses_box_centre_and_max_distance() {
        let sphere = bounding_sphere(&tetrahedron(0.0, 1.0));
        assert_eq!(sphere.center, [1.0, 0.5, 2.0]);
        // Farthest corners from (1, 0.5, 2): (0,0,0) and (2,0,0) and (0,0,4), all sqrt(5.25).
        assert!((sphere.radius - 5.25_f64.sqrt()).abs() < 1e-12);
    }

    #[test]
    fn sphere_ignores_unreferenced_vertices() {
        let positions = vec![
            [0.0, 0.0, 0.0],
            [1.0, 0.0, 0.0],
            [0.0, 1.0, 0.0],
            [1000.0, 1000.0, 1000.0],
        ];
        let mesh = Mesh::new(positions, vec![[0, 1, 2]]).unwrap();
        let sphere = bounding_sphere(&mesh);
        assert_eq!(sphere.center, [0.5, 0.5, 0.0]);
        assert!((sphere.radius - 0.5_f64.sqrt()).abs() < 1e-12);
    }

    #[test]
    fn vertices_fit_unit_sphere_at_any_scale() {
        let mut vertices = Vec::new();
        for (offset, scale) in [(0.0, 1.0), (5000.0, 1000.0), (-3.0, 0.001)] {
            build_vertices(
                &tetrahedron(offset, scale),
                NormalMode::Flat,
                UpAxis::Y,
                [200; 3],
                &mut vertices,
            );
            assert_eq!(vertices.len(), 12);
            let max_length = vertices
                .iter()
                .map(|v| v.position.iter().map(|c| c * c).sum::<f32>().sqrt())
                .fold(0.0_f32, f32::max);
            assert!((max_length - 1.0).abs() < 1e-4, "scale {scale}: {max_length}");
        }
    }

    #[test]
    fn z_up_maps_model_z_to_canonical_y() {
        assert_eq!(to_canonical_axes([0.0, 0.0, 1.0], UpAxis::Z), [0.0, 1.0, 0.0]);
        assert_eq!(to_canonical_axes([0.0, 1.0, 0.0], UpAxis::Z), [0.0, 0.0, -1.0]);
        assert_eq!(to_canonical_axes([1.0, 0.0, 0.0], UpAxis::Z), [1.0, 0.0, 0.0]);
    }

    #[test]
    fn flat_normals_are_face_normals() {
        let mesh = Mesh::new(
            vec![[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]],
            vec![[0, 1, 2]],
        )
        .unwrap();
        let mut vertices = Vec::new();
        build_vertices(&mesh, NormalMode::Flat, UpAxis::Y, [10, 20, 30], &mut vertices);
        for vertex in &vertices {
            assert_eq!(vertex.normal, [0, 0, 32767, 0]);
            assert_eq!(vertex.color, [10, 20, 30, 255]);
        }
    }

    #[test]
    fn smooth_normals_average_adjacent_faces() {
        // Two unit right triangles folded 90 degrees along the shared x edge.
        let positions = vec![
            [0.0, 0.0, 0.0],
            [1.0, 0.0, 0.0],
            [0.0, 1.0, 0.0],
            [0.0, 0.0, 1.0],
        ];
        let mesh = Mesh::new(positions, vec![[0, 1, 2], [0, 3, 1]]).unwrap();
        let mut vertices = Vec::new();
        build_vertices(&mesh, NormalMode::Smooth, UpAxis::Y, [200; 3], &mut vertices);
        // Vertex 0 touches both faces, with normals +z and +y of equal area.
        let expected = (std::f64::consts::FRAC_1_SQRT_2 * 32767.0).round() as i16;
        assert_eq!(vertices[0].normal, [0, expected, expected, 0]);
        // Vertex 2 touches only the first face.
        assert_eq!(vertices[2].normal, [0, 0, 32767, 0]);
    }
}
