//! Finding the maps in the paths a command is given: files as given, folders searched.

use std::path::{Path, PathBuf};

/// Whether a file name marks a journey map.
pub fn is_map_name(name: &str) -> bool {
    name.ends_with(".journey.yaml") || name.ends_with(".journey.yml")
}

/// Expands the given paths into map files: files as given, folders searched recursively for
/// map names (files and symlinks), honouring .gitignore and skipping hidden folders. The result is sorted and
/// free of repeats so that output never depends on directory order.
pub fn collect_maps(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut found = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
        if !meta.is_dir() {
            // A file, or something that is not one (a FIFO, a device): the reader decides,
            // and refuses what is not a regular file.
            found.push(path.clone());
            continue;
        }
        let mut in_folder = Vec::new();
        for entry in ignore::WalkBuilder::new(path).require_git(false).build() {
            let entry = entry.map_err(|e| e.to_string())?;
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
