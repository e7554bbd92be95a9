//! SVG -> PNG with resvg, drawn a strip at a time. The text is shaped by [`super::fonts`]
//! (the bundled font first, then the user's and the machine's); characters no font covers are
//! reported ([`Png::missing`]) for the command to warn about. With the same fonts, the bytes
//! are the same.

use resvg::{tiny_skia, usvg};

pub use super::fonts::ExtraFonts;
use super::fonts::for_png::read_svg;

/// Pixels per diagram unit: sharp on high-density screens and in slides.
const SCALE: f32 = 2.0;
/// The largest image made, in pixels; bigger diagrams are scaled down to fit.
const MAX_PIXELS: f32 = 40_000_000.0;
const MAX_SIDE: f32 = 20_000.0;

/// A drawn PNG, and the characters of its text that no font could draw.
#[derive(Debug)]
pub struct Png {
    pub bytes: Vec<u8>,
    /// In order of first appearance.
    pub missing: Vec<char>,
}

/// Rasterises an SVG document made by [`super::svg`].
pub fn to_png(svg: &str, extra: &ExtraFonts) -> Result<Png, String> {
    to_png_in_strips(svg, extra, STRIP_PIXELS)
}

/// Rasterises one paper page ([`super::svg::sheet_svg`]).
pub fn page_to_png(svg: &str, extra: &ExtraFonts) -> Result<Png, String> {
    to_png_in_strips(svg, extra, PAGE_STRIP_PIXELS)
}

fn to_png_in_strips(svg: &str, extra: &ExtraFonts, strip_pixels: u32) -> Result<Png, String> {
    let (tree, missing) = read_svg(svg, extra)?;
    let size = tree.size();
    let (w, h) = (size.width(), size.height());
    let scale = SCALE
        .min(MAX_SIDE / w)
        .min(MAX_SIDE / h)
        .min((MAX_PIXELS / (w * h)).sqrt());
    let pw = (w * scale).ceil().max(1.0) as u32;
    let ph = (h * scale).ceil().max(1.0) as u32;
    let bytes = encode_in_strips(&tree, scale, pw, ph, strip_pixels)?;
    drop(tree);
    Ok(Png { bytes, missing })
}

/// How many pixels one strip of a PNG holds while it is drawn (32 MB of RGBA): each strip
/// draws the whole tree again, so a big diagram takes few, big strips.
const STRIP_PIXELS: u32 = 8_000_000;
/// The strip of a paper page (8 MB): a page's tree is small, so drawing it in more strips
/// costs little, and the layers resvg makes for each clipped pane are as small as a strip.
const PAGE_STRIP_PIXELS: u32 = 2_000_000;

/// Draws `tree` at `scale` into a `pw`×`ph` PNG a strip of rows at a time, each strip
/// encoded as soon as it is drawn, so memory holds one strip and the compressed image rather
/// than the whole pixmap and a demultiplied copy of it (a big diagram's pixmap alone is
/// 160 MB).
fn encode_in_strips(
    tree: &usvg::Tree,
    scale: f32,
    pw: u32,
    ph: u32,
    strip_pixels: u32,
) -> Result<Vec<u8>, String> {
    let failed = |e: png::EncodingError| format!("cannot encode the PNG: {e}");
    let rows = (strip_pixels / pw).clamp(1, ph);
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, pw, ph);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(failed)?;
    let mut stream = writer.stream_writer().map_err(failed)?;
    let mut top = 0;
    while top < ph {
        let height = rows.min(ph - top);
        let mut strip = tiny_skia::Pixmap::new(pw, height)
            .ok_or_else(|| format!("cannot make a {pw}x{height} image"))?;
        resvg::render(
            tree,
            tiny_skia::Transform::from_scale(scale, scale).post_translate(0.0, -(top as f32)),
            &mut strip.as_mut(),
        );
        // PNG stores straight alpha; the pixmap holds premultiplied colours.
        for pixel in strip.data_mut().chunks_exact_mut(4) {
            let alpha = pixel[3];
            if alpha != 0 && alpha != 255 {
                for channel in &mut pixel[..3] {
                    *channel = ((u32::from(*channel) * 255 + u32::from(alpha) / 2)
                        / u32::from(alpha))
                    .min(255) as u8;
                }
            }
        }
        std::io::Write::write_all(&mut stream, strip.data())
            .map_err(|e| format!("cannot encode the PNG: {e}"))?;
        top += height;
    }
    stream.finish().map_err(failed)?;
    writer.finish().map_err(failed)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::fonts::for_png::database;
    use std::path::PathBuf;

    #[test]
    fn draws_with_the_bundled_font_first() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\">\
                   <text x=\"2\" y=\"15\" font-family=\"Liberation Sans\">Hi</text></svg>";
        let png = to_png(svg, &ExtraFonts::default()).unwrap();
        assert!(png.bytes.starts_with(b"\x89PNG"));
        assert!(png.missing.is_empty());
        let db = database(&ExtraFonts::default()).unwrap();
        let first: Vec<_> = db.faces().take(2).collect();
        assert!(
            first
                .iter()
                .all(|f| f.families.iter().any(|(name, _)| name == "Liberation Sans")),
            "the bundled faces come first"
        );
    }

    /// A character no font has (a Plane 15 private-use character) is reported once; text the
    /// bundled font covers, escaped markup and joiners are not.
    #[test]
    fn reports_characters_no_font_can_draw() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"80\" height=\"20\">\
                   <text x=\"2\" y=\"15\">A &amp; B\u{200D}\u{F0000}\u{F0000}</text>\
                   <title>\u{F0001}</title></svg>";
        let png = to_png(svg, &ExtraFonts::default()).unwrap();
        assert_eq!(png.missing, ['\u{F0000}']);
    }

    #[test]
    fn a_font_that_cannot_be_read_is_an_error() {
        let extra = ExtraFonts {
            files: vec![PathBuf::from("no-such-font.ttf")],
            dirs: Vec::new(),
        };
        let err = to_png("<svg xmlns=\"http://www.w3.org/2000/svg\"/>", &extra).unwrap_err();
        assert!(err.contains("no-such-font.ttf"), "{err}");
    }
}
