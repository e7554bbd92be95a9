//! `journeymap render`: a map that `check` accepts must draw. The SVG must be well-formed XML
//! (map text is escaped), HTML must be written, and a small map (at most 8 steps; bigger ones
//! are skipped for speed) must rasterise to PNG. The empathy view is drawn too when the map has
//! personas.
#![no_main]

use journeymap::layout::{Plan, RenderOptions, View};
use journeymap::render::{Format, Request, render};
use libfuzzer_sys::fuzz_target;

#[path = "../common/mod.rs"]
mod common;

/// Rasterising is pixel work that the fuzzer's instrumentation slows about twenty-fold: the
/// 16- to 29-step examples took 5 to 9 s each for their PNG alone, next to the 10 s a unit may
/// take (the CI smoke reported the contact-centre example as a slow unit at 12 s). The tests
/// draw every example's PNG in an ordinary build.
const PNG_MAX_STEPS: usize = 8;

/// Runs `f`; with `JM_FUZZ_VERBOSE` set, prints how long it took (to see which stage a slow
/// input spends its time in).
fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let start = std::time::Instant::now();
    let out = f();
    if common::verbose() {
        eprintln!("{what}: {:?}", start.elapsed());
    }
    out
}

fn svg(plan: &Plan<'_>, request: &Request<'_>, what: &str) {
    let bytes = render(plan, Format::Svg, request)
        .unwrap_or_else(|e| panic!("a map that passes check does not draw ({what}): {e}"));
    let text =
        String::from_utf8(bytes).unwrap_or_else(|e| panic!("the SVG ({what}) is not UTF-8: {e}"));
    if let Err(e) = roxmltree::Document::parse(&text) {
        panic!(
            "the SVG ({what}) is not well-formed XML: {e}\n{}",
            text.escape_debug()
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let Some(file) = common::decode("fuzz.journey.yaml", data) else {
        return;
    };
    let checked = timed("check", || common::check(&file));
    if checked.has_errors() {
        return;
    }
    let Some(map) = &checked.map else {
        return;
    };
    let request = Request {
        source: "fuzz.journey.yaml",
        ..Request::default()
    };
    let plan = Plan::new(map, &RenderOptions::default())
        .unwrap_or_else(|e| panic!("a map that passes check cannot be laid out: {e}"));
    timed("svg", || svg(&plan, &request, "journey view"));
    if let Err(e) = timed("html", || render(&plan, Format::Html, &request)) {
        panic!("a map that passes check does not draw as HTML: {e}");
    }
    if map.steps().count() <= PNG_MAX_STEPS {
        match timed("png", || render(&plan, Format::Png, &request)) {
            Ok(png) => assert!(png.starts_with(b"\x89PNG"), "the PNG has no PNG signature"),
            Err(e) => panic!("a map that passes check does not draw as PNG: {e}"),
        }
    }
    if !map.personas.is_empty() {
        let empathy = RenderOptions {
            view: View::Empathy,
            ..RenderOptions::default()
        };
        let empathy = Plan::new(map, &empathy)
            .unwrap_or_else(|e| panic!("a map that passes check has no empathy view: {e}"));
        timed("empathy svg", || svg(&empathy, &request, "empathy view"));
    }
});
