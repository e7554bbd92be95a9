//! Spreadsheets: one row per step, every step-level field in its own column, both ways and
//! lossless.
//!
//! Cells that hold lists put one item per line (spreadsheets keep line breaks inside a cell).
//! Structured items read `text | key: value | key: value` (a pain point
//! `Fee shown late | id: hidden-fee | severity: high`), a touchpoint reads `channel` or
//! `channel: name`, and per-persona emotions read `busy-parent: -1, student: 1`. Whenever a
//! cell cannot be written that way and read back the same (an item holds a line break or
//! ` | `, or would read back as something else), the exporter writes the whole cell as JSON in
//! the format's own shape, which the importer also reads. Text cells are written as they are,
//! except the empty text and text wrapped in double quotes, which are written as a JSON string.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::codes::CSV_FORMAT;
use super::{
    Exported, Imported, Origin, Slugs, char_name, humanize, new_map, new_stage, new_step,
    refused_control, stem_of,
};
use crate::diagnostics::Diagnostic;
use crate::model::scalars::{is_slug, slugify};
use crate::model::{
    Basis, Channel, DetailedEvidence, DetailedOpportunity, DetailedPainPoint, DetailedTouchpoint,
    Emotion, Evidence, Id, IsoDate, JourneyMap, Metric, MetricValue, Opportunity, PainPoint,
    Resources, Score, Severity, Stage, Step, Ticket, TimeOfDay, Touchpoint, is_builtin_channel,
};
use crate::source::SourceFile;

/// A column of the sheet. The one list of them: the header `export csv` writes, the cells of
/// each row, and what `import csv` reads all follow [`Column::ALL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    StageId,
    StageName,
    StepId,
    StepName,
    Description,
    Time,
    Detail,
    Personas,
    Touchpoints,
    Thoughts,
    Emotion,
    Feeling,
    Evidence,
    PainPoints,
    Opportunities,
    Frontstage,
    Backstage,
    Support,
    Owners,
    ResourcesExisting,
    ResourcesRequired,
    Metrics,
}

impl Column {
    /// Every column, in the order `export csv` writes them (the order of the format).
    pub const ALL: [Column; 22] = [
        Column::StageId,
        Column::StageName,
        Column::StepId,
        Column::StepName,
        Column::Description,
        Column::Time,
        Column::Detail,
        Column::Personas,
        Column::Touchpoints,
        Column::Thoughts,
        Column::Emotion,
        Column::Feeling,
        Column::Evidence,
        Column::PainPoints,
        Column::Opportunities,
        Column::Frontstage,
        Column::Backstage,
        Column::Support,
        Column::Owners,
        Column::ResourcesExisting,
        Column::ResourcesRequired,
        Column::Metrics,
    ];

    /// The field of a step a step-level column fills, as a JSON pointer below the step;
    /// `None` for the stage columns.
    pub fn step_field(self) -> Option<&'static str> {
        match self {
            Column::StageId | Column::StageName => None,
            Column::StepId => Some("id"),
            Column::StepName => Some("name"),
            Column::ResourcesExisting => Some("resources/existing"),
            Column::ResourcesRequired => Some("resources/required"),
            other => Some(other.name()),
        }
    }

    /// The column's name in the header row.
    pub const fn name(self) -> &'static str {
        match self {
            Column::StageId => "stage_id",
            Column::StageName => "stage_name",
            Column::StepId => "step_id",
            Column::StepName => "step_name",
            Column::Description => "description",
            Column::Time => "time",
            Column::Detail => "detail",
            Column::Personas => "personas",
            Column::Touchpoints => "touchpoints",
            Column::Thoughts => "thoughts",
            Column::Emotion => "emotion",
            Column::Feeling => "feeling",
            Column::Evidence => "evidence",
            Column::PainPoints => "pain_points",
            Column::Opportunities => "opportunities",
            Column::Frontstage => "frontstage",
            Column::Backstage => "backstage",
            Column::Support => "support",
            Column::Owners => "owners",
            Column::ResourcesExisting => "resources_existing",
            Column::ResourcesRequired => "resources_required",
            Column::Metrics => "metrics",
        }
    }
}

/// The header row: every column's name, in order.
pub const COLUMNS: [&str; 22] = {
    let mut names = [""; 22];
    let mut i = 0;
    while i < Column::ALL.len() {
        names[i] = Column::ALL[i].name();
        i += 1;
    }
    names
};

// ---------------------------------------------------------------------------------------------
// Cell encodings, shared by both directions.

/// A text cell: as written, unless it is empty or wrapped in double quotes (then JSON).
/// What makes a spreadsheet read a cell as a formula (OWASP's list for CSV injection).
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether `cell` starts the way [`guard_formula`] writes a guarded cell: an apostrophe, then a
/// formula character or another apostrophe. Text already of that shape is guarded too, so
/// that [`unguard_formula`] always takes off exactly what was put on.
fn starts_like_guard(cell: &str) -> bool {
    let mut chars = cell.chars();
    chars.next() == Some('\'')
        && chars
            .next()
            .is_some_and(|c| FORMULA_START.contains(&c) || c == '\'')
}

/// Puts an apostrophe in front of a cell that a spreadsheet would run as a formula
/// (`=HYPERLINK(...)` in a pain point), so that map text from a pull request cannot act when
/// someone opens the sheet. [`unguard_formula`] takes it off again on import.
pub(crate) fn guard_formula(cell: String) -> String {
    if cell.starts_with(FORMULA_START) || starts_like_guard(&cell) {
        format!("'{cell}")
    } else {
        cell
    }
}

fn unguard_formula(cell: &str) -> &str {
    if starts_like_guard(cell) {
        &cell[1..]
    } else {
        cell
    }
}

fn encode_text(text: &str) -> String {
    if text.is_empty() || (text.len() >= 2 && text.starts_with('"') && text.ends_with('"')) {
        serde_json::to_string(text).unwrap_or_default()
    } else {
        text.to_string()
    }
}

/// A text cell's text. A line break inside a cell is a line feed in map text: spreadsheets
/// that write CRLF inside cells would otherwise put CRs, which maps may not hold, into it.
fn decode_text(cell: &str) -> String {
    if cell.len() >= 2 && cell.starts_with('"') && cell.ends_with('"') {
        if let Ok(text) = serde_json::from_str::<String>(cell) {
            return text;
        }
    }
    cell.replace("\r\n", "\n")
}

/// A list cell: one item per line, or JSON when that would not read back the same.
fn encode_list<T: Serialize + DeserializeOwned + PartialEq>(
    items: &[T],
    line: impl Fn(&T) -> Option<String>,
    parse: impl Fn(&str) -> Result<T, String>,
) -> String {
    if items.is_empty() {
        return String::new();
    }
    let lines: Option<Vec<String>> = items.iter().map(&line).collect();
    if let Some(lines) = lines
        && lines.iter().all(|l| !l.contains(['\n', '\r']))
    {
        let cell = lines.join("\n");
        if decode_list(&cell, &parse).ok().as_deref() == Some(items) {
            return cell;
        }
    }
    serde_json::to_string(items).unwrap_or_default()
}

