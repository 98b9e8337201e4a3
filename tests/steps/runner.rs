//! Runs feature files with cucumber-rs and applies the suite's guards.
//!
//! cucumber-rs 0.23 passes a run whose steps were skipped (no matching step
//! definition) unless asked not to, and `Cucumber::run` returns normally
//! when steps failed. This runner therefore turns skipped steps into
//! failures, reads the failure counts from the returned writer, and adds
//! guards of its own: every feature file was collected, every scenario
//! carries exactly one size tag, at least one scenario was selected, and
//! every snapshot file is referenced by some feature file.

use std::collections::BTreeSet;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::{Context, bail};
use cucumber::writer::{self, Coloring, Verbosity};
use cucumber::{World as _, WriterExt as _};
use simcal::pins::list_snapshot_names;

use super::context::{self, SuiteContext};
use super::pins::PIN_STEP_PREFIX;
use super::world::CalibrationWorld;

/// Size tags; every scenario carries exactly one.
pub const SIZE_TAGS: [&str; 3] = ["fast", "full", "gpu"];

/// Environment variable that selects size tags: a comma-separated subset of
/// `fast`, `full`, `gpu`, or `all` (default `fast`).
pub const SELECTION_VARIABLE: &str = "SIMCAL_SUITE";

/// Which size tags run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagSelection(BTreeSet<String>);

impl TagSelection {
    /// Parses `fast`, `full`, `gpu`, `all` or a comma-separated list of them.
    pub fn parse(text: &str) -> anyhow::Result<Self> {
        let mut tags = BTreeSet::new();
        for word in text
            .split(',')
            .map(str::trim)
            .filter(|word| !word.is_empty())
        {
            match word {
                "all" => tags.extend(SIZE_TAGS.iter().map(|tag| (*tag).to_owned())),
                tag if SIZE_TAGS.contains(&tag) => {
                    tags.insert(tag.to_owned());
                }
                other => bail!(
                    "{SELECTION_VARIABLE}={text:?}: unknown size {other:?}; use fast, full, gpu, all or a comma-separated list"
                ),
            }
        }
        if tags.is_empty() {
            bail!("{SELECTION_VARIABLE}={text:?} selects no size; use fast, full, gpu or all");
        }
        Ok(Self(tags))
    }

    /// Reads [`SELECTION_VARIABLE`]; `fast` when unset.
    pub fn from_env() -> anyhow::Result<Self> {
        match std::env::var(SELECTION_VARIABLE) {
            Ok(text) => Self::parse(&text),
            Err(std::env::VarError::NotPresent) => Self::parse("fast"),
            Err(error) => bail!("{SELECTION_VARIABLE} is not valid UTF-8: {error}"),
        }
    }

    fn selects(&self, size_tag: &str) -> bool {
        self.0.contains(size_tag)
    }

    /// The selected tags, comma-separated.
    pub fn describe(&self) -> String {
        self.0.iter().cloned().collect::<Vec<_>>().join(",")
    }
}

/// What to run and where to write.
#[derive(Debug, Clone)]
pub struct SuiteOptions {
    /// Folder searched recursively for `*.feature` files.
    pub features_dir: PathBuf,
    /// Folder of accepted snapshots.
    pub snapshot_dir: PathBuf,
    /// Folder for run outputs, the embedding cache and the JUnit report.
    pub work_dir: PathBuf,
    /// JUnit XML report path.
    pub junit_path: PathBuf,
    pub selection: TagSelection,
    /// Runs only scenarios whose name contains this text; with a filter,
    /// selecting no scenario is not an error (as with libtest filters).
    pub name_filter: Option<String>,
    /// Print cucumber's progress and summary on stdout.
    pub print_progress: bool,
    /// Fail when a snapshot file is referenced by no feature file.
    pub reject_unreferenced_snapshots: bool,
}

/// Counts and guard failures of one suite run.
#[derive(Debug, Default)]
pub struct SuiteOutcome {
    pub scenarios_selected: usize,
    pub passed_steps: usize,
    pub failed_steps: usize,
    pub skipped_steps: usize,
    pub parsing_errors: usize,
    pub hook_errors: usize,
    /// Failed guards, one sentence each.
    pub guard_failures: Vec<String>,
}

