//! The HTML page: one self-contained, offline file with the diagram in a viewer (fitted to
//! the window, zoom and pan, pinned lane labels and headers, a detail panel per card), lane
//! toggles, a legend, the insights panel and persona cards, the journey stage by stage for a
//! narrow screen, and paper pages for print, rendered with tera from a template embedded in the
//! binary (or the user's own, `--template FILE`).
//!
//! Map text only ever reaches the template as context values, which tera escapes (the
//! template is registered under an `.html` name, so autoescaping is on); it is never treated
//! as template source. The page carries a Content-Security-Policy that forbids every network
//! request and allows only the page's own style and script, by their SHA-256 hashes.
//!
//! # Template context
//!
//! A custom template (`--template FILE`, tera 1.x syntax) receives these variables. Values
//! marked *markup* are already escaped and must be output with `| safe`; everything else is
//! plain text that tera escapes.
//!
//! | variable | type | what it holds |
//! |---|---|---|
//! | `language` | string | the BCP 47 tag of the diagram's words (`en`, `ja`...), for `<html lang>` |
//! | `words` | map | every fixed word in that language by its `journeymap.toml` name (`words["lowest-moments"]`), with the project's `[labels]` applied |
//! | `title`, `description` | string | the map's title (with the persona, under `--persona`) and description (may be empty) |
//! | `kind`, `kind_name` | string | `journey` / `service-blueprint` / `day-in-the-life`, and its display name |
//! | `state`, `state_name` | string | `current` / `future`, and its display name |
//! | `owner`, `review` | string or null | the map's owner and last review date |
//! | `view` | string | `journey` or `empathy` |
//! | `theme` | string | `auto` (follows `prefers-color-scheme`), `light` or `dark` |
//! | `persona` | object or null | the persona of `--persona` (same shape as in `personas`) |
//! | `diagrams` | list | `{theme, svg}`: the diagram as inline SVG *markup*. Under `auto` there is one, `theme` `any`, drawn light and recoloured by the page's stylesheet for a dark scheme (a streamed, very big journey has a `light` and a `dark` one instead). Output `svg` as it is (`{{ d.svg \| safe }}`) and do not filter it: it stands for the diagram, which is written in its place after the template has run |
//! | `lanes` | list | `{id, label}` of the lanes drawn, for toggles (`data-lane-toggle`, value = id) |
//! | `channels` | list | `{id, name, color}` of the channels the diagram uses, in order of first use |
//! | `personas` | list | `{id, name, description, quote, goals, frustrations, needs, empathy: {says, thinks, does, feels} or null, color}` |
//! | `insights` | object | `lowest: [{step, stage, score, score_label, who, feeling}]`, `drops: [{from, to, from_score, to_score, drop, who}]`, `stages: [{stage, count, high, medium, low}]`, `unaddressed: [{number, text, severity, step, stage}]` |
//! | `stats` | object | `{stages, steps, pain_points, opportunities}` counts of what is drawn |
//! | `reading` | list | the journey stage by stage: `{id, name, time, goal, description, metrics, steps}`, each step `{id, name, time, description, only, touchpoints: [{channel, chip, text}], thoughts, emotions: [{who, score, tone, feeling}], pain_points: [{number, text, severity, fixes, tickets: [{id, href}]}], opportunities: [{text, addresses, owner, tickets}], frontstage, backstage, support, metrics: [{name, value, target, source, verdict}], evidence, owners, resources_existing, resources_required}`. The built-in script fills the detail panel from `#jm-read-step-{id}` |
//! | `label_width` | number | the width of the diagram's lane-label column, which the viewer pins (`data-label-width` on `.jm-viewer`) |
//! | `print_pages` | *markup* or null | the paper pages the page prints (A4 landscape, or `--page`), or null for a very big map |
//! | `css`, `script` | *markup* | the built-in stylesheet and lane-toggle script, for `<style>` and `<script>` |
//! | `csp` | string | a Content-Security-Policy allowing exactly `css` and `script`, for a `<meta http-equiv>` |
//! | `source`, `generator` | string | the input file's name and `journeymap <version>` |
//!
//! A custom template that adds its own inline `<style>` or `<script>` must extend `csp`
//! itself: the built-in policy allows only the hashes of `css` and `script`.

