//! Image to model input: resize of the shorter side, centre crop,
//! normalisation and layout, following torchvision's `Resize(int)`,
//! `CenterCrop`, `ToTensor` and `Normalize` on PIL images.

use image::RgbImage;
use thiserror::Error;

use crate::resample::{CropWindow, resize_crop};
use crate::spec::{ChannelOrder, Layout, PreprocessSpec};

/// An image the preprocessing cannot handle.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum PreprocessError {
    #[error("image is empty ({width} x {height} px)")]
    EmptyImage { width: u32, height: u32 },
    #[error("output buffer has {actual} values, the model input needs {expected}")]
    BufferLength { expected: usize, actual: usize },
    #[error(
        "invalid preprocessing: crop {crop_px} px must equal the input size {size_px} px and fit inside the \
         resized image ({resized_width} x {resized_height} px)"
    )]
    CropOutsideImage {
        crop_px: u32,
        size_px: u32,
        resized_width: u32,
        resized_height: u32,
    },
}

/// Returns the size after resizing the shorter side to `shorter_side_px`,
/// with torchvision's rounding: the longer side is truncated, not rounded.
pub fn resized_size(width: u32, height: u32, shorter_side_px: u32) -> (u32, u32) {
    let (short, long) = if width <= height {
        (width, height)
    } else {
        (height, width)
    };
    let new_long = (u64::from(shorter_side_px) * u64::from(long) / u64::from(short)) as u32;
    if width <= height {
        (shorter_side_px, new_long)
    } else {
        (new_long, shorter_side_px)
    }
}

/// Returns the centre crop's top-left corner as torchvision computes it:
/// `round((size - crop) / 2)` with Python's round-half-to-even.
pub fn centre_crop_offset(size: u32, crop: u32) -> u32 {
    let excess = size.saturating_sub(crop);
    let half = excess / 2;
    if excess % 2 == 1 && half % 2 == 1 {
        half + 1
    } else {
        half
    }
}

/// Converts images into model input tensors for one [`PreprocessSpec`].
#[derive(Debug, Clone)]
pub struct Preprocessor {
    spec: PreprocessSpec,
    /// `lookup[tensor_channel][value]` = `(value / 255 - mean) / std` in f32,
    /// the same operations in the same order as torchvision.
    lookup: [[f32; 256]; 3],
}

impl Preprocessor {
    pub fn new(spec: PreprocessSpec) -> Self {
        let mut lookup = [[0.0f32; 256]; 3];
        for (channel, table) in lookup.iter_mut().enumerate() {
            for (value, entry) in table.iter_mut().enumerate() {
                let scaled = value as f32 / 255.0f32;
                *entry = (scaled - spec.mean[channel]) / spec.std[channel];
            }
        }
        Self { spec, lookup }
    }

    pub fn spec(&self) -> &PreprocessSpec {
        &self.spec
    }

    /// Number of f32 values one image becomes (3 x size x size).
    pub fn values_per_image(&self) -> usize {
        3 * self.spec.size_px as usize * self.spec.size_px as usize
    }

    /// Resizes and crops `image`; returns the 8-bit crop the model receives.
    pub fn resize_and_crop(&self, image: &RgbImage) -> Result<RgbImage, PreprocessError> {
        let (width, height) = image.dimensions();
        if width == 0 || height == 0 {
            return Err(PreprocessError::EmptyImage { width, height });
        }
        let (resized_width, resized_height) =
            resized_size(width, height, self.spec.resize.shorter_side_px);
        let crop = self.spec.crop_px;
        if crop == 0 || crop != self.spec.size_px || crop > resized_width || crop > resized_height {
            return Err(PreprocessError::CropOutsideImage {
                crop_px: crop,
                size_px: self.spec.size_px,
                resized_width,
                resized_height,
            });
        }
        let window = CropWindow {
            left: centre_crop_offset(resized_width, crop),
            top: centre_crop_offset(resized_height, crop),
            width: crop,
            height: crop,
        };
        Ok(resize_crop(
            image,
            resized_width,
            resized_height,
            self.spec.resize.filter,
            window,
        ))
    }

    /// Writes the normalised tensor of one image into `output`, which must
    /// hold [`Self::values_per_image`] values, in the spec's layout.
    pub fn write_tensor(
        &self,
        image: &RgbImage,
        output: &mut [f32],
    ) -> Result<(), PreprocessError> {
        let expected = self.values_per_image();
        if output.len() != expected {
            return Err(PreprocessError::BufferLength {
                expected,
                actual: output.len(),
            });
        }
        let cropped = self.resize_and_crop(image)?;
        let source_channel = match self.spec.channel_order {
            ChannelOrder::Rgb => [0, 1, 2],
            ChannelOrder::Bgr => [2, 1, 0],
        };
        let plane = self.spec.size_px as usize * self.spec.size_px as usize;
        let pixels = cropped.as_raw().chunks_exact(3);
        match self.spec.layout {
            Layout::Nchw => {
                for (index, pixel) in pixels.enumerate() {
                    for channel in 0..3 {
                        output[channel * plane + index] =
                            self.lookup[channel][pixel[source_channel[channel]] as usize];
                    }
                }
            }
            Layout::Nhwc => {
                for (index, pixel) in pixels.enumerate() {
                    for channel in 0..3 {
                        output[index * 3 + channel] =
                            self.lookup[channel][pixel[source_channel[channel]] as usize];
                    }
                }
            }
        }
        Ok(())
    }

    /// Returns the tensor of one image as a new vector.
    pub fn tensor(&self, image: &RgbImage) -> Result<Vec<f32>, PreprocessError> {
        let mut output = vec![0.0; self.values_per_image()];
        self.write_tensor(image, &mut output)?;
        Ok(output)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resized_size_truncates_longer_side() {
        assert_eq!(resized_size(451, 300, 224), (336, 224));
        assert_eq!(resized_size(300, 451, 256), (256, 384));
        assert_eq!(resized_size(100, 100, 224), (224, 224));
    }

    #[test]
    fn crop_outside_image_is_an_error() {
        let spec = PreprocessSpec {
            layout: Layout::Nchw,
            size_px: 32,
            resize: crate::spec::ResizeSpec {
                shorter_side_px: 16,
                filter: crate::spec::ResizeFilter::Bilinear,
            },
            crop_px: 32,
            mean: [0.5; 3],
            std: [0.5; 3],
            channel_order: ChannelOrder::Rgb,
        };
        let image = RgbImage::new(20, 20);
        let error = Preprocessor::new(spec.clone()).tensor(&image).unwrap_err();
        assert!(
            matches!(
                error,
                PreprocessError::CropOutsideImage {
                    resized_width: 16,
                    ..
                }
            ),
            "{error}"
        );

        let zero_resize = PreprocessSpec {
            resize: crate::spec::ResizeSpec {
                shorter_side_px: 0,
                ..spec.resize
            },
            ..spec.clone()
        };
        assert!(Preprocessor::new(zero_resize).tensor(&image).is_err());

        let mismatched = PreprocessSpec {
            size_px: 16,
            crop_px: 8,
            ..spec
        };
        assert!(Preprocessor::new(mismatched).tensor(&image).is_err());
    }

    #[test]
    fn centre_crop_rounds_half_to_even() {
        assert_eq!(centre_crop_offset(224, 224), 0);
        assert_eq!(centre_crop_offset(225, 224), 0);
        assert_eq!(centre_crop_offset(227, 224), 2);
        assert_eq!(centre_crop_offset(229, 224), 2);
        assert_eq!(centre_crop_offset(231, 224), 4);
        assert_eq!(centre_crop_offset(336, 224), 56);
    }
}
