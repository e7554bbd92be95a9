//! `import mermaid` and `export mermaid`: one fixture per quirk of Mermaid's journey grammar
//! (tests/fixtures/mermaid/), each imported map checked as `check` would, error messages and
//! full outputs kept as golden files, and every example map exported and re-imported.

mod common;
mod render_support;

use journeymap::interchange::mermaid::{self, ImportOptions};
use journeymap::interchange::{new_map, new_persona, new_stage, new_step};
use journeymap::model::{Emotion, Id, JourneyMap, Score};
use journeymap::source::SourceFile;
use journeymap::validate::schema::holds_only_blanks;
use journeymap::validate::{self, Config, Options};
use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, TestRunner};

fn import_text(name: &str, text: &str, markdown: bool) -> journeymap::interchange::Imported {
    let file = SourceFile::new(name, None, text.to_string());
    mermaid::import(
        &file,
        &ImportOptions {
            markdown,
            ..ImportOptions::default()
        },
    )
}

fn fixture_map(name: &str) -> JourneyMap {
    let path = common::fixture(&format!("mermaid/{name}"));
    let text = std::fs::read_to_string(&path).unwrap();
    let imported = import_text(name, &text, name.ends_with(".md"));
    assert!(
        !imported.has_errors(),
        "{name}: {:?}",
        imported
            .diagnostics
            .iter()
            .map(|d| &d.message)
            .collect::<Vec<_>>()
    );
    let map = imported.map.expect("a map");
    common::assert_writes_valid_yaml(name, &map);
    map
}

/// (stage name, [(step name, emotion, persona ids)]) of a map.
type Shape = Vec<(String, Vec<(String, Option<i8>, Vec<String>)>)>;

fn shape(map: &JourneyMap) -> Shape {
    map.stages
        .iter()
        .map(|stage| {
            let steps = stage
                .steps
                .iter()
                .map(|step| {
                    let emotion = match &step.emotion {
                        Some(Emotion::Score(s)) => Some(s.get()),
                        Some(Emotion::PerPersona(_)) => panic!("Mermaid has one score per task"),
                        None => None,
                    };
                    let personas = step.personas.iter().map(|p| p.0.clone()).collect();
                    (step.name.clone(), emotion, personas)
                })
                .collect();
            (stage.name.clone(), steps)
        })
        .collect()
}

fn s(text: &str) -> String {
    text.to_string()
}

fn step(name: &str, emotion: i8, personas: &[&str]) -> (String, Option<i8>, Vec<String>) {
    (
        s(name),
        Some(emotion),
        personas.iter().map(|p| s(p)).collect(),
    )
}

#[test]
fn the_documentation_example() {
    let map = fixture_map("docs-example.mmd");
    assert_eq!(map.title, "My working day");
    assert_eq!(map.id.as_str(), "my-working-day");
    let personas: Vec<(&str, &str)> = map
        .personas
        .iter()
        .map(|p| (p.id.as_str(), p.name.as_str()))
        .collect();
    assert_eq!(personas, [("me", "Me"), ("cat", "Cat")]);
    assert_eq!(
        shape(&map),
        vec![
            (
                s("Go to work"),
                vec![
                    step("Make tea", 2, &["me"]),
                    step("Go upstairs", 0, &["me"]),
                    step("Do work", -2, &["me", "cat"]),
                ]
            ),
            (
                s("Go home"),
                vec![
                    step("Go downstairs", 2, &["me"]),
                    step("Sit down", 2, &["me"])
                ]
            ),
        ]
    );
}

#[test]
fn front_matter_title_and_its_precedence() {
    let map = fixture_map("front-matter.mmd");
    assert_eq!(map.title, "Ordering groceries");
    // Mermaid sets the front matter's title first; a `title` line in the diagram overrides it.
    let map = fixture_map("front-matter-title-overridden.mmd");
    assert_eq!(map.title, "From the diagram");
}

#[test]
fn accessible_title_and_descriptions() {
    let map = fixture_map("acc-title-descr.mmd");
    assert_eq!(map.title, "Working day");
    assert_eq!(
        map.description.as_deref(),
        Some("How my working day feels, from tea to sofa")
    );
    // Mermaid trims the block and the indentation of each of its lines.
    let map = fixture_map("acc-descr-multiline.mmd");
    assert_eq!(
        map.description.as_deref(),
        Some("A user journey for\nfamily shopping")
    );
    assert_eq!(map.title, "Family shopping");
}

