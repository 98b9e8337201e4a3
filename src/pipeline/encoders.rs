//! Building the encoders a plan names.

use std::sync::Arc;

use simcal_encode::{EncoderOptions, OnnxEncoder};
use simcal_mesh::{Encoder, PointNetProxy};

use super::error::PipelineError;
use super::provenance::EncoderProvenance;
use crate::config::{EncoderPlan, EncoderSource};

/// A ready encoder with what provenance records about it.
pub(crate) struct BuiltEncoder {
    pub name: String,
    pub encoder: Arc<dyn Encoder>,
    pub provenance: EncoderProvenance,
}

impl BuiltEncoder {
    pub(crate) fn needs_views(&self) -> bool {
        self.encoder.needs_views()
    }
}

/// Loads every encoder of the plan (ONNX sessions are created here).
pub(crate) fn build_encoders(
    plans: &[EncoderPlan],
    onnx_threads: Option<usize>,
) -> Result<Vec<BuiltEncoder>, PipelineError> {
    plans
        .iter()
        .map(|plan| build_encoder(plan, onnx_threads))
        .collect()
}

fn build_encoder(
    plan: &EncoderPlan,
    onnx_threads: Option<usize>,
) -> Result<BuiltEncoder, PipelineError> {
    match &plan.source {
        EncoderSource::Descriptor => {
            let encoder = PointNetProxy::default();
            let provenance = EncoderProvenance {
                name: plan.name.clone(),
                id: encoder.id().to_owned(),
                dimension: encoder.dimension(),
                model_sha256: None,
                model_path: None,
            };
            Ok(BuiltEncoder {
                name: plan.name.clone(),
                encoder: Arc::new(encoder),
                provenance,
            })
        }
        EncoderSource::Onnx(spec) => {
            let options = EncoderOptions {
                intra_threads: onnx_threads,
                ..EncoderOptions::default()
            };
            let encoder = OnnxEncoder::load((**spec).clone(), options).map_err(|error| {
                PipelineError::EncoderSetup {
                    name: plan.name.clone(),
                    reason: error.to_string(),
                }
            })?;
            let provenance = EncoderProvenance {
                name: plan.name.clone(),
                id: encoder.id().to_owned(),
                dimension: encoder.dimension(),
                model_sha256: Some(encoder.model_sha256().to_owned()),
                model_path: Some(encoder.spec().model_path.display().to_string()),
            };
            Ok(BuiltEncoder {
                name: plan.name.clone(),
                encoder: Arc::new(encoder),
                provenance,
            })
        }
    }
}
