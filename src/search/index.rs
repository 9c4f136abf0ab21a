//! Building the index files from every page, in site order.
//!
//! A document's number is its place in the site order (newest first), so
//! "newest first" among equal scores is "lowest number first", and the
//! year facet is a run of consecutive numbers. Words are collected per
//! note (in parallel) and appended to the vocabulary in document order, so
//! every list is already sorted; only at the end are words grouped by stem,
//! compounds split against the vocabulary, and the shards written.
//!
//! Memory: the vocabulary keeps, per word, its postings as a few bytes per
//! document and its positions already in the file format, the positions in
//! the ranges of notes that read them (joined per word only as its shard is
//! written); nothing per note is kept. At 100,000 generated notes that is
//! well under a tenth of what the build holds anyway (`docs/search.md`,
//! "Figures").

use crate::sync::MutexExt;
use rustc_hash::{FxHashMap as HashMap, FxHasher};
use std::hash::Hasher;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use super::compound;
use super::format::{self, push_number_bytes};
use super::note::{self, NoteWords, field_bit};
use super::stem::is_stop_word;
use super::stem::stem;
use super::text::Field;
use super::word_table::WordTable;
use crate::page::Page;

/// Notes per `d/` file: a result list of ten notes fetches at most ten of
/// these small files.
pub const GROUP: usize = 16;
/// Encoded postings per `t/` file on average: a query fetches one file per
/// word, so smaller files mean less to transfer and more files to write.
/// The average is carried by the few words in most notes, and each file
/// costs the build about 20 µs to write and remove. At 10,000 notes this
/// gives 256 shards (typically 8 KB, 3 KB compressed); a query word's file
/// weighs 0.5 to 6 KB more compressed than with 1,024, whose typical file
/// (381 bytes) was smaller than the HTTP headers it came with.
const SHARD_BYTES: usize = 24 * 1024;
/// The most `t/` (and `p/`) files.
const MAX_SHARDS: u32 = 8192;
/// Notes read into one vocabulary of their own, in parallel with others.
const CHUNK: usize = 1024;

/// A facet as the search page offers it.
pub struct Facet<'a> {
    /// Front-matter field: `topics`, `organisation`, `type`, `year`.
    pub field: &'static str,
    /// URL parameter, e.g. `onderwerp`.
    pub param: &'static str,
    /// The taxonomy's title, e.g. "Onderwerpen".
    pub title: &'a str,
    pub terms: Vec<FacetTerm<'a>>,
}

/// One value of a facet.
pub struct FacetTerm<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    /// Document numbers, increasing.
    pub documents: &'a [usize],
}

/// The index files, by path under the index folder.
pub struct Files {
    pub files: Vec<(String, Arc<[u8]>)>,
    /// `index.json`, written last.
    pub manifest: Manifest,
}

/// `index.json`: what the browser reads first.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Manifest {
    /// Changes whenever any index file does; the browser asks for every
    /// file with it, so it never mixes files of two builds.
    pub versie: String,
    pub documenten: usize,
    pub shards: u32,
    pub groep: usize,
    pub facetten: Vec<ManifestFacet>,
    /// Notes changed since the files were written (`nota serve` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overlay: Option<Overlay>,
}

/// A facet in `index.json`: its terms as `[name, slug]`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ManifestFacet {
    pub veld: &'static str,
    pub param: &'static str,
    pub titel: String,
    /// The size of its file, `f/<param>.txt`: the browser loads a large
    /// one only when the facet is opened or chosen.
    pub bytes: usize,
    pub termen: Vec<(String, String)>,
}

/// Notes whose entries in the shards are replaced by `bestand`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Overlay {
    pub bestand: String,
    pub documenten: Vec<u32>,
}

/// Every word of the site, with its postings and positions.
#[derive(Default)]
pub struct Vocabulary {
    ids: HashMap<Box<str>, u32>,
    words: Vec<WordEntry>,
    /// The positions, when the words were read in ranges (see
    /// [`Vocabulary::of`]); otherwise each word holds its own.
    ranged: Option<RangedPositions>,
}

/// The positions of a vocabulary read in ranges of documents. They stay
/// where each range wrote them, and a word's `p/` line is put together from
/// its parts only as its shard is written: the positions are most of what
/// the index holds, and copying them into one buffer per word would
/// allocate (and have the kernel clear) that much memory again.
struct RangedPositions {
    ranges: Vec<Vec<WordEntry>>,
    /// Per word: its entries in `ranges`, as (range, entry), in range order.
    parts: Vec<Vec<(u32, u32)>>,
}

struct WordEntry {
    word: Box<str>,
    /// Per document: the gap (LEB128), the field bits, the count (LEB128).
    postings: Vec<u8>,
    last_document: u32,
    /// The `p/` line after the tab.
    positions: Vec<u8>,
    /// The first document, and how many bytes its gap takes in `postings`
    /// and `positions`: a range read on its own is joined to the ranges
    /// before it by writing that gap again.
    first: (u32, u8, u8),
}

impl WordEntry {
    fn new(word: Box<str>) -> Self {
        Self {
            word,
            postings: Vec::new(),
            last_document: 0,
            positions: Vec::new(),
            first: (0, 0, 0),
        }
    }

    /// Appends one document's posting and positions.
    fn push(&mut self, document: u32, fields: u8, positions: &[u32]) {
        let gap = document - self.last_document;
        let (postings_before, positions_before) = (self.postings.len(), self.positions.len());
        push_leb128(&mut self.postings, gap);
        if postings_before == 0 {
            self.first = (document, (self.postings.len() - postings_before) as u8, 0);
        }
        self.postings.push(fields);
        push_leb128(&mut self.postings, positions.len() as u32);
        push_number_bytes(&mut self.positions, gap);
        if positions_before == 0 {
            self.first.2 = (self.positions.len() - positions_before) as u8;
        }
        push_number_bytes(&mut self.positions, positions.len() as u32);
        format::push_gaps_bytes(&mut self.positions, positions);
        self.last_document = document;
    }

