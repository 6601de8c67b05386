//! Heading anchors: stable ids from heading text, unique within a page.
//!
//! A heading renders as
//! `<h2 id="x"><a class="anchor" href="#x" aria-hidden="true" tabindex="-1">#</a>Text</h2>`:
//! the `#` link is for pointer users who want to copy the section's address; it is
//! hidden from assistive technology and out of the tab order because the heading
//! itself is already announced and reachable by heading navigation, and a second
//! focus stop per heading would only add noise.

use std::collections::HashMap;

/// The id for a heading's text: lower-case, spaces and hyphens to `-`, other
/// punctuation dropped (GitHub's rule). Text with no letters or digits gives `section`.
pub(crate) fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' {
            out.extend(c.to_lowercase());
        } else if c == ' ' || c == '-' {
            out.push('-');
        }
    }
    if out.chars().all(|c| c == '-') {
        out = "section".into();
    }
    out
}

/// Hands out unique ids: the second `x` becomes `x-1`, the third `x-2`.
#[derive(Debug, Default)]
pub(crate) struct Ids {
    used: HashMap<String, usize>,
}

impl Ids {
    /// A unique id for a heading with `text`.
    pub(crate) fn unique(&mut self, text: &str) -> String {
        let base = slug(text);
        let mut n = self.used.get(&base).copied().unwrap_or(0);
        let mut id = base.clone();
        while self.used.contains_key(&id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        self.used.insert(base, n);
        self.used.entry(id.clone()).or_insert(0);
        id
    }
}

/// The opening tag and anchor link of a heading (the text and closing tag follow).
pub(crate) fn open_tag(level: u8, id: &str) -> String {
    format!("<h{level} id=\"{id}\"><a class=\"anchor\" href=\"#{id}\" aria-hidden=\"true\" tabindex=\"-1\">#</a>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_githubs_rule() {
        assert_eq!(slug("Write-back cache"), "write-back-cache");
        assert_eq!(slug("What is CAP? (and PACELC)"), "what-is-cap-and-pacelc");
        assert_eq!(slug("2PC vs. 3PC"), "2pc-vs-3pc");
        assert_eq!(slug("Client–server model"), "clientserver-model");
        assert_eq!(slug("?!"), "section");
    }

    #[test]
    fn duplicates_get_numbered() {
        let mut ids = Ids::default();
        assert_eq!(ids.unique("Example"), "example");
        assert_eq!(ids.unique("Example"), "example-1");
        assert_eq!(ids.unique("Example"), "example-2");
        assert_eq!(ids.unique("Example 1"), "example-1-1");
    }
}
