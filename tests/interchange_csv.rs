//! `export csv` and `import csv`: lossless for every step-level field of every example (and of
//! a map made of awkward values), cell errors named by row and column.

mod common;

use journeymap::interchange::csv::{self, ImportOptions};
use journeymap::model::{JourneyMap, Stage, Step};
use journeymap::source::SourceFile;
use journeymap::validate::{self, Config, Options};

fn import(name: &str, text: &str, options: &ImportOptions) -> JourneyMap {
    let file = SourceFile::new(name, None, text.to_string());
    let imported = csv::import(&file, options);
    assert!(
        !imported.has_errors(),
        "{name}: {:?}",
        imported
            .diagnostics
            .iter()
            .map(|d| &d.message)
            .collect::<Vec<_>>()
    );
    imported.map.expect("a map")
}

/// Compares two steps field by field, so that a failure names the field.
fn assert_same_step(context: &str, a: &Step, b: &Step) {
    assert_eq!(a.id, b.id, "{context}: id");
    assert_eq!(a.name, b.name, "{context}: name");
    assert_eq!(a.description, b.description, "{context}: description");
    assert_eq!(a.time, b.time, "{context}: time");
    assert_eq!(a.personas, b.personas, "{context}: personas");
    assert_eq!(a.touchpoints, b.touchpoints, "{context}: touchpoints");
    assert_eq!(a.thoughts, b.thoughts, "{context}: thoughts");
    assert_eq!(a.emotion, b.emotion, "{context}: emotion");
    assert_eq!(a.feeling, b.feeling, "{context}: feeling");
    assert_eq!(a.evidence, b.evidence, "{context}: evidence");
    assert_eq!(a.pain_points, b.pain_points, "{context}: pain_points");
    assert_eq!(a.opportunities, b.opportunities, "{context}: opportunities");
    assert_eq!(a.frontstage, b.frontstage, "{context}: frontstage");
    assert_eq!(a.backstage, b.backstage, "{context}: backstage");
    assert_eq!(a.support, b.support, "{context}: support");
    assert_eq!(a.owners, b.owners, "{context}: owners");
    assert_eq!(a.resources, b.resources, "{context}: resources");
    assert_eq!(a.metrics, b.metrics, "{context}: metrics");
    // And nothing the list above forgot.
    assert_eq!(a, b, "{context}");
}

fn assert_same_stages(name: &str, original: &[Stage], imported: &[Stage]) {
    assert_eq!(original.len(), imported.len(), "{name}: number of stages");
    for (a, b) in original.iter().zip(imported) {
        assert_eq!(a.id, b.id, "{name}: stage id");
        assert_eq!(a.name, b.name, "{name}: stage name");
        assert_eq!(a.steps.len(), b.steps.len(), "{name}: steps of {}", a.id);
        for (x, y) in a.steps.iter().zip(&b.steps) {
            assert_same_step(&format!("{name}: step {}", x.id), x, y);
        }
    }
}

#[test]
fn every_example_round_trips_through_csv() {
    for (name, map) in common::example_maps() {
        let exported = csv::export(&map, false, true);
        // Without --base: the stages and every step-level field come back.
        let back = import(
            &format!("{name}.csv"),
            &exported.text,
            &ImportOptions::default(),
        );
        assert_same_stages(&name, &map.stages, &back.stages);
        common::assert_writes_valid_yaml(&name, &back);
        // With --base: the whole map comes back.
        let whole = import(
            &format!("{name}.csv"),
            &exported.text,
            &ImportOptions {
                base: Some(map.clone()),
                ..ImportOptions::default()
            },
        );
        assert_eq!(whole, map, "{name}: the whole map with --base");
        // The same through a BOM and CRLF row ends, as Excel writes them.
        let excel = crlf_rows(&csv::export(&map, true, true).text);
        let back = import(&format!("{name}.csv"), &excel, &ImportOptions::default());
        assert_same_stages(&format!("{name} (excel)"), &map.stages, &back.stages);
    }
}

