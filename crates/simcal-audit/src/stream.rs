//! Production score streams: one scored item per row, read from
//! `item_id,score[,timestamp]` CSV.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{AuditError, Result, RowLocations, at_line, csv_error, io_error};

/// One scored item of the production stream. `score` is a similarity: the
/// system flags the item when `score >= threshold`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StreamItem {
    pub item_id: String,
    pub score: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
}

/// Production score stream with unique, non-empty item ids and finite scores.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreStream {
    items: Vec<StreamItem>,
    locations: RowLocations,
}

impl ScoreStream {
    /// Validates in-memory items; errors name the row, counted from 1.
    pub fn new(items: Vec<StreamItem>) -> Result<Self> {
        Self::with_locations(items, RowLocations::InMemory)
    }

    fn with_locations(items: Vec<StreamItem>, locations: RowLocations) -> Result<Self> {
        check_ids_and_scores(
            items.iter().map(|item| (item.item_id.as_str(), item.score)),
            &locations,
        )?;
        Ok(Self { items, locations })
    }

    pub fn items(&self) -> &[StreamItem] {
        &self.items
    }

    /// Location of item `index` for error messages (`file line N` or `row N`).
    pub fn location(&self, index: usize) -> String {
        self.locations.at(index)
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// Reads a score stream CSV with header `item_id,score` and an optional
/// `timestamp` column; extra columns are ignored.
pub fn read_score_stream(path: &Path) -> Result<ScoreStream> {
    let file = std::fs::File::open(path).map_err(|source| io_error(path, source))?;
    parse_score_stream_from(file, &path.display().to_string(), Some(path))
}

/// Parses score stream CSV text; `source_name` names it in errors.
pub fn parse_score_stream(reader: impl Read, source_name: &str) -> Result<ScoreStream> {
    parse_score_stream_from(reader, source_name, None)
}

fn parse_score_stream_from(
    reader: impl Read,
    source_name: &str,
    path: Option<&Path>,
) -> Result<ScoreStream> {
    let mut csv_reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(reader);
    let headers = csv_reader
        .headers()
        .map_err(|error| csv_error(source_name, path, error))?
        .clone();
    let expected = "item_id,score[,timestamp]";
    let column = |name: &str| headers.iter().position(|header| header == name);
    let missing = |name: &str| AuditError::MissingColumn {
        source_name: source_name.to_string(),
        column: name.to_string(),
        expected: expected.to_string(),
    };
    let id_column = column("item_id").ok_or_else(|| missing("item_id"))?;
    let score_column = column("score").ok_or_else(|| missing("score"))?;
    let timestamp_column = column("timestamp");

    let mut items = Vec::new();
    let mut lines = Vec::new();
    let mut record = csv::StringRecord::new();
    while csv_reader
        .read_record(&mut record)
        .map_err(|error| csv_error(source_name, path, error))?
    {
        let line = record.position().map_or(0, |position| position.line());
        let item_id = record.get(id_column).unwrap_or_default().to_string();
        let score_text = record.get(score_column).unwrap_or_default();
        let score = parse_finite(score_text, "score", || at_line(source_name, line))?;
        let timestamp = timestamp_column
            .and_then(|column| record.get(column))
            .filter(|text| !text.is_empty())
            .map(str::to_string);
        items.push(StreamItem {
            item_id,
            score,
            timestamp,
        });
        lines.push(line);
    }
    if items.is_empty() {
        return Err(AuditError::Empty {
            input: format!("score stream {source_name}"),
        });
    }
    let locations = RowLocations::File {
        source_name: source_name.to_string(),
        lines,
    };
    ScoreStream::with_locations(items, locations)
}

/// Checks that item ids are non-empty and unique and scores finite;
/// `locations` names the items in errors.
pub(crate) fn check_ids_and_scores<'a>(
    items: impl Iterator<Item = (&'a str, f64)>,
    locations: &RowLocations,
) -> Result<()> {
    let mut first_seen: HashMap<&str, usize> = HashMap::new();
    for (index, (item_id, score)) in items.enumerate() {
        if item_id.trim().is_empty() {
            return Err(AuditError::EmptyItemId {
                at: locations.at(index),
            });
        }
        if !score.is_finite() {
            return Err(AuditError::InvalidNumber {
                at: locations.at(index),
                field: "score",
                value: score.to_string(),
            });
        }
        if let Some(&first) = first_seen.get(item_id) {
            return Err(AuditError::DuplicateItemId {
                at: locations.at(index),
                item_id: item_id.to_string(),
                first_at: locations.at(first),
            });
        }
        first_seen.insert(item_id, index);
    }
    Ok(())
}

/// Parses a finite `f64`, naming the field and location on failure.
pub(crate) fn parse_finite(
    text: &str,
    field: &'static str,
    at: impl FnOnce() -> String,
) -> Result<f64> {
    match text.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(value),
        _ => Err(AuditError::InvalidNumber {
            at: at(),
            field,
            value: text.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_with_and_without_timestamps() {
        let text = "item_id,score,timestamp\na,0.5,2025-01-06T10:00:00Z\nb,0.95,\n";
        let stream = parse_score_stream(text.as_bytes(), "stream.csv").unwrap();
        assert_eq!(stream.len(), 2);
        assert_eq!(
            stream.items()[0].timestamp.as_deref(),
            Some("2025-01-06T10:00:00Z")
        );
        assert_eq!(stream.items()[1].timestamp, None);
        assert_eq!(stream.location(1), "stream.csv line 3");
    }

    #[test]
    fn duplicate_id_names_both_lines() {
        let text = "item_id,score\na,0.5\nb,0.6\na,0.7\n";
        let error = parse_score_stream(text.as_bytes(), "stream.csv")
            .unwrap_err()
            .to_string();
        assert!(error.contains("stream.csv line 4"), "{error}");
        assert!(error.contains("stream.csv line 2"), "{error}");
    }

    #[test]
    fn non_finite_score_names_line_and_value() {
        for bad in ["NaN", "inf", "high", ""] {
            let text = format!("item_id,score\na,0.5\nb,{bad}\n");
            let error = parse_score_stream(text.as_bytes(), "s.csv")
                .unwrap_err()
                .to_string();
            assert!(error.contains("s.csv line 3"), "{error}");
            assert!(error.contains(&format!("`{bad}`")), "{error}");
        }
    }

    #[test]
    fn missing_score_column_is_named() {
        let error = parse_score_stream("item_id,similarity\na,0.5\n".as_bytes(), "s.csv")
            .unwrap_err()
            .to_string();
        assert!(error.contains("`score`"), "{error}");
    }

    #[test]
    fn in_memory_errors_name_rows() {
        let items = vec![
            StreamItem {
                item_id: "a".into(),
                score: 0.1,
                timestamp: None,
            },
            StreamItem {
                item_id: "b".into(),
                score: f64::NAN,
                timestamp: None,
            },
        ];
        let error = ScoreStream::new(items).unwrap_err().to_string();
        assert!(error.starts_with("row 2"), "{error}");
    }
}
