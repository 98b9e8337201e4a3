//! The calibration report: figures drawn from a run, the numbers the text
//! states, and `report.md` plus a self-contained `report.html`.

pub mod analysis;
mod content;
pub mod document;
mod figures;

use std::path::Path;

pub use content::build_document;
pub use figures::{draw_figures, figure_slug};

use crate::config::Plan;
use crate::figures::WrittenFigure;
use crate::pipeline::{CalibrationRun, PipelineError};

/// Writes `report.md` and `report.html` into `folder`.
pub fn write_reports(
    plan: &Plan,
    run: &CalibrationRun,
    figures: &[WrittenFigure],
    folder: &Path,
) -> Result<(), PipelineError> {
    let document = build_document(plan, run, figures, folder)?;
    for (name, text) in [
        ("report.md", document.to_markdown()),
        ("report.html", document.to_html()),
    ] {
        let path = folder.join(name);
        std::fs::write(&path, text).map_err(|error| PipelineError::write(&path, error))?;
    }
    Ok(())
}
