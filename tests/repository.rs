//! A repository of maps: shared libraries, links between maps, tickets and evidence. The
//! fixture repository (tests/fixtures/repository) checks without errors; each kind of broken
//! reference, made in a copy of it, gives its finding at the right line and column.

mod common;
mod generate;

use std::path::{Path, PathBuf};

use common::journeymap;
use serde_json::Value;

/// A copy of the fixture repository in a temporary folder that is a repository of its own
/// (it holds `.git`), so that "outside the repository" means outside this folder.
fn copy_repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    copy_dir(&common::fixture("repository"), &root);
    std::fs::create_dir(root.join(".git")).unwrap();
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn repo(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("repo")
}

/// Replaces `from` (which must occur) with `to` in a file.
fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// `check --format json` of `paths`, run in `dir`: the exit code and the findings.
fn check_json(dir: &Path, paths: &[&str]) -> (i32, Vec<Value>) {
    let mut args = vec!["check", "--format", "json", "--today", "2026-11-30"];
    args.extend_from_slice(paths);
    let out = journeymap(&args).current_dir(dir).output().unwrap();
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (
        out.status.code().unwrap(),
        report["diagnostics"].as_array().unwrap().clone(),
    )
}

/// The one finding with `code`, as (file, line, column, message, help).
fn only(findings: &[Value], code: &str) -> (String, u64, u64, String, String) {
    let with: Vec<&Value> = findings.iter().filter(|d| d["code"] == code).collect();
    assert_eq!(with.len(), 1, "one {code} expected in {findings:#?}");
    let d = with[0];
    (
        d["file"].as_str().unwrap().to_string(),
        d["span"]["start"]["line"].as_u64().unwrap(),
        d["span"]["start"]["column"].as_u64().unwrap(),
        d["message"].as_str().unwrap().to_string(),
        d["help"].as_str().unwrap_or("").to_string(),
    )
}

const OPENING: &str = "banking/account-opening.journey.yaml";
const IDENTITY: &str = "banking/blueprints/identity-check.journey.yaml";

#[test]
fn the_fixture_repository_checks_without_errors() {
    let dir = copy_repository();
    let (code, findings) = check_json(&repo(&dir), &["."]);
    assert_eq!(code, 0, "{findings:#?}");
    assert!(findings.iter().all(|d| d["severity"] != "error"));
    // What the fixture holds on purpose: one step backed only by assumption, one overdue review.
    let codes: Vec<&str> = findings
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"JM204"), "{codes:?}");
    let (file, line, column, message, _) = only(&findings, "JM214");
    assert_eq!((file.as_str(), line, column), (OPENING, 52, 18));
    assert_eq!(
        message,
        "the emotion of step `first-salary` is backed only by assumption"
    );
}

#[test]
fn unknown_persona_in_a_library_points_at_the_entry() {
    let dir = copy_repository();
    edit(
        &repo(&dir).join(OPENING),
        "personas: [new-customer]",
        "personas: [new-custmer]",
    );
    let (code, findings) = check_json(&repo(&dir), &[OPENING]);
    assert_eq!(code, 1);
    let (file, line, column, message, help) = only(&findings, "JM201");
    assert_eq!((file.as_str(), line, column), (OPENING, 9, 12));
    assert_eq!(
        message,
        "no library this map uses defines the persona `new-custmer`"
    );
    assert_eq!(help, "did you mean `new-customer`?");
}

#[test]
fn missing_link_target_points_at_the_link() {
    let dir = copy_repository();
    edit(
        &repo(&dir).join(OPENING),
        "detail: blueprints/identity-check.journey.yaml",
        "detail: blueprints/identity-chek.journey.yaml",
    );
    let (_, findings) = check_json(&repo(&dir), &[OPENING]);
    let (file, line, column, message, help) = only(&findings, "JM212");
    assert_eq!((file.as_str(), line, column), (OPENING, 36, 17));
    assert_eq!(
        message,
        "the detail map `blueprints/identity-chek.journey.yaml` does not exist"
    );
    assert!(
        help.starts_with("did you mean `identity-check.journey.yaml`?"),
        "{help}"
    );
}

