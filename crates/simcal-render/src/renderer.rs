//! The multi-view renderer: one pipeline and one set of targets, reused for
//! every object.

use std::time::Instant;

use image::RgbImage;
use simcal_mesh::Mesh;
use tracing::{debug, info};

use crate::adapter::AdapterSummary;
use crate::camera::{ViewUniforms, view_uniforms};
use crate::config::RenderConfig;
use crate::error::RenderError;
use crate::geometry::{GeometryChunk, INDEX_BYTES, VERTEX_BYTES, build_geometry};
use crate::gpu::{DeviceFault, GpuContext};
use crate::pipeline::create_pipeline;
use crate::targets::{ViewTargets, readback_bytes};

/// Largest vertex or index buffer the renderer allocates, even where the
/// adapter allows more; bigger meshes are drawn in several chunks.
const MAX_CHUNK_BYTES: u64 = 256 << 20;
/// Smallest vertex or index buffer allocated, so that small meshes do not
/// reallocate on every slightly larger object.
const MIN_BUFFER_BYTES: u64 = 64 << 10;
/// Smallest chunk limit: one triangle's three vertices.
const MIN_CHUNK_BYTES: u64 = 3 * VERTEX_BYTES;

/// Headless renderer of ring views. Create it once and reuse it: the
/// device, pipeline, targets and buffers are kept between objects.
pub struct Renderer {
    config: RenderConfig,
    gpu: GpuContext,
    pipeline: wgpu::RenderPipeline,
    bind_group: wgpu::BindGroup,
    uniform_stride: u64,
    targets: ViewTargets,
    chunks: Vec<GeometryChunk>,
    gpu_chunks: Vec<GpuChunk>,
    chunk_limit_bytes: u64,
}

/// Device buffers of one geometry chunk, grown when a chunk needs more.
struct GpuChunk {
    vertices: wgpu::Buffer,
    indices: wgpu::Buffer,
}