    /// Starts the positions of `document` as the reader meets the word on
    /// it: the document's gap and a place for the count, which is known
    /// only at the end of the page ([`Self::end_document`]); the positions
    /// follow as they are met. Returns where the count goes.
    fn begin_document(&mut self, document: u32) -> u32 {
        let before = self.positions.len();
        push_number_bytes(&mut self.positions, document - self.last_document);
        if before == 0 {
            self.first.2 = (self.positions.len() - before) as u8;
        }
        self.positions.push(format::COUNT_PLACE);
        (self.positions.len() - 1) as u32
    }

    /// Ends `document`, begun by [`Self::begin_document`]: its posting, and
    /// its count in the place kept for it.
    fn end_document(&mut self, document: u32, fields: u8, count: u32, count_at: u32) {
        let before = self.postings.len();
        let gap = document - self.last_document;
        if before > 0 && gap < 0x80 && count < 0x80 {
            // Most postings: a gap and a count of one byte each, written at
            // once (as `push_leb128` would write them).
            self.postings
                .extend_from_slice(&[gap as u8, fields, count as u8]);
        } else {
            push_leb128(&mut self.postings, gap);
            if before == 0 {
                (self.first.0, self.first.1) = (document, (self.postings.len() - before) as u8);
            }
            self.postings.push(fields);
            push_leb128(&mut self.postings, count);
        }
        format::put_number_at(&mut self.positions, count_at as usize, count);
        self.last_document = document;
    }

    /// Appends the postings of the same word in a later range of
    /// documents (its positions stay where they are: `RangedPositions`).
    fn append_postings(&mut self, later: &WordEntry) {
        let (first, postings_gap, _) = later.first;
        push_leb128(&mut self.postings, first - self.last_document);
        self.postings
            .extend_from_slice(&later.postings[usize::from(postings_gap)..]);
        self.last_document = later.last_document;
    }
}

/// Reads a range of pages into a vocabulary of its own, a word at a time:
/// no per-page table, each occurrence goes straight to its word.
struct Reader {
    vocabulary: Vocabulary,
    /// Every word met but stop words, numbered as met: a word's number is
    /// its entry in the range's vocabulary and in `current`.
    table: WordTable,
    current: Vec<Current>,
    /// The words of the page being read (table numbers), in order of first
    /// appearance.
    touched: Vec<u32>,
    /// The number of the page being read.
    document: u32,
}

/// A word of a range as the reader meets it on the page being read: its
/// fields and count (0: not met on it yet), its last position (to write
/// the next as a gap from it, straight into the word's positions) and where
/// its count goes in those.
#[derive(Default)]
struct Current {
    fields: u8,
    count: u32,
    last: u32,
    count_at: u32,
}

impl Reader {
    fn new() -> Self {
        Self {
            vocabulary: Vocabulary::default(),
            table: WordTable::default(),
            current: Vec::new(),
            touched: Vec::new(),
            document: 0,
        }
    }

    fn read(&mut self, document: u32, page: &Page) {
        self.document = document;
        note::walk(page, &mut |word, field, position| {
            // One letter (of up to four bytes) is not a word to look for; a
            // stop word is not indexed (its position still counts). Checked
            // here, where the walker can do it without a call: a third of
            // all words end here.
            if !(note::is_one_letter(word) || is_stop_word(word)) {
                self.word(word, field, position);
            }
        });
        for &number in &self.touched {
            let word = &mut self.current[number as usize];
            self.vocabulary.words[number as usize].end_document(
                document,
                word.fields,
                word.count,
                word.count_at,
            );
            *word = Current::default();
        }
        self.touched.clear();
    }

    /// Adds an occurrence of a word to be indexed.
    #[inline(never)]
    fn word(&mut self, word: &str, field: Field, position: u32) {
        let (number, new) = self.table.number(word);
        if new {
            // The reader's vocabulary is only read by `joined`, by entry:
            // its `ids` stay empty.
            self.vocabulary.words.push(WordEntry::new(word.into()));
            self.current.push(Current::default());
        }
        let current = &mut self.current[number as usize];
        let entry = &mut self.vocabulary.words[number as usize];
        if current.count == 0 {
            self.touched.push(number);
            current.count_at = entry.begin_document(self.document);
        }
        current.fields |= note::field_bit(field);
        current.count += 1;
        push_number_bytes(&mut entry.positions, position - current.last);
        current.last = position;
    }
}

/// A reading of pages into a [`Vocabulary`], range by range, that can be
/// done in parts beside other work: each part reads the ranges in
/// parallel until told to stop, and [`Reading::finish`] reads what is left
/// and joins the ranges in order. It holds which pages it reads (the
/// slice's address and length): given other pages, it starts again. That
/// guards against handing it other pages, not against other contents at
/// the same place: between the parts the caller keeps the pages where they
/// are, unchanged (the pipeline's `Site` owns them from sorting to writing).
pub struct Reading {
    pages: (usize, usize),
    ranges: Vec<RangeReading>,
}

/// One range of a [`Reading`]. Once read, only its vocabulary is kept:
/// the reader's table and per-word state are freed then, not held until
/// the end.
#[derive(Default)]
enum RangeReading {
    #[default]
    Unread,
    /// Begun: the reader, and how many of the range's pages it has read.
    Reading(Reader, usize),
    Read(Vocabulary),
}

impl Reading {
    /// A reading of `pages` (site order) with nothing read yet.
    pub fn of(pages: &[Page]) -> Self {
        Self {
            pages: identity(pages),
            ranges: (0..pages.len().div_ceil(CHUNK))
                .map(|_| RangeReading::Unread)
                .collect(),
        }
    }

