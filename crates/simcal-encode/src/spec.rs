//! Encoder specifications: the YAML files under `presets/` and custom files
//! with the same fields, parsed, validated and reduced to a canonical string
//! that feeds the encoder id.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::paths::simcal_home;

/// Built-in presets: name and YAML text (the files under `presets/`).
pub const PRESETS: &[(&str, &str)] = &[
    (
        "clip-vit-b32",
        include_str!("../../../presets/clip-vit-b32.yaml"),
    ),
    (
        "dinov2-vitb14",
        include_str!("../../../presets/dinov2-vitb14.yaml"),
    ),
    (
        "efficientnet-lite0",
        include_str!("../../../presets/efficientnet-lite0.yaml"),
    ),
];

/// Memory layout of the model's image input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Layout {
    #[serde(rename = "NCHW")]
    Nchw,
    #[serde(rename = "NHWC")]
    Nhwc,
}

/// Resampling filter, with Pillow's definitions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ResizeFilter {
    Bilinear,
    Bicubic,
}

/// Order of the colour channels in the model input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChannelOrder {
    #[serde(rename = "RGB")]
    Rgb,
    #[serde(rename = "BGR")]
    Bgr,
}

/// How the views of one object are pooled into one vector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PoolingMode {
    /// Mean of the raw view embeddings.
    #[default]
    Raw,
    /// Mean of the L2-normalised view embeddings.
    Normalized,
}

/// The model input the spec expects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputSpec {
    pub name: String,
    pub layout: Layout,
    /// Side of the square image the model takes.
    pub size_px: u32,
}

/// Resize of the shorter image side, keeping the aspect ratio.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResizeSpec {
    pub shorter_side_px: u32,
    pub filter: ResizeFilter,
}

/// The model output that contains the embedding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutputSpec {
    pub name: String,
    pub dimension: usize,
    /// For a rank-3 output (batch, tokens, dimension): the token to take,
    /// for example 0 for the class token of a ViT.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<usize>,
}

/// Everything that turns an image into a model input tensor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreprocessSpec {
    pub layout: Layout,
    pub size_px: u32,
    pub resize: ResizeSpec,
    pub crop_px: u32,
    /// Per-channel mean on the 0..1 scale, in the tensor's channel order.
    pub mean: [f32; 3],
    /// Per-channel standard deviation on the 0..1 scale, in the tensor's channel order.
    pub std: [f32; 3],
    pub channel_order: ChannelOrder,
}

/// The YAML document as written; validated into [`EncoderSpec`].
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct SpecFile {
    name: String,
    #[serde(default)]
    #[allow(dead_code)]
    description: Option<String>,
    model: String,
    input: InputSpec,
    resize: ResizeSpec,
    crop_px: u32,
    mean: [f32; 3],
    std: [f32; 3],
    channel_order: ChannelOrder,
    output: OutputSpec,
    #[serde(default)]
    pooling: PoolingMode,
}

/// A validated encoder specification.
#[derive(Debug, Clone, PartialEq)]
pub struct EncoderSpec {
    /// Preset or custom name; the first part of the encoder id.
    pub name: String,
    /// Model file, with `$SIMCAL_HOME` and `~` expanded and relative paths
    /// resolved against the spec file's folder.
    pub model_path: PathBuf,
    /// Whether `model_path` comes from a built-in preset (set-up provisions
    /// some of those models, so errors point at set-up).
    pub is_preset: bool,
    pub input_name: String,
    pub preprocess: PreprocessSpec,
    pub output: OutputSpec,
    pub pooling: PoolingMode,
}

/// An invalid or unreadable encoder specification.
#[derive(Debug, Error)]
pub enum SpecError {
    #[error(
        "unknown encoder {name:?}: not a built-in preset ({presets}) and no file of that name exists; \
         pass a preset name or the path of an encoder YAML file"
    )]
    UnknownEncoder { name: String, presets: String },
    #[error("failed to read encoder spec {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("invalid encoder spec {origin}{}: {message}", line.map(|l| format!(" at line {l}")).unwrap_or_default())]
    Parse {
        origin: String,
        line: Option<usize>,
        message: String,
    },
    #[error("invalid encoder spec {origin}: {field} = {value}: {reason}")]
    Invalid {
        origin: String,
        field: &'static str,
        value: String,
        reason: String,
    },
    #[error(
        "encoder spec {origin} uses $SIMCAL_HOME in its model path, but neither SIMCAL_HOME nor HOME is set"
    )]
    NoHome { origin: String },
}

impl EncoderSpec {
    /// Loads a built-in preset by name, or an encoder YAML file by path.
    /// An existing file wins over a preset of the same name.
    pub fn load(preset_or_path: &str) -> Result<Self, SpecError> {
        let path = Path::new(preset_or_path);
        if path.is_file() {
            return Self::from_file(path);
        }
        match Self::preset(preset_or_path) {
            Some(spec) => spec,
            None => Err(SpecError::UnknownEncoder {
                name: preset_or_path.to_string(),
                presets: preset_names().join(", "),
            }),
        }
    }

    /// Parses the built-in preset `name`; `None` when there is no such preset.
    pub fn preset(name: &str) -> Option<Result<Self, SpecError>> {
        PRESETS
            .iter()
            .find(|(preset, _)| *preset == name)
            .map(|(preset, text)| Self::from_yaml(text, &format!("preset {preset}"), None, true))
    }

