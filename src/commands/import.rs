//! `journeymap import mermaid|csv FILE`: a foreign file in, a checked journey map out.

use std::path::Path;
use std::sync::Arc;

use super::{Fatal, exit, print_stdout};
use crate::cli::{ImportCommand, ImportCommon, ImportCsvArgs, ImportMermaidArgs, ImportXlsxArgs};
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
        ImportCommand::Xlsx(args) => &args.common,
    };
    for (flag, value) in [("--id", &common.id), ("--title", &common.title)] {
        if let Some(value) = value {
            interchange::check_flag(flag, value)?;
        }
    }
    match command {
        ImportCommand::Mermaid(args) => mermaid(args, color),
        ImportCommand::Csv(args) => csv(args, color),
        ImportCommand::Xlsx(args) => xlsx(args, color),
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
    finish(imported, &file, &args.common, color, None, None)
}

fn csv(args: &ImportCsvArgs, color: bool) -> Result<u8, Fatal> {
    let (base, base_file) = read_base(args.base.as_deref(), color)?;
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
    let base_path = args.base.as_deref();
    finish(
        imported,
        &file,
        &args.common,
        color,
        base_file.as_ref(),
        base_path,
    )
}

fn xlsx(args: &ImportXlsxArgs, color: bool) -> Result<u8, Fatal> {
    let (base, base_file) = read_base(args.base.as_deref(), color)?;
    let path = &args.common.file;
    let bytes = if path.as_os_str() == "-" {
        crate::load::read::read_stdin(MAX_IMPORT_BYTES)
    } else {
        crate::load::read::read_file(path, MAX_IMPORT_BYTES)
    }
    .map_err(Fatal)?;
    let crate::load::read::Bytes::Whole(bytes) = bytes else {
        return Err(Fatal(format!(
            "{}: larger than {} MiB, far beyond any journey map's sheet",
            path.display(),
            MAX_IMPORT_BYTES / (1024 * 1024)
        )));
    };
    // A file that is not a workbook, or a cell with a formula error, is bad input (exit 1).
    let file = match interchange::xlsx::to_csv(&path.display().to_string(), bytes) {
        Ok(file) => file,
        Err(message) => {
            eprintln!("error: {}", crate::visible::visible(&message));
            return Ok(exit::FINDINGS);
        }
    };
    let options = interchange::csv::ImportOptions {
        id: args.common.id.clone(),
        title: args.common.title.clone(),
        base,
        delimiter: Some(b','),
    };
    let imported = interchange::csv::import(&file, &options);
    let base_path = args.base.as_deref();
    finish(
        imported,
        &file,
        &args.common,
        color,
        base_file.as_ref(),
        base_path,
    )
}

/// A map and its text, read and checked: the base of an import.
type Base = (
    Option<crate::model::JourneyMap>,
    Option<(String, crate::model::JourneyMap)>,
);

/// Reads `--base`: its map, for the importer, and its text with the map, for editing. A base
/// with errors is fatal (they are printed).
fn read_base(path: Option<&Path>, color: bool) -> Result<Base, Fatal> {
    let Some(path) = path else {
        return Ok((None, None));
    };
    match super::load_checked(path, color)? {
        Ok(loaded) => {
            let text = loaded.file.text.clone();
            Ok((Some(loaded.map.clone()), Some((text, loaded.map))))
        }
        Err(()) => Err(Fatal(format!(
            "{}: the --base map has errors (shown above)",
            path.display()
        ))),
    }
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

/// Reports, checks the result as `check` would, and writes it: with `base` (the text of
/// `--base`, read from `base_path`), as edits to that text, which keeps its comments and
/// formatting.
fn finish(
    imported: Imported,
    input: &Arc<SourceFile>,
    common: &ImportCommon,
    color: bool,
    base: Option<&(String, crate::model::JourneyMap)>,
    base_path: Option<&Path>,
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
    // The safety net: what is written must pass `check`, as the base does where it is (its
    // libraries, links and settings are written back as they were, relative to it), else
    // where the output goes; what does not is shown at the input's cells and lines, never at
    // the generated text.
    let lives_at = base_path.or(output);
    let config = match lives_at {
        Some(path) => crate::settings::discover(path.parent().unwrap_or(Path::new("")))?,
        None => crate::validate::Config::default(),
    };
    let yaml = match interchange::write_checked(&imported, map, input, &schema, lives_at, &config) {
        Ok(yaml) => yaml,
        Err(diagnostics) => {
            print_diagnostics(&diagnostics, color);
            return Ok(exit::FINDINGS);
        }
    };
    let mut notes: Vec<String> = imported
        .notes
        .iter()
        .chain(schema_note.iter())
        .cloned()
        .collect();
    let edited =
        base.map(|(text, base_map)| (text, interchange::patch::edit_base(text, base_map, map)));
    let yaml = match edited {
        None => yaml,
        Some((_, Some(edited))) => {
            if edited.comments_kept < edited.comments_in_base {
                notes.push(format!(
                    "kept {} of the base's {} comment lines; the others were in steps the \
                     sheet removed or on values written again",
                    edited.comments_kept, edited.comments_in_base
                ));
            }
            edited.text
        }
        Some((text, None)) => {
            let comments = text
                .lines()
                .filter(|line| line.trim_start().starts_with('#'))
                .count();
            if comments > 0 {
                notes.push(format!(
                    "the base could not be edited in place (it uses anchors or aliases, or \
                     its layout defeated the editor), so the map is written whole and the \
                     base's {comments} comment lines are not kept"
                ));
            }
            yaml
        }
    };
    for note in &notes {
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
