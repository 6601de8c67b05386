//! The timeline and the step-by-step simulation: same decisions, rewind, hand-sent requests,
//! and the memory target for a 10,000-request timeline.

use rate_limiting::*;
use std::num::{NonZeroU32, NonZeroU64};

fn params() -> CommonParams {
    CommonParams {
        limit: NonZeroU32::new(10).unwrap(),
        window: NonZeroU64::new(SECOND).unwrap(),
        burst: NonZeroU32::new(5).unwrap(),
    }
}

/// 10,000 requests over 60 s: steady background plus bursts.
fn traffic() -> Vec<Arrival> {
    let steady = Source {
        pattern: Pattern::Poisson {
            mean_interval: NonZeroU64::new(6 * MILLISECOND).unwrap(),
        },
        client: 0,
        start: 0,
        end: 60 * SECOND,
    };
    let bursts = Source {
        pattern: Pattern::Bursts {
            size: NonZeroU32::new(40).unwrap(),
            every: NonZeroU64::new(3 * SECOND).unwrap(),
            spacing: MILLISECOND,
        },
        client: 1,
        start: 0,
        end: 60 * SECOND,
    };
    Traffic {
        sources: vec![steady, bursts],
        seed: 3,
        max_requests: 10_000,
    }
    .arrivals()
}

#[test]
fn stepping_gives_the_timeline_decisions() {
    let arrivals = traffic();
    let timeline = Timeline::run(&params().all(), arrivals.clone(), SECOND);
    let mut sim = Simulation::new(params().all(), arrivals);
    let mut index = 0;
    while let Some(step) = sim.step() {
        assert_eq!(step.index, index);
        for (row, d) in timeline.rows.iter().zip(&step.decisions) {
            assert_eq!(row.decisions[index], *d);
        }
        index += 1;
    }
    assert_eq!(index, timeline.arrivals.len());
}

#[test]
fn summaries_tell_the_algorithms_apart() {
    let timeline = Timeline::run(&params().all(), traffic(), SECOND);
    let by_kind = |k: AlgorithmKind| {
        timeline
            .rows
            .iter()
            .find(|r| r.config.kind() == k)
            .unwrap()
            .summary
    };
    let bucket = by_kind(AlgorithmKind::TokenBucket);
    assert_eq!(bucket.admitted(), by_kind(AlgorithmKind::Gcra).admitted());
    assert_eq!(
        bucket.admitted(),
        by_kind(AlgorithmKind::LeakyMeter).admitted()
    );
    assert!(by_kind(AlgorithmKind::SlidingLog).largest_burst <= 10);
    assert!(by_kind(AlgorithmKind::FixedWindow).largest_burst <= 20);
    let queue = by_kind(AlgorithmKind::LeakyQueue);
    assert!(queue.delayed > 0 && queue.max_delay <= 5 * 100 * MILLISECOND);
    for row in &timeline.rows {
        assert_eq!(row.summary.requests as usize, timeline.arrivals.len());
        assert!(row.summary.admitted_share() < 1.0);
    }
}

#[test]
fn rewind_replays_to_the_same_state() {
    let mut sim = Simulation::new(params().all(), traffic());
    sim.rewind(6_000);
    let at_6000 = sim.clone();
    sim.rewind(9_000);
    sim.rewind(6_000);
    assert_eq!(sim, at_6000);
    let json = serde_json::to_string(&sim).unwrap();
    assert_eq!(serde_json::from_str::<Simulation>(&json).unwrap(), at_6000);
}

#[test]
fn requests_sent_by_hand_join_in_time_order() {
    let mut sim = Simulation::new(
        params().all(),
        vec![Arrival { at: 10, client: 0 }, Arrival { at: 30, client: 0 }],
    );
    sim.step();
    assert_eq!(
        sim.send(Arrival { at: 5, client: 9 }),
        Err(OutOfOrder { at: 5, latest: 10 })
    );
    sim.send(Arrival { at: 20, client: 9 }).unwrap();
    assert_eq!(sim.step().unwrap().arrival, Arrival { at: 20, client: 9 });
    assert_eq!(sim.step().unwrap().arrival.at, 30);
    assert!(sim.step().is_none());
    assert_eq!(sim.now(), 30);
}

#[test]
fn state_samples_draw_tokens_over_time() {
    let arrivals: Vec<Arrival> = (0..5).map(|_| Arrival { at: 0, client: 0 }).collect();
    let times = [0, 100 * MILLISECOND, 250 * MILLISECOND];
    let samples = Timeline::sample_states(
        params().config(AlgorithmKind::TokenBucket),
        &arrivals,
        &times,
    );
    let tokens: Vec<f64> = samples.iter().map(StateView::level).collect();
    assert_eq!(tokens, vec![0.0, 1.0, 2.5]);
}

#[test]
fn a_10k_request_timeline_stays_under_16_mb() {
    let timeline = Timeline::run(&params().all(), traffic(), SECOND);
    let n = timeline.arrivals.len();
    assert_eq!(n, 10_000);
    let bytes = n * std::mem::size_of::<Arrival>()
        + timeline.rows.len() * (std::mem::size_of::<Row>() + n * std::mem::size_of::<Decision>());
    assert!(bytes < 16 * 1024 * 1024, "{bytes} bytes");
    // The figure quoted in the README.
    println!("10,000-request timeline, all 7 algorithms: {bytes} bytes");
}

/// A fingerprint of a whole run, pinned: the same seed must give the same arrivals and the
/// same decisions on every platform (run this test under WebAssembly to check the claim).
#[test]
fn a_seeded_run_is_bit_for_bit_stable() {
    let timeline = Timeline::run(&params().all(), traffic(), SECOND);
    // FNV-1a over the JSON form: platform-independent.
    let json = serde_json::to_string(&timeline).unwrap();
    let hash = json.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    println!("fingerprint {hash:#018x}, {} bytes of JSON", json.len());
    assert_eq!(hash, GOLDEN);
}

const GOLDEN: u64 = 0x6b81_91d2_4760_bea2;
