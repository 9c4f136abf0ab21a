//! Reuse between builds: the layer beside the stages that makes a one-note
//! edit in `nota serve` cheap. It owns the store of per-note results kept
//! from build to build ([`cache`]), the reuse of the Woo output ([`woo`]) and
//! (this module) the site-wide steps, which otherwise cost time in
//! proportion to the whole site on every rebuild. Stages do not import it,
//! except `render::index_pages`, which still takes [`OutputKeys`].
//!
//! Each step here is still the normal step of the one pipeline; it only
//! skips work whose inputs are provably unchanged:
//!
//! - **Listing `content/`**: when the watcher names every changed path, the
//!   previous build's file list is patched for just those paths instead of
//!   walking and stat-ing every note. Any doubt (no hint, a rescan request
//!   from the watcher, a watcher error, a walk problem last time) means a
//!   full walk.
//! - **Related notes**: recomputed only when a page's URL, date or topics,
//!   or the order of pages, changed.
//! - **Per-page checks**: reused when the page and the set of site paths and
//!   ids that links may point to are unchanged.
//! - **Index pages, feeds and Woo files**: rendered only when their key
//!   changed; [`OutputKeys`] builds keys from the keys of the notes a file
//!   shows (which cover everything a note can contribute) or from the exact
//!   serialized template context.
//!
//! Keys only ever cover *more* than an output reads, so a stale reuse is
//! impossible by construction; the cost of over-covering is a re-render.

pub mod cache;
pub mod woo;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::check::{self, SitePaths};
use crate::config::CONFIG_FILE;
use crate::diagnostic::Diagnostic;
use crate::incremental::cache::{Entry, Generation, Memo, Outputs};
use crate::index::related;
use crate::key::{Key, KeyBuilder};
use crate::load::{self, Asset, Content, Known, Source, Stamp};
use crate::page::Page;

/// Which files changed since the previous build, as the watcher saw them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Changes {
    /// Unknown: every file must be looked at (first build, lost events).
    #[default]
    Unknown,
    /// Exactly these absolute paths (files or folders) changed.
    Paths(Vec<PathBuf>),
}

/// The files of `content/` as the previous build found them, with each
/// note as it was read: enough to skip walking the folder, and reading or
/// even looking up unchanged notes, when the watcher says what changed.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    /// The canonical `content/` folder the paths were found under.
    content_dir: PathBuf,
    /// Whether the walk and every read went without problems: only then
    /// can the listing stand in for a walk (one with problems is always
    /// repeated in full).
    complete: bool,
    /// Notes read without problems, sorted by path, with their stamps.
    notes: Vec<(Source, Option<Stamp>)>,
    assets: Vec<Asset>,
}

impl Listing {
    /// The listing of a build's content.
    pub fn of(content_dir: &Path, content: &Content) -> Option<Self> {
        Some(Self {
            content_dir: std::fs::canonicalize(content_dir).ok()?,
            complete: content.diagnostics.is_empty(),
            notes: content
                .sources
                .iter()
                .cloned()
                .zip(content.stamps.iter().copied())
                .collect(),
            assets: content.assets.clone(),
        })
    }

    /// The text of the note at `path` (relative to the site root) as it
    /// was read, and its stamp then.
    pub fn known(&self, path: &Path) -> Option<(&Arc<String>, &Stamp)> {
        let at = self
            .notes
            .binary_search_by(|(source, _)| source.path.as_path().cmp(path))
            .ok()?;
        let (source, stamp) = &self.notes[at];
        Some((&source.text, stamp.as_ref()?))
    }
}

/// Loads `content/`: by patching the previous listing for the changed paths
/// when that is safe, otherwise with a full walk.
pub fn load(
    root: &Path,
    content_dir: &Path,
    changes: &Changes,
    previous: &Generation,
    known: &Known<'_>,
) -> Result<Content, load::LoadError> {
    if let (Changes::Paths(paths), Some(listing)) = (changes, &previous.listing)
        && listing.complete
        && let Some(content) = load_changed(root, content_dir, paths, listing)
    {
        return Ok(content);
    }
    load::load_with(root, content_dir, known)
}

