//! Times simcal's full threshold sweep on a scores CSV, for the side-by-side
//! benchmark against scikit-learn in scripts/bench/sweep.sh.
//!
//! Usage: `cargo bench -p simcal-sweep --bench sweep_file -- FILE [REPEATS]`.
//! Parses FILE once (timed separately), then runs the sweep REPEATS times
//! (default 3): both curves, ROC-AUC, average precision and the threshold
//! at four base rates, without bootstrap or held-out check. Prints one JSON
//! object with the timings and the process's peak resident memory.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use simcal_sweep::pairs::{ReadOptions, read_scored_pairs_csv};
use simcal_sweep::{SweepConfig, sweep};

fn main() -> ExitCode {
    // cargo bench appends `--bench`; every other argument is ours.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| arg != "--bench")
        .collect();
    let Some(path) = args.first().map(PathBuf::from) else {
        eprintln!("usage: cargo bench -p simcal-sweep --bench sweep_file -- FILE [REPEATS]");
        return ExitCode::FAILURE;
    };
    let repeats: usize = match args.get(1).map(|text| text.parse()) {
        None => 3,
        Some(Ok(repeats)) if repeats > 0 => repeats,
        Some(_) => {
            eprintln!("invalid REPEATS `{}`; expected a positive integer", args[1]);
            return ExitCode::FAILURE;
        }
    };

    let parse_started = Instant::now();
    let groups = match read_scored_pairs_csv(&path, &ReadOptions::default()) {
        Ok(groups) => groups,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    let parse_s = parse_started.elapsed().as_secs_f64();
    let Some(group) = groups.first() else {
        eprintln!("error: {} has no score groups", path.display());
        return ExitCode::FAILURE;
    };
    let pairs = &group.pairs;

    let config = SweepConfig {
        bootstrap: None,
        heldout: None,
        ..SweepConfig::default()
    };
    let mut sweep_s = Vec::with_capacity(repeats);
    let mut sweep_cpu_s = Vec::with_capacity(repeats);
    let mut summary = String::new();
    for _ in 0..repeats {
        let started = Instant::now();
        let cpu_started = cpu_seconds();
        let report = match sweep(pairs, &config) {
            Ok(report) => report,
            Err(error) => {
                eprintln!("error: {error}");
                return ExitCode::FAILURE;
            }
        };
        sweep_s.push(started.elapsed().as_secs_f64());
        sweep_cpu_s.push(cpu_seconds() - cpu_started);
        let thresholds: Vec<String> = report
            .thresholds
            .iter()
            .map(|row| format!("{:?}", row.choice.threshold()))
            .collect();
        summary = format!(
            "\"operating_points\": {}, \"roc_auc\": {}, \"average_precision\": {}, \"thresholds\": \"{}\"",
            report.sweep.len(),
            report.roc_auc,
            report.average_precision,
            thresholds.join(" ")
        );
    }

    let mut sorted = sweep_s.clone();
    sorted.sort_by(f64::total_cmp);
    println!(
        "{{\"tool\": \"simcal\", \"pairs\": {}, \"threads\": {}, \"parse_s\": {parse_s}, \"sweep_s\": {:?}, \
         \"sweep_median_s\": {}, \"sweep_cpu_s\": {:?}, \"peak_rss_mib\": {}, {summary}}}",
        pairs.len(),
        rayon::current_num_threads(),
        sweep_s,
        sorted[sorted.len() / 2],
        sweep_cpu_s,
        peak_rss_mib().map_or("null".to_owned(), |mib| format!("{mib:.1}")),
    );
    ExitCode::SUCCESS
}

/// Peak resident set size of this process (VmHWM), Linux only.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// User plus system CPU time of this process so far, from /proc/self/stat
/// (clock ticks of 1/100 s on Linux); 0 where unavailable.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the parenthesised command name; utime and stime are the
    // 14th and 15th fields of the whole line.
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |index: usize| {
        fields
            .get(index)
            .and_then(|field| field.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}
