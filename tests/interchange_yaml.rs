//! The YAML writer on arbitrary text: whatever a map holds, the file written for it reads back
//! as exactly the same strings, in every position the writer uses (a value after a key, an
//! item of a block sequence, an item of a flow sequence, a literal or folded block). Read back
//! with the project's own loader; where PyYAML is installed, also with a YAML 1.1 reader.

mod common;

use std::process::{Command, Stdio};

use journeymap::interchange::yaml::{is_plain_safe, map_to_yaml, string_scalar};
use journeymap::load::{self, Limits, NodeValue};
use journeymap::model::JourneyMap;
use journeymap::source::SourceFile;
use journeymap::validate::{self, Config, Options};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config as ProptestConfig, TestRunner};

/// Pieces that mean something to a YAML reader, or that readers disagree about.
const FRAGMENTS: &[&str] = &[
    "?",
    "? ",
    " ?",
    " -",
    "- ",
    "-",
    ": ",
    ":",
    " #",
    "#",
    "=",
    "|",
    ">",
    "&",
    "*",
    "!",
    "%",
    "@",
    "`",
    "'",
    "\"",
    ",",
    ", ",
    "[",
    "]",
    "{",
    "}",
    "\\",
    "...",
    "---",
    "<<",
    "~",
    "null",
    "yes",
    "No",
    "on",
    "true",
    ".inf",
    "-.Inf",
    ".NaN",
    "0x1F",
    "0o17",
    "0b101",
    "1e3",
    "1_000",
    "12",
    "-3",
    "+4",
    ".5",
    "5.",
    "07:30",
    "1:20",
    "12:30:45",
    "2026-10-01",
    "2026-01-02T10:00:00Z",
    "2026-01-02 10:00:00 +01:00",
    "2026-1-2t1:00:00.5z",
    " ",
    "  ",
    "\t",
    "\n",
    "\r",
    "\r\n",
    "\u{a0}",
    "\u{3000}",
    "\u{feff}",
    "\u{85}",
    "\u{2028}",
    "\u{2029}",
    "\u{200b}",
    "\u{0}",
    "\u{7}",
    "\u{1b}",
    "\u{7f}",
    "\u{80}",
    "\u{9f}",
    "\u{fffe}",
    "\u{ffff}",
    "日本語",
    "한국어",
    "中文，标点",
    "مرحبا",
    "שלום",
    "\u{202e}",
    "\u{200f}",
    "e\u{301}",
    "\u{301}",
    "\u{20dd}",
    "😀",
    "👨\u{200d}👩\u{200d}👧",
    "🇬🇧",
    "Too slow",
    "word",
    "a",
    "Z",
];

/// Text made of YAML-special fragments and arbitrary characters.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => proptest::sample::select(FRAGMENTS).prop_map(str::to_string),
        1 => any::<char>().prop_map(|c| c.to_string()),
        1 => "[a-z ]{1,6}",
    ];
    proptest::collection::vec(piece, 0..8).prop_map(|pieces| pieces.concat())
}

/// Loads `yaml` with the project's loader and returns the string at `pointer`.
fn string_at(yaml: &str, pointer: &str) -> Result<String, String> {
    let file = SourceFile::new("written.yaml", None, yaml.to_string());
    let document = load::parse(&file, &Limits::default()).map_err(|diagnostics| {
        let messages: Vec<String> = diagnostics.iter().map(|d| d.message.clone()).collect();
        format!("the loader rejects it: {messages:?}")
    })?;
    match document.node(pointer).map(|n| &n.value) {
        Some(NodeValue::Str(text)) => Ok(document.text(text).to_string()),
        other => Err(format!("{pointer} is not a string: {other:?}")),
    }
}

