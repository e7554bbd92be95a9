//! The `journeymap` binary: parse arguments, run the command, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;
use journeymap::cli::Cli;
use journeymap::commands::{self, exit};

/// Loading a map allocates a node, a string and a JSON value per scalar; mimalloc serves those
/// small allocations faster than the system allocator (about a fifth of a large `check`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Whether descriptor 1 was open when the program was loaded, read before Rust's runtime
/// reopens a closed standard output as `/dev/null` (after which it cannot be told from a
/// `/dev/null` a caller chose, as Python's `subprocess.DEVNULL`): functions in `.init_array`
/// run before the C `main` that starts the runtime.
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static NOTE_STDOUT_AT_LOAD: extern "C" fn() = {
    extern "C" fn note() {
        // SAFETY: fcntl(F_GETFD) only reads the descriptor's flags.
        let closed = unsafe { libc::fcntl(libc::STDOUT_FILENO, libc::F_GETFD) } == -1;
        journeymap::output::stdout_closed_at_load(closed);
    }
    note
};

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
