//! The hard-negative gallery is a raster image from the renderer; this
//! wraps it in an SVG so that it is stored in both formats like every
//! other figure.

use base64::Engine;

use super::Figure;

/// Wraps PNG bytes of the given pixel size into an SVG document that
/// embeds them as a data URI.
pub fn wrap_png_as_svg(
    stem: &str,
    caption: &str,
    png: &[u8],
    (width, height): (u32, u32),
) -> Figure {
    let data = base64::engine::general_purpose::STANDARD.encode(png);
    let svg = format!(
        concat!(
            r#"<svg width="{w}" height="{h}" viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg" "#,
            r#"xmlns:xlink="http://www.w3.org/1999/xlink">"#,
            "\n<title>{title}</title>\n",
            r#"<image width="{w}" height="{h}" xlink:href="data:image/png;base64,{data}"/>"#,
            "\n</svg>\n"
        ),
        w = width,
        h = height,
        title = escape_xml(caption),
        data = data,
    );
    Figure {
        stem: stem.to_owned(),
        caption: caption.to_owned(),
        svg,
        png: Some(png.to_vec()),
    }
}

fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