impl Renderer {
    /// Validates `config`, picks an adapter (see [`RenderConfig::backend`]),
    /// and builds the pipeline and render targets.
    pub fn new(config: &RenderConfig) -> Result<Self, RenderError> {
        config.validate()?;
        let started = Instant::now();
        let gpu = GpuContext::open(config.backend)?;
        let limits = gpu.device.limits();
        check_limits(config, &limits, &gpu.summary)?;

        let validation_scope = gpu.device.push_error_scope(wgpu::ErrorFilter::Validation);
        let oom_scope = gpu.device.push_error_scope(wgpu::ErrorFilter::OutOfMemory);

        let uniforms = view_uniforms(config);
        let uniform_stride = (std::mem::size_of::<ViewUniforms>() as u64)
            .next_multiple_of(u64::from(limits.min_uniform_buffer_offset_alignment));
        let mut uniform_bytes = vec![0_u8; (uniform_stride * uniforms.len() as u64) as usize];
        for (index, view) in uniforms.iter().enumerate() {
            let offset = index * uniform_stride as usize;
            uniform_bytes[offset..offset + std::mem::size_of::<ViewUniforms>()]
                .copy_from_slice(bytemuck::bytes_of(view));
        }
        let uniform_buffer = gpu.device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("view uniforms"),
            size: uniform_bytes.len() as u64,
            usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        gpu.queue.write_buffer(&uniform_buffer, 0, &uniform_bytes);

        let (pipeline, bind_group_layout) = create_pipeline(&gpu.device, config.normals);
        let bind_group = gpu.device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("view uniforms"),
            layout: &bind_group_layout,
            entries: &[wgpu::BindGroupEntry {
                binding: 0,
                resource: wgpu::BindingResource::Buffer(wgpu::BufferBinding {
                    buffer: &uniform_buffer,
                    offset: 0,
                    size: wgpu::BufferSize::new(std::mem::size_of::<ViewUniforms>() as u64),
                }),
            }],
        });
        let targets = ViewTargets::new(&gpu.device, config.size_px, config.views);

        let oom = pollster::block_on(oom_scope.pop());
        let validation = pollster::block_on(validation_scope.pop());
        if let Some(gpu_error) = oom.or(validation) {
            return Err(RenderError::Gpu {
                message: format!("creating the render pipeline and targets failed: {gpu_error}"),
            });
        }

        let chunk_limit_bytes = limits.max_buffer_size.min(MAX_CHUNK_BYTES);
        info!(
            adapter = %gpu.summary.name,
            backend = %gpu.summary.backend,
            driver = %gpu.summary.driver,
            views = config.views,
            size_px = config.size_px,
            elapsed_ms = started.elapsed().as_secs_f64() * 1e3,
            "renderer ready"
        );
        let mut renderer = Renderer {
            config: config.clone(),
            gpu,
            pipeline,
            bind_group,
            uniform_stride,
            targets,
            chunks: Vec::new(),
            gpu_chunks: Vec::new(),
            chunk_limit_bytes: 0,
        };
        renderer.set_chunk_limit_bytes(chunk_limit_bytes);
        Ok(renderer)
    }

    /// Returns the adapter this renderer runs on, for run provenance.
    pub fn adapter_info(&self) -> &AdapterSummary {
        &self.gpu.summary
    }

    pub fn config(&self) -> &RenderConfig {
        &self.config
    }

    /// Caps the size of each vertex and index buffer; meshes that need more
    /// are split into chunks of whole triangles, one draw call each. The cap
    /// is at least one triangle and never exceeds the adapter's
    /// `max_buffer_size`. Useful on drivers whose large allocations fail,
    /// and to exercise the split path.
    pub fn set_chunk_limit_bytes(&mut self, bytes: u64) {
        let max_bytes = self.gpu.device.limits().max_buffer_size;
        self.chunk_limit_bytes = bytes.min(max_bytes).max(MIN_CHUNK_BYTES);
        self.gpu_chunks.clear();
    }

    /// Renders every view of `mesh` in one submission and returns them in
    /// view order (see [`RenderConfig::view_azimuths_deg`]).
    pub fn render_views(&mut self, mesh: &Mesh) -> Result<Vec<RgbImage>, RenderError> {
        if let Some(DeviceFault::Lost(message)) = self.gpu.take_fault() {
            return Err(RenderError::DeviceLost { message });
        }
        let started = Instant::now();
        let chunk_count = build_geometry(
            mesh,
            self.config.normals,
            self.config.up_axis,
            self.config.surface_rgb,
            self.chunk_limit_bytes,
            &mut self.chunks,
        );

        let device = &self.gpu.device;
        let internal_scope = device.push_error_scope(wgpu::ErrorFilter::Internal);
        let oom_scope = device.push_error_scope(wgpu::ErrorFilter::OutOfMemory);
        let validation_scope = device.push_error_scope(wgpu::ErrorFilter::Validation);

        let draws = upload_chunks(&self.gpu, &mut self.gpu_chunks, &self.chunks[..chunk_count]);
        let mut encoder = device.create_command_encoder(&wgpu::CommandEncoderDescriptor {
            label: Some("ring views"),
        });
        self.record_view_passes(&mut encoder, &draws);
        self.targets.record_readback(&mut encoder);
        self.gpu.queue.submit([encoder.finish()]);
        let read_result = self.targets.read_views(device);

        let validation = pollster::block_on(validation_scope.pop());
        let oom = pollster::block_on(oom_scope.pop());
        let internal = pollster::block_on(internal_scope.pop());
        if let Some(gpu_error) = oom {
            return Err(self.out_of_memory(mesh, gpu_error.to_string()));
        }
        if let Some(gpu_error) = validation.or(internal) {
            return Err(RenderError::Gpu {
                message: gpu_error.to_string(),
            });
        }
        match self.gpu.take_fault() {
            Some(DeviceFault::Lost(message)) => return Err(RenderError::DeviceLost { message }),
            Some(DeviceFault::OutOfMemory(message)) => {
                return Err(self.out_of_memory(mesh, message));
            }
            Some(DeviceFault::Other(message)) => return Err(RenderError::Gpu { message }),
            None => {}
        }
        let images = read_result?;

        debug!(
            triangles = mesh.triangle_count(),
            views = self.config.views,
            chunks = draws.len(),
            elapsed_ms = started.elapsed().as_secs_f64() * 1e3,
            "views rendered"
        );
        Ok(images)
    }

    fn record_view_passes(&self, encoder: &mut wgpu::CommandEncoder, draws: &[ChunkDraw]) {
        let [red, green, blue] = self.config.background_rgb.map(|c| f64::from(c) / 255.0);
        let background = wgpu::Color {
            r: red,
            g: green,
            b: blue,
            a: 1.0,
        };
        for (view_index, layer_view) in self.targets.layer_views.iter().enumerate() {
            let mut pass = encoder.begin_render_pass(&wgpu::RenderPassDescriptor {
                label: Some("ring view"),
                color_attachments: &[Some(wgpu::RenderPassColorAttachment {
                    view: layer_view,
                    depth_slice: None,
                    resolve_target: None,
                    ops: wgpu::Operations {
                        load: wgpu::LoadOp::Clear(background),
                        store: wgpu::StoreOp::Store,
                    },
                })],
                depth_stencil_attachment: Some(wgpu::RenderPassDepthStencilAttachment {
                    view: &self.targets.depth_view,
                    depth_ops: Some(wgpu::Operations {
                        load: wgpu::LoadOp::Clear(1.0),
                        store: wgpu::StoreOp::Discard,
                    }),
                    stencil_ops: None,
                }),
                timestamp_writes: None,
                occlusion_query_set: None,
                multiview_mask: None,
            });
            pass.set_pipeline(&self.pipeline);
            let uniform_offset = view_index as u64 * self.uniform_stride;
            pass.set_bind_group(0, &self.bind_group, &[uniform_offset as u32]);
            for draw in draws {
                let buffers = &self.gpu_chunks[draw.chunk_index];
                pass.set_vertex_buffer(0, buffers.vertices.slice(..draw.vertex_bytes));
                pass.set_index_buffer(
                    buffers
                        .indices
                        .slice(..u64::from(draw.index_count) * INDEX_BYTES),
                    wgpu::IndexFormat::Uint32,
                );
                pass.draw_indexed(0..draw.index_count, 0, 0..1);
            }
        }
    }

    fn out_of_memory(&self, mesh: &Mesh, message: String) -> RenderError {
        RenderError::OutOfMemory {
            triangle_count: mesh.triangle_count(),
            size_px: self.config.size_px,
            views: self.config.views,
            message,
        }
    }
}

