//! The replicated log (§5.3 of the paper).
//!
//! Entries are numbered from 1; each carries the term in which a leader created it and
//! a client command (here a number the simulator hands out, unique per client write).
//! The two facts the rest of Raft leans on live here:
//!
//! * **The consistency check.** An AppendEntries carries the index and term of the entry
//!   just before the new ones; a follower accepts only if its own log has that entry
//!   ([`RaftLog::matches`]). By induction this gives the Log Matching Property.
//! * **Conflict truncation.** When an incoming entry has the same index as an existing
//!   one but a different term, the existing entry and everything after it are deleted
//!   ([`RaftLog::merge`]); an entry that already matches is kept, so a duplicated or
//!   reordered (older, shorter) AppendEntries never removes anything.
//!
//! Memory: 16 bytes per entry (term and command), in one `Vec`.

use crate::ids::{Index, Term};
use serde::{Deserialize, Serialize};

/// One log entry: the term it was created in and the client command it carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Entry {
    /// The leader's term when it received the command.
    pub term: Term,
    /// The client command (a unique number per client write).
    pub command: u64,
}

/// What [`RaftLog::merge`] did to the log.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeOutcome {
    /// The first index removed because it conflicted with the leader's entry there.
    pub truncated_from: Option<Index>,
    /// How many entries were removed by that truncation.
    pub removed: u64,
    /// How many new entries were appended.
    pub appended: u64,
}

/// A server's log: entries `1..=last_index()`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RaftLog {
    entries: Vec<Entry>,
}

impl RaftLog {
    /// An empty log.
    pub fn new() -> Self {
        Self::default()
    }

    /// A log holding these entries at indexes 1, 2, ….
    pub fn from_entries(entries: Vec<Entry>) -> Self {
        Self { entries }
    }

    /// All entries, the one at index 1 first.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The index of the last entry, 0 when empty.
    pub fn last_index(&self) -> Index {
        self.entries.len() as Index
    }

    /// The term of the last entry, 0 when empty.
    pub fn last_term(&self) -> Term {
        self.entries.last().map_or(0, |e| e.term)
    }

    /// The entry at `index`, if there is one (there is none at index 0).
    pub fn get(&self, index: Index) -> Option<&Entry> {
        let i = usize::try_from(index.checked_sub(1)?).ok()?;
        self.entries.get(i)
    }

    /// The term of the entry at `index`: `Some(0)` for index 0, `None` past the end.
    pub fn term_at(&self, index: Index) -> Option<Term> {
        if index == 0 {
            Some(0)
        } else {
            self.get(index).map(|e| e.term)
        }
    }

    /// The consistency check: does this log hold an entry at `index` with `term`?
    /// (Index 0 with term 0 always matches: the empty prefix.)
    pub fn matches(&self, index: Index, term: Term) -> bool {
        self.term_at(index) == Some(term)
    }

    /// The election restriction (§5.4.1): is a log ending at (`last_term`, `last_index`)
    /// at least as up-to-date as this one? Later last term wins; equal terms compare length.
    pub fn is_up_to_date(&self, last_term: Term, last_index: Index) -> bool {
        (last_term, last_index) >= (self.last_term(), self.last_index())
    }

    /// Up to `max` entries starting at `from` (clamped to the log).
    pub fn slice_from(&self, from: Index, max: usize) -> Vec<Entry> {
        let start = usize::try_from(from.saturating_sub(1)).unwrap_or(usize::MAX);
        match self.entries.get(start..) {
            Some(rest) => rest.iter().take(max).copied().collect(),
            None => Vec::new(),
        }
    }

    /// Append one entry at the end (a leader's new client command); returns its index.
    pub fn push(&mut self, entry: Entry) -> Index {
        self.entries.push(entry);
        self.last_index()
    }

