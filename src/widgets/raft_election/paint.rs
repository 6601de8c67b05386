//! The browser side of the widget's frame (`markup.rs`): filling it from the run after
//! each change, and the two delegated handlers that turn clicks and changes in it into
//! commands and settings. Browser only: the widget is mounted only in the browser.
//!
//! A region's markup is replaced only when it differs from what was last written, so a
//! step touches only what changed, and buttons and fields are never recreated (focus
//! stays put).

use super::drawing::{self, Pick};
use super::markup;
use super::panels::{self, Target};
use super::run::{Run, Settings};
use super::{logs, text, Shared};
use leptos::prelude::*;
use raft_sim::{Command, NodeId, Preset};
use std::collections::HashMap;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement};
use widget_params::raft_election::NODES;

/// The markup last written into each region, by selector.
pub(super) type Written = HashMap<&'static str, String>;

fn find(root: &Element, selector: &str) -> Option<Element> {
    root.query_selector(selector).ok().flatten()
}

/// Replace a region's markup, unless it is already what is wanted.
fn html(written: &mut Written, root: &Element, selector: &'static str, markup: String) {
    if written.get(selector) == Some(&markup) {
        return;
    }
    if let Some(el) = find(root, selector) {
        el.set_inner_html(&markup);
        written.insert(selector, markup);
    }
}

fn text_of(root: &Element, selector: &str, text: &str) {
    if let Some(el) = find(root, selector) {
        if el.text_content().as_deref() != Some(text) {
            el.set_text_content(Some(text));
        }
    }
}

fn flag(root: &Element, selector: &str, attribute: &str, on: bool) {
    if let Some(el) = find(root, selector) {
        let _ = el.toggle_attribute_with_force(attribute, on);
    }
}

fn input(root: &Element, selector: &str) -> Option<HtmlInputElement> {
    find(root, selector).and_then(|e| e.dyn_into().ok())
}

/// Fill both parts of the frame from the run, the pick and the current problem.
pub(super) fn paint(
    top: &Element,
    body: &Element,
    run: &Run,
    pick: Option<Pick>,
    problem: Option<&str>,
    written: &mut Written,
) {
    let s = run.settings;
    html(
        written,
        top,
        "[data-testid=raft-preset]",
        markup::preset_options(s.preset),
    );
    html(
        written,
        top,
        "[data-testid=raft-nodes]",
        markup::size_options(s.nodes),
    );
    if let Some(seed) = input(top, "[data-testid=raft-seed]") {
        let want = s.seed.to_string();
        if seed.value() != want {
            seed.set_value(&want);
        }
    }
    if let Some(b) = input(top, "[data-testid=raft-pre-vote]") {
        b.set_checked(s.pre_vote);
    }
    if let Some(b) = input(top, "[data-testid=raft-check-quorum]") {
        b.set_checked(s.check_quorum);
    }
    text_of(
        top,
        "[data-testid=raft-about]",
        s.preset.map_or(
            "A free run: nothing is staged. Play, or act on a server or a message.",
            Preset::description,
        ),
    );

    let cluster = run.history.cluster();
    html(written, body, ".rf-status", text::status_html(cluster));
    html(
        written,
        body,
        "[data-testid=raft-cluster]",
        drawing::svg(cluster, pick),
    );
    html(
        written,
        body,
        "[data-testid=raft-pick]",
        panels::options_html(cluster, pick),
    );
    html(
        written,
        body,
        ".rf-fields",
        panels::fields_html(cluster, pick),
    );
    html(
        written,
        body,
        ".rf-sides",
        markup::side_boxes(cluster.nodes().len()),
    );
    html(written, body, "[data-testid=raft-logs]", logs::svg(cluster));
    html(
        written,
        body,
        ".rf-invariants ul",
        panels::invariants_html(run.history.checker()),
    );
    text_of(
        body,
        ".rf-checks",
        &format!(
            "Checked after every event: {} checks up to event {}.",
            run.history.checker().checks(),
            run.history.position()
        ),
    );
    let t = panels::target(cluster, pick);
    let verb = if t.up { "Crash" } else { "Restart" };
    text_of(body, "[data-act=crash]", &format!("{verb} {}", t.server));
    text_of(
        body,
        "[data-act=timeout]",
        &format!("Time out {}", t.server),
    );
    flag(body, "[data-act=timeout]", "disabled", !t.up || t.leads);
    let drop = t
        .message
        .map_or_else(|| "Drop a message".to_string(), |m| format!("Drop #{m}"));
    text_of(body, "[data-act=drop]", &drop);
    flag(body, "[data-act=drop]", "disabled", t.message.is_none());
    flag(body, "[data-act=dup]", "disabled", t.message.is_none());
    flag(
        body,
        "[data-act=heal]",
        "disabled",
        !cluster.network().is_partitioned(),
    );
    text_of(body, "[data-testid=raft-problem]", problem.unwrap_or(""));
    flag(
        body,
        "[data-testid=raft-problem]",
        "hidden",
        problem.is_none(),
    );
}

/// The element an event happened on.
fn target_element(ev: &web_sys::Event) -> Option<Element> {
    ev.target().and_then(|t| t.dyn_into::<Element>().ok())
}

