//! Reading and writing scores CSV files.

use std::path::{Path, PathBuf};

use simcal_sweep::pairs::{GroupKey, ReadOptions, read_scored_pairs_csv, write_scored_pairs_csv};
use simcal_sweep::{Label, PairsError, ScoreDirection};

fn write_file(dir: &Path, text: &str) -> PathBuf {
    let path = dir.join("scores.csv");
    std::fs::write(&path, text).expect("write scores");
    path
}

fn read_error(text: &str, options: ReadOptions) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_file(dir.path(), text);
    read_scored_pairs_csv(&path, &options)
        .expect_err("invalid file")
        .to_string()
}

#[test]
fn csv_keeps_extra_columns_in_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_file(
        dir.path(),
        "mesh_a,pair_id,label,score,mesh_b\nchair_1,p1,1,0.9,chair_1_twin\nchair_1,p2,0,0.2,lamp_4\n",
    );

    let groups = read_scored_pairs_csv(&path, &ReadOptions::default()).expect("valid");

    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].key, GroupKey::default());
    let extra = groups[0].pairs.extra_columns();
    assert_eq!(extra.names, vec!["mesh_a", "mesh_b"]);
    assert_eq!(
        extra.values[1].iter().collect::<Vec<_>>(),
        vec!["chair_1_twin", "lamp_4"]
    );
}

#[test]
fn csv_accepts_every_label_spelling() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_file(
        dir.path(),
        "pair_id,label,score\na,1,0.9\nb,0,0.1\nc,true,0.8\nd,FALSE,0.2\ne,positive,0.7\nf,Negative,0.3\n",
    );

    let groups = read_scored_pairs_csv(&path, &ReadOptions::default()).expect("valid");

    let labels: Vec<Label> = groups[0].pairs.labels().to_vec();
    let positive = Label::Positive;
    let negative = Label::Negative;
    assert_eq!(
        labels,
        vec![positive, negative, positive, negative, positive, negative]
    );
}

#[test]
fn csv_round_trips_through_writer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_file(
        dir.path(),
        "pair_id,label,score,note\na,1,0.1234567890123456,\"x, y\"\nb,0,-3e-9,z\n",
    );
    let pairs = read_scored_pairs_csv(&path, &ReadOptions::default())
        .expect("valid")
        .remove(0)
        .pairs;
    let copy = dir.path().join("copy.csv");

    write_scored_pairs_csv(&copy, &pairs).expect("write");
    let again = read_scored_pairs_csv(&copy, &ReadOptions::default())
        .expect("valid")
        .remove(0)
        .pairs;

    assert_eq!(again.scores(), pairs.scores());
    assert_eq!(again.labels(), pairs.labels());
    assert_eq!(again.extra_columns(), pairs.extra_columns());
    assert_eq!(again.pair_ids(), pairs.pair_ids());
}

#[test]
fn csv_invalid_label_names_line_and_value() {
    let message = read_error(
        "pair_id,label,score\na,1,0.9\nb,yes,0.1\n",
        ReadOptions::default(),
    );

    assert!(message.contains("scores.csv"), "{message}");
    assert!(message.contains("line 3"), "{message}");
    assert!(message.contains("`yes`"), "{message}");
    assert!(
        message.contains("1/0, true/false, positive/negative"),
        "{message}"
    );
}

#[test]
fn csv_missing_column_lists_header() {
    let message = read_error("pair_id,score\na,0.9\n", ReadOptions::default());

    assert!(message.contains("missing column `label`"), "{message}");
    assert!(message.contains("pair_id,score"), "{message}");
}

#[test]
fn csv_duplicate_column_is_rejected() {
    let message = read_error(
        "pair_id,label,score,score\na,1,0.9,0.8\n",
        ReadOptions::default(),
    );

    assert!(message.contains("`score` appears twice"), "{message}");
}

#[test]
fn csv_short_row_names_line() {
    let message = read_error(
        "pair_id,label,score\na,1,0.9\nb,0\n",
        ReadOptions::default(),
    );

    assert!(message.contains("line 3"), "{message}");
}

#[test]
fn csv_duplicate_pair_id_names_both_lines() {
    let message = read_error(
        "pair_id,label,score\na,1,0.9\nb,0,0.1\na,0,0.3\n",
        ReadOptions::default(),
    );

    assert!(message.contains("`a`"), "{message}");
    assert!(message.contains("line 2"), "{message}");
    assert!(message.contains("line 4"), "{message}");
}

#[test]
fn csv_empty_file_is_rejected() {
    let message = read_error("pair_id,label,score\n", ReadOptions::default());

    assert!(
        message.contains("no positive pairs among 0 rows"),
        "{message}"
    );
}

#[test]
fn csv_direction_follows_similarity_column() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_file(
        dir.path(),
        "pair_id,label,score,similarity\na,1,0.9,cosine\nb,0,0.1,cosine\na,1,0.2,l2\nb,0,1.3,l2\n",
    );

    let groups = read_scored_pairs_csv(&path, &ReadOptions::default()).expect("valid");

    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0].key.similarity.as_deref(), Some("cosine"));
    assert_eq!(groups[0].pairs.direction(), ScoreDirection::Similarity);
    assert_eq!(groups[1].pairs.direction(), ScoreDirection::Distance);
}

#[test]
fn csv_unknown_similarity_needs_direction() {
    let text = "pair_id,label,score,similarity\na,1,0.9,dot\nb,0,0.1,dot\n";
    let message = read_error(text, ReadOptions::default());
    assert!(message.contains("unknown similarity `dot`"), "{message}");
    assert!(message.contains("line 2"), "{message}");

    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_file(dir.path(), text);
    let options = ReadOptions {
        direction: Some(ScoreDirection::Similarity),
    };
    assert!(read_scored_pairs_csv(&path, &options).is_ok());
}

#[test]
fn csv_conflicting_direction_is_rejected() {
    let options = ReadOptions {
        direction: Some(ScoreDirection::Similarity),
    };
    let message = read_error(
        "pair_id,label,score,similarity\na,1,0.9,l2\nb,0,0.1,l2\n",
        options,
    );

    assert!(message.contains("conflicts"), "{message}");
    assert!(message.contains("`l2`"), "{message}");
}

#[test]
fn csv_missing_file_names_path() {
    let error = read_scored_pairs_csv(
        Path::new("/nonexistent/scores.csv"),
        &ReadOptions::default(),
    )
    .expect_err("missing");

    assert!(matches!(error, PairsError::Open { .. }));
    assert!(
        error.to_string().contains("/nonexistent/scores.csv"),
        "{error}"
    );
}

#[test]
fn csv_tolerates_spaces_around_fields() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_file(
        dir.path(),
        "pair_id, label, score\na, 1, 0.9\nb, negative , 0.1 \n",
    );

    let pairs = read_scored_pairs_csv(&path, &ReadOptions::default())
        .expect("valid")
        .remove(0)
        .pairs;

    assert_eq!(pairs.scores(), &[0.9, 0.1]);
    assert_eq!(pairs.labels(), &[Label::Positive, Label::Negative]);
}
