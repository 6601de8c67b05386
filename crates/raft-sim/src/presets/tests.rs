//! Each preset shows what it claims: asserted on its events, for its own options and
//! across other seeds.

use super::*;
use crate::event::{StepDown, VoteRefusal};
use crate::ids::Term;

/// Every (server, event) of a run, with the event number.
fn events(h: &History) -> Vec<(u64, NodeId, NodeEvent)> {
    h.reports()
        .iter()
        .flat_map(|r| r.events.iter().map(move |(n, e)| (r.step, *n, e.clone())))
        .collect()
}

fn leaders_elected(h: &History) -> Vec<(u64, NodeId, Term)> {
    events(h)
        .into_iter()
        .filter_map(|(s, n, e)| match e {
            NodeEvent::BecameLeader { term } => Some((s, n, term)),
            _ => None,
        })
        .collect()
}

/// The outside commands of a run.
fn commands(h: &History) -> Vec<Command> {
    h.commands().iter().map(|(_, c)| c.clone()).collect()
}

/// Whether the preset's run shows its claim; the error says what is missing.
fn shows(preset: Preset, h: &History) -> Result<(), String> {
    if let Some(v) = h.violation() {
        return Err(format!("safety violated: {v}"));
    }
    let ev = events(h);
    let elected = leaders_elected(h);
    let first = elected
        .first()
        .copied()
        .ok_or("no leader was ever elected")?;
    match preset {
        Preset::CleanElection => {
            let candidates: Vec<_> = ev
                .iter()
                .filter(|(_, _, e)| matches!(e, NodeEvent::BecameCandidate { .. }))
                .collect();
            if candidates.len() != 1 {
                return Err(format!("{} candidacies, not one", candidates.len()));
            }
            if first.2 != 1 {
                return Err(format!("first leader in term {}", first.2));
            }
            if ev
                .iter()
                .any(|(_, _, e)| matches!(e, NodeEvent::VoteRefused { .. }))
            {
                return Err("a vote was refused".into());
            }
        }
        Preset::SplitVote => {
            let term1: Vec<_> = ev
                .iter()
                .filter(|(_, _, e)| *e == NodeEvent::BecameCandidate { term: 1 })
                .collect();
            if term1.len() < 2 {
                return Err("fewer than two candidates in term 1".into());
            }
            if elected.iter().any(|l| l.2 == 1) {
                return Err("someone won term 1".into());
            }
            let split = ev.iter().any(|(_, _, e)| {
                matches!(
                    e,
                    NodeEvent::VoteRefused {
                        term: 1,
                        because: VoteRefusal::AlreadyVoted { .. },
                        ..
                    }
                )
            });
            if !split {
                return Err("no vote was refused for having gone to the other candidate".into());
            }
        }
        Preset::LeaderCrash => {
            let crashed = commands(h).iter().find_map(|c| match c {
                Command::Crash(n) => Some(*n),
                _ => None,
            });
            let old = crashed.ok_or("nobody crashed")?;
            if old != first.1 {
                return Err("the crashed server was not the leader".into());
            }
            if !elected.iter().any(|l| l.1 != old && l.2 > first.2) {
                return Err("no other server was elected in a later term".into());
            }
            if !commands(h).contains(&Command::Restart(old)) {
                return Err("the old leader never restarted".into());
            }
            let c = h.cluster();
            let (o, l) = (
                c.node(old).ok_or("?")?,
                c.leader()
                    .and_then(|l| c.node(l))
                    .ok_or("no leader at the end")?,
            );
            if o.role() != Role::Follower || o.log() != l.log() {
                return Err("the old leader did not catch up as a follower".into());
            }
        }
        Preset::StaleLeader => {
            let old = first.1;
            let (write_step, index) = ev
                .iter()
                .find_map(|(s, n, e)| match e {
                    NodeEvent::Proposed { index, .. } if *n == old && *s > 0 => Some((*s, *index)),
                    _ => None,
                })
                .ok_or("the old leader took no write")?;
            // The write made in the minority is the second one the old leader took.
            let minority_index = ev
                .iter()
                .filter_map(|(s, n, e)| match e {
                    NodeEvent::Proposed { index, .. } if *n == old && *s > write_step => {
                        Some(*index)
                    }
                    _ => None,
                })
                .next()
                .unwrap_or(index);
            // Two leaders at once, in different terms, after the partition.
            let mut replay = History::from_script(&h.script());
            let mut two = false;
            for p in 0..=h.len() {
                replay.seek(p);
                let c = replay.cluster();
                let leading = c
                    .nodes()
                    .iter()
                    .filter(|n| c.is_up(n.id()) && n.role() == Role::Leader)
                    .count();
                two |= leading >= 2;
            }
            if !two {
                return Err("never two leaders at once".into());
            }
            // The minority's entry did not survive...
            let old_term = first.2;
            let final_entry = h
                .cluster()
                .node(old)
                .and_then(|n| n.log().get(minority_index).copied());
            if final_entry.is_some_and(|e| e.term == old_term) {
                return Err("the stale entry survived".into());
            }
            // ...and was deleted when the old leader rejoined.
            let stepped_down = ev.iter().any(|(_, n, e)| {
                *n == old
                    && matches!(
                        e,
                        NodeEvent::BecameFollower {
                            because: StepDown::HigherTerm { .. },
                            ..
                        }
                    )
            });
            let truncated = ev.iter().any(|(_, n, e)| {
                *n == old && matches!(e, NodeEvent::Appended { truncated_from: Some(t), .. } if *t <= minority_index)
            });
            if !stepped_down || !truncated {
                return Err(format!(
                    "stepped down {stepped_down}, truncated {truncated}"
                ));
            }
        }
        Preset::LogRepair => {
            for refuser in [3u8, 4] {
                let refused = ev.iter().any(|(_, n, e)| {
                    *n == NodeId(refuser)
                        && matches!(
                            e,
                            NodeEvent::VoteRefused {
                                because: VoteRefusal::LogNotUpToDate { .. },
                                ..
                            }
                        )
                });
                if !refused {
                    return Err(format!("S{} did not refuse its vote", refuser + 1));
                }
            }
            if first != (first.0, NodeId(0), 8) {
                return Err(format!("first leader {first:?}"));
            }
            if !ev
                .iter()
                .any(|(_, _, e)| matches!(e, NodeEvent::NextIndexBackedOff { .. }))
            {
                return Err("no next-index back-off".into());
            }
            let deleted: Vec<NodeId> = ev
                .iter()
                .filter(|(_, _, e)| {
                    matches!(
                        e,
                        NodeEvent::Appended {
                            truncated_from: Some(_),
                            ..
                        }
                    )
                })
                .map(|(_, n, _)| *n)
                .collect();
            if !deleted.contains(&NodeId(6)) || !deleted.contains(&NodeId(4)) {
                return Err(format!("conflicting entries deleted on {deleted:?}"));
            }
            let leader = h.cluster().node(NodeId(0)).ok_or("?")?;
            if h.cluster().nodes().iter().any(|n| n.log() != leader.log()) {
                return Err("logs differ at the end".into());
            }
        }
        Preset::DisruptiveServer | Preset::DisruptivePreVote => {
            let (cut_at, lonely) = h
                .commands()
                .iter()
                .find_map(|(s, c)| match c {
                    Command::Partition { groups } => {
                        groups.first().and_then(|g| g.first()).map(|n| (*s, *n))
                    }
                    _ => None,
                })
                .ok_or("nobody was cut off")?;
            let healed_at = h
                .commands()
                .iter()
                .find_map(|(s, c)| (*c == Command::Heal).then_some(*s))
                .ok_or("never healed")?;
            // The lonely server's timeouts while it was cut off.
            let timeouts: Vec<bool> = ev
                .iter()
                .filter(|(s, _, _)| (cut_at..healed_at).contains(s))
                .filter_map(|(_, n, e)| match e {
                    NodeEvent::ElectionTimeout { pre_vote, .. } if *n == lonely => Some(*pre_vote),
                    _ => None,
                })
                .collect();
            if timeouts.len() < 3 {
                return Err(format!(
                    "the cut-off server timed out {} times",
                    timeouts.len()
                ));
            }
            let leader = first.1;
            let deposed = ev.iter().any(|(_, n, e)| {
                *n == leader
                    && matches!(e, NodeEvent::BecameFollower { because: StepDown::HigherTerm { from }, .. } if *from == lonely)
            });
            let end_term = h
                .cluster()
                .nodes()
                .iter()
                .map(|n| n.term())
                .max()
                .unwrap_or(0);
            if preset == Preset::DisruptiveServer {
                if timeouts.iter().any(|&p| p) {
                    return Err("pre-votes without Pre-Vote".into());
                }
                if !deposed || end_term < first.2 + 3 {
                    return Err(format!(
                        "deposed {deposed}, terms {} to {end_term}",
                        first.2
                    ));
                }
            } else {
                if !timeouts.iter().all(|&p| p) {
                    return Err("a real election despite Pre-Vote".into());
                }
                if deposed || end_term != first.2 || h.cluster().leader() != Some(leader) {
                    return Err(format!(
                        "deposed {deposed}, terms {} to {end_term}",
                        first.2
                    ));
                }
            }
        }
    }
    Ok(())
}

