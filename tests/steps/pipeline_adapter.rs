//! Runs the calibration pipeline and turns its result into the [`SuiteRun`]
//! that steps read.

use anyhow::Context;
use simcal::audit::HardNegative;
use simcal::config::CalibrationConfig;
use simcal::dataset::CatalogSpec;
use simcal::pins::PinnedSeeds;
use simcal::pipeline::scoring::label_scores;
use simcal::pipeline::{CalibrationRun, EncoderRun, RunOptions, run_calibration};
use simcal::sweep::{ScoredPairs, Similarity};

use super::world::{EncoderNorms, RunProvenance, ScoreSet, SuiteRun};

/// Runs the whole pipeline for `config` on the calling (blocking) thread,
/// writing the run folder (without figures) to `config.output`.
pub fn compute_suite_run(config: CalibrationConfig) -> anyhow::Result<SuiteRun> {
    let plan = config
        .clone()
        .into_plan()
        .context("invalid calibration config")?;
    let options = RunOptions {
        show_progress: false,
        write_outputs: true,
        draw_figures: false,
        cache_folder: config.cache.clone(),
        ..RunOptions::default()
    };
    let run = run_calibration(&plan, &options).context("the calibration pipeline failed")?;
    suite_run_of(&run, &config)
}

fn suite_run_of(run: &CalibrationRun, config: &CalibrationConfig) -> anyhow::Result<SuiteRun> {
    let mut suite_run = SuiteRun {
        provenance: provenance_of(run, config),
        score_sets: Vec::new(),
        norms: Vec::new(),
        hard_negatives: Vec::new(),
        disagreements: Vec::new(),
    };
    for encoder in &run.encoders {
        for similarity_run in &encoder.similarities {
            let pairs = scored_pairs(run, similarity_run.similarity, &similarity_run.scores)
                .with_context(|| {
                    format!(
                        "invalid scores for {} / {}",
                        encoder.name, similarity_run.similarity
                    )
                })?;
            suite_run.score_sets.push(ScoreSet {
                encoder_name: encoder.name.clone(),
                encoder_id: encoder.encoder_id.clone(),
                similarity: similarity_run.similarity,
                pairs,
                report: similarity_run.report.clone(),
            });
        }
        suite_run.norms.push(EncoderNorms {
            encoder_name: encoder.name.clone(),
            encoder_id: encoder.encoder_id.clone(),
            norms: encoder.norms.iter().map(|norm| norm.raw_l2_norm).collect(),
        });
        suite_run
            .hard_negatives
            .push((encoder.name.clone(), hard_negatives_of(encoder, config)));
        if let Some(disagreement) = &encoder.disagreement {
            suite_run
                .disagreements
                .push((encoder.name.clone(), disagreement.disagreeing_pairs));
        }
    }
    Ok(suite_run)
}

fn scored_pairs(
    run: &CalibrationRun,
    similarity: Similarity,
    scores: &[f64],
) -> anyhow::Result<ScoredPairs> {
    anyhow::ensure!(
        scores.len() == run.pairs.len(),
        "{} scores for {} pairs",
        scores.len(),
        run.pairs.len()
    );
    let pairs = label_scores(&run.pairs, scores);
    Ok(ScoredPairs::new(pairs, similarity.direction())?)
}

/// Converts the pipeline's cosine hard negatives to the audit crate's bucket form.
/// The threshold in force is the cosine threshold at the first configured
/// base rate and the calibration target, or 1 when that is unreachable.
fn hard_negatives_of(encoder: &EncoderRun, config: &CalibrationConfig) -> Vec<HardNegative> {
    let threshold = encoder
        .similarity(Similarity::Cosine)
        .and_then(|cosine| {
            cosine.report.thresholds.iter().find(|row| {
                Some(row.choice.base_rate.value()) == config.base_rates.first().copied()
                    && row.choice.precision_target.value() == config.precision.calibration
            })
        })
        .and_then(|row| row.choice.threshold())
        .unwrap_or(1.0);
    encoder
        .hard_negatives
        .iter()
        .map(|negative| HardNegative {
            pair_id: negative.pair_id.clone(),
            item_a: negative.object_a.clone(),
            item_b: negative.object_b.clone(),
            class_a: negative.class_a.clone(),
            class_b: negative.class_b.clone(),
            score: negative.cosine,
            encoder_id: encoder.encoder_id.clone(),
            similarity: Similarity::Cosine,
            threshold,
        })
        .collect()
}

fn provenance_of(run: &CalibrationRun, config: &CalibrationConfig) -> RunProvenance {
    let catalog_seed = match &config.catalog {
        CatalogSpec::Builtin { seed, .. } => *seed,
        _ => 0,
    };
    let render_backend = run.provenance.adapter.as_ref().map_or_else(
        || "none (no encoder renders views)".to_owned(),
        |adapter| {
            format!(
                "{} ({}, {})",
                adapter.name, adapter.backend, adapter.device_type
            )
        },
    );
    RunProvenance {
        catalog: run.provenance.catalog.clone(),
        perturbations: vec![config.twin.to_string()],
        seeds: PinnedSeeds {
            catalog: catalog_seed,
            twins: config.seeds.twins,
            negatives: config.seeds.negatives,
            bootstrap: config.seeds.bootstrap,
        },
        bootstrap_resamples: config.bootstrap_resamples,
        negative_pairs: run.provenance.negative_pairs,
        render_backend,
        render_device_type: run
            .provenance
            .adapter
            .as_ref()
            .map(|adapter| adapter.device_type.clone()),
    }
}
