//! STL (ASCII and binary) through `stl_io`.
//!
//! The encoding is decided here rather than by `stl_io`'s probe, because
//! some exporters start binary headers with `solid`: a file whose size is
//! exactly 84 + 50 × (declared triangle count) is binary. An ASCII file may
//! hold several `solid ... endsolid` blocks, which `stl_io` reads one at a
//! time; all are merged. Vertices at bit-identical positions are merged
//! into one, since STL stores each triangle's corners separately.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;

use super::{LoadError, LoadedMesh, catch_parser_panic};
use crate::Mesh;

const BINARY_HEADER_BYTES: usize = 84;
const BINARY_TRIANGLE_BYTES: usize = 50;

/// Parses the bytes of an STL file; `path` names the file in errors.
pub(crate) fn parse_stl(path: &Path, bytes: &[u8]) -> Result<LoadedMesh, LoadError> {
    let mut warnings = Vec::new();
    let mut builder = IndexedBuilder::default();
    if is_binary(bytes) {
        read_binary(path, bytes, &mut builder, &mut warnings)?;
    } else {
        read_ascii(path, bytes, &mut builder)?;
    }
    if builder.triangles.is_empty() {
        return Err(LoadError::invalid(
            path,
            "the file has no facets; expected a triangle mesh",
        ));
    }
    let mesh =
        Mesh::new(builder.positions, builder.triangles).map_err(|e| LoadError::mesh(path, e))?;
    Ok(LoadedMesh { mesh, warnings })
}

fn declared_triangle_count(bytes: &[u8]) -> Option<usize> {
    let count: [u8; 4] = bytes.get(80..84)?.try_into().ok()?;
    Some(u32::from_le_bytes(count) as usize)
}

fn is_binary(bytes: &[u8]) -> bool {
    let exact_size = declared_triangle_count(bytes).is_some_and(|count| {
        (count as u128) * BINARY_TRIANGLE_BYTES as u128 + BINARY_HEADER_BYTES as u128
            == bytes.len() as u128
    });
    exact_size || !bytes.trim_ascii_start().starts_with(b"solid")
}

fn read_binary(
    path: &Path,
    bytes: &[u8],
    builder: &mut IndexedBuilder,
    warnings: &mut Vec<String>,
) -> Result<(), LoadError> {
    let Some(count) = declared_triangle_count(bytes) else {
        return Err(LoadError::invalid(
            path,
            format!(
                "binary STL is {} bytes, shorter than its 84-byte header; the file is truncated \
                 (an ASCII STL must start with 'solid')",
                bytes.len()
            ),
        ));
    };
    let needed = BINARY_HEADER_BYTES as u128 + count as u128 * BINARY_TRIANGLE_BYTES as u128;
    if needed > bytes.len() as u128 {
        return Err(LoadError::invalid(
            path,
            format!(
                "binary STL header declares {count} triangles, which need {needed} bytes, but \
                 the file has {}; it is truncated or the count is wrong",
                bytes.len()
            ),
        ));
    }
    if needed < bytes.len() as u128 {
        warnings.push(format!(
            "{} bytes after the {count} declared triangles ignored",
            bytes.len() as u128 - needed
        ));
    }
    // Blank the free-form header so that stl_io's probe cannot mistake a
    // header starting with "solid" for ASCII.
    let mut data = bytes[..needed as usize].to_vec();
    data[..80].fill(0);
    read_with_stl_io(path, &data, builder, "binary STL")
}

fn read_ascii(path: &Path, bytes: &[u8], builder: &mut IndexedBuilder) -> Result<(), LoadError> {
    for (start, end) in solid_ranges(bytes) {
        let before = builder.triangles.len();
        // stl_io needs the first line to start with "solid " exactly, which
        // indented headers and a bare "solid" do not.
        let segment = &bytes[start..end];
        let body = segment
            .iter()
            .position(|&b| b == b'\n')
            .map_or(&segment[segment.len()..], |newline| &segment[newline + 1..]);
        let mut data = b"solid simcal\n".to_vec();
        data.extend_from_slice(body);
        read_with_stl_io(path, &data, builder, "ASCII STL").map_err(|error| match error {
            LoadError::Invalid { message, .. } => {
                let line = 1 + bytes[..start].iter().filter(|&&b| b == b'\n').count();
                LoadError::syntax(
                    path,
                    line,
                    format!(
                        "in the solid that starts here, after facet {}: {message}",
                        builder.triangles.len() - before
                    ),
                )
            }
            other => other,
        })?;
    }
    Ok(())
}

/// Byte ranges of the `solid ... endsolid` blocks: each starts at a line
/// whose first word is `solid` and runs to the next such line.
fn solid_ranges(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut starts = Vec::new();
    let mut line_start = 0;
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        let word = line.trim_ascii_start();
        if word.starts_with(b"solid") && word.get(5).is_none_or(|b| b.is_ascii_whitespace()) {
            starts.push(line_start);
        }
        line_start += line.len();
    }
    if starts.first() != Some(&0) && !starts.is_empty() {
        starts[0] = 0;
    }
    let ends = starts.iter().skip(1).copied().chain([bytes.len()]);
    starts.iter().copied().zip(ends).collect()
}

fn read_with_stl_io(
    path: &Path,
    data: &[u8],
    builder: &mut IndexedBuilder,
    encoding: &str,
) -> Result<(), LoadError> {
    catch_parser_panic(path, "stl_io STL", || {
        let mut cursor = Cursor::new(data);
        let reader = stl_io::create_stl_reader(&mut cursor)
            .map_err(|e| LoadError::invalid(path, format!("invalid {encoding}: {e}")))?;
        for (facet, triangle) in reader.enumerate() {
            let triangle = triangle.map_err(|e| {
                LoadError::invalid(path, format!("invalid {encoding} at facet {facet}: {e}"))
            })?;
            builder.add(path, facet, triangle.vertices.map(|v| [v[0], v[1], v[2]]))?;
        }
        Ok(())
    })
}

/// Triangles with corners merged by bit-identical position.
#[derive(Default)]
struct IndexedBuilder {
    positions: Vec<[f32; 3]>,
    triangles: Vec<[u32; 3]>,
    index_by_position: HashMap<[u32; 3], u32>,
}

impl IndexedBuilder {
    fn add(&mut self, path: &Path, facet: usize, corners: [[f32; 3]; 3]) -> Result<(), LoadError> {
        let mut triangle = [0u32; 3];
        for (slot, corner) in triangle.iter_mut().zip(corners) {
            if !corner.iter().all(|c| c.is_finite()) {
                return Err(LoadError::invalid(
                    path,
                    format!("facet {facet} has a non-finite vertex {corner:?}"),
                ));
            }
            let key = corner.map(|c| if c == 0.0 { 0 } else { c.to_bits() });
            let next_index = self.positions.len() as u32;
            *slot = *self.index_by_position.entry(key).or_insert(next_index);
            if *slot == next_index {
                self.positions.push(corner);
            }
        }
        self.triangles.push(triangle);
        Ok(())
    }
}
