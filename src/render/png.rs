//! SVG -> PNG with resvg, using only the bundled Liberation Sans (never the machine's fonts),
//! so that a PNG looks the same wherever it is made.

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use crate::layout::font;

/// Pixels per diagram unit: sharp on high-density screens and in slides.
const SCALE: f32 = 2.0;
/// The largest image made, in pixels; bigger diagrams are scaled down to fit.
const MAX_PIXELS: f32 = 40_000_000.0;
const MAX_SIDE: f32 = 20_000.0;

fn fontdb() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        for face in [font::REGULAR, font::BOLD] {
            db.load_font_source(usvg::fontdb::Source::Binary(Arc::new(face)));
        }
        for set in [
            usvg::fontdb::Database::set_sans_serif_family,
            usvg::fontdb::Database::set_serif_family,
            usvg::fontdb::Database::set_monospace_family,
            usvg::fontdb::Database::set_cursive_family,
            usvg::fontdb::Database::set_fantasy_family,
        ] {
            set(&mut db, "Liberation Sans");
        }
        Arc::new(db)
    })
    .clone()
}

/// Rasterises an SVG document made by [`super::svg::to_svg`].
pub fn to_png(svg: &str) -> Result<Vec<u8>, String> {
    let options = usvg::Options {
        font_family: "Liberation Sans".to_string(),
        fontdb: fontdb(),
        ..usvg::Options::default()
    };
    let tree =
        usvg::Tree::from_str(svg, &options).map_err(|e| format!("cannot read the SVG: {e}"))?;
    let size = tree.size();
    let (w, h) = (size.width(), size.height());
    let scale = SCALE
        .min(MAX_SIDE / w)
        .min(MAX_SIDE / h)
        .min((MAX_PIXELS / (w * h)).sqrt());
    let pw = (w * scale).ceil().max(1.0) as u32;
    let ph = (h * scale).ceil().max(1.0) as u32;
    let mut pixmap =
        tiny_skia::Pixmap::new(pw, ph).ok_or_else(|| format!("cannot make a {pw}x{ph} image"))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| format!("cannot encode the PNG: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn draws_with_the_bundled_font_only() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" height=\"20\">\
                   <text x=\"2\" y=\"15\" font-family=\"Liberation Sans\">Hi</text></svg>";
        let png = to_png(svg).unwrap();
        assert!(png.starts_with(b"\x89PNG"));
        let db = fontdb();
        assert_eq!(db.len(), 2);
        assert!(
            db.faces()
                .all(|f| f.families.iter().any(|(name, _)| name == "Liberation Sans"))
        );
    }
}
