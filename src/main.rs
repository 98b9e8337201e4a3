//! The `simcal` command-line tool; all work lives in the library crates.

use std::process::ExitCode;

use clap::Parser;

use simcal::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    simcal::cli::logging::init(cli.verbose, cli.quiet);
    match cli.command.run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            for cause in error.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::FAILURE
        }
    }
}
