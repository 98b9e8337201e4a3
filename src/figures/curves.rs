//! Curve figures: ROC and precision-recall per encoder, and precision
//! against threshold at each base rate with the precision targets.

use plotters::prelude::*;

use super::chart::{draw_axes, draw_svg_figure, framed_chart, line_legend};
use super::{
    FIGURE_SIZE, Figure, FigureError, LINE_COLOR, PALETTE, draw_error, draw_legend, padded_range,
};

/// One labelled curve of (x, y) points in drawing order.
#[derive(Debug, Clone, PartialEq)]
pub struct Curve {
    pub label: String,
    pub points: Vec<(f64, f64)>,
}

/// Precision against threshold at one base rate.
#[derive(Debug, Clone, PartialEq)]
pub struct PrecisionCurve {
    pub base_rate: f64,
    /// (threshold, precision) points, thresholds ascending.
    pub points: Vec<(f64, f64)>,
}

/// Draws ROC curves (false positive rate against true positive rate), one
/// per encoder, with the chance diagonal.
pub fn draw_roc(stem: &str, caption: &str, curves: &[Curve]) -> Result<Figure, FigureError> {
    draw_unit_square(
        stem,
        caption,
        curves,
        "false positive rate",
        "true positive rate (recall)",
        true,
    )
}

/// Draws precision-recall curves, one per encoder.
pub fn draw_pr(stem: &str, caption: &str, curves: &[Curve]) -> Result<Figure, FigureError> {
    draw_unit_square(stem, caption, curves, "recall", "precision", false)
}

fn draw_unit_square(
    stem: &str,
    caption: &str,
    curves: &[Curve],
    x_label: &str,
    y_label: &str,
    with_diagonal: bool,
) -> Result<Figure, FigureError> {
    draw_svg_figure(stem, caption, FIGURE_SIZE, |root| {
        let mut chart = framed_chart(root, caption, 56)
            .build_cartesian_2d(0.0f64..1.0f64, 0.0f64..1.02f64)
            .map_err(draw_error(stem))?;
        draw_axes(&mut chart, (x_label, y_label), stem)?;
        if with_diagonal {
            chart
                .draw_series(LineSeries::new([(0.0, 0.0), (1.0, 1.0)], BLACK.mix(0.3)))
                .map_err(draw_error(stem))?;
        }
        for (index, curve) in curves.iter().enumerate() {
            let color = PALETTE[index % PALETTE.len()];
            chart
                .draw_series(LineSeries::new(
                    curve.points.iter().copied(),
                    color.stroke_width(2),
                ))
                .map_err(draw_error(stem))?
                .label(curve.label.clone())
                .legend(line_legend(color.stroke_width(2)));
        }
        draw_legend(
            &mut chart,
            if with_diagonal {
                SeriesLabelPosition::LowerRight
            } else {
                SeriesLabelPosition::LowerLeft
            },
            stem,
        )?;
        Ok(())
    })
}

/// Draws precision against threshold, one line per base rate, with a
/// dashed horizontal line at each precision target.
pub fn draw_precision_vs_threshold(
    stem: &str,
    caption: &str,
    x_label: &str,
    curves: &[PrecisionCurve],
    targets: &[(String, f64)],
) -> Result<Figure, FigureError> {
    let x_range = padded_range(
        curves
            .iter()
            .flat_map(|curve| curve.points.iter().map(|point| point.0)),
    );
    draw_svg_figure(stem, caption, FIGURE_SIZE, |root| {
        let mut chart = framed_chart(root, caption, 56)
            .build_cartesian_2d(x_range.clone(), 0.0f64..1.02f64)
            .map_err(draw_error(stem))?;
        draw_axes(&mut chart, (x_label, "precision"), stem)?;
        for (index, curve) in curves.iter().enumerate() {
            let color = PALETTE[index % PALETTE.len()];
            chart
                .draw_series(LineSeries::new(
                    curve.points.iter().copied(),
                    color.stroke_width(2),
                ))
                .map_err(draw_error(stem))?
                .label(format!("base rate {}", format_percent(curve.base_rate)))
                .legend(line_legend(color.stroke_width(2)));
        }
        for (label, target) in targets {
            let dashes = dashed_segments(x_range.start, x_range.end, *target, 60);
            chart
                .draw_series(
                    dashes
                        .into_iter()
                        .map(|segment| PathElement::new(segment, LINE_COLOR.stroke_width(1))),
                )
                .map_err(draw_error(stem))?
                .label(format!("{label} {target}"))
                .legend(|(x, y)| {
                    PathElement::new(vec![(x, y), (x + 8, y)], LINE_COLOR.stroke_width(1))
                });
        }
        draw_legend(&mut chart, SeriesLabelPosition::LowerRight, stem)?;
        Ok(())
    })
}

