//! Pinned thresholds: the snapshot model behind `snapshots/*.snap` and the
//! tolerance comparator that decides whether a rerun drifted.
//!
//! A pin holds, for one named calibration configuration, the threshold and
//! recall at every (encoder, similarity, base rate, precision target), their
//! bootstrap intervals, and the provenance of the run (encoder ids, catalog,
//! perturbations, seeds, render backend). [`compare_pins`] allows each
//! threshold to move by its stored interval's half-width (with a floor), so
//! that rerun and driver noise passes and real drift fails; the
//! [`PinComparison`] display is the readable diff with stored value, current
//! value, delta, tolerance and interval.

mod compare;
mod error;
mod model;
mod snapshot_file;

pub use compare::{
    PinComparison, PinnedField, PointKey, StructuralChange, ToleranceRule, ValueCheck, compare_pins,
};
pub use error::PinError;
pub use model::{
    Interval, PINNED_DECIMALS, PinnedCurve, PinnedOperatingPoint, PinnedSeeds, PinnedThresholds,
    Provenance, round_pinned, validate_snapshot_name,
};
pub use snapshot_file::{
    SNAPSHOT_EXTENSION, list_snapshot_names, load_pin, read_snapshot_body, snapshot_path,
};
