//! The text format of the index files, and reading it back (for tests and
//! for checking what was written).
//!
//! Numbers are written in an alphabet of 28 punctuation characters, never
//! letters or digits. A word in an index file is therefore always a word
//! of a page (a stem, a form, a compound), and the leak guard, which
//! compares words, reads the files like any other: it sees the words and
//! nothing else, so no run of encoded numbers can look like a withheld
//! name or amount. `<`, `>`, `&` and `\` are left out so that no file looks
//! like markup or escaped text to the guard or a browser. Gzip, which a
//! web server applies, compresses this text as well as a binary format.
//!
//! A number is a run of base-14 digits, most significant first: every
//! digit but the last is one of the first 14 characters, the last one of
//! the other 14. Lists of document numbers are written as gaps (the first
//! as itself), in increasing order.
//!
//! Files (`/zoeken/index/`):
//!
//! - `t/<n>.txt`, one line per stem whose hash falls in shard n:
//!   `stem form… [~ compound…]<TAB><documents> <weights>`, where the forms
//!   are the words of the site with this stem (absent when the only form is
//!   the stem), compounds the words it is a part of, and weights one
//!   character per document (0–27, see `index::weight`);
//! - `p/<n>.txt`, one line per form: `form<TAB>` and per document its gap,
//!   the number of positions and the positions as gaps;
//! - `d/<k>.json`: the documents `k·G … k·G+G−1` as `[url, title, date, type]`;
//! - `f/<param>.txt`: per term of the facet (in the order of `index.json`)
//!   its documents, as gaps or as runs (`push_documents`).

/// Characters for "more digits follow" (the first 14) and for the last digit.
pub const ALPHABET: &[u8; 28] = b"!\"#$%'()*+,-./:;=?@[]^_`{|}~";
const BASE: u32 = 14;

/// Appends `n` in the index alphabet.
#[inline]
pub fn push_number(out: &mut String, n: u32) {
    // Most are gaps between documents: one digit.
    if n < BASE {
        out.push(char::from(ALPHABET[(BASE + n) as usize]));
    } else {
        push_longer_number(out, n);
    }
}

/// [`push_number`] of a number of two digits or more.
fn push_longer_number(out: &mut String, n: u32) {
    let mut buffer = [0; 9];
    for &digit in encode(n, &mut buffer) {
        out.push(char::from(digit));
    }
}

/// [`push_number`] into bytes: the index's positions, the most numbers it
/// writes, are kept as bytes until their file is written.
#[inline]
pub fn push_number_bytes(out: &mut Vec<u8>, n: u32) {
    // Nearly all are gaps between positions in a page: one or two digits,
    // three for a word's first position on its page (its gap from 0).
    let last = |d: u32| ALPHABET[(BASE + d) as usize];
    if n < BASE {
        out.push(last(n));
    } else if n < BASE * BASE {
        out.extend_from_slice(&TWO_DIGITS[n as usize]);
    } else if n < BASE * BASE * BASE {
        let [middle, last] = TWO_DIGITS[(n % (BASE * BASE)) as usize];
        out.extend_from_slice(&[ALPHABET[(n / (BASE * BASE)) as usize], middle, last]);
    } else {
        push_longer_number_bytes(out, n);
    }
}

/// Every number of up to two digits, as two digits (`0` first for one).
const TWO_DIGITS: [[u8; 2]; (BASE * BASE) as usize] = {
    let mut table = [[0; 2]; (BASE * BASE) as usize];
    let mut n = 0;
    while n < table.len() {
        let base = BASE as usize;
        table[n] = [ALPHABET[n / base], ALPHABET[base + n % base]];
        n += 1;
    }
    table
};

/// A byte that holds the place of a number written later with
/// [`put_number_at`]; never left in a file (the leak guard would see it).
pub const COUNT_PLACE: u8 = 0;

/// Writes `n` in the place of the one byte at `at` (a [`COUNT_PLACE`]):
/// nearly always one digit; more move the bytes after it.
#[inline]
pub fn put_number_at(out: &mut Vec<u8>, at: usize, n: u32) {
    if n < BASE {
        out[at] = ALPHABET[(BASE + n) as usize];
    } else {
        let mut buffer = [0; 9];
        out.splice(at..=at, encode(n, &mut buffer).iter().copied());
    }
}

