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
