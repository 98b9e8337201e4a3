//! The audit, recalibrate, log and bucket commands run as a user runs them:
//! the real binary on files in a temporary directory and in `fixtures/audit`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn simcal(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_simcal"))
        .args(args)
        .output()
        .expect("the simcal binary runs")
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/audit")
        .join(name)
        .display()
        .to_string()
}

fn describe(output: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Writes a 3,000-item stream whose positives are known: item `i` gets a
/// score spread over [0, 1] by a multiplicative hash and is positive on a
/// fixed pattern that is denser at high scores.
fn write_stream(dir: &Path) -> (PathBuf, std::collections::HashMap<String, bool>, f64) {
    let mut text = String::from("item_id,score,timestamp\n");
    let mut truth = std::collections::HashMap::new();
    for i in 0..3000u64 {
        let score = ((i * 7919) % 3001) as f64 / 3000.0;
        let positive = if score >= 0.9 {
            i % 5 != 0
        } else if score >= 0.7 {
            i % 3 == 0
        } else {
            i % 20 == 0
        };
        let item_id = format!("item{i}");
        text.push_str(&format!("{item_id},{score},2025-01-06T00:00:00Z\n"));
        truth.insert(item_id, positive);
    }
    let prevalence =
        truth.values().filter(|&&positive| positive).count() as f64 / truth.len() as f64;
    let path = dir.join("stream.csv");
    std::fs::write(&path, text).unwrap();
    (path, truth, prevalence)
}

/// Fills the label column of an audit sheet from `truth`.
fn label_sheet(path: &Path, truth: &std::collections::HashMap<String, bool>) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut labelled = String::new();
    for (index, line) in text.lines().enumerate() {
        if index == 0 {
            labelled.push_str(line);
        } else {
            let item_id = line.split(',').next().unwrap();
            labelled.push_str(line);
            labelled.push_str(if truth[item_id] { "1" } else { "0" });
        }
        labelled.push('\n');
    }
    std::fs::write(path, labelled).unwrap();
}

#[test]
fn sample_label_estimate_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let (stream, truth, prevalence) = write_stream(dir.path());
    let sheet = dir.path().join("audit.csv");
    let estimate = dir.path().join("estimate.json");

    let output = simcal(&[
        "audit",
        "sample",
        "--stream",
        &stream.display().to_string(),
        "--out",
        &sheet.display().to_string(),
        "--seed",
        "4",
    ]);
    assert!(output.status.success(), "{}", describe(&output));
    assert!(
        dir.path().join("audit.shares.json").exists(),
        "{}",
        describe(&output)
    );
    let sheet_text = std::fs::read_to_string(&sheet).unwrap();
    assert_eq!(sheet_text.lines().count(), 151, "{sheet_text}");
    assert!(sheet_text.starts_with("item_id,score,band,label\n"));

    label_sheet(&sheet, &truth);
    let output = simcal(&[
        "audit",
        "estimate",
        "--sheet",
        &sheet.display().to_string(),
        "--out",
        &estimate.display().to_string(),
    ]);
    assert!(output.status.success(), "{}", describe(&output));
    let written = simcal_audit::read_estimate(&estimate).unwrap();
    let shares = simcal_audit::read_band_shares(&dir.path().join("audit.shares.json")).unwrap();
    let labelled = simcal_audit::read_audit_sheet(&sheet, &shares.band_edges).unwrap();
    let expected =
        simcal_audit::estimate_prevalence(&labelled, &shares, &Default::default()).unwrap();
    assert_eq!(written, expected, "{}", describe(&output));
    assert_eq!(shares.band_counts.iter().sum::<u64>(), 3000);
    // One seeded audit: the estimate is close to the truth, but whether this
    // one interval covers it is luck (coverage is tested over 200 trials in
    // the audit crate).
    assert!(
        (written.prevalence - prevalence).abs() < 0.06,
        "estimate {} vs true prevalence {prevalence}\n{}",
        written.prevalence,
        describe(&output)
    );

    // Comparing an audit with itself moves nothing, so no alert.
    let output = simcal(&[
        "audit",
        "estimate",
        "--sheet",
        &sheet.display().to_string(),
        "--previous",
        &estimate.display().to_string(),
        "--fail-on-alert",
    ]);
    assert!(output.status.success(), "{}", describe(&output));
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("week on week"),
        "{}",
        describe(&output)
    );
}

