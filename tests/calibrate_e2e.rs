//! End to end through the real binary, renderer and ONNX Runtime on the
//! small config: every output file's schema, and agreement with
//! `simcal sweep` run on the written `scores.csv`.

mod calibrate_common;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use calibrate_common::{calibrate, read_csv, run_ok, simcal, small_config};

const ENCODERS: [&str; 2] = ["efficientnet-lite0", "pointnet-proxy"];
const SIMILARITIES: [&str; 3] = ["cosine", "l2", "l2_normalized"];
const OBJECTS: usize = 24;
const NEGATIVES: usize = 24;
const HARD_NEGATIVES_K: usize = 5;

#[test]
fn calibrate_small_config_end_to_end() {
    let folder = tempfile::tempdir().expect("temp dir");
    let run = folder.path().join("run");
    let cache = folder.path().join("cache");
    let output = calibrate(&small_config(), &run, &cache, &[]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("report.html"), "{stdout}");

    let pairs = check_pair_manifest(&run);
    check_scores(&run, &pairs);
    check_norms(&run);
    check_hard_negatives(&run, &pairs);
    check_provenance(&run);
    check_figures(&run);
    check_gallery_captions(&run);
    check_reports(&run);
    check_sweep_agrees(&run, folder.path());
}

/// Returns pair id to (label, a id, b id).
fn check_pair_manifest(run: &Path) -> BTreeMap<String, (String, String, String)> {
    let (header, rows) = read_csv(&run.join("pair-manifest.csv"));
    assert_eq!(
        header,
        [
            "pair_id",
            "label",
            "a_id",
            "a_class",
            "a_variant",
            "b_id",
            "b_class",
            "b_variant",
            "perturbation"
        ]
    );
    assert_eq!(rows.len(), OBJECTS + NEGATIVES);
    let positives = rows.iter().filter(|row| row[1] == "1").count();
    assert_eq!(positives, OBJECTS);
    for row in &rows {
        if row[1] == "1" {
            assert_eq!(
                row[2], row[5],
                "a positive pairs an object with its twin: {row:?}"
            );
            assert_eq!(row[7], "twin");
            assert_eq!(row[8], "rotate(y,25)");
        } else {
            assert_ne!(row[3], row[6], "a negative is cross-class: {row:?}");
        }
    }
    rows.into_iter()
        .map(|row| {
            (
                row[0].clone(),
                (row[1].clone(), row[2].clone(), row[5].clone()),
            )
        })
        .collect()
}

fn check_scores(run: &Path, pairs: &BTreeMap<String, (String, String, String)>) {
    let (header, rows) = read_csv(&run.join("scores.csv"));
    assert_eq!(
        header,
        ["pair_id", "label", "encoder", "similarity", "score"]
    );
    assert_eq!(
        rows.len(),
        pairs.len() * ENCODERS.len() * SIMILARITIES.len()
    );
    let mut groups: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for row in &rows {
        let (label, _, _) = pairs
            .get(&row[0])
            .unwrap_or_else(|| panic!("unknown pair {}", row[0]));
        assert_eq!(
            &row[1], label,
            "label of {} differs from the manifest",
            row[0]
        );
        assert!(ENCODERS.contains(&row[2].as_str()), "{row:?}");
        assert!(SIMILARITIES.contains(&row[3].as_str()), "{row:?}");
        let score: f64 = row[4].parse().expect("numeric score");
        assert!(score.is_finite());
        match row[3].as_str() {
            "cosine" => assert!((-1.0..=1.0).contains(&score), "{row:?}"),
            "l2_normalized" => assert!((0.0..=2.0).contains(&score), "{row:?}"),
            _ => assert!(score >= 0.0, "{row:?}"),
        }
        groups
            .entry((row[2].clone(), row[3].clone()))
            .or_default()
            .push(row[0].clone());
    }
    for ((encoder, similarity), ids) in &groups {
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(
            ids, &sorted,
            "{encoder}/{similarity} rows are sorted by pair id"
        );
        assert_eq!(ids.len(), pairs.len());
    }
    // Normalised L2 is a function of cosine: sqrt(2 - 2 cos).
    let score_of = |encoder: &str, similarity: &str| -> HashMap<String, f64> {
        rows.iter()
            .filter(|row| row[2] == encoder && row[3] == similarity)
            .map(|row| (row[0].clone(), row[4].parse().expect("score")))
            .collect()
    };
    for encoder in ENCODERS {
        let cosine = score_of(encoder, "cosine");
        let normalised = score_of(encoder, "l2_normalized");
        for (pair_id, cosine) in &cosine {
            let expected = (2.0 - 2.0 * cosine).max(0.0).sqrt();
            assert!(
                (normalised[pair_id] - expected).abs() < 1e-5,
                "{encoder} {pair_id}"
            );
        }
    }
}

