//! PLY (ASCII and binary) through `ply-rs-bw`, the maintained fork of
//! `ply-rs`.
//!
//! simcal reads the `vertex` element (`x y z`, optional `nx ny nz` and
//! `red green blue`) and the `face` element's `vertex_indices` (or
//! `vertex_index`) list. Other elements are ignored with a warning.

use std::io::Cursor;
use std::path::Path;

use ply_rs_bw::parser::{ParseError, Parser};
use ply_rs_bw::ply::{DefaultElement, Property};

use super::polygons::TriangleCollector;
use super::{LoadError, LoadedMesh, catch_parser_panic};
use crate::Mesh;

/// Parses the bytes of a PLY file; `path` names the file in errors.
pub(crate) fn parse_ply(path: &Path, bytes: &[u8]) -> Result<LoadedMesh, LoadError> {
    let ply = catch_parser_panic(path, "ply-rs-bw PLY", || {
        Parser::<DefaultElement>::new()
            .read_ply(&mut Cursor::new(bytes))
            .map_err(|error| parse_error(path, &error))
    })?;
    let mut warnings = Vec::new();

    let empty = Vec::new();
    let vertices = ply.payload.get("vertex").unwrap_or(&empty);
    if vertices.is_empty() {
        return Err(LoadError::invalid(
            path,
            "the file has no 'vertex' element or it is empty; expected a mesh",
        ));
    }
    let positions = read_positions(path, vertices)?;

    let faces = ply.payload.get("face").unwrap_or(&empty);
    if faces.is_empty() {
        return Err(LoadError::invalid(
            path,
            format!(
                "the file has {} vertices but no 'face' element or an empty one (a point cloud); \
                 simcal needs a triangle or polygon mesh",
                positions.len()
            ),
        ));
    }
    let ignored: Vec<&str> = ply
        .payload
        .keys()
        .map(String::as_str)
        .filter(|name| !matches!(*name, "vertex" | "face"))
        .collect();
    if !ignored.is_empty() {
        warnings.push(format!("PLY elements ignored: {}", ignored.join(", ")));
    }

    let triangles = read_faces(path, faces, &positions, &mut warnings)?;
    let normals = read_normals(vertices);
    let colors = read_colors(vertices, &mut warnings);
    let mut mesh = Mesh::new(positions, triangles).map_err(|e| LoadError::mesh(path, e))?;
    if let Some(normals) = normals {
        mesh = mesh
            .with_normals(normals)
            .map_err(|e| LoadError::mesh(path, e))?;
    }
    if let Some(colors) = colors {
        mesh = mesh
            .with_colors(colors)
            .map_err(|e| LoadError::mesh(path, e))?;
    }
    Ok(LoadedMesh { mesh, warnings })
}

