//! Calibrations on real ModelNet samples, as a manifest catalog and as a
//! generic folder catalog, through the real renderer and ONNX Runtime: each
//! completes and writes a report.
//!
//! The samples live in a folder next to the repository, which
//! `real_meshes_folder` names. The test fails with a message naming that
//! folder when it is absent.

mod calibrate_common;

use std::path::{Path, PathBuf};

use calibrate_common::{calibrate, read_csv};

fn real_meshes_folder() -> PathBuf {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/real-meshes");
    assert!(
        folder.is_dir(),
        "real ModelNet samples not found at {}; this test needs that folder of .off files next to the repository",
        folder.display()
    );
    folder
}

/// One real sample: an object id unique across source folders, its class
/// (the file name before the last `_`) and its path.
struct Sample {
    object_id: String,
    class: String,
    path: PathBuf,
}

/// Lists every `modelnet_*/<class>_<n>.off` file; ids get the source folder
/// as prefix because two folders may share a file name.
fn list_samples(samples: &Path) -> Vec<Sample> {
    let mut found = Vec::new();
    let mut folders: Vec<PathBuf> = std::fs::read_dir(samples)
        .expect("read samples folder")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.is_dir()
                && path
                    .file_name()
                    .is_some_and(|name| name.to_string_lossy().starts_with("modelnet_"))
        })
        .collect();
    folders.sort();
    for folder in folders {
        let source = folder
            .file_name()
            .expect("folder name")
            .to_string_lossy()
            .trim_start_matches("modelnet_")
            .to_owned();
        let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
            .expect("read sample folder")
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|extension| extension == "off"))
            .collect();
        files.sort();
        for file in files {
            let stem = file
                .file_stem()
                .expect("stem")
                .to_string_lossy()
                .to_string();
            let Some((class, _)) = stem.rsplit_once('_') else {
                continue;
            };
            found.push(Sample {
                object_id: format!("{source}-{stem}"),
                class: class.to_owned(),
                path: file,
            });
        }
    }
    found
}

/// Writes a manifest of every sample and returns the number of rows.
fn write_manifest(samples: &Path, manifest: &Path) -> usize {
    let rows: Vec<String> = list_samples(samples)
        .iter()
        .map(|sample| {
            format!(
                "{},{},{}",
                sample.object_id,
                sample.class,
                sample.path.display()
            )
        })
        .collect();
    let text = format!("object_id,class,path\n{}\n", rows.join("\n"));
    std::fs::write(manifest, text).expect("write manifest");
    rows.len()
}

/// Copies every sample into `root/<class>/<object id>.off`, the layout of a
/// generic folder catalog, and returns the number of files.
fn write_class_folders(samples: &Path, root: &Path) -> usize {
    let found = list_samples(samples);
    for sample in &found {
        let class_folder = root.join(&sample.class);
        std::fs::create_dir_all(&class_folder).expect("create class folder");
        std::fs::copy(
            &sample.path,
            class_folder.join(format!("{}.off", sample.object_id)),
        )
        .expect("copy sample");
    }
    found.len()
}

/// Runs a calibration with `catalog_yaml` as the `catalog:` block and checks
/// that every object loaded and the report was written.
fn calibrate_and_check(folder: &Path, catalog_yaml: &str, objects: usize, catalog_kind: &str) {
    let config = folder.join("real.yaml");
    std::fs::write(
        &config,
        format!(
            "catalog:\n{catalog_yaml}encoders: [efficientnet-lite0, pointnet-proxy]\noptional_encoders: []\n\
             pairs:\n  negatives: {objects}\nbootstrap_resamples: 50\nhard_negatives_k: 5\n"
        ),
    )
    .expect("write config");
    let run = folder.join("run");
    calibrate(&config, &run, &folder.join("cache"), &[]);

    let provenance: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(run.join("provenance.json")).expect("provenance"),
    )
    .expect("JSON");
    assert_eq!(provenance["skipped_objects"], 0, "every real sample loads");
    assert_eq!(provenance["objects"], objects);
    assert_eq!(provenance["positive_pairs"], objects);
    let (_, scores) = read_csv(&run.join("scores.csv"));
    assert_eq!(
        scores.len(),
        2 * objects * 2 * 3,
        "2 encoders x 3 similarities x (positives + negatives)"
    );
    let report = std::fs::read_to_string(run.join("report.md")).expect("report.md");
    assert!(
        report.contains(catalog_kind),
        "the report names the {catalog_kind} catalog"
    );
    assert!(report.contains("## Recommendation"));
    assert!(run.join("report.html").is_file());
    assert!(run.join("figures/hard-negatives.png").is_file());
}

#[test]
fn real_modelnet_samples_calibrate() {
    let samples = real_meshes_folder();
    let folder = tempfile::tempdir().expect("temp dir");
    let manifest = folder.path().join("manifest.csv");
    let objects = write_manifest(&samples, &manifest);
    assert!(
        objects >= 10,
        "expected at least 10 ModelNet samples, found {objects}"
    );

    let catalog = format!("  kind: manifest\n  path: {}\n", manifest.display());
    calibrate_and_check(folder.path(), &catalog, objects, "manifest:");
}

#[test]
fn real_samples_as_folder_catalog() {
    let samples = real_meshes_folder();
    let folder = tempfile::tempdir().expect("temp dir");
    let root = folder.path().join("catalog");
    let objects = write_class_folders(&samples, &root);
    assert!(
        objects >= 10,
        "expected at least 10 ModelNet samples, found {objects}"
    );

    let catalog = format!("  kind: folder\n  root: {}\n", root.display());
    calibrate_and_check(folder.path(), &catalog, objects, "folder:");
}
