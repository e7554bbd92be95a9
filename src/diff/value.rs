//! What a change records: the value a field held before or after, or the whole element that
//! came or went. Typed, so that reports match on what a value is rather than on JSON shapes;
//! only the JSON report (through [`Serialize`]) turns it into JSON, in the shape docs/diff.md
//! documents.

use serde::{Serialize, Serializer};

use crate::model::{
    Channel, Metric, MetricValue, Opportunity, PainPoint, Persona, Severity, Stage, Step,
    Touchpoint,
};

/// One side of a change.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Map text: a name, a description, a quote.
    Text(String),
    /// A word from the format's vocabulary or a formatted value: a state, a kind, a date, a
    /// time, a colour, a cadence, an id. Reports show it as it is, not as quoted text.
    Code(String),
    /// A list of texts or ids.
    List(Vec<String>),
    /// An emotion score, -2 to 2.
    Score(i8),
    Severity(Severity),
    /// A metric's value or target.
    Metric(MetricValue),
    /// Where a moved element was or is.
    Place(Place),
    /// A whole element, for an added or removed one.
    Element(Box<Snapshot>),
}

/// Where a moved element sits.
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    /// A stage, by its position in the map (from 1).
    Stage { position: usize },
    /// A step, by its stage and its position in the stage (from 1).
    Step { stage: String, position: usize },
    /// A pain point, by the step it is on.
    PainPoint {
        stage: Option<String>,
        step: Option<String>,
    },
}

/// An element that was added or removed, as the map had it.
#[derive(Debug, Clone, PartialEq)]
pub enum Snapshot {
    Persona(Persona),
    Channel(Channel),
    /// A stage without its steps (they are changes of their own).
    Stage(Stage),
    Step(Step),
    Touchpoint(Touchpoint),
    PainPoint(PainPoint),
    Opportunity(Opportunity),
    Metric(Metric),
}

impl Value {
    /// The text of a text or a code (`None` for the others).
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Text(t) | Value::Code(t) => Some(t),
            _ => None,
        }
    }

    pub fn severity(&self) -> Option<Severity> {
        match self {
            Value::Severity(s) => Some(*s),
            Value::Element(e) => match e.as_ref() {
                Snapshot::PainPoint(p) => p.severity(),
                _ => None,
            },
            _ => None,
        }
    }

    /// The element, for an added or removed one.
    pub fn element(&self) -> Option<&Snapshot> {
        match self {
            Value::Element(e) => Some(e),
            _ => None,
        }
    }

    pub fn place(&self) -> Option<&Place> {
        match self {
            Value::Place(p) => Some(p),
            _ => None,
        }
    }

    /// A value that can only be written as JSON: anything serde can serialise.
    fn json<T: Serialize>(value: &T) -> serde_json::Value {
        serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
    }

    /// The value as JSON, in the shape docs/diff.md documents.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::json;
        match self {
            Value::Text(t) | Value::Code(t) => json!(t),
            Value::List(items) => json!(items),
            Value::Score(s) => json!(s),
            Value::Severity(s) => json!(s.as_str()),
            Value::Metric(MetricValue::Number(n)) => super::number(*n),
            Value::Metric(MetricValue::Text(t)) => json!(t),
            Value::Place(Place::Stage { position }) => json!({ "position": position }),
            Value::Place(Place::Step { stage, position }) => {
                json!({ "stage": stage, "position": position })
            }
            Value::Place(Place::PainPoint { stage, step }) => {
                json!({ "stage": stage, "step": step })
            }
            Value::Element(e) => match e.as_ref() {
                Snapshot::Persona(p) => Value::json(p),
                Snapshot::Channel(c) => Value::json(c),
                Snapshot::Stage(s) => {
                    let mut value = Value::json(s);
                    if let serde_json::Value::Object(obj) = &mut value {
                        obj.remove("steps");
                    }
                    value
                }
                Snapshot::Step(s) => Value::json(s),
                Snapshot::Touchpoint(t) => Value::json(t),
                // Always in its long form, so that consumers need not handle both.
                Snapshot::PainPoint(p) => json!({
                    "id": p.id().map(|id| id.as_str()),
                    "text": p.text(),
                    "severity": p.severity(),
                }),
                Snapshot::Opportunity(o) => Value::json(o),
                Snapshot::Metric(m) => Value::json(m),
            },
        }
    }
}

/// The same JSON as [`Value::to_json`], written straight out where the model's own shape is
/// the report's (no intermediate JSON tree for the common values).
impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Text(t) | Value::Code(t) => s.serialize_str(t),
            Value::List(items) => items.serialize(s),
            Value::Score(n) => s.serialize_i8(*n),
            Value::Severity(v) => s.serialize_str(v.as_str()),
            Value::Metric(MetricValue::Text(t)) => s.serialize_str(t),
            Value::Element(e) => match e.as_ref() {
                Snapshot::Persona(p) => p.serialize(s),
                Snapshot::Channel(c) => c.serialize(s),
                Snapshot::Step(step) => step.serialize(s),
                Snapshot::Touchpoint(t) => t.serialize(s),
                Snapshot::Opportunity(o) => o.serialize(s),
                Snapshot::Metric(m) => m.serialize(s),
                Snapshot::Stage(_) | Snapshot::PainPoint(_) => self.to_json().serialize(s),
            },
            Value::Metric(MetricValue::Number(_)) | Value::Place(_) => self.to_json().serialize(s),
        }
    }
}
