//! The library entry point `run_calibration`, as the Gherkin steps call it:
//! a descriptor-only plan (no rendering) whose scores are checked against
//! descriptors and cosines recomputed here from the meshes.

use simcal::config::CalibrationConfig;
use simcal::dataset::{CatalogSpec, Variant, generate_builtin, twin_seed};
use simcal::mesh::{Encoder, EncoderInput, PointNetProxy};
use simcal::pipeline::{RunOptions, run_calibration};
use simcal::sweep::Similarity;

fn descriptor_config(cache: &std::path::Path) -> CalibrationConfig {
    let mut config = CalibrationConfig::default();
    config.catalog = CatalogSpec::Builtin {
        seed: 0,
        per_class: 4,
        classes: Some(vec![
            "bed".to_owned(),
            "chair".to_owned(),
            "table".to_owned(),
        ]),
    };
    config.encoders = vec!["pointnet-proxy".to_owned()];
    config.optional_encoders.clear();
    config.pairs.negatives = 12;
    config.bootstrap_resamples = 20;
    config.hard_negatives_k = 3;
    config.cache = Some(cache.to_path_buf());
    config
}

fn quiet_options() -> RunOptions {
    RunOptions {
        show_progress: false,
        write_outputs: false,
        ..RunOptions::default()
    }
}

#[test]
fn descriptor_scores_match_recomputed_cosine() {
    let cache = tempfile::tempdir().expect("temp dir");
    let config = descriptor_config(cache.path());
    let twin = config.twin.clone();
    let twins_seed = config.seeds.twins;
    let plan = config.into_plan().expect("valid plan");
    let run = run_calibration(&plan, &quiet_options()).expect("run");

    assert_eq!(run.pairs.len(), 12 + 12);
    assert_eq!(run.pair_counts(), (12, 12));
    assert!(run.run_folder.is_none());
    let encoder = run.encoder("pointnet-proxy").expect("descriptor run");
    let cosine = encoder.similarity(Similarity::Cosine).expect("cosine");
    assert_eq!(cosine.scores.len(), run.pairs.len());

    let descriptor = PointNetProxy::default();
    assert_eq!(encoder.encoder_id, descriptor.id());
    let embed = |object_id: &str, variant: Variant| -> Vec<f32> {
        let entry = plan
            .entries
            .iter()
            .find(|entry| entry.object_id == object_id)
            .expect("entry");
        let simcal::dataset::ObjectSource::Builtin { seed, class, index } = entry.source.clone()
        else {
            panic!("builtin entry expected");
        };
        let mut mesh = generate_builtin(seed, class, index).expect("generate");
        if variant == Variant::Twin {
            mesh = twin
                .apply(&mesh, twin_seed(twins_seed, object_id))
                .expect("twin");
        }
        let input = EncoderInput {
            object_id,
            mesh: &mesh,
            views: &[],
        };
        descriptor.encode(&input).expect("descriptor")
    };
    for (pair, &score) in run.pairs.iter().zip(&cosine.scores) {
        let left = embed(&pair.a.object_id, pair.a.variant);
        let right = embed(&pair.b.object_id, pair.b.variant);
        let dot: f64 = left
            .iter()
            .zip(&right)
            .map(|(&a, &b)| f64::from(a) * f64::from(b))
            .sum();
        let norm = |v: &[f32]| {
            v.iter()
                .map(|&x| f64::from(x) * f64::from(x))
                .sum::<f64>()
                .sqrt()
        };
        let expected = dot / (norm(&left) * norm(&right));
        assert!(
            (score - expected).abs() < 1e-9,
            "{}: {score} against {expected}",
            pair.pair_id
        );
    }

    let choice = run
        .operating_point("pointnet-proxy", Similarity::Cosine, 0.5, 0.95)
        .expect("operating point at 50% and 0.95");
    assert_eq!(choice.base_rate.value(), 0.5);
    assert_eq!(encoder.hard_negatives.len(), 3);
    assert!(
        encoder
            .hard_negatives
            .windows(2)
            .all(|pair| pair[0].cosine >= pair[1].cosine)
    );
    assert_eq!(encoder.norms.len(), 24);
    assert!(run.provenance.adapter.is_none(), "nothing was rendered");
}

#[test]
fn second_run_reads_every_embedding_from_cache() {
    let cache = tempfile::tempdir().expect("temp dir");
    let plan = descriptor_config(cache.path())
        .into_plan()
        .expect("valid plan");
    let first = run_calibration(&plan, &quiet_options()).expect("first run");
    let second = run_calibration(&plan, &quiet_options()).expect("second run");

    assert_eq!(first.provenance.cache_hits["pointnet-proxy"], 0);
    assert_eq!(second.provenance.cache_hits["pointnet-proxy"], 24);
    let scores =
        |run: &simcal::pipeline::CalibrationRun| run.encoders[0].similarities[0].scores.clone();
    assert_eq!(scores(&first), scores(&second));
}

#[test]
fn run_inside_async_runtime_does_not_panic() {
    let cache = tempfile::tempdir().expect("temp dir");
    let plan = descriptor_config(cache.path())
        .into_plan()
        .expect("valid plan");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let run = runtime.block_on(async { run_calibration(&plan, &quiet_options()) });
    assert!(run.is_ok(), "{:?}", run.err());
}
