//! Pair drawing and `pair-manifest.csv`.

use std::collections::HashSet;

use sha2::{Digest, Sha256};
use simcal_dataset::{
    CatalogEntry, ObjectSource, PairError, PairLabel, PerturbationChain, Variant, builtin_entries,
    draw_pairs, read_pair_manifest, write_pair_manifest, write_pair_manifest_to,
};

/// SHA-256 of the manifest for the seed-7 built-in catalog with 5 objects
/// per class, the default twin and pair seed 11.
const PINNED_MANIFEST_SHA256: &str =
    "e15855357616a291643b97b2e8c75d6c417dd6d16ed14e91c6c7dc0dbfe3108a";

fn entries(classes: &[(&str, usize)]) -> Vec<CatalogEntry> {
    classes
        .iter()
        .flat_map(|&(class, count)| {
            (0..count).map(move |index| CatalogEntry {
                object_id: format!("{class}_{index:04}"),
                class: class.to_string(),
                source: ObjectSource::File(format!("{class}/{index}.off").into()),
            })
        })
        .collect()
}

fn manifest_bytes(pairs: &[simcal_dataset::ObjectPair]) -> Vec<u8> {
    let mut bytes = Vec::new();
    write_pair_manifest_to(pairs, &mut bytes).unwrap();
    bytes
}

#[test]
fn pairs_positive_per_object_and_unique_negatives() {
    let catalog = entries(&[("chair", 6), ("table", 4), ("lamp", 3)]);
    let twin = PerturbationChain::default_twin();
    let pairs = draw_pairs(&catalog, &twin, None, 3).unwrap();
    assert_eq!(pairs.len(), 2 * catalog.len());

    let (positives, negatives): (Vec<_>, Vec<_>) =
        pairs.iter().partition(|pair| pair.label.is_positive());
    assert_eq!(positives.len(), catalog.len());
    for (pair, entry) in positives.iter().zip(&catalog) {
        assert_eq!(pair.a.object_id, entry.object_id);
        assert_eq!(pair.b.object_id, entry.object_id);
        assert_eq!(
            (pair.a.variant, pair.b.variant),
            (Variant::Original, Variant::Twin)
        );
        assert_eq!(pair.perturbation.as_ref(), Some(&twin));
    }

    let position = |id: &str| {
        catalog
            .iter()
            .position(|entry| entry.object_id == id)
            .unwrap()
    };
    let mut seen = HashSet::new();
    for pair in &negatives {
        assert_ne!(
            pair.a.class, pair.b.class,
            "{} is not cross-class",
            pair.pair_id
        );
        assert_eq!(
            (pair.a.variant, pair.b.variant),
            (Variant::Original, Variant::Original)
        );
        assert_eq!(pair.perturbation, None);
        assert!(
            seen.insert((pair.a.object_id.clone(), pair.b.object_id.clone())),
            "{} repeats",
            pair.pair_id
        );
        assert!(
            position(&pair.a.object_id) < position(&pair.b.object_id),
            "{} is not in catalog order",
            pair.pair_id
        );
    }
    let ids: HashSet<&str> = pairs.iter().map(|pair| pair.pair_id.as_str()).collect();
    assert_eq!(ids.len(), pairs.len());
    assert_eq!(pairs[0].pair_id, "pair_000000");
}

#[test]
fn pairs_same_seed_same_manifest() {
    let catalog = entries(&[("chair", 20), ("sofa", 20), ("bed", 20)]);
    let twin: PerturbationChain = "rotate(y,25)|decimate(0.5)".parse().unwrap();
    let first = draw_pairs(&catalog, &twin, Some(100), 42).unwrap();
    let second = draw_pairs(&catalog, &twin, Some(100), 42).unwrap();
    let other = draw_pairs(&catalog, &twin, Some(100), 43).unwrap();
    assert_eq!(manifest_bytes(&first), manifest_bytes(&second));
    assert_ne!(manifest_bytes(&first), manifest_bytes(&other));
}

#[test]
fn pairs_manifest_pinned() {
    let catalog = builtin_entries(7, 5);
    let pairs = draw_pairs(&catalog, &PerturbationChain::default_twin(), None, 11).unwrap();
    let actual = hex::encode(Sha256::digest(manifest_bytes(&pairs)));
    assert_eq!(
        actual, PINNED_MANIFEST_SHA256,
        "the pair manifest for a fixed catalog and seed changed, so pair draws are no longer \
         reproducible. If the change is intended, set PINNED_MANIFEST_SHA256 to {actual}."
    );
}

