//! The built-in catalog: closed meshes in the triangle range, variety, and
//! bit-identical output for a seed.

mod common;

use common::{combined_hash, first_open_edge, signed_volume};
use simcal_dataset::{
    BuiltinClass, ObjectSource, builtin_entries, export_builtin, generate_builtin,
};
use simcal_mesh::{Mesh, load_mesh};

/// Combined hash of the seed-7 catalog with 2 objects per class. It changes
/// whenever the generator's output changes by a single bit.
const PINNED_SEED7_TWO_PER_CLASS: &str =
    "a59030ddd62827e9a099c65923bf211c2559bd39eee5952cb1a0f30ef6fcbbfc";

fn generate_all(seed: u64, per_class: usize) -> Vec<(String, Mesh)> {
    builtin_entries(seed, per_class)
        .into_iter()
        .map(|entry| {
            let ObjectSource::Builtin { seed, class, index } = entry.source else {
                panic!(
                    "built-in catalog listed a non-built-in source for {}",
                    entry.object_id
                );
            };
            let mesh = generate_builtin(seed, class, index)
                .unwrap_or_else(|error| panic!("{} failed to generate: {error}", entry.object_id));
            (entry.object_id, mesh)
        })
        .collect()
}

#[test]
fn builtin_objects_closed_and_in_range() {
    let objects = generate_all(3, 6);
    assert_eq!(objects.len(), 48);
    for (object_id, mesh) in &objects {
        assert_eq!(first_open_edge(mesh), None, "{object_id} is not closed");
        assert!(signed_volume(mesh) > 0.0, "{object_id} is wound inward");
        let triangles = mesh.triangle_count();
        assert!(
            (1_000..=20_000).contains(&triangles),
            "{object_id} has {triangles} triangles; expected 1,000 to 20,000"
        );
    }
}

#[test]
fn builtin_ids_and_classes() {
    let entries = builtin_entries(0, 3);
    let ids: Vec<&str> = entries
        .iter()
        .map(|entry| entry.object_id.as_str())
        .collect();
    assert_eq!(
        &ids[..4],
        [
            "airplane_0000",
            "airplane_0001",
            "airplane_0002",
            "chair_0000"
        ]
    );
    assert_eq!(entries.len(), 24);
    for class in BuiltinClass::ALL {
        let count = entries
            .iter()
            .filter(|entry| entry.class == class.name())
            .count();
        assert_eq!(count, 3, "class {class}");
    }
}

#[test]
fn builtin_same_seed_same_bytes() {
    let first = generate_all(11, 2);
    let second = generate_all(11, 2);
    let other_seed = generate_all(12, 2);
    assert_eq!(
        combined_hash(first.iter().map(|(_, mesh)| mesh)),
        combined_hash(second.iter().map(|(_, mesh)| mesh))
    );
    for ((id, a), (_, b)) in first.iter().zip(&other_seed) {
        assert_ne!(a.content_hash(), b.content_hash(), "{id} ignores the seed");
    }
}

#[test]
fn builtin_pinned_hash() {
    let objects = generate_all(7, 2);
    let actual = combined_hash(objects.iter().map(|(_, mesh)| mesh));
    assert_eq!(
        actual, PINNED_SEED7_TWO_PER_CLASS,
        "the built-in generator's output changed (seed 7, 2 per class). Every catalog, twin \
         and pinned threshold built on it changes too. If the change is intended, set \
         PINNED_SEED7_TWO_PER_CLASS to {actual} and re-pin the thresholds."
    );
}

#[test]
fn builtin_object_independent_of_count() {
    let small = generate_builtin(5, BuiltinClass::Sofa, 1).unwrap();
    let entries = builtin_entries(5, 40);
    let entry = entries
        .iter()
        .find(|entry| entry.object_id == "sofa_0001")
        .unwrap();
    let ObjectSource::Builtin { seed, class, index } = entry.source else {
        panic!("not a built-in source");
    };
    assert_eq!(generate_builtin(seed, class, index).unwrap(), small);
}

#[test]
fn builtin_classes_have_variety() {
    for class in BuiltinClass::ALL {
        let mut extents: Vec<[u32; 3]> = (0..8)
            .map(|index| {
                let extent = generate_builtin(1, class, index)
                    .unwrap()
                    .bounding_box()
                    .extent();
                // Compare at millimetre resolution.
                extent.map(|e| (e * 1000.0).round() as u32)
            })
            .collect();
        extents.sort();
        extents.dedup();
        assert_eq!(
            extents.len(),
            8,
            "{class}: objects share bounding boxes: {extents:?}"
        );
    }
}

#[test]
fn builtin_objects_stand_on_floor() {
    for (object_id, mesh) in generate_all(2, 2) {
        let bounds = mesh.bounding_box();
        if object_id.starts_with("airplane") {
            assert!(bounds.min[1] > 0.0, "{object_id} floats below the floor");
        } else {
            assert!(
                bounds.min[1].abs() < 1e-6,
                "{object_id} bottom is at y = {}, not 0",
                bounds.min[1]
            );
        }
    }
}

#[test]
fn export_reloads_bit_identical() {
    let out = tempfile::tempdir().unwrap();
    let exported = export_builtin(out.path(), 4, 1).unwrap();
    assert_eq!(exported.len(), 8);
    for object in &exported {
        let expected_path = out
            .path()
            .join(&object.class)
            .join("train")
            .join(format!("{}.off", object.object_id));
        assert_eq!(object.path, expected_path);
        let ObjectSource::Builtin { class, index, .. } = builtin_entries(4, 1)
            .into_iter()
            .find(|entry| entry.object_id == object.object_id)
            .unwrap()
            .source
        else {
            panic!("not a built-in source");
        };
        let generated = generate_builtin(4, class, index).unwrap();
        let reloaded = load_mesh(&object.path).unwrap().mesh;
        assert_eq!(
            reloaded.positions(),
            generated.positions(),
            "{}",
            object.object_id
        );
        assert_eq!(
            reloaded.triangles(),
            generated.triangles(),
            "{}",
            object.object_id
        );
        assert_eq!(object.triangle_count, generated.triangle_count());
    }

    let again = tempfile::tempdir().unwrap();
    export_builtin(again.path(), 4, 1).unwrap();
    for object in &exported {
        let relative = object.path.strip_prefix(out.path()).unwrap();
        assert_eq!(
            std::fs::read(&object.path).unwrap(),
            std::fs::read(again.path().join(relative)).unwrap(),
            "{} differs between exports",
            object.object_id
        );
    }
}
