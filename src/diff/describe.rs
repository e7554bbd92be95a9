//! Changes as sentences, shared by the human and markdown reports and the `--fail-on` messages.
//!
//! A line is a list of pieces so that each reporter can style (or escape) map text, ids and
//! its own words differently.

use crate::model::MetricValue;

use super::{Change, ChangeKind, Diff, Element, Field, Place, Snapshot, Value};
use crate::format_number;

/// Text longer than this (in characters) is shown as `-`/`+` lines under the change instead
/// of `before → after` on one line.
const LONG: usize = 60;

/// A part of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// journeymap's own words.
    Plain(String),
    /// An id (a slug), shown as code.
    Id(String),
    /// Text from a map, shown quoted.
    Text(String),
}

/// The sign of a line: what happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sign {
    Added,
    Removed,
    Changed,
    Moved,
}

impl Sign {
    pub fn of(kind: ChangeKind) -> Sign {
        match kind {
            ChangeKind::Added => Sign::Added,
            ChangeKind::Removed => Sign::Removed,
            ChangeKind::Moved => Sign::Moved,
            ChangeKind::Renamed | ChangeKind::Modified => Sign::Changed,
        }
    }

    pub fn char(self) -> char {
        match self {
            Sign::Added => '+',
            Sign::Removed => '-',
            Sign::Changed => '~',
            Sign::Moved => '>',
        }
    }
}

/// A change as a head line and, for long texts and lists, lines under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub sign: Sign,
    pub head: Vec<Piece>,
    pub body: Vec<(Sign, Vec<Piece>)>,
}

fn plain(text: impl Into<String>) -> Piece {
    Piece::Plain(text.into())
}

/// The group a change is listed under in the reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Group {
    Map,
    Persona(String),
    Channel(String),
    Stage(String),
    Step(String, String),
}

impl Group {
    pub fn of(change: &Change) -> Group {
        let id = change.id.clone().unwrap_or_default();
        let stage = change.stage.clone().unwrap_or_default();
        match (change.element, &change.step) {
            (Element::Map, _) => Group::Map,
            (Element::Persona, _) => Group::Persona(id),
            (Element::Channel, _) => Group::Channel(id),
            (Element::Stage, _) | (Element::Metric, None) => Group::Stage(stage),
            (_, step) => Group::Step(stage, step.clone().unwrap_or_default()),
        }
    }

    /// The element the group is about.
    pub fn element(&self) -> Element {
        match self {
            Group::Map => Element::Map,
            Group::Persona(_) => Element::Persona,
            Group::Channel(_) => Element::Channel,
            Group::Stage(_) => Element::Stage,
            Group::Step(..) => Element::Step,
        }
    }
}

/// Whether a change is about the element its group is named after (so the line need not name
/// it again).
pub fn is_own(change: &Change) -> bool {
    Group::of(change).element() == change.element
}

/// Where a change is, in words: `stage pay / step enters-card`, `persona busy-parent`, `map`.
pub fn place(_diff: &Diff, change: &Change) -> String {
    match Group::of(change) {
        Group::Map => "map".to_string(),
        Group::Persona(id) => format!("persona {id}"),
        Group::Channel(id) => format!("channel {id}"),
        Group::Stage(stage) => format!("stage {stage}"),
        Group::Step(stage, step) => format!("stage {stage} / step {step}"),
    }
}

/// A change as one plain line, for messages that follow [`place`].
pub fn plain_line(change: &Change) -> String {
    let line = line(change, true);
    let mut text = match change.kind {
        ChangeKind::Added => "added ".to_string(),
        ChangeKind::Removed => "removed ".to_string(),
        _ => String::new(),
    };
    text.push_str(&flatten(&line.head));
    for (sign, pieces) in &line.body {
        text.push_str(&format!(" {} {};", sign.char(), flatten(pieces)));
    }
    text.trim_end_matches(';').to_string()
}

/// Pieces as plain text: map text quoted, newlines shown as `\n`.
pub fn flatten(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Plain(t) | Piece::Id(t) => t.clone(),
            Piece::Text(t) => format!("\"{}\"", one_line(t)),
        })
        .collect()
}

