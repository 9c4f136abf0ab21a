//! Site-wide views over all pages, built once per build: the list of notes
//! newest first, every taxonomy's terms, and each note's related notes.
//! Order is fully determined by the content (date, then title, then URL; terms
//! in Dutch index order), never by the order threads finished in.

pub mod collate;
pub mod pagination;
pub mod related;
pub mod taxonomy;

use rustc_hash::FxHashMap as HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::config::index::{Field, IndexSettings};
use crate::diagnostic::{Diagnostic, Location};
use crate::front_matter::Document;
use crate::page::Page;
use taxonomy::{Locate, TaxonomyIndex};

/// All published pages of a site with their indexes, in display order.
#[derive(Debug, Default)]
pub struct Site {
    /// Newest first.
    pub pages: Vec<Page>,
    /// One per configured taxonomy, in `nota.toml` order.
    pub taxonomies: Vec<TaxonomyIndex>,
    /// For every page, the indices of its related pages (best first);
    /// shared, so that a later build can hand them on.
    pub related: std::sync::Arc<Vec<Vec<usize>>>,
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
    let related = |pages: &[Page]| std::sync::Arc::new(related::build(pages));
    build_with(
        pages,
        documents,
        settings,
        diagnostics,
        (related, &mut Vec::new()),
        |_: &[Page], _: &AtomicBool| {},
    )
}

/// [`build`], with the related notes of the sorted pages from `related`
/// (`related::build`, or what an earlier build found for the same pages).
/// `order` holds an order to try first (an earlier build's site order, as
/// positions in `pages`), and receives this build's. `beside` runs on
/// the sorted pages beside the indexes, on a core they leave idle; the
/// flag it is given is set when the indexes are done, and it should then
/// stop soon: the stage ends when both have returned.
pub fn build_with(
    pages: Vec<Page>,
    documents: &[Document],
    settings: &IndexSettings,
    diagnostics: &mut Vec<Diagnostic>,
    (related, order): (
        impl FnOnce(&[Page]) -> std::sync::Arc<Vec<Vec<usize>>> + Send,
        &mut Vec<usize>,
    ),
    beside: impl FnOnce(&[Page], &AtomicBool) + Send,
) -> Site {
    *order = site_order(&pages, order);
    let pages = in_order(pages, order);
    let locator = DocumentLocator::new(documents);
    check_reserved_prefixes(&pages, settings, diagnostics);
    let done = AtomicBool::new(false);
    let ((built, related), ()) = rayon::join(
        || {
            // Taxonomies are independent: built side by side, findings in
            // order.
            let built: Vec<(TaxonomyIndex, Vec<Diagnostic>)> = settings
                .taxonomies
                .par_iter()
                .map(|t| {
                    let mut found = Vec::new();
                    (taxonomy::build(t, &pages, &locator, &mut found), found)
                })
                .collect();
            let related = related(&pages);
            done.store(true, Ordering::Relaxed);
            (built, related)
        },
        || beside(&pages, &done),
    );
    let taxonomies = built
        .into_iter()
        .map(|(index, found)| {
            diagnostics.extend(found);
            index
        })
        .collect();
    Site {
        pages,
        taxonomies,
        related,
    }
}

/// Newest first, then by title and URL, as positions in `pages`. URLs are
/// unique, so the order is strict and there is exactly one. When `hint`
/// (the previous build's order) still puts the pages in strictly that order,
/// it is that order: checking costs one comparison per page, sorting many.
fn site_order(pages: &[Page], hint: &[usize]) -> Vec<usize> {
    let precedes = |a: usize, b: usize| {
        let (a, b) = (&pages[a], &pages[b]);
        b.meta
            .date
            .cmp(&a.meta.date)
            .then_with(|| a.meta.title.cmp(&b.meta.title))
            .then_with(|| a.url.cmp(&b.url))
    };
    let hint_holds = hint.len() == pages.len()
        && is_permutation(hint)
        && hint
            .windows(2)
            .all(|w| precedes(w[0], w[1]) == std::cmp::Ordering::Less);
    if hint_holds {
        return hint.to_vec();
    }
    let mut order: Vec<usize> = (0..pages.len()).collect();
    order.sort_by(|&a, &b| precedes(a, b));
    order
}

fn is_permutation(order: &[usize]) -> bool {
    let mut seen = vec![false; order.len()];
    order
        .iter()
        .all(|&i| i < seen.len() && !std::mem::replace(&mut seen[i], true))
}

/// The pages in `order`, each moved once: a page is large, and sorting
/// thousands of them in place moves each many times.
fn in_order(pages: Vec<Page>, order: &[usize]) -> Vec<Page> {
    let mut slots: Vec<Option<Page>> = pages.into_iter().map(Some).collect();
    order
        .iter()
        .filter_map(|&index| slots[index].take())
        .collect()
}

/// Notes may not live under an index's URL: their pages would mix with the
/// term pages.
fn check_reserved_prefixes(
    pages: &[Page],
    settings: &IndexSettings,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let reserved: Vec<(String, &crate::config::index::Taxonomy)> =
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

/// Finds values in the notes' front matter, for precise findings. The
/// table by path is made on the first finding: most builds have none.
struct DocumentLocator<'a> {
    documents: &'a [Document],
    by_path: std::sync::OnceLock<HashMap<&'a Path, &'a Document>>,
}

impl<'a> DocumentLocator<'a> {
    fn new(documents: &'a [Document]) -> Self {
        Self {
            documents,
            by_path: std::sync::OnceLock::new(),
        }
    }

    fn document(&self, source_path: &Path) -> Option<&'a Document> {
        let by_path = self.by_path.get_or_init(|| {
            self.documents
                .iter()
                .map(|d| (d.source.path.as_path(), d))
                .collect()
        });
        by_path.get(source_path).copied()
    }
}

impl Locate for DocumentLocator<'_> {
    fn locate(&self, source_path: &Path, key: &str, needle: &str) -> Location {
        let Some(document) = self.document(source_path) else {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn page(url: &str, date: &str, title: &str) -> Page {
        Page::sample(url, date, title)
    }

    #[test]
    fn the_site_order_is_newest_first_then_title_then_url_whatever_the_hint() {
        let mut pages = vec![
            page("/b/", "2024-01-01", "Zelfde"),
            page("/a/", "2024-01-01", "Zelfde"),
            page("/c/", "2024-03-01", "Nieuw"),
            page("/d/", "2023-05-01", "Aap"),
        ];
        let sorted = vec![2, 1, 0, 3];
        assert_eq!(site_order(&pages, &[]), sorted);
        assert_eq!(site_order(&pages, &sorted), sorted, "a hint that holds");
        for stale in [
            vec![0, 1, 2, 3],
            vec![2, 1, 0],
            vec![2, 2, 0, 3],
            vec![9, 1, 0, 3],
        ] {
            assert_eq!(site_order(&pages, &stale), sorted, "{stale:?}");
        }
        // A date change makes the previous order wrong: it is sorted again.
        pages[3].meta.date = "2025-01-01".parse().unwrap();
        assert_eq!(site_order(&pages, &sorted), vec![3, 2, 1, 0]);
        // Two notes at one URL (an error reported elsewhere) never pass as
        // a strict order, so the hint is not trusted: the sort keeps them
        // in input order.
        pages[1].url = "/b/".into();
        assert_eq!(site_order(&pages, &[3, 2, 1, 0]), vec![3, 2, 0, 1]);
    }
}
