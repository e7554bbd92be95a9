//! `journeymap fmt` on arbitrary bytes: whatever it formats must read back as the same data
//! (the formatter checks that itself, and refuses otherwise), keep its comments in number, and
//! format to itself a second time.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;

#[path = "../common/mod.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some(file) = common::decode("fuzz.journey.yaml", data) else {
        return;
    };
    let Ok(once) = journeymap::canonical::format(&file) else {
        return;
    };
    let again = Arc::new(journeymap::source::SourceFile::new(
        "fuzz.journey.yaml",
        None,
        once.clone(),
    ));
    match journeymap::canonical::format(&again) {
        Ok(twice) => assert_eq!(twice, once, "fmt is not idempotent"),
        Err(e) => panic!("fmt refuses its own output: {e:?}\n{once}"),
    }
});
