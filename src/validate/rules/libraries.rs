//! JM209 library, JM210 ambiguous-definition, JM211 shadowed-definition: shared personas and
//! channels.
//!
//! A map names libraries (`libraries:`, and `journeymap.toml`'s `libraries`); a library
//! defines personas and channels once for many maps. [`resolve`] runs after the map is read
//! and before the other rules: it loads each library (bounded and confined like every input),
//! reports a broken library at its own lines, and puts the definitions the map uses into the
//! map, so that every later stage (rules, render, diff, export, insights) sees one resolved map.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::RuleInfo;
use crate::diagnostics::{Diagnostic, Severity};
use crate::load::{self, Document, Limits};
use crate::model::{Channel, Emotion, JourneyMap, Library, Persona, is_builtin_channel};
use crate::source::SourceFile;
use crate::suggest::nearest;
use crate::validate::{Config, schema};

/// ## What it does
/// Reports a library a map names that cannot be used: the file does not exist, is not named
/// `*.library.yaml` (or `.yml`), is an absolute path or leads outside the repository (it is
/// then never read), or cannot be read. Errors inside a library are reported at their own
/// line and column in the library, with the codes they have in a map.
///
/// ## Why
/// Personas and channels a map takes from a library vanish with it: the map would draw
/// nobody's emotions, or fail on every touchpoint.
///
/// ## Example
/// ```yaml
/// libraries: [../shared/peple.library.yaml]   # no such file: did you mean people.library.yaml?
/// ```
pub static LIBRARY: RuleInfo = RuleInfo::fixed("JM209", "library");

/// ## What it does
/// Reports a persona or channel id that two libraries a map uses define differently, at the
/// place in the map that uses it.
///
/// ## Why
/// Which definition the map would get depends on the order of its libraries: two teams'
/// `busy-parent` can be two different people.
///
/// ## Example
/// ```yaml
/// libraries: [retail.library.yaml, banking.library.yaml]   # both define `busy-parent`
/// personas: [busy-parent]
/// ```
pub static AMBIGUOUS: RuleInfo = RuleInfo::rule("JM210", "ambiguous-definition", Severity::Error);

/// ## What it does
/// Reports a persona or channel defined in a map whose id a library the map uses also
/// defines. The map's own definition is the one used.
///
/// ## Why
/// A shared persona redefined in one map drifts from the library without anyone noticing;
/// use it by id (`personas: [busy-parent]`), or give the map's own persona another id.
///
/// ## Example
/// ```yaml
/// libraries: [../shared/people.library.yaml]   # defines busy-parent
/// personas:
///   - id: busy-parent                          # defined again here
///     name: Priya
/// ```
pub static SHADOWED: RuleInfo = RuleInfo::rule("JM211", "shadowed-definition", Severity::Warning);

/// The names a library file has.
pub const LIBRARY_SUFFIXES: [&str; 2] = [".library.yaml", ".library.yml"];

/// Whether `name` is a library file's name.
pub fn is_library_name(name: &str) -> bool {
    LIBRARY_SUFFIXES.iter().any(|s| name.ends_with(s))
}

/// A library read and checked, with where it was named from.
pub struct LoadedLibrary {
    /// The library as the map or the settings wrote it.
    pub written: String,
    pub file: Arc<SourceFile>,
    pub document: Document,
    pub library: Library,
}

/// Where a library was named: the map's `libraries` entry, or `journeymap.toml`.
enum NamedBy {
    Map(usize),
    Settings(PathBuf),
}

