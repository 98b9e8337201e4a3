//! Errors raised while reading or validating scored pairs.

use std::fmt;
use std::path::PathBuf;

use super::Label;

/// Position of a row in its source: a file line (the header is line 1) or a
/// 1-based row of data built in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Line(u64),
    Row(usize),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Line(line) => write!(f, "line {line}"),
            Location::Row(row) => write!(f, "row {row}"),
        }
    }
}

/// Reason scored pairs were rejected. Every variant names the file or data set
/// (`origin`), the line or row, and the offending value where there is one.
#[derive(Debug, thiserror::Error)]
pub enum PairsError {
    #[error("cannot open scores file {}: {source}", path.display())]
    Open {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("cannot read scores file {}{}: {source}", path.display(), line.map(|l| format!(", line {l}")).unwrap_or_default())]
    Csv {
        path: PathBuf,
        line: Option<u64>,
        source: csv::Error,
    },

    #[error("{}: missing column `{column}` (header is `{header}`); the file needs at least pair_id,label,score", path.display())]
    MissingColumn {
        path: PathBuf,
        column: &'static str,
        header: String,
    },

    #[error("{}: column `{column}` appears twice in the header; rename or drop one of them", path.display())]
    DuplicateColumn { path: PathBuf, column: String },

    #[error(
        "{origin}, {location}: invalid label `{value}`; expected one of {}",
        Label::ACCEPTED
    )]
    InvalidLabel {
        origin: String,
        location: Location,
        value: String,
    },

    #[error(
        "{origin}, {location}: invalid score `{value}`; expected a decimal number such as 0.83"
    )]
    InvalidScore {
        origin: String,
        location: Location,
        value: String,
    },

    #[error(
        "{origin}, {location}: score {value} of pair `{pair_id}` is not finite; fix or drop the row (often a zero vector or a failed render upstream)"
    )]
    NonFiniteScore {
        origin: String,
        location: Location,
        pair_id: String,
        value: f64,
    },

    #[error("{origin}, {location}: empty pair_id; every pair needs an id")]
    EmptyPairId { origin: String, location: Location },

    #[error(
        "{origin}: pair_id `{pair_id}` appears at {first} and again at {second}; pair ids must be unique within one encoder and similarity"
    )]
    DuplicatePairId {
        origin: String,
        pair_id: String,
        first: Location,
        second: Location,
    },

    #[error(
        "{origin}: no {missing} pairs among {rows} rows, so ROC-AUC, FPR and precision are undefined; \
         add {missing} pairs (label {}) before sweeping", missing.as_digit()
    )]
    MissingClass {
        origin: String,
        missing: Label,
        rows: u64,
    },

    #[error(
        "{origin}: columns have different lengths ({pair_ids} pair ids, {labels} labels, {scores} scores, or a pass-through column differs)"
    )]
    ColumnLengthMismatch {
        origin: String,
        pair_ids: usize,
        labels: usize,
        scores: usize,
    },

    #[error(
        "{}, {location}: similarity `{similarity}` scores with direction {implied}, which conflicts with the requested direction {requested}; \
         drop the direction option or fix the similarity column", path.display()
    )]
    DirectionConflict {
        path: PathBuf,
        location: Location,
        similarity: String,
        implied: crate::ScoreDirection,
        requested: crate::ScoreDirection,
    },

    #[error(
        "{}, {location}: unknown similarity `{similarity}`, so its direction is unknown; \
         use cosine, l2 or l2_normalized, or state the direction (similarity or distance) explicitly", path.display()
    )]
    UnknownSimilarity {
        path: PathBuf,
        location: Location,
        similarity: String,
    },

    #[error("cannot write scored pairs to {}: {source}", path.display())]
    Write { path: PathBuf, source: csv::Error },
}
