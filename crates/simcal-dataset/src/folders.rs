//! Folder catalogs: the ModelNet layout `ROOT/<class>/<split>/*.off` and the
//! generic layout `ROOT/<class>/*.{off,obj,ply,stl}`.
//!
//! Classes come from the folder names, object ids from the file names
//! without extension. Within a class, files are taken in alphabetical order
//! of their names (byte order), the convention of published ModelNet
//! experiments, so "the first 80 chairs" is the same set on every machine.

use std::fs;
use std::path::{Path, PathBuf};

use crate::catalog::CatalogError;
use crate::entry::{CatalogEntry, ObjectSource};

const MODELNET_EXTENSIONS: &[&str] = &["off"];
const MODELNET_EXTENSIONS_TEXT: &str = ".off";
const MESH_EXTENSIONS: &[&str] = &["off", "obj", "ply", "stl"];
const MESH_EXTENSIONS_TEXT: &str = ".off, .obj, .ply or .stl";

/// Lists `ROOT/<class>/<split>/*.off`.
pub(crate) fn list_modelnet(
    root: &Path,
    split: &str,
    classes: Option<&[String]>,
    per_class: Option<usize>,
) -> Result<Vec<CatalogEntry>, CatalogError> {
    let class_folders = select_classes(root, classes)?
        .into_iter()
        .map(|class| {
            let folder = root.join(&class).join(split);
            if folder.is_dir() {
                Ok((class, folder))
            } else {
                Err(CatalogError::SplitNotFound { class, folder })
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    list_class_files(
        class_folders,
        per_class,
        MODELNET_EXTENSIONS,
        MODELNET_EXTENSIONS_TEXT,
    )
}

/// Lists `ROOT/<class>/*.{off,obj,ply,stl}`.
pub(crate) fn list_class_folders(
    root: &Path,
    classes: Option<&[String]>,
    per_class: Option<usize>,
) -> Result<Vec<CatalogEntry>, CatalogError> {
    let class_folders = select_classes(root, classes)?
        .into_iter()
        .map(|class| {
            let folder = root.join(&class);
            (class, folder)
        })
        .collect();
    list_class_files(
        class_folders,
        per_class,
        MESH_EXTENSIONS,
        MESH_EXTENSIONS_TEXT,
    )
}

/// Lists the first `per_class` mesh files of each (class, folder) pair.
fn list_class_files(
    class_folders: Vec<(String, PathBuf)>,
    per_class: Option<usize>,
    extensions: &[&str],
    extensions_text: &'static str,
) -> Result<Vec<CatalogEntry>, CatalogError> {
    let mut entries = Vec::new();
    for (class, folder) in class_folders {
        let files = mesh_files(&folder, extensions)?;
        entries.extend(take_class(
            &class,
            &folder,
            files,
            per_class,
            extensions_text,
        )?);
    }
    Ok(entries)
}

/// Returns the requested classes (in the requested order), or every class
/// folder under `root` in alphabetical order.
fn select_classes(root: &Path, requested: Option<&[String]>) -> Result<Vec<String>, CatalogError> {
    if !root.is_dir() {
        return Err(CatalogError::RootNotFound {
            root: root.to_path_buf(),
        });
    }
    let mut available = Vec::new();
    for entry in read_dir(root)? {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() && !name.starts_with('.') {
            available.push(name);
        }
    }
    available.sort();
    if available.is_empty() {
        return Err(CatalogError::NoClasses {
            root: root.to_path_buf(),
        });
    }
    let Some(requested) = requested else {
        return Ok(available);
    };
    for class in requested {
        if !available.contains(class) {
            return Err(CatalogError::UnknownClass {
                class: class.clone(),
                root: root.to_path_buf(),
                available,
            });
        }
    }
    Ok(requested.to_vec())
}

/// Files in `folder` whose extension (any case) is in `extensions`, sorted
/// by file name.
fn mesh_files(folder: &Path, extensions: &[&str]) -> Result<Vec<PathBuf>, CatalogError> {
    let mut files = Vec::new();
    for entry in read_dir(folder)? {
        let path = entry.path();
        let matches = path
            .extension()
            .and_then(|extension| extension.to_str())
            .is_some_and(|extension| extensions.iter().any(|e| e.eq_ignore_ascii_case(extension)));
        if matches && path.is_file() {
            files.push(path);
        } else {
            tracing::debug!(path = %path.display(), "ignoring entry that is not a mesh file");
        }
    }
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    Ok(files)
}

fn take_class(
    class: &str,
    folder: &Path,
    files: Vec<PathBuf>,
    per_class: Option<usize>,
    extensions: &'static str,
) -> Result<Vec<CatalogEntry>, CatalogError> {
    if files.is_empty() {
        return Err(CatalogError::EmptyClass {
            class: class.to_string(),
            folder: folder.to_path_buf(),
            extensions,
        });
    }
    let available = files.len();
    let take = per_class.unwrap_or(available);
    if take > available {
        tracing::warn!(
            class,
            folder = %folder.display(),
            requested = take,
            available,
            "class has fewer files than requested; using all of them"
        );
    }
    Ok(files
        .into_iter()
        .take(take)
        .map(|path| CatalogEntry {
            object_id: path
                .file_stem()
                .map(|stem| stem.to_string_lossy().into_owned())
                .unwrap_or_default(),
            class: class.to_string(),
            source: ObjectSource::File(path),
        })
        .collect())
}

fn read_dir(folder: &Path) -> Result<Vec<fs::DirEntry>, CatalogError> {
    let io_error = |source| CatalogError::Io {
        path: folder.to_path_buf(),
        source,
    };
    fs::read_dir(folder)
        .map_err(io_error)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(io_error)
}
