//! The calibration pipeline: catalog, twins, render, encode, pairs,
//! scores, sweep, hard negatives, then the run folder.
//!
//! # API
//!
//! ```text
//! simcal::config::CalibrationConfig        serde + Default, buildable in code
//!     .into_plan() -> Result<Plan, ConfigError>      validates before any work
//! simcal::pipeline::run_calibration(&Plan, &RunOptions)
//!     -> Result<CalibrationRun, PipelineError>       blocking; tokio inside
//! CalibrationRun
//!     .pairs                          Vec<ObjectPair>, sorted by pair id
//!     .encoders[i].name / .encoder_id / .norms / .hard_negatives / .disagreement
//!     .encoders[i].similarities[j]    .similarity, .scores (aligned with pairs), .report (SweepReport)
//!     .operating_point(encoder, similarity, base_rate, target) -> Option<&ThresholdChoice>
//!     .provenance                     versions, encoder ids, adapter, seeds, full config
//!     .run_folder                     Some(path) when outputs were written
//! ```
//!
//! A run may be called from inside an async runtime: it runs its own
//! runtime on a dedicated thread and blocks the caller until it ends.
//!
//! ```no_run
//! use simcal::config::CalibrationConfig;
//! use simcal::pipeline::{RunOptions, run_calibration};
//!
//! let plan = CalibrationConfig::default().into_plan()?;
//! let run = run_calibration(&plan, &RunOptions::default())?;
//! let choice = run.operating_point("efficientnet-lite0", simcal::sweep::Similarity::Cosine, 0.05, 0.95);
//! println!("threshold at 5%: {:?}", choice.and_then(|choice| choice.threshold()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod embed;
mod encoders;
mod error;
pub mod gallery;
mod objects;
mod options;
mod progress;
pub mod provenance;
mod result;
pub mod scoring;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Instant;

use simcal_dataset::draw_pairs;
use simcal_encode::EmbeddingCache;

pub use error::PipelineError;
pub use options::RunOptions;
pub use provenance::{AdapterProvenance, EncoderProvenance, Provenance};
pub use result::{
    CalibrationRun, Disagreement, EncoderRun, HardNegative, ObjectNorm, SimilarityRun, choice_at,
};

use crate::config::Plan;
use progress::StageBars;

/// Runs a validated plan end to end and, unless `options.write_outputs` is
/// off, writes the run folder. Blocks until done.
pub fn run_calibration(plan: &Plan, options: &RunOptions) -> Result<CalibrationRun, PipelineError> {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("simcal-pipeline".to_owned())
            .spawn_scoped(scope, || run_on_own_runtime(plan, options))
            .map_err(|error| {
                PipelineError::Task(format!("cannot start the pipeline thread: {error}"))
            })?;
        handle
            .join()
            .map_err(|_| PipelineError::Task("the pipeline thread panicked".to_owned()))?
    })
}

fn run_on_own_runtime(plan: &Plan, options: &RunOptions) -> Result<CalibrationRun, PipelineError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("simcal-async")
        .enable_all()
        .build()
        .map_err(|error| PipelineError::Task(format!("cannot start the async runtime: {error}")))?;
    runtime.block_on(run_async(plan, options))
}

/// Wall-clock durations of the phases, in run order.
struct PhaseClock {
    phases: Vec<(String, u64)>,
    started: Instant,
}

impl PhaseClock {
    fn new() -> Self {
        Self {
            phases: Vec::new(),
            started: Instant::now(),
        }
    }

    /// Ends the current phase, logs it at info and starts the next one.
    fn lap(&mut self, phase: &str) {
        let elapsed_ms = self.started.elapsed().as_millis() as u64;
        tracing::info!(phase, elapsed_ms, "phase finished");
        self.phases.push((phase.to_owned(), elapsed_ms));
        self.started = Instant::now();
    }
}

