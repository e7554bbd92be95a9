//! `journeymap render`: draws maps as SVG, HTML or PNG.
//!
//! Every map is loaded and checked first (as `check` would); when any has errors, their
//! diagnostics are printed and nothing at all is written (exit 1). Each map is drawn straight
//! into a temporary file beside its output, and only when all of them succeeded do the
//! outputs appear, each atomically.

use std::path::Path;

use super::{Fatal, LoadedMap, exit, load_checked};
use crate::cli::RenderArgs;
use crate::layout::{Plan, RenderOptions};
use crate::output::PendingOutput;
use crate::render::{self, Format, Request};

pub fn run(args: &RenderArgs, color: bool) -> Result<u8, Fatal> {
    let to_stdout = args.output.as_deref() == Some(Path::new("-"));
    let out_dir = match &args.output {
        Some(p) if !to_stdout && (p.is_dir() || ends_with_separator(p)) => Some(p.clone()),
        _ => None,
    };
    let out_file = match &args.output {
        Some(p) if !to_stdout && out_dir.is_none() => Some(p.clone()),
        _ => None,
    };
    let format = resolve_format(out_file.as_deref(), args.format)?;
    if args.files.len() > 1 && (to_stdout || out_file.is_some()) {
        return Err(Fatal(format!(
            "{} input files cannot all go to {}; give -o a directory, or leave -o out to write \
             each next to its input",
            args.files.len(),
            if to_stdout {
                "stdout".to_string()
            } else {
                args.output
                    .as_ref()
                    .map_or(String::new(), |p| p.display().to_string())
            }
        )));
    }
    if args.template.is_some() && format != Format::Html {
        return Err(Fatal(format!(
            "--template applies to HTML output, not {}",
            format.extension()
        )));
    }
    let template = match &args.template {
        Some(path) => Some((path.display().to_string(), read_template(path)?)),
        None => None,
    };

    let options = RenderOptions {
        view: args.view,
        lanes: (!args.lanes.is_empty()).then(|| args.lanes.clone()),
        persona: args.persona.clone(),
        theme: args.theme.unwrap_or_default(),
        paper: args.page.map(|paper| crate::layout::paper::PageSize {
            paper,
            landscape: args.landscape,
        }),
        wrap: None,
        language: args.language,
        labels: Default::default(),
        ticket_url: None,
    };
    // SVG and PNG pages are one file each: x-1.png, x-2.png...
    let paged_files = options.paper.is_some() && matches!(format, Format::Svg | Format::Png);
    if paged_files && to_stdout {
        return Err(Fatal(format!(
            "--page writes one {} file per page, which cannot all go to stdout; give -o a \
             file name (x.{0} becomes x-1.{0}, x-2.{0}...) or write a PDF",
            format.extension()
        )));
    }
    let targets: Vec<Option<std::path::PathBuf>> = args
        .files
        .iter()
        .map(|file| {
            if to_stdout {
                None
            } else if let Some(dir) = &out_dir {
                Some(dir.join(default_name(file, format)))
            } else if let Some(path) = &out_file {
                Some(path.clone())
            } else {
                Some(file.with_file_name(default_name(file, format)))
            }
        })
        .collect();
    refuse_collisions(&args.files, &targets)?;
    let mut invalid = false;
    // Dropping these uncommitted (on any error below) removes their temporary files.
    let mut outputs: Vec<(PendingOutput, String)> = Vec::new();
    let mut pages: Vec<(PendingOutput, String)> = Vec::new();
    for (file, target) in args.files.iter().zip(targets) {
        // The source text is not needed to draw: only the typed map is kept.
        let LoadedMap {
            map,
            labels,
            project,
            ..
        } = match load_checked(file, color)? {
            Ok(loaded) => loaded,
            Err(()) => {
                invalid = true;
                continue;
            }
        };
        if invalid {
            // Keep checking the rest so every error is reported, but draw nothing more.
            continue;
        }
        let shown = target
            .as_ref()
            .map_or_else(|| "stdout".to_string(), |p| p.display().to_string());
        let mut output = if paged_files {
            None
        } else {
            Some(
                match &target {
                    None => PendingOutput::to_stdout(),
                    Some(path) => PendingOutput::to_path(path),
                }
                .map_err(|e| Fatal(format!("cannot write {shown}: {e}")))?,
            )
        };
        let source = file.file_name().map_or_else(
            || file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let spool_dir = match (&output, &target) {
            (Some(output), _) => output.dir().to_path_buf(),
            (None, Some(path)) => parent_dir(path),
            (None, None) => std::env::temp_dir(),
        };
        if options.view == crate::layout::View::Empathy && map.personas.is_empty() {
            eprintln!(
                "warning: {} declares no personas, so its empathy view has nothing to show; \
                 add `personas` with `empathy` (says, thinks, does, feels)",
                file.display()
            );
        }
        if options.language.is_none()
            && let Some(tag) = &map.language
            && crate::layout::words::Language::from_tag(tag).is_none()
        {
            eprintln!(
                "warning: {}: journeymap has no words in `{tag}`, so the diagram's own words \
                 are English; name them in journeymap.toml under [labels], or pass --language",
                file.display()
            );
        }
        let options = RenderOptions {
            labels,
            ticket_url: project.ticket_url,
            ..options.clone()
        };
        let mut plan =
            Plan::new(&map, &options).map_err(|e| Fatal(format!("{}: {e}", file.display())))?;
        if args.wrap && format != Format::Html {
            plan = plan.wrapped().unwrap_or(plan);
        }
        let request = Request {
            theme: args.theme,
            template: template
                .as_ref()
                .map(|(name, source)| render::html::Template { name, source }),
            source: &source,
            spool_dir: Some(&spool_dir),
            fonts: render::png::ExtraFonts {
                files: args.font.clone(),
                dirs: args.font_dir.clone(),
            },
            live: None,
        };
        let drawn = match output.as_mut() {
            Some(output) => render::render_to(&plan, format, &request, output),
            None => {
                let target = target
                    .as_deref()
                    .expect("paged output is refused on stdout");
                render::render_pages(&plan, format, &request, &mut |number, _, bytes| {
                    let path = page_name(target, number);
                    let mut page = PendingOutput::to_path(&path)
                        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                    std::io::Write::write_all(&mut page, &bytes)
                        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                    pages.push((page, path.display().to_string()));
                    Ok(())
                })
            }
        }
        .map_err(|e| Fatal(format!("{}: {e}", file.display())))?;
        if let Some(warning) = render::missing_glyphs_warning(&drawn.missing_glyphs, format) {
            eprintln!("warning: {}: {warning}", file.display());
        }
        drop(plan);
        drop(map);
        if let Some(output) = output {
            outputs.push((output, shown));
        }
        outputs.append(&mut pages);
    }
    if invalid {
        return Ok(exit::FINDINGS);
    }
    for (output, shown) in outputs {
        output
            .commit()
            .map_err(|e| Fatal(format!("cannot write {shown}: {e}")))?;
    }
    Ok(exit::OK)
}

/// Refuses, before anything is drawn, two inputs whose outputs would land on one file (the
/// second would silently replace the first), and an output that would replace an input.
fn refuse_collisions(
    files: &[std::path::PathBuf],
    targets: &[Option<std::path::PathBuf>],
) -> Result<(), Fatal> {
    use crate::load::read::lexical_absolute;
    let mut seen: std::collections::BTreeMap<std::path::PathBuf, &Path> = Default::default();
    let inputs: Vec<_> = files.iter().map(|f| lexical_absolute(f)).collect();
    for (file, target) in files.iter().zip(targets) {
        let Some(target) = target else { continue };
        let key = lexical_absolute(target);
        if inputs.contains(&key) {
            return Err(Fatal(format!(
                "{} would be written over the input {}; choose another -o",
                target.display(),
                key.display()
            )));
        }
        if let Some(first) = seen.insert(key, file) {
            return Err(Fatal(format!(
                "{} and {} would both be drawn to {}; give -o a folder per map, or rename one",
                first.display(),
                file.display(),
                target.display()
            )));
        }
    }
    Ok(())
}

/// The format: from `-o`'s extension, else `--format`, else SVG; the two must agree.
fn resolve_format(out_file: Option<&Path>, flag: Option<Format>) -> Result<Format, Fatal> {
    let from_name = out_file.and_then(Format::from_extension);
    match (from_name, flag) {
        (Some(named), Some(flag)) if named != flag => Err(Fatal(format!(
            "-o {} names a .{} file but --format is {}",
            out_file.map_or(String::new(), |p| p.display().to_string()),
            named.extension(),
            flag.extension()
        ))),
        (Some(named), _) => Ok(named),
        (None, Some(flag)) => Ok(flag),
        (None, None) if out_file.is_some_and(|p| p.extension().is_some()) => Err(Fatal(format!(
            "-o {}: journeymap cannot tell the format from that extension; name the file .svg, \
             .html, .png or .pdf, or pass --format",
            out_file.map_or(String::new(), |p| p.display().to_string())
        ))),
        (None, None) => Ok(Format::Svg),
    }
}

/// Reads a `--template` file: text, bounded like a map.
fn read_template(path: &Path) -> Result<String, Fatal> {
    let limits = crate::load::Limits::default();
    match crate::load::read_path(path, &limits).map_err(Fatal)? {
        Ok(file) => Ok(file.text.clone()),
        Err(d) => Err(Fatal(format!("{}: {}", path.display(), d.message))),
    }
}

/// The folder a file is written in.
fn parent_dir(path: &Path) -> std::path::PathBuf {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    }
}