    /// Put `entries` after index `prev` (which the caller has checked with
    /// [`matches`](Self::matches)): skip those already present with the same term, delete
    /// from the first conflict onwards, then append the rest.
    pub fn merge(&mut self, prev: Index, entries: &[Entry]) -> MergeOutcome {
        let mut outcome = MergeOutcome::default();
        for (offset, entry) in entries.iter().enumerate() {
            let index = prev + 1 + offset as Index;
            match self.term_at(index) {
                Some(t) if t == entry.term => continue,
                Some(_) => {
                    let keep = usize::try_from(index - 1).unwrap_or(usize::MAX);
                    outcome.truncated_from = Some(index);
                    outcome.removed = self.last_index() - (index - 1);
                    self.entries.truncate(keep);
                }
                None => {}
            }
            let rest = entries.get(offset..).unwrap_or(&[]);
            self.entries.extend_from_slice(rest);
            outcome.appended = rest.len() as u64;
            break;
        }
        outcome
    }

    /// Remove every entry after `index` (used only by test-only fault switches and
    /// scenario setup; the protocol itself truncates only through [`merge`](Self::merge)).
    pub fn truncate(&mut self, index: Index) {
        let keep = usize::try_from(index).unwrap_or(usize::MAX);
        self.entries.truncate(keep);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log(terms: &[Term]) -> RaftLog {
        RaftLog::from_entries(
            terms
                .iter()
                .enumerate()
                .map(|(i, &t)| Entry {
                    term: t,
                    command: i as u64,
                })
                .collect(),
        )
    }

    fn terms(l: &RaftLog) -> Vec<Term> {
        l.entries().iter().map(|e| e.term).collect()
    }

    #[test]
    fn indexes_start_at_one() {
        let l = log(&[1, 1, 2]);
        assert_eq!(l.last_index(), 3);
        assert_eq!(l.last_term(), 2);
        assert_eq!(l.term_at(0), Some(0));
        assert_eq!(l.term_at(1), Some(1));
        assert_eq!(l.term_at(4), None);
        assert!(l.get(0).is_none());
        assert!(l.matches(0, 0));
        assert!(l.matches(3, 2));
        assert!(!l.matches(3, 1));
        assert!(!l.matches(9, 2));
    }

    #[test]
    fn up_to_date_compares_last_term_then_length() {
        let l = log(&[1, 1, 2]);
        assert!(l.is_up_to_date(2, 3));
        assert!(l.is_up_to_date(3, 1));
        assert!(l.is_up_to_date(2, 4));
        assert!(!l.is_up_to_date(2, 2));
        assert!(!l.is_up_to_date(1, 10));
        assert!(RaftLog::new().is_up_to_date(0, 0));
    }

    #[test]
    fn merge_truncates_only_on_conflict() {
        let mut l = log(&[1, 1, 2, 2]);
        let e = |t| Entry {
            term: t,
            command: 99,
        };
        // A stale, shorter append that matches changes nothing.
        let o = l.merge(
            1,
            &[Entry {
                term: 1,
                command: 1,
            }],
        );
        assert_eq!(o, MergeOutcome::default());
        assert_eq!(terms(&l), [1, 1, 2, 2]);
        // A conflict at index 3 removes 3 and 4.
        let o = l.merge(2, &[e(3)]);
        assert_eq!(o.truncated_from, Some(3));
        assert_eq!(o.removed, 2);
        assert_eq!(o.appended, 1);
        assert_eq!(terms(&l), [1, 1, 3]);
        // Appending past the end.
        let o = l.merge(3, &[e(3), e(3)]);
        assert_eq!(o.appended, 2);
        assert_eq!(terms(&l), [1, 1, 3, 3, 3]);
    }

    #[test]
    fn slices_are_clamped() {
        let l = log(&[1, 2, 3]);
        assert_eq!(l.slice_from(2, 10).len(), 2);
        assert_eq!(l.slice_from(1, 1).len(), 1);
        assert!(l.slice_from(4, 10).is_empty());
        assert!(l.slice_from(u64::MAX, 10).is_empty());
        assert_eq!(l.slice_from(0, 10).len(), 3);
    }
}
