//! SVG -> PNG with resvg. Text is drawn with the bundled Liberation Sans first (the font the
//! layout measured with), then with any font the machine has (its fontconfig folders) or the
//! user names (`--font`, `--font-dir`) for characters the bundled font lacks: CJK, Arabic,
//! Devanagari, emoji. A character no font covers would draw as an empty box, so it is
//! reported ([`Png::missing`]) for the command to warn about. With the same fonts, the bytes
//! are the same.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use resvg::{tiny_skia, usvg};

use crate::layout::font;

/// Pixels per diagram unit: sharp on high-density screens and in slides.
const SCALE: f32 = 2.0;
/// The largest image made, in pixels; bigger diagrams are scaled down to fit.
const MAX_PIXELS: f32 = 40_000_000.0;
const MAX_SIDE: f32 = 20_000.0;

/// Fonts besides the bundled one and the system's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExtraFonts {
    /// Font files (`--font`).
    pub files: Vec<PathBuf>,
    /// Folders of fonts (`--font-dir`).
    pub dirs: Vec<PathBuf>,
}

/// A drawn PNG, and the characters of its text that no font could draw.
#[derive(Debug)]
pub struct Png {
    pub bytes: Vec<u8>,
    /// In order of first appearance.
    pub missing: Vec<char>,
}

/// The bundled faces first, then `extra`, then the machine's fonts: the fallback prefers
/// earlier faces. Built once for each set of extra fonts a process asks for (a render of many
/// maps asks for one), since reading the machine's fonts takes a while.
fn database(extra: &ExtraFonts) -> Result<Arc<usvg::fontdb::Database>, String> {
    type Built = Vec<(ExtraFonts, Arc<usvg::fontdb::Database>)>;
    static BUILT: Mutex<Built> = Mutex::new(Vec::new());
    let mut built = BUILT.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, db)) = built.iter().find(|(fonts, _)| fonts == extra) {
        return Ok(db.clone());
    }
    let mut db = usvg::fontdb::Database::new();
    for face in [font::REGULAR, font::BOLD] {
        db.load_font_source(usvg::fontdb::Source::Binary(Arc::new(face)));
    }
    for file in &extra.files {
        db.load_font_file(file)
            .map_err(|e| format!("cannot read the font {}: {e}", file.display()))?;
    }
    for dir in &extra.dirs {
        if !dir.is_dir() {
            return Err(format!("{} is not a folder of fonts", dir.display()));
        }
        db.load_fonts_dir(dir);
    }
    db.load_system_fonts();
    for set in [
        usvg::fontdb::Database::set_sans_serif_family,
        usvg::fontdb::Database::set_serif_family,
        usvg::fontdb::Database::set_monospace_family,
        usvg::fontdb::Database::set_cursive_family,
        usvg::fontdb::Database::set_fantasy_family,
    ] {
        set(&mut db, "Liberation Sans");
    }
    let db = Arc::new(db);
    built.push((extra.clone(), db.clone()));
    Ok(db)
}

/// Reads an SVG document made by [`super::svg`] into the tree resvg draws and krilla-svg
/// writes to PDF, with its text shaped in the bundled font first, then `extra`, then the
/// machine's fonts; and the characters no font could draw.
pub(super) fn read_svg(svg: &str, extra: &ExtraFonts) -> Result<(usvg::Tree, Vec<char>), String> {
    let fontdb = database(extra)?;
    let options = usvg::Options {
        font_family: "Liberation Sans".to_string(),
        fontdb: fontdb.clone(),
        font_resolver: usvg::FontResolver {
            select_font: usvg::FontResolver::default_font_selector(),
            select_fallback: Box::new(fallback),
        },
        ..usvg::Options::default()
    };
    let tree =
        usvg::Tree::from_str(svg, &options).map_err(|e| format!("cannot read the SVG: {e}"))?;
    let missing = missing_glyphs(tree.root(), &fontdb);
    Ok((tree, missing))
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

/// The face to draw `c` with when the font chosen for its text (`exclude[0]`, then the
/// others tried) lacks it: a sans-serif face before a serif one (the diagrams are set in
/// Liberation Sans), then the weight and style closest to the text's, then the earliest
/// loaded (the user's `--font` before the machine's). usvg's own fallback takes the first
/// face in database order with the character, which is often a serif one.
fn fallback(
    c: char,
    exclude: &[usvg::fontdb::ID],
    db: &mut Arc<usvg::fontdb::Database>,
) -> Option<usvg::fontdb::ID> {
    let base = db.face(*exclude.first()?)?;
    let (weight, style) = (base.weight.0, base.style);
    let serif = |face: &usvg::fontdb::FaceInfo| {
        face.families.iter().any(|(name, _)| {
            let name = name.to_ascii_lowercase();
            ["serif", "mincho", "ming", "song"]
                .iter()
                .any(|w| name.contains(w) && !name.contains("sans"))
        })
    };
    db.faces()
        .enumerate()
        .filter(|(_, face)| !exclude.contains(&face.id) && has_char(db, face.id, c))
        .min_by_key(|(order, face)| {
            (
                serif(face),
                face.weight.0.abs_diff(weight),
                face.style != style,
                *order,
            )
        })
        .map(|(_, face)| face.id)
}

/// Whether the face `id` maps `c` (font files are memory-mapped, so this reads no file).
fn has_char(db: &usvg::fontdb::Database, id: usvg::fontdb::ID, c: char) -> bool {
    use skrifa::MetadataProvider;
    db.with_face_data(id, |data, index| {
        skrifa::FontRef::from_index(data, index).is_ok_and(|font| font.charmap().map(c).is_some())
    })
    .unwrap_or(false)
}

/// The characters of the text under `root` (as usvg read it from the SVG) that no face of
/// `db` maps, in order of first appearance.
fn missing_glyphs(root: &usvg::Group, db: &usvg::fontdb::Database) -> Vec<char> {
    fn collect(group: &usvg::Group, out: &mut Vec<char>) {
        for node in group.children() {
            match node {
                usvg::Node::Group(g) => collect(g, out),
                usvg::Node::Text(text) => {
                    for chunk in text.chunks() {
                        for c in chunk.text().chars() {
                            if !c.is_whitespace() && !is_invisible(c) && !out.contains(&c) {
                                out.push(c);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut wanted = Vec::new();
    collect(root, &mut wanted);
    let bundled = font::metrics();
    wanted.retain(|c| bundled.advances(*c).is_none());
    for face in db.faces() {
        if wanted.is_empty() {
            break;
        }
        wanted.retain(|c| !has_char(db, face.id, *c));
    }
    wanted
}

/// Characters that take no glyph of their own: joiners, variation selectors, direction marks.
fn is_invisible(c: char) -> bool {
    matches!(c as u32,
        0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x2069 | 0xFE00..=0xFE0F
            | 0xE0000..=0xE007F)
}

#[cfg(test)]
mod tests {
    use super::*;

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
