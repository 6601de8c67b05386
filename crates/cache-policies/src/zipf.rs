//! Zipf-distributed ranks by rejection-inversion, in O(1) memory and expected time.
//!
//! Hörmann and Derflinger, "Rejection-inversion to generate variates from monotone
//! discrete distributions", ACM TOMACS 6(3), 1996; the formulation follows Apache
//! Commons RNG's `RejectionInversionZipfSampler`. Rank `k` in `1..=n` has probability
//! proportional to `k^-s`. The sampler inverts the integral of the continuous density
//! `x^-s`, rounds to the nearest rank and accepts or retries (rarely).
//!
//! All transcendental functions come from the pure-Rust `libm` crate, not the platform's
//! maths library, so a seed gives the same ranks natively and in WebAssembly.

use crate::rng::Rng;
use libm::{exp, expm1, log, log1p};
use serde::{Deserialize, Serialize};

/// A Zipf sampler over ranks `1..=n` with exponent `s > 0`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Zipf {
    n: f64,
    s: f64,
    h_integral_x1: f64,
    h_integral_n: f64,
    threshold: f64,
}

impl Zipf {
    /// A sampler; the caller ensures `n ≥ 1` and `s > 0` finite.
    pub(crate) fn new(n: u64, s: f64) -> Self {
        let n = n as f64;
        let h_integral_x1 = h_integral(1.5, s) - 1.0;
        let h_integral_n = h_integral(n + 0.5, s);
        let threshold = 2.0 - h_integral_inverse(h_integral(2.5, s) - h(2.0, s), s);
        Self {
            n,
            s,
            h_integral_x1,
            h_integral_n,
            threshold,
        }
    }

    /// A rank in `1..=n`.
    pub(crate) fn sample(&self, rng: &mut Rng) -> u64 {
        loop {
            let u = self.h_integral_n + rng.unit_f64() * (self.h_integral_x1 - self.h_integral_n);
            let x = h_integral_inverse(u, self.s);
            let k = (x + 0.5).floor().clamp(1.0, self.n);
            if k - x <= self.threshold || u >= h_integral(k + 0.5, self.s) - h(k, self.s) {
                return k as u64;
            }
        }
    }
}

/// `x^-s`.
fn h(x: f64, s: f64) -> f64 {
    exp(-s * log(x))
}

/// The integral of `h` from 1 to `x`: `(x^(1-s) - 1) / (1 - s)`, or `ln x` at `s = 1`.
fn h_integral(x: f64, s: f64) -> f64 {
    let log_x = log(x);
    helper2((1.0 - s) * log_x) * log_x
}

/// The inverse of [`h_integral`].
fn h_integral_inverse(x: f64, s: f64) -> f64 {
    let t = (x * (1.0 - s)).max(-1.0);
    exp(helper1(t) * x)
}

/// `ln(1 + x) / x`, accurate near 0.
fn helper1(x: f64) -> f64 {
    if x.abs() > 1e-8 {
        log1p(x) / x
    } else {
        1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x))
    }
}

/// `(e^x - 1) / x`, accurate near 0.
fn helper2(x: f64) -> f64 {
    if x.abs() > 1e-8 {
        expm1(x) / x
    } else {
        1.0 + x * 0.5 * (1.0 + x * (1.0 / 3.0) * (1.0 + 0.25 * x))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frequencies_follow_the_power_law() {
        let n = 100u64;
        for s in [0.5, 0.99, 1.0, 1.5] {
            let z = Zipf::new(n, s);
            let mut rng = Rng::new(11);
            let mut counts = vec![0u32; n as usize + 1];
            let draws = 200_000;
            for _ in 0..draws {
                let k = z.sample(&mut rng);
                assert!((1..=n).contains(&k));
                counts[k as usize] += 1;
            }
            let norm: f64 = (1..=n).map(|k| (k as f64).powf(-s)).sum();
            for k in [1usize, 2, 10] {
                let expected = draws as f64 * (k as f64).powf(-s) / norm;
                let got = f64::from(counts[k]);
                assert!(
                    (got - expected).abs() < 0.05 * expected + 30.0,
                    "s={s} k={k}"
                );
            }
        }
    }
}
