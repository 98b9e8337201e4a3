//! Turns a run into its figures.

use simcal_sweep::{BaseRate, PrecisionTarget, Similarity};

use crate::config::Plan;
use crate::figures::{
    Curve, Figure, FigureError, LabelledPoint, PrecisionCurve, draw_cosine_vs_raw_l2,
    draw_norm_histograms, draw_pitfall, draw_pr, draw_precision_vs_threshold, draw_roc,
    wrap_png_as_svg,
};
use crate::pipeline::gallery::GalleryImage;
use crate::pipeline::{CalibrationRun, HardNegative, PipelineError, choice_at};

/// Base rate of panel B of the calibration-pitfall figure when configured;
/// otherwise the lowest configured base rate is used.
const PITFALL_BASE_RATE: f64 = 0.05;

/// File-name-safe form of an encoder name.
pub fn figure_slug(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Draws every figure of the run; the gallery only when one was rendered.
pub fn draw_figures(
    plan: &Plan,
    run: &CalibrationRun,
    gallery: Option<&GalleryImage>,
) -> Result<Vec<Figure>, PipelineError> {
    let mut figures = Vec::new();
    let cosine_runs: Vec<(&str, &simcal_sweep::SweepReport)> = run
        .encoders
        .iter()
        .filter_map(|encoder| {
            Some((
                encoder.name.as_str(),
                &encoder.similarity(Similarity::Cosine)?.report,
            ))
        })
        .collect();

    let roc_curves: Vec<Curve> = cosine_runs
        .iter()
        .map(|(name, report)| Curve {
            label: format!("{name} (AUC {:.3})", report.roc_auc),
            points: std::iter::once((0.0, 0.0))
                .chain(report.roc.points.iter().map(|point| (point.fpr, point.tpr)))
                .collect(),
        })
        .collect();
    figures.push(draw_roc(
        "roc",
        "ROC per encoder (cosine, 50/50 pairs)",
        &roc_curves,
    )?);

    let pr_curves: Vec<Curve> = cosine_runs
        .iter()
        .map(|(name, report)| Curve {
            label: format!("{name} (AP {:.3})", report.average_precision),
            points: report
                .pr
                .points
                .iter()
                .map(|point| (point.recall, point.precision))
                .collect(),
        })
        .collect();
    figures.push(draw_pr(
        "pr",
        "Precision-recall per encoder (cosine, 50/50 pairs)",
        &pr_curves,
    )?);

    let targets = vec![
        ("shipping target".to_owned(), plan.precision.shipping),
        ("calibration target".to_owned(), plan.precision.calibration),
    ];
    for (name, report) in &cosine_runs {
        let curves: Vec<PrecisionCurve> = plan
            .base_rates
            .iter()
            .filter_map(|&rate| BaseRate::new(rate).ok())
            .map(|base_rate| {
                let mut points: Vec<(f64, f64)> = report
                    .sweep
                    .points()
                    .filter_map(|point| Some((point.threshold, point.precision_at(base_rate)?)))
                    .collect();
                points.sort_by(|a, b| a.0.total_cmp(&b.0));
                PrecisionCurve {
                    base_rate: base_rate.value(),
                    points,
                }
            })
            .collect();
        figures.push(draw_precision_vs_threshold(
            &format!("precision-vs-threshold-{}", figure_slug(name)),
            &format!("{name}: precision against cosine threshold at each base rate"),
            "cosine threshold",
            &curves,
            &targets,
        )?);
    }

    let norms: Vec<(String, Vec<f64>)> = run
        .encoders
        .iter()
        .map(|encoder| {
            (
                encoder.name.clone(),
                encoder.norms.iter().map(|norm| norm.raw_l2_norm).collect(),
            )
        })
        .collect();
    figures.push(draw_norm_histograms(
        "norms",
        "L2 norms of the embeddings before normalisation",
        &norms,
    )?);

    for encoder in &run.encoders {
        let (Some(cosine), Some(l2)) = (
            encoder.similarity(Similarity::Cosine),
            encoder.similarity(Similarity::L2),
        ) else {
            continue;
        };
        let points: Vec<LabelledPoint> = run
            .pairs
            .iter()
            .zip(cosine.scores.iter().zip(&l2.scores))
            .map(|(pair, (&x, &y))| LabelledPoint {
                x,
                y,
                positive: pair.label.is_positive(),
            })
            .collect();
        figures.push(draw_cosine_vs_raw_l2(
            &format!("cosine-vs-l2-{}", figure_slug(&encoder.name)),
            &format!(
                "{}: cosine similarity against raw L2 distance per pair",
                encoder.name
            ),
            ("cosine similarity", "L2 distance of the raw vectors"),
            &points,
        )?);
    }

    figures.extend(pitfall_figures(plan, run)?);

    if let Some(gallery) = gallery {
        let pair_ids: Vec<&str> = gallery
            .rows
            .iter()
            .map(|negative| negative.pair_id.as_str())
            .collect();
        let row_captions: Vec<String> = gallery.rows.iter().map(gallery_row_caption).collect();
        figures.push(wrap_png_as_svg(
            "hard-negatives",
            &format!(
                "Hardest negatives of {} (cosine), one pair per row: {}",
                run.encoders
                    .first()
                    .map_or("", |encoder| encoder.name.as_str()),
                pair_ids.join(", ")
            ),
            &gallery.png,
            (gallery.width_px, gallery.height_px),
            &row_captions,
            gallery.row_gap_px,
        )?);
    }
    Ok(figures)
}

/// Caption of one gallery row, e.g.
/// `sofa_0012 (sofa) vs bed_0040 (bed), cosine 0.8731`.
fn gallery_row_caption(negative: &HardNegative) -> String {
    format!(
        "{} ({}) vs {} ({}), cosine {:.4}",
        negative.object_a, negative.class_a, negative.object_b, negative.class_b, negative.cosine
    )
}

/// Draws one two-panel pitfall figure per encoder whose reference
/// threshold is reachable.
fn pitfall_figures(plan: &Plan, run: &CalibrationRun) -> Result<Vec<Figure>, FigureError> {
    let shifted_rate = if plan.base_rates.contains(&PITFALL_BASE_RATE) {
        PITFALL_BASE_RATE
    } else {
        plan.base_rates.iter().copied().fold(f64::MAX, f64::min)
    };
    let reference_rate = plan.reference_base_rate();
    let (Ok(reference), Ok(target)) = (
        BaseRate::new(reference_rate),
        PrecisionTarget::new(plan.precision.calibration),
    ) else {
        return Ok(Vec::new());
    };
    let mut figures = Vec::new();
    for encoder in &run.encoders {
        let Some(cosine) = encoder.similarity(Similarity::Cosine) else {
            continue;
        };
        let Some(threshold) =
            choice_at(&cosine.report, reference, target).and_then(|choice| choice.threshold())
        else {
            continue;
        };
        let (mut positives, mut negatives) = (Vec::new(), Vec::new());
        for (pair, &score) in run.pairs.iter().zip(&cosine.scores) {
            if pair.label.is_positive() {
                positives.push(score);
            } else {
                negatives.push(score);
            }
        }
        figures.push(draw_pitfall(
            &format!("pitfall-{}", figure_slug(&encoder.name)),
            &format!(
                "{}: the threshold for precision {} at {} base rate, on the same scores reweighted",
                encoder.name,
                plan.precision.calibration,
                super::analysis::format_rate(reference_rate)
            ),
            "cosine similarity",
            &positives,
            &negatives,
            threshold,
            (reference_rate, shifted_rate),
        )?);
    }
    Ok(figures)
}
