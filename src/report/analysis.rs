//! Numbers the report states, derived from a run: operating points, how
//! the threshold moves with the base rate, what the reference threshold
//! delivers at lower base rates, and the recommendation.

use simcal_sweep::{
    BaseRate, PrecisionTarget, Similarity, SweepReport, ThresholdChoice, ThresholdStatus,
};

use crate::config::Plan;
use crate::pipeline::{CalibrationRun, EncoderRun, choice_at};

/// Cosine results of one encoder as the report presents them.
#[derive(Debug, Clone)]
pub struct EncoderAnalysis {
    pub name: String,
    pub encoder_id: String,
    pub roc_auc: f64,
    pub average_precision: f64,
    /// Threshold and recall at each base rate for the calibration target.
    pub shifts: Vec<ThresholdShift>,
    /// The threshold chosen at the reference base rate (calibration target),
    /// when reachable, and its realised precision at every base rate.
    pub reference_threshold: Option<f64>,
    pub realised: Vec<RealisedPrecision>,
}

/// The calibration-target operating point at one base rate, relative to
/// the reference base rate.
#[derive(Debug, Clone, PartialEq)]
pub struct ThresholdShift {
    pub base_rate: f64,
    pub status: ThresholdStatus,
    pub threshold: Option<f64>,
    pub recall: f64,
    /// Threshold minus the reference threshold.
    pub threshold_change: Option<f64>,
    /// Reference recall minus this recall (recall lost), 0..=1.
    pub recall_lost: Option<f64>,
}

/// Precision that the reference threshold really delivers at one base rate.
#[derive(Debug, Clone, PartialEq)]
pub struct RealisedPrecision {
    pub base_rate: f64,
    pub precision: Option<f64>,
    /// Rule-of-three lower bound when no false positive was observed.
    pub precision_lower_bound: Option<f64>,
}

/// Derives the report numbers of every encoder (cosine similarity).
pub fn analyse(plan: &Plan, run: &CalibrationRun) -> Vec<EncoderAnalysis> {
    run.encoders
        .iter()
        .filter_map(|encoder| analyse_encoder(plan, encoder))
        .collect()
}

fn analyse_encoder(plan: &Plan, encoder: &EncoderRun) -> Option<EncoderAnalysis> {
    let report = &encoder.similarity(Similarity::Cosine)?.report;
    let target = PrecisionTarget::new(plan.precision.calibration).ok()?;
    let reference_rate = BaseRate::new(plan.reference_base_rate()).ok()?;
    let reference = choice_at(report, reference_rate, target);
    let reference_threshold = reference.and_then(ThresholdChoice::threshold);
    let reference_recall = reference
        .filter(|choice| choice.point.is_some())
        .map(ThresholdChoice::recall);

    let shifts = plan
        .base_rates
        .iter()
        .filter_map(|&rate| {
            let choice = choice_at(report, BaseRate::new(rate).ok()?, target)?;
            let threshold = choice.threshold();
            Some(ThresholdShift {
                base_rate: rate,
                status: choice.status,
                threshold,
                recall: choice.recall(),
                threshold_change: threshold
                    .zip(reference_threshold)
                    .map(|(value, reference)| value - reference),
                recall_lost: reference_recall.map(|reference| reference - choice.recall()),
            })
        })
        .collect();
    let realised = realised_precision(plan, report, reference_threshold);
    Some(EncoderAnalysis {
        name: encoder.name.clone(),
        encoder_id: encoder.encoder_id.clone(),
        roc_auc: report.roc_auc,
        average_precision: report.average_precision,
        shifts,
        reference_threshold,
        realised,
    })
}

fn realised_precision(
    plan: &Plan,
    report: &SweepReport,
    threshold: Option<f64>,
) -> Vec<RealisedPrecision> {
    let Some(threshold) = threshold else {
        return Vec::new();
    };
    let base_rates: Vec<BaseRate> = plan
        .base_rates
        .iter()
        .filter_map(|&rate| BaseRate::new(rate).ok())
        .collect();
    report
        .sweep
        .shipped_threshold(threshold, &base_rates)
        .at_base_rates
        .iter()
        .map(|at| RealisedPrecision {
            base_rate: at.base_rate.value(),
            precision: at.precision,
            precision_lower_bound: at.precision_lower_bound,
        })
        .collect()
}

/// Returns the encoder to recommend: highest average precision on cosine,
/// ties going to the earlier one in the plan.
pub fn best_encoder(analyses: &[EncoderAnalysis]) -> Option<&EncoderAnalysis> {
    analyses
        .iter()
        .rev()
        .max_by(|a, b| a.average_precision.total_cmp(&b.average_precision))
}

/// Formats a probability or rate with 3 decimals, or `n/a`.
pub fn format_optional(value: Option<f64>) -> String {
    value.map_or_else(|| "n/a".to_owned(), |value| format!("{value:.3}"))
}

/// Formats a threshold with 4 decimals, or `n/a`.
pub fn format_threshold(value: Option<f64>) -> String {
    value.map_or_else(|| "n/a".to_owned(), |value| format!("{value:.4}"))
}

/// Formats a base rate as a percentage: 0.05 -> "5%".
pub fn format_rate(rate: f64) -> String {
    let percent = rate * 100.0;
    if (percent - percent.round()).abs() < 1e-9 {
        format!("{}%", percent.round())
    } else {
        format!("{percent:.2}%")
    }
}
