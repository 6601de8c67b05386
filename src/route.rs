//! Which view an address shows. One place turns a path into a [`Route`], so the
//! pre-renderer and the browser always agree on what a URL means.

/// A view of the site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// The home page.
    Home,
    /// A note (or chapter) page, by its path (`caching/cache-eviction-policies`).
    Note(String),
    /// A widget's own page, where it fills the screen (`/widgets/hash-ring/`).
    Widget(String),
    /// A widget without the site's frame, for other sites' iframes (`/embed/hash-ring/`).
    Embed(String),
    /// Anything else.
    NotFound,
}

impl Route {
    /// Whether this route is shown without the site's frame.
    pub fn is_embed(&self) -> bool {
        matches!(self, Route::Embed(_))
    }
}

/// The address of widget `name`'s own page, under `base`.
pub fn widget_url(base: &str, name: &str) -> String {
    format!("{base}/widgets/{name}/")
}

/// The address of widget `name`'s frameless page for iframes, under `base`.
pub fn embed_url(base: &str, name: &str) -> String {
    format!("{base}/embed/{name}/")
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
    for (prefix, make) in [
        ("widgets/", Route::Widget as fn(String) -> Route),
        ("embed/", Route::Embed),
    ] {
        if let Some(rest) = path.strip_prefix(prefix) {
            let rest = rest.strip_suffix("index.html").unwrap_or(rest);
            let name = rest.strip_suffix('/').unwrap_or(rest);
            if widget_params::widget_names().contains(&name) {
                return make(name.to_string());
            }
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
    fn registered_widgets_have_a_page_and_an_embed() {
        assert_eq!(
            parse("/widgets/hash-ring/", ""),
            Route::Widget("hash-ring".into())
        );
        assert_eq!(
            parse("/sd/widgets/hash-ring", "/sd"),
            Route::Widget("hash-ring".into())
        );
        assert_eq!(
            parse("/embed/hash-ring/index.html", ""),
            Route::Embed("hash-ring".into())
        );
        assert!(parse("/embed/hash-ring/", "").is_embed());
        assert_eq!(parse("/widgets/nope/", ""), Route::NotFound);
        assert_eq!(parse("/widgets/", ""), Route::NotFound);
        assert_eq!(widget_url("/sd", "hash-ring"), "/sd/widgets/hash-ring/");
        assert_eq!(embed_url("", "hash-ring"), "/embed/hash-ring/");
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