/// The same sheet with CRLF between rows (line breaks inside cells stay LF, as in Excel).
fn crlf_rows(text: &str) -> String {
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body.as_bytes());
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for record in reader.records() {
        writer.write_record(&record.unwrap()).unwrap();
    }
    format!(
        "{bom}{}",
        String::from_utf8(writer.into_inner().unwrap()).unwrap()
    )
}

/// A map whose values are as awkward as the format allows.
const AWKWARD: &str = r##"journeymap: 1
id: awkward
title: Awkward values
personas:
  - id: a
    name: A
  - id: b
    name: B
channels:
  - id: kiosk
    name: Kiosk
stages:
  - id: s1
    name: "  Padded stage name  "
    steps:
      - id: x1
        name: "Line one\nline two, with \"quotes\""
        description: ""
        time: "07:30"
        personas: [a, b]
        touchpoints:
          - kiosk
          - channel: web
            name: "Status page: live | beta"
          - channel: app
          - channel: sms
            name: Text
            description: With a description
        thoughts: ["", " lead", "trail ", "[bracketed]", "a | b", "multi\nline", "\"quoted\""]
        emotion: {a: -2, b: 2}
        feeling: "\"wrapped\""
        evidence: ["=SUM(A1)", "Zoë's note; £15, 20%"]
        pain_points:
          - Plain pain
          - text: Only text, detailed
          - id: p1
            text: "Has | a pipe"
            severity: low
          - id: p2
            text: Normal
            severity: high
          - "billing: looks like a key"
          - "x | id: y"
        opportunities:
          - Plain idea
          - text: Detailed idea
            addresses: [p1, p2]
            owner: "Team: core"
          - id: o1
            text: With an id
        frontstage: []
        backstage: ["Tab\there"]
        owners: ["Owner, with comma"]
        resources: {}
        metrics:
          - name: Text that looks like a number
            value: "42"
            target: 4.5
          - name: Numbers
            value: 70
            target: -1.25
            source: "Source | piped"
          - name: Bare
  - id: s2
    name: Second
    steps:
      - id: x2
        name: Only a name
      - id: x3
        name: Empty per-persona emotion
        emotion: {}
        resources:
          required: [A new API]
"##;

#[test]
fn awkward_values_round_trip() {
    let file = SourceFile::new("awkward.journey.yaml", None, AWKWARD.to_string());
    let checked = validate::check_file(&file, &Options::default(), &Config::default());
    let map = checked.map.unwrap_or_else(|| {
        panic!(
            "{:?}",
            checked
                .diagnostics
                .iter()
                .map(|d| &d.message)
                .collect::<Vec<_>>()
        )
    });
    let exported = csv::export(&map, false, true);
    let back = import(
        "awkward.csv",
        &exported.text,
        &ImportOptions {
            base: Some(map.clone()),
            ..ImportOptions::default()
        },
    );
    assert_same_stages("awkward", &map.stages, &back.stages);
    assert_eq!(back, map);
    // Semicolons and tabs as separators (guessed from the header).
    for sep in [";", "\t"] {
        let mut writer = ::csv::WriterBuilder::new()
            .delimiter(sep.as_bytes()[0])
            .from_writer(Vec::new());
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(exported.text.as_bytes());
        for record in reader.records() {
            writer.write_record(&record.unwrap()).unwrap();
        }
        let text = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        let back = import("awkward.csv", &text, &ImportOptions::default());
        assert_same_stages(&format!("awkward ({sep:?})"), &map.stages, &back.stages);
    }
}

#[test]
fn readable_cells_for_simple_values() {
    let map = common::example_maps()
        .into_iter()
        .find(|(n, _)| n == "grocery-checkout.journey.yaml")
        .unwrap()
        .1;
    let text = csv::export(&map, false, true).text;
    let header = text.lines().next().unwrap();
    assert_eq!(header, csv::COLUMNS.join(","));
    common::assert_golden("golden/interchange/csv/grocery-checkout.csv", &text);
}

