//! Revision cards: a ```` ```cards ```` block of TOML `[[card]]` tables.
//!
//! This module parses and checks the TOML; `render.rs` renders each card's Markdown.
//! A card's id is its page path, `#`, and 16 hex digits of the FNV-1a hash of its
//! question, so editing an answer keeps a learner's progress.

use crate::diagnostics::Lines;
use serde::Deserialize;
use toml::Spanned;

/// The fewest cards a page may have.
pub(crate) const MIN_CARDS: usize = 5;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Doc {
    #[serde(default)]
    card: Vec<Spanned<RawCard>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCard {
    q: Option<Spanned<String>>,
    a: Option<Spanned<String>>,
}

/// One card's source, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CardSource {
    /// The question's Markdown.
    pub(crate) q: String,
    /// The answer's Markdown.
    pub(crate) a: String,
    /// The file line of the question.
    pub(crate) q_line: usize,
    /// The file line of the answer.
    pub(crate) a_line: usize,
}

/// Parse a block `body` whose first line is file line `first`; errors are `(line, message)`.
pub(crate) fn parse(body: &str, first: usize, errs: &mut Vec<(usize, String)>) -> Vec<CardSource> {
    let lines = Lines::new(body, first);
    let doc: Doc = match toml::from_str(body) {
        Ok(d) => d,
        Err(e) => {
            let line = e.span().map_or(first, |s| lines.line(s.start));
            errs.push((line, format!("cards: {}", e.message().trim_end())));
            return Vec::new();
        }
    };
    if doc.card.is_empty() {
        errs.push((first, "cards: the block has no `[[card]]` tables".into()));
    }
    let mut out: Vec<CardSource> = Vec::new();
    for card in doc.card {
        let line = lines.line(card.span().start);
        let card = card.into_inner();
        let (Some(q), Some(a)) = (card.q, card.a) else {
            errs.push((
                line,
                "cards: a card needs both `q` (the question) and `a` (the answer)".into(),
            ));
            continue;
        };
        let (q_line, a_line) = (lines.line(q.span().start), lines.line(a.span().start));
        let (q, a) = (q.into_inner(), a.into_inner());
        if q.trim().is_empty() || a.trim().is_empty() {
            let which = if q.trim().is_empty() { q_line } else { a_line };
            errs.push((
                which,
                "cards: a card's `q` and `a` must not be empty".into(),
            ));
            continue;
        }
        if let Some(prev) = out.iter().find(|c| c.q.trim() == q.trim()) {
            errs.push((
                q_line,
                format!("cards: duplicate question (first on line {})", prev.q_line),
            ));
            continue;
        }
        out.push(CardSource {
            q,
            a,
            q_line,
            a_line,
        });
    }
    out
}

/// The card id for question `q` on page `path`.
pub(crate) fn card_id(path: &str, q: &str) -> String {
    format!("{path}#{:016x}", fnv1a(q.trim().as_bytes()))
}

/// 64-bit FNV-1a: stable across runs, platforms and Rust versions.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(body: &str) -> (Vec<CardSource>, Vec<(usize, String)>) {
        let mut errs = Vec::new();
        (parse(body, 10, &mut errs), errs)
    }

    #[test]
    fn parses_cards_with_lines() {
        let (cards, errs) =
            run("[[card]]\nq = \"Q1\"\na = \"A1\"\n\n[[card]]\nq = 'Q2'\na = \"\"\"\nA2\n\"\"\"\n");
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(cards.len(), 2);
        assert_eq!((cards[0].q_line, cards[0].a_line), (11, 12));
        assert_eq!((cards[1].q.as_str(), cards[1].q_line), ("Q2", 15));
    }

    #[test]
    fn reports_each_bad_card() {
        let (_, errs) = run("[[card]]\nq = \"Q\"\n\n[[card]]\nq = \"\"\na = \"x\"\n[[card]]\nq = \"R\"\na = \"x\"\n[[card]]\nq = \"R\"\na = \"y\"\n");
        assert_eq!(
            errs,
            [
                (
                    10,
                    "cards: a card needs both `q` (the question) and `a` (the answer)".to_string()
                ),
                (
                    14,
                    "cards: a card's `q` and `a` must not be empty".to_string()
                ),
                (
                    20,
                    "cards: duplicate question (first on line 17)".to_string()
                ),
            ]
        );
        let (_, errs) = run("[[card]]\nq = \"Q\"\na = \"A\"\nhint = \"h\"\n");
        assert_eq!(errs[0].0, 13, "{errs:?}");
        assert!(errs[0].1.contains("unknown field `hint`"), "{errs:?}");
        let (_, errs) = run("[[card]]\nq = \"unterminated\n");
        assert_eq!(errs[0].0, 11, "{errs:?}");
    }

    #[test]
    fn ids_are_stable_fnv1a() {
        assert_eq!(fnv1a(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(card_id("caching", " Why? "), card_id("caching", "Why?"));
        assert_eq!(card_id("a/b", "Q").len(), "a/b#".len() + 16);
    }
}
