//! Seeded, reproducible request streams.
//!
//! A [`Workload`] is a small serialisable description (it fits in a share link); with a
//! seed it yields the same keys on every platform. The shapes:
//!
//! | workload | keys | what it shows |
//! |---|---|---|
//! | `Zipf` | rank `k` of `objects` with probability ∝ `k^-skew` (key = rank − 1) | skewed popularity, as in web and CDN traces |
//! | `Uniform` | each of `objects` equally likely | no locality: every policy ≈ capacity / objects |
//! | `Scan` | 0, 1, 2, … each once | no reuse at all: every request misses |
//! | `Loop` | 0 … `objects` − 1, repeated | LRU's worst case when the loop exceeds the cache |
//! | `Mix` | a Zipf core, periodic scans of fresh keys, and one-hit wonders | scan resistance and quick demotion |
//! | `Shifting` | a Zipf working set whose keys slide every `shift_every` requests | adaptation to change |
//!
//! Scans in `Mix` use keys from 2^40 upward and one-hit wonders keys from 2^48 upward, so
//! they never collide with the Zipf core.

use crate::policy::{Error, Key};
use crate::rng::Rng;
use crate::zipf::Zipf;
use serde::{Deserialize, Serialize};

/// The most distinct objects a workload may draw from (2^40).
pub const MAX_OBJECTS: u64 = 1 << 40;
/// The largest skew accepted.
pub const MAX_SKEW: f64 = 10.0;
/// The longest trace [`Workload::generate`] builds (2^27 requests, 1 GiB of keys).
pub const MAX_REQUESTS: usize = 1 << 27;
/// Where `Mix`'s scan keys start.
const SCAN_BASE: Key = 1 << 40;
/// Where `Mix`'s one-hit-wonder keys start.
const ONE_HIT_BASE: Key = 1 << 48;

/// A request stream's shape and parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Workload {
    /// Zipf popularity over `objects` keys.
    Zipf {
        /// Distinct keys.
        objects: u64,
        /// The exponent: 0 is uniform, about 1 is typical of web traces.
        skew: f64,
    },
    /// Uniform popularity over `objects` keys.
    Uniform {
        /// Distinct keys.
        objects: u64,
    },
    /// A sequential scan: every key new.
    Scan,
    /// A loop over `objects` keys in order.
    Loop {
        /// The loop's length.
        objects: u64,
    },
    /// A Zipf core interrupted by scans, with one-hit wonders sprinkled in.
    Mix {
        /// Distinct keys in the Zipf core.
        objects: u64,
        /// The core's Zipf exponent.
        skew: f64,
        /// Requests between the starts of two scans (a scan starts the stream too).
        scan_every: u64,
        /// Keys per scan (fresh keys each time).
        scan_length: u64,
        /// Percentage (0–100) of non-scan requests that are one-hit wonders.
        one_hit_percent: u8,
    },
    /// A Zipf working set that slides through the key space.
    Shifting {
        /// Distinct keys in the working set.
        objects: u64,
        /// The working set's Zipf exponent.
        skew: f64,
        /// Requests between shifts.
        shift_every: u64,
        /// How far the working set's keys move at each shift.
        shift_by: u64,
    },
}

impl Default for Workload {
    fn default() -> Self {
        Workload::Zipf {
            objects: 1000,
            skew: 0.99,
        }
    }
}

fn bad(message: String) -> Error {
    Error::BadWorkload { message }
}

fn check_objects(objects: u64) -> Result<(), Error> {
    if objects == 0 || objects > MAX_OBJECTS {
        return Err(bad(format!(
            "objects must be between 1 and {MAX_OBJECTS}, got {objects}"
        )));
    }
    Ok(())
}

fn check_skew(skew: f64) -> Result<(), Error> {
    if !(0.0..=MAX_SKEW).contains(&skew) {
        return Err(bad(format!(
            "skew must be between 0 and {MAX_SKEW}, got {skew}"
        )));
    }
    Ok(())
}

