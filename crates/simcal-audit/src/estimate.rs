//! Prevalence (positive base rate) of a stream from a labelled stratified
//! audit: band positive rates weighted by band shares.
//!
//! With `N_h` stream items, `n_h` labelled items and `k_h` positives in band
//! `h`, `p_h = k_h / n_h` and `W_h = N_h / N`:
//!
//! ```text
//! prevalence = sum_h W_h * p_h
//! variance   = sum_h W_h^2 * (1 - n_h / N_h) * v_h / (n_h - 1)
//! interval   = prevalence -/+ z * sqrt(variance), clipped to [0, 1]
//! ```
//!
//! `(1 - n_h / N_h)` is the finite population correction: a band audited in
//! full contributes no variance. The interval is for the prevalence of this
//! stream (its `N` items), not of an idealised process behind it.
//!
//! `v_h` is set by [`BandVariance`]. The textbook plug-in `p_h (1 - p_h)`
//! is zero for a band with no positives, and small whenever a band has few,
//! so the interval misses the truth far more often than its level promises when
//! a large low-score band has a small positive rate. The default,
//! [`BandVariance::AddOne`], uses `p~_h (1 - p~_h)` with the add-one
//! estimate `p~_h = (k_h + 1) / (n_h + 2)` in the variance only; the point
//! estimate keeps `p_h`. In the seeded simulation of
//! `tests/coverage_simulation.rs` (4,000 items, positives ~ Beta(8, 2),
//! negatives ~ Beta(2, 6), 50 per default band, 200 trials) the 95%
//! intervals covered the true prevalence this often:
//!
//! | base rate | add-one (width) | plug-in (width) |
//! |-----------|-----------------|-----------------|
//! | 0.05      | 100% (0.088)    | 42.5% (0.037)   |
//! | 0.15      | 97.5% (0.106)   | 81.5% (0.079)   |
//! | 0.30      | 95.0% (0.122)   | 90.5% (0.110)   |

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{AuditError, Result, io_error};
use crate::interval::{DEFAULT_CONFIDENCE_LEVEL, Interval, wilson_interval, z_for_confidence};
use crate::shares::BandShares;
use crate::sheet::AuditSheet;

/// Value of the `format` field of an estimate file.
pub const ESTIMATE_FORMAT: &str = "simcal-prevalence-estimate/1";

/// Per-band binomial variance term `v_h` of the stratified variance.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BandVariance {
    /// `p~ (1 - p~)` with `p~ = (k + 1) / (n + 2)`.
    #[default]
    AddOne,
    /// `p (1 - p)` with the observed rate `p = k / n`.
    PlugIn,
}

impl BandVariance {
    fn term(self, positives: u64, labelled: u64) -> f64 {
        let rate = match self {
            Self::AddOne => (positives as f64 + 1.0) / (labelled as f64 + 2.0),
            Self::PlugIn => positives as f64 / labelled as f64,
        };
        rate * (1.0 - rate)
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EstimateOptions {
    /// Two-sided confidence level of the prevalence and Wilson intervals
    /// (default 0.95, z = 1.96).
    pub confidence_level: f64,
    /// Variance term per band (default [`BandVariance::AddOne`]).
    pub band_variance: BandVariance,
}

impl Default for EstimateOptions {
    fn default() -> Self {
        Self {
            confidence_level: DEFAULT_CONFIDENCE_LEVEL,
            band_variance: BandVariance::default(),
        }
    }
}

/// Audit result for one score band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BandEstimate {
    /// Band in interval notation, such as `[0.9,1]`.
    pub band: String,
    /// Stream items in the band (`N_h`).
    pub stream_count: u64,
    /// Fraction of the stream in the band (`W_h`).
    pub share: f64,
    /// Labelled audit items in the band (`n_h`).
    pub labelled: u64,
    pub positives: u64,
    /// Positives over labelled items; `None` when the band had no stream items.
    pub positive_rate: Option<f64>,
    /// Wilson interval of `positive_rate` at the estimate's confidence level.
    pub wilson: Option<Interval>,
}

/// Stratified prevalence estimate, the content of `ESTIMATE.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrevalenceEstimate {
    pub format: String,
    /// Estimated fraction of stream items that are positive.
    pub prevalence: f64,
    /// Normal interval from the stratified variance, clipped to [0, 1].
    pub interval: Interval,
    pub standard_error: f64,
    pub confidence_level: f64,
    pub band_variance: BandVariance,
    /// Normal quantile used for every interval.
    pub z: f64,
    pub band_edges: Vec<f64>,
    pub stream_items: u64,
    pub labelled_items: u64,
    pub bands: Vec<BandEstimate>,
}

