//! Wavefront OBJ through `tobj`.
//!
//! `tobj` splits a file into one model per object (`o`) or group (`g`) and
//! gives each model its own list of the vertices its faces use (so vertices
//! no face uses are dropped). simcal merges all models into one
//! mesh and welds a vertex of a later model onto the earlier vertex with the
//! bit-identical position, which restores the vertices that groups share in
//! the file. Polygons are triangulated by [`crate::triangulate`] (tobj's own
//! triangulation is a fan, which is wrong for concave faces). Point (`p`)
//! and line (`l`) elements are skipped with a warning. A missing or invalid
//! material library is only a warning, because simcal does not use materials.

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;

use super::obj_errors::{count_elements, describe_tobj_error};
use super::polygons::TriangleCollector;
use super::{LoadError, LoadedMesh, catch_parser_panic};
use crate::Mesh;

/// Parses the bytes of an OBJ file; `path` names the file in errors and
/// locates material libraries next to it.
pub(crate) fn parse_obj(path: &Path, bytes: &[u8]) -> Result<LoadedMesh, LoadError> {
    let mut warnings = Vec::new();
    let models = load_models(path, bytes, &mut warnings)?;

    let mut merged = MergedModels::default();
    for model in &models {
        merged.add(path, &model.mesh)?;
    }
    if merged.positions.is_empty() || merged.collector.is_empty() {
        return Err(no_faces_error(path, bytes, merged.positions.len()));
    }

    let elements = count_elements(bytes);
    if elements.points > 0 || elements.lines > 0 {
        warnings.push(format!(
            "skipped {} point ('p') and {} line ('l') elements; simcal keeps faces only",
            elements.points, elements.lines
        ));
    }
    let MergedModels {
        positions,
        colors,
        collector,
        ..
    } = merged;
    let triangles = collector.finish(path, &mut warnings)?;
    let mesh = Mesh::new(positions, triangles).map_err(|e| LoadError::mesh(path, e))?;
    let mesh = match colors {
        Some(colors) if colors.iter().flatten().all(|c| (0.0..=1.0).contains(c)) => mesh
            .with_colors(colors)
            .map_err(|e| LoadError::mesh(path, e))?,
        Some(_) => {
            warnings.push("vertex colours ignored: a component lies outside 0-1".to_string());
            mesh
        }
        None => mesh,
    };
    Ok(LoadedMesh { mesh, warnings })
}

fn load_models(
    path: &Path,
    bytes: &[u8],
    warnings: &mut Vec<String>,
) -> Result<Vec<tobj::Model>, LoadError> {
    let options = tobj::LoadOptions {
        single_index: false,
        triangulate: false,
        ignore_points: true,
        ignore_lines: true,
    };
    let directory = path.parent().unwrap_or(Path::new(""));
    let material_warnings = RefCell::new(Vec::new());
    let load_material = |library: &Path| -> tobj::MTLLoadResult {
        let library_path = directory.join(library);
        match std::fs::read(&library_path) {
            Ok(library_bytes) => tobj::load_mtl_buf(&mut Cursor::new(library_bytes)),
            Err(error) => {
                material_warnings.borrow_mut().push(format!(
                    "material library '{}' not found at {} ({error}); materials ignored",
                    library.display(),
                    library_path.display()
                ));
                Err(tobj::LoadError::OpenFileFailed)
            }
        }
    };
    let without_lines = comment_out_line_elements(bytes);
    let result = catch_parser_panic(path, "tobj OBJ", || {
        tobj::load_obj_buf(&mut Cursor::new(without_lines), &options, load_material)
            .map_err(|error| describe_tobj_error(path, bytes, &error))
    });
    let material_warnings = material_warnings.into_inner();
    let (models, materials) = result?;
    if let Err(error) = materials
        && material_warnings.is_empty()
    {
        warnings.push(format!(
            "material library could not be read ({error}); materials ignored"
        ));
    }
    warnings.extend(material_warnings);
    Ok(models)
}

