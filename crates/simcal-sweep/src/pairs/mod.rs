//! Validated scored pairs: `(pair_id, label, score)` rows with finite scores,
//! unique ids and both classes present.

mod column;
mod error;
mod label;
pub(crate) mod read;
mod write;

use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};

use rayon::prelude::*;

pub use column::TextColumn;
pub use error::{Location, PairsError};
pub use label::Label;
pub use read::{GroupKey, ReadOptions, ScoreGroup, read_scored_pairs_csv};
pub use write::write_scored_pairs_csv;

use crate::similarity::ScoreDirection;

/// One labelled, scored pair as handed to [`ScoredPairs::new`].
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredPair {
    pub pair_id: String,
    pub label: Label,
    pub score: f64,
}

/// Columns beyond `pair_id,label,score` that are carried through unchanged.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExtraColumns {
    pub names: Vec<String>,
    /// One column per name, each with one value per pair.
    pub values: Vec<TextColumn>,
}

/// A set of labelled pairs scored by one encoder and one similarity function.
///
/// Invariants, checked in every constructor: every score is finite, pair ids
/// are non-empty and unique, and there is at least one positive and one
/// negative pair, so ROC-AUC, TPR, FPR and recall are always defined.
#[derive(Debug, Clone)]
pub struct ScoredPairs {
    origin: String,
    pair_ids: TextColumn,
    labels: Vec<Label>,
    scores: Vec<f64>,
    direction: ScoreDirection,
    extra: ExtraColumns,
    positives: u64,
    negatives: u64,
}

impl ScoredPairs {
    /// Validates pairs built in memory; errors name the 1-based row.
    pub fn new(pairs: Vec<ScoredPair>, direction: ScoreDirection) -> Result<Self, PairsError> {
        let mut pair_ids = TextColumn::with_capacity(pairs.len());
        let mut labels = Vec::with_capacity(pairs.len());
        let mut scores = Vec::with_capacity(pairs.len());
        for pair in &pairs {
            pair_ids.push(&pair.pair_id);
            labels.push(pair.label);
            scores.push(pair.score);
        }
        Self::from_columns(
            "scored pairs in memory".to_owned(),
            pair_ids,
            labels,
            scores,
            direction,
            ExtraColumns::default(),
            |row| Location::Row(row + 1),
        )
    }

    /// Validates column-wise data. `origin` names the data in errors (a file
    /// path, with the group when there is one) and `location_of` turns a
    /// 0-based row index into the line or row to report.
    pub fn from_columns(
        origin: String,
        pair_ids: TextColumn,
        labels: Vec<Label>,
        scores: Vec<f64>,
        direction: ScoreDirection,
        extra: ExtraColumns,
        location_of: impl Fn(usize) -> Location,
    ) -> Result<Self, PairsError> {
        let rows = labels.len();
        let extra_lengths_match = extra.names.len() == extra.values.len()
            && extra.values.iter().all(|column| column.len() == rows);
        if pair_ids.len() != rows || scores.len() != rows || !extra_lengths_match {
            return Err(PairsError::ColumnLengthMismatch {
                origin,
                pair_ids: pair_ids.len(),
                labels: rows,
                scores: scores.len(),
            });
        }

        if let Some(row) = scores.iter().position(|score| !score.is_finite()) {
            return Err(PairsError::NonFiniteScore {
                origin,
                location: location_of(row),
                pair_id: pair_ids.get(row).unwrap_or_default().to_owned(),
                value: scores[row],
            });
        }
        check_pair_ids(&origin, &pair_ids, &location_of)?;

        let positives = labels.iter().filter(|label| label.is_positive()).count() as u64;
        let negatives = rows as u64 - positives;
        for (missing, count) in [(Label::Positive, positives), (Label::Negative, negatives)] {
            if count == 0 {
                return Err(PairsError::MissingClass {
                    origin,
                    missing,
                    rows: rows as u64,
                });
            }
        }

        Ok(Self {
            origin,
            pair_ids,
            labels,
            scores,
            direction,
            extra,
            positives,
            negatives,
        })
    }

    /// Where the pairs came from, as used in error messages.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Number of pairs.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Always false: a valid set has at least one pair of each class.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Number of positive pairs (at least one).
    pub fn positives(&self) -> u64 {
        self.positives
    }

    /// Number of negative pairs (at least one).
    pub fn negatives(&self) -> u64 {
        self.negatives
    }

    /// Which side of a threshold predicts positive.
    pub fn direction(&self) -> ScoreDirection {
        self.direction
    }

    /// Scores in row order, all finite.
    pub fn scores(&self) -> &[f64] {
        &self.scores
    }

    /// Labels in row order.
    pub fn labels(&self) -> &[Label] {
        &self.labels
    }

    /// Pair ids in row order.
    pub fn pair_ids(&self) -> &TextColumn {
        &self.pair_ids
    }

    /// The pass-through columns.
    pub fn extra_columns(&self) -> &ExtraColumns {
        &self.extra
    }

    /// The pair in `row`, or `None` past the end.
    pub fn get(&self, row: usize) -> Option<ScoredPair> {
        Some(ScoredPair {
            pair_id: self.pair_ids.get(row)?.to_owned(),
            label: self.labels[row],
            score: self.scores[row],
        })
    }
}

/// Rejects empty and repeated pair ids. Repeats are found by sorting the
/// ids' hashes in parallel, which on millions of ids is several times faster
/// than a hash set, and confirmed by comparing the ids themselves. The
/// repeat reported is the one whose second occurrence comes first.
fn check_pair_ids(
    origin: &str,
    pair_ids: &TextColumn,
    location_of: &impl Fn(usize) -> Location,
) -> Result<(), PairsError> {
    if let Some(row) = pair_ids
        .iter()
        .position(|pair_id| pair_id.trim().is_empty())
    {
        return Err(PairsError::EmptyPairId {
            origin: origin.to_owned(),
            location: location_of(row),
        });
    }

    let hasher = BuildHasherDefault::<DefaultHasher>::default();
    let mut hashed_rows: Vec<(u64, usize)> = (0..pair_ids.len())
        .into_par_iter()
        .map(|row| (hasher.hash_one(pair_ids.get(row).unwrap_or_default()), row))
        .collect();
    hashed_rows.par_sort_unstable();

    let mut repeat: Option<(usize, usize)> = None;
    for same_hash in hashed_rows
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|rows| rows.len() > 1)
    {
        // Rows within a hash are ascending, so the first equal id is the earliest.
        for (position, &(_, row)) in same_hash.iter().enumerate().skip(1) {
            let pair_id = pair_ids.get(row);
            let earlier = same_hash[..position]
                .iter()
                .find(|&&(_, earlier)| pair_ids.get(earlier) == pair_id);
            if let Some(&(_, first)) = earlier
                && repeat.is_none_or(|(_, second)| row < second)
            {
                repeat = Some((first, row));
            }
        }
    }

    match repeat {
        Some((first, second)) => Err(PairsError::DuplicatePairId {
            origin: origin.to_owned(),
            pair_id: pair_ids.get(first).unwrap_or_default().to_owned(),
            first: location_of(first),
            second: location_of(second),
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests;
