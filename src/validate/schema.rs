//! The JSON Schema layer: validates the map's JSON form and walks each error's instance path
//! back to the YAML text, the way taplo does for TOML.
//!
//! jsonschema's messages speak of JSON; these speak of journey maps ("a step has no key
//! `emotions`; did you mean `emotion`?") and point at the key or value to change.

use std::ops::Range;

use jsonschema::ValidationError;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;

use crate::diagnostics::Diagnostic;
use crate::diagnostics::RuleInfo;
use crate::load::instance::Instance;
use crate::load::{Document, NodeValue};
use crate::model::scalars::slugify;
use crate::schema;
use crate::suggest::nearest;

/// ## What it does
/// Reports a key the format does not define, pointing at the key, with the closest valid key.
///
/// ## Why
/// A typo such as `emotions:` or `pain-points:` must never be silently ignored: the map would
/// look fine and lose data.
///
/// ## Example
/// ```yaml
/// - id: checkout
///   name: Pays at checkout
///   emotions: -2          # did you mean `emotion`?
/// ```
pub static UNKNOWN_KEY: RuleInfo = RuleInfo::fixed("JM101", "unknown-key");

/// ## What it does
/// Reports a required key that is missing: `journeymap`, `id`, `title` and `stages` on the map,
/// `id`, `name` and `steps` on a stage, `id` and `name` on a step, and so on.
///
/// ## Why
/// Without them a map cannot be drawn, referenced or compared.
///
/// ## Example
/// ```yaml
/// stages:
///   - id: awareness
///     name: Awareness        # no `steps`
/// ```
pub static MISSING_KEY: RuleInfo = RuleInfo::fixed("JM102", "missing-key");

/// ## What it does
/// Reports a value of the wrong type or out of range: an emotion outside -2..2, text where a
/// list is expected, an unknown `state` or `severity`, an id that is not a slug, a date that
/// is not `YYYY-MM-DD` or not a real day, an empty list of stages or steps.
///
/// ## Why
/// The renderer and the diff rely on these values meaning exactly one thing.
///
/// ## Example
/// ```yaml
/// emotion: 5               # scores run from -2 to 2
/// severity: critical       # low, medium or high
/// ```
pub static INVALID_VALUE: RuleInfo = RuleInfo::fixed("JM103", "invalid-value");

/// ## What it does
/// Reports an id that is not a slug: ids use lower-case letters, digits, `-` and `_`, and
/// start with a letter or digit. The help line offers the slug form of what was written.
///
/// ## Why
/// Ids are how steps, personas, channels and pain points refer to each other, and how a diff
/// matches elements across versions; slugs survive file names, URLs and CSS unchanged.
///
/// ## Example
/// ```yaml
/// - id: Sees Ad           # try `sees-ad`
/// ```
pub static INVALID_ID: RuleInfo = RuleInfo::fixed("JM104", "invalid-id");

/// Most schema findings reported for one file; past this, one more note says how many were left.
const MAX_FINDINGS: usize = 200;

/// Validates the document against the committed schema.
pub fn validate(document: &Document) -> Vec<Diagnostic> {
    validate_with(document, schema::validator())
}

/// Validates a library file against the schema's `Library` definition.
pub fn validate_library(document: &Document) -> Vec<Diagnostic> {
    validate_with(document, schema::library_validator())
}

fn validate_with(
    document: &Document,
    validator: &jsonschema::Validator<crate::load::instance::Yaml>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for error in validator.iter_errors(Instance::root(document)) {
        report(document, &error, &mut out);
    }
    out.dedup_by(|a, b| a.span == b.span && a.message == b.message);
    if out.len() > MAX_FINDINGS {
        let more = out.len() - MAX_FINDINGS;
        out.truncate(MAX_FINDINGS);
        out.push(Diagnostic::new(
            &INVALID_VALUE,
            &document.file,
            None,
            format!("{more} more schema errors are not shown"),
        ));
    }
    out
}

/// What kind of thing the object at a pointer is, by the last named segment of its path.
fn object_at(pointer: &str) -> (Option<&'static str>, &'static str) {
    let last_name = pointer
        .rsplit('/')
        .find(|s| !s.is_empty() && s.parse::<usize>().is_err());
    match last_name {
        None => (None, "the map"),
        Some("review") => (Some("Review"), "`review`"),
        Some("personas") => (Some("Persona"), "a persona"),
        Some("empathy") => (Some("Empathy"), "an empathy map"),
        Some("channels") => (Some("Channel"), "a channel"),
        Some("stages") => (Some("Stage"), "a stage"),
        Some("steps") => (Some("Step"), "a step"),
        Some("touchpoints") => (Some("DetailedTouchpoint"), "a touchpoint"),
        Some("pain_points") => (Some("DetailedPainPoint"), "a pain point"),
        Some("opportunities") => (Some("DetailedOpportunity"), "an opportunity"),
        Some("resources") => (Some("Resources"), "`resources`"),
        Some("metrics") => (Some("Metric"), "a metric"),
        Some(_) => (None, "this mapping"),
    }
}

