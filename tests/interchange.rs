//! The YAML writer (proven by reading back through the project's loader), Markdown export,
//! and the ecosystem: completions, man pages, `--help` examples, colours, pre-commit.

mod common;

use std::collections::BTreeMap;

use journeymap::interchange::yaml::map_to_yaml;
use journeymap::model::{Emotion, Id, JourneyMap, Metric, MetricValue, Score};
use journeymap::source::SourceFile;
use journeymap::validate::{self, Config, Options};

/// Writes `map`, reads it back with the loader and the checks; returns the text.
fn round_trip(name: &str, map: &JourneyMap) -> String {
    let yaml = map_to_yaml(map, Some("../schema/journeymap.schema.json"));
    let file = SourceFile::new(name, None, yaml.clone());
    let checked = validate::check_file(&file, &Options::default(), &Config::default());
    assert!(
        !checked.has_errors(),
        "{name}: {:?}\n{yaml}",
        checked
            .diagnostics
            .iter()
            .map(|d| format!("{} {}", d.code, d.message))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        checked.map.as_ref(),
        Some(map),
        "{name} reads back differently:\n{yaml}"
    );
    yaml
}

#[test]
fn every_example_round_trips_through_the_yaml_writer() {
    for (name, map) in common::example_maps() {
        let yaml = round_trip(&name, &map);
        assert!(yaml.starts_with(
            "# yaml-language-server: $schema=../schema/journeymap.schema.json\njourneymap: 1\nid: "
        ));
        // Writing is deterministic and idempotent.
        assert_eq!(
            yaml,
            map_to_yaml(&map, Some("../schema/journeymap.schema.json"))
        );
    }
    let grocery = common::example_maps()
        .into_iter()
        .find(|(n, _)| n == "grocery-checkout.journey.yaml")
        .unwrap()
        .1;
    common::assert_golden(
        "golden/interchange/yaml/grocery-checkout.journey.yaml",
        &map_to_yaml(&grocery, Some("../schema/journeymap.schema.json")),
    );
}

/// Strings that YAML readers take for something else, or that need escapes.
/// Text a valid map may hold (control characters are refused by `check`, so they are not
/// here: see tests/trust.rs).
const NASTY: &[&str] = &[
    "",
    " ",
    "yes",
    "No",
    "ON",
    "off",
    "y",
    "n",
    "null",
    "Null",
    "~",
    "true",
    "False",
    "12",
    "-3",
    "+4",
    "0x1F",
    "0o17",
    "1e3",
    "1_000",
    ".5",
    "5.",
    ".inf",
    "-.Inf",
    ".NaN",
    "2026-10-01",
    "07:30",
    "12:30:45",
    "- dash",
    "-dash",
    "? q",
    ": c",
    "a: b",
    "a:b",
    "a #b",
    "a#b",
    "#c",
    "[x]",
    "{x}",
    "x, y",
    "&anchor",
    "*alias",
    "!tag",
    "|",
    ">",
    "'single'",
    "\"double\"",
    "%percent",
    "@at",
    "`tick`",
    "trail ",
    " lead",
    "tab\there",
    "new\nline",
    "ends\n",
    "two\n\n",
    "\nstarts",
    "ls\u{2028}",
    "ps\u{2029}",
    "bom\u{feff}",
    "nbsp\u{a0}",
    "Zoë's café — 50%",
    "日本語のテキスト",
    "emoji 😀",
    "back\\slash",
    "...",
    "---",
    "<<",
    "key: |\n  not a block",
    "  indented\nlines",
    "line \nwith trailing space",
    "x\ty\n  z",
    "=SUM(A1)",
    "A long sentence that goes on and on, well past the width of a line, so that the writer \
     folds it: # not a comment - not a list, key: not a key, and more words to wrap around",
    "A long sentence with  two spaces somewhere in it, which cannot be folded without changing \
     it, so it stays on one line however long it is",
    "A long sentence that ends with a space, which folding would lose, so the writer must not \
     fold it at all, whatever its length ",
];

