//! The `journeymap` binary: parse arguments, run the command, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;
use journeymap::cli::Cli;
use journeymap::commands::{self, exit};

/// Loading a map allocates a node, a string and a JSON value per scalar; mimalloc serves those
/// small allocations faster than the system allocator (about a fifth of a large `check`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    journeymap::output::note_closed_stdout();
    let cli = Cli::parse();
    match commands::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(fatal) => {
            // A path or value in the message may hold control characters: never raw.
            eprintln!(
                "error: {}",
                journeymap::visible::visible(&fatal.to_string())
            );
            ExitCode::from(exit::FATAL)
        }
    }
}