/// Splits a horizontal line at height `y` from `start` to `end` into
/// `count` dash segments, every other gap left empty.
pub(crate) fn dashed_segments(start: f64, end: f64, y: f64, count: usize) -> Vec<Vec<(f64, f64)>> {
    let step = (end - start) / (2 * count) as f64;
    (0..count)
        .map(|index| {
            let x = start + 2.0 * index as f64 * step;
            vec![(x, y), (x + step, y)]
        })
        .collect()
}

/// Formats a base rate as a percentage without trailing zeros: 0.05 -> "5%".
pub(crate) fn format_percent(rate: f64) -> String {
    let percent = rate * 100.0;
    if (percent - percent.round()).abs() < 1e-9 {
        format!("{}%", percent.round())
    } else {
        format!("{percent:.2}%")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roc_curves() -> Vec<Curve> {
        vec![
            Curve {
                label: "encoder-a (AUC 0.90)".to_owned(),
                points: vec![(0.0, 0.0), (0.1, 0.7), (0.5, 0.95), (1.0, 1.0)],
            },
            Curve {
                label: "encoder-b (AUC 0.75)".to_owned(),
                points: vec![(0.0, 0.0), (0.3, 0.6), (1.0, 1.0)],
            },
        ]
    }

    #[test]
    fn roc_svg_names_every_encoder() {
        let figure = draw_roc("roc", "ROC", &roc_curves()).unwrap();
        assert!(figure.svg.starts_with("<svg"), "{}", &figure.svg[..40]);
        assert!(figure.svg.contains("encoder-a (AUC 0.90)"));
        assert!(figure.svg.contains("encoder-b (AUC 0.75)"));
        assert!(figure.svg.contains("false positive rate"));
    }

    #[test]
    fn precision_figure_labels_base_rates_and_targets() {
        let curves = vec![
            PrecisionCurve {
                base_rate: 0.5,
                points: vec![(0.1, 0.5), (0.9, 1.0)],
            },
            PrecisionCurve {
                base_rate: 0.05,
                points: vec![(0.1, 0.05), (0.9, 0.9)],
            },
        ];
        let targets = vec![("calibration target".to_owned(), 0.95)];
        let figure =
            draw_precision_vs_threshold("p", "precision", "cosine threshold", &curves, &targets)
                .unwrap();
        assert!(figure.svg.contains("base rate 50%"));
        assert!(figure.svg.contains("base rate 5%"));
        assert!(figure.svg.contains("calibration target 0.95"));
    }

    #[test]
    fn percent_format_drops_trailing_zeros() {
        assert_eq!(format_percent(0.5), "50%");
        assert_eq!(format_percent(0.01), "1%");
        assert_eq!(format_percent(0.125), "12.50%");
    }

    #[test]
    fn roc_png_has_figure_size() {
        let figure = draw_roc("roc", "ROC", &roc_curves()).unwrap();
        let png = super::super::svg_to_png(&figure.svg).unwrap();
        let image = image::load_from_memory(&png).unwrap();
        assert_eq!((image.width(), image.height()), FIGURE_SIZE);
        // Text was drawn: some pixels are dark, not only white background.
        let dark = image
            .to_rgb8()
            .pixels()
            .filter(|pixel| pixel.0.iter().all(|&c| c < 60))
            .count();
        assert!(dark > 500, "only {dark} dark pixels");
    }
}
