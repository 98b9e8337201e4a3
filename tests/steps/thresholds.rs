//! Steps that calibrate, ship and check thresholds on the focused score set.

use cucumber::{then, when};
use simcal::sweep::{BaseRate, ScoreDirection, ThresholdChoice, ThresholdStatus};

use super::world::{CalibrationWorld, Shipped, choose_threshold, ensure_that};

fn describe(choice: &ThresholdChoice) -> String {
    match choice.threshold() {
        Some(threshold) => format!(
            "threshold {threshold:.6} ({}), precision {:.4}, recall {:.4}",
            choice.status,
            choice.precision.unwrap_or(f64::NAN),
            choice.recall()
        ),
        None => format!(
            "unreachable (best precision {})",
            choice
                .best_precision
                .map_or("none".to_owned(), |precision| format!("{precision:.4}"))
        ),
    }
}

#[when(expr = "the threshold is calibrated at precision {float} and base rate {float}")]
fn calibrate(world: &mut CalibrationWorld, precision: f64, base_rate: f64) -> anyhow::Result<()> {
    let choice = choose_threshold(world.focused_scores()?, precision, base_rate)?;
    world.calibrated = Some(choice);
    Ok(())
}

#[when(
    expr = "the threshold calibrated at precision {float} and base rate {float} is shipped to base rate {float}"
)]
fn ship(
    world: &mut CalibrationWorld,
    precision: f64,
    calibration_rate: f64,
    target_rate: f64,
) -> anyhow::Result<()> {
    let scores = world.focused_scores()?;
    let calibrated = choose_threshold(scores, precision, calibration_rate)?;
    let threshold = calibrated.threshold().ok_or_else(|| {
        anyhow::anyhow!(
            "precision {precision} is unreachable at base rate {calibration_rate} ({}), so there is no threshold to ship",
            describe(&calibrated)
        )
    })?;
    let target_base_rate = BaseRate::new(target_rate)?;
    let evaluation = scores
        .report
        .sweep
        .shipped_threshold(threshold, &[target_base_rate]);
    world.shipped = Some(Shipped {
        calibrated,
        target_base_rate,
        evaluation,
    });
    Ok(())
}

#[then(expr = "the precision reaches {float} at base rate {float} with recall at least {float}")]
fn precision_reached(
    world: &mut CalibrationWorld,
    precision: f64,
    base_rate: f64,
    recall: f64,
) -> anyhow::Result<()> {
    let choice = choose_threshold(world.focused_scores()?, precision, base_rate)?;
    ensure_that(choice.status == ThresholdStatus::Reached, || {
        format!(
            "precision {precision} at base rate {base_rate}: {}",
            describe(&choice)
        )
    })?;
    ensure_that(choice.recall() >= recall, || {
        format!(
            "recall at precision {precision} and base rate {base_rate} is below {recall}: {}",
            describe(&choice)
        )
    })
}

#[then(expr = "the threshold lies between {float} and {float}")]
fn threshold_in_range(world: &mut CalibrationWorld, low: f64, high: f64) -> anyhow::Result<()> {
    let choice = world.calibrated()?;
    let threshold = choice.threshold();
    ensure_that(
        threshold.is_some_and(|threshold| (low..=high).contains(&threshold)),
        || {
            format!(
                "calibrated threshold is not in [{low}, {high}]: {}",
                describe(choice)
            )
        },
    )
}

#[then(expr = "the ROC-AUC is at least {float}")]
fn roc_auc_at_least(world: &mut CalibrationWorld, minimum: f64) -> anyhow::Result<()> {
    let scores = world.focused_scores()?;
    ensure_that(scores.report.roc_auc >= minimum, || {
        format!(
            "ROC-AUC of {} / {} is {:.4}, below {minimum}",
            scores.encoder_name, scores.similarity, scores.report.roc_auc
        )
    })
}

#[then(expr = "the average precision is at least {float}")]
fn average_precision_at_least(world: &mut CalibrationWorld, minimum: f64) -> anyhow::Result<()> {
    let scores = world.focused_scores()?;
    ensure_that(scores.report.average_precision >= minimum, || {
        format!(
            "average precision of {} / {} is {:.4}, below {minimum}",
            scores.encoder_name, scores.similarity, scores.report.average_precision
        )
    })
}

#[then(expr = "the recall at precision {float} and base rate {float} is at most {float}")]
fn recall_at_most(
    world: &mut CalibrationWorld,
    precision: f64,
    base_rate: f64,
    maximum: f64,
) -> anyhow::Result<()> {
    let choice = choose_threshold(world.focused_scores()?, precision, base_rate)?;
    ensure_that(choice.recall() <= maximum, || {
        format!(
            "recall at precision {precision} and base rate {base_rate} exceeds {maximum}: {}",
            describe(&choice)
        )
    })
}

