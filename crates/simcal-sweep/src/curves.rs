//! The threshold sweep: confusion counts at every distinct score, and the
//! ROC and PR curves made of those real operating points only.
//!
//! A block of tied scores is one operating point, because no threshold can
//! split it. No point is added without a threshold: neither the ROC origin
//! nor scikit-learn's `(recall 0, precision 1)` end point, and precision is
//! never interpolated.

use tracing::debug;

use crate::operating_point::OperatingPoint;
use crate::pairs::ScoredPairs;
use crate::similarity::ScoreDirection;
use crate::sort::{descending_key, score_of_key, sort_keys};

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
    /// Sorts the scores once (a radix sort per class, the two classes in
    /// parallel) and walks them once to count true and false positives.
    pub fn new(pairs: &ScoredPairs) -> Self {
        let direction = pairs.direction();
        let mut positive_keys = Vec::with_capacity(pairs.positives() as usize);
        let mut negative_keys = Vec::with_capacity(pairs.negatives() as usize);
        for (&score, label) in pairs.scores().iter().zip(pairs.labels()) {
            let key = descending_key(direction.orient(score));
            if label.is_positive() {
                positive_keys.push(key);
            } else {
                negative_keys.push(key);
            }
        }
        rayon::join(|| sort_keys(&mut positive_keys), || sort_keys(&mut negative_keys));

        let sweep = Self::from_sorted_keys(direction, &positive_keys, &negative_keys);
        debug!(pairs = pairs.len(), thresholds = sweep.len(), "threshold sweep built");
        sweep
    }

    fn from_sorted_keys(direction: ScoreDirection, positive_keys: &[u64], negative_keys: &[u64]) -> Self {
        let mut thresholds = Vec::new();
        let mut true_positives = Vec::new();
        let mut false_positives = Vec::new();
        let (mut positive_end, mut negative_end) = (0usize, 0usize);
        while positive_end < positive_keys.len() || negative_end < negative_keys.len() {
            // u64::MAX is the key of a NaN, never of a finite score, so it
            // marks an exhausted class.
            let next_positive = positive_keys.get(positive_end).copied().unwrap_or(u64::MAX);
            let next_negative = negative_keys.get(negative_end).copied().unwrap_or(u64::MAX);
            let key = next_positive.min(next_negative);
            while positive_keys.get(positive_end) == Some(&key) {
                positive_end += 1;
            }
            while negative_keys.get(negative_end) == Some(&key) {
                negative_end += 1;
            }
            // Orienting is its own inverse, so it maps the key back to the score.
            thresholds.push(direction.orient(score_of_key(key)));
            true_positives.push(positive_end as u64);
            false_positives.push(negative_end as u64);
        }
        Self {
            direction,
            positives: positive_keys.len() as u64,
            negatives: negative_keys.len() as u64,
            thresholds,
            true_positives,
            false_positives,
        }
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
