//! A `layout-rs` render backend that writes a themable SVG.
//!
//! Strokes, fills and text use `currentColor` (shapes are unfilled), so a diagram
//! takes the colour of the text around it in light and dark themes; the elements carry
//! classes (`dg-node`, `dg-edge`, `dg-label`) for finer styling.

use crate::escape::html;
use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::Point;
use layout::core::style::StyleAttr;
use std::fmt::Write;

/// How much larger than layout-rs's font size labels are drawn.
const TEXT_SCALE: f64 = 1.3;

/// Collects draw calls into SVG elements and tracks the drawing's bounds.
pub(crate) struct SvgCanvas {
    prefix: String,
    body: String,
    clips: String,
    clip_count: usize,
    min: (f64, f64),
    max: (f64, f64),
}

impl SvgCanvas {
    /// A canvas whose SVG ids start with `prefix` (unique within the page).
    pub(crate) fn new(prefix: String) -> Self {
        Self {
            prefix,
            body: String::new(),
            clips: String::new(),
            clip_count: 0,
            min: (f64::MAX, f64::MAX),
            max: (f64::MIN, f64::MIN),
        }
    }

    fn grow(&mut self, x: f64, y: f64) {
        if x.is_finite() && y.is_finite() {
            self.min = (self.min.0.min(x), self.min.1.min(y));
            self.max = (self.max.0.max(x), self.max.1.max(y));
        }
    }

    /// The finished `<svg>` element, labelled `aria_label` (already escaped).
    pub(crate) fn finish(self, aria_label: &str) -> String {
        let pad = 6.0;
        let (x0, y0) = if self.min.0 <= self.max.0 {
            (self.min.0 - pad, self.min.1 - pad)
        } else {
            (0.0, 0.0)
        };
        let w = (self.max.0 - self.min.0 + 2.0 * pad).max(1.0);
        let h = (self.max.1 - self.min.1 + 2.0 * pad).max(1.0);
        let p = &self.prefix;
        // Fit the column, but never shrink below 65% of natural size (labels would be
        // unreadable): a wide diagram scrolls sideways in its figure instead.
        let min_w = (w * MIN_SCALE).min(w);
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"diagram-svg\" role=\"img\" aria-label=\"{aria_label}\" \
             viewBox=\"{x0:.0} {y0:.0} {w:.0} {h:.0}\" width=\"{w:.0}\" style=\"width:100%;max-width:{w:.0}px;min-width:{min_w:.0}px;height:auto\" \
             fill=\"none\" stroke=\"currentColor\">\
             <defs><marker id=\"{p}-end\" markerWidth=\"10\" markerHeight=\"7\" refX=\"10\" refY=\"3.5\" orient=\"auto\">\
             <polygon points=\"0 0, 10 3.5, 0 7\" fill=\"currentColor\" stroke=\"none\"/></marker>\
             <marker id=\"{p}-start\" markerWidth=\"10\" markerHeight=\"7\" refX=\"0\" refY=\"3.5\" orient=\"auto\">\
             <polygon points=\"10 0, 10 7, 0 3.5\" fill=\"currentColor\" stroke=\"none\"/></marker>{}</defs>{}</svg>",
            self.clips, self.body
        )
    }
}

/// The smallest a diagram may be scaled to fit the column.
const MIN_SCALE: f64 = 0.65;

impl RenderBackend for SvgCanvas {
    fn draw_rect(
        &mut self,
        xy: Point,
        size: Point,
        look: &StyleAttr,
        _: Option<String>,
        clip: Option<ClipHandle>,
    ) {
        self.grow(xy.x, xy.y);
        self.grow(xy.x + size.x, xy.y + size.y);
        let clip = clip
            .map(|c| format!(" clip-path=\"url(#{}-c{c})\"", self.prefix))
            .unwrap_or_default();
        let _ = write!(
            self.body,
            "<rect class=\"dg-node\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"{}\" stroke-width=\"{}\"{clip}/>",
            xy.x, xy.y, size.x, size.y, look.rounded, look.line_width
        );
    }

    fn draw_line(&mut self, start: Point, stop: Point, look: &StyleAttr, _: Option<String>) {
        self.grow(start.x, start.y);
        self.grow(stop.x, stop.y);
        let _ = write!(
            self.body,
            "<line class=\"dg-edge\" x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke-width=\"{}\"/>",
            start.x, start.y, stop.x, stop.y, look.line_width
        );
    }

