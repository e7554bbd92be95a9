//! The report for a pull-request comment: the summary first, in tables and short lists; every
//! change in collapsed `<details>` blocks, one per stage, as ```diff code so that GitHub
//! colours added and removed lines. The whole comment stays under GitHub's 65,536-character
//! limit: long lists are cut with a note saying how many items were left out.
//!
//! Map text is hostile: outside code blocks it is escaped for Markdown and HTML, inside them
//! the fence is longer than any run of backticks in the text.

use std::fmt::Write as _;

use super::describe::{self, signed};
use super::human::{self, Paint, Wording, counts, trend};
use super::{Diff, Mode, PainPointRef};
use crate::format_number;

/// The budget for the whole comment (GitHub's limit is 65,536 characters).
pub const BUDGET: usize = 60_000;
/// The most items any one summary list shows.
const LIST_MAX: usize = 25;

/// The most characters of one piece of map text a comment shows: the budget bounds the
/// number of changes, this bounds each one (a 70,000-character title alone would otherwise
/// break GitHub's limit).
const TEXT_MAX: usize = 500;

/// `text` cut to [`TEXT_MAX`] characters, with `…` where it was cut.
fn clip(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(TEXT_MAX) {
        Some((at, _)) => format!("{}…", &text[..at]).into(),
        None => text.into(),
    }
}

/// Escapes text for inline Markdown in a pull-request comment: on one line, clipped to
/// [`TEXT_MAX`] characters so that the comment fits GitHub's limit.
pub fn escape(text: &str) -> String {
    crate::markdown::escape_inline(&clip(&describe::one_line(text)))
}

/// Escapes text for HTML (inside `<summary>`).
pub fn escape_html(text: &str) -> String {
    clip(&describe::one_line(text))
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('@', "&#64;")
}

/// Inline code that survives backticks in the text.
pub fn code(text: &str) -> String {
    let line = describe::one_line(text);
    let text = clip(&line);
    let longest = longest_run(&text, '`');
    let ticks = "`".repeat(longest + 1);
    if longest > 0 || text.starts_with(' ') || text.ends_with(' ') {
        format!("{ticks} {text} {ticks}")
    } else {
        format!("{ticks}{text}{ticks}")
    }
}

