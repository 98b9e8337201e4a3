//! `simcal render`.

use clap::Args;

#[derive(Debug, Args)]
pub struct RenderArgs {}

pub fn run(_args: RenderArgs) -> anyhow::Result<()> {
    anyhow::bail!("simcal render is not built yet")
}
