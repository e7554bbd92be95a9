//! `journeymap render` from the command line: where outputs go, formats, exit codes, bad
//! input, atomic writes, and the HTML page's escaping, CSP and templates.

mod common;

use std::path::{Path, PathBuf};

use common::journeymap;

fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// Copies a fixture or example into `dir` and returns its new path.
fn copy_in(dir: &Path, from: &Path) -> PathBuf {
    let to = dir.join(from.file_name().unwrap());
    std::fs::copy(from, &to).unwrap();
    to
}

fn example(name: &str) -> PathBuf {
    common::root().join(format!("examples/{name}.journey.yaml"))
}

fn render_fixture(name: &str) -> PathBuf {
    common::fixture(&format!("render/{name}.journey.yaml"))
}

fn run(args: &[&str]) -> std::process::Output {
    journeymap(args).output().unwrap()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn writes_next_to_the_input_by_default() {
    let dir = temp_dir();
    let map = copy_in(dir.path(), &render_fixture("blueprint"));
    let out = run(&["render", map.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        common::files_in(dir.path()),
        ["blueprint.journey.yaml", "blueprint.svg"]
    );
    let svg = std::fs::read_to_string(dir.path().join("blueprint.svg")).unwrap();
    assert!(svg.starts_with("<?xml"));
    roxmltree::Document::parse(&svg).unwrap();
}

#[test]
fn format_comes_from_the_output_name_or_the_flag() {
    let dir = temp_dir();
    let map = render_fixture("day");
    let map = map.to_str().unwrap();
    let png = dir.path().join("day.png");
    let out = run(&["render", map, "-o", png.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        std::fs::read(&png)
            .unwrap()
            .starts_with(b"\x89PNG\r\n\x1a\n")
    );

    let html = dir.path().join("page.out");
    let out = run(&[
        "render",
        map,
        "-o",
        html.to_str().unwrap(),
        "--format",
        "html",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        std::fs::read_to_string(&html)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );

    let out = run(&["render", map, "-o", "x.svg", "--format", "png"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--format is png"), "{}", stderr(&out));
}

#[test]
fn dash_writes_to_stdout_and_output_is_byte_identical() {
    let map = render_fixture("all-lanes");
    let map = map.to_str().unwrap();
    let first = run(&["render", map, "-o", "-"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let second = run(&["render", map, "-o", "-"]);
    assert_eq!(first.stdout, second.stdout);
    let text = String::from_utf8(first.stdout).unwrap();
    assert!(text.contains("<svg"));
    let html1 = run(&["render", map, "-o", "-", "--format", "html"]).stdout;
    let html2 = run(&["render", map, "-o", "-", "--format", "html"]).stdout;
    assert_eq!(html1, html2);
    let png1 = run(&[
        "render", map, "-o", "-", "--format", "png", "--lanes", "steps",
    ])
    .stdout;
    let png2 = run(&[
        "render", map, "-o", "-", "--format", "png", "--lanes", "steps",
    ])
    .stdout;
    assert!(png1.starts_with(b"\x89PNG"));
    assert_eq!(png1, png2);
}

#[test]
fn several_inputs_need_a_directory() {
    let dir = temp_dir();
    let a = render_fixture("day");
    let b = render_fixture("blueprint");
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let out = run(&[
        "render",
        a,
        b,
        "-o",
        dir.path().join("one.svg").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("give -o a directory"),
        "{}",
        stderr(&out)
    );
    let out = run(&["render", a, b, "-o", "-"]);
    assert_eq!(out.status.code(), Some(2));

    let target = dir.path().join("drawings");
    std::fs::create_dir(&target).unwrap();
    let out = run(&[
        "render",
        a,
        b,
        "-o",
        target.to_str().unwrap(),
        "--format",
        "html",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(common::files_in(&target), ["blueprint.html", "day.html"]);
}

#[test]
fn an_invalid_map_renders_nothing_and_reports_like_check() {
    let dir = temp_dir();
    let good = copy_in(dir.path(), &render_fixture("day"));
    let bad = dir.path().join("bad.journey.yaml");
    std::fs::write(
        &bad,
        "journeymap: 1\nid: bad\ntitle: Bad\nstages:\n  - id: s\n    name: S\n    steps:\n      - id: a\n        name: A\n        emotion: 7\n        touchpoints: [telepathy]\n",
    )
    .unwrap();
    let out = run(&["render", good.to_str().unwrap(), bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let check = run(&["check", bad.to_str().unwrap()]);
    assert_eq!(stderr(&out), stderr(&check));
    assert!(stderr(&out).contains("telepathy"));
    // Nothing was written, not even for the good map.
    assert_eq!(
        common::files_in(dir.path()),
        ["bad.journey.yaml", "day.journey.yaml"]
    );
}

#[test]
fn unknown_lanes_and_personas_are_usage_errors() {
    let map = render_fixture("all-lanes");
    let map = map.to_str().unwrap();
    let out = run(&["render", map, "--lanes", "steps,feelings", "-o", "-"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("feelings"), "{}", stderr(&out));
    assert!(out.stdout.is_empty());

    let out = run(&["render", map, "--persona", "tom", "-o", "-"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("unknown persona `tom`"), "{err}");
    assert!(err.contains("resident, carer"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn lanes_and_personas_select_what_is_drawn() {
    let map = render_fixture("all-lanes");
    let map = map.to_str().unwrap();
    let out = run(&["render", map, "--lanes", "emotion,steps", "-o", "-"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let svg = String::from_utf8(out.stdout).unwrap();
    let lanes: Vec<&str> = svg
        .split("data-lane=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    assert_eq!(lanes, ["emotion", "steps"]);

    let out = run(&["render", map, "--persona", "carer", "-o", "-"]);
    let svg = String::from_utf8(out.stdout).unwrap();
    assert!(!svg.contains("Uploads proof of address"));
    assert!(svg.contains("Tom Reed"));
}

#[test]
fn writes_are_atomic_and_leave_no_temporary_files() {
    let dir = temp_dir();
    let target = dir.path().join("out.svg");
    std::fs::write(&target, "old").unwrap();
    let map = render_fixture("day");
    let out = run(&[
        "render",
        map.to_str().unwrap(),
        "-o",
        target.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    assert_eq!(common::files_in(dir.path()), ["out.svg"]);
    assert!(std::fs::read_to_string(&target).unwrap().contains("<svg"));
    // A folder that cannot be made (a file is in the way): an error, and nothing
    // half-written anywhere.
    let blocked = dir.path().join("out.svg/inner.svg");
    let out = run(&[
        "render",
        map.to_str().unwrap(),
        "-o",
        blocked.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(common::files_in(dir.path()), ["out.svg"]);
    // A folder that does not exist is made, as by every command.
    let missing = dir.path().join("missing/out.svg");
    let out = run(&[
        "render",
        map.to_str().unwrap(),
        "-o",
        missing.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    assert_eq!(common::files_in(&dir.path().join("missing")), ["out.svg"]);
}

#[test]
fn a_map_that_fails_to_draw_leaves_no_output_from_the_others() {
    // The first map draws (it has the persona); the second has none and fails while being
    // drawn. Its sibling's finished output must not appear, nor any temporary file.
    let dir = temp_dir();
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let first = render_fixture("all-lanes");
    let second = render_fixture("day");
    let out = run(&[
        "render",
        first.to_str().unwrap(),
        second.to_str().unwrap(),
        "--persona",
        "carer",
        "-o",
        &format!("{}/", out_dir.display()),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("day.journey.yaml"),
        "{}",
        stderr(&out)
    );
    assert!(
        common::files_in(&out_dir).is_empty(),
        "{:?}",
        common::files_in(&out_dir)
    );
}

#[test]
fn html_is_self_contained_escaped_and_locked_down() {
    let out = run(&[
        "render",
        render_fixture("hostile").to_str().unwrap(),
        "-o",
        "-",
        "--format",
        "html",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = String::from_utf8(out.stdout).unwrap();
    // One script element (ours) and one style element (ours).
    assert_eq!(html.matches("<script").count(), 1, "{html}");
    assert_eq!(html.matches("<style").count(), 1);
    assert_eq!(html.matches("</style>").count(), 1);
    for bad in [
        "<img",
        "<iframe",
        "<object",
        "<meta http-equiv=\"refresh\"",
        "<link",
        "<img src=x onerror",
        "<svg onload",
        "<a href",
        "<b onmouseover",
    ] {
        assert!(!html.contains(bad), "{bad} reached the page");
    }
    // Template syntax in map text stays text.
    assert!(html.contains("{{ 7 * 7 }}"));
    assert!(!html.contains(">49<"));
    assert!(html.contains("{% for x in [1,2,3] %}"));
    // The policy forbids everything but our own inline style and script.
    let csp_start = html.find("Content-Security-Policy\" content=\"").unwrap();
    let csp =
        html[csp_start..html[csp_start..].find("\">").unwrap() + csp_start].replace("&#x27;", "'");
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert!(csp.contains("script-src 'sha256-"), "{csp}");
    assert!(!csp.contains("unsafe-inline"));
    // No network: no tag of the page has a `src` or `href` (map text that looks like one is
    // escaped, so it is not inside a tag).
    for tag in html.split('<').skip(1) {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        assert!(
            !tag.contains(" src=") && !tag.contains(" href=") && !tag.contains(" on"),
            "<{tag}>"
        );
    }
}

#[test]
fn html_has_the_diagram_insights_personas_and_toggles() {
    let out = run(&[
        "render",
        example("grocery-checkout").to_str().unwrap(),
        "-o",
        "-",
        "--format",
        "html",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = String::from_utf8(out.stdout).unwrap();
    // One diagram, drawn in the light theme; the stylesheet recolours it for a dark scheme
    // (tests/browser/scheme.mjs holds the result to --theme dark's pixels in Chromium).
    assert_eq!(
        html.matches("class=\"jm-diagram jm-theme-").count(),
        1,
        "one diagram"
    );
    assert!(html.contains("jm-when-any"));
    assert!(html.contains(
        "@media screen and (prefers-color-scheme: dark) {\n  html[data-theme=\"auto\"] .jm-when-any [fill="
    ));
    assert!(
        html.contains("[fill=\"#fefefe\"] { fill: #0d1117; }"),
        "the canvas"
    );
    // The paper pages it prints (A4 landscape unless --page says otherwise), each a page of
    // the same size, and the journey stage by stage for a narrow screen and the detail panel.
    let printed = html
        .matches("<div class=\"jm-print-page\"><svg aria-labelledby=\"jm-print-")
        .count();
    assert!(printed >= 2, "{printed} paper pages");
    assert!(html.contains("@page { size: 297mm 210mm; margin: 0; }"));
    for (id, name) in [
        ("opens-app", "Opens the app from a reminder notification"),
        ("enters-card", "Enters card details"),
    ] {
        let at = html
            .find(&format!(
                "<article class=\"jm-read-step\" id=\"jm-read-step-{id}\""
            ))
            .unwrap_or_else(|| panic!("no reading entry for {id}"));
        assert!(html[at..].contains(name));
        assert!(
            html.contains(&format!("<g class=\"jm-step\" data-step=\"{id}\">")),
            "the card of {id} names its step"
        );
    }
    assert!(html.contains("data-theme=\"auto\""));
    assert!(html.contains("prefers-color-scheme: dark"));
    assert!(html.contains("@media print"));
    assert!(html.contains("data-lane-toggle value=\"emotion\""));
    for heading in [
        "Lowest moments",
        "Biggest drops between steps",
        "Stages with most pain points",
        "Pain points nobody addresses",
        "Personas",
    ] {
        assert!(html.contains(heading), "{heading}");
    }
    // The lowest moments of the grocery map are the voucher and the card form.
    let lowest = &html[html.find("Lowest moments").unwrap()..html.find("Biggest drops").unwrap()];
    assert!(lowest.contains("Tries a voucher code from the magazine"));
    assert!(lowest.contains("Enters card details"));
    // Only the chosen theme when --theme is given.
    let dark = run(&[
        "render",
        example("grocery-checkout").to_str().unwrap(),
        "-o",
        "-",
        "--format",
        "html",
        "--theme",
        "dark",
    ]);
    let dark = String::from_utf8(dark.stdout).unwrap();
    assert_eq!(dark.matches("class=\"jm-diagram jm-theme-").count(), 1);
    assert!(dark.contains("data-theme=\"dark\""));
}

#[test]
fn user_templates_get_escaped_context_values() {
    let dir = temp_dir();
    let template = dir.path().join("mine.html");
    std::fs::write(
        &template,
        "<h1>{{ title }}</h1><p>{{ stats.steps }} steps</p>{% for d in diagrams %}{{ d.svg | safe }}{% endfor %}<ul>{% for p in personas %}<li>{{ p.name }}</li>{% endfor %}</ul>",
    )
    .unwrap();
    let out = run(&[
        "render",
        render_fixture("hostile").to_str().unwrap(),
        "-o",
        "-",
        "--format",
        "html",
        "--template",
        template.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.starts_with("<h1>&lt;script&gt;"), "{html}");
    assert!(html.contains("<p>1 steps</p>"));
    assert!(!html.contains("<script"));

    // A broken template is a usage error, not a panic.
    std::fs::write(&template, "{% for x in %}").unwrap();
    let out = run(&[
        "render",
        render_fixture("day").to_str().unwrap(),
        "-o",
        "-",
        "--template",
        template.to_str().unwrap(),
        "--format",
        "html",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("template"), "{}", stderr(&out));
    // --template needs HTML.
    let out = run(&[
        "render",
        render_fixture("day").to_str().unwrap(),
        "-o",
        "-",
        "--template",
        template.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn empathy_view_draws_every_persona() {
    let out = run(&[
        "render",
        example("contact-centre-support").to_str().unwrap(),
        "--view",
        "empathy",
        "-o",
        "-",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let svg = String::from_utf8(out.stdout).unwrap();
    for word in [
        "Says",
        "Thinks",
        "Does",
        "Feels",
        "Zoë Hartley",
        "José Ferreira",
    ] {
        assert!(svg.contains(word), "{word}");
    }
}

#[test]
fn help_lists_the_lanes_and_exit_codes() {
    let out = run(&["render", "--help"]);
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("pain-points"));
    assert!(help.contains("Exit status"));
}

/// `-o /dev/null`, `-o /dev/stdout` or a named pipe must be written to, not replaced by a
/// plain file through the atomic rename. Tested with a pipe in a temporary folder.
#[cfg(unix)]
#[test]
fn special_files_are_written_in_place() {
    use std::io::Read;
    use std::os::unix::fs::FileTypeExt;
    let dir = temp_dir();
    let fifo = dir.path().join("pipe.svg");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            std::fs::File::open(&fifo)
                .unwrap()
                .read_to_string(&mut text)
                .unwrap();
            text
        })
    };
    let map = render_fixture("day");
    let out = run(&[
        "render",
        map.to_str().unwrap(),
        "-o",
        fifo.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = reader.join().unwrap();
    assert!(text.contains("<svg"));
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    assert_eq!(common::files_in(dir.path()), ["pipe.svg"]);
}

/// The empathy view of a map without personas still draws (its sentence says why it is
/// empty) and warns on stderr, exit 0; a persona without empathy data gets a sentence, not
/// four empty quadrants.
#[test]
fn empathy_view_says_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let bare = dir.path().join("bare.journey.yaml");
    std::fs::write(
        &bare,
        "journeymap: 1\nid: m\ntitle: M\nstages:\n  - id: s\n    name: S\n    steps:\n      - {id: a, name: A}\n",
    )
    .unwrap();
    let out = run(&[
        "render",
        bare.to_str().unwrap(),
        "--view",
        "empathy",
        "-o",
        "-",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("declares no personas"),
        "{}",
        stderr(&out)
    );
    let no_empathy = dir.path().join("no-empathy.journey.yaml");
    std::fs::write(
        &no_empathy,
        "journeymap: 1\nid: m\ntitle: M\npersonas:\n  - {id: ana, name: Ana, goals: [Park]}\n\
         stages:\n  - id: s\n    name: S\n    steps:\n      - {id: a, name: A}\n",
    )
    .unwrap();
    let out = run(&[
        "render",
        no_empathy.to_str().unwrap(),
        "--view",
        "empathy",
        "-o",
        "-",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let svg = String::from_utf8(out.stdout).unwrap();
    assert!(svg.contains("No empathy map for this persona yet"));
    assert!(
        !svg.contains("jm-empathy-quadrant"),
        "empty quadrants were drawn"
    );
    assert!(svg.contains("Park"));
}

/// A PNG whose text has a character no font covers still renders (exit 0) and says which
/// characters and how to add a font; a `--font` that cannot be read is an error naming it.
/// (Regression: CJK drew as empty boxes with exit 0 and no word.)
#[test]
fn png_names_characters_no_font_can_draw() {
    let dir = temp_dir();
    let map = dir.path().join("pua.journey.yaml");
    std::fs::write(
        &map,
        "journeymap: 1\nid: m\ntitle: \"Checkout \u{F0000}\"\nstages:\n  - id: s\n    name: S\n    steps:\n      - {id: a, name: A}\n",
    )
    .unwrap();
    let png = dir.path().join("pua.png");
    let out = run(&["render", map.to_str().unwrap(), "-o", png.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("U+F0000"), "{err}");
    assert!(err.contains("--font"), "{err}");
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
    let out = run(&[
        "render",
        map.to_str().unwrap(),
        "-o",
        png.to_str().unwrap(),
        "--font",
        "no-such-font.ttf",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("no-such-font.ttf"));
}

/// `--page` with a PDF: one document, every page of the paper size, the same bytes on every
/// run; with PNG or SVG: one file per page, numbered, and nothing else left behind.
#[test]
fn paper_pages_go_to_one_pdf_or_numbered_images() {
    let dir = temp_dir();
    let map = example("grocery-checkout");
    let map = map.to_str().unwrap();
    let pdf = dir.path().join("g.pdf");
    let out = run(&[
        "render",
        map,
        "--page",
        "a4",
        "--landscape",
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&bytes);
    // A4 landscape, as PDF writes a page's box: 841.89 x 595.28 points.
    let pages = text.matches("/MediaBox[0 0 841.89 595.28]").count();
    assert!(pages >= 2, "{pages} A4 landscape pages");
    let again = dir.path().join("again.pdf");
    let out = run(&[
        "render",
        map,
        "--page",
        "a4",
        "--landscape",
        "-o",
        again.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    assert_eq!(
        std::fs::read(&again).unwrap(),
        bytes,
        "the same map gives the same PDF"
    );

    let svg = dir.path().join("pages").join("g.svg");
    std::fs::create_dir(dir.path().join("pages")).unwrap();
    let out = run(&[
        "render",
        map,
        "--page",
        "a4",
        "--landscape",
        "-o",
        svg.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let names = common::files_in(&dir.path().join("pages"));
    assert_eq!(names.len(), pages, "{names:?}");
    for (i, name) in names.iter().enumerate() {
        assert!(names.contains(&format!("g-{}.svg", i + 1)), "{names:?}");
        let page = std::fs::read_to_string(dir.path().join("pages").join(name)).unwrap();
        let doc = roxmltree::Document::parse(&page).unwrap();
        assert_eq!(doc.root_element().attribute("width"), Some("841.89"));
        assert!(
            page.contains(&format!("/ {pages}</text>")),
            "{name} numbers its page"
        );
    }
}

#[test]
fn paper_pages_cannot_go_to_stdout_and_landscape_needs_a_page() {
    let map = example("grocery-checkout");
    let map = map.to_str().unwrap();
    let out = run(&["render", map, "--page", "a3", "--format", "png", "-o", "-"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("one png file per page"),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty());
    let out = run(&["render", map, "--landscape", "-o", "-"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--page"), "{}", stderr(&out));
    let out = run(&["render", map, "--page", "a5"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("a4"), "{}", stderr(&out));
}

/// The diagram's own words follow `--language`, else the map's `language:`; a project's
/// `journeymap.toml` rewords them; a language without a table draws English with a warning.
#[test]
fn the_diagram_speaks_the_maps_language() {
    let dir = temp_dir();
    let yaml = std::fs::read_to_string(render_fixture("blueprint")).unwrap();
    let german = dir.path().join("de.journey.yaml");
    std::fs::write(
        &german,
        yaml.replacen("title:", "language: de-AT\ntitle:", 1),
    )
    .unwrap();
    let out = run(&["render", german.to_str().unwrap(), "-o", "-"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let svg = String::from_utf8(out.stdout).unwrap();
    assert!(svg.contains(">Phasen</text>"), "German lane names");
    assert!(!svg.contains(">Stages</text>"));

    let out = run(&[
        "render",
        german.to_str().unwrap(),
        "--language",
        "ja",
        "-o",
        "-",
    ]);
    let svg = String::from_utf8(out.stdout).unwrap();
    assert!(
        svg.contains(">ステージ</text>"),
        "--language wins over the map"
    );
    let html = run(&[
        "render",
        german.to_str().unwrap(),
        "--format",
        "html",
        "-o",
        "-",
    ]);
    let html = String::from_utf8_lossy(&html.stdout).into_owned();
    assert!(html.contains("<html lang=\"de\""));
    // The page's own headings and controls too.
    for word in [
        "Erkenntnisse",
        "Tiefste Momente",
        "Phase für Phase",
        "Diagramm zeigen",
    ] {
        assert!(html.contains(word), "{word}");
    }
    assert!(!html.contains("Lowest moments"));

    std::fs::write(
        dir.path().join("journeymap.toml"),
        "[labels]\nstages = \"Chapters\"\n[labels.de]\ncustomer-actions = \"Handgriffe\"\n",
    )
    .unwrap();
    let out = run(&["render", german.to_str().unwrap(), "-o", "-"]);
    let svg = String::from_utf8(out.stdout).unwrap();
    assert!(
        svg.contains(">Chapters</text>") && svg.contains(">Handgriffe</text>"),
        "overrides"
    );

    std::fs::write(
        dir.path().join("journeymap.toml"),
        "[labels]\nstagez = \"x\"\n",
    )
    .unwrap();
    let out = run(&["render", german.to_str().unwrap(), "-o", "-"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("did you mean `stages`"),
        "{}",
        stderr(&out)
    );
    std::fs::remove_file(dir.path().join("journeymap.toml")).unwrap();

    let korean = dir.path().join("ko.journey.yaml");
    std::fs::write(&korean, yaml.replacen("title:", "language: ko\ntitle:", 1)).unwrap();
    let out = run(&["render", korean.to_str().unwrap(), "-o", "-"]);
    assert!(out.status.success());
    assert!(
        stderr(&out).contains("no words in `ko`"),
        "{}",
        stderr(&out)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains(">Stages</text>"));
    let out = run(&["render", korean.to_str().unwrap(), "--language", "ko"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("the languages are en, ja, zh, es, de, fr, pt"));
}

/// A journey too long to print from a browser (a 1,000-step map needs about 200 A4 sheets)
/// carries no paper sheets in its page: they would make the page several times the size of
/// its diagram. It is printed as the diagram scaled to the paper, and `--page` makes a PDF.
/// A map that fits in a few dozen sheets keeps them (the test above).
#[test]
fn html_of_a_journey_too_long_to_print_has_no_sheets() {
    #[path = "render_support/mod.rs"]
    mod render_support;
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("long.journey.yaml");
    std::fs::write(&map, render_support::generated_map(1_000)).unwrap();
    let out = run(&[
        "render",
        map.to_str().unwrap(),
        "-o",
        "-",
        "--format",
        "html",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(!html.contains("<div class=\"jm-print-page\">"));
    assert!(html.contains("jm-diagram"), "the diagram is still there");
}
