//! The ONNX Runtime library search, on described machines (no process
//! environment is changed, and nothing is loaded).

use std::path::PathBuf;

use simcal_encode::runtime::{LIBRARY_FILE_NAME, LibrarySource};
use simcal_encode::{RuntimeError, RuntimeSearch};

fn touch(path: &std::path::Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, b"stand-in library").unwrap();
}

#[test]
fn nothing_found_names_the_setup_command() {
    let directory = tempfile::tempdir().unwrap();
    let search = RuntimeSearch {
        ort_dylib_path: None,
        simcal_home: Some(directory.path().join("home")),
        virtual_environments: vec![directory.path().join(".venv")],
        python: Some(PathBuf::from("/nonexistent/python3")),
    };
    let error = search.locate().unwrap_err();
    assert!(
        matches!(error, RuntimeError::LibraryNotFound { .. }),
        "{error}"
    );
    let message = error.to_string();
    assert!(message.contains("./scripts/setup.sh"), "{message}");
    assert!(message.contains("ORT_DYLIB_PATH"), "{message}");
    assert!(
        message.contains(&format!("home/lib/{LIBRARY_FILE_NAME}")),
        "{message}"
    );
}

#[test]
fn missing_override_is_an_error_not_a_fallback() {
    let directory = tempfile::tempdir().unwrap();
    let installed = directory.path().join("home/lib").join(LIBRARY_FILE_NAME);
    touch(&installed);
    let search = RuntimeSearch {
        ort_dylib_path: Some(directory.path().join("missing.so")),
        simcal_home: Some(directory.path().join("home")),
        ..RuntimeSearch::default()
    };
    let error = search.locate().unwrap_err();
    assert!(
        matches!(error, RuntimeError::OverrideMissing { .. }),
        "{error}"
    );
    assert!(error.to_string().contains("missing.so"));
}

#[test]
fn search_order_is_override_home_then_venv() {
    let directory = tempfile::tempdir().unwrap();
    let override_path = directory.path().join("custom/libonnxruntime.so");
    let home_library = directory.path().join("home/lib").join(LIBRARY_FILE_NAME);
    let venv = directory.path().join(".venv");
    let venv_library = venv
        .join("lib/python3.11/site-packages/onnxruntime/capi")
        .join(LIBRARY_FILE_NAME);
    touch(&override_path);
    touch(&home_library);
    touch(&venv_library);

    let mut search = RuntimeSearch {
        ort_dylib_path: Some(override_path.clone()),
        simcal_home: Some(directory.path().join("home")),
        virtual_environments: vec![venv],
        python: None,
    };
    assert_eq!(
        search.locate().unwrap(),
        (override_path, LibrarySource::EnvironmentVariable)
    );

    search.ort_dylib_path = None;
    assert_eq!(
        search.locate().unwrap(),
        (home_library.clone(), LibrarySource::SimcalHome)
    );

    std::fs::remove_file(&home_library).unwrap();
    assert_eq!(
        search.locate().unwrap(),
        (venv_library, LibrarySource::VirtualEnvironment)
    );
}

#[test]
fn venv_with_newer_library_is_accepted() {
    let directory = tempfile::tempdir().unwrap();
    let venv = directory.path().join(".venv");
    let newer = venv.join("lib/python3.12/site-packages/onnxruntime/capi/libonnxruntime.so.1.32.0");
    touch(&newer);
    let search = RuntimeSearch {
        virtual_environments: vec![venv],
        ..RuntimeSearch::default()
    };
    assert_eq!(
        search.locate().unwrap(),
        (newer, LibrarySource::VirtualEnvironment)
    );
}
