//! Paper pages (`render --page`): on every example, stress map and generated map, at every
//! paper size and orientation, in both views and themes, every page keeps its panes inside
//! its margins and apart, draws body text at 8 pt or more (the empathy view stacks its card
//! above its quadrants on narrow paper to keep it so), and between them the pages show
//! every text block of the diagram whole (nothing is cut off at a page edge or lost).

mod common;
mod render_support;

use render_support::parse;

use journeymap::layout::paper::{self, MIN_SCALE, PageSize, Paper, Sheet};
use journeymap::layout::scene::{Item, Rect, Scene};
use journeymap::layout::{self, RenderOptions, ThemeName, View};
use journeymap::model::JourneyMap;

fn sizes() -> Vec<PageSize> {
    Paper::ALL
        .iter()
        .flat_map(|&paper| [false, true].map(|landscape| PageSize { paper, landscape }))
        .collect()
}

/// The page's printable area: inside the 10 mm margins, below the caption.
fn printable(sheet: &Sheet) -> Rect {
    let m = 28.35;
    Rect::new(
        m,
        m + 22.0,
        sheet.width - 2.0 * m,
        sheet.height - 2.0 * m - 22.0,
    )
}

fn texts(scene: &Scene) -> Vec<&journeymap::layout::scene::TextItem> {
    scene.texts()
}

fn assert_pages_sound(name: &str, scene: &Scene, size: PageSize) {
    let sheets = paper::paginate(scene, size);
    let what = format!(
        "{name} {:?} {}",
        size.paper,
        if size.landscape {
            "landscape"
        } else {
            "portrait"
        }
    );
    assert!(!sheets.is_empty(), "{what}: no pages");
    let (w, h) = size.points();
    for sheet in &sheets {
        assert_eq!((sheet.width, sheet.height), (w, h));
        assert_eq!(sheet.count, sheets.len());
        let area = printable(sheet);
        for (i, pane) in sheet.panes.iter().enumerate() {
            let frame = pane.frame();
            assert!(
                area.contains(&frame),
                "{what}: page {} pane {i} {frame:?} leaves the printable area {area:?}",
                sheet.number
            );
            for other in &sheet.panes[i + 1..] {
                assert!(
                    !frame.overlaps(&other.frame()),
                    "{what}: page {}: panes {frame:?} and {:?} overlap",
                    sheet.number,
                    other.frame()
                );
            }
            assert!(
                pane.scale + 1e-9 >= MIN_SCALE,
                "{what}: scale {}",
                pane.scale
            );
        }
        for item in &sheet.caption {
            if let Item::Text(t) = item {
                assert!(t.size >= 8.0);
                assert!(area.x <= t.bounds.x && t.bounds.right() <= area.right() + 0.01);
            }
        }
    }
    // Every text block is drawn whole in some pane, at 8 pt or more.
    let panes: Vec<_> = sheets.iter().flat_map(|s| &s.panes).collect();
    for t in texts(scene) {
        if t.lines.is_empty() || t.bounds.w == 0.0 {
            continue;
        }
        let home = panes.iter().find(|p| p.source.contains(&t.bounds));
        let Some(pane) = home else {
            panic!(
                "{what}: the text {:?} at {:?} is on no page whole",
                t.lines[0].text, t.bounds
            );
        };
        assert!(
            t.size * pane.scale >= 8.0 - 1e-9,
            "{what}: {:?} is set at {} pt",
            t.lines[0].text,
            t.size * pane.scale
        );
    }
}

fn views() -> Vec<RenderOptions> {
    let mut all = Vec::new();
    for theme in [ThemeName::Light, ThemeName::Dark] {
        for view in [View::Journey, View::Empathy] {
            all.push(RenderOptions {
                view,
                theme,
                ..RenderOptions::default()
            });
        }
    }
    all
}

fn check_map(name: &str, map: &JourneyMap) {
    for size in sizes() {
        for options in views() {
            if options.view == View::Empathy && map.personas.is_empty() {
                continue;
            }
            let options = RenderOptions {
                paper: Some(size),
                ..options
            };
            let scene = layout::layout(map, &options).unwrap();
            // The title and legend are laid out to fit a page.
            assert!(
                layout::layout_problems(&scene).is_empty(),
                "{name}: {:?}",
                layout::layout_problems(&scene)
            );
            assert_pages_sound(name, &scene, size);
        }
    }
}

#[test]
fn every_example_is_cut_into_sound_pages() {
    for (name, map) in common::example_maps() {
        check_map(&name, &map);
    }
}

