//! Which view an address shows. One place turns a path into a [`Route`], so the
//! pre-renderer and the browser always agree on what a URL means.

/// A view of the site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// The home page.
    Home,
    /// A note (or chapter) page, by its path (`caching/cache-eviction-policies`).
    Note(String),
    /// Anything else.
    NotFound,
}

/// The route for `pathname` (the URL's path, which may include the site's `base`).
pub fn parse(pathname: &str, base: &str) -> Route {
    let path = pathname.strip_prefix(base).unwrap_or(pathname);
    let path = path.trim_start_matches('/');
    if path.is_empty() || path == "index.html" {
        return Route::Home;
    }
    if let Some(rest) = path.strip_prefix("notes/") {
        let rest = rest.strip_suffix("index.html").unwrap_or(rest);
        let note = rest.strip_suffix('/').unwrap_or(rest);
        if !note.is_empty() && note.split('/').all(is_slug) {
            return Route::Note(note.to_string());
        }
    }
    Route::NotFound
}

fn is_slug(part: &str) -> bool {
    !part.is_empty()
        && part
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn home_with_and_without_base() {
        assert_eq!(parse("/", ""), Route::Home);
        assert_eq!(parse("", ""), Route::Home);
        assert_eq!(parse("/sd/", "/sd"), Route::Home);
        assert_eq!(parse("/sd", "/sd"), Route::Home);
        assert_eq!(parse("/index.html", ""), Route::Home);
    }

    #[test]
    fn notes_accept_a_trailing_slash_or_none() {
        let want = Route::Note("caching/cdn".into());
        assert_eq!(parse("/notes/caching/cdn/", ""), want);
        assert_eq!(parse("/notes/caching/cdn", ""), want);
        assert_eq!(parse("/notes/caching/cdn/index.html", ""), want);
        assert_eq!(parse("/sd/notes/caching/cdn/", "/sd"), want);
    }

    #[test]
    fn anything_else_is_not_found() {
        for path in [
            "/notes/",
            "/notes",
            "/nope",
            "/notes/../etc",
            "/notes/A/b",
            "/notes//x",
            "/404.html",
        ] {
            assert_eq!(parse(path, ""), Route::NotFound, "{path}");
        }
    }
}
