//! Reading pins back from insta snapshot files (`<name>.snap`): a `---`
//! line, insta's YAML metadata, a second `---` line, then the pin's YAML.

use std::path::{Path, PathBuf};

use super::{PinError, PinnedThresholds};

/// File extension of accepted snapshots.
pub const SNAPSHOT_EXTENSION: &str = "snap";

/// Path of the accepted snapshot `name` in `snapshot_dir`.
pub fn snapshot_path(snapshot_dir: &Path, name: &str) -> PathBuf {
    snapshot_dir.join(format!("{name}.{SNAPSHOT_EXTENSION}"))
}

/// Returns the body of an insta snapshot file, without its metadata header.
pub fn read_snapshot_body(path: &Path) -> Result<String, PinError> {
    let text = std::fs::read_to_string(path).map_err(|source| PinError::Read {
        path: path.to_owned(),
        source,
    })?;
    strip_header(&text)
        .map(str::to_owned)
        .ok_or_else(|| PinError::MissingHeader {
            path: path.to_owned(),
        })
}

/// Loads and validates the pin stored at `path`.
pub fn load_pin(path: &Path) -> Result<PinnedThresholds, PinError> {
    let body = read_snapshot_body(path)?;
    PinnedThresholds::from_yaml(&body, &path.display().to_string())
}

/// Names (file stems) of every accepted snapshot in `snapshot_dir`, sorted.
/// A missing folder holds no snapshots.
pub fn list_snapshot_names(snapshot_dir: &Path) -> Result<Vec<String>, PinError> {
    let entries = match std::fs::read_dir(snapshot_dir) {
        Ok(entries) => entries,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(PinError::Read {
                path: snapshot_dir.to_owned(),
                source,
            });
        }
    };
    let mut names = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|source| PinError::Read {
                path: snapshot_dir.to_owned(),
                source,
            })?
            .path();
        let is_snapshot = path
            .extension()
            .is_some_and(|extension| extension == SNAPSHOT_EXTENSION);
        if let (true, Some(stem)) = (is_snapshot, path.file_stem().and_then(|stem| stem.to_str())) {
            names.push(stem.to_owned());
        }
    }
    names.sort();
    Ok(names)
}

fn strip_header(text: &str) -> Option<&str> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        offset += line.len();
        if line.trim_end() == "---" {
            return Some(&rest[offset..]);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::strip_header;

    #[test]
    fn header_is_stripped() {
        let text = "---\nsource: tests/x.rs\nexpression: pin\n---\nsnapshot: a\n";
        assert_eq!(strip_header(text), Some("snapshot: a\n"));
    }

    #[test]
    fn missing_second_marker_is_rejected() {
        assert_eq!(strip_header("---\nsource: x\n"), None);
        assert_eq!(strip_header("snapshot: a\n"), None);
    }
}
