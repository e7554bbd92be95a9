//! `journeymap diff` and `journeymap textconv` from the command line: golden reports for the
//! fixture pairs, the CI gates, git revisions in a real repository, and the git diff driver.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{assert_golden, journeymap};

const OLD: &str = "tests/fixtures/diff/kinds/old.journey.yaml";
const NEW: &str = "tests/fixtures/diff/kinds/new.journey.yaml";
const FUTURE: &str = "tests/fixtures/diff/gap/future.journey.yaml";

fn run(args: &[&str]) -> Output {
    journeymap(args).output().expect("the binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn every_kind_of_change_human_markdown_json() {
    for (format, golden) in [
        ("human", "golden/diff/kinds.human.txt"),
        ("markdown", "golden/diff/kinds.md"),
        ("json", "golden/diff/kinds.json"),
        ("svg", "golden/diff/kinds.svg"),
        ("html", "golden/diff/kinds.html"),
    ] {
        let out = run(&["diff", OLD, NEW, "--format", format]);
        assert_eq!(out.status.code(), Some(0), "{format}: {}", stderr(&out));
        assert_golden(golden, &stdout(&out));
    }
}

#[test]
fn json_names_every_change_and_kind() {
    let out = run(&["diff", OLD, NEW, "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["journeymap_diff"], 1);
    assert_eq!(doc["mode"], "revision");
    let changes = doc["changes"].as_array().unwrap();
    let kinds: std::collections::BTreeSet<&str> = changes
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        ["added", "modified", "moved", "removed", "renamed"]
    );
    let elements: std::collections::BTreeSet<&str> = changes
        .iter()
        .map(|c| c["element"].as_str().unwrap())
        .collect();
    for e in [
        "map",
        "persona",
        "channel",
        "stage",
        "step",
        "touchpoint",
        "pain-point",
        "opportunity",
        "metric",
    ] {
        assert!(elements.contains(e), "no change about a {e}");
    }
    for c in changes {
        let keys: Vec<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "kind", "element", "id", "name", "stage", "step", "field", "persona", "before",
                "after", "delta"
            ]
        );
        if c["element"] != "map" {
            assert!(c["id"].is_string(), "{c}");
        }
    }
    let emotion = changes
        .iter()
        .find(|c| c["field"] == "emotion" && c["persona"] == "caller")
        .unwrap();
    assert_eq!(emotion["step"], "verifies");
    assert_eq!(emotion["before"], -1);
    assert_eq!(emotion["after"], -2);
    assert_eq!(emotion["delta"], -1);
}

#[test]
fn future_map_alone_is_a_gap_analysis_against_its_baseline() {
    for (format, golden) in [
        ("human", "golden/diff/gap.human.txt"),
        ("markdown", "golden/diff/gap.md"),
        ("json", "golden/diff/gap.json"),
        ("svg", "golden/diff/gap.svg"),
    ] {
        let out = run(&["diff", FUTURE, "--format", format]);
        assert_eq!(out.status.code(), Some(0), "{format}: {}", stderr(&out));
        assert_golden(golden, &stdout(&out));
    }
    let out = run(&["diff", FUTURE]);
    let text = stdout(&out);
    assert!(text.starts_with("Gap analysis: current state → future state"));
    assert!(text.contains("Pain points the future state resolves (2)"));
    // The map-level differences every gap analysis has are not listed as changes.
    assert!(!text.contains("~   state:"));
}

