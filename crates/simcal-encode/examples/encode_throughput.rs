//! Measures images per second of an encoder preset, preprocessing
//! included, on a folder of PNG images (decoded once, before timing).
//!
//! `cargo run --release -p simcal-encode --example encode_throughput -- \
//!     --images fixtures/encode/photos --count 96 --batch-size 16 --rounds 3`
//!
//! Prints two lines: the whole encode (`images_per_second`) and the
//! preprocessing alone on one thread (`preprocess_images_per_second`).

use std::path::PathBuf;
use std::time::Instant;

use image::RgbImage;
use simcal_encode::{EncoderOptions, OnnxEncoder, Preprocessor};

struct Arguments {
    encoder: String,
    images: PathBuf,
    count: usize,
    batch_size: usize,
    rounds: usize,
}

fn parse_arguments() -> Result<Arguments, String> {
    let mut arguments = Arguments {
        encoder: "efficientnet-lite0".into(),
        images: PathBuf::from("fixtures/encode/photos"),
        count: 96,
        batch_size: 16,
        rounds: 3,
    };
    let mut raw = std::env::args().skip(1);
    while let Some(flag) = raw.next() {
        let value = raw.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let number = || {
            value
                .parse::<usize>()
                .map_err(|_| format!("{flag} {value}: expected a positive integer"))
        };
        match flag.as_str() {
            "--encoder" => arguments.encoder = value.clone(),
            "--images" => arguments.images = PathBuf::from(&value),
            "--count" => arguments.count = number()?,
            "--batch-size" => arguments.batch_size = number()?,
            "--rounds" => arguments.rounds = number()?,
            other => return Err(format!("unknown flag {other}")),
        }
    }
    Ok(arguments)
}

fn load_images(arguments: &Arguments) -> Result<Vec<RgbImage>, String> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&arguments.images)
        .map_err(|error| format!("{}: {error}", arguments.images.display()))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "png"))
        .collect();
    paths.sort();
    let decoded: Vec<RgbImage> = paths
        .iter()
        .map(|path| {
            image::open(path)
                .map(|image| image.to_rgb8())
                .map_err(|error| format!("{}: {error}", path.display()))
        })
        .collect::<Result<_, _>>()?;
    if decoded.is_empty() {
        return Err(format!("no PNG images in {}", arguments.images.display()));
    }
    Ok((0..arguments.count)
        .map(|index| decoded[index % decoded.len()].clone())
        .collect())
}

fn main() -> Result<(), String> {
    let arguments = parse_arguments()?;
    let images = load_images(&arguments)?;
    let options = EncoderOptions {
        batch_size_images: arguments.batch_size,
        ..EncoderOptions::default()
    };
    let encoder = OnnxEncoder::from_preset_or_file(&arguments.encoder, options)
        .map_err(|error| error.to_string())?;

    // One warm-up round: ONNX Runtime allocates its memory arena on first use.
    encoder
        .embed_images(&images[..arguments.batch_size.min(images.len())])
        .map_err(|error| error.to_string())?;
    let mut best_seconds = f64::INFINITY;
    for _ in 0..arguments.rounds.max(1) {
        let started = Instant::now();
        let embeddings = encoder
            .embed_images(&images)
            .map_err(|error| error.to_string())?;
        best_seconds = best_seconds.min(started.elapsed().as_secs_f64());
        assert_eq!(embeddings.len(), images.len());
    }
    println!(
        "simcal images={} batch_size={} best_seconds={best_seconds:.3} images_per_second={:.1}",
        images.len(),
        arguments.batch_size,
        images.len() as f64 / best_seconds
    );

    let preprocessor = Preprocessor::new(encoder.spec().preprocess.clone());
    let mut buffer = vec![0.0f32; preprocessor.values_per_image()];
    let mut best_preprocess_seconds = f64::INFINITY;
    for _ in 0..arguments.rounds.max(1) {
        let started = Instant::now();
        for image in &images {
            preprocessor
                .write_tensor(image, &mut buffer)
                .map_err(|error| error.to_string())?;
        }
        best_preprocess_seconds = best_preprocess_seconds.min(started.elapsed().as_secs_f64());
    }
    println!(
        "simcal preprocess_images_per_second={:.1}",
        images.len() as f64 / best_preprocess_seconds
    );
    Ok(())
}
