//! Regression tests for issue "Trust": each is named after a bug found by trying valid maps
//! through every command and by attacking the tool with hostile maps. A map that `check`
//! accepts must work through every command; a hostile map must neither leak, corrupt nor
//! exhaust anything.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

fn run(args: &[&str]) -> Output {
    common::journeymap(args).output().unwrap()
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    common::journeymap(args).current_dir(dir).output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Writes `text` as `name` in `dir` and returns its path.
fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, text).unwrap();
    path
}

fn assert_exit(out: &Output, code: i32, what: &str) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "{what}: exit status\nstdout:\n{}\nstderr:\n{}",
        stdout(out),
        stderr(out)
    );
    assert!(!stderr(out).contains("panicked"), "{what}: {}", stderr(out));
}

const ONE_STEP: &str = "journeymap: 1\nid: t\ntitle: T\nstages:\n  - id: s\n    name: S\n    steps:\n      - id: a\n        name: A\n";

#[test]
fn html_persona_with_some_empathy_quadrants() {
    let dir = tempfile::tempdir().unwrap();
    let map = write(
        dir.path(),
        "p.journey.yaml",
        &format!(
            "{ONE_STEP}        personas: [p]\npersonas:\n  - id: p\n    name: P\n    empathy: {{says: [Where is my parcel]}}\n"
        ),
    );
    let out = run(&[
        "render",
        map.to_str().unwrap(),
        "-o",
        "-",
        "--format",
        "html",
    ]);
    assert_exit(&out, 0, "render html");
    let page = stdout(&out);
    assert!(page.contains("<h4>Says</h4>"), "{page}");
    assert!(page.contains("Where is my parcel"));
    assert!(
        !page.contains("<h4>Thinks</h4>"),
        "an empty quadrant is left out"
    );
}

/// Bytes written to a file in a fresh folder; returns the folder and the path.
fn bytes_file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

/// No raw control character other than tab and line feed (and CR before LF) is in `text`.
fn assert_no_raw_controls(what: &str, text: &str) {
    let bad: Vec<char> = text
        .char_indices()
        .filter(|&(i, c)| {
            journeymap::visible::is_hidden_control(c)
                || (c == '\r' && !text[i + 1..].starts_with('\n'))
        })
        .map(|(_, c)| c)
        .collect();
    assert!(
        bad.is_empty(),
        "{what} holds raw control characters {bad:?}:\n{text}"
    );
}

#[test]
fn long_line_span_past_cr() {
    let mut bytes = vec![b'a'; 241];
    bytes.extend_from_slice(b"\r\xff");
    let (_dir, path) = bytes_file("cr.journey.yaml", &bytes);
    let out = run(&["check", path.to_str().unwrap()]);
    assert_exit(&out, 1, "check");
    assert!(stderr(&out).contains("not valid UTF-8"), "{}", stderr(&out));
    assert_no_raw_controls("stderr", &stderr(&out));
}

#[test]
fn cr_only_file_with_unterminated_flow() {
    let (_dir, path) = bytes_file("mac.journey.yaml", b"journeymap: 1\rid: [a, b\r");
    for command in [&["check"][..], &["render"], &["textconv"]] {
        let mut args = command.to_vec();
        args.push(path.to_str().unwrap());
        let out = run(&args);
        // textconv shows a broken map's raw text (git runs it on every revision): exit 0.
        let expected: &[i32] = if command[0] == "textconv" {
            &[0]
        } else {
            &[1, 2]
        };
        assert!(
            out.status.code().is_some_and(|c| expected.contains(&c)),
            "{command:?}: {}",
            stderr(&out)
        );
        assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
        assert_no_raw_controls("stderr", &stderr(&out));
        assert_no_raw_controls("stdout", &stdout(&out));
    }
}

#[test]
fn terminal_escapes_in_a_map_are_shown_visibly() {
    // OSC 0 (retitle), OSC 52 (clipboard), CSI 2J (clear), a C1 CSI and a bidi override,
    // raw in the file and as YAML escapes.
    let raw = "journeymap: 1\nid: t\ntitle: \"\u{1b}]0;PWNED\u{7}\u{1b}]52;c;aGk=\u{7}\u{1b}[2J\u{9b}2J\u{202e}\"\nstages: []\n";
    let escaped = "journeymap: 1\nid: t\ntitle: \"\\e]0;PWNED\\a\"\nstages:\n  - id: \"\\e[2J\"\n    name: x\n    steps: [{id: a, name: b}]\n";
    for (name, text) in [("raw", raw), ("escaped", escaped)] {
        let (_dir, path) = bytes_file(&format!("{name}.journey.yaml"), text.as_bytes());
        for format in ["human", "github"] {
            let out = run(&["check", "--format", format, path.to_str().unwrap()]);
            assert_exit(&out, 1, &format!("{name} {format}"));
            assert_no_raw_controls(&format!("{name} {format} stdout"), &stdout(&out));
            assert_no_raw_controls(&format!("{name} {format} stderr"), &stderr(&out));
            if format == "human" && name == "raw" {
                let all = stdout(&out) + &stderr(&out);
                assert!(all.contains("\\u{1b}"), "{name} {format}: {all}");
            }
        }
    }
}

