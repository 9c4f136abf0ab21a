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
//! `compound`, `text`; building: `index` (with `word_table`); `nota serve`: `live`.

pub mod compound;
pub mod format;
pub mod index;
pub mod live;
pub mod note;
pub mod stem;
pub mod text;
pub mod word_table;

use std::sync::Arc;

use crate::config::Config;
use crate::config::index::Field;
use crate::diagnostic::Diagnostic;
use crate::index::Site;
use crate::output::Sink;

/// The search page.
pub const PAGE_URL: &str = "/zoeken/";
/// The template of the search page; a theme without it gets no search.
pub const TEMPLATE: &str = "zoeken.html";
/// The folder of the index files, under the site root.
pub const INDEX_DIR: &str = "zoeken/index";
/// The search page's script and style, static files of the theme: copied
/// only when the site has search.
pub const SCRIPT: &str = "zoeken.js";
pub const STYLE: &str = "zoeken.css";

/// `search` in `zoeken.html`: every URL the page and its script use, under
/// the site's base path.
#[derive(Debug, serde::Serialize)]
pub struct SearchView {
    /// The site's base path (`/sub`, or empty), for links in results.
    pub prefix: String,
    /// URL of the index folder, with a trailing slash.
    pub index: String,
    pub script: String,
    pub style: String,
}

impl SearchView {
    pub fn new(config: &Config) -> Self {
        let base = &config.base_path;
        Self {
            index: base.href(&format!("/{INDEX_DIR}/")),
            script: base.href(&format!("/{SCRIPT}")),
            style: base.href(&format!("/{STYLE}")),
            prefix: base.as_str().to_string(),
        }
    }
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

/// Writes the index of the site's pages (the search page itself is
/// rendered by the pipeline, with [`SearchView`]). `keys` are the pages'
/// keys in site order (see `live`); `state` is what `nota serve` keeps
/// between builds. Returns the problems writing.
pub fn write_index(
    site: &Site,
    keys: &[Option<blake3::Hash>],
    (sink, retain): (&dyn Sink, bool),
    state: &mut live::State,
) -> Vec<Diagnostic> {
    state.update(&site.pages, &facets(site), keys, (sink, retain))
}

/// The bytes of a JSON value (for `index.json`).
fn json_bytes<T: serde::Serialize>(value: &T) -> Arc<[u8]> {
    Arc::from(serde_json::to_vec(value).unwrap_or_default())
}
