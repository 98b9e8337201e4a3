//! Turns a [`Mesh`] into indexed vertex and index buffers in a canonical
//! frame, where the object's bounding sphere is the unit sphere at the
//! origin and y points up. Meshes larger than one buffer may hold are split
//! into chunks of whole triangles, each with its own vertices.

use bytemuck::{Pod, Zeroable};
use simcal_mesh::Mesh;

use crate::config::{NormalMode, UpAxis};

/// One mesh vertex as the vertex shader reads it (24 bytes).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Pod, Zeroable)]
pub(crate) struct Vertex {
    /// Position in the canonical frame, inside the unit sphere.
    pub position: [f32; 3],
    /// Unit normal as snorm16 (x, y, z, unused); zero for flat shading,
    /// which derives face normals in the fragment shader.
    pub normal: [i16; 4],
    /// RGB as unorm8 (r, g, b, unused).
    pub color: [u8; 4],
}

pub(crate) const VERTEX_BYTES: u64 = std::mem::size_of::<Vertex>() as u64;
pub(crate) const INDEX_BYTES: u64 = std::mem::size_of::<u32>() as u64;

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
    let radius = used().map(|p| distance(p, center)).fold(0.0_f64, f64::max);
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

/// Vertices and triangle indices of one draw call.
#[derive(Debug, Default)]
pub(crate) struct GeometryChunk {
    pub vertices: Vec<Vertex>,
    pub indices: Vec<u32>,
}

/// Fills `chunks` with the mesh in the canonical frame and returns how many
/// are used. The whole mesh goes into one chunk when its vertex and index
/// bytes both fit in `chunk_limit_bytes`. Otherwise triangles are packed in
/// order into as many chunks as needed. Chunk allocations are reused.
pub(crate) fn build_geometry(
    mesh: &Mesh,
    normal_mode: NormalMode,
    up_axis: UpAxis,
    surface_rgb: [u8; 3],
    chunk_limit_bytes: u64,
    chunks: &mut Vec<GeometryChunk>,
) -> usize {
    let vertex_bytes = mesh.vertex_count() as u64 * VERTEX_BYTES;
    let index_bytes = mesh.triangle_count() as u64 * 3 * INDEX_BYTES;

    if vertex_bytes <= chunk_limit_bytes && index_bytes <= chunk_limit_bytes {
        if chunks.is_empty() {
            chunks.push(GeometryChunk::default());
        }
        let chunk = &mut chunks[0];
        mesh_vertices(mesh, normal_mode, up_axis, surface_rgb, &mut chunk.vertices);
        chunk.indices.clear();
        chunk.indices.extend(mesh.triangles().iter().flatten());
        return 1;
    }
    let mut vertices = Vec::new();
    mesh_vertices(mesh, normal_mode, up_axis, surface_rgb, &mut vertices);
    split_into_chunks(mesh, &vertices, chunk_limit_bytes, chunks)
}

/// Fills `vertices` (cleared first) with one vertex per mesh vertex, mapped
/// into the unit sphere.
fn mesh_vertices(
    mesh: &Mesh,
    normal_mode: NormalMode,
    up_axis: UpAxis,
    surface_rgb: [u8; 3],
    vertices: &mut Vec<Vertex>,
) {
    let sphere = bounding_sphere(mesh);
    let scale = 1.0 / sphere.radius;
    let smooth_normals = match normal_mode {
        NormalMode::Smooth => Some(smooth_vertex_normals(mesh)),
        NormalMode::Flat => None,
    };
    let surface_color = [surface_rgb[0], surface_rgb[1], surface_rgb[2], 255];
    let colors = mesh.colors();

    vertices.clear();
    vertices.extend(mesh.positions().iter().enumerate().map(|(index, p)| {
        let centred = [0, 1, 2].map(|axis| (f64::from(p[axis]) - sphere.center[axis]) * scale);
        // A smooth normal that cannot be normalised (neighbouring faces
        // cancel, or an isolated vertex) is replaced by +y.
        let normal = smooth_normals.as_ref().map_or([0, 0, 0, 0], |normals| {
            let unit = normalized(normals[index]).unwrap_or([0.0, 1.0, 0.0]);
            quantize_normal(to_canonical_axes(unit, up_axis))
        });
        Vertex {
            position: to_canonical_axes(centred, up_axis).map(|c| c as f32),
            normal,
            color: colors.map_or(surface_color, |c| quantize_color(c[index])),
        }
    }));
}