/// The file of page `number` of `target`: `x.png` -> `x-2.png`.
pub fn page_name(target: &Path, number: usize) -> std::path::PathBuf {
    let stem = target
        .file_stem()
        .map_or_else(|| "page".to_string(), |s| s.to_string_lossy().into_owned());
    let name = match target.extension() {
        Some(ext) => format!("{stem}-{number}.{}", ext.to_string_lossy()),
        None => format!("{stem}-{number}"),
    };
    target.with_file_name(name)
}

fn ends_with_separator(path: &Path) -> bool {
    let text = path.as_os_str().to_string_lossy();
    text.ends_with('/') || text.ends_with(std::path::MAIN_SEPARATOR)
}

/// `x.journey.yaml` -> `x.svg` (also `.journey.yml`, `.yaml`, `.yml`).
pub fn default_name(input: &Path, format: Format) -> String {
    let name = input
        .file_name()
        .map_or_else(|| "map".to_string(), |n| n.to_string_lossy().into_owned());
    let stem = [".journey.yaml", ".journey.yml", ".yaml", ".yml"]
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix))
        .filter(|s| !s.is_empty())
        .unwrap_or(&name);
    format!("{stem}.{}", format.extension())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_names() {
        let f = Format::Svg;
        assert_eq!(default_name(Path::new("a/x.journey.yaml"), f), "x.svg");
        assert_eq!(
            default_name(Path::new("x.journey.yml"), Format::Png),
            "x.png"
        );
        assert_eq!(default_name(Path::new("x.yaml"), Format::Html), "x.html");
        assert_eq!(default_name(Path::new("plain"), f), "plain.svg");
    }

    #[test]
    fn pages_are_numbered_files() {
        assert_eq!(
            page_name(Path::new("out/x.png"), 2),
            Path::new("out/x-2.png")
        );
        assert_eq!(page_name(Path::new("x"), 1), Path::new("x-1"));
    }

    #[test]
    fn format_comes_from_the_name_then_the_flag() {
        assert_eq!(
            resolve_format(Some(Path::new("a.png")), None).unwrap(),
            Format::Png
        );
        assert_eq!(
            resolve_format(Some(Path::new("a.out")), Some(Format::Html)).unwrap(),
            Format::Html
        );
        assert_eq!(resolve_format(None, None).unwrap(), Format::Svg);
        assert!(resolve_format(Some(Path::new("a.svg")), Some(Format::Png)).is_err());
    }
}