use std::collections::HashMap;
use std::fs::File;
use std::io::{Seek, Write};
use std::path::Path;

use serde::Serialize;

use super::digest::csp_hash;
use super::svg::{SvgOptions, journey_svg_streaming, sheet_svg, to_svg};
use crate::layout::blocks::num;
use crate::layout::page::Page;
use crate::layout::paper::{PageSize, PaneIndex, Paper, paginate};
use crate::layout::{Lane, Plan, ThemeName};

static TEMPLATE: &str = include_str!("../../templates/page.html.tera");
static CSS: &str = include_str!("../../templates/page.css");
static SCRIPT: &str = include_str!("../../templates/page.js");
static DIFF_TEMPLATE: &str = include_str!("../../templates/diff.html.tera");
static DIFF_CSS: &str = include_str!("../../templates/diff.css");
static DIFF_SCRIPT: &str = include_str!("../../templates/diff.js");

/// What the template sees (documented in the module docs): the page's facts from layout,
/// the drawn diagrams' markers and lanes, the stylesheet and script with their policy.
#[derive(Debug, Serialize)]
pub struct PageContext {
    pub title: String,
    #[serde(flatten)]
    pub page: Page,
    pub theme: &'static str,
    pub diagrams: Vec<DiagramContext>,
    pub lanes: Vec<LaneContext>,
    /// The width of the diagram's lane-label column, which the viewer keeps in sight.
    pub label_width: f64,
    /// The paper pages the page prints (markup), or `None` for a very big map (it prints
    /// the diagram as it is).
    pub print_pages: Option<String>,
    pub css: String,
    pub script: String,
    pub csp: String,
    pub source: String,
    pub generator: String,
}

#[derive(Debug, Serialize)]
pub struct DiagramContext {
    pub theme: &'static str,
    pub svg: String,
}

#[derive(Debug, Serialize)]
pub struct LaneContext {
    pub id: &'static str,
    pub label: String,
}

/// A diagram of the page, drawn before the template runs and written where its marker is.
enum Diagram {
    Text(String),
    /// A very big diagram, streamed to a temporary file rather than held in memory.
    Spooled(File),
}

/// What the template gets in place of each diagram: a token made of 128 random bits drawn for
/// this page, written where the diagram goes after the template has run. Map text (and a
/// template's own text) cannot spell a token it has never seen, so nothing the page shows can
/// move or forge a diagram; no control character or other in-band convention is relied on.
struct Markers {
    open: String,
}

impl Markers {
    fn new() -> Result<Markers, String> {
        let mut bits = [0u8; 16];
        getrandom::fill(&mut bits).map_err(|e| format!("cannot draw a random token: {e}"))?;
        let nonce: String = bits.iter().map(|b| format!("{b:02x}")).collect();
        Ok(Markers {
            open: format!("jm-diagram-{nonce}-"),
        })
    }

    fn marker(&self, index: usize) -> String {
        format!("{}{index}.", self.open)
    }
}

/// The most paper sheets the page carries for printing (A4 landscape, unless `--page` says
/// otherwise); every example needs far fewer.
const MAX_PRINT_SHEETS: usize = 60;