/// Packs triangles in order into chunks whose vertex and index bytes stay
/// within `chunk_limit_bytes`, copying the vertices each chunk references.
fn split_into_chunks(
    mesh: &Mesh,
    vertices: &[Vertex],
    chunk_limit_bytes: u64,
    chunks: &mut Vec<GeometryChunk>,
) -> usize {
    // A chunk gains at most 3 vertices and 3 indices per triangle, so a chunk
    // is closed once another triangle might not fit.
    let max_vertices = (chunk_limit_bytes / VERTEX_BYTES).max(3) as usize;
    let max_indices = (chunk_limit_bytes / INDEX_BYTES).max(3) as usize;
    // Local index of each mesh vertex in the current chunk, valid when its
    // stamp equals the chunk number.
    let mut local_index = vec![0_u32; vertices.len()];
    let mut stamp = vec![usize::MAX; vertices.len()];

    let mut used = 0;
    let mut triangles = mesh.triangles().iter().peekable();
    while triangles.peek().is_some() {
        if used == chunks.len() {
            chunks.push(GeometryChunk::default());
        }
        let chunk = &mut chunks[used];
        chunk.vertices.clear();
        chunk.indices.clear();
        while chunk.vertices.len() + 3 <= max_vertices && chunk.indices.len() + 3 <= max_indices {
            let Some(triangle) = triangles.next() else {
                break;
            };
            for &global in triangle {
                let global = global as usize;
                if stamp[global] != used {
                    stamp[global] = used;
                    local_index[global] = chunk.vertices.len() as u32;
                    chunk.vertices.push(vertices[global]);
                }
                chunk.indices.push(local_index[global]);
            }
        }
        used += 1;
    }
    used
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tetrahedron(offset: f32, scale: f32) -> Mesh {
        let positions = [
            [0.0, 0.0, 0.0],
            [2.0, 0.0, 0.0],
            [0.0, 1.0, 0.0],
            [0.0, 0.0, 4.0],
        ]
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

    fn build(mesh: &Mesh, normal_mode: NormalMode, chunk_limit_bytes: u64) -> Vec<GeometryChunk> {
        let mut chunks = Vec::new();
        let used = build_geometry(
            mesh,
            normal_mode,
            UpAxis::Y,
            [10, 20, 30],
            chunk_limit_bytes,
            &mut chunks,
        );
        chunks.truncate(used);
        chunks
    }

    #[test]
    fn vertices_fit_unit_sphere_at_any_scale() {
        for (offset, scale) in [(0.0, 1.0), (5000.0, 1000.0), (-3.0, 0.001)] {
            let chunks = build(&tetrahedron(offset, scale), NormalMode::Flat, u64::MAX);
            assert_eq!(chunks.len(), 1);
            assert_eq!(chunks[0].vertices.len(), 4);
            assert_eq!(chunks[0].indices.len(), 12);
            let max_length = chunks[0]
                .vertices
                .iter()
                .map(|v| v.position.iter().map(|c| c * c).sum::<f32>().sqrt())
                .fold(0.0_f32, f32::max);
            assert!(
                (max_length - 1.0).abs() < 1e-4,
                "scale {scale}: {max_length}"
            );
        }
    }

    #[test]
    fn z_up_maps_model_z_to_canonical_y() {
        assert_eq!(
            to_canonical_axes([0.0, 0.0, 1.0], UpAxis::Z),
            [0.0, 1.0, 0.0]
        );
        assert_eq!(
            to_canonical_axes([0.0, 1.0, 0.0], UpAxis::Z),
            [0.0, 0.0, -1.0]
        );
        assert_eq!(
            to_canonical_axes([1.0, 0.0, 0.0], UpAxis::Z),
            [1.0, 0.0, 0.0]
        );
    }

    #[test]
    fn flat_mode_leaves_normals_to_shader() {
        let chunks = build(&tetrahedron(0.0, 1.0), NormalMode::Flat, u64::MAX);
        for vertex in &chunks[0].vertices {
            assert_eq!(vertex.normal, [0, 0, 0, 0]);
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
        let vertices = &build(&mesh, NormalMode::Smooth, u64::MAX)[0].vertices;
        // Vertex 0 touches both faces, with normals +z and +y of equal area.
        let expected = (std::f64::consts::FRAC_1_SQRT_2 * 32767.0).round() as i16;
        assert_eq!(vertices[0].normal, [0, expected, expected, 0]);
        // Vertex 2 touches only the first face.
        assert_eq!(vertices[2].normal, [0, 0, 32767, 0]);
    }

    #[test]
    fn split_chunks_keep_triangles_in_order() {
        let mesh = tetrahedron(0.0, 1.0);
        let whole = build(&mesh, NormalMode::Flat, u64::MAX);
        let corner_positions = |chunks: &[GeometryChunk]| -> Vec<[f32; 3]> {
            chunks
                .iter()
                .flat_map(|chunk| {
                    chunk
                        .indices
                        .iter()
                        .map(|&i| chunk.vertices[i as usize].position)
                })
                .collect()
        };
        // 80 bytes hold 3 vertices (72 bytes) but not the mesh's 4, so the
        // mesh is split, one triangle per chunk.
        let split = build(&mesh, NormalMode::Flat, 80);
        assert_eq!(split.len(), 4);
        for chunk in &split {
            assert!(chunk.vertices.len() as u64 * VERTEX_BYTES <= 80);
            assert_eq!(chunk.indices.len(), 3);
        }
        assert_eq!(corner_positions(&split), corner_positions(&whole));
    }
}
