//! The maps a `serve` shows: found under its folder, checked and drawn when asked for, with
//! the last page each drew kept for when a save breaks it.
//!
//! A map is known by its name: its path under the served folder, `/`-separated. Requests
//! name maps only through [`Library::find`], which looks the name up among the maps found
//! under the folder, so no request path is ever opened as a file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::diagnostics::{Diagnostic, HumanStyle, Severity};
use crate::layout::{Plan, RenderOptions};
use crate::render::{self, Format, Request, html::Live};
use crate::validate::{self, Options};

/// A map under the served folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The path under the folder, `/`-separated: what addresses name.
    pub name: String,
    pub path: PathBuf,
}

/// One finding as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    pub help: Option<String>,
}

impl Finding {
    /// A finding about a whole file (it cannot be read, drawn, or is gone), placed at its start.
    pub fn whole_file(
        file: &str,
        code: &'static str,
        message: String,
        help: Option<&str>,
    ) -> Finding {
        Finding {
            file: file.to_string(),
            line: 1,
            column: 1,
            severity: Severity::Error,
            code,
            message,
            help: help.map(str::to_string),
        }
    }
}

/// A page drawn from one version of a map's inputs.
#[derive(Debug, Clone)]
pub struct Drawn {
    pub version: String,
    pub page: Arc<String>,
}

/// What a map shows now.
#[derive(Debug, Clone)]
pub enum MapState {
    Drawn(Drawn),
    /// The map (or its settings) has errors: they, and the page it last drew, if any.
    Broken {
        version: String,
        findings: Vec<Finding>,
        last_good: Option<Drawn>,
    },
}

/// A map's check, without drawing: what the index lists.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub name: String,
    pub title: Option<String>,
    pub errors: usize,
    pub warnings: usize,
}

pub struct Library {
    /// The served folder, with symlinks resolved.
    root: PathBuf,
    /// Counts the changes seen under the folder; waiters wake when it moves.
    generation: Mutex<u64>,
    changed: Condvar,
    last_good: Mutex<BTreeMap<String, Drawn>>,
    /// The version of each map last reported on the terminal.
    reported: Mutex<BTreeMap<String, String>>,
    color: bool,
}

/// A checked map with the settings it was checked under.
struct Checked {
    version: String,
    checked: validate::Checked,
    settings: crate::settings::Settings,
}

