//! Every kind of bad audit sheet gives an error naming the row or band.

use simcal_audit::{
    AuditError, BandShares, EstimateOptions, ScoreBands, estimate_prevalence, parse_audit_sheet,
    parse_band_shares,
};

const SHARES: &str = r#"{
  "format": "simcal-band-shares/1",
  "band_edges": [0.0, 0.7, 0.9, 1.0],
  "band_counts": [800, 150, 50],
  "seed": 1,
  "per_band": 3,
  "sampled_item_ids": ["a1", "a2", "a3", "b1", "b2", "b3", "c1", "c2", "c3"]
}"#;

const HEADER: &str = "item_id,score,band,label\n";

const GOOD_ROWS: [&str; 9] = [
    "a1,0.10,\"[0,0.7)\",0",
    "a2,0.30,\"[0,0.7)\",0",
    "a3,0.65,\"[0,0.7)\",1",
    "b1,0.71,\"[0.7,0.9)\",0",
    "b2,0.80,\"[0.7,0.9)\",1",
    "b3,0.85,\"[0.7,0.9)\",1",
    "c1,0.91,\"[0.9,1]\",1",
    "c2,0.95,\"[0.9,1]\",1",
    "c3,1.0,\"[0.9,1]\",0",
];

fn shares() -> BandShares {
    parse_band_shares(SHARES, "audit.shares.json").unwrap()
}

/// Parses the sheet and estimates; returns the first error.
fn estimate<S: AsRef<str>>(rows: &[S]) -> Result<f64, AuditError> {
    let rows: Vec<&str> = rows.iter().map(AsRef::as_ref).collect();
    let text = format!("{HEADER}{}\n", rows.join("\n"));
    let shares = shares();
    let sheet = parse_audit_sheet(text.as_bytes(), "audit.csv", &shares.band_edges)?;
    Ok(estimate_prevalence(&sheet, &shares, &EstimateOptions::default())?.prevalence)
}

fn replace_row(index: usize, row: &str) -> Vec<String> {
    let mut rows: Vec<String> = GOOD_ROWS.iter().map(|row| row.to_string()).collect();
    rows[index] = row.to_string();
    rows
}

#[test]
fn good_sheet_estimates() {
    let prevalence = estimate(&GOOD_ROWS).unwrap();
    let expected = 0.8 * (1.0 / 3.0) + 0.15 * (2.0 / 3.0) + 0.05 * (2.0 / 3.0);
    assert!(
        (prevalence - expected).abs() < 1e-12,
        "{prevalence} vs {expected}"
    );
}

#[test]
fn missing_label_names_row() {
    let error = estimate(&replace_row(4, "b2,0.80,\"[0.7,0.9)\",")).unwrap_err();
    assert!(
        matches!(error, AuditError::MissingLabel { .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(message.starts_with("audit.csv line 6:"), "{message}");
    assert!(message.contains("`b2`"), "{message}");
}

#[test]
fn unknown_item_id_names_row() {
    let error = estimate(&replace_row(7, "z9,0.95,\"[0.9,1]\",1")).unwrap_err();
    assert!(
        matches!(error, AuditError::UnknownItemId { .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(message.starts_with("audit.csv line 9:"), "{message}");
    assert!(message.contains("`z9`"), "{message}");
}

#[test]
fn band_without_labelled_items_names_band() {
    let rows: Vec<&str> = GOOD_ROWS
        .iter()
        .copied()
        .filter(|row| !row.starts_with('b'))
        .collect();
    let error = estimate(&rows).unwrap_err();
    assert!(
        matches!(error, AuditError::BandWithoutLabels { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("band [0.7,0.9)"), "{error}");
}

#[test]
fn band_with_one_labelled_item_names_band() {
    let rows: Vec<&str> = GOOD_ROWS
        .iter()
        .copied()
        .filter(|row| !row.starts_with("c1") && !row.starts_with("c2"))
        .collect();
    let error = estimate(&rows).unwrap_err();
    assert!(
        matches!(error, AuditError::TooFewLabelled { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("band [0.9,1]"), "{error}");
}

#[test]
fn invalid_label_names_row_and_value() {
    for bad in ["yes", "2", "dup"] {
        let rows = replace_row(1, &format!("a2,0.30,\"[0,0.7)\",{bad}"));
        let error = estimate(&rows).unwrap_err();
        assert!(
            matches!(error, AuditError::InvalidLabel { .. }),
            "{error:?}"
        );
        let message = error.to_string();
        assert!(message.starts_with("audit.csv line 3:"), "{message}");
        assert!(message.contains(&format!("`{bad}`")), "{message}");
    }
}

#[test]
fn duplicate_row_names_both_rows() {
    let error = estimate(&replace_row(2, "a1,0.10,\"[0,0.7)\",0")).unwrap_err();
    assert!(
        matches!(error, AuditError::DuplicateItemId { .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(message.starts_with("audit.csv line 4:"), "{message}");
    assert!(message.contains("audit.csv line 2"), "{message}");
}

#[test]
fn band_contradicting_score_names_row() {
    let error = estimate(&replace_row(3, "b1,0.95,\"[0.7,0.9)\",0")).unwrap_err();
    assert!(
        matches!(error, AuditError::BandMismatch { .. }),
        "{error:?}"
    );
    assert!(
        error.to_string().starts_with("audit.csv line 5:"),
        "{error}"
    );
}

#[test]
fn unknown_band_names_row() {
    let error = estimate(&replace_row(0, "a1,0.10,\"[0,0.5)\",0")).unwrap_err();
    assert!(matches!(error, AuditError::UnknownBand { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.starts_with("audit.csv line 2:"), "{message}");
    assert!(message.contains("[0,0.7), [0.7,0.9), [0.9,1]"), "{message}");
}

#[test]
fn unparsable_score_names_row() {
    let error = estimate(&replace_row(5, "b3,high,\"[0.7,0.9)\",1")).unwrap_err();
    assert!(
        matches!(error, AuditError::InvalidNumber { .. }),
        "{error:?}"
    );
    assert!(
        error.to_string().starts_with("audit.csv line 7:"),
        "{error}"
    );
}

#[test]
fn more_labelled_than_stream_names_band() {
    let shares_text = SHARES.replace("[800, 150, 50]", "[800, 150, 2]");
    let shares = parse_band_shares(&shares_text, "s.json").unwrap();
    let text = format!("{HEADER}{}\n", GOOD_ROWS.join("\n"));
    let sheet = parse_audit_sheet(text.as_bytes(), "audit.csv", &ScoreBands::default()).unwrap();
    let error = estimate_prevalence(&sheet, &shares, &EstimateOptions::default()).unwrap_err();
    assert!(
        matches!(error, AuditError::MoreLabelledThanStream { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("band [0.9,1]"), "{error}");
}
