//! Interchange with the tools teams already use: Mermaid journey diagrams, spreadsheets (CSV),
//! wiki tables (Markdown), and the starter maps of `journeymap init`.
//!
//! Importers turn foreign text into a [`JourneyMap`] plus diagnostics that point at the foreign
//! file's lines and columns (codes in [`codes`]); [`yaml`] writes a map back out as a commented,
//! readable journey map file. Exporters are pure functions from a map to text plus a list of
//! what the target format could not hold.

pub mod codes;
pub mod csv;
pub mod init;
pub mod markdown;
pub mod mermaid;
pub mod patch;
pub mod xlsx;
pub mod yaml;

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use crate::diagnostics::RuleInfo;
use crate::diagnostics::{Diagnostic, Related};
use crate::model::scalars::slugify;
use crate::model::{FormatVersion, Id, JourneyMap, Kind, Persona, Stage, State, Step};
use crate::source::SourceFile;

/// What an importer produced: a map when the input could be read, the findings about the
/// input, notes on what was invented or left out (for stderr), and where each part of the map
/// came from in the input.
#[derive(Debug, Default)]
pub struct Imported {
    pub map: Option<JourneyMap>,
    pub diagnostics: Vec<Diagnostic>,
    pub notes: Vec<String>,
    pub origins: Vec<Origin>,
}

/// Where a part of an imported map came from in the input: a sheet's cell or row, a line of a
/// diagram, a flag of the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The part of the map, as a JSON pointer (`/stages/0/steps/2/pain_points`); it covers
    /// everything below it that has no origin of its own.
    pub pointer: String,
    /// The bytes of the input, when the part came from the input.
    pub span: Option<Range<usize>>,
    /// How a message names the place, when its span does not say it all
    /// (`row 12, column D (pain_points)`, `the --title flag`); may be empty.
    pub place: String,
    /// The label under the span (`D12`).
    pub label: Option<String>,
}

/// [`Origin`]s by pointer.
pub struct OriginIndex<'a> {
    by_pointer: HashMap<&'a str, &'a Origin>,
}

impl<'a> OriginIndex<'a> {
    /// The origin of the part at `pointer`, or of the nearest part that holds it.
    pub fn get(&self, pointer: &str) -> Option<&'a Origin> {
        let mut at = pointer;
        loop {
            if let Some(origin) = self.by_pointer.get(at) {
                return Some(origin);
            }
            at = &at[..at.rfind('/')?];
        }
    }
}

impl Imported {
    /// Whether any finding is an error (the map must not be written).
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == crate::diagnostics::Severity::Error)
    }

    /// The origin of the part of the map at `pointer`: the recorded origin of the part itself
    /// or of the nearest part that holds it. For many look-ups, use [`Imported::origin_index`].
    pub fn origin_of(&self, pointer: &str) -> Option<&Origin> {
        self.origin_index().get(pointer)
    }

    /// The origins by pointer, for look-ups in constant time.
    pub fn origin_index(&self) -> OriginIndex<'_> {
        let mut by_pointer = HashMap::with_capacity(self.origins.len());
        for origin in &self.origins {
            by_pointer.entry(origin.pointer.as_str()).or_insert(origin);
        }
        OriginIndex { by_pointer }
    }

    /// Refuses control characters that reached the map's text decoded (from an entity code,
    /// a JSON or YAML escape), with an error at the input's place the text came from. Raw
    /// control characters are reported by the importers themselves, at the character.
    pub fn refuse_decoded_controls(&mut self, file: &Arc<SourceFile>, rule: &RuleInfo) {
        let Some(map) = &self.map else {
            return;
        };
        let value = serde_json::to_value(map).unwrap_or_default();
        let mut found = Vec::new();
        control_texts(&value, String::new(), &mut found);
        let index = self.origin_index();
        let mut diagnostics = Vec::new();
        for (pointer, c) in found {
            let origin = index.get(&pointer).cloned();
            let problem = format!(
                "holds the control character {}, which a journey map cannot hold",
                char_name(c)
            );
            let message = match &origin {
                Some(o) if !o.place.is_empty() => format!("{}: the text {problem}", o.place),
                Some(_) => format!("the text {problem}"),
                None => format!("the text at `{pointer}` of the map {problem}"),
            };
            let mut d = Diagnostic::new(
                rule,
                file,
                origin.as_ref().and_then(|o| o.span.clone()),
                message,
            )
            .with_help(
                "remove the character (it was written as an escape or an entity code, such as \
                 `\\u001b` or `#27;`)",
            );
            d.label = origin.and_then(|o| o.label);
            diagnostics.push(d);
        }
        self.diagnostics.extend(diagnostics);
    }
}

