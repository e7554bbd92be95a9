//! The report for people at a terminal: a summary, then every change grouped by stage and
//! step, one sign per line (`+` added, `-` removed, `~` changed or renamed, `>` moved).

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};

use super::describe::{self, Group, Line, Piece, Sign, signed};
use super::{Change, ChangeKind, Diff, Mode, Summary};
use crate::format_number;

/// ANSI styling (anstyle), or none.
#[derive(Debug, Clone, Copy)]
pub struct Paint {
    pub color: bool,
}

impl Paint {
    fn wrap(self, style: Style, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    }

    pub fn bold(self, text: &str) -> String {
        self.wrap(Style::new().bold(), text)
    }

    pub fn dim(self, text: &str) -> String {
        self.wrap(Style::new().dimmed(), text)
    }

    /// Bold red, for regressions.
    pub fn error(self, text: &str) -> String {
        self.wrap(
            Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
            text,
        )
    }

    pub fn sign(self, sign: Sign, text: &str) -> String {
        let color = match sign {
            Sign::Added => AnsiColor::Green,
            Sign::Removed => AnsiColor::Red,
            Sign::Changed => AnsiColor::Yellow,
            Sign::Moved => AnsiColor::Cyan,
        };
        self.wrap(Style::new().fg_color(Some(color.into())), text)
    }
}

/// A section of the change list: the map-level changes, or one stage.
#[derive(Debug, Clone)]
pub struct Block {
    /// `None` for the map, personas and channels; the stage id otherwise.
    pub stage: Option<String>,
    pub changes: usize,
    pub lines: Vec<String>,
}

fn pieces_text(pieces: &[Piece]) -> String {
    describe::flatten(pieces)
}

/// One rendered line: sign column, indentation, text.
fn row(paint: Paint, sign: Option<Sign>, depth: usize, text: &str, heading: bool) -> String {
    let indent = "  ".repeat(depth);
    let sign_char = sign.map_or(' ', Sign::char);
    let raw = format!("{sign_char} {indent}{text}");
    match sign {
        Some(s) => paint.sign(s, &raw),
        None if heading => paint.bold(&raw),
        None => raw,
    }
}

fn heading_text(diff: &Diff, group: &Group, name: Option<&str>) -> String {
    let quoted = |t: &str| format!("\"{}\"", describe::one_line(t));
    let named = |word: &str, id: &str| match name {
        Some(n) => format!("{word} {id} {}", quoted(n)),
        None => format!("{word} {id}"),
    };
    match group {
        Group::Map => "map".to_string(),
        Group::Persona(id) => named("persona", id),
        Group::Channel(id) => named("channel", id),
        Group::Stage(id) => format!("stage {id} {}", quoted(diff.stage_name(id))),
        Group::Step(_, id) => format!("step {id} {}", quoted(diff.step_name(id))),
    }
}

/// The change list in sections, without colour codes unless `paint` says so.
pub fn blocks(diff: &Diff, paint: Paint) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut i = 0;
    let changes = &diff.changes;
    let mut current_stage: Option<String> = None;
    while i < changes.len() {
        let group = Group::of(&changes[i]);
        let mut j = i + 1;
        while j < changes.len() && Group::of(&changes[j]) == group {
            j += 1;
        }
        let run = &changes[i..j];
        let stage = match &group {
            Group::Stage(s) | Group::Step(s, _) => Some(s.clone()),
            _ => None,
        };
        let new_block = blocks.is_empty() || blocks.last().is_some_and(|b| b.stage != stage);
        if new_block {
            blocks.push(Block {
                stage: stage.clone(),
                changes: 0,
                lines: Vec::new(),
            });
            current_stage = None;
        }
        let block = blocks.last_mut().expect("a block was just pushed");
        block.changes += run.len();
        // The element's own added/removed change becomes its heading.
        let own_sign = run
            .iter()
            .find(|c| {
                describe::is_own(c) && matches!(c.kind, ChangeKind::Added | ChangeKind::Removed)
            })
            .map(|c| Sign::of(c.kind));
        let depth = match &group {
            Group::Step(stage, _) => {
                if current_stage.as_deref() != Some(stage.as_str()) {
                    let text = heading_text(diff, &Group::Stage(stage.clone()), None);
                    block.lines.push(row(paint, None, 0, &text, true));
                    current_stage = Some(stage.clone());
                }
                1
            }
            Group::Stage(stage) => {
                current_stage = Some(stage.clone());
                0
            }
            _ => 0,
        };
        let heading = heading_text(diff, &group, run[0].name.as_deref());
        let shown_heading = match own_sign {
            Some(Sign::Added) => format!("{heading} (added)"),
            Some(Sign::Removed) => format!("{heading} (removed)"),
            _ => heading,
        };
        block.lines.push(row(
            paint,
            own_sign,
            depth,
            &shown_heading,
            own_sign.is_none(),
        ));
        for change in run {
            if describe::is_own(change)
                && matches!(change.kind, ChangeKind::Added | ChangeKind::Removed)
            {
                continue;
            }
            push_change(&mut block.lines, paint, change, depth + 1);
        }
        i = j;
    }
    blocks
}