impl Library {
    pub fn open(dir: &Path, color: bool) -> Result<Library, String> {
        let root = std::fs::canonicalize(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        if !root.is_dir() {
            return Err(format!("{} is not a folder", dir.display()));
        }
        Ok(Library {
            root,
            generation: Mutex::new(0),
            changed: Condvar::new(),
            last_good: Mutex::new(BTreeMap::new()),
            reported: Mutex::new(BTreeMap::new()),
            color,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The maps under the folder, as `check DIR` finds them, by name. A map that is a
    /// symlink to a file outside the folder is not served.
    pub fn maps(&self) -> Result<Vec<Entry>, String> {
        let found = crate::load::find::collect_maps(std::slice::from_ref(&self.root))?;
        Ok(found
            .into_iter()
            .filter_map(|path| {
                let resolved = std::fs::canonicalize(&path).ok()?;
                if !resolved.starts_with(&self.root) {
                    return None;
                }
                let under = path.strip_prefix(&self.root).ok()?;
                let parts: Option<Vec<&str>> =
                    under.components().map(|c| c.as_os_str().to_str()).collect();
                Some(Entry {
                    name: parts?.join("/"),
                    path,
                })
            })
            .collect())
    }

    /// The map called `name`, if the folder has one by that name now.
    pub fn find(&self, name: &str) -> Result<Option<Entry>, String> {
        Ok(self.maps()?.into_iter().find(|entry| entry.name == name))
    }

    /// Checks a map as `check` does, with the settings of its folder.
    fn check(&self, entry: &Entry) -> Result<Checked, Finding> {
        let dir = entry.path.parent().unwrap_or(&self.root);
        let settings = crate::settings::discover_all(dir)
            .map_err(|message| Finding::whole_file(&entry.name, "settings", message, None))?;
        let checked = validate::check_path(&entry.path, &Options::default(), &settings.rules)
            .map_err(|message| {
                Finding::whole_file(
                    &entry.name,
                    "read",
                    message,
                    Some("the map may have been moved or deleted"),
                )
            })?;
        let mut hasher = Vec::with_capacity(checked.file.text.len() + 64);
        hasher.extend_from_slice(checked.file.text.as_bytes());
        hasher.push(0);
        hasher.extend_from_slice(format!("{settings:?}").as_bytes());
        let version = short_digest(&hasher);
        Ok(Checked {
            version,
            checked,
            settings,
        })
    }

    /// What the index says of a map: its title and how many findings it has.
    pub fn summary(&self, entry: &Entry) -> Summary {
        let mut summary = Summary {
            name: entry.name.clone(),
            title: None,
            errors: 0,
            warnings: 0,
        };
        match self.check(entry) {
            Ok(Checked { checked, .. }) => {
                summary.title = checked.map.as_ref().map(|m| m.title.clone());
                for d in &checked.diagnostics {
                    match d.severity {
                        Severity::Error => summary.errors += 1,
                        Severity::Warning => summary.warnings += 1,
                        Severity::Note => {}
                    }
                }
            }
            Err(_) => summary.errors = 1,
        }
        summary
    }

    /// What a map shows now: its page, drawn unless this version was drawn already, or its
    /// findings. A change of state is reported on the terminal once.
    pub fn state(&self, entry: &Entry) -> MapState {
        let last_good = || lock(&self.last_good).get(&entry.name).cloned();
        let checked = match self.check(entry) {
            Ok(checked) => checked,
            Err(finding) => {
                self.report(entry, "", || {
                    eprintln!("serve: {}: {}", shown(&entry.name), shown(&finding.message))
                });
                return MapState::Broken {
                    version: String::new(),
                    findings: vec![finding],
                    last_good: last_good(),
                };
            }
        };
        let version = checked.version.clone();
        if checked.checked.has_errors() {
            let mut diagnostics = checked.checked.diagnostics;
            crate::diagnostics::sort(&mut diagnostics);
            self.report(entry, &version, || {
                let style = HumanStyle {
                    color: self.color,
                    width: 100,
                };
                eprint!(
                    "{}",
                    crate::diagnostics::render_human(&diagnostics, 1, style)
                );
            });
            return MapState::Broken {
                version,
                findings: diagnostics
                    .iter()
                    .filter(|d| d.severity != Severity::Note)
                    .map(|d| self.finding(entry, d))
                    .collect(),
                last_good: last_good(),
            };
        }
        if let Some(good) = last_good().filter(|good| good.version == version) {
            return MapState::Drawn(good);
        }
        let started = Instant::now();
        match self.draw(entry, checked) {
            Ok(drawn) => {
                lock(&self.last_good).insert(entry.name.clone(), drawn.clone());
                self.report(entry, &version, || {
                    eprintln!(
                        "serve: {} drawn in {} ms",
                        shown(&entry.name),
                        started.elapsed().as_millis()
                    );
                });
                MapState::Drawn(drawn)
            }
            Err(message) => {
                self.report(entry, &version, || {
                    eprintln!("serve: {}: {}", shown(&entry.name), shown(&message));
                });
                MapState::Broken {
                    version,
                    findings: vec![Finding::whole_file(&entry.name, "render", message, None)],
                    last_good: last_good(),
                }
            }
        }
    }

    /// Draws the page of a map that passed its check, carrying the live script.
    fn draw(&self, entry: &Entry, checked: Checked) -> Result<Drawn, String> {
        let Checked {
            version,
            checked,
            settings,
        } = checked;
        let map = checked
            .map
            .ok_or_else(|| "the map could not be read".to_string())?;
        let options = RenderOptions {
            ticket_url: settings.rules.project.ticket_url.clone(),
            labels: settings.labels,
            ..RenderOptions::default()
        };
        let plan = Plan::new(&map, &options).map_err(|e| e.to_string())?;
        let script = super::pages::live_script(&version);
        let source = entry.name.rsplit('/').next().unwrap_or(&entry.name);
        let request = Request {
            source,
            live: Some(Live {
                script: &script,
                css: super::pages::LIVE_CSS,
            }),
            ..Request::default()
        };
        let page = render::render(&plan, Format::Html, &request)?;
        let page = String::from_utf8(page).map_err(|e| e.to_string())?;
        Ok(Drawn {
            version,
            page: Arc::new(page),
        })
    }

    fn finding(&self, entry: &Entry, d: &Diagnostic) -> Finding {
        let at = d.start();
        let file = Path::new(&d.file.name)
            .strip_prefix(&self.root)
            .ok()
            .and_then(Path::to_str)
            .map_or_else(|| entry.name.clone(), str::to_string);
        Finding {
            file,
            line: at.line,
            column: at.column,
            severity: d.severity,
            code: d.code,
            message: d.message.clone(),
            help: d.help.clone(),
        }
    }

    /// Runs `say` unless this version of the map was reported already.
    fn report(&self, entry: &Entry, version: &str, say: impl FnOnce()) {
        let mut reported = lock(&self.reported);
        if reported.get(&entry.name).map(String::as_str) != Some(version) {
            reported.insert(entry.name.clone(), version.to_string());
            say();
        }
    }

    /// The number of changes seen so far.
    pub fn generation(&self) -> u64 {
        *lock(&self.generation)
    }

    /// Records a change under the folder and wakes everyone waiting for one.
    pub fn changed(&self) {
        *lock(&self.generation) += 1;
        self.changed.notify_all();
    }

    /// Waits until the generation moves past `seen`, or `timeout` passes; the generation then.
    pub fn wait_past(&self, seen: u64, timeout: Duration) -> u64 {
        let generation = lock(&self.generation);
        let (generation, _) = self
            .changed
            .wait_timeout_while(generation, timeout, |g| *g == seen)
            .unwrap_or_else(PoisonError::into_inner);
        *generation
    }
}

/// A short hex digest of `bytes`: the version of what a page shows.
pub fn short_digest(bytes: &[u8]) -> String {
    render::digest::sha256(bytes)[..12]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Text from the folder (file names, findings) as it may reach a terminal: control characters
/// escaped ([`crate::visible`]).
pub fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    crate::visible::visible_line(text)
}

/// Locks a mutex; a thread that panicked while holding it left data that is still whole
/// (each update is one insert), so the lock is taken anyway.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
