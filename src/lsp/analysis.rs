//! One check of an open document, as `check` makes it, and what the editor asks of it: where
//! each id is defined and used, which key is where, the outline.
//!
//! Ids are found in the loader's tree (with their spans), not in the typed map: the tree holds
//! where each value was written, and it exists for any map that is YAML, even one the schema
//! refuses.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use crate::load::{Document, Node, NodeValue};
use crate::source::SourceFile;
use crate::validate::{self, Checked, Config, Options};

/// What kind of thing an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Persona,
    Channel,
    Stage,
    Step,
    PainPoint,
}

impl Kind {
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Persona => "persona",
            Kind::Channel => "channel",
            Kind::Stage => "stage",
            Kind::Step => "step",
            Kind::PainPoint => "pain point",
        }
    }
}

/// One place an id is written: where it is defined, or where it is used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    pub kind: Kind,
    pub id: String,
    /// The bytes of the id itself.
    pub span: Range<usize>,
    pub definition: bool,
    /// For a definition: its `name` (or a pain point's `text`), and the span of the item.
    pub label: Option<String>,
    pub item: Option<Range<usize>>,
}

/// A key of a mapping, with the keys that lead to it from the top (list items skipped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyAt {
    pub path: Vec<String>,
    pub span: Range<usize>,
}

/// An entry of the outline.
#[derive(Debug, Clone)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: Kind,
    pub span: Range<usize>,
    pub selection: Range<usize>,
    pub children: Vec<Symbol>,
}

pub struct Analysis {
    pub file: Arc<SourceFile>,
    pub checked: Checked,
    pub occurrences: Vec<Occurrence>,
    pub keys: Vec<KeyAt>,
    pub outline: Vec<Symbol>,
    /// The `baseline` value and its span.
    pub baseline: Option<(String, Range<usize>)>,
}

impl Analysis {
    /// Checks `text` as the file at `path` (for its name in findings and its baseline).
    pub fn new(path: Option<&Path>, name: &str, text: String, config: &Config) -> Analysis {
        let file = SourceFile::new(name, path, text);
        let checked = validate::check_file(&file, &Options::default(), config);
        let mut analysis = Analysis {
            file,
            checked,
            occurrences: Vec::new(),
            keys: Vec::new(),
            outline: Vec::new(),
            baseline: None,
        };
        if let Some(document) = &analysis.checked.document {
            let mut walk = Walk {
                document,
                occurrences: Vec::new(),
                keys: Vec::new(),
            };
            walk.keys(&document.root, &mut Vec::new());
            walk.root(&document.root);
            analysis.outline = outline(document, &document.root);
            analysis.baseline = member(document, &document.root, "baseline")
                .and_then(|n| text_of(document, n).map(|t| (t.to_string(), n.span())));
            analysis.occurrences = walk.occurrences;
            analysis.keys = walk.keys;
        }
        analysis
    }

    pub fn text(&self) -> &str {
        &self.file.text
    }

    /// The id written at `offset`, if any.
    pub fn occurrence_at(&self, offset: usize) -> Option<&Occurrence> {
        self.occurrences
            .iter()
            .find(|o| o.span.start <= offset && offset <= o.span.end)
    }

    /// Every place the id of `kind` is written, its definition first.
    pub fn occurrences_of(&self, kind: Kind, id: &str) -> Vec<&Occurrence> {
        let mut found: Vec<&Occurrence> = self
            .occurrences
            .iter()
            .filter(|o| o.kind == kind && o.id == id)
            .collect();
        found.sort_by_key(|o| (!o.definition, o.span.start));
        found
    }

    pub fn definition_of(&self, kind: Kind, id: &str) -> Option<&Occurrence> {
        self.occurrences
            .iter()
            .find(|o| o.kind == kind && o.id == id && o.definition)
    }

    /// The ids of `kind` defined in the map, with their labels.
    pub fn defined(&self, kind: Kind) -> Vec<(&str, Option<&str>)> {
        self.occurrences
            .iter()
            .filter(|o| o.kind == kind && o.definition)
            .map(|o| (o.id.as_str(), o.label.as_deref()))
            .collect()
    }

