//! Generated files made by the previous build, handed on when what they are
//! made from is unchanged: the rendering's [`Reuse`] for `nota serve`.
//!
//! A file's key covers the settings and templates (every file reads them)
//! and what the rendering says the file is made from; a note stands in by
//! its Markdown key, which covers everything a note can contribute to any
//! file (its text, its paths and the settings). Note pages are kept in a
//! map of their own, updated in place: with one page changed, that is one
//! insertion, not ten thousand.

use crate::sync::MutexExt;
use rustc_hash::FxHashMap as HashMap;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use super::cache::{Entry, free_in_background};
use crate::diagnostic::Diagnostic;
use crate::incremental::key::{Key, KeyBuilder};
use crate::index::Site;
use crate::render::Reuse;
use crate::render::templates::{LiveReload, Templates};

/// Generated files other than note pages (index pages, feeds, Woo files)
/// by an id (their site path).
pub type Outputs = HashMap<String, Entry<Arc<[u8]>>>;
/// Note pages' HTML by site path.
pub type Html = HashMap<String, Entry<Arc<[u8]>>>;
/// Newly made note pages by their position in the site's order.
type NewPages = Vec<(usize, Entry<Arc<[u8]>>)>;

/// The files of one build, from the previous build where their keys are
/// unchanged; what this build makes or reuses is kept for the next one.
pub struct Files<'a> {
    site: &'a Site,
    /// The Markdown key of every page, in site order.
    page_keys: &'a [Option<Key>],
    /// The settings, templates and live-reload setting.
    base: Key,
    /// The templates and live-reload setting.
    templates_key: Key,
    /// For every taxonomy and each of its terms, the key of its link.
    term_keys: Vec<Vec<Key>>,
    /// The key of the Woo inventory's rows, once they are known.
    inventory: OnceLock<Option<Key>>,
    retain: bool,
    outputs: Outputs,
    next_outputs: Mutex<Outputs>,
    reused_outputs: AtomicUsize,
    html: Html,
    /// Per page (site order): [`NOT_KEPT`], [`UNCHANGED`] or [`NEW`].
    kept: Vec<AtomicU8>,
    new_html: Mutex<NewPages>,
}

const NOT_KEPT: u8 = 0;
const UNCHANGED: u8 = 1;
const NEW: u8 = 2;

/// What a build's files leave for the next build.
pub struct Kept {
    pub outputs: Outputs,
    pub html: Html,
    /// How many outputs and note pages came from the previous build.
    pub reused_outputs: usize,
    pub reused_html: usize,
}

impl<'a> Files<'a> {
    /// The files of `site`, whose pages have the Markdown keys `page_keys`,
    /// with the previous build's `outputs` and `html`; `settings` is the key
    /// of the site's settings, `templates_key` that of the templates
    /// ([`templates_key`]).
    pub fn new(
        (site, page_keys): (&'a Site, &'a [Option<Key>]),
        (settings, templates_key): (&Key, Key),
        (outputs, html): (Outputs, Html),
        retain: bool,
    ) -> Self {
        Self {
            site,
            page_keys,
            base: KeyBuilder::new("outputs")
                .key(settings)
                .key(&templates_key)
                .finish(),
            templates_key,
            term_keys: term_keys(site),
            inventory: OnceLock::new(),
            retain,
            outputs,
            next_outputs: Mutex::default(),
            reused_outputs: AtomicUsize::new(0),
            html,
            kept: site.pages.iter().map(|_| AtomicU8::new(NOT_KEPT)).collect(),
            new_html: Mutex::default(),
        }
    }

    /// The key of what every file shares (settings and templates).
    pub fn base(&self) -> Key {
        self.base
    }

    /// Sets the key of the Woo inventory's rows (`None`: never reuse).
    pub fn set_inventory_key(&self, key: Option<Key>) {
        let _ = self.inventory.set(key);
    }

    /// The output `id` made for `key`: from the previous build when it was
    /// made for the same key, otherwise from `make`; kept for the next.
    fn get_or_make<E>(
        &self,
        id: &str,
        key: Option<Key>,
        make: impl FnOnce() -> Result<Vec<u8>, E>,
    ) -> Result<Arc<[u8]>, E> {
        let Some(key) = key else {
            return make().map(Arc::from);
        };
        let bytes = match self.outputs.get(id) {
            Some(entry) if entry.key == key => {
                self.reused_outputs.fetch_add(1, Ordering::Relaxed);
                Arc::clone(&entry.value)
            }
            _ => Arc::from(make()?),
        };
        self.next_outputs.locked().insert(
            id.to_string(),
            Entry {
                key,
                value: Arc::clone(&bytes),
            },
        );
        Ok(bytes)
    }

