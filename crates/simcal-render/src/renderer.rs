//! The multi-view renderer: one or more device lanes with their pipelines,
//! targets and buffers, reused for every object.

use std::time::Instant;

use image::RgbImage;
use simcal_mesh::Mesh;
use tracing::{debug, info};

use crate::adapter::{AdapterSummary, select_adapter};
use crate::camera::view_uniforms;
use crate::config::{BackendChoice, RenderConfig};
use crate::error::RenderError;
use crate::geometry::{GeometryChunk, VERTEX_BYTES, build_geometry};
use crate::gpu::GpuContext;
use crate::lane::{Lane, LaneOutput, MAX_CHUNK_BYTES};
use crate::malloc_trim::keep_freed_memory_for_software_rasteriser;

/// Smallest chunk limit: one triangle's three vertices.
const MIN_CHUNK_BYTES: u64 = 3 * VERTEX_BYTES;

/// Headless renderer of ring views. Create it once and reuse it: the
/// devices, pipelines, targets and buffers are kept between objects.
pub struct Renderer {
    config: RenderConfig,
    /// Device lanes in view order: lane `i` renders a contiguous run of
    /// views after those of lane `i - 1`.
    lanes: Vec<Lane>,
    chunks: Vec<GeometryChunk>,
    chunk_limit_bytes: u64,
    last_drawn_triangles: u64,
}

impl Renderer {
    /// Validates `config`, picks an adapter (see [`RenderConfig::backend`]),
    /// and builds the pipeline and render targets. On a software
    /// rasteriser it opens [`RenderConfig::software_devices`] devices that
    /// render an object's views in parallel.
    pub fn new(config: &RenderConfig) -> Result<Self, RenderError> {
        config.validate()?;
        let started = Instant::now();
        let uniforms = view_uniforms(config);

        let (instance, adapter) = select_adapter(config.backend)?;
        let summary = AdapterSummary::from_info(&adapter.get_info());
        let lane_count = if summary.is_software() {
            keep_freed_memory_for_software_rasteriser();
            config.software_device_count()
        } else {
            1
        };
        let view_runs = view_runs(uniforms.len(), lane_count);
        let mut lanes = Vec::with_capacity(view_runs.len());
        let first_gpu = GpuContext::open_adapter(instance, adapter)?;
        lanes.push(Lane::new(
            config,
            first_gpu,
            &uniforms[view_runs[0].clone()],
        )?);
        // Further lanes ask for the first lane's backend, so that they get
        // the same adapter.
        let backend = BackendChoice::parse(&summary.backend).unwrap_or(config.backend);
        for run in &view_runs[1..] {
            let gpu = GpuContext::open(backend)?;
            if gpu.summary.name != summary.name {
                return Err(RenderError::Gpu {
                    message: format!(
                        "a second render device opened on adapter {:?}, not {:?}; set \
                         software_devices to 1 to render on one device",
                        gpu.summary.name, summary.name
                    ),
                });
            }
            lanes.push(Lane::new(config, gpu, &uniforms[run.clone()])?);
        }

        info!(
            adapter = %summary.name,
            backend = %summary.backend,
            driver = %summary.driver,
            devices = lanes.len(),
            views = config.views,
            size_px = config.size_px,
            elapsed_ms = started.elapsed().as_secs_f64() * 1e3,
            "renderer ready"
        );
        let mut renderer = Renderer {
            config: config.clone(),
            lanes,
            chunks: Vec::new(),
            chunk_limit_bytes: 0,
            last_drawn_triangles: 0,
        };
        // Clamped there to the smallest max_buffer_size of the devices.
        renderer.set_chunk_limit_bytes(MAX_CHUNK_BYTES);
        Ok(renderer)
    }

    /// Returns the adapter this renderer runs on, for run provenance.
    pub fn adapter_info(&self) -> &AdapterSummary {
        &self.lanes[0].gpu.summary
    }

    pub fn config(&self) -> &RenderConfig {
        &self.config
    }

    /// Number of devices that render an object's views in parallel.
    pub fn device_count(&self) -> usize {
        self.lanes.len()
    }

