//! Hostile input: each case ends in exit 1 with a message naming the problem, never a hang, a
//! crash or gigabytes of memory. The inputs are generated here rather than committed.

mod common;

use std::io::{Read, Write};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// Long enough that only a hang reaches it; the cases finish in well under a second each.
const HANG: Duration = Duration::from_secs(60);

/// Writes one input into a file. Inputs are streamed rather than built in memory: a child's
/// peak memory as the kernel reports it is at least the test process's own peak when it
/// forked (the counter is inherited through fork and exec), so a test process that held tens
/// of megabytes of input would hide what journeymap itself uses.
type Input = Box<dyn Fn(&mut dyn Write) -> std::io::Result<()>>;

fn bytes(text: &'static [u8]) -> Input {
    Box::new(move |out| out.write_all(text))
}

fn write_input(path: &Path, input: &Input) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    input(&mut out).unwrap();
    out.flush().unwrap();
}

fn alias_bomb(out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(
        b"journeymap: 1\nid: bomb\ntitle: Billion laughs\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    )?;
    for level in 1..=9 {
        let refs = vec![format!("*l{}", level - 1); 9].join(", ");
        writeln!(out, "l{level}: &l{level} [{refs}]")?;
    }
    out.write_all(b"stages: *l9\n")
}

fn binary_junk(out: &mut dyn Write) -> std::io::Result<()> {
    // A fixed xorshift sequence: the same junk every run.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let junk: Vec<u8> = (0..64 * 1024)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    out.write_all(&junk)
}

fn many_keys(out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(b"journeymap: 1\n")?;
    for i in 0..300_000 {
        writeln!(out, "k{i}: {i}")?;
    }
    Ok(())
}

fn huge_scalar(out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(b"journeymap: 1\nid: big\ntitle: \"")?;
    repeat(out, b"a", 50 * 1024 * 1024)?;
    out.write_all(b"\"\nstages: []\n")
}

/// Writes `piece` `times` times.
fn repeat(out: &mut dyn Write, piece: &[u8], times: usize) -> std::io::Result<()> {
    for _ in 0..times {
        out.write_all(piece)?;
    }
    Ok(())
}

/// This process's peak resident memory in MiB, as the kernel will fold it into a child's
/// figure: the high-water mark of its own address space (`VmHWM`), not `getrusage`, whose
/// figure includes the peak of whatever started this process.
#[cfg(target_os = "linux")]
fn own_peak_mib() -> i64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    let kib: i64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kib / 1024
}

#[cfg(not(target_os = "linux"))]
fn own_peak_mib() -> i64 {
    0
}

