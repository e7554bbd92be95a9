//! A map as the closest Mermaid journey diagram: stages become sections, steps tasks,
//! emotions -2..+2 scores 1..5, personas actors. Everything else is listed as left out.

use std::collections::BTreeMap;

use super::text::js_space;
use crate::interchange::Exported;
use crate::model::scalars::slugify;
use crate::model::{Emotion, JourneyMap};
use crate::validate::schema::holds_only_blanks;

/// Where a piece of text goes, which decides what Mermaid would misread in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// `title ...`: ends at `#`, `;` or a line break.
    Title,
    /// `accDescr { ... }`: ends at `}`.
    Description,
    /// `section ...` and task names: end at `#`, `:`, `;` or a line break.
    Name,
    /// An actor in a task's data: also split at `:` and `,`.
    Actor,
}

/// Writes `c` as a Mermaid entity code (`#58;`), which Mermaid shows as the character.
fn entity(c: char) -> String {
    format!("#{};", u32::from(c))
}

/// Escapes `text` for `slot` with entity codes, so that Mermaid shows it as written: the one
/// escaping function for every piece of text the diagram holds (title, description, section
/// and task names, actors).
///
/// Everywhere: `#` and `;` (comments, statement ends), `%%` (comments), `<` (HTML tags,
/// `<br>`) and `&` before a letter or `#` (HTML entities). Per slot, what ends the text there:
/// `:` in names and actors, `,` in actors, `}` in a description. Blanks (Mermaid's and
/// Unicode's) are collapsed to single spaces and trimmed, except the line breaks of a
/// description. Control characters, which neither Mermaid nor `import mermaid` accept, are
/// shown as U+FFFD. The result is empty when nothing visible to Mermaid is left.
fn escape(text: &str, slot: Slot) -> String {
    let blank = |c: char| c.is_whitespace() || js_space(c);
    let visible = |c: char| {
        if c.is_control() && !blank(c) {
            '\u{fffd}'
        } else {
            c
        }
    };
    let flat: String = if slot == Slot::Description {
        text.chars().map(visible).collect()
    } else {
        text.split(blank)
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .map(visible)
            .collect()
    };
    let chars: Vec<char> = flat.chars().collect();
    let mut out = String::with_capacity(flat.len());
    for (i, &c) in chars.iter().enumerate() {
        let doubled_percent =
            c == '%' && (chars.get(i + 1) == Some(&'%') || (i > 0 && chars[i - 1] == '%'));
        let entity_like = c == '&'
            && chars
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_alphabetic() || *n == '#');
        let special = match c {
            '#' | ';' | '<' => true,
            ':' => matches!(slot, Slot::Name | Slot::Actor),
            ',' => slot == Slot::Actor,
            '}' => slot == Slot::Description,
            _ => doubled_percent || entity_like,
        };
        if special {
            out.push_str(&entity(c));
        } else {
            out.push(c);
        }
    }
    if slot == Slot::Name && starts_with_keyword(&out) {
        let first = out.chars().next().unwrap_or('x');
        out = format!("{}{}", entity(first), &out[first.len_utf8()..]);
    }
    out
}

/// [`escape`], or the escaped `fallback` (an id) when the text leaves nothing for Mermaid to
/// show: an empty name is a line that neither Mermaid nor `import mermaid` reads, and a name
/// of only invisible characters (U+200B...) is one `import mermaid` reads as no name.
fn escape_or(text: &str, fallback: &str, slot: Slot) -> String {
    let escaped = escape(text, slot);
    if holds_only_blanks(&escaped) {
        escape(fallback, slot)
    } else {
        escaped
    }
}

/// Whether Mermaid's lexer would read the start of a task line as a keyword.
fn starts_with_keyword(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let keyword_then_blank = |word: &str| {
        lower
            .strip_prefix(word)
            .and_then(|rest| rest.chars().next())
            .is_some_and(char::is_whitespace)
    };
    let keyword_then = |word: &str, seps: &[char]| {
        lower
            .strip_prefix(word)
            .is_some_and(|rest| rest.trim_start().starts_with(seps))
    };
    lower.starts_with("journey")
        || keyword_then_blank("title")
        || keyword_then_blank("section")
        || keyword_then("acctitle", &[':'])
        || keyword_then("accdescr", &[':', '{'])
}

/// Counts what the diagram cannot hold, in a fixed order.
#[derive(Default)]
struct LeftOut {
    lines: Vec<String>,
}

impl LeftOut {
    fn count(&mut self, n: usize, what: &str, whats: &str, extra: &str) {
        if n > 0 {
            let noun = if n == 1 { what } else { whats };
            self.lines.push(format!("{n} {noun}{extra}"));
        }
    }
}

/// The score Mermaid draws for a step, and whether it had to be made up or averaged.
fn score(emotion: Option<&Emotion>) -> (i64, Option<&'static str>) {
    match emotion {
        Some(Emotion::Score(s)) => (i64::from(s.get()) + 3, None),
        Some(e @ Emotion::PerPersona(map)) if !map.is_empty() => {
            ((e.mean().round() as i64) + 3, Some("mean"))
        }
        _ => (3, Some("none")),
    }
}

