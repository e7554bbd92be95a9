//! Golden tests of `journeymap render`: the Scene (as JSON) and the SVG of every example, of
//! each lane on its own, of each kind, view and theme. Every SVG must parse as XML and carry
//! its accessible name; the fast SVG writer must produce the same bytes as the `svg` crate.
//!
//! New output is accepted only with JOURNEYMAP_BLESS=1 (then review the diff).

mod common;
mod render_support;
mod svg_oracle;

use std::path::Path;

use journeymap::layout::{self, Lane, RenderOptions, Scene, ThemeName, View};
use journeymap::model::JourneyMap;
use journeymap::render::svg::{SvgOptions, to_svg};
use svg_oracle::to_svg_with_crate;

fn load(path: &Path) -> JourneyMap {
    let checked = journeymap::validate::check_path(
        path,
        &journeymap::validate::Options::default(),
        &journeymap::validate::Config::default(),
    )
    .unwrap();
    assert!(!checked.has_errors(), "{} has errors", path.display());
    checked.map.unwrap()
}

fn fixture(name: &str) -> JourneyMap {
    load(&common::fixture(&format!("render/{name}.journey.yaml")))
}

/// Checks the SVG is well-formed XML with an accessible name, and returns it parsed.
fn assert_valid_svg(svg: &str, context: &str) {
    let doc = roxmltree::Document::parse(svg)
        .unwrap_or_else(|e| panic!("{context}: the SVG is not valid XML: {e}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg", "{context}");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    assert_eq!(root.attribute("role"), Some("img"), "{context}");
    let labelled = root.attribute("aria-labelledby").unwrap();
    for id in labelled.split(' ') {
        let node = doc
            .descendants()
            .find(|n| n.attribute("id") == Some(id))
            .unwrap_or_else(|| panic!("{context}: no element with id {id}"));
        assert!(
            matches!(node.tag_name().name(), "title" | "desc"),
            "{context}"
        );
        assert!(
            !node.text().unwrap_or("").trim().is_empty(),
            "{context}: empty {id}"
        );
    }
    // Self-contained: no scripts, no external references, no style attributes.
    for node in doc.descendants().filter(|n| n.is_element()) {
        assert_ne!(node.tag_name().name(), "script", "{context}");
        assert_ne!(node.tag_name().name(), "image", "{context}");
        for attr in node.attributes() {
            assert!(
                !attr.name().starts_with("on") && attr.name() != "href" && attr.name() != "style",
                "{context}: attribute {}",
                attr.name()
            );
        }
    }
}

/// Compares the Scene JSON and SVG of `scene` with `tests/golden/render/<name>.*`.
fn check(name: &str, scene: &Scene) {
    let problems = layout::layout_problems(scene);
    assert!(problems.is_empty(), "{name}:\n{}", problems.join("\n"));
    let svg = to_svg(scene, SvgOptions::default());
    assert_valid_svg(&svg, name);
    assert_eq!(
        svg,
        to_svg_with_crate(scene, SvgOptions::default()),
        "{name}: the SVG writer differs from the svg crate's"
    );
    common::assert_golden(
        &format!("golden/render/{name}.scene.json"),
        &scene.to_json(),
    );
    common::assert_golden(&format!("golden/render/{name}.svg"), &svg);
}

fn draw(map: &JourneyMap, options: RenderOptions) -> Scene {
    let first = layout::layout(map, &options).unwrap();
    // Byte-identical from run to run within a process too.
    let second = layout::layout(map, &options).unwrap();
    assert_eq!(first.to_json(), second.to_json());
    first
}

#[test]
fn examples() {
    let mut paths: Vec<_> = std::fs::read_dir(common::root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".journey.yaml"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 5);
    for path in paths {
        let name = path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .trim_end_matches(".journey.yaml")
            .to_string();
        let map = load(&path);
        check(
            &format!("examples/{name}"),
            &draw(&map, RenderOptions::default()),
        );
    }
}

#[test]
fn each_lane_on_its_own() {
    let map = fixture("all-lanes");
    for lane in Lane::DEFAULT_ORDER {
        let scene = draw(
            &map,
            RenderOptions {
                lanes: Some(vec![lane]),
                ..RenderOptions::default()
            },
        );
        let drawn: Vec<_> = scene.bands.iter().filter_map(|b| b.lane).collect();
        assert_eq!(drawn, vec![lane], "the fixture has content for every lane");
        check(&format!("lanes/{}", lane.name()), &scene);
    }
}

#[test]
fn lanes_follow_the_requested_order() {
    let map = fixture("all-lanes");
    let order = vec![Lane::PainPoints, Lane::Steps, Lane::Emotion];
    let scene = draw(
        &map,
        RenderOptions {
            lanes: Some(order.clone()),
            ..RenderOptions::default()
        },
    );
    let drawn: Vec<_> = scene.bands.iter().filter_map(|b| b.lane).collect();
    assert_eq!(drawn, order);
}

#[test]
fn kinds() {
    check(
        "kinds/journey",
        &draw(&fixture("all-lanes"), RenderOptions::default()),
    );
    let blueprint = draw(&fixture("blueprint"), RenderOptions::default());
    let lines: Vec<&str> = blueprint
        .bands
        .iter()
        .filter(|b| b.kind == layout::scene::BandKind::BlueprintLine)
        .map(|b| b.id.as_str())
        .collect();
    assert_eq!(
        lines,
        [
            "line-of-interaction",
            "line-of-visibility",
            "line-of-internal-interaction"
        ]
    );
    check("kinds/service-blueprint", &blueprint);
    let day = draw(&fixture("day"), RenderOptions::default());
    assert!(day.bands.iter().any(|b| b.lane == Some(Lane::Time)));
    let times: Vec<&str> = day
        .texts()
        .iter()
        .flat_map(|t| t.lines.iter())
        .map(|l| l.text.as_str())
        .filter(|t| t.len() == 5 && t.as_bytes()[2] == b':')
        .collect();
    for time in ["19:10", "20:00", "23:00", "03:40"] {
        assert!(
            times.contains(&time),
            "{time} is not on the axis: {times:?}"
        );
    }
    check("kinds/day-in-the-life", &day);
}

#[test]
fn views() {
    let map = fixture("all-lanes");
    let empathy = draw(
        &map,
        RenderOptions {
            view: View::Empathy,
            ..RenderOptions::default()
        },
    );
    check("views/empathy", &empathy);
    let persona = draw(
        &map,
        RenderOptions {
            persona: Some("carer".into()),
            ..RenderOptions::default()
        },
    );
    // Tom does not upload proof of address (a resident-only step).
    let text: String = persona
        .texts()
        .iter()
        .flat_map(|t| t.lines.iter())
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(!text.contains("Uploads proof"));
    assert!(text.contains("Visits the council office"));
    check("views/persona-carer", &persona);
    check(
        "views/empathy-one-persona",
        &draw(
            &map,
            RenderOptions {
                view: View::Empathy,
                persona: Some("resident".into()),
                ..RenderOptions::default()
            },
        ),
    );
}

#[test]
fn themes() {
    let map = fixture("all-lanes");
    for theme in [ThemeName::Light, ThemeName::Dark] {
        check(
            &format!("themes/{}", theme.as_str()),
            &draw(
                &map,
                RenderOptions {
                    theme,
                    ..RenderOptions::default()
                },
            ),
        );
    }
    check(
        "themes/dark-blueprint",
        &draw(
            &fixture("blueprint"),
            RenderOptions {
                theme: ThemeName::Dark,
                ..RenderOptions::default()
            },
        ),
    );
}

#[test]
fn hostile_text_is_escaped_in_the_svg() {
    let scene = draw(&fixture("hostile"), RenderOptions::default());
    check("hostile/journey", &scene);
    let svg = to_svg(&scene, SvgOptions::default());
    assert!(!svg.contains("<script"));
    assert!(!svg.contains("<img"));
    assert!(!svg.contains("<iframe"));
    assert!(svg.contains("&lt;script&gt;"));
    // Control characters never reach the XML.
    assert!(!svg.contains('\u{1}'));
}

#[test]
fn unknown_persona_is_an_error_naming_the_valid_ones() {
    let map = fixture("all-lanes");
    let err = layout::layout(
        &map,
        &RenderOptions {
            persona: Some("residnt".into()),
            ..RenderOptions::default()
        },
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("unknown persona `residnt`"), "{err}");
    assert!(err.contains("resident, carer"), "{err}");
    assert!(err.contains("did you mean `resident`"), "{err}");
}

#[test]
fn streaming_svg_is_the_same_as_the_scene_svg() {
    for name in ["all-lanes", "blueprint", "day", "hostile"] {
        let map = fixture(name);
        for options in [
            RenderOptions::default(),
            RenderOptions {
                theme: ThemeName::Dark,
                persona: (name == "all-lanes").then(|| "resident".to_string()),
                ..RenderOptions::default()
            },
        ] {
            let scene = layout::layout(&map, &options).unwrap();
            assert_eq!(
                streamed(&map, &options),
                to_svg(&scene, SvgOptions::default()),
                "{name}"
            );
            let mut headless = scene.clone();
            headless.drop_header();
            assert_eq!(
                streamed_as(&map, &options, true),
                to_svg(&headless, SvgOptions::default()),
                "{name} without its header"
            );
        }
    }
}

/// A generated map just over `LANE_BY_LANE_ABOVE_STEPS` steps, where `render` starts to stream.
fn big_map() -> JourneyMap {
    let steps = layout::LANE_BY_LANE_ABOVE_STEPS + 10;
    let text = render_support::generated_map(steps);
    let file = journeymap::source::SourceFile::new("big.journey.yaml", None, text);
    let checked = journeymap::validate::check_file(
        &file,
        &journeymap::validate::Options::default(),
        &journeymap::validate::Config::default(),
    );
    checked.map.expect("the generated map is valid")
}

/// Above `LANE_BY_LANE_ABOVE_STEPS` steps the lanes are laid out one at a time and `render` streams
/// the SVG: the bytes must not change.
#[test]
fn big_maps_stream_the_same_bytes() {
    let map = big_map();
    let options = RenderOptions {
        lanes: Some(vec![Lane::Steps, Lane::Emotion, Lane::PainPoints]),
        ..RenderOptions::default()
    };
    let scene = layout::layout(&map, &options).unwrap();
    assert!(streamed(&map, &options) == to_svg(&scene, SvgOptions::default()));
}

/// A big map's HTML page streams its two diagrams (without their header bands) through
/// temporary files: each must be exactly the diagram the in-memory path draws.
#[test]
fn big_maps_stream_the_same_html_diagrams() {
    let map = big_map();
    let options = RenderOptions {
        lanes: Some(vec![Lane::Emotion, Lane::PainPoints]),
        ..RenderOptions::default()
    };
    let request = journeymap::render::Request {
        source: "big.journey.yaml",
        ..journeymap::render::Request::default()
    };
    let plan = layout::Plan::new(&map, &options).unwrap();
    assert!(plan.streams(), "the map is big enough to stream");
    let page = journeymap::render::render(&plan, journeymap::render::Format::Html, &request)
        .expect("the page");
    let page = String::from_utf8(page).unwrap();
    assert!(
        !page.contains('\u{1}'),
        "a diagram marker was left in the page"
    );
    for theme in [ThemeName::Light, ThemeName::Dark] {
        let options = RenderOptions {
            theme,
            ..options.clone()
        };
        let mut scene = layout::layout(&map, &options).unwrap();
        scene.drop_header();
        let prefix = format!("jm-{}", theme.as_str());
        let svg = to_svg(
            &scene,
            SvgOptions {
                id_prefix: &prefix,
                xml_declaration: false,
            },
        );
        assert_eq!(page.matches(&svg).count(), 1, "{theme:?} diagram");
    }
}

/// The journey view written band by band through a spool file, as `render` does for big maps.
fn streamed(map: &journeymap::model::JourneyMap, options: &RenderOptions) -> String {
    streamed_as(map, options, false)
}

/// [`streamed`], optionally without the header band (as the HTML page draws it).
fn streamed_as(
    map: &journeymap::model::JourneyMap,
    options: &RenderOptions,
    without_header: bool,
) -> String {
    let mut out = Vec::new();
    let spool = tempfile::tempfile().unwrap();
    journeymap::render::svg::journey_svg_streaming(
        &layout::Plan::new(map, options).unwrap(),
        SvgOptions::default(),
        without_header,
        spool,
        &mut out,
    )
    .unwrap();
    String::from_utf8(out).unwrap()
}
