//! `journeymap import mermaid`: any text gives findings or a map, and an accepted map writes
//! as YAML that passes `check` and reads back as the same map.
//! Input containing ``` is read as Markdown (`--markdown`), other input as a diagram.
#![no_main]

use journeymap::interchange::mermaid::{ImportOptions, import};
use libfuzzer_sys::fuzz_target;

#[path = "../common/mod.rs"]
mod common;
#[path = "../common/import.rs"]
mod oracle;

fuzz_target!(|data: &[u8]| {
    let Some(file) = common::decode("fuzz.mmd", data) else {
        return;
    };
    let options = ImportOptions {
        markdown: file.text.contains("```"),
        ..ImportOptions::default()
    };
    let imported = import(&file, &options);
    // A diagram names no ids or references of its own: every error in the written map is a bug.
    oracle::oracle(&file, &imported, &[]);
});
