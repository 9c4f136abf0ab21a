//! Site paths that two notes, or a note and nota itself, would both take.
//!
//! Found as soon as every note's URL is known (after the front matter), so
//! that no later stage has to cope with two pages at one path.

use rustc_hash::FxHashMap as HashMap;

use crate::diagnostic::{self, Diagnostic, Location};
use crate::front_matter::Document;

/// Site paths that nota generates itself and notes may not take, with what
/// nota uses them for.
const RESERVED_URLS: &[(&str, &str)] = &[
    ("/", "the home page"),
    (crate::url::PUBLICATIONS, "the list of all publications"),
    (
        crate::url::ACCESSIBILITY_STATEMENT,
        "the accessibility statement",
    ),
    (crate::search::PAGE_URL, "the search page"),
    (crate::woo::inventory::PAGE_URL, "the Woo inventory"),
];

/// An error for every note at a reserved path, and for every note at the
/// path of an earlier one.
pub fn unique(documents: &[Document]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let mut first_by_url: HashMap<&str, &Document> = HashMap::default();
    for doc in documents {
        if let Some((_, what)) = RESERVED_URLS.iter().find(|(url, _)| *url == doc.url) {
            diagnostics.push(
                Diagnostic::error(
                    "content/reserved-url",
                    format!(
                        "this note would be published at {}, which nota uses for {what}",
                        doc.url
                    ),
                )
                .at(Location::file(&doc.source.path))
                .help("move the note into a folder or give it a `slug`"),
            );
            continue;
        }
        match first_by_url.get(doc.url.as_str()) {
            Some(first) => diagnostics.push(
                Diagnostic::error(
                    "content/duplicate-url",
                    format!(
                        "this note and {} would both be published at {}",
                        diagnostic::display_path(&first.source.path),
                        doc.url
                    ),
                )
                .at(doc.key_location(if doc.meta.slug.is_some() {
                    "slug"
                } else {
                    "title"
                }))
                .help("give one of them a different `slug` or file name"),
            ),
            None => {
                first_by_url.insert(&doc.url, doc);
            }
        }
    }
    diagnostics
}
