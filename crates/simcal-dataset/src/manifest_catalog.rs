//! Manifest catalogs: a CSV file with the columns `object_id,class,path`
//! (any order, extra columns ignored). Relative paths are resolved against
//! the folder that contains the manifest, so a manifest can travel with its
//! meshes.

use std::collections::HashMap;
use std::path::Path;

use crate::catalog::CatalogError;
use crate::csv_columns::{ColumnLookupError, open_with_columns};
use crate::entry::{CatalogEntry, ObjectSource};

const COLUMNS: [&str; 3] = ["object_id", "class", "path"];

pub(crate) fn list_manifest(path: &Path) -> Result<Vec<CatalogEntry>, CatalogError> {
    let csv_error = |source| CatalogError::ManifestCsv {
        path: path.to_path_buf(),
        source,
    };
    let (mut reader, column_index) =
        open_with_columns(path, COLUMNS).map_err(|error| match error {
            ColumnLookupError::Csv(source) => csv_error(source),
            ColumnLookupError::Missing(column) => CatalogError::ManifestColumn {
                path: path.to_path_buf(),
                column,
            },
        })?;

    let base = path.parent().unwrap_or(Path::new(""));
    let mut entries = Vec::new();
    let mut first_line: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let line = record.position().map_or(0, |position| position.line());
        let mut fields = [""; 3];
        for ((field, column), index) in fields.iter_mut().zip(COLUMNS).zip(column_index) {
            *field = record.get(index).unwrap_or("");
            if field.is_empty() {
                return Err(CatalogError::ManifestEmptyField {
                    path: path.to_path_buf(),
                    line,
                    column,
                });
            }
        }
        let [object_id, class, mesh_path] = fields;
        if let Some(first) = first_line.insert(object_id.to_string(), line) {
            return Err(CatalogError::DuplicateObjectId {
                object_id: object_id.to_string(),
                first: format!("{}:{first}", path.display()),
                second: format!("{}:{line}", path.display()),
            });
        }
        entries.push(CatalogEntry {
            object_id: object_id.to_string(),
            class: class.to_string(),
            source: ObjectSource::File(base.join(mesh_path)),
        });
    }
    if entries.is_empty() {
        return Err(CatalogError::ManifestEmpty {
            path: path.to_path_buf(),
        });
    }
    Ok(entries)
}