/// Collects (pointer, first refused character) for every string, and every key, holding a
/// character that map text may not hold: the loader's own rule ([`crate::load::forbidden_in_text`]),
/// so that a lone CR decoded from a cell or an entity (`#13;`) is refused at its place rather
/// than by `check` on the written map (found by fuzzing).
fn control_texts(value: &serde_json::Value, pointer: String, found: &mut Vec<(String, char)>) {
    match value {
        serde_json::Value::String(text) => {
            if let Some(c) = text.chars().find(|&c| crate::load::forbidden_in_text(c)) {
                found.push((pointer, c));
            }
        }
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                control_texts(item, format!("{pointer}/{i}"), found);
            }
        }
        serde_json::Value::Object(entries) => {
            for (key, item) in entries {
                let inner = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                if let Some(c) = key.chars().find(|&c| crate::load::forbidden_in_text(c)) {
                    found.push((inner.clone(), c));
                }
                control_texts(item, inner, found);
            }
        }
        _ => {}
    }
}

/// Whether an import refuses `c`: a control character (C0, DEL, C1) other than the tab and
/// the line breaks that text may hold.
pub fn refused_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Whether `text` has something to see: a character that is neither blank, invisible (a
/// zero-width space, a byte order mark, a direction mark) nor a control character. A name
/// without one cannot name anything.
pub fn has_visible_text(text: &str) -> bool {
    text.chars()
        .any(|c| !c.is_whitespace() && !c.is_control() && !invisible(c))
}

/// Unicode's format characters (category Cf) that texts hold: they take no room on screen.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{600}'..='\u{605}'
            | '\u{61c}'
            | '\u{6dd}'
            | '\u{70f}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
    )
}

/// How a message names a character that cannot be shown as it is: `U+001B`.
pub fn char_name(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// Refuses a command-line value that would put control characters (line breaks included)
/// into the written map: `Err` holds the message for the user.
pub fn check_flag(flag: &str, value: &str) -> Result<(), String> {
    match value.chars().find(|&c| c.is_control()) {
        None => Ok(()),
        Some(c) => Err(format!(
            "{flag} holds the control character {}{}; give it on one line, without control \
             characters",
            char_name(c),
            if c == '\n' { " (a line break)" } else { "" }
        )),
    }
}

/// Writes an imported map as YAML and checks the text as `check` would, as the file at
/// `lives_at` when it is known (so that its libraries and links are found from that folder),
/// with that folder's `config`. The map is the text to write when it passes; otherwise the
/// checks' findings, each moved from the written text (a file the user never saw) to the
/// place of `input` its part of the map came from.
pub fn write_checked(
    imported: &Imported,
    map: &JourneyMap,
    input: &Arc<SourceFile>,
    schema: &str,
    lives_at: Option<&std::path::Path>,
    config: &crate::validate::Config,
) -> Result<String, Vec<Diagnostic>> {
    let written = yaml::map_to_yaml_with_nodes(map, Some(schema));
    let file = SourceFile::new(
        format!("{} (written)", input.name),
        lives_at,
        written.text.clone(),
    );
    let checked = crate::validate::check_file(&file, &crate::validate::Options::default(), config);
    if !checked.has_errors() {
        return Ok(written.text);
    }
    let index = imported.origin_index();
    Err(checked
        .diagnostics
        .into_iter()
        .map(|d| relocate(d, &written, &index, input))
        .collect())
}

/// Moves a finding about the written text to the input: to the origin of the part of the map
/// it is about, with that place named in the message.
fn relocate(
    d: Diagnostic,
    written: &yaml::Written,
    origins: &OriginIndex<'_>,
    input: &Arc<SourceFile>,
) -> Diagnostic {
    let pointer = d
        .span
        .as_ref()
        .map_or("", |s| written.pointer_at(s.start))
        .to_string();
    let origin = origins.get(&pointer);
    let message = match origin {
        Some(o) if !o.place.is_empty() => format!("{}: {}", o.place, d.message),
        Some(_) => d.message.clone(),
        None if pointer.is_empty() => format!("in the imported map: {}", d.message),
        None => format!("in the imported map, at `{pointer}`: {}", d.message),
    };
    let related = d
        .related
        .iter()
        .filter_map(|r| {
            let other = origins.get(written.pointer_at(r.span.start))?;
            let span = other.span.clone()?;
            let label = if other.place.is_empty() {
                r.label.clone()
            } else {
                format!("{}: {}", other.place, r.label)
            };
            Some(Related { span, label })
        })
        .collect();
    Diagnostic {
        message,
        file: Arc::clone(input),
        span: origin.and_then(|o| o.span.clone()),
        label: d
            .label
            .clone()
            .or_else(|| origin.and_then(|o| o.label.clone())),
        related,
        ..d
    }
}

/// What an exporter produced: the text, and what the target format could not hold.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Exported {
    pub text: String,
    pub left_out: Vec<String>,
}

