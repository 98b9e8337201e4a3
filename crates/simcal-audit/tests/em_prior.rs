//! The EM prior estimate recovers a known prior from exactly calibrated
//! posteriors. Scores x are N(+1, 1) for positives and N(-1, 1) for
//! negatives, so the posterior calibrated at training prior pi_t is
//! 1 / (1 + exp(-2x) (1 - pi_t) / pi_t).

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};
use simcal_audit::{EmPriorOptions, estimate_prior_em};

fn calibrated_posteriors(
    true_prior: f64,
    training_prior: f64,
    count: usize,
    seed: u64,
) -> (Vec<f64>, f64) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let positive = Normal::new(1.0, 1.0).unwrap();
    let negative = Normal::new(-1.0, 1.0).unwrap();
    let mut positives = 0;
    let posteriors = (0..count)
        .map(|_| {
            let is_positive = rng.random_bool(true_prior);
            positives += usize::from(is_positive);
            let x: f64 = if is_positive {
                positive.sample(&mut rng)
            } else {
                negative.sample(&mut rng)
            };
            let odds = (2.0 * x).exp() * training_prior / (1.0 - training_prior);
            odds / (1.0 + odds)
        })
        .collect();
    (posteriors, positives as f64 / count as f64)
}

#[test]
fn em_recovers_known_priors() {
    for (true_prior, training_prior, seed) in
        [(0.05, 0.5, 1), (0.2, 0.5, 2), (0.5, 0.2, 3), (0.01, 0.3, 4)]
    {
        let (posteriors, realised_prior) =
            calibrated_posteriors(true_prior, training_prior, 50_000, seed);
        let estimate =
            estimate_prior_em(&posteriors, training_prior, &EmPriorOptions::default()).unwrap();
        println!(
            "true prior {true_prior}, realised {realised_prior:.4}, training prior {training_prior}: EM {:.4} after {} iterations",
            estimate.prior, estimate.iterations
        );
        assert!(estimate.converged);
        assert!(
            (estimate.prior - realised_prior).abs() < 0.01,
            "EM prior {} vs realised {realised_prior}",
            estimate.prior
        );
    }
}

#[test]
fn unadjusted_mean_posterior_is_biased_em_is_not() {
    let (posteriors, realised_prior) = calibrated_posteriors(0.05, 0.5, 50_000, 9);
    let mean_posterior = posteriors.iter().sum::<f64>() / posteriors.len() as f64;
    let estimate = estimate_prior_em(&posteriors, 0.5, &EmPriorOptions::default()).unwrap();
    assert!(
        (mean_posterior - realised_prior).abs() > 0.05,
        "mean posterior {mean_posterior}"
    );
    assert!(
        (estimate.prior - realised_prior).abs() < 0.01,
        "EM prior {}",
        estimate.prior
    );
}

#[test]
fn invalid_inputs_are_rejected() {
    let options = EmPriorOptions::default();
    assert!(estimate_prior_em(&[], 0.5, &options).is_err());
    assert!(estimate_prior_em(&[0.2, 0.7], 0.0, &options).is_err());
    assert!(estimate_prior_em(&[0.2, 0.7], 1.0, &options).is_err());
    let error = estimate_prior_em(&[0.2, 1.3], 0.5, &options)
        .unwrap_err()
        .to_string();
    assert!(error.contains("posterior 1 is 1.3"), "{error}");
    assert!(estimate_prior_em(&[0.2, f64::NAN], 0.5, &options).is_err());
}
