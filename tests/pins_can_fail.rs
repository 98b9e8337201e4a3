//! The suite can fail. A pinned configuration whose encoder is swapped or
//! whose scores are perturbed fails with a readable threshold diff, and
//! restoring it passes. An unchanged rerun passes five times in a row. A
//! missing or unreferenced snapshot fails, and a misspelt step fails instead
//! of being skipped. Every case runs the real cucumber runner and the same pin step
//! as `tests/calibration_suite.rs`, on feature files and scores written to a
//! temporary folder.

#[allow(dead_code)]
#[path = "steps/mod.rs"]
mod steps;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use simcal::config::CalibrationConfig;
use steps::estimation::SplitMix64;
use steps::pin_check::{pin_of_run, write_accepted_snapshot};
use steps::run_cache::clear_cached_runs;
use steps::runner::{SuiteOptions, SuiteOutcome, TagSelection, run_suite};
use steps::scores::sweep_scores_file;

const SNAPSHOT: &str = "swap-check";

/// Score distributions of one synthetic encoder: Beta shapes of the
/// positive and negative scores.
struct Encoder {
    id: &'static str,
    positive_shape: (usize, usize),
    negative_shape: (usize, usize),
}

const ENCODER_A: Encoder = Encoder {
    id: "synthetic@aaaa1111",
    positive_shape: (12, 2),
    negative_shape: (3, 5),
};
const ENCODER_B: Encoder = Encoder {
    id: "synthetic@bbbb2222",
    positive_shape: (6, 3),
    negative_shape: (4, 4),
};

/// Writes 300 positive and 300 negative cosine scores of `encoder`, seeded,
/// with every score shifted by `positive_shift` for positives.
fn write_scores(path: &Path, encoder: &Encoder, positive_shift: f64) {
    let mut rng = SplitMix64(42);
    let mut text = String::from("pair_id,label,score,encoder,similarity\n");
    for index in 0..600 {
        let positive = index % 2 == 0;
        let (a, b) = if positive {
            encoder.positive_shape
        } else {
            encoder.negative_shape
        };
        let shift = if positive { positive_shift } else { 0.0 };
        let score = (rng.next_beta(a, b) + shift).min(1.0);
        writeln!(
            text,
            "pair-{index:04},{},{score:.9},{},cosine",
            u8::from(positive),
            encoder.id
        )
        .expect("write to string");
    }
    std::fs::write(path, text).expect("write scores file");
}

struct Workspace {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Workspace {
    /// Creates a temporary folder with one feature file that pins the scores in
    /// `scores.csv` as snapshot `swap-check`.
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        let root = dir.path().to_owned();
        std::fs::create_dir_all(root.join("features")).expect("features folder");
        let feature = format!(
            "Feature: A pinned configuration\n\n  @fast\n  Scenario: The pinned sweep still matches\n    \
             Given 200 bootstrap resamples\n    When the scored pairs in \"{}\" are swept\n    \
             Then the pinned thresholds match snapshot \"{SNAPSHOT}\"\n",
            root.join("scores.csv").display()
        );
        std::fs::write(root.join("features/pinned.feature"), feature).expect("feature file");
        Self { _dir: dir, root }
    }

    fn scores(&self) -> PathBuf {
        self.root.join("scores.csv")
    }

    fn snapshot_dir(&self) -> PathBuf {
        self.root.join("snapshots")
    }

    /// Accepts the current scores as the pinned baseline.
    fn accept_current(&self) {
        let mut config = CalibrationConfig::default();
        config.bootstrap_resamples = 200;
        let run = sweep_scores_file(&self.scores(), &config).expect("sweep scores");
        let pin = pin_of_run(SNAPSHOT, &run).expect("pin");
        write_accepted_snapshot(&self.snapshot_dir(), &pin).expect("accept snapshot");
    }

    fn options(&self) -> SuiteOptions {
        SuiteOptions {
            features_dir: self.root.join("features"),
            snapshot_dir: self.snapshot_dir(),
            work_dir: self.root.join("work"),
            junit_path: self.root.join("junit.xml"),
            selection: TagSelection::parse("fast").expect("valid selection"),
            name_filter: None,
            print_progress: false,
            reject_unreferenced_snapshots: true,
        }
    }