#[test]
fn the_examples_give_a_gap_analysis() {
    let out = run(&[
        "diff",
        "examples/grocery-checkout-future.journey.yaml",
        "--format",
        "markdown",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("### Gap analysis: "));
    assert!(text.contains("**Pain points the future state resolves ("));
    assert!(text.contains("| Stage | Today | Future | Change |"));
    assert!(text.len() < 65_536);
}

#[test]
fn same_map_written_differently_has_no_changes() {
    let a = "tests/fixtures/diff/same/a.journey.yaml";
    let b = "tests/fixtures/diff/same/b.journey.yaml";
    let out = run(&["diff", a, b, "--exit-code"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_golden("golden/diff/same.human.txt", &stdout(&out));
    let json = run(&["diff", a, b, "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(doc["identical"], true);
    assert_eq!(doc["changes"], serde_json::json!([]));
    // textconv gives the same text for both.
    assert_eq!(run(&["textconv", a]).stdout, run(&["textconv", b]).stdout);
}

#[test]
fn exit_code_is_1_when_the_maps_differ() {
    let out = run(&["diff", OLD, NEW, "--exit-code"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).is_empty());
    let out = run(&["diff", OLD, NEW]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn each_fail_on_rule_fires_and_says_where() {
    for (rule, expected) in [
        (
            "emotion-drop",
            "regression [emotion-drop] stage contact / step verifies: emotion of caller: -1 → -2 (-1)",
        ),
        (
            "new-pain-point",
            "regression [new-pain-point] stage contact / step calls: added pain point chat-handover (medium)",
        ),
        (
            "removed-touchpoint",
            "regression [removed-touchpoint] stage contact / step calls: removed touchpoint fax",
        ),
        (
            "severity-increase",
            "regression [severity-increase] stage contact / step verifies: pain point pin-forgotten severity: low → high",
        ),
        (
            "removed-step",
            "regression [removed-step] stage wrap-up / step survey: removed step survey",
        ),
        (
            "removed-stage",
            "regression [removed-stage] stage wrap-up: removed stage wrap-up",
        ),
    ] {
        let out = run(&["diff", OLD, NEW, "--fail-on", rule, "--format", "json"]);
        assert_eq!(out.status.code(), Some(1), "{rule}");
        let err = stderr(&out);
        assert!(err.contains(expected), "{rule}: {err}");
        assert!(err.contains(&format!("under --fail-on ({rule})")), "{err}");
        // The report is still written.
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(
            doc["regressions"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["rule"] == rule)
        );
    }
}

#[test]
fn fail_on_takes_a_list_and_passes_when_nothing_regressed() {
    let out = run(&[
        "diff",
        FUTURE,
        "--fail-on",
        "emotion-drop,severity-increase,removed-stage",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = run(&["diff", FUTURE, "--fail-on", "emotion-drop,new-pain-point"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("regression [new-pain-point] stage repair / step books-garage"));
    assert!(err.contains("1 regression under --fail-on (new-pain-point)"));
}

#[test]
fn unknown_fail_on_rule_is_a_usage_error_listing_the_rules() {
    let out = run(&["diff", OLD, NEW, "--fail-on", "emotion-drop,pain"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("invalid value 'pain'"), "{err}");
    for rule in [
        "emotion-drop",
        "new-pain-point",
        "removed-touchpoint",
        "severity-increase",
        "removed-step",
        "removed-stage",
    ] {
        assert!(err.contains(rule), "{err}");
    }
}

#[test]
fn an_invalid_side_is_reported_with_its_diagnostics() {
    let out = run(&[
        "diff",
        OLD,
        "tests/fixtures/diff/invalid/broken.journey.yaml",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(err.contains("JM101"), "{err}");
    assert!(err.contains("did you mean `emotion`?"), "{err}");
    assert!(
        err.contains("cannot compare maps that have errors"),
        "{err}"
    );
}

#[test]
fn unreadable_inputs_exit_2() {
    let out = run(&["diff", "no-such.journey.yaml", NEW]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no-such.journey.yaml"));
    // One argument must be a future-state map with a baseline.
    let out = run(&["diff", OLD]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is a current-state map"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn colour_only_when_asked() {
    let plain = run(&["diff", OLD, NEW]);
    assert!(!stdout(&plain).contains('\x1b'));
    let coloured = run(&["diff", OLD, NEW, "--color", "always"]);
    let text = stdout(&coloured);
    assert!(text.contains("\x1b[32m+"), "added lines are green");
    assert!(text.contains("\x1b[31m-"), "removed lines are red");
}

#[test]
fn output_file_is_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("diff.md");
    let out = run(&[
        "diff",
        OLD,
        NEW,
        "--format",
        "markdown",
        "-o",
        target.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let written = std::fs::read_to_string(&target).unwrap();
    assert!(written.starts_with("### Journey map changes: "));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

/// The `<svg>...</svg>` elements of a document, each parsed as XML.
fn svg_elements(text: &str) -> Vec<roxmltree::Document<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").expect("a closed <svg>") + start + "</svg>".len();
        out.push(
            roxmltree::Document::parse(&rest[start..end])
                .unwrap_or_else(|e| panic!("an SVG does not parse: {e}")),
        );
        rest = &rest[end..];
    }
    out
}

#[test]
fn visual_formats_draw_the_new_map_with_marks() {
    let out = run(&["diff", OLD, NEW, "--format", "svg"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let svg = stdout(&out);
    assert!(svg.starts_with("<?xml"));
    assert_eq!(svg_elements(&svg).len(), 1);
    // The renderer's diagram of the new map, with marks on it.
    assert!(svg.contains("data-lane=\"pain-points\""));
    for mark in [
        "jm-diff-added",
        "jm-diff-changed",
        "jm-diff-moved",
        "jm-diff-removed",
        "jm-emotion-before",
        "jm-emotion-delta",
    ] {
        assert!(svg.contains(mark), "svg: no {mark}");
    }
    assert!(svg.contains("step survey"), "removed steps are listed");

    let out = run(&["diff", OLD, NEW, "--format", "html"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = stdout(&out);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(
        html.matches("<script").count(),
        1,
        "only the filters' script"
    );
    assert!(
        html.contains("script-src &#x27;sha256-"),
        "allowed by its hash, nothing else"
    );
    // The new map with removed steps drawn as ghosts where they were, in the light and the
    // dark theme (the viewer's setting shows one).
    assert_eq!(svg_elements(&html).len(), 2);
    assert!(html.contains("jm-when-light") && html.contains("jm-when-dark"));
    assert!(html.contains(">Gets a survey<"), "the removed step's ghost");
    assert!(html.contains("class=\"jm-emotion-before\""));
}

#[test]
fn map_text_is_escaped_in_every_report() {
    let dir = tempfile::tempdir().unwrap();
    let evil = "<script>alert(1)</script> & \\\"quotes\\\" @team `code` | pipe";
    let old =
        std::fs::read_to_string(common::root().join("tests/fixtures/diff/same/a.journey.yaml"))
            .unwrap();
    let new = old
        .replace("name: Does a thing", &format!("name: \"{evil}\""))
        .replace("pain_points: [Slow]", &format!("pain_points: [\"{evil}\"]"));
    std::fs::write(dir.path().join("old.journey.yaml"), &old).unwrap();
    std::fs::write(dir.path().join("new.journey.yaml"), &new).unwrap();
    let (a, b) = (
        dir.path().join("old.journey.yaml"),
        dir.path().join("new.journey.yaml"),
    );
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    for format in ["svg", "html"] {
        let out = run(&["diff", a, b, "--format", format]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let text = stdout(&out);
        assert!(!text.contains("<script>alert"), "{format}");
        // The HTML page has one script, its own filters (allowed by hash); the map's text
        // adds none.
        let scripts = usize::from(format == "html");
        assert_eq!(text.matches("<script").count(), scripts, "{format}");
        svg_elements(&text);
    }
    let md = stdout(&run(&["diff", a, b, "--format", "markdown"]));
    // In code blocks, text stays as it is; outside them it is escaped.
    assert!(!md.contains("<script>") || md.contains("```diff"));
    let summary = md.split("<details>").next().unwrap();
    assert!(
        summary.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{summary}"
    );
    assert!(!summary.contains("<script>"));
    assert!(!summary.contains("@team"));
    let json = run(&["diff", a, b, "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        doc["changes"][0]["after"].as_str().unwrap(),
        evil.replace("\\\"", "\"")
    );
}

#[test]
fn textconv_is_one_fact_per_line() {
    let out = run(&["textconv", NEW]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert_golden("golden/diff/kinds-new.textconv.txt", &text);
    assert!(text.contains("stage contact / step verifies: emotion caller -2\n"));
}

#[test]
fn textconv_falls_back_to_the_raw_text() {
    let broken = "tests/fixtures/diff/invalid/broken.journey.yaml";
    let out = run(&["textconv", broken]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let raw = std::fs::read_to_string(common::root().join(broken)).unwrap();
    let (note, rest) = text.split_once('\n').unwrap();
    assert!(
        note.starts_with("# journeymap textconv: not a valid journey map (line 10, column 9:"),
        "{note}"
    );
    assert_eq!(rest, raw);
    // Not even YAML, and not UTF-8: the text with undecodable bytes and control characters
    // shown visibly (git prints it to a terminal), never raw.
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.journey.yaml");
    std::fs::write(&junk, b"\xff\xfe: [\x1b]0;x\x07\n").unwrap();
    let out = run(&["textconv", junk.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).ends_with("\u{fffd}\u{fffd}: [\\u{1b}]0;x\\u{7}\n"),
        "{}",
        stdout(&out)
    );
}

// --- git -----------------------------------------------------------------------------------

fn git(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
    out
}

fn in_dir(dir: &Path, args: &[&str]) -> Output {
    journeymap(args)
        .current_dir(dir)
        .env("HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap()
}

/// A repository with two commits of `maps/map.journey.yaml`: the kinds fixture's old side,
/// then its new side.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q", "-b", "main"]);
    std::fs::create_dir(root.join("maps")).unwrap();
    let map = root.join("maps/map.journey.yaml");
    std::fs::copy(common::root().join(OLD), &map).unwrap();
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "first"]);
    std::fs::copy(common::root().join(NEW), &map).unwrap();
    git(root, &["commit", "-q", "-am", "second"]);
    dir
}

#[test]
fn diffs_a_git_revision_against_the_working_tree() {
    let repo = repository();
    let root = repo.path();
    let out = in_dir(
        root,
        &[
            "diff",
            "HEAD~1:maps/map.journey.yaml",
            "maps/map.journey.yaml",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["old"]["source"], "HEAD~1:maps/map.journey.yaml");
    // The same changes as between the two files on disk.
    let direct = run(&["diff", OLD, NEW, "--format", "json"]);
    let direct: serde_json::Value = serde_json::from_slice(&direct.stdout).unwrap();
    assert_eq!(doc["changes"], direct["changes"]);

    // Paths are relative to the current directory, as in `git show REV:./path`.
    let maps = root.join("maps");
    let out = in_dir(
        &maps,
        &["diff", "HEAD~1:map.journey.yaml", "HEAD:map.journey.yaml"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("  old  HEAD~1:map.journey.yaml  \"Support call, v1\""));
    let out = in_dir(
        &maps,
        &[
            "diff",
            "main~1:./map.journey.yaml",
            "map.journey.yaml",
            "--exit-code",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn a_future_map_at_a_revision_is_compared_with_its_baseline_at_that_revision() {
    let repo = repository();
    let root = repo.path();
    for name in ["current.journey.yaml", "future.journey.yaml"] {
        std::fs::copy(
            common::root().join("tests/fixtures/diff/gap").join(name),
            root.join("maps").join(name),
        )
        .unwrap();
    }
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "gap"]);
    // The working tree's baseline is broken; the committed one is read.
    std::fs::write(root.join("maps/current.journey.yaml"), "not: [a map").unwrap();
    let out = in_dir(
        root,
        &["diff", "HEAD:maps/future.journey.yaml", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["mode"], "gap-analysis");
    assert_eq!(doc["old"]["source"], "HEAD:maps/current.journey.yaml");
    assert_eq!(doc["new"]["source"], "HEAD:maps/future.journey.yaml");
    let direct = run(&["diff", FUTURE, "--format", "json"]);
    let direct: serde_json::Value = serde_json::from_slice(&direct.stdout).unwrap();
    assert_eq!(doc["changes"], direct["changes"]);
}

#[test]
fn a_bad_revision_or_path_is_a_clear_error() {
    let repo = repository();
    let root = repo.path();
    let out = in_dir(
        root,
        &[
            "diff",
            "nope:maps/map.journey.yaml",
            "maps/map.journey.yaml",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("cannot read `nope:maps/map.journey.yaml` from git"),
        "{err}"
    );
    let out = in_dir(
        root,
        &[
            "diff",
            "HEAD~1:maps/other.journey.yaml",
            "maps/map.journey.yaml",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("does not exist in 'HEAD~1'"), "{err}");
    // Outside a repository.
    let plain = tempfile::tempdir().unwrap();
    let out = in_dir(
        plain.path(),
        &["diff", "HEAD:x.journey.yaml", "y.journey.yaml"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot read `HEAD:x.journey.yaml` from git"));
}

#[test]
fn a_file_named_with_a_colon_is_a_path() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        common::root().join(OLD),
        dir.path().join("v1:map.journey.yaml"),
    )
    .unwrap();
    std::fs::copy(
        common::root().join(NEW),
        dir.path().join("map.journey.yaml"),
    )
    .unwrap();
    let out = in_dir(
        dir.path(),
        &[
            "diff",
            "v1:map.journey.yaml",
            "map.journey.yaml",
            "--exit-code",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stdout(&out).contains("  old  v1:map.journey.yaml  \"Support call, v1\""));
}

#[test]
fn git_diff_uses_textconv_through_gitattributes() {
    let repo = repository();
    let root = repo.path();
    std::fs::write(
        root.join(".gitattributes"),
        "*.journey.yaml diff=journeymap\n",
    )
    .unwrap();
    let textconv = format!("{} textconv", env!("CARGO_BIN_EXE_journeymap"));
    git(root, &["config", "diff.journeymap.textconv", &textconv]);
    let out = git(
        root,
        &["diff", "HEAD~1", "HEAD", "--", "maps/map.journey.yaml"],
    );
    let text = stdout(&out);
    assert!(
        text.contains("-stage contact / step verifies: emotion caller -1\n"),
        "{text}"
    );
    assert!(text.contains("+stage contact / step verifies: emotion caller -2\n"));
    assert!(text.contains("+stage fix / step visit: name A technician visits\n"));
}

/// A map of `stages` stages of `per_stage` steps each; `emotion(i)` scores step `i` and
/// `name(i)` names it.
fn curve_map(
    stages: usize,
    per_stage: usize,
    emotion: impl Fn(usize) -> i8,
    name: impl Fn(usize) -> String,
) -> String {
    let mut text = String::from("journeymap: 1\nid: c\ntitle: C\nstages:\n");
    for s in 0..stages {
        text.push_str(&format!("  - id: st{s}\n    name: Stage {s}\n    steps:\n"));
        for k in 0..per_stage {
            let i = s * per_stage + k;
            text.push_str(&format!(
                "      - id: s{i}\n        name: '{}'\n        emotion: {}\n",
                name(i).replace('\'', "''"),
                emotion(i)
            ));
        }
    }
    text
}

/// The Mermaid blocks of a markdown report.
fn mermaid_blocks(report: &str) -> Vec<String> {
    report
        .split("```mermaid\n")
        .skip(1)
        .map(|rest| rest[..rest.find("```").unwrap()].to_string())
        .collect()
}

fn markdown_diff(old: &str, new: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.journey.yaml"), old).unwrap();
    std::fs::write(dir.path().join("new.journey.yaml"), new).unwrap();
    let out = journeymap(&[
        "diff",
        "old.journey.yaml",
        "new.journey.yaml",
        "--format",
        "markdown",
    ])
    .current_dir(dir.path())
    .output()
    .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

/// The pull-request report charts the curve before and after, point by point, in a block
/// GitHub draws itself; steps in one map only are left out of the lines and counted.
#[test]
fn markdown_chart_shows_the_curve_before_and_after() {
    let name = |i: usize| format!("Step {i}");
    let old = curve_map(1, 4, |i| [-2, -1, 0, 1][i], name);
    let mut new = curve_map(1, 3, |i| [0, -1, 2][i], name);
    new = new
        .replace("id: s2\n", "id: s3\n")
        .replace("'Step 2'", "'Step 3'");
    let report = markdown_diff(&old, &new);
    let blocks = mermaid_blocks(&report);
    assert_eq!(blocks.len(), 1, "{report}");
    let chart = &blocks[0];
    assert!(chart.contains("xychart-beta\n"), "{chart}");
    assert!(
        chart.contains("plotColorPalette: \"#9ca3af, #2563eb\""),
        "{chart}"
    );
    // s0, s1 and s3 are on both sides; s2 was removed. Points are numbered in the order of
    // both maps' steps, and the caption names them.
    assert!(chart.contains("x-axis [\"1\", \"2\", \"4\"]"), "{chart}");
    assert!(
        report.contains("Steps: **1** Step 0 · **2** Step 1 · **4** Step 3\n"),
        "{report}"
    );
    assert!(
        chart.contains("line [-2, -1, 1]\n  line [0, -1, 2]\n"),
        "{chart}"
    );
    assert!(chart.contains("y-axis \"Emotion\" -2 --> 2"), "{chart}");
    assert!(report.contains("left out (1)"), "{report}");
}

#[test]
fn markdown_chart_only_when_the_curve_moves() {
    let map = curve_map(1, 3, |i| i as i8 - 1, |i| format!("Step {i}"));
    let renamed = map.replace("title: C", "title: D");
    let report = markdown_diff(&map, &renamed);
    assert!(mermaid_blocks(&report).is_empty(), "{report}");
}

/// A long journey is charted stage by stage, and names cannot break out of Mermaid's quoted
/// strings.
#[test]
fn markdown_chart_of_a_long_journey_is_by_stage_with_safe_labels() {
    let name = |i: usize| format!("Says \"hi\" {i} and keeps talking for a while");
    let old = curve_map(5, 10, |i| (i % 5) as i8 - 2, name);
    // Each stage's first step goes from -2 to +2.
    let better = |i: usize| if i % 10 == 0 { 2 } else { (i % 5) as i8 - 2 };
    let new = curve_map(5, 10, better, name).replace("Stage 0", "Stage \"zero\"");
    let report = markdown_diff(&old, &new);
    let blocks = mermaid_blocks(&report);
    assert_eq!(blocks.len(), 1, "{report}");
    let chart = &blocks[0];
    assert!(chart.contains("title \"Emotion by stage"), "{chart}");
    assert!(
        chart.contains("x-axis [\"1\", \"2\", \"3\", \"4\", \"5\"]"),
        "{chart}"
    );
    assert!(
        report.contains("Stages: **1** Stage \"zero\" · **2** Stage 1"),
        "{report}"
    );
    // Steps that change without moving any stage's average: no flat chart, a sentence.
    let shifted = curve_map(5, 10, |i| ((i + 1) % 5) as i8 - 2, name);
    let report = markdown_diff(&old, &shifted);
    assert!(mermaid_blocks(&report).is_empty(), "{report}");
    assert!(
        report.contains("Each stage's average emotion is the same before and after"),
        "{report}"
    );
}

/// Mermaid decodes `#name;` in its strings and takes `%%{...}%%` as settings: text from the
/// map is written with codes, so it shows as written and cannot restyle the chart (found
/// with Mermaid 11 in Chromium: a `%%` label broke the parse, an init directive recoloured
/// the lines).
#[test]
fn markdown_chart_text_cannot_change_the_chart() {
    let persona = "%%{init: {'theme': 'dark'}}%% \"Ana\" #quot;";
    let with_persona = |map: String, scores: [i8; 3]| {
        let mut i = 0;
        let map = map.replacen(
            "title: C\n",
            &format!(
                "title: C\npersonas:\n  - id: ana\n    name: '{}'\n",
                persona.replace('\'', "''")
            ),
            1,
        );
        let mut out = String::new();
        for line in map.lines() {
            if let Some(rest) = line.strip_prefix("        emotion: ") {
                let _ = rest;
                out.push_str(&format!("        emotion: {{ana: {}}}\n", scores[i]));
                i += 1;
            } else {
                out.push_str(line);
                out.push('\n');
            }
        }
        out
    };
    let map = curve_map(1, 3, |_| 0, |i| format!("Step {i}"));
    let report = markdown_diff(
        &with_persona(map.clone(), [0, 0, 0]),
        &with_persona(map, [1, -1, 2]),
    );
    let blocks = mermaid_blocks(&report);
    assert_eq!(blocks.len(), 1, "{report}");
    let title = blocks[0]
        .lines()
        .find(|l| l.trim_start().starts_with("title"))
        .unwrap();
    assert_eq!(
        title.trim(),
        "title \"Emotion of #37;#37;{init: {'theme': 'dark'}}#37;#37; #quot;Ana#quot; #35;quot;\""
    );
}

/// The diff picture shows what changed, not only that something did: a removed step is a
/// ghost column in its old place, struck through; a removed pain point stays visible, struck
/// through; a renamed stage shows its old name struck through; a severity shows old → new.
#[test]
fn diff_picture_shows_what_changed() {
    let out = run(&["diff", OLD, NEW, "--format", "svg"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let svg = stdout(&out);
    // The removed step and the removed stage are drawn from the old map.
    assert!(svg.contains(">Gets a survey<"), "the removed step's ghost");
    assert!(svg.contains(">Wrap up<"), "the removed stage's ghost");
    // Struck through: the removed stage, step, pain point and touchpoint.
    assert_eq!(
        svg.matches("<g class=\"jm-diff-strike\">").count(),
        4,
        "{svg}"
    );
    // A renamed stage, step and touchpoint: the old name on a struck pill.
    assert_eq!(svg.matches("<g class=\"jm-diff-was\">").count(), 3);
    assert!(svg.contains(">Contact support<"));
    assert!(svg.contains("LOW → HIGH") && svg.contains("MEDIUM → LOW"));
    // A header names both sides and counts the changes.
    assert!(svg.contains(&format!(">{OLD} → {NEW}<")), "the sides");
    assert!(svg.contains(">62 changes: 9 added"), "the counts");
    // A gap analysis calls a pain point that is gone resolved, and says what it compares.
    let gap = stdout(&run(&["diff", FUTURE, "--format", "svg"]));
    assert!(gap.contains(">RESOLVED<"), "{gap}");
    assert!(gap.contains(">Current → Future: "), "{gap}");
    // A shared picture never shows where the files were on the machine that drew it.
    let root = common::root();
    let (old_abs, new_abs) = (root.join(OLD), root.join(NEW));
    let out = run(&[
        "diff",
        old_abs.to_str().unwrap(),
        new_abs.to_str().unwrap(),
        "--format",
        "svg",
    ]);
    let svg = stdout(&out);
    assert!(
        svg.contains(&format!(">{OLD} → {NEW}<")),
        "relative to the working folder"
    );
    assert!(!svg.contains(root.to_str().unwrap()), "no absolute path");
}

/// `diff -o d.png` draws the picture as PNG; a PNG is never written to a terminal.
#[test]
fn diff_picture_as_png() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("d.png");
    let out = run(&["diff", OLD, NEW, "-o", png.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = std::fs::read(&png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    let out = run(&["diff", OLD, NEW, "--format", "png"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("-o d.png"), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}

/// The checked map at `path` (relative to the repository).
fn load(path: &str) -> journeymap::model::JourneyMap {
    let file = journeymap::load::read_path(&common::root().join(path), &Default::default())
        .unwrap()
        .unwrap();
    journeymap::validate::check_file(
        &file,
        &journeymap::validate::Options::default(),
        &journeymap::validate::Config::default(),
    )
    .map
    .unwrap()
}

/// The marks the diff adds (badges, old-name pills, delta labels, the legend band) keep the
/// layout's promises: no text overlaps another, none leaves its cell or the canvas.
#[test]
fn diff_picture_text_never_overlaps() {
    use journeymap::diff::{diff, visual};
    for (a, b) in [
        (OLD, NEW),
        (
            "tests/fixtures/diff/gap/current.journey.yaml",
            "tests/fixtures/diff/gap/future.journey.yaml",
        ),
        (
            "examples/grocery-checkout.journey.yaml",
            "examples/grocery-checkout-future.journey.yaml",
        ),
    ] {
        let (old, new) = (load(a), load(b));
        let d = diff(a, &old, b, &new).with_curve(&old, &new);
        let scene = visual::marked_scene(&d, &old, &new).unwrap();
        let problems = journeymap::layout::layout_problems(&scene);
        assert!(
            problems.is_empty(),
            "{a} → {b}:\n{}",
            problems[..problems.len().min(20)].join("\n")
        );
    }
}

/// The chart's bounds: at most four persona charts (then a note), and names in the caption's
/// key cut at 48 characters.
#[test]
fn markdown_chart_bounds_personas_and_names() {
    let personas = ["a", "b", "c", "d", "e", "f"];
    let long = "Waits on hold while the same recorded message plays again and again";
    let map = |shift: i8| {
        let mut text = String::from("journeymap: 1\nid: c\ntitle: C\npersonas:\n");
        for p in personas {
            text.push_str(&format!("  - id: {p}\n    name: Persona {p}\n"));
        }
        text.push_str("stages:\n  - id: s\n    name: S\n    steps:\n");
        for i in 0..3i8 {
            let scores: Vec<String> = personas
                .iter()
                .map(|p| format!("{p}: {}", ((i + shift) % 3) - 1))
                .collect();
            text.push_str(&format!(
                "      - id: s{i}\n        name: '{long} {i}'\n        emotion: {{{}}}\n",
                scores.join(", ")
            ));
        }
        text
    };
    let report = markdown_diff(&map(0), &map(1));
    assert_eq!(mermaid_blocks(&report).len(), 4, "{report}");
    assert!(
        report.contains("(and more personas whose curve changed)"),
        "{report}"
    );
    let cut: String = long.chars().take(48).collect();
    assert!(report.contains(&format!("**1** {cut}…")), "{report}");
}

/// With a hundred changes or more the picture stays calm: a card whose content changed gets a
/// bar on its edge, not an outline and a badge; only what was added, removed, resolved or
/// moved, and severities that moved, are outlined with a badge. A smaller diff outlines every
/// changed card.
#[test]
fn busy_diff_pictures_mark_changed_cards_with_a_bar() {
    use journeymap::diff::{diff, visual};
    use journeymap::layout::scene::{GroupItem, Item};
    fn changed_marks<'a>(items: &'a [Item], out: &mut Vec<&'a GroupItem>) {
        for item in items {
            if let Item::Group(g) = item {
                if g.class == "diff-changed" {
                    out.push(g);
                } else {
                    changed_marks(&g.items, out);
                }
            }
        }
    }
    for (a, b, busy) in [
        (
            "examples/grocery-checkout.journey.yaml",
            "examples/grocery-checkout-future.journey.yaml",
            true,
        ),
        (OLD, NEW, false),
    ] {
        let (old, new) = (load(a), load(b));
        let d = diff(a, &old, b, &new).with_curve(&old, &new);
        assert_eq!(d.changes.len() >= visual::CALM_FROM_CHANGES, busy, "{a}");
        let scene = visual::marked_scene(&d, &old, &new).unwrap();
        let mut marks = Vec::new();
        for band in &scene.bands {
            changed_marks(&band.items, &mut marks);
        }
        let badge = |g: &GroupItem| {
            g.items.iter().find_map(|i| match i {
                Item::Text(t) => Some(t.lines.iter().map(|l| l.text.as_str()).collect::<String>()),
                _ => None,
            })
        };
        // A bar is one filled rectangle; an outline (around a card or a chip) is unfilled.
        let bars = marks
            .iter()
            .filter(|g| matches!(g.items.as_slice(), [Item::Rect(r)] if r.fill != "none"))
            .count();
        if busy {
            assert!(bars >= 10, "{a}: {bars} bars");
            for g in &marks {
                if let Some(text) = badge(g) {
                    assert!(
                        text.contains('→'),
                        "{a}: a changed card with the badge {text:?}"
                    );
                }
            }
        } else {
            assert_eq!(bars, 0, "{a}: a small diff outlines its changes");
            assert!(
                marks
                    .iter()
                    .any(|g| badge(g).is_some_and(|t| t.starts_with("CHANGED")))
            );
        }
    }
}

/// Regression: the old curves were written as `M1 2 L3 4` and the picture's top band moved
/// only every other y down, so a dashed "before" line zigzagged away from its own points.
/// Every point of every old curve must sit on one of its circles.
#[test]
fn old_curves_pass_through_their_points() {
    use journeymap::diff::{diff, visual};
    use journeymap::layout::scene::Item;
    let (old, new) = (load(OLD), load(NEW));
    let d = diff(OLD, &old, NEW, &new).with_curve(&old, &new);
    let scene = visual::marked_scene(&d, &old, &new).unwrap();
    let mut curves = 0;
    for band in &scene.bands {
        let groups: Vec<&journeymap::layout::scene::GroupItem> = band
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Group(g) if g.class == "emotion-before" => Some(g),
                _ => None,
            })
            .collect();
        for g in &groups {
            let Some(Item::Path(path)) = g.items.first() else {
                continue;
            };
            // A curve's points are drawn apart from its line, under the same tooltip.
            let circles: Vec<(f64, f64)> = groups
                .iter()
                .filter(|other| other.tooltip == g.tooltip)
                .flat_map(|other| &other.items)
                .filter_map(|i| match i {
                    Item::Circle(c) => Some((c.cx, c.cy)),
                    _ => None,
                })
                .collect();
            if circles.is_empty() {
                continue; // the legend's sample line
            }
            let numbers: Vec<f64> = path
                .d
                .split(' ')
                .map(|t| t.trim_start_matches(|c: char| c.is_ascii_alphabetic()))
                .map(|t| t.parse().unwrap())
                .collect();
            for point in numbers.chunks(2) {
                assert!(
                    circles
                        .iter()
                        .any(|(x, y)| (x - point[0]).abs() < 0.01 && (y - point[1]).abs() < 0.01),
                    "{}: ({}, {}) is on no circle of {circles:?}",
                    path.d,
                    point[0],
                    point[1]
                );
            }
            curves += 1;
        }
    }
    assert!(
        curves >= 2,
        "the kinds fixture has an old curve per persona"
    );
}

/// The change of each step's emotion is labelled clear of the points in its column (new
/// markers with their labels, old points), inside the emotion band.
#[test]
fn emotion_deltas_sit_clear_of_the_points() {
    use journeymap::diff::{diff, visual};
    use journeymap::layout::Lane;
    use journeymap::layout::scene::{Item, Key, Rect};
    let overlaps = |a: &Rect, b: &Rect| {
        a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
    };
    let mut labels = 0;
    for (a, b) in [
        (OLD, NEW),
        (
            "examples/grocery-checkout.journey.yaml",
            "examples/grocery-checkout-future.journey.yaml",
        ),
    ] {
        let (old, new) = (load(a), load(b));
        let d = diff(a, &old, b, &new).with_curve(&old, &new);
        let scene = visual::marked_scene(&d, &old, &new).unwrap();
        let band = scene
            .bands
            .iter()
            .find(|b| b.lane == Some(Lane::Emotion))
            .unwrap();
        let points: Vec<Rect> = scene
            .places()
            .into_iter()
            .filter(|p| matches!(p.key, Key::EmotionPoint { .. }))
            .map(|p| p.rect)
            .chain(band.items.iter().flat_map(|item| {
                match item {
                    Item::Group(g) if g.class == "emotion-before" => g
                        .items
                        .iter()
                        .filter_map(|i| match i {
                            Item::Circle(c) => {
                                Some(Rect::new(c.cx - c.r, c.cy - c.r, 2.0 * c.r, 2.0 * c.r))
                            }
                            _ => None,
                        })
                        .collect::<Vec<_>>(),
                    _ => Vec::new(),
                }
            }))
            .collect();
        for item in &band.items {
            let Item::Group(g) = item else { continue };
            if g.class != "emotion-delta" {
                continue;
            }
            for label in &g.items {
                let Item::Text(t) = label else { continue };
                labels += 1;
                let text = &t.lines[0].text;
                assert!(
                    t.bounds.y >= band.y && t.bounds.y + t.bounds.h <= band.y + band.height,
                    "{a}: {text} leaves the band"
                );
                for p in &points {
                    assert!(
                        !overlaps(&t.bounds, p),
                        "{a}: {text} at {:?} covers a point at {p:?}",
                        t.bounds
                    );
                    // The lines run through the points of a column: a label beside a point
                    // at its height would sit on them.
                    let (cx, cy) = (p.x + p.w / 2.0, p.y + p.h / 2.0);
                    let beside = (cx - (t.bounds.x + t.bounds.w / 2.0)).abs() < 40.0;
                    assert!(
                        !(beside && t.bounds.y < cy && cy < t.bounds.y + t.bounds.h),
                        "{a}: {text} at {:?} sits on the line through {p:?}",
                        t.bounds
                    );
                }
            }
        }
    }
    assert!(labels >= 10, "only {labels} delta labels were drawn");
}
