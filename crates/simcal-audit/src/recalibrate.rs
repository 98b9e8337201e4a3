//! Re-picking the threshold at an audited base rate: the sweep's threshold
//! choice at the prevalence estimate and at both ends of its interval.
//!
//! Precision at a fixed threshold falls with the base rate, so the interval's
//! lower end needs the strictest threshold. Shipping that threshold keeps the
//! precision target for every base rate inside the interval.

use serde::Serialize;
use simcal_sweep::{BaseRate, PrecisionTarget, ThresholdChoice, ThresholdSweep};

use crate::estimate::PrevalenceEstimate;

/// Source of a base rate within an estimate: an interval end or the estimate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BaseRateSource {
    IntervalLow,
    Estimate,
    IntervalHigh,
}

impl BaseRateSource {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::IntervalLow => "interval_low",
            Self::Estimate => "estimate",
            Self::IntervalHigh => "interval_high",
        }
    }
}

/// Threshold choice at one base rate taken from an estimate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recalibration {
    pub source: BaseRateSource,
    pub base_rate: f64,
    /// The sweep's choice; `None` when the base rate is 0 or 1, where
    /// precision does not depend on the threshold.
    pub choice: Option<ThresholdChoice>,
}

/// Chooses thresholds at the interval's lower end, the estimate and the
/// upper end, in that order.
pub fn recalibrate(
    sweep: &ThresholdSweep,
    estimate: &PrevalenceEstimate,
    target: PrecisionTarget,
) -> Vec<Recalibration> {
    [
        (BaseRateSource::IntervalLow, estimate.interval.low),
        (BaseRateSource::Estimate, estimate.prevalence),
        (BaseRateSource::IntervalHigh, estimate.interval.high),
    ]
    .into_iter()
    .map(|(source, base_rate)| {
        let choice = BaseRate::new(base_rate)
            .ok()
            .map(|rate| sweep.select_threshold(rate, target));
        if choice.is_none() {
            tracing::warn!(
                source = source.as_str(),
                base_rate,
                "base rate outside (0, 1); no threshold chosen"
            );
        }
        Recalibration {
            source,
            base_rate,
            choice,
        }
    })
    .collect()
}
