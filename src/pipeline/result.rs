//! The in-memory result of a calibration run, everything the run folder,
//! the figures, the report and the Gherkin steps read.

use std::path::PathBuf;

use simcal_dataset::{ObjectPair, SkippedObject, Variant};
use simcal_sweep::{BaseRate, PrecisionTarget, Similarity, SweepReport, ThresholdChoice};

use super::provenance::Provenance;

/// A finished calibration run.
#[derive(Debug, Clone)]
pub struct CalibrationRun {
    /// Every pair, sorted by pair id (positives first, as drawn).
    pub pairs: Vec<ObjectPair>,
    /// Catalog objects that failed to load and were left out.
    pub skipped_objects: Vec<SkippedObject>,
    /// One entry per encoder, in plan order.
    pub encoders: Vec<EncoderRun>,
    pub provenance: Provenance,
    /// The run folder, when outputs were written.
    pub run_folder: Option<PathBuf>,
}

/// Everything computed for one encoder.
#[derive(Debug, Clone)]
pub struct EncoderRun {
    /// Name from the config, e.g. `efficientnet-lite0`; the CSV files use it.
    pub name: String,
    /// Encoder id including the model and parameter hashes.
    pub encoder_id: String,
    pub dimension: usize,
    /// L2 norm of every embedded object before any normalisation, sorted by
    /// object id, originals before twins.
    pub norms: Vec<ObjectNorm>,
    /// One entry per configured similarity, in config order.
    pub similarities: Vec<SimilarityRun>,
    /// The `hard_negatives_k` highest-scoring negatives on cosine,
    /// highest first, ties broken by pair id.
    pub hard_negatives: Vec<HardNegative>,
    /// Decisions of cosine against raw L2, when both were scored.
    pub disagreement: Option<Disagreement>,
}

/// Scores and sweep for one encoder and similarity.
#[derive(Debug, Clone)]
pub struct SimilarityRun {
    pub similarity: Similarity,
    /// One score per pair, aligned with [`CalibrationRun::pairs`].
    pub scores: Vec<f64>,
    pub report: SweepReport,
}

/// Pre-normalisation L2 norm of one embedded object.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectNorm {
    pub object_id: String,
    pub class: String,
    pub variant: Variant,
    pub raw_l2_norm: f64,
}

/// A negative pair that scores high on cosine.
#[derive(Debug, Clone, PartialEq)]
pub struct HardNegative {
    /// 1 for the highest-scoring negative.
    pub rank: usize,
    pub pair_id: String,
    pub object_a: String,
    pub class_a: String,
    pub object_b: String,
    pub class_b: String,
    pub cosine: f64,
}

/// How often cosine and raw L2 disagree on a pair when each uses its own
/// threshold chosen at the same base rate and precision target.
#[derive(Debug, Clone, PartialEq)]
pub struct Disagreement {
    pub base_rate: f64,
    pub precision_target: f64,
    pub cosine_threshold: f64,
    pub l2_threshold: f64,
    pub pairs: usize,
    /// Pairs that one score predicts positive and the other negative.
    pub disagreeing_pairs: usize,
    pub disagreeing_positives: usize,
    pub disagreeing_negatives: usize,
    /// Spearman rank correlation between cosine and negated raw L2.
    pub rank_correlation: f64,
}

impl CalibrationRun {
    /// The encoder with this config name.
    pub fn encoder(&self, name: &str) -> Option<&EncoderRun> {
        self.encoders.iter().find(|encoder| encoder.name == name)
    }

    /// The sweep for one encoder and similarity.
    pub fn sweep(&self, encoder: &str, similarity: Similarity) -> Option<&SweepReport> {
        self.encoder(encoder)?
            .similarity(similarity)
            .map(|run| &run.report)
    }

    /// The operating point chosen for one encoder, similarity, base rate and
    /// precision target (both compared exactly as configured).
    pub fn operating_point(
        &self,
        encoder: &str,
        similarity: Similarity,
        base_rate: f64,
        precision_target: f64,
    ) -> Option<&ThresholdChoice> {
        self.sweep(encoder, similarity)?
            .thresholds
            .iter()
            .map(|row| &row.choice)
            .find(|choice| {
                choice.base_rate.value() == base_rate
                    && choice.precision_target.value() == precision_target
            })
    }

    /// Number of positive and negative pairs.
    pub fn pair_counts(&self) -> (usize, usize) {
        let positives = self
            .pairs
            .iter()
            .filter(|pair| pair.label.is_positive())
            .count();
        (positives, self.pairs.len() - positives)
    }
}

impl EncoderRun {
    /// The scores and sweep for one similarity.
    pub fn similarity(&self, similarity: Similarity) -> Option<&SimilarityRun> {
        self.similarities
            .iter()
            .find(|run| run.similarity == similarity)
    }
}

/// Looks up the chosen operating point in a report.
pub fn choice_at(
    report: &SweepReport,
    base_rate: BaseRate,
    target: PrecisionTarget,
) -> Option<&ThresholdChoice> {
    report
        .thresholds
        .iter()
        .map(|row| &row.choice)
        .find(|choice| choice.base_rate == base_rate && choice.precision_target == target)
}
