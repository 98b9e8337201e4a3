//! Prints the render time per view with and without small-triangle culling
//! for generated tori of 5k to 100k triangles at 224x224 px, to find where
//! culling starts to pay on this machine's adapter.
//!
//! Run with `cargo run --release -p simcal-render --example cull_break_even`.

#[path = "../benches/common/synthetic.rs"]
mod synthetic;

use std::time::Instant;

use simcal_mesh::Mesh;
use simcal_render::{RenderConfig, Renderer, SmallTriangleCull};

/// Times whole objects for at least two seconds after one warm-up render.
fn ms_per_view(renderer: &mut Renderer, mesh: &Mesh) -> f64 {
    renderer.render_views(mesh).expect("render");
    let started = Instant::now();
    let mut objects = 0;
    while started.elapsed().as_secs_f64() < 2.0 {
        renderer.render_views(mesh).expect("render");
        objects += 1;
    }
    let views = objects * renderer.config().views as usize;
    started.elapsed().as_secs_f64() * 1e3 / views as f64
}

fn renderer(cull: SmallTriangleCull) -> Renderer {
    let config = RenderConfig {
        small_triangle_cull: cull,
        ..RenderConfig::default()
    };
    Renderer::new(&config).expect("renderer")
}

fn main() {
    let mut never = renderer(SmallTriangleCull::Never);
    let mut always = renderer(SmallTriangleCull::Always);
    println!("adapter: {}", never.adapter_info().name);
    for (rings, segments) in [(50, 50), (100, 50), (100, 100), (200, 100), (250, 200)] {
        let mesh = synthetic::torus(rings, segments, 1.0, 0.35);
        let without = ms_per_view(&mut never, &mesh);
        let with = ms_per_view(&mut always, &mesh);
        println!(
            "{:>7} triangles: {without:.2} ms/view without culling, {with:.2} ms/view with, \
             speed-up {:.2}",
            mesh.triangle_count(),
            without / with
        );
    }
}
