//! The whole book: `SUMMARY.md`, every page, and the checks across pages.

use crate::diagnostics::{self, Diagnostic};
use crate::links::asset_dest;
use crate::page::{compile, missing_anchor, Compiled};
use crate::summary::{self, Listed};
use crate::{Asset, Book};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// Compile the book in `root` (the `content/` folder) for a site served under `base`
/// (`""` or `/sub/dir`). On failure, every error found, sorted by file and line.
pub fn compile_book(root: &Path, base: &str) -> Result<Book, Vec<Diagnostic>> {
    let base = base.trim_end_matches('/');
    let mut diags = Vec::new();
    let summary_file = root.join("SUMMARY.md");
    let summary = match std::fs::read_to_string(&summary_file) {
        Ok(text) => summary::parse(&summary_file, &text, &mut diags),
        Err(e) => {
            diags.push(Diagnostic::new(
                &summary_file,
                0,
                format!("cannot read SUMMARY.md: {e}"),
            ));
            return Err(diags);
        }
    };

    let listed: HashSet<&str> = summary.listed.iter().map(|l| l.file.as_str()).collect();
    for file in summary::markdown_files(root) {
        if !listed.contains(file.as_str()) {
            diags.push(Diagnostic::new(
                root.join(&file),
                1,
                "this page is not listed in SUMMARY.md; add it under its chapter",
            ));
        }
    }

    let mut compiled: Vec<(&Listed, Compiled)> = Vec::new();
    for entry in &summary.listed {
        match std::fs::read_to_string(root.join(&entry.file)) {
            Ok(text) => compiled.push((entry, compile(&entry.file, &text, base))),
            Err(e) => {
                let why = if e.kind() == std::io::ErrorKind::NotFound {
                    "does not exist".to_string()
                } else {
                    e.to_string()
                };
                diags.push(Diagnostic::new(
                    &summary_file,
                    entry.line,
                    format!("`{}` is listed but {why}", entry.file),
                ));
            }
        }
    }

    let by_path: HashMap<&str, &Compiled> = compiled
        .iter()
        .map(|(_, c)| (c.page.path.as_str(), c))
        .collect();
    let listed_paths: HashSet<&str> = summary.listed.iter().map(|l| l.path.as_str()).collect();
    let mut assets: BTreeMap<String, Asset> = BTreeMap::new();
    for (entry, c) in &compiled {
        let file = root.join(&entry.file);
        for (line, msg) in &c.out.errs {
            diags.push(Diagnostic::new(&file, *line, msg.clone()));
        }
        for r in &c.out.refs {
            let msg = match by_path.get(r.path.as_str()) {
                Some(target) => missing_anchor(r.anchor.as_deref(), &target.out, &r.dest),
                // A listed page that could not be read already has its error.
                None if listed_paths.contains(r.path.as_str()) => None,
                None => Some(format!(
                    "link `{}`: there is no page `{}` in SUMMARY.md",
                    r.dest, r.path
                )),
            };
            if let Some(msg) = msg {
                diags.push(Diagnostic::new(&file, r.line, msg));
            }
        }
        for (line, rel) in &c.out.files {
            let source = root.join(rel);
            if source.is_file() {
                assets.entry(rel.clone()).or_insert_with(|| Asset {
                    source,
                    dest: asset_dest(rel),
                });
            } else {
                diags.push(Diagnostic::new(
                    &file,
                    *line,
                    format!("linked file `{rel}` does not exist"),
                ));
            }
        }
    }

    if !diags.is_empty() {
        diagnostics::sort(&mut diags);
        return Err(diags);
    }
    let pages: Vec<book_model::Page> = compiled.into_iter().map(|(_, c)| c.page).collect();
    let mut toc = summary.toc;
    toc.widget_uses = widget_uses(&pages);
    Ok(Book {
        toc,
        pages,
        assets: assets.into_values().collect(),
    })
}

/// Which pages embed each registered widget (from the mount points `widgets::render`
/// writes), in reading order; widgets no page embeds are left out.
fn widget_uses(pages: &[book_model::Page]) -> Vec<book_model::WidgetUse> {
    widget_params::widget_names()
        .into_iter()
        .map(|widget| book_model::WidgetUse {
            widget: widget.to_string(),
            pages: pages
                .iter()
                .filter(|p| p.html.contains(&format!("data-widget=\"{widget}\"")))
                .map(|p| book_model::TocEntry {
                    path: p.path.clone(),
                    title: p.title.clone(),
                })
                .collect(),
        })
        .filter(|u| !u.pages.is_empty())
        .collect()
}
