//! Image resampling that reproduces Pillow's `Image.resize` bit for bit on
//! 8-bit RGB images (Pillow's `libImaging/Resample.c`, unchanged in this
//! respect from Pillow 7 to 13).
//!
//! Pillow resizes in two separable passes, horizontal first, each with a
//! filter whose support widens by the downscale factor (so downscaling
//! antialiases). Filter weights are normalised per output pixel, converted
//! to fixed point with 22 fractional bits, and every pass rounds and clamps
//! to 8 bits. A pass whose size does not change is skipped.
//!
//! [`resize_crop`] computes only the output pixels inside a crop window.
//! Each output pixel depends only on its own weights, so the result equals a
//! full resize followed by the crop.

use std::ops::Range;

use image::RgbImage;

use crate::spec::ResizeFilter;

const PRECISION_BITS: u32 = 32 - 8 - 2;

/// Filter weights of one output pixel: the first input index and the
/// fixed-point weights of the consecutive inputs it reads.
#[derive(Debug, Clone)]
struct Taps {
    first: usize,
    weights: Vec<i32>,
}

fn bilinear(x: f64) -> f64 {
    let x = x.abs();
    if x < 1.0 { 1.0 - x } else { 0.0 }
}

fn bicubic(x: f64) -> f64 {
    const A: f64 = -0.5;
    let x = x.abs();
    if x < 1.0 {
        ((A + 2.0) * x - (A + 3.0)) * x * x + 1.0
    } else if x < 2.0 {
        (((x - 5.0) * x + 8.0) * x - 4.0) * A
    } else {
        0.0
    }
}

/// Computes Pillow's weights for the outputs in `outputs` when resizing
/// `input_size` to `output_size`, as Pillow's `precompute_coeffs` and
/// `normalize_coeffs_8bpc` do. Element `i` belongs to output `outputs.start + i`.
fn taps(
    input_size: usize,
    output_size: usize,
    filter: ResizeFilter,
    outputs: Range<usize>,
) -> Vec<Taps> {
    let (kernel, support): (fn(f64) -> f64, f64) = match filter {
        ResizeFilter::Bilinear => (bilinear, 1.0),
        ResizeFilter::Bicubic => (bicubic, 2.0),
    };
    let scale = input_size as f64 / output_size as f64;
    let filter_scale = scale.max(1.0);
    let support = support * filter_scale;
    let inverse_filter_scale = 1.0 / filter_scale;

    outputs
        .map(|out| {
            let center = (out as f64 + 0.5) * scale;
            // Pillow truncates toward zero with a C cast, then clamps.
            let first = ((center - support + 0.5) as i64).max(0) as usize;
            let end = ((center + support + 0.5) as i64).min(input_size as i64) as usize;
            let raw: Vec<f64> = (first..end)
                .map(|x| kernel((x as f64 - center + 0.5) * inverse_filter_scale))
                .collect();
            let sum: f64 = raw.iter().sum();
            let weights = raw
                .iter()
                .map(|&w| {
                    let normalised = if sum != 0.0 { w / sum } else { w };
                    let fixed = normalised * f64::from(1u32 << PRECISION_BITS);
                    if normalised < 0.0 {
                        (fixed - 0.5) as i32
                    } else {
                        (fixed + 0.5) as i32
                    }
                })
                .collect();
            Taps { first, weights }
        })
        .collect()
}

#[inline]
fn clip8(accumulator: i64) -> u8 {
    if accumulator >= (1i64 << PRECISION_BITS) << 8 {
        255
    } else if accumulator <= 0 {
        0
    } else {
        (accumulator >> PRECISION_BITS) as u8
    }
}

/// A rectangle of output pixels: `left`, `top`, `width`, `height`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CropWindow {
    pub left: u32,
    pub top: u32,
    pub width: u32,
    pub height: u32,
}

