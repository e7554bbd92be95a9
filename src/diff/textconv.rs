//! A map as normalized text, one fact per line, for git's diff driver:
//!
//! ```text
//! stage decision / step checkout: emotion -2
//! ```
//!
//! Facts come in the model's order (never the YAML's key order), each line names where it is,
//! and text is kept on one line (`\n` for line breaks), so that `git diff` of two versions
//! shows exactly the facts that changed, each with its stage and step.

use std::fmt::Write as _;

use super::describe::one_line;
use crate::diagnostics::Diagnostic;
use crate::load::{self, Limits};
use crate::model::{
    Emotion, JourneyMap, Metric, MetricValue, Opportunity, PainPoint, Persona, Touchpoint,
};
use crate::source::SourceFile;

fn metric_value(v: &MetricValue) -> String {
    match v {
        MetricValue::Number(n) => crate::format_number(*n),
        MetricValue::Text(t) => one_line(t),
    }
}

fn enum_text<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

struct Out {
    text: String,
}

impl Out {
    fn fact(&mut self, place: &str, fact: impl AsRef<str>) {
        let _ = writeln!(self.text, "{place}: {}", fact.as_ref());
    }

    fn text(&mut self, place: &str, key: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.fact(place, format!("{key} {}", one_line(v)));
        }
    }

    fn list(&mut self, place: &str, key: &str, items: &[String]) {
        for item in items {
            self.fact(place, format!("{key} {}", one_line(item)));
        }
    }

    fn metrics(&mut self, place: &str, metrics: &[Metric]) {
        for m in metrics {
            let mut parts = Vec::new();
            if let Some(v) = &m.value {
                parts.push(format!("value {}", metric_value(v)));
            }
            if let Some(t) = &m.target {
                parts.push(format!("target {}", metric_value(t)));
            }
            if let Some(s) = &m.source {
                parts.push(format!("source {}", one_line(s)));
            }
            let rest = if parts.is_empty() {
                String::new()
            } else {
                format!(": {}", parts.join(", "))
            };
            self.fact(place, format!("metric {}{rest}", one_line(&m.name)));
        }
    }

    fn persona(&mut self, p: &Persona) {
        let place = format!("persona {}", p.id);
        self.fact(&place, format!("name {}", one_line(&p.name)));
        self.text(&place, "description", p.description.as_deref());
        self.text(&place, "quote", p.quote.as_deref());
        self.list(&place, "goal", &p.goals);
        self.list(&place, "frustration", &p.frustrations);
        self.list(&place, "need", &p.needs);
        if let Some(e) = &p.empathy {
            self.list(&place, "empathy says", &e.says);
            self.list(&place, "empathy thinks", &e.thinks);
            self.list(&place, "empathy does", &e.does);
            self.list(&place, "empathy feels", &e.feels);
        }
    }
}

/// The normalized text of a map.
pub fn render(map: &JourneyMap) -> String {
    let mut out = Out {
        text: String::new(),
    };
    let m = "map";
    out.fact(m, format!("id {}", map.id));
    out.fact(m, format!("title {}", one_line(&map.title)));
    out.text(m, "description", map.description.as_deref());
    out.fact(m, format!("state {}", enum_text(&map.state)));
    out.fact(m, format!("kind {}", enum_text(&map.kind)));
    out.text(m, "baseline", map.baseline.as_deref());
    out.text(m, "owner", map.owner.as_deref());
    out.list(m, "stakeholder", &map.stakeholders);
    out.list(m, "tag", &map.tags);
    if let Some(language) = &map.language {
        out.list(m, "language", std::slice::from_ref(language));
    }
    if let Some(r) = &map.review {
        out.fact(m, format!("review last {}", r.last));
        if let Some(every) = r.every {
            out.fact(m, format!("review every {}", enum_text(&every)));
        }
    }
    for p in &map.personas {
        out.text.push('\n');
        out.persona(p);
    }
    for c in &map.channels {
        out.text.push('\n');
        let place = format!("channel {}", c.id);
        out.fact(&place, format!("name {}", one_line(&c.name)));
        out.text(&place, "description", c.description.as_deref());
        if let Some(color) = &c.color {
            out.fact(&place, format!("color {color}"));
        }
    }
    for stage in &map.stages {
        out.text.push('\n');
        let place = format!("stage {}", stage.id);
        out.fact(&place, format!("name {}", one_line(&stage.name)));
        out.text(&place, "description", stage.description.as_deref());
        out.text(&place, "goal", stage.goal.as_deref());
        if let Some(t) = &stage.time {
            out.fact(&place, format!("time {t}"));
        }
        out.metrics(&place, &stage.metrics);
        for step in &stage.steps {
            let place = format!("stage {} / step {}", stage.id, step.id);
            out.fact(&place, format!("name {}", one_line(&step.name)));
            out.text(&place, "description", step.description.as_deref());
            if let Some(t) = &step.time {
                out.fact(&place, format!("time {t}"));
            }
            if !step.personas.is_empty() {
                let ids: Vec<&str> = step.personas.iter().map(|p| p.as_str()).collect();
                out.fact(&place, format!("personas {}", ids.join(", ")));
            }
            for t in &step.touchpoints {
                let fact = match t {
                    Touchpoint::Channel(c) => format!("touchpoint {c}"),
                    Touchpoint::Detailed(d) => {
                        let mut f = format!("touchpoint {}", d.channel);
                        if let Some(n) = &d.name {
                            let _ = write!(f, ": {}", one_line(n));
                        }
                        if let Some(desc) = &d.description {
                            let _ = write!(f, " ({})", one_line(desc));
                        }
                        f
                    }
                };
                out.fact(&place, fact);
            }
            out.list(&place, "thought", &step.thoughts);
            match &step.emotion {
                None => {}
                Some(Emotion::Score(s)) => out.fact(&place, format!("emotion {}", s.get())),
                Some(Emotion::PerPersona(scores)) => {
                    for (p, s) in scores {
                        out.fact(&place, format!("emotion {p} {}", s.get()));
                    }
                }
            }
            out.text(&place, "feeling", step.feeling.as_deref());
            let evidence: Vec<String> = step.evidence.iter().map(|e| e.line()).collect();
            out.list(&place, "evidence", &evidence);
            for p in &step.pain_points {
                out.fact(&place, pain_point(p));
            }
            for o in &step.opportunities {
                out.fact(&place, opportunity(o));
            }
            out.list(&place, "frontstage", &step.frontstage);
            out.list(&place, "backstage", &step.backstage);
            out.list(&place, "support", &step.support);
            out.list(&place, "owner", &step.owners);
            if let Some(r) = &step.resources {
                out.list(&place, "resource existing", &r.existing);
                out.list(&place, "resource required", &r.required);
            }
            out.metrics(&place, &step.metrics);
        }
    }
    out.text
}

