//! A generator of valid journey maps, for tests/generated_maps.rs.
//!
//! [`map_spec`] is a proptest strategy over the whole format: every top-level key, every kind,
//! current and future state, personas with partial data, declared channels, stages and steps
//! with every optional key in each of its forms. A [`MapSpec`] is a tree of random choices;
//! [`MapSpec::to_json`] turns it into the map it stands for (ids made unique, references
//! pointing at what exists), and [`emit`] writes that map as YAML text in varied styles.
//!
//! Text comes from a rich alphabet: ASCII, CJK, right-to-left scripts, combining marks, emoji
//! (ZWJ sequences too), unusual blanks, text that means something to YAML, HTML, templates,
//! CSV, Mermaid or Markdown, numbers and dates written as text, and very long words. It holds
//! no control characters other than tabs and line feeds, which map text may hold.
#![allow(dead_code)]

pub mod emit;

use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Map, Value, json};

// ---------------------------------------------------------------------------------------------
// Known bugs whose trigger the generator keeps out of its maps, so that the property can find
// the next bug. Set one to `false` once the bug is fixed; tests/generated_maps.rs checks its
// fixture in tests/fixtures/generated/.

/// The loader refuses a plain scalar in a flow collection with a blank then `-` before `,`,
/// `]` or `}` (`tags: [Too slow -]`), which is valid YAML 1.2.
/// Fixture: flow-plain-blank-dash.journey.yaml.
pub const KNOWN_BUG_FLOW_PLAIN_BLANK_DASH: bool = false;

// ---------------------------------------------------------------------------------------------
// Text

const ASCII_WORDS: &[&str] = &[
    "Pays",
    "checkout",
    "the",
    "delivery",
    "fee",
    "Agent",
    "a",
    "I",
    "ok",
    "Waits",
    "for",
    "a callback",
    "Zoë",
    "Łukasz",
    "£95",
    "café",
    "x",
];

const CJK: &[&str] = &[
    "网上购物",
    "結帳",
    "日本語のテキスト",
    "한국어",
    "配送费",
    "ｶﾀｶﾅ",
    "（全角）",
    "𠀀𠀁",
];

const RTL: &[&str] = &[
    "رحلة العميل",
    "بناء السلة",
    "נועה כהן",
    "עברית",
    "١٢٣",
    "مرحبا123",
    "שלום, world",
];

const COMBINING: &[&str] = &[
    "e\u{301}",
    "Zoe\u{308}",
    "a\u{300}\u{301}\u{302}\u{303}\u{304}",
    "\u{301}x",
    "n\u{303}",
    "ก\u{e49}",
    "क्षि",
    "Z\u{351}\u{34b}\u{34c}a\u{35b}\u{350}l\u{357}g\u{351}o",
];

const EMOJI: &[&str] = &[
    "🛒",
    "👨\u{200d}👩\u{200d}👧\u{200d}👦",
    "👩🏽\u{200d}⚕️",
    "🏳️\u{200d}🌈",
    "🇬🇧🇫🇷",
    "❤️",
    "1️⃣",
    "😀😃😄",
    "🧑🏿\u{200d}🤝\u{200d}🧑🏻",
];

/// Text that YAML reads as something else, or that starts or holds its indicators.
const YAML_SPECIAL: &[&str] = &[
    "?",
    " -",
    "- ",
    ": ",
    ":",
    "#",
    " #",
    "=",
    "|",
    ">",
    "&",
    "*",
    "!",
    "%",
    "@",
    "`",
    "'",
    "\"",
    "\\",
    "''",
    "\"\"",
    "---",
    "...",
    "- x",
    "? x",
    ": x",
    "-x",
    "[a, b]",
    "{a: b}",
    "a: b",
    "&anchor",
    "*alias",
    "!tag",
    "!!str",
    "%YAML 1.2",
    "<<",
    "~",
    "2026-01-02",
    "2026-02-30",
    "07:30",
    "1e3",
    "yes",
    "no",
    "null",
    "true",
    "False",
    "0x1F",
    "0o17",
    ".5",
    "+48",
    "-2",
    "1_000",
    ".inf",
    "-.inf",
    ".nan",
    "12:30:45",
    "2026-01-02T10:00:00Z",
    "on",
    "off",
    "y",
    "n",
    "NULL",
    "0",
    "1.0",
    "\\n",
    "\\t",
    "\\u0041",
    "a,b",
    "x:y",
    "# not a comment",
    "key:",
    "|-",
    ">+",
    "&a *a",
];

const HTML_SPECIAL: &[&str] = &[
    "<script>alert(1)</script>",
    "&amp;",
    "\"><",
    "</svg>",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "&#x27;",
    "&lt;b&gt;",
    "<b>bold</b>",
    "<br>",
    "<?xml version=\"1.0\"?>",
    "javascript:alert(1)",
    "&",
    "&nbsp;",
    "<",
    ">",
    "</style>",
    "</title>",
    "' onload='x",
    "<img src=x onerror=alert(1)>",
];

const TEMPLATE: &[&str] = &[
    "{{ x }}",
    "{% raw %}",
    "{% endraw %}",
    "{# c #}",
    "{{ 7 * 7 }}",
    "${HOME}",
    "{{",
    "}}",
    "{%",
    "%}",
    "{{ title | safe }}",
];

/// Text that means something to CSV cells, spreadsheets, Mermaid or Markdown.
const INTERCHANGE: &[&str] = &[
    "=1+1",
    "=HYPERLINK(\"https://evil.example\", \"x\")",
    "+1",
    "-1",
    "@SUM(A1)",
    "'=x",
    "'",
    "x | id: y",
    "a | severity: high",
    " | ",
    ",",
    ";",
    "\"quoted\"",
    "[\"json\"]",
    "[]",
    "{}",
    "section Go",
    "title T",
    "journey",
    "Journey home",
    "%%",
    "%% c",
    "#35;",
    "#quot;",
    "a: 5: Me",
    "accTitle: x",
    "accDescr { x }",
    "<br/>",
    "|",
    "**",
    "__",
    "[x](y)",
    "# h",
    "\\|",
    "%%{init: {}}%%",
    "Title",
    "Section",
];

