//! Chart set-up shared by the plotters figures: a white SVG canvas, the
//! frame of a single-panel chart, its axes and line legend markers.

use plotters::backend::DrawingBackend;
use plotters::chart::{ChartBuilder, ChartContext};
use plotters::coord::Shift;
use plotters::coord::cartesian::Cartesian2d;
use plotters::coord::ranged1d::{Ranged, ValueFormatter};
use plotters::prelude::*;

use super::{Figure, FigureError, draw_error};

/// Drawing area of a whole SVG figure.
pub(crate) type Canvas<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// Runs `draw` on a white SVG canvas of `size` and wraps the finished SVG
/// text as a figure.
pub(crate) fn draw_svg_figure(
    stem: &str,
    caption: &str,
    size: (u32, u32),
    draw: impl FnOnce(&Canvas<'_>) -> Result<(), FigureError>,
) -> Result<Figure, FigureError> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE).map_err(draw_error(stem))?;
        draw(&root)?;
        root.present().map_err(draw_error(stem))?;
    }
    Ok(Figure::from_svg(stem, caption, svg))
}

/// Starts a single-panel chart on `area`: the caption on top and the
/// margins shared by every such figure. `y_label_area_px` is the width
/// left for the y tick labels and description.
pub(crate) fn framed_chart<'a, 'b, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    caption: &str,
    y_label_area_px: u32,
) -> ChartBuilder<'a, 'b, DB> {
    let mut builder = ChartBuilder::on(area);
    builder
        .caption(caption, ("sans-serif", 20))
        .margin(16)
        .x_label_area_size(44)
        .y_label_area_size(y_label_area_px);
    builder
}

/// Draws both axes with their descriptions and without the light grid.
pub(crate) fn draw_axes<DB, X, Y, XT, YT>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    (x_label, y_label): (&str, &str),
    stem: &str,
) -> Result<(), FigureError>
where
    DB: DrawingBackend,
    X: Ranged<ValueType = XT> + ValueFormatter<XT>,
    Y: Ranged<ValueType = YT> + ValueFormatter<YT>,
{
    chart
        .configure_mesh()
        .x_desc(x_label)
        .y_desc(y_label)
        .light_line_style(WHITE.mix(0.0))
        .draw()
        .map_err(draw_error(stem))
}

/// Legend marker of a line series: a 20 px line in the series' style.
pub(crate) fn line_legend(style: ShapeStyle) -> impl Fn((i32, i32)) -> PathElement<(i32, i32)> {
    move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], style)
}
