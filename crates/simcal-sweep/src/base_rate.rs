//! Positive base rates, precision targets, and precision reweighted from the
//! rates of an operating point to the base rate expected in production.

use std::fmt;
use std::str::FromStr;

use crate::error::SweepError;

/// Positive base rate (prevalence) pi: the share of scored pairs in
/// production that are true near-duplicates. Always strictly inside (0, 1).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, serde::Serialize)]
#[serde(transparent)]
pub struct BaseRate(f64);

impl BaseRate {
    /// Base rates reported when none are requested: 50%, 20%, 5% and 1%.
    pub const DEFAULTS: [f64; 4] = [0.5, 0.2, 0.05, 0.01];

    /// Checks that `value` lies strictly between 0 and 1.
    pub fn new(value: f64) -> Result<Self, SweepError> {
        if value > 0.0 && value < 1.0 {
            Ok(Self(value))
        } else {
            Err(SweepError::InvalidBaseRate { value })
        }
    }

    /// The default base rates, highest first.
    pub fn defaults() -> Vec<BaseRate> {
        Self::DEFAULTS.into_iter().map(Self).collect()
    }

    /// The base rate as a fraction.
    pub fn value(self) -> f64 {
        self.0
    }

    /// Odds against a positive, (1 - pi) / pi.
    fn odds_against(self) -> f64 {
        (1.0 - self.0) / self.0
    }
}

impl fmt::Display for BaseRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for BaseRate {
    type Err = SweepError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let value = text
            .trim()
            .parse::<f64>()
            .map_err(|_| SweepError::InvalidNumber {
                what: "base rate",
                text: text.to_owned(),
            })?;
        Self::new(value)
    }
}

/// Minimum precision an operating point must reach, in (0, 1].
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, serde::Serialize)]
#[serde(transparent)]
pub struct PrecisionTarget(f64);

impl PrecisionTarget {
    /// The target used when none is requested.
    pub const DEFAULT: f64 = 0.95;

    /// Checks that `value` lies in (0, 1].
    pub fn new(value: f64) -> Result<Self, SweepError> {
        if value > 0.0 && value <= 1.0 {
            Ok(Self(value))
        } else {
            Err(SweepError::InvalidPrecisionTarget { value })
        }
    }

    /// The default target, 0.95.
    pub fn default_target() -> PrecisionTarget {
        Self(Self::DEFAULT)
    }

    /// The target as a fraction.
    pub fn value(self) -> f64 {
        self.0
    }

    /// Whether `precision` meets the target; an undefined precision never does.
    pub fn is_met_by(self, precision: Option<f64>) -> bool {
        precision.is_some_and(|precision| precision >= self.0)
    }
}

impl fmt::Display for PrecisionTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for PrecisionTarget {
    type Err = SweepError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let value = text
            .trim()
            .parse::<f64>()
            .map_err(|_| SweepError::InvalidNumber {
                what: "precision target",
                text: text.to_owned(),
            })?;
        Self::new(value)
    }
}

/// Precision at base rate pi from the rates of an operating point:
/// `pi*TPR / (pi*TPR + (1-pi)*FPR)`.
///
/// Returns `None` when both rates are zero (nothing is predicted positive).
/// With FPR = 0 and TPR > 0 the result is exactly 1, which rests on zero
/// observed false positives; see [`rule_of_three_fpr_bound`].
pub fn reweighted_precision(base_rate: BaseRate, tpr: f64, fpr: f64) -> Option<f64> {
    // Dividing through by pi gives TPR / (TPR + odds*FPR), the same value;
    // this form is monotone in pi even after rounding.
    let denominator = tpr + base_rate.odds_against() * fpr;
    (denominator > 0.0).then(|| tpr / denominator)
}

