//! PNG export and composed figures: a contact sheet per object and a
//! side-by-side gallery of pairs.

use std::path::{Path, PathBuf};

use image::{Rgb, RgbImage};

use crate::error::RenderError;

/// Gap between cells of a contact sheet or gallery row, in pixels.
pub const CELL_GAP_PX: u32 = 2;
/// Width of the separator between the two objects of a gallery row.
pub const PAIR_SEPARATOR_PX: u32 = 6;
const GAP_RGB: Rgb<u8> = Rgb([128, 128, 128]);
const SEPARATOR_RGB: Rgb<u8> = Rgb([32, 32, 32]);

/// Writes `image` as PNG to `path`.
pub fn save_png(image: &RgbImage, path: &Path) -> Result<(), RenderError> {
    image
        .save_with_format(path, image::ImageFormat::Png)
        .map_err(|source| RenderError::WriteImage {
            path: path.to_path_buf(),
            message: source.to_string(),
        })
}

/// Writes each view as `{stem}_view{index:02}.png` in `dir` (which must
/// exist) and returns the paths in view order.
pub fn save_views(views: &[RgbImage], dir: &Path, stem: &str) -> Result<Vec<PathBuf>, RenderError> {
    views
        .iter()
        .enumerate()
        .map(|(index, view)| {
            let path = dir.join(format!("{stem}_view{index:02}.png"));
            save_png(view, &path)?;
            Ok(path)
        })
        .collect()
}

/// Checks that `images` is non-empty and all images share one size, which
/// is returned as (width, height).
fn common_size<'a>(
    images: impl IntoIterator<Item = &'a RgbImage>,
    what: &str,
) -> Result<(u32, u32), RenderError> {
    let mut size = None;
    for (index, image) in images.into_iter().enumerate() {
        let this = image.dimensions();
        match size {
            None => size = Some(this),
            Some(first) if first != this => {
                return Err(RenderError::InvalidComposition {
                    reason: format!(
                        "{what} of different sizes: image {index} is {}x{}, image 0 is {}x{}",
                        this.0, this.1, first.0, first.1
                    ),
                });
            }
            Some(_) => {}
        }
    }
    size.ok_or_else(|| RenderError::InvalidComposition {
        reason: format!("an empty list of {what}"),
    })
}

fn fill(canvas: &mut RgbImage, x: u32, y: u32, width: u32, height: u32, color: Rgb<u8>) {
    for row in y..y + height {
        for column in x..x + width {
            canvas.put_pixel(column, row, color);
        }
    }
}

fn paste(canvas: &mut RgbImage, image: &RgbImage, x: u32, y: u32) {
    for (column, row, pixel) in image.enumerate_pixels() {
        canvas.put_pixel(x + column, y + row, *pixel);
    }
}

/// Arranges `views` in a grid of `columns` columns (row-major, view order),
/// separated by [`CELL_GAP_PX`] grey lines. Empty trailing cells are grey.
pub fn contact_sheet(views: &[RgbImage], columns: u32) -> Result<RgbImage, RenderError> {
    let (cell_width, cell_height) = common_size(views, "views")?;
    if columns == 0 {
        return Err(RenderError::InvalidComposition {
            reason: "a contact sheet with 0 columns".to_string(),
        });
    }
    let columns = columns.min(views.len() as u32);
    let rows = (views.len() as u32).div_ceil(columns);
    let width = columns * cell_width + (columns - 1) * CELL_GAP_PX;
    let height = rows * cell_height + (rows - 1) * CELL_GAP_PX;
    let mut sheet = RgbImage::from_pixel(width, height, GAP_RGB);
    for (index, view) in views.iter().enumerate() {
        let column = index as u32 % columns;
        let row = index as u32 / columns;
        paste(
            &mut sheet,
            view,
            column * (cell_width + CELL_GAP_PX),
            row * (cell_height + CELL_GAP_PX),
        );
    }
    Ok(sheet)
}

/// Columns for a near-square contact sheet of `view_count` views
/// (8 views: 4 x 2).
pub fn default_sheet_columns(view_count: usize) -> u32 {
    let count = view_count.max(1) as u32;
    let square = f64::from(count).sqrt().ceil() as u32;
    square.max(count.div_ceil(2).min(4))
}

/// The views of the two objects of one pair.
#[derive(Debug, Clone, Copy)]
pub struct PairViews<'a> {
    pub a: &'a [RgbImage],
    pub b: &'a [RgbImage],
}

/// Cells shown for each object of a gallery row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GalleryCells {
    /// Every view, left to right.
    AllViews,
    /// Only the view with this index.
    View(usize),
}

