//! The hard-negative gallery is a raster image from the renderer. This
//! wraps it in an SVG with a caption beside each row, so that it is stored
//! in both formats like every other figure.

use std::io::Cursor;

use base64::Engine;

use super::{Figure, FigureError, rasterise_figure};

/// Font size of the row captions, in SVG user units (pixels in the PNG).
const ROW_CAPTION_FONT_PX: u32 = 14;
/// Space left and right of the caption column.
const ROW_CAPTION_MARGIN_PX: u32 = 12;
/// Width reserved per caption character: DejaVu Sans digits, its widest
/// common glyphs here, are 0.64 em, which is 9 px at 14 px.
const ROW_CAPTION_CHAR_PX: u32 = 9;

/// Wraps PNG bytes of the given pixel size into an SVG document that
/// embeds them as a data URI, with `row_captions[i]` written to the right
/// of row `i`. The image has one row per caption, separated by
/// `row_gap_px`. The PNG is the same picture: the caption column is
/// rasterised from the SVG and the gallery pixels are copied in unchanged.
pub fn wrap_png_as_svg(
    stem: &str,
    caption: &str,
    png: &[u8],
    (width, height): (u32, u32),
    row_captions: &[String],
    row_gap_px: u32,
) -> Result<Figure, FigureError> {
    let longest_caption = row_captions
        .iter()
        .map(|text| text.chars().count() as u32)
        .max()
        .unwrap_or(0);
    let caption_column_px = if longest_caption == 0 {
        0
    } else {
        longest_caption * ROW_CAPTION_CHAR_PX + 2 * ROW_CAPTION_MARGIN_PX
    };
    let figure_width = width + caption_column_px;
    let text = row_caption_elements(row_captions, width, height, row_gap_px);

    let header = format!(
        concat!(
            r#"<svg width="{w}" height="{h}" viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg" "#,
            r#"xmlns:xlink="http://www.w3.org/1999/xlink">"#,
            "\n<title>{title}</title>\n",
        ),
        w = figure_width,
        h = height,
        title = escape_xml(caption),
    );
    let data = base64::engine::general_purpose::STANDARD.encode(png);
    let svg = format!(
        concat!(
            "{header}",
            r#"<image width="{w}" height="{h}" xlink:href="data:image/png;base64,{data}"/>"#,
            "\n{text}</svg>\n"
        ),
        header = header,
        w = width,
        h = height,
        data = data,
        text = text,
    );

    // resvg is built without raster image support, so the PNG is the
    // caption layer rasterised from the SVG with the gallery pasted on.
    let caption_layer = rasterise_figure(stem, &format!("{header}{text}</svg>\n"))?;
    let png = paste_gallery(stem, &caption_layer, png)?;
    Ok(Figure {
        stem: stem.to_owned(),
        caption: caption.to_owned(),
        svg,
        png: Some(png),
    })
}

/// Builds one `<text>` element per row caption, vertically centred on its row.
fn row_caption_elements(
    row_captions: &[String],
    image_width: u32,
    image_height: u32,
    row_gap_px: u32,
) -> String {
    let rows = row_captions.len() as u32;
    if rows == 0 {
        return String::new();
    }
    let row_height = image_height.saturating_sub((rows - 1) * row_gap_px) / rows;
    let x = image_width + ROW_CAPTION_MARGIN_PX;
    let mut elements = String::new();
    for (row, text) in (0u32..).zip(row_captions) {
        // The baseline sits about a third of the font size below the row's
        // centre, so the text's middle lines up with it.
        let y = row * (row_height + row_gap_px) + row_height / 2 + ROW_CAPTION_FONT_PX / 3;
        elements.push_str(&format!(
            r#"<text x="{x}" y="{y}" font-family="sans-serif" font-size="{size}" fill="black">{text}</text>"#,
            size = ROW_CAPTION_FONT_PX,
            text = escape_xml(text),
        ));
        elements.push('\n');
    }
    elements
}

