//! Regression tests for metric faults that real tools have shipped. Each
//! test pins the listed input and checks the whole kind of fault where a
//! wider check is possible.

mod common;

use common::{brute_force_points, rate, similarity_pairs, target, try_pairs};
use simcal_sweep::pairs::{ReadOptions, read_scored_pairs_csv};
use simcal_sweep::{
    BaseRate, Label, PairsError, ScoreDirection, Similarity, SimilarityError, SweepConfig,
    ThresholdStatus, ThresholdSweep, sweep,
};

fn assert_close(actual: f64, expected: f64, what: &str) {
    assert!(
        (actual - expected).abs() < 1e-12,
        "{what}: got {actual}, expected {expected}"
    );
}

// Phantom end point, tied top block.

#[test]
fn tied_top_block_gives_only_real_points() {
    let pairs = similarity_pairs(&[0, 0, 1, 1, 0], &[0.8, 0.8, 0.8, 0.2, 0.2]);
    let sweep = ThresholdSweep::new(&pairs);
    let pr = sweep.pr_curve();

    assert_eq!(pr.points.len(), 2, "one point per distinct score: {pr:?}");
    assert_eq!(pr.points[0].threshold, 0.8);
    assert_close(pr.points[0].precision, 1.0 / 3.0, "precision at .8");
    assert_close(pr.points[0].recall, 0.5, "recall at .8");
    assert_eq!(pr.points[1].threshold, 0.2);
    assert_close(pr.points[1].precision, 0.4, "precision at .2");
    assert_close(pr.points[1].recall, 1.0, "recall at .2");
    assert!(
        !pr.points.iter().any(|point| point.recall == 0.0),
        "no (recall 0, precision 1) end point"
    );

    let roc = sweep.roc_curve();
    assert_eq!(
        roc.points.len(),
        2,
        "no ROC origin without a threshold: {roc:?}"
    );
}

#[test]
fn tied_top_block_target_is_unreachable() {
    let pairs = similarity_pairs(&[0, 0, 1, 1, 0], &[0.8, 0.8, 0.8, 0.2, 0.2]);
    let sweep = ThresholdSweep::new(&pairs);

    // 0.4 is this sample's own base rate, where reweighted precision equals
    // the sample precision.
    for base_rate in [0.4, 0.5, 0.2, 0.05, 0.01] {
        let choice = sweep.select_threshold(rate(base_rate), target(0.95));
        assert_eq!(
            choice.status,
            ThresholdStatus::Unreachable,
            "base rate {base_rate}"
        );
        assert_eq!(choice.threshold(), None, "base rate {base_rate}");
        assert_eq!(choice.recall(), 0.0, "base rate {base_rate}");
    }
}

/// The whole kind: wherever the tied block sits and whatever it holds, every
/// point has a threshold that is a score of the data.
#[test]
fn every_curve_point_is_a_real_score() {
    let cases: [(&[u8], &[f64]); 4] = [
        (&[1, 1, 0, 0, 1], &[0.7, 0.7, 0.7, 0.1, 0.1]),
        (&[0, 1, 0, 1], &[0.3, 0.3, 0.3, 0.3]),
        (&[1, 0, 0, 1, 1, 0], &[0.9, 0.9, 0.4, 0.4, 0.1, 0.1]),
        (&[1, 1, 0], &[0.6, 0.6, 0.2]),
    ];
    for (labels, scores) in cases {
        let sweep = ThresholdSweep::new(&similarity_pairs(labels, scores));
        let reference = brute_force_points(labels, scores, ScoreDirection::Similarity);
        let thresholds: Vec<f64> = sweep
            .pr_curve()
            .points
            .iter()
            .map(|point| point.threshold)
            .collect();
        let expected: Vec<f64> = reference.iter().map(|point| point.threshold).collect();
        assert_eq!(thresholds, expected, "labels {labels:?}");
    }
}

