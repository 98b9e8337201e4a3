//! Catalog entries: which objects a catalog contains, before any is loaded.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::builtin::BuiltinClass;

/// One object of a catalog: its id, class and where its geometry comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CatalogEntry {
    /// Id unique within the catalog, such as `chair_0007`.
    pub object_id: String,
    pub class: String,
    pub source: ObjectSource,
}

/// Origin of an object's geometry.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectSource {
    /// A mesh file in any format `simcal_mesh::load_mesh` reads.
    File(PathBuf),
    /// Object `index` of `class` from the built-in generator with `seed`.
    Builtin {
        seed: u64,
        class: BuiltinClass,
        index: usize,
    },
}

impl fmt::Display for ObjectSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ObjectSource::File(path) => write!(f, "{}", path.display()),
            ObjectSource::Builtin { seed, class, index } => {
                write!(f, "builtin(seed={seed},{class},{index})")
            }
        }
    }
}
