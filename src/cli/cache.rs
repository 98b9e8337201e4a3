//! `simcal cache`.

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum CacheCommand {}

pub fn run(command: CacheCommand) -> anyhow::Result<()> {
    match command {}
}