/// An all-positive tied top block does reach a strict target: the fix must
/// not make tied blocks unreachable in general.
#[test]
fn pure_tied_top_block_reaches_target() {
    let pairs = similarity_pairs(&[1, 1, 0, 1, 0], &[0.9, 0.9, 0.5, 0.5, 0.1]);
    let choice = ThresholdSweep::new(&pairs).select_threshold(rate(0.5), target(0.95));

    assert_eq!(choice.threshold(), Some(0.9));
    assert_close(choice.recall(), 2.0 / 3.0, "recall");
}

// Precision when nothing is predicted positive.

#[test]
fn precision_is_undefined_above_top_score() {
    let pairs = similarity_pairs(&[1, 0, 0], &[0.9, 0.5, 0.1]);
    let sweep = ThresholdSweep::new(&pairs);

    let expected = [(0.9, 1.0), (0.5, 0.5), (0.1, 1.0 / 3.0)];
    for (point, (threshold, precision)) in sweep.points().zip(expected) {
        assert_eq!(point.threshold, threshold);
        assert_close(
            point.sample_precision().expect("defined"),
            precision,
            "precision",
        );
        assert_close(point.recall(), 1.0, "recall");
    }

    for threshold in [0.95, 1.0, f64::MAX] {
        let above = sweep.counts_at(threshold);
        assert_eq!(above.sample_precision(), None, "threshold {threshold}");
        assert_eq!(above.precision_at(rate(0.5)), None, "threshold {threshold}");
        assert_eq!(above.recall(), 0.0, "threshold {threshold}");
        assert!(!target(0.01).is_met_by(above.precision_at(rate(0.5))));
    }
}

/// The whole kind for distances: below the lowest distance nothing is
/// predicted positive.
#[test]
fn precision_is_undefined_below_lowest_distance() {
    let pairs = common::pairs(&[1, 0, 0], &[0.1, 0.5, 0.9], ScoreDirection::Distance);
    let sweep = ThresholdSweep::new(&pairs);

    let below = sweep.counts_at(0.05);
    assert_eq!((below.true_positives, below.false_positives), (0, 0));
    assert_eq!(below.precision_at(rate(0.2)), None);

    let at_lowest = sweep.counts_at(0.1);
    assert_eq!(
        (at_lowest.true_positives, at_lowest.false_positives),
        (1, 0)
    );
    let between = sweep.counts_at(0.7);
    assert_eq!((between.true_positives, between.false_positives), (1, 1));
}

/// A shipped threshold that predicts nothing has undefined precision at
/// every base rate, not precision 1 or 0.
#[test]
fn shipped_threshold_above_all_scores_has_no_precision() {
    let pairs = similarity_pairs(&[1, 0, 0], &[0.9, 0.5, 0.1]);
    let shipped = ThresholdSweep::new(&pairs).shipped_threshold(0.99, &BaseRate::defaults());

    assert_eq!(shipped.point.recall(), 0.0);
    for at_base_rate in &shipped.at_base_rates {
        assert_eq!(at_base_rate.precision, None, "{at_base_rate:?}");
    }
}

// A block of tied scores is one step.

#[test]
fn tied_block_auc_ignores_row_order() {
    let labels = [1u8, 0, 1, 0];
    let scores = [0.9, 0.5, 0.5, 0.1];
    for order in permutations(4) {
        let permuted_labels: Vec<u8> = order.iter().map(|&i| labels[i]).collect();
        let permuted_scores: Vec<f64> = order.iter().map(|&i| scores[i]).collect();
        let sweep = ThresholdSweep::new(&similarity_pairs(&permuted_labels, &permuted_scores));
        assert_eq!(sweep.roc_auc(), 0.875, "order {order:?}");
        assert_eq!(sweep.len(), 3, "order {order:?}");
    }
}

#[test]
fn constant_scores_give_auc_one_half() {
    let sweep = ThresholdSweep::new(&similarity_pairs(&[1, 1, 0, 0], &[0.3, 0.3, 0.3, 0.3]));

    assert_eq!(sweep.roc_auc(), 0.5);
    assert_eq!(sweep.len(), 1);
}

