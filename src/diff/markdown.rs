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
use super::{Diff, Mode, PainPointRef, cap};
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
        .map(|s| format!("**{}** · ", s.as_str()))
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

    emotion_charts(diff, &mut out);

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
                v.map_or_else(|| "none".to_string(), |v| v.as_str().to_string())
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

/// A chart shows at most this many steps; a longer journey is charted stage by stage.
const CHART_STEPS_MAX: usize = 40;

/// At most this many personas get a chart of their own.
const CHART_PERSONAS_MAX: usize = 4;

/// The caption names each charted step or stage in at most this many characters.
const KEY_NAME_MAX: usize = 48;

/// `text` cut to `max` characters, with `…` when cut.
fn clip_to(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// A quoted Mermaid string of at most `max` characters. Mermaid decodes `#name;` codes in
/// its strings and reads `%%` as a comment (or, as `%%{...}%%`, as settings), so `#`, `%`
/// and `"` are written as codes: map text shows as written and cannot change the chart.
fn mermaid_string(text: &str, max: usize) -> String {
    let line = describe::one_line(text);
    let mut out = String::from("\"");
    for (i, c) in line.chars().enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '%' => out.push_str("#37;"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One Mermaid `xychart-beta` block: the curve before (grey) and after (blue) at the points
/// numbered `points` (numbers, not names, label the axis: Mermaid neither wraps nor rotates
/// them, and it draws equal labels at one place; the caption says what each number is).
fn chart(out: &mut String, title: &str, points: &[usize], before: &[f64], after: &[f64]) {
    let numbers = |values: &[f64]| {
        values
            .iter()
            .map(|&v| format_number(v))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(
        out,
        "```mermaid\n---\nconfig:\n  themeVariables:\n    xyChart:\n      plotColorPalette: \"{BEFORE_COLOUR}, {AFTER_COLOUR}\"\n---\nxychart-beta\n  title {}\n  x-axis [{}]\n  y-axis \"Emotion\" -2 --> 2\n  line [{}]\n  line [{}]\n```\n",
        mermaid_string(title, 60),
        points
            .iter()
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", "),
        numbers(before),
        numbers(after)
    );
}

/// The colours of the two lines, named in the caption: a grey that reads as "was", a blue
/// that reads as "is", both legible on GitHub's light and dark backgrounds.
const BEFORE_COLOUR: &str = "#9ca3af";
const AFTER_COLOUR: &str = "#2563eb";

/// Charts of the emotion curve before and after, which GitHub draws in the comment itself
/// (Mermaid `xychart-beta`): one for the journey's mean, or one per persona whose curve
/// changed when the maps score personas separately. Steps in one map only are left out of
/// the lines (a line needs a value at every point) and counted in the caption; a journey of
/// more than [`CHART_STEPS_MAX`] steps is charted by stage.
fn emotion_charts(diff: &Diff, out: &mut String) {
    let curve = &diff.curve;
    let both: Vec<usize> = (0..curve.steps.len())
        .filter(|&i| curve.steps[i].before.is_some() && curve.steps[i].after.is_some())
        .collect();
    let changed = both
        .iter()
        .any(|&i| curve.steps[i].before != curve.steps[i].after)
        || curve.personas.iter().any(|p| p.before != p.after);
    if both.len() < 2 || !changed {
        return;
    }
    let words = Wording::of(diff.mode);
    let _ = writeln!(
        out,
        "<details open><summary>Emotion, {} and {}</summary>\n",
        words.before, words.after
    );
    // What each number on an axis stands for, in the order first charted.
    let mut key: std::collections::BTreeMap<usize, &str> = std::collections::BTreeMap::new();
    let noun;
    if both.len() > CHART_STEPS_MAX {
        noun = "Stages";
        let stages: Vec<(usize, &str, f64, f64)> = diff
            .summary
            .stages
            .iter()
            .enumerate()
            .filter_map(|(i, st)| Some((i + 1, st.name.as_str(), st.mood.before?, st.mood.after?)))
            .collect();
        key.extend(stages.iter().map(|&(n, name, _, _)| (n, name)));
        let numbers: Vec<usize> = stages.iter().map(|s| s.0).collect();
        let before: Vec<f64> = stages.iter().map(|s| s.2).collect();
        let after: Vec<f64> = stages.iter().map(|s| s.3).collect();
        if before == after {
            // Two equal lines would say nothing changed; the steps' emotions did.
            let _ = writeln!(
                out,
                "Each stage's average emotion is the same {} and {}, though steps within them changed (see below).\n",
                words.before, words.after
            );
            key.clear();
        } else {
            chart(
                out,
                "Emotion by stage (mean of its steps)",
                &numbers,
                &before,
                &after,
            );
        }
    } else if curve.personas.is_empty() {
        noun = "Steps";
        key.extend(both.iter().map(|&i| (i + 1, curve.steps[i].name.as_str())));
        let numbers: Vec<usize> = both.iter().map(|&i| i + 1).collect();
        let before: Vec<f64> = both.iter().filter_map(|&i| curve.steps[i].before).collect();
        let after: Vec<f64> = both.iter().filter_map(|&i| curve.steps[i].after).collect();
        chart(out, "Emotion", &numbers, &before, &after);
    } else {
        noun = "Steps";
        let mut drawn = 0;
        for persona in &curve.personas {
            let points: Vec<(usize, f64, f64)> = (0..curve.steps.len())
                .filter_map(|i| Some((i, persona.before[i]?, persona.after[i]?)))
                .collect();
            if points.len() < 2 || points.iter().all(|(_, b, a)| b == a) {
                continue;
            }
            if drawn == CHART_PERSONAS_MAX {
                let _ = writeln!(out, "(and more personas whose curve changed)\n");
                break;
            }
            drawn += 1;
            key.extend(
                points
                    .iter()
                    .map(|&(i, _, _)| (i + 1, curve.steps[i].name.as_str())),
            );
            let numbers: Vec<usize> = points.iter().map(|p| p.0 + 1).collect();
            let before: Vec<f64> = points.iter().map(|p| p.1).collect();
            let after: Vec<f64> = points.iter().map(|p| p.2).collect();
            chart(
                out,
                &format!("Emotion of {}", persona.name),
                &numbers,
                &before,
                &after,
            );
        }
    }
    let key: Vec<String> = key
        .iter()
        .map(|(n, name)| format!("**{n}** {}", escape(&clip_to(name, KEY_NAME_MAX))))
        .collect();
    if !key.is_empty() {
        let _ = writeln!(out, "{noun}: {}\n", key.join(" · "));
    }
    let one_side = curve.steps.len() - both.len();
    let left_out = if one_side > 0 && both.len() <= CHART_STEPS_MAX {
        format!(" Steps with an emotion on one side only are left out ({one_side}).")
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "Grey: {} ({}); blue: {} ({}), on a scale of -2 to 2.{left_out}\n\n</details>\n",
        words.before,
        code(&diff.old.source),
        words.after,
        code(&diff.new.source),
    );
}
