//! Stage 5: drawing. A [`Scene`](crate::layout::Scene) becomes an SVG document ([`svg`]), an
//! HTML page around it ([`html`], tera) or a PNG image ([`png`], resvg with the bundled font).

pub mod digest;
pub mod fonts;
pub mod html;
pub mod pdf;
pub mod png;
pub mod svg;

use std::io::Write;
use std::path::Path;

use crate::layout::{Plan, ThemeName};
/// An output format of `journeymap render`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A standalone SVG image.
    Svg,
    /// A self-contained HTML page: diagram, lane toggles, insights, persona cards.
    Html,
    /// A PNG image, drawn with the bundled Liberation Sans font.
    Png,
    /// A PDF document: one page of the diagram's size, or paper pages (`--page`).
    Pdf,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 4] = [Format::Svg, Format::Html, Format::Png, Format::Pdf];

    /// The format a file name asks for by its extension.
    pub fn from_extension(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "svg" => Some(Format::Svg),
            "html" | "htm" => Some(Format::Html),
            "png" => Some(Format::Png),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Html => "html",
            Format::Png => "png",
            Format::Pdf => "pdf",
        }
    }
}

/// Everything `render` needs besides the laid-out map.
#[derive(Debug, Clone, Default)]
pub struct Request<'a> {
    /// `None`: SVG and PNG are light; HTML embeds light and dark and follows the viewer.
    pub theme: Option<ThemeName>,
    /// A user's tera template, for HTML.
    pub template: Option<html::Template<'a>>,
    /// The input's name, shown in the HTML footer.
    pub source: &'a str,
    /// Where a very big SVG spools its bands while it is drawn (best on the output's file
    /// system); `None` is the system's temporary folder.
    pub spool_dir: Option<&'a Path>,
    /// Fonts for PNG besides the bundled and the system's (`--font`, `--font-dir`).
    pub fonts: png::ExtraFonts,
    /// For HTML shown by `serve`: the reload script and overlay style the page carries.
    pub live: Option<html::Live<'a>>,
}

/// What drawing found that the reader should know: characters a PNG could not draw.
#[derive(Debug, Default)]
pub struct Drawn {
    /// Characters no font has (PNG only), in order of first appearance.
    pub missing_glyphs: Vec<char>,
}

/// Writes the standalone SVG of `plan` to `out`: through a whole Scene, or for a very big
/// journey, streamed band by band (the same bytes, a fraction of the memory).
fn write_svg(plan: &Plan<'_>, spool_dir: Option<&Path>, out: &mut dyn Write) -> Result<(), String> {
    if plan.streams() && plan.options().wrap.is_none() {
        return svg::journey_svg_streaming(
            plan,
            svg::SvgOptions::default(),
            false,
            spool_file(spool_dir)?,
            out,
        )
        .map(drop);
    }
    let scene = plan.scene();
    let text = whole_svg(plan, &scene);
    release(scene);
    out.write_all(text.as_bytes()).map_err(write_error)
}

/// The standalone SVG of `scene`: as laid out, or wrapped into rows (`--wrap`).
fn whole_svg(plan: &Plan<'_>, scene: &crate::layout::Scene) -> String {
    let options = svg::SvgOptions::default();
    let wrapped = plan
        .options()
        .wrap
        .and_then(|columns| crate::layout::paper::wrap(scene, columns));
    match wrapped {
        Some(sheet) => {
            let index = crate::layout::paper::PaneIndex::new(scene);
            svg::sheet_svg(scene, &index, &sheet, options)
        }
        None => svg::to_svg(scene, options),
    }
}

fn write_error(e: std::io::Error) -> String {
    format!("cannot write the diagram: {e}")
}

/// An anonymous temporary file for streaming a diagram, in `dir` (the output's folder) or the
/// system's temporary folder.
pub(crate) fn spool_file(dir: Option<&Path>) -> Result<std::fs::File, String> {
    let dir = dir.map_or_else(std::env::temp_dir, Path::to_path_buf);
    tempfile::tempfile_in(&dir)
        .map_err(|e| format!("cannot create a temporary file in {}: {e}", dir.display()))
}

/// Frees a big Scene on another thread: freeing hundreds of thousands of small allocations
/// takes a noticeable share of a big render, and nothing waits for it.
fn release(scene: crate::layout::Scene) {
    if scene.bands.iter().map(|b| b.items.len()).sum::<usize>() > 20_000 {
        std::thread::spawn(move || drop(scene));
    }
}

/// Draws `plan` in `format`, in memory.
pub fn render(plan: &Plan<'_>, format: Format, request: &Request<'_>) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    render_to(plan, format, request, &mut out)?;
    Ok(out)
}

/// How many characters a warning about characters no font has lists.
const MISSING_LISTED: usize = 12;