/// Positive and negative zero are the same score, so one threshold.
#[test]
fn signed_zeros_form_one_tied_block() {
    let sweep = ThresholdSweep::new(&similarity_pairs(&[1, 0, 1, 0], &[0.0, -0.0, 0.5, -0.0]));

    assert_eq!(sweep.len(), 2);
    assert_eq!(
        sweep.roc_auc(),
        common::mann_whitney_auc(
            &[1, 0, 1, 0],
            &[0.0, -0.0, 0.5, -0.0],
            ScoreDirection::Similarity
        )
    );
    assert_eq!(sweep.roc_auc(), 0.75);
    assert_eq!(
        sweep.thresholds()[1].to_bits(),
        0.0f64.to_bits(),
        "reported as +0"
    );
}

// Average precision is not the trapezoid.

#[test]
fn average_precision_of_constant_scores() {
    let sweep = ThresholdSweep::new(&similarity_pairs(&[1, 0, 1, 0], &[0.5, 0.5, 0.5, 0.5]));

    assert_eq!(sweep.average_precision(), 0.5);
}

#[test]
fn average_precision_is_step_wise_not_trapezoid() {
    let sweep = ThresholdSweep::new(&similarity_pairs(&[0, 0, 1, 1], &[0.1, 0.4, 0.35, 0.8]));
    let average_precision = sweep.average_precision();

    assert_close(average_precision, 5.0 / 6.0, "AP");
    let pr = sweep.pr_curve();
    let mut trapezoid = 0.0;
    let mut previous = (0.0, 1.0);
    for point in &pr.points {
        trapezoid += (point.recall - previous.0) * (point.precision + previous.1) / 2.0;
        previous = (point.recall, point.precision);
    }
    assert!((trapezoid - 0.7917).abs() < 1e-4, "trapezoid {trapezoid}");
    assert!((average_precision - trapezoid).abs() > 0.04);
}

// One class only.

#[test]
fn one_class_only_is_rejected() {
    for labels in [[1u8, 1, 1], [0, 0, 0]] {
        let error = try_pairs(&labels, &[0.1, 0.5, 0.9], ScoreDirection::Similarity)
            .expect_err("one class");
        let missing = if labels[0] == 1 {
            Label::Negative
        } else {
            Label::Positive
        };
        assert!(
            matches!(error, PairsError::MissingClass { missing: m, rows: 3, .. } if m == missing),
            "{error:?}"
        );
        let message = error.to_string();
        assert!(message.contains("undefined"), "{message}");
        assert!(
            message.contains(&format!("no {missing} pairs")),
            "{message}"
        );
    }
}

#[test]
fn one_class_csv_group_rejected() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("scores.csv");
    std::fs::write(
        &path,
        "pair_id,label,score,encoder\na,1,0.9,clip\nb,0,0.1,clip\nc,1,0.8,dino\nd,1,0.7,dino\n",
    )
    .expect("write");

    let error =
        read_scored_pairs_csv(&path, &ReadOptions::default()).expect_err("dino has no negatives");
    let message = error.to_string();
    assert!(message.contains("scores.csv"), "{message}");
    assert!(message.contains("encoder `dino`"), "{message}");
    assert!(message.contains("no negative pairs"), "{message}");
}

/// The smallest valid input, one pair per class, runs the full default
/// sweep: the bootstrap keeps both classes in every resample and the
/// held-out check is skipped with its reason instead of failing.
#[test]
fn one_pair_per_class_runs_full_sweep() {
    let pairs = similarity_pairs(&[1, 0], &[0.7, 0.2]);
    let report = sweep(&pairs, &SweepConfig::default()).expect("sweep");

    assert_eq!(report.roc_auc, 1.0);
    assert!(matches!(
        report.heldout,
        simcal_sweep::HeldOutOutcome::Skipped { .. }
    ));
    for row in &report.thresholds {
        let estimate = row.bootstrap.expect("bootstrap ran");
        assert_eq!(estimate.resamples, 1000);
        assert_eq!(estimate.reached_resamples, 1000, "{row:?}");
    }
}

// NaN or infinite scores.

