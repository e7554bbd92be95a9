//! `journeymap site`: a static site of a repository of maps, readable from `file://` and
//! any static host. Every page carries the strict policy of the HTML output (no network;
//! only its own style and script, by hash), links are relative, and map text is escaped
//! wherever it lands (HTML text, attributes, the embedded search data).
//!
//! Pages: `index.html` (a card per map, filters, search), `maps/NAME.html` (the HTML viewer
//! with the map's links), `personas/ID.html`, `channels/ID.html` and `backlog.html`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::model::facts::MapFacts;
use crate::model::{BUILTIN_CHANNELS, JourneyMap, Persona, Severity};
use crate::render::html::content_security_policy;
use crate::repository::history::{History, MapChange};
use crate::repository::{Entry, Repository};

/// The style every page of the site shares.
const CSS: &str = include_str!("../../templates/site.css");
/// The script of the index (filters, search) and the backlog (sorting, filter).
const SCRIPT: &str = include_str!("../../templates/site.js");

/// Escapes text for HTML text and quoted attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A file name for a map's page: its path with `/` turned to `--`, made of safe characters.
pub fn page_name(name: &str) -> String {
    let stem = name
        .trim_end_matches(".yaml")
        .trim_end_matches(".yml")
        .trim_end_matches(".journey");
    file_name(stem)
}

/// The longest stem a page's file name keeps: far below any file system's 255 bytes.
const MAX_STEM: usize = 80;

/// A file name for a page about `name` (a map's path, a persona's or channel's id): safe
/// characters, `/` as `--`. When that is not the name itself (another character replaced,
/// the name cut to [`MAX_STEM`], or `--` already in it), a short hash of the name keeps two
/// names from sharing a page.
fn file_name(name: &str) -> String {
    use sha2::Digest as _;
    let mut exact = !name.contains("--");
    let mut safe = String::new();
    for c in name.chars() {
        match c {
            c if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' => safe.push(c),
            '/' => safe.push_str("--"),
            _ => {
                safe.push('_');
                exact = false;
            }
        }
    }
    if safe.len() > MAX_STEM {
        safe.truncate(MAX_STEM);
        exact = false;
    }
    if !exact {
        let digest = sha2::Sha256::digest(name.as_bytes());
        let short: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
        safe = format!("{safe}-{short}");
    }
    format!("{safe}.html")
}

/// Writes the site of `repo` into `out`; with `history`, a page of what changed since its
/// revision.
pub fn write(repo: &Repository, out: &Path, history: Option<&History>) -> Result<usize, String> {
    for dir in ["maps", "gaps", "personas", "channels"] {
        std::fs::create_dir_all(out.join(dir))
            .map_err(|e| format!("cannot create {}: {e}", out.join(dir).display()))?;
    }
    let written = Written::default();
    let result = write_pages(repo, out, history, &written);
    if result.is_err() {
        written.remove();
    }
    result
}

/// The pages written so far, removed again if the site cannot be finished (no half site).
#[derive(Default)]
struct Written(std::sync::Mutex<Vec<std::path::PathBuf>>);

impl Written {
    fn page(&self, out: &Path, name: &str, text: &str) -> Result<(), String> {
        let path = out.join(name);
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        if let Ok(mut paths) = self.0.lock() {
            paths.push(path);
        }
        Ok(())
    }

    fn remove(&self) {
        if let Ok(paths) = self.0.lock() {
            for path in paths.iter() {
                let _ = std::fs::remove_file(path);
            }
        }
    }
}

