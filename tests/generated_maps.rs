//! Generated maps (tests/generate): every map the generator makes is valid, so `check` must
//! pass on it, and then every command must work on it: `render` (SVG, HTML, PNG; every view;
//! every persona), `export mermaid` then `import mermaid`, `export csv` then
//! `import csv --base` (lossless), `export markdown`, `diff` of the map with itself, and
//! `textconv`. No output may hold a raw control character. A map that uses a library, names a
//! parent or zooms into detail maps gets those files beside it.
//!
//! A failing case is shrunk by proptest and saved as
//! `$CARGO_TARGET_TMPDIR/generated-maps/<failure-class>.journey.yaml` (the last one written is
//! the smallest); seeds are kept in tests/generated_maps.proptest-regressions.
//!
//! `JOURNEYMAP_PROPTEST_CASES=2000` runs more cases than the default.

mod common;
mod generate;

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use journeymap::model::{Emotion, JourneyMap};
use journeymap::validate::{Config, Options, check_path};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use serde_json::Value;

use generate::{MapSpec, baseline_of, emit, map_spec};

// ---------------------------------------------------------------------------------------------
// Known bugs. Each constant skips one class of failure so that the property can find the next
// one (tests/generate/mod.rs has those whose trigger the generator leaves out). Set it to
// `false` once the bug is fixed: `known_bug_fixtures_still_fail` then checks that its fixture
// in tests/fixtures/generated/ works with every command.

/// Not a bug, by decision: `export markdown` and `export mermaid` write bidirectional controls
/// (U+202A..E, U+2066..9) as the map holds them, since they are files other tools render and
/// the round trip must keep the text. What reaches a terminal (diagnostics, textconv) shows
/// them as `\u{..}` escapes (src/visible.rs).
const KNOWN_BUG_BIDI_CONTROLS_IN_TEXT_OUTPUTS: bool = true;

/// Not a bug, by decision: `render` (SVG, HTML) and the visual diff draw bidirectional controls
/// as written (right-to-left text may need them); they are not control characters in the C0/C1
/// sense that the loader refuses.
const KNOWN_BUG_BIDI_CONTROLS_IN_DRAWINGS: bool = true;

/// Not a bug, by decision: `export csv` keeps bidirectional controls (the round trip must keep
/// them, and `import csv` reads them back).
const KNOWN_BUG_BIDI_CONTROLS_IN_CSV: bool = true;

/// Whether a failure of `class` is a known bug, skipped for now.
fn known(class: &str) -> bool {
    if let Some(output) = class.strip_prefix("raw-bidi-control-in-") {
        return if output.starts_with("render") || output == "diff-svg" || output == "diff-html" {
            KNOWN_BUG_BIDI_CONTROLS_IN_DRAWINGS
        } else if output.starts_with("export-csv") {
            KNOWN_BUG_BIDI_CONTROLS_IN_CSV
        } else {
            KNOWN_BUG_BIDI_CONTROLS_IN_TEXT_OUTPUTS
        };
    }
    false
}

/// The fixture of each known bug, the class of failure it shows, and whether the bug is still
/// there.
const KNOWN_BUG_FIXTURES: &[(&str, &str, bool)] = &[
    (
        "flow-plain-blank-dash",
        "check-fails",
        generate::KNOWN_BUG_FLOW_PLAIN_BLANK_DASH,
    ),
    (
        "bidi-controls",
        "raw-bidi-control-in-export-markdown",
        KNOWN_BUG_BIDI_CONTROLS_IN_TEXT_OUTPUTS,
    ),
    (
        "bidi-controls",
        "raw-bidi-control-in-render-svg",
        KNOWN_BUG_BIDI_CONTROLS_IN_DRAWINGS,
    ),
    (
        "bidi-controls",
        "raw-bidi-control-in-export-csv",
        KNOWN_BUG_BIDI_CONTROLS_IN_CSV,
    ),
];

// ---------------------------------------------------------------------------------------------

/// Cases of the whole-pipeline property by default (a few hundred; see the module docs).
const DEFAULT_CASES: u32 = 64;

/// Cases of the cheaper YAML property (the library only, no processes).
const DEFAULT_YAML_CASES: u32 = 384;

/// PNG takes seconds per map in a debug build: only maps this small are drawn as PNG.
const PNG_MAX_STEPS: usize = 4;

/// Only a hang reaches this.
const HANG: Duration = Duration::from_secs(180);

