//! A second, independent SVG writer for tests: the whole document built with the `svg` crate's
//! element tree, from the same Scene. `render::svg` writes SVG by hand, for speed; the golden
//! tests check that it writes exactly the bytes this writer does (the crate's attribute order,
//! escaping and line breaks), so a mistake in the hand-written escaping or ordering shows up
//! as a difference from a writer we did not write.

use journeymap::layout::blocks::num;
use journeymap::layout::scene::{Anchor, Band, BandKind, Item, Scene, TextItem};
use journeymap::layout::text::{MAX_TOOLTIP_CHARS, Weight, clip};
use journeymap::render::svg::SvgOptions;
use svg::Node;
use svg::node::element::{Description, Element, Group, Title};

/// The Scene as an SVG document, every element built by the `svg` crate.
pub fn to_svg_with_crate(scene: &Scene, options: SvgOptions<'_>) -> String {
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
    for band in &scene.bands {
        doc.append(band_group(band));
    }
    let mut out = String::new();
    if options.xml_declaration {
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    }
    out.push_str(&doc.to_string());
    out.push('\n');
    out
}

fn band_group(band: &Band) -> Group {
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
    for item in &band.items {
        append_item(&mut g, item);
    }
    g
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
            for (name, value) in g.key.iter().flat_map(|k| k.attributes()) {
                e.assign(name, value);
            }
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
