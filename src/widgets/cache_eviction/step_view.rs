//! Step mode's picture at one position, as one HTML string: the strip of requests
//! around the current one, then a panel per policy (its outcome, its hits so far, its
//! structure, and what it evicted and why).

use super::chart::{slot, thousands};
use super::draw::{esc, structure, Marks};
use super::setup::Setup;
use super::timeline::Moment;
use cache_policies::{Outcome, PolicyKind};
use std::fmt::Write;

/// Requests shown before and after the current one in the strip.
const BEFORE: usize = 6;
const AFTER: usize = 9;

/// The strip of requests: the ones served (faded), the current one, the next ones.
fn strip(out: &mut String, setup: &Setup, position: usize) {
    let keys = &setup.requests.keys;
    let from = position.saturating_sub(BEFORE + 1);
    let to = (position + AFTER).min(keys.len());
    out.push_str(r#"<ol class="ce-strip" aria-label="Requests around the current one" data-testid="cache-strip">"#);
    if from > 0 {
        out.push_str(r#"<li class="ce-strip-more" aria-hidden="true">…</li>"#);
    }
    for (i, &key) in keys.iter().enumerate().take(to).skip(from) {
        let class = match (i + 1).cmp(&position) {
            std::cmp::Ordering::Less => "ce-past",
            std::cmp::Ordering::Equal => "ce-current",
            std::cmp::Ordering::Greater => "ce-future",
        };
        let current = if class == "ce-current" {
            r#" aria-current="step""#
        } else {
            ""
        };
        let _ = write!(
            out,
            r#"<li class="{class}"{current}><span class="ce-strip-n">{}</span>{}</li>"#,
            i + 1,
            esc(&setup.requests.label(key))
        );
    }
    if to < keys.len() {
        out.push_str(r#"<li class="ce-strip-more" aria-hidden="true">…</li>"#);
    }
    out.push_str("</ol>");
}

/// One policy's panel.
fn panel(out: &mut String, setup: &Setup, m: &Moment, i: usize, kind: PolicyKind) {
    let Some(policy) = m.frame.policies.get(i) else {
        return;
    };
    let outcome = m.last.as_ref().and_then(|(_, o)| o.get(i).copied());
    let (badge, class) = match outcome {
        Some(Outcome::Hit) => ("hit", "ce-hit"),
        Some(Outcome::Miss { .. }) => ("miss", "ce-miss"),
        None => ("", ""),
    };
    let hits = m.frame.hits.get(i).copied().unwrap_or(0);
    let served = m.position as u64;
    let ratio = if served == 0 {
        String::from("–")
    } else {
        format!("{:.0}%", hits as f64 * 100.0 / served as f64)
    };
    let _ = write!(
        out,
        r#"<article class="ce-policy ce-n{}" data-testid="cache-policy-{}" data-hits="{hits}"><header class="ce-policy-head"><h3>{}</h3>"#,
        slot(kind),
        kind.name(),
        esc(kind.label())
    );
    if !badge.is_empty() {
        let _ = write!(out, r#"<span class="ce-badge {class}">{badge}</span>"#);
    }
    let _ = write!(
        out,
        r#"<span class="ce-score">{} hits of {} ({ratio})</span></header>"#,
        thousands(hits),
        thousands(served)
    );
    let now = m.last.as_ref().map(|(k, _)| *k);
    out.push_str(&structure(
        &policy.view(),
        &Marks {
            requests: &setup.requests,
            now,
        },
    ));
    if let Some(Outcome::Miss { evicted: Some(e) }) = outcome {
        let _ = write!(
            out,
            r#"<p class="ce-why">Evicted <strong>{}</strong>: {}.</p>"#,
            esc(&setup.requests.label(e.key)),
            esc(&e.because.to_string())
        );
    } else if let Some(Outcome::Miss { evicted: None }) = outcome {
        out.push_str(
            r#"<p class="ce-why">Missed; the cache had room, so nothing was evicted.</p>"#,
        );
    } else if let Some(Outcome::Hit) = outcome {
        out.push_str(r#"<p class="ce-why">Hit: served from the cache.</p>"#);
    }
    out.push_str("</article>");
}

/// The whole picture at `m`.
pub(super) fn html(setup: &Setup, m: &Moment) -> String {
    let mut out = String::with_capacity(16 * 1024);
    strip(&mut out, setup, m.position);
    out.push_str(r#"<div class="ce-policies">"#);
    for (i, &kind) in setup.kinds.iter().enumerate() {
        panel(&mut out, setup, m, i, kind);
    }
    out.push_str("</div>");
    out
}

#[cfg(test)]
mod tests {
    use super::super::setup::build;
    use super::*;
    use widget_params::cache_eviction::CacheEvictionParams;

    #[test]
    fn the_picture_has_a_panel_per_policy_and_marks_the_current_request() {
        let p = CacheEvictionParams::default();
        let setup = build(&p, None, 1).unwrap();
        let t = setup.timeline.clone().unwrap();
        let start = html(&setup, &t.at(0));
        assert_eq!(start.matches("<article").count(), 5);
        assert!(!start.contains("aria-current"));
        let later = html(&setup, &t.at(50));
        assert_eq!(later.matches("aria-current=\"step\"").count(), 1);
        assert!(later.contains("<span class=\"ce-strip-n\">50</span>"));
        assert_eq!(later.matches("ce-badge").count(), 5);
        assert!(later.contains("of 50 ("));
        let end = html(&setup, &t.at(200));
        assert!(end.contains(">200</span>") && !end.ends_with("…</li></ol>"));
    }
}
