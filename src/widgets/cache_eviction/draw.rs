//! Each policy's inner structure drawn as one HTML string (rows of key cells; CLOCK as a
//! dial with its hand), built from the crate's `view()` of the policy. One string per
//! change is much cheaper than thousands of reactive nodes.
//!
//! Cell classes: `ce-now` the key just requested, `ce-next` the entry the policy would
//! evict next, `ce-ref` a set reference/visited bit, `ce-ghost` a remembered key that is
//! not cached; a small number after a key is its count (uses, frequency, estimate).

use super::source::Requests;
use cache_policies::{Key, PolicyView};
use std::f64::consts::TAU;
use std::fmt::Write;

/// The most cells a row shows; longer rows show both ends around a "… n more" cell.
const MAX_CELLS: usize = 40;
/// The most slots CLOCK is drawn as a dial with; more are drawn as a row.
const MAX_DIAL: usize = 32;

/// Escapes text for HTML.
pub(super) fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One key cell.
struct Cell {
    key: Key,
    /// A count shown after the key.
    count: Option<u64>,
    class: &'static str,
}

/// What the drawing highlights.
pub(super) struct Marks<'a> {
    /// Names keys.
    pub(super) requests: &'a Requests,
    /// The key just requested.
    pub(super) now: Option<Key>,
}