/// Resizes `image` to `output_width` x `output_height` as Pillow does and
/// returns only the pixels inside `crop` (which must lie inside the output).
pub fn resize_crop(
    image: &RgbImage,
    output_width: u32,
    output_height: u32,
    filter: ResizeFilter,
    crop: CropWindow,
) -> RgbImage {
    debug_assert!(
        crop.left + crop.width <= output_width && crop.top + crop.height <= output_height
    );
    let (input_width, input_height) = (image.width() as usize, image.height() as usize);
    let input = image.as_raw();
    let crop_columns = crop.left as usize..(crop.left + crop.width) as usize;
    let crop_rows = crop.top as usize..(crop.top + crop.height) as usize;

    // Input rows the vertical pass reads, in input coordinates.
    let vertical = (output_height as usize != input_height).then(|| {
        taps(
            input_height,
            output_height as usize,
            filter,
            crop_rows.clone(),
        )
    });
    let row_range = match &vertical {
        Some(used) => {
            let first = used.iter().map(|t| t.first).min().unwrap_or(0);
            let end = used
                .iter()
                .map(|t| t.first + t.weights.len())
                .max()
                .unwrap_or(0);
            first..end
        }
        None => crop_rows.clone(),
    };

    // Horizontal pass over the needed rows and the crop's columns.
    let crop_width = crop.width as usize;
    let mut horizontal_out = vec![0u8; row_range.len() * crop_width * 3];
    if output_width as usize != input_width {
        let horizontal_taps = taps(
            input_width,
            output_width as usize,
            filter,
            crop_columns.clone(),
        );
        for (row_index, row) in row_range.clone().enumerate() {
            let source = &input[row * input_width * 3..(row + 1) * input_width * 3];
            let target =
                &mut horizontal_out[row_index * crop_width * 3..(row_index + 1) * crop_width * 3];
            for (column_index, tap) in horizontal_taps.iter().enumerate() {
                let mut sums = [1i64 << (PRECISION_BITS - 1); 3];
                for (offset, &weight) in tap.weights.iter().enumerate() {
                    let pixel = &source[(tap.first + offset) * 3..(tap.first + offset) * 3 + 3];
                    for channel in 0..3 {
                        sums[channel] += i64::from(pixel[channel]) * i64::from(weight);
                    }
                }
                for channel in 0..3 {
                    target[column_index * 3 + channel] = clip8(sums[channel]);
                }
            }
        }
    } else {
        for (row_index, row) in row_range.clone().enumerate() {
            let source = &input[(row * input_width + crop.left as usize) * 3..][..crop_width * 3];
            horizontal_out[row_index * crop_width * 3..(row_index + 1) * crop_width * 3]
                .copy_from_slice(source);
        }
    }

    // Vertical pass over the crop's rows.
    let mut output = vec![0u8; crop_width * crop.height as usize * 3];
    match &vertical {
        Some(vertical_taps) => {
            for (row_index, tap) in vertical_taps.iter().enumerate() {
                let target =
                    &mut output[row_index * crop_width * 3..(row_index + 1) * crop_width * 3];
                for (value_index, value) in target.iter_mut().enumerate() {
                    let mut sum = 1i64 << (PRECISION_BITS - 1);
                    for (offset, &weight) in tap.weights.iter().enumerate() {
                        let source_row = tap.first + offset - row_range.start;
                        sum += i64::from(horizontal_out[source_row * crop_width * 3 + value_index])
                            * i64::from(weight);
                    }
                    *value = clip8(sum);
                }
            }
        }
        None => output.copy_from_slice(&horizontal_out),
    }

    // The buffer length is width * height * 3 by construction.
    RgbImage::from_raw(crop.width, crop.height, output)
        .unwrap_or_else(|| RgbImage::new(crop.width, crop.height))
}

/// Resizes the whole image as Pillow's `Image.resize` does.
pub fn resize(image: &RgbImage, width: u32, height: u32, filter: ResizeFilter) -> RgbImage {
    resize_crop(
        image,
        width,
        height,
        filter,
        CropWindow {
            left: 0,
            top: 0,
            width,
            height,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taps_sum_to_one_in_fixed_point() {
        for filter in [ResizeFilter::Bilinear, ResizeFilter::Bicubic] {
            for (input, output) in [(300, 224), (224, 300), (17, 5), (5, 17)] {
                for tap in taps(input, output, filter, 0..output) {
                    let sum: i64 = tap.weights.iter().map(|&w| i64::from(w)).sum();
                    assert!(
                        (sum - (1 << PRECISION_BITS)).abs() <= tap.weights.len() as i64,
                        "sum {sum}"
                    );
                    assert!(tap.first + tap.weights.len() <= input);
                }
            }
        }
    }

    #[test]
    fn constant_image_stays_constant() {
        let image = RgbImage::from_pixel(37, 23, image::Rgb([10, 128, 250]));
        for filter in [ResizeFilter::Bilinear, ResizeFilter::Bicubic] {
            let resized = resize(&image, 11, 50, filter);
            assert!(resized.pixels().all(|p| p.0 == [10, 128, 250]));
        }
    }

    #[test]
    fn crop_equals_full_resize_then_crop() {
        let image = RgbImage::from_fn(41, 29, |x, y| {
            image::Rgb([(x * 6) as u8, (y * 8) as u8, ((x * y) % 256) as u8])
        });
        for filter in [ResizeFilter::Bilinear, ResizeFilter::Bicubic] {
            let full = resize(&image, 30, 20, filter);
            let window = CropWindow {
                left: 7,
                top: 3,
                width: 12,
                height: 15,
            };
            let cropped = resize_crop(&image, 30, 20, filter, window);
            for (x, y, pixel) in cropped.enumerate_pixels() {
                assert_eq!(pixel, full.get_pixel(x + 7, y + 3), "pixel ({x}, {y})");
            }
        }
    }
}