fn push_change(lines: &mut Vec<String>, paint: Paint, change: &Change, depth: usize) {
    let Line { sign, head, body } = describe::line(change, true);
    lines.push(row(paint, Some(sign), depth, &pieces_text(&head), false));
    for (s, pieces) in body {
        lines.push(row(paint, Some(s), depth + 2, &pieces_text(&pieces), false));
    }
}

/// Words that change with the mode: a gap analysis speaks of today and the future state.
pub struct Wording {
    pub before: &'static str,
    pub after: &'static str,
    pub resolved: &'static str,
    pub introduced: &'static str,
    pub open: &'static str,
    pub steps_added: &'static str,
    pub steps_removed: &'static str,
}

impl Wording {
    pub fn of(mode: Mode) -> Wording {
        match mode {
            Mode::GapAnalysis => Wording {
                before: "today",
                after: "future",
                resolved: "Pain points the future state resolves",
                introduced: "Pain points new in the future state",
                open: "Pain points the future state leaves open",
                steps_added: "New steps in the future state",
                steps_removed: "Steps the future state no longer needs",
            },
            Mode::Revision => Wording {
                before: "before",
                after: "after",
                resolved: "Pain points resolved",
                introduced: "New pain points",
                open: "Pain points on both sides",
                steps_added: "Steps added",
                steps_removed: "Steps removed",
            },
        }
    }
}

/// `41 changes: 4 added, 6 removed, 7 renamed, 24 modified` (kinds with no change left out).
pub fn counts(summary: &Summary) -> String {
    let parts: Vec<String> = [
        (summary.added, "added"),
        (summary.removed, "removed"),
        (summary.renamed, "renamed"),
        (summary.moved, "moved"),
        (summary.modified, "modified"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, w)| format!("{n} {w}"))
    .collect();
    format!(
        "{} change{}: {}",
        summary.changes,
        if summary.changes == 1 { "" } else { "s" },
        parts.join(", ")
    )
}

/// `better`, `worse` or `same` for a stage's delta.
pub fn trend(delta: Option<f64>) -> &'static str {
    match delta {
        Some(d) if d > 0.0 => "better",
        Some(d) if d < 0.0 => "worse",
        Some(_) => "same",
        None => "",
    }
}

fn opt(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_string(), format_number)
}

fn width(text: &str) -> usize {
    text.chars().count()
}

fn pad(text: &str, to: usize) -> String {
    let mut s = text.to_string();
    for _ in width(text)..to {
        s.push(' ');
    }
    s
}

