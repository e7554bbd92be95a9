//! Small value types of the format, each with the JSON Schema editors need to check it.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The pattern every id matches: lower-case letters, digits, `-` and `_`, not starting with
/// a separator. Slugs survive URLs, file names and CSS classes unchanged.
pub const ID_PATTERN: &str = "^[a-z0-9][a-z0-9_-]*$";

/// Whether `text` is a valid id.
pub fn is_slug(text: &str) -> bool {
    let mut bytes = text.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z' | b'0'..=b'9'))
        && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-'))
}

/// Turns any text into the closest slug (`Pays at checkout!` -> `pays-at-checkout`), letters
/// of any script transliterated to ASCII first (`Jörg Müller` -> `jorg-muller`, `カード` ->
/// `kado`, `顧客` -> `gu-ke`), so that an id made from a name can still be read.
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode_with_tofu(text, "-");
    let mut slug = String::new();
    for c in ascii.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if c == '_' && !slug.is_empty() {
            slug.push('_');
        } else if !slug.is_empty() && !slug.ends_with(['-', '_']) {
            slug.push('-');
        }
    }
    let trimmed = slug.trim_end_matches(['-', '_']).to_string();
    if trimmed.is_empty() {
        "id".to_string()
    } else {
        trimmed
    }
}

/// A slug naming a persona, channel, stage, step or pain point.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(pub String);

impl Id {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::borrow::Borrow<str> for Id {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl JsonSchema for Id {
    fn schema_name() -> Cow<'static, str> {
        "Id".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "A slug: lower-case letters, digits, `-` and `_`, starting with a letter or digit.",
            "pattern": ID_PATTERN,
            "examples": ["busy-parent", "checkout"]
        })
    }
}

/// An emotion score: -2 (very negative), -1, 0 (neutral), 1, 2 (very positive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Score(i8);

/// Reads a whole number the way JSON Schema counts integers: `1.0` is the integer 1.
fn whole_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    let value = f64::deserialize(deserializer)?;
    if value.fract() == 0.0 && value.abs() < 1e15 {
        Ok(value as i64)
    } else {
        Err(serde::de::Error::custom(format!(
            "{value} is not a whole number"
        )))
    }
}

impl<'de> Deserialize<'de> for Score {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = whole_number(deserializer)?;
        i8::try_from(value)
            .ok()
            .and_then(Score::new)
            .ok_or_else(|| serde::de::Error::custom(format!("emotion {value} is outside -2..2")))
    }
}

impl Score {
    pub const MIN: i8 = -2;
    pub const MAX: i8 = 2;

    /// A score, if `value` is within -2..=2.
    pub fn new(value: i8) -> Option<Score> {
        (Self::MIN..=Self::MAX)
            .contains(&value)
            .then_some(Score(value))
    }

    pub fn get(self) -> i8 {
        self.0
    }
}

impl JsonSchema for Score {
    fn schema_name() -> Cow<'static, str> {
        "Score".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "integer",
            "description": "An emotion score: -2 (very negative) to 2 (very positive), 0 is neutral.",
            "minimum": Score::MIN,
            "maximum": Score::MAX,
            "examples": [1, -2]
        })
    }
}

/// The format version; only `1` exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormatVersion;

impl Serialize for FormatVersion {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u8(1)
    }
}

impl<'de> Deserialize<'de> for FormatVersion {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match whole_number(deserializer)? {
            1 => Ok(FormatVersion),
            other => Err(serde::de::Error::custom(format!(
                "unsupported format version {other}"
            ))),
        }
    }
}

impl JsonSchema for FormatVersion {
    fn schema_name() -> Cow<'static, str> {
        "FormatVersion".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "The format version. Always `1`.",
            "const": 1
        })
    }
}

macro_rules! patterned_string {
    ($(#[$doc:meta])* $name:ident, $pattern:expr, $description:expr, $examples:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({
                    "type": "string",
                    "description": $description,
                    "pattern": $pattern,
                    "examples": $examples
                })
            }
        }
    };
}

patterned_string!(
    /// An ISO 8601 calendar date, `YYYY-MM-DD`.
    IsoDate,
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    "An ISO 8601 date, `YYYY-MM-DD`.",
    ["2026-10-01"]
);

patterned_string!(
    /// The id of an issue in a tracker, e.g. `CX-123` or `#42`; `journeymap.toml` can turn it
    /// into a link (`[links] ticket = "https://tracker.example/browse/{id}"`).
    Ticket,
    "^[A-Za-z0-9#][A-Za-z0-9._#/-]{0,63}$",
    "An issue tracker id, e.g. `CX-123` or `#42`: letters, digits and `. _ # / -`, at most 64 characters.",
    ["CX-123"]
);

impl Ticket {
    /// The ticket's address by a project's `pattern` (`https://tracker.example/browse/{id}`):
    /// the id percent-encoded, so it stays one path segment or query value whatever it holds.
    pub fn link(&self, pattern: &str) -> String {
        let encoded: String = self
            .0
            .bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect();
        pattern.replace("{id}", &encoded)
    }
}

