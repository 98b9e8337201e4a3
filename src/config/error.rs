//! Errors from reading, parsing and validating a calibration config. Each
//! names the file or key, the offending value and how to fix it.

use std::path::PathBuf;

use thiserror::Error;

/// Failure to read, parse or validate a calibration config.
#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("cannot read config {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("cannot write config {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{path} already exists; pass --force to overwrite it")]
    AlreadyExists { path: PathBuf },

    #[error("{origin} line {line}: unknown key `{key}` in {section}{}; valid keys: {}", suggestion_text(.suggestion), .valid_keys.join(", "))]
    UnknownKey {
        origin: String,
        line: usize,
        section: String,
        key: String,
        suggestion: Option<String>,
        valid_keys: Vec<String>,
    },

    #[error("{origin} line {line}: invalid value for `{key}`: {message}")]
    Syntax {
        origin: String,
        line: usize,
        key: String,
        message: String,
    },

    #[error("invalid config value {key} = {value}: {reason}")]
    InvalidValue {
        key: String,
        value: String,
        reason: String,
    },

    #[error("{key}: {path} does not exist; {hint}")]
    MissingPath {
        key: String,
        path: PathBuf,
        hint: String,
    },

    #[error("catalog {spec}: {source}")]
    Catalog {
        spec: String,
        source: simcal_dataset::CatalogError,
    },

    #[error("encoder `{name}`: {reason}")]
    Encoder { name: String, reason: String },
}

fn suggestion_text(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(key) => format!(" (did you mean `{key}`?)"),
        None => String::new(),
    }
}

impl ConfigError {
    /// Shorthand for [`ConfigError::InvalidValue`].
    pub(crate) fn invalid(
        key: impl Into<String>,
        value: impl ToString,
        reason: impl Into<String>,
    ) -> Self {
        ConfigError::InvalidValue {
            key: key.into(),
            value: value.to_string(),
            reason: reason.into(),
        }
    }
}
