//! Reusing per-note work between builds: what makes a one-note edit in
//! `nota serve` cheap on a site with thousands of notes.
//!
//! Every build goes through the same stages with the same reuse layer; there
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
//! variables derived from other notes) must add it to its key in this
//! layer, or the serve preview would show stale pages.
//!
//! Each build takes the previous generation out, moves the entries it can
//! reuse (no copying of note texts), and stores the new generation at the end
//! (put together on a background thread, see [`BuildCache::store_later`]):
//! entries of deleted or renamed notes are dropped automatically. The
//! largest maps (page HTML, the Woo results) are instead updated in place:
//! only what changed is replaced, and entries no page uses are removed.

use crate::sync::MutexExt;
use rustc_hash::FxHashMap as HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::diagnostic::Diagnostic;
use crate::incremental::key::Key;

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
    pub(crate) documents: HashMap<PathBuf, Entry<super::notes::CachedDocument>>,
    /// Pages (rendered Markdown) by source path.
    pub(crate) pages: HashMap<PathBuf, Entry<super::notes::CachedPage>>,
    /// Rendered page HTML by site path.
    pub(crate) html: super::files::Html,
    /// Generated files other than note pages (index pages, feeds, Woo
    /// files), by their site path.
    pub(crate) outputs: super::files::Outputs,
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
    pub(crate) listing: Option<super::listing::Listing>,
    /// What the leak guard found clean, to skip re-reading unchanged files.
    pub(crate) admitted: super::verdicts::Admitted,
    /// Per-note Woo results and whole sitemap files (see `incremental::woo`).
    pub(crate) woo: super::woo::Cache,
    /// The search index and what `nota serve` overlays it with.
    pub(crate) search: crate::search::live::State,
}

/// A cached value and the key it was computed for.
#[derive(Clone)]
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
        let pending = self.pending.locked().take();
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
                let assemble = shared.locked().take();
                assemble.map(|assemble| assemble()).unwrap_or_default()
            });
        match spawned {
            Ok(handle) => {
                *self.pending.locked() = Some(handle);
            }
            Err(_) => {
                let assemble = slot.locked().take();
                if let Some(assemble) = assemble {
                    self.store(assemble());
                }
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Generation> {
        self.generation.locked()
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
    use crate::incremental::key::KeyBuilder;

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
