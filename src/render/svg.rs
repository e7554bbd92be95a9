//! Scene -> SVG, with the `svg` crate. The renderer only walks the Scene: every position,
//! line break and colour was decided by the layout.
//!
//! The document is self-contained (no external references, no scripts, no CSS), accessible
//! (`role="img"`, `<title>` and `<desc>` named by `aria-labelledby`, hover details as
//! `<title>` of each card) and byte-identical from run to run: attributes are written in
//! name order by the crate and every number goes through [`crate::format_number`].

use svg::Node;
use svg::node::element::{Description, Element, Group, Title};

use crate::layout::blocks::{num, push_num};
use crate::layout::scene::{Anchor, Band, BandKind, Item, Scene, TextItem};
use crate::layout::text::Weight;

/// Options for one SVG document.
#[derive(Debug, Clone, Copy)]
pub struct SvgOptions<'a> {
    /// A prefix for the ids in the document, so that several can share an HTML page.
    pub id_prefix: &'a str,
    /// Start with an XML declaration (for standalone `.svg` files).
    pub xml_declaration: bool,
}

impl Default for SvgOptions<'_> {
    fn default() -> Self {
        SvgOptions {
            id_prefix: "jm",
            xml_declaration: true,
        }
    }
}

use crate::layout::text::{MAX_TOOLTIP_CHARS, clip};

const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/// Above this many top-level items (about 10,000 steps) the document is written in one pass.
const ONE_PASS_ABOVE_ITEMS: usize = 80_000;

/// Writes the Scene as an SVG document.
///
/// The document, its title and description and every band are built with the `svg` crate;
/// the leaves (rectangles, lines, paths, circles, text and cards) are written by
/// [`write_item`], which produces the same bytes as the crate would (sorted attributes, the
/// crate's escaping and line breaks; `to_svg_with_crate` is the reference, and the golden
/// tests check that both agree on every scene) at a fraction of the cost, because it does
/// not build a hash map of owned strings per element. Bands are written one at a time, so
/// memory stays proportional to one card rather than to the whole document tree.
pub fn to_svg(scene: &Scene, options: SvgOptions<'_>) -> String {
    write_document(scene, options, false)
}

/// [`to_svg`] with every element built by the `svg` crate: slower, and the reference the
/// fast writer is tested against.
pub fn to_svg_with_crate(scene: &Scene, options: SvgOptions<'_>) -> String {
    write_document(scene, options, true)
}

/// The document's text before and after its bands: the XML declaration (if asked for), the
/// root element with its size and accessible name, the title, description and background.
fn root(scene: &Scene, options: SvgOptions<'_>) -> (String, String) {
    let prefix = options.id_prefix;
    let title_id = format!("{prefix}-title");
    let desc_id = format!("{prefix}-desc");
    let mut doc = svg::Document::new()
        .set("width", num(scene.width))
        .set("height", num(scene.height))
        .set(
            "viewBox",
            format!("0 0 {} {}", num(scene.width), num(scene.height)),
        )
        .set("role", "img")
        .set("aria-labelledby", format!("{title_id} {desc_id}"))
        .set("font-family", scene.font_family)
        .set("font-size", "12")
        .set(
            "class",
            format!("jm-diagram jm-theme-{}", scene.theme.as_str()),
        )
        .set("data-theme", scene.theme.as_str())
        .add(Title::new(clip(&scene.title, MAX_TOOLTIP_CHARS)).set("id", title_id))
        .add(
            Description::new()
                .add(svg::node::Text::new(clip(
                    &scene.description,
                    MAX_TOOLTIP_CHARS,
                )))
                .set("id", desc_id),
        );
    let mut background = Element::new("rect");
    background.assign("width", "100%");
    background.assign("height", "100%");
    background.assign("fill", scene.background);
    doc.append(background);
    let (open, close) = open_close(doc);
    let mut head = String::with_capacity(open.len() + DECLARATION.len());
    if options.xml_declaration {
        head.push_str(DECLARATION);
    }
    head.push_str(&open);
    let mut tail = close.trim_start_matches('\n').to_string();
    tail.push('\n');
    (head, tail)
}