/// Loads the map's libraries, reports what is wrong with them and with the map's use of
/// them, and puts the definitions the map uses into `map` (marked `shared`). The map's
/// libraries come first, then the settings' libraries; a file named twice is read once.
pub fn resolve(
    document: &Document,
    map: &mut JourneyMap,
    config: &Config,
    limits: &Limits,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let file = &document.file;
    let mut named: Vec<(NamedBy, String, Option<PathBuf>)> = Vec::new();
    let base = file.base_dir();
    for (i, written) in map.libraries.iter().enumerate() {
        named.push((
            NamedBy::Map(i),
            written.clone(),
            base.map(|d| d.join(written)),
        ));
    }
    let settings = config.path.clone().unwrap_or_default();
    for (written, path) in &config.project.libraries {
        named.push((
            NamedBy::Settings(settings.clone()),
            written.clone(),
            Some(shown_from_here(&tidy(path))),
        ));
    }
    if named.is_empty() {
        return out;
    }
    let mut libraries: Vec<LoadedLibrary> = Vec::new();
    let mut seen: Vec<PathBuf> = Vec::new();
    for (by, written, path) in named {
        let problem = |message: String, label: String, help: &str| {
            let d = match &by {
                NamedBy::Map(i) => {
                    let span = document.locate(&format!("/libraries/{i}")).map(|l| l.value);
                    Diagnostic::new(&LIBRARY, file, span, message)
                }
                NamedBy::Settings(toml) => Diagnostic::new(
                    &LIBRARY,
                    file,
                    None,
                    format!("{message} (named in {})", toml.display()),
                ),
            };
            d.with_label(label).with_help(help.to_string())
        };
        let Some(path) = path else {
            // A map read from standard input has no folder to resolve libraries against.
            out.push(problem(
                format!("the library `{written}` cannot be found from standard input"),
                "no folder to resolve it against".into(),
                "check the map as a file",
            ));
            continue;
        };
        if crate::validate::rules::baseline::is_absolute_anywhere(&written) {
            out.push(problem(
                format!("the library `{written}` is outside this map's repository"),
                "not read: it is an absolute path".into(),
                "name a library in the same repository, by a path relative to the map's folder",
            ));
            continue;
        }
        if !is_library_name(&written) {
            out.push(problem(
                format!("the library `{written}` is not a library file"),
                "not read: the name does not end in .library.yaml or .library.yml".into(),
                "libraries are files named like `people.library.yaml`",
            ));
            continue;
        }
        let anchor = match &by {
            NamedBy::Map(_) => file.path.clone(),
            NamedBy::Settings(toml) => Some(toml.clone()),
        };
        if let Some(anchor) = anchor {
            let root = load::read::repository_root(&anchor);
            if !load::read::resolves_inside(&path, &root) {
                out.push(problem(
                    format!("the library `{written}` is outside this map's repository"),
                    format!("not read: it leads outside {}", root.display()),
                    "name a library in the same repository, by a path relative to the map's folder",
                ));
                continue;
            }
        }
        if !path.is_file() {
            let help = match sibling_suggestion(&path) {
                Some(s) => format!(
                    "did you mean `{s}`? The path is relative to the folder of the file that names it"
                ),
                None => "the path is relative to the folder of the file that names it".into(),
            };
            out.push(problem(
                format!("the library `{written}` does not exist"),
                format!("no file at {}", path.display()),
                &help,
            ));
            continue;
        }
        let canonical = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if seen.contains(&canonical) {
            continue;
        }
        seen.push(canonical);
        match load_library(&path, written.clone(), limits) {
            Err(Loaded::Unreadable(reason)) => out.push(problem(
                format!("the library `{written}` cannot be read"),
                reason,
                "libraries are UTF-8 YAML files in the repository",
            )),
            Err(Loaded::Findings(mut findings)) => out.append(&mut findings),
            Ok((library, mut findings)) => {
                out.append(&mut findings);
                libraries.push(library);
            }
        }
    }
    use_definitions(document, map, &libraries, &mut out);
    config.apply(out)
}

/// `path` without `.` and with each `..` taken against the name before it, so a library
/// named `../shared/people.library.yaml` from `maps/` is called `shared/people.library.yaml`
/// in findings. The tidied path is the one checked for containment (after symlinks) and read.
fn tidy(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `path` relative to the working folder when it lies under it, as the maps found there
/// are named in findings.
fn shown_from_here(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|here| path.strip_prefix(here).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}

/// The nearest library file name beside `path`, for a "did you mean".
fn sibling_suggestion(path: &Path) -> Option<String> {
    let wanted = path.file_name()?.to_str()?;
    let siblings: Vec<String> = std::fs::read_dir(path.parent()?)
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| is_library_name(n))
        .collect();
    nearest(wanted, siblings.iter().map(String::as_str))
        .filter(|&(_, close)| close)
        .map(|(best, _)| best.to_string())
}

enum Loaded {
    Unreadable(String),
    /// The library's own errors, at its own lines.
    Findings(Vec<Diagnostic>),
}

