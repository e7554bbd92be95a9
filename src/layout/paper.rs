//! Paper: a Scene cut into pages of a paper size (`render --page a3 --landscape`), for a
//! PDF or one PNG per page.
//!
//! Pages break between stages, and a stage wider than a page between steps; every page
//! repeats the lane labels, says which stages it shows and is numbered "2 / 5" under the
//! map's title. Body text stays at 8 pt or more: the smallest text a diagram sets is
//! [`SMALLEST_TEXT`] units, so a diagram is never drawn at less than [`MIN_SCALE`] points per
//! unit; what does not fit at that scale goes on to more pages, across (columns) and down
//! (lanes, with the stage headers repeated at the top).
//!
//! A page is a list of [`Pane`]s, each showing a rectangle of the Scene somewhere on the
//! paper at a scale; the drawing code clips each pane and draws the Scene's items that fall
//! in it ([`PaneIndex`]). Nothing is laid out twice.

use std::borrow::Cow;

use serde::Serialize;

use super::blocks::num;
use super::scene::{Anchor, BandKind, Item, PathItem, Rect, Scene, TextItem, TextLine, round};
use super::text::{self, Weight};
use super::{Lane, theme};

/// A paper size, named as `--page` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Paper {
    A4,
    A3,
    A2,
    Letter,
    Tabloid,
}

impl Paper {
    /// Every size, in the order `--help` lists them.
    pub const ALL: [Paper; 5] = [
        Paper::A4,
        Paper::A3,
        Paper::A2,
        Paper::Letter,
        Paper::Tabloid,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::A3 => "a3",
            Paper::A2 => "a2",
            Paper::Letter => "letter",
            Paper::Tabloid => "tabloid",
        }
    }

    /// Width and height in points (1/72 inch), portrait.
    pub fn points(self) -> (f64, f64) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::A3 => (841.89, 1190.55),
            Paper::A2 => (1190.55, 1683.78),
            Paper::Letter => (612.0, 792.0),
            Paper::Tabloid => (792.0, 1224.0),
        }
    }
}

/// A paper size and its orientation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageSize {
    pub paper: Paper,
    pub landscape: bool,
}

impl PageSize {
    /// Width and height in points.
    pub fn points(self) -> (f64, f64) {
        let (w, h) = self.paper.points();
        if self.landscape { (h, w) } else { (w, h) }
    }

    /// The width, in diagram units, that a page shows across at the largest scale (one point
    /// per unit): the layout keeps the title and the legend within it, so that they fit on
    /// a page at any scale.
    pub fn content_width(self) -> f64 {
        self.points().0 - 2.0 * MARGIN
    }
}

/// The paper's margin, in points (10 mm).
const MARGIN: f64 = 28.35;
/// The caption line at the top of each page: title, stages, page number.
const CAPTION: f64 = 22.0;
const CAPTION_SIZE: f64 = 9.0;
/// The smallest text a diagram sets, in units.
pub const SMALLEST_TEXT: f64 = 10.0;
/// The smallest scale (points per unit) a diagram is drawn at: its smallest text at 8 pt.
pub const MIN_SCALE: f64 = 8.0 / SMALLEST_TEXT;

/// One page.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// In points.
    pub width: f64,
    pub height: f64,
    /// From 1.
    pub number: usize,
    pub count: usize,
    /// The caption line: title and stages on the left, "2 / 5" on the right.
    pub caption: Vec<Item>,
    pub panes: Vec<Pane>,
}

/// A rectangle of the Scene (`source`), drawn with its top left corner at (`x`, `y`) of the
/// page, `scale` points per unit, and clipped to its rectangle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pane {
    pub source: Rect,
    pub x: f64,
    pub y: f64,
    pub scale: f64,
}

impl Pane {
    /// Where the pane is on the page.
    pub fn frame(&self) -> Rect {
        // From its rounded corners, so that panes placed edge to edge do not overlap by a
        // rounding.
        let (x0, y0) = (round(self.x), round(self.y));
        let x1 = round(self.x + self.source.w * self.scale);
        let y1 = round(self.y + self.source.h * self.scale);
        Rect::new(x0, y0, x1 - x0, y1 - y0)
    }
}