/// Reads a list cell: JSON when it is wrapped in `[` `]`, else one item per non-empty line.
fn decode_list<T: DeserializeOwned>(
    cell: &str,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<Vec<T>, String> {
    let trimmed = cell.trim();
    if trimmed.is_empty() {
        return Ok(Vec::new());
    }
    if trimmed.starts_with('[') && trimmed.ends_with(']') {
        return serde_json::from_str(trimmed).map_err(|e| {
            format!(
                "the cell starts with `[` and ends with `]`, so it must be a JSON list, but it \
                 is not valid JSON ({e})"
            )
        });
    }
    trimmed
        .split('\n')
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .map(parse)
        .collect()
}

// `encode_list` passes `&T`, and T is `String` here.
#[allow(clippy::ptr_arg)]
fn plain_line(text: &String) -> Option<String> {
    Some(text.clone())
}

fn parse_plain(line: &str) -> Result<String, String> {
    Ok(line.to_string())
}

/// Splits `text | key: value | key: value`.
fn fields(line: &str) -> (&str, Vec<(&str, &str)>, Vec<&str>) {
    let mut parts = line.split(" | ");
    let head = parts.next().unwrap_or("").trim();
    let mut pairs = Vec::new();
    let mut bad = Vec::new();
    for part in parts {
        match part.split_once(':') {
            Some((k, v)) => pairs.push((k.trim(), v.trim())),
            None => bad.push(part.trim()),
        }
    }
    (head, pairs, bad)
}

fn unknown_key(key: &str, what: &str, known: &[&str]) -> String {
    format!(
        "`{key}` is not a field of a {what} (known: {})",
        known.join(", ")
    )
}

fn touchpoint_line(t: &Touchpoint) -> Option<String> {
    match t {
        Touchpoint::Channel(id) => Some(id.0.clone()),
        Touchpoint::Detailed(DetailedTouchpoint {
            channel,
            name: Some(name),
            description: None,
        }) => Some(format!("{channel}: {name}")),
        Touchpoint::Detailed(_) => None,
    }
}

fn parse_touchpoint(line: &str) -> Result<Touchpoint, String> {
    Ok(match line.split_once(':') {
        None => Touchpoint::Channel(Id(line.trim().to_string())),
        Some((channel, name)) => {
            let name = name.trim();
            Touchpoint::Detailed(DetailedTouchpoint {
                channel: Id(channel.trim().to_string()),
                name: (!name.is_empty()).then(|| name.to_string()),
                description: None,
            })
        }
    })
}

fn pain_point_line(p: &PainPoint) -> Option<String> {
    match p {
        PainPoint::Text(text) => Some(text.clone()),
        PainPoint::Detailed(d) => {
            let mut line = d.text.clone();
            if let Some(id) = &d.id {
                line.push_str(&format!(" | id: {id}"));
            }
            if let Some(s) = d.severity {
                line.push_str(&format!(" | severity: {}", s.as_str()));
            }
            push_tickets(&mut line, &d.tickets);
            Some(line)
        }
    }
}

fn parse_pain_point(line: &str) -> Result<PainPoint, String> {
    let (text, pairs, bad) = fields(line);
    if let Some(part) = bad.first() {
        return Err(format!("`{part}` is not `key: value`"));
    }
    if pairs.is_empty() {
        return Ok(PainPoint::Text(text.to_string()));
    }
    let mut d = DetailedPainPoint {
        id: None,
        text: text.to_string(),
        severity: None,
        tickets: Vec::new(),
    };
    for (key, value) in pairs {
        match key {
            "id" => d.id = Some(Id(value.to_string())),
            "severity" => {
                d.severity =
                    Some(Severity::from_name(value).ok_or_else(|| {
                        format!("`{value}` is not a severity (low, medium or high)")
                    })?)
            }
            "tickets" => d.tickets = split_tickets(value),
            other => {
                return Err(unknown_key(
                    other,
                    "pain point",
                    &["id", "severity", "tickets"],
                ));
            }
        }
    }
    Ok(PainPoint::Detailed(d))
}

fn opportunity_line(o: &Opportunity) -> Option<String> {
    match o {
        Opportunity::Text(text) => Some(text.clone()),
        Opportunity::Detailed(d) => {
            let mut line = d.text.clone();
            if let Some(id) = &d.id {
                line.push_str(&format!(" | id: {id}"));
            }
            if !d.addresses.is_empty() {
                let ids: Vec<&str> = d.addresses.iter().map(Id::as_str).collect();
                line.push_str(&format!(" | addresses: {}", ids.join(", ")));
            }
            if let Some(owner) = &d.owner {
                line.push_str(&format!(" | owner: {owner}"));
            }
            push_tickets(&mut line, &d.tickets);
            Some(line)
        }
    }
}

fn push_tickets(line: &mut String, tickets: &[Ticket]) {
    if !tickets.is_empty() {
        let ids: Vec<&str> = tickets.iter().map(Ticket::as_str).collect();
        line.push_str(&format!(" | tickets: {}", ids.join(", ")));
    }
}

fn split_tickets(value: &str) -> Vec<Ticket> {
    split_ids(value)
        .into_iter()
        .map(|id| Ticket(id.0))
        .collect()
}

/// A piece of evidence as a cell line: `text | basis: observed | date: 2026-03-02`.
fn evidence_line(e: &Evidence) -> Option<String> {
    let mut line = e.text().to_string();
    if let Some(basis) = e.basis() {
        line.push_str(&format!(" | basis: {}", basis.as_str()));
    }
    if let Some(date) = e.date() {
        line.push_str(&format!(" | date: {date}"));
    }
    Some(line)
}

fn parse_evidence(line: &str) -> Result<Evidence, String> {
    let (text, pairs, bad) = fields(line);
    if let Some(part) = bad.first() {
        return Err(format!("`{part}` is not `key: value`"));
    }
    if pairs.is_empty() {
        return Ok(Evidence::Text(text.to_string()));
    }
    let mut d = DetailedEvidence {
        text: text.to_string(),
        date: None,
        basis: None,
    };
    for (key, value) in pairs {
        match key {
            "basis" => {
                d.basis = Some(Basis::from_name(value).ok_or_else(|| {
                    format!("`{value}` is not a basis (observed, reported or assumed)")
                })?)
            }
            "date" => d.date = Some(IsoDate(value.to_string())),
            other => return Err(unknown_key(other, "evidence", &["basis", "date"])),
        }
    }
    Ok(Evidence::Detailed(d))
}

fn split_ids(value: &str) -> Vec<Id> {
    value
        .split([',', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| Id(s.to_string()))
        .collect()
}

fn parse_opportunity(line: &str) -> Result<Opportunity, String> {
    let (text, pairs, bad) = fields(line);
    if let Some(part) = bad.first() {
        return Err(format!("`{part}` is not `key: value`"));
    }
    if pairs.is_empty() {
        return Ok(Opportunity::Text(text.to_string()));
    }
    let mut d = DetailedOpportunity {
        id: None,
        text: text.to_string(),
        addresses: Vec::new(),
        owner: None,
        tickets: Vec::new(),
    };
    for (key, value) in pairs {
        match key {
            "id" => d.id = Some(Id(value.to_string())),
            "addresses" => d.addresses = split_ids(value),
            "owner" => d.owner = Some(value.to_string()),
            "tickets" => d.tickets = split_tickets(value),
            other => {
                return Err(unknown_key(
                    other,
                    "opportunity",
                    &["id", "addresses", "owner", "tickets"],
                ));
            }
        }
    }
    Ok(Opportunity::Detailed(d))
}

fn metric_value_text(v: &MetricValue) -> String {
    match v {
        MetricValue::Number(n) => {
            if n.fract() == 0.0 && n.abs() < 1e15 {
                format!("{}", *n as i64)
            } else {
                format!("{n}")
            }
        }
        MetricValue::Text(t) => t.clone(),
    }
}

/// A value reads as a number when YAML would read it as one (`4.2`, `-3`, `1e3`).
fn parse_metric_value(value: &str) -> MetricValue {
    let numeric = !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
        && value.bytes().any(|b| b.is_ascii_digit());
    match value.parse::<f64>() {
        Ok(n) if numeric && n.is_finite() => MetricValue::Number(n),
        _ => MetricValue::Text(value.to_string()),
    }
}

fn metric_line(m: &Metric) -> Option<String> {
    let mut line = m.name.clone();
    if let Some(v) = &m.value {
        line.push_str(&format!(" | value: {}", metric_value_text(v)));
    }
    if let Some(t) = &m.target {
        line.push_str(&format!(" | target: {}", metric_value_text(t)));
    }
    if let Some(s) = &m.source {
        line.push_str(&format!(" | source: {s}"));
    }
    if let Some(b) = m.better {
        line.push_str(&format!(" | better: {}", b.as_str()));
    }
    Some(line)
}

fn parse_metric(line: &str) -> Result<Metric, String> {
    let (name, pairs, bad) = fields(line);
    if let Some(part) = bad.first() {
        return Err(format!("`{part}` is not `key: value`"));
    }
    let mut m = Metric {
        name: name.to_string(),
        value: None,
        target: None,
        source: None,
        better: None,
    };
    for (key, value) in pairs {
        match key {
            "value" => m.value = Some(parse_metric_value(value)),
            "target" => m.target = Some(parse_metric_value(value)),
            "source" => m.source = Some(value.to_string()),
            "better" => {
                m.better =
                    Some(crate::model::Better::from_name(value).ok_or_else(|| {
                        format!("`better: {value}` is neither `higher` nor `lower`")
                    })?);
            }
            other => {
                return Err(unknown_key(
                    other,
                    "metric",
                    &["value", "target", "source", "better"],
                ));
            }
        }
    }
    Ok(m)
}

fn encode_emotion(emotion: Option<&Emotion>) -> String {
    match emotion {
        None => String::new(),
        Some(Emotion::Score(s)) => s.get().to_string(),
        Some(Emotion::PerPersona(map)) if map.is_empty() => "{}".to_string(),
        Some(Emotion::PerPersona(map)) => map
            .iter()
            .map(|(id, s)| format!("{id}: {}", s.get()))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// An emotion score: a whole number from -2 to 2, also as a spreadsheet may write it back
/// (`1.0`, `-2.00`, `+1`).
fn parse_score(text: &str) -> Result<Score, String> {
    let text = text.trim();
    let whole = match text.split_once('.') {
        Some((whole, zeros)) if zeros.bytes().all(|b| b == b'0') => whole,
        _ => text,
    };
    whole
        .parse::<i8>()
        .ok()
        .and_then(Score::new)
        .ok_or_else(|| format!("`{text}` is not an emotion score (a whole number from -2 to 2)"))
}

fn decode_emotion(cell: &str) -> Result<Option<Emotion>, String> {
    let trimmed = cell.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    if trimmed.starts_with('{') {
        let map: BTreeMap<String, serde_json::Value> = serde_json::from_str(trimmed)
            .map_err(|e| format!("the cell starts with `{{` but is not a JSON object ({e})"))?;
        let mut scores = BTreeMap::new();
        for (id, value) in map {
            let score = value
                .as_i64()
                .and_then(|v| i8::try_from(v).ok())
                .and_then(Score::new)
                .ok_or_else(|| {
                    format!("`{value}` is not an emotion score (a whole number from -2 to 2)")
                })?;
            scores.insert(Id(id), score);
        }
        return Ok(Some(Emotion::PerPersona(scores)));
    }
    if !trimmed.contains(':') {
        return parse_score(trimmed).map(|s| Some(Emotion::Score(s)));
    }
    let mut scores = BTreeMap::new();
    for entry in trimmed
        .split([',', '\n'])
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        let (id, score) = entry.split_once(':').ok_or_else(|| {
            format!("`{entry}` is not `persona: score` (per-persona emotions read `busy-parent: -1, student: 1`)")
        })?;
        let score = parse_score(score)?;
        if scores.insert(Id(id.trim().to_string()), score).is_some() {
            return Err(format!("the persona `{}` has two scores", id.trim()));
        }
    }
    Ok(Some(Emotion::PerPersona(scores)))
}

// ---------------------------------------------------------------------------------------------
// Export.

/// The cell of `column` in the row of `step` of `stage`.
pub(crate) fn cell(stage: &Stage, step: &Step, column: Column) -> String {
    let resource = |pick: fn(&Resources) -> &Vec<String>| match &step.resources {
        // Resources given but both lists empty: `[]` in the first cell keeps the key.
        Some(r) if r.existing.is_empty() && r.required.is_empty() => {
            if column == Column::ResourcesExisting {
                "[]".to_string()
            } else {
                String::new()
            }
        }
        Some(r) => encode_list(pick(r), plain_line, parse_plain),
        None => String::new(),
    };
    match column {
        Column::StageId => encode_text(stage.id.as_str()),
        Column::StageName => encode_text(&stage.name),
        Column::StepId => encode_text(step.id.as_str()),
        Column::StepName => encode_text(&step.name),
        Column::Description => step
            .description
            .as_deref()
            .map(encode_text)
            .unwrap_or_default(),
        Column::Time => step.time.as_ref().map(|t| t.0.clone()).unwrap_or_default(),
        Column::Detail => step.detail.as_deref().map(encode_text).unwrap_or_default(),
        Column::Personas => step
            .personas
            .iter()
            .map(Id::as_str)
            .collect::<Vec<_>>()
            .join(", "),
        Column::Touchpoints => encode_list(&step.touchpoints, touchpoint_line, parse_touchpoint),
        Column::Thoughts => encode_list(&step.thoughts, plain_line, parse_plain),
        Column::Emotion => encode_emotion(step.emotion.as_ref()),
        Column::Feeling => step.feeling.as_deref().map(encode_text).unwrap_or_default(),
        Column::Evidence => encode_list(&step.evidence, evidence_line, parse_evidence),
        Column::PainPoints => encode_list(&step.pain_points, pain_point_line, parse_pain_point),
        Column::Opportunities => {
            encode_list(&step.opportunities, opportunity_line, parse_opportunity)
        }
        Column::Frontstage => encode_list(&step.frontstage, plain_line, parse_plain),
        Column::Backstage => encode_list(&step.backstage, plain_line, parse_plain),
        Column::Support => encode_list(&step.support, plain_line, parse_plain),
        Column::Owners => encode_list(&step.owners, plain_line, parse_plain),
        Column::ResourcesExisting => resource(|r| &r.existing),
        Column::ResourcesRequired => resource(|r| &r.required),
        Column::Metrics => encode_list(&step.metrics, metric_line, parse_metric),
    }
}

/// Writes one row per step, with a header row. `bom` starts the text with a UTF-8 byte order
/// mark, which Excel needs to read UTF-8. `guard` puts an apostrophe in front of cells that a
/// spreadsheet would read as formulas (all but the emotion column, whose `-2` is a number).
pub fn export(map: &JourneyMap, bom: bool, guard: bool) -> Exported {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let mut ok = writer.write_record(COLUMNS).is_ok();
    for stage in &map.stages {
        for step in &stage.steps {
            let row = Column::ALL.map(|column| {
                let text = cell(stage, step, column);
                // The emotion column's `-2` is a number, not a formula.
                if guard && column != Column::Emotion {
                    guard_formula(text)
                } else {
                    text
                }
            });
            ok &= writer.write_record(&row).is_ok();
        }
    }
    let bytes = writer.into_inner().unwrap_or_default();
    let mut text = if bom {
        "\u{feff}".to_string()
    } else {
        String::new()
    };
    text.push_str(&String::from_utf8_lossy(&bytes));
    debug_assert!(ok, "writing CSV into memory cannot fail");
    let mut left_out = Vec::new();
    let map_level = [
        ("description", map.description.is_some()),
        ("state", !map.state.is_current()),
        ("kind", !map.kind.is_journey()),
        ("baseline", map.baseline.is_some()),
        ("parent", map.parent.is_some()),
        ("libraries", !map.libraries.is_empty()),
        ("owner", map.owner.is_some()),
        ("stakeholders", !map.stakeholders.is_empty()),
        ("tags", !map.tags.is_empty()),
        ("language", map.language.is_some()),
        ("review", map.review.is_some()),
        ("personas", !map.personas.is_empty()),
        ("channels", !map.channels.is_empty()),
    ];
    let present: Vec<&str> = map_level
        .iter()
        .filter_map(|(name, there)| there.then_some(*name))
        .collect();
    left_out.push(format!(
        "the map's id, title{}{} (import them with --base {})",
        if present.is_empty() { "" } else { ", " },
        present.join(", "),
        "MAP.journey.yaml"
    ));
    let stage_meta = map
        .stages
        .iter()
        .filter(|s| {
            s.description.is_some() || s.goal.is_some() || s.time.is_some() || !s.metrics.is_empty()
        })
        .count();
    if stage_meta > 0 {
        left_out.push(format!(
            "the description, goal, time or metrics of {stage_meta} {} (kept by --base too)",
            if stage_meta == 1 { "stage" } else { "stages" }
        ));
    }
    Exported { text, left_out }
}

// ---------------------------------------------------------------------------------------------
// Import.

/// What the command line adds to a CSV import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub id: Option<String>,
    pub title: Option<String>,
    /// A map to take the map-level data and stage details from.
    pub base: Option<JourneyMap>,
    /// The cell separator; by default guessed from the header row (`,`, `;` or tab).
    pub delimiter: Option<u8>,
}

/// The spreadsheet column name of a 0-based index: A, B, ..., Z, AA, AB...
pub fn column_letter(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// Guesses the separator from the first line: the most frequent of `,`, `;` and tab outside
/// quotes (`,` on a tie).
fn guess_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// The byte spans of the cells of the record that starts at `start`.
fn cell_spans(text: &str, start: usize, delimiter: u8) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut at = start;
    loop {
        let cell_start = at;
        if bytes.get(at) == Some(&b'"') {
            at += 1;
            while at < bytes.len() {
                if bytes[at] == b'"' {
                    if bytes.get(at + 1) == Some(&b'"') {
                        at += 2;
                        continue;
                    }
                    at += 1;
                    break;
                }
                at += 1;
            }
        }
        while at < bytes.len() && bytes[at] != delimiter && bytes[at] != b'\n' {
            at += 1;
        }
        let end = if at > cell_start
            && bytes.get(at - 1) == Some(&b'\r')
            && bytes.get(at) == Some(&b'\n')
        {
            at - 1
        } else {
            at
        };
        spans.push(cell_start..end);
        if bytes.get(at) == Some(&delimiter) {
            at += 1;
        } else {
            return spans;
        }
    }
}

/// The normal name of a header cell: lower case, blanks and hyphens as underscores.
fn normal_header(name: &str) -> String {
    name.trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect()
}

struct Sheet<'a> {
    file: &'a Arc<SourceFile>,
    imported: &'a mut Imported,
    /// Column name -> index.
    columns: HashMap<&'static str, usize>,
}

/// One data row: its cells, their spans and its spreadsheet row number.
struct Row {
    number: usize,
    cells: Vec<String>,
    spans: Vec<Range<usize>>,
    /// Where the row starts, for cells past its end.
    start: usize,
}

impl Sheet<'_> {
    /// Whether the sheet's header has `column`.
    fn has(&self, column: Column) -> bool {
        self.columns.contains_key(column.name())
    }

    fn cell<'r>(&self, row: &'r Row, column: Column) -> Option<&'r str> {
        let index = *self.columns.get(column.name())?;
        Some(row.cells.get(index).map_or("", String::as_str))
    }

    fn span(&self, row: &Row, column: Column) -> Range<usize> {
        match self.columns.get(column.name()) {
            Some(&i) => row.spans.get(i).cloned().unwrap_or(row.start..row.start),
            None => row.start..row.start,
        }
    }

    /// How messages name a cell, as a spreadsheet shows it: `row 12, column D (pain_points)`,
    /// and its label, `D12`.
    fn place(&self, row: &Row, column: Column) -> (String, String) {
        let letter = self
            .columns
            .get(column.name())
            .map(|&i| column_letter(i))
            .unwrap_or_default();
        (
            format!("row {}, column {letter} ({})", row.number, column.name()),
            format!("{letter}{}", row.number),
        )
    }

    fn error(&mut self, row: &Row, column: Column, message: impl std::fmt::Display) {
        let (place, label) = self.place(row, column);
        let span = self.span(row, column);
        self.imported.diagnostics.push(
            Diagnostic::new(
                &CSV_FORMAT,
                self.file,
                Some(span),
                format!("{place}: {message}"),
            )
            .with_label(label),
        );
    }

    /// Records that the part of the map at `pointer` came from the cell of `column` in `row`
    /// (nothing when the sheet has no such column).
    fn came_from_cell(&mut self, pointer: String, row: &Row, column: Column) {
        if !self.columns.contains_key(column.name()) {
            return;
        }
        let (place, label) = self.place(row, column);
        let span = self.span(row, column);
        self.imported.origins.push(Origin {
            pointer,
            span: Some(span),
            place,
            label: Some(label),
        });
    }

    /// Records that the part of the map at `pointer` came from `row` as a whole.
    fn came_from_row(&mut self, pointer: String, row: &Row) {
        let end = row.spans.last().map_or(row.start, |s| s.end);
        self.imported.origins.push(Origin {
            pointer,
            span: Some(row.start..end.max(row.start)),
            place: format!("row {}", row.number),
            label: Some(format!("row {}", row.number)),
        });
    }

    /// Records that the part of the map at `pointer` came from outside the sheet.
    fn came_from_elsewhere(&mut self, pointer: &str, place: String) {
        self.imported.origins.push(Origin {
            pointer: pointer.to_string(),
            span: None,
            place,
            label: None,
        });
    }
}

