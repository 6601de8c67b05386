//! Run mode's charts as SVG strings: the hit ratio over time and the miss-ratio curves
//! (Belady's dashed, as the floor). Each policy keeps one colour everywhere: the node
//! palette slot of its place in `PolicyKind::ALL`.

use super::draw::esc;
use cache_policies::mrc::CurvePoint;
use cache_policies::PolicyKind;
use std::fmt::Write;

/// The drawing's size and plot margins.
const W: f64 = 600.0;
const H: f64 = 260.0;
const LEFT: f64 = 60.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 40.0;

/// The palette slot of a policy.
pub(super) fn slot(kind: PolicyKind) -> usize {
    PolicyKind::ALL.iter().position(|&k| k == kind).unwrap_or(0)
}

/// `n` with thousands separators.
pub(super) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn frame(out: &mut String, label: &str, y_title: &str) {
    let _ = write!(
        out,
        r#"<svg class="ce-chart" viewBox="0 0 {W} {H}" role="img" aria-label="{}">"#,
        esc(label)
    );
    for i in 0..=4 {
        let f = f64::from(i) / 4.0;
        let y = TOP + (1.0 - f) * (H - TOP - BOTTOM);
        let _ = write!(
            out,
            r#"<line class="ce-grid" x1="{LEFT}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}"/><text class="ce-tick" x="{:.1}" y="{:.1}" text-anchor="end">{:.0}%</text>"#,
            W - RIGHT,
            LEFT - 6.0,
            y + 4.0,
            f * 100.0
        );
    }
    let _ = write!(
        out,
        r#"<text class="ce-axis" x="12" y="{:.1}" transform="rotate(-90 12 {:.1})" text-anchor="middle">{}</text>"#,
        TOP + (H - TOP - BOTTOM) / 2.0,
        TOP + (H - TOP - BOTTOM) / 2.0,
        esc(y_title)
    );
}

fn y_of(ratio: f64) -> f64 {
    TOP + (1.0 - ratio.clamp(0.0, 1.0)) * (H - TOP - BOTTOM)
}

