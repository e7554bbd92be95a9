//! Stage 5: drawing. A [`Scene`](crate::layout::Scene) becomes an SVG document ([`svg`]), an
//! HTML page around it ([`html`], tera) or a PNG image ([`png`], resvg with the bundled font).

pub mod html;
pub mod insights;
pub mod png;
pub mod sha256;
pub mod svg;

use crate::layout::{self, RenderOptions, ThemeName};
use crate::model::JourneyMap;

/// An output format of `journeymap render`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A standalone SVG image.
    Svg,
    /// A self-contained HTML page: diagram, lane toggles, insights, persona cards.
    Html,
    /// A PNG image, drawn with the bundled Liberation Sans font.
    Png,
}

impl Format {
    /// The format a file name asks for by its extension.
    pub fn from_extension(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "svg" => Some(Format::Svg),
            "html" | "htm" => Some(Format::Html),
            "png" => Some(Format::Png),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Html => "html",
            Format::Png => "png",
        }
    }
}

/// Everything `render` needs besides the map.
#[derive(Debug, Clone, Default)]
pub struct Request<'a> {
    pub options: RenderOptions,
    /// `None`: SVG and PNG are light; HTML embeds light and dark and follows the viewer.
    pub theme: Option<ThemeName>,
    /// The source of a user's tera template, for HTML.
    pub template: Option<&'a str>,
    /// The input's name, shown in the HTML footer.
    pub source: &'a str,
}

/// The standalone SVG of `map`: through a whole Scene, or for a very big journey, streamed
/// band by band (the same bytes, a fraction of the memory).
fn svg_text(map: &JourneyMap, options: &RenderOptions) -> Result<String, String> {
    let big = map.steps().count() > layout::journey::SEQUENTIAL_ABOVE;
    if big && options.view == layout::View::Journey {
        return svg::journey_svg_streaming(map, options, svg::SvgOptions::default())
            .map_err(|e| e.to_string());
    }
    let scene = layout::layout(map, options).map_err(|e| e.to_string())?;
    let text = svg::to_svg(&scene, svg::SvgOptions::default());
    release(scene);
    Ok(text)
}

/// Frees a big Scene on another thread: freeing hundreds of thousands of small allocations
/// takes a noticeable share of a big render, and nothing waits for it.
fn release(scene: layout::Scene) {
    if scene.bands.iter().map(|b| b.items.len()).sum::<usize>() > 20_000 {
        std::thread::spawn(move || drop(scene));
    }
}

/// Draws `map` in `format`.
pub fn render(map: &JourneyMap, format: Format, request: &Request<'_>) -> Result<Vec<u8>, String> {
    let mut options = request.options.clone();
    options.theme = request.theme.unwrap_or_default();
    match format {
        Format::Svg => Ok(svg_text(map, &options)?.into_bytes()),
        Format::Png => png::to_png(&svg_text(map, &options)?),
        Format::Html => html::to_html(
            map,
            &options,
            request.theme,
            request.template,
            request.source,
        )
        .map(String::into_bytes),
    }
}