#[test]
fn link_cycle_is_reported_at_the_link_that_closes_it() {
    let dir = copy_repository();
    // The blueprint's step zooms into the journey the blueprint belongs to.
    edit(
        &repo(&dir).join(IDENTITY),
        "        touchpoints: [advisor-call]\n",
        "        touchpoints: [advisor-call]\n        detail: ../account-opening.journey.yaml\n",
    );
    let (code, findings) = check_json(&repo(&dir), &[IDENTITY]);
    assert_eq!(code, 1);
    let (file, line, column, message, _) = only(&findings, "JM212");
    assert_eq!((file.as_str(), line, column), (IDENTITY, 28, 17));
    assert_eq!(message, "the links between maps form a cycle");
    let label = findings.iter().find(|d| d["code"] == "JM212").unwrap()["label"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(label.contains("identity-check.journey.yaml ⊂ banking/account-opening.journey.yaml ⊂ banking/blueprints/identity-check.journey.yaml"), "{label}");
    // The other map of the cycle reports it too, at its own link.
    let (_, findings) = check_json(&repo(&dir), &[OPENING]);
    let (_, line, column, _, _) = only(&findings, "JM212");
    assert_eq!((line, column), (36, 17));
}

#[test]
fn a_map_linking_to_itself_is_a_cycle() {
    let dir = copy_repository();
    edit(
        &repo(&dir).join(IDENTITY),
        "parent: ../account-opening.journey.yaml",
        "parent: identity-check.journey.yaml",
    );
    let (_, findings) = check_json(&repo(&dir), &[IDENTITY]);
    let (_, line, column, message, _) = only(&findings, "JM212");
    assert_eq!(
        (line, column, message.as_str()),
        (5, 9, "the links between maps form a cycle")
    );
}

#[test]
fn library_outside_the_repository_is_never_read() {
    let dir = copy_repository();
    // A library beside the repository, holding something a CI log must never show.
    std::fs::write(
        dir.path().join("outside.library.yaml"),
        "journeymap: 1\npersonas:\n  - id: secret\n    name: TOKEN-8d1f\n    nme: TOKEN-8d1f\n",
    )
    .unwrap();
    edit(
        &repo(&dir).join(OPENING),
        "personas: [new-customer]",
        "libraries: [../../outside.library.yaml]\npersonas: [new-customer]",
    );
    let out = journeymap(&["check", "--today", "2026-11-30", OPENING])
        .current_dir(repo(&dir))
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!all.contains("TOKEN-8d1f"), "{all}");
    let (code, findings) = check_json(&repo(&dir), &[OPENING]);
    assert_eq!(code, 1);
    let (file, line, column, message, _) = only(&findings, "JM209");
    assert_eq!((file.as_str(), line, column), (OPENING, 9, 13));
    assert_eq!(
        message,
        "the library `../../outside.library.yaml` is outside this map's repository"
    );
}

#[test]
fn a_broken_library_is_reported_at_its_own_lines() {
    let dir = copy_repository();
    edit(
        &repo(&dir).join("shared/people.library.yaml"),
        "    name: Tomás, café owner",
        "    nmae: Tomás, café owner",
    );
    let (code, findings) = check_json(&repo(&dir), &[OPENING]);
    assert_eq!(code, 1);
    let (file, line, column, message, help) = only(&findings, "JM101");
    assert_eq!(
        (file.as_str(), line, column),
        ("shared/people.library.yaml", 14, 5)
    );
    assert_eq!(message, "a persona has no key `nmae`");
    assert_eq!(help, "did you mean `name`?");
    // Checking several maps that use it reports the library's finding once.
    let (_, findings) = check_json(&repo(&dir), &["."]);
    assert_eq!(findings.iter().filter(|d| d["code"] == "JM101").count(), 1);
}

#[test]
fn a_persona_defined_in_the_map_and_its_library_is_a_finding() {
    let dir = copy_repository();
    edit(
        &repo(&dir).join(OPENING),
        "personas: [new-customer]",
        "personas:\n  - id: new-customer\n    name: Ana",
    );
    let (_, findings) = check_json(&repo(&dir), &[OPENING]);
    let (_, line, column, message, _) = only(&findings, "JM211");
    assert_eq!((line, column), (10, 9));
    assert_eq!(
        message,
        "the persona `new-customer` is defined here and in `shared/people.library.yaml`"
    );
}