fn write_document(scene: &Scene, options: SvgOptions<'_>, with_crate: bool) -> String {
    let (head, tail) = root(scene, options);
    let items: usize = scene.bands.iter().map(|b| b.items.len()).sum();
    if items > ONE_PASS_ABOVE_ITEMS {
        // A very big diagram: parts written in parallel would double the memory the output
        // takes, so write it in one pass into one buffer.
        let mut out = String::with_capacity(items * 330 + head.len() + tail.len());
        out.push_str(&head);
        for band in &scene.bands {
            write_band(&mut out, band, with_crate);
        }
        out.push_str(&tail);
        return out;
    }
    // Bands are independent: write them in parallel, then join them in order into one
    // buffer of the exact size, freeing each part as it is copied.
    let parts: Vec<String> = {
        use rayon::prelude::*;
        scene
            .bands
            .par_iter()
            .map(|band| {
                let mut part = String::with_capacity(band.items.len() * 256 + 256);
                write_band(&mut part, band, with_crate);
                part
            })
            .collect()
    };
    let size = head.len() + parts.iter().map(String::len).sum::<usize>() + tail.len();
    let mut out = String::with_capacity(size);
    out.push_str(&head);
    for part in parts {
        out.push_str(&part);
    }
    out.push_str(&tail);
    out
}

/// Lays out and writes `plan` in one pass, writing each band as soon as it is placed and
/// dropping it, so that memory holds one lane of the Scene rather than the whole Scene and the
/// whole document. The bytes are those of `to_svg(&plan.scene(), svg)`; `render` uses it for
/// very big maps ([`Plan::streams`](crate::layout::Plan::streams)).
///
/// The root element carries the diagram's height, known only once every lane is placed, so
/// the bands go to `spool` (a temporary file) first; then the root, the spooled bands and the
/// closing tag are copied to `out`.
///
/// `without_header` leaves out the title band and moves everything below it up, as
/// [`Scene::drop_header`] does (the HTML page shows the title itself).
pub fn journey_svg_streaming(
    plan: &crate::layout::Plan<'_>,
    svg: SvgOptions<'_>,
    without_header: bool,
    spool: std::fs::File,
    out: &mut dyn std::io::Write,
) -> Result<Streamed, String> {
    use crate::layout::Placed;
    use crate::layout::scene::WithoutHeader;
    use std::io::{Seek, Write};
    let write_error = |e: std::io::Error| format!("cannot write the diagram: {e}");
    let mut spool = std::io::BufWriter::new(spool);
    // Text waiting to be written; flushed every few dozen cards, so it stays small.
    let mut text = String::new();
    // The closing tag of the band written last: a closing line may still join it.
    let mut open_band: Option<String> = None;
    let mut written = Ok(());
    let mut lanes = Vec::new();
    let mut without = without_header.then(WithoutHeader::default);
    let mut frame = plan.stream(&mut |placed| {
        if written.is_err() {
            return;
        }
        match placed {
            Placed::Band(band) => {
                let Some(band) = (match &mut without {
                    Some(without) => without.band(band),
                    None => Some(band),
                }) else {
                    return;
                };
                if let Some(lane) = band.lane {
                    lanes.push((lane, band.label.clone()));
                }
                if let Some(close) = open_band.take() {
                    text.push_str(&close);
                }
                let (open, close) = band_tags(&band);
                text.push_str(&open);
                for item in &band.items {
                    write_band_item(&mut text, item, false);
                    if text.len() > STREAM_CHUNK {
                        written = drain(&mut text, &mut spool);
                        if written.is_err() {
                            return;
                        }
                    }
                }
                open_band = Some(close);
            }
            Placed::Closing(mut item) => {
                if let Some(without) = &without {
                    without.item(&mut item);
                }
                write_band_item(&mut text, &item, false);
            }
        }
        written = drain(&mut text, &mut spool);
    });
    written.map_err(write_error)?;
    if let Some(close) = open_band {
        spool.write_all(close.as_bytes()).map_err(write_error)?;
    }
    if let Some(without) = &without {
        frame.height = without.height(frame.height);
    }
    let (head, tail) = root(&frame, svg);
    let mut spool = spool
        .into_inner()
        .map_err(|e| write_error(e.into_error()))?;
    spool.rewind().map_err(write_error)?;
    out.write_all(head.as_bytes()).map_err(write_error)?;
    std::io::copy(&mut spool, out).map_err(write_error)?;
    out.write_all(tail.as_bytes()).map_err(write_error)?;
    Ok(Streamed { frame, lanes })
}

