//! The report's text: each section states its numbers from the run.

use std::collections::HashMap;
use std::path::Path;

use simcal_sweep::{Similarity, ThresholdStatus};

use super::analysis::{
    EncoderAnalysis, analyse, best_encoder, format_optional, format_rate, format_threshold,
};
use super::document::{Block, Document};
use crate::config::Plan;
use crate::figures::WrittenFigure;
use crate::pipeline::{CalibrationRun, PipelineError};

/// Hard negatives listed per encoder in the report (the CSV has all K).
const LISTED_HARD_NEGATIVES: usize = 5;

/// Builds the report document. `figures` are the written figure files;
/// their PNG bytes are read for the HTML version.
pub fn build_document(
    plan: &Plan,
    run: &CalibrationRun,
    figures: &[WrittenFigure],
    run_folder: &Path,
) -> Result<Document, PipelineError> {
    let analyses = analyse(plan, run);
    let figures_by_stem: HashMap<&str, &WrittenFigure> = figures
        .iter()
        .map(|figure| (figure.stem.as_str(), figure))
        .collect();
    let figure = |stem: &str| -> Result<Option<Block>, PipelineError> {
        let Some(written) = figures_by_stem.get(stem) else {
            return Ok(None);
        };
        let png = std::fs::read(&written.png_path)
            .map_err(|error| PipelineError::write(&written.png_path, error))?;
        let relative_path = written
            .png_path
            .strip_prefix(run_folder)
            .unwrap_or(&written.png_path)
            .display()
            .to_string();
        Ok(Some(Block::Figure {
            relative_path,
            caption: written.caption.clone(),
            png,
        }))
    };

    let mut document = Document {
        title: "simcal calibration report".to_owned(),
        blocks: Vec::new(),
    };
    summary(&mut document, plan, run);
    recommendation(&mut document, plan, &analyses);
    operating_points(&mut document, plan, run);
    threshold_shift(&mut document, plan, &analyses);
    for analysis in &analyses {
        if let Some(block) = figure(&format!(
            "precision-vs-threshold-{}",
            super::figures::figure_slug(&analysis.name)
        ))? {
            document.blocks.push(block);
        }
    }
    realised_precision(&mut document, plan, &analyses);
    for analysis in &analyses {
        if let Some(block) = figure(&format!(
            "pitfall-{}",
            super::figures::figure_slug(&analysis.name)
        ))? {
            document.blocks.push(block);
        }
    }
    norms_and_l2(&mut document, run);
    for stem in std::iter::once("norms".to_owned()).chain(run.encoders.iter().map(|encoder| {
        format!(
            "cosine-vs-l2-{}",
            super::figures::figure_slug(&encoder.name)
        )
    })) {
        if let Some(block) = figure(&stem)? {
            document.blocks.push(block);
        }
    }
    hard_negatives(&mut document, run);
    if let Some(block) = figure("hard-negatives")? {
        document.blocks.push(block);
    }
    document.heading(2, "ROC and precision-recall");
    document.paragraph(
        "ROC curves use the true and false positive rates, which do not depend on the base rate; \
         precision does, which is why the thresholds above move.",
    );
    for stem in ["roc", "pr"] {
        if let Some(block) = figure(stem)? {
            document.blocks.push(block);
        }
    }
    Ok(document)
}

fn summary(document: &mut Document, plan: &Plan, run: &CalibrationRun) {
    let (positives, negatives) = run.pair_counts();
    let provenance = &run.provenance;
    document.paragraph(format!(
        "Catalog `{}`: {} objects, each paired with its twin (`{}`) as a positive, plus {} random cross-class \
         negatives: {} pairs. Precision targets: shipping {}, calibration {}. Base rates: {}.",
        provenance.catalog,
        provenance.objects,
        plan.config.twin,
        negatives,
        positives + negatives,
        plan.precision.shipping,
        plan.precision.calibration,
        plan.base_rates.iter().map(|&rate| format_rate(rate)).collect::<Vec<_>>().join(", ")
    ));
    let mut items: Vec<String> = provenance
        .encoders
        .iter()
        .map(|encoder| {
            format!(
                "`{}`: id `{}`, {} dimensions",
                encoder.name, encoder.id, encoder.dimension
            )
        })
        .collect();
    if let Some(adapter) = &provenance.adapter {
        items.push(format!(
            "Rendered on `{}` ({}, {})",
            adapter.name, adapter.backend, adapter.device_type
        ));
    }
    for skipped in &provenance.skipped_encoders {
        items.push(format!(
            "Optional encoder `{}` not run: {}",
            skipped.name, skipped.reason
        ));
    }
    if !run.skipped_objects.is_empty() {
        items.push(format!(
            "{} catalog objects failed to load and were left out (first: {} - {})",
            run.skipped_objects.len(),
            run.skipped_objects[0].object_id,
            run.skipped_objects[0].reason
        ));
    }
    document.list(items);
}

