//! Killing `simcal calibrate` midway loses nothing already computed: the
//! rerun resumes from the embedding cache and writes CSV files that are
//! byte-identical to those of an uninterrupted run.

mod calibrate_common;

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use calibrate_common::{DETERMINISTIC_CSV_FILES, calibrate, simcal, small_config};

/// Cache entries to wait for before killing the run. The descriptor writes
/// its 48 entries within seconds, so 60 stops the run while image
/// embeddings are still being computed.
const ENTRIES_BEFORE_KILL: usize = 60;
const KILL_DEADLINE: Duration = Duration::from_secs(300);

/// Counts finished cache entries: files below `cache`, without the
/// cache's temporary `.tmp-*` files.
fn count_cache_entries(cache: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(cache) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .map(|entry| {
            let path = entry.path();
            if path.is_dir() {
                count_cache_entries(&path)
            } else {
                usize::from(!entry.file_name().to_string_lossy().starts_with('.'))
            }
        })
        .sum()
}

#[test]
fn killed_run_resumes_to_identical_csv() {
    let folder = tempfile::tempdir().expect("temp dir");
    let reference_run = folder.path().join("reference");
    calibrate(
        &small_config(),
        &reference_run,
        &folder.path().join("reference-cache"),
        &["--no-figures"],
    );

    let cache = folder.path().join("cache");
    let killed_run = folder.path().join("killed");
    let mut child = simcal()
        .arg("calibrate")
        .arg("--config")
        .arg(small_config())
        .arg("--output")
        .arg(&killed_run)
        .arg("--cache")
        .arg(&cache)
        .args(["--no-progress", "--no-figures"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("simcal starts");
    let started = Instant::now();
    let entries_at_kill = loop {
        if let Some(status) = child.try_wait().expect("child status") {
            panic!(
                "the run ended ({status}) before {ENTRIES_BEFORE_KILL} cache entries existed; nothing was interrupted"
            );
        }
        let entries = count_cache_entries(&cache);
        if entries >= ENTRIES_BEFORE_KILL {
            break entries;
        }
        assert!(
            started.elapsed() < KILL_DEADLINE,
            "only {entries} cache entries after {KILL_DEADLINE:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    child.kill().expect("kill the run");
    child.wait().expect("reap the run");
    assert!(
        !killed_run.join("scores.csv").exists(),
        "the killed run got as far as writing outputs, so it did not test resuming"
    );
    let entries_after_kill = count_cache_entries(&cache);
    assert!(
        entries_after_kill >= entries_at_kill,
        "cache entries vanished after the kill"
    );

    let resumed_run = folder.path().join("resumed");
    calibrate(&small_config(), &resumed_run, &cache, &["--no-figures"]);
    let provenance: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(resumed_run.join("provenance.json")).expect("provenance"),
    )
    .expect("JSON");
    let hits: u64 = provenance["cache_hits"]
        .as_object()
        .expect("cache_hits")
        .values()
        .map(|hits| hits.as_u64().expect("count"))
        .sum();
    assert!(
        hits as usize >= entries_at_kill,
        "the rerun used {hits} cached embeddings, expected at least {entries_at_kill}"
    );

    for file in DETERMINISTIC_CSV_FILES {
        let reference = std::fs::read(reference_run.join(file)).expect("reference file");
        let resumed = std::fs::read(resumed_run.join(file)).expect("resumed file");
        assert!(
            reference == resumed,
            "{file} differs between the uninterrupted and the resumed run"
        );
    }
}