/// The key that names the value at `pointer` (`emotion` for `/stages/0/steps/1/emotion`).
fn field_name(pointer: &str) -> &str {
    pointer
        .rsplit('/')
        .find(|s| s.parse::<usize>().is_err())
        .unwrap_or("")
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "nothing (null)".into(),
        Value::Bool(b) => format!("`{b}`, a boolean"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) if s.chars().count() > 40 => "text".into(),
        Value::String(s) => format!("the text `{s}`"),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "a mapping".into(),
    }
}

fn type_name(kind: &TypeKind) -> String {
    let name = |t: &jsonschema::JsonType| match t.to_string().as_str() {
        "string" => "text".to_string(),
        "array" => "a list".to_string(),
        "object" => "a mapping".to_string(),
        "integer" => "a whole number".to_string(),
        "number" => "a number".to_string(),
        "boolean" => "true or false".to_string(),
        other => other.to_string(),
    };
    match kind {
        TypeKind::Single(t) => name(t),
        TypeKind::Multiple(set) => set
            .iter()
            .map(|t| name(&t))
            .collect::<Vec<_>>()
            .join(" or "),
    }
}

/// The span to point at for a whole mapping: its first key, which is where people look.
fn mapping_head(document: &Document, pointer: &str) -> Option<Range<usize>> {
    let loc = document.locate(pointer)?;
    if let Some(key) = loc.key {
        return Some(key);
    }
    match &document.node(pointer)?.value {
        NodeValue::Map(entries) if !entries.is_empty() => Some(entries[0].key_span()),
        _ => Some(loc.value),
    }
}