/// Writes every page as soon as it is made, so that a repository of thousands of maps never
/// holds their pages (the viewer's are most of a megabyte each) in memory at once.
fn write_pages(
    repo: &Repository,
    out: &Path,
    history: Option<&History>,
    written: &Written,
) -> Result<usize, String> {
    use rayon::prelude::*;
    written.page(out, "index.html", &index(repo, history))?;
    written.page(out, "backlog.html", &backlog(repo))?;
    let mut count = 2;
    if let Some(history) = history {
        written.page(out, "changes.html", &changes_page(repo, history))?;
        count += 1;
    }
    count += repo
        .maps
        .par_iter()
        .map(|entry| {
            let name = page_name(&entry.name);
            written.page(out, &format!("maps/{name}"), &map_page(repo, entry)?)?;
            match gap_page(repo, entry)? {
                Some(gap) => written.page(out, &format!("gaps/{name}"), &gap).map(|()| 2),
                None => Ok(1),
            }
        })
        .try_reduce(|| 0, |a, b| Ok(a + b))?;
    for (id, persona, uses) in personas(repo) {
        let name = format!("personas/{}", file_name(&id));
        written.page(out, &name, &persona_page(persona, &uses))?;
        count += 1;
    }
    for (id, name, uses) in channels(repo) {
        let page = format!("channels/{}", file_name(&id));
        written.page(out, &page, &channel_page(&name, &uses))?;
        count += 1;
    }
    Ok(count)
}

/// A page of the site: `depth` is how many folders below the site's root it is.
fn page(title: &str, depth: usize, body: &str) -> String {
    let up = "../".repeat(depth);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n\
         <title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n\
         <nav class=\"site\"><a href=\"{up}index.html\">All maps</a> <a href=\"{up}backlog.html\">Pain point backlog</a></nav>\n\
         <main>\n{body}\n</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n",
        // Our own text (fixed words and base64 hashes), with no `"` to escape.
        csp = content_security_policy(CSS, SCRIPT, false),
        title = esc(title),
    )
}

