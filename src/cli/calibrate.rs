//! `simcal calibrate` and `simcal init`.

use std::path::PathBuf;

use anyhow::Context as _;
use clap::Args;

use crate::config::{CalibrationConfig, write_default_config};
use crate::pipeline::{RunOptions, run_calibration};
use crate::report::analysis::{analyse, format_rate};

#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// Calibration config (YAML); `simcal init` writes a commented one.
    /// Without it the documented defaults run.
    #[arg(long, short, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Run folder; overrides the config's `output` (default runs/<UTC timestamp>/).
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,

    /// Embedding cache folder; overrides the config's `cache`
    /// (default $SIMCAL_CACHE_DIR, else $SIMCAL_HOME/cache).
    #[arg(long, value_name = "DIR")]
    pub cache: Option<PathBuf>,

    /// Skip figures and the report (CSV files and provenance only).
    #[arg(long)]
    pub no_figures: bool,

    /// Hide the progress bars.
    #[arg(long)]
    pub no_progress: bool,

    /// ONNX Runtime intra-op threads (default: ONNX Runtime's choice).
    #[arg(long, value_name = "N")]
    pub onnx_threads: Option<usize>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Path of the config file to write.
    #[arg(default_value = "simcal.yaml", value_name = "FILE")]
    pub path: PathBuf,

    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,
}

/// Runs `simcal calibrate`.
pub fn run(args: CalibrateArgs) -> anyhow::Result<()> {
    let mut config = match &args.config {
        Some(path) => CalibrationConfig::from_yaml_file(path)?,
        None => CalibrationConfig::default(),
    };
    if let Some(output) = &args.output {
        config.output = Some(output.clone());
    }
    if let Some(cache) = &args.cache {
        config.cache = Some(cache.clone());
    }
    let plan = config.into_plan().context("invalid calibration config")?;
    for skipped in &plan.skipped_encoders {
        tracing::info!(encoder = %skipped.name, reason = %skipped.reason, "optional encoder not run");
    }
    tracing::info!(
        objects = plan.entries.len(),
        encoders = plan.encoders.len(),
        run_folder = %plan.run_folder.display(),
        "calibration planned"
    );
    let options = RunOptions {
        show_progress: !args.no_progress,
        draw_figures: !args.no_figures,
        onnx_threads: args.onnx_threads,
        ..RunOptions::default()
    };
    let run = run_calibration(&plan, &options)?;

    for analysis in analyse(&plan, &run) {
        let thresholds: Vec<String> = analysis
            .shifts
            .iter()
            .map(|shift| match shift.threshold {
                Some(threshold) => format!(
                    "{} -> {threshold:.4} (recall {:.3})",
                    format_rate(shift.base_rate),
                    shift.recall
                ),
                None => format!("{} -> unreachable", format_rate(shift.base_rate)),
            })
            .collect();
        println!(
            "{} (cosine, precision {}): {}",
            analysis.name,
            plan.precision.calibration,
            thresholds.join(", ")
        );
    }
    if let Some(folder) = &run.run_folder {
        println!("report: {}", folder.join("report.html").display());
    }
    Ok(())
}

/// Runs `simcal init`.
pub fn run_init(args: InitArgs) -> anyhow::Result<()> {
    write_default_config(&args.path, args.force)?;
    println!(
        "wrote {}; run it with: simcal calibrate --config {}",
        args.path.display(),
        args.path.display()
    );
    Ok(())
}
