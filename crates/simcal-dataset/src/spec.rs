//! Catalog specifications: which catalog to use, from the command line or
//! from a config file.
//!
//! # Text form (command line)
//!
//! ```text
//! builtin                                   built-in catalog, seed 0, 80 objects per class
//! builtin?seed=7&per-class=20&classes=chair,sofa
//! builtin:seed=7,per-class=20               the same options after a colon (builtin only)
//! modelnet:ROOT?split=test&classes=chair,table&per-class=80
//! folder:ROOT?classes=chair&per-class=10    ROOT/<class>/*.{off,obj,ply,stl}
//! manifest:PATH.csv                         CSV with columns object_id,class,path
//! ```
//!
//! Options follow the first `?` and are separated by `&`, so quote the spec
//! in a shell. `per-class` may also be written `per_class`. Without
//! `classes`, a folder catalog uses every class folder; without `per-class`,
//! every file. The ModelNet split defaults to `train`.
//!
//! # YAML form (config file)
//!
//! ```yaml
//! catalog:
//!   kind: modelnet        # builtin | modelnet | folder | manifest
//!   root: data/ModelNet40
//!   split: train
//!   classes: [chair, table]
//!   per_class: 80
//! ```
//!
//! `builtin` takes `seed`, `per_class` and `classes`; `manifest` takes
//! `path`. Relative paths are resolved by [`CatalogSpec::resolve_relative_to`].

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::builtin::{BuiltinClass, DEFAULT_PER_CLASS, DEFAULT_SEED, MAX_PER_CLASS};

/// ModelNet split used when none is given.
pub const DEFAULT_SPLIT: &str = "train";

/// Which catalog to list and load.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum CatalogSpec {
    /// The generated catalog (see [`crate::builtin`]).
    Builtin {
        #[serde(default)]
        seed: u64,
        #[serde(default = "default_per_class")]
        per_class: usize,
        /// Subset of the built-in classes; all when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        classes: Option<Vec<String>>,
    },
    /// `ROOT/<class>/<split>/*.off`, the first `per_class` files of each
    /// class in alphabetical order.
    #[serde(rename = "modelnet")]
    ModelNet {
        root: PathBuf,
        #[serde(default = "default_split")]
        split: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        classes: Option<Vec<String>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        per_class: Option<usize>,
    },
    /// `ROOT/<class>/*.{off,obj,ply,stl}`, the first `per_class` files of
    /// each class in alphabetical order.
    Folder {
        root: PathBuf,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        classes: Option<Vec<String>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        per_class: Option<usize>,
    },
    /// CSV file with the columns `object_id,class,path`; relative paths are
    /// resolved against the folder that contains the CSV file.
    Manifest { path: PathBuf },
}

fn default_per_class() -> usize {
    DEFAULT_PER_CLASS
}

fn default_split() -> String {
    DEFAULT_SPLIT.to_string()
}

impl Default for CatalogSpec {
    fn default() -> Self {
        CatalogSpec::Builtin {
            seed: DEFAULT_SEED,
            per_class: DEFAULT_PER_CLASS,
            classes: None,
        }
    }
}

/// Invalid catalog spec text or values.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum SpecError {
    #[error(
        "unknown catalog kind '{kind}' in '{spec}'; expected builtin, modelnet:ROOT, folder:ROOT or manifest:PATH"
    )]
    UnknownKind { spec: String, kind: String },
    #[error("catalog spec '{spec}' needs a path after '{kind}:', as in '{kind}:/data/meshes'")]
    MissingPath { spec: String, kind: String },
    #[error("unknown option '{key}' in catalog spec '{spec}'; {kind} accepts {accepted}")]
    UnknownOption {
        spec: String,
        kind: String,
        key: String,
        accepted: &'static str,
    },
    #[error("option '{option}' in catalog spec '{spec}' has no value; write {option}=VALUE")]
    MissingValue { spec: String, option: String },
    #[error("invalid value '{value}' for '{key}' in catalog spec '{spec}': {reason}")]
    InvalidValue {
        spec: String,
        key: String,
        value: String,
        reason: String,
    },
    #[error("per-class must be between 1 and {max}, got {value}")]
    PerClassOutOfRange { value: usize, max: usize },
    #[error("the class list is empty; list at least one class or leave the option out")]
    EmptyClassList,
    #[error("class '{class}' is listed twice")]
    DuplicateClass { class: String },
    #[error("{0}")]
    UnknownBuiltinClass(String),
}

