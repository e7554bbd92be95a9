//! Mermaid journey diagrams (`journey` in Mermaid, the diagram GitHub and GitLab draw from
//! ```` ```mermaid ```` blocks), both ways.
//!
//! Import reads a diagram the way Mermaid does (see [`text`] for the preprocessing and [`lex`]
//! for the grammar), then turns sections into stages, tasks into steps, scores 1..5 into
//! emotions -2..+2 and actors into personas. Export writes the closest diagram a map can give.

mod export;
pub mod lex;
pub mod text;

use std::ops::Range;
use std::sync::Arc;

pub use export::export;

use self::lex::Statement;
use self::text::{Mapped, Preprocessed, decode_placeholders, js_space};
use super::codes::{MERMAID_COMPAT, MERMAID_SCORE, MERMAID_SYNTAX};
use super::{
    Imported, Origin, Slugs, char_name, humanize, new_map, new_persona, new_stage, new_step,
    refused_control, stem_of,
};
use crate::diagnostics::Diagnostic;
use crate::load::{Limits, NodeValue};
use crate::model::{Emotion, Id, Score};
use crate::source::SourceFile;
use crate::validate::schema::holds_only_blanks;

/// What the command line adds to an import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The map's id; by default the slug of its title.
    pub id: Option<String>,
    /// The map's title; by default the diagram's.
    pub title: Option<String>,
    /// Read the file as Markdown and import its first ```` ```mermaid ```` journey block.
    pub markdown: bool,
}

/// Imports a Mermaid journey diagram (or the first one in a Markdown file).
pub fn import(file: &Arc<SourceFile>, options: &ImportOptions) -> Imported {
    let mut imported = Imported::default();
    let source = file.text.as_str();
    let (range, pre) = if options.markdown {
        let blocks: Vec<(Range<usize>, Preprocessed)> = fenced_mermaid_blocks(source)
            .into_iter()
            .map(|r| (r.clone(), text::preprocess(Mapped::from_source(source, r))))
            .filter(|(_, p)| p.code.text.starts_with("journey"))
            .collect();
        let mut blocks = blocks.into_iter();
        let Some(first) = blocks.next() else {
            imported.diagnostics.push(
                Diagnostic::new(
                    &MERMAID_SYNTAX,
                    file,
                    None,
                    "the file has no ```mermaid block that holds a journey diagram",
                )
                .with_help("a journey block starts with a line ```mermaid, then `journey`"),
            );
            return imported;
        };
        let others: Vec<String> = blocks
            .map(|(r, _)| file.line_col(r.start).line.saturating_sub(1).to_string())
            .collect();
        if !others.is_empty() {
            imported.notes.push(format!(
                "imported the first journey block (line {}); the {} at {} {} not imported",
                file.line_col(first.0.start).line.saturating_sub(1),
                if others.len() == 1 { "block" } else { "blocks" },
                if others.len() == 1 { "line" } else { "lines" },
                others.join(", ") + if others.len() == 1 { " was" } else { " were" }
            ));
        }
        first
    } else {
        let whole = 0..source.len();
        (
            whole.clone(),
            text::preprocess(Mapped::from_source(source, whole)),
        )
    };
    if !pre.code.text.starts_with("journey") {
        imported
            .diagnostics
            .push(not_a_journey(file, &pre, range.clone()));
        return imported;
    }
    if !refuse_controls(file, &pre, &mut imported) {
        return imported;
    }
    let mut builder = Builder {
        file,
        pre: &pre,
        imported: &mut imported,
        title: None,
        title_span: None,
        acc_title_span: None,
        acc_descr_span: None,
        acc_title: None,
        acc_descr: None,
        front_title: None,
        sections: Vec::new(),
        tasks: Vec::new(),
    };
    builder.read_front_matter();
    for directive in &pre.directives {
        let at = file.line_col(directive.start);
        builder.imported.notes.push(format!(
            "the directive at line {} (Mermaid display settings) is not part of a journey map; \
             left out",
            at.line
        ));
    }
    let (statements, errors) = lex::parse(&pre.code.text);
    for error in errors {
        let mut d = Diagnostic::new(
            &MERMAID_SYNTAX,
            file,
            Some(pre.code.span(error.range)),
            error.message,
        )
        .with_label(error.label);
        if let Some(help) = error.help {
            d = d.with_help(help);
        }
        builder.imported.diagnostics.push(d);
    }
    for statement in statements {
        builder.statement(statement);
    }
    let keyword = pre.code.span(0.."journey".len());
    builder.finish(options, keyword);
    imported.refuse_decoded_controls(file, &MERMAID_SYNTAX);
    if imported.has_errors() {
        imported.map = None;
    }
    imported
}

