//! Steps on hard negatives: mining them, the classes they mix, how many
//! reach a threshold, and the bucket check after an encoder change.

use std::collections::BTreeSet;

use anyhow::Context;
use cucumber::{then, when};
use simcal::audit::{HardNegative, HardNegativeBucket, check_bucket, scores_by_pair_id};

use super::parameters::name_list;
use super::world::{CalibrationWorld, choose_threshold, ensure_that};

fn focused_encoder(world: &CalibrationWorld) -> anyhow::Result<String> {
    Ok(world.focused_scores()?.encoder_name.clone())
}

fn mined_for<'a>(world: &'a CalibrationWorld, encoder: &str) -> anyhow::Result<&'a [HardNegative]> {
    let run = world.run()?;
    run.hard_negatives
        .iter()
        .find(|(name, _)| name == encoder)
        .map(|(_, negatives)| negatives.as_slice())
        .with_context(|| format!("the run mined no hard negatives for encoder {encoder:?}"))
}

#[when(expr = "the top {int} hard negatives are mined")]
fn mine(world: &mut CalibrationWorld, k: usize) -> anyhow::Result<()> {
    let encoder = focused_encoder(world)?;
    let mined = mined_for(world, &encoder)?;
    ensure_that(mined.len() >= k, || {
        format!(
            "the run kept {} hard negatives for {encoder}, fewer than {k}; raise `the top K hard negatives are kept`",
            mined.len()
        )
    })?;
    world.hard_negatives = Some(mined[..k].to_vec());
    Ok(())
}

fn mined(world: &CalibrationWorld) -> anyhow::Result<&[HardNegative]> {
    world
        .hard_negatives
        .as_deref()
        .context("no hard negatives: add `When the top K hard negatives are mined` first")
}

fn describe_pairs(negatives: &[HardNegative]) -> String {
    negatives
        .iter()
        .map(|negative| {
            format!(
                "\n  {} {} vs {} {}: {:.4}",
                negative.class_a,
                negative.item_a,
                negative.class_b,
                negative.item_b,
                negative.score
            )
        })
        .collect()
}

/// Every mined pair joins two different classes, both from the list.
#[then(expr = "the hard negatives mix only the classes {string}")]
fn mix_only(world: &mut CalibrationWorld, classes: String) -> anyhow::Result<()> {
    let allowed: BTreeSet<String> = name_list(&classes).into_iter().collect();
    let negatives = mined(world)?;
    let outside: Vec<HardNegative> = negatives
        .iter()
        .filter(|negative| {
            negative.class_a == negative.class_b
                || !allowed.contains(&negative.class_a)
                || !allowed.contains(&negative.class_b)
        })
        .cloned()
        .collect();
    ensure_that(outside.is_empty(), || {
        format!(
            "{} of {} hard negatives pair classes outside {classes:?}:{}",
            outside.len(),
            negatives.len(),
            describe_pairs(&outside)
        )
    })
}

/// At least `count` distinct classes appear among the mined pairs.
#[then(expr = "the hard negatives involve at least {int} classes")]
fn involve_classes(world: &mut CalibrationWorld, count: usize) -> anyhow::Result<()> {
    let negatives = mined(world)?;
    let classes: BTreeSet<&str> = negatives
        .iter()
        .flat_map(|negative| [negative.class_a.as_str(), negative.class_b.as_str()])
        .collect();
    ensure_that(classes.len() >= count, || {
        format!(
            "the hard negatives involve {} classes, fewer than {count}:{}",
            classes.len(),
            describe_pairs(negatives)
        )
    })
}

/// Threshold of the focused scores, which must use the hard negatives'
/// similarity so that their scores are comparable.
fn threshold_for_mined(
    world: &CalibrationWorld,
    precision: f64,
    base_rate: f64,
) -> anyhow::Result<(Option<f64>, &[HardNegative])> {
    let scores = world.focused_scores()?;
    let negatives = mined(world)?;
    if let Some(negative) = negatives
        .iter()
        .find(|negative| negative.similarity != scores.similarity)
    {
        anyhow::bail!(
            "the hard negatives were scored with {}, but thresholds are examined under {}; add `Given the similarity cosine`",
            negative.similarity,
            scores.similarity
        );
    }
    Ok((
        choose_threshold(scores, precision, base_rate)?.threshold(),
        negatives,
    ))
}

