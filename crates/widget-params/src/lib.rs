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

#[cfg(feature = "test-widget")]
pub mod counter;
pub mod hash_ring;

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
    /// Check the ranges that the type alone cannot express.
    fn validate(&self) -> Result<(), ParamError>;
}

/// A registered widget with checked parameters.
#[derive(Clone, Debug, PartialEq)]
pub enum WidgetConfig {
    /// The hash ring (see [`hash_ring`]).
    HashRing(hash_ring::HashRingParams),
    /// The test-only counter (see [`counter`]).
    #[cfg(feature = "test-widget")]
    Counter(counter::CounterParams),
}

/// The names of every registered widget, for error messages.
#[allow(clippy::vec_init_then_push)] // The pushes are behind `cfg`s, one per widget.
pub fn widget_names() -> Vec<&'static str> {
    #[allow(unused_mut)]
    let mut names = Vec::new();
    names.push(hash_ring::HashRingParams::NAME);
    #[cfg(feature = "test-widget")]
    names.push(counter::CounterParams::NAME);
    names
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

// Unused until a widget is registered (without `test-widget` there is none yet).
#[allow(dead_code)]
fn checked<P: WidgetParams>(params: P) -> Result<P, ParamError> {
    params.validate()?;
    Ok(params)
}

impl WidgetConfig {
    /// The widget's registered name.
    pub fn name(&self) -> &'static str {
        match *self {
            WidgetConfig::HashRing(_) => hash_ring::HashRingParams::NAME,
            #[cfg(feature = "test-widget")]
            WidgetConfig::Counter(_) => counter::CounterParams::NAME,
        }
    }

    /// Parse and check the parameters of widget `name` from JSON (as the content
    /// compiler writes them into a page).
    pub fn from_json(name: &str, json: &str) -> Result<Self, ParamError> {
        #[allow(unused_macros)]
        macro_rules! parse {
            () => {
                serde_json::from_str(json)
                    .map_err(|e| ParamError::new(e.to_string()))
                    .and_then(checked)
            };
        }
        #[allow(clippy::match_single_binding)]
        match name {
            hash_ring::HashRingParams::NAME => parse!().map(WidgetConfig::HashRing),
            #[cfg(feature = "test-widget")]
            counter::CounterParams::NAME => parse!().map(WidgetConfig::Counter),
            _ => {
                let _ = json;
                Err(unknown(name))
            }
        }
    }

    /// Parse and check the parameters of widget `name` from a note's TOML block body.
    #[cfg(feature = "toml")]
    pub fn from_toml(name: &str, body: &str) -> Result<Self, ParamError> {
        #[allow(unused_macros)]
        macro_rules! parse {
            () => {
                toml::from_str(body)
                    .map_err(|e| ParamError::new(e.message().to_string()))
                    .and_then(checked)
            };
        }
        #[allow(clippy::match_single_binding)]
        match name {
            hash_ring::HashRingParams::NAME => parse!().map(WidgetConfig::HashRing),
            #[cfg(feature = "test-widget")]
            counter::CounterParams::NAME => parse!().map(WidgetConfig::Counter),
            _ => {
                let _ = body;
                Err(unknown(name))
            }
        }
    }

    /// The parameters as JSON, with every default filled in.
    pub fn params_json(&self) -> String {
        match *self {
            WidgetConfig::HashRing(ref p) => serde_json::to_string(p).unwrap_or_default(),
            #[cfg(feature = "test-widget")]
            WidgetConfig::Counter(ref p) => serde_json::to_string(p).unwrap_or_default(),
        }
    }
}