#[test]
fn stress_maps_are_cut_into_sound_pages() {
    for (name, text) in render_support::stress_maps() {
        check_map(name, &parse(name, &text));
    }
}

#[test]
fn a_generated_map_is_cut_into_sound_pages() {
    let map = parse("generated", &render_support::generated_map(120));
    check_map("generated-120", &map);
}

/// Pages break between stages: a page's columns are whole stages, unless one stage is wider
/// than a page; and the caption names the stages a page shows.
#[test]
fn pages_break_between_stages() {
    for (name, map) in common::example_maps() {
        let size = PageSize {
            paper: Paper::A3,
            landscape: true,
        };
        let scene = layout::layout(
            &map,
            &RenderOptions {
                paper: Some(size),
                ..RenderOptions::default()
            },
        )
        .unwrap();
        let grid = scene.grid.as_ref().unwrap();
        let mut edges = vec![grid.column_x(0)];
        let mut at = 0;
        for stage in &grid.stages {
            at += stage.columns;
            edges.push(grid.column_x(at));
        }
        let sheets = paper::paginate(&scene, size);
        let fits = sheets
            .iter()
            .flat_map(|s| &s.panes)
            .filter(|p| p.source.x >= grid.left)
            .map(|p| ((p.source.w - 1.0) / grid.column_width).round() as usize)
            .max()
            .unwrap();
        for sheet in &sheets {
            let caption: String = sheet
                .caption
                .iter()
                .filter_map(|i| match i {
                    Item::Text(t) => Some(t.lines[0].text.clone()),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join(" ");
            assert!(
                caption.contains(&format!("{} / {}", sheet.number, sheet.count)),
                "{caption}"
            );
            for pane in sheet.panes.iter().filter(|p| p.source.x >= grid.left) {
                let left = pane.source.x;
                let widest = grid.stages.iter().map(|s| s.columns).max().unwrap();
                if widest <= fits {
                    assert!(
                        edges.iter().any(|e| (e - left).abs() < 0.01),
                        "{name}: page {} starts inside a stage at {left}",
                        sheet.number
                    );
                }
            }
        }
    }
}

/// `--wrap`: a long strip of a journey becomes rows of stages on one sheet, closer to a
/// landscape page's shape; every text block is shown whole in a row, and rows do not overlap.
#[test]
fn a_wide_journey_wraps_into_rows() {
    let maps = render_support::stress_maps();
    let (_, text) = maps.iter().find(|(n, _)| *n == "sixty-steps").unwrap();
    let map = parse("sixty", text);
    let plan = layout::Plan::new(&map, &RenderOptions::default()).unwrap();
    let strip = plan.scene();
    let wrapped = plan.wrapped().expect("sixty steps in a row is a strip");
    let columns = wrapped.options().wrap.unwrap();
    assert!(columns > 1 && columns < 60, "{columns} columns a row");
    let scene = wrapped.scene();
    assert!(layout::layout_problems(&scene).is_empty());
    let sheet = paper::wrap(&scene, columns).unwrap();
    let shape = |w: f64, h: f64| ((w / h) / std::f64::consts::SQRT_2).ln().abs();
    assert!(shape(sheet.width, sheet.height) < shape(strip.width, strip.height));
    // Every row after the first names the stage it continues.
    let rows = sheet.panes.iter().filter(|p| p.source.x >= 180.0).count();
    let continued = sheet
        .caption
        .iter()
        .filter(|i| matches!(i, Item::Text(t) if t.lines[0].text == "\u{2026} The only stage"))
        .count();
    assert_eq!(continued, rows - 1, "{:?}", sheet.caption);
    let whole = Rect::new(0.0, 0.0, sheet.width, sheet.height);
    for (i, pane) in sheet.panes.iter().enumerate() {
        assert!(whole.contains(&pane.frame()), "pane {i} leaves the sheet");
        for other in &sheet.panes[i + 1..] {
            assert!(!pane.frame().overlaps(&other.frame()), "panes overlap");
        }
    }
    for t in scene.texts() {
        if t.lines.is_empty() || t.bounds.w == 0.0 {
            continue;
        }
        assert!(
            sheet.panes.iter().any(|p| p.source.contains(&t.bounds)),
            "{:?} is in no row whole",
            t.lines[0].text
        );
    }
    // A journey one row holds best is not wrapped.
    let grocery = common::example_maps().into_iter().next().unwrap().1;
    let plan = layout::Plan::new(&grocery, &RenderOptions::default()).unwrap();
    assert!(plan.wrapped().is_none());
}
