//! `check` on generated maps: the rich 5,000-step map (500 stages of 10 steps, every lane
//! filled) and a lean one of the same shape (id, name, touchpoint, emotion per step).
//!
//! ```sh
//! cargo bench --bench check
//! ```

#[path = "../tests/render_support/mod.rs"]
mod support;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use journeymap::source::SourceFile;
use journeymap::validate::{Config, Options, check_file};

fn bench_check(c: &mut Criterion) {
    let options = Options::default();
    let config = Config::default();
    let maps = [
        ("rich-5000-steps", support::generated_map(5_000)),
        ("lean-500x10", support::lean_map(500, 10)),
    ];
    let mut group = c.benchmark_group("check");
    group.sample_size(20);
    for (name, text) in maps {
        group.bench_function(name, |b| {
            b.iter(|| {
                let file = SourceFile::new(name, None, text.clone());
                let checked = check_file(&file, &options, &config);
                assert!(!checked.has_errors());
                black_box(checked.diagnostics.len())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_check);
criterion_main!(benches);