/// Characters that take no room: zero-width, joiners, marks, variation selectors, soft hyphen.
const INVISIBLE: &[&str] = &[
    "\u{200b}", "\u{200c}", "\u{200d}", "\u{200e}", "\u{200f}", "\u{2060}", "\u{fe0f}", "\u{ad}",
    "\u{61c}",
];

/// Bidirectional embeddings, overrides and isolates: map text may hold them (the loader
/// accepts them), and every output meant for a terminal must escape them.
const BIDI: &[&str] = &[
    "\u{202e}", "\u{202a}", "\u{202b}", "\u{202d}", "\u{202c}", "\u{2066}", "\u{2067}", "\u{2068}",
    "\u{2069}",
];

/// What goes between two fragments of a text.
const SEPARATORS: &[&str] = &[
    " ", " ", " ", " ", " ", " ", " ", " ", "", "", "\u{a0}", "\u{3000}", "\t", "\n", "  ",
    "\u{2028}", "\u{2003}", "\u{202f}", " \n ", "\n\n",
];

/// Whether the generator puts bidirectional controls into text.
pub const WITH_BIDI_CONTROLS: bool = true;

/// Whether map text may hold `c`: everything but the control characters the loader refuses
/// (C0 other than tab and line feed, DEL, C1) and the non-characters U+FFFE and U+FFFF.
pub fn allowed_char(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}')
        && (WITH_BIDI_CONTROLS || !journeymap::visible::is_hidden_control(c))
}

fn long_word() -> impl Strategy<Value = String> {
    (
        select(
            &[
                "a",
                "Ω",
                "字",
                "😀",
                "Supercalifragilistic",
                "ab-",
                "é",
                "👨\u{200d}👩\u{200d}👧",
            ][..],
        ),
        200usize..260,
    )
        .prop_map(|(unit, n)| {
            let mut s = String::new();
            while s.chars().count() < n {
                s.push_str(unit);
            }
            s
        })
}

fn fragment() -> BoxedStrategy<String> {
    let s = |list: &'static [&'static str]| select(list).prop_map(String::from);
    let bidi = if WITH_BIDI_CONTROLS {
        s(BIDI).boxed()
    } else {
        s(INVISIBLE).boxed()
    };
    prop_oneof![
        12 => s(ASCII_WORDS),
        2 => s(CJK),
        2 => s(RTL),
        1 => s(COMBINING),
        2 => s(EMOJI),
        4 => s(YAML_SPECIAL),
        2 => s(HTML_SPECIAL),
        1 => s(TEMPLATE),
        3 => s(INTERCHANGE),
        1 => s(INVISIBLE),
        1 => bidi,
        1 => long_word(),
        1 => "[ -~]{1,10}",
        1 => vec(any::<char>(), 1..4).prop_map(|cs| cs
            .into_iter()
            .map(|c| if allowed_char(c) { c } else { '\u{fffd}' })
            .collect::<String>()),
    ]
    .boxed()
}

/// Any text: fragments joined by separators, sometimes with blanks at either end, sometimes
/// empty.
pub fn raw_text() -> BoxedStrategy<String> {
    let body = (
        vec((fragment(), select(SEPARATORS)), 1..5),
        option::weighted(0.06, select(SEPARATORS)),
        option::weighted(0.06, select(SEPARATORS)),
    )
        .prop_map(|(parts, leading, trailing)| {
            let mut out = String::new();
            out.push_str(leading.unwrap_or(""));
            let n = parts.len();
            for (i, (fragment, sep)) in parts.into_iter().enumerate() {
                out.push_str(&fragment);
                if i + 1 < n {
                    out.push_str(sep);
                }
            }
            out.push_str(trailing.unwrap_or(""));
            out
        });
    prop_oneof![30 => body, 1 => Just(String::new())].boxed()
}

/// A text as the generator chooses it: its own, or one of the map's shared texts (so that
/// maps repeat text, as real maps do, and the YAML writer has something to alias).
#[derive(Debug, Clone)]
pub struct Text {
    pub shared: Option<usize>,
    pub own: String,
}

pub fn text() -> impl Strategy<Value = Text> {
    (option::weighted(0.2, 0usize..8), raw_text()).prop_map(|(shared, own)| Text { shared, own })
}

/// Whether `text` has something to see (a name must).
pub fn visible(text: &str) -> bool {
    text.chars().any(|c| {
        !c.is_whitespace()
            && !INVISIBLE.iter().any(|i| i.starts_with(c))
            && !BIDI.iter().any(|b| b.starts_with(c))
            && !matches!(c, '\u{300}'..='\u{36f}' | '\u{feff}' | '\u{fe00}'..='\u{fe0f}')
    })
}

// ---------------------------------------------------------------------------------------------
// Ids

const ID_WORDS: &[&str] = &[
    "a",
    "checkout",
    "busy-parent",
    "sees-ad",
    "3ds-timeout",
    "q3_survey",
    "0",
    "1",
    "123",
    "1e3",
    "0x1f",
    "0o17",
    "true",
    "false",
    "null",
    "yes",
    "no",
    "on",
    "off",
    "y",
    "n",
    "nan",
    "inf",
    "2026-01-02",
    "07",
    "1_000",
    "x-",
    "x_",
    "a--b",
    "journey",
    "section",
    "title",
    "web",
    "app",
    "id",
    "name",
    "script",
    "svg",
    "con",
    "nul",
    "proto",
    "constructor",
    "e",
    "1e-3",
];

pub fn id() -> BoxedStrategy<String> {
    prop_oneof![
        4 => select(ID_WORDS).prop_map(String::from),
        4 => "[a-z0-9][a-z0-9_-]{0,12}",
        1 => (1usize..5).prop_map(|n| "long-id-".repeat(n * 8) + "end"),
    ]
    .boxed()
}

