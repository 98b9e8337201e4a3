//! `simcal init` and config errors through the real binary: a typo is
//! rejected with the nearest valid key before any work starts.

mod calibrate_common;

use calibrate_common::{run_ok, simcal};

#[test]
fn init_writes_config_that_calibrate_accepts() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("simcal.yaml");
    run_ok(simcal().arg("init").arg(&path));
    let text = std::fs::read_to_string(&path).expect("config written");
    assert!(text.contains("per_class: 80"));
    assert!(text.contains("twin: rotate(y,25)"));

    let parsed = simcal::config::CalibrationConfig::from_yaml_file(&path).expect("parses");
    assert_eq!(parsed, simcal::config::CalibrationConfig::default());

    let again = simcal().arg("init").arg(&path).output().expect("runs");
    assert!(
        !again.status.success(),
        "init must not overwrite without --force"
    );
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
}

#[test]
fn typo_in_config_names_nearest_key() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("typo.yaml");
    std::fs::write(&path, "pairs:\n  negatives: 10\nbootstrap_resample: 5\n").expect("write");
    let output = simcal()
        .arg("calibrate")
        .arg("--config")
        .arg(&path)
        .arg("--output")
        .arg(folder.path().join("run"))
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("line 3"), "{stderr}");
    assert!(
        stderr.contains("did you mean `bootstrap_resamples`"),
        "{stderr}"
    );
    assert!(
        !folder.path().join("run").exists(),
        "no work starts on an invalid config"
    );
}

#[test]
fn missing_catalog_folder_is_named() {
    let folder = tempfile::tempdir().expect("temp dir");
    let path = folder.path().join("missing.yaml");
    std::fs::write(&path, "catalog:\n  kind: folder\n  root: /no/such/meshes\n").expect("write");
    let output = simcal()
        .arg("calibrate")
        .arg("--config")
        .arg(&path)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("/no/such/meshes"), "{stderr}");
}

#[test]
fn missing_model_file_names_fix() {
    // SIMCAL_HOME points at an empty folder, so the preset's model is absent.
    let folder = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        folder.path().join("config.yaml"),
        "encoders: [clip-vit-b32]\n",
    )
    .expect("write");
    let output = simcal()
        .arg("calibrate")
        .arg("--config")
        .arg(folder.path().join("config.yaml"))
        .env("SIMCAL_HOME", folder.path())
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("clip-vit-b32"), "{stderr}");
    assert!(stderr.contains("not found"), "{stderr}");
    assert!(stderr.contains("docs/encoders.md"), "{stderr}");
}
