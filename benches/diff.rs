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

use std::fmt::Write as _;
use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use journeymap::model::JourneyMap;
use journeymap::source::SourceFile;
use journeymap::validate::{self, Config, Options};

const STAGES: usize = 50;
const STEPS_PER_STAGE: usize = 100;

/// How much each generated step says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Density {
    /// About 150 bytes a step, the density of the project's reference maps (a 40,000-step map
    /// is about 5 MB): a name, a touchpoint, an emotion; a pain point on every fifth step and
    /// an opportunity for it on every tenth.
    Typical,
    /// About 430 bytes a step: two touchpoints, a thought, an emotion (per persona on every
    /// fourth step), a pain point and an opportunity on every step.
    Rich,
}

/// A map of `STAGES * STEPS_PER_STAGE` steps. `revised` renames and rescores every tenth
/// step, rewords its pain point, removes every 97th and adds one after every 101st.
pub fn generate(density: Density, revised: bool) -> String {
    let rich = density == Density::Rich;
    let mut y = String::new();
    let _ = writeln!(
        y,
        "journeymap: 1\nid: big\ntitle: Generated map\nowner: Bench"
    );
    y.push_str("personas:\n");
    for p in ["alpha", "beta", "gamma"] {
        let _ = writeln!(y, "  - id: {p}\n    name: Persona {p}");
    }
    y.push_str("stages:\n");
    for s in 0..STAGES {
        let _ = writeln!(y, "  - id: stage-{s}\n    name: Stage {s}\n    steps:");
        for k in 0..STEPS_PER_STAGE {
            let n = s * STEPS_PER_STAGE + k;
            let touched = revised && n % 10 == 3;
            if revised && n % 97 == 5 {
                continue; // removed
            }
            let step = |y: &mut String, id: &str, name: &str, emotion: i64, pain: &str| {
                let _ = writeln!(y, "      - id: {id}\n        name: {name}");
                if rich {
                    let _ = writeln!(
                        y,
                        "        touchpoints:\n          - channel: web\n            name: Page {id}\n          - app"
                    );
                    let _ = writeln!(y, "        thoughts: [\"Thinking about {id}\"]");
                } else {
                    let _ = writeln!(y, "        touchpoints: [app]");
                }
                if rich && n % 4 == 0 {
                    let _ = writeln!(
                        y,
                        "        emotion:\n          alpha: {emotion}\n          beta: {}\n          gamma: 0",
                        (emotion + 1).min(2)
                    );
                } else {
                    let _ = writeln!(y, "        emotion: {emotion}");
                }
                if rich || n % 5 == 0 {
                    let _ = writeln!(
                        y,
                        "        pain_points:\n          - id: pain-{id}\n            text: {pain}\n            severity: medium"
                    );
                }
                if rich || n % 10 == 0 {
                    let _ = writeln!(
                        y,
                        "        opportunities:\n          - text: Fix {id}\n            addresses: [pain-{id}]"
                    );
                }
            };
            let id = format!("step-{n}");
            let emotion = (n % 5) as i64 - 2;
            if touched {
                let e = if emotion < 2 {
                    emotion + 1
                } else {
                    emotion - 1
                };
                let pain = format!("Pain of step {n}, reworded");
                step(&mut y, &id, &format!("Renamed step {n}"), e, &pain);
            } else {
                let pain = format!("Pain of step {n}");
                step(&mut y, &id, &format!("Step {n}"), emotion, &pain);
            }
            if revised && n % 101 == 7 {
                let new_id = format!("new-{n}");
                step(
                    &mut y,
                    &new_id,
                    &format!("New step after {n}"),
                    1,
                    "A new pain",
                );
            }
        }
    }
    y
}

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