fn recommendation(document: &mut Document, plan: &Plan, analyses: &[EncoderAnalysis]) {
    document.heading(2, "Recommendation");
    let Some(best) = best_encoder(analyses) else {
        document.paragraph(
            "No encoder was scored with cosine similarity, so there is no recommendation.",
        );
        return;
    };
    document.paragraph(format!(
        "Use `{}` (highest average precision on cosine, {:.3}). Ship the threshold for the base rate you expect in \
         production, calibrated at precision {} so that {:.2} of precision is budgeted for hard negatives the \
         perturbation pairs do not contain (the shipping target is {}):",
        best.name,
        best.average_precision,
        plan.precision.calibration,
        plan.precision.calibration - plan.precision.shipping,
        plan.precision.shipping
    ));
    let items = best
        .shifts
        .iter()
        .map(|shift| match (shift.status, shift.threshold) {
            (ThresholdStatus::Unreachable, _) | (_, None) => format!(
                "base rate {}: no threshold reaches precision {}; this encoder cannot serve that base rate",
                format_rate(shift.base_rate),
                plan.precision.calibration
            ),
            (status, Some(threshold)) => format!(
                "base rate {}: cosine >= **{threshold:.4}**, recall {:.3}{}",
                format_rate(shift.base_rate),
                shift.recall,
                if status == ThresholdStatus::InsufficientNegatives {
                    " (no false positive observed, and too few negatives to confirm the target: score more negatives)"
                } else {
                    ""
                }
            ),
        })
        .collect();
    document.list(items);
    document.paragraph(
        "Re-estimate the production base rate regularly and re-pick the threshold when it moves; \
         keep the hardest negatives below in a recurring evaluation bucket and re-check them after every encoder change.",
    );
}

fn operating_points(document: &mut Document, plan: &Plan, run: &CalibrationRun) {
    document.heading(2, "Operating points");
    document.paragraph(
        "For each encoder (cosine similarity), base rate and precision target: the most permissive threshold whose \
         precision, reweighted to that base rate, reaches the target, and the recall left there. The interval is the \
         bootstrap 95% interval of the threshold. Every similarity is in `threshold-by-base-rate.csv`.",
    );
    let mut rows = Vec::new();
    for encoder in &run.encoders {
        let Some(cosine) = encoder.similarity(Similarity::Cosine) else {
            continue;
        };
        for row in &cosine.report.thresholds {
            let choice = &row.choice;
            let interval = row
                .bootstrap
                .and_then(|estimate| estimate.threshold)
                .map_or_else(
                    || "n/a".to_owned(),
                    |interval| format!("{:.4} to {:.4}", interval.low, interval.high),
                );
            rows.push(vec![
                encoder.name.clone(),
                format_rate(choice.base_rate.value()),
                choice.precision_target.value().to_string(),
                format_threshold(choice.threshold()),
                format!("{:.3}", choice.recall()),
                format_optional(choice.precision),
                interval,
                choice.status.as_str().to_owned(),
            ]);
        }
    }
    document.table(
        &[
            "encoder",
            "base rate",
            "target",
            "threshold",
            "recall",
            "precision",
            "threshold 95% CI",
            "status",
        ],
        rows,
    );
    let mut auc_rows = Vec::new();
    for encoder in &run.encoders {
        for similarity in &encoder.similarities {
            auc_rows.push(vec![
                encoder.name.clone(),
                similarity.similarity.name().to_owned(),
                format!("{:.4}", similarity.report.roc_auc),
                format!("{:.4}", similarity.report.average_precision),
            ]);
        }
    }
    document.table(
        &["encoder", "similarity", "ROC-AUC", "average precision"],
        auc_rows,
    );
    let _ = plan;
}

fn threshold_shift(document: &mut Document, plan: &Plan, analyses: &[EncoderAnalysis]) {
    let reference = format_rate(plan.reference_base_rate());
    document.heading(2, "How the threshold moves with the base rate");
    document.paragraph(format!(
        "Threshold for precision {} at each base rate, compared with the {reference} calibration set.",
        plan.precision.calibration
    ));
    let mut rows = Vec::new();
    let mut sentences = Vec::new();
    for analysis in analyses {
        for shift in &analysis.shifts {
            rows.push(vec![
                analysis.name.clone(),
                format_rate(shift.base_rate),
                format_threshold(shift.threshold),
                shift
                    .threshold_change
                    .map_or_else(|| "n/a".to_owned(), |change| format!("{change:+.4}")),
                format!("{:.3}", shift.recall),
                format_optional(shift.recall_lost),
            ]);
            let notable = shift.base_rate < plan.reference_base_rate()
                && (shift.base_rate == 0.05 || shift.base_rate == 0.01);
            if notable {
                sentences.push(match (shift.threshold, analysis.reference_threshold) {
                    (Some(threshold), Some(reference_threshold)) => format!(
                        "`{}`: from {reference} to {} the threshold moves from {reference_threshold:.4} to {threshold:.4} \
                         ({:+.4}) and recall drops by {:.3} to {:.3}.",
                        analysis.name,
                        format_rate(shift.base_rate),
                        threshold - reference_threshold,
                        shift.recall_lost.unwrap_or(0.0),
                        shift.recall
                    ),
                    _ => format!(
                        "`{}`: at {} no threshold reaches precision {}.",
                        analysis.name,
                        format_rate(shift.base_rate),
                        plan.precision.calibration
                    ),
                });
            }
        }
    }
    document.table(
        &[
            "encoder",
            "base rate",
            "threshold",
            "change",
            "recall",
            "recall lost",
        ],
        rows,
    );
    if !sentences.is_empty() {
        document.list(sentences);
    }
}

