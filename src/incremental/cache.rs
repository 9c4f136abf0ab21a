//! Reusing per-note work between builds: what makes a one-note edit in
//! `nota serve` cheap on a site with thousands of notes.
//!
//! The cache lives *inside* the normal pipeline (`pipeline::run_with`); there
//! is no second, fast code path that could drift from `build`. A plain build
//! starts with an empty cache, so every lookup misses and the result is the
//! same as without it.
//!
//! Every entry is stored under a [`Key`]: a BLAKE3 hash of *all* inputs of
//! that stage for that note, and it is used only when the new key is equal.
//! Keys are chained, so a change anywhere upstream invalidates downstream:
//!
//! - front matter: site settings, the note's paths and its full text;
//! - Markdown: the front-matter key, plus the map of note URLs when the body
//!   can link to another note by path (it mentions `.md`);
//! - page HTML: the Markdown key, plus the templates (and live-reload setting).
//!
//! Whoever adds an input to one of these stages (e.g. new per-page template
//! variables derived from other notes) must add it to the key here, or the
//! serve preview would show stale pages.
//!
//! Each build takes the previous generation out, moves the entries it can
//! reuse (no copying of note texts), and stores the new generation at the end
//! (put together on a background thread, see [`BuildCache::store_later`]):
//! entries of deleted or renamed notes are dropped automatically. The
//! largest maps (page HTML, the Woo results) are instead updated in place:
//! only what changed is replaced, and entries no page uses are removed.

use rustc_hash::FxHashMap as HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use crate::diagnostic::Diagnostic;
use crate::disclosure::Withheld;
use crate::front_matter::Document;
use crate::key::Key;
use crate::load::{Source, Stamp};
use crate::page::Page;

/// Results of earlier builds, kept between the rebuilds of `nota serve`.
#[derive(Default)]
pub struct BuildCache {
    generation: Mutex<Generation>,
    /// A generation still being put together after its build returned
    /// (see [`BuildCache::store_later`]).
    pending: Mutex<Option<std::thread::JoinHandle<Generation>>>,
}

/// One build's reusable results.
#[derive(Default)]
pub struct Generation {
    /// Parsed front matter by source path.
    pub(crate) documents: HashMap<PathBuf, Entry<CachedDocument>>,
    /// Rendered Markdown by source path.
    pub(crate) pages: HashMap<PathBuf, Entry<(Page, NoteFindings)>>,
    /// Rendered page HTML by site path.
    pub(crate) html: HashMap<String, Entry<Arc<[u8]>>>,
    /// Generated files other than note pages (index pages, feeds, Woo
    /// files) and reusable parts of them, by an id (usually the site path).
    pub(crate) outputs: HashMap<String, Entry<Arc<[u8]>>>,
    /// The site order of the pages (positions in the documents' order),
    /// tried first by the next build's sort.
    pub(crate) site_order: Vec<usize>,
    /// Every note's related notes, under the key of what ranking reads.
    pub(crate) related: Option<Entry<Arc<Vec<Vec<usize>>>>>,
    /// The findings of the per-page checks, by site path.
    pub(crate) checks: HashMap<String, Entry<Vec<Diagnostic>>>,
    /// Every site path and id that links may point to, under its key.
    pub(crate) site_paths: Option<Entry<Arc<crate::check::SitePaths>>>,
    /// The files found under `content/`, to patch when the watcher names
    /// what changed.
    pub(crate) listing: Option<crate::incremental::Listing>,
    /// What the leak guard admitted, to skip re-reading unchanged files.
    pub(crate) admitted: crate::disclosure::leak_guard::Admitted,
    /// Per-note Woo results and whole sitemap files (see `incremental::woo`).
    pub(crate) woo: crate::incremental::woo::Cache,
}

/// A note's parsed front matter and what it was parsed from.
pub struct CachedDocument {
    /// The site settings' key at the time.
    pub settings: Key,
    /// The note's path relative to the site root and to `content/`.
    pub path: PathBuf,
    pub rel: PathBuf,
    /// The note's text when parsing failed (a document keeps its own).
    pub failed_text: Option<Arc<String>>,
    pub result: Result<Document, Vec<Diagnostic>>,
    /// Whether the body can link to other notes by path (mentions `.md`).
    pub links_by_path: bool,
}

impl CachedDocument {
    /// The note's text as it was parsed.
    pub fn text(&self) -> &str {
        match (&self.result, &self.failed_text) {
            (Ok(doc), _) => &doc.source.text,
            (Err(_), Some(text)) => text,
            (Err(_), None) => "",
        }
    }

