//! `journeymap check`: finds maps, checks them in parallel, reports in the chosen format.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::{Fatal, exit, print_stdout};
use crate::cli::{CheckArgs, CheckFormat};
use crate::diagnostics::{self, Counts, HumanStyle};
use crate::validate::{self, Config, Options};

/// Whether a file name marks a journey map.
pub fn is_map_name(name: &str) -> bool {
    name.ends_with(".journey.yaml") || name.ends_with(".journey.yml")
}

/// Expands the given paths into map files: files as given, folders searched recursively for
/// map names (files and symlinks), honouring .gitignore and skipping hidden folders. The result is sorted and
/// free of repeats so that output never depends on directory order.
pub fn collect_maps(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Fatal> {
    let mut found = Vec::new();
    for path in paths {
        let meta =
            std::fs::metadata(path).map_err(|e| Fatal(format!("{}: {e}", path.display())))?;
        if !meta.is_dir() {
            // A file, or something that is not one (a FIFO, a device): the reader decides,
            // and refuses what is not a regular file.
            found.push(path.clone());
            continue;
        }
        let mut in_folder = Vec::new();
        for entry in ignore::WalkBuilder::new(path).require_git(false).build() {
            let entry = entry.map_err(|e| Fatal(e.to_string()))?;
            // A symlink with a map's name is taken too, and the reader decides: it follows a
            // link that stays inside the repository and refuses one that leaves it. (Skipping
            // links would let a map go unchecked without a word.) Linked folders are not
            // entered, so a link cannot make the walk loop.
            let is_file = entry
                .file_type()
                .is_some_and(|t| t.is_file() || t.is_symlink());
            if is_file && entry.file_name().to_str().is_some_and(is_map_name) {
                in_folder.push(clean(entry.into_path()));
            }
        }
        in_folder.sort();
        found.extend(in_folder);
    }
    let mut seen = std::collections::HashSet::new();
    found.retain(|p| seen.insert(p.clone()));
    Ok(found)
}

/// `./examples/x` -> `examples/x`, so names look the same however the folder was given.
fn clean(path: PathBuf) -> PathBuf {
    path.strip_prefix(".")
        .map(Path::to_path_buf)
        .unwrap_or(path)
}

/// The settings for each folder holding a map, read once per folder.
pub fn configs_for(files: &[PathBuf]) -> Result<BTreeMap<PathBuf, Arc<Config>>, Fatal> {
    let mut configs = BTreeMap::new();
    for file in files {
        let dir = file.parent().unwrap_or(Path::new("")).to_path_buf();
        if let std::collections::btree_map::Entry::Vacant(slot) = configs.entry(dir) {
            let config = crate::settings::discover(slot.key())?;
            slot.insert(Arc::new(config));
        }
    }
    Ok(configs)
}

pub fn run(args: &CheckArgs, color: bool) -> Result<u8, Fatal> {
    let files = collect_maps(&args.paths)?;
    if files.is_empty() {
        return Err(Fatal(format!(
            "no journey maps (*.journey.yaml, *.journey.yml) found in {}",
            args.paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let configs = configs_for(&files)?;
    let options = Options {
        today: args.today,
        ..Options::default()
    };
    let check = |path: &PathBuf| {
        let dir = path.parent().unwrap_or(Path::new(""));
        validate::check_path(path, &options, &configs[dir])
    };
    // One map is checked on this thread: starting a pool of threads for it costs more than
    // the pool could win (the validator is built beside it, by `schema::warm_up`).
    let results: Vec<_> = if files.len() == 1 {
        files.iter().map(check).collect()
    } else {
        files.par_iter().map(check).collect()
    };
    let mut all = Vec::new();
    for result in results {
        let mut checked = result.map_err(Fatal)?;
        all.append(&mut checked.diagnostics);
        // The process ends after reporting: freeing every map's trees node by node would only
        // cost time (a tenth of a large check), so the operating system reclaims them at exit.
        std::mem::forget(checked);
    }
    diagnostics::sort(&mut all);
    match args.format {
        CheckFormat::Human => {
            let text =
                diagnostics::render_human(&all, files.len(), HumanStyle { color, width: 100 });
            eprint!("{text}");
        }
        CheckFormat::Json => print_stdout(&diagnostics::render_json(&all, files.len()))?,
        CheckFormat::Github => print_stdout(&diagnostics::render_github(&all))?,
        CheckFormat::Sarif => {
            let root = sarif_root(args.sarif_root.as_deref());
            print_stdout(&diagnostics::render_sarif(
                &all,
                &crate::codes::all(),
                &root,
            ))?
        }
    }
    let counts = Counts::of(&all);
    let failed = counts.errors > 0 || (args.deny_warnings && counts.warnings > 0);
    Ok(if failed { exit::FINDINGS } else { exit::OK })
}

/// The folder SARIF paths are relative to: `--sarif-root`, else the repository around the
/// working folder (its nearest folder with `.git`), else the working folder. Code scanning
/// maps paths relative to the repository root onto its files.
fn sarif_root(given: Option<&std::path::Path>) -> std::path::PathBuf {
    use crate::load::read::lexical_absolute;
    if let Some(dir) = given {
        return lexical_absolute(dir);
    }
    let here = lexical_absolute(std::path::Path::new("."));
    here.ancestors()
        .find(|dir| dir.join(".git").exists())
        .unwrap_or(&here)
        .to_path_buf()
}