/// Cuts `scene` into pages of `size`.
pub fn paginate(scene: &Scene, size: PageSize) -> Vec<Sheet> {
    let (page_w, page_h) = size.points();
    let across = page_w - 2.0 * MARGIN;
    let down = page_h - 2.0 * MARGIN - CAPTION;
    let palette = scene.theme.palette();

    // The title block on top of the first page; the lanes (and blueprint lines) below it;
    // the legend last.
    let (body_top, body_h, legend) = parts(scene);
    let header_h = if scene.bands.iter().any(|b| b.kind == BandKind::Header) {
        body_top
    } else {
        0.0
    };
    let body_bottom = body_top + body_h;
    let legend_y = legend.map_or(scene.height, |(y, _)| y);
    let legend_h = legend.map_or(0.0, |(_, h)| h);
    let stages = scene
        .bands
        .iter()
        .find(|b| b.lane == Some(Lane::Stages))
        .map(|b| (b.y, b.height));

    let bands: Vec<(f64, f64)> = scene
        .bands
        .iter()
        .filter(|b| b.kind != BandKind::Header && b.kind != BandKind::Legend)
        .map(|b| (b.y, (b.y + b.height).min(body_bottom)))
        .collect();

    // Where text is, down the page: a band cut into slices is cut between text blocks.
    let text_rows: Vec<(f64, f64)> = scene
        .texts()
        .iter()
        .map(|t| (t.bounds.y, t.bounds.bottom()))
        .collect();

    // How the diagram is cut at `scale` (points per unit).
    let cut = |scale: f64| {
        // What a page holds down, in units: the first run shares its page with the title
        // block, the others with the repeated stage headers.
        let room_of = |run: usize| {
            let repeat = if run == 0 {
                header_h
            } else {
                stages.map_or(0.0, |s| s.1)
            };
            down / scale - repeat
        };
        // Down: the body's bands in runs that fit a page, the legend under the last run (or
        // on a page of its own).
        let mut runs: Vec<(f64, f64)> = Vec::new();
        let mut top = body_top;
        for (i, &(band_top, bottom)) in bands.iter().enumerate() {
            let end = if i + 1 == bands.len() {
                body_bottom
            } else {
                bottom
            };
            if end - top > room_of(runs.len()) && band_top > top {
                runs.push((top, band_top));
                top = band_top;
            }
            // A band taller than a page is cut into slices, between lines of text.
            while end - top > room_of(runs.len()) && room_of(runs.len()) > 1.0 {
                let cut = between_texts(&text_rows, top, top + room_of(runs.len()));
                runs.push((top, cut));
                top = cut;
            }
        }
        if body_bottom > top || runs.is_empty() {
            runs.push((top, body_bottom.max(top)));
        }
        let last = runs[runs.len() - 1];
        let legend_alone = legend_h > 0.0 && (last.1 - last.0) + legend_h > room_of(runs.len() - 1);
        // Across: for a journey, columns grouped by stage; the empathy view is one column.
        let (fits, ranges) = match &scene.grid {
            Some(grid) => {
                let fits =
                    (((across / scale - grid.left) / grid.column_width).floor() as usize).max(1);
                (fits, column_ranges(grid, fits))
            }
            None => (1, Vec::new()),
        };
        Cut {
            scale,
            runs,
            legend_alone,
            fits,
            ranges,
        }
    };
    // The scale: the largest (in hundredths, so that the transforms written for it are
    // exact) from the one that fits the diagram's height down to the smallest allowed, that
    // needs the fewest pages.
    let total = header_h + (body_bottom - body_top) + legend_h;
    let tallest = hundredths(down / total).clamp(MIN_SCALE, 1.0);
    let mut best = cut(tallest);
    let mut step = tallest;
    while step - 0.01 >= MIN_SCALE - 1e-9 {
        step = hundredths(step - 0.01 + 1e-9);
        let candidate = cut(step);
        if candidate.pages() < best.pages() {
            best = candidate;
        }
    }
    let Cut {
        scale,
        runs,
        legend_alone,
        fits: column_fit,
        ranges: column_ranges,
    } = best;
    // The empathy view (no columns) is scaled down to fit across when it must.
    let (label_w, scale) = match &scene.grid {
        Some(grid) => (grid.left, scale),
        None => (0.0, scale.min(hundredths(across / scene.width))),
    };

    struct Plan {
        columns: Option<(usize, usize)>,
        run: Option<usize>,
    }
    let mut plans: Vec<Plan> = Vec::new();
    let column_choices: Vec<Option<(usize, usize)>> = if column_ranges.is_empty() {
        vec![None]
    } else {
        column_ranges.iter().copied().map(Some).collect()
    };
    for columns in &column_choices {
        for run in 0..runs.len() {
            plans.push(Plan {
                columns: *columns,
                run: Some(run),
            });
        }
        if legend_alone {
            plans.push(Plan {
                columns: *columns,
                run: None,
            });
        }
    }

    let count = plans.len();
    let mut sheets = Vec::with_capacity(count);
    for (i, plan) in plans.iter().enumerate() {
        let mut panes = Vec::new();
        let mut y = MARGIN + CAPTION;
        let full_w = (across / scale).min(scene.width);
        if plan.columns.is_none_or(|(a, _)| a == 0) && plan.run == Some(0) && header_h > 0.0 {
            panes.push(Pane {
                source: Rect::new(0.0, 0.0, full_w, header_h),
                x: MARGIN,
                y,
                scale,
            });
            y += header_h * scale;
        }
        // The columns of this page, in Scene x.
        let (cx, cw) = match (&scene.grid, plan.columns) {
            (Some(grid), Some((a, b))) => {
                let x = grid.column_x(a);
                // One unit more: the border line on the last column's right edge.
                let right = grid.column_x(b) + 1.0;
                (x, right - x)
            }
            _ => (0.0, scene.width),
        };
        let strip = |top: f64, h: f64, panes: &mut Vec<Pane>, y: &mut f64| {
            if h <= 0.0 {
                return;
            }
            if label_w > 0.0 {
                panes.push(Pane {
                    source: Rect::new(0.0, top, label_w, h),
                    x: MARGIN,
                    y: *y,
                    scale,
                });
            }
            panes.push(Pane {
                source: Rect::new(cx, top, cw, h),
                x: MARGIN + label_w * scale,
                y: *y,
                scale,
            });
            *y += h * scale;
        };
        let last_run = runs.len() - 1;
        match plan.run {
            Some(run) => {
                if run > 0 {
                    if let Some((sy, sh)) = stages {
                        strip(sy, sh, &mut panes, &mut y);
                    }
                }
                let (top, bottom) = runs[run];
                strip(top, bottom - top, &mut panes, &mut y);
                if run == last_run && !legend_alone && legend_h > 0.0 {
                    panes.push(Pane {
                        source: Rect::new(0.0, legend_y, full_w, legend_h),
                        x: MARGIN,
                        y,
                        scale,
                    });
                }
            }
            None => {
                panes.push(Pane {
                    source: Rect::new(0.0, legend_y, full_w, legend_h),
                    x: MARGIN,
                    y,
                    scale,
                });
            }
        }
        let what = match (&scene.grid, plan.columns) {
            (Some(grid), Some((a, b))) => stage_names(grid, a, b, column_fit),
            _ => String::new(),
        };
        sheets.push(Sheet {
            width: page_w,
            height: page_h,
            number: i + 1,
            count,
            caption: {
                let mut items = caption(&scene.title, &what, i + 1, count, page_w, palette);
                items.extend(continued_stages(scene, &panes));
                items
            },
            panes,
        });
    }
    sheets
}

