//! Steps for the estimation recipe: a seeded production stream with known
//! truth, a stratified audit by score band, the prevalence estimate, the
//! flagged-only trap, week-on-week alerts and recalibration.

use std::collections::HashMap;

use anyhow::Context;
use cucumber::{given, then, when};
use simcal::audit::{
    AuditRow, AuditSheet, DriftOptions, EstimateOptions, SampleOptions, ScoreStream, StreamItem,
    compare_weeks, draw_audit_sample, estimate_prevalence, recalibrate,
};
use simcal::sweep::PrecisionTarget;

use super::world::{CalibrationWorld, SimulatedStream, choose_threshold, ensure_that};

/// SplitMix64: a small, fully specified generator, so that the simulated
/// stream is identical on every platform and needs no extra dependency.
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 random bits.
    pub fn next_unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Beta(a, b) for integer shapes: the a-th smallest of a + b - 1 uniforms.
    pub fn next_beta(&mut self, a: usize, b: usize) -> f64 {
        let mut draws: Vec<f64> = (0..a + b - 1).map(|_| self.next_unit()).collect();
        draws.sort_by(f64::total_cmp);
        draws[a - 1]
    }
}

/// Positives score like Beta(8, 2) (mean 0.8) and negatives like Beta(2, 6)
/// (mean 0.25): overlapping, as near-duplicate scores are.
fn simulate_stream(items: usize, base_rate: f64, seed: u64) -> anyhow::Result<SimulatedStream> {
    ensure_that(items > 0 && (0.0..=1.0).contains(&base_rate), || {
        format!(
            "a stream needs items > 0 and a base rate in [0, 1], got {items} items at {base_rate}"
        )
    })?;
    let mut rng = SplitMix64(seed);
    let mut stream_items = Vec::with_capacity(items);
    let mut labels = Vec::with_capacity(items);
    for index in 0..items {
        let positive = rng.next_unit() < base_rate;
        let score = if positive {
            rng.next_beta(8, 2)
        } else {
            rng.next_beta(2, 6)
        };
        stream_items.push(StreamItem {
            item_id: format!("item-{index:06}"),
            score,
            timestamp: None,
        });
        labels.push(positive);
    }
    let true_base_rate = labels.iter().filter(|&&label| label).count() as f64 / items as f64;
    let stream = ScoreStream::new(stream_items).context("the simulated stream is invalid")?;
    Ok(SimulatedStream {
        stream,
        labels,
        true_base_rate,
    })
}

fn stream(world: &CalibrationWorld) -> anyhow::Result<&SimulatedStream> {
    world
        .estimation
        .stream
        .as_ref()
        .context("no production stream: add `Given a production stream of N items ...` first")
}

#[given(expr = "a production stream of {int} items with base rate {float} and seed {int}")]
fn production_stream(
    world: &mut CalibrationWorld,
    items: usize,
    base_rate: f64,
    seed: u64,
) -> anyhow::Result<()> {
    world.estimation.stream = Some(simulate_stream(items, base_rate, seed)?);
    Ok(())
}

#[given(expr = "the stream shifts to base rate {float} with seed {int}")]
fn stream_shifts(world: &mut CalibrationWorld, base_rate: f64, seed: u64) -> anyhow::Result<()> {
    let items = stream(world)?.stream.len();
    world.estimation.stream = Some(simulate_stream(items, base_rate, seed)?);
    Ok(())
}

#[when(
    expr = "the base rate is estimated from an audit of {int} items per score band drawn with seed {int}"
)]
fn estimate_from_audit(
    world: &mut CalibrationWorld,
    per_band: usize,
    seed: u64,
) -> anyhow::Result<()> {
    let simulated = stream(world)?;
    let options = SampleOptions {
        per_band,
        seed,
        ..SampleOptions::default()
    };
    let sample = draw_audit_sample(&simulated.stream, &options)
        .context("failed to draw the audit sample")?;

    // The labeller: the simulation's own truth.
    let truth: HashMap<&str, bool> = simulated
        .stream
        .items()
        .iter()
        .zip(&simulated.labels)
        .map(|(item, &label)| (item.item_id.as_str(), label))
        .collect();
    let rows: Vec<AuditRow> = sample
        .rows
        .into_iter()
        .map(|row| {
            let label = truth.get(row.item_id.as_str()).copied();
            AuditRow { label, ..row }
        })
        .collect();
    let sheet = AuditSheet::new(rows).context("the labelled audit sheet is invalid")?;
    let estimate = estimate_prevalence(&sheet, &sample.shares, &EstimateOptions::default())
        .context("failed to estimate the base rate")?;

    world.estimation.previous_estimate = world.estimation.estimate.replace(estimate);
    Ok(())
}

fn estimate_summary(world: &CalibrationWorld) -> anyhow::Result<(f64, f64, f64, f64)> {
    let estimate = world
        .estimation
        .estimate
        .as_ref()
        .context("no estimate: add the estimation step first")?;
    let truth = stream(world)?.true_base_rate;
    Ok((
        estimate.prevalence,
        estimate.interval.low,
        estimate.interval.high,
        truth,
    ))
}

#[then("the estimated base rate interval covers the true base rate")]
fn interval_covers(world: &mut CalibrationWorld) -> anyhow::Result<()> {
    let (estimate, low, high, truth) = estimate_summary(world)?;
    ensure_that((low..=high).contains(&truth), || {
        format!(
            "estimate {estimate:.4} with interval [{low:.4}, {high:.4}] misses the true base rate {truth:.4}"
        )
    })
}