#[test]
fn sections() {
    // The same name twice, apart: two stages with distinct ids.
    let map = fixture_map("duplicate-section.mmd");
    let stages: Vec<(&str, &str)> = map
        .stages
        .iter()
        .map(|s| (s.id.as_str(), s.name.as_str()))
        .collect();
    assert_eq!(
        stages,
        [("shop", "Shop"), ("home", "Home"), ("shop-2", "Shop")]
    );
    // The same name twice in a row: Mermaid draws one section box, so one stage.
    let map = fixture_map("section-repeated-consecutively.mmd");
    assert_eq!(map.stages.len(), 1);
    assert_eq!(map.stages[0].steps.len(), 2);
    // A section with no tasks is not drawn, and cannot be a stage.
    let map = fixture_map("empty-section.mmd");
    assert_eq!(map.stages.len(), 1);
    assert_eq!(map.stages[0].name, "Shop");
    // Tasks before any section form a stage named after the title.
    let map = fixture_map("tasks-before-section.mmd");
    let names: Vec<&str> = map.stages.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Make tea", "Drink"]);
}

#[test]
fn line_breaks_in_section_and_task_names() {
    let map = fixture_map("br-in-section.mmd");
    assert_eq!(map.stages[0].name, "Line1 Line2 Line3 Line4 Line5");
    assert_eq!(map.stages[1].name, "A B");
    assert_eq!(map.stages[1].steps[0].name, "Second line");
}

#[test]
fn tasks_with_any_spacing_no_actors_and_trailing_colons() {
    let map = fixture_map("task-spacing.mmd");
    assert_eq!(
        shape(&map)[0].1,
        vec![
            step("A task", 2, &["alice", "bob", "charlie"]),
            step("B task", 0, &["bob", "charlie"]),
            step("C task", 2, &[]),
            step("D task", -1, &["charlie", "alice"]),
            step("E task", 1, &["alice"]),
        ]
    );
    let map = fixture_map("task-no-actors.mmd");
    assert!(map.personas.is_empty());
    assert_eq!(
        shape(&map)[0].1,
        vec![step("Walks the dog", 1, &[]), step("Makes coffee", 2, &[])]
    );
    // `E task: 5:` has the actor list [''] for Mermaid: no actors.
    let map = fixture_map("task-trailing-colon.mmd");
    assert_eq!(
        shape(&map)[0].1,
        vec![step("E task", 2, &[]), step("F task", 1, &[])]
    );
}

#[test]
fn comments() {
    // Lines starting with %%, directives, a comment after `journey`.
    let map = fixture_map("comments-percent.mmd");
    assert_eq!(map.title, "Commented");
    assert_eq!(
        shape(&map),
        vec![(s("Morning"), vec![step("Make tea", 2, &["me"])])]
    );
    // `#` cuts a line short anywhere.
    let map = fixture_map("comments-hash.mmd");
    assert_eq!(map.title, "Hash comments");
    assert_eq!(
        shape(&map),
        vec![(
            s("Morning"),
            vec![
                step("Make tea", 2, &["me"]),
                step("Go upstairs", 0, &["me"])
            ]
        )]
    );
    // A trailing %% is text for Mermaid; the import drops it and warns.
    let text =
        std::fs::read_to_string(common::fixture("mermaid/comments-trailing-percent.mmd")).unwrap();
    let imported = import_text("t.mmd", &text, false);
    assert_eq!(imported.diagnostics.len(), 3);
    assert!(imported.diagnostics.iter().all(|d| d.code == "JM304"));
    let map = fixture_map("comments-trailing-percent.mmd");
    assert_eq!(map.title, "Trailing comments");
    assert_eq!(
        shape(&map),
        vec![(s("Morning"), vec![step("Make tea", 2, &["me"])])]
    );
}

#[test]
fn entity_codes_and_line_ends() {
    let map = fixture_map("entities.mmd");
    assert_eq!(map.title, "Orders #1 to #9");
    assert_eq!(map.stages[0].name, "Pay: card or cash");
    assert_eq!(map.stages[0].steps[0].name, "Enters \"PIN\"; waits");
    assert_eq!(map.personas[0].name, "Customer, new");
    let map = fixture_map("crlf.mmd");
    assert_eq!(map.title, "Windows line ends");
    assert_eq!(
        shape(&map),
        vec![(s("One"), vec![step("Task", 1, &["me"])])]
    );
}

