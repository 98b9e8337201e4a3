//! Helpers shared by the renderer's integration tests: fixture paths, a
//! minimal OFF reader for the renderer's own fixtures, generated meshes and
//! image metrics.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use image::RgbImage;
use simcal_mesh::Mesh;
use simcal_render::RenderConfig;

#[path = "../../benches/common/synthetic.rs"]
mod synthetic;
#[allow(unused_imports)]
pub use synthetic::torus;

pub fn repo_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .ancestors()
        .nth(2)
        .expect("crates/simcal-render lies two levels below the repository root")
        .to_path_buf()
}

pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("fixtures/render").join(name)
}

/// Default config at a small size, so tests stay fast on software drivers.
pub fn small_config(size_px: u32) -> RenderConfig {
    RenderConfig {
        size_px,
        ..RenderConfig::default()
    }
}

/// Reads the plain `OFF` files in fixtures/render (header line, optional
/// `#` comments, counts, vertices, polygon faces fan-triangulated). Kept
/// independent of the product loader so that renderer tests do not depend
/// on it.
pub fn read_fixture_off(path: &Path) -> Mesh {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("cannot read fixture {}: {error}", path.display()));
    let mut tokens = text
        .lines()
        .map(|line| line.split('#').next().unwrap_or(""))
        .flat_map(str::split_whitespace);
    assert_eq!(
        tokens.next(),
        Some("OFF"),
        "{}: missing OFF header",
        path.display()
    );
    let mut next_number = |what: &str| -> f64 {
        let token = tokens
            .next()
            .unwrap_or_else(|| panic!("{}: file ends before {what}", path.display()));
        token
            .parse()
            .unwrap_or_else(|_| panic!("{}: {what} {token:?} is not a number", path.display()))
    };
    let vertex_count = next_number("vertex count") as usize;
    let face_count = next_number("face count") as usize;
    let _edge_count = next_number("edge count");
    let positions: Vec<[f32; 3]> = (0..vertex_count)
        .map(|_| [0; 3].map(|_| next_number("coordinate") as f32))
        .collect();
    let mut triangles = Vec::new();
    for _ in 0..face_count {
        let corners = next_number("face size") as usize;
        let indices: Vec<u32> = (0..corners).map(|_| next_number("index") as u32).collect();
        for k in 1..corners - 1 {
            triangles.push([indices[0], indices[k], indices[k + 1]]);
        }
    }
    Mesh::new(positions, triangles).expect("fixture mesh is valid")
}

/// Copy of `mesh` with every coordinate mapped through `p * scale + offset`.
pub fn transformed(mesh: &Mesh, scale: f32, offset: [f32; 3]) -> Mesh {
    let positions = mesh
        .positions()
        .iter()
        .map(|p| [0, 1, 2].map(|axis| p[axis] * scale + offset[axis]))
        .collect();
    Mesh::new(positions, mesh.triangles().to_vec()).expect("transformed mesh is valid")
}

/// Share of pixels that differ from `background` in any channel.
pub fn foreground_fraction(image: &RgbImage, background: [u8; 3]) -> f64 {
    let foreground = image.pixels().filter(|p| p.0 != background).count();
    foreground as f64 / (image.width() * image.height()) as f64
}

/// Bounding box (min_x, min_y, max_x, max_y) of non-background pixels.
pub fn foreground_bounds(image: &RgbImage, background: [u8; 3]) -> Option<(u32, u32, u32, u32)> {
    let mut bounds: Option<(u32, u32, u32, u32)> = None;
    for (x, y, pixel) in image.enumerate_pixels() {
        if pixel.0 == background {
            continue;
        }
        bounds = Some(match bounds {
            None => (x, y, x, y),
            Some((x0, y0, x1, y1)) => (x0.min(x), y0.min(y), x1.max(x), y1.max(y)),
        });
    }
    bounds
}

/// Per-pixel comparison of two images of the same size.
#[derive(Debug, Clone, Copy)]
pub struct ImageDifference {
    /// Largest absolute difference of any channel of any pixel.
    pub max_channel_difference: u8,
    /// Share of pixels whose largest channel difference exceeds the threshold.
    pub fraction_over_threshold: f64,
}

pub fn compare_images(actual: &RgbImage, expected: &RgbImage, threshold: u8) -> ImageDifference {
    assert_eq!(
        actual.dimensions(),
        expected.dimensions(),
        "image sizes differ"
    );
    let mut max_channel_difference = 0;
    let mut over = 0_usize;
    for (a, e) in actual.pixels().zip(expected.pixels()) {
        let difference = (0..3).map(|c| a.0[c].abs_diff(e.0[c])).max().unwrap_or(0);
        max_channel_difference = max_channel_difference.max(difference);
        if difference > threshold {
            over += 1;
        }
    }
    ImageDifference {
        max_channel_difference,
        fraction_over_threshold: over as f64 / (actual.width() * actual.height()) as f64,
    }
}

/// Absolute per-channel difference, scaled by 4 so small errors are visible.
pub fn difference_image(actual: &RgbImage, expected: &RgbImage) -> RgbImage {
    RgbImage::from_fn(actual.width(), actual.height(), |x, y| {
        let a = actual.get_pixel(x, y).0;
        let e = expected.get_pixel(x, y).0;
        image::Rgb([0, 1, 2].map(|c| a[c].abs_diff(e[c]).saturating_mul(4)))
    })
}

/// Returns the real mesh sample folder next to the repository, and panics
/// with a clear message when it is missing.
pub fn real_meshes_dir() -> PathBuf {
    let dir = repo_root().join("../shared/real-meshes");
    assert!(
        dir.is_dir(),
        "real mesh samples not found at {}; these tests need the ModelNet sample folder next \
         to the repository",
        dir.display()
    );
    dir
}

/// Lists the ModelNet `.off` samples under the real-mesh folder, sorted.
pub fn modelnet_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(real_meshes_dir()).unwrap() {
        let folder = entry.unwrap().path();
        let is_modelnet = folder
            .file_name()
            .is_some_and(|name| name.to_string_lossy().starts_with("modelnet_"));
        if !is_modelnet {
            continue;
        }
        for file in std::fs::read_dir(&folder).unwrap() {
            let path = file.unwrap().path();
            if path.extension().is_some_and(|extension| extension == "off") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}
