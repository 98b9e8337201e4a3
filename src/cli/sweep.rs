//! `simcal sweep`.

use clap::Args;

#[derive(Debug, Args)]
pub struct SweepArgs {}

pub fn run(_args: SweepArgs) -> anyhow::Result<()> {
    anyhow::bail!("simcal sweep is not built yet")
}