#[test]
fn pairs_manifest_round_trip() {
    let catalog = entries(&[("chair", 5), ("table", 5)]);
    let twin: PerturbationChain = "rotate(y,25)|crop(-y,0.2)|jitter(0.005)".parse().unwrap();
    let pairs = draw_pairs(&catalog, &twin, Some(7), 5).unwrap();
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("pair-manifest.csv");
    write_pair_manifest(&pairs, &path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.starts_with(
            "pair_id,label,a_id,a_class,a_variant,b_id,b_class,b_variant,perturbation\n"
        )
    );
    assert!(text.contains("pair_000000,1,chair_0000,chair,original,chair_0000,chair,twin,\"rotate(y,25)|crop(-y,0.2)|jitter(0.005)\"\n"));
    assert_eq!(read_pair_manifest(&path).unwrap(), pairs);
}

#[test]
fn pairs_dense_request_takes_every_negative() {
    let catalog = entries(&[("chair", 3), ("table", 2), ("lamp", 1)]);
    // 3*2 + 3*1 + 2*1 = 11 cross-class pairs exist.
    let pairs = draw_pairs(&catalog, &PerturbationChain::default_twin(), Some(11), 1).unwrap();
    let negatives: HashSet<(String, String)> = pairs
        .iter()
        .filter(|pair| pair.label == PairLabel::Negative)
        .map(|pair| (pair.a.object_id.clone(), pair.b.object_id.clone()))
        .collect();
    assert_eq!(negatives.len(), 11);
}

#[test]
fn pairs_impossible_requests() {
    let twin = PerturbationChain::default_twin();
    let error = draw_pairs(&entries(&[("chair", 4)]), &twin, None, 0).unwrap_err();
    assert_eq!(
        error,
        PairError::OneClass {
            class: "chair".into(),
            objects: 4
        }
    );
    assert!(
        error
            .to_string()
            .contains("all 4 objects are of class 'chair'")
    );

    let error = draw_pairs(&entries(&[("chair", 3), ("table", 2)]), &twin, Some(7), 0).unwrap_err();
    assert_eq!(
        error,
        PairError::TooManyNegatives {
            requested: 7,
            available: 6,
            objects: 5,
            classes: 2
        }
    );
    assert!(
        error
            .to_string()
            .contains("requested 7 negative pairs, but only 6"),
        "{error}"
    );

    assert_eq!(
        draw_pairs(&[], &twin, None, 0).unwrap_err(),
        PairError::NoObjects
    );
    let mut duplicated = entries(&[("chair", 2), ("table", 1)]);
    duplicated[1].object_id = "chair_0000".into();
    assert!(matches!(
        draw_pairs(&duplicated, &twin, None, 0).unwrap_err(),
        PairError::DuplicateObjectId { .. }
    ));
}

#[test]
fn pair_manifest_rejects_bad_rows() {
    let header = "pair_id,label,a_id,a_class,a_variant,b_id,b_class,b_variant,perturbation\n";
    let cases = [
        (
            "pair_0,maybe,a,chair,original,a,chair,twin,\"rotate(y,25)\"\n",
            ":2: invalid label 'maybe'",
        ),
        (
            "pair_0,1,a,chair,original,b,chair,twin,\"rotate(y,25)\"\n",
            "compares a with b",
        ),
        (
            "pair_0,1,a,chair,original,a,chair,original,\"rotate(y,25)\"\n",
            "expected original/twin",
        ),
        (
            "pair_0,1,a,chair,original,a,chair,twin,\n",
            "perturbation chain is empty",
        ),
        (
            "pair_0,0,a,chair,original,b,chair,original,\n",
            "negatives must cross classes",
        ),
        (
            "pair_0,0,a,chair,original,b,table,original,\"rotate(y,25)\"\n",
            "leave it empty",
        ),
        (
            "pair_0,0,a,chair,original,b,table,twin,\n",
            "expected original/original",
        ),
        (
            "pair_0,0,a,chair,original,b,table,original,\npair_0,0,c,chair,original,b,table,original,\n",
            ":3: pair id 'pair_0' was already used on line 2",
        ),
        (
            "pair_0,0,a,chair,original,b,table,original,\npair_1,0,b,table,original,a,chair,original,\n",
            "listed twice",
        ),
        (
            "pair_0,1,a,chair,original,a,chair,twin,decimate(3)\n",
            "decimate(3)",
        ),
    ];
    let folder = tempfile::tempdir().unwrap();
    for (rows, expected) in cases {
        let path = folder.path().join("pairs.csv");
        std::fs::write(&path, format!("{header}{rows}")).unwrap();
        let error = read_pair_manifest(&path).unwrap_err().to_string();
        assert!(
            error.contains(expected),
            "rows {rows:?}: '{error}' lacks '{expected}'"
        );
    }

    let path = folder.path().join("no-label.csv");
    std::fs::write(&path, "pair_id,a_id\n").unwrap();
    let error = read_pair_manifest(&path).unwrap_err().to_string();
    assert!(error.contains("missing column 'label'"), "{error}");
}
