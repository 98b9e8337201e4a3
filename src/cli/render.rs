//! `simcal render`: ring views of one mesh as PNG files plus a contact sheet.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, ValueEnum};
use serde::Serialize;
use simcal_mesh::Mesh;
use simcal_render::{
    AdapterSummary, BackendChoice, NormalMode, RenderConfig, Renderer, UpAxis, contact_sheet,
    default_sheet_columns, save_png, save_views,
};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum NormalsArg {
    /// One normal per face.
    Flat,
    /// Per-vertex normals (the file's, or averaged face normals).
    Smooth,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum UpAxisArg {
    Y,
    Z,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum BackendArg {
    /// WGPU_BACKEND if set, else a GPU, then software Vulkan, then software GL.
    Auto,
    Vulkan,
    Gl,
    Metal,
    Dx12,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Mesh file (.off, .obj, .ply, .stl).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Output folder, created if missing.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// Number of views on the ring, evenly spaced in azimuth.
    #[arg(long, default_value_t = RenderConfig::default().views)]
    pub views: u32,

    /// Width and height of each view in pixels.
    #[arg(long, default_value_t = RenderConfig::default().size_px)]
    pub size: u32,

    /// Camera elevation above the ring plane in degrees.
    #[arg(long, value_name = "DEG", default_value_t = RenderConfig::default().elevation_deg, allow_negative_numbers = true)]
    pub elevation: f32,

    /// Vertical field of view in degrees.
    #[arg(long, value_name = "DEG", default_value_t = RenderConfig::default().fov_deg)]
    pub fov: f32,

    /// Flat or smooth shading normals.
    #[arg(long, value_enum, default_value_t = NormalsArg::Flat)]
    pub normals: NormalsArg,

    /// Model axis drawn pointing up (ModelNet files are z-up).
    #[arg(long, value_enum, default_value_t = UpAxisArg::Z)]
    pub up_axis: UpAxisArg,

    /// Graphics backend.
    #[arg(long, value_enum, default_value_t = BackendArg::Auto)]
    pub backend: BackendArg,
}

impl RenderArgs {
    fn config(&self) -> RenderConfig {
        RenderConfig {
            views: self.views,
            size_px: self.size,
            elevation_deg: self.elevation,
            fov_deg: self.fov,
            normals: match self.normals {
                NormalsArg::Flat => NormalMode::Flat,
                NormalsArg::Smooth => NormalMode::Smooth,
            },
            up_axis: match self.up_axis {
                UpAxisArg::Y => UpAxis::Y,
                UpAxisArg::Z => UpAxis::Z,
            },
            backend: match self.backend {
                BackendArg::Auto => BackendChoice::Auto,
                BackendArg::Vulkan => BackendChoice::Vulkan,
                BackendArg::Gl => BackendChoice::Gl,
                BackendArg::Metal => BackendChoice::Metal,
                BackendArg::Dx12 => BackendChoice::Dx12,
            },
            ..RenderConfig::default()
        }
    }
}

/// Files written by [`render_to_dir`].
#[derive(Debug)]
pub struct RenderOutput {
    pub views: Vec<PathBuf>,
    pub sheet: PathBuf,
    pub provenance: PathBuf,
}

/// Settings and adapter of one render, written next to the images.
#[derive(Serialize)]
struct RenderProvenance<'a> {
    source: &'a str,
    triangle_count: usize,
    config: &'a RenderConfig,
    adapter: &'a AdapterSummary,
}

pub fn run(args: RenderArgs) -> anyhow::Result<()> {
    let loaded = simcal_mesh::load_mesh(&args.file)
        .with_context(|| format!("failed to load mesh {}", args.file.display()))?;
    for warning in &loaded.warnings {
        tracing::warn!(mesh = %args.file.display(), "{warning}");
    }
    let stem = args
        .file
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_else(|| "mesh".to_string());
    let output = render_to_dir(
        &loaded.mesh,
        &args.file.display().to_string(),
        &stem,
        &args.config(),
        &args.out,
    )?;
    println!(
        "wrote {} views, contact sheet {} and provenance {}",
        output.views.len(),
        output.sheet.display(),
        output.provenance.display()
    );
    Ok(())
}

/// Renders `mesh` with `config` and writes `{stem}_viewNN.png`,
/// `{stem}_sheet.png` and `{stem}_render.json` into `out_dir`.
pub fn render_to_dir(
    mesh: &Mesh,
    source: &str,
    stem: &str,
    config: &RenderConfig,
    out_dir: &Path,
) -> anyhow::Result<RenderOutput> {
    let mut renderer = Renderer::new(config)?;
    let views = renderer.render_views(mesh)?;
    std::fs::create_dir_all(out_dir)
        .with_context(|| format!("failed to create output folder {}", out_dir.display()))?;
    let view_paths = save_views(&views, out_dir, stem)?;
    let sheet = contact_sheet(&views, default_sheet_columns(views.len()))?;
    let sheet_path = out_dir.join(format!("{stem}_sheet.png"));
    save_png(&sheet, &sheet_path)?;

    let provenance = RenderProvenance {
        source,
        triangle_count: mesh.triangle_count(),
        config,
        adapter: renderer.adapter_info(),
    };
    let provenance_path = out_dir.join(format!("{stem}_render.json"));
    let json = serde_json::to_string_pretty(&provenance)?;
    std::fs::write(&provenance_path, json)
        .with_context(|| format!("failed to write {}", provenance_path.display()))?;
    Ok(RenderOutput {
        views: view_paths,
        sheet: sheet_path,
        provenance: provenance_path,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wedge() -> Mesh {
        let positions = vec![
            [0.0, 0.0, 0.0],
            [2.0, 0.0, 0.0],
            [0.0, 1.0, 0.0],
            [0.0, 0.0, 1.0],
        ];
        Mesh::new(positions, vec![[0, 1, 2], [0, 1, 3], [0, 2, 3], [1, 2, 3]]).unwrap()
    }

    #[test]
    fn render_to_dir_writes_views_sheet_and_provenance() {
        let out = tempfile::tempdir().unwrap();
        let config = RenderConfig {
            views: 4,
            size_px: 32,
            ..RenderConfig::default()
        };
        let output = render_to_dir(
            &wedge(),
            "wedge.off",
            "wedge",
            &config,
            &out.path().join("new"),
        )
        .unwrap();

        assert_eq!(output.views.len(), 4);
        assert!(output.views[3].ends_with("wedge_view03.png"));
        for path in &output.views {
            let view = image::open(path).unwrap();
            assert_eq!((view.width(), view.height()), (32, 32));
        }
        let sheet = image::open(&output.sheet).unwrap();
        assert_eq!((sheet.width(), sheet.height()), (2 * 32 + 2, 2 * 32 + 2));
        let provenance: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&output.provenance).unwrap()).unwrap();
        assert_eq!(provenance["triangle_count"], 4);
        assert!(
            provenance["adapter"]["name"]
                .as_str()
                .is_some_and(|name| !name.is_empty())
        );
    }

    #[test]
    fn args_map_to_config() {
        let args = RenderArgs {
            file: PathBuf::from("chair.off"),
            out: PathBuf::from("out"),
            views: 12,
            size: 128,
            elevation: -10.0,
            fov: 30.0,
            normals: NormalsArg::Smooth,
            up_axis: UpAxisArg::Y,
            backend: BackendArg::Gl,
        };
        let config = args.config();
        assert_eq!(config.views, 12);
        assert_eq!(config.size_px, 128);
        assert_eq!(config.elevation_deg, -10.0);
        assert_eq!(config.fov_deg, 30.0);
        assert_eq!(config.normals, NormalMode::Smooth);
        assert_eq!(config.up_axis, UpAxis::Y);
        assert_eq!(config.backend, BackendChoice::Gl);
    }
}
