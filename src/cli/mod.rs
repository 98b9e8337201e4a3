//! Command-line front end: argument types and one `run` function per
//! subcommand. Each submodule turns arguments into library calls and output
//! files; none of them contains domain logic.

pub mod audit;
pub mod cache;
pub mod calibrate;
pub mod catalog;
pub mod encode;
pub mod logging;
pub mod mesh;
pub mod render;
pub mod sweep;

use clap::{Parser, Subcommand};

/// Calibrates the similarity threshold to ship for near-duplicate search of
/// 3D assets, at the positive base rate you expect in production.
#[derive(Debug, Parser)]
#[command(name = "simcal", version, about, propagate_version = true)]
pub struct Cli {
    /// More log output (-v: debug, -vv: trace). RUST_LOG overrides it.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,

    /// Only warnings and errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Sweep thresholds over scored pairs and report the operating point at each base rate.
    Sweep(sweep::SweepArgs),
    /// Inspect mesh files.
    Mesh {
        #[command(subcommand)]
        command: mesh::MeshCommand,
    },
    /// List or export a catalog of meshes.
    Catalog {
        #[command(subcommand)]
        command: catalog::CatalogCommand,
    },
    /// Render ring views of one mesh to PNG files.
    Render(render::RenderArgs),
    /// Embed images or a mesh with an encoder preset or spec file.
    Encode(encode::EncodeArgs),
    /// Inspect or clear the embedding cache.
    Cache {
        #[command(subcommand)]
        command: cache::CacheCommand,
    },
    /// Run the whole calibration: catalog, twins, render, encode, sweep, report.
    Calibrate(calibrate::CalibrateArgs),
    /// Write a commented default calibration config.
    Init(calibrate::InitArgs),
    /// Draw or evaluate stratified audit samples of a production score stream.
    Audit {
        #[command(subcommand)]
        command: audit::AuditCommand,
    },
    /// Re-pick thresholds at an estimated base rate and its interval bounds.
    Recalibrate(audit::RecalibrateArgs),
    /// Analyse a threshold decision log.
    Log {
        #[command(subcommand)]
        command: audit::LogCommand,
    },
    /// Re-score the hard-negative bucket after an encoder change.
    Bucket {
        #[command(subcommand)]
        command: audit::BucketCommand,
    },
}

impl Command {
    /// Runs the selected subcommand.
    pub fn run(self) -> anyhow::Result<()> {
        match self {
            Command::Sweep(args) => sweep::run(args),
            Command::Mesh { command } => mesh::run(command),
            Command::Catalog { command } => catalog::run(command),
            Command::Render(args) => render::run(args),
            Command::Encode(args) => encode::run(args),
            Command::Cache { command } => cache::run(command),
            Command::Calibrate(args) => calibrate::run(args),
            Command::Init(args) => calibrate::run_init(args),
            Command::Audit { command } => audit::run_audit(command),
            Command::Recalibrate(args) => audit::run_recalibrate(args),
            Command::Log { command } => audit::run_log(command),
            Command::Bucket { command } => audit::run_bucket(command),
        }
    }
}
