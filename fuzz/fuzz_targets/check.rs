//! `journeymap check` on arbitrary bytes: decode, parse, schema, rules, then every output
//! format of the findings (the human renderer is where earlier panics were).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../common/mod.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some(file) = common::decode("fuzz.journey.yaml", data) else {
        return;
    };
    common::check(&file);
});
