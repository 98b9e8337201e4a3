//! Our own OFF parser, written for speed on ModelNet-sized files and for
//! the format's real-world variants.
//!
//! The file is read once into memory and scanned line by line over bytes.
//! After the header (see `off_header`), each vertex is one line
//! `x y z [nx ny nz] [r g b [a]] [s t]` and each face one line
//! `n i1 .. in [colour]`. `#` starts a comment anywhere, blank lines are
//! skipped, and LF, CRLF and lone CR all end a line. Polygons with more than
//! three vertices are triangulated (see [`crate::triangulate`]); faces with
//! fewer than three are skipped with a warning. Colours given as integers
//! 0-255 or floats 0-1 are both accepted: if any component in the file
//! exceeds 1, all are divided by 255.

use std::path::Path;

use super::off_header::{OffHeader, read_header};
use super::polygons::TriangleCollector;
use super::text::{
    Integer, Line, SignificantLines, Tokens, parse_f32, parse_integer, skip_utf8_bom, token_text,
};
use super::{LoadError, LoadedMesh};
use crate::Mesh;

/// Parses the bytes of an OFF file; `path` names the file in errors.
pub fn parse_off(path: &Path, bytes: &[u8]) -> Result<LoadedMesh, LoadError> {
    let mut warnings = Vec::new();
    let mut lines = SignificantLines::new(skip_utf8_bom(bytes));
    let header = read_header(path, &mut lines, &mut warnings)?;

    let vertices = read_vertices(path, &mut lines, &header)?;
    let triangles = read_faces(
        path,
        &mut lines,
        &header,
        &vertices.positions,
        &mut warnings,
    )?;

    let trailing: Vec<usize> = lines.map(|line| line.number).take(1).collect();
    if let Some(first_trailing) = trailing.first() {
        warnings.push(format!(
            "content after the last of the {} declared faces, from line {first_trailing} on, \
             ignored",
            header.face_count
        ));
    }
    if vertices.undeclared_value_lines > 0 {
        warnings.push(format!(
            "{} vertex lines carry values after x y z that the OFF keyword does not declare; \
             ignored (a COFF keyword declares vertex colours)",
            vertices.undeclared_value_lines
        ));
    }

    let mesh = Mesh::new(vertices.positions, triangles).map_err(|e| LoadError::mesh(path, e))?;
    if let Some(vertex) = vertices.first_vertex_without_color {
        warnings.push(format!(
            "vertex colours ignored: the COFF keyword declares them, but vertex {vertex} has no \
             'r g b [a]' values"
        ));
    }
    let mesh = attach_normals(mesh, vertices.normals, path)?;
    let mesh = attach_colors(mesh, vertices.colors, path, &mut warnings)?;
    Ok(LoadedMesh { mesh, warnings })
}

#[derive(Debug, Default)]
struct Vertices {
    positions: Vec<[f32; 3]>,
    normals: Option<Vec<[f32; 3]>>,
    /// RGBA as written in the file; `None` once any vertex lacks a colour.
    colors: Option<Vec<[f32; 4]>>,
    first_vertex_without_color: Option<usize>,
    undeclared_value_lines: usize,
}

fn read_vertices(
    path: &Path,
    lines: &mut SignificantLines<'_>,
    header: &OffHeader,
) -> Result<Vertices, LoadError> {
    let count = header.vertex_count;
    let mut vertices = Vertices {
        positions: Vec::with_capacity(count),
        normals: header.has_normals.then(|| Vec::with_capacity(count)),
        colors: header.has_colors.then(|| Vec::with_capacity(count)),
        first_vertex_without_color: None,
        undeclared_value_lines: 0,
    };
    for vertex in 0..count {
        let line = lines
            .next()
            .ok_or_else(|| truncated(path, lines, "vertices", vertex, count))?;
        let mut tokens = line.tokens();
        let position = read_triple(path, &line, &mut tokens, vertex, "x y z")?;
        vertices.positions.push(position);
        if let Some(normals) = vertices.normals.as_mut() {
            normals.push(read_triple(path, &line, &mut tokens, vertex, "nx ny nz")?);
        }
        let mut extra: Vec<&[u8]> = tokens.collect();
        if header.has_texture_coords && extra.len() >= 2 {
            extra.truncate(extra.len() - 2);
        }
        if let Some(colors) = vertices.colors.as_mut() {
            match read_color(&extra) {
                Some(color) => colors.push(color),
                None => {
                    vertices.colors = None;
                    vertices.first_vertex_without_color = Some(vertex);
                }
            }
        } else if header.has_colors {
            // Colours were already dropped at an earlier vertex.
        } else if !extra.is_empty() {
            vertices.undeclared_value_lines += 1;
        }
    }
    Ok(vertices)
}

/// Reads three finite floats for vertex `vertex`; `what` names them.
fn read_triple(
    path: &Path,
    line: &Line<'_>,
    tokens: &mut Tokens<'_>,
    vertex: usize,
    what: &str,
) -> Result<[f32; 3], LoadError> {
    let mut values = [0.0f32; 3];
    for value in &mut values {
        let Some(token) = tokens.next() else {
            return Err(LoadError::syntax(
                path,
                line.number,
                format!(
                    "vertex {vertex} is missing values; expected {what}, found '{}'",
                    line.display()
                ),
            ));
        };
        *value = match parse_f32(token) {
            Some(v) if v.is_finite() => v,
            Some(_) => {
                return Err(LoadError::syntax(
                    path,
                    line.number,
                    format!(
                        "vertex {vertex} has a non-finite value '{}'; every coordinate must be a \
                         finite number",
                        token_text(token)
                    ),
                ));
            }
            None => {
                return Err(LoadError::syntax(
                    path,
                    line.number,
                    format!(
                        "vertex {vertex} has an invalid number '{}'",
                        token_text(token)
                    ),
                ));
            }
        };
    }
    Ok(values)
}

