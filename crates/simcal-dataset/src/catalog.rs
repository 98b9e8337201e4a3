//! Listing a catalog: turning a [`CatalogSpec`] into [`CatalogEntry`] values
//! without loading any geometry.

use std::collections::HashMap;
use std::io;
use std::path::PathBuf;
use std::time::Instant;

use thiserror::Error;

use crate::builtin::{BuiltinClass, builtin_entries};
use crate::entry::{CatalogEntry, ObjectSource};
use crate::spec::{CatalogSpec, SpecError};
use crate::{folders, manifest_catalog};

/// Failure to list a catalog.
#[derive(Debug, Error)]
pub enum CatalogError {
    #[error(transparent)]
    Spec(#[from] SpecError),
    #[error("catalog folder {root} not found; check the path in the catalog spec")]
    RootNotFound { root: PathBuf },
    #[error("failed to read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("no class folders under {root}; expected one folder per class, such as {root}/chair")]
    NoClasses { root: PathBuf },
    #[error("class '{class}' not found under {root}; available classes: {}", available.join(", "))]
    UnknownClass {
        class: String,
        root: PathBuf,
        available: Vec<String>,
    },
    #[error(
        "split folder {folder} of class '{class}' not found; pick an existing split (train or test in ModelNet)"
    )]
    SplitNotFound { class: String, folder: PathBuf },
    #[error("class '{class}' has no mesh files in {folder} (looked for {extensions})")]
    EmptyClass {
        class: String,
        folder: PathBuf,
        extensions: &'static str,
    },
    #[error(
        "object id '{object_id}' is used twice: by {first} and by {second}; object ids (file names without extension) must be unique"
    )]
    DuplicateObjectId {
        object_id: String,
        first: String,
        second: String,
    },
    #[error("{path}: {source}")]
    ManifestCsv {
        path: PathBuf,
        #[source]
        source: csv::Error,
    },
    #[error("{path}: missing column '{column}'; the header must name object_id, class and path")]
    ManifestColumn { path: PathBuf, column: &'static str },
    #[error("{path}:{line}: empty {column}; every row needs object_id, class and path")]
    ManifestEmptyField {
        path: PathBuf,
        line: u64,
        column: &'static str,
    },
    #[error("{path}: the manifest lists no objects")]
    ManifestEmpty { path: PathBuf },
}

/// Lists the objects of a catalog in a stable order: class by class and,
/// within a class, by file name (folders) or in file order (manifests).
pub fn list_catalog(spec: &CatalogSpec) -> Result<Vec<CatalogEntry>, CatalogError> {
    spec.validate()?;
    let started = Instant::now();
    let entries = match spec {
        CatalogSpec::Builtin {
            seed,
            per_class,
            classes,
        } => {
            let mut entries = builtin_entries(*seed, *per_class);
            if let Some(classes) = classes {
                entries.retain(|entry| classes.contains(&entry.class));
            }
            entries
        }
        CatalogSpec::ModelNet {
            root,
            split,
            classes,
            per_class,
        } => folders::list_modelnet(root, split, classes.as_deref(), *per_class)?,
        CatalogSpec::Folder {
            root,
            classes,
            per_class,
        } => folders::list_class_folders(root, classes.as_deref(), *per_class)?,
        CatalogSpec::Manifest { path } => manifest_catalog::list_manifest(path)?,
    };
    check_unique_ids(&entries)?;
    tracing::info!(
        catalog = %spec,
        objects = entries.len(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "listed catalog"
    );
    Ok(entries)
}

/// Names of the built-in classes, in catalog order.
pub fn builtin_class_names() -> Vec<&'static str> {
    BuiltinClass::ALL.iter().map(|class| class.name()).collect()
}

pub(crate) fn check_unique_ids(entries: &[CatalogEntry]) -> Result<(), CatalogError> {
    let mut first_source: HashMap<&str, &ObjectSource> = HashMap::new();
    for entry in entries {
        if let Some(first) = first_source.insert(&entry.object_id, &entry.source) {
            return Err(CatalogError::DuplicateObjectId {
                object_id: entry.object_id.clone(),
                first: first.to_string(),
                second: entry.source.to_string(),
            });
        }
    }
    Ok(())
}
