//! `journeymap check`: one failing fixture per rule with its code, line, column and message
//! asserted, golden human and JSON output, exit codes, output formats, folders and settings.

mod common;

use common::{assert_golden, journeymap};
use serde_json::Value;

/// (fixture, code, line, column, message) of the first finding with that code.
const EXPECTED: &[(&str, &str, u64, u64, &str)] = &[
    (
        "yaml-syntax",
        "JM001",
        3,
        8,
        "invalid YAML: invalid indentation in quoted scalar",
    ),
    (
        "tabs",
        "JM001",
        5,
        1,
        "invalid YAML: tabs disallowed within this context (block indentation)",
    ),
    (
        "duplicate-key",
        "JM002",
        10,
        9,
        "the key `name` appears twice in one mapping",
    ),
    (
        "not-utf8",
        "JM004",
        3,
        11,
        "the file is not valid UTF-8: byte 37 (line 3, column 11) is 0xE9",
    ),
    ("empty", "JM005", 1, 1, "the file holds no journey map"),
    (
        "two-documents",
        "JM005",
        8,
        1,
        "a journey map file holds one YAML document, but a second one starts here",
    ),
    (
        "unknown-key",
        "JM101",
        10,
        9,
        "a step has no key `emotions`",
    ),
    ("bom-crlf", "JM101", 10, 9, "a step has no key `emotoin`"),
    (
        "missing-key",
        "JM102",
        5,
        5,
        "a stage is missing the required key `steps`",
    ),
    (
        "emotion-out-of-range",
        "JM103",
        13,
        18,
        "emotion 5 is outside the scale -2..2",
    ),
    (
        "invalid-enum",
        "JM103",
        4,
        8,
        "`state` cannot be the text `futur`",
    ),
    (
        "wrong-type",
        "JM103",
        4,
        15,
        "`stakeholders` must be a list, not the text `Agent`",
    ),
    (
        "unsupported-version",
        "JM103",
        1,
        13,
        "unsupported format version 2",
    ),
    (
        "review-not-a-date",
        "JM103",
        5,
        9,
        "`2026-02-30` is not a calendar date",
    ),
    ("invalid-id", "JM104", 8, 13, "`Sees Ad` is not a valid id"),
    (
        "unknown-reference",
        "JM201",
        13,
        20,
        "unknown persona `busy-parnet`",
    ),
    (
        "duplicate-id",
        "JM202",
        13,
        13,
        "the step id `checkout` is used twice in this map",
    ),
    (
        "baseline-missing",
        "JM203",
        5,
        11,
        "the baseline `grocery-chekout.journey.yaml` does not exist",
    ),
    (
        "baseline-not-current",
        "JM203",
        5,
        11,
        "the baseline `baseline-missing.journey.yaml` is not a current-state map",
    ),
    (
        "baseline-on-current",
        "JM203",
        4,
        11,
        "`baseline` is only meaningful on a future-state map",
    ),
    (
        "review-overdue",
        "JM204",
        5,
        9,
        "the quarterly review was due on 2025-04-15",
    ),
    (
        "unused-persona",
        "JM205",
        7,
        9,
        "no step involves the persona `student`",
    ),
    (
        "unused-channel",
        "JM206",
        5,
        9,
        "no touchpoint uses the channel `loyalty-kiosk`",
    ),
    (
        "channel-colours-alike",
        "JM208",
        7,
        12,
        "`kiosk`'s colour is hard to tell from `phone`'s (#2e7d32): 0.4 apart in CIEDE2000, where 15 or more reads as different",
    ),
    (
        "unaddressed-pain-point",
        "JM207",
        11,
        17,
        "no opportunity addresses the pain point `Delivery fee appears only at the last step`",
    ),
];

fn fixture_path(name: &str) -> String {
    format!("tests/fixtures/check/{name}.journey.yaml")
}

fn check_json(args: &[&str]) -> (i32, Value) {
    let mut all = vec!["check", "--format", "json", "--today", "2026-11-23"];
    all.extend_from_slice(args);
    let out = journeymap(&all).output().unwrap();
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), json)
}

#[test]
fn every_rule_points_at_the_exact_node() {
    for &(name, code, line, column, message) in EXPECTED {
        let (_, json) = check_json(&[&fixture_path(name)]);
        let found = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == code)
            .unwrap_or_else(|| panic!("{name}: no {code} in {json:#}"));
        let start = &found["span"]["start"];
        let (l, c) = if found["span"].is_null() {
            (1, 1)
        } else {
            (
                start["line"].as_u64().unwrap(),
                start["column"].as_u64().unwrap(),
            )
        };
        assert_eq!((l, c), (line, column), "{name}: position of {code}");
        assert_eq!(found["message"], message, "{name}: message of {code}");
    }
}

