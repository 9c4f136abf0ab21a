//! `nota serve`: the index follows every edit without being rebuilt.
//!
//! A full index (the *base*) is built when the session starts and whenever
//! the set or order of notes, or the facets, change. An edit that changes
//! only the text of a few notes instead writes an *overlay*: the edited
//! notes' words and positions, in the same line formats, in one small file
//! that `index.json` names with the numbers of the notes it replaces. The
//! browser ignores those notes in the base files and reads them from the
//! overlay. The base files are handed on as one set, the very same from
//! edit to edit (`output::FileSet`), so neither the leak guard nor the
//! in-memory site handles them one by one, and only the overlay, the
//! changed `d/` file and `index.json` are new: a one-note edit costs the
//! analysis of one note.
//!
//! The overlay gives exactly the results a full index would: it is used
//! only when no other word's compound split depends on a word that the
//! edit brought into or took out of the site (otherwise the base is
//! rebuilt), and at most [`MAX_OVERLAY`] notes are overlaid.

use crate::sync::MutexExt;
use rustc_hash::FxHashMap as HashMap;
use std::sync::{Arc, Mutex};

use super::compound;
use super::index::{self, Facet, Manifest, Overlay, Reading, Vocabulary};
use super::note::{self, NoteWords};
use crate::diagnostic::Diagnostic;
use crate::output;
use crate::output::{FileSet, Sink};
use crate::page::Page;
use blake3::Hash as Key;

/// The most notes an overlay holds before the base is rebuilt.
pub const MAX_OVERLAY: usize = 64;
/// The overlay's file name in the index folder.
pub const OVERLAY_FILE: &str = "overlay.txt";

/// What a `serve` session keeps between builds; empty for `build`.
#[derive(Default)]
pub struct State {
    base: Option<Base>,
    /// The reading of the pages the next update writes, when it was begun
    /// ahead (see [`State::read_ahead`]).
    ahead: Option<Reading>,
    /// Whether the last update used an overlay (for tests and timings).
    pub overlaid: Option<usize>,
}

/// A full index and what is needed to overlay it.
struct Base {
    /// Per document: its URL and page key.
    documents: Vec<(String, Option<Key>)>,
    /// The facets' fingerprint, to see whether they changed.
    facets: blake3::Hash,
    /// The vocabulary's words by id, and how many documents use each.
    words: Vec<Box<str>>,
    ids: HashMap<Box<str>, u32>,
    document_frequency: Vec<u32>,
    /// The word ids of every document.
    document_words: Vec<Vec<u32>>,
    /// `index.json` of the base.
    manifest: Manifest,
    /// The base's files by site path, handed on whole to every build until
    /// the base is rebuilt.
    set: Arc<FileSet>,
}

/// The index files of a session that keeps them.
pub struct IndexFiles {
    /// The base's files, by site path.
    pub base: Arc<FileSet>,
    /// The overlay, changed `d/` files and `index.json`, by path under the
    /// index folder: they go before the base's files of the same path.
    pub own: Vec<(String, Arc<[u8]>)>,
}

impl IndexFiles {
    /// Every file by path under the index folder, as a reader sees them
    /// (for tests: the server reads them through `output::MemorySite`).
    #[cfg(test)]
    pub fn merged(&self) -> Vec<(String, Arc<[u8]>)> {
        let prefix = format!("{}/", super::INDEX_DIR);
        let mut out: Vec<(String, Arc<[u8]>)> = self
            .base
            .sorted()
            .into_iter()
            .filter_map(|(path, bytes)| {
                let path = path.strip_prefix(&prefix)?;
                let replaced = self.own.iter().any(|(own, _)| own == path);
                (!replaced).then(|| (path.to_string(), Arc::clone(bytes)))
            })
            .collect();
        out.extend(self.own.iter().cloned());
        out
    }
}

impl State {
    /// Whether the next update reads every page: always in a one-off
    /// build; in a session that keeps its index, when it has no base yet
    /// (later edits overlay the base, or rebuild it in the update). Only
    /// then is reading the pages ahead worth it: reading is most of the
    /// index's work and needs only the pages in site order, so the
    /// pipeline does it beside the index and the checks, on a core they
    /// leave idle.
    pub fn reads_every_page(&self, retain: bool) -> bool {
        !retain || self.base.is_none()
    }

    /// Hands the next update a reading of its pages begun ahead. A reading
    /// of other pages is not used (see [`Reading`]).
    pub fn read_ahead(&mut self, reading: Reading) {
        self.ahead = Some(reading);
    }