#[test]
fn nasty_strings_round_trip() {
    let (_, mut map) = common::example_maps().into_iter().next().unwrap();
    map.stakeholders = NASTY.iter().map(|s| s.to_string()).collect();
    map.tags = NASTY.iter().map(|s| format!("tag {s}")).collect();
    let step = &mut map.stages[0].steps[0];
    step.thoughts = NASTY.iter().map(|s| s.to_string()).collect();
    step.description = Some("multi\nline\ndescription\n".into());
    step.feeling = Some("yes".into());
    step.metrics = vec![
        Metric {
            name: "numbers".into(),
            value: Some(MetricValue::Number(70.0)),
            target: Some(MetricValue::Number(-0.125)),
            source: Some("42".into()),
            better: Some(journeymap::model::Better::Lower),
        },
        Metric {
            name: "huge".into(),
            value: Some(MetricValue::Number(1e300)),
            target: Some(MetricValue::Number(1.5e-7)),
            source: None,
            better: Some(journeymap::model::Better::Higher),
        },
        Metric {
            name: "text".into(),
            value: Some(MetricValue::Text("70".into())),
            target: Some(MetricValue::Text("1e3".into())),
            source: None,
            better: None,
        },
    ];
    for (i, text) in NASTY.iter().enumerate() {
        // A name needs something visible (blank names are refused by `check`).
        if text.trim().is_empty() {
            continue;
        }
        map.personas
            .push(journeymap::interchange::new_persona(&format!("p{i}"), text));
    }
    map.stages[0].steps[0].emotion = Some(Emotion::PerPersona(BTreeMap::from([
        (Id("true".into()), Score::new(-1).unwrap()),
        (Id("12".into()), Score::new(2).unwrap()),
        (Id("null".into()), Score::new(0).unwrap()),
    ])));
    for id in ["true", "12", "null"] {
        map.personas
            .push(journeymap::interchange::new_persona(id, id));
    }
    round_trip("nasty.journey.yaml", &map);
}

