//! A renderer on its own thread, fed and drained through bounded channels,
//! so that rendering overlaps with whatever consumes the views.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;
use std::time::Instant;

use image::RgbImage;
use simcal_mesh::Mesh;
use tracing::{debug, warn};

use crate::adapter::AdapterSummary;
use crate::config::RenderConfig;
use crate::error::RenderError;
use crate::renderer::Renderer;

/// One object to render; `id` comes back unchanged in its [`RenderResult`].
#[derive(Debug, Clone)]
pub struct RenderJob {
    pub id: u64,
    pub mesh: Arc<Mesh>,
}

/// The views of one job, or why they could not be rendered.
#[derive(Debug)]
pub struct RenderResult {
    pub id: u64,
    pub views: Result<Vec<RgbImage>, RenderError>,
    pub elapsed_ms: f64,
}

/// Handles of a running render thread. Results arrive in job order. Drop
/// `jobs` (or call [`RenderStream::finish`]) to let the thread exit after the
/// queued jobs.
pub struct RenderStream {
    pub jobs: SyncSender<RenderJob>,
    pub results: Receiver<RenderResult>,
    pub adapter: AdapterSummary,
    thread: JoinHandle<()>,
}

impl RenderStream {
    /// Closes the job channel, waits for the thread and returns the results
    /// it had not delivered yet.
    pub fn finish(self) -> Vec<RenderResult> {
        drop(self.jobs);
        let remaining: Vec<RenderResult> = self.results.iter().collect();
        if self.thread.join().is_err() {
            warn!("render thread ended with a panic");
        }
        remaining
    }
}

impl Renderer {
    /// Creates a renderer for `config` and moves it to a new thread that
    /// renders jobs in arrival order. Both channels hold at most `capacity`
    /// items, so a slow consumer holds back the producer instead of piling
    /// up images. Set-up errors (no adapter, invalid config) are returned
    /// here; each job's errors come back in its result.
    pub fn spawn_stream(
        config: &RenderConfig,
        capacity: usize,
    ) -> Result<RenderStream, RenderError> {
        let renderer = Renderer::new(config)?;
        let adapter = renderer.adapter_info().clone();
        let (job_sender, job_receiver) = sync_channel::<RenderJob>(capacity);
        let (result_sender, result_receiver) = sync_channel::<RenderResult>(capacity);
        let thread = std::thread::Builder::new()
            .name("simcal-render".to_string())
            .spawn(move || run_jobs(renderer, job_receiver, result_sender))
            .map_err(|source| RenderError::StreamClosed {
                reason: format!("failed to start the render thread: {source}"),
            })?;
        Ok(RenderStream {
            jobs: job_sender,
            results: result_receiver,
            adapter,
            thread,
        })
    }
}

fn run_jobs(mut renderer: Renderer, jobs: Receiver<RenderJob>, results: SyncSender<RenderResult>) {
    for job in jobs {
        let started = Instant::now();
        // A panic inside the graphics stack must not take the pipeline down
        // with it; it becomes this job's error.
        let views = catch_unwind(AssertUnwindSafe(|| renderer.render_views(&job.mesh)))
            .unwrap_or_else(|payload| {
                let reason = payload
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| payload.downcast_ref::<&str>().copied())
                    .unwrap_or("unknown panic");
                Err(RenderError::Gpu {
                    message: format!("the renderer panicked: {reason}"),
                })
            });
        if let Err(error) = &views {
            warn!(job = job.id, %error, "render job failed");
        }
        let result = RenderResult {
            id: job.id,
            views,
            elapsed_ms: started.elapsed().as_secs_f64() * 1e3,
        };
        if results.send(result).is_err() {
            debug!("render result receiver dropped; render thread stops");
            return;
        }
    }
}
