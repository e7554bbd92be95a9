//! Mermaid's journey lexer and grammar (`journey.jison`), rule for rule.
//!
//! Jison's lexer tries its rules in order and takes the first that matches (not the longest),
//! and several rules reach across line breaks (`title\s...`, `accTitle\s*:\s*`). Reproducing
//! that exactly is what makes the import agree with what Mermaid draws, quirks included:
//! `# ...` cuts a line short, `Journey home: 3` is the keyword `journey`, and a line that
//! starts with `title ` is a title even if it holds colons.

use std::ops::Range;

use super::text::js_space;

/// The tokens of `journey.jison`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Journey,
    Title,
    AccTitle,
    AccTitleValue,
    AccDescr,
    AccDescrValue,
    AccDescrMultiValue,
    Section,
    TaskName,
    TaskData,
    Colon,
    Newline,
    Invalid,
    Eof,
    /// End of text inside `accDescr { ...` (Jison reports a lexical error).
    Unclosed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    pub range: Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Initial,
    AccTitle,
    AccDescr,
    AccDescrMultiline,
}

pub struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    state: State,
    /// Where the open `accDescr {` started.
    multiline_start: usize,
    done: bool,
}

/// Whether `s` starts with `word`, ignoring ASCII case (Jison's `case-insensitive`).
fn starts_ci(s: &str, word: &str) -> bool {
    s.len() >= word.len() && s.as_bytes()[..word.len()].eq_ignore_ascii_case(word.as_bytes())
}

/// The length of the longest prefix of `s` whose characters all satisfy `f`.
fn run(s: &str, f: impl Fn(char) -> bool) -> usize {
    s.char_indices()
        .find(|&(_, c)| !f(c))
        .map_or(s.len(), |(i, _)| i)
}

fn line_len(s: &str) -> usize {
    s.find('\n').unwrap_or(s.len())
}

/// `word\s*SEP\s*` at the start of `s`: the matched length.
fn keyword_with(s: &str, word: &str, sep: char) -> Option<usize> {
    if !starts_ci(s, word) {
        return None;
    }
    let at = word.len() + run(&s[word.len()..], js_space);
    if !s[at..].starts_with(sep) {
        return None;
    }
    let at = at + 1;
    Some(at + run(&s[at..], js_space))
}

/// `word\s[CLASS]+`, where CLASS excludes `stop`: the matched length.
fn keyword_then_text(s: &str, word: &str, stop: &[char]) -> Option<usize> {
    if !starts_ci(s, word) {
        return None;
    }
    let space = s[word.len()..].chars().next().filter(|&c| js_space(c))?;
    let at = word.len() + space.len_utf8();
    let text = run(&s[at..], |c| !stop.contains(&c));
    (text > 0).then_some(at + text)
}

const NAME_STOP: [char; 4] = ['#', ':', '\n', ';'];
const DATA_STOP: [char; 3] = ['#', '\n', ';'];

