//! Re-scoring the hard-negative bucket: which negatives now reach the
//! threshold, which moved most and which the new scores lack.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use simcal_sweep::{ScoreDirection, ScoredPairs, Similarity};

use crate::bucket::HardNegativeBucket;
use crate::error::{AuditError, Result};

/// One bucket entry under the new scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RescoredNegative {
    pub pair_id: String,
    pub item_a: String,
    pub item_b: String,
    pub class_a: String,
    pub class_b: String,
    pub previous_score: f64,
    pub previous_encoder_id: String,
    pub new_score: f64,
    /// `new_score - previous_score`.
    pub score_change: f64,
    /// The new score reaches the threshold (`>=` for a similarity, `<=` for
    /// a distance): the new encoder would flag this negative.
    pub crosses: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BucketCheck {
    pub threshold: f64,
    pub similarity: Similarity,
    /// Entries found in the new scores, largest absolute score change first.
    pub rescored: Vec<RescoredNegative>,
    /// Pair ids of entries that now reach the threshold, hardest first.
    pub crossing: Vec<String>,
    /// Pair ids of entries absent from the new scores, in bucket order.
    pub missing: Vec<String>,
}

impl BucketCheck {
    /// True when at least one hard negative now reaches the threshold.
    pub fn any_crossing(&self) -> bool {
        !self.crossing.is_empty()
    }
}

/// Maps pair id to score for every pair in `pairs`, the input of
/// [`check_bucket`] when the new scores come from a scored pairs CSV.
pub fn scores_by_pair_id(pairs: &ScoredPairs) -> HashMap<String, f64> {
    pairs
        .pair_ids()
        .iter()
        .zip(pairs.scores())
        .map(|(id, &score)| (id.to_string(), score))
        .collect()
}

/// Re-scores every bucket entry with `new_scores` (pair id to score, in the
/// bucket's similarity function) against `threshold`.
pub fn check_bucket(
    bucket: &HardNegativeBucket,
    new_scores: &HashMap<String, f64>,
    threshold: f64,
) -> Result<BucketCheck> {
    if !threshold.is_finite() {
        return Err(AuditError::InvalidOption {
            name: "threshold",
            value: threshold.to_string(),
            reason: "the threshold must be a finite similarity".to_string(),
        });
    }

    let similarity = bucket.similarity();
    let direction = similarity.direction();
    let mut rescored = Vec::new();
    let mut missing = Vec::new();
    for entry in &bucket.entries {
        let Some(&new_score) = new_scores.get(&entry.pair_id) else {
            missing.push(entry.pair_id.clone());
            continue;
        };
        rescored.push(RescoredNegative {
            pair_id: entry.pair_id.clone(),
            item_a: entry.item_a.clone(),
            item_b: entry.item_b.clone(),
            class_a: entry.class_a.clone(),
            class_b: entry.class_b.clone(),
            previous_score: entry.score,
            previous_encoder_id: entry.encoder_id.clone(),
            new_score,
            score_change: new_score - entry.score,
            crosses: direction.predicts_positive(new_score, threshold),
        });
    }

    let mut crossing: Vec<&RescoredNegative> =
        rescored.iter().filter(|entry| entry.crosses).collect();
    crossing.sort_by(|left, right| match direction {
        ScoreDirection::Similarity => right.new_score.total_cmp(&left.new_score),
        ScoreDirection::Distance => left.new_score.total_cmp(&right.new_score),
    });
    let crossing = crossing
        .into_iter()
        .map(|entry| entry.pair_id.clone())
        .collect();
    rescored.sort_by(|left, right| {
        right
            .score_change
            .abs()
            .total_cmp(&left.score_change.abs())
            .then_with(|| left.pair_id.cmp(&right.pair_id))
    });
    if !missing.is_empty() {
        tracing::warn!(
            missing = missing.len(),
            "bucket pairs missing from the new scores"
        );
    }

    Ok(BucketCheck {
        threshold,
        similarity,
        rescored,
        crossing,
        missing,
    })
}