#[test]
fn two_libraries_defining_an_id_differently_are_ambiguous() {
    let dir = copy_repository();
    std::fs::write(
        repo(&dir).join("shared/other.library.yaml"),
        "journeymap: 1\npersonas:\n  - id: new-customer\n    name: Somebody else\n",
    )
    .unwrap();
    edit(
        &repo(&dir).join(OPENING),
        "personas: [new-customer]",
        "libraries: [../shared/other.library.yaml]\npersonas: [new-customer]",
    );
    let (code, findings) = check_json(&repo(&dir), &[OPENING]);
    assert_eq!(code, 1);
    let (_, line, column, message, _) = only(&findings, "JM210");
    assert_eq!((line, column), (10, 12));
    assert_eq!(
        message,
        "the persona `new-customer` is defined differently in `../shared/other.library.yaml` and `shared/people.library.yaml`"
    );
}

#[test]
fn stale_evidence_follows_the_settings() {
    let dir = copy_repository();
    let (_, findings) = check_json(&repo(&dir), &[OPENING]);
    assert!(findings.iter().all(|d| d["code"] != "JM213"));
    // 2026-06-12 is 171 days before 2026-11-30.
    edit(
        &repo(&dir).join("journeymap.toml"),
        "stale-after-days = 540",
        "stale-after-days = 170",
    );
    let (_, findings) = check_json(&repo(&dir), &[OPENING]);
    let (_, line, column, message, _) = only(&findings, "JM213");
    assert_eq!((line, column), (21, 19));
    assert_eq!(
        message,
        "this evidence is 171 days old; evidence older than 170 days is stale"
    );
}

#[test]
fn every_command_sees_the_resolved_map() {
    let dir = copy_repository();
    let svg = dir.path().join("opening.svg");
    let out = journeymap(&["render", OPENING, "-o", svg.to_str().unwrap()])
        .current_dir(repo(&dir))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = std::fs::read_to_string(svg).unwrap();
    assert!(svg.contains("Ana, opening her first account"));
    assert!(svg.contains("Branch kiosk"));
    assert!(svg.contains("#2b6cb0"), "the library's channel colour");
    let out = journeymap(&["export", "markdown", OPENING])
        .current_dir(repo(&dir))
        .output()
        .unwrap();
    let markdown = String::from_utf8_lossy(&out.stdout);
    assert!(
        markdown.contains("Ana, opening her first account"),
        "{markdown}"
    );
    // Tickets as links by the project's pattern, in Markdown and in the HTML page.
    assert!(
        markdown.contains("tickets: [ONB-212](https://tracker.example/browse/ONB-212)"),
        "{markdown}"
    );
    let out = journeymap(&["render", OPENING, "-o", "-", "--format", "html"])
        .current_dir(repo(&dir))
        .output()
        .unwrap();
    let html = String::from_utf8_lossy(&out.stdout);
    assert!(
        html.contains("<a class=\"jm-ticket\" href=\"https:&#x2F;&#x2F;tracker.example&#x2F;browse&#x2F;ONB-212\""),
        "the page links the ticket"
    );
}

