//! `simcal sweep`: reads scored pairs, sweeps thresholds per encoder and
//! similarity, prints the operating-point table and writes the CSV files.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context as _;
use clap::Args;
use tracing::info;

use simcal_sweep::pairs::{ReadOptions, read_scored_pairs_csv};
use simcal_sweep::{
    BaseRate, BootstrapConfig, ConfidenceLevel, HeldOutConfig, PrecisionTarget, ReportGroup,
    ScoreDirection, Similarity, SweepConfig, format_threshold_table, sweep, write_sweep_csvs,
};

/// Label of the score in output files when neither the input nor
/// `--similarity` names its similarity function.
const UNNAMED_SCORE: &str = "score";

#[derive(Debug, Args)]
pub struct SweepArgs {
    /// Scores CSV with header pair_id,label,score. Optional `encoder` and
    /// `similarity` columns split it into groups swept separately; other
    /// columns are ignored here.
    #[arg(long, value_name = "FILE")]
    pub scores: PathBuf,

    /// Output directory for threshold-by-base-rate.csv, roc.csv, pr.csv (and
    /// shipped-threshold.csv with --ship-threshold); created if missing.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// Positive base rates (prevalence) to choose thresholds for, each in (0, 1).
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "0.5,0.2,0.05,0.01",
        value_name = "PI,..."
    )]
    pub base_rates: Vec<BaseRate>,

    /// Precision targets to reach at each base rate, each in (0, 1].
    #[arg(
        long = "precision",
        value_delimiter = ',',
        default_value = "0.95",
        value_name = "P,..."
    )]
    pub precision_targets: Vec<PrecisionTarget>,

    /// Whether a higher score (similarity) or a lower score (distance)
    /// predicts a positive pair. Default: from the similarity column or
    /// --similarity, else similarity.
    #[arg(long, value_name = "similarity|distance")]
    pub direction: Option<ScoreDirection>,

    /// Similarity function that produced the scores (cosine, l2,
    /// l2_normalized), for files without a similarity column; sets the
    /// direction and the `similarity` output column.
    #[arg(long, value_name = "NAME")]
    pub similarity: Option<Similarity>,

    /// Bootstrap resamples for the confidence intervals; 0 skips them.
    #[arg(long, default_value_t = 1000, value_name = "N")]
    pub bootstrap: usize,

    /// Coverage of the bootstrap confidence intervals.
    #[arg(long, default_value_t = 0.95, value_name = "LEVEL")]
    pub confidence: f64,

    /// Folds of the held-out check (at least 2); 0 skips it.
    #[arg(long, default_value_t = 5, value_name = "K")]
    pub folds: usize,

    /// Seed of the bootstrap resamples and the fold assignment.
    #[arg(long, default_value_t = 0, value_name = "S")]
    pub seed: u64,

    /// A threshold in use, to report its realised precision and recall at
    /// each base rate.
    #[arg(long, value_name = "T", allow_negative_numbers = true)]
    pub ship_threshold: Option<f64>,
}

