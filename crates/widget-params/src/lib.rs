//! The registry of live widgets.
//!
//! A widget is registered here once: a variant of [`WidgetConfig`] holding its parameter
//! type. The content compiler uses [`WidgetConfig::from_toml`] to check the parameters a
//! note gives a widget (an unknown name, an unknown parameter or a value out of range is
//! an error), and writes the checked parameters into the page as JSON; the web app reads
//! them back with [`WidgetConfig::from_json`] and matches on the variant to pick the view,
//! so adding a variant without a view does not compile.
//!
//! Every parameter has a default, so an empty body is valid.

pub mod cache_eviction;
#[cfg(feature = "test-widget")]
pub mod counter;
pub mod hash_ring;
pub mod query;
pub mod raft_election;
pub mod rate_limiter;

use serde::{Deserialize, Serialize};
use std::fmt;

/// A widget's parameters failed to parse or validate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamError {
    /// What is wrong, in words a note's author can act on.
    pub message: String,
}

impl ParamError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParamError {}

/// What every widget's parameter type provides.
pub trait WidgetParams: Serialize + for<'de> Deserialize<'de> + Default + Clone {
    /// The name used in a note's ```` ```widget NAME ```` block and in URLs.
    const NAME: &'static str;
    /// The widget's title, as its own page shows it ("Hash ring").
    const TITLE: &'static str;
    /// One sentence saying what the widget lets a reader do (its page's introduction and
    /// description).
    const SUMMARY: &'static str;
    /// Check the ranges that the type alone cannot express.
    fn validate(&self) -> Result<(), ParamError>;
}

/// What a list of widgets shows about one (see [`widget_infos`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WidgetInfo {
    /// The registered name (`hash-ring`).
    pub name: &'static str,
    /// The title (see [`WidgetParams::TITLE`]).
    pub title: &'static str,
    /// What it lets a reader do (see [`WidgetParams::SUMMARY`]).
    pub summary: &'static str,
}

/// The name, title and summary of widget `name`, if it is registered.
pub fn widget_info(name: &str) -> Option<WidgetInfo> {
    widget_infos().into_iter().find(|w| w.name == name)
}

fn unknown(name: &str) -> ParamError {
    let names = widget_names();
    let known = if names.is_empty() {
        "none yet".to_string()
    } else {
        names.join(", ")
    };
    ParamError::new(format!(
        "unknown widget `{name}` (registered widgets: {known})"
    ))
}

fn checked<P: WidgetParams>(params: P) -> Result<P, ParamError> {
    params.validate()?;
    Ok(params)
}

// The same operations for one known parameter type, without the registry's dispatch:
// code that handles a single widget (its WebAssembly bundle) then carries only that
// widget's parsing and checks, not every widget's.

/// Parse and check parameters of type `P` from JSON.
pub fn params_from_json<P: WidgetParams>(json: &str) -> Result<P, ParamError> {
    serde_json::from_str(json)
        .map_err(|e| ParamError::new(e.to_string()))
        .and_then(checked)
}

/// Parse and check parameters of type `P` from a URL query (see [`query`]).
pub fn params_from_query<P: WidgetParams>(query: &str) -> Result<P, ParamError> {
    query::decode(query).and_then(checked)
}

/// Parameters of type `P` as a URL query without the `?` (see [`query`]).
pub fn params_to_query<P: WidgetParams>(params: &P) -> String {
    query::encode(params)
}

