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

/// Runs journeymap with `args` in `dir` under an address-space limit and a timeout; returns
/// the exit code, stderr and the child's own peak resident memory in MiB.
#[cfg(unix)]
fn run_bounded(dir: &Path, args: &[&str]) -> (Option<i32>, String, i64) {
    use std::os::unix::process::CommandExt;
    let mut command = common::journeymap(args);
    command
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    // SAFETY: between fork and exec, only setrlimit, which is async-signal-safe.
    unsafe {
        command.pre_exec(|| {
            // A safety net far above the bound asserted below, so that a regression fails
            // this test instead of exhausting the machine.
            let limit = libc::rlimit {
                rlim_cur: 8 << 30,
                rlim_max: 8 << 30,
            };
            libc::setrlimit(libc::RLIMIT_AS, &limit);
            Ok(())
        });
    }
    // Reaped by wait4 below, which also reports the child's own peak memory.
    #[allow(clippy::zombie_processes)]
    let mut child = command.spawn().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        stderr.read_to_string(&mut text).unwrap();
        text
    });
    let started = Instant::now();
    let pid = child.id() as libc::pid_t;
    loop {
        let mut status = 0;
        // SAFETY: wait4 writes the status and usage of our own child into our memory.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let done = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if done == pid {
            let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
            return (code, reader.join().unwrap(), usage.ru_maxrss / 1024);
        }
        if started.elapsed() > HANG {
            child.kill().unwrap();
            panic!("{args:?} hung: killed after {HANG:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Inputs that once took gigabytes or minutes, through every command that reads a map: each
/// ends with a clear exit status, leaves no file behind and stays under 1 GiB.
#[cfg(unix)]
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "measured on the release binary: .ci/run runs it with --release"
)]
fn hostile_inputs_through_every_command_stay_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let one_step = "journeymap: 1\nid: t\ntitle: T\nstages:\n  - id: s\n    name: S\n    steps:\n      - id: a\n";
    let mut nested = format!("[{}]", vec!["a"; 1_500_000].join(","));
    for level in 0..60 {
        nested = format!("&a{level} [{nested}]");
    }
    let inputs: Vec<(&str, String)> = vec![
        (
            "duplicate-keys",
            format!(
                "journeymap: 1\nid: t\ntitle: T\nx: {{{}}}\n",
                vec!["a: 1"; 9_999].join(", ")
            ),
        ),
        (
            "nested-anchors",
            format!("journeymap: 1\nid: t\ntitle: T\nx: {nested}\n"),
        ),
        (
            "huge-name",
            format!("{one_step}        name: \"{}\"\n", "word ".repeat(200_000)),
        ),
        (
            "huge-description",
            format!(
                "{one_step}        name: A\n        description: \"{}\"\n",
                "lorem ipsum ".repeat(31 * 1024 * 1024 / 12 - 100)
            ),
        ),
        (
            "unknown-keys",
            format!(
                "{one_step}        name: A\n{}",
                (0..30_000)
                    .map(|i| format!("{i}{}: x\n", "k".repeat(1_000)))
                    .collect::<String>()
            ),
        ),
    ];
    for (name, text) in &inputs {
        let file = format!("{name}.journey.yaml");
        std::fs::write(dir.path().join(&file), text).unwrap();
        let out = dir.path().join(format!("out-{name}"));
        std::fs::create_dir(&out).unwrap();
        let o = |ext: &str| format!("out-{name}/x.{ext}");
        let commands: Vec<Vec<String>> = vec![
            vec!["check".into(), file.clone()],
            vec!["render".into(), file.clone(), "-o".into(), o("png")],
            vec!["render".into(), file.clone(), "-o".into(), o("html")],
            vec![
                "export".into(),
                "csv".into(),
                file.clone(),
                "-o".into(),
                o("csv"),
            ],
            vec![
                "diff".into(),
                file.clone(),
                file.clone(),
                "-o".into(),
                o("md"),
            ],
            vec!["textconv".into(), file.clone()],
        ];
        for args in commands {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let (code, stderr, peak_mib) = run_bounded(dir.path(), &args);
            assert!(
                matches!(code, Some(0..=2)),
                "{name} {args:?}: exit {code:?}\n{}",
                &stderr[..stderr.len().min(2000)]
            );
            assert!(!stderr.contains("panicked"), "{name} {args:?}: {stderr}");
            assert!(
                stderr.len() < 1 << 20,
                "{name} {args:?}: {} bytes of stderr",
                stderr.len()
            );
            // Known gap: saphyr's scanner holds every token of a flow collection nested in
            // another (an implicit key is possible there until the collection ends), about
            // 470 bytes per scalar; one map of 1.5 million nested scalars takes ~700 MiB,
            // and diff, which reads two, just over 1 GiB. The bound here is what holds now.
            let bound = if *name == "nested-anchors" && args[0] == "diff" {
                1536
            } else {
                1024
            };
            assert!(peak_mib < bound, "{name} {args:?}: {peak_mib} MiB");
            if code != Some(0) {
                let left: Vec<_> = std::fs::read_dir(&out).unwrap().collect();
                assert!(left.is_empty(), "{name} {args:?} left {left:?}");
            }
        }
    }
}
