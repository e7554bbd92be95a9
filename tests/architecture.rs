//! The shape of the code: the top-level modules form layers (no module imports, directly or
//! through others, one that imports it), and only the command line knows clap. Read from the
//! source text: every `crate::module` path outside comments is an import.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file of `src/` belongs to (`diff` for `src/diff/visual.rs`).
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_str()
        .unwrap();
    first.trim_end_matches(".rs").to_string()
}

/// The source text without comments (`//` to the end of the line, which covers doc comments).
fn code_of(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            // `//` inside a string ("https://...") is kept: only a `//` outside quotes starts
            // a comment, which for this purpose means one with an even number of `"` before it.
            Some(at) if line[..at].matches('"').count() % 2 == 0 => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The modules each top-level module names as `crate::x`, in `use crate::{x, ...}` lists too.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeSet<String> = files
        .iter()
        .map(|f| module_of(&src, f))
        .filter(|m| m != "main" && m != "lib")
        .collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let from = module_of(&src, file);
        if from == "main" || from == "lib" {
            continue;
        }
        let code = code_of(&std::fs::read_to_string(file).unwrap());
        let mut named = BTreeSet::new();
        for (at, _) in code.match_indices("crate::") {
            let rest = &code[at + "crate::".len()..];
            if let Some(list) = rest.strip_prefix('{') {
                let list = &list[..list.find('}').unwrap_or(list.len())];
                for item in list.split(',') {
                    let item = item.trim();
                    named.insert(item[..item.find("::").unwrap_or(item.len())].to_string());
                }
            } else {
                let end = rest
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                named.insert(rest[..end].to_string());
            }
        }
        let edges = graph.entry(from.clone()).or_default();
        edges.extend(
            named
                .into_iter()
                .filter(|m| *m != from && modules.contains(m)),
        );
    }
    graph
}

/// A cycle through `start`, if there is one: the modules in import order.
fn cycle_from(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut stack = vec![(start.to_string(), vec![start.to_string()])];
    let mut seen = BTreeSet::new();
    while let Some((at, path)) = stack.pop() {
        for next in graph.get(&at).into_iter().flatten() {
            if next == start {
                let mut cycle = path.clone();
                cycle.push(start.to_string());
                return Some(cycle);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push((next.clone(), longer));
            }
        }
    }
    None
}

#[test]
fn top_level_modules_import_without_a_cycle() {
    let graph = imports();
    assert!(
        graph.len() > 10,
        "the scan found too few modules: {graph:?}"
    );
    let cycles: Vec<String> = graph
        .keys()
        .filter_map(|m| cycle_from(&graph, m))
        .map(|c| c.join(" -> "))
        .collect();
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn the_scan_sees_a_cycle_when_there_is_one() {
    let mut graph = imports();
    graph
        .entry("model".into())
        .or_default()
        .insert("commands".into());
    assert!(cycle_from(&graph, "model").is_some());
}

/// The stages below the command line take plain Rust values; parsing the command line (clap)
/// happens in `cli.rs`, and `main.rs` and the commands that print help, man pages and
/// completions use it.
#[test]
fn only_the_command_line_knows_clap() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let users: Vec<String> = files
        .iter()
        .filter(|f| code_of(&std::fs::read_to_string(f).unwrap()).contains("clap"))
        .map(|f| f.strip_prefix(&src).unwrap().display().to_string())
        .filter(|f| f != "cli.rs" && f != "main.rs" && !f.starts_with("commands/"))
        .collect();
    assert!(users.is_empty(), "clap outside the command line: {users:?}");
}

/// Layout is the one seam between a map and a picture: the drawing stage is handed a
/// `layout::Plan` and sees only what layout makes of it (Scenes, streamed bands, the page's
/// facts), so nothing in `render` may name the model.
#[test]
fn render_never_sees_a_map() {
    let graph = imports();
    let render = graph.get("render").expect("a render module");
    assert!(
        render.contains("layout"),
        "the scan lost render's imports: {render:?}"
    );
    assert!(
        !render.contains("model"),
        "render imports the model: {render:?}"
    );
}
