//! The pin comparator on hand-built pins: noise inside the tolerance passes,
//! drift beyond it fails with a readable diff, structural changes always
//! fail, and invalid pins are rejected with the offending value.

use simcal::pins::{
    Interval, PinError, PinnedCurve, PinnedOperatingPoint, PinnedSeeds, PinnedThresholds,
    Provenance, StructuralChange, ToleranceRule, compare_pins,
};

fn provenance(render_backend: &str) -> Provenance {
    Provenance {
        catalog: "builtin classes=4 objects_per_class=8".to_owned(),
        perturbations: vec!["rotate(y,25)".to_owned()],
        seeds: PinnedSeeds {
            catalog: 7,
            twins: 11,
            negatives: 17,
            bootstrap: 29,
        },
        bootstrap_resamples: 200,
        negative_pairs: 32,
        render_backend: render_backend.to_owned(),
    }
}

fn point(base_rate: f64, threshold: f64, half_width: f64, recall: f64) -> PinnedOperatingPoint {
    PinnedOperatingPoint {
        base_rate,
        precision_target: 0.95,
        status: "reached".to_owned(),
        threshold: Some(threshold),
        threshold_interval: Some(Interval {
            lower: threshold - half_width,
            upper: threshold + half_width,
        }),
        recall: Some(recall),
        recall_interval: Some(Interval {
            lower: recall - 0.05,
            upper: recall + 0.05,
        }),
    }
}

fn pin_with(encoder_id: &str, points: Vec<PinnedOperatingPoint>) -> PinnedThresholds {
    let curve = PinnedCurve {
        encoder_id: encoder_id.to_owned(),
        similarity: "cosine".to_owned(),
        operating_points: points,
    };
    PinnedThresholds::new("fast-example", provenance("llvmpipe (Vulkan)"), vec![curve])
        .expect("valid pin")
}

fn stored_pin() -> PinnedThresholds {
    pin_with(
        "pointnet-proxy@aaaa",
        vec![point(0.5, 0.90, 0.01, 0.80), point(0.05, 0.97, 0.01, 0.60)],
    )
}

#[test]
fn identical_pin_matches() {
    let stored = stored_pin();
    let comparison = compare_pins(&stored, &stored.clone(), &ToleranceRule::default());
    assert!(comparison.is_match(), "{comparison}");
    assert_eq!(comparison.checks.len(), 4);
    assert!(comparison.to_string().contains("matches"));
}

#[test]
fn noise_inside_interval_passes() {
    let stored = stored_pin();
    let current = pin_with(
        "pointnet-proxy@aaaa",
        vec![
            point(0.5, 0.908, 0.01, 0.81),
            point(0.05, 0.963, 0.01, 0.59),
        ],
    );
    let comparison = compare_pins(&stored, &current, &ToleranceRule::default());
    assert!(comparison.is_match(), "{comparison}");
}

#[test]
fn drift_beyond_interval_fails_with_diff() {
    let stored = stored_pin();
    let current = pin_with(
        "pointnet-proxy@aaaa",
        vec![point(0.5, 0.90, 0.01, 0.80), point(0.05, 0.99, 0.01, 0.60)],
    );
    let comparison = compare_pins(&stored, &current, &ToleranceRule::default());
    assert!(!comparison.is_match());

    let drifted: Vec<_> = comparison.drifted().collect();
    assert_eq!(drifted.len(), 1);
    assert_eq!(drifted[0].key.base_rate, 0.05);
    assert!((drifted[0].delta - 0.02).abs() < 1e-9);
    assert!((drifted[0].tolerance - 0.01).abs() < 1e-9);

    let diff = comparison.to_string();
    assert!(diff.contains("DRIFTED"), "{diff}");
    assert!(diff.contains("0.970000"), "stored value missing: {diff}");
    assert!(diff.contains("0.990000"), "current value missing: {diff}");
    assert!(diff.contains("+0.020000"), "delta missing: {diff}");
    assert!(
        diff.contains("[0.960000, 0.980000]"),
        "interval missing: {diff}"
    );
}

#[test]
fn floor_applies_without_interval() {
    let mut narrow = point(0.5, 0.90, 0.0, 0.80);
    narrow.threshold_interval = None;
    let stored = pin_with("pointnet-proxy@aaaa", vec![narrow.clone()]);

    let mut within = narrow.clone();
    within.threshold = Some(0.904);
    let comparison = compare_pins(
        &stored,
        &pin_with("pointnet-proxy@aaaa", vec![within]),
        &ToleranceRule::default(),
    );
    assert!(comparison.is_match(), "{comparison}");

    let mut beyond = narrow;
    beyond.threshold = Some(0.906);
    let comparison = compare_pins(
        &stored,
        &pin_with("pointnet-proxy@aaaa", vec![beyond]),
        &ToleranceRule::default(),
    );
    assert!(!comparison.is_match());
}

