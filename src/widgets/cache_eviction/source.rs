//! Where the requests come from: a seeded workload of `cache-policies`, the keys held in
//! the parameters, or a trace the reader pasted or uploaded (parsed here, in the
//! browser; nothing is sent anywhere). Also how a key is written on screen.

use cache_policies::trace::{key_from_text, parse_trace, TraceFormat};
use cache_policies::workload::Workload;
use cache_policies::{Capacity, Key, PolicyKind};
use std::collections::HashMap;
use std::sync::Arc;
use widget_params::cache_eviction::{CacheEvictionParams, MAX_KEY_CHARS, MAX_TRACE_KEYS};

/// Where `Mix`'s scan keys start (the crate's constant, repeated to name keys on screen).
const SCAN_BASE: Key = 1 << 40;
/// Where `Mix`'s one-hit-wonder keys start.
const ONE_HIT_BASE: Key = 1 << 48;

/// A trace the reader pasted or uploaded, kept outside the parameters when it is too
/// long for a link.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct LoadedTrace {
    /// Where it came from ("pasted", or the file's name), for messages.
    pub(super) origin: String,
    /// The keys.
    pub(super) keys: Arc<[Key]>,
    /// How to write keys that were text (hashed) rather than numbers.
    pub(super) names: Arc<HashMap<Key, String>>,
}

/// The result of reading a pasted or uploaded trace.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Read {
    /// Short and simple enough to live in the parameters (and the link): the key texts.
    InParams(Vec<String>),
    /// Too long (or CSV): kept in memory only.
    Loaded(LoadedTrace),
}

/// Parses a trace's text (one key per line, or CSV with a `key` column).
pub(super) fn read_trace(text: &str, origin: &str) -> Result<Read, String> {
    let keys = parse_trace(text, &TraceFormat::Auto).map_err(|e| e.to_string())?;
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let csv = lines.first().is_some_and(|l| l.contains(','));
    if !csv
        && lines.len() <= MAX_TRACE_KEYS
        && lines.iter().all(|l| l.chars().count() <= MAX_KEY_CHARS)
    {
        return Ok(Read::InParams(
            lines.iter().map(|l| l.to_string()).collect(),
        ));
    }
    let mut names = HashMap::new();
    if !csv && lines.len() <= 20_000 {
        for line in lines {
            let key = key_from_text(line);
            if line.parse::<u64>().is_err() {
                names.entry(key).or_insert_with(|| shorten(line));
            }
        }
    }
    Ok(Read::Loaded(LoadedTrace {
        origin: origin.to_string(),
        keys: keys.into(),
        names: Arc::new(names),
    }))
}

/// At most 10 characters of a key's text, with an ellipsis when cut.
fn shorten(text: &str) -> String {
    if text.chars().count() <= 10 {
        text.to_string()
    } else {
        let head: String = text.chars().take(9).collect();
        format!("{head}…")
    }
}

/// The requests of one configuration, and how to name their keys.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Requests {
    /// The keys, in order.
    pub(super) keys: Arc<[Key]>,
    /// Names of keys that were text.
    pub(super) names: Arc<HashMap<Key, String>>,
}

impl Requests {
    /// How key `key` is written on screen: its number, its text, `s7` for the 7th
    /// scan key of a mix, `o7` for the 7th one-hit wonder.
    pub(super) fn label(&self, key: Key) -> String {
        if let Some(name) = self.names.get(&key) {
            return name.clone();
        }
        label(key)
    }
}

/// How a key with no text name is written.
pub(super) fn label(key: Key) -> String {
    if key >= ONE_HIT_BASE {
        format!("o{}", key - ONE_HIT_BASE)
    } else if key >= SCAN_BASE {
        format!("s{}", key - SCAN_BASE)
    } else if key >= 1 << 32 {
        // A hashed text key with no name at hand: its first four hex digits.
        format!("#{:04x}", key >> 48)
    } else {
        key.to_string()
    }
}

/// The workload the parameters describe (`None` for `trace`).
pub(super) fn workload(p: &CacheEvictionParams) -> Option<Workload> {
    let objects = p.objects;
    Some(match p.workload.as_str() {
        "zipf" => Workload::Zipf {
            objects,
            skew: p.skew,
        },
        "uniform" => Workload::Uniform { objects },
        "scan" => Workload::Scan,
        "loop" => Workload::Loop { objects },
        "mix" => Workload::Mix {
            objects,
            skew: p.skew,
            scan_every: u64::from(p.scan_every),
            scan_length: u64::from(p.scan_length),
            one_hit_percent: p.one_hit,
        },
        "shifting" => Workload::Shifting {
            objects,
            skew: p.skew,
            shift_every: u64::from(p.shift_every),
            shift_by: u64::from(p.shift_by),
        },
        _ => return None,
    })
}

