//! `simcal mesh info`: load one mesh file and print its summary and the
//! warnings raised while reading it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use clap::{Args, Subcommand};
use simcal_mesh::{LoadedMesh, MeshSummary, load_mesh};

#[derive(Debug, Subcommand)]
pub enum MeshCommand {
    /// Print counts, bounding box, topology checks and load warnings of a mesh file
    /// (.off, .obj, .ply or .stl). Exits non-zero when the file cannot be read.
    Info(InfoArgs),
}

#[derive(Debug, Args)]
pub struct InfoArgs {
    /// Mesh file to inspect.
    pub file: PathBuf,

    /// Print the summary and warnings as one JSON object.
    #[arg(long)]
    pub json: bool,
}

pub fn run(command: MeshCommand) -> anyhow::Result<()> {
    match command {
        MeshCommand::Info(args) => {
            let output = info(&args.file, args.json)?;
            print!("{output}");
            Ok(())
        }
    }
}

/// Loads `file` and formats its summary as text or JSON.
fn info(file: &Path, json: bool) -> anyhow::Result<String> {
    let start = Instant::now();
    let loaded = load_mesh(file).with_context(|| format!("cannot read mesh {}", file.display()))?;
    let summary = loaded.mesh.summary();
    tracing::info!(
        path = %file.display(),
        elapsed_ms = start.elapsed().as_millis() as u64,
        "mesh loaded and summarised"
    );
    for warning in &loaded.warnings {
        tracing::debug!(path = %file.display(), %warning, "load warning");
    }
    if json {
        let value = serde_json::json!({
            "path": file.display().to_string(),
            "summary": summary,
            "has_normals": loaded.mesh.normals().is_some(),
            "has_colors": loaded.mesh.colors().is_some(),
            "warnings": loaded.warnings,
        });
        Ok(format!("{}\n", serde_json::to_string_pretty(&value)?))
    } else {
        Ok(format_text(file, &loaded, &summary))
    }
}

fn format_text(file: &Path, loaded: &LoadedMesh, summary: &MeshSummary) -> String {
    let yes_no = |flag: bool| if flag { "yes" } else { "no" };
    let [min, max] = [summary.bounding_box.min, summary.bounding_box.max];
    let extent = summary.bounding_box.extent();
    let mut text = String::new();
    // Writing to a String cannot fail, so the results are ignored.
    let _ = writeln!(text, "file:                    {}", file.display());
    let _ = writeln!(text, "vertices:                {}", summary.vertex_count);
    let _ = writeln!(text, "triangles:               {}", summary.triangle_count);
    let _ = writeln!(
        text,
        "bounding box min:        {} {} {}",
        min[0], min[1], min[2]
    );
    let _ = writeln!(
        text,
        "bounding box max:        {} {} {}",
        max[0], max[1], max[2]
    );
    let _ = writeln!(
        text,
        "extent:                  {} {} {}",
        extent[0], extent[1], extent[2]
    );

    let _ = writeln!(text, "surface area:            {:.6}", summary.surface_area);
    let _ = writeln!(
        text,
        "unreferenced vertices:   {}",
        summary.unreferenced_vertex_count
    );
    let _ = writeln!(
        text,
        "duplicate vertices:      {}",
        summary.duplicate_vertex_count
    );
    let _ = writeln!(
        text,
        "degenerate triangles:    {}",
        summary.degenerate_triangle_count
    );

    let _ = writeln!(text, "edges:                   {}", summary.edge_count);
    let _ = writeln!(
        text,
        "boundary edges:          {}",
        summary.boundary_edge_count
    );
    let _ = writeln!(
        text,
        "non-manifold edges:      {}",
        summary.non_manifold_edge_count
    );
    let _ = writeln!(
        text,
        "winding consistent:      {} ({} edges traversed twice in the same direction)",
        yes_no(summary.winding_consistent),
        summary.inconsistent_winding_edge_count
    );

    let _ = writeln!(
        text,
        "vertex normals:          {}",
        yes_no(loaded.mesh.normals().is_some())
    );
    let _ = writeln!(
        text,
        "vertex colours:          {}",
        yes_no(loaded.mesh.colors().is_some())
    );

    if loaded.warnings.is_empty() {
        let _ = writeln!(text, "warnings:                none");
    } else {
        let _ = writeln!(text, "warnings:                {}", loaded.warnings.len());
        for warning in &loaded.warnings {
            let _ = writeln!(text, "  - {warning}");
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/meshes")
            .join(name)
    }

    #[test]
    fn info_prints_summary_and_warnings() {
        let text = info(&fixture("l-prism-quads.off"), false).unwrap();
        assert!(text.contains("vertices:                12\n"), "{text}");
        assert!(text.contains("triangles:               20\n"), "{text}");
        assert!(text.contains("boundary edges:          0\n"), "{text}");
        assert!(text.contains("winding consistent:      yes"), "{text}");
        assert!(
            text.contains("per-face colours on 1 faces ignored"),
            "{text}"
        );
    }

    #[test]
    fn info_json_has_summary_fields() {
        let text = info(&fixture("l-prism-quads.off"), true).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["summary"]["triangle_count"], 20);
        assert_eq!(value["summary"]["non_manifold_edge_count"], 0);
        assert_eq!(value["summary"]["bounding_box"]["max"][2], 1.0);
    }

    #[test]
    fn info_fails_on_unreadable_file() {
        let error = info(&fixture("truncated.off"), false).unwrap_err();
        let message = format!("{error:#}");
        assert!(message.contains("truncated.off"), "{message}");
        assert!(message.contains("ends after 2 of 4 vertices"), "{message}");
    }
}