/// Reads `r g b [a]`; `None` when the values are missing or not numbers.
fn read_color(tokens: &[&[u8]]) -> Option<[f32; 4]> {
    if !(3..=4).contains(&tokens.len()) {
        return None;
    }
    let mut color = [1.0f32; 4];
    for (slot, token) in color.iter_mut().zip(tokens) {
        *slot = parse_f32(token).filter(|v| v.is_finite())?;
    }
    Some(color)
}

fn read_faces(
    path: &Path,
    lines: &mut SignificantLines<'_>,
    header: &OffHeader,
    positions: &[[f32; 3]],
    warnings: &mut Vec<String>,
) -> Result<Vec<[u32; 3]>, LoadError> {
    let count = header.face_count;
    let mut collector = TriangleCollector::with_capacity(count);
    let mut face_indices: Vec<u32> = Vec::with_capacity(8);
    let mut colored_faces = 0usize;
    for face in 0..count {
        let line = lines
            .next()
            .ok_or_else(|| truncated(path, lines, "faces", face, count))?;
        let mut tokens = line.tokens();
        let declared = read_face_size(path, &line, &mut tokens, face)?;
        face_indices.clear();
        for _ in 0..declared {
            let Some(token) = tokens.next() else {
                return Err(LoadError::syntax(
                    path,
                    line.number,
                    format!(
                        "face {face} declares {declared} vertices but lists {}",
                        face_indices.len()
                    ),
                ));
            };
            face_indices.push(read_index(path, &line, token, face, positions.len())?);
        }
        if tokens.next().is_some() {
            colored_faces += 1;
        }
        collector.add_face(positions, &face_indices);
    }
    if colored_faces > 0 {
        warnings.push(format!(
            "per-face colours on {colored_faces} faces ignored; simcal keeps per-vertex colours only"
        ));
    }
    collector.finish(path, warnings)
}

fn read_face_size(
    path: &Path,
    line: &Line<'_>,
    tokens: &mut Tokens<'_>,
    face: usize,
) -> Result<usize, LoadError> {
    let token = tokens.next().unwrap_or_default();
    match parse_integer(token) {
        // Nothing is sized from the declared count: indices are pushed as
        // they are read, and a missing one ends the face with an error.
        Integer::Value(size) => Ok(usize::try_from(size).unwrap_or(usize::MAX)),
        _ => Err(LoadError::syntax(
            path,
            line.number,
            format!(
                "face {face} must start with its vertex count, found '{}'",
                token_text(token)
            ),
        )),
    }
}

fn read_index(
    path: &Path,
    line: &Line<'_>,
    token: &[u8],
    face: usize,
    vertex_count: usize,
) -> Result<u32, LoadError> {
    match parse_integer(token) {
        Integer::Value(index) if index < vertex_count as u64 => Ok(index as u32),
        Integer::Value(index) => Err(LoadError::syntax(
            path,
            line.number,
            format!(
                "face {face} uses vertex index {index}, but the file declares {vertex_count} \
                 vertices (valid indices are 0 to {})",
                vertex_count - 1
            ),
        )),
        Integer::TooLarge => Err(LoadError::syntax(
            path,
            line.number,
            format!(
                "face {face} uses vertex index {}, but the file declares {vertex_count} vertices",
                token_text(token)
            ),
        )),
        Integer::Negative => Err(LoadError::syntax(
            path,
            line.number,
            format!(
                "face {face} uses negative vertex index {}; OFF indices start at 0",
                token_text(token)
            ),
        )),
        Integer::Invalid => Err(LoadError::syntax(
            path,
            line.number,
            format!(
                "face {face} has an invalid vertex index '{}'",
                token_text(token)
            ),
        )),
    }
}

fn truncated(
    path: &Path,
    lines: &SignificantLines<'_>,
    what: &str,
    read: usize,
    declared: usize,
) -> LoadError {
    LoadError::syntax(
        path,
        lines.line_number().max(1),
        format!(
            "the file ends after {read} of {declared} {what}; it is truncated or the header \
             counts are wrong"
        ),
    )
}

fn attach_normals(
    mesh: Mesh,
    normals: Option<Vec<[f32; 3]>>,
    path: &Path,
) -> Result<Mesh, LoadError> {
    match normals {
        // read_vertices stores one finite triple per vertex, so an error
        // here means a parser bug rather than a bad file.
        Some(normals) => mesh
            .with_normals(normals)
            .map_err(|e| LoadError::mesh(path, e)),
        None => Ok(mesh),
    }
}

fn attach_colors(
    mesh: Mesh,
    colors: Option<Vec<[f32; 4]>>,
    path: &Path,
    warnings: &mut Vec<String>,
) -> Result<Mesh, LoadError> {
    let Some(colors) = colors else {
        return Ok(mesh);
    };
    let max = colors
        .iter()
        .flat_map(|c| &c[..3])
        .fold(0.0f32, |a, &b| a.max(b));
    let divisor = if max > 1.0 { 255.0 } else { 1.0 };
    let rgb: Vec<[f32; 3]> = colors
        .iter()
        .map(|c| [c[0] / divisor, c[1] / divisor, c[2] / divisor])
        .collect();
    if let Some(vertex) = rgb
        .iter()
        .position(|c| c.iter().any(|v| !(0.0..=1.0).contains(v)))
    {
        warnings.push(format!(
            "vertex colours ignored: vertex {vertex} has colour {:?}, outside 0-255 integers or \
             0-1 floats",
            colors[vertex]
        ));
        return Ok(mesh);
    }
    mesh.with_colors(rgb).map_err(|e| LoadError::mesh(path, e))
}
