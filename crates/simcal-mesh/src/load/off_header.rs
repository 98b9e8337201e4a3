//! The OFF header: an optional Geomview `appearance { ... }` block, the
//! keyword with its prefixes, and the vertex, face and edge counts.
//!
//! Accepted keywords are `OFF` with the prefixes `ST`, `C` and `N` (per-vertex
//! texture coordinates, colours and normals) in any order, such as `COFF`,
//! `NOFF`, `CNOFF`, `NCOFF` and `STOFF`. The counts may follow the
//! keyword on its own line, be joined to it (`OFF490 518 0`, common in
//! ModelNet40), or start the file when the keyword is missing. `4OFF`,
//! `nOFF` (not 3-D) and `OFF BINARY` are rejected.

use std::path::Path;

use super::LoadError;
use super::text::{Integer, Line, SignificantLines, parse_integer, token_text};

/// Per-vertex values after x y z, and the vertex and face counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct OffHeader {
    pub has_normals: bool,
    pub has_colors: bool,
    pub has_texture_coords: bool,
    pub vertex_count: usize,
    pub face_count: usize,
    /// Line of the counts, for messages about them.
    pub counts_line: usize,
}

/// Smallest vertex line: `0 0 0` and a line break.
const MIN_VERTEX_BYTES: u128 = 6;
/// Smallest face line: `0` and a line break (an empty face, which is
/// skipped but still counts).
const MIN_FACE_BYTES: u128 = 2;

/// Keyword prefixes.
#[derive(Debug, Default, Clone, Copy)]
struct Prefixes {
    texture_coords: bool,
    colors: bool,
    normals: bool,
    four_d: bool,
    n_d: bool,
}

/// Reads the header from `lines`, leaving them at the first vertex line.
pub(crate) fn read_header(
    path: &Path,
    lines: &mut SignificantLines<'_>,
    warnings: &mut Vec<String>,
) -> Result<OffHeader, LoadError> {
    let mut first = next_line(path, lines, "the OFF header")?;
    if first.content.starts_with(b"appearance") {
        skip_appearance_block(path, lines, first)?;
        warnings.push(format!(
            "Geomview appearance block at line {} ignored",
            first.number
        ));
        first = next_line(path, lines, "the OFF header")?;
    }

    let mut tokens = first.tokens();
    let keyword = tokens.next().unwrap_or_default();
    let mut count_tokens: Vec<&[u8]> = Vec::with_capacity(3);
    let mut prefixes = Prefixes::default();
    match parse_keyword(keyword) {
        Some((parsed, joined_count)) => {
            prefixes = parsed;
            check_dimension(path, first.number, keyword, prefixes)?;
            if !joined_count.is_empty() {
                count_tokens.push(joined_count);
            }
            let rest: Vec<&[u8]> = tokens.collect();
            if rest
                .first()
                .is_some_and(|t| t.eq_ignore_ascii_case(b"BINARY"))
            {
                return Err(LoadError::syntax(
                    path,
                    first.number,
                    "binary OFF is not supported; convert the file to ASCII OFF, PLY or STL",
                ));
            }
            count_tokens.extend(rest);
        }
        None if parse_integer(keyword) != Integer::Invalid => {
            warnings.push(format!(
                "no OFF keyword before the counts at line {}; read as plain OFF",
                first.number
            ));
            count_tokens.extend(first.tokens());
        }
        None => {
            return Err(LoadError::syntax(
                path,
                first.number,
                format!(
                    "expected an OFF header keyword (OFF, COFF, NOFF, NCOFF, STOFF) or the \
                     vertex and face counts, found '{}'",
                    token_text(keyword)
                ),
            ));
        }
    }

    let mut counts_line = first.number;
    if count_tokens.is_empty() {
        let line = next_line(path, lines, "the vertex and face counts")?;
        counts_line = line.number;
        count_tokens.extend(line.tokens());
    }
    let (vertex_count, face_count) = parse_counts(path, counts_line, &count_tokens)?;
    check_counts_fit(
        path,
        counts_line,
        vertex_count,
        face_count,
        lines.remaining_bytes(),
    )?;

    Ok(OffHeader {
        has_normals: prefixes.normals,
        has_colors: prefixes.colors,
        has_texture_coords: prefixes.texture_coords,
        vertex_count,
        face_count,
        counts_line,
    })
}

fn next_line<'a>(
    path: &Path,
    lines: &mut SignificantLines<'a>,
    expected: &str,
) -> Result<Line<'a>, LoadError> {
    lines.next().ok_or_else(|| {
        LoadError::syntax(
            path,
            lines.line_number().max(1),
            format!("the file ends before {expected}"),
        )
    })
}

/// Splits a keyword such as `NCOFF` or `OFF490` into prefixes and the
/// count joined to it.
fn parse_keyword(token: &[u8]) -> Option<(Prefixes, &[u8])> {
    let at = token.windows(3).position(|w| w == b"OFF")?;
    let (mut prefix, joined) = (&token[..at], &token[at + 3..]);
    if !joined.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut prefixes = Prefixes::default();
    // Geomview writes the prefixes in the order ST, C, N, 4, n; other tools
    // (NCOFF) swap them, so any order is accepted, each prefix once.
    while !prefix.is_empty() {
        let (flag, length) = match prefix[0] {
            b'S' if prefix.get(1) == Some(&b'T') => (&mut prefixes.texture_coords, 2),
            b'C' => (&mut prefixes.colors, 1),
            b'N' => (&mut prefixes.normals, 1),
            b'4' => (&mut prefixes.four_d, 1),
            b'n' => (&mut prefixes.n_d, 1),
            _ => return None,
        };
        if *flag {
            return None;
        }
        *flag = true;
        prefix = &prefix[length..];
    }
    Some((prefixes, joined))
}

