//! The embedding stage: cache lookups, then rendering overlapped with
//! encoding for image encoders and, at the same time, the geometric
//! descriptor on the CPU.
//!
//! Data flow for image encoders (every channel bounded, so memory stays
//! flat and a slow encoder holds back the renderer):
//!
//! ```text
//! feeder --RenderJob--> render thread --RenderResult--> forwarder --tokio mpsc--> encode worker --> cache
//! ```
//!
//! Every stage runs on `spawn_blocking` or its own thread, so the async
//! executor only waits. Each embedding is written to the cache as soon as
//! it exists, so an interrupted run loses at most the objects in flight.
//! Each object is encoded on its own (one ONNX batch of its views), so a
//! vector never depends on which other objects were missing from the cache.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use image::RgbImage;
use rayon::prelude::*;
use simcal_encode::{CacheKey, EmbeddingCache, l2_norm};
use simcal_mesh::EncoderInput;
use simcal_render::{AdapterSummary, RenderConfig, RenderJob, Renderer};
use tokio::sync::mpsc;

use super::encoders::BuiltEncoder;
use super::error::PipelineError;
use super::objects::Item;
use super::progress::StageBars;

/// Vectors of every encoder (outer index) for every item (inner index).
pub(crate) struct EmbedOutcome {
    pub vectors: Vec<Vec<Vec<f32>>>,
    pub cache_hits: Vec<usize>,
    pub adapter: Option<AdapterSummary>,
}

/// Per encoder and item: the vector, once known.
type Slots = Arc<Mutex<Vec<Vec<Option<Vec<f32>>>>>>;

/// Context shared by the stage tasks.
struct Stage {
    items: Arc<Vec<Item>>,
    encoders: Arc<Vec<BuiltEncoder>>,
    keys: Arc<Vec<Vec<CacheKey>>>,
    cache: EmbeddingCache,
    slots: Slots,
}

impl Clone for Stage {
    fn clone(&self) -> Self {
        Self {
            items: Arc::clone(&self.items),
            encoders: Arc::clone(&self.encoders),
            keys: Arc::clone(&self.keys),
            cache: self.cache.clone(),
            slots: Arc::clone(&self.slots),
        }
    }
}

impl Stage {
    /// Encodes one item with one encoder, stores the vector in the cache
    /// and in its slot.
    fn encode_and_store(
        &self,
        encoder_index: usize,
        item_index: usize,
        views: &[RgbImage],
    ) -> Result<(), PipelineError> {
        let item = &self.items[item_index];
        let encoder = &self.encoders[encoder_index].encoder;
        let input = EncoderInput {
            object_id: &item.object_id,
            mesh: &item.mesh,
            views,
        };
        let vector = encoder.encode(&input)?;
        self.cache.put(
            &self.keys[encoder_index][item_index],
            &vector,
            l2_norm(&vector),
        )?;
        let mut slots = self
            .slots
            .lock()
            .map_err(|_| PipelineError::Task("embedding slots poisoned".to_owned()))?;
        slots[encoder_index][item_index] = Some(vector);
        Ok(())
    }

    fn is_missing(&self, encoder_index: usize, item_index: usize) -> bool {
        self.slots
            .lock()
            .map(|slots| slots[encoder_index][item_index].is_none())
            .unwrap_or(true)
    }
}

/// Canonical render settings for cache keys; encoders that read no views
/// use the empty string, so their entries survive render changes.
fn render_key(config: &RenderConfig) -> String {
    serde_json::to_string(config).unwrap_or_default()
}

