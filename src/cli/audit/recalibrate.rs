//! `simcal recalibrate`: the sweep's threshold at an audited base rate and
//! at both ends of its interval.

use std::fmt::Write as _;

use anyhow::Context;
use serde::Serialize;

use simcal_audit::{Recalibration, read_estimate, recalibrate};
use simcal_sweep::pairs::{ReadOptions, read_scored_pairs_csv};
use simcal_sweep::{PrecisionTarget, ThresholdSweep};

use super::{RecalibrateArgs, format_fraction, write_json};

#[derive(Serialize)]
struct GroupRecalibration {
    encoder: Option<String>,
    similarity: Option<String>,
    recalibrations: Vec<Recalibration>,
}

pub fn run(args: RecalibrateArgs) -> anyhow::Result<()> {
    let target = PrecisionTarget::new(args.precision)?;
    let estimate = read_estimate(&args.estimate)?;
    let groups = read_scored_pairs_csv(&args.scores, &ReadOptions::default())?;

    let mut results = Vec::with_capacity(groups.len());
    let mut report = format!(
        "base rate from {}: {:.4}, {}% interval [{:.4}, {:.4}]; precision target {}\n",
        args.estimate.display(),
        estimate.prevalence,
        estimate.confidence_level * 100.0,
        estimate.interval.low,
        estimate.interval.high,
        target
    );
    for group in groups {
        let sweep = ThresholdSweep::new(&group.pairs);
        let recalibrations = recalibrate(&sweep, &estimate, target);
        let _ = writeln!(
            report,
            "\n{}{}: {} positive and {} negative pairs",
            args.scores.display(),
            group.key.describe(),
            group.pairs.positives(),
            group.pairs.negatives()
        );
        let _ = writeln!(
            report,
            "  {:<14} {:>9} {:>10} {:>8} {:>10}  status",
            "base rate from", "base rate", "threshold", "recall", "precision"
        );
        for recalibration in &recalibrations {
            let (threshold, recall, precision, status) = match &recalibration.choice {
                Some(choice) => (
                    format_fraction(choice.threshold()),
                    format!("{:.4}", choice.recall()),
                    format_fraction(choice.precision),
                    choice.status.to_string(),
                ),
                None => (
                    "-".into(),
                    "-".into(),
                    "-".into(),
                    "base rate outside (0, 1)".into(),
                ),
            };
            let _ = writeln!(
                report,
                "  {:<14} {:>9.4} {:>10} {:>8} {:>10}  {status}",
                recalibration.source.as_str(),
                recalibration.base_rate,
                threshold,
                recall,
                precision
            );
        }
        results.push(GroupRecalibration {
            encoder: group.key.encoder,
            similarity: group.key.similarity,
            recalibrations,
        });
    }
    report.push_str(
        "\nThe interval_low row is the strictest threshold. When it is reached, it keeps the target for every base rate in the interval.\n",
    );
    if let Some(path) = &args.json {
        write_json(path, &results).context("cannot write the recalibration JSON")?;
    }
    print!("{report}");
    Ok(())
}
