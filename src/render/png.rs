//! SVG -> PNG with resvg, drawn a strip at a time. The text is shaped by [`super::fonts`]
//! (the bundled font first, then the user's and the machine's); characters no font covers are
//! reported ([`Png::missing`]) for the command to warn about. With the same fonts, the bytes
//! are the same.

use resvg::tiny_skia;

pub use super::fonts::ExtraFonts;
use super::fonts::for_png::read_svg;
use super::svg::region_svg;
use crate::layout::paper::PaneIndex;
use crate::layout::scene::{Rect, Scene};

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
    to_png_in_strips(svg, extra, TREE_STRIP_PIXELS)
}

/// Rasterises one paper page ([`super::svg::sheet_svg`]).
pub fn page_to_png(svg: &str, extra: &ExtraFonts) -> Result<Png, String> {
    to_png_in_strips(svg, extra, PAGE_STRIP_PIXELS)
}

fn to_png_in_strips(svg: &str, extra: &ExtraFonts, strip_pixels: u32) -> Result<Png, String> {
    let (tree, missing) = read_svg(svg, extra)?;
    let size = tree.size();
    let (pw, ph, scale) = pixel_size(size.width(), size.height());
    let bytes = encode_in_strips(pw, ph, strip_pixels, |top, strip| {
        resvg::render(
            &tree,
            tiny_skia::Transform::from_scale(scale, scale).post_translate(0.0, -(top as f32)),
            &mut strip.as_mut(),
        );
        Ok(())
    })?;
    drop(tree);
    Ok(Png { bytes, missing })
}

/// Rasterises the diagram of `scene` tile by tile: each tile is drawn from a document that
/// holds only the items reaching into it ([`super::svg::region_svg`]), so memory holds one
/// tile's tree and one strip of rows, not the tree of the whole diagram (which grows with the
/// journey: a 2,500-step map's took half a gigabyte, and a 40,000-step one passed usvg's
/// node limit). The pixels are those of [`to_png`] of the whole diagram's SVG.
pub fn scene_to_png(scene: &Scene, extra: &ExtraFonts) -> Result<Png, String> {
    scene_to_png_in_tiles(scene, extra, STRIP_PIXELS, TILE_COLUMNS)
}

fn scene_to_png_in_tiles(
    scene: &Scene,
    extra: &ExtraFonts,
    strip_pixels: u32,
    tile_columns: u32,
) -> Result<Png, String> {
    let (pw, ph, scale) = pixel_size(scene.width as f32, scene.height as f32);
    let index = PaneIndex::new(scene);
    let mut missing: Vec<char> = Vec::new();
    let bytes = encode_in_strips(pw, ph, strip_pixels, |top, strip| {
        let rows = strip.height();
        let mut left = 0;
        while left < pw {
            let columns = tile_columns.min(pw - left);
            let region = Rect::new(
                f64::from(left) / f64::from(scale) - TILE_MARGIN,
                f64::from(top) / f64::from(scale) - TILE_MARGIN,
                f64::from(columns) / f64::from(scale) + 2.0 * TILE_MARGIN,
                f64::from(rows) / f64::from(scale) + 2.0 * TILE_MARGIN,
            );
            let (tree, tile_missing) = read_svg(&region_svg(scene, &index, region), extra)?;
            for c in tile_missing {
                if !missing.contains(&c) {
                    missing.push(c);
                }
            }
            // Drawn with a border of TILE_PAD pixels that is then dropped: tiny-skia's
            // antialiasing differs within a few pixels of a pixmap's edge.
            let (tile_w, tile_h) = (columns + 2 * TILE_PAD, rows + 2 * TILE_PAD);
            let mut tile = tiny_skia::Pixmap::new(tile_w, tile_h)
                .ok_or_else(|| format!("cannot make a {tile_w}x{tile_h} image"))?;
            resvg::render(
                &tree,
                tiny_skia::Transform::from_scale(scale, scale)
                    .post_translate(TILE_PAD as f32 - left as f32, TILE_PAD as f32 - top as f32),
                &mut tile.as_mut(),
            );
            let (pad, tile_row, strip_row) =
                (TILE_PAD as usize, tile_w as usize * 4, pw as usize * 4);
            let width = columns as usize * 4;
            for y in 0..rows as usize {
                let from = (y + pad) * tile_row + pad * 4;
                let to = y * strip_row + left as usize * 4;
                strip.data_mut()[to..to + width].copy_from_slice(&tile.data()[from..from + width]);
            }
            left += columns;
        }
        Ok(())
    })?;
    Ok(Png { bytes, missing })
}