    async fn run(&self) -> (SuiteOutcome, String) {
        clear_cached_runs();
        let outcome = run_suite(&self.options()).await.expect("suite runs");
        let junit = std::fs::read_to_string(self.root.join("junit.xml")).expect("JUnit report");
        (outcome, junit)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unchanged_rerun_passes_five_times() {
    let workspace = Workspace::new();
    write_scores(&workspace.scores(), &ENCODER_A, 0.0);
    workspace.accept_current();

    for attempt in 1..=5 {
        let (outcome, junit) = workspace.run().await;
        assert!(
            outcome.passed(),
            "attempt {attempt}: {}\n{junit}",
            outcome.summary()
        );
        assert_eq!(outcome.scenarios_selected, 1);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn swapped_encoder_fails_then_restored_passes() {
    let workspace = Workspace::new();
    write_scores(&workspace.scores(), &ENCODER_A, 0.0);
    workspace.accept_current();

    write_scores(&workspace.scores(), &ENCODER_B, 0.0);
    let (outcome, junit) = workspace.run().await;
    assert!(!outcome.passed(), "a swapped encoder must fail the pin");
    assert_eq!(outcome.failed_steps, 1, "{}", outcome.summary());
    assert!(junit.contains("DRIFTED"), "{junit}");
    assert!(junit.contains("threshold"), "{junit}");
    assert!(junit.contains("tolerance"), "{junit}");
    assert!(junit.contains("stored interval"), "{junit}");
    assert!(
        junit.contains(
            "provenance encoder ids changed: synthetic@aaaa1111 -&gt; synthetic@bbbb2222"
        ),
        "{junit}"
    );

    write_scores(&workspace.scores(), &ENCODER_A, 0.0);
    let (outcome, junit) = workspace.run().await;
    assert!(outcome.passed(), "{}\n{junit}", outcome.summary());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn perturbed_scores_fail_with_diff() {
    let workspace = Workspace::new();
    write_scores(&workspace.scores(), &ENCODER_A, 0.0);
    workspace.accept_current();

    // Same encoder id, positives pushed towards 1: only the numbers drift.
    write_scores(&workspace.scores(), &ENCODER_A, 0.08);
    let (outcome, junit) = workspace.run().await;
    assert!(!outcome.passed(), "perturbed scores must fail the pin");
    assert!(junit.contains("DRIFTED"), "{junit}");
    assert!(!junit.contains("provenance encoder ids changed"), "{junit}");
    assert!(junit.contains("recall"), "{junit}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_snapshot_fails() {
    let workspace = Workspace::new();
    write_scores(&workspace.scores(), &ENCODER_A, 0.0);

    let (outcome, junit) = workspace.run().await;
    assert!(!outcome.passed());
    assert!(junit.contains("does not exist yet"), "{junit}");
    assert!(
        !workspace
            .snapshot_dir()
            .join(format!("{SNAPSHOT}.snap"))
            .exists(),
        "a missing snapshot is never accepted"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreferenced_snapshot_fails() {
    let workspace = Workspace::new();
    write_scores(&workspace.scores(), &ENCODER_A, 0.0);
    workspace.accept_current();
    let stale = workspace.snapshot_dir().join("stale-configuration.snap");
    std::fs::copy(
        workspace.snapshot_dir().join(format!("{SNAPSHOT}.snap")),
        &stale,
    )
    .expect("copy snapshot");

    let (outcome, _) = workspace.run().await;
    assert!(!outcome.passed());
    assert_eq!(outcome.failed_steps, 0);
    assert!(
        outcome
            .guard_failures
            .iter()
            .any(|failure| failure.contains("stale-configuration.snap")),
        "{}",
        outcome.summary()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn misspelt_step_fails() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let work = tempfile::tempdir().expect("temporary folder");
    let options = SuiteOptions {
        features_dir: root.join("fixtures/suite/misspelt"),
        snapshot_dir: work.path().join("snapshots"),
        work_dir: work.path().to_owned(),
        junit_path: work.path().join("junit.xml"),
        selection: TagSelection::parse("all").expect("valid selection"),
        name_filter: None,
        print_progress: false,
        reject_unreferenced_snapshots: true,
    };

    let outcome = run_suite(&options).await.expect("suite runs");
    assert!(!outcome.passed(), "{}", outcome.summary());
    assert_eq!(outcome.scenarios_selected, 1);
    assert!(
        outcome.failed_steps + outcome.skipped_steps >= 1,
        "{}",
        outcome.summary()
    );
}