fn longest_run(text: &str, ch: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for c in text.chars() {
        if c == ch {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

fn cap(word: &str) -> String {
    let mut c = word.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

fn opt(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_string(), format_number)
}

fn arrow(delta: Option<f64>) -> String {
    match delta {
        Some(d) if d > 0.0 => format!("▲ {}", signed(d)),
        Some(d) if d < 0.0 => format!("▼ {}", signed(d)),
        Some(_) => "0".to_string(),
        None => String::new(),
    }
}

fn severity(p: &PainPointRef) -> String {
    p.severity
        .and_then(|s| serde_json::to_value(s).ok())
        .and_then(|v| v.as_str().map(|s| format!("**{s}** · ")))
        .unwrap_or_default()
}

fn more(out: &mut String, total: usize) {
    if total > LIST_MAX {
        let _ = writeln!(out, "- … and {} more", total - LIST_MAX);
    }
}

/// The whole Markdown report.
pub fn render(diff: &Diff) -> String {
    let words = Wording::of(diff.mode);
    let s = &diff.summary;
    let mut out = String::new();
    let heading = match diff.mode {
        Mode::GapAnalysis => "Gap analysis",
        Mode::Revision => "Journey map changes",
    };
    let _ = writeln!(
        out,
        "### {heading}: {} → {}\n",
        escape(&diff.old.title),
        escape(&diff.new.title)
    );
    let _ = writeln!(
        out,
        "{} → {}\n",
        code(&diff.old.source),
        code(&diff.new.source)
    );
    if diff.is_empty() {
        let _ = writeln!(out, "No changes: both maps say the same thing.");
        return out;
    }
    let _ = writeln!(out, "**{}**\n", counts(s));

    if let (Some(b), Some(a), Some(d)) = (s.journey.before, s.journey.after, s.journey.delta) {
        let better = s
            .stages
            .iter()
            .filter(|st| trend(st.mood.delta) == "better")
            .count();
        let worse = s
            .stages
            .iter()
            .filter(|st| trend(st.mood.delta) == "worse")
            .count();
        let _ = writeln!(
            out,
            "Across the journey the average emotion goes from **{}** to **{}** ({} on a scale of -2 to 2); {better} stage{} feel{} better, {worse} worse.\n",
            format_number(b),
            format_number(a),
            signed(d),
            if better == 1 { "" } else { "s" },
            if better == 1 { "s" } else { "" },
        );
    }
    if s.stages
        .iter()
        .any(|st| st.mood.before.is_some() || st.mood.after.is_some())
    {
        let _ = writeln!(
            out,
            "| Stage | {} | {} | Change |\n|---|--:|--:|--:|",
            cap(words.before),
            cap(words.after)
        );
        for st in s.stages.iter().take(LIST_MAX * 4) {
            let change = match st.status {
                "added" => "new stage".to_string(),
                "removed" => "removed".to_string(),
                _ => arrow(st.mood.delta),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {change} |",
                escape(&st.name),
                opt(st.mood.before),
                opt(st.mood.after)
            );
        }
        if s.stages.len() > LIST_MAX * 4 {
            let _ = writeln!(
                out,
                "| … {} more stages | | | |",
                s.stages.len() - LIST_MAX * 4
            );
        }
        out.push('\n');
    }

    let place = |stage: &str, step_name: &str| {
        format!("{} › {}", escape(diff.stage_name(stage)), escape(step_name))
    };
    for (title, list) in [
        (words.resolved, &s.pain_points_resolved),
        (words.introduced, &s.pain_points_introduced),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "**{title} ({})**\n", list.len());
        for p in list.iter().take(LIST_MAX) {
            let id =
                p.id.as_deref()
                    .map_or_else(String::new, |id| format!(" ({})", code(id)));
            let _ = writeln!(
                out,
                "- {}{}{id} — {}",
                severity(p),
                escape(&p.text),
                place(&p.stage, &p.step_name)
            );
        }
        more(&mut out, list.len());
        out.push('\n');
    }
    if diff.mode == Mode::GapAnalysis && !s.pain_points_open.is_empty() {
        let list = &s.pain_points_open;
        let _ = writeln!(out, "**{} ({})**\n", words.open, list.len());
        for p in list.iter().take(LIST_MAX) {
            let id =
                p.id.as_deref()
                    .map_or_else(String::new, |id| format!(" ({})", code(id)));
            let _ = writeln!(
                out,
                "- {}{}{id} — {}",
                severity(p),
                escape(&p.text),
                place(&p.stage, &p.step_name)
            );
        }
        more(&mut out, list.len());
        out.push('\n');
    }
    if !s.severity_changes.is_empty() {
        let _ = writeln!(out, "**Severity changes ({})**\n", s.severity_changes.len());
        for c in s.severity_changes.iter().take(LIST_MAX) {
            let sev = |v: Option<crate::model::Severity>| {
                v.and_then(|v| serde_json::to_value(v).ok())
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_else(|| "none".to_string())
            };
            let who = c.id.as_deref().map_or_else(|| escape(&c.text), code);
            let _ = writeln!(
                out,
                "- {who}: {} → **{}** — {}",
                sev(c.before),
                sev(c.after),
                place(&c.stage, &c.step_name)
            );
        }
        more(&mut out, s.severity_changes.len());
        out.push('\n');
    }
    for (title, list) in [
        (words.steps_added, &s.steps_added),
        (words.steps_removed, &s.steps_removed),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "**{title} ({})**\n", list.len());
        for st in list.iter().take(LIST_MAX) {
            let mood = st
                .emotion
                .map_or_else(String::new, |e| format!(", emotion {}", format_number(e)));
            let _ = writeln!(
                out,
                "- {} ({}) in {}{mood}",
                escape(&st.name),
                code(&st.id),
                escape(&st.stage_name)
            );
        }
        more(&mut out, list.len());
        out.push('\n');
    }
    if !s.biggest_emotion_changes.is_empty() {
        let _ = writeln!(
            out,
            "**Biggest emotion changes**\n\n| Step | Stage | {} | {} | Change |\n|---|---|--:|--:|--:|",
            cap(words.before),
            cap(words.after)
        );
        for m in &s.biggest_emotion_changes {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                escape(&m.name),
                escape(&m.stage_name),
                opt(m.mood.before),
                opt(m.mood.after),
                arrow(m.mood.delta)
            );
        }
        out.push('\n');
    }

    let _ = writeln!(
        out,
        "**All changes** by stage (`+` added, `-` removed, `~` changed, `>` moved):\n"
    );
    let blocks = human::blocks(diff, Paint { color: false });
    let total = blocks.len();
    for (shown, block) in blocks.into_iter().enumerate() {
        let title = match &block.stage {
            None => "Map, personas and channels".to_string(),
            Some(id) => format!("Stage {}", escape_html(diff.stage_name(id))),
        };
        let body = block.lines.join("\n");
        let fence = "`".repeat(longest_run(&body, '`').max(2) + 1);
        let mut section = format!(
            "<details><summary>{title}: {} change{}</summary>\n\n{fence}diff\n{body}\n{fence}\n\n</details>\n",
            block.changes,
            if block.changes == 1 { "" } else { "s" }
        );
        if out.len() + section.len() > BUDGET {
            // Cut this section to what fits, or leave it and the rest out.
            let room = BUDGET.saturating_sub(out.len() + 400);
            let mut kept = String::new();
            for line in block.lines.iter() {
                if kept.len() + line.len() + 1 > room {
                    break;
                }
                kept.push_str(line);
                kept.push('\n');
            }
            if kept.is_empty() {
                let _ = writeln!(
                    out,
                    "\n… {} more section{} left out to fit a comment; run `journeymap diff` for the full report.",
                    total - shown,
                    if total - shown == 1 { "" } else { "s" }
                );
                return out;
            }
            section = format!(
                "<details><summary>{title}: {} change{} (cut)</summary>\n\n{fence}diff\n{kept}{fence}\n\n</details>\n",
                block.changes,
                if block.changes == 1 { "" } else { "s" }
            );
            out.push_str(&section);
            let left = total - shown - 1;
            let _ = writeln!(
                out,
                "\n… the report was cut to fit a comment{}; run `journeymap diff` for the full report.",
                if left > 0 {
                    format!(
                        " ({left} more section{} left out)",
                        if left == 1 { "" } else { "s" }
                    )
                } else {
                    String::new()
                }
            );
            return out;
        }
        out.push_str(&section);
    }
    out
}
