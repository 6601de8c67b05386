//! The distributed view: the same arrivals through `N` limiter instances behind a load
//! balancer (the crate's `distributed` module), with the limit split between them or one
//! counter shared with a synchronisation delay. One lane per instance, then the cluster's
//! admissions per window against the limit, where the overshoot shows.

use super::draw::axis;
use super::marks::{esc, playhead, svg_open, unit_for, x_of, Counts, BASE, HALF, WIDTH};
use super::run::Run;
use crate::widgets::shared::Tenths;
use rate_limiting::{
    Balancer, ClusterConfig, ClusterRun, Limiter, Nanos, RateLimiter, Sharing, Span,
};
use std::fmt::Write;
use std::num::NonZeroU32;
use widget_params::rate_limiter::RateLimiterParams;

/// A cluster run and the figures the view shows.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct ClusterFigures {
    /// The crate's run.
    pub(super) run: ClusterRun,
    /// What the cluster should admit per window.
    pub(super) limit: u32,
    /// What one limiter with the whole limit admits on the same arrivals, and the most it
    /// admits in one aligned window.
    pub(super) single: (u32, u32),
    /// The design, in words.
    pub(super) design: String,
}

/// Admissions per aligned window of `window`, for the arrivals decided so far.
fn per_window(times: impl Iterator<Item = Nanos>, window: Nanos, span: Nanos) -> Vec<u32> {
    let windows = usize::try_from(span / window.max(1) + 1)
        .unwrap_or(usize::MAX)
        .min(100_000);
    let mut counts = vec![0u32; windows];
    for t in times {
        if let Some(c) = usize::try_from(t / window.max(1))
            .ok()
            .and_then(|i| counts.get_mut(i))
        {
            *c += 1;
        }
    }
    counts
}

/// Runs the cluster the parameters describe over the run's arrivals.
pub(super) fn figures(p: &RateLimiterParams, run: &Run) -> Result<ClusterFigures, String> {
    let s = &run.scenario;
    let instances = NonZeroU32::new(p.instances).ok_or("`instances` must be at least 1")?;
    let balancer = match p.balancer.as_str() {
        "random" => Balancer::Random { seed: p.seed },
        "sticky" => Balancer::ByClient,
        _ => Balancer::RoundRobin,
    };
    let first = *s.configs.first().ok_or("choose an algorithm")?;
    let window = s.common.window_nanos();
    let (sharing, reference, design) = if p.sharing == "split" {
        (
            Sharing::Split { config: first },
            first,
            format!(
                "each of {} instances runs a {} with 1/{} of the limit",
                p.instances,
                first.kind().label(),
                p.instances
            ),
        )
    } else {
        let reference = s.common.config(rate_limiting::AlgorithmKind::FixedWindow);
        (
            Sharing::Shared {
                limit: s.common.limit,
                window: s.common.window,
                sync_delay: p.sync_ms.saturating_mul(rate_limiting::MILLISECOND),
            },
            reference,
            format!(
                "{} instances count into one fixed-window counter and see each other's \
                 admissions {} late",
                p.instances,
                Span(p.sync_ms.saturating_mul(rate_limiting::MILLISECOND))
            ),
        )
    };
    let config = ClusterConfig {
        instances,
        balancer,
        sharing,
    };
    let cluster = ClusterRun::of(config, s.arrivals.clone(), window).map_err(|e| e.to_string())?;
    let mut single = Limiter::new(reference);
    let admitted: Vec<Nanos> = s
        .arrivals
        .iter()
        .filter_map(|a| {
            single
                .decide(a.at)
                .delay_nanos()
                .map(|d| a.at.saturating_add(d))
        })
        .collect();
    let most = per_window(
        admitted.iter().copied(),
        window,
        s.span.max(admitted.last().copied().unwrap_or(0)),
    )
    .into_iter()
    .max()
    .unwrap_or(0);
    Ok(ClusterFigures {
        run: cluster,
        limit: s.common.limit.get(),
        single: (u32::try_from(admitted.len()).unwrap_or(u32::MAX), most),
        design,
    })
}