/// What to tell the reader about characters no font could draw in a PNG or PDF, or `None`.
pub fn missing_glyphs_warning(missing: &[char], format: Format) -> Option<String> {
    if missing.is_empty() {
        return None;
    }
    let listed: Vec<String> = missing
        .iter()
        .take(MISSING_LISTED)
        .map(|c| format!("'{c}' (U+{:04X})", u32::from(*c)))
        .collect();
    let more = match missing.len().saturating_sub(MISSING_LISTED) {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    let (them, boxes) = if missing.len() == 1 {
        ("it", "an empty box")
    } else {
        ("them", "empty boxes")
    };
    Some(format!(
        "no font here has {}{more}, so the {} draws {them} as {boxes}; install a font \
         that covers {them} (for Chinese, Japanese and Korean: `apt install fonts-noto-cjk`) \
         or name one with --font FILE or --font-dir DIR",
        listed.join(", "),
        format.extension().to_ascii_uppercase(),
    ))
}

/// Draws `plan` in `format` into `out` (in the request's theme; the plan's own theme is not
/// used). A very big SVG is written as it is drawn, so memory does not hold the whole
/// document.
pub fn render_to(
    plan: &Plan<'_>,
    format: Format,
    request: &Request<'_>,
    out: &mut dyn Write,
) -> Result<Drawn, String> {
    let plan = plan.in_theme(request.theme.unwrap_or_default());
    match format {
        Format::Svg => write_svg(&plan, request.spool_dir, out).map(|()| Drawn::default()),
        Format::Png => {
            let png = if plan.options().wrap.is_some() {
                let mut svg = Vec::new();
                write_svg(&plan, request.spool_dir, &mut svg)?;
                let svg = String::from_utf8(svg).map_err(|e| e.to_string())?;
                png::to_png(&svg, &request.fonts)?
            } else {
                // Tile by tile from the Scene: memory holds one tile's tree, not the tree
                // of a whole long journey.
                let scene = plan.scene();
                let png = png::scene_to_png(&scene, &request.fonts)?;
                release(scene);
                png
            };
            out.write_all(&png.bytes).map_err(write_error)?;
            Ok(Drawn {
                missing_glyphs: png.missing,
            })
        }
        Format::Pdf => {
            // The whole Scene: a PDF holds the whole document anyway.
            let scene = plan.scene();
            let pdf = if let Some(size) = plan.options().paper {
                let sheets = crate::layout::paper::paginate(&scene, size);
                let index = crate::layout::paper::PaneIndex::new(&scene);
                pdf::to_pdf(
                    &scene.title,
                    sheets.iter().map(|sheet| {
                        svg::sheet_svg(&scene, &index, sheet, svg::SvgOptions::default())
                    }),
                    &request.fonts,
                )?
            } else {
                let svg = whole_svg(&plan, &scene);
                pdf::to_pdf(&scene.title, std::iter::once(svg), &request.fonts)?
            };
            out.write_all(&pdf.bytes).map_err(write_error)?;
            Ok(Drawn {
                missing_glyphs: pdf.missing,
            })
        }
        Format::Html => html::write_html(
            &plan,
            request.theme,
            request.template,
            request.source,
            request.spool_dir,
            request.live,
            out,
        )
        .map(|()| Drawn::default()),
    }
}

/// Draws `plan` on its paper pages (`--page`), one SVG or PNG per page, handing each to
/// `page` (its number from 1, the count, its bytes) as soon as it is drawn, so that memory
/// holds one page's image at a time. PDF and HTML put every page in one file
/// ([`render_to`]).
pub fn render_pages(
    plan: &Plan<'_>,
    format: Format,
    request: &Request<'_>,
    page: &mut dyn FnMut(usize, usize, Vec<u8>) -> Result<(), String>,
) -> Result<Drawn, String> {
    let plan = plan.in_theme(request.theme.unwrap_or_default());
    let size = plan
        .options()
        .paper
        .ok_or_else(|| "pages need a paper size (--page)".to_string())?;
    let scene = plan.scene();
    let sheets = crate::layout::paper::paginate(&scene, size);
    let index = crate::layout::paper::PaneIndex::new(&scene);
    let mut missing: Vec<char> = Vec::new();
    for sheet in &sheets {
        let svg = svg::sheet_svg(&scene, &index, sheet, svg::SvgOptions::default());
        let bytes = match format {
            Format::Svg => svg.into_bytes(),
            Format::Png => {
                let png = png::page_to_png(&svg, &request.fonts)?;
                for c in png.missing {
                    if !missing.contains(&c) {
                        missing.push(c);
                    }
                }
                png.bytes
            }
            Format::Html | Format::Pdf => {
                return Err(format!(
                    "{} pages go in one file",
                    format.extension().to_ascii_uppercase()
                ));
            }
        };
        page(sheet.number, sheet.count, bytes)?;
    }
    Ok(Drawn {
        missing_glyphs: missing,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The warning lists at most MISSING_LISTED characters and counts the rest.
    #[test]
    fn missing_glyph_warning_lists_a_dozen_and_counts_the_rest() {
        assert_eq!(missing_glyphs_warning(&[], Format::Png), None);
        let one = missing_glyphs_warning(&['\u{F0000}'], Format::Png).unwrap();
        assert!(
            one.contains("'\u{F0000}' (U+F0000), so the PNG draws it"),
            "{one}"
        );
        let many: Vec<char> = (0..20)
            .map(|i| char::from_u32(0xF0000 + i).unwrap())
            .collect();
        let text = missing_glyphs_warning(&many, Format::Pdf).unwrap();
        assert_eq!(text.matches("(U+F00").count(), MISSING_LISTED, "{text}");
        assert!(
            text.contains("(U+F000B) and 8 more, so the PDF draws them"),
            "{text}"
        );
    }
}
