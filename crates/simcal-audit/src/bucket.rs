//! Hard-negative bucket: the top K highest-scoring negative pairs, kept in a
//! JSON file and re-scored after every encoder change.

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

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
    /// Similarity score when the pair entered the bucket; higher is more similar.
    pub score: f64,
    pub encoder_id: String,
    /// Similarity function, such as `cosine`.
    pub similarity: String,
    /// Threshold in force when the pair entered the bucket.
    pub threshold: f64,
}

/// Persisted bucket; entries are sorted by descending score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HardNegativeBucket {
    pub format: String,
    pub entries: Vec<HardNegative>,
}

impl HardNegativeBucket {
    /// Keeps the `k` highest-scoring negatives (ties broken by pair id).
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
        negatives.sort_by(|left, right| right.score.total_cmp(&left.score).then_with(|| left.pair_id.cmp(&right.pair_id)));
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
        ("similarity", &entry.similarity),
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
    let mut text = serde_json::to_string_pretty(bucket).map_err(|error| AuditError::InvalidBucket {
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
    let bucket: HardNegativeBucket = serde_json::from_str(text).map_err(|error| AuditError::InvalidBucket {
        at: source_name.to_string(),
        reason: error.to_string(),
    })?;
    bucket.validate(source_name)?;
    Ok(bucket)
}