#[test]
fn a_sheet_made_by_hand() {
    let text = "Stage name,Step name,Emotion,Personas,Touchpoints\n\
                Discover,Sees an ad,1,\"shopper, browser\",social: Instagram ad\n\
                Discover,Reads reviews,0,shopper,web\n\
                Buy,Pays,-2,shopper,\"web\nloyalty-kiosk\"\n";
    let file = SourceFile::new("maps/shop.csv", None, text.to_string());
    let imported = csv::import(&file, &ImportOptions::default());
    assert!(!imported.has_errors());
    let map = imported.map.unwrap();
    assert_eq!(map.id.as_str(), "shop");
    assert_eq!(map.title, "Shop");
    let stages: Vec<(&str, usize)> = map
        .stages
        .iter()
        .map(|s| (s.id.as_str(), s.steps.len()))
        .collect();
    assert_eq!(stages, [("discover", 2), ("buy", 1)]);
    assert_eq!(map.stages[0].steps[0].id.as_str(), "sees-an-ad");
    let personas: Vec<&str> = map.personas.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(personas, ["shopper", "browser"]);
    let channels: Vec<&str> = map.channels.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(channels, ["loyalty-kiosk"]);
    assert!(imported.notes.iter().any(|n| n.contains("`shopper`")));
    common::assert_writes_valid_yaml("shop", &map);
}

