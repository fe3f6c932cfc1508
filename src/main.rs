//! The `carepath` binary: parses the command line and hands off to a front end.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = carepath::cli::Cli::parse();
    carepath::cli::run(cli)
}
