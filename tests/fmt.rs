//! `journeymap fmt`: the canonical layout keeps every comment where it was written, changes
//! no value (the checked model before and after is equal), is idempotent, and its `--check`
//! mode is what CI and the pre-commit hook need. Generated maps go through it too
//! (tests/generated_maps.rs), and other YAML readers read its output (tests/yaml-readers).

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use journeymap::canonical;
use journeymap::source::SourceFile;
use journeymap::validate::{Config, Options, check_file};

fn format(name: &str, text: &str) -> String {
    let file = Arc::new(SourceFile::new(name, None, text.to_string()));
    canonical::format(&file).unwrap_or_else(|e| panic!("{name}: {e:?}"))
}

fn model(name: &str, text: &str) -> journeymap::model::JourneyMap {
    let file = SourceFile::new(name, None, text.to_string());
    let checked = check_file(&file, &Options::default(), &Config::default());
    assert!(!checked.has_errors(), "{name}: {:#?}", checked.diagnostics);
    checked.map.unwrap()
}

/// The comment lines of `text` (own-line comments, trimmed), in order: found line by line,
/// without the formatter's scanner, in files whose only `#` in text is inside quotes.
fn own_line_comments(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| l.starts_with('#'))
        .collect()
}

/// Every comment of `text` (own-line and after a value), sorted: a `#` after a blank or at
/// a line's start, outside double quotes (the fixtures have no `#` in other scalars).
fn all_comments(text: &str) -> Vec<String> {
    let mut found: Vec<String> = text
        .lines()
        .filter_map(|line| {
            let at = line.char_indices().find(|&(i, c)| {
                c == '#'
                    && (i == 0 || line[..i].ends_with([' ', '\t']))
                    && line[..i].matches('"').count() % 2 == 0
            })?;
            Some(line[at.0..].trim_end().to_string())
        })
        .collect();
    found.sort();
    found
}

fn maps_under(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".journey.yaml"))
        .collect();
    found.sort();
    found
}

#[test]
fn examples_and_fixtures_keep_their_comments_and_values() {
    let mut paths = maps_under(&common::root().join("examples"));
    for folder in ["render", "interchange", "format", "fmt"] {
        paths.extend(maps_under(&common::fixture(folder)));
    }
    assert!(paths.len() > 10);
    for path in paths {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let once = format(&name, &text);
        assert_eq!(own_line_comments(&once), own_line_comments(&text), "{name}");
        assert_eq!(all_comments(&once), all_comments(&text), "{name}");
        assert_eq!(model(&name, &once), model(&name, &text), "{name}");
        assert_eq!(format(&name, &once), once, "{name}: not idempotent");
    }
}

/// Every kind of comment lands where it belongs: the file's header stays on top; a comment on
/// its own line stays before the value after it (at that value's indentation, after the blank
/// line between stages); a comment after a value stays on that value's line, wherever the
/// value moves when its keys are put in order; `#` inside a quoted or block scalar is text.
#[test]
fn comments_stay_with_their_values() {
    let text = std::fs::read_to_string(common::fixture("fmt/comments.journey.yaml")).unwrap();
    let once = format("comments.journey.yaml", &text);
    common::assert_golden("golden/fmt/comments.journey.yaml", &once);
    for (line, comment) in [
        ("title: Comments everywhere", "# the title"),
        ("name: Arrive", "# stage name"),
        ("- id: door", "# first step"),
        ("touchpoints: [web, app]", "# flow list"),
        ("- Slow", "# trailing on an item"),
    ] {
        assert!(
            once.lines()
                .any(|l| l.trim_start().starts_with(line) && l.ends_with(comment)),
            "`{comment}` is not on the line of `{line}`:\n{once}"
        );
    }
    assert!(once.starts_with("# yaml-language-server: $schema=../schema/journeymap.schema.json\n# A header comment, two lines.\njourneymap: 1\n"));
    assert!(once.contains("\n  # Before the first stage.\n  - id: arrive\n"));
    assert!(once.contains("\n\n  # Between stages.\n  - id: pay\n"));
    assert!(once.contains("\n        # Before emotion, own line.\n        emotion: -1\n"));
    assert!(once.contains("\n          Line one # not a comment\n"));
    assert!(once.contains("name: \"Door #1\"\n"));
    assert!(once.ends_with("# At the end.\n"));
}

