//! The empathy view: for each persona, their card (who they are, quote, goals, frustrations,
//! needs) beside their empathy map in four quadrants: says, thinks, does, feels.

use super::blocks::{Bar, CardStyle, Font, Line, card, rect, shift, text_block};
use super::scene::{Anchor, Band, BandKind, Item, Rect, Scene, round};
use super::theme::{self, Palette};
use super::words::{Word, Words};
use super::{FONT_FAMILY, RenderOptions, View};
use crate::model::{JourneyMap, Persona};

const MARGIN: f64 = 24.0;
const CARD_W: f64 = 330.0;
const QUAD_X: f64 = MARGIN + CARD_W + 20.0;
const QUAD_W: f64 = 340.0;
const QUAD_GAP: f64 = 12.0;
const WIDTH: f64 = QUAD_X + 2.0 * QUAD_W + QUAD_GAP + MARGIN;

/// Where a persona's card and quadrants go: beside each other, or on paper narrower than
/// that (A4 or letter portrait) the card above two columns of quadrants, so that the text keeps
/// its size.
struct Geometry {
    width: f64,
    card_w: f64,
    quad_x: f64,
    quad_w: f64,
    /// The card above the quadrants rather than beside them.
    stacked: bool,
}

impl Geometry {
    fn of(options: &RenderOptions) -> Geometry {
        let wide = Geometry {
            width: WIDTH,
            card_w: CARD_W,
            quad_x: QUAD_X,
            quad_w: QUAD_W,
            stacked: false,
        };
        let Some(page) = options.paper else {
            return wide;
        };
        // The widest a page shows at the smallest scale text may be drawn at.
        let room = (page.content_width() / super::paper::MIN_SCALE).floor();
        if room >= WIDTH {
            return wide;
        }
        Geometry {
            width: room,
            card_w: room - 2.0 * MARGIN,
            quad_x: MARGIN,
            quad_w: ((room - 2.0 * MARGIN - QUAD_GAP) / 2.0).floor(),
            stacked: true,
        }
    }
}

pub fn layout(map: &JourneyMap, options: &RenderOptions) -> Scene {
    let p = options.theme.palette();
    let g = &Geometry::of(options);
    let personas: Vec<(usize, &Persona)> = map
        .personas
        .iter()
        .enumerate()
        .filter(|(_, x)| {
            options
                .persona
                .as_deref()
                .is_none_or(|id| x.id.as_str() == id)
        })
        .collect();
    let mut bands = Vec::new();
    let words = options.words(map);
    let header = header(map, p, personas.len(), &words, g);
    let mut y = MARGIN + header.height + 18.0;
    bands.push(header);
    if personas.is_empty() {
        let cell = Rect::new(MARGIN, 0.0, g.width - 2.0 * MARGIN, 20.0);
        let items = text_block(
            "This map declares no personas, so it has no empathy maps.",
            MARGIN,
            0.0,
            g.width - 2.0 * MARGIN,
            Font::regular(13.0),
            p.muted,
            Anchor::Start,
            cell,
        )
        .map(Item::Text)
        .into_iter()
        .collect::<Vec<_>>();
        let mut band = Band {
            id: "no-personas".into(),
            kind: BandKind::Persona,
            lane: None,
            label: words.get(Word::NoPersonas).into(),
            y,
            height: 20.0,
            scale: None,
            items,
        };
        shift(&mut band.items, y);
        y += band.height;
        bands.push(band);
    }
    for (i, persona) in personas {
        let mut band = persona_band(persona, i, p, &words, g);
        band.y = round(y);
        shift(&mut band.items, y);
        y += band.height + 24.0;
        bands.push(band);
    }
    let names: Vec<&str> = bands
        .iter()
        .filter(|b| b.kind == BandKind::Persona && b.id != "no-personas")
        .map(|b| b.label.as_str())
        .collect();
    let description = if names.is_empty() {
        "The map declares no personas.".to_string()
    } else {
        format!(
            "Empathy maps (says, thinks, does, feels) for {}.",
            names.join("; ")
        )
    };
    Scene {
        width: g.width,
        height: (y + MARGIN).ceil(),
        title: format!("{}: empathy maps", map.title),
        description,
        theme: options.theme,
        view: View::Empathy,
        font_family: FONT_FAMILY,
        background: p.background,
        bands,
        grid: None,
    }
}

