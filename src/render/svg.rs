//! Scene -> SVG. The renderer only walks the Scene: every position, line break and colour was
//! decided by the layout.
//!
//! The document is self-contained (no external references, no scripts, no CSS), accessible
//! (`role="img"`, `<title>` and `<desc>` named by `aria-labelledby`, hover details as
//! `<title>` of each card) and byte-identical from run to run: attributes are written in
//! name order by the crate and every number goes through [`crate::format_number`].

use crate::layout::blocks::{num, push_num};
use crate::layout::paper;
use crate::layout::scene::{Anchor, Band, BandKind, Item, Rect, Scene};
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
/// One writer, by hand: every element goes through [`open_tag`] (attributes in name order)
/// and one escaper, without building a tree of owned strings per element, at a fraction of
/// the cost of an element-tree crate. The tests build the same document with the `svg`
/// crate and require the same bytes, so the escaping and ordering are checked against a
/// writer we did not write. Bands are written one at a time, so memory stays proportional to
/// one card rather than to the whole document tree.
pub fn to_svg(scene: &Scene, options: SvgOptions<'_>) -> String {
    write_document(scene, options)
}

/// The document's text before and after its bands: the XML declaration (if asked for), the
/// root element with its size and accessible name, the title, description and background.
fn root(scene: &Scene, options: SvgOptions<'_>) -> (String, String) {
    root_sized(
        scene,
        (scene.width, scene.height),
        &scene.title,
        "jm-diagram",
        options,
    )
}

/// [`root`] for a document of another size and name than the Scene's (a paper page).
fn root_sized(
    scene: &Scene,
    (width, height): (f64, f64),
    title: &str,
    class: &str,
    options: SvgOptions<'_>,
) -> (String, String) {
    let prefix = options.id_prefix;
    let title_id = format!("{prefix}-title");
    let desc_id = format!("{prefix}-desc");
    let labelled_by = format!("{title_id} {desc_id}");
    let class = format!("{class} jm-theme-{}", scene.theme.as_str());
    let view_box = format!("0 0 {} {}", num(width), num(height));
    let mut head = String::new();
    if options.xml_declaration {
        head.push_str(DECLARATION);
    }
    open_tag(
        &mut head,
        "svg",
        &mut [
            ("width", V::N(width)),
            ("height", V::N(height)),
            ("viewBox", V::S(&view_box)),
            ("role", V::S("img")),
            ("aria-labelledby", V::S(&labelled_by)),
            ("font-family", V::S(scene.font_family)),
            ("font-size", V::S("12")),
            ("class", V::S(&class)),
            ("data-theme", V::S(scene.theme.as_str())),
            ("xmlns", V::S("http://www.w3.org/2000/svg")),
        ],
    );
    head.push_str(">\n");
    open_tag(&mut head, "title", &mut [("id", V::S(&title_id))]);
    head.push('>');
    escape_text(&mut head, &clip(title, MAX_TOOLTIP_CHARS));
    head.push_str("</title>\n");
    open_tag(&mut head, "desc", &mut [("id", V::S(&desc_id))]);
    head.push('>');
    escape_text(&mut head, &clip(&scene.description, MAX_TOOLTIP_CHARS));
    head.push_str("</desc>\n");
    empty_element(
        &mut head,
        "rect",
        &mut [
            ("width", V::S("100%")),
            ("height", V::S("100%")),
            ("fill", V::S(scene.background)),
        ],
    );
    head.push('\n');
    (head, "</svg>\n".to_string())
}

/// One paper page of `scene` ([`paper::paginate`]) as an SVG document measured in points:
/// its caption line, then each pane's items, moved and scaled into place and clipped to the
/// pane. `index` holds the Scene's items with their boxes, made once for all the pages.
pub fn sheet_svg(
    scene: &Scene,
    index: &paper::PaneIndex<'_>,
    sheet: &paper::Sheet,
    options: SvgOptions<'_>,
) -> String {
    let title = if sheet.count == 1 {
        scene.title.clone()
    } else {
        format!("{} (page {} of {})", scene.title, sheet.number, sheet.count)
    };
    let (mut out, tail) = root_sized(
        scene,
        (sheet.width, sheet.height),
        &title,
        "jm-sheet",
        options,
    );
    for (i, pane) in sheet.panes.iter().enumerate() {
        let id = format!("{}-pane-{i}", options.id_prefix);
        out.push_str("<clipPath");
        out.push_str(" id=\"");
        out.push_str(&id);
        out.push_str("\">");
        write_item(
            &mut out,
            &Item::Rect(crate::layout::scene::RectItem {
                // In the pane's own units: the clip path is read in the user space of the
                // group that names it, after its transform.
                rect: pane.source,
                rx: 0.0,
                fill: "#000000",
                stroke: None,
                stroke_width: 0.0,
                dash: None,
            }),
        );
        out.push_str("</clipPath>\n");
        let s = pane.scale;
        let transform = format!(
            "matrix({} 0 0 {} {} {})",
            num(s),
            num(s),
            num(pane.x - s * pane.source.x),
            num(pane.y - s * pane.source.y)
        );
        let clip_ref = format!("url(#{id})");
        open_tag(
            &mut out,
            "g",
            &mut [
                ("clip-path", V::S(&clip_ref)),
                ("transform", V::S(&transform)),
            ],
        );
        out.push_str(">\n");
        for item in index.items(pane) {
            write_band_item(&mut out, &item);
        }
        out.push_str("</g>\n");
    }
    // The caption last: it names the stages a pane continues over the pane's own drawing.
    for item in &sheet.caption {
        write_band_item(&mut out, item);
    }
    out.push_str(&tail);
    out
}

