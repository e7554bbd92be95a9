//! `journeymap diff`: loads and fully checks both sides (from disk or from git), compares them,
//! reports in the chosen format, and applies the CI gates (`--exit-code`, `--fail-on`).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Fatal, exit, print_stdout, report_if_invalid};
use crate::cli::{ColorChoice, DiffArgs, DiffFormat};
use crate::diff::{self, Regression};
use crate::load::{self, Limits};
use crate::model::{JourneyMap, State};
use crate::source::SourceFile;
use crate::validate::rules::baseline::{self, BaselineProblem};
use crate::validate::{self, Options};

/// Where one side of the diff comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Spec {
    /// A file on disk.
    Path(PathBuf),
    /// A file at a git revision: `REV:path`, the path relative to the current directory.
    Git { rev: String, path: String },
}

impl Spec {
    /// Reads `REV:path` as a git revision and path, unless a file of that name exists (a file
    /// name may hold a colon).
    pub fn parse(arg: &str) -> Spec {
        if Path::new(arg).exists() {
            return Spec::Path(PathBuf::from(arg));
        }
        match arg.split_once(':') {
            Some((rev, path)) if !path.is_empty() => Spec::Git {
                rev: rev.to_string(),
                path: path.to_string(),
            },
            _ => Spec::Path(PathBuf::from(arg)),
        }
    }
}

/// A side that passed every check.
struct Side {
    source: String,
    spec: Spec,
    file: Arc<SourceFile>,
    map: JourneyMap,
}

/// The bytes of `path` at `rev`, with `path` relative to the current directory (as
/// `git show REV:./path` reads it).
pub fn read_from_git(rev: &str, path: &str) -> Result<Vec<u8>, Fatal> {
    let shown = format!("{rev}:{path}");
    let fail = |why: String| Fatal(format!("cannot read `{shown}` from git: {why}"));
    crate::git::check_revision(rev).map_err(fail)?;
    let object = if Path::new(path).is_absolute() {
        let top = crate::git::run(None, &["rev-parse", "--show-toplevel"]).map_err(fail)?;
        let top = PathBuf::from(String::from_utf8_lossy(&top).trim());
        let rel = Path::new(path).strip_prefix(&top).map_err(|_| {
            fail(format!(
                "{path} is outside the repository {}",
                top.display()
            ))
        })?;
        format!("{rev}:{}", rel.to_string_lossy())
    } else if path.starts_with("./") || path.starts_with("../") {
        format!("{rev}:{path}")
    } else {
        format!("{rev}:./{path}")
    };
    crate::git::run(None, &["cat-file", "blob", &object]).map_err(fail)
}

/// Reads and checks one side, without printing anything (so that both sides can be checked
/// at once and reported in order).
fn check_side(arg: &str) -> Result<(Spec, validate::Checked), Fatal> {
    let spec = Spec::parse(arg);
    let mut checked = match &spec {
        Spec::Path(path) => {
            let config = crate::settings::discover(path.parent().unwrap_or(Path::new("")))?;
            validate::check_path(path, &Options::default(), &config)?
        }
        Spec::Git { rev, path } => {
            let bytes = read_from_git(rev, path)?;
            check_bytes(arg, bytes, rev, Path::new(path))?
        }
    };
    // The YAML tree is not needed any more; free it on this thread.
    checked.document = None;
    Ok((spec, checked))
}

/// Checks a map read from git at `rev` as the file `at` (its path in the working tree): its
/// libraries and `journeymap.toml` are read from the working tree, as they are today; the
/// rules that look at other maps say nothing (see [`Options::at_revision`]).
pub fn check_bytes(
    name: &str,
    bytes: Vec<u8>,
    rev: &str,
    at: &Path,
) -> Result<validate::Checked, Fatal> {
    let config = crate::settings::discover(at.parent().unwrap_or(Path::new("")))?;
    let options = Options {
        at_revision: Some(rev.to_string()),
        ..Options::default()
    };
    Ok(
        match load::decode(name, Some(at), bytes, &Limits::default()) {
            Ok(file) => validate::check_file(&file, &options, &config),
            Err(d) => validate::Checked {
                file: Arc::clone(&d.file),
                map: None,
                document: None,
                diagnostics: vec![d],
            },
        },
    )
}

