//! The ring drawn as one SVG string: owner arcs and virtual-node ticks (for the
//! algorithms that have a ring), and every key as a dot at its hash, in its owner's
//! colour. Building a string and setting it once is much cheaper than thousands of
//! reactive nodes, and nothing here runs between changes.

use consistent_hashing::diff::thousands;
use consistent_hashing::Cluster;
use std::f64::consts::TAU;
use std::fmt::Write;

/// The drawing's size (a square `viewBox`) and radii. The units are small (a 26rem
/// drawing is 416 CSS pixels) so every coordinate is written as a whole number:
/// formatting thousands of floats to fixed decimals was a fifth of a redraw's time in
/// WebAssembly.
const SIZE: f64 = 2400.0;
const CENTRE: f64 = SIZE / 2.0;
const RING: f64 = 1040.0;
const KEYS: f64 = 900.0;
const BAND: f64 = 45.0;
/// Half a virtual-node tick's length.
const TICK: f64 = 90.0;
const FULL_TURN: f64 = 18_446_744_073_709_551_616.0;
/// The most key dots drawn: past this the dots are a sample (every k-th key), since a
/// few thousand already fill the ring and 100,000 would cost far more than a frame.
pub(super) const MAX_DOTS: usize = 1_200;
/// The most virtual-node ticks drawn; past this they merge into a solid band.
const MAX_TICKS: usize = 1_600;
/// Owner arcs are drawn at this angular resolution when there are more arcs than this
/// (each bucket in the colour of the node owning its middle), about one pixel each.
const ARC_BUCKETS: usize = 720;

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

/// [`at`] rounded to whole drawing units, for writing into a path.
fn at_unit(pos: u64, r: f64) -> (i32, i32) {
    let (x, y) = at(pos, r);
    (x.round() as i32, y.round() as i32)
}

/// Escapes text for an attribute or element.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Every how many keys a dot is drawn (1 up to [`MAX_DOTS`] keys).
pub(super) fn dot_stride(keys: usize) -> usize {
    keys.div_ceil(MAX_DOTS).max(1)
}

/// The radius of key `i`'s dot when every `stride`-th key is drawn: the drawn dots take
/// four rows in turn, so neighbours on the ring do not cover each other. (Counting drawn
/// dots, not keys: with a stride of 84, `i % 4` put every dot on one row.)
fn key_radius(i: usize, stride: usize) -> f64 {
    KEYS - BAND * ((i / stride.max(1)) % 4) as f64
}

/// The owner arcs `(start, end, node)` as drawn: as they are when there are few, else
/// merged into [`ARC_BUCKETS`] equal buckets, each owned by the node owning its middle,
/// with neighbouring buckets of one owner joined.
fn at_resolution(arcs: &[(u64, u64, u32)]) -> Vec<(u64, u64, u32)> {
    if arcs.len() <= ARC_BUCKETS {
        return arcs.to_vec();
    }
    // An arc `(start, end]` belongs to the point at its end (a key goes to the first
    // point at or after its hash), so find the first end at or after. A ring lists its
    // arcs in the order of their ends already; sorting is only a fallback.
    let mut sorted = arcs.to_vec();
    if !sorted.is_sorted_by_key(|a| a.1) {
        sorted.sort_unstable_by_key(|a| a.1);
    }
    let width = u64::MAX / ARC_BUCKETS as u64;
    let owner_at = |pos: u64| -> u32 {
        let i = sorted.partition_point(|a| a.1 < pos);
        // Past the last point, the ring wraps to the first.
        sorted[if i == sorted.len() { 0 } else { i }].2
    };
    let mut out: Vec<(u64, u64, u32)> = Vec::new();
    for b in 0..ARC_BUCKETS as u64 {
        let (start, end) = (b * width, (b + 1) * width);
        let owner = owner_at(start + width / 2);
        match out.last_mut() {
            Some(last) if last.2 == owner => last.1 = end,
            _ => out.push((start, end, owner)),
        }
    }
    if let [(_, _, only)] = out[..] {
        return vec![(0, u64::MAX, only)];
    }
    if let Some(last) = out.last_mut() {
        last.1 = 0;
    }
    out
}