    /// The key written at `offset`, if any.
    pub fn key_at(&self, offset: usize) -> Option<&KeyAt> {
        self.keys
            .iter()
            .find(|k| k.span.start <= offset && offset <= k.span.end)
    }
}

/// Collects ids and keys from the tree.
struct Walk<'a> {
    document: &'a Document,
    occurrences: Vec<Occurrence>,
    keys: Vec<KeyAt>,
}

impl Walk<'_> {
    fn keys(&mut self, node: &Node, path: &mut Vec<String>) {
        match &node.value {
            NodeValue::Map(entries) => {
                for entry in entries.iter() {
                    let key = self.document.key(entry).to_string();
                    path.push(key);
                    self.keys.push(KeyAt {
                        path: path.clone(),
                        span: entry.key_span(),
                    });
                    self.keys(&entry.value, path);
                    path.pop();
                }
            }
            NodeValue::Seq(items) => {
                for item in items.iter() {
                    self.keys(item, path);
                }
            }
            _ => {}
        }
    }

    fn root(&mut self, root: &Node) {
        for item in items(self.document, root, "personas") {
            self.define(item, Kind::Persona, "name");
        }
        for item in items(self.document, root, "channels") {
            self.define(item, Kind::Channel, "name");
        }
        for stage in items(self.document, root, "stages") {
            self.define(stage, Kind::Stage, "name");
            for step in items(self.document, stage, "steps") {
                self.step(step);
            }
        }
    }

    fn step(&mut self, step: &Node) {
        let document = self.document;
        self.define(step, Kind::Step, "name");
        for touchpoint in items(document, step, "touchpoints") {
            match &touchpoint.value {
                NodeValue::Map(_) => {
                    if let Some(channel) = member(document, touchpoint, "channel") {
                        self.refer(channel, Kind::Channel);
                    }
                }
                _ => self.refer(touchpoint, Kind::Channel),
            }
        }
        for persona in items(document, step, "personas") {
            self.refer(persona, Kind::Persona);
        }
        if let Some(emotion) = member(document, step, "emotion")
            && let NodeValue::Map(scores) = &emotion.value
        {
            for score in scores.iter() {
                self.occurrences.push(Occurrence {
                    kind: Kind::Persona,
                    id: document.key(score).to_string(),
                    span: score.key_span(),
                    definition: false,
                    label: None,
                    item: None,
                });
            }
        }
        for pain in items(document, step, "pain_points") {
            if matches!(pain.value, NodeValue::Map(_)) {
                self.define(pain, Kind::PainPoint, "text");
            }
        }
        for opportunity in items(document, step, "opportunities") {
            for target in items(document, opportunity, "addresses") {
                self.refer(target, Kind::PainPoint);
            }
        }
    }

    fn define(&mut self, item: &Node, kind: Kind, label: &str) {
        let document = self.document;
        let Some(id) = member(document, item, "id") else {
            return;
        };
        let Some(text) = text_of(document, id) else {
            return;
        };
        self.occurrences.push(Occurrence {
            kind,
            id: text.to_string(),
            span: exact_span(document, id.span(), text),
            definition: true,
            label: member(document, item, label)
                .and_then(|n| text_of(document, n))
                .map(str::to_string),
            item: Some(item.span()),
        });
    }

    fn refer(&mut self, node: &Node, kind: Kind) {
        if let Some(text) = text_of(self.document, node) {
            self.occurrences.push(Occurrence {
                kind,
                id: text.to_string(),
                span: exact_span(self.document, node.span(), text),
                definition: false,
                label: None,
                item: None,
            });
        }
    }
}