/// Renders the page of `plan` into `out`. `theme` `None` follows the viewer's
/// `prefers-color-scheme`: one diagram, recoloured by the stylesheet in a dark scheme; `template` is the source of a user
/// template. A very big journey's diagrams are streamed through temporary files in
/// `spool_dir` (the system's temporary folder when `None`), so memory never holds them.
pub fn write_html(
    plan: &Plan<'_>,
    theme: Option<ThemeName>,
    template: Option<Template<'_>>,
    source: &str,
    spool_dir: Option<&Path>,
    live: Option<Live<'_>>,
    out: &mut dyn Write,
) -> Result<(), String> {
    let big = plan.streams();
    // The page that follows the viewer's colour scheme draws the diagram once, in the light
    // theme, and its stylesheet recolours it for a dark scheme ([`dark_scheme_css`]); when
    // the two themes' scenes do not pair colour for colour (they always should), or the
    // journey is streamed, it carries one diagram per theme instead.
    let mut scenes: Vec<(ThemeName, Option<crate::layout::Scene>)> = match theme {
        Some(t) => vec![(t, None)],
        None => vec![(ThemeName::Light, None), (ThemeName::Dark, None)],
    };
    let mut dark_css = None;
    if theme.is_none() && !big {
        let mut light = plan.in_theme(ThemeName::Light).scene();
        let mut dark = plan.in_theme(ThemeName::Dark).scene();
        light.drop_header();
        dark.drop_header();
        match dark_scheme_css(&light, &dark) {
            Some(css) => {
                dark_css = Some(css);
                scenes = vec![(ThemeName::Light, Some(light))];
            }
            None => {
                scenes = vec![
                    (ThemeName::Light, Some(light)),
                    (ThemeName::Dark, Some(dark)),
                ];
            }
        }
    }
    let markers = Markers::new()?;
    let mut drawn = Vec::new();
    let mut diagrams = Vec::new();
    let mut lanes = Vec::new();
    let mut title = String::new();
    for (index, (t, scene)) in scenes.into_iter().enumerate() {
        let prefix = format!("jm-{}", t.as_str());
        let svg_options = SvgOptions {
            id_prefix: &prefix,
            xml_declaration: false,
        };
        // The page shows the title, description and facts itself: no header band.
        let (scene_title, scene_lanes, diagram) = if big {
            let themed = plan.in_theme(t);
            let mut file = std::io::BufWriter::new(super::spool_file(spool_dir)?);
            let spool = super::spool_file(spool_dir)?;
            let streamed = journey_svg_streaming(&themed, svg_options, true, spool, &mut file)?;
            let file = file.into_inner().map_err(|e| write_error(e.into_error()))?;
            (streamed.frame.title, streamed.lanes, Diagram::Spooled(file))
        } else {
            let scene = scene.unwrap_or_else(|| {
                let mut scene = plan.in_theme(t).scene();
                scene.drop_header();
                scene
            });
            let scene_lanes = scene
                .bands
                .iter()
                .filter_map(|b| b.lane.map(|l| (l, b.label.clone())))
                .collect();
            let text = to_svg(&scene, svg_options);
            (scene.title, scene_lanes, Diagram::Text(text))
        };
        if lanes.is_empty() {
            title = scene_title;
            lanes = scene_lanes
                .into_iter()
                .map(|(l, label): (Lane, String)| LaneContext {
                    id: l.name(),
                    label,
                })
                .collect();
        }
        diagrams.push(DiagramContext {
            // A diagram recoloured by the stylesheet shows in either scheme.
            theme: if dark_css.is_some() {
                "any"
            } else {
                t.as_str()
            },
            svg: markers.marker(index),
        });
        drawn.push(diagram);
    }
    // Paper pages for print: the `--page` size, else A4 landscape, always light.
    let paper = plan.options().paper.unwrap_or(PageSize {
        paper: Paper::A4,
        landscape: true,
    });
    // A live page (`serve`) is reloaded on every save: it carries no paper sheets, which
    // would double what the browser reads and lays out each time, and prints its diagram
    // scaled, as a very big journey's page does.
    let print_pages = if big || live.is_some() {
        None
    } else {
        let printed = plan.on_paper(paper).in_theme(ThemeName::Light);
        let scene = printed.scene();
        let sheets = paginate(&scene, paper);
        // A journey that needs more sheets than anyone prints from a browser is printed as
        // the diagram itself, scaled to the paper (the page's print style); `render --page`
        // makes its paper pages as a PDF. The sheets would make the page several times the
        // size of the diagram.
        (sheets.len() <= MAX_PRINT_SHEETS).then(|| {
            let index = PaneIndex::new(&scene);
            let mut markup = String::new();
            for sheet in &sheets {
                let prefix = format!("jm-print-{}", sheet.number);
                markup.push_str("<div class=\"jm-print-page\">");
                markup.push_str(&sheet_svg(
                    &scene,
                    &index,
                    sheet,
                    SvgOptions {
                        id_prefix: &prefix,
                        xml_declaration: false,
                    },
                ));
                markup.push_str("</div>\n");
            }
            let marker = markers.marker(drawn.len());
            drawn.push(Diagram::Text(markup));
            marker
        })
    };
    let page = plan.page();
    let mut css = String::from(CSS);
    let (w, h) = paper.points();
    css.push_str(&format!(
        "@media print {{ @page {{ size: {}mm {}mm; margin: 0; }} .jm-print-page {{ width: {0}mm; height: {1}mm; }} }}\n",
        num(w * 25.4 / 72.0),
        num(h * 25.4 / 72.0)
    ));
    for (i, c) in page.channels.iter().enumerate() {
        css.push_str(&format!(
            ".jm-channel-{i} {{ background: {0}; border-color: {0}; }}\n",
            c.color
        ));
    }
    for (i, p) in page.personas.iter().enumerate() {
        css.push_str(&format!(".jm-persona-{i} {{ --persona: {}; }}\n", p.color));
    }
    if let Some(dark) = &dark_css {
        css.push_str(dark);
    }
    let mut script = String::from(SCRIPT);
    if let Some(live) = &live {
        css.push_str(live.css);
        script.push('\n');
        script.push_str(live.script);
    }
    let csp = content_security_policy(&css, &script, live.is_some());
    let context = PageContext {
        title,
        page,
        theme: theme.map_or("auto", ThemeName::as_str),
        diagrams,
        lanes,
        label_width: plan.label_width(),
        print_pages,
        css,
        script,
        csp,
        source: source.to_string(),
        generator: format!("journeymap {}", env!("CARGO_PKG_VERSION")),
    };
    let template = template.unwrap_or(Template {
        name: "page.html",
        source: TEMPLATE,
    });
    let page = render_template(template, &context)?;
    write_with_diagrams(&page, &markers, &mut drawn, out)
}

