//! The timeline view as one HTML string per change: a lane of arrivals, then one lane per
//! algorithm with its marks (counted per slice of time, [`COLUMNS`] of them) and, under
//! them, its inner state over time; then the legend and the totals table.

use super::marks::{
    bars, column, esc, playhead, svg_open, unit_for, x_of, Counts, BASE, HALF, STATE_BOTTOM,
    STATE_TOP, WIDTH,
};
use super::run::{by_client, level_name, Run, COLUMNS};
use super::scenario::{BURSTY_CLIENT, HAND_CLIENT, MAIN_CLIENT};
use crate::widgets::shared::Tenths;
use rate_limiting::{AlgorithmKind, Nanos, Span, Summary};
use std::fmt::Write;

/// Round axis ticks for a span: about six, at 1, 2 or 5 times a power of ten.
pub(super) fn ticks(span: Nanos) -> Vec<Nanos> {
    let target = (span / 6).max(1);
    let mut step: Nanos = 1;
    'search: for _ in 0..20 {
        for m in [1, 2, 5] {
            if step.saturating_mul(m) >= target {
                step = step.saturating_mul(m);
                break 'search;
            }
        }
        step = step.saturating_mul(10);
    }
    (0..=span / step.max(1)).map(|i| i * step).collect()
}

/// The whole timeline after `position` decisions, with each row's totals so far.
pub(super) fn timeline(run: &Run, position: usize, summaries: &[Summary]) -> String {
    let s = &run.scenario;
    let span = s.span;
    let p = position.min(run.len());
    let head = (p < run.len()).then(|| x_of(run.playhead(p), span));
    let mut out = String::with_capacity(16 * 1024);

    // The arrivals: every request, decided or not, and those sent by hand.
    let (mut all, mut hand) = (vec![0u32; COLUMNS], vec![0u32; COLUMNS]);
    for a in &s.arrivals {
        let c = column(a.at, span);
        if a.client == HAND_CLIENT {
            hand[c] += 1;
        } else {
            all[c] += 1;
        }
    }
    let by_hand = hand.iter().sum::<u32>();
    let tallest = all.iter().zip(&hand).map(|(a, h)| a + h).max().unwrap_or(0);
    let unit = (BASE + HALF) / f64::from(tallest.max(3));
    let label = format!(
        "{} requests over {}{}",
        run.len(),
        Span(span),
        if by_hand > 0 {
            format!(", {by_hand} sent by hand")
        } else {
            String::new()
        }
    );
    let _ = write!(
        out,
        r#"<div class="rl-lane rl-lane-arrivals"><div class="rl-lane-head"><strong>Arrivals</strong> <span data-testid="rate-arrivals">{}</span></div>"#,
        esc(&label)
    );
    svg_open(&mut out, 60, &format!("Arrivals: {label}"));
    let bottom = BASE + HALF;
    let d = bars(&all, |_, n| (bottom, bottom - f64::from(n) * unit));
    let _ = write!(out, r#"<path class="rl-arr" d="{d}"/>"#);
    let d = bars(&hand, |c, n| {
        let below = f64::from(all[c]) * unit;
        (bottom - below, bottom - below - f64::from(n) * unit)
    });
    let _ = write!(out, r#"<path class="rl-hand" d="{d}"/>"#);
    playhead(&mut out, head);
    out.push_str("</svg></div>");

    // Each algorithm's lane.
    let counts: Vec<Counts> = run
        .rows
        .iter()
        .map(|row| {
            let mut c = Counts::new();
            for (a, d) in s.arrivals.iter().zip(&row.decisions).take(p) {
                c.add(a.at, d.verdict, span);
            }
            c
        })
        .collect();
    let unit = unit_for(counts.iter().map(Counts::tallest).max().unwrap_or(0));
    let window = s.common.window_nanos();
    let until = run.playhead(p);
    // With two clients, how each fared: the point of sharing one limit.
    let clients = s
        .arrivals
        .iter()
        .any(|a| a.client == BURSTY_CLIENT)
        .then(|| {
            (
                by_client(run, p, MAIN_CLIENT),
                by_client(run, p, BURSTY_CLIENT),
            )
        });
    for (i, ((row, counts), sum)) in run.rows.iter().zip(&counts).zip(summaries).enumerate() {
        let kind = row.config.kind();
        let mut totals = format!(
            "{} accepted, {} delayed, {} rejected",
            sum.accepted, sum.delayed, sum.rejected
        );
        if let Some((steady, bursty)) = &clients {
            if let (Some(st), Some(bu)) = (steady.get(i), bursty.get(i)) {
                let _ = write!(
                    totals,
                    "; steady client {} of {} admitted, bursty client {} of {}",
                    st.0, st.1, bu.0, bu.1
                );
            }
        }
        let _ = write!(
            out,
            r#"<div class="rl-lane" data-algorithm="{}"><div class="rl-lane-head"><strong>{}</strong> <span>{}</span> <span class="rl-level-name">line: {}</span></div>"#,
            kind.id(),
            kind.label(),
            esc(&totals),
            level_name(kind)
        );
        svg_open(
            &mut out,
            100,
            &format!(
                "{}: {totals}; its {} drawn below",
                kind.label(),
                level_name(kind)
            ),
        );
        if matches!(
            kind,
            AlgorithmKind::FixedWindow | AlgorithmKind::SlidingCounter
        ) && span / window.max(1) <= 100
        {
            let mut d = String::new();
            let mut t = window;
            while t < span {
                let _ = write!(d, "M{} 0V100", Tenths(x_of(t, span)));
                t = t.saturating_add(window);
            }
            let _ = write!(out, r#"<path class="rl-grid" d="{d}"/>"#);
        }
        let _ = write!(
            out,
            r#"<path class="rl-axis" d="M0 {BASE}H{WIDTH}M0 {STATE_BOTTOM}H{WIDTH}"/>"#
        );
        counts.paths(unit, &mut out);
        // The state line, up to the playhead.
        let scale = (STATE_BOTTOM - STATE_TOP) / row.ceiling;
        let mut d = String::new();
        for (&t, level) in run.times.iter().zip(&row.levels) {
            if t > until {
                break;
            }
            let y = STATE_BOTTOM - f64::from(*level) * scale;
            d.push(if d.is_empty() { 'M' } else { 'L' });
            Tenths(x_of(t, span)).push_to(&mut d);
            d.push(' ');
            Tenths(y).push_to(&mut d);
        }
        let _ = write!(
            out,
            r#"<path class="rl-ceil" d="M0 {STATE_TOP}H{WIDTH}"/><path class="rl-level" d="{d}"/>"#
        );
        playhead(&mut out, head);
        out.push_str("</svg></div>");
    }

    axis(&mut out, span);
    out
}

/// The legend under the timeline.
const LEGEND: &str = r#"<p class="rl-legend" aria-hidden="true"><span class="rl-key rl-key-acc">accepted (up)</span><span class="rl-key rl-key-del">delayed (stacked, line: waiting)</span><span class="rl-key rl-key-rej">rejected (down)</span><span class="rl-key rl-key-level">inner state</span><span class="rl-key rl-key-hand">sent by hand</span></p>"#;

/// The whole timeline view after `position` decisions: the lanes, the legend and the
/// totals table, as one HTML string (plain output: no view tree to build or hydrate).
pub(super) fn html(run: &Run, position: usize, sums: &[Summary], states: &[String]) -> String {
    let mut out = String::from(r#"<div class="rl-timeline" data-testid="rate-timeline">"#);
    out.push_str(&timeline(run, position, sums));
    out.push_str("</div>");
    out.push_str(LEGEND);
    out.push_str(&table(run, sums, states));
    out
}

/// The totals table: one row per algorithm, each cell tagged with `data-col`.
pub(super) fn table(run: &Run, sums: &[Summary], states: &[String]) -> String {
    let mut out = String::from(
        r#"<div class="rl-table-wrap" tabindex="0" role="region" aria-label="Totals and states"><table class="rl-summary" data-testid="rate-summary"><caption>Totals so far, and each limiter's state at the playhead</caption><thead><tr><th scope="col">Algorithm</th><th scope="col">Accepted</th><th scope="col">Delayed</th><th scope="col">Rejected</th><th scope="col">Admitted</th><th scope="col">Largest burst in a window</th><th scope="col">Longest delay</th><th scope="col">State now</th></tr></thead><tbody>"#,
    );
    for ((row, s), state) in run.rows.iter().zip(sums).zip(states) {
        let kind = row.config.kind();
        let _ = write!(
            out,
            r#"<tr data-algorithm="{}"><th scope="row">{}</th><td class="rl-n" data-col="accepted">{}</td><td class="rl-n" data-col="delayed">{}</td><td class="rl-n" data-col="rejected">{}</td><td class="rl-n" data-col="share">{:.0}%</td><td class="rl-n" data-col="burst">{}</td><td class="rl-n" data-col="delay">{}</td><td data-col="state">{}</td></tr>"#,
            kind.id(),
            kind.label(),
            s.accepted,
            s.delayed,
            s.rejected,
            s.admitted_share() * 100.0,
            s.largest_burst,
            Span(s.max_delay),
            esc(state)
        );
    }
    out.push_str("</tbody></table></div>");
    out
}

/// The time axis under the lanes.
pub(super) fn axis(out: &mut String, span: Nanos) {
    out.push_str(r#"<div class="rl-axis-labels" aria-hidden="true">"#);
    for t in ticks(span) {
        let pct = x_of(t, span) / WIDTH * 100.0;
        let _ = write!(
            out,
            r#"<span style="left:{pct:.2}%">{}</span>"#,
            if t == 0 {
                "0".to_string()
            } else {
                Span(t).to_string()
            }
        );
    }
    out.push_str("</div>");
}

#[cfg(test)]
mod tests {
    use super::super::run::run;
    use super::super::scenario::build;
    use super::*;
    use rate_limiting::SECOND;
    use widget_params::rate_limiter::RateLimiterParams;

    #[test]
    fn ticks_are_round() {
        assert_eq!(
            ticks(10 * SECOND),
            (0..=5).map(|i| i * 2 * SECOND).collect::<Vec<_>>()
        );
        assert_eq!(ticks(3 * SECOND).len(), 7);
        assert_eq!(ticks(1), vec![0, 1]);
    }

    #[test]
    fn marks_count_every_decided_request_and_nothing_after_the_playhead() {
        let params = RateLimiterParams {
            algorithms: vec!["fixed-window".into(), "leaky-queue".into()],
            limit: 2,
            burst: 2,
            traffic: "manual".into(),
            manual: vec![0, 0, 0, 500],
            duration_ms: 1_000,
            ..RateLimiterParams::default()
        };
        let run = run(build(&params).unwrap());
        let sums = run.summaries(3);
        let html = timeline(&run, 3, &sums);
        // The fixed window: two accepted and one rejected at t=0, in slice 0.
        assert!(
            html.contains(r#"<path class="rl-acc" d="M1.3 30V12"/>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<path class="rl-rej" d="M1.3 30V39"/>"#),
            "{html}"
        );
        // The queue: one sent at once, two waiting (its two places), none dropped.
        assert!(html.contains("rl-del") && html.contains("rl-wait"));
        assert!(html.contains("2 accepted, 0 delayed, 1 rejected"));
        assert!(html.contains("1 accepted, 2 delayed, 0 rejected"));
        // The playhead is drawn, and the request at 500 ms is only an arrival, not yet a
        // mark in either algorithm's lane.
        assert!(html.contains("rl-head"));
        assert_eq!(html.matches("M501.3").count(), 1);
        let all = timeline(&run, 4, &run.summaries(4));
        assert!(!all.contains("rl-head"));
    }

    #[test]
    fn ten_thousand_requests_draw_in_a_bounded_string() {
        let params = RateLimiterParams {
            traffic: "poisson".into(),
            per_second: 2_000.0,
            duration_ms: 60_000,
            ..RateLimiterParams::default()
        };
        let run = run(build(&params).unwrap());
        let html = timeline(&run, run.len(), &run.summaries(run.len()));
        assert!(html.len() < 200_000, "{} bytes", html.len());
    }
}
