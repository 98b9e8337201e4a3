//! SVG to PNG with resvg. Text in the SVG is drawn with system fonts, which
//! are loaded once per process.

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};
use thiserror::Error;

/// No usable font on the system, so figure text cannot be drawn.
#[derive(Debug, Clone, Error)]
#[error(
    "no system font found for figure text; install one (Debian/Ubuntu: sudo apt-get install fonts-dejavu-core, or run ./scripts/setup.sh)"
)]
pub struct FontError;

/// Failure to turn an SVG document into PNG bytes.
#[derive(Debug, Error)]
pub enum RasteriseError {
    #[error(transparent)]
    Font(#[from] FontError),
    #[error("{0}")]
    Other(String),
}

/// Font family used for the generic `sans-serif`, in order of preference.
const PREFERRED_SANS_SERIF: [&str; 3] = ["DejaVu Sans", "Liberation Sans", "Noto Sans"];

fn font_database() -> Result<Arc<usvg::fontdb::Database>, FontError> {
    static FONTS: OnceLock<Option<Arc<usvg::fontdb::Database>>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut database = usvg::fontdb::Database::new();
            database.load_system_fonts();
            let families: Vec<String> = database
                .faces()
                .flat_map(|face| face.families.iter().map(|(name, _)| name.clone()))
                .collect();
            let family = PREFERRED_SANS_SERIF
                .iter()
                .find(|preferred| families.iter().any(|family| family == *preferred))
                .map(|family| (*family).to_owned())
                .or_else(|| families.first().cloned())?;
            tracing::debug!(
                family,
                faces = database.len(),
                "loaded system fonts for figures"
            );
            database.set_sans_serif_family(family.clone());
            database.set_serif_family(family.clone());
            database.set_monospace_family(family);
            Some(Arc::new(database))
        })
        .clone()
        .ok_or(FontError)
}

/// Rasterises an SVG document to PNG bytes at its own size (one pixel per
/// SVG user unit), on a white background.
pub fn svg_to_png(svg: &str) -> Result<Vec<u8>, RasteriseError> {
    let fontdb = font_database().map_err(RasteriseError::Font)?;
    let options = usvg::Options {
        fontdb,
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options)
        .map_err(|error| RasteriseError::Other(error.to_string()))?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).ok_or_else(|| {
        RasteriseError::Other(format!(
            "invalid figure size {}x{}",
            size.width(),
            size.height()
        ))
    })?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap
        .encode_png()
        .map_err(|error| RasteriseError::Other(error.to_string()))
}