#[then(expr = "the estimated base rate is within {float} of the true base rate")]
fn estimate_close(world: &mut CalibrationWorld, distance: f64) -> anyhow::Result<()> {
    let (estimate, _, _, truth) = estimate_summary(world)?;
    ensure_that((estimate - truth).abs() <= distance, || {
        format!(
            "estimate {estimate:.4} is {:.4} from the true base rate {truth:.4}, more than {distance}",
            (estimate - truth).abs()
        )
    })
}

#[when(expr = "only the items flagged at threshold {float} are audited")]
fn audit_flagged_only(world: &mut CalibrationWorld, threshold: f64) -> anyhow::Result<()> {
    let simulated = stream(world)?;
    let flagged: Vec<bool> = simulated
        .stream
        .items()
        .iter()
        .zip(&simulated.labels)
        .filter(|(item, _)| item.score >= threshold)
        .map(|(_, &label)| label)
        .collect();
    ensure_that(!flagged.is_empty(), || {
        format!("no item scores at or above {threshold}")
    })?;
    let rate = flagged.iter().filter(|&&label| label).count() as f64 / flagged.len() as f64;
    world.estimation.flagged_only_rate = Some(rate);
    Ok(())
}

#[then(expr = "the flagged-only audit overstates the base rate by at least {float}")]
fn flagged_only_biased(world: &mut CalibrationWorld, margin: f64) -> anyhow::Result<()> {
    let rate = world
        .estimation
        .flagged_only_rate
        .context("no flagged-only audit: add that step first")?;
    let truth = stream(world)?.true_base_rate;
    ensure_that(rate - truth >= margin, || {
        format!(
            "flagged-only positive rate {rate:.4} exceeds the true base rate {truth:.4} by less than {margin}"
        )
    })
}

#[when("this week's audit is compared with last week's")]
fn compare_with_last_week(world: &mut CalibrationWorld) -> anyhow::Result<()> {
    let previous = world
        .estimation
        .previous_estimate
        .as_ref()
        .context("only one audit so far: estimate twice")?;
    let current = world
        .estimation
        .estimate
        .as_ref()
        .context("no estimate: add the estimation step first")?;
    let comparison = compare_weeks(previous, current, &DriftOptions::default())
        .context("failed to compare the weeks")?;
    world.estimation.week_comparison = Some(comparison);
    Ok(())
}

fn band_report(
    world: &CalibrationWorld,
) -> anyhow::Result<(&simcal::audit::WeekComparison, String)> {
    let comparison = world
        .estimation
        .week_comparison
        .as_ref()
        .context("no week comparison: add that step first")?;
    let report = comparison
        .bands
        .iter()
        .map(|band| {
            format!(
                "\n  {}: shift {:?} points, alert {}",
                band.band, band.shift_points, band.alert
            )
        })
        .collect();
    Ok((comparison, report))
}

#[then(expr = "a week-on-week alert is raised for band {string}")]
fn alert_raised(world: &mut CalibrationWorld, band: String) -> anyhow::Result<()> {
    let (comparison, report) = band_report(world)?;
    let alerted = comparison
        .bands
        .iter()
        .any(|drift| drift.band == band && drift.alert);
    ensure_that(alerted, || format!("no alert for band {band}:{report}"))
}

#[then("no week-on-week alert is raised")]
fn no_alert(world: &mut CalibrationWorld) -> anyhow::Result<()> {
    let (comparison, report) = band_report(world)?;
    ensure_that(!comparison.alert, || format!("unexpected alert:{report}"))
}

#[when(expr = "the threshold is recalibrated at precision {float} for the estimated base rate")]
fn recalibrate_at_estimate(world: &mut CalibrationWorld, precision: f64) -> anyhow::Result<()> {
    let estimate = world
        .estimation
        .estimate
        .as_ref()
        .context("no estimate: add the estimation step first")?;
    let target = PrecisionTarget::new(precision)?;
    let recalibrations = recalibrate(&world.focused_scores()?.report.sweep, estimate, target);
    world.estimation.recalibrations = recalibrations;
    Ok(())
}

#[then(
    expr = "the recalibrated threshold is at least the one calibrated at precision {float} and base rate {float}"
)]
fn recalibrated_stricter(
    world: &mut CalibrationWorld,
    precision: f64,
    base_rate: f64,
) -> anyhow::Result<()> {
    let reference = choose_threshold(world.focused_scores()?, precision, base_rate)?;
    let reference_threshold = reference.threshold().unwrap_or(f64::INFINITY);
    let recalibrations = &world.estimation.recalibrations;
    ensure_that(!recalibrations.is_empty(), || {
        "no recalibration: add that step first".to_owned()
    })?;
    for recalibration in recalibrations {
        let threshold = recalibration
            .choice
            .as_ref()
            .and_then(|choice| choice.threshold())
            .unwrap_or(f64::INFINITY);
        ensure_that(threshold >= reference_threshold, || {
            format!(
                "threshold {threshold:.6} at the {} base rate {:.4} is below {reference_threshold:.6}, the one at base rate {base_rate}",
                recalibration.source.as_str(),
                recalibration.base_rate
            )
        })?;
    }
    Ok(())
}
