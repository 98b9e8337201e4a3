//! Prevalence estimates, Wilson intervals and week-on-week alerts against
//! values computed independently with scipy 1.17
//! (`scipy.stats.binomtest(k, n).proportion_ci(method="wilson")` and the
//! stratified variance formula written out in Python).

use simcal_audit::{
    AuditRow, AuditSheet, BandShares, BandVariance, DriftOptions, EstimateOptions,
    PrevalenceEstimate, ScoreBands, compare_weeks, estimate_prevalence, parse_estimate,
    wilson_interval, z_for_confidence,
};

const TOLERANCE: f64 = 1e-9;

fn assert_close(actual: f64, expected: f64, quantity: &str) {
    assert!(
        (actual - expected).abs() < TOLERANCE,
        "{quantity}: {actual}, expected {expected}"
    );
}

/// Builds a labelled sheet with `labelled[h]` rows in band `h`, the first
/// `positives[h]` of them positive, and shares with `stream_counts`.
fn audit(
    stream_counts: [u64; 3],
    labelled: [u64; 3],
    positives: [u64; 3],
) -> (AuditSheet, BandShares) {
    let bands = ScoreBands::default();
    let band_scores = [0.35, 0.8, 0.95];
    let mut rows = Vec::new();
    for band in 0..3 {
        for index in 0..labelled[band] {
            rows.push(AuditRow {
                item_id: format!("band{band}-item{index}"),
                score: band_scores[band],
                band,
                label: Some(index < positives[band]),
            });
        }
    }
    let ids = rows.iter().map(|row| row.item_id.clone()).collect();
    let shares = BandShares::new(bands, stream_counts.to_vec(), 0, 50, ids).unwrap();
    (AuditSheet::new(rows).unwrap(), shares)
}

/// Estimates with the plug-in variance `p (1 - p)`, the textbook formula.
fn estimate_at(
    level: f64,
    stream_counts: [u64; 3],
    labelled: [u64; 3],
    positives: [u64; 3],
) -> PrevalenceEstimate {
    let (sheet, shares) = audit(stream_counts, labelled, positives);
    let options = EstimateOptions {
        confidence_level: level,
        band_variance: BandVariance::PlugIn,
    };
    estimate_prevalence(&sheet, &shares, &options).unwrap()
}

#[test]
fn wilson_matches_scipy() {
    let cases = [
        (
            8,
            10,
            0.95,
            0.490_162_471_536_641_8,
            0.943_317_848_545_624_8,
        ),
        (0, 50, 0.95, 0.0, 0.071_347_599_133_358_72),
        (50, 50, 0.95, 0.928_652_400_866_641_2, 1.0),
        (
            13,
            47,
            0.95,
            0.169_365_633_696_826_42,
            0.417_585_636_248_788_86,
        ),
        (
            1,
            3,
            0.90,
            0.078_265_726_333_728_41,
            0.746_466_131_718_775_8,
        ),
        (
            37,
            150,
            0.99,
            0.168_030_976_324_246_3,
            0.346_764_247_159_148_94,
        ),
    ];
    for (successes, trials, level, low, high) in cases {
        let z = z_for_confidence(level).unwrap();
        let interval = wilson_interval(successes, trials, z).unwrap();
        assert_close(
            interval.low,
            low,
            &format!("{successes}/{trials} at {level} low"),
        );
        assert_close(
            interval.high,
            high,
            &format!("{successes}/{trials} at {level} high"),
        );
    }
}

#[test]
fn stratified_estimate_matches_formula() {
    let estimate = estimate_at(0.95, [4000, 600, 400], [50, 50, 50], [2, 15, 44]);

    assert_close(estimate.prevalence, 0.138_4, "prevalence");
    assert_close(
        estimate.standard_error,
        0.023_747_034_186_463_397,
        "standard error",
    );
    assert_close(
        estimate.interval.low,
        0.091_856_668_254_890_33,
        "interval low",
    );
    assert_close(
        estimate.interval.high,
        0.184_943_331_745_109_7,
        "interval high",
    );
    assert_eq!(estimate.stream_items, 5000);
    assert_eq!(estimate.labelled_items, 150);

    let expected_bands = [
        (
            0.8,
            0.04,
            0.011_038_884_327_619_812,
            0.134_600_906_875_070_2,
        ),
        (0.12, 0.3, 0.191_035_535_008_809_5, 0.437_503_504_644_534_1),
        (0.08, 0.88, 0.761_951_826_167_970_2, 0.943_823_998_490_677_2),
    ];
    for (band, (share, rate, low, high)) in estimate.bands.iter().zip(expected_bands) {
        let wilson = band.wilson.unwrap();
        assert_close(band.share, share, &format!("{} share", band.band));
        assert_close(
            band.positive_rate.unwrap(),
            rate,
            &format!("{} rate", band.band),
        );
        assert_close(wilson.low, low, &format!("{} Wilson low", band.band));
        assert_close(wilson.high, high, &format!("{} Wilson high", band.band));
    }
}

