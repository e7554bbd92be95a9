//! `journeymap watch` on a real file system: it draws, draws again when the map or its
//! baseline is saved (in place or by an editor's rename), keeps the last good output while
//! the map is broken, and ends on Ctrl-C leaving no temporary file.

mod common;

use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A running `watch` and the lines of its stderr.
struct Watch {
    child: Child,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Watch {
    fn start(dir: &Path, args: &[&str]) -> Watch {
        let mut child = common::journeymap(&[&["watch"], args].concat())
            .current_dir(dir)
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let lines = common::stderr_lines(&mut child);
        Watch {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits for the next line that starts with `watch:` and returns it.
    fn next_outcome(&mut self) -> String {
        let until = Instant::now() + Duration::from_secs(20);
        loop {
            let left = until.saturating_duration_since(Instant::now());
            let line = self.lines.recv_timeout(left).unwrap_or_else(|_| {
                panic!(
                    "no outcome within 20 s; stderr so far:\n{}",
                    self.seen.join("\n")
                )
            });
            self.seen.push(line.clone());
            if line.starts_with("watch:") {
                return line;
            }
        }
    }

    /// Sends SIGINT, as Ctrl-C does, and returns the exit status.
    fn interrupt(mut self) -> std::process::ExitStatus {
        // SAFETY: kill(2) with a pid we spawned and a valid signal number.
        unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGINT) };
        self.child.wait().unwrap()
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn example(name: &str) -> String {
    std::fs::read_to_string(common::root().join(format!("examples/{name}.journey.yaml"))).unwrap()
}

#[test]
fn draws_again_on_save_and_keeps_the_last_good_output() {
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("m.journey.yaml");
    let original = example("grocery-checkout");
    std::fs::write(&map, &original).unwrap();
    let out = dir.path().join("m.svg");
    let mut watch = Watch::start(dir.path(), &["m.journey.yaml", "-o", "m.svg"]);
    assert!(watch.next_outcome().contains("drawn in"));
    let first = std::fs::read_to_string(&out).unwrap();
    assert!(first.contains("<svg"));

    // Saved in place.
    let edited = original.replacen("\ntitle: ", "\ntitle: Saved in place — ", 1);
    assert_ne!(edited, original);
    std::fs::write(&map, &edited).unwrap();
    assert!(watch.next_outcome().contains("drawn in"));
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("Saved in place")
    );

    // Saved as editors do: a new file renamed over the map.
    let renamed = original.replacen("\ntitle: ", "\ntitle: Saved by rename — ", 1);
    std::fs::write(dir.path().join(".m.journey.yaml.swp"), &renamed).unwrap();
    std::fs::rename(dir.path().join(".m.journey.yaml.swp"), &map).unwrap();
    assert!(watch.next_outcome().contains("drawn in"));
    let good = std::fs::read_to_string(&out).unwrap();
    assert!(good.contains("Saved by rename"));

    // Broken: the diagnostics are printed with their place, the output stays as it was.
    std::fs::write(&map, format!("{renamed}\nbroken: [\n")).unwrap();
    let outcome = watch.next_outcome();
    assert!(outcome.contains("not drawn"), "{outcome}");
    assert!(
        watch.seen.iter().any(|l| l.contains("m.journey.yaml:")),
        "{}",
        watch.seen.join("\n")
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), good);

    // Fixed again.
    std::fs::write(&map, &original).unwrap();
    assert!(watch.next_outcome().contains("drawn in"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), first);

    // A file beside the map that it does not use draws nothing.
    std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        watch.lines.try_recv().is_err(),
        "drew for an unrelated file"
    );

    let status = watch.interrupt();
    assert_eq!(status.code(), Some(130), "{status:?}");
    assert_eq!(
        common::files_in(dir.path()),
        ["m.journey.yaml", "m.svg", "notes.txt"]
    );
}

/// A future-state map is checked against its baseline, so saving the baseline draws it again:
/// here the baseline is renamed away (an error: the map names a missing file) and back.
#[test]
fn a_saved_baseline_draws_the_map_again() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("grocery-checkout.journey.yaml"),
        example("grocery-checkout"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("future.journey.yaml"),
        example("grocery-checkout-future"),
    )
    .unwrap();
    let mut watch = Watch::start(dir.path(), &["future.journey.yaml", "-o", "future.svg"]);
    assert!(watch.next_outcome().contains("drawn in"));
    std::fs::rename(
        dir.path().join("grocery-checkout.journey.yaml"),
        dir.path().join("elsewhere.yaml"),
    )
    .unwrap();
    let outcome = watch.next_outcome();
    assert!(outcome.contains("not drawn"), "{}", watch.seen.join("\n"));
    std::fs::rename(
        dir.path().join("elsewhere.yaml"),
        dir.path().join("grocery-checkout.journey.yaml"),
    )
    .unwrap();
    assert!(watch.next_outcome().contains("drawn in"));
    assert!(dir.path().join("future.svg").exists());
}