#[test]
fn rounding_boundary_does_not_flip() {
    // The two values straddle a 6-decimal rounding boundary, so their pinned
    // texts differ (0.950000 and 0.950001) and an exact text comparison
    // would fail; the numeric comparison sees a 1e-6 movement.
    let stored = pin_with(
        "pointnet-proxy@aaaa",
        vec![point(0.5, 0.95000049, 0.0, 0.8)],
    );
    let current = pin_with(
        "pointnet-proxy@aaaa",
        vec![point(0.5, 0.95000051, 0.0, 0.8)],
    );
    assert_ne!(
        stored.to_yaml().expect("yaml"),
        current.to_yaml().expect("yaml")
    );

    let comparison = compare_pins(&stored, &current, &ToleranceRule::default());
    assert!(comparison.is_match(), "{comparison}");
}

#[test]
fn status_change_fails() {
    let stored = stored_pin();
    let mut unreachable = point(0.05, 0.97, 0.01, 0.60);
    unreachable.status = "unreachable".to_owned();
    unreachable.threshold = None;
    unreachable.recall = None;
    let current = pin_with(
        "pointnet-proxy@aaaa",
        vec![point(0.5, 0.90, 0.01, 0.80), unreachable],
    );
    let comparison = compare_pins(&stored, &current, &ToleranceRule::default());
    assert!(!comparison.is_match());
    assert!(
        comparison
            .to_string()
            .contains("status changed: reached -> unreachable"),
        "{comparison}"
    );
}

#[test]
fn swapped_encoder_reports_provenance() {
    let stored = stored_pin();
    let current = pin_with(
        "pointnet-proxy@bbbb",
        vec![point(0.5, 0.90, 0.01, 0.80), point(0.05, 0.97, 0.01, 0.60)],
    );
    let comparison = compare_pins(&stored, &current, &ToleranceRule::default());
    assert!(!comparison.is_match());
    assert!(matches!(
        comparison.structural_changes.as_slice(),
        [StructuralChange::Provenance {
            field: "encoder ids",
            ..
        }]
    ));
    assert_eq!(
        comparison.checks.len(),
        4,
        "values still line up by encoder name"
    );
}

#[test]
fn render_backend_alone_passes() {
    let stored = stored_pin();
    let mut current = stored.clone();
    current.provenance.render_backend = "NVIDIA H200 (Vulkan)".to_owned();
    let comparison = compare_pins(&stored, &current, &ToleranceRule::default());
    assert!(comparison.is_match(), "{comparison}");
    assert!(comparison.to_string().contains("render backend differs"));
}

#[test]
fn missing_and_added_points_fail() {
    let stored = stored_pin();
    let current = pin_with(
        "pointnet-proxy@aaaa",
        vec![point(0.5, 0.90, 0.01, 0.80), point(0.2, 0.95, 0.01, 0.70)],
    );
    let comparison = compare_pins(&stored, &current, &ToleranceRule::default());
    assert!(!comparison.is_match());
    let diff = comparison.to_string();
    assert!(diff.contains("pinned, but no longer computed"), "{diff}");
    assert!(diff.contains("computed, but not pinned"), "{diff}");
}

#[test]
fn empty_pin_is_rejected() {
    let error =
        PinnedThresholds::new("fast-example", provenance("x"), Vec::new()).expect_err("empty pin");
    assert!(matches!(error, PinError::Empty { .. }));
}

#[test]
fn invalid_base_rate_names_field() {
    let error = PinnedThresholds::new(
        "fast-example",
        provenance("x"),
        vec![PinnedCurve {
            encoder_id: "e@1".to_owned(),
            similarity: "cosine".to_owned(),
            operating_points: vec![point(1.5, 0.9, 0.01, 0.8)],
        }],
    )
    .expect_err("base rate above 1");
    let message = error.to_string();
    assert!(message.contains("base rate of e@1 / cosine"), "{message}");
    assert!(message.contains("1.5"), "{message}");
}

#[test]
fn invalid_snapshot_name_is_rejected() {
    let error = PinnedThresholds::new("../escape", provenance("x"), stored_pin().curves)
        .expect_err("path in name");
    assert!(matches!(error, PinError::InvalidName { .. }));
}

#[test]
fn yaml_round_trip_preserves_pin() {
    let stored = stored_pin();
    let yaml = stored.to_yaml().expect("serialises");
    let parsed = PinnedThresholds::from_yaml(&yaml, "round trip").expect("parses");
    assert_eq!(parsed, stored);
}

#[test]
fn unknown_yaml_field_names_origin() {
    let yaml = stored_pin()
        .to_yaml()
        .expect("serialises")
        .replace("snapshot:", "snapshot_name:");
    let error = PinnedThresholds::from_yaml(&yaml, "snapshots/fast-example.snap")
        .expect_err("unknown field");
    assert!(
        error.to_string().contains("snapshots/fast-example.snap"),
        "{error}"
    );
}
