//! Diagrams: a ```` ```dot ```` block drawn as an inline SVG at build time.
//!
//! `layout-rs` (pure Rust) parses and lays out the DOT, so the build needs no Graphviz
//! install; it handles what the notes use (digraph/graph, `rankdir`, node and edge
//! statements, `label`, `shape`, `style=dashed`). [`crate::diagram_svg`] draws the
//! result as a themable SVG: `currentColor` strokes and text, no fixed size (a
//! `viewBox`, `max-width: 100%`), `role="img"` and an `aria-label`.

use crate::diagram_svg::SvgCanvas;
use crate::escape::{guard, html};
use layout::gv::parser::ast;
use layout::gv::{DotParser, GraphBuilder};

/// The most nodes a diagram may have: the layout is quadratic or worse, and a diagram
/// this large would not be readable in a column anyway.
const MAX_NODES: usize = 60;

/// Render DOT `src` as `<figure class="diagram"><svg ...></figure>`. `n` numbers the
/// diagrams of a page so their SVG ids are unique.
pub(crate) fn render(src: &str, n: usize) -> Result<String, String> {
    let graph = guard("diagram", || {
        DotParser::new(src).process().map_err(|e| format!("DOT syntax error: {e} (check quotes, semicolons and brackets; `graph`, `node`, `edge` and `subgraph` are keywords and must be quoted to name a node)"))
    })?;
    let label = aria_label(&graph);
    if label.nodes == 0 {
        return Err("the diagram has no nodes".into());
    }
    if label.nodes > MAX_NODES {
        return Err(format!(
            "the diagram has {} nodes; keep it to {MAX_NODES} or fewer (split it, or simplify)",
            label.nodes
        ));
    }
    let svg = guard("diagram", || {
        let mut builder = GraphBuilder::new();
        builder.visit_graph(&graph);
        let mut visual = builder.get();
        let mut canvas = SvgCanvas::new(format!("dg{n}"));
        visual.do_it(false, false, false, &mut canvas);
        Ok(canvas.finish(&label.text))
    })?;
    // Focusable: a wide diagram scrolls sideways, and a keyboard must be able to scroll it.
    Ok(format!(
        "<figure class=\"diagram\" tabindex=\"0\">{svg}</figure>\n"
    ))
}

struct Label {
    text: String,
    nodes: usize,
}

/// The graph's own `label`, or a summary of its nodes.
fn aria_label(g: &ast::Graph) -> Label {
    let mut graph_label = None;
    let mut names: Vec<String> = Vec::new();
    let mut labels: std::collections::HashMap<String, String> = Default::default();
    fn note(names: &mut Vec<String>, n: &str) {
        if !names.iter().any(|x| x == n) {
            names.push(n.to_string());
        }
    }
    fn walk(
        list: &ast::StmtList,
        graph_label: &mut Option<String>,
        names: &mut Vec<String>,
        labels: &mut std::collections::HashMap<String, String>,
    ) {
        for stmt in &list.list {
            match stmt {
                ast::Stmt::Attribute(a) if matches!(a.target, ast::AttrStmtTarget::Graph) => {
                    for (k, v) in a.list.iter() {
                        if k == "label" {
                            *graph_label = Some(v.clone());
                        }
                    }
                }
                ast::Stmt::Attribute(_) => {}
                ast::Stmt::Node(n) => {
                    note(names, &n.id.name);
                    if let Some((_, v)) = n.list.iter().find(|(k, _)| k == "label") {
                        labels.insert(n.id.name.clone(), v.clone());
                    }
                }
                ast::Stmt::Edge(e) => {
                    note(names, &e.from.name);
                    for (to, _) in &e.to {
                        note(names, &to.name);
                    }
                }
                ast::Stmt::SubGraph(g) => walk(&g.list, graph_label, names, labels),
            }
        }
    }
    walk(&g.list, &mut graph_label, &mut names, &mut labels);
    let shown: Vec<String> = names
        .iter()
        .map(|n| {
            labels
                .get(n)
                .cloned()
                .unwrap_or_else(|| n.clone())
                .replace("\\n", " ")
        })
        .collect();
    let text = graph_label.unwrap_or_else(|| format!("Diagram of {}", shown.join(", ")));
    Label {
        text: html(&text),
        nodes: names.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_a_themable_accessible_svg() {
        let svg = render(r#"digraph { rankdir=LR; node [shape=box]; client -> lb [label="HTTPS"]; lb -> app1; lb -> app2 [style=dashed]; }"#, 0).unwrap();
        assert!(
            svg.starts_with("<figure class=\"diagram\" tabindex=\"0\"><svg"),
            "{svg}"
        );
        assert!(svg.contains("role=\"img\""));
        assert!(
            svg.contains("aria-label=\"Diagram of client, lb, app1, app2\""),
            "{svg}"
        );
        assert!(svg.contains("viewBox=\""));
        assert!(svg.contains("width:100%;max-width:"), "{svg}");
        assert!(
            svg.contains("min-width:"),
            "wide diagrams scroll rather than shrink: {svg}"
        );
        assert!(svg.contains(">HTTPS<"));
        assert!(svg.contains("stroke-dasharray"));
        for colour in ["black", "white", "#000", "#fff"] {
            assert!(!svg.contains(colour), "hard-coded {colour}: {svg}");
        }
    }

    #[test]
    fn the_graph_label_names_the_figure() {
        let svg = render(r#"digraph { label="Request path"; a -> b; }"#, 0).unwrap();
        assert!(svg.contains("aria-label=\"Request path\""), "{svg}");
        let svg = render(r#"graph { a [label="Load balancer"]; a -- b; }"#, 0).unwrap();
        assert!(
            svg.contains("aria-label=\"Diagram of Load balancer, b\""),
            "{svg}"
        );
    }

    #[test]
    fn cycles_self_loops_and_undirected_graphs_render() {
        for src in [
            "digraph { a -> b; b -> c; c -> a; }",
            "digraph { a -> a; }",
            "graph { a -- b; b -- c; }",
            "digraph { rankdir=LR; node [shape=cylinder]; a -> b -> c; a -> c [label=\"skip\"]; }",
        ] {
            let svg = render(src, 1).unwrap_or_else(|e| panic!("{src}: {e}"));
            assert!(svg.contains("<svg"), "{src}");
        }
    }

    #[test]
    fn syntax_errors_and_empty_graphs_are_errors() {
        assert!(render("digraph { a -> ; }", 0)
            .unwrap_err()
            .starts_with("DOT syntax error"));
        assert!(render("digraph { }", 0).is_err());
        assert!(render("", 0).is_err());
    }
}

#[cfg(test)]
mod preview {
    /// Writes a preview SVG for eyeballing the layout: `DIAGRAM_PREVIEW=/tmp/x.svg`.
    #[test]
    fn preview() {
        if let Some(path) = std::env::var_os("DIAGRAM_PREVIEW") {
            let src = std::fs::read_to_string(std::env::var("DIAGRAM_SRC").unwrap()).unwrap();
            let svg = super::render(&src, 0).unwrap();
            std::fs::write(
                path,
                svg.replace("<figure class=\"diagram\" tabindex=\"0\">", "")
                    .replace("</figure>\n", "")
                    .replace("currentColor", "#222"),
            )
            .unwrap();
        }
    }
}