impl SuiteOutcome {
    /// True when cucumber reported no failure and every guard held.
    pub fn passed(&self) -> bool {
        self.failed_steps == 0
            && self.skipped_steps == 0
            && self.parsing_errors == 0
            && self.hook_errors == 0
            && self.guard_failures.is_empty()
    }

    /// One-paragraph summary for logs and panic messages.
    pub fn summary(&self) -> String {
        let mut text = format!(
            "{} scenario(s) selected; steps: {} passed, {} failed, {} skipped; {} parsing error(s), {} hook error(s)",
            self.scenarios_selected,
            self.passed_steps,
            self.failed_steps,
            self.skipped_steps,
            self.parsing_errors,
            self.hook_errors
        );
        for failure in &self.guard_failures {
            text.push_str("\n  guard failed: ");
            text.push_str(failure);
        }
        text
    }
}

/// One scenario as the filter saw it.
#[derive(Debug, Clone)]
struct ScenarioRecord {
    feature_path: Option<PathBuf>,
    name: String,
    size_tags: Vec<String>,
    selected: bool,
    /// Snapshot names referenced by the scenario's pin steps.
    snapshots: Vec<String>,
}

/// Serialises suite runs within one process: steps read a process-wide context.
static SUITE_LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Runs every selected scenario under `options.features_dir` and applies the guards.
pub async fn run_suite(options: &SuiteOptions) -> anyhow::Result<SuiteOutcome> {
    let _exclusive = SUITE_LOCK.lock().await;
    let feature_files = find_feature_files(&options.features_dir)?;
    if feature_files.is_empty() {
        bail!(
            "no *.feature file under {}; an empty suite never passes",
            options.features_dir.display()
        );
    }

    let suite_context = Arc::new(SuiteContext::new(
        options.snapshot_dir.clone(),
        options.work_dir.clone(),
    ));
    context::install(suite_context.clone());
    if let Some(parent) = options.junit_path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("failed to create {}", parent.display()))?;
    }
    let junit_file = File::create(&options.junit_path).with_context(|| {
        format!(
            "failed to create the JUnit report {}",
            options.junit_path.display()
        )
    })?;

    let records: Arc<Mutex<Vec<ScenarioRecord>>> = Arc::default();
    let filter = scenario_filter(options.clone(), records.clone());
    let terminal: Box<dyn io::Write> = if options.print_progress {
        Box::new(io::stdout())
    } else {
        Box::new(io::sink())
    };
    let writer = writer::Basic::raw(terminal, Coloring::Auto, Verbosity::Default)
        .summarized()
        .tee::<CalibrationWorld, _>(writer::JUnit::for_tee(junit_file, Verbosity::Default))
        .normalized();
    let finished = CalibrationWorld::cucumber()
        .with_writer(writer)
        .fail_on_skipped()
        .with_default_cli()
        .filter_run(options.features_dir.clone(), filter)
        .await;

    use cucumber::writer::Stats as _;
    let mut outcome = SuiteOutcome {
        passed_steps: finished.passed_steps(),
        failed_steps: finished.failed_steps(),
        skipped_steps: finished.skipped_steps(),
        parsing_errors: finished.parsing_errors(),
        hook_errors: finished.hook_errors(),
        ..SuiteOutcome::default()
    };
    let records = records
        .lock()
        .map(|records| records.clone())
        .unwrap_or_default();
    outcome.scenarios_selected = records.iter().filter(|record| record.selected).count();
    apply_guards(
        options,
        &feature_files,
        &records,
        &suite_context,
        &mut outcome,
    )?;
    Ok(outcome)
}

type Filter = Box<
    dyn Fn(
        &cucumber::gherkin::Feature,
        Option<&cucumber::gherkin::Rule>,
        &cucumber::gherkin::Scenario,
    ) -> bool,
>;

