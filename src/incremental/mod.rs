//! Reuse between builds: the layer beside the stages that makes a one-note
//! edit in `nota serve` cheap.
//!
//! The stages are plain functions of their inputs and know nothing of this
//! layer. The pipeline calls each stage through a [`Build`], which decides
//! what must be made again and calls the same stage functions for that;
//! what a stage made (documents, pages, HTML, Woo contributions, the leak
//! guard's verdicts) is kept for the next build in a [`cache::Generation`].
//! A plain `build` or `check` starts from an empty generation and keeps
//! nothing, so every stage runs on every note: there is one code path.
//!
//! - [`listing`]: `content/` patched for the paths the watcher names, and
//!   unchanged notes' text taken instead of read;
//! - [`notes`]: a note's front matter and page, by the key of their inputs;
//! - this module: the site order and related notes (recomputed only when a
//!   page's URL, date or topics, or the order of pages, changed) and the
//!   per-page checks (reused when the page and every link target are the
//!   same);
//! - [`files`]: index pages, feeds, note pages and Woo files, through the
//!   rendering's `Reuse`;
//! - [`woo`]: per-note Woo contributions and whole sitemap files;
//! - [`verdicts`]: the leak guard's verdicts on unchanged files.
//!
//! Keys only ever cover *more* than an output reads, so a stale reuse is
//! impossible by construction; the cost of over-covering is a re-render.

pub mod cache;
pub mod files;
pub mod key;
pub mod listing;
pub mod notes;
pub mod verdicts;
pub mod woo;

use rustc_hash::FxHashMap as HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::check::{self, SitePaths};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::front_matter::{Document, Unread};
use crate::index::{Site, related};
use crate::load::{Content, LoadError};
use crate::output::Sink;
use crate::page::Page;
use crate::render::templates::{LiveReload, Templates};
use cache::{BuildCache, Entry, Generation, Reuse, free_in_background};
use files::{Files, Kept};
use key::{Key, KeyBuilder};
pub use listing::Changes;
use notes::{DocumentKey, PageKeys};
use verdicts::Remembered;

/// The search index of one build: the state the previous build kept, and
/// the pages' keys.
pub struct SearchStep {
    state: crate::search::live::State,
    keys: Vec<Option<Key>>,
    retain: bool,
}

impl SearchStep {
    /// Hands [`SearchStep::write`] a reading of the site's pages begun
    /// ahead (see `search::live::State::read_ahead`).
    pub fn read_ahead(&mut self, reading: crate::search::index::Reading) {
        self.state.read_ahead(reading);
    }

    /// Writes the search index of `site`; returns the problems writing.
    pub fn write(&mut self, site: &Site, sink: &dyn Sink) -> Vec<Diagnostic> {
        crate::search::write_index(site, &self.keys, (sink, self.retain), &mut self.state)
    }
}

/// The reuse of one build: the previous generation to take from, the next
/// one being filled, and the keys of what travels through the stages by
/// value until the build stores it.
pub struct Build {
    previous: Generation,
    next: Generation,
    /// Hash of the site settings; part of every front-matter key.
    settings: Key,
    /// Front-matter keys of the documents in flight, by source path.
    document_keys: HashMap<PathBuf, DocumentKey>,
    /// Markdown keys (and what else a page carries) of the pages in
    /// flight, by source path.
    page_keys: HashMap<PathBuf, PageKeys>,
    /// The Markdown key of every published page in site order, and of every
    /// unpublished one.
    site_keys: Vec<Option<Key>>,
    /// The digest of what links can point at on every published page, in
    /// site order.
    site_targets: Vec<Key>,
    unpublished_keys: Vec<Option<Key>>,
    /// The documents of this build, kept for the next.
    documents: Vec<Document>,
    reuse: Reuse,
    /// Whether this build's results are kept for the next (`nota serve`).
    /// A one-off build keeps nothing: holding every page's HTML until the
    /// end would only raise peak memory.
    retain: bool,
}

impl Build {
    /// Starts a build of `config` from what `cache` holds.
    pub fn start(cache: &BuildCache, config: &Config, retain: bool) -> Self {
        let previous = cache.take();
        let settings = KeyBuilder::new("settings")
            .part(format!("{config:?}").as_bytes())
            .finish();
        let next = Generation {
            documents: HashMap::with_capacity_and_hasher(
                previous.documents.len(),
                Default::default(),
            ),
            pages: HashMap::with_capacity_and_hasher(previous.pages.len(), Default::default()),
            checks: HashMap::with_capacity_and_hasher(previous.checks.len(), Default::default()),
            ..Generation::default()
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
            site_keys: Vec::new(),
            site_targets: Vec::new(),
            unpublished_keys: Vec::new(),
            documents: Vec::new(),
            reuse: Reuse::default(),
            retain,
        }
    }