/// [`push_number_bytes`] of a number of four digits or more.
fn push_longer_number_bytes(out: &mut Vec<u8>, n: u32) {
    let mut buffer = [0; 9];
    out.extend_from_slice(encode(n, &mut buffer));
}

/// [`push_gaps`] into bytes.
pub fn push_gaps_bytes(out: &mut Vec<u8>, numbers: &[u32]) {
    // Positions on a page take at most three digits.
    out.reserve(numbers.len() * 3);
    let mut previous = 0;
    for &n in numbers {
        push_number_bytes(out, n - previous);
        previous = n;
    }
}

/// The digits of `n` in `buffer`, most significant first.
fn encode(n: u32, buffer: &mut [u8; 9]) -> &[u8] {
    let mut at = buffer.len() - 1;
    buffer[at] = ALPHABET[(BASE + n % BASE) as usize];
    let mut rest = n / BASE;
    while rest > 0 {
        at -= 1;
        buffer[at] = ALPHABET[(rest % BASE) as usize];
        rest /= BASE;
    }
    &buffer[at..]
}

/// Appends one small value (0–27) as one character.
pub fn push_small(out: &mut String, n: u8) {
    out.push(char::from(ALPHABET[usize::from(n.min(27))]));
}

/// Appends increasing numbers as gaps.
pub fn push_gaps(out: &mut String, numbers: impl IntoIterator<Item = u32>) {
    let mut previous = 0;
    for (i, n) in numbers.into_iter().enumerate() {
        push_number(out, if i == 0 { n } else { n - previous });
        previous = n;
    }
}

/// Appends a set of documents (increasing) as gaps, or, when shorter, as
/// runs of consecutive documents after a space: per run the gap from the
/// previous run's end and its length less one. A year is one run (notes are
/// numbered newest first); a rare topic is best as gaps.
pub fn push_documents(out: &mut String, documents: impl IntoIterator<Item = u32>) {
    let documents: Vec<u32> = documents.into_iter().collect();
    let mut gaps = String::new();
    push_gaps(&mut gaps, documents.iter().copied());
    let mut runs = String::from(" ");
    let mut previous_end = 0;
    let mut at = 0;
    while at < documents.len() {
        let start = documents[at];
        let mut end = start;
        while at + 1 < documents.len() && documents[at + 1] == end + 1 {
            at += 1;
            end += 1;
        }
        push_number(&mut runs, start - previous_end);
        push_number(&mut runs, end - start);
        previous_end = end;
        at += 1;
    }
    out.push_str(if runs.len() < gaps.len() {
        &runs
    } else {
        &gaps
    });
}

/// Undoes [`push_documents`].
pub fn read_documents(text: &str) -> Option<Vec<u32>> {
    let Some(runs) = text.strip_prefix(' ') else {
        return Some(from_gaps(&read_numbers(text)?));
    };
    let numbers = read_numbers(runs)?;
    let mut out = Vec::new();
    let mut previous_end = 0u32;
    for pair in numbers.chunks(2) {
        let start = previous_end.checked_add(pair[0])?;
        let end = start.checked_add(*pair.get(1)?)?;
        out.extend(start..=end);
        previous_end = end;
    }
    Some(out)
}

/// The value of one alphabet character.
fn digit(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

/// Reads numbers written by [`push_number`]; `None` on any other character
/// or a number cut off.
pub fn read_numbers(text: &str) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    let mut acc: u32 = 0;
    let mut open = false;
    for &c in text.as_bytes() {
        let d = digit(c)?;
        if d < BASE {
            acc = acc.checked_mul(BASE)?.checked_add(d)?;
            open = true;
        } else {
            out.push(acc.checked_mul(BASE)?.checked_add(d - BASE)?);
            acc = 0;
            open = false;
        }
    }
    (!open).then_some(out)
}

/// Reads small values written by [`push_small`].
pub fn read_small(text: &str) -> Option<Vec<u8>> {
    text.bytes()
        .map(|c| digit(c).and_then(|d| u8::try_from(d).ok()))
        .collect()
}

/// Undoes [`push_gaps`].
pub fn from_gaps(gaps: &[u32]) -> Vec<u32> {
    let mut total = 0u32;
    gaps.iter()
        .map(|g| {
            total = total.saturating_add(*g);
            total
        })
        .collect()
}

