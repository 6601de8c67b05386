//! The cache-eviction playground's bundle: its own WebAssembly module, loaded only by
//! pages that show it (see `src/widgets/mod.rs`). `cargo xtask build` builds it after
//! Trunk's app.

use wasm_bindgen::prelude::*;

/// Mounts the playground in the placeholder `el`; returns a function that unmounts it.
#[wasm_bindgen]
pub fn mount(el: web_sys::HtmlElement, params_json: String, from_address: bool) -> JsValue {
    site::widgets::mount_cache_eviction(el, &params_json, from_address)
}

fn main() {}