#[test]
fn markdown_journey_blocks() {
    let map = fixture_map("readme.md");
    assert_eq!(map.title, "Onboarding");
    assert_eq!(map.stages[0].steps.len(), 2);
    let imported = import_text("x.md", "# No diagrams\n\n```mermaid\ngraph TD\n```\n", true);
    assert!(imported.has_errors());
}

#[test]
fn positions_of_findings() {
    let cases = [
        (
            "error-score-out-of-range.mmd",
            vec![(4, 15), (5, 11), (6, 19), (7, 15)],
        ),
        ("error-missing-score.mmd", vec![(3, 5), (5, 15)]),
        ("error-hash-in-task-name.mmd", vec![(3, 19)]),
        ("error-keyword-in-task.mmd", vec![(3, 5)]),
        ("error-semicolon.mmd", vec![(3, 8)]),
        ("error-section-colon.mmd", vec![(2, 16)]),
        ("error-not-journey.mmd", vec![(1, 1)]),
        ("error-no-tasks.mmd", vec![(1, 1)]),
        ("error-unclosed-acc-descr.mmd", vec![(2, 3)]),
        ("error-front-matter.mmd", vec![(2, 17)]),
    ];
    for (name, expected) in cases {
        let text = std::fs::read_to_string(common::fixture(&format!("mermaid/{name}"))).unwrap();
        let file = SourceFile::new(name, None, text);
        let imported = mermaid::import(&file, &ImportOptions::default());
        assert!(imported.map.is_none(), "{name} must not import");
        let mut at: Vec<(usize, usize)> = imported
            .diagnostics
            .iter()
            .map(|d| (d.start().line, d.start().column))
            .collect();
        at.sort();
        assert_eq!(at, expected, "{name}");
    }
}

/// Every fixture through the command line: stdout and stderr as golden files.
#[test]
fn cli_outputs_are_golden() {
    let dir = common::fixture("mermaid");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for name in names {
        let out = common::journeymap(&[
            "import",
            "mermaid",
            &format!("tests/fixtures/mermaid/{name}"),
            "--schema",
            "../schema/journeymap.schema.json",
        ])
        .output()
        .unwrap();
        let stem = name.rsplit_once('.').unwrap().0;
        let expected_code = if stem.starts_with("error-") { 1 } else { 0 };
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(expected_code), "{name}: {stderr}");
        common::assert_golden(
            &format!("golden/interchange/mermaid/{stem}.stderr"),
            &stderr,
        );
        if expected_code == 0 {
            let stdout = String::from_utf8(out.stdout).unwrap();
            common::assert_golden(
                &format!("golden/interchange/mermaid/{stem}.journey.yaml"),
                &stdout,
            );
        } else {
            assert!(
                out.stdout.is_empty(),
                "{name}: nothing is written on errors"
            );
        }
    }
}

/// What Mermaid can draw of a step's emotion: the score, the rounded mean of per-persona
/// scores, or neutral.
fn drawable(emotion: Option<&Emotion>) -> i8 {
    match emotion {
        Some(Emotion::Score(s)) => s.get(),
        Some(e @ Emotion::PerPersona(m)) if !m.is_empty() => e.mean().round() as i8,
        _ => 0,
    }
}