fn parse_error(path: &Path, error: &ParseError) -> LoadError {
    let text = error.to_string();
    let one_line = |message: &str| {
        message
            .split(['\n', '\r', '\t'])
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    match error.line() {
        Some(line) => {
            let prefix = format!("Line {line}: ");
            let message = one_line(text.strip_prefix(&prefix).unwrap_or(&text));
            LoadError::syntax(path, line, format!("invalid PLY: {message}"))
        }
        None => LoadError::invalid(path, format!("invalid PLY: {}", one_line(&text))),
    }
}

fn scalar(element: &DefaultElement, name: &str) -> Option<f32> {
    element.get(name).and_then(Property::to_f32_lossy)
}

fn read_positions(path: &Path, vertices: &[DefaultElement]) -> Result<Vec<[f32; 3]>, LoadError> {
    let mut positions = Vec::with_capacity(vertices.len());
    for (index, vertex) in vertices.iter().enumerate() {
        let coordinates = [
            scalar(vertex, "x"),
            scalar(vertex, "y"),
            scalar(vertex, "z"),
        ];
        let [Some(x), Some(y), Some(z)] = coordinates else {
            return Err(LoadError::invalid(
                path,
                format!("vertex {index} lacks a numeric x, y or z property"),
            ));
        };
        if !(x.is_finite() && y.is_finite() && z.is_finite()) {
            return Err(LoadError::invalid(
                path,
                format!("vertex {index} has a non-finite coordinate ({x}, {y}, {z})"),
            ));
        }
        positions.push([x, y, z]);
    }
    Ok(positions)
}

fn read_faces(
    path: &Path,
    faces: &[DefaultElement],
    positions: &[[f32; 3]],
    warnings: &mut Vec<String>,
) -> Result<Vec<[u32; 3]>, LoadError> {
    let mut collector = TriangleCollector::with_capacity(faces.len());
    let mut face_indices: Vec<u32> = Vec::with_capacity(8);
    for (index, face) in faces.iter().enumerate() {
        let Some(list) = face
            .get("vertex_indices")
            .or_else(|| face.get("vertex_index"))
        else {
            return Err(LoadError::invalid(
                path,
                format!("face {index} has no 'vertex_indices' list property"),
            ));
        };
        face_indices.clear();
        for value in list_values(list).ok_or_else(|| {
            LoadError::invalid(
                path,
                format!("face {index}: 'vertex_indices' is not an integer list"),
            )
        })? {
            if value < 0 || value >= positions.len() as i64 {
                return Err(LoadError::invalid(
                    path,
                    format!(
                        "face {index} uses vertex index {value}, but the file has {} vertices \
                         (valid indices are 0 to {})",
                        positions.len(),
                        positions.len() - 1
                    ),
                ));
            }
            face_indices.push(value as u32);
        }
        collector.add_face(positions, &face_indices);
    }
    collector.finish(path, warnings)
}

fn list_values(property: &Property) -> Option<Vec<i64>> {
    let values = match property {
        Property::ListChar(v) => v.iter().map(|&x| i64::from(x)).collect(),
        Property::ListUChar(v) => v.iter().map(|&x| i64::from(x)).collect(),
        Property::ListShort(v) => v.iter().map(|&x| i64::from(x)).collect(),
        Property::ListUShort(v) => v.iter().map(|&x| i64::from(x)).collect(),
        Property::ListInt(v) => v.iter().map(|&x| i64::from(x)).collect(),
        Property::ListUInt(v) => v.iter().map(|&x| i64::from(x)).collect(),
        _ => return None,
    };
    Some(values)
}

fn read_normals(vertices: &[DefaultElement]) -> Option<Vec<[f32; 3]>> {
    vertices
        .iter()
        .map(|v| {
            let normal = [scalar(v, "nx")?, scalar(v, "ny")?, scalar(v, "nz")?];
            normal.iter().all(|c| c.is_finite()).then_some(normal)
        })
        .collect()
}

/// Reads `red green blue`: integer properties are 0-255, float properties
/// 0-1 (or 0-255 when any value exceeds 1).
fn read_colors(vertices: &[DefaultElement], warnings: &mut Vec<String>) -> Option<Vec<[f32; 3]>> {
    let first = vertices.first()?;
    let integer_typed = matches!(
        first.get("red")?,
        Property::UChar(_)
            | Property::Char(_)
            | Property::Short(_)
            | Property::UShort(_)
            | Property::Int(_)
            | Property::UInt(_)
    );
    let raw: Option<Vec<[f32; 3]>> = vertices
        .iter()
        .map(|v| Some([scalar(v, "red")?, scalar(v, "green")?, scalar(v, "blue")?]))
        .collect();
    let raw = raw?;
    let max = raw.iter().flatten().fold(0.0f32, |a, &b| a.max(b));
    let divisor = if integer_typed || max > 1.0 {
        255.0
    } else {
        1.0
    };
    let colors: Vec<[f32; 3]> = raw.iter().map(|c| c.map(|v| v / divisor)).collect();
    if colors.iter().flatten().all(|v| (0.0..=1.0).contains(v)) {
        Some(colors)
    } else {
        warnings.push("vertex colours ignored: a component lies outside 0-255".to_string());
        None
    }
}