fn cases(default: u32) -> u32 {
    std::env::var("JOURNEYMAP_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// How many times proptest may try a smaller map after a failure (each try runs the commands):
/// JOURNEYMAP_PROPTEST_SHRINK_ITERS, default 400.
fn shrink_iters() -> u32 {
    std::env::var("JOURNEYMAP_PROPTEST_SHRINK_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(400)
}

/// How a map's YAML text is written.
#[derive(Debug, Clone, Copy)]
enum Writer {
    /// The project's writer, `interchange::yaml::map_to_yaml`.
    Project,
    /// JSON text (JSON is YAML 1.2).
    Json,
    /// The varied emitter of tests/generate/emit.rs, with this seed.
    Varied(u64),
}

fn writer() -> impl Strategy<Value = Writer> {
    prop_oneof![
        2 => Just(Writer::Project),
        1 => Just(Writer::Json),
        7 => any::<u64>().prop_map(Writer::Varied),
    ]
}

fn write_yaml(json: &Value, writer: Writer) -> String {
    match writer {
        Writer::Project => {
            let map: JourneyMap = serde_json::from_value(json.clone()).expect("the model reads it");
            journeymap::interchange::yaml::map_to_yaml(&map, None)
        }
        Writer::Json => emit::emit_json(json),
        Writer::Varied(seed) => emit::emit(json, seed).0,
    }
}

/// The costly parts of the pipeline, run on some cases only.
#[derive(Debug, Clone, Copy)]
struct Heavy {
    html: bool,
    png: bool,
    extras: bool,
}

fn heavy() -> impl Strategy<Value = Heavy> {
    (
        proptest::bool::weighted(0.3),
        proptest::bool::weighted(0.08),
        proptest::bool::weighted(0.25),
    )
        .prop_map(|(html, png, extras)| Heavy { html, png, extras })
}

/// One failure: its class (which names the saved fixture) and what happened.
#[derive(Debug)]
struct Failure {
    class: String,
    detail: String,
}

/// A generated map written to a temporary folder, with its baseline when it has one.
struct Case {
    dir: tempfile::TempDir,
    yaml: String,
    baseline_yaml: Option<(String, String)>,
    /// The other files the map names (its library, the maps it links to): name and text.
    companions: Vec<(String, String)>,
    failures: Vec<Failure>,
    /// Whether failures of known bugs are left out.
    skip_known: bool,
    /// While proptest shrinks, the class of failure it shrinks: the pipeline stops as soon as
    /// one is found.
    target: Option<String>,
}

/// What a command did.
struct Run {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
    shown: String,
}

impl Run {
    fn ok(&self) -> bool {
        self.code == Some(0)
    }

    fn describe(&self) -> String {
        format!(
            "`journeymap {}` exited with {:?}\nstderr:\n{}",
            self.shown,
            self.code,
            truncate(&self.stderr, 3000)
        )
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}... ({} bytes in all)", &text[..end], text.len())
}

const MAP: &str = "gen.journey.yaml";

/// The name of the file a path such as `./sub/../base.journey.yaml` names, which the case
/// creates in its folder.
fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// A small map for the maps a generated map links to.
fn linked_map(path: &str) -> String {
    format!(
        "journeymap: 1\nid: linked\ntitle: {}\nstages:\n  - id: s\n    name: S\n    steps:\n      - id: a\n        name: A\n",
        serde_json::to_string(&format!("Linked {path}")).unwrap()
    )
}

/// The files a generated map names beside it: its library, written by `writer` too, and the
/// maps it links to.
fn companions(spec: &MapSpec, writer: Writer) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = spec
        .linked_paths()
        .into_iter()
        .map(|path| (path.to_string(), linked_map(path)))
        .collect();
    if let Some((path, library)) = spec.library_file() {
        let text = match writer {
            Writer::Varied(seed) => emit::emit(&library, seed.rotate_left(7)).0,
            Writer::Project | Writer::Json => emit::emit_json(&library),
        };
        files.push((path.to_string(), text));
    }
    files
}

/// The map `check` should read for `spec`: its JSON with the library's definitions in place
/// of the personas named by id, and the library personas and channels its steps use added
/// after the map's own, in the order the steps first use them (docs/format.md).
fn resolved(spec: &MapSpec) -> Result<JourneyMap, String> {
    use journeymap::model::{Channel, Persona};
    let mut map: JourneyMap = serde_json::from_value(spec.to_json()).map_err(|e| e.to_string())?;
    let Some((written, library)) = spec.library_file() else {
        return Ok(map);
    };
    let personas: Vec<Persona> =
        serde_json::from_value(library["personas"].clone()).unwrap_or_default();
    let channels: Vec<Channel> =
        serde_json::from_value(library["channels"].clone()).unwrap_or_default();
    let from_library = |p: &Persona| Persona {
        shared: Some(written.to_string()),
        ..p.clone()
    };
    for persona in &mut map.personas {
        if persona.shared.is_some() {
            let def = personas
                .iter()
                .find(|p| p.id == persona.id)
                .ok_or_else(|| format!("the library lacks the persona {}", persona.id))?;
            *persona = from_library(def);
        }
    }
    let mut used_personas = Vec::new();
    let mut used_channels = Vec::new();
    for (_, _, step) in map.steps() {
        used_personas.extend(step.personas.iter().cloned());
        if let Some(Emotion::PerPersona(scores)) = &step.emotion {
            used_personas.extend(scores.keys().cloned());
        }
        used_channels.extend(step.touchpoints.iter().map(|t| t.channel().clone()));
    }
    for id in used_personas {
        if map.persona(id.as_str()).is_none() {
            if let Some(def) = personas.iter().find(|p| p.id == id) {
                map.personas.push(from_library(def));
            }
        }
    }
    for id in used_channels {
        if map.channel(id.as_str()).is_none() {
            if let Some(def) = channels.iter().find(|c| c.id == id) {
                map.channels.push(Channel {
                    shared: Some(written.to_string()),
                    ..def.clone()
                });
            }
        }
    }
    Ok(map)
}

impl Case {
    /// A folder with the map, the files it names (`companions`, by the paths it names them)
    /// and, when `baseline` names one, its baseline: `json` as a current map.
    fn new(
        json: &Value,
        yaml: String,
        baseline: Option<&str>,
        companions: Vec<(String, String)>,
    ) -> Case {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join(MAP), &yaml).unwrap();
        let baseline_yaml = baseline.map(|path| {
            let base: JourneyMap = serde_json::from_value(baseline_of(json)).unwrap();
            let text = journeymap::interchange::yaml::map_to_yaml(&base, None);
            let file = file_name(path);
            std::fs::write(dir.path().join(&file), &text).unwrap();
            (file, text)
        });
        let companions = companions
            .into_iter()
            .map(|(path, text)| {
                let file = file_name(&path);
                std::fs::write(dir.path().join(&file), &text).unwrap();
                (file, text)
            })
            .collect();
        Case {
            dir,
            yaml,
            baseline_yaml,
            companions,
            failures: Vec::new(),
            skip_known: true,
            target: None,
        }
    }

    /// Whether the failure being shrunk has turned up.
    fn done(&self) -> bool {
        self.target
            .as_ref()
            .is_some_and(|t| self.failures.iter().any(|f| &f.class == t))
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn fail(&mut self, class: &str, detail: impl Into<String>) {
        if self.skip_known && known(class) {
            return;
        }
        self.failures.push(Failure {
            class: class.to_string(),
            detail: detail.into(),
        });
    }

    /// Runs the binary in the case's folder, with a hang guard.
    fn run(&mut self, args: &[&str]) -> Run {
        let shown = args.join(" ");
        let mut child = Command::new(env!("CARGO_BIN_EXE_journeymap"))
            .args(args)
            .current_dir(self.dir.path())
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut out = child.stdout.take().unwrap();
        let mut err = child.stderr.take().unwrap();
        let out_reader = std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = out.read_to_end(&mut buf);
            buf
        });
        let err_reader = std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = err.read_to_end(&mut buf);
            buf
        });
        let start = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break Some(status);
            }
            if start.elapsed() > HANG {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(Duration::from_millis(2));
        };
        if std::env::var_os("JOURNEYMAP_GEN_TIMING").is_some() {
            use std::io::Write as _;
            let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("generated-maps");
            let _ = std::fs::create_dir_all(&dir);
            if let Ok(mut f) = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(dir.join("timing.tsv"))
            {
                let _ = writeln!(f, "{}\t{}", start.elapsed().as_millis(), shown);
            }
        }
        let stdout = out_reader.join().unwrap();
        let stderr = String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned();
        let run = Run {
            code: status.and_then(|s| s.code()),
            stdout,
            stderr,
            shown,
        };
        if status.is_none() {
            self.fail(
                "hang",
                format!("`journeymap {}` ran over {HANG:?}", run.shown),
            );
        } else if run.code.is_none() {
            self.fail("crash", run.describe());
        } else if run.stderr.contains("panicked at") {
            self.fail("panic", run.describe());
        }
        self.no_raw_controls(&format!("stderr of `{}`", run.shown), run.stderr.as_bytes());
        run
    }

    /// Runs a command that must succeed; records a failure of `class` otherwise.
    fn must(&mut self, class: &str, args: &[&str]) -> Option<Run> {
        let run = self.run(args);
        if run.ok() {
            let what = format!("stdout of `{}`", run.shown);
            if !args.contains(&"png") && !run.shown.ends_with(".png") {
                self.no_raw_controls(&what, &run.stdout);
            }
            Some(run)
        } else {
            self.fail(class, run.describe());
            None
        }
    }

    /// Records a raw control character in an output that is not a PNG.
    fn no_raw_controls(&mut self, what: &str, bytes: &[u8]) {
        let text = String::from_utf8_lossy(bytes);
        let chars: Vec<char> = text.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            let bad = if c == '\r' {
                chars.get(i + 1) != Some(&'\n')
            } else {
                c != '\n' && c != '\t' && journeymap::visible::is_hidden_control(c)
            };
            if bad {
                let from = i.saturating_sub(30);
                let context: String = chars[from..(i + 30).min(chars.len())].iter().collect();
                let class = if matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') {
                    "raw-bidi-control"
                } else {
                    "raw-control"
                };
                self.fail(
                    &format!("{class}-in-{}", output_kind(what)),
                    format!("{what} holds U+{:04X} raw: {context:?}", u32::from(c)),
                );
                return;
            }
        }
    }

    fn svg(&mut self, class: &str, what: &str, bytes: &[u8]) {
        let text = String::from_utf8_lossy(bytes);
        if let Err(e) = roxmltree::Document::parse(&text) {
            self.fail(class, format!("{what} is not XML: {e}"));
            return;
        }
        if !text.trim_start().starts_with("<svg") && !text.trim_start().starts_with("<?xml") {
            self.fail(class, format!("{what} does not start with <svg"));
        }
    }

    /// Checks an HTML page; `drawn` says it must hold a diagram.
    fn html(&mut self, class: &str, what: &str, bytes: &[u8], drawn: bool) {
        let text = String::from_utf8_lossy(bytes).into_owned();
        match html_problems(&text, drawn) {
            Ok(svgs) => {
                for (i, svg) in svgs.iter().enumerate() {
                    if let Err(e) = roxmltree::Document::parse(svg) {
                        self.fail(class, format!("{what}: embedded SVG {i} is not XML: {e}"));
                        return;
                    }
                }
            }
            Err(problem) => self.fail(class, format!("{what}: {problem}")),
        }
    }
}

