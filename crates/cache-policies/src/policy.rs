//! The trait every policy implements, and what an access returns.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::num::NonZeroU32;

/// A cache key. Traces with text keys are mapped to numbers by [`crate::trace`].
pub type Key = u64;

/// The largest capacity a policy accepts: 2^24 = 16,777,216 entries, which keeps every
/// slot index well inside 31 bits and a full cache's memory in the low gigabytes.
pub const MAX_CAPACITY: u32 = 1 << 24;

/// A cache's size in entries: at least 1 and at most [`MAX_CAPACITY`], so every policy
/// can be built from any `Capacity` without a failure path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct Capacity(NonZeroU32);

impl Capacity {
    /// A capacity of `entries`, or an error if it is 0 or above [`MAX_CAPACITY`].
    pub fn new(entries: u32) -> Result<Self, Error> {
        match NonZeroU32::new(entries) {
            Some(n) if entries <= MAX_CAPACITY => Ok(Self(n)),
            _ => Err(Error::BadCapacity {
                requested: u64::from(entries),
            }),
        }
    }

    /// The capacity in entries.
    pub fn get(self) -> u32 {
        self.0.get()
    }

    /// The capacity in entries, as a `usize`.
    pub fn as_usize(self) -> usize {
        self.0.get() as usize
    }

    /// `percent`% of the capacity, rounded down but at least 1 (for a sub-queue's size).
    pub(crate) fn share(self, percent: u32) -> u32 {
        ((u64::from(self.get()) * u64::from(percent) / 100) as u32).max(1)
    }
}

impl TryFrom<u32> for Capacity {
    type Error = Error;
    fn try_from(entries: u32) -> Result<Self, Error> {
        Self::new(entries)
    }
}

impl From<Capacity> for u32 {
    fn from(capacity: Capacity) -> u32 {
        capacity.get()
    }
}

impl fmt::Display for Capacity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.get())
    }
}

/// Everything that can go wrong in this crate, with a message a user can act on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Error {
    /// A capacity of 0 or above [`MAX_CAPACITY`].
    BadCapacity {
        /// The capacity asked for.
        requested: u64,
    },
    /// A workload parameter out of range.
    BadWorkload {
        /// Which parameter and why.
        message: String,
    },
    /// A trace that could not be parsed.
    BadTrace {
        /// The 1-based line of the problem (0 when it concerns the whole input).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// An unknown policy name.
    UnknownPolicy {
        /// The name given.
        name: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::BadCapacity { requested } => write!(
                f,
                "cache capacity must be between 1 and {MAX_CAPACITY} entries, got {requested}"
            ),
            Error::BadWorkload { message } => write!(f, "bad workload: {message}"),
            Error::BadTrace { line: 0, message } => write!(f, "bad trace: {message}"),
            Error::BadTrace { line, message } => write!(f, "bad trace, line {line}: {message}"),
            Error::UnknownPolicy { name } => write!(
                f,
                "unknown policy {name:?}; expected one of {}",
                crate::PolicyKind::ALL.map(|k| k.name()).join(", ")
            ),
        }
    }
}

impl std::error::Error for Error {}

/// The result of one access.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    /// The key was in the cache. A hit never evicts.
    Hit,
    /// The key was not in the cache and has now been inserted.
    Miss {
        /// The entry removed to make room, if the cache was full.
        evicted: Option<Eviction>,
    },
}

impl Outcome {
    /// A miss in a full cache that evicted `key` for `because`.
    #[inline]
    pub fn miss_evicting(key: Key, because: Reason) -> Self {
        Outcome::Miss {
            evicted: Some(Eviction { key, because }),
        }
    }

    /// Whether the access was a hit.
    #[inline]
    pub fn is_hit(self) -> bool {
        matches!(self, Outcome::Hit)
    }

    /// The eviction this access caused, if any.
    pub fn evicted(self) -> Option<Eviction> {
        match self {
            Outcome::Miss { evicted } => evicted,
            Outcome::Hit => None,
        }
    }
}

/// An entry removed from the cache, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Eviction {
    /// The key removed.
    pub key: Key,
    /// Why this key was chosen.
    pub because: Reason,
}