/// Makes `id` unique among `seen` with a numeric suffix, and records it.
fn unique(id: &str, seen: &mut Vec<String>) -> String {
    let mut candidate = id.to_string();
    let mut n = 2;
    while seen.contains(&candidate) {
        candidate = format!("{id}-{n}");
        n += 1;
    }
    seen.push(candidate.clone());
    candidate
}

// ---------------------------------------------------------------------------------------------
// The map as random choices

#[derive(Debug, Clone)]
pub enum StateSpec {
    /// No `state` key.
    Default,
    /// `state: current`, written out.
    Current,
    /// `state: future` without a baseline.
    Future,
    /// `state: future` with a baseline file, named by the path of this index in
    /// [`BASELINE_PATHS`].
    FutureWithBaseline(usize),
}

/// How a future map names its baseline (each is created next to the map).
pub const BASELINE_PATHS: [&str; 4] = [
    "base.journey.yaml",
    "./base.journey.yaml",
    "sub/../base.journey.yaml",
    "基线 base #1.journey.yaml",
];

/// How a map names its library (each is created next to the map).
pub const LIBRARY_PATHS: [&str; 3] = [
    "people.library.yaml",
    "./sub/../people.library.yaml",
    "共有 shared #1.library.yaml",
];

/// How a map names its parent map (each is created next to the map).
pub const PARENT_PATHS: [&str; 2] = ["parent.journey.yaml", "上 parent #2.journey.yaml"];

/// How a step names the map that zooms into it (each is created next to the map).
pub const DETAIL_PATHS: [&str; 2] = ["detail.journey.yaml", "./sub/../細部 detail.journey.yaml"];

/// Ticket ids: tracker styles, ids YAML or a URL would read as something else, and ids
/// from the pattern.
const TICKETS: &[&str] = &[
    "CX-123",
    "#42",
    "ABC-1",
    "a/../b",
    "0",
    "1e3",
    "TRUE",
    "#",
    "x.y_z",
    "null",
    "2026-01-02",
];

#[derive(Debug, Clone)]
pub struct EmpathySpec {
    pub says: Option<Vec<Text>>,
    pub thinks: Option<Vec<Text>>,
    pub does: Option<Vec<Text>>,
    pub feels: Option<Vec<Text>>,
}

#[derive(Debug, Clone)]
pub struct PersonaSpec {
    pub id: String,
    pub name: Text,
    pub description: Option<Text>,
    pub quote: Option<Text>,
    pub goals: Option<Vec<Text>>,
    pub frustrations: Option<Vec<Text>>,
    pub needs: Option<Vec<Text>>,
    pub empathy: Option<EmpathySpec>,
}

/// A library file next to the map: personas and channels the map uses by id.
#[derive(Debug, Clone)]
pub struct LibrarySpec {
    /// An index into [`LIBRARY_PATHS`].
    pub path: usize,
    pub title: Option<Text>,
    pub personas: Vec<PersonaSpec>,
    /// Which library personas the map lists by id under `personas` (the others are used by
    /// steps only, or not at all).
    pub listed: Vec<bool>,
    pub channels: Vec<ChannelSpec>,
}

#[derive(Debug, Clone)]
pub enum EvidenceSpec {
    Text(Text),
    Detailed {
        text: Text,
        /// (year, month, day); the day is clamped to the month.
        date: Option<(i32, u32, u32)>,
        /// An index into [`BASES`].
        basis: Option<usize>,
    },
}

#[derive(Debug, Clone)]
pub struct ChannelSpec {
    pub id: String,
    pub name: Text,
    pub description: Option<Text>,
    pub color: Option<String>,
}

#[derive(Debug, Clone)]
pub enum ValueSpec {
    Number(f64),
    Text(Text),
}

#[derive(Debug, Clone)]
pub struct MetricSpec {
    pub name: Text,
    pub value: Option<ValueSpec>,
    pub target: Option<ValueSpec>,
    pub source: Option<Text>,
    /// `higher` or `lower`.
    pub better: Option<bool>,
}

#[derive(Debug, Clone)]
pub enum TouchSpec {
    /// A channel id: an index into the built-in channels followed by the declared ones.
    Short(usize),
    Long {
        channel: usize,
        name: Option<Text>,
        description: Option<Text>,
    },
}

#[derive(Debug, Clone)]
pub enum EmotionSpec {
    Score(i8),
    /// Scores by persona index (taken modulo the number of personas).
    PerPersona(Vec<(usize, i8)>),
}

#[derive(Debug, Clone)]
pub enum PainSpec {
    Text(Text),
    Detailed {
        id: Option<String>,
        text: Text,
        severity: Option<usize>,
        tickets: Option<Vec<String>>,
    },
}

#[derive(Debug, Clone)]
pub enum OppSpec {
    Text(Text),
    Detailed {
        id: Option<String>,
        text: Text,
        /// Indices into the map's pain point ids (taken modulo their number).
        addresses: Vec<usize>,
        owner: Option<Text>,
        tickets: Option<Vec<String>>,
    },
}

/// Two optional lists of text.
pub type Lists2 = (Option<Vec<Text>>, Option<Vec<Text>>);

#[derive(Debug, Clone)]
pub struct StepSpec {
    pub id: String,
    pub name: Text,
    pub description: Option<Text>,
    pub time: Option<String>,
    /// An index into [`DETAIL_PATHS`].
    pub detail: Option<usize>,
    /// Indices into the personas (the map's, then its library's); `Some(empty)` writes
    /// `personas: []`.
    pub personas: Option<Vec<usize>>,
    pub touchpoints: Option<Vec<TouchSpec>>,
    pub thoughts: Option<Vec<Text>>,
    pub emotion: Option<EmotionSpec>,
    pub feeling: Option<Text>,
    pub evidence: Option<Vec<EvidenceSpec>>,
    pub pains: Option<Vec<PainSpec>>,
    pub opportunities: Option<Vec<OppSpec>>,
    pub frontstage: Option<Vec<Text>>,
    pub backstage: Option<Vec<Text>>,
    pub support: Option<Vec<Text>>,
    pub owners: Option<Vec<Text>>,
    /// `existing` and `required`.
    pub resources: Option<Lists2>,
    pub metrics: Option<Vec<MetricSpec>>,
}

