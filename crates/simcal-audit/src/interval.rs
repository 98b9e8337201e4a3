//! Normal quantiles and Wilson score intervals for binomial proportions.

use serde::{Deserialize, Serialize};

use crate::error::{AuditError, Result};

/// Default two-sided confidence level of every interval in this crate.
pub const DEFAULT_CONFIDENCE_LEVEL: f64 = 0.95;

/// Closed interval `[low, high]` around a proportion or prevalence.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
}

impl Interval {
    /// Returns whether `value` lies in `[low, high]`.
    pub fn contains(&self, value: f64) -> bool {
        self.low <= value && value <= self.high
    }
}

/// Returns the two-sided standard normal quantile for a confidence level:
/// 1.959964 at 0.95, 2.575829 at 0.99.
pub fn z_for_confidence(confidence_level: f64) -> Result<f64> {
    if !(confidence_level > 0.0 && confidence_level < 1.0) {
        return Err(AuditError::InvalidConfidenceLevel {
            value: confidence_level,
        });
    }
    Ok(inverse_standard_normal_cdf(0.5 + confidence_level / 2.0))
}

/// Computes the Wilson score interval for `successes` out of `trials` at the
/// normal quantile `z` (1.96 for 95%). Unlike the Wald interval it stays
/// inside [0, 1] and does not collapse to a point at 0 or `trials` successes.
pub fn wilson_interval(successes: u64, trials: u64, z: f64) -> Result<Interval> {
    if trials == 0 || successes > trials {
        return Err(AuditError::InvalidProportion { successes, trials });
    }
    if !(z.is_finite() && z > 0.0) {
        return Err(AuditError::InvalidOption {
            name: "z",
            value: z.to_string(),
            reason: "the normal quantile must be a positive number".to_string(),
        });
    }

    let n = trials as f64;
    let p = successes as f64 / n;
    let z2 = z * z;
    let denominator = 1.0 + z2 / n;
    let center = (p + z2 / (2.0 * n)) / denominator;
    let half_width = z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denominator;

    // At 0 or `trials` successes one bound is exactly 0 or 1; rounding in the
    // formula would otherwise leave it a few ulps off.
    let low = if successes == 0 {
        0.0
    } else {
        (center - half_width).max(0.0)
    };
    let high = if successes == trials {
        1.0
    } else {
        (center + half_width).min(1.0)
    };
    Ok(Interval { low, high })
}

/// Inverse of the standard normal CDF by Acklam's rational approximation
/// (relative error below 1.2e-9 over (0, 1)). `p` must lie in (0, 1).
fn inverse_standard_normal_cdf(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    const P_LOW: f64 = 0.024_25;

    if p < P_LOW {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - P_LOW {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        -inverse_standard_normal_cdf(1.0 - p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Reference quantiles from scipy.stats.norm.ppf (scipy 1.17).
    #[test]
    fn z_matches_normal_quantiles() {
        let cases = [
            (0.80, 1.281_551_565_544_600_4),
            (0.90, 1.644_853_626_951_472_2),
            (0.95, 1.959_963_984_540_054),
            (0.99, 2.575_829_303_548_900_4),
        ];
        for (level, expected) in cases {
            let z = z_for_confidence(level).unwrap();
            assert!(
                (z - expected).abs() < 1e-8,
                "level {level}: z {z}, expected {expected}"
            );
        }
    }

    #[test]
    fn z_rejects_levels_outside_unit_interval() {
        for level in [0.0, 1.0, -0.5, 95.0, f64::NAN] {
            assert!(z_for_confidence(level).is_err(), "level {level} accepted");
        }
    }

    #[test]
    fn wilson_rejects_empty_and_impossible_counts() {
        assert!(wilson_interval(0, 0, 1.96).is_err());
        assert!(wilson_interval(5, 4, 1.96).is_err());
        assert!(wilson_interval(1, 4, f64::NAN).is_err());
    }
}
