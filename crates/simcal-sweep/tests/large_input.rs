//! Inputs large enough for the parallel paths: several sorted runs per
//! class and several selection chunks, checked against a plain sequential
//! sort-and-count written here.

mod common;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use common::{pairs, rate, target};
use simcal_sweep::{BaseRate, ScoreDirection, ThresholdSweep};

/// 300,000 pairs, a share `tied_share` of them on a 3-decimal grid (heavy
/// ties), with both signed zeros present.
fn large_input(seed: u64, tied_share: f64) -> (Vec<u8>, Vec<f64>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut labels = Vec::new();
    let mut scores = Vec::new();
    for index in 0..300_000 {
        let positive = rng.random_bool(0.2);
        let mut score: f64 = if positive {
            rng.random_range(-0.2..1.0)
        } else {
            rng.random_range(-1.0..0.6)
        };
        if rng.random_bool(tied_share) {
            score = (score * 1000.0).round() / 1000.0;
        }
        if index % 1000 == 0 {
            score = if index % 2000 == 0 { 0.0 } else { -0.0 };
        }
        labels.push(u8::from(positive));
        scores.push(score);
    }
    (labels, scores)
}

/// (threshold, true positives, false positives), strictest first, by a
/// comparison sort of (oriented score, label) and one walk.
fn sequential_points(
    labels: &[u8],
    scores: &[f64],
    direction: ScoreDirection,
) -> Vec<(f64, u64, u64)> {
    let sign = match direction {
        ScoreDirection::Similarity => 1.0,
        ScoreDirection::Distance => -1.0,
    };
    let mut rows: Vec<(f64, u8)> = scores
        .iter()
        .map(|&s| sign * s + 0.0)
        .zip(labels.iter().copied())
        .collect();
    rows.sort_by(|a, b| b.0.partial_cmp(&a.0).expect("finite"));
    let mut points: Vec<(f64, u64, u64)> = Vec::new();
    let (mut true_positives, mut false_positives) = (0, 0);
    for (index, &(score, label)) in rows.iter().enumerate() {
        if label == 1 {
            true_positives += 1;
        } else {
            false_positives += 1;
        }
        let block_ends = rows.get(index + 1).is_none_or(|next| next.0 != score);
        if block_ends {
            points.push((sign * score + 0.0, true_positives, false_positives));
        }
    }
    points
}

#[test]
fn large_sweep_matches_sequential_count() {
    // With every score on the grid, each segment boundary of the parallel
    // merge falls inside a tied block.
    let cases = [
        (1, 0.3, ScoreDirection::Similarity),
        (2, 0.3, ScoreDirection::Distance),
        (3, 1.0, ScoreDirection::Similarity),
    ];
    for (seed, tied_share, direction) in cases {
        let (labels, scores) = large_input(seed, tied_share);
        // Four threads give four sorted runs per class whatever the machine.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .expect("thread pool");
        let sweep = pool.install(|| ThresholdSweep::new(&pairs(&labels, &scores, direction)));
        let expected = sequential_points(&labels, &scores, direction);

        assert_eq!(sweep.len(), expected.len(), "{direction}");
        for (point, &(threshold, true_positives, false_positives)) in sweep.points().zip(&expected)
        {
            assert_eq!(point.threshold, threshold, "{direction}");
            assert_eq!(
                point.true_positives, true_positives,
                "{direction} at {threshold}"
            );
            assert_eq!(
                point.false_positives, false_positives,
                "{direction} at {threshold}"
            );
        }
    }
}

#[test]
fn large_selection_matches_sequential_scan() {
    let (labels, scores) = large_input(4, 0.3);
    let sweep = ThresholdSweep::new(&pairs(&labels, &scores, ScoreDirection::Similarity));
    assert!(
        sweep.len() > 3 * 65_536,
        "spans several selection chunks: {}",
        sweep.len()
    );

    for pi in BaseRate::DEFAULTS {
        for precision_target in [0.5, 0.8, 0.95, 0.99] {
            let choice = sweep.select_threshold(rate(pi), target(precision_target));
            let mut expected_threshold = None;
            let mut best_precision: Option<f64> = None;
            for point in sweep.points() {
                let precision = point.precision_at(rate(pi));
                if let Some(precision) = precision {
                    best_precision =
                        Some(best_precision.map_or(precision, |best| best.max(precision)));
                }
                if precision.is_some_and(|precision| precision >= precision_target) {
                    expected_threshold = Some(point.threshold);
                }
            }
            assert_eq!(
                choice.threshold(),
                expected_threshold,
                "pi {pi} target {precision_target}"
            );
            assert_eq!(
                choice.best_precision, best_precision,
                "pi {pi} target {precision_target}"
            );
        }
    }
}