/// Embeds every item with every encoder, reading the cache first.
pub(crate) async fn embed_items(
    items: Arc<Vec<Item>>,
    encoders: Arc<Vec<BuiltEncoder>>,
    cache: EmbeddingCache,
    render_config: RenderConfig,
    queue_capacity: usize,
    bars: StageBars,
) -> Result<EmbedOutcome, PipelineError> {
    let started = Instant::now();
    let lookup_items = Arc::clone(&items);
    let lookup_encoders = Arc::clone(&encoders);
    let lookup_cache = cache.clone();
    let render_text = render_key(&render_config);
    let (keys, slots) = blocking(move || {
        let hashes: Vec<[u8; 32]> = lookup_items
            .par_iter()
            .map(|item| item.mesh.content_hash())
            .collect();
        let keys: Vec<Vec<CacheKey>> = lookup_encoders
            .iter()
            .map(|built| {
                let render = if built.needs_views() {
                    render_text.as_str()
                } else {
                    ""
                };
                lookup_items
                    .iter()
                    .zip(&hashes)
                    .map(|(item, hash)| {
                        CacheKey::new(*hash, item.perturbation.clone(), render, built.encoder.id())
                    })
                    .collect()
            })
            .collect();
        let slots: Vec<Vec<Option<Vec<f32>>>> = keys
            .iter()
            .map(|encoder_keys| {
                encoder_keys
                    .par_iter()
                    .map(|key| lookup_cache.get(key).map(|entry| entry.vector))
                    .collect()
            })
            .collect();
        Ok((keys, slots))
    })
    .await?;
    let cache_hits: Vec<usize> = slots
        .iter()
        .map(|slots| slots.iter().filter(|slot| slot.is_some()).count())
        .collect();
    for (built, hits) in encoders.iter().zip(&cache_hits) {
        tracing::info!(encoder = %built.name, cached = hits, total = items.len(), "embedding cache lookup");
    }
    tracing::info!(
        elapsed_ms = started.elapsed().as_millis() as u64,
        "cache lookup finished"
    );

    let stage = Stage {
        items,
        encoders,
        keys: Arc::new(keys),
        cache,
        slots: Arc::new(Mutex::new(slots)),
    };
    let descriptor_task = tokio::spawn(run_descriptors(stage.clone(), bars.clone()));
    let image_task = tokio::spawn(run_image_encoders(
        stage.clone(),
        render_config,
        queue_capacity,
        bars,
    ));
    let image_result = image_task
        .await
        .map_err(|error| PipelineError::Task(error.to_string()))?;
    let descriptor_result = descriptor_task
        .await
        .map_err(|error| PipelineError::Task(error.to_string()))?;
    let adapter = image_result?;
    descriptor_result?;

    let slots = Arc::try_unwrap(stage.slots)
        .map_err(|_| {
            PipelineError::Task("embedding slots still shared after the stages ended".to_owned())
        })?
        .into_inner()
        .map_err(|_| PipelineError::Task("embedding slots poisoned".to_owned()))?;
    let mut vectors = Vec::with_capacity(slots.len());
    for (encoder_index, encoder_slots) in slots.into_iter().enumerate() {
        let mut encoder_vectors = Vec::with_capacity(encoder_slots.len());
        for (item_index, slot) in encoder_slots.into_iter().enumerate() {
            let item = &stage.items[item_index];
            encoder_vectors.push(slot.ok_or_else(|| PipelineError::MissingEmbedding {
                encoder: stage.encoders[encoder_index].name.clone(),
                object_id: item.object_id.clone(),
                variant: item.variant.name().to_owned(),
            })?);
        }
        vectors.push(encoder_vectors);
    }
    Ok(EmbedOutcome {
        vectors,
        cache_hits,
        adapter,
    })
}

/// Runs encoders that read no views over their cache misses, in parallel.
async fn run_descriptors(stage: Stage, bars: StageBars) -> Result<(), PipelineError> {
    for (encoder_index, built) in stage.encoders.iter().enumerate() {
        if built.needs_views() {
            continue;
        }
        let missing: Vec<usize> = (0..stage.items.len())
            .filter(|&item| stage.is_missing(encoder_index, item))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let started = Instant::now();
        let bar = bars.stage(&format!("encode {}", built.name), missing.len());
        let task_stage = stage.clone();
        let task_bar = bar.clone();
        let count = missing.len();
        blocking(move || {
            missing.par_iter().try_for_each(|&item_index| {
                task_stage.encode_and_store(encoder_index, item_index, &[])?;
                task_bar.inc(1);
                Ok(())
            })
        })
        .await?;
        bar.finish();
        tracing::info!(
            encoder = %built.name,
            objects = count,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "encoded"
        );
    }
    Ok(())
}