/// Prints the diagnostics of a side with errors (`Ok(None)`), or hands back its map.
fn report(
    arg: &str,
    (spec, checked): (Spec, validate::Checked),
    stderr_color: bool,
) -> Result<Option<Side>, Fatal> {
    Ok(report_if_invalid(checked, stderr_color)?
        .ok()
        .map(|loaded| Side {
            source: arg.to_string(),
            spec,
            file: loaded.file,
            map: loaded.map,
        }))
}

/// Loads and checks one side. `Ok(None)`: the map has errors, already printed to stderr.
fn load_side(arg: &str, stderr_color: bool) -> Result<Option<Side>, Fatal> {
    report(arg, check_side(arg)?, stderr_color)
}

/// Loads and checks two sides at once (big maps spend most of their time in the checks),
/// then reports their diagnostics in order, old first.
fn load_both(
    old_arg: &str,
    new_arg: &str,
    stderr_color: bool,
) -> Result<(Option<Side>, Option<Side>), Fatal> {
    // Two maps are checked at once; sides of 2.5 MiB or more one after the other, so that
    // peak memory is one big map's. (Two 5,000-step maps of 2 MB each: 106 ms one after
    // the other, 62 ms at once, for 20 MB more at the peak: 67 MiB to 86 MiB. A 3 MB file of
    // 1.5 million aliased scalars peaks near 100 MiB while it is read: two at once passed
    // the 200 MiB bound of tests/hostile.rs.)
    const PARALLEL_BELOW: u64 = 5 * 512 * 1024;
    let big = [old_arg, new_arg]
        .iter()
        .any(|a| std::fs::metadata(a).is_ok_and(|m| m.len() >= PARALLEL_BELOW));
    let (old, new) = if big {
        (check_side(old_arg), check_side(new_arg))
    } else {
        let (old, new) = std::thread::scope(|scope| {
            let new = scope.spawn(|| check_side(new_arg));
            let old = check_side(old_arg);
            (old, new.join())
        });
        let new = new.unwrap_or_else(|_| Err(Fatal("checking the new map failed".to_string())));
        (old, new)
    };
    let old = report(old_arg, old?, stderr_color)?;
    let new = report(new_arg, new?, stderr_color)?;
    Ok((old, new))
}

/// The baseline of a future-state map, loaded and fully checked.
fn load_baseline(future: &Side, stderr_color: bool) -> Result<Option<Side>, Fatal> {
    let name = &future.source;
    if future.map.state != State::Future {
        return Err(Fatal(format!(
            "{name} is a current-state map; `journeymap diff FILE` compares a future-state map \
             with its baseline. To compare two maps, name both: journeymap diff OLD NEW"
        )));
    }
    let Some(baseline_rel) = future.map.baseline.as_deref() else {
        return Err(Fatal(format!(
            "{name} has no `baseline`: add `baseline: <current-state map>` to it, or name both \
             maps: journeymap diff OLD NEW"
        )));
    };
    match &future.spec {
        Spec::Path(_) => {
            let limits = Limits::default();
            match baseline::resolve(&future.file, &future.map, &limits) {
                Ok((source, _)) => {
                    let config =
                        crate::settings::discover(source.base_dir().unwrap_or(Path::new("")))?;
                    let checked = validate::check_file(&source, &Options::default(), &config);
                    Ok(report_if_invalid(checked, stderr_color)?
                        .ok()
                        .map(|loaded| Side {
                            source: loaded.file.name.clone(),
                            spec: Spec::Path(loaded.file.path.clone().unwrap_or_default()),
                            file: loaded.file,
                            map: loaded.map,
                        }))
                }
                Err(problem) => Err(Fatal(baseline_problem(name, baseline_rel, problem))),
            }
        }
        Spec::Git { rev, path } => {
            let dir = Path::new(path).parent().unwrap_or(Path::new(""));
            let joined = dir.join(baseline_rel).to_string_lossy().into_owned();
            let bytes = read_from_git(rev, &joined)?;
            let source = format!("{rev}:{joined}");
            let checked = check_bytes(&source, bytes, rev, Path::new(&joined))?;
            let spec = Spec::Git {
                rev: rev.clone(),
                path: joined.clone(),
            };
            let side = report(&source, (spec, checked), stderr_color)?;
            if let Some(side) = &side {
                if side.map.state != State::Current {
                    return Err(Fatal(format!(
                        "the baseline {source} of {name} is not a current-state map"
                    )));
                }
            }
            Ok(side)
        }
    }
}