impl<'a> Lexer<'a> {
    pub fn new(text: &'a str) -> Lexer<'a> {
        Lexer {
            text,
            pos: 0,
            state: State::Initial,
            multiline_start: 0,
            done: false,
        }
    }

    fn token(&mut self, kind: Kind, len: usize) -> Token {
        let start = self.pos;
        self.pos += len;
        Token {
            kind,
            range: start..self.pos,
        }
    }

    /// The next token, skipping what the lexer skips (comments, blanks).
    pub fn next_token(&mut self) -> Token {
        loop {
            if self.done {
                return Token {
                    kind: Kind::Eof,
                    range: self.text.len()..self.text.len(),
                };
            }
            let s = &self.text[self.pos..];
            match self.state {
                State::AccTitle | State::AccDescr => {
                    let kind = if self.state == State::AccTitle {
                        Kind::AccTitleValue
                    } else {
                        Kind::AccDescrValue
                    };
                    self.state = State::Initial;
                    return self.token(kind, line_len(s));
                }
                State::AccDescrMultiline => {
                    if s.starts_with('}') {
                        self.pos += 1;
                        self.state = State::Initial;
                        continue;
                    }
                    if s.is_empty() {
                        self.done = true;
                        return Token {
                            kind: Kind::Unclosed,
                            range: self.multiline_start..self.text.len(),
                        };
                    }
                    let len = s.find('}').unwrap_or(s.len());
                    return self.token(Kind::AccDescrMultiValue, len);
                }
                State::Initial => {}
            }
            if s.is_empty() {
                self.done = true;
                continue;
            }
            let first = s.chars().next().unwrap_or('\0');
            // \%%(?!\{)[^\n]*   -- a comment
            if s.starts_with("%%") && !s[2..].starts_with('{') {
                self.pos += line_len(s);
                continue;
            }
            // [^\}]\%\%[^\n]*   -- a comment after one character (any, even a line break)
            if first != '}' && s[first.len_utf8()..].starts_with("%%") {
                let after = first.len_utf8();
                self.pos += after + line_len(&s[after..]);
                continue;
            }
            // [\n]+
            if first == '\n' {
                let len = run(s, |c| c == '\n');
                return self.token(Kind::Newline, len);
            }
            // \s+
            if js_space(first) {
                self.pos += run(s, js_space);
                continue;
            }
            // \#[^\n]*
            if first == '#' {
                self.pos += line_len(s);
                continue;
            }
            if starts_ci(s, "journey") {
                return self.token(Kind::Journey, "journey".len());
            }
            if let Some(len) = keyword_then_text(s, "title", &DATA_STOP) {
                return self.token(Kind::Title, len);
            }
            if let Some(len) = keyword_with(s, "accTitle", ':') {
                self.state = State::AccTitle;
                return self.token(Kind::AccTitle, len);
            }
            if let Some(len) = keyword_with(s, "accDescr", ':') {
                self.state = State::AccDescr;
                return self.token(Kind::AccDescr, len);
            }
            if let Some(len) = keyword_with(s, "accDescr", '{') {
                self.multiline_start = self.pos;
                self.state = State::AccDescrMultiline;
                self.pos += len;
                continue;
            }
            if let Some(len) = keyword_then_text(s, "section", &NAME_STOP) {
                return self.token(Kind::Section, len);
            }
            let name = run(s, |c| !NAME_STOP.contains(&c));
            if name > 0 {
                return self.token(Kind::TaskName, name);
            }
            if first == ':' {
                let data = run(&s[1..], |c| !DATA_STOP.contains(&c));
                if data > 0 {
                    return self.token(Kind::TaskData, 1 + data);
                }
                return self.token(Kind::Colon, 1);
            }
            return self.token(Kind::Invalid, first.len_utf8());
        }
    }
}

/// A statement of the diagram, with ranges into the preprocessed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Statement {
    /// `title ...`: the whole token (keyword included).
    Title(Range<usize>),
    AccTitle(Range<usize>),
    /// `accDescr: ...` or the body of `accDescr { ... }`.
    AccDescr {
        range: Range<usize>,
        multiline: bool,
    },
    /// `section ...`: the whole token (keyword included).
    Section(Range<usize>),
    /// A task: its name token and its data token (`: 5: Me, Cat`).
    Task {
        name: Range<usize>,
        data: Range<usize>,
    },
}

/// A place where Mermaid's grammar stops.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub range: Range<usize>,
    pub message: String,
    pub label: String,
    pub help: Option<String>,
}

