//! Rendering benchmarks: layout, SVG, HTML and PNG of a real example and of generated maps.
//!
//! ```sh
//! cargo bench --bench render
//! ```
//!
//! Whole-process timings (the 5,000-step target) are measured on the release binary with
//! hyperfine; `tests/render_gen.rs` writes the generated maps for that.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use journeymap::layout::{self, RenderOptions};
use journeymap::model::JourneyMap;
use journeymap::render::{self, Format, Request, svg};

#[path = "../tests/render_support/mod.rs"]
mod render_support;

fn load(name: &str, text: String) -> JourneyMap {
    let file = journeymap::source::SourceFile::new(name, None, text);
    let checked = journeymap::validate::check_file(
        &file,
        &journeymap::validate::Options::default(),
        &journeymap::validate::Config::default(),
    );
    assert!(!checked.has_errors(), "{name} has errors");
    checked.map.expect("a valid map")
}

fn benches(c: &mut Criterion) {
    let root = env!("CARGO_MANIFEST_DIR");
    let example = load(
        "grocery-checkout",
        std::fs::read_to_string(format!("{root}/examples/grocery-checkout.journey.yaml"))
            .expect("the example"),
    );
    let options = RenderOptions::default();
    c.bench_function("layout grocery-checkout", |b| {
        b.iter(|| layout::layout(black_box(&example), &options).unwrap())
    });
    let scene = layout::layout(&example, &options).unwrap();
    c.bench_function("svg grocery-checkout", |b| {
        b.iter(|| svg::to_svg(black_box(&scene), svg::SvgOptions::default()))
    });
    let request = Request {
        source: "grocery-checkout.journey.yaml",
        ..Request::default()
    };
    let plan = layout::Plan::new(&example, &options).unwrap();
    c.bench_function("html grocery-checkout", |b| {
        b.iter(|| render::render(black_box(&plan), Format::Html, &request).unwrap())
    });
    let mut slow = c.benchmark_group("slow");
    slow.sample_size(10);
    slow.bench_function("png grocery-checkout", |b| {
        b.iter(|| render::render(black_box(&plan), Format::Png, &request).unwrap())
    });
    let big = load("generated-5000", render_support::generated_map(5_000));
    let big = layout::Plan::new(&big, &options).unwrap();
    slow.bench_function("layout+svg 5000 steps", |b| {
        b.iter(|| render::render(black_box(&big), Format::Svg, &request).unwrap())
    });
    slow.finish();
}

criterion_group!(render_benches, benches);
criterion_main!(render_benches);