/// A click in the body: an action button, or a server or message in the drawing.
pub(super) fn on_click(shared: Shared, ev: &web_sys::Event) {
    let Some(el) = target_element(ev) else { return };
    if let Some(button) = el.closest("[data-act]").ok().flatten() {
        let act = button.get_attribute("data-act").unwrap_or_default();
        let root = button.closest(".rf-body").ok().flatten();
        act_on(shared, &act, root.as_ref());
        return;
    }
    let Some(hit) = el.closest("[data-node],[data-msg]").ok().flatten() else {
        return;
    };
    let pick = match (
        hit.get_attribute("data-node"),
        hit.get_attribute("data-msg"),
    ) {
        (Some(n), _) => n.parse().ok().map(Pick::Node),
        (_, Some(m)) => m.parse().ok().map(Pick::Message),
        _ => None,
    };
    if pick.is_some() {
        shared.pick.set(pick);
    }
}

/// Carry out the button `act` on the current target.
fn act_on(shared: Shared, act: &str, root: Option<&Element>) {
    let Target {
        server,
        up,
        message,
        ..
    } = shared
        .run
        .with_untracked(|r| panels::target(r.history.cluster(), shared.pick.get_untracked()));
    let command = match act {
        "crash" if up => Command::Crash(server),
        "crash" => Command::Restart(server),
        "timeout" => Command::ForceTimeout(server),
        "write" => Command::ClientWrite { to: None },
        "drop" | "dup" => {
            let Some(message) = message else { return };
            if act == "drop" {
                Command::Drop { message }
            } else {
                Command::Duplicate { message }
            }
        }
        "heal" => Command::Heal,
        "cut" => match partition(shared, root) {
            Some(c) => c,
            None => return,
        },
        _ => return,
    };
    shared.act(command);
}

/// The partition the ticked boxes describe: the ticked servers against the rest.
fn partition(shared: Shared, root: Option<&Element>) -> Option<Command> {
    let size = shared
        .run
        .with_untracked(|r| r.history.cluster().nodes().len());
    let mut chosen = Vec::new();
    if let Some(list) = root.and_then(|r| r.query_selector_all("[data-side]").ok()) {
        for i in 0..list.length() {
            let Some(b) = list
                .item(i)
                .and_then(|n| n.dyn_into::<HtmlInputElement>().ok())
            else {
                continue;
            };
            let side = b
                .get_attribute("data-side")
                .and_then(|s| s.parse::<u8>().ok());
            if let Some(side) = side.filter(|_| b.checked()) {
                chosen.push(NodeId(side));
            }
        }
    }
    if chosen.is_empty() || chosen.len() >= size {
        shared.problem.set(Some(
            "Tick the servers on one side of the cut (some, not all).".into(),
        ));
        return None;
    }
    let rest = (0..size as u8)
        .map(NodeId)
        .filter(|id| !chosen.contains(id))
        .collect();
    Some(Command::Partition {
        groups: vec![chosen, rest],
    })
}

/// A change in the body: the inspector's `<select>`.
pub(super) fn on_body_change(shared: Shared, ev: &web_sys::Event) {
    let Some(el) = target_element(ev) else { return };
    if el.get_attribute("data-testid").as_deref() == Some("raft-pick") {
        let value = event_target_value(ev);
        shared.pick.set(panels::parse_pick(&value));
    }
}

/// A change in the settings: start a new run from them.
pub(super) fn on_settings_change(shared: Shared, ev: &web_sys::Event) {
    let Some(el) = target_element(ev) else { return };
    let now = shared.run.with_untracked(|r| r.settings);
    let value = event_target_value(ev);
    let on = || event_target_checked(ev);
    let state = |on: bool| if on { "on" } else { "off" };
    let (next, why) = match el.get_attribute("data-testid").as_deref() {
        Some("raft-preset") => match Preset::from_slug(&value) {
            Some(p) => (
                Settings::for_preset(p),
                format!("Preset: {}. {}", p.title(), p.description()),
            ),
            None => {
                let s = Settings {
                    preset: None,
                    ..now
                };
                (s, format!("A free run of {} servers.", s.nodes))
            }
        },
        Some("raft-nodes") => {
            let Ok(n) = value.parse::<u8>() else { return };
            let n = n.clamp(*NODES.start(), *NODES.end());
            let s = Settings {
                preset: None,
                nodes: n,
                ..now
            };
            (s, format!("A free run of {n} servers."))
        }
        Some("raft-seed") => {
            let Ok(seed) = value.trim().parse::<u64>() else {
                shared
                    .problem
                    .set(Some("The seed must be a whole number from 0.".into()));
                return;
            };
            (
                Settings { seed, ..now },
                format!("Started again with seed {seed}."),
            )
        }
        Some("raft-pre-vote") => (
            Settings {
                pre_vote: on(),
                ..now
            },
            format!("Started again with Pre-Vote {}.", state(on())),
        ),
        Some("raft-check-quorum") => (
            Settings {
                check_quorum: on(),
                ..now
            },
            format!("Started again with CheckQuorum {}.", state(on())),
        ),
        _ => return,
    };
    shared.restart(next, why);
}
