//! Audit sheets: CSV `item_id,score,band,label`, written with an empty label
//! column for a labeller to fill in and read back for estimation.

use std::io::{Read, Write};
use std::path::Path;

use crate::bands::ScoreBands;
use crate::error::{AuditError, Result, RowLocations, at_line, csv_error, io_error};
use crate::stream::{check_ids_and_scores, parse_finite};

/// Header of every audit sheet.
pub const AUDIT_SHEET_HEADER: [&str; 4] = ["item_id", "score", "band", "label"];

/// One row of an audit sheet. `label` is `Some(true)` for a positive (a true
/// duplicate), `Some(false)` for a negative and `None` until labelled.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRow {
    pub item_id: String,
    pub score: f64,
    /// Index into the audit's [`ScoreBands`].
    pub band: usize,
    pub label: Option<bool>,
}

/// Audit sheet rows with their locations for error messages.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditSheet {
    rows: Vec<AuditRow>,
    locations: RowLocations,
}

impl AuditSheet {
    /// Wraps in-memory rows; errors later name them `row N`, counted from 1.
    /// Item ids must be unique and non-empty and scores finite.
    pub fn new(rows: Vec<AuditRow>) -> Result<Self> {
        Self::with_locations(rows, RowLocations::InMemory)
    }

    fn with_locations(rows: Vec<AuditRow>, locations: RowLocations) -> Result<Self> {
        check_ids_and_scores(
            rows.iter().map(|row| (row.item_id.as_str(), row.score)),
            &locations,
        )?;
        Ok(Self { rows, locations })
    }

    pub fn rows(&self) -> &[AuditRow] {
        &self.rows
    }

    /// Location of row `index` (`file line N` or `row N`).
    pub fn location(&self, index: usize) -> String {
        self.locations.at(index)
    }
}

/// Parses a label cell: `1`, `true`, `positive` are positive; `0`, `false`,
/// `negative` are negative (any case); an empty cell is `Ok(None)`. Any
/// other text is [`AuditError::InvalidLabel`] at the location `at` returns.
pub fn parse_label(text: &str, at: impl FnOnce() -> String) -> Result<Option<bool>> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    match simcal_sweep::Label::parse(text) {
        Some(label) => Ok(Some(label.is_positive())),
        None => Err(AuditError::InvalidLabel {
            at: at(),
            value: text.to_string(),
        }),
    }
}

/// Writes rows as an audit sheet; unlabelled rows get an empty label cell
/// and labelled rows `1` or `0`.
pub fn write_audit_sheet(path: &Path, rows: &[AuditRow], bands: &ScoreBands) -> Result<()> {
    let file = std::fs::File::create(path).map_err(|source| io_error(path, source))?;
    write_audit_sheet_to(file, rows, bands).map_err(|error| match error {
        AuditError::Csv { message, .. } => io_error(path, std::io::Error::other(message)),
        other => other,
    })
}

pub fn write_audit_sheet_to(
    writer: impl Write,
    rows: &[AuditRow],
    bands: &ScoreBands,
) -> Result<()> {
    let to_error = |error: csv::Error| csv_error("audit sheet", None, error);
    let mut csv_writer = csv::Writer::from_writer(writer);
    csv_writer
        .write_record(AUDIT_SHEET_HEADER)
        .map_err(to_error)?;
    for row in rows {
        let label = match row.label {
            None => "",
            Some(true) => "1",
            Some(false) => "0",
        };
        let score = row.score.to_string();
        csv_writer
            .write_record([
                row.item_id.as_str(),
                score.as_str(),
                bands.label(row.band).as_str(),
                label,
            ])
            .map_err(to_error)?;
    }
    csv_writer.flush().map_err(|source| AuditError::Csv {
        at: "audit sheet".to_string(),
        message: source.to_string(),
    })
}

/// Reads an audit sheet, checking each row's band against its score.
/// Missing labels are allowed here; estimation rejects them.
pub fn read_audit_sheet(path: &Path, bands: &ScoreBands) -> Result<AuditSheet> {
    let file = std::fs::File::open(path).map_err(|source| io_error(path, source))?;
    parse_audit_sheet_from(file, &path.display().to_string(), Some(path), bands)
}

/// Parses audit sheet CSV text; `source_name` names it in errors.
pub fn parse_audit_sheet(
    reader: impl Read,
    source_name: &str,
    bands: &ScoreBands,
) -> Result<AuditSheet> {
    parse_audit_sheet_from(reader, source_name, None, bands)
}

