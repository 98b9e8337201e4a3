//! Score bands: the strata of an audit sample.

use serde::{Deserialize, Serialize};

use crate::error::{AuditError, Result};

/// Default band edges: bands [0, 0.7), [0.7, 0.9) and [0.9, 1.0].
pub const DEFAULT_BAND_EDGES: [f64; 4] = [0.0, 0.7, 0.9, 1.0];

/// Contiguous score bands given by strictly increasing edges
/// `e0 < e1 < ... < ek`. Band `i` is `[e_i, e_{i+1})`, except the last band,
/// which is closed `[e_{k-1}, e_k]` so that a score equal to the top edge
/// (a cosine of exactly 1.0) still has a band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Vec<f64>", into = "Vec<f64>")]
pub struct ScoreBands {
    edges: Vec<f64>,
}

impl ScoreBands {
    /// Builds bands from at least two finite, strictly increasing edges.
    pub fn new(edges: Vec<f64>) -> Result<Self> {
        let invalid = |reason: &str| AuditError::InvalidBandEdges {
            edges: edges.clone(),
            reason: reason.to_string(),
        };
        if edges.len() < 2 {
            return Err(invalid("give at least two edges, for example 0,0.7,0.9,1"));
        }
        if edges.iter().any(|edge| !edge.is_finite()) {
            return Err(invalid("every edge must be a finite number"));
        }
        if edges.windows(2).any(|pair| pair[0] >= pair[1]) {
            return Err(invalid("edges must be strictly increasing"));
        }
        Ok(Self { edges })
    }

    /// Number of bands (one less than the number of edges).
    pub fn len(&self) -> usize {
        self.edges.len() - 1
    }

    /// Always false: a valid set of bands has at least one band.
    pub fn is_empty(&self) -> bool {
        false
    }

    pub fn edges(&self) -> &[f64] {
        &self.edges
    }

    /// Lower edge (inclusive) of band `band`.
    pub fn lower(&self, band: usize) -> f64 {
        self.edges[band]
    }

    /// Upper edge of band `band`: exclusive, except for the last band.
    pub fn upper(&self, band: usize) -> f64 {
        self.edges[band + 1]
    }

    /// Returns the band containing `score`, or `None` when it lies outside
    /// every band or is not finite.
    pub fn band_of(&self, score: f64) -> Option<usize> {
        let last = self.len() - 1;
        if !(score >= self.edges[0] && score <= self.edges[last + 1]) {
            return None;
        }
        // The first edge above `score` ends its band; a score on the top
        // edge belongs to the closed last band.
        let above = self.edges.partition_point(|edge| *edge <= score);
        Some(above.saturating_sub(1).min(last))
    }

    /// Interval notation of band `band`, such as `[0.7,0.9)` or `[0.9,1]`.
    pub fn label(&self, band: usize) -> String {
        let closing = if band + 1 == self.len() { ']' } else { ')' };
        format!("[{},{}{closing}", self.lower(band), self.upper(band))
    }

    /// Finds the band whose [`label`](Self::label) is `label`, ignoring spaces.
    pub fn band_with_label(&self, label: &str) -> Option<usize> {
        let compact: String = label.chars().filter(|c| !c.is_whitespace()).collect();
        (0..self.len()).find(|&band| self.label(band) == compact)
    }

    /// All band labels, comma separated, for error messages.
    pub fn describe(&self) -> String {
        (0..self.len())
            .map(|band| self.label(band))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Default for ScoreBands {
    fn default() -> Self {
        Self {
            edges: DEFAULT_BAND_EDGES.to_vec(),
        }
    }
}

impl TryFrom<Vec<f64>> for ScoreBands {
    type Error = AuditError;

    fn try_from(edges: Vec<f64>) -> Result<Self> {
        Self::new(edges)
    }
}

impl From<ScoreBands> for Vec<f64> {
    fn from(bands: ScoreBands) -> Self {
        bands.edges
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_bands_close_only_the_last() {
        let bands = ScoreBands::default();
        assert_eq!(bands.band_of(0.0), Some(0));
        assert_eq!(bands.band_of(0.699_999), Some(0));
        assert_eq!(bands.band_of(0.7), Some(1));
        assert_eq!(bands.band_of(0.9), Some(2));
        assert_eq!(bands.band_of(1.0), Some(2));
        assert_eq!(bands.band_of(1.000_001), None);
        assert_eq!(bands.band_of(-0.01), None);
        assert_eq!(bands.band_of(f64::NAN), None);
        assert_eq!(bands.describe(), "[0,0.7), [0.7,0.9), [0.9,1]");
    }

    #[test]
    fn labels_round_trip() {
        let bands = ScoreBands::new(vec![-1.0, 0.5, 1.0]).unwrap();
        for band in 0..bands.len() {
            assert_eq!(bands.band_with_label(&bands.label(band)), Some(band));
        }
        assert_eq!(bands.band_with_label("[0.5, 1]"), Some(1));
        assert_eq!(bands.band_with_label("[0.5,1)"), None);
    }

    #[test]
    fn invalid_edges_are_rejected() {
        assert!(ScoreBands::new(vec![0.5]).is_err());
        assert!(ScoreBands::new(vec![0.0, 0.7, 0.7, 1.0]).is_err());
        assert!(ScoreBands::new(vec![0.0, 0.9, 0.7]).is_err());
        assert!(ScoreBands::new(vec![0.0, f64::INFINITY]).is_err());
    }
}
