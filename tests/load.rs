//! The loader's tree is validated in place and deserialized directly, without a JSON copy.
//! These tests hold that path to the JSON one it replaced: on every example, every check
//! fixture and the generated maps, the schema reports the same errors at the same places, and
//! serde builds the same model, as when the tree is first converted to `serde_json::Value`.

mod common;
#[path = "render_support/mod.rs"]
mod render_support;

use std::sync::Arc;

use journeymap::load::instance::{Instance, to_json};
use journeymap::load::{self, Document, Limits, NodeValue, Text};
use journeymap::model::JourneyMap;
use journeymap::source::SourceFile;

fn document(name: &str, text: &str) -> Option<Document> {
    let file: Arc<SourceFile> = SourceFile::new(name, None, text.to_string());
    load::parse(&file, &Limits::default()).ok()
}

/// Every readable map text the test suite knows: examples, check fixtures, generated maps.
fn corpus() -> Vec<(String, String)> {
    let mut texts = Vec::new();
    for dir in ["examples", "tests/fixtures/check"] {
        let mut paths: Vec<_> = std::fs::read_dir(common::root().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().ends_with(".yaml"))
            .collect();
        paths.sort();
        for path in paths {
            if let Ok(text) = std::fs::read_to_string(&path) {
                texts.push((path.display().to_string(), text));
            }
        }
    }
    texts.push(("generated-300".into(), render_support::generated_map(300)));
    for (name, text) in render_support::stress_maps() {
        texts.push((name.to_string(), text));
    }
    texts
}

/// (instance path, schema path, message) of every schema error, in order.
type Errors = Vec<(String, String, String)>;

fn errors_in_place(document: &Document) -> Errors {
    journeymap::schema::validator()
        .iter_errors(Instance::root(document))
        .map(|e| {
            (
                e.instance_path().to_string(),
                e.schema_path().to_string(),
                e.to_string(),
            )
        })
        .collect()
}

fn errors_through_json(json: &serde_json::Value) -> Errors {
    let validator = jsonschema::draft202012::new(journeymap::schema::value()).unwrap();
    validator
        .iter_errors(json)
        .map(|e| {
            (
                e.instance_path().to_string(),
                e.schema_path().to_string(),
                e.to_string(),
            )
        })
        .collect()
}

#[test]
fn validating_the_tree_in_place_matches_validating_its_json() {
    let mut with_errors = 0;
    for (name, text) in corpus() {
        let Some(document) = document(&name, &text) else {
            continue;
        };
        let json = to_json(&document, &document.root);
        let in_place = errors_in_place(&document);
        assert_eq!(in_place, errors_through_json(&json), "{name}");
        with_errors += usize::from(!in_place.is_empty());
    }
    // The comparison means something only if it covered maps with schema errors too.
    assert!(
        with_errors >= 7,
        "only {with_errors} maps had schema errors"
    );
}

#[test]
fn deserializing_the_tree_matches_deserializing_its_json() {
    let mut compared = 0;
    for (name, text) in corpus() {
        let Some(document) = document(&name, &text) else {
            continue;
        };
        if !errors_in_place(&document).is_empty() {
            continue;
        }
        let json = to_json(&document, &document.root);
        let direct: JourneyMap = document.deserialize().unwrap();
        let through_json: JourneyMap = serde_json::from_value(json).unwrap();
        assert_eq!(direct, through_json, "{name}");
        compared += 1;
    }
    assert!(compared >= 10, "only {compared} maps were compared");
}

#[test]
fn text_spelled_verbatim_is_a_span_of_the_source_and_the_rest_is_owned() {
    let text = "plain: hello world\n\
                single: 'quoted'\n\
                double: \"quoted too\"\n\
                escaped: \"tab\\there\"\n\
                doubled: 'it''s'\n\
                folded: >\n  one\n  two\n\
                multi: first\n  second\n";
    let document = document("t", text).unwrap();
    let NodeValue::Map(entries) = &document.root.value else {
        panic!("a mapping");
    };
    let mut seen = Vec::new();
    for entry in entries.iter() {
        let NodeValue::Str(value) = &entry.value.value else {
            panic!("text");
        };
        let verbatim = matches!(value, Text::Source { .. });
        seen.push((document.key(entry), document.text(value), verbatim));
    }
    assert_eq!(
        seen,
        [
            ("plain", "hello world", true),
            ("single", "quoted", true),
            ("double", "quoted too", true),
            ("escaped", "tab\there", false),
            ("doubled", "it's", false),
            ("folded", "one two\n", false),
            ("multi", "first second", false),
        ]
    );
}

#[test]
fn scalars_keep_their_core_schema_types_through_both_paths() {
    let document = document(
        "t",
        "a: 1\nb: 1.5\nc: true\nd: ~\ne: '1'\nf: 0x1F\ng: [1, two]\n1: numeric key\n",
    )
    .unwrap();
    assert_eq!(
        to_json(&document, &document.root),
        serde_json::json!({
            "a": 1, "b": 1.5, "c": true, "d": null, "e": "1", "f": 31,
            "g": [1, "two"], "1": "numeric key"
        })
    );
    let direct: serde_json::Value = document.deserialize().unwrap();
    assert_eq!(direct, to_json(&document, &document.root));
}
