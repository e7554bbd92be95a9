//! `journeymap export mermaid|csv|markdown FILE`: a checked map out to another format.

use std::path::Path;

use super::{Fatal, exit, print_stdout};
use crate::cli::ExportCommand;
use crate::interchange::{self, Exported};

pub fn run(command: &ExportCommand, color: bool) -> Result<u8, Fatal> {
    let (file, output) = match command {
        ExportCommand::Mermaid(a) => (&a.common.file, &a.common.output),
        ExportCommand::Csv(a) => (&a.common.file, &a.common.output),
        ExportCommand::Markdown(a) => (&a.file, &a.output),
    };
    let map = match super::load_checked(file, color)? {
        Ok(loaded) => loaded.map,
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
        ExportCommand::Markdown(_) => (interchange::markdown::export(&map), "Markdown"),
    };
    write(&exported, output.as_deref())?;
    if !exported.left_out.is_empty() {
        eprintln!("note: the {format} leaves out what it cannot hold:");
        for line in &exported.left_out {
            eprintln!("  - {line}");
        }
    }
    Ok(exit::OK)
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
