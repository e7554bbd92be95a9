//! Building blocks shared by the views: wrapped text blocks, cards and chips, and moving a
//! band's items into place.

use super::scene::Paint;
use super::scene::{
    Anchor, CircleItem, GroupItem, Item, Key, LineItem, PathItem, Rect, RectItem, TextItem,
    TextLine, round,
};
use super::text::{self, Weight};

/// The style of one text block.
#[derive(Debug, Clone, Copy)]
pub struct Font {
    pub size: f64,
    pub weight: Weight,
}

impl Font {
    pub const fn regular(size: f64) -> Font {
        Font {
            size,
            weight: Weight::Regular,
        }
    }

    pub const fn bold(size: f64) -> Font {
        Font {
            size,
            weight: Weight::Bold,
        }
    }

    pub fn line_height(self) -> f64 {
        text::line_height(self.size)
    }
}

#[allow(clippy::too_many_arguments)]
/// Wraps `content` into a block whose top left is (`x`, `y`) and whose lines are at most
/// `max_width` wide (for [`Anchor::Middle`], `x` is the centre). `None` for empty text.
pub fn text_block(
    content: &str,
    x: f64,
    y: f64,
    max_width: f64,
    font: Font,
    color: Paint,
    anchor: Anchor,
    cell: Rect,
) -> Option<TextItem> {
    if content.trim().is_empty() {
        return None;
    }
    let wrapped = text::wrap(content, font.size, font.weight, max_width.max(1.0));
    let lh = font.line_height();
    let baseline = text::baseline_offset(font.size);
    let widest = wrapped.iter().map(|(_, w)| *w).fold(0.0, f64::max);
    let left = match anchor {
        Anchor::Start => x,
        Anchor::Middle => x - widest / 2.0,
        Anchor::End => x - widest,
    };
    let lines = wrapped
        .into_iter()
        .enumerate()
        .map(|(i, (line, width))| TextLine {
            text: line,
            x: round(x),
            y: round(y + i as f64 * lh + baseline),
            width: round(width),
        })
        .collect::<Vec<_>>();
    let height = lines.len() as f64 * lh;
    Some(TextItem {
        bounds: Rect::new(left, y, widest.ceil(), height),
        cell,
        size: font.size,
        weight: font.weight,
        color,
        anchor,
        lines,
    })
}

pub fn rect(r: Rect, rx: f64, fill: Paint, stroke: Option<Paint>, stroke_width: f64) -> Item {
    Item::Rect(RectItem {
        rect: r,
        rx,
        fill,
        stroke,
        stroke_width: if stroke.is_some() { stroke_width } else { 0.0 },
        dash: None,
    })
}

pub fn line(x1: f64, y1: f64, x2: f64, y2: f64, stroke: Paint, width: f64) -> Item {
    Item::Line(LineItem {
        x1: round(x1),
        y1: round(y1),
        x2: round(x2),
        y2: round(y2),
        stroke,
        width,
        dash: None,
    })
}

pub fn dashed(mut item: Item, dash: &'static str) -> Item {
    match &mut item {
        Item::Line(l) => l.dash = Some(dash),
        Item::Path(p) => p.dash = Some(dash),
        Item::Rect(r) => r.dash = Some(dash),
        Item::Circle(c) => c.dash = Some(dash),
        _ => {}
    }
    item
}

pub fn circle(cx: f64, cy: f64, r: f64, fill: Paint, stroke: Option<Paint>, width: f64) -> Item {
    Item::Circle(CircleItem {
        cx: round(cx),
        cy: round(cy),
        r,
        fill,
        stroke,
        stroke_width: if stroke.is_some() { width } else { 0.0 },
        dash: None,
    })
}

pub fn path(d: String, stroke: Paint, width: f64, fill: Option<Paint>) -> Item {
    Item::Path(PathItem {
        d,
        stroke,
        width,
        fill,
        dash: None,
    })
}

pub fn group(class: &'static str, tooltip: Option<String>, items: Vec<Item>) -> Item {
    Item::Group(GroupItem {
        class,
        key: None,
        tooltip: tooltip
            .map(|t| text::clean(&text::clip(&t, text::MAX_TOOLTIP_CHARS)).into_owned()),
        items,
    })
}