/// The lowest y at or above `limit` (and below `top`) that cuts through no text block, or
/// `limit` when every y does (a single block taller than a page).
fn between_texts(rows: &[(f64, f64)], top: f64, limit: f64) -> f64 {
    let mut cut = limit;
    while let Some(&(y, _)) = rows
        .iter()
        .find(|(y, bottom)| *y < cut - 0.01 && *bottom > cut + 0.01)
    {
        cut = y;
        if cut <= top + 1.0 {
            return limit;
        }
    }
    cut
}

/// How a diagram is cut into pages at one scale.
struct Cut {
    scale: f64,
    /// Runs of lanes down, as Scene y ranges.
    runs: Vec<(f64, f64)>,
    /// Whether the legend needs a page of its own below the last run.
    legend_alone: bool,
    /// How many columns a page holds.
    fits: usize,
    /// Column ranges across.
    ranges: Vec<(usize, usize)>,
}

impl Cut {
    fn pages(&self) -> usize {
        (self.runs.len() + usize::from(self.legend_alone)) * self.ranges.len().max(1)
    }
}

/// `v` rounded down to hundredths.
fn hundredths(v: f64) -> f64 {
    (v * 100.0).floor() / 100.0
}

/// How a diagram's parts stack: where the lanes begin (the title block's height), how tall
/// they are, and where the legend is and how tall.
fn parts(scene: &Scene) -> (f64, f64, Option<(f64, f64)>) {
    let body_top = scene
        .bands
        .iter()
        .find(|b| b.kind != BandKind::Header)
        .map_or(scene.height, |b| b.y);
    let legend = scene
        .bands
        .iter()
        .find(|b| b.kind == BandKind::Legend)
        .map(|l| (l.y, scene.height - l.y));
    let body_bottom = legend.map_or(scene.height, |(y, _)| y);
    (body_top, body_bottom - body_top, legend)
}

