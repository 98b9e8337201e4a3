//! Parser for the text form of a [`CatalogSpec`] (documented in
//! [`crate::spec`]). Values are checked by [`CatalogSpec::validate`].

use std::path::PathBuf;

use crate::builtin::{DEFAULT_PER_CLASS, DEFAULT_SEED};
use crate::spec::{CatalogSpec, DEFAULT_SPLIT, SpecError};

const BUILTIN_OPTIONS: &str = "seed, per-class and classes";
const MODELNET_OPTIONS: &str = "split, classes and per-class";
const FOLDER_OPTIONS: &str = "classes and per-class";
const MANIFEST_OPTIONS: &str = "no options";

pub(crate) fn parse(text: &str) -> Result<CatalogSpec, SpecError> {
    let spec = text.trim();
    let (head, query) = match spec.split_once('?') {
        Some((head, query)) => (head, Some(query)),
        None => (spec, None),
    };
    let (kind, location) = match head.split_once(':') {
        Some((kind, location)) => (kind, Some(location)),
        None => (head, None),
    };
    let context = Context {
        spec: spec.to_string(),
        kind: kind.to_string(),
    };

    match kind {
        "builtin" => {
            // `builtin:seed=7,per-class=20` is accepted as a query, since a
            // built-in catalog has no location.
            let options = match (location, query) {
                (Some(colon_options), None) => split_options(&context, colon_options, ',')?,
                (Some(_), Some(_)) => {
                    return Err(context.invalid(
                        "builtin",
                        head,
                        "use either builtin:OPTIONS or builtin?OPTIONS",
                    ));
                }
                (None, query) => split_options(&context, query.unwrap_or(""), '&')?,
            };
            parse_builtin(&context, options)
        }
        "modelnet" | "folder" | "manifest" => {
            let root = match location {
                Some(location) if !location.is_empty() => PathBuf::from(location),
                _ => {
                    return Err(SpecError::MissingPath {
                        spec: context.spec,
                        kind: context.kind,
                    });
                }
            };
            let options = split_options(&context, query.unwrap_or(""), '&')?;
            match kind {
                "modelnet" => parse_modelnet(&context, root, options),
                "folder" => parse_folder(&context, root, options),
                _ => {
                    if let Some((key, _)) = options.first() {
                        return Err(context.unknown(key, MANIFEST_OPTIONS));
                    }
                    Ok(CatalogSpec::Manifest { path: root })
                }
            }
        }
        _ => Err(SpecError::UnknownKind {
            spec: context.spec,
            kind: context.kind,
        }),
    }
}

struct Context {
    spec: String,
    kind: String,
}

impl Context {
    fn unknown(&self, key: &str, accepted: &'static str) -> SpecError {
        SpecError::UnknownOption {
            spec: self.spec.clone(),
            kind: self.kind.clone(),
            key: key.to_string(),
            accepted,
        }
    }

    fn invalid(&self, key: &str, value: &str, reason: &str) -> SpecError {
        SpecError::InvalidValue {
            spec: self.spec.clone(),
            key: key.to_string(),
            value: value.to_string(),
            reason: reason.to_string(),
        }
    }

    fn number<T: std::str::FromStr>(&self, key: &str, value: &str) -> Result<T, SpecError> {
        value
            .parse()
            .map_err(|_| self.invalid(key, value, "expected a non-negative integer"))
    }
}

/// Splits `key=value` options; keys are normalised to kebab case.
fn split_options(
    context: &Context,
    text: &str,
    separator: char,
) -> Result<Vec<(String, String)>, SpecError> {
    let mut options = Vec::new();
    // The classes list uses commas too, so with a comma separator a bare
    // word continues the previous option's value.
    for part in text.split(separator).filter(|part| !part.is_empty()) {
        match part.split_once('=') {
            Some((key, value)) => {
                options.push((key.trim().replace('_', "-"), value.trim().to_string()))
            }
            None => match options.last_mut() {
                Some((_, value)) if separator == ',' => {
                    value.push(',');
                    value.push_str(part.trim());
                }
                _ => {
                    return Err(SpecError::MissingValue {
                        spec: context.spec.clone(),
                        option: part.to_string(),
                    });
                }
            },
        }
    }
    Ok(options)
}

fn parse_classes(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|class| !class.is_empty())
        .map(str::to_string)
        .collect()
}

fn parse_builtin(
    context: &Context,
    options: Vec<(String, String)>,
) -> Result<CatalogSpec, SpecError> {
    let mut seed = DEFAULT_SEED;
    let mut per_class = DEFAULT_PER_CLASS;
    let mut classes = None;
    for (key, value) in options {
        match key.as_str() {
            "seed" => seed = context.number(&key, &value)?,
            "per-class" => per_class = context.number(&key, &value)?,
            "classes" => classes = Some(parse_classes(&value)),
            _ => return Err(context.unknown(&key, BUILTIN_OPTIONS)),
        }
    }
    Ok(CatalogSpec::Builtin {
        seed,
        per_class,
        classes,
    })
}

fn parse_modelnet(
    context: &Context,
    root: PathBuf,
    options: Vec<(String, String)>,
) -> Result<CatalogSpec, SpecError> {
    let mut split = DEFAULT_SPLIT.to_string();
    let mut classes = None;
    let mut per_class = None;
    for (key, value) in options {
        match key.as_str() {
            "split" if value.is_empty() || value.contains(['/', '\\']) => {
                return Err(context.invalid(
                    &key,
                    &value,
                    "expected a split folder name such as train or test",
                ));
            }
            "split" => split = value,
            "classes" => classes = Some(parse_classes(&value)),
            "per-class" => per_class = Some(context.number(&key, &value)?),
            _ => return Err(context.unknown(&key, MODELNET_OPTIONS)),
        }
    }
    Ok(CatalogSpec::ModelNet {
        root,
        split,
        classes,
        per_class,
    })
}

fn parse_folder(
    context: &Context,
    root: PathBuf,
    options: Vec<(String, String)>,
) -> Result<CatalogSpec, SpecError> {
    let mut classes = None;
    let mut per_class = None;
    for (key, value) in options {
        match key.as_str() {
            "classes" => classes = Some(parse_classes(&value)),
            "per-class" => per_class = Some(context.number(&key, &value)?),
            _ => return Err(context.unknown(&key, FOLDER_OPTIONS)),
        }
    }
    Ok(CatalogSpec::Folder {
        root,
        classes,
        per_class,
    })
}