/// `insights --format json` of the fixture repository.
fn insights(dir: &Path) -> Value {
    let out = journeymap(&["insights", ".", "--format", "json", "--today", "2026-11-30"])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn insights_figures_match_an_independent_count() {
    let dir = copy_repository();
    let root = repo(&dir);
    let report = insights(&root);
    // The same figures, counted here from the resolved maps with plain loops.
    let names = [OPENING, IDENTITY, "banking/business-payments.journey.yaml"];
    let mut per_channel: std::collections::BTreeMap<String, (usize, f64, usize)> =
        Default::default();
    let mut steps = 0;
    for name in names {
        let config = journeymap::settings::discover(root.join(name).parent().unwrap()).unwrap();
        let checked = journeymap::validate::check_path(
            &root.join(name),
            &journeymap::validate::Options::default(),
            &config,
        )
        .unwrap();
        let map = checked.map.expect("the fixture maps are valid");
        for stage in &map.stages {
            for step in &stage.steps {
                steps += 1;
                let mut channels: Vec<String> = step
                    .touchpoints
                    .iter()
                    .map(|t| t.channel().to_string())
                    .collect();
                channels.dedup();
                for c in channels {
                    let slot = per_channel.entry(c).or_default();
                    slot.0 += 1;
                    if let Some(e) = &step.emotion {
                        slot.1 += e.mean();
                        slot.2 += 1;
                    }
                }
            }
        }
    }
    assert_eq!(report["maps"], 3);
    assert_eq!(report["steps"], steps);
    let channels = report["channels"].as_array().unwrap();
    assert_eq!(channels.len(), per_channel.len());
    for group in channels {
        let (count, sum, scored) = per_channel[group["key"].as_str().unwrap()];
        assert_eq!(group["steps"], count, "{group}");
        let mean = (sum / scored as f64 * 100.0).round() / 100.0;
        assert_eq!(group["mean_emotion"].as_f64().unwrap(), mean, "{group}");
    }
    // The kiosk's two steps: the identity check's high pain point is unaddressed, the
    // blueprint's glare is medium and unaddressed.
    let kiosk = channels
        .iter()
        .find(|g| g["key"] == "branch-kiosk")
        .unwrap();
    assert_eq!(kiosk["unaddressed"]["high"], 1);
    assert_eq!(kiosk["unaddressed"]["medium"], 1);
    assert_eq!(kiosk["name"], "Branch kiosk", "the library's channel name");
    assert_eq!(
        report["overdue_reviews"][0]["map"],
        "banking/business-payments.journey.yaml"
    );
    assert_eq!(report["overdue_reviews"][0]["due"], "2026-05-01");
    assert_eq!(report["assumption_debt"].as_array().unwrap().len(), 1);
    assert_eq!(report["assumption_debt"][0]["step"], "first-salary");
    // Owners: a map without an owner would be "No owner"; here each map has one.
    let owners: Vec<&str> = report["owners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        owners,
        ["Onboarding squad", "Branch operations", "Business banking"]
    );
}

#[test]
fn insights_find_near_duplicate_steps_and_stale_evidence() {
    let dir = copy_repository();
    let root = repo(&dir);
    edit(
        &root.join("banking/business-payments.journey.yaml"),
        "name: Fills in the merchant application",
        "name: \"fills in THE application!\"",
    );
    edit(
        &root.join("journeymap.toml"),
        "stale-after-days = 540",
        "stale-after-days = 100",
    );
    let report = insights(&root);
    let dups = report["near_duplicate_steps"].as_array().unwrap();
    assert_eq!(dups.len(), 1, "{dups:#?}");
    assert_eq!(dups[0]["words"], "application fills in the");
    let stale = report["stale_evidence"].as_array().unwrap();
    // 2026-06-12 (171 days) and 2026-07-01 (152 days) are both past 100 days.
    let ages: Vec<i64> = stale
        .iter()
        .map(|s| s["age_days"].as_i64().unwrap())
        .collect();
    assert_eq!(ages, [171, 152]);
}

#[test]
fn insights_leave_out_broken_maps_and_name_them() {
    let dir = copy_repository();
    let root = repo(&dir);
    std::fs::write(
        root.join("banking/broken.journey.yaml"),
        "journeymap: 1\nid: x\n",
    )
    .unwrap();
    let report = insights(&root);
    assert_eq!(report["maps"], 3);
    assert_eq!(report["left_out"][0]["map"], "banking/broken.journey.yaml");
    let out = journeymap(&[
        "insights",
        ".",
        "--format",
        "markdown",
        "--today",
        "2026-11-30",
    ])
    .current_dir(&root)
    .output()
    .unwrap();
    let markdown = String::from_utf8(out.stdout).unwrap();
    assert!(
        markdown.contains("| Branch kiosk | 2 | 2 | -1.50 | 1/1/0/0 |"),
        "{markdown}"
    );
}

/// Every `href` and `src` in the site's pages (character references read as a browser
/// reads them), with the page it is on.
fn links(site: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for page in pages_of(site) {
        let path = site.join(&page);
        let text = std::fs::read_to_string(&path).unwrap();
        for attr in ["href=\"", "src=\""] {
            for part in text.split(attr).skip(1) {
                let value = &part[..part.find('"').unwrap()];
                out.push((path.clone(), unescape_attribute(value)));
            }
        }
    }
    out
}

/// An attribute value with the character references journeymap writes decoded.
fn unescape_attribute(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let end = rest[at..]
            .find(';')
            .map(|e| at + e)
            .expect("a complete reference");
        let name = &rest[at + 1..end];
        let c = match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            _ => {
                let hex = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X"));
                let code = match hex {
                    Some(h) => u32::from_str_radix(h, 16),
                    None => name.strip_prefix('#').expect("a numeric reference").parse(),
                };
                char::from_u32(code.expect("a number")).expect("a character")
            }
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

#[test]
fn the_site_links_resolve_and_load_nothing_from_elsewhere() {
    let dir = copy_repository();
    let site = dir.path().join("site");
    let out = journeymap(&[
        "site",
        ".",
        "-o",
        site.to_str().unwrap(),
        "--today",
        "2026-11-30",
    ])
    .current_dir(repo(&dir))
    .output()
    .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(links_resolve(&site) > 30);
    for page in pages_of(&site) {
        // The viewer's template writes the policy with `'` as an entity; both read the same.
        let text = std::fs::read_to_string(site.join(&page))
            .unwrap()
            .replace("&#x27;", "'");
        assert!(
            text.contains("default-src 'none'"),
            "{page} lacks the policy"
        );
    }
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    // The search data holds a word from a step's description; the card links its page.
    assert!(index.contains("eleven-page"));
    assert!(index.contains("href=\"maps/banking--account-opening.html\""));
    assert!(index.contains("Overdue"));
    let backlog = std::fs::read_to_string(site.join("backlog.html")).unwrap();
    assert!(backlog.contains("<a href=\"https://tracker.example/browse/ONB-212\">ONB-212</a>"));
    assert!(backlog.contains("<a href=\"https://tracker.example/browse/ONB-230\">ONB-230</a>"));
    let opening = std::fs::read_to_string(site.join("maps/banking--account-opening.html")).unwrap();
    assert!(opening.contains(
        "Verifies her identity in detail: <a href=\"banking--blueprints--identity-check.html\">"
    ));
    let persona = std::fs::read_to_string(site.join("personas/new-customer.html")).unwrap();
    assert!(persona.contains("Why do you need my address again?"));
}

#[test]
fn hostile_map_text_stays_text_in_the_site() {
    let dir = copy_repository();
    edit(
        &repo(&dir).join(OPENING),
        "name: Fills in the application",
        "name: \"</script><script>alert(1)</script><img src=x onerror=alert(2)>\"",
    );
    let site = dir.path().join("site");
    let out = journeymap(&["site", ".", "-o", site.to_str().unwrap()])
        .current_dir(repo(&dir))
        .output()
        .unwrap();
    assert!(out.status.success());
    for page in pages_of(&site) {
        let text = std::fs::read_to_string(site.join(&page)).unwrap();
        assert!(!text.contains("<img src=x"), "{page}");
        assert!(!text.contains("<script>alert"), "{page}");
    }
}

/// Every file of the site, relative to it.
fn pages_of(site: &Path) -> Vec<String> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, base, out);
            } else {
                out.push(
                    path.strip_prefix(base)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned(),
                );
            }
        }
    }
    let mut out = Vec::new();
    walk(site, site, &mut out);
    out.sort();
    out
}

