//! A map as Markdown for wikis: the map's details, its personas, and a table per stage with a
//! column for each kind of content the stage's steps have.

use std::collections::BTreeMap;

use crate::interchange::Exported;
use crate::model::{
    Emotion, JourneyMap, Kind, Metric, Opportunity, PainPoint, Stage, State, Step, Ticket,
    Touchpoint,
};
use crate::validate::Project;

/// Escapes map text for a GitHub-flavoured Markdown table cell or paragraph: each line as
/// the pull-request diff escapes inline text ([`crate::markdown::escape_inline`]: the
/// characters that format, HTML, `@` mentions), whole (an export keeps all the text), the
/// lines joined with `<br>`, which keeps a table row on one line.
pub fn escape(text: &str) -> String {
    text.split("\r\n")
        .flat_map(|line| line.split(['\n', '\r']))
        .map(crate::markdown::escape_inline)
        .collect::<Vec<_>>()
        .join("<br>")
}

/// Escapes text that starts a paragraph, where `-`, `+`, `=` or `1.` would start a list or
/// an underline.
fn escape_paragraph(text: &str) -> String {
    let escaped = escape(text.trim());
    let digits = escaped.len()
        - escaped
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    if escaped.starts_with(['-', '+', '=']) {
        format!("\\{escaped}")
    } else if digits > 0 && escaped[digits..].starts_with(['.', ')']) {
        format!("{}\\{}", &escaped[..digits], &escaped[digits..])
    } else {
        escaped
    }
}

fn emotion_word(score: i8) -> &'static str {
    match score {
        -2 => "very negative",
        -1 => "negative",
        0 => "neutral",
        1 => "positive",
        _ => "very positive",
    }
}

fn signed(score: i8) -> String {
    if score > 0 {
        format!("+{score}")
    } else {
        score.to_string()
    }
}

/// What a table cell needs beyond the step: persona names by id, and the project's ticket
/// links.
struct Cells<'a> {
    names: BTreeMap<&'a str, &'a str>,
    project: &'a Project,
}

