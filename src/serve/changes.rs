//! Notices saves under the served folder and tells the [`Library`], which wakes the pages'
//! event streams.
//!
//! Each folder under the served one is watched (not the tree at once): the walk honours
//! .gitignore and skips hidden folders, as `check` does, so `target/` or `.git/` cost no
//! watches. Folders created later are added after the next change. The folders above the
//! served one, up to its repository's root, are watched for `journeymap.toml`. Saves that
//! come together are one change, once the folder has been quiet for [`QUIET`].

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use super::library::Library;

/// How long the folder must be quiet after a save before the pages hear of it.
const QUIET: Duration = Duration::from_millis(40);
/// The longest a stream of writes delays the news.
const AT_MOST: Duration = Duration::from_millis(250);

/// Starts watching; changes are counted on a thread of their own for the process's life.
pub fn watch(library: Arc<Library>) -> Result<(), String> {
    let (events, changes) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let _ = events.send(event);
    })
    .map_err(|e| format!("cannot watch files: {e}"))?;
    let mut watched = BTreeSet::new();
    watch_folders(&mut watcher, &mut watched, library.root());
    if watched.is_empty() {
        return Err(format!("cannot watch {}", library.root().display()));
    }
    std::thread::spawn(move || {
        while let Ok(event) = changes.recv() {
            if !is_change(&event, library.root()) {
                continue;
            }
            let until = Instant::now() + AT_MOST;
            while let Some(left) = until.checked_duration_since(Instant::now()) {
                match changes.recv_timeout(QUIET.min(left)) {
                    Ok(_) => continue,
                    Err(_) => break,
                }
            }
            watch_folders(&mut watcher, &mut watched, library.root());
            library.changed();
        }
    });
    Ok(())
}

/// Whether an event may have changed what a page shows: not a read, and, above the served
/// folder, only a `journeymap.toml` (a busy folder above, such as /tmp, wakes nobody). A
/// watcher error (events lost) counts as a change.
fn is_change(event: &notify::Result<notify::Event>, root: &Path) -> bool {
    let Ok(event) = event else { return true };
    !matches!(event.kind, notify::EventKind::Access(_))
        && event.paths.iter().any(|path| {
            path.starts_with(root) || path.file_name().is_some_and(|n| n == "journeymap.toml")
        })
}

/// Watches every folder under `root` not watched yet, and those above it up to the
/// repository's root.
fn watch_folders(watcher: &mut impl Watcher, watched: &mut BTreeSet<PathBuf>, root: &Path) {
    let mut folders: Vec<PathBuf> = ignore::WalkBuilder::new(root)
        .require_git(false)
        .build()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_some_and(|t| t.is_dir()))
        .map(ignore::DirEntry::into_path)
        .collect();
    let mut above = root.parent();
    while let Some(dir) = above.filter(|_| !root.join(".git").exists()) {
        folders.push(dir.to_path_buf());
        if dir.join(".git").exists() {
            break;
        }
        above = dir.parent();
    }
    for folder in folders {
        if !watched.contains(&folder) && watcher.watch(&folder, RecursiveMode::NonRecursive).is_ok()
        {
            watched.insert(folder);
        }
    }
}
