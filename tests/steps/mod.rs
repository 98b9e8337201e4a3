//! Step library of the calibration suite, grouped by concept, and the runner
//! that executes feature files with it.

pub mod catalog;
pub mod context;
pub mod encoder;
pub mod estimation;
pub mod hard_negatives;
pub mod parameters;
pub mod pin_check;
pub mod pins;
pub mod pipeline;
pub mod pipeline_adapter;
pub mod run_cache;
pub mod runner;
pub mod scores;
pub mod thresholds;
pub mod world;
