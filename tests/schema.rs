//! The committed schema is exactly what the model's types generate, and `journeymap schema`
//! prints exactly those bytes.

mod common;

use std::path::Path;

#[test]
fn committed_schema_matches_the_types() {
    let generated = journeymap::schema::generate();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/journeymap.schema.json");
    if std::env::var_os("JOURNEYMAP_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap();
    assert!(
        committed == generated,
        "schema/journeymap.schema.json is stale: the model's types changed. Review the change, \
         then run `JOURNEYMAP_BLESS=1 cargo test --test schema` to regenerate it."
    );
}

#[test]
fn schema_command_prints_the_committed_bytes() {
    let out = common::journeymap(&["schema"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let committed =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/journeymap.schema.json"))
            .unwrap();
    assert_eq!(out.stdout, committed);
}

#[test]
fn schema_is_2020_12_with_id_descriptions_and_ranges() {
    let schema: serde_json::Value = serde_json::from_str(journeymap::schema::COMMITTED).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert_eq!(schema["$id"], journeymap::schema::SCHEMA_ID);
    assert_eq!(schema["title"], "Journey map");
    assert_eq!(schema["additionalProperties"], false);
    let defs = &schema["$defs"];
    assert_eq!(defs["Score"]["minimum"], -2);
    assert_eq!(defs["Score"]["maximum"], 2);
    assert_eq!(defs["Id"]["pattern"], "^[a-z0-9][a-z0-9_-]*$");
    assert!(
        defs["Step"]["properties"]["emotion"]["description"]
            .as_str()
            .unwrap()
            .contains("-2 (very negative)")
    );
    assert_eq!(defs["Step"]["additionalProperties"], false);
    let required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(required, ["journeymap", "id", "title", "stages"]);
}

/// The built-in schema is valid against the JSON Schema 2020-12 metaschema. The run path does
/// not check this (it cost half of a small map's `check`); this test does, once, for every
/// build.
#[test]
fn committed_schema_is_valid_against_the_2020_12_metaschema() {
    let schema = journeymap::schema::value();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    if let Err(error) = jsonschema::meta::validate(schema) {
        panic!("the committed schema breaks the metaschema: {error}");
    }
    // The check can fail: a schema with a wrongly typed keyword is refused.
    let mut broken = schema.clone();
    broken["$defs"]["FormatVersion"]["minLength"] = serde_json::json!("one");
    assert!(jsonschema::meta::validate(&broken).is_err());
}

/// The validator the run path builds applies the schema as 2020-12, keyword for keyword,
/// although its entry point is a reference compiled without the metaschema check: `const`
/// (unknown to draft 4) and `pattern` refuse, and the same document passes and fails as it
/// does under jsonschema's own 2020-12 validator.
#[test]
fn run_path_validator_applies_the_schema_as_2020_12() {
    let text = "journeymap: 2\nid: Not_A_Slug\ntitle: t\nstages: []\n";
    let file = journeymap::source::SourceFile::new("x.journey.yaml", None, text.to_string());
    let document = journeymap::load::parse(&file, &journeymap::load::Limits::default()).unwrap();
    let ours: Vec<String> = journeymap::schema::validator()
        .iter_errors(journeymap::load::instance::Instance::root(&document))
        .map(|e| format!("{} {}", e.instance_path(), e.kind().keyword()))
        .collect();
    let json = journeymap::load::instance::to_json(&document, &document.root);
    let reference: Vec<String> = jsonschema::draft202012::new(journeymap::schema::value())
        .unwrap()
        .iter_errors(&json)
        .map(|e| format!("{} {}", e.instance_path(), e.kind().keyword()))
        .collect();
    assert!(
        ours.iter().any(|e| e.starts_with("/journeymap const")),
        "{ours:?}"
    );
    assert!(
        ours.iter().any(|e| e.starts_with("/id pattern")),
        "{ours:?}"
    );
    assert_eq!(ours, reference);
}