#[test]
fn export_reimports_to_the_same_stages_steps_and_emotions() {
    for (name, map) in common::example_maps() {
        let exported = mermaid::export(&map);
        let imported = import_text(&format!("{name}.mmd"), &exported.text, false);
        assert!(
            imported.diagnostics.is_empty(),
            "{name}: {:?}\n{}",
            imported
                .diagnostics
                .iter()
                .map(|d| &d.message)
                .collect::<Vec<_>>(),
            exported.text
        );
        let back = imported.map.unwrap();
        common::assert_writes_valid_yaml(&name, &back);
        assert_eq!(back.title, map.title, "{name}");
        assert_eq!(back.description, map.description, "{name}");
        assert_eq!(back.stages.len(), map.stages.len(), "{name}");
        for (old, new) in map.stages.iter().zip(&back.stages) {
            assert_eq!(new.name, old.name, "{name}");
            assert_eq!(new.steps.len(), old.steps.len(), "{name}: {}", old.name);
            for (a, b) in old.steps.iter().zip(&new.steps) {
                assert_eq!(b.name, a.name, "{name}");
                assert_eq!(
                    b.emotion,
                    Some(Emotion::Score(
                        journeymap::model::Score::new(drawable(a.emotion.as_ref())).unwrap()
                    )),
                    "{name}: {}",
                    a.id
                );
                // The actors are the step's personas (every persona when it names none).
                let expected: Vec<&str> = if a.personas.is_empty() {
                    map.personas.iter().map(|p| p.name.as_str()).collect()
                } else {
                    a.personas
                        .iter()
                        .map(|id| {
                            map.personas
                                .iter()
                                .find(|p| &p.id == id)
                                .map(|p| p.name.as_str())
                                .unwrap()
                        })
                        .collect()
                };
                let actual: Vec<&str> = b
                    .personas
                    .iter()
                    .map(|id| {
                        back.personas
                            .iter()
                            .find(|p| &p.id == id)
                            .map(|p| p.name.as_str())
                            .unwrap()
                    })
                    .collect();
                assert_eq!(actual, expected, "{name}: {}", a.id);
            }
        }
    }
}

#[test]
fn export_escapes_what_mermaid_would_misread() {
    let yaml = r##"journeymap: 1
id: tricky
title: "Orders #1; and #2"
stages:
  - id: s
    name: "Phase: one; two #3"
    steps:
      - id: a
        name: "Journey home: 50%% off <br> now"
        emotion: -2
      - id: b
        name: "title of the page"
        emotion: 2
      - id: c
        name: "accDescr: x"
        emotion: 0
"##;
    let file = SourceFile::new("tricky.journey.yaml", None, yaml.to_string());
    let map = validate::check_file(&file, &Options::default(), &Config::default())
        .map
        .unwrap();
    let exported = mermaid::export(&map);
    let back = import_text("tricky.mmd", &exported.text, false);
    assert!(back.diagnostics.is_empty(), "{}", exported.text);
    let back = back.map.unwrap();
    assert_eq!(back.title, map.title);
    assert_eq!(back.stages[0].name, map.stages[0].name);
    let names: Vec<&str> = back.stages[0]
        .steps
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "Journey home: 50%% off <br> now",
            "title of the page",
            "accDescr: x"
        ]
    );
}

#[test]
fn export_golden_with_what_it_leaves_out() {
    let out = common::journeymap(&[
        "export",
        "mermaid",
        "examples/contact-centre-support.journey.yaml",
    ])
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(0));
    common::assert_golden(
        "golden/interchange/mermaid-export/contact-centre-support.mmd",
        &String::from_utf8(out.stdout).unwrap(),
    );
    common::assert_golden(
        "golden/interchange/mermaid-export/contact-centre-support.stderr",
        &String::from_utf8(out.stderr).unwrap(),
    );
    let fenced = common::journeymap(&[
        "export",
        "mermaid",
        "examples/grocery-checkout.journey.yaml",
        "--fence",
    ])
    .output()
    .unwrap();
    let text = String::from_utf8(fenced.stdout).unwrap();
    assert!(text.starts_with("```mermaid\njourney\n") && text.ends_with("```\n"));
}

/// What `import mermaid` gives back for a name `export mermaid` wrote: blanks collapsed,
/// control characters shown as U+FFFD, and the id when nothing visible is left.
fn expected_name(name: &str, id: &str) -> String {
    let blank = |c: char| c.is_whitespace() || mermaid::text::js_space(c);
    let flat = name
        .split(blank)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect::<String>();
    if holds_only_blanks(&flat) {
        id.to_string()
    } else {
        flat
    }
}

