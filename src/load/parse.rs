//! From YAML text to a [`Node`] tree, through saphyr-parser's event stream.
//!
//! The tree is built iteratively (no recursion on the input's nesting), and every cost that
//! hostile input controls is bounded by [`Limits`]: nesting depth, nodes created by aliases,
//! total nodes and keys in one mapping. Duplicate keys are reported, never silently resolved.

use foldhash::{HashMap, HashMapExt};
use std::ops::Range;
use std::sync::Arc;

use saphyr_parser::{Event, Parser, ScalarStyle, Span, Tag};

use super::scalar::{self, Scalar, resolve_plain};
use super::tree::{Entry, KeyId, Keys, Node, NodeValue, Text, offset};
use super::{Limits, codes};
use crate::diagnostics::Diagnostic;
use crate::source::SourceFile;

/// Turns saphyr's character indices into byte offsets into the original text.
///
/// saphyr counts characters; miette, the line index and every output count bytes. Checkpoints
/// every 64 characters keep the conversion cheap without a table as large as the file.
struct Offsets<'a> {
    text: &'a str,
    base: usize,
    checkpoints: Vec<usize>,
    ascii: bool,
}

const CHECKPOINT_EVERY: usize = 64;

impl<'a> Offsets<'a> {
    fn new(text: &'a str, base: usize) -> Self {
        let ascii = text.is_ascii();
        let checkpoints = if ascii {
            Vec::new()
        } else {
            text.char_indices()
                .step_by(CHECKPOINT_EVERY)
                .map(|(i, _)| i)
                .collect()
        };
        Offsets {
            text,
            base,
            checkpoints,
            ascii,
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        if self.ascii {
            return self.base + char_index.min(self.text.len());
        }
        let Some(&start) = self.checkpoints.get(char_index / CHECKPOINT_EVERY) else {
            return self.base + self.text.len();
        };
        let rest = char_index % CHECKPOINT_EVERY;
        let offset = self.text[start..]
            .char_indices()
            .nth(rest)
            .map_or(self.text.len(), |(i, _)| start + i);
        self.base + offset
    }

    fn span(&self, span: &Span) -> Range<usize> {
        self.byte(span.start.index())..self.byte(span.end.index())
    }
}

/// Mappings with up to this many keys find duplicates by scanning; larger ones use an index.
const SCAN_KEYS: usize = 32;

/// A collection being built.
enum Frame {
    Seq {
        start: usize,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        start: usize,
        anchor: usize,
        entries: Vec<Entry>,
        /// The key read but not yet given its value.
        pending_key: Option<(KeyId, Range<usize>)>,
        /// Key -> index into `entries`, for duplicate detection in large mappings only: small
        /// ones are scanned.
        seen: Option<HashMap<KeyId, usize>>,
    },
}

/// What a failed load reports: all duplicate keys found, or the one error that stopped it.
pub type LoadResult = Result<(Node, Keys), Vec<Diagnostic>>;

pub fn parse(file: &Arc<SourceFile>, limits: &Limits) -> LoadResult {
    let (base, text) = match file.text.strip_prefix('\u{feff}') {
        Some(rest) => ('\u{feff}'.len_utf8(), rest),
        None => (0, file.text.as_str()),
    };
    let offsets = Offsets::new(text, base);
    let mut builder = Builder {
        unreported: 0,
        file,
        limits,
        stack: Vec::new(),
        anchors: HashMap::new(),
        root: None,
        keys: Keys::default(),
        nodes: 0,
        alias_nodes: 0,
        errors: Vec::new(),
        documents: 0,
    };
    let fatal = |d: Diagnostic| Err(vec![d]);
    let mut parser = Parser::new_from_str(text);
    loop {
        let (event, span) = match parser.next_event() {
            None => break,
            Some(Ok(pair)) => pair,
            Some(Err(err)) => {
                let at = offsets.byte(err.marker().index());
                if err.info().contains("recursion limit") {
                    // The scanner bounds flow nesting itself, before any event reaches us.
                    return fatal(too_deep(file, at..at + 1, limits));
                }
                return fatal(syntax_error(file, at, err.info()));
            }
        };
        let span = offsets.span(&span);
        match builder.event(event, span) {
            Ok(true) => break,
            Ok(false) => {}
            Err(d) => return fatal(d),
        }
    }
    if !builder.errors.is_empty() {
        if builder.unreported > 0 {
            builder.errors.push(
                Diagnostic::new(
                    &codes::DUPLICATE_KEY,
                    file,
                    None,
                    format!(
                        "{} more duplicate keys are not shown (journeymap reports the first {MAX_FINDINGS})",
                        builder.unreported
                    ),
                )
                .with_help("fix the ones above and check again"),
            );
        }
        return Err(builder.errors);
    }
    match builder.root {
        Some(root) if root.value != NodeValue::Null => Ok((root, builder.keys)),
        _ => fatal(
            Diagnostic::new(
                &codes::DOCUMENT,
                file,
                None,
                "the file holds no journey map",
            )
            .with_help("start from `journeymap init NAME`, or see docs/format.md"),
        ),
    }
}

/// What an anchor holds for its aliases.
enum Anchored {
    Kept(Node),
    /// More nodes than aliases may expand to: any alias to it fails the alias budget.
    TooBig,
}

/// The most findings the loader collects for one file: a hostile file can hold millions of
/// duplicate keys, and each finding costs memory and a snippet.
const MAX_FINDINGS: usize = 100;

struct Builder<'a> {
    /// Findings past [`MAX_FINDINGS`], counted but not kept.
    unreported: usize,
    file: &'a Arc<SourceFile>,
    limits: &'a Limits,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Anchored>,
    root: Option<Node>,
    keys: Keys,
    nodes: usize,
    alias_nodes: usize,
    errors: Vec<Diagnostic>,
    documents: usize,
}