    /// Writes the index files for `pages` in site order, with the pages'
    /// keys, into `sink` (under the index folder); `retain` keeps what the
    /// next build needs (`nota serve`). Returns the problems writing.
    pub fn update(
        &mut self,
        pages: &[Page],
        facets: &[Facet<'_>],
        keys: &[Option<Key>],
        (sink, retain): (&dyn Sink, bool),
    ) -> Vec<Diagnostic> {
        let problems = Mutex::new(Vec::new());
        let problem = |result: Result<(), Diagnostic>| {
            if let Err(d) = result {
                problems.locked().push(d);
            }
        };
        if retain {
            match self.files(pages, facets, keys) {
                Ok(files) => {
                    let written = sink.write_set(&files.base);
                    problem(written.map_err(|e| output::write_error(super::INDEX_DIR, &e)));
                    for (path, bytes) in &files.own {
                        problem(output::write_shared(sink, &in_index(path), bytes));
                    }
                }
                Err(e) => problem(Err(output::write_error(super::INDEX_DIR, &e))),
            }
        } else {
            // A one-off build writes each file as it is made and keeps nothing.
            let read = self.ahead.take();
            *self = Self::default();
            let emit = |path: String, bytes: Vec<u8>| {
                problem(output::write(sink, &in_index(&path), &bytes));
            };
            let (manifest, _) = index::build(pages, facets, (false, read), &emit);
            problem(output::write(
                sink,
                &in_index("index.json"),
                &super::json_bytes(&manifest),
            ));
        }
        problems.into_unlocked()
    }

    /// The index files for a session that keeps them: the base, or the base
    /// with an overlay. Fails only on a path that is no site path.
    pub fn files(
        &mut self,
        pages: &[Page],
        facets: &[Facet<'_>],
        keys: &[Option<Key>],
    ) -> std::io::Result<IndexFiles> {
        self.overlaid = None;
        let read = self.ahead.take();
        let fingerprint = facets_fingerprint(facets);
        if let Some(files) = self.overlay(pages, keys, &fingerprint) {
            return Ok(files);
        }
        self.base = None;
        let (files, vocabulary) = index::build_files(pages, facets, (true, read));
        let set = Arc::new(FileSet::new(
            files
                .files
                .iter()
                .map(|(path, bytes)| (in_index(path), Arc::clone(bytes))),
        )?);
        let out = IndexFiles {
            base: Arc::clone(&set),
            own: vec![("index.json".into(), super::json_bytes(&files.manifest))],
        };
        let manifest = files.manifest;
        self.base = vocabulary.map(|v| Base::new(pages, keys, (fingerprint, set), v, manifest));
        Ok(out)
    }

    /// The base with an overlay of the changed notes, when that is exact.
    fn overlay(
        &mut self,
        pages: &[Page],
        keys: &[Option<Key>],
        fingerprint: &blake3::Hash,
    ) -> Option<IndexFiles> {
        let base = self.base.as_ref()?;
        if base.documents.len() != pages.len() || base.facets != *fingerprint {
            return None;
        }
        let mut changed = Vec::new();
        for (number, ((url, before), (page, key))) in base
            .documents
            .iter()
            .zip(pages.iter().zip(keys))
            .enumerate()
        {
            if *url != page.url {
                return None;
            }
            if key.is_none() || before != key {
                changed.push(number);
            }
        }
        if changed.len() > MAX_OVERLAY {
            return None;
        }
        if changed.is_empty() {
            self.overlaid = Some(0);
            return Some(base.with(&base.manifest, Vec::new()));
        }
        let notes: Vec<NoteWords> = changed.iter().map(|&n| note::words_of(&pages[n])).collect();
        let frequency = base.frequency_after(&changed, &notes);
        let known_after = |word: &str| match base.ids.get(word) {
            Some(&id) => {
                let change = frequency.get(word).copied().unwrap_or(0);
                i64::from(base.document_frequency[id as usize]) + change > 0
            }
            None => frequency.get(word).is_some_and(|&n| n > 0),
        };
        if base.splits_change(&frequency, &notes, &known_after) {
            return None;
        }
        let mut vocabulary = Vocabulary::default();
        for (&number, words) in changed.iter().zip(&notes) {
            vocabulary.add(number as u32, words);
        }
        let overlay = index::overlay_text(&vocabulary, &known_after);
        let mut replaced: Vec<(String, Arc<[u8]>)> =
            vec![(OVERLAY_FILE.to_string(), Arc::from(overlay.into_bytes()))];
        let mut groups: Vec<usize> = changed.iter().map(|n| n / index::GROUP).collect();
        groups.dedup();
        for group in groups {
            let start = group * index::GROUP;
            let end = (start + index::GROUP).min(pages.len());
            let json = index::document_files(&pages[start..end])
                .pop()
                .unwrap_or_default();
            replaced.push((format!("d/{group}.json"), Arc::from(json.into_bytes())));
        }
        let mut manifest = base.manifest.clone();
        let mut versioned = replaced.clone();
        versioned.push(("base".into(), Arc::from(manifest.versie.as_bytes())));
        manifest.versie = index::version(&versioned);
        manifest.overlay = Some(Overlay {
            bestand: OVERLAY_FILE.to_string(),
            documenten: changed.iter().map(|&n| n as u32).collect(),
        });
        self.overlaid = Some(changed.len());
        Some(base.with(&manifest, replaced))
    }
}

/// A full build's index files as a session writes them: `files` and
/// `index.json` (for tests, to compare with an overlay).
#[cfg(test)]
fn output(files: &[(String, Arc<[u8]>)], manifest: &Manifest) -> Vec<(String, Arc<[u8]>)> {
    let mut out = files.to_vec();
    out.push(("index.json".into(), super::json_bytes(manifest)));
    out
}

/// A hash of everything the facet files and the facets in `index.json`
/// are made of (made on every edit, so from the numbers, not the files).
fn facets_fingerprint(facets: &[Facet<'_>]) -> blake3::Hash {
    let mut hasher = blake3::Hasher::new();
    for facet in facets {
        for part in [facet.field, facet.param, facet.title] {
            hasher.update(&(part.len() as u64).to_le_bytes());
            hasher.update(part.as_bytes());
        }
        for term in &facet.terms {
            for part in [term.name, term.slug] {
                hasher.update(&(part.len() as u64).to_le_bytes());
                hasher.update(part.as_bytes());
            }
            let documents: Vec<u8> = term
                .documents
                .iter()
                .flat_map(|&d| (d as u64).to_le_bytes())
                .collect();
            hasher.update(&(documents.len() as u64).to_le_bytes());
            hasher.update(&documents);
        }
    }
    hasher.finalize()
}

/// A path under the index folder as a site path.
fn in_index(path: &str) -> String {
    format!("{}/{path}", super::INDEX_DIR)
}

impl Base {
    fn new(
        pages: &[Page],
        keys: &[Option<Key>],
        (facets, set): (blake3::Hash, Arc<FileSet>),
        vocabulary: Vocabulary,
        manifest: Manifest,
    ) -> Self {
        let document_words = vocabulary.words_by_document(pages.len());
        let words: Vec<Box<str>> = vocabulary.words().map(Box::from).collect();
        let mut document_frequency = vec![0u32; words.len()];
        for ids in &document_words {
            for &id in ids {
                document_frequency[id as usize] += 1;
            }
        }
        let ids = words
            .iter()
            .enumerate()
            .map(|(id, w)| (w.clone(), id as u32))
            .collect();
        Self {
            documents: pages
                .iter()
                .zip(keys)
                .map(|(p, k)| (p.url.clone(), *k))
                .collect(),
            facets,
            words,
            ids,
            document_frequency,
            document_words,
            manifest,
            set,
        }
    }

    /// The base set with `replaced` and the `index.json` of `manifest` over it.
    fn with(&self, manifest: &Manifest, mut replaced: Vec<(String, Arc<[u8]>)>) -> IndexFiles {
        replaced.push(("index.json".into(), super::json_bytes(manifest)));
        IndexFiles {
            base: Arc::clone(&self.set),
            own: replaced,
        }
    }

    /// How the document frequency of each word the changed notes had or
    /// have changes.
    fn frequency_after(&self, changed: &[usize], notes: &[NoteWords]) -> HashMap<Box<str>, i64> {
        let mut change: HashMap<Box<str>, i64> = HashMap::default();
        for (&number, words) in changed.iter().zip(notes) {
            for &id in &self.document_words[number] {
                *change.entry(self.words[id as usize].clone()).or_default() -= 1;
            }
            for w in words.iter() {
                *change.entry(w.word.into()).or_default() += 1;
            }
        }
        change
    }

    /// Whether a word that comes into or leaves the site changes how any
    /// other word of the site splits into parts.
    fn splits_change(
        &self,
        change: &HashMap<Box<str>, i64>,
        notes: &[NoteWords],
        known_after: &(dyn Fn(&str) -> bool + Sync),
    ) -> bool {
        let known_before = |word: &str| self.ids.contains_key(word);
        let moved: Vec<&str> = change
            .keys()
            .filter(|w| w.len() >= 3 && known_before(w) != known_after(w))
            .map(|w| &**w)
            .collect();
        if moved.is_empty() {
            return false;
        }
        let Ok(matcher) = aho_corasick::AhoCorasick::new(&moved) else {
            return true;
        };
        let candidates = self
            .words
            .iter()
            .map(|w| &**w)
            .chain(notes.iter().flat_map(|n| n.iter().map(|w| w.word)));
        for word in candidates {
            let contains_other = matcher
                .find_overlapping_iter(word)
                .any(|m| m.end() - m.start() < word.len());
            if contains_other
                && compound::parts(word, &known_before) != compound::parts(word, known_after)
            {
                return true;
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::format::{TermLine, read_term_lines};
    use crate::search::note::sample as page;

    fn key(text: &str) -> Option<Key> {
        Some(blake3::hash(text.as_bytes()))
    }

    fn site(bodies: &[&str]) -> (Vec<Page>, Vec<Option<Key>>) {
        let pages = bodies
            .iter()
            .enumerate()
            .map(|(i, body)| {
                let date = format!("2024-01-{:02}", 28 - i);
                page(&format!("/n{i}/"), &date, &format!("Nota {i}"), body)
            })
            .collect();
        let keys = bodies.iter().map(|b| key(b)).collect();
        (pages, keys)
    }

    /// Every stem's documents and weights, from the base files with the
    /// overlay applied as the browser applies it.
    fn postings(
        files: &[(String, Arc<[u8]>)],
    ) -> std::collections::BTreeMap<String, Vec<(u32, u8)>> {
        let manifest: serde_json::Value =
            serde_json::from_slice(&files.iter().find(|(p, _)| p == "index.json").unwrap().1)
                .unwrap();
        let replaced: Vec<u32> = manifest["overlay"]["documenten"]
            .as_array()
            .map(|a| a.iter().map(|n| n.as_u64().unwrap() as u32).collect())
            .unwrap_or_default();
        let mut out: std::collections::BTreeMap<String, Vec<(u32, u8)>> = Default::default();
        let mut add = |lines: Vec<TermLine>, skip: &[u32]| {
            for line in lines {
                let entry = out.entry(line.stem).or_default();
                for (d, w) in line.documents.into_iter().zip(line.weights) {
                    if !skip.contains(&d) {
                        entry.push((d, w));
                    }
                }
            }
        };
        for (path, bytes) in files {
            let text = std::str::from_utf8(bytes).unwrap();
            if path.starts_with("t/") {
                add(read_term_lines(text).unwrap(), &replaced);
            } else if path == OVERLAY_FILE {
                let terms = text.split("\n\n").next().unwrap();
                add(read_term_lines(terms).unwrap(), &[]);
            }
        }
        out.retain(|_, v| {
            v.sort_unstable();
            !v.is_empty()
        });
        out
    }

    #[test]
    fn an_edit_is_overlaid_and_gives_what_a_full_build_gives() {
        let bodies = [
            "<p>De gemeente en de jeugdzorg.</p>",
            "<p>Een instelling voor zorg.</p>",
            "<p>Over stikstof en landbouw.</p>",
        ];
        let (pages, keys) = site(&bodies);
        let mut state = State::default();
        state.files(&pages, &[], &keys).unwrap();
        assert_eq!(state.overlaid, None, "the first build is a full one");

        // Nothing changed: the same files, no overlay.
        let again = state.files(&pages, &[], &keys).unwrap();
        assert_eq!(state.overlaid, Some(0));
        assert!(!again.merged().iter().any(|(p, _)| p == OVERLAY_FILE));

        // One note's text changes, with words the site already has.
        let edited = ["<p>De gemeente en de zorg.</p>", bodies[1], bodies[2]];
        let (pages2, keys2) = site(&edited);
        let overlaid = state.files(&pages2, &[], &keys2).unwrap();
        assert_eq!(state.overlaid, Some(1));
        let (full, _) = index::build_files(&pages2, &[], (false, None));
        assert_eq!(
            postings(&overlaid.merged()),
            postings(&output(&full.files, &full.manifest))
        );
        // The base files are handed on as the same set.
        assert!(Arc::ptr_eq(&overlaid.base, &again.base));
        assert!(overlaid.base.get("zoeken/index/t/0.txt").is_some());
    }

    #[test]
    fn a_new_word_that_splits_another_rebuilds_the_base() {
        let bodies = [
            "<p>De jeugdzorginstelling en de jeugdzorg.</p>",
            "<p>Over stikstof.</p>",
        ];
        let (pages, keys) = site(&bodies);
        let mut state = State::default();
        state.files(&pages, &[], &keys).unwrap();
        // `instelling` was not a word of the site: now `jeugdzorginstelling`
        // splits into `jeugdzorg` + `instelling`.
        let (pages2, keys2) = site(&[bodies[0], "<p>Over stikstof en een instelling.</p>"]);
        let files = state.files(&pages2, &[], &keys2).unwrap().merged();
        assert_eq!(state.overlaid, None);
        let (full, _) = index::build_files(&pages2, &[], (false, None));
        assert_eq!(
            postings(&files),
            postings(&output(&full.files, &full.manifest))
        );
        // A new word that splits nothing is overlaid.
        let (pages3, keys3) = site(&[
            bodies[0],
            "<p>Over stikstof en een instelling en fosfaat.</p>",
        ]);
        let files = state.files(&pages3, &[], &keys3).unwrap().merged();
        assert_eq!(state.overlaid, Some(1));
        let (full, _) = index::build_files(&pages3, &[], (false, None));
        assert_eq!(
            postings(&files),
            postings(&output(&full.files, &full.manifest))
        );
    }

    /// `index.json` of a one-off build's index of `pages` (its version is
    /// a hash of every other file), with a reading handed in ahead or not.
    fn one_off_manifest(pages: &[Page], ahead: Option<Reading>) -> Arc<[u8]> {
        let mut state = State::default();
        if let Some(reading) = ahead {
            state.read_ahead(reading);
        }
        let sink = output::Memory::default();
        let problems = state.update(pages, &[], &[], (&sink, false));
        assert!(problems.is_empty());
        assert!(state.ahead.is_none(), "a one-off build keeps nothing");
        let site = sink.into_site();
        Arc::clone(site.get("zoeken/index/index.json").unwrap())
    }

    #[test]
    fn an_index_read_ahead_is_the_index_read_in_the_update() {
        let (pages, keys) = site(&[
            "<p>De gemeente en de jeugdzorg.</p>",
            "<p>Een instelling voor zorg.</p>",
        ]);
        let (others, _) = site(&["<p>Over water.</p>", "<p>Over fosfaat.</p>"]);
        let read_now = one_off_manifest(&pages, None);
        let mut reading = Reading::of(&pages);
        reading.read_until(&pages, &std::sync::atomic::AtomicBool::new(false));
        assert_eq!(one_off_manifest(&pages, Some(reading)), read_now);
        // The update uses what it is handed: a reading that holds other
        // words gives another index.
        let foreign = index::reading_with_words_of(&pages, &others);
        assert_ne!(one_off_manifest(&pages, Some(foreign)), read_now);

        // A session without a base reads every page for its first build,
        // and uses the reading it is handed.
        let mut state = State::default();
        assert!(state.reads_every_page(true));
        state.read_ahead(Reading::of(&pages));
        let files = state.files(&pages, &[], &keys).unwrap().merged();
        assert!(state.ahead.is_none());
        let (full, _) = index::build_files(&pages, &[], (false, None));
        assert_eq!(files, output(&full.files, &full.manifest));
        let mut fresh = State::default();
        fresh.read_ahead(index::reading_with_words_of(&pages, &others));
        let foreign = fresh.files(&pages, &[], &keys).unwrap().merged();
        assert_ne!(foreign, files);
        // With a base, an edit is overlaid or the base rebuilt in the
        // update: reading ahead is not worth it. A one-off build always
        // reads every page.
        assert!(!state.reads_every_page(true));
        assert!(state.reads_every_page(false));
    }

    #[test]
    fn words_read_ahead_of_other_pages_are_not_used() {
        let (pages, _) = site(&["<p>Over stikstof.</p>", "<p>Over fosfaat.</p>"]);
        let (others, _) = site(&["<p>Over water.</p>", "<p>Over fosfaat.</p>"]);
        let mut reading = Reading::of(&others);
        reading.read_until(&others, &std::sync::atomic::AtomicBool::new(false));
        assert_eq!(
            one_off_manifest(&pages, Some(reading)),
            one_off_manifest(&pages, None)
        );
    }

    #[test]
    fn a_new_note_rebuilds_the_base() {
        let (pages, keys) = site(&["<p>Een.</p>", "<p>Twee.</p>"]);
        let mut state = State::default();
        state.files(&pages, &[], &keys).unwrap();
        let (pages2, keys2) = site(&["<p>Een.</p>", "<p>Twee.</p>", "<p>Drie.</p>"]);
        state.files(&pages2, &[], &keys2).unwrap();
        assert_eq!(state.overlaid, None);
    }
}
