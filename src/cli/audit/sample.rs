//! `simcal audit sample`, `simcal audit estimate` and `simcal audit em-prior`.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::{Args, ValueEnum};

use simcal_audit::{
    BandVariance, DriftOptions, EmPriorOptions, EstimateOptions, PrevalenceEstimate, SampleOptions,
    ScoreBands, WeekComparison, compare_weeks, default_shares_path, draw_audit_sample,
    estimate_prevalence, estimate_prior_em, read_audit_sheet, read_band_shares, read_estimate,
    read_score_stream, write_audit_sheet, write_band_shares, write_estimate,
};

use super::{exit_check_failed, format_fraction};

#[derive(Debug, Args)]
pub struct SampleArgs {
    /// Production score stream CSV with header item_id,score[,timestamp].
    #[arg(long, value_name = "STREAM.csv")]
    pub stream: PathBuf,

    /// Audit sheet to write (item_id,score,band,label with an empty label column).
    #[arg(long, value_name = "SHEET.csv")]
    pub out: PathBuf,

    /// Band shares file to write [default: the sheet path with extension .shares.json].
    #[arg(long, value_name = "SHARES.json")]
    pub shares: Option<PathBuf>,

    /// Items to draw per band; a band with fewer items is audited in full.
    #[arg(long, default_value_t = simcal_audit::DEFAULT_PER_BAND)]
    pub per_band: usize,

    /// Band edges in score units, increasing; every band is [low, high) except the last, [low, high].
    #[arg(long, value_delimiter = ',', default_value = "0,0.7,0.9,1")]
    pub band_edges: Vec<f64>,

    /// Seed of the ChaCha8 generator that draws the sample.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum BandVarianceArg {
    /// (k+1)/(n+2) in the variance term; keeps coverage when a band has few positives.
    AddOne,
    /// The observed rate k/n in the variance term (textbook formula).
    PlugIn,
}

#[derive(Debug, Args)]
pub struct EstimateArgs {
    /// Labelled audit sheet written by `simcal audit sample`.
    #[arg(long, value_name = "SHEET.csv")]
    pub sheet: PathBuf,

    /// Band shares written with the sheet [default: the sheet path with extension .shares.json].
    #[arg(long, value_name = "SHARES.json")]
    pub shares: Option<PathBuf>,

    /// Two-sided confidence level of every interval, a fraction in (0, 1).
    #[arg(long, default_value_t = simcal_audit::DEFAULT_CONFIDENCE_LEVEL)]
    pub confidence_level: f64,

    /// Binomial variance term per band.
    #[arg(long, value_enum, default_value = "add-one")]
    pub band_variance: BandVarianceArg,

    /// Write the estimate as JSON here, the input of `simcal recalibrate` and of a later `--previous`.
    #[arg(long, value_name = "ESTIMATE.json")]
    pub out: Option<PathBuf>,

    /// Last week's estimate JSON; compares band positive rates and reports drift alerts.
    #[arg(long, value_name = "ESTIMATE.json")]
    pub previous: Option<PathBuf>,

    /// Alert when a band's positive rate moves by at least this many percentage points.
    #[arg(long, default_value_t = simcal_audit::DEFAULT_ALERT_SHIFT_POINTS)]
    pub alert_shift_points: f64,

    /// Exit with status 2 when the comparison with --previous raises an alert.
    #[arg(long, requires = "previous")]
    pub fail_on_alert: bool,
}

#[derive(Debug, Args)]
pub struct EmPriorArgs {
    /// CSV with one calibrated posterior P(positive | score) per row.
    #[arg(long, value_name = "POSTERIORS.csv")]
    pub posteriors: PathBuf,

    /// Name of the column that contains the posteriors.
    #[arg(long, default_value = "posterior")]
    pub column: String,

    /// Positive base rate of the data the posteriors were calibrated on, in (0, 1).
    #[arg(long)]
    pub training_prior: f64,
}

