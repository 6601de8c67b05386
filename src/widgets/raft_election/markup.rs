//! The widget's markup as strings: the static frame of its controls and panels (set once),
//! and the parts that change (menus, check boxes, the status line), rebuilt per change.
//!
//! Why strings: every reactive node or attribute of a Leptos view is compiled into the
//! WebAssembly as its own code, and this widget has dozens. A static frame set once,
//! filled by `paint` with a handful of text and attribute updates, and driven by two
//! delegated event handlers, costs a fraction of that. Buttons and fields are never
//! recreated on a change, so keyboard focus stays where it was.

use raft_sim::{NodeId, Preset};
use widget_params::raft_election::NODES;

/// The settings: scenario, size, seed, the two switches, and the scenario's description.
pub(super) const TOP: &str = r#"<div class="rf-settings">
<label class="widget-field rf-preset"><span>Scenario</span><select data-testid="raft-preset"></select></label>
<label class="widget-field"><span>Servers</span><select data-testid="raft-nodes"></select></label>
<label class="widget-field rf-seed"><span>Seed</span><input type="number" min="0" inputmode="numeric" data-testid="raft-seed"></label>
<label class="rf-check"><input type="checkbox" data-testid="raft-pre-vote"><span>Pre-Vote</span></label>
<label class="rf-check"><input type="checkbox" data-testid="raft-check-quorum"><span>CheckQuorum</span></label>
<p class="rf-about" data-testid="raft-about"></p>
</div>"#;

/// Everything below the playback controls: status, drawing, inspector, actions, logs and
/// the invariants panel. Buttons carry `data-act`, which the click handler dispatches on.
pub(super) const BODY: &str = r#"<p class="rf-status"></p>
<div class="rf-main">
<div class="rf-drawing">
<div class="rf-cluster" data-testid="raft-cluster"></div>
<p class="rf-legend">Messages: <span class="rf-m-vote"><b>?</b> asks for a vote</span> · <span class="rf-m-yes"><b>✓</b> yes</span> · <span class="rf-m-no"><b>✗</b> no</span> · <span class="rf-m-beat"><b>♥</b> heartbeat</span> · <span class="rf-m-append"><b>+2</b> two entries</span>. Circles carry votes, squares the log; dashed ones are pre-votes.</p>
</div>
<div class="rf-side">
<div class="rf-inspector" data-testid="raft-inspector">
<label class="widget-field"><span>Inspect and act on (or click the drawing)</span><select data-testid="raft-pick"></select></label>
<dl class="rf-fields"></dl>
</div>
<div class="rf-actions" role="group" aria-label="Act on the cluster">
<div class="widget-row">
<button class="button" type="button" data-act="crash" data-testid="raft-crash">Crash</button>
<button class="button button-quiet" type="button" data-act="timeout" data-testid="raft-timeout">Time out</button>
<button class="button button-quiet" type="button" data-act="write" data-testid="raft-write">Client write</button>
</div>
<div class="widget-row">
<button class="button button-quiet" type="button" data-act="drop" data-testid="raft-drop">Drop a message</button>
<button class="button button-quiet" type="button" data-act="dup" data-testid="raft-dup">Duplicate it</button>
</div>
<fieldset class="rf-partition"><legend>Partition: tick one side, then cut</legend>
<div class="rf-sides"></div>
<div class="widget-row">
<button class="button button-quiet" type="button" data-act="cut" data-testid="raft-partition">Cut the network</button>
<button class="button button-quiet" type="button" data-act="heal" data-testid="raft-heal">Heal</button>
</div>
</fieldset>
</div>
<p class="widget-error" role="alert" data-testid="raft-problem" hidden></p>
</div>
</div>
<figure class="rf-logs"><figcaption>Logs: one cell per entry, coloured by term; solid once the server knows it is committed.</figcaption><div data-testid="raft-logs"></div></figure>
<section class="rf-invariants" aria-label="Safety properties" data-testid="raft-invariants">
<h3>Safety properties (figure 3 of the Raft paper)</h3>
<ul></ul>
<p class="rf-checks"></p>
</section>"#;

/// The scenario menu's `<option>`s, with `now` selected.
pub(super) fn preset_options(now: Option<Preset>) -> String {
    let mut out = format!(
        r#"<option value=""{}>Free run</option>"#,
        if now.is_none() { " selected" } else { "" }
    );
    for p in Preset::ALL {
        let selected = if now == Some(p) { " selected" } else { "" };
        out.push_str(&format!(
            r#"<option value="{}"{selected}>{}</option>"#,
            p.slug(),
            p.title()
        ));
    }
    out
}

/// The cluster sizes' `<option>`s, with `now` selected.
pub(super) fn size_options(now: u8) -> String {
    NODES
        .map(|n| {
            let selected = if n == now { " selected" } else { "" };
            format!(r#"<option value="{n}"{selected}>{n}</option>"#)
        })
        .collect()
}

/// One check box per server for choosing a side of a partition (their ticks live in the
/// page, so rebuilding happens only when the cluster size changes).
pub(super) fn side_boxes(size: usize) -> String {
    (0..size)
        .map(|i| {
            format!(
                r#"<label class="rf-check"><input type="checkbox" data-side="{i}" data-testid="raft-side-{}"><span>{}</span></label>"#,
                i + 1,
                NodeId(i as u8)
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn menus_select_the_current_choice() {
        let html = preset_options(Some(Preset::SplitVote));
        assert_eq!(html.matches("<option").count(), 8);
        assert!(html.contains(r#"<option value="split-vote" selected>A split vote</option>"#));
        assert!(preset_options(None).starts_with(r#"<option value="" selected>"#));
        let sizes = size_options(7);
        assert_eq!(sizes.matches("<option").count(), 7);
        assert!(sizes.contains(r#"<option value="7" selected>7</option>"#));
        assert_eq!(side_boxes(4).matches("data-side=").count(), 4);
    }

    #[test]
    fn every_control_the_tests_and_handlers_use_is_in_the_frame() {
        for id in [
            "raft-preset",
            "raft-nodes",
            "raft-seed",
            "raft-pre-vote",
            "raft-check-quorum",
            "raft-about",
        ] {
            assert!(TOP.contains(&format!(r#"data-testid="{id}""#)), "{id}");
        }
        for act in ["crash", "timeout", "write", "drop", "dup", "cut", "heal"] {
            assert!(BODY.contains(&format!(r#"data-act="{act}""#)), "{act}");
        }
        for id in [
            "raft-cluster",
            "raft-pick",
            "raft-logs",
            "raft-invariants",
            "raft-problem",
        ] {
            assert!(BODY.contains(&format!(r#"data-testid="{id}""#)), "{id}");
        }
    }
}