impl Builder<'_> {
    /// Handles one event; `Ok(true)` means the stream is done.
    fn event(&mut self, event: Event<'_>, span: Range<usize>) -> Result<bool, Diagnostic> {
        match event {
            Event::StreamStart | Event::Nothing | Event::DocumentEnd => {}
            Event::StreamEnd => return Ok(true),
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(Diagnostic::new(
                        &codes::DOCUMENT,
                        self.file,
                        Some(span.start..span.end.max(span.start + 3).min(self.file.text.len())),
                        "a journey map file holds one YAML document, but a second one starts here",
                    )
                    .with_label("second document")
                    .with_help("put each map in its own `*.journey.yaml` file"));
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let scalar = self.scalar(&text, style, tag.as_deref(), &span)?;
                if let Some(c) = first_forbidden(&text) {
                    return Err(self.escaped_control(c, &span));
                }
                let value = self.stored(scalar, style, &span);
                self.finish(Node::new(span, value), anchor)?;
            }
            Event::Alias(id) => {
                let target = match self.anchors.get(&id) {
                    None => return Err(self.error(&codes::YAML_SYNTAX, span, "unknown alias")),
                    Some(Anchored::Kept(node)) => Some(node),
                    Some(Anchored::TooBig) => None,
                };
                let size = target.map_or(usize::MAX, Node::count);
                self.alias_nodes = self.alias_nodes.saturating_add(size);
                let node = match target {
                    Some(node) if self.alias_nodes <= self.limits.max_alias_nodes => node,
                    _ => {
                        return Err(Diagnostic::new(
                            &codes::INPUT_LIMIT,
                            self.file,
                            Some(span),
                            format!(
                                "aliases here expand to more than {} nodes",
                                self.limits.max_alias_nodes
                            ),
                        )
                        .with_label("this alias")
                        .with_help("write the repeated content out, or use fewer nested aliases"));
                    }
                };
                let mut node = node.clone();
                node.set_span(span);
                self.finish(node, 0)?;
            }
            Event::SequenceStart(anchor, tag) => {
                self.check_collection_tag(tag.as_deref(), "seq", &span)?;
                self.open(
                    Frame::Seq {
                        start: span.start,
                        anchor,
                        items: Vec::new(),
                    },
                    &span,
                )?;
            }
            Event::MappingStart(anchor, tag) => {
                self.check_collection_tag(tag.as_deref(), "map", &span)?;
                self.open(
                    Frame::Map {
                        start: span.start,
                        anchor,
                        entries: Vec::new(),
                        pending_key: None,
                        seen: None,
                    },
                    &span,
                )?;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let frame = self.stack.pop().expect("parser balances collections");
                let (node, anchor) = match frame {
                    Frame::Seq {
                        start,
                        anchor,
                        items,
                    } => {
                        let end = items.last().map_or(span.end, |n| n.span().end.max(start));
                        let end = if self.file.text[start..].starts_with('[') {
                            span.end
                        } else {
                            end
                        };
                        let items = NodeValue::Seq(items.into_boxed_slice());
                        (Node::new(start..end, items), anchor)
                    }
                    Frame::Map {
                        start,
                        anchor,
                        entries,
                        ..
                    } => {
                        let end = entries
                            .last()
                            .map_or(span.end, |e| e.value.span().end.max(start));
                        let end = if self.file.text[start..].starts_with('{') {
                            span.end
                        } else {
                            end
                        };
                        let entries = NodeValue::Map(entries.into_boxed_slice());
                        (Node::new(start..end, entries), anchor)
                    }
                };
                self.finish(node, anchor)?;
            }
        }
        Ok(false)
    }

    fn error(
        &self,
        rule: &'static crate::diagnostics::RuleInfo,
        span: Range<usize>,
        msg: &str,
    ) -> Diagnostic {
        Diagnostic::new(rule, self.file, Some(span), msg)
    }

    fn open(&mut self, frame: Frame, span: &Range<usize>) -> Result<(), Diagnostic> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(too_deep(self.file, span.start..span.start + 1, self.limits));
        }
        self.count_node(span)?;
        self.stack.push(frame);
        Ok(())
    }

    fn count_node(&mut self, span: &Range<usize>) -> Result<(), Diagnostic> {
        self.nodes += 1;
        if self.nodes > self.limits.max_nodes {
            return Err(Diagnostic::new(
                &codes::INPUT_LIMIT,
                self.file,
                Some(span.clone()),
                format!(
                    "the file holds more than {} YAML nodes",
                    self.limits.max_nodes
                ),
            )
            .with_help("split the map into several files"));
        }
        Ok(())
    }

    /// Resolves a scalar by its style and tag.
    fn scalar<'t>(
        &mut self,
        text: &'t str,
        style: ScalarStyle,
        tag: Option<&Tag>,
        span: &Range<usize>,
    ) -> Result<Scalar<'t>, Diagnostic> {
        self.count_node(span)?;
        let resolved = match tag {
            None if style == ScalarStyle::Plain => resolve_plain(text),
            None => Scalar::Str(text.into()),
            Some(tag)
                if tag.is_yaml_core_schema()
                    && matches!(
                        tag.suffix.as_str(),
                        "str" | "null" | "bool" | "int" | "float"
                    ) =>
            {
                let value = resolve_plain(text);
                let ok = match (tag.suffix.as_str(), &value) {
                    ("str", _) => return Ok(Scalar::Str(text.into())),
                    ("null", Scalar::Null)
                    | ("bool", Scalar::Bool(_))
                    | ("int", Scalar::Int(_))
                    | ("float", Scalar::Float(_)) => true,
                    ("float", Scalar::Int(i)) => return Ok(Scalar::Float(*i as f64)),
                    _ => false,
                };
                if !ok {
                    return Err(self
                        .error(
                            &codes::YAML_SYNTAX,
                            span.clone(),
                            &format!("`{text}` is not a valid `!!{}`", tag.suffix),
                        )
                        .with_help("remove the tag, or write a value of that type"));
                }
                value
            }
            Some(tag) => return Err(self.unsupported_tag(tag, span)),
        };
        if let Scalar::Float(f) = resolved
            && !f.is_finite()
        {
            return Err(self
                .error(
                    &codes::YAML_SYNTAX,
                    span.clone(),
                    "infinite and NaN numbers are not allowed",
                )
                .with_help("write a finite number, or quote it to make it text"));
        }
        if style == ScalarStyle::Plain && !scalar::is_exact(text, &resolved) {
            return Err(self
                .error(
                    &codes::YAML_SYNTAX,
                    span.clone(),
                    &format!(
                        "the number `{text}` cannot be kept exactly: journeymap would read it as {}",
                        match resolved {
                            Scalar::Float(f) => format!("{f:e}"),
                            Scalar::Int(i) => format!("{:e}", i as f64),
                            _ => String::new(),
                        }
                    ),
                )
                .with_help("quote it to keep it as text, or write fewer significant digits"));
        }
        Ok(resolved)
    }

    /// The tree's form of a scalar. Text the source spells verbatim (no escapes, no folded
    /// lines) is kept as a span of the source rather than a second copy.
    fn stored(&self, scalar: Scalar<'_>, style: ScalarStyle, span: &Range<usize>) -> NodeValue {
        match scalar {
            Scalar::Null => NodeValue::Null,
            Scalar::Bool(b) => NodeValue::Bool(b),
            Scalar::Int(i) => NodeValue::Int(i),
            Scalar::Float(f) => NodeValue::Float(f),
            Scalar::Str(text) => {
                let written = match style {
                    ScalarStyle::Plain => Some(span.clone()),
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted
                        if span.end >= span.start + 2 =>
                    {
                        Some(span.start + 1..span.end - 1)
                    }
                    _ => None,
                };
                let verbatim = written.filter(|w| self.file.text.get(w.clone()) == Some(&*text));
                NodeValue::Str(match verbatim {
                    Some(w) => Text::Source {
                        start: offset(w.start),
                        end: offset(w.end),
                    },
                    None => Text::Owned(text.into_owned().into_boxed_str()),
                })
            }
        }
    }

    /// The finding for a control character written as an escape (`"\e"`, `"\x01"`): the
    /// same as for a raw one, pointing at the escape that spells it.
    fn escaped_control(&self, c: char, span: &Range<usize>) -> Diagnostic {
        let written = &self.file.text[span.clone()];
        let at = escapes(written)
            .find(|&(_, decoded)| decoded == Some(c))
            .map_or(span.clone(), |(range, _)| {
                span.start + range.start..span.start + range.end
            });
        Diagnostic::new(
            &codes::ENCODING,
            self.file,
            Some(at),
            format!(
                "the escape stands for the control character U+{:04X}, which map text may not hold",
                c as u32
            ),
        )
        .with_label("control character")
        .with_help("remove it; for a line break in text write `\\n` or use a block scalar (`|`)")
    }

    fn check_collection_tag(
        &self,
        tag: Option<&Tag>,
        expected: &str,
        span: &Range<usize>,
    ) -> Result<(), Diagnostic> {
        match tag {
            None => Ok(()),
            Some(t) if t.is_yaml_core_schema() && t.suffix == expected => Ok(()),
            Some(t) => Err(self.unsupported_tag(t, span)),
        }
    }

    fn unsupported_tag(&self, tag: &Tag, span: &Range<usize>) -> Diagnostic {
        Diagnostic::new(
            &codes::YAML_SYNTAX,
            self.file,
            Some(span.start..span.start + 1),
            format!("the YAML tag `{tag}` is not supported"),
        )
        .with_label("tagged node")
        .with_help("journey maps are plain YAML: remove the tag")
    }

    /// Hands a finished node to its parent collection (or makes it the document root).
    fn finish(&mut self, node: Node, anchor: usize) -> Result<(), Diagnostic> {
        if anchor != 0 {
            // The anchor keeps a copy for its aliases. A subtree bigger than what aliases may
            // expand to in all could never be used through one, so it is not copied, only
            // remembered as too big: nested anchors around a big list cost nothing extra.
            match node.count_up_to(self.limits.max_alias_nodes + 1) {
                Some(_) => {
                    self.anchors.insert(anchor, Anchored::Kept(node.clone()));
                }
                None => {
                    self.anchors.insert(anchor, Anchored::TooBig);
                }
            }
        }
        let limits = self.limits;
        let file = self.file;
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map {
                entries,
                pending_key,
                seen,
                ..
            }) => match pending_key.take() {
                None => {
                    // Borrowed from the source for text keys (nearly all): no copy per key.
                    let key: std::borrow::Cow<'_, str> = match &node.value {
                        NodeValue::Str(text) => text.as_str(&file.text).into(),
                        NodeValue::Int(i) => i.to_string().into(),
                        NodeValue::Bool(b) => b.to_string().into(),
                        NodeValue::Null => "null".into(),
                        NodeValue::Float(f) => f.to_string().into(),
                        NodeValue::Seq(_) | NodeValue::Map(_) => {
                            return Err(Diagnostic::new(
                                &codes::DOCUMENT,
                                file,
                                Some(node.span()),
                                "mapping keys must be plain text, not a list or a mapping",
                            )
                            .with_label("complex key"));
                        }
                    };
                    if entries.len() >= limits.max_mapping_keys {
                        return Err(Diagnostic::new(
                            &codes::INPUT_LIMIT,
                            file,
                            Some(node.span()),
                            format!("a mapping holds more than {} keys", limits.max_mapping_keys),
                        )
                        .with_label("one key too many")
                        .with_help("no part of a journey map needs this many keys"));
                    }
                    let id = self.keys.intern(&key);
                    let first = match seen {
                        Some(index) => index.get(&id).copied(),
                        None => entries.iter().position(|e| e.key == id),
                    };
                    if let Some(_) = first
                        && self.errors.len() >= MAX_FINDINGS
                    {
                        self.unreported += 1;
                    } else if let Some(first) = first {
                        let first_span = entries[first].key_span();
                        self.errors.push(
                            Diagnostic::new(
                                &codes::DUPLICATE_KEY,
                                file,
                                Some(node.span()),
                                format!("the key `{key}` appears twice in one mapping"),
                            )
                            .with_label("second occurrence")
                            .with_related(first_span, "first occurrence")
                            .with_help("YAML keeps only one of them: remove or rename one"),
                        );
                    }
                    *pending_key = Some((id, node.span()));
                }
                Some((key, key_span)) => {
                    if let Some(index) = seen {
                        index.entry(key).or_insert(entries.len());
                    } else if entries.len() >= SCAN_KEYS {
                        let mut index = HashMap::with_capacity(entries.len() * 2);
                        for (i, e) in entries.iter().enumerate().rev() {
                            index.insert(e.key, i);
                        }
                        index.entry(key).or_insert(entries.len());
                        *seen = Some(index);
                    }
                    entries.push(Entry::new(key, key_span, node));
                }
            },
        }
        Ok(())
    }
}