/// The lanes after `position` decisions.
pub(super) fn draw(f: &ClusterFigures, run: &Run, position: usize) -> String {
    let s = &run.scenario;
    let span = s.span;
    let p = position.min(run.len());
    let head = (p < run.len()).then(|| x_of(run.playhead(p), span));
    let n = f.run.routed.len();
    let mut counts: Vec<Counts> = (0..n).map(|_| Counts::new()).collect();
    let (mut routed, mut admitted) = (vec![0u32; n], vec![0u32; n]);
    let mut passed = Vec::new();
    for (a, d) in s.arrivals.iter().zip(&f.run.decisions).take(p) {
        let i = d.instance as usize;
        if let Some(c) = counts.get_mut(i) {
            c.add(a.at, d.decision.verdict, span);
            routed[i] += 1;
            if let Some(delay) = d.decision.delay_nanos() {
                admitted[i] += 1;
                passed.push(a.at.saturating_add(delay));
            }
        }
    }
    let unit = unit_for(counts.iter().map(Counts::tallest).max().unwrap_or(0));
    let mut out = String::with_capacity(16 * 1024);
    for (i, c) in counts.iter().enumerate() {
        let line = format!("routed {}, admitted {}", routed[i], admitted[i]);
        let _ = write!(
            out,
            r#"<div class="rl-lane rl-lane-short" data-instance="{i}"><div class="rl-lane-head"><strong>Instance {}</strong> <span>{line}</span></div>"#,
            i + 1
        );
        svg_open(&mut out, 60, &format!("Instance {}: {line}", i + 1));
        let _ = write!(out, r#"<path class="rl-axis" d="M0 {BASE}H{WIDTH}"/>"#);
        c.paths(unit, &mut out);
        playhead(&mut out, head);
        out.push_str("</svg></div>");
    }

    // The cluster: admissions per window against the limit.
    let window = s.common.window_nanos();
    let windows = per_window(passed.iter().copied(), window, span);
    let tallest = windows.iter().copied().max().unwrap_or(0).max(f.limit);
    let scale = (BASE + HALF - 6.0) / f64::from(tallest.max(1));
    let bottom = BASE + HALF;
    let (mut within, mut over) = (String::new(), String::new());
    for (w, &count) in windows.iter().enumerate() {
        if count == 0 {
            continue;
        }
        let start = (w as Nanos).saturating_mul(window);
        let (x0, x1) = (x_of(start, span), x_of(start.saturating_add(window), span));
        let width = ((x1 - x0) * 0.8).max(0.5);
        let top = bottom - f64::from(count) * scale;
        let d = if count > f.limit {
            &mut over
        } else {
            &mut within
        };
        let _ = write!(
            d,
            "M{} {}V{}h{}V{}z",
            Tenths(x0 + (x1 - x0) * 0.1),
            Tenths(bottom),
            Tenths(top),
            Tenths(width),
            Tenths(bottom)
        );
    }
    let limit_y = bottom - f64::from(f.limit) * scale;
    let worst = windows.iter().copied().max().unwrap_or(0);
    let line = format!(
        "at most {worst} admitted in one window; the limit is {}",
        f.limit
    );
    let _ = write!(
        out,
        r#"<div class="rl-lane rl-lane-short rl-lane-cluster"><div class="rl-lane-head"><strong>The whole cluster, per window</strong> <span>{}</span></div>"#,
        esc(&line)
    );
    svg_open(&mut out, 60, &format!("The whole cluster: {line}"));
    let _ = write!(
        out,
        r#"<path class="rl-win" d="{within}"/><path class="rl-over" d="{over}"/><path class="rl-limit" d="M0 {}H{WIDTH}"/>"#,
        Tenths(limit_y)
    );
    playhead(&mut out, head);
    out.push_str("</svg></div>");
    axis(&mut out, span);
    out
}

/// The whole distributed view after `position` decisions: the summary, the lanes and
/// the legend, as one HTML string.
pub(super) fn html(f: &ClusterFigures, run: &Run, position: usize) -> String {
    let total = f.run.total_admitted();
    let worst = f.run.max_per_aligned_window;
    let over = worst.saturating_sub(f.limit);
    let verdict = if over > 0 {
        format!("{over} over the limit: the overshoot")
    } else {
        "within the limit".to_string()
    };
    let mut out = format!(
        r#"<p class="rl-cluster-summary" data-testid="rate-cluster-summary">Design: {}. Over the whole run the cluster admitted <strong data-testid="rate-cluster-total">{total}</strong> of {} requests, at most <strong data-testid="rate-cluster-max">{worst}</strong> in one window against a limit of <strong data-testid="rate-cluster-limit">{}</strong> ({verdict}). One limiter with the whole limit would admit <strong data-testid="rate-single-total">{}</strong>, at most {} in a window.</p><div class="rl-timeline" data-testid="rate-cluster">"#,
        esc(&f.design),
        f.run.decisions.len(),
        f.limit,
        f.single.0,
        f.single.1,
    );
    out.push_str(&draw(f, run, position));
    out.push_str(
        r#"</div><p class="rl-legend" aria-hidden="true"><span class="rl-key rl-key-acc">accepted (up)</span><span class="rl-key rl-key-rej">rejected (down)</span><span class="rl-key rl-key-over">a window over the limit</span></p>"#,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::super::{run::run, scenario::build};
    use super::*;

    fn params(sharing: &str, sync_ms: u64) -> RateLimiterParams {
        RateLimiterParams {
            view: "distributed".into(),
            traffic: "poisson".into(),
            per_second: 40.0,
            limit: 10,
            burst: 10,
            sharing: sharing.into(),
            sync_ms,
            instances: 4,
            ..RateLimiterParams::default()
        }
    }

    #[test]
    fn a_late_shared_counter_overshoots_and_a_prompt_one_does_not() {
        let late = params("shared", 500);
        let r = run(build(&late).unwrap());
        let f = figures(&late, &r).unwrap();
        assert!(
            f.run.max_per_aligned_window > 10,
            "{:?}",
            f.run.max_per_aligned_window
        );
        assert_eq!(f.single.1, 10);
        let prompt = params("shared", 0);
        let f = figures(&prompt, &run(build(&prompt).unwrap())).unwrap();
        assert_eq!(f.run.max_per_aligned_window, 10);
        let html = draw(&f, &r, r.len());
        assert_eq!(html.matches("data-instance=").count(), 4);
        assert!(html.contains("the limit is 10"));
    }

    #[test]
    fn a_split_limit_runs_one_share_per_instance() {
        let split = params("split", 0);
        let r = run(build(&split).unwrap());
        let f = figures(&split, &r).unwrap();
        assert_eq!(f.run.routed.iter().sum::<u32>() as usize, r.len());
        assert!(f
            .design
            .starts_with("each of 4 instances runs a token bucket"));
    }
}
