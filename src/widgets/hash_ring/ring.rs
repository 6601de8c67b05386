//! The ring drawn as one SVG string: owner arcs and virtual-node ticks (for the
//! algorithms that have a ring), and every key as a dot at its hash, in its owner's
//! colour. Building a string and setting it once is much cheaper than thousands of
//! reactive nodes, and nothing here runs between changes.

use consistent_hashing::diff::thousands;
use consistent_hashing::Cluster;
use std::f64::consts::TAU;
use std::fmt::Write;

/// The drawing's size (a square `viewBox`) and radii.
const SIZE: f64 = 240.0;
const CENTRE: f64 = SIZE / 2.0;
const RING: f64 = 104.0;
const KEYS: f64 = 90.0;
const BAND: f64 = 4.5;
const FULL_TURN: f64 = 18_446_744_073_709_551_616.0;

/// A colour slot (0–15) for each node, stable while nodes come and go: a node named by a
/// single capital letter keeps its letter's slot; other names use their position.
pub(super) fn colour_slots(names: &[&str]) -> Vec<usize> {
    names
        .iter()
        .enumerate()
        .map(|(i, name)| match name.as_bytes() {
            [c @ b'A'..=b'Z'] => usize::from(c - b'A') % 16,
            _ => i % 16,
        })
        .collect()
}

/// Where ring position `pos` lies at radius `r`: clockwise from the top.
pub(super) fn at(pos: u64, r: f64) -> (f64, f64) {
    let a = pos as f64 / FULL_TURN * TAU;
    (CENTRE + r * a.sin(), CENTRE - r * a.cos())
}

/// Escapes text for an attribute or element.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The whole drawing. `moved[i]` marks key `i` as just moved; key `picked` is drawn
/// larger, on top.
pub(super) fn svg(cluster: &Cluster, moved: &[bool], picked: u32) -> String {
    let spec = cluster.spec();
    let names: Vec<&str> = spec
        .membership
        .nodes()
        .iter()
        .map(|n| n.name.as_str())
        .collect();
    let slots = colour_slots(&names);
    let slot = |node: u32| slots.get(node as usize).copied().unwrap_or(0);
    let assignment = cluster.assignment();
    let ring = cluster.placer().ring();
    let label = format!(
        "{}: {} nodes ({}), {} keys{}",
        spec.algorithm.kind().label(),
        names.len(),
        names.join(", "),
        thousands(assignment.keys.len() as u64),
        match ring {
            Some(r) => format!(
                ", {} virtual-node points",
                thousands(r.point_count() as u64)
            ),
            None => String::new(),
        }
    );
    let mut out = String::with_capacity(64 * assignment.keys.len() + 4096);
    let _ = write!(
        out,
        r#"<svg class="hr-svg" viewBox="0 0 {SIZE} {SIZE}" role="img" aria-label="{}">"#,
        esc(&label)
    );
    let _ = write!(
        out,
        r#"<circle class="hr-guide" cx="{CENTRE}" cy="{CENTRE}" r="{RING}"/>"#
    );
    if let Some(ring) = ring {
        out.push_str(r#"<g class="hr-arcs">"#);
        for arc in ring.arcs() {
            let share = arc.len() as f64 / FULL_TURN;
            let n = slot(arc.node);
            if share >= 0.999_999 {
                let _ = write!(
                    out,
                    r#"<circle class="hr-n{n}" cx="{CENTRE}" cy="{CENTRE}" r="{RING}"/>"#
                );
                continue;
            }
            let (x0, y0) = at(arc.start, RING);
            let (x1, y1) = at(arc.end, RING);
            let large = u8::from(share > 0.5);
            let _ = write!(
                out,
                r#"<path class="hr-n{n}" d="M{x0:.2} {y0:.2}A{RING} {RING} 0 {large} 1 {x1:.2} {y1:.2}"/>"#
            );
        }
        out.push_str(r#"</g><g class="hr-points">"#);
        for p in ring.points() {
            let (x0, y0) = at(p.position, RING - 9.0);
            let (x1, y1) = at(p.position, RING + 9.0);
            let _ = write!(
                out,
                r#"<line class="hr-n{}" x1="{x0:.2}" y1="{y0:.2}" x2="{x1:.2}" y2="{y1:.2}"/>"#,
                slot(p.node)
            );
        }
        out.push_str("</g>");
    }
    out.push_str(r#"<g class="hr-keys">"#);
    for (i, (&hash, &owner)) in assignment.keys.iter().zip(&assignment.owners).enumerate() {
        let (x, y) = at(hash, KEYS - BAND * (i % 4) as f64);
        let class = if moved.get(i).copied().unwrap_or(false) {
            " hr-moved"
        } else {
            ""
        };
        let _ = write!(
            out,
            r#"<circle class="hr-n{}{class}" cx="{x:.2}" cy="{y:.2}" r="1.7"/>"#,
            slot(owner)
        );
    }
    if let (Some(&hash), Some(&owner)) = (
        assignment.keys.get(picked as usize),
        assignment.owners.get(picked as usize),
    ) {
        let (x, y) = at(hash, KEYS - BAND * (picked % 4) as f64);
        let _ = write!(
            out,
            r#"<circle class="hr-n{} hr-picked" cx="{x:.2}" cy="{y:.2}" r="4"/>"#,
            slot(owner)
        );
    }
    out.push_str("</g>");
    let _ = write!(
        out,
        r#"<text class="hr-centre" x="{CENTRE}" y="{}" text-anchor="middle">{}</text><text class="hr-centre-sub" x="{CENTRE}" y="{}" text-anchor="middle">{} keys · {} nodes</text></svg>"#,
        CENTRE - 4.0,
        esc(spec.algorithm.kind().label()),
        CENTRE + 14.0,
        thousands(assignment.keys.len() as u64),
        names.len()
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use consistent_hashing::{Algorithm, ClusterSpec, KeySet, Membership, Replication};

    #[test]
    fn positions_run_clockwise_from_the_top() {
        let (x, y) = at(0, 10.0);
        assert!((x - CENTRE).abs() < 1e-9 && (y - (CENTRE - 10.0)).abs() < 1e-9);
        let (x, y) = at(u64::MAX / 4, 10.0);
        assert!((x - (CENTRE + 10.0)).abs() < 1e-6 && (y - CENTRE).abs() < 1e-6);
    }

    #[test]
    fn letters_keep_their_colour_when_others_leave() {
        assert_eq!(colour_slots(&["A", "C", "Q"]), vec![0, 2, 0]);
        assert_eq!(colour_slots(&["web-1", "web-2"]), vec![0, 1]);
    }

    #[test]
    fn the_drawing_has_one_dot_per_key_and_one_tick_per_point() {
        let cluster = Cluster::new(ClusterSpec {
            algorithm: Algorithm::default(),
            membership: Membership::from_names(["A", "B<"]).unwrap(),
            keys: KeySet::uniform(1, 50).unwrap(),
            replication: Replication::ONE,
        })
        .unwrap();
        let s = svg(&cluster, &[true], 60);
        assert_eq!(s.matches("r=\"1.7\"").count(), 50);
        assert_eq!(s.matches("<line").count(), 200);
        assert_eq!(s.matches("<path").count(), 200);
        assert_eq!(s.matches("hr-moved").count(), 1);
        assert!(s.contains("B&lt;") && !s.contains("B<"));
    }
}
