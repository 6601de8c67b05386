//! The page compiler never panics: arbitrary text and Markdown-ish pages built from
//! the constructs the compiler treats specially (front matter, fences, links, math,
//! cards, widgets, diagrams, HTML) all give `Ok` or `Err`.

use proptest::prelude::*;

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("+++".to_string()),
        Just("title = \"T\"\nsummary = \"S.\"".to_string()),
        Just("tags = [\"a\", 1]".to_string()),
        Just("```".to_string()),
        Just("```dot".to_string()),
        Just("```cards".to_string()),
        Just("```widget counter".to_string()),
        Just("```widget".to_string()),
        Just("```rust".to_string()),
        Just("[[card]]\nq = \"Q\"\na = \"A\"".to_string()),
        Just("q = \"\"\"".to_string()),
        Just("digraph { a -> b [label=\"x\"]; }".to_string()),
        Just("graph { a -- b -- a; subgraph { c } }".to_string()),
        Just("start = 200".to_string()),
        Just("## Heading".to_string()),
        Just("# Title".to_string()),
        Just("> [!NOTE]".to_string()),
        Just("$$".to_string()),
        Just("[^1]: note".to_string()),
        Just("| a | b |\n|---|---|".to_string()),
        "[a-z# ]{0,12}".prop_map(|s| format!("## {s}")),
        "[a-z./#]{0,16}".prop_map(|s| format!("[l]({s}) ![i]({s})")),
        r"[a-z\\{}^_ ]{0,16}".prop_map(|s| format!("${s}$ and $${s}$$")),
        "[a-z<>/ ]{0,16}",
        ".{0,40}",
        dot(),
    ]
}

/// Small random DOT graphs: cycles, self-loops, both graph kinds, the attributes
/// writers use.
fn dot() -> impl Strategy<Value = String> {
    let edge = (
        "[a-e]",
        "[a-e]",
        prop::option::of("[a-z ]{0,6}"),
        any::<bool>(),
    )
        .prop_map(|(a, b, label, dashed)| {
            let mut attrs = Vec::new();
            if let Some(l) = label {
                attrs.push(format!("label=\"{l}\""));
            }
            if dashed {
                attrs.push("style=dashed".to_string());
            }
            if attrs.is_empty() {
                format!("{a} -> {b};")
            } else {
                format!("{a} -> {b} [{}];", attrs.join(", "))
            }
        });
    let shape = prop_oneof![
        Just("box"),
        Just("ellipse"),
        Just("circle"),
        Just("cylinder"),
        Just("diamond")
    ];
    (any::<bool>(), shape, prop::collection::vec(edge, 0..10)).prop_map(|(lr, shape, edges)| {
        let dir = if lr { "rankdir=LR;" } else { "" };
        format!(
            "```dot\ndigraph {{ {dir} node [shape={shape}]; {} }}\n```",
            edges.join(" ")
        )
    })
}

fn page() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..24).prop_map(|parts| parts.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn markdownish_pages_never_panic(text in page()) {
        let _ = content::compile_page("ch/p.md", &text, "/b");
    }

    #[test]
    fn random_graphs_never_panic(graph in dot()) {
        let _ = content::compile_page("p.md", &graph, "");
    }

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,400}") {
        let _ = content::compile_page("ch/index.md", &text, "");
    }

    #[test]
    fn a_good_front_matter_before_noise_never_panics(body in page()) {
        let text = format!("+++\ntitle = \"T\"\nsummary = \"S.\"\n+++\n{body}");
        let _ = content::compile_page("p.md", &text, "");
    }
}
