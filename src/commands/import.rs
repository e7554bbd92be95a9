//! `journeymap import mermaid|csv FILE`: a foreign file in, a checked journey map out.

use std::path::Path;
use std::sync::Arc;

use super::{Fatal, exit, print_stdout};
use crate::cli::{ImportCommand, ImportCommon, ImportCsvArgs, ImportMermaidArgs};
use crate::diagnostics::{self, HumanStyle};
use crate::interchange::{self, Imported};
use crate::load::Limits;
use crate::source::SourceFile;

/// The largest file an import reads (a diagram or a sheet far beyond any real one).
const MAX_IMPORT_BYTES: usize = 8 * 1024 * 1024;

pub fn run(command: &ImportCommand, color: bool) -> Result<u8, Fatal> {
    let common = match command {
        ImportCommand::Mermaid(args) => &args.common,
        ImportCommand::Csv(args) => &args.common,
    };
    for (flag, value) in [("--id", &common.id), ("--title", &common.title)] {
        if let Some(value) = value {
            interchange::check_flag(flag, value)?;
        }
    }
    match command {
        ImportCommand::Mermaid(args) => mermaid(args, color),
        ImportCommand::Csv(args) => csv(args, color),
    }
}

fn mermaid(args: &ImportMermaidArgs, color: bool) -> Result<u8, Fatal> {
    let file = match read_input(&args.common.file, color)? {
        Ok(file) => file,
        Err(code) => return Ok(code),
    };
    let extension = args
        .common
        .file
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let markdown = args.markdown
        || matches!(
            extension.as_deref(),
            Some("md" | "markdown" | "mdx" | "mkd" | "mdown")
        );
    let options = interchange::mermaid::ImportOptions {
        id: args.common.id.clone(),
        title: args.common.title.clone(),
        markdown,
    };
    let imported = interchange::mermaid::import(&file, &options);
    finish(imported, &file, &args.common, color)
}

fn csv(args: &ImportCsvArgs, color: bool) -> Result<u8, Fatal> {
    let base = match &args.base {
        None => None,
        Some(path) => match super::load_checked(path, color)? {
            Ok(loaded) => Some(loaded.map),
            Err(()) => {
                return Err(Fatal(format!(
                    "{}: the --base map has errors (shown above)",
                    path.display()
                )));
            }
        },
    };
    let file = match read_input(&args.common.file, color)? {
        Ok(file) => file,
        Err(code) => return Ok(code),
    };
    let options = interchange::csv::ImportOptions {
        id: args.common.id.clone(),
        title: args.common.title.clone(),
        base,
        delimiter: args.delimiter,
    };
    let imported = interchange::csv::import(&file, &options);
    finish(imported, &file, &args.common, color)
}

/// Reads the input file (or stdin for `-`). `Ok(Err(code))` when its bytes are not text: the
/// diagnostic has been printed.
fn read_input(path: &Path, color: bool) -> Result<Result<Arc<SourceFile>, u8>, Fatal> {
    let limits = Limits {
        max_bytes: MAX_IMPORT_BYTES,
        ..Limits::default()
    };
    let decoded = if path.as_os_str() == "-" {
        crate::load::read_stdin("<stdin>", &limits).map_err(Fatal)?
    } else {
        crate::load::read_path(path, &limits).map_err(Fatal)?
    };
    match decoded {
        Ok(file) => Ok(Ok(file)),
        Err(diagnostic) => {
            print_diagnostics(&[diagnostic], color);
            Ok(Err(exit::FINDINGS))
        }
    }
}

fn print_diagnostics(diagnostics: &[diagnostics::Diagnostic], color: bool) {
    let mut sorted = diagnostics.to_vec();
    diagnostics::sort(&mut sorted);
    let style = HumanStyle { color, width: 100 };
    eprint!("{}", diagnostics::render_human(&sorted, 1, style));
}

/// The `$schema` a map written to `output` names: the flag, else the nearest schema file. A
/// flag that would break the map's first line (a line break, a control character) is refused.
pub fn schema_reference(
    flag: Option<&str>,
    output: Option<&Path>,
) -> Result<(String, Option<String>), Fatal> {
    if let Some(schema) = flag {
        interchange::check_flag("--schema", schema)?;
        return Ok((schema.to_string(), None));
    }
    let dir = output
        .and_then(Path::parent)
        .unwrap_or(Path::new(""))
        .to_path_buf();
    Ok(match interchange::init::find_schema(&dir) {
        Some(found) => (found, None),
        None => (
            "journeymap.schema.json".to_string(),
            Some(
                "no journeymap.schema.json found nearby; write one with `journeymap schema > \
                 journeymap.schema.json` so that editors can check the map as you type"
                    .to_string(),
            ),
        ),
    })
}

/// Reports, checks the result as `check` would, and writes it.
fn finish(
    imported: Imported,
    input: &Arc<SourceFile>,
    common: &ImportCommon,
    color: bool,
) -> Result<u8, Fatal> {
    if !imported.diagnostics.is_empty() {
        print_diagnostics(&imported.diagnostics, color);
    }
    if imported.has_errors() {
        return Ok(exit::FINDINGS);
    }
    let Some(map) = &imported.map else {
        return Ok(exit::FINDINGS);
    };
    let output = common.output.as_deref().filter(|o| o.as_os_str() != "-");
    let (schema, schema_note) = schema_reference(common.schema.as_deref(), output)?;
    // The safety net: what is written must pass `check`; what does not is shown at the
    // input's cells and lines, never at the generated text.
    let yaml = match interchange::write_checked(&imported, map, input, &schema) {
        Ok(yaml) => yaml,
        Err(diagnostics) => {
            print_diagnostics(&diagnostics, color);
            return Ok(exit::FINDINGS);
        }
    };
    for note in imported.notes.iter().chain(schema_note.iter()) {
        eprintln!("note: {note}");
    }
    match output {
        None => print_stdout(&yaml)?,
        Some(path) => {
            crate::output::write_atomic(path, yaml.as_bytes())
                .map_err(|e| Fatal(format!("{}: {e}", path.display())))?;
            eprintln!("wrote {}", path.display());
        }
    }
    Ok(exit::OK)
}
