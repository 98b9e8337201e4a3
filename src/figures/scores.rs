//! Score and norm figures: pre-normalisation norm histograms on a log x
//! axis, cosine against raw L2 per pair, and the calibration pitfall (the
//! same threshold on 50/50 and on reweighted score histograms).

use plotters::coord::combinators::IntoLogRange;
use plotters::prelude::*;

use super::chart::{draw_axes, draw_svg_figure, framed_chart, line_legend};
use super::curves::format_percent;
use super::{
    FIGURE_SIZE, Figure, FigureError, LINE_COLOR, NEGATIVE_COLOR, PALETTE, POSITIVE_COLOR,
    draw_error, draw_legend, padded_range,
};

/// One pair in the cosine against raw-L2 scatter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelledPoint {
    pub x: f64,
    pub y: f64,
    pub positive: bool,
}

const HISTOGRAM_BINS: usize = 40;

/// Draws one step histogram of L2 norms per encoder on a shared log x
/// axis; each encoder's counts are divided by its total so that encoders
/// with different object counts compare.
pub fn draw_norm_histograms(
    stem: &str,
    caption: &str,
    norms: &[(String, Vec<f64>)],
) -> Result<Figure, FigureError> {
    let positive_norms = norms
        .iter()
        .flat_map(|(_, values)| values.iter().copied())
        .filter(|value| *value > 0.0);
    let (mut low, mut high) = (f64::INFINITY, f64::NEG_INFINITY);
    for value in positive_norms {
        low = low.min(value);
        high = high.max(value);
    }
    if !low.is_finite() {
        (low, high) = (0.1, 10.0);
    }
    let (log_low, log_high) = (
        (low.log10() - 0.05).floor_to(0.1),
        (high.log10() + 0.05).ceil_to(0.1),
    );
    let bin_width = (log_high - log_low) / HISTOGRAM_BINS as f64;
    let histograms: Vec<Vec<f64>> = norms
        .iter()
        .map(|(_, values)| {
            let mut counts = vec![0.0; HISTOGRAM_BINS];
            let valid: Vec<f64> = values
                .iter()
                .copied()
                .filter(|value| *value > 0.0)
                .collect();
            for value in &valid {
                let bin = ((value.log10() - log_low) / bin_width).floor() as usize;
                counts[bin.min(HISTOGRAM_BINS - 1)] += 1.0 / valid.len() as f64;
            }
            counts
        })
        .collect();
    let max_share = histograms
        .iter()
        .flatten()
        .copied()
        .fold(0.0, f64::max)
        .max(0.01);

    draw_svg_figure(stem, caption, FIGURE_SIZE, |root| {
        let mut chart = framed_chart(root, caption, 56)
            .build_cartesian_2d(
                (10f64.powf(log_low)..10f64.powf(log_high)).log_scale(),
                0.0..max_share * 1.1,
            )
            .map_err(draw_error(stem))?;
        draw_axes(
            &mut chart,
            (
                "L2 norm before normalisation (log scale)",
                "share of objects",
            ),
            stem,
        )?;
        for (index, ((encoder, _), counts)) in norms.iter().zip(&histograms).enumerate() {
            let color = PALETTE[index % PALETTE.len()];
            let mut outline = Vec::with_capacity(2 * HISTOGRAM_BINS + 2);
            outline.push((10f64.powf(log_low), 0.0));
            for (bin, share) in counts.iter().enumerate() {
                let left = 10f64.powf(log_low + bin as f64 * bin_width);
                let right = 10f64.powf(log_low + (bin + 1) as f64 * bin_width);
                outline.push((left, *share));
                outline.push((right, *share));
            }
            outline.push((10f64.powf(log_high), 0.0));
            chart
                .draw_series(AreaSeries::new(outline.clone(), 0.0, color.mix(0.25)))
                .map_err(draw_error(stem))?;
            chart
                .draw_series(LineSeries::new(outline, color.stroke_width(2)))
                .map_err(draw_error(stem))?
                .label(encoder.clone())
                .legend(line_legend(color.stroke_width(2)));
        }
        draw_legend(&mut chart, SeriesLabelPosition::UpperRight, stem)?;
        Ok(())
    })
}

trait RoundTo {
    fn floor_to(self, step: f64) -> f64;
    fn ceil_to(self, step: f64) -> f64;
}

