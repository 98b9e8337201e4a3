//! Audit labels keyed by unordered pair, for joining with the threshold log.
//!
//! A labels CSV has a `label` column and names the pair either with
//! `item_a,item_b` columns or with an `item_id` column holding the pair id
//! `a|b` (see [`pair_id`]). A labelled audit sheet of a stream whose items
//! are pairs is therefore a valid labels file. Pair order never matters:
//! `a|b` and `b|a` are the same pair.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use crate::error::{AuditError, Result, at_line, csv_error, io_error};
use crate::sheet::parse_label;

/// Separator between the two asset ids in a pair id.
pub const PAIR_ID_SEPARATOR: char = '|';

/// Pair id `a|b` for a stream item that is a scored pair of assets.
pub fn pair_id(item_a: &str, item_b: &str) -> String {
    format!("{item_a}{PAIR_ID_SEPARATOR}{item_b}")
}

/// Order-independent key of a pair.
pub(crate) fn pair_key(item_a: &str, item_b: &str) -> (String, String) {
    if item_a <= item_b {
        (item_a.to_string(), item_b.to_string())
    } else {
        (item_b.to_string(), item_a.to_string())
    }
}

/// Labels of audited pairs: `true` for a true duplicate.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PairLabels {
    labels: HashMap<(String, String), (bool, String)>,
}

impl PairLabels {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a label; `at` names its origin and a second label for the same
    /// pair is an error naming both.
    pub fn insert(&mut self, item_a: &str, item_b: &str, label: bool, at: &str) -> Result<()> {
        let key = pair_key(item_a, item_b);
        if let Some((_, first_at)) = self.labels.get(&key) {
            return Err(AuditError::DuplicateItemId {
                at: at.to_string(),
                item_id: pair_id(&key.0, &key.1),
                first_at: first_at.clone(),
            });
        }
        self.labels.insert(key, (label, at.to_string()));
        Ok(())
    }

    /// Label of the pair in either order.
    pub fn get(&self, item_a: &str, item_b: &str) -> Option<bool> {
        self.labels
            .get(&pair_key(item_a, item_b))
            .map(|(label, _)| *label)
    }

    pub fn len(&self) -> usize {
        self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }
}

pub fn read_pair_labels(path: &Path) -> Result<PairLabels> {
    let file = std::fs::File::open(path).map_err(|source| io_error(path, source))?;
    parse_pair_labels_from(file, &path.display().to_string(), Some(path))
}

/// Parses a labels CSV; every row needs a label, and errors name the line.
pub fn parse_pair_labels(reader: impl Read, source_name: &str) -> Result<PairLabels> {
    parse_pair_labels_from(reader, source_name, None)
}

fn parse_pair_labels_from(
    reader: impl Read,
    source_name: &str,
    path: Option<&Path>,
) -> Result<PairLabels> {
    let mut csv_reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(reader);
    let headers = csv_reader
        .headers()
        .map_err(|error| csv_error(source_name, path, error))?
        .clone();
    let column = |name: &str| headers.iter().position(|header| header == name);
    let expected = "`label` and either `item_a,item_b` or `item_id` (pair id a|b)";
    let missing = |name: &str| AuditError::MissingColumn {
        source_name: source_name.to_string(),
        column: name.to_string(),
        expected: expected.to_string(),
    };
    let label_column = column("label").ok_or_else(|| missing("label"))?;
    let pair_columns = match (column("item_a"), column("item_b"), column("item_id")) {
        (Some(a), Some(b), _) => PairColumns::Split(a, b),
        (_, _, Some(id)) => PairColumns::PairId(id),
        _ => return Err(missing("item_id")),
    };

    let mut labels = PairLabels::new();
    for record in csv_reader.records() {
        let record = record.map_err(|error| csv_error(source_name, path, error))?;
        let at = at_line(
            source_name,
            record.position().map_or(0, |position| position.line()),
        );
        let (item_a, item_b) = match pair_columns {
            PairColumns::Split(a, b) => (
                record.get(a).unwrap_or_default().to_string(),
                record.get(b).unwrap_or_default().to_string(),
            ),
            PairColumns::PairId(id) => {
                let text = record.get(id).unwrap_or_default();
                match text.split_once(PAIR_ID_SEPARATOR) {
                    Some((a, b)) if !b.contains(PAIR_ID_SEPARATOR) => {
                        (a.to_string(), b.to_string())
                    }
                    _ => {
                        return Err(AuditError::InvalidPairId {
                            at,
                            value: text.to_string(),
                        });
                    }
                }
            }
        };
        if item_a.is_empty() || item_b.is_empty() {
            return Err(AuditError::EmptyItemId { at });
        }
        let label_text = record.get(label_column).unwrap_or_default();
        let Some(label) = parse_label(label_text, || at.clone())? else {
            return Err(AuditError::MissingLabel {
                at,
                item_id: pair_id(&item_a, &item_b),
            });
        };
        labels.insert(&item_a, &item_b, label, &at)?;
    }
    Ok(labels)
}

#[derive(Clone, Copy)]
enum PairColumns {
    Split(usize, usize),
    PairId(usize),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_layouts_join_in_either_order() {
        let split = parse_pair_labels("item_a,item_b,label\nx,y,1\n".as_bytes(), "l.csv").unwrap();
        let joined = parse_pair_labels(
            "item_id,score,band,label\ny|x,0.95,\"[0.9,1]\",1\n".as_bytes(),
            "l.csv",
        )
        .unwrap();
        for labels in [split, joined] {
            assert_eq!(labels.get("x", "y"), Some(true));
            assert_eq!(labels.get("y", "x"), Some(true));
            assert_eq!(labels.get("x", "z"), None);
        }
    }

    #[test]
    fn same_pair_twice_names_both_lines() {
        let error = parse_pair_labels("item_a,item_b,label\nx,y,1\ny,x,1\n".as_bytes(), "l.csv")
            .unwrap_err()
            .to_string();
        assert!(error.contains("l.csv line 3"), "{error}");
        assert!(error.contains("l.csv line 2"), "{error}");
    }

    #[test]
    fn item_id_without_separator_is_rejected() {
        let error = parse_pair_labels("item_id,label\nxy,1\n".as_bytes(), "l.csv")
            .unwrap_err()
            .to_string();
        assert!(error.contains("l.csv line 2"), "{error}");
        assert!(error.contains("pair id"), "{error}");
    }
}
