//! Agreement with scikit-learn on random inputs with heavy ties. The
//! reference values come from scripts/reference/sklearn_sweep_cases.py,
//! committed as fixtures/sweep/sklearn-cases.json.

mod common;

use std::path::PathBuf;

use serde::Deserialize;
use simcal_sweep::{ScoreDirection, ThresholdSweep};

#[derive(Debug, Deserialize)]
struct Fixture {
    scikit_learn: String,
    tied_rows_share: f64,
    cases: Vec<Case>,
}

#[derive(Debug, Deserialize)]
struct Case {
    name: String,
    direction: String,
    labels: Vec<u8>,
    scores: Vec<f64>,
    roc_auc: f64,
    average_precision: f64,
    /// (threshold, fpr, tpr), strictest first.
    roc: Vec<(f64, f64, f64)>,
    /// (threshold, precision, recall), strictest first.
    pr: Vec<(f64, f64, f64)>,
    thresholds: Vec<ThresholdRow>,
}

#[derive(Debug, Deserialize)]
struct ThresholdRow {
    base_rate: f64,
    precision_target: f64,
    threshold: Option<f64>,
    recall: Option<f64>,
}

const TOLERANCE: f64 = 1e-12;

fn load_fixture() -> Fixture {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/sweep/sklearn-cases.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| {
        panic!(
            "cannot read {}: {error}; regenerate it with scripts/reference/sklearn_sweep_cases.py",
            path.display()
        )
    });
    serde_json::from_str(&text).expect("fixture parses")
}

fn sweep_of(case: &Case) -> ThresholdSweep {
    let direction: ScoreDirection = case.direction.parse().expect("direction");
    ThresholdSweep::new(&common::pairs(&case.labels, &case.scores, direction))
}

#[test]
fn fixture_has_enough_tied_cases() {
    let fixture = load_fixture();

    assert!(fixture.cases.len() >= 50, "{} cases", fixture.cases.len());
    assert!(
        fixture.tied_rows_share > 0.3,
        "tied share {}",
        fixture.tied_rows_share
    );
    assert!(!fixture.scikit_learn.is_empty());
    assert!(
        fixture
            .cases
            .iter()
            .any(|case| case.direction == "distance")
    );
}

#[test]
fn roc_auc_matches_scikit_learn() {
    for case in load_fixture().cases {
        let auc = sweep_of(&case).roc_auc();
        assert!(
            (auc - case.roc_auc).abs() < TOLERANCE,
            "{}: {auc} vs {}",
            case.name,
            case.roc_auc
        );
    }
}

#[test]
fn average_precision_matches_scikit_learn() {
    for case in load_fixture().cases {
        let average_precision = sweep_of(&case).average_precision();
        assert!(
            (average_precision - case.average_precision).abs() < TOLERANCE,
            "{}: {average_precision} vs {}",
            case.name,
            case.average_precision
        );
    }
}

#[test]
fn roc_curve_matches_scikit_learn() {
    for case in load_fixture().cases {
        let roc = sweep_of(&case).roc_curve();
        assert_eq!(
            roc.points.len(),
            case.roc.len(),
            "{}: point count",
            case.name
        );
        for (index, (point, &(threshold, fpr, tpr))) in roc.points.iter().zip(&case.roc).enumerate()
        {
            assert_eq!(
                point.threshold, threshold,
                "{} point {index}: threshold",
                case.name
            );
            assert!(
                (point.fpr - fpr).abs() < TOLERANCE,
                "{} point {index}: fpr",
                case.name
            );
            assert!(
                (point.tpr - tpr).abs() < TOLERANCE,
                "{} point {index}: tpr",
                case.name
            );
        }
    }
}

#[test]
fn pr_curve_matches_scikit_learn() {
    for case in load_fixture().cases {
        let pr = sweep_of(&case).pr_curve();
        assert_eq!(pr.points.len(), case.pr.len(), "{}: point count", case.name);
        for (index, (point, &(threshold, precision, recall))) in
            pr.points.iter().zip(&case.pr).enumerate()
        {
            assert_eq!(
                point.threshold, threshold,
                "{} point {index}: threshold",
                case.name
            );
            assert!(
                (point.precision - precision).abs() < TOLERANCE,
                "{} point {index}: precision",
                case.name
            );
            assert!(
                (point.recall - recall).abs() < TOLERANCE,
                "{} point {index}: recall",
                case.name
            );
        }
    }
}

#[test]
fn chosen_thresholds_match_numpy_reference() {
    let mut reached = 0;
    let mut unreachable = 0;
    for case in load_fixture().cases {
        let sweep = sweep_of(&case);
        for row in &case.thresholds {
            let choice = sweep.select_threshold(
                common::rate(row.base_rate),
                common::target(row.precision_target),
            );
            let context = format!(
                "{} at pi {} target {}",
                case.name, row.base_rate, row.precision_target
            );
            assert_eq!(choice.threshold(), row.threshold, "{context}: threshold");
            match row.recall {
                Some(recall) => {
                    reached += 1;
                    assert!(
                        (choice.recall() - recall).abs() < TOLERANCE,
                        "{context}: recall"
                    );
                }
                None => unreachable += 1,
            }
        }
    }
    assert!(reached > 50, "{reached} reached");
    assert!(unreachable > 50, "{unreachable} unreachable");
}