impl RoundTo for f64 {
    fn floor_to(self, step: f64) -> f64 {
        (self / step).floor() * step
    }
    fn ceil_to(self, step: f64) -> f64 {
        (self / step).ceil() * step
    }
}

/// Draws one dot per pair, `x` against `y`, coloured by label (negatives
/// first so that positives stay visible on top).
pub fn draw_cosine_vs_raw_l2(
    stem: &str,
    caption: &str,
    axis_labels: (&str, &str),
    points: &[LabelledPoint],
) -> Result<Figure, FigureError> {
    let x_range = padded_range(points.iter().map(|point| point.x));
    let y_range = padded_range(points.iter().map(|point| point.y));
    draw_svg_figure(stem, caption, FIGURE_SIZE, |root| {
        let mut chart = framed_chart(root, caption, 64)
            .build_cartesian_2d(x_range, y_range)
            .map_err(draw_error(stem))?;
        draw_axes(&mut chart, axis_labels, stem)?;
        for (positive, color, label) in [
            (false, NEGATIVE_COLOR, "negative pair"),
            (true, POSITIVE_COLOR, "positive pair"),
        ] {
            chart
                .draw_series(
                    points
                        .iter()
                        .filter(|point| point.positive == positive)
                        .map(|point| Circle::new((point.x, point.y), 3, color.mix(0.6).filled())),
                )
                .map_err(draw_error(stem))?
                .label(label)
                .legend(move |(x, y)| Circle::new((x + 10, y), 4, color.filled()));
        }
        draw_legend(&mut chart, SeriesLabelPosition::UpperRight, stem)?;
        Ok(())
    })
}

