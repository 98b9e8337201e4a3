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
use crate::geometry::{VERTEX_BYTES, Vertex, build_vertices};
use crate::gpu::{DeviceFault, GpuContext};
use crate::pipeline::create_pipeline;
use crate::targets::{ViewTargets, readback_bytes};

/// Largest vertex buffer the renderer allocates, even where the adapter
/// allows more; bigger meshes are drawn from several buffers.
const MAX_VERTEX_CHUNK_BYTES: u64 = 256 << 20;
/// Smallest vertex buffer allocated, so small meshes do not reallocate on
/// every slightly larger object.
const MIN_VERTEX_BUFFER_BYTES: u64 = 64 << 10;
/// Bytes of one triangle's three vertices; chunks split on this boundary.
const TRIANGLE_BYTES: u64 = 3 * VERTEX_BYTES;

/// Headless renderer of ring views. Create it once and reuse it: the
/// device, pipeline, targets and buffers are kept between objects.
pub struct Renderer {
    config: RenderConfig,
    gpu: GpuContext,
    pipeline: wgpu::RenderPipeline,
    bind_group: wgpu::BindGroup,
    uniform_stride: u64,
    targets: ViewTargets,
    vertex_buffers: Vec<wgpu::Buffer>,
    vertex_chunk_limit_bytes: u64,
    vertices: Vec<Vertex>,
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

        let (pipeline, bind_group_layout) = create_pipeline(&gpu.device);
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

        let vertex_chunk_limit_bytes = limits.max_buffer_size.min(MAX_VERTEX_CHUNK_BYTES);
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
            vertex_buffers: Vec::new(),
            vertex_chunk_limit_bytes: 0,
            vertices: Vec::new(),
        };
        renderer.set_vertex_chunk_limit_bytes(vertex_chunk_limit_bytes);
        Ok(renderer)
    }

    /// Returns the adapter this renderer runs on, for run provenance.
    pub fn adapter_info(&self) -> &AdapterSummary {
        &self.gpu.summary
    }

    pub fn config(&self) -> &RenderConfig {
        &self.config
    }

    /// Caps the size of each vertex buffer; meshes that need more are drawn
    /// from several buffers. The cap is rounded down to whole triangles and
    /// never exceeds the adapter's `max_buffer_size`. Useful on drivers
    /// whose large allocations fail, and to exercise the split path.
    pub fn set_vertex_chunk_limit_bytes(&mut self, bytes: u64) {
        let max_bytes = self.gpu.device.limits().max_buffer_size;
        let capped = bytes.min(max_bytes).max(TRIANGLE_BYTES);
        self.vertex_chunk_limit_bytes = capped - capped % TRIANGLE_BYTES;
        self.vertex_buffers.clear();
    }

    /// Renders every view of `mesh` in one submission and returns them in
    /// view order (see [`RenderConfig::view_azimuths_deg`]).
    pub fn render_views(&mut self, mesh: &Mesh) -> Result<Vec<RgbImage>, RenderError> {
        if let Some(DeviceFault::Lost(message)) = self.gpu.take_fault() {
            return Err(RenderError::DeviceLost { message });
        }
        let started = Instant::now();
        build_vertices(
            mesh,
            self.config.normals,
            self.config.up_axis,
            self.config.surface_rgb,
            &mut self.vertices,
        );

        let device = &self.gpu.device;
        let internal_scope = device.push_error_scope(wgpu::ErrorFilter::Internal);
        let oom_scope = device.push_error_scope(wgpu::ErrorFilter::OutOfMemory);
        let validation_scope = device.push_error_scope(wgpu::ErrorFilter::Validation);

        let draws = upload_vertex_chunks(
            &self.gpu,
            &mut self.vertex_buffers,
            bytemuck::cast_slice(&self.vertices),
            self.vertex_chunk_limit_bytes,
        );
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
            vertex_buffers = draws.len(),
            elapsed_ms = started.elapsed().as_secs_f64() * 1e3,
            "views rendered"
        );
        Ok(images)
    }

    fn record_view_passes(&self, encoder: &mut wgpu::CommandEncoder, draws: &[VertexDraw]) {
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
                let buffer = &self.vertex_buffers[draw.buffer_index];
                pass.set_vertex_buffer(0, buffer.slice(..draw.vertex_count as u64 * VERTEX_BYTES));
                pass.draw(0..draw.vertex_count, 0..1);
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

/// One draw call: the first `vertex_count` vertices of a vertex buffer.
struct VertexDraw {
    buffer_index: usize,
    vertex_count: u32,
}

/// Copies `bytes` into vertex buffers of at most `chunk_limit_bytes` each,
/// growing or adding buffers as needed, and returns the draws that cover it.
fn upload_vertex_chunks(
    gpu: &GpuContext,
    buffers: &mut Vec<wgpu::Buffer>,
    bytes: &[u8],
    chunk_limit_bytes: u64,
) -> Vec<VertexDraw> {
    let mut draws = Vec::new();
    for (buffer_index, chunk) in bytes.chunks(chunk_limit_bytes as usize).enumerate() {
        let needed = chunk.len() as u64;
        let too_small = buffers
            .get(buffer_index)
            .is_none_or(|buffer| buffer.size() < needed);
        if too_small {
            // Grow geometrically so that a stream of slowly growing meshes
            // does not reallocate every time.
            let capacity = needed
                .next_power_of_two()
                .clamp(MIN_VERTEX_BUFFER_BYTES, chunk_limit_bytes.max(needed));
            let buffer = gpu.device.create_buffer(&wgpu::BufferDescriptor {
                label: Some("mesh vertices"),
                size: capacity.next_multiple_of(wgpu::COPY_BUFFER_ALIGNMENT),
                usage: wgpu::BufferUsages::VERTEX | wgpu::BufferUsages::COPY_DST,
                mapped_at_creation: false,
            });
            if buffer_index < buffers.len() {
                buffers[buffer_index] = buffer;
            } else {
                buffers.push(buffer);
            }
        }
        gpu.queue.write_buffer(&buffers[buffer_index], 0, chunk);
        draws.push(VertexDraw {
            buffer_index,
            vertex_count: (needed / VERTEX_BYTES) as u32,
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
