//! Plain-text operating-point table for terminals and logs.

use std::fmt::Write as _;

use crate::interval::ConfidenceInterval;
use crate::output::ReportGroup;
use crate::report::HeldOutOutcome;

/// Formats every group's operating points at each base rate and target,
/// with intervals, held-out results, status and resolution notes.
pub fn format_threshold_table(groups: &[ReportGroup<'_>]) -> String {
    let mut text = String::new();
    for group in groups {
        write_group(&mut text, group);
    }
    text
}

fn write_group(text: &mut String, group: &ReportGroup<'_>) {
    let report = group.report;
    let sweep = &report.sweep;
    let encoder = group
        .encoder
        .map(|encoder| format!("encoder {encoder}, "))
        .unwrap_or_default();
    let _ = writeln!(
        text,
        "{encoder}similarity {} (positive when score {} threshold): {} positives, {} negatives, \
         {} thresholds, ROC-AUC {:.4}, average precision {:.4}",
        group.similarity,
        sweep.direction().operator(),
        sweep.positives(),
        sweep.negatives(),
        sweep.len(),
        report.roc_auc,
        report.average_precision,
    );
    let _ = writeln!(
        text,
        "{:>9} {:>7} {:>12} {:>7} {:>9} {:>9} {:>9}  {:<25} {:<17} {:>9} {:>8}  status",
        "base_rate",
        "target",
        "threshold",
        "recall",
        "precision",
        "fpr",
        "negatives",
        "threshold CI",
        "recall CI",
        "heldout_P",
        "heldout_R",
    );

    let mut notes = Vec::new();
    for row in &report.thresholds {
        let choice = &row.choice;
        let _ = writeln!(
            text,
            "{:>9} {:>7} {:>12} {:>7} {:>9} {:>9} {:>9}  {:<25} {:<17} {:>9} {:>8}  {}",
            choice.base_rate.value(),
            choice.precision_target.value(),
            or_dash(
                choice
                    .threshold()
                    .map(|threshold| format!("{threshold:.6}"))
            ),
            or_dash(choice.point.map(|point| format!("{:.4}", point.recall()))),
            or_dash(choice.precision.map(format_rate)),
            or_dash(choice.point.map(|point| format_rate(point.fpr()))),
            sweep.negatives(),
            or_dash(
                row.bootstrap
                    .and_then(|estimate| estimate.threshold)
                    .map(|ci| format_interval(ci, 6))
            ),
            or_dash(
                row.bootstrap
                    .and_then(|estimate| estimate.recall)
                    .map(|ci| format_interval(ci, 4))
            ),
            or_dash(
                row.heldout
                    .and_then(|estimate| estimate.precision)
                    .map(format_rate)
            ),
            or_dash(
                row.heldout
                    .and_then(|estimate| estimate.recall)
                    .map(|recall| format!("{recall:.4}"))
            ),
            choice.status,
        );

        if let (Some(guard), Some(point)) = (choice.guard, choice.point)
            && let (Some(fpr_bound), Some(precision_bound)) =
                (guard.fpr_upper_bound, guard.precision_lower_bound)
        {
            notes.push(format!(
                "  at base rate {} (threshold {:.6}): no false positive among {} negatives, so FPR < {} \
                 (rule of three, 95%) and precision >= {:.4}{}",
                choice.base_rate,
                point.threshold,
                guard.negatives,
                format_rate(fpr_bound),
                precision_bound,
                if guard.insufficient_negatives { "; too few negatives to confirm the target" } else { "" },
            ));
        }
        if let Some(best) = choice.best_precision.filter(|_| choice.point.is_none()) {
            notes.push(format!(
                "  at base rate {}: target {} unreachable; the best precision of any threshold is {:.4}",
                choice.base_rate, choice.precision_target, best
            ));
        }
        if let Some(estimate) = row
            .bootstrap
            .filter(|estimate| estimate.reached_resamples < estimate.resamples)
        {
            notes.push(format!(
                "  at base rate {}: the target was reached in {} of {} bootstrap resamples",
                choice.base_rate, estimate.reached_resamples, estimate.resamples
            ));
        }
    }
    if let HeldOutOutcome::Skipped { reason } = &report.heldout {
        notes.push(format!("  held-out check skipped: {reason}"));
    }
    for note in notes {
        let _ = writeln!(text, "{note}");
    }

    if let Some(shipped) = &report.shipped {
        let point = shipped.point;
        let _ = writeln!(
            text,
            "shipped threshold {}: recall {:.4}, fpr {}, {} false positives among {} negatives",
            point.threshold,
            point.recall(),
            format_rate(point.fpr()),
            point.false_positives,
            point.negatives
        );
        for at_base_rate in &shipped.at_base_rates {
            let bound = at_base_rate
                .precision_lower_bound
                .map(|bound| format!(" (at least {bound:.4} by the rule of three)"))
                .unwrap_or_default();
            let _ = writeln!(
                text,
                "  base rate {:>6}: precision {}{bound}",
                at_base_rate.base_rate.value(),
                or_dash(at_base_rate.precision.map(format_rate)),
            );
        }
    }
    text.push('\n');
}

fn format_rate(value: f64) -> String {
    if value != 0.0 && value.abs() < 1e-3 {
        format!("{value:.2e}")
    } else {
        format!("{value:.4}")
    }
}

fn format_interval(interval: ConfidenceInterval, decimals: usize) -> String {
    format!(
        "[{:.*}, {:.*}]",
        decimals, interval.low, decimals, interval.high
    )
}

fn or_dash(value: Option<String>) -> String {
    value.unwrap_or_else(|| "-".to_owned())
}
