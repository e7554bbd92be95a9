//! `journeymap fmt`: rewrites maps in the canonical layout ([`crate::canonical`]), comments
//! kept and values unchanged; with `--check`, lists the files that would change and exits 1
//! (for CI and the `journeymap-fmt` pre-commit hook). `-` formats standard input to standard
//! output (for editors).
//!
//! A file that is not readable YAML is reported with its diagnostics and left alone; the
//! others are still formatted, and the exit status is 1.

use std::path::Path;

use super::{Fatal, exit, print_stdout};
use crate::canonical::{self, FormatError};
use crate::cli::FmtArgs;

pub fn run(args: &FmtArgs, color: bool) -> Result<u8, Fatal> {
    let limits = crate::load::Limits::default();
    if args.paths.iter().any(|p| p == Path::new("-")) {
        if args.paths.len() > 1 {
            return Err(Fatal(
                "`-` (standard input) cannot be formatted with other paths".to_string(),
            ));
        }
        let file = match crate::load::read_stdin("<stdin>", &limits)? {
            Ok(file) => file,
            Err(diagnostic) => {
                report(&[diagnostic], color);
                return Ok(exit::FINDINGS);
            }
        };
        return match formatted(&file, color) {
            Some(text) if args.check => Ok(if text == file.text {
                exit::OK
            } else {
                eprintln!("<stdin> would be formatted");
                exit::FINDINGS
            }),
            Some(text) => print_stdout(&text).map(|()| exit::OK),
            None => Ok(exit::FINDINGS),
        };
    }
    let files = super::check::collect_maps(&args.paths)?;
    let mut status = exit::OK;
    let mut changed = 0;
    for path in &files {
        let file = match crate::load::read_path(path, &limits)? {
            Ok(file) => file,
            Err(diagnostic) => {
                report(&[diagnostic], color);
                status = exit::FINDINGS;
                continue;
            }
        };
        let Some(text) = formatted(&file, color) else {
            status = exit::FINDINGS;
            continue;
        };
        if text == file.text {
            continue;
        }
        changed += 1;
        if args.check {
            println!("{}", path.display());
            status = exit::FINDINGS;
        } else {
            crate::output::write_atomic(path, text.as_bytes())
                .map_err(|e| Fatal(format!("cannot write {}: {e}", path.display())))?;
        }
    }
    let verb = if args.check {
        "would be formatted"
    } else {
        "formatted"
    };
    eprintln!(
        "{changed} of {} file{} {verb}",
        files.len(),
        if files.len() == 1 { "" } else { "s" }
    );
    Ok(status)
}

/// `file` formatted, or `None` after reporting why it cannot be.
fn formatted(file: &std::sync::Arc<crate::source::SourceFile>, color: bool) -> Option<String> {
    match canonical::format(file) {
        Ok(text) => Some(text),
        Err(FormatError::Unreadable(diagnostics)) => {
            report(&diagnostics, color);
            None
        }
        Err(FormatError::WouldChange { pointer }) => {
            eprintln!(
                "error: {}: formatting would change the value at `{}`, so the file is left as \
                 it is; please report this map",
                file.name,
                if pointer.is_empty() { "/" } else { &pointer }
            );
            None
        }
    }
}

fn report(diagnostics: &[crate::diagnostics::Diagnostic], color: bool) {
    let mut diagnostics = diagnostics.to_vec();
    crate::diagnostics::sort(&mut diagnostics);
    let style = crate::diagnostics::HumanStyle { color, width: 100 };
    eprint!(
        "{}",
        crate::diagnostics::render_human(&diagnostics, 1, style)
    );
}
