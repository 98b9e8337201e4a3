//! Helpers shared by the integration tests: building pairs and a brute-force
//! reference sweep written independently of the library's sort-and-walk.

#![allow(dead_code)]

use simcal_sweep::{BaseRate, Label, PrecisionTarget, ScoreDirection, ScoredPair, ScoredPairs};

/// Pairs with ids `p0`, `p1`, ... from 0/1 labels and scores.
pub fn pairs(labels: &[u8], scores: &[f64], direction: ScoreDirection) -> ScoredPairs {
    try_pairs(labels, scores, direction).expect("valid pairs")
}

pub fn try_pairs(
    labels: &[u8],
    scores: &[f64],
    direction: ScoreDirection,
) -> Result<ScoredPairs, simcal_sweep::PairsError> {
    let rows = labels
        .iter()
        .zip(scores)
        .enumerate()
        .map(|(index, (&label, &score))| ScoredPair {
            pair_id: format!("p{index}"),
            label: if label == 1 {
                Label::Positive
            } else {
                Label::Negative
            },
            score,
        })
        .collect();
    ScoredPairs::new(rows, direction)
}

pub fn similarity_pairs(labels: &[u8], scores: &[f64]) -> ScoredPairs {
    pairs(labels, scores, ScoreDirection::Similarity)
}

pub fn rate(value: f64) -> BaseRate {
    BaseRate::new(value).expect("valid base rate")
}

pub fn target(value: f64) -> PrecisionTarget {
    PrecisionTarget::new(value).expect("valid precision target")
}

/// One operating point of the brute-force reference.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReferencePoint {
    pub threshold: f64,
    pub true_positives: u64,
    pub false_positives: u64,
}

/// Counts, for every distinct score, the pairs predicted positive at that
/// score by direct comparison: O(n * distinct). Strictest threshold first.
pub fn brute_force_points(
    labels: &[u8],
    scores: &[f64],
    direction: ScoreDirection,
) -> Vec<ReferencePoint> {
    let mut distinct: Vec<f64> = Vec::new();
    for &score in scores {
        if !distinct.contains(&score) {
            distinct.push(score);
        }
    }
    distinct.sort_by(|a, b| match direction {
        ScoreDirection::Similarity => b.total_cmp(a),
        ScoreDirection::Distance => a.total_cmp(b),
    });
    distinct
        .into_iter()
        .map(|threshold| {
            let predicted = |wanted: u8| {
                labels
                    .iter()
                    .zip(scores)
                    .filter(|&(&label, &score)| {
                        label == wanted && direction.predicts_positive(score, threshold)
                    })
                    .count() as u64
            };
            ReferencePoint {
                threshold,
                true_positives: predicted(1),
                false_positives: predicted(0),
            }
        })
        .collect()
}

/// ROC-AUC as the Mann-Whitney statistic: the share of (positive, negative)
/// pairs ranked correctly, a tie counting half. O(positives * negatives).
pub fn mann_whitney_auc(labels: &[u8], scores: &[f64], direction: ScoreDirection) -> f64 {
    let mut wins = 0.0;
    let mut comparisons = 0.0;
    for (&label_a, &score_a) in labels.iter().zip(scores) {
        if label_a != 1 {
            continue;
        }
        for (&label_b, &score_b) in labels.iter().zip(scores) {
            if label_b != 0 {
                continue;
            }
            comparisons += 1.0;
            let better = match direction {
                ScoreDirection::Similarity => score_a > score_b,
                ScoreDirection::Distance => score_a < score_b,
            };
            if better {
                wins += 1.0;
            } else if score_a == score_b {
                wins += 0.5;
            }
        }
    }
    wins / comparisons
}
