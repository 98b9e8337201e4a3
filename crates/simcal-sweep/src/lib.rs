//! Threshold sweeps over labelled pair scores: the maths that turns
//! near-duplicate scores into the threshold to ship at a given positive base
//! rate.
//!
//! - [`pairs`]: validated [`ScoredPairs`] and the scores CSV reader.
//! - [`similarity`]: cosine, raw L2 and normalised L2, each with its
//!   [`ScoreDirection`].
//! - [`ThresholdSweep`]: confusion counts at every distinct score, from which
//!   come the [`RocCurve`], the [`PrCurve`], ROC-AUC and average precision.
//! - [`BaseRate`] reweighting and [`ThresholdSweep::select_threshold`]: the
//!   most permissive threshold whose precision at pi reaches a
//!   [`PrecisionTarget`], with the recall left there and a
//!   [`ResolutionGuard`] on the negatives behind it.
//! - [`bootstrap_thresholds`] and [`heldout_check`]: how far that threshold
//!   can be trusted.
//! - [`sweep`]: all of the above for one set of pairs, and [`output`] to
//!   write it as CSV.
//!
//! ```
//! use simcal_sweep::{Label, ScoreDirection, ScoredPair, ScoredPairs, SweepConfig, sweep};
//!
//! let rows = [("a", 1, 0.9), ("b", 0, 0.5), ("c", 1, 0.5), ("d", 0, 0.1)];
//! let pairs = rows
//!     .iter()
//!     .map(|&(id, label, score)| ScoredPair {
//!         pair_id: id.to_owned(),
//!         label: if label == 1 { Label::Positive } else { Label::Negative },
//!         score,
//!     })
//!     .collect();
//! let pairs = ScoredPairs::new(pairs, ScoreDirection::Similarity)?;
//! let config = SweepConfig { bootstrap: None, heldout: None, ..SweepConfig::default() };
//! let report = sweep(&pairs, &config)?;
//! assert_eq!(report.roc_auc, 0.875);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod auc;
mod base_rate;
mod bootstrap;
mod curves;
mod error;
mod heldout;
mod interval;
mod operating_point;
pub mod output;
pub mod pairs;
mod report;
mod runs;
pub mod similarity;
mod sort;
mod table;
mod weighted;

pub use base_rate::{
    BaseRate, PrecisionTarget, max_fpr_for_target, reweighted_precision, rule_of_three_fpr_bound,
};
pub use bootstrap::{BootstrapConfig, BootstrapEstimate, bootstrap_thresholds};
pub use curves::{PrCurve, PrPoint, RocCurve, RocPoint, ThresholdSweep};
pub use error::SweepError;
pub use heldout::{HeldOutConfig, HeldOutEstimate, heldout_check};
pub use interval::{ConfidenceInterval, ConfidenceLevel};
pub use operating_point::{
    OperatingPoint, ResolutionGuard, ShippedAtBaseRate, ShippedThreshold, TargetAtBaseRate,
    ThresholdChoice, ThresholdStatus,
};
pub use output::{ReportGroup, write_sweep_csvs};
pub use pairs::{Label, PairsError, ScoredPair, ScoredPairs};
pub use report::{HeldOutOutcome, SweepConfig, SweepReport, ThresholdAtBaseRate, sweep};
pub use similarity::{ScoreDirection, Similarity, SimilarityError};
pub use table::format_threshold_table;
