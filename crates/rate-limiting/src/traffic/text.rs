//! Reading arrival times typed by a person or piped in: `0 5ms 1.25s, 1300` and so on.

use crate::error::ParseError;
use crate::time::{Nanos, MICROSECOND, MILLISECOND, SECOND};
use serde::{Deserialize, Serialize};

/// A time unit for numbers written without one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Unit {
    /// Nanoseconds (`ns`).
    Nanos,
    /// Microseconds (`us` or `µs`).
    Micros,
    /// Milliseconds (`ms`).
    Millis,
    /// Seconds (`s`).
    Seconds,
}

impl Unit {
    /// Nanoseconds in one of this unit.
    pub const fn scale(self) -> Nanos {
        match self {
            Unit::Nanos => 1,
            Unit::Micros => MICROSECOND,
            Unit::Millis => MILLISECOND,
            Unit::Seconds => SECOND,
        }
    }

    /// The unit with this suffix (`ns`, `us`, `µs`, `ms`, `s`).
    pub fn from_suffix(suffix: &str) -> Option<Unit> {
        match suffix {
            "ns" => Some(Unit::Nanos),
            "us" | "µs" => Some(Unit::Micros),
            "ms" => Some(Unit::Millis),
            "s" => Some(Unit::Seconds),
            _ => None,
        }
    }
}

/// Reads times separated by spaces, commas or newlines; `#` starts a comment. Each is a
/// decimal number with an optional unit suffix (`ns`, `us`, `ms`, `s`; `default` when
/// absent), parsed exactly: `1.5ms` is 1,500,000 ns. The order is kept as written.
pub fn parse_times(text: &str, default: Unit) -> Result<Vec<Nanos>, ParseError> {
    let mut out = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("");
        for token in line
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|t| !t.is_empty())
        {
            let fail = |problem: &str| ParseError {
                line: index + 1,
                token: token.to_string(),
                problem: problem.to_string(),
            };
            out.push(parse_one(token, default).map_err(fail)?);
        }
    }
    Ok(out)
}

fn parse_one(token: &str, default: Unit) -> Result<Nanos, &'static str> {
    if token.starts_with('-') {
        return Err("times cannot be negative");
    }
    let split = token
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(token.len());
    let (number, suffix) = token.split_at(split);
    let unit = if suffix.is_empty() {
        default
    } else {
        Unit::from_suffix(suffix).ok_or("unknown unit (use ns, us, ms or s)")?
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty() && fraction.is_empty() {
        return Err("not a number");
    }
    if fraction.contains('.') {
        return Err("more than one decimal point");
    }
    const TOO_LARGE: &str = "too large (the limit is about 584 years)";
    let whole: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| TOO_LARGE)?
    };
    let mut nanos = whole.checked_mul(unit.scale()).ok_or(TOO_LARGE)?;
    let mut place = unit.scale();
    for digit in fraction.bytes() {
        let d = u64::from(digit - b'0');
        if place % 10 != 0 {
            if d != 0 {
                return Err("finer than a nanosecond");
            }
            continue;
        }
        place /= 10;
        nanos = nanos.checked_add(d * place).ok_or(TOO_LARGE)?;
    }
    Ok(nanos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_units_exactly() {
        let t = parse_times("0 5ms, 1.25s\n1300 # a comment\n.5us 7ns", Unit::Millis).unwrap();
        assert_eq!(t, vec![0, 5_000_000, 1_250_000_000, 1_300_000_000, 500, 7]);
    }

    #[test]
    fn says_what_is_wrong_and_where() {
        let e = parse_times("1\n2 3xs", Unit::Millis).unwrap_err();
        assert_eq!((e.line, e.token.as_str()), (2, "3xs"));
        assert!(e.to_string().contains("unknown unit"));
        for bad in [
            "-1",
            "1.2.3",
            ".",
            "1.5ns",
            "99999999999999999999",
            "20000000000s",
            "abc",
        ] {
            assert!(parse_times(bad, Unit::Nanos).is_err(), "{bad}");
        }
        assert_eq!(
            parse_times("1.50ns", Unit::Nanos),
            Err(ParseError {
                line: 1,
                token: "1.50ns".into(),
                problem: "finer than a nanosecond".into()
            })
        );
        assert_eq!(parse_times("2.000ns", Unit::Nanos).unwrap(), vec![2]);
    }
}
