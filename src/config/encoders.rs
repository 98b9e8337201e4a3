//! Resolution of encoder names from the config into what the pipeline
//! builds: the geometric descriptor, or an ONNX encoder spec whose model
//! file and runtime library are present.

use simcal_encode::spec::preset_names;
use simcal_encode::{EncoderSpec, RuntimeSearch, SETUP_COMMAND};

use super::ConfigError;

/// Name of the deterministic point-cloud descriptor encoder.
pub const DESCRIPTOR_ENCODER: &str = "pointnet-proxy";

/// One encoder the pipeline will build.
#[derive(Debug, Clone)]
pub struct EncoderPlan {
    /// The name as written in the config.
    pub name: String,
    pub source: EncoderSource,
}

/// Where an encoder comes from.
#[derive(Debug, Clone)]
pub enum EncoderSource {
    /// The 19-D point-cloud descriptor.
    Descriptor,
    /// An ONNX image encoder (preset or custom spec), model file present.
    Onnx(Box<EncoderSpec>),
}

impl EncoderPlan {
    /// Whether the encoder reads rendered views (every ONNX encoder does).
    pub fn needs_views(&self) -> bool {
        matches!(self.source, EncoderSource::Onnx(_))
    }
}

/// Resolves one configured encoder name: the descriptor, a preset, or a
/// spec file. For ONNX encoders the model file and the ONNX Runtime library
/// must exist.
pub fn resolve_encoder(name: &str) -> Result<EncoderPlan, ConfigError> {
    if name == DESCRIPTOR_ENCODER {
        return Ok(EncoderPlan {
            name: name.to_owned(),
            source: EncoderSource::Descriptor,
        });
    }
    let spec = EncoderSpec::load(name).map_err(|error| {
        let mut known: Vec<String> = preset_names().into_iter().map(str::to_owned).collect();
        known.push(DESCRIPTOR_ENCODER.to_owned());
        let suggestion = match super::parse::nearest_key(name, &known) {
            Some(nearest) => format!(" (did you mean `{nearest}`?)"),
            None => String::new(),
        };
        ConfigError::Encoder {
            name: name.to_owned(),
            reason: format!(
                "{error}{suggestion}; `{DESCRIPTOR_ENCODER}` is the geometric descriptor"
            ),
        }
    })?;
    if !spec.model_path.is_file() {
        let fix = if spec.is_preset && spec.name == "efficientnet-lite0" {
            format!("run {SETUP_COMMAND} to create it")
        } else {
            "export the model as docs/encoders.md describes, or fix `model:` in the spec".to_owned()
        };
        return Err(ConfigError::Encoder {
            name: name.to_owned(),
            reason: format!("model file {} not found; {fix}", spec.model_path.display()),
        });
    }
    if let Err(error) = RuntimeSearch::from_environment().locate() {
        return Err(ConfigError::Encoder {
            name: name.to_owned(),
            reason: format!("{error}; run {SETUP_COMMAND} to install ONNX Runtime"),
        });
    }
    Ok(EncoderPlan {
        name: name.to_owned(),
        source: EncoderSource::Onnx(Box::new(spec)),
    })
}
