//! The JSON Schema of the format, derived from the model's types by schemars.
//!
//! The committed `schema/journeymap.schema.json` is what editors and other validators use, and
//! what `check` validates against; a test fails when it differs from what the types generate,
//! so the two can never drift apart.

use std::sync::OnceLock;

use schemars::Schema;
use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;
use serde_json::{Map, Value};

use crate::model::{JourneyMap, Library};

/// The schema's `$id`. A URN, because the schema is shipped with the tool, not served.
pub const SCHEMA_ID: &str = "urn:journeymap:schema:1";

/// The committed schema, exactly as `journeymap schema` prints it.
pub const COMMITTED: &str = include_str!("../schema/journeymap.schema.json");

/// Generates the schema text from the model's types (JSON Schema 2020-12, pretty-printed,
/// ending in a newline).
pub fn generate() -> String {
    let mut generator = SchemaSettings::draft2020_12()
        .for_deserialize()
        .with_transform(RecursiveTransform(forbid_null))
        .into_generator();
    // Libraries share the map's definitions of personas and channels, so they live in the
    // same schema as one more definition (`#/$defs/Library`).
    generator.subschema_for::<Library>();
    let schema = generator.into_root_schema_for::<JourneyMap>();
    let Value::Object(mut generated) = schema.to_value() else {
        unreachable!("a root schema is an object");
    };
    if let Some(Value::Object(definitions)) = generated.get_mut("$defs") {
        for (name, definition) in definitions.iter_mut() {
            if let Value::Object(definition) = definition {
                definition
                    .entry("title")
                    .or_insert_with(|| Value::String(title_of(name)));
            }
        }
    }
    let mut ordered = Map::new();
    ordered.insert(
        "$schema".into(),
        Value::String("https://json-schema.org/draft/2020-12/schema".into()),
    );
    ordered.insert("$id".into(), Value::String(SCHEMA_ID.into()));
    for (key, value) in generated {
        if key != "$schema" {
            ordered.insert(key, value);
        }
    }
    let mut text =
        serde_json::to_string_pretty(&Value::Object(ordered)).expect("JSON values serialize");
    text.push('\n');
    text
}

/// The title of a definition, from its type's name (`DetailedPainPoint` -> `Detailed pain
/// point`). Editors show it in hover and completion; without it, the YAML language server
/// labels every object with the root's title, "Journey map".
fn title_of(name: &str) -> String {
    match name {
        "IsoDate" => return "Date (YYYY-MM-DD)".to_string(),
        "Color" => return "Colour".to_string(),
        "Score" => return "Emotion score".to_string(),
        "Id" => return "Id (a slug)".to_string(),
        "Empathy" => return "Empathy map".to_string(),
        _ => {}
    }
    let mut title = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            title.push(' ');
            title.extend(c.to_lowercase());
        } else {
            title.push(c);
        }
    }
    title
}

/// Removes `null` from optional keys. serde reads a missing key and `key: null` alike, but in
/// YAML an empty value is usually a mistake: `color: #7b2cbf` is a comment, not a colour. A
/// key that is present must hold a value, so nothing is ever dropped silently.
fn forbid_null(schema: &mut Schema) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    if let Some(Value::Array(types)) = object.get_mut("type") {
        types.retain(|t| t != "null");
        if types.len() == 1 {
            let only = types.remove(0);
            object.insert("type".into(), only);
        }
    }
    let is_null = |v: &Value| v.get("type").and_then(Value::as_str) == Some("null");
    if let Some(Value::Array(branches)) = object.get("anyOf")
        && branches.len() == 2
        && branches.iter().any(is_null)
    {
        let kept = branches.iter().find(|b| !is_null(b)).cloned();
        object.remove("anyOf");
        if let Some(Value::Object(kept)) = kept {
            for (key, value) in kept {
                object.entry(key).or_insert(value);
            }
        }
    }
}

/// The parsed committed schema.
pub fn value() -> &'static Value {
    static VALUE: OnceLock<Value> = OnceLock::new();
    VALUE.get_or_init(|| {
        serde_json::from_str(COMMITTED).expect("the committed schema is valid JSON")
    })
}

/// The compiled validator, built once per process. It validates loaded YAML trees in place
/// (see [`crate::load::instance`]).
///
/// jsonschema checks the schema it is given against its draft's metaschema before compiling
/// it, and offers no switch to skip that. For the 2020-12 metaschema the check took half of
/// a small map's `check` (4.4 of 9.3 million instructions), on every run, to prove what a
/// test proves once (tests/schema.rs). So the schema is registered under its id and the
/// validator is built from a one-line entry schema, `{"$ref": id}`, read as draft 4, whose
/// metaschema is small: the registered schema declares `$schema` 2020-12 and is compiled as
/// 2020-12 (a test holds that `const`, which draft 4 lacks, refuses, and that the errors
/// are those of jsonschema's own 2020-12 validator).
pub fn validator() -> &'static jsonschema::Validator<crate::load::instance::Yaml> {
    static VALIDATOR: OnceLock<jsonschema::Validator<crate::load::instance::Yaml>> =
        OnceLock::new();
    VALIDATOR.get_or_init(|| build_validator(SCHEMA_ID))
}

/// The validator of library files (`#/$defs/Library` of the same schema), built when a map
/// first names a library.
pub fn library_validator() -> &'static jsonschema::Validator<crate::load::instance::Yaml> {
    static VALIDATOR: OnceLock<jsonschema::Validator<crate::load::instance::Yaml>> =
        OnceLock::new();
    VALIDATOR.get_or_init(|| build_validator(&format!("{SCHEMA_ID}#/$defs/Library")))
}

fn build_validator(entry: &str) -> jsonschema::Validator<crate::load::instance::Yaml> {
    static REGISTRY: OnceLock<jsonschema::Registry<'static>> = OnceLock::new();
    let registry = REGISTRY.get_or_init(|| {
        jsonschema::Registry::new()
            .add(SCHEMA_ID, value())
            .expect("the schema id is a URI")
            .prepare()
            .expect("the committed schema registers")
    });
    jsonschema::options_for::<crate::load::instance::Yaml>()
        .with_draft(jsonschema::Draft::Draft4)
        .with_registry(registry)
        .build(&serde_json::json!({ "$ref": entry }))
        .expect("the committed schema compiles")
}

/// Builds the validator on a thread of its own, so that the work every run does the same
/// (about a millisecond: parsing the schema, compiling it, its regular expressions) overlaps
/// with finding, reading and parsing the maps. Whoever needs the validator first waits for
/// it to be ready ([`OnceLock`]).
pub fn warm_up() {
    std::thread::spawn(|| {
        validator();
    });
}

/// The properties a `$defs` entry (or the root, for `None`) allows, in schema order.
pub fn properties_of(definition: Option<&str>) -> Vec<&'static str> {
    let schema = value();
    let node = match definition {
        None => Some(schema),
        Some(name) => schema.get("$defs").and_then(|defs| defs.get(name)),
    };
    node.and_then(|n| n.get("properties"))
        .and_then(Value::as_object)
        .map(|props| props.keys().map(String::as_str).collect())
        .unwrap_or_default()
}
