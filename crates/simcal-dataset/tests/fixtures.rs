//! Catalogs on the real files under `fixtures/dataset`.

mod common;

use common::{first_open_edge, fixtures_dir, signed_volume};
use simcal_dataset::{
    CatalogSpec, PairLabel, PerturbationChain, draw_pairs, list_catalog, load_catalog,
};

fn spec(text: &str) -> CatalogSpec {
    text.parse()
        .unwrap_or_else(|error| panic!("{text}: {error}"))
}

#[test]
fn fixture_modelnet_first_per_class() {
    let root = fixtures_dir().join("mini-modelnet");
    let entries = list_catalog(&spec(&format!("modelnet:{}?per-class=2", root.display()))).unwrap();
    let ids: Vec<&str> = entries
        .iter()
        .map(|entry| entry.object_id.as_str())
        .collect();
    assert_eq!(
        ids,
        ["cube_0001", "cube_0002", "pyramid_0001", "pyramid_0002"]
    );

    let loaded = load_catalog(&entries, true).unwrap();
    let triangles: Vec<usize> = loaded
        .objects
        .iter()
        .map(|object| object.mesh.triangle_count())
        .collect();
    assert_eq!(triangles, [12, 12, 6, 6]);
    for object in &loaded.objects {
        assert_eq!(
            first_open_edge(&object.mesh),
            None,
            "{}",
            object.entry.object_id
        );
        assert!(
            signed_volume(&object.mesh) > 0.0,
            "{} is wound inward",
            object.entry.object_id
        );
    }
    assert!((signed_volume(&loaded.objects[1].mesh) - 8.0).abs() < 1e-9);
}

#[test]
fn fixture_modelnet_test_split() {
    let root = fixtures_dir().join("mini-modelnet");
    let entries = list_catalog(&spec(&format!("modelnet:{}?split=test", root.display()))).unwrap();
    let ids: Vec<&str> = entries
        .iter()
        .map(|entry| entry.object_id.as_str())
        .collect();
    assert_eq!(ids, ["cube_0101", "pyramid_0101"]);
}

#[test]
fn fixture_manifest_skips_broken_file() {
    let manifest = fixtures_dir().join("catalog.csv");
    let entries = list_catalog(&spec(&format!("manifest:{}", manifest.display()))).unwrap();
    assert_eq!(entries.len(), 4);

    let loaded = load_catalog(&entries, false).unwrap();
    let ids: Vec<&str> = loaded
        .objects
        .iter()
        .map(|object| object.entry.object_id.as_str())
        .collect();
    assert_eq!(ids, ["cube_a", "cube_b", "pyramid_a"]);
    assert_eq!(loaded.skipped.len(), 1);
    assert_eq!(loaded.skipped[0].object_id, "pyramid_broken");
    assert_eq!(loaded.skipped[0].class, "pyramid");
    assert!(
        loaded.skipped[0].source.ends_with("truncated.off"),
        "{}",
        loaded.skipped[0].source
    );
    assert!(
        loaded.skipped[0].reason.contains("truncated.off"),
        "{}",
        loaded.skipped[0].reason
    );

    let error = load_catalog(&entries, true).unwrap_err().to_string();
    assert!(
        error.contains("failed to load pyramid_broken (class pyramid)"),
        "{error}"
    );
}

#[test]
fn fixture_pairs_and_twins() {
    let root = fixtures_dir().join("mini-modelnet");
    let entries = list_catalog(&spec(&format!("modelnet:{}", root.display()))).unwrap();
    let loaded = load_catalog(&entries, true).unwrap();
    let twin: PerturbationChain = "rotate(y,25)|mirror(x)".parse().unwrap();
    for object in &loaded.objects {
        let mesh = twin.apply(&object.mesh, 0).unwrap();
        assert_eq!(first_open_edge(&mesh), None, "{}", object.entry.object_id);
        let volume_change = signed_volume(&mesh) / signed_volume(&object.mesh);
        assert!(
            (volume_change - 1.0).abs() < 1e-5,
            "{}: volume x{volume_change}",
            object.entry.object_id
        );
    }

    // 3 cubes x 2 pyramids = 6 cross-class pairs.
    let pairs = draw_pairs(&entries, &twin, Some(6), 1).unwrap();
    let negatives = pairs
        .iter()
        .filter(|pair| pair.label == PairLabel::Negative)
        .count();
    assert_eq!(negatives, 6);
    let error = draw_pairs(&entries, &twin, Some(7), 1)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("only 6 distinct cross-class pairs exist among 5 objects in 2 classes"),
        "{error}"
    );
}
