//! Operating points, the resolution guard behind their FPR, and the choice of
//! the most permissive threshold that reaches a precision target at a base rate.

use std::fmt;

use rayon::prelude::*;

use crate::base_rate::{
    BaseRate, PrecisionTarget, reweighted_precision, reweighted_precision_from_counts,
    rule_of_three_fpr_bound,
};
use crate::curves::ThresholdSweep;

/// Confusion counts at one threshold. Pairs are predicted positive when
/// `score >= threshold` for similarities and `score <= threshold` for distances.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct OperatingPoint {
    pub threshold: f64,
    pub true_positives: u64,
    pub false_positives: u64,
    /// All positive pairs in the evaluated set.
    pub positives: u64,
    /// All negative pairs in the evaluated set: the negatives behind the FPR.
    pub negatives: u64,
}

impl OperatingPoint {
    /// True positive rate, equal to recall.
    pub fn tpr(&self) -> f64 {
        ratio(self.true_positives, self.positives)
    }

    /// Recall: the share of positive pairs predicted positive.
    pub fn recall(&self) -> f64 {
        self.tpr()
    }

    /// False positive rate.
    pub fn fpr(&self) -> f64 {
        ratio(self.false_positives, self.negatives)
    }

    /// Precision in the evaluated set's own class balance; `None` when
    /// nothing is predicted positive.
    pub fn sample_precision(&self) -> Option<f64> {
        let predicted = self.true_positives + self.false_positives;
        (predicted > 0).then(|| self.true_positives as f64 / predicted as f64)
    }

    /// Precision reweighted to base rate pi; `None` when nothing is
    /// predicted positive.
    pub fn precision_at(&self, base_rate: BaseRate) -> Option<f64> {
        reweighted_precision_from_counts(
            base_rate,
            self.true_positives,
            self.false_positives,
            self.positives,
            self.negatives,
        )
    }

    /// Rule-of-three upper bound on FPR (3/N) when no false positive was
    /// observed; `None` otherwise.
    pub fn fpr_upper_bound(&self) -> Option<f64> {
        if self.false_positives == 0 {
            rule_of_three_fpr_bound(self.negatives)
        } else {
            None
        }
    }

    /// Reweighted precision at the rule-of-three FPR bound, when no false
    /// positive was observed; `None` otherwise.
    pub fn precision_lower_bound(&self, base_rate: BaseRate) -> Option<f64> {
        self.fpr_upper_bound()
            .and_then(|bound| reweighted_precision(base_rate, self.tpr(), bound))
    }

    /// How far the negatives behind this point's FPR support `target` at
    /// base rate pi.
    pub fn resolution(&self, base_rate: BaseRate, target: PrecisionTarget) -> ResolutionGuard {
        let fpr_upper_bound = self.fpr_upper_bound();
        let precision_lower_bound = self.precision_lower_bound(base_rate);
        let insufficient_negatives =
            fpr_upper_bound.is_some() && !target.is_met_by(precision_lower_bound);
        ResolutionGuard {
            negatives: self.negatives,
            false_positives: self.false_positives,
            fpr_upper_bound,
            precision_lower_bound,
            insufficient_negatives,
        }
    }
}

fn ratio(count: u64, total: u64) -> f64 {
    if total == 0 {
        0.0
    } else {
        count as f64 / total as f64
    }
}

/// The evidence behind an operating point's FPR.
///
/// With no false positive observed, FPR = 0 makes the reweighted precision
/// exactly 1 at every base rate, which claims more than the negatives can
/// support. The guard then gives the rule-of-three bound FPR < 3/N (95%
/// confidence) and the precision it still guarantees at pi.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct ResolutionGuard {
    /// Negatives behind the FPR.
    pub negatives: u64,
    pub false_positives: u64,
    /// 3/N when no false positive was observed.
    pub fpr_upper_bound: Option<f64>,
    /// Reweighted precision at the FPR upper bound.
    pub precision_lower_bound: Option<f64>,
    /// No false positive was observed and the rule-of-three bound cannot
    /// confirm the target at this base rate: more negatives are needed.
    pub insufficient_negatives: bool,
}