#[test]
fn estimate_rejects_sheet_with_missing_label() {
    let dir = tempfile::tempdir().unwrap();
    let (stream, _, _) = write_stream(dir.path());
    let sheet = dir.path().join("audit.csv");
    let output = simcal(&[
        "audit",
        "sample",
        "--stream",
        &stream.display().to_string(),
        "--out",
        &sheet.display().to_string(),
    ]);
    assert!(output.status.success(), "{}", describe(&output));

    let output = simcal(&["audit", "estimate", "--sheet", &sheet.display().to_string()]);
    assert_eq!(output.status.code(), Some(1), "{}", describe(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("audit.csv line 2"), "{}", describe(&output));
    assert!(stderr.contains("has no label"), "{}", describe(&output));
}

#[test]
fn recalibrate_reports_threshold_per_base_rate() {
    let output = simcal(&[
        "recalibrate",
        "--scores",
        &fixture("calibration-scores.csv"),
        "--estimate",
        &fixture("estimate.json"),
    ]);
    assert!(output.status.success(), "{}", describe(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    for expected in [
        "interval_low",
        "0.8724",
        "0.6667",
        "0.8427",
        "0.7667",
        "0.8161",
        "0.8333",
    ] {
        assert!(
            stdout.contains(expected),
            "missing `{expected}`\n{}",
            describe(&output)
        );
    }
}

#[test]
fn log_analyze_splits_by_version() {
    let output = simcal(&[
        "log",
        "analyze",
        "--log",
        &fixture("threshold-log.jsonl"),
        "--labels",
        &fixture("threshold-log-labels.csv"),
    ]);
    assert!(output.status.success(), "{}", describe(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("11 decisions, 2 without an audit label"),
        "{}",
        describe(&output)
    );
    assert!(stdout.contains("0.6667"), "{}", describe(&output));
    assert!(stdout.contains("[0.2077, 0.9385]"), "{}", describe(&output));
}

#[test]
fn bucket_check_exit_code_reports_crossings() {
    let crossing = simcal(&[
        "bucket",
        "check",
        "--bucket",
        &fixture("bucket.json"),
        "--scores",
        &fixture("bucket-new-scores.csv"),
        "--threshold",
        "0.92",
    ]);
    assert_eq!(crossing.status.code(), Some(2), "{}", describe(&crossing));
    let stdout = String::from_utf8_lossy(&crossing.stdout);
    assert!(
        stdout.contains("2 cross, 1 missing"),
        "{}",
        describe(&crossing)
    );
    assert!(
        stdout.contains("hn1: chair_0012 (chair) vs stool_0040 (stool)"),
        "{}",
        describe(&crossing)
    );
    assert!(stdout.contains("hn4"), "{}", describe(&crossing));

    let clear = simcal(&[
        "bucket",
        "check",
        "--bucket",
        &fixture("bucket.json"),
        "--scores",
        &fixture("bucket-new-scores.csv"),
        "--threshold",
        "0.94",
    ]);
    assert_eq!(clear.status.code(), Some(0), "{}", describe(&clear));
}

#[test]
fn bucket_build_then_check() {
    let dir = tempfile::tempdir().unwrap();
    let scores = dir.path().join("scores.csv");
    std::fs::write(
        &scores,
        "pair_id,label,score,item_a,item_b,class_a,class_b\n\
         t1,1,0.98,chair_1,chair_1_twin,chair,chair\n\
         n1,0,0.91,chair_1,stool_2,chair,stool\n\
         n2,0,0.40,cup_3,lamp_4,cup,lamp\n\
         n3,0,0.85,desk_5,table_6,desk,table\n",
    )
    .unwrap();
    let bucket = dir.path().join("bucket.json");
    let output = simcal(&[
        "bucket",
        "build",
        "--scores",
        &scores.display().to_string(),
        "--out",
        &bucket.display().to_string(),
        "--threshold",
        "0.9",
        "--k",
        "2",
        "--encoder",
        "clip-b32",
    ]);
    assert!(output.status.success(), "{}", describe(&output));
    let built = simcal_audit::read_bucket(&bucket).unwrap();
    let ids: Vec<&str> = built
        .entries
        .iter()
        .map(|entry| entry.pair_id.as_str())
        .collect();
    assert_eq!(ids, vec!["n1", "n3"]);
    assert_eq!(built.entries[0].class_b, "stool");

    let output = simcal(&[
        "bucket",
        "check",
        "--bucket",
        &bucket.display().to_string(),
        "--scores",
        &scores.display().to_string(),
        "--threshold",
        "0.9",
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", describe(&output));
}