/// Runs `import csv` on a sheet written to a temporary file; (exit code, stderr).
fn cli_import(name: &str, text: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let out = common::journeymap(&["import", "csv", path.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr)
        .unwrap()
        .replace(&dir.path().display().to_string(), "TMP");
    (out.status.code().unwrap(), stderr)
}

/// A sheet with the standard header and one row per entry, each giving some columns.
fn sheet(rows: &[&[(&str, &str)]]) -> String {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    writer.write_record(csv::COLUMNS).unwrap();
    for row in rows {
        let cells: Vec<&str> = csv::COLUMNS
            .iter()
            .map(|c| row.iter().find(|(k, _)| k == c).map_or("", |(_, v)| *v))
            .collect();
        writer.write_record(&cells).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

const DECISION: [(&str, &str); 2] = [("stage_id", "decision"), ("stage_name", "Decision")];

fn with<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut cells = DECISION.to_vec();
    cells.extend_from_slice(extra);
    cells
}

#[test]
fn errors_name_the_row_and_the_column() {
    let bad_emotion = sheet(&[
        &with(&[
            ("step_id", "basket"),
            ("step_name", "Reviews the basket"),
            ("emotion", "1"),
        ]),
        &with(&[
            ("step_id", "checkout"),
            ("step_name", "Pays at checkout"),
            ("emotion", "very bad"),
        ]),
        &with(&[
            ("step_id", "confirm"),
            ("step_name", "Confirms"),
            ("emotion", "3"),
        ]),
    ]);
    let bad_cells = sheet(&[
        &[
            ("stage_id", "Decision"),
            ("stage_name", "Decision"),
            ("step_id", "Checkout!"),
            ("step_name", "Pays"),
            ("time", "25:30"),
            ("thoughts", "[broken]"),
        ],
        &with(&[("step_id", "pays"), ("pain_points", "x | severity: huge")]),
        &with(&[
            ("step_id", "pays"),
            ("step_name", "Pays again"),
            ("emotion", "home: -1, away: 5"),
        ]),
    ]);
    let cases = [
        (
            "wrong-header.csv",
            "stage_id,stage_name,step_id,step_name,emotions,owner\n\
             decision,Decision,checkout,Pays at checkout,-2,Team\n"
                .to_string(),
        ),
        ("bad-emotion.csv", bad_emotion.clone()),
        ("bad-cells.csv", bad_cells),
        (
            "missing-column.csv",
            "stage_id,description\ndecision,Pays\n".to_string(),
        ),
    ];
    for (name, text) in cases {
        let (code, stderr) = cli_import(name, &text);
        assert_eq!(code, 1, "{name}: {stderr}");
        let stem = name.trim_end_matches(".csv");
        common::assert_golden(&format!("golden/interchange/csv/{stem}.stderr"), &stderr);
    }
    // The message itself names the spreadsheet cell.
    let (_, stderr) = cli_import("bad-emotion.csv", &bad_emotion);
    assert!(
        stderr.contains("row 3, column K (emotion): `very bad` is not an emotion score"),
        "{stderr}"
    );
    assert!(stderr.contains("row 4, column K (emotion): `3` is not an emotion score"));
    let (_, stderr) = cli_import("wrong-header.csv", cases_wrong_header());
    assert!(
        stderr.contains("row 1, column E: `emotions` is not a column"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `emotion`?"), "{stderr}");
}

fn cases_wrong_header() -> &'static str {
    "stage_id,stage_name,step_id,step_name,emotions,owner\n\
     decision,Decision,checkout,Pays at checkout,-2,Team\n"
}

#[test]
fn cli_export_then_import_with_base() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("contact.csv");
    let out = common::journeymap(&[
        "export",
        "csv",
        "examples/contact-centre-support.journey.yaml",
        "-o",
        sheet.to_str().unwrap(),
    ])
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("leaves out"), "{stderr}");
    let map_path = dir.path().join("contact.journey.yaml");
    let out = common::journeymap(&[
        "import",
        "csv",
        sheet.to_str().unwrap(),
        "--base",
        "examples/contact-centre-support.journey.yaml",
        "-o",
        map_path.to_str().unwrap(),
    ])
    .output()
    .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = validate::check_path(&map_path, &Options::default(), &Config::default()).unwrap();
    assert!(!written.has_errors());
    let original = validate::check_path(
        &common::root().join("examples/contact-centre-support.journey.yaml"),
        &Options::default(),
        &Config::default(),
    )
    .unwrap();
    assert_eq!(written.map, original.map);
}

/// Text that a spreadsheet would run as a formula is exported with an apostrophe in front, and
/// comes back unchanged on import. Emotion scores stay numbers.
#[test]
fn formula_like_text_is_guarded_and_round_trips() {
    let yaml = r#"journeymap: 1
id: formulas
title: Formulas
stages:
  - id: s1
    name: '=HYPERLINK("http://evil.example","Click")' 
    steps:
      - id: a
        name: "+1 555 0100 is the hotline"
        description: "-20% fewer calls"
        thoughts: ["@SUM(A1:A9)", "'quoted' thought", "'=already guarded"]
        emotion: -2
        feeling: "\ta leading tab"
      - id: b
        name: "A plain name"
        pain_points: ["=cmd|' /C calc'!A0"]
"#;
    let file = SourceFile::new("formulas.journey.yaml", None, yaml.to_string());
    let map = validate::check_file(&file, &Options::default(), &Config::default())
        .map
        .expect("a valid map");
    let guarded = csv::export(&map, false, true).text;
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(guarded.as_bytes());
    let emotion = csv::COLUMNS.iter().position(|c| *c == "emotion").unwrap();
    let mut cells = 0;
    for record in reader.records() {
        for (i, cell) in record.unwrap().iter().enumerate() {
            if i == emotion {
                continue;
            }
            cells += 1;
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "column {} starts like a formula: {cell:?}",
                csv::COLUMNS[i]
            );
        }
    }
    assert!(cells > 0);
    assert!(
        guarded.contains(",-2,"),
        "the score stays a number:\n{guarded}"
    );
    let back = import("formulas.csv", &guarded, &ImportOptions::default());
    assert_same_stages("formulas", &map.stages, &back.stages);

    // Without the guard the cells are written as they are.
    let raw = csv::export(&map, false, false).text;
    assert!(raw.contains("s1,\"=HYPERLINK("), "{raw}");
}