#[test]
fn values_that_other_readers_could_misread_are_quoted() {
    let text = "journeymap: 1\nid: q\ntitle: 'Q'\nreview:\n  last: 2026-10-01\nstages:\n  - id: s\n    name: yes\n    steps:\n      - id: a\n        name: 'on'\n";
    let once = format("q.journey.yaml", text);
    assert!(once.contains("last: \"2026-10-01\"\n"), "{once}");
    assert!(once.contains("name: \"yes\"\n"), "{once}");
    assert!(once.contains("name: \"on\"\n"), "{once}");
    assert!(once.contains("title: Q\n"), "{once}");
}

#[test]
fn check_lists_what_would_change_and_write_formats_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let messy = dir.path().join("messy.journey.yaml");
    let messy_text = "stages:\n- steps:\n  - {name: A, id: a}\n  name: S\n  id: s\ntitle: T\nid: m\njourneymap: 1\n";
    std::fs::write(&messy, messy_text).unwrap();
    let tidy = dir.path().join("tidy.journey.yaml");
    std::fs::write(&tidy, format("tidy", messy_text)).unwrap();
    let run = |args: &[&str]| {
        common::journeymap(args)
            .current_dir(dir.path())
            .output()
            .unwrap()
    };

    let out = run(&["fmt", "--check"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "messy.journey.yaml\n");
    assert_eq!(std::fs::read_to_string(&messy).unwrap(), messy_text);

    let out = run(&["fmt"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let formatted = std::fs::read_to_string(&messy).unwrap();
    assert_eq!(formatted, std::fs::read_to_string(&tidy).unwrap());
    assert!(
        formatted.starts_with("journeymap: 1\nid: m\ntitle: T\n"),
        "{formatted}"
    );
    assert_eq!(run(&["fmt", "--check"]).status.code(), Some(0));
    assert_eq!(
        common::files_in(dir.path()),
        ["messy.journey.yaml", "tidy.journey.yaml"]
    );
}

#[test]
fn unreadable_yaml_is_reported_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.journey.yaml");
    std::fs::write(&broken, "title: [unclosed\n").unwrap();
    let out = common::journeymap(&["fmt", broken.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("broken.journey.yaml:"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&broken).unwrap(),
        "title: [unclosed\n"
    );
}

#[test]
fn standard_input_is_formatted_to_standard_output() {
    use std::io::Write;
    let mut child = common::journeymap(&["fmt", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"id: x # the id\njourneymap: 1\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "journeymap: 1\nid: x  # the id\n"
    );
}

/// A comment after a quoted value stays: the loader's span of a quoted scalar runs on past
/// it (regression: `last: "2026-10-01"  # ISO date` lost its comment on the second run).
#[test]
fn a_comment_after_a_quoted_value_is_kept() {
    for text in [
        "last: \"2026-10-01\"  # ISO date\n",
        "last: 'it''s'  # ISO date\n",
        "last: \"a \\\" b\"  # ISO date\n",
        "last: [\"a\", 'b']  # ISO date\n",
    ] {
        let once = format("q", text);
        assert!(
            once.trim_end().ends_with("  # ISO date"),
            "{text:?} -> {once:?}"
        );
        assert_eq!(format("q", &once), once);
    }
}

/// A comment after a value the writer folds into a block scalar ends up after the block's
/// header (`- >-  # c`), and stays there on the next run (regression: found by the
/// generated maps, it moved above the item on the second run).
#[test]
fn a_comment_after_a_value_written_as_a_block_stays() {
    let long = "word ".repeat(40);
    let text = format!(
        "thoughts:\n  - '{}' # after\n  - b\nnote: |\n  x\n",
        long.trim()
    );
    let once = format("q", &text);
    assert!(once.contains("  - >-  # after\n"), "{once}");
    assert_eq!(format("q", &once), once);
    let header = "a: |-  # on the header\n  two\n  lines\n";
    assert_eq!(format("q", header), header);
}

/// A line of a block scalar that starts with `#` is text, also on the block's last line
/// (regression: found by the generated maps; the loader's span of the block stopped short of
/// it when a newline followed, and `#35;` came out a second time as a comment).
#[test]
fn a_hash_line_ending_a_block_scalar_is_text() {
    for text in [
        "a:\n  - |-\n    \"quoted\"\n    #35;\n",
        "a:\n  - |-\n    \"quoted\"\n    #35;",
        "a: |\n  one\n\n  # two\nb: 1  # real\n",
        "a: |2\n    indented\n  # text\n# a comment\n",
    ] {
        let once = format("q", text);
        assert_eq!(
            once.matches('#').count(),
            text.matches('#').count(),
            "{text:?} -> {once:?}"
        );
        assert_eq!(format("q", &once), once, "{text:?}");
    }
}