fn header(map: &JourneyMap, p: &Palette, count: usize, words: &Words, g: &Geometry) -> Band {
    let w = g.width - 2.0 * MARGIN;
    let mut items = Vec::new();
    let mut y = MARGIN;
    let kicker = format!(
        "{} · {}: {count}",
        words.get(Word::EmpathyMap),
        words.get(if count == 1 {
            Word::Persona
        } else {
            Word::Personas
        })
    );
    for (content, font, color, gap) in [
        (kicker.as_str(), Font::bold(11.0), p.muted, 0.0),
        (map.title.as_str(), Font::bold(24.0), p.text, 4.0),
    ] {
        y += gap;
        if let Some(t) = text_block(
            content,
            MARGIN,
            y,
            w,
            font,
            color,
            Anchor::Start,
            Rect::new(MARGIN, MARGIN, w, 0.0),
        ) {
            y += t.bounds.h;
            items.push(Item::Text(t));
        }
    }
    let height = y - MARGIN;
    for item in &mut items {
        if let Item::Text(t) = item {
            t.cell.h = round(height);
        }
    }
    Band {
        id: "header".into(),
        kind: BandKind::Header,
        lane: None,
        label: map.title.clone(),
        y: MARGIN,
        height: round(height),
        scale: None,
        items,
    }
}

fn persona_band(persona: &Persona, index: usize, p: &Palette, words: &Words, g: &Geometry) -> Band {
    let accent = p.personas[index % p.personas.len()];
    let mut lines = vec![Line::new(persona.name.as_str(), Font::bold(18.0), p.text)];
    if let Some(d) = &persona.description {
        lines.push(Line::new(d.as_str(), Font::regular(12.0), p.muted).gap(6.0));
    }
    if let Some(q) = &persona.quote {
        lines.push(Line::new(format!("\u{201C}{q}\u{201D}"), Font::bold(13.0), p.text).gap(10.0));
    }
    for (label, list) in [
        (words.get(Word::Goals), &persona.goals),
        (words.get(Word::Frustrations), &persona.frustrations),
        (words.get(Word::PersonaNeeds), &persona.needs),
    ] {
        if list.is_empty() {
            continue;
        }
        lines.push(Line::new(label, Font::bold(10.0), p.muted).gap(12.0));
        for item in list {
            lines.push(Line::new(format!("• {item}"), Font::regular(12.0), p.text).gap(3.0));
        }
    }
    let (persona_card, card_h) = card(
        "persona",
        MARGIN,
        0.0,
        g.card_w,
        &lines,
        CardStyle {
            fill: p.surface,
            stroke: Some(p.border),
            rx: 8.0,
            pad_x: 16.0,
            pad_y: 14.0,
            bar: Some(Bar::Top(accent, 5.0)),
            dash: false,
        },
        Some(persona.name.clone()),
    );

    // Stacked: the quadrants start below the card.
    let top = if g.stacked { card_h + QUAD_GAP } else { 0.0 };
    let empty = Vec::new();
    let empathy = persona.empathy.as_ref();
    let has_empathy = empathy.is_some_and(|e| {
        !(e.says.is_empty() && e.thinks.is_empty() && e.does.is_empty() && e.feels.is_empty())
    });
    if !has_empathy {
        // Four empty quadrants say nothing: say what is missing instead.
        let font = Font::regular(12.0);
        let width = 2.0 * g.quad_w + QUAD_GAP;
        let cell = Rect::new(g.quad_x, top, width, 0.0);
        let mut items = vec![persona_card];
        let mut height = card_h;
        if let Some(mut note) = text_block(
            words.get(Word::NoEmpathy),
            g.quad_x,
            top + 14.0,
            width,
            font,
            p.muted,
            Anchor::Start,
            cell,
        ) {
            note.cell.h = note.bounds.bottom() - top;
            height = height.max(note.bounds.bottom());
            items.push(Item::Text(note));
        }
        return band_of(persona, items, height);
    }
    let quads = [
        (
            words.get(Word::Says),
            words.get(Word::SaysHint),
            empathy.map_or(&empty, |e| &e.says),
            p.stages[0],
        ),
        (
            words.get(Word::Thinks),
            words.get(Word::ThinksHint),
            empathy.map_or(&empty, |e| &e.thinks),
            p.stages[2],
        ),
        (
            words.get(Word::Does),
            words.get(Word::DoesHint),
            empathy.map_or(&empty, |e| &e.does),
            p.stages[1],
        ),
        (
            words.get(Word::Feels),
            words.get(Word::FeelsHint),
            empathy.map_or(&empty, |e| &e.feels),
            p.stages[3],
        ),
    ];
    let mut built: Vec<(Vec<Item>, f64)> = Vec::new();
    for (i, (title, sub, notes, color)) in quads.iter().enumerate() {
        let x = g.quad_x + (i % 2) as f64 * (g.quad_w + QUAD_GAP);
        built.push(quadrant(x, title, sub, notes, color, p, words, g));
    }
    let row1 = built[0].1.max(built[1].1);
    let row2 = built[2].1.max(built[3].1);
    let mut items = vec![persona_card];
    for (i, (mut quad, _)) in built.into_iter().enumerate() {
        let row_y = top + if i < 2 { 0.0 } else { row1 + QUAD_GAP };
        let row_h = if i < 2 { row1 } else { row2 };
        let x = g.quad_x + (i % 2) as f64 * (g.quad_w + QUAD_GAP);
        let color = quads[i].3;
        let fill = theme::mix(color, p.background, 0.07);
        let outline = Rect::new(x, 0.0, g.quad_w, row_h);
        let mut all = vec![rect(
            outline,
            8.0,
            fill,
            Some(theme::mix(color, p.background, 0.45)),
            1.0,
        )];
        all.append(&mut quad);
        for item in &mut all {
            if let Item::Text(t) = item {
                if t.cell.w == g.quad_w {
                    t.cell.h = round(row_h);
                }
            }
        }
        shift(&mut all, row_y);
        items.push(super::blocks::group(
            "empathy-quadrant",
            Some(quads[i].0.to_string()),
            all,
        ));
    }
    let height = card_h.max(top + row1 + QUAD_GAP + row2);
    band_of(persona, items, height)
}