patterned_string!(
    /// A time of day on a 24-hour clock, `HH:MM`.
    TimeOfDay,
    "^([01][0-9]|2[0-3]):[0-5][0-9]$",
    "A time of day, `HH:MM` on a 24-hour clock. Quote it in YAML: `time: \"07:30\"`.",
    ["07:30", "18:45"]
);

patterned_string!(
    /// A colour as `#rrggbb` or `#rgb`.
    Color,
    "^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$",
    "A colour, `#rrggbb` or `#rgb`. Quote it in YAML: `color: \"#7b2cbf\"`.",
    ["#7b2cbf"]
);

/// `#rgb` or `#rrggbb` as red, green and blue.
pub fn parse_hex(color: &str) -> Option<(u8, u8, u8)> {
    let hex = color.strip_prefix('#')?;
    let digit = |i: usize, len: usize| u8::from_str_radix(hex.get(i..i + len)?, 16).ok();
    match hex.len() {
        3 => Some((digit(0, 1)? * 17, digit(1, 1)? * 17, digit(2, 1)? * 17)),
        6 => Some((digit(0, 2)?, digit(2, 2)?, digit(4, 2)?)),
        _ => None,
    }
}

/// A colour as lower-case `#rrggbb`.
pub fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

impl TimeOfDay {
    /// Minutes after midnight (the pattern guarantees `HH:MM` on a 24-hour clock).
    pub fn minutes(&self) -> Option<u32> {
        let (h, m) = self.0.split_once(':')?;
        let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
        (h < 24 && m < 60).then_some(h * 60 + m)
    }
}

impl IsoDate {
    /// The date as (year, month, day) if it is a real calendar date.
    pub fn ymd(&self) -> Option<(i32, u32, u32)> {
        let mut parts = self.0.splitn(3, '-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: u32 = parts.next()?.parse().ok()?;
        let day: u32 = parts.next()?.parse().ok()?;
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some((year, month, day))
    }
}

/// The number of days in a month of the proleptic Gregorian calendar.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// A metric's value or target: a number, or text such as `70%` or `6m 30s`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum MetricValue {
    Number(f64),
    Text(String),
}

impl MetricValue {
    /// The numeric part, for comparing a value with its target (`70%` -> 70).
    pub fn numeric(&self) -> Option<f64> {
        match self {
            MetricValue::Number(n) => Some(*n),
            MetricValue::Text(t) => {
                let start = t.find(|c: char| c.is_ascii_digit() || c == '-' || c == '.')?;
                let rest = &t[start..];
                let end = rest
                    .char_indices()
                    .skip(1)
                    .find(|&(_, c)| !(c.is_ascii_digit() || c == '.'))
                    .map_or(rest.len(), |(i, _)| i);
                rest[..end].parse().ok()
            }
        }
    }
}

impl fmt::Display for MetricValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MetricValue::Number(n) => f.write_str(&crate::format_number(*n)),
            MetricValue::Text(t) => f.write_str(t),
        }
    }
}

impl JsonSchema for MetricValue {
    fn schema_name() -> Cow<'static, str> {
        "MetricValue".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A number, or text such as `70%` or `6m 30s`.",
            "type": ["number", "string"],
            "examples": ["70%", 4.2]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(is_slug("sees-ad"));
        assert!(is_slug("a_1"));
        assert!(!is_slug("Sees-ad"));
        assert!(!is_slug("-x"));
        assert!(!is_slug(""));
        assert_eq!(slugify("Pays at Checkout!"), "pays-at-checkout");
        assert_eq!(slugify("Zoë's step"), "zoe-s-step");
        assert_eq!(slugify("***"), "id");
    }

    /// Regression: names in other scripts lost their letters (`j-rg-m-ller`, and `id`, `id-2`
    /// for Japanese names).
    #[test]
    fn unicode_names_make_readable_ids() {
        assert_eq!(slugify("Jörg Müller"), "jorg-muller");
        assert_eq!(slugify("Café Überblick"), "cafe-uberblick");
        assert_eq!(slugify("Straße"), "strasse");
        for name in [
            "カード情報を入力する",
            "顧客サポート",
            "支付",
            "Оплата картой",
            "الدفع",
            "भुगतान",
        ] {
            let id = slugify(name);
            assert!(is_slug(&id) && id != "id", "{name} -> {id}");
        }
        assert_ne!(slugify("カード"), slugify("支付"));
    }

    #[test]
    fn dates() {
        assert_eq!(IsoDate("2024-02-29".into()).ymd(), Some((2024, 2, 29)));
        assert_eq!(IsoDate("2026-02-29".into()).ymd(), None);
        assert_eq!(IsoDate("2026-13-01".into()).ymd(), None);
    }

    #[test]
    fn metric_numbers() {
        assert_eq!(MetricValue::Text("70%".into()).numeric(), Some(70.0));
        assert_eq!(MetricValue::Text("6.5 min".into()).numeric(), Some(6.5));
        assert_eq!(MetricValue::Text("n/a".into()).numeric(), None);
        assert_eq!(MetricValue::Number(4.0).to_string(), "4");
    }
}