/// The gap between wrapped rows, and the margin right of the last column.
const ROW_GAP: f64 = 24.0;
const RIGHT: f64 = 24.0;

/// How many columns each row of a wrapped journey holds (`render --wrap`): the number that
/// brings the sheet closest to a landscape page's shape (√2 : 1), rows breaking between
/// stages. `None` for the empathy view, and when one row is best.
pub fn wrap_columns(scene: &Scene) -> Option<usize> {
    let grid = scene.grid.as_ref()?;
    let (body_top, body_h, legend) = parts(scene);
    let legend_h = legend.map_or(0.0, |(_, h)| h);
    let off = |fits: usize| {
        let ranges = column_ranges(grid, fits);
        let widest = ranges.iter().map(|(a, b)| b - a).max().unwrap_or(1);
        let width = grid.left + widest as f64 * grid.column_width + RIGHT;
        let rows = ranges.len() as f64;
        let height = body_top + rows * body_h + (rows - 1.0) * ROW_GAP + legend_h;
        ((width / height) / std::f64::consts::SQRT_2).ln().abs()
    };
    let best = (1..=grid.columns()).min_by(|&a, &b| off(a).total_cmp(&off(b)))?;
    (column_ranges(grid, best).len() > 1).then_some(best)
}

/// The width of a journey wrapped `columns` to a row, in units: what the layout keeps its
/// title and legend within.
pub fn wrap_width(left: f64, column_width: f64, columns: usize) -> f64 {
    left + columns as f64 * column_width + RIGHT
}

/// A wide journey wrapped into rows of at most `columns` columns on one sheet (`render
/// --wrap`), so that a 21-step map reads as a few rows rather than a strip: the title block on
/// top, each row with its lane labels, the legend below. `None` for the empathy view.
pub fn wrap(scene: &Scene, columns: usize) -> Option<Sheet> {
    let grid = scene.grid.as_ref()?;
    let (body_top, body_h, legend) = parts(scene);
    let ranges = column_ranges(grid, columns.max(1));
    let widest = ranges.iter().map(|(a, b)| b - a).max().unwrap_or(1);
    let width = wrap_width(grid.left, grid.column_width, widest).ceil();
    let mut panes = vec![Pane {
        source: Rect::new(0.0, 0.0, width.min(scene.width), body_top),
        x: 0.0,
        y: 0.0,
        scale: 1.0,
    }];
    let mut y = body_top;
    for (i, (a, b)) in ranges.iter().enumerate() {
        if i > 0 {
            y += ROW_GAP;
        }
        panes.push(Pane {
            source: Rect::new(0.0, body_top, grid.left, body_h),
            x: 0.0,
            y,
            scale: 1.0,
        });
        let x = grid.column_x(*a);
        panes.push(Pane {
            source: Rect::new(x, body_top, grid.column_x(*b) + 1.0 - x, body_h),
            x: grid.left,
            y,
            scale: 1.0,
        });
        y += body_h;
    }
    if let Some((legend_y, legend_h)) = legend {
        panes.push(Pane {
            source: Rect::new(0.0, legend_y, width.min(scene.width), legend_h),
            x: 0.0,
            y,
            scale: 1.0,
        });
        y += legend_h;
    }
    Some(Sheet {
        width,
        height: y.ceil(),
        number: 1,
        count: 1,
        caption: continued_stages(scene, &panes),
        panes,
    })
}