#[test]
fn escaped_control_characters_are_refused_at_the_escape() {
    for (escape, code) in [
        ("\\x01", "U+0001"),
        ("\\e", "U+001B"),
        ("\\a", "U+0007"),
        ("\\u0085", "U+0085"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let text = format!(
            "journeymap: 1\nid: t\ntitle: \"Bad {escape} title\"\nstages:\n  - id: s\n    name: S\n    steps: [{{id: a, name: A}}]\n"
        );
        let map = write(dir.path(), "c.journey.yaml", &text);
        let out = run(&["check", map.to_str().unwrap()]);
        assert_exit(&out, 1, escape);
        let err = stderr(&out);
        assert!(err.contains(code), "{escape}: {err}");
        // Line 3, at the backslash: column 13 of `title: "Bad \x01 title"`.
        assert!(err.contains("c.journey.yaml:3:13"), "{escape}: {err}");
        assert!(err.contains("JM004"), "{err}");
    }
}

#[test]
fn text_that_spells_internal_markers_stays_text() {
    // Text that once spelled the SVG and HTML writers' in-band markers (now refused as
    // control characters), and the same words without them: they must stay in their place.
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{ONE_STEP}        description: \"journeymap-children jm-diagram-0 jm-diagram-\"\n"
    )
    .replace("title: T", "title: \"jm-diagram-0. journeymap-children\"");
    let map = write(dir.path(), "m.journey.yaml", &text);
    for format in ["svg", "html"] {
        let out = run(&[
            "render",
            map.to_str().unwrap(),
            "--format",
            format,
            "-o",
            "-",
        ]);
        assert_exit(&out, 0, format);
        let page = stdout(&out);
        assert_eq!(
            page.matches("class=\"jm-diagram jm-theme-").count(),
            1,
            "one diagram ({format}): the HTML page recolours it for a dark scheme"
        );
        if format == "svg" {
            let doc = roxmltree::Document::parse(&page).unwrap();
            let title = doc.descendants().find(|n| n.has_tag_name("title")).unwrap();
            assert_eq!(title.text(), Some("jm-diagram-0. journeymap-children"));
        }
    }
    for spelled in ["\\x01journeymap-children\\x01", "\\x01jm-diagram-0\\x01"] {
        let map = write(
            dir.path(),
            "x.journey.yaml",
            &ONE_STEP.replace("title: T", &format!("title: \"{spelled}\"")),
        );
        assert_exit(&run(&["check", map.to_str().unwrap()]), 1, spelled);
    }
}

#[test]
fn templates_get_no_environment_and_bounded_work() {
    let dir = tempfile::tempdir().unwrap();
    let map = common::root().join("examples/grocery-checkout.journey.yaml");
    let cases = [
        (
            "env.html",
            "<p>{{ get_env(name=\"PATH\") }}</p>",
            "`get_env` is not available",
        ),
        (
            "range.html",
            "{% for i in range(end=100000000) %}x{% endfor %}",
            "at most 100000",
        ),
        (
            "big.html",
            "{% for i in range(end=100000) %}{% for j in range(end=100000) %}0123456789abcdef{% endfor %}{% endfor %}",
            "more than 64 MB",
        ),
        ("typo.html", "{{ nope.x }}", "typo.html"),
    ];
    for (name, source, expected) in cases {
        let template = write(dir.path(), name, source);
        let output = dir.path().join("page.html");
        let out = run(&[
            "render",
            map.to_str().unwrap(),
            "--template",
            template.to_str().unwrap(),
            "-o",
            output.to_str().unwrap(),
        ]);
        assert_exit(&out, 2, name);
        assert!(stderr(&out).contains(expected), "{name}: {}", stderr(&out));
        assert!(!stderr(&out).contains(&std::env::var("PATH").unwrap()));
        assert!(!output.exists(), "{name}: a page was written");
    }
}

/// A git repository in a fresh folder (only `.git` is needed to mark it).
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::create_dir_all(dir.path().join("maps")).unwrap();
    dir
}

#[cfg(unix)]
#[test]
fn symlinked_map_cannot_print_files_outside_the_repository() {
    let repo = repository();
    let secret = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(secret.path(), "AWS_SECRET=hunter2\n").unwrap();
    for (name, target) in [
        ("environ.journey.yaml", Path::new("/proc/self/environ")),
        ("passwd.journey.yaml", Path::new("/etc/passwd")),
        ("secret.journey.yaml", secret.path()),
    ] {
        let link = repo.path().join("maps").join(name);
        std::os::unix::fs::symlink(target, &link).unwrap();
        let rel = format!("maps/{name}");
        for command in [
            &["check"][..],
            &["render"],
            &["export", "csv"],
            &["textconv"],
        ] {
            let mut args = command.to_vec();
            args.push(&rel);
            let out = run_in(repo.path(), &args);
            assert_exit(&out, 2, &format!("{command:?} {name}"));
            let err = stderr(&out);
            assert!(err.contains("outside"), "{err}");
            assert!(err.contains("--follow-symlinks"), "{err}");
            assert!(!err.contains("hunter2") && !err.contains("root:"), "{err}");
            assert!(stdout(&out).is_empty());
        }
    }
    // A symlink inside the repository is read as usual.
    let example = common::root().join("examples/grocery-checkout.journey.yaml");
    std::fs::copy(&example, repo.path().join("real.journey.yaml")).unwrap();
    std::os::unix::fs::symlink(
        "../real.journey.yaml",
        repo.path().join("maps/in.journey.yaml"),
    )
    .unwrap();
    assert_exit(
        &run_in(repo.path(), &["check", "maps/in.journey.yaml"]),
        0,
        "in-repo link",
    );
    // And the user may allow the rest.
    let out = run_in(
        repo.path(),
        &["check", "--follow-symlinks", "maps/secret.journey.yaml"],
    );
    assert_exit(&out, 1, "allowed");
}

