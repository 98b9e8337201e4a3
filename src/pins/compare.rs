//! Tolerance comparison of a freshly computed pin against the stored one.
//!
//! A threshold may move by the half-width of its stored bootstrap interval
//! (times [`ToleranceRule::interval_scale`]), and never by less than a floor,
//! so that rerun and driver noise passes while a real change fails. The
//! comparison works on numbers, never on rounded text, so a value close to a
//! rounding boundary cannot flip the verdict.

use std::fmt;

use super::model::{Interval, PinnedCurve, PinnedOperatingPoint, PinnedThresholds};

/// How far a pinned number may move before it counts as drift.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ToleranceRule {
    /// Smallest allowed threshold movement, in similarity units.
    pub threshold_floor: f64,
    /// Smallest allowed recall movement.
    pub recall_floor: f64,
    /// Multiplier on the stored interval's half-width.
    pub interval_scale: f64,
}

impl Default for ToleranceRule {
    /// Floors of 0.005 (threshold) and 0.02 (recall), one interval
    /// half-width.
    fn default() -> Self {
        Self {
            threshold_floor: 0.005,
            recall_floor: 0.02,
            interval_scale: 1.0,
        }
    }
}

impl ToleranceRule {
    /// Allowed movement for a value whose stored interval is `interval`.
    pub fn tolerance(&self, floor: f64, interval: Option<Interval>) -> f64 {
        let from_interval =
            interval.map_or(0.0, |interval| interval.half_width() * self.interval_scale);
        floor.max(from_interval)
    }
}

/// Identity of one pinned operating point.
#[derive(Debug, Clone, PartialEq)]
pub struct PointKey {
    pub encoder_id: String,
    pub similarity: String,
    pub base_rate: f64,
    pub precision_target: f64,
}

impl fmt::Display for PointKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} / {} @ base rate {} precision {}",
            self.encoder_id, self.similarity, self.base_rate, self.precision_target
        )
    }
}

/// Pinned quantity of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinnedField {
    Threshold,
    Recall,
}

impl PinnedField {
    fn as_str(self) -> &'static str {
        match self {
            PinnedField::Threshold => "threshold",
            PinnedField::Recall => "recall",
        }
    }
}

/// One numeric comparison: stored against current value.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueCheck {
    pub key: PointKey,
    pub field: PinnedField,
    pub stored: f64,
    pub current: f64,
    /// `current - stored`.
    pub delta: f64,
    pub tolerance: f64,
    /// Stored bootstrap interval, when resampling ran.
    pub stored_interval: Option<Interval>,
}

impl ValueCheck {
    /// Whether the value moved by more than its tolerance.
    pub fn drifted(&self) -> bool {
        self.delta.abs() > self.tolerance
    }
}

/// A difference that is drift regardless of tolerance.
#[derive(Debug, Clone, PartialEq)]
pub enum StructuralChange {
    /// Encoder id, catalog, perturbations, seeds, resamples or negative count differ.
    Provenance {
        field: &'static str,
        stored: String,
        current: String,
    },
    /// The status of an operating point changed, for example reached to unreachable.
    Status {
        key: PointKey,
        stored: String,
        current: String,
    },
    /// A stored operating point has no current counterpart.
    Missing { key: PointKey },
    /// A current operating point has no stored counterpart.
    Added { key: PointKey },
}

/// Outcome of comparing a current pin with the stored one.
#[derive(Debug, Clone, PartialEq)]
pub struct PinComparison {
    pub snapshot: String,
    pub stored_render_backend: String,
    pub current_render_backend: String,
    pub checks: Vec<ValueCheck>,
    pub structural_changes: Vec<StructuralChange>,
}

impl PinComparison {
    /// True when nothing drifted and at least one value was compared.
    pub fn is_match(&self) -> bool {
        !self.checks.is_empty()
            && self.structural_changes.is_empty()
            && !self.checks.iter().any(ValueCheck::drifted)
    }