fn too_deep(file: &Arc<SourceFile>, span: Range<usize>, limits: &Limits) -> Diagnostic {
    Diagnostic::new(
        &codes::INPUT_LIMIT,
        file,
        Some(span),
        format!("nesting is deeper than {} levels", limits.max_depth),
    )
    .with_label("too deep")
    .with_help("a journey map needs about eight levels; flatten this structure")
}

fn syntax_error(file: &Arc<SourceFile>, mut at: usize, info: &str) -> Diagnostic {
    let line = file.line_span(at);
    if info.contains("tab") {
        // The scanner reports a position near the tab: after it on its line, or at the end of
        // the line before when the tab indents the next one. Point at the tab itself.
        let next_line = file.line_span((line.end + 1).min(file.text.len()));
        if let Some(tab) = file.text[line.clone()].find('\t') {
            at = line.start + tab;
        } else if let Some(tab) = file.text[next_line.clone()].find('\t') {
            at = next_line.start + tab;
        }
    }
    let end = file.text[at..]
        .chars()
        .next()
        .map_or(at, |c| at + c.len_utf8());
    let help = if info.contains("tab") {
        "YAML indentation uses spaces; replace the tabs with spaces"
    } else {
        "check the indentation and quoting on this line"
    };
    Diagnostic::new(
        &codes::YAML_SYNTAX,
        file,
        Some(at..end),
        format!("invalid YAML: {info}"),
    )
    .with_label("here")
    .with_help(help)
}