#[test]
fn nan_score_is_rejected_with_row() {
    let error = try_pairs(&[0, 1], &[f64::NAN, 0.3], ScoreDirection::Similarity).expect_err("NaN");

    assert!(
        matches!(&error, PairsError::NonFiniteScore { location: simcal_sweep::pairs::Location::Row(1), pair_id, .. } if pair_id == "p0"),
        "{error:?}"
    );
    assert!(error.to_string().contains("row 1"), "{error}");
}

#[test]
fn every_non_finite_score_is_rejected() {
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -f64::NAN] {
        for position in 0..3 {
            let mut scores = [0.2, 0.4, 0.6];
            scores[position] = bad;
            let error =
                try_pairs(&[1, 0, 1], &scores, ScoreDirection::Distance).expect_err("non-finite");
            let expected_row = format!("row {}", position + 1);
            assert!(
                error.to_string().contains(&expected_row),
                "{bad} at {position}: {error}"
            );
        }
    }
}

#[test]
fn non_finite_csv_scores_name_file_and_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (text, kind) in [
        ("NaN", "not finite"),
        ("inf", "not finite"),
        ("-infinity", "not finite"),
        ("abc", "invalid score"),
        ("", "invalid score"),
    ] {
        let path = dir.path().join("scores.csv");
        std::fs::write(
            &path,
            format!("pair_id,label,score\na,0,0.5\nb,1,{text}\nc,1,0.3\n"),
        )
        .expect("write");

        let message = read_scored_pairs_csv(&path, &ReadOptions::default())
            .expect_err("bad score")
            .to_string();
        assert!(message.contains("scores.csv"), "{text}: {message}");
        assert!(message.contains("line 3"), "{text}: {message}");
        assert!(message.contains(kind), "{text}: {message}");
    }
}

/// NaN can also arise upstream, when a similarity is computed from a zero
/// or non-finite vector: those fail there instead of producing a score.
#[test]
fn similarity_never_returns_nan() {
    let zero = [0.0f32, 0.0, 0.0];
    let unit = [1.0f32, 0.0, 0.0];
    for similarity in [Similarity::Cosine, Similarity::L2Normalized] {
        assert!(matches!(
            similarity.score(&zero, &unit),
            Err(SimilarityError::ZeroVector { .. })
        ));
        assert!(matches!(
            similarity.score(&unit, &zero),
            Err(SimilarityError::ZeroVector { .. })
        ));
    }
    assert_eq!(Similarity::L2.score(&zero, &unit), Ok(1.0));
    for similarity in Similarity::ALL {
        let with_nan = [1.0f32, f32::NAN, 0.0];
        assert!(matches!(
            similarity.score(&with_nan, &unit),
            Err(SimilarityError::NonFiniteComponent { index: 1, .. })
        ));
        assert!(matches!(
            similarity.score(&unit, &[1.0, 2.0]),
            Err(SimilarityError::DimensionMismatch { left: 3, right: 2 })
        ));
    }
}

// Precision at another base rate.

/// 10 positives (9 above the threshold) and 100 negatives (1 above) give
/// TPR .9 and FPR .01.
#[test]
fn precision_reweighted_from_rates() {
    let mut labels = vec![1u8; 10];
    labels.extend(vec![0u8; 100]);
    let mut scores = vec![0.9; 9];
    scores.push(0.1);
    scores.push(0.9);
    scores.extend(vec![0.1; 99]);
    let sweep = ThresholdSweep::new(&similarity_pairs(&labels, &scores));
    let point = sweep.point(0).expect("point at 0.9");

    assert_close(point.tpr(), 0.9, "TPR");
    assert_close(point.fpr(), 0.01, "FPR");
    for (pi, expected) in [
        (0.5, 0.989011),
        (0.2, 0.957447),
        (0.05, 0.825688),
        (0.01, 0.476190),
    ] {
        let precision = point.precision_at(rate(pi)).expect("defined");
        assert!((precision - expected).abs() < 5e-7, "pi {pi}: {precision}");
    }
}