/// Copies the gallery pixels into the top-left corner of the rasterised
/// caption layer.
fn paste_gallery(stem: &str, caption_layer: &[u8], gallery: &[u8]) -> Result<Vec<u8>, FigureError> {
    let invalid = |message: String| FigureError::Rasterise {
        stem: stem.to_owned(),
        message,
    };
    let mut canvas = image::load_from_memory(caption_layer)
        .map_err(|error| invalid(format!("invalid caption layer: {error}")))?
        .to_rgb8();
    let gallery = image::load_from_memory(gallery)
        .map_err(|error| invalid(format!("invalid gallery PNG: {error}")))?
        .to_rgb8();
    image::imageops::replace(&mut canvas, &gallery, 0, 0);
    let mut png = Vec::new();
    canvas
        .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|error| invalid(format!("cannot encode PNG: {error}")))?;
    Ok(png)
}

fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Encodes a two-row gallery as PNG: a red row, a 2 px grey gap and a
    /// blue row, each 40 px tall and 60 px wide.
    fn two_row_gallery() -> Vec<u8> {
        let image = image::RgbImage::from_fn(60, 82, |_, y| match y {
            0..40 => image::Rgb([220, 0, 0]),
            40..42 => image::Rgb([128, 128, 128]),
            _ => image::Rgb([0, 0, 220]),
        });
        let mut png = Vec::new();
        image
            .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        png
    }

    fn captions() -> Vec<String> {
        vec![
            "sofa_0012 (sofa) vs bed_0040 (bed), cosine 0.8731".to_owned(),
            "chair_0003 (chair) vs table_0007 (table), cosine 0.8125".to_owned(),
        ]
    }

    #[test]
    fn gallery_svg_captions_every_row() {
        let figure =
            wrap_png_as_svg("g", "gallery", &two_row_gallery(), (60, 82), &captions(), 2).unwrap();
        assert!(figure.svg.contains(
            r#"<text x="72" y="24" font-family="sans-serif" font-size="14" fill="black">sofa_0012 (sofa) vs bed_0040 (bed), cosine 0.8731</text>"#
        ));
        assert!(figure.svg.contains(
            r#"<text x="72" y="66" font-family="sans-serif" font-size="14" fill="black">chair_0003 (chair) vs table_0007 (table), cosine 0.8125</text>"#
        ));
        // 55 characters at 9 px plus 12 px on each side, right of the image.
        assert!(figure.svg.starts_with(r#"<svg width="579" height="82""#));
    }

    #[test]
    fn gallery_png_keeps_pixels_and_draws_captions() {
        let figure =
            wrap_png_as_svg("g", "gallery", &two_row_gallery(), (60, 82), &captions(), 2).unwrap();
        let png = image::load_from_memory(figure.png.as_deref().unwrap())
            .unwrap()
            .to_rgb8();
        assert_eq!(png.dimensions(), (579, 82));
        assert_eq!(png.get_pixel(30, 20).0, [220, 0, 0]);
        assert_eq!(png.get_pixel(30, 41).0, [128, 128, 128]);
        assert_eq!(png.get_pixel(30, 60).0, [0, 0, 220]);
        let dark_in_row = |top: u32, bottom: u32| {
            (60..579)
                .flat_map(|x| (top..bottom).map(move |y| (x, y)))
                .filter(|&(x, y)| png.get_pixel(x, y).0.iter().all(|&c| c < 100))
                .count()
        };
        assert!(dark_in_row(0, 40) > 100, "first caption not drawn");
        assert!(dark_in_row(42, 82) > 100, "second caption not drawn");
    }

    #[test]
    fn gallery_caption_text_is_escaped() {
        let captions = vec!["a<b> & c".to_owned()];
        let figure =
            wrap_png_as_svg("g", "gallery", &two_row_gallery(), (60, 82), &captions, 2).unwrap();
        assert!(figure.svg.contains(">a&lt;b&gt; &amp; c</text>"));
    }
}