    /// `content/`, loaded by the `load` stage or patched (see [`listing`]).
    pub fn load(&mut self, config: &Config, changes: &Changes) -> Result<Content, LoadError> {
        let content_dir = config.content_dir();
        let (content, stamps) = listing::load(
            &config.root,
            &content_dir,
            changes,
            self.previous.listing.as_ref(),
        )?;
        self.next.listing = listing::Listing::of(&content_dir, &content, &stamps);
        Ok(content)
    }

    /// The site, made by `index` (the `index` stage) from the previous
    /// build's site order (tried first) and, when nothing ranking reads
    /// changed, its related notes.
    pub fn index(
        &mut self,
        pages: Vec<Page>,
        index: impl FnOnce(
            Vec<Page>,
            &mut Vec<usize>,
            &mut (dyn FnMut(&[Page]) -> Arc<Vec<Vec<usize>>> + Send),
        ) -> Site,
    ) -> Site {
        let mut order = std::mem::take(&mut self.previous.site_order);
        let site = index(pages, &mut order, &mut |pages: &[Page]| self.related(pages));
        self.next.site_order = order;
        (self.site_keys, self.site_targets) = site
            .pages
            .iter()
            .map(|page| match self.page_keys.get(&page.source_path) {
                Some(keys) => (Some(keys.key), keys.link_targets),
                None => (None, notes::link_targets_of(&page.url, &page.facts.ids)),
            })
            .unzip();
        site
    }

    /// Every page's related notes, from the previous build when nothing
    /// that ranking reads changed.
    fn related(&mut self, pages: &[Page]) -> Arc<Vec<Vec<usize>>> {
        let key = related_key(pages);
        let related = match self.previous.related.take() {
            Some(entry) if entry.key == key => entry.value,
            _ => Arc::new(related::build(pages)),
        };
        self.next.related = Some(Entry {
            key,
            value: Arc::clone(&related),
        });
        related
    }

    /// Keeps the documents for the next build; a one-off build reads no
    /// source again and frees them now, before the pages are rendered, when
    /// the build needs the most memory.
    pub fn keep(&mut self, documents: Vec<Document>) {
        if self.retain {
            self.documents = documents;
        }
    }

    /// The per-page checks (`check::page_findings`) of the site's `pages`,
    /// reusing a page's findings when neither the page nor anything its
    /// links can point to changed. `other_paths` are the site paths besides
    /// the notes; `unread` the notes that have errors.
    pub fn checks(
        &mut self,
        pages: &[Page],
        other_paths: Vec<String>,
        unread: &[Unread],
    ) -> Vec<Diagnostic> {
        let targets = self.targets_key(&other_paths, unread);
        let keys: Vec<Option<Key>> = self
            .site_keys
            .iter()
            .map(|k| k.map(|k| KeyBuilder::new("checks").key(&k).key(&targets).finish()))
            .collect();
        let cached: Vec<Option<Vec<Diagnostic>>> = pages
            .iter()
            .zip(&keys)
            .map(|(page, key)| {
                key.and_then(|k| cache::reuse(&mut self.previous.checks, &page.url, &k))
            })
            .collect();
        // The edited page always misses; the (large) table of link targets is
        // kept between builds under its key, so one miss does not rebuild it.
        let site = cached.iter().any(Option::is_none).then(|| {
            let site = match self.previous.site_paths.take() {
                Some(entry) if entry.key == targets => entry.value,
                _ => Arc::new(SitePaths::new(pages, other_paths, unread)),
            };
            self.next.site_paths = Some(Entry {
                key: targets,
                value: Arc::clone(&site),
            });
            site
        });
        if site.is_none() {
            self.next.site_paths = self.previous.site_paths.take();
        }
        let found: Vec<Vec<Diagnostic>> = pages
            .par_iter()
            .zip(cached)
            .map(|(page, cached)| match (cached, &site) {
                (Some(found), _) => found,
                (None, Some(site)) => check::page_findings(page, site),
                (None, None) => unreachable!("site paths exist when a page is not cached"),
            })
            .collect();
        let mut all = Vec::new();
        for ((page, key), found) in pages.iter().zip(keys).zip(found) {
            all.extend(found.iter().cloned());
            if let Some(key) = key {
                self.next
                    .checks
                    .insert(page.url.clone(), Entry { key, value: found });
            }
        }
        all
    }

