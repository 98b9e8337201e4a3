//! Finding and loading the ONNX Runtime shared library.
//!
//! `ort` is built with `load-dynamic`, so the library is opened at run time.
//! The search order is `ORT_DYLIB_PATH`, the copy set-up installs under
//! `$SIMCAL_HOME/lib`, then an installed Python `onnxruntime` package (the
//! repository's `.venv`, `$SIMCAL_VENV`, then whatever `python3` imports).
//! Every candidate is checked for existence before it is passed to `ort`,
//! because `ort` panics when it has to guess a library path on its own.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, OnceLock};

use ort::environment::Environment;
use ort::logging::LogLevel;
use thiserror::Error;

use crate::paths::{SETUP_COMMAND, non_empty_env, simcal_home};

/// File name of the ONNX Runtime release this crate is built against.
#[cfg(target_os = "macos")]
pub const LIBRARY_FILE_NAME: &str = "libonnxruntime.1.31.1.dylib";
/// File name of the ONNX Runtime release this crate is built against.
#[cfg(not(target_os = "macos"))]
pub const LIBRARY_FILE_NAME: &str = "libonnxruntime.so.1.31.1";

/// Failure to find or load ONNX Runtime.
#[derive(Debug, Clone, Error)]
pub enum RuntimeError {
    #[error(
        "ORT_DYLIB_PATH is set to {path}, but no file exists there; unset it or point it at {LIBRARY_FILE_NAME}"
    )]
    OverrideMissing { path: PathBuf },
    #[error(
        "the ONNX Runtime library ({LIBRARY_FILE_NAME}) was not found; searched: {searched}. \
         Run {SETUP_COMMAND} to install it, or set ORT_DYLIB_PATH to its path"
    )]
    LibraryNotFound { searched: String },
    #[error(
        "failed to load the ONNX Runtime library {path}: {message}. simcal needs ONNX Runtime 1.31 or newer; \
         run {SETUP_COMMAND} or set ORT_DYLIB_PATH to a matching {LIBRARY_FILE_NAME}"
    )]
    LoadFailed { path: PathBuf, message: String },
    #[error("ONNX Runtime was loaded from {path}, but creating its environment failed: {message}")]
    EnvironmentFailed { path: PathBuf, message: String },
}

/// Origin of a candidate library path, for messages and logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LibrarySource {
    EnvironmentVariable,
    SimcalHome,
    VirtualEnvironment,
    SystemPython,
}

/// The inputs of the library search, separated from the process
/// environment so that tests can describe any machine.
#[derive(Debug, Clone, Default)]
pub struct RuntimeSearch {
    /// Value of `ORT_DYLIB_PATH`; when set, it is the only candidate.
    pub ort_dylib_path: Option<PathBuf>,
    /// `$SIMCAL_HOME` (or its default), searched as `<home>/lib/<library>`.
    pub simcal_home: Option<PathBuf>,
    /// Python virtual environments to search, in order.
    pub virtual_environments: Vec<PathBuf>,
    /// Python interpreter asked where its `onnxruntime` package lives.
    pub python: Option<PathBuf>,
}

impl RuntimeSearch {
    /// Describes the search for this process: environment variables, the
    /// `.venv` next to the executable's ancestors (a cargo build inside the
    /// repository finds the repository's), and `python3` on `PATH`.
    pub fn from_environment() -> Self {
        let mut virtual_environments = Vec::new();
        if let Some(venv) = non_empty_env("SIMCAL_VENV") {
            virtual_environments.push(PathBuf::from(venv));
        }
        if let Ok(executable) = std::env::current_exe() {
            for ancestor in executable.ancestors().skip(1) {
                let venv = ancestor.join(".venv");
                if venv.is_dir() && !virtual_environments.contains(&venv) {
                    virtual_environments.push(venv);
                }
            }
        }
        Self {
            ort_dylib_path: non_empty_env("ORT_DYLIB_PATH").map(PathBuf::from),
            simcal_home: simcal_home(),
            virtual_environments,
            python: Some(PathBuf::from("python3")),
        }
    }