    /// What the next build may reuse. When this build rendered nothing (it
    /// stopped on errors), that is what the previous build left.
    pub fn finish(self, rendered: bool) -> Kept {
        let reused_outputs = self.reused_outputs.load(Ordering::Relaxed);
        if !rendered {
            return Kept {
                outputs: self.outputs,
                html: self.html,
                reused_outputs,
                reused_html: 0,
            };
        }
        free_in_background(self.outputs);
        let outputs = self.next_outputs.into_unlocked();
        let pages = &self.site.pages;
        let mut html = if self.retain {
            self.html
        } else {
            free_in_background(self.html);
            HashMap::default()
        };
        let (mut kept, mut reused_html) = (0, 0);
        for (page, state) in pages.iter().zip(&self.kept) {
            match state.load(Ordering::Relaxed) {
                UNCHANGED => {
                    reused_html += 1;
                    kept += 1;
                }
                NEW => kept += 1,
                _ => {
                    html.remove(&page.url);
                }
            }
        }
        let new = self.new_html.into_unlocked();
        for (index, entry) in new {
            html.insert(pages[index].url.clone(), entry);
        }
        if html.len() != kept {
            // Pages that are gone (deleted, renamed, now drafts).
            let live: rustc_hash::FxHashSet<&str> = pages.iter().map(|p| p.url.as_str()).collect();
            html.retain(|url, _| live.contains(url.as_str()));
        }
        Kept {
            outputs,
            html,
            reused_outputs,
            reused_html,
        }
    }
}

impl Reuse for Files<'_> {
    fn context_file<C: serde::Serialize, E>(
        &self,
        id: &str,
        context: &C,
        make: impl FnOnce() -> Result<Vec<u8>, E>,
    ) -> Result<Arc<[u8]>, E> {
        let mut key = KeyBuilder::new("context");
        key.key(&self.base);
        self.get_or_make(id, key.finish_with_serialized(context), make)
    }

    fn notes_file<E>(
        &self,
        id: &str,
        parts: &[&[u8]],
        shown: impl IntoIterator<Item = usize>,
        make: impl FnOnce() -> Result<Vec<u8>, E>,
    ) -> Result<Arc<[u8]>, E> {
        let key = (|| {
            let mut key = KeyBuilder::new("notes");
            key.key(&self.base).part(&parts.len().to_le_bytes());
            for part in parts {
                key.part(part);
            }
            for index in shown {
                key.key(self.page_keys.get(index).copied().flatten().as_ref()?);
            }
            Some(key.finish())
        })();
        self.get_or_make(id, key, make)
    }

    fn inventory_file<E>(
        &self,
        id: &str,
        make: impl FnOnce() -> Result<Vec<u8>, E>,
    ) -> Result<Arc<[u8]>, E> {
        let rows = self.inventory.get().copied().flatten();
        let key = rows.map(|rows| KeyBuilder::new(id).key(&self.base).key(&rows).finish());
        self.get_or_make(id, key, make)
    }

    fn note_page(
        &self,
        index: usize,
        make: impl FnOnce() -> Result<Vec<u8>, Diagnostic>,
    ) -> Result<Arc<[u8]>, Diagnostic> {
        let page = &self.site.pages[index];
        let key = html_key(
            self.page_keys,
            index,
            &self.templates_key,
            (self.site, &self.term_keys),
        );
        let earlier = key.and_then(|k| {
            self.html
                .get(&page.url)
                .filter(|entry| entry.key == k)
                .map(|entry| Arc::clone(&entry.value))
        });
        if let Some(html) = earlier {
            if self.retain {
                self.kept[index].store(UNCHANGED, Ordering::Relaxed);
            }
            return Ok(html);
        }
        let html: Arc<[u8]> = Arc::from(make()?);
        if let (Some(key), true) = (key, self.retain) {
            self.new_html.locked().push((
                index,
                Entry {
                    key,
                    value: Arc::clone(&html),
                },
            ));
            self.kept[index].store(NEW, Ordering::Relaxed);
        }
        Ok(html)
    }
}

/// Everything besides the page that decides a page's HTML: the templates and
/// whether pages load the live-reload script.
pub fn templates_key(templates: &Templates, live_reload: Option<&LiveReload>) -> Key {
    let mut key = KeyBuilder::new("templates");
    for (name, text) in templates.sources() {
        key.part(name.as_bytes()).part(text.as_bytes());
    }
    key.part(format!("{live_reload:?}").as_bytes());
    key.finish()
}

/// For every taxonomy (in site order) and each of its terms, the key of the
/// term's link (name and URL): made once per term, so a page's key does not
/// format its terms' links again.
fn term_keys(site: &Site) -> Vec<Vec<Key>> {
    site.taxonomies
        .iter()
        .map(|index| {
            index
                .terms
                .iter()
                .map(|term| {
                    KeyBuilder::new("term link")
                        .part(index.taxonomy.field.name().as_bytes())
                        .part(term.name.as_bytes())
                        .part(index.term_url(term).as_bytes())
                        .finish()
                })
                .collect()
        })
        .collect()
}

