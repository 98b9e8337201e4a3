//! The commented default config that `simcal init` writes. A unit test
//! checks that it parses to exactly [`CalibrationConfig::default`], so the
//! comments and the defaults cannot drift apart.

use std::path::Path;

use super::ConfigError;

/// Default calibration config with a comment on every key.
pub const DEFAULT_CONFIG_YAML: &str = r#"# simcal calibration config. Every key is optional; the values below are
# the defaults. Run it with: simcal calibrate --config <this file>
# Relative paths are resolved against the working directory.

catalog:
  # builtin: generated meshes, no files needed (8 classes).
  # modelnet: a ModelNet40 folder, `root` with <class>/<split>/<class>_NNNN.off.
  # folder: `root` with one sub-folder of mesh files (.off .obj .ply .stl) per class.
  # manifest: `path` of a CSV file with object_id,class,path rows.
  kind: builtin
  # Generator seed of the built-in catalog.
  seed: 0
  # Objects per class, the first ones in file-name order.
  per_class: 80
  # Subset of classes, e.g. [airplane, chair, lamp, sofa]; all when absent.
  # classes: [airplane, bed, bench, bookshelf, chair, lamp, sofa, table]

# Perturbation chain that makes each object's pseudo-positive twin. Steps
# joined by "|": rotate(axis,deg), scale(f), translate(x,y,z), jitter(sigma),
# decimate(ratio), crop(axis,fraction), mirror(axis).
twin: rotate(y,25)

render:
  # Views on a horizontal ring around each object.
  views: 8
  # Width and height of each view, in pixels.
  size_px: 224
  # Model axis that points up (y or z); null: y for builtin, z for files.
  up_axis: null

# Encoders that must run: presets (efficientnet-lite0, clip-vit-b32,
# dinov2-vitb14, pointnet-proxy) or paths to encoder YAML specs.
# A missing model file stops the run before any work starts.
encoders:
  - efficientnet-lite0
  - pointnet-proxy

# Encoders used only when their model files are installed.
optional_encoders:
  - clip-vit-b32
  - dinov2-vitb14

# cosine, l2 (distance between the raw vectors) and l2_normalized
# (distance between the vectors scaled to unit length).
similarities:
  - cosine
  - l2
  - l2_normalized

# Positive base rates (prevalence) to pick a threshold at, each in (0, 1).
base_rates: [0.5, 0.2, 0.05, 0.01]

precision:
  # The precision the product must deliver.
  shipping: 0.9
  # The stricter target to calibrate at: perturbation pairs lack real hard
  # negatives, so budget the difference for them.
  calibration: 0.95

pairs:
  # Random cross-class negative pairs. Positives are one per object and chain.
  negatives: 640

seeds:
  twins: 7
  negatives: 17
  bootstrap: 29

# Bootstrap resamples for confidence intervals; 0 turns them off.
bootstrap_resamples: 1000

# Highest-scoring negatives (cosine) kept per encoder for review.
hard_negatives_k: 30

# Run folder; null writes to runs/<UTC timestamp>/.
output: null

# Embedding cache; null uses $SIMCAL_HOME/cache.
cache: null
"#;

/// Writes the commented default config to `path`. An existing file is only
/// replaced when `overwrite` is set.
pub fn write_default_config(path: &Path, overwrite: bool) -> Result<(), ConfigError> {
    if path.exists() && !overwrite {
        return Err(ConfigError::AlreadyExists {
            path: path.to_path_buf(),
        });
    }
    if let Some(parent) = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent).map_err(|source| ConfigError::Write {
            path: parent.to_path_buf(),
            source,
        })?;
    }
    std::fs::write(path, DEFAULT_CONFIG_YAML).map_err(|source| ConfigError::Write {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::CalibrationConfig;

    #[test]
    fn template_parses_to_defaults() {
        let parsed = CalibrationConfig::from_yaml_str(DEFAULT_CONFIG_YAML, "template").unwrap();
        assert_eq!(parsed, CalibrationConfig::default());
    }

    #[test]
    fn init_refuses_to_overwrite() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("simcal.yaml");
        write_default_config(&path, false).unwrap();
        let error = write_default_config(&path, false).unwrap_err();
        assert!(matches!(error, ConfigError::AlreadyExists { .. }));
        write_default_config(&path, true).unwrap();
    }
}