#[test]
fn every_code_has_a_fixture() {
    let covered: Vec<&str> = EXPECTED.iter().map(|e| e.1).collect();
    // Import findings (JM3xx) are asserted by the interchange tests and their golden files.
    let golden = common::root().join("tests/golden/interchange");
    let mut import_evidence = String::new();
    for entry in walk(&golden) {
        import_evidence.push_str(&std::fs::read_to_string(entry).unwrap_or_default());
    }
    for info in journeymap::codes::all() {
        if info.code == "JM003" {
            // Input limits: tests/hostile.rs, with generated input.
        } else if ("JM209".."JM215").contains(&info.code) {
            // Libraries, links between maps and evidence need a repository of files:
            // tests/repository.rs asserts each at its line and column.
        } else if info.code.starts_with("JM3") {
            assert!(
                import_evidence.contains(info.code),
                "no interchange golden file shows {} {}",
                info.code,
                info.name
            );
        } else {
            assert!(
                covered.contains(&info.code),
                "no fixture for {} {}",
                info.code,
                info.name
            );
        }
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn human_and_json_output_match_the_golden_files() {
    for &(name, ..) in EXPECTED {
        let path = fixture_path(name);
        let human = journeymap(&["check", "--today", "2026-11-23", &path])
            .output()
            .unwrap();
        assert_golden(
            &format!("golden/check/{name}.txt"),
            &String::from_utf8(human.stderr).unwrap(),
        );
        assert!(human.stdout.is_empty(), "human findings go to stderr");
        let json = journeymap(&["check", "--format", "json", "--today", "2026-11-23", &path])
            .output()
            .unwrap();
        assert_golden(
            &format!("golden/check/{name}.json"),
            &String::from_utf8(json.stdout).unwrap(),
        );
    }
}

#[test]
fn exit_codes_follow_the_contract() {
    let code = |args: &[&str]| journeymap(args).output().unwrap().status.code().unwrap();
    let today = ["--today", "2026-11-23"];
    fn with<'a>(today: &[&'a str], extra: &[&'a str]) -> Vec<&'a str> {
        [&["check"][..], today, extra].concat()
    }
    assert_eq!(
        code(&with(&today, &[&fixture_path("unknown-key")])),
        1,
        "errors fail"
    );
    assert_eq!(
        code(&with(&today, &[&fixture_path("unused-persona")])),
        0,
        "warnings pass"
    );
    assert_eq!(
        code(&with(
            &today,
            &["--deny-warnings", &fixture_path("unused-persona")]
        )),
        1
    );
    assert_eq!(
        code(&with(
            &today,
            &["--deny-warnings", &fixture_path("unaddressed-pain-point")]
        )),
        0,
        "notes never fail"
    );
    assert_eq!(
        code(&with(
            &today,
            &["tests/fixtures/does-not-exist.journey.yaml"]
        )),
        2,
        "unreadable path"
    );
    assert_eq!(
        code(&["check", "--today", "2026-13-01", "examples"]),
        2,
        "bad --today"
    );
    assert_eq!(
        code(&["check", "--format", "xml", "examples"]),
        2,
        "bad usage"
    );
    assert_eq!(code(&with(&today, &["src"])), 2, "no maps found");
}

#[test]
fn examples_and_format_contract_maps_pass() {
    let (code, json) = check_json(&["--deny-warnings", "examples"]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["files"], 5);
    assert_eq!(json["summary"]["errors"], 0);
    assert_eq!(json["summary"]["warnings"], 0);
    let (code, json) = check_json(&["tests/fixtures/format"]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["files"], 2);
    assert_eq!(json["summary"]["errors"], 0);
}

/// Every YAML example in the shared format contract passes, read straight from FORMAT.md when
/// it sits beside the repository (as in CI); the committed copies cover other checkouts.
#[test]
fn shared_format_md_examples_pass_when_present() {
    let format_md = common::root().join("../shared/FORMAT.md");
    let Ok(text) = std::fs::read_to_string(&format_md) else {
        eprintln!("../shared/FORMAT.md not found; the copies in tests/fixtures/format stand in");
        return;
    };
    let blocks: Vec<&str> = text
        .split("```yaml\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap())
        .collect();
    assert!(
        blocks.len() >= 2,
        "FORMAT.md holds at least two YAML examples"
    );
    let dir = tempfile::tempdir().unwrap();
    // The first example is the current state the second names as its baseline.
    let names = [
        "grocery-checkout.journey.yaml",
        "grocery-checkout-target.journey.yaml",
    ];
    for (i, block) in blocks.iter().enumerate() {
        let name = names
            .get(i)
            .map_or_else(|| format!("example-{i}.journey.yaml"), |n| n.to_string());
        std::fs::write(dir.path().join(name), block).unwrap();
    }
    let out = journeymap(&["check", "--format", "json", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{json:#}");
    assert_eq!(json["summary"]["errors"], 0, "{json:#}");
}

#[test]
fn github_annotations_and_sarif_match_the_golden_files() {
    let path = fixture_path("unknown-reference");
    let github = journeymap(&["check", "--format", "github", &path])
        .output()
        .unwrap();
    assert_eq!(github.status.code(), Some(1));
    let text = String::from_utf8(github.stdout).unwrap();
    assert!(text.starts_with(
        "::error file=tests/fixtures/check/unknown-reference.journey.yaml,line=13,col=20,"
    ));
    assert_golden("golden/check/unknown-reference.github.txt", &text);

    let sarif = journeymap(&["check", "--format", "sarif", &path])
        .output()
        .unwrap();
    assert_eq!(sarif.status.code(), Some(1));
    let text = String::from_utf8(sarif.stdout).unwrap();
    assert_golden("golden/check/unknown-reference.sarif.json", &text);
    let json: Value = serde_json::from_str(&text).unwrap();
    let result = &json["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "JM201");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        13
    );
    // The official schema ships in the npm package @microsoft/jest-sarif; .ci/run fetches it
    // and names it in JOURNEYMAP_SARIF_SCHEMA. Under CI its absence is a failure.
    let Some(schema_path) = std::env::var_os("JOURNEYMAP_SARIF_SCHEMA") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must set JOURNEYMAP_SARIF_SCHEMA"
        );
        eprintln!("JOURNEYMAP_SARIF_SCHEMA is not set: SARIF schema validation skipped");
        return;
    };
    let mut schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    // The published schema's pattern for `language` properties has an unbalanced `]` that the
    // validator refuses to compile; we never emit `language`, so that one pattern is dropped.
    drop_pattern(&mut schema, "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$");
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&json)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF output is not valid SARIF 2.1.0: {errors:#?}"
    );
}

/// What GitHub code scanning needs beyond the schema: every rule has a help page in this
/// repository's docs and a real description (not its name again); results carry
/// fingerprints; an absolute path is made relative to the repository (or `--sarif-root`),
/// never a `file://` URI code scanning cannot place.
#[test]
fn sarif_is_what_code_scanning_accepts() {
    let absolute = common::fixture("check/unknown-reference.journey.yaml");
    let absolute = absolute.to_str().unwrap();
    let run = |args: &[&str]| -> Value {
        let out = journeymap(args).output().unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let json = run(&["check", "--format", "sarif", absolute]);
    let driver = &json["runs"][0]["tool"]["driver"];
    assert!(
        driver["informationUri"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    for rule in driver["rules"].as_array().unwrap() {
        let code = rule["id"].as_str().unwrap();
        let help_uri = rule["helpUri"].as_str().unwrap();
        assert!(help_uri.ends_with(&format!("docs/diagnostics.md#{}", code.to_lowercase())));
        let short = rule["shortDescription"]["text"].as_str().unwrap();
        let full = rule["fullDescription"]["text"].as_str().unwrap();
        assert!(
            short.len() > rule["name"].as_str().unwrap().len() + 10,
            "{code}: {short}"
        );
        assert!(full.starts_with(short.trim_end_matches('.')), "{code}");
        let markdown = rule["help"]["markdown"].as_str().unwrap();
        assert!(markdown.starts_with(&format!("## {code}\n")), "{code}");
    }
    let results = json["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for result in results {
        let location = &result["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(
            location["uri"],
            "tests/fixtures/check/unknown-reference.journey.yaml"
        );
        assert_eq!(location["uriBaseId"], "%SRCROOT%");
        assert!(result["partialFingerprints"]["journeymapFinding/v1"].is_string());
    }
    let rooted = run(&[
        "check",
        "--format",
        "sarif",
        absolute,
        "--sarif-root",
        "tests/fixtures",
    ]);
    assert_eq!(
        rooted["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "check/unknown-reference.journey.yaml"
    );

    // Moving the findings down two lines changes their lines, not their fingerprints.
    let dir = tempfile::tempdir().unwrap();
    let text =
        std::fs::read_to_string(common::fixture("check/unknown-reference.journey.yaml")).unwrap();
    let fingerprints = |text: &str| -> Vec<(Value, Value)> {
        let path = dir.path().join("m.journey.yaml");
        std::fs::write(&path, text).unwrap();
        let json = run(&["check", "--format", "sarif", path.to_str().unwrap()]);
        json["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let region = &r["locations"][0]["physicalLocation"]["region"];
                (
                    r["partialFingerprints"].clone(),
                    region["startLine"].clone(),
                )
            })
            .collect()
    };
    let before = fingerprints(&text);
    let after = fingerprints(&format!("# a comment\n# another\n{text}"));
    assert_eq!(before.len(), after.len());
    for ((print_before, line_before), (print_after, line_after)) in before.iter().zip(&after) {
        assert_eq!(print_before, print_after);
        assert_eq!(
            line_before.as_u64().unwrap() + 2,
            line_after.as_u64().unwrap()
        );
    }
}

fn drop_pattern(schema: &mut Value, pattern: &str) {
    match schema {
        Value::Object(map) => {
            if map.get("pattern").and_then(Value::as_str) == Some(pattern) {
                map.remove("pattern");
            }
            map.values_mut().for_each(|v| drop_pattern(v, pattern));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| drop_pattern(v, pattern)),
        _ => {}
    }
}

#[test]
fn github_messages_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("odd,name:100%.journey.yaml");
    std::fs::write(&path, "journeymap: 1\nid: x\ntitle: X\nstages: []\n").unwrap();
    let out = journeymap(&["check", "--format", "github", path.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("odd%2Cname%3A100%25.journey.yaml"), "{text}");
    assert_eq!(
        text.lines().count(),
        1,
        "one annotation per finding, help folded in: {text}"
    );
    assert!(text.contains("%0Ahelp: "), "{text}");
}

#[test]
fn folders_honour_gitignore_and_are_sorted() {
    let dir = tempfile::tempdir().unwrap();
    let valid = "journeymap: 1\nid: ok\ntitle: OK\nstages:\n  - id: a\n    name: A\n    steps: [{id: s, name: S}]\n";
    std::fs::create_dir_all(dir.path().join("maps/nested")).unwrap();
    std::fs::create_dir_all(dir.path().join("build")).unwrap();
    std::fs::write(dir.path().join("maps/b.journey.yaml"), valid).unwrap();
    std::fs::write(dir.path().join("maps/nested/a.journey.yml"), valid).unwrap();
    std::fs::write(dir.path().join("maps/notes.yaml"), "not: a map\n").unwrap();
    std::fs::write(
        dir.path().join("build/broken.journey.yaml"),
        "journeymap: [\n",
    )
    .unwrap();
    std::fs::write(dir.path().join(".gitignore"), "build/\n").unwrap();
    let out = journeymap(&["check", "--format", "json", "."])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "the ignored broken map is not read: {json:#}"
    );
    assert_eq!(json["files"], 2);
}

#[test]
fn journeymap_toml_changes_rule_levels() {
    let dir = tempfile::tempdir().unwrap();
    let map =
        std::fs::read_to_string(common::fixture("check/unused-persona.journey.yaml")).unwrap();
    std::fs::create_dir_all(dir.path().join("maps")).unwrap();
    std::fs::write(dir.path().join("maps/m.journey.yaml"), &map).unwrap();
    let run = || {
        let out = journeymap(&["check", "--format", "json", "maps"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            serde_json::from_slice::<Value>(&out.stdout).unwrap_or(Value::Null),
            out.stderr,
        )
    };
    assert_eq!(run().0, 0);
    std::fs::write(
        dir.path().join("journeymap.toml"),
        "[rules]\nunused-persona = \"deny\"\n",
    )
    .unwrap();
    let (code, json, _) = run();
    assert_eq!(code, 1);
    assert_eq!(json["diagnostics"][0]["severity"], "error");
    std::fs::write(
        dir.path().join("journeymap.toml"),
        "[rules]\nJM205 = \"allow\"\n",
    )
    .unwrap();
    let (code, json, _) = run();
    assert_eq!((code, json["summary"]["warnings"].as_u64()), (0, Some(0)));
    std::fs::write(
        dir.path().join("journeymap.toml"),
        "[rules]\nunused-personas = \"allow\"\n",
    )
    .unwrap();
    let (code, _, stderr) = run();
    assert_eq!(
        code, 2,
        "a misspelt rule is a broken setting, not silently ignored"
    );
    assert!(String::from_utf8_lossy(&stderr).contains("unknown rule `unused-personas`"));
}

#[test]
fn output_is_identical_from_run_to_run() {
    let run = || {
        journeymap(&[
            "check",
            "--format",
            "json",
            "--today",
            "2026-11-23",
            "tests/fixtures/check",
        ])
        .output()
        .unwrap()
        .stdout
    };
    let first = run();
    assert!(!first.is_empty());
    assert_eq!(first, run());
}