    /// Checks whose value moved beyond tolerance.
    pub fn drifted(&self) -> impl Iterator<Item = &ValueCheck> {
        self.checks.iter().filter(|check| check.drifted())
    }
}

/// Compares every operating point of `current` with `stored`.
pub fn compare_pins(
    stored: &PinnedThresholds,
    current: &PinnedThresholds,
    rule: &ToleranceRule,
) -> PinComparison {
    let mut comparison = PinComparison {
        snapshot: stored.snapshot.clone(),
        stored_render_backend: stored.provenance.render_backend.clone(),
        current_render_backend: current.provenance.render_backend.clone(),
        checks: Vec::new(),
        structural_changes: provenance_changes(stored, current),
    };

    for stored_curve in &stored.curves {
        for stored_point in &stored_curve.operating_points {
            let key = point_key(stored_curve, stored_point);
            match find_point(current, &key) {
                Some(current_point) => {
                    compare_point(&mut comparison, key, stored_point, current_point, rule)
                }
                None => comparison
                    .structural_changes
                    .push(StructuralChange::Missing { key }),
            }
        }
    }
    for current_curve in &current.curves {
        for current_point in &current_curve.operating_points {
            let key = point_key(current_curve, current_point);
            if find_point(stored, &key).is_none() {
                comparison
                    .structural_changes
                    .push(StructuralChange::Added { key });
            }
        }
    }
    comparison
}

fn provenance_changes(
    stored: &PinnedThresholds,
    current: &PinnedThresholds,
) -> Vec<StructuralChange> {
    let (old, new) = (&stored.provenance, &current.provenance);
    let stored_encoders = encoder_ids(stored);
    let current_encoders = encoder_ids(current);
    let fields = [
        ("encoder ids", stored_encoders, current_encoders),
        ("catalog", old.catalog.clone(), new.catalog.clone()),
        (
            "perturbations",
            old.perturbations.join(", "),
            new.perturbations.join(", "),
        ),
        (
            "seeds",
            format!("{:?}", old.seeds),
            format!("{:?}", new.seeds),
        ),
        (
            "bootstrap resamples",
            old.bootstrap_resamples.to_string(),
            new.bootstrap_resamples.to_string(),
        ),
        (
            "negative pairs",
            old.negative_pairs.to_string(),
            new.negative_pairs.to_string(),
        ),
    ];
    fields
        .into_iter()
        .filter(|(_, stored, current)| stored != current)
        .map(|(field, stored, current)| StructuralChange::Provenance {
            field,
            stored,
            current,
        })
        .collect()
}

fn encoder_ids(pin: &PinnedThresholds) -> String {
    let mut ids: Vec<&str> = pin
        .curves
        .iter()
        .map(|curve| curve.encoder_id.as_str())
        .collect();
    ids.dedup();
    ids.join(", ")
}

fn point_key(curve: &PinnedCurve, point: &PinnedOperatingPoint) -> PointKey {
    PointKey {
        encoder_id: curve.encoder_id.clone(),
        similarity: curve.similarity.clone(),
        base_rate: point.base_rate,
        precision_target: point.precision_target,
    }
}

/// Finds the point with the same similarity, base rate and target. The
/// encoder is matched by its name before the `@`, so that a swapped or
/// retrained model still lines up with its old numbers in the diff (the id
/// change itself is reported as a provenance change).
fn find_point<'a>(pin: &'a PinnedThresholds, key: &PointKey) -> Option<&'a PinnedOperatingPoint> {
    pin.curves
        .iter()
        .filter(|curve| {
            encoder_name(&curve.encoder_id) == encoder_name(&key.encoder_id)
                && curve.similarity == key.similarity
        })
        .flat_map(|curve| curve.operating_points.iter())
        .find(|point| {
            point.base_rate == key.base_rate && point.precision_target == key.precision_target
        })
}

fn encoder_name(encoder_id: &str) -> &str {
    encoder_id
        .split_once('@')
        .map_or(encoder_id, |(name, _)| name)
}

