//! Text measurement and wrapping with the embedded Liberation Sans metrics.
//!
//! Widths come from the bundled font ([`super::font`]), so that a map lays out the same on
//! every machine whatever fonts it has. Characters the font does not cover are
//! measured by class: East Asian wide characters take a full em (double a Latin letter), emoji
//! take 1.25 em (colour emoji fonts are wider than a CJK ideograph), combining marks and
//! joiners take nothing, and anything else takes 0.6 em. Kerning is ignored, which only ever
//! makes the real text narrower than measured.

use unicode_segmentation::UnicodeSegmentation;

use super::font;

/// The weight of a run of text; the bold face has its own widths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Weight {
    Regular,
    Bold,
}

/// Line height as a multiple of the font size.
pub const LINE_HEIGHT: f64 = 1.3;

/// The height of one line of text at `size`.
pub fn line_height(size: f64) -> f64 {
    (size * LINE_HEIGHT).ceil()
}

/// How far below the top of a line box its baseline sits.
pub fn baseline_offset(size: f64) -> f64 {
    let metrics = font::metrics();
    let em = f64::from(metrics.units_per_em);
    let ascent = f64::from(metrics.ascent) / em * size;
    let descent = -f64::from(metrics.descent) / em * size;
    let lh = line_height(size);
    (lh - (ascent + descent)) / 2.0 + ascent
}

/// The advance of one character in em.
pub fn char_em(c: char, weight: Weight) -> f64 {
    let metrics = font::metrics();
    if let Some((regular, bold)) = metrics.advances(c) {
        let units = match weight {
            Weight::Regular => regular,
            Weight::Bold => bold,
        };
        return f64::from(units) / f64::from(metrics.units_per_em);
    }
    if is_zero_width(c) {
        return 0.0;
    }
    if is_emoji(c) {
        return 1.25;
    }
    match unicode_width::UnicodeWidthChar::width(c) {
        Some(0) => 0.0,
        Some(2) => 1.0,
        None => 0.0,
        _ => 0.6,
    }
}

/// Pictographs drawn by colour emoji fonts.
fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF)
}

fn is_zero_width(c: char) -> bool {
    matches!(c as u32,
        0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x2069 | 0xFE00..=0xFE0F
            | 0xE0000..=0xE007F | 0x0300..=0x036F | 0x1F3FB..=0x1F3FF)
}

/// The width of `text` at `size` in pixels.
pub fn measure(text: &str, size: f64, weight: Weight) -> f64 {
    text.chars().map(|c| char_em(c, weight)).sum::<f64>() * size
}

/// Makes map text safe to put in XML and to measure: characters XML 1.0 forbids become
/// U+FFFD, tabs become spaces, and line ends become `\n`.
pub fn clean(text: &str) -> std::borrow::Cow<'_, str> {
    // U+FFFE and U+FFFF are EF BF BE and EF BF BF in UTF-8: look closer only if an EF appears.
    let clean = text
        .bytes()
        .all(|b| (b >= 0x20 && b != 0x7F && b != 0xEF) || b == b'\n')
        || (text.bytes().all(|b| (b >= 0x20 && b != 0x7F) || b == b'\n')
            && !text.contains(['\u{FFFE}', '\u{FFFF}']));
    if clean {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\n' => out.push('\n'),
            '\t' => out.push(' '),
            c if (c as u32) < 0x20 || matches!(c as u32, 0x7F | 0xFFFE | 0xFFFF) => {
                out.push('\u{FFFD}')
            }
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Wraps `text` into lines no wider than `max_width` pixels. Lines break where UAX #14 allows
/// (at spaces, after hyphens, between CJK characters and emoji; see [`words`]) and at `\n`; a
/// word wider than a whole line is broken between user-perceived characters. Every returned line fits, unless a single character is wider than the line.
///
/// At most [`MAX_LINES`] lines are made; longer text ends in `…` on the last (the whole text
/// stays in the element's tooltip, itself capped by [`clip`]), so a hostile 30 MB description
/// costs one card, not a 40,000-line one.
pub fn wrap(text: &str, size: f64, weight: Weight, max_width: f64) -> Vec<(String, f64)> {
    let mut lines = wrap_all(text, size, weight, max_width, MAX_LINES + 1);
    if lines.len() > MAX_LINES {
        lines.truncate(MAX_LINES);
        if let Some((line, width)) = lines.last_mut() {
            let ellipsis = char_em('…', weight) * size;
            while *width + ellipsis > max_width && line.pop().is_some() {
                *width = measure(line, size, weight);
            }
            line.push('…');
            *width += ellipsis;
        }
    }
    lines
}

/// The most lines one wrapped text takes in a drawing.
pub const MAX_LINES: usize = 40;

/// The most characters of one text a tooltip, title or description carries.
pub const MAX_TOOLTIP_CHARS: usize = 4_000;

/// `text` cut to `max` characters, with `…` where it was cut.
pub fn clip(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max) {
        Some((at, _)) => std::borrow::Cow::Owned(format!("{}…", &text[..at])),
        None => std::borrow::Cow::Borrowed(text),
    }
}

