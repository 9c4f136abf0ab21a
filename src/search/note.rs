//! What search takes from one page: its distinct words, where they stand
//! and how often.

use rustc_hash::FxHashMap as HashMap;
use std::collections::hash_map::Entry;

use super::stem::is_stop_word;
use super::text::{Field, Walker};
use crate::page::Page;

/// One distinct word of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoteWord<'a> {
    /// Folded.
    pub word: &'a str,
    /// The weightiest field it appears in.
    pub field: Field,
    /// In which fields it appears (bits of [`field_bit`]).
    pub fields: u8,
    /// How often it appears.
    pub count: u32,
    /// Its positions, increasing.
    pub positions: &'a [u32],
}

/// The indexed words of a page, in order of first appearance, held in
/// three buffers rather than a few allocations per word.
#[derive(Debug, Default, Clone)]
pub struct NoteWords {
    /// The folded words, one after the other.
    text: String,
    words: Vec<Slot>,
    /// Every word's positions, word after word.
    positions: Vec<u32>,
}

#[derive(Debug, Clone)]
struct Slot {
    start: u32,
    end: u32,
    field: Field,
    fields: u8,
    count: u32,
    /// Where its positions start in `positions` (after grouping).
    first: u32,
    /// A stop word: found, but not indexed.
    stop: bool,
}

