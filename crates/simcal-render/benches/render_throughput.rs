//! Views per second of the renderer on generated tori of about 5k, 100k and
//! 1M triangles at the default 224x224 px, 8 views per object.
//!
//! `scripts/bench/render.sh` runs this next to a Python reference renderer
//! and prints the ratios. Options (after `--`):
//! `--off-dir DIR` also writes each mesh as DIR/NAME.off for the reference,
//! `--json FILE` writes one JSON object per mesh,
//! `--min-seconds S` times each mesh for at least S seconds (default 3),
//! `--views N` renders N views per object instead of 8,
//! `--small-triangle-cull auto|always|never` sets the renderer's
//! small-triangle culling (default auto),
//! `--software-devices N` sets how many devices render in parallel on a
//! software rasteriser (default 0, automatic),
//! `--mesh NAME` times only that mesh (torus_5k, torus_100k or torus_1m).

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::synthetic::torus;
use simcal_mesh::Mesh;
use simcal_render::{RenderConfig, Renderer, SmallTriangleCull};

struct Options {
    off_dir: Option<PathBuf>,
    json: Option<PathBuf>,
    min_seconds: f64,
    views: u32,
    small_triangle_cull: SmallTriangleCull,
    mesh: Option<String>,
    software_devices: u32,
}

fn parse_options() -> Options {
    let mut options = Options {
        off_dir: None,
        json: None,
        min_seconds: 3.0,
        views: RenderConfig::default().views,
        small_triangle_cull: SmallTriangleCull::Auto,
        mesh: None,
        software_devices: 0,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--off-dir" => options.off_dir = args.next().map(PathBuf::from),
            "--json" => options.json = args.next().map(PathBuf::from),
            "--min-seconds" => {
                let value = args.next().unwrap_or_default();
                options.min_seconds = value
                    .parse()
                    .unwrap_or_else(|_| panic!("--min-seconds {value:?} is not a number"));
            }
            "--views" => {
                let value = args.next().unwrap_or_default();
                options.views = value
                    .parse()
                    .unwrap_or_else(|_| panic!("--views {value:?} is not a whole number"));
            }
            "--mesh" => options.mesh = args.next(),
            "--software-devices" => {
                let value = args.next().unwrap_or_default();
                options.software_devices = value.parse().unwrap_or_else(|_| {
                    panic!("--software-devices {value:?} is not a whole number")
                });
            }
            "--small-triangle-cull" => {
                let value = args.next().unwrap_or_default();
                options.small_triangle_cull = match value.as_str() {
                    "auto" => SmallTriangleCull::Auto,
                    "always" => SmallTriangleCull::Always,
                    "never" => SmallTriangleCull::Never,
                    _ => panic!("--small-triangle-cull {value:?} is not auto, always or never"),
                };
            }
            // `cargo bench` passes `--bench`; other harness flags are ignored too.
            _ => {}
        }
    }
    options
}

fn write_off(mesh: &Mesh, path: &Path) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(out, "OFF")?;
    writeln!(out, "{} {} 0", mesh.vertex_count(), mesh.triangle_count())?;
    for [x, y, z] in mesh.positions() {
        writeln!(out, "{x} {y} {z}")?;
    }
    for [a, b, c] in mesh.triangles() {
        writeln!(out, "3 {a} {b} {c}")?;
    }
    out.flush()
}

fn main() {
    let options = parse_options();
    let meshes = [
        ("torus_5k", torus(50, 50, 1.0, 0.35)),
        ("torus_100k", torus(250, 200, 1.0, 0.35)),
        ("torus_1m", torus(1000, 500, 1.0, 0.35)),
    ];
    let config = RenderConfig {
        views: options.views,
        small_triangle_cull: options.small_triangle_cull,
        software_devices: options.software_devices,
        ..RenderConfig::default()
    };
    let mut renderer = Renderer::new(&config).expect("renderer");
    let adapter = renderer.adapter_info().clone();
    eprintln!(
        "adapter: {} ({}, {}, {})",
        adapter.name, adapter.backend, adapter.driver, adapter.driver_info
    );

    let mut json_lines = Vec::new();
    for (name, mesh) in &meshes {
        if options.mesh.as_deref().is_some_and(|only| only != *name) {
            continue;
        }
        if let Some(dir) = &options.off_dir {
            std::fs::create_dir_all(dir).expect("create --off-dir");
            write_off(mesh, &dir.join(format!("{name}.off"))).expect("write OFF");
        }
        // Warm-up: allocates vertex buffers and compiles shaders.
        renderer.render_views(mesh).expect("render");

        let min_duration = Duration::from_secs_f64(options.min_seconds);
        let started = Instant::now();
        let mut objects = 0_u32;
        while objects < 3 || started.elapsed() < min_duration {
            let views = renderer.render_views(mesh).expect("render");
            assert_eq!(views.len(), config.views as usize);
            objects += 1;
        }
        let elapsed_s = started.elapsed().as_secs_f64();
        let drawn_per_view = renderer.last_drawn_triangles() / u64::from(config.views);
        let views = f64::from(objects * config.views);
        let views_per_s = views / elapsed_s;
        println!(
            "{name:<11} {:>9} triangles  {views_per_s:>9.1} views/s  {:>8.2} ms/view  ({objects} objects, {drawn_per_view} triangles drawn per view)",
            mesh.triangle_count(),
            1e3 / views_per_s
        );
        let row = serde_json::json!({
            "mesh": name,
            "triangles": mesh.triangle_count(),
            "size_px": config.size_px,
            "views_per_s": views_per_s,
            "objects": objects,
            "drawn_triangles_per_view": drawn_per_view,
            "adapter": &adapter,
        });
        json_lines.push(row.to_string());
    }
    if let Some(path) = &options.json {
        std::fs::write(path, json_lines.join("\n") + "\n").expect("write --json");
    }
}
