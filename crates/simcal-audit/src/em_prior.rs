//! Prior (base rate) of a new stream by the EM procedure of Saerens,
//! Latinne and Decaestecker ("Adjusting the outputs of a classifier to new
//! a priori probabilities", Neural Computation 14(1), 2002).
//!
//! Given posteriors `p_i = P(positive | x_i)` that are calibrated on training
//! data with prior `pi_t`, iterate from `pi_0 = pi_t`:
//!
//! ```text
//! q_i      = (pi_s / pi_t) p_i / ((pi_s / pi_t) p_i + ((1 - pi_s) / (1 - pi_t)) (1 - p_i))
//! pi_{s+1} = mean_i q_i
//! ```
//!
//! until the prior moves by less than the tolerance. The result is only a
//! second opinion next to the audit estimate, and only trustworthy when
//! (a) the posteriors are calibrated probabilities (a raw cosine is not:
//! fit Platt or isotonic calibration on labelled pairs first), and (b) the
//! shift is a pure prior shift, so the score distribution within each class
//! is the same as in training. A new encoder, new asset sources or a
//! changed perturbation break (b), and the EM estimate then drifts while the
//! audit estimate does not.

use serde::{Deserialize, Serialize};

use crate::error::{AuditError, Result};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EmPriorOptions {
    /// Iteration limit (default 1000).
    pub max_iterations: usize,
    /// Stop when the prior moves by less than this between iterations
    /// (default 1e-9, in prior units).
    pub tolerance: f64,
}

impl Default for EmPriorOptions {
    fn default() -> Self {
        Self {
            max_iterations: 1000,
            tolerance: 1e-9,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EmPriorEstimate {
    /// Estimated positive prior of the scored items.
    pub prior: f64,
    pub training_prior: f64,
    pub iterations: usize,
    /// False when `max_iterations` ran out before the tolerance was met.
    pub converged: bool,
}

/// Estimates the positive prior of the items behind `posteriors`.
pub fn estimate_prior_em(
    posteriors: &[f64],
    training_prior: f64,
    options: &EmPriorOptions,
) -> Result<EmPriorEstimate> {
    if posteriors.is_empty() {
        return Err(AuditError::Empty {
            input: "list of posteriors".to_string(),
        });
    }
    if !(training_prior > 0.0 && training_prior < 1.0) {
        return Err(AuditError::InvalidTrainingPrior {
            value: training_prior,
        });
    }
    if let Some((index, &value)) = posteriors
        .iter()
        .enumerate()
        .find(|(_, value)| !(0.0..=1.0).contains(*value))
    {
        return Err(AuditError::InvalidPosterior { index, value });
    }
    if !(options.tolerance > 0.0 && options.max_iterations > 0) {
        return Err(AuditError::InvalidOption {
            name: "tolerance",
            value: format!(
                "{} with {} iterations",
                options.tolerance, options.max_iterations
            ),
            reason: "tolerance and iteration limit must be positive".to_string(),
        });
    }

    let count = posteriors.len() as f64;
    let mut prior = training_prior;
    for iteration in 1..=options.max_iterations {
        let positive_weight = prior / training_prior;
        let negative_weight = (1.0 - prior) / (1.0 - training_prior);
        let sum: f64 = posteriors
            .iter()
            .map(|&p| {
                let positive = positive_weight * p;
                let denominator = positive + negative_weight * (1.0 - p);
                if denominator > 0.0 {
                    positive / denominator
                } else {
                    0.0
                }
            })
            .sum();
        let next = sum / count;
        let change = (next - prior).abs();
        prior = next;
        if change < options.tolerance {
            tracing::debug!(prior, iteration, "EM prior estimate converged");
            return Ok(EmPriorEstimate {
                prior,
                training_prior,
                iterations: iteration,
                converged: true,
            });
        }
    }
    tracing::warn!(
        prior,
        max_iterations = options.max_iterations,
        "EM prior estimate did not converge"
    );
    Ok(EmPriorEstimate {
        prior,
        training_prior,
        iterations: options.max_iterations,
        converged: false,
    })
}
