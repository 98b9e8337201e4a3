//! A custom encoder YAML with an NHWC input, BGR channel order and a rank-3
//! output, run through the real ONNX Runtime on a tiny model whose tokens
//! are the per-channel mean (token 0) and maximum (token 1) of its input.

mod common;

use image::{Rgb, RgbImage};
use simcal_encode::{EncoderOptions, EncoderSpec, OnnxEncoder, Preprocessor};

fn spec_yaml(token: usize, pooling: &str) -> String {
    format!(
        "\
name: token-stats
model: models/token_stats.onnx
input:
  name: images
  layout: NHWC
  size_px: 8
resize:
  shorter_side_px: 10
  filter: bicubic
crop_px: 8
mean: [0.0, 0.5, 1.0]
std: [1.0, 0.5, 0.25]
channel_order: BGR
output:
  name: tokens
  dimension: 3
  token: {token}
pooling: {pooling}
"
    )
}

fn load(token: usize, pooling: &str, batch_size_images: usize) -> OnnxEncoder {
    let directory = common::fixtures_dir();
    let spec = EncoderSpec::from_yaml(
        &spec_yaml(token, pooling),
        "token-stats.yaml",
        Some(&directory),
        false,
    )
    .expect("spec parses");
    let options = EncoderOptions {
        batch_size_images,
        ..EncoderOptions::default()
    };
    OnnxEncoder::load(spec, options).unwrap_or_else(|error| panic!("{error}"))
}

fn test_images() -> Vec<RgbImage> {
    vec![
        RgbImage::from_fn(13, 10, |x, y| {
            Rgb([(x * 19) as u8, (y * 25) as u8, ((x + y) * 11) as u8])
        }),
        RgbImage::from_pixel(10, 12, Rgb([200, 100, 50])),
        common::photo("coffee"),
    ]
}

/// Per-channel mean and maximum of the NHWC tensor, computed here.
fn channel_statistics(tensor: &[f32]) -> ([f32; 3], [f32; 3]) {
    let mut sums = [0.0f64; 3];
    let mut maxima = [f32::NEG_INFINITY; 3];
    for pixel in tensor.chunks_exact(3) {
        for channel in 0..3 {
            sums[channel] += f64::from(pixel[channel]);
            maxima[channel] = maxima[channel].max(pixel[channel]);
        }
    }
    let pixels = (tensor.len() / 3) as f64;
    (sums.map(|sum| (sum / pixels) as f32), maxima)
}

#[test]
fn token_selection_reads_the_right_token() {
    let means = load(0, "raw", 2);
    let maxima = load(1, "raw", 2);
    let images = test_images();
    let mean_rows = means.embed_images(&images).expect("embed token 0");
    let max_rows = maxima.embed_images(&images).expect("embed token 1");
    let preprocessor = Preprocessor::new(means.spec().preprocess.clone());

    for (index, image) in images.iter().enumerate() {
        let (expected_mean, expected_max) =
            channel_statistics(&preprocessor.tensor(image).unwrap());
        for channel in 0..3 {
            assert!(
                (mean_rows[index][channel] - expected_mean[channel]).abs() < 1e-5,
                "image {index} mean"
            );
            assert_eq!(
                max_rows[index][channel], expected_max[channel],
                "image {index} max"
            );
        }
    }
}

#[test]
fn bgr_order_and_normalisation_reach_the_model() {
    // A constant image (R 200, G 100, B 50) gives B, G, R channels
    // normalised with the spec's per-channel mean and std.
    let encoder = load(1, "raw", 4);
    let rows = encoder
        .embed_images(&[RgbImage::from_pixel(10, 12, Rgb([200, 100, 50]))])
        .expect("embed");
    let expected = [
        (50.0f32 / 255.0 - 0.0) / 1.0,
        (100.0f32 / 255.0 - 0.5) / 0.5,
        (200.0f32 / 255.0 - 1.0) / 0.25,
    ];
    for channel in 0..3 {
        assert_eq!(rows[0][channel], expected[channel], "channel {channel}");
    }
}

#[test]
fn custom_spec_pools_normalized_views() {
    let encoder = load(1, "normalized", 2);
    let images = test_images();
    let objects: [&[RgbImage]; 2] = [&images[..2], &images[2..]];
    let pooled = encoder.encode_objects(&objects).expect("encode");
    let per_view = load(1, "raw", 2).embed_images(&images).expect("embed");
    let expected =
        simcal_encode::pool_views(&per_view[..2], simcal_encode::PoolingMode::Normalized).unwrap();
    for channel in 0..3 {
        assert!((pooled[0].vector[channel] - expected.vector[channel]).abs() < 1e-6);
    }
    assert_eq!(pooled[1].view_count, 1);
    assert!(
        (pooled[1].raw_norm - 1.0).abs() < 1e-5,
        "one normalised view has norm 1"
    );
}
