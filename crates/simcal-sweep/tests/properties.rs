//! Seeded property tests of the sweep, the reweighting and the similarity
//! functions.

mod common;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

use common::{brute_force_points, mann_whitney_auc, pairs, rate, target};
use simcal_sweep::{
    BaseRate, BootstrapConfig, HeldOutConfig, ScoreDirection, Similarity, SweepConfig,
    ThresholdSweep, sweep,
};

fn seeded(cases: u32) -> Config {
    Config {
        cases,
        rng_seed: RngSeed::Fixed(0x5EED_CA1B),
        failure_persistence: None,
        ..Config::default()
    }
}

/// Labels (both classes present) and integer-valued scores with heavy ties.
fn labelled_scores(max_len: usize) -> impl Strategy<Value = (Vec<u8>, Vec<f64>)> {
    (2usize..max_len, 1i32..40).prop_flat_map(|(len, spread)| {
        (
            prop::collection::vec(0u8..2, len),
            prop::collection::vec(-spread..=spread, len),
        )
            .prop_map(|(mut labels, scores)| {
                labels[0] = 1;
                labels[1] = 0;
                (labels, scores.into_iter().map(f64::from).collect())
            })
    })
}

fn direction() -> impl Strategy<Value = ScoreDirection> {
    prop_oneof![
        Just(ScoreDirection::Similarity),
        Just(ScoreDirection::Distance)
    ]
}

fn small_config(seed: u64) -> SweepConfig {
    SweepConfig {
        bootstrap: Some(BootstrapConfig {
            resamples: 20,
            seed,
            ..BootstrapConfig::default()
        }),
        heldout: Some(HeldOutConfig { folds: 2, seed }),
        ship_threshold: Some(0.0),
        ..SweepConfig::default()
    }
}