/// Imports a sheet written by `export csv` (or by hand with the same columns).
pub fn import(file: &Arc<SourceFile>, options: &ImportOptions) -> Imported {
    let mut imported = Imported::default();
    let text = file.text.as_str();
    let offset = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &text[offset..];
    let delimiter = options.delimiter.unwrap_or_else(|| guess_delimiter(body));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(body.as_bytes());
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let at = e.position().map_or(0, |p| p.byte() as usize) + offset;
                imported.diagnostics.push(Diagnostic::new(
                    &CSV_FORMAT,
                    file,
                    Some(at..at),
                    format!("row {}: {e}", index + 1),
                ));
                return imported;
            }
        };
        let mut start = record.position().map_or(0, |p| p.byte() as usize) + offset;
        // After a CRLF the reader may place the next record at its LF: the row starts after
        // the line break (regression: import_csv-crlf-cell-span, found by fuzzing).
        while matches!(text.as_bytes().get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        rows.push(Row {
            number: index + 1,
            cells: record
                .iter()
                .map(|cell| unguard_formula(cell).to_string())
                .collect(),
            spans: cell_spans(text, start, delimiter),
            start,
        });
    }
    let Some(header) = rows.first() else {
        imported.diagnostics.push(
            Diagnostic::new(&CSV_FORMAT, file, None, "the file is empty").with_help(format!(
                "the first row names the columns: {}",
                COLUMNS.join(",")
            )),
        );
        return imported;
    };
    let mut sheet = Sheet {
        file,
        imported: &mut imported,
        columns: HashMap::new(),
    };
    if !refuse_controls(&mut sheet, text, &rows) {
        return imported;
    }
    if !read_header(&mut sheet, header, &rows[1..]) {
        return imported;
    }
    let data = &rows[1..];
    let stages = read_rows(&mut sheet, data);
    if sheet.imported.has_errors() {
        return imported;
    }
    finish(&mut sheet, stages, data, options);
    imported.refuse_decoded_controls(file, &CSV_FORMAT);
    if imported.has_errors() {
        imported.map = None;
    }
    imported
}

