//! Held-out check: choose the threshold on k-1 folds and measure it on the
//! fold left out, because a threshold scored on the data that chose it
//! looks better than it is.

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use crate::base_rate::reweighted_precision_from_counts;
use crate::curves::ThresholdSweep;
use crate::error::SweepError;
use crate::operating_point::{Selector, TargetAtBaseRate};
use crate::weighted::walk_weighted;
use crate::{BaseRate, Label, PrecisionTarget};

/// Held-out check settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeldOutConfig {
    /// Number of class-stratified folds, at least 2 (default 5).
    pub folds: usize,
    /// Seed of the fold assignment.
    pub seed: u64,
}

impl Default for HeldOutConfig {
    fn default() -> Self {
        Self { folds: 5, seed: 0 }
    }
}

/// Pooled held-out result for one base rate and precision target.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct HeldOutEstimate {
    pub base_rate: BaseRate,
    pub precision_target: PrecisionTarget,
    pub folds: usize,
    /// Folds whose training part reached the target; only these are pooled.
    pub folds_reached: usize,
    /// Held-out counts summed over the pooled folds.
    pub true_positives: u64,
    pub false_positives: u64,
    pub positives: u64,
    pub negatives: u64,
    /// Reweighted precision of the pooled held-out counts at the base rate;
    /// `None` when no fold reached the target or nothing held out was
    /// predicted positive.
    pub precision: Option<f64>,
    /// Pooled held-out recall; `None` when no fold reached the target.
    pub recall: Option<f64>,
}

/// Splits each class into `config.folds` seeded folds. For each fold, it
/// chooses the threshold on the other folds and counts the held-out fold's
/// true and false positives there. The counts are pooled per target.
///
/// Fails when a class has fewer pairs than folds.
pub fn heldout_check(
    sweep: &ThresholdSweep,
    targets: &[TargetAtBaseRate],
    config: &HeldOutConfig,
    origin: &str,
) -> Result<Vec<HeldOutEstimate>, SweepError> {
    let folds = config.folds;
    if folds < 2 {
        return Err(SweepError::InvalidFolds { folds });
    }
    for (class, count) in [
        (Label::Positive, sweep.positives()),
        (Label::Negative, sweep.negatives()),
    ] {
        if count < folds as u64 {
            return Err(SweepError::TooFewPairsForFolds {
                origin: origin.to_owned(),
                folds,
                class,
                count,
            });
        }
    }

    let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
    let positive_folds = assign_folds(&mut rng, sweep.positives() as usize, folds);
    let negative_folds = assign_folds(&mut rng, sweep.negatives() as usize, folds);

    let mut pooled = vec![PooledCounts::default(); targets.len()];
    for fold in 0..folds {
        let mask = |fold_of: &[usize], held_out: bool| -> Vec<u32> {
            fold_of
                .iter()
                .map(|&f| u32::from((f == fold) == held_out))
                .collect()
        };
        let (train_positive, train_negative) =
            (mask(&positive_folds, false), mask(&negative_folds, false));
        let (test_positive, test_negative) =
            (mask(&positive_folds, true), mask(&negative_folds, true));
        let count_ones = |weights: &[u32]| weights.iter().map(|&w| u64::from(w)).sum::<u64>();

        let mut selector = Selector::new(
            targets,
            count_ones(&train_positive),
            count_ones(&train_negative),
        );
        walk_weighted(sweep, &train_positive, &train_negative, |index, tp, fp| {
            selector.observe(index, tp, fp)
        });

        // Held-out counts at threshold k are the held-out pairs scoring at
        // least as well as k, whether or not k itself occurs among them.
        let mut test_counts_at = vec![(0u64, 0u64); sweep.len()];
        let mut running = (0u64, 0u64);
        let mut last_index = 0usize;
        walk_weighted(sweep, &test_positive, &test_negative, |index, tp, fp| {
            test_counts_at[last_index..index].fill(running);
            running = (tp, fp);
            last_index = index;
        });
        test_counts_at[last_index..].fill(running);

        let (test_positives, test_negatives) =
            (count_ones(&test_positive), count_ones(&test_negative));
        for (counts, chosen) in pooled.iter_mut().zip(&selector.chosen) {
            if let Some((index, _, _)) = chosen {
                let (true_positives, false_positives) = test_counts_at[*index];
                counts.folds_reached += 1;
                counts.true_positives += true_positives;
                counts.false_positives += false_positives;
                counts.positives += test_positives;
                counts.negatives += test_negatives;
            }
        }
    }

    Ok(targets
        .iter()
        .zip(pooled)
        .map(|(&(base_rate, precision_target), counts)| {
            let reached = counts.folds_reached > 0;
            HeldOutEstimate {
                base_rate,
                precision_target,
                folds,
                folds_reached: counts.folds_reached,
                true_positives: counts.true_positives,
                false_positives: counts.false_positives,
                positives: counts.positives,
                negatives: counts.negatives,
                precision: reached
                    .then(|| {
                        reweighted_precision_from_counts(
                            base_rate,
                            counts.true_positives,
                            counts.false_positives,
                            counts.positives,
                            counts.negatives,
                        )
                    })
                    .flatten(),
                recall: reached.then(|| counts.true_positives as f64 / counts.positives as f64),
            }
        })
        .collect())
}

#[derive(Debug, Clone, Copy, Default)]
struct PooledCounts {
    folds_reached: usize,
    true_positives: u64,
    false_positives: u64,
    positives: u64,
    negatives: u64,
}

/// Assigns `len` ranks to folds in a seeded random order, round robin, so
/// fold sizes differ by at most one.
fn assign_folds(rng: &mut ChaCha8Rng, len: usize, folds: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.shuffle(rng);
    let mut fold_of = vec![0usize; len];
    for (position, &rank) in order.iter().enumerate() {
        fold_of[rank] = position % folds;
    }
    fold_of
}