/// The report's format: `--format`, else `-o`'s extension, else human; a `-o` extension that
/// names another format, or none journeymap knows, is refused rather than written wrongly.
fn resolve_format(args: &DiffArgs) -> Result<DiffFormat, Fatal> {
    let file = args.output.as_deref().filter(|p| p.as_os_str() != "-");
    let named = file.and_then(DiffFormat::from_extension);
    let has_extension = file.is_some_and(|p| p.extension().is_some());
    match (named, args.format) {
        (Some(named), Some(flag)) if named != flag => Err(Fatal(format!(
            "-o {} names a {} report but --format is {}",
            file.map_or(String::new(), |p| p.display().to_string()),
            format_name(named),
            format_name(flag),
        ))),
        (Some(named), _) => Ok(named),
        (None, Some(flag)) => Ok(flag),
        (None, None) if has_extension => Err(Fatal(format!(
            "-o {}: journeymap cannot tell the report's format from that extension; name the \
             file .txt, .md, .json, .svg, .html or .png, or pass --format",
            file.map_or(String::new(), |p| p.display().to_string()),
        ))),
        (None, None) => Ok(DiffFormat::Human),
    }
}

fn format_name(format: DiffFormat) -> String {
    use clap::ValueEnum;
    format
        .to_possible_value()
        .map_or_else(String::new, |v| v.get_name().to_string())
}

fn baseline_problem(name: &str, baseline: &str, problem: BaselineProblem) -> String {
    match problem {
        BaselineProblem::NotSet => format!("{name} has no `baseline` to compare with"),
        BaselineProblem::Missing { path, suggestion } => format!(
            "the baseline `{baseline}` of {name} does not exist (no file at {}){}",
            path.display(),
            suggestion.map_or_else(String::new, |s| format!("; did you mean `{s}`?"))
        ),
        BaselineProblem::Unreadable { path, reason } => {
            format!(
                "the baseline {} of {name} cannot be read: {reason}",
                path.display()
            )
        }
        BaselineProblem::Invalid { path, count, .. } => format!(
            "the baseline {} of {name} is not a valid journey map ({count} error{}); run `journeymap check {}`",
            path.display(),
            if count == 1 { "" } else { "s" },
            path.display()
        ),
        BaselineProblem::Outside { reason } => format!(
            "the baseline `{baseline}` of {name} is outside its repository and is not read: {reason}"
        ),
        BaselineProblem::NotAMapName => format!(
            "the baseline `{baseline}` of {name} is not a journey map file (*.journey.yaml) and is not read"
        ),
        BaselineProblem::NotCurrent { path } => format!(
            "the baseline {} of {name} is not a current-state map",
            path.display()
        ),
    }
}

