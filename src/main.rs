//! The browser entry point: hydrate the pre-rendered page.
fn main() {
    #[cfg(feature = "hydrate")]
    site::hydrate();
}