/// Runs `simcal sweep`.
pub fn run(args: SweepArgs) -> anyhow::Result<()> {
    let direction = resolve_direction(&args)?;
    let config = sweep_config(&args)?;

    let started = Instant::now();
    let groups = read_scored_pairs_csv(&args.scores, &ReadOptions { direction })?;
    info!(
        file = %args.scores.display(),
        groups = groups.len(),
        pairs = groups.iter().map(|group| group.pairs.len()).sum::<usize>(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "scores read"
    );

    let mut reports = Vec::with_capacity(groups.len());
    for group in &groups {
        let report = sweep(&group.pairs, &config)
            .with_context(|| format!("sweeping {}", group.pairs.origin()))?;
        reports.push(report);
    }

    let fallback_label = args.similarity.map_or(UNNAMED_SCORE, Similarity::name);
    let report_groups: Vec<ReportGroup<'_>> = groups
        .iter()
        .zip(&reports)
        .map(|(group, report)| ReportGroup {
            encoder: group.key.encoder.as_deref(),
            similarity: group.key.similarity.as_deref().unwrap_or(fallback_label),
            report,
        })
        .collect();

    print!("{}", format_threshold_table(&report_groups));
    let written = write_sweep_csvs(&args.out, &report_groups)?;
    for path in &written {
        info!(path = %path.display(), "wrote");
    }
    Ok(())
}

/// Combines --direction and --similarity, which must agree when both are given.
fn resolve_direction(args: &SweepArgs) -> anyhow::Result<Option<ScoreDirection>> {
    match (args.direction, args.similarity) {
        (Some(direction), Some(similarity)) if similarity.direction() != direction => {
            anyhow::bail!(
                "--direction {direction} conflicts with --similarity {similarity}, which is a {}; drop one of them",
                similarity.direction()
            )
        }
        (Some(direction), _) => Ok(Some(direction)),
        (None, Some(similarity)) => Ok(Some(similarity.direction())),
        (None, None) => Ok(None),
    }
}

fn sweep_config(args: &SweepArgs) -> anyhow::Result<SweepConfig> {
    let bootstrap = (args.bootstrap > 0)
        .then(|| {
            Ok::<_, anyhow::Error>(BootstrapConfig {
                resamples: args.bootstrap,
                confidence_level: ConfidenceLevel::new(args.confidence)
                    .context("invalid --confidence")?,
                seed: args.seed,
                show_progress: true,
            })
        })
        .transpose()?;
    let heldout = match args.folds {
        0 => None,
        1 => anyhow::bail!(
            "invalid --folds 1; the held-out check needs at least 2 folds (or 0 to skip it)"
        ),
        folds => Some(HeldOutConfig {
            folds,
            seed: args.seed,
        }),
    };
    if let Some(threshold) = args
        .ship_threshold
        .filter(|threshold| !threshold.is_finite())
    {
        anyhow::bail!("invalid --ship-threshold {threshold}; give a finite score");
    }
    Ok(SweepConfig {
        base_rates: args.base_rates.clone(),
        precision_targets: args.precision_targets.clone(),
        bootstrap,
        heldout,
        ship_threshold: args.ship_threshold,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::path::Path;

    fn args(scores: &Path, out: &Path) -> SweepArgs {
        SweepArgs {
            scores: scores.to_owned(),
            out: out.to_owned(),
            base_rates: BaseRate::defaults(),
            precision_targets: vec![PrecisionTarget::default_target()],
            direction: None,
            similarity: None,
            bootstrap: 200,
            confidence: 0.95,
            folds: 2,
            seed: 3,
            ship_threshold: Some(0.5),
        }
    }

    fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
        let mut reader = csv::Reader::from_path(path).expect("output CSV opens");
        let header = reader
            .headers()
            .expect("header")
            .iter()
            .map(str::to_owned)
            .collect();
        let rows = reader
            .records()
            .map(|record| record.expect("row").iter().map(str::to_owned).collect())
            .collect();
        (header, rows)
    }

    #[test]
    fn sweep_writes_exact_columns_and_values() {
        let dir = tempfile::tempdir().expect("temp dir");
        let scores = dir.path().join("scores.csv");
        std::fs::write(
            &scores,
            "pair_id,label,score,note\na,1,0.9,x\nb,0,0.5,y\nc,1,0.5,z\nd,0,0.1,w\n",
        )
        .expect("write scores");
        let out = dir.path().join("out");

        run(args(&scores, &out)).expect("sweep runs");

        let (header, rows) = read_csv(&out.join("threshold-by-base-rate.csv"));
        let expected_header = "similarity,base_rate,precision_target,threshold,recall,precision,fpr,negatives,\
             threshold_ci_low,threshold_ci_high,recall_ci_low,recall_ci_high,heldout_precision,heldout_recall,status";
        assert_eq!(header.join(","), expected_header);
        assert_eq!(rows.len(), 4);
        // At every base rate only the top score, 0.9, predicts no negative:
        // precision 1, recall .5, and two negatives cannot confirm it.
        for row in &rows {
            assert_eq!(row[0], "score");
            assert_eq!(row[3], "0.9", "{row:?}");
            assert_eq!(row[4], "0.5", "{row:?}");
            assert_eq!(row[5], "1", "{row:?}");
            assert_eq!(row[6], "0", "{row:?}");
            assert_eq!(row[7], "2", "{row:?}");
            assert_eq!(row[14], "insufficient_negatives", "{row:?}");
            // Resamples that drop the top positive cannot reach the target,
            // too many for a 95% threshold interval; recall counts them as 0.
            assert_eq!(row[8], "", "no threshold interval: {row:?}");
            assert_eq!(row[10], "0", "recall interval low: {row:?}");
            assert_eq!(row[11], "1", "recall interval high: {row:?}");
        }

        let (roc_header, roc_rows) = read_csv(&out.join("roc.csv"));
        assert_eq!(
            roc_header.join(","),
            "similarity,threshold,fpr,tpr,true_positives,false_positives"
        );
        let roc: Vec<String> = roc_rows.iter().map(|row| row[1..].join(",")).collect();
        assert_eq!(roc, vec!["0.9,0,0.5,1,0", "0.5,0.5,1,2,1", "0.1,1,1,2,2"]);

        let (pr_header, pr_rows) = read_csv(&out.join("pr.csv"));
        assert_eq!(
            pr_header.join(","),
            "similarity,threshold,precision,recall,true_positives,false_positives"
        );
        assert_eq!(pr_rows.len(), 3);

        let (shipped_header, shipped_rows) = read_csv(&out.join("shipped-threshold.csv"));
        assert_eq!(shipped_header[1..3].join(","), "threshold,base_rate");
        assert_eq!(shipped_rows.len(), 4);
    }

    #[test]
    fn sweep_groups_by_encoder_and_similarity() {
        let dir = tempfile::tempdir().expect("temp dir");
        let scores = dir.path().join("scores.csv");
        let mut text = String::from("pair_id,label,score,encoder,similarity\n");
        for (index, (label, cosine, distance)) in [
            (1, 0.9, 0.2),
            (0, 0.4, 1.1),
            (1, 0.8, 0.3),
            (0, 0.3, 1.2),
            (1, 0.35, 1.0),
            (0, 0.85, 0.4),
        ]
        .into_iter()
        .enumerate()
        {
            text.push_str(&format!("p{index},{label},{cosine},clip,cosine\n"));
            text.push_str(&format!("p{index},{label},{distance},clip,l2\n"));
        }
        std::fs::write(&scores, text).expect("write scores");
        let out = dir.path().join("out");
        let mut arguments = args(&scores, &out);
        arguments.ship_threshold = None;
        arguments.bootstrap = 0;

        run(arguments).expect("sweep runs");

        let (header, rows) = read_csv(&out.join("threshold-by-base-rate.csv"));
        assert_eq!(header[0..2].join(","), "encoder,similarity");
        assert_eq!(rows.len(), 8);
        let groups: Vec<String> = rows
            .iter()
            .map(|row| format!("{}/{}", row[0], row[1]))
            .collect();
        assert_eq!(groups[0], "clip/cosine");
        assert_eq!(groups[4], "clip/l2");
        // Cosine ranks the negative 0.85 above the positive 0.8, so only 0.9
        // keeps precision 1. Distances are compared with <=: 0.3 keeps both
        // close positives and no negative.
        assert_eq!(rows[0][4], "0.9", "{:?}", rows[0]);
        assert_eq!(rows[4][4], "0.3", "{:?}", rows[4]);
        assert_eq!(rows[4][5], "0.6666666666666666", "{:?}", rows[4]);
        assert!(!out.join("shipped-threshold.csv").exists());
    }

    #[test]
    fn sweep_reports_missing_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let missing = dir.path().join("absent.csv");

        let error = run(args(&missing, dir.path())).expect_err("missing file");

        assert!(error.to_string().contains("absent.csv"), "{error}");
    }

    #[test]
    fn sweep_rejects_conflicting_direction() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut arguments = args(&dir.path().join("s.csv"), dir.path());
        arguments.direction = Some(ScoreDirection::Similarity);
        arguments.similarity = Some(Similarity::L2);

        let error = run(arguments).expect_err("conflict");

        assert!(error.to_string().contains("conflicts"), "{error}");
    }
}