/// Text on one line: line breaks and tabs shown as escapes, so map text cannot break the
/// layout of a report.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:04x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// The words naming a change's element, for a line that must name it: `pain point
/// hidden-fees`, `touchpoint app "Slot picker"`, `metric "Cart abandonment"`.
pub fn subject(change: &Change) -> Vec<Piece> {
    let mut out = vec![plain(format!("{} ", change.element.word()))];
    let id = change.id.clone().unwrap_or_default();
    let name = change.name.clone();
    match change.element {
        Element::Touchpoint => {
            out.push(Piece::Id(id));
            if let Some(name) = name {
                out.push(plain(" "));
                out.push(Piece::Text(name));
            }
        }
        Element::Metric => out.push(Piece::Text(id)),
        Element::PainPoint | Element::Opportunity => {
            // Without an id, the key is the text itself.
            if name.as_deref() == Some(id.as_str()) {
                out.push(Piece::Text(id));
            } else {
                out.push(Piece::Id(id));
            }
        }
        Element::Map => {
            out.clear();
            out.push(plain("map"));
        }
        _ => {
            out.push(Piece::Id(id));
            if let Some(name) = name {
                out.push(plain(" "));
                out.push(Piece::Text(name));
            }
        }
    }
    out
}

fn value_pieces(field: Field, value: Option<&Value>) -> Vec<Piece> {
    match value {
        None => vec![plain("(none)")],
        Some(Value::Code(s)) => vec![plain(s.clone())],
        Some(Value::Text(s)) => vec![Piece::Text(s.clone())],
        Some(Value::Score(n)) => vec![plain(number_text(f64::from(*n)))],
        Some(Value::Severity(s)) => vec![plain(s.as_str())],
        Some(Value::Metric(MetricValue::Number(n))) => vec![plain(number_text(*n))],
        Some(Value::Metric(MetricValue::Text(t))) => vec![Piece::Text(t.clone())],
        Some(Value::List(items)) if items.is_empty() && field == Field::Personas => {
            vec![plain("(every persona)")]
        }
        Some(Value::List(items)) if items.is_empty() => vec![plain("(none)")],
        Some(Value::List(items)) => {
            let mut out = Vec::new();
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(plain(", "));
                }
                out.push(Piece::Id(item.clone()));
            }
            out
        }
        Some(other) => vec![plain(other.to_json().to_string())],
    }
}

/// A number as the reports print it.
pub fn number_text(value: f64) -> String {
    format_number(value)
}

/// A signed delta: `+2`, `-1.5`.
pub fn signed(delta: f64) -> String {
    let text = format_number(delta);
    if delta > 0.0 && text != "0" {
        format!("+{text}")
    } else {
        text
    }
}

fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::List(items)) => items.clone(),
        _ => Vec::new(),
    }
}

/// Items of `a` not in `b`, counting repeats, in `a`'s order.
fn minus(a: &[String], b: &[String]) -> Vec<String> {
    let mut pool: Vec<Option<&String>> = b.iter().map(Some).collect();
    let mut out = Vec::new();
    for item in a {
        match pool.iter_mut().find(|p| **p == Some(item)) {
            Some(slot) => *slot = None,
            None => out.push(item.clone()),
        }
    }
    out
}

fn text_len(value: Option<&Value>) -> usize {
    value
        .and_then(Value::as_str)
        .map_or(0, |s| s.chars().count())
}

/// A short description of an added or removed element.
fn element_detail(change: &Change, value: Option<&Value>) -> Vec<Piece> {
    let mut out = Vec::new();
    let named_apart = change.name != change.id;
    match value.and_then(Value::element) {
        Some(Snapshot::PainPoint(pain)) => {
            if let Some(sev) = pain.severity() {
                out.push(plain(format!(" ({})", sev.as_str())));
            }
            if named_apart {
                out.push(plain(": "));
                out.push(Piece::Text(change.name.clone().unwrap_or_default()));
            }
        }
        Some(Snapshot::Opportunity(opportunity)) => {
            if named_apart {
                out.push(plain(": "));
                out.push(Piece::Text(change.name.clone().unwrap_or_default()));
            }
            if let Some(owner) = opportunity.owner() {
                out.push(plain(", owner "));
                out.push(Piece::Text(owner.to_string()));
            }
        }
        Some(Snapshot::Metric(metric)) => {
            if metric.value.is_some() || metric.target.is_some() {
                out.push(plain(":"));
            }
            if let Some(v) = &metric.value {
                out.push(plain(" "));
                out.extend(value_pieces(Field::Value, Some(&Value::Metric(v.clone()))));
            }
            if let Some(t) = &metric.target {
                out.push(plain(" (target "));
                out.extend(value_pieces(Field::Target, Some(&Value::Metric(t.clone()))));
                out.push(plain(")"));
            }
        }
        _ => {}
    }
    out
}

