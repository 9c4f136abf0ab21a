//! A table from words to numbers for the index's hottest loop.
//!
//! A cold build looks up every word of every note (5.5 million at 10,000
//! notes) to find its entry. A general hash map with boxed string keys spends
//! most of that time hashing byte by byte and calling `memcmp` to confirm a
//! hit. This table keeps the words in one buffer, hashes eight bytes at a time
//! and stores each word's full hash beside its number, so a look-up compares
//! the bytes only when the hashes agree, and compares short words without a
//! library call. The numbers are the order in which words were first added.

/// Words and their numbers (0, 1, 2, … in order of insertion).
#[derive(Default)]
pub struct WordTable {
    /// Per slot: the hash and number + 1 of a word, or 0 when empty.
    slots: Vec<(u64, u32)>,
    /// Every word, one after the other.
    text: Vec<u8>,
    /// Per number: where its word is in `text`.
    spans: Vec<(u32, u32)>,
}

/// A multiplier with well-mixed bits (from FxHash).
const MIX: u64 = 0xf135_7aea_2e62_a9c5;

impl WordTable {
    /// How many words the table holds.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The number of `word`, adding it when it is new; and whether it was
    /// new.
    pub fn number(&mut self, word: &str) -> (u32, bool) {
        if self.spans.len() * 2 >= self.slots.len() {
            self.grow();
        }
        let hash = hash(word.as_bytes());
        let mask = self.slots.len() - 1;
        let mut at = slot_of(hash, mask);
        loop {
            let (slot_hash, id) = self.slots[at];
            if id == 0 {
                let number = self.push(word);
                self.slots[at] = (hash, number + 1);
                return (number, true);
            }
            if slot_hash == hash && same(self.word_bytes(id - 1), word.as_bytes()) {
                return (id - 1, false);
            }
            at = (at + 1) & mask;
        }
    }

    fn word_bytes(&self, number: u32) -> &[u8] {
        let (start, end) = self.spans[number as usize];
        &self.text[start as usize..end as usize]
    }

    fn push(&mut self, word: &str) -> u32 {
        let start = self.text.len() as u32;
        self.text.extend_from_slice(word.as_bytes());
        self.spans.push((start, self.text.len() as u32));
        (self.spans.len() - 1) as u32
    }

    /// Doubles the slots (at least 1,024) and puts every word back.
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(1024);
        let old = std::mem::replace(&mut self.slots, vec![(0, 0); size]);
        let mask = size - 1;
        for (hash, id) in old.into_iter().filter(|&(_, id)| id != 0) {
            let mut at = slot_of(hash, mask);
            while self.slots[at].1 != 0 {
                at = (at + 1) & mask;
            }
            self.slots[at] = (hash, id);
        }
    }
}

fn slot_of(hash: u64, mask: usize) -> usize {
    (hash >> 32) as usize & mask
}

/// A hash of the bytes, eight at a time.
fn hash(bytes: &[u8]) -> u64 {
    let mix = |h: u64, word: u64| (h.rotate_left(5) ^ word).wrapping_mul(MIX);
    let mut h = bytes.len() as u64;
    if bytes.len() <= 16 {
        let (low, high) = short_key(bytes);
        h = mix(mix(h, low), high);
    } else {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            h = mix(h, load8(chunk));
        }
        // The last eight bytes, overlapping the chunks before.
        h = mix(h, load8(&bytes[bytes.len() - 8..]));
    }
    h ^ (h >> 29)
}

/// Whether two byte strings are equal; words of up to 16 bytes are
/// compared as two numbers.
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    if a.len() > 16 {
        return a == b;
    }
    short_key(a) == short_key(b)
}

/// At most 16 bytes as two numbers, read with whole-word loads (bytes copied
/// into a buffer and read back as a number stall the processor). Two strings
/// of the same length have the same key only when they are equal.
fn short_key(bytes: &[u8]) -> (u64, u64) {
    let n = bytes.len();
    match n {
        0 => (0, 0),
        1..=3 => {
            let [first, middle, last] = [bytes[0], bytes[n / 2], bytes[n - 1]].map(u64::from);
            (first | middle << 8 | last << 16, 0)
        }
        4..=7 => (load4(bytes) | load4(&bytes[n - 4..]) << 32, 0),
        _ => (load8(bytes), load8(&bytes[n - 8..])),
    }
}

/// The first eight bytes as a number.
fn load8(bytes: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(&bytes[..8]);
    u64::from_le_bytes(word)
}

/// The first four bytes as a number.
fn load4(bytes: &[u8]) -> u64 {
    let mut word = [0u8; 4];
    word.copy_from_slice(&bytes[..4]);
    u64::from(u32::from_le_bytes(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_get_numbers_in_order_of_first_addition() {
        let mut table = WordTable::default();
        let words: Vec<String> = (0..5000).map(|i| format!("woord{i}")).collect();
        for (i, word) in words.iter().enumerate() {
            assert_eq!(table.number(word), (i as u32, true));
        }
        for (i, word) in words.iter().enumerate().rev() {
            assert_eq!(table.number(word), (i as u32, false));
        }
        assert_eq!(table.len(), 5000);
    }

    /// Every word of up to 17 letters over `a` and `b` (262,143 words):
    /// each length where the comparison changes form, and words that differ
    /// in one byte anywhere, against a standard map.
    #[test]
    fn agrees_with_a_hash_map_on_every_short_word_over_two_letters() {
        let mut table = WordTable::default();
        let mut map = std::collections::HashMap::new();
        let words = (0..=17u32).flat_map(|len| {
            (0..1u32 << len).map(move |bits| {
                (0..len)
                    .map(|i| if bits >> i & 1 == 1 { 'b' } else { 'a' })
                    .collect::<String>()
            })
        });
        for word in words {
            let next = map.len() as u32;
            let expected = *map.entry(word.clone()).or_insert(next);
            assert_eq!(table.number(&word), (expected, true), "{word}");
            assert_eq!(table.number(&word), (expected, false), "{word}");
        }
        assert_eq!(table.len(), map.len());
    }

    #[test]
    fn words_that_share_a_prefix_or_padding_differ() {
        let mut table = WordTable::default();
        let words = [
            "",
            "a",
            "a\0",
            "abcdefgh",
            "abcdefghi",
            "abcdefghijklmnop",
            "abcdefghijklmnopq",
            "abcdefghijklmnoq",
            "ĳssel",
            "ijssel",
        ];
        for word in words {
            table.number(word);
        }
        for (i, word) in words.iter().enumerate() {
            assert_eq!(table.number(word), (i as u32, false), "{word:?}");
        }
    }
}