/// Exports `map`, imports the diagram, and checks that nothing is refused and every step and
/// actor comes back (names as Mermaid shows them).
fn assert_export_reimports(context: &str, map: &JourneyMap) {
    let exported = mermaid::export(map);
    let imported = import_text(&format!("{context}.mmd"), &exported.text, false);
    let messages: Vec<&String> = imported.diagnostics.iter().map(|d| &d.message).collect();
    assert!(
        imported.diagnostics.is_empty(),
        "{context}: import mermaid rejects what export mermaid wrote: {messages:?}\n{}",
        exported.text
    );
    let back = imported.map.expect("a map");
    let steps =
        |m: &JourneyMap| -> Vec<String> { m.steps().map(|(_, _, s)| s.name.clone()).collect() };
    let expected: Vec<String> = map
        .steps()
        .map(|(_, _, s)| expected_name(&s.name, s.id.as_str()))
        .collect();
    assert_eq!(steps(&back), expected, "{context}:\n{}", exported.text);
    for (old, new) in map.steps().zip(back.steps()) {
        let actors = |m: &JourneyMap, step: &journeymap::model::Step, all: bool| -> Vec<String> {
            let ids: Vec<&Id> = if all && step.personas.is_empty() {
                m.personas.iter().map(|p| &p.id).collect()
            } else {
                step.personas.iter().collect()
            };
            ids.iter()
                .map(|id| {
                    let p = m.personas.iter().find(|p| &p.id == *id).unwrap();
                    if all {
                        expected_name(&p.name, p.id.as_str())
                    } else {
                        p.name.clone()
                    }
                })
                .collect()
        };
        let mut want = actors(map, old.2, true);
        want.dedup();
        assert_eq!(actors(&back, new.2, false), want, "{context}: {}", old.2.id);
    }
}

/// Names made only of blanks (` `, U+00A0, U+3000, U+FEFF...) passed `check`, and `export
/// mermaid` wrote the task line `    : 4`, which neither Mermaid nor `import mermaid` reads.
/// The exporter falls back to the step's, stage's or persona's id.
#[test]
fn mermaid_export_of_blank_names_falls_back_to_ids() {
    for blank in [
        " ",
        "\u{a0}",
        "\u{3000}",
        "\u{feff}",
        "\u{2028}",
        "\t",
        " \u{a0}\u{feff} ",
    ] {
        let mut step = new_step("sees-ad", blank);
        step.emotion = Some(Emotion::Score(Score::new(1).unwrap()));
        step.personas = vec![Id("p".into())];
        let mut map = new_map("m", blank, vec![new_stage("discover", blank, vec![step])]);
        map.personas = vec![new_persona("p", blank)];
        let exported = mermaid::export(&map);
        assert!(
            exported.text.contains("  title m\n")
                && exported.text.contains("  section discover\n")
                && exported.text.contains("    sees-ad: 4: p\n"),
            "{blank:?}:\n{}",
            exported.text
        );
        assert_export_reimports(&format!("blank {blank:?}"), &map);
    }
}

/// Found by the round-trip property test in CI: a persona named only U+200B was exported as
/// that actor, which `import mermaid` (rightly) reads as no name, so the step lost its persona.
/// The exporter writes the id for names of only invisible characters, as for blank ones.
#[test]
fn mermaid_export_of_invisible_only_names_falls_back_to_ids() {
    for invisible in ["\u{200b}", "\u{200c}\u{200d}", "\u{2060}\u{feff}"] {
        let mut step = new_step("step-1", invisible);
        step.personas = vec![Id("p0".into())];
        let mut map = new_map("m", invisible, vec![new_stage("s", invisible, vec![step])]);
        map.personas = vec![new_persona("p0", invisible)];
        let exported = mermaid::export(&map);
        assert!(
            exported.text.contains("    step-1: 3: p0\n") && exported.text.contains("  title m\n"),
            "{invisible:?}:\n{}",
            exported.text
        );
        assert_export_reimports(&format!("invisible {invisible:?}"), &map);
    }
}

/// Persona names were written into the task lines without the escapes task names get: `<`
/// reached Mermaid's HTML as a tag.
#[test]
fn mermaid_export_escapes_persona_names_like_task_names() {
    let mut step = new_step("a", "<b>Pays</b>");
    step.personas = vec![Id("p".into())];
    let mut map = new_map(
        "m",
        "<i>Title</i> &amp;",
        vec![new_stage("s", "<u>S</u>", vec![step])],
    );
    map.personas = vec![new_persona(
        "p",
        "<img src=x onerror=alert(1)>, Ann: #1; 50%% &lt;",
    )];
    let exported = mermaid::export(&map);
    assert!(!exported.text.contains('<'), "{}", exported.text);
    assert!(!exported.text.contains("&amp;") && !exported.text.contains("&lt;"));
    let back = import_text("m.mmd", &exported.text, false).map.unwrap();
    assert_eq!(back.personas[0].name, map.personas[0].name);
    assert_eq!(back.title, map.title);
    assert_eq!(back.stages[0].name, map.stages[0].name);
    assert_eq!(back.stages[0].steps[0].name, map.stages[0].steps[0].name);
}

