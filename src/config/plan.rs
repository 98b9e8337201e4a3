//! Validation of a [`CalibrationConfig`] into a [`Plan`]: every check that
//! can fail without doing the work (ranges, paths, encoder availability)
//! runs here, before any mesh is loaded.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use simcal_dataset::{CatalogEntry, list_catalog};

use super::encoders::{EncoderPlan, resolve_encoder};
use simcal_sweep::Similarity;

use super::{CalibrationConfig, ConfigError, PrecisionTargets};

/// A validated calibration: what the pipeline runs.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The config as given (with defaults filled in), kept for provenance.
    pub config: CalibrationConfig,
    /// Encoders that will run, required ones first, in config order.
    pub encoders: Vec<EncoderPlan>,
    /// Optional encoders left out, with the reason (for the log and provenance).
    pub skipped_encoders: Vec<SkippedEncoder>,
    /// Similarities in config order, without repeats.
    pub similarities: Vec<Similarity>,
    /// Base rates in config order.
    pub base_rates: Vec<f64>,
    pub precision: PrecisionTargets,
    /// Folder that receives the outputs.
    pub run_folder: PathBuf,
    /// Catalog objects in catalog order (listed, not loaded).
    pub entries: Vec<CatalogEntry>,
}

/// An optional encoder that is not installed.
#[derive(Debug, Clone, PartialEq)]
pub struct SkippedEncoder {
    pub name: String,
    pub reason: String,
}

impl Plan {
    /// Whether any encoder in the plan reads rendered views.
    pub fn needs_rendering(&self) -> bool {
        self.encoders.iter().any(EncoderPlan::needs_views)
    }

    /// The base rate the report treats as the calibration-set reference:
    /// 0.5 when configured, else the largest one.
    pub fn reference_base_rate(&self) -> f64 {
        if self.base_rates.contains(&0.5) {
            return 0.5;
        }
        self.base_rates.iter().copied().fold(f64::MIN, f64::max)
    }
}

impl CalibrationConfig {
    /// Validates the config into a runnable plan. The run folder defaults to
    /// `runs/<UTC timestamp>/` under the working directory.
    pub fn into_plan(self) -> Result<Plan, ConfigError> {
        validate_counts(&self)?;
        let base_rates = validate_base_rates(&self.base_rates)?;
        validate_targets(&self.precision)?;
        let similarities = validate_similarities(&self.similarities)?;
        let entries = list_entries(&self)?;

        let mut encoders = Vec::new();
        let mut seen = BTreeSet::new();
        for name in &self.encoders {
            if !seen.insert(name.clone()) {
                return Err(ConfigError::invalid(
                    "encoders",
                    name,
                    "listed twice; remove the repeat",
                ));
            }
            encoders.push(resolve_encoder(name)?);
        }
        let mut skipped_encoders = Vec::new();
        for name in &self.optional_encoders {
            if !seen.insert(name.clone()) {
                continue;
            }
            match resolve_encoder(name) {
                Ok(encoder) => encoders.push(encoder),
                Err(error) => skipped_encoders.push(SkippedEncoder {
                    name: name.clone(),
                    reason: error.to_string(),
                }),
            }
        }
        if encoders.is_empty() {
            return Err(ConfigError::invalid(
                "encoders",
                "[]",
                "at least one encoder is needed",
            ));
        }

        let run_folder = match &self.output {
            Some(path) => path.clone(),
            None => {
                PathBuf::from("runs").join(chrono::Utc::now().format("%Y%m%dT%H%M%SZ").to_string())
            }
        };
        if run_folder.is_file() {
            return Err(ConfigError::invalid(
                "output",
                run_folder.display(),
                "is a file; name a folder (it is created if missing)",
            ));
        }

        Ok(Plan {
            precision: self.precision.clone(),
            config: self,
            encoders,
            skipped_encoders,
            similarities,
            base_rates,
            run_folder,
            entries,
        })
    }
}

/// Lists the catalog (no geometry is loaded) and checks that it can yield
/// the requested pairs.
fn list_entries(config: &CalibrationConfig) -> Result<Vec<CatalogEntry>, ConfigError> {
    let entries = list_catalog(&config.catalog).map_err(|source| ConfigError::Catalog {
        spec: config.catalog.to_string(),
        source,
    })?;
    let mut class_sizes: BTreeMap<&str, usize> = BTreeMap::new();
    for entry in &entries {
        *class_sizes.entry(entry.class.as_str()).or_default() += 1;
    }
    if class_sizes.len() < 2 {
        return Err(ConfigError::invalid(
            "catalog",
            config.catalog.to_string(),
            format!(
                "lists {} object(s) in {} class(es); negatives are cross-class pairs, so at least 2 classes are needed",
                entries.len(),
                class_sizes.len()
            ),
        ));
    }
    let objects = entries.len();
    let same_class_pairs: usize = class_sizes
        .values()
        .map(|&size| size * (size - 1) / 2)
        .sum();
    let cross_class_pairs = objects * (objects - 1) / 2 - same_class_pairs;
    if config.pairs.negatives > cross_class_pairs {
        return Err(ConfigError::invalid(
            "pairs.negatives",
            config.pairs.negatives,
            format!(
                "the catalog's {objects} objects in {} classes allow only {cross_class_pairs} distinct cross-class pairs; lower pairs.negatives",
                class_sizes.len()
            ),
        ));
    }
    Ok(entries)
}

