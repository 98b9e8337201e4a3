//! Catalog specs, folder and manifest listings, loading and their errors.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::write_tetrahedron_off;
use simcal_dataset::{
    CatalogError, CatalogSpec, ObjectSource, SpecError, list_catalog, load_catalog,
};

fn spec(text: &str) -> CatalogSpec {
    text.parse()
        .unwrap_or_else(|error| panic!("{text}: {error}"))
}

fn ids(spec: &CatalogSpec) -> Vec<String> {
    list_catalog(spec)
        .unwrap()
        .into_iter()
        .map(|entry| entry.object_id)
        .collect()
}

fn touch(path: &Path) {
    write_tetrahedron_off(path, 1.0);
}

#[test]
fn spec_text_forms() {
    assert_eq!(spec("builtin"), CatalogSpec::default());
    let expected = CatalogSpec::Builtin {
        seed: 7,
        per_class: 80,
        classes: None,
    };
    assert_eq!(spec("builtin?seed=7&per-class=80"), expected);
    assert_eq!(spec("builtin:seed=7,per-class=80"), expected);
    assert_eq!(
        spec("builtin:seed=7,classes=chair,sofa,per_class=3"),
        CatalogSpec::Builtin {
            seed: 7,
            per_class: 3,
            classes: Some(vec!["chair".into(), "sofa".into()]),
        }
    );
    assert_eq!(
        spec("modelnet:/data/ModelNet40?split=test&classes=chair,table&per-class=80"),
        CatalogSpec::ModelNet {
            root: "/data/ModelNet40".into(),
            split: "test".into(),
            classes: Some(vec!["chair".into(), "table".into()]),
            per_class: Some(80),
        }
    );
    assert_eq!(
        spec("modelnet:data"),
        CatalogSpec::ModelNet {
            root: "data".into(),
            split: "train".into(),
            classes: None,
            per_class: None,
        }
    );
    assert_eq!(
        spec("folder:meshes?per-class=2"),
        CatalogSpec::Folder {
            root: "meshes".into(),
            classes: None,
            per_class: Some(2),
        }
    );
    assert_eq!(
        spec("manifest:catalog.csv"),
        CatalogSpec::Manifest {
            path: "catalog.csv".into()
        }
    );
}

#[test]
fn spec_display_round_trip() {
    for text in [
        "builtin?seed=7&per-class=80",
        "builtin?seed=0&per-class=3&classes=chair,lamp",
        "modelnet:/data/ModelNet40?split=test&classes=chair,table&per-class=80",
        "folder:meshes?classes=a",
        "manifest:catalog.csv",
    ] {
        assert_eq!(spec(text).to_string(), text);
        assert_eq!(spec(&spec(text).to_string()), spec(text));
    }
}

#[test]
fn spec_text_errors() {
    let cases = [
        ("shapenet:/data", "unknown catalog kind 'shapenet'"),
        ("modelnet", "needs a path after 'modelnet:'"),
        ("folder:?classes=a", "needs a path"),
        ("modelnet:/d?splt=test", "unknown option 'splt'"),
        (
            "builtin?per-class=0",
            "per-class must be between 1 and 9999, got 0",
        ),
        (
            "builtin?per-class=ten",
            "invalid value 'ten' for 'per-class'",
        ),
        (
            "builtin?seed",
            "option 'seed' in catalog spec 'builtin?seed' has no value",
        ),
        (
            "builtin?classes=chair,boat",
            "unknown built-in class 'boat'",
        ),
        (
            "modelnet:/d?classes=chair,chair",
            "class 'chair' is listed twice",
        ),
        ("manifest:a.csv?split=train", "manifest accepts no options"),
    ];
    for (text, expected) in cases {
        let error = text.parse::<CatalogSpec>().unwrap_err().to_string();
        assert!(
            error.contains(expected),
            "{text}: '{error}' lacks '{expected}'"
        );
    }
}

