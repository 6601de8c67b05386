//! Widgets: a ```` ```widget NAME ```` block becomes a mount point for the app.

use crate::escape::html;
use widget_params::WidgetConfig;

/// Check `body` as widget `name`'s parameters and render the mount point, whose
/// fallback paragraph reads well with JavaScript off.
pub(crate) fn render(name: &str, body: &str) -> Result<String, String> {
    if name.is_empty() {
        return Err("a widget block needs a name: ```widget NAME".into());
    }
    let config =
        WidgetConfig::from_toml(name, body).map_err(|e| format!("widget `{name}`: {e}"))?;
    let name = html(config.name());
    Ok(format!(
        "<div class=\"widget-mount\" data-widget=\"{name}\" data-params=\"{}\">\
         <p class=\"widget-fallback\">This is an interactive {name} widget; it needs JavaScript to run.</p></div>\n",
        html(&config.params_json())
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mounts_carry_escaped_json_params() {
        let h = render("counter", "start = 3\n").unwrap();
        assert_eq!(
            h,
            "<div class=\"widget-mount\" data-widget=\"counter\" data-params=\"{&quot;start&quot;:3,&quot;step&quot;:1}\">\
             <p class=\"widget-fallback\">This is an interactive counter widget; it needs JavaScript to run.</p></div>\n"
        );
    }

    #[test]
    fn bad_params_and_names_are_errors() {
        assert!(render("counter", "step = 99\n")
            .unwrap_err()
            .contains("`step` must be 1 to 10"));
        assert!(render("nope", "")
            .unwrap_err()
            .contains("unknown widget `nope`"));
        assert!(render("", "").is_err());
    }
}
