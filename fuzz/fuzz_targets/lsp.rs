//! What `journeymap lsp` works out from a document being typed, on arbitrary bytes: the check
//! and its index of ids never panic; every id's span holds that id; the slot at any place of
//! the text is found; and positions convert to byte offsets and back, in UTF-16 and UTF-8.
#![no_main]

use libfuzzer_sys::fuzz_target;

use journeymap::lsp::analysis::Analysis;
use journeymap::lsp::complete::slot_at;
use journeymap::lsp::text::{Encoding, LineIndex};

#[path = "../common/mod.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some(file) = common::decode("fuzz.journey.yaml", data) else {
        return;
    };
    let text = file.text.clone();
    let analysis = Analysis::new(None, "fuzz.journey.yaml", text.clone(), &Default::default());
    for o in &analysis.occurrences {
        let written = text.get(o.span.clone()).expect("an id's span is within the text");
        assert!(
            written == o.id || !written.contains(o.id.as_str()),
            "the span of `{}` holds {written:?}",
            o.id
        );
    }
    let step = (text.len() / 16).max(1);
    for encoding in [Encoding::Utf16, Encoding::Utf8] {
        let index = LineIndex::new(&text, encoding);
        for offset in (0..=text.len()).step_by(step).filter(|&o| text.is_char_boundary(o)) {
            assert_eq!(index.offset(index.position(offset)), offset);
            let _ = slot_at(&text, offset);
            let _ = analysis.occurrence_at(offset);
            let _ = analysis.key_at(offset);
        }
    }
});
