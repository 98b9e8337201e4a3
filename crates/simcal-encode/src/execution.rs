//! Execution providers: CPU always; CUDA first when the `cuda` feature is
//! on, the loaded ONNX Runtime library supports it and a GPU is present.

use ort::session::builder::SessionBuilder;

/// Registers the execution providers this build supports on `builder`.
/// Without the `cuda` feature ONNX Runtime uses its CPU provider.
#[cfg(not(feature = "cuda"))]
pub(crate) fn register_providers(builder: SessionBuilder) -> SessionBuilder {
    tracing::debug!("using the CPU execution provider");
    builder
}

/// Registers CUDA when possible; otherwise logs why and leaves the CPU
/// provider in charge.
#[cfg(feature = "cuda")]
pub(crate) fn register_providers(mut builder: SessionBuilder) -> SessionBuilder {
    use ort::ep::{self, ExecutionProvider};

    match ep::CUDA::is_available() {
        Ok(true) => {
            let cuda = ep::CUDA::default().build().error_on_failure();
            match cuda.register(&mut builder) {
                Ok(()) => tracing::info!("using the CUDA execution provider"),
                Err(error) => {
                    tracing::warn!(%error, "CUDA execution provider failed to start; falling back to CPU")
                }
            }
        }
        Ok(false) => tracing::warn!(
            "the loaded ONNX Runtime library has no CUDA execution provider (install the onnxruntime-gpu build); \
             falling back to CPU"
        ),
        Err(error) => {
            tracing::warn!(%error, "could not query ONNX Runtime's execution providers; falling back to CPU")
        }
    }
    builder
}
