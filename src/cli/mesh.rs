//! `simcal mesh`.

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum MeshCommand {}

pub fn run(command: MeshCommand) -> anyhow::Result<()> {
    match command {}
}