/// Draws the calibration pitfall: score histograms of positives and
/// negatives weighted to `reference_base_rate` (left panel) and to
/// `shifted_base_rate` (right panel), with the same threshold line in both.
/// Bar heights are shares of all pairs at that base rate.
pub fn draw_pitfall(
    stem: &str,
    caption: &str,
    score_label: &str,
    positives: &[f64],
    negatives: &[f64],
    threshold: f64,
    (reference_base_rate, shifted_base_rate): (f64, f64),
) -> Result<Figure, FigureError> {
    let range = padded_range(
        positives
            .iter()
            .chain(negatives)
            .copied()
            .chain([threshold]),
    );
    let bin_width = (range.end - range.start) / HISTOGRAM_BINS as f64;
    let bin_of =
        |score: f64| (((score - range.start) / bin_width).floor() as usize).min(HISTOGRAM_BINS - 1);
    let weighted = |scores: &[f64], weight: f64| {
        let mut shares = vec![0.0; HISTOGRAM_BINS];
        for &score in scores {
            shares[bin_of(score)] += weight / scores.len().max(1) as f64;
        }
        shares
    };

    draw_svg_figure(stem, caption, (FIGURE_SIZE.0 * 2, FIGURE_SIZE.1), |root| {
        let root = root
            .titled(caption, ("sans-serif", 20))
            .map_err(draw_error(stem))?;
        let panels = root.split_evenly((1, 2));
        for (panel, (letter, base_rate)) in panels
            .iter()
            .zip([("A", reference_base_rate), ("B", shifted_base_rate)])
        {
            let positive_shares = weighted(positives, base_rate);
            let negative_shares = weighted(negatives, 1.0 - base_rate);
            let max_share = positive_shares
                .iter()
                .chain(&negative_shares)
                .copied()
                .fold(0.0, f64::max)
                .max(0.01);
            let title = format!(
                "{letter}: positives {} / negatives {}",
                format_percent(base_rate),
                format_percent(1.0 - base_rate)
            );
            let mut chart = ChartBuilder::on(panel)
                .caption(title, ("sans-serif", 16))
                .margin(14)
                .x_label_area_size(44)
                .y_label_area_size(56)
                .build_cartesian_2d(range.clone(), 0.0..max_share * 1.1)
                .map_err(draw_error(stem))?;
            draw_axes(&mut chart, (score_label, "share of pairs"), stem)?;
            // Bars shorter than half a pixel round to zero height, which SVG
            // renderers reject with a warning; they would be invisible anyway.
            let plot_height_px = f64::from(chart.plotting_area().dim_in_pixel().1.max(1));
            let min_visible_share = 0.5 * max_share * 1.1 / plot_height_px;
            for (shares, color, label) in [
                (&negative_shares, NEGATIVE_COLOR, "negative pairs"),
                (&positive_shares, POSITIVE_COLOR, "positive pairs"),
            ] {
                chart
                    .draw_series(
                        shares
                            .iter()
                            .enumerate()
                            .filter(|(_, share)| **share >= min_visible_share)
                            .map(|(bin, share)| {
                                let left = range.start + bin as f64 * bin_width;
                                Rectangle::new(
                                    [(left, 0.0), (left + bin_width, *share)],
                                    color.mix(0.55).filled(),
                                )
                            }),
                    )
                    .map_err(draw_error(stem))?
                    .label(label)
                    .legend(move |(x, y)| {
                        Rectangle::new([(x, y - 5), (x + 14, y + 5)], color.mix(0.55).filled())
                    });
            }
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(threshold, 0.0), (threshold, max_share * 1.1)],
                    LINE_COLOR.stroke_width(2),
                )))
                .map_err(draw_error(stem))?
                .label(format!("threshold {threshold:.4}"))
                .legend(line_legend(LINE_COLOR.stroke_width(2)));
            draw_legend(&mut chart, SeriesLabelPosition::UpperLeft, stem)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_histograms_name_encoders() {
        let norms = vec![
            ("encoder-a".to_owned(), vec![10.0, 11.0, 12.5, 9.8]),
            ("encoder-b".to_owned(), vec![2.0, 2.8, 6.4]),
        ];
        let figure = draw_norm_histograms("norms", "norms", &norms).unwrap();
        assert!(figure.svg.contains("encoder-a"));
        assert!(figure.svg.contains("encoder-b"));
        assert!(figure.svg.contains("log scale"));
    }

    #[test]
    fn norm_histograms_accept_empty_and_zero_norms() {
        let norms = vec![("empty".to_owned(), vec![]), ("zero".to_owned(), vec![0.0])];
        assert!(draw_norm_histograms("norms", "norms", &norms).is_ok());
    }

    #[test]
    fn scatter_draws_one_circle_per_pair() {
        let points = vec![
            LabelledPoint {
                x: 0.9,
                y: 1.0,
                positive: true,
            },
            LabelledPoint {
                x: 0.2,
                y: 5.0,
                positive: false,
            },
            LabelledPoint {
                x: 0.3,
                y: 4.0,
                positive: false,
            },
        ];
        let figure =
            draw_cosine_vs_raw_l2("scatter", "scatter", ("cosine", "raw L2"), &points).unwrap();
        // Three data circles plus two legend markers.
        assert_eq!(figure.svg.matches("<circle").count(), 5);
    }

    #[test]
    fn pitfall_has_both_panels_and_threshold() {
        let positives = vec![0.9, 0.95, 0.97];
        let negatives = vec![0.2, 0.5, 0.8, 0.91];
        let figure = draw_pitfall(
            "pitfall",
            "pitfall",
            "cosine",
            &positives,
            &negatives,
            0.9,
            (0.5, 0.05),
        )
        .unwrap();
        assert!(figure.svg.contains("A: positives 50% / negatives 50%"));
        assert!(figure.svg.contains("B: positives 5% / negatives 95%"));
        assert_eq!(figure.svg.matches("threshold 0.9000").count(), 2);
    }

    #[test]
    fn pitfall_skips_bars_below_one_pixel() {
        // At a 1% base rate, the one positive at 0.85 weighs 1e-5 of all
        // pairs: far below a pixel next to the negatives' bars.
        let mut positives = vec![0.95; 999];
        positives.push(0.85);
        let negatives: Vec<f64> = (0..1_000).map(|i| 0.10 + 0.0005 * f64::from(i)).collect();
        let figure = draw_pitfall(
            "pitfall",
            "pitfall",
            "cosine",
            &positives,
            &negatives,
            0.9,
            (0.5, 0.01),
        )
        .unwrap();
        assert!(
            !figure.svg.contains(r#"height="0""#),
            "zero-height bar drawn"
        );
        // The positives' bars stay in the 50% panel.
        assert!(figure.svg.matches("<rect").count() > 20);
    }
}