/// Reweighted precision from integer counts, the form used by every sweep.
/// Scaling both rates by `positives * negatives` keeps the inputs exact
/// integers (below 2^53), so a precision that equals the target exactly in
/// rational arithmetic compares equal to it in f64 where the target is
/// representable.
pub(crate) fn reweighted_precision_from_counts(
    base_rate: BaseRate,
    true_positives: u64,
    false_positives: u64,
    positives: u64,
    negatives: u64,
) -> Option<f64> {
    let scaled_tpr = (true_positives as f64) * (negatives as f64);
    let scaled_fpr = (false_positives as f64) * (positives as f64);
    reweighted_precision(base_rate, scaled_tpr, scaled_fpr)
}

/// Upper 95% confidence bound on FPR when no false positive was observed
/// among `negatives` negatives: the rule of three, 3/N (Hanley and
/// Lippman-Hand, 1983). Returns `None` for zero negatives.
pub fn rule_of_three_fpr_bound(negatives: u64) -> Option<f64> {
    (negatives > 0).then(|| (3.0 / negatives as f64).min(1.0))
}

/// Largest FPR that still reaches `target` at base rate pi for a given TPR:
/// `TPR * (pi/(1-pi)) * ((1-target)/target)`.
pub fn max_fpr_for_target(base_rate: BaseRate, target: PrecisionTarget, tpr: f64) -> f64 {
    tpr * (1.0 / base_rate.odds_against()) * ((1.0 - target.value()) / target.value())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(value: f64) -> BaseRate {
        BaseRate::new(value).expect("valid base rate")
    }

    #[test]
    fn base_rate_rejects_values_outside_open_unit_interval() {
        for value in [
            0.0,
            1.0,
            -0.1,
            1.5,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            assert!(BaseRate::new(value).is_err(), "{value}");
        }
        assert!(BaseRate::new(f64::MIN_POSITIVE).is_ok());
        assert!("0.2".parse::<BaseRate>().is_ok());
        assert!("20%".parse::<BaseRate>().is_err());
    }

    #[test]
    fn precision_target_accepts_one_rejects_zero() {
        assert!(PrecisionTarget::new(1.0).is_ok());
        for value in [0.0, -0.5, 1.01, f64::NAN] {
            assert!(PrecisionTarget::new(value).is_err(), "{value}");
        }
    }

    /// TPR = .9, FPR = .01 at the four default base rates.
    #[test]
    fn reweighted_precision_matches_hand_values() {
        let expected = [
            (0.5, 0.989011),
            (0.2, 0.957447),
            (0.05, 0.825688),
            (0.01, 0.476190),
        ];
        for (pi, precision) in expected {
            let got = reweighted_precision(rate(pi), 0.9, 0.01).expect("defined");
            assert!(
                (got - precision).abs() < 5e-7,
                "pi {pi}: got {got}, expected {precision}"
            );
        }
    }

    #[test]
    fn reweighted_precision_without_false_positives_is_one() {
        for pi in BaseRate::DEFAULTS {
            assert_eq!(reweighted_precision(rate(pi), 0.3, 0.0), Some(1.0));
        }
        assert_eq!(reweighted_precision(rate(0.5), 0.0, 0.0), None);
        assert_eq!(reweighted_precision(rate(0.5), 0.0, 0.2), Some(0.0));
    }

    /// At pi = .01 and target .95 the FPR allowance is about 5.3e-4 * TPR,
    /// so roughly 1,900 negatives are needed per tolerated false positive.
    #[test]
    fn max_fpr_at_one_percent_needs_1900_negatives() {
        let allowance =
            max_fpr_for_target(rate(0.01), PrecisionTarget::new(0.95).expect("valid"), 1.0);
        assert!((allowance - 5.316e-4).abs() < 1e-6, "{allowance}");
        assert_eq!((1.0 / allowance).round(), 1881.0);
    }

    #[test]
    fn rule_of_three_bound_is_three_over_n() {
        assert_eq!(rule_of_three_fpr_bound(300), Some(0.01));
        assert_eq!(rule_of_three_fpr_bound(2), Some(1.0));
        assert_eq!(rule_of_three_fpr_bound(0), None);
    }
}