#[test]
fn markdown_export() {
    let out = common::journeymap(&[
        "export",
        "markdown",
        "examples/contact-centre-support.journey.yaml",
    ])
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    common::assert_golden(
        "golden/interchange/markdown/contact-centre-support.md",
        &text,
    );
    // Every table row has as many cells as its header.
    for table in text.split("\n\n").filter(|b| b.starts_with("| Step |")) {
        let rows: Vec<&str> = table.lines().collect();
        let width = |row: &str| row.replace("\\|", "").matches('|').count();
        let header = width(rows[0]);
        assert!(rows.iter().all(|r| width(r) == header), "{table}");
    }
    for (name, map) in common::example_maps() {
        let exported = journeymap::interchange::markdown::export(&map, &Default::default());
        assert!(exported.text.starts_with("# "), "{name}");
        assert!(
            exported.text.matches("\n## ").count() >= map.stages.len(),
            "{name}"
        );
    }
}

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = common::journeymap(&["completions", shell])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("journeymap"), "{shell}");
        for sub in ["check", "import", "export", "init", "completions"] {
            assert!(text.contains(sub), "{shell} completes `{sub}`");
        }
    }
    let out = common::journeymap(&["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn man_pages() {
    let out = common::journeymap(&["man"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(
        page.contains(".TH journeymap 1"),
        "{}",
        &page[..200.min(page.len())]
    );
    assert!(page.contains("import"));
    let dir = tempfile::tempdir().unwrap();
    let out = common::journeymap(&["man", "--out-dir", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    for page in [
        "journeymap.1",
        "journeymap-check.1",
        "journeymap-import.1",
        "journeymap-import-mermaid.1",
        "journeymap-import-csv.1",
        "journeymap-export-markdown.1",
        "journeymap-init.1",
    ] {
        let text = std::fs::read_to_string(dir.path().join(page)).unwrap_or_default();
        assert!(text.starts_with(".ie") || text.contains(".TH"), "{page}");
    }
    let csv_page = std::fs::read_to_string(dir.path().join("journeymap-import-csv.1")).unwrap();
    assert!(csv_page.contains("\\-\\-base"), "{csv_page}");
}

#[test]
fn help_gives_an_example_per_command() {
    for args in [
        &["import", "--help"][..],
        &["import", "mermaid", "--help"],
        &["import", "csv", "--help"],
        &["export", "--help"],
        &["export", "mermaid", "--help"],
        &["export", "csv", "--help"],
        &["export", "markdown", "--help"],
        &["init", "--help"],
        &["completions", "--help"],
        &["man", "--help"],
    ] {
        let out = common::journeymap(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("Examples:\n  journeymap "),
            "{args:?}:\n{text}"
        );
    }
}

#[test]
fn colours_follow_the_flag_and_no_color() {
    let run = |color: &str, no_color: bool| {
        let mut cmd = common::journeymap(&[
            "import",
            "mermaid",
            "tests/fixtures/mermaid/error-semicolon.mmd",
            "--color",
            color,
        ]);
        if !no_color {
            cmd.env_remove("NO_COLOR");
        }
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        String::from_utf8(out.stderr).unwrap()
    };
    assert!(run("always", true).contains('\u{1b}'));
    assert!(!run("never", false).contains('\u{1b}'));
    // `auto` on a pipe is plain, with or without NO_COLOR.
    assert!(!run("auto", true).contains('\u{1b}'));
    assert!(!run("auto", false).contains('\u{1b}'));
}

/// Under `auto`, CLICOLOR_FORCE colours a pipe (for CI logs that show colour), NO_COLOR
/// wins over it, and CLICOLOR=0 is plain; the diff report and the diagnostics alike.
#[test]
fn clicolor_force_and_no_color_under_auto() {
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut cmd = common::journeymap(args);
        cmd.env_remove("NO_COLOR")
            .env_remove("CLICOLOR")
            .env_remove("CLICOLOR_FORCE");
        for (key, value) in env {
            cmd.env(key, value);
        }
        let out = cmd.output().unwrap();
        let mut text = String::from_utf8(out.stdout).unwrap();
        text.push_str(&String::from_utf8(out.stderr).unwrap());
        text.contains('\u{1b}')
    };
    let diff = [
        "diff",
        "examples/grocery-checkout.journey.yaml",
        "examples/grocery-checkout-future.journey.yaml",
    ];
    let check = [
        "check",
        "tests/fixtures/check/unknown-reference.journey.yaml",
    ];
    for args in [&diff[..], &check[..]] {
        assert!(!run(args, &[]), "{args:?}: a pipe is plain");
        assert!(run(args, &[("CLICOLOR_FORCE", "1")]), "{args:?}");
        assert!(
            !run(args, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]),
            "{args:?}"
        );
        assert!(!run(args, &[("CLICOLOR", "0")]), "{args:?}");
    }
}

/// The hook definition parses with the project's own YAML loader, names `journeymap check`
/// and selects map files; its entry, run on maps as pre-commit would, passes good maps and
/// fails bad ones.
#[test]
fn pre_commit_hook_definition_works() {
    let path = common::root().join(".pre-commit-hooks.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let file = SourceFile::new(".pre-commit-hooks.yaml", Some(&path), text);
    let document = journeymap::load::parse(&file, &journeymap::load::Limits::default())
        .unwrap_or_else(|d| panic!("{:?}", d.iter().map(|d| &d.message).collect::<Vec<_>>()));
    let hooks = journeymap::load::instance::to_json(&document, &document.root);
    let find = |id: &str| {
        hooks
            .as_array()
            .and_then(|a| a.iter().find(|h| h["id"] == id))
            .unwrap_or_else(|| panic!("a {id} hook"))
    };
    let hook = find("journeymap-check");
    assert_eq!(hook["entry"], "journeymap check");
    assert_eq!(hook["files"], "\\.journey\\.ya?ml$");
    assert_eq!(hook["pass_filenames"], true);
    // The default hook installs the wheel (the root pyproject.toml depends on it at the
    // crate's version); the source build is the second hook, the same in all else.
    assert_eq!(hook["language"], "python");
    let pyproject = std::fs::read_to_string(common::root().join("pyproject.toml")).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        pyproject.contains(&format!("dependencies = [\"journeymap=={version}\"]")),
        "pyproject.toml must depend on journeymap=={version}"
    );
    let rust = find("journeymap-check-rust");
    assert_eq!(rust["language"], "rust");
    for key in ["entry", "files", "types", "pass_filenames"] {
        assert_eq!(rust[key], hook[key], "{key}");
    }
    let fmt = find("journeymap-fmt");
    assert_eq!(fmt["entry"], "journeymap fmt");
    for key in ["language", "files", "types", "pass_filenames"] {
        assert_eq!(fmt[key], hook[key], "{key}");
    }
    // pre-commit runs `entry` followed by the staged files that match `files`.
    let entry: Vec<&str> = hook["entry"].as_str().unwrap().split_whitespace().collect();
    assert_eq!(entry[0], "journeymap");
    let good = [
        "examples/grocery-checkout.journey.yaml",
        "examples/clinic-appointment.journey.yaml",
    ];
    let out = common::journeymap(&[&entry[1..], &good[..]].concat())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken.journey.yml");
    std::fs::write(&bad, "journeymap: 1\nid: Broken Id\ntitle: x\nstages: []\n").unwrap();
    let out = common::journeymap(&[&entry[1..], &[bad.to_str().unwrap()][..]].concat())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    // The `files` pattern, `\.journey\.ya?ml$`, read by hand: which names it selects.
    let selects = |name: &str| name.ends_with(".journey.yaml") || name.ends_with(".journey.yml");
    assert!(selects("maps/a.journey.yml") && !selects("a.yaml") && !selects("journey.yaml"));
}

/// A small deterministic generator of hostile text, built from the pieces Mermaid's lexer and
/// the CSV reader care about.
fn hostile_texts(count: usize, pieces: &[&str]) -> Vec<String> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..count)
        .map(|_| {
            let len = (next() % 40) as usize;
            (0..len)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                .collect()
        })
        .collect()
}

#[test]
fn hostile_input_never_panics() {
    let mermaid_pieces = [
        "journey",
        "JOURNEY",
        "title ",
        "title",
        "section ",
        "section\t",
        "accTitle:",
        "accTitle ",
        "accDescr:",
        "accDescr {",
        "}",
        "{",
        "%%",
        "%%{",
        "}%%",
        "%%{init: {\"a\": 1}}%%",
        "#",
        "#35;",
        "#quot;",
        "#;",
        ":",
        ": ",
        ";",
        ",",
        " ",
        "\t",
        "\n",
        "\r\n",
        "\r",
        "\u{a0}",
        "\u{2028}",
        "\u{feff}",
        "---",
        "---\n",
        "title: x\n",
        "<br>",
        "<BR />",
        "<br",
        "é",
        "日",
        "😀",
        "Make tea",
        "5",
        "0",
        "9",
        "-1",
        "2.5",
        "Me",
        "```mermaid\n",
        "```\n",
        "~~~",
        "\u{f0000}",
        "\u{0}",
    ];
    for (i, text) in hostile_texts(1200, &mermaid_pieces).into_iter().enumerate() {
        for markdown in [false, true] {
            let file = SourceFile::new(format!("h{i}.mmd"), None, text.clone());
            let imported = journeymap::interchange::mermaid::import(
                &file,
                &journeymap::interchange::mermaid::ImportOptions {
                    markdown,
                    ..Default::default()
                },
            );
            // Rendering walks every span: it must hold.
            let _ = journeymap::diagnostics::render_human(
                &imported.diagnostics,
                1,
                journeymap::diagnostics::HumanStyle {
                    color: false,
                    width: 80,
                },
            );
            if let Some(map) = imported.map {
                let yaml = map_to_yaml(&map, None);
                let file = SourceFile::new("h.journey.yaml", None, yaml.clone());
                let checked = validate::check_file(&file, &Options::default(), &Config::default());
                assert!(!checked.has_errors(), "{text:?}\n{yaml}");
            }
        }
    }
    let csv_pieces = [
        ",",
        ";",
        "\t",
        "\"",
        "\"\"",
        "\n",
        "\r\n",
        "\u{feff}",
        "stage_id",
        "stage_name",
        "step_id",
        "step_name",
        "emotion",
        "personas",
        "touchpoints",
        "pain_points",
        "metrics",
        "resources_existing",
        "time",
        "a",
        "B c",
        "-2",
        "3",
        "x: 1",
        " | ",
        "id: p",
        "[",
        "]",
        "{}",
        "[\"x\"]",
        "07:30",
        "é",
        "😀",
        "severity: high",
        "addresses: p",
    ];
    for (i, text) in hostile_texts(1200, &csv_pieces).into_iter().enumerate() {
        let file = SourceFile::new(format!("h{i}.csv"), None, text.clone());
        let imported = journeymap::interchange::csv::import(&file, &Default::default());
        let _ = journeymap::diagnostics::render_human(
            &imported.diagnostics,
            1,
            journeymap::diagnostics::HumanStyle {
                color: false,
                width: 80,
            },
        );
        if let Some(map) = imported.map {
            let yaml = map_to_yaml(&map, None);
            let file = SourceFile::new("h.journey.yaml", None, yaml.clone());
            let checked = validate::check_file(&file, &Options::default(), &Config::default());
            assert!(!checked.has_errors(), "{text:?}\n{yaml}");
        }
    }
}

#[test]
fn many_repeated_names_stay_fast() {
    let mut text = String::from("journey\nsection S\n");
    for _ in 0..20_000 {
        text.push_str("Same task: 3: Same actor\n");
    }
    let started = std::time::Instant::now();
    let file = SourceFile::new("big.mmd", None, text);
    let imported = journeymap::interchange::mermaid::import(&file, &Default::default());
    let map = imported.map.unwrap();
    assert_eq!(map.stages[0].steps.len(), 20_000);
    assert_eq!(map.stages[0].steps[19_999].id.as_str(), "same-task-20000");
    assert!(started.elapsed().as_secs() < 10);
}

/// Map text that Markdown would act on, in every place `export markdown` writes text.
const MARKDOWN_HOSTILE: &[&str] = &[
    "@octocat please look",
    "# not a heading",
    "*bold* _em_ ~~gone~~",
    "[link](https://evil.example)",
    "`code` and ``more``",
    "a | b || c",
    "<script>alert(1)</script> <img src=x>",
    "&amp; &#64;",
    "![img](x.png)",
    "> quoted",
    "\\*escaped already\\*",
    "{{ template }} $math$",
];

/// `export markdown` left `@octocat` live (GitHub turns it into a mention) while the diff's
/// report escaped it; it now escapes map text with the diff's helper: mentions, everything
/// Markdown or HTML acts on, and control characters shown visibly.
#[test]
fn markdown_export_escapes_mentions_and_markdown_active_text() {
    use journeymap::interchange::{new_map, new_persona, new_stage, new_step};
    let texts = MARKDOWN_HOSTILE;
    let mut steps = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        let mut step = new_step(&format!("s{i}"), text);
        step.description = Some(format!("{text}\nsecond line"));
        step.thoughts = vec![text.to_string()];
        step.pain_points = vec![journeymap::model::PainPoint::Text(text.to_string())];
        step.owners = vec![text.to_string()];
        step.personas = vec![Id("p".into())];
        steps.push(step);
    }
    let mut control = new_step("ctl", "bell\u{7} esc\u{1b}[2J nel\u{85} del\u{7f}");
    control.evidence = vec![journeymap::model::Evidence::Text("tab\there".into())];
    steps.push(control);
    let mut map = new_map("m", texts[0], vec![new_stage("st", texts[1], steps)]);
    map.description = Some(texts[2].to_string());
    map.owner = Some(texts[0].to_string());
    let mut persona = new_persona("p", "@octocat");
    persona.quote = Some(texts[5].to_string());
    persona.goals = vec![texts[3].to_string()];
    map.personas = vec![persona];
    let text = journeymap::interchange::markdown::export(&map, &Default::default()).text;
    assert!(!text.contains('@'), "no live mention:\n{text}");
    assert!(
        !text.replace("<br>", "").contains('<'),
        "no HTML from the map:\n{text}"
    );
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{text:?}"
    );
    for shown in [
        "\\\\u\\{0007\\}",
        "\\\\u\\{001b\\}",
        "\\\\u\\{0085\\}",
        "\\\\u\\{007f\\}",
        "\\\\t",
    ] {
        assert!(text.contains(shown), "{shown} in\n{text}");
    }
    // Every character Markdown acts on is escaped wherever map text lands.
    for line in text.lines() {
        // The escapes' own entities hold a `#`.
        let line = &line.replace("&#64;", "@");
        let mut escaped = false;
        for c in line.chars() {
            if !escaped && "*_[]`#~!{}$".contains(c) {
                // The exporter's own markup: `**bold**` step names and `*facts*`, headings.
                let own = (c == '*'
                    && (line.starts_with("| **")
                        || line.starts_with("- **")
                        || line.starts_with('*')))
                    || (c == '#' && line.starts_with('#'));
                assert!(own, "unescaped {c:?} in {line:?}");
            }
            escaped = c == '\\' && !escaped;
        }
    }
    // Tables keep their shape: as many cells in every row as in the header.
    for table in text.split("\n\n").filter(|b| b.starts_with("| Step |")) {
        let rows: Vec<&str> = table.lines().collect();
        let width = |row: &str| row.replace("\\|", "").matches('|').count();
        assert!(rows.iter().all(|r| width(r) == width(rows[0])), "{table}");
    }
    // The heading holds the title, not a second heading level.
    assert!(text.starts_with("# &#64;octocat please look\n"), "{text}");
    assert!(text.contains("## 1. \\# not a heading\n"), "{text}");
}

/// The same through the command line, on a map that passes `check`.
#[test]
fn markdown_export_cli_escapes_mentions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.journey.yaml");
    std::fs::write(
        &path,
        "journeymap: 1\nid: m\ntitle: \"@octocat's map\"\npersonas:\n  - id: p\n    name: \"@team/reviewers\"\nstages:\n  - id: s\n    name: \"<b>Stage</b>\"\n    steps:\n      - id: a\n        name: \"Ping @octocat | now\"\n        thoughts: [\"`rm -rf` *now*\"]\n",
    )
    .unwrap();
    let out = common::journeymap(&["export", "markdown", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('@'), "{text}");
    assert!(text.contains("&#64;octocat"), "{text}");
    assert!(text.contains("&lt;b&gt;Stage&lt;/b&gt;"), "{text}");
    assert!(text.contains("Ping &#64;octocat \\| now"), "{text}");
    assert!(text.contains("\\`rm -rf\\` \\*now\\*"), "{text}");
}
