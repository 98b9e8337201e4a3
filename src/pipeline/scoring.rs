//! Pair scores, sweeps, hard negatives and the cosine against raw-L2
//! comparison for one encoder. Everything here is ordered by pair id, so
//! results do not depend on the order in which embeddings arrived.

use std::collections::HashMap;

use simcal_dataset::{ObjectPair, Variant};
use simcal_sweep::{
    BaseRate, BootstrapConfig, ConfidenceLevel, HeldOutConfig, Label, PrecisionTarget, ScoredPair,
    ScoredPairs, Similarity, SweepConfig, sweep,
};

use super::error::PipelineError;
use super::result::{Disagreement, HardNegative, SimilarityRun, choice_at};
use crate::config::Plan;

/// Folds of the held-out check, the same default as `simcal sweep`.
pub const HELDOUT_FOLDS: usize = 5;

/// Embeddings of one encoder, by object id and variant.
pub(crate) type EmbeddingMap = HashMap<(String, Variant), Vec<f32>>;

/// The sweep settings every (encoder, similarity) uses. `simcal sweep`
/// with `--seed <seeds.bootstrap>`, `--bootstrap <bootstrap_resamples>`,
/// `--folds 5` and the same base rates and targets reproduces them.
pub fn sweep_config(plan: &Plan) -> Result<SweepConfig, PipelineError> {
    let base_rates = plan
        .base_rates
        .iter()
        .map(|&rate| BaseRate::new(rate))
        .collect::<Result<Vec<_>, _>>()
        .map_err(PipelineError::Sweep)?;
    let precision_targets = precision_targets(plan)?;
    let seed = plan.config.seeds.bootstrap;
    Ok(SweepConfig {
        base_rates,
        precision_targets,
        bootstrap: (plan.config.bootstrap_resamples > 0).then(|| BootstrapConfig {
            resamples: plan.config.bootstrap_resamples,
            confidence_level: ConfidenceLevel::default(),
            seed,
            show_progress: false,
        }),
        heldout: Some(HeldOutConfig {
            folds: HELDOUT_FOLDS,
            seed,
        }),
        ship_threshold: None,
    })
}

/// The shipping target, then the calibration target when it differs.
pub fn precision_targets(plan: &Plan) -> Result<Vec<PrecisionTarget>, PipelineError> {
    let mut targets =
        vec![PrecisionTarget::new(plan.precision.shipping).map_err(PipelineError::Sweep)?];
    if plan.precision.calibration != plan.precision.shipping {
        targets
            .push(PrecisionTarget::new(plan.precision.calibration).map_err(PipelineError::Sweep)?);
    }
    Ok(targets)
}

/// Scores every pair with `similarity`, in pair order.
pub(crate) fn score_pairs(
    encoder: &str,
    similarity: Similarity,
    pairs: &[ObjectPair],
    embeddings: &EmbeddingMap,
) -> Result<Vec<f64>, PipelineError> {
    pairs
        .iter()
        .map(|pair| {
            let vector = |object_id: &str, variant: Variant| {
                embeddings
                    .get(&(object_id.to_owned(), variant))
                    .ok_or_else(|| PipelineError::MissingEmbedding {
                        encoder: encoder.to_owned(),
                        object_id: object_id.to_owned(),
                        variant: variant.name().to_owned(),
                    })
            };
            let left = vector(&pair.a.object_id, pair.a.variant)?;
            let right = vector(&pair.b.object_id, pair.b.variant)?;
            similarity
                .score(left, right)
                .map_err(|source| PipelineError::Score {
                    encoder: encoder.to_owned(),
                    pair_id: pair.pair_id.clone(),
                    source,
                })
        })
        .collect()
}

/// Pairs each score with its pair's id and label, in pair order, as the
/// sweep's input. `scores[i]` belongs to `pairs[i]`, and the result is as
/// long as the shorter of the two.
pub fn label_scores(pairs: &[ObjectPair], scores: &[f64]) -> Vec<ScoredPair> {
    pairs
        .iter()
        .zip(scores)
        .map(|(pair, &score)| ScoredPair {
            pair_id: pair.pair_id.clone(),
            label: if pair.label.is_positive() {
                Label::Positive
            } else {
                Label::Negative
            },
            score,
        })
        .collect()
}

/// Scores and sweeps one encoder under every configured similarity.
pub(crate) fn sweep_encoder(
    encoder: &str,
    plan: &Plan,
    pairs: &[ObjectPair],
    embeddings: &EmbeddingMap,
) -> Result<Vec<SimilarityRun>, PipelineError> {
    let config = sweep_config(plan)?;
    let mut runs = Vec::with_capacity(plan.similarities.len());
    for &similarity in &plan.similarities {
        let scores = score_pairs(encoder, similarity, pairs, embeddings)?;
        let scored = ScoredPairs::new(label_scores(pairs, &scores), similarity.direction())
            .map_err(|source| PipelineError::ScoredPairs {
                encoder: encoder.to_owned(),
                source,
            })?;
        let report = sweep(&scored, &config).map_err(PipelineError::Sweep)?;
        runs.push(SimilarityRun {
            similarity,
            scores,
            report,
        });
    }
    Ok(runs)
}