/// The key of a page's HTML: its Markdown, the templates, and what the page
/// shows of other notes: its terms (the links that `index_pages::note_terms`
/// makes, by their [`term_keys`]), and its related notes (by their
/// Markdown keys, which cover everything a list entry shows). `None` (never
/// reused) when one of the notes has no Markdown key.
fn html_key(
    page_keys: &[Option<Key>],
    index: usize,
    templates_key: &Key,
    (site, term_keys): (&Site, &[Vec<Key>]),
) -> Option<Key> {
    let mut key = KeyBuilder::new("html");
    key.key(page_keys[index].as_ref()?).key(templates_key);
    for (taxonomy, keys) in site.taxonomies.iter().zip(term_keys) {
        let terms = &taxonomy.page_terms[index];
        key.part(taxonomy.taxonomy.field.name().as_bytes())
            .part(&terms.len().to_le_bytes());
        for &term in terms {
            key.key(&keys[term]);
        }
    }
    let related = &site.related[index];
    key.part(&related.len().to_le_bytes());
    for &other in related {
        key.key(page_keys[other].as_ref()?);
    }
    Some(key.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::Page;

    fn site() -> Site {
        Site {
            pages: vec![
                Page::sample("/a/", "2024-01-02", "A"),
                Page::sample("/b/", "2024-01-01", "B"),
            ],
            taxonomies: Vec::new(),
            related: Arc::new(vec![vec![1], vec![0]]),
        }
    }

    fn key(text: &str) -> Key {
        KeyBuilder::new("test").part(text.as_bytes()).finish()
    }

    /// Renders both note pages through `files`; returns which were made.
    fn render(files: &Files<'_>) -> Vec<bool> {
        (0..2)
            .map(|index| {
                let mut made = false;
                files
                    .note_page(index, || {
                        made = true;
                        Ok(format!("page {index}").into_bytes())
                    })
                    .unwrap();
                made
            })
            .collect()
    }

    #[test]
    fn a_note_page_is_made_again_when_it_or_a_related_note_changed() {
        let site = site();
        let settings = key("settings");
        let before = [Some(key("a")), Some(key("b"))];
        let first = Files::new(
            (&site, &before),
            (&settings, key("t")),
            Default::default(),
            true,
        );
        assert_eq!(render(&first), [true, true]);
        let kept = first.finish(true);
        assert_eq!(kept.html.len(), 2);

        let same = Files::new(
            (&site, &before),
            (&settings, key("t")),
            (kept.outputs, kept.html),
            true,
        );
        assert_eq!(render(&same), [false, false], "nothing changed");
        let kept = same.finish(true);
        assert_eq!(kept.reused_html, 2);

        // B changed: its page, and A's (which lists B as related), are made again.
        let after = [Some(key("a")), Some(key("b2"))];
        let changed = Files::new(
            (&site, &after),
            (&settings, key("t")),
            (kept.outputs, kept.html),
            true,
        );
        assert_eq!(render(&changed), [true, true]);
        let kept = changed.finish(true);

        // Other templates: every page is made again; no key: never reused.
        let templates = Files::new(
            (&site, &after),
            (&settings, key("t2")),
            (kept.outputs, kept.html),
            true,
        );
        assert_eq!(render(&templates), [true, true]);
        let kept = templates.finish(true);
        let unkeyed = [None, Some(key("b2"))];
        let files = Files::new(
            (&site, &unkeyed),
            (&settings, key("t2")),
            (kept.outputs, kept.html),
            true,
        );
        assert_eq!(render(&files), [true, true], "B lists A, which has no key");
        assert_eq!(files.finish(true).html.len(), 0);
    }

    #[test]
    fn a_file_is_reused_only_for_the_same_parts_and_notes() {
        let site = site();
        let settings = key("settings");
        let keys = [Some(key("a")), Some(key("b"))];
        let make = |files: &Files<'_>, parts: &[&[u8]], shown: &[usize]| {
            let mut made = false;
            files
                .notes_file("feed.xml", parts, shown.iter().copied(), || {
                    made = true;
                    Ok::<_, std::convert::Infallible>(b"feed".to_vec())
                })
                .unwrap();
            made
        };
        let first = Files::new(
            (&site, &keys),
            (&settings, key("t")),
            Default::default(),
            true,
        );
        assert!(make(&first, &[b"x"], &[0]));
        let kept = first.finish(true);
        let second = Files::new(
            (&site, &keys),
            (&settings, key("t")),
            (kept.outputs, kept.html),
            true,
        );
        assert!(!make(&second, &[b"x"], &[0]));
        let kept = second.finish(true);
        assert_eq!(kept.reused_outputs, 1);
        for (parts, shown) in [
            (&[&b"y"[..]][..], &[0][..]),
            (&[&b"x"[..]], &[1]),
            (&[&b"x"[..]], &[0, 1]),
        ] {
            let files = Files::new(
                (&site, &keys),
                (&settings, key("t")),
                (kept.outputs.clone(), Html::default()),
                true,
            );
            assert!(make(&files, parts, shown), "{parts:?} {shown:?}");
        }
    }
}