/// `1 stage`, `4 stages`.
fn counted(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

fn kind_state(map: &JourneyMap) -> String {
    format!("{} · {}", map.kind.display_name(), map.state.display_name())
}

/// When the map's review is due, and whether that is past.
fn review_due(map: &JourneyMap, today: (i32, u32, u32)) -> Option<((i32, u32, u32), bool)> {
    let review = map.review.as_ref()?;
    let due = crate::validate::rules::review_overdue::add_months(
        review.last.ymd()?,
        review.every?.months(),
    );
    Some((due, today > due))
}

/// Open (unaddressed) pain points by severity.
fn open_pains(map: &JourneyMap) -> BTreeMap<Option<Severity>, usize> {
    let facts = MapFacts::of(map);
    let mut out = BTreeMap::new();
    for (_, _, step) in map.steps() {
        for p in &step.pain_points {
            if !facts.is_addressed(step, p) {
                *out.entry(p.severity()).or_insert(0) += 1;
            }
        }
    }
    out
}

/// A small emotion curve per persona (or one for the map) as inline SVG.
fn curves(map: &JourneyMap) -> String {
    let steps: Vec<_> = map.steps().map(|(_, _, s)| s).collect();
    let who: Vec<Option<&Persona>> = if map.personas.is_empty() {
        vec![None]
    } else {
        map.personas.iter().map(Some).collect()
    };
    let width = 160.0;
    let mut svg = String::from(
        "<svg class=\"curve\" viewBox=\"0 0 160 40\" width=\"160\" height=\"40\" role=\"img\">",
    );
    let mut labels = Vec::new();
    for (i, persona) in who.iter().enumerate() {
        let points: Vec<String> = steps
            .iter()
            .enumerate()
            .filter_map(|(x, s)| {
                let score = match persona {
                    Some(p) if !s.is_taken_by(p.id.as_str()) => None,
                    Some(p) => s
                        .emotion
                        .as_ref()?
                        .for_persona(p.id.as_str())
                        .map(|v| f64::from(v.get())),
                    None => s.emotion.as_ref().map(|e| e.mean()),
                }?;
                let px = if steps.len() > 1 {
                    4.0 + (width - 8.0) * x as f64 / (steps.len() - 1) as f64
                } else {
                    width / 2.0
                };
                Some(format!("{px:.1},{:.1}", 20.0 - score * 8.0))
            })
            .collect();
        if !points.is_empty() {
            let _ = write!(
                svg,
                "<polyline class=\"c{}\" points=\"{}\"/>",
                i % 4,
                points.join(" ")
            );
        }
        labels.push(persona.map_or_else(|| "Everyone".to_string(), |p| p.name.clone()));
    }
    let _ = write!(
        svg,
        "<title>Emotion per step: {}</title></svg>",
        esc(&labels.join(", "))
    );
    svg
}

fn index(repo: &Repository, history: Option<&History>) -> String {
    let mut body = String::from("<h1>Journey maps</h1>\n");
    if let Some(h) = history {
        let _ = writeln!(
            body,
            "<p><a href=\"changes.html\">What changed since <code>{}</code></a>: {} of {} maps</p>",
            esc(&h.rev),
            h.maps.len(),
            h.maps.len() + h.unchanged
        );
    }
    let mut tags = std::collections::BTreeSet::new();
    let mut owners = std::collections::BTreeSet::new();
    for e in &repo.maps {
        tags.extend(e.map.tags.iter().cloned());
        owners.extend(e.map.owner.iter().cloned());
    }
    let select = |name: &str, label: &str, values: Vec<(String, String)>| {
        let mut s = format!(
            "<label>{label} <select data-filter=\"{name}\"><option value=\"\">All</option>"
        );
        for (v, shown) in values {
            let _ = write!(s, "<option value=\"{}\">{}</option>", esc(&v), esc(&shown));
        }
        s.push_str("</select></label>\n");
        s
    };
    body.push_str("<form class=\"filters\" role=\"search\">\n<label>Search <input type=\"search\" id=\"search\" placeholder=\"Words from any map\"></label>\n");
    body.push_str(&select(
        "tag",
        "Tag",
        tags.into_iter().map(|t| (t.clone(), t)).collect(),
    ));
    body.push_str(&select(
        "owner",
        "Owner",
        owners.into_iter().map(|o| (o.clone(), o)).collect(),
    ));
    body.push_str(&select(
        "kind",
        "Kind",
        ["journey", "service-blueprint", "day-in-the-life"]
            .iter()
            .map(|k| (k.to_string(), k.replace('-', " ")))
            .collect(),
    ));
    body.push_str(&select(
        "state",
        "State",
        vec![
            ("current".into(), "current".into()),
            ("future".into(), "future".into()),
        ],
    ));
    body.push_str("</form>\n<p id=\"shown\" aria-live=\"polite\"></p>\n<ul class=\"cards\">\n");
    let mut search = Vec::new();
    for e in &repo.maps {
        let m = &e.map;
        let steps = m.steps().count();
        let due = review_due(m, repo.today);
        let pains = open_pains(m);
        let _ = write!(
            body,
            "<li class=\"card\" data-tag=\"{tags}\" data-owner=\"{owner}\" data-kind=\"{kind}\" data-state=\"{state}\">\n\
             <h2><a href=\"maps/{page}\">{title}</a></h2>\n<p class=\"meta\">{ks}</p>\n\
             <p>Owner: {owner_shown}</p>\n<p>{stages}, {steps}</p>\n",
            tags = esc(&m.tags.join("\u{1f}")),
            owner = esc(m.owner.as_deref().unwrap_or("")),
            kind = m.kind.as_str(),
            state = m.state.as_str(),
            page = esc(&page_name(&e.name)),
            title = esc(&m.title),
            ks = esc(&kind_state(m)),
            owner_shown = esc(m.owner.as_deref().unwrap_or("nobody")),
            stages = counted(m.stages.len(), "stage"),
            steps = counted(steps, "step"),
        );
        match (&m.review, due) {
            (Some(r), Some(((y, mo, d), overdue))) => {
                let _ = writeln!(
                    body,
                    "<p>Reviewed {} · due {y:04}-{mo:02}-{d:02}{}</p>",
                    esc(r.last.as_str()),
                    if overdue {
                        " <strong class=\"badge overdue\">Overdue</strong>"
                    } else {
                        ""
                    }
                );
            }
            (Some(r), None) => {
                let _ = writeln!(body, "<p>Reviewed {}</p>", esc(r.last.as_str()));
            }
            _ => body.push_str("<p>Never reviewed</p>\n"),
        }
        body.push_str(&curves(m));
        let open: Vec<String> = [
            Some(Severity::High),
            Some(Severity::Medium),
            Some(Severity::Low),
            None,
        ]
        .iter()
        .filter_map(|s| {
            let n = *pains.get(s)?;
            Some(format!("{n} {}", s.map_or("unrated", Severity::as_str)))
        })
        .collect();
        let _ = writeln!(
            body,
            "<p>Open pain points: {}</p>\n</li>",
            if open.is_empty() {
                "none".to_string()
            } else {
                open.join(", ")
            }
        );
        search.push(serde_json::json!({ "page": format!("maps/{}", page_name(&e.name)), "text": map_text(m).to_lowercase() }));
    }
    body.push_str("</ul>\n");
    let people = personas(repo);
    if !people.is_empty() {
        body.push_str("<h2>Personas</h2>\n<ul class=\"links\">");
        for (id, persona, uses) in &people {
            let _ = write!(
                body,
                "<li><a href=\"personas/{}\">{}</a> ({})</li>",
                esc(&file_name(id)),
                esc(&persona.name),
                counted(uses.len(), "step")
            );
        }
        body.push_str("</ul>\n");
    }
    let used = channels(repo);
    if !used.is_empty() {
        body.push_str("<h2>Channels</h2>\n<ul class=\"links\">");
        for (id, name, uses) in &used {
            let _ = write!(
                body,
                "<li><a href=\"channels/{}\">{}</a> ({})</li>",
                esc(&file_name(id)),
                esc(name),
                counted(uses.len(), "step")
            );
        }
        body.push_str("</ul>\n");
    }
    if !repo.broken.is_empty() {
        body.push_str("<h2>Left out (errors)</h2>\n<ul>");
        for (name, errors) in &repo.broken {
            let _ = write!(
                body,
                "<li>{} — {errors} errors; run <code>journeymap check</code></li>",
                esc(name)
            );
        }
        body.push_str("</ul>\n");
    }
    // Search data: JSON inside a data block, with `<` escaped so no map text can end it.
    let data = serde_json::to_string(&search)
        .expect("search data serializes")
        .replace('<', "\\u003c");
    let _ = write!(
        body,
        "<script type=\"application/json\" id=\"search-data\">{data}</script>"
    );
    page("Journey maps", 0, &body)
}

/// Every word a map holds, for the index's search.
fn map_text(m: &JourneyMap) -> String {
    let mut parts: Vec<&str> = vec![&m.title];
    parts.extend(m.description.as_deref());
    parts.extend(m.owner.as_deref());
    parts.extend(m.tags.iter().map(String::as_str));
    for p in &m.personas {
        parts.push(&p.name);
    }
    for stage in &m.stages {
        parts.push(&stage.name);
        parts.extend(stage.description.as_deref());
        for s in &stage.steps {
            parts.push(&s.name);
            parts.extend(s.description.as_deref());
            parts.extend(s.thoughts.iter().map(String::as_str));
            parts.extend(s.pain_points.iter().map(|p| p.text()));
            parts.extend(s.opportunities.iter().map(|o| o.text()));
            parts.extend(s.evidence.iter().map(|e| e.text()));
        }
    }
    parts.join(" ")
}

/// The relative link from one map's page to the page of the map `written` from its file.
fn map_link(repo: &Repository, from: &Entry, written: &str) -> Option<(String, String)> {
    linked_entry(repo, from, written).map(|e| (page_name(&e.name), e.map.title.clone()))
}

/// The map of the repository that `written` (a path in `from`) names.
fn linked_entry<'a>(repo: &'a Repository, from: &Entry, written: &str) -> Option<&'a Entry> {
    let dir = from.path.parent()?;
    let target = std::fs::canonicalize(dir.join(written)).ok()?;
    repo.maps
        .iter()
        .find(|e| std::fs::canonicalize(&e.path).ok().as_ref() == Some(&target))
}

