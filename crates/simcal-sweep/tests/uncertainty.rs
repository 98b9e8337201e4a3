//! Bootstrap intervals and the held-out check.

mod common;

use common::{rate, similarity_pairs, target};
use simcal_sweep::{
    BootstrapConfig, HeldOutConfig, PrecisionTarget, ThresholdSweep, bootstrap_thresholds,
    heldout_check,
};

/// 200 positives and 800 negatives whose scores overlap, so the chosen
/// threshold varies between resamples.
fn overlapping_sweep() -> ThresholdSweep {
    let mut labels = Vec::new();
    let mut scores = Vec::new();
    for i in 0..1000u32 {
        let positive = i % 5 == 0;
        labels.push(u8::from(positive));
        let noise = f64::from((i * 7919) % 1000) / 1000.0;
        scores.push(if positive {
            0.4 + 0.6 * noise
        } else {
            0.7 * noise
        });
    }
    ThresholdSweep::new(&similarity_pairs(&labels, &scores))
}

fn targets() -> Vec<(simcal_sweep::BaseRate, PrecisionTarget)> {
    vec![(rate(0.5), target(0.95)), (rate(0.05), target(0.95))]
}

#[test]
fn bootstrap_is_reproducible_and_seed_dependent() {
    let sweep = overlapping_sweep();
    let config = BootstrapConfig {
        resamples: 200,
        seed: 42,
        ..BootstrapConfig::default()
    };

    let first = bootstrap_thresholds(&sweep, &targets(), &config);
    let second = bootstrap_thresholds(&sweep, &targets(), &config);
    let other_seed =
        bootstrap_thresholds(&sweep, &targets(), &BootstrapConfig { seed: 43, ..config });

    assert_eq!(first, second);
    assert_ne!(first, other_seed);
}

#[test]
fn bootstrap_is_independent_of_thread_count() {
    let sweep = overlapping_sweep();
    let config = BootstrapConfig {
        resamples: 100,
        seed: 5,
        ..BootstrapConfig::default()
    };

    let default_pool = bootstrap_thresholds(&sweep, &targets(), &config);
    let one_thread = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool")
        .install(|| bootstrap_thresholds(&sweep, &targets(), &config));

    assert_eq!(default_pool, one_thread);
}

#[test]
fn bootstrap_interval_contains_point_estimate() {
    let sweep = overlapping_sweep();
    let config = BootstrapConfig {
        resamples: 400,
        seed: 1,
        ..BootstrapConfig::default()
    };

    for (estimate, (base_rate, precision_target)) in
        bootstrap_thresholds(&sweep, &targets(), &config)
            .iter()
            .zip(targets())
    {
        let choice = sweep.select_threshold(base_rate, precision_target);
        let threshold = choice.threshold().expect("reachable on the full data");
        let interval = estimate.threshold.expect("reached in some resamples");
        assert!(interval.low < interval.high, "{estimate:?}");
        assert!(
            interval.contains(threshold),
            "{threshold} outside {interval:?}"
        );
        assert!(
            estimate
                .recall
                .expect("recall interval")
                .contains(choice.recall())
        );
        assert!(estimate.reached_resamples > 350, "{estimate:?}");
        // Every interval bound is a threshold that occurs in the data.
        assert!(sweep.thresholds().contains(&interval.low));
        assert!(sweep.thresholds().contains(&interval.high));
    }
}

/// Perfectly separated data with a precision target of 1: every training
/// split picks a threshold that also separates the held-out fold.
#[test]
fn heldout_on_separated_data_is_perfect() {
    let labels: Vec<u8> = (0..40).map(|i| u8::from(i < 10)).collect();
    let scores: Vec<f64> = (0..40)
        .map(|i| {
            if i < 10 {
                0.9 - 0.01 * i as f64
            } else {
                0.5 - 0.01 * i as f64
            }
        })
        .collect();
    let sweep = ThresholdSweep::new(&similarity_pairs(&labels, &scores));

    let estimates = heldout_check(
        &sweep,
        &[(rate(0.5), target(1.0))],
        &HeldOutConfig { folds: 5, seed: 9 },
        "test",
    )
    .expect("enough pairs");

    let estimate = estimates[0];
    assert_eq!(estimate.folds_reached, 5);
    assert_eq!(estimate.positives, 10);
    assert_eq!(estimate.negatives, 30);
    assert_eq!(estimate.false_positives, 0);
    assert_eq!(estimate.precision, Some(1.0));
    // Each training split chooses its own lowest positive score, which can
    // sit above the held-out fold's lowest positive: recall may drop below 1.
    assert!(estimate.recall.expect("recall") >= 0.8, "{estimate:?}");
}

/// The held-out fold's counts at a training threshold include held-out
/// pairs at scores absent from the training split.
#[test]
fn heldout_counts_every_heldout_pair() {
    let sweep = overlapping_sweep();
    let estimates = heldout_check(
        &sweep,
        &targets(),
        &HeldOutConfig { folds: 4, seed: 2 },
        "test",
    )
    .expect("check");

    for estimate in &estimates {
        assert_eq!(estimate.folds_reached, 4, "{estimate:?}");
        assert_eq!(estimate.positives, 200);
        assert_eq!(estimate.negatives, 800);
        let full = sweep.select_threshold(estimate.base_rate, estimate.precision_target);
        let heldout_recall = estimate.recall.expect("recall");
        assert!(
            (heldout_recall - full.recall()).abs() < 0.15,
            "{heldout_recall} vs {}",
            full.recall()
        );
    }
}

#[test]
fn heldout_needs_a_pair_per_fold() {
    let sweep = ThresholdSweep::new(&similarity_pairs(
        &[1, 1, 0, 0, 0],
        &[0.9, 0.8, 0.3, 0.2, 0.1],
    ));

    let error = heldout_check(
        &sweep,
        &targets(),
        &HeldOutConfig { folds: 3, seed: 0 },
        "scores.csv",
    )
    .expect_err("two positives, three folds");

    let message = error.to_string();
    assert!(message.contains("scores.csv"), "{message}");
    assert!(message.contains("3 positive pairs"), "{message}");
    assert!(message.contains("there are 2"), "{message}");
}

/// When a quarter of the resamples cannot reach the target (both positive
/// draws miss the top score), a 95% threshold interval cannot have its
/// coverage, so none is given; the recall interval counts those as 0.
#[test]
fn bootstrap_omits_interval_when_often_unreachable() {
    let sweep = ThresholdSweep::new(&similarity_pairs(&[1, 0, 1, 0], &[0.9, 0.5, 0.5, 0.1]));
    let config = BootstrapConfig {
        resamples: 1000,
        seed: 8,
        ..BootstrapConfig::default()
    };

    let estimate = bootstrap_thresholds(&sweep, &[(rate(0.5), target(0.95))], &config)[0];

    assert!(
        (650..850).contains(&estimate.reached_resamples),
        "{estimate:?}"
    );
    assert_eq!(estimate.threshold, None);
    let recall = estimate.recall.expect("recall interval");
    assert_eq!(recall.low, 0.0);
    assert_eq!(recall.high, 1.0);
}
