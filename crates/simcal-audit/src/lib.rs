//! Keeping a shipped threshold honest in production.
//!
//! - **Audit sampling** ([`draw_audit_sample`]): a stratified sample of a
//!   production score stream by score band, written as a sheet to label,
//!   plus the stream's [`BandShares`].
//! - **Estimation** ([`estimate_prevalence`]): the stream's positive base
//!   rate from the labelled sheet and the shares, with a stratified
//!   confidence interval and per-band Wilson intervals;
//!   [`compare_weeks`] raises drift alerts between two audits, and
//!   [`estimate_prior_em`] gives a second opinion from calibrated posteriors.
//! - **Threshold log** ([`ThresholdDecision`]): one JSON line per decision
//!   with the threshold in force; [`analyze_threshold_log`] splits audited
//!   precision by threshold version.
//! - **Recalibration** ([`recalibrate`]): the sweep's threshold at the
//!   estimate and at both ends of its interval.
//! - **Hard-negative bucket** ([`HardNegativeBucket`]): the top K negatives,
//!   re-scored by [`check_bucket`] after an encoder change.
//!
//! Every function works on in-memory data; the `read_*`, `parse_*` and
//! `write_*` functions convert from and to the documented file formats.

pub mod bands;
pub mod bucket;
pub mod bucket_check;
pub mod drift;
pub mod em_prior;
pub mod error;
pub mod estimate;
pub mod interval;
pub mod log_analysis;
pub mod pair_labels;
pub mod recalibrate;
pub mod sample;
pub mod shares;
pub mod sheet;
pub mod stream;
pub mod threshold_log;

pub use bands::{DEFAULT_BAND_EDGES, ScoreBands};
pub use bucket::{
    DEFAULT_BUCKET_SIZE, HardNegative, HardNegativeBucket, parse_bucket, read_bucket, write_bucket,
};
pub use bucket_check::{BucketCheck, RescoredNegative, check_bucket, scores_by_pair_id};
pub use drift::{
    BandDrift, DEFAULT_ALERT_SHIFT_POINTS, DriftOptions, WeekComparison, compare_weeks,
};
pub use em_prior::{EmPriorEstimate, EmPriorOptions, estimate_prior_em};
pub use error::AuditError;
pub use estimate::{
    BandEstimate, BandVariance, EstimateOptions, PrevalenceEstimate, estimate_prevalence,
    parse_estimate, read_estimate, write_estimate,
};
pub use interval::{DEFAULT_CONFIDENCE_LEVEL, Interval, wilson_interval, z_for_confidence};
pub use log_analysis::{LogAnalysis, VersionPrecision, analyze_threshold_log};
pub use pair_labels::{PairLabels, pair_id, parse_pair_labels, read_pair_labels};
pub use recalibrate::{BaseRateSource, Recalibration, recalibrate};
pub use sample::{AuditSample, DEFAULT_PER_BAND, SampleOptions, ShortBand, draw_audit_sample};
pub use shares::{
    BandShares, default_shares_path, parse_band_shares, read_band_shares, write_band_shares,
};
pub use sheet::{
    AuditRow, AuditSheet, parse_audit_sheet, parse_label, read_audit_sheet, write_audit_sheet,
};
pub use stream::{ScoreStream, StreamItem, parse_score_stream, read_score_stream};
pub use threshold_log::{
    Decision, ThresholdDecision, ThresholdLogWriter, append_threshold_log, parse_threshold_log,
    read_threshold_log,
};
