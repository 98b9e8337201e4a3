//! Steps that choose encoders and the similarity under examination, and
//! check the embeddings themselves: norms and the raw-L2 gotcha.

use anyhow::Context;
use cucumber::{given, then};

use super::parameters::SimilarityParam;
use super::world::{CalibrationWorld, EncoderNorms, ensure_that};

fn add_encoder(world: &mut CalibrationWorld, encoder: String) {
    if !world.encoders_set {
        world.config.encoders.clear();
        world.encoders_set = true;
    }
    world.config.encoders.push(encoder);
}

/// Adds a preset (`pointnet-proxy`, `efficientnet-lite0`, `clip-vit-b32`,
/// `dinov2-vitb14`); the first encoder step replaces the default list.
#[given(expr = "the encoder preset {string}")]
fn encoder_preset(world: &mut CalibrationWorld, preset: String) {
    add_encoder(world, preset);
}

/// Adds a custom ONNX encoder described by a YAML spec file.
#[given(expr = "the encoder model file {string}")]
fn encoder_model_file(world: &mut CalibrationWorld, path: String) {
    add_encoder(world, path);
}

/// Sets the similarity that threshold steps examine; all three similarities
/// are always scored.
#[given(expr = "the similarity {similarity}")]
fn focus_similarity(world: &mut CalibrationWorld, chosen: SimilarityParam) {
    world.focus.similarity = Some(chosen.0);
}

/// Sets the encoder (config name) that threshold steps examine.
#[given(expr = "thresholds are examined for encoder {string}")]
fn focus_encoder(world: &mut CalibrationWorld, encoder: String) {
    world.focus.encoder = Some(encoder);
}

fn norms_of<'a>(world: &'a CalibrationWorld, encoder: &str) -> anyhow::Result<&'a EncoderNorms> {
    let run = world.run()?;
    run.norms
        .iter()
        .find(|norms| norms.encoder_name == encoder)
        .with_context(|| {
            let names: Vec<&str> = run
                .norms
                .iter()
                .map(|norms| norms.encoder_name.as_str())
                .collect();
            format!(
                "no embedding norms for encoder {encoder:?}; the run has: {}",
                names.join(", ")
            )
        })
}

fn median_norm(world: &CalibrationWorld, encoder: &str) -> anyhow::Result<f64> {
    norms_of(world, encoder)?
        .median()
        .with_context(|| format!("encoder {encoder:?} produced no embeddings"))
}

#[then(
    expr = "the median pre-normalisation norm of encoder {string} lies between {float} and {float}"
)]
fn median_norm_in_range(
    world: &mut CalibrationWorld,
    encoder: String,
    low: f64,
    high: f64,
) -> anyhow::Result<()> {
    let median = median_norm(world, &encoder)?;
    ensure_that((low..=high).contains(&median), || {
        format!(
            "median pre-normalisation norm of {encoder} is {median:.4}, outside [{low}, {high}]"
        )
    })
}

#[then(
    expr = "the median pre-normalisation norms of encoders {string} and {string} differ by a factor of at least {float}"
)]
fn median_norms_differ(
    world: &mut CalibrationWorld,
    first: String,
    second: String,
    factor: f64,
) -> anyhow::Result<()> {
    let (first_median, second_median) = (median_norm(world, &first)?, median_norm(world, &second)?);
    let ratio = first_median.max(second_median) / first_median.min(second_median);
    ensure_that(ratio >= factor, || {
        format!(
            "median norms {first} {first_median:.4} and {second} {second_median:.4} differ by a factor of {ratio:.3}, \
             below {factor}"
        )
    })
}

fn disagreements(world: &CalibrationWorld) -> anyhow::Result<(String, usize)> {
    let run = world.run()?;
    let encoder = match &world.focus.encoder {
        Some(encoder) => encoder.clone(),
        None => run
            .score_sets
            .first()
            .map(|set| set.encoder_name.clone())
            .context("the run scored no pairs")?,
    };
    let count = run
        .disagreements
        .iter()
        .find(|(name, _)| *name == encoder)
        .map(|(_, count)| *count)
        .with_context(|| {
            format!("the run counted no raw-L2 against cosine disagreements for {encoder:?}")
        })?;
    Ok((encoder, count))
}

#[then(expr = "raw L2 and cosine disagree on at most {int} pairs")]
fn disagree_at_most(world: &mut CalibrationWorld, maximum: usize) -> anyhow::Result<()> {
    let (encoder, count) = disagreements(world)?;
    ensure_that(count <= maximum, || {
        format!("raw L2 and cosine disagree on {count} pairs for {encoder}, more than {maximum}")
    })
}

#[then(expr = "raw L2 and cosine disagree on at least {int} pairs")]
fn disagree_at_least(world: &mut CalibrationWorld, minimum: usize) -> anyhow::Result<()> {
    let (encoder, count) = disagreements(world)?;
    ensure_that(count >= minimum, || {
        format!("raw L2 and cosine disagree on {count} pairs for {encoder}, fewer than {minimum}")
    })
}
