//! Calibration config: the YAML schema with documented defaults
//! ([`CalibrationConfig`]), parsing with nearest-key suggestions for typos,
//! the commented template that `simcal init` writes, and validation into a
//! [`Plan`] before any work starts.
//!
//! ```
//! use simcal::config::CalibrationConfig;
//! use simcal::dataset::CatalogSpec;
//!
//! let mut config = CalibrationConfig::default();
//! config.catalog = CatalogSpec::Builtin {
//!     seed: 0,
//!     per_class: 6,
//!     classes: Some(vec!["chair".into(), "lamp".into(), "sofa".into(), "table".into()]),
//! };
//! config.pairs.negatives = 24;
//! config.encoders = vec!["pointnet-proxy".to_owned()];
//! config.optional_encoders.clear();
//! let plan = config.into_plan().expect("valid config");
//! assert_eq!(plan.encoders.len(), 1);
//! ```

pub mod encoders;
mod error;
mod parse;
mod plan;
mod schema;
mod template;

pub use encoders::{EncoderPlan, EncoderSource};
pub use error::ConfigError;
pub use plan::{Plan, SkippedEncoder};
pub use schema::{CalibrationConfig, PairsConfig, PrecisionTargets, RenderConfig, Seeds};
pub use template::{DEFAULT_CONFIG_YAML, write_default_config};
