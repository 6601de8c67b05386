//! What the reader's browser remembers: pages visited and the last page read.
//!
//! Storage is read after hydration (the pre-rendered HTML knows nothing of it), so the
//! signals start empty on both sides and fill in once the app is live. Stored data that
//! cannot be read is never dropped silently: it is copied aside under a new key and the
//! reader is told, and then the app carries on from a clean slate.

use crate::shell::notices::NoticeBoard;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Storage key of the set of visited page paths (a JSON array of strings).
const VISITED_KEY: &str = "sd-visited-v1";
/// Storage key of the last page read (a JSON object).
const LAST_READ_KEY: &str = "sd-last-read-v1";

/// The last page the reader opened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct LastRead {
    /// The page's path.
    pub path: String,
    /// Its title, so the home page can name it without loading it.
    pub title: String,
}

/// The reader's progress, shared through context.
#[derive(Clone, Copy)]
pub(crate) struct Progress {
    visited: RwSignal<BTreeSet<String>>,
    last: RwSignal<Option<LastRead>>,
}

impl Progress {
    /// Whether the reader has opened page `path` (reactive).
    pub(crate) fn visited(&self, path: &str) -> bool {
        self.visited.with(|v| v.contains(path))
    }

    /// The last page read (reactive).
    pub(crate) fn last_read(&self) -> Option<LastRead> {
        self.last.get()
    }

    /// Notes that the reader opened `path` and saves it.
    pub(crate) fn record_visit(&self, path: &str, title: &str) {
        let entry = LastRead {
            path: path.to_string(),
            title: title.to_string(),
        };
        if self.visited.with_untracked(|v| !v.contains(path)) {
            self.visited.update(|v| {
                v.insert(path.to_string());
            });
            persist(VISITED_KEY, &self.visited.get_untracked());
        }
        if self.last.with_untracked(|l| l.as_ref() != Some(&entry)) {
            persist(LAST_READ_KEY, &entry);
            self.last.set(Some(entry));
        }
    }
}

/// Provides the [`NoticeBoard`] and the [`Progress`], and loads the progress once the
/// app is live in the browser.
pub(crate) fn provide_progress() {
    provide_context(NoticeBoard::new());
    let progress = Progress {
        visited: RwSignal::new(BTreeSet::new()),
        last: RwSignal::new(None),
    };
    provide_context(progress);
    Effect::new(move |_| {
        if let Some(visited) =
            load::<BTreeSet<String>>(VISITED_KEY, "the list of pages you have read")
        {
            progress.visited.set(visited);
        }
        if let Some(last) = load::<LastRead>(LAST_READ_KEY, "where you left off") {
            progress.last.set(Some(last));
        }
    });
}

/// Reads `key`, telling the reader (and keeping a copy) if what is there cannot be read.
#[cfg(feature = "hydrate")]
fn load<T: serde::de::DeserializeOwned>(key: &str, what: &str) -> Option<T> {
    let raw = crate::browser::storage_get(key)?;
    match serde_json::from_str(&raw) {
        Ok(value) => Some(value),
        Err(_) => {
            let backup = format!("{key}-unreadable-{}", js_sys::Date::now() as u64);
            // Once a copy is safe, the damaged original goes, so the reader is told once.
            let kept = crate::browser::storage_set(&backup, &raw).is_ok();
            if kept {
                crate::browser::storage_remove(key);
            }
            let board = expect_context::<NoticeBoard>();
            board.post(if kept {
                format!("Your saved record of {what} could not be read, so it starts afresh. The old data is kept in this browser's storage under “{backup}”.")
            } else {
                format!("Your saved record of {what} could not be read, so it starts afresh.")
            });
            None
        }
    }
}

#[cfg(not(feature = "hydrate"))]
fn load<T>(_key: &str, _what: &str) -> Option<T> {
    None
}

/// Saves `value` under `key`, telling the reader if the browser refuses.
fn persist<T: Serialize>(key: &str, value: &T) {
    let Ok(json) = serde_json::to_string(value) else {
        return;
    };
    save_raw(key, &json);
}

/// Saves a string under `key`, telling the reader if the browser refuses.
#[cfg(feature = "hydrate")]
pub(crate) fn save_raw(key: &str, value: &str) {
    if crate::browser::storage_set(key, value).is_err() {
        if let Some(board) = use_context::<NoticeBoard>() {
            board.post(
                "Your progress could not be saved: this browser's storage is full or turned off.",
            );
        }
    }
}

#[cfg(not(feature = "hydrate"))]
pub(crate) fn save_raw(_key: &str, _value: &str) {}