/// `import mermaid` reads back whatever `export mermaid` writes: every example, the big
/// generated map, the stress maps, and maps whose names are made of Mermaid's special
/// characters, blanks, keywords and control characters.
#[test]
fn mermaid_import_reads_every_exported_map_back() {
    for (name, map) in common::example_maps() {
        assert_export_reimports(&name, &map);
    }
    let mut generated = vec![("generated".to_string(), render_support::generated_map(500))];
    generated.extend(
        render_support::stress_maps()
            .into_iter()
            .map(|(n, text)| (n.to_string(), text)),
    );
    for (name, text) in generated {
        let file = SourceFile::new(format!("{name}.journey.yaml"), None, text);
        let map = validate::check_file(&file, &Options::default(), &Config::default())
            .map
            .unwrap_or_else(|| panic!("{name} is a valid map"));
        assert_export_reimports(&name, &map);
    }
    let mut runner = TestRunner::new(ProptestConfig {
        cases: 300,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    runner
        .run(&generated_map(), |map| {
            assert_export_reimports("generated", &map);
            Ok(())
        })
        .unwrap();
}

/// Pieces of names that mean something to Mermaid or that are blank or invisible.
const NAME_PIECES: &[&str] = &[
    " ",
    "\u{a0}",
    "\u{3000}",
    "\u{feff}",
    "\u{2028}",
    "\u{85}",
    "\t",
    "\n",
    "\r",
    "\u{1b}",
    "\u{7f}",
    "\u{200b}",
    "#",
    ";",
    ":",
    ",",
    "%",
    "%%",
    "%%{",
    "}",
    "{",
    "<",
    "<br>",
    "<BR/>",
    ">",
    "&",
    "&amp;",
    "#35;",
    "journey",
    "Journey ",
    "title ",
    "section ",
    "accTitle:",
    "accDescr{",
    "accDescr:",
    "-",
    "1",
    "5",
    "Zoë",
    "日本",
    "مرحبا",
    "😀",
    "e\u{301}",
    "a",
    "Pays",
];

fn name() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(NAME_PIECES), 0..6).prop_map(|p| p.concat())
}

/// A map of one to three stages, each with one to three steps, with generated names.
fn generated_map() -> impl Strategy<Value = JourneyMap> {
    (
        name(),
        proptest::collection::vec(name(), 0..3),
        proptest::collection::vec(
            (
                name(),
                proptest::collection::vec((name(), -2i8..=2, 0usize..4), 1..4),
            ),
            1..4,
        ),
    )
        .prop_map(|(title, personas, stages)| {
            let persona_ids: Vec<String> = (0..personas.len()).map(|i| format!("p{i}")).collect();
            let mut n = 0;
            let stages = stages
                .into_iter()
                .enumerate()
                .map(|(si, (stage_name, steps))| {
                    let steps = steps
                        .into_iter()
                        .map(|(step_name, score, who)| {
                            n += 1;
                            let mut step = new_step(&format!("step-{n}"), &step_name);
                            step.emotion = Some(Emotion::Score(Score::new(score).unwrap()));
                            if let Some(id) = persona_ids.get(who) {
                                step.personas = vec![Id(id.clone())];
                            }
                            step
                        })
                        .collect();
                    new_stage(&format!("stage-{si}"), &stage_name, steps)
                })
                .collect();
            let mut map = new_map("generated", &title, stages);
            map.personas = personas
                .iter()
                .zip(&persona_ids)
                .map(|(name, id)| new_persona(id, name))
                .collect();
            map
        })
}