/// Runs `import csv` on a sheet written to a temporary file, writing the map with `-o`;
/// (exit code, stderr, the written map's text if any).
fn cli_import_to_file(name: &str, text: &str) -> (i32, String, Option<String>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let out_path = dir.path().join("out.journey.yaml");
    let out = common::journeymap(&[
        "import",
        "csv",
        path.to_str().unwrap(),
        "-o",
        out_path.to_str().unwrap(),
    ])
    .output()
    .unwrap();
    let stderr = String::from_utf8(out.stderr)
        .unwrap()
        .replace(&dir.path().display().to_string(), "TMP");
    let written = std::fs::read_to_string(&out_path).ok();
    (out.status.code().unwrap(), stderr, written)
}

/// Reads a written map back with the project's loader and checks.
fn read_back(yaml: &str) -> JourneyMap {
    let file = SourceFile::new("out.journey.yaml", None, yaml.to_string());
    let checked = validate::check_file(&file, &Options::default(), &Config::default());
    checked.map.unwrap_or_else(|| {
        panic!(
            "{:?}\n{yaml}",
            checked
                .diagnostics
                .iter()
                .map(|d| &d.message)
                .collect::<Vec<_>>()
        )
    })
}

/// A list item ending in ` -` was written as the flow sequence `[Too slow -]`, which the
/// loader rejected, pointing into a file the user never wrote.
#[test]
fn csv_list_item_ending_in_space_dash_round_trips() {
    let items = [
        "Too slow -",
        "Why? -",
        "a - b",
        "ends with ?",
        "2026-01-02T10:00:00Z",
        "=",
        "- starts with a dash",
    ];
    let text = sheet(&[&with(&[
        ("step_id", "pays"),
        ("step_name", "Pays -"),
        ("pain_points", &items.join("\n")),
        ("thoughts", "Too slow -"),
        ("owners", "Team -"),
    ])]);
    let (code, stderr, written) = cli_import_to_file("x.csv", &text);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("(imported)"), "{stderr}");
    let map = read_back(&written.unwrap());
    let step = &map.stages[0].steps[0];
    assert_eq!(step.name, "Pays -");
    let pains: Vec<&str> = step.pain_points.iter().map(|p| p.text()).collect();
    assert_eq!(pains, items);
    assert_eq!(step.thoughts, ["Too slow -"]);
    assert_eq!(step.owners, ["Team -"]);
}

