//! Helpers shared by the `calibrate_*` tests: running the real binary and
//! reading CSV files.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The small end-to-end config: 4 built-in classes x 6 objects, both
/// default encoders, 24 negatives, 50 bootstrap resamples.
pub fn small_config() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/calibrate/small.yaml")
}

/// A `simcal` command with logs at warn, so failures print little noise.
pub fn simcal() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_simcal"));
    command.env("RUST_LOG", "warn");
    command
}

/// Runs the command and fails the test with its output when it fails.
pub fn run_ok(command: &mut Command) -> Output {
    let output = command.output().expect("simcal starts");
    assert!(
        output.status.success(),
        "{command:?} failed with {}\nstdout:\n{}\nstderr:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Runs `simcal calibrate` with `config` into `output` using `cache`.
pub fn calibrate(config: &Path, output: &Path, cache: &Path, extra: &[&str]) -> Output {
    run_ok(
        simcal()
            .arg("calibrate")
            .arg("--config")
            .arg(config)
            .arg("--output")
            .arg(output)
            .arg("--cache")
            .arg(cache)
            .arg("--no-progress")
            .args(extra),
    )
}

/// Reads a CSV file into its header and rows.
pub fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader =
        csv::Reader::from_path(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let header = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|record| record.expect("row").iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

/// The CSV files whose bytes must not depend on how a run was executed.
pub const DETERMINISTIC_CSV_FILES: [&str; 7] = [
    "pair-manifest.csv",
    "scores.csv",
    "norms.csv",
    "threshold-by-base-rate.csv",
    "roc.csv",
    "pr.csv",
    "hard-negatives.csv",
];