fn compare_point(
    comparison: &mut PinComparison,
    key: PointKey,
    stored: &PinnedOperatingPoint,
    current: &PinnedOperatingPoint,
    rule: &ToleranceRule,
) {
    if stored.status != current.status {
        comparison
            .structural_changes
            .push(StructuralChange::Status {
                key: key.clone(),
                stored: stored.status.clone(),
                current: current.status.clone(),
            });
    }

    let values = [
        (
            PinnedField::Threshold,
            stored.threshold,
            current.threshold,
            stored.threshold_interval,
            rule.threshold_floor,
        ),
        (
            PinnedField::Recall,
            stored.recall,
            current.recall,
            stored.recall_interval,
            rule.recall_floor,
        ),
    ];
    for (field, stored_value, current_value, stored_interval, floor) in values {
        if let (Some(stored_value), Some(current_value)) = (stored_value, current_value) {
            comparison.checks.push(ValueCheck {
                key: key.clone(),
                field,
                stored: stored_value,
                current: current_value,
                delta: current_value - stored_value,
                tolerance: rule.tolerance(floor, stored_interval),
                stored_interval,
            });
        }
    }
}

impl fmt::Display for PinComparison {
    /// Writes the readable diff: every drifted value with stored value,
    /// current value, delta, tolerance and stored interval, then structural
    /// changes, then the count of values within tolerance.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let drifted: Vec<&ValueCheck> = self.drifted().collect();
        let verdict = if self.is_match() {
            "matches"
        } else {
            "DRIFTED"
        };
        writeln!(
            f,
            "pinned thresholds {:?} {verdict}: {} of {} values beyond tolerance, {} structural change(s)",
            self.snapshot,
            drifted.len(),
            self.checks.len(),
            self.structural_changes.len()
        )?;
        if self.checks.is_empty() {
            writeln!(
                f,
                "  no value was compared; an empty comparison never passes"
            )?;
        }
        if !drifted.is_empty() {
            writeln!(
                f,
                "  {:<44} {:>9} {:>10} {:>10} {:>10} {:>10}  stored interval",
                "operating point", "field", "stored", "current", "delta", "tolerance"
            )?;
            for check in &drifted {
                writeln!(
                    f,
                    "  {:<44} {:>9} {:>10.6} {:>10.6} {:>+10.6} {:>10.6}  {}",
                    format!("{} {}", check.key.encoder_id, check.key.similarity)
                        + &format!(
                            " pi={} P={}",
                            check.key.base_rate, check.key.precision_target
                        ),
                    check.field.as_str(),
                    check.stored,
                    check.current,
                    check.delta,
                    check.tolerance,
                    check
                        .stored_interval
                        .map_or("none".to_owned(), |interval| format!(
                            "[{:.6}, {:.6}]",
                            interval.lower, interval.upper
                        )),
                )?;
            }
        }
        for change in &self.structural_changes {
            match change {
                StructuralChange::Provenance {
                    field,
                    stored,
                    current,
                } => {
                    writeln!(f, "  provenance {field} changed: {stored} -> {current}")?;
                }
                StructuralChange::Status {
                    key,
                    stored,
                    current,
                } => {
                    writeln!(f, "  {key}: status changed: {stored} -> {current}")?;
                }
                StructuralChange::Missing { key } => {
                    writeln!(f, "  {key}: pinned, but no longer computed")?;
                }
                StructuralChange::Added { key } => {
                    writeln!(f, "  {key}: computed, but not pinned")?
                }
            }
        }
        let within = self.checks.len() - drifted.len();
        writeln!(f, "  {within} value(s) within tolerance")?;
        if self.stored_render_backend != self.current_render_backend {
            writeln!(
                f,
                "  render backend differs (not a failure by itself): {} -> {}",
                self.stored_render_backend, self.current_render_backend
            )?;
        }
        Ok(())
    }
}