/// `item` (a group) marked as drawing the element of the map `key`.
pub fn keyed(mut item: Item, key: Key) -> Item {
    if let Item::Group(g) = &mut item {
        g.key = Some(key);
    }
    item
}

/// One text line of a card.
#[derive(Debug, Clone)]
pub struct Line<'a> {
    pub text: std::borrow::Cow<'a, str>,
    pub font: Font,
    pub color: Paint,
    /// Extra space above this line.
    pub gap: f64,
}

impl<'a> Line<'a> {
    pub fn new(text: impl Into<std::borrow::Cow<'a, str>>, font: Font, color: Paint) -> Self {
        Line {
            text: text.into(),
            font,
            color,
            gap: 0.0,
        }
    }

    pub fn gap(mut self, gap: f64) -> Self {
        self.gap = gap;
        self
    }
}

/// The look of a card.
#[derive(Debug, Clone, Copy)]
pub struct CardStyle {
    pub fill: Paint,
    pub stroke: Option<Paint>,
    pub rx: f64,
    pub pad_x: f64,
    pub pad_y: f64,
    /// A coloured bar on the card's left edge (severity) or top edge (stage).
    pub bar: Option<Bar>,
    pub dash: bool,
}

#[derive(Debug, Clone, Copy)]
pub enum Bar {
    Left(Paint, f64),
    Top(Paint, f64),
}

