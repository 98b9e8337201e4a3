//! Encoder specs: built-in presets, custom files and their validation.

use std::path::Path;

use simcal_encode::{EncoderSpec, Layout, PoolingMode, ResizeFilter, SpecError};

const CUSTOM: &str = "\
name: my-encoder
model: models/encoder.onnx
input:
  name: images
  layout: NHWC
  size_px: 192
resize:
  shorter_side_px: 200
  filter: bilinear
crop_px: 192
mean: [0.4, 0.4, 0.4]
std: [0.2, 0.2, 0.2]
channel_order: BGR
output:
  name: features
  dimension: 384
pooling: normalized
";

#[test]
fn presets_parse_with_documented_values() {
    let clip = EncoderSpec::load("clip-vit-b32").unwrap();
    assert_eq!(clip.output.name, "image_embeds");
    assert_eq!(clip.output.dimension, 512);
    assert_eq!(clip.preprocess.resize.filter, ResizeFilter::Bicubic);
    assert_eq!(clip.preprocess.mean, [0.48145466, 0.4578275, 0.40821073]);

    let dino = EncoderSpec::load("dinov2-vitb14").unwrap();
    assert_eq!(dino.output.dimension, 768);
    assert_eq!(dino.output.token, Some(0));
    assert_eq!(dino.preprocess.resize.shorter_side_px, 256);
    assert_eq!(dino.preprocess.crop_px, 224);

    let efficientnet = EncoderSpec::load("efficientnet-lite0").unwrap();
    assert_eq!(efficientnet.output.dimension, 1280);
    assert_eq!(efficientnet.preprocess.mean, [0.5; 3]);
    assert!(
        efficientnet
            .model_path
            .ends_with("models/efficientnet-lite0.onnx")
    );
    assert!(efficientnet.is_preset);
}

#[test]
fn preset_canonical_strings_differ() {
    let strings: Vec<String> = simcal_encode::spec::preset_names()
        .into_iter()
        .map(|name| EncoderSpec::load(name).unwrap().canonical_string())
        .collect();
    assert_eq!(strings.len(), 3);
    assert_ne!(strings[0], strings[1]);
    assert_ne!(strings[1], strings[2]);
}

#[test]
fn custom_file_resolves_relative_model_path() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("encoder.yaml");
    std::fs::write(&path, CUSTOM).unwrap();
    let spec = EncoderSpec::load(path.to_str().unwrap()).unwrap();
    assert_eq!(
        spec.model_path,
        directory.path().join("models/encoder.onnx")
    );
    assert_eq!(spec.preprocess.layout, Layout::Nhwc);
    assert_eq!(spec.pooling, PoolingMode::Normalized);
    assert!(!spec.is_preset);
}

#[test]
fn unknown_key_is_rejected_with_its_line() {
    let text = CUSTOM.replace(
        "pooling: normalized",
        "pooling: normalized\ncentre_crop: true",
    );
    let error =
        EncoderSpec::from_yaml(&text, "test.yaml", Some(Path::new(".")), false).unwrap_err();
    let message = error.to_string();
    assert!(
        matches!(error, SpecError::Parse { line: Some(18), .. }),
        "{message}"
    );
    assert!(message.contains("centre_crop"), "{message}");
}

#[test]
fn invalid_values_name_the_field() {
    let cases = [
        ("crop_px: 192", "crop_px: 180", "crop_px = 180"),
        (
            "shorter_side_px: 200",
            "shorter_side_px: 100",
            "resize.shorter_side_px = 100",
        ),
        (
            "std: [0.2, 0.2, 0.2]",
            "std: [0.2, 0.0, 0.2]",
            "std = 0 (channel 1)",
        ),
        ("dimension: 384", "dimension: 0", "output.dimension = 0"),
        (
            "name: my-encoder",
            "name: my encoder",
            "name = \"my encoder\"",
        ),
        ("layout: NHWC", "layout: CHW", "unknown variant `CHW`"),
    ];
    for (from, to, expected) in cases {
        let text = CUSTOM.replace(from, to);
        let message = EncoderSpec::from_yaml(&text, "test.yaml", None, false)
            .unwrap_err()
            .to_string();
        assert!(message.contains(expected), "{to}: {message}");
        assert!(message.contains("test.yaml"), "{to}: {message}");
    }
}

#[test]
fn unknown_encoder_lists_presets() {
    let error = EncoderSpec::load("no-such-encoder").unwrap_err();
    let message = error.to_string();
    assert!(matches!(error, SpecError::UnknownEncoder { .. }));
    assert!(
        message.contains("clip-vit-b32, dinov2-vitb14, efficientnet-lite0"),
        "{message}"
    );
}
