//! Loading listed objects. A file that fails to load is skipped, logged and
//! recorded as a [`SkippedObject`], unless loading is strict.

use std::time::Instant;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use simcal_mesh::{LoadError, LoadedMesh, MeshError, load_mesh};
use thiserror::Error;

use crate::builtin::generate_builtin;
use crate::entry::{CatalogEntry, ObjectSource};

/// Failure to load one catalog object.
#[derive(Debug, Error)]
pub enum ObjectLoadError {
    #[error(transparent)]
    File(#[from] LoadError),
    #[error("built-in object {object_id} is invalid: {source}")]
    Builtin {
        object_id: String,
        #[source]
        source: MeshError,
    },
}

/// A catalog object that could not be loaded, for the run report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedObject {
    pub object_id: String,
    pub class: String,
    /// File path or generator of the object.
    pub source: String,
    pub reason: String,
}

/// A loaded catalog object.
#[derive(Debug, Clone)]
pub struct LoadedObject {
    pub entry: CatalogEntry,
    pub mesh: simcal_mesh::Mesh,
    /// Non-fatal problems the loader reported.
    pub warnings: Vec<String>,
}

/// Objects that loaded, in catalog order, and those that were skipped.
#[derive(Debug, Clone, Default)]
pub struct LoadedCatalog {
    pub objects: Vec<LoadedObject>,
    pub skipped: Vec<SkippedObject>,
}

/// Strict loading stopped at an object that failed to load.
#[derive(Debug, Error)]
#[error(
    "failed to load {object_id} (class {class}) from {source_text}: {error}; without --strict such objects are skipped"
)]
pub struct StrictLoadError {
    pub object_id: String,
    pub class: String,
    pub source_text: String,
    #[source]
    pub error: Box<ObjectLoadError>,
}

/// Loads or generates the mesh of one entry.
pub fn load_entry(entry: &CatalogEntry) -> Result<LoadedMesh, ObjectLoadError> {
    match &entry.source {
        ObjectSource::File(path) => Ok(load_mesh(path)?),
        ObjectSource::Builtin { seed, class, index } => {
            let mesh = generate_builtin(*seed, *class, *index).map_err(|source| {
                ObjectLoadError::Builtin {
                    object_id: entry.object_id.clone(),
                    source,
                }
            })?;
            Ok(LoadedMesh {
                mesh,
                warnings: Vec::new(),
            })
        }
    }
}

/// Loads every entry in parallel. Failures are logged at warn and returned
/// in [`LoadedCatalog::skipped`]. With `strict`, the first failure in
/// catalog order is returned as an error instead.
pub fn load_catalog(
    entries: &[CatalogEntry],
    strict: bool,
) -> Result<LoadedCatalog, StrictLoadError> {
    let started = Instant::now();
    let results: Vec<Result<LoadedMesh, ObjectLoadError>> =
        entries.par_iter().map(load_entry).collect();

    let mut catalog = LoadedCatalog::default();
    for (entry, result) in entries.iter().zip(results) {
        match result {
            Ok(loaded) => {
                for warning in &loaded.warnings {
                    tracing::debug!(object_id = %entry.object_id, warning, "mesh loaded with a warning");
                }
                catalog.objects.push(LoadedObject {
                    entry: entry.clone(),
                    mesh: loaded.mesh,
                    warnings: loaded.warnings,
                });
            }
            Err(error) if strict => {
                return Err(StrictLoadError {
                    object_id: entry.object_id.clone(),
                    class: entry.class.clone(),
                    source_text: entry.source.to_string(),
                    error: Box::new(error),
                });
            }
            Err(error) => {
                tracing::warn!(
                    object_id = %entry.object_id,
                    source = %entry.source,
                    %error,
                    "skipping object that failed to load"
                );
                catalog.skipped.push(SkippedObject {
                    object_id: entry.object_id.clone(),
                    class: entry.class.clone(),
                    source: entry.source.to_string(),
                    reason: error.to_string(),
                });
            }
        }
    }
    tracing::info!(
        loaded = catalog.objects.len(),
        skipped = catalog.skipped.len(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "loaded catalog"
    );
    Ok(catalog)
}
