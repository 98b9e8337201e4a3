//! Seeded simulation with known truth: streams of 4,000 items with a known
//! base rate, positives scored ~ Beta(8, 2) and negatives ~ Beta(2, 6),
//! audited with the default 50 items per default band. Over 200 trials the
//! stratified 95% interval must cover the stream's true prevalence at least
//! 90% of the time, while auditing only flagged items (score >= 0.9) is far
//! off. Run with `--nocapture` to see the measured figures.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Beta, Distribution};
use simcal_audit::{
    AuditSheet, BandVariance, EstimateOptions, Interval, SampleOptions, ScoreStream, StreamItem,
    draw_audit_sample, estimate_prevalence, wilson_interval,
};

const TRIALS: u64 = 200;
const STREAM_ITEMS: usize = 4000;
const FLAG_THRESHOLD: f64 = 0.9;

struct SimulatedStream {
    stream: ScoreStream,
    is_positive: std::collections::HashMap<String, bool>,
    prevalence: f64,
}

fn simulate_stream(base_rate: f64, seed: u64) -> SimulatedStream {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let positive_scores = Beta::new(8.0, 2.0).unwrap();
    let negative_scores = Beta::new(2.0, 6.0).unwrap();
    let mut items = Vec::with_capacity(STREAM_ITEMS);
    let mut is_positive = std::collections::HashMap::new();
    for index in 0..STREAM_ITEMS {
        let positive = rng.random_bool(base_rate);
        let score = if positive {
            positive_scores.sample(&mut rng)
        } else {
            negative_scores.sample(&mut rng)
        };
        let item_id = format!("item-{index}");
        is_positive.insert(item_id.clone(), positive);
        items.push(StreamItem {
            item_id,
            score,
            timestamp: None,
        });
    }
    let positives = is_positive.values().filter(|&&positive| positive).count();
    SimulatedStream {
        stream: ScoreStream::new(items).unwrap(),
        is_positive,
        prevalence: positives as f64 / STREAM_ITEMS as f64,
    }
}

/// Coverage and accuracy of one audit method over all trials.
#[derive(Default)]
struct Tally {
    covered: u32,
    absolute_error_sum: f64,
    width_sum: f64,
}

impl Tally {
    fn add(&mut self, interval: Interval, estimate: f64, truth: f64) {
        self.covered += u32::from(interval.contains(truth));
        self.absolute_error_sum += (estimate - truth).abs();
        self.width_sum += interval.high - interval.low;
    }

    fn mean_width(&self) -> f64 {
        self.width_sum / TRIALS as f64
    }

    fn coverage(&self) -> f64 {
        f64::from(self.covered) / TRIALS as f64
    }

    fn mean_error(&self) -> f64 {
        self.absolute_error_sum / TRIALS as f64
    }
}

struct Tallies {
    add_one: Tally,
    plug_in: Tally,
    flagged_only: Tally,
}

fn run_trials(base_rate: f64) -> Tallies {
    let mut tallies = Tallies {
        add_one: Tally::default(),
        plug_in: Tally::default(),
        flagged_only: Tally::default(),
    };
    for trial in 0..TRIALS {
        let simulated = simulate_stream(base_rate, 1_000 + trial);
        let truth = simulated.prevalence;
        let options = SampleOptions {
            seed: trial,
            ..SampleOptions::default()
        };
        let mut sample = draw_audit_sample(&simulated.stream, &options).unwrap();
        for row in &mut sample.rows {
            row.label = Some(simulated.is_positive[&row.item_id]);
        }
        let sheet = AuditSheet::new(sample.rows).unwrap();
        for (band_variance, tally) in [
            (BandVariance::AddOne, &mut tallies.add_one),
            (BandVariance::PlugIn, &mut tallies.plug_in),
        ] {
            let options = EstimateOptions {
                band_variance,
                ..EstimateOptions::default()
            };
            let estimate = estimate_prevalence(&sheet, &sample.shares, &options).unwrap();
            tally.add(estimate.interval, estimate.prevalence, truth);
        }

        // The tempting shortcut: label 150 of the items the system flagged
        // and call their positive rate the base rate.
        let mut rng = ChaCha8Rng::seed_from_u64(trial);
        let flagged: Vec<&StreamItem> = simulated
            .stream
            .items()
            .iter()
            .filter(|item| item.score >= FLAG_THRESHOLD)
            .collect();
        let audited = rand::seq::index::sample(&mut rng, flagged.len(), 150.min(flagged.len()));
        let positives = audited
            .iter()
            .filter(|&index| simulated.is_positive[&flagged[index].item_id])
            .count() as u64;
        let flagged_rate = positives as f64 / audited.len() as f64;
        let flagged_interval =
            wilson_interval(positives, audited.len() as u64, 1.959_963_984_540_054).unwrap();
        tallies
            .flagged_only
            .add(flagged_interval, flagged_rate, truth);
    }
    tallies
}

#[test]
fn stratified_interval_covers_truth_flagged_audit_does_not() {
    for base_rate in [0.05, 0.15, 0.3] {
        let tallies = run_trials(base_rate);
        for (name, tally) in [
            ("stratified, add-one variance (default)", &tallies.add_one),
            ("stratified, plug-in variance", &tallies.plug_in),
            ("flagged-only (score >= 0.9)", &tallies.flagged_only),
        ] {
            println!(
                "base rate {base_rate}: {name}: interval covered the true prevalence in {}/{TRIALS} trials ({:.1}%), mean absolute error {:.4}, mean interval width {:.4}",
                tally.covered,
                tally.coverage() * 100.0,
                tally.mean_error(),
                tally.mean_width()
            );
        }

        let coverage = tallies.add_one.coverage();
        assert!(
            coverage >= 0.90,
            "base rate {base_rate}: coverage {coverage} below 0.90"
        );
        let error = tallies.add_one.mean_error();
        assert!(
            error < 0.03,
            "base rate {base_rate}: stratified mean error {error}"
        );
        let flagged_error = tallies.flagged_only.mean_error();
        assert!(
            flagged_error > 0.5,
            "base rate {base_rate}: flagged-only mean error {flagged_error} is not far from the truth"
        );
        assert_eq!(
            tallies.flagged_only.covered, 0,
            "base rate {base_rate}: a flagged-only interval covered the base rate"
        );
    }
}
