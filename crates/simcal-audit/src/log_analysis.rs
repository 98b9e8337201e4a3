//! Precision of flagged pairs split by the threshold version in force,
//! from a threshold log joined with audit labels.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::error::{AuditError, Result};
use crate::interval::{Interval, wilson_interval, z_for_confidence};
use crate::pair_labels::PairLabels;
use crate::threshold_log::{Decision, ThresholdDecision};

/// Decisions and audited precision for one threshold version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VersionPrecision {
    pub threshold_version: String,
    /// Distinct thresholds logged under this version, ascending; more than
    /// one means the version label was reused for different thresholds.
    pub thresholds: Vec<f64>,
    /// Distinct encoder ids logged under this version, sorted.
    pub encoder_ids: Vec<String>,
    pub first_time: DateTime<FixedOffset>,
    pub last_time: DateTime<FixedOffset>,
    pub decisions: u64,
    /// Decisions of `duplicate`.
    pub flagged: u64,
    /// Flagged decisions whose pair has an audit label.
    pub flagged_labelled: u64,
    /// Flagged decisions labelled positive.
    pub true_positives: u64,
    /// `true_positives / flagged_labelled`; `None` when no flagged pair is labelled.
    pub precision: Option<f64>,
    /// Wilson interval of `precision`.
    pub precision_interval: Option<Interval>,
    /// `distinct` decisions whose pair has an audit label.
    pub distinct_labelled: u64,
    /// Labelled `distinct` decisions that were true duplicates (misses).
    pub missed_positives: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogAnalysis {
    pub confidence_level: f64,
    /// Versions in order of their first decision in the log.
    pub versions: Vec<VersionPrecision>,
    /// Decisions whose pair has no audit label.
    pub unlabelled_decisions: u64,
}

/// Splits audited precision by `threshold_version`. Each log record joins
/// the label of its unordered pair; a pair decided several times counts
/// once per decision.
pub fn analyze_threshold_log(
    records: &[ThresholdDecision],
    labels: &PairLabels,
    confidence_level: f64,
) -> Result<LogAnalysis> {
    let z = z_for_confidence(confidence_level)?;
    if records.is_empty() {
        return Err(AuditError::Empty {
            input: "threshold log".to_string(),
        });
    }

    let mut versions: Vec<VersionPrecision> = Vec::new();
    let mut unlabelled_decisions = 0;
    for record in records {
        let index = match versions
            .iter()
            .position(|version| version.threshold_version == record.threshold_version)
        {
            Some(index) => index,
            None => {
                versions.push(empty_version(record));
                versions.len() - 1
            }
        };
        let version = &mut versions[index];
        version.decisions += 1;
        if !version.thresholds.contains(&record.threshold) {
            version.thresholds.push(record.threshold);
        }
        if !version.encoder_ids.contains(&record.encoder_id) {
            version.encoder_ids.push(record.encoder_id.clone());
        }
        version.first_time = version.first_time.min(record.time);
        version.last_time = version.last_time.max(record.time);

        let label = labels.get(&record.item_ids[0], &record.item_ids[1]);
        if label.is_none() {
            unlabelled_decisions += 1;
        }
        match (record.decision, label) {
            (Decision::Duplicate, Some(positive)) => {
                version.flagged += 1;
                version.flagged_labelled += 1;
                version.true_positives += u64::from(positive);
            }
            (Decision::Duplicate, None) => version.flagged += 1,
            (Decision::Distinct, Some(positive)) => {
                version.distinct_labelled += 1;
                version.missed_positives += u64::from(positive);
            }
            (Decision::Distinct, None) => {}
        }
    }

    for version in &mut versions {
        version.thresholds.sort_by(f64::total_cmp);
        version.encoder_ids.sort();
        if version.thresholds.len() > 1 {
            tracing::warn!(
                threshold_version = %version.threshold_version,
                thresholds = ?version.thresholds,
                "one threshold version was logged with several thresholds"
            );
        }
        if version.flagged_labelled > 0 {
            version.precision =
                Some(version.true_positives as f64 / version.flagged_labelled as f64);
            version.precision_interval = Some(wilson_interval(
                version.true_positives,
                version.flagged_labelled,
                z,
            )?);
        }
    }

    Ok(LogAnalysis {
        confidence_level,
        versions,
        unlabelled_decisions,
    })
}

fn empty_version(record: &ThresholdDecision) -> VersionPrecision {
    VersionPrecision {
        threshold_version: record.threshold_version.clone(),
        thresholds: Vec::new(),
        encoder_ids: Vec::new(),
        first_time: record.time,
        last_time: record.time,
        decisions: 0,
        flagged: 0,
        flagged_labelled: 0,
        true_positives: 0,
        precision: None,
        precision_interval: None,
        distinct_labelled: 0,
        missed_positives: 0,
    }
}