/// Names the kind of output in a failure class: `stdout of `render ...`` -> `render`.
fn output_kind(what: &str) -> String {
    let command = what.split('`').nth(1).unwrap_or(what);
    let mut words = command.split(' ');
    let first = words.next().unwrap_or("");
    match first {
        "export" | "import" => format!("{first}-{}", words.next().unwrap_or("")),
        "render" => {
            let format = if command.contains("html") {
                "html"
            } else if command.contains("png") {
                "png"
            } else {
                "svg"
            };
            format!("render-{format}")
        }
        "diff" => match command.split("--format ").nth(1) {
            Some(format) => format!("diff-{}", format.split(' ').next().unwrap_or("")),
            None => "diff-human".to_string(),
        },
        "" => "output".to_string(),
        other => other.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// A lenient HTML check: the page has <html> and </html>, its elements nest and close (void
// elements aside), raw text elements end, and every <svg> is cut out for an XML parser.

const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

fn html_problems(page: &str, drawn: bool) -> Result<Vec<String>, String> {
    if !page.contains("<html") || !page.trim_end().ends_with("</html>") {
        return Err("the page lacks <html ... </html>".to_string());
    }
    let bytes = page.as_bytes();
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut svgs = Vec::new();
    let mut svg_start: Option<usize> = None;
    let mut i = 0;
    while let Some(off) = page[i..].find('<') {
        let at = i + off;
        let rest = &page[at..];
        if rest.starts_with("<!--") {
            let end = rest.find("-->").ok_or("an unclosed comment")?;
            i = at + end + 3;
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            i = at + rest.find('>').ok_or("an unclosed declaration")? + 1;
            continue;
        }
        let closing = rest.starts_with("</");
        let name_start = at + if closing { 2 } else { 1 };
        let name_len = page[name_start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
            .unwrap_or(page.len() - name_start);
        if name_len == 0 {
            return Err(format!(
                "a raw `<` in text at byte {at}: {:?}",
                &page[at..(at + 40).min(page.len())]
            ));
        }
        let name = page[name_start..name_start + name_len].to_ascii_lowercase();
        // The end of the tag, skipping quoted attribute values.
        let mut j = name_start + name_len;
        let mut quote: Option<u8> = None;
        while j < bytes.len() {
            match (quote, bytes[j]) {
                (Some(q), b) if b == q => quote = None,
                (None, b'"' | b'\'') => quote = Some(bytes[j]),
                (None, b'>') => break,
                _ => {}
            }
            j += 1;
        }
        if j >= bytes.len() {
            return Err(format!("the tag <{name} at byte {at} does not end"));
        }
        let self_closing = bytes[j - 1] == b'/';
        i = j + 1;
        if closing {
            match stack.pop() {
                Some((open, _)) if open == name => {}
                Some((open, pos)) => {
                    return Err(format!(
                        "</{name}> at byte {at} closes <{open}> (opened at byte {pos})"
                    ));
                }
                None => return Err(format!("</{name}> at byte {at} closes nothing")),
            }
            if name == "svg" && !stack.iter().any(|(n, _)| n == "svg") {
                if let Some(start) = svg_start.take() {
                    svgs.push(page[start..i].to_string());
                }
            }
            continue;
        }
        if VOID.contains(&name.as_str()) || self_closing {
            continue;
        }
        let in_svg = stack.iter().any(|(n, _)| n == "svg");
        if !in_svg && matches!(name.as_str(), "script" | "style" | "title" | "textarea") {
            let end_tag = format!("</{name}");
            let end = page[i..]
                .to_ascii_lowercase()
                .find(&end_tag)
                .ok_or_else(|| format!("<{name}> at byte {at} never ends"))?;
            let close = i + end + page[i + end..].find('>').ok_or("an unclosed end tag")? + 1;
            i = close;
            continue;
        }
        if name == "svg" && !in_svg {
            svg_start = Some(at);
        }
        stack.push((name, at));
    }
    if let Some((open, pos)) = stack.last() {
        return Err(format!("<{open}> at byte {pos} is never closed"));
    }
    if svgs.is_empty() && drawn {
        return Err("the page holds no <svg>".to_string());
    }
    Ok(svgs)
}

// ---------------------------------------------------------------------------------------------
// Comparisons

/// Where two JSON values first differ, as a path with both sides.
fn first_difference(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                match y.get(k) {
                    Some(w) => {
                        if let Some(d) = first_difference(v, w, &format!("{path}/{k}")) {
                            return Some(d);
                        }
                    }
                    None => return Some(format!("{path}/{k}: {v} vs nothing")),
                }
            }
            y.keys()
                .find(|k| !x.contains_key(*k))
                .map(|k| format!("{path}/{k}: nothing vs {}", y[k]))
        }
        (Value::Array(x), Value::Array(y)) => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                if let Some(d) = first_difference(v, w, &format!("{path}/{i}")) {
                    return Some(d);
                }
            }
            (x.len() != y.len()).then(|| format!("{path}: {} items vs {}", x.len(), y.len()))
        }
        _ if a == b => None,
        _ => Some(format!("{path}: {a} vs {b}")),
    }
}

