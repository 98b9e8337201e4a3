//! [`OnnxEncoder`]: an ONNX image model run through ONNX Runtime on every
//! view of an object, with the views mean-pooled into one vector.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use image::RgbImage;
use ort::session::Session;
use ort::session::builder::GraphOptimizationLevel;
use ort::value::Tensor;
use rayon::prelude::*;
use simcal_mesh::{EncodeError, Encoder, EncoderInput};
use thiserror::Error;

use crate::identity::{encoder_id, sha256_file};
use crate::paths::SETUP_COMMAND;
use crate::pooling::{PooledEmbedding, pool_views};
use crate::preprocess::{PreprocessError, Preprocessor};
use crate::runtime::{self, RuntimeError};
use crate::signature::{ModelSignature, TensorSignature, check_signature};
use crate::spec::{EncoderSpec, Layout, SpecError};

/// Default number of images per ONNX Runtime call.
pub const DEFAULT_BATCH_SIZE_IMAGES: usize = 16;

/// Run-time options that do not change the embeddings, so they are not part
/// of the encoder id.
#[derive(Debug, Clone)]
pub struct EncoderOptions {
    /// Images per ONNX Runtime call; views of several objects share a call.
    pub batch_size_images: usize,
    /// ONNX Runtime intra-op threads; `None` lets ONNX Runtime choose.
    pub intra_threads: Option<usize>,
}

impl Default for EncoderOptions {
    fn default() -> Self {
        Self {
            batch_size_images: DEFAULT_BATCH_SIZE_IMAGES,
            intra_threads: None,
        }
    }
}

/// Failure to set up an encoder.
#[derive(Debug, Error)]
pub enum EncoderLoadError {
    #[error(transparent)]
    Spec(#[from] SpecError),
    #[error(transparent)]
    Runtime(#[from] RuntimeError),
    #[error("model file {path} for encoder {encoder} not found; {hint}")]
    ModelNotFound {
        encoder: String,
        path: PathBuf,
        hint: String,
    },
    #[error("failed to read model file {path}: {source}")]
    ModelRead {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("ONNX Runtime could not load model {path}: {message}")]
    Session { path: PathBuf, message: String },
    #[error(
        "model {path} does not match encoder spec {encoder}: {}. The model has {actual}",
        problems.join("; ")
    )]
    SpecMismatch {
        encoder: String,
        path: PathBuf,
        problems: Vec<String>,
        actual: ModelSignature,
    },
    #[error("invalid encoder option {field} = {value}: {reason}")]
    InvalidOption {
        field: &'static str,
        value: String,
        reason: &'static str,
    },
}

/// Failure while embedding images.
#[derive(Debug, Error)]
pub enum EmbedError {
    #[error("image {index} of the batch: {source}")]
    Preprocess {
        index: usize,
        #[source]
        source: PreprocessError,
    },
    #[error("ONNX Runtime failed: {0}")]
    Run(String),
    #[error("output {name:?} has shape {actual:?}, expected {expected}")]
    OutputShape {
        name: String,
        actual: Vec<i64>,
        expected: String,
    },
    #[error("the embedding of image {index} of the batch contains NaN or infinity")]
    NonFinite { index: usize },
}

/// An ONNX image encoder with its preprocessing, identity and session.
pub struct OnnxEncoder {
    spec: EncoderSpec,
    id: String,
    model_sha256: String,
    preprocessor: Preprocessor,
    options: EncoderOptions,
    // `Session::run` takes `&mut self`; the mutex serialises runs and lets the
    // encoder be shared across threads as `Encoder` requires.
    session: Mutex<Session>,
    signature: ModelSignature,
}

impl std::fmt::Debug for OnnxEncoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OnnxEncoder")
            .field("id", &self.id)
            .field("model_path", &self.spec.model_path)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

fn missing_model_hint(spec: &EncoderSpec) -> String {
    if spec.is_preset && spec.name == "efficientnet-lite0" {
        format!(
            "run {SETUP_COMMAND} to create it, or pass --model with the path of an existing copy"
        )
    } else if spec.is_preset {
        format!(
            "export the model as docs/encoders.md describes and copy it to {}, or pass --model",
            spec.model_path.display()
        )
    } else {
        "fix `model:` in the encoder spec or pass --model".to_string()
    }
}

impl OnnxEncoder {
    /// Loads a preset by name or a spec file by path, then the model.
    pub fn from_preset_or_file(
        preset_or_path: &str,
        options: EncoderOptions,
    ) -> Result<Self, EncoderLoadError> {
        Self::load(EncoderSpec::load(preset_or_path)?, options)
    }