/// Refuses every cell that holds a control character (other than a tab or a line break),
/// pointing at the character; false when there is one. Runs before anything else reads the
/// cells, so that no message quotes such a character.
fn refuse_controls(sheet: &mut Sheet<'_>, text: &str, rows: &[Row]) -> bool {
    let names: Vec<Option<&'static str>> = rows.first().map_or(Vec::new(), |header| {
        header
            .cells
            .iter()
            .map(|cell| {
                let name = normal_header(cell.trim_start_matches('\u{feff}'));
                COLUMNS.iter().find(|c| **c == name).copied()
            })
            .collect()
    });
    let mut ok = true;
    for row in rows {
        for (i, span) in row.spans.iter().enumerate() {
            let raw = text.get(span.clone()).unwrap_or("");
            let Some((at, c)) = raw.char_indices().find(|&(_, c)| refused_control(c)) else {
                continue;
            };
            let letter = column_letter(i);
            let column = match names.get(i).copied().flatten() {
                Some(name) => format!("column {letter} ({name})"),
                None => format!("column {letter}"),
            };
            let start = span.start + at;
            sheet.imported.diagnostics.push(
                Diagnostic::new(
                    &CSV_FORMAT,
                    sheet.file,
                    Some(start..start + c.len_utf8()),
                    format!(
                        "row {}, {column}: the cell holds the control character {}, which a \
                         journey map cannot hold",
                        row.number,
                        char_name(c)
                    ),
                )
                .with_label(format!("{} in {letter}{}", char_name(c), row.number))
                .with_help(
                    "remove it: control characters are invisible in a spreadsheet but break \
                     the tools that read the map (line breaks and tabs are fine)",
                ),
            );
            ok = false;
        }
    }
    ok
}