fn model_difference(a: &JourneyMap, b: &JourneyMap) -> String {
    let (x, y) = (
        serde_json::to_value(a).unwrap(),
        serde_json::to_value(b).unwrap(),
    );
    first_difference(&x, &y, "").unwrap_or_else(|| "they differ in a float".to_string())
}

/// `fmt` of the case's map reads as the same map, and `fmt` of that is the same text.
fn fmt_keeps_the_map(case: &mut Case, map: &JourneyMap) {
    let source = std::fs::read_to_string(case.path(MAP)).unwrap();
    let format = |name: &str, text: String| {
        let file = std::sync::Arc::new(journeymap::source::SourceFile::new(name, None, text));
        journeymap::canonical::format(&file).map_err(|e| format!("{e:?}"))
    };
    let once = match format(MAP, source) {
        Ok(text) => text,
        Err(e) => return case.fail("fmt-fails", e),
    };
    common::keep_for_other_readers("fmt", &once);
    let formatted = case.path("formatted.journey.yaml");
    std::fs::write(&formatted, &once).unwrap();
    match load(&formatted) {
        Ok(back) if back == *map => {}
        Ok(back) => return case.fail("fmt-changes-the-map", model_difference(map, &back)),
        Err(e) => return case.fail("fmt-output-fails-check", e),
    }
    match format("formatted.journey.yaml", once.clone()) {
        Ok(twice) if twice == once => {}
        Ok(twice) => case.fail(
            "fmt-not-idempotent",
            format!(
                "once:\n{}\ntwice:\n{}",
                truncate(&once, 2000),
                truncate(&twice, 2000)
            ),
        ),
        Err(e) => case.fail("fmt-fails-on-its-output", e),
    }
}