    /// Loads the model `spec` names, checks it against the spec and
    /// computes the encoder id.
    pub fn load(spec: EncoderSpec, options: EncoderOptions) -> Result<Self, EncoderLoadError> {
        if options.batch_size_images == 0 {
            return Err(EncoderLoadError::InvalidOption {
                field: "batch_size_images",
                value: "0".into(),
                reason: "must be at least 1",
            });
        }

        let path = spec.model_path.clone();
        if !path.is_file() {
            return Err(EncoderLoadError::ModelNotFound {
                encoder: spec.name.clone(),
                hint: missing_model_hint(&spec),
                path,
            });
        }

        let started = Instant::now();
        let model_sha256 = sha256_file(&path).map_err(|source| EncoderLoadError::ModelRead {
            path: path.clone(),
            source,
        })?;
        let environment = runtime::environment()?;
        let session = build_session(environment, &path, &options)?;
        let signature = ModelSignature {
            inputs: session
                .inputs()
                .iter()
                .map(TensorSignature::from_outlet)
                .collect(),
            outputs: session
                .outputs()
                .iter()
                .map(TensorSignature::from_outlet)
                .collect(),
        };
        if let Err(problems) = check_signature(&spec, &signature) {
            return Err(EncoderLoadError::SpecMismatch {
                encoder: spec.name.clone(),
                path,
                problems,
                actual: signature,
            });
        }

        let id = encoder_id(&spec.name, &model_sha256, &spec.canonical_string());
        tracing::info!(
            encoder_id = %id,
            model = %path.display(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "loaded ONNX encoder"
        );
        Ok(Self {
            preprocessor: Preprocessor::new(spec.preprocess.clone()),
            spec,
            id,
            model_sha256,
            options,
            session: Mutex::new(session),
            signature,
        })
    }

    /// Stable identity: `<name>@<12 hex of model SHA-256>-<12 hex of spec SHA-256>`.
    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn spec(&self) -> &EncoderSpec {
        &self.spec
    }

    /// Full SHA-256 of the model file, in hex.
    pub fn model_sha256(&self) -> &str {
        &self.model_sha256
    }

    /// Inputs and outputs the model declares.
    pub fn signature(&self) -> &ModelSignature {
        &self.signature
    }

    pub fn dimension(&self) -> usize {
        self.spec.output.dimension
    }

    pub fn batch_size_images(&self) -> usize {
        self.options.batch_size_images
    }

    /// Embeds every image on its own (no pooling), in batches of
    /// `batch_size_images`.
    pub fn embed_images(&self, images: &[RgbImage]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let references: Vec<&RgbImage> = images.iter().collect();
        self.embed_image_refs(&references)
    }

    /// Runs the batches in order while a scoped thread preprocesses the next
    /// batch, so that preprocessing overlaps inference.
    fn embed_image_refs(&self, images: &[&RgbImage]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let batch_size = self.options.batch_size_images;
        let batches: Vec<&[&RgbImage]> = images.chunks(batch_size).collect();
        let mut embeddings = Vec::with_capacity(images.len());
        let mut prepared = batches.first().map(|batch| self.preprocess_batch(batch, 0));

        for (batch_index, batch) in batches.iter().enumerate() {
            let Some(current) = prepared.take() else {
                break;
            };
            let current = current?;
            let following = batches.get(batch_index + 1);
            let (result, next) = std::thread::scope(|scope| {
                let worker = following.map(|next_batch| {
                    scope.spawn(move || {
                        self.preprocess_batch(next_batch, (batch_index + 1) * batch_size)
                    })
                });
                let result = self.infer_batch(current, batch.len(), batch_index * batch_size);
                let next = worker.map(|handle| {
                    handle.join().unwrap_or_else(|_| {
                        Err(EmbedError::Run("the preprocessing thread panicked".into()))
                    })
                });
                (result, next)
            });
            embeddings.extend(result?);
            prepared = next;
        }
        Ok(embeddings)
    }

    /// Embeds the views of several objects, all views of all objects sharing
    /// ONNX Runtime calls, and pools each object's views with the spec's
    /// pooling mode. Objects without views are an error.
    pub fn encode_objects(
        &self,
        objects: &[&[RgbImage]],
    ) -> Result<Vec<PooledEmbedding>, EncodeObjectsError> {
        if let Some(index) = objects.iter().position(|views| views.is_empty()) {
            return Err(EncodeObjectsError::NoViews {
                object_index: index,
            });
        }
        let all_views: Vec<&RgbImage> = objects.iter().flat_map(|views| views.iter()).collect();
        let embeddings = self
            .embed_image_refs(&all_views)
            .map_err(EncodeObjectsError::Embed)?;
        let mut pooled = Vec::with_capacity(objects.len());
        let mut start = 0;
        for views in objects {
            let object_embeddings = &embeddings[start..start + views.len()];
            start += views.len();
            // Every object has at least one view (checked above).
            if let Some(embedding) = pool_views(object_embeddings, self.spec.pooling) {
                pooled.push(embedding);
            }
        }
        Ok(pooled)
    }

    /// Returns the input tensor values of `images`, preprocessed in parallel.
    fn preprocess_batch(
        &self,
        images: &[&RgbImage],
        first_index: usize,
    ) -> Result<Vec<f32>, EmbedError> {
        let values_per_image = self.preprocessor.values_per_image();
        let mut buffer = vec![0.0f32; values_per_image * images.len()];
        buffer
            .par_chunks_mut(values_per_image)
            .zip(images.par_iter())
            .enumerate()
            .try_for_each(|(index, (slot, image))| {
                self.preprocessor
                    .write_tensor(image, slot)
                    .map_err(|source| EmbedError::Preprocess {
                        index: first_index + index,
                        source,
                    })
            })?;
        Ok(buffer)
    }

    fn infer_batch(
        &self,
        buffer: Vec<f32>,
        batch: usize,
        first_index: usize,
    ) -> Result<Vec<Vec<f32>>, EmbedError> {
        let size = self.spec.preprocess.size_px as usize;
        let shape = match self.spec.preprocess.layout {
            Layout::Nchw => [batch, 3, size, size],
            Layout::Nhwc => [batch, size, size, 3],
        };
        let input = Tensor::from_array((shape, buffer))
            .map_err(|error| EmbedError::Run(error.to_string()))?;

        let mut session = self
            .session
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let outputs = session
            .run(ort::inputs![self.spec.input_name.as_str() => input])
            .map_err(|error| EmbedError::Run(error.to_string()))?;
        let output_name = self.spec.output.name.as_str();
        let Some(output) = outputs.get(output_name) else {
            return Err(EmbedError::Run(format!(
                "the model returned no output {output_name:?}"
            )));
        };
        let (output_shape, data) = output
            .try_extract_tensor::<f32>()
            .map_err(|error| EmbedError::Run(error.to_string()))?;
        self.split_output(output_shape, data, batch, first_index)
    }

    fn split_output(
        &self,
        shape: &[i64],
        data: &[f32],
        batch: usize,
        first_index: usize,
    ) -> Result<Vec<Vec<f32>>, EmbedError> {
        let dimension = self.spec.output.dimension;
        let shape_error = |expected: String| EmbedError::OutputShape {
            name: self.spec.output.name.clone(),
            actual: shape.to_vec(),
            expected,
        };
        let (stride, offset) = match self.spec.output.token {
            None => {
                if shape != [batch as i64, dimension as i64] {
                    return Err(shape_error(format!("[{batch}, {dimension}]")));
                }
                (dimension, 0)
            }
            Some(token) => {
                let tokens = shape.get(1).copied().unwrap_or(0);
                if shape.len() != 3
                    || shape[0] != batch as i64
                    || shape[2] != dimension as i64
                    || tokens <= token as i64
                {
                    return Err(shape_error(format!("[{batch}, > {token}, {dimension}]")));
                }
                (tokens as usize * dimension, token * dimension)
            }
        };
        (0..batch)
            .map(|index| {
                let start = index * stride + offset;
                let embedding = data[start..start + dimension].to_vec();
                if embedding.iter().all(|value| value.is_finite()) {
                    Ok(embedding)
                } else {
                    Err(EmbedError::NonFinite {
                        index: first_index + index,
                    })
                }
            })
            .collect()
    }
}

/// Failure of [`OnnxEncoder::encode_objects`].
#[derive(Debug, Error)]
pub enum EncodeObjectsError {
    #[error("object {object_index} has no views to embed")]
    NoViews { object_index: usize },
    #[error(transparent)]
    Embed(EmbedError),
}

fn build_session(
    environment: &ort::environment::Environment,
    path: &Path,
    options: &EncoderOptions,
) -> Result<Session, EncoderLoadError> {
    let session_error = |message: String| EncoderLoadError::Session {
        path: path.to_path_buf(),
        message,
    };
    let mut builder = Session::builder(environment)
        .map_err(|error| session_error(error.to_string()))?
        .with_optimization_level(GraphOptimizationLevel::Level3)
        .map_err(|error| session_error(error.to_string()))?;
    if let Some(threads) = options.intra_threads {
        builder = builder
            .with_intra_threads(threads)
            .map_err(|error| session_error(error.to_string()))?;
    }
    builder = crate::execution::register_providers(builder);
    builder
        .commit_from_file(path)
        .map_err(|error| session_error(error.to_string()))
}

impl Encoder for OnnxEncoder {
    fn id(&self) -> &str {
        &self.id
    }