fn report(document: &Document, error: &ValidationError<'_>, out: &mut Vec<Diagnostic>) {
    let file = &document.file;
    let pointer = error.instance_path().as_str();
    let value_span = document
        .locate(pointer)
        .map(|l| l.value)
        .unwrap_or_else(|| document.span());
    let field = field_name(pointer);
    let instance = error.instance();
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } if field == "emotion" => {
            // Per-persona emotions are keyed by persona id; a key that is not a slug fails.
            for key in unexpected {
                let span = document
                    .key_span(pointer, key)
                    .unwrap_or(value_span.clone());
                out.push(
                    Diagnostic::new(
                        &INVALID_ID,
                        file,
                        Some(span),
                        format!("`{key}` is not a valid persona id"),
                    )
                    .with_label("not a slug")
                    .with_help(format!(
                        "per-persona emotions are keyed by persona id: try `{}`",
                        slugify(key)
                    )),
                );
            }
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let (definition, what) = object_at(pointer);
            let allowed = schema::properties_of(definition);
            for key in unexpected {
                let span = document
                    .key_span(pointer, key)
                    .unwrap_or(value_span.clone());
                let mut d = Diagnostic::new(
                    &UNKNOWN_KEY,
                    file,
                    Some(span),
                    format!("{what} has no key `{key}`"),
                )
                .with_label("unknown key");
                d = match nearest(key, allowed.iter().copied()) {
                    Some((best, true)) => d.with_help(format!("did you mean `{best}`?")),
                    _ => d.with_help(format!("the keys of {what} are: {}", allowed.join(", "))),
                };
                out.push(d);
            }
        }
        ValidationErrorKind::Required { property } => {
            let property = property.as_str().unwrap_or_default();
            let (_, what) = object_at(pointer);
            let span = mapping_head(document, pointer).unwrap_or(value_span);
            out.push(
                Diagnostic::new(
                    &MISSING_KEY,
                    file,
                    Some(span),
                    format!("{what} is missing the required key `{property}`"),
                )
                .with_label(format!(
                    "{} without `{property}`",
                    what.trim_start_matches("a ").trim_start_matches("an ")
                ))
                .with_help(required_help(property)),
            );
        }
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context }
            if enum_choice(context, pointer).is_some() =>
        {
            // schemars writes documented enum variants as `oneOf` of constants.
            let options = enum_choice(context, pointer).unwrap_or_default();
            let options: Vec<&str> = options.iter().map(String::as_str).collect();
            out.push(enum_error(file, value_span, field, instance, &options));
        }
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            // An untagged choice (a score or per-persona scores; a channel id or a mapping):
            // report the errors of the branch whose type matches what was written.
            let matching = context.iter().find(|branch| {
                !branch.iter().any(|e| {
                    e.instance_path().as_str() == pointer
                        && matches!(e.kind(), ValidationErrorKind::Type { .. })
                })
            });
            match matching {
                Some(branch) => branch.iter().for_each(|e| report(document, e, out)),
                None => out.push(
                    Diagnostic::new(
                        &INVALID_VALUE,
                        file,
                        Some(value_span),
                        format!("`{field}` cannot be {}", describe(instance)),
                    )
                    .with_label("wrong type")
                    .with_help(choice_help(field)),
                ),
            }
        }
        ValidationErrorKind::Type { kind } => {
            let expected = type_name(kind);
            let mut d = Diagnostic::new(
                &INVALID_VALUE,
                file,
                Some(value_span),
                format!("`{field}` must be {expected}, not {}", describe(instance)),
            )
            .with_label(format!("expected {expected}"));
            if instance.is_null() && field == "color" {
                d = d.with_help(
                    "an unquoted `#` starts a YAML comment: quote the colour, `color: \"#7b2cbf\"`",
                );
            } else if instance.is_null() {
                d = d.with_help(format!("write a value after `{field}:`, or remove the key"));
            } else if expected == "a list" && instance.is_string() {
                d = d.with_help(format!(
                    "write a list: `{field}: [{}]`",
                    instance.as_str().unwrap_or_default()
                ));
            } else if expected == "text" && (instance.is_number() || instance.is_boolean()) {
                d = d.with_help(format!("quote it to make it text: `\"{instance}\"`"));
            }
            out.push(d);
        }
        ValidationErrorKind::Enum { options } => {
            let options: Vec<&str> = options
                .as_array()
                .map(|o| o.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            out.push(enum_error(file, value_span, field, instance, &options));
        }
        // An empty text breaks `minLength` too, and that finding says it better.
        ValidationErrorKind::Pattern { pattern }
            if pattern == crate::model::VISIBLE_TEXT && instance.as_str() == Some("") => {}
        ValidationErrorKind::Pattern { .. } => {
            out.push(pattern_error(
                document, pointer, field, instance, value_span,
            ));
        }
        ValidationErrorKind::Minimum { limit } | ValidationErrorKind::Maximum { limit } => {
            let below = matches!(error.kind(), ValidationErrorKind::Minimum { .. });
            let scores = field == "emotion" || pointer.contains("/emotion/");
            let message = if scores {
                format!("emotion {instance} is outside the scale -2..2")
            } else if below {
                format!("`{field}` must be at least {limit}")
            } else {
                format!("`{field}` must be at most {limit}")
            };
            out.push(
                Diagnostic::new(&INVALID_VALUE, file, Some(value_span), message)
                    .with_label(if below { "too low" } else { "too high" })
                    .with_help(if scores {
                        "use -2 (very negative), -1, 0 (neutral), 1 or 2 (very positive)"
                            .to_string()
                    } else {
                        format!(
                            "use a value {} {limit}",
                            if below { "of at least" } else { "of at most" }
                        )
                    }),
            );
        }
        ValidationErrorKind::MinItems { .. } => {
            let what = match field {
                "stages" => "a map needs at least one stage",
                "steps" => "a stage needs at least one step",
                _ => "this list must not be empty",
            };
            out.push(
                Diagnostic::new(&INVALID_VALUE, file, Some(value_span), what.to_string())
                    .with_label("empty list")
                    .with_help(if matches!(field, "stages" | "steps") {
                        format!("add an item to `{field}`: it is required")
                    } else {
                        format!("add an item to `{field}`, or remove the key")
                    }),
            );
        }
        ValidationErrorKind::MinLength { .. } => out.push(
            Diagnostic::new(
                &INVALID_VALUE,
                file,
                Some(value_span),
                format!("`{field}` must not be empty"),
            )
            .with_label("empty text"),
        ),
        ValidationErrorKind::Constant { expected_value } if field == "journeymap" => out.push(
            Diagnostic::new(
                &INVALID_VALUE,
                file,
                Some(value_span),
                format!("unsupported format version {instance}"),
            )
            .with_label(format!("expected {expected_value}"))
            .with_help("this journeymap reads format version 1: write `journeymap: 1`"),
        ),
        _ => out.push(
            Diagnostic::new(&INVALID_VALUE, file, Some(value_span), error.to_string())
                .with_label("invalid value"),
        ),
    }
}