fn check_norms(run: &Path) {
    let (header, rows) = read_csv(&run.join("norms.csv"));
    assert_eq!(
        header,
        ["encoder", "object_id", "class", "variant", "raw_l2_norm"]
    );
    assert_eq!(rows.len(), ENCODERS.len() * OBJECTS * 2);
    for row in &rows {
        let norm: f64 = row[4].parse().expect("numeric norm");
        assert!(norm > 0.0 && norm.is_finite(), "{row:?}");
        assert!(row[3] == "original" || row[3] == "twin", "{row:?}");
    }
}

fn check_hard_negatives(run: &Path, pairs: &BTreeMap<String, (String, String, String)>) {
    let (header, rows) = read_csv(&run.join("hard-negatives.csv"));
    assert_eq!(
        header,
        [
            "encoder", "rank", "pair_id", "object_a", "class_a", "object_b", "class_b", "cosine"
        ]
    );
    assert_eq!(rows.len(), ENCODERS.len() * HARD_NEGATIVES_K);
    let (_, scores) = read_csv(&run.join("scores.csv"));
    for encoder in ENCODERS {
        let mine: Vec<&Vec<String>> = rows.iter().filter(|row| row[0] == encoder).collect();
        // Independent top-K from scores.csv: negatives by cosine descending, then pair id.
        let mut negatives: Vec<(f64, String)> = scores
            .iter()
            .filter(|row| row[2] == encoder && row[3] == "cosine" && row[1] == "0")
            .map(|row| (row[4].parse().expect("score"), row[0].clone()))
            .collect();
        negatives.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        for (index, row) in mine.iter().enumerate() {
            assert_eq!(row[1], (index + 1).to_string());
            assert_eq!(row[2], negatives[index].1, "{encoder} rank {}", index + 1);
            assert_eq!(
                pairs[&row[2]].0, "0",
                "hard negative {} is a negative",
                row[2]
            );
            let cosine: f64 = row[7].parse().expect("cosine");
            assert_eq!(cosine, negatives[index].0);
        }
    }
}

fn check_provenance(run: &Path) {
    let text = std::fs::read_to_string(run.join("provenance.json")).expect("provenance.json");
    let provenance: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let encoders = provenance["encoders"].as_array().expect("encoders");
    assert_eq!(encoders.len(), 2);
    assert!(
        encoders[0]["id"]
            .as_str()
            .expect("id")
            .starts_with("efficientnet-lite0@")
    );
    assert_eq!(encoders[0]["model_sha256"].as_str().expect("sha").len(), 64);
    assert!(
        encoders[1]["id"]
            .as_str()
            .expect("id")
            .starts_with("pointnet-proxy@")
    );
    assert!(
        !provenance["adapter"]["name"]
            .as_str()
            .expect("adapter name")
            .is_empty()
    );
    assert!(
        !provenance["adapter"]["backend"]
            .as_str()
            .expect("backend")
            .is_empty()
    );
    assert_eq!(provenance["seeds"]["negatives"], 17);
    assert_eq!(provenance["config"]["pairs"]["negatives"], NEGATIVES);
    assert_eq!(provenance["positive_pairs"], OBJECTS);
    assert_eq!(provenance["negative_pairs"], NEGATIVES);
    assert!(
        !provenance["simcal_version"]
            .as_str()
            .expect("version")
            .is_empty()
    );
}