/// A card of width `w` at (`x`, `y`) holding `lines` stacked top to bottom, as a group with
/// hover details. Returns the card and its height.
pub fn card(
    class: &'static str,
    x: f64,
    y: f64,
    w: f64,
    lines: &[Line<'_>],
    style: CardStyle,
    tooltip: Option<String>,
) -> (Item, f64) {
    card_text_within(class, x, y, w, w, lines, style, tooltip)
}

/// A [`card`] `w` wide whose text wraps as in a card `text_w` wide (no wider than `w`): a
/// stage header over several columns keeps its text over the first few, so that a paper
/// page that cuts the stage between its steps does not cut the text.
#[allow(clippy::too_many_arguments)]
pub fn card_text_within(
    class: &'static str,
    x: f64,
    y: f64,
    w: f64,
    text_w: f64,
    lines: &[Line<'_>],
    style: CardStyle,
    tooltip: Option<String>,
) -> (Item, f64) {
    let (inset_left, inset_top) = match style.bar {
        Some(Bar::Left(_, width)) => (width, 0.0),
        Some(Bar::Top(_, width)) => (0.0, width),
        None => (0.0, 0.0),
    };
    let inner_x = x + style.pad_x + inset_left;
    let inner_w = text_w.min(w) - 2.0 * style.pad_x - inset_left;
    let mut cursor = y + style.pad_y + inset_top;
    let mut texts = Vec::new();
    // The cell is the card itself; its height is known only at the end, so texts are given a
    // provisional cell and fixed up below.
    for line in lines {
        cursor += line.gap;
        if let Some(t) = text_block(
            &line.text,
            inner_x,
            cursor,
            inner_w,
            line.font,
            line.color,
            Anchor::Start,
            Rect::new(x, y, w, 0.0),
        ) {
            cursor += t.bounds.h;
            texts.push(Item::Text(t));
        }
    }
    let h = (cursor + style.pad_y - y).ceil();
    let outline = Rect::new(x, y, w, h);
    for t in &mut texts {
        if let Item::Text(t) = t {
            t.cell = outline;
        }
    }
    let mut items = Vec::with_capacity(texts.len() + 2);
    let mut body = rect(outline, style.rx, style.fill, style.stroke, 1.0);
    if style.dash {
        if let Item::Rect(r) = &mut body {
            r.stroke_width = 1.5;
            r.dash = Some("5 3");
        }
    }
    items.push(body);
    match style.bar {
        Some(Bar::Left(color, width)) => {
            items.push(rect(Rect::new(x, y, width, h), 0.0, color, None, 0.0))
        }
        Some(Bar::Top(color, width)) => {
            items.push(rect(Rect::new(x, y, w, width), 0.0, color, None, 0.0))
        }
        None => {}
    }
    items.extend(texts);
    (group(class, tooltip, items), h)
}

/// Moves items down by `dy`.
pub fn shift(items: &mut [Item], dy: f64) {
    if dy == 0.0 {
        return;
    }
    for item in items {
        match item {
            Item::Rect(r) => r.rect.y = round(r.rect.y + dy),
            Item::Text(t) => {
                t.bounds.y = round(t.bounds.y + dy);
                t.cell.y = round(t.cell.y + dy);
                for l in &mut t.lines {
                    l.y = round(l.y + dy);
                }
            }
            Item::Line(l) => {
                l.y1 = round(l.y1 + dy);
                l.y2 = round(l.y2 + dy);
            }
            Item::Circle(c) => c.cy = round(c.cy + dy),
            Item::Path(p) => p.d = shift_path(&p.d, dy),
            Item::Group(g) => shift(&mut g.items, dy),
        }
    }
}

/// Path data is built from absolute `x y` pairs after a command letter; shift every y. A
/// command letter may stand alone (`M 1 2`) or be glued to its first number (`M1 2`).
fn shift_path(d: &str, dy: f64) -> String {
    let mut out = String::with_capacity(d.len());
    let mut index = 0usize;
    for token in d.split(' ') {
        if !out.is_empty() {
            out.push(' ');
        }
        let number = token.trim_start_matches(|c: char| c.is_ascii_alphabetic());
        out.push_str(&token[..token.len() - number.len()]);
        match number.parse::<f64>() {
            Ok(v) => {
                if index % 2 == 1 {
                    out.push_str(&num(v + dy));
                } else {
                    out.push_str(number);
                }
                index += 1;
            }
            Err(_) => out.push_str(number),
        }
    }
    out
}

/// A number with at most two decimals and no trailing zeros (`12`, `3.5`, `-0.25`), the
/// same text as [`crate::format_number`], without going through float formatting.
pub fn num(v: f64) -> String {
    let mut out = String::with_capacity(8);
    push_num(&mut out, v);
    out
}

/// Appends [`num`]`(v)` to `out`.
pub fn push_num(out: &mut String, v: f64) {
    if !v.is_finite() {
        out.push('0');
        return;
    }
    let hundredths = (v * 100.0).round() as i64;
    if hundredths < 0 {
        out.push('-');
    }
    let a = hundredths.unsigned_abs();
    let mut whole = a / 100;
    let mut digits = [0u8; 20];
    let mut n = 0;
    loop {
        digits[n] = b'0' + (whole % 10) as u8;
        n += 1;
        whole /= 10;
        if whole == 0 {
            break;
        }
    }
    for &d in digits[..n].iter().rev() {
        out.push(char::from(d));
    }
    let frac = a % 100;
    if frac != 0 {
        out.push('.');
        out.push(char::from(b'0' + (frac / 10) as u8));
        if frac % 10 != 0 {
            out.push(char::from(b'0' + (frac % 10) as u8));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn num_matches_format_number() {
        for v in [
            0.0,
            -0.0,
            0.001,
            -0.001,
            0.005,
            2.125,
            70.5,
            12.0,
            -3.456,
            1e6,
            123.45,
            0.1,
            0.29,
            -12.3,
            99.999,
            1234567.891,
        ] {
            assert_eq!(num(v), crate::format_number(v), "{v}");
        }
        for i in -5000..5000 {
            let v = f64::from(i) * 0.37;
            assert_eq!(num(v), crate::format_number(v), "{v}");
        }
    }

    #[test]
    fn paths_shift_only_their_y() {
        assert_eq!(
            shift_path("M 1 2 C 3 4 5 6 7 8", 10.0),
            "M 1 12 C 3 14 5 16 7 18"
        );
    }

    /// The diff picture writes `M1 2 L3 4`; its old curves and legend line were skewed when
    /// the picture's top band moved them down, because `M1` was not read as a number.
    #[test]
    fn glued_path_commands_shift_their_y() {
        assert_eq!(shift_path("M1 2 L3 4 L5.5 6", 10.0), "M1 12 L3 14 L5.5 16");
    }
}
