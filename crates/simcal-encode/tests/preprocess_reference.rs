//! Preprocessing against the Pillow and numpy reference in
//! fixtures/encode/preprocess (written by its generate.py).

mod common;

use serde::Deserialize;
use simcal_encode::spec::ResizeSpec;
use simcal_encode::{ChannelOrder, Layout, PreprocessSpec, Preprocessor, ResizeFilter};

#[derive(Debug, Deserialize)]
struct Case {
    name: String,
    image: String,
    shorter_side_px: u32,
    filter: ResizeFilter,
    crop_px: u32,
    size_px: u32,
    layout: Layout,
    channel_order: ChannelOrder,
    mean: [f64; 3],
    std: [f64; 3],
    expected_crop: String,
    expected_tensor: String,
}

fn cases() -> Vec<Case> {
    let path = common::fixtures_dir().join("preprocess/cases.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    serde_json::from_str(&text).expect("cases.json parses")
}

fn preprocessor(case: &Case) -> Preprocessor {
    // numpy rounds the JSON doubles to float32 the same way.
    let to_f32 = |values: [f64; 3]| values.map(|value| value as f32);
    Preprocessor::new(PreprocessSpec {
        layout: case.layout,
        size_px: case.size_px,
        resize: ResizeSpec {
            shorter_side_px: case.shorter_side_px,
            filter: case.filter,
        },
        crop_px: case.crop_px,
        mean: to_f32(case.mean),
        std: to_f32(case.std),
        channel_order: case.channel_order,
    })
}

#[test]
fn fixture_cases_are_present() {
    assert!(cases().len() >= 9, "expected at least 9 reference cases");
}

#[test]
fn resize_and_crop_match_pillow_exactly() {
    for case in cases() {
        let image = common::load_rgb(&case.image);
        let expected = common::load_rgb(&case.expected_crop);
        let actual = preprocessor(&case)
            .resize_and_crop(&image)
            .expect("preprocess");
        assert_eq!(
            actual.dimensions(),
            expected.dimensions(),
            "case {}",
            case.name
        );
        let differing = actual
            .as_raw()
            .iter()
            .zip(expected.as_raw())
            .filter(|(a, e)| a != e)
            .count();
        assert_eq!(
            differing, 0,
            "case {}: {differing} bytes differ from Pillow",
            case.name
        );
    }
}

#[test]
fn tensor_matches_reference_within_1e_5() {
    for case in cases() {
        let image = common::load_rgb(&case.image);
        let path = common::fixtures_dir().join(&case.expected_tensor);
        let bytes =
            std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        let expected: Vec<f32> = bytes
            .chunks_exact(4)
            .map(|chunk| f32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]))
            .collect();
        let actual = preprocessor(&case).tensor(&image).expect("preprocess");
        assert_eq!(actual.len(), expected.len(), "case {}", case.name);
        let max_difference = actual
            .iter()
            .zip(&expected)
            .map(|(a, e)| (a - e).abs())
            .fold(0.0f32, f32::max);
        assert!(
            max_difference <= 1e-5,
            "case {}: max difference {max_difference}",
            case.name
        );
    }
}

#[test]
fn presets_preprocess_like_the_reference_cases() {
    // The CLIP reference case uses exactly the clip-vit-b32 preset's fields.
    let spec = simcal_encode::EncoderSpec::preset("clip-vit-b32")
        .unwrap()
        .unwrap();
    let case = cases()
        .into_iter()
        .find(|case| case.name == "clip_preset_chelsea")
        .unwrap();
    assert_eq!(spec.preprocess, preprocessor(&case).spec().clone());
}
