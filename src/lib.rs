//! simcal: calibrates near-duplicate similarity thresholds for 3D assets.

pub use simcal_audit as audit;
pub use simcal_dataset as dataset;
pub use simcal_encode as encode;
pub use simcal_mesh as mesh;
pub use simcal_render as render;
pub use simcal_sweep as sweep;

pub mod cli;
pub mod config;
pub mod figures;
pub mod outputs;
pub mod pins;
pub mod pipeline;
pub mod report;