/// Writes the diagram for `map`.
pub fn export(map: &JourneyMap) -> Exported {
    let names: BTreeMap<&str, &str> = map
        .personas
        .iter()
        .map(|p| (p.id.as_str(), p.name.as_str()))
        .collect();
    let mut out = String::from("journey\n");
    out.push_str(&format!(
        "  title {}\n",
        escape_or(&map.title, map.id.as_str(), Slot::Title)
    ));
    if let Some(description) = map.description.as_deref().map(str::trim)
        && !description.is_empty()
    {
        out.push_str("  accDescr {\n");
        for line in escape(description, Slot::Description).lines() {
            out.push_str("    ");
            out.push_str(line.trim());
            out.push('\n');
        }
        out.push_str("  }\n");
    }
    let mut averaged = Vec::new();
    let mut made_up = 0;
    // Mermaid draws sections of one name in a row as one section, and so reads them back.
    let mut joined = Vec::new();
    let mut previous_section = None;
    for stage in &map.stages {
        let section = escape_or(&stage.name, stage.id.as_str(), Slot::Name);
        out.push_str(&format!("  section {section}\n"));
        if previous_section.as_ref() == Some(&section) {
            joined.push(stage.id.as_str());
        }
        previous_section = Some(section);
        for step in &stage.steps {
            let (score, note) = score(step.emotion.as_ref());
            match note {
                Some("mean") => averaged.push(step.id.as_str()),
                Some(_) => made_up += 1,
                None => {}
            }
            let actors: Vec<&str> = if !step.personas.is_empty() {
                step.personas.iter().map(|p| p.as_str()).collect()
            } else {
                map.personas.iter().map(|p| p.id.as_str()).collect()
            };
            let actors: Vec<String> = actors
                .iter()
                .map(|id| escape_or(names.get(id).copied().unwrap_or(id), id, Slot::Actor))
                .collect();
            out.push_str(&format!(
                "    {}: {score}",
                escape_or(&step.name, step.id.as_str(), Slot::Name)
            ));
            if !actors.is_empty() {
                out.push_str(": ");
                out.push_str(&actors.join(", "));
            }
            out.push('\n');
        }
    }
    Exported {
        text: out,
        left_out: left_out(map, &averaged, made_up, &joined),
    }
}