/// Thresholds at every configured base rate, highest base rate first.
fn thresholds_by_falling_base_rate(
    world: &CalibrationWorld,
    precision: f64,
) -> anyhow::Result<Vec<(f64, ThresholdChoice)>> {
    let scores = world.focused_scores()?;
    ensure_that(
        scores.similarity.direction() == ScoreDirection::Similarity,
        || {
            format!(
                "{} is a distance, where a stricter threshold is lower; examine cosine instead",
                scores.similarity
            )
        },
    )?;
    let mut base_rates = world.config.base_rates.clone();
    base_rates.sort_by(|a, b| b.total_cmp(a));
    ensure_that(base_rates.len() >= 2, || {
        "need at least two base rates to compare".to_owned()
    })?;
    base_rates
        .into_iter()
        .map(|base_rate| Ok((base_rate, choose_threshold(scores, precision, base_rate)?)))
        .collect()
}

fn table(rows: &[(f64, ThresholdChoice)]) -> String {
    rows.iter()
        .map(|(base_rate, choice)| format!("\n  base rate {base_rate}: {}", describe(choice)))
        .collect()
}

#[then(expr = "the threshold rises as the base rate falls at precision {float}")]
fn threshold_rises(world: &mut CalibrationWorld, precision: f64) -> anyhow::Result<()> {
    let rows = thresholds_by_falling_base_rate(world, precision)?;
    // An unreachable target counts as an infinitely strict threshold.
    let strictness: Vec<f64> = rows
        .iter()
        .map(|(_, choice)| choice.threshold().unwrap_or(f64::INFINITY))
        .collect();
    let never_falls = strictness.windows(2).all(|pair| pair[1] >= pair[0]);
    let rises = strictness.last() > strictness.first();
    ensure_that(never_falls && rises, || {
        format!(
            "threshold at precision {precision} does not rise as the base rate falls:{}",
            table(&rows)
        )
    })
}

#[then(expr = "the recall falls as the base rate falls at precision {float}")]
fn recall_falls(world: &mut CalibrationWorld, precision: f64) -> anyhow::Result<()> {
    let rows = thresholds_by_falling_base_rate(world, precision)?;
    let recalls: Vec<f64> = rows.iter().map(|(_, choice)| choice.recall()).collect();
    let never_rises = recalls.windows(2).all(|pair| pair[1] <= pair[0]);
    let falls = recalls.last() < recalls.first();
    ensure_that(never_rises && falls, || {
        format!(
            "recall at precision {precision} does not fall as the base rate falls:{}",
            table(&rows)
        )
    })
}

#[then(
    expr = "the threshold at precision {float} is stricter than at precision {float} at base rate {float}"
)]
fn stricter_target(
    world: &mut CalibrationWorld,
    strict: f64,
    loose: f64,
    base_rate: f64,
) -> anyhow::Result<()> {
    let scores = world.focused_scores()?;
    let strict_choice = choose_threshold(scores, strict, base_rate)?;
    let loose_choice = choose_threshold(scores, loose, base_rate)?;
    let strict_value = strict_choice.threshold().unwrap_or(f64::INFINITY);
    let loose_value = loose_choice.threshold().unwrap_or(f64::INFINITY);
    let stricter = match scores.similarity.direction() {
        ScoreDirection::Similarity => strict_value > loose_value,
        ScoreDirection::Distance => strict_value < loose_value,
    };
    ensure_that(stricter, || {
        format!(
            "at base rate {base_rate}, precision {strict}: {}; precision {loose}: {}",
            describe(&strict_choice),
            describe(&loose_choice)
        )
    })
}

fn shipped_precision(world: &CalibrationWorld) -> anyhow::Result<(f64, String)> {
    let shipped = world.shipped.as_ref().ok_or_else(|| {
        anyhow::anyhow!("no shipped threshold: add `When the threshold calibrated at ... is shipped to base rate B` first")
    })?;
    let precision = shipped.realised_precision().ok_or_else(|| {
        anyhow::anyhow!(
            "the shipped threshold predicts no pair positive, so its precision is undefined"
        )
    })?;
    let summary = format!(
        "shipped {} to base rate {}: realised precision {precision:.4}, recall {:.4}",
        describe(&shipped.calibrated),
        shipped.target_base_rate,
        shipped.evaluation.point.recall()
    );
    Ok((precision, summary))
}

#[then(expr = "the realised precision of the shipped threshold is below {float}")]
fn shipped_precision_below(world: &mut CalibrationWorld, maximum: f64) -> anyhow::Result<()> {
    let (precision, summary) = shipped_precision(world)?;
    ensure_that(precision < maximum, || {
        format!("{summary}; expected below {maximum}")
    })
}

#[then(expr = "the realised precision of the shipped threshold is at least {float}")]
fn shipped_precision_at_least(world: &mut CalibrationWorld, minimum: f64) -> anyhow::Result<()> {
    let (precision, summary) = shipped_precision(world)?;
    ensure_that(precision >= minimum, || {
        format!("{summary}; expected at least {minimum}")
    })
}
