//! The drawing primitives every lane shares: coordinates, marks counted per slice of time
//! and drawn as bars (one path per kind per lane), and the plot's SVG frame.
//!
//! Each lane's plot is an SVG stretched to the lane's width (`preserveAspectRatio="none"`,
//! strokes that do not scale), and its words are HTML, so the text stays readable from a
//! phone to a full screen. A bar goes up from the lane's middle for accepted requests (the
//! delayed ones stacked on top) and down for rejected ones: a single request is a tick, a
//! burst a taller bar, 10,000 requests a histogram, and the drawing's size does not grow
//! with the traffic.

use super::run::COLUMNS;
use crate::widgets::shared::Tenths;
use rate_limiting::{Nanos, Verdict};
use std::fmt::Write;

/// The plot's coordinate width.
pub(super) const WIDTH: f64 = 1000.0;
/// The marks band: its middle and half height.
pub(super) const BASE: f64 = 30.0;
pub(super) const HALF: f64 = 27.0;
/// The state band's top and bottom.
pub(super) const STATE_TOP: f64 = 64.0;
pub(super) const STATE_BOTTOM: f64 = 97.0;

/// Escapes text for an attribute or element.
pub(super) fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The x of instant `t` on a span.
pub(super) fn x_of(t: Nanos, span: Nanos) -> f64 {
    (t as f64 / span.max(1) as f64 * WIDTH).clamp(0.0, WIDTH)
}

/// The slice instant `t` falls in. In floating point: exact enough to place a mark, and a
/// 128-bit integer division per mark is slow in WebAssembly.
pub(super) fn column(t: Nanos, span: Nanos) -> usize {
    ((t as f64 * COLUMNS as f64 / span.max(1) as f64) as usize).min(COLUMNS - 1)
}

/// The x of a slice's middle.
pub(super) fn column_x(c: usize) -> f64 {
    (c as f64 + 0.5) * WIDTH / COLUMNS as f64
}

/// Bars from `from(c)` to `to(c)` for every slice with a non-zero count, as path data.
pub(super) fn bars(counts: &[u32], mut ends: impl FnMut(usize, u32) -> (f64, f64)) -> String {
    let mut d = String::new();
    for (c, &n) in counts.iter().enumerate() {
        if n > 0 {
            let (y0, y1) = ends(c, n);
            let _ = write!(d, "M{} {}V{}", Tenths(column_x(c)), Tenths(y0), Tenths(y1));
        }
    }
    d
}

/// Per-slice counts of one lane's decided requests.
#[derive(Default)]
pub(super) struct Counts {
    accepted: Vec<u32>,
    delayed: Vec<u32>,
    rejected: Vec<u32>,
    /// Slices a delayed request spends waiting.
    waiting: Vec<bool>,
}

impl Counts {
    pub(super) fn new() -> Self {
        Self {
            accepted: vec![0; COLUMNS],
            delayed: vec![0; COLUMNS],
            rejected: vec![0; COLUMNS],
            waiting: vec![false; COLUMNS],
        }
    }

    /// Counts `verdict` for a request arriving at `at`.
    pub(super) fn add(&mut self, at: Nanos, verdict: Verdict, span: Nanos) {
        let c = column(at, span);
        match verdict {
            Verdict::Accepted => self.accepted[c] += 1,
            Verdict::Delayed { delay } => {
                self.delayed[c] += 1;
                let until = column(at.saturating_add(delay), span);
                for w in &mut self.waiting[c..=until.max(c)] {
                    *w = true;
                }
            }
            Verdict::Rejected { .. } => self.rejected[c] += 1,
        }
    }

    pub(super) fn tallest(&self) -> u32 {
        let up = self.accepted.iter().zip(&self.delayed).map(|(a, d)| a + d);
        up.chain(self.rejected.iter().copied()).max().unwrap_or(0)
    }

    /// The marks as SVG paths; `unit` is the height of one request.
    pub(super) fn paths(&self, unit: f64, out: &mut String) {
        let acc = bars(&self.accepted, |_, n| (BASE, BASE - f64::from(n) * unit));
        let del = bars(&self.delayed, |c, n| {
            let below = f64::from(self.accepted[c]) * unit;
            (BASE - below, BASE - below - f64::from(n) * unit)
        });
        let rej = bars(&self.rejected, |_, n| (BASE, BASE + f64::from(n) * unit));
        let mut wait = String::new();
        let mut c = 0;
        while c < COLUMNS {
            if self.waiting[c] {
                let start = c;
                while c < COLUMNS && self.waiting[c] {
                    c += 1;
                }
                let x0 = start as f64 * WIDTH / COLUMNS as f64;
                let x1 = c as f64 * WIDTH / COLUMNS as f64;
                let _ = write!(wait, "M{} 2H{}", Tenths(x0), Tenths(x1));
            }
            c += 1;
        }
        for (class, d) in [
            ("rl-acc", acc),
            ("rl-del", del),
            ("rl-rej", rej),
            ("rl-wait", wait),
        ] {
            if !d.is_empty() {
                let _ = write!(out, r#"<path class="{class}" d="{d}"/>"#);
            }
        }
    }
}

/// The height of one request's bar, shared by every lane so they compare: a lone request
/// is a third of the half band, and the tallest bar fits.
pub(super) fn unit_for(tallest: u32) -> f64 {
    HALF / f64::from(tallest.max(3))
}

/// Opens a lane's plot, `height` units tall (100 with a state band, 60 for marks only).
pub(super) fn svg_open(out: &mut String, height: u32, label: &str) {
    let _ = write!(
        out,
        r#"<svg class="rl-plot" viewBox="0 0 {WIDTH} {height}" preserveAspectRatio="none" role="img" aria-label="{}">"#,
        esc(label)
    );
}

pub(super) fn playhead(out: &mut String, x: Option<f64>) {
    if let Some(x) = x {
        let _ = write!(out, r#"<path class="rl-head" d="M{} 0V1000"/>"#, Tenths(x));
    }
}
