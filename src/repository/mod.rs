//! A repository of maps as one thing: every map under a folder, checked with its own
//! settings and libraries, for the commands that look across maps (`insights`, `site`).

pub mod history;
pub mod insights;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::{Counts, Diagnostic};
use crate::model::JourneyMap;
use crate::settings::Settings;
use crate::validate::{self, Options};

/// One map of the repository that checked without errors.
#[derive(Debug)]
pub struct Entry {
    /// The path as found (under the folder given).
    pub path: PathBuf,
    /// The path relative to the folder given, with `/` separators: how pages and reports
    /// name the map.
    pub name: String,
    pub map: JourneyMap,
    /// The map's `journeymap.toml`: rules, project settings and the diagrams' words.
    pub settings: Arc<Settings>,
    /// Its warnings and notes (a map with errors is not an entry).
    pub findings: Vec<Diagnostic>,
}

/// Every map under a folder.
#[derive(Debug)]
pub struct Repository {
    pub dir: PathBuf,
    /// The maps that checked without errors, by name.
    pub maps: Vec<Entry>,
    /// The maps left out because they have errors: name and error count.
    pub broken: Vec<(String, usize)>,
    /// The date the rules and figures count from, as (year, month, day).
    pub today: (i32, u32, u32),
}

/// Finds, reads and checks every map under `dir`, on every core.
pub fn load(dir: &Path, today: Option<(i32, u32, u32)>) -> Result<Repository, String> {
    let files = crate::load::find::collect_maps(&[dir.to_path_buf()])?;
    if files.is_empty() {
        return Err(format!(
            "no journey maps (*.journey.yaml, *.journey.yml) found in {}",
            dir.display()
        ));
    }
    let mut configs: std::collections::BTreeMap<PathBuf, Arc<Settings>> = Default::default();
    for file in &files {
        let folder = file.parent().unwrap_or(Path::new("")).to_path_buf();
        if let std::collections::btree_map::Entry::Vacant(slot) = configs.entry(folder) {
            let settings = crate::settings::discover_all(slot.key())?;
            slot.insert(Arc::new(settings));
        }
    }
    let today = today.unwrap_or_else(crate::validate::rules::review_overdue::today_utc);
    let options = Options {
        today: Some(today),
        ..Options::default()
    };
    let checked: Vec<_> = files
        .par_iter()
        .map(|path| {
            let config = &configs[path.parent().unwrap_or(Path::new(""))];
            (
                path,
                Arc::clone(config),
                validate::check_path(path, &options, &config.rules),
            )
        })
        .collect();
    let mut maps = Vec::new();
    let mut broken = Vec::new();
    for (path, settings, result) in checked {
        let checked = result?;
        let name = path
            .strip_prefix(dir)
            .unwrap_or(path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let counts = Counts::of(&checked.diagnostics);
        match checked.map {
            Some(map) if counts.errors == 0 => maps.push(Entry {
                path: path.clone(),
                name,
                map,
                settings,
                findings: checked.diagnostics,
            }),
            _ => broken.push((name, counts.errors.max(1))),
        }
    }
    maps.sort_by(|a, b| a.name.cmp(&b.name));
    broken.sort();
    Ok(Repository {
        dir: dir.to_path_buf(),
        maps,
        broken,
        today,
    })
}