/// Regression (import-csv-with-a-library-base): `import csv --base` checked the map it wrote
/// as if it came from standard input, so a map using a library (from `journeymap.toml`, or
/// its own `libraries:`) could not be imported at all, and `libraries`/`parent` were dropped.
/// It is now checked where the base is (whose libraries and links it writes back), and
/// writes library personas back as ids.
#[test]
fn import_csv_with_a_base_that_uses_a_library_keeps_it() {
    let dir = copy_repository();
    let root = repo(&dir);
    succeeds(&root, &["export", "csv", OPENING, "-o", "opening.csv"]);
    let written = "banking/reimported.journey.yaml";
    for output in [Some(written), None] {
        let mut args = vec!["import", "csv", "opening.csv", "--base", OPENING];
        if let Some(o) = output {
            args.extend_from_slice(&["-o", o]);
        }
        let out = succeeds(&root, &args);
        let text = match output {
            Some(o) => std::fs::read_to_string(root.join(o)).unwrap(),
            None => String::from_utf8(out.stdout).unwrap(),
        };
        assert!(text.contains("personas: [new-customer]"), "{text}");
        assert!(
            !text.contains("Ana, opening"),
            "the library's persona stays there: {text}"
        );
    }
    let (code, findings) = check_json(&root, &[written]);
    assert_eq!(code, 0, "{findings:?}");

    // A map naming its own library and parent keeps both.
    edit(
        &root.join(OPENING),
        "personas: [new-customer]",
        "libraries: [../shared/people.library.yaml]\nparent: business-payments.journey.yaml\npersonas: [new-customer]",
    );
    let args = [
        "import",
        "csv",
        "opening.csv",
        "--base",
        OPENING,
        "-o",
        written,
    ];
    succeeds(&root, &args);
    let text = std::fs::read_to_string(root.join(written)).unwrap();
    assert!(
        text.contains("libraries: [../shared/people.library.yaml]"),
        "{text}"
    );
    assert!(
        text.contains("parent: business-payments.journey.yaml"),
        "{text}"
    );
}