/// Control characters got through `import csv` into the written map. They are refused, raw or
/// written as a JSON escape, at the sheet's row and column; nothing is written.
#[test]
fn csv_control_characters_are_refused_at_their_cell() {
    for (cell, column, shown) in [
        ("Too slow\u{1b}[31m", "pain_points", "U+001B"),
        ("bell\u{7}", "thoughts", "U+0007"),
        ("del\u{7f}", "step_name", "U+007F"),
        ("c1\u{9b}x", "description", "U+009B"),
        ("nel\u{85}x", "owners", "U+0085"),
        ("nul\u{0}x", "feeling", "U+0000"),
        (r#"["escaped\u0001"]"#, "evidence", "U+0001"),
        (r#""json \u0085 text""#, "description", "U+0085"),
    ] {
        let mut cells = with(&[("step_id", "pays"), ("step_name", "Pays")]);
        cells.retain(|(k, _)| *k != column);
        cells.push((column, cell));
        let text = sheet(&[
            &with(&[("step_id", "first"), ("step_name", "First")]),
            &cells,
        ]);
        let (code, stderr, written) = cli_import_to_file("x.csv", &text);
        assert_eq!(code, 1, "{cell:?}: {stderr}");
        assert!(written.is_none(), "{cell:?}: nothing is written");
        let letter = (b'A' + csv::COLUMNS.iter().position(|c| *c == column).unwrap() as u8) as char;
        let place = format!("row 3, column {letter} ({column}): ");
        assert!(stderr.contains(&place), "{cell:?}: {stderr}");
        assert!(stderr.contains(shown), "{cell:?}: {stderr}");
        assert!(
            stderr.contains("x.csv:3:"),
            "{cell:?}: points into the sheet: {stderr}"
        );
        assert!(
            !stderr.contains("(imported)") && !stderr.contains("(written)"),
            "{stderr}"
        );
        // The message itself never carries the raw character to the terminal.
        let messages: Vec<&str> = stderr.lines().filter(|l| l.contains(&place)).collect();
        assert!(
            messages.iter().all(|l| !l.chars().any(|c| c.is_control())),
            "{messages:?}"
        );
    }
    // Tabs and line breaks inside cells are text, not control characters.
    let text = sheet(&[&with(&[
        ("step_id", "pays"),
        ("step_name", "Pays"),
        ("description", "a\tb\nc\r\nd"),
    ])]);
    let (code, stderr, written) = cli_import_to_file("x.csv", &text);
    assert_eq!(code, 0, "{stderr}");
    let map = read_back(&written.unwrap());
    assert_eq!(
        map.stages[0].steps[0].description.as_deref(),
        Some("a\tb\nc\nd"),
        "a CRLF inside a cell is a line break in the map"
    );
}

/// When the map made from a sheet fails the checks, the findings pointed into the generated
/// YAML ("x.csv (imported):12:19"). They point at the cell each part came from.
#[test]
fn csv_errors_in_the_generated_map_point_at_the_sheet_cell() {
    let text = "stage_id,stage_name,step_id,step_name,pain_points,opportunities\n\
                d,D,a,A,\"Slow | id: p1\",\n\
                d,D,b,B,\"Again | id: p1\",\"Fix | addresses: nope\"\n";
    let (code, stderr) = cli_import("y.csv", text);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        !stderr.contains("(imported)") && !stderr.contains("(written)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("row 3, column E (pain_points): the pain point id `p1` is used twice"),
        "{stderr}"
    );
    // The first use is shown at its own cell.
    assert!(
        stderr.contains("row 2, column E (pain_points): first use"),
        "{stderr}"
    );
    assert!(
        stderr.contains("row 3, column F (opportunities): unknown pain point `nope`"),
        "{stderr}"
    );
    assert!(stderr.contains("[TMP/y.csv:3:26]"), "{stderr}");
    common::assert_golden(
        "golden/interchange/csv/generated-map-errors.stderr",
        &stderr,
    );
}

/// A finding that no cell produced names the row at least; one about the map's id names where
/// the id came from.
#[test]
fn csv_errors_without_a_cell_name_the_row() {
    let text = "stage_id,stage_name,step_id,step_name\nd,D,a,A\nd,D,b,B\n";
    let file = SourceFile::new("rows.csv", None, text.to_string());
    let imported = csv::import(&file, &ImportOptions::default());
    let mut map = imported.map.clone().unwrap();
    // A persona no sheet column named (there is no personas column).
    map.stages[0].steps[1].personas = vec![journeymap::model::Id("ghost".into())];
    let errors = journeymap::interchange::write_checked(
        &imported,
        &map,
        &file,
        "s.json",
        None,
        &Default::default(),
    )
    .expect_err("the map is invalid");
    let messages: Vec<&str> = errors.iter().map(|d| d.message.as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("row 3: ") && m.contains("ghost")),
        "{messages:?}"
    );
    let row = errors
        .iter()
        .find(|d| d.message.starts_with("row 3: "))
        .unwrap();
    assert_eq!(row.file.name, "rows.csv");
    assert_eq!(&text[row.span.clone().unwrap()], "d,D,b,B");
    // The map's id.
    let mut map = imported.map.clone().unwrap();
    map.id = journeymap::model::Id("Not An Id".into());
    let errors = journeymap::interchange::write_checked(
        &imported,
        &map,
        &file,
        "s.json",
        None,
        &Default::default(),
    )
    .expect_err("the map is invalid");
    assert!(
        errors
            .iter()
            .any(|d| d.message.starts_with("the map's id (from the file name): ")),
        "{:?}",
        errors.iter().map(|d| &d.message).collect::<Vec<_>>()
    );
}

/// LibreOffice and Excel turn `06:45` into `06:45:00 AM`; such cells import as `06:45`.
#[test]
fn csv_time_cells_in_spreadsheet_forms_are_normalised() {
    let cases = [
        ("06:45:00 AM", "06:45"),
        ("6:45 AM", "06:45"),
        ("06:45:00", "06:45"),
        ("1:30:00 PM", "13:30"),
        ("12:00 AM", "00:00"),
        ("12:15 pm", "12:15"),
        ("17:45", "17:45"),
    ];
    let rows: Vec<Vec<(&str, &str)>> = cases
        .iter()
        .enumerate()
        .map(|(i, (cell, _))| {
            with(&[
                ("step_id", ["a", "b", "c", "d", "e", "f", "g"][i]),
                ("step_name", "Step"),
                ("time", cell),
            ])
        })
        .collect();
    let refs: Vec<&[(&str, &str)]> = rows.iter().map(|r| r.as_slice()).collect();
    let (code, stderr, written) = cli_import_to_file("day.csv", &sheet(&refs));
    assert_eq!(code, 0, "{stderr}");
    let map = read_back(&written.unwrap());
    let times: Vec<&str> = map.stages[0]
        .steps
        .iter()
        .map(|s| s.time.as_ref().unwrap().0.as_str())
        .collect();
    let expected: Vec<&str> = cases.iter().map(|(_, t)| *t).collect();
    assert_eq!(times, expected);
    // Seconds other than 00 are not dropped silently.
    let text = sheet(&[&with(&[
        ("step_id", "a"),
        ("step_name", "A"),
        ("time", "06:45:30 AM"),
    ])]);
    let (code, stderr) = cli_import("day.csv", &text);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("row 2, column F (time): `06:45:30 AM` has seconds"),
        "{stderr}"
    );
}