/// [`wrap`] without the cap, stopping once `limit` lines are made.
fn wrap_all(
    text: &str,
    size: f64,
    weight: Weight,
    max_width: f64,
    limit: usize,
) -> Vec<(String, f64)> {
    // Enough characters for `limit` full lines of the narrowest glyphs, and no more.
    let text = clip(text, limit.saturating_mul(max_width as usize + 8));
    let text = clean(&text);
    let mut lines = Vec::new();
    let space = char_em(' ', weight) * size;
    for paragraph in text.split('\n') {
        if lines.len() >= limit {
            break;
        }
        let mut line = String::new();
        let mut width = 0.0;
        for word in words(paragraph) {
            let (glue, word) = match word {
                Word::Spaced(w) => (true, w),
                Word::Glued(w) => (false, w),
                Word::Break => {
                    lines.push((std::mem::take(&mut line), width));
                    width = 0.0;
                    continue;
                }
            };
            let word_width = measure(word, size, weight);
            let gap = if glue && !line.is_empty() { space } else { 0.0 };
            if width + gap + word_width <= max_width {
                if gap > 0.0 {
                    line.push(' ');
                }
                line.push_str(word);
                width += gap + word_width;
                continue;
            }
            if !line.is_empty() {
                lines.push((std::mem::take(&mut line), width));
                width = 0.0;
            }
            if word_width <= max_width {
                line.push_str(word);
                width = word_width;
                continue;
            }
            // A word longer than a line: break it between user-perceived characters, never
            // inside one (a letter and its combining marks, an emoji sequence).
            for cluster in word.graphemes(true) {
                let w = measure(cluster, size, weight);
                if width + w > max_width && !line.is_empty() && w > 0.0 {
                    lines.push((std::mem::take(&mut line), width));
                    width = 0.0;
                }
                line.push_str(cluster);
                width += w;
            }
        }
        lines.push((line, width));
    }
    // Paragraphs that were only spaces still take a line; trailing empty lines do not.
    while lines.len() > 1 && lines.last().is_some_and(|(l, _)| l.is_empty()) {
        lines.pop();
    }
    lines
}

enum Word<'a> {
    /// Preceded by a space (or the start of the paragraph).
    Spaced(&'a str),
    /// Directly after the previous word, with no space (after a hyphen or slash, between
    /// CJK characters or emoji).
    Glued(&'a str),
    /// A line must end here (U+2028 LINE SEPARATOR and friends, inside a paragraph).
    Break,
}

/// Splits a paragraph where Unicode's line-breaking algorithm (UAX #14, `unicode-linebreak`)
/// allows a break: at spaces, after hyphens and slashes, between CJK characters and between
/// emoji — but not before closing punctuation such as `。` or `)`, not after opening
/// punctuation, and never inside a user-perceived character (a letter and its marks, an emoji
/// sequence joined by U+200D, a flag). Runs of spaces become one gap.
fn words(paragraph: &str) -> Vec<Word<'_>> {
    use unicode_linebreak::{BreakOpportunity, linebreaks};
    let mut out = Vec::new();
    let mut start = 0;
    let mut spaced = true;
    for (end, opportunity) in linebreaks(paragraph) {
        let segment = &paragraph[start..end];
        start = end;
        let mandatory = opportunity == BreakOpportunity::Mandatory && end < paragraph.len();
        let text = segment.trim_end_matches(is_mandatory_break);
        let word = text.trim_end_matches(' ');
        let word_spaced = spaced;
        spaced = word.len() < text.len();
        // A segment holds a space only where UAX #14 forbids the break after it (`( a`):
        // such spaces still separate, as they always have.
        for (i, part) in word.split(' ').filter(|p| !p.is_empty()).enumerate() {
            out.push(if word_spaced || i > 0 {
                Word::Spaced(part)
            } else {
                Word::Glued(part)
            });
        }
        if mandatory {
            out.push(Word::Break);
            spaced = true;
        }
    }
    out
}

