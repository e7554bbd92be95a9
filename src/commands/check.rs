//! `journeymap check`: finds maps, checks them in parallel, reports in the chosen format.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::{Fatal, exit, print_stdout};
use crate::cli::{CheckArgs, CheckFormat};
use crate::diagnostics::{self, Counts, HumanStyle};
use crate::validate::{self, Config, Options};

/// The maps in the given paths ([`crate::load::find::collect_maps`]).
pub fn collect_maps(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Fatal> {
    crate::load::find::collect_maps(paths).map_err(Fatal)
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
    // A library's own findings come with every map that uses it: report each once.
    all.dedup_by(|a, b| {
        a.code == b.code && a.span == b.span && a.message == b.message && a.file.name == b.file.name
    });
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
