//! The pin: the thresholds and recalls of one calibration configuration at
//! every (encoder, similarity, base rate, precision target), with the
//! provenance needed to tell a real drift from a changed set-up.

use serde::{Deserialize, Serialize};

use super::PinError;

/// Decimal places kept for every pinned number. Comparison is numeric and
/// tolerance-based, so this only keeps snapshot files readable.
pub const PINNED_DECIMALS: i32 = 6;

/// Thresholds pinned for one named configuration, in canonical order
/// (curves by encoder id then similarity, points by descending base rate
/// then ascending precision target).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PinnedThresholds {
    /// Snapshot name; the file is `snapshots/<snapshot>.snap`.
    pub snapshot: String,
    pub provenance: Provenance,
    pub curves: Vec<PinnedCurve>,
}

/// Where the pinned numbers came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// Catalog description, for example `builtin classes=4 objects_per_class=8`.
    pub catalog: String,
    /// Perturbation chains that built the pseudo-positive twins.
    pub perturbations: Vec<String>,
    pub seeds: PinnedSeeds,
    /// Bootstrap resamples behind every interval.
    pub bootstrap_resamples: usize,
    /// Number of negative pairs.
    pub negative_pairs: usize,
    /// Render adapter and backend. Informational: a different GPU or driver
    /// is expected noise, so comparison does not require it to match.
    pub render_backend: String,
}

/// Seeds of every random choice behind the pinned numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PinnedSeeds {
    /// Built-in catalog generator seed; 0 for catalogs read from files.
    pub catalog: u64,
    /// Twin perturbation seed.
    pub twins: u64,
    pub negatives: u64,
    pub bootstrap: u64,
}

/// Operating points of one (encoder, similarity) score set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PinnedCurve {
    /// Encoder identity including its weights hash, for example
    /// `pointnet-proxy@3f2a9c01`.
    pub encoder_id: String,
    /// Similarity name: `cosine`, `raw-l2` or `normalized-l2`.
    pub similarity: String,
    pub operating_points: Vec<PinnedOperatingPoint>,
}

/// The lowest threshold whose precision at `base_rate` reaches
/// `precision_target`, and the recall left there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PinnedOperatingPoint {
    /// Positive base rate (prevalence), in (0, 1).
    pub base_rate: f64,
    /// Precision target, in (0, 1].
    pub precision_target: f64,
    /// Operating point status as the sweep reports it, for example
    /// `reached` or `unreachable`.
    pub status: String,
    /// Absent when the target is unreachable.
    pub threshold: Option<f64>,
    /// Bootstrap confidence interval of the threshold, when resampling ran.
    pub threshold_interval: Option<Interval>,
    pub recall: Option<f64>,
    pub recall_interval: Option<Interval>,
}

/// A closed interval `[lower, upper]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Interval {
    pub lower: f64,
    pub upper: f64,
}

impl Interval {
    /// Half the interval's width.
    pub fn half_width(&self) -> f64 {
        (self.upper - self.lower) / 2.0
    }
}

impl PinnedThresholds {
    /// Validates the pin, rounds every number to [`PINNED_DECIMALS`] places
    /// and sorts it canonically.
    ///
    /// Rejects an invalid snapshot name, non-finite numbers, base rates
    /// outside (0, 1), targets outside (0, 1], inverted intervals, duplicate
    /// operating points and a pin with no operating point at all.
    pub fn new(
        snapshot: impl Into<String>,
        provenance: Provenance,
        curves: Vec<PinnedCurve>,
    ) -> Result<Self, PinError> {
        let mut pin = Self {
            snapshot: snapshot.into(),
            provenance,
            curves,
        };
        pin.round();
        pin.sort();
        pin.validate()?;
        Ok(pin)
    }

    /// Parses the YAML body of a snapshot and validates it. `origin` names
    /// the file or source in error messages.
    pub fn from_yaml(yaml: &str, origin: &str) -> Result<Self, PinError> {
        let pin: Self = serde_yaml_ng::from_str(yaml).map_err(|source| PinError::Parse {
            origin: origin.to_owned(),
            source,
        })?;
        Self::new(pin.snapshot, pin.provenance, pin.curves)
    }

    /// Serialises the pin as the YAML body of its snapshot.
    pub fn to_yaml(&self) -> Result<String, PinError> {
        serde_yaml_ng::to_string(self).map_err(|source| PinError::Serialise {
            snapshot: self.snapshot.clone(),
            source,
        })
    }