/// Refuses control characters (other than tabs and line breaks) in what Mermaid reads, both
/// as they are and as entity codes (`#27;`), pointing at each; false when there is one.
/// Runs before the grammar, so that no message quotes such a character.
fn refuse_controls(file: &Arc<SourceFile>, pre: &Preprocessed, imported: &mut Imported) -> bool {
    let mut ok = true;
    for (i, c) in pre.code.text.char_indices() {
        let span = pre.code.span(i..i + c.len_utf8());
        let message = if refused_control(c) {
            format!(
                "the diagram holds the control character {}, which a journey map cannot hold",
                char_name(c)
            )
        } else {
            let decoded = decode_placeholders(c.encode_utf8(&mut [0; 4]), &pre.entities);
            match decoded.chars().find(|&d| refused_control(d)) {
                Some(d) if decoded != c.to_string() => format!(
                    "the entity code `{}` stands for the control character {}, which a journey \
                     map cannot hold",
                    &file.text[span.clone()],
                    char_name(d)
                ),
                _ => continue,
            }
        };
        imported.diagnostics.push(
            Diagnostic::new(&MERMAID_SYNTAX, file, Some(span), message)
                .with_label("control character")
                .with_help("remove it (tabs and line breaks are fine)"),
        );
        ok = false;
    }
    ok
}

/// The diagnostic for text that is not a journey diagram.
fn not_a_journey(file: &Arc<SourceFile>, pre: &Preprocessed, range: Range<usize>) -> Diagnostic {
    let code = &pre.code.text;
    if code.trim().is_empty() {
        let span = (!range.is_empty()).then_some(range.start..range.start);
        return Diagnostic::new(&MERMAID_SYNTAX, file, span, "the diagram is empty")
            .with_help("a Mermaid journey diagram starts with the line `journey`");
    }
    let word_len = code
        .char_indices()
        .find(|&(_, c)| js_space(c) || c == ';' || c == '-')
        .map_or(code.len(), |(i, _)| i)
        .max(code.chars().next().map_or(0, char::len_utf8));
    let word = &code[..word_len];
    Diagnostic::new(
        &MERMAID_SYNTAX,
        file,
        Some(pre.code.span(0..word_len)),
        format!("this is not a Mermaid journey diagram: it starts with `{word}`"),
    )
    .with_label("expected `journey`")
    .with_help("a journey diagram starts with `journey` (lower case), after any front matter")
}

/// A section heading as Mermaid keeps it.
struct Section {
    /// The text after `section ` exactly as Mermaid compares it.
    raw: String,
    name: String,
    span: Range<usize>,
    tasks: usize,
}

struct Task {
    /// Index into `sections`, or `None` before the first section.
    section: Option<usize>,
    /// The task's line in the source, from its name to its actors.
    span: Range<usize>,
    name: String,
    score: Option<i8>,
    actors: Vec<String>,
}

struct Builder<'a> {
    file: &'a Arc<SourceFile>,
    pre: &'a Preprocessed,
    imported: &'a mut Imported,
    title: Option<String>,
    /// Where the `title`, `accTitle` and `accDescr` lines are.
    title_span: Option<Range<usize>>,
    acc_title_span: Option<Range<usize>>,
    acc_descr_span: Option<Range<usize>>,
    acc_title: Option<String>,
    acc_descr: Option<String>,
    front_title: Option<String>,
    sections: Vec<Section>,
    tasks: Vec<Task>,
}

/// `<br>`, `<br/>`, `<br />` in any case (Mermaid's `lineBreakRegex`, `<br\s*\/?>`): where
/// one starts at `at` of `s`, its length.
fn line_break_at(s: &str, at: usize) -> Option<usize> {
    let rest = &s[at..];
    if rest.len() < 3 || !rest.as_bytes()[..3].eq_ignore_ascii_case(b"<br") {
        return None;
    }
    let mut i = 3 + rest[3..]
        .char_indices()
        .find(|&(_, c)| !js_space(c))
        .map_or(rest.len() - 3, |(k, _)| k);
    if rest[i..].starts_with('/') {
        i += 1;
    }
    rest[i..].starts_with('>').then_some(i + 1)
}