/// The columns a stage's table can have, in order, with a function giving a step's cell as
/// Markdown items (map text escaped).
type CellFn = fn(&Step, &Cells<'_>) -> Vec<String>;

/// Map text items as Markdown.
fn md(items: impl IntoIterator<Item = String>) -> Vec<String> {
    items.into_iter().map(|i| escape(&i)).collect()
}

fn columns() -> Vec<(&'static str, CellFn)> {
    vec![
        ("Time", |s, _| md(s.time.iter().map(|t| t.0.clone()))),
        ("Personas", |s, c| {
            md(s.personas.iter().map(|p| {
                c.names
                    .get(p.as_str())
                    .copied()
                    .unwrap_or(p.as_str())
                    .to_string()
            }))
        }),
        ("Touchpoints", |s, _| {
            md(s.touchpoints.iter().map(touchpoint))
        }),
        ("Thoughts", |s, _| {
            md(s.thoughts.iter().map(|t| format!("“{t}”")))
        }),
        ("Emotion", |s, c| md(emotion(s.emotion.as_ref(), &c.names))),
        ("Feeling", |s, _| md(s.feeling.iter().cloned())),
        ("Pain points", |s, c| {
            s.pain_points
                .iter()
                .map(|p| {
                    format!(
                        "{}{}",
                        escape(&pain_point(p)),
                        tickets(p.tickets(), c.project)
                    )
                })
                .collect()
        }),
        ("Opportunities", |s, c| {
            s.opportunities
                .iter()
                .map(|o| {
                    format!(
                        "{}{}",
                        escape(&opportunity(o)),
                        tickets(o.tickets(), c.project)
                    )
                })
                .collect()
        }),
        ("Frontstage", |s, _| md(s.frontstage.clone())),
        ("Backstage", |s, _| md(s.backstage.clone())),
        ("Support", |s, _| md(s.support.clone())),
        ("Owners", |s, _| md(s.owners.clone())),
        ("Evidence", |s, _| md(s.evidence.iter().map(|e| e.line()))),
        ("Resources", |s, _| {
            let mut out = Vec::new();
            if let Some(r) = &s.resources {
                if !r.existing.is_empty() {
                    out.push(format!("Existing: {}", r.existing.join("; ")));
                }
                if !r.required.is_empty() {
                    out.push(format!("Required: {}", r.required.join("; ")));
                }
            }
            md(out)
        }),
        ("Metrics", |s, _| md(s.metrics.iter().map(metric))),
    ]
}

/// A pain point's or opportunity's tickets, as links when the project has a pattern
/// (` — tickets: [CX-1](https://…)`), else as their ids.
fn tickets(tickets: &[Ticket], project: &Project) -> String {
    if tickets.is_empty() {
        return String::new();
    }
    let shown: Vec<String> = tickets
        .iter()
        .map(|t| match project.ticket_link(t.as_str()) {
            Some(url) => format!("[{}]({})", escape(t.as_str()), link_target(&url)),
            None => escape(t.as_str()),
        })
        .collect();
    format!(" — tickets: {}", shown.join(", "))
}

/// A URL as a Markdown link target: the characters that would end the target, or the table
/// cell, percent-encoded.
fn link_target(url: &str) -> String {
    url.chars()
        .map(|c| match c {
            '(' => "%28".to_string(),
            ')' => "%29".to_string(),
            ' ' => "%20".to_string(),
            '<' => "%3C".to_string(),
            '>' => "%3E".to_string(),
            '|' => "%7C".to_string(),
            c if c.is_control() => format!("%{:02X}", c as u32),
            c => c.to_string(),
        })
        .collect()
}

fn touchpoint(t: &Touchpoint) -> String {
    match t.name() {
        Some(name) => format!("{}: {name}", t.channel()),
        None => t.channel().to_string(),
    }
}

fn emotion(e: Option<&Emotion>, names: &BTreeMap<&str, &str>) -> Vec<String> {
    match e {
        None => Vec::new(),
        Some(Emotion::Score(s)) => vec![format!("{} {}", signed(s.get()), emotion_word(s.get()))],
        Some(Emotion::PerPersona(map)) => map
            .iter()
            .map(|(id, s)| {
                let who = names.get(id.as_str()).copied().unwrap_or(id.as_str());
                format!("{who}: {} {}", signed(s.get()), emotion_word(s.get()))
            })
            .collect(),
    }
}

fn pain_point(p: &PainPoint) -> String {
    match p.severity() {
        Some(s) => format!("{} ({})", p.text(), s.as_str()),
        None => p.text().to_string(),
    }
}

fn opportunity(o: &Opportunity) -> String {
    let mut extra = Vec::new();
    if !o.addresses().is_empty() {
        let ids: Vec<&str> = o.addresses().iter().map(|i| i.as_str()).collect();
        extra.push(format!("addresses {}", ids.join(", ")));
    }
    if let Some(owner) = o.owner() {
        extra.push(format!("owner: {owner}"));
    }
    if extra.is_empty() {
        o.text().to_string()
    } else {
        format!("{} ({})", o.text(), extra.join("; "))
    }
}

fn metric(m: &Metric) -> String {
    let mut text = m.name.clone();
    if let Some(v) = &m.value {
        text.push_str(&format!(": {v}"));
    }
    if let Some(t) = &m.target {
        text.push_str(&format!(" (target {t})"));
    }
    if let Some(s) = &m.source {
        text.push_str(&format!(", source: {s}"));
    }
    if let Some(b) = m.better {
        text.push_str(&format!(", {} is better", b.as_str()));
    }
    text
}

fn cell(items: &[String]) -> String {
    items.join("<br>")
}

fn stage_section(out: &mut String, number: usize, stage: &Stage, cells: &Cells<'_>) {
    out.push_str(&format!("## {number}. {}\n\n", escape(&stage.name)));
    if let Some(d) = &stage.description {
        out.push_str(&escape_paragraph(d));
        out.push_str("\n\n");
    }
    let mut facts = Vec::new();
    if let Some(goal) = &stage.goal {
        facts.push(format!("**Goal:** {}", escape(goal)));
    }
    if let Some(time) = &stage.time {
        facts.push(format!("**Time:** {}", escape(&time.0)));
    }
    if !stage.metrics.is_empty() {
        let metrics: Vec<String> = stage.metrics.iter().map(|m| escape(&metric(m))).collect();
        facts.push(format!("**Metrics:** {}", metrics.join("; ")));
    }
    if !facts.is_empty() {
        out.push_str(&facts.join("  \n"));
        out.push_str("\n\n");
    }
    let used: Vec<(&str, CellFn)> = columns()
        .into_iter()
        .filter(|(_, f)| stage.steps.iter().any(|s| !f(s, cells).is_empty()))
        .collect();
    out.push_str("| Step |");
    for (title, _) in &used {
        out.push_str(&format!(" {title} |"));
    }
    out.push_str("\n|---|");
    for _ in &used {
        out.push_str("---|");
    }
    out.push('\n');
    for step in &stage.steps {
        let mut first = format!("**{}**", escape(&step.name));
        if let Some(d) = &step.description {
            first.push_str("<br>");
            first.push_str(&escape(d));
        }
        out.push_str(&format!("| {first} |"));
        for (_, f) in &used {
            let text = cell(&f(step, cells));
            if text.is_empty() {
                out.push_str(" |");
            } else {
                out.push_str(&format!(" {text} |"));
            }
        }
        out.push('\n');
    }
    out.push('\n');
}

/// A persona's quote, goals, frustrations, needs and empathy map, as a nested list under its
/// name (only what the persona has).
fn persona_details(out: &mut String, p: &crate::model::Persona) {
    if let Some(quote) = &p.quote {
        out.push_str(&format!("  - Quote: \u{201C}{}\u{201D}\n", escape(quote)));
    }
    let empty = crate::model::Empathy::default();
    let empathy = p.empathy.as_ref().unwrap_or(&empty);
    let lists: [(&str, &[String]); 7] = [
        ("Goals", &p.goals),
        ("Frustrations", &p.frustrations),
        ("Needs", &p.needs),
        ("Says", &empathy.says),
        ("Thinks", &empathy.thinks),
        ("Does", &empathy.does),
        ("Feels", &empathy.feels),
    ];
    for (label, items) in lists {
        if !items.is_empty() {
            let items: Vec<String> = items.iter().map(|i| escape(i)).collect();
            out.push_str(&format!("  - {label}: {}\n", items.join("; ")));
        }
    }
}

/// Writes the map as Markdown. Markdown holds everything a reader needs; ids are left out.
/// Tickets become links when `project` has a pattern for them.
pub fn export(map: &JourneyMap, project: &Project) -> Exported {
    let names: BTreeMap<&str, &str> = map
        .personas
        .iter()
        .map(|p| (p.id.as_str(), p.name.as_str()))
        .collect();
    let mut out = format!("# {}\n\n", escape(&map.title));
    let mut facts = Vec::new();
    if map.state == State::Future {
        facts.push("future state".to_string());
    }
    match map.kind {
        Kind::Journey => {}
        Kind::ServiceBlueprint => facts.push("service blueprint".into()),
        Kind::DayInTheLife => facts.push("day in the life".into()),
    }
    if let Some(owner) = &map.owner {
        facts.push(format!("owner: {}", escape(owner)));
    }
    if let Some(review) = &map.review {
        facts.push(format!("last reviewed {}", escape(&review.last.0)));
    }
    if !facts.is_empty() {
        out.push_str(&format!("*{}*\n\n", facts.join(" · ")));
    }
    if let Some(d) = &map.description {
        out.push_str(&escape_paragraph(d));
        out.push_str("\n\n");
    }
    if !map.personas.is_empty() {
        out.push_str("## Personas\n\n");
        for p in &map.personas {
            out.push_str(&format!("- **{}**", escape(&p.name)));
            if let Some(d) = &p.description {
                out.push_str(&format!(": {}", escape(d)));
            }
            out.push('\n');
            persona_details(&mut out, p);
        }
        out.push('\n');
    }
    let cells = Cells { names, project };
    for (i, stage) in map.stages.iter().enumerate() {
        stage_section(&mut out, i + 1, stage, &cells);
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    Exported {
        text: out,
        left_out: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_table_breakers() {
        assert_eq!(escape("a|b\nc"), "a\\|b<br>c");
        assert_eq!(escape("a\r\nb\rc"), "a<br>b<br>c");
        assert_eq!(escape("<b> & *x*"), "&lt;b&gt; &amp; \\*x\\*");
        assert_eq!(escape("C:\\x"), "C:\\\\x");
        assert_eq!(escape("@octocat"), "&#64;octocat");
        // Shown as `bell\u{0007}` once rendered.
        assert_eq!(escape("bell\u{7}"), r"bell\\u\{0007\}");
        assert_eq!(escape_paragraph("- not a list"), "\\- not a list");
        assert_eq!(escape_paragraph("1. not a list"), "1\\. not a list");
    }

    #[test]
    fn a_ticket_link_cannot_end_its_target_or_the_cell() {
        assert_eq!(
            link_target("https://t.example/a b)(c|d<e>\n"),
            "https://t.example/a%20b%29%28c%7Cd%3Ce%3E%0A"
        );
    }
}
