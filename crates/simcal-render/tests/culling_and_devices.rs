//! Small-triangle culling and parallel software devices change speed, not
//! pixels: views rendered with them must equal, byte for byte, views
//! rendered without them, on dense generated meshes, on triangle soups of
//! slivers and specks, and on real ModelNet objects.

mod common;

use common::{modelnet_files, torus};
use simcal_mesh::Mesh;
use simcal_render::{RenderConfig, Renderer, SmallTriangleCull};

fn config(size_px: u32, cull: SmallTriangleCull, software_devices: u32) -> RenderConfig {
    RenderConfig {
        size_px,
        small_triangle_cull: cull,
        software_devices,
        ..RenderConfig::default()
    }
}

/// Seeded soup of specks and slivers: most triangles are far below a
/// pixel at 64 px, some are long and thin, some large.
fn triangle_soup(triangles: usize, seed: u64) -> Mesh {
    let mut state = seed;
    let mut next = move || {
        // SplitMix64, reduced to [0, 1).
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) >> 40) as f32 / (1u64 << 24) as f32
    };
    let mut positions = Vec::with_capacity(3 * triangles);
    let mut faces = Vec::with_capacity(triangles);
    for index in 0..triangles {
        let centre = [next() * 2.0 - 1.0, next() * 2.0 - 1.0, next() * 2.0 - 1.0];
        let extent = match index % 10 {
            0 => 0.3,
            1 => 0.05,
            _ => 0.004,
        };
        let stretch = if index % 7 == 0 { 20.0 } else { 1.0 };
        for _ in 0..3 {
            positions.push([
                centre[0] + (next() - 0.5) * extent * stretch,
                centre[1] + (next() - 0.5) * extent,
                centre[2] + (next() - 0.5) * extent,
            ]);
        }
        let first = 3 * index as u32;
        faces.push([first, first + 1, first + 2]);
    }
    Mesh::new(positions, faces).expect("soup mesh is valid")
}

fn render(config: &RenderConfig, mesh: &Mesh) -> Vec<image::RgbImage> {
    Renderer::new(config)
        .expect("renderer")
        .render_views(mesh)
        .expect("render")
}

fn assert_same_views(label: &str, expected: &[image::RgbImage], actual: &[image::RgbImage]) {
    assert_eq!(expected.len(), actual.len(), "{label}: view count");
    for (view, (a, b)) in expected.iter().zip(actual).enumerate() {
        let differing = a
            .pixels()
            .zip(b.pixels())
            .filter(|(pa, pb)| pa != pb)
            .count();
        assert_eq!(
            differing, 0,
            "{label}: view {view} differs in {differing} pixels"
        );
    }
}

#[test]
fn culling_keeps_dense_torus_identical() {
    // 200k triangles, most of them smaller than a pixel at 96 px.
    let mesh = torus(400, 250, 1.0, 0.35);
    let reference = render(&config(96, SmallTriangleCull::Never, 1), &mesh);
    let culled = render(&config(96, SmallTriangleCull::Always, 1), &mesh);
    assert_same_views("torus 200k", &reference, &culled);
}

#[test]
fn culling_keeps_triangle_soup_identical() {
    let mesh = triangle_soup(60_000, 7);
    for size_px in [64, 97] {
        let reference = render(&config(size_px, SmallTriangleCull::Never, 1), &mesh);
        let culled = render(&config(size_px, SmallTriangleCull::Always, 1), &mesh);
        assert_same_views(&format!("soup at {size_px} px"), &reference, &culled);
    }
}

#[test]
fn culling_drops_most_triangles_of_dense_mesh() {
    // The torus covers far fewer pixel centres than it has triangles, so a
    // culled render must draw much less. The renderer's own count shows it.
    let mesh = torus(400, 250, 1.0, 0.35);
    let mut renderer = Renderer::new(&config(96, SmallTriangleCull::Always, 1)).unwrap();
    renderer.render_views(&mesh).unwrap();
    let drawn = renderer.last_drawn_triangles();
    let submitted = mesh.triangle_count() as u64 * 8;
    assert!(drawn > 0, "nothing drawn");
    assert!(
        drawn * 5 < submitted,
        "{drawn} of {submitted} triangle draws kept; expected under a fifth"
    );
}

#[test]
fn parallel_devices_give_identical_views() {
    let mesh = torus(120, 80, 1.0, 0.35);
    let reference = render(&config(64, SmallTriangleCull::Auto, 1), &mesh);
    for devices in [2, 3] {
        let mut renderer = Renderer::new(&config(64, SmallTriangleCull::Auto, devices)).unwrap();
        if !renderer.adapter_info().is_software() {
            eprintln!("skipped: the adapter is a GPU, which always uses one device");
            return;
        }
        assert_eq!(renderer.device_count(), devices as usize);
        let views = renderer.render_views(&mesh).unwrap();
        assert_same_views(&format!("{devices} devices"), &reference, &views);
    }
}

#[test]
fn auto_devices_never_exceed_views() {
    let config = RenderConfig {
        views: 1,
        size_px: 32,
        software_devices: 4,
        ..RenderConfig::default()
    };
    let renderer = Renderer::new(&config).unwrap();
    assert_eq!(renderer.device_count(), 1);
}

#[test]
fn invalid_device_count_is_rejected() {
    let config = RenderConfig {
        software_devices: 17,
        ..RenderConfig::default()
    };
    let message = Renderer::new(&config).err().unwrap().to_string();
    assert!(message.contains("software_devices"), "{message}");
    assert!(message.contains("0..=16"), "{message}");
}

#[test]
fn culling_keeps_real_objects_identical() {
    let files = modelnet_files();
    assert!(
        files.len() >= 10,
        "expected at least 10 ModelNet samples, found {}",
        files.len()
    );

    let mut reference_renderer = Renderer::new(&config(96, SmallTriangleCull::Never, 1)).unwrap();
    let mut culling_renderer = Renderer::new(&config(96, SmallTriangleCull::Always, 2)).unwrap();
    for path in &files {
        let mesh = simcal_mesh::load_mesh(path)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
            .mesh;
        let reference = reference_renderer.render_views(&mesh).unwrap();
        let culled = culling_renderer.render_views(&mesh).unwrap();
        assert_same_views(&path.display().to_string(), &reference, &culled);
    }
}
