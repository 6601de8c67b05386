//! Fenced blocks: code, `dot` diagrams, `widget NAME` mounts and `cards`.

use crate::cards::{self, card_id, MIN_CARDS};
use crate::diagnostics::Lines;
use crate::render::{render as render_markdown, Ctx, Out};
use crate::{diagram, highlight, widgets};
use book_model::Card;

/// Render one block whose opening fence is on file line `line`; cards go to `out`
/// and leave nothing in the HTML.
pub(crate) fn render(
    info: &str,
    fenced: bool,
    body: &str,
    line: usize,
    ctx: Ctx<'_>,
    out: &mut Out,
) -> String {
    let (lang, rest) = match info.split_once(char::is_whitespace) {
        Some((l, r)) => (l, r.trim()),
        None => (info, ""),
    };
    match lang {
        "dot" => {
            out.diagrams += 1;
            diagram::render(body, out.diagrams).unwrap_or_else(|e| {
                out.errs.push((line, format!("diagram: {e}")));
                String::new()
            })
        }
        "widget" if ctx.nested => nested_error("widgets", line, out),
        "widget" => {
            out.widgets += 1;
            widgets::render(rest, body).unwrap_or_else(|e| {
                out.errs.push((line, e));
                String::new()
            })
        }
        "cards" if ctx.nested => nested_error("cards blocks", line, out),
        "cards" => {
            out.card_blocks.push(line);
            render_cards(body, line + 1, ctx, out);
            String::new()
        }
        _ if !fenced => highlight::code_block("", body),
        _ => highlight::code_block(lang, body),
    }
}

fn nested_error(what: &str, line: usize, out: &mut Out) -> String {
    out.errs
        .push((line, format!("{what} are not allowed inside a card")));
    String::new()
}

fn render_cards(body: &str, first: usize, ctx: Ctx<'_>, out: &mut Out) {
    let sources = cards::parse(body, first, &mut out.errs);
    let nested = Ctx {
        nested: true,
        ..ctx
    };
    for c in sources {
        let id = card_id(ctx.path, &c.q);
        if out.cards.iter().any(|k| k.id == id) {
            out.errs.push((
                c.q_line,
                "cards: duplicate question (in an earlier cards block)".into(),
            ));
            continue;
        }
        let q_html = render_markdown(&c.q, &Lines::Fixed(c.q_line), nested, out);
        let a_html = render_markdown(&c.a, &Lines::Fixed(c.a_line), nested, out);
        out.cards.push(Card {
            id,
            q_html: inline(q_html),
            a_html,
        });
    }
}

/// A question is shown inline: a lone paragraph loses its `<p>`.
fn inline(html: String) -> String {
    let t = html.trim_end();
    match t.strip_prefix("<p>").and_then(|s| s.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html,
    }
}

/// The error for a page with too few cards, if it has.
pub(crate) fn too_few_cards(path: &str, out: &Out) -> Option<String> {
    let n = out.cards.len();
    (n < MIN_CARDS).then(|| {
        format!("page `{path}` has {n} revision card{}; every page needs at least {MIN_CARDS} in a ```cards block", if n == 1 { "" } else { "s" })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_render_inline_answers_as_blocks() {
        let mut out = Out::default();
        let ctx = Ctx {
            file: "a/b.md",
            path: "a/b",
            base: "",
            nested: false,
        };
        let body = "[[card]]\nq = \"What is *O(1)*?\"\na = \"Constant: $1$.\\n\\n- a\\n- b\"\n";
        assert_eq!(render("cards", true, body, 7, ctx, &mut out), "");
        assert!(out.errs.is_empty(), "{:?}", out.errs);
        let card = &out.cards[0];
        assert_eq!(card.q_html, "What is <em>O(1)</em>?");
        assert!(
            card.a_html.starts_with("<p>Constant: <math"),
            "{}",
            card.a_html
        );
        assert!(card.a_html.contains("<ul>"));
        assert!(card.id.starts_with("a/b#"));
        assert_eq!(out.card_blocks, [7]);
        assert!(too_few_cards("a/b", &out)
            .unwrap()
            .contains("has 1 revision card;"));
    }

    #[test]
    fn nested_blocks_are_errors() {
        let mut out = Out::default();
        let ctx = Ctx {
            file: "a/b.md",
            path: "a/b",
            base: "",
            nested: false,
        };
        let body = "[[card]]\nq = \"Q\"\na = \"\"\"\n```cards\n```\n## H\n\"\"\"\n";
        render("cards", true, body, 1, ctx, &mut out);
        let msgs: Vec<&str> = out.errs.iter().map(|e| e.1.as_str()).collect();
        assert_eq!(
            msgs,
            [
                "cards blocks are not allowed inside a card",
                "headings are not allowed in cards"
            ]
        );
        assert_eq!(out.errs[0].0, 4);
    }
}