    /// Number of operating points across all curves.
    pub fn operating_point_count(&self) -> usize {
        self.curves
            .iter()
            .map(|curve| curve.operating_points.len())
            .sum()
    }

    fn round(&mut self) {
        for point in self
            .curves
            .iter_mut()
            .flat_map(|curve| curve.operating_points.iter_mut())
        {
            point.threshold = point.threshold.map(round_pinned);
            point.recall = point.recall.map(round_pinned);
            for interval in [&mut point.threshold_interval, &mut point.recall_interval]
                .into_iter()
                .flatten()
            {
                interval.lower = round_pinned(interval.lower);
                interval.upper = round_pinned(interval.upper);
            }
        }
    }

    fn sort(&mut self) {
        self.curves.sort_by(|a, b| {
            (a.encoder_id.as_str(), a.similarity.as_str())
                .cmp(&(b.encoder_id.as_str(), b.similarity.as_str()))
        });
        for curve in &mut self.curves {
            curve.operating_points.sort_by(|a, b| {
                b.base_rate
                    .total_cmp(&a.base_rate)
                    .then(a.precision_target.total_cmp(&b.precision_target))
            });
        }
    }

    fn validate(&self) -> Result<(), PinError> {
        validate_snapshot_name(&self.snapshot)?;
        if self.operating_point_count() == 0 {
            return Err(PinError::Empty {
                snapshot: self.snapshot.clone(),
            });
        }
        for curve in &self.curves {
            for (index, point) in curve.operating_points.iter().enumerate() {
                self.validate_point(curve, point)?;
                if index > 0 && curve.operating_points[index - 1].key_eq(point) {
                    return Err(PinError::DuplicateOperatingPoint {
                        snapshot: self.snapshot.clone(),
                        encoder_id: curve.encoder_id.clone(),
                        similarity: curve.similarity.clone(),
                        base_rate: point.base_rate,
                        precision_target: point.precision_target,
                    });
                }
            }
        }
        Ok(())
    }

    fn validate_point(
        &self,
        curve: &PinnedCurve,
        point: &PinnedOperatingPoint,
    ) -> Result<(), PinError> {
        let field = |name: &str| {
            format!(
                "{name} of {} / {} at base rate {} and precision target {}",
                curve.encoder_id, curve.similarity, point.base_rate, point.precision_target
            )
        };
        let invalid = |name: &str, value: String, expected: &'static str| PinError::InvalidValue {
            snapshot: self.snapshot.clone(),
            field: field(name),
            value,
            expected,
        };

        if !(point.base_rate > 0.0 && point.base_rate < 1.0) {
            return Err(invalid(
                "base rate",
                point.base_rate.to_string(),
                "a number in (0, 1)",
            ));
        }
        if !(point.precision_target > 0.0 && point.precision_target <= 1.0) {
            return Err(invalid(
                "precision target",
                point.precision_target.to_string(),
                "a number in (0, 1]",
            ));
        }
        for (name, value) in [("threshold", point.threshold), ("recall", point.recall)] {
            if let Some(value) = value.filter(|value| !value.is_finite()) {
                return Err(invalid(name, value.to_string(), "a finite number"));
            }
        }
        for (name, interval) in [
            ("threshold interval", point.threshold_interval),
            ("recall interval", point.recall_interval),
        ] {
            if let Some(interval) = interval {
                let ordered = interval.lower.is_finite()
                    && interval.upper.is_finite()
                    && interval.lower <= interval.upper;
                if !ordered {
                    return Err(invalid(
                        name,
                        format!("[{}, {}]", interval.lower, interval.upper),
                        "finite bounds with lower <= upper",
                    ));
                }
            }
        }
        Ok(())
    }
}

impl PinnedOperatingPoint {
    fn key_eq(&self, other: &Self) -> bool {
        self.base_rate == other.base_rate && self.precision_target == other.precision_target
    }
}

/// Checks that `name` is usable as a snapshot file stem.
pub fn validate_snapshot_name(name: &str) -> Result<(), PinError> {
    let valid = !name.is_empty()
        && name.len() <= 100
        && name
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_');
    if valid {
        Ok(())
    } else {
        Err(PinError::InvalidName {
            name: name.to_owned(),
        })
    }
}

/// Rounds half away from zero to [`PINNED_DECIMALS`] places.
pub fn round_pinned(value: f64) -> f64 {
    let scale = 10f64.powi(PINNED_DECIMALS);
    (value * scale).round() / scale
}
