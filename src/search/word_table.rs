//! A table from words to numbers for the index's hottest loop.
//!
//! A cold build looks up every word of every note (5.5 million at 10,000
//! notes) to find its entry. A general hash map with boxed string keys spends
//! most of that time hashing byte by byte and calling `memcmp` to confirm a
//! hit. This table keeps the words in one buffer, hashes eight bytes at a time
//! and stores each word's full hash beside its number, and a short word (up
//! to 16 bytes) as two numbers in its slot: a look-up reads one slot and
//! compares numbers, and touches the words' text only for long words. The
//! numbers are the order in which words were first added.

/// Words and their numbers (0, 1, 2, … in order of insertion).
pub struct WordTable {
    slots: Vec<Slot>,
    /// Every word, one after the other.
    text: Vec<u8>,
    /// Per number: where its word is in `text`.
    spans: Vec<(u32, u32)>,
}

/// One place of the table. A word of up to 16 bytes (nearly all) is held
/// in it as its [`short_key`], so a look-up compares two numbers in the
/// slot it already reads instead of following the number to the text.
#[derive(Clone, Copy, Default)]
struct Slot {
    hash: u64,
    key: (u64, u64),
    len: u32,
    /// The word's number + 1; 0 when the slot is empty.
    id: u32,
}

/// A multiplier with well-mixed bits (from FxHash).
const MIX: u64 = 0xf135_7aea_2e62_a9c5;

impl Default for WordTable {
    /// An empty table with its first slots, so that a look-up never finds
    /// none.
    fn default() -> Self {
        let mut table = Self {
            slots: Vec::new(),
            text: Vec::new(),
            spans: Vec::new(),
        };
        table.grow();
        table
    }
}

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
    #[inline]
    pub fn number(&mut self, word: &str) -> (u32, bool) {
        let bytes = word.as_bytes();
        let key = if bytes.len() <= 16 {
            short_key(bytes)
        } else {
            (0, 0)
        };
        let hash = hash(bytes, key);
        let mask = self.slots.len() - 1;
        let mut at = slot_of(hash, mask);
        loop {
            let slot = self.slots[at];
            if slot.id == 0 {
                let number = self.push(word);
                self.slots[at] = Slot {
                    hash,
                    key,
                    len: bytes.len() as u32,
                    id: number + 1,
                };
                // At most half full, so that a look-up ends soon.
                if self.spans.len() * 2 > self.slots.len() {
                    self.grow();
                }
                return (number, true);
            }
            if slot.hash == hash
                && slot.len as usize == bytes.len()
                && slot.key == key
                && (bytes.len() <= 16 || self.word_bytes(slot.id - 1) == bytes)
            {
                return (slot.id - 1, false);
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
        let old = std::mem::replace(&mut self.slots, vec![Slot::default(); size]);
        let mask = size - 1;
        for slot in old.into_iter().filter(|s| s.id != 0) {
            let mut at = slot_of(slot.hash, mask);
            while self.slots[at].id != 0 {
                at = (at + 1) & mask;
            }
            self.slots[at] = slot;
        }
    }
}

fn slot_of(hash: u64, mask: usize) -> usize {
    (hash >> 32) as usize & mask
}

/// A hash of the bytes, eight at a time; `key` is their [`short_key`]
/// when they are 16 or fewer.
fn hash(bytes: &[u8], key: (u64, u64)) -> u64 {
    let mix = |h: u64, word: u64| (h.rotate_left(5) ^ word).wrapping_mul(MIX);
    let mut h = bytes.len() as u64;
    if bytes.len() <= 16 {
        h = mix(mix(h, key.0), key.1);
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
