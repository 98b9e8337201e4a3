//! One graphics device that renders a fixed run of the ring's views. A
//! renderer on a GPU has one lane for all views. On a software rasteriser
//! it runs several lanes side by side, because Mesa's llvmpipe does vertex
//! processing and triangle set-up for a device on a single thread.

use std::ops::Range;

use glam::Mat4;
use image::RgbImage;

use crate::adapter::AdapterSummary;
use crate::camera::ViewUniforms;
use crate::config::RenderConfig;
use crate::error::RenderError;
use crate::geometry::{GeometryChunk, INDEX_BYTES};
use crate::gpu::{DeviceFault, GpuContext};
use crate::pipeline::create_pipeline;
use crate::small_triangles::{
    DEFAULT_EDGE_MARGIN_PX, LLVMPIPE_EDGE_MARGIN_PX, SmallTriangleCuller,
};
use crate::targets::{ViewTargets, readback_bytes};

/// Largest vertex or index buffer the renderer allocates, even where the
/// adapter allows more; bigger meshes are drawn in several chunks.
pub(crate) const MAX_CHUNK_BYTES: u64 = 256 << 20;
/// Smallest vertex or index buffer allocated, so that small meshes do not
/// reallocate on every slightly larger object.
const MIN_BUFFER_BYTES: u64 = 64 << 10;

/// Device, pipeline, targets and buffers for the views `views` of the ring.
pub(crate) struct Lane {
    pub gpu: GpuContext,
    pipeline: wgpu::RenderPipeline,
    bind_group: wgpu::BindGroup,
    uniform_stride: u64,
    targets: ViewTargets,
    gpu_chunks: Vec<GpuChunk>,
    /// Background colour of every view.
    background: wgpu::Color,
    /// View-projection matrix of each of the lane's views, as the shader
    /// applies it.
    view_projs: Vec<Mat4>,
    culler: SmallTriangleCuller,
    /// Margin of the small-triangle cull for this adapter's rasteriser.
    edge_margin_px: f32,
    size_px: u32,
}

/// Device buffers of one geometry chunk, grown when a chunk needs more.
struct GpuChunk {
    vertices: wgpu::Buffer,
    indices: wgpu::Buffer,
    /// Every view's culled triangle indices, one range per view; created on
    /// the first culled draw.
    view_indices: Option<wgpu::Buffer>,
}

/// One indexed draw call per view over the start of a chunk's buffers.
struct ChunkDraw {
    chunk_index: usize,
    vertex_bytes: u64,
    index_count: u32,
    /// Each view's range in the chunk's culled index buffer, when the
    /// chunk's small triangles were culled.
    view_ranges: Option<Vec<Range<u32>>>,
}

/// Views and drawn-triangle count of one lane for one object.
pub(crate) struct LaneOutput {
    pub images: Vec<RgbImage>,
    /// Triangles drawn over the lane's views, after culling.
    pub drawn_triangles: u64,
}

impl Lane {
    /// Builds the pipeline and targets on `gpu` for the views whose uniform
    /// blocks are `uniforms`.
    pub fn new(
        config: &RenderConfig,
        gpu: GpuContext,
        uniforms: &[ViewUniforms],
    ) -> Result<Self, RenderError> {
        let limits = gpu.device.limits();
        check_limits(config, &limits, &gpu.summary)?;

        let validation_scope = gpu.device.push_error_scope(wgpu::ErrorFilter::Validation);
        let oom_scope = gpu.device.push_error_scope(wgpu::ErrorFilter::OutOfMemory);

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
        let targets = ViewTargets::new(&gpu.device, config.size_px, uniforms.len() as u32);

        let oom = pollster::block_on(oom_scope.pop());
        let validation = pollster::block_on(validation_scope.pop());
        if let Some(gpu_error) = oom.or(validation) {
            return Err(RenderError::Gpu {
                message: format!("creating the render pipeline and targets failed: {gpu_error}"),
            });
        }

        let [red, green, blue] = config.background_rgb.map(|c| f64::from(c) / 255.0);
        let edge_margin_px = edge_margin_px(&gpu.summary);
        Ok(Lane {
            gpu,
            pipeline,
            bind_group,
            uniform_stride,
            targets,
            gpu_chunks: Vec::new(),
            background: wgpu::Color {
                r: red,
                g: green,
                b: blue,
                a: 1.0,
            },
            view_projs: uniforms
                .iter()
                .map(|view| Mat4::from_cols_array_2d(&view.view_proj))
                .collect(),
            culler: SmallTriangleCuller::default(),
            edge_margin_px,
            size_px: config.size_px,
        })
    }

    /// Drops the device buffers, so that the next object allocates them
    /// anew (after a change of the chunk size limit).
    pub fn clear_buffers(&mut self) {
        self.gpu_chunks.clear();
    }

