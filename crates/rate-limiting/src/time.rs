//! Virtual time: integer nanoseconds on a clock the caller drives.
//!
//! Every algorithm takes the current time as an argument ([`Nanos`]) and never reads a
//! wall clock, so a run is a pure function of its inputs: the same arrivals give the same
//! decisions, bit for bit, natively and in WebAssembly. Integers (not floats) keep every
//! comparison exact: a request arriving exactly when a token is refilled is accepted on
//! every platform.
//!
//! `u64` nanoseconds cover about 584 years; arithmetic saturates instead of overflowing, so
//! extreme configurations degrade to "never refills" rather than panicking.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::num::{NonZeroU32, NonZeroU64};

/// A point in virtual time, or a span of it, in nanoseconds since the run started.
pub type Nanos = u64;

/// Nanoseconds in a microsecond.
pub const MICROSECOND: Nanos = 1_000;
/// Nanoseconds in a millisecond.
pub const MILLISECOND: Nanos = 1_000_000;
/// Nanoseconds in a second.
pub const SECOND: Nanos = 1_000_000_000;

/// A steady rate, stored as its *emission interval*: one request every `interval` nanoseconds.
///
/// Storing the interval rather than "requests per second" is what keeps the arithmetic in
/// integers (GCRA's `T`, the leaky bucket's drain step and the token bucket's refill step
/// are all this one number). Rates that do not divide a second evenly are truncated to the
/// nanosecond, exactly as `governor`'s `Quota::per_second` does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Rate {
    /// Nanoseconds between two requests at this rate (at least 1).
    pub interval: NonZeroU64,
}

impl Rate {
    /// One request every `interval` nanoseconds.
    pub const fn every(interval: NonZeroU64) -> Self {
        Self { interval }
    }

    /// `count` requests spread evenly over `period` nanoseconds (interval truncated, at least 1 ns).
    pub fn new(count: NonZeroU32, period: NonZeroU64) -> Self {
        let interval = period.get() / u64::from(count.get());
        Self {
            interval: NonZeroU64::new(interval).unwrap_or(NonZeroU64::MIN),
        }
    }

    /// `count` requests per second.
    pub fn per_second(count: NonZeroU32) -> Self {
        Self::new(count, NonZeroU64::new(SECOND).unwrap_or(NonZeroU64::MIN))
    }

    /// The emission interval in nanoseconds.
    #[inline]
    pub const fn interval_nanos(self) -> Nanos {
        self.interval.get()
    }

    /// The rate in requests per second (for display only; decisions never use floats).
    pub fn per_second_f64(self) -> f64 {
        SECOND as f64 / self.interval.get() as f64
    }

    /// This rate divided among `n` instances: each gets one request every `n × interval`.
    pub fn split(self, n: NonZeroU32) -> Self {
        let interval = self.interval.saturating_mul(NonZeroU64::from(n));
        Self { interval }
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "1 per {}", Span(self.interval.get()))
    }
}

/// Formats a span of nanoseconds in the largest unit that keeps it readable (`1.5 ms`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span(pub Nanos);

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0;
        let (unit, scale) = if n >= SECOND {
            ("s", SECOND)
        } else if n >= MILLISECOND {
            ("ms", MILLISECOND)
        } else if n >= MICROSECOND {
            ("µs", MICROSECOND)
        } else if n == 0 {
            return f.write_str("0");
        } else {
            return write!(f, "{n} ns");
        };
        let whole = n / scale;
        let frac = n % scale;
        if frac == 0 {
            write!(f, "{whole} {unit}")
        } else {
            // Three decimals, trailing zeros trimmed: exact and platform-independent.
            let milli = frac * 1000 / scale;
            let text = format!("{whole}.{milli:03}");
            write!(
                f,
                "{} {unit}",
                text.trim_end_matches('0').trim_end_matches('.')
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_second_truncates_like_governor() {
        let r = Rate::per_second(NonZeroU32::new(3).unwrap());
        assert_eq!(r.interval_nanos(), 333_333_333);
        let r = Rate::new(
            NonZeroU32::new(u32::MAX).unwrap(),
            NonZeroU64::new(1).unwrap(),
        );
        assert_eq!(r.interval_nanos(), 1);
    }

    #[test]
    fn spans_read_well() {
        assert_eq!(Span(12).to_string(), "12 ns");
        assert_eq!(Span(0).to_string(), "0");
        assert_eq!(Span(1_500_000).to_string(), "1.5 ms");
        assert_eq!(Span(2 * SECOND).to_string(), "2 s");
        assert_eq!(Span(1_250 * MICROSECOND).to_string(), "1.25 ms");
    }

    #[test]
    fn split_multiplies_the_interval() {
        let r = Rate::every(NonZeroU64::new(10).unwrap()).split(NonZeroU32::new(4).unwrap());
        assert_eq!(r.interval_nanos(), 40);
        let huge = Rate::every(NonZeroU64::MAX).split(NonZeroU32::new(4).unwrap());
        assert_eq!(huge.interval_nanos(), u64::MAX);
    }
}
