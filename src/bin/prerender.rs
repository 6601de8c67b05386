//! `prerender DIST [CONTENT]`: compiles the book in CONTENT (default `content`), then
//! renders every route into DIST, Trunk's output folder, whose `index.html` is the
//! template: `index.html` (home), `notes/<path>/index.html` for every page,
//! `content/<path>.json` for client-side navigation, `widgets/<name>/index.html` and
//! `embed/<name>/index.html` for every widget, `404.html`, and the notes' assets.

use book_model::{note_url, page_json_url};
use site::data::InitialData;
use site::prerender::{fill_template, init, render, Head};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dist) = args.first().map(PathBuf::from) else {
        eprintln!("usage: prerender DIST [CONTENT]");
        return ExitCode::from(2);
    };
    let content = args
        .get(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("content"));
    match run(&dist, &content) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn run(dist: &Path, content_dir: &Path) -> Result<(), String> {
    let started = Instant::now();
    let base = site::BASE;
    let book = content::compile_book(content_dir, base).map_err(|diagnostics| {
        let lines: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
        format!(
            "{}\nthe book has {} error(s)",
            lines.join("\n"),
            lines.len()
        )
    })?;
    let template_path = dist.join("index.html");
    let template = std::fs::read_to_string(&template_path).map_err(|e| {
        format!(
            "cannot read {}: {e} (run `trunk build` first)",
            template_path.display()
        )
    })?;
    if !template.contains("<body></body>") {
        return Err(format!(
            "{}: <body> must be empty for hydration",
            template_path.display()
        ));
    }
    init();
    let bundles = find_bundles(dist, base)?;
    // What every page carries; each route adds its own page.
    let shared = InitialData {
        toc: book.toc.clone(),
        page: None,
        bundles: bundles.clone(),
    };
    let preload_for = |widgets: &[&str]| -> Vec<String> {
        widgets
            .iter()
            .filter_map(|w| bundles.get(*w).cloned())
            .collect()
    };
    let write_route =
        |url: &str, file: PathBuf, head: Head<'_>, initial: InitialData| -> Result<(), String> {
            let rendered = render(url, initial.clone());
            let doc = fill_template(&template, &head, &initial, &rendered)?;
            write(&file, doc.as_bytes())
        };

    write_route(
        &format!("{base}/"),
        dist.join("index.html"),
        Head {
            title: site::SITE_NAME,
            description: site::HOME_DESCRIPTION,
            preload: Vec::new(),
        },
        shared.clone(),
    )?;
    let head_404 = Head {
        title: &format!("Page not found · {}", site::SITE_NAME),
        description: "This address is not part of the book.",
        preload: Vec::new(),
    };
    write_route(
        &format!("{base}/404.html"),
        dist.join("404.html"),
        head_404,
        shared.clone(),
    )?;

    for page in &book.pages {
        let json = serde_json::to_string(page).map_err(|e| e.to_string())?;
        write(
            &site_file(dist, base, &page_json_url(base, &page.path)),
            json.as_bytes(),
        )?;
        let url = note_url(base, &page.path);
        let title = format!("{} · {}", page.title, site::SITE_NAME);
        let used: Vec<&str> = widget_params::widget_names()
            .into_iter()
            .filter(|w| page.html.contains(&format!("data-widget=\"{w}\"")))
            .collect();
        let preload = preload_for(&used);
        let head = Head {
            title: &title,
            description: &page.summary,
            preload: preload.iter().map(String::as_str).collect(),
        };
        let initial = InitialData {
            page: Some(page.clone()),
            ..shared.clone()
        };
        write_route(
            &url,
            site_file(dist, base, &url).join("index.html"),
            head,
            initial,
        )?;
    }
    for name in widget_params::widget_names() {
        let Ok(config) = widget_params::WidgetConfig::default_for(name) else {
            continue;
        };
        let title = format!("{} · {}", config.title(), site::SITE_NAME);
        let preload = preload_for(&[name]);
        for url in [
            site::route::widget_url(base, name),
            site::route::embed_url(base, name),
        ] {
            let head = Head {
                title: &title,
                description: config.summary(),
                preload: preload.iter().map(String::as_str).collect(),
            };
            write_route(
                &url,
                site_file(dist, base, &url).join("index.html"),
                head,
                shared.clone(),
            )?;
        }
    }
    // GitHub Pages runs Jekyll over a site unless told not to; the site is already built.
    write(&dist.join(".nojekyll"), b"")?;
    for asset in &book.assets {
        let dest = dist.join(&asset.dest);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::copy(&asset.source, &dest)
            .map_err(|e| format!("{}: {e}", asset.source.display()))?;
    }
    println!(
        "prerender: {} pages, widget pages, 404 and home written to {} in {} ms",
        book.pages.len(),
        dist.display(),
        started.elapsed().as_millis()
    );
    Ok(())
}

/// Each registered widget's bundle in `dist` (`widget-<name>-<hash>.js`, written by
/// `cargo xtask build`), as a URL under `base`. A missing bundle is an error: the pages
/// that show that widget could not load it.
fn find_bundles(
    dist: &Path,
    base: &str,
) -> Result<std::collections::BTreeMap<String, String>, String> {
    let files: Vec<String> = std::fs::read_dir(dist)
        .map_err(|e| format!("{}: {e}", dist.display()))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    let mut bundles = std::collections::BTreeMap::new();
    for name in widget_params::widget_names() {
        let prefix = format!("widget-{name}-");
        let found = files.iter().find(|f| {
            f.strip_prefix(&prefix)
                .and_then(|rest| rest.strip_suffix(".js"))
                .is_some_and(|hash| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
        });
        let Some(file) = found else {
            return Err(format!(
                "{}: no bundle for the `{name}` widget (widget-{name}-<hash>.js); build with `cargo xtask build`",
                dist.display()
            ));
        };
        bundles.insert(name.to_string(), format!("{base}/{file}"));
    }
    Ok(bundles)
}

/// The file under `dist` for a site URL (which starts with the base path).
fn site_file(dist: &Path, base: &str, url: &str) -> PathBuf {
    let relative = url
        .strip_prefix(base)
        .unwrap_or(url)
        .trim_start_matches('/');
    dist.join(relative)
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}
