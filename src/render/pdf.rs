//! SVG pages -> one PDF, with krilla. Each page is read into the same usvg tree the PNG is
//! drawn from ([`super::png::read_svg`]: the bundled font first, then the machine's and the
//! user's) and written by krilla-svg as real text: the fonts are embedded and subset, and the
//! text can be selected and searched. No date or random id is written, so the same pages in
//! the same fonts give the same bytes.

use krilla::geom::Size;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::{Document, SerializeSettings};
use krilla_svg::{SurfaceExt, SvgSettings};

use super::png::{ExtraFonts, read_svg};

/// A written PDF and the characters of its text that no font could draw.
#[derive(Debug)]
pub struct Pdf {
    pub bytes: Vec<u8>,
    /// In order of first appearance.
    pub missing: Vec<char>,
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
        let (tree, lacking) = read_svg(&svg, extra)?;
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
