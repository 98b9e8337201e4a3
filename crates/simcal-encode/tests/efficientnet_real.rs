//! The real EfficientNet-Lite0 model through the real ONNX Runtime library,
//! both provisioned by ./scripts/setup.sh and found by the product's lookup.

mod common;

use image::RgbImage;
use simcal_encode::{
    EncoderLoadError, EncoderOptions, OnnxEncoder, PoolingMode, l2_norm, pool_views,
};
use simcal_mesh::{EncodeError, Encoder, EncoderInput, Mesh};

const PHOTOS: [&str; 3] = ["chelsea", "coffee", "rocket"];

/// Moves the content `shift_px` to the right, repeating the left column.
fn shifted_right(image: &RgbImage, shift_px: u32) -> RgbImage {
    RgbImage::from_fn(image.width(), image.height(), |x, y| {
        *image.get_pixel(x.saturating_sub(shift_px), y)
    })
}

fn argmax(values: &[f32]) -> usize {
    values
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map(|(index, _)| index)
        .unwrap_or(0)
}

fn tetrahedron() -> Mesh {
    Mesh::new(
        vec![
            [0.0, 0.0, 0.0],
            [1.0, 0.0, 0.0],
            [0.0, 1.0, 0.0],
            [0.0, 0.0, 1.0],
        ],
        vec![[0, 2, 1], [0, 1, 3], [0, 3, 2], [1, 2, 3]],
    )
    .expect("valid tetrahedron")
}

#[test]
fn photos_get_expected_imagenet_classes() {
    let encoder = common::efficientnet("logits", 1000, 4);
    let images: Vec<RgbImage> = PHOTOS.iter().map(|name| common::photo(name)).collect();
    let logits = encoder.embed_images(&images).expect("embed");
    let expected: [&[usize]; 3] = [&[281, 282, 285], &[967, 968], &[657, 744]];
    for ((name, classes), row) in PHOTOS.iter().zip(expected).zip(&logits) {
        let top1 = argmax(row);
        assert!(
            classes.contains(&top1),
            "{name}: top-1 class {top1}, expected one of {classes:?}"
        );
    }
}

#[test]
fn embeddings_match_python_onnxruntime() {
    // Written by scripts/models/check_efficientnet_lite0.py with Pillow,
    // numpy and Python onnxruntime on the same photographs.
    let path = common::fixtures_dir().join("photos/efficientnet_lite0_embeddings.f32");
    let bytes = std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let reference: Vec<f32> = bytes
        .chunks_exact(4)
        .map(|chunk| f32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]))
        .collect();
    assert_eq!(reference.len(), PHOTOS.len() * 1280);

    let encoder = common::efficientnet("embedding", 1280, 3);
    let images: Vec<RgbImage> = PHOTOS.iter().map(|name| common::photo(name)).collect();
    let embeddings = encoder.embed_images(&images).expect("embed");
    for (index, (name, embedding)) in PHOTOS.iter().zip(&embeddings).enumerate() {
        let expected = &reference[index * 1280..(index + 1) * 1280];
        let max_difference = embedding
            .iter()
            .zip(expected)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0f32, f32::max);
        assert!(
            max_difference < 1e-4,
            "{name}: max difference {max_difference} from Python onnxruntime"
        );
    }
}

#[test]
fn embedding_has_1280_finite_values() {
    let encoder = common::efficientnet("embedding", 1280, 8);
    assert_eq!(encoder.dimension(), 1280);
    let embeddings = encoder
        .embed_images(&[common::photo("chelsea")])
        .expect("embed");
    assert_eq!(embeddings.len(), 1);
    assert_eq!(embeddings[0].len(), 1280);
    assert!(embeddings[0].iter().all(|value| value.is_finite()));
    assert!(
        l2_norm(&embeddings[0]) > 1.0,
        "a real photo gives a non-trivial embedding"
    );
}

#[test]
fn repeated_runs_are_identical() {
    let encoder = common::efficientnet("embedding", 1280, 8);
    let images = [common::photo("coffee"), common::photo("rocket")];
    let first = encoder.embed_images(&images).expect("first run");
    let second = encoder.embed_images(&images).expect("second run");
    assert_eq!(first, second);
}