    /// The note's text as it was parsed, shared.
    pub fn shared_text(&self) -> Option<Arc<String>> {
        match (&self.result, &self.failed_text) {
            (Ok(doc), _) => Some(Arc::clone(&doc.source.text)),
            (Err(_), text) => text.clone(),
        }
    }

    /// Whether this entry was parsed from exactly `source` under `settings`.
    /// A text handed on from this very entry is not compared again.
    pub fn matches(&self, settings: &Key, source: &Source) -> bool {
        self.settings == *settings
            && self.rel == source.rel
            && (self
                .shared_text()
                .is_some_and(|text| Arc::ptr_eq(&text, &source.text))
                || self.text() == source.text.as_str())
    }
}

/// What rendering a note's Markdown found besides the page: its findings and
/// the passages it removed (which the leak guard needs on every build, also
/// when the page itself comes from the cache).
#[derive(Debug, Clone, Default)]
pub struct NoteFindings {
    pub diagnostics: Vec<Diagnostic>,
    pub withheld: Vec<Withheld>,
}

/// A document's key and whether its body can link to notes by path.
#[derive(Debug, Clone, Copy)]
pub struct DocumentKey {
    pub key: Key,
    pub links_by_path: bool,
}

/// A cached value and the key it was computed for.
pub struct Entry<T> {
    pub key: Key,
    pub value: T,
}

/// Reuse counters of one build, for `nota serve`'s summary line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Reuse {
    pub documents: usize,
    pub pages: usize,
    pub html: usize,
    /// Index pages, feeds and Woo files (and parts of them).
    pub outputs: usize,
}

impl BuildCache {
    /// Takes the previous generation out for one build, waiting for one
    /// that is still being put together. A generation whose assembly failed
    /// is replaced by an empty one: the build then starts cold.
    pub fn take(&self) -> Generation {
        let pending = self
            .pending
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(assembly) = pending {
            return assembly.join().unwrap_or_default();
        }
        std::mem::take(&mut *self.lock())
    }

    /// Stores the generation a build produced.
    pub fn store(&self, generation: Generation) {
        *self.lock() = generation;
    }

