//! CSV output of sweep reports: `threshold-by-base-rate.csv`, `roc.csv`,
//! `pr.csv` and, when a shipped threshold was given, `shipped-threshold.csv`.
//! Each file contains every group; an `encoder` column leads when any group has
//! an encoder.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::SweepError;
use crate::report::SweepReport;

/// File names written by [`write_sweep_csvs`].
pub const THRESHOLD_BY_BASE_RATE_CSV: &str = "threshold-by-base-rate.csv";
pub const ROC_CSV: &str = "roc.csv";
pub const PR_CSV: &str = "pr.csv";
pub const SHIPPED_THRESHOLD_CSV: &str = "shipped-threshold.csv";

/// A report with the encoder and similarity function it belongs to.
#[derive(Debug, Clone, Copy)]
pub struct ReportGroup<'a> {
    pub encoder: Option<&'a str>,
    /// Similarity function name (`cosine`, `l2`, `l2_normalized`) or another
    /// label for the score.
    pub similarity: &'a str,
    pub report: &'a SweepReport,
}

/// Writes every CSV file into `dir` (created if missing) and returns their paths.
pub fn write_sweep_csvs(
    dir: &Path,
    groups: &[ReportGroup<'_>],
) -> Result<Vec<PathBuf>, SweepError> {
    fs::create_dir_all(dir).map_err(|source| SweepError::CreateDir {
        path: dir.to_owned(),
        source,
    })?;
    let mut written = Vec::new();
    for (name, write) in [
        (
            THRESHOLD_BY_BASE_RATE_CSV,
            write_threshold_by_base_rate_csv as WriteFn,
        ),
        (ROC_CSV, write_roc_csv),
        (PR_CSV, write_pr_csv),
    ] {
        let path = dir.join(name);
        write(&path, groups)?;
        written.push(path);
    }
    if groups.iter().any(|group| group.report.shipped.is_some()) {
        let path = dir.join(SHIPPED_THRESHOLD_CSV);
        write_shipped_threshold_csv(&path, groups)?;
        written.push(path);
    }
    Ok(written)
}

type WriteFn = fn(&Path, &[ReportGroup<'_>]) -> Result<(), SweepError>;

/// Writes one row per group, base rate and precision target with columns
/// `[encoder,] similarity, base_rate, precision_target, threshold, recall,
/// precision, fpr, negatives, threshold_ci_low, threshold_ci_high,
/// recall_ci_low, recall_ci_high, heldout_precision, heldout_recall, status`.
/// Values that do not exist (an unreachable target, a skipped bootstrap) are
/// left empty.
pub fn write_threshold_by_base_rate_csv(
    path: &Path,
    groups: &[ReportGroup<'_>],
) -> Result<(), SweepError> {
    let columns = [
        "base_rate",
        "precision_target",
        "threshold",
        "recall",
        "precision",
        "fpr",
        "negatives",
        "threshold_ci_low",
        "threshold_ci_high",
        "recall_ci_low",
        "recall_ci_high",
        "heldout_precision",
        "heldout_recall",
        "status",
    ];
    write_rows(path, groups, &columns, |group, emit| {
        for row in &group.report.thresholds {
            let choice = &row.choice;
            let threshold_ci = row.bootstrap.and_then(|estimate| estimate.threshold);
            let recall_ci = row.bootstrap.and_then(|estimate| estimate.recall);
            emit(vec![
                format_number(choice.base_rate.value()),
                format_number(choice.precision_target.value()),
                optional(choice.threshold()),
                optional(choice.point.map(|point| point.recall())),
                optional(choice.precision),
                optional(choice.point.map(|point| point.fpr())),
                group.report.sweep.negatives().to_string(),
                optional(threshold_ci.map(|interval| interval.low)),
                optional(threshold_ci.map(|interval| interval.high)),
                optional(recall_ci.map(|interval| interval.low)),
                optional(recall_ci.map(|interval| interval.high)),
                optional(row.heldout.and_then(|estimate| estimate.precision)),
                optional(row.heldout.and_then(|estimate| estimate.recall)),
                choice.status.as_str().to_owned(),
            ])?;
        }
        Ok(())
    })
}

/// Writes `[encoder,] similarity, threshold, fpr, tpr, true_positives,
/// false_positives`, one row per operating point, strictest threshold first.
pub fn write_roc_csv(path: &Path, groups: &[ReportGroup<'_>]) -> Result<(), SweepError> {
    write_curve_csv(
        path,
        groups,
        ["threshold", "fpr", "tpr"],
        |report, index| {
            let point = report.roc.points[index];
            [point.threshold, point.fpr, point.tpr]
        },
    )
}

/// Writes `[encoder,] similarity, threshold, precision, recall,
/// true_positives, false_positives`, one row per operating point, strictest
/// threshold first. Precision is the sample's own, not reweighted.
pub fn write_pr_csv(path: &Path, groups: &[ReportGroup<'_>]) -> Result<(), SweepError> {
    write_curve_csv(
        path,
        groups,
        ["threshold", "precision", "recall"],
        |report, index| {
            let point = report.pr.points[index];
            [point.threshold, point.precision, point.recall]
        },
    )
}

/// Writes one row per operating point: the three curve values from
/// `values_at`, then the true and false positive counts.
fn write_curve_csv(
    path: &Path,
    groups: &[ReportGroup<'_>],
    value_columns: [&str; 3],
    values_at: impl Fn(&SweepReport, usize) -> [f64; 3],
) -> Result<(), SweepError> {
    let mut columns = value_columns.to_vec();
    columns.extend(["true_positives", "false_positives"]);
    write_rows(path, groups, &columns, |group, emit| {
        let sweep = &group.report.sweep;
        let curve_len = group
            .report
            .roc
            .points
            .len()
            .min(group.report.pr.points.len());
        for index in 0..sweep.len().min(curve_len) {
            let mut fields: Vec<String> = values_at(group.report, index)
                .iter()
                .map(|&value| format_number(value))
                .collect();
            fields.push(sweep.true_positives()[index].to_string());
            fields.push(sweep.false_positives()[index].to_string());
            emit(fields)?;
        }
        Ok(())
    })
}

/// Writes `[encoder,] similarity, threshold, base_rate, precision,
/// precision_lower_bound, recall, fpr, false_positives, negatives` for every
/// group that has a shipped threshold.
pub fn write_shipped_threshold_csv(
    path: &Path,
    groups: &[ReportGroup<'_>],
) -> Result<(), SweepError> {
    let columns = [
        "threshold",
        "base_rate",
        "precision",
        "precision_lower_bound",
        "recall",
        "fpr",
        "false_positives",
        "negatives",
    ];
    write_rows(path, groups, &columns, |group, emit| {
        let Some(shipped) = &group.report.shipped else {
            return Ok(());
        };
        let point = shipped.point;
        for at_base_rate in &shipped.at_base_rates {
            emit(vec![
                format_number(point.threshold),
                format_number(at_base_rate.base_rate.value()),
                optional(at_base_rate.precision),
                optional(at_base_rate.precision_lower_bound),
                format_number(point.recall()),
                format_number(point.fpr()),
                point.false_positives.to_string(),
                point.negatives.to_string(),
            ])?;
        }
        Ok(())
    })
}

/// Writes the header (`encoder` when any group has one, `similarity`, then
/// `columns`) and lets `rows_of` emit each group's rows, prefixed here with
/// the group's encoder and similarity.
fn write_rows(
    path: &Path,
    groups: &[ReportGroup<'_>],
    columns: &[&str],
    rows_of: impl Fn(
        &ReportGroup<'_>,
        &mut dyn FnMut(Vec<String>) -> Result<(), SweepError>,
    ) -> Result<(), SweepError>,
) -> Result<(), SweepError> {
    let write_error = |source: csv::Error| SweepError::Write {
        path: path.to_owned(),
        source,
    };
    let mut writer = csv::Writer::from_path(path).map_err(write_error)?;
    let with_encoder = groups.iter().any(|group| group.encoder.is_some());

    let mut header: Vec<&str> = Vec::with_capacity(columns.len() + 2);
    if with_encoder {
        header.push("encoder");
    }
    header.push("similarity");
    header.extend_from_slice(columns);
    writer.write_record(&header).map_err(write_error)?;

    for group in groups {
        let mut emit = |fields: Vec<String>| -> Result<(), SweepError> {
            if with_encoder {
                writer
                    .write_field(group.encoder.unwrap_or_default())
                    .map_err(write_error)?;
            }
            writer.write_field(group.similarity).map_err(write_error)?;
            writer.write_record(&fields).map_err(write_error)
        };
        rows_of(group, &mut emit)?;
    }
    writer.flush().map_err(|source| write_error(source.into()))
}

fn optional(value: Option<f64>) -> String {
    value.map(format_number).unwrap_or_default()
}

/// Formats `value` as the shortest text that parses back to it, in
/// exponent notation when very small or large (Rust's `Display` would write
/// 1e-300 with 300 zeros).
pub(crate) fn format_number(value: f64) -> String {
    let magnitude = value.abs();
    if magnitude != 0.0 && !(1e-4..1e16).contains(&magnitude) {
        format!("{value:e}")
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::format_number;

    #[test]
    fn format_number_round_trips() {
        for value in [
            0.0,
            1.0,
            0.95,
            -0.25,
            3.1193461850396155e-5,
            1e-300,
            2.5e17,
            123456.789,
        ] {
            let text = format_number(value);
            assert_eq!(text.parse::<f64>(), Ok(value), "{text}");
            assert!(text.len() < 26, "{text}");
        }
    }
}