/// Reads, parses and validates one library file; its duplicate ids are findings in it.
fn load_library(
    path: &Path,
    written: String,
    limits: &Limits,
) -> Result<(LoadedLibrary, Vec<Diagnostic>), Loaded> {
    let file = match load::read_path(path, limits) {
        Err(reason) => return Err(Loaded::Unreadable(reason)),
        Ok(Err(d)) => return Err(Loaded::Findings(vec![d])),
        Ok(Ok(file)) => file,
    };
    let document = load::parse(&file, limits).map_err(Loaded::Findings)?;
    let errors = schema::validate_library(&document);
    if !errors.is_empty() {
        return Err(Loaded::Findings(errors));
    }
    let library = document.deserialize::<Library>().map_err(|e| {
        Loaded::Findings(vec![Diagnostic::new(
            &schema::INVALID_VALUE,
            &file,
            Some(document.span()),
            format!("the library could not be read: {e}"),
        )])
    })?;
    let mut findings = Vec::new();
    let duplicate = &crate::validate::rules::duplicate_id::RULE;
    for (kind, ids) in [
        (
            "personas",
            library
                .personas
                .iter()
                .map(|p| p.id.as_str())
                .collect::<Vec<_>>(),
        ),
        (
            "channels",
            library.channels.iter().map(|c| c.id.as_str()).collect(),
        ),
    ] {
        for (i, id) in ids.iter().enumerate() {
            if let Some(first) = ids[..i].iter().position(|other| other == id) {
                let span = document.locate(&format!("/{kind}/{i}/id")).map(|l| l.value);
                let at = document
                    .locate(&format!("/{kind}/{first}/id"))
                    .map(|l| file.line_col(l.value.start).line)
                    .unwrap_or(0);
                findings.push(
                    Diagnostic::new(
                        duplicate,
                        &file,
                        span,
                        format!("the id `{id}` is defined twice in this library"),
                    )
                    .with_label(format!("first defined on line {at}"))
                    .with_help("give each persona and channel of a library its own id"),
                );
            }
        }
    }
    if with_channel_builtin(&library) {
        // A library channel with a built-in id would never be used: touchpoints naming it
        // mean the built-in channel.
        for (i, c) in library.channels.iter().enumerate() {
            if is_builtin_channel(c.id.as_str()) {
                let span = document
                    .locate(&format!("/channels/{i}/id"))
                    .map(|l| l.value);
                findings.push(
                    Diagnostic::new(
                        duplicate,
                        &file,
                        span,
                        format!("`{}` is a built-in channel", c.id),
                    )
                    .with_help("give the library's channel another id"),
                );
            }
        }
    }
    Ok((
        LoadedLibrary {
            written,
            file,
            document,
            library,
        },
        findings,
    ))
}

fn with_channel_builtin(library: &Library) -> bool {
    library
        .channels
        .iter()
        .any(|c| is_builtin_channel(c.id.as_str()))
}

/// Every library's definitions of one kind, by id: (library index, definition).
fn definitions<'a, T>(
    libraries: &'a [LoadedLibrary],
    of: impl Fn(&'a Library) -> &'a [T],
    id: impl Fn(&T) -> &str,
) -> BTreeMap<String, Vec<(usize, &'a T)>> {
    let mut all: BTreeMap<String, Vec<(usize, &T)>> = BTreeMap::new();
    for (li, lib) in libraries.iter().enumerate() {
        for item in of(&lib.library) {
            let defs = all.entry(id(item).to_string()).or_default();
            // Two libraries may define an id alike; only different definitions clash.
            if !defs.iter().any(|&(_, d)| std::ptr::eq(d, item)) {
                defs.push((li, item));
            }
        }
    }
    all
}

/// One definition for `id`, or the finding that it is ambiguous (`Err(None)`: none).
fn pick<'a, T: PartialEq>(
    defs: &BTreeMap<String, Vec<(usize, &'a T)>>,
    id: &str,
) -> Result<(usize, &'a T), Option<Vec<usize>>> {
    match defs.get(id).map(Vec::as_slice) {
        None | Some([]) => Err(None),
        Some([one]) => Ok(*one),
        Some(many) => {
            let first = many[0].1;
            if many.iter().all(|(_, d)| *d == first) {
                Ok(many[0])
            } else {
                Err(Some(many.iter().map(|(li, _)| *li).collect()))
            }
        }
    }
}

