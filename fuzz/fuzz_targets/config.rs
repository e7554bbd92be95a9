//! `journeymap.toml` parsing: any text gives a config or an error message, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = journeymap::settings::parse(text, None);
});