    /// Whether this is a reading of `pages`.
    fn is_of(&self, pages: &[Page]) -> bool {
        self.pages == identity(pages)
    }

    /// Reads pages not read yet, the ranges in parallel, until `stop` is
    /// set (looked at before each page).
    pub fn read_until(&mut self, pages: &[Page], stop: &AtomicBool) {
        if !self.is_of(pages) {
            *self = Self::of(pages);
        }
        self.ranges
            .par_iter_mut()
            .zip(pages.par_chunks(CHUNK))
            .enumerate()
            .for_each(|(k, (range, chunk))| {
                let (mut reader, mut read) = match std::mem::take(range) {
                    RangeReading::Unread => (Reader::new(), 0),
                    RangeReading::Reading(reader, read) => (reader, read),
                    done @ RangeReading::Read(_) => {
                        *range = done;
                        return;
                    }
                };
                while let Some(page) = chunk.get(read) {
                    if stop.load(Ordering::Relaxed) {
                        *range = RangeReading::Reading(reader, read);
                        return;
                    }
                    reader.read(document_number(k * CHUNK + read), page);
                    read += 1;
                }
                *range = RangeReading::Read(reader.vocabulary);
            });
    }

    /// The vocabulary of `pages`: what is not read yet is read now.
    pub fn finish(mut self, pages: &[Page]) -> Vocabulary {
        self.read_until(pages, &AtomicBool::new(false));
        let ranges = self.ranges.into_iter().map(|range| match range {
            RangeReading::Read(vocabulary) => vocabulary,
            // Not left by `read_until` without a stop.
            RangeReading::Unread | RangeReading::Reading(..) => Vocabulary::default(),
        });
        Vocabulary::joined(ranges.collect())
    }
}

/// For tests: a reading of `pages` that has read the words of `shown`
/// instead (as many, in one range), to see whether a reading is used.
#[cfg(test)]
pub(crate) fn reading_with_words_of(pages: &[Page], shown: &[Page]) -> Reading {
    assert!(pages.len() == shown.len() && pages.len() <= CHUNK);
    let mut reading = Reading::of(pages);
    reading.ranges[0] = RangeReading::Read(read_range(shown));
    reading
}

/// Which slice of pages this is: its address and length.
fn identity(pages: &[Page]) -> (usize, usize) {
    (pages.as_ptr() as usize, pages.len())
}

/// The first range's pages read whole (for tests).
#[cfg(test)]
fn read_range(pages: &[Page]) -> Vocabulary {
    let mut reader = Reader::new();
    for (i, page) in pages.iter().enumerate() {
        reader.read(document_number(i), page);
    }
    reader.vocabulary
}

/// A posting while stems are put together.
#[derive(Debug, Clone, Copy)]
struct Posting {
    document: u32,
    fields: u8,
    count: u32,
    /// Found only as part of a compound.
    part: bool,
}

impl Vocabulary {
    /// Reads every page (site order: the page's index is its number):
    /// ranges of pages in parallel, each into a vocabulary of its own, then
    /// joined in order.
    pub fn of(pages: &[Page]) -> Self {
        Reading::of(pages).finish(pages)
    }

    /// The vocabularies of consecutive ranges of documents as one: the
    /// postings joined, each word's buffer allocated once at its final size
    /// (grown range by range it would be allocated and copied again and
    /// again); the positions left in the ranges.
    fn joined(mut ranges: Vec<Vocabulary>) -> Self {
        let mut vocabulary = Self::default();
        let mut sizes: Vec<usize> = Vec::new();
        let mut parts: Vec<Vec<(u32, u32)>> = Vec::new();
        let placed: Vec<Vec<u32>> = (ranges.iter().enumerate())
            .map(|(r, range)| {
                let ids = range.words.iter().enumerate().map(|(e, entry)| {
                    let id = vocabulary.id_or_insert(&entry.word);
                    if id as usize == sizes.len() {
                        sizes.push(0);
                        parts.push(Vec::new());
                    }
                    // The first gap is written again, in at most five bytes.
                    sizes[id as usize] += entry.postings.len() + 5;
                    parts[id as usize].push((r as u32, e as u32));
                    id
                });
                ids.collect()
            })
            .collect();
        for (entry, &size) in vocabulary.words.iter_mut().zip(&sizes) {
            entry.postings.reserve_exact(size);
        }
        // Range by range, so that each word's postings stay in order.
        for (range, ids) in ranges.iter_mut().zip(placed) {
            for (entry, id) in range.words.iter_mut().zip(ids) {
                vocabulary.words[id as usize].append_postings(entry);
                entry.postings = Vec::new();
            }
        }
        vocabulary.ranged = Some(RangedPositions {
            ranges: ranges.into_iter().map(|range| range.words).collect(),
            parts,
        });
        vocabulary
    }

    /// Appends the `p/` line of word `id` after its tab.
    fn write_positions(&self, id: u32, out: &mut Vec<u8>) {
        let Some(ranged) = &self.ranged else {
            out.extend_from_slice(&self.words[id as usize].positions);
            return;
        };
        let mut last_document = 0;
        for &(r, e) in &ranged.parts[id as usize] {
            let part = &ranged.ranges[r as usize][e as usize];
            // Each range wrote its first document as a gap from 0: written
            // again as the gap from this word's previous document.
            let (first, _, written) = part.first;
            push_number_bytes(out, first - last_document);
            out.extend_from_slice(&part.positions[usize::from(written)..]);
            last_document = part.last_document;
        }
    }

    /// How many bytes [`Self::write_positions`] appends for `id` (at most).
    fn positions_size(&self, id: u32) -> usize {
        let Some(ranged) = &self.ranged else {
            return self.words[id as usize].positions.len();
        };
        let parts = &ranged.parts[id as usize];
        let part_size = |&(r, e): &(u32, u32)| {
            let part = &ranged.ranges[r as usize][e as usize];
            // The first gap is written again: five digits reach 537,823
            // documents (more only grows the buffer).
            part.positions.len() - usize::from(part.first.2) + 5
        };
        parts.iter().map(part_size).sum()
    }