    /// Everything a link may point to: every page's URL and ids (by their
    /// digest), the other site paths and the notes that have errors.
    fn targets_key(&self, other_paths: &[String], unread: &[Unread]) -> Key {
        let mut key = KeyBuilder::new("link-targets");
        for path in other_paths {
            key.part(path.as_bytes());
        }
        key.part(&unread.len().to_le_bytes());
        for note in unread {
            key.part(note.path.as_os_str().as_encoded_bytes())
                .part(note.url.as_deref().unwrap_or("").as_bytes());
        }
        for digest in &self.site_targets {
            key.key(digest);
        }
        key.finish()
    }

    /// The leak guard's verdicts of the previous build, and a place for
    /// this build's.
    pub fn verdicts(&mut self) -> Remembered {
        Remembered::new(std::mem::take(&mut self.previous.admitted), self.retain)
    }

    /// The generated files of `site` (see [`files`]) and, with Woo output
    /// on, the Woo step for it and the `unpublished` notes.
    pub fn outputs<'a>(
        &'a mut self,
        config: &Config,
        (site, unpublished): (&'a Site, &[Page]),
        templates: (&Templates, Option<&LiveReload>),
    ) -> (Files<'a>, Option<woo::Step<'a>>) {
        self.unpublished_keys = unpublished
            .iter()
            .map(|p| self.page_keys.get(&p.source_path).map(|keys| keys.key))
            .collect();
        let previous = (
            std::mem::take(&mut self.previous.outputs),
            std::mem::take(&mut self.previous.html),
        );
        // With Woo output off, the previous build's Woo results stay for a
        // build that turns it on again.
        let woo_previous = config
            .woo
            .publication
            .is_some()
            .then(|| std::mem::take(&mut self.previous.woo));
        let this: &'a Self = self;
        let (templates, live_reload) = templates;
        let files = Files::new(
            (site, &this.site_keys),
            (&this.settings, files::templates_key(templates, live_reload)),
            previous,
            this.retain,
        );
        let step = woo_previous.map(|previous| {
            woo::Step::new(
                previous,
                files.base(),
                (&this.site_keys, &this.unpublished_keys),
            )
        });
        (files, step)
    }

    /// What writing the search index needs (see `search::live`), taken out
    /// so that the index can be written while the pages are; give it back
    /// with [`Self::keep_search`].
    pub fn take_search(&mut self) -> SearchStep {
        SearchStep {
            state: std::mem::take(&mut self.previous.search),
            keys: self.site_keys.clone(),
            retain: self.retain,
        }
    }

    /// Whether this build's search index reads every page (rather than
    /// overlay the previous build's): then reading them ahead pays.
    pub fn search_reads_every_page(&self) -> bool {
        self.previous.search.reads_every_page(self.retain)
    }

    /// Keeps the search state for the next build.
    pub fn keep_search(&mut self, step: SearchStep) {
        self.next.search = step.state;
    }

    /// Stores what the next build may reuse (put together on another
    /// thread after this returns) and says what this build reused. `made`
    /// is what rendering left, when it ran: the files, and the Woo results
    /// when Woo output is on.
    pub fn finish(
        mut self,
        cache: &BuildCache,
        pages: Vec<Page>,
        made: Option<(Kept, Option<woo::Cache>)>,
        verdicts: Remembered,
    ) -> Reuse {
        self.next.admitted = verdicts.finish();
        match made {
            Some((kept, woo)) => {
                self.reuse.outputs = kept.reused_outputs;
                self.reuse.html = kept.reused_html;
                self.next.outputs = kept.outputs;
                self.next.html = kept.html;
                self.next.woo = woo.unwrap_or_else(|| std::mem::take(&mut self.previous.woo));
            }
            None => {
                // Nothing was rendered: keep what the build after the fix
                // can use.
                self.next.outputs = std::mem::take(&mut self.previous.outputs);
                self.next.html = std::mem::take(&mut self.previous.html);
                self.next.woo = std::mem::take(&mut self.previous.woo);
                self.next.search = std::mem::take(&mut self.previous.search);
            }
        }
        let reuse = self.reuse;
        if self.retain {
            // The next build's cache is put together while this build's site
            // goes to the browser.
            cache.store_later(move || {
                let documents = std::mem::take(&mut self.documents);
                self.keep_documents(documents);
                self.keep_pages(pages);
                free_in_background(self.previous);
                self.next
            });
        }
        reuse
    }
}

/// What `related::build` reads: the pages' order, URLs, dates and topics.
fn related_key(pages: &[Page]) -> Key {
    let mut key = KeyBuilder::new("related");
    for page in pages {
        let date = page.meta.date;
        key.part(page.url.as_bytes())
            .part(&date.year().to_le_bytes())
            .part(&[date.month() as u8, date.day() as u8])
            .part(&page.meta.topics.len().to_le_bytes());
        for topic in &page.meta.topics {
            key.part(topic.as_bytes());
        }
    }
    key.finish()
}