fn realised_precision(document: &mut Document, plan: &Plan, analyses: &[EncoderAnalysis]) {
    let reference = format_rate(plan.reference_base_rate());
    document.heading(2, format!("The {reference} threshold at lower base rates"));
    document.paragraph(format!(
        "Precision that the threshold calibrated at {reference} (target {}) really delivers when the base rate is lower. \
         A lower bound is given where no false positive was observed (rule of three).",
        plan.precision.calibration
    ));
    let mut rows = Vec::new();
    for analysis in analyses {
        let Some(threshold) = analysis.reference_threshold else {
            rows.push(vec![
                analysis.name.clone(),
                "n/a".to_owned(),
                "unreachable".to_owned(),
                "n/a".to_owned(),
                "n/a".to_owned(),
            ]);
            continue;
        };
        for realised in &analysis.realised {
            rows.push(vec![
                analysis.name.clone(),
                format!("{threshold:.4}"),
                format_rate(realised.base_rate),
                format_optional(realised.precision),
                format_optional(realised.precision_lower_bound),
            ]);
        }
    }
    document.table(
        &[
            "encoder",
            "threshold",
            "base rate",
            "realised precision",
            "lower bound",
        ],
        rows,
    );
}

fn norms_and_l2(document: &mut Document, run: &CalibrationRun) {
    document.heading(2, "Raw L2 against cosine");
    document.paragraph(
        "Raw L2 distance depends on each vector's length; cosine and L2 on normalised vectors do not. \
         Encoders with different norm distributions need different L2 thresholds, so normalise before any distance.",
    );
    let mut rows = Vec::new();
    for encoder in &run.encoders {
        let mut norms: Vec<f64> = encoder.norms.iter().map(|norm| norm.raw_l2_norm).collect();
        norms.sort_by(f64::total_cmp);
        let median = norms.get(norms.len() / 2).copied();
        let disagreement = encoder.disagreement.as_ref();
        rows.push(vec![
            encoder.name.clone(),
            format_optional(norms.first().copied()),
            format_optional(median),
            format_optional(norms.last().copied()),
            disagreement.map_or_else(
                || "n/a".to_owned(),
                |d| {
                    format!(
                        "{} of {} ({} positives, {} negatives)",
                        d.disagreeing_pairs,
                        d.pairs,
                        d.disagreeing_positives,
                        d.disagreeing_negatives
                    )
                },
            ),
            disagreement.map_or_else(
                || "n/a".to_owned(),
                |d| format!("{:.3}", d.rank_correlation),
            ),
        ]);
    }
    document.table(
        &[
            "encoder",
            "min norm",
            "median norm",
            "max norm",
            "pairs where cosine and raw L2 disagree",
            "rank correlation",
        ],
        rows,
    );
    if let Some(disagreement) = run
        .encoders
        .iter()
        .find_map(|encoder| encoder.disagreement.as_ref())
    {
        document.paragraph(format!(
            "Disagreement counts pairs that one score accepts and the other rejects, each at its own threshold for \
             precision {} at base rate {}.",
            disagreement.precision_target,
            format_rate(disagreement.base_rate)
        ));
    }
}

fn hard_negatives(document: &mut Document, run: &CalibrationRun) {
    document.heading(2, "Hardest negatives");
    document.paragraph(
        "Cross-class pairs with the highest cosine. They show where the encoder confuses classes; \
         the full list is in `hard-negatives.csv`.",
    );
    let mut rows = Vec::new();
    for encoder in &run.encoders {
        for negative in encoder.hard_negatives.iter().take(LISTED_HARD_NEGATIVES) {
            rows.push(vec![
                encoder.name.clone(),
                negative.rank.to_string(),
                negative.pair_id.clone(),
                format!("{} ({})", negative.object_a, negative.class_a),
                format!("{} ({})", negative.object_b, negative.class_b),
                format!("{:.4}", negative.cosine),
            ]);
        }
    }
    document.table(
        &["encoder", "rank", "pair", "object a", "object b", "cosine"],
        rows,
    );
}