#[derive(Debug, Clone)]
pub struct StageSpec {
    pub id: String,
    pub name: Text,
    pub description: Option<Text>,
    pub goal: Option<Text>,
    pub time: Option<String>,
    pub metrics: Option<Vec<MetricSpec>>,
    pub steps: Vec<StepSpec>,
}

#[derive(Debug, Clone)]
pub struct MapSpec {
    pub id: String,
    pub title: Text,
    pub description: Option<Text>,
    pub state: StateSpec,
    /// `None`: no `kind` key; else journey, service-blueprint, day-in-the-life.
    pub kind: Option<usize>,
    pub owner: Option<Text>,
    pub stakeholders: Option<Vec<Text>>,
    pub tags: Option<Vec<Text>>,
    /// An index into LANGUAGES: tags with and without a table of words.
    pub language: Option<usize>,
    /// (year, month, day, cadence); the day is clamped to the month.
    pub review: Option<(i32, u32, u32, Option<usize>)>,
    /// An index into [`PARENT_PATHS`].
    pub parent: Option<usize>,
    pub library: Option<LibrarySpec>,
    pub personas: Vec<PersonaSpec>,
    pub channels: Vec<ChannelSpec>,
    pub stages: Vec<StageSpec>,
    /// The texts that [`Text::shared`] points at.
    pub shared: Vec<String>,
}

const KINDS: [&str; 3] = ["journey", "service-blueprint", "day-in-the-life"];
const CADENCES: [&str; 4] = ["monthly", "quarterly", "half-yearly", "yearly"];
const SEVERITIES: [&str; 3] = ["low", "medium", "high"];
const BASES: [&str; 3] = ["observed", "reported", "assumed"];
const COLORS: &[&str] = &[
    "#7b2cbf", "#FFF", "#abc", "#000000", "#A1b2C3", "#2a9d8f", "#ffee00", "#0f0",
];
const NUMBERS: &[f64] = &[
    0.0,
    1.0,
    -1.0,
    4.2,
    70.0,
    0.1,
    2.5,
    1e3,
    123456789.0,
    1e20,
    -0.5,
    3.25159,
    1e-7,
    99.99,
    123456789012345678.0,
    -273.15,
    0.30000000000000004,
];

fn list<T: std::fmt::Debug + Clone>(
    item: impl Strategy<Value = T>,
    p: f64,
    max: usize,
) -> impl Strategy<Value = Option<Vec<T>>> {
    option::weighted(p, vec(item, 0..max))
}

fn texts(p: f64) -> impl Strategy<Value = Option<Vec<Text>>> {
    list(text(), p, 4)
}

fn opt_text(p: f64) -> impl Strategy<Value = Option<Text>> {
    option::weighted(p, text())
}

fn time() -> impl Strategy<Value = String> {
    (0u32..24, 0u32..60).prop_map(|(h, m)| format!("{h:02}:{m:02}"))
}

fn metric_value() -> impl Strategy<Value = ValueSpec> {
    prop_oneof![
        2 => select(NUMBERS).prop_map(ValueSpec::Number),
        1 => any::<i32>().prop_map(|n| ValueSpec::Number(f64::from(n))),
        1 => (-1000i32..1000, 1u32..4).prop_map(|(n, d)| ValueSpec::Number(f64::from(n) / f64::from(10u32.pow(d)))),
        2 => select(&["70%", "6m 30s", "+48", "2.0", "42", "-3", "1e3", "n/a", "4.2", "", " 7 ", "3%"][..])
            .prop_map(|t| ValueSpec::Text(Text { shared: None, own: t.to_string() })),
        2 => text().prop_map(ValueSpec::Text),
    ]
}

/// Language tags for `language:`: each table, a region subtag, and one without a table.
pub const LANGUAGES: [&str; 9] = [
    "en", "ja", "zh-Hans", "es-MX", "de", "fr-CA", "pt-BR", "ko", "EN-gb",
];

prop_compose! {
    fn metric()(
        name in text(),
        value in option::weighted(0.7, metric_value()),
        target in option::weighted(0.5, metric_value()),
        source in opt_text(0.3),
        better in option::weighted(0.3, any::<bool>()),
    ) -> MetricSpec {
        MetricSpec { name, value, target, source, better }
    }
}

fn metrics(p: f64) -> impl Strategy<Value = Option<Vec<MetricSpec>>> {
    list(metric(), p, 3)
}

prop_compose! {
    fn empathy()(
        says in texts(0.6),
        thinks in texts(0.5),
        does in texts(0.5),
        feels in texts(0.5),
    ) -> EmpathySpec {
        EmpathySpec { says, thinks, does, feels }
    }
}

prop_compose! {
    fn persona()(
        id in id(),
        name in text(),
        description in opt_text(0.4),
        quote in opt_text(0.4),
        goals in texts(0.4),
        frustrations in texts(0.3),
        needs in texts(0.3),
        empathy in option::weighted(0.6, empathy()),
    ) -> PersonaSpec {
        PersonaSpec { id, name, description, quote, goals, frustrations, needs, empathy }
    }
}

prop_compose! {
    fn channel()(
        id in prop_oneof![4 => id(), 1 => select(&journeymap::model::BUILTIN_CHANNELS[..]).prop_map(|(id, _, _)| id.to_string())],
        name in text(),
        description in opt_text(0.3),
        color in option::weighted(0.6, prop_oneof![
            select(COLORS).prop_map(String::from),
            "#[0-9a-fA-F]{6}",
            "#[0-9a-fA-F]{3}",
        ]),
    ) -> ChannelSpec {
        ChannelSpec { id, name, description, color }
    }
}