/// What a streamed diagram was, besides its bytes.
#[derive(Debug)]
pub struct Streamed {
    /// The Scene without its bands: size, title, description.
    pub frame: Scene,
    /// The lanes drawn, top to bottom, with their labels.
    pub lanes: Vec<(crate::layout::Lane, String)>,
}

/// The text of `node` before and after its children. The crate writes an element with
/// children as its opening tag, each child on a line of its own, and `\n</name>`; with one
/// empty child the split is at the last `</`, which no text can move (every text the node
/// holds comes before it, escaped), so no marker is needed in the stream.
fn open_close<N: Node>(mut node: N) -> (String, String) {
    node.append(svg::node::Blob::new(""));
    let text = node.to_string();
    match text.rfind("\n</") {
        Some(close) if text[..close].ends_with('\n') => {
            (text[..close].to_string(), text[close..].to_string())
        }
        _ => (text, String::new()),
    }
}

/// How much SVG text the streaming writer gathers before writing it out.
const STREAM_CHUNK: usize = 64 * 1024;

/// Writes out and empties the gathered text.
fn drain(text: &mut String, out: &mut impl std::io::Write) -> std::io::Result<()> {
    let result = out.write_all(text.as_bytes());
    text.clear();
    result
}

fn write_band(out: &mut String, band: &Band, with_crate: bool) {
    let (open, close) = band_tags(band);
    out.push_str(&open);
    for item in &band.items {
        write_band_item(out, item, with_crate);
    }
    out.push_str(&close);
}

/// A band's opening and closing tags (the closing one with its line break).
fn band_tags(band: &Band) -> (String, String) {
    let kind = match band.kind {
        BandKind::Header => "header",
        BandKind::Lane => "lane",
        BandKind::BlueprintLine => "blueprint-line",
        BandKind::Legend => "legend",
        BandKind::Persona => "persona",
    };
    let mut g = Group::new()
        .set("class", format!("jm-band jm-{kind}"))
        .set("data-band", band.id.as_str())
        .set("data-y", num(band.y))
        .set("data-height", num(band.height));
    if let Some(lane) = band.lane {
        g.assign("data-lane", lane.name());
    }
    g.assign("aria-label", band.label.as_str());
    let (open, close) = open_close(g);
    let mut close = close.trim_start_matches('\n').to_string();
    close.push('\n');
    (open, close)
}

/// One item of a band, on its own line.
fn write_band_item(out: &mut String, item: &Item, with_crate: bool) {
    use std::fmt::Write as _;
    if with_crate {
        let mut holder = Group::new();
        append_item(&mut holder, item);
        for child in Node::get_children(&holder).into_iter().flatten() {
            let _ = write!(out, "{child}");
            out.push('\n');
        }
    } else if writes_something(item) {
        write_item(out, item);
        out.push('\n');
    }
}