fn check_figures(run: &Path) {
    let mut stems = vec![
        "roc".to_owned(),
        "pr".to_owned(),
        "norms".to_owned(),
        "hard-negatives".to_owned(),
    ];
    for encoder in ENCODERS {
        for prefix in ["precision-vs-threshold", "cosine-vs-l2", "pitfall"] {
            stems.push(format!("{prefix}-{encoder}"));
        }
    }
    for stem in stems {
        let svg = std::fs::read_to_string(run.join("figures").join(format!("{stem}.svg")))
            .unwrap_or_else(|error| panic!("{stem}.svg: {error}"));
        assert!(svg.starts_with("<svg"), "{stem}.svg is an SVG document");
        let png = image::open(run.join("figures").join(format!("{stem}.png")))
            .unwrap_or_else(|error| panic!("{stem}.png: {error}"));
        assert!(
            png.width() >= 200 && png.height() >= 100,
            "{stem}.png is {}x{}",
            png.width(),
            png.height()
        );
    }
}

/// Checks that the gallery captions each row with its pair from
/// `hard-negatives.csv`, which lists the first encoder's hard negatives.
fn check_gallery_captions(run: &Path) {
    let svg = std::fs::read_to_string(run.join("figures").join("hard-negatives.svg"))
        .expect("hard-negatives.svg");
    let (_, rows) = read_csv(&run.join("hard-negatives.csv"));
    let shown: Vec<&Vec<String>> = rows.iter().filter(|row| row[0] == ENCODERS[0]).collect();
    assert_eq!(shown.len(), HARD_NEGATIVES_K);
    for row in shown {
        let cosine: f64 = row[7].parse().expect("cosine");
        let caption = format!(
            "{} ({}) vs {} ({}), cosine {cosine:.4}</text>",
            row[3], row[4], row[5], row[6]
        );
        assert!(
            svg.contains(&caption),
            "hard-negatives.svg lacks the caption {caption:?}"
        );
    }
    assert_eq!(svg.matches("<text ").count(), HARD_NEGATIVES_K);
}

fn check_reports(run: &Path) {
    let markdown = std::fs::read_to_string(run.join("report.md")).expect("report.md");
    let html = std::fs::read_to_string(run.join("report.html")).expect("report.html");
    for heading in [
        "## Recommendation",
        "## Operating points",
        "## How the threshold moves with the base rate",
        "## Raw L2 against cosine",
        "## Hardest negatives",
    ] {
        assert!(markdown.contains(heading), "report.md lacks {heading}");
    }
    // Every reachable cosine threshold of the table is stated in the report.
    let (_, rows) = read_csv(&run.join("threshold-by-base-rate.csv"));
    for row in rows
        .iter()
        .filter(|row| row[1] == "cosine" && !row[4].is_empty())
    {
        let threshold: f64 = row[4].parse().expect("threshold");
        let text = format!("{threshold:.4}");
        assert!(
            markdown.contains(&text),
            "report.md lacks threshold {text} of {row:?}"
        );
        assert!(html.contains(&text), "report.html lacks threshold {text}");
    }
    assert!(html.contains("data:image/png;base64,"));
    assert!(
        !html.contains("src=\"figures/"),
        "report.html must not link external files"
    );
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "report.html must not load remote assets"
    );
}

fn check_sweep_agrees(run: &Path, scratch: &Path) {
    let sweep_folder = scratch.join("sweep");
    run_ok(
        simcal()
            .arg("sweep")
            .arg("--scores")
            .arg(run.join("scores.csv"))
            .arg("--out")
            .arg(&sweep_folder)
            .args([
                "--base-rates",
                "0.5,0.2,0.05,0.01",
                "--precision",
                "0.9,0.95",
            ])
            .args(["--bootstrap", "50", "--seed", "29", "--folds", "5"]),
    );
    for file in ["threshold-by-base-rate.csv", "roc.csv", "pr.csv"] {
        let ours = std::fs::read_to_string(run.join(file)).expect("run file");
        let theirs = std::fs::read_to_string(sweep_folder.join(file)).expect("sweep file");
        assert!(
            ours == theirs,
            "{file} differs from simcal sweep's on the same scores.csv"
        );
    }
}
