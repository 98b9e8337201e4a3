//! `simcal catalog`.

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum CatalogCommand {}

pub fn run(command: CatalogCommand) -> anyhow::Result<()> {
    match command {}
}