/// Control characters went through `import mermaid` into the written map. They are refused,
/// raw or as entity codes or YAML escapes in the front matter, at their line and column, and
/// nothing is written.
#[test]
fn mermaid_control_characters_are_refused_at_their_line_and_column() {
    let cases: [(&str, &str, &[&str]); 4] = [
        (
            "raw.mmd",
            "journey\n  section S\n    Task\u{1b}[31m one: 3: Me\n",
            &[
                "raw.mmd:3:9",
                "the diagram holds the control character U+001B",
            ],
        ),
        (
            "entity.mmd",
            "journey\n  title Hi\n  section S\n    Two: 4: Ann #7;\n",
            &[
                "entity.mmd:4:17",
                "the entity code `#7;` stands for the control character U+0007",
            ],
        ),
        (
            "c1.mmd",
            "journey\n  section S\u{9b}x\n    T: 3\n",
            &["c1.mmd:2:12", "U+009B"],
        ),
        (
            "front.mmd",
            "---\ntitle: \"a\\x01b\"\n---\njourney\n  section S\n    T: 3: Me\n",
            // The loader reads the front matter and points at the escape itself.
            &["front.mmd:2:10", "control character U+0001"],
        ),
    ];
    for (name, text, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join(name);
        std::fs::write(&input, text).unwrap();
        let output = dir.path().join("out.journey.yaml");
        let out = common::journeymap(&[
            "import",
            "mermaid",
            input.to_str().unwrap(),
            "-o",
            output.to_str().unwrap(),
        ])
        .output()
        .unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
        assert!(!output.exists(), "{name}: nothing is written");
        for part in expected {
            assert!(stderr.contains(part), "{name}: {part:?} in\n{stderr}");
        }
        let message = stderr
            .lines()
            .find(|l| l.contains("control character U+"))
            .unwrap();
        assert!(!message.chars().any(|c| c.is_control()), "{message:?}");
    }
    // Tabs and line breaks (LF, CRLF, CR) are fine.
    let imported = import_text("ok.mmd", "journey\r\n\tsection S\r\tT:\t3: Me\n", false);
    assert!(
        imported.diagnostics.is_empty(),
        "{:?}",
        imported.diagnostics
    );
}

/// Regression (found by the generated-map property): two stages in a row with one name were
/// exported as two equal `section` lines that Mermaid draws as one, without a word. Export now
/// says so, and the round trip gives the one section Mermaid draws.
#[test]
fn mermaid_equal_stage_names_in_a_row_merge_and_export_says_so() {
    let path = common::fixture("interchange/equal-stage-names-in-a-row.journey.yaml");
    let out = common::journeymap(&["export", "mermaid", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(
            "the start of 1 stage (shop-again): named like the stage before, Mermaid draws it as part of it"
        ),
        "{stderr}"
    );
    let diagram = String::from_utf8(out.stdout).unwrap();
    assert_eq!(diagram.matches("section Shop\n").count(), 2, "{diagram}");
    let back = import_text("back.mmd", &diagram, false).map.unwrap();
    assert_eq!(
        shape(&back),
        vec![(
            s("Shop"),
            vec![step("Browses", 1, &[]), step("Buys", -1, &[])]
        )]
    );
}

/// Regression (found by the generated-map property): Mermaid compares section names as written,
/// entity codes included, so two `section x#58;` lines in a row are one section; the import
/// gave every entity code its own placeholder and read two stages.
#[test]
fn mermaid_entity_codes_in_equal_section_names_are_one_section() {
    let imported = import_text(
        "e.mmd",
        "journey\n  section x#58;\n    A: 3\n  section x#58;\n    B: 3\n  section x#59;\n    C: 3\n",
        false,
    );
    let map = imported.map.unwrap();
    assert_eq!(
        shape(&map),
        vec![
            (s("x:"), vec![step("A", 0, &[]), step("B", 0, &[])]),
            (s("x;"), vec![step("C", 0, &[])]),
        ]
    );
}

/// An actor or title made only of invisible characters (a byte order mark after the
/// score) is no name: the importer must not write a map that `check` then refuses with "holds
/// only blanks" (regression: found by the import_mermaid fuzz target,
/// fuzz/regressions/import_mermaid-invisible-actor-name).
#[test]
fn invisible_only_names_are_not_written() {
    let text = "journey\n  title \u{feff}\n  section Go\n    Make tea: 5:\u{feff}\n    Go: 3: Me, \u{2060}\n";
    let imported = import_text("bom.mmd", text, false);
    let map = imported.map.expect("imported");
    let yaml = journeymap::interchange::yaml::map_to_yaml(&map, None);
    let file = SourceFile::new("bom.journey.yaml", None, yaml.clone());
    let checked = journeymap::validate::check_file(
        &file,
        &journeymap::validate::Options::default(),
        &journeymap::validate::Config::default(),
    );
    assert!(!checked.has_errors(), "{yaml}\n{:#?}", checked.diagnostics);
    assert_eq!(map.personas.len(), 1, "only Me: {yaml}");
}
