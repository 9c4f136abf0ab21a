//! Keeping the Woo output cheap on a one-note edit in `nota serve`.
//!
//! The DiWoo sitemaps and the inventory list every note of the site, so a
//! naive rebuild costs time in proportion to the whole site on every save:
//! placing 10,000 records, making their rows, assembling megabytes of XML
//! and letting the leak guard read it all again. This module runs the Woo
//! stage (`crate::woo`), with reuse of what provably did not change:
//!
//! - **Per note**: a note's placement among the sitemaps, its DiWoo record
//!   (the `<url>` element) and its inventory row are taken from the previous
//!   build when the note's Markdown key is the same (that key covers the
//!   note's text, paths and all settings, which is everything they read).
//!   Lookups go by that 32-byte key in a map that hashes it cheaply and is
//!   kept from build to build, so an unchanged note costs one lookup and no
//!   allocation. A changed note's record is made again, and hashed.
//! - **Per sitemap file**: a file's key covers its category, its number,
//!   the settings and templates (`Files::base`) and the hashes of
//!   exactly its records' bytes, in order. An edit that leaves a note's
//!   record as it was (most edits change the body, not the metadata) leaves
//!   its file's key as it was: the file is handed on as the very same
//!   `Arc<[u8]>`, which the leak guard admits without reading it. Only files
//!   whose key changed are assembled.
//! - **The inventory**: its key is the hash of the row keys in input order,
//!   so the CSV and the page are made again only when a row changed, and
//!   the rows are sorted only then.
//!
//! Keys only ever cover more than an output reads; a plain build starts
//! with an empty [`Cache`] and makes everything.

use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::config::woo::Publication;
use crate::diagnostic::Diagnostic;
use crate::incremental::key::{Key, KeyBuilder};
use crate::page::Page;
use crate::woo::diwoo::{self, Limits, Placement, Sitemaps};
use crate::woo::{self, Contribution};

/// Maps by [`Key`] (already a uniform hash, so a cheap hasher will do).
type KeyMap<T> = rustc_hash::FxHashMap<Key, T>;

/// A note's contribution with the hashes its reuse compares.
#[derive(Debug, Clone)]
struct Noted {
    contribution: Contribution,
    /// The hash of the record's bytes, when it is placed.
    record_hash: Option<Key>,
    /// A hash of the row's content; `None` when it could not be made.
    row_key: Option<Key>,
}

impl Noted {
    fn of(page: &Page, publication: &Publication, config: &Config) -> Self {
        let contribution = woo::contribution(page, publication, config);
        Self {
            record_hash: contribution.record.as_deref().map(blake3::hash),
            row_key: KeyBuilder::new("inventory row").finish_with_serialized(&*contribution.row),
            contribution,
        }
    }
}

/// The sitemap files of one run of records.
struct Run {
    files: Vec<Arc<[u8]>>,
}

/// One run's key, and its files once they are known.
struct Slot {
    key: Option<Key>,
    files: Option<Vec<Arc<[u8]>>>,
}

/// The Woo results of one build, kept for the next.
#[derive(Default)]
pub struct Cache {
    /// The outputs base key (settings and templates) they were made under.
    base: Option<Key>,
    /// Each note's contribution, and the last build that used it.
    notes: KeyMap<(Noted, u64)>,
    /// A number for each build, to tell which notes it used.
    build: u64,
    runs: KeyMap<Run>,
}

/// The Woo stage of one build, with the Markdown keys of its notes.
pub struct Step<'a> {
    rebuild: Rebuild,
    /// The Markdown keys of the published pages (site order) and of the
    /// unpublished ones.
    keys: (&'a [Option<Key>], &'a [Option<Key>]),
}

impl<'a> Step<'a> {
    /// Starts from `previous` when it was made under the same `base` (the
    /// settings and templates).
    pub fn new(previous: Cache, base: Key, keys: (&'a [Option<Key>], &'a [Option<Key>])) -> Self {
        Self {
            rebuild: Rebuild::new(previous, base),
            keys,
        }
    }

