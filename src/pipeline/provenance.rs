//! What a run was computed with, stored as `provenance.json` so that every
//! threshold can be traced to its encoder, data, seeds and renderer.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::{CalibrationConfig, Seeds, SkippedEncoder};

/// Versions, encoder identities, adapter, seeds and the full config.
#[derive(Debug, Clone, Serialize)]
pub struct Provenance {
    pub simcal_version: String,
    /// UTC time the run started, RFC 3339.
    pub started_utc: String,
    pub encoders: Vec<EncoderProvenance>,
    pub skipped_encoders: Vec<SkippedEncoderProvenance>,
    /// The wgpu adapter that rendered the views; `None` when nothing was rendered.
    pub adapter: Option<AdapterProvenance>,
    /// Path of the ONNX Runtime library, when one was loaded.
    pub onnx_runtime_library: Option<String>,
    /// Catalog spec in its text form.
    pub catalog: String,
    pub objects: usize,
    pub skipped_objects: usize,
    pub positive_pairs: usize,
    pub negative_pairs: usize,
    pub seeds: Seeds,
    /// Objects whose embeddings came from the cache, per encoder name.
    pub cache_hits: BTreeMap<String, usize>,
    /// Duration of each phase in milliseconds, in run order.
    pub phase_durations_ms: Vec<(String, u64)>,
    pub config: CalibrationConfig,
}

/// Identity of one encoder.
#[derive(Debug, Clone, Serialize)]
pub struct EncoderProvenance {
    pub name: String,
    pub id: String,
    pub dimension: usize,
    /// SHA-256 of the ONNX model file; `None` for the descriptor.
    pub model_sha256: Option<String>,
    pub model_path: Option<String>,
}

/// An optional encoder that was not run, and why.
#[derive(Debug, Clone, Serialize)]
pub struct SkippedEncoderProvenance {
    pub name: String,
    pub reason: String,
}

impl From<&SkippedEncoder> for SkippedEncoderProvenance {
    fn from(skipped: &SkippedEncoder) -> Self {
        Self {
            name: skipped.name.clone(),
            reason: skipped.reason.clone(),
        }
    }
}

/// The rendering adapter as wgpu reports it.
#[derive(Debug, Clone, Serialize)]
pub struct AdapterProvenance {
    pub name: String,
    pub backend: String,
    pub device_type: String,
    pub driver: String,
    pub driver_info: String,
}

impl From<&simcal_render::AdapterSummary> for AdapterProvenance {
    fn from(adapter: &simcal_render::AdapterSummary) -> Self {
        Self {
            name: adapter.name.clone(),
            backend: adapter.backend.clone(),
            device_type: adapter.device_type.clone(),
            driver: adapter.driver.clone(),
            driver_info: adapter.driver_info.clone(),
        }
    }
}