/// Outcome of choosing a threshold for one base rate and precision target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ThresholdStatus {
    /// The target is reached and the negatives support it.
    Reached,
    /// The target is reached only with zero observed false positives, and
    /// too few negatives were scored to confirm it (rule of three).
    InsufficientNegatives,
    /// No real operating point reaches the target.
    Unreachable,
}

impl ThresholdStatus {
    /// The name written to CSV files.
    pub fn as_str(self) -> &'static str {
        match self {
            ThresholdStatus::Reached => "reached",
            ThresholdStatus::InsufficientNegatives => "insufficient_negatives",
            ThresholdStatus::Unreachable => "unreachable",
        }
    }
}

impl fmt::Display for ThresholdStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The chosen operating point for one base rate and precision target.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct ThresholdChoice {
    pub base_rate: BaseRate,
    pub precision_target: PrecisionTarget,
    pub status: ThresholdStatus,
    /// The most permissive operating point whose reweighted precision reaches
    /// the target; `None` when unreachable.
    pub point: Option<OperatingPoint>,
    /// Reweighted precision at `point`.
    pub precision: Option<f64>,
    pub guard: Option<ResolutionGuard>,
    /// Highest reweighted precision of any operating point, to show how far
    /// an unreachable target is.
    pub best_precision: Option<f64>,
}

impl ThresholdChoice {
    /// The chosen threshold, if the target is reachable.
    pub fn threshold(&self) -> Option<f64> {
        self.point.map(|point| point.threshold)
    }

    /// Recall at the chosen threshold; 0 when the target is unreachable,
    /// because nothing that meets it can be shipped.
    pub fn recall(&self) -> f64 {
        self.point.map_or(0.0, |point| point.recall())
    }
}

/// One `(base rate, precision target)` pair to choose a threshold for.
pub type TargetAtBaseRate = (BaseRate, PrecisionTarget);

/// Finds, in one pass over operating points ordered strictest first, the
/// last (most permissive) point that reaches each target.
pub(crate) struct Selector<'a> {
    targets: &'a [TargetAtBaseRate],
    positives: u64,
    negatives: u64,
    /// Per target: the chosen point as (index, true positives, false positives).
    pub(crate) chosen: Vec<Option<(usize, u64, u64)>>,
    pub(crate) best_precision: Vec<Option<f64>>,
}

impl<'a> Selector<'a> {
    pub(crate) fn new(targets: &'a [TargetAtBaseRate], positives: u64, negatives: u64) -> Self {
        Self {
            targets,
            positives,
            negatives,
            chosen: vec![None; targets.len()],
            best_precision: vec![None; targets.len()],
        }
    }

    pub(crate) fn observe(&mut self, index: usize, true_positives: u64, false_positives: u64) {
        for (target_index, &(base_rate, target)) in self.targets.iter().enumerate() {
            let precision = reweighted_precision_from_counts(
                base_rate,
                true_positives,
                false_positives,
                self.positives,
                self.negatives,
            );
            if let Some(precision) = precision {
                let best = &mut self.best_precision[target_index];
                if best.is_none_or(|best| precision > best) {
                    *best = Some(precision);
                }
            }
            if target.is_met_by(precision) {
                self.chosen[target_index] = Some((index, true_positives, false_positives));
            }
        }
    }

    /// Combines with a selector that observed later (more permissive) points.
    pub(crate) fn merge_later(mut self, later: Selector<'a>) -> Self {
        for (chosen, later_chosen) in self.chosen.iter_mut().zip(later.chosen) {
            if later_chosen.is_some() {
                *chosen = later_chosen;
            }
        }
        for (best, later_best) in self.best_precision.iter_mut().zip(later.best_precision) {
            *best = match (*best, later_best) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            };
        }
        self
    }
}

