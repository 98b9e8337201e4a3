//! Similarity functions between embedding vectors, and the direction in
//! which a score predicts a positive pair.

use std::fmt;
use std::str::FromStr;

/// Side of a threshold that predicts a positive pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScoreDirection {
    /// Higher means more alike: a pair is predicted positive when `score >= threshold`.
    Similarity,
    /// Lower means more alike: a pair is predicted positive when `score <= threshold`.
    Distance,
}

impl ScoreDirection {
    /// Whether `score` is predicted positive at `threshold`.
    pub fn predicts_positive(self, score: f64, threshold: f64) -> bool {
        match self {
            ScoreDirection::Similarity => score >= threshold,
            ScoreDirection::Distance => score <= threshold,
        }
    }

    /// Maps a score onto the axis where higher always predicts positive. The
    /// map is exact (a sign flip for distances) and its own inverse, and it
    /// turns `-0.0` into `0.0` so that both zeros form one threshold.
    pub(crate) fn orient(self, score: f64) -> f64 {
        let oriented = match self {
            ScoreDirection::Similarity => score,
            ScoreDirection::Distance => -score,
        };
        oriented + 0.0
    }

    /// The operator a pair's score must satisfy against the threshold.
    pub fn operator(self) -> &'static str {
        match self {
            ScoreDirection::Similarity => ">=",
            ScoreDirection::Distance => "<=",
        }
    }
}

impl fmt::Display for ScoreDirection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ScoreDirection::Similarity => "similarity",
            ScoreDirection::Distance => "distance",
        })
    }
}

impl FromStr for ScoreDirection {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "similarity" => Ok(ScoreDirection::Similarity),
            "distance" => Ok(ScoreDirection::Distance),
            other => Err(format!(
                "invalid score direction `{other}`: expected `similarity` (higher predicts positive) \
                 or `distance` (lower predicts positive)"
            )),
        }
    }
}

/// A way to score a pair of embedding vectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Similarity {
    /// Cosine similarity, in [-1, 1]; undefined for a zero vector.
    Cosine,
    /// Euclidean (L2) distance between the raw vectors.
    L2,
    /// Euclidean distance after scaling each vector to unit length, in [0, 2];
    /// undefined for a zero vector.
    L2Normalized,
}

/// Why a pair of vectors could not be scored.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SimilarityError {
    #[error(
        "vectors have different lengths ({left} and {right}); both must come from the same encoder"
    )]
    DimensionMismatch { left: usize, right: usize },

    #[error("vectors are empty; an embedding needs at least one component")]
    Empty,

    #[error(
        "the {side} vector is all zeros, so {similarity} is undefined for it; \
         check the encoder output for this item (a blank render often causes it)"
    )]
    ZeroVector {
        side: VectorSide,
        similarity: Similarity,
    },

    #[error("component {index} of the {side} vector is {value}; embeddings must be finite")]
    NonFiniteComponent {
        side: VectorSide,
        index: usize,
        value: f32,
    },
}

/// Which vector of a pair an error refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VectorSide {
    Left,
    Right,
}

impl fmt::Display for VectorSide {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            VectorSide::Left => "left",
            VectorSide::Right => "right",
        })
    }
}

impl Similarity {
    /// Every similarity function, in a fixed order.
    pub const ALL: [Similarity; 3] = [Similarity::Cosine, Similarity::L2, Similarity::L2Normalized];

    /// The direction in which this score predicts a positive pair.
    pub fn direction(self) -> ScoreDirection {
        match self {
            Similarity::Cosine => ScoreDirection::Similarity,
            Similarity::L2 | Similarity::L2Normalized => ScoreDirection::Distance,
        }
    }

    /// The name used in CSV files and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Similarity::Cosine => "cosine",
            Similarity::L2 => "l2",
            Similarity::L2Normalized => "l2_normalized",
        }
    }

    /// Scores one pair of vectors, computing in f64.
    ///
    /// Fails when the lengths differ, a component is not finite, or (for
    /// cosine and normalised L2) either vector is all zeros.
    pub fn score(self, left: &[f32], right: &[f32]) -> Result<f64, SimilarityError> {
        if left.len() != right.len() {
            return Err(SimilarityError::DimensionMismatch {
                left: left.len(),
                right: right.len(),
            });
        }
        if left.is_empty() {
            return Err(SimilarityError::Empty);
        }
        check_finite(left, VectorSide::Left)?;
        check_finite(right, VectorSide::Right)?;

        match self {
            Similarity::Cosine => {
                let (left_norm, right_norm) = self.norms(left, right)?;
                let dot: f64 = left
                    .iter()
                    .zip(right)
                    .map(|(&a, &b)| f64::from(a) * f64::from(b))
                    .sum();
                // Rounding can push the ratio a hair past ±1 for parallel vectors.
                Ok((dot / (left_norm * right_norm)).clamp(-1.0, 1.0))
            }
            Similarity::L2 => {
                let squared: f64 = left
                    .iter()
                    .zip(right)
                    .map(|(&a, &b)| (f64::from(a) - f64::from(b)).powi(2))
                    .sum();
                Ok(squared.sqrt())
            }
            Similarity::L2Normalized => {
                let (left_norm, right_norm) = self.norms(left, right)?;
                let squared: f64 = left
                    .iter()
                    .zip(right)
                    .map(|(&a, &b)| (f64::from(a) / left_norm - f64::from(b) / right_norm).powi(2))
                    .sum();
                Ok(squared.sqrt())
            }
        }
    }

    fn norms(self, left: &[f32], right: &[f32]) -> Result<(f64, f64), SimilarityError> {
        let left_norm = euclidean_norm(left);
        if left_norm == 0.0 {
            return Err(SimilarityError::ZeroVector {
                side: VectorSide::Left,
                similarity: self,
            });
        }
        let right_norm = euclidean_norm(right);
        if right_norm == 0.0 {
            return Err(SimilarityError::ZeroVector {
                side: VectorSide::Right,
                similarity: self,
            });
        }
        Ok((left_norm, right_norm))
    }
}

fn euclidean_norm(vector: &[f32]) -> f64 {
    vector
        .iter()
        .map(|&x| f64::from(x).powi(2))
        .sum::<f64>()
        .sqrt()
}

fn check_finite(vector: &[f32], side: VectorSide) -> Result<(), SimilarityError> {
    match vector.iter().position(|x| !x.is_finite()) {
        Some(index) => Err(SimilarityError::NonFiniteComponent {
            side,
            index,
            value: vector[index],
        }),
        None => Ok(()),
    }
}

impl fmt::Display for Similarity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Similarity {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let wanted = text.trim().to_ascii_lowercase();
        Similarity::ALL
            .into_iter()
            .find(|similarity| similarity.name() == wanted)
            .ok_or_else(|| {
                format!("unknown similarity `{text}`: expected one of cosine, l2, l2_normalized")
            })
    }
}