/// The page's policy: no network, no other style or script than `css` and `script` (by
/// their hashes), for the render page and the diff page alike. A live page (`serve`) may
/// also open connections to the server that sent it, for its reload events, and nowhere else.
pub(crate) fn content_security_policy(css: &str, script: &str, connect_self: bool) -> String {
    format!(
        "default-src 'none'; style-src {}; script-src {}; img-src 'none'; font-src 'none'; \
         connect-src {}; base-uri 'none'; form-action 'none'",
        csp_hash(css),
        csp_hash(script),
        if connect_self { "'self'" } else { "'none'" }
    )
}

/// What `journeymap serve` adds to a page: a script that listens for the server's reload
/// events and the style of the diagnostics it shows over the diagram. Both are covered by the
/// page's policy like its own; the page may then connect to its own server (`'self'`).
#[derive(Debug, Clone, Copy)]
pub struct Live<'a> {
    pub script: &'a str,
    pub css: &'a str,
}

fn write_error(e: std::io::Error) -> String {
    format!("cannot write the page: {e}")
}

/// The stylesheet that recolours the light diagram for a dark colour scheme: for every
/// colour the light scene paints with, the rule that paints it with the colour the dark scene
/// uses in the same place (`[fill="#ffffff"] { fill: #0d1117 }`). CSS properties outrank SVG
/// presentation attributes, so the one diagram serves both schemes. `None` when the scenes
/// do not pair: items that differ, or one light colour standing for two dark ones.
fn dark_scheme_css(light: &crate::layout::Scene, dark: &crate::layout::Scene) -> Option<String> {
    use std::collections::BTreeMap;
    let (light_paints, dark_paints) = (light.paints(), dark.paints());
    // A colour the stylesheet matches must be written as the attribute's whole value, and
    // one the selector cannot break out of.
    let literal = |p: &str| {
        p.len() == 7 && p.starts_with('#') && p[1..].bytes().all(|b| b.is_ascii_hexdigit())
    };
    if light_paints.len() != dark_paints.len() {
        return None;
    }
    let mut pairs: BTreeMap<(&str, &str), &str> = BTreeMap::new();
    for ((property, from), (dark_property, to)) in light_paints.into_iter().zip(dark_paints) {
        if property != dark_property {
            return None;
        }
        match pairs.insert((property, from), to) {
            Some(earlier) if earlier != to => return None,
            _ => {}
        }
    }
    let mut css = String::from("@media screen and (prefers-color-scheme: dark) {\n");
    for ((property, from), to) in pairs {
        if from != to {
            if !literal(from) || !literal(to) {
                return None;
            }
            css.push_str(&format!(
                "  html[data-theme=\"auto\"] .jm-when-any [{property}=\"{from}\"] {{ {property}: {to}; }}\n"
            ));
        }
    }
    css.push_str("}\n");
    Some(css)
}

