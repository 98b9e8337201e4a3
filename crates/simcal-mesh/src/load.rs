//! Mesh file loading by extension: OFF (our own parser), OBJ (`tobj`), PLY
//! (`ply-rs-bw`) and STL (`stl_io`).
//!
//! Every loader reads the whole file into memory once, turns polygons into
//! triangles with [`crate::triangulate`], and builds a validated [`Mesh`].
//! Problems that lose nothing the mesh needs (an ignored face colour, a
//! missing material library, skipped point or line elements) become
//! warnings in [`LoadedMesh::warnings`]; anything else is a [`LoadError`]
//! that names the file, the line where the format has lines, and the fault.

mod obj;
mod obj_errors;
mod off;
mod off_header;
mod ply;
mod polygons;
mod stl;
mod text;

use std::io;
use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::{Mesh, MeshError};

pub use off::parse_off;

/// A mesh read from a file, with the non-fatal problems found on the way.
#[derive(Debug, Clone)]
pub struct LoadedMesh {
    pub mesh: Mesh,
    pub warnings: Vec<String>,
}

/// Failure to read a mesh file.
#[derive(Debug, Error)]
pub enum LoadError {
    #[error("{path}: unsupported mesh format; expected .off, .obj, .ply or .stl")]
    UnsupportedFormat { path: PathBuf },
    #[error("{path}: failed to read the file: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// A fault at a known line of a text format.
    #[error("{path}:{line}: {message}")]
    Syntax {
        path: PathBuf,
        line: usize,
        message: String,
    },
    /// A fault that has no single line (binary data, a whole-file property).
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
    /// The file parsed, but its geometry is not a valid triangle mesh.
    #[error("{path}: {source}")]
    Mesh {
        path: PathBuf,
        #[source]
        source: MeshError,
    },
}

impl LoadError {
    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            LoadError::UnsupportedFormat { path }
            | LoadError::Read { path, .. }
            | LoadError::Syntax { path, .. }
            | LoadError::Invalid { path, .. }
            | LoadError::Mesh { path, .. } => path,
        }
    }

    /// The 1-based line the error points at, where the format has lines.
    pub fn line(&self) -> Option<usize> {
        match self {
            LoadError::Syntax { line, .. } => Some(*line),
            _ => None,
        }
    }

    pub(crate) fn syntax(path: &Path, line: usize, message: impl Into<String>) -> Self {
        LoadError::Syntax {
            path: path.to_path_buf(),
            line,
            message: message.into(),
        }
    }

    pub(crate) fn invalid(path: &Path, message: impl Into<String>) -> Self {
        LoadError::Invalid {
            path: path.to_path_buf(),
            message: message.into(),
        }
    }

    pub(crate) fn mesh(path: &Path, source: MeshError) -> Self {
        LoadError::Mesh {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Mesh file formats that [`load_mesh`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeshFormat {
    Off,
    Obj,
    Ply,
    Stl,
}

impl MeshFormat {
    /// Picks the format from the file extension, ignoring case.
    pub fn from_path(path: &Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "off" => Some(MeshFormat::Off),
            "obj" => Some(MeshFormat::Obj),
            "ply" => Some(MeshFormat::Ply),
            "stl" => Some(MeshFormat::Stl),
            _ => None,
        }
    }
}

/// Loads the mesh at `path`, choosing the parser from the file extension.
pub fn load_mesh(path: &Path) -> Result<LoadedMesh, LoadError> {
    let Some(format) = MeshFormat::from_path(path) else {
        return Err(LoadError::UnsupportedFormat {
            path: path.to_path_buf(),
        });
    };
    let bytes = std::fs::read(path).map_err(|source| LoadError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse_mesh_bytes(path, format, &bytes)
}

/// Parses `bytes` as a mesh file of `format`; `path` names the file in errors
/// and locates side files such as an OBJ material library.
pub fn parse_mesh_bytes(
    path: &Path,
    format: MeshFormat,
    bytes: &[u8],
) -> Result<LoadedMesh, LoadError> {
    if bytes.is_empty() {
        return Err(LoadError::invalid(
            path,
            "the file is empty; expected a mesh",
        ));
    }
    if format != MeshFormat::Stl {
        text::reject_utf16(path, bytes)?;
    }
    let loaded = match format {
        MeshFormat::Off => off::parse_off(path, bytes),
        MeshFormat::Obj => obj::parse_obj(path, bytes),
        MeshFormat::Ply => ply::parse_ply(path, bytes),
        MeshFormat::Stl => stl::parse_stl(path, bytes),
    }?;
    tracing::debug!(
        path = %path.display(),
        vertices = loaded.mesh.vertex_count(),
        triangles = loaded.mesh.triangle_count(),
        warnings = loaded.warnings.len(),
        "loaded mesh"
    );
    Ok(loaded)
}

/// Runs a third-party parser and turns a panic inside it into an error, so
/// that no input file can abort the process.
pub(crate) fn catch_parser_panic<T>(
    path: &Path,
    parser: &str,
    run: impl FnOnce() -> Result<T, LoadError>,
) -> Result<T, LoadError> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
        Ok(result) => result,
        Err(_) => Err(LoadError::invalid(
            path,
            format!("the {parser} parser panicked on this file; the file is malformed"),
        )),
    }
}