fn append_item<N: Node>(parent: &mut N, item: &Item) {
    match item {
        Item::Rect(r) => {
            let mut e = Element::new("rect");
            e.assign("x", num(r.rect.x));
            e.assign("y", num(r.rect.y));
            e.assign("width", num(r.rect.w));
            e.assign("height", num(r.rect.h));
            if r.rx > 0.0 {
                e.assign("rx", num(r.rx));
            }
            e.assign("fill", r.fill);
            if let Some(s) = r.stroke {
                e.assign("stroke", s);
                e.assign("stroke-width", num(r.stroke_width));
            }
            if let Some(d) = r.dash {
                e.assign("stroke-dasharray", d);
            }
            parent.append(e);
        }
        Item::Line(l) => {
            let mut e = Element::new("line");
            e.assign("x1", num(l.x1));
            e.assign("y1", num(l.y1));
            e.assign("x2", num(l.x2));
            e.assign("y2", num(l.y2));
            e.assign("stroke", l.stroke);
            e.assign("stroke-width", num(l.width));
            if let Some(d) = l.dash {
                e.assign("stroke-dasharray", d);
            }
            parent.append(e);
        }
        Item::Path(p) => {
            let mut e = Element::new("path");
            e.assign("d", p.d.as_str());
            e.assign("fill", p.fill.unwrap_or("none"));
            e.assign("stroke", p.stroke);
            e.assign("stroke-width", num(p.width));
            e.assign("stroke-linecap", "round");
            e.assign("stroke-linejoin", "round");
            if let Some(d) = p.dash {
                e.assign("stroke-dasharray", d);
            }
            parent.append(e);
        }
        Item::Circle(c) => {
            let mut e = Element::new("circle");
            e.assign("cx", num(c.cx));
            e.assign("cy", num(c.cy));
            e.assign("r", num(c.r));
            e.assign("fill", c.fill);
            if let Some(s) = c.stroke {
                e.assign("stroke", s);
                e.assign("stroke-width", num(c.stroke_width));
            }
            if let Some(d) = c.dash {
                e.assign("stroke-dasharray", d);
            }
            parent.append(e);
        }
        Item::Text(t) => append_text(parent, t),
        Item::Group(g) => {
            let mut e = Group::new().set("class", format!("jm-{}", g.class));
            if let Some(tip) = &g.tooltip {
                e.append(Title::new(tip.as_str()));
            }
            for child in &g.items {
                append_item(&mut e, child);
            }
            parent.append(e);
        }
    }
}

/// One `<text>` per line: each line is positioned absolutely, so no whitespace between lines
/// can shift an anchored line, and right-to-left runs are reordered within their own line.
fn append_text<N: Node>(parent: &mut N, t: &TextItem) {
    let anchor = match t.anchor {
        Anchor::Start => None,
        Anchor::Middle => Some("middle"),
        Anchor::End => Some("end"),
    };
    for line in &t.lines {
        if line.text.is_empty() {
            continue;
        }
        let mut e = Element::new("text");
        e.assign("x", num(line.x));
        e.assign("y", num(line.y));
        if t.size != 12.0 {
            e.assign("font-size", num(t.size));
        }
        if t.weight == Weight::Bold {
            e.assign("font-weight", "bold");
        }
        e.assign("fill", t.color);
        if let Some(a) = anchor {
            e.assign("text-anchor", a);
        }
        e.append(svg::node::Text::new(line.text.as_str()));
        parent.append(e);
    }
}

/// An attribute value: a number (written by [`push_num`], never needing escapes) or text.
#[derive(Clone, Copy)]
enum V<'a> {
    N(f64),
    S(&'a str),
}

