//! The `Encoder` trait shared by the geometric descriptor and the ONNX image
//! encoders: an id, a dimension, and one object in, one vector out.

use image::RgbImage;
use thiserror::Error;

use crate::Mesh;

/// One object passed to an encoder: its geometry and, for image encoders,
/// its rendered views in ring order.
#[derive(Debug, Clone, Copy)]
pub struct EncoderInput<'a> {
    pub object_id: &'a str,
    pub mesh: &'a Mesh,
    pub views: &'a [RgbImage],
}

/// Failure of one encoder on one object.
#[derive(Debug, Error)]
pub enum EncodeError {
    #[error("encoder {encoder_id} needs rendered views, but object {object_id} has none")]
    MissingViews {
        encoder_id: String,
        object_id: String,
    },
    #[error("encoder {encoder_id} failed on object {object_id}: {message}")]
    Failed {
        encoder_id: String,
        object_id: String,
        message: String,
    },
}

/// Maps one object to one fixed-length embedding.
///
/// `id()` must change whenever the output could change (weights,
/// preprocessing, sampling parameters), because embedding caches and pinned
/// thresholds are keyed by it.
pub trait Encoder: Send + Sync {
    /// Stable identity, for example `pointnet-proxy@<sha256 prefix>`.
    fn id(&self) -> &str;

    /// Length of every vector `encode` returns.
    fn dimension(&self) -> usize;

    /// Whether `encode` reads `EncoderInput::views`; geometric encoders
    /// return false so that the pipeline can skip rendering for them.
    fn needs_views(&self) -> bool;

    /// Encodes one object into a vector of length `dimension()`.
    fn encode(&self, input: &EncoderInput<'_>) -> Result<Vec<f32>, EncodeError>;

    /// Encodes several objects; implementations that batch (ONNX) override it.
    fn encode_batch(&self, inputs: &[EncoderInput<'_>]) -> Result<Vec<Vec<f32>>, EncodeError> {
        inputs.iter().map(|input| self.encode(input)).collect()
    }
}