    /// Triangles drawn over all views of the last rendered object, after
    /// small-triangle culling; without culling, triangles times views.
    pub fn last_drawn_triangles(&self) -> u64 {
        self.last_drawn_triangles
    }

    /// Caps the size of each vertex and index buffer; meshes that need more
    /// are split into chunks of whole triangles, one draw call each. The cap
    /// is at least one triangle and never exceeds the adapter's
    /// `max_buffer_size`. Useful on drivers whose large allocations fail,
    /// and to exercise the split path.
    pub fn set_chunk_limit_bytes(&mut self, bytes: u64) {
        let max_bytes = self
            .lanes
            .iter()
            .map(|lane| lane.gpu.device.limits().max_buffer_size)
            .min()
            .unwrap_or(u64::MAX);
        self.chunk_limit_bytes = bytes.min(max_bytes).max(MIN_CHUNK_BYTES);
        for lane in &mut self.lanes {
            lane.clear_buffers();
        }
    }

    /// Renders every view of `mesh`, one submission per device, and returns
    /// them in view order (see [`RenderConfig::view_azimuths_deg`]).
    pub fn render_views(&mut self, mesh: &Mesh) -> Result<Vec<RgbImage>, RenderError> {
        let started = Instant::now();
        let chunk_count = build_geometry(
            mesh,
            self.config.normals,
            self.config.up_axis,
            self.config.surface_rgb,
            self.chunk_limit_bytes,
            &mut self.chunks,
        );
        let chunks = &self.chunks[..chunk_count];
        let cull = self.config.small_triangle_cull.applies(
            mesh.triangle_count(),
            self.config.size_px,
            self.adapter_info().is_software(),
        );
        let chunk_limit_bytes = self.chunk_limit_bytes;
        let triangle_count = mesh.triangle_count();
        let views = self.config.views;
        // Several lanes already keep the cores busy, so each culls its
        // views on its own thread; a single lane culls them in parallel.
        let parallel_cull = self.lanes.len() == 1;
        let render_lane = |lane: &mut Lane| {
            lane.render(
                chunks,
                cull,
                chunk_limit_bytes,
                parallel_cull,
                triangle_count,
                views,
            )
        };

        let outputs: Vec<Result<LaneOutput, RenderError>> = if self.lanes.len() == 1 {
            vec![render_lane(&mut self.lanes[0])]
        } else {
            std::thread::scope(|scope| {
                let handles: Vec<_> = self
                    .lanes
                    .iter_mut()
                    .map(|lane| scope.spawn(|| render_lane(lane)))
                    .collect();
                handles
                    .into_iter()
                    .map(|handle| {
                        handle.join().unwrap_or_else(|_| {
                            Err(RenderError::Gpu {
                                message: "a render device thread panicked".to_string(),
                            })
                        })
                    })
                    .collect()
            })
        };

        let mut images = Vec::with_capacity(views as usize);
        let mut drawn_triangles = 0;
        for output in outputs {
            let output = output?;
            images.extend(output.images);
            drawn_triangles += output.drawn_triangles;
        }
        self.last_drawn_triangles = drawn_triangles;
        debug!(
            triangles = triangle_count,
            views,
            chunks = chunk_count,
            devices = self.lanes.len(),
            culled = cull,
            drawn_triangles,
            elapsed_ms = started.elapsed().as_secs_f64() * 1e3,
            "views rendered"
        );
        Ok(images)
    }
}

/// Splits `views` views into `lanes` contiguous runs of nearly equal
/// length; fewer runs when there are fewer views than lanes.
fn view_runs(views: usize, lanes: usize) -> Vec<std::ops::Range<usize>> {
    let lanes = lanes.clamp(1, views.max(1));
    (0..lanes)
        .map(|lane| lane * views / lanes..(lane + 1) * views / lanes)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn view_runs_cover_views_in_order() {
        assert_eq!(view_runs(8, 1), vec![0..8]);
        assert_eq!(view_runs(8, 2), vec![0..4, 4..8]);
        assert_eq!(view_runs(8, 3), vec![0..2, 2..5, 5..8]);
        assert_eq!(view_runs(2, 4), vec![0..1, 1..2]);
        assert_eq!(view_runs(1, 4), vec![0..1]);
    }
}