/// Placing the findings of a big sheet at their cells stays linear: 10,000 rows that all reuse
/// one pain point id give 9,999 findings, each shown at its own cell (a search through every
/// written value per finding took 12 s for half as many rows).
#[test]
fn csv_errors_on_many_rows_are_placed_quickly() {
    let mut text =
        String::from("stage_id,stage_name,step_id,step_name,pain_points,opportunities\n");
    for i in 0..10_000 {
        text.push_str(&format!(
            "s{},S{},st{i},Step {i},\"Pain | id: p\",\"Fix | addresses: p\"\n",
            i / 10,
            i / 10
        ));
    }
    let file = SourceFile::new("big.csv", None, text);
    let imported = csv::import(&file, &ImportOptions::default());
    let map = imported.map.clone().expect("the sheet itself is fine");
    let started = std::time::Instant::now();
    let errors = journeymap::interchange::write_checked(
        &imported,
        &map,
        &file,
        "s.json",
        None,
        &Default::default(),
    )
    .expect_err("the pain point id is used 10,000 times");
    assert!(errors.len() >= 9_999);
    assert!(errors.iter().all(|d| d.file.name == "big.csv"));
    let last = errors
        .iter()
        .find(|d| d.message.starts_with("row 10001, column E (pain_points): "))
        .expect("the last row's finding names its cell");
    assert_eq!(last.label.as_deref(), Some("second use"));
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}

/// Found by fuzzing (fuzz/regressions/import_csv-crlf-cell-span): in a CRLF sheet, a finding
/// about row 3 pointed at the end of row 2.
#[test]
fn csv_crlf_sheet_findings_point_at_their_cell() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("crlf.csv");
    std::fs::write(&sheet, "stage_name,step_name,emotion\r\nA,a,1\r\nA,b,9\r\n").unwrap();
    let out = common::journeymap(&["import", "csv", sheet.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("row 3, column C"), "{stderr}");
    assert!(stderr.contains("crlf.csv:3:5"), "{stderr}");
}