/// The marker of the inspected key `picked`: a small drawing laid over the ring, so
/// pointing at keys redraws a few bytes, not the ring.
pub(super) fn picked_svg(cluster: &Cluster, picked: u32) -> String {
    let assignment = cluster.assignment();
    let names: Vec<&str> = cluster
        .spec()
        .membership
        .nodes()
        .iter()
        .map(|n| n.name.as_str())
        .collect();
    let slots = colour_slots(&names);
    let mut out = format!(
        r#"<svg class="hr-svg hr-overlay" viewBox="0 0 {SIZE} {SIZE}" aria-hidden="true">"#
    );
    if let (Some(&hash), Some(&owner)) = (
        assignment.keys.get(picked as usize),
        assignment.owners.get(picked as usize),
    ) {
        let stride = dot_stride(assignment.keys.len());
        let (x, y) = at_unit(hash, key_radius(picked as usize, stride));
        let slot = slots.get(owner as usize).copied().unwrap_or(0);
        let _ = write!(
            out,
            r#"<circle class="hr-n{slot} hr-picked" cx="{x}" cy="{y}" r="40"/>"#
        );
    }
    out.push_str("</svg>");
    out
}

/// The whole drawing. `moved[i]` marks key `i` as just moved.
pub(super) fn svg(cluster: &Cluster, moved: &[bool]) -> String {
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
    // One path per colour for each layer (arcs, ticks, halos, dots): a few dozen
    // elements however many keys and points, so the browser parses, styles and paints
    // a change within a frame. A dot is a zero-length line with round caps.
    let mut layer = |class: &str, paths: Vec<String>| {
        let _ = write!(out, r#"<g class="{class}">"#);
        for (n, d) in paths.iter().enumerate().filter(|(_, d)| !d.is_empty()) {
            let _ = write!(out, r#"<path class="hr-n{n}" d="{d}"/>"#);
        }
        out.push_str("</g>");
    };
    if let Some(ring) = ring {
        let arcs: Vec<(u64, u64, u32)> = ring.arcs().map(|a| (a.start, a.end, a.node)).collect();
        let drawn = at_resolution(&arcs);
        let mut paths = vec![String::new(); 16];
        for &(start, end, node) in &drawn {
            let d = &mut paths[slot(node)];
            let share = end.wrapping_sub(start) as f64 / FULL_TURN;
            if share >= 0.999_999 || (start == end && drawn.len() == 1) {
                // A whole circle: two half-circle arcs (one arc cannot end where it starts).
                let (top, bottom) = (CENTRE - RING, CENTRE + RING);
                let _ = write!(
                    d,
                    "M{CENTRE} {top}A{RING} {RING} 0 1 1 {CENTRE} {bottom}A{RING} {RING} 0 1 1 {CENTRE} {top}"
                );
                continue;
            }
            let (x0, y0) = at_unit(start, RING);
            let (x1, y1) = at_unit(end, RING);
            let large = u8::from(share > 0.5);
            let _ = write!(d, "M{x0} {y0}A{RING} {RING} 0 {large} 1 {x1} {y1}");
        }
        layer("hr-arcs", paths);
        if ring.point_count() <= MAX_TICKS {
            let mut paths = vec![String::new(); 16];
            for p in ring.points() {
                let (x0, y0) = at_unit(p.position, RING - TICK);
                let (x1, y1) = at_unit(p.position, RING + TICK);
                let _ = write!(paths[slot(p.node)], "M{x0} {y0}L{x1} {y1}");
            }
            layer("hr-points", paths);
        }
    }
    let stride = dot_stride(assignment.keys.len());
    let mut dots = vec![String::new(); 16];
    let mut halos = String::new();
    let (mut drawn, mut drawn_moved) = (0usize, 0usize);
    for (i, (&hash, &owner)) in assignment
        .keys
        .iter()
        .zip(&assignment.owners)
        .enumerate()
        .step_by(stride)
    {
        let (x, y) = at_unit(hash, key_radius(i, stride));
        let _ = write!(dots[slot(owner)], "M{x} {y}h0");
        drawn += 1;
        if moved.get(i).copied().unwrap_or(false) {
            let _ = write!(halos, "M{x} {y}h0");
            drawn_moved += 1;
        }
    }
    if !halos.is_empty() {
        let _ = write!(
            out,
            r#"<path class="hr-halos" aria-hidden="true" d="{halos}"/>"#
        );
    }
    let _ = write!(
        out,
        r#"<g class="hr-keys" data-dots="{drawn}" data-moved-dots="{drawn_moved}">"#
    );
    for (n, d) in dots.iter().enumerate().filter(|(_, d)| !d.is_empty()) {
        let _ = write!(out, r#"<path class="hr-n{n}" d="{d}"/>"#);
    }
    out.push_str("</g>");
    let _ = write!(
        out,
        r#"<text class="hr-centre" x="{CENTRE}" y="{}" text-anchor="middle">{}</text><text class="hr-centre-sub" x="{CENTRE}" y="{}" text-anchor="middle">{} keys · {} nodes</text></svg>"#,
        CENTRE - 40.0,
        esc(spec.algorithm.kind().label()),
        CENTRE + 140.0,
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
    fn sampled_dots_use_all_four_rows() {
        for stride in [1, 2, 4, 84] {
            let rows: std::collections::BTreeSet<u64> = (0..40 * stride)
                .step_by(stride)
                .map(|i| key_radius(i, stride) as u64)
                .collect();
            assert_eq!(rows.len(), 4, "stride {stride}: {rows:?}");
        }
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
        let s = svg(&cluster, &[true]);
        assert_eq!(
            s.matches("h0").count(),
            50 + 1,
            "a dot per key, a halo per moved key"
        );
        assert!(s.contains(r#"data-dots="50" data-moved-dots="1""#));
        let ticks = s.split(r#"<g class="hr-points">"#).nth(1).unwrap();
        let ticks = &ticks[..ticks.find("</g>").unwrap()];
        assert_eq!(ticks.matches('L').count(), 200, "a tick per point");
        assert_eq!(s.matches("A1040 1040").count(), 200, "an arc per point");
        assert!(s.contains("B&lt;") && !s.contains("B<"));
    }

    #[test]
    fn big_rings_are_drawn_at_screen_resolution_with_the_owner_of_each_bucket() {
        let cluster = Cluster::new(ClusterSpec {
            algorithm: Algorithm::Ring {
                vnodes: consistent_hashing::VirtualNodes::new(1_000).unwrap(),
            },
            membership: Membership::lettered(10).unwrap(),
            keys: KeySet::uniform(1, 100_000).unwrap(),
            replication: Replication::ONE,
        })
        .unwrap();
        let arcs: Vec<(u64, u64, u32)> = cluster
            .placer()
            .ring()
            .unwrap()
            .arcs()
            .map(|a| (a.start, a.end, a.node))
            .collect();
        let drawn = at_resolution(&arcs);
        assert!(drawn.len() <= ARC_BUCKETS && drawn.len() > 100);
        // Each bucket's middle really belongs to the node it is drawn in.
        for &(start, end, node) in drawn.iter().take(50) {
            let mid = start + end.wrapping_sub(start) / 2;
            let owner = arcs
                .iter()
                .find(|&&(s, e, _)| {
                    if s < e {
                        s < mid && mid <= e
                    } else {
                        mid > s || mid <= e
                    }
                })
                .unwrap()
                .2;
            if end.wrapping_sub(start) == u64::MAX / ARC_BUCKETS as u64 {
                assert_eq!(owner, node);
            }
        }
        let s = svg(&cluster, &[]);
        let dots = 100_000usize.div_ceil(dot_stride(100_000));
        assert!(dots <= MAX_DOTS);
        assert!(s.contains(&format!("data-dots=\"{dots}\"")), "sampled");
        assert_eq!(
            s.matches("hr-points").count(),
            0,
            "10,000 ticks merge into the band"
        );
        assert!(
            s.matches("<path").count() <= 2 * 16 + 1,
            "a path per colour and layer"
        );
        assert!(s.len() < 100_000, "{} bytes", s.len());
    }
}