/// Parses preprocessed text that starts with `journey`. Unlike Jison, it goes on after an
/// error (from the next line), so that one run reports every broken line.
pub fn parse(text: &str) -> (Vec<Statement>, Vec<SyntaxError>) {
    let mut lexer = Lexer::new(text);
    let mut statements = Vec::new();
    let mut errors = Vec::new();
    let first = lexer.next_token();
    if first.kind != Kind::Journey {
        errors.push(SyntaxError {
            range: first.range,
            message: "a Mermaid journey diagram starts with `journey`".into(),
            label: "expected `journey`".into(),
            help: None,
        });
        return (statements, errors);
    }
    let mut pending = None;
    let mut previous_section_end = None;
    loop {
        let token = match pending.take() {
            Some(t) => t,
            None => lexer.next_token(),
        };
        let after_section = previous_section_end == Some(token.range.start);
        previous_section_end = (token.kind == Kind::Section).then_some(token.range.end);
        let unexpected = match token.kind {
            Kind::Eof => break,
            Kind::Newline => continue,
            Kind::Title => {
                statements.push(Statement::Title(token.range));
                continue;
            }
            Kind::Section => {
                statements.push(Statement::Section(token.range));
                continue;
            }
            Kind::AccTitle | Kind::AccDescr => {
                let value = lexer.next_token();
                statements.push(if token.kind == Kind::AccTitle {
                    Statement::AccTitle(value.range)
                } else {
                    Statement::AccDescr {
                        range: value.range,
                        multiline: false,
                    }
                });
                continue;
            }
            Kind::AccDescrMultiValue => {
                statements.push(Statement::AccDescr {
                    range: token.range,
                    multiline: true,
                });
                continue;
            }
            Kind::TaskName => {
                let data = lexer.next_token();
                if data.kind == Kind::TaskData {
                    statements.push(Statement::Task {
                        name: token.range,
                        data: data.range,
                    });
                    continue;
                }
                errors.push(task_without_data(text, &token, &data));
                if matches!(data.kind, Kind::Newline | Kind::Eof) {
                    pending = Some(data);
                    continue;
                }
                None
            }
            _ => Some(token),
        };
        if let Some(unexpected) = unexpected {
            errors.push(if after_section && unexpected.kind == Kind::TaskData {
                colon_in_section(text, &unexpected)
            } else {
                unexpected_statement(text, &unexpected)
            });
            if unexpected.kind == Kind::Unclosed {
                break;
            }
        }
        // Recover at the next line.
        loop {
            let t = lexer.next_token();
            if matches!(t.kind, Kind::Newline | Kind::Eof) {
                pending = Some(t);
                break;
            }
        }
    }
    (statements, errors)
}

fn shown(text: &str, range: &Range<usize>) -> String {
    text[range.clone()].trim().to_string()
}

/// The error for a task name that is not followed by `: score`.
fn task_without_data(text: &str, name: &Token, next: &Token) -> SyntaxError {
    let task = shown(text, &name.range);
    match next.kind {
        _ if text[name.range.end..].starts_with('#') => SyntaxError {
            range: name.range.end..name.range.end + 1,
            message: format!(
                "Mermaid reads `#` as the start of a comment, so the task `{task}` has no `: score`"
            ),
            label: "the rest of the line is a comment".into(),
            help: Some("write a `#` in a name as the entity code `#35;`".into()),
        },
        Kind::Colon => SyntaxError {
            range: next.range.clone(),
            message: format!("the task `{task}` has no score after its `:`"),
            label: "score expected after this colon".into(),
            help: Some(format!(
                "write it as `{task}: 3: Actor` (scores go from 1 to 5)"
            )),
        },
        Kind::Invalid => invalid(text, next),
        _ => SyntaxError {
            range: name.range.clone(),
            message: format!("the task `{task}` has no `: score`"),
            label: "Mermaid expects `: score` after a task".into(),
            help: Some(format!(
                "write it as `{task}: 3: Actor` (scores go from 1 to 5), or start the line with \
                 `section ` if it names a section"
            )),
        },
    }
}

fn invalid(text: &str, token: &Token) -> SyntaxError {
    let found = &text[token.range.clone()];
    SyntaxError {
        range: token.range.clone(),
        message: format!("Mermaid does not allow `{found}` here"),
        label: "not allowed by Mermaid's journey grammar".into(),
        help: (found == ";").then(|| "write a `;` in a name as the entity code `#59;`".into()),
    }
}

