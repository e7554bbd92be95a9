//! SVG pages -> one PDF, with krilla. Each page is read into a usvg tree with the same fonts
//! as the PNG ([`super::fonts`]: the bundled font first, then the user's and the machine's)
//! and written by krilla-svg as real text: the fonts are embedded and subset, and the
//! text can be selected and searched; a page with text in a script krilla-svg's shaper gets
//! wrong is written as outlines instead ([`needs_newer_shaping`]). No date or random id is written, so the same pages in
//! the same fonts give the same bytes.

use krilla::geom::Size;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::{Document, SerializeSettings};
use krilla_svg::{SurfaceExt, SvgSettings};

use super::fonts::{ExtraFonts, for_pdf, for_png};

/// A written PDF and the characters of its text that no font could draw.
#[derive(Debug)]
pub struct Pdf {
    pub bytes: Vec<u8>,
    /// In order of first appearance.
    pub missing: Vec<char>,
}

/// Whether `svg` has text in a script that krilla-svg's usvg 0.47 (rustybuzz 0.20) mis-shapes:
/// the Brahmic scripts of South and South-East Asia (Devanagari to Sinhala, Thai, Lao,
/// Tibetan, Myanmar, Khmer), whose vowel signs and conjuncts come out broken or letter by
/// letter, where resvg 0.49's harfrust sets them right (compared page by page with the PNG).
/// Such a page is shaped by the PNG reader and written as outlines: it looks right but its
/// text cannot be selected. Arabic, Hebrew and CJK are shaped right by both and stay text.
pub fn needs_newer_shaping(svg: &str) -> bool {
    svg.chars().any(|c| {
        matches!(c as u32, 0x0900..=0x0DFF | 0x0E00..=0x0FFF | 0x1000..=0x109F | 0x1780..=0x17FF | 0xA8E0..=0xA8FF)
    })
}

/// Writes the SVG pages `pages` (each made on demand and dropped once drawn, so memory holds
/// one page's tree at a time besides the document) as a PDF titled `title`.
pub fn to_pdf(
    title: &str,
    pages: impl Iterator<Item = String>,
    extra: &ExtraFonts,
) -> Result<Pdf, String> {
    let mut document = Document::new_with(SerializeSettings {
        xmp_metadata: false,
        ..SerializeSettings::default()
    });
    document.set_metadata(
        Metadata::new()
            .title(title.to_string())
            .creator("journeymap".to_string()),
    );
    let mut missing: Vec<char> = Vec::new();
    for svg in pages {
        let (tree, lacking) = if needs_newer_shaping(&svg) {
            let (shaped, lacking) = for_png::read_svg(&svg, extra)?;
            let outlined = shaped.to_string(&resvg::usvg::WriteOptions::default());
            (for_pdf::read_svg(&outlined, extra)?.0, lacking)
        } else {
            for_pdf::read_svg(&svg, extra)?
        };
        drop(svg);
        for c in lacking {
            if !missing.contains(&c) {
                missing.push(c);
            }
        }
        let size = tree.size();
        let page_size = Size::from_wh(size.width(), size.height())
            .ok_or_else(|| "a page has no size".to_string())?;
        let mut page = document.start_page_with(PageSettings::new(page_size));
        let mut surface = page.surface();
        surface
            .draw_svg(&tree, page_size, SvgSettings::default())
            .ok_or_else(|| "cannot draw a page of the PDF".to_string())?;
        surface.finish();
        page.finish();
    }
    let bytes = document
        .finish()
        .map_err(|e| format!("cannot write the PDF: {e:?}"))?;
    Ok(Pdf { bytes, missing })
}

#[cfg(test)]
mod tests {
    use super::needs_newer_shaping;

    #[test]
    fn brahmic_scripts_are_shaped_by_the_newer_reader() {
        for text in ["कार्ड", "ক্রেডিট", "தமிழ்", "การชำระเงิน", "ကတ်", "កាត"]
        {
            assert!(
                needs_newer_shaping(&format!("<text>{text}</text>")),
                "{text}"
            );
        }
        for text in ["Card payment", "カード", "الدفع", "תשלום", "Überweisung"] {
            assert!(
                !needs_newer_shaping(&format!("<text>{text}</text>")),
                "{text}"
            );
        }
    }
}
