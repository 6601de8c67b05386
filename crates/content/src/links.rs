//! Link targets: classifying, resolving against the page's folder, rewriting.

/// The page path of a content file: `.md` dropped, a trailing `/index` dropped.
pub(crate) fn page_path(file: &str) -> String {
    let p = file.strip_suffix(".md").unwrap_or(file);
    p.strip_suffix("/index").unwrap_or(p).to_string()
}

/// What a link or image destination points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// A URL with a scheme (`https://...`, `mailto:...`): kept as it is.
    External,
    /// `#anchor` on the same page.
    SamePage(String),
    /// Another note, by page path, with an optional anchor.
    Page {
        /// The page path.
        path: String,
        /// The anchor after `#`, if any.
        anchor: Option<String>,
    },
    /// A non-Markdown file inside the content folder (`/`-separated path in the root).
    File(String),
}

/// Classify `dest`, written in the content file `from` (`chapter/page.md`).
pub(crate) fn classify(from: &str, dest: &str) -> Result<Target, String> {
    if dest.is_empty() {
        return Err("empty link destination".into());
    }
    if has_scheme(dest) || dest.starts_with("//") {
        return Ok(Target::External);
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        return Ok(Target::SamePage(anchor.to_string()));
    }
    if dest.starts_with('/') {
        return Err(format!(
            "`{dest}` is an absolute path: link notes by their relative `.md` file (like `../chapter/page.md`) so the site's base path is added"
        ));
    }
    let (file, anchor) = match dest.split_once('#') {
        Some((f, a)) => (f, Some(a.to_string())),
        None => (dest, None),
    };
    if file.contains('?') {
        return Err(format!(
            "`{dest}`: a link to a content file cannot have a query string"
        ));
    }
    let resolved =
        resolve(from, file).ok_or_else(|| format!("`{dest}` points outside the content folder"))?;
    if resolved.ends_with(".md") {
        Ok(Target::Page {
            path: page_path(&resolved),
            anchor,
        })
    } else if anchor.is_some() {
        Err(format!(
            "`{dest}`: only links to notes (`.md`) may have an anchor"
        ))
    } else {
        Ok(Target::File(resolved))
    }
}

fn has_scheme(s: &str) -> bool {
    match s.split_once(':') {
        Some((scheme, _)) => {
            let mut chars = scheme.chars();
            chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Join `rel` onto the folder of `from`, resolving `.` and `..`; `None` if it leaves the root.
fn resolve(from: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// The address of a file copied to the site (`content-assets/<path>`), under `base`.
pub(crate) fn asset_dest(file: &str) -> String {
    format!("content-assets/{file}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_paths_drop_md_and_index() {
        assert_eq!(
            page_path("caching/cache-eviction-policies.md"),
            "caching/cache-eviction-policies"
        );
        assert_eq!(page_path("caching/index.md"), "caching");
        assert_eq!(page_path("introduction.md"), "introduction");
    }

    #[test]
    fn classifies_and_resolves() {
        let from = "caching/lru.md";
        assert_eq!(classify(from, "https://x.org/a"), Ok(Target::External));
        assert_eq!(classify(from, "mailto:a@b.c"), Ok(Target::External));
        assert_eq!(classify(from, "#x"), Ok(Target::SamePage("x".into())));
        assert_eq!(
            classify(from, "../storage/index.md#b-trees"),
            Ok(Target::Page {
                path: "storage".into(),
                anchor: Some("b-trees".into())
            })
        );
        assert_eq!(
            classify(from, "./lfu.md"),
            Ok(Target::Page {
                path: "caching/lfu".into(),
                anchor: None
            })
        );
        assert_eq!(
            classify(from, "ring.svg"),
            Ok(Target::File("caching/ring.svg".into()))
        );
        assert!(classify(from, "../../x.md").is_err());
        assert!(classify(from, "/notes/x").is_err());
        assert!(classify(from, "").is_err());
        assert!(classify(from, "a.svg#x").is_err());
    }
}