#[test]
fn shifted_copy_is_closer_than_unrelated_photos() {
    let encoder = common::efficientnet("embedding", 1280, 8);
    let mut images: Vec<RgbImage> = PHOTOS.iter().map(|name| common::photo(name)).collect();
    images.push(shifted_right(&images[0], 12));
    let embeddings = encoder.embed_images(&images).expect("embed");

    let shifted_distance = common::cosine_distance(&embeddings[0], &embeddings[3]);
    for (a, b) in [(0, 1), (0, 2), (1, 2)] {
        let unrelated = common::cosine_distance(&embeddings[a], &embeddings[b]);
        assert!(
            shifted_distance < unrelated,
            "shifted copy distance {shifted_distance} is not below {} vs {} distance {unrelated}",
            PHOTOS[a],
            PHOTOS[b]
        );
    }
}

#[test]
fn batch_size_does_not_change_embeddings() {
    let images: Vec<RgbImage> = PHOTOS.iter().map(|name| common::photo(name)).collect();
    let one_at_a_time = common::efficientnet("embedding", 1280, 1)
        .embed_images(&images)
        .expect("batch 1");
    let together = common::efficientnet("embedding", 1280, 3)
        .embed_images(&images)
        .expect("batch 3");
    for (single, batched) in one_at_a_time.iter().zip(&together) {
        let max_difference = single
            .iter()
            .zip(batched)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0f32, f32::max);
        assert!(max_difference < 1e-4, "max difference {max_difference}");
    }
}

#[test]
fn encoder_trait_pools_views_per_object() {
    let encoder = common::efficientnet("embedding", 1280, 2);
    let mesh = tetrahedron();
    let cat_views = [
        common::photo("chelsea"),
        shifted_right(&common::photo("chelsea"), 6),
    ];
    let cup_views = [common::photo("coffee")];
    let inputs = [
        EncoderInput {
            object_id: "cat",
            mesh: &mesh,
            views: &cat_views,
        },
        EncoderInput {
            object_id: "cup",
            mesh: &mesh,
            views: &cup_views,
        },
    ];
    assert!(encoder.needs_views());
    assert!(
        encoder.id().starts_with("efficientnet-lite0@"),
        "id {}",
        encoder.id()
    );

    let pooled = encoder.encode_batch(&inputs).expect("encode batch");
    let per_view = encoder
        .embed_images(&[
            cat_views[0].clone(),
            cat_views[1].clone(),
            cup_views[0].clone(),
        ])
        .expect("embed views");
    let expected_cat = pool_views(&per_view[..2], PoolingMode::Raw).unwrap();
    assert_eq!(pooled.len(), 2);
    let max_difference = pooled[0]
        .iter()
        .zip(&expected_cat.vector)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0f32, f32::max);
    assert!(
        max_difference < 1e-4,
        "pooled cat differs by {max_difference}"
    );
    assert_eq!(encoder.encode(&inputs[1]).expect("encode one").len(), 1280);

    let objects: [&[RgbImage]; 2] = [&cat_views, &cup_views];
    let with_norms = encoder.encode_objects(&objects).expect("encode objects");
    assert_eq!(with_norms[0].view_count, 2);
    assert!((with_norms[0].raw_norm - l2_norm(&with_norms[0].vector)).abs() < 1e-4);
}

#[test]
fn object_without_views_is_rejected() {
    let encoder = common::efficientnet("embedding", 1280, 2);
    let mesh = tetrahedron();
    let input = EncoderInput {
        object_id: "bare",
        mesh: &mesh,
        views: &[],
    };
    match encoder.encode(&input) {
        Err(EncodeError::MissingViews { object_id, .. }) => assert_eq!(object_id, "bare"),
        other => panic!("expected MissingViews, got {other:?}"),
    }
}

#[test]
fn normalized_pooling_changes_the_id() {
    let raw = common::efficientnet("embedding", 1280, 2);
    let mut spec = common::efficientnet_spec("embedding", 1280);
    spec.pooling = PoolingMode::Normalized;
    let normalized = OnnxEncoder::load(spec, EncoderOptions::default()).expect("load");
    assert_ne!(raw.id(), normalized.id());
    let (raw_prefix, _) = raw.id().split_once('-').unwrap();
    let (normalized_prefix, _) = normalized.id().split_once('-').unwrap();
    assert_eq!(
        raw_prefix, normalized_prefix,
        "same model, same model digest"
    );

    let views = [common::photo("chelsea"), common::photo("rocket")];
    let objects: [&[RgbImage]; 1] = [&views];
    let pooled = normalized.encode_objects(&objects).expect("encode");
    let per_view = raw.embed_images(&views).expect("embed");
    let expected = pool_views(&per_view, PoolingMode::Normalized).unwrap();
    assert!((pooled[0].raw_norm - expected.raw_norm).abs() < 1e-4);
    assert!(
        pooled[0].raw_norm <= 1.0 + 1e-5,
        "a mean of unit vectors has norm at most 1"
    );
}