impl NoteWords {
    /// The words with their positions.
    pub fn iter(&self) -> impl Iterator<Item = NoteWord<'_>> {
        self.words.iter().filter(|s| !s.stop).map(|s| NoteWord {
            word: &self.text[s.start as usize..s.end as usize],
            field: s.field,
            fields: s.fields,
            count: s.count,
            positions: &self.positions[s.first as usize..(s.first + s.count) as usize],
        })
    }

    pub fn len(&self) -> usize {
        self.words.iter().filter(|s| !s.stop).count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The bit of a field in [`NoteWord::fields`].
pub fn field_bit(field: Field) -> u8 {
    match field {
        Field::Title => 1,
        Field::Heading => 2,
        Field::Meta => 4,
        Field::Body => 8,
    }
}

/// Calls `sink` with every word of what search reads of a page, folded,
/// with its field and position: the title, the kenmerk, the topics and the
/// body.
pub fn walk(page: &Page, sink: &mut impl FnMut(&str, Field, u32)) {
    let mut walker = Walker::new();
    walker.text(&page.meta.title, Field::Title, sink);
    if let Some(kenmerk) = &page.meta.kenmerk {
        walker.text(kenmerk, Field::Meta, sink);
    }
    for topic in &page.meta.topics {
        walker.text(topic, Field::Meta, sink);
    }
    walker.html(&page.content, sink);
}

/// The indexed words of a page, in order of first appearance. Stop words
/// and one-letter words are not indexed (their positions still count).
pub fn words_of(page: &Page) -> NoteWords {
    let mut collector = Collector::with_capacity(page.content.len() / 8);
    walk(page, &mut |word, field, position| {
        collector.add(word, field, position)
    });
    collector.finish()
}

/// Whether a word is one letter (or none): one character of up to four
/// bytes, told by its first byte. One letter is not a word to look for.
pub fn is_one_letter(word: &str) -> bool {
    let width = match word.as_bytes().first() {
        None => return true,
        Some(0..=0x7f) => 1,
        Some(0xc0..=0xdf) => 2,
        Some(0xe0..=0xef) => 3,
        Some(_) => 4,
    };
    word.len() <= width
}

/// A page with a body, for tests.
#[cfg(test)]
pub(crate) fn sample(url: &str, date: &str, title: &str, body: &str) -> Page {
    let mut page = Page::sample(url, date, title);
    page.content = body.to_string();
    page
}

/// Gathers a page's words as the walker finds them.
struct Collector {
    out: NoteWords,
    /// Word by the hash of its folded text; a (never seen) collision of
    /// two words falls back to a search of the words.
    index: HashMap<u64, u32>,
    /// Word and position of every indexed occurrence.
    tokens: Vec<(u32, u32)>,
}

impl Collector {
    fn with_capacity(tokens: usize) -> Self {
        Self {
            out: NoteWords::default(),
            index: HashMap::with_capacity_and_hasher(tokens / 2, Default::default()),
            tokens: Vec::with_capacity(tokens),
        }
    }

    fn add(&mut self, folded: &str, field: Field, position: u32) {
        if is_one_letter(folded) {
            return;
        }
        let out = &mut self.out;
        let slot = match self.index.entry(hash_of(folded)) {
            Entry::Occupied(e) if out.word(*e.get()) == folded => *e.get(),
            Entry::Occupied(_) => {
                match (0..out.words.len() as u32).find(|&i| out.word(i) == folded) {
                    Some(at) => at,
                    None => out.push(folded, field),
                }
            }
            Entry::Vacant(e) => *e.insert(out.push(folded, field)),
        };
        let word = &mut out.words[slot as usize];
        if word.stop {
            return;
        }
        word.field = word.field.min(field);
        word.fields |= field_bit(field);
        word.count += 1;
        self.tokens.push((slot, position));
    }

    /// The words, with their positions grouped by word, each group in
    /// increasing order.
    fn finish(self) -> NoteWords {
        let mut out = self.out;
        let mut next = 0u32;
        for slot in &mut out.words {
            slot.first = next;
            next += slot.count;
        }
        out.positions = vec![0; next as usize];
        let mut filled: Vec<u32> = out.words.iter().map(|s| s.first).collect();
        for (slot, position) in self.tokens {
            out.positions[filled[slot as usize] as usize] = position;
            filled[slot as usize] += 1;
        }
        out
    }
}

fn hash_of(word: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(word)
}

impl NoteWords {
    fn word(&self, slot: u32) -> &str {
        let s = &self.words[slot as usize];
        &self.text[s.start as usize..s.end as usize]
    }

    fn push(&mut self, folded: &str, field: Field) -> u32 {
        let start = self.text.len() as u32;
        self.text.push_str(folded);
        self.words.push(Slot {
            start,
            end: self.text.len() as u32,
            field,
            fields: 0,
            count: 0,
            first: 0,
            stop: is_stop_word(folded),
        });
        (self.words.len() - 1) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_letter_is_told_by_the_width_of_its_first_character() {
        for word in ["", "a", "é", "ĳ", "€", "𝒜"] {
            assert!(is_one_letter(word), "{word}");
        }
        for word in ["ab", "éa", "aé", "ĳs", "€€", "𝒜a"] {
            assert!(!is_one_letter(word), "{word}");
        }
    }

    #[test]
    fn a_page_gives_its_title_meta_and_body_words_folded_without_stop_words() {
        let mut page = Page::sample(
            "/2024/x/",
            "2024-05-01",
            "Financiële steun voor de gemeenten",
        );
        page.meta.kenmerk = Some("BZK/2024-12".into());
        page.meta.topics = vec!["Jeugdzorg".into()];
        page.content = "<h2 id=\"a\">Gemeenten</h2>\n<p>De gemeenten krijgen steun.</p>".into();
        let found = words_of(&page);
        let words: Vec<NoteWord<'_>> = found.iter().collect();
        let summary: Vec<(&str, Field, u32)> =
            words.iter().map(|w| (w.word, w.field, w.count)).collect();
        assert_eq!(
            summary,
            [
                ("financiele", Field::Title, 1),
                ("steun", Field::Title, 2),
                ("gemeenten", Field::Title, 3),
                ("bzk", Field::Meta, 1),
                ("2024", Field::Meta, 1),
                ("12", Field::Meta, 1),
                ("jeugdzorg", Field::Meta, 1),
                ("krijgen", Field::Body, 1),
            ]
        );
        let gemeenten = &words[2];
        assert_eq!(
            gemeenten.fields,
            field_bit(Field::Title) | field_bit(Field::Heading) | field_bit(Field::Body)
        );
        assert!(gemeenten.positions.windows(2).all(|w| w[0] < w[1]));
    }
}