/// Returns the `k` negatives with the highest cosine, highest first; equal
/// scores are ordered by pair id.
pub(crate) fn hard_negatives(pairs: &[ObjectPair], cosine: &[f64], k: usize) -> Vec<HardNegative> {
    let mut negatives: Vec<(usize, f64)> = pairs
        .iter()
        .zip(cosine)
        .enumerate()
        .filter(|(_, (pair, _))| !pair.label.is_positive())
        .map(|(index, (_, &score))| (index, score))
        .collect();
    negatives.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then_with(|| pairs[a.0].pair_id.cmp(&pairs[b.0].pair_id))
    });
    negatives
        .into_iter()
        .take(k)
        .enumerate()
        .map(|(rank, (index, score))| {
            let pair = &pairs[index];
            HardNegative {
                rank: rank + 1,
                pair_id: pair.pair_id.clone(),
                object_a: pair.a.object_id.clone(),
                class_a: pair.a.class.clone(),
                object_b: pair.b.object_id.clone(),
                class_b: pair.b.class.clone(),
                cosine: score,
            }
        })
        .collect()
}

/// Compares cosine and raw-L2 decisions at the thresholds each picks for
/// the reference base rate and the calibration target. `None` when either
/// similarity is missing or either target is unreachable.
pub(crate) fn disagreement(
    plan: &Plan,
    pairs: &[ObjectPair],
    runs: &[SimilarityRun],
) -> Option<Disagreement> {
    let cosine = runs
        .iter()
        .find(|run| run.similarity == Similarity::Cosine)?;
    let l2 = runs.iter().find(|run| run.similarity == Similarity::L2)?;
    let base_rate = BaseRate::new(plan.reference_base_rate()).ok()?;
    let target = PrecisionTarget::new(plan.precision.calibration).ok()?;
    let cosine_threshold = choice_at(&cosine.report, base_rate, target)?.threshold()?;
    let l2_threshold = choice_at(&l2.report, base_rate, target)?.threshold()?;

    let mut disagreeing_positives = 0;
    let mut disagreeing_negatives = 0;
    for ((pair, &cosine_score), &l2_score) in pairs.iter().zip(&cosine.scores).zip(&l2.scores) {
        let cosine_positive = Similarity::Cosine
            .direction()
            .predicts_positive(cosine_score, cosine_threshold);
        let l2_positive = Similarity::L2
            .direction()
            .predicts_positive(l2_score, l2_threshold);
        if cosine_positive != l2_positive {
            if pair.label.is_positive() {
                disagreeing_positives += 1;
            } else {
                disagreeing_negatives += 1;
            }
        }
    }
    let negated_l2: Vec<f64> = l2.scores.iter().map(|score| -score).collect();
    Some(Disagreement {
        base_rate: base_rate.value(),
        precision_target: target.value(),
        cosine_threshold,
        l2_threshold,
        pairs: pairs.len(),
        disagreeing_pairs: disagreeing_positives + disagreeing_negatives,
        disagreeing_positives,
        disagreeing_negatives,
        rank_correlation: spearman(&cosine.scores, &negated_l2),
    })
}

/// Spearman rank correlation with average ranks for ties; 0 when either
/// side is constant.
fn spearman(x: &[f64], y: &[f64]) -> f64 {
    let (rank_x, rank_y) = (average_ranks(x), average_ranks(y));
    let n = x.len() as f64;
    let mean = (n + 1.0) / 2.0;
    let (mut covariance, mut variance_x, mut variance_y) = (0.0, 0.0, 0.0);
    for (a, b) in rank_x.iter().zip(&rank_y) {
        covariance += (a - mean) * (b - mean);
        variance_x += (a - mean) * (a - mean);
        variance_y += (b - mean) * (b - mean);
    }
    if variance_x == 0.0 || variance_y == 0.0 {
        return 0.0;
    }
    covariance / (variance_x * variance_y).sqrt()
}

fn average_ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && values[order[end]] == values[order[start]] {
            end += 1;
        }
        // Ranks are 1-based; tied values share the mean of their positions.
        let rank = (start + end + 1) as f64 / 2.0;
        for &index in &order[start..end] {
            ranks[index] = rank;
        }
        start = end;
    }
    ranks
}

#[cfg(test)]
mod tests {
    use super::*;
    use simcal_dataset::{PairLabel, PairSide};

    fn pair(id: &str, positive: bool) -> ObjectPair {
        let side = |object: &str, variant| PairSide {
            object_id: object.to_owned(),
            class: "c".to_owned(),
            variant,
        };
        ObjectPair {
            pair_id: id.to_owned(),
            label: if positive {
                PairLabel::Positive
            } else {
                PairLabel::Negative
            },
            a: side("a", Variant::Original),
            b: side(
                "b",
                if positive {
                    Variant::Twin
                } else {
                    Variant::Original
                },
            ),
            perturbation: None,
        }
    }

    #[test]
    fn hard_negatives_break_ties_by_pair_id() {
        let pairs = vec![
            pair("pair_000", true),
            pair("pair_002", false),
            pair("pair_001", false),
            pair("pair_003", false),
        ];
        let cosine = vec![0.99, 0.8, 0.8, 0.9];
        let hard = hard_negatives(&pairs, &cosine, 2);
        assert_eq!(hard.len(), 2);
        assert_eq!(hard[0].pair_id, "pair_003");
        assert_eq!(hard[0].rank, 1);
        assert_eq!(hard[1].pair_id, "pair_001");
        assert_eq!(hard[1].rank, 2);
    }

    #[test]
    fn spearman_of_monotone_map_is_one() {
        let x = [0.1, 0.5, 0.3, 0.9];
        let y = [1.0, 5.0, 3.0, 9.0];
        assert!((spearman(&x, &y) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn spearman_handles_ties() {
        // Ranks of x: 1, 2.5, 2.5, 4; of y: 1, 2, 3, 4.
        let x = [1.0, 2.0, 2.0, 3.0];
        let y = [1.0, 2.0, 3.0, 4.0];
        let expected = 4.5 / (4.5f64 * 5.0).sqrt();
        assert!((spearman(&x, &y) - expected).abs() < 1e-12);
    }
}