/// The change as a line. With `own`, a change about the element its group is named after
/// leaves the element out (`~ renamed: ...` under the step's heading).
pub fn line(change: &Change, own: bool) -> Line {
    let sign = Sign::of(change.kind);
    let omit = own && is_own(change);
    let mut head = Vec::new();
    let mut body = Vec::new();
    match change.kind {
        ChangeKind::Added | ChangeKind::Removed => {
            head.extend(subject(change));
            let value = if change.kind == ChangeKind::Added {
                change.after.as_ref()
            } else {
                change.before.as_ref()
            };
            head.extend(element_detail(change, value));
        }
        ChangeKind::Renamed => {
            if !omit {
                head.extend(subject_without_name(change));
                head.push(plain(" "));
            }
            head.push(plain("renamed: "));
            head.extend(value_pieces(Field::Name, change.before.as_ref()));
            head.push(plain(" → "));
            head.extend(value_pieces(Field::Name, change.after.as_ref()));
        }
        ChangeKind::Moved => {
            if !omit {
                head.extend(subject(change));
                head.push(plain(" "));
            }
            head.extend(moved(change));
        }
        ChangeKind::Modified => {
            if !omit {
                head.extend(subject(change));
                head.push(plain(" "));
            }
            // Every modified change names its field (diff::compute makes them so).
            let Some(field) = change.field else {
                return Line { sign, head, body };
            };
            head.push(plain(field.as_str()));
            if field == Field::Emotion {
                if let Some(p) = &change.persona {
                    head.push(plain(" of "));
                    head.push(Piece::Id(p.clone()));
                }
            }
            head.push(plain(":"));
            let (before, after) = (change.before.as_ref(), change.after.as_ref());
            if field.is_text_list() {
                let (b, a) = (strings(before), strings(after));
                let (gone, new) = (minus(&b, &a), minus(&a, &b));
                for item in gone {
                    body.push((Sign::Removed, vec![Piece::Text(item)]));
                }
                for item in new {
                    body.push((Sign::Added, vec![Piece::Text(item)]));
                }
                if body.is_empty() {
                    head.push(plain(" reordered"));
                }
            } else if text_len(before) > LONG || text_len(after) > LONG {
                body.push((Sign::Removed, value_pieces(field, before)));
                body.push((Sign::Added, value_pieces(field, after)));
            } else {
                head.push(plain(" "));
                head.extend(value_pieces(field, before));
                head.push(plain(" → "));
                head.extend(value_pieces(field, after));
                if let Some(d) = change.delta {
                    head.push(plain(format!(" ({})", signed(d))));
                }
            }
        }
    }
    Line { sign, head, body }
}

/// The subject of a renamed element: its id, without the (changed) name.
fn subject_without_name(change: &Change) -> Vec<Piece> {
    vec![
        plain(format!("{} ", change.element.word())),
        Piece::Id(change.id.clone().unwrap_or_default()),
    ]
}

fn moved(change: &Change) -> Vec<Piece> {
    let (before, after) = (
        change.before.as_ref().and_then(Value::place),
        change.after.as_ref().and_then(Value::place),
    );
    let pos = |p: Option<&Place>| match p {
        Some(Place::Stage { position } | Place::Step { position, .. }) => position.to_string(),
        _ => String::new(),
    };
    let id = |p: Option<&Place>, key: &str| match (p, key) {
        (Some(Place::Step { stage, .. }), "stage") => stage.clone(),
        (Some(Place::PainPoint { stage, .. }), "stage") => stage.clone().unwrap_or_default(),
        (Some(Place::PainPoint { step, .. }), "step") => step.clone().unwrap_or_default(),
        _ => String::new(),
    };
    match change.element {
        Element::Step => {
            let (from, to) = (id(before, "stage"), id(after, "stage"));
            if from == to {
                vec![plain(format!(
                    "moved within the stage from position {} to {}",
                    pos(before),
                    pos(after)
                ))]
            } else {
                vec![
                    plain("moved from stage "),
                    Piece::Id(from),
                    plain(format!(" (position {}) to stage ", pos(before))),
                    Piece::Id(to),
                    plain(format!(" (position {})", pos(after))),
                ]
            }
        }
        Element::PainPoint => vec![
            plain("moved from step "),
            Piece::Id(id(before, "step")),
            plain(" to step "),
            Piece::Id(id(after, "step")),
        ],
        _ => vec![plain(format!(
            "moved from position {} to {}",
            pos(before),
            pos(after)
        ))],
    }
}