    fn dimension(&self) -> usize {
        self.spec.output.dimension
    }

    fn needs_views(&self) -> bool {
        true
    }

    fn encode(&self, input: &EncoderInput<'_>) -> Result<Vec<f32>, EncodeError> {
        let mut vectors = self.encode_batch(std::slice::from_ref(input))?;
        Ok(vectors.pop().unwrap_or_default())
    }

    fn encode_batch(&self, inputs: &[EncoderInput<'_>]) -> Result<Vec<Vec<f32>>, EncodeError> {
        if let Some(input) = inputs.iter().find(|input| input.views.is_empty()) {
            return Err(EncodeError::MissingViews {
                encoder_id: self.id.clone(),
                object_id: input.object_id.to_string(),
            });
        }
        let objects: Vec<&[RgbImage]> = inputs.iter().map(|input| input.views).collect();
        match self.encode_objects(&objects) {
            Ok(pooled) => Ok(pooled
                .into_iter()
                .map(|embedding| embedding.vector)
                .collect()),
            Err(error) => {
                let object_ids: Vec<&str> = inputs.iter().map(|input| input.object_id).collect();
                Err(EncodeError::Failed {
                    encoder_id: self.id.clone(),
                    object_id: object_ids.join(","),
                    message: error.to_string(),
                })
            }
        }
    }
}