    /// The Woo output of `pages` (site order) and the `unpublished` notes;
    /// tells `files` the key of the inventory's rows.
    pub fn output(
        &mut self,
        config: &Config,
        pages: (&[Page], &[Page]),
        files: &super::files::Files<'_>,
    ) -> woo::Output {
        let Some(publication) = &config.woo.publication else {
            return woo::Output {
                sitemaps: Ok(Sitemaps {
                    files: Vec::new(),
                    indexes: Vec::new(),
                }),
                rows: Vec::new(),
            };
        };
        let (output, inventory_key) = self.rebuild.output(config, publication, pages, self.keys);
        files.set_inventory_key(inventory_key);
        output
    }

    /// What the next build may reuse.
    pub fn finish(self) -> Cache {
        self.rebuild.finish()
    }
}

/// One build's Woo step: the previous build's results to take from and the
/// next ones being gathered.
struct Rebuild {
    base: Key,
    previous: Cache,
    next: Cache,
}

impl Rebuild {
    /// Starts from `previous` when it was made under the same `base`.
    fn new(previous: Cache, base: Key) -> Self {
        let previous = if previous.base == Some(base) {
            previous
        } else {
            super::cache::free_in_background(previous);
            Cache::default()
        };
        Self {
            base,
            previous,
            next: Cache {
                base: Some(base),
                ..Cache::default()
            },
        }
    }

    /// The Woo output of `pages` (in site order) and the `unpublished`
    /// notes, whose Markdown keys are `keys`; and the key of the inventory
    /// (see [`Rebuild::inventory_key`]).
    fn output(
        &mut self,
        config: &Config,
        publication: &Publication,
        (pages, unpublished): (&[Page], &[Page]),
        (page_keys, unpublished_keys): (&[Option<Key>], &[Option<Key>]),
    ) -> (woo::Output, Option<Key>) {
        let notes = self.notes(
            pages
                .iter()
                .zip(page_keys.iter().copied())
                .chain(unpublished.iter().zip(unpublished_keys.iter().copied())),
            publication,
            config,
        );
        let sitemaps = self.sitemaps(
            (pages, &notes[..pages.len()]),
            config,
            diwoo::WOO_INDEX_LIMITS,
        );
        let inventory_key = self.inventory_key(&notes);
        let rows = notes
            .into_iter()
            .map(|note| note.contribution.row)
            .collect();
        (woo::Output { sitemaps, rows }, inventory_key)
    }

    /// Every note's contribution, in the order given: from the previous
    /// build for notes whose Markdown key is unchanged. The previous map is
    /// updated in place (new notes added, notes of no key dropped) rather
    /// than moved entry by entry into a new one.
    fn notes<'p>(
        &mut self,
        notes: impl IntoIterator<Item = (&'p Page, Option<Key>)>,
        publication: &Publication,
        config: &Config,
    ) -> Vec<Noted> {
        let build = self.previous.build.wrapping_add(1);
        let mut map = std::mem::take(&mut self.previous.notes);
        // Unchanged notes are found (and marked as used) in one pass; the
        // others are made in parallel (all of them, in a cold build).
        let found: Vec<(&Page, Option<Key>, Option<Noted>)> = notes
            .into_iter()
            .map(|(page, key)| {
                let known = key.and_then(|key| {
                    let (note, used_in) = map.get_mut(&key)?;
                    *used_in = build;
                    Some(note.clone())
                });
                (page, key, known)
            })
            .collect();
        let contributions: Vec<(Option<Key>, bool, Noted)> = found
            .into_par_iter()
            .map(|(page, key, known)| match known {
                Some(note) => (key, false, note),
                None => (key, true, Noted::of(page, publication, config)),
            })
            .collect();
        let contributions = contributions
            .into_iter()
            .map(|(key, made, note)| {
                if let (Some(key), true) = (key, made) {
                    map.insert(key, (note.clone(), build));
                }
                note
            })
            .collect();
        map.retain(|_, (_, used_in)| *used_in == build);
        self.next.notes = map;
        self.next.build = build;
        contributions
    }

