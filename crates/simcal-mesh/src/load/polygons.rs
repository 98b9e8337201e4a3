//! Collects the faces of a file as triangles and turns what went wrong on
//! the way into warnings, so that every loader reports the same way.

use std::path::Path;

use super::LoadError;
use crate::triangulate::{MAX_EAR_CLIPPING_VERTICES, PolygonOutcome, Triangulator};

/// Triangles of one file, built face by face.
#[derive(Debug, Default)]
pub(crate) struct TriangleCollector {
    triangulator: Triangulator,
    triangles: Vec<[u32; 3]>,
    face_count: usize,
    short_face_count: usize,
    not_simple_count: usize,
    degenerate_polygon_count: usize,
    too_large_count: usize,
}

impl TriangleCollector {
    pub fn with_capacity(face_count: usize) -> Self {
        TriangleCollector {
            triangles: Vec::with_capacity(face_count),
            ..Self::default()
        }
    }

    /// Whether no face so far yielded a triangle.
    pub fn is_empty(&self) -> bool {
        self.triangles.is_empty()
    }

    /// Adds one face; every index must already be checked against
    /// `positions`. Faces with fewer than three vertices are counted and
    /// skipped.
    pub fn add_face(&mut self, positions: &[[f32; 3]], face: &[u32]) {
        self.face_count += 1;
        if face.len() < 3 {
            self.short_face_count += 1;
            return;
        }
        match self
            .triangulator
            .triangulate(positions, face, &mut self.triangles)
        {
            PolygonOutcome::Convex | PolygonOutcome::EarClipped => {}
            PolygonOutcome::NotSimple => self.not_simple_count += 1,
            PolygonOutcome::Degenerate => self.degenerate_polygon_count += 1,
            PolygonOutcome::TooLargeForEarClipping => self.too_large_count += 1,
        }
    }

    /// Returns the triangles and appends a warning for each kind of face
    /// problem seen; fails when no face had three or more vertices.
    pub fn finish(
        self,
        path: &Path,
        warnings: &mut Vec<String>,
    ) -> Result<Vec<[u32; 3]>, LoadError> {
        if self.triangles.is_empty() {
            let message = if self.face_count == 0 {
                "the file has vertices but no faces (a point cloud); simcal needs a \
                 triangle or polygon mesh"
                    .to_string()
            } else {
                format!(
                    "all {} faces have fewer than 3 vertices (points or line segments); \
                     simcal needs a triangle or polygon mesh",
                    self.face_count
                )
            };
            return Err(LoadError::invalid(path, message));
        }
        if self.short_face_count > 0 {
            warnings.push(format!(
                "skipped {} of {} faces with fewer than 3 vertices (points or line segments)",
                self.short_face_count, self.face_count
            ));
        }
        if self.not_simple_count > 0 {
            warnings.push(format!(
                "{} polygons are self-intersecting or repeat a vertex; their triangulation \
                 covers all their vertices but may not match the intended surface",
                self.not_simple_count
            ));
        }
        if self.degenerate_polygon_count > 0 {
            warnings.push(format!(
                "{} polygons have all vertices collinear or coincident and yield zero-area \
                 triangles",
                self.degenerate_polygon_count
            ));
        }
        if self.too_large_count > 0 {
            warnings.push(format!(
                "{} non-convex polygons have more than {MAX_EAR_CLIPPING_VERTICES} vertices \
                 and were fan-triangulated, which is wrong where they are concave",
                self.too_large_count
            ));
        }
        Ok(self.triangles)
    }
}