/// One line of a `t/` shard, read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermLine {
    pub stem: String,
    pub forms: Vec<String>,
    pub compounds: Vec<String>,
    pub documents: Vec<u32>,
    pub weights: Vec<u8>,
}

/// Writes one `t/` line (with its newline).
pub fn push_term_line(
    out: &mut String,
    stem: &str,
    forms: &[&str],
    compounds: &[&str],
    postings: &[(u32, u8)],
) {
    out.push_str(stem);
    if !(forms.len() == 1 && forms[0] == stem) {
        for form in forms {
            out.push(' ');
            out.push_str(form);
        }
    }
    if !compounds.is_empty() {
        out.push_str(" ~");
        for compound in compounds {
            out.push(' ');
            out.push_str(compound);
        }
    }
    out.push('\t');
    push_gaps(out, postings.iter().map(|p| p.0));
    out.push(' ');
    for &(_, weight) in postings {
        push_small(out, weight);
    }
    out.push('\n');
}

/// Reads a `t/` shard.
pub fn read_term_lines(text: &str) -> Option<Vec<TermLine>> {
    text.lines()
        .map(|line| {
            let (words, numbers) = line.split_once('\t')?;
            let (documents, weights) = numbers.split_once(' ')?;
            let mut words = words.split(' ');
            let stem = words.next()?.to_string();
            let mut forms = Vec::new();
            let mut compounds = Vec::new();
            let mut in_compounds = false;
            for word in words {
                if word == "~" {
                    in_compounds = true;
                } else if in_compounds {
                    compounds.push(word.to_string());
                } else {
                    forms.push(word.to_string());
                }
            }
            if forms.is_empty() {
                forms.push(stem.clone());
            }
            let documents = from_gaps(&read_numbers(documents)?);
            let weights = read_small(weights)?;
            (documents.len() == weights.len()).then_some(TermLine {
                stem,
                forms,
                compounds,
                documents,
                weights,
            })
        })
        .collect()
}

/// Writes one `p/` line: a form and, per document, its positions.
pub fn push_position_line(out: &mut String, form: &str, documents: &[(u32, &[u32])]) {
    out.push_str(form);
    out.push('\t');
    let mut previous = 0;
    for (i, (document, positions)) in documents.iter().enumerate() {
        push_number(
            out,
            if i == 0 {
                *document
            } else {
                document - previous
            },
        );
        previous = *document;
        push_number(out, positions.len() as u32);
        push_gaps(out, positions.iter().copied());
    }
    out.push('\n');
}

/// The positions of one form, per document.
pub type PositionLine = (String, Vec<(u32, Vec<u32>)>);

/// Reads a `p/` shard: per form, per document its positions.
pub fn read_position_lines(text: &str) -> Option<Vec<PositionLine>> {
    text.lines()
        .map(|line| {
            let (form, numbers) = line.split_once('\t')?;
            let numbers = read_numbers(numbers)?;
            let mut documents = Vec::new();
            let mut at = 0;
            let mut document = 0u32;
            while at < numbers.len() {
                document = if documents.is_empty() {
                    numbers[at]
                } else {
                    document + numbers[at]
                };
                let count = *numbers.get(at + 1)? as usize;
                let gaps = numbers.get(at + 2..at + 2 + count)?;
                documents.push((document, from_gaps(gaps)));
                at += 2 + count;
            }
            Some((form.to_string(), documents))
        })
        .collect()
}