impl CatalogSpec {
    /// Checks values that serde cannot: per-class counts, class lists and
    /// built-in class names.
    pub fn validate(&self) -> Result<(), SpecError> {
        let (classes, per_class, max) = match self {
            CatalogSpec::Builtin {
                per_class, classes, ..
            } => (classes, Some(*per_class), MAX_PER_CLASS),
            CatalogSpec::ModelNet {
                classes, per_class, ..
            }
            | CatalogSpec::Folder {
                classes, per_class, ..
            } => (classes, *per_class, usize::MAX),
            CatalogSpec::Manifest { .. } => return Ok(()),
        };
        if let Some(value) = per_class
            && !(1..=max).contains(&value)
        {
            return Err(SpecError::PerClassOutOfRange { value, max });
        }
        if let Some(classes) = classes {
            if classes.is_empty() {
                return Err(SpecError::EmptyClassList);
            }
            for (position, class) in classes.iter().enumerate() {
                if classes[..position].contains(class) {
                    return Err(SpecError::DuplicateClass {
                        class: class.clone(),
                    });
                }
                if matches!(self, CatalogSpec::Builtin { .. }) {
                    class
                        .parse::<BuiltinClass>()
                        .map_err(SpecError::UnknownBuiltinClass)?;
                }
            }
        }
        Ok(())
    }

    /// Returns the spec with relative paths joined onto `base` (for example
    /// the folder of the config file that named them).
    pub fn resolve_relative_to(&self, base: &Path) -> CatalogSpec {
        let mut resolved = self.clone();
        match &mut resolved {
            CatalogSpec::Builtin { .. } => {}
            CatalogSpec::ModelNet { root, .. } | CatalogSpec::Folder { root, .. } => {
                *root = base.join(&*root);
            }
            CatalogSpec::Manifest { path } => *path = base.join(&*path),
        }
        resolved
    }
}

impl FromStr for CatalogSpec {
    type Err = SpecError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let spec = crate::spec_text::parse(text)?;
        spec.validate()?;
        Ok(spec)
    }
}

impl fmt::Display for CatalogSpec {
    /// Writes the text form, which parses back to an equal spec.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut options: Vec<String> = Vec::new();
        let push_classes = |options: &mut Vec<String>, classes: &Option<Vec<String>>| {
            if let Some(classes) = classes {
                options.push(format!("classes={}", classes.join(",")));
            }
        };
        let location = match self {
            CatalogSpec::Builtin {
                seed,
                per_class,
                classes,
            } => {
                options.push(format!("seed={seed}"));
                options.push(format!("per-class={per_class}"));
                push_classes(&mut options, classes);
                "builtin".to_string()
            }
            CatalogSpec::ModelNet {
                root,
                split,
                classes,
                per_class,
            } => {
                options.push(format!("split={split}"));
                push_classes(&mut options, classes);
                if let Some(per_class) = per_class {
                    options.push(format!("per-class={per_class}"));
                }
                format!("modelnet:{}", root.display())
            }
            CatalogSpec::Folder {
                root,
                classes,
                per_class,
            } => {
                push_classes(&mut options, classes);
                if let Some(per_class) = per_class {
                    options.push(format!("per-class={per_class}"));
                }
                format!("folder:{}", root.display())
            }
            CatalogSpec::Manifest { path } => format!("manifest:{}", path.display()),
        };
        f.write_str(&location)?;
        if !options.is_empty() {
            write!(f, "?{}", options.join("&"))?;
        }
        Ok(())
    }
}