/// A persona's band of the empathy view.
fn band_of(persona: &Persona, items: Vec<Item>, height: f64) -> Band {
    Band {
        id: format!("persona-{}", persona.id),
        kind: BandKind::Persona,
        lane: None,
        label: persona.name.clone(),
        y: 0.0,
        height: round(height),
        scale: None,
        items,
    }
}

/// A quadrant's heading and notes at (x, 0); returns its items and height.
#[allow(clippy::too_many_arguments)]
fn quadrant(
    x: f64,
    title: &str,
    sub: &str,
    notes: &[String],
    color: &'static str,
    p: &Palette,
    words: &Words,
    g: &Geometry,
) -> (Vec<Item>, f64) {
    let mut items = Vec::new();
    let cell = Rect::new(x, 0.0, g.quad_w, 0.0);
    let mut y = 12.0;
    let heading_color = theme::visible_on(color, p.background, p.text);
    let heading_color =
        if theme::contrast(heading_color, theme::mix(color, p.background, 0.07)) >= 4.5 {
            heading_color
        } else {
            p.text
        };
    if let Some(t) = text_block(
        title,
        x + 14.0,
        y,
        g.quad_w - 28.0,
        Font::bold(16.0),
        heading_color,
        Anchor::Start,
        cell,
    ) {
        y += t.bounds.h;
        items.push(Item::Text(t));
    }
    if let Some(t) = text_block(
        sub,
        x + 14.0,
        y,
        g.quad_w - 28.0,
        Font::regular(11.0),
        p.muted,
        Anchor::Start,
        cell,
    ) {
        y += t.bounds.h + 8.0;
        items.push(Item::Text(t));
    }
    if notes.is_empty() {
        if let Some(t) = text_block(
            words.get(Word::NothingYet),
            x + 14.0,
            y,
            g.quad_w - 28.0,
            Font::regular(12.0),
            p.muted,
            Anchor::Start,
            cell,
        ) {
            y += t.bounds.h + 8.0;
            items.push(Item::Text(t));
        }
    }
    for note in notes {
        let (item, h) = card(
            "note",
            x + 12.0,
            y,
            g.quad_w - 24.0,
            &[Line::new(note.as_str(), Font::regular(12.0), p.text)],
            CardStyle {
                fill: p.surface,
                stroke: Some(p.border),
                rx: 4.0,
                pad_x: 10.0,
                pad_y: 7.0,
                bar: Some(Bar::Left(color, 4.0)),
                dash: false,
            },
            Some(note.clone()),
        );
        items.push(item);
        y += h + 7.0;
    }
    (items, y + 5.0)
}
