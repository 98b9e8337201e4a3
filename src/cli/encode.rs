//! `simcal encode`: embed a folder of images, or the rendered views of one
//! mesh, with an encoder preset or spec file, and write the vectors as CSV.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use image::RgbImage;
use simcal_encode::{
    EncoderOptions, EncoderSpec, OnnxEncoder, PooledEmbedding, PoolingMode, l2_norm,
};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PoolingArg {
    /// Mean of the raw view vectors.
    Raw,
    /// Mean of the L2-normalised view vectors.
    Normalized,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["images", "mesh"])))]
pub struct EncodeArgs {
    /// Built-in preset (clip-vit-b32, dinov2-vitb14, efficientnet-lite0) or the path of an encoder YAML file.
    #[arg(long, value_name = "PRESET_OR_YAML")]
    pub encoder: String,

    /// Model file to use instead of the one the spec names.
    #[arg(long, value_name = "PATH")]
    pub model: Option<PathBuf>,

    /// Folder of PNG images: one CSV row per image, or one pooled row with --pool-views.
    #[arg(long, value_name = "DIR")]
    pub images: Option<PathBuf>,

    /// Mesh file (.off, .obj, .ply, .stl): renders the ring views and writes one pooled row.
    #[arg(long, value_name = "FILE")]
    pub mesh: Option<PathBuf>,

    /// Treat all images of --images as views of one object and write their pooled vector.
    #[arg(long, requires = "images")]
    pub pool_views: bool,

    /// Pooling of views, overriding the spec's `pooling` (changes the encoder id).
    #[arg(long, value_enum)]
    pub pooling: Option<PoolingArg>,

    /// Images per ONNX Runtime call.
    #[arg(long, default_value_t = simcal_encode::DEFAULT_BATCH_SIZE_IMAGES)]
    pub batch_size: usize,

    /// CSV file to write; standard output when omitted.
    #[arg(long, value_name = "FILE.csv")]
    pub out: Option<PathBuf>,
}

/// One output row: an object (or image) and its vector.
struct Row {
    object_id: String,
    embedding: PooledEmbedding,
}

pub fn run(args: EncodeArgs) -> anyhow::Result<()> {
    let mut spec = EncoderSpec::load(&args.encoder)?;
    if let Some(model) = &args.model {
        spec = spec.with_model_path(model.clone());
    }
    if let Some(pooling) = args.pooling {
        spec.pooling = match pooling {
            PoolingArg::Raw => PoolingMode::Raw,
            PoolingArg::Normalized => PoolingMode::Normalized,
        };
    }
    let options = EncoderOptions {
        batch_size_images: args.batch_size,
        ..EncoderOptions::default()
    };
    let encoder = OnnxEncoder::load(spec, options)?;

    let rows = match (&args.images, &args.mesh) {
        (Some(folder), _) => encode_folder(&encoder, folder, args.pool_views)?,
        (None, Some(mesh)) => encode_mesh(&encoder, mesh)?,
        (None, None) => bail!("pass --images DIR or --mesh FILE"),
    };
    write_csv(&encoder, &rows, args.out.as_deref())?;
    tracing::info!(encoder_id = encoder.id(), rows = rows.len(), "encoded");
    Ok(())
}

fn read_image_folder(folder: &Path) -> anyhow::Result<Vec<(String, RgbImage)>> {
    let entries = std::fs::read_dir(folder)
        .with_context(|| format!("failed to read image folder {}", folder.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension.eq_ignore_ascii_case("png"))
        })
        .collect();
    paths.sort();
    if paths.is_empty() {
        bail!(
            "no .png images in {}; pass a folder of PNG files",
            folder.display()
        );
    }
    paths
        .iter()
        .map(|path| {
            let image = image::open(path)
                .with_context(|| format!("failed to decode image {}", path.display()))?
                .to_rgb8();
            let name = path
                .file_stem()
                .map(|stem| stem.to_string_lossy().into_owned())
                .unwrap_or_default();
            Ok((name, image))
        })
        .collect()
}

fn encode_folder(
    encoder: &OnnxEncoder,
    folder: &Path,
    pool_views: bool,
) -> anyhow::Result<Vec<Row>> {
    let named = read_image_folder(folder)?;
    let (names, images): (Vec<String>, Vec<RgbImage>) = named.into_iter().unzip();
    if pool_views {
        let object_id = folder
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| "object".to_string());
        return pooled_rows(encoder, object_id, &images);
    }
    let vectors = encoder.embed_images(&images)?;
    Ok(names
        .into_iter()
        .zip(vectors)
        .map(|(object_id, vector)| Row {
            object_id,
            embedding: PooledEmbedding {
                raw_norm: l2_norm(&vector),
                vector,
                view_count: 1,
            },
        })
        .collect())
}

fn pooled_rows(
    encoder: &OnnxEncoder,
    object_id: String,
    views: &[RgbImage],
) -> anyhow::Result<Vec<Row>> {
    let objects = [views];
    let mut pooled = encoder.encode_objects(&objects)?;
    let embedding = pooled.pop().context("the encoder returned no vector")?;
    Ok(vec![Row {
        object_id,
        embedding,
    }])
}

fn encode_mesh(encoder: &OnnxEncoder, path: &Path) -> anyhow::Result<Vec<Row>> {
    let loaded = simcal_mesh::load_mesh(path)?;
    for warning in &loaded.warnings {
        tracing::warn!(mesh = %path.display(), "{warning}");
    }
    let config = simcal_render::RenderConfig::default();
    let mut renderer = simcal_render::Renderer::new(&config)?;
    let views = renderer.render_views(&loaded.mesh)?;
    let object_id = path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_else(|| "mesh".to_string());
    pooled_rows(encoder, object_id, &views)
}

fn write_csv(encoder: &OnnxEncoder, rows: &[Row], out: Option<&Path>) -> anyhow::Result<()> {
    let sink: Box<dyn Write> = match out {
        Some(path) => Box::new(
            std::fs::File::create(path)
                .with_context(|| format!("failed to create output file {}", path.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut writer = csv::Writer::from_writer(sink);
    let mut header = vec![
        "object_id".to_string(),
        "encoder_id".into(),
        "view_count".into(),
        "raw_norm".into(),
    ];
    header.extend((0..encoder.dimension()).map(|index| format!("d{index}")));
    writer.write_record(&header)?;
    for row in rows {
        let mut record = vec![
            row.object_id.clone(),
            encoder.id().to_string(),
            row.embedding.view_count.to_string(),
            row.embedding.raw_norm.to_string(),
        ];
        record.extend(row.embedding.vector.iter().map(ToString::to_string));
        writer.write_record(&record)?;
    }
    writer.flush()?;
    Ok(())
}