/// Whether decoded map text may not hold `c`: the controls YAML forbids raw (C0 but tab and
/// line feed, DEL, C1 including NEL) and the non-characters U+FFFE/U+FFFF. Such text would
/// break every output (SVG is no longer XML, terminals obey it), so an escape that spells one
/// is refused like the raw character.
pub fn forbidden_in_text(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}')
}

/// The first character of `text` that map text may not hold ([`forbidden_in_text`]); a byte
/// scan first, since almost no text has a candidate.
fn first_forbidden(text: &str) -> Option<char> {
    let candidate = text
        .bytes()
        .any(|b| (b < 0x20 && b != b'\t' && b != b'\n') || b == 0x7f || b == 0xc2 || b == 0xef);
    if !candidate {
        return None;
    }
    text.chars().find(|&c| forbidden_in_text(c))
}

/// The escapes of a double-quoted scalar as written (`"..."`, quotes included): each one's
/// byte range in `written` and the character it stands for (`None` for a line continuation
/// or an escape this scan does not decode).
fn escapes(written: &str) -> impl Iterator<Item = (Range<usize>, Option<char>)> + '_ {
    let bytes = written.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            if bytes[at] != b'\\' {
                at += 1;
                continue;
            }
            let start = at;
            let Some(&kind) = bytes.get(at + 1) else {
                at += 1;
                continue;
            };
            let hex = match kind {
                b'x' => 2,
                b'u' => 4,
                b'U' => 8,
                _ => 0,
            };
            let end = (at + 2 + hex).min(bytes.len());
            at = end;
            let decoded = if hex > 0 {
                written
                    .get(start + 2..end)
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .and_then(char::from_u32)
            } else {
                match kind {
                    b'0' => Some('\0'),
                    b'a' => Some('\u{7}'),
                    b'b' => Some('\u{8}'),
                    b't' | b'\t' => Some('\t'),
                    b'n' => Some('\n'),
                    b'v' => Some('\u{b}'),
                    b'f' => Some('\u{c}'),
                    b'r' => Some('\r'),
                    b'e' => Some('\u{1b}'),
                    b'N' => Some('\u{85}'),
                    b'_' => Some('\u{a0}'),
                    b'L' => Some('\u{2028}'),
                    b'P' => Some('\u{2029}'),
                    b' ' | b'"' | b'/' | b'\\' => Some(kind as char),
                    _ => None,
                }
            };
            return Some((start..end, decoded));
        }
        None
    })
}