/// The name of a stage that a page (or a wrapped row) takes up part-way through, written where
/// its header would show it: the header's card runs on across the cut, but its name stays on
/// the page where the stage begins. "… Pay", in the stage name's size and weight.
fn continued_stages(scene: &Scene, panes: &[Pane]) -> Vec<Item> {
    let (Some(grid), Some(band)) = (
        &scene.grid,
        scene.bands.iter().find(|b| b.lane == Some(Lane::Stages)),
    ) else {
        return Vec::new();
    };
    let p = scene.theme.palette();
    let mut items = Vec::new();
    for pane in panes {
        let s = pane.source;
        let shows_band = s.y <= band.y + 0.01 && band.y + band.height <= s.bottom() + 0.01;
        if s.x < grid.left || !shows_band {
            continue;
        }
        // The first column the pane shows, and the stage it belongs to.
        let column = ((s.x - grid.left) / grid.column_width).round() as usize;
        let mut first = 0;
        for stage in &grid.stages {
            if column > first && column < first + stage.columns {
                let size = 15.0 * pane.scale;
                let content = format!("\u{2026} {}", text::clean(&stage.name));
                let room = (first + stage.columns - column) as f64 * grid.column_width - 30.0;
                let content = fit_to(&content, size, room * pane.scale);
                let width = round(text::measure(&content, size, Weight::Bold));
                let x = pane.x + 18.0 * pane.scale;
                let top = pane.y + (band.y - s.y + 18.0) * pane.scale;
                let bounds = Rect::new(x, top, width, text::line_height(size));
                items.push(Item::Text(TextItem {
                    bounds,
                    cell: bounds,
                    size: round(size),
                    weight: Weight::Bold,
                    color: p.muted,
                    anchor: Anchor::Start,
                    lines: vec![TextLine {
                        text: content,
                        x: round(x),
                        y: round(top + size),
                        width,
                    }],
                }));
            }
            first += stage.columns;
        }
    }
    items
}

/// `text` cut short with "…" to fit `room` at `size`, bold.
fn fit_to(text: &str, size: f64, room: f64) -> String {
    if text::measure(text, size, Weight::Bold) <= room {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        out.push(c);
        if text::measure(&out, size, Weight::Bold) + text::measure("…", size, Weight::Bold) > room
        {
            out.pop();
            break;
        }
    }
    out.push('…');
    out
}

/// Column ranges `[a, b)` of at most `fits` columns: whole stages together while they fit,
/// a stage wider than a page cut between its steps.
fn column_ranges(grid: &super::scene::Grid, fits: usize) -> Vec<(usize, usize)> {
    let mut ranges = Vec::new();
    let (mut start, mut end) = (0usize, 0usize);
    for stage in &grid.stages {
        let n = stage.columns;
        if end > start && end - start + n > fits {
            ranges.push((start, end));
            start = end;
        }
        let stage_end = end + n;
        while stage_end - start > fits {
            ranges.push((start, start + fits));
            start += fits;
        }
        end = stage_end;
    }
    if end > start {
        ranges.push((start, end));
    }
    ranges
}

/// The stages columns `[a, b)` show: "Arrive · Pay", with "(part 2 of 3)" for a stage cut
/// across pages.
/// A page holds `fits` columns.
fn stage_names(grid: &super::scene::Grid, a: usize, b: usize, fits: usize) -> String {
    let mut names = Vec::new();
    let mut first = 0usize;
    for stage in &grid.stages {
        let last = first + stage.columns;
        if first < b && last > a {
            if a <= first && last <= b {
                names.push(stage.name.clone());
            } else {
                let fits = fits.max(1);
                let parts = stage.columns.div_ceil(fits).max(2);
                let part = (a.max(first) - first) / fits + 1;
                names.push(format!(
                    "{} (part {} of {parts})",
                    stage.name,
                    part.min(parts)
                ));
            }
        }
        first = last;
    }
    names.join(" · ")
}

