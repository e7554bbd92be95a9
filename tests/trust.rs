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

#[allow(dead_code)] // used by the tests of outputs below
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

#[allow(dead_code)] // used by the tests of outputs below
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

/// Bytes written to a file in a fresh folder; returns the folder and the path.
fn bytes_file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

/// No raw control character other than tab and line feed (and CR before LF) is in `text`.
fn assert_no_raw_controls(what: &str, text: &str) {
    let bad: Vec<char> = text
        .char_indices()
        .filter(|&(i, c)| {
            journeymap::visible::is_hidden_control(c)
                || (c == '\r' && !text[i + 1..].starts_with('\n'))
        })
        .map(|(_, c)| c)
        .collect();
    assert!(
        bad.is_empty(),
        "{what} holds raw control characters {bad:?}:\n{text}"
    );
}

#[test]
fn long_line_span_past_cr() {
    let mut bytes = vec![b'a'; 241];
    bytes.extend_from_slice(b"\r\xff");
    let (_dir, path) = bytes_file("cr.journey.yaml", &bytes);
    let out = run(&["check", path.to_str().unwrap()]);
    assert_exit(&out, 1, "check");
    assert!(stderr(&out).contains("not valid UTF-8"), "{}", stderr(&out));
    assert_no_raw_controls("stderr", &stderr(&out));
}

#[test]
fn cr_only_file_with_unterminated_flow() {
    let (_dir, path) = bytes_file("mac.journey.yaml", b"journeymap: 1\rid: [a, b\r");
    for command in [&["check"][..], &["render"], &["textconv"]] {
        let mut args = command.to_vec();
        args.push(path.to_str().unwrap());
        let out = run(&args);
        // textconv shows a broken map's raw text (git runs it on every revision): exit 0.
        let expected: &[i32] = if command[0] == "textconv" {
            &[0]
        } else {
            &[1, 2]
        };
        assert!(
            out.status.code().is_some_and(|c| expected.contains(&c)),
            "{command:?}: {}",
            stderr(&out)
        );
        assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
        assert_no_raw_controls("stderr", &stderr(&out));
        assert_no_raw_controls("stdout", &stdout(&out));
    }
}

#[test]
fn terminal_escapes_in_a_map_are_shown_visibly() {
    // OSC 0 (retitle), OSC 52 (clipboard), CSI 2J (clear), a C1 CSI and a bidi override,
    // raw in the file and as YAML escapes.
    let raw = "journeymap: 1\nid: t\ntitle: \"\u{1b}]0;PWNED\u{7}\u{1b}]52;c;aGk=\u{7}\u{1b}[2J\u{9b}2J\u{202e}\"\nstages: []\n";
    let escaped = "journeymap: 1\nid: t\ntitle: \"\\e]0;PWNED\\a\"\nstages:\n  - id: \"\\e[2J\"\n    name: x\n    steps: [{id: a, name: b}]\n";
    for (name, text) in [("raw", raw), ("escaped", escaped)] {
        let (_dir, path) = bytes_file(&format!("{name}.journey.yaml"), text.as_bytes());
        for format in ["human", "github"] {
            let out = run(&["check", "--format", format, path.to_str().unwrap()]);
            assert_exit(&out, 1, &format!("{name} {format}"));
            assert_no_raw_controls(&format!("{name} {format} stdout"), &stdout(&out));
            assert_no_raw_controls(&format!("{name} {format} stderr"), &stderr(&out));
            if format == "human" {
                let all = stdout(&out) + &stderr(&out);
                assert!(all.contains("\\u{1b}"), "{name} {format}: {all}");
            }
        }
    }
}