fn pain_point(p: &PainPoint) -> String {
    let mut f = "pain point".to_string();
    if let Some(id) = p.id() {
        let _ = write!(f, " {id}");
    }
    if let Some(sev) = p.severity() {
        let _ = write!(f, " ({})", enum_text(&sev));
    }
    let _ = write!(f, ": {}", one_line(p.text()));
    f
}

fn opportunity(o: &Opportunity) -> String {
    let mut f = "opportunity".to_string();
    if let Some(id) = o.id() {
        let _ = write!(f, " {id}");
    }
    let _ = write!(f, ": {}", one_line(o.text()));
    let mut extra = Vec::new();
    if !o.addresses().is_empty() {
        let ids: Vec<&str> = o.addresses().iter().map(|a| a.as_str()).collect();
        extra.push(format!("addresses {}", ids.join(", ")));
    }
    if let Some(owner) = o.owner() {
        extra.push(format!("owner {}", one_line(owner)));
    }
    if !extra.is_empty() {
        let _ = write!(f, " ({})", extra.join("; "));
    }
    f
}

/// Reads a map for textconv: YAML, schema and model, without the semantic rules (git hands
/// textconv a temporary copy, so paths such as `baseline` mean nothing there). `Err` carries
/// the first problem, for the one-line note printed above the raw text.
pub fn read(name: &str, bytes: Vec<u8>) -> Result<JourneyMap, String> {
    let limits = Limits::default();
    let first = |d: &Diagnostic| {
        let at = d.start();
        format!("line {}, column {}: {}", at.line, at.column, d.message)
    };
    let file: std::sync::Arc<SourceFile> =
        load::decode(name, None, bytes, &limits).map_err(|d| first(&d))?;
    let document = load::parse(&file, &limits)
        .map_err(|ds| ds.first().map_or_else(|| "unreadable".to_string(), first))?;
    let errors = crate::validate::schema::validate(&document);
    if let Some(e) = errors.first() {
        let more = errors.len() - 1;
        let suffix = if more > 0 {
            format!(" (and {more} more)")
        } else {
            String::new()
        };
        return Err(format!("{}{suffix}", first(e)));
    }
    document
        .deserialize::<JourneyMap>()
        .map_err(|e| e.to_string())
}

/// What textconv prints for `bytes`: the normalized text, or, for a file that is not a valid
/// map, a one-line note and the raw bytes (git calls textconv on every revision, including
/// broken ones, so it must never fail).
pub fn convert(name: &str, bytes: Vec<u8>) -> Vec<u8> {
    match read(name, bytes.clone()) {
        Ok(map) => render(&map).into_bytes(),
        Err(problem) => {
            let mut out = format!(
                "# journeymap textconv: not a valid journey map ({}); showing the raw text\n",
                one_line(&problem)
            )
            .into_bytes();
            // The raw text lands in a terminal through `git diff`: show control characters
            // and undecodable bytes visibly, never raw.
            let text = String::from_utf8_lossy(&bytes);
            out.extend_from_slice(crate::visible::visible(&text).as_bytes());
            out
        }
    }
}
