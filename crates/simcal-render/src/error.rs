//! Errors raised while setting up the renderer, rendering or writing images.

use std::path::PathBuf;

use thiserror::Error;

/// Failure of the renderer. Each message names the value at fault and what
/// to do about it.
#[derive(Debug, Error)]
pub enum RenderError {
    #[error("invalid render config: {field} = {value}; expected {expected}")]
    InvalidConfig {
        field: &'static str,
        value: String,
        expected: &'static str,
    },

    #[error(
        "invalid WGPU_BACKEND value {value:?}; expected vulkan, gl, metal or dx12 (or unset it)"
    )]
    InvalidBackendEnv { value: String },

    #[error(
        "no graphics adapter found for backends {backends}. On Debian or Ubuntu without a GPU, \
         install Mesa's software drivers: `apt-get install mesa-vulkan-drivers libvulkan1` for \
         Vulkan (lavapipe) or `apt-get install libegl-mesa0 libegl1` for GL (llvmpipe). To force \
         a backend set WGPU_BACKEND=vulkan or WGPU_BACKEND=gl, or the `backend` field of the \
         render config. Adapters seen: {seen}"
    )]
    NoAdapter { backends: String, seen: String },

    #[error("failed to create a device on adapter {adapter:?}: {message}")]
    RequestDevice { adapter: String, message: String },

    #[error(
        "render config {field} = {value} exceeds the limit {limit} of adapter {adapter:?}; \
         lower it"
    )]
    DeviceLimit {
        field: &'static str,
        value: u64,
        limit: u64,
        adapter: String,
    },

    #[error(
        "the graphics device ran out of memory while rendering {triangle_count} triangles at \
         {size_px}x{size_px} px x {views} views: {message}. Reduce size_px or views, or \
         decimate the mesh"
    )]
    OutOfMemory {
        triangle_count: usize,
        size_px: u32,
        views: u32,
        message: String,
    },

    #[error("the graphics device was lost ({message}); create a new Renderer to continue")]
    DeviceLost { message: String },

    #[error("graphics API validation failed: {message}")]
    Gpu { message: String },

    #[error("reading rendered views back from the device failed: {message}")]
    Readback { message: String },

    #[error("the render thread has stopped: {reason}")]
    StreamClosed { reason: String },

    #[error("failed to write image {path}: {message}")]
    WriteImage { path: PathBuf, message: String },

    #[error("cannot compose an image from {reason}")]
    InvalidComposition { reason: String },
}