pub fn run(args: &DiffArgs, color: ColorChoice) -> Result<u8, Fatal> {
    let format = resolve_format(args)?;
    let stderr_color = color.enabled(std::io::stderr().is_terminal());
    let (old, new) = match &args.new {
        // Both are checked before giving up, so that one run shows every problem.
        Some(new_arg) => load_both(&args.old, new_arg, stderr_color)?,
        None => match load_side(&args.old, stderr_color)? {
            Some(future) => (load_baseline(&future, stderr_color)?, Some(future)),
            None => (None, None),
        },
    };
    let (Some(old), Some(new)) = (old, new) else {
        eprintln!("journeymap diff: cannot compare maps that have errors (see above)");
        return Ok(exit::FATAL);
    };

    let mut diff = diff::diff(&old.source, &old.map, &new.source, &new.map);
    if !matches!(format, DiffFormat::Human | DiffFormat::Json) {
        // The emotion charts and the picture's old curves need both maps' curves.
        diff = diff.with_curve(&old.map, &new.map);
    }
    let regressions = diff::regressions(&diff);
    let to_file = args.output.as_ref().filter(|p| p.as_os_str() != "-");
    let report: Vec<u8> = match format {
        DiffFormat::Human => {
            let stdout_color = to_file.is_none() && color.enabled(std::io::stdout().is_terminal());
            diff::human::render(&diff, stdout_color).into_bytes()
        }
        DiffFormat::Markdown => diff::markdown::render(&diff).into_bytes(),
        DiffFormat::Json => diff::json::render(&diff, &regressions).into_bytes(),
        DiffFormat::Svg => diff::visual::svg(&diff, &old.map, &new.map)
            .map_err(|e| Fatal(format!("cannot draw the diff: {e}")))?
            .into_bytes(),
        DiffFormat::Html => diff::visual::html(&diff, &old.map, &new.map)
            .map_err(|e| Fatal(format!("cannot draw the diff: {e}")))?
            .into_bytes(),
        DiffFormat::Png => {
            if to_file.is_none() {
                return Err(Fatal(
                    "a PNG is not text for a terminal: write it to a file with -o d.png"
                        .to_string(),
                ));
            }
            let svg = diff::visual::svg(&diff, &old.map, &new.map)
                .map_err(|e| Fatal(format!("cannot draw the diff: {e}")))?;
            let png = crate::render::png::to_png(&svg, &Default::default())
                .map_err(|e| Fatal(format!("cannot draw the PNG: {e}")))?;
            if let Some(warning) =
                crate::render::missing_glyphs_warning(&png.missing, crate::render::Format::Png)
            {
                eprintln!("warning: {warning}");
            }
            png.bytes
        }
    };
    match to_file {
        Some(path) => crate::output::write_atomic(path, &report)
            .map_err(|e| Fatal(format!("cannot write {}: {e}", path.display())))?,
        None => print_stdout(&String::from_utf8_lossy(&report))?,
    }

    let fired: Vec<&Regression> = regressions
        .iter()
        .filter(|r| args.fail_on.contains(&r.rule))
        .collect();
    if !fired.is_empty() {
        let paint = diff::human::Paint {
            color: stderr_color,
        };
        for r in &fired {
            eprintln!(
                "{} {}",
                paint.error(&format!("regression [{}]", r.rule.name())),
                r.message
            );
        }
        let mut rules: Vec<&str> = fired.iter().map(|r| r.rule.name()).collect();
        rules.dedup();
        rules.sort_unstable();
        rules.dedup();
        eprintln!(
            "journeymap diff: {} regression{} under --fail-on ({})",
            fired.len(),
            if fired.len() == 1 { "" } else { "s" },
            rules.join(", ")
        );
        return Ok(exit::FINDINGS);
    }
    if args.exit_code && !diff.is_empty() {
        return Ok(exit::FINDINGS);
    }
    Ok(exit::OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs() {
        assert_eq!(
            Spec::parse("main:maps/x.journey.yaml"),
            Spec::Git {
                rev: "main".into(),
                path: "maps/x.journey.yaml".into()
            }
        );
        assert_eq!(
            Spec::parse("HEAD~1:./x.yaml"),
            Spec::Git {
                rev: "HEAD~1".into(),
                path: "./x.yaml".into()
            }
        );
        assert_eq!(Spec::parse("plain.yaml"), Spec::Path("plain.yaml".into()));
        assert_eq!(Spec::parse("HEAD:"), Spec::Path("HEAD:".into()));
    }
}
