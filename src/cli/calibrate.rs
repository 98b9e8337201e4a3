//! `simcal calibrate` and `simcal init`.

use clap::Args;

#[derive(Debug, Args)]
pub struct CalibrateArgs {}

#[derive(Debug, Args)]
pub struct InitArgs {}

pub fn run(_args: CalibrateArgs) -> anyhow::Result<()> {
    anyhow::bail!("simcal calibrate is not built yet")
}

pub fn run_init(_args: InitArgs) -> anyhow::Result<()> {
    anyhow::bail!("simcal init is not built yet")
}
