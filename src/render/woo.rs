//! The Woo files into the sink: the DiWoo sitemaps and their indexes (made
//! by `crate::woo`), and the inventory as CSV and as the page
//! `/woo/inventaris/`.

use std::sync::Arc;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Location};
use crate::output::{Sink, write, write_shared};
use crate::page::Page;
use crate::render::Reuse;
use crate::render::templates::{LiveReload, SiteView, Templates};
use crate::woo::{self, inventory};

/// What writing the Woo files did.
#[derive(Default)]
pub struct Written {
    /// HTML pages written (the inventory page).
    pub pages: usize,
    /// The URLs of the sitemap indexes, which `robots.txt` must name.
    pub index_urls: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Writes `output`: the sitemaps, then the inventory (made from its rows,
/// which are sorted only when the CSV or the page is made).
pub fn write_all(
    config: &Config,
    output: &woo::Output,
    templates: &Templates,
    live_reload: Option<&LiveReload>,
    (sink, reuse): (&dyn Sink, &impl Reuse),
) -> Written {
    let mut written = Written::default();
    let problems = &mut written.diagnostics;
    match &output.sitemaps {
        Ok(sitemaps) => {
            for (path, bytes) in &sitemaps.files {
                problems.extend(write_shared(sink, path, bytes).err());
            }
            for index in &sitemaps.indexes {
                problems.extend(write(sink, &index.path, index.xml.as_bytes()).err());
            }
            written.index_urls =
                woo::diwoo::sitemap_index_urls(&config.base_url, &sitemaps.indexes);
        }
        Err(d) => problems.push(d.clone()),
    }
    let sorted = std::cell::OnceCell::new();
    let rows = || {
        sorted.get_or_init(|| {
            let mut rows: Vec<&inventory::Row> = output.rows.iter().map(Arc::as_ref).collect();
            inventory::sort(&mut rows);
            rows
        })
    };
    let csv_path = inventory::CSV_URL.trim_start_matches('/');
    match reuse.inventory_file(csv_path, || inventory::csv(rows())) {
        Ok(bytes) => problems.extend(write_shared(sink, csv_path, &bytes).err()),
        Err(e) => problems.push(Diagnostic::error(
            "output/write",
            format!("cannot write the inventory CSV: {e}"),
        )),
    }
    if !templates.has("inventaris.html") {
        problems.push(
            Diagnostic::error(
                "template/missing",
                "the theme has no template `inventaris.html`, which the Woo inventory needs",
            )
            .at(Location::file(
                std::path::Path::new("themes").join(&config.theme).join("templates"),
            ))
            .help("add inventaris.html to the theme (copy it from the default theme), or turn Woo output off in nota.toml"),
        );
        return written;
    }
    // The context (thousands of rows) is only made when the page is.
    let render = || {
        let site_view = SiteView::new(config).with_live_reload(live_reload, config);
        let view = InventoryPage {
            site: &site_view,
            inventory: inventory::View::new(rows(), &config.base_path),
        };
        templates.render_view("inventaris.html", &view)
    };
    let path = Page::output_path(inventory::PAGE_URL);
    match reuse
        .inventory_file(&path, render)
        .and_then(|html| write_shared(sink, &path, &html))
    {
        Ok(()) => written.pages += 1,
        Err(d) => problems.push(d),
    }
    written
}

/// `inventaris.html`'s variables.
#[derive(serde::Serialize)]
struct InventoryPage<'a> {
    site: &'a SiteView<'a>,
    inventory: inventory::View<'a>,
}