/// A small map whose free-text fields all hold `text`.
fn map_holding(text: &str) -> JourneyMap {
    let mut map = journeymap::interchange::new_map(
        "m",
        "Map",
        vec![journeymap::interchange::new_stage(
            "s",
            "Stage",
            vec![journeymap::interchange::new_step("a", "Step")],
        )],
    );
    map.description = Some(text.to_string());
    map.tags = vec![text.to_string()];
    map.stakeholders = vec![text.to_string(), "Other".to_string()];
    let step = &mut map.stages[0].steps[0];
    step.thoughts = vec![
        text.to_string(),
        format!("{text} {}", "and more ".repeat(6)),
    ];
    step.feeling = Some(format!("{text}{}", " long".repeat(30)));
    map
}

/// Every way the writer can place `text` reads back as `text`.
fn assert_reads_back(text: &str) -> Result<(), TestCaseError> {
    // A value after a key, an item of a block sequence, and an item of a flow sequence.
    let block = string_scalar(text, false);
    let flow = string_scalar(text, true);
    if text.chars().any(load::forbidden_in_text) {
        // Map text may not hold control characters: the writer still spells them as escapes
        // (never raw), and the loader refuses them at the escape.
        for written in [&block, &flow] {
            prop_assert!(
                !written.chars().any(load::forbidden_in_text),
                "{:?}",
                written
            );
            let file = SourceFile::new("t.yaml", None, format!("k: {written}\n"));
            let refused = load::parse(&file, &Limits::default())
                .err()
                .is_some_and(|ds| ds.iter().any(|d| d.code == "JM004"));
            prop_assert!(refused, "{:?} was not refused", written);
        }
        return Ok(());
    }
    let positions = [
        (format!("k: {block}\n"), "/k"),
        (format!("k:\n  - {block}\n  - x\n"), "/k/0"),
        (format!("k: [{flow}]\n"), "/k/0"),
        (format!("k: [{flow}, {flow}, x]\n"), "/k/1"),
        (format!("k: [x, {flow}]\n"), "/k/1"),
    ];
    for (yaml, pointer) in positions {
        let back =
            string_at(&yaml, pointer).map_err(|e| TestCaseError::fail(format!("{e}\n{yaml}")))?;
        prop_assert_eq!(
            &back,
            text,
            "{:?} reads back differently from:\n{}",
            text,
            yaml
        );
    }
    // The whole writer: literal and folded blocks, flow sequences, nested sequences.
    let map = map_holding(text);
    let yaml = map_to_yaml(&map, None);
    for pointer in [
        "/description",
        "/tags/0",
        "/stakeholders/0",
        "/stages/0/steps/0/thoughts/0",
    ] {
        let back =
            string_at(&yaml, pointer).map_err(|e| TestCaseError::fail(format!("{e}\n{yaml}")))?;
        prop_assert_eq!(&back, text, "{} of the written map:\n{}", pointer, yaml);
    }
    Ok(())
}

