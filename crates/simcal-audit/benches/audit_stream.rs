//! Time to read a one-million-item score stream CSV, draw the default
//! stratified sample from it, and read and analyse a 100,000-line threshold
//! log.

use std::fmt::Write as _;

use criterion::{Criterion, criterion_group, criterion_main};
use simcal_audit::{
    PairLabels, SampleOptions, analyze_threshold_log, draw_audit_sample, read_score_stream,
    read_threshold_log,
};

const STREAM_ITEMS: u64 = 1_000_000;
const LOG_RECORDS: u64 = 100_000;

/// Score in [0, 1] spread by a multiplicative hash, so runs are repeatable.
fn score_of(index: u64) -> f64 {
    (index.wrapping_mul(2_654_435_761) % 1_000_003) as f64 / 1_000_002.0
}

fn stream_csv() -> String {
    let mut text = String::from("item_id,score,timestamp\n");
    for index in 0..STREAM_ITEMS {
        let _ = writeln!(text, "item{index},{},2025-01-06T00:00:00Z", score_of(index));
    }
    text
}

fn threshold_log_jsonl() -> String {
    let mut text = String::new();
    for index in 0..LOG_RECORDS {
        let score = score_of(index);
        let (threshold, version) = if index % 2 == 0 {
            (0.9, "v1")
        } else {
            (0.95, "v2")
        };
        let decision = if score >= threshold {
            "duplicate"
        } else {
            "distinct"
        };
        let _ = writeln!(
            text,
            r#"{{"time":"2025-01-06T09:00:00Z","item_ids":["a{index}","b{index}"],"score":{score},"threshold":{threshold},"threshold_version":"{version}","encoder_id":"clip-b32","decision":"{decision}"}}"#
        );
    }
    text
}

fn audit_stream(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let stream_path = dir.path().join("stream.csv");
    std::fs::write(&stream_path, stream_csv()).unwrap();
    let log_path = dir.path().join("log.jsonl");
    std::fs::write(&log_path, threshold_log_jsonl()).unwrap();

    let mut group = c.benchmark_group("audit");
    group.sample_size(10);
    group.bench_function("read_stream_1m", |b| {
        b.iter(|| read_score_stream(&stream_path).unwrap().len())
    });

    let stream = read_score_stream(&stream_path).unwrap();
    let options = SampleOptions::default();
    group.bench_function("draw_sample_1m", |b| {
        b.iter(|| draw_audit_sample(&stream, &options).unwrap().rows.len())
    });

    let mut labels = PairLabels::new();
    for index in (0..LOG_RECORDS).step_by(100) {
        labels
            .insert(
                &format!("a{index}"),
                &format!("b{index}"),
                index % 300 == 0,
                "bench",
            )
            .unwrap();
    }
    group.bench_function("read_and_analyze_log_100k", |b| {
        b.iter(|| {
            let records = read_threshold_log(&log_path).unwrap();
            analyze_threshold_log(&records, &labels, 0.95)
                .unwrap()
                .versions
                .len()
        })
    });
    group.finish();
}

criterion_group!(benches, audit_stream);
criterion_main!(benches);
