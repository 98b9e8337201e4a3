//! Writing the built-in catalog as OFF files in the ModelNet layout
//! `DIR/<class>/train/<object_id>.off`.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use simcal_mesh::{Mesh, write_off};
use thiserror::Error;

use crate::builtin::{BuiltinClass, builtin_object_id, generate_builtin};
use crate::spec::DEFAULT_SPLIT;

/// Failure to export a catalog.
#[derive(Debug, Error)]
pub enum ExportError {
    #[error("failed to write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("built-in object {object_id} is invalid: {source}")]
    Generate {
        object_id: String,
        #[source]
        source: simcal_mesh::MeshError,
    },
}

/// One exported file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedObject {
    pub object_id: String,
    pub class: String,
    pub path: PathBuf,
    pub triangle_count: usize,
}

/// Writes `mesh` to an OFF file at `path`, creating parent folders.
pub fn write_off_file(mesh: &Mesh, path: &Path) -> Result<(), ExportError> {
    let io_error = |source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(io_error)?;
    }
    let file = fs::File::create(path).map_err(io_error)?;
    write_off(mesh, file).map_err(io_error)
}

/// Generates the built-in catalog and writes it under `out_dir` as
/// `<class>/train/<object_id>.off`, in parallel. Returns the written files
/// in catalog order.
pub fn export_builtin(
    out_dir: &Path,
    seed: u64,
    per_class: usize,
) -> Result<Vec<ExportedObject>, ExportError> {
    let started = Instant::now();
    let objects: Vec<(BuiltinClass, usize)> = BuiltinClass::ALL
        .into_iter()
        .flat_map(|class| (0..per_class).map(move |index| (class, index)))
        .collect();
    let exported = objects
        .par_iter()
        .map(|&(class, index)| export_object(out_dir, seed, class, index))
        .collect::<Result<Vec<_>, _>>()?;
    tracing::info!(
        objects = exported.len(),
        out_dir = %out_dir.display(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "exported built-in catalog"
    );
    Ok(exported)
}

fn export_object(
    out_dir: &Path,
    seed: u64,
    class: BuiltinClass,
    index: usize,
) -> Result<ExportedObject, ExportError> {
    let object_id = builtin_object_id(class, index);
    let mesh = generate_builtin(seed, class, index).map_err(|source| ExportError::Generate {
        object_id: object_id.clone(),
        source,
    })?;
    let path = out_dir
        .join(class.name())
        .join(DEFAULT_SPLIT)
        .join(format!("{object_id}.off"));
    write_off_file(&mesh, &path)?;
    Ok(ExportedObject {
        object_id,
        class: class.name().to_string(),
        path,
        triangle_count: mesh.triangle_count(),
    })
}
