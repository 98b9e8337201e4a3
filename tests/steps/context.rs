//! Settings of the suite run in progress, shared by every step: where the
//! snapshots live, where runs write their outputs, and which snapshots the
//! scenarios checked.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};

use anyhow::Context;
use simcal::pins::ToleranceRule;

/// Settings of one suite run.
#[derive(Debug)]
pub struct SuiteContext {
    /// Folder of accepted `<name>.snap` files.
    pub snapshot_dir: PathBuf,
    /// Folder for pipeline run outputs and the embedding cache.
    pub work_dir: PathBuf,
    pub tolerance: ToleranceRule,
    /// Snapshot names that a pin step compared, whatever the outcome.
    pub checked_snapshots: Mutex<BTreeSet<String>>,
}

impl SuiteContext {
    pub fn new(snapshot_dir: PathBuf, work_dir: PathBuf) -> Self {
        Self {
            snapshot_dir,
            work_dir,
            tolerance: ToleranceRule::default(),
            checked_snapshots: Mutex::default(),
        }
    }

    /// Records that a scenario compared snapshot `name`.
    pub fn record_checked(&self, name: &str) {
        if let Ok(mut checked) = self.checked_snapshots.lock() {
            checked.insert(name.to_owned());
        }
    }

    /// Snapshot names compared so far.
    pub fn checked(&self) -> BTreeSet<String> {
        self.checked_snapshots
            .lock()
            .map(|checked| checked.clone())
            .unwrap_or_default()
    }
}

static CURRENT: RwLock<Option<Arc<SuiteContext>>> = RwLock::new(None);

/// Makes `context` the one that steps see until the next call.
pub fn install(context: Arc<SuiteContext>) {
    if let Ok(mut current) = CURRENT.write() {
        *current = Some(context);
    }
}

/// The context of the suite run in progress.
pub fn current() -> anyhow::Result<Arc<SuiteContext>> {
    CURRENT
        .read()
        .ok()
        .and_then(|current| current.clone())
        .context("no suite context: steps run only under the calibration suite runner")
}