fn check_dimension(
    path: &Path,
    line: usize,
    keyword: &[u8],
    prefixes: Prefixes,
) -> Result<(), LoadError> {
    if prefixes.four_d || prefixes.n_d {
        return Err(LoadError::syntax(
            path,
            line,
            format!(
                "'{}' declares {} vertices; simcal reads 3-D meshes only (OFF, COFF, NOFF, \
                 NCOFF, STOFF)",
                token_text(keyword),
                if prefixes.four_d { "4-D" } else { "n-D" }
            ),
        ));
    }
    Ok(())
}

fn skip_appearance_block(
    path: &Path,
    lines: &mut SignificantLines<'_>,
    first: Line<'_>,
) -> Result<(), LoadError> {
    let mut depth: i64 = 0;
    let mut line = first;
    loop {
        for &byte in line.content {
            match byte {
                b'{' => depth += 1,
                b'}' => depth -= 1,
                _ => {}
            }
        }
        if depth <= 0 && line.content.contains(&b'}') {
            return Ok(());
        }
        line = lines.next().ok_or_else(|| {
            LoadError::syntax(
                path,
                first.number,
                "the appearance block that starts here is never closed with '}'",
            )
        })?;
    }
}

fn parse_counts(path: &Path, line: usize, tokens: &[&[u8]]) -> Result<(usize, usize), LoadError> {
    if !(2..=3).contains(&tokens.len()) {
        return Err(LoadError::syntax(
            path,
            line,
            format!(
                "expected 'vertex_count face_count [edge_count]', found {} values",
                tokens.len()
            ),
        ));
    }
    let names = ["vertex count", "face count", "edge count"];
    let mut values = [0u64; 3];
    for (i, token) in tokens.iter().enumerate() {
        values[i] = match parse_integer(token) {
            Integer::Value(value) => value,
            _ => {
                return Err(LoadError::syntax(
                    path,
                    line,
                    format!(
                        "invalid {} '{}'; expected a non-negative integer",
                        names[i],
                        token_text(token)
                    ),
                ));
            }
        };
    }
    let (vertex_count, face_count) = (values[0], values[1]);
    if vertex_count == 0 {
        return Err(LoadError::syntax(
            path,
            line,
            "the header declares 0 vertices; the file holds no geometry",
        ));
    }
    if face_count == 0 {
        return Err(LoadError::syntax(
            path,
            line,
            format!(
                "the header declares {vertex_count} vertices and 0 faces (a point cloud); \
                 simcal needs a triangle or polygon mesh"
            ),
        ));
    }
    if vertex_count > u64::from(u32::MAX) {
        return Err(LoadError::syntax(
            path,
            line,
            format!(
                "vertex count {vertex_count} exceeds the 32-bit index limit of {}",
                u32::MAX
            ),
        ));
    }
    let face_count = usize::try_from(face_count).map_err(|_| {
        LoadError::syntax(path, line, format!("face count {face_count} is too large"))
    })?;
    Ok((vertex_count as usize, face_count))
}

/// Rejects counts that cannot fit in the rest of the file, before anything
/// is allocated from them.
fn check_counts_fit(
    path: &Path,
    line: usize,
    vertex_count: usize,
    face_count: usize,
    remaining_bytes: usize,
) -> Result<(), LoadError> {
    // The last line may lack its line break, hence the minus one.
    let needed = (vertex_count as u128 * MIN_VERTEX_BYTES + face_count as u128 * MIN_FACE_BYTES)
        .saturating_sub(1);
    if needed > remaining_bytes as u128 {
        return Err(LoadError::syntax(
            path,
            line,
            format!(
                "the header declares {vertex_count} vertices and {face_count} faces, which need \
                 at least {needed} bytes, but only {remaining_bytes} bytes follow; the file is \
                 truncated or the counts are wrong"
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyword_prefixes_and_joined_counts() {
        let (prefixes, joined) = parse_keyword(b"NCOFF").unwrap();
        assert!(prefixes.colors);
        assert!(prefixes.normals);
        assert!(!prefixes.texture_coords);
        assert!(joined.is_empty());
        let (prefixes, joined) = parse_keyword(b"OFF490").unwrap();
        assert!(!prefixes.colors);
        assert_eq!(joined, b"490");
        assert!(parse_keyword(b"STOFF").unwrap().0.texture_coords);
        assert!(parse_keyword(b"4OFF").unwrap().0.four_d);
        assert!(parse_keyword(b"UMESH").is_none());
        assert!(parse_keyword(b"XOFF").is_none());
        assert!(parse_keyword(b"OFFx").is_none());
        assert!(parse_keyword(b"CCOFF").is_none());
        assert!(parse_keyword(b"CNOFF").unwrap().0.normals);
    }
}
