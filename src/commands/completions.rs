//! `journeymap completions SHELL`: the shell completion script, on stdout.

use clap::CommandFactory;

use super::{Fatal, exit, print_stdout};
use crate::cli::{Cli, CompletionsArgs};

/// The completion script for `shell`.
pub fn script(shell: clap_complete::Shell) -> String {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "journeymap", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

pub fn run(args: &CompletionsArgs) -> Result<u8, Fatal> {
    print_stdout(&script(args.shell))?;
    Ok(exit::OK)
}
