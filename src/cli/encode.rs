//! `simcal encode`.

use clap::Args;

#[derive(Debug, Args)]
pub struct EncodeArgs {}

pub fn run(_args: EncodeArgs) -> anyhow::Result<()> {
    anyhow::bail!("simcal encode is not built yet")
}