    /// Reads and parses an encoder YAML file.
    pub fn from_file(path: &Path) -> Result<Self, SpecError> {
        let text = std::fs::read_to_string(path).map_err(|source| SpecError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let base_dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Self::from_yaml(&text, &path.display().to_string(), Some(&base_dir), false)
    }

    /// Parses YAML text; `origin` names it in errors and `base_dir` resolves
    /// a relative model path (the current directory when `None`).
    pub fn from_yaml(
        text: &str,
        origin: &str,
        base_dir: Option<&Path>,
        is_preset: bool,
    ) -> Result<Self, SpecError> {
        let file: SpecFile = serde_yaml_ng::from_str(text).map_err(|error| SpecError::Parse {
            origin: origin.to_string(),
            line: error.location().map(|location| location.line()),
            message: error.to_string(),
        })?;
        let model_path = resolve_model_path(&file.model, origin, base_dir)?;
        let spec = EncoderSpec {
            name: file.name,
            model_path,
            is_preset,
            input_name: file.input.name,
            preprocess: PreprocessSpec {
                layout: file.input.layout,
                size_px: file.input.size_px,
                resize: file.resize,
                crop_px: file.crop_px,
                mean: file.mean,
                std: file.std,
                channel_order: file.channel_order,
            },
            output: file.output,
            pooling: file.pooling,
        };
        spec.validate(origin)?;
        Ok(spec)
    }

    fn validate(&self, origin: &str) -> Result<(), SpecError> {
        let invalid = |field: &'static str, value: String, reason: &str| SpecError::Invalid {
            origin: origin.to_string(),
            field,
            value,
            reason: reason.to_string(),
        };
        let name_is_safe = !self.name.is_empty()
            && self
                .name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !name_is_safe {
            return Err(invalid(
                "name",
                format!("{:?}", self.name),
                "use letters, digits, '-', '_' and '.' only",
            ));
        }
        if self.input_name.is_empty() {
            return Err(invalid(
                "input.name",
                "\"\"".into(),
                "name the model's image input",
            ));
        }
        if self.output.name.is_empty() {
            return Err(invalid(
                "output.name",
                "\"\"".into(),
                "name the model output to embed",
            ));
        }
        let preprocess = &self.preprocess;
        if preprocess.size_px == 0 || preprocess.size_px > 4096 {
            return Err(invalid(
                "input.size_px",
                preprocess.size_px.to_string(),
                "must be in 1..=4096",
            ));
        }
        if preprocess.crop_px != preprocess.size_px {
            return Err(invalid(
                "crop_px",
                preprocess.crop_px.to_string(),
                &format!(
                    "the centre crop is the model input, so it must equal input.size_px ({})",
                    preprocess.size_px
                ),
            ));
        }
        if preprocess.resize.shorter_side_px < preprocess.crop_px
            || preprocess.resize.shorter_side_px > 8192
        {
            return Err(invalid(
                "resize.shorter_side_px",
                preprocess.resize.shorter_side_px.to_string(),
                &format!(
                    "must be at least crop_px ({}) and at most 8192",
                    preprocess.crop_px
                ),
            ));
        }
        for (channel, &std) in preprocess.std.iter().enumerate() {
            if !(std.is_finite() && std > 0.0) {
                return Err(invalid(
                    "std",
                    format!("{std} (channel {channel})"),
                    "must be finite and positive",
                ));
            }
        }
        for (channel, &mean) in preprocess.mean.iter().enumerate() {
            if !mean.is_finite() {
                return Err(invalid(
                    "mean",
                    format!("{mean} (channel {channel})"),
                    "must be finite",
                ));
            }
        }
        if self.output.dimension == 0 || self.output.dimension > 1 << 20 {
            return Err(invalid(
                "output.dimension",
                self.output.dimension.to_string(),
                "must be in 1..=1048576",
            ));
        }
        Ok(())
    }

    /// Replaces the model path (the CLI's `--model`).
    pub fn with_model_path(mut self, path: PathBuf) -> Self {
        self.model_path = path;
        self.is_preset = false;
        self
    }

    /// Returns the canonical JSON of everything that changes the output
    /// except the weights: input, preprocessing, output and pooling. The
    /// name, description and model path are left out.
    pub fn canonical_string(&self) -> String {
        #[derive(Serialize)]
        struct Canonical<'a> {
            version: u32,
            input_name: &'a str,
            preprocess: &'a PreprocessSpec,
            output: &'a OutputSpec,
            pooling: PoolingMode,
        }
        let canonical = Canonical {
            version: 1,
            input_name: &self.input_name,
            preprocess: &self.preprocess,
            output: &self.output,
            pooling: self.pooling,
        };
        // Serialising plain structs of strings, numbers and enums cannot fail.
        serde_json::to_string(&canonical).unwrap_or_default()
    }
}

/// Names of the built-in presets.
pub fn preset_names() -> Vec<&'static str> {
    PRESETS.iter().map(|(name, _)| *name).collect()
}

fn resolve_model_path(
    raw: &str,
    origin: &str,
    base_dir: Option<&Path>,
) -> Result<PathBuf, SpecError> {
    let home_prefix = ["${SIMCAL_HOME}/", "$SIMCAL_HOME/"]
        .iter()
        .find_map(|prefix| raw.strip_prefix(prefix));
    if let Some(rest) = home_prefix {
        let home = simcal_home().ok_or_else(|| SpecError::NoHome {
            origin: origin.to_string(),
        })?;
        return Ok(home.join(rest));
    }
    if let Some(rest) = raw.strip_prefix("~/") {
        let home = std::env::var_os("HOME").ok_or_else(|| SpecError::NoHome {
            origin: origin.to_string(),
        })?;
        return Ok(PathBuf::from(home).join(rest));
    }
    let path = PathBuf::from(raw);
    match base_dir {
        Some(base) if path.is_relative() => Ok(base.join(path)),
        _ => Ok(path),
    }
}
