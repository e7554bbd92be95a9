//! Benchmarks of `journeymap diff` on two generated 5,000-step maps (50 stages of 100 steps,
//! three personas; the new map renames, rescores, removes and adds about a tenth of the
//! steps). The in-process benchmarks use the rich density (every step has pain points,
//! opportunities, thoughts and two touchpoints).
//!
//! `cargo bench --bench diff` measures the diff itself and every report. It also writes the
//! maps, at a typical and a rich density, to `$TMPDIR/journeymap-diff-bench/` so that the
//! whole process can be timed:
//!
//! ```sh
//! cargo build --release
//! time target/release/journeymap diff /tmp/journeymap-diff-bench/old.journey.yaml \
//!     /tmp/journeymap-diff-bench/new.journey.yaml --format json > /dev/null
//! ```

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use journeymap::model::JourneyMap;
use journeymap::source::SourceFile;
use journeymap::validate::{self, Config, Options};

#[path = "support/diff_maps.rs"]
mod diff_maps;
use diff_maps::{Density, STAGES, STEPS_PER_STAGE, generate};

fn load(name: &str, text: String) -> JourneyMap {
    let file: Arc<SourceFile> = SourceFile::new(name, None, text);
    let checked = validate::check_file(&file, &Options::default(), &Config::default());
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics.first());
    checked.map.expect("a valid map")
}

fn bench(c: &mut Criterion) {
    // Both densities go to $TMPDIR/journeymap-diff-bench/ for timing the whole process.
    let dir = std::env::temp_dir().join("journeymap-diff-bench");
    let _ = std::fs::create_dir_all(&dir);
    for (density, prefix) in [(Density::Typical, ""), (Density::Rich, "rich-")] {
        let _ = std::fs::write(
            dir.join(format!("{prefix}old.journey.yaml")),
            generate(density, false),
        );
        let _ = std::fs::write(
            dir.join(format!("{prefix}new.journey.yaml")),
            generate(density, true),
        );
    }
    let old = load("old.journey.yaml", generate(Density::Rich, false));
    let new = load("new.journey.yaml", generate(Density::Rich, true));
    assert_eq!(old.steps().count(), STAGES * STEPS_PER_STAGE);

    let mut group = c.benchmark_group("diff-5000-steps");
    group.sample_size(20);
    group.bench_function("diff", |b| {
        b.iter(|| journeymap::diff::diff("old", black_box(&old), "new", black_box(&new)))
    });
    let d = journeymap::diff::diff("old", &old, "new", &new).with_curve(&old, &new);
    group.bench_function("human", |b| {
        b.iter(|| journeymap::diff::human::render(black_box(&d), false))
    });
    group.bench_function("markdown", |b| {
        b.iter(|| journeymap::diff::markdown::render(black_box(&d)))
    });
    group.bench_function("json", |b| {
        b.iter(|| {
            let r = journeymap::diff::regressions(&d);
            journeymap::diff::json::render(black_box(&d), &r)
        })
    });
    group.bench_function("textconv", |b| {
        b.iter(|| journeymap::diff::textconv::render(black_box(&new)))
    });
    // The typical density, and what reading one side costs (the loader and every check, as
    // `journeymap diff` does for each side before comparing): most of the whole process.
    let (typical_old, typical_new) = (
        generate(Density::Typical, false),
        generate(Density::Typical, true),
    );
    let (a, b2) = (
        load("old.journey.yaml", typical_old.clone()),
        load("new.journey.yaml", typical_new),
    );
    group.bench_function("diff-typical", |b| {
        b.iter(|| journeymap::diff::diff("old", black_box(&a), "new", black_box(&b2)))
    });
    group.bench_function("check-one-side-typical", |b| {
        b.iter(|| load("old.journey.yaml", black_box(typical_old.clone())))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
