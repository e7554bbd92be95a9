//! `journeymap init [--kind KIND] NAME`: a commented starter map that passes `check`.

use std::path::{Path, PathBuf};

use super::{Fatal, exit};
use crate::cli::{InitArgs, InitEditor, InitKind};
use crate::interchange::init;
use crate::model::Kind;

pub fn run(args: &InitArgs) -> Result<u8, Fatal> {
    crate::interchange::check_flag("NAME", &args.name)?;
    let target = init::target(&args.name).ok_or_else(|| {
        Fatal(format!(
            "`{}` cannot name a map: give a name such as `checkout` or `maps/Online checkout`",
            args.name
        ))
    })?;
    if target.path.exists() {
        return Err(Fatal(format!(
            "{} already exists; journeymap init never overwrites a file (choose another name, \
             or move the file away)",
            target.path.display()
        )));
    }
    let kind = match args.kind {
        InitKind::Journey => Kind::Journey,
        InitKind::ServiceBlueprint => Kind::ServiceBlueprint,
        InitKind::DayInTheLife => Kind::DayInTheLife,
    };
    if let Some(flag) = &args.schema {
        crate::interchange::check_flag("--schema", flag)?;
    }
    if let Some(dir) = target.path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Fatal(format!("{}: {e}", dir.display())))?;
    }
    let map_dir = target
        .path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let root = repository_root(map_dir);
    let (schema, note) = match (&args.schema, init::find_schema(map_dir)) {
        (Some(flag), _) => super::import::schema_reference(Some(flag), Some(&target.path))?,
        (None, Some(found)) => (found, None),
        (None, None) => {
            // No schema nearby: put one at the repository root, so that the reference works.
            let path = root.join("journeymap.schema.json");
            crate::output::write_atomic(&path, crate::schema::COMMITTED.as_bytes())
                .map_err(|e| Fatal(format!("{}: {e}", path.display())))?;
            eprintln!(
                "wrote {} (the format's JSON Schema, for editors; commit it with the maps)",
                path.display()
            );
            (relative_to(&root, map_dir, "journeymap.schema.json"), None)
        }
    };
    if args.editor == Some(InitEditor::Vscode) {
        let reference = init::find_schema(&root).unwrap_or_else(|| schema.clone());
        vscode_settings(&root, &reference)?;
    }
    let text = init::starter(kind, &target, &schema);
    crate::output::write_atomic(&target.path, text.as_bytes())
        .map_err(|e| Fatal(format!("{}: {e}", target.path.display())))?;
    if let Some(note) = note {
        eprintln!("note: {note}");
    }
    eprintln!(
        "created {}; check it with `journeymap check {}`",
        target.path.display(),
        target.path.display()
    );
    Ok(exit::OK)
}

/// The repository around `dir`: the nearest folder at or above it with `.git`, else `dir`.
fn repository_root(dir: &Path) -> PathBuf {
    let absolute = crate::source::lexical_absolute(dir);
    absolute
        .ancestors()
        .find(|at| at.join(".git").exists())
        .unwrap_or(&absolute)
        .to_path_buf()
}

/// `file` at `root` as a path relative to `dir` (a folder at or below `root`).
fn relative_to(root: &Path, dir: &Path, file: &str) -> String {
    let dir = crate::source::lexical_absolute(dir);
    let depth = dir
        .strip_prefix(root)
        .map_or(0, |below| below.components().count());
    format!("{}{file}", "../".repeat(depth))
}

/// Adds the `yaml.schemas` association of VS Code's YAML extension to
/// `.vscode/settings.json` under `root`, keeping every other setting. A settings file that is
/// not plain JSON (VS Code allows comments) is left alone, and the lines to add are printed.
fn vscode_settings(root: &Path, schema: &str) -> Result<(), Fatal> {
    use serde_json::{Map, Value, json};
    let path = root.join(".vscode").join("settings.json");
    let schema = if schema.contains("://") || schema.starts_with('/') {
        schema.to_string()
    } else {
        format!("./{}", schema.trim_start_matches("./"))
    };
    let globs = json!(["**/*.journey.yaml", "**/*.journey.yml"]);
    let mut settings = match std::fs::read_to_string(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Map::new(),
        Err(e) => return Err(Fatal(format!("{}: {e}", path.display()))),
        Ok(text) => match serde_json::from_str::<Value>(&text) {
            Ok(Value::Object(settings)) => settings,
            _ => {
                eprintln!(
                    "note: {} is not plain JSON (comments?), so it was left alone; add:\n  \
                     \"yaml.schemas\": {{ \"{schema}\": [\"**/*.journey.yaml\", \"**/*.journey.yml\"] }}",
                    path.display()
                );
                return Ok(());
            }
        },
    };
    let schemas = settings
        .entry("yaml.schemas")
        .or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(schemas) = schemas else {
        return Err(Fatal(format!(
            "{}: `yaml.schemas` is not an object; fix it, then run init again",
            path.display()
        )));
    };
    schemas.insert(schema, globs);
    let mut text = serde_json::to_string_pretty(&Value::Object(settings))
        .map_err(|e| Fatal(format!("{}: {e}", path.display())))?;
    text.push('\n');
    std::fs::create_dir_all(root.join(".vscode"))
        .map_err(|e| Fatal(format!("{}: {e}", path.display())))?;
    crate::output::write_atomic(&path, text.as_bytes())
        .map_err(|e| Fatal(format!("{}: {e}", path.display())))?;
    eprintln!(
        "wrote {} (VS Code's YAML extension: maps use the schema)",
        path.display()
    );
    Ok(())
}
