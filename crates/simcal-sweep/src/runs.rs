//! Counting true and false positives at every distinct score. Rows are cut
//! into one chunk per thread, and each chunk's positives and negatives are
//! radix-sorted into runs. The runs are merged in key-range segments, one
//! per thread, and the segments' counts are offset and joined.

use rayon::prelude::*;

use crate::pairs::{Label, ScoredPairs};
use crate::similarity::ScoreDirection;
use crate::sort::{descending_key, score_of_key, sort_keys};

/// Below this many pairs everything runs on one thread.
const PARALLEL_MIN_PAIRS: usize = 1 << 16;
/// Upper bound on sorted runs per class and on merge segments.
const MAX_PARTS: usize = 8;

/// Distinct thresholds, strictest first, with cumulative class counts.
pub(crate) struct ThresholdCounts {
    pub(crate) thresholds: Vec<f64>,
    pub(crate) true_positives: Vec<u64>,
    pub(crate) false_positives: Vec<u64>,
    pub(crate) positives: u64,
    pub(crate) negatives: u64,
}

pub(crate) fn count_thresholds(pairs: &ScoredPairs) -> ThresholdCounts {
    let direction = pairs.direction();
    let parts = if pairs.len() < PARALLEL_MIN_PAIRS {
        1
    } else {
        rayon::current_num_threads().clamp(1, MAX_PARTS)
    };
    let chunk_rows = pairs.len().div_ceil(parts).max(1);
    let (positive_runs, negative_runs): (Vec<Vec<u64>>, Vec<Vec<u64>>) = pairs
        .scores()
        .par_chunks(chunk_rows)
        .zip(pairs.labels().par_chunks(chunk_rows))
        .map(|(scores, labels)| sorted_class_keys(direction, scores, labels))
        .unzip();

    // Segment boundaries are keys of the longest run at even spacing. A
    // boundary key starts its segment in every run, so a tied block is never
    // split between segments.
    let longest = positive_runs
        .iter()
        .chain(&negative_runs)
        .max_by_key(|run| run.len())
        .map_or(&[][..], Vec::as_slice);
    let mut boundaries: Vec<u64> = (1..parts)
        .map(|part| longest[part * longest.len() / parts])
        .collect();
    boundaries.dedup();
    let segment_count = boundaries.len() + 1;
    let segments: Vec<SegmentCounts> = (0..segment_count)
        .into_par_iter()
        .map(|segment| {
            let lower = segment.checked_sub(1).map(|index| boundaries[index]);
            let upper = boundaries.get(segment).copied();
            let positive_slices: Vec<&[u64]> = positive_runs
                .iter()
                .map(|run| key_range(run, lower, upper))
                .collect();
            let negative_slices: Vec<&[u64]> = negative_runs
                .iter()
                .map(|run| key_range(run, lower, upper))
                .collect();
            count_segment(direction, &positive_slices, &negative_slices)
        })
        .collect();

    join_segments(segments)
}

/// The part of a sorted run with `lower <= key < upper` (unbounded where `None`).
fn key_range(run: &[u64], lower: Option<u64>, upper: Option<u64>) -> &[u64] {
    let start = lower.map_or(0, |lower| run.partition_point(|&key| key < lower));
    let end = upper.map_or(run.len(), |upper| run.partition_point(|&key| key < upper));
    &run[start..end.max(start)]
}

/// Counts within one key-range segment, cumulative from the segment's start.
struct SegmentCounts {
    thresholds: Vec<f64>,
    true_positives: Vec<u64>,
    false_positives: Vec<u64>,
    positives: u64,
    negatives: u64,
}

