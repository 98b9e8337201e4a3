//! The step that compares a run's thresholds with their pinned snapshot.

use anyhow::Context;
use cucumber::then;

use super::context;
use super::pin_check::{check_pin, pin_of_run};
use super::world::CalibrationWorld;

/// Step text before the snapshot name; the runner scans feature files for it
/// to find which snapshots are referenced.
pub const PIN_STEP_PREFIX: &str = "the pinned thresholds match snapshot ";

#[then(expr = "the pinned thresholds match snapshot {string}")]
async fn pinned_thresholds_match(world: &mut CalibrationWorld, name: String) -> anyhow::Result<()> {
    let context = context::current()?;
    context.record_checked(&name);
    let pin = pin_of_run(&name, world.run()?)?;
    let snapshot_dir = context.snapshot_dir.clone();
    let rule = context.tolerance;
    tokio::task::spawn_blocking(move || check_pin(&snapshot_dir, &pin, &rule))
        .await
        .context("the pin check thread panicked")?
}
