//! The validated triangle mesh that every loader produces and every renderer
//! and encoder consumes.
//!
//! A [`Mesh`] upholds three invariants, checked in [`Mesh::new`]: every index
//! is in range, every coordinate is finite, and at least one face has a
//! non-zero area. Code that holds a `Mesh` never re-checks them.

use sha2::{Digest, Sha256};

use crate::error::MeshError;

/// Axis-aligned bounding box in model units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoundingBox {
    pub min: [f32; 3],
    pub max: [f32; 3],
}

impl BoundingBox {
    /// Box centre in model units.
    pub fn center(&self) -> [f32; 3] {
        [
            0.5 * (self.min[0] + self.max[0]),
            0.5 * (self.min[1] + self.max[1]),
            0.5 * (self.min[2] + self.max[2]),
        ]
    }

    /// Length of the box diagonal in model units.
    pub fn diagonal(&self) -> f32 {
        let dx = self.max[0] - self.min[0];
        let dy = self.max[1] - self.min[1];
        let dz = self.max[2] - self.min[2];
        (dx * dx + dy * dy + dz * dz).sqrt()
    }

    /// Per-axis extent (max - min) in model units.
    pub fn extent(&self) -> [f32; 3] {
        [
            self.max[0] - self.min[0],
            self.max[1] - self.min[1],
            self.max[2] - self.min[2],
        ]
    }
}

/// Triangle mesh with f32 positions, u32 triangle indices and optional
/// per-vertex normals and RGB colours (components in 0..=1).
#[derive(Debug, Clone, PartialEq)]
pub struct Mesh {
    positions: Vec<[f32; 3]>,
    triangles: Vec<[u32; 3]>,
    normals: Option<Vec<[f32; 3]>>,
    colors: Option<Vec<[f32; 3]>>,
}

impl Mesh {
    /// Builds a mesh after checking that all coordinates are finite, all
    /// indices are in range and at least one triangle has non-zero area.
    pub fn new(positions: Vec<[f32; 3]>, triangles: Vec<[u32; 3]>) -> Result<Self, MeshError> {
        if let Some((vertex, _)) = positions
            .iter()
            .enumerate()
            .find(|(_, p)| !p.iter().all(|c| c.is_finite()))
        {
            return Err(MeshError::NonFiniteCoordinate {
                vertex,
                value: positions[vertex],
            });
        }
        let vertex_count = positions.len();
        for (face, triangle) in triangles.iter().enumerate() {
            if let Some(&index) = triangle.iter().find(|&&i| i as usize >= vertex_count) {
                return Err(MeshError::IndexOutOfRange {
                    face,
                    index,
                    vertex_count,
                });
            }
        }
        let mesh = Mesh {
            positions,
            triangles,
            normals: None,
            colors: None,
        };
        if mesh.triangles.is_empty() {
            return Err(MeshError::NoFaces);
        }
        if !(0..mesh.triangles.len()).any(|face| mesh.triangle_area(face) > 0.0) {
            return Err(MeshError::AllFacesDegenerate {
                face_count: mesh.triangles.len(),
            });
        }
        Ok(mesh)
    }

    /// Attaches per-vertex normals; there must be one finite normal per vertex.
    pub fn with_normals(mut self, normals: Vec<[f32; 3]>) -> Result<Self, MeshError> {
        check_per_vertex("normals", normals.len(), self.positions.len())?;
        if let Some(vertex) = normals
            .iter()
            .position(|n| !n.iter().all(|c| c.is_finite()))
        {
            return Err(MeshError::NonFiniteAttribute {
                attribute: "normals",
                vertex,
            });
        }
        self.normals = Some(normals);
        Ok(self)
    }

    /// Attaches per-vertex RGB colours with components in 0..=1.
    pub fn with_colors(mut self, colors: Vec<[f32; 3]>) -> Result<Self, MeshError> {
        check_per_vertex("colors", colors.len(), self.positions.len())?;
        if let Some(vertex) = colors
            .iter()
            .position(|c| !c.iter().all(|v| v.is_finite() && (0.0..=1.0).contains(v)))
        {
            return Err(MeshError::NonFiniteAttribute {
                attribute: "colors",
                vertex,
            });
        }
        self.colors = Some(colors);
        Ok(self)
    }

    pub fn positions(&self) -> &[[f32; 3]] {
        &self.positions
    }

    pub fn triangles(&self) -> &[[u32; 3]] {
        &self.triangles
    }

    pub fn normals(&self) -> Option<&[[f32; 3]]> {
        self.normals.as_deref()
    }

    pub fn colors(&self) -> Option<&[[f32; 3]]> {
        self.colors.as_deref()
    }

    pub fn vertex_count(&self) -> usize {
        self.positions.len()
    }