/// The caption line of a page, in page points: "Title — Stage · Stage" on the left (cut
/// short with "…" when it would reach the page number), "2 / 5" on the right.
fn caption(
    title: &str,
    stages: &str,
    number: usize,
    count: usize,
    page_w: f64,
    p: &theme::Palette,
) -> Vec<Item> {
    let baseline = MARGIN + CAPTION_SIZE;
    let numbering = format!("{number} / {count}");
    let number_w = text::measure(&numbering, CAPTION_SIZE, Weight::Regular);
    let left = if stages.is_empty() {
        title.to_string()
    } else {
        format!("{title} — {stages}")
    };
    let room = page_w - 2.0 * MARGIN - number_w - 18.0;
    let left = fit(&text::clean(&left), room);
    let line = |content: String, x: f64, anchor: Anchor, weight: Weight| {
        let width = round(text::measure(&content, CAPTION_SIZE, weight));
        let bx = if anchor == Anchor::End { x - width } else { x };
        let bounds = Rect::new(bx, MARGIN, width, text::line_height(CAPTION_SIZE));
        Item::Text(TextItem {
            bounds,
            cell: Rect::new(MARGIN, MARGIN, page_w - 2.0 * MARGIN, CAPTION),
            size: CAPTION_SIZE,
            weight,
            color: p.muted,
            anchor,
            lines: vec![TextLine {
                text: content,
                x: round(x),
                y: round(baseline),
                width,
            }],
        })
    };
    vec![
        line(left, MARGIN, Anchor::Start, Weight::Bold),
        line(numbering, page_w - MARGIN, Anchor::End, Weight::Regular),
        super::blocks::line(
            MARGIN,
            MARGIN + CAPTION - 6.0,
            page_w - MARGIN,
            MARGIN + CAPTION - 6.0,
            p.border,
            0.75,
        ),
    ]
}

/// `text` cut short with "…" to fit `room` points at the caption's size.
fn fit(text: &str, room: f64) -> String {
    fit_to(text, CAPTION_SIZE, room)
}

/// The Scene's items with their boxes, found once, so that each page picks its own without
/// measuring every item again (a 5,000-step map has hundreds of pages).
pub struct PaneIndex<'s> {
    items: Vec<(Rect, &'s Item)>,
    /// The items no wider than [`NARROW`], by their left edge: a pane looks only at those
    /// that start less than `NARROW` before it, so pages cost their own items, not the
    /// whole journey's each (a 5,000-step map has a thousand pages).
    narrow_by_x: Vec<usize>,
    /// The wider ones (bands, lanes, curves), few, looked at for every pane.
    wide: Vec<usize>,
}

/// The width under which an item is found by its left edge alone (diagram units).
const NARROW: f64 = 1_000.0;

