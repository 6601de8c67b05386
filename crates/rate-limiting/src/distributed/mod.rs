//! Distributed mode: several limiter instances behind a load balancer, and what goes wrong.
//!
//! A service with `N` instances wants one global limit. Two common designs, both here:
//!
//! - **Split** ([`Sharing::Split`]): each instance runs its own limiter with `1/N` of the
//!   limit (and rate). No coordination, but it is only right if the balancer spreads each
//!   client's traffic evenly: with sticky routing ([`Balancer::ByClient`]) or unlucky random
//!   routing, one instance rejects while others sit idle, so the cluster admits *less* than
//!   the limit; and a burst that is spread across instances is admitted `N` times over.
//! - **Shared** ([`Sharing::Shared`]): all instances count into one fixed-window counter
//!   (the Redis `INCR` pattern), but each sees the others' increments only after
//!   `sync_delay` (replication lag, batching, a local cache). Within that delay every
//!   instance may admit up to the limit on its own, so the cluster admits up to `N ×` the
//!   limit in a window: the *overshoot*, which grows with the delay and with `N`.
//!
//! The simulation is deterministic: the balancer's random choices come from a seed, and the
//! synchronisation is modelled exactly (an instance sees another's admission at time `t`
//! from `t + sync_delay` on). See Kleppmann, *Designing Data-Intensive Applications*
//! (O'Reilly, 2017), chapter 5 on replication lag, and the Cloudflare and Stripe write-ups
//! on distributed rate limiting, for why real systems accept some overshoot.

mod cluster;

pub use cluster::{Cluster, ClusterDecision, ClusterRun};

use crate::algorithm::AlgorithmConfig;
use crate::time::Nanos;
use serde::{Deserialize, Serialize};
use std::num::{NonZeroU32, NonZeroU64};

/// How the load balancer picks an instance for each request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Balancer {
    /// Instances in turn: 0, 1, …, N − 1, 0, …
    RoundRobin,
    /// A uniformly random instance, from this seed.
    Random {
        /// The seed of the balancer's generator.
        seed: u64,
    },
    /// Sticky: client `c` always goes to instance `c mod N`.
    ByClient,
}

/// How the instances share the limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sharing {
    /// Each instance runs `config` split `N` ways ([`AlgorithmConfig::split`]).
    Split {
        /// The global limit, before splitting.
        config: AlgorithmConfig,
    },
    /// One fixed-window counter shared by all, whose updates reach other instances late.
    Shared {
        /// Requests allowed per window, cluster-wide.
        limit: NonZeroU32,
        /// The window length.
        window: NonZeroU64,
        /// How long an instance's admission takes to reach the others (0: a perfect counter).
        sync_delay: Nanos,
    },
}

/// A cluster's configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ClusterConfig {
    /// How many limiter instances.
    pub instances: NonZeroU32,
    /// How requests are routed to them.
    pub balancer: Balancer,
    /// How they share the limit.
    pub sharing: Sharing,
}