#[test]
fn add_one_variance_matches_formula() {
    let (sheet, shares) = audit([4000, 600, 400], [50, 50, 50], [2, 15, 44]);
    let estimate = estimate_prevalence(&sheet, &shares, &EstimateOptions::default()).unwrap();

    assert_eq!(estimate.band_variance, BandVariance::AddOne);
    assert_close(
        estimate.prevalence,
        0.138_4,
        "prevalence keeps the observed rates",
    );
    assert_close(
        estimate.standard_error,
        0.027_782_753_918_357_498,
        "standard error",
    );
    assert_close(
        estimate.interval.low,
        0.083_946_802_928_680_26,
        "interval low",
    );
    assert_close(
        estimate.interval.high,
        0.192_853_197_071_319_8,
        "interval high",
    );
}

#[test]
fn confidence_level_changes_width() {
    let estimate = estimate_at(0.90, [4000, 600, 400], [50, 50, 50], [2, 15, 44]);
    assert_close(
        estimate.interval.low,
        0.099_339_604_689_055_1,
        "90% interval low",
    );
    assert_close(
        estimate.interval.high,
        0.177_460_395_310_944_93,
        "90% interval high",
    );
    assert_close(
        estimate.bands[2].wilson.unwrap().low,
        0.784_327_174_606_975_1,
        "90% Wilson low",
    );
}

#[test]
fn fully_audited_band_adds_no_variance() {
    let estimate = estimate_at(0.95, [4000, 600, 30], [50, 50, 30], [2, 15, 25]);
    assert_close(estimate.prevalence, 0.078_833_693_304_535_64, "prevalence");
    assert_close(
        estimate.standard_error,
        0.025_368_847_706_269_827,
        "standard error",
    );
}

#[test]
fn interval_is_clipped_to_unit_range() {
    let estimate = estimate_at(0.95, [10, 10, 10], [3, 3, 3], [0, 0, 1]);
    assert!(estimate.interval.low >= 0.0, "{:?}", estimate.interval);
    assert!(estimate.interval.low <= estimate.prevalence);
}

#[test]
fn estimate_json_round_trips() {
    let estimate = estimate_at(0.95, [4000, 600, 400], [50, 50, 50], [2, 15, 44]);
    let text = serde_json::to_string_pretty(&estimate).unwrap();
    assert_eq!(parse_estimate(&text, "estimate.json").unwrap(), estimate);

    let broken = text.replace("\"prevalence\": 0.1384", "\"prevalence\": 0.5");
    let error = parse_estimate(&broken, "estimate.json")
        .unwrap_err()
        .to_string();
    assert!(error.contains("estimate.json"), "{error}");
}

#[test]
fn ten_point_drop_alerts() {
    let previous = estimate_at(0.95, [4000, 600, 400], [50, 50, 50], [2, 15, 44]);
    // Top band 0.88 -> 0.78: exactly 10 points.
    let current = estimate_at(0.95, [4000, 600, 400], [50, 50, 50], [2, 15, 39]);
    let comparison = compare_weeks(&previous, &current, &DriftOptions::default()).unwrap();

    assert!(comparison.alert);
    let top = &comparison.bands[2];
    assert!(top.alert);
    assert_close(top.shift_points.unwrap(), -10.0, "shift");
    assert!(!comparison.bands[0].alert);
    assert!(!comparison.bands[1].alert);
}

#[test]
fn small_shift_stays_quiet_and_threshold_is_configurable() {
    let previous = estimate_at(0.95, [4000, 600, 400], [50, 50, 50], [2, 15, 44]);
    let current = estimate_at(0.95, [4000, 600, 400], [50, 50, 50], [2, 18, 41]);
    let quiet = compare_weeks(&previous, &current, &DriftOptions::default()).unwrap();
    assert!(!quiet.alert, "{quiet:?}");

    let strict = DriftOptions {
        alert_shift_points: 5.0,
    };
    let loud = compare_weeks(&previous, &current, &strict).unwrap();
    assert!(loud.bands[1].alert, "6-point rise under a 5-point limit");
    assert!(loud.bands[2].alert, "6-point drop under a 5-point limit");
}

#[test]
fn leaving_previous_interval_alerts_below_shift_limit() {
    // Low band: 0/50 gives Wilson [0, 0.0713]; 4/50 = 0.08 leaves it after an 8-point move.
    let previous = estimate_at(0.95, [4000, 600, 400], [50, 50, 50], [0, 15, 44]);
    let current = estimate_at(0.95, [4000, 600, 400], [50, 50, 50], [4, 15, 44]);
    let comparison = compare_weeks(&previous, &current, &DriftOptions::default()).unwrap();
    let low = &comparison.bands[0];
    assert!(low.outside_previous_interval);
    assert!(low.alert);
    assert_close(low.shift_points.unwrap(), 8.0, "shift");
}

#[test]
fn different_bands_cannot_be_compared() {
    let previous = estimate_at(0.95, [4000, 600, 400], [50, 50, 50], [2, 15, 44]);
    let mut current = previous.clone();
    current.band_edges = vec![0.0, 0.5, 0.9, 1.0];
    assert!(compare_weeks(&previous, &current, &DriftOptions::default()).is_err());
}