/// Reads and checks a map file with the library; its errors as text otherwise.
fn load(path: &Path) -> Result<JourneyMap, String> {
    let checked =
        check_path(path, &Options::default(), &Config::default()).map_err(|e| e.to_string())?;
    if checked.has_errors() {
        return Err(checked
            .diagnostics
            .iter()
            .map(|d| {
                format!(
                    "{} {:?}: {} (at {:?})",
                    d.code, d.severity, d.message, d.span
                )
            })
            .collect::<Vec<_>>()
            .join("\n"));
    }
    checked.map.ok_or_else(|| "no map".to_string())
}

/// Text as Mermaid shows it: blanks collapsed to single spaces, trimmed.
fn mermaid_text(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || is_js_space(c))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_js_space(c: char) -> bool {
    matches!(
        c,
        '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

/// The emotion a Mermaid diagram draws for a step (docs/interchange.md): the score, the
/// rounded mean of per-persona scores, or neutral.
fn mermaid_emotion(emotion: Option<&Emotion>) -> i64 {
    match emotion {
        Some(Emotion::Score(s)) => i64::from(s.get()),
        Some(e @ Emotion::PerPersona(m)) if !m.is_empty() => e.mean().round() as i64,
        _ => 0,
    }
}

// ---------------------------------------------------------------------------------------------
// The property

fn save(case: &Case) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("generated-maps");
    std::fs::create_dir_all(&dir).unwrap();
    let mut classes: Vec<&str> = case.failures.iter().map(|f| f.class.as_str()).collect();
    classes.dedup();
    for class in classes {
        std::fs::write(dir.join(format!("{class}.journey.yaml")), &case.yaml).unwrap();
        let baseline = dir.join(format!("{class}.baseline.journey.yaml"));
        match &case.baseline_yaml {
            Some((_, text)) => std::fs::write(baseline, text).unwrap(),
            None => {
                let _ = std::fs::remove_file(baseline);
            }
        }
    }
    // The files the map names, under the names it uses (the last failure's are kept).
    for (name, text) in &case.companions {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

fn check_everything(spec: &MapSpec, writer: Writer, heavy: Heavy, target: Option<String>) -> Case {
    let json = spec.to_json();
    let yaml = write_yaml(&json, writer);
    let mut case = Case::new(&json, yaml, spec.baseline_path(), companions(spec, writer));
    case.target = target;
    match resolved(spec) {
        Ok(intended) => pipeline(&mut case, Some(&intended), heavy),
        Err(e) => case.fail("generator-makes-an-unreadable-map", e),
    }
    case
}

/// Stops the pipeline once the failure being shrunk has turned up.
macro_rules! stop_when_done {
    ($case:expr) => {
        if $case.done() {
            return;
        }
    };
}

/// Every command on the case's map; `intended` is the map its YAML was written from.
fn pipeline(case: &mut Case, intended: Option<&JourneyMap>, heavy: Heavy) {
    // 1. The map passes check, and reads as the map that was written.
    let map_path = case.path(MAP);
    let map = match load(&map_path) {
        Ok(map) => map,
        Err(errors) => {
            case.fail("check-fails", errors);
            return;
        }
    };
    let written_by_us = journeymap::interchange::yaml::map_to_yaml(&map, None);
    common::keep_for_other_readers("generated", &written_by_us);
    if let Some(intended) = intended.filter(|i| **i != map) {
        let d = model_difference(intended, &map);
        case.fail("yaml-reads-differently", d);
    }
    let Some(_) = case.must("check-exit-code", &["check", MAP]) else {
        return;
    };
    stop_when_done!(case);

    // 1b. fmt keeps the map as it is and formats its own output to the same text.
    fmt_keeps_the_map(case, &map);
    stop_when_done!(case);

    // 2. Render: SVG in every view and for every persona.
    let journey_svg = case.must("render-svg", &["render", MAP, "-o", "-", "--format", "svg"]);
    if let Some(run) = journey_svg {
        case.svg("render-svg-not-xml", "the journey SVG", &run.stdout);
    }
    if !map.personas.is_empty() {
        let args = [
            "render", MAP, "-o", "-", "--format", "svg", "--view", "empathy",
        ];
        if let Some(run) = case.must("render-svg-empathy", &args) {
            case.svg("render-svg-not-xml", "the empathy SVG", &run.stdout);
        }
    }
    for persona in &map.personas {
        let id = persona.id.as_str();
        let takes_a_step = map.steps().any(|(_, _, step)| step.is_taken_by(id));
        let args = ["render", MAP, "-o", "-", "--format", "svg", "--persona", id];
        if takes_a_step {
            if let Some(run) = case.must("render-svg-persona", &args) {
                case.svg("render-svg-not-xml", "a persona's SVG", &run.stdout);
            }
        } else {
            // A persona without steps has no journey to draw: exit 2, saying why.
            let run = case.run(&args);
            if run.code != Some(2) || !run.stderr.contains("takes no step") {
                case.fail("render-persona-without-steps", run.describe());
            }
        }
        let args = [
            "render",
            MAP,
            "-o",
            "-",
            "--format",
            "svg",
            "--view",
            "empathy",
            "--persona",
            id,
        ];
        if !heavy.extras {
            continue;
        }
        if let Some(run) = case.must("render-svg-empathy-persona", &args) {
            case.svg("render-svg-not-xml", "a persona's empathy SVG", &run.stdout);
        }
    }

    stop_when_done!(case);

    // HTML and PNG, on some cases.
    if heavy.html {
        let args = ["render", MAP, "-o", "-", "--format", "html"];
        if let Some(run) = case.must("render-html", &args) {
            case.html(
                "render-html-malformed",
                "the journey page",
                &run.stdout,
                true,
            );
        }
        if !map.personas.is_empty() {
            let args = [
                "render", MAP, "-o", "-", "--format", "html", "--view", "empathy",
            ];
            if let Some(run) = case.must("render-html-empathy", &args) {
                case.html(
                    "render-html-malformed",
                    "the empathy page",
                    &run.stdout,
                    true,
                );
            }
        }
    }
    if heavy.png
        && map.steps().count() <= PNG_MAX_STEPS
        && case
            .must("render-png", &["render", MAP, "-o", "out.png"])
            .is_some()
    {
        let png = std::fs::read(case.path("out.png")).unwrap_or_default();
        if !png.starts_with(b"\x89PNG\r\n\x1a\n") {
            case.fail("render-png", "out.png is not a PNG");
        }
    }

    stop_when_done!(case);

    // 3. Mermaid there and back: the same stages, steps and emotions (docs/interchange.md).
    if case
        .must(
            "export-mermaid",
            &["export", "mermaid", MAP, "-o", "out.mmd"],
        )
        .is_some()
    {
        let mmd = std::fs::read(case.path("out.mmd")).unwrap_or_default();
        case.no_raw_controls("the file of `export mermaid`", &mmd);
        let args = ["import", "mermaid", "out.mmd", "-o", "mermaid.journey.yaml"];
        if case.must("import-mermaid", &args).is_some() {
            match load(&case.path("mermaid.journey.yaml")) {
                Err(e) => case.fail("import-mermaid-writes-an-invalid-map", e),
                Ok(back) => {
                    let written = std::fs::read_to_string(case.path("mermaid.journey.yaml"));
                    common::keep_for_other_readers(
                        "generated-mermaid",
                        &written.unwrap_or_default(),
                    );
                    if let Some((class, problem)) = mermaid_round_trip(&map, &back) {
                        case.fail(class, problem);
                    }
                }
            }
        }
    }

    stop_when_done!(case);

    // 4. CSV there and back with --base: the same map.
    if case
        .must("export-csv", &["export", "csv", MAP, "-o", "out.csv"])
        .is_some()
    {
        let csv = std::fs::read(case.path("out.csv")).unwrap_or_default();
        case.no_raw_controls("the file of `export csv`", &csv);
        let args = [
            "import",
            "csv",
            "out.csv",
            "--base",
            MAP,
            "-o",
            "csv.journey.yaml",
        ];
        if case.must("import-csv", &args).is_some() {
            match load(&case.path("csv.journey.yaml")) {
                Err(e) => case.fail("import-csv-writes-an-invalid-map", e),
                Ok(back) => {
                    // Edited from the base: only a base the project wrote is all journeymap's
                    // text (the varied emitter writes YAML as people do, not as we do).
                    if case.yaml == written_by_us {
                        let written = std::fs::read_to_string(case.path("csv.journey.yaml"));
                        common::keep_for_other_readers(
                            "generated-csv",
                            &written.unwrap_or_default(),
                        );
                    }
                    if back != map {
                        let d = model_difference(&map, &back);
                        case.fail("csv-round-trip", d);
                    }
                }
            }
        }
    }

    stop_when_done!(case);

    // 4b. The workbook there and back with --base: the same map.
    if case
        .must("export-xlsx", &["export", "xlsx", MAP, "-o", "out.xlsx"])
        .is_some()
    {
        let args = [
            "import",
            "xlsx",
            "out.xlsx",
            "--base",
            MAP,
            "-o",
            "xlsx.journey.yaml",
        ];
        if case.must("import-xlsx", &args).is_some() {
            match load(&case.path("xlsx.journey.yaml")) {
                Err(e) => case.fail("import-xlsx-writes-an-invalid-map", e),
                Ok(back) if back != map => {
                    let d = model_difference(&map, &back);
                    case.fail("xlsx-round-trip", d);
                }
                Ok(_) => {}
            }
        }
    }

    stop_when_done!(case);

    // 5. Markdown, textconv.
    case.must("export-markdown", &["export", "markdown", MAP]);
    case.must("textconv", &["textconv", MAP]);

    stop_when_done!(case);

    // 6. A map does not differ from itself.
    if let Some(run) = case.must("diff-json", &["diff", MAP, MAP, "--format", "json"]) {
        match serde_json::from_slice::<Value>(&run.stdout) {
            Err(e) => case.fail("diff-json", format!("not JSON: {e}")),
            Ok(report) => {
                let identical = report["identical"] == Value::Bool(true);
                let changes = report["changes"].as_array().map_or(0, Vec::len);
                if !identical || changes > 0 {
                    case.fail(
                        "diff-with-itself",
                        format!(
                            "identical: {}, {} changes: {}",
                            report["identical"],
                            changes,
                            truncate(&report["changes"].to_string(), 2000)
                        ),
                    );
                }
            }
        }
    }
    case.must("diff-exit-code", &["diff", MAP, MAP, "--exit-code"]);
    if case.baseline_yaml.is_some() {
        // The gap analysis against the baseline.
        case.must("diff-gap-analysis", &["diff", MAP]);
    }

    stop_when_done!(case);

    // 7. The rest, on some cases.
    if heavy.extras {
        let args = [
            "render", MAP, "-o", "-", "--format", "svg", "--theme", "dark",
        ];
        if let Some(run) = case.must("render-svg-dark", &args) {
            case.svg("render-svg-not-xml", "the dark SVG", &run.stdout);
        }
        if let Some(run) = case.must("diff-svg", &["diff", MAP, MAP, "--format", "svg"]) {
            case.svg("diff-svg-not-xml", "the visual diff", &run.stdout);
        }
        if let Some(run) = case.must("diff-html", &["diff", MAP, MAP, "--format", "html"]) {
            // Two equal maps: a page that says so, without a diagram.
            case.html(
                "diff-html-malformed",
                "the visual diff page",
                &run.stdout,
                false,
            );
        }
        case.must("diff-markdown", &["diff", MAP, MAP, "--format", "markdown"]);
        case.must("diff-human", &["diff", MAP, MAP]);
        for format in ["json", "github", "sarif"] {
            case.must("check-format", &["check", MAP, "--format", format]);
        }
        let args = ["export", "csv", MAP, "--bom", "-o", "bom.csv"];
        if case.must("export-csv-bom", &args).is_some() {
            let args = [
                "import",
                "csv",
                "bom.csv",
                "--base",
                MAP,
                "-o",
                "bom.journey.yaml",
            ];
            if case.must("import-csv-bom", &args).is_some() {
                match load(&case.path("bom.journey.yaml")) {
                    Ok(back) if back != map => {
                        let d = model_difference(&map, &back);
                        case.fail("csv-bom-round-trip", d);
                    }
                    Err(e) => case.fail("import-csv-writes-an-invalid-map", e),
                    Ok(_) => {}
                }
            }
        }
    }
}

/// What `export mermaid` then `import mermaid` promises (docs/interchange.md): the same
/// stages, steps and emotions, names as Mermaid shows them; stages in a row whose sections
/// read the same come back as one stage holding the steps of each, as Mermaid draws them.
fn mermaid_round_trip(map: &JourneyMap, back: &JourneyMap) -> Option<(&'static str, String)> {
    let mut expected: Vec<(String, Vec<&journeymap::model::Step>)> = Vec::new();
    for stage in &map.stages {
        let name = mermaid_text(&stage.name);
        match expected.last_mut() {
            Some((last, steps)) if *last == name => steps.extend(&stage.steps),
            _ => expected.push((name, stage.steps.iter().collect())),
        }
    }
    let expected_names: Vec<&String> = expected.iter().map(|(name, _)| name).collect();
    let back_names: Vec<&String> = back.stages.iter().map(|s| &s.name).collect();
    if expected_names != back_names {
        return Some((
            "mermaid-round-trip",
            format!("the stages {expected_names:?} came back as {back_names:?}"),
        ));
    }
    if mermaid_text(&map.title) != back.title {
        return Some((
            "mermaid-round-trip",
            format!(
                "the title {:?} came back as {:?}",
                mermaid_text(&map.title),
                back.title
            ),
        ));
    }
    for ((name, steps), b) in expected.iter().zip(&back.stages) {
        if steps.len() != b.steps.len() {
            return Some((
                "mermaid-round-trip",
                format!(
                    "the stage {name:?} had {} steps, has {}",
                    steps.len(),
                    b.steps.len()
                ),
            ));
        }
        for (x, y) in steps.iter().zip(&b.steps) {
            if mermaid_text(&x.name) != y.name {
                return Some((
                    "mermaid-round-trip",
                    format!(
                        "the step {:?} came back as {:?}",
                        mermaid_text(&x.name),
                        y.name
                    ),
                ));
            }
            let (e1, e2) = (
                mermaid_emotion(x.emotion.as_ref()),
                mermaid_emotion(y.emotion.as_ref()),
            );
            if e1 != e2 {
                return Some((
                    "mermaid-round-trip",
                    format!("the step {:?} felt {e1}, came back feeling {e2}", x.name),
                ));
            }
        }
    }
    None
}

fn report(case: &Case) -> String {
    let mut text = String::new();
    for f in &case.failures {
        text.push_str(&format!("--- {}\n{}\n", f.class, truncate(&f.detail, 4000)));
    }
    text.push_str(&format!("--- the map:\n{}", truncate(&case.yaml, 20000)));
    if let Some((name, _)) = &case.baseline_yaml {
        text.push_str(&format!("\n(with a baseline map, {name})"));
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(DEFAULT_CASES),
        max_shrink_iters: shrink_iters(),
        max_shrink_time: 600_000,
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_map_that_passes_check_works_with_every_command(
        spec in map_spec(),
        writer in writer(),
        heavy in heavy(),
    ) {
        // Once a case fails, shrinking looks for smaller maps with the same failure only.
        let target = SHRINKING.lock().unwrap().clone();
        let case = check_everything(&spec, writer, heavy, target.clone());
        let failed = match &target {
            Some(t) => case.failures.iter().any(|f| &f.class == t),
            None => !case.failures.is_empty(),
        };
        if failed {
            if target.is_none() {
                *SHRINKING.lock().unwrap() = Some(case.failures[0].class.clone());
            }
            save(&case);
            prop_assert!(false, "{}", report(&case));
        }
    }
}

/// The class of failure being shrunk.
static SHRINKING: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

/// Each known bug's fixture still shows its bug (else: the bug is fixed, set its constant to
/// `false`), and the fixture of a fixed bug works with every command.
#[test]
fn known_bug_fixtures_still_fail() {
    let all = Heavy {
        html: true,
        png: true,
        extras: true,
    };
    for &(name, class, still_broken) in KNOWN_BUG_FIXTURES {
        let path = common::fixture(&format!("generated/{name}.journey.yaml"));
        let yaml = std::fs::read_to_string(&path).unwrap();
        let mut case = Case::new(&Value::Null, yaml, None, Vec::new());
        case.skip_known = false;
        pipeline(&mut case, None, all);
        let shows = case.failures.iter().any(|f| f.class == class);
        if still_broken {
            assert!(
                shows,
                "{name}: no `{class}` failure any more; if the bug is fixed, set its KNOWN_BUG_ \
                 constant to false. Failures: {:?}",
                case.failures
            );
        } else {
            case.failures.retain(|f| !known(&f.class));
            assert!(case.failures.is_empty(), "{name}: {}", report(&case));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(DEFAULT_YAML_CASES),
        max_shrink_iters: 4000,
        ..ProptestConfig::default()
    })]

    /// The cheap half of the property, on more cases: the YAML, in any style, passes check
    /// and reads back as the map it was written from.
    #[test]
    fn generated_yaml_passes_check_and_reads_back(spec in map_spec(), seed: u64, json in proptest::bool::weighted(0.1)) {
        let value = spec.to_json();
        let writer = if json { Writer::Json } else { Writer::Varied(seed) };
        let yaml = write_yaml(&value, writer);
        let intended = resolved(&spec).unwrap();
        let case = Case::new(&value, yaml, spec.baseline_path(), companions(&spec, writer));
        match load(&case.path(MAP)) {
            Err(errors) => prop_assert!(false, "check fails: {errors}\n--- the map:\n{}", case.yaml),
            Ok(map) => prop_assert!(
                map == intended,
                "reads back differently: {}\n--- the map:\n{}",
                model_difference(&intended, &map),
                case.yaml
            ),
        }
    }
}

/// Every key of the format, every form of the keys that have several, and every YAML
/// construct of the emitter turn up in a few hundred generated maps.
#[test]
fn the_generator_covers_the_format_and_yaml() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut keys = BTreeSet::new();
    let mut constructs = BTreeSet::new();
    for n in 0..300u64 {
        let spec = map_spec().new_tree(&mut runner).unwrap().current();
        let json = spec.to_json();
        collect_keys(&json, "", &mut keys);
        constructs.extend(emit::emit(&json, n).1);
    }
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(common::root().join("schema/journeymap.schema.json")).unwrap(),
    )
    .unwrap();
    let mut schema_keys = BTreeSet::new();
    collect_schema_keys(&schema, &schema, "", &mut schema_keys, 0);
    assert!(
        schema_keys.len() > 60 && schema_keys.contains("/stages/steps/resources/required"),
        "the schema walk found only {schema_keys:?}"
    );
    let missing: Vec<_> = schema_keys.difference(&keys).collect();
    assert!(missing.is_empty(), "never generated: {missing:?}");
    for form in [
        "/stages/steps/touchpoints=string",
        "/stages/steps/touchpoints=object",
        "/stages/steps/emotion=number",
        "/stages/steps/emotion=object",
        "/stages/steps/pain_points=string",
        "/personas=string",
        "/personas=object",
        "/stages/steps/evidence=string",
        "/stages/steps/evidence=object",
        "/stages/steps/pain_points=object",
        "/stages/steps/opportunities=string",
        "/stages/steps/opportunities=object",
        "/stages/steps/metrics/value=number",
        "/stages/steps/metrics/value=string",
        "/personas/empathy={}",
        "/stages/steps/resources={}",
        "/tags=[]",
    ] {
        assert!(keys.contains(form), "never generated: {form}");
    }
    for construct in [
        "plain",
        "single-quoted",
        "double-quoted",
        "escape",
        "literal",
        "folded",
        "block-map",
        "block-seq",
        "flow-map",
        "flow-seq",
        "multiline-flow",
        "anchor",
        "alias",
        "redefined-anchor",
        "comment",
        "blank-line",
        "quoted-key",
        "explicit-key",
        "number-form",
        "crlf",
        "bom",
        "document-start",
        "document-end",
    ] {
        assert!(
            constructs.contains(construct),
            "never written: {construct} (wrote {constructs:?})"
        );
    }
}

/// Every key path of a map (`/stages/steps/name`), and the forms of values under them
/// (`/stages/steps/emotion=number`, `/tags=[]`, `/personas/empathy={}`).
fn collect_keys(v: &Value, path: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            if m.is_empty() {
                out.insert(format!("{path}={{}}"));
            }
            for (k, v) in m {
                let p = if path.ends_with("/emotion") {
                    path.to_string()
                } else {
                    format!("{path}/{k}")
                };
                out.insert(p.clone());
                collect_keys(v, &p, out);
            }
        }
        Value::Array(a) => {
            if a.is_empty() {
                out.insert(format!("{path}=[]"));
            }
            for item in a {
                collect_keys(item, path, out);
            }
        }
        Value::String(_) => {
            out.insert(format!("{path}=string"));
        }
        Value::Number(_) => {
            out.insert(format!("{path}=number"));
        }
        _ => {}
    }
    if let Value::Object(_) = v {
        out.insert(format!("{path}=object"));
    }
}

