//! The calibration config as written in YAML: every section with its
//! documented default. Values here are raw; [`super::Plan`] is the validated
//! form that the pipeline runs.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use simcal_dataset::{CatalogSpec, PerturbationChain};
use simcal_render::UpAxis;
use simcal_sweep::Similarity;

/// Everything `simcal calibrate` needs to know. `Default` is the documented
/// default run: built-in catalog, 8 classes x 80 objects, 25 degree
/// y-rotation twins, 8 views, EfficientNet-Lite0 and the point-cloud
/// descriptor, 640 negatives.
///
/// Relative paths are resolved against the working directory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CalibrationConfig {
    /// Mesh source (built-in, ModelNet folder, generic folder or CSV
    /// manifest) with its class list and objects per class.
    pub catalog: CatalogSpec,
    /// Perturbation chain that makes each object's pseudo-positive twin,
    /// for example `rotate(y,25)|decimate(0.5)`.
    pub twin: PerturbationChain,
    pub render: RenderConfig,
    /// Encoders that must run: preset names (`efficientnet-lite0`,
    /// `clip-vit-b32`, `dinov2-vitb14`, `pointnet-proxy`) or paths to custom
    /// encoder YAML specs. A missing model file is an error.
    pub encoders: Vec<String>,
    /// Encoders that run when their model files are installed and are
    /// skipped (logged at info) when not.
    pub optional_encoders: Vec<String>,
    /// Pair scores: `cosine`, `l2` (raw vectors) and `l2_normalized` (unit vectors).
    pub similarities: Vec<Similarity>,
    /// Positive base rates (prevalence) to pick operating points at, each in (0, 1).
    pub base_rates: Vec<f64>,
    pub precision: PrecisionTargets,
    pub pairs: PairsConfig,
    pub seeds: Seeds,
    /// Bootstrap resamples for confidence intervals; 0 turns them off.
    pub bootstrap_resamples: usize,
    /// Number of highest-scoring negatives kept per encoder (cosine).
    pub hard_negatives_k: usize,
    /// Run folder; when absent, `runs/<UTC timestamp>/`.
    pub output: Option<PathBuf>,
    /// Embedding cache folder; when absent, the encoder crate's default
    /// (`$SIMCAL_HOME/cache`).
    pub cache: Option<PathBuf>,
}

impl Default for CalibrationConfig {
    fn default() -> Self {
        Self {
            catalog: CatalogSpec::default(),
            twin: PerturbationChain::default_twin(),
            render: RenderConfig::default(),
            encoders: vec!["efficientnet-lite0".to_owned(), "pointnet-proxy".to_owned()],
            optional_encoders: vec!["clip-vit-b32".to_owned(), "dinov2-vitb14".to_owned()],
            similarities: Similarity::ALL.to_vec(),
            base_rates: vec![0.5, 0.2, 0.05, 0.01],
            precision: PrecisionTargets::default(),
            pairs: PairsConfig::default(),
            seeds: Seeds::default(),
            bootstrap_resamples: 1000,
            hard_negatives_k: 30,
            output: None,
            cache: None,
        }
    }
}

/// Multi-view render settings; the renderer's other settings (camera
/// elevation 20 degrees, field of view 40 degrees, lighting) keep the
/// renderer's defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RenderConfig {
    /// Views on a horizontal ring around the object.
    pub views: u32,
    /// Width and height of each view in pixels.
    pub size_px: u32,
    /// Model axis that points up: `y` or `z`. When absent, `y` for the
    /// built-in catalog and `z` (the ModelNet convention) for files.
    pub up_axis: Option<UpAxis>,
}

impl Default for RenderConfig {
    fn default() -> Self {
        Self {
            views: 8,
            size_px: 224,
            up_axis: None,
        }
    }
}

impl RenderConfig {
    /// Builds the renderer's settings for a catalog.
    pub fn to_render_config(&self, catalog: &CatalogSpec) -> simcal_render::RenderConfig {
        let default_up = match catalog {
            CatalogSpec::Builtin { .. } => UpAxis::Y,
            _ => UpAxis::Z,
        };
        simcal_render::RenderConfig {
            views: self.views,
            size_px: self.size_px,
            up_axis: self.up_axis.unwrap_or(default_up),
            ..simcal_render::RenderConfig::default()
        }
    }
}

/// Precision targets: the one the product ships against and a stricter one
/// to calibrate at, which budgets for hard negatives the perturbation set
/// does not contain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PrecisionTargets {
    pub shipping: f64,
    pub calibration: f64,
}

impl Default for PrecisionTargets {
    fn default() -> Self {
        Self {
            shipping: 0.90,
            calibration: 0.95,
        }
    }
}

/// Pair counts. Positives are one per object and perturbation chain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PairsConfig {
    /// Random cross-class negative pairs, sampled without repetition.
    pub negatives: usize,
}

impl Default for PairsConfig {
    fn default() -> Self {
        Self { negatives: 640 }
    }
}

/// Seeds for every random choice, so that a rerun reproduces every output.
/// The built-in catalog's generator seed is `catalog.seed`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Seeds {
    /// Twin perturbations (jitter, decimation); each object's twin seed is
    /// derived from it and the object id.
    pub twins: u64,
    /// Negative pair sampling.
    pub negatives: u64,
    /// Bootstrap resampling.
    pub bootstrap: u64,
}

impl Default for Seeds {
    fn default() -> Self {
        Self {
            twins: 7,
            negatives: 17,
            bootstrap: 29,
        }
    }
}
