//! Stratified audit sampling: a fixed number of items per score band, drawn
//! without replacement with a seeded ChaCha8 generator.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::bands::ScoreBands;
use crate::error::{AuditError, Result};
use crate::shares::BandShares;
use crate::sheet::AuditRow;
use crate::stream::ScoreStream;

/// Default number of items drawn per band.
pub const DEFAULT_PER_BAND: usize = 50;

/// How to draw an audit sample.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleOptions {
    pub bands: ScoreBands,
    /// Items to draw per band; a band with fewer items gives all of them.
    pub per_band: usize,
    /// Seed of the ChaCha8 generator; the same stream and seed give the same sheet.
    pub seed: u64,
}

impl Default for SampleOptions {
    fn default() -> Self {
        Self {
            bands: ScoreBands::default(),
            per_band: DEFAULT_PER_BAND,
            seed: 0,
        }
    }
}

/// A band that held fewer stream items than requested, so all were taken.
#[derive(Debug, Clone, PartialEq)]
pub struct ShortBand {
    pub band: String,
    pub available: u64,
    pub requested: usize,
}

/// An unlabelled audit sheet and the stream's band shares.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditSample {
    /// Sheet rows in band order, then stream order; every label is `None`.
    pub rows: Vec<AuditRow>,
    pub shares: BandShares,
    pub short_bands: Vec<ShortBand>,
}

/// Draws `per_band` items from each band of `stream` (all of a band's items
/// when it has fewer, listed in `short_bands` and logged as a warning).
/// A score outside every band is an error naming its row and value.
pub fn draw_audit_sample(stream: &ScoreStream, options: &SampleOptions) -> Result<AuditSample> {
    if stream.is_empty() {
        return Err(AuditError::Empty {
            input: "score stream".to_string(),
        });
    }
    if options.per_band == 0 {
        return Err(AuditError::InvalidOption {
            name: "per_band",
            value: "0".to_string(),
            reason: "draw at least one item per band".to_string(),
        });
    }

    let bands = &options.bands;
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); bands.len()];
    for (index, item) in stream.items().iter().enumerate() {
        let band = bands
            .band_of(item.score)
            .ok_or_else(|| AuditError::ScoreOutsideBands {
                at: stream.location(index),
                item_id: item.item_id.clone(),
                score: item.score,
                bands: bands.describe(),
            })?;
        members[band].push(index);
    }

    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let mut rows = Vec::new();
    let mut short_bands = Vec::new();
    for (band, band_members) in members.iter().enumerate() {
        let chosen: Vec<usize> = if band_members.len() <= options.per_band {
            if band_members.len() < options.per_band {
                tracing::warn!(
                    band = %bands.label(band),
                    available = band_members.len(),
                    requested = options.per_band,
                    "band has fewer stream items than requested; auditing all of them"
                );
                short_bands.push(ShortBand {
                    band: bands.label(band),
                    available: band_members.len() as u64,
                    requested: options.per_band,
                });
            }
            band_members.clone()
        } else {
            let mut picks =
                rand::seq::index::sample(&mut rng, band_members.len(), options.per_band).into_vec();
            picks.sort_unstable();
            picks.into_iter().map(|pick| band_members[pick]).collect()
        };
        tracing::debug!(band = %bands.label(band), stream_items = band_members.len(), drawn = chosen.len(), "drew band");

        for index in chosen {
            let item = &stream.items()[index];
            rows.push(AuditRow {
                item_id: item.item_id.clone(),
                score: item.score,
                band,
                label: None,
            });
        }
    }

    let band_counts = members
        .iter()
        .map(|band_members| band_members.len() as u64)
        .collect();
    let sampled_item_ids = rows.iter().map(|row| row.item_id.clone()).collect();
    let shares = BandShares::new(
        bands.clone(),
        band_counts,
        options.seed,
        options.per_band,
        sampled_item_ids,
    )?;
    Ok(AuditSample {
        rows,
        shares,
        short_bands,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stream::StreamItem;

    fn stream(scores: &[f64]) -> ScoreStream {
        let items = scores
            .iter()
            .enumerate()
            .map(|(index, &score)| StreamItem {
                item_id: format!("item-{index}"),
                score,
                timestamp: None,
            })
            .collect();
        ScoreStream::new(items).unwrap()
    }

    #[test]
    fn draws_per_band_and_counts_shares() {
        let scores: Vec<f64> = (0..1000).map(|i| i as f64 / 999.0).collect();
        let options = SampleOptions {
            per_band: 20,
            seed: 3,
            ..SampleOptions::default()
        };
        let sample = draw_audit_sample(&stream(&scores), &options).unwrap();

        assert_eq!(sample.shares.band_counts, vec![700, 200, 100]);
        assert_eq!(sample.rows.len(), 60);
        for band in 0..3 {
            assert_eq!(
                sample.rows.iter().filter(|row| row.band == band).count(),
                20
            );
        }
        for row in &sample.rows {
            assert_eq!(options.bands.band_of(row.score), Some(row.band));
        }
        assert!(sample.short_bands.is_empty());
    }

    #[test]
    fn same_seed_same_sheet_other_seed_differs() {
        let scores: Vec<f64> = (0..500).map(|i| i as f64 / 499.0).collect();
        let stream = stream(&scores);
        let draw = |seed| {
            let options = SampleOptions {
                per_band: 10,
                seed,
                ..SampleOptions::default()
            };
            draw_audit_sample(&stream, &options).unwrap().rows
        };
        assert_eq!(draw(11), draw(11));
        assert_ne!(draw(11), draw(12));
    }

    #[test]
    fn short_band_takes_everything_and_reports_it() {
        let sample = draw_audit_sample(
            &stream(&[0.1, 0.2, 0.3, 0.75, 0.95]),
            &SampleOptions::default(),
        )
        .unwrap();
        assert_eq!(sample.rows.len(), 5);
        assert_eq!(sample.short_bands.len(), 3);
        assert_eq!(sample.short_bands[1].available, 1);
        assert_eq!(sample.short_bands[1].band, "[0.7,0.9)");
    }

    #[test]
    fn score_outside_bands_names_row_and_value() {
        let error = draw_audit_sample(&stream(&[0.1, 1.2]), &SampleOptions::default())
            .unwrap_err()
            .to_string();
        assert!(error.starts_with("row 2"), "{error}");
        assert!(error.contains("1.2"), "{error}");
    }
}