/// The requests of `p`: its workload's, its trace keys, or `loaded` (the trace the
/// reader gave, which the parameters cannot hold).
pub(super) fn requests(
    p: &CacheEvictionParams,
    loaded: Option<&LoadedTrace>,
) -> Result<Requests, String> {
    if let Some(w) = workload(p) {
        let keys = w
            .generate(p.seed, p.requests as usize)
            .map_err(|e| e.to_string())?;
        return Ok(Requests {
            keys: keys.into(),
            names: Arc::default(),
        });
    }
    if !p.trace.is_empty() {
        let mut names = HashMap::new();
        let keys: Vec<Key> = p
            .trace
            .iter()
            .map(|t| {
                let key = key_from_text(t);
                if t.parse::<u64>().is_err() {
                    names.insert(key, shorten(t));
                }
                key
            })
            .collect();
        return Ok(Requests {
            keys: keys.into(),
            names: Arc::new(names),
        });
    }
    match loaded {
        Some(t) => Ok(Requests {
            keys: t.keys.clone(),
            names: t.names.clone(),
        }),
        None => Err(
            "there is no trace: paste keys or upload a file (an uploaded trace is not part of a shared link)"
                .into(),
        ),
    }
}

/// The policies the parameters name, in the crate's display order.
pub(super) fn kinds(p: &CacheEvictionParams) -> Vec<PolicyKind> {
    PolicyKind::ALL
        .into_iter()
        .filter(|k| p.policies.iter().any(|n| n == k.name()))
        .collect()
}

/// The capacity of `p`, or a message.
pub(super) fn capacity(p: &CacheEvictionParams) -> Result<Capacity, String> {
    Capacity::new(p.capacity).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_line_traces_fit_in_the_parameters() {
        assert_eq!(
            read_trace("1\n2\n# no\n/a\n", "pasted"),
            Ok(Read::InParams(vec!["1".into(), "2".into(), "/a".into()]))
        );
        let csv = read_trace("time,key\n1,a\n2,b\n3,a\n", "t.csv");
        let Ok(Read::Loaded(t)) = csv else {
            panic!("{csv:?}")
        };
        assert_eq!(t.keys.len(), 3);
        assert_eq!(t.keys[0], t.keys[2]);
        let long: String = (0..600).map(|i| format!("k{i}\n")).collect();
        let Ok(Read::Loaded(t)) = read_trace(&long, "big.txt") else {
            panic!("a long trace is loaded, not put in the link")
        };
        assert_eq!(t.keys.len(), 600);
        assert_eq!(
            t.names.get(&key_from_text("k5")).map(String::as_str),
            Some("k5")
        );
        let err = read_trace("a,b\n1,2\n", "x").unwrap_err();
        assert!(
            err.contains("line 1") && err.contains("no column named"),
            "{err}"
        );
        assert!(read_trace("", "x").unwrap_err().contains("no keys"));
    }

    #[test]
    fn keys_have_readable_names() {
        assert_eq!(label(7), "7");
        assert_eq!(label(SCAN_BASE + 3), "s3");
        assert_eq!(label(ONE_HIT_BASE + 12), "o12");
        let p = CacheEvictionParams {
            workload: "trace".into(),
            trace: vec!["x".into(), "12".into(), "a-very-long-key-name".into()],
            ..CacheEvictionParams::default()
        };
        let r = requests(&p, None).unwrap();
        assert_eq!(r.keys.len(), 3);
        assert_eq!(r.label(r.keys[0]), "x");
        assert_eq!(r.label(r.keys[1]), "12");
        assert_eq!(r.label(r.keys[2]), "a-very-lo…");
        let empty = CacheEvictionParams {
            workload: "trace".into(),
            ..CacheEvictionParams::default()
        };
        assert!(requests(&empty, None).unwrap_err().contains("paste keys"));
    }

    #[test]
    fn generated_workloads_follow_the_parameters() {
        let p = CacheEvictionParams::default();
        let r = requests(&p, None).unwrap();
        assert_eq!(r.keys.len(), 200);
        assert!(r.keys.iter().all(|&k| k < 40));
        assert_eq!(requests(&p, None).unwrap(), r, "seeded");
        assert_eq!(
            kinds(&p),
            vec![
                PolicyKind::Fifo,
                PolicyKind::Lru,
                PolicyKind::Sieve,
                PolicyKind::S3Fifo,
                PolicyKind::Belady
            ]
        );
    }
}
