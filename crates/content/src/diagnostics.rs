//! Errors found in the sources, each with the file and line an author must fix.

use std::fmt;
use std::path::PathBuf;

/// One problem in the sources: where it is and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The file, as the root was given plus the file's path in it (`content/a/b.md`).
    pub file: PathBuf,
    /// The 1-based line in that file (0 when the problem is the whole file).
    pub line: usize,
    /// What is wrong, in words an author can act on.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic at `file:line`.
    pub fn new(file: impl Into<PathBuf>, line: usize, message: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
    }
}

impl std::error::Error for Diagnostic {}

/// Sort by file, then line (keeping the order found within a line), and drop exact
/// duplicates.
pub(crate) fn sort(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    diags.dedup();
}

/// Maps byte offsets in a text to 1-based file lines.
#[derive(Clone, Debug)]
pub(crate) enum Lines {
    /// Offsets index into a text whose first line is file line `first`.
    Text {
        /// Byte offset where each line starts.
        starts: Vec<usize>,
        /// The file line of the text's first line.
        first: usize,
    },
    /// Every offset maps to the same line (text taken out of a TOML string).
    Fixed(usize),
}

impl Lines {
    /// Lines of `text`, whose first line is line `first` of its file.
    pub(crate) fn new(text: &str, first: usize) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines::Text { starts, first }
    }

    /// The file line of byte `offset`.
    pub(crate) fn line(&self, offset: usize) -> usize {
        match self {
            Lines::Text { starts, first } => {
                first + starts.partition_point(|&s| s <= offset).saturating_sub(1)
            }
            Lines::Fixed(line) => *line,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_count_from_the_first_line() {
        let l = Lines::new("a\nbc\n\nd", 5);
        assert_eq!(l.line(0), 5);
        assert_eq!(l.line(2), 6);
        assert_eq!(l.line(5), 7);
        assert_eq!(l.line(6), 8);
        assert_eq!(l.line(999), 8);
        assert_eq!(Lines::Fixed(3).line(42), 3);
    }

    #[test]
    fn display_is_file_colon_line() {
        let d = Diagnostic::new("content/a.md", 12, "bad");
        assert_eq!(d.to_string(), "content/a.md:12: bad");
    }
}
