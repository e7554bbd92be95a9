//! Writes the generated maps used for whole-process timings to a folder, for hyperfine and
//! `/usr/bin/time -v`. Ignored in normal runs:
//!
//! ```sh
//! JOURNEYMAP_GEN_DIR=/tmp/jm cargo test --test render_gen -- --ignored
//! JOURNEYMAP_GEN_DIR=/tmp/jm JOURNEYMAP_GEN_STEPS=120,500 cargo test --test render_gen -- --ignored
//! ```

mod render_support;

#[test]
#[ignore = "writes big generated maps for manual benchmarks"]
fn write_generated_maps() {
    let dir = std::env::var_os("JOURNEYMAP_GEN_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("journeymap-generated"));
    std::fs::create_dir_all(&dir).unwrap();
    // JOURNEYMAP_GEN_STEPS="120,500" writes only those sizes (the browser test's big maps).
    let sizes: Vec<usize> = std::env::var("JOURNEYMAP_GEN_STEPS").map_or_else(
        |_| vec![500, 5_000, 40_000],
        |list| {
            list.split(',')
                .filter_map(|n| n.trim().parse().ok())
                .collect()
        },
    );
    for steps in sizes {
        let path = dir.join(format!("generated-{steps}.journey.yaml"));
        std::fs::write(&path, render_support::generated_map(steps)).unwrap();
        println!("wrote {}", path.display());
    }
    for (name, text) in render_support::stress_maps() {
        let path = dir.join(format!("stress-{name}.journey.yaml"));
        std::fs::write(&path, text).unwrap();
        println!("wrote {}", path.display());
    }
}
