//! A library file that exists but is not a loadable ONNX Runtime gives an
//! error, never a panic. This file contains a single test because the runtime
//! is loaded once per process.

use simcal_encode::runtime::environment_with;
use simcal_encode::{RuntimeError, RuntimeSearch};

#[test]
fn unloadable_library_is_an_error() {
    let directory = tempfile::tempdir().unwrap();
    let fake = directory.path().join("libonnxruntime.so.1.31.1");
    std::fs::write(&fake, b"not a shared object").unwrap();
    let search = RuntimeSearch {
        ort_dylib_path: Some(fake.clone()),
        ..RuntimeSearch::default()
    };
    let error = environment_with(&search).unwrap_err();
    assert!(matches!(error, RuntimeError::LoadFailed { .. }), "{error}");
    let message = error.to_string();
    assert!(message.contains(&fake.display().to_string()), "{message}");
    assert!(message.contains("./scripts/setup.sh"), "{message}");

    // The failure is not remembered: loading the real library afterwards works.
    let real = environment_with(&RuntimeSearch::from_environment());
    assert!(
        real.is_ok(),
        "the real library must load after a failed attempt: {:?}",
        real.err()
    );
}
