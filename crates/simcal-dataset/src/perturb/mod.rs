//! Perturbations that turn an object into its near-duplicate twin:
//! composable, seeded and written as a readable chain such as
//! `rotate(y,25)|decimate(0.5)`.
//!
//! | step | text form | effect |
//! |---|---|---|
//! | rotate | `rotate(y,25)` | rotation by degrees about an axis through the vertex centroid |
//! | scale | `scale(1.2)`, `scale(1,2,1)` | scaling about the vertex centroid; factors > 0 |
//! | translate | `translate(0.1,0,0)` | offset in model units |
//! | jitter | `jitter(0.005)` | Gaussian noise on every vertex, sigma as a fraction of the bounding-box diagonal, in (0, 1] |
//! | decimate | `decimate(0.5)` | simplification to about this fraction of the triangles, in (0, 1] |
//! | crop | `crop(y,0.2)`, `crop(-y,0.2)` | removes the part beyond a plane at this fraction of the extent from the max (`y`) or min (`-y`) side, in (0, 1) |
//! | mirror | `mirror(x)` | reflection through the plane through the centroid, winding flipped so normals stay outward |
//!
//! Steps apply left to right. Per-vertex normals are dropped (renderers
//! recompute them from faces); colours are kept, interpolated where crop
//! cuts an edge.

mod apply;
mod crop;
mod decimate;
mod serde_impl;
mod text;

use std::fmt;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use sha2::{Digest, Sha256};
use simcal_mesh::Mesh;
use thiserror::Error;

/// Coordinate axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Axis {
    X,
    Y,
    Z,
}

impl Axis {
    pub fn index(self) -> usize {
        match self {
            Axis::X => 0,
            Axis::Y => 1,
            Axis::Z => 2,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Axis::X => "x",
            Axis::Y => "y",
            Axis::Z => "z",
        }
    }
}

/// End of an axis that a crop removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CropSide {
    /// Removes the part with the largest coordinates (`crop(y,…)`).
    Max,
    /// Removes the part with the smallest coordinates (`crop(-y,…)`).
    Min,
}

/// One perturbation step. Construct steps through [`PerturbationChain`],
/// which validates their parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Perturbation {
    Rotate {
        axis: Axis,
        degrees: f64,
    },
    Scale {
        factors: [f64; 3],
    },
    Translate {
        offset: [f64; 3],
    },
    /// Gaussian noise with `sigma` as a fraction of the bounding-box diagonal.
    Jitter {
        sigma: f64,
    },
    Decimate {
        ratio: f64,
    },
    Crop {
        axis: Axis,
        side: CropSide,
        fraction: f64,
    },
    Mirror {
        axis: Axis,
    },
}

/// Invalid perturbation text, parameters, or a step that cannot be applied.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum PerturbError {
    #[error("invalid perturbation step '{step}': {reason}")]
    Syntax { step: String, reason: String },
    #[error("invalid perturbation step {position} '{step}': {reason}")]
    InvalidParameter {
        /// 1-based position in the chain.
        position: usize,
        step: String,
        reason: String,
    },
    #[error("the perturbation chain is empty; give at least one step such as rotate(y,25)")]
    EmptyChain,
    #[error("perturbation step {position} '{step}' failed: {reason}")]
    Apply {
        position: usize,
        step: String,
        reason: String,
    },
}