/// Rejects characters YAML forbids before parsing, so binary junk gets one clear message.
///
/// Works on bytes: C0 controls and DEL are single bytes, C1 controls are `C2 80..=9F` (NEL,
/// `C2 85`, is allowed) and the non-characters U+FFFE/U+FFFF are `EF BF BE`/`EF BF BF`, so
/// valid UTF-8 never needs decoding here.
pub fn check_characters(file: &Arc<SourceFile>) -> Result<(), Diagnostic> {
    let bytes = file.text.as_bytes();
    // Bytes that may start a forbidden character; the rest of the text (nearly all of it)
    // is passed over a table lookup at a time.
    static SUSPECT: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 0x20 {
            table[b] = !matches!(b as u8, b'\t' | b'\n' | b'\r');
            b += 1;
        }
        table[0x7F] = true;
        table[0xC2] = true;
        table[0xEF] = true;
        table
    };
    let forbidden_at = |i: usize| match bytes[i] {
        0xC2 => matches!(bytes.get(i + 1), Some(&(0x80..=0x84 | 0x86..=0x9F))),
        0xEF => bytes.get(i + 1) == Some(&0xBF) && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)),
        _ => true,
    };
    let mut from = 0;
    let mut bad = None;
    while let Some(found) = bytes[from..].iter().position(|&b| SUSPECT[usize::from(b)]) {
        let at = from + found;
        if forbidden_at(at) {
            bad = Some(at);
            break;
        }
        from = at + 1;
    }
    let Some(at) = bad else {
        return Ok(());
    };
    let c = file.text[at..].chars().next().unwrap_or('\0');
    Err(Diagnostic::new(
        &codes::ENCODING,
        file,
        Some(at..at + c.len_utf8()),
        format!(
            "the file holds the control character U+{:04X}, which YAML does not allow",
            c as u32
        ),
    )
    .with_label("control character")
    .with_help("is this a binary file? Journey maps are UTF-8 text"))
}
