//! The per-note stages again: a note's front matter and its page are taken
//! from the previous build when everything they were made from is the same.
//!
//! - front matter: its key is the settings, the note's paths and its full
//!   text (an unchanged note's text, handed on by `listing`, is recognised
//!   by its allocation without comparing it);
//! - the page (Markdown) and what the pipeline's `make` found with it (the
//!   personal-data check's findings among them): its key is the
//!   front-matter key, plus the URL of every note when the body can link to
//!   another note by path (`markdown::may_link_by_path`). The front-matter
//!   key covers everything the personal-data check reads: the note (its
//!   accept entries) and the settings (`[personal_data]`).

use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;

use super::Build;
use super::cache::{self, Entry};
use crate::diagnostic::Diagnostic;
use crate::disclosure::Withheld;
use crate::front_matter::{Document, Failed, Unread};
use crate::incremental::key::{Key, KeyBuilder};
use crate::load::Source;
use crate::markdown;
use crate::page::{Findings, Page};

/// A note's parsed front matter and what it was parsed from.
pub struct CachedDocument {
    /// The site settings' key at the time.
    settings: Key,
    /// The note's path relative to the site root and to `content/`.
    path: PathBuf,
    rel: PathBuf,
    /// The note's text when parsing failed (a document keeps its own).
    failed_text: Option<Arc<String>>,
    result: Result<Document, Failed>,
    /// Whether the body can link to other notes by path.
    links_by_path: bool,
}

impl CachedDocument {
    /// The note's text as it was parsed.
    fn text(&self) -> &str {
        match (&self.result, &self.failed_text) {
            (Ok(doc), _) => &doc.source.text,
            (Err(_), Some(text)) => text,
            (Err(_), None) => "",
        }
    }

    /// The note's text as it was parsed, shared.
    fn shared_text(&self) -> Option<Arc<String>> {
        match (&self.result, &self.failed_text) {
            (Ok(doc), _) => Some(Arc::clone(&doc.source.text)),
            (Err(_), text) => text.clone(),
        }
    }

    /// Whether this entry was parsed from exactly `source` under `settings`.
    /// A text handed on from this very entry is not compared again.
    fn matches(&self, settings: &Key, source: &Source) -> bool {
        self.settings == *settings
            && self.rel == source.rel
            && (self
                .shared_text()
                .is_some_and(|text| Arc::ptr_eq(&text, &source.text))
                || self.text() == source.text.as_str())
    }
}

/// A note's page, what making it found, and the digest of what links can
/// point at on it (its URL and ids), which the link checks' key is made of.
pub struct CachedPage {
    page: Page,
    findings: Findings,
    link_targets: Key,
}

/// A document's key and whether its body can link to notes by path.
#[derive(Debug, Clone, Copy)]
pub(super) struct DocumentKey {
    key: Key,
    links_by_path: bool,
}

/// What a page in flight carries besides itself until the build stores it.
pub(super) struct PageKeys {
    /// The Markdown key.
    pub(super) key: Key,
    pub(super) link_targets: Key,
    findings: Findings,
}