proptest! {
    #![proptest_config(seeded(200))]

    #[test]
    fn sweep_matches_brute_force((labels, scores) in labelled_scores(60), direction in direction()) {
        let sweep = ThresholdSweep::new(&pairs(&labels, &scores, direction));
        let reference = brute_force_points(&labels, &scores, direction);

        prop_assert_eq!(sweep.len(), reference.len());
        for (point, expected) in sweep.points().zip(&reference) {
            prop_assert_eq!(point.threshold, expected.threshold);
            prop_assert_eq!(point.true_positives, expected.true_positives);
            prop_assert_eq!(point.false_positives, expected.false_positives);
        }
        let auc = mann_whitney_auc(&labels, &scores, direction);
        prop_assert!((sweep.roc_auc() - auc).abs() < 1e-12, "{} vs {}", sweep.roc_auc(), auc);
    }

    #[test]
    fn report_invariant_to_row_order(
        (labels, scores) in labelled_scores(60),
        direction in direction(),
        order_seed in any::<u64>(),
    ) {
        let mut order: Vec<usize> = (0..labels.len()).collect();
        // A seeded Fisher-Yates shuffle driven by a simple LCG.
        let mut state = order_seed | 1;
        for i in (1..order.len()).rev() {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            order.swap(i, (state >> 33) as usize % (i + 1));
        }
        let shuffled_labels: Vec<u8> = order.iter().map(|&i| labels[i]).collect();
        let shuffled_scores: Vec<f64> = order.iter().map(|&i| scores[i]).collect();

        let config = small_config(11);
        let original = sweep(&pairs(&labels, &scores, direction), &config).expect("sweep");
        let shuffled = sweep(&pairs(&shuffled_labels, &shuffled_scores, direction), &config).expect("sweep");

        prop_assert_eq!(&original.sweep, &shuffled.sweep);
        prop_assert_eq!(&original.roc, &shuffled.roc);
        prop_assert_eq!(&original.pr, &shuffled.pr);
        prop_assert_eq!(original.roc_auc, shuffled.roc_auc);
        prop_assert_eq!(original.average_precision, shuffled.average_precision);
        prop_assert_eq!(&original.thresholds, &shuffled.thresholds);
        prop_assert_eq!(&original.shipped, &shuffled.shipped);
    }

    #[test]
    fn sweep_invariant_to_increasing_transform((labels, scores) in labelled_scores(60), transform in 0usize..3) {
        let increasing = |x: f64| match transform {
            0 => 3.0 * x + 7.0,
            1 => x * x * x,
            _ => (x / 10.0).exp(),
        };
        let transformed: Vec<f64> = scores.iter().map(|&x| increasing(x)).collect();
        let original = ThresholdSweep::new(&pairs(&labels, &scores, ScoreDirection::Similarity));
        let mapped = ThresholdSweep::new(&pairs(&labels, &transformed, ScoreDirection::Similarity));

        prop_assert_eq!(original.true_positives(), mapped.true_positives());
        prop_assert_eq!(original.false_positives(), mapped.false_positives());
        for (&threshold, &mapped_threshold) in original.thresholds().iter().zip(mapped.thresholds()) {
            prop_assert_eq!(increasing(threshold), mapped_threshold);
        }
        prop_assert_eq!(original.roc_auc(), mapped.roc_auc());
        prop_assert_eq!(original.average_precision(), mapped.average_precision());
        for pi in BaseRate::DEFAULTS {
            let before = original.select_threshold(rate(pi), target(0.8));
            let after = mapped.select_threshold(rate(pi), target(0.8));
            prop_assert_eq!(before.threshold().map(increasing), after.threshold());
            prop_assert_eq!(before.recall(), after.recall());
        }
    }

    #[test]
    fn auc_of_negated_scores_is_complement(len in 2usize..80, seed in any::<u64>()) {
        // Distinct scores: a seeded permutation of 0..len.
        let mut scores: Vec<f64> = (0..len).map(|i| i as f64).collect();
        let mut state = seed | 1;
        for i in (1..len).rev() {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            scores.swap(i, (state >> 33) as usize % (i + 1));
        }
        let labels: Vec<u8> = (0..len).map(|i| u8::from(i % 3 != 1 || i == 0)).collect();
        let negated: Vec<f64> = scores.iter().map(|&x| -x).collect();

        let auc = ThresholdSweep::new(&pairs(&labels, &scores, ScoreDirection::Similarity)).roc_auc();
        let auc_negated = ThresholdSweep::new(&pairs(&labels, &negated, ScoreDirection::Similarity)).roc_auc();

        prop_assert!((auc + auc_negated - 1.0).abs() < 1e-12, "{} + {}", auc, auc_negated);
    }

    #[test]
    fn distance_equals_negated_similarity((labels, scores) in labelled_scores(60)) {
        let negated: Vec<f64> = scores.iter().map(|&x| -x).collect();
        let distance = ThresholdSweep::new(&pairs(&labels, &scores, ScoreDirection::Distance));
        let similarity = ThresholdSweep::new(&pairs(&labels, &negated, ScoreDirection::Similarity));

        prop_assert_eq!(distance.true_positives(), similarity.true_positives());
        prop_assert_eq!(distance.false_positives(), similarity.false_positives());
        prop_assert_eq!(distance.roc_auc(), similarity.roc_auc());
        for (&d, &s) in distance.thresholds().iter().zip(similarity.thresholds()) {
            prop_assert_eq!(d, -s + 0.0);
        }
    }

    #[test]
    fn reweighted_precision_rises_with_base_rate(
        (labels, scores) in labelled_scores(60),
        low in 0.001f64..0.9,
        gap in 0.001f64..0.099,
    ) {
        let high = low + gap;
        let sweep = ThresholdSweep::new(&pairs(&labels, &scores, ScoreDirection::Similarity));
        for point in sweep.points() {
            let at_low = point.precision_at(rate(low)).expect("real points predict a pair positive");
            let at_high = point.precision_at(rate(high)).expect("defined");
            if point.true_positives > 0 && point.false_positives > 0 {
                prop_assert!(at_high > at_low, "{:?}: {} at {} vs {} at {}", point, at_low, low, at_high, high);
            } else {
                prop_assert_eq!(at_high, at_low);
            }
        }
    }

    #[test]
    fn chosen_threshold_never_falls_as_base_rate_falls(
        (labels, scores) in labelled_scores(80),
        direction in direction(),
        precision_target in 0.3f64..1.0,
    ) {
        let sweep = ThresholdSweep::new(&pairs(&labels, &scores, direction));
        let base_rates = [0.9, 0.5, 0.2, 0.05, 0.01, 0.001];
        let choices: Vec<_> = base_rates
            .iter()
            .map(|&pi| sweep.select_threshold(rate(pi), target(precision_target)))
            .collect();
        for pair in choices.windows(2) {
            match (pair[0].threshold(), pair[1].threshold()) {
                // Stricter means higher for similarities, lower for distances.
                (Some(higher_pi), Some(lower_pi)) => prop_assert!(
                    !direction.predicts_positive(higher_pi, lower_pi) || higher_pi == lower_pi,
                    "{:?} then {:?}", pair[0], pair[1]
                ),
                (None, Some(_)) => prop_assert!(false, "reachable at a lower base rate only: {:?}", pair),
                _ => {}
            }
            prop_assert!(pair[1].recall() <= pair[0].recall());
        }
    }

    #[test]
    fn unit_vector_distance_matches_cosine(
        (left, right) in (2usize..64).prop_flat_map(|dim| (
            prop::collection::vec(-10.0f32..10.0, dim),
            prop::collection::vec(-10.0f32..10.0, dim),
        )),
    ) {
        prop_assume!(left.iter().any(|&x| x != 0.0) && right.iter().any(|&x| x != 0.0));
        let cosine = Similarity::Cosine.score(&left, &right).expect("cosine");
        let distance = Similarity::L2Normalized.score(&left, &right).expect("distance");

        prop_assert!((distance * distance - (2.0 - 2.0 * cosine)).abs() < 1e-9, "{} vs {}", distance, cosine);
    }

    #[test]
    fn cosine_invariant_to_positive_scaling(
        (left, right) in (2usize..64).prop_flat_map(|dim| (
            prop::collection::vec(-10.0f32..10.0, dim),
            prop::collection::vec(-10.0f32..10.0, dim),
        )),
        scale in 0.01f32..100.0,
    ) {
        prop_assume!(left.iter().any(|&x| x != 0.0) && right.iter().any(|&x| x != 0.0));
        let scaled: Vec<f32> = left.iter().map(|&x| x * scale).collect();

        let cosine = Similarity::Cosine.score(&left, &right).expect("cosine");
        let cosine_scaled = Similarity::Cosine.score(&scaled, &right).expect("cosine");
        let distance = Similarity::L2Normalized.score(&left, &right).expect("distance");
        let distance_scaled = Similarity::L2Normalized.score(&scaled, &right).expect("distance");

        prop_assert!((cosine - cosine_scaled).abs() < 1e-6, "{} vs {}", cosine, cosine_scaled);
        prop_assert!((distance - distance_scaled).abs() < 1e-5, "{} vs {}", distance, distance_scaled);
    }
}
