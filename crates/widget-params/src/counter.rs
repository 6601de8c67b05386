//! A test-only widget: a counter that starts at `start` and moves by `step`.
//!
//! It exists so the path from a note's widget block to a mounted component can be
//! tested before any real widget lands. It is compiled only with the `test-widget`
//! feature, so no real note can use it.

use crate::{ParamError, WidgetParams};
use serde::{Deserialize, Serialize};

/// The counter's parameters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CounterParams {
    /// Where the counter starts, 0 to 100.
    pub start: i64,
    /// How far one click moves it, 1 to 10.
    pub step: i64,
}

impl Default for CounterParams {
    fn default() -> Self {
        Self { start: 0, step: 1 }
    }
}

impl WidgetParams for CounterParams {
    const NAME: &'static str = "counter";
    const TITLE: &'static str = "Counter";
    const SUMMARY: &'static str = "A test-only counter that checks the mounting path.";

    fn validate(&self) -> Result<(), ParamError> {
        if !(0..=100).contains(&self.start) {
            return Err(ParamError::new(format!(
                "`start` must be 0 to 100, not {}",
                self.start
            )));
        }
        if !(1..=10).contains(&self.step) {
            return Err(ParamError::new(format!(
                "`step` must be 1 to 10, not {}",
                self.step
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::WidgetConfig;

    #[test]
    fn empty_body_gives_defaults() {
        let cfg = WidgetConfig::from_json("counter", "{}").unwrap();
        assert_eq!(cfg.params_json(), r#"{"start":0,"step":1}"#);
    }

    #[test]
    fn out_of_range_and_unknown_fields_are_rejected() {
        let err = WidgetConfig::from_json("counter", r#"{"step": 11}"#).unwrap_err();
        assert!(err.message.contains("`step` must be 1 to 10"), "{err}");
        let err = WidgetConfig::from_json("counter", r#"{"colour": 1}"#).unwrap_err();
        assert!(err.message.contains("unknown field"), "{err}");
    }

    #[cfg(feature = "toml")]
    #[test]
    fn toml_bodies_parse_like_json() {
        let cfg = WidgetConfig::from_toml("counter", "start = 5\nstep = 2\n").unwrap();
        assert_eq!(cfg.params_json(), r#"{"start":5,"step":2}"#);
    }

    #[test]
    fn unknown_widget_names_list_the_registered_ones() {
        let err = WidgetConfig::from_json("nope", "{}").unwrap_err();
        assert!(
            err.message
                .contains("registered widgets: hash-ring, cache-eviction, rate-limiter, raft-election, counter"),
            "{err}"
        );
    }
}
