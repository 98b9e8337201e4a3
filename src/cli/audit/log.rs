//! `simcal log analyze`: audited precision split by threshold version.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;

use simcal_audit::{LogAnalysis, analyze_threshold_log, read_pair_labels, read_threshold_log};

use super::{format_fraction, write_json};

#[derive(Debug, Args)]
pub struct LogAnalyzeArgs {
    /// Threshold log, one JSON record per line (see docs/threshold-log.md).
    #[arg(long, value_name = "LOG.jsonl")]
    pub log: PathBuf,

    /// Audit labels CSV: label plus item_a,item_b columns, or item_id holding the pair id a|b.
    #[arg(long, value_name = "AUDIT.csv")]
    pub labels: PathBuf,

    /// Two-sided confidence level of the Wilson intervals, a fraction in (0, 1).
    #[arg(long, default_value_t = simcal_audit::DEFAULT_CONFIDENCE_LEVEL)]
    pub confidence_level: f64,

    /// Also write the analysis as JSON to this file.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
}

pub fn run_analyze(args: LogAnalyzeArgs) -> anyhow::Result<()> {
    let records = read_threshold_log(&args.log)?;
    let labels = read_pair_labels(&args.labels)?;
    let analysis = analyze_threshold_log(&records, &labels, args.confidence_level)?;
    tracing::info!(
        records = records.len(),
        labelled_pairs = labels.len(),
        "analysed threshold log"
    );
    if let Some(path) = &args.json {
        write_json(path, &analysis)?;
    }
    print!("{}", format_analysis(&analysis, records.len()));
    Ok(())
}

fn format_analysis(analysis: &LogAnalysis, records: usize) -> String {
    let level_percent = analysis.confidence_level * 100.0;
    let mut text = format!(
        "{records} decisions, {} without an audit label\n  {:<14} {:<12} {:>9} {:>8} {:>9} {:>5} {:>9}  Wilson {level_percent}%   {:>6} {:>6}\n",
        analysis.unlabelled_decisions,
        "version",
        "threshold",
        "decisions",
        "flagged",
        "labelled",
        "TP",
        "precision",
        "misses",
        "of"
    );
    for version in &analysis.versions {
        let thresholds = version
            .thresholds
            .iter()
            .map(|threshold| threshold.to_string())
            .collect::<Vec<_>>()
            .join("/");
        let interval = version.precision_interval.map_or_else(
            || "-".to_string(),
            |interval| format!("[{:.4}, {:.4}]", interval.low, interval.high),
        );
        let _ = writeln!(
            text,
            "  {:<14} {:<12} {:>9} {:>8} {:>9} {:>5} {:>9}  {interval:<18} {:>6} {:>6}",
            version.threshold_version,
            thresholds,
            version.decisions,
            version.flagged,
            version.flagged_labelled,
            version.true_positives,
            format_fraction(version.precision),
            version.missed_positives,
            version.distinct_labelled
        );
    }
    text.push_str("  precision = TP / labelled flagged decisions; misses = labelled distinct decisions that were duplicates\n");
    text
}
