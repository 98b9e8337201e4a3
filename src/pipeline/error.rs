//! Failures of a calibration run after its plan was validated.

use std::path::PathBuf;

use thiserror::Error;

/// Failure of one stage of a calibration run.
#[derive(Debug, Error)]
pub enum PipelineError {
    #[error(
        "no catalog object could be loaded ({skipped} failed); the first failure: {first_reason}"
    )]
    NoObjects {
        skipped: usize,
        first_reason: String,
    },

    #[error("cannot draw pairs: {0}")]
    Pairs(#[from] simcal_dataset::PairError),

    #[error("cannot make the twin of {object_id}: {source}")]
    Twin {
        object_id: String,
        source: simcal_dataset::PerturbError,
    },

    #[error("cannot set up encoder {name}: {reason}")]
    EncoderSetup { name: String, reason: String },

    #[error(
        "cannot start the renderer: {source}; on a machine without a GPU run ./scripts/setup.sh, which installs Mesa's software Vulkan driver"
    )]
    RendererSetup { source: simcal_render::RenderError },

    #[error("rendering {object_id} failed: {source}")]
    Render {
        object_id: String,
        source: simcal_render::RenderError,
    },

    #[error(transparent)]
    Encode(#[from] simcal_mesh::EncodeError),

    #[error("embedding cache: {0}")]
    Cache(#[from] simcal_encode::CacheError),

    #[error("no embedding of {object_id} ({variant}) from encoder {encoder}; a stage ended early")]
    MissingEmbedding {
        encoder: String,
        object_id: String,
        variant: String,
    },

    #[error("encoder {encoder}, pair {pair_id}: {source}")]
    Score {
        encoder: String,
        pair_id: String,
        source: simcal_sweep::SimilarityError,
    },

    #[error("encoder {encoder}: invalid scored pairs: {source}")]
    ScoredPairs {
        encoder: String,
        source: simcal_sweep::PairsError,
    },

    #[error("threshold sweep: {0}")]
    Sweep(simcal_sweep::SweepError),

    #[error("cannot write {path}: {message}")]
    Write { path: PathBuf, message: String },

    #[error(transparent)]
    Figure(#[from] crate::figures::FigureError),

    #[error("a pipeline task stopped unexpectedly: {0}")]
    Task(String),
}

impl PipelineError {
    /// Wraps any displayable failure to write `path`.
    pub(crate) fn write(path: impl Into<PathBuf>, error: impl std::fmt::Display) -> Self {
        PipelineError::Write {
            path: path.into(),
            message: error.to_string(),
        }
    }
}