/// Puts the site's links at the top of a page journeymap drew on its own (the viewer, the
/// visual diff): plain elements, since such a page's policy allows no other style.
fn with_nav(html: String, nav: &str) -> String {
    let Some(at) = html
        .find("<body")
        .and_then(|b| html[b..].find('>').map(|e| b + e + 1))
    else {
        return html;
    };
    format!("{}\n{nav}{}", &html[..at], &html[at..])
}

/// The gap analysis of a future-state map against its baseline, when the baseline is a map
/// of the repository: the visual diff, as `journeymap diff FUTURE --format html` draws it.
fn gap_page(repo: &Repository, entry: &Entry) -> Result<Option<String>, String> {
    let Some(base) = entry
        .map
        .baseline
        .as_deref()
        .and_then(|b| linked_entry(repo, entry, b))
    else {
        return Ok(None);
    };
    let diff = crate::diff::diff(&base.name, &base.map, &entry.name, &entry.map)
        .with_curve(&base.map, &entry.map);
    let html = crate::diff::visual::html(&diff, &base.map, &entry.map)
        .map_err(|e| format!("{}: cannot draw the gap analysis: {e}", entry.name))?;
    let page = esc(&page_name(&entry.name));
    let nav = format!(
        "<nav class=\"jm-site\"><a href=\"../index.html\">All maps</a> · \
         <a href=\"../maps/{base}\">{base_title}</a> (today) → <a href=\"../maps/{page}\">{title}</a></nav>\n",
        base = esc(&page_name(&base.name)),
        base_title = esc(&base.map.title),
        title = esc(&entry.map.title),
    );
    Ok(Some(with_nav(html, &nav)))
}

