//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture path under tests/fixtures.
pub fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
}

/// The built binary, run from the repository root, with colour off and a fixed "today".
pub fn journeymap(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_journeymap"));
    cmd.args(args).current_dir(root()).env("NO_COLOR", "1");
    cmd
}

/// Whether golden files should be rewritten instead of compared (set JOURNEYMAP_BLESS=1, then
/// review the diff before committing).
pub fn bless() -> bool {
    std::env::var_os("JOURNEYMAP_BLESS").is_some()
}

/// Compares `actual` with the golden file at `path` (relative to tests/), or rewrites it.
pub fn assert_golden(path: &str, actual: &str) {
    let path = root().join("tests").join(path);
    if bless() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing golden file {}; run with JOURNEYMAP_BLESS=1 and review it",
            path.display()
        )
    });
    if expected != actual {
        panic!(
            "{} differs from the output.\n--- expected\n{expected}\n--- actual\n{actual}\n\
             If the change is intended, rerun with JOURNEYMAP_BLESS=1 and review the diff.",
            path.display()
        );
    }
}

/// Every map in examples/, checked, with its file name, in name order.
pub fn example_maps() -> Vec<(String, journeymap::model::JourneyMap)> {
    use journeymap::validate::{Config, Options, check_path};
    let mut paths: Vec<_> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".journey.yaml"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "examples/ holds maps");
    paths
        .into_iter()
        .map(|path| {
            let checked = check_path(&path, &Options::default(), &Config::default()).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, checked.map.expect("examples are valid"))
        })
        .collect()
}

/// Writes `map` with the project's YAML writer, checks the text, and asserts it has no
/// errors and reads back as the same map.
pub fn assert_writes_valid_yaml(name: &str, map: &journeymap::model::JourneyMap) {
    use journeymap::validate::{Config, Options, check_file};
    let yaml = journeymap::interchange::yaml::map_to_yaml(map, None);
    let file =
        journeymap::source::SourceFile::new(format!("{name}.journey.yaml"), None, yaml.clone());
    let checked = check_file(&file, &Options::default(), &Config::default());
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == journeymap::diagnostics::Severity::Error)
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect();
    assert!(errors.is_empty(), "{name} fails check: {errors:?}\n{yaml}");
    assert_eq!(
        checked.map.as_ref(),
        Some(map),
        "{name} reads back differently"
    );
}

/// With JOURNEYMAP_YAML_CORPUS=DIR, keeps a YAML file journeymap wrote as `NAME-PID-N.yaml`
/// beside `NAME-PID-N.json`: the data journeymap's loader reads from it (the YAML tree, not
/// the model, which leaves out defaults). tests/yaml-readers has other YAML readers
/// (PyYAML, libyaml, ruamel.yaml, js-yaml, yaml) read the same files and compare.
pub fn keep_for_other_readers(name: &str, yaml: &str) {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let Some(dir) = std::env::var_os("JOURNEYMAP_YAML_CORPUS") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = std::sync::Arc::new(journeymap::source::SourceFile::new(
        name,
        None,
        yaml.to_string(),
    ));
    let document = journeymap::load::parse(&file, &journeymap::load::Limits::default())
        .unwrap_or_else(|_| panic!("journeymap cannot read what it wrote:\n{yaml}"));
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = format!("{name}-{}-{n}", std::process::id());
    std::fs::write(dir.join(format!("{name}.yaml")), yaml).unwrap();
    let json = tree_as_json(&document, &document.root);
    std::fs::write(dir.join(format!("{name}.json")), json.to_string()).unwrap();
}

/// A loaded YAML node as the data it holds.
fn tree_as_json(
    document: &journeymap::load::Document,
    node: &journeymap::load::Node,
) -> serde_json::Value {
    use journeymap::load::NodeValue;
    use serde_json::Value;
    match &node.value {
        NodeValue::Null => Value::Null,
        NodeValue::Bool(b) => Value::Bool(*b),
        NodeValue::Int(i) => Value::from(*i),
        NodeValue::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        NodeValue::Str(text) => Value::String(document.text(text).to_string()),
        NodeValue::Seq(items) => {
            Value::Array(items.iter().map(|n| tree_as_json(document, n)).collect())
        }
        NodeValue::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|e| {
                    (
                        document.key(e).to_string(),
                        tree_as_json(document, &e.value),
                    )
                })
                .collect(),
        ),
    }
}

/// The names of the entries of `dir`, sorted.
pub fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The lines a child writes to its piped stderr, as they come, over a channel (for the
/// long-running commands: watch, serve).
#[allow(dead_code)]
pub fn stderr_lines(child: &mut std::process::Child) -> std::sync::mpsc::Receiver<String> {
    use std::io::BufRead;
    let stderr = child.stderr.take().expect("stderr is piped");
    let (send, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if send.send(line).is_err() {
                break;
            }
        }
    });
    lines
}