/// Runs `journeymap args` in `dir`; it must succeed.
fn succeeds(dir: &Path, args: &[&str]) -> std::process::Output {
    let out = journeymap(args).current_dir(dir).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{args:?}: {stderr}");
    out
}

/// Runs git in `dir` with a fixed identity; it must succeed.
fn git(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .args([
            "-c",
            "user.name=Tester",
            "-c",
            "user.email=t@example.invalid",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The copy of the fixture repository as a git repository with one commit.
fn committed_repository() -> tempfile::TempDir {
    let dir = copy_repository();
    let root = repo(&dir);
    std::fs::remove_dir(root.join(".git")).unwrap();
    git(&root, &["init", "-q"]);
    git(&root, &["add", "."]);
    git(&root, &["commit", "-q", "-m", "maps"]);
    dir
}

const PAYMENTS: &str = "banking/business-payments.journey.yaml";

#[test]
fn site_since_a_revision_shows_what_changed() {
    let dir = committed_repository();
    let root = repo(&dir);
    // A map that uses a library compares with itself at a revision (the library is read
    // from the working tree).
    let out = succeeds(
        &root,
        &[
            "diff",
            &format!("HEAD:{OPENING}"),
            OPENING,
            "--format",
            "json",
        ],
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["identical"], Value::Bool(true), "{report}");

    edit(
        &root.join(PAYMENTS),
        "name: Orders a card reader",
        "name: Orders a card reader online",
    );
    std::fs::remove_file(root.join("banking/blueprints/identity-check.journey.yaml")).unwrap();
    std::fs::write(
        root.join("banking/savings.journey.yaml"),
        "journeymap: 1\nid: savings\ntitle: Opening a savings pot\npersonas: [new-customer]\nstages:\n  - id: s\n    name: Start\n    steps:\n      - id: taps\n        name: Taps <b>New pot</b>\n",
    )
    .unwrap();
    let site = dir.path().join("site");
    let args = [
        "site",
        ".",
        "-o",
        site.to_str().unwrap(),
        "--since",
        "HEAD",
        "--today",
        "2026-11-30",
    ];
    succeeds(&root, &args);
    let changes = std::fs::read_to_string(site.join("changes.html")).unwrap();
    assert!(
        changes.contains("What changed since <code>HEAD</code>"),
        "{changes}"
    );
    // The changed map, with the change in the diff's words.
    assert!(changes.contains("Orders a card reader online"), "{changes}");
    assert!(
        changes.contains("<b>stage set-up / step orders-reader</b>"),
        "{changes}"
    );
    // The new map (its text escaped), the removed one.
    assert!(
        changes.contains("banking/savings.journey.yaml"),
        "{changes}"
    );
    assert!(!changes.contains("<b>New pot</b>"), "map text stays text");
    assert!(changes.contains("<code>banking/blueprints/identity-check.journey.yaml</code>"));
    // The map that zooms into the removed one has errors now (its link is broken).
    assert!(changes.contains("It has errors now"), "{changes}");
    assert!(
        changes.contains("1 changed, 1 added, 1 removed, 0 unchanged, 1 with errors now"),
        "{changes}"
    );
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        index.contains("<a href=\"changes.html\">"),
        "the index links to the changes"
    );

    // A revision that is not one is an error that says so, and writes nothing.
    let elsewhere = dir.path().join("not-written");
    let out = journeymap(&[
        "site",
        ".",
        "-o",
        elsewhere.to_str().unwrap(),
        "--since",
        "no-such-rev",
    ])
    .current_dir(&root)
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`no-such-rev` is not a commit"));
    assert!(!elsewhere.exists());
}

#[test]
fn the_site_draws_the_gap_analysis_of_a_future_map() {
    let dir = copy_repository();
    let root = repo(&dir);
    let future = std::fs::read_to_string(root.join(PAYMENTS))
        .unwrap()
        .replace(
            "id: business-payments",
            "id: business-payments-future\nstate: future\nbaseline: business-payments.journey.yaml",
        )
        .replace(
            "name: Fills in the merchant application",
            "name: Signs up in the app",
        )
        .replace("emotion: -1", "emotion: 1");
    std::fs::write(
        root.join("banking/business-payments-future.journey.yaml"),
        future,
    )
    .unwrap();
    let site = dir.path().join("site");
    succeeds(
        &root,
        &[
            "site",
            ".",
            "-o",
            site.to_str().unwrap(),
            "--today",
            "2026-11-30",
        ],
    );
    let gap =
        std::fs::read_to_string(site.join("gaps/banking--business-payments-future.html")).unwrap();
    assert!(
        gap.contains("Signs up in the app"),
        "the gap page shows the change"
    );
    assert!(
        gap.contains("href=\"../maps/banking--business-payments.html\""),
        "it links the baseline"
    );
    let page =
        std::fs::read_to_string(site.join("maps/banking--business-payments-future.html")).unwrap();
    assert!(page.contains("href=\"../gaps/banking--business-payments-future.html\""));
    // A current map has no gap page.
    assert!(!site.join("gaps/banking--business-payments.html").exists());
}

/// The site of the examples and of generated maps (every key, hostile text): every map is in
/// it, every relative link resolves, and nothing is loaded from elsewhere.
#[test]
fn the_site_of_the_examples_and_generated_maps_links_resolve() {
    use proptest::strategy::{Strategy, ValueTree};
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("maps");
    std::fs::create_dir(&src).unwrap();
    std::fs::create_dir(src.join(".git")).unwrap();
    let mut count = 0;
    for entry in std::fs::read_dir(common::root().join("examples")).unwrap() {
        let path = entry.unwrap().path();
        if path.to_string_lossy().ends_with(".journey.yaml") {
            std::fs::copy(&path, src.join(path.file_name().unwrap())).unwrap();
            count += 1;
        }
    }
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    for n in 0..16 {
        let spec = generate::map_spec()
            .new_tree(&mut runner)
            .unwrap()
            .current()
            .standalone();
        let mut json = spec.to_json();
        // A future map's baseline is another generated map's file only by chance: none here.
        json.as_object_mut().unwrap().remove("baseline");
        let text = generate::emit::emit(&json, n).0;
        std::fs::write(src.join(format!("gen-{n}.journey.yaml")), text).unwrap();
        count += 1;
    }
    let site = dir.path().join("site");
    let out = succeeds(
        &src,
        &[
            "site",
            ".",
            "-o",
            site.to_str().unwrap(),
            "--today",
            "2026-11-30",
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("left out"), "{stderr}");
    assert_eq!(pages_of(&site.join("maps")).len(), count, "a page per map");
    links_resolve(&site);
}

/// Checks that every link of the site is relative and leads to a file of the site (ticket
/// links aside: followed by a reader, never loaded by the page); the number of links.
fn links_resolve(site: &Path) -> usize {
    let all = links(site);
    for (page, link) in &all {
        if link.starts_with("https://tracker.example/browse/") {
            continue;
        }
        assert!(
            !link.contains("://") && !link.starts_with("//"),
            "{}: {link}",
            page.display()
        );
        let target = page.parent().unwrap().join(link.split('#').next().unwrap());
        assert!(
            target.is_file(),
            "{}: {link} does not resolve",
            page.display()
        );
    }
    all.len()
}
