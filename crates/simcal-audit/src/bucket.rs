//! Hard-negative bucket: the top K highest-scoring negative pairs, kept in a
//! JSON file and re-scored after every encoder change.

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};
use simcal_sweep::{ScoreDirection, Similarity};

use crate::error::{AuditError, Result, io_error};

/// Value of the `format` field of a bucket file.
pub const BUCKET_FORMAT: &str = "simcal-hard-negative-bucket/1";

/// Default bucket size.
pub const DEFAULT_BUCKET_SIZE: usize = 30;

/// A negative pair (two different objects) that scored close to or above
/// the threshold, with the context it was scored in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HardNegative {
    /// Pair id as in the scored pairs CSV.
    pub pair_id: String,
    pub item_a: String,
    pub item_b: String,
    pub class_a: String,
    pub class_b: String,
    /// Score when the pair entered the bucket, in the direction of `similarity`.
    pub score: f64,
    pub encoder_id: String,
    /// Similarity function: `cosine` (higher is more alike), `l2` or
    /// `l2_normalized` (distances: lower is more alike).
    pub similarity: Similarity,
    /// Threshold in force when the pair entered the bucket.
    pub threshold: f64,
}

/// Persisted bucket; all entries share one similarity function and are
/// sorted hardest first (highest similarity or lowest distance).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HardNegativeBucket {
    pub format: String,
    pub entries: Vec<HardNegative>,
}

impl HardNegativeBucket {
    /// Keeps the `k` hardest negatives (ties broken by pair id); all must
    /// share one similarity function.
    pub fn top_k(mut negatives: Vec<HardNegative>, k: usize) -> Result<Self> {
        if k == 0 {
            return Err(AuditError::InvalidOption {
                name: "k",
                value: "0".to_string(),
                reason: "keep at least one hard negative".to_string(),
            });
        }
        for (index, negative) in negatives.iter().enumerate() {
            validate_entry(negative, &format!("negative {}", index + 1))?;
        }
        let direction = negatives
            .first()
            .map_or(ScoreDirection::Similarity, |first| {
                first.similarity.direction()
            });
        negatives.sort_by(|left, right| {
            let harder_first = match direction {
                ScoreDirection::Similarity => right.score.total_cmp(&left.score),
                ScoreDirection::Distance => left.score.total_cmp(&right.score),
            };
            harder_first.then_with(|| left.pair_id.cmp(&right.pair_id))
        });
        // A pair listed twice keeps its highest score.
        let mut seen = HashSet::new();
        negatives.retain(|negative| seen.insert(negative.pair_id.clone()));
        negatives.truncate(k);
        let bucket = Self {
            format: BUCKET_FORMAT.to_string(),
            entries: negatives,
        };
        bucket.validate("bucket")?;
        Ok(bucket)
    }

    /// Similarity function shared by every entry.
    pub fn similarity(&self) -> Similarity {
        self.entries
            .first()
            .map_or(Similarity::Cosine, |entry| entry.similarity)
    }

    fn validate(&self, source_name: &str) -> Result<()> {
        if self.format != BUCKET_FORMAT {
            return Err(AuditError::InvalidBucket {
                at: source_name.to_string(),
                reason: format!("format `{}` is not `{BUCKET_FORMAT}`", self.format),
            });
        }
        if self.entries.is_empty() {
            return Err(AuditError::InvalidBucket {
                at: source_name.to_string(),
                reason: "the bucket has no entries".to_string(),
            });
        }
        let mut seen = HashSet::new();
        for (index, entry) in self.entries.iter().enumerate() {
            let at = format!("{source_name} entry {}", index + 1);
            validate_entry(entry, &at)?;
            if entry.similarity != self.entries[0].similarity {
                return Err(AuditError::InvalidBucket {
                    at,
                    reason: format!(
                        "similarity `{}` differs from `{}` of entry 1; keep one bucket per similarity function",
                        entry.similarity, self.entries[0].similarity
                    ),
                });
            }
            if !seen.insert(entry.pair_id.as_str()) {
                return Err(AuditError::InvalidBucket {
                    at,
                    reason: format!("pair id `{}` appears twice", entry.pair_id),
                });
            }
        }
        Ok(())
    }
}