/// The previous listing with `changed` looked at again; `None` when that is
/// not possible (the content folder moved, a changed path cannot be walked).
fn load_changed(
    root: &Path,
    content_dir: &Path,
    changed: &[PathBuf],
    listing: &Listing,
) -> Option<Content> {
    let canonical = std::fs::canonicalize(content_dir).ok()?;
    if canonical != listing.content_dir {
        return None;
    }
    let canonical_root = std::fs::canonicalize(root).ok()?;
    let mut changed_rel: Vec<PathBuf> = Vec::new();
    for path in changed {
        if let Ok(rel) = path.strip_prefix(&canonical) {
            changed_rel.push(rel.to_path_buf());
        } else if !(path.starts_with(canonical_root.join("themes"))
            || path == &canonical_root.join(CONFIG_FILE))
        {
            // A path the watcher reported in a form we cannot place: look
            // at everything rather than guess.
            return None;
        }
    }
    if changed_rel.iter().any(|rel| rel.as_os_str().is_empty()) {
        // The watcher asked for a rescan of the whole folder.
        return None;
    }
    let touched = |rel: &Path| changed_rel.iter().any(|c| rel.starts_with(c));
    // Notes under changed paths are found and read again; every other note
    // keeps the text (and stamp) of the previous build, without a `stat`.
    let mut fresh: Vec<PathBuf> = Vec::new();
    let mut assets: Vec<Asset> = listing
        .assets
        .iter()
        .filter(|a| !touched(&a.rel))
        .cloned()
        .collect();
    for rel in &changed_rel {
        if rel.components().any(|c| load::is_ignored(c.as_os_str())) {
            continue;
        }
        let found = load::walk(root, content_dir, &content_dir.join(rel));
        if !found.diagnostics.is_empty() {
            return None;
        }
        fresh.extend(found.notes);
        assets.extend(found.assets);
    }
    fresh.sort();
    fresh.dedup();
    assets.sort_by(|a, b| a.rel.cmp(&b.rel));
    assets.dedup();
    let mut content = load::read_listed(fresh, assets, &|rel| {
        load::read_or_reuse(root, &content_dir.join(&rel), rel, &|_, _| None)
    });
    let kept = listing
        .notes
        .iter()
        .filter(|(source, _)| !touched(&source.rel));
    merge_by_rel(&mut content, kept);
    Some(content)
}