#[test]
fn zero_false_positives_report_negatives_behind() {
    let sweep = ThresholdSweep::new(&similarity_pairs(
        &[1, 1, 0, 0, 0],
        &[0.9, 0.4, 0.5, 0.2, 0.1],
    ));
    let point = sweep.point(0).expect("point at 0.9");

    for pi in BaseRate::DEFAULTS {
        assert_eq!(point.precision_at(rate(pi)), Some(1.0));
        let guard = point.resolution(rate(pi), target(0.95));
        assert_eq!(guard.negatives, 3);
        assert_eq!(guard.false_positives, 0);
        assert_eq!(guard.fpr_upper_bound, Some(1.0));
        assert!(guard.insufficient_negatives);
    }
}

// Resolution of the negative set.

/// Positives and negatives whose top block holds `top_positives` positives
/// and no negative, so the target is reached only on zero false positives.
fn separated(top_positives: usize, other_positives: usize, negatives: usize) -> ThresholdSweep {
    let mut labels = vec![1u8; top_positives + other_positives];
    labels.extend(vec![0u8; negatives]);
    let mut scores = vec![0.9; top_positives];
    scores.extend(vec![0.3; other_positives]);
    scores.extend((0..negatives).map(|i| 0.5 - 0.4 * (i as f64) / (negatives as f64)));
    ThresholdSweep::new(&similarity_pairs(&labels, &scores))
}

#[test]
fn few_negatives_flag_insufficient_at_one_percent() {
    let sweep = separated(50, 50, 1000);
    let choice = sweep.select_threshold(rate(0.01), target(0.95));

    assert_eq!(choice.status, ThresholdStatus::InsufficientNegatives);
    assert_eq!(choice.threshold(), Some(0.9));
    assert_eq!(choice.precision, Some(1.0));
    let guard = choice.guard.expect("guard");
    assert_eq!(guard.fpr_upper_bound, Some(0.003));
    let lower = guard.precision_lower_bound.expect("bound");
    let expected = 0.01 * 0.5 / (0.01 * 0.5 + 0.99 * 0.003);
    assert_close(lower, expected, "precision lower bound");
    assert!(lower < 0.95);

    // At 50/50 the same 1,000 negatives do confirm the target.
    let balanced = sweep.select_threshold(rate(0.5), target(0.95));
    assert_eq!(balanced.status, ThresholdStatus::Reached);
}

#[test]
fn enough_negatives_confirm_target_at_one_percent() {
    // 3/N must not exceed 5.3e-4 * TPR = 2.66e-4 at TPR .5: N >= 11,286.
    let sweep = separated(50, 50, 20_000);
    let top = sweep.point(0).expect("point at 0.9");
    let guard = top.resolution(rate(0.01), target(0.95));

    assert_eq!(top.false_positives, 0);
    assert!(!guard.insufficient_negatives);
    assert!(guard.precision_lower_bound.expect("bound") >= 0.95);

    // With this many negatives a few false positives fit under the target,
    // so the chosen threshold moves below the top block onto measured FPR.
    let choice = sweep.select_threshold(rate(0.01), target(0.95));
    assert_eq!(choice.status, ThresholdStatus::Reached);
    let chosen = choice.point.expect("reached");
    assert!(chosen.threshold < 0.9);
    assert!((1..=5).contains(&chosen.false_positives), "{chosen:?}");
    assert!(choice.precision.expect("defined") >= 0.95);
}

/// Once false positives are observed the FPR is measured, not bounded.
#[test]
fn observed_false_positive_needs_no_bound() {
    let sweep = ThresholdSweep::new(&similarity_pairs(&[1, 1, 0, 0], &[0.9, 0.8, 0.85, 0.1]));
    let guard = sweep
        .point(2)
        .expect("point at 0.8")
        .resolution(rate(0.5), target(0.5));

    assert_eq!(guard.false_positives, 1);
    assert_eq!(guard.fpr_upper_bound, None);
    assert!(!guard.insufficient_negatives);
}

fn permutations(len: usize) -> Vec<Vec<usize>> {
    if len == 0 {
        return vec![Vec::new()];
    }
    let mut all = Vec::new();
    for shorter in permutations(len - 1) {
        for position in 0..=shorter.len() {
            let mut order = shorter.clone();
            order.insert(position, len - 1);
            all.push(order);
        }
    }
    all
}