/// Reads the header row into `sheet.columns`; false when it is unusable.
fn read_header(sheet: &mut Sheet<'_>, header: &Row, data: &[Row]) -> bool {
    let mut ok = true;
    let mut first_seen: HashMap<&'static str, usize> = HashMap::new();
    for (i, cell) in header.cells.iter().enumerate() {
        let name = normal_header(cell.trim_start_matches('\u{feff}'));
        let span = header.spans.get(i).cloned().unwrap_or(0..0);
        let letter = column_letter(i);
        if name.is_empty() {
            let used = data
                .iter()
                .any(|r| r.cells.get(i).is_some_and(|c| !c.trim().is_empty()));
            if used {
                sheet.imported.diagnostics.push(
                    Diagnostic::new(
                        &CSV_FORMAT,
                        sheet.file,
                        Some(span),
                        format!("row 1, column {letter}: the column has no name but holds values"),
                    )
                    .with_label("name this column")
                    .with_help(format!("the columns are: {}", COLUMNS.join(", "))),
                );
                ok = false;
            }
            continue;
        }
        match COLUMNS.iter().find(|c| **c == name) {
            Some(&column) => {
                if let Some(&before) = first_seen.get(column) {
                    let first_span = header.spans.get(before).cloned().unwrap_or(0..0);
                    sheet.imported.diagnostics.push(
                        Diagnostic::new(
                            &CSV_FORMAT,
                            sheet.file,
                            Some(span),
                            format!(
                                "row 1, column {letter}: the column `{column}` appears twice \
                                 (also column {})",
                                column_letter(before)
                            ),
                        )
                        .with_label("second `".to_string() + column + "`")
                        .with_related(first_span, "first here"),
                    );
                    ok = false;
                } else {
                    first_seen.insert(column, i);
                    sheet.columns.insert(column, i);
                }
            }
            None => {
                let help = match crate::suggest::nearest(&name, COLUMNS) {
                    Some((best, true)) => format!("did you mean `{best}`?"),
                    _ => format!("the columns are: {}", COLUMNS.join(", ")),
                };
                sheet.imported.diagnostics.push(
                    Diagnostic::new(
                        &CSV_FORMAT,
                        sheet.file,
                        Some(span),
                        format!(
                            "row 1, column {letter}: `{}` is not a column of a journey map sheet",
                            cell.trim()
                        ),
                    )
                    .with_label("unknown column")
                    .with_help(help),
                );
                ok = false;
            }
        }
    }
    let missing: Vec<&str> = [
        (!sheet.has(Column::StepName)).then_some(Column::StepName.name()),
        (!sheet.has(Column::StageId) && !sheet.has(Column::StageName))
            .then_some("stage_id or stage_name"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if ok && !missing.is_empty() {
        let end = header.spans.last().map_or(0, |s| s.end);
        sheet.imported.diagnostics.push(
            Diagnostic::new(
                &CSV_FORMAT,
                sheet.file,
                Some(header.start..end),
                format!(
                    "row 1: the header lacks the column {}",
                    missing.join(" and ")
                ),
            )
            .with_label("header row")
            .with_help(format!("the columns are: {}", COLUMNS.join(", "))),
        );
        ok = false;
    }
    ok
}

/// A stage as the rows give it.
struct RowStage {
    id: String,
    name: String,
    /// The index of the stage's first row among the data rows.
    first_row: usize,
    /// The steps, each with the index of its row.
    steps: Vec<(Step, usize)>,
}

/// Reads one cell with `decode`, reporting a failure at the cell.
fn read<T>(
    sheet: &mut Sheet<'_>,
    row: &Row,
    column: Column,
    decode: impl FnOnce(&str) -> Result<T, String>,
) -> Option<T> {
    let cell = sheet.cell(row, column)?.to_string();
    match decode(&cell) {
        Ok(v) => Some(v),
        Err(message) => {
            sheet.error(row, column, message);
            None
        }
    }
}

fn read_rows(sheet: &mut Sheet<'_>, rows: &[Row]) -> Vec<RowStage> {
    let mut stages: Vec<RowStage> = Vec::new();
    let mut stage_rows: HashMap<String, usize> = HashMap::new();
    let mut step_ids: HashMap<String, usize> = HashMap::new();
    let mut slugs = Slugs::default();
    // Reserve every explicit step id first, so that derived ids never take one.
    for row in rows {
        if let Some(id) = sheet.cell(row, Column::StepId) {
            let id = decode_text(id.trim());
            if !id.is_empty() {
                slugs.reserve(&id);
            }
        }
    }
    let mut stage_slugs = Slugs::default();
    let mut invented_steps = 0;
    for (index, row) in rows.iter().enumerate() {
        if row.cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let header_len = sheet.columns.values().max().map_or(0, |m| m + 1);
        if let Some(extra) = row.cells[header_len.min(row.cells.len())..]
            .iter()
            .position(|c| !c.trim().is_empty())
        {
            let index = header_len + extra;
            let span = row
                .spans
                .get(index)
                .cloned()
                .unwrap_or(row.start..row.start);
            sheet.imported.diagnostics.push(Diagnostic::new(
                &CSV_FORMAT,
                sheet.file,
                Some(span),
                format!(
                    "row {}, column {}: the row has more cells than the header has columns",
                    row.number,
                    column_letter(index)
                ),
            ));
            continue;
        }
        // The stage.
        let stage_name = sheet.cell(row, Column::StageName).map(decode_text);
        let stage_id = sheet
            .cell(row, Column::StageId)
            .map(|c| decode_text(c.trim()))
            .filter(|c| !c.is_empty());
        let (stage_id, stage_name) = match (stage_id, stage_name) {
            (Some(id), Some(name)) if !name.trim().is_empty() => (id, name),
            (Some(id), _) => {
                let name = stages
                    .last()
                    .filter(|s| s.id == id)
                    .map_or_else(|| humanize(&id), |s| s.name.clone());
                (id, name)
            }
            (None, Some(name)) if !name.trim().is_empty() => {
                let id = match stages.last() {
                    Some(s) if s.name == name => s.id.clone(),
                    _ => stage_slugs.unique(&name),
                };
                (id, name)
            }
            _ => {
                let column = if sheet.has(Column::StageId) {
                    Column::StageId
                } else {
                    Column::StageName
                };
                sheet.error(row, column, "the row names no stage");
                continue;
            }
        };
        if !is_slug(&stage_id) {
            sheet.error(
                row,
                Column::StageId,
                format!(
                    "`{stage_id}` is not an id: use lower-case letters, digits, `-` and `_` (e.g. `{}`)",
                    slugify(&stage_id)
                ),
            );
            // Read the step anyway, to report its cells too.
            read_step(sheet, row, &mut slugs, &mut step_ids, &mut invented_steps);
            continue;
        }
        stage_slugs.reserve(&stage_id);
        let same_stage = stages.last().is_some_and(|s| s.id == stage_id);
        if !same_stage {
            if let Some(&first_row) = stage_rows.get(&stage_id) {
                sheet.error(
                    row,
                    Column::StageId,
                    format!(
                        "the stage `{stage_id}` started at row {first_row} and another stage came \
                         between; keep the rows of a stage together"
                    ),
                );
                continue;
            }
            stage_rows.insert(stage_id.clone(), row.number);
            stages.push(RowStage {
                id: stage_id.clone(),
                name: stage_name.clone(),
                first_row: index,
                steps: Vec::new(),
            });
        } else if stages.last().is_some_and(|s| s.name != stage_name) {
            let before = stages.last().map(|s| s.name.clone()).unwrap_or_default();
            sheet.error(
                row,
                Column::StageName,
                format!(
                    "the stage `{stage_id}` is named `{before}` in its first row, `{stage_name}` here"
                ),
            );
            continue;
        }
        if let Some(step) = read_step(sheet, row, &mut slugs, &mut step_ids, &mut invented_steps)
            && let Some(stage) = stages.last_mut()
        {
            stage.steps.push((step, index));
        }
    }
    if invented_steps > 0 {
        sheet.imported.notes.push(format!(
            "{invented_steps} {} had no step_id; ids were made from their names",
            if invented_steps == 1 { "row" } else { "rows" }
        ));
    }
    stages
}

fn read_step(
    sheet: &mut Sheet<'_>,
    row: &Row,
    slugs: &mut Slugs,
    step_ids: &mut HashMap<String, usize>,
    invented: &mut usize,
) -> Option<Step> {
    let name = sheet
        .cell(row, Column::StepName)
        .map(decode_text)
        .unwrap_or_default();
    let mut ok = true;
    if name.trim().is_empty() {
        sheet.error(row, Column::StepName, "the step has no name");
        ok = false;
    }
    let id = sheet
        .cell(row, Column::StepId)
        .map(|c| decode_text(c.trim()))
        .filter(|c| !c.is_empty());
    let id = match id {
        Some(id) if !is_slug(&id) => {
            sheet.error(
                row,
                Column::StepId,
                format!(
                    "`{id}` is not an id: use lower-case letters, digits, `-` and `_` (e.g. `{}`)",
                    slugify(&id)
                ),
            );
            ok = false;
            id
        }
        Some(id) => {
            if let Some(&first) = step_ids.get(&id) {
                sheet.error(
                    row,
                    Column::StepId,
                    format!("the step id `{id}` is already used at row {first}; step ids are unique across the map"),
                );
                ok = false;
            }
            id
        }
        None => {
            *invented += 1;
            slugs.unique(&name)
        }
    };
    step_ids.entry(id.clone()).or_insert(row.number);
    let mut step = new_step(&id, &name);
    step.description = sheet
        .cell(row, Column::Description)
        .filter(|c| !c.is_empty())
        .map(decode_text);
    step.feeling = sheet
        .cell(row, Column::Feeling)
        .filter(|c| !c.is_empty())
        .map(decode_text);
    step.detail = sheet
        .cell(row, Column::Detail)
        .filter(|c| !c.is_empty())
        .map(decode_text);
    if let Some(time) = read(sheet, row, Column::Time, parse_time) {
        step.time = time;
    } else {
        ok &= sheet.cell(row, Column::Time).is_none();
    }
    macro_rules! list {
        ($field:expr, $column:expr, $parse:expr) => {
            match read(sheet, row, $column, |c| decode_list(c, $parse)) {
                Some(items) => $field = items,
                None => ok &= sheet.cell(row, $column).is_none(),
            }
        };
    }
    match read(sheet, row, Column::Personas, |c| {
        let t = c.trim();
        if t.starts_with('[') && t.ends_with(']') {
            serde_json::from_str::<Vec<Id>>(t).map_err(|e| format!("not a JSON list of ids ({e})"))
        } else {
            Ok(split_ids(t))
        }
    }) {
        Some(ids) => step.personas = ids,
        None => ok &= sheet.cell(row, Column::Personas).is_none(),
    }
    list!(step.touchpoints, Column::Touchpoints, parse_touchpoint);
    list!(step.thoughts, Column::Thoughts, parse_plain);
    match read(sheet, row, Column::Emotion, decode_emotion) {
        Some(e) => step.emotion = e,
        None => ok &= sheet.cell(row, Column::Emotion).is_none(),
    }
    list!(step.evidence, Column::Evidence, parse_evidence);
    list!(step.pain_points, Column::PainPoints, parse_pain_point);
    list!(step.opportunities, Column::Opportunities, parse_opportunity);
    list!(step.frontstage, Column::Frontstage, parse_plain);
    list!(step.backstage, Column::Backstage, parse_plain);
    list!(step.support, Column::Support, parse_plain);
    list!(step.owners, Column::Owners, parse_plain);
    let mut resources = Resources::default();
    let mut has_resources = false;
    for (column, target) in [
        (Column::ResourcesExisting, &mut resources.existing),
        (Column::ResourcesRequired, &mut resources.required),
    ] {
        has_resources |= sheet
            .cell(row, column)
            .is_some_and(|c| !c.trim().is_empty());
        match read(sheet, row, column, |c| decode_list(c, parse_plain)) {
            Some(items) => *target = items,
            None => ok &= sheet.cell(row, column).is_none(),
        }
    }
    step.resources = has_resources.then_some(resources);
    list!(step.metrics, Column::Metrics, parse_metric);
    ok &= check_ids(sheet, row, &step);
    ok.then_some(step)
}

/// Reads a time cell: `HH:MM` on a 24-hour clock, or the forms spreadsheets turn it into
/// (`6:45`, `06:45:00`, `6:45 AM`, `06:45:00 AM`), normalised to `HH:MM`. Seconds must be `00`: a
/// journey map's time has minutes only.
fn parse_time(cell: &str) -> Result<Option<TimeOfDay>, String> {
    let c = cell.trim();
    if c.is_empty() {
        return Ok(None);
    }
    let not_a_time =
        || format!("`{c}` is not a time of day (HH:MM on a 24-hour clock, e.g. 07:30)");
    let two_digits = |s: &str, max: u32| -> Option<u32> {
        (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
            .filter(|&n| n <= max)
    };
    // The 12-hour clock's AM or PM, with or without a blank before it.
    let upper = c.to_ascii_uppercase();
    let (clock, meridiem) = match upper
        .strip_suffix("AM")
        .map(|rest| (rest, Some(false)))
        .or_else(|| upper.strip_suffix("PM").map(|rest| (rest, Some(true))))
    {
        Some((rest, pm)) => (rest.trim_end().to_string(), pm),
        None => (upper.clone(), None),
    };
    let parts: Vec<&str> = clock.split(':').collect();
    let (hour, minute, second) = match parts.as_slice() {
        [h, m] => (*h, *m, None),
        [h, m, s] => (*h, *m, Some(*s)),
        _ => return Err(not_a_time()),
    };
    // A one-digit hour as spreadsheets write it (`6:45`, `6:45 AM`, `6:45:00`): on a 24-hour
    // clock `7:30` is 07:30.
    let hour_ok = (1..=2).contains(&hour.len());
    let hour = hour
        .parse::<u32>()
        .ok()
        .filter(|_| hour_ok && hour.bytes().all(|b| b.is_ascii_digit()));
    let minute = two_digits(minute, 59);
    let (Some(hour), Some(minute)) = (hour, minute) else {
        return Err(not_a_time());
    };
    if let Some(second) = second {
        match two_digits(second, 59) {
            Some(0) => {}
            Some(_) => {
                return Err(format!(
                    "`{c}` has seconds; a journey map's time is HH:MM (write {hour:02}:{minute:02} \
                     if the seconds do not matter)"
                ));
            }
            None => return Err(not_a_time()),
        }
    }
    let hour = match meridiem {
        None if hour <= 23 => hour,
        Some(pm) if (1..=12).contains(&hour) => hour % 12 + if pm { 12 } else { 0 },
        _ => return Err(not_a_time()),
    };
    Ok(Some(TimeOfDay(format!("{hour:02}:{minute:02}"))))
}

/// Checks that every id in a step's cells is a slug.
fn check_ids(sheet: &mut Sheet<'_>, row: &Row, step: &Step) -> bool {
    let mut bad: Vec<(Column, String)> = Vec::new();
    for id in &step.personas {
        bad.push((Column::Personas, id.0.clone()));
    }
    if let Some(Emotion::PerPersona(map)) = &step.emotion {
        for id in map.keys() {
            bad.push((Column::Emotion, id.0.clone()));
        }
    }
    for t in &step.touchpoints {
        bad.push((Column::Touchpoints, t.channel().0.clone()));
    }
    for p in &step.pain_points {
        if let Some(id) = p.id() {
            bad.push((Column::PainPoints, id.0.clone()));
        }
    }
    for o in &step.opportunities {
        if let Some(id) = o.id() {
            bad.push((Column::Opportunities, id.0.clone()));
        }
        for id in o.addresses() {
            bad.push((Column::Opportunities, id.0.clone()));
        }
    }
    let mut ok = true;
    for (column, id) in bad {
        if !is_slug(&id) {
            sheet.error(
                row,
                column,
                format!(
                    "`{id}` is not an id: use lower-case letters, digits, `-` and `_` (e.g. `{}`)",
                    slugify(&id)
                ),
            );
            ok = false;
        }
    }
    ok
}

/// Builds the map: the stages from the rows, the rest from `--base`, flags or invention.
fn finish(sheet: &mut Sheet<'_>, stages: Vec<RowStage>, rows: &[Row], options: &ImportOptions) {
    if stages.is_empty() {
        sheet.imported.diagnostics.push(
            Diagnostic::new(
                &CSV_FORMAT,
                sheet.file,
                None,
                "the sheet has no rows of steps",
            )
            .with_help("add one row per step under the header row"),
        );
        return;
    }
    let stem = stem_of(&sheet.file.name);
    let base = options.base.as_ref();
    let (title, title_from) = match (&options.title, base) {
        (Some(t), _) => (t.clone(), "the --title flag"),
        (None, Some(b)) => (b.title.clone(), "the --base map"),
        (None, None) => {
            let t = humanize(&stem);
            sheet.imported.notes.push(format!(
                "the title `{t}` comes from the file name (use --title)"
            ));
            (t, "the file name")
        }
    };
    let (id, id_from) = match (&options.id, base) {
        (Some(id), _) => (id.clone(), "the --id flag"),
        (None, Some(b)) => (b.id.0.clone(), "the --base map"),
        (None, None) => {
            let id = slugify(&stem);
            sheet
                .imported
                .notes
                .push(format!("the id `{id}` comes from the file name (use --id)"));
            (id, "the file name")
        }
    };
    sheet.came_from_elsewhere("/title", format!("the map's title (from {title_from})"));
    sheet.came_from_elsewhere("/id", format!("the map's id (from {id_from})"));
    if base.is_some() {
        sheet.came_from_elsewhere("", "the --base map".to_string());
    }
    // Where each stage and step came from, and which cell first named each persona and
    // channel.
    let mut persona_ids: Vec<(String, usize, Column)> = Vec::new();
    let mut channel_ids: Vec<(String, usize)> = Vec::new();
    for (si, stage) in stages.iter().enumerate() {
        let first = &rows[stage.first_row];
        let stage_ptr = format!("/stages/{si}");
        let (id_column, name_column) =
            match (sheet.has(Column::StageId), sheet.has(Column::StageName)) {
                (true, true) => (Column::StageId, Column::StageName),
                (true, false) => (Column::StageId, Column::StageId),
                _ => (Column::StageName, Column::StageName),
            };
        sheet.came_from_row(stage_ptr.clone(), first);
        sheet.came_from_cell(format!("{stage_ptr}/id"), first, id_column);
        sheet.came_from_cell(format!("{stage_ptr}/name"), first, name_column);
        for (ki, (step, row_index)) in stage.steps.iter().enumerate() {
            let row = &rows[*row_index];
            let step_ptr = format!("{stage_ptr}/steps/{ki}");
            sheet.came_from_row(step_ptr.clone(), row);
            for (column, field) in Column::ALL
                .into_iter()
                .filter_map(|c| Some((c, c.step_field()?)))
            {
                let column = if column == Column::StepId && !sheet.has(column) {
                    Column::StepName
                } else {
                    column
                };
                sheet.came_from_cell(format!("{step_ptr}/{field}"), row, column);
            }
            let mut named: Vec<(&Id, Column)> = step
                .personas
                .iter()
                .map(|id| (id, Column::Personas))
                .collect();
            if let Some(Emotion::PerPersona(scores)) = &step.emotion {
                named.extend(scores.keys().map(|id| (id, Column::Emotion)));
            }
            for (id, column) in named {
                if !persona_ids.iter().any(|(p, _, _)| *p == id.0) {
                    persona_ids.push((id.0.clone(), *row_index, column));
                }
            }
            for t in &step.touchpoints {
                if !channel_ids.iter().any(|(c, _)| *c == t.channel().0) {
                    channel_ids.push((t.channel().0.clone(), *row_index));
                }
            }
        }
    }
    let stages: Vec<_> = stages
        .into_iter()
        .map(|s| {
            let steps = s.steps.into_iter().map(|(step, _)| step).collect();
            let mut stage = new_stage(&s.id, &s.name, steps);
            if let Some(b) = base.and_then(|b| b.stages.iter().find(|bs| bs.id == stage.id)) {
                stage.description = b.description.clone();
                stage.goal = b.goal.clone();
                stage.time = b.time.clone();
                stage.metrics = b.metrics.clone();
            }
            stage
        })
        .collect();
    let mut map = new_map(&id, &title, stages);
    if let Some(b) = base {
        map.description = b.description.clone();
        map.state = b.state;
        map.kind = b.kind;
        map.baseline = b.baseline.clone();
        map.parent = b.parent.clone();
        map.libraries = b.libraries.clone();
        map.owner = b.owner.clone();
        map.stakeholders = b.stakeholders.clone();
        map.tags = b.tags.clone();
        map.language = b.language.clone();
        map.review = b.review.clone();
        map.personas = b.personas.clone();
        map.channels = b.channels.clone();
    }
    // Personas and channels the rows name but nothing declares.
    let declared: HashSet<String> = map.personas.iter().map(|p| p.id.0.clone()).collect();
    let invented: Vec<(String, usize, Column)> = persona_ids
        .into_iter()
        .filter(|(id, _, _)| !declared.contains(id))
        .collect();
    for (id, row, column) in &invented {
        let pointer = format!("/personas/{}", map.personas.len());
        sheet.came_from_cell(pointer, &rows[*row], *column);
        map.personas.push(super::new_persona(id, &humanize(id)));
    }
    if !invented.is_empty() {
        sheet.imported.notes.push(format!(
            "the sheet names personas it cannot describe; added {} with names made from their ids",
            invented
                .iter()
                .map(|(i, _, _)| format!("`{i}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let declared: HashSet<String> = map.channels.iter().map(|c| c.id.0.clone()).collect();
    let invented: Vec<(String, usize)> = channel_ids
        .into_iter()
        .filter(|(id, _)| !declared.contains(id) && !is_builtin_channel(id))
        .collect();
    for (id, row) in &invented {
        let pointer = format!("/channels/{}", map.channels.len());
        sheet.came_from_cell(pointer, &rows[*row], Column::Touchpoints);
        map.channels.push(Channel {
            id: Id(id.clone()),
            name: humanize(id),
            description: None,
            color: None,
            shared: None,
        });
    }
    if !invented.is_empty() {
        sheet.imported.notes.push(format!(
            "the touchpoints name channels that are not built in; declared {}",
            invented
                .iter()
                .map(|(i, _)| format!("`{i}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if base.is_none() {
        sheet.imported.notes.push(
            "a sheet holds no stage descriptions, goals or metrics; keep them with --base MAP"
                .to_string(),
        );
    }
    sheet.imported.map = Some(map);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn cells_round_trip_or_fall_back_to_json() {
        let items = vec!["a".to_string(), "b c".to_string()];
        assert_eq!(encode_list(&items, plain_line, parse_plain), "a\nb c");
        let tricky = vec![" padded".to_string(), "x\ny".to_string()];
        let cell = encode_list(&tricky, plain_line, parse_plain);
        assert!(cell.starts_with('['));
        assert_eq!(decode_list(&cell, parse_plain).unwrap(), tricky);
        let bracketed = vec!["[draft]".to_string()];
        let cell = encode_list(&bracketed, plain_line, parse_plain);
        assert_eq!(decode_list(&cell, parse_plain).unwrap(), bracketed);
        assert_eq!(decode_text(&encode_text("")), "");
        assert_eq!(decode_text(&encode_text("\"q\"")), "\"q\"");
        assert_eq!(encode_text("plain"), "plain");
    }

    #[test]
    fn structured_items() {
        let p = parse_pain_point("Fee shown late | id: hidden-fee | severity: high").unwrap();
        assert_eq!(p.id().map(Id::as_str), Some("hidden-fee"));
        assert_eq!(p.severity(), Some(Severity::High));
        assert!(parse_pain_point("x | severity: huge").is_err());
        let o = parse_opportunity("Show fee | addresses: a, b | owner: Product").unwrap();
        assert_eq!(o.addresses().len(), 2);
        let m = parse_metric("AHT | value: 4.5 | target: 3 min").unwrap();
        assert_eq!(m.value, Some(MetricValue::Number(4.5)));
        assert_eq!(m.target, Some(MetricValue::Text("3 min".into())));
        assert_eq!(
            decode_emotion("a: -1, b: 2").unwrap(),
            Some(Emotion::PerPersona(BTreeMap::from([
                (Id("a".into()), Score::new(-1).unwrap()),
                (Id("b".into()), Score::new(2).unwrap())
            ])))
        );
        assert!(decode_emotion("3").is_err());
        assert!(decode_emotion("bad").is_err());
        for (cell, score) in [("1.0", 1), ("-2.00", -2), ("+1", 1), ("0.", 0)] {
            let read = decode_emotion(cell).unwrap();
            assert_eq!(
                read,
                Some(Emotion::Score(Score::new(score).unwrap())),
                "{cell}"
            );
        }
        for cell in ["1.5", "2.01", "1e0", ".", "-"] {
            assert!(decode_emotion(cell).is_err(), "{cell}");
        }
    }

    #[test]
    fn time_cells_in_spreadsheet_forms() {
        let time = |c: &str| parse_time(c).map(|t| t.map(|t| t.0));
        for (cell, expected) in [
            ("07:30", "07:30"),
            ("06:45:00", "06:45"),
            ("6:45:00", "06:45"),
            ("06:45:00 AM", "06:45"),
            ("6:45 AM", "06:45"),
            ("6:45am", "06:45"),
            ("12:05 AM", "00:05"),
            ("12:05 PM", "12:05"),
            ("1:30 pm", "13:30"),
            ("11:59:00 PM", "23:59"),
            (" 23:00:00 ", "23:00"),
            ("7:30", "07:30"),
            ("6:45", "06:45"),
        ] {
            assert_eq!(time(cell), Ok(Some(expected.to_string())), "{cell:?}");
        }
        assert_eq!(time(""), Ok(None));
        for cell in [
            "24:00",
            "123:00",
            ":30",
            "13:00 PM",
            "0:30 AM",
            "06:45:30",
            "06:4",
            "06:45:0",
            "noon",
            "06:45:00:00",
            "+6:45:00",
            "06:60",
            "６:45 AM",
        ] {
            assert!(time(cell).is_err(), "{cell:?}");
        }
        assert!(time("06:45:30").unwrap_err().contains("has seconds"));
    }

    #[test]
    fn cell_spans_follow_quotes() {
        let text = "a,\"b,\"\"c\"\",d\"\r\n";
        let spans = cell_spans(text, 0, b',');
        assert_eq!(spans.len(), 2);
        assert_eq!(&text[spans[1].clone()], "\"b,\"\"c\"\",d\"");
        assert_eq!(guess_delimiter("a;b;c\n1,2"), b';');
        assert_eq!(guess_delimiter("a"), b',');
    }
}
