//! The hard-negative gallery: both objects of the top hard negatives,
//! rendered again (views are not cached) and laid out side by side.

use std::collections::HashMap;
use std::io::Cursor;

use simcal_dataset::Variant;
use simcal_render::{CELL_GAP_PX, GalleryCells, PairViews, RenderConfig, Renderer, pair_gallery};

use super::error::PipelineError;
use super::objects::Item;
use super::result::HardNegative;

/// Pairs shown in the gallery.
pub const GALLERY_PAIRS: usize = 6;

/// A rendered gallery as PNG bytes.
#[derive(Debug, Clone)]
pub struct GalleryImage {
    pub png: Vec<u8>,
    pub width_px: u32,
    pub height_px: u32,
    /// The hard negatives shown, one per row, top to bottom.
    pub rows: Vec<HardNegative>,
    /// Height of the gap between rows.
    pub row_gap_px: u32,
}

/// Renders the first [`GALLERY_PAIRS`] hard negatives, one row per pair.
/// Each object is shown from its second ring view (45 degrees), because it
/// shows more of the shape than the frontal one. Returns `None` when there
/// are no hard negatives.
pub(crate) fn render_gallery(
    hard_negatives: &[HardNegative],
    items: &[Item],
    config: &RenderConfig,
) -> Result<Option<GalleryImage>, PipelineError> {
    let shown: Vec<&HardNegative> = hard_negatives.iter().take(GALLERY_PAIRS).collect();
    if shown.is_empty() {
        return Ok(None);
    }
    let originals: HashMap<&str, &Item> = items
        .iter()
        .filter(|item| item.variant == Variant::Original)
        .map(|item| (item.object_id.as_str(), item))
        .collect();
    let mut renderer =
        Renderer::new(config).map_err(|source| PipelineError::RendererSetup { source })?;
    let mut rendered: HashMap<&str, Vec<image::RgbImage>> = HashMap::new();
    for negative in &shown {
        for object_id in [negative.object_a.as_str(), negative.object_b.as_str()] {
            if rendered.contains_key(object_id) {
                continue;
            }
            let item = originals
                .get(object_id)
                .ok_or_else(|| PipelineError::MissingEmbedding {
                    encoder: "gallery".to_owned(),
                    object_id: object_id.to_owned(),
                    variant: Variant::Original.name().to_owned(),
                })?;
            let views =
                renderer
                    .render_views(&item.mesh)
                    .map_err(|source| PipelineError::Render {
                        object_id: object_id.to_owned(),
                        source,
                    })?;
            rendered.insert(object_id, views);
        }
    }
    let rows: Vec<PairViews<'_>> = shown
        .iter()
        .map(|negative| PairViews {
            a: &rendered[negative.object_a.as_str()],
            b: &rendered[negative.object_b.as_str()],
        })
        .collect();
    let view = if config.views > 1 { 1 } else { 0 };
    let image =
        pair_gallery(&rows, GalleryCells::View(view)).map_err(|source| PipelineError::Render {
            object_id: "hard-negative gallery".to_owned(),
            source,
        })?;
    let mut png = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|error| PipelineError::write("hard-negative gallery", error))?;
    Ok(Some(GalleryImage {
        width_px: image.width(),
        height_px: image.height(),
        png,
        rows: shown.into_iter().cloned().collect(),
        row_gap_px: CELL_GAP_PX,
    }))
}