    /// Returns the first existing library in search order.
    pub fn locate(&self) -> Result<(PathBuf, LibrarySource), RuntimeError> {
        if let Some(path) = &self.ort_dylib_path {
            if path.is_file() {
                return Ok((path.clone(), LibrarySource::EnvironmentVariable));
            }
            return Err(RuntimeError::OverrideMissing { path: path.clone() });
        }

        let mut searched = Vec::new();
        if let Some(home) = &self.simcal_home {
            let path = home.join("lib").join(LIBRARY_FILE_NAME);
            if path.is_file() {
                return Ok((path, LibrarySource::SimcalHome));
            }
            searched.push(path.display().to_string());
        }
        for venv in &self.virtual_environments {
            for package_dir in onnxruntime_packages_in_venv(venv) {
                if let Some(path) = library_in_package(&package_dir) {
                    return Ok((path, LibrarySource::VirtualEnvironment));
                }
            }
            searched.push(format!(
                "{}/lib/python3.*/site-packages/onnxruntime/capi",
                venv.display()
            ));
        }
        if let Some(python) = &self.python {
            if let Some(package_dir) = python_onnxruntime_package(python) {
                if let Some(path) = library_in_package(&package_dir) {
                    return Ok((path, LibrarySource::SystemPython));
                }
                searched.push(package_dir.join("capi").display().to_string());
            } else {
                searched.push(format!("`{} -c 'import onnxruntime'`", python.display()));
            }
        }
        Err(RuntimeError::LibraryNotFound {
            searched: searched.join(", "),
        })
    }
}

fn onnxruntime_packages_in_venv(venv: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(venv.join("lib")) else {
        return Vec::new();
    };
    let mut packages: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_string_lossy().starts_with("python3"))
        .map(|entry| entry.path().join("site-packages/onnxruntime"))
        .filter(|path| path.is_dir())
        .collect();
    packages.sort();
    packages
}

/// Returns the library inside an `onnxruntime` Python package: the exact
/// release first, else any `libonnxruntime.so.*` (a newer wheel also works).
fn library_in_package(package_dir: &Path) -> Option<PathBuf> {
    let capi = package_dir.join("capi");
    let exact = capi.join(LIBRARY_FILE_NAME);
    if exact.is_file() {
        return Some(exact);
    }
    let mut others: Vec<PathBuf> = std::fs::read_dir(&capi)
        .ok()?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| {
                    name.starts_with("libonnxruntime.so.") || name.starts_with("libonnxruntime.1.")
                })
        })
        .collect();
    others.sort();
    others.pop()
}

fn python_onnxruntime_package(python: &Path) -> Option<PathBuf> {
    let output = Command::new(python)
        .args([
            "-c",
            "import os, onnxruntime; print(os.path.dirname(onnxruntime.__file__))",
        ])
        .output();
    match output {
        Ok(output) if output.status.success() => {
            let text = String::from_utf8(output.stdout).ok()?;
            let dir = PathBuf::from(text.trim());
            dir.is_dir().then_some(dir)
        }
        Ok(_) => {
            tracing::debug!(python = %python.display(), "python has no onnxruntime package");
            None
        }
        Err(error) => {
            tracing::debug!(python = %python.display(), %error, "python could not be started");
            None
        }
    }
}

static ENVIRONMENT: OnceLock<(Environment, PathBuf)> = OnceLock::new();
static INITIALISING: Mutex<()> = Mutex::new(());

/// Returns the process-wide ONNX Runtime environment, loading the library
/// found by [`RuntimeSearch::from_environment`] on first use.
pub fn environment() -> Result<&'static Environment, RuntimeError> {
    if let Some((environment, _)) = ENVIRONMENT.get() {
        return Ok(environment);
    }
    environment_with(&RuntimeSearch::from_environment())
}

/// Loads ONNX Runtime from the first library `search` finds, once per
/// process. Later calls return the loaded environment whatever `search` contains.
/// A failed load is not remembered, so a later call may try again.
pub fn environment_with(search: &RuntimeSearch) -> Result<&'static Environment, RuntimeError> {
    let _guard = INITIALISING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((environment, _)) = ENVIRONMENT.get() {
        return Ok(environment);
    }

    let (path, source) = search.locate()?;
    let started = std::time::Instant::now();
    let builder = ort::init_from(&path).map_err(|error| RuntimeError::LoadFailed {
        path: path.clone(),
        message: error.to_string(),
    })?;
    let environment =
        builder
            .with_name("simcal")
            .build()
            .map_err(|error| RuntimeError::EnvironmentFailed {
                path: path.clone(),
                message: error.to_string(),
            })?;
    environment.set_log_level(onnxruntime_log_level());
    tracing::info!(
        library = %path.display(),
        ?source,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "loaded ONNX Runtime"
    );
    let (environment, _) = ENVIRONMENT.get_or_init(|| (environment, path));
    Ok(environment)
}

/// ONNX Runtime logs every graph transformation at info level, so its
/// messages are limited to warnings unless `ORT_LOG` requests more.
fn onnxruntime_log_level() -> LogLevel {
    match non_empty_env("ORT_LOG").as_deref() {
        Some("verbose") => LogLevel::Verbose,
        Some("info") => LogLevel::Info,
        Some("error") => LogLevel::Error,
        Some("fatal") => LogLevel::Fatal,
        _ => LogLevel::Warning,
    }
}

/// Returns the path of the loaded library, if one has been loaded.
pub fn loaded_library_path() -> Option<&'static Path> {
    ENVIRONMENT.get().map(|(_, path)| path.as_path())
}
