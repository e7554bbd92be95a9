//! `journeymap init`: a starter map per kind that passes `check` cleanly, never an overwrite.

mod common;

use std::path::Path;

use journeymap::validate::{self, Config, Options};

fn init(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut cmd = common::journeymap(&[&["init"][..], args].concat());
    cmd.current_dir(dir);
    cmd.output().unwrap()
}

#[test]
fn every_kind_passes_check_without_findings() {
    for (kind, expected) in [
        ("journey", "journey"),
        ("service-blueprint", "service-blueprint"),
        ("day-in-the-life", "day-in-the-life"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = init(dir.path(), &["--kind", kind, "My First Map"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{kind}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let path = dir.path().join("my-first-map.journey.yaml");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("# yaml-language-server: $schema="),
            "{kind}"
        );
        assert!(
            text.contains("\n# "),
            "{kind}: the starter map is commented"
        );
        let checked = validate::check_path(&path, &Options::default(), &Config::default()).unwrap();
        let findings: Vec<String> = checked
            .diagnostics
            .iter()
            .map(|d| format!("{} {}", d.code, d.message))
            .collect();
        assert!(findings.is_empty(), "{kind}: {findings:?}\n{text}");
        let map = checked.map.unwrap();
        assert_eq!(map.id.as_str(), "my-first-map");
        assert_eq!(map.title, "My First Map");
        let kind_name = serde_json::to_value(map.kind).unwrap();
        assert_eq!(kind_name, expected, "{kind}");
        // `journeymap check` agrees.
        let out = common::journeymap(&["check", path.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{kind}");
    }
}

#[test]
fn refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(init(dir.path(), &["checkout"]).status.code(), Some(0));
    let path = dir.path().join("checkout.journey.yaml");
    std::fs::write(&path, "# my work\n").unwrap();
    let out = init(dir.path(), &["--kind", "service-blueprint", "Checkout"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr,
        "error: checkout.journey.yaml already exists; journeymap init never overwrites a file \
         (choose another name, or move the file away)\n"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "# my work\n");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    let mut leftovers = leftovers;
    leftovers.sort();
    assert_eq!(
        leftovers,
        ["checkout.journey.yaml", "journeymap.schema.json"],
        "no temporary file is left behind"
    );
}

#[test]
fn names_folders_and_schema_references() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::create_dir(dir.path().join("schema")).unwrap();
    std::fs::write(dir.path().join("schema/journeymap.schema.json"), "{}").unwrap();
    let out = init(
        dir.path(),
        &["maps/day/field-technician", "--kind", "day-in-the-life"],
    );
    assert_eq!(out.status.code(), Some(0));
    let text =
        std::fs::read_to_string(dir.path().join("maps/day/field-technician.journey.yaml")).unwrap();
    assert!(
        text.starts_with("# yaml-language-server: $schema=../../schema/journeymap.schema.json\n")
    );
    assert!(text.contains("title: Field technician\n"));
    // An explicit --schema wins; without any schema file nearby, init writes one at the
    // repository root and names it (regression: it named a file that did not exist).
    let out = init(dir.path(), &["x", "--schema", "https://example.com/s.json"]);
    assert_eq!(out.status.code(), Some(0));
    let text = std::fs::read_to_string(dir.path().join("x.journey.yaml")).unwrap();
    assert!(text.starts_with("# yaml-language-server: $schema=https://example.com/s.json\n"));
    let bare = tempfile::tempdir().unwrap();
    std::fs::create_dir(bare.path().join(".git")).unwrap();
    let out = init(bare.path(), &["maps/y"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("journeymap.schema.json (the format's"));
    let written = std::fs::read_to_string(bare.path().join("journeymap.schema.json")).unwrap();
    assert_eq!(written, journeymap::schema::COMMITTED);
    let text = std::fs::read_to_string(bare.path().join("maps/y.journey.yaml")).unwrap();
    assert!(text.starts_with("# yaml-language-server: $schema=../journeymap.schema.json\n"));
    // A second map finds it and writes nothing more.
    let out = init(bare.path(), &["z"]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("wrote"));
    let text = std::fs::read_to_string(bare.path().join("z.journey.yaml")).unwrap();
    assert!(text.starts_with("# yaml-language-server: $schema=journeymap.schema.json\n"));
    // A name that slugs to nothing useful is refused.
    let out = init(bare.path(), &["/"]);
    assert_eq!(out.status.code(), Some(2));
}

/// `init --schema $'x\ntitle: injected'` wrote a broken map (the line break ended the schema
/// comment and started a second `title:`). Line breaks and control characters in `--schema`
/// are refused with exit 2 before anything is written.
#[test]
fn init_schema_with_a_line_break_is_refused() {
    for schema in [
        "x\ntitle: injected",
        "x\r\nid: other",
        "s.json\u{1b}[2J",
        "a\u{85}b",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = init(dir.path(), &["maps/checkout", "--schema", schema]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{schema:?}: {stderr}");
        assert!(
            stderr.starts_with("error: --schema holds the control character U+"),
            "{schema:?}: {stderr}"
        );
        assert!(
            !stderr.chars().any(|c| c.is_control() && c != '\n'),
            "{stderr:?}"
        );
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert!(
            left.is_empty(),
            "{schema:?}: nothing is written, no folder made"
        );
    }
    // Any other text is kept in the comment, and the map still passes `check`.
    let dir = tempfile::tempdir().unwrap();
    let schema = "../my schemas/journeymap #1.json";
    let out = init(dir.path(), &["checkout", "--schema", schema]);
    assert_eq!(out.status.code(), Some(0));
    let path = dir.path().join("checkout.journey.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with(&format!("# yaml-language-server: $schema={schema}\n")));
    let checked = validate::check_path(&path, &Options::default(), &Config::default()).unwrap();
    assert!(!checked.has_errors(), "{text}");
    assert_eq!(checked.map.unwrap().title, "Checkout");
    // `import` takes the same flag the same way.
    let out = common::journeymap(&[
        "import",
        "mermaid",
        "tests/fixtures/mermaid/docs-example.mmd",
        "--schema",
        "x\ntitle: injected",
    ])
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

/// The NAME reaches the file as the map's title: text YAML would misread is quoted, control
/// characters are refused (exit 2), and a name with nothing visible cannot name a map.
#[test]
fn init_name_that_yaml_would_misread_is_quoted() {
    for name in [
        "yes",
        "null",
        "Title: injected",
        "#1 journey",
        "- dash",
        "Zoë's café: 50% @ home",
        "2026-01-02T10:00:00Z",
        "=",
        "[draft] {x}",
        "Too slow -",
        "Is it? ok",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = init(dir.path(), &["--", name]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let file = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.to_string_lossy().ends_with(".journey.yaml"))
            .unwrap();
        let checked = validate::check_path(&file, &Options::default(), &Config::default()).unwrap();
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(!checked.has_errors(), "{name:?}:\n{text}");
        let title = journeymap::interchange::init::target(name).unwrap().title;
        assert_eq!(checked.map.unwrap().title, title, "{name:?}:\n{text}");
        if !journeymap::model::scalars::is_slug(name) {
            assert_eq!(title, name, "the name is the title");
        }
    }
    for name in ["a\nb", "x\u{1b}[31m", "tab\there", "nel\u{85}"] {
        let dir = tempfile::tempdir().unwrap();
        let out = init(dir.path(), &[name]);
        assert_eq!(out.status.code(), Some(2), "{name:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.starts_with("error: NAME holds the control character U+"),
            "{stderr}"
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "{name:?}"
        );
    }
    for name in ["\u{feff}", "\u{3000}", "maps/\u{feff}\u{a0}", "\u{200b}"] {
        let dir = tempfile::tempdir().unwrap();
        let out = init(dir.path(), &[name]);
        assert_eq!(out.status.code(), Some(2), "{name:?}");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "{name:?}"
        );
    }
}

/// `--editor vscode` adds the schema association to .vscode/settings.json at the repository
/// root and keeps the other settings; a settings file with comments is left alone.
#[test]
fn editor_vscode_associates_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::create_dir(dir.path().join(".vscode")).unwrap();
    let settings = dir.path().join(".vscode/settings.json");
    std::fs::write(&settings, "{\"editor.tabSize\": 2}").unwrap();
    let out = init(dir.path(), &["maps/checkout", "--editor", "vscode"]);
    assert_eq!(out.status.code(), Some(0));
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&settings).unwrap()).unwrap();
    assert_eq!(
        written,
        serde_json::json!({
            "editor.tabSize": 2,
            "yaml.schemas": {
                "./journeymap.schema.json": ["**/*.journey.yaml", "**/*.journey.yml"]
            }
        })
    );
    let commented = "{\n  // mine\n  \"editor.tabSize\": 4\n}\n";
    std::fs::write(&settings, commented).unwrap();
    let out = init(dir.path(), &["other", "--editor", "vscode"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&settings).unwrap(), commented);
    assert!(String::from_utf8_lossy(&out.stderr).contains("\"yaml.schemas\""));
}