impl Perturbation {
    /// Checks the parameter ranges listed in the module table; returns the
    /// reason when one is out of range.
    pub fn check(&self) -> Result<(), String> {
        let finite = |values: &[f64], what: &str| {
            if values.iter().all(|v| v.is_finite()) {
                Ok(())
            } else {
                Err(format!("{what} must be finite"))
            }
        };
        match *self {
            Perturbation::Rotate { degrees, .. } => finite(&[degrees], "degrees"),
            Perturbation::Scale { factors } => {
                finite(&factors, "scale factors")?;
                if factors.iter().all(|&f| f > 0.0) {
                    Ok(())
                } else {
                    Err("scale factors must be > 0; use mirror(AXIS) to flip".to_string())
                }
            }
            Perturbation::Translate { offset } => finite(&offset, "offsets"),
            Perturbation::Jitter { sigma } if sigma > 0.0 && sigma <= 1.0 => Ok(()),
            Perturbation::Jitter { sigma } => Err(format!(
                "sigma {sigma} is outside (0, 1]; it is a fraction of the bounding-box diagonal, such as 0.005"
            )),
            Perturbation::Decimate { ratio } if ratio > 0.0 && ratio <= 1.0 => Ok(()),
            Perturbation::Decimate { ratio } => Err(format!(
                "ratio {ratio} is outside (0, 1]; it is the fraction of triangles to keep, such as 0.5"
            )),
            Perturbation::Crop { fraction, .. } if fraction > 0.0 && fraction < 1.0 => Ok(()),
            Perturbation::Crop { fraction, .. } if fraction >= 1.0 => Err(format!(
                "fraction {fraction} would remove the whole object; use a fraction in (0, 1), such as 0.2"
            )),
            Perturbation::Crop { fraction, .. } => Err(format!(
                "fraction {fraction} is outside (0, 1); it is the share of the extent to remove, such as 0.2"
            )),
            Perturbation::Mirror { .. } => Ok(()),
        }
    }
}

/// A validated, non-empty sequence of perturbation steps.
#[derive(Debug, Clone, PartialEq)]
pub struct PerturbationChain {
    steps: Vec<Perturbation>,
}

impl PerturbationChain {
    /// Builds a chain after checking every step's parameters.
    pub fn new(steps: Vec<Perturbation>) -> Result<Self, PerturbError> {
        if steps.is_empty() {
            return Err(PerturbError::EmptyChain);
        }
        for (index, step) in steps.iter().enumerate() {
            step.check()
                .map_err(|reason| PerturbError::InvalidParameter {
                    position: index + 1,
                    step: step.to_string(),
                    reason,
                })?;
        }
        Ok(PerturbationChain { steps })
    }

    /// Returns the default twin chain: a 25 degree rotation about y.
    pub fn default_twin() -> Self {
        PerturbationChain {
            steps: vec![Perturbation::Rotate {
                axis: Axis::Y,
                degrees: 25.0,
            }],
        }
    }

    pub fn steps(&self) -> &[Perturbation] {
        &self.steps
    }

    /// Applies the steps in order. Step `i` draws its random numbers from
    /// ChaCha8 seeded with `seed` on stream `i`, so the result depends only
    /// on the mesh, the chain and the seed.
    pub fn apply(&self, mesh: &Mesh, seed: u64) -> Result<Mesh, PerturbError> {
        let mut current = mesh.clone();
        for (index, step) in self.steps.iter().enumerate() {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            rng.set_stream(index as u64);
            current = apply::apply_step(step, &current, &mut rng).map_err(|reason| {
                PerturbError::Apply {
                    position: index + 1,
                    step: step.to_string(),
                    reason,
                }
            })?;
        }
        Ok(current)
    }
}

impl Default for PerturbationChain {
    fn default() -> Self {
        Self::default_twin()
    }
}

impl fmt::Display for PerturbationChain {
    /// Writes the chain as `step|step|…`, which parses back to an equal chain.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, step) in self.steps.iter().enumerate() {
            if index > 0 {
                f.write_str("|")?;
            }
            write!(f, "{step}")?;
        }
        Ok(())
    }
}

/// Seed for the twin of `object_id` in a run seeded with `run_seed`: the
/// first 8 bytes (little-endian) of SHA-256 over the run seed's 8
/// little-endian bytes followed by the id's UTF-8 bytes. Independent of
/// catalog order, so adding an object leaves every other twin unchanged.
pub fn twin_seed(run_seed: u64, object_id: &str) -> u64 {
    let mut hasher = Sha256::new();
    hasher.update(run_seed.to_le_bytes());
    hasher.update(object_id.as_bytes());
    let digest = hasher.finalize();
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    u64::from_le_bytes(bytes)
}