#[test]
fn every_preset_shows_what_it_claims_with_its_own_options() {
    for preset in Preset::ALL {
        let h = preset.history(preset.default_options()).unwrap();
        assert_eq!(h.position(), h.len());
        assert!(
            h.len() > 10 && h.len() < 2_000,
            "{preset:?}: {} events",
            h.len()
        );
        if let Err(e) = shows(preset, &h) {
            panic!("{preset:?}: {e}");
        }
    }
}

#[test]
fn presets_show_their_claim_on_most_seeds_and_never_break_safety() {
    for preset in Preset::ALL {
        let mut ok = 0;
        for seed in 0..20 {
            let options = PresetOptions {
                seed,
                ..preset.default_options()
            };
            let h = preset.history(options).unwrap();
            assert!(h.violation().is_none(), "{preset:?} seed {seed}");
            let r = shows(preset, &h);
            if std::env::var("PRESET_DEBUG").is_ok() {
                eprintln!("{preset:?} seed {seed}: {r:?}");
            }
            ok += u32::from(r.is_ok());
        }
        // A clean first election is common, not certain: with five timers drawn from
        // 150–300 ticks and delays of 5–25, a second server often times out before the
        // first one's request reaches it (10 of these 20 seeds are clean). The other
        // presets stage their scenario and must show it on every seed.
        let needed = if preset == Preset::CleanElection {
            8
        } else {
            20
        };
        assert!(ok >= needed, "{preset:?}: {ok} of 20 seeds");
    }
}

#[test]
fn presets_survive_every_switch_and_replay_from_their_script() {
    for preset in Preset::ALL {
        for (pre_vote, check_quorum) in [(false, false), (true, false), (false, true), (true, true)]
        {
            let options = PresetOptions {
                seed: 5,
                pre_vote,
                check_quorum,
            };
            let h = preset.history(options).unwrap();
            assert!(h.violation().is_none(), "{preset:?} {options:?}");
            let again = History::from_script(&h.script());
            assert_eq!(again.reports(), h.reports(), "{preset:?} {options:?}");
        }
    }
}

#[test]
fn slugs_round_trip() {
    for preset in Preset::ALL {
        assert_eq!(Preset::from_slug(preset.slug()), Some(preset));
        assert!(!preset.description().is_empty() && !preset.title().is_empty());
    }
    assert_eq!(Preset::from_slug("nope"), None);
}