/// Writes the rendered page with each diagram marker replaced by its diagram.
fn write_with_diagrams(
    page: &str,
    markers: &Markers,
    drawn: &mut [Diagram],
    out: &mut dyn Write,
) -> Result<(), String> {
    let open = markers.open.as_str();
    let mut rest = page;
    while let Some(at) = rest.find(open) {
        let after = &rest[at + open.len()..];
        let diagram = after.find('.').and_then(|end| {
            let index: usize = after[..end].parse().ok()?;
            Some((index, end))
        });
        let Some((index, end)) = diagram.filter(|(index, _)| *index < drawn.len()) else {
            // Not one of ours: keep the text as it is.
            out.write_all(&rest.as_bytes()[..at + open.len()])
                .map_err(write_error)?;
            rest = after;
            continue;
        };
        out.write_all(&rest.as_bytes()[..at]).map_err(write_error)?;
        match &mut drawn[index] {
            Diagram::Text(text) => out.write_all(text.as_bytes()).map_err(write_error)?,
            Diagram::Spooled(file) => {
                file.rewind().map_err(write_error)?;
                std::io::copy(file, out).map_err(write_error)?;
            }
        }
        rest = &after[end + 1..];
    }
    out.write_all(rest.as_bytes()).map_err(write_error)
}

/// A tera template for the page: the user's (`--template FILE`) or the bundled one.
#[derive(Debug, Clone, Copy)]
pub struct Template<'a> {
    /// What errors call it: the file the user gave.
    pub name: &'a str,
    pub source: &'a str,
}

/// The most a template may write: far above any real page (the bundled template around a
/// 40,000-step map's diagrams writes a few MB; the diagrams themselves are not counted), far
/// below what would exhaust memory.
const TEMPLATE_OUTPUT_LIMIT: usize = 64 * 1024 * 1024;

/// The longest list tera's `range` may make for a template.
const RANGE_LIMIT: usize = 100_000;

/// Renders the page context with `template`.
///
/// A template is code the user runs on maps from anywhere, so it gets no more than the
/// context: tera's `get_env` is replaced by one that refuses (a template must not copy a CI
/// secret into a page), `range` is bounded, and the output is capped. Only this one template
/// is registered, so `include`/`import` reach no file. Every `{{ value }}` is escaped (the
/// template is registered under a name that turns autoescaping on for it).
pub(crate) fn render_template(
    template: Template<'_>,
    context: &impl Serialize,
) -> Result<String, String> {
    let name = template.name;
    let tera = compiled(&template)?;
    let context = tera::Context::from_serialize(context)
        .map_err(|e| format!("cannot prepare the template context: {}", error_chain(&e)))?;
    let mut page = CappedWriter {
        bytes: Vec::new(),
        limit: TEMPLATE_OUTPUT_LIMIT,
    };
    match tera.render_to(name, &context, &mut page) {
        Ok(()) => String::from_utf8(page.bytes).map_err(|e| e.to_string()),
        Err(_) if page.bytes.len() >= TEMPLATE_OUTPUT_LIMIT => Err(format!(
            "{name}: the template writes more than {} MB; journeymap stops it there",
            TEMPLATE_OUTPUT_LIMIT / (1024 * 1024)
        )),
        Err(e) => Err(format!(
            "{name}: cannot render the template: {}",
            error_chain(&e)
        )),
    }
}