/// Why a policy chose its victim. Each policy uses its own variants; [`Reason`]'s
/// `Display` gives the sentence a view can narrate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reason {
    /// FIFO: the oldest entry.
    FirstIn,
    /// LRU: the entry used least recently.
    LeastRecentlyUsed,
    /// LFU: the fewest uses; among ties, the least recently used.
    LeastFrequentlyUsed {
        /// The victim's use count.
        uses: u64,
    },
    /// CLOCK: the hand reached an entry whose reference bit was clear.
    ClockHand,
    /// Random: the seeded generator picked this slot.
    Random,
    /// 2Q: the oldest entry of A1in (seen once); its key is remembered in A1out.
    TwoQueueFirstIn,
    /// 2Q: the least recently used entry of Am.
    TwoQueueMainLru,
    /// ARC: the LRU end of T1 (seen once recently); its key moves to ghost list B1.
    ArcRecency {
        /// The target size of T1 when it happened.
        target: u32,
    },
    /// ARC: the LRU end of T2 (seen twice or more); its key moves to ghost list B2.
    ArcFrequency {
        /// The target size of T1 when it happened.
        target: u32,
    },
    /// SIEVE: the hand reached an entry not visited since the hand last passed.
    SieveUnvisited,
    /// S3-FIFO: left the small queue without being reused; its key goes to the ghost queue.
    S3FifoSmall,
    /// S3-FIFO: reached the main queue's tail with its frequency down to 0.
    S3FifoMain,
    /// W-TinyLFU: the window's victim lost the admission contest to the main victim.
    TinyLfuRejected {
        /// The sketch's estimate for the window's victim (the candidate).
        candidate: u8,
        /// The sketch's estimate for the main cache's victim.
        victim: u8,
    },
    /// W-TinyLFU: the main cache's victim lost the admission contest to the candidate.
    TinyLfuReplaced {
        /// The sketch's estimate for the window's victim (the candidate).
        candidate: u8,
        /// The sketch's estimate for the main cache's victim.
        victim: u8,
    },
    /// W-TinyLFU with no room for a main cache (capacity 1): the window's LRU entry.
    TinyLfuWindow,
    /// Belady: the entry whose next use is furthest in the future.
    FurthestNextUse {
        /// The request index of the next use, or `None` if it is never used again.
        next_use: Option<u64>,
    },
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::FirstIn => f.write_str("it was the oldest entry (first in, first out)"),
            Reason::LeastRecentlyUsed => f.write_str("it was the least recently used"),
            Reason::LeastFrequentlyUsed { uses } => write!(
                f,
                "it had the fewest uses ({uses}); ties go to the least recently used"
            ),
            Reason::ClockHand => {
                f.write_str("the clock hand found its reference bit clear")
            }
            Reason::Random => f.write_str("the seeded generator picked it"),
            Reason::TwoQueueFirstIn => {
                f.write_str("it was the oldest in A1in, seen only once; its key goes to A1out")
            }
            Reason::TwoQueueMainLru => f.write_str("it was the least recently used in Am"),
            Reason::ArcRecency { target } => write!(
                f,
                "T1 was above its target size {target}: its LRU entry goes to ghost list B1"
            ),
            Reason::ArcFrequency { target } => write!(
                f,
                "T1 was within its target size {target}: T2's LRU entry goes to ghost list B2"
            ),
            Reason::SieveUnvisited => {
                f.write_str("the hand found it not visited since its last pass")
            }
            Reason::S3FifoSmall => f.write_str(
                "it left the small queue without being reused; its key goes to the ghost queue",
            ),
            Reason::S3FifoMain => {
                f.write_str("it reached the main queue's tail with no uses left")
            }
            Reason::TinyLfuRejected { candidate, victim } => write!(
                f,
                "admission refused: estimated frequency {candidate} is not above the main victim's {victim}"
            ),
            Reason::TinyLfuReplaced { candidate, victim } => write!(
                f,
                "the window's candidate (estimated frequency {candidate}) beat it ({victim})"
            ),
            Reason::TinyLfuWindow => f.write_str("it was the window's least recently used"),
            Reason::FurthestNextUse { next_use: Some(at) } => {
                write!(f, "its next use (request {at}) is furthest in the future")
            }
            Reason::FurthestNextUse { next_use: None } => {
                f.write_str("it is never used again")
            }
        }
    }
}

/// A cache replacement policy: a deterministic state machine over accesses.
///
/// After [`Policy::access`] returns, the key is in the cache; on a miss in a full cache
/// exactly one other entry was evicted and the outcome says which and why. A hit never
/// evicts and the cache never holds more than its capacity.
pub trait Policy {
    /// Requests `key`: a hit, or a miss that inserts it (evicting one entry if full).
    fn access(&mut self, key: Key) -> Outcome;
    /// Whether `key` is cached now (ghost entries do not count).
    fn contains(&self, key: Key) -> bool;
    /// How many entries are cached now.
    fn len(&self) -> usize;
    /// Whether nothing is cached.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The most entries the cache may hold.
    fn capacity(&self) -> Capacity;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capacity_bounds() {
        assert!(Capacity::new(0).is_err());
        assert!(Capacity::new(MAX_CAPACITY + 1).is_err());
        assert_eq!(Capacity::new(7).map(Capacity::get), Ok(7));
        let c = Capacity::new(5).unwrap_or_else(|_| unreachable!());
        assert_eq!(c.share(10), 1);
        assert_eq!(c.share(80), 4);
        assert!(serde_json::from_str::<Capacity>("0").is_err());
        assert_eq!(serde_json::to_string(&c).ok().as_deref(), Some("5"));
    }

    #[test]
    fn reasons_read_as_sentences() {
        let text = Reason::FurthestNextUse { next_use: None }.to_string();
        assert!(text.contains("never"));
    }
}
