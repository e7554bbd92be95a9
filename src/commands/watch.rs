//! `journeymap watch`: draws maps as `render` does, then again each time one of them, or a
//! file they use, is saved.
//!
//! What is watched: each map, the baseline it names, the `--template`, and any
//! `journeymap.toml` from the map's folder up to its repository's root (its `[labels]` and
//! rules change what is drawn). Folders are watched rather than files, because editors save by
//! writing a new file and renaming it over the old one, which ends a watch on the file itself.
//! Saves that come together (an editor writing a file and its backup) are drawn once, after
//! the files have been quiet for the debounce time.
//!
//! A map with errors prints its diagnostics and leaves every output as it was: `render`
//! writes nothing until all maps have drawn. Ctrl-C removes the temporary file of an output
//! being drawn ([`crate::output`]) and ends the process.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use super::{Fatal, exit, render};
use crate::cli::WatchArgs;

pub fn run(args: &WatchArgs, color: bool) -> Result<u8, Fatal> {
    let (events, changes) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // The receiver lives as long as the process; a failed send means it is ending.
        let _ = events.send(event);
    })
    .map_err(|e| Fatal(format!("cannot watch files: {e}")))?;
    let debounce = Duration::from_millis(args.debounce);
    let mut watched_dirs: BTreeSet<PathBuf> = BTreeSet::new();
    loop {
        // Watch first, then draw: a save while drawing is then seen, and draws again.
        let inputs = Inputs::of(args);
        for dir in &inputs.dirs {
            if watched_dirs.insert(dir.clone())
                && let Err(e) = watcher.watch(dir, RecursiveMode::NonRecursive)
            {
                watched_dirs.remove(dir);
                if watched_dirs.is_empty() {
                    return Err(Fatal(format!("cannot watch {}: {e}", dir.display())));
                }
                eprintln!("warning: cannot watch {}: {e}", dir.display());
            }
        }
        let started = Instant::now();
        match render::run(&args.render, color) {
            Ok(exit::OK) => eprintln!(
                "watch: drawn in {} ms; waiting for changes (Ctrl-C to stop)",
                started.elapsed().as_millis()
            ),
            Ok(_) => eprintln!(
                "watch: not drawn, the outputs are as they were; waiting for a fix (Ctrl-C to stop)"
            ),
            // A map that cannot be read now (an editor between deleting and writing it, a
            // bad option in journeymap.toml) is reported and waited out, not the end.
            Err(fatal) => eprintln!("error: {fatal}\nwatch: waiting for changes (Ctrl-C to stop)"),
        }
        wait_for_change(&changes, &inputs, debounce)?;
    }
}

/// Blocks until a watched input changes, then until the inputs have been quiet for
/// `debounce` (at most two seconds in all, so a file written continuously is still drawn).
fn wait_for_change(
    changes: &mpsc::Receiver<notify::Result<notify::Event>>,
    inputs: &Inputs,
    debounce: Duration,
) -> Result<(), Fatal> {
    let gone = || Fatal("the file watcher stopped".to_string());
    loop {
        let event = changes.recv().map_err(|_| gone())?;
        if inputs.touched_by(&event) {
            break;
        }
    }
    let until = Instant::now() + Duration::from_secs(2);
    loop {
        let now = Instant::now();
        if now >= until {
            return Ok(());
        }
        match changes.recv_timeout(debounce.min(until - now)) {
            Ok(_) => continue,
            Err(mpsc::RecvTimeoutError::Timeout) => return Ok(()),
            Err(mpsc::RecvTimeoutError::Disconnected) => return Err(gone()),
        }
    }
}

/// The files a render of these maps reads, and the folders to watch for them.
struct Inputs {
    /// Absolute paths.
    files: BTreeSet<PathBuf>,
    /// The folders of `files`, and each map's folders up to its repository's root (for
    /// `journeymap.toml`).
    dirs: BTreeSet<PathBuf>,
}

impl Inputs {
    fn of(args: &WatchArgs) -> Inputs {
        let mut files = BTreeSet::new();
        let mut dirs = BTreeSet::new();
        for map in &args.render.files {
            let map = absolute(map);
            if let Some(baseline) = baseline_of(&map) {
                files.insert(baseline);
            }
            let mut dir = map.parent().map(Path::to_path_buf);
            while let Some(d) = dir {
                dirs.insert(d.clone());
                if d.join(".git").exists() {
                    break;
                }
                dir = d.parent().map(Path::to_path_buf);
            }
            files.insert(map);
        }
        if let Some(template) = &args.render.template {
            files.insert(absolute(template));
        }
        for file in &files {
            if let Some(dir) = file.parent() {
                dirs.insert(dir.to_path_buf());
            }
        }
        Inputs { files, dirs }
    }

    /// Whether `event` changed one of the inputs or a `journeymap.toml`. A watcher error
    /// (events lost) counts as a change: drawing again is the safe answer.
    fn touched_by(&self, event: &notify::Result<notify::Event>) -> bool {
        let Ok(event) = event else { return true };
        if matches!(event.kind, notify::EventKind::Access(_)) {
            return false;
        }
        event.paths.iter().any(|path| {
            self.files.contains(path) || path.file_name().is_some_and(|n| n == "journeymap.toml")
        })
    }
}

/// The baseline `map` names, resolved as `check` resolves it (beside the map), if the map
/// can be read now.
fn baseline_of(map: &Path) -> Option<PathBuf> {
    let checked = crate::validate::check_path(
        map,
        &crate::validate::Options::default(),
        &crate::validate::Config::default(),
    )
    .ok()?;
    let baseline = checked.map?.baseline?;
    Some(absolute(&map.parent()?.join(baseline)))
}

/// `path` made absolute against the current folder, without resolving symlinks (the watcher
/// reports paths as they were given to it, under the folder watched).
fn absolute(path: &Path) -> PathBuf {
    crate::load::read::lexical_absolute(path)
}
