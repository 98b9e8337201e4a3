//! ONNX image encoders for simcal.
//!
//! * [`OnnxEncoder`] runs an ONNX image model through ONNX Runtime (loaded
//!   at run time, see [`runtime`]) on every rendered view of an object and
//!   mean-pools the views. It implements [`simcal_mesh::Encoder`].
//! * [`EncoderSpec`] describes a model and its preprocessing; built-in
//!   presets live in `presets/*.yaml`.
//! * [`Preprocessor`] reproduces torchvision's resize, centre crop and
//!   normalisation on PIL images, bit for bit before normalisation.
//! * [`EmbeddingCache`] stores pooled embeddings on disk, content-addressed.

pub mod cache;
mod execution;
pub mod identity;
pub mod onnx_encoder;
pub mod paths;
pub mod pooling;
pub mod preprocess;
pub mod resample;
pub mod runtime;
pub mod signature;
pub mod spec;

pub use cache::{CacheError, CacheKey, CacheStats, CachedEmbedding, EmbeddingCache};
pub use onnx_encoder::{
    DEFAULT_BATCH_SIZE_IMAGES, EmbedError, EncodeObjectsError, EncoderLoadError, EncoderOptions,
    OnnxEncoder,
};
pub use paths::{SETUP_COMMAND, default_cache_dir, simcal_home};
pub use pooling::{PooledEmbedding, l2_norm, pool_views};
pub use preprocess::{PreprocessError, Preprocessor};
pub use runtime::{RuntimeError, RuntimeSearch};
pub use signature::{ModelSignature, TensorSignature};
pub use spec::{
    ChannelOrder, EncoderSpec, Layout, PoolingMode, PreprocessSpec, ResizeFilter, SpecError,
};