/// Renders every item that an image encoder lacks and encodes it with each
/// image encoder that lacks it. Returns the adapter when anything was rendered.
async fn run_image_encoders(
    stage: Stage,
    render_config: RenderConfig,
    queue_capacity: usize,
    bars: StageBars,
) -> Result<Option<AdapterSummary>, PipelineError> {
    let image_encoders: Vec<usize> = (0..stage.encoders.len())
        .filter(|&index| stage.encoders[index].needs_views())
        .collect();
    let to_render: BTreeSet<usize> = (0..stage.items.len())
        .filter(|&item| {
            image_encoders
                .iter()
                .any(|&encoder| stage.is_missing(encoder, item))
        })
        .collect();
    if to_render.is_empty() {
        return Ok(None);
    }
    let started = Instant::now();
    let capacity = queue_capacity.max(1);
    let stream = blocking(move || {
        Renderer::spawn_stream(&render_config, capacity)
            .map_err(|source| PipelineError::RendererSetup { source })
    })
    .await?;
    let adapter = stream.adapter.clone();
    tracing::info!(adapter = %adapter.name, backend = %adapter.backend, objects = to_render.len(), "rendering views");

    let render_bar = bars.stage("render", to_render.len());
    let encode_bars: HashMap<usize, indicatif::ProgressBar> = image_encoders
        .iter()
        .map(|&index| {
            let missing = (0..stage.items.len())
                .filter(|&item| stage.is_missing(index, item))
                .count();
            (
                index,
                bars.stage(&format!("encode {}", stage.encoders[index].name), missing),
            )
        })
        .collect();

    let (view_sender, mut view_receiver) = mpsc::channel::<(usize, Vec<RgbImage>)>(capacity);
    let job_sender = stream.jobs.clone();
    let feeder_items = Arc::clone(&stage.items);
    let job_order: Vec<usize> = to_render.iter().copied().collect();
    let expected = job_order.len();
    let feeder = blocking(move || {
        for index in job_order {
            let job = RenderJob {
                id: index as u64,
                mesh: Arc::clone(&feeder_items[index].mesh),
            };
            // A closed channel means a later stage stopped; it reports why.
            if job_sender.send(job).is_err() {
                break;
            }
        }
        Ok(())
    });

    let forward_items = Arc::clone(&stage.items);
    let forward_bar = render_bar.clone();
    let forwarder = blocking(move || {
        for _ in 0..expected {
            let Ok(result) = stream.results.recv() else {
                return Err(PipelineError::Task(
                    "the render thread stopped before all views were rendered".to_owned(),
                ));
            };
            let index = result.id as usize;
            let views = result.views.map_err(|source| PipelineError::Render {
                object_id: format!(
                    "{} ({})",
                    forward_items[index].object_id, forward_items[index].variant
                ),
                source,
            })?;
            forward_bar.inc(1);
            if view_sender.blocking_send((index, views)).is_err() {
                break;
            }
        }
        drop(view_sender);
        stream.finish();
        Ok(())
    });

    let worker_stage = stage.clone();
    let worker_bars = encode_bars.clone();
    let worker = blocking(move || {
        while let Some((item_index, views)) = view_receiver.blocking_recv() {
            for &encoder_index in &image_encoders {
                if worker_stage.is_missing(encoder_index, item_index) {
                    worker_stage.encode_and_store(encoder_index, item_index, &views)?;
                    if let Some(bar) = worker_bars.get(&encoder_index) {
                        bar.inc(1);
                    }
                }
            }
        }
        Ok(())
    });

    let (feeder_result, forwarder_result, worker_result) = tokio::join!(feeder, forwarder, worker);
    // The worker's error is the root cause when it stopped first; the other
    // stages then only saw closed channels.
    worker_result?;
    forwarder_result?;
    feeder_result?;
    render_bar.finish();
    for bar in encode_bars.values() {
        bar.finish();
    }
    tracing::info!(
        objects = expected,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "rendered and encoded views"
    );
    Ok(Some(adapter))
}

/// Runs CPU-heavy or blocking work off the async executor.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, PipelineError> + Send + 'static,
) -> Result<T, PipelineError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|error| PipelineError::Task(error.to_string()))?
}