/// Points per parallel task when choosing thresholds on the full sweep.
const SELECT_CHUNK_POINTS: usize = 1 << 16;

impl ThresholdSweep {
    /// Chooses the most permissive threshold (the lowest similarity or the
    /// highest distance) whose precision at `base_rate` reaches `target`,
    /// with the recall left there and the resolution guard.
    pub fn select_threshold(
        &self,
        base_rate: BaseRate,
        target: PrecisionTarget,
    ) -> ThresholdChoice {
        self.select_thresholds(&[(base_rate, target)])
            .pop()
            .unwrap_or_else(|| unreachable_choice(base_rate, target, None))
    }

    /// [`ThresholdSweep::select_threshold`] for many targets in one pass.
    pub fn select_thresholds(&self, targets: &[TargetAtBaseRate]) -> Vec<ThresholdChoice> {
        let new_selector = || Selector::new(targets, self.positives(), self.negatives());
        let selector = self
            .true_positives()
            .par_chunks(SELECT_CHUNK_POINTS)
            .zip(self.false_positives().par_chunks(SELECT_CHUNK_POINTS))
            .enumerate()
            .map(|(chunk, (true_positives, false_positives))| {
                let mut selector = new_selector();
                let first_index = chunk * SELECT_CHUNK_POINTS;
                for (offset, (&tp, &fp)) in true_positives.iter().zip(false_positives).enumerate() {
                    selector.observe(first_index + offset, tp, fp);
                }
                selector
            })
            // rayon's reduce keeps the order of the chunks, so the right
            // operand always contains the more permissive points.
            .reduce(new_selector, Selector::merge_later);

        targets
            .iter()
            .zip(selector.chosen)
            .zip(selector.best_precision)
            .map(|((&(base_rate, target), chosen), best_precision)| {
                let Some(point) = chosen.and_then(|(index, _, _)| self.point(index)) else {
                    return unreachable_choice(base_rate, target, best_precision);
                };
                let guard = point.resolution(base_rate, target);
                let status = if guard.insufficient_negatives {
                    ThresholdStatus::InsufficientNegatives
                } else {
                    ThresholdStatus::Reached
                };
                ThresholdChoice {
                    base_rate,
                    precision_target: target,
                    status,
                    point: Some(point),
                    precision: point.precision_at(base_rate),
                    guard: Some(guard),
                    best_precision,
                }
            })
            .collect()
    }

    /// Realised precision and recall of a fixed threshold (for example the
    /// one calibrated at a 50% base rate) at each base rate.
    pub fn shipped_threshold(&self, threshold: f64, base_rates: &[BaseRate]) -> ShippedThreshold {
        let point = self.counts_at(threshold);
        let at_base_rates = base_rates
            .iter()
            .map(|&base_rate| ShippedAtBaseRate {
                base_rate,
                precision: point.precision_at(base_rate),
                precision_lower_bound: point.precision_lower_bound(base_rate),
            })
            .collect();
        ShippedThreshold {
            point,
            at_base_rates,
        }
    }
}

fn unreachable_choice(
    base_rate: BaseRate,
    target: PrecisionTarget,
    best_precision: Option<f64>,
) -> ThresholdChoice {
    ThresholdChoice {
        base_rate,
        precision_target: target,
        status: ThresholdStatus::Unreachable,
        point: None,
        precision: None,
        guard: None,
        best_precision,
    }
}

/// A fixed threshold evaluated at several base rates.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ShippedThreshold {
    /// Counts at the threshold; its recall and FPR do not depend on pi.
    pub point: OperatingPoint,
    pub at_base_rates: Vec<ShippedAtBaseRate>,
}

/// Realised precision of a shipped threshold at one base rate.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct ShippedAtBaseRate {
    pub base_rate: BaseRate,
    /// `None` when the threshold predicts nothing positive.
    pub precision: Option<f64>,
    /// Rule-of-three lower bound when no false positive was observed.
    pub precision_lower_bound: Option<f64>,
}
