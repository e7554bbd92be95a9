//! The bundled font, Liberation Sans 2.1.5 (metric-compatible with Arial; SIL Open Font
//! License, see assets/fonts/LICENSE): the widths every map is measured with, read from the
//! font files themselves with `skrifa`, and the faces PNGs are drawn with. Measuring with the
//! very font that draws means the two cannot drift apart, and a map lays out the same on
//! every machine whatever fonts it has.

use std::sync::OnceLock;

use skrifa::instance::{LocationRef, Size};
use skrifa::raw::TableProvider;
use skrifa::{FontRef, MetadataProvider};

pub static REGULAR: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Regular.ttf");
pub static BOLD: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Bold.ttf");

/// Advance widths and vertical metrics of the bundled faces, in font units.
#[derive(Debug)]
pub struct Metrics {
    pub units_per_em: u16,
    /// The ascender (hhea), above the baseline.
    pub ascent: i16,
    /// The descender (hhea), negative: below the baseline.
    pub descent: i16,
    /// (regular, bold) advance of each code point below [`DENSE`], [`MISSING`] where the
    /// font maps none: most map text is here, so its lookup is one index.
    dense: Vec<(u16, u16)>,
    /// (code point, regular, bold) of the mapped code points from [`DENSE`] up, sorted.
    sparse: Vec<(u32, u16, u16)>,
}

/// Code points below this are looked up in a dense table.
const DENSE: u32 = 0x2200;
const MISSING: u16 = u16::MAX;

impl Metrics {
    /// The (regular, bold) advances of `c`, or `None` when the font does not cover it.
    pub fn advances(&self, c: char) -> Option<(u16, u16)> {
        let cp = c as u32;
        if cp < DENSE {
            let (regular, bold) = self.dense[cp as usize];
            return (regular != MISSING).then_some((regular, bold));
        }
        let i = self.sparse.binary_search_by_key(&cp, |&(c, _, _)| c).ok()?;
        let (_, regular, bold) = self.sparse[i];
        Some((regular, bold))
    }

    /// How many characters the font covers.
    pub fn coverage(&self) -> usize {
        self.dense.iter().filter(|(r, _)| *r != MISSING).count() + self.sparse.len()
    }
}

/// The metrics of the bundled faces, read once.
pub fn metrics() -> &'static Metrics {
    static METRICS: OnceLock<Metrics> = OnceLock::new();
    METRICS.get_or_init(|| read(REGULAR, BOLD).expect("the bundled font is readable"))
}

/// The advance of every mapped character of `regular` and `bold`, which must map the same
/// characters and share their units per em.
fn read(regular: &[u8], bold: &[u8]) -> Result<Metrics, String> {
    let regular = FontRef::new(regular).map_err(|e| format!("the regular face: {e}"))?;
    let bold = FontRef::new(bold).map_err(|e| format!("the bold face: {e}"))?;
    let head = regular.head().map_err(|e| e.to_string())?;
    let hhea = regular.hhea().map_err(|e| e.to_string())?;
    let bold_head = bold.head().map_err(|e| e.to_string())?;
    if head.units_per_em() != bold_head.units_per_em() {
        return Err("the faces have different units per em".into());
    }
    let regular_widths = regular.glyph_metrics(Size::unscaled(), LocationRef::default());
    let bold_widths = bold.glyph_metrics(Size::unscaled(), LocationRef::default());
    let bold_map = bold.charmap();
    let mut metrics = Metrics {
        units_per_em: head.units_per_em(),
        ascent: hhea.ascender().to_i16(),
        descent: hhea.descender().to_i16(),
        dense: vec![(MISSING, MISSING); DENSE as usize],
        sparse: Vec::new(),
    };
    for (cp, glyph) in regular.charmap().mappings() {
        let bold_glyph = bold_map
            .map(cp)
            .ok_or_else(|| format!("the bold face does not map U+{cp:04X}"))?;
        let width = |widths: &skrifa::metrics::GlyphMetrics<'_>, glyph| {
            widths
                .advance_width(glyph)
                .map(|w| w as u16)
                .ok_or_else(|| format!("no advance for U+{cp:04X}"))
        };
        let advances = (
            width(&regular_widths, glyph)?,
            width(&bold_widths, bold_glyph)?,
        );
        if cp < DENSE {
            metrics.dense[cp as usize] = advances;
        } else {
            metrics.sparse.push((cp, advances.0, advances.1));
        }
    }
    metrics.sparse.sort_unstable_by_key(|&(cp, _, _)| cp);
    if bold.charmap().mappings().count() != metrics.coverage() {
        return Err("the bold face maps characters the regular face does not".into());
    }
    Ok(metrics)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Figures read from the same files with fontTools (`hmtx`, `hhea`, the best `cmap`), an
    /// independent reader: the widths layout measures with are the font's own.
    #[test]
    fn widths_are_those_fonttools_reads() {
        let m = metrics();
        assert_eq!(m.coverage(), 2327);
        assert_eq!((m.units_per_em, m.ascent, m.descent), (2048, 1854, -434));
        for (c, widths) in [
            (' ', (569, 569)),
            ('A', (1366, 1479)),
            ('i', (455, 569)),
            ('é', (1139, 1139)),
            ('\u{2202}', (1012, 1012)),
            ('€', (1139, 1139)),
            ('\u{FFFC}', (2048, 2048)),
        ] {
            assert_eq!(m.advances(c), Some(widths), "{c:?}");
        }
        assert_eq!(m.advances('中'), None);
        assert_eq!(m.advances('\u{1F600}'), None);
    }

    #[test]
    fn faces_that_do_not_match_are_refused() {
        assert!(read(REGULAR, b"not a font").is_err());
        assert!(read(REGULAR, REGULAR).is_ok());
    }
}
