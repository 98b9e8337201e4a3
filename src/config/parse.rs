//! YAML parsing with errors that point at the line and, for a misspelt key,
//! name the nearest valid key.

use std::path::Path;

use super::{CalibrationConfig, ConfigError};

/// A key is suggested only when it is at least this similar (normalised
/// Damerau-Levenshtein) to the unknown one, so that unrelated keys are not
/// offered as fixes.
const MIN_SUGGESTION_SIMILARITY: f64 = 0.6;

impl CalibrationConfig {
    /// Parses a config from YAML text. `origin` names the source (a file
    /// path, or `<inline>`) in error messages. Keys missing from the text
    /// take their defaults; unknown keys are rejected.
    pub fn from_yaml_str(text: &str, origin: &str) -> Result<Self, ConfigError> {
        // An empty file (or one with only comments) is the default config.
        if text
            .lines()
            .all(|line| line.trim().is_empty() || line.trim_start().starts_with('#'))
        {
            return Ok(Self::default());
        }
        let deserializer = serde_yaml_ng::Deserializer::from_str(text);
        serde_path_to_error::deserialize(deserializer).map_err(|error| {
            let key_path = error.path().to_string();
            let inner = error.into_inner();
            let line = inner.location().map_or(0, |location| location.line());
            describe_yaml_error(origin, line, &key_path, &inner.to_string())
        })
    }

    /// Reads and parses the YAML config file at `path`.
    pub fn from_yaml_file(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_yaml_str(&text, &path.display().to_string())
    }

    /// Serialises the config (all keys, defaults included) as YAML.
    pub fn to_yaml_string(&self) -> String {
        // Serialising plain structs of numbers, strings and paths to YAML
        // cannot fail; the fallback keeps this function total anyway.
        serde_yaml_ng::to_string(self)
            .unwrap_or_else(|error| format!("# config not serialisable: {error}\n"))
    }
}

fn describe_yaml_error(origin: &str, line: usize, key_path: &str, message: &str) -> ConfigError {
    if let Some((key, valid_keys)) = parse_unknown_field(message) {
        // serde_path_to_error's path ends at the unknown key itself.
        let section = match key_path.rsplit_once('.') {
            Some((parent, _)) => format!("`{parent}`"),
            None => "the top level".to_owned(),
        };
        let suggestion = nearest_key(&key, &valid_keys);
        return ConfigError::UnknownKey {
            origin: origin.to_owned(),
            line,
            section,
            key,
            suggestion,
            valid_keys,
        };
    }
    let message = strip_location(message);
    ConfigError::Syntax {
        origin: origin.to_owned(),
        line,
        key: if key_path.is_empty() || key_path == "." {
            "(document)".to_owned()
        } else {
            key_path.to_owned()
        },
        message,
    }
}

/// Extracts the key and the list of valid keys from serde's
/// "unknown field `x`, expected one of `a`, `b`" message.
fn parse_unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = &message[message.find("unknown field `")? + "unknown field `".len()..];
    let key_end = rest.find('`')?;
    let key = rest[..key_end].to_owned();
    let expected = rest[key_end..]
        .split_once("expected")
        .map_or("", |(_, tail)| tail);
    let valid_keys = expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect();
    Some((key, valid_keys))
}

/// Returns the valid key most similar to `key`, when it is similar enough.
pub(crate) fn nearest_key(key: &str, valid_keys: &[String]) -> Option<String> {
    valid_keys
        .iter()
        .map(|candidate| {
            (
                strsim::normalized_damerau_levenshtein(key, candidate),
                candidate,
            )
        })
        .filter(|(similarity, _)| *similarity >= MIN_SUGGESTION_SIMILARITY)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate.clone())
}

/// serde_yaml_ng appends " at line L column C" and may prefix the key path;
/// both are reported separately, so they are removed from the message.
fn strip_location(message: &str) -> String {
    let message = match message.find(" at line ") {
        Some(index) => &message[..index],
        None => message,
    };
    message.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misspelt_nested_key_suggests_nearest() {
        let error =
            CalibrationConfig::from_yaml_str("pairs:\n  negatvies: 4\n", "test.yaml").unwrap_err();
        match error {
            ConfigError::UnknownKey {
                line,
                section,
                key,
                suggestion,
                ..
            } => {
                assert_eq!(line, 2);
                assert_eq!(section, "`pairs`");
                assert_eq!(key, "negatvies");
                assert_eq!(suggestion.as_deref(), Some("negatives"));
            }
            other => panic!("expected UnknownKey, got {other:?}"),
        }
    }

    #[test]
    fn misspelt_catalog_key_suggests_nearest() {
        let error = CalibrationConfig::from_yaml_str(
            "catalog:\n  kind: builtin\n  per_clas: 4\n",
            "test.yaml",
        )
        .unwrap_err();
        let text = error.to_string();
        assert!(text.contains("did you mean `per_class`"), "{text}");
    }

    #[test]
    fn misspelt_top_level_key_suggests_nearest() {
        let error =
            CalibrationConfig::from_yaml_str("hard_negative_k: 5\n", "test.yaml").unwrap_err();
        let text = error.to_string();
        assert!(text.contains("did you mean `hard_negatives_k`"), "{text}");
        assert!(text.contains("test.yaml line 1"), "{text}");
    }

    #[test]
    fn unrelated_key_has_no_suggestion() {
        let error = CalibrationConfig::from_yaml_str("zzzz: 5\n", "test.yaml").unwrap_err();
        match error {
            ConfigError::UnknownKey {
                suggestion,
                valid_keys,
                ..
            } => {
                assert_eq!(suggestion, None);
                assert!(valid_keys.contains(&"catalog".to_owned()));
            }
            other => panic!("expected UnknownKey, got {other:?}"),
        }
    }

    #[test]
    fn wrong_type_names_key_and_line() {
        let error = CalibrationConfig::from_yaml_str("pairs:\n  negatives: many\n", "test.yaml")
            .unwrap_err();
        match error {
            ConfigError::Syntax { line, key, .. } => {
                assert_eq!(line, 2);
                assert_eq!(key, "pairs.negatives");
            }
            other => panic!("expected Syntax, got {other:?}"),
        }
    }

    #[test]
    fn partial_config_keeps_other_defaults() {
        let config =
            CalibrationConfig::from_yaml_str("pairs:\n  negatives: 6\n", "test.yaml").unwrap();
        assert_eq!(config.pairs.negatives, 6);
        assert_eq!(config.catalog, simcal_dataset::CatalogSpec::default());
        assert_eq!(config.hard_negatives_k, 30);
    }

    #[test]
    fn twin_chain_parses_from_text() {
        let config =
            CalibrationConfig::from_yaml_str("twin: rotate(y,25)|decimate(0.5)\n", "test.yaml")
                .unwrap();
        assert_eq!(config.twin.to_string(), "rotate(y,25)|decimate(0.5)");
    }

    #[test]
    fn yaml_round_trip_is_identity() {
        let config = CalibrationConfig::default();
        let parsed =
            CalibrationConfig::from_yaml_str(&config.to_yaml_string(), "round-trip").unwrap();
        assert_eq!(parsed, config);
    }
}
