//! The high-level sweep: curves, AUCs, thresholds at every base rate and
//! precision target, their bootstrap intervals and held-out check.

use std::time::Instant;

use tracing::{info, warn};

use crate::bootstrap::{BootstrapConfig, BootstrapEstimate, bootstrap_thresholds};
use crate::curves::{PrCurve, RocCurve, ThresholdSweep};
use crate::error::SweepError;
use crate::heldout::{HeldOutConfig, HeldOutEstimate, heldout_check};
use crate::operating_point::{ShippedThreshold, TargetAtBaseRate, ThresholdChoice};
use crate::pairs::ScoredPairs;
use crate::{BaseRate, PrecisionTarget};

/// Settings of [`sweep`]: base rates, targets and the uncertainty checks.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepConfig {
    /// Positive base rates to report (default 0.5, 0.2, 0.05, 0.01).
    pub base_rates: Vec<BaseRate>,
    /// Precision targets to reach at each base rate (default 0.95).
    pub precision_targets: Vec<PrecisionTarget>,
    /// Bootstrap intervals; `None` skips them (default 1000 resamples).
    pub bootstrap: Option<BootstrapConfig>,
    /// Held-out check; `None` skips it (default 5 folds).
    pub heldout: Option<HeldOutConfig>,
    /// A threshold already in use, to evaluate at every base rate.
    pub ship_threshold: Option<f64>,
}

impl Default for SweepConfig {
    fn default() -> Self {
        Self {
            base_rates: BaseRate::defaults(),
            precision_targets: vec![PrecisionTarget::default_target()],
            bootstrap: Some(BootstrapConfig::default()),
            heldout: Some(HeldOutConfig::default()),
            ship_threshold: None,
        }
    }
}

impl SweepConfig {
    /// Every `(base rate, precision target)` pair, base rates in the order
    /// given, then targets in the order given.
    pub fn targets(&self) -> Vec<TargetAtBaseRate> {
        self.base_rates
            .iter()
            .flat_map(|&base_rate| {
                self.precision_targets
                    .iter()
                    .map(move |&target| (base_rate, target))
            })
            .collect()
    }

    fn validate(&self) -> Result<(), SweepError> {
        if self.base_rates.is_empty() {
            return Err(SweepError::NoBaseRates);
        }
        if self.precision_targets.is_empty() {
            return Err(SweepError::NoPrecisionTargets);
        }
        if let Some(threshold) = self
            .ship_threshold
            .filter(|threshold| !threshold.is_finite())
        {
            return Err(SweepError::NonFiniteThreshold { value: threshold });
        }
        if let Some(heldout) = self.heldout.filter(|heldout| heldout.folds < 2) {
            return Err(SweepError::InvalidFolds {
                folds: heldout.folds,
            });
        }
        Ok(())
    }
}

/// One row of the threshold-by-base-rate table.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct ThresholdAtBaseRate {
    pub choice: ThresholdChoice,
    pub bootstrap: Option<BootstrapEstimate>,
    pub heldout: Option<HeldOutEstimate>,
}

/// Whether the held-out check ran.
#[derive(Debug, Clone, PartialEq)]
pub enum HeldOutOutcome {
    /// One estimate per row of [`SweepReport::thresholds`], in the same order.
    Checked(Vec<HeldOutEstimate>),
    /// The check could not run on this data, for the given reason.
    Skipped {
        reason: String,
    },
    NotRequested,
}

/// Everything [`sweep`] computes for one set of scored pairs.
#[derive(Debug, Clone)]
pub struct SweepReport {
    pub sweep: ThresholdSweep,
    pub roc: RocCurve,
    pub pr: PrCurve,
    pub roc_auc: f64,
    pub average_precision: f64,
    /// One row per `(base rate, precision target)`, in [`SweepConfig::targets`] order.
    pub thresholds: Vec<ThresholdAtBaseRate>,
    pub shipped: Option<ShippedThreshold>,
    pub heldout: HeldOutOutcome,
}

/// Runs the whole sweep on `pairs`.
///
/// Fails only on an invalid configuration. A held-out check that the data
/// cannot support (fewer pairs of a class than folds) is skipped with a
/// warning and recorded in [`SweepReport::heldout`].
pub fn sweep(pairs: &ScoredPairs, config: &SweepConfig) -> Result<SweepReport, SweepError> {
    config.validate()?;
    let started = Instant::now();
    let threshold_sweep = ThresholdSweep::new(pairs);
    let targets = config.targets();
    let roc = threshold_sweep.roc_curve();
    let pr = threshold_sweep.pr_curve();
    let roc_auc = threshold_sweep.roc_auc();
    let average_precision = threshold_sweep.average_precision();
    let choices = threshold_sweep.select_thresholds(&targets);
    let shipped = config
        .ship_threshold
        .map(|threshold| threshold_sweep.shipped_threshold(threshold, &config.base_rates));
    info!(
        origin = pairs.origin(),
        pairs = pairs.len(),
        thresholds = threshold_sweep.len(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "threshold sweep finished"
    );

    let bootstrap = config
        .bootstrap
        .filter(|bootstrap| bootstrap.resamples > 0)
        .map(|bootstrap| bootstrap_thresholds(&threshold_sweep, &targets, &bootstrap));

    let heldout = match &config.heldout {
        None => HeldOutOutcome::NotRequested,
        Some(heldout) => match heldout_check(&threshold_sweep, &targets, heldout, pairs.origin()) {
            Ok(estimates) => HeldOutOutcome::Checked(estimates),
            Err(error @ SweepError::TooFewPairsForFolds { .. }) => {
                warn!(%error, "held-out check skipped");
                HeldOutOutcome::Skipped {
                    reason: error.to_string(),
                }
            }
            Err(error) => return Err(error),
        },
    };

    let thresholds = choices
        .into_iter()
        .enumerate()
        .map(|(index, choice)| ThresholdAtBaseRate {
            choice,
            bootstrap: bootstrap
                .as_ref()
                .and_then(|estimates| estimates.get(index).copied()),
            heldout: match &heldout {
                HeldOutOutcome::Checked(estimates) => estimates.get(index).copied(),
                _ => None,
            },
        })
        .collect();

    Ok(SweepReport {
        sweep: threshold_sweep,
        roc,
        pr,
        roc_auc,
        average_precision,
        thresholds,
        shipped,
        heldout,
    })
}
