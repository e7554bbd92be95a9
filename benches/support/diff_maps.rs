//! The generated maps of the diff benchmark, shared with the peers benchmark's inputs
//! (benches/peers.rs).

use std::fmt::Write as _;

pub const STAGES: usize = 50;
pub const STEPS_PER_STAGE: usize = 100;

/// How much each generated step says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Density {
    /// About 150 bytes a step, the density of the project's reference maps (a 40,000-step map
    /// is about 5 MB): a name, a touchpoint, an emotion; a pain point on every fifth step and
    /// an opportunity for it on every tenth.
    #[allow(dead_code)] // the diff benchmark uses it; the peers inputs do not
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
