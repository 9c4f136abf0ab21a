//! Site-wide views over all pages, built once per build: the list of notes
//! newest first, every taxonomy's terms, and each note's related notes.
//! Order is fully determined by the content (date, then title, then URL; terms
//! in Dutch index order), never by the order threads finished in.

pub mod collate;
pub mod pagination;
pub mod related;
pub mod settings;
pub mod taxonomy;

use rustc_hash::FxHashMap as HashMap;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Location};
use crate::front_matter::Document;
use crate::page::Page;
use settings::{Field, IndexSettings};
use taxonomy::{Locate, TaxonomyIndex};

/// All published pages of a site with their indexes, in display order.
#[derive(Debug, Default)]
pub struct Site {
    /// Newest first.
    pub pages: Vec<Page>,
    /// One per configured taxonomy, in `nota.toml` order.
    pub taxonomies: Vec<TaxonomyIndex>,
    /// For every page, the indices of its related pages (best first).
    pub related: Vec<Vec<usize>>,
}

impl Site {
    /// The index of the taxonomy over `field`, if the site has one.
    pub fn taxonomy(&self, field: Field) -> Option<&TaxonomyIndex> {
        self.taxonomies.iter().find(|t| t.taxonomy.field == field)
    }
}

/// Sorts the pages and builds every index; findings go to `diagnostics`.
/// `documents` are the notes the pages came from, for positions in messages.
pub fn build(
    pages: Vec<Page>,
    documents: &[Document],
    settings: &IndexSettings,
    diagnostics: &mut Vec<Diagnostic>,
) -> Site {
    build_with(pages, documents, settings, diagnostics, related::build)
}

/// [`build`], with the related notes of the sorted pages from `related`
/// (which `nota serve` answers from its cache when nothing they depend on
/// changed).
pub fn build_with(
    pages: Vec<Page>,
    documents: &[Document],
    settings: &IndexSettings,
    diagnostics: &mut Vec<Diagnostic>,
    related: impl FnOnce(&[Page]) -> Vec<Vec<usize>>,
) -> Site {
    let pages = in_site_order(pages);
    let locator = DocumentLocator::new(documents);
    check_reserved_prefixes(&pages, settings, diagnostics);
    let taxonomies = settings
        .taxonomies
        .iter()
        .map(|t| taxonomy::build(t, &pages, &locator, diagnostics))
        .collect();
    let related = related(&pages);
    Site {
        pages,
        taxonomies,
        related,
    }
}

/// Newest first, then by title and URL (a stable sort). The order is found
/// on indices and the pages are moved once: a page is large, and sorting
/// thousands of them in place moves each many times.
fn in_site_order(pages: Vec<Page>) -> Vec<Page> {
    let mut order: Vec<usize> = (0..pages.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&pages[a], &pages[b]);
        b.meta
            .date
            .cmp(&a.meta.date)
            .then_with(|| a.meta.title.cmp(&b.meta.title))
            .then_with(|| a.url.cmp(&b.url))
    });
    let mut slots: Vec<Option<Page>> = pages.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|index| slots[index].take())
        .collect()
}

/// Notes may not live under an index's URL: their pages would mix with the
/// term pages.
fn check_reserved_prefixes(
    pages: &[Page],
    settings: &IndexSettings,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let reserved: Vec<(String, &crate::index::settings::Taxonomy)> =
        settings.taxonomies.iter().map(|t| (t.url(), t)).collect();
    for page in pages {
        let taken = reserved
            .iter()
            .find(|(url, _)| page.url.starts_with(url.as_str()))
            .map(|(_, t)| *t);
        if let Some(taxonomy) = taken {
            diagnostics.push(
                Diagnostic::error(
                    "content/reserved-url",
                    format!(
                        "this note would be published at {}, inside the index {} (\"{}\")",
                        page.url,
                        taxonomy.url(),
                        taxonomy.title
                    ),
                )
                .at(Location::file(page.source_path.clone()))
                .help("move the note to another folder, or give the taxonomy another `path` in nota.toml"),
            );
        }
    }
}

/// Finds values in the notes' front matter, for precise findings.
struct DocumentLocator<'a> {
    by_path: HashMap<&'a Path, &'a Document>,
}

impl<'a> DocumentLocator<'a> {
    fn new(documents: &'a [Document]) -> Self {
        Self {
            by_path: documents
                .iter()
                .map(|d| (d.source.path.as_path(), d))
                .collect(),
        }
    }
}

impl Locate for DocumentLocator<'_> {
    fn locate(&self, source_path: &Path, key: &str, needle: &str) -> Location {
        let Some(document) = self.by_path.get(source_path) else {
            return Location::file(source_path);
        };
        let Some(&key_line) = document.key_lines.get(key) else {
            return document.key_location(key);
        };
        let text = &document.source.text;
        let found = text
            .lines()
            .enumerate()
            .skip(key_line - 1)
            .take_while(|(i, line)| *i == key_line - 1 || line.starts_with([' ', '\t', '-']))
            .find_map(|(i, line)| line.find(needle).map(|byte| (i + 1, line, byte)));
        match found {
            Some((line_number, line, byte)) => {
                let column = line[..byte].chars().count() + 1;
                Location::in_text(source_path, text, line_number, column)
                    .with_width(needle.chars().count())
            }
            None => document.key_location(key),
        }
    }
}