/// The error for a `:` in a section name, which ends the name for Mermaid.
fn colon_in_section(text: &str, token: &Token) -> SyntaxError {
    SyntaxError {
        range: token.range.clone(),
        message: format!(
            "Mermaid ends a section name at `:`, so `{}` is left over",
            shown(text, &token.range)
        ),
        label: "not part of the section name".into(),
        help: Some("write a `:` in a section name as the entity code `#58;`".into()),
    }
}

/// The error for a token that cannot start a statement.
fn unexpected_statement(text: &str, token: &Token) -> SyntaxError {
    let found = shown(text, &token.range);
    match token.kind {
        Kind::Journey => SyntaxError {
            range: token.range.clone(),
            message: format!(
                "Mermaid reads `{found}` as its keyword `journey`, so a line cannot start with it"
            ),
            label: "read as the keyword `journey`".into(),
            help: Some(format!(
                "reword the line, or write its first letter as an entity code (`#{};{}`)",
                u32::from(found.chars().next().unwrap_or('j')),
                found.get(1..).unwrap_or("")
            )),
        },
        Kind::TaskData => SyntaxError {
            range: token.range.clone(),
            message: format!("`{found}` has no task name before it"),
            label: "unexpected `:`".into(),
            help: Some("a task reads `Name: score: Actor, Actor`".into()),
        },
        Kind::Colon => SyntaxError {
            range: token.range.clone(),
            message: "a `:` without a task name before it".into(),
            label: "unexpected `:`".into(),
            help: None,
        },
        Kind::Invalid => invalid(text, token),
        Kind::Unclosed => SyntaxError {
            range: token.range.start..token.range.start + "accDescr".len(),
            message: "`accDescr {` is never closed with `}`".into(),
            label: "opened here".into(),
            help: Some("end the description with a `}`".into()),
        },
        _ => SyntaxError {
            range: token.range.clone(),
            message: format!("Mermaid does not expect `{found}` here"),
            label: "unexpected".into(),
            help: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, String)> {
        let mut lexer = Lexer::new(text);
        let mut out = Vec::new();
        loop {
            let t = lexer.next_token();
            if t.kind == Kind::Eof {
                return out;
            }
            out.push((t.kind, text[t.range].to_string()));
        }
    }

    #[test]
    fn lexes_like_jison() {
        use Kind::*;
        assert_eq!(
            kinds("journey\ntitle A: b # c\nsection S\n  T : 5 : Me"),
            vec![
                (Journey, "journey".into()),
                (Newline, "\n".into()),
                (Title, "title A: b ".into()),
                (Newline, "\n".into()),
                (Section, "section S".into()),
                (Newline, "\n".into()),
                (TaskName, "T ".into()),
                (TaskData, ": 5 : Me".into()),
            ]
        );
        // `title` reaches over the line break; `Journey` is the keyword in any case.
        assert_eq!(kinds("title\nX: 1")[0], (Title, "title\nX: 1".into()));
        assert_eq!(kinds("Journeys")[0], (Journey, "Journey".into()));
        // A comment after the keyword, and one after any single character.
        assert_eq!(kinds("journey %% x"), vec![(Journey, "journey".into())]);
        assert_eq!(
            kinds("accTitle:\n  x y"),
            vec![
                (AccTitle, "accTitle:\n  ".into()),
                (AccTitleValue, "x y".into())
            ]
        );
        assert_eq!(kinds("a;")[1], (Invalid, ";".into()));
    }

    #[test]
    fn grammar_errors_like_mermaid() {
        let (_, errors) = parse("journey\nsection A\nTask #1: 5: Me\n");
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("comment"));
        let (_, errors) = parse("journey\nsection A\nJourney home: 5: Me\nT\nU: 3\n");
        assert_eq!(errors.len(), 2);
        let (statements, errors) = parse("journey\naccDescr {\n a\n}\nT: 5");
        assert!(errors.is_empty());
        assert_eq!(statements.len(), 2);
        let (_, errors) = parse("journey\naccDescr {\n a\n");
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("never closed"));
    }
}
