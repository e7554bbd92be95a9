//! Support for scripts/bench-peers.sh, which times journeymap's release binary beside the
//! tools a team would otherwise use. Not a criterion benchmark: a program with two jobs.
//!
//! ```sh
//! cargo bench --bench peers -- inputs DIR     # writes the generated maps the script times
//! cargo bench --bench peers -- floor FILE...  # the parse floor: every YAML event, nothing else
//! ```
//!
//! The parse floor reads each file and pulls every event from saphyr-parser (the parser the
//! loader uses), keeping nothing: no tree, no spans kept, no validation. `check` cannot be
//! faster than that, so its time over the floor's says how much the rest of the pipeline
//! costs.

#[path = "../tests/render_support/mod.rs"]
mod support;

#[path = "support/diff_maps.rs"]
mod diff_maps;

use std::hint::black_box;
use std::path::Path;

use saphyr_parser::{Event, Parser};

fn main() {
    // `cargo bench` passes `--bench` to harness-free targets; it is not ours.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    match args.first().map(String::as_str) {
        Some("inputs") if args.len() == 2 => inputs(Path::new(&args[1])),
        Some("floor") if args.len() >= 2 => {
            for file in &args[1..] {
                floor(Path::new(file));
            }
        }
        // `cargo bench` with no arguments runs every bench target: nothing to do here.
        None => {}
        _ => {
            eprintln!("usage: peers inputs DIR | peers floor FILE...");
            std::process::exit(2);
        }
    }
}

/// The maps the peers script times, written to `dir`.
fn inputs(dir: &Path) {
    std::fs::create_dir_all(dir).expect("the inputs folder can be made");
    let write = |name: &str, text: String| {
        std::fs::write(dir.join(name), text).expect("an input can be written");
    };
    write("lean-500x10.journey.yaml", support::lean_map(500, 10));
    write("rich-500x10.journey.yaml", support::generated_map(5_000));
    write("rich-40000.journey.yaml", support::generated_map(40_000));
    write(
        "diff-old.journey.yaml",
        diff_maps::generate(diff_maps::Density::Rich, false),
    );
    write(
        "diff-new.journey.yaml",
        diff_maps::generate(diff_maps::Density::Rich, true),
    );
    let small = dir.join("small");
    std::fs::create_dir_all(&small).expect("the small-maps folder can be made");
    for n in 0..1_000 {
        std::fs::write(
            small.join(format!("map-{n:04}.journey.yaml")),
            support::lean_map(1 + n % 3, 4),
        )
        .expect("a small map can be written");
    }
    for steps in [1_000, 2_500, 10_000, 20_000] {
        write(
            &format!("rich-{steps}.journey.yaml"),
            support::generated_map(steps),
        );
    }
    write("tiny.journey.yaml", support::lean_map(1, 1));
}

/// Pulls every event of `file`'s YAML, as the loader's parser would, and keeps nothing.
fn floor(file: &Path) {
    let text = std::fs::read_to_string(file).expect("the file can be read");
    let mut parser = Parser::new_from_str(&text);
    let mut events = 0usize;
    loop {
        match parser.next_event() {
            Some(Ok((Event::StreamEnd, _))) | None => break,
            Some(Ok((event, span))) => {
                black_box((&event, span));
                events += 1;
            }
            Some(Err(error)) => {
                eprintln!("{}: {error}", file.display());
                std::process::exit(1);
            }
        }
    }
    black_box(events);
}