/// What the diagram cannot hold, one line each; `joined` are the stages that Mermaid draws
/// as part of the section before them, which has the same name.
fn left_out(map: &JourneyMap, averaged: &[&str], made_up: usize, joined: &[&str]) -> Vec<String> {
    let mut l = LeftOut::default();
    let details: Vec<&str> = [
        ("id", slugify(&map.title) != map.id.as_str()),
        ("owner", map.owner.is_some()),
        ("stakeholders", !map.stakeholders.is_empty()),
        ("tags", !map.tags.is_empty()),
        ("language", map.language.is_some()),
        ("review", map.review.is_some()),
        ("state", !map.state.is_current()),
        ("baseline", map.baseline.is_some()),
        ("parent", map.parent.is_some()),
        ("libraries", !map.libraries.is_empty()),
        ("kind", !map.kind.is_journey()),
    ]
    .into_iter()
    .filter_map(|(name, present)| present.then_some(name))
    .collect();
    if let Some((last, rest)) = details.split_last() {
        let listed = if rest.is_empty() {
            last.to_string()
        } else {
            format!("{} and {last}", rest.join(", "))
        };
        l.lines.push(format!("the map's {listed}"));
    }
    let persona_details = map
        .personas
        .iter()
        .filter(|p| {
            p.description.is_some()
                || p.quote.is_some()
                || !p.goals.is_empty()
                || !p.frustrations.is_empty()
                || !p.needs.is_empty()
                || p.empathy.is_some()
        })
        .count();
    l.count(
        persona_details,
        "persona's details (description, quote, goals, empathy map...)",
        "personas' details (description, quote, goals, empathy map...)",
        "",
    );
    l.count(map.channels.len(), "custom channel", "custom channels", "");
    let stages = &map.stages;
    let stage_meta = stages
        .iter()
        .filter(|s| {
            s.description.is_some() || s.goal.is_some() || s.time.is_some() || !s.metrics.is_empty()
        })
        .count();
    l.count(
        stage_meta,
        "stage's description, goal, time or metrics",
        "stages' descriptions, goals, times or metrics",
        "",
    );
    let ids = stages
        .iter()
        .filter(|s| slugify(&s.name) != s.id.as_str())
        .count()
        + map
            .steps()
            .filter(|(_, _, s)| slugify(&s.name) != s.id.as_str())
            .count();
    l.count(
        ids,
        "stage or step id (re-import derives ids from names)",
        "stage and step ids (re-import derives ids from names)",
        "",
    );
    let steps: Vec<_> = map.steps().map(|(_, _, s)| s).collect();
    let items = |f: &dyn Fn(&crate::model::Step) -> usize| -> (usize, usize) {
        let with = steps.iter().filter(|s| f(s) > 0).count();
        (steps.iter().map(|s| f(s)).sum(), with)
    };
    let mut list = |n_with: (usize, usize), one: &str, many: &str| {
        let (n, with) = n_with;
        let on = if with == 1 { "step" } else { "steps" };
        l.count(n, one, many, &format!(" on {with} {on}"));
    };
    list(items(&|s| s.touchpoints.len()), "touchpoint", "touchpoints");
    list(items(&|s| s.thoughts.len()), "thought", "thoughts");
    list(items(&|s| s.pain_points.len()), "pain point", "pain points");
    list(
        items(&|s| s.opportunities.len()),
        "opportunity",
        "opportunities",
    );
    list(
        items(&|s| s.frontstage.len() + s.backstage.len() + s.support.len()),
        "blueprint lane entry (frontstage, backstage, support)",
        "blueprint lane entries (frontstage, backstage, support)",
    );
    list(
        items(&|s| s.evidence.len()),
        "piece of evidence",
        "pieces of evidence",
    );
    list(items(&|s| s.owners.len()), "owner", "owners");
    list(items(&|s| s.metrics.len()), "metric", "metrics");
    list(
        items(&|s| {
            s.resources
                .as_ref()
                .map_or(0, |r| r.existing.len() + r.required.len())
        }),
        "resource",
        "resources",
    );
    list(
        items(&|s| usize::from(s.detail.is_some())),
        "link to a detail map",
        "links to detail maps",
    );
    list(
        items(&|s| usize::from(s.feeling.is_some())),
        "feeling word",
        "feeling words",
    );
    list(
        items(&|s| usize::from(s.description.is_some())),
        "step description",
        "step descriptions",
    );
    list(
        items(&|s| usize::from(s.time.is_some())),
        "step time",
        "step times",
    );
    if !averaged.is_empty() {
        l.lines.push(format!(
            "per-persona emotions on {} {} ({}): each is drawn as the rounded mean",
            averaged.len(),
            if averaged.len() == 1 { "step" } else { "steps" },
            averaged.join(", ")
        ));
    }
    if !joined.is_empty() {
        l.lines.push(format!(
            "the start of {} {} ({}): named like the stage before, Mermaid draws {} as part of it",
            joined.len(),
            if joined.len() == 1 { "stage" } else { "stages" },
            joined.join(", "),
            if joined.len() == 1 { "it" } else { "each" },
        ));
    }
    if made_up > 0 {
        l.lines.push(format!(
            "{made_up} {} without an emotion: drawn as 3 (neutral)",
            if made_up == 1 { "step" } else { "steps" }
        ));
    }
    l.lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_mermaid_would_misread() {
        assert_eq!(
            escape("Pay: order #1; now", Slot::Name),
            "Pay#58; order #35;1#59; now"
        );
        assert_eq!(escape("Journey home", Slot::Name), "#74;ourney home");
        assert_eq!(escape("Title page", Slot::Name), "#84;itle page");
        assert_eq!(escape("Titles", Slot::Name), "Titles");
        assert_eq!(escape("title page", Slot::Name), "#116;itle page");
        assert_eq!(escape("Zoë, remote", Slot::Actor), "Zoë#44; remote");
        assert_eq!(escape("A: b", Slot::Title), "A: b");
        assert_eq!(escape("50% %% off", Slot::Title), "50% #37;#37; off");
        assert_eq!(escape("a<br>b", Slot::Name), "a#60;br>b");
        // The same escapes in every slot: actors and titles too.
        assert_eq!(escape("<b>Ann</b>", Slot::Actor), "#60;b>Ann#60;/b>");
        assert_eq!(
            escape("<i>T</i> &amp; Q&A", Slot::Title),
            "#60;i>T#60;/i> #38;amp#59; Q#38;A"
        );
        assert_eq!(escape("R & D", Slot::Description), "R & D");
        // Blanks of every kind, and nothing left.
        assert_eq!(escape("\u{a0}a\u{3000}b\u{feff}", Slot::Name), "a b");
        for blank in [" ", "\u{a0}", "\u{3000}", "\u{feff}", "\u{2028}", "\t\n"] {
            assert_eq!(escape(blank, Slot::Name), "", "{blank:?}");
            assert_eq!(escape_or(blank, "step-id", Slot::Name), "step-id");
        }
        assert_eq!(escape_or(" ", "journey-1", Slot::Name), "#106;ourney-1");
        // Only invisible characters: `import mermaid` reads no name there, so the id is written.
        for invisible in ["\u{200b}", "\u{200c}\u{200d}", " \u{2060} "] {
            assert_eq!(
                escape_or(invisible, "p1", Slot::Actor),
                "p1",
                "{invisible:?}"
            );
            assert_eq!(escape_or(invisible, "step-1", Slot::Name), "step-1");
        }
        assert_eq!(escape_or("a\u{200b}", "p1", Slot::Actor), "a\u{200b}");
        assert_eq!(escape("a\u{1b}b", Slot::Actor), "a\u{fffd}b");
    }
}