#[test]
fn spec_yaml_forms() {
    let modelnet: CatalogSpec = serde_yaml_ng::from_str(
        "kind: modelnet\nroot: data/ModelNet40\nclasses: [chair, table]\nper_class: 80\n",
    )
    .unwrap();
    assert_eq!(
        modelnet,
        spec("modelnet:data/ModelNet40?split=train&classes=chair,table&per-class=80")
    );
    let builtin: CatalogSpec = serde_yaml_ng::from_str("kind: builtin\nseed: 7\n").unwrap();
    assert_eq!(builtin, spec("builtin?seed=7"));
    let manifest: CatalogSpec =
        serde_yaml_ng::from_str("kind: manifest\npath: catalog.csv\n").unwrap();
    assert_eq!(
        manifest.resolve_relative_to(Path::new("/configs")),
        spec("manifest:/configs/catalog.csv")
    );
    assert_eq!(
        spec("manifest:/abs/catalog.csv").resolve_relative_to(Path::new("/configs")),
        spec("manifest:/abs/catalog.csv")
    );

    let yaml = serde_yaml_ng::to_string(&modelnet).unwrap();
    assert_eq!(
        serde_yaml_ng::from_str::<CatalogSpec>(&yaml).unwrap(),
        modelnet
    );

    let error = serde_yaml_ng::from_str::<CatalogSpec>("kind: folder\nroot: a\nper_clas: 3\n")
        .unwrap_err()
        .to_string();
    assert!(error.contains("per_clas"), "{error}");
}

#[test]
fn builtin_spec_filters_classes() {
    let listed = list_catalog(&spec("builtin?per-class=2&classes=sofa,bed")).unwrap();
    let classes: Vec<&str> = listed.iter().map(|entry| entry.class.as_str()).collect();
    assert_eq!(classes, ["bed", "bed", "sofa", "sofa"]);
}

#[test]
fn modelnet_first_n_alphabetical() {
    let root = tempfile::tempdir().unwrap();
    // Created out of order; listing must sort by name.
    for name in ["chair_0010", "chair_0002", "chair_0003", "chair_0001"] {
        touch(&root.path().join("chair/train").join(format!("{name}.off")));
    }
    for name in ["table_0200", "table_0100"] {
        touch(&root.path().join("table/train").join(format!("{name}.off")));
    }
    touch(&root.path().join("chair/test/chair_0900.off"));
    fs::write(root.path().join("chair/train/notes.txt"), "not a mesh").unwrap();
    fs::write(root.path().join("chair/train/chair_0000.obj"), "v 0 0 0").unwrap();

    let root_text = root.path().display();
    assert_eq!(
        ids(&spec(&format!("modelnet:{root_text}?per-class=2"))),
        ["chair_0001", "chair_0002", "table_0100", "table_0200"]
    );
    assert_eq!(
        ids(&spec(&format!(
            "modelnet:{root_text}?classes=table,chair&per-class=3"
        ))),
        [
            "table_0100",
            "table_0200",
            "chair_0001",
            "chair_0002",
            "chair_0003"
        ]
    );
    assert_eq!(
        ids(&spec(&format!(
            "modelnet:{root_text}?split=test&classes=chair"
        ))),
        ["chair_0900"]
    );
    let listed = list_catalog(&spec(&format!(
        "modelnet:{root_text}?classes=chair&per-class=1"
    )))
    .unwrap();
    assert_eq!(listed[0].class, "chair");
    assert_eq!(
        listed[0].source,
        ObjectSource::File(root.path().join("chair/train/chair_0001.off"))
    );
}

#[test]
fn folder_catalog_lists_all_formats() {
    let root = tempfile::tempdir().unwrap();
    for name in ["b.OFF", "a.obj", "c.ply", "d.stl", "e.txt"] {
        let path = root.path().join("thing").join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, "").unwrap();
    }
    assert_eq!(
        ids(&spec(&format!("folder:{}", root.path().display()))),
        ["a", "b", "c", "d"]
    );
}

#[test]
fn folder_catalog_errors() {
    let root = tempfile::tempdir().unwrap();
    let root_text = root.path().display().to_string();
    let missing = format!("modelnet:{root_text}/absent");
    let error = list_catalog(&spec(&missing)).unwrap_err();
    assert!(
        matches!(error, CatalogError::RootNotFound { .. }),
        "{error}"
    );

    let error = list_catalog(&spec(&format!("modelnet:{root_text}"))).unwrap_err();
    assert!(matches!(error, CatalogError::NoClasses { .. }), "{error}");

    touch(&root.path().join("chair/train/chair_0001.off"));
    fs::create_dir_all(root.path().join("sofa/train")).unwrap();
    fs::create_dir_all(root.path().join("bed")).unwrap();

    let error = list_catalog(&spec(&format!("modelnet:{root_text}?classes=chiar"))).unwrap_err();
    assert!(
        error.to_string().contains("class 'chiar' not found")
            && error.to_string().contains("bed, chair, sofa"),
        "{error}"
    );
    let error = list_catalog(&spec(&format!("modelnet:{root_text}?classes=sofa"))).unwrap_err();
    assert!(matches!(error, CatalogError::EmptyClass { .. }), "{error}");
    assert!(
        error.to_string().contains("class 'sofa' has no mesh files"),
        "{error}"
    );
    let error = list_catalog(&spec(&format!("modelnet:{root_text}?classes=bed"))).unwrap_err();
    assert!(
        matches!(error, CatalogError::SplitNotFound { .. }),
        "{error}"
    );

    // Same file stem under two classes of a generic folder.
    touch(&root.path().join("bed/chair_0001.off"));
    touch(&root.path().join("chair/chair_0001.off"));
    touch(&root.path().join("sofa/x.off"));
    let error = list_catalog(&spec(&format!("folder:{root_text}"))).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("object id 'chair_0001' is used twice"),
        "{error}"
    );
}