impl Workload {
    /// Checks every parameter's range.
    pub fn validate(&self) -> Result<(), Error> {
        match *self {
            Workload::Zipf { objects, skew } => {
                check_objects(objects)?;
                check_skew(skew)
            }
            Workload::Uniform { objects } | Workload::Loop { objects } => check_objects(objects),
            Workload::Scan => Ok(()),
            Workload::Mix {
                objects,
                skew,
                scan_every,
                scan_length,
                one_hit_percent,
            } => {
                check_objects(objects)?;
                check_skew(skew)?;
                if scan_every == 0 || scan_length > scan_every {
                    return Err(bad(format!(
                        "scan_every must be at least 1 and at least scan_length ({scan_length}), got {scan_every}"
                    )));
                }
                if one_hit_percent > 100 {
                    return Err(bad(format!(
                        "one_hit_percent must be at most 100, got {one_hit_percent}"
                    )));
                }
                Ok(())
            }
            Workload::Shifting {
                objects,
                skew,
                shift_every,
                shift_by,
            } => {
                check_objects(objects)?;
                check_skew(skew)?;
                if shift_every == 0 || shift_by > MAX_OBJECTS {
                    return Err(bad(format!(
                        "shift_every must be at least 1 and shift_by at most {MAX_OBJECTS}, got {shift_every} and {shift_by}"
                    )));
                }
                Ok(())
            }
        }
    }

    /// An endless stream of keys fixed by `seed`.
    pub fn requests(&self, seed: u64) -> Result<Requests, Error> {
        self.validate()?;
        let popularity = match *self {
            Workload::Zipf { objects, skew }
            | Workload::Mix { objects, skew, .. }
            | Workload::Shifting { objects, skew, .. } => Popularity::new(objects, skew),
            Workload::Uniform { objects } => Popularity::Uniform(objects),
            Workload::Scan | Workload::Loop { .. } => Popularity::Uniform(1),
        };
        Ok(Requests {
            workload: self.clone(),
            popularity,
            rng: Rng::new(seed),
            issued: 0,
            fresh: 0,
        })
    }

    /// The first `len` keys of the stream fixed by `seed`.
    pub fn generate(&self, seed: u64, len: usize) -> Result<Vec<Key>, Error> {
        if len > MAX_REQUESTS {
            return Err(bad(format!("at most {MAX_REQUESTS} requests, got {len}")));
        }
        Ok(self.requests(seed)?.take(len).collect())
    }
}

/// How the popular part of a workload picks a key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
enum Popularity {
    Uniform(u64),
    Zipf(Zipf),
}

impl Popularity {
    fn new(objects: u64, skew: f64) -> Self {
        if skew > 0.0 {
            Popularity::Zipf(Zipf::new(objects, skew))
        } else {
            Popularity::Uniform(objects)
        }
    }

    /// A key in `0..objects`, the most popular first.
    #[inline]
    fn draw(&self, rng: &mut Rng) -> Key {
        match self {
            Popularity::Uniform(n) => rng.below(*n),
            Popularity::Zipf(z) => z.sample(rng) - 1,
        }
    }
}

/// A workload's stream of keys (endless; take what you need). A plain value: clone it
/// to fork the stream, serialise it to resume later.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Requests {
    workload: Workload,
    popularity: Popularity,
    rng: Rng,
    issued: u64,
    /// Fresh keys handed out so far (scans, one-hit wonders).
    fresh: u64,
}

impl Requests {
    /// How many keys the stream has produced.
    pub fn issued(&self) -> u64 {
        self.issued
    }

