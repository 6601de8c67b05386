//! HTML escaping for text and attribute values.

/// Escape `s` for use in HTML text or a double-quoted attribute.
pub(crate) fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Run `f`, turning a panic inside a third-party renderer into an error, so that no
/// input can take the build down. The renderers are pure functions of their input, so
/// nothing is left half-updated.
pub(crate) fn guard<T>(what: &str, f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(format!(
            "the {what} renderer failed on this input; simplify it"
        ))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            super::html(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn guard_turns_panics_into_errors() {
        let r: Result<(), String> = super::guard("test", || panic!("boom"));
        assert!(r.unwrap_err().contains("test renderer failed"));
    }
}