/// What changed in the repository since a revision: maps added, removed and changed, each
/// change as `journeymap diff` words it.
fn changes_page(repo: &Repository, history: &History) -> String {
    let rev = esc(&history.rev);
    let mut body = format!("<h1>What changed since <code>{rev}</code></h1>\n");
    let count = |f: fn(&MapChange) -> bool| history.maps.iter().filter(|(_, c)| f(c)).count();
    let _ = writeln!(
        body,
        "<p>{} changed, {} added, {} removed, {} unchanged{}{}.</p>",
        count(|c| matches!(c, MapChange::Changed(_))),
        count(|c| matches!(c, MapChange::Added)),
        count(|c| matches!(c, MapChange::Removed)),
        history.unchanged,
        match count(|c| matches!(c, MapChange::HasErrors)) {
            0 => String::new(),
            n => format!(", {n} with errors now"),
        },
        match count(|c| matches!(c, MapChange::NotComparable(_))) {
            0 => String::new(),
            n => format!(", {n} not comparable"),
        }
    );
    let link = |name: &str| match repo.maps.iter().find(|e| e.name == name) {
        Some(e) => format!(
            "<a href=\"maps/{}\">{}</a> <code>{}</code>",
            esc(&page_name(name)),
            esc(&e.map.title),
            esc(name)
        ),
        None => format!("<code>{}</code>", esc(name)),
    };
    for (name, change) in &history.maps {
        let _ = write!(
            body,
            "<section class=\"change\">\n<h2>{}</h2>\n",
            link(name)
        );
        match change {
            MapChange::Added => body.push_str("<p>Added.</p>\n"),
            MapChange::Removed => body.push_str("<p>Removed.</p>\n"),
            MapChange::HasErrors => body.push_str(
                "<p>It has errors now, so the site leaves it out: run <code>journeymap check</code>.</p>\n",
            ),
            MapChange::NotComparable(why) => {
                let _ = writeln!(
                    body,
                    "<p>Not compared: at <code>{rev}</code> it does not pass check ({}).</p>",
                    esc(why)
                );
            }
            MapChange::Changed(lines) => {
                let _ = writeln!(
                    body,
                    "<p>{} change{}.</p>\n<ul>",
                    lines.len(),
                    if lines.len() == 1 { "" } else { "s" }
                );
                for (place, line) in lines {
                    let _ = writeln!(body, "<li><b>{}</b>: {}</li>", esc(place), esc(line));
                }
                body.push_str("</ul>\n");
            }
        }
        body.push_str("</section>\n");
    }
    page(&format!("What changed since {}", history.rev), 0, &body)
}