fn touchpoint() -> impl Strategy<Value = TouchSpec> {
    prop_oneof![
        (0usize..20).prop_map(TouchSpec::Short),
        (0usize..20, opt_text(0.7), opt_text(0.3)).prop_map(|(channel, name, description)| {
            TouchSpec::Long {
                channel,
                name,
                description,
            }
        }),
    ]
}

fn emotion() -> impl Strategy<Value = EmotionSpec> {
    prop_oneof![
        3 => (-2i8..=2).prop_map(EmotionSpec::Score),
        2 => vec((0usize..4, -2i8..=2), 0..4).prop_map(EmotionSpec::PerPersona),
    ]
}

fn ticket() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => select(TICKETS).prop_map(String::from),
        1 => "[A-Za-z0-9#][A-Za-z0-9._#/-]{0,20}",
        1 => Just(format!("T{}", "-9".repeat(31))),
    ]
}

fn tickets() -> impl Strategy<Value = Option<Vec<String>>> {
    list(ticket(), 0.3, 3)
}

fn evidence() -> impl Strategy<Value = EvidenceSpec> {
    prop_oneof![
        2 => text().prop_map(EvidenceSpec::Text),
        1 => (
            text(),
            option::weighted(0.7, (1970i32..2100, 1u32..13, 1u32..32)),
            option::weighted(0.7, 0usize..BASES.len()),
        )
            .prop_map(|(text, date, basis)| EvidenceSpec::Detailed { text, date, basis }),
    ]
}

fn pain() -> impl Strategy<Value = PainSpec> {
    prop_oneof![
        text().prop_map(PainSpec::Text),
        (
            option::weighted(0.7, id()),
            text(),
            option::of(0usize..3),
            tickets()
        )
            .prop_map(|(id, text, severity, tickets)| PainSpec::Detailed {
                id,
                text,
                severity,
                tickets
            }),
    ]
}

fn opportunity() -> impl Strategy<Value = OppSpec> {
    prop_oneof![
        text().prop_map(OppSpec::Text),
        (
            option::weighted(0.3, id()),
            text(),
            vec(0usize..8, 0..3),
            opt_text(0.4),
            tickets(),
        )
            .prop_map(|(id, text, addresses, owner, tickets)| OppSpec::Detailed {
                id,
                text,
                addresses,
                owner,
                tickets
            }),
    ]
}

prop_compose! {
    fn step_core()(
        id in id(),
        name in text(),
        description in opt_text(0.25),
        time in option::weighted(0.25, time()),
        detail in option::weighted(0.08, 0usize..DETAIL_PATHS.len()),
        personas in list(0usize..6, 0.3, 4),
        touchpoints in list(touchpoint(), 0.5, 4),
        thoughts in texts(0.35),
        emotion in option::weighted(0.7, emotion()),
        feeling in opt_text(0.3),
    ) -> StepSpec {
        StepSpec {
            id, name, description, time, detail, personas, touchpoints, thoughts, emotion, feeling,
            evidence: None, pains: None, opportunities: None, frontstage: None, backstage: None,
            support: None, owners: None, resources: None, metrics: None,
        }
    }
}

prop_compose! {
    fn step()(
        core in step_core(),
        evidence in list(evidence(), 0.2, 4),
        pains in list(pain(), 0.4, 4),
        opportunities in list(opportunity(), 0.35, 3),
        frontstage in texts(0.25),
        backstage in texts(0.25),
        support in texts(0.2),
        owners in texts(0.2),
        resources in option::weighted(0.2, (texts(0.6), texts(0.6))),
        metrics in metrics(0.2),
    ) -> StepSpec {
        StepSpec {
            evidence, pains, opportunities, frontstage, backstage, support, owners, resources,
            metrics, ..core
        }
    }
}

prop_compose! {
    fn stage()(
        id in id(),
        name in text(),
        description in opt_text(0.3),
        goal in opt_text(0.3),
        time in option::weighted(0.2, time()),
        metrics in metrics(0.25),
        steps in vec(step(), 1..5),
    ) -> StageSpec {
        StageSpec { id, name, description, goal, time, metrics, steps }
    }
}

fn state() -> impl Strategy<Value = StateSpec> {
    prop_oneof![
        4 => Just(StateSpec::Default),
        1 => Just(StateSpec::Current),
        1 => Just(StateSpec::Future),
        2 => (0..BASELINE_PATHS.len()).prop_map(StateSpec::FutureWithBaseline),
    ]
}

prop_compose! {
    fn map_head()(
        id in id(),
        title in text(),
        description in opt_text(0.5),
        state in state(),
        kind in option::weighted(0.6, 0usize..3),
        owner in opt_text(0.3),
        stakeholders in texts(0.3),
        tags in texts(0.3),
        language in option::weighted(0.3, 0usize..LANGUAGES.len()),
        review in option::weighted(0.3, (1970i32..2100, 1u32..13, 1u32..32, option::of(0usize..4))),
        parent in option::weighted(0.1, 0usize..PARENT_PATHS.len()),
        shared in vec(raw_text(), 1..4),
    ) -> MapSpec {
        MapSpec {
            id, title, description, state, kind, owner, stakeholders, tags, language, review,
            parent, library: None, personas: Vec::new(), channels: Vec::new(),
            stages: Vec::new(), shared,
        }
    }
}

prop_compose! {
    fn library()(
        path in 0usize..LIBRARY_PATHS.len(),
        title in opt_text(0.5),
        personas_and_listed in vec((persona(), any::<bool>()), 0..4),
        channels in vec(channel(), 0..3),
    ) -> LibrarySpec {
        let (personas, listed) = personas_and_listed.into_iter().unzip();
        LibrarySpec { path, title, personas, listed, channels }
    }
}

prop_compose! {
    /// A whole map: 0-4 personas, 0-3 declared channels, 1-4 stages of 1-4 steps.
    pub fn map_spec()(
        head in map_head(),
        personas in prop_oneof![2 => vec(persona(), 0..2), 1 => vec(persona(), 2..5)],
        channels in vec(channel(), 0..4),
        stages in vec(stage(), 1..5),
        library in option::weighted(0.2, library()),
    ) -> MapSpec {
        MapSpec { personas, channels, stages, library, ..head }
    }
}

