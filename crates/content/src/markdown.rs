//! The one place that sets the Markdown dialect, as mdBook's `mdbook-markdown` does.

use pulldown_cmark::{Options, Parser};

/// CommonMark plus GitHub's tables, footnotes, strikethrough, task lists and alerts,
/// and `$`/`$$` math.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
        | Options::ENABLE_MATH
}

/// A parser for `text` in the book's dialect.
pub(crate) fn parser(text: &str) -> Parser<'_> {
    Parser::new_ext(text, options())
}