    fn next_key(&mut self) -> Key {
        let i = self.issued;
        match self.workload {
            Workload::Zipf { .. } | Workload::Uniform { .. } => self.popularity.draw(&mut self.rng),
            Workload::Scan => i,
            Workload::Loop { objects } => i % objects,
            Workload::Mix {
                scan_every,
                scan_length,
                one_hit_percent,
                ..
            } => {
                if i % scan_every < scan_length {
                    self.fresh += 1;
                    SCAN_BASE + self.fresh
                } else if self.rng.below(100) < u64::from(one_hit_percent) {
                    self.fresh += 1;
                    ONE_HIT_BASE + self.fresh
                } else {
                    self.popularity.draw(&mut self.rng)
                }
            }
            Workload::Shifting {
                shift_every,
                shift_by,
                ..
            } => {
                let offset = (i / shift_every).wrapping_mul(shift_by);
                offset.wrapping_add(self.popularity.draw(&mut self.rng))
            }
        }
    }
}

impl Iterator for Requests {
    type Item = Key;

    #[inline]
    fn next(&mut self) -> Option<Key> {
        let key = self.next_key();
        self.issued += 1;
        Some(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_and_reproducible() {
        let w = Workload::Zipf {
            objects: 1000,
            skew: 0.99,
        };
        let a = w.generate(5, 1000);
        assert_eq!(a, w.generate(5, 1000));
        assert_ne!(a, w.generate(6, 1000));
        let a = a.unwrap_or_default();
        assert!(a.iter().all(|&k| k < 1000));
        // Key 0 is the most popular.
        let zeros = a.iter().filter(|&&k| k == 0).count();
        let nines = a.iter().filter(|&&k| k == 9).count();
        assert!(zeros > nines);
    }

    #[test]
    fn shapes() {
        let scan = Workload::Scan.generate(0, 5).unwrap_or_default();
        assert_eq!(scan, vec![0, 1, 2, 3, 4]);
        let lp = Workload::Loop { objects: 3 }
            .generate(0, 7)
            .unwrap_or_default();
        assert_eq!(lp, vec![0, 1, 2, 0, 1, 2, 0]);
        let mix = Workload::Mix {
            objects: 100,
            skew: 1.0,
            scan_every: 10,
            scan_length: 3,
            one_hit_percent: 50,
        };
        let keys = mix.generate(1, 100).unwrap_or_default();
        assert!(keys[..3].iter().all(|&k| k > SCAN_BASE && k < ONE_HIT_BASE));
        assert!(keys.iter().any(|&k| k > ONE_HIT_BASE));
        assert!(keys.iter().any(|&k| k < 100));
        let shifting = Workload::Shifting {
            objects: 10,
            skew: 0.0,
            shift_every: 5,
            shift_by: 100,
        };
        let keys = shifting.generate(2, 10).unwrap_or_default();
        assert!(keys[..5].iter().all(|&k| k < 10));
        assert!(keys[5..].iter().all(|&k| (100..110).contains(&k)));
    }

    #[test]
    fn bad_parameters_are_errors() {
        let cases = [
            Workload::Zipf {
                objects: 0,
                skew: 1.0,
            },
            Workload::Zipf {
                objects: 10,
                skew: f64::NAN,
            },
            Workload::Zipf {
                objects: 10,
                skew: -1.0,
            },
            Workload::Uniform {
                objects: MAX_OBJECTS + 1,
            },
            Workload::Mix {
                objects: 10,
                skew: 1.0,
                scan_every: 0,
                scan_length: 0,
                one_hit_percent: 0,
            },
            Workload::Mix {
                objects: 10,
                skew: 1.0,
                scan_every: 5,
                scan_length: 6,
                one_hit_percent: 0,
            },
            Workload::Mix {
                objects: 10,
                skew: 1.0,
                scan_every: 5,
                scan_length: 1,
                one_hit_percent: 101,
            },
            Workload::Shifting {
                objects: 10,
                skew: 1.0,
                shift_every: 0,
                shift_by: 1,
            },
        ];
        for w in cases {
            let err = w
                .generate(0, 10)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(err.starts_with("bad workload:"), "{w:?}: {err}");
        }
        assert!(Workload::Scan.generate(0, MAX_REQUESTS + 1).is_err());
    }
}