/// The most compiled templates kept (the bundled ones, and a few of the user's).
const COMPILED_KEPT: usize = 8;

/// The compiled templates kept, oldest first: name, source, and the compiled template.
type Kept = Vec<(String, String, std::sync::Arc<tera::Tera>)>;
static KEPT: std::sync::Mutex<Kept> = std::sync::Mutex::new(Vec::new());

/// `template` compiled by tera with the restrictions of [`render_template`]. Compiling is a
/// quarter of the time of a page, so a process that draws many pages (`site`, `serve`)
/// compiles each template once; a few are kept, the oldest dropped first.
fn compiled(template: &Template<'_>) -> Result<std::sync::Arc<tera::Tera>, String> {
    let name = template.name;
    if let Ok(kept) = KEPT.lock()
        && let Some((_, _, tera)) = kept
            .iter()
            .find(|(n, source, _)| n == name && source == template.source)
    {
        return Ok(std::sync::Arc::clone(tera));
    }
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![""]);
    tera.register_function("get_env", |_: &HashMap<String, tera::Value>| {
        Err(tera::Error::msg(
            "`get_env` is not available: templates see only the page context",
        ))
    });
    tera.register_function("range", bounded_range);
    tera.add_raw_template(name, template.source)
        .map_err(|e| format!("{name}: the template is not valid: {}", error_chain(&e)))?;
    let tera = std::sync::Arc::new(tera);
    if let Ok(mut kept) = KEPT.lock() {
        if kept.len() >= COMPILED_KEPT {
            kept.remove(0);
        }
        kept.push((
            name.to_string(),
            template.source.to_string(),
            std::sync::Arc::clone(&tera),
        ));
    }
    Ok(tera)
}

#[cfg(test)]
mod compiled_tests {
    use super::*;

    #[test]
    fn compiled_templates_kept_stay_bounded() {
        let sources: Vec<String> = (0..COMPILED_KEPT + 4)
            .map(|i| format!("<p>{i} {{{{ x }}}}</p>"))
            .collect();
        for source in &sources {
            let template = Template {
                name: "bounded.html",
                source,
            };
            let page = render_template(template, &serde_json::json!({ "x": "<b>" })).unwrap();
            assert!(page.ends_with(" &lt;b&gt;</p>"), "{page}");
        }
        // The same template twice is compiled once: the second is the kept one.
        let template = Template {
            name: "bounded.html",
            source: &sources[0],
        };
        let first = compiled(&template).unwrap();
        let again = compiled(&template).unwrap();
        assert!(std::sync::Arc::ptr_eq(&first, &again));
        let kept = super::compiled_kept_len();
        assert!(kept <= COMPILED_KEPT, "{kept} templates kept");
    }
}

/// How many compiled templates are kept now (for the test of their bound).
#[cfg(test)]
fn compiled_kept_len() -> usize {
    KEPT.lock().map_or(0, |k| k.len())
}

/// tera's `range(end, start=0, step_by=1)`, refusing lists longer than [`RANGE_LIMIT`]
/// before making them.
fn bounded_range(args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    let number = |key: &str, default: Option<u64>| -> tera::Result<u64> {
        match args.get(key) {
            Some(v) => v.as_u64().ok_or_else(|| {
                tera::Error::msg(format!("`range`: `{key}` must be a whole number, not {v}"))
            }),
            None => default.ok_or_else(|| tera::Error::msg(format!("`range` needs `{key}`"))),
        }
    };
    let start = number("start", Some(0))?;
    let end = number("end", None)?;
    let step = number("step_by", Some(1))?;
    if step == 0 {
        return Err(tera::Error::msg("`range`: `step_by` must be above 0"));
    }
    let count = end.saturating_sub(start).div_ceil(step);
    if count > RANGE_LIMIT as u64 {
        return Err(tera::Error::msg(format!(
            "`range` would make {count} numbers; templates may make at most {RANGE_LIMIT}"
        )));
    }
    Ok(tera::Value::Array(
        (start..end)
            .step_by(step as usize)
            .map(tera::Value::from)
            .collect(),
    ))
}