/// Composes the side-by-side figure of pairs (used for hard negatives). Each
/// row shows object a's cells, a dark [`PAIR_SEPARATOR_PX`] separator, then
/// object b's cells, and rows are [`CELL_GAP_PX`] apart. All views must share one size, and both
/// objects of every pair need the same number of views.
pub fn pair_gallery(pairs: &[PairViews<'_>], cells: GalleryCells) -> Result<RgbImage, RenderError> {
    let selected: Vec<(&[RgbImage], &[RgbImage])> = pairs
        .iter()
        .enumerate()
        .map(|(pair_index, pair)| {
            let pick = |views: &'_ [RgbImage]| -> Result<(), RenderError> {
                let available = views.len();
                let ok = match cells {
                    GalleryCells::AllViews => available > 0,
                    GalleryCells::View(index) => index < available,
                };
                if ok {
                    Ok(())
                } else {
                    Err(RenderError::InvalidComposition {
                        reason: format!(
                            "pair {pair_index}: {cells:?} requested but an object has {available} views"
                        ),
                    })
                }
            };
            pick(pair.a)?;
            pick(pair.b)?;
            if cells == GalleryCells::AllViews && pair.a.len() != pair.b.len() {
                return Err(RenderError::InvalidComposition {
                    reason: format!(
                        "pair {pair_index}: object a has {} views, object b has {}",
                        pair.a.len(),
                        pair.b.len()
                    ),
                });
            }
            Ok(match cells {
                GalleryCells::AllViews => (pair.a, pair.b),
                GalleryCells::View(index) => {
                    (std::slice::from_ref(&pair.a[index]), std::slice::from_ref(&pair.b[index]))
                }
            })
        })
        .collect::<Result<_, _>>()?;

    let (cell_width, cell_height) = common_size(
        selected.iter().flat_map(|(a, b)| a.iter().chain(b.iter())),
        "views",
    )?;
    let cells_per_side = selected
        .iter()
        .map(|(a, _)| a.len() as u32)
        .max()
        .unwrap_or(1);
    let side_width = cells_per_side * cell_width + (cells_per_side - 1) * CELL_GAP_PX;
    let width = 2 * side_width + PAIR_SEPARATOR_PX;
    let rows = selected.len() as u32;
    let height = rows * cell_height + (rows - 1) * CELL_GAP_PX;

    let mut gallery = RgbImage::from_pixel(width, height, GAP_RGB);
    for (row, (a, b)) in selected.iter().enumerate() {
        let y = row as u32 * (cell_height + CELL_GAP_PX);
        for (side_x, views) in [(0, a), (side_width + PAIR_SEPARATOR_PX, b)] {
            for (index, view) in views.iter().enumerate() {
                paste(
                    &mut gallery,
                    view,
                    side_x + index as u32 * (cell_width + CELL_GAP_PX),
                    y,
                );
            }
        }
        fill(
            &mut gallery,
            side_width,
            y,
            PAIR_SEPARATOR_PX,
            cell_height,
            SEPARATOR_RGB,
        );
    }
    Ok(gallery)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn solid(value: u8) -> RgbImage {
        RgbImage::from_pixel(4, 3, Rgb([value; 3]))
    }

    #[test]
    fn sheet_places_views_row_major() {
        let views: Vec<RgbImage> = (0..8).map(|i| solid(i * 10)).collect();
        let sheet = contact_sheet(&views, 4).unwrap();
        assert_eq!(
            sheet.dimensions(),
            (4 * 4 + 3 * CELL_GAP_PX, 2 * 3 + CELL_GAP_PX)
        );
        assert_eq!(sheet.get_pixel(0, 0).0, [0; 3]);
        // View 5: column 1, row 1.
        let x = 4 + CELL_GAP_PX;
        let y = 3 + CELL_GAP_PX;
        assert_eq!(sheet.get_pixel(x, y).0, [50; 3]);
        assert_eq!(sheet.get_pixel(4, 0).0, GAP_RGB.0);
    }

    #[test]
    fn sheet_rejects_mixed_sizes() {
        let views = vec![solid(0), RgbImage::new(5, 3)];
        let message = contact_sheet(&views, 2).unwrap_err().to_string();
        assert!(message.contains("image 1 is 5x3"), "{message}");
    }

    #[test]
    fn sheet_rejects_empty_list() {
        assert!(contact_sheet(&[], 4).is_err());
    }

    #[test]
    fn default_columns_for_common_counts() {
        assert_eq!(default_sheet_columns(8), 4);
        assert_eq!(default_sheet_columns(1), 1);
        assert_eq!(default_sheet_columns(4), 2);
        assert_eq!(default_sheet_columns(12), 4);
    }

    #[test]
    fn gallery_row_has_separator_between_objects() {
        let a = vec![solid(10), solid(20)];
        let b = vec![solid(30), solid(40)];
        let pairs = [PairViews { a: &a, b: &b }, PairViews { a: &b, b: &a }];
        let gallery = pair_gallery(&pairs, GalleryCells::AllViews).unwrap();
        let side_width = 2 * 4 + CELL_GAP_PX;
        assert_eq!(
            gallery.dimensions(),
            (2 * side_width + PAIR_SEPARATOR_PX, 2 * 3 + CELL_GAP_PX)
        );
        assert_eq!(gallery.get_pixel(side_width, 0).0, SEPARATOR_RGB.0);
        assert_eq!(
            gallery.get_pixel(side_width + PAIR_SEPARATOR_PX, 0).0,
            [30; 3]
        );
        // Second row starts with pair 1's object a, which is `b`.
        assert_eq!(gallery.get_pixel(0, 3 + CELL_GAP_PX).0, [30; 3]);
    }

    #[test]
    fn gallery_single_view_picks_index() {
        let a = vec![solid(10), solid(20)];
        let b = vec![solid(30), solid(40)];
        let gallery = pair_gallery(&[PairViews { a: &a, b: &b }], GalleryCells::View(1)).unwrap();
        assert_eq!(gallery.dimensions(), (2 * 4 + PAIR_SEPARATOR_PX, 3));
        assert_eq!(gallery.get_pixel(0, 0).0, [20; 3]);
        assert_eq!(gallery.get_pixel(4 + PAIR_SEPARATOR_PX, 0).0, [40; 3]);
    }

    #[test]
    fn gallery_rejects_missing_view_index() {
        let a = vec![solid(10)];
        let message = pair_gallery(&[PairViews { a: &a, b: &a }], GalleryCells::View(3))
            .unwrap_err()
            .to_string();
        assert!(message.contains("pair 0"), "{message}");
    }
}