#[test]
fn spec_mismatch_lists_the_models_outputs() {
    let spec = common::efficientnet_spec("embedding", 512);
    let error = OnnxEncoder::load(spec, EncoderOptions::default())
        .expect_err("dimension 512 must not match");
    let message = error.to_string();
    assert!(
        matches!(error, EncoderLoadError::SpecMismatch { .. }),
        "{message}"
    );
    assert!(
        message.contains("dimension 1280, expected 512"),
        "{message}"
    );
    assert!(message.contains("embedding: f32 [?, 1280]"), "{message}");
    assert!(message.contains("logits: f32 [?, 1000]"), "{message}");
    assert!(message.contains("input: f32 [?, 3, 224, 224]"), "{message}");

    let wrong_name = common::efficientnet_spec("pooled", 1280);
    let message = OnnxEncoder::load(wrong_name, EncoderOptions::default())
        .unwrap_err()
        .to_string();
    assert!(message.contains("no output named \"pooled\""), "{message}");
}

#[test]
fn spec_mismatch_on_input_size_and_layout() {
    let mut spec = common::efficientnet_spec("embedding", 1280);
    spec.preprocess.layout = simcal_encode::Layout::Nhwc;
    let message = OnnxEncoder::load(spec, EncoderOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("expected [batch, 224, 224, 3]"),
        "{message}"
    );

    let mut spec = common::efficientnet_spec("embedding", 1280);
    spec.input_name = "pixel_values".into();
    let message = OnnxEncoder::load(spec, EncoderOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("no input named \"pixel_values\""),
        "{message}"
    );
    assert!(message.contains("extra input input: f32"), "{message}");
}

#[test]
fn missing_model_names_the_fix() {
    let directory = tempfile::tempdir().unwrap();
    let preset = common::efficientnet_spec("embedding", 1280);
    let mut spec = preset.clone();
    spec.model_path = directory.path().join("absent.onnx");
    let message = OnnxEncoder::load(spec, EncoderOptions::default())
        .unwrap_err()
        .to_string();
    assert!(message.contains("absent.onnx"), "{message}");
    assert!(message.contains("./scripts/setup.sh"), "{message}");

    let custom = preset.with_model_path(directory.path().join("custom.onnx"));
    let error = OnnxEncoder::load(custom, EncoderOptions::default()).unwrap_err();
    assert!(matches!(error, EncoderLoadError::ModelNotFound { .. }));
    assert!(error.to_string().contains("pass --model"), "{error}");
}

#[test]
fn invalid_model_file_is_a_session_error() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("broken.onnx");
    std::fs::write(&path, b"this is not an ONNX protobuf").unwrap();
    let spec = common::efficientnet_spec("embedding", 1280).with_model_path(path);
    let error = OnnxEncoder::load(spec, EncoderOptions::default()).unwrap_err();
    assert!(matches!(error, EncoderLoadError::Session { .. }), "{error}");
    assert!(error.to_string().contains("broken.onnx"), "{error}");
}

#[test]
fn zero_batch_size_is_rejected() {
    let options = EncoderOptions {
        batch_size_images: 0,
        ..EncoderOptions::default()
    };
    let error =
        OnnxEncoder::load(common::efficientnet_spec("embedding", 1280), options).unwrap_err();
    assert!(
        error.to_string().contains("batch_size_images = 0"),
        "{error}"
    );
}

#[test]
fn empty_image_error_names_its_index() {
    let encoder = common::efficientnet("embedding", 1280, 2);
    let images = [
        common::photo("coffee"),
        common::photo("rocket"),
        RgbImage::new(0, 0),
    ];
    match encoder.embed_images(&images) {
        Err(simcal_encode::EmbedError::Preprocess { index, .. }) => assert_eq!(index, 2),
        other => panic!("expected a preprocessing error for image 2, got {other:?}"),
    }
}
