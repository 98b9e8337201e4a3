//! Shared helpers for the integration tests: fixture paths and the real
//! EfficientNet-Lite0 encoder, found through the product's own lookup.

#![allow(dead_code)]

use std::path::PathBuf;

use image::RgbImage;
use simcal_encode::{EncoderOptions, EncoderSpec, OnnxEncoder};

pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/encode")
}

pub fn load_rgb(relative: &str) -> RgbImage {
    let path = fixtures_dir().join(relative);
    image::open(&path)
        .unwrap_or_else(|error| panic!("failed to read fixture {}: {error}", path.display()))
        .to_rgb8()
}

pub fn photo(name: &str) -> RgbImage {
    load_rgb(&format!("photos/{name}.png"))
}

/// Returns the efficientnet-lite0 preset with another output (for example `logits`).
pub fn efficientnet_spec(output_name: &str, dimension: usize) -> EncoderSpec {
    let mut spec = EncoderSpec::preset("efficientnet-lite0")
        .expect("efficientnet-lite0 is a built-in preset")
        .expect("the efficientnet-lite0 preset parses");
    spec.output.name = output_name.to_string();
    spec.output.dimension = dimension;
    spec
}

/// Loads the real model from where set-up puts it. A missing model or
/// runtime fails the test with the product's error, which names the set-up
/// command.
pub fn efficientnet(output_name: &str, dimension: usize, batch_size_images: usize) -> OnnxEncoder {
    let options = EncoderOptions {
        batch_size_images,
        ..EncoderOptions::default()
    };
    OnnxEncoder::load(efficientnet_spec(output_name, dimension), options)
        .unwrap_or_else(|error| panic!("the real EfficientNet-Lite0 model is needed: {error}"))
}

pub fn cosine_distance(a: &[f32], b: &[f32]) -> f64 {
    let dot: f64 = a
        .iter()
        .zip(b)
        .map(|(x, y)| f64::from(*x) * f64::from(*y))
        .sum();
    let norm = |v: &[f32]| v.iter().map(|x| f64::from(*x).powi(2)).sum::<f64>().sqrt();
    1.0 - dot / (norm(a) * norm(b))
}
