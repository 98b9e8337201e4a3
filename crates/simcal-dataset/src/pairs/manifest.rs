//! `pair-manifest.csv`: the pairs of a run, one per row, with the columns
//! `pair_id,label,a_id,a_class,a_variant,b_id,b_class,b_variant,perturbation`.
//! Labels are `1` (positive) or `0` (negative). The perturbation column
//! contains the twin's chain for positives and is empty for negatives.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::{ObjectPair, PairLabel, PairSide, Variant};
use crate::csv_columns::{ColumnLookupError, open_with_columns};
use crate::perturb::PerturbationChain;

/// Manifest columns, in the order they are written.
pub const PAIR_MANIFEST_COLUMNS: [&str; 9] = [
    "pair_id",
    "label",
    "a_id",
    "a_class",
    "a_variant",
    "b_id",
    "b_class",
    "b_variant",
    "perturbation",
];

/// Failure to read or write a pair manifest.
#[derive(Debug, Error)]
pub enum PairManifestError {
    #[error("failed to write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{path}: {source}")]
    Csv {
        path: PathBuf,
        #[source]
        source: csv::Error,
    },
    #[error("{path}: missing column '{column}'; the header must be {}", PAIR_MANIFEST_COLUMNS.join(","))]
    MissingColumn { path: PathBuf, column: &'static str },
    #[error("{path}:{line}: {reason}")]
    InvalidRow {
        path: PathBuf,
        line: u64,
        reason: String,
    },
}

/// Writes `pairs` as CSV to `writer`.
pub fn write_pair_manifest_to(pairs: &[ObjectPair], writer: impl Write) -> Result<(), csv::Error> {
    let mut csv_writer = csv::Writer::from_writer(writer);
    csv_writer.write_record(PAIR_MANIFEST_COLUMNS)?;
    for pair in pairs {
        let perturbation = pair
            .perturbation
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        csv_writer.write_record([
            pair.pair_id.as_str(),
            pair.label.as_digit(),
            &pair.a.object_id,
            &pair.a.class,
            pair.a.variant.name(),
            &pair.b.object_id,
            &pair.b.class,
            pair.b.variant.name(),
            &perturbation,
        ])?;
    }
    csv_writer.flush()?;
    Ok(())
}

/// Writes `pairs` to the CSV file at `path`.
pub fn write_pair_manifest(pairs: &[ObjectPair], path: &Path) -> Result<(), PairManifestError> {
    let file = fs::File::create(path).map_err(|source| PairManifestError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    write_pair_manifest_to(pairs, io::BufWriter::new(file)).map_err(|source| {
        PairManifestError::Csv {
            path: path.to_path_buf(),
            source,
        }
    })
}

/// Reads and checks a pair manifest: labels, variants and perturbations
/// must be consistent with the pair kind, and pair ids unique.
pub fn read_pair_manifest(path: &Path) -> Result<Vec<ObjectPair>, PairManifestError> {
    let csv_error = |source| PairManifestError::Csv {
        path: path.to_path_buf(),
        source,
    };
    let (mut reader, column_index) =
        open_with_columns(path, PAIR_MANIFEST_COLUMNS).map_err(|error| match error {
            ColumnLookupError::Csv(source) => csv_error(source),
            ColumnLookupError::Missing(column) => PairManifestError::MissingColumn {
                path: path.to_path_buf(),
                column,
            },
        })?;

    let mut pairs = Vec::new();
    let mut pair_lines: HashMap<String, u64> = HashMap::new();
    let mut negative_pairs = HashSet::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let line = record.position().map_or(0, |position| position.line());
        let invalid = |reason: String| PairManifestError::InvalidRow {
            path: path.to_path_buf(),
            line,
            reason,
        };
        let fields: [&str; 9] = std::array::from_fn(|k| record.get(column_index[k]).unwrap_or(""));
        let pair = parse_row(fields).map_err(invalid)?;
        if let Some(first) = pair_lines.insert(pair.pair_id.clone(), line) {
            return Err(invalid(format!(
                "pair id '{}' was already used on line {first}",
                pair.pair_id
            )));
        }
        if pair.label == PairLabel::Negative {
            let key = if pair.a.object_id <= pair.b.object_id {
                (pair.a.object_id.clone(), pair.b.object_id.clone())
            } else {
                (pair.b.object_id.clone(), pair.a.object_id.clone())
            };
            if !negative_pairs.insert(key) {
                return Err(invalid(format!(
                    "negative pair {} / {} is listed twice",
                    pair.a.object_id, pair.b.object_id
                )));
            }
        }
        pairs.push(pair);
    }
    Ok(pairs)
}

fn parse_row(fields: [&str; 9]) -> Result<ObjectPair, String> {
    let [
        pair_id,
        label,
        a_id,
        a_class,
        a_variant,
        b_id,
        b_class,
        b_variant,
        perturbation,
    ] = fields;
    for (value, column) in fields.iter().zip(PAIR_MANIFEST_COLUMNS).take(8) {
        if value.is_empty() {
            return Err(format!("empty {column}"));
        }
    }
    let label: PairLabel = label.parse()?;
    let a = PairSide {
        object_id: a_id.to_string(),
        class: a_class.to_string(),
        variant: a_variant.parse()?,
    };
    let b = PairSide {
        object_id: b_id.to_string(),
        class: b_class.to_string(),
        variant: b_variant.parse()?,
    };

    let perturbation = match label {
        PairLabel::Positive => {
            if a.object_id != b.object_id || a.class != b.class {
                return Err(format!(
                    "positive pair {pair_id} compares {} with {}; a positive compares one object with its twin",
                    a.object_id, b.object_id
                ));
            }
            if (a.variant, b.variant) != (Variant::Original, Variant::Twin) {
                return Err(format!(
                    "positive pair {pair_id} has variants {}/{}; expected original/twin",
                    a.variant, b.variant
                ));
            }
            let chain: PerturbationChain =
                perturbation.parse().map_err(|error| format!("{error}"))?;
            Some(chain)
        }
        PairLabel::Negative => {
            if a.class == b.class {
                return Err(format!(
                    "negative pair {pair_id} compares two objects of class '{}'; negatives must cross classes",
                    a.class
                ));
            }
            if (a.variant, b.variant) != (Variant::Original, Variant::Original) {
                return Err(format!(
                    "negative pair {pair_id} has variants {}/{}; expected original/original",
                    a.variant, b.variant
                ));
            }
            if !perturbation.is_empty() {
                return Err(format!(
                    "negative pair {pair_id} has perturbation '{perturbation}'; negatives compare originals and leave it empty"
                ));
            }
            None
        }
    };
    Ok(ObjectPair {
        pair_id: pair_id.to_string(),
        label,
        a,
        b,
        perturbation,
    })
}
