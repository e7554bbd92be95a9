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

#[cfg(test)]
mod tests {
    use super::for_png::{database, one_face_per_script};
    use super::*;

    /// A line in Devanagari and Japanese gets one `<tspan>` per face; a line in one script,
    /// Latin text and a tooltip are left alone. Needs Noto Sans Devanagari and Noto Sans CJK
    /// (CI installs them; elsewhere the test says it skipped).
    #[test]
    fn a_line_in_two_scripts_names_a_face_for_each() {
        let db = database(&ExtraFonts::default()).unwrap();
        let has = |family: &str| {
            db.faces()
                .any(|f| f.families.iter().any(|(name, _)| name.starts_with(family)))
        };
        if !(has("Noto Sans Devanagari") && has("Noto Sans CJK")) {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI installs fonts-noto-core and fonts-noto-cjk"
            );
            eprintln!("skipped: no Noto Sans Devanagari or Noto Sans CJK here");
            return;
        }
        let svg = "<svg><text x=\"1\">ग्राहक यात्रा · 顧客</text><title>ग्राहक 顧客</title>\
                   <text x=\"2\">ग्राहक यात्रा</text><text x=\"3\">A &amp; B</text></svg>";
        let split = one_face_per_script(svg, &db);
        assert_eq!(
            split,
            "<svg><text x=\"1\"><tspan font-family=\"'Noto Sans Devanagari'\">ग्राहक यात्रा</tspan> · \
             <tspan font-family=\"'Noto Sans CJK JP'\">顧客</tspan></text><title>ग्राहक 顧客</title>\
             <text x=\"2\">ग्राहक यात्रा</text><text x=\"3\">A &amp; B</text></svg>"
        );
        let latin = "<svg><text>Card payment</text></svg>";
        assert!(matches!(
            one_face_per_script(latin, &db),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
