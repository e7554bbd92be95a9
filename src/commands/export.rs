//! `journeymap export mermaid|csv|xlsx|markdown FILE`: a checked map out to another format.

use std::path::Path;

use super::{Fatal, exit, print_stdout};
use crate::cli::ExportCommand;
use crate::interchange::{self, Exported};

pub fn run(command: &ExportCommand, color: bool) -> Result<u8, Fatal> {
    let (file, output) = match command {
        ExportCommand::Mermaid(a) => (&a.common.file, &a.common.output),
        ExportCommand::Csv(a) => (&a.common.file, &a.common.output),
        ExportCommand::Xlsx(a) | ExportCommand::Markdown(a) => (&a.file, &a.output),
    };
    let (map, project) = match super::load_checked(file, color)? {
        Ok(loaded) => (loaded.map, loaded.project),
        Err(()) => return Ok(exit::FINDINGS),
    };
    let (exported, format) = match command {
        ExportCommand::Mermaid(a) => {
            let mut e = interchange::mermaid::export(&map);
            if a.fence {
                e.text = format!("```mermaid\n{}```\n", e.text);
            }
            (e, "Mermaid diagram")
        }
        ExportCommand::Csv(a) => (
            interchange::csv::export(&map, a.bom, !a.no_formula_guard),
            "CSV sheet",
        ),
        ExportCommand::Markdown(_) => (interchange::markdown::export(&map, &project), "Markdown"),
        ExportCommand::Xlsx(_) => {
            let bytes = interchange::xlsx::export(&map).map_err(Fatal)?;
            write_bytes(&bytes, output.as_deref())?;
            let left_out = interchange::csv::export(&map, false, false).left_out;
            (
                Exported {
                    text: String::new(),
                    left_out,
                },
                "workbook",
            )
        }
    };
    if matches!(command, ExportCommand::Xlsx(_)) {
        print_left_out(&exported, format);
        return Ok(exit::OK);
    }
    write(&exported, output.as_deref())?;
    print_left_out(&exported, format);
    Ok(exit::OK)
}

fn print_left_out(exported: &Exported, format: &str) {
    if !exported.left_out.is_empty() {
        eprintln!("note: the {format} leaves out what it cannot hold:");
        for line in &exported.left_out {
            eprintln!("  - {line}");
        }
    }
}

/// Writes a binary file; to stdout only when it is not a terminal.
fn write_bytes(bytes: &[u8], output: Option<&Path>) -> Result<(), Fatal> {
    match output.filter(|o| o.as_os_str() != "-") {
        None => {
            use std::io::{IsTerminal, Write};
            let mut stdout = std::io::stdout().lock();
            if stdout.is_terminal() {
                return Err(Fatal(
                    "a workbook is binary: write it to a file with -o FILE.xlsx".to_string(),
                ));
            }
            stdout
                .write_all(bytes)
                .and_then(|()| stdout.flush())
                .map_err(|e| Fatal(format!("cannot write to stdout: {e}")))
        }
        Some(path) => {
            crate::output::write_atomic(path, bytes)
                .map_err(|e| Fatal(format!("{}: {e}", path.display())))?;
            eprintln!("wrote {}", path.display());
            Ok(())
        }
    }
}

fn write(exported: &Exported, output: Option<&Path>) -> Result<(), Fatal> {
    match output.filter(|o| o.as_os_str() != "-") {
        None => print_stdout(&exported.text),
        Some(path) => {
            crate::output::write_atomic(path, exported.text.as_bytes())
                .map_err(|e| Fatal(format!("{}: {e}", path.display())))?;
            eprintln!("wrote {}", path.display());
            Ok(())
        }
    }
}
