//! Headless multi-view renderer for simcal meshes on wgpu.
//!
//! A [`Renderer`] draws N views of an object on a horizontal ring (default
//! 8 views of 224x224 px, every 45 degrees, 20 degrees above the ring
//! plane). The object is centred and scaled by its bounding sphere and
//! shaded with Lambert plus ambient terms, lit from both sides. It runs on a GPU when the
//! machine has one and on Mesa's software drivers (lavapipe Vulkan, then
//! llvmpipe GL) otherwise. `WGPU_BACKEND` or [`RenderConfig::backend`]
//! forces a backend.
//!
//! On software rasterisers the renderer splits an object's views between
//! several devices ([`RenderConfig::software_devices`]) and, for dense
//! meshes, drops on the CPU the triangles that cannot change a pixel
//! ([`RenderConfig::small_triangle_cull`]). Neither changes the views.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let mesh: simcal_mesh::Mesh = unimplemented!();
//! use simcal_render::{RenderConfig, Renderer};
//! let mut renderer = Renderer::new(&RenderConfig::default())?;
//! println!("adapter: {:?}", renderer.adapter_info());
//! let views = renderer.render_views(&mesh)?; // 8 RgbImages
//! # Ok(()) }
//! ```

mod adapter;
mod camera;
mod config;
mod error;
mod geometry;
mod gpu;
mod hidden_triangles;
mod lane;
mod malloc_trim;
mod output;
mod pipeline;
mod renderer;
mod small_triangles;
mod stream;
mod targets;

pub use adapter::AdapterSummary;
pub use config::{BackendChoice, NormalMode, RenderConfig, SmallTriangleCull, UpAxis};
pub use error::RenderError;
pub use output::{
    CELL_GAP_PX, GalleryCells, PAIR_SEPARATOR_PX, PairViews, contact_sheet, default_sheet_columns,
    pair_gallery, save_png, save_views,
};
pub use renderer::Renderer;
pub use stream::{RenderJob, RenderResult, RenderStream};
