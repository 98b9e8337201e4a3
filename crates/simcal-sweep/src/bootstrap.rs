//! Seeded, class-stratified bootstrap confidence intervals on the chosen
//! threshold and its recall.

use indicatif::{ProgressBar, ProgressStyle};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use tracing::info;

use crate::curves::ThresholdSweep;
use crate::interval::{ConfidenceInterval, ConfidenceLevel};
use crate::operating_point::{Selector, TargetAtBaseRate};
use crate::weighted::walk_weighted;
use crate::{BaseRate, PrecisionTarget};

/// Bootstrap settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BootstrapConfig {
    /// Number of resamples (default 1000).
    pub resamples: usize,
    /// Interval coverage (default 95%).
    pub confidence_level: ConfidenceLevel,
    /// Seed of the resampling; the same seed gives the same intervals on any
    /// number of threads.
    pub seed: u64,
    /// Draw a progress bar on stderr.
    pub show_progress: bool,
}

impl Default for BootstrapConfig {
    fn default() -> Self {
        Self {
            resamples: 1000,
            confidence_level: ConfidenceLevel::default(),
            seed: 0,
            show_progress: false,
        }
    }
}

/// Bootstrap intervals for one base rate and precision target.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct BootstrapEstimate {
    pub base_rate: BaseRate,
    pub precision_target: PrecisionTarget,
    /// Percentile interval of the threshold over the resamples that reached
    /// the target. `None` when fewer than the confidence level's share of
    /// resamples reached it, because such an interval would not have its
    /// nominal coverage.
    pub threshold: Option<ConfidenceInterval>,
    /// Percentile interval of the recall over all resamples, counting a
    /// resample that cannot reach the target as recall 0.
    pub recall: Option<ConfidenceInterval>,
    /// Resamples in which some threshold reached the target.
    pub reached_resamples: usize,
    pub resamples: usize,
}

/// Resamples positives and negatives separately with replacement (so each
/// resample keeps the class sizes and both classes), re-chooses the
/// threshold for every target in each, and returns percentile intervals.
///
/// Each resample draws from its own ChaCha8 stream of `config.seed`, so the
/// result does not depend on the thread count. Cost is O(pairs + thresholds)
/// per resample, with no re-sorting.
pub fn bootstrap_thresholds(
    sweep: &ThresholdSweep,
    targets: &[TargetAtBaseRate],
    config: &BootstrapConfig,
) -> Vec<BootstrapEstimate> {
    let started = std::time::Instant::now();
    let progress = if config.show_progress {
        let bar = ProgressBar::new(config.resamples as u64);
        if let Ok(style) =
            ProgressStyle::with_template("bootstrap {bar:30} {pos}/{len} resamples ({eta} left)")
        {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };

    let positives = sweep.positives() as usize;
    let negatives = sweep.negatives() as usize;
    let resample_choices: Vec<Vec<Option<(f64, f64)>>> = (0..config.resamples)
        .into_par_iter()
        .map_init(
            || (vec![0u32; positives], vec![0u32; negatives]),
            |(positive_weights, negative_weights), resample| {
                let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
                rng.set_stream(resample as u64);
                draw_with_replacement(&mut rng, positive_weights);
                draw_with_replacement(&mut rng, negative_weights);

                let mut selector = Selector::new(targets, sweep.positives(), sweep.negatives());
                walk_weighted(
                    sweep,
                    positive_weights,
                    negative_weights,
                    |index, tp, fp| selector.observe(index, tp, fp),
                );
                progress.inc(1);
                selector
                    .chosen
                    .iter()
                    .map(|chosen| {
                        chosen.map(|(index, true_positives, _)| {
                            (
                                sweep.thresholds()[index],
                                true_positives as f64 / sweep.positives() as f64,
                            )
                        })
                    })
                    .collect()
            },
        )
        .collect();
    progress.finish_and_clear();

    let estimates = targets
        .iter()
        .enumerate()
        .map(|(target_index, &(base_rate, precision_target))| {
            let mut thresholds = Vec::with_capacity(config.resamples);
            let mut recalls = Vec::with_capacity(config.resamples);
            for choices in &resample_choices {
                match choices[target_index] {
                    Some((threshold, recall)) => {
                        thresholds.push(threshold);
                        recalls.push(recall);
                    }
                    None => recalls.push(0.0),
                }
            }
            let reached_resamples = thresholds.len();
            let reached_share = reached_resamples as f64 / config.resamples.max(1) as f64;
            let threshold = if reached_share >= config.confidence_level.value() {
                ConfidenceInterval::percentile(&mut thresholds, config.confidence_level)
            } else {
                None
            };
            BootstrapEstimate {
                base_rate,
                precision_target,
                reached_resamples,
                resamples: config.resamples,
                threshold,
                recall: ConfidenceInterval::percentile(&mut recalls, config.confidence_level),
            }
        })
        .collect();
    info!(
        resamples = config.resamples,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "bootstrap finished"
    );
    estimates
}

/// Sets `weights[i]` to how often rank i is drawn in `weights.len()` draws.
fn draw_with_replacement(rng: &mut ChaCha8Rng, weights: &mut [u32]) {
    weights.fill(0);
    let len = weights.len();
    for _ in 0..len {
        weights[rng.random_range(0..len)] += 1;
    }
}