fn row(out: &mut String, name: &str, hint: &str, cells: &[Cell], marks: &Marks<'_>) {
    let _ = write!(
        out,
        r#"<div class="ce-row"><div class="ce-row-name">{}<span class="ce-hint"> {}</span></div><ol class="ce-cells" aria-label="{}">"#,
        esc(name),
        esc(hint),
        esc(name)
    );
    if cells.is_empty() {
        out.push_str(r#"<li class="ce-empty">empty</li>"#);
    }
    let shown: Vec<usize> = if cells.len() <= MAX_CELLS {
        (0..cells.len()).collect()
    } else {
        let half = MAX_CELLS / 2;
        (0..half)
            .chain(cells.len() - half + 1..cells.len())
            .collect()
    };
    for (n, &i) in shown.iter().enumerate() {
        if n > 0 && shown[n - 1] + 1 != i {
            let _ = write!(
                out,
                r#"<li class="ce-more">… {} more</li>"#,
                i - shown[n - 1] - 1
            );
        }
        let c = &cells[i];
        let now = if marks.now == Some(c.key) {
            " ce-now"
        } else {
            ""
        };
        let _ = write!(
            out,
            r#"<li class="ce-k{}{now}">{}"#,
            c.class,
            esc(&marks.requests.label(c.key))
        );
        if let Some(count) = c.count {
            let _ = write!(out, r#"<sub>{count}</sub>"#);
        }
        out.push_str("</li>");
    }
    out.push_str("</ol></div>");
}

/// Cells for `keys`, the one at `next` (if any) marked as the next victim.
fn cells(keys: &[Key], next: Option<usize>) -> Vec<Cell> {
    keys.iter()
        .enumerate()
        .map(|(i, &key)| Cell {
            key,
            count: None,
            class: if Some(i) == next { " ce-next" } else { "" },
        })
        .collect()
}

fn ghosts(keys: &[Key]) -> Vec<Cell> {
    keys.iter()
        .map(|&key| Cell {
            key,
            count: None,
            class: " ce-ghost",
        })
        .collect()
}

fn counted(keys: &[(Key, u8)], next: Option<usize>) -> Vec<Cell> {
    keys.iter()
        .enumerate()
        .map(|(i, &(key, n))| Cell {
            key,
            count: Some(u64::from(n)),
            class: if Some(i) == next { " ce-next" } else { "" },
        })
        .collect()
}

/// The structure of one policy.
pub(super) fn structure(view: &PolicyView, marks: &Marks<'_>) -> String {
    let mut out = String::with_capacity(2048);
    let last = |n: usize| n.checked_sub(1);
    match view {
        PolicyView::Fifo(v) => row(
            &mut out,
            "Queue",
            "oldest → newest",
            &cells(&v.queue, (!v.queue.is_empty()).then_some(0)),
            marks,
        ),
        PolicyView::Lru(v) => row(
            &mut out,
            "Recency",
            "most → least recent",
            &cells(&v.recency, last(v.recency.len())),
            marks,
        ),
        PolicyView::Random(v) => row(
            &mut out,
            "Slots",
            "any may go",
            &cells(&v.slots, None),
            marks,
        ),
        PolicyView::Lfu(v) => {
            for (i, (uses, keys)) in v.buckets.iter().enumerate() {
                let next = (i == 0).then(|| keys.len().saturating_sub(1));
                row(
                    &mut out,
                    &format!("{uses} use{}", if *uses == 1 { "" } else { "s" }),
                    "most → least recent",
                    &cells(keys, next),
                    marks,
                );
            }
            if v.buckets.is_empty() {
                row(&mut out, "Uses", "", &[], marks);
            }
        }
        PolicyView::Clock(v) => {
            if v.slots.len() <= MAX_DIAL {
                dial(&mut out, &v.slots, v.hand, marks);
            } else {
                let c: Vec<Cell> = v
                    .slots
                    .iter()
                    .enumerate()
                    .map(|(i, &(key, r))| Cell {
                        key,
                        count: None,
                        class: match (i == v.hand, r) {
                            (true, true) => " ce-hand ce-ref",
                            (true, false) => " ce-hand",
                            (false, true) => " ce-ref",
                            (false, false) => "",
                        },
                    })
                    .collect();
                row(
                    &mut out,
                    "Circle",
                    "filled: referenced; ringed: the hand",
                    &c,
                    marks,
                );
            }
        }
        PolicyView::Sieve(v) => {
            let c: Vec<Cell> = v
                .queue
                .iter()
                .map(|&(key, visited)| Cell {
                    key,
                    count: None,
                    class: match (Some(key) == v.hand, visited) {
                        (true, true) => " ce-hand ce-ref",
                        (true, false) => " ce-hand",
                        (false, true) => " ce-ref",
                        (false, false) => "",
                    },
                })
                .collect();
            let hint = if v.hand.is_some() {
                "newest → oldest; filled: visited; ringed: the hand"
            } else {
                "newest → oldest; filled: visited; the hand starts at the oldest"
            };
            row(&mut out, "Queue", hint, &c, marks);
        }
        PolicyView::TwoQ(v) => {
            row(
                &mut out,
                &format!("A1in (Kin {})", v.kin),
                "newest → oldest, seen once",
                &cells(&v.a1in, last(v.a1in.len())),
                marks,
            );
            row(
                &mut out,
                "Am",
                "most → least recent, proven reuse",
                &cells(&v.am, None),
                marks,
            );
            row(
                &mut out,
                "A1out",
                "ghosts, oldest first",
                &ghosts(&v.a1out),
                marks,
            );
        }
        PolicyView::Arc(v) => {
            row(
                &mut out,
                &format!("T1 (target p = {})", v.p),
                "seen once, most → least recent",
                &cells(&v.t1, None),
                marks,
            );
            row(
                &mut out,
                "T2",
                "seen twice or more, most → least recent",
                &cells(&v.t2, None),
                marks,
            );
            row(
                &mut out,
                "B1",
                "ghosts evicted from T1",
                &ghosts(&v.b1),
                marks,
            );
            row(
                &mut out,
                "B2",
                "ghosts evicted from T2",
                &ghosts(&v.b2),
                marks,
            );
        }
        PolicyView::S3Fifo(v) => {
            row(
                &mut out,
                &format!("Small (target {})", v.small_target),
                "oldest → newest; count of reuses",
                &counted(&v.small, None),
                marks,
            );
            row(
                &mut out,
                "Main",
                "oldest → newest; count of reuses",
                &counted(&v.main, None),
                marks,
            );
            row(
                &mut out,
                "Ghost",
                "keys that left Small unused",
                &ghosts(&v.ghost),
                marks,
            );
        }
        PolicyView::WTinyLfu(v) => {
            row(
                &mut out,
                "Window",
                "most → least recent; sketch estimate",
                &counted(&v.window, last(v.window.len())),
                marks,
            );
            row(
                &mut out,
                "Probation",
                "most → least recent",
                &counted(&v.probation, last(v.probation.len())),
                marks,
            );
            row(
                &mut out,
                "Protected",
                "most → least recent",
                &counted(&v.protected, None),
                marks,
            );
            let s = &v.sketch;
            let _ = write!(
                out,
                r#"<p class="ce-sketch">Count-min sketch: {} of {} samples before the counters halve ({} halvings so far); doorkeeper {} of {} bits set.</p>"#,
                s.samples, s.sample_limit, s.resets, s.doorkeeper_set, s.doorkeeper_bits
            );
        }
        PolicyView::Belady(v) => {
            let c: Vec<Cell> = v
                .entries
                .iter()
                .enumerate()
                .map(|(i, &(key, next))| Cell {
                    key,
                    // Shown 1-based, like the request counter.
                    count: next.map(|n| n + 1),
                    class: if i == 0 { " ce-next" } else { "" },
                })
                .collect();
            row(
                &mut out,
                "Next use",
                "furthest first; number: the request that uses it next (none: never)",
                &c,
                marks,
            );
        }
    }
    out
}

/// CLOCK as a dial: slots round a circle, referenced ones filled, the hand a line.
fn dial(out: &mut String, slots: &[(Key, bool)], hand: usize, marks: &Marks<'_>) {
    const R: f64 = 62.0;
    let n = slots.len().max(1) as f64;
    let _ = write!(
        out,
        r#"<svg class="ce-dial" viewBox="0 0 180 170" role="img" aria-label="{}">"#,
        esc(&format!(
            "Clock of {} slots; the hand points at slot {}",
            slots.len(),
            hand + 1
        ))
    );
    out.push_str(r#"<circle class="ce-dial-rim" cx="90" cy="85" r="62"/>"#);
    if !slots.is_empty() {
        let a = hand as f64 / n * TAU;
        let _ = write!(
            out,
            r#"<line class="ce-dial-hand" x1="90" y1="85" x2="{:.1}" y2="{:.1}"/>"#,
            90.0 + (R - 16.0) * a.sin(),
            85.0 - (R - 16.0) * a.cos()
        );
    }
    for (i, &(key, referenced)) in slots.iter().enumerate() {
        let a = i as f64 / n * TAU;
        let (x, y) = (90.0 + R * a.sin(), 85.0 - R * a.cos());
        let mut class = String::from("ce-slot");
        if referenced {
            class.push_str(" ce-ref");
        }
        if marks.now == Some(key) {
            class.push_str(" ce-now");
        }
        if i == hand {
            class.push_str(" ce-hand");
        }
        let _ = write!(
            out,
            r#"<g class="{class}"><circle cx="{x:.1}" cy="{y:.1}" r="12"/><text x="{x:.1}" y="{:.1}" text-anchor="middle">{}</text></g>"#,
            y + 4.0,
            esc(&marks.requests.label(key))
        );
    }
    out.push_str("</svg>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use cache_policies::{Capacity, Policy, PolicyKind};
    use std::sync::Arc;

    fn requests() -> Requests {
        Requests {
            keys: Arc::from(vec![]),
            names: Arc::new([(99, "<b>".to_string())].into_iter().collect()),
        }
    }

    #[test]
    fn every_policy_draws_its_keys_and_marks_the_request() {
        let trace: Vec<Key> = vec![1, 2, 3, 1, 4, 99, 2, 5, 1];
        let r = requests();
        for kind in PolicyKind::ALL {
            let mut p = kind.build(Capacity::new(3).unwrap(), 1, &trace);
            for &k in &trace {
                p.access(k);
            }
            let html = structure(
                &p.view(),
                &Marks {
                    requests: &r,
                    now: Some(1),
                },
            );
            assert!(html.contains("ce-now"), "{kind}: {html}");
            assert!(!html.contains("<b>"), "{kind}: names are escaped");
            let cached = html.matches("class=\"ce-k").count() - html.matches("ce-ghost").count()
                + html.matches("class=\"ce-slot").count();
            assert_eq!(cached, 3, "{kind}: {html}");
        }
    }

    #[test]
    fn long_rows_show_both_ends() {
        let r = requests();
        let keys: Vec<Key> = (0..100).collect();
        let mut out = String::new();
        row(
            &mut out,
            "Queue",
            "",
            &cells(&keys, Some(99)),
            &Marks {
                requests: &r,
                now: None,
            },
        );
        assert_eq!(out.matches("class=\"ce-k").count(), MAX_CELLS - 1);
        assert!(out.contains("… 61 more"));
        assert!(out.contains(r#"ce-k ce-next">&lt;b&gt;</li>"#), "{out}");
    }
}
