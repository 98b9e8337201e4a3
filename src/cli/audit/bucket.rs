//! `simcal bucket build` and `simcal bucket check`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;

use simcal_audit::{
    BucketCheck, HardNegative, HardNegativeBucket, check_bucket, read_bucket, scores_by_pair_id,
    write_bucket,
};
use simcal_sweep::pairs::{ReadOptions, ScoreGroup, read_scored_pairs_csv};
use simcal_sweep::{Label, Similarity};

use super::{exit_check_failed, write_json};

/// Pass-through columns `bucket build` needs in the scores CSV.
const PAIR_COLUMNS: [&str; 4] = ["item_a", "item_b", "class_a", "class_b"];

#[derive(Debug, Args)]
pub struct BucketBuildArgs {
    /// Labelled scores CSV (pair_id,label,score plus item_a,item_b,class_a,class_b columns).
    #[arg(long, value_name = "SCORES.csv")]
    pub scores: PathBuf,

    /// Bucket file to write (JSON, see docs/audit.md).
    #[arg(long, value_name = "BUCKET.json")]
    pub out: PathBuf,

    /// Threshold in force, in the score's units; stored with every entry.
    #[arg(long)]
    pub threshold: f64,

    /// Number of hardest negatives to keep.
    #[arg(long, default_value_t = simcal_audit::DEFAULT_BUCKET_SIZE)]
    pub k: usize,

    /// Encoder id: selects the group when the CSV has an encoder column, and names the encoder otherwise.
    #[arg(long)]
    pub encoder: Option<String>,

    /// Similarity function (cosine, l2, l2_normalized) when the CSV has no similarity column.
    #[arg(long, default_value = "cosine")]
    pub similarity: String,
}

#[derive(Debug, Args)]
pub struct BucketCheckArgs {
    /// Hard-negative bucket written by `simcal bucket build`.
    #[arg(long, value_name = "BUCKET.json")]
    pub bucket: PathBuf,

    /// New scores CSV after the encoder change (pair_id,label,score[,encoder,similarity]), as `simcal sweep` reads.
    #[arg(long, value_name = "NEW_SCORES.csv")]
    pub scores: PathBuf,

    /// Threshold to check against, in the score's units (>= for cosine, <= for L2 distances).
    #[arg(long)]
    pub threshold: f64,

    /// Encoder group to use when the scores CSV has an encoder column with several encoders.
    #[arg(long)]
    pub encoder: Option<String>,

    /// Number of rows in the "moved most" list.
    #[arg(long, default_value_t = 10)]
    pub top: usize,

    /// Also write the check as JSON to this file.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
}

pub fn run_build(args: BucketBuildArgs) -> anyhow::Result<()> {
    let groups = read_scored_pairs_csv(&args.scores, &ReadOptions::default())?;
    let requested_similarity: Similarity = args
        .similarity
        .parse()
        .map_err(|error| anyhow::anyhow!("--similarity: {error}"))?;
    let group = select_group(&args.scores, groups, args.encoder.as_deref(), None)?;
    let similarity = match &group.key.similarity {
        Some(name) => name
            .parse()
            .map_err(|error| anyhow::anyhow!("{}: {error}", args.scores.display()))?,
        None => requested_similarity,
    };
    let encoder_id = group
        .key
        .encoder
        .clone()
        .or(args.encoder.clone())
        .with_context(|| {
            format!(
                "{} has no encoder column; name the encoder with --encoder",
                args.scores.display()
            )
        })?;

    let pairs = &group.pairs;
    let extra = pairs.extra_columns();
    let mut columns = Vec::with_capacity(PAIR_COLUMNS.len());
    for name in PAIR_COLUMNS {
        let index = extra
            .names
            .iter()
            .position(|column| column == name)
            .with_context(|| {
                format!(
                    "{}: missing column `{name}`; bucket build needs {}",
                    args.scores.display(),
                    PAIR_COLUMNS.join(",")
                )
            })?;
        columns.push(&extra.values[index]);
    }
    let negatives: Vec<HardNegative> = (0..pairs.len())
        .filter(|&row| pairs.labels()[row] == Label::Negative)
        .map(|row| HardNegative {
            pair_id: pairs.pair_ids().get(row).unwrap_or_default().to_string(),
            item_a: columns[0].get(row).unwrap_or_default().to_string(),
            item_b: columns[1].get(row).unwrap_or_default().to_string(),
            class_a: columns[2].get(row).unwrap_or_default().to_string(),
            class_b: columns[3].get(row).unwrap_or_default().to_string(),
            score: pairs.scores()[row],
            encoder_id: encoder_id.clone(),
            similarity,
            threshold: args.threshold,
        })
        .collect();
    let bucket = HardNegativeBucket::top_k(negatives, args.k)?;
    write_bucket(&args.out, &bucket)?;
    let crossing = bucket
        .entries
        .iter()
        .filter(|entry| {
            similarity
                .direction()
                .predicts_positive(entry.score, args.threshold)
        })
        .count();
    println!(
        "kept the {} hardest of {} negatives in {}; {crossing} already reach the threshold {}",
        bucket.entries.len(),
        pairs.negatives(),
        args.out.display(),
        args.threshold
    );
    Ok(())
}

