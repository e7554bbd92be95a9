//! Reading a drawn SVG document into a usvg tree with its text shaped in real fonts: the
//! bundled Liberation Sans first (the font the layout measured with), then the fonts the user
//! names (`--font`, `--font-dir`), then the machine's (its fontconfig folders), for characters
//! the bundled font lacks: CJK, Arabic, Devanagari, emoji. A character no font covers would
//! draw as an empty box, so the reader reports it for the command to warn about.
//!
//! There are two readers, one per usvg version, compiled from one source
//! (`fonts/reader.rs`): PNG is drawn by resvg 0.49, whose harfrust shaping sets Devanagari
//! correctly, while krilla-svg, which writes the PDF, reads usvg 0.47 (see decision 0006).
//! When krilla-svg reads the newer usvg, `for_pdf` goes and PNG and PDF share one tree again.

use std::path::PathBuf;

/// Fonts besides the bundled one and the system's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExtraFonts {
    /// Font files (`--font`).
    pub files: Vec<PathBuf>,
    /// Folders of fonts (`--font-dir`).
    pub dirs: Vec<PathBuf>,
}

/// The reader for PNG: the usvg that resvg draws.
pub(super) mod for_png {
    use resvg::usvg;
    include!("fonts/reader.rs");
}

/// The reader for PDF: the usvg that krilla-svg writes.
pub(super) mod for_pdf {
    use usvg_pdf as usvg;
    include!("fonts/reader.rs");
}
