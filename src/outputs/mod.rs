//! The run folder: CSV files, `provenance.json`, figures and the report.
//!
//! | file | contents |
//! |---|---|
//! | `pair-manifest.csv` | every pair with its objects, classes and perturbation |
//! | `scores.csv` | `pair_id,label,encoder,similarity,score` |
//! | `norms.csv` | pre-normalisation L2 norm per encoder and object |
//! | `threshold-by-base-rate.csv`, `roc.csv`, `pr.csv` | the sweep, as `simcal sweep` writes it |
//! | `hard-negatives.csv` | top K negatives per encoder on cosine |
//! | `provenance.json` | versions, encoder ids, adapter, seeds, full config |
//! | `figures/*.svg`, `figures/*.png` | every figure in both formats |
//! | `report.md`, `report.html` | the walk-through, HTML self-contained |

mod csv_files;

use std::path::Path;

use simcal_sweep::ReportGroup;

pub use csv_files::{
    HARD_NEGATIVES_COLUMNS, NORMS_COLUMNS, SCORES_COLUMNS, write_hard_negatives_csv,
    write_norms_csv, write_scores_csv,
};

use crate::config::Plan;
use crate::pipeline::gallery::GalleryImage;
use crate::pipeline::{CalibrationRun, PipelineError};

/// Folder inside the run folder that contains the figures.
pub const FIGURES_FOLDER: &str = "figures";

/// Writes every output of `run` into the plan's run folder (created if
/// missing) and records the folder in `run.run_folder`.
pub fn write_run_folder(
    plan: &Plan,
    run: &mut CalibrationRun,
    gallery: Option<&GalleryImage>,
    draw_figures: bool,
) -> Result<(), PipelineError> {
    let folder = plan.run_folder.as_path();
    std::fs::create_dir_all(folder).map_err(|error| PipelineError::write(folder, error))?;
    run.run_folder = Some(folder.to_path_buf());

    let manifest = folder.join("pair-manifest.csv");
    simcal_dataset::write_pair_manifest(&run.pairs, &manifest)
        .map_err(|error| PipelineError::write(&manifest, error))?;
    write_scores_csv(&folder.join("scores.csv"), run)?;
    write_norms_csv(&folder.join("norms.csv"), run)?;
    write_hard_negatives_csv(&folder.join("hard-negatives.csv"), run)?;
    write_sweep_files(folder, run)?;
    write_provenance(folder, run)?;
    if draw_figures {
        let figures = crate::report::draw_figures(plan, run, gallery)?;
        let figures_folder = folder.join(FIGURES_FOLDER);
        std::fs::create_dir_all(&figures_folder)
            .map_err(|error| PipelineError::write(&figures_folder, error))?;
        let written = figures
            .iter()
            .map(|figure| figure.write(&figures_folder))
            .collect::<Result<Vec<_>, _>>()?;
        crate::report::write_reports(plan, run, &written, folder)?;
    }
    tracing::info!(folder = %folder.display(), "wrote run folder");
    Ok(())
}

/// Writes `threshold-by-base-rate.csv`, `roc.csv` and `pr.csv` with the
/// sweep crate's writers, one group per encoder and similarity.
fn write_sweep_files(folder: &Path, run: &CalibrationRun) -> Result<(), PipelineError> {
    let groups: Vec<ReportGroup<'_>> = run
        .encoders
        .iter()
        .flat_map(|encoder| {
            encoder
                .similarities
                .iter()
                .map(move |similarity| ReportGroup {
                    encoder: Some(encoder.name.as_str()),
                    similarity: similarity.similarity.name(),
                    report: &similarity.report,
                })
        })
        .collect();
    simcal_sweep::write_sweep_csvs(folder, &groups)
        .map_err(|error| PipelineError::write(folder, error))?;
    Ok(())
}

fn write_provenance(folder: &Path, run: &CalibrationRun) -> Result<(), PipelineError> {
    let path = folder.join("provenance.json");
    let text = serde_json::to_string_pretty(&run.provenance)
        .map_err(|error| PipelineError::write(&path, error))?;
    std::fs::write(&path, text + "\n").map_err(|error| PipelineError::write(&path, error))
}