/// A page in memory that refuses to grow past `limit` bytes.
struct CappedWriter {
    bytes: Vec<u8>,
    limit: usize,
}

impl Write for CappedWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > self.limit {
            let room = self.limit - self.bytes.len();
            self.bytes.extend_from_slice(&buf[..room]);
            return Err(std::io::Error::other("the page is too large"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn error_chain(error: &tera::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(e) = source {
        text.push_str(": ");
        text.push_str(&e.to_string());
        source = e.source();
    }
    text
}

/// What the diff page shows, as text the template escapes: `journeymap diff --format html`.
#[derive(Debug, Clone, Serialize)]
pub struct DiffPage {
    /// "Gap analysis" or "Journey map changes".
    pub heading: String,
    pub old_title: String,
    pub new_title: String,
    pub old_source: String,
    pub new_source: String,
    pub counts: String,
    pub identical: bool,
    /// The journey's average emotion, before and after, in a sentence.
    pub journey: Option<String>,
    pub before_word: String,
    pub after_word: String,
    pub stages: Vec<DiffStageRow>,
    pub lists: Vec<DiffPainList>,
    pub stage_options: Vec<DiffStageOption>,
    pub blocks: Vec<DiffBlock>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DiffStageRow {
    pub name: String,
    pub before: String,
    pub after: String,
    pub change: String,
    /// `better`, `worse` or empty.
    pub trend: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct DiffPainList {
    pub title: String,
    pub items: Vec<DiffPain>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DiffPain {
    pub severity: Option<&'static str>,
    pub text: String,
    /// Stage › step.
    pub place: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DiffStageOption {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct DiffBlock {
    /// The stage id the block's changes are in; empty for map, persona and channel changes.
    pub stage: String,
    pub lines: Vec<DiffLine>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DiffLine {
    /// `added`, `removed`, `changed`, `moved`, or empty for a heading.
    pub kind: &'static str,
    pub text: String,
}

#[derive(Serialize)]
struct DiffPageContext<'a> {
    #[serde(flatten)]
    page: &'a DiffPage,
    theme: &'static str,
    kinds: [KindContext; 4],
    diagrams: Vec<DiagramContext>,
    css: String,
    script: &'static str,
    csp: String,
    generator: String,
}

#[derive(Serialize)]
struct KindContext {
    id: &'static str,
    label: &'static str,
}

/// The diff page, on the render page's stylesheet and theme: the light and the dark picture
/// (the viewer's setting picks one), the filters' script allowed by its hash.
pub fn write_diff_page(
    page: &DiffPage,
    light: &crate::layout::Scene,
    dark: &crate::layout::Scene,
    out: &mut dyn Write,
) -> Result<(), String> {
    let markers = Markers::new()?;
    let mut drawn = Vec::new();
    let mut diagrams = Vec::new();
    for (index, (theme, scene)) in [("light", light), ("dark", dark)].into_iter().enumerate() {
        diagrams.push(DiagramContext {
            theme,
            svg: markers.marker(index),
        });
        drawn.push(Diagram::Text(super::svg::to_svg(
            scene,
            super::svg::SvgOptions {
                id_prefix: if index == 0 { "jml" } else { "jmd" },
                xml_declaration: false,
            },
        )));
    }
    let css = format!("{CSS}{DIFF_CSS}");
    let csp = content_security_policy(&css, DIFF_SCRIPT, false);
    let context = DiffPageContext {
        page,
        theme: "auto",
        kinds: [
            KindContext {
                id: "added",
                label: "+ added",
            },
            KindContext {
                id: "removed",
                label: "− removed",
            },
            KindContext {
                id: "changed",
                label: "~ changed",
            },
            KindContext {
                id: "moved",
                label: "> moved",
            },
        ],
        diagrams,
        css,
        script: DIFF_SCRIPT,
        csp,
        generator: format!("journeymap {}", env!("CARGO_PKG_VERSION")),
    };
    let rendered = render_template(
        Template {
            name: "diff.html",
            source: DIFF_TEMPLATE,
        },
        &context,
    )?;
    write_with_diagrams(&rendered, &markers, &mut drawn, out)
}
