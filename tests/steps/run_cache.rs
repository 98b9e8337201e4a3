//! One pipeline run per distinct configuration, shared by every scenario
//! that uses it.
//!
//! Runs are keyed by the configuration's canonical form (its JSON
//! serialisation, fields in declaration order). The first scenario to ask
//! computes the run on a blocking thread while the others await the same
//! cell, so the async executor that drives the scenarios never blocks. Only
//! one run computes at a time, because rendering and inference already use
//! every core.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use anyhow::Context;
use sha2::{Digest, Sha256};
use simcal::config::CalibrationConfig;
use tokio::sync::{OnceCell, Semaphore};

use super::context;
use super::pipeline_adapter::compute_suite_run;
use super::world::SuiteRun;

type SharedRun = Arc<OnceCell<Result<Arc<SuiteRun>, String>>>;

static RUNS: LazyLock<Mutex<HashMap<String, SharedRun>>> = LazyLock::new(Mutex::default);
static COMPUTE_SLOTS: Semaphore = Semaphore::const_new(1);

/// Canonical form of `config`: its JSON without the output and cache
/// folders, which the suite chooses itself.
pub fn canonical_key(config: &CalibrationConfig) -> anyhow::Result<String> {
    let mut config = config.clone();
    config.output = None;
    config.cache = None;
    serde_json::to_string(&config).context("failed to serialise the calibration config")
}

/// The run for `config`, computed at most once per suite process.
pub async fn shared_run(config: &CalibrationConfig) -> anyhow::Result<Arc<SuiteRun>> {
    let key = canonical_key(config)?;
    let cell = {
        let mut runs = RUNS
            .lock()
            .map_err(|_| anyhow::anyhow!("the run cache lock is poisoned"))?;
        runs.entry(key.clone()).or_default().clone()
    };
    let result = cell
        .get_or_init(|| async {
            let outcome = compute_blocking(config.clone(), &key).await;
            outcome.map(Arc::new).map_err(|error| format!("{error:#}"))
        })
        .await;
    result
        .clone()
        .map_err(|message| anyhow::anyhow!("pipeline run failed: {message}"))
}

/// Forgets every cached run, so that the next request recomputes it.
pub fn clear_cached_runs() {
    if let Ok(mut runs) = RUNS.lock() {
        runs.clear();
    }
}

async fn compute_blocking(mut config: CalibrationConfig, key: &str) -> anyhow::Result<SuiteRun> {
    let _slot = COMPUTE_SLOTS
        .acquire()
        .await
        .context("the pipeline semaphore was closed")?;
    let context = context::current()?;
    let digest = hex::encode(Sha256::digest(key.as_bytes()));
    config.output = Some(context.work_dir.join("runs").join(&digest[..16]));
    config.cache = Some(context.work_dir.join("embedding-cache"));
    tokio::task::spawn_blocking(move || compute_suite_run(config))
        .await
        .context("the pipeline thread panicked")?
}
