//! Log set-up for the binary: `tracing` to stderr, filtered by `RUST_LOG`
//! when set, else by the -v / -q flags.

use tracing_subscriber::EnvFilter;

/// Installs the global subscriber; later calls are ignored.
pub fn init(verbose: u8, quiet: bool) {
    let default_level = match (quiet, verbose) {
        (true, _) => "warn",
        (false, 0) => "info",
        (false, 1) => "debug",
        (false, _) => "trace",
    };
    // Mesa's EGL logs a failed hardware-driver probe as an error on every
    // machine without /dev/dri, then falls back to software GL. The renderer
    // returns real GL failures as errors, so EGL's own log is muted.
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        EnvFilter::new(format!(
            "{default_level},wgpu_core=warn,wgpu_hal=warn,wgpu_hal::gles::egl=off,naga=warn,ort=warn"
        ))
    });
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}
