//! Numbers for SVG path data, written fast.
//!
//! A drawing rebuilt on every change writes thousands of coordinates, and Rust's
//! fixed-precision float formatting (`{:.1}`) is slow in WebAssembly: in the rate
//! limiter it was a third of a redraw's script time. [`Tenths`] rounds to one decimal
//! and writes whole numbers, which is all a coordinate in a drawing needs.

use std::fmt;

/// `f64` written to one decimal, without a trailing `.0` (`12.5`, `3`, `-0.4`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tenths(pub(crate) f64);

impl Tenths {
    /// Appends the number to `out`. Cheaper than `write!` with [`fmt::Display`], which
    /// goes through the formatting machinery for every coordinate: the hot loops that
    /// build path data call this directly.
    pub(crate) fn push_to(self, out: &mut String) {
        let mut buf = [0u8; 24];
        out.push_str(self.digits(&mut buf));
    }

    /// The text, written from the end of `buf` (20 digits, a point, a tenth and a sign
    /// fit in 23 bytes).
    fn digits(self, buf: &mut [u8; 24]) -> &str {
        let scaled = (self.0 * 10.0).round();
        // Coordinates are finite and far inside i64; anything else draws at 0.
        let tenths = if scaled.is_finite() && scaled.abs() < 1e17 {
            scaled as i64
        } else {
            0
        };
        let (mut whole, tenth) = (tenths.unsigned_abs() / 10, tenths.unsigned_abs() % 10);
        let mut at = buf.len();
        let mut put = |byte: u8| {
            at -= 1;
            if let Some(b) = buf.get_mut(at) {
                *b = byte;
            }
        };
        if tenth != 0 {
            put(b'0' + tenth as u8);
            put(b'.');
        }
        loop {
            put(b'0' + (whole % 10) as u8);
            whole /= 10;
            if whole == 0 {
                break;
            }
        }
        if tenths < 0 {
            put(b'-');
        }
        // Only ASCII digits, '.' and '-' were written.
        std::str::from_utf8(buf.get(at..).unwrap_or_default()).unwrap_or("0")
    }
}

impl fmt::Display for Tenths {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; 24];
        f.write_str(self.digits(&mut buf))
    }
}

#[cfg(test)]
mod tests {
    use super::Tenths;

    #[test]
    fn writes_one_decimal_without_a_trailing_zero() {
        let cases = [
            (12.5, "12.5"),
            (3.0, "3"),
            (2.96, "3"),
            (-0.44, "-0.4"),
            (-0.04, "0"),
            (1000.0, "1000"),
            (f64::NAN, "0"),
            (-1234.56, "-1234.6"),
            (0.0, "0"),
        ];
        for (v, text) in cases {
            assert_eq!(Tenths(v).to_string(), text, "{v}");
            let mut pushed = String::from("M");
            Tenths(v).push_to(&mut pushed);
            assert_eq!(pushed, format!("M{text}"), "{v}");
        }
    }

    #[test]
    fn reads_back_within_a_twentieth() {
        // A spread of values, fractions and signs (a fixed LCG: reproducible).
        let mut x: u64 = 42;
        for _ in 0..10_000 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let v = (x >> 11) as f64 / (1u64 << 53) as f64 * 2.0e6 - 1.0e6;
            let back: f64 = Tenths(v).to_string().parse().unwrap();
            assert!((back - v).abs() <= 0.05 + 1e-9, "{v} -> {back}");
        }
    }
}
