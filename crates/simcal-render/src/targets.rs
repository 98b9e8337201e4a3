//! Render targets for all views of one object (a colour texture array with
//! one layer per view, a shared depth buffer) and the readback buffer that
//! receives every layer in a single copy.

use image::RgbImage;

use crate::error::RenderError;

pub(crate) const COLOR_FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::Rgba8Unorm;
pub(crate) const DEPTH_FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::Depth32Float;
const BYTES_PER_PIXEL: u32 = 4;

/// Row pitch of the readback buffer: a row of RGBA8 pixels rounded up to
/// `COPY_BYTES_PER_ROW_ALIGNMENT` (256 bytes), as texture-to-buffer copies
/// require.
pub(crate) fn padded_bytes_per_row(size_px: u32) -> u32 {
    let unpadded = size_px * BYTES_PER_PIXEL;
    let alignment = wgpu::COPY_BYTES_PER_ROW_ALIGNMENT;
    unpadded.div_ceil(alignment) * alignment
}

pub(crate) struct ViewTargets {
    color: wgpu::Texture,
    pub layer_views: Vec<wgpu::TextureView>,
    pub depth_view: wgpu::TextureView,
    readback: wgpu::Buffer,
    size_px: u32,
    views: u32,
}

impl ViewTargets {
    pub fn new(device: &wgpu::Device, size_px: u32, views: u32) -> Self {
        let color = device.create_texture(&wgpu::TextureDescriptor {
            label: Some("view colour layers"),
            size: wgpu::Extent3d {
                width: size_px,
                height: size_px,
                depth_or_array_layers: views,
            },
            mip_level_count: 1,
            sample_count: 1,
            dimension: wgpu::TextureDimension::D2,
            format: COLOR_FORMAT,
            usage: wgpu::TextureUsages::RENDER_ATTACHMENT | wgpu::TextureUsages::COPY_SRC,
            view_formats: &[],
        });
        let layer_views = (0..views)
            .map(|layer| {
                color.create_view(&wgpu::TextureViewDescriptor {
                    label: Some("view colour layer"),
                    dimension: Some(wgpu::TextureViewDimension::D2),
                    base_array_layer: layer,
                    array_layer_count: Some(1),
                    ..Default::default()
                })
            })
            .collect();
        let depth = device.create_texture(&wgpu::TextureDescriptor {
            label: Some("view depth"),
            size: wgpu::Extent3d {
                width: size_px,
                height: size_px,
                depth_or_array_layers: 1,
            },
            mip_level_count: 1,
            sample_count: 1,
            dimension: wgpu::TextureDimension::D2,
            format: DEPTH_FORMAT,
            usage: wgpu::TextureUsages::RENDER_ATTACHMENT,
            view_formats: &[],
        });
        let depth_view = depth.create_view(&wgpu::TextureViewDescriptor::default());
        let readback = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("view readback"),
            size: readback_bytes(size_px, views),
            usage: wgpu::BufferUsages::COPY_DST | wgpu::BufferUsages::MAP_READ,
            mapped_at_creation: false,
        });
        ViewTargets {
            color,
            layer_views,
            depth_view,
            readback,
            size_px,
            views,
        }
    }

    /// Records one copy of every colour layer into the readback buffer.
    pub fn record_readback(&self, encoder: &mut wgpu::CommandEncoder) {
        encoder.copy_texture_to_buffer(
            wgpu::TexelCopyTextureInfo {
                texture: &self.color,
                mip_level: 0,
                origin: wgpu::Origin3d::ZERO,
                aspect: wgpu::TextureAspect::All,
            },
            wgpu::TexelCopyBufferInfo {
                buffer: &self.readback,
                layout: wgpu::TexelCopyBufferLayout {
                    offset: 0,
                    bytes_per_row: Some(padded_bytes_per_row(self.size_px)),
                    rows_per_image: Some(self.size_px),
                },
            },
            wgpu::Extent3d {
                width: self.size_px,
                height: self.size_px,
                depth_or_array_layers: self.views,
            },
        );
    }

    /// Maps the readback buffer after the submission that filled it, waits
    /// for it and converts each layer to an RGB image (alpha dropped, row
    /// padding skipped).
    pub fn read_views(&self, device: &wgpu::Device) -> Result<Vec<RgbImage>, RenderError> {
        let (sender, receiver) = std::sync::mpsc::channel();
        self.readback
            .map_async(wgpu::MapMode::Read, .., move |result| {
                // The receiver outlives the poll below; a failed send only
                // means this call already returned with an error.
                let _ = sender.send(result);
            });
        device
            .poll(wgpu::PollType::wait_indefinitely())
            .map_err(|source| RenderError::Readback {
                message: format!("waiting for the device failed: {source}"),
            })?;
        match receiver.try_recv() {
            Ok(Ok(())) => {}
            Ok(Err(source)) => {
                return Err(RenderError::Readback {
                    message: source.to_string(),
                });
            }
            Err(_) => {
                return Err(RenderError::Readback {
                    message: "the buffer map callback did not run after the device finished"
                        .to_string(),
                });
            }
        }

        let images = {
            let mapped =
                self.readback
                    .get_mapped_range(..)
                    .map_err(|source| RenderError::Readback {
                        message: source.to_string(),
                    })?;
            unpack_layers(&mapped, self.size_px, self.views)
        };
        self.readback.unmap();
        Ok(images)
    }
}

pub(crate) fn readback_bytes(size_px: u32, views: u32) -> u64 {
    u64::from(padded_bytes_per_row(size_px)) * u64::from(size_px) * u64::from(views)
}

/// Splits padded RGBA rows of `views` stacked layers into RGB images.
fn unpack_layers(bytes: &[u8], size_px: u32, views: u32) -> Vec<RgbImage> {
    let row_pitch = padded_bytes_per_row(size_px) as usize;
    let size = size_px as usize;
    let layer_pitch = row_pitch * size;
    (0..views as usize)
        .map(|layer| {
            let mut rgb = Vec::with_capacity(size * size * 3);
            for row in 0..size {
                let start = layer * layer_pitch + row * row_pitch;
                for pixel in bytes[start..start + size * 4].chunks_exact(4) {
                    rgb.extend_from_slice(&pixel[..3]);
                }
            }
            RgbImage::from_raw(size_px, size_px, rgb)
                .expect("buffer length is size_px * size_px * 3 by construction")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_pad_to_256_bytes() {
        assert_eq!(padded_bytes_per_row(224), 1024); // 896 rounded up
        assert_eq!(padded_bytes_per_row(64), 256);
        assert_eq!(padded_bytes_per_row(65), 512);
    }

    #[test]
    fn unpack_skips_padding_and_alpha() {
        let size_px = 2;
        let row_pitch = padded_bytes_per_row(size_px) as usize;
        let mut bytes = vec![0xAA_u8; row_pitch * 2 * 2];
        // Layer 1, row 1, pixel 0 = (1, 2, 3, 4).
        let offset = row_pitch * 2 + row_pitch;
        bytes[offset..offset + 4].copy_from_slice(&[1, 2, 3, 4]);
        let images = unpack_layers(&bytes, size_px, 2);
        assert_eq!(images.len(), 2);
        assert_eq!(images[1].get_pixel(0, 1).0, [1, 2, 3]);
        assert_eq!(images[0].get_pixel(0, 0).0, [0xAA, 0xAA, 0xAA]);
    }
}
