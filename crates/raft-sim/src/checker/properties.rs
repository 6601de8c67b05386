//! The checks themselves, one function per property (figure 3 of the paper).

use super::{Checker, Committed, LeaderWatch, Property};
use crate::cluster::Cluster;
use crate::ids::Index;
use crate::node::{Node, Role};

type Check = Result<(), (Property, String)>;

impl Checker {
    /// Election Safety: remember the leader of each term; a second one is a violation.
    pub(super) fn election_safety(&mut self, cluster: &Cluster) -> Check {
        for node in leaders(cluster) {
            let first = *self.leaders.entry(node.term()).or_insert(node.id());
            if first != node.id() {
                return Err((
                    Property::ElectionSafety,
                    format!(
                        "{} and {} were both leader of term {}",
                        first,
                        node.id(),
                        node.term()
                    ),
                ));
            }
        }
        Ok(())
    }

    /// State Machine Safety: every newly committed (applied) entry must equal what any
    /// server applied at that index before.
    pub(super) fn state_machine_safety(&mut self, cluster: &Cluster) -> Check {
        for (i, node) in cluster.nodes().iter().enumerate() {
            let Some(applied) = self.applied.get_mut(i) else {
                continue;
            };
            let commit = node.commit_index();
            if commit < *applied {
                // A restart loses the commit index; the server re-applies from the start.
                *applied = commit;
                continue;
            }
            for index in *applied + 1..=commit {
                let Some(&entry) = node.log().get(index) else {
                    return Err((
                        Property::StateMachineSafety,
                        format!(
                            "{} committed index {index} but its log ends at {}",
                            node.id(),
                            node.log().last_index()
                        ),
                    ));
                };
                let slot = usize::try_from(index - 1).unwrap_or(usize::MAX);
                match self.committed.get_mut(slot) {
                    Some(c) if c.entry != entry => {
                        return Err((
                            Property::StateMachineSafety,
                            format!(
                                "{} applied command {} of term {} at index {index}, where command {} of term {} was applied before",
                                node.id(), entry.command, entry.term, c.entry.command, c.entry.term
                            ),
                        ));
                    }
                    Some(c) => c.term = c.term.min(node.term()),
                    None => self.committed.push(Committed {
                        entry,
                        term: node.term(),
                    }),
                }
            }
            *applied = commit;
        }
        Ok(())
    }

    /// Leader Append-Only (a leader's log only grows, and what it had stays) and Leader
    /// Completeness (a leader holds every entry committed in an earlier term).
    pub(super) fn leader_append_only_and_completeness(&mut self, cluster: &Cluster) -> Check {
        for (i, node) in cluster.nodes().iter().enumerate() {
            let is_leader = cluster.is_up(node.id()) && node.role() == Role::Leader;
            let Some(watch) = self.watch.get_mut(i) else {
                continue;
            };
            if !is_leader {
                *watch = None;
                continue;
            }
            let log = node.log();
            if let Some(w) = watch.filter(|w| w.term == node.term()) {
                let still_there = w.len <= log.last_index() && w.last.as_ref() == log.get(w.len);
                if !still_there {
                    return Err((
                        Property::LeaderAppendOnly,
                        format!(
                            "leader {} of term {} had {} entries, and now has {} (or a different entry {})",
                            node.id(), node.term(), w.len, log.last_index(), w.len
                        ),
                    ));
                }
            }
            let complete_upto = watch
                .filter(|w| w.term == node.term())
                .map_or(0, |w| w.complete_upto);
            let last = log.get(log.last_index()).copied();
            *watch = Some(LeaderWatch {
                term: node.term(),
                len: log.last_index(),
                last,
                complete_upto,
            });
            for (slot, c) in self.committed.iter().enumerate().skip(complete_upto) {
                let index = slot as Index + 1;
                if c.term < node.term() && log.get(index) != Some(&c.entry) {
                    return Err((
                        Property::LeaderCompleteness,
                        format!(
                            "leader {} of term {} lacks entry {index} (command {} of term {}), committed in term {}",
                            node.id(),
                            node.term(),
                            c.entry.command,
                            c.entry.term,
                            c.term
                        ),
                    ));
                }
            }
            if let Some(w) = watch.as_mut() {
                w.complete_upto = self.committed.len();
            }
        }
        Ok(())
    }

    /// Log Matching: for every pair of servers, find the last index where their terms
    /// agree; their logs must be identical up to there. (Below that index the property
    /// then holds too; above it the terms differ, so there is nothing to check.)
    ///
    /// Only pairs involving a server whose log may have changed are compared: one that
    /// acted in this event, or whose log length or last entry differs from last time.
    pub(super) fn log_matching(&mut self, cluster: &Cluster) -> Check {
        let nodes = cluster.nodes();
        let first = self.checks <= 1;
        let mut changed = [false; crate::config::ClusterConfig::MAX_SIZE as usize];
        for (i, node) in nodes.iter().enumerate() {
            let print = (
                node.log().last_index(),
                node.log().get(node.log().last_index()).copied(),
            );
            let acted = cluster
                .last_report()
                .events
                .iter()
                .any(|(n, _)| n.index() == i);
            if let (Some(c), Some(old)) = (changed.get_mut(i), self.fingerprints.get_mut(i)) {
                *c = first || acted || *old != print;
                *old = print;
            }
        }
        for (i, a) in nodes.iter().enumerate() {
            for (j, b) in nodes.iter().enumerate().skip(i + 1) {
                if !changed.get(i).copied().unwrap_or(true)
                    && !changed.get(j).copied().unwrap_or(true)
                {
                    continue;
                }
                let (la, lb) = (a.log().entries(), b.log().entries());
                let common = la.len().min(lb.len());
                let agree = (0..common)
                    .rev()
                    .find(|&k| la.get(k).map(|e| e.term) == lb.get(k).map(|e| e.term));
                let Some(k) = agree else { continue };
                if la.get(..=k) != lb.get(..=k) {
                    let first = (0..=k).find(|&j| la.get(j) != lb.get(j)).unwrap_or(0);
                    return Err((
                        Property::LogMatching,
                        format!(
                            "{} and {} both have an entry of term {} at index {} but differ at index {}",
                            a.id(), b.id(), la.get(k).map_or(0, |e| e.term), k + 1, first + 1
                        ),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// The servers that are up and leading.
fn leaders(cluster: &Cluster) -> impl Iterator<Item = &Node> {
    cluster
        .nodes()
        .iter()
        .filter(|n| cluster.is_up(n.id()) && n.role() == Role::Leader)
}