fn map_page(repo: &Repository, entry: &Entry) -> Result<String, String> {
    use crate::layout::{Plan, RenderOptions};
    use crate::render::{self, Format, Request};
    let options = RenderOptions {
        labels: entry.settings.labels.clone(),
        ticket_url: entry.settings.rules.project.ticket_url.clone(),
        ..RenderOptions::default()
    };
    let plan = Plan::new(&entry.map, &options).map_err(|e| format!("{}: {e}", entry.name))?;
    let request = Request {
        source: &entry.name,
        ..Request::default()
    };
    let html = render::render(&plan, Format::Html, &request)?;
    let html = String::from_utf8(html).map_err(|e| e.to_string())?;
    // The viewer page, with the site's links above it (plain elements: its policy allows no
    // other style than its own).
    let mut nav = String::from("<nav class=\"jm-site\"><a href=\"../index.html\">All maps</a>");
    let m = &entry.map;
    if let Some(parent) = &m.parent
        && let Some((page, title)) = map_link(repo, entry, parent)
    {
        let _ = write!(
            nav,
            " · Inside <a href=\"{}\">{}</a>",
            esc(&page),
            esc(&title)
        );
    }
    if let Some(baseline) = &m.baseline
        && let Some((page, title)) = map_link(repo, entry, baseline)
    {
        let _ = write!(
            nav,
            " · Baseline <a href=\"{}\">{}</a>",
            esc(&page),
            esc(&title)
        );
    }
    for (_, _, step) in m.steps() {
        if let Some(detail) = &step.detail
            && let Some((page, title)) = map_link(repo, entry, detail)
        {
            let _ = write!(
                nav,
                " · {} in detail: <a href=\"{}\">{}</a>",
                esc(&step.name),
                esc(&page),
                esc(&title)
            );
        }
    }
    if gap_page_exists(repo, entry) {
        let _ = write!(
            nav,
            " · <a href=\"../gaps/{}\">Gap analysis against the baseline</a>",
            esc(&page_name(&entry.name))
        );
    }
    nav.push_str("</nav>\n");
    Ok(with_nav(html, &nav))
}

/// Whether [`gap_page`] draws a page for this map.
fn gap_page_exists(repo: &Repository, entry: &Entry) -> bool {
    entry
        .map
        .baseline
        .as_deref()
        .is_some_and(|b| linked_entry(repo, entry, b).is_some())
}

type PersonaUse<'a> = (&'a Entry, &'a crate::model::Step, Option<i8>);

