//! Where set-up puts the runtime library, the models and the cache.

use std::path::PathBuf;

/// The command that installs the ONNX Runtime library and the models.
pub const SETUP_COMMAND: &str = "./scripts/setup.sh";

/// Returns `$SIMCAL_HOME`, else `$XDG_DATA_HOME/simcal`, else
/// `$HOME/.local/share/simcal`; `None` when none of the three is set.
pub fn simcal_home() -> Option<PathBuf> {
    if let Some(home) = non_empty_env("SIMCAL_HOME") {
        return Some(PathBuf::from(home));
    }
    if let Some(data_home) = non_empty_env("XDG_DATA_HOME") {
        return Some(PathBuf::from(data_home).join("simcal"));
    }
    non_empty_env("HOME").map(|home| PathBuf::from(home).join(".local/share/simcal"))
}

/// Returns the default embedding cache root: `$SIMCAL_CACHE_DIR`, else
/// `<simcal home>/cache`.
pub fn default_cache_dir() -> Option<PathBuf> {
    if let Some(dir) = non_empty_env("SIMCAL_CACHE_DIR") {
        return Some(PathBuf::from(dir));
    }
    simcal_home().map(|home| home.join("cache"))
}

pub(crate) fn non_empty_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|value| !value.is_empty())
}