fn parse_audit_sheet_from(
    reader: impl Read,
    source_name: &str,
    path: Option<&Path>,
    bands: &ScoreBands,
) -> Result<AuditSheet> {
    let mut csv_reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(reader);
    let headers = csv_reader
        .headers()
        .map_err(|error| csv_error(source_name, path, error))?
        .clone();
    let mut columns = [0usize; 4];
    for (slot, name) in columns.iter_mut().zip(AUDIT_SHEET_HEADER) {
        *slot = headers
            .iter()
            .position(|header| header == name)
            .ok_or_else(|| AuditError::MissingColumn {
                source_name: source_name.to_string(),
                column: name.to_string(),
                expected: AUDIT_SHEET_HEADER.join(","),
            })?;
    }
    let [id_column, score_column, band_column, label_column] = columns;

    let mut rows = Vec::new();
    let mut lines = Vec::new();
    for record in csv_reader.records() {
        let record = record.map_err(|error| csv_error(source_name, path, error))?;
        let line = record.position().map_or(0, |position| position.line());
        let at = at_line(source_name, line);
        let item_id = record.get(id_column).unwrap_or_default().to_string();
        let score = parse_finite(
            record.get(score_column).unwrap_or_default(),
            "score",
            || at.clone(),
        )?;
        let band_text = record.get(band_column).unwrap_or_default();
        let band = bands
            .band_with_label(band_text)
            .ok_or_else(|| AuditError::UnknownBand {
                at: at.clone(),
                value: band_text.to_string(),
                bands: bands.describe(),
            })?;
        let expected_band = bands
            .band_of(score)
            .ok_or_else(|| AuditError::ScoreOutsideBands {
                at: at.clone(),
                item_id: item_id.clone(),
                score,
                bands: bands.describe(),
            })?;
        if expected_band != band {
            return Err(AuditError::BandMismatch {
                at,
                score,
                recorded: band_text.to_string(),
                expected: bands.label(expected_band),
            });
        }
        let label_text = record.get(label_column).unwrap_or_default();
        let label = parse_label(label_text, || at.clone())?;
        rows.push(AuditRow {
            item_id,
            score,
            band,
            label,
        });
        lines.push(line);
    }
    let locations = RowLocations::File {
        source_name: source_name.to_string(),
        lines,
    };
    AuditSheet::with_locations(rows, locations)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_parse_in_any_case() {
        for (text, expected) in [
            ("1", Some(true)),
            ("TRUE", Some(true)),
            ("Positive", Some(true)),
            ("0", Some(false)),
            ("false", Some(false)),
            ("negative", Some(false)),
            ("", None),
            ("  ", None),
        ] {
            assert_eq!(
                parse_label(text, || "x".into()).unwrap(),
                expected,
                "label `{text}`"
            );
        }
        for bad in ["yes", "2"] {
            let error = parse_label(bad, || "sheet.csv line 9".into())
                .unwrap_err()
                .to_string();
            assert!(error.starts_with("sheet.csv line 9"), "{error}");
        }
    }

    #[test]
    fn sheet_round_trips_through_csv() {
        let bands = ScoreBands::default();
        let rows = vec![
            AuditRow {
                item_id: "a".into(),
                score: 0.25,
                band: 0,
                label: None,
            },
            AuditRow {
                item_id: "b".into(),
                score: 0.95,
                band: 2,
                label: Some(true),
            },
            AuditRow {
                item_id: "c".into(),
                score: 0.8,
                band: 1,
                label: Some(false),
            },
        ];
        let mut buffer = Vec::new();
        write_audit_sheet_to(&mut buffer, &rows, &bands).unwrap();
        let text = String::from_utf8(buffer).unwrap();
        assert!(
            text.starts_with("item_id,score,band,label\na,0.25,\"[0,0.7)\",\n"),
            "{text}"
        );

        let sheet = parse_audit_sheet(text.as_bytes(), "sheet.csv", &bands).unwrap();
        assert_eq!(sheet.rows(), rows.as_slice());
        assert_eq!(sheet.location(2), "sheet.csv line 4");
    }

    #[test]
    fn band_that_contradicts_score_is_rejected() {
        let text = "item_id,score,band,label\na,0.95,\"[0.7,0.9)\",1\n";
        let error = parse_audit_sheet(text.as_bytes(), "s.csv", &ScoreBands::default())
            .unwrap_err()
            .to_string();
        assert!(error.contains("s.csv line 2"), "{error}");
        assert!(error.contains("[0.9,1]"), "{error}");
    }
}
