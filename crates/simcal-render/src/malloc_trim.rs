//! Keeps memory that the software rasteriser frees in the process instead
//! of handing it back to the kernel after every view.
//!
//! Mesa's llvmpipe allocates the binned scene of every render pass on the
//! device's queue thread and frees it when the pass is done. With glibc's
//! default trim threshold, malloc returns the freed top of that thread's
//! arena to the kernel, so every pass faults the same pages in again. On
//! Mesa 22.3 with glibc 2.36 that cost 2.3 times the render time of a
//! 100k-triangle mesh (`scripts/bench/render.sh`).

use std::sync::Once;

use tracing::debug;

/// Free memory at the top of a malloc arena that glibc keeps before
/// trimming it.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const TRIM_THRESHOLD_BYTES: libc::c_int = 512 << 20;

/// Raises glibc's malloc trim threshold once per process; a no-op on other
/// C libraries. The setting is process-wide: freed memory up to
/// [`TRIM_THRESHOLD_BYTES`] per arena stays mapped for reuse.
pub(crate) fn keep_freed_memory_for_software_rasteriser() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        #[cfg(all(target_os = "linux", target_env = "gnu"))]
        {
            // SAFETY: mallopt only changes allocator parameters and is safe
            // to call at any time from any thread.
            let accepted = unsafe { libc::mallopt(libc::M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES) };
            debug!(
                trim_threshold_bytes = TRIM_THRESHOLD_BYTES,
                accepted = accepted == 1,
                "raised the malloc trim threshold for the software rasteriser"
            );
        }
        #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
        debug!("malloc trim threshold left as is: not glibc");
    });
}
