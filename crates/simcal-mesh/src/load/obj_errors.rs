//! Line numbers for OBJ errors. `tobj` reports only the kind of fault, so
//! this module scans the file again to find the first line with that fault
//! and describes what is wrong with it.

use std::path::Path;

use super::LoadError;

/// Numbers of vertex, face, point and line elements in an OBJ file.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct ElementCounts {
    pub vertices: usize,
    pub faces: usize,
    pub points: usize,
    pub lines: usize,
}

pub(crate) fn count_elements(bytes: &[u8]) -> ElementCounts {
    let mut counts = ElementCounts::default();
    for (_, line) in numbered_lines(bytes) {
        match line.split_whitespace().next() {
            Some("v") => counts.vertices += 1,
            Some("f") => counts.faces += 1,
            Some("p") => counts.points += 1,
            Some("l") => counts.lines += 1,
            _ => {}
        }
    }
    counts
}

/// Turns a `tobj` error into a [`LoadError`] with the offending line where
/// one can be found.
pub(crate) fn describe_tobj_error(path: &Path, bytes: &[u8], error: &tobj::LoadError) -> LoadError {
    use tobj::LoadError as Kind;
    let located = match error {
        Kind::ReadError => first_non_utf8_line(bytes).map(|line| {
            (
                line,
                "the line is not valid UTF-8; convert the file to UTF-8 or ASCII".to_string(),
            )
        }),
        Kind::PositionParseError | Kind::ScalingByZeroError | Kind::ColorParseError => {
            first_bad_record(bytes, "v", check_vertex)
        }
        Kind::NormalParseError => first_bad_record(bytes, "vn", |tokens| check_floats(tokens, 3)),
        Kind::TexcoordParseError => first_bad_record(bytes, "vt", |tokens| check_floats(tokens, 2)),
        Kind::FaceParseError
        | Kind::FaceVertexOutOfBounds
        | Kind::FaceTexCoordOutOfBounds
        | Kind::FaceNormalOutOfBounds
        | Kind::FaceColorOutOfBounds
        | Kind::InvalidPolygon => first_bad_face(bytes),
        _ => None,
    };
    match located {
        Some((line, detail)) => LoadError::syntax(path, line, format!("{error}: {detail}")),
        None => LoadError::invalid(path, format!("the OBJ parser (tobj) failed: {error}")),
    }
}

fn numbered_lines(bytes: &[u8]) -> impl Iterator<Item = (usize, &str)> {
    bytes
        .split(|&b| b == b'\n')
        .enumerate()
        .filter_map(|(i, line)| {
            std::str::from_utf8(line)
                .ok()
                .map(|text| (i + 1, text.trim()))
        })
}

fn first_non_utf8_line(bytes: &[u8]) -> Option<usize> {
    bytes
        .split(|&b| b == b'\n')
        .position(|line| std::str::from_utf8(line).is_err())
        .map(|i| i + 1)
}

fn first_bad_record(
    bytes: &[u8],
    keyword: &str,
    check: impl Fn(&[&str]) -> Option<String>,
) -> Option<(usize, String)> {
    numbered_lines(bytes).find_map(|(number, line)| {
        let mut tokens = line.split_whitespace();
        if tokens.next() != Some(keyword) {
            return None;
        }
        let values: Vec<&str> = tokens.collect();
        check(&values).map(|problem| (number, format!("{problem} in '{line}'")))
    })
}

fn check_floats(tokens: &[&str], required: usize) -> Option<String> {
    if tokens.len() < required {
        return Some(format!(
            "expected {required} numbers, found {}",
            tokens.len()
        ));
    }
    tokens[..required]
        .iter()
        .find(|t| t.parse::<f32>().is_err())
        .map(|t| format!("'{t}' is not a number"))
}

/// `v x y z [w | r g b]`, as tobj reads it.
fn check_vertex(tokens: &[&str]) -> Option<String> {
    if let Some(problem) = check_floats(tokens, 3) {
        return Some(problem);
    }
    match tokens.len() {
        3 | 6 => tokens[3..]
            .iter()
            .find(|t| t.parse::<f32>().is_err())
            .map(|t| format!("'{t}' is not a number")),
        4 => match tokens[3].parse::<f32>() {
            Ok(0.0) => Some("the homogeneous coordinate w is 0".to_string()),
            Ok(_) => None,
            Err(_) => Some(format!("'{}' is not a number", tokens[3])),
        },
        count => Some(format!(
            "expected x y z, x y z w or x y z r g b, found {count} values"
        )),
    }
}

/// Finds the first face whose vertex references do not resolve; absolute
/// indices may point forward, relative ones count back from the current
/// line, as tobj reads them.
fn first_bad_face(bytes: &[u8]) -> Option<(usize, String)> {
    let total_vertices = count_elements(bytes).vertices;
    let mut vertices_so_far = 0usize;
    for (number, line) in numbered_lines(bytes) {
        let mut tokens = line.split_whitespace();
        match tokens.next() {
            Some("v") => vertices_so_far += 1,
            Some("f") => {
                let references: Vec<&str> = tokens.collect();
                if references.is_empty() {
                    return Some((number, "the face lists no vertices".to_string()));
                }
                for reference in references {
                    let vertex = reference.split('/').next().unwrap_or_default();
                    let problem = match vertex.parse::<i64>() {
                        Err(_) => Some(format!("'{reference}' is not a vertex reference")),
                        Ok(0) => {
                            Some("vertex index 0 is invalid; OBJ indices start at 1".to_string())
                        }
                        Ok(index) if index > 0 && index as usize > total_vertices => Some(format!(
                            "vertex index {index} is out of range; the file has {total_vertices} \
                             vertices"
                        )),
                        Ok(index)
                            if index < 0 && index.unsigned_abs() as usize > vertices_so_far =>
                        {
                            Some(format!(
                                "relative vertex index {index} points before the first vertex; \
                                 only {vertices_so_far} vertices precede this line"
                            ))
                        }
                        Ok(_) => None,
                    };
                    if let Some(problem) = problem {
                        return Some((number, format!("{problem} in '{line}'")));
                    }
                }
            }
            _ => {}
        }
    }
    None
}
