//! Math: LaTeX between `$...$` and `$$...$$` to MathML at build time.
//!
//! `pulldown-latex` was chosen over `latex2mathml`: it is actively maintained, reports
//! errors instead of rendering them silently, and covers the commands the notes use
//! (`\frac`, `\sqrt`, `\text`, `\times`, `\approx`, `\le`, `\ge`, `\cdot`, `\sum`, sub-
//! and superscripts). Browsers render MathML Core natively, so the reader downloads no
//! math library.

use crate::escape::guard;
use pulldown_latex::config::DisplayMode;
use pulldown_latex::{push_mathml, Parser, RenderConfig, Storage};
use std::error::Error;

/// Render `latex` to a `<math>` element; `display` for `$$...$$`.
pub(crate) fn to_mathml(latex: &str, display: bool) -> Result<String, String> {
    guard("math", || render(latex, display))
}

fn render(latex: &str, display: bool) -> Result<String, String> {
    if latex.trim().is_empty() {
        return Err("empty math".into());
    }
    let storage = Storage::new();
    let mut events = Vec::new();
    for event in Parser::new(latex, &storage) {
        match event {
            Ok(e) => events.push(e),
            Err(e) => {
                let what = e.source().map_or_else(|| e.to_string(), |s| s.to_string());
                return Err(format!("bad LaTeX in `{}`: {what}", latex.trim()));
            }
        }
    }
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        annotation: Some(latex.trim()),
        ..RenderConfig::default()
    };
    let mut out = String::new();
    push_mathml(
        &mut out,
        events.into_iter().map(Ok::<_, std::io::Error>),
        config,
    )
    .map_err(|e| e.to_string())?;
    // pulldown-latex 0.8 writes the non-breaking space of `\ ` and `~` as an escaped
    // entity (`&amp;nbsp;`), which would show as text; MathML wants the character.
    Ok(out.replace("&amp;nbsp;", "&#160;"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_spaces_are_real_spaces() {
        let m = to_mathml(r"8\ \text{TB} + 2~\text{TB}", false).unwrap();
        assert!(!m.contains("&amp;"), "{m}");
        assert!(m.contains("&#160;"), "{m}");
    }

    #[test]
    fn renders_the_commands_notes_use() {
        let m = to_mathml(r"A = \frac{1}{2} \times \sqrt{x} \approx 0.5 \le y_i^2 \ge \sum_{i=1}^n a \cdot b + \text{req/s}", true)
            .unwrap();
        assert!(m.starts_with("<math display=\"block\""), "{m}");
        for tag in [
            "<mfrac>",
            "<msqrt>",
            "<mtext>req/s</mtext>",
            "×",
            "≈",
            "≤",
            "≥",
            "⋅",
            "∑",
            "<msubsup>",
        ] {
            assert!(m.contains(tag), "missing {tag} in {m}");
        }
    }

    #[test]
    fn bad_latex_is_an_error() {
        assert!(to_mathml(r"\frac{1}{", false).is_err());
        assert!(to_mathml(r"\nosuchcommand", false)
            .unwrap_err()
            .contains("bad LaTeX"));
        assert!(to_mathml(" ", false).is_err());
    }
}
