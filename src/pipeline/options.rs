//! Run-time options that change how a run executes, never what it computes.

use std::path::PathBuf;

/// How to execute a [`crate::config::Plan`].
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Draw indicatif progress bars on stderr (hidden anyway when stderr
    /// is not a terminal).
    pub show_progress: bool,
    /// Write the run folder (CSV files, provenance, figures, report).
    pub write_outputs: bool,
    /// Draw figures and the report; needs a renderer for the gallery and a
    /// system font for the PNG files.
    pub draw_figures: bool,
    /// Rendered objects that may wait for the encoder before the renderer
    /// pauses.
    pub render_queue_capacity: usize,
    /// ONNX Runtime intra-op threads; `None` lets ONNX Runtime choose.
    pub onnx_threads: Option<usize>,
    /// Embedding cache folder; overrides the config's `cache` key.
    pub cache_folder: Option<PathBuf>,
}

impl Default for RunOptions {
    fn default() -> Self {
        Self {
            show_progress: true,
            write_outputs: true,
            draw_figures: true,
            render_queue_capacity: 4,
            onnx_threads: None,
            cache_folder: None,
        }
    }
}
