//! Errors raised while reading, sampling and estimating from audit data.
//!
//! Row-level variants carry `at`, a location such as `stream.csv line 7`
//! (files, header on line 1) or `row 6` (in-memory input, counted from 1).

use std::path::PathBuf;

use thiserror::Error;

#[derive(Debug, Error)]
pub enum AuditError {
    #[error("cannot read or write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{at}: invalid CSV: {message}")]
    Csv { at: String, message: String },
    #[error("{source_name}: missing column `{column}`; the header must contain {expected}")]
    MissingColumn {
        source_name: String,
        column: String,
        expected: String,
    },
    #[error("{at}: {field} `{value}` is not a finite number")]
    InvalidNumber {
        at: String,
        field: &'static str,
        value: String,
    },
    #[error("{at}: empty item id; every row needs an item id")]
    EmptyItemId { at: String },
    #[error(
        "{at}: item id `{item_id}` appears again (first at {first_at}); item ids must be unique"
    )]
    DuplicateItemId {
        at: String,
        item_id: String,
        first_at: String,
    },
    #[error(
        "{at}: score {score} of item `{item_id}` lies outside every score band {bands}; widen the band edges"
    )]
    ScoreOutsideBands {
        at: String,
        item_id: String,
        score: f64,
        bands: String,
    },
    #[error("invalid band edges {edges:?}: {reason}")]
    InvalidBandEdges { edges: Vec<f64>, reason: String },
    #[error(
        "{at}: item `{item_id}` has no label; write 1/0, true/false or positive/negative, or delete the row"
    )]
    MissingLabel { at: String, item_id: String },
    #[error("{at}: label `{value}` is not one of 1, 0, true, false, positive, negative")]
    InvalidLabel { at: String, value: String },
    #[error(
        "{at}: `{value}` is not a pair id of the form a|b; use item_a,item_b columns for ids containing `|`"
    )]
    InvalidPairId { at: String, value: String },
    #[error(
        "{at}: item `{item_id}` was not drawn from the stream for this audit; check that the sheet and the band shares file belong together"
    )]
    UnknownItemId { at: String, item_id: String },
    #[error(
        "{at}: band `{recorded}` does not match score {score}, which lies in band `{expected}`"
    )]
    BandMismatch {
        at: String,
        score: f64,
        recorded: String,
        expected: String,
    },
    #[error("{at}: band `{value}` is not one of the audit's bands {bands}")]
    UnknownBand {
        at: String,
        value: String,
        bands: String,
    },
    #[error("band {band} has no labelled items; label at least two items from it")]
    BandWithoutLabels { band: String },
    #[error(
        "band {band} has {labelled} labelled item of {stream_count} in the stream; label at least two for a variance"
    )]
    TooFewLabelled {
        band: String,
        labelled: u64,
        stream_count: u64,
    },
    #[error(
        "band {band} has {labelled} labelled items but only {stream_count} in the stream; the shares file does not match the sheet"
    )]
    MoreLabelledThanStream {
        band: String,
        labelled: u64,
        stream_count: u64,
    },
    #[error("{source_name}: {reason}")]
    InvalidShares { source_name: String, reason: String },
    #[error("{source_name}: {reason}")]
    InvalidEstimate { source_name: String, reason: String },
    #[error(
        "the two estimates use different score bands ({previous} and {current}); compare audits drawn with the same band edges"
    )]
    BandsDiffer { previous: String, current: String },
    #[error("confidence level {value} is outside (0, 1); use for example 0.95")]
    InvalidConfidenceLevel { value: f64 },
    #[error("{successes} successes out of {trials} trials is not a proportion")]
    InvalidProportion { successes: u64, trials: u64 },
    #[error("invalid option {name} = {value}: {reason}")]
    InvalidOption {
        name: &'static str,
        value: String,
        reason: String,
    },
    #[error("posterior {index} is {value}; calibrated posteriors must lie in [0, 1]")]
    InvalidPosterior { index: usize, value: f64 },
    #[error("training prior {value} is outside (0, 1)")]
    InvalidTrainingPrior { value: f64 },
    #[error("{input} is empty")]
    Empty { input: String },
    #[error("{at}: {reason}")]
    InvalidLogRecord { at: String, reason: String },
    #[error("{at}: {reason}")]
    InvalidBucket { at: String, reason: String },
}

pub type Result<T, E = AuditError> = std::result::Result<T, E>;

/// Formats the location of a CSV or JSON lines record for error messages.
pub(crate) fn at_line(source_name: &str, line: u64) -> String {
    format!("{source_name} line {line}")
}

/// Formats the location of an in-memory row, counted from 1.
pub(crate) fn at_row(index: usize) -> String {
    format!("row {}", index + 1)
}

/// Locations of the rows of a table, formatted only when an error needs one.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RowLocations {
    /// Rows built in memory, reported as `row N` from 1.
    InMemory,
    /// Rows read from a file, reported as `source_name line N`.
    File {
        source_name: String,
        lines: Vec<u64>,
    },
}

impl RowLocations {
    pub(crate) fn at(&self, index: usize) -> String {
        match self {
            Self::InMemory => at_row(index),
            Self::File { source_name, lines } => at_line(source_name, lines[index]),
        }
    }
}

pub(crate) fn io_error(path: &std::path::Path, source: std::io::Error) -> AuditError {
    AuditError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Converts a `csv` crate error into [`AuditError::Csv`] with the line it
/// reports, or the I/O error inside it.
pub(crate) fn csv_error(
    source_name: &str,
    path: Option<&std::path::Path>,
    error: csv::Error,
) -> AuditError {
    let line = error.position().map(|position| position.line());
    match error.into_kind() {
        csv::ErrorKind::Io(source) => match path {
            Some(path) => io_error(path, source),
            None => AuditError::Csv {
                at: source_name.to_string(),
                message: source.to_string(),
            },
        },
        kind => AuditError::Csv {
            at: match line {
                Some(line) => at_line(source_name, line),
                None => source_name.to_string(),
            },
            message: format!("{kind:?}"),
        },
    }
}
