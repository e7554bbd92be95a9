//! Regression tests for issue "Trust": each is named after a bug found by trying valid maps
//! through every command and by attacking the tool with hostile maps. A map that `check`
//! accepts must work through every command; a hostile map must neither leak, corrupt nor
//! exhaust anything.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

fn run(args: &[&str]) -> Output {
    common::journeymap(args).output().unwrap()
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    common::journeymap(args).current_dir(dir).output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Writes `text` as `name` in `dir` and returns its path.
fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, text).unwrap();
    path
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn assert_exit(out: &Output, code: i32, what: &str) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "{what}: exit status\nstdout:\n{}\nstderr:\n{}",
        stdout(out),
        stderr(out)
    );
    assert!(!stderr(out).contains("panicked"), "{what}: {}", stderr(out));
}

const ONE_STEP: &str = "journeymap: 1\nid: t\ntitle: T\nstages:\n  - id: s\n    name: S\n    steps:\n      - id: a\n        name: A\n";

#[test]
fn html_persona_with_some_empathy_quadrants() {
    let dir = tempfile::tempdir().unwrap();
    let map = write(
        dir.path(),
        "p.journey.yaml",
        &format!(
            "{ONE_STEP}        personas: [p]\npersonas:\n  - id: p\n    name: P\n    empathy: {{says: [Where is my parcel]}}\n"
        ),
    );
    let out = run(&[
        "render",
        map.to_str().unwrap(),
        "-o",
        "-",
        "--format",
        "html",
    ]);
    assert_exit(&out, 0, "render html");
    let page = stdout(&out);
    assert!(page.contains("<h4>Says</h4>"), "{page}");
    assert!(page.contains("Where is my parcel"));
    assert!(
        !page.contains("<h4>Thinks</h4>"),
        "an empty quadrant is left out"
    );
}