/// One indexed draw call over the start of a chunk's buffers.
struct ChunkDraw {
    chunk_index: usize,
    vertex_bytes: u64,
    index_count: u32,
}

/// Creates a buffer of at least `needed` bytes, rounded up to a power of
/// two so that a stream of slowly growing meshes does not reallocate every
/// time, but never above `max(needed, MAX_CHUNK_BYTES)`.
fn create_grown_buffer(
    gpu: &GpuContext,
    needed: u64,
    usage: wgpu::BufferUsages,
    label: &str,
) -> wgpu::Buffer {
    let capacity = needed
        .next_power_of_two()
        .clamp(MIN_BUFFER_BYTES, MAX_CHUNK_BYTES.max(needed))
        .min(gpu.device.limits().max_buffer_size.max(needed));
    gpu.device.create_buffer(&wgpu::BufferDescriptor {
        label: Some(label),
        size: capacity.next_multiple_of(wgpu::COPY_BUFFER_ALIGNMENT),
        usage: usage | wgpu::BufferUsages::COPY_DST,
        mapped_at_creation: false,
    })
}

/// Copies each chunk into its device buffers, growing or adding buffers as
/// needed, and returns the draws that cover the mesh.
fn upload_chunks(
    gpu: &GpuContext,
    gpu_chunks: &mut Vec<GpuChunk>,
    chunks: &[GeometryChunk],
) -> Vec<ChunkDraw> {
    let mut draws = Vec::with_capacity(chunks.len());
    for (chunk_index, chunk) in chunks.iter().enumerate() {
        let vertex_bytes: &[u8] = bytemuck::cast_slice(&chunk.vertices);
        let index_bytes: &[u8] = bytemuck::cast_slice(&chunk.indices);
        if chunk_index == gpu_chunks.len() {
            gpu_chunks.push(GpuChunk {
                vertices: create_grown_buffer(
                    gpu,
                    vertex_bytes.len() as u64,
                    wgpu::BufferUsages::VERTEX,
                    "mesh vertices",
                ),
                indices: create_grown_buffer(
                    gpu,
                    index_bytes.len() as u64,
                    wgpu::BufferUsages::INDEX,
                    "mesh indices",
                ),
            });
        }
        let buffers = &mut gpu_chunks[chunk_index];
        if buffers.vertices.size() < vertex_bytes.len() as u64 {
            buffers.vertices = create_grown_buffer(
                gpu,
                vertex_bytes.len() as u64,
                wgpu::BufferUsages::VERTEX,
                "mesh vertices",
            );
        }
        if buffers.indices.size() < index_bytes.len() as u64 {
            buffers.indices = create_grown_buffer(
                gpu,
                index_bytes.len() as u64,
                wgpu::BufferUsages::INDEX,
                "mesh indices",
            );
        }
        gpu.queue.write_buffer(&buffers.vertices, 0, vertex_bytes);
        gpu.queue.write_buffer(&buffers.indices, 0, index_bytes);
        draws.push(ChunkDraw {
            chunk_index,
            vertex_bytes: vertex_bytes.len() as u64,
            index_count: chunk.indices.len() as u32,
        });
    }
    draws
}

/// Rejects configs that the adapter cannot hold, naming the limit.
fn check_limits(
    config: &RenderConfig,
    limits: &wgpu::Limits,
    adapter: &AdapterSummary,
) -> Result<(), RenderError> {
    let exceeded = |field: &'static str, value: u64, limit: u64| RenderError::DeviceLimit {
        field,
        value,
        limit,
        adapter: adapter.name.clone(),
    };
    if config.size_px > limits.max_texture_dimension_2d {
        return Err(exceeded(
            "size_px",
            config.size_px.into(),
            limits.max_texture_dimension_2d.into(),
        ));
    }
    if config.views > limits.max_texture_array_layers {
        return Err(exceeded(
            "views",
            config.views.into(),
            limits.max_texture_array_layers.into(),
        ));
    }
    let readback = readback_bytes(config.size_px, config.views);
    if readback > limits.max_buffer_size {
        return Err(exceeded(
            "views x size_px readback bytes",
            readback,
            limits.max_buffer_size,
        ));
    }
    Ok(())
}