/// Turns `l` (polyline) records into comments, keeping line numbers. tobj
/// 4 reads `l a b c` as a triangle and `l a b c d` as a quad, although a
/// polyline encloses no surface.
fn comment_out_line_elements(bytes: &[u8]) -> Vec<u8> {
    let mut filtered = Vec::with_capacity(bytes.len());
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        let trimmed = line.trim_ascii_start();
        let is_polyline = trimmed.first() == Some(&b'l')
            && trimmed.get(1).is_some_and(|b| b.is_ascii_whitespace());
        if is_polyline {
            filtered.extend_from_slice(b"# ");
        }
        filtered.extend_from_slice(line);
    }
    filtered
}

/// All models of a file as one vertex list and one set of faces.
#[derive(Default)]
struct MergedModels {
    positions: Vec<[f32; 3]>,
    /// `None` once a model has no (or incomplete) vertex colours.
    colors: Option<Vec<[f32; 3]>>,
    first_index_by_position: HashMap<[u32; 3], u32>,
    collector: TriangleCollector,
    model_count: usize,
    face: Vec<u32>,
}

impl MergedModels {
    fn add(&mut self, path: &Path, model: &tobj::Mesh) -> Result<(), LoadError> {
        let model_start = self.positions.len();
        let local_count = model.positions.len() / 3;
        let has_colors = model.vertex_color.len() == model.positions.len();
        if self.model_count == 0 {
            self.colors = has_colors.then(Vec::new);
        } else if !has_colors {
            self.colors = None;
        }
        self.model_count += 1;

        let mut global_index = Vec::with_capacity(local_count);
        for (local, chunk) in model.positions.chunks_exact(3).enumerate() {
            let position = [chunk[0], chunk[1], chunk[2]];
            let key = position.map(|c| if c == 0.0 { 0 } else { c.to_bits() });
            let earlier = self
                .first_index_by_position
                .get(&key)
                .copied()
                .filter(|&index| (index as usize) < model_start);
            let index = match earlier {
                Some(index) => index,
                None => {
                    let index = u32::try_from(self.positions.len()).map_err(|_| {
                        LoadError::invalid(
                            path,
                            "more than 2^32 vertices; simcal uses 32-bit indices",
                        )
                    })?;
                    self.positions.push(position);
                    if let Some(colors) = self.colors.as_mut() {
                        let c = &model.vertex_color[3 * local..3 * local + 3];
                        colors.push([c[0], c[1], c[2]]);
                    }
                    self.first_index_by_position.entry(key).or_insert(index);
                    index
                }
            };
            global_index.push(index);
        }

        let mut offset = 0;
        let triangle_arities = [3u32];
        let arities: Box<dyn Iterator<Item = &u32>> = if model.face_arities.is_empty() {
            Box::new(
                triangle_arities
                    .iter()
                    .cycle()
                    .take(model.indices.len() / 3),
            )
        } else {
            Box::new(model.face_arities.iter())
        };
        for &arity in arities {
            let arity = arity as usize;
            let Some(local_face) = model.indices.get(offset..offset + arity) else {
                return Err(LoadError::invalid(
                    path,
                    "tobj returned a face that runs past its index list; the file is malformed",
                ));
            };
            offset += arity;
            self.face.clear();
            for &local in local_face {
                let Some(&global) = global_index.get(local as usize) else {
                    return Err(LoadError::invalid(
                        path,
                        format!("a face uses vertex {local}, which does not exist"),
                    ));
                };
                self.face.push(global);
            }
            self.collector.add_face(&self.positions, &self.face);
        }
        Ok(())
    }
}

fn no_faces_error(path: &Path, bytes: &[u8], vertex_count: usize) -> LoadError {
    let elements = count_elements(bytes);
    let message = if elements.vertices == 0 {
        "the file has no vertices ('v' lines); expected a mesh".to_string()
    } else if elements.faces == 0 && (elements.points > 0 || elements.lines > 0) {
        format!(
            "the file has {} vertices but only point ('p') and line ('l') elements and no faces \
             ('f' lines); simcal needs a triangle or polygon mesh",
            elements.vertices
        )
    } else if elements.faces == 0 {
        format!(
            "the file has {} vertices but no faces ('f' lines), so it is a point cloud; simcal \
             needs a triangle or polygon mesh",
            elements.vertices
        )
    } else {
        format!(
            "none of the {} faces has 3 or more vertices ({vertex_count} vertices used); simcal \
             needs a triangle or polygon mesh",
            elements.faces
        )
    };
    LoadError::invalid(path, message)
}