/// (name, input, what the message must say).
fn cases() -> Vec<(&'static str, Input, &'static str)> {
    vec![
        (
            "alias-bomb",
            Box::new(alias_bomb),
            "aliases here expand to more than 100000 nodes",
        ),
        (
            "nested-brackets",
            Box::new(|out| repeat(out, b"[", 200_000)),
            "nesting is deeper than 64 levels",
        ),
        (
            "nested-mappings",
            Box::new(|out| {
                repeat(out, b"{a: ", 5_000)?;
                out.write_all(b"1")?;
                repeat(out, b"}", 5_000)
            }),
            "nesting is deeper than 64 levels",
        ),
        (
            "invalid-utf8",
            bytes(b"journeymap: 1\nid: caf\xc3\x28\n"),
            "not valid UTF-8",
        ),
        ("utf16", bytes(b"\xff\xfej\x00m\x00"), "UTF-16"),
        ("binary-junk", Box::new(binary_junk), "JM004"),
        (
            "nul-bytes",
            bytes(b"journeymap: 1\nid: a\0b\n"),
            "control character U+0000",
        ),
        ("empty", bytes(b""), "holds no journey map"),
        (
            "only-comments",
            bytes(b"# nothing here\n"),
            "holds no journey map",
        ),
        (
            "two-documents",
            bytes(b"journeymap: 1\n---\njourneymap: 1\n"),
            "second one starts here",
        ),
        (
            "tabs",
            bytes(b"journeymap: 1\nstages:\n\t- id: a\n"),
            "tabs",
        ),
        (
            "huge-scalar",
            Box::new(huge_scalar),
            "holds more than 33554432 bytes",
        ),
        (
            "300k-keys",
            Box::new(many_keys),
            "a mapping holds more than 10000 keys",
        ),
        (
            "custom-tag",
            bytes(b"journeymap: !!python/object:os.system 1\n"),
            "is not supported",
        ),
        (
            "complex-key",
            bytes(b"? [a, b]\n: c\n"),
            "mapping keys must be plain text",
        ),
        ("unknown-alias", bytes(b"journeymap: *nothing\n"), "JM001"),
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
    for (name, input, expected) in cases() {
        let path = dir.path().join(format!("{name}.journey.yaml"));
        write_input(&path, &input);
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
    let mut command = match std::env::var_os("JOURNEYMAP_HOSTILE_BIN") {
        // The release binary, measured from this (debug) test: what people run, without a
        // release build of the tests.
        Some(bin) => {
            let bin = std::fs::canonicalize(&bin).expect("JOURNEYMAP_HOSTILE_BIN names a file");
            let mut command = std::process::Command::new(bin);
            command.args(args).env("NO_COLOR", "1");
            command
        }
        None => common::journeymap(args),
    };
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
    ignore = "measured on the release binary: .ci/run runs it with JOURNEYMAP_HOSTILE_BIN=target/release/journeymap"
)]
fn hostile_inputs_through_every_command_stay_bounded() {
    let dir = tempfile::tempdir().unwrap();
    const ONE_STEP: &[u8] = b"journeymap: 1\nid: t\ntitle: T\nstages:\n  - id: s\n    name: S\n    steps:\n      - id: a\n";
    let inputs: Vec<(&str, Input)> = vec![
        (
            "duplicate-keys",
            Box::new(|out| {
                out.write_all(b"journeymap: 1\nid: t\ntitle: T\nx: {a: 1")?;
                repeat(out, b", a: 1", 9_998)?;
                out.write_all(b"}\n")
            }),
        ),
        (
            // 60 nested anchors around a list of 1.5 million scalars, 3 MB.
            "nested-anchors",
            Box::new(|out| {
                out.write_all(b"journeymap: 1\nid: t\ntitle: T\nx: ")?;
                for level in (0..60).rev() {
                    write!(out, "&a{level} [")?;
                }
                out.write_all(b"[a")?;
                repeat(out, b",a", 1_499_999)?;
                repeat(out, b"]", 61)?;
                out.write_all(b"\n")
            }),
        ),
        (
            "huge-name",
            Box::new(|out| {
                out.write_all(ONE_STEP)?;
                out.write_all(b"        name: \"")?;
                repeat(out, b"word ", 200_000)?;
                out.write_all(b"\"\n")
            }),
        ),
        (
            // Just under the 32 MiB limit, and it passes `check`.
            "huge-description",
            Box::new(|out| {
                out.write_all(ONE_STEP)?;
                out.write_all(b"        name: A\n        description: \"")?;
                repeat(out, b"lorem ipsum ", 31 * 1024 * 1024 / 12 - 100)?;
                out.write_all(b"\"\n")
            }),
        ),
        (
            "unknown-keys",
            Box::new(|out| {
                out.write_all(ONE_STEP)?;
                out.write_all(b"        name: A\n")?;
                for i in 0..30_000 {
                    write!(out, "{i}")?;
                    repeat(out, b"k", 1_000)?;
                    out.write_all(b": x\n")?;
                }
                Ok(())
            }),
        ),
    ];
    for (name, input) in &inputs {
        let file = format!("{name}.journey.yaml");
        write_input(&dir.path().join(&file), input);
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
            // The bounds: the 50 KB duplicate-key file checks within 100 MiB, the 3 MB
            // nested-anchor file within 200 MiB in every command (diff reads it twice), and
            // anything up to the 32 MiB limit within 1 GiB.
            let bound = match (*name, args[0]) {
                ("duplicate-keys", "check") => 100,
                ("nested-anchors", _) => 200,
                _ => 1024,
            };
            assert!(
                own_peak_mib() < bound / 2,
                "this test process peaked at {} MiB, which every child's figure includes",
                own_peak_mib()
            );
            assert!(peak_mib < bound, "{name} {args:?}: {peak_mib} MiB");
            if code != Some(0) {
                let left: Vec<_> = std::fs::read_dir(&out).unwrap().collect();
                assert!(left.is_empty(), "{name} {args:?} left {left:?}");
            }
        }
    }
}