/// The characters after which UAX #14 requires a break (class BK, CR, LF, NL).
fn is_mandatory_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_widths_come_from_the_font() {
        // Arial/Liberation Sans: `a` is 1139/2048 em, a space 569/2048 em.
        assert!((measure("a", 2048.0, Weight::Regular) - 1139.0).abs() < 1e-9);
        assert!((measure(" ", 2048.0, Weight::Bold) - 569.0).abs() < 1e-9);
        assert!(measure("Wm", 12.0, Weight::Bold) > measure("Wm", 12.0, Weight::Regular));
    }

    #[test]
    fn wide_characters_count_double() {
        let latin = measure("a", 10.0, Weight::Regular);
        let han = measure("中", 10.0, Weight::Regular);
        assert_eq!(han, 10.0);
        assert!(han > 1.7 * latin);
        assert_eq!(measure("😀", 10.0, Weight::Regular), 12.5);
        assert_eq!(measure("\u{FE0F}\u{200D}", 10.0, Weight::Regular), 0.0);
    }

    #[test]
    fn wraps_at_spaces_and_breaks_long_words() {
        let lines = wrap("one two three four", 10.0, Weight::Regular, 40.0);
        assert!(lines.len() > 1);
        for (line, width) in &lines {
            assert!(*width <= 40.0, "{line}");
            assert!((measure(line, 10.0, Weight::Regular) - width).abs() < 1e-6);
        }
        let long = wrap(&"x".repeat(100), 10.0, Weight::Regular, 50.0);
        assert!(long.len() >= 10);
        assert!(long.iter().all(|(_, w)| *w <= 50.0));
        assert_eq!(long.iter().map(|(l, _)| l.len()).sum::<usize>(), 100);
    }

    #[test]
    fn wraps_cjk_between_characters() {
        let lines = wrap(
            "建立购物车和检查价格建立购物车和检查价格",
            10.0,
            Weight::Regular,
            45.0,
        );
        assert!(lines.iter().all(|(_, w)| *w <= 45.0));
        assert_eq!(lines[0].0, "建立购物");
    }

    #[test]
    fn keeps_emoji_sequences_together() {
        let lines = wrap("👨‍👩‍👧‍👦👨‍👩‍👧‍👦", 10.0, Weight::Regular, 60.0);
        assert_eq!(lines.len(), 2, "{lines:?}");
    }

    #[test]
    fn cleans_characters_xml_forbids() {
        assert_eq!(clean("a\u{1}b\r\nc\td"), "a\u{FFFD}b\nc d");
        assert_eq!(wrap("a\nb", 10.0, Weight::Regular, 100.0).len(), 2);
        assert_eq!(wrap("", 10.0, Weight::Regular, 100.0).len(), 1);
    }

    #[test]
    fn long_words_break_between_user_perceived_characters() {
        // "é" written as e + U+0301, and a family emoji joined by U+200D: never split.
        let word = "e\u{301}".repeat(60);
        for (line, _) in wrap(&word, 12.0, Weight::Regular, 50.0) {
            assert!(
                !line.starts_with('\u{301}'),
                "a line starts with a lone mark: {line:?}"
            );
        }
        let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}";
        let flags = "\u{1F1EF}\u{1F1F5}";
        let text = format!("{family}{flags}{family}{flags}");
        for (line, _) in wrap(&text, 12.0, Weight::Regular, 20.0) {
            assert!(
                line == family || line == flags,
                "an emoji sequence or flag was split: {line:?}"
            );
        }
    }

    fn lines(text: &str, width: f64) -> Vec<String> {
        wrap(text, 10.0, Weight::Regular, width)
            .into_iter()
            .map(|(l, _)| l)
            .collect()
    }

    #[test]
    fn breaks_after_hyphens_and_slashes() {
        let width = measure("Uses the self-", 10.0, Weight::Regular) + 1.0;
        assert_eq!(
            lines("Uses the self-service kiosk", width),
            ["Uses the self-", "service kiosk"]
        );
        let width = measure("Email/", 10.0, Weight::Regular) + 1.0;
        assert_eq!(lines("Email/chat", width), ["Email/", "chat"]);
    }

    #[test]
    fn cjk_closing_punctuation_stays_with_its_character() {
        // UAX #14: no line starts with 。 or 」, and none ends with 「.
        let width = measure("价格太高", 10.0, Weight::Regular) + 1.0;
        let wrapped = lines("价格太高。「为什么」", width);
        assert!(
            wrapped.iter().all(|l| !l.starts_with(['。', '」'])),
            "{wrapped:?}"
        );
        assert!(wrapped.iter().all(|l| !l.ends_with('「')), "{wrapped:?}");
        assert_eq!(wrapped.concat(), "价格太高。「为什么」");
    }

    #[test]
    fn line_separators_end_a_line_and_runs_of_spaces_are_one_gap() {
        assert_eq!(lines("one\u{2028}two", 500.0), ["one", "two"]);
        assert_eq!(lines("one    two", 500.0), ["one two"]);
        assert_eq!(lines("  indented", 500.0), ["indented"]);
        assert_eq!(lines("no-break\u{A0}space", 500.0), ["no-break\u{A0}space"]);
    }
}