fn validate_counts(config: &CalibrationConfig) -> Result<(), ConfigError> {
    if config.render.views == 0 {
        return Err(ConfigError::invalid(
            "render.views",
            0,
            "must be at least 1",
        ));
    }
    if !(16..=4096).contains(&config.render.size_px) {
        return Err(ConfigError::invalid(
            "render.size_px",
            config.render.size_px,
            "must be between 16 and 4096",
        ));
    }
    if config.pairs.negatives == 0 {
        return Err(ConfigError::invalid(
            "pairs.negatives",
            0,
            "must be at least 1",
        ));
    }
    if config.hard_negatives_k == 0 {
        return Err(ConfigError::invalid(
            "hard_negatives_k",
            0,
            "must be at least 1",
        ));
    }
    Ok(())
}

fn validate_base_rates(base_rates: &[f64]) -> Result<Vec<f64>, ConfigError> {
    if base_rates.is_empty() {
        return Err(ConfigError::invalid(
            "base_rates",
            "[]",
            "at least one base rate is needed, e.g. [0.5, 0.05]",
        ));
    }
    for (index, &rate) in base_rates.iter().enumerate() {
        if !(rate > 0.0 && rate < 1.0) {
            return Err(ConfigError::invalid(
                format!("base_rates[{index}]"),
                rate,
                "must be strictly between 0 and 1",
            ));
        }
        if base_rates[..index].contains(&rate) {
            return Err(ConfigError::invalid(
                format!("base_rates[{index}]"),
                rate,
                "listed twice",
            ));
        }
    }
    Ok(base_rates.to_vec())
}

fn validate_targets(precision: &PrecisionTargets) -> Result<(), ConfigError> {
    for (key, value) in [
        ("precision.shipping", precision.shipping),
        ("precision.calibration", precision.calibration),
    ] {
        if !(value > 0.0 && value <= 1.0) {
            return Err(ConfigError::invalid(key, value, "must be in (0, 1]"));
        }
    }
    if precision.calibration < precision.shipping {
        return Err(ConfigError::invalid(
            "precision.calibration",
            precision.calibration,
            format!(
                "must be at least precision.shipping ({}); the calibration target budgets for hard negatives, so it is the stricter one",
                precision.shipping
            ),
        ));
    }
    Ok(())
}

fn validate_similarities(similarities: &[Similarity]) -> Result<Vec<Similarity>, ConfigError> {
    let mut unique = Vec::new();
    for &similarity in similarities {
        if !unique.contains(&similarity) {
            unique.push(similarity);
        }
    }
    if !unique.contains(&Similarity::Cosine) {
        return Err(ConfigError::invalid(
            "similarities",
            format!(
                "{:?}",
                similarities.iter().map(|s| s.name()).collect::<Vec<_>>()
            ),
            "must include cosine: hard negatives, figures and the recommendation use it",
        ));
    }
    Ok(unique)
}

#[cfg(test)]
mod tests {
    use super::*;
    use simcal_dataset::CatalogSpec;

    fn small_config() -> CalibrationConfig {
        let mut config = CalibrationConfig::default();
        config.encoders = vec!["pointnet-proxy".to_owned()];
        config.optional_encoders = Vec::new();
        config.catalog = CatalogSpec::Builtin {
            seed: 0,
            per_class: 6,
            classes: Some(
                ["airplane", "bed", "chair", "lamp"]
                    .map(str::to_owned)
                    .to_vec(),
            ),
        };
        config.pairs.negatives = 24;
        config
    }

    #[test]
    fn small_config_validates() {
        let plan = small_config().into_plan().unwrap();
        assert_eq!(plan.encoders.len(), 1);
        assert_eq!(plan.entries.len(), 24);
        assert!(!plan.needs_rendering());
        assert_eq!(plan.reference_base_rate(), 0.5);
        assert!(plan.run_folder.starts_with("runs"));
    }

    #[test]
    fn too_many_negatives_rejected() {
        let mut config = small_config();
        // 4 classes x 6 objects: 24 * 23 / 2 - 4 * 15 = 216 cross-class pairs.
        config.pairs.negatives = 217;
        let error = config.into_plan().unwrap_err().to_string();
        assert!(error.contains("216"), "{error}");
    }

    #[test]
    fn one_class_rejected() {
        let mut config = small_config();
        config.catalog = CatalogSpec::Builtin {
            seed: 0,
            per_class: 6,
            classes: Some(vec!["chair".to_owned()]),
        };
        let error = config.into_plan().unwrap_err().to_string();
        assert!(error.contains("at least 2 classes"), "{error}");
    }

    #[test]
    fn base_rate_out_of_range_rejected() {
        let mut config = small_config();
        config.base_rates = vec![0.5, 1.0];
        let error = config.into_plan().unwrap_err().to_string();
        assert!(error.contains("base_rates[1]"), "{error}");
    }

    #[test]
    fn calibration_target_below_shipping_rejected() {
        let mut config = small_config();
        config.precision.calibration = 0.8;
        let error = config.into_plan().unwrap_err().to_string();
        assert!(error.contains("precision.calibration"), "{error}");
    }

    #[test]
    fn missing_catalog_folder_rejected() {
        let mut config = small_config();
        config.catalog = CatalogSpec::Folder {
            root: PathBuf::from("no/such/folder"),
            classes: None,
            per_class: None,
        };
        let error = config.into_plan().unwrap_err().to_string();
        assert!(error.contains("no/such/folder"), "{error}");
    }

    #[test]
    fn unknown_encoder_rejected() {
        let mut config = small_config();
        config.encoders.push("resnet-9000".to_owned());
        let error = config.into_plan().unwrap_err().to_string();
        assert!(error.contains("resnet-9000"), "{error}");
    }

    #[test]
    fn similarities_without_cosine_rejected() {
        let mut config = small_config();
        config.similarities = vec![Similarity::L2];
        assert!(config.into_plan().is_err());
    }
}