/// The image's size in pixels for a diagram of `w`×`h` units, and the pixels per unit:
/// [`SCALE`], or less for a diagram that would pass [`MAX_SIDE`] or [`MAX_PIXELS`].
fn pixel_size(w: f32, h: f32) -> (u32, u32, f32) {
    let scale = SCALE
        .min(MAX_SIDE / w)
        .min(MAX_SIDE / h)
        .min((MAX_PIXELS / (w * h)).sqrt());
    let pw = (w * scale).ceil().max(1.0) as u32;
    let ph = (h * scale).ceil().max(1.0) as u32;
    (pw, ph, scale)
}

/// How many pixels one strip of a PNG holds while it is drawn from tiles (8 MB of RGBA).
const STRIP_PIXELS: u32 = 2_000_000;
/// The strip of a PNG drawn from one tree of the whole diagram (32 MB): each strip draws the
/// whole tree again, so such a diagram takes few, big strips.
const TREE_STRIP_PIXELS: u32 = 8_000_000;
/// The strip of a paper page (8 MB): a page's tree is small, so drawing it in more strips
/// costs little, and the layers resvg makes for each clipped pane are as small as a strip.
const PAGE_STRIP_PIXELS: u32 = 2_000_000;
/// The width of a tile of a diagram drawn from its Scene, in pixels.
const TILE_COLUMNS: u32 = 2048;
/// The border drawn around a tile and dropped (pixels).
const TILE_PAD: u32 = 16;
/// How far past a tile's edge (diagram units) an item may start and still be drawn into it:
/// more than any stroke's half width or any text's overhang past its measured box.
const TILE_MARGIN: f64 = 32.0;

/// Makes a `pw`×`ph` PNG a strip of rows at a time: `draw` paints the strip whose first row
/// is `top` into the blank pixmap it is given, which is encoded at once, so memory holds one
/// strip and the compressed image rather than the whole pixmap and a demultiplied copy of it
/// (a big diagram's pixmap alone is 160 MB).
fn encode_in_strips(
    pw: u32,
    ph: u32,
    strip_pixels: u32,
    mut draw: impl FnMut(u32, &mut tiny_skia::Pixmap) -> Result<(), String>,
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
        draw(top, &mut strip)?;
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

    fn pixels(png: &[u8]) -> (u32, u32, Vec<u8>) {
        let decoder = png::Decoder::new(std::io::Cursor::new(png));
        let mut reader = decoder.read_info().unwrap();
        let mut data = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut data).unwrap();
        data.truncate(info.buffer_size());
        (info.width, info.height, data)
    }

    /// A diagram drawn tile by tile from its Scene, with tiles and strips small enough for
    /// many seams, is the diagram drawn from its whole SVG in one pixmap: same size, every
    /// item in place. Only antialiasing differs, along curves that cross a seam (tiny-skia
    /// cuts a curve at the pixmap's edge, and the pieces are flattened differently): a few
    /// pixels, by a little.
    #[test]
    fn tiles_draw_what_the_whole_diagram_draws() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/render/day.journey.yaml"
        );
        let text = std::fs::read_to_string(path).unwrap();
        let file = crate::source::SourceFile::new(path.to_string(), None, text);
        let checked = crate::validate::check_file(
            &file,
            &crate::validate::Options::default(),
            &crate::validate::Config::default(),
        );
        let map = checked.map.unwrap();
        let scene = crate::layout::layout(&map, &crate::layout::RenderOptions::default()).unwrap();
        let svg = super::super::svg::to_svg(&scene, Default::default());
        let whole = to_png_in_strips(&svg, &ExtraFonts::default(), u32::MAX).unwrap();
        let tiled = scene_to_png_in_tiles(&scene, &ExtraFonts::default(), 100_000, 300).unwrap();
        let (w, h, a) = pixels(&whole.bytes);
        let (tw, th, b) = pixels(&tiled.bytes);
        assert_eq!((tw, th), (w, h));
        assert!(w > 4 * 300 && h > 4 * (100_000 / w), "many seams: {w}x{h}");
        let differing: Vec<u8> = a
            .chunks_exact(4)
            .zip(b.chunks_exact(4))
            .filter(|(p, q)| p != q)
            .map(|(p, q)| p.iter().zip(q).map(|(x, y)| x.abs_diff(*y)).max().unwrap())
            .collect();
        let share = differing.len() as f64 / f64::from(w * h);
        assert!(
            share < 0.001,
            "{} of {} pixels differ",
            differing.len(),
            w * h
        );
        assert!(
            differing.iter().all(|&d| d <= 96),
            "a pixel differs by {:?}",
            differing.iter().max()
        );
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