#[cfg(unix)]
#[test]
fn fifo_devices_and_endless_stdin_fail_fast() {
    use std::io::Write;
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    let repo = repository();
    let fifo = repo.path().join("maps/f.journey.yaml");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo reads a NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let fifo = fifo.to_str().unwrap();
    let cases: Vec<Vec<&str>> = vec![
        vec!["check", fifo],
        vec!["render", fifo],
        vec!["diff", fifo, fifo],
        vec!["export", "csv", fifo],
        vec!["import", "csv", fifo],
        vec!["import", "mermaid", fifo],
        vec!["textconv", fifo],
        vec!["textconv", "/dev/zero"],
        vec!["check", "/dev/zero"],
    ];
    for args in cases {
        let started = Instant::now();
        let out = run_in(repo.path(), &args);
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{args:?} took too long"
        );
        assert_exit(&out, 2, &format!("{args:?}"));
        assert!(
            stderr(&out).contains("not a regular file"),
            "{}",
            stderr(&out)
        );
    }
    // Endless stdin: read up to the limit, then refused.
    for args in [
        &["textconv", "-"][..],
        &["import", "csv", "-"],
        &["import", "mermaid", "-"],
    ] {
        let started = Instant::now();
        let mut child = common::journeymap(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let feeder = std::thread::spawn(move || {
            let chunk = vec![b'y'; 64 * 1024];
            while stdin.write_all(&chunk).is_ok() {}
        });
        let out = child.wait_with_output().unwrap();
        feeder.join().unwrap();
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{args:?} took too long"
        );
        assert!(
            matches!(out.status.code(), Some(1 | 2)),
            "{args:?}: {}",
            stderr(&out)
        );
        assert!(
            stderr(&out).contains("more than"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

#[cfg(unix)]
#[test]
fn closed_stdout_is_an_error() {
    use std::os::unix::process::CommandExt;
    let example = common::root().join("examples/grocery-checkout.journey.yaml");
    let example = example.to_str().unwrap();
    for args in [
        &["export", "csv", example][..],
        &["export", "markdown", example],
        &["render", example, "-o", "-"],
        &["textconv", example],
        &["schema"],
    ] {
        let mut command = common::journeymap(args);
        // SAFETY: between fork and exec, only close(2), which is async-signal-safe.
        unsafe {
            command.pre_exec(|| {
                libc::close(1);
                Ok(())
            });
        }
        let out = command.output().unwrap();
        assert_exit(&out, 2, &format!("{args:?}"));
        assert!(
            stderr(&out).contains("standard output is closed"),
            "{}",
            stderr(&out)
        );
    }
    // Output sent to /dev/null on purpose is fine.
    let out = common::journeymap(&["schema"])
        .stdout(std::fs::File::create("/dev/null").unwrap())
        .output()
        .unwrap();
    assert_exit(&out, 0, "schema > /dev/null");
}

/// Regression (stdout-devnull-read-write): a caller's own `/dev/null` opened for reading and
/// writing (Python's `subprocess.DEVNULL`, Node's `stdio: "ignore"`) was taken for a closed
/// standard output, and every command failed with exit 2. On Linux, what was closed is now
/// read before the runtime reopens it.
#[cfg(target_os = "linux")]
#[test]
fn stdout_on_a_read_write_dev_null_is_not_closed() {
    let example = common::root().join("examples/grocery-checkout.journey.yaml");
    let null = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/null")
        .unwrap();
    let out = common::journeymap(&["export", "markdown", example.to_str().unwrap()])
        .stdout(null)
        .output()
        .unwrap();
    assert_exit(&out, 0, "export markdown to a read-write /dev/null");
}

#[test]
fn settings_file_that_is_a_folder_is_an_error() {
    let repo = repository();
    std::fs::create_dir(repo.path().join("journeymap.toml")).unwrap();
    let map = common::root().join("examples/grocery-checkout.journey.yaml");
    std::fs::copy(&map, repo.path().join("maps/g.journey.yaml")).unwrap();
    let out = run_in(repo.path(), &["check", "maps"]);
    assert_exit(&out, 2, "journeymap.toml folder");
    assert!(
        stderr(&out).contains("journeymap.toml is a folder"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn utf32_and_bomless_utf16_are_named() {
    let utf16: Vec<u8> = "journeymap: 1\nid: x\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let utf32: Vec<u8> = "\u{feff}journeymap: 1\nid: x\n"
        .chars()
        .flat_map(|c| (c as u32).to_le_bytes())
        .collect();
    for (name, bytes, expected) in [
        (
            "utf16.journey.yaml",
            utf16,
            "UTF-16 (without a byte-order mark)",
        ),
        ("utf32.journey.yaml", utf32, "the file is UTF-32"),
    ] {
        let (_dir, path) = bytes_file(name, &bytes);
        let out = run(&["check", path.to_str().unwrap()]);
        assert_exit(&out, 1, name);
        assert!(stderr(&out).contains(expected), "{name}: {}", stderr(&out));
        assert!(
            !stderr(&out).contains('\0'),
            "{name}: raw NUL in the message"
        );
    }
}

#[test]
fn baseline_outside_the_repository_is_never_read() {
    let repo = repository();
    let secret_dir = tempfile::tempdir().unwrap();
    // A "map" outside the repository whose first error would quote its text.
    std::fs::write(
        secret_dir.path().join("x.journey.yaml"),
        "TOKEN_hunter2: [\n",
    )
    .unwrap();
    std::fs::write(secret_dir.path().join("plain"), "TOKEN_hunter2: [\n").unwrap();
    let current = common::root().join("examples/grocery-checkout.journey.yaml");
    std::fs::copy(&current, repo.path().join("maps/current.journey.yaml")).unwrap();
    let future = std::fs::read_to_string(
        common::root().join("examples/grocery-checkout-future.journey.yaml"),
    )
    .unwrap();
    let outside = secret_dir.path().join("x.journey.yaml");
    let depth = "../".repeat(repo.path().components().count() + 2);
    let relative = format!(
        "{depth}{}",
        outside.display().to_string().trim_start_matches('/')
    );
    let cases = [
        (outside.display().to_string(), "absolute path"),
        (relative, "leads outside"),
        (
            secret_dir.path().join("plain").display().to_string(),
            "absolute path",
        ),
        (
            "../../../../../../../../etc/passwd".to_string(),
            "not a journey map file",
        ),
    ];
    for (baseline, expected) in cases {
        let text = future
            .lines()
            .map(|l| {
                if l.starts_with("baseline:") {
                    format!("baseline: \"{baseline}\"")
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let map = write(repo.path(), "maps/future.journey.yaml", &text);
        let map = map.to_str().unwrap();
        for args in [
            &["check", map][..],
            &["render", map, "-o", "-"],
            &["diff", map],
            &["export", "csv", map],
        ] {
            let out = run_in(repo.path(), args);
            assert!(
                matches!(out.status.code(), Some(1 | 2)),
                "{args:?} {baseline}: {}",
                stderr(&out)
            );
            let all = stdout(&out) + &stderr(&out);
            assert!(all.contains(expected), "{args:?} {baseline}: {all}");
            assert!(
                !all.contains("hunter2") && !all.contains("root:"),
                "{args:?}: {all}"
            );
        }
    }
}

fn example_path(name: &str) -> String {
    common::root()
        .join(format!("examples/{name}.journey.yaml"))
        .display()
        .to_string()
}

#[test]
fn output_extension_that_disagrees_with_the_format() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (
        example_path("grocery-checkout"),
        example_path("grocery-checkout-future"),
    );
    let out = run_in(dir.path(), &["render", &a, "-o", "x.docx"]);
    assert_exit(&out, 2, "render -o x.docx");
    assert!(
        stderr(&out).contains("cannot tell the format"),
        "{}",
        stderr(&out)
    );
    let out = run_in(dir.path(), &["diff", &a, &b, "-o", "d.pdf"]);
    assert_exit(&out, 2, "diff -o d.pdf");
    let out = run_in(
        dir.path(),
        &["diff", &a, &b, "-o", "d.svg", "--format", "markdown"],
    );
    assert_exit(&out, 2, "diff -o d.svg --format markdown");
    assert!(
        common::files_in(dir.path()).is_empty(),
        "{:?}",
        common::files_in(dir.path())
    );
    // The extension picks the diff's format; --format overrides an unknown one.
    assert_exit(
        &run_in(dir.path(), &["diff", &a, &b, "-o", "d.svg"]),
        0,
        "diff -o d.svg",
    );
    roxmltree::Document::parse(&std::fs::read_to_string(dir.path().join("d.svg")).unwrap())
        .unwrap();
    assert_exit(
        &run_in(
            dir.path(),
            &["render", &a, "-o", "x.image", "--format", "png"],
        ),
        0,
        "render --format png -o x.image",
    );
    assert!(
        std::fs::read(dir.path().join("x.image"))
            .unwrap()
            .starts_with(b"\x89PNG")
    );
}

#[test]
fn colliding_render_outputs_are_refused_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(
        dir.path(),
        "a/x.journey.yaml",
        &std::fs::read_to_string(example_path("grocery-checkout")).unwrap(),
    );
    let b = write(
        dir.path(),
        "b/x.journey.yaml",
        &std::fs::read_to_string(example_path("clinic-appointment")).unwrap(),
    );
    let out = run_in(
        dir.path(),
        &[
            "render",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            "-o",
            "out/",
        ],
    );
    assert_exit(&out, 2, "collision");
    let err = stderr(&out);
    assert!(
        err.contains("a/x.journey.yaml") && err.contains("b/x.journey.yaml"),
        "{err}"
    );
    assert!(
        !dir.path().join("out").exists(),
        "nothing is written, not even the folder"
    );
}

#[test]
fn missing_parent_folders_are_made_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (
        example_path("grocery-checkout"),
        example_path("grocery-checkout-future"),
    );
    let cases: [(&[&str], &str); 4] = [
        (&["render", &a, "-o", "r/deep/x.svg"], "r/deep/x.svg"),
        (&["diff", &a, &b, "-o", "d/deep/x.md"], "d/deep/x.md"),
        (&["export", "csv", &a, "-o", "e/deep/x.csv"], "e/deep/x.csv"),
        (
            &["render", &a, "-o", "f/deep/"],
            "f/deep/grocery-checkout.svg",
        ),
    ];
    for (args, made) in cases {
        let out = run_in(dir.path(), args);
        assert_exit(&out, 0, &format!("{args:?}"));
        assert!(
            dir.path().join(made).is_file(),
            "{args:?} did not write {made}"
        );
    }
}

#[cfg(unix)]
#[test]
fn outputs_keep_the_mode_and_spare_read_only_files() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let a = example_path("grocery-checkout");
    let private = write(dir.path(), "private.svg", "old");
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert_exit(
        &run_in(dir.path(), &["render", &a, "-o", "private.svg"]),
        0,
        "0600",
    );
    let mode = std::fs::metadata(&private).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the replaced file's mode is kept");
    assert!(std::fs::read_to_string(&private).unwrap().contains("<svg"));
    let locked = write(dir.path(), "locked.svg", "keep me");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = run_in(dir.path(), &["render", &a, "-o", "locked.svg"]);
    assert_exit(&out, 2, "read-only");
    assert!(stderr(&out).contains("read-only"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&locked).unwrap(), "keep me");
    // A new file gets the usual mode, not a temporary file's 0600.
    assert_exit(
        &run_in(dir.path(), &["render", &a, "-o", "new.svg"]),
        0,
        "new",
    );
    let mode = std::fs::metadata(dir.path().join("new.svg"))
        .unwrap()
        .permissions()
        .mode();
    assert_ne!(
        mode & 0o044,
        0,
        "new files are readable by others as the umask allows"
    );
    assert_eq!(
        common::files_in(dir.path()),
        ["locked.svg", "new.svg", "private.svg"]
    );
}

#[cfg(unix)]
#[test]
fn planted_symlink_at_a_predictable_temporary_name_is_not_followed() {
    // The old temporary name was `.NAME.<pid>.<seq>.tmp`: plant links for a range of pids.
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    for pid in 1..4000 {
        let _ =
            std::os::unix::fs::symlink(&victim, dir.path().join(format!(".out.svg.{pid}.0.tmp")));
    }
    let a = example_path("grocery-checkout");
    assert_exit(
        &run_in(dir.path(), &["render", &a, "-o", "out.svg"]),
        0,
        "render",
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert!(
        std::fs::read_to_string(dir.path().join("out.svg"))
            .unwrap()
            .contains("<svg")
    );
}

#[cfg(unix)]
#[test]
fn interrupted_writes_leave_no_temporary_files() {
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("big.journey.yaml");
    std::fs::write(&map, common_big_map(12_000)).unwrap();
    for (signal, name) in [
        (libc::SIGINT, "INT"),
        (libc::SIGTERM, "TERM"),
        (libc::SIGHUP, "HUP"),
    ] {
        let out_dir = dir.path().join(format!("out-{name}"));
        std::fs::create_dir(&out_dir).unwrap();
        let mut child = common::journeymap(&[
            "render",
            map.to_str().unwrap(),
            "--format",
            "html",
            "-o",
            out_dir.join("page.html").to_str().unwrap(),
        ])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
        // Wait for the temporary output to appear, then interrupt.
        let started = Instant::now();
        while common::files_in(&out_dir).is_empty() && started.elapsed() < Duration::from_secs(60) {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        // SAFETY: kill sends a signal to our own child.
        unsafe { libc::kill(child.id() as i32, signal) };
        let status = child.wait().unwrap();
        assert!(
            !status.success(),
            "SIG{name}: the render was not interrupted in time"
        );
        assert_eq!(
            common::files_in(&out_dir),
            Vec::<String>::new(),
            "SIG{name} left files"
        );
    }
}

/// A valid map of `steps` steps in stages of ten, big enough to take a while to draw.
fn common_big_map(steps: usize) -> String {
    let mut text = String::from("journeymap: 1\nid: big\ntitle: Big\nstages:\n");
    for stage in 0..steps / 10 {
        text.push_str(&format!(
            "  - id: s{stage}\n    name: Stage {stage}\n    steps:\n"
        ));
        for step in 0..10 {
            text.push_str(&format!(
                "      - {{id: t{stage}-{step}, name: Step {step} of stage {stage} with words, emotion: {}, touchpoints: [web], pain_points: [Slow page {step}]}}\n",
                (step % 5) - 2
            ));
        }
    }
    text
}

/// `check`'s human output for a map text written to a fresh file.
fn check_text(text: &str) -> (Option<i32>, String) {
    let (_dir, path) = bytes_file("m.journey.yaml", text.as_bytes());
    let out = run(&["check", path.to_str().unwrap()]);
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    (out.status.code(), stderr(&out))
}

#[test]
fn whitespace_only_names_are_refused() {
    for blank in [" ", "\\u00A0", "\\u3000", "\\uFEFF", "\\u200B \\u2060"] {
        let text = ONE_STEP.replace("name: A", &format!("name: \"{blank}\""));
        let (code, err) = check_text(&text);
        assert_eq!(code, Some(1), "{blank}: {err}");
        assert!(err.contains("`name` holds only blanks"), "{blank}: {err}");
        assert!(err.contains("m.journey.yaml:9:15"), "{blank}: {err}");
    }
    // Text with a visible character among the blanks is fine, and exports to Mermaid that
    // reads back.
    let text = ONE_STEP.replace("name: A", "name: \"\\u3000A\\u3000\"");
    assert_eq!(check_text(&text).0, Some(0));
    let (_dir, path) = bytes_file("m.journey.yaml", text.as_bytes());
    let out = run(&["export", "mermaid", path.to_str().unwrap()]);
    assert_exit(&out, 0, "export mermaid");
    assert!(
        !stdout(&out)
            .lines()
            .any(|l| l.trim_start().starts_with(':')),
        "{}",
        stdout(&out)
    );
}

#[test]
fn numbers_are_kept_exactly_or_refused() {
    for number in ["12345678901234567890123", "9007199254740993", "1e-400"] {
        let text = format!("{ONE_STEP}        metrics: [{{name: m, value: {number}}}]\n");
        let (code, err) = check_text(&text);
        assert_eq!(code, Some(1), "{number}: {err}");
        assert!(
            err.contains(&format!("the number `{number}` cannot be kept exactly")),
            "{err}"
        );
        assert!(err.contains("quote it"), "{err}");
    }
    // Quoted, the same digits are text and come out as written.
    let text = format!(
        "{ONE_STEP}        metrics: [{{name: m, value: \"12345678901234567890123\", target: 9007199254740992}}]\n"
    );
    let (_dir, path) = bytes_file("m.journey.yaml", text.as_bytes());
    for args in [
        &["export", "csv"][..],
        &["export", "markdown"],
        &["textconv"],
    ] {
        let mut args = args.to_vec();
        args.push(path.to_str().unwrap());
        let out = run(&args);
        assert_exit(&out, 0, &format!("{args:?}"));
        assert!(
            stdout(&out).contains("12345678901234567890123"),
            "{args:?}: {}",
            stdout(&out)
        );
        assert!(
            stdout(&out).contains("9007199254740992"),
            "{args:?}: {}",
            stdout(&out)
        );
    }
}

#[test]
fn unknown_channel_suggests_only_what_is_close() {
    let text = ONE_STEP.replace("name: A\n", "name: A\n        touchpoints: [kiosk, webb]\n");
    let (code, err) = check_text(&text);
    assert_eq!(code, Some(1));
    assert!(!err.contains("did you mean `ads`"), "{err}");
    assert!(err.contains("the channel ids here are: web, app"), "{err}");
    assert!(err.contains("did you mean `web`"), "{err}");
}

#[test]
fn messages_that_misled() {
    // --today with a shaped but impossible date.
    let out = run(&["check", "--today", "2027-13-01", "examples"]);
    assert_exit(&out, 2, "--today");
    assert!(
        stderr(&out).contains("not a day of the calendar"),
        "{}",
        stderr(&out)
    );
    // A tab-indented key is shown at the tab, not at the end of the line before.
    let (code, err) = check_text("journeymap: 1\nid: t\n\ttitle: T\n");
    assert_eq!(code, Some(1));
    assert!(err.contains("m.journey.yaml:3:1"), "{err}");
    // `stages` is required: its help does not say "remove the key".
    let (_, err) = check_text("journeymap: 1\nid: t\ntitle: T\nstages: []\n");
    assert!(
        err.contains("it is required") && !err.contains("remove the key"),
        "{err}"
    );
    // A rule set by name and by code to different levels.
    let repo = repository();
    std::fs::write(
        repo.path().join("journeymap.toml"),
        "[rules]\nunused-persona = \"allow\"\nJM205 = \"deny\"\n",
    )
    .unwrap();
    std::fs::write(repo.path().join("maps/m.journey.yaml"), ONE_STEP).unwrap();
    let out = run_in(repo.path(), &["check", "maps"]);
    assert_exit(&out, 2, "conflicting levels");
    assert!(
        stderr(&out).contains("same rule (JM205)"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn suggestions_are_cheap_for_hostile_keys() {
    use std::time::Instant;
    let mut text = String::from(ONE_STEP);
    for i in 0..3_000 {
        text.push_str(&format!("{i}{}: x\n", "k".repeat(1_000)));
    }
    let started = Instant::now();
    let (code, _) = check_text(&text);
    assert_eq!(code, Some(1));
    // Generous for a debug build on a busy machine; it took 22 s of CPU at 30,000 keys before.
    assert!(
        started.elapsed().as_secs() < 20,
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn unknown_persona_on_a_very_big_map_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let text = common_big_map(10_010)
        .replace("title: Big\n", "title: Big\npersonas: [{id: p, name: P}]\n");
    let map = write(dir.path(), "big.journey.yaml", &text);
    let out = run_in(
        dir.path(),
        &[
            "render",
            map.to_str().unwrap(),
            "--persona",
            "nobody",
            "-o",
            "big.svg",
        ],
    );
    assert_exit(&out, 2, "render --persona nobody");
    assert!(
        stderr(&out).contains("unknown persona `nobody`"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("big.svg").exists());
}

#[test]
fn diff_of_a_stage_whose_id_changed_draws_no_negative_box() {
    let dir = tempfile::tempdir().unwrap();
    let old = example_path("grocery-checkout");
    let text = std::fs::read_to_string(&old)
        .unwrap()
        .replace("  - id: build-basket\n", "  - id: basket-building\n");
    let new = write(dir.path(), "new.journey.yaml", &text);
    for format in ["svg", "html"] {
        let out = run(&["diff", &old, new.to_str().unwrap(), "--format", format]);
        assert_exit(&out, 0, format);
        let page = stdout(&out);
        assert!(
            !page.contains("width=\"-") && !page.contains("height=\"-"),
            "{format}: negative size"
        );
    }
}

#[test]
fn markdown_diff_fits_a_comment_whatever_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let old = example_path("grocery-checkout");
    let text = std::fs::read_to_string(&old)
        .unwrap()
        .replacen(
            "title: Online grocery checkout, current state",
            &format!("title: \"{}\"", "x".repeat(70_000)),
            1,
        )
        .replace(
            "name: Opens the app from a reminder notification",
            &format!("name: \"{}\"", "y ".repeat(35_000).trim_end()),
        );
    let new = write(dir.path(), "new.journey.yaml", &text);
    let out = run(&["diff", &old, new.to_str().unwrap(), "--format", "markdown"]);
    assert_exit(&out, 0, "diff markdown");
    let comment = stdout(&out);
    assert!(
        comment.chars().count() < 65_536,
        "{} characters",
        comment.chars().count()
    );
    assert!(comment.contains("xxx…"), "the long title is cut visibly");
}

#[test]
fn huge_text_draws_a_bounded_card() {
    let dir = tempfile::tempdir().unwrap();
    let text = ONE_STEP.replace(
        "name: A",
        &format!("name: \"{}\"", "word ".repeat(200_000).trim_end()),
    ) + &format!(
        "        description: \"{}\"\n",
        "lorem ipsum ".repeat(300_000)
    );
    let map = write(dir.path(), "m.journey.yaml", &text);
    for format in ["svg", "png", "html"] {
        let out = run_in(
            dir.path(),
            &[
                "render",
                map.to_str().unwrap(),
                "--format",
                format,
                "-o",
                "-",
            ],
        );
        assert_exit(&out, 0, format);
        // Each text is at most 40 lines, and tooltips and titles at most 4,000 characters.
        assert!(
            out.stdout.len() < 400_000,
            "{format}: {} bytes",
            out.stdout.len()
        );
        if format == "svg" {
            let svg = stdout(&out);
            assert!(
                svg.matches("<text").count() < 200,
                "{}",
                svg.matches("<text").count()
            );
            assert!(
                svg.contains("wor…") || svg.contains("word…"),
                "the cut is visible"
            );
            roxmltree::Document::parse(&svg).unwrap();
        }
    }
}

/// Found by fuzzing (fuzz/regressions/import_*-cr-*): a lone CR decoded from a cell or an
/// entity was accepted by the import and refused only by `check` on the written map.
#[test]
fn import_lone_cr_is_refused_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write(dir.path(), "s.csv", "stage_name,step_name\nS,\"a\rb\"\n");
    let out = run(&["import", "csv", csv.to_str().unwrap()]);
    assert_exit(&out, 1, "import csv");
    assert!(
        stderr(&out).contains("row 2, column B (step_name)"),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).is_empty());
    let mmd = write(
        dir.path(),
        "j.mmd",
        "journey\n  section S\n    a#13;b: 3: Me\n",
    );
    let out = run(&["import", "mermaid", mmd.to_str().unwrap()]);
    assert_exit(&out, 1, "import mermaid");
    assert!(stderr(&out).contains("U+000D"), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
}

/// A map with one step and `extra` as its last top-level lines.
fn one_step_map(extra: &str) -> String {
    format!(
        "journeymap: 1\nid: t\ntitle: T\nstages:\n  - id: s\n    name: S\n    steps:\n      - {{id: a, name: A}}\n{extra}"
    )
}

/// JSON (and so YAML 1.2) spells a character beyond the Basic Multilingual Plane as a
/// surrogate pair; `json.dumps` writes every emoji that way. Half a pair is still an error.
#[test]
fn json_surrogate_pair_escapes_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let text = one_step_map("").replace("title: T", r#"title: "Hi \ud83d\ude00 \uD83D\uDC4D""#);
    let map = write(dir.path(), "pair.journey.yaml", &text);
    let out = run(&["export", "markdown", map.to_str().unwrap()]);
    assert_exit(&out, 0, "a surrogate pair");
    assert!(stdout(&out).starts_with("# Hi 😀 👍\n"), "{}", stdout(&out));

    for half in [r"\ud83d", r"\ude00", r"\ud83d\u0041"] {
        let text = one_step_map("").replace("title: T", &format!("title: \"Hi {half}\""));
        let map = write(dir.path(), "half.journey.yaml", &text);
        let out = run(&["check", map.to_str().unwrap()]);
        assert_exit(&out, 1, half);
        assert!(
            stderr(&out).contains("half of a UTF-16 surrogate pair"),
            "{half}: {}",
            stderr(&out)
        );
    }
}

/// `[Too slow -]` is the text `Too slow -` in YAML 1.2 (only a scalar's first character may
/// not be a `-` before `,`, `]` or `}`); the parser refused it, and `import csv` wrote it.
#[test]
fn flow_plain_blank_dash_is_text() {
    let dir = tempfile::tempdir().unwrap();
    let map = write(
        dir.path(),
        "dash.journey.yaml",
        &one_step_map("personas:\n  - id: p\n    name: P\n    goals: [Too slow -, b -]\n"),
    );
    let out = run(&["export", "markdown", map.to_str().unwrap()]);
    assert_exit(&out, 0, "a flow item ending in ` -`");
    assert!(stdout(&out).contains("Too slow -; b -"), "{}", stdout(&out));
    let map = write(
        dir.path(),
        "first.journey.yaml",
        &one_step_map("personas:\n  - id: p\n    name: P\n    goals: [-, b]\n"),
    );
    assert_exit(&run(&["check", map.to_str().unwrap()]), 1, "`[-, b]`");
}

/// An implicit key spans at most 1024 characters, in flow collections too. The parser did
/// not stale keys inside a flow collection, so it held every token of a collection nested in
/// another until it closed (3 MB of nested lists took 800 MB); now a longer key is an error
/// that says what to do, and the memory stays bounded (tests/hostile.rs measures it).
#[test]
fn implicit_keys_in_flow_collections_are_at_most_1024_characters() {
    let dir = tempfile::tempdir().unwrap();
    let key = "k".repeat(1_030);
    let map = write(
        dir.path(),
        "long.journey.yaml",
        &one_step_map(&format!("x-notes: {{{key}: v}}\n")),
    );
    let out = run(&["check", map.to_str().unwrap()]);
    assert_exit(&out, 1, "a 1030-character flow key");
    assert!(
        stderr(&out).contains(
            "an implicit key may be at most 1024 characters long; mark a longer key with '? '"
        ),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("long.journey.yaml:9:1041"),
        "{}",
        stderr(&out)
    );
    // Marked with `? `, the same key is read: what remains is that the map has no such key.
    let map = write(
        dir.path(),
        "explicit.journey.yaml",
        &one_step_map(&format!("x-notes: {{? {key} : v}}\n")),
    );
    let out = run(&["check", map.to_str().unwrap()]);
    assert_exit(&out, 1, "an explicit long key in an unknown key");
    assert!(!stderr(&out).contains("implicit key"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("JM101(unknown-key)"),
        "{}",
        stderr(&out)
    );
}

/// Regression: `check maps/` skipped a symlinked map without a word, so a map could go
/// unchecked. A link that stays in the repository is checked; one that leaves it is refused as
/// when it is named directly.
#[cfg(unix)]
#[test]
fn symlinked_maps_in_a_folder_are_checked_not_skipped() {
    let repo = repository();
    let real = repo.path().join("drafts/real.journey.yaml");
    write(
        repo.path(),
        "drafts/real.journey.yaml",
        "journeymap: 1\nid: t\n",
    );
    std::os::unix::fs::symlink(
        "../drafts/real.journey.yaml",
        repo.path().join("maps/in.journey.yaml"),
    )
    .unwrap();
    let out = run_in(repo.path(), &["check", "maps"]);
    assert_exit(&out, 1, "a linked map with errors");
    assert!(
        stderr(&out).contains("maps/in.journey.yaml"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("in 1 file"), "{}", stderr(&out));

    std::fs::remove_file(&real).unwrap();
    let outside = tempfile::NamedTempFile::new().unwrap();
    std::os::unix::fs::symlink(outside.path(), &real).unwrap();
    let out = run_in(repo.path(), &["check", "maps"]);
    assert_exit(&out, 2, "a linked map outside the repository");
    assert!(stderr(&out).contains("outside"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("--follow-symlinks"),
        "{}",
        stderr(&out)
    );
}

/// Regression: `export markdown` escaped each line with the pull-request diff's escaper,
/// which clips text to 500 characters for GitHub's comment limit, so a long description lost
/// its end without a word. An export keeps every character.
#[test]
fn export_markdown_keeps_long_text_whole() {
    let dir = tempfile::tempdir().unwrap();
    let description = format!("{}the end", "word ".repeat(200));
    let map = write(
        dir.path(),
        "long.journey.yaml",
        &one_step_map("").replace(
            "title: T\n",
            &format!("title: T\ndescription: \"{description}\"\n"),
        ),
    );
    let out = run(&["export", "markdown", map.to_str().unwrap()]);
    assert_exit(&out, 0, "a long description");
    assert!(stdout(&out).contains(&description), "{}", stdout(&out));
    assert!(!stdout(&out).contains('…'), "{}", stdout(&out));
}