fn use_definitions(
    document: &Document,
    map: &mut JourneyMap,
    libraries: &[LoadedLibrary],
    out: &mut Vec<Diagnostic>,
) {
    let file = &document.file;
    let at = |pointer: &str| document.locate(pointer).map(|l| l.value);
    let personas = definitions(libraries, |l| &l.personas, |p: &Persona| p.id.as_str());
    let channels = definitions(libraries, |l| &l.channels, |c: &Channel| c.id.as_str());
    let names = |lis: &[usize]| {
        lis.iter()
            .map(|&li| format!("`{}`", libraries[li].written))
            .collect::<Vec<_>>()
            .join(" and ")
    };
    let ambiguous = |pointer: &str, what: &str, id: &str, lis: &[usize]| {
        Diagnostic::new(
            &AMBIGUOUS,
            file,
            at(pointer),
            format!("the {what} `{id}` is defined differently in {}", names(lis)),
        )
        .with_label("which definition is meant is unclear")
        .with_help("keep one definition, or give one of them another id")
    };

    // The map's persona entries: an id alone takes the library's definition.
    for (i, persona) in map.personas.iter_mut().enumerate() {
        let pointer = format!("/personas/{i}");
        if persona.shared.is_some() {
            match pick(&personas, persona.id.as_str()) {
                Ok((li, def)) => {
                    *persona = def.clone();
                    persona.shared = Some(libraries[li].written.clone());
                }
                Err(Some(lis)) => {
                    out.push(ambiguous(&pointer, "persona", persona.id.as_str(), &lis))
                }
                Err(None) => {
                    let known: Vec<&str> = personas.keys().map(String::as_str).collect();
                    let d = Diagnostic::new(
                        &crate::validate::rules::unknown_reference::RULE,
                        file,
                        at(&pointer),
                        format!(
                            "no library this map uses defines the persona `{}`",
                            persona.id
                        ),
                    );
                    out.push(match nearest(persona.id.as_str(), known.iter().copied()) {
                        Some((best, true)) => d.with_help(format!("did you mean `{best}`?")),
                        _ if libraries.is_empty() => d.with_help(
                            "name the library that defines it under `libraries:`, or define the persona here (id, name)",
                        ),
                        _ => d.with_help("define the persona here (id, name), or add it to a library"),
                    });
                }
            }
        } else if let Some(defs) = personas.get(persona.id.as_str()) {
            out.push(shadowed(
                file,
                at(&format!("{pointer}/id")),
                "persona",
                persona.id.as_str(),
                &names(&defs.iter().map(|d| d.0).collect::<Vec<_>>()),
            ));
        }
    }
    for (i, channel) in map.channels.iter().enumerate() {
        if let Some(defs) = channels.get(channel.id.as_str()) {
            out.push(shadowed(
                file,
                at(&format!("/channels/{i}/id")),
                "channel",
                channel.id.as_str(),
                &names(&defs.iter().map(|d| d.0).collect::<Vec<_>>()),
            ));
        }
    }

    // Ids used in steps that the map does not define: taken from a library when one defines
    // them, in the order the map first uses them. What no library defines is left to
    // unknown-reference, which names the nearest id.
    let mut wanted_personas: Vec<(String, String)> = Vec::new();
    let mut wanted_channels: Vec<(String, String)> = Vec::new();
    for (si, stage) in map.stages.iter().enumerate() {
        for (pi, step) in stage.steps.iter().enumerate() {
            let base = crate::validate::rules::step_pointer(si, pi);
            for (k, id) in step.personas.iter().enumerate() {
                wanted_personas.push((id.to_string(), format!("{base}/personas/{k}")));
            }
            if let Some(Emotion::PerPersona(scores)) = &step.emotion {
                for id in scores.keys() {
                    wanted_personas.push((id.to_string(), format!("{base}/emotion/{id}")));
                }
            }
            for (k, t) in step.touchpoints.iter().enumerate() {
                wanted_channels.push((t.channel().to_string(), format!("{base}/touchpoints/{k}")));
            }
        }
    }
    for (id, pointer) in wanted_personas {
        if map.persona(&id).is_some() {
            continue;
        }
        match pick(&personas, &id) {
            Ok((li, def)) => {
                let mut persona = def.clone();
                persona.shared = Some(libraries[li].written.clone());
                map.personas.push(persona);
            }
            Err(Some(lis)) => {
                if !out
                    .iter()
                    .any(|d| d.code == AMBIGUOUS.code && d.message.contains(&format!("`{id}`")))
                {
                    out.push(ambiguous(&pointer, "persona", &id, &lis));
                }
            }
            Err(None) => {}
        }
    }
    for (id, pointer) in wanted_channels {
        if is_builtin_channel(&id) || map.channel(&id).is_some() {
            continue;
        }
        match pick(&channels, &id) {
            Ok((li, def)) => {
                let mut channel = def.clone();
                channel.shared = Some(libraries[li].written.clone());
                map.channels.push(channel);
            }
            Err(Some(lis)) => {
                if !out
                    .iter()
                    .any(|d| d.code == AMBIGUOUS.code && d.message.contains(&format!("`{id}`")))
                {
                    out.push(ambiguous(&pointer, "channel", &id, &lis));
                }
            }
            Err(None) => {}
        }
    }
}

fn shadowed(
    file: &Arc<SourceFile>,
    span: Option<std::ops::Range<usize>>,
    what: &str,
    id: &str,
    libraries: &str,
) -> Diagnostic {
    Diagnostic::new(
        &SHADOWED,
        file,
        span,
        format!("the {what} `{id}` is defined here and in {libraries}"),
    )
    .with_label("this map's definition is used")
    .with_help(format!(
        "use the library's {what} by its id, or give this {what} another id"
    ))
}
