//! The scenario state: the configuration the Given steps build, the shared
//! pipeline result, and what the When steps computed from it.

use std::sync::Arc;

use anyhow::{Context, anyhow, bail};
use simcal::audit::{
    BucketCheck, HardNegative, PrevalenceEstimate, Recalibration, ScoreStream, WeekComparison,
};
use simcal::config::CalibrationConfig;
use simcal::pins::PinnedSeeds;
use simcal::sweep::{
    BaseRate, PrecisionTarget, ScoredPairs, ShippedThreshold, Similarity, SweepReport,
    ThresholdChoice,
};

/// State of one scenario. Every scenario starts from [`CalibrationWorld::default`].
#[derive(Debug, cucumber::World)]
pub struct CalibrationWorld {
    /// The configuration built by the Given steps.
    pub config: CalibrationConfig,
    /// Whether an encoder step replaced the default encoder list yet.
    pub encoders_set: bool,
    /// The pipeline result for `config`, shared with other scenarios.
    pub run: Option<Arc<SuiteRun>>,
    /// Encoder name and similarity that threshold steps examine.
    pub focus: Focus,
    /// Result of the last "calibrated at precision P and base rate B" step.
    pub calibrated: Option<ThresholdChoice>,
    /// Result of the last "shipped to base rate B" step.
    pub shipped: Option<Shipped>,
    /// Result of the last "hard negatives are mined" step.
    pub hard_negatives: Option<Vec<HardNegative>>,
    pub estimation: EstimationState,
    pub bucket_check: Option<BucketCheck>,
}

impl Default for CalibrationWorld {
    /// The documented default config without optional encoders, so that a
    /// scenario never depends on which models happen to be installed.
    fn default() -> Self {
        let mut config = CalibrationConfig::default();
        config.optional_encoders.clear();
        Self {
            config,
            encoders_set: false,
            run: None,
            focus: Focus::default(),
            calibrated: None,
            shipped: None,
            hard_negatives: None,
            estimation: EstimationState::default(),
            bucket_check: None,
        }
    }
}

/// Which score set the threshold steps read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Focus {
    /// Encoder name as written in the config; `None` means the first encoder.
    pub encoder: Option<String>,
    pub similarity: Option<Similarity>,
}

/// A threshold calibrated at one base rate, evaluated at another.
#[derive(Debug, Clone)]
pub struct Shipped {
    pub calibrated: ThresholdChoice,
    pub target_base_rate: BaseRate,
    pub evaluation: ShippedThreshold,
}

impl Shipped {
    /// Realised precision at the target base rate; `None` when nothing is
    /// predicted positive.
    pub fn realised_precision(&self) -> Option<f64> {
        self.evaluation
            .at_base_rates
            .iter()
            .find(|at| at.base_rate == self.target_base_rate)
            .and_then(|at| at.precision)
    }
}

/// Production stream, audit and estimates of the estimation steps.
#[derive(Debug, Default)]
pub struct EstimationState {
    pub stream: Option<SimulatedStream>,
    pub estimate: Option<PrevalenceEstimate>,
    pub previous_estimate: Option<PrevalenceEstimate>,
    pub flagged_only_rate: Option<f64>,
    pub week_comparison: Option<WeekComparison>,
    pub recalibrations: Vec<Recalibration>,
}

/// A seeded production stream whose true labels are known.
#[derive(Debug, Clone)]
pub struct SimulatedStream {
    pub stream: ScoreStream,
    /// True label per item, in stream order.
    pub labels: Vec<bool>,
    pub true_base_rate: f64,
}

/// Everything the steps read from one pipeline run.
#[derive(Debug)]
pub struct SuiteRun {
    pub provenance: RunProvenance,
    pub score_sets: Vec<ScoreSet>,
    pub norms: Vec<EncoderNorms>,
    /// Highest-scoring negatives per encoder (cosine), hardest first.
    pub hard_negatives: Vec<(String, Vec<HardNegative>)>,
    /// Pairs on which raw L2 and cosine give different verdicts, per encoder.
    pub disagreements: Vec<(String, usize)>,
}