impl Build {
    /// Every note's document, parsed by `parse` unless the previous build
    /// parsed the same text under the same settings, and the notes whose
    /// front matter has errors; problems go to `diagnostics`.
    pub fn front_matter(
        &mut self,
        sources: Vec<Source>,
        parse: impl Fn(Source) -> Result<Document, Failed> + Sync,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> (Vec<Document>, Vec<Unread>) {
        let settings = self.settings;
        let previous = &self.previous.documents;
        let unchanged: Vec<bool> = sources
            .par_iter()
            .map(|source| {
                previous
                    .get(&source.path)
                    .is_some_and(|entry| entry.value.matches(&settings, source))
            })
            .collect();
        let slots: Vec<_> = sources
            .into_iter()
            .zip(unchanged)
            .map(|(source, unchanged)| {
                let cached = unchanged
                    .then(|| self.previous.documents.remove(&source.path))
                    .flatten();
                match cached {
                    Some(entry) => {
                        self.reuse.documents += 1;
                        Ok(entry)
                    }
                    None => Err(source),
                }
            })
            .collect();
        let results: Vec<Entry<CachedDocument>> = slots
            .into_par_iter()
            .map(|slot| slot.unwrap_or_else(|source| parse_one(&parse, &settings, source)))
            .collect();
        let mut documents = Vec::with_capacity(results.len());
        let mut unread = Vec::new();
        for Entry { key, value } in results {
            if let Err(failed) = &value.result {
                diagnostics.extend(failed.problems.iter().cloned());
                unread.push(failed.note.clone());
                self.next
                    .documents
                    .insert(value.path.clone(), Entry { key, value });
                continue;
            }
            self.document_keys.insert(
                value.path.clone(),
                DocumentKey {
                    key,
                    links_by_path: value.links_by_path,
                },
            );
            if let Ok(doc) = value.result {
                documents.push(doc);
            }
        }
        (documents, unread)
    }

    /// Every document's page, made by `make` unless the previous build made
    /// it from the same inputs (links by path resolve against the URLs of
    /// the `documents` and of the `unread` notes); the findings go to
    /// `diagnostics`, and the withheld passages of every page are returned
    /// with the pages.
    pub fn pages(
        &mut self,
        (documents, unread): (&[Document], &[Unread]),
        make: impl Fn(&Document) -> (Page, Findings) + Sync,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> (Vec<Page>, Vec<Withheld>) {
        let urls_key = note_urls_key(documents, unread);
        let keys: Vec<Option<Key>> = documents
            .par_iter()
            .map(|doc| self.markdown_key(doc, &urls_key))
            .collect();
        let slots: Vec<_> = documents
            .iter()
            .zip(keys)
            .map(|(doc, key)| {
                let cached =
                    key.and_then(|k| cache::reuse(&mut self.previous.pages, &doc.source.path, &k));
                if cached.is_some() {
                    self.reuse.pages += 1;
                }
                (doc, key, cached)
            })
            .collect();
        let made: Vec<(Option<Key>, CachedPage)> = slots
            .into_par_iter()
            .map(|(doc, key, cached)| {
                let made = cached.unwrap_or_else(|| {
                    let (page, findings) = make(doc);
                    CachedPage {
                        link_targets: link_targets_of(&page.url, &page.facts.ids),
                        page,
                        findings,
                    }
                });
                (key, made)
            })
            .collect();
        let mut pages = Vec::with_capacity(made.len());
        let mut withheld = Vec::new();
        for (key, made) in made {
            let CachedPage {
                page,
                findings,
                link_targets,
            } = made;
            diagnostics.extend(findings.diagnostics.iter().cloned());
            withheld.extend(findings.withheld.iter().cloned());
            if let Some(key) = key {
                self.page_keys.insert(
                    page.source_path.clone(),
                    PageKeys {
                        key,
                        link_targets,
                        findings,
                    },
                );
            }
            pages.push(page);
        }
        (pages, withheld)
    }

    /// Everything rendering a body reads: the document (via its key) and,
    /// when the body can link to other notes by path, the URLs of all notes.
    fn markdown_key(&self, doc: &Document, urls_key: &Key) -> Option<Key> {
        let document = self.document_keys.get(&doc.source.path)?;
        let mut key = KeyBuilder::new("markdown");
        key.key(&document.key);
        if document.links_by_path {
            key.key(urls_key);
        }
        Some(key.finish())
    }

    /// Moves the documents a build used into the next generation.
    pub(super) fn keep_documents(&mut self, documents: Vec<Document>) {
        for doc in documents {
            if let Some(key) = self.document_keys.remove(&doc.source.path) {
                self.next.documents.insert(
                    doc.source.path.clone(),
                    Entry {
                        key: key.key,
                        value: CachedDocument {
                            settings: self.settings,
                            path: doc.source.path.clone(),
                            rel: doc.source.rel.clone(),
                            failed_text: None,
                            result: Ok(doc),
                            links_by_path: key.links_by_path,
                        },
                    },
                );
            }
        }
    }

    /// Moves the pages a build used into the next generation.
    pub(super) fn keep_pages(&mut self, pages: Vec<Page>) {
        for page in pages {
            if let Some(keys) = self.page_keys.remove(&page.source_path) {
                self.next.pages.insert(
                    page.source_path.clone(),
                    Entry {
                        key: keys.key,
                        value: CachedPage {
                            page,
                            findings: keys.findings,
                            link_targets: keys.link_targets,
                        },
                    },
                );
            }
        }
    }
}

/// Parses one note's front matter with `parse`, with the key of everything
/// it read: site settings, paths and full text.
fn parse_one(
    parse: &(impl Fn(Source) -> Result<Document, Failed> + Sync),
    settings: &Key,
    source: Source,
) -> Entry<CachedDocument> {
    let key = KeyBuilder::new("front-matter")
        .key(settings)
        .part(source.path.as_os_str().as_encoded_bytes())
        .part(source.rel.as_os_str().as_encoded_bytes())
        .part(source.text.as_bytes())
        .finish();
    let path = source.path.clone();
    let rel = source.rel.clone();
    let links_by_path = markdown::may_link_by_path(&source.text);
    let failed_text = source.text.clone();
    let result = parse(source);
    Entry {
        key,
        value: CachedDocument {
            settings: *settings,
            path,
            rel,
            failed_text: result.is_err().then_some(failed_text),
            result,
            links_by_path,
        },
    }
}

/// The URL of every note, in the documents' (sorted) order, then those of
/// the notes that have errors.
fn note_urls_key(documents: &[Document], unread: &[Unread]) -> Key {
    let mut key = KeyBuilder::new("note-urls");
    key.part(&documents.len().to_le_bytes());
    for doc in documents {
        key.part(doc.source.rel.as_os_str().as_encoded_bytes())
            .part(doc.url.as_bytes());
    }
    key.part(&unread.len().to_le_bytes());
    for note in unread {
        key.part(note.rel.as_os_str().as_encoded_bytes())
            .part(note.url.as_deref().unwrap_or("").as_bytes());
    }
    key.finish()
}

/// The digest of a page's URL and ids: what a link can point at on it.
pub(super) fn link_targets_of(url: &str, ids: &[String]) -> Key {
    let mut key = KeyBuilder::new("link-targets of a page");
    key.part(url.as_bytes()).part(&ids.len().to_le_bytes());
    for id in ids {
        key.part(id.as_bytes());
    }
    key.finish()
}
