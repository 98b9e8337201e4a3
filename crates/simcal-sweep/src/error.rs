//! Errors of sweep configuration, computation and report output.

use std::path::PathBuf;

use crate::pairs::PairsError;

/// Error of sweep configuration, computation or output.
#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    #[error(
        "invalid base rate {value}; a positive base rate must lie strictly between 0 and 1 (for example 0.05 for 5%)"
    )]
    InvalidBaseRate { value: f64 },

    #[error(
        "invalid precision target {value}; a precision target must lie in (0, 1] (for example 0.95)"
    )]
    InvalidPrecisionTarget { value: f64 },

    #[error("invalid {what} `{text}`; expected a decimal number")]
    InvalidNumber { what: &'static str, text: String },

    #[error(
        "invalid confidence level {value}; it must lie strictly between 0 and 1 (for example 0.95)"
    )]
    InvalidConfidenceLevel { value: f64 },

    #[error("invalid fold count {folds}; a held-out check needs at least 2 folds")]
    InvalidFolds { folds: usize },

    #[error(
        "{origin}: the held-out check needs at least {folds} {class} pairs (one per fold) but there are {count}; \
         lower the fold count or add {class} pairs"
    )]
    TooFewPairsForFolds {
        origin: String,
        folds: usize,
        class: crate::Label,
        count: u64,
    },

    #[error("invalid threshold {value}; a threshold must be finite")]
    NonFiniteThreshold { value: f64 },

    #[error("no base rates requested; give at least one, such as 0.05")]
    NoBaseRates,

    #[error("no precision targets requested; give at least one, such as 0.95")]
    NoPrecisionTargets,

    #[error(transparent)]
    Pairs(#[from] PairsError),

    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: csv::Error },

    #[error("cannot create output directory {}: {source}", path.display())]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
}
