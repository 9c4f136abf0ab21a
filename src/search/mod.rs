//! Site search without a server: the search page `/zoeken/` and the index
//! files its script reads, written by the build like every other file.
//!
//! The index is made from each published page as it is written: the title,
//! the body HTML after withholding, the kenmerk and the topics (see
//! `text`). It therefore holds no word the page does not show, goes
//! through the leak guard like every other file, and is replaced as a whole
//! with the site, so a removed or withheld note is never found. Drafts and
//! `niet-openbaar` notes are not pages, so they are not in it.
//!
//! The browser loads `index.json` (facets, shard count), then per query
//! word the one `t/` shard its stem hashes to, the `d/` files of the
//! results it shows, and the result pages themselves for the excerpts (see
//! `themes/default/static/zoeken.js`). Formats: `format`; Dutch: `stem`,
//! `compound`, `text`; building: `index`; `nota serve`: `live`.

pub mod compound;
pub mod format;
pub mod index;
pub mod live;
pub mod note;
pub mod stem;
pub mod text;

use std::sync::Arc;

use crate::config::Config;
use crate::config::index::Field;
use crate::diagnostic::Diagnostic;
use crate::index::Site;
use crate::output::Sink;
use crate::page::Page;
use crate::render::templates::{SiteView, Templates};

/// The search page.
pub const PAGE_URL: &str = "/zoeken/";
/// The template of the search page; a theme without it gets no search.
pub const TEMPLATE: &str = "zoeken.html";
/// The folder of the index files, under the site root.
pub const INDEX_DIR: &str = "zoeken/index";

/// `search` in `zoeken.html`.
#[derive(Debug, serde::Serialize)]
struct SearchView {
    /// The site's base path (`/sub`, or empty), for links in results.
    prefix: String,
    /// URL of the index folder, with a trailing slash.
    index: String,
    script: String,
    style: String,
}

#[derive(serde::Serialize)]
struct SearchPage<'a> {
    site: &'a SiteView<'a>,
    search: SearchView,
}

/// The facets of the site: its taxonomies over topics, organisations,
/// types and years, with the URL parameter each uses.
pub fn facets(site: &Site) -> Vec<index::Facet<'_>> {
    site.taxonomies
        .iter()
        .filter_map(|t| {
            let param = match t.taxonomy.field {
                Field::Topics => "onderwerp",
                Field::Organisation => "organisatie",
                Field::Type => "soort",
                Field::Year => "jaar",
                Field::Kenmerk => return None,
            };
            Some(index::Facet {
                field: t.taxonomy.field.name(),
                param,
                title: &t.taxonomy.title,
                terms: t
                    .terms
                    .iter()
                    .map(|term| index::FacetTerm {
                        name: &term.name,
                        slug: &term.slug,
                        documents: &term.pages,
                    })
                    .collect(),
            })
        })
        .collect()
}

/// Site paths the search adds, for the link checks.
pub fn site_paths(templates_have_page: bool) -> Vec<String> {
    if templates_have_page {
        vec![PAGE_URL.to_string()]
    } else {
        Vec::new()
    }
}

/// Writes the search page and the index when the theme has a search page.
/// `keys` are the pages' keys in site order (see `live`); `state` is what
/// `nota serve` keeps between builds. Returns the HTML pages written and
/// the problems found.
pub fn write(
    config: &Config,
    site: &Site,
    (templates, site_view): (&Templates, &SiteView<'_>),
    keys: &[Option<crate::key::Key>],
    (sink, retain): (&dyn Sink, bool),
    state: &mut live::State,
) -> (usize, Vec<Diagnostic>) {
    if !templates.has(TEMPLATE) {
        *state = live::State::default();
        return (0, Vec::new());
    }
    let mut problems = Vec::new();
    // Every URL the page and script use is under the site's base path.
    let base = &config.base_path;
    let view = SearchPage {
        site: site_view,
        search: SearchView {
            index: base.href(&format!("/{INDEX_DIR}/")),
            script: base.href("/zoeken.js"),
            style: base.href("/zoeken.css"),
            prefix: base.as_str().to_string(),
        },
    };
    let mut written = 0;
    match templates.render_view(TEMPLATE, &view) {
        Ok(html) => match crate::output::write(sink, &Page::output_path(PAGE_URL), &html) {
            Ok(()) => written += 1,
            Err(d) => problems.push(d),
        },
        Err(d) => problems.push(d),
    }
    let facets = facets(site);
    problems.extend(state.update(&site.pages, &facets, keys, (sink, retain)));
    (written, problems)
}

/// The bytes of a JSON value (for `index.json`).
fn json_bytes<T: serde::Serialize>(value: &T) -> Arc<[u8]> {
    Arc::from(serde_json::to_vec(value).unwrap_or_default())
}