#[test]
fn manifest_catalog_resolves_relative_paths() {
    let folder = tempfile::tempdir().unwrap();
    let manifest = folder.path().join("catalog.csv");
    fs::write(
        &manifest,
        "object_id,class,path,notes\nm1,chair,meshes/m1.off,x\nm2, table ,/abs/m2.obj,\n",
    )
    .unwrap();
    let listed = list_catalog(&spec(&format!("manifest:{}", manifest.display()))).unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(
        listed[0].source,
        ObjectSource::File(folder.path().join("meshes/m1.off"))
    );
    assert_eq!(listed[1].class, "table");
    assert_eq!(
        listed[1].source,
        ObjectSource::File(PathBuf::from("/abs/m2.obj"))
    );
}

#[test]
fn manifest_catalog_errors() {
    let folder = tempfile::tempdir().unwrap();
    let cases = [
        ("object_id,path\nm1,a.off\n", "missing column 'class'"),
        ("object_id,class,path\nm1,,a.off\n", ":2: empty class"),
        (
            "object_id,class,path\nm1,chair,a.off\nm1,table,b.off\n",
            "catalog.csv:2 and by",
        ),
        ("object_id,class,path\n", "lists no objects"),
    ];
    for (text, expected) in cases {
        let manifest = folder.path().join("catalog.csv");
        fs::write(&manifest, text).unwrap();
        let error = list_catalog(&spec(&format!("manifest:{}", manifest.display())))
            .unwrap_err()
            .to_string();
        assert!(
            error.contains(expected),
            "{text:?}: '{error}' lacks '{expected}'"
        );
    }
    let error = list_catalog(&spec("manifest:/nonexistent/catalog.csv"))
        .unwrap_err()
        .to_string();
    assert!(error.contains("/nonexistent/catalog.csv"), "{error}");
}

#[test]
fn builtin_catalog_loads() {
    let entries = list_catalog(&spec("builtin?per-class=1&classes=chair,lamp")).unwrap();
    let loaded = load_catalog(&entries, true).unwrap();
    assert_eq!(loaded.objects.len(), 2);
    assert!(loaded.skipped.is_empty());
    assert_eq!(loaded.objects[0].entry.object_id, "chair_0000");
}

#[test]
fn folder_catalog_skips_broken_files() {
    let root = tempfile::tempdir().unwrap();
    write_tetrahedron_off(&root.path().join("chair/train/chair_0001.off"), 1.0);
    write_tetrahedron_off(&root.path().join("chair/train/chair_0002.off"), 2.0);
    fs::write(
        root.path().join("chair/train/chair_0003.off"),
        "OFF\n3 1 0\n0 0 0\n",
    )
    .unwrap();
    write_tetrahedron_off(&root.path().join("table/train/table_0001.off"), 1.5);

    let entries = list_catalog(&spec(&format!("modelnet:{}", root.path().display()))).unwrap();
    assert_eq!(entries.len(), 4);
    let loaded = load_catalog(&entries, false).unwrap();
    let loaded_ids: Vec<&str> = loaded
        .objects
        .iter()
        .map(|o| o.entry.object_id.as_str())
        .collect();
    assert_eq!(loaded_ids, ["chair_0001", "chair_0002", "table_0001"]);
    assert_eq!(loaded.objects[1].mesh.triangle_count(), 4);
    assert_eq!(loaded.objects[1].mesh.bounding_box().max, [2.0, 2.0, 2.0]);
    assert_eq!(loaded.skipped.len(), 1);
    assert_eq!(loaded.skipped[0].object_id, "chair_0003");
    assert!(
        loaded.skipped[0].reason.contains("chair_0003.off"),
        "{}",
        loaded.skipped[0].reason
    );

    let error = load_catalog(&entries, true).unwrap_err().to_string();
    assert!(error.contains("failed to load chair_0003"), "{error}");
}

#[test]
fn spec_error_type_is_exposed() {
    assert!(matches!(
        "builtin?per-class=0".parse::<CatalogSpec>(),
        Err(SpecError::PerClassOutOfRange { value: 0, .. })
    ));
}
