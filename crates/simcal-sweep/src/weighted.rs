//! Operating points of a reweighted copy of the scored pairs (a bootstrap
//! resample or a fold), computed from the full sweep without sorting again.
//!
//! Weights are indexed by a pair's rank within its class in the sweep's
//! order (strictest score first): ranks `tp[k-1]..tp[k]` are the positives
//! tied at threshold k. Pairs of equal score and class are interchangeable,
//! so ranks can stand in for rows.

use crate::curves::ThresholdSweep;

/// Calls `visit(index, true_positives, false_positives)` with cumulative
/// weighted counts at every threshold whose own pairs carry weight. A
/// threshold whose pairs all have weight 0 is not a real operating point
/// of the weighted data and is skipped.
pub(crate) fn walk_weighted(
    sweep: &ThresholdSweep,
    positive_weights: &[u32],
    negative_weights: &[u32],
    mut visit: impl FnMut(usize, u64, u64),
) {
    let (mut true_positives, mut false_positives) = (0u64, 0u64);
    let (mut positive_start, mut negative_start) = (0usize, 0usize);
    for (index, (&positive_end, &negative_end)) in sweep
        .true_positives()
        .iter()
        .zip(sweep.false_positives())
        .enumerate()
    {
        let (positive_end, negative_end) = (positive_end as usize, negative_end as usize);
        let block_positives: u64 = positive_weights[positive_start..positive_end]
            .iter()
            .map(|&w| u64::from(w))
            .sum();
        let block_negatives: u64 = negative_weights[negative_start..negative_end]
            .iter()
            .map(|&w| u64::from(w))
            .sum();
        positive_start = positive_end;
        negative_start = negative_end;
        if block_positives + block_negatives == 0 {
            continue;
        }
        true_positives += block_positives;
        false_positives += block_negatives;
        visit(index, true_positives, false_positives);
    }
}