impl<'s> PaneIndex<'s> {
    pub fn new(scene: &'s Scene) -> PaneIndex<'s> {
        let items: Vec<(Rect, &'s Item)> = scene
            .bands
            .iter()
            .flat_map(|band| &band.items)
            .filter_map(|item| Some((item.extent()?, item)))
            .collect();
        let (mut narrow_by_x, wide): (Vec<usize>, Vec<usize>) =
            (0..items.len()).partition(|&i| items[i].0.w <= NARROW);
        narrow_by_x.sort_by(|&a, &b| items[a].0.x.total_cmp(&items[b].0.x));
        PaneIndex {
            items,
            narrow_by_x,
            wide,
        }
    }

    /// The items that fall (even partly) in `pane`, in drawing order. A long curve is cut to
    /// the segments near the pane, so a page does not carry the whole journey's curve.
    pub fn items(&self, pane: &Pane) -> Vec<Cow<'s, Item>> {
        let s = pane.source;
        let first = self
            .narrow_by_x
            .partition_point(|&i| self.items[i].0.x < s.x - NARROW);
        let last = self
            .narrow_by_x
            .partition_point(|&i| self.items[i].0.x <= s.right());
        let mut found: Vec<usize> = self.narrow_by_x[first..last]
            .iter()
            .chain(&self.wide)
            .copied()
            .filter(|&i| {
                let r = self.items[i].0;
                r.x <= s.right() && r.right() >= s.x && r.y <= s.bottom() && r.bottom() >= s.y
            })
            .collect();
        found.sort_unstable();
        found
            .into_iter()
            .map(|i| {
                let (r, item) = self.items[i];
                match item {
                    Item::Path(path) if r.w > 2.0 * s.w => Cow::Owned(Item::Path(PathItem {
                        d: trim_path(&path.d, s.x, s.right()),
                        ..path.clone()
                    })),
                    _ => Cow::Borrowed(item),
                }
            })
            .collect()
    }
}

/// Path data (absolute `M`, then `L` or `C` segments, as the layout writes them) cut to the
/// segments that reach into `x0..x1`: it starts with a move to the end of the last segment
/// before them. Data of any other shape comes back whole.
fn trim_path(d: &str, x0: f64, x1: f64) -> String {
    let tokens: Vec<&str> = d.split_ascii_whitespace().collect();
    let mut segments: Vec<(&str, Vec<f64>)> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let (command, arity) = match tokens[i] {
            "M" | "L" => (tokens[i], 2),
            "C" => (tokens[i], 6),
            _ => return d.to_string(),
        };
        let Some(numbers) = tokens.get(i + 1..i + 1 + arity).and_then(|t| {
            t.iter()
                .map(|n| n.parse::<f64>().ok())
                .collect::<Option<Vec<_>>>()
        }) else {
            return d.to_string();
        };
        if command == "M" && !segments.is_empty() {
            // A path of several pieces: keep it whole.
            return d.to_string();
        }
        segments.push((command, numbers));
        i += 1 + arity;
    }
    let mut out = String::new();
    let mut pen: Option<(f64, f64)> = None;
    for (command, numbers) in &segments {
        let end = (numbers[numbers.len() - 2], numbers[numbers.len() - 1]);
        if *command == "M" {
            pen = Some(end);
            continue;
        }
        let start = pen.unwrap_or(end);
        let xs = numbers.iter().step_by(2).copied().chain([start.0]);
        let (lo, hi) = xs.fold((f64::MAX, f64::MIN), |(lo, hi), x| (lo.min(x), hi.max(x)));
        if hi >= x0 && lo <= x1 {
            if out.is_empty() {
                out.push_str(&format!("M {} {}", num(start.0), num(start.1)));
            }
            out.push(' ');
            out.push_str(command);
            for n in numbers {
                out.push(' ');
                out.push_str(&num(*n));
            }
        }
        pen = Some(end);
    }
    if out.is_empty() { d.to_string() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::scene::{Grid, GridStage};

    fn grid(stages: &[usize]) -> Grid {
        Grid {
            left: 180.0,
            column_width: 208.0,
            stages: stages
                .iter()
                .enumerate()
                .map(|(i, n)| GridStage {
                    name: format!("S{i}"),
                    columns: *n,
                })
                .collect(),
        }
    }

    #[test]
    fn pages_break_between_stages_and_cut_a_wide_stage_between_steps() {
        assert_eq!(column_ranges(&grid(&[2, 2, 3]), 4), [(0, 4), (4, 7)]);
        assert_eq!(column_ranges(&grid(&[2, 3, 1]), 4), [(0, 2), (2, 6)]);
        assert_eq!(column_ranges(&grid(&[9]), 4), [(0, 4), (4, 8), (8, 9)]);
        assert_eq!(
            column_ranges(&grid(&[1, 9, 1]), 4),
            [(0, 1), (1, 5), (5, 9), (9, 11)]
        );
        assert_eq!(stage_names(&grid(&[2, 2, 3]), 0, 4, 4), "S0 · S1");
        assert_eq!(stage_names(&grid(&[9]), 4, 8, 4), "S0 (part 2 of 3)");
        assert_eq!(stage_names(&grid(&[9]), 8, 9, 4), "S0 (part 3 of 3)");
        assert_eq!(
            stage_names(&grid(&[1, 9, 1]), 9, 11, 4),
            "S1 (part 3 of 3) · S2"
        );
    }

    #[test]
    fn a_long_curve_is_cut_to_the_page() {
        let d = "M 0 5 C 1 5 2 5 10 5 C 11 5 12 5 20 5 C 21 5 22 5 30 5";
        assert_eq!(trim_path(d, 12.0, 18.0), "M 10 5 C 11 5 12 5 20 5");
        assert_eq!(trim_path(d, 100.0, 200.0), d, "nothing near: left whole");
        assert_eq!(trim_path("M 0 0 Q 1 1 2 2", 0.0, 1.0), "M 0 0 Q 1 1 2 2");
    }

    #[test]
    fn captions_are_cut_short_to_fit() {
        let long = "word ".repeat(200);
        let p = theme::ThemeName::Light.palette();
        let items = caption(&long, "S0", 2, 9, 595.0, p);
        let Item::Text(t) = &items[0] else { panic!() };
        assert!(t.lines[0].text.ends_with('…'));
        assert!(t.bounds.right() < 595.0 - MARGIN - 20.0, "{:?}", t.bounds);
        let Item::Text(n) = &items[1] else { panic!() };
        assert_eq!(n.lines[0].text, "2 / 9");
    }
}
