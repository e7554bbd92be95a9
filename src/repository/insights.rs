//! `journeymap insights`: figures across every map of a repository, per channel, persona,
//! owner and stage name, and the lists that say where the maps are weak (overdue reviews,
//! stale evidence, assumption debt, the same step written in several maps).
//!
//! Everything is computed in one pass over the maps' steps plus a sort per group, so it is
//! linear in the number of steps. The JSON shape is documented in docs/insights.md.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Repository;
use crate::model::facts::MapFacts;
use crate::model::{BUILTIN_CHANNELS, JourneyMap, Severity, Step};
use crate::validate::rules::evidence::{age_in_days, is_assumption_only};
use crate::validate::rules::review_overdue::add_months;

/// The whole report (`--format json` prints it as is).
#[derive(Debug, Serialize)]
pub struct Insights {
    /// The version of this JSON shape.
    pub version: u32,
    /// The date the figures count from (`YYYY-MM-DD`).
    pub today: String,
    pub maps: usize,
    pub steps: usize,
    /// Maps not counted because they have errors.
    pub left_out: Vec<LeftOut>,
    pub channels: Vec<Group>,
    pub personas: Vec<Group>,
    pub owners: Vec<Group>,
    pub stages: Vec<Group>,
    pub overdue_reviews: Vec<OverdueReview>,
    pub stale_evidence: Vec<StaleEvidence>,
    pub assumption_debt: Vec<StepRef>,
    pub near_duplicate_steps: Vec<NearDuplicate>,
}

#[derive(Debug, Serialize)]
pub struct LeftOut {
    pub map: String,
    pub errors: usize,
}

/// Figures for the steps of one channel, persona, owner or stage name.
#[derive(Debug, Serialize)]
pub struct Group {
    /// The channel or persona id, the owner as written, or the stage name in lower case.
    pub key: String,
    /// How reports name it.
    pub name: String,
    pub maps: usize,
    pub steps: usize,
    /// The mean of the steps' emotions (for a persona, the persona's own scores), two
    /// decimals; `null` when no step has an emotion.
    pub mean_emotion: Option<f64>,
    /// Pain points no opportunity addresses, by severity.
    pub unaddressed: BySeverity,
}

#[derive(Debug, Default, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct BySeverity {
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    /// Pain points without a severity.
    pub unrated: usize,
}

impl BySeverity {
    fn add(&mut self, severity: Option<Severity>) {
        match severity {
            Some(Severity::High) => self.high += 1,
            Some(Severity::Medium) => self.medium += 1,
            Some(Severity::Low) => self.low += 1,
            None => self.unrated += 1,
        }
    }

    pub fn total(&self) -> usize {
        self.high + self.medium + self.low + self.unrated
    }
}

#[derive(Debug, Serialize)]
pub struct OverdueReview {
    pub map: String,
    pub title: String,
    pub owner: Option<String>,
    /// When the review was due (`YYYY-MM-DD`).
    pub due: String,
}