/// Replaces Mermaid's line breaks by spaces: a journey map wraps its own text.
fn join_line_breaks(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut at = 0;
    while at < s.len() {
        if let Some(len) = line_break_at(s, at) {
            out.push(' ');
            at += len;
        } else {
            let c = s[at..].chars().next().unwrap_or(' ');
            out.push(c);
            at += c.len_utf8();
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Builder<'_> {
    fn span(&self, range: Range<usize>) -> Range<usize> {
        self.pre.code.span(range)
    }

    fn text(&self, range: &Range<usize>) -> &str {
        &self.pre.code.text[range.clone()]
    }

    fn decode(&self, s: &str) -> String {
        decode_placeholders(s, &self.pre.entities)
    }

    /// Cuts a trailing `%% comment` off a value that Mermaid would keep it in, with a warning.
    fn cut_comment(&mut self, range: Range<usize>, what: &str) -> Range<usize> {
        let Some(at) = self.text(&range).find("%%") else {
            return range;
        };
        let comment = range.start + at..range.end;
        let shown = self.text(&comment).trim_end().to_string();
        self.imported.diagnostics.push(
            Diagnostic::new(
                &MERMAID_COMPAT,
                self.file,
                Some(self.span(comment.start..comment.start + shown.len())),
                format!("Mermaid shows `{shown}` as part of the {what}; the import drops it as a comment"),
            )
            .with_label("not a comment for Mermaid")
            .with_help("put `%%` comments on a line of their own"),
        );
        range.start..comment.start
    }

    /// Skips a keyword and the one blank after it (Jison's `substr(6)` / `substr(8)`).
    fn after_keyword(&self, range: &Range<usize>, keyword: &str) -> Range<usize> {
        let rest = &self.pre.code.text[range.start + keyword.len()..range.end];
        let blank = rest.chars().next().map_or(0, char::len_utf8);
        range.start + keyword.len() + blank..range.end
    }

    fn statement(&mut self, statement: Statement) {
        match statement {
            Statement::Title(range) => {
                let value = self.after_keyword(&range, "title");
                let value = self.cut_comment(value, "title");
                let title = self.decode(self.text(&value)).trim().to_string();
                self.title = Some(title).filter(|t| !holds_only_blanks(t));
                self.title_span = Some(self.span(range));
            }
            Statement::AccTitle(range) => {
                let value = self.cut_comment(range, "accessible title");
                let title = self.decode(self.text(&value)).trim().to_string();
                self.acc_title = Some(title).filter(|t| !holds_only_blanks(t));
                self.acc_title_span = Some(self.span(value));
            }
            Statement::AccDescr { range, multiline } => {
                let value = if multiline {
                    range
                } else {
                    self.cut_comment(range, "accessible description")
                };
                let raw = self.decode(self.text(&value));
                let descr = raw
                    .trim()
                    .split('\n')
                    .map(|line| line.trim_start_matches(js_space))
                    .collect::<Vec<_>>()
                    .join("\n");
                self.acc_descr = Some(descr).filter(|d| !d.is_empty());
                self.acc_descr_span = Some(self.span(value));
            }
            Statement::Section(range) => {
                let value = self.after_keyword(&range, "section");
                let value = self.cut_comment(value, "section name");
                let raw = self.text(&value).to_string();
                let name = self.decode(&join_line_breaks(&raw));
                let span = self.span(range);
                self.sections.push(Section {
                    raw,
                    name,
                    span,
                    tasks: 0,
                });
            }
            Statement::Task { name, data } => self.task(name, data),
        }
    }

    fn task(&mut self, name_range: Range<usize>, data: Range<usize>) {
        let data = self.cut_comment(data, "task's actors");
        let name = self.decode(&join_line_breaks(self.text(&name_range)));
        let name_span = self.span(name_range.clone());
        // `taskData.substr(1).split(':')`: the score, the actors, and what Mermaid ignores.
        let body = data.start + 1..data.end;
        let mut pieces = Vec::new();
        let mut at = body.start;
        for piece in self.text(&body).split(':') {
            pieces.push(at..at + piece.len());
            at += piece.len() + 1;
        }
        if pieces.len() > 2 {
            let extra = pieces[2].start - 1..body.end;
            self.imported.diagnostics.push(
                Diagnostic::new(
                    &MERMAID_COMPAT,
                    self.file,
                    Some(self.span(extra)),
                    "Mermaid ignores everything after a task's second `:`",
                )
                .with_label("ignored")
                .with_help(
                    "a task is `Name: score: Actor, Actor`; write a `:` in a name as `#58;`",
                ),
            );
        }
        let score = self.score(&name, &pieces[0], &data);
        let mut actors = Vec::new();
        if let Some(list) = pieces.get(1) {
            for actor in self.text(list).split(',') {
                let actor = self.decode(actor).trim().to_string();
                if !holds_only_blanks(&actor) && !actors.contains(&actor) {
                    actors.push(actor);
                }
            }
        }
        if name.is_empty() {
            self.imported.diagnostics.push(
                Diagnostic::new(
                    &MERMAID_SYNTAX,
                    self.file,
                    Some(name_span),
                    "the task has no name once its line breaks are removed",
                )
                .with_label("empty task name"),
            );
        }
        let section = self.sections.len().checked_sub(1);
        let span = self.span(name_range.start..data.end);
        self.tasks.push(Task {
            section,
            span,
            name,
            score,
            actors,
        });
    }

    /// Reads a score like JavaScript's `Number()` would, but only accepts 1..5.
    fn score(&mut self, task: &str, piece: &Range<usize>, data: &Range<usize>) -> Option<i8> {
        let raw = self.text(piece);
        let trimmed = raw.trim_matches(js_space);
        let lead = raw.len() - raw.trim_start_matches(js_space).len();
        let at = piece.start + lead..piece.start + lead + trimmed.len();
        let numeric = !trimmed.is_empty()
            && trimmed
                .bytes()
                .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b))
            && trimmed.bytes().any(|b| b.is_ascii_digit());
        let value = if numeric {
            trimmed.parse::<f64>().ok()
        } else {
            None
        };
        let problem = match value {
            Some(v) if v.fract() == 0.0 && (1.0..=5.0).contains(&v) => return Some(v as i8),
            Some(_) => format!(
                "the score `{trimmed}` of the task `{task}` is not a whole number from 1 to 5"
            ),
            None if trimmed.is_empty() => format!("the task `{task}` has no score"),
            None => format!(
                "`{trimmed}` is not a score: the task `{task}` needs a whole number from 1 to 5"
            ),
        };
        let span = if trimmed.is_empty() {
            self.span(data.start..data.start + 1)
        } else {
            self.span(at)
        };
        self.imported.diagnostics.push(
            Diagnostic::new(&MERMAID_SCORE, self.file, Some(span), problem)
                .with_label("score must be 1, 2, 3, 4 or 5")
                .with_help(
                    "Mermaid scores 1..5 become emotions -2..+2 (1 very negative, 3 neutral, 5 very positive)",
                ),
        );
        None
    }

    /// Reads `title:` from the front matter with the project's YAML loader, so that a broken
    /// front matter is reported at its line and column.
    fn read_front_matter(&mut self) {
        let Some(body) = self.pre.front_matter.clone() else {
            return;
        };
        let body_text = &self.file.text[body.clone()];
        let empty = body_text.lines().all(|l| {
            let t = l.trim();
            t.is_empty() || t.starts_with('#')
        });
        if empty {
            return;
        }
        // The same bytes at the same offsets, what comes before the front matter blanked and
        // what comes after it cut, so that an error points into the front matter.
        let blanked: String = self.file.text[..body.end]
            .char_indices()
            .map(|(i, c)| {
                if body.contains(&i) || c == '\n' {
                    c.to_string()
                } else {
                    " ".repeat(c.len_utf8())
                }
            })
            .collect();
        let shadow = SourceFile::new(self.file.name.clone(), self.file.path.as_deref(), blanked);
        match crate::load::parse(&shadow, &Limits::default()) {
            Err(diagnostics) => {
                for mut d in diagnostics {
                    d.file = Arc::clone(self.file);
                    self.imported.diagnostics.push(d);
                }
            }
            Ok(document) => {
                let NodeValue::Map(entries) = &document.root.value else {
                    return;
                };
                for entry in entries {
                    match (document.key(entry), &entry.value.value) {
                        ("title", NodeValue::Str(s)) => {
                            self.front_title = Some(document.text(s).to_owned());
                        }
                        ("title", NodeValue::Int(n)) => self.front_title = Some(n.to_string()),
                        ("title", NodeValue::Float(f)) => self.front_title = Some(f.to_string()),
                        ("title", NodeValue::Bool(b)) => self.front_title = Some(b.to_string()),
                        ("title", _) => {}
                        (key, _) => self.imported.notes.push(format!(
                            "the front matter's `{key}` (Mermaid settings) is not part of a \
                             journey map; left out"
                        )),
                    }
                }
                self.front_title = self
                    .front_title
                    .take()
                    .map(|t| t.trim().to_string())
                    .filter(|t| !t.is_empty());
            }
        }
    }

    fn finish(&mut self, options: &ImportOptions, keyword: Range<usize>) {
        if self.imported.has_errors() {
            return;
        }
        if self.tasks.is_empty() {
            self.imported.diagnostics.push(
                Diagnostic::new(
                    &MERMAID_SYNTAX,
                    self.file,
                    Some(keyword),
                    "the diagram has no tasks; a journey map needs at least one step",
                )
                .with_label("empty journey")
                .with_help("add tasks such as `Make tea: 5: Me` under a `section`"),
            );
            return;
        }
        let notes = &mut self.imported.notes;
        // Where each part of the map comes from: a line of the diagram, or a flag.
        let mut origins = Vec::new();
        let line = |pointer: String, span: Option<Range<usize>>| Origin {
            pointer,
            span,
            place: String::new(),
            label: None,
        };
        let (title, title_span, title_place) = if let Some(t) = &options.title {
            (t.clone(), None, "the --title flag")
        } else if let Some(t) = self.title.clone() {
            (t, self.title_span.clone(), "")
        } else if let Some(t) = self.front_title.clone() {
            (t, self.pre.front_matter.clone(), "")
        } else if let Some(t) = self.acc_title.clone() {
            (t, self.acc_title_span.clone(), "")
        } else {
            let t = humanize(&stem_of(&self.file.name));
            notes.push(format!(
                "the diagram has no title; the map is titled `{t}` after the file (use --title)"
            ));
            (t, None, "the file name")
        };
        let from = |place: &str, what: &str| {
            if place.is_empty() {
                String::new()
            } else {
                format!("the map's {what} (from {place})")
            }
        };
        origins.push(Origin {
            place: from(title_place, "title"),
            ..line("/title".to_string(), title_span.clone())
        });
        origins.push(Origin {
            place: if options.id.is_some() {
                from("the --id flag", "id")
            } else {
                from(title_place, "id")
            },
            ..line(
                "/id".to_string(),
                title_span.filter(|_| options.id.is_none()),
            )
        });
        origins.push(line(
            "/description".to_string(),
            self.acc_descr_span.clone(),
        ));
        if let Some(acc) = &self.acc_title
            && acc != &title
        {
            notes.push(format!(
                "the accessible title `{acc}` differs from the title; a journey map's title is \
                 its accessible name, so `{acc}` was left out"
            ));
        }
        let id = match &options.id {
            Some(id) => id.clone(),
            None => {
                let id = crate::model::scalars::slugify(&title);
                notes.push(format!(
                    "the map's id `{id}` comes from its title (use --id)"
                ));
                id
            }
        };
        // Personas: the actors, in order of first appearance.
        let mut persona_ids = Slugs::default();
        let mut personas: Vec<(String, String)> = Vec::new();
        for task in &self.tasks {
            for actor in &task.actors {
                if !personas.iter().any(|(_, name)| name == actor) {
                    let pointer = format!("/personas/{}", personas.len());
                    origins.push(line(pointer, Some(task.span.clone())));
                    personas.push((persona_ids.unique(actor), actor.clone()));
                }
            }
        }
        // Stages: runs of tasks with the same section text, as Mermaid draws them.
        let mut step_ids = Slugs::default();
        let mut stage_ids = Slugs::default();
        let mut stages = Vec::new();
        let mut run_section: Option<Option<usize>> = None;
        for task in &self.tasks {
            let same = run_section.is_some_and(|s: Option<usize>| {
                s.map(|i| &self.sections[i].raw) == task.section.map(|i| &self.sections[i].raw)
            });
            let merged = run_section
                .flatten()
                .zip(task.section)
                .filter(|&(a, b)| same && a != b);
            if let Some((a, b)) = merged {
                let (first, second) = (&self.sections[a], &self.sections[b]);
                notes.push(format!(
                    "the sections `{}` at lines {} and {} follow each other with the same name; \
                     Mermaid draws them as one section, so they form one stage",
                    second.name,
                    self.file.line_col(first.span.start).line,
                    self.file.line_col(second.span.start).line
                ));
                run_section = Some(task.section);
            }
            if !same {
                let name = match task.section {
                    Some(i) => self.sections[i].name.clone(),
                    None => {
                        notes.push(format!(
                            "the tasks before the first `section` form a stage named `{title}`"
                        ));
                        title.clone()
                    }
                };
                let name = if name.is_empty() {
                    "Section".to_string()
                } else {
                    name
                };
                let span = task
                    .section
                    .map_or(task.span.clone(), |i| self.sections[i].span.clone());
                origins.push(line(format!("/stages/{}", stages.len()), Some(span)));
                stages.push(new_stage(&stage_ids.unique(&name), &name, Vec::new()));
                run_section = Some(task.section);
            }
            if let Some(i) = task.section {
                self.sections[i].tasks += 1;
            }
            let mut step = new_step(&step_ids.unique(&task.name), &task.name);
            step.emotion = task
                .score
                .and_then(|s| Score::new(s - 3))
                .map(Emotion::Score);
            for actor in &task.actors {
                if let Some((id, _)) = personas.iter().find(|(_, name)| name == actor) {
                    step.personas.push(Id(id.clone()));
                }
            }
            let stage_index = stages.len().saturating_sub(1);
            if let Some(stage) = stages.last_mut() {
                let pointer = format!("/stages/{stage_index}/steps/{}", stage.steps.len());
                origins.push(line(pointer, Some(task.span.clone())));
                stage.steps.push(step);
            }
        }
        for section in &self.sections {
            if section.tasks == 0 {
                let line = self.file.line_col(section.span.start).line;
                notes.push(format!(
                    "the section `{}` (line {line}) has no tasks of its own; Mermaid draws none, \
                     so it is not a stage",
                    section.name
                ));
            }
        }
        let mut map = new_map(&id, &title, stages);
        map.description = self.acc_descr.clone();
        map.personas = personas
            .into_iter()
            .map(|(id, name)| new_persona(&id, &name))
            .collect();
        self.imported.map = Some(map);
        self.imported.origins.extend(origins);
    }
}