/// The outline: stages with their steps, then personas and channels.
fn outline(document: &Document, root: &Node) -> Vec<Symbol> {
    let symbol = |item: &Node, kind: Kind, label: &str| -> Option<Symbol> {
        let id = member(document, item, "id")?;
        let id_text = text_of(document, id)?;
        let name = member(document, item, label)
            .and_then(|n| text_of(document, n))
            .filter(|n| !n.trim().is_empty())
            .unwrap_or(id_text);
        Some(Symbol {
            name: name.to_string(),
            detail: Some(id_text.to_string()),
            kind,
            span: item.span(),
            selection: exact_span(document, id.span(), id_text),
            children: Vec::new(),
        })
    };
    let mut symbols = Vec::new();
    for stage in items(document, root, "stages") {
        if let Some(mut s) = symbol(stage, Kind::Stage, "name") {
            s.children = items(document, stage, "steps")
                .filter_map(|step| symbol(step, Kind::Step, "name"))
                .collect();
            symbols.push(s);
        }
    }
    for persona in items(document, root, "personas") {
        symbols.extend(symbol(persona, Kind::Persona, "name"));
    }
    for channel in items(document, root, "channels") {
        symbols.extend(symbol(channel, Kind::Channel, "name"));
    }
    symbols
}

fn member<'a>(document: &Document, node: &'a Node, key: &str) -> Option<&'a Node> {
    document.member(node, key).map(|e| &e.value)
}

/// The items of the list under `key` of `node` (none when it is not a list).
fn items<'a>(document: &Document, node: &'a Node, key: &str) -> impl Iterator<Item = &'a Node> {
    let list = match member(document, node, key).map(|n| &n.value) {
        Some(NodeValue::Seq(items)) => &items[..],
        _ => &[],
    };
    list.iter()
}

fn text_of<'a>(document: &'a Document, node: &'a Node) -> Option<&'a str> {
    match &node.value {
        NodeValue::Str(text) => Some(document.text(text)),
        _ => None,
    }
}

/// The span of `text` itself within a scalar's span: a quoted scalar's span holds its quotes
/// (and may run on to the next token), and a rename must replace the id and nothing else.
fn exact_span(document: &Document, span: Range<usize>, text: &str) -> Range<usize> {
    let source = &document.file.text;
    let written = source.get(span.clone()).unwrap_or("");
    match written.find(text) {
        Some(at) if !text.is_empty() => span.start + at..span.start + at + text.len(),
        _ => span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAP: &str = "journeymap: 1\nid: m\ntitle: M\npersonas:\n  - id: ann\n    name: Ann\nchannels:\n  - id: kiosk\n    name: Kiosk\n    color: '#336699'\nstages:\n  - id: s1\n    name: Start\n    steps:\n      - id: a\n        name: Arrive\n        personas: [ann]\n        touchpoints: [kiosk, {channel: \"kiosk\", name: Screen}]\n        emotion: {ann: 1}\n        pain_points:\n          - id: slow\n            text: Slow\n        opportunities:\n          - text: Faster\n            addresses: [slow]\n";

    #[test]
    fn every_id_is_found_where_it_is_written() {
        let analysis = Analysis::new(None, "m.journey.yaml", MAP.to_string(), &Config::default());
        let spans = |kind, id| -> Vec<(&str, bool)> {
            analysis
                .occurrences_of(kind, id)
                .iter()
                .map(|o| (&MAP[o.span.clone()], o.definition))
                .collect()
        };
        assert_eq!(
            spans(Kind::Persona, "ann"),
            vec![("ann", true), ("ann", false), ("ann", false)]
        );
        assert_eq!(
            spans(Kind::Channel, "kiosk"),
            vec![("kiosk", true), ("kiosk", false), ("kiosk", false)]
        );
        assert_eq!(
            spans(Kind::PainPoint, "slow"),
            vec![("slow", true), ("slow", false)]
        );
        assert_eq!(
            analysis
                .definition_of(Kind::Persona, "ann")
                .unwrap()
                .label
                .as_deref(),
            Some("Ann")
        );
        let outline = &analysis.outline;
        assert_eq!(outline[0].name, "Start");
        assert_eq!(outline[0].children[0].name, "Arrive");
        let key = analysis
            .key_at(MAP.find("touchpoints").unwrap() + 2)
            .unwrap();
        assert_eq!(key.path, ["stages", "steps", "touchpoints"]);
    }
}