    /// The DiWoo sitemaps of `pages` (whose contributions are `notes`, in
    /// site order).
    fn sitemaps(
        &mut self,
        (pages, notes): (&[Page], &[Noted]),
        config: &Config,
        limits: Limits,
    ) -> Result<Sitemaps, Diagnostic> {
        let mut placed: Vec<(Placement, &str)> = Vec::new();
        let mut sources: Vec<usize> = Vec::new();
        for (index, (page, note)) in pages.iter().zip(notes).enumerate() {
            if let Some(placement) = note.contribution.placement {
                placed.push((placement, page.url.as_str()));
                sources.push(index);
            }
        }
        let per_file = limits.max_urls.min(diwoo::SITEMAP_URLS);
        let categories = diwoo::layout(&placed, per_file);
        let record_of = |at: usize| &notes[sources[at]];
        let mut slots = self.reuse_runs(&categories, |at| record_of(at).record_hash);
        for (category, slots) in categories.iter().zip(&mut slots) {
            for (run, slot) in category.runs.iter().zip(slots.iter_mut()) {
                if slot.files.is_some() {
                    continue;
                }
                let records: Vec<&[u8]> = run
                    .iter()
                    .map(|&at| record_of(at).contribution.record.as_deref().unwrap_or(&[]))
                    .collect();
                let files = diwoo::run_files(&records, limits)?;
                slot.files = Some(files.clone());
                if let Some(key) = slot.key {
                    self.next.runs.insert(key, Run { files });
                }
            }
        }
        let files = slots
            .into_iter()
            .map(|slots| {
                slots
                    .into_iter()
                    .flat_map(|slot| slot.files.unwrap_or_default())
                    .collect()
            })
            .collect();
        diwoo::numbered_files(&categories, files, &config.base_url, limits)
    }

    /// For every run of every category, its key and its files when the
    /// previous build made them for that key.
    fn reuse_runs(
        &mut self,
        categories: &[diwoo::Category],
        key_of: impl Fn(usize) -> Option<Key>,
    ) -> Vec<Vec<Slot>> {
        categories
            .iter()
            .map(|category| {
                category
                    .runs
                    .iter()
                    .enumerate()
                    .map(|(number, run)| {
                        let members = run.iter().map(|&at| key_of(at));
                        let key = self.run_key(category.infocat, number, members);
                        let files = key.and_then(|k| self.reuse_run(k));
                        Slot { key, files }
                    })
                    .collect()
            })
            .collect()
    }

    /// The key of one run: the category, its number, the base and the
    /// hashes of its records in order; `None` when one has none.
    fn run_key(
        &self,
        infocat: &str,
        number: usize,
        members: impl ExactSizeIterator<Item = Option<Key>>,
    ) -> Option<Key> {
        let mut key = KeyBuilder::new("diwoo-sitemap");
        key.key(&self.base)
            .part(infocat.as_bytes())
            .part(&number.to_le_bytes())
            .part(&members.len().to_le_bytes());
        for member in members {
            key.key(&member?);
        }
        Some(key.finish())
    }

    /// The files of a run made for `key` by the previous build, moved into
    /// the next one.
    fn reuse_run(&mut self, key: Key) -> Option<Vec<Arc<[u8]>>> {
        let run = self.previous.runs.remove(&key)?;
        let files = run.files.clone();
        self.next.runs.insert(key, run);
        Some(files)
    }

    /// The key of the inventory (CSV and page): the base and every row's
    /// key in the order given; `None` when a row has none.
    fn inventory_key(&self, notes: &[Noted]) -> Option<Key> {
        let mut key = KeyBuilder::new("inventory");
        key.key(&self.base).part(&notes.len().to_le_bytes());
        for note in notes {
            key.key(note.row_key.as_ref()?);
        }
        Some(key.finish())
    }

    /// The results to keep for the next build.
    fn finish(self) -> Cache {
        super::cache::free_in_background(self.previous);
        self.next
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_maps_tell_keys_apart() {
        let mut map: KeyMap<u32> = KeyMap::default();
        let keys: Vec<Key> = (0..1000u32)
            .map(|i| KeyBuilder::new("t").part(&i.to_le_bytes()).finish())
            .collect();
        for (i, key) in keys.iter().enumerate() {
            map.insert(*key, i as u32);
        }
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(map.get(key), Some(&(i as u32)));
        }
    }
}