fn personas(repo: &Repository) -> Vec<(String, &Persona, Vec<PersonaUse<'_>>)> {
    let mut out: BTreeMap<String, (&Persona, Vec<PersonaUse<'_>>)> = BTreeMap::new();
    for e in &repo.maps {
        for p in &e.map.personas {
            if !crate::model::scalars::is_slug(p.id.as_str()) {
                continue;
            }
            let slot = out.entry(p.id.to_string()).or_insert((p, Vec::new()));
            for (_, _, s) in e.map.steps() {
                if s.is_taken_by(p.id.as_str()) {
                    let score = s
                        .emotion
                        .as_ref()
                        .and_then(|em| em.for_persona(p.id.as_str()))
                        .map(|v| v.get());
                    slot.1.push((e, s, score));
                }
            }
        }
    }
    out.into_iter()
        .map(|(id, (p, uses))| (id, p, uses))
        .collect()
}

fn list(title: &str, items: &[String]) -> String {
    if items.is_empty() {
        return String::new();
    }
    let mut s = format!("<h3>{}</h3><ul>", esc(title));
    for i in items {
        let _ = write!(s, "<li>{}</li>", esc(i));
    }
    s.push_str("</ul>\n");
    s
}

fn persona_page(p: &Persona, uses: &[PersonaUse<'_>]) -> String {
    let mut body = format!("<h1>{}</h1>\n", esc(&p.name));
    if let Some(d) = &p.description {
        let _ = writeln!(body, "<p>{}</p>", esc(d));
    }
    if let Some(q) = &p.quote {
        let _ = writeln!(body, "<blockquote>{}</blockquote>", esc(q));
    }
    body.push_str(&list("Goals", &p.goals));
    body.push_str(&list("Frustrations", &p.frustrations));
    body.push_str(&list("Needs", &p.needs));
    if let Some(em) = &p.empathy {
        body.push_str("<h2>Empathy map</h2><div class=\"empathy\">");
        for (t, items) in [
            ("Says", &em.says),
            ("Thinks", &em.thinks),
            ("Does", &em.does),
            ("Feels", &em.feels),
        ] {
            body.push_str(&format!("<section>{}</section>", list(t, items)));
        }
        body.push_str("</div>\n");
    }
    body.push_str("<h2>Steps</h2>\n<table><thead><tr><th>Map</th><th>Step</th><th>Emotion</th></tr></thead><tbody>\n");
    for (e, s, score) in uses {
        let _ = writeln!(
            body,
            "<tr><td><a href=\"../maps/{}\">{}</a></td><td>{}</td><td>{}</td></tr>",
            esc(&page_name(&e.name)),
            esc(&e.map.title),
            esc(&s.name),
            score.map_or_else(|| "–".into(), |v| format!("{v:+}"))
        );
    }
    body.push_str("</tbody></table>\n");
    page(&p.name, 1, &body)
}

type ChannelUse<'a> = (&'a Entry, &'a crate::model::Step);

fn channels(repo: &Repository) -> Vec<(String, String, Vec<ChannelUse<'_>>)> {
    let mut out: BTreeMap<String, (String, Vec<ChannelUse<'_>>)> = BTreeMap::new();
    for e in &repo.maps {
        for (_, _, s) in e.map.steps() {
            let mut seen = Vec::new();
            for t in &s.touchpoints {
                let id = t.channel().as_str();
                if seen.contains(&id) || !crate::model::scalars::is_slug(id) {
                    continue;
                }
                seen.push(id);
                let name = e
                    .map
                    .channel(id)
                    .map(|c| c.name.clone())
                    .unwrap_or_else(|| {
                        BUILTIN_CHANNELS
                            .iter()
                            .find(|(b, _, _)| *b == id)
                            .map_or_else(|| id.to_string(), |(_, _, n)| n.to_string())
                    });
                out.entry(id.to_string())
                    .or_insert((name, Vec::new()))
                    .1
                    .push((e, s));
            }
        }
    }
    out.into_iter()
        .map(|(id, (name, uses))| (id, name, uses))
        .collect()
}

fn channel_page(name: &str, uses: &[ChannelUse<'_>]) -> String {
    let scores: Vec<f64> = uses
        .iter()
        .filter_map(|(_, s)| s.emotion.as_ref().map(|e| e.mean()))
        .collect();
    let mean = (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64);
    let mut body = format!(
        "<h1>{}</h1>\n<p>{} steps · average emotion {}</p>\n",
        esc(name),
        uses.len(),
        mean.map_or_else(|| "–".into(), |m| format!("{m:+.2}"))
    );
    body.push_str("<table><thead><tr><th>Map</th><th>Step</th><th>Emotion</th><th>Pain points</th></tr></thead><tbody>\n");
    for (e, s) in uses {
        let pains: Vec<String> = s.pain_points.iter().map(|p| esc(p.text())).collect();
        let _ = writeln!(
            body,
            "<tr><td><a href=\"../maps/{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&page_name(&e.name)),
            esc(&e.map.title),
            esc(&s.name),
            s.emotion
                .as_ref()
                .map_or_else(|| "–".into(), |em| format!("{:+.1}", em.mean())),
            pains.join("<br>")
        );
    }
    body.push_str("</tbody></table>\n");
    page(name, 1, &body)
}

fn backlog(repo: &Repository) -> String {
    let mut body = String::from(
        "<h1>Pain point backlog</h1>\n<form class=\"filters\"><label>Severity <select data-backlog=\"severity\"><option value=\"\">All</option><option>high</option><option>medium</option><option>low</option><option>unrated</option></select></label> <label class=\"check\"><input type=\"checkbox\" data-backlog=\"open\"> Open only</label></form>\n\
         <div class=\"scroll\"><table id=\"backlog\"><thead><tr><th><button type=\"button\" data-sort=\"0\">Severity</button></th><th><button type=\"button\" data-sort=\"1\">Pain point</button></th><th><button type=\"button\" data-sort=\"2\">Map</button></th><th><button type=\"button\" data-sort=\"3\">Owner</button></th><th>Addressed by</th><th>Tickets</th><th><button type=\"button\" data-sort=\"6\">Reviewed</button></th></tr></thead><tbody>\n",
    );
    for e in &repo.maps {
        let m = &e.map;
        let project = &e.settings.rules.project;
        for (_, _, s) in m.steps() {
            for p in &s.pain_points {
                // Opportunities anywhere in the map may address it (each once).
                let by: Vec<&crate::model::Opportunity> = m
                    .steps()
                    .flat_map(|(_, _, o)| o.opportunities.iter())
                    .filter(|o| p.id().is_some_and(|id| o.addresses().contains(id)))
                    .collect();
                let facts_open = !MapFacts::of(m).is_addressed(s, p);
                let severity = p.severity().map_or("unrated", Severity::as_str);
                let rank = match p.severity() {
                    Some(Severity::High) => 3,
                    Some(Severity::Medium) => 2,
                    Some(Severity::Low) => 1,
                    None => 0,
                };
                let mut tickets: Vec<String> = Vec::new();
                for t in p
                    .tickets()
                    .iter()
                    .chain(by.iter().flat_map(|o| o.tickets()))
                {
                    tickets.push(match project.ticket_link(t.as_str()) {
                        Some(url) => format!("<a href=\"{}\">{}</a>", esc(&url), esc(t.as_str())),
                        None => esc(t.as_str()),
                    });
                }
                let owner = by
                    .iter()
                    .find_map(|o| o.owner())
                    .or(m.owner.as_deref())
                    .unwrap_or("");
                let _ = writeln!(
                    body,
                    "<tr data-severity=\"{severity}\" data-open=\"{}\"><td class=\"nowrap\" data-key=\"{rank}\">{severity}</td><td>{}</td><td><a href=\"maps/{}\">{}</a> · {}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"nowrap\">{}</td></tr>",
                    facts_open,
                    esc(p.text()),
                    esc(&page_name(&e.name)),
                    esc(&m.title),
                    esc(&s.name),
                    esc(owner),
                    if by.is_empty() {
                        "—".to_string()
                    } else {
                        by.iter()
                            .map(|o| esc(o.text()))
                            .collect::<Vec<_>>()
                            .join("<br>")
                    },
                    tickets.join(" "),
                    m.review
                        .as_ref()
                        .map_or_else(String::new, |r| esc(r.last.as_str())),
                );
            }
        }
    }
    body.push_str("</tbody></table></div>\n");
    page("Pain point backlog", 0, &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_names_are_short_and_never_shared() {
        assert_eq!(
            page_name("banking/opening.journey.yaml"),
            "banking--opening.html"
        );
        assert_eq!(page_name("checkout.journey.yml"), "checkout.html");
        let names = [
            "a b.journey.yaml",
            "a_b.journey.yaml",
            "a/b.journey.yaml",
            "a--b.journey.yaml",
            "a~b.journey.yaml",
        ];
        let pages: std::collections::BTreeSet<String> =
            names.iter().map(|n| page_name(n)).collect();
        assert_eq!(pages.len(), names.len(), "{pages:?}");
        let long = "long-id-".repeat(40);
        let page = file_name(&long);
        assert!(page.len() <= MAX_STEM + 14, "{page}");
        assert_ne!(page, file_name(&format!("{long}x")));
    }
}