pub fn run_sample(args: SampleArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let bands = ScoreBands::new(args.band_edges)?;
    let stream = read_score_stream(&args.stream)?;
    let options = SampleOptions {
        bands,
        per_band: args.per_band,
        seed: args.seed,
    };
    let sample = draw_audit_sample(&stream, &options)?;
    let shares_path = args
        .shares
        .unwrap_or_else(|| default_shares_path(&args.out));
    write_audit_sheet(&args.out, &sample.rows, &options.bands)?;
    write_band_shares(&shares_path, &sample.shares)?;
    tracing::info!(
        items = stream.len(),
        drawn = sample.rows.len(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "drew audit sample"
    );

    let mut report = format!("stream {}: {} items\n", args.stream.display(), stream.len());
    for band in 0..options.bands.len() {
        let drawn = sample.rows.iter().filter(|row| row.band == band).count();
        let _ = writeln!(
            report,
            "  band {:<12} {:>8} stream items ({:>6.2}%), {drawn} drawn",
            options.bands.label(band),
            sample.shares.band_counts[band],
            sample.shares.share(band) * 100.0
        );
    }
    for short in &sample.short_bands {
        let _ = writeln!(
            report,
            "warning: band {} has only {} items, fewer than the {} requested; all are on the sheet",
            short.band, short.available, short.requested
        );
    }
    let _ = writeln!(
        report,
        "audit sheet: {}\nband shares: {}",
        args.out.display(),
        shares_path.display()
    );
    print!("{report}");
    Ok(())
}

pub fn run_estimate(args: EstimateArgs) -> anyhow::Result<()> {
    let shares_path = args
        .shares
        .clone()
        .unwrap_or_else(|| default_shares_path(&args.sheet));
    let shares = read_band_shares(&shares_path)?;
    let sheet = read_audit_sheet(&args.sheet, &shares.band_edges)?;
    let options = EstimateOptions {
        confidence_level: args.confidence_level,
        band_variance: match args.band_variance {
            BandVarianceArg::AddOne => BandVariance::AddOne,
            BandVarianceArg::PlugIn => BandVariance::PlugIn,
        },
    };
    let estimate = estimate_prevalence(&sheet, &shares, &options)?;
    if let Some(out) = &args.out {
        write_estimate(out, &estimate)?;
    }

    let mut report = format_estimate(&estimate);
    let mut alert = false;
    if let Some(previous_path) = &args.previous {
        let previous = read_estimate(previous_path)?;
        let drift = DriftOptions {
            alert_shift_points: args.alert_shift_points,
        };
        let comparison = compare_weeks(&previous, &estimate, &drift)
            .with_context(|| format!("cannot compare with {}", previous_path.display()))?;
        report.push_str(&format_comparison(&comparison));
        alert = comparison.alert;
    }
    if let Some(out) = &args.out {
        let _ = writeln!(report, "estimate: {}", out.display());
    }
    if alert && args.fail_on_alert {
        exit_check_failed(&report);
    }
    print!("{report}");
    Ok(())
}

fn format_estimate(estimate: &PrevalenceEstimate) -> String {
    let level_percent = estimate.confidence_level * 100.0;
    let mut text = format!(
        "prevalence {:.4}, {level_percent}% interval [{:.4}, {:.4}] (standard error {:.4}, {} labelled of {} stream items)\n",
        estimate.prevalence,
        estimate.interval.low,
        estimate.interval.high,
        estimate.standard_error,
        estimate.labelled_items,
        estimate.stream_items
    );
    let _ = writeln!(
        text,
        "  {:<12} {:>8} {:>8} {:>9} {:>10} {:>9}  Wilson {level_percent}%",
        "band", "share", "labelled", "positive", "rate", "stream"
    );
    for band in &estimate.bands {
        let wilson = band.wilson.map_or_else(
            || "-".to_string(),
            |interval| format!("[{:.4}, {:.4}]", interval.low, interval.high),
        );
        let _ = writeln!(
            text,
            "  {:<12} {:>8.4} {:>8} {:>9} {:>10} {:>9}  {wilson}",
            band.band,
            band.share,
            band.labelled,
            band.positives,
            format_fraction(band.positive_rate),
            band.stream_count
        );
    }
    text
}

fn format_comparison(comparison: &WeekComparison) -> String {
    let mut text = format!(
        "week on week: prevalence {:.4} -> {:.4}; alert at a shift of {} points or a rate outside last week's Wilson interval\n",
        comparison.previous_prevalence,
        comparison.current_prevalence,
        comparison.alert_shift_points
    );
    for band in &comparison.bands {
        let shift = band
            .shift_points
            .map_or_else(|| "-".to_string(), |shift| format!("{shift:+.1} points"));
        let status = match (band.alert, band.outside_previous_interval) {
            (false, _) => "ok",
            (true, true) => "ALERT (outside last week's interval)",
            (true, false) => "ALERT",
        };
        let _ = writeln!(
            text,
            "  band {:<12} {} -> {} ({shift}) {status}",
            band.band,
            format_fraction(band.previous_rate),
            format_fraction(band.current_rate)
        );
    }
    text
}

pub fn run_em_prior(args: EmPriorArgs) -> anyhow::Result<()> {
    let posteriors = read_posterior_column(&args.posteriors, &args.column)?;
    let estimate = estimate_prior_em(&posteriors, args.training_prior, &EmPriorOptions::default())
        .with_context(|| format!("in {}", args.posteriors.display()))?;
    let convergence = if estimate.converged {
        "converged"
    } else {
        "did NOT converge"
    };
    println!(
        "EM prior estimate {:.4} from {} posteriors (training prior {}), {convergence} after {} iterations",
        estimate.prior,
        posteriors.len(),
        estimate.training_prior,
        estimate.iterations
    );
    println!(
        "trust it only when the posteriors are calibrated and only the base rate changed since calibration"
    );
    Ok(())
}

fn read_posterior_column(path: &std::path::Path, column: &str) -> anyhow::Result<Vec<f64>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    let headers = reader.headers()?.clone();
    let index = headers
        .iter()
        .position(|header| header == column)
        .with_context(|| {
            format!(
                "{}: missing column `{column}`; pass --column with the posterior column",
                path.display()
            )
        })?;
    let mut posteriors = Vec::new();
    for record in reader.records() {
        let record = record.with_context(|| format!("cannot read {}", path.display()))?;
        let line = record.position().map_or(0, |position| position.line());
        let text = record.get(index).unwrap_or_default();
        let value = text
            .parse::<f64>()
            .ok()
            .filter(|value| (0.0..=1.0).contains(value))
            .with_context(|| {
                format!(
                    "{} line {line}: posterior `{text}` is not a probability in [0, 1]",
                    path.display()
                )
            })?;
        posteriors.push(value);
    }
    Ok(posteriors)
}