/// Writes `<name a="…" …` with the attributes in name order, as the `svg` crate does.
fn open_tag(out: &mut String, name: &str, attrs: &mut [(&str, V<'_>)]) {
    attrs.sort_unstable_by_key(|(k, _)| *k);
    out.push('<');
    out.push_str(name);
    for (key, value) in attrs.iter() {
        out.push(' ');
        out.push_str(key);
        out.push_str("=\"");
        match value {
            V::N(n) => push_num(out, *n),
            V::S(s) => escape_attribute(out, s),
        }
        out.push('"');
    }
}

fn empty_element(out: &mut String, name: &str, attrs: &mut [(&str, V<'_>)]) {
    open_tag(out, name, attrs);
    out.push_str("/>");
}

/// The `svg` crate's text escaping: `&`, `<`, `>`.
fn escape_text(out: &mut String, text: &str) {
    escape(out, text, false);
}

/// The `svg` crate's attribute escaping: the text escapes, then `"` and `'`.
fn escape_attribute(out: &mut String, text: &str) {
    escape(out, text, true);
}

fn escape(out: &mut String, text: &str, quotes: bool) {
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' if quotes => "&quot;",
            b'\'' if quotes => "&apos;",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

/// Writes one item exactly as [`append_item`] and the `svg` crate would.
pub fn write_item(out: &mut String, item: &Item) {
    match item {
        Item::Rect(r) => {
            let mut attrs = [("", V::N(0.0)); 10];
            let mut n = 0;
            let mut add = |k, v| {
                attrs[n] = (k, v);
                n += 1;
            };
            add("x", V::N(r.rect.x));
            add("y", V::N(r.rect.y));
            add("width", V::N(r.rect.w));
            add("height", V::N(r.rect.h));
            if r.rx > 0.0 {
                add("rx", V::N(r.rx));
            }
            add("fill", V::S(r.fill));
            if let Some(s) = r.stroke {
                add("stroke", V::S(s));
                add("stroke-width", V::N(r.stroke_width));
            }
            if let Some(d) = r.dash {
                add("stroke-dasharray", V::S(d));
            }
            empty_element(out, "rect", &mut attrs[..n]);
        }
        Item::Line(l) => {
            let mut attrs = [
                ("x1", V::N(l.x1)),
                ("y1", V::N(l.y1)),
                ("x2", V::N(l.x2)),
                ("y2", V::N(l.y2)),
                ("stroke", V::S(l.stroke)),
                ("stroke-width", V::N(l.width)),
                ("stroke-dasharray", V::S(l.dash.unwrap_or_default())),
            ];
            let n = if l.dash.is_some() { 7 } else { 6 };
            empty_element(out, "line", &mut attrs[..n]);
        }
        Item::Path(p) => {
            let mut attrs = [
                ("d", V::S(&p.d)),
                ("fill", V::S(p.fill.unwrap_or("none"))),
                ("stroke", V::S(p.stroke)),
                ("stroke-width", V::N(p.width)),
                ("stroke-linecap", V::S("round")),
                ("stroke-linejoin", V::S("round")),
                ("stroke-dasharray", V::S(p.dash.unwrap_or_default())),
            ];
            let n = if p.dash.is_some() { 7 } else { 6 };
            empty_element(out, "path", &mut attrs[..n]);
        }
        Item::Circle(c) => {
            let mut attrs = [("", V::N(0.0)); 8];
            let mut n = 0;
            let mut add = |k, v| {
                attrs[n] = (k, v);
                n += 1;
            };
            add("cx", V::N(c.cx));
            add("cy", V::N(c.cy));
            add("r", V::N(c.r));
            add("fill", V::S(c.fill));
            if let Some(s) = c.stroke {
                add("stroke", V::S(s));
                add("stroke-width", V::N(c.stroke_width));
            }
            if let Some(d) = c.dash {
                add("stroke-dasharray", V::S(d));
            }
            empty_element(out, "circle", &mut attrs[..n]);
        }
        Item::Text(t) => {
            let mut first = true;
            for line in &t.lines {
                if line.text.is_empty() {
                    continue;
                }
                // Consecutive lines are siblings: the caller separates items with newlines,
                // and lines of one block with the same.
                if !first {
                    out.push('\n');
                }
                first = false;
                let mut attrs = [("", V::N(0.0)); 7];
                let mut n = 0;
                let mut add = |k, v| {
                    attrs[n] = (k, v);
                    n += 1;
                };
                add("x", V::N(line.x));
                add("y", V::N(line.y));
                if t.size != 12.0 {
                    add("font-size", V::N(t.size));
                }
                if t.weight == Weight::Bold {
                    add("font-weight", V::S("bold"));
                }
                add("fill", V::S(t.color));
                match t.anchor {
                    Anchor::Start => {}
                    Anchor::Middle => add("text-anchor", V::S("middle")),
                    Anchor::End => add("text-anchor", V::S("end")),
                }
                open_tag(out, "text", &mut attrs[..n]);
                out.push('>');
                escape_text(out, &line.text);
                out.push_str("</text>");
            }
        }
        Item::Group(g) => {
            let class = format!("jm-{}", g.class);
            let mut attrs = [("class", V::S(&class))];
            let written_children = g.tooltip.is_some() || g.items.iter().any(writes_something);
            if !written_children {
                empty_element(out, "g", &mut attrs);
                return;
            }
            open_tag(out, "g", &mut attrs);
            out.push('>');
            if let Some(tip) = &g.tooltip {
                out.push_str("\n<title>");
                escape_text(out, tip);
                out.push_str("</title>");
            }
            for child in &g.items {
                if writes_something(child) {
                    out.push('\n');
                    write_item(out, child);
                }
            }
            out.push_str("\n</g>");
        }
    }
}

/// Whether an item produces at least one element (a text block of empty lines does not).
fn writes_something(item: &Item) -> bool {
    match item {
        Item::Text(t) => t.lines.iter().any(|l| !l.text.is_empty()),
        _ => true,
    }
}