    pub fn triangle_count(&self) -> usize {
        self.triangles.len()
    }

    /// Bounding box of all vertices, referenced or not.
    pub fn bounding_box(&self) -> BoundingBox {
        let mut min = [f32::INFINITY; 3];
        let mut max = [f32::NEG_INFINITY; 3];
        for p in &self.positions {
            for axis in 0..3 {
                min[axis] = min[axis].min(p[axis]);
                max[axis] = max[axis].max(p[axis]);
            }
        }
        BoundingBox { min, max }
    }

    /// Area of triangle `face` in squared model units, computed in f64.
    pub fn triangle_area(&self, face: usize) -> f64 {
        let [a, b, c] = self.triangles[face].map(|i| self.positions[i as usize].map(f64::from));
        let u = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
        let v = [c[0] - a[0], c[1] - a[1], c[2] - a[2]];
        let cross = [
            u[1] * v[2] - u[2] * v[1],
            u[2] * v[0] - u[0] * v[2],
            u[0] * v[1] - u[1] * v[0],
        ];
        0.5 * (cross[0] * cross[0] + cross[1] * cross[1] + cross[2] * cross[2]).sqrt()
    }

    /// SHA-256 of the geometry (vertex count, triangle count, then positions
    /// and indices as little-endian bytes). Normals and colours are not
    /// included, so two files with the same geometry share cache entries.
    pub fn content_hash(&self) -> [u8; 32] {
        let mut hasher = Sha256::new();
        hasher.update((self.positions.len() as u64).to_le_bytes());
        hasher.update((self.triangles.len() as u64).to_le_bytes());
        for p in &self.positions {
            for c in p {
                hasher.update(c.to_le_bytes());
            }
        }
        for t in &self.triangles {
            for i in t {
                hasher.update(i.to_le_bytes());
            }
        }
        hasher.finalize().into()
    }

    /// Consumes the mesh and returns its parts, for transforms that rebuild it.
    pub fn into_parts(self) -> MeshParts {
        MeshParts {
            positions: self.positions,
            triangles: self.triangles,
            normals: self.normals,
            colors: self.colors,
        }
    }
}

/// Unvalidated parts of a [`Mesh`], as returned by [`Mesh::into_parts`].
#[derive(Debug, Clone, Default)]
pub struct MeshParts {
    pub positions: Vec<[f32; 3]>,
    pub triangles: Vec<[u32; 3]>,
    pub normals: Option<Vec<[f32; 3]>>,
    pub colors: Option<Vec<[f32; 3]>>,
}

fn check_per_vertex(
    attribute: &'static str,
    count: usize,
    vertex_count: usize,
) -> Result<(), MeshError> {
    if count == vertex_count {
        Ok(())
    } else {
        Err(MeshError::AttributeCount {
            attribute,
            count,
            vertex_count,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit_triangle() -> (Vec<[f32; 3]>, Vec<[u32; 3]>) {
        (
            vec![[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]],
            vec![[0, 1, 2]],
        )
    }

    #[test]
    fn new_accepts_valid_triangle() {
        let (positions, triangles) = unit_triangle();
        let mesh = Mesh::new(positions, triangles).unwrap();
        assert_eq!(mesh.triangle_count(), 1);
        assert!((mesh.triangle_area(0) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn new_rejects_out_of_range_index() {
        let (positions, _) = unit_triangle();
        let error = Mesh::new(positions, vec![[1, 2, 3]]).unwrap_err();
        assert!(matches!(
            error,
            MeshError::IndexOutOfRange {
                face: 0,
                index: 3,
                vertex_count: 3
            }
        ));
    }

    #[test]
    fn new_rejects_nan_coordinate() {
        let (mut positions, triangles) = unit_triangle();
        positions[1][2] = f32::NAN;
        let error = Mesh::new(positions, triangles).unwrap_err();
        assert!(matches!(
            error,
            MeshError::NonFiniteCoordinate { vertex: 1, .. }
        ));
    }

    #[test]
    fn new_rejects_only_degenerate_faces() {
        let positions = vec![[0.0, 0.0, 0.0], [1.0, 0.0, 0.0], [2.0, 0.0, 0.0]];
        let error = Mesh::new(positions, vec![[0, 1, 2]]).unwrap_err();
        assert!(matches!(
            error,
            MeshError::AllFacesDegenerate { face_count: 1 }
        ));
    }

    #[test]
    fn content_hash_ignores_normals() {
        let (positions, triangles) = unit_triangle();
        let plain = Mesh::new(positions, triangles).unwrap();
        let with_normals = plain
            .clone()
            .with_normals(vec![[0.0, 0.0, 1.0]; 3])
            .unwrap();
        assert_eq!(plain.content_hash(), with_normals.content_hash());
    }
}