#[derive(Debug, Serialize)]
pub struct StaleEvidence {
    pub map: String,
    pub step: String,
    pub evidence: String,
    pub date: String,
    pub age_days: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepRef {
    pub map: String,
    pub step: String,
    pub name: String,
}

/// Steps of different maps whose names have the same words (ignoring case, punctuation and
/// word order).
#[derive(Debug, Serialize)]
pub struct NearDuplicate {
    pub words: String,
    pub steps: Vec<StepRef>,
}

/// Sums for one group while the steps are walked.
#[derive(Default)]
struct Tally {
    name: String,
    maps: std::collections::BTreeSet<usize>,
    steps: usize,
    emotion_sum: f64,
    emotion_count: usize,
    unaddressed: BySeverity,
}

impl Tally {
    fn step(&mut self, map: usize, emotion: Option<f64>, unaddressed: &[Option<Severity>]) {
        self.maps.insert(map);
        self.steps += 1;
        if let Some(e) = emotion {
            self.emotion_sum += e;
            self.emotion_count += 1;
        }
        for s in unaddressed {
            self.unaddressed.add(*s);
        }
    }
}

fn groups(tallies: BTreeMap<String, Tally>) -> Vec<Group> {
    let mut out: Vec<Group> = tallies
        .into_iter()
        .map(|(key, t)| Group {
            key,
            name: t.name,
            maps: t.maps.len(),
            steps: t.steps,
            mean_emotion: (t.emotion_count > 0)
                .then(|| round2(t.emotion_sum / t.emotion_count as f64)),
            unaddressed: t.unaddressed,
        })
        .collect();
    // Most steps first; ties by key, so the order never depends on anything else.
    out.sort_by(|a, b| b.steps.cmp(&a.steps).then_with(|| a.key.cmp(&b.key)));
    out
}

/// Two decimals, so figures print the same on every machine.
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The words of a step name, lower case, sorted: the key near-duplicates share.
pub fn name_key(name: &str) -> String {
    let mut words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.sort();
    words.dedup();
    words.join(" ")
}

fn channel_name(map: &JourneyMap, id: &str) -> String {
    map.channel(id).map(|c| c.name.clone()).unwrap_or_else(|| {
        BUILTIN_CHANNELS
            .iter()
            .find(|(b, _, _)| *b == id)
            .map_or_else(|| id.to_string(), |(_, _, name)| name.to_string())
    })
}

/// Computes the report.
pub fn compute(repo: &Repository) -> Insights {
    let mut channels: BTreeMap<String, Tally> = BTreeMap::new();
    let mut personas: BTreeMap<String, Tally> = BTreeMap::new();
    let mut owners: BTreeMap<String, Tally> = BTreeMap::new();
    let mut stages: BTreeMap<String, Tally> = BTreeMap::new();
    let mut overdue_reviews = Vec::new();
    let mut stale_evidence = Vec::new();
    let mut assumption_debt = Vec::new();
    let mut by_words: BTreeMap<String, Vec<(usize, StepRef)>> = BTreeMap::new();
    let mut steps = 0;
    for (mi, entry) in repo.maps.iter().enumerate() {
        let map = &entry.map;
        let facts = MapFacts::of(map);
        let owner_key = map.owner.clone().unwrap_or_default();
        let owner = owners.entry(owner_key).or_insert_with(|| Tally {
            name: map.owner.clone().unwrap_or_else(|| "No owner".into()),
            ..Tally::default()
        });
        // Count the owner's maps even when a map's steps are all it has.
        owner.maps.insert(mi);
        if let Some(review) = &map.review
            && let (Some(last), Some(every)) = (review.last.ymd(), review.every)
        {
            let due = add_months(last, every.months());
            if repo.today > due {
                overdue_reviews.push(OverdueReview {
                    map: entry.name.clone(),
                    title: map.title.clone(),
                    owner: map.owner.clone(),
                    due: format!("{:04}-{:02}-{:02}", due.0, due.1, due.2),
                });
            }
        }
        let stale_after = i64::from(entry.settings.rules.project.stale_after_days);
        for (_, stage, step) in map.steps() {
            steps += 1;
            let unaddressed: Vec<Option<Severity>> = step
                .pain_points
                .iter()
                .filter(|p| !facts.is_addressed(step, p))
                .map(|p| p.severity())
                .collect();
            let mean = step.emotion.as_ref().map(|e| e.mean());
            let here = StepRef {
                map: entry.name.clone(),
                step: step.id.to_string(),
                name: step.name.clone(),
            };
            owners
                .get_mut(map.owner.as_deref().unwrap_or_default())
                .expect("the owner's tally was made above")
                .step(mi, mean, &unaddressed);
            let stage_key = stage
                .name
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            stages
                .entry(stage_key)
                .or_insert_with(|| Tally {
                    name: stage.name.clone(),
                    ..Tally::default()
                })
                .step(mi, mean, &unaddressed);
            let mut seen_channels: Vec<&str> = Vec::new();
            for t in &step.touchpoints {
                let id = t.channel().as_str();
                if seen_channels.contains(&id) {
                    continue;
                }
                seen_channels.push(id);
                channels
                    .entry(id.to_string())
                    .or_insert_with(|| Tally {
                        name: channel_name(map, id),
                        ..Tally::default()
                    })
                    .step(mi, mean, &unaddressed);
            }
            for persona in &map.personas {
                if !step.is_taken_by(persona.id.as_str()) {
                    continue;
                }
                let emotion = step
                    .emotion
                    .as_ref()
                    .and_then(|e| e.for_persona(persona.id.as_str()))
                    .map(|s| f64::from(s.get()));
                personas
                    .entry(persona.id.to_string())
                    .or_insert_with(|| Tally {
                        name: persona.name.clone(),
                        ..Tally::default()
                    })
                    .step(mi, emotion, &unaddressed);
            }
            stale(entry, step, stale_after, repo.today, &mut stale_evidence);
            if is_assumption_only(step) {
                assumption_debt.push(here.clone());
            }
            let key = name_key(&step.name);
            if !key.is_empty() {
                by_words.entry(key).or_default().push((mi, here));
            }
        }
    }
    let near_duplicate_steps = by_words
        .into_iter()
        .filter(|(_, refs)| {
            refs.iter()
                .any(|(mi, _)| refs.first().is_some_and(|(first, _)| first != mi))
        })
        .map(|(words, refs)| NearDuplicate {
            words,
            steps: refs.into_iter().map(|(_, r)| r).collect(),
        })
        .collect();
    let (y, m, d) = repo.today;
    Insights {
        version: 1,
        today: format!("{y:04}-{m:02}-{d:02}"),
        maps: repo.maps.len(),
        steps,
        left_out: repo
            .broken
            .iter()
            .map(|(map, errors)| LeftOut {
                map: map.clone(),
                errors: *errors,
            })
            .collect(),
        channels: groups(channels),
        personas: groups(personas),
        owners: groups(owners),
        stages: groups(stages),
        overdue_reviews,
        stale_evidence,
        assumption_debt,
        near_duplicate_steps,
    }
}

fn stale(
    entry: &super::Entry,
    step: &Step,
    stale_after: i64,
    today: (i32, u32, u32),
    out: &mut Vec<StaleEvidence>,
) {
    for e in &step.evidence {
        if let Some(date) = e.date()
            && let Some(age) = age_in_days(date, today)
            && age > stale_after
        {
            out.push(StaleEvidence {
                map: entry.name.clone(),
                step: step.id.to_string(),
                evidence: e.text().to_string(),
                date: date.to_string(),
                age_days: age,
            });
        }
    }
}

/// The report as JSON.
pub fn to_json(insights: &Insights) -> String {
    let mut text = serde_json::to_string_pretty(insights).expect("the report serializes");
    text.push('\n');
    text
}

fn emotion_text(e: Option<f64>) -> String {
    e.map_or_else(|| "–".into(), |e| format!("{e:+.2}"))
}

fn severities(s: &BySeverity) -> String {
    format!(
        "{} high, {} medium, {} low, {} unrated",
        s.high, s.medium, s.low, s.unrated
    )
}

/// The report for a terminal: plain text, one table per grouping. Map text is made safe for
/// the terminal (no escape sequences reach it).
pub fn to_human(insights: &Insights) -> String {
    use std::fmt::Write;
    let v = crate::visible::visible_line;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} maps, {} steps (as of {})",
        insights.maps, insights.steps, insights.today
    );
    for left in &insights.left_out {
        let _ = writeln!(
            out,
            "left out: {} ({} errors; run `journeymap check`)",
            v(&left.map),
            left.errors
        );
    }
    for (title, groups) in [
        ("Channels", &insights.channels),
        ("Personas", &insights.personas),
        ("Owners", &insights.owners),
        ("Stages", &insights.stages),
    ] {
        let _ = writeln!(out, "\n{title}");
        for g in groups {
            let _ = writeln!(
                out,
                "  {:<28} {:>4} maps {:>6} steps  emotion {:>5}  unaddressed: {}",
                v(&g.name),
                g.maps,
                g.steps,
                emotion_text(g.mean_emotion),
                severities(&g.unaddressed)
            );
        }
    }
    let _ = writeln!(out, "\nOverdue reviews: {}", insights.overdue_reviews.len());
    for r in &insights.overdue_reviews {
        let _ = writeln!(
            out,
            "  {} (due {}, owner {})",
            v(&r.map),
            r.due,
            v(r.owner.as_deref().unwrap_or("none"))
        );
    }
    let _ = writeln!(out, "\nStale evidence: {}", insights.stale_evidence.len());
    for s in &insights.stale_evidence {
        let _ = writeln!(
            out,
            "  {} step {}: {} ({}, {} days)",
            v(&s.map),
            v(&s.step),
            v(&s.evidence),
            s.date,
            s.age_days
        );
    }
    let _ = writeln!(
        out,
        "\nAssumption debt: {} steps",
        insights.assumption_debt.len()
    );
    for s in &insights.assumption_debt {
        let _ = writeln!(out, "  {} step {}: {}", v(&s.map), v(&s.step), v(&s.name));
    }
    let _ = writeln!(
        out,
        "\nNear-duplicate steps across maps: {}",
        insights.near_duplicate_steps.len()
    );
    for d in &insights.near_duplicate_steps {
        let places: Vec<String> = d
            .steps
            .iter()
            .map(|s| format!("{}#{}", v(&s.map), v(&s.step)))
            .collect();
        let _ = writeln!(out, "  \"{}\": {}", v(&d.steps[0].name), places.join(", "));
    }
    out
}