fn reaching(negatives: &[HardNegative], threshold: f64) -> usize {
    negatives
        .iter()
        .filter(|negative| {
            negative
                .similarity
                .direction()
                .predicts_positive(negative.score, threshold)
        })
        .count()
}

#[then(
    expr = "at most {int} hard negatives reach the threshold calibrated at precision {float} and base rate {float}"
)]
fn at_most_reach(
    world: &mut CalibrationWorld,
    maximum: usize,
    precision: f64,
    base_rate: f64,
) -> anyhow::Result<()> {
    let (threshold, negatives) = threshold_for_mined(world, precision, base_rate)?;
    let Some(threshold) = threshold else {
        return Ok(()); // An unreachable target ships no threshold, so no negative reaches it.
    };
    let count = reaching(negatives, threshold);
    ensure_that(count <= maximum, || {
        format!(
            "{count} of {} hard negatives reach threshold {threshold:.6}, more than {maximum}",
            negatives.len()
        )
    })
}

#[then(
    expr = "at least {int} hard negatives reach the threshold calibrated at precision {float} and base rate {float}"
)]
fn at_least_reach(
    world: &mut CalibrationWorld,
    minimum: usize,
    precision: f64,
    base_rate: f64,
) -> anyhow::Result<()> {
    let (threshold, negatives) = threshold_for_mined(world, precision, base_rate)?;
    let threshold = threshold.with_context(|| {
        format!("precision {precision} is unreachable at base rate {base_rate}")
    })?;
    let count = reaching(negatives, threshold);
    ensure_that(count >= minimum, || {
        format!(
            "{count} of {} hard negatives reach threshold {threshold:.6}, fewer than {minimum}",
            negatives.len()
        )
    })
}

#[when(
    expr = "the hard-negative bucket of encoder {string} is re-scored with encoder {string} at precision {float} and base rate {float}"
)]
fn rescore_bucket(
    world: &mut CalibrationWorld,
    old_encoder: String,
    new_encoder: String,
    precision: f64,
    base_rate: f64,
) -> anyhow::Result<()> {
    let entries = mined_for(world, &old_encoder)?.to_vec();
    let k = entries.len();
    let bucket = HardNegativeBucket::top_k(entries, k)
        .context("failed to build the hard-negative bucket")?;
    let new_scores = world.scores_of(&new_encoder, bucket.similarity())?;
    let choice = choose_threshold(new_scores, precision, base_rate)?;
    let threshold = choice.threshold().with_context(|| {
        format!("precision {precision} is unreachable for {new_encoder} at base rate {base_rate}")
    })?;
    let check = check_bucket(&bucket, &scores_by_pair_id(&new_scores.pairs), threshold)
        .context("failed to re-score the hard-negative bucket")?;
    world.bucket_check = Some(check);
    Ok(())
}

#[then(expr = "at most {int} bucket negatives cross the new threshold")]
fn bucket_crossing_at_most(world: &mut CalibrationWorld, maximum: usize) -> anyhow::Result<()> {
    let check = world
        .bucket_check
        .as_ref()
        .context("no bucket check: add the re-scoring step first")?;
    ensure_that(check.crossing.len() <= maximum, || {
        format!(
            "{} bucket negatives cross threshold {:.6}, more than {maximum}: {}",
            check.crossing.len(),
            check.threshold,
            check.crossing.join(", ")
        )
    })
}

#[then("every bucket negative was re-scored")]
fn bucket_complete(world: &mut CalibrationWorld) -> anyhow::Result<()> {
    let check = world
        .bucket_check
        .as_ref()
        .context("no bucket check: add the re-scoring step first")?;
    ensure_that(
        check.missing.is_empty() && !check.rescored.is_empty(),
        || {
            format!(
                "{} re-scored, missing from the new scores: {}",
                check.rescored.len(),
                check.missing.join(", ")
            )
        },
    )
}
