//! The threshold sweep: confusion counts at every distinct score, and the
//! ROC and PR curves made of those real operating points only.
//!
//! A block of tied scores is one operating point, because no threshold can
//! split it. No point is added without a threshold: neither the ROC origin
//! nor scikit-learn's `(recall 0, precision 1)` end point, and precision is
//! never interpolated.

use rayon::prelude::*;
use tracing::debug;

use crate::operating_point::OperatingPoint;
use crate::pairs::ScoredPairs;
use crate::runs::count_thresholds;
use crate::similarity::ScoreDirection;

/// Cumulative confusion counts at every distinct threshold, ordered from the
/// strictest threshold (fewest predicted positives) to the most permissive
/// (every pair predicted positive).
#[derive(Debug, Clone, PartialEq)]
pub struct ThresholdSweep {
    direction: ScoreDirection,
    positives: u64,
    negatives: u64,
    /// Distinct scores in the score's own units, strictest first.
    thresholds: Vec<f64>,
    /// Positives predicted positive at each threshold.
    true_positives: Vec<u64>,
    /// Negatives predicted positive at each threshold.
    false_positives: Vec<u64>,
}

impl ThresholdSweep {
    /// Sorts the scores once (a radix sort per class and thread) and walks
    /// them once to count true and false positives at every distinct score.
    pub fn new(pairs: &ScoredPairs) -> Self {
        let counts = count_thresholds(pairs);
        let sweep = Self {
            direction: pairs.direction(),
            positives: counts.positives,
            negatives: counts.negatives,
            thresholds: counts.thresholds,
            true_positives: counts.true_positives,
            false_positives: counts.false_positives,
        };
        debug!(
            pairs = pairs.len(),
            thresholds = sweep.len(),
            "threshold sweep built"
        );
        sweep
    }

    /// Which side of a threshold predicts positive.
    pub fn direction(&self) -> ScoreDirection {
        self.direction
    }

    /// Number of positive pairs.
    pub fn positives(&self) -> u64 {
        self.positives
    }

    /// Number of negative pairs.
    pub fn negatives(&self) -> u64 {
        self.negatives
    }

    /// Number of operating points (distinct scores).
    pub fn len(&self) -> usize {
        self.thresholds.len()
    }

    /// Always false for a sweep built from valid pairs.
    pub fn is_empty(&self) -> bool {
        self.thresholds.is_empty()
    }

    /// Distinct thresholds, strictest first.
    pub fn thresholds(&self) -> &[f64] {
        &self.thresholds
    }

    /// True positives at each threshold.
    pub fn true_positives(&self) -> &[u64] {
        &self.true_positives
    }

    /// False positives at each threshold.
    pub fn false_positives(&self) -> &[u64] {
        &self.false_positives
    }

    /// The operating point at `index`, or `None` past the end.
    pub fn point(&self, index: usize) -> Option<OperatingPoint> {
        Some(OperatingPoint {
            threshold: *self.thresholds.get(index)?,
            true_positives: self.true_positives[index],
            false_positives: self.false_positives[index],
            positives: self.positives,
            negatives: self.negatives,
        })
    }

    /// Every operating point, strictest threshold first.
    pub fn points(&self) -> impl ExactSizeIterator<Item = OperatingPoint> + '_ {
        (0..self.len()).map(|index| OperatingPoint {
            threshold: self.thresholds[index],
            true_positives: self.true_positives[index],
            false_positives: self.false_positives[index],
            positives: self.positives,
            negatives: self.negatives,
        })
    }

    /// Confusion counts at an arbitrary threshold `t`, which need not be a
    /// score in the data. Above the highest similarity (or below the lowest
    /// distance) nothing is predicted positive and both counts are 0.
    pub fn counts_at(&self, threshold: f64) -> OperatingPoint {
        let oriented = self.direction.orient(threshold);
        let predicted = self
            .thresholds
            .partition_point(|&score| self.direction.orient(score) >= oriented);
        let (true_positives, false_positives) = match predicted.checked_sub(1) {
            Some(last) => (self.true_positives[last], self.false_positives[last]),
            None => (0, 0),
        };
        OperatingPoint {
            threshold,
            true_positives,
            false_positives,
            positives: self.positives,
            negatives: self.negatives,
        }
    }

    /// The ROC curve: FPR and TPR at each operating point.
    pub fn roc_curve(&self) -> RocCurve {
        let (positives, negatives) = (self.positives as f64, self.negatives as f64);
        let points = (0..self.len())
            .into_par_iter()
            .map(|index| RocPoint {
                threshold: self.thresholds[index],
                fpr: self.false_positives[index] as f64 / negatives,
                tpr: self.true_positives[index] as f64 / positives,
            })
            .collect();
        RocCurve { points }
    }

    /// The precision-recall curve at each operating point, in the sample's
    /// own class balance. Every real operating point predicts at least one
    /// pair positive, so precision is always defined.
    pub fn pr_curve(&self) -> PrCurve {
        let positives = self.positives as f64;
        let points = (0..self.len())
            .into_par_iter()
            .map(|index| {
                let true_positives = self.true_positives[index] as f64;
                let predicted = true_positives + self.false_positives[index] as f64;
                PrPoint {
                    threshold: self.thresholds[index],
                    precision: true_positives / predicted,
                    recall: true_positives / positives,
                }
            })
            .collect();
        PrCurve { points }
    }
}

/// One ROC point: false and true positive rates at a threshold.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct RocPoint {
    pub threshold: f64,
    pub fpr: f64,
    pub tpr: f64,
}

/// ROC curve made only of real operating points, strictest threshold first;
/// the last point is always (1, 1).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RocCurve {
    pub points: Vec<RocPoint>,
}

/// One PR point: precision and recall at a threshold.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct PrPoint {
    pub threshold: f64,
    pub precision: f64,
    pub recall: f64,
}

/// Precision-recall curve made only of real operating points, strictest
/// threshold first; the last point always has recall 1.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PrCurve {
    pub points: Vec<PrPoint>,
}
