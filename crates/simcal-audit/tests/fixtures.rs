//! Threshold log analysis, bucket check and recalibration on the files in
//! `fixtures/audit`. Expected values are counted by hand from the fixtures;
//! Wilson bounds and thresholds were computed independently with Python
//! (scipy 1.17 `binomtest(...).proportion_ci(method="wilson")`, and a plain
//! loop over thresholds of `pi*TPR / (pi*TPR + (1-pi)*FPR)`).

use std::path::PathBuf;

use simcal_audit::{
    BaseRateSource, analyze_threshold_log, check_bucket, read_bucket, read_estimate,
    read_pair_labels, read_threshold_log, recalibrate, scores_by_pair_id,
};
use simcal_sweep::pairs::{ReadOptions, read_scored_pairs_csv};
use simcal_sweep::{PrecisionTarget, ThresholdStatus, ThresholdSweep};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/audit")
        .join(name)
}

fn assert_close(actual: f64, expected: f64, quantity: &str) {
    assert!(
        (actual - expected).abs() < 1e-9,
        "{quantity}: {actual}, expected {expected}"
    );
}

#[test]
fn log_analysis_splits_precision_by_version() {
    let records = read_threshold_log(&fixture("threshold-log.jsonl")).unwrap();
    let labels = read_pair_labels(&fixture("threshold-log-labels.csv")).unwrap();
    assert_eq!(records.len(), 11);
    assert_eq!(labels.len(), 7);

    let analysis = analyze_threshold_log(&records, &labels, 0.95).unwrap();
    assert_eq!(analysis.unlabelled_decisions, 2);
    assert_eq!(analysis.versions.len(), 2);

    let v1 = &analysis.versions[0];
    assert_eq!(v1.threshold_version, "v1");
    assert_eq!(v1.thresholds, vec![0.9]);
    assert_eq!(v1.encoder_ids, vec!["clip-b32".to_string()]);
    assert_eq!(
        (
            v1.decisions,
            v1.flagged,
            v1.flagged_labelled,
            v1.true_positives
        ),
        (6, 4, 3, 2)
    );
    assert_eq!((v1.distinct_labelled, v1.missed_positives), (2, 1));
    assert_close(v1.precision.unwrap(), 2.0 / 3.0, "v1 precision");
    let v1_interval = v1.precision_interval.unwrap();
    assert_close(v1_interval.low, 0.207_659_600_802_047_82, "v1 Wilson low");
    assert_close(v1_interval.high, 0.938_508_055_279_603_8, "v1 Wilson high");
    assert_eq!(v1.first_time.to_rfc3339(), "2025-01-06T09:00:00+00:00");
    assert_eq!(v1.last_time.to_rfc3339(), "2025-01-08T08:00:00+00:00");

    let v2 = &analysis.versions[1];
    assert_eq!(v2.threshold_version, "v2");
    assert_eq!(v2.thresholds, vec![0.95]);
    assert_eq!(
        (
            v2.decisions,
            v2.flagged,
            v2.flagged_labelled,
            v2.true_positives
        ),
        (5, 3, 3, 3)
    );
    assert_eq!((v2.distinct_labelled, v2.missed_positives), (1, 0));
    assert_close(v2.precision.unwrap(), 1.0, "v2 precision");
    let v2_interval = v2.precision_interval.unwrap();
    assert_close(v2_interval.low, 0.438_502_968_244_954_6, "v2 Wilson low");
    assert_close(v2_interval.high, 1.0, "v2 Wilson high");
}

#[test]
fn bucket_check_finds_crossings_moves_and_missing() {
    let bucket = read_bucket(&fixture("bucket.json")).unwrap();
    let groups =
        read_scored_pairs_csv(&fixture("bucket-new-scores.csv"), &ReadOptions::default()).unwrap();
    assert_eq!(groups.len(), 1);
    let new_scores = scores_by_pair_id(&groups[0].pairs);

    let check = check_bucket(&bucket, &new_scores, 0.92).unwrap();
    assert_eq!(check.crossing, vec!["hn1".to_string(), "hn5".to_string()]);
    assert_eq!(check.missing, vec!["hn4".to_string()]);
    let moved: Vec<&str> = check
        .rescored
        .iter()
        .map(|entry| entry.pair_id.as_str())
        .collect();
    assert_eq!(moved, vec!["hn2", "hn5", "hn1", "hn3"]);
    assert_close(check.rescored[0].score_change, 0.70 - 0.88, "hn2 change");
    assert!(check.any_crossing());

    let strict = check_bucket(&bucket, &new_scores, 0.94).unwrap();
    assert!(!strict.any_crossing());
    assert!(strict.rescored.iter().all(|entry| !entry.crosses));
}

#[test]
fn recalibration_picks_threshold_at_each_base_rate() {
    let estimate = read_estimate(&fixture("estimate.json")).unwrap();
    assert_close(estimate.prevalence, 0.156, "fixture prevalence");
    let groups =
        read_scored_pairs_csv(&fixture("calibration-scores.csv"), &ReadOptions::default()).unwrap();
    let sweep = ThresholdSweep::new(&groups[0].pairs);
    let target = PrecisionTarget::new(0.95).unwrap();

    let recalibrations = recalibrate(&sweep, &estimate, target);
    let expected = [
        (
            BaseRateSource::IntervalLow,
            0.082_600_370_097_528_7,
            0.8724,
            40.0 / 60.0,
        ),
        (BaseRateSource::Estimate, 0.156, 0.8427, 46.0 / 60.0),
        (
            BaseRateSource::IntervalHigh,
            0.229_399_629_902_471_3,
            0.8161,
            50.0 / 60.0,
        ),
    ];
    assert_eq!(recalibrations.len(), 3);
    for (recalibration, (source, base_rate, threshold, recall)) in
        recalibrations.iter().zip(expected)
    {
        assert_eq!(recalibration.source, source);
        assert_close(recalibration.base_rate, base_rate, "base rate");
        let choice = recalibration.choice.unwrap();
        assert_eq!(choice.status, ThresholdStatus::Reached, "{source:?}");
        assert_close(
            choice.threshold().unwrap(),
            threshold,
            &format!("{source:?} threshold"),
        );
        assert_close(choice.recall(), recall, &format!("{source:?} recall"));
    }
}
