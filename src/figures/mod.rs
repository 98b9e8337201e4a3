//! Figures of a calibration run, drawn as SVG with `plotters` and
//! rasterised to PNG with `resvg`, so that both formats show the same
//! picture. Every drawing function takes plain in-memory data (curves,
//! scores, norms) and returns a [`Figure`]; [`Figure::write`] stores both
//! files.

mod chart;
mod curves;
mod gallery;
mod raster;
mod scores;

use std::path::{Path, PathBuf};

use plotters::style::RGBColor;
use thiserror::Error;

pub use curves::{Curve, PrecisionCurve, draw_pr, draw_precision_vs_threshold, draw_roc};
pub use gallery::wrap_png_as_svg;
pub use raster::{FontError, RasteriseError, svg_to_png};
pub use scores::{LabelledPoint, draw_cosine_vs_raw_l2, draw_norm_histograms, draw_pitfall};

/// Figure size in SVG user units; the PNG has the same size in pixels.
pub(crate) const FIGURE_SIZE: (u32, u32) = (800, 560);

/// Colour-blind-safe palette (Okabe and Ito, 2008), cycled by series index.
pub(crate) const PALETTE: [RGBColor; 7] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(240, 228, 66),
];

/// Colour of positive pairs in every figure.
pub(crate) const POSITIVE_COLOR: RGBColor = RGBColor(0, 158, 115);
/// Colour of negative pairs in every figure.
pub(crate) const NEGATIVE_COLOR: RGBColor = RGBColor(213, 94, 0);
/// Colour of threshold and target lines.
pub(crate) const LINE_COLOR: RGBColor = RGBColor(200, 30, 30);

/// One drawn figure: its file stem and SVG text.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// File name without extension, e.g. `roc` or `pitfall-pointnet-proxy`.
    pub stem: String,
    /// Short description, used as the caption in the report.
    pub caption: String,
    pub svg: String,
    /// PNG bytes to store as they are, for figures that start as raster
    /// images (the gallery); when absent the PNG is rasterised from `svg`.
    pub png: Option<Vec<u8>>,
}

/// Paths of one figure's two files.
#[derive(Debug, Clone, PartialEq)]
pub struct WrittenFigure {
    pub stem: String,
    pub caption: String,
    pub svg_path: PathBuf,
    pub png_path: PathBuf,
}

/// Failure to draw, rasterise or write a figure.
#[derive(Debug, Error)]
pub enum FigureError {
    #[error("cannot draw figure {stem}: {message}")]
    Draw { stem: String, message: String },
    #[error("cannot rasterise figure {stem}: {message}")]
    Rasterise { stem: String, message: String },
    #[error(transparent)]
    Font(#[from] FontError),
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl Figure {
    /// Writes `<stem>.svg` and `<stem>.png` into `folder`.
    pub fn write(&self, folder: &Path) -> Result<WrittenFigure, FigureError> {
        let svg_path = folder.join(format!("{}.svg", self.stem));
        let png_path = folder.join(format!("{}.png", self.stem));
        let png = match &self.png {
            Some(png) => png.clone(),
            None => rasterise_figure(&self.stem, &self.svg)?,
        };
        std::fs::write(&svg_path, &self.svg).map_err(|source| FigureError::Write {
            path: svg_path.clone(),
            source,
        })?;
        std::fs::write(&png_path, png).map_err(|source| FigureError::Write {
            path: png_path.clone(),
            source,
        })?;
        Ok(WrittenFigure {
            stem: self.stem.clone(),
            caption: self.caption.clone(),
            svg_path,
            png_path,
        })
    }
}

impl Figure {
    /// Wraps SVG text drawn by plotters; its PNG is rasterised on write.
    pub(crate) fn from_svg(stem: &str, caption: &str, svg: String) -> Self {
        Self {
            stem: stem.to_owned(),
            caption: caption.to_owned(),
            svg,
            png: None,
        }
    }
}

/// Rasterises the SVG text of figure `stem` to PNG bytes.
pub(crate) fn rasterise_figure(stem: &str, svg: &str) -> Result<Vec<u8>, FigureError> {
    svg_to_png(svg).map_err(|error| match error {
        RasteriseError::Font(font) => FigureError::Font(font),
        RasteriseError::Other(message) => FigureError::Rasterise {
            stem: stem.to_owned(),
            message,
        },
    })
}

/// Draws the series legend in a framed box at `position`.
pub(crate) fn draw_legend<'a, DB, CT>(
    chart: &mut plotters::chart::ChartContext<'a, DB, CT>,
    position: plotters::chart::SeriesLabelPosition,
    stem: &str,
) -> Result<(), FigureError>
where
    DB: plotters::prelude::DrawingBackend + 'a,
    CT: plotters::coord::CoordTranslate,
{
    use plotters::style::{BLACK, Color, WHITE};
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK.mix(0.4))
        .label_font(("sans-serif", 14))
        .draw()
        .map_err(draw_error(stem))
}

/// Converts any plotters drawing error into a [`FigureError::Draw`].
pub(crate) fn draw_error<E: std::fmt::Debug>(stem: &str) -> impl Fn(E) -> FigureError + '_ {
    move |error| FigureError::Draw {
        stem: stem.to_owned(),
        message: format!("{error:?}"),
    }
}

/// Padded axis range that contains every value (and `extra` values such as
/// a threshold line); a degenerate range is widened so plotters can draw it.
pub(crate) fn padded_range(values: impl IntoIterator<Item = f64>) -> std::ops::Range<f64> {
    let (mut low, mut high) = (f64::INFINITY, f64::NEG_INFINITY);
    for value in values.into_iter().filter(|value| value.is_finite()) {
        low = low.min(value);
        high = high.max(value);
    }
    if !low.is_finite() {
        return 0.0..1.0;
    }
    let span = high - low;
    let pad = if span > 0.0 {
        span * 0.04
    } else {
        low.abs().max(1.0) * 0.05
    };
    (low - pad)..(high + pad)
}