    /// Renders the lane's views of the mesh in `chunks` in one submission.
    /// With `cull`, each view draws only the triangles that may cover a
    /// pixel centre. `triangle_count` and `views` only describe the object
    /// in an out-of-memory error.
    pub fn render(
        &mut self,
        chunks: &[GeometryChunk],
        cull: bool,
        chunk_limit_bytes: u64,
        parallel_cull: bool,
        triangle_count: usize,
        views: u32,
    ) -> Result<LaneOutput, RenderError> {
        if let Some(DeviceFault::Lost(message)) = self.gpu.take_fault() {
            return Err(RenderError::DeviceLost { message });
        }
        let internal_scope = self
            .gpu
            .device
            .push_error_scope(wgpu::ErrorFilter::Internal);
        let oom_scope = self
            .gpu
            .device
            .push_error_scope(wgpu::ErrorFilter::OutOfMemory);
        let validation_scope = self
            .gpu
            .device
            .push_error_scope(wgpu::ErrorFilter::Validation);

        let mut draws = upload_chunks(&self.gpu, &mut self.gpu_chunks, chunks);
        if cull {
            self.cull_small_triangles(chunks, &mut draws, chunk_limit_bytes, parallel_cull);
        }
        let device = &self.gpu.device;
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
        let out_of_memory = |message: String| RenderError::OutOfMemory {
            triangle_count,
            size_px: self.size_px,
            views,
            message,
        };
        if let Some(gpu_error) = oom {
            return Err(out_of_memory(gpu_error.to_string()));
        }
        if let Some(gpu_error) = validation.or(internal) {
            return Err(RenderError::Gpu {
                message: gpu_error.to_string(),
            });
        }
        match self.gpu.take_fault() {
            Some(DeviceFault::Lost(message)) => return Err(RenderError::DeviceLost { message }),
            Some(DeviceFault::OutOfMemory(message)) => return Err(out_of_memory(message)),
            Some(DeviceFault::Other(message)) => return Err(RenderError::Gpu { message }),
            None => {}
        }
        Ok(LaneOutput {
            images: read_result?,
            drawn_triangles: drawn_triangles(&draws, self.view_projs.len()),
        })
    }

    fn record_view_passes(&self, encoder: &mut wgpu::CommandEncoder, draws: &[ChunkDraw]) {
        for (view_index, layer_view) in self.targets.layer_views.iter().enumerate() {
            let mut pass = encoder.begin_render_pass(&wgpu::RenderPassDescriptor {
                label: Some("ring view"),
                color_attachments: &[Some(wgpu::RenderPassColorAttachment {
                    view: layer_view,
                    depth_slice: None,
                    resolve_target: None,
                    ops: wgpu::Operations {
                        load: wgpu::LoadOp::Clear(self.background),
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
                let (index_buffer, index_range) = match (&draw.view_ranges, &buffers.view_indices) {
                    (Some(ranges), Some(view_indices)) => {
                        (view_indices, ranges[view_index].clone())
                    }
                    _ => (&buffers.indices, 0..draw.index_count),
                };
                if index_range.is_empty() {
                    continue;
                }
                pass.set_vertex_buffer(0, buffers.vertices.slice(..draw.vertex_bytes));
                pass.set_index_buffer(
                    index_buffer.slice(
                        u64::from(index_range.start) * INDEX_BYTES
                            ..u64::from(index_range.end) * INDEX_BYTES,
                    ),
                    wgpu::IndexFormat::Uint32,
                );
                pass.draw_indexed(0..index_range.len() as u32, 0, 0..1);
            }
        }
    }

    /// Culls each chunk's triangles per view and uploads the kept indices,
    /// so that every view draws only triangles that may cover a pixel
    /// centre. A chunk whose kept indices for all views together would
    /// exceed the chunk size limit keeps drawing its whole index buffer.
    fn cull_small_triangles(
        &mut self,
        chunks: &[GeometryChunk],
        draws: &mut [ChunkDraw],
        chunk_limit_bytes: u64,
        parallel_cull: bool,
    ) {
        for draw in draws.iter_mut() {
            let chunk = &chunks[draw.chunk_index];
            self.culler.cull(
                &chunk.vertices,
                |vertex| vertex.position,
                &chunk.indices,
                &self.view_projs,
                self.size_px,
                self.edge_margin_px,
                parallel_cull,
            );
            let kept_counts: Vec<u32> = (0..self.view_projs.len())
                .map(|view| self.culler.kept_indices(view).len() as u32)
                .collect();
            let total_bytes = kept_counts.iter().map(|&n| u64::from(n)).sum::<u64>() * INDEX_BYTES;
            if total_bytes > chunk_limit_bytes {
                continue;
            }

            let buffers = &mut self.gpu_chunks[draw.chunk_index];
            let too_small = buffers
                .view_indices
                .as_ref()
                .is_none_or(|buffer| buffer.size() < total_bytes);
            if too_small {
                buffers.view_indices = Some(create_grown_buffer(
                    &self.gpu,
                    total_bytes,
                    wgpu::BufferUsages::INDEX,
                    "culled view indices",
                ));
            }
            let Some(view_indices) = &buffers.view_indices else {
                continue;
            };
            let mut ranges = Vec::with_capacity(kept_counts.len());
            let mut start = 0_u32;
            for (view, &count) in kept_counts.iter().enumerate() {
                if count > 0 {
                    let kept: &[u8] = bytemuck::cast_slice(self.culler.kept_indices(view));
                    self.gpu
                        .queue
                        .write_buffer(view_indices, u64::from(start) * INDEX_BYTES, kept);
                }
                ranges.push(start..start + count);
                start += count;
            }
            draw.view_ranges = Some(ranges);
        }
    }
}

/// Triangles drawn over `views` views, after culling.
fn drawn_triangles(draws: &[ChunkDraw], views: usize) -> u64 {
    draws
        .iter()
        .map(|draw| match &draw.view_ranges {
            Some(ranges) => ranges.iter().map(|range| range.len() as u64).sum::<u64>() / 3,
            None => u64::from(draw.index_count) / 3 * views as u64,
        })
        .sum()
}

/// Margin of the small-triangle cull: llvmpipe's snapping to 1/256 px is
/// known, other rasterisers get the margin for Vulkan's minimum precision.
fn edge_margin_px(adapter: &AdapterSummary) -> f32 {
    if adapter.name.contains("llvmpipe") {
        LLVMPIPE_EDGE_MARGIN_PX
    } else {
        DEFAULT_EDGE_MARGIN_PX
    }
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
                view_indices: None,
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
            view_ranges: None,
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