    fn draw_circle(&mut self, xy: Point, size: Point, look: &StyleAttr, _: Option<String>) {
        self.grow(xy.x - size.x / 2.0, xy.y - size.y / 2.0);
        self.grow(xy.x + size.x / 2.0, xy.y + size.y / 2.0);
        let _ = write!(
            self.body,
            "<ellipse class=\"dg-node\" cx=\"{:.1}\" cy=\"{:.1}\" rx=\"{:.1}\" ry=\"{:.1}\" stroke-width=\"{}\"/>",
            xy.x,
            xy.y,
            size.x / 2.0,
            size.y / 2.0,
            look.line_width
        );
    }

    fn draw_text(&mut self, xy: Point, text: &str, look: &StyleAttr) {
        // layout-rs sizes a label at one em per character; real glyphs average about
        // half that, so the text is drawn larger to fill its box and stay legible when
        // a wide diagram is scaled down to the column.
        let size = look.font_size as f64 * TEXT_SCALE;
        let lines: Vec<&str> = text.lines().collect();
        let n = lines.len().max(1) as f64;
        let widest = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0) as f64 * size * 0.6;
        self.grow(xy.x - widest / 2.0, xy.y - size * n / 2.0);
        self.grow(xy.x + widest / 2.0, xy.y + size * n / 2.0);
        let top = xy.y - size * 1.2 * (n - 1.0) / 2.0;
        let _ = write!(
            self.body,
            "<text class=\"dg-label\" x=\"{:.1}\" y=\"{top:.1}\" font-size=\"{size:.0}\" text-anchor=\"middle\" fill=\"currentColor\" stroke=\"none\">",
            xy.x
        );
        for (i, line) in lines.iter().enumerate() {
            let dy = if i == 0 { "0.35em" } else { "1.2em" };
            let _ = write!(
                self.body,
                "<tspan x=\"{:.1}\" dy=\"{dy}\">{}</tspan>",
                xy.x,
                html(line)
            );
        }
        self.body.push_str("</text>");
    }

    fn draw_arrow(
        &mut self,
        path: &[(Point, Point)],
        dashed: bool,
        head: (bool, bool),
        look: &StyleAttr,
        _: Option<String>,
        text: &str,
    ) {
        if path.len() < 2 {
            return;
        }
        for (a, b) in path {
            self.grow(a.x, a.y);
            self.grow(b.x, b.y);
        }
        let mut d = format!(
            "M {:.1} {:.1} C {:.1} {:.1}, {:.1} {:.1}, {:.1} {:.1}",
            path[0].0.x,
            path[0].0.y,
            path[0].1.x,
            path[0].1.y,
            path[1].0.x,
            path[1].0.y,
            path[1].1.x,
            path[1].1.y
        );
        for (a, b) in &path[2..] {
            let _ = write!(d, " S {:.1} {:.1}, {:.1} {:.1}", a.x, a.y, b.x, b.y);
        }
        let p = &self.prefix;
        let dash = if dashed {
            " stroke-dasharray=\"5,5\""
        } else {
            ""
        };
        let start = if head.0 {
            format!(" marker-start=\"url(#{p}-start)\"")
        } else {
            String::new()
        };
        let end = if head.1 {
            format!(" marker-end=\"url(#{p}-end)\"")
        } else {
            String::new()
        };
        let _ = write!(
            self.body,
            "<path class=\"dg-edge\" d=\"{d}\" stroke-width=\"{}\"{dash}{start}{end}/>",
            look.line_width
        );
        if !text.trim().is_empty() {
            let mid = path[path.len() / 2].1;
            self.draw_text(mid, text, look);
        }
    }

    fn create_clip(&mut self, xy: Point, size: Point, rounded_px: usize) -> ClipHandle {
        let handle = self.clip_count;
        self.clip_count += 1;
        let _ = write!(
            self.clips,
            "<clipPath id=\"{}-c{handle}\"><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"{rounded_px}\"/></clipPath>",
            self.prefix, xy.x, xy.y, size.x, size.y
        );
        handle
    }
}
