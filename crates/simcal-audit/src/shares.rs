//! Band shares of a score stream: how many stream items fall in each band,
//! and which items the audit drew. Estimation needs only these and the
//! labelled sheet, never the stream itself.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::bands::ScoreBands;
use crate::error::{AuditError, Result, io_error};

/// Value of the `format` field of a band shares file.
pub const BAND_SHARES_FORMAT: &str = "simcal-band-shares/1";

/// Stream counts per band plus the item ids drawn for the audit sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BandShares {
    pub format: String,
    /// Band edges; see [`ScoreBands`] for which ends are closed.
    pub band_edges: ScoreBands,
    /// Stream items per band, in band order.
    pub band_counts: Vec<u64>,
    /// Seed of the ChaCha8 generator that drew the sample.
    pub seed: u64,
    /// Items requested per band.
    pub per_band: usize,
    /// Every item id on the audit sheet as drawn; estimation rejects other ids.
    pub sampled_item_ids: Vec<String>,
}

impl BandShares {
    /// Builds shares, checking that there is one count per band and at least
    /// one stream item.
    pub fn new(
        band_edges: ScoreBands,
        band_counts: Vec<u64>,
        seed: u64,
        per_band: usize,
        sampled_item_ids: Vec<String>,
    ) -> Result<Self> {
        let shares = Self {
            format: BAND_SHARES_FORMAT.to_string(),
            band_edges,
            band_counts,
            seed,
            per_band,
            sampled_item_ids,
        };
        shares.validate("band shares")?;
        Ok(shares)
    }

    fn validate(&self, source_name: &str) -> Result<()> {
        let invalid = |reason: String| AuditError::InvalidShares {
            source_name: source_name.to_string(),
            reason,
        };
        if self.format != BAND_SHARES_FORMAT {
            return Err(invalid(format!(
                "format `{}` is not `{BAND_SHARES_FORMAT}`; write the file with `simcal audit sample`",
                self.format
            )));
        }
        if self.band_counts.len() != self.band_edges.len() {
            return Err(invalid(format!(
                "{} band counts for {} bands {}",
                self.band_counts.len(),
                self.band_edges.len(),
                self.band_edges.describe()
            )));
        }
        if self.total() == 0 {
            return Err(invalid(
                "every band count is 0; the stream had no items".to_string(),
            ));
        }
        Ok(())
    }

    /// Stream items over all bands.
    pub fn total(&self) -> u64 {
        self.band_counts.iter().sum()
    }

    /// Fraction of the stream in band `band` (W_h in the stratified estimator).
    pub fn share(&self, band: usize) -> f64 {
        self.band_counts[band] as f64 / self.total() as f64
    }
}

/// Path of the band shares file written next to an audit sheet:
/// `audit.csv` gives `audit.shares.json`.
pub fn default_shares_path(sheet_path: &Path) -> PathBuf {
    sheet_path.with_extension("shares.json")
}

pub fn write_band_shares(path: &Path, shares: &BandShares) -> Result<()> {
    let mut text =
        serde_json::to_string_pretty(shares).map_err(|error| AuditError::InvalidShares {
            source_name: path.display().to_string(),
            reason: error.to_string(),
        })?;
    text.push('\n');
    std::fs::write(path, text).map_err(|source| io_error(path, source))
}

/// Reads and validates a band shares file written by [`write_band_shares`].
pub fn read_band_shares(path: &Path) -> Result<BandShares> {
    let text = std::fs::read_to_string(path).map_err(|source| io_error(path, source))?;
    parse_band_shares(&text, &path.display().to_string())
}

pub fn parse_band_shares(text: &str, source_name: &str) -> Result<BandShares> {
    let shares: BandShares =
        serde_json::from_str(text).map_err(|error| AuditError::InvalidShares {
            source_name: source_name.to_string(),
            reason: error.to_string(),
        })?;
    shares.validate(source_name)?;
    Ok(shares)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_round_trip_through_json() {
        let shares = BandShares::new(
            ScoreBands::default(),
            vec![80, 15, 5],
            7,
            50,
            vec!["a".into()],
        )
        .unwrap();
        let text = serde_json::to_string(&shares).unwrap();
        assert_eq!(parse_band_shares(&text, "x").unwrap(), shares);
        assert!((shares.share(1) - 0.15).abs() < 1e-12);
    }

    #[test]
    fn count_per_band_is_checked() {
        let error =
            BandShares::new(ScoreBands::default(), vec![80, 15], 7, 50, vec![]).unwrap_err();
        assert!(
            error.to_string().contains("2 band counts for 3 bands"),
            "{error}"
        );
    }

    #[test]
    fn bad_edges_in_file_are_rejected() {
        let text = r#"{"format":"simcal-band-shares/1","band_edges":[0.0,0.9,0.7],"band_counts":[1,1],"seed":1,"per_band":5,"sampled_item_ids":[]}"#;
        let error = parse_band_shares(text, "s.json").unwrap_err().to_string();
        assert!(error.contains("strictly increasing"), "{error}");
    }

    #[test]
    fn shares_path_sits_next_to_sheet() {
        assert_eq!(
            default_shares_path(Path::new("w/audit.csv")),
            PathBuf::from("w/audit.shares.json")
        );
    }
}
