//! Fuzz the page compiler: any bytes that are UTF-8 must give `Ok` or `Err`, never a
//! panic. Run with `cargo +nightly fuzz run compile_page` from `crates/content`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = content::compile_page("ch/page.md", text, "/base");
    }
});