// ---------------------------------------------------------------------------------------------
// The map the choices stand for

/// Strings with something visible to read: a name, a title, the text of a pain point.
fn named(text: String, fallback: &str) -> String {
    if visible(&text) {
        text
    } else {
        format!("{fallback}{text}")
    }
}

impl MapSpec {
    fn t(&self, text: &Text) -> String {
        match text.shared {
            Some(i) => self.shared[i % self.shared.len()].clone(),
            None => text.own.clone(),
        }
    }

    /// Text that must not be blank.
    fn name(&self, text: &Text) -> String {
        named(self.t(text), "N")
    }

    fn texts(&self, list: &[Text]) -> Value {
        Value::Array(list.iter().map(|t| json!(self.t(t))).collect())
    }

    fn put_text(&self, obj: &mut Map<String, Value>, key: &str, text: &Option<Text>) {
        if let Some(t) = text {
            obj.insert(key.into(), json!(self.t(t)));
        }
    }

    fn put_texts(&self, obj: &mut Map<String, Value>, key: &str, list: &Option<Vec<Text>>) {
        if let Some(l) = list {
            obj.insert(key.into(), self.texts(l));
        }
    }

    fn metric_value(&self, v: &ValueSpec) -> Value {
        match v {
            ValueSpec::Number(n) => json!(n),
            ValueSpec::Text(t) => json!(self.t(t)),
        }
    }

    fn metrics(&self, list: &[MetricSpec]) -> Value {
        Value::Array(
            list.iter()
                .map(|m| {
                    let mut o = Map::new();
                    o.insert("name".into(), json!(self.name(&m.name)));
                    if let Some(v) = &m.value {
                        o.insert("value".into(), self.metric_value(v));
                    }
                    if let Some(v) = &m.target {
                        o.insert("target".into(), self.metric_value(v));
                    }
                    self.put_text(&mut o, "source", &m.source);
                    if let Some(higher) = m.better {
                        o.insert(
                            "better".into(),
                            json!(if higher { "higher" } else { "lower" }),
                        );
                    }
                    Value::Object(o)
                })
                .collect(),
        )
    }

    /// The ids of the map's own personas, then its library's, made unique together (a
    /// library persona the map also defined would be shadowed).
    pub fn persona_ids(&self) -> Vec<String> {
        let mut seen = Vec::new();
        let library = self.library.iter().flat_map(|l| &l.personas);
        self.personas
            .iter()
            .chain(library)
            .map(|p| unique(&p.id, &mut seen))
            .collect()
    }

    /// The ids of the map's own channels, then its library's; a library channel's id is
    /// unique among the built-in ones too (a built-in channel is never taken from a library).
    pub fn channel_ids(&self) -> (Vec<String>, Vec<String>) {
        let mut seen = Vec::new();
        let own: Vec<String> = self
            .channels
            .iter()
            .map(|c| unique(&c.id, &mut seen))
            .collect();
        seen.extend(
            journeymap::model::BUILTIN_CHANNELS
                .iter()
                .map(|(c, _, _)| c.to_string()),
        );
        let library = self
            .library
            .iter()
            .flat_map(|l| &l.channels)
            .map(|c| unique(&c.id, &mut seen))
            .collect();
        (own, library)
    }

    /// The same map without what needs other files: no library (its personas and channels
    /// left out), no parent, no step details. For tests that check a map on its own.
    pub fn standalone(&self) -> MapSpec {
        let mut spec = self.clone();
        spec.library = None;
        spec.parent = None;
        for stage in &mut spec.stages {
            for step in &mut stage.steps {
                step.detail = None;
            }
        }
        spec
    }

    /// The library file the map names, as the path the map writes and the library's JSON.
    pub fn library_file(&self) -> Option<(&'static str, Value)> {
        let library = self.library.as_ref()?;
        let ids = self.persona_ids();
        let (_, channel_ids) = self.channel_ids();
        let mut o = Map::new();
        o.insert("journeymap".into(), json!(1));
        self.put_text(&mut o, "title", &library.title);
        if !library.personas.is_empty() {
            let own = self.personas.len();
            let personas = library
                .personas
                .iter()
                .zip(&ids[own..])
                .map(|(p, id)| self.persona_json(p, id))
                .collect();
            o.insert("personas".into(), Value::Array(personas));
        }
        if !library.channels.is_empty() {
            let channels = library
                .channels
                .iter()
                .zip(&channel_ids)
                .map(|(c, id)| self.channel_json(c, id))
                .collect();
            o.insert("channels".into(), Value::Array(channels));
        }
        Some((LIBRARY_PATHS[library.path], Value::Object(o)))
    }

