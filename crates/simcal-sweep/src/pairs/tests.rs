use super::*;

fn pair(pair_id: &str, label: Label, score: f64) -> ScoredPair {
    ScoredPair {
        pair_id: pair_id.to_owned(),
        label,
        score,
    }
}

#[test]
fn scored_pairs_count_classes() {
    let pairs = ScoredPairs::new(
        vec![
            pair("a", Label::Positive, 0.9),
            pair("b", Label::Negative, 0.1),
            pair("c", Label::Negative, 0.2),
        ],
        ScoreDirection::Similarity,
    )
    .expect("valid");

    assert_eq!(pairs.len(), 3);
    assert_eq!(pairs.positives(), 1);
    assert_eq!(pairs.negatives(), 2);
    assert_eq!(pairs.get(2), Some(pair("c", Label::Negative, 0.2)));
    assert_eq!(pairs.get(3), None);
}

#[test]
fn duplicate_pair_id_names_both_rows() {
    let error = ScoredPairs::new(
        vec![
            pair("a", Label::Positive, 0.9),
            pair("b", Label::Negative, 0.1),
            pair("a", Label::Negative, 0.2),
        ],
        ScoreDirection::Similarity,
    )
    .expect_err("duplicate id");

    assert!(
        matches!(&error, PairsError::DuplicatePairId { pair_id, first: Location::Row(1), second: Location::Row(3), .. } if pair_id == "a"),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(message.contains("row 1"), "{message}");
    assert!(message.contains("row 3"), "{message}");
}

#[test]
fn empty_pair_id_is_rejected() {
    let error = ScoredPairs::new(
        vec![
            pair("a", Label::Positive, 0.9),
            pair("  ", Label::Negative, 0.1),
        ],
        ScoreDirection::Similarity,
    )
    .expect_err("empty id");

    assert!(
        matches!(
            error,
            PairsError::EmptyPairId {
                location: Location::Row(2),
                ..
            }
        ),
        "{error:?}"
    );
}

#[test]
fn mismatched_columns_are_rejected() {
    let error = ScoredPairs::from_columns(
        "test".to_owned(),
        ["a", "b"].into_iter().collect(),
        vec![Label::Positive, Label::Negative],
        vec![0.5],
        ScoreDirection::Similarity,
        ExtraColumns::default(),
        Location::Row,
    )
    .expect_err("one score for two pairs");

    assert!(
        matches!(error, PairsError::ColumnLengthMismatch { scores: 1, .. }),
        "{error:?}"
    );
}

#[test]
fn first_repeated_pair_id_is_reported() {
    let ids = ["a", "b", "c", "b", "a", "c"];
    let labels = [Label::Positive, Label::Negative].repeat(3);
    let pairs = ids
        .iter()
        .zip(&labels)
        .map(|(&pair_id, &label)| pair(pair_id, label, 0.5))
        .collect();

    let error = ScoredPairs::new(pairs, ScoreDirection::Similarity).expect_err("repeats");

    assert!(
        matches!(&error, PairsError::DuplicatePairId { pair_id, first: Location::Row(2), second: Location::Row(4), .. } if pair_id == "b"),
        "{error:?}"
    );
}