/// Hands out slugs that are unique among those already given (`a`, `a-2`, `a-3`...).
#[derive(Debug, Default, Clone)]
pub struct Slugs {
    used: HashSet<String>,
    /// The next suffix worth trying for a base, so that many repeats stay linear.
    next: HashMap<String, usize>,
}

impl Slugs {
    /// Marks `id` as taken without allocating it (for ids that come from the input).
    pub fn reserve(&mut self, id: &str) -> bool {
        self.used.insert(id.to_string())
    }

    /// Whether `id` is already taken.
    pub fn contains(&self, id: &str) -> bool {
        self.used.contains(id)
    }

    /// The slug of `text`, made unique with a numeric suffix.
    pub fn unique(&mut self, text: &str) -> String {
        let base = slugify(text);
        if self.used.insert(base.clone()) {
            return base;
        }
        let start = self.next.get(&base).copied().unwrap_or(2);
        for n in start.. {
            let candidate = format!("{base}-{n}");
            if self.used.insert(candidate.clone()) {
                self.next.insert(base, n + 1);
                return candidate;
            }
        }
        base
    }
}

/// A map with only its required parts; importers fill in the rest.
pub fn new_map(id: &str, title: &str, stages: Vec<Stage>) -> JourneyMap {
    JourneyMap {
        journeymap: FormatVersion,
        id: Id(id.to_string()),
        title: title.to_string(),
        description: None,
        state: State::Current,
        kind: Kind::Journey,
        baseline: None,
        parent: None,
        libraries: Vec::new(),
        owner: None,
        stakeholders: Vec::new(),
        language: None,
        tags: Vec::new(),
        review: None,
        personas: Vec::new(),
        channels: Vec::new(),
        stages,
    }
}

/// A stage with only its id, name and steps.
pub fn new_stage(id: &str, name: &str, steps: Vec<Step>) -> Stage {
    Stage {
        id: Id(id.to_string()),
        name: name.to_string(),
        description: None,
        goal: None,
        time: None,
        metrics: Vec::new(),
        steps,
    }
}

/// A step with only its id and name.
pub fn new_step(id: &str, name: &str) -> Step {
    Step {
        id: Id(id.to_string()),
        name: name.to_string(),
        description: None,
        time: None,
        detail: None,
        personas: Vec::new(),
        touchpoints: Vec::new(),
        thoughts: Vec::new(),
        emotion: None,
        feeling: None,
        evidence: Vec::new(),
        pain_points: Vec::new(),
        opportunities: Vec::new(),
        frontstage: Vec::new(),
        backstage: Vec::new(),
        support: Vec::new(),
        owners: Vec::new(),
        resources: None,
        metrics: Vec::new(),
    }
}

/// A persona with only its id and name.
pub fn new_persona(id: &str, name: &str) -> Persona {
    Persona::new(Id(id.to_string()), name.to_string())
}

/// Turns a slug or a file stem into a title: `checkout-flow` -> `Checkout flow`.
pub fn humanize(stem: &str) -> String {
    let words: Vec<&str> = stem
        .split(['-', '_', ' ', '.'])
        .filter(|w| !w.is_empty())
        .collect();
    let joined = words.join(" ");
    let mut chars = joined.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Journey".to_string(),
    }
}

/// The file stem of a path without the `.journey` infix: `maps/checkout.journey.csv` ->
/// `checkout`.
pub fn stem_of(name: &str) -> String {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = match file.rfind('.') {
        Some(dot) if dot > 0 => &file[..dot],
        _ => file,
    };
    stem.strip_suffix(".journey").unwrap_or(stem).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_slugs_get_suffixes() {
        let mut slugs = Slugs::default();
        assert_eq!(slugs.unique("Go home"), "go-home");
        assert_eq!(slugs.unique("go home!"), "go-home-2");
        assert_eq!(slugs.unique("Go-home"), "go-home-3");
        slugs.reserve("x");
        assert_eq!(slugs.unique("X"), "x-2");
    }

    #[test]
    fn titles_and_stems() {
        assert_eq!(humanize("checkout-flow"), "Checkout flow");
        assert_eq!(humanize(""), "Journey");
        assert_eq!(stem_of("maps/checkout.journey.csv"), "checkout");
        assert_eq!(stem_of("day.mmd"), "day");
        assert_eq!(stem_of(".hidden"), ".hidden");
    }
}