/// Estimates the stream's prevalence from a fully labelled sheet.
///
/// Errors name the row for a missing label, for an item id not drawn for
/// this audit (not in `shares.sampled_item_ids`) and for a band that
/// contradicts the score. They name the band when it has no labelled items
/// or too few for a variance.
pub fn estimate_prevalence(
    sheet: &AuditSheet,
    shares: &BandShares,
    options: &EstimateOptions,
) -> Result<PrevalenceEstimate> {
    let z = z_for_confidence(options.confidence_level)?;
    let bands = &shares.band_edges;
    let sampled: HashSet<&str> = shares.sampled_item_ids.iter().map(String::as_str).collect();

    let mut labelled = vec![0u64; bands.len()];
    let mut positives = vec![0u64; bands.len()];
    for (index, row) in sheet.rows().iter().enumerate() {
        let at = sheet.location(index);
        if !sampled.contains(row.item_id.as_str()) {
            return Err(AuditError::UnknownItemId {
                at: at.to_string(),
                item_id: row.item_id.clone(),
            });
        }
        let expected_band =
            bands
                .band_of(row.score)
                .ok_or_else(|| AuditError::ScoreOutsideBands {
                    at: at.to_string(),
                    item_id: row.item_id.clone(),
                    score: row.score,
                    bands: bands.describe(),
                })?;
        if expected_band != row.band {
            return Err(AuditError::BandMismatch {
                at: at.to_string(),
                score: row.score,
                recorded: if row.band < bands.len() {
                    bands.label(row.band)
                } else {
                    format!("#{}", row.band)
                },
                expected: bands.label(expected_band),
            });
        }
        let label = row.label.ok_or_else(|| AuditError::MissingLabel {
            at: at.to_string(),
            item_id: row.item_id.clone(),
        })?;
        labelled[row.band] += 1;
        positives[row.band] += u64::from(label);
    }

    let mut band_estimates = Vec::with_capacity(bands.len());
    let mut prevalence = 0.0;
    let mut variance = 0.0;
    for band in 0..bands.len() {
        let label = bands.label(band);
        let stream_count = shares.band_counts[band];
        let (n, k) = (labelled[band], positives[band]);
        if n > stream_count {
            return Err(AuditError::MoreLabelledThanStream {
                band: label,
                labelled: n,
                stream_count,
            });
        }
        let share = shares.share(band);
        if stream_count == 0 {
            band_estimates.push(BandEstimate {
                band: label,
                stream_count,
                share,
                labelled: 0,
                positives: 0,
                positive_rate: None,
                wilson: None,
            });
            continue;
        }
        if n == 0 {
            return Err(AuditError::BandWithoutLabels { band: label });
        }
        if n == 1 && stream_count > 1 {
            return Err(AuditError::TooFewLabelled {
                band: label,
                labelled: n,
                stream_count,
            });
        }

        let rate = k as f64 / n as f64;
        prevalence += share * rate;
        if n < stream_count {
            let finite_population_correction = 1.0 - n as f64 / stream_count as f64;
            let band_term = options.band_variance.term(k, n);
            variance += share * share * finite_population_correction * band_term / (n - 1) as f64;
        }
        band_estimates.push(BandEstimate {
            band: label,
            stream_count,
            share,
            labelled: n,
            positives: k,
            positive_rate: Some(rate),
            wilson: Some(wilson_interval(k, n, z)?),
        });
    }

    let standard_error = variance.sqrt();
    let interval = Interval {
        low: (prevalence - z * standard_error).max(0.0),
        high: (prevalence + z * standard_error).min(1.0),
    };
    tracing::debug!(
        prevalence,
        standard_error,
        low = interval.low,
        high = interval.high,
        "estimated prevalence"
    );
    Ok(PrevalenceEstimate {
        format: ESTIMATE_FORMAT.to_string(),
        prevalence,
        interval,
        standard_error,
        confidence_level: options.confidence_level,
        band_variance: options.band_variance,
        z,
        band_edges: bands.edges().to_vec(),
        stream_items: shares.total(),
        labelled_items: labelled.iter().sum(),
        bands: band_estimates,
    })
}

pub fn write_estimate(path: &Path, estimate: &PrevalenceEstimate) -> Result<()> {
    let mut text =
        serde_json::to_string_pretty(estimate).map_err(|error| AuditError::InvalidEstimate {
            source_name: path.display().to_string(),
            reason: error.to_string(),
        })?;
    text.push('\n');
    std::fs::write(path, text).map_err(|source| io_error(path, source))
}

/// Reads an estimate written by [`write_estimate`], checking that the
/// prevalence lies in its interval inside [0, 1].
pub fn read_estimate(path: &Path) -> Result<PrevalenceEstimate> {
    let text = std::fs::read_to_string(path).map_err(|source| io_error(path, source))?;
    parse_estimate(&text, &path.display().to_string())
}

pub fn parse_estimate(text: &str, source_name: &str) -> Result<PrevalenceEstimate> {
    let invalid = |reason: String| AuditError::InvalidEstimate {
        source_name: source_name.to_string(),
        reason,
    };
    let estimate: PrevalenceEstimate =
        serde_json::from_str(text).map_err(|error| invalid(error.to_string()))?;
    if estimate.format != ESTIMATE_FORMAT {
        return Err(invalid(format!(
            "format `{}` is not `{ESTIMATE_FORMAT}`; write the file with `simcal audit estimate`",
            estimate.format
        )));
    }
    let Interval { low, high } = estimate.interval;
    if !(0.0 <= low && low <= estimate.prevalence && estimate.prevalence <= high && high <= 1.0) {
        return Err(invalid(format!(
            "prevalence {} and interval [{low}, {high}] must satisfy 0 <= low <= prevalence <= high <= 1",
            estimate.prevalence
        )));
    }
    if estimate.bands.len() + 1 != estimate.band_edges.len() {
        return Err(invalid(format!(
            "{} band entries for {} band edges",
            estimate.bands.len(),
            estimate.band_edges.len()
        )));
    }
    Ok(estimate)
}