/// FNV-1a over the UTF-8 bytes of a stem: which shard holds it. The
/// browser computes the same (`zoeken.js`, `shardOf`).
pub fn shard_of(stem: &str, shards: u32) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for &b in stem.as_bytes() {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash % shards
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A number put in a kept place reads as if it had been written there:
    /// one digit in place, more moving what follows.
    #[test]
    fn a_number_put_in_its_place_is_the_number_written_there() {
        for n in (0..3000).chain([BASE.pow(3), BASE.pow(4) + 1, u32::MAX]) {
            let mut written = b"ab".to_vec();
            push_number_bytes(&mut written, n);
            written.extend_from_slice(b"cd");
            let mut put = b"ab".to_vec();
            put.push(COUNT_PLACE);
            put.extend_from_slice(b"cd");
            put_number_at(&mut put, 2, n);
            assert_eq!(put, written, "{n}");
        }
    }

    #[test]
    fn the_alphabet_has_no_letters_digits_markup_or_escapes() {
        let mut seen = std::collections::HashSet::new();
        for &c in ALPHABET {
            let c = char::from(c);
            assert!(c.is_ascii_punctuation(), "{c}");
            assert!(!"<>&\\".contains(c), "{c}");
            assert!(seen.insert(c), "{c} twice");
        }
    }

    #[test]
    fn numbers_round_trip_at_every_length() {
        let numbers: Vec<u32> = [0, 1, 13, 14, 195, 196, 2743, 2744, 38415, 38416, 1 << 20]
            .into_iter()
            .chain([u32::MAX])
            .collect();
        let mut text = String::new();
        for &n in &numbers {
            push_number(&mut text, n);
        }
        assert_eq!(read_numbers(&text), Some(numbers.clone()));
        assert_eq!(text.len(), 1 + 1 + 1 + 2 + 2 + 3 + 3 + 4 + 4 + 5 + 6 + 9);
        let mut bytes = Vec::new();
        for &n in &numbers {
            push_number_bytes(&mut bytes, n);
        }
        assert_eq!(bytes, text.as_bytes());
        // Numbers one character long are the last 14 characters.
        let mut one = String::new();
        push_number(&mut one, 13);
        assert_eq!(one, "~");
    }

    #[test]
    fn a_cut_off_or_foreign_number_is_refused() {
        assert_eq!(
            read_numbers("!"),
            None,
            "a continuation digit without its end"
        );
        assert_eq!(read_numbers("a"), None);
        assert_eq!(read_small("!a"), None);
    }

    #[test]
    fn term_lines_round_trip() {
        let mut text = String::new();
        push_term_line(
            &mut text,
            "gemeent",
            &["gemeente", "gemeenten"],
            &["gemeenteraad"],
            &[(0, 3), (7, 1), (300, 27)],
        );
        push_term_line(&mut text, "beleid", &["beleid"], &[], &[(5, 1)]);
        assert_eq!(text.lines().nth(1), Some("beleid\t[ \""));
        let lines = read_term_lines(&text).unwrap();
        assert_eq!(
            lines[0],
            TermLine {
                stem: "gemeent".into(),
                forms: vec!["gemeente".into(), "gemeenten".into()],
                compounds: vec!["gemeenteraad".into()],
                documents: vec![0, 7, 300],
                weights: vec![3, 1, 27],
            }
        );
        assert_eq!(lines[1].forms, ["beleid"]);
        assert!(
            text.bytes()
                .all(|b| b.is_ascii_lowercase() || b" ~\t\n".contains(&b) || ALPHABET.contains(&b))
        );
    }

    #[test]
    fn position_lines_round_trip() {
        let mut text = String::new();
        push_position_line(
            &mut text,
            "overheid",
            &[(2, &[5, 9, 40][..]), (9, &[0][..])],
        );
        let lines = read_position_lines(&text).unwrap();
        assert_eq!(
            lines,
            vec![(
                "overheid".to_string(),
                vec![(2, vec![5, 9, 40]), (9, vec![0])]
            )]
        );
    }

    #[test]
    fn document_sets_are_gaps_or_runs_whichever_is_shorter() {
        for documents in [
            vec![],
            vec![0],
            vec![3, 40, 2000],
            (100..5000).collect::<Vec<u32>>(),
            (0..10).chain(20..30).chain([99]).collect(),
        ] {
            let mut text = String::new();
            push_documents(&mut text, documents.iter().copied());
            assert_eq!(read_documents(&text), Some(documents.clone()), "{text}");
            assert!(!text.contains('\n'));
        }
        let mut year = String::new();
        push_documents(&mut year, 100..5000);
        assert!(year.starts_with(' ') && year.len() < 8, "{year}");
        let mut sparse = String::new();
        push_documents(&mut sparse, [3, 40, 2000]);
        assert!(!sparse.starts_with(' '));
    }

    #[test]
    fn shards_are_fnv1a() {
        // FNV-1a 32 of "a" is 0xe40c292c.
        assert_eq!(shard_of("a", u32::MAX), 0xe40c_292c);
        assert_eq!(shard_of("", 16), 0x811c_9dc5 % 16);
    }
}
