//! Errors raised while building, reading or comparing pinned thresholds.

use std::path::PathBuf;

use thiserror::Error;

/// Reason a pin could not be built, read or compared.
#[derive(Debug, Error)]
pub enum PinError {
    #[error(
        "snapshot name {name:?} is invalid: use 1-100 ASCII letters, digits, '-' or '_' \
         (it becomes the file name snapshots/<name>.snap)"
    )]
    InvalidName { name: String },
    #[error("pin {snapshot:?}: {field} is {value}, expected {expected}")]
    InvalidValue {
        snapshot: String,
        field: String,
        value: String,
        expected: &'static str,
    },
    #[error(
        "pin {snapshot:?} lists encoder {encoder_id:?}, similarity {similarity:?}, base rate \
         {base_rate}, precision target {precision_target} twice; keep one entry per operating point"
    )]
    DuplicateOperatingPoint {
        snapshot: String,
        encoder_id: String,
        similarity: String,
        base_rate: f64,
        precision_target: f64,
    },
    #[error(
        "pin {snapshot:?} holds no operating points; a pin with nothing to compare always passes"
    )]
    Empty { snapshot: String },
    #[error("failed to read snapshot file {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "snapshot file {path} has no insta header (a '---' line, metadata, a second '---' line); \
         delete it and rerun to write a pending snapshot, then accept it with `cargo insta review`"
    )]
    MissingHeader { path: PathBuf },
    #[error("snapshot {origin} is not a valid pin: {source}")]
    Parse {
        origin: String,
        #[source]
        source: serde_yaml_ng::Error,
    },
    #[error("failed to serialise pin {snapshot:?} as YAML: {source}")]
    Serialise {
        snapshot: String,
        #[source]
        source: serde_yaml_ng::Error,
    },
}
