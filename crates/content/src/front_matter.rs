//! Front matter: the TOML between `+++` lines at the very top of a page.

use crate::diagnostics::Lines;
use serde::Deserialize;

/// A page's front matter, checked.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FrontMatter {
    /// The page's title.
    pub(crate) title: String,
    /// One sentence, at most [`SUMMARY_MAX`] characters.
    pub(crate) summary: String,
    /// Optional tags.
    #[serde(default)]
    pub(crate) tags: Vec<String>,
}

/// The longest summary allowed, in characters (it is the page's meta description).
pub(crate) const SUMMARY_MAX: usize = 160;

/// A page split into its front matter and its body.
#[derive(Debug)]
pub(crate) struct Split<'a> {
    /// The front matter, or `None` when it could not be read (the errors say why).
    pub(crate) front: Option<FrontMatter>,
    /// The Markdown after the closing `+++`.
    pub(crate) body: &'a str,
    /// The file line of the body's first line.
    pub(crate) body_line: usize,
}

/// Split `text` and check its front matter; errors are `(line, message)` pairs.
pub(crate) fn split<'a>(text: &'a str, errs: &mut Vec<(usize, String)>) -> Split<'a> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "+++" {
        errs.push((1, "a page must start with TOML front matter between `+++` lines (with `title` and `summary`)".into()));
        return Split {
            front: None,
            body: text,
            body_line: 1,
        };
    }
    let toml_start = first.len();
    let mut offset = toml_start;
    let mut line = 1;
    for l in lines {
        line += 1;
        if l.trim_end() == "+++" {
            let toml_src = &text[toml_start..offset];
            let body = &text[offset + l.len()..];
            let front = parse(toml_src, errs);
            return Split {
                front,
                body,
                body_line: line + 1,
            };
        }
        offset += l.len();
    }
    errs.push((
        1,
        "the front matter is not closed: add a `+++` line after it".into(),
    ));
    Split {
        front: None,
        body: "",
        body_line: line + 1,
    }
}

fn parse(src: &str, errs: &mut Vec<(usize, String)>) -> Option<FrontMatter> {
    let lines = Lines::new(src, 2);
    let front: FrontMatter = match toml::from_str(src) {
        Ok(f) => f,
        Err(e) => {
            let line = e.span().map_or(2, |s| lines.line(s.start));
            errs.push((line, format!("front matter: {}", e.message().trim_end())));
            return None;
        }
    };
    let before = errs.len();
    if front.title.trim().is_empty() {
        errs.push((2, "front matter: `title` is empty".into()));
    }
    if let Err(msg) = check_summary(&front.summary) {
        let line = src
            .lines()
            .position(|l| l.trim_start().starts_with("summary"))
            .map_or(2, |i| i + 2);
        errs.push((line, format!("front matter: `summary` {msg}")));
    }
    if front.tags.iter().any(|t| t.trim().is_empty()) {
        errs.push((2, "front matter: a tag is empty".into()));
    }
    (errs.len() == before).then_some(front)
}

/// A summary is one non-empty sentence of at most [`SUMMARY_MAX`] characters.
fn check_summary(s: &str) -> Result<(), String> {
    let n = s.chars().count();
    if s.trim().is_empty() {
        return Err("is empty: write one sentence saying what the page teaches".into());
    }
    if n > SUMMARY_MAX {
        return Err(format!(
            "is {n} characters long; the limit is {SUMMARY_MAX}"
        ));
    }
    if s.contains('\n') {
        return Err("must be one line".into());
    }
    // A second sentence: `.`, `?` or `!`, a space, then a capital letter, unless the
    // word before is an abbreviation (`e.g.`, `vs.`) or an initial.
    let chars: Vec<char> = s.chars().collect();
    for i in 0..chars.len().saturating_sub(2) {
        if matches!(chars[i], '.' | '?' | '!') && chars[i + 1] == ' ' && chars[i + 2].is_uppercase()
        {
            let word: String = chars[..i]
                .iter()
                .rev()
                .take_while(|c| !c.is_whitespace())
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            let abbrev = [
                "e.g", "i.e", "vs", "etc", "cf", "approx", "incl", "Dr", "Mr", "Ms", "St",
            ];
            if chars[i] == '.'
                && (word.chars().count() <= 1
                    || abbrev.contains(&word.to_lowercase().as_str())
                    || abbrev.contains(&word.as_str()))
            {
                continue;
            }
            return Err("must be one sentence (it is used as the meta description)".into());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (Option<FrontMatter>, usize, Vec<(usize, String)>) {
        let mut errs = Vec::new();
        let s = split(text, &mut errs);
        (s.front, s.body_line, errs)
    }

    #[test]
    fn reads_title_summary_tags_and_body_line() {
        let (f, body_line, errs) =
            run("+++\ntitle = \"T\"\nsummary = \"One thing.\"\ntags = [\"a\"]\n+++\nbody\n");
        assert!(errs.is_empty(), "{errs:?}");
        let f = f.unwrap();
        assert_eq!((f.title.as_str(), f.tags.len()), ("T", 1));
        assert_eq!(body_line, 6);
    }

    #[test]
    fn errors_carry_lines() {
        let (_, _, errs) = run("+++\ntitle = \"T\"\nsummary = \"x\"\ncolour = 1\n+++\n");
        assert_eq!(errs[0].0, 4, "{errs:?}");
        assert!(errs[0].1.contains("unknown field `colour`"), "{errs:?}");
        let (_, _, errs) = run("+++\ntitle = \"T\"\n+++\n");
        assert!(errs[0].1.contains("missing field `summary`"), "{errs:?}");
        let (_, _, errs) = run("no front matter\n");
        assert_eq!(errs[0].0, 1);
        let (_, _, errs) = run("+++\ntitle = \"T\"\n");
        assert!(errs[0].1.contains("not closed"));
    }

    #[test]
    fn summaries_are_one_short_sentence() {
        assert!(check_summary("How a cache picks what to drop, e.g. LRU vs. LFU.").is_ok());
        assert!(check_summary("One. Two.").is_err());
        assert!(check_summary(&"a".repeat(161)).is_err());
        assert!(check_summary(" ").is_err());
    }
}