/// Every property path the schema defines.
fn collect_schema_keys(
    node: &Value,
    root: &Value,
    path: &str,
    out: &mut BTreeSet<String>,
    depth: usize,
) {
    if depth > 12 {
        return;
    }
    if let Some(r) = node.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap();
        if let Some(def) = root.get("$defs").and_then(|d| d.get(name)) {
            collect_schema_keys(def, root, path, out, depth + 1);
        }
        return;
    }
    if let Some(props) = node.get("properties").and_then(Value::as_object) {
        for (k, v) in props {
            let p = format!("{path}/{k}");
            out.insert(p.clone());
            collect_schema_keys(v, root, &p, out, depth + 1);
        }
    }
    for key in ["items", "additionalProperties"] {
        if let Some(inner) = node.get(key).filter(|v| v.is_object()) {
            collect_schema_keys(inner, root, path, out, depth + 1);
        }
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(list) = node.get(key).and_then(Value::as_array) {
            for inner in list {
                collect_schema_keys(inner, root, path, out, depth + 1);
            }
        }
    }
}

/// Prints a few generated maps, to see what the generator writes:
/// `cargo test --test generated_maps print_samples -- --ignored --nocapture`.
#[test]
#[ignore]
fn print_samples() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let n: u64 = std::env::var("SAMPLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    for seed in 0..n {
        let spec = map_spec().new_tree(&mut runner).unwrap().current();
        let (text, used) = emit::emit(&spec.to_json(), seed);
        println!("=== sample {seed}: {used:?}\n{text}");
    }
}