/// The items of `scene` that reach into `region` (diagram units), in drawing order, in a
/// standalone document of the whole diagram's size: drawn with the whole diagram's transform,
/// its pixels inside `region` are the whole document's, from a tree a fraction of its size.
/// [`super::png`] draws a big diagram tile by tile this way. `index` holds the Scene's items
/// with their boxes, made once for all the tiles.
pub fn region_svg(scene: &Scene, index: &paper::PaneIndex<'_>, region: Rect) -> String {
    let (mut out, tail) = root(scene, SvgOptions::default());
    let pane = paper::Pane {
        source: region,
        x: 0.0,
        y: 0.0,
        scale: 1.0,
    };
    for item in index.items(&pane) {
        write_band_item(&mut out, &item);
    }
    out.push_str(&tail);
    out
}

fn write_document(scene: &Scene, options: SvgOptions<'_>) -> String {
    let (head, tail) = root(scene, options);
    let items: usize = scene.bands.iter().map(|b| b.items.len()).sum();
    if items > ONE_PASS_ABOVE_ITEMS {
        // A very big diagram: parts written in parallel would double the memory the output
        // takes, so write it in one pass into one buffer.
        let mut out = String::with_capacity(items * 330 + head.len() + tail.len());
        out.push_str(&head);
        for band in &scene.bands {
            write_band(&mut out, band);
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
                write_band(&mut part, band);
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
    let mut open_band: Option<&str> = None;
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
                    text.push_str(close);
                }
                let (open, close) = band_tags(&band);
                text.push_str(&open);
                for item in &band.items {
                    write_band_item(&mut text, item);
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
                write_band_item(&mut text, &item);
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

/// How much SVG text the streaming writer gathers before writing it out.
const STREAM_CHUNK: usize = 64 * 1024;

/// Writes out and empties the gathered text.
fn drain(text: &mut String, out: &mut impl std::io::Write) -> std::io::Result<()> {
    let result = out.write_all(text.as_bytes());
    text.clear();
    result
}

fn write_band(out: &mut String, band: &Band) {
    let (open, close) = band_tags(band);
    out.push_str(&open);
    for item in &band.items {
        write_band_item(out, item);
    }
    out.push_str(close);
}

/// A band's opening and closing tags, each with its line break.
fn band_tags(band: &Band) -> (String, &'static str) {
    let class = match band.kind {
        BandKind::Header => "jm-band jm-header",
        BandKind::Lane => "jm-band jm-lane",
        BandKind::BlueprintLine => "jm-band jm-blueprint-line",
        BandKind::Legend => "jm-band jm-legend",
        BandKind::Persona => "jm-band jm-persona",
    };
    let mut open = String::with_capacity(160 + band.label.len());
    let mut attrs = [
        ("class", V::S(class)),
        ("data-band", V::S(&band.id)),
        ("data-y", V::N(band.y)),
        ("data-height", V::N(band.height)),
        ("aria-label", V::S(&band.label)),
        ("data-lane", V::S(band.lane.map_or("", |l| l.name()))),
    ];
    let n = if band.lane.is_some() { 6 } else { 5 };
    open_tag(&mut open, "g", &mut attrs[..n]);
    open.push_str(">\n");
    (open, "</g>\n")
}

/// One item of a band, on its own line.
fn write_band_item(out: &mut String, item: &Item) {
    if writes_something(item) {
        write_item(out, item);
        out.push('\n');
    }
}

/// An attribute value: a number (written by [`push_num`], never needing escapes) or text.
#[derive(Clone, Copy)]
enum V<'a> {
    N(f64),
    S(&'a str),
}

/// Writes `<name a="…" …` with the attributes in name order (deterministic output).
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

/// Text content escaping: `&`, `<`, `>`.
fn escape_text(out: &mut String, text: &str) {
    escape(out, text, false);
}

/// Attribute value escaping: the text escapes, then `"` and `'`.
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

/// Writes one item: a shape, the lines of a text block (one `<text>` each, positioned
/// absolutely, so no whitespace between lines can shift an anchored line and right-to-left
/// runs are reordered within their own line), or a group with its tooltip.
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
            let identity = g.key.as_ref().map(|k| k.attributes()).unwrap_or_default();
            let mut attrs: Vec<(&str, V<'_>)> = vec![("class", V::S(&class))];
            attrs.extend(identity.iter().map(|(name, value)| (*name, V::S(value))));
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