/// Declares the registry: the `WidgetConfig` enum and every function that dispatches on a
/// widget's name, from one list of `Variant(module::ParamsType)` lines.
macro_rules! registry {
    ($($(#[cfg($cfg:meta)])? $variant:ident($module:ident::$params:ident)),* $(,)?) => {
        /// A registered widget with checked parameters.
        #[derive(Clone, Debug, PartialEq)]
        pub enum WidgetConfig {
            $(
                $(#[cfg($cfg)])?
                #[doc = concat!("See [`", stringify!($module), "`].")]
                $variant($module::$params),
            )*
        }

        /// The name, title and summary of every registered widget, in registry order
        /// (constants only: code that lists widgets pays for none of their parameters).
        #[allow(clippy::vec_init_then_push)] // Some pushes are behind `cfg`s.
        pub fn widget_infos() -> Vec<WidgetInfo> {
            let mut infos = Vec::new();
            $(
                $(#[cfg($cfg)])?
                infos.push(WidgetInfo {
                    name: <$module::$params as WidgetParams>::NAME,
                    title: <$module::$params as WidgetParams>::TITLE,
                    summary: <$module::$params as WidgetParams>::SUMMARY,
                });
            )*
            infos
        }

        /// The names of every registered widget, in registry order.
        #[allow(clippy::vec_init_then_push)] // Some pushes are behind `cfg`s.
        pub fn widget_names() -> Vec<&'static str> {
            let mut names = Vec::new();
            $(
                $(#[cfg($cfg)])?
                names.push(<$module::$params as WidgetParams>::NAME);
            )*
            names
        }

        impl WidgetConfig {
            /// The widget's registered name.
            pub fn name(&self) -> &'static str {
                match self {
                    $($(#[cfg($cfg)])? Self::$variant(_) => <$module::$params>::NAME,)*
                }
            }

            /// The widget's title (see [`WidgetParams::TITLE`]).
            pub fn title(&self) -> &'static str {
                match self {
                    $($(#[cfg($cfg)])? Self::$variant(_) => <$module::$params>::TITLE,)*
                }
            }

            /// What the widget lets a reader do (see [`WidgetParams::SUMMARY`]).
            pub fn summary(&self) -> &'static str {
                match self {
                    $($(#[cfg($cfg)])? Self::$variant(_) => <$module::$params>::SUMMARY,)*
                }
            }

            /// Widget `name` with every parameter at its default.
            pub fn default_for(name: &str) -> Result<Self, ParamError> {
                match name {
                    $(
                        $(#[cfg($cfg)])?
                        <$module::$params>::NAME => Ok(Self::$variant(Default::default())),
                    )*
                    _ => Err(unknown(name)),
                }
            }

            /// Parse and check the parameters of widget `name` from JSON (as the content
            /// compiler writes them into a page).
            pub fn from_json(name: &str, json: &str) -> Result<Self, ParamError> {
                match name {
                    $(
                        $(#[cfg($cfg)])?
                        <$module::$params>::NAME => params_from_json(json).map(Self::$variant),
                    )*
                    _ => Err(unknown(name)),
                }
            }

            /// Parse and check the parameters of widget `name` from a note's TOML block
            /// body.
            #[cfg(feature = "toml")]
            pub fn from_toml(name: &str, body: &str) -> Result<Self, ParamError> {
                match name {
                    $(
                        $(#[cfg($cfg)])?
                        <$module::$params>::NAME => toml::from_str(body)
                            .map_err(|e| ParamError::new(e.message().to_string()))
                            .and_then(checked)
                            .map(Self::$variant),
                    )*
                    _ => Err(unknown(name)),
                }
            }

            /// Parse and check the parameters of widget `name` from a URL query (a share
            /// link; see [`query`](crate::query) for the format). Parameters the query
            /// does not name keep their defaults.
            pub fn from_query(name: &str, query: &str) -> Result<Self, ParamError> {
                match name {
                    $(
                        $(#[cfg($cfg)])?
                        <$module::$params>::NAME => params_from_query(query).map(Self::$variant),
                    )*
                    _ => Err(unknown(name)),
                }
            }

            /// The parameters as a URL query without the `?` (only those that differ from
            /// their defaults), the inverse of [`WidgetConfig::from_query`].
            pub fn to_query(&self) -> String {
                match self {
                    $($(#[cfg($cfg)])? Self::$variant(p) => params_to_query(p),)*
                }
            }

            /// The parameters as JSON, with every default filled in.
            pub fn params_json(&self) -> String {
                match self {
                    $(
                        $(#[cfg($cfg)])?
                        Self::$variant(p) => serde_json::to_string(p).unwrap_or_default(),
                    )*
                }
            }
        }
    };
}

// The registry: one line per widget.
registry! {
    HashRing(hash_ring::HashRingParams),
    CacheEviction(cache_eviction::CacheEvictionParams),
    RateLimiter(rate_limiter::RateLimiterParams),
    RaftElection(raft_election::RaftElectionParams),
    #[cfg(feature = "test-widget")]
    Counter(counter::CounterParams),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_widget_round_trips_through_its_query_and_has_a_title() {
        for name in widget_names() {
            let config = WidgetConfig::default_for(name).unwrap();
            assert_eq!(config.name(), name);
            assert!(!config.title().is_empty() && !config.summary().is_empty());
            assert_eq!(config.to_query(), "", "{name}: defaults are left out");
            let back = WidgetConfig::from_query(name, &config.to_query()).unwrap();
            assert_eq!(back, config);
        }
        assert!(WidgetConfig::default_for("nope").is_err());
        assert!(WidgetConfig::from_query("nope", "").is_err());
    }

    #[test]
    fn a_query_is_validated_like_a_note() {
        let err = WidgetConfig::from_query("hash-ring", "keys=1").unwrap_err();
        assert!(err.message.contains("`keys` must be 50 to 100000"), "{err}");
        let ok = WidgetConfig::from_query("hash-ring", "?nodes=x,y&keys=400").unwrap();
        assert_eq!(ok.to_query(), "keys=400&nodes=x,y");
    }
}