/// Regression: `import csv --base c.journey.yaml -o c.journey.yaml` dropped the base's
/// comments (17 lines became 1) without a word. Now the base is edited: an unchanged sheet
/// gives back every example byte for byte, and a sheet with changed, added and removed
/// steps changes only those lines, keeping the comments and the rest of the formatting.
#[test]
fn import_csv_base_keeps_comments_and_formatting() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = common::journeymap(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{args:?}: {said}");
        said
    };
    let mut bases: Vec<std::path::PathBuf> = std::fs::read_dir(common::root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".journey.yaml"))
        .collect();
    bases.push(common::fixture("interchange/commented-base.journey.yaml"));
    for base in &bases {
        std::fs::copy(base, dir.path().join(base.file_name().unwrap())).unwrap();
    }
    for base in &bases {
        let name = base.file_name().unwrap().to_str().unwrap();
        run(&["export", "csv", name, "-o", "sheet.csv"]);
        run(&[
            "import",
            "csv",
            "sheet.csv",
            "--base",
            name,
            "-o",
            "back.journey.yaml",
        ]);
        let back = std::fs::read_to_string(dir.path().join("back.journey.yaml")).unwrap();
        assert_eq!(back, std::fs::read_to_string(base).unwrap(), "{name}");
    }

    // A sheet as a person edits it: the first step gone, one renamed with a new emotion and
    // a spreadsheet's time, and a new step between two others.
    let sheet = "stage_id,stage_name,step_id,step_name,time,emotion,pain_points\n\
                 browse,Browse,compare,Compares prices and delivery,,1,\n\
                 pay,Pay,review,Reviews the basket,,0,Delivery fee is a surprise\n\
                 pay,Pay,card,Enters card: details,7:45,-1,\n";
    std::fs::write(dir.path().join("edited.csv"), sheet).unwrap();
    let base = "commented-base.journey.yaml";
    let said = run(&[
        "import",
        "csv",
        "edited.csv",
        "--base",
        base,
        "-o",
        "back.journey.yaml",
    ]);
    assert!(
        said.contains("kept 4 of the base's 5 comment lines"),
        "{said}"
    );
    let back = std::fs::read_to_string(dir.path().join("back.journey.yaml")).unwrap();
    let expected = std::fs::read_to_string(common::fixture("interchange/commented-base.journey.yaml"))
        .unwrap()
        .replace(
            "      - id: search   # the step most people start with\n\
             \x20       name: Searches for a product\n\
             \x20       emotion: 1\n\
             \x20       touchpoints: [web]\n\
             \x20       # Pain points from the 2026 study.\n\
             \x20       pain_points:\n\
             \x20         - Results are slow\n",
            "",
        )
        .replace(
            "        name: Compares prices\n        emotion: 0\n",
            "        name: Compares prices and delivery\n        emotion: 1\n",
        )
        .replace(
            "  - id: pay\n    name: Pay\n    steps:\n",
            "  - id: pay\n    name: Pay\n    steps:\n      - id: review\n        name: Reviews the basket\n        emotion: 0\n        pain_points: [Delivery fee is a surprise]\n",
        )
        .replace("time: \"07:30\"", "time: \"07:45\"");
    assert_eq!(back, expected);
}

/// Regression (import_csv_base-edit-overlap, found by the generated-map property test): a
/// base whose sequence items start on the line after their dash made the editor write an
/// item again over edits it had already made inside it, and slicing the text panicked. Edits
/// inside a node written again are now taken back, and such a dash is found, so the base
/// comes back byte for byte.
#[test]
fn import_csv_base_edit_overlap() {
    let dir = tempfile::tempdir().unwrap();
    let base = common::fixture("interchange/base-edit-overlap.journey.yaml");
    std::fs::copy(&base, dir.path().join("m.journey.yaml")).unwrap();
    for args in [
        &["export", "csv", "m.journey.yaml", "-o", "m.csv"][..],
        &[
            "import",
            "csv",
            "m.csv",
            "--base",
            "m.journey.yaml",
            "-o",
            "back.journey.yaml",
        ][..],
    ] {
        let out = common::journeymap(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("back.journey.yaml")).unwrap(),
        std::fs::read_to_string(&base).unwrap()
    );
}
