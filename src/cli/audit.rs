//! `simcal audit`, `simcal recalibrate`, `simcal log` and `simcal bucket`.
//!
//! Formats are documented in `docs/audit.md` and `docs/threshold-log.md`.

mod bucket;
mod log;
mod recalibrate;
mod sample;

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use clap::{Args, Subcommand};
use serde::Serialize;

pub use bucket::{BucketBuildArgs, BucketCheckArgs};
pub use log::LogAnalyzeArgs;
pub use sample::{EmPriorArgs, EstimateArgs, SampleArgs};

/// Exit status of `simcal bucket check` when a hard negative crosses the
/// threshold, and of `simcal audit estimate --fail-on-alert` on a drift alert.
/// Errors exit with 1.
pub const EXIT_CHECK_FAILED: i32 = 2;

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Draw a stratified sample of a score stream by score band and write an audit sheet to label.
    Sample(SampleArgs),
    /// Estimate the stream's positive base rate from a labelled audit sheet.
    Estimate(EstimateArgs),
    /// Estimate the base rate from calibrated posteriors with the Saerens EM procedure.
    EmPrior(EmPriorArgs),
}

#[derive(Debug, Args)]
pub struct RecalibrateArgs {
    /// Labelled calibration scores CSV (pair_id,label,score[,encoder,similarity]), as `simcal sweep` reads.
    #[arg(long, value_name = "CALIBRATION_SCORES.csv")]
    pub scores: std::path::PathBuf,

    /// Prevalence estimate written by `simcal audit estimate --out`.
    #[arg(long, value_name = "ESTIMATE.json")]
    pub estimate: std::path::PathBuf,

    /// Precision target, a fraction in (0, 1].
    #[arg(long, default_value_t = 0.95)]
    pub precision: f64,

    /// Also write the results as JSON to this file.
    #[arg(long, value_name = "FILE")]
    pub json: Option<std::path::PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum LogCommand {
    /// Split audited precision by threshold version, joining the log with audit labels.
    Analyze(LogAnalyzeArgs),
}

#[derive(Debug, Subcommand)]
pub enum BucketCommand {
    /// Keep the top K negatives of a scores CSV as the hard-negative bucket.
    Build(BucketBuildArgs),
    /// Re-score the bucket with new scores; exits with 2 when a negative crosses the threshold.
    Check(BucketCheckArgs),
}

pub fn run_audit(command: AuditCommand) -> anyhow::Result<()> {
    match command {
        AuditCommand::Sample(args) => sample::run_sample(args),
        AuditCommand::Estimate(args) => sample::run_estimate(args),
        AuditCommand::EmPrior(args) => sample::run_em_prior(args),
    }
}

pub fn run_recalibrate(args: RecalibrateArgs) -> anyhow::Result<()> {
    recalibrate::run(args)
}

pub fn run_log(command: LogCommand) -> anyhow::Result<()> {
    match command {
        LogCommand::Analyze(args) => log::run_analyze(args),
    }
}

pub fn run_bucket(command: BucketCommand) -> anyhow::Result<()> {
    match command {
        BucketCommand::Build(args) => bucket::run_build(args),
        BucketCommand::Check(args) => bucket::run_check(args),
    }
}

/// Writes `value` as pretty JSON to `path`.
fn write_json(path: &Path, value: &impl Serialize) -> anyhow::Result<()> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// Prints `report` to stdout and exits with [`EXIT_CHECK_FAILED`].
fn exit_check_failed(report: &str) -> ! {
    print!("{report}");
    // Nothing can be reported once stdout itself is gone.
    let _ = std::io::stdout().flush();
    std::process::exit(EXIT_CHECK_FAILED)
}

/// Formats an optional fraction with four decimals, or `-`.
fn format_fraction(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_string(), |value| format!("{value:.4}"))
}
