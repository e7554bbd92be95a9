//! The `journeymap` binary: parse arguments, run the command, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;
use journeymap::cli::Cli;
use journeymap::commands::{self, exit};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match commands::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(fatal) => {
            eprintln!("error: {fatal}");
            ExitCode::from(exit::FATAL)
        }
    }
}