fn line(out: &mut String, kind: PolicyKind, points: &[(f64, f64)]) {
    let class = if kind == PolicyKind::Belady {
        "ce-line ce-floor"
    } else {
        "ce-line"
    };
    let mut d = String::new();
    for (i, (x, y)) in points.iter().enumerate() {
        let _ = write!(d, "{}{x:.1} {y:.1}", if i == 0 { "M" } else { "L" });
    }
    let _ = write!(out, r#"<path class="{class} ce-n{}" d="{d}"/>"#, slot(kind));
    if points.len() <= 40 {
        for (x, y) in points {
            let _ = write!(
                out,
                r#"<circle class="ce-dot ce-n{}" cx="{x:.1}" cy="{y:.1}" r="2.5"/>"#,
                slot(kind)
            );
        }
    }
}

/// The hit ratio of each bucket of `bucket_len` requests, one line per policy.
pub(super) fn over_time(
    series: &[(PolicyKind, &[f64])],
    bucket_len: usize,
    requests: usize,
) -> String {
    let mut out = String::with_capacity(8192);
    frame(
        &mut out,
        &format!(
            "Hit ratio over time, per {} requests, for {}",
            thousands(bucket_len as u64),
            series
                .iter()
                .map(|(k, _)| k.label())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        "hit ratio",
    );
    let span = requests.max(1) as f64;
    let x_of = |r: f64| LEFT + r / span * (W - LEFT - RIGHT);
    for (kind, ratios) in series {
        let points: Vec<(f64, f64)> = ratios
            .iter()
            .enumerate()
            .map(|(i, &r)| {
                let end = ((i + 1) * bucket_len).min(requests);
                (x_of(end as f64), y_of(r))
            })
            .collect();
        line(&mut out, *kind, &points);
    }
    let _ = write!(
        out,
        r#"<text class="ce-tick" x="{LEFT}" y="{:.1}">0</text><text class="ce-tick" x="{:.1}" y="{:.1}" text-anchor="end">{} requests</text></svg>"#,
        H - BOTTOM + 16.0,
        W - RIGHT,
        H - BOTTOM + 16.0,
        thousands(requests as u64)
    );
    out
}

/// Miss ratio against cache size, one line per policy; `chosen` is marked.
pub(super) fn curves(curves: &[(PolicyKind, &[CurvePoint])], chosen: u32) -> String {
    let mut out = String::with_capacity(8192);
    frame(
        &mut out,
        &format!(
            "Miss ratio by cache size for {}; Belady's optimum is the floor",
            curves
                .iter()
                .map(|(k, _)| k.label())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        "miss ratio",
    );
    let sizes = curves
        .iter()
        .flat_map(|(_, pts)| pts.iter().map(|p| p.capacity))
        .chain([chosen]);
    let (lo, hi) = sizes.fold((u32::MAX, 1u32), |(lo, hi), c| (lo.min(c), hi.max(c)));
    let lo = lo.min(hi);
    // A log scale once the sizes span more than a decade.
    let log = f64::from(hi) / f64::from(lo.max(1)) > 10.0;
    let scale = |c: u32| {
        if log {
            f64::from(c.max(1)).ln()
        } else {
            f64::from(c)
        }
    };
    let (a, b) = (scale(lo), scale(hi));
    let x_of = |c: u32| {
        if b > a {
            LEFT + (scale(c) - a) / (b - a) * (W - LEFT - RIGHT)
        } else {
            LEFT + (W - LEFT - RIGHT) / 2.0
        }
    };
    let _ = write!(
        out,
        r#"<line class="ce-chosen" x1="{x:.1}" y1="{TOP}" x2="{x:.1}" y2="{:.1}"/>"#,
        H - BOTTOM,
        x = x_of(chosen)
    );
    for (kind, pts) in curves {
        let points: Vec<(f64, f64)> = pts
            .iter()
            .map(|p| (x_of(p.capacity), y_of(p.counts.miss_ratio())))
            .collect();
        line(&mut out, *kind, &points);
    }
    // The axis: the smallest and largest sizes at the ends, its title under them, and
    // the chosen size labelled at the top of its line (inside the plot, on the side with
    // room), so that no two labels can meet however the sizes fall.
    let y = H - BOTTOM + 16.0;
    let _ = write!(
        out,
        r#"<text class="ce-tick" x="{LEFT}" y="{y:.1}">{}</text>"#,
        thousands(u64::from(lo))
    );
    if hi != lo {
        let _ = write!(
            out,
            r#"<text class="ce-tick" x="{:.1}" y="{y:.1}" text-anchor="end">{}</text>"#,
            W - RIGHT,
            thousands(u64::from(hi))
        );
    }
    let cx = x_of(chosen);
    let (lx, anchor) = if cx > (LEFT + W - RIGHT) / 2.0 {
        (cx - 5.0, "end")
    } else {
        (cx + 5.0, "start")
    };
    let _ = write!(
        out,
        r#"<text class="ce-axis" x="{:.1}" y="{:.1}" text-anchor="middle">cache size, entries{}</text><text class="ce-tick ce-chosen-label" x="{lx:.1}" y="{:.1}" text-anchor="{anchor}">size {}</text></svg>"#,
        (LEFT + W - RIGHT) / 2.0,
        H - 4.0,
        if log { " (log scale)" } else { "" },
        TOP + 12.0,
        thousands(u64::from(chosen)),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use cache_policies::mrc::Counts;

    #[test]
    fn numbers_get_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn charts_draw_a_line_per_policy() {
        let a = [0.5, 0.6, 0.7];
        let s = over_time(&[(PolicyKind::Lru, &a), (PolicyKind::Belady, &a)], 10, 30);
        assert_eq!(s.matches("<path").count(), 2);
        assert_eq!(s.matches("ce-floor").count(), 1);
        let pts: Vec<CurvePoint> = [1, 10, 100, 1000]
            .into_iter()
            .map(|c| CurvePoint {
                capacity: c,
                counts: Counts {
                    hits: u64::from(c),
                    misses: 1000,
                },
            })
            .collect();
        let c = curves(&[(PolicyKind::Fifo, &pts)], 50);
        assert!(c.contains("(log scale)") && c.contains("size 50"));
        assert!(!c.contains("NaN"));
        let one = curves(&[(PolicyKind::Fifo, &pts[..1])], 1);
        assert!(!one.contains("NaN") && !one.contains("inf"));
        assert_eq!(
            one.matches(">1</text>").count(),
            1,
            "one end label when lo = hi"
        );
    }

    #[test]
    fn the_chosen_sizes_label_sits_at_the_top_on_the_side_with_room() {
        let pts: Vec<CurvePoint> = [1, 4956]
            .into_iter()
            .map(|c| CurvePoint {
                capacity: c,
                counts: Counts { hits: 1, misses: 1 },
            })
            .collect();
        // Near the right end (the case where it used to run into the end label).
        let right = curves(&[(PolicyKind::Fifo, &pts)], 2000);
        assert!(
            right.contains(r#"y="24.0" text-anchor="end">size 2,000<"#),
            "{right}"
        );
        assert!(right.contains(">cache size, entries (log scale)<"));
        let left = curves(&[(PolicyKind::Fifo, &pts)], 2);
        assert!(
            left.contains(r#"y="24.0" text-anchor="start">size 2<"#),
            "{left}"
        );
    }
}
