//! Turns a pipeline run into the [`SuiteRun`] that steps read.

use anyhow::bail;
use simcal::config::CalibrationConfig;

use super::world::SuiteRun;

/// Runs the whole pipeline for `config` on the calling (blocking) thread.
pub fn compute_suite_run(config: CalibrationConfig) -> anyhow::Result<SuiteRun> {
    // TODO: call simcal::pipeline::run_calibration once the pipeline module exists.
    let _ = config;
    bail!("the simcal pipeline (simcal::pipeline::run_calibration) is not available in this build")
}
