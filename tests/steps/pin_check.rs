//! Builds the pin of a run and checks it against its snapshot.
//!
//! The tolerance comparison ([`simcal::pins::compare_pins`]) decides; insta
//! only stores and reviews. A drifted or missing snapshot goes through
//! `insta::assert_snapshot!`, so that outside CI insta writes the pending
//! `<name>.snap.new` for `cargo insta review`, and in CI (`CI` set) writes
//! nothing. Insta is given a comparator that agrees with the tolerance rule,
//! so rerun noise never leaves pending files behind.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use anyhow::{Context, bail};
use insta::{Comparator, Settings, Snapshot};
use simcal::pins::{
    Interval, PinnedCurve, PinnedOperatingPoint, PinnedThresholds, Provenance, ToleranceRule,
    compare_pins, load_pin, snapshot_path,
};

use super::world::SuiteRun;

/// Builds the pin of every score set in `run`, at every configured base rate
/// and precision target.
pub fn pin_of_run(name: &str, run: &SuiteRun) -> anyhow::Result<PinnedThresholds> {
    let curves = run
        .score_sets
        .iter()
        .map(|set| PinnedCurve {
            encoder_id: set.encoder_id.clone(),
            similarity: set.similarity.name().to_owned(),
            operating_points: set
                .report
                .thresholds
                .iter()
                .map(|row| {
                    let bootstrap = row.bootstrap.as_ref();
                    PinnedOperatingPoint {
                        base_rate: row.choice.base_rate.value(),
                        precision_target: row.choice.precision_target.value(),
                        status: row.choice.status.as_str().to_owned(),
                        threshold: row.choice.threshold(),
                        threshold_interval: bootstrap.and_then(|estimate| estimate.threshold).map(
                            |interval| Interval {
                                lower: interval.low,
                                upper: interval.high,
                            },
                        ),
                        recall: row.choice.threshold().map(|_| row.choice.recall()),
                        recall_interval: bootstrap.and_then(|estimate| estimate.recall).map(
                            |interval| Interval {
                                lower: interval.low,
                                upper: interval.high,
                            },
                        ),
                    }
                })
                .collect(),
        })
        .collect();
    let provenance = Provenance {
        catalog: run.provenance.catalog.clone(),
        perturbations: run.provenance.perturbations.clone(),
        seeds: run.provenance.seeds,
        bootstrap_resamples: run.provenance.bootstrap_resamples,
        negative_pairs: run.provenance.negative_pairs,
        render_backend: run.provenance.render_backend.clone(),
    };
    PinnedThresholds::new(name, provenance, curves)
        .with_context(|| format!("failed to build pin {name:?}"))
}

/// Insta comparator that accepts a snapshot when every pinned number lies
/// within the tolerance rule; bodies that are not pins compare as text.
#[derive(Debug, Clone)]
struct ToleranceComparator {
    rule: ToleranceRule,
}

impl Comparator for ToleranceComparator {
    fn matches(&self, reference: &Snapshot, test: &Snapshot) -> bool {
        let (Some(reference), Some(test)) = (reference.as_text(), test.as_text()) else {
            return false;
        };
        let (reference, test) = (reference.to_string(), test.to_string());
        match (
            PinnedThresholds::from_yaml(&reference, "stored snapshot"),
            PinnedThresholds::from_yaml(&test, "current pin"),
        ) {
            (Ok(stored), Ok(current)) => compare_pins(&stored, &current, &self.rule).is_match(),
            _ => reference == test,
        }
    }

    fn dyn_clone(&self) -> Box<dyn Comparator> {
        Box::new(self.clone())
    }
}

/// Outcome of a pin check that did not pass.
fn review_hint(snapshot_dir: &Path, name: &str) -> String {
    let in_ci = std::env::var("CI")
        .is_ok_and(|value| !value.is_empty() && value != "0" && value != "false");
    if in_ci {
        format!(
            "CI is set, so no pending snapshot was written; rerun locally and review {}.new with `cargo insta review`",
            snapshot_path(snapshot_dir, name).display()
        )
    } else {
        format!(
            "the new values are in {}.new: accept them with `cargo insta review` only if the change is intended",
            snapshot_path(snapshot_dir, name).display()
        )
    }
}

/// Compares `current` with the accepted snapshot in `snapshot_dir`. Fails
/// with the readable diff when a value drifted beyond tolerance, and with a
/// review hint when the snapshot is missing.
pub fn check_pin(
    snapshot_dir: &Path,
    current: &PinnedThresholds,
    rule: &ToleranceRule,
) -> anyhow::Result<()> {
    let name = current.snapshot.as_str();
    let path = snapshot_path(snapshot_dir, name);
    let body = current.to_yaml()?;

    let verdict = if path.exists() {
        let stored = load_pin(&path)?;
        let comparison = compare_pins(&stored, current, rule);
        comparison
            .is_match()
            .then_some(())
            .ok_or_else(|| comparison.to_string())
    } else {
        Err(format!(
            "snapshot {name:?} does not exist yet ({} is missing)\n",
            path.display()
        ))
    };

    // Insta runs in both cases: on a match its comparator agrees and it does
    // nothing; otherwise it writes (or, in CI, refuses to write) the pending file.
    let insta_passed = assert_with_insta(snapshot_dir, name, &body, rule);

    match verdict {
        Ok(()) if insta_passed => Ok(()),
        Ok(()) => bail!(
            "snapshot {name:?} matches within tolerance, but insta rejected it; rerun with INSTA_OUTPUT=diff"
        ),
        Err(diff) => bail!("{diff}{}", review_hint(snapshot_dir, name)),
    }
}

/// Runs `insta::assert_snapshot!` for `body` under `name` in `snapshot_dir`;
/// returns whether it passed.
fn assert_with_insta(snapshot_dir: &Path, name: &str, body: &str, rule: &ToleranceRule) -> bool {
    let mut settings = Settings::clone_current();
    settings.set_snapshot_path(snapshot_dir);
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_comparator(Box::new(ToleranceComparator { rule: *rule }));
    settings.bind(|| catch_unwind(AssertUnwindSafe(|| insta::assert_snapshot!(name, body))).is_ok())
}

/// Writes `pin` as the accepted snapshot, as `cargo insta review` does when
/// a pending snapshot is accepted. Tests use it to set up a baseline without
/// depending on whether `CI` lets insta write pending files.
pub fn write_accepted_snapshot(snapshot_dir: &Path, pin: &PinnedThresholds) -> anyhow::Result<()> {
    std::fs::create_dir_all(snapshot_dir)
        .with_context(|| format!("failed to create {}", snapshot_dir.display()))?;
    let path = snapshot_path(snapshot_dir, &pin.snapshot);
    let text = format!(
        "---\nsource: tests/steps/pin_check.rs\n---\n{}",
        pin.to_yaml()?
    );
    std::fs::write(&path, text).with_context(|| format!("failed to write {}", path.display()))
}
