//! `journeymap import csv`: any sheet gives findings or a map, and an accepted map writes as
//! YAML that passes `check` (up to the sheet's own id mistakes) and reads back as the same map.
#![no_main]

use journeymap::interchange::csv::{ImportOptions, import};
use libfuzzer_sys::fuzz_target;

#[path = "../common/mod.rs"]
mod common;
#[path = "../common/import.rs"]
mod oracle;

fuzz_target!(|data: &[u8]| {
    let Some(file) = common::decode("fuzz.csv", data) else {
        return;
    };
    let imported = import(&file, &ImportOptions::default());
    // A sheet names its own ids and references: unknown-reference (JM201), duplicate-id (JM202)
    // and baseline (JM203) findings in the written map are the sheet's, reported by the CLI at
    // its cells.
    oracle::oracle(&file, &imported, &["JM201", "JM202", "JM203"]);
});
