//! The step that runs (or reuses) the render-encode-sweep pipeline.

use cucumber::{then, when};

use super::run_cache::shared_run;
use super::world::{CalibrationWorld, ensure_that};

#[when("the pipeline runs")]
async fn pipeline_runs(world: &mut CalibrationWorld) -> anyhow::Result<()> {
    world.run = Some(shared_run(&world.config).await?);
    Ok(())
}

/// Passes only when the run rendered its views on a GPU adapter, not on a
/// software rasteriser such as llvmpipe.
#[then("the views were rendered on a hardware GPU")]
fn rendered_on_gpu(world: &mut CalibrationWorld) -> anyhow::Result<()> {
    let provenance = &world.run()?.provenance;
    let device_type = provenance.render_device_type.as_deref().unwrap_or("none");
    ensure_that(device_type.to_ascii_lowercase().contains("gpu"), || {
        format!(
            "the views were rendered on {} (device type {device_type}); run on a machine with a GPU and an empty \
             embedding cache",
            provenance.render_backend
        )
    })
}