/// The whole human report.
pub fn render(diff: &Diff, color: bool) -> String {
    let paint = Paint { color };
    let words = Wording::of(diff.mode);
    let s = &diff.summary;
    let mut out = String::new();
    let q = |t: &str| format!("\"{}\"", describe::one_line(t));
    match diff.mode {
        Mode::GapAnalysis => {
            let _ = writeln!(
                out,
                "{}",
                paint.bold("Gap analysis: current state → future state")
            );
            let _ = writeln!(
                out,
                "  today   {}  {}",
                describe::one_line(&diff.old.source),
                q(&diff.old.title)
            );
            let _ = writeln!(
                out,
                "  future  {}  {}",
                describe::one_line(&diff.new.source),
                q(&diff.new.title)
            );
        }
        Mode::Revision => {
            let _ = writeln!(out, "{}", paint.bold("journeymap diff"));
            let _ = writeln!(
                out,
                "  old  {}  {}",
                describe::one_line(&diff.old.source),
                q(&diff.old.title)
            );
            let _ = writeln!(
                out,
                "  new  {}  {}",
                describe::one_line(&diff.new.source),
                q(&diff.new.title)
            );
        }
    }
    out.push('\n');
    if diff.is_empty() {
        let _ = writeln!(out, "No changes: both maps say the same thing.");
        return out;
    }

    let _ = writeln!(out, "{}", paint.bold("Summary"));
    let _ = writeln!(out, "  {}", counts(s));
    if let (Some(b), Some(a), Some(d)) = (s.journey.before, s.journey.after, s.journey.delta) {
        let _ = writeln!(
            out,
            "  Average emotion across the journey (-2 to 2): {} → {} ({})",
            format_number(b),
            format_number(a),
            signed(d)
        );
    }

    if s.stages
        .iter()
        .any(|st| st.mood.before.is_some() || st.mood.after.is_some())
    {
        let _ = writeln!(
            out,
            "\n  How each stage feels (average emotion, {} → {}):",
            words.before, words.after
        );
        let name_w = s
            .stages
            .iter()
            .map(|st| width(&describe::one_line(&st.name)))
            .max()
            .unwrap_or(0);
        for st in &s.stages {
            let name = describe::one_line(&st.name);
            let mut line = format!(
                "    {}  {:>5} → {:<5}",
                pad(&name, name_w),
                opt(st.mood.before),
                opt(st.mood.after)
            );
            match st.mood.delta {
                Some(d) => {
                    let _ = write!(line, "  {:>6}  {}", signed(d), trend(Some(d)));
                }
                None => {
                    let _ = write!(line, "  stage {}", st.status);
                }
            }
            let line = line.trim_end().to_string();
            let styled = match st.mood.delta {
                Some(d) if d > 0.0 => paint.sign(Sign::Added, &line),
                Some(d) if d < 0.0 => paint.sign(Sign::Removed, &line),
                _ => line,
            };
            let _ = writeln!(out, "{styled}");
        }
    }

    let place = |stage: &str, step_name: &str| {
        format!(
            "at {} / {}",
            describe::one_line(diff.stage_name(stage)),
            describe::one_line(step_name)
        )
    };
    let pain = |p: &super::PainPointRef| {
        let mut t = String::new();
        if let Some(id) = &p.id {
            let _ = write!(t, "{id} ");
        }
        if let Some(sev) = p.severity {
            let _ = write!(t, "({}) ", sev.as_str());
        }
        let _ = write!(t, "{}  {}", q(&p.text), place(&p.stage, &p.step_name));
        t
    };
    if !s.pain_points_resolved.is_empty() {
        let _ = writeln!(
            out,
            "\n  {} ({}):",
            words.resolved,
            s.pain_points_resolved.len()
        );
        for p in &s.pain_points_resolved {
            let _ = writeln!(
                out,
                "{}",
                paint.sign(Sign::Added, &format!("    ✓ {}", pain(p)))
            );
        }
    }
    if !s.pain_points_introduced.is_empty() {
        let _ = writeln!(
            out,
            "\n  {} ({}):",
            words.introduced,
            s.pain_points_introduced.len()
        );
        for p in &s.pain_points_introduced {
            let _ = writeln!(
                out,
                "{}",
                paint.sign(Sign::Removed, &format!("    ! {}", pain(p)))
            );
        }
    }
    if diff.mode == Mode::GapAnalysis && !s.pain_points_open.is_empty() {
        let _ = writeln!(out, "\n  {} ({}):", words.open, s.pain_points_open.len());
        for p in &s.pain_points_open {
            let _ = writeln!(
                out,
                "{}",
                paint.sign(Sign::Changed, &format!("    · {}", pain(p)))
            );
        }
    }
    if !s.severity_changes.is_empty() {
        let _ = writeln!(out, "\n  Severity changes ({}):", s.severity_changes.len());
        for c in &s.severity_changes {
            let sev = |v: Option<crate::model::Severity>| {
                v.map_or_else(|| "(none)".to_string(), |v| v.as_str().to_string())
            };
            let who = c.id.clone().unwrap_or_else(|| q(&c.text));
            let _ = writeln!(
                out,
                "    ~ {who}: {} → {}  {}",
                sev(c.before),
                sev(c.after),
                place(&c.stage, &c.step_name)
            );
        }
    }
    for (title, list, sign) in [
        (words.steps_added, &s.steps_added, Sign::Added),
        (words.steps_removed, &s.steps_removed, Sign::Removed),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n  {title} ({}):", list.len());
        for st in list {
            let mood = st
                .emotion
                .map_or_else(String::new, |e| format!(", emotion {}", format_number(e)));
            let text = format!(
                "    {} {} {}  in {}{mood}",
                sign.char(),
                st.id,
                q(&st.name),
                describe::one_line(&st.stage_name)
            );
            let _ = writeln!(out, "{}", paint.sign(sign, &text));
        }
    }
    if !s.biggest_emotion_changes.is_empty() {
        let _ = writeln!(out, "\n  Biggest emotion changes (step average):");
        for m in &s.biggest_emotion_changes {
            let d = m.mood.delta.unwrap_or(0.0);
            let text = format!(
                "    {:>5}  {} {} in {}: {} → {}",
                signed(d),
                m.step,
                q(&m.name),
                describe::one_line(&m.stage_name),
                opt(m.mood.before),
                opt(m.mood.after)
            );
            let sign = if d > 0.0 { Sign::Added } else { Sign::Removed };
            let _ = writeln!(out, "{}", paint.sign(sign, &text));
        }
    }

    let _ = writeln!(out, "\n{}", paint.bold("Changes"));
    for block in blocks(diff, paint) {
        for line in &block.lines {
            let _ = writeln!(out, "{line}");
        }
    }
    out
}
