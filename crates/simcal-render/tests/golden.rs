//! Golden-image tests: fixture meshes rendered and compared with committed
//! reference contact sheets in fixtures/render/golden.
//!
//! The references were rendered by Mesa lavapipe (Vulkan, Mesa 22.3.6,
//! LLVM 15) on x86-64, where the output is bit-exact between runs. Other
//! rasterisers (a GPU, llvmpipe GL, other Mesa versions) may place
//! silhouette-edge pixels differently, so the test allows up to 1% of
//! pixels to differ by more than 16 levels in some channel.
//!
//! On failure the actual sheet and a difference image (x4) are written next
//! to the reference. A missing reference fails the test; after checking
//! `*.actual.png` by eye, accept it with `SIMCAL_UPDATE_GOLDEN=1 cargo test
//! -p simcal-render --test golden`.

mod common;

use std::path::Path;

use common::{compare_images, difference_image, fixture, read_fixture_off, small_config};
use simcal_render::{NormalMode, RenderConfig, Renderer, contact_sheet, save_png};

const SIZE_PX: u32 = 96;
const CHANNEL_THRESHOLD: u8 = 16;
const MAX_FRACTION_OVER_THRESHOLD: f64 = 0.01;

fn check_golden(mesh_file: &str, config: &RenderConfig, reference_name: &str) {
    let mesh = read_fixture_off(&fixture(mesh_file));
    let mut renderer = Renderer::new(config).expect("renderer");
    let views = renderer.render_views(&mesh).expect("render");
    let sheet = contact_sheet(&views, 4).expect("contact sheet");

    let golden_dir = fixture("golden");
    let reference_path = golden_dir.join(format!("{reference_name}.png"));
    let actual_path = golden_dir.join(format!("{reference_name}.actual.png"));
    let diff_path = golden_dir.join(format!("{reference_name}.diff.png"));

    if std::env::var_os("SIMCAL_UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        save_png(&sheet, &reference_path).expect("write reference");
        let _ = std::fs::remove_file(&actual_path);
        let _ = std::fs::remove_file(&diff_path);
        return;
    }

    if !reference_path.exists() {
        save_png(&sheet, &actual_path).expect("write actual");
        panic!(
            "reference image {} is missing; the rendered sheet is in {}. If it looks right, \
             accept it with SIMCAL_UPDATE_GOLDEN=1 cargo test -p simcal-render --test golden",
            reference_path.display(),
            actual_path.display()
        );
    }
    let reference = image::open(&reference_path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", reference_path.display()))
        .to_rgb8();
    if reference.dimensions() != sheet.dimensions() {
        save_png(&sheet, &actual_path).expect("write actual");
        panic!(
            "{}: reference is {:?} px but the render is {:?} px; actual written to {}",
            reference_path.display(),
            reference.dimensions(),
            sheet.dimensions(),
            actual_path.display()
        );
    }

    let difference = compare_images(&sheet, &reference, CHANNEL_THRESHOLD);
    if difference.fraction_over_threshold > MAX_FRACTION_OVER_THRESHOLD {
        save_png(&sheet, &actual_path).expect("write actual");
        save_png(&difference_image(&sheet, &reference), &diff_path).expect("write diff");
        panic!(
            "{} differs from the render on adapter {:?}: {:.3}% of pixels differ by more than \
             {CHANNEL_THRESHOLD} levels (allowed {:.1}%), max channel difference {}. Actual: {}, \
             difference x4: {}",
            reference_path.display(),
            renderer.adapter_info().name,
            difference.fraction_over_threshold * 100.0,
            MAX_FRACTION_OVER_THRESHOLD * 100.0,
            difference.max_channel_difference,
            actual_path.display(),
            diff_path.display()
        );
    }
    // A passing run leaves no stale failure images behind.
    remove_if_present(&actual_path);
    remove_if_present(&diff_path);
}

fn remove_if_present(path: &Path) {
    if path.exists() {
        let _ = std::fs::remove_file(path);
    }
}

#[test]
fn golden_l_block_flat() {
    check_golden("l_block.off", &small_config(SIZE_PX), "l_block_flat");
}

#[test]
fn golden_tetrahedron_flat() {
    check_golden(
        "tetrahedron.off",
        &small_config(SIZE_PX),
        "tetrahedron_flat",
    );
}

#[test]
fn golden_l_block_smooth_low_elevation() {
    let config = RenderConfig {
        normals: NormalMode::Smooth,
        elevation_deg: 5.0,
        background_rgb: [0, 0, 0],
        ..small_config(SIZE_PX)
    };
    check_golden("l_block.off", &config, "l_block_smooth_low");
}