    /// Stores the generation that `assemble` puts together, on another
    /// thread: moving ten thousand pages and documents into the next
    /// generation's maps is bookkeeping for the *next* build, and need not
    /// delay handing this build's site to the browser. The next [`take`]
    /// waits for it.
    ///
    /// [`take`]: BuildCache::take
    pub fn store_later(&self, assemble: impl FnOnce() -> Generation + Send + 'static) {
        // The work sits in a slot so that it can still be done here when no
        // thread can be started.
        let slot = Arc::new(Mutex::new(Some(assemble)));
        let shared = Arc::clone(&slot);
        let spawned = std::thread::Builder::new()
            .name("nota-cache".into())
            .spawn(move || {
                let assemble = shared.lock().ok().and_then(|mut s| s.take());
                assemble.map(|assemble| assemble()).unwrap_or_default()
            });
        match spawned {
            Ok(handle) => {
                *self.pending.lock().unwrap_or_else(PoisonError::into_inner) = Some(handle);
            }
            Err(_) => {
                let assemble = slot.lock().ok().and_then(|mut s| s.take());
                if let Some(assemble) = assemble {
                    self.store(assemble());
                }
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Generation> {
        self.generation
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// The bookkeeping of one build: the previous generation to reuse from, the
/// next one being filled, and the keys of values that travel through the
/// pipeline by value until the build stores them.
pub struct Memo {
    pub(crate) previous: Generation,
    pub(crate) next: Generation,
    /// Hash of the site settings; part of every front-matter key.
    pub(crate) settings: Key,
    /// Front-matter keys of the documents in flight, by source path.
    pub(crate) document_keys: HashMap<PathBuf, DocumentKey>,
    /// Markdown keys and findings of the pages in flight, by source path.
    pub(crate) page_keys: HashMap<PathBuf, (Key, NoteFindings)>,
    pub(crate) reuse: Reuse,
    /// Whether this build's results are kept for the next (see `Session`).
    pub(crate) retain: bool,
}

impl Memo {
    pub fn new(previous: Generation, settings: Key) -> Self {
        let next = Generation {
            documents: HashMap::with_capacity_and_hasher(
                previous.documents.len(),
                Default::default(),
            ),
            pages: HashMap::with_capacity_and_hasher(previous.pages.len(), Default::default()),
            html: HashMap::with_capacity_and_hasher(previous.html.len(), Default::default()),
            outputs: HashMap::default(),
            site_order: Vec::new(),
            related: None,
            checks: HashMap::with_capacity_and_hasher(previous.checks.len(), Default::default()),
            site_paths: None,
            listing: None,
            admitted: crate::disclosure::leak_guard::Admitted::default(),
            woo: crate::incremental::woo::Cache::default(),
        };
        Self {
            document_keys: HashMap::with_capacity_and_hasher(
                previous.documents.len(),
                Default::default(),
            ),
            page_keys: HashMap::with_capacity_and_hasher(previous.pages.len(), Default::default()),
            previous,
            next,
            settings,
            reuse: Reuse::default(),
            retain: true,
        }
    }

    /// Moves the documents a build used into the next generation.
    pub fn keep_documents(&mut self, documents: Vec<Document>) {
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
    pub fn keep_pages(&mut self, pages: Vec<Page>) {
        for page in pages {
            if let Some((key, findings)) = self.page_keys.remove(&page.source_path) {
                self.next.pages.insert(
                    page.source_path.clone(),
                    Entry {
                        key,
                        value: (page, findings),
                    },
                );
            }
        }
    }

    /// The text of a note the previous build read, if `now` shows that the
    /// file has not changed since.
    pub fn known_text(&self, path: &Path, now: &Stamp) -> Option<Arc<String>> {
        let (text, before) = self.previous.listing.as_ref()?.known(path)?;
        before.unchanged(now).then(|| Arc::clone(text))
    }

    /// The generation for the next build, and what this one reused.
    pub fn finish(self) -> (Generation, Reuse) {
        let Memo {
            previous,
            next,
            reuse,
            ..
        } = self;
        free_in_background(previous);
        (next, reuse)
    }
}

/// Frees what the previous build left over on another thread: thousands of
/// entries (paths, pages, Woo fragments) whose freeing would otherwise delay
/// handing the new site to the browser.
pub fn free_in_background<T: Send + 'static>(value: T) {
    // When no thread can be started, the closure (and `value`) is dropped
    // here instead.
    let _ = std::thread::Builder::new()
        .name("nota-free".into())
        .spawn(move || drop(value));
}

/// Generated files of one build that may come from the previous build: any
/// thread of the build can ask for one, and what it gets (reused or newly
/// rendered) is kept for the next build.
///
/// An output is reused only when its [`Key`] covers everything its renderer
/// reads; a `None` key never reuses.
#[derive(Default)]
pub struct Outputs {
    previous: HashMap<String, Entry<Arc<[u8]>>>,
    next: Mutex<HashMap<String, Entry<Arc<[u8]>>>>,
    reused: AtomicUsize,
}

impl Outputs {
    pub fn new(previous: HashMap<String, Entry<Arc<[u8]>>>) -> Self {
        Self {
            previous,
            ..Self::default()
        }
    }

    /// The output `id` made for `key`: from the previous build when it was
    /// made for the same key, otherwise from `render`.
    pub fn get_or_render<E>(
        &self,
        id: &str,
        key: Option<Key>,
        render: impl FnOnce() -> Result<Vec<u8>, E>,
    ) -> Result<Arc<[u8]>, E> {
        let Some(key) = key else {
            return render().map(Arc::from);
        };
        let bytes = match self.previous.get(id) {
            Some(entry) if entry.key == key => {
                self.reused.fetch_add(1, Ordering::Relaxed);
                Arc::clone(&entry.value)
            }
            _ => Arc::from(render()?),
        };
        self.next
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(
                id.to_string(),
                Entry {
                    key,
                    value: Arc::clone(&bytes),
                },
            );
        Ok(bytes)
    }

    /// How many outputs came from the previous build.
    pub fn reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed)
    }

    /// What the next build may reuse: this build's outputs, or the previous
    /// ones when this build rendered nothing (it stopped on errors).
    pub fn finish(self, rendered: bool) -> HashMap<String, Entry<Arc<[u8]>>> {
        if rendered {
            free_in_background(self.previous);
            self.next
                .into_inner()
                .unwrap_or_else(PoisonError::into_inner)
        } else {
            self.previous
        }
    }
}

/// Takes the entry for `id` out of `previous` when it was computed for `key`.
pub fn reuse<K, T>(previous: &mut HashMap<K, Entry<T>>, id: &K, key: &Key) -> Option<T>
where
    K: std::hash::Hash + Eq,
{
    match previous.remove(id) {
        Some(entry) if entry.key == *key => Some(entry.value),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key::KeyBuilder;

    #[test]
    fn reuse_only_with_the_same_key() {
        let key = KeyBuilder::new("t").part(b"x").finish();
        let other = KeyBuilder::new("t").part(b"y").finish();
        let mut map = HashMap::default();
        map.insert("a", Entry { key, value: 1 });
        map.insert("b", Entry { key, value: 2 });
        assert_eq!(reuse(&mut map, &"a", &key), Some(1));
        assert_eq!(reuse(&mut map, &"b", &other), None);
        assert!(map.is_empty(), "a stale entry is dropped, not kept");
    }
}
