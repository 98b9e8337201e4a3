//! Confidence levels and percentile confidence intervals.

use crate::error::SweepError;

/// Coverage of a confidence interval, strictly inside (0, 1).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, serde::Serialize)]
#[serde(transparent)]
pub struct ConfidenceLevel(f64);

impl ConfidenceLevel {
    /// Checks that `value` lies strictly between 0 and 1.
    pub fn new(value: f64) -> Result<Self, SweepError> {
        if value > 0.0 && value < 1.0 {
            Ok(Self(value))
        } else {
            Err(SweepError::InvalidConfidenceLevel { value })
        }
    }

    /// The level as a fraction.
    pub fn value(self) -> f64 {
        self.0
    }
}

impl Default for ConfidenceLevel {
    /// 95%.
    fn default() -> Self {
        Self(0.95)
    }
}

/// A two-sided confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct ConfidenceInterval {
    pub low: f64,
    pub high: f64,
    pub level: ConfidenceLevel,
}

impl ConfidenceInterval {
    /// Percentile interval of `values` (sorted in place), using the inverted
    /// empirical CDF so that both bounds are values that occurred. Returns
    /// `None` for no values.
    pub fn percentile(values: &mut [f64], level: ConfidenceLevel) -> Option<Self> {
        if values.is_empty() {
            return None;
        }
        values.sort_unstable_by(f64::total_cmp);
        let tail = (1.0 - level.value()) / 2.0;
        Some(Self {
            low: inverted_cdf(values, tail),
            high: inverted_cdf(values, 1.0 - tail),
            level,
        })
    }

    /// Whether `value` lies inside the closed interval.
    pub fn contains(&self, value: f64) -> bool {
        self.low <= value && value <= self.high
    }
}

/// The smallest sorted value whose empirical CDF reaches `quantile`.
fn inverted_cdf(sorted: &[f64], quantile: f64) -> f64 {
    let rank = (quantile * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentile_interval_uses_observed_values() {
        let mut values: Vec<f64> = (1..=100).rev().map(f64::from).collect();
        let interval = ConfidenceInterval::percentile(&mut values, ConfidenceLevel::default())
            .expect("values");

        assert_eq!(interval.low, 3.0);
        assert_eq!(interval.high, 98.0);
    }

    #[test]
    fn percentile_interval_of_one_value_is_that_value() {
        let interval =
            ConfidenceInterval::percentile(&mut [0.4], ConfidenceLevel::default()).expect("values");

        assert_eq!((interval.low, interval.high), (0.4, 0.4));
        assert!(ConfidenceInterval::percentile(&mut [], ConfidenceLevel::default()).is_none());
    }

    #[test]
    fn confidence_level_rejects_bounds() {
        for value in [0.0, 1.0, -0.5, f64::NAN] {
            assert!(ConfidenceLevel::new(value).is_err(), "{value}");
        }
    }
}