    /// The id of `word`, added (without postings) if it is new.
    fn id_or_insert(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.ids.get(word) {
            return id;
        }
        let id = self.words.len() as u32;
        self.ids.insert(word.into(), id);
        self.words.push(WordEntry::new(word.into()));
        id
    }

    /// Adds one document's words; documents come in increasing order.
    pub fn add(&mut self, document: u32, words: &NoteWords) {
        for w in words.iter() {
            let id = self.id_or_insert(w.word);
            self.words[id as usize].push(document, w.fields, w.positions);
        }
    }

    /// Every word, by id.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.words.iter().map(|w| &*w.word)
    }

    /// The id of a word.
    pub fn id(&self, word: &str) -> Option<u32> {
        self.ids.get(word).copied()
    }

    /// The ids of the words of each of the first `documents` documents.
    pub fn words_by_document(&self, documents: usize) -> Vec<Vec<u32>> {
        let mut out = vec![Vec::new(); documents];
        let mut postings = Vec::new();
        for (id, entry) in self.words.iter().enumerate() {
            postings.clear();
            postings_of(entry, false, &mut postings);
            for p in &postings {
                if let Some(words) = out.get_mut(p.document as usize) {
                    words.push(id as u32);
                }
            }
        }
        out
    }

    /// Whether the site uses `word` (folded) on its own.
    pub fn contains(&self, word: &str) -> bool {
        self.ids.contains_key(word)
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

fn document_number(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}

fn push_leb128(out: &mut Vec<u8>, mut n: u32) {
    loop {
        let low = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}

fn read_leb128(bytes: &[u8], at: &mut usize) -> u32 {
    let mut n = 0u32;
    let mut shift = 0;
    while let Some(&b) = bytes.get(*at) {
        *at += 1;
        n |= u32::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            break;
        }
        shift += 7;
    }
    n
}

/// A word's postings, read back.
fn postings_of(entry: &WordEntry, part: bool, out: &mut Vec<Posting>) {
    let bytes = &entry.postings;
    let mut at = 0;
    let mut document = 0u32;
    while at < bytes.len() {
        document += read_leb128(bytes, &mut at);
        let fields = bytes[at];
        at += 1;
        let count = read_leb128(bytes, &mut at);
        out.push(Posting {
            document,
            fields,
            count,
            part,
        });
    }
}

/// The weight of a stem in a document (0–27): title 8, heading 4,
/// kenmerk or topic 2, plus 2 and up to 3 more as the word recurs. A note
/// that has the word only inside compounds gets 1 (3 in its title).
pub fn weight(fields: u8, count: u32, part_only: bool) -> u8 {
    let title = fields & field_bit(Field::Title) != 0;
    if part_only {
        return if title { 3 } else { 1 };
    }
    let recurrence = match count {
        0 | 1 => 0,
        2..=3 => 1,
        4..=7 => 2,
        _ => 3,
    };
    let mut w = 2 + recurrence;
    if title {
        w += 8;
    }
    if fields & field_bit(Field::Heading) != 0 {
        w += 4;
    }
    if fields & field_bit(Field::Meta) != 0 {
        w += 2;
    }
    w
}

/// Says whether a folded word occurs on its own in the site: what
/// compounds are split against.
pub type Known<'a> = dyn Fn(&str) -> bool + Sync + 'a;

/// The words of a vocabulary grouped by stem, with the compounds each stem
/// is a part of (the parts need not be words of this vocabulary: `nota
/// serve` splits the words of an edited note against the whole site's).
struct Stems {
    /// Stem, forms and compounds (word ids, each sorted by word).
    by_stem: Vec<(String, Vec<u32>, Vec<u32>)>,
}

impl Stems {
    fn of(vocabulary: &Vocabulary, known: &Known<'_>) -> Self {
        let analysed: Vec<(String, Vec<String>)> = vocabulary
            .words
            .par_iter()
            .map(|w| {
                let parts = compound::parts(&w.word, known);
                (stem(&w.word), parts.into_iter().map(stem).collect())
            })
            .collect();
        let mut index: HashMap<String, u32> = HashMap::default();
        let mut by_stem: Vec<(String, Vec<u32>, Vec<u32>)> = Vec::new();
        let mut id_of = |stem: &str, by_stem: &mut Vec<(String, Vec<u32>, Vec<u32>)>| -> usize {
            if let Some(&id) = index.get(stem) {
                return id as usize;
            }
            by_stem.push((stem.to_string(), Vec::new(), Vec::new()));
            index.insert(stem.to_string(), (by_stem.len() - 1) as u32);
            by_stem.len() - 1
        };
        for (word, (stem, _)) in analysed.iter().enumerate() {
            let id = id_of(stem, &mut by_stem);
            by_stem[id].1.push(word as u32);
        }
        for (word, (_, part_stems)) in analysed.iter().enumerate() {
            for part in part_stems {
                let id = id_of(part, &mut by_stem);
                let compounds = &mut by_stem[id].2;
                if !compounds.contains(&(word as u32)) {
                    compounds.push(word as u32);
                }
            }
        }
        let words = &vocabulary.words;
        by_stem.par_iter_mut().for_each(|(_, forms, compounds)| {
            forms.sort_by(|a, b| words[*a as usize].word.cmp(&words[*b as usize].word));
            compounds.sort_by(|a, b| words[*a as usize].word.cmp(&words[*b as usize].word));
            // A compound that is also a form (its stem is the part's) counts once.
            compounds.retain(|c| !forms.contains(c));
        });
        Self { by_stem }
    }
}

/// How many `t/` files: a power of two, so that a file holds about
/// [`SHARD_BYTES`] of postings.
fn shard_count(postings: usize) -> u32 {
    let wanted = (postings * 3 / SHARD_BYTES).max(1);
    u32::try_from(wanted.next_power_of_two())
        .unwrap_or(MAX_SHARDS)
        .min(MAX_SHARDS)
}

/// Where the files of an index go, as they are made (from several
/// threads): the path under the index folder and the bytes.
pub type Emit<'a> = dyn Fn(String, Vec<u8>) + Sync + 'a;

/// Writes the `t/` and `p/` files of a vocabulary through `emit`, a shard
/// at a time; returns how many shards there are. No shard is held once
/// emitted, and the positions are freed when every shard is written, so
/// the index never holds more than its postings, its positions and the
/// shards being written.
fn shards(vocabulary: &mut Vocabulary, emit: &Emit<'_>) -> u32 {
    let known = |word: &str| vocabulary.contains(word);
    let stems = Stems::of(vocabulary, &known);
    let postings: usize = vocabulary.words.iter().map(|w| w.postings.len() / 3).sum();
    let count = shard_count(postings);
    let mut by_shard: Vec<Vec<usize>> = vec![Vec::new(); count as usize];
    for (id, (stem, _, _)) in stems.by_stem.iter().enumerate() {
        by_shard[format::shard_of(stem, count) as usize].push(id);
    }
    let work: Vec<(usize, Vec<usize>)> = by_shard
        .into_iter()
        .enumerate()
        .map(|(n, mut ids)| {
            ids.sort_by(|a, b| stems.by_stem[*a].0.cmp(&stems.by_stem[*b].0));
            (n, ids)
        })
        .collect();
    let read = &*vocabulary;
    work.into_par_iter().for_each(|(n, ids)| {
        let (terms, positions) = shard_text(read, &stems, &ids);
        emit(format!("t/{n}.txt"), terms.into_bytes());
        emit(format!("p/{n}.txt"), positions);
    });
    // Positions are only for the files (a vocabulary read in ranges holds
    // them nowhere else).
    vocabulary.ranged = None;
    count
}

/// The `t/` and `p/` text of the stems `ids`.
fn shard_text(vocabulary: &Vocabulary, stems: &Stems, ids: &[usize]) -> (String, Vec<u8>) {
    let words = &vocabulary.words;
    // Sized once: grown as written, the buffers were copied again and
    // again (a tenth of the shards' cost).
    let (mut terms_size, mut positions_size) = (0, 0);
    for &id in ids {
        let (stem, forms, compounds) = &stems.by_stem[id];
        terms_size += stem.len() + 4;
        for &word in forms.iter().chain(compounds) {
            let entry = &words[word as usize];
            terms_size += entry.word.len() + 1 + entry.postings.len();
        }
        for &form in forms {
            positions_size += words[form as usize].word.len() + 2;
            positions_size += vocabulary.positions_size(form);
        }
    }
    let mut terms = String::with_capacity(terms_size);
    let mut positions = Vec::with_capacity(positions_size);
    let mut postings = Vec::new();
    let mut merged: Vec<(u32, u8)> = Vec::new();
    let mut weights = String::new();
    for &id in ids {
        let (stem, forms, compounds) = &stems.by_stem[id];
        if let ([form], []) = (&forms[..], &compounds[..]) {
            push_one_word_line(&mut terms, stem, &words[*form as usize], &mut weights);
        } else {
            postings.clear();
            for &form in forms {
                postings_of(&words[form as usize], false, &mut postings);
            }
            for &compound in compounds {
                postings_of(&words[compound as usize], true, &mut postings);
            }
            merge(&mut postings, &mut merged);
            let form_words: Vec<&str> = forms.iter().map(|&f| &*words[f as usize].word).collect();
            let compound_words: Vec<&str> = compounds
                .iter()
                .map(|&c| &*words[c as usize].word)
                .collect();
            format::push_term_line(&mut terms, stem, &form_words, &compound_words, &merged);
        }
        for &form in forms {
            positions.extend_from_slice(words[form as usize].word.as_bytes());
            positions.push(b'\t');
            vocabulary.write_positions(form, &mut positions);
            positions.push(b'\n');
        }
    }
    (terms, positions)
}

/// The `t/` line of a stem that is one word, found in no compound (most
/// stems): [`format::push_term_line`] of its postings, read straight from
/// the word's bytes. A word has one posting per document, in document
/// order, each with the gap from the one before as the line wants it: there
/// is nothing to merge, and each posting is weighed as it is read.
fn push_one_word_line(terms: &mut String, stem: &str, entry: &WordEntry, weights: &mut String) {
    terms.push_str(stem);
    if *entry.word != *stem {
        terms.push(' ');
        terms.push_str(&entry.word);
    }
    terms.push('\t');
    weights.clear();
    let bytes = &entry.postings;
    let mut at = 0;
    while at < bytes.len() {
        let gap = read_leb128(bytes, &mut at);
        let fields = bytes[at];
        at += 1;
        let count = read_leb128(bytes, &mut at);
        format::push_number(terms, gap);
        format::push_small(weights, weight(fields, count, false));
    }
    terms.push(' ');
    terms.push_str(weights);
    terms.push('\n');
}

/// One posting per document: fields joined, counts added, a part only if
/// every posting was one; then weighed.
fn merge(postings: &mut [Posting], out: &mut Vec<(u32, u8)>) {
    postings.sort_by_key(|p| p.document);
    out.clear();
    let mut current: Option<Posting> = None;
    for &p in postings.iter() {
        match &mut current {
            Some(c) if c.document == p.document => {
                c.fields |= p.fields;
                if p.part == c.part {
                    c.count += p.count;
                } else if c.part {
                    // A whole word beats parts: count only whole words.
                    c.count = p.count;
                    c.fields = p.fields;
                    c.part = false;
                }
            }
            _ => {
                if let Some(c) = current.take() {
                    out.push((c.document, weight(c.fields, c.count, c.part)));
                }
                current = Some(p);
            }
        }
    }
    if let Some(c) = current {
        out.push((c.document, weight(c.fields, c.count, c.part)));
    }
}

/// The `d/` files: per group of [`GROUP`] documents `[url, title, date, type]`.
pub fn document_files(pages: &[Page]) -> Vec<String> {
    pages
        .chunks(GROUP)
        .map(|group| {
            let rows: Vec<(&str, &str, String, &str)> = group
                .iter()
                .map(|p| {
                    (
                        p.url.as_str(),
                        p.meta.title.as_str(),
                        p.meta.date.to_string(),
                        p.meta.kind.as_deref().unwrap_or(""),
                    )
                })
                .collect();
            serde_json::to_string(&rows).unwrap_or_default()
        })
        .collect()
}

/// `f/<param>.txt`: per term of one facet, its documents, each line in the
/// shorter of the two forms of `format::push_documents`.
pub fn facet_file(facet: &Facet<'_>) -> String {
    let mut out = String::new();
    for term in &facet.terms {
        format::push_documents(&mut out, term.documents.iter().map(|&d| document_number(d)));
        out.push('\n');
    }
    out
}

pub fn manifest_facets(facets: &[Facet<'_>], files: &[String]) -> Vec<ManifestFacet> {
    facets
        .iter()
        .zip(files)
        .map(|(f, file)| ManifestFacet {
            veld: f.field,
            param: f.param,
            titel: f.title.to_string(),
            bytes: file.len(),
            termen: f
                .terms
                .iter()
                .map(|t| (t.name.to_string(), t.slug.to_string()))
                .collect(),
        })
        .collect()
}

/// The lines of an overlay (`nota serve`): the `t/` lines of every stem of
/// `vocabulary`, an empty line, the `p/` lines of its forms. Compounds are
/// split against `known`, the whole site's words.
pub fn overlay_text(vocabulary: &Vocabulary, known: &Known<'_>) -> String {
    let stems = Stems::of(vocabulary, known);
    let mut ids: Vec<usize> = (0..stems.by_stem.len()).collect();
    ids.sort_by(|a, b| stems.by_stem[*a].0.cmp(&stems.by_stem[*b].0));
    let (terms, positions) = shard_text(vocabulary, &stems, &ids);
    format!("{terms}\n{}", String::from_utf8_lossy(&positions))
}

/// Writes every index file of `pages` (site order) with `facets` through
/// `emit` (from several threads) and returns `index.json`; with `keep`,
/// also the vocabulary (for `nota serve`'s next build). `read` is a reading
/// of `pages` begun before, if any (see `live::State::read_ahead`).
pub fn build(
    pages: &[Page],
    facets: &[Facet<'_>],
    (keep, read): (bool, Option<Reading>),
    emit: &Emit<'_>,
) -> (Manifest, Option<Vocabulary>) {
    // Each file's hash, for the version: a change anywhere changes it.
    let hashes = std::sync::Mutex::new(Vec::new());
    let emit = |path: String, bytes: Vec<u8>| {
        let hash = file_hash(&path, &bytes);
        hashes.locked().push((path.clone(), hash));
        emit(path, bytes);
    };
    let (mut vocabulary, ()) = rayon::join(
        || read.unwrap_or_else(|| Reading::of(pages)).finish(pages),
        || {
            for (k, json) in document_files(pages).into_iter().enumerate() {
                emit(format!("d/{k}.json"), json.into_bytes());
            }
        },
    );
    let count = shards(&mut vocabulary, &emit);
    let facet_files: Vec<String> = facets.iter().map(facet_file).collect();
    for (facet, text) in facets.iter().zip(&facet_files) {
        emit(format!("f/{}.txt", facet.param), text.clone().into_bytes());
    }
    let mut hashes = hashes.into_unlocked();
    hashes.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let manifest = Manifest {
        versie: version_of(hashes.iter().map(|(_, hash)| *hash)),
        documenten: pages.len(),
        shards: count,
        groep: GROUP,
        facetten: manifest_facets(facets, &facet_files),
        overlay: None,
    };
    (manifest, keep.then_some(vocabulary))
}

/// The hash of one file: its path and bytes. The version only has to
/// change when a file does (the browser asks for every file with it, so
/// it never mixes files of two builds); nobody chooses these bytes to make
/// two versions meet, so a fast 64-bit hash does, at a tenth of the cost
/// of a cryptographic one over every byte of the index.
fn file_hash(path: &str, bytes: &[u8]) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(path.as_bytes());
    hasher.write_usize(bytes.len());
    hasher.write(bytes);
    hasher.finish()
}

/// The version of the index from its files' hashes, in path order: twelve
/// hexadecimal digits.
fn version_of(hashes: impl Iterator<Item = u64>) -> String {
    let mut hasher = FxHasher::default();
    for hash in hashes {
        hasher.write_u64(hash);
    }
    format!("{:012x}", hasher.finish() >> 16)
}

/// The version of an index of `files`, in the given order.
pub fn version(files: &[(String, Arc<[u8]>)]) -> String {
    version_of(files.iter().map(|(path, bytes)| file_hash(path, bytes)))
}

/// [`build`] into memory: the files by path, sorted, and `index.json`.
pub fn build_files(
    pages: &[Page],
    facets: &[Facet<'_>],
    (keep, read): (bool, Option<Reading>),
) -> (Files, Option<Vocabulary>) {
    let files = std::sync::Mutex::new(Vec::new());
    let (manifest, vocabulary) = build(pages, facets, (keep, read), &|path, bytes| {
        files.locked().push((path, Arc::from(bytes)));
    });
    let mut files: Vec<(String, Arc<[u8]>)> = files.into_unlocked();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    (Files { files, manifest }, vocabulary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::format::{read_position_lines, read_term_lines, shard_of};
    use crate::search::note::sample as page;

    fn term_lines(files: &Files) -> Vec<format::TermLine> {
        files
            .files
            .iter()
            .filter(|(path, _)| path.starts_with("t/"))
            .flat_map(|(_, bytes)| read_term_lines(std::str::from_utf8(bytes).unwrap()).unwrap())
            .collect()
    }

    fn line<'a>(lines: &'a [format::TermLine], stem: &str) -> &'a format::TermLine {
        lines
            .iter()
            .find(|l| l.stem == stem)
            .unwrap_or_else(|| panic!("no stem {stem}"))
    }

    #[test]
    fn stems_gather_their_forms_compounds_and_weighed_documents() {
        let pages = [
            page(
                "/c/",
                "2024-03-01",
                "Gemeenten en jeugdzorg",
                "<p>De gemeente betaalt.</p>",
            ),
            page(
                "/b/",
                "2024-02-01",
                "Zorg",
                "<p>Over de jeugdzorginstelling.</p><p>Instelling.</p><p>jeugd</p>",
            ),
            page(
                "/a/",
                "2024-01-01",
                "Iets",
                "<h2 id=\"x\">Gemeente</h2><p>gemeente gemeente gemeente</p>",
            ),
        ];
        let (files, _) = build_files(&pages, &[], (false, None));
        let lines = term_lines(&files);
        let gemeent = line(&lines, "gemeent");
        assert_eq!(gemeent.forms, ["gemeente", "gemeenten"]);
        assert_eq!(gemeent.documents, [0, 2]);
        // Document 0: title (8) + body, twice (2 + 1); document 2: heading
        // (4) + body, four times (2 + 2).
        assert_eq!(gemeent.weights, [11, 8]);
        let zorg = line(&lines, "zorg");
        assert_eq!(zorg.compounds, ["jeugdzorg", "jeugdzorginstelling"]);
        // Document 0 has `jeugdzorg` in its title; document 1 `Zorg` as title.
        assert_eq!(zorg.documents, [0, 1]);
        assert_eq!(zorg.weights, [3, 10]);
        let instelling = line(&lines, "instelling");
        assert_eq!(instelling.compounds, ["jeugdzorginstelling"]);
        assert_eq!(instelling.documents, [1]);
        // Every stem is in the shard its hash names.
        for (path, bytes) in &files.files {
            if let Some(n) = path.strip_prefix("t/").and_then(|p| p.strip_suffix(".txt")) {
                for l in read_term_lines(std::str::from_utf8(bytes).unwrap()).unwrap() {
                    assert_eq!(shard_of(&l.stem, files.manifest.shards).to_string(), n);
                }
            }
        }
    }

    #[test]
    fn reading_ranges_in_parallel_gives_what_adding_note_by_note_gives() {
        let pages: Vec<Page> = (0..1300)
            .map(|i| {
                page(
                    &format!("/n{i}/"),
                    "2024-01-01",
                    &format!("Nota {i} over zorg"),
                    &format!(
                        "<p>De gemeente{} en de jeugdzorg, {} maal. Nota.</p>",
                        i % 7,
                        i % 13
                    ),
                )
            })
            .collect();
        let direct = Vocabulary::of(&pages);
        let mut added = Vocabulary::default();
        for (i, page) in pages.iter().enumerate() {
            added.add(i as u32, &note::words_of(page));
        }
        assert_eq!(direct.words.len(), added.words.len());
        assert!(direct.ranged.as_ref().is_some_and(|r| r.ranges.len() > 1));
        for (id, (a, b)) in direct.words.iter().zip(&added.words).enumerate() {
            let (mut joined, mut whole) = (Vec::new(), Vec::new());
            direct.write_positions(id as u32, &mut joined);
            added.write_positions(id as u32, &mut whole);
            assert_eq!(
                (&a.word, &a.postings, &joined),
                (&b.word, &b.postings, &whole)
            );
        }
    }

    /// The one-word `t/` line is written without merging: it must be the
    /// line that merging the word's postings writes. Every word of a
    /// vocabulary of 1,300 notes (titles, headings, recurring words, ranges
    /// joined), as its own stem and under another stem.
    /// A reading done in parts (some ranges ahead, the rest at the end),
    /// or begun on other pages, gives the vocabulary of reading at once.
    #[test]
    fn a_reading_in_parts_gives_what_reading_at_once_gives() {
        let words = ["stikstof", "water", "fosfaat", "gemeente", "zorg"];
        let pages: Vec<Page> = (0..CHUNK * 3 + 10)
            .map(|i| {
                let body = format!("<p>{} {} nota{}</p>", words[i % 5], words[i % 3], i % 7);
                page(&format!("/n{i}/"), "2024-01-01", "Nota", &body)
            })
            .collect();
        let shards = |vocabulary: Vocabulary| {
            let mut vocabulary = vocabulary;
            let files = std::sync::Mutex::new(Vec::new());
            shards(&mut vocabulary, &|path, bytes| {
                files.locked().push((path, bytes))
            });
            let mut files = files.into_unlocked();
            files.sort();
            files
        };
        let at_once = shards(Vocabulary::of(&pages));
        // Nothing read before the end.
        let mut reading = Reading::of(&pages);
        reading.read_until(&pages, &AtomicBool::new(true));
        assert!((reading.ranges.iter()).all(|range| matches!(range, RangeReading::Reading(_, 0))));
        assert_eq!(shards(reading.finish(&pages)), at_once);
        // Part of the second range read ahead, the rest at the end.
        let mut reading = Reading::of(&pages);
        let mut reader = Reader::new();
        for (i, page) in pages[CHUNK..CHUNK + 100].iter().enumerate() {
            reader.read(document_number(CHUNK + i), page);
        }
        reading.ranges[1] = RangeReading::Reading(reader, 100);
        assert_eq!(shards(reading.finish(&pages)), at_once);
        // Every page read ahead: only the vocabularies are left.
        let mut reading = Reading::of(&pages);
        reading.read_until(&pages, &AtomicBool::new(false));
        assert!((reading.ranges.iter()).all(|range| matches!(range, RangeReading::Read(_))));
        assert_eq!(shards(reading.finish(&pages)), at_once);
        // Begun on other pages: read again.
        let others = pages[..CHUNK].to_vec();
        let mut reading = Reading::of(&others);
        reading.read_until(&others, &AtomicBool::new(false));
        assert!(!reading.is_of(&pages));
        assert_eq!(shards(reading.finish(&pages)), at_once);
    }

    /// What a reading handed to [`build`] has read is what the index holds:
    /// it is used, not read again (a range read from other words shows
    /// them).
    #[test]
    fn the_index_is_made_from_the_reading_it_is_given() {
        let pages = vec![page("/n0/", "2024-01-01", "Nota", "<p>stikstof</p>")];
        let other = vec![page("/n0/", "2024-01-01", "Nota", "<p>fosfaat</p>")];
        let words = |read: Option<Reading>| {
            let (files, _) = build_files(&pages, &[], (false, read));
            let terms = files
                .files
                .iter()
                .filter(|(path, _)| path.starts_with("t/"));
            let text: String = terms
                .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
                .collect();
            ["stikstof", "fosfaat"].map(|word| text.contains(word))
        };
        assert_eq!(words(None), [true, false]);
        assert_eq!(
            words(Some(reading_with_words_of(&pages, &other))),
            [false, true]
        );
    }

    #[test]
    fn a_one_word_line_is_the_line_of_its_merged_postings() {
        let pages: Vec<Page> = (0..1300)
            .map(|i| {
                page(
                    &format!("/n{i}/"),
                    "2024-01-01",
                    &format!("Nota {i} over zorg{}", i % 5),
                    &format!(
                        "<h2 id=\"a\">Gemeente {}</h2><p>De gemeente{} en de jeugdzorg {} {}.</p>",
                        i % 3,
                        i % 7,
                        "zorg ".repeat(i % 9),
                        i % 13
                    ),
                )
            })
            .collect();
        let vocabulary = Vocabulary::of(&pages);
        let (mut postings, mut merged) = (Vec::new(), Vec::new());
        let (mut fast, mut weights) = (String::new(), String::new());
        for entry in &vocabulary.words {
            postings.clear();
            postings_of(entry, false, &mut postings);
            merge(&mut postings, &mut merged);
            for stem in [&*entry.word, "stam"] {
                let mut expected = String::new();
                format::push_term_line(&mut expected, stem, &[&entry.word], &[], &merged);
                fast.clear();
                push_one_word_line(&mut fast, stem, entry, &mut weights);
                assert_eq!(fast, expected, "{}", entry.word);
            }
        }
        assert!(vocabulary.words.iter().any(|w| w.postings.len() > 3000));
    }

    #[test]
    fn positions_are_per_form_in_the_shard_of_its_stem() {
        let pages = [page(
            "/a/",
            "2024-01-01",
            "Wet open overheid",
            "<p>De Wet open overheid geldt.</p>",
        )];
        let (files, _) = build_files(&pages, &[], (false, None));
        let n = shard_of("overheid", files.manifest.shards);
        let (_, bytes) = files
            .files
            .iter()
            .find(|(p, _)| *p == format!("p/{n}.txt"))
            .unwrap();
        let lines = read_position_lines(std::str::from_utf8(bytes).unwrap()).unwrap();
        let (_, documents) = lines.iter().find(|(form, _)| form == "overheid").unwrap();
        // Title: positions 1–3; body after a boundary: "De" is 5, "overheid" 8.
        assert_eq!(documents, &vec![(0, vec![3, 8])]);
    }

    #[test]
    fn weights_order_title_heading_meta_body() {
        let title = weight(field_bit(Field::Title), 1, false);
        let heading = weight(field_bit(Field::Heading), 1, false);
        let meta = weight(field_bit(Field::Meta), 1, false);
        let body = weight(field_bit(Field::Body), 1, false);
        let body_often = weight(field_bit(Field::Body), 9, false);
        let part = weight(field_bit(Field::Body), 9, true);
        assert!(title > heading && heading > meta && meta > body && body > part);
        assert!(body_often > body && body_often < heading);
        assert_eq!(weight(0xff, u32::MAX, false), 19);
    }

    #[test]
    fn documents_and_facets_files() {
        let pages: Vec<Page> = (0..20)
            .map(|i| {
                page(
                    &format!("/n{i}/"),
                    "2024-01-01",
                    &format!("Nota \"{i}\""),
                    "",
                )
            })
            .collect();
        let documents = [1usize, 5, 19];
        let facets = [Facet {
            field: "topics",
            param: "onderwerp",
            title: "Onderwerpen",
            terms: vec![FacetTerm {
                name: "Zorg",
                slug: "zorg",
                documents: &documents,
            }],
        }];
        let (files, _) = build_files(&pages, &facets, (false, None));
        let d1 = files.files.iter().find(|(p, _)| p == "d/1.json").unwrap();
        let rows: Vec<(String, String, String, String)> = serde_json::from_slice(&d1.1).unwrap();
        assert_eq!(rows.len(), 4);
        assert_eq!(
            rows[0],
            (
                "/n16/".into(),
                "Nota \"16\"".into(),
                "2024-01-01".into(),
                String::new()
            )
        );
        let facet = files
            .files
            .iter()
            .find(|(p, _)| p == "f/onderwerp.txt")
            .unwrap();
        let text = std::str::from_utf8(&facet.1).unwrap();
        assert_eq!(format::read_documents(text.trim_end()).unwrap(), [1, 5, 19]);
        assert_eq!(
            files.manifest.facetten[0].termen,
            [("Zorg".to_string(), "zorg".to_string())]
        );
    }
}