pub fn run_check(args: BucketCheckArgs) -> anyhow::Result<()> {
    let bucket = read_bucket(&args.bucket)?;
    let groups = read_scored_pairs_csv(&args.scores, &ReadOptions::default())?;
    let similarity = bucket.similarity();
    let group = select_group(
        &args.scores,
        groups,
        args.encoder.as_deref(),
        Some(similarity.name()),
    )?;
    let new_scores = scores_by_pair_id(&group.pairs);
    let check = check_bucket(&bucket, &new_scores, args.threshold)?;
    if check.rescored.is_empty() {
        bail!(
            "none of the {} bucket pairs is in {}{}; check that the new scores use the bucket's pair ids",
            bucket.entries.len(),
            args.scores.display(),
            group.key.describe()
        );
    }
    if let Some(path) = &args.json {
        write_json(path, &check)?;
    }

    let report = format_check(&check, &bucket, args.top);
    if check.any_crossing() {
        exit_check_failed(&report);
    }
    print!("{report}");
    Ok(())
}

/// Picks the one score group matching the encoder and similarity filters.
fn select_group(
    path: &Path,
    groups: Vec<ScoreGroup>,
    encoder: Option<&str>,
    similarity: Option<&str>,
) -> anyhow::Result<ScoreGroup> {
    let available: Vec<String> = groups.iter().map(|group| group.key.describe()).collect();
    let mut matching: Vec<ScoreGroup> = groups
        .into_iter()
        .filter(|group| {
            encoder.is_none_or(|wanted| {
                group
                    .key
                    .encoder
                    .as_deref()
                    .is_none_or(|name| name == wanted)
            })
        })
        .filter(|group| {
            similarity.is_none_or(|wanted| {
                group
                    .key
                    .similarity
                    .as_deref()
                    .is_none_or(|name| name == wanted)
            })
        })
        .collect();
    match matching.len() {
        1 => Ok(matching.remove(0)),
        0 => bail!(
            "{}: no score group matches encoder {encoder:?} and similarity {similarity:?}; groups:{}",
            path.display(),
            available.join(",")
        ),
        _ => bail!(
            "{}: several score groups match ({}); choose one with --encoder",
            path.display(),
            available.join(",")
        ),
    }
}

fn format_check(check: &BucketCheck, bucket: &HardNegativeBucket, top: usize) -> String {
    let operator = check.similarity.direction().operator();
    let mut text = format!(
        "{} bucket pairs re-scored against threshold {} ({} {operator} threshold is flagged): {} cross, {} missing\n",
        check.rescored.len(),
        check.threshold,
        check.similarity,
        check.crossing.len(),
        check.missing.len()
    );
    if !check.crossing.is_empty() {
        text.push_str("now crossing the threshold (would be flagged as duplicates):\n");
        for pair_id in &check.crossing {
            if let Some(entry) = check
                .rescored
                .iter()
                .find(|entry| &entry.pair_id == pair_id)
            {
                let _ = writeln!(
                    text,
                    "  {pair_id}: {} ({}) vs {} ({}), score {:.4} -> {:.4}",
                    entry.item_a,
                    entry.class_a,
                    entry.item_b,
                    entry.class_b,
                    entry.previous_score,
                    entry.new_score
                );
            }
        }
    }
    let _ = writeln!(text, "moved most (largest absolute score change first):");
    for entry in check.rescored.iter().take(top) {
        let _ = writeln!(
            text,
            "  {:<24} {:.4} -> {:.4} ({:+.4}){}",
            entry.pair_id,
            entry.previous_score,
            entry.new_score,
            entry.score_change,
            if entry.crosses { "  CROSSES" } else { "" }
        );
    }
    if !check.missing.is_empty() {
        let _ = writeln!(
            text,
            "missing from the new scores ({} of {}): {}",
            check.missing.len(),
            bucket.entries.len(),
            check.missing.join(", ")
        );
    }
    text
}