/// The content ranges of the ```` ```mermaid ```` (or `~~~mermaid`) fenced blocks of a
/// Markdown text, as CommonMark delimits them.
pub fn fenced_mermaid_blocks(text: &str) -> Vec<Range<usize>> {
    let mut blocks = Vec::new();
    let mut open: Option<(char, usize, bool, usize)> = None; // fence char, length, mermaid, start
    let mut at = 0;
    while at < text.len() {
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
        let line = text[at..end].trim_end_matches(['\n', '\r']);
        let indent = line.len() - line.trim_start_matches(' ').len();
        let body = &line[indent..];
        let fence = body
            .chars()
            .next()
            .filter(|c| indent <= 3 && (*c == '`' || *c == '~'));
        let fence_len = fence.map_or(0, |c| body.len() - body.trim_start_matches(c).len());
        match (&open, fence) {
            (None, Some(c)) if fence_len >= 3 => {
                let info = body[fence_len..].trim();
                if c == '`' && info.contains('`') {
                    at = end;
                    continue;
                }
                let lang = info
                    .split(|ch: char| ch.is_whitespace() || ch == '{')
                    .next()
                    .unwrap_or("");
                open = Some((c, fence_len, lang.eq_ignore_ascii_case("mermaid"), end));
            }
            (Some((c, len, mermaid, start)), Some(f))
                if f == *c && fence_len >= *len && body[fence_len..].trim().is_empty() =>
            {
                if *mermaid {
                    blocks.push(*start..at);
                }
                open = None;
            }
            _ => {}
        }
        at = end;
    }
    if let Some((_, _, true, start)) = open {
        blocks.push(start..text.len());
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_in_every_spelling() {
        assert_eq!(
            join_line_breaks("Line1<br>Line2<BR/>Line3<br />Line4<br\t/>Line5"),
            "Line1 Line2 Line3 Line4 Line5"
        );
        assert_eq!(join_line_breaks("a</br />b"), "a</br />b");
    }

    #[test]
    fn finds_mermaid_fences() {
        let md = "# T\n```mermaid\njourney\n```\n\n~~~~ Mermaid {x}\nb\n~~~\n~~~~\n```js\nc\n```\n";
        let blocks = fenced_mermaid_blocks(md);
        assert_eq!(blocks.len(), 2);
        assert_eq!(&md[blocks[0].clone()], "journey\n");
        assert_eq!(&md[blocks[1].clone()], "b\n~~~\n");
    }
}