/// The allowed words when every branch of a choice is a single constant, as schemars writes
/// enums whose variants carry docs.
fn enum_choice(context: &[Vec<ValidationError<'static>>], pointer: &str) -> Option<Vec<String>> {
    context
        .iter()
        .map(|branch| match branch.as_slice() {
            [only] if only.instance_path().as_str() == pointer => match only.kind() {
                ValidationErrorKind::Constant { expected_value } => {
                    expected_value.as_str().map(str::to_string)
                }
                _ => None,
            },
            _ => None,
        })
        .collect()
}

fn enum_error(
    file: &std::sync::Arc<crate::source::SourceFile>,
    span: Range<usize>,
    field: &str,
    instance: &Value,
    options: &[&str],
) -> Diagnostic {
    let d = Diagnostic::new(
        &INVALID_VALUE,
        file,
        Some(span),
        format!("`{field}` cannot be {}", describe(instance)),
    )
    .with_label(format!("expected one of {}", options.join(", ")));
    match instance
        .as_str()
        .and_then(|s| nearest(s, options.iter().copied()))
    {
        Some((best, true)) => d.with_help(format!("did you mean `{best}`?")),
        _ => d.with_help(format!("use one of: {}", options.join(", "))),
    }
}

fn required_help(property: &str) -> String {
    match property {
        "journeymap" => "add `journeymap: 1` at the top of the file".into(),
        "id" => "add an `id:`, a slug such as `checkout`".into(),
        "steps" => "add `steps:` with at least one step (`- id: ...` and `name: ...`)".into(),
        "stages" => "add `stages:` with at least one stage".into(),
        "channel" => "name the channel: `channel: app` (or use the shorthand `- app`)".into(),
        _ => format!("add `{property}:`"),
    }
}

fn choice_help(field: &str) -> String {
    match field {
        "emotion" => "write a score from -2 to 2, or a mapping from persona id to score: `{busy-parent: -1, student: 1}`".into(),
        "touchpoints" => "write a channel id (`app`) or a mapping (`{channel: app, name: Checkout screen}`)".into(),
        "pain_points" => "write the text, or a mapping with `text` (and `id`, `severity`)".into(),
        "opportunities" => "write the text, or a mapping with `text` (and `addresses`, `owner`)".into(),
        _ => "see docs/format.md for the forms this key takes".into(),
    }
}

/// Whether `text` has nothing a reader would see: only blanks and invisible format
/// characters (what `check` reports as "holds only blanks"). Importers use it so that they
/// never write such a name.
pub fn holds_only_blanks(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() || is_invisible(c))
}

/// Invisible format characters that [`crate::model::VISIBLE_TEXT`] does not count as text.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}'
    )
}

fn pattern_error(
    document: &Document,
    pointer: &str,
    field: &str,
    instance: &Value,
    span: Range<usize>,
) -> Diagnostic {
    let text = instance.as_str().unwrap_or_default();
    let file = &document.file;
    let in_list = pointer
        .rsplit('/')
        .next()
        .is_some_and(|s| s.parse::<usize>().is_ok());
    let id_like = matches!(
        field,
        "id" | "channel" | "personas" | "addresses" | "touchpoints"
    ) || (field == "emotion" && !in_list);
    if !text.is_empty() && !id_like && holds_only_blanks(text) {
        return Diagnostic::new(
            &INVALID_VALUE,
            file,
            Some(span),
            format!("`{field}` holds only blanks"),
        )
        .with_label("nothing visible")
        .with_help("write the text, or remove the item");
    }
    match field {
        "last" => Diagnostic::new(
            &INVALID_VALUE,
            file,
            Some(span),
            format!("`{text}` is not a date"),
        )
        .with_label("expected YYYY-MM-DD")
        .with_help("write the date as `2026-10-01`"),
        "time" => Diagnostic::new(
            &INVALID_VALUE,
            file,
            Some(span),
            format!("`{text}` is not a time of day"),
        )
        .with_label("expected HH:MM")
        .with_help("write the time on a 24-hour clock, quoted: `time: \"07:30\"`"),
        "color" => Diagnostic::new(
            &INVALID_VALUE,
            file,
            Some(span),
            format!("`{text}` is not a colour"),
        )
        .with_label("expected #rrggbb")
        .with_help("write the colour in hex, quoted: `color: \"#7b2cbf\"`"),
        _ if id_like || field.is_empty() => Diagnostic::new(
            &INVALID_ID,
            file,
            Some(span),
            format!("`{text}` is not a valid id"),
        )
        .with_label("not a slug")
        .with_help(format!(
            "ids use lower-case letters, digits, `-` and `_`: try `{}`",
            slugify(text)
        )),
        _ => Diagnostic::new(
            &INVALID_VALUE,
            file,
            Some(span),
            format!("`{field}` has an invalid form"),
        )
        .with_label("invalid"),
    }
}