/// The report as Markdown for a pull-request comment: short tables, lists capped at ten
/// rows with a count of the rest, every map text escaped.
pub fn to_markdown(insights: &Insights) -> String {
    use std::fmt::Write;
    let e = crate::markdown::escape_inline;
    const ROWS: usize = 10;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "### Journey insights\n\n{} maps, {} steps, as of {}.\n",
        insights.maps, insights.steps, insights.today
    );
    if !insights.left_out.is_empty() {
        let names: Vec<String> = insights
            .left_out
            .iter()
            .map(|l| format!("`{}`", e(&l.map)))
            .collect();
        let _ = writeln!(out, "Left out (errors): {}\n", names.join(", "));
    }
    for (title, groups) in [
        ("Channel", &insights.channels),
        ("Persona", &insights.personas),
        ("Owner", &insights.owners),
        ("Stage", &insights.stages),
    ] {
        let _ = writeln!(
            out,
            "| {title} | Maps | Steps | Mean emotion | Unaddressed (high/medium/low/unrated) |\n|---|---:|---:|---:|---|"
        );
        for g in groups.iter().take(ROWS) {
            let u = &g.unaddressed;
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {}/{}/{}/{} |",
                e(&g.name),
                g.maps,
                g.steps,
                emotion_text(g.mean_emotion),
                u.high,
                u.medium,
                u.low,
                u.unrated
            );
        }
        if groups.len() > ROWS {
            let _ = writeln!(out, "\n…and {} more.", groups.len() - ROWS);
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "**Overdue reviews:** {} · **Stale evidence:** {} · **Assumption debt:** {} steps · **Near-duplicate steps:** {}\n",
        insights.overdue_reviews.len(),
        insights.stale_evidence.len(),
        insights.assumption_debt.len(),
        insights.near_duplicate_steps.len()
    );
    for r in insights.overdue_reviews.iter().take(ROWS) {
        let _ = writeln!(out, "- review of `{}` was due {}", e(&r.map), r.due);
    }
    for s in insights.assumption_debt.iter().take(ROWS) {
        let _ = writeln!(out, "- assumption only: {} (`{}`)", e(&s.name), e(&s.map));
    }
    out
}
