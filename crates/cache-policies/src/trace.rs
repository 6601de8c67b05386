//! User traces: one key per line, or CSV with a key column.
//!
//! Blank lines and lines starting with `#` are skipped; surrounding whitespace is
//! trimmed. A key that is a decimal number fits a `u64` and is used as it is; any other
//! text (a URL, a hex id) is mapped to a number by the 64-bit FNV-1a hash of its bytes,
//! which is stable everywhere (two different texts colliding is a 1-in-2^64 event per
//! pair). CSV input needs a header row naming its columns; the key column is the one
//! named `key` unless another name is given. Fields may be double-quoted (`""` inside
//! quotes is a quote). Every problem is an [`Error::BadTrace`] with its line number.

use crate::policy::{Error, Key};
use crate::workload::MAX_REQUESTS;
use serde::{Deserialize, Serialize};

/// How to read a trace.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "format", rename_all = "kebab-case")]
pub enum TraceFormat {
    /// CSV if the first line has a comma, else one key per line.
    #[default]
    Auto,
    /// One key per line.
    Lines,
    /// CSV with a header; the key column is `column`, or `key` if `None`.
    Csv {
        /// The key column's name (case-insensitive).
        column: Option<String>,
    },
}

/// The default name of the key column.
pub const DEFAULT_KEY_COLUMN: &str = "key";

fn bad(line: usize, message: impl Into<String>) -> Error {
    Error::BadTrace {
        line,
        message: message.into(),
    }
}

/// The number for a key's text: itself if decimal, else its FNV-1a hash.
pub fn key_from_text(text: &str) -> Key {
    text.parse::<u64>()
        .unwrap_or_else(|_| fnv1a(text.as_bytes()))
}

/// 64-bit FNV-1a (Fowler, Noll and Vo).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xCBF2_9CE4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3)
    })
}

/// Parses a trace into keys.
pub fn parse_trace(text: &str, format: &TraceFormat) -> Result<Vec<Key>, Error> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
        .peekable();
    let format = match format {
        TraceFormat::Auto => match lines.peek() {
            Some((_, first)) if first.contains(',') => TraceFormat::Csv { column: None },
            _ => TraceFormat::Lines,
        },
        other => other.clone(),
    };
    let mut keys = Vec::new();
    let push = |line: usize, key: Key, keys: &mut Vec<Key>| {
        if keys.len() >= MAX_REQUESTS {
            return Err(bad(
                line,
                format!("too many requests: at most {MAX_REQUESTS}"),
            ));
        }
        keys.push(key);
        Ok(())
    };
    match format {
        TraceFormat::Csv { column } => {
            let wanted = column.as_deref().unwrap_or(DEFAULT_KEY_COLUMN).trim();
            let Some((header_line, header)) = lines.next() else {
                return Err(bad(0, "the trace is empty: expected a CSV header and rows"));
            };
            let names = split_csv(header).map_err(|m| bad(header_line, m))?;
            let Some(index) = names
                .iter()
                .position(|n| n.trim().eq_ignore_ascii_case(wanted))
            else {
                return Err(bad(
                    header_line,
                    format!(
                        "no column named {wanted:?} in the header (columns: {})",
                        names.join(", ")
                    ),
                ));
            };
            for (line, row) in lines {
                let fields = split_csv(row).map_err(|m| bad(line, m))?;
                let Some(field) = fields.get(index).map(|f| f.trim()) else {
                    return Err(bad(
                        line,
                        format!(
                            "{} fields, but the key is column {}",
                            fields.len(),
                            index + 1
                        ),
                    ));
                };
                if field.is_empty() {
                    return Err(bad(line, "the key field is empty"));
                }
                push(line, key_from_text(field), &mut keys)?;
            }
        }
        _ => {
            for (line, text) in lines {
                push(line, key_from_text(text), &mut keys)?;
            }
        }
    }
    if keys.is_empty() {
        return Err(bad(0, "no requests: the trace has no keys"));
    }
    Ok(keys)
}

/// Splits one CSV line into fields, honouring double quotes.
fn split_csv(line: &str) -> Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', false) if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', true) => quoted = false,
            (',', false) => fields.push(std::mem::take(&mut field)),
            (c, _) => field.push(c),
        }
    }
    if quoted {
        return Err("a quoted field is not closed".into());
    }
    fields.push(field);
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_numbers_and_text() {
        let keys = parse_trace(
            "# a comment\n1\n\n 2 \n/index.html\n1\n",
            &TraceFormat::Auto,
        );
        let keys = keys.unwrap_or_default();
        assert_eq!(keys.len(), 4);
        assert_eq!(&keys[..2], &[1, 2]);
        assert_eq!(keys[2], key_from_text("/index.html"));
        assert_ne!(keys[2], key_from_text("/index.htm"));
    }

    #[test]
    fn csv_with_a_key_column() {
        let text = "time,Key,size\n1,10,5\n2,\"a,b\",7\n3,10,5\n";
        let keys = parse_trace(text, &TraceFormat::Auto).unwrap_or_default();
        assert_eq!(keys, vec![10, key_from_text("a,b"), 10]);
        let by_name = parse_trace(
            text,
            &TraceFormat::Csv {
                column: Some("size".into()),
            },
        );
        assert_eq!(by_name, Ok(vec![5, 7, 5]));
    }

    #[test]
    fn clear_errors() {
        let err = |t: &str, f: TraceFormat| parse_trace(t, &f).err().map(|e| e.to_string());
        assert_eq!(
            err("", TraceFormat::Auto).as_deref(),
            Some("bad trace: no requests: the trace has no keys")
        );
        let e = err("a,b\n1,2\n", TraceFormat::Auto).unwrap_or_default();
        assert!(
            e.contains("line 1") && e.contains("no column named \"key\"") && e.contains("a, b"),
            "{e}"
        );
        let e = err(
            "key,b\n1,2\n3\n",
            TraceFormat::Csv {
                column: Some("b".into()),
            },
        )
        .unwrap_or_default();
        assert!(e.contains("line 3"), "{e}");
        let e = err("key\n\"1\n", TraceFormat::Csv { column: None }).unwrap_or_default();
        assert!(e.contains("line 2: a quoted field is not closed"), "{e}");
        let e = err("x,key\n1,\n", TraceFormat::Auto).unwrap_or_default();
        assert!(e.contains("line 2: the key field is empty"), "{e}");
    }
}