fn count_segment(
    direction: ScoreDirection,
    positive_runs: &[&[u64]],
    negative_runs: &[&[u64]],
) -> SegmentCounts {
    let keys: usize = positive_runs
        .iter()
        .chain(negative_runs)
        .map(|run| run.len())
        .sum();
    // Capacity for the worst case (no ties) only reserves address space:
    // untouched pages cost no memory.
    let mut thresholds = Vec::with_capacity(keys);
    let mut true_positives = Vec::with_capacity(keys);
    let mut false_positives = Vec::with_capacity(keys);
    let mut positive_cursors = RunCursors::new(positive_runs);
    let mut negative_cursors = RunCursors::new(negative_runs);
    loop {
        let key = positive_cursors.next_key().min(negative_cursors.next_key());
        // u64::MAX is the key of a NaN, never of a finite score, so it marks
        // that every run is exhausted.
        if key == u64::MAX {
            break;
        }
        positive_cursors.advance_past(key);
        negative_cursors.advance_past(key);
        // Orienting is its own inverse, so it maps the key back to the score.
        thresholds.push(direction.orient(score_of_key(key)));
        true_positives.push(positive_cursors.consumed);
        false_positives.push(negative_cursors.consumed);
    }
    SegmentCounts {
        thresholds,
        true_positives,
        false_positives,
        positives: positive_cursors.consumed,
        negatives: negative_cursors.consumed,
    }
}

/// Concatenates segments in key order, adding to each the class counts of
/// the segments before it.
fn join_segments(mut segments: Vec<SegmentCounts>) -> ThresholdCounts {
    if segments.len() == 1
        && let Some(segment) = segments.pop()
    {
        return ThresholdCounts {
            thresholds: segment.thresholds,
            true_positives: segment.true_positives,
            false_positives: segment.false_positives,
            positives: segment.positives,
            negatives: segment.negatives,
        };
    }

    let len: usize = segments
        .iter()
        .map(|segment| segment.thresholds.len())
        .sum();
    let mut joined = ThresholdCounts {
        thresholds: Vec::with_capacity(len),
        true_positives: Vec::with_capacity(len),
        false_positives: Vec::with_capacity(len),
        positives: 0,
        negatives: 0,
    };
    for segment in segments {
        let (positive_offset, negative_offset) = (joined.positives, joined.negatives);
        joined.thresholds.extend_from_slice(&segment.thresholds);
        joined.true_positives.extend(
            segment
                .true_positives
                .iter()
                .map(|&count| count + positive_offset),
        );
        joined.false_positives.extend(
            segment
                .false_positives
                .iter()
                .map(|&count| count + negative_offset),
        );
        joined.positives += segment.positives;
        joined.negatives += segment.negatives;
    }
    joined
}

/// Splits one chunk of rows by class into descending-order keys, each
/// class sorted.
fn sorted_class_keys(
    direction: ScoreDirection,
    scores: &[f64],
    labels: &[Label],
) -> (Vec<u64>, Vec<u64>) {
    let positives = labels.iter().filter(|label| label.is_positive()).count();
    let mut positive_keys = Vec::with_capacity(positives);
    let mut negative_keys = Vec::with_capacity(labels.len() - positives);
    for (&score, label) in scores.iter().zip(labels) {
        let key = descending_key(direction.orient(score));
        if label.is_positive() {
            positive_keys.push(key);
        } else {
            negative_keys.push(key);
        }
    }
    sort_keys(&mut positive_keys);
    sort_keys(&mut negative_keys);
    (positive_keys, negative_keys)
}

/// Read positions in the sorted runs of one class.
struct RunCursors<'a> {
    runs: &'a [&'a [u64]],
    positions: Vec<usize>,
    /// Keys consumed so far over all runs.
    consumed: u64,
}

impl<'a> RunCursors<'a> {
    fn new(runs: &'a [&'a [u64]]) -> Self {
        Self {
            runs,
            positions: vec![0; runs.len()],
            consumed: 0,
        }
    }

    /// The smallest unconsumed key, or u64::MAX when every run is exhausted.
    fn next_key(&self) -> u64 {
        self.runs
            .iter()
            .zip(&self.positions)
            .map(|(run, &position)| run.get(position).copied().unwrap_or(u64::MAX))
            .min()
            .unwrap_or(u64::MAX)
    }

    /// Consumes every key equal to `key` in every run.
    fn advance_past(&mut self, key: u64) {
        for (run, position) in self.runs.iter().zip(self.positions.iter_mut()) {
            let start = *position;
            while run.get(*position) == Some(&key) {
                *position += 1;
            }
            self.consumed += (*position - start) as u64;
        }
    }
}