    /// The paths of the maps this map links to (its parent, its steps' details), each to be
    /// created next to it.
    pub fn linked_paths(&self) -> Vec<&'static str> {
        let mut paths: Vec<&'static str> =
            self.parent.map(|i| PARENT_PATHS[i]).into_iter().collect();
        for stage in &self.stages {
            for step in &stage.steps {
                if let Some(i) = step.detail {
                    if !paths.contains(&DETAIL_PATHS[i]) {
                        paths.push(DETAIL_PATHS[i]);
                    }
                }
            }
        }
        paths
    }

    fn persona_json(&self, p: &PersonaSpec, id: &str) -> Value {
        let mut o = Map::new();
        o.insert("id".into(), json!(id));
        o.insert("name".into(), json!(self.name(&p.name)));
        self.put_text(&mut o, "description", &p.description);
        self.put_text(&mut o, "quote", &p.quote);
        self.put_texts(&mut o, "goals", &p.goals);
        self.put_texts(&mut o, "frustrations", &p.frustrations);
        self.put_texts(&mut o, "needs", &p.needs);
        if let Some(e) = &p.empathy {
            let mut m = Map::new();
            self.put_texts(&mut m, "says", &e.says);
            self.put_texts(&mut m, "thinks", &e.thinks);
            self.put_texts(&mut m, "does", &e.does);
            self.put_texts(&mut m, "feels", &e.feels);
            o.insert("empathy".into(), Value::Object(m));
        }
        Value::Object(o)
    }

    fn channel_json(&self, c: &ChannelSpec, id: &str) -> Value {
        let mut o = Map::new();
        o.insert("id".into(), json!(id));
        o.insert("name".into(), json!(self.name(&c.name)));
        self.put_text(&mut o, "description", &c.description);
        if let Some(color) = &c.color {
            o.insert("color".into(), json!(color));
        }
        Value::Object(o)
    }

    fn tickets(obj: &mut Map<String, Value>, tickets: &Option<Vec<String>>) {
        if let Some(list) = tickets {
            obj.insert("tickets".into(), json!(list));
        }
    }

    /// The number of steps the map has.
    pub fn step_count(&self) -> usize {
        self.stages.iter().map(|s| s.steps.len()).sum()
    }

    /// The baseline path, when the map is a future map with one.
    pub fn baseline_path(&self) -> Option<&'static str> {
        match self.state {
            StateSpec::FutureWithBaseline(i) => Some(BASELINE_PATHS[i]),
            _ => None,
        }
    }

    /// The map the choices stand for, as JSON with the keys in the model's order.
    pub fn to_json(&self) -> Value {
        let persona_ids = self.persona_ids();
        let (channel_ids, library_channel_ids) = self.channel_ids();
        let all_channels: Vec<String> = journeymap::model::BUILTIN_CHANNELS
            .iter()
            .map(|(c, _, _)| c.to_string())
            .chain(channel_ids.iter().cloned())
            .chain(library_channel_ids)
            .collect();

        // Pain point ids first: opportunities anywhere may address them.
        let mut pain_seen = Vec::new();
        let pain_ids: Vec<Vec<Vec<Option<String>>>> = self
            .stages
            .iter()
            .map(|stage| {
                stage
                    .steps
                    .iter()
                    .map(|step| {
                        step.pains
                            .iter()
                            .flatten()
                            .map(|p| match p {
                                PainSpec::Detailed { id: Some(id), .. } => {
                                    Some(unique(id, &mut pain_seen))
                                }
                                _ => None,
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect();
        let mut step_seen = Vec::new();
        let mut stage_seen = Vec::new();
        let mut opp_seen = Vec::new();

        let mut stages = Vec::new();
        for (si, stage) in self.stages.iter().enumerate() {
            let mut steps = Vec::new();
            for (ki, step) in stage.steps.iter().enumerate() {
                let mut o = Map::new();
                o.insert("id".into(), json!(unique(&step.id, &mut step_seen)));
                o.insert("name".into(), json!(self.name(&step.name)));
                self.put_text(&mut o, "description", &step.description);
                if let Some(t) = &step.time {
                    o.insert("time".into(), json!(t));
                }
                if let Some(i) = step.detail {
                    o.insert("detail".into(), json!(DETAIL_PATHS[i]));
                }
                if let Some(list) = &step.personas {
                    if persona_ids.is_empty() {
                        if list.is_empty() {
                            o.insert("personas".into(), json!([]));
                        }
                    } else {
                        let mut ids: Vec<&String> = Vec::new();
                        for i in list {
                            let id = &persona_ids[i % persona_ids.len()];
                            if !ids.contains(&id) {
                                ids.push(id);
                            }
                        }
                        o.insert("personas".into(), json!(ids));
                    }
                }
                if let Some(list) = &step.touchpoints {
                    let tps: Vec<Value> = list
                        .iter()
                        .map(|t| match t {
                            TouchSpec::Short(c) => json!(all_channels[c % all_channels.len()]),
                            TouchSpec::Long {
                                channel,
                                name,
                                description,
                            } => {
                                let mut t = Map::new();
                                t.insert(
                                    "channel".into(),
                                    json!(all_channels[channel % all_channels.len()]),
                                );
                                self.put_text(&mut t, "name", name);
                                self.put_text(&mut t, "description", description);
                                Value::Object(t)
                            }
                        })
                        .collect();
                    o.insert("touchpoints".into(), Value::Array(tps));
                }
                self.put_texts(&mut o, "thoughts", &step.thoughts);
                match &step.emotion {
                    None => {}
                    Some(EmotionSpec::Score(s)) => {
                        o.insert("emotion".into(), json!(s));
                    }
                    Some(EmotionSpec::PerPersona(scores)) => {
                        if persona_ids.is_empty() {
                            let s = scores.first().map_or(0, |(_, s)| *s);
                            o.insert("emotion".into(), json!(s));
                        } else {
                            let mut m = Map::new();
                            for (p, s) in scores {
                                let id = &persona_ids[p % persona_ids.len()];
                                m.entry(id.clone()).or_insert(json!(s));
                            }
                            o.insert("emotion".into(), Value::Object(m));
                        }
                    }
                }
                self.put_text(&mut o, "feeling", &step.feeling);
                if let Some(list) = &step.evidence {
                    let evidence = list
                        .iter()
                        .map(|e| match e {
                            EvidenceSpec::Text(t) => json!(self.name(t)),
                            EvidenceSpec::Detailed { text, date, basis } => {
                                let mut m = Map::new();
                                m.insert("text".into(), json!(self.name(text)));
                                if let Some((year, month, day)) = *date {
                                    let day = day.min(journeymap::model::scalars::days_in_month(
                                        year, month,
                                    ));
                                    m.insert(
                                        "date".into(),
                                        json!(format!("{year:04}-{month:02}-{day:02}")),
                                    );
                                }
                                if let Some(b) = basis {
                                    m.insert("basis".into(), json!(BASES[*b]));
                                }
                                Value::Object(m)
                            }
                        })
                        .collect();
                    o.insert("evidence".into(), Value::Array(evidence));
                }
                if let Some(list) = &step.pains {
                    let pains: Vec<Value> = list
                        .iter()
                        .zip(&pain_ids[si][ki])
                        .map(|(p, id)| match p {
                            PainSpec::Text(t) => json!(self.name(t)),
                            PainSpec::Detailed {
                                text,
                                severity,
                                tickets,
                                ..
                            } => {
                                let mut m = Map::new();
                                if let Some(id) = id {
                                    m.insert("id".into(), json!(id));
                                }
                                m.insert("text".into(), json!(self.name(text)));
                                if let Some(s) = severity {
                                    m.insert("severity".into(), json!(SEVERITIES[*s]));
                                }
                                Self::tickets(&mut m, tickets);
                                Value::Object(m)
                            }
                        })
                        .collect();
                    o.insert("pain_points".into(), Value::Array(pains));
                }
                if let Some(list) = &step.opportunities {
                    let opps: Vec<Value> = list
                        .iter()
                        .map(|p| match p {
                            OppSpec::Text(t) => json!(self.name(t)),
                            OppSpec::Detailed {
                                id,
                                text,
                                addresses,
                                owner,
                                tickets,
                            } => {
                                let mut m = Map::new();
                                if let Some(id) = id {
                                    m.insert("id".into(), json!(unique(id, &mut opp_seen)));
                                }
                                m.insert("text".into(), json!(self.name(text)));
                                if !pain_seen.is_empty() && !addresses.is_empty() {
                                    let mut ids: Vec<&String> = Vec::new();
                                    for a in addresses {
                                        let id = &pain_seen[a % pain_seen.len()];
                                        if !ids.contains(&id) {
                                            ids.push(id);
                                        }
                                    }
                                    m.insert("addresses".into(), json!(ids));
                                }
                                self.put_text(&mut m, "owner", owner);
                                Self::tickets(&mut m, tickets);
                                Value::Object(m)
                            }
                        })
                        .collect();
                    o.insert("opportunities".into(), Value::Array(opps));
                }
                self.put_texts(&mut o, "frontstage", &step.frontstage);
                self.put_texts(&mut o, "backstage", &step.backstage);
                self.put_texts(&mut o, "support", &step.support);
                self.put_texts(&mut o, "owners", &step.owners);
                if let Some((existing, required)) = &step.resources {
                    let mut r = Map::new();
                    self.put_texts(&mut r, "existing", existing);
                    self.put_texts(&mut r, "required", required);
                    o.insert("resources".into(), Value::Object(r));
                }
                if let Some(m) = &step.metrics {
                    o.insert("metrics".into(), self.metrics(m));
                }
                steps.push(Value::Object(o));
            }
            let mut s = Map::new();
            s.insert("id".into(), json!(unique(&stage.id, &mut stage_seen)));
            s.insert("name".into(), json!(self.name(&stage.name)));
            self.put_text(&mut s, "description", &stage.description);
            self.put_text(&mut s, "goal", &stage.goal);
            if let Some(t) = &stage.time {
                s.insert("time".into(), json!(t));
            }
            if let Some(m) = &stage.metrics {
                s.insert("metrics".into(), self.metrics(m));
            }
            s.insert("steps".into(), Value::Array(steps));
            stages.push(Value::Object(s));
        }

        let mut map = Map::new();
        map.insert("journeymap".into(), json!(1));
        map.insert("id".into(), json!(self.id));
        map.insert("title".into(), json!(self.name(&self.title)));
        self.put_text(&mut map, "description", &self.description);
        match self.state {
            StateSpec::Default => {}
            StateSpec::Current => {
                map.insert("state".into(), json!("current"));
            }
            StateSpec::Future => {
                map.insert("state".into(), json!("future"));
            }
            StateSpec::FutureWithBaseline(i) => {
                map.insert("state".into(), json!("future"));
                map.insert("baseline".into(), json!(BASELINE_PATHS[i]));
            }
        }
        if let Some(k) = self.kind {
            map.insert("kind".into(), json!(KINDS[k]));
        }
        if let Some(i) = self.parent {
            map.insert("parent".into(), json!(PARENT_PATHS[i]));
        }
        if let Some(library) = &self.library {
            map.insert("libraries".into(), json!([LIBRARY_PATHS[library.path]]));
        }
        self.put_text(&mut map, "owner", &self.owner);
        self.put_texts(&mut map, "stakeholders", &self.stakeholders);
        self.put_texts(&mut map, "tags", &self.tags);
        if let Some(l) = self.language {
            map.insert("language".into(), json!(LANGUAGES[l]));
        }
        if let Some((year, month, day, every)) = self.review {
            let day = day.min(journeymap::model::scalars::days_in_month(year, month));
            let mut r = Map::new();
            r.insert(
                "last".into(),
                json!(format!("{year:04}-{month:02}-{day:02}")),
            );
            if let Some(e) = every {
                r.insert("every".into(), json!(CADENCES[e]));
            }
            map.insert("review".into(), Value::Object(r));
        }
        let mut personas: Vec<Value> = self
            .personas
            .iter()
            .zip(&persona_ids)
            .map(|(p, id)| self.persona_json(p, id))
            .collect();
        if let Some(library) = &self.library {
            let listed = persona_ids[self.personas.len()..]
                .iter()
                .zip(&library.listed)
                .filter(|(_, listed)| **listed);
            personas.extend(listed.map(|(id, _)| json!(id)));
        }
        if !personas.is_empty() {
            map.insert("personas".into(), Value::Array(personas));
        }
        if !self.channels.is_empty() {
            let channels: Vec<Value> = self
                .channels
                .iter()
                .zip(&channel_ids)
                .map(|(c, id)| self.channel_json(c, id))
                .collect();
            map.insert("channels".into(), Value::Array(channels));
        }
        map.insert("stages".into(), Value::Array(stages));
        Value::Object(map)
    }
}

/// The current-state map a future map's `baseline` names: the same map, today.
pub fn baseline_of(map: &Value) -> Value {
    let mut base = map.clone();
    let obj = base.as_object_mut().expect("a map is an object");
    obj.remove("baseline");
    obj.insert("state".into(), json!("current"));
    obj.insert("id".into(), json!("the-baseline"));
    base
}
