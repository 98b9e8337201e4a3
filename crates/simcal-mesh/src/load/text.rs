//! Byte-level helpers for the text formats: a line reader that accepts LF,
//! CRLF and lone CR endings and strips `#` comments, a whitespace tokenizer,
//! and number parsers that never allocate.

use std::path::Path;

use super::LoadError;

/// Rejects UTF-16 text (found by its byte-order mark) with a message that
/// explains the fix, because the parsers read ASCII or UTF-8 only.
pub(crate) fn reject_utf16(path: &Path, bytes: &[u8]) -> Result<(), LoadError> {
    if bytes.starts_with(&[0xFE, 0xFF]) || bytes.starts_with(&[0xFF, 0xFE]) {
        return Err(LoadError::invalid(
            path,
            "the file is UTF-16 encoded; convert it to UTF-8 or ASCII (for example with iconv)",
        ));
    }
    Ok(())
}

/// Strips a UTF-8 byte-order mark.
pub(crate) fn skip_utf8_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes)
}

/// One line with its 1-based number, comment removed, surrounding
/// whitespace trimmed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line<'a> {
    pub number: usize,
    pub content: &'a [u8],
}

impl<'a> Line<'a> {
    pub fn tokens(&self) -> Tokens<'a> {
        Tokens { rest: self.content }
    }

    /// Returns the line as text for error messages, cut to 80 characters.
    pub fn display(&self) -> String {
        let text = String::from_utf8_lossy(self.content);
        if text.chars().count() > 80 {
            let cut: String = text.chars().take(77).collect();
            format!("{cut}...")
        } else {
            text.into_owned()
        }
    }
}

/// Iterator over the lines of a byte buffer that contain something other
/// than whitespace and comments.
pub(crate) struct SignificantLines<'a> {
    bytes: &'a [u8],
    position: usize,
    line_number: usize,
}

impl<'a> SignificantLines<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        SignificantLines {
            bytes,
            position: 0,
            line_number: 0,
        }
    }

    /// Number of bytes not yet read.
    pub fn remaining_bytes(&self) -> usize {
        self.bytes.len() - self.position
    }

    /// Number of the last line read, or 0 before the first.
    pub fn line_number(&self) -> usize {
        self.line_number
    }

    /// Next raw line (comment stripped, trimmed), possibly empty.
    fn next_raw(&mut self) -> Option<Line<'a>> {
        if self.position >= self.bytes.len() {
            return None;
        }
        let start = self.position;
        let rest = &self.bytes[start..];
        let (end, next) = match rest.iter().position(|&b| b == b'\n' || b == b'\r') {
            Some(offset) => {
                let end = start + offset;
                let skip = if rest[offset] == b'\r' && rest.get(offset + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                (end, end + skip)
            }
            None => (self.bytes.len(), self.bytes.len()),
        };
        self.position = next;
        self.line_number += 1;
        let mut content = &self.bytes[start..end];
        if let Some(hash) = content.iter().position(|&b| b == b'#') {
            content = &content[..hash];
        }
        Some(Line {
            number: self.line_number,
            content: content.trim_ascii(),
        })
    }
}

impl<'a> Iterator for SignificantLines<'a> {
    type Item = Line<'a>;

    fn next(&mut self) -> Option<Line<'a>> {
        loop {
            let line = self.next_raw()?;
            if !line.content.is_empty() {
                return Some(line);
            }
        }
    }
}

/// Whitespace-separated tokens of one line.
#[derive(Debug, Clone)]
pub(crate) struct Tokens<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for Tokens<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        let start = self.rest.iter().position(|&b| !is_whitespace(b))?;
        let rest = &self.rest[start..];
        let end = rest
            .iter()
            .position(|&b| is_whitespace(b))
            .unwrap_or(rest.len());
        self.rest = &rest[end..];
        Some(&rest[..end])
    }
}

/// Space, tab, line feed, vertical tab, form feed, carriage return: the
/// separators C's `isspace` accepts, which the formats' reference readers use.
fn is_whitespace(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Parses a decimal float (also `nan`, `inf`, exponents) into f32 with
/// correct rounding; `None` when the token is not a number.
pub(crate) fn parse_f32(token: &[u8]) -> Option<f32> {
    fast_float2::parse::<f32, _>(token).ok()
}

/// Outcome of parsing an integer token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Integer {
    Value(u64),
    Negative,
    TooLarge,
    Invalid,
}

/// Parses an unsigned decimal integer with an optional `+` sign. A leading
/// `-` followed by digits is reported as [`Integer::Negative`].
pub(crate) fn parse_integer(token: &[u8]) -> Integer {
    let (negative, digits) = match token.first() {
        Some(b'-') => (true, &token[1..]),
        Some(b'+') => (false, &token[1..]),
        _ => (false, token),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return Integer::Invalid;
    }
    if negative {
        return Integer::Negative;
    }
    let mut value: u64 = 0;
    for &digit in digits {
        value = match value
            .checked_mul(10)
            .and_then(|v| v.checked_add(u64::from(digit - b'0')))
        {
            Some(v) => v,
            None => return Integer::TooLarge,
        };
    }
    Integer::Value(value)
}

/// Token as text for error messages, cut to 40 characters.
pub(crate) fn token_text(token: &[u8]) -> String {
    let text = String::from_utf8_lossy(token);
    if text.chars().count() > 40 {
        let cut: String = text.chars().take(37).collect();
        format!("{cut}...")
    } else {
        text.into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(bytes: &[u8]) -> Vec<(usize, String)> {
        SignificantLines::new(bytes)
            .map(|line| {
                (
                    line.number,
                    String::from_utf8_lossy(line.content).into_owned(),
                )
            })
            .collect()
    }

    #[test]
    fn lines_handle_crlf_cr_and_comments() {
        let lines = collect(b"a b\r\n# c\r\n\r\nd # e\rf\n  \ng");
        assert_eq!(
            lines,
            vec![
                (1, "a b".to_string()),
                (4, "d".to_string()),
                (5, "f".to_string()),
                (7, "g".to_string()),
            ]
        );
    }

    #[test]
    fn tokens_split_on_tabs_and_spaces() {
        let line = Line {
            number: 1,
            content: b"4\t0 1  2\x0b3",
        };
        let tokens: Vec<&[u8]> = line.tokens().collect();
        assert_eq!(tokens, vec![&b"4"[..], b"0", b"1", b"2", b"3"]);
    }

    #[test]
    fn integers_parse_and_reject() {
        assert_eq!(parse_integer(b"42"), Integer::Value(42));
        assert_eq!(parse_integer(b"+7"), Integer::Value(7));
        assert_eq!(parse_integer(b"-1"), Integer::Negative);
        assert_eq!(parse_integer(b"1.5"), Integer::Invalid);
        assert_eq!(parse_integer(b""), Integer::Invalid);
        assert_eq!(parse_integer(b"99999999999999999999999"), Integer::TooLarge);
    }

    #[test]
    fn floats_parse_special_values() {
        assert_eq!(parse_f32(b"-2.5e1"), Some(-25.0));
        assert_eq!(parse_f32(b".5"), Some(0.5));
        assert!(parse_f32(b"nan").is_some_and(f32::is_nan));
        assert_eq!(parse_f32(b"1.0x"), None);
    }
}
