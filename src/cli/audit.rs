//! `simcal audit`, `simcal recalibrate`, `simcal log` and `simcal bucket`.

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum AuditCommand {}

#[derive(Debug, Args)]
pub struct RecalibrateArgs {}

#[derive(Debug, Subcommand)]
pub enum LogCommand {}

#[derive(Debug, Subcommand)]
pub enum BucketCommand {}

pub fn run_audit(command: AuditCommand) -> anyhow::Result<()> {
    match command {}
}

pub fn run_recalibrate(_args: RecalibrateArgs) -> anyhow::Result<()> {
    anyhow::bail!("simcal recalibrate is not built yet")
}

pub fn run_log(command: LogCommand) -> anyhow::Result<()> {
    match command {}
}

pub fn run_bucket(command: BucketCommand) -> anyhow::Result<()> {
    match command {}
}
