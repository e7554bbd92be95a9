//! Hostile input: each case ends in exit 1 with a message naming the problem, never a hang, a
//! crash or gigabytes of memory. The inputs are generated here rather than committed.

mod common;

use std::io::Read;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// Long enough that only a hang reaches it; the cases finish in well under a second each.
const HANG: Duration = Duration::from_secs(60);

fn alias_bomb() -> Vec<u8> {
    let mut text = String::from(
        "journeymap: 1\nid: bomb\ntitle: Billion laughs\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for level in 1..=9 {
        let refs = vec![format!("*l{}", level - 1); 9].join(", ");
        text.push_str(&format!("l{level}: &l{level} [{refs}]\n"));
    }
    text.push_str("stages: *l9\n");
    text.into_bytes()
}

fn binary_junk() -> Vec<u8> {
    // A fixed xorshift sequence: the same junk every run.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..64 * 1024)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

fn many_keys(count: usize) -> Vec<u8> {
    let mut text = String::with_capacity(count * 12);
    text.push_str("journeymap: 1\n");
    for i in 0..count {
        text.push_str(&format!("k{i}: {i}\n"));
    }
    text.into_bytes()
}

fn huge_scalar() -> Vec<u8> {
    let mut text = b"journeymap: 1\nid: big\ntitle: \"".to_vec();
    text.resize(text.len() + 50 * 1024 * 1024, b'a');
    text.extend_from_slice(b"\"\nstages: []\n");
    text
}

/// (name, input, what the message must say).
fn cases() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    vec![
        (
            "alias-bomb",
            alias_bomb(),
            "aliases here expand to more than 100000 nodes",
        ),
        (
            "nested-brackets",
            "[".repeat(200_000).into_bytes(),
            "nesting is deeper than 64 levels",
        ),
        (
            "nested-mappings",
            format!("{}1{}", "{a: ".repeat(5_000), "}".repeat(5_000)).into_bytes(),
            "nesting is deeper than 64 levels",
        ),
        (
            "invalid-utf8",
            b"journeymap: 1\nid: caf\xc3\x28\n".to_vec(),
            "not valid UTF-8",
        ),
        ("utf16", b"\xff\xfej\x00m\x00".to_vec(), "UTF-16"),
        ("binary-junk", binary_junk(), "JM004"),
        (
            "nul-bytes",
            b"journeymap: 1\nid: a\0b\n".to_vec(),
            "control character U+0000",
        ),
        ("empty", Vec::new(), "holds no journey map"),
        (
            "only-comments",
            b"# nothing here\n".to_vec(),
            "holds no journey map",
        ),
        (
            "two-documents",
            b"journeymap: 1\n---\njourneymap: 1\n".to_vec(),
            "second one starts here",
        ),
        (
            "tabs",
            b"journeymap: 1\nstages:\n\t- id: a\n".to_vec(),
            "tabs",
        ),
        (
            "huge-scalar",
            huge_scalar(),
            "holds more than 33554432 bytes",
        ),
        (
            "300k-keys",
            many_keys(300_000),
            "a mapping holds more than 10000 keys",
        ),
        (
            "custom-tag",
            b"journeymap: !!python/object:os.system 1\n".to_vec(),
            "is not supported",
        ),
        (
            "complex-key",
            b"? [a, b]\n: c\n".to_vec(),
            "mapping keys must be plain text",
        ),
        ("unknown-alias", b"journeymap: *nothing\n".to_vec(), "JM001"),
    ]
}

fn peak_child_rss_kib() -> i64 {
    // SAFETY: getrusage only writes into the struct it is given.
    unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage);
        usage.ru_maxrss
    }
}

fn run_with_watchdog(path: &Path) -> (Option<i32>, String) {
    let mut child = common::journeymap(&["check", path.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        stderr.read_to_string(&mut text).unwrap();
        text
    });
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return (status.code(), reader.join().unwrap());
        }
        if started.elapsed() > HANG {
            child.kill().unwrap();
            panic!("{} hung: killed after {HANG:?}", path.display());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// All cases run in this one test so that the children's peak memory is theirs alone.
#[test]
fn hostile_inputs_fail_cleanly_quickly_and_small() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes, expected) in cases() {
        let path = dir.path().join(format!("{name}.journey.yaml"));
        std::fs::write(&path, &bytes).unwrap();
        let (code, stderr) = run_with_watchdog(&path);
        assert_eq!(code, Some(1), "{name}: exit status; stderr:\n{stderr}");
        assert!(
            stderr.contains(expected),
            "{name}: expected `{expected}` in:\n{stderr}"
        );
        assert!(!stderr.contains("panicked"), "{name} panicked:\n{stderr}");
    }
    let peak_mib = peak_child_rss_kib() / 1024;
    assert!(
        peak_mib < 300,
        "a hostile input made check use {peak_mib} MiB"
    );
}