/// Selects scenarios by size tag and name filter, recording every scenario seen.
fn scenario_filter(options: SuiteOptions, records: Arc<Mutex<Vec<ScenarioRecord>>>) -> Filter {
    Box::new(move |feature, rule, scenario| {
        let tags: Vec<&String> = feature
            .tags
            .iter()
            .chain(rule.map(|rule| rule.tags.iter()).into_iter().flatten())
            .chain(scenario.tags.iter())
            .collect();
        let size_tags: Vec<String> = tags
            .iter()
            .filter(|tag| SIZE_TAGS.contains(&tag.as_str()))
            .map(|tag| (*tag).clone())
            .collect();
        let name_matches = options
            .name_filter
            .as_ref()
            .is_none_or(|filter| scenario.name.contains(filter.as_str()));
        let selected =
            name_matches && size_tags.len() == 1 && options.selection.selects(&size_tags[0]);

        let background_steps = feature
            .background
            .iter()
            .chain(rule.and_then(|rule| rule.background.as_ref()))
            .flat_map(|background| background.steps.iter());
        let snapshots = background_steps
            .chain(scenario.steps.iter())
            .filter_map(|step| snapshot_reference(&step.value))
            .collect();

        if let Ok(mut records) = records.lock() {
            records.push(ScenarioRecord {
                feature_path: feature.path.clone(),
                name: scenario.name.clone(),
                size_tags,
                selected,
                snapshots,
            });
        }
        selected
    })
}

/// The snapshot name of a pin step's text, if it is one.
fn snapshot_reference(step_text: &str) -> Option<String> {
    let quoted = step_text.trim().strip_prefix(PIN_STEP_PREFIX)?;
    quoted
        .strip_prefix('"')?
        .strip_suffix('"')
        .map(str::to_owned)
}

fn apply_guards(
    options: &SuiteOptions,
    feature_files: &[PathBuf],
    records: &[ScenarioRecord],
    suite_context: &SuiteContext,
    outcome: &mut SuiteOutcome,
) -> anyhow::Result<()> {
    let collected: BTreeSet<PathBuf> = records
        .iter()
        .filter_map(|record| record.feature_path.as_deref())
        .filter_map(|path| path.canonicalize().ok())
        .collect();
    for file in feature_files {
        let canonical = file.canonicalize().unwrap_or_else(|_| file.clone());
        if !collected.contains(&canonical) {
            outcome.guard_failures.push(format!(
                "feature file {} was not collected: it has no scenario or did not parse",
                file.display()
            ));
        }
    }

    for record in records.iter().filter(|record| record.size_tags.len() != 1) {
        outcome.guard_failures.push(format!(
            "scenario {:?} in {} has size tags {:?}; give it exactly one of @fast, @full, @gpu",
            record.name,
            record
                .feature_path
                .as_deref()
                .map_or_else(|| "?".to_owned(), |path| path.display().to_string()),
            record.size_tags
        ));
    }

    if outcome.scenarios_selected == 0 && options.name_filter.is_none() {
        outcome.guard_failures.push(format!(
            "no scenario is tagged for {SELECTION_VARIABLE}={}; a run that checks nothing never passes",
            options.selection.describe()
        ));
    }

    let checked = suite_context.checked();
    for record in records.iter().filter(|record| record.selected) {
        for name in record
            .snapshots
            .iter()
            .filter(|name| !checked.contains(*name))
        {
            outcome.guard_failures.push(format!(
                "scenario {:?} references snapshot {name:?} but never reached its pin step",
                record.name
            ));
        }
    }

    if options.reject_unreferenced_snapshots {
        let referenced = referenced_snapshots(feature_files)?;
        for name in list_snapshot_names(&options.snapshot_dir)? {
            if !referenced.contains(&name) {
                outcome.guard_failures.push(format!(
                    "snapshot file {}/{name}.snap is referenced by no feature file; delete it or reference it",
                    options.snapshot_dir.display()
                ));
            }
        }
    }
    Ok(())
}

/// Every snapshot name that a pin step in any feature file references,
/// whatever its tags.
fn referenced_snapshots(feature_files: &[PathBuf]) -> anyhow::Result<BTreeSet<String>> {
    let mut names = BTreeSet::new();
    for file in feature_files {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("failed to read {}", file.display()))?;
        for line in text.lines() {
            let step_text = line
                .trim_start()
                .split_once(' ')
                .map_or("", |(_, rest)| rest);
            names.extend(snapshot_reference(step_text));
        }
    }
    Ok(names)
}

/// Every `*.feature` file under `dir`, sorted.
pub fn find_feature_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(folder) = pending.pop() {
        let entries = std::fs::read_dir(&folder)
            .with_context(|| format!("failed to list {}", folder.display()))?;
        for entry in entries {
            let path = entry
                .with_context(|| format!("failed to list {}", folder.display()))?
                .path();
            if path.is_dir() {
                pending.push(path);
            } else if path
                .extension()
                .is_some_and(|extension| extension == "feature")
            {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}
