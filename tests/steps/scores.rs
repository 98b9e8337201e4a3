//! Sweep-level steps on a scored pairs CSV (`pair_id,label,score` with
//! `encoder` and `similarity` columns), without rendering or encoding. The
//! result is the same [`SuiteRun`] the pipeline produces, without norms,
//! hard negatives or disagreement counts, so threshold and pin steps apply.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use cucumber::when;
use simcal::config::CalibrationConfig;
use simcal::pins::PinnedSeeds;
use simcal::sweep::pairs::{ReadOptions, read_scored_pairs_csv};
use simcal::sweep::{
    BaseRate, BootstrapConfig, PrecisionTarget, ScoredPairs, Similarity, SweepConfig, sweep,
};

use super::world::{CalibrationWorld, RunProvenance, ScoreSet, SuiteRun};

/// Sweep settings of `config`: its base rates, both precision targets
/// (calibration and shipping) and its bootstrap, without the held-out check.
pub fn sweep_config(config: &CalibrationConfig) -> anyhow::Result<SweepConfig> {
    let base_rates = config
        .base_rates
        .iter()
        .map(|&rate| BaseRate::new(rate).with_context(|| format!("invalid base rate {rate}")))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut targets = vec![config.precision.calibration];
    if config.precision.shipping != config.precision.calibration {
        targets.push(config.precision.shipping);
    }
    let precision_targets = targets
        .into_iter()
        .map(|target| {
            PrecisionTarget::new(target)
                .with_context(|| format!("invalid precision target {target}"))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let bootstrap = (config.bootstrap_resamples > 0).then(|| BootstrapConfig {
        resamples: config.bootstrap_resamples,
        seed: config.seeds.bootstrap,
        ..BootstrapConfig::default()
    });
    Ok(SweepConfig {
        base_rates,
        precision_targets,
        bootstrap,
        heldout: None,
        ship_threshold: None,
    })
}

/// Sweeps every `(encoder id, similarity, pairs)` group into a [`SuiteRun`].
pub fn sweep_groups(
    groups: Vec<(String, Similarity, ScoredPairs)>,
    config: &CalibrationConfig,
    catalog: String,
) -> anyhow::Result<SuiteRun> {
    let settings = sweep_config(config)?;
    let negative_pairs = groups
        .first()
        .map_or(0, |(_, _, pairs)| pairs.negatives() as usize);
    let mut score_sets = Vec::with_capacity(groups.len());
    for (encoder_id, similarity, pairs) in groups {
        let report = sweep(&pairs, &settings)
            .with_context(|| format!("failed to sweep {encoder_id} / {similarity}"))?;
        let encoder_name = encoder_id
            .split_once('@')
            .map_or(encoder_id.as_str(), |(name, _)| name)
            .to_owned();
        score_sets.push(ScoreSet {
            encoder_name,
            encoder_id,
            similarity,
            pairs,
            report,
        });
    }
    let provenance = RunProvenance {
        catalog,
        perturbations: Vec::new(),
        seeds: PinnedSeeds {
            catalog: 0,
            twins: 0,
            negatives: 0,
            bootstrap: config.seeds.bootstrap,
        },
        bootstrap_resamples: config.bootstrap_resamples,
        negative_pairs,
        render_backend: "none (scores file)".to_owned(),
        render_device_type: None,
    };
    Ok(SuiteRun {
        provenance,
        score_sets,
        norms: Vec::new(),
        hard_negatives: Vec::new(),
        disagreements: Vec::new(),
    })
}

/// Reads a scores CSV and sweeps each `(encoder, similarity)` group.
pub fn sweep_scores_file(path: &Path, config: &CalibrationConfig) -> anyhow::Result<SuiteRun> {
    let groups = read_scored_pairs_csv(path, &ReadOptions::default())
        .with_context(|| format!("failed to read scored pairs from {}", path.display()))?;
    let groups = groups
        .into_iter()
        .map(|group| {
            let encoder = group
                .key
                .encoder
                .clone()
                .unwrap_or_else(|| "unnamed".to_owned());
            let similarity = match group.key.similarity.as_deref() {
                Some(name) => name.parse::<Similarity>().map_err(anyhow::Error::msg)?,
                None => Similarity::Cosine,
            };
            Ok((encoder, similarity, group.pairs))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    anyhow::ensure!(
        !groups.is_empty(),
        "{} holds no scored pairs",
        path.display()
    );
    sweep_groups(groups, config, format!("scores file {}", path.display()))
}

/// Resolves `path` against the repository root unless it is absolute.
fn resolve(path: &str) -> PathBuf {
    let path = PathBuf::from(path);
    if path.is_absolute() {
        path
    } else {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)
    }
}

#[when(expr = "the scored pairs in {string} are swept")]
async fn scores_swept(world: &mut CalibrationWorld, path: String) -> anyhow::Result<()> {
    let path = resolve(&path);
    let config = world.config.clone();
    let run = tokio::task::spawn_blocking(move || sweep_scores_file(&path, &config))
        .await
        .context("the sweep thread panicked")??;
    world.run = Some(Arc::new(run));
    Ok(())
}
