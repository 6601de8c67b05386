//! Every server's log as one SVG string: a row per server, a cell per entry coloured by
//! its term (the node palette, by term), committed entries solid and the rest hollow,
//! the newest [`WINDOW`] indexes when logs are long.

use super::text::esc;
use raft_sim::Cluster;
use std::fmt::Write;

/// How many log indexes are shown at once (the newest).
pub(super) const WINDOW: u64 = 18;
const CELL: f64 = 17.0;
const LEFT: f64 = 30.0;
const TOP: f64 = 16.0;

/// The first index shown: the newest [`WINDOW`] indexes of the longest log.
pub(super) fn first_shown(cluster: &Cluster) -> u64 {
    let longest = cluster
        .nodes()
        .iter()
        .map(|n| n.log().last_index())
        .max()
        .unwrap_or(0);
    longest.saturating_sub(WINDOW) + 1
}

/// The colour slot of a term (the palette has 16 colours).
pub(super) fn term_slot(term: u64) -> u64 {
    term % 16
}

/// The drawing.
pub(super) fn svg(cluster: &Cluster) -> String {
    let nodes = cluster.nodes();
    let first = first_shown(cluster);
    let width = LEFT + WINDOW as f64 * CELL + 4.0;
    let height = TOP + nodes.len() as f64 * CELL + 4.0;
    let mut out = String::with_capacity(2_048 + nodes.len() * WINDOW as usize * 120);
    let label: Vec<String> = nodes
        .iter()
        .map(|n| {
            format!(
                "{}: {} entries, {} committed",
                n.id(),
                n.log().last_index(),
                n.commit_index().min(n.log().last_index())
            )
        })
        .collect();
    let _ = write!(
        out,
        r#"<svg class="rf-logs-svg" viewBox="0 0 {width:.0} {height:.0}" role="img" aria-label="{}">"#,
        esc(&format!("Logs. {}", label.join("; ")))
    );
    // Index labels every few columns.
    for k in 0..WINDOW {
        let index = first + k;
        if index == 1 || index.is_multiple_of(5) {
            let x = LEFT + k as f64 * CELL + CELL / 2.0;
            let _ = write!(
                out,
                r#"<text class="rf-log-index" x="{x:.1}" y="10">{index}</text>"#
            );
        }
    }
    for (row, node) in nodes.iter().enumerate() {
        let y = TOP + row as f64 * CELL;
        let down = if cluster.is_up(node.id()) {
            ""
        } else {
            " rf-log-down"
        };
        let _ = write!(
            out,
            r#"<text class="rf-log-name{down}" x="2" y="{:.1}">{}</text>"#,
            y + CELL - 5.0,
            node.id()
        );
        let entries = node.log().entries();
        for k in 0..WINDOW {
            let index = first + k;
            let Some(entry) = usize::try_from(index - 1).ok().and_then(|i| entries.get(i)) else {
                break;
            };
            let x = LEFT + k as f64 * CELL;
            let committed = index <= node.commit_index();
            let _ = write!(
                out,
                r#"<g class="rf-entry rf-t{}{}"><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="2"/><text x="{:.1}" y="{:.1}">{}</text></g>"#,
                term_slot(entry.term),
                if committed { " rf-committed" } else { "" },
                x + 1.0,
                y + 1.0,
                CELL - 2.0,
                CELL - 2.0,
                x + CELL / 2.0,
                y + CELL - 5.0,
                entry.term
            );
        }
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use raft_sim::figures::{figure7, scenario_config};

    #[test]
    fn figure_7_shows_the_newest_indexes_of_the_longest_log() {
        let c = Cluster::from_states(scenario_config(7, 1).unwrap(), figure7());
        // The longest log, (d), has 12 entries: all fit.
        assert_eq!(first_shown(&c), 1);
        let svg = svg(&c);
        let total: u64 = c.nodes().iter().map(|n| n.log().last_index()).sum();
        assert_eq!(svg.matches("rf-entry").count() as u64, total);
        // Nothing is known to be committed after a (re)start.
        assert_eq!(svg.matches("rf-committed").count(), 0);
    }
}
