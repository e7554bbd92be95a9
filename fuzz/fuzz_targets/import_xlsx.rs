//! `journeymap import xlsx`: any bytes are refused with a message or read as a sheet, within
//! bounds (no zip bomb, no sheet text beyond the limit), and what is read goes through the
//! CSV importer's oracle.
#![no_main]

use journeymap::interchange::csv::{ImportOptions, import};
use journeymap::interchange::xlsx::to_csv;
use libfuzzer_sys::fuzz_target;

#[path = "../common/mod.rs"]
mod common;
#[path = "../common/import.rs"]
mod oracle;

fuzz_target!(|data: &[u8]| {
    let Ok(file) = to_csv("fuzz.xlsx", data.to_vec()) else {
        return;
    };
    assert!(file.text.len() <= 8 << 20);
    let imported = import(&file, &ImportOptions::default());
    oracle::oracle(&file, &imported, &["JM201", "JM202", "JM203"]);
});