async fn run_async(plan: &Plan, options: &RunOptions) -> Result<CalibrationRun, PipelineError> {
    let started_utc = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut clock = PhaseClock::new();
    let bars = StageBars::new(options.show_progress);

    let load_plan = plan.clone();
    let (objects, skipped_objects, items) = tokio::task::spawn_blocking(move || {
        let (objects, skipped) = objects::load_objects(&load_plan)?;
        let items = objects::build_items(
            &objects,
            &load_plan.config.twin,
            load_plan.config.seeds.twins,
        )?;
        Ok::<_, PipelineError>((objects, skipped, items))
    })
    .await
    .map_err(|error| PipelineError::Task(error.to_string()))??;
    tracing::info!(
        objects = objects.len(),
        skipped = skipped_objects.len(),
        "loaded catalog and made twins"
    );
    clock.lap("load");

    let entries: Vec<_> = objects.iter().map(|object| object.entry.clone()).collect();
    let mut pairs = draw_pairs(
        &entries,
        &plan.config.twin,
        Some(plan.config.pairs.negatives),
        plan.config.seeds.negatives,
    )?;
    pairs.sort_by(|a, b| a.pair_id.cmp(&b.pair_id));
    drop(objects);

    let onnx_threads = options.onnx_threads;
    let encoder_plans = plan.encoders.clone();
    let built =
        tokio::task::spawn_blocking(move || encoders::build_encoders(&encoder_plans, onnx_threads))
            .await
            .map_err(|error| PipelineError::Task(error.to_string()))??;
    let built = Arc::new(built);
    clock.lap("load encoders");

    let cache = open_cache(plan, options)?;
    let items = Arc::new(items);
    let outcome = embed::embed_items(
        Arc::clone(&items),
        Arc::clone(&built),
        cache,
        render_config(plan),
        options.render_queue_capacity,
        bars.clone(),
    )
    .await?;
    clock.lap("render and encode");

    let score_plan = plan.clone();
    let score_items = Arc::clone(&items);
    let score_built = Arc::clone(&built);
    let score_pairs = pairs.clone();
    let vectors = outcome.vectors;
    let encoder_runs = tokio::task::spawn_blocking(move || {
        score_built
            .iter()
            .zip(vectors)
            .map(|(encoder, vectors)| {
                score_encoder(
                    &score_plan,
                    &encoder.name,
                    encoder,
                    &score_items,
                    vectors,
                    &score_pairs,
                )
            })
            .collect::<Result<Vec<_>, PipelineError>>()
    })
    .await
    .map_err(|error| PipelineError::Task(error.to_string()))??;
    clock.lap("score and sweep");

    let (positive_pairs, negative_pairs) = {
        let positives = pairs.iter().filter(|pair| pair.label.is_positive()).count();
        (positives, pairs.len() - positives)
    };
    let provenance = Provenance {
        simcal_version: env!("CARGO_PKG_VERSION").to_owned(),
        started_utc,
        encoders: built
            .iter()
            .map(|encoder| encoder.provenance.clone())
            .collect(),
        skipped_encoders: plan.skipped_encoders.iter().map(Into::into).collect(),
        adapter: outcome.adapter.as_ref().map(Into::into),
        onnx_runtime_library: simcal_encode::runtime::loaded_library_path()
            .map(|path| path.display().to_string()),
        catalog: plan.config.catalog.to_string(),
        objects: items.len() / 2,
        skipped_objects: skipped_objects.len(),
        positive_pairs,
        negative_pairs,
        seeds: plan.config.seeds.clone(),
        cache_hits: built
            .iter()
            .zip(&outcome.cache_hits)
            .map(|(encoder, hits)| (encoder.name.clone(), *hits))
            .collect::<BTreeMap<_, _>>(),
        phase_durations_ms: Vec::new(),
        config: plan.config.clone(),
    };
    let mut run = CalibrationRun {
        pairs,
        skipped_objects,
        encoders: encoder_runs,
        provenance,
        run_folder: None,
    };

    if options.write_outputs {
        let gallery = if options.draw_figures {
            let gallery_plan = plan.clone();
            let gallery_items = Arc::clone(&items);
            let hard_negatives = run
                .encoders
                .first()
                .map(|encoder| encoder.hard_negatives.clone())
                .unwrap_or_default();
            let gallery = tokio::task::spawn_blocking(move || {
                gallery::render_gallery(
                    &hard_negatives,
                    &gallery_items,
                    &render_config(&gallery_plan),
                )
            })
            .await
            .map_err(|error| PipelineError::Task(error.to_string()))??;
            clock.lap("render gallery");
            gallery
        } else {
            None
        };
        run.provenance.phase_durations_ms = clock.phases.clone();
        let write_plan = plan.clone();
        let draw_figures = options.draw_figures;
        run = tokio::task::spawn_blocking(move || {
            crate::outputs::write_run_folder(
                &write_plan,
                &mut run,
                gallery.as_ref(),
                draw_figures,
            )?;
            Ok::<_, PipelineError>(run)
        })
        .await
        .map_err(|error| PipelineError::Task(error.to_string()))??;
        clock.lap("write outputs");
    }
    run.provenance.phase_durations_ms = clock.phases;
    Ok(run)
}

/// Returns the renderer settings of the plan.
pub fn render_config(plan: &Plan) -> simcal_render::RenderConfig {
    plan.config.render.to_render_config(&plan.config.catalog)
}

fn open_cache(plan: &Plan, options: &RunOptions) -> Result<EmbeddingCache, PipelineError> {
    match options.cache_folder.as_ref().or(plan.config.cache.as_ref()) {
        Some(folder) => Ok(EmbeddingCache::new(folder.clone())),
        None => Ok(EmbeddingCache::open_default()?),
    }
}

/// Norms, scores, sweeps, hard negatives and disagreement of one encoder.
fn score_encoder(
    plan: &Plan,
    name: &str,
    built: &encoders::BuiltEncoder,
    items: &[objects::Item],
    vectors: Vec<Vec<f32>>,
    pairs: &[simcal_dataset::ObjectPair],
) -> Result<EncoderRun, PipelineError> {
    let mut norms: Vec<ObjectNorm> = items
        .iter()
        .zip(&vectors)
        .map(|(item, vector)| ObjectNorm {
            object_id: item.object_id.clone(),
            class: item.class.clone(),
            variant: item.variant,
            raw_l2_norm: f64::from(simcal_encode::l2_norm(vector)),
        })
        .collect();
    norms.sort_by(|a, b| {
        a.object_id
            .cmp(&b.object_id)
            .then((a.variant as u8).cmp(&(b.variant as u8)))
    });
    let embeddings: scoring::EmbeddingMap = items
        .iter()
        .zip(vectors)
        .map(|(item, vector)| ((item.object_id.clone(), item.variant), vector))
        .collect::<HashMap<_, _>>();

    let similarities = scoring::sweep_encoder(name, plan, pairs, &embeddings)?;
    let hard_negatives = similarities
        .iter()
        .find(|run| run.similarity == simcal_sweep::Similarity::Cosine)
        .map(|cosine| scoring::hard_negatives(pairs, &cosine.scores, plan.config.hard_negatives_k))
        .unwrap_or_default();
    let disagreement = scoring::disagreement(plan, pairs, &similarities);
    Ok(EncoderRun {
        name: name.to_owned(),
        encoder_id: built.encoder.id().to_owned(),
        dimension: built.encoder.dimension(),
        norms,
        similarities,
        hard_negatives,
        disagreement,
    })
}
