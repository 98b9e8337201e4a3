//! The run folder's own CSV files: `scores.csv`, `norms.csv` and
//! `hard-negatives.csv`. Rows are ordered by encoder (plan order), then
//! similarity (config order), then pair or object id, so reruns write
//! identical bytes.

use std::path::Path;

use crate::pipeline::{CalibrationRun, PipelineError};

/// Columns of `scores.csv`; `simcal sweep --scores` reads it as it is.
pub const SCORES_COLUMNS: [&str; 5] = ["pair_id", "label", "encoder", "similarity", "score"];
/// Columns of `norms.csv`.
pub const NORMS_COLUMNS: [&str; 5] = ["encoder", "object_id", "class", "variant", "raw_l2_norm"];
/// Columns of `hard-negatives.csv`.
pub const HARD_NEGATIVES_COLUMNS: [&str; 8] = [
    "encoder", "rank", "pair_id", "object_a", "class_a", "object_b", "class_b", "cosine",
];

fn writer(path: &Path) -> Result<csv::Writer<std::fs::File>, PipelineError> {
    csv::Writer::from_path(path).map_err(|error| PipelineError::write(path, error))
}

/// Writes one row per pair, encoder and similarity.
pub fn write_scores_csv(path: &Path, run: &CalibrationRun) -> Result<(), PipelineError> {
    let mut out = writer(path)?;
    out.write_record(SCORES_COLUMNS)
        .map_err(|error| PipelineError::write(path, error))?;
    for encoder in &run.encoders {
        for similarity in &encoder.similarities {
            for (pair, score) in run.pairs.iter().zip(&similarity.scores) {
                out.write_record([
                    pair.pair_id.as_str(),
                    pair.label.as_digit(),
                    encoder.name.as_str(),
                    similarity.similarity.name(),
                    &score.to_string(),
                ])
                .map_err(|error| PipelineError::write(path, error))?;
            }
        }
    }
    out.flush()
        .map_err(|error| PipelineError::write(path, error))
}

/// Writes the pre-normalisation norm of every embedded object per encoder.
pub fn write_norms_csv(path: &Path, run: &CalibrationRun) -> Result<(), PipelineError> {
    let mut out = writer(path)?;
    out.write_record(NORMS_COLUMNS)
        .map_err(|error| PipelineError::write(path, error))?;
    for encoder in &run.encoders {
        for norm in &encoder.norms {
            out.write_record([
                encoder.name.as_str(),
                norm.object_id.as_str(),
                norm.class.as_str(),
                norm.variant.name(),
                &norm.raw_l2_norm.to_string(),
            ])
            .map_err(|error| PipelineError::write(path, error))?;
        }
    }
    out.flush()
        .map_err(|error| PipelineError::write(path, error))
}

/// Writes the top hard negatives of every encoder, rank 1 first.
pub fn write_hard_negatives_csv(path: &Path, run: &CalibrationRun) -> Result<(), PipelineError> {
    let mut out = writer(path)?;
    out.write_record(HARD_NEGATIVES_COLUMNS)
        .map_err(|error| PipelineError::write(path, error))?;
    for encoder in &run.encoders {
        for negative in &encoder.hard_negatives {
            out.write_record([
                encoder.name.as_str(),
                &negative.rank.to_string(),
                negative.pair_id.as_str(),
                negative.object_a.as_str(),
                negative.class_a.as_str(),
                negative.object_b.as_str(),
                negative.class_b.as_str(),
                &negative.cosine.to_string(),
            ])
            .map_err(|error| PipelineError::write(path, error))?;
        }
    }
    out.flush()
        .map_err(|error| PipelineError::write(path, error))
}