#[test]
fn any_text_reads_back_the_same_in_block_and_flow_positions() {
    let mut runner = TestRunner::new(ProptestConfig {
        cases: 4000,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    runner
        .run(&text(), |text| assert_reads_back(&text))
        .unwrap();
}

#[test]
fn every_fragment_alone_and_in_words_reads_back() {
    for fragment in FRAGMENTS {
        for text in [
            fragment.to_string(),
            format!("a{fragment}"),
            format!("{fragment}a"),
            format!("Too slow{fragment}"),
            format!("a {fragment} b"),
            format!("{fragment}{fragment}"),
        ] {
            assert_reads_back(&text).unwrap();
        }
    }
}

/// The text the testers found: a list item ending in ` -` went into a flow sequence
/// (`[Too slow -]`), which the loader rejects.
#[test]
fn yaml_flow_item_ending_in_space_dash_is_quoted() {
    assert!(!is_plain_safe("Too slow -", true));
    assert_reads_back("Too slow -").unwrap();
    let map = map_holding("Too slow -");
    let yaml = map_to_yaml(&map, None);
    assert!(!yaml.contains("[Too slow -]"), "{yaml}");
    common::assert_writes_valid_yaml("space-dash", &map);
}

/// `?` in a flow sequence, timestamps, a lone `=`, and the characters YAML 1.1 takes for line
/// breaks are all quoted; the line breaks and other non-printable characters as escapes.
#[test]
fn yaml_question_marks_timestamps_equals_and_line_separators_are_quoted() {
    assert!(is_plain_safe("Is it 2 or 4?", false));
    for text in ["Is it 2 or 4?", "a ? b", "?"] {
        assert!(!is_plain_safe(text, true), "{text:?} in a flow sequence");
    }
    for text in [
        "2026-01-02T10:00:00Z",
        "2026-01-02t10:00:00.5z",
        "2026-01-02 10:00:00 +01:00",
        "2026-1-2",
        "=",
    ] {
        assert!(!is_plain_safe(text, false), "{text:?}");
        assert_reads_back(text).unwrap();
    }
    for (text, escape) in [
        ("a\u{2028}b", "\\L"),
        ("a\u{2029}b", "\\P"),
        ("a\u{85}b", "\\N"),
        ("a\u{1b}b", "\\x1B"),
        ("a\u{9f}b", "\\x9F"),
        ("a\u{feff}b", "\\uFEFF"),
    ] {
        let written = string_scalar(text, false);
        assert_eq!(written, format!("\"a{escape}b\""), "{text:?}");
        let map = map_holding(&format!("{text}\nsecond line"));
        let yaml = map_to_yaml(&map, None);
        assert!(!yaml.contains([
            '\u{2028}', '\u{2029}', '\u{85}', '\u{1b}', '\u{9f}', '\u{feff}'
        ]));
        assert_reads_back(text).unwrap();
    }
}

/// Runs PyYAML (a YAML 1.1 reader) on `yaml`; its strings as JSON, or `None` without PyYAML.
fn pyyaml(yaml: &str) -> Option<serde_json::Value> {
    let script = "import sys, json, yaml\n\
                  data = yaml.safe_load(sys.stdin.buffer.read().decode('utf-8'))\n\
                  sys.stdout.write(json.dumps(data, default=lambda v: '<%s %r>' % (type(v).__name__, v)))\n";
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    use std::io::Write as _;
    child.stdin.take()?.write_all(yaml.as_bytes()).ok()?;
    let out = child.wait_with_output().ok()?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        if stderr.contains("No module named") {
            return None;
        }
        panic!("PyYAML rejects the written YAML: {stderr}\n{yaml}");
    }
    Some(serde_json::from_slice(&out.stdout).expect("JSON from python"))
}

/// An independent reader agrees: PyYAML (YAML 1.1, with its dates, sexagesimal numbers, `=`
/// and `<<`) reads the written texts back as the same strings. Skipped when python3 or PyYAML
/// is missing.
#[test]
fn pyyaml_reads_the_written_texts_back_the_same() {
    let mut texts: Vec<String> = FRAGMENTS.iter().map(|f| f.to_string()).collect();
    texts.extend(FRAGMENTS.iter().map(|f| format!("Too slow{f}")));
    texts.extend(FRAGMENTS.iter().map(|f| format!("{f} x {f}")));
    let mut runner = TestRunner::deterministic();
    let strategy = text();
    for _ in 0..1500 {
        texts.push(strategy.new_tree(&mut runner).unwrap().current());
    }
    let mut yaml = String::new();
    for (i, text) in texts.iter().enumerate() {
        let map = map_holding(text);
        // Each map as one entry of a top-level mapping, indented by two.
        yaml.push_str(&format!("m{i}:\n"));
        for line in map_to_yaml(&map, None).lines() {
            if line.is_empty() {
                yaml.push('\n');
            } else {
                yaml.push_str(&format!("  {line}\n"));
            }
        }
    }
    let Some(read) = pyyaml(&yaml) else {
        eprintln!("skipped: python3 with PyYAML (`pip install pyyaml`) is not available");
        return;
    };
    for (i, text) in texts.iter().enumerate() {
        let map = &read[format!("m{i}")];
        let expected = serde_json::Value::String(text.clone());
        assert_eq!(map["description"], expected, "description {text:?}");
        assert_eq!(map["tags"][0], expected, "tag {text:?}");
        assert_eq!(map["stakeholders"][0], expected, "stakeholder {text:?}");
        assert_eq!(
            map["stages"][0]["steps"][0]["thoughts"][0], expected,
            "thought {text:?}"
        );
    }
}

/// Every example still reads back through the loader and the checks after the writer became
/// more careful (the checks are the contract `import` relies on).
#[test]
fn examples_still_round_trip() {
    for (name, map) in common::example_maps() {
        common::assert_writes_valid_yaml(&name, &map);
        let yaml = map_to_yaml(&map, None);
        let file = SourceFile::new(name.clone(), None, yaml);
        assert!(!validate::check_file(&file, &Options::default(), &Config::default()).has_errors());
    }
}

/// The writer's record of where each value went agrees with the loader: every recorded
/// pointer names a node that starts in the recorded bytes (the loader's block scalars may end
/// past them, at the next line's indentation), and the byte where a scalar
/// starts leads back to its own pointer (what `import` uses to show a finding at its cell).
#[test]
fn written_nodes_agree_with_the_loader() {
    let mut maps: Vec<(String, JourneyMap)> = common::example_maps();
    maps.push(("awkward".into(), map_holding("Too slow - ? #x: y")));
    for (name, map) in maps {
        let written = journeymap::interchange::yaml::map_to_yaml_with_nodes(&map, Some("s.json"));
        assert_eq!(written.text, map_to_yaml(&map, Some("s.json")));
        let file = SourceFile::new(name.clone(), None, written.text.clone());
        let document = load::parse(&file, &Limits::default()).unwrap();
        assert!(!written.nodes.is_empty());
        for (pointer, range) in &written.nodes {
            let node = document
                .node(pointer)
                .unwrap_or_else(|| panic!("{name}: {pointer} is not in the written map"));
            let span = node.span();
            assert!(
                range.start <= span.start && span.start < range.end,
                "{name}: {pointer} is at {span:?}, recorded {range:?}"
            );
            let scalar = !matches!(node.value, NodeValue::Seq(_) | NodeValue::Map(_));
            if scalar {
                assert_eq!(written.pointer_at(span.start), pointer, "{name}");
            }
        }
    }
}

/// Writes the corpus tests/yaml-readers reads with other YAML readers
/// (JOURNEYMAP_YAML_CORPUS=DIR): every example and map fixture through the project's writer,
/// and what `import csv` (with and without `--base`) and `import mermaid` write for each
/// example, each beside the data journeymap reads from it. Run by .ci/run.
#[test]
#[ignore = "writes the corpus for tests/yaml-readers; .ci/run runs it"]
fn write_corpus_for_other_readers() {
    let Some(dir) = std::env::var_os("JOURNEYMAP_YAML_CORPUS") else {
        panic!("set JOURNEYMAP_YAML_CORPUS to the folder to write");
    };
    let work = tempfile::tempdir().unwrap();
    let read = |path: &std::path::Path| -> JourneyMap {
        let checked = validate::check_path(path, &Options::default(), &Config::default()).unwrap();
        assert!(!checked.has_errors(), "{} does not check", path.display());
        checked.map.unwrap()
    };
    let mut maps = common::example_maps();
    let examples = maps.len();
    for folder in ["render", "interchange"] {
        for entry in std::fs::read_dir(common::fixture(folder)).unwrap() {
            let path = entry.unwrap().path();
            if path.to_string_lossy().ends_with(".journey.yaml") {
                let checked =
                    validate::check_path(&path, &Options::default(), &Config::default()).unwrap();
                if let (false, Some(map)) = (checked.has_errors(), checked.map) {
                    maps.push((path.display().to_string(), map));
                }
            }
        }
    }
    // The examples as the project writes them (an `--base` import keeps the base's own text,
    // so the base must be journeymap's for the result to be all journeymap's), side by side
    // so that a future map's baseline is found.
    for (name, map) in &maps[..examples] {
        std::fs::write(work.path().join(name), map_to_yaml(map, None)).unwrap();
    }
    let mut written = 0;
    // What `fmt` writes for each example and fixture file, comments and all.
    let mut sources: Vec<std::path::PathBuf> = Vec::new();
    for folder in [
        common::root().join("examples"),
        common::fixture("render"),
        common::fixture("interchange"),
        common::fixture("format"),
    ] {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.to_string_lossy().ends_with(".journey.yaml") {
                sources.push(path);
            }
        }
    }
    sources.sort();
    for path in sources {
        let text = std::fs::read_to_string(&path).unwrap();
        let file = std::sync::Arc::new(journeymap::source::SourceFile::new(
            path.display().to_string(),
            None,
            text,
        ));
        let formatted = journeymap::canonical::format(&file).unwrap();
        common::keep_for_other_readers("fmt", &formatted);
        written += 1;
    }
    for (i, (name, map)) in maps.iter().enumerate() {
        common::keep_for_other_readers("writer", &map_to_yaml(map, None));
        written += 1;
        if i >= examples {
            continue;
        }
        let base = work.path().join(name);
        let out = |file: &str| work.path().join(file).display().to_string();
        let base_path = base.display().to_string();
        let runs: [(&str, Vec<String>, Vec<String>); 3] = [
            (
                "import-csv",
                vec![
                    "export".into(),
                    "csv".into(),
                    base_path.clone(),
                    "-o".into(),
                    out("x.csv"),
                ],
                vec![
                    "import".into(),
                    "csv".into(),
                    out("x.csv"),
                    "-o".into(),
                    out("csv.journey.yaml"),
                ],
            ),
            (
                "import-csv-base",
                vec![
                    "export".into(),
                    "csv".into(),
                    base_path.clone(),
                    "-o".into(),
                    out("x.csv"),
                ],
                vec![
                    "import".into(),
                    "csv".into(),
                    out("x.csv"),
                    "--base".into(),
                    base_path.clone(),
                    "-o".into(),
                    out("csv.journey.yaml"),
                ],
            ),
            (
                "import-mermaid",
                vec![
                    "export".into(),
                    "mermaid".into(),
                    base_path.clone(),
                    "-o".into(),
                    out("x.mmd"),
                ],
                vec![
                    "import".into(),
                    "mermaid".into(),
                    out("x.mmd"),
                    "-o".into(),
                    out("csv.journey.yaml"),
                ],
            ),
        ];
        for (what, export, import) in runs {
            for args in [export, import] {
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                let run = common::journeymap(&args).output().unwrap();
                let said = String::from_utf8_lossy(&run.stderr);
                assert!(run.status.success(), "{name}: journeymap {args:?}: {said}");
            }
            let path = work.path().join("csv.journey.yaml");
            let text = std::fs::read_to_string(&path).unwrap();
            read(&path);
            common::keep_for_other_readers(what, &text);
            written += 1;
        }
    }
    // The starter maps `init` writes.
    std::fs::create_dir_all(work.path().join(".git")).unwrap();
    for kind in ["journey", "service-blueprint", "day-in-the-life"] {
        let name = format!("init-{kind}");
        let args = ["init", &name, "--kind", kind];
        let out = common::journeymap(&args)
            .current_dir(work.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}");
        let path = work.path().join(format!("{name}.journey.yaml"));
        common::keep_for_other_readers("init", &std::fs::read_to_string(&path).unwrap());
        written += 1;
    }
    eprintln!(
        "{written} files written to {}",
        std::path::Path::new(&dir).display()
    );
}