/// Merges the kept notes (sorted) into the freshly read ones (sorted; no
/// path in both), keeping `content` sorted by path.
fn merge_by_rel<'a>(
    content: &mut Content,
    kept: impl Iterator<Item = &'a (Source, Option<Stamp>)>,
) {
    let fresh: Vec<(Source, Option<Stamp>)> = std::mem::take(&mut content.sources)
        .into_iter()
        .zip(std::mem::take(&mut content.stamps))
        .collect();
    let mut fresh = fresh.into_iter().peekable();
    let mut kept = kept.peekable();
    loop {
        let take_fresh = match (fresh.peek(), kept.peek()) {
            (Some((new, _)), Some((old, _))) => new.rel < old.rel,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        let next = if take_fresh {
            fresh.next()
        } else {
            kept.next().cloned()
        };
        let Some((source, stamp)) = next else { break };
        content.sources.push(source);
        content.stamps.push(stamp);
    }
}

/// Every page's related notes, from the previous build when nothing that
/// ranking reads changed.
pub fn related(pages: &[Page], memo: &mut Memo) -> Arc<Vec<Vec<usize>>> {
    let key = related_key(pages);
    let related = match memo.previous.related.take() {
        Some(entry) if entry.key == key => entry.value,
        _ => Arc::new(related::build(pages)),
    };
    memo.next.related = Some(Entry {
        key,
        value: Arc::clone(&related),
    });
    related
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

/// The per-page checks, reusing a page's findings when neither the page nor
/// anything its links can point to changed. `other_paths` are the site paths
/// besides the notes (see `pipeline::other_site_paths`).
pub fn checks(
    pages: &[Page],
    page_keys: &[Option<Key>],
    other_paths: Vec<String>,
    memo: &mut Memo,
) -> Vec<Diagnostic> {
    let targets = targets_key(pages, &other_paths);
    let keys: Vec<Option<Key>> = page_keys
        .iter()
        .map(|k| k.map(|k| KeyBuilder::new("checks").key(&k).key(&targets).finish()))
        .collect();
    let cached: Vec<Option<Vec<Diagnostic>>> = pages
        .iter()
        .zip(&keys)
        .map(|(page, key)| {
            key.and_then(|k| {
                crate::incremental::cache::reuse(&mut memo.previous.checks, &page.url, &k)
            })
        })
        .collect();
    // The edited page always misses; the (large) table of link targets is
    // kept between builds under its key, so one miss does not rebuild it.
    let site = cached.iter().any(Option::is_none).then(|| {
        let site = match memo.previous.site_paths.take() {
            Some(entry) if entry.key == targets => entry.value,
            _ => Arc::new(SitePaths::new(pages, other_paths)),
        };
        memo.next.site_paths = Some(Entry {
            key: targets,
            value: Arc::clone(&site),
        });
        site
    });
    if site.is_none() {
        memo.next.site_paths = memo.previous.site_paths.take();
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
            memo.next
                .checks
                .insert(page.url.clone(), Entry { key, value: found });
        }
    }
    all
}

/// Everything a link may point to: every page's URL and ids (by their
/// digest, `Page::link_targets`), and the other site paths.
fn targets_key(pages: &[Page], other_paths: &[String]) -> Key {
    let mut key = KeyBuilder::new("link-targets");
    for path in other_paths {
        key.part(path.as_bytes());
    }
    for page in pages {
        key.key(&page.link_targets);
    }
    key.finish()
}

/// Keys of generated files, for [`Outputs`].
pub struct OutputKeys<'a> {
    pub outputs: &'a Outputs,
    /// The Markdown key of every page, in site order: it covers everything
    /// a note can contribute to any file (its text, path and the settings).
    pub page_keys: &'a [Option<Key>],
    /// The settings, templates and live-reload setting.
    base: Key,
}

impl<'a> OutputKeys<'a> {
    pub fn new(outputs: &'a Outputs, page_keys: &'a [Option<Key>], base: Key) -> Self {
        Self {
            outputs,
            page_keys,
            base,
        }
    }

    /// A key over `parts` and the notes (site indices) a file shows; `None`
    /// when one of them has no key.
    pub fn of_pages(
        &self,
        domain: &str,
        parts: &[&[u8]],
        pages: impl IntoIterator<Item = usize>,
    ) -> Option<Key> {
        let mut key = KeyBuilder::new(domain);
        key.key(&self.base);
        for part in parts {
            key.part(part);
        }
        for index in pages {
            key.key(self.page_keys.get(index).copied().flatten().as_ref()?);
        }
        Some(key.finish())
    }

    /// The key of what every output shares (settings and templates).
    pub fn base(&self) -> Key {
        self.base
    }

    /// A key over exactly what a renderer is given, serialized.
    pub fn of_value(&self, domain: &str, value: &impl serde::Serialize) -> Option<Key> {
        let mut key = KeyBuilder::new(domain);
        key.key(&self.base);
        key.finish_with_serialized(value)
    }
}

/// The key of everything a build's outputs share: the settings and the
/// templates' key (which includes the live-reload setting).
pub fn outputs_base(settings: &Key, templates: &Key) -> Key {
    KeyBuilder::new("outputs")
        .key(settings)
        .key(templates)
        .finish()
}
