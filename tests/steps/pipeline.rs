//! The step that runs (or reuses) the render-encode-sweep pipeline.

use cucumber::when;

use super::run_cache::shared_run;
use super::world::CalibrationWorld;

#[when("the pipeline runs")]
async fn pipeline_runs(world: &mut CalibrationWorld) -> anyhow::Result<()> {
    world.run = Some(shared_run(&world.config).await?);
    Ok(())
}