fn validate_entry(entry: &HardNegative, at: &str) -> Result<()> {
    let invalid = |reason: String| AuditError::InvalidBucket {
        at: at.to_string(),
        reason,
    };
    let ids = [
        ("pair_id", &entry.pair_id),
        ("item_a", &entry.item_a),
        ("item_b", &entry.item_b),
        ("encoder_id", &entry.encoder_id),
    ];
    if let Some((name, _)) = ids.iter().find(|(_, value)| value.trim().is_empty()) {
        return Err(invalid(format!("`{name}` is empty")));
    }
    if !entry.score.is_finite() || !entry.threshold.is_finite() {
        return Err(invalid(format!(
            "score {} and threshold {} must be finite numbers",
            entry.score, entry.threshold
        )));
    }
    Ok(())
}

pub fn write_bucket(path: &Path, bucket: &HardNegativeBucket) -> Result<()> {
    bucket.validate(&path.display().to_string())?;
    let mut text =
        serde_json::to_string_pretty(bucket).map_err(|error| AuditError::InvalidBucket {
            at: path.display().to_string(),
            reason: error.to_string(),
        })?;
    text.push('\n');
    std::fs::write(path, text).map_err(|source| io_error(path, source))
}

/// Reads and validates a bucket file; errors name the entry.
pub fn read_bucket(path: &Path) -> Result<HardNegativeBucket> {
    let text = std::fs::read_to_string(path).map_err(|source| io_error(path, source))?;
    parse_bucket(&text, &path.display().to_string())
}

pub fn parse_bucket(text: &str, source_name: &str) -> Result<HardNegativeBucket> {
    let bucket: HardNegativeBucket =
        serde_json::from_str(text).map_err(|error| AuditError::InvalidBucket {
            at: source_name.to_string(),
            reason: error.to_string(),
        })?;
    bucket.validate(source_name)?;
    Ok(bucket)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn negative(pair_id: &str, score: f64, similarity: Similarity) -> HardNegative {
        HardNegative {
            pair_id: pair_id.to_string(),
            item_a: format!("{pair_id}-a"),
            item_b: format!("{pair_id}-b"),
            class_a: "chair".to_string(),
            class_b: "table".to_string(),
            score,
            encoder_id: "clip-b32".to_string(),
            similarity,
            threshold: 0.9,
        }
    }

    #[test]
    fn top_k_keeps_highest_similarities() {
        let negatives = vec![
            negative("a", 0.5, Similarity::Cosine),
            negative("b", 0.9, Similarity::Cosine),
            negative("c", 0.7, Similarity::Cosine),
            negative("b", 0.2, Similarity::Cosine),
        ];
        let bucket = HardNegativeBucket::top_k(negatives, 2).unwrap();
        let ids: Vec<&str> = bucket
            .entries
            .iter()
            .map(|entry| entry.pair_id.as_str())
            .collect();
        assert_eq!(ids, vec!["b", "c"]);
        assert_eq!(bucket.entries[0].score, 0.9);
    }

    #[test]
    fn top_k_keeps_lowest_distances() {
        let negatives = vec![
            negative("a", 0.5, Similarity::L2Normalized),
            negative("b", 0.9, Similarity::L2Normalized),
            negative("c", 0.3, Similarity::L2Normalized),
        ];
        let bucket = HardNegativeBucket::top_k(negatives, 2).unwrap();
        let ids: Vec<&str> = bucket
            .entries
            .iter()
            .map(|entry| entry.pair_id.as_str())
            .collect();
        assert_eq!(ids, vec!["c", "a"]);
    }

    #[test]
    fn mixed_similarities_are_rejected() {
        let negatives = vec![
            negative("a", 0.5, Similarity::Cosine),
            negative("b", 0.4, Similarity::L2),
        ];
        let error = HardNegativeBucket::top_k(negatives, 5)
            .unwrap_err()
            .to_string();
        assert!(error.contains("entry 2"), "{error}");
    }

    #[test]
    fn bucket_file_errors_name_the_entry() {
        let bucket =
            HardNegativeBucket::top_k(vec![negative("a", 0.5, Similarity::Cosine)], 5).unwrap();
        let text = serde_json::to_string(&bucket).unwrap();
        let error = parse_bucket(
            &text.replace(r#""item_b":"a-b""#, r#""item_b":"""#),
            "bucket.json",
        )
        .unwrap_err()
        .to_string();
        assert!(error.starts_with("bucket.json entry 1"), "{error}");
        assert!(error.contains("item_b"), "{error}");

        let error = parse_bucket(&text.replace("cosine", "dot"), "bucket.json")
            .unwrap_err()
            .to_string();
        assert!(error.contains("bucket.json"), "{error}");
    }
}
