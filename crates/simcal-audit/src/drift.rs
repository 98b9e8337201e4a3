//! Week-on-week comparison of two audits: a band whose positive rate moves
//! by a set number of percentage points, or leaves the previous audit's
//! Wilson interval, raises an alert before the aggregate prevalence shows it.

use serde::{Deserialize, Serialize};

use crate::error::{AuditError, Result};
use crate::estimate::PrevalenceEstimate;

/// Default alert shift: 10 percentage points.
pub const DEFAULT_ALERT_SHIFT_POINTS: f64 = 10.0;

/// Shifts this close below the limit still alert, so that 0.3 - 0.2
/// (0.0999... in binary) counts as 10 points.
const SHIFT_TOLERANCE_POINTS: f64 = 1e-9;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DriftOptions {
    /// A band alerts when its positive rate moves by at least this many
    /// percentage points (default 10).
    pub alert_shift_points: f64,
}

impl Default for DriftOptions {
    fn default() -> Self {
        Self {
            alert_shift_points: DEFAULT_ALERT_SHIFT_POINTS,
        }
    }
}

/// How one band's positive rate moved between two audits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BandDrift {
    pub band: String,
    pub previous_rate: Option<f64>,
    pub current_rate: Option<f64>,
    /// `(current - previous) * 100`; `None` when either audit had no items in the band.
    pub shift_points: Option<f64>,
    /// The current rate lies outside the previous audit's Wilson interval.
    pub outside_previous_interval: bool,
    pub alert: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeekComparison {
    pub previous_prevalence: f64,
    pub current_prevalence: f64,
    pub alert_shift_points: f64,
    pub bands: Vec<BandDrift>,
    /// Any band alerts.
    pub alert: bool,
}

/// Compares two estimates drawn with the same band edges.
pub fn compare_weeks(
    previous: &PrevalenceEstimate,
    current: &PrevalenceEstimate,
    options: &DriftOptions,
) -> Result<WeekComparison> {
    if !(options.alert_shift_points.is_finite() && options.alert_shift_points > 0.0) {
        return Err(AuditError::InvalidOption {
            name: "alert_shift_points",
            value: options.alert_shift_points.to_string(),
            reason: "give a positive number of percentage points, such as 10".to_string(),
        });
    }
    if previous.band_edges != current.band_edges || previous.bands.len() != current.bands.len() {
        return Err(AuditError::BandsDiffer {
            previous: format!("{:?}", previous.band_edges),
            current: format!("{:?}", current.band_edges),
        });
    }

    let mut bands = Vec::with_capacity(current.bands.len());
    for (before, after) in previous.bands.iter().zip(&current.bands) {
        let shift_points = match (before.positive_rate, after.positive_rate) {
            (Some(old), Some(new)) => Some((new - old) * 100.0),
            _ => None,
        };
        let outside_previous_interval = match (before.wilson, after.positive_rate) {
            (Some(interval), Some(rate)) => !interval.contains(rate),
            _ => false,
        };
        let large_shift = shift_points.is_some_and(|shift| {
            shift.abs() >= options.alert_shift_points - SHIFT_TOLERANCE_POINTS
        });
        let alert = large_shift || outside_previous_interval;
        if alert {
            tracing::warn!(band = %after.band, ?shift_points, outside_previous_interval, "band positive rate drifted");
        }
        bands.push(BandDrift {
            band: after.band.clone(),
            previous_rate: before.positive_rate,
            current_rate: after.positive_rate,
            shift_points,
            outside_previous_interval,
            alert,
        });
    }

    Ok(WeekComparison {
        previous_prevalence: previous.prevalence,
        current_prevalence: current.prevalence,
        alert_shift_points: options.alert_shift_points,
        alert: bands.iter().any(|band| band.alert),
        bands,
    })
}