/// Provenance of a run, as pinned in snapshots.
#[derive(Debug, Clone)]
pub struct RunProvenance {
    pub catalog: String,
    pub perturbations: Vec<String>,
    pub seeds: PinnedSeeds,
    pub bootstrap_resamples: usize,
    pub negative_pairs: usize,
    pub render_backend: String,
    /// wgpu device type of the render adapter (`Cpu`, `DiscreteGpu`, ...);
    /// `None` when nothing was rendered (no image encoder, or every
    /// embedding came from the cache).
    pub render_device_type: Option<String>,
}

/// Scores and sweep of one (encoder, similarity).
#[derive(Debug)]
pub struct ScoreSet {
    /// Encoder name as written in the config.
    pub encoder_name: String,
    /// Encoder identity including its weights hash.
    pub encoder_id: String,
    pub similarity: Similarity,
    pub pairs: ScoredPairs,
    pub report: SweepReport,
}

/// Pre-normalisation L2 norms of one encoder's embeddings.
#[derive(Debug)]
pub struct EncoderNorms {
    pub encoder_name: String,
    pub encoder_id: String,
    pub norms: Vec<f64>,
}

impl EncoderNorms {
    /// Median norm; `None` for no embeddings.
    pub fn median(&self) -> Option<f64> {
        let mut sorted = self.norms.clone();
        sorted.sort_by(f64::total_cmp);
        let middle = sorted.len() / 2;
        match sorted.len() {
            0 => None,
            length if length % 2 == 1 => Some(sorted[middle]),
            _ => Some((sorted[middle - 1] + sorted[middle]) / 2.0),
        }
    }
}

impl CalibrationWorld {
    /// The pipeline result, or an error telling the author which step is missing.
    pub fn run(&self) -> anyhow::Result<&SuiteRun> {
        self.run
            .as_deref()
            .context("no pipeline result: add the step `When the pipeline runs` before this one")
    }

    /// The score set in focus: the focused (or first) encoder under the
    /// focused similarity (cosine by default).
    pub fn focused_scores(&self) -> anyhow::Result<&ScoreSet> {
        let run = self.run()?;
        let similarity = self.focus.similarity.unwrap_or(Similarity::Cosine);
        let encoder = match &self.focus.encoder {
            Some(encoder) => encoder.clone(),
            None => run
                .score_sets
                .first()
                .map(|set| set.encoder_name.clone())
                .context("the run scored no pairs")?,
        };
        self.scores_of(&encoder, similarity)
    }

    /// The score set of `encoder` (config name) under `similarity`.
    pub fn scores_of(&self, encoder: &str, similarity: Similarity) -> anyhow::Result<&ScoreSet> {
        let run = self.run()?;
        run.score_sets
            .iter()
            .find(|set| set.encoder_name == encoder && set.similarity == similarity)
            .ok_or_else(|| {
                let available: Vec<String> = run
                    .score_sets
                    .iter()
                    .map(|set| format!("{} / {}", set.encoder_name, set.similarity))
                    .collect();
                anyhow!(
                    "no scores for encoder {encoder:?} under {similarity}; the run has: {}",
                    available.join(", ")
                )
            })
    }

    /// The last calibrated threshold, or an error naming the missing step.
    pub fn calibrated(&self) -> anyhow::Result<&ThresholdChoice> {
        self.calibrated.as_ref().context(
            "no calibrated threshold: add `When the threshold is calibrated at precision P and base rate B` first",
        )
    }
}

/// Chooses the threshold of `scores` at `precision` and `base_rate`.
pub fn choose_threshold(
    scores: &ScoreSet,
    precision: f64,
    base_rate: f64,
) -> anyhow::Result<ThresholdChoice> {
    let base_rate =
        BaseRate::new(base_rate).with_context(|| format!("invalid base rate {base_rate}"))?;
    let target = PrecisionTarget::new(precision)
        .with_context(|| format!("invalid precision target {precision}"))?;
    Ok(scores.report.sweep.select_threshold(base_rate, target))
}

/// Fails with `message` unless `condition` holds; steps use it instead of
/// `assert!` so that the failure keeps its text under cucumber's panic hook.
pub fn ensure_that(condition: bool, message: impl FnOnce() -> String) -> anyhow::Result<()> {
    if condition { Ok(()) } else { bail!(message()) }
}
