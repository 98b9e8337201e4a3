//! The calibration suite: runs every `features/**/*.feature` scenario with
//! cucumber-rs against the real pipeline and the pinned snapshots.
//!
//! `cargo test` runs the `@fast` scenarios. `SIMCAL_SUITE` selects other
//! sizes: `full` (the 640-object default configuration), `gpu`, `all`, or a
//! comma-separated list such as `fast,full`. A positional argument, as in
//! `cargo test --test calibration_suite -- base-rate`, runs only scenarios
//! whose name contains it. The JUnit report goes to
//! `target/calibration-suite/junit.xml`.
//!
//! Before the real features, the runner checks itself: a scenario with a
//! misspelt step and a scenario with a failing step (in
//! `fixtures/suite/`) must both fail, or the suite reports a broken runner.

// Each test target that includes the step library uses only part of it.
#[allow(dead_code)]
mod steps;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use steps::runner::{SuiteOptions, TagSelection, run_suite};

/// libtest flags that `cargo test` may pass to every test binary; the
/// runner accepts and ignores them.
const IGNORED_FLAGS: [&str; 8] = [
    "--nocapture",
    "--show-output",
    "--quiet",
    "-q",
    "--include-ignored",
    "--ignored",
    "--exact",
    "--test",
];

fn repository_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn work_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| repository_root().join("target"), PathBuf::from);
    target.join("calibration-suite")
}

/// The scenario name filter from the command line, if any.
fn name_filter_from_args() -> Result<Option<String>, String> {
    let mut filter = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if IGNORED_FLAGS.contains(&arg.as_str())
            || arg.starts_with("--test-threads")
            || arg.starts_with("--color")
        {
            if arg == "--color" || arg == "--test-threads" {
                args.next();
            }
            continue;
        }
        if arg.starts_with('-') {
            return Err(format!(
                "unknown option {arg:?}; pass a scenario name filter or set SIMCAL_SUITE"
            ));
        }
        filter = Some(arg);
    }
    Ok(filter)
}

fn fixture_options(name: &str) -> SuiteOptions {
    let work_dir = work_dir().join("self-check").join(name);
    SuiteOptions {
        features_dir: repository_root().join("fixtures/suite").join(name),
        snapshot_dir: work_dir.join("snapshots"),
        junit_path: work_dir.join("junit.xml"),
        work_dir,
        selection: TagSelection::parse("all").expect("\"all\" is a valid selection"),
        name_filter: None,
        print_progress: false,
        reject_unreferenced_snapshots: false,
    }
}

/// Runs the runner on fixtures that must fail; returns a problem per fixture that passed.
async fn self_check() -> Vec<String> {
    let mut problems = Vec::new();
    for fixture in ["misspelt", "failing"] {
        let options = fixture_options(fixture);
        match run_suite(&options).await {
            Ok(outcome) if outcome.passed() => problems.push(format!(
                "runner self-check: fixtures/suite/{fixture} passed, but it must fail ({})",
                outcome.summary()
            )),
            Ok(_) => {}
            Err(error) => problems.push(format!(
                "runner self-check on fixtures/suite/{fixture} failed to run: {error:#}"
            )),
        }
    }
    problems
}

fn main_options(selection: TagSelection, name_filter: Option<String>) -> SuiteOptions {
    let root = repository_root();
    let work_dir = work_dir();
    SuiteOptions {
        features_dir: root.join("features"),
        snapshot_dir: root.join("snapshots"),
        junit_path: work_dir.join("junit.xml"),
        work_dir,
        selection,
        name_filter,
        print_progress: true,
        reject_unreferenced_snapshots: true,
    }
}

fn report_failure(message: &str) -> ExitCode {
    eprintln!("calibration suite failed: {message}");
    ExitCode::FAILURE
}

#[tokio::main]
async fn main() -> ExitCode {
    let selection = match TagSelection::from_env() {
        Ok(selection) => selection,
        Err(error) => return report_failure(&format!("{error:#}")),
    };
    let name_filter = match name_filter_from_args() {
        Ok(filter) => filter,
        Err(error) => return report_failure(&error),
    };

    let problems = self_check().await;
    if !problems.is_empty() {
        return report_failure(&problems.join("\n"));
    }

    let options = main_options(selection, name_filter);
    match run_suite(&options).await {
        Ok(outcome) if outcome.passed() => {
            println!("calibration suite passed: {}", outcome.summary());
            println!("JUnit report: {}", display_relative(&options.junit_path));
            ExitCode::SUCCESS
        }
        Ok(outcome) => report_failure(&format!(
            "{}\nJUnit report: {}",
            outcome.summary(),
            display_relative(&options.junit_path)
        )),
        Err(error) => report_failure(&format!("{error:#}")),
    }
}

fn display_relative(path: &Path) -> String {
    path.strip_prefix(repository_root())
        .unwrap_or(path)
        .display()
        .to_string()
}
