//! Small helpers over published text: words, lines and windows around a
//! position. Offsets are byte offsets into one segment's text.

use std::ops::Range;

/// The first byte at or after `from` for which `wanted` holds, stepping
/// over eight bytes at a time while `any_in_word` says none of them can be
/// one (`any_in_word` may say yes for a word with none: it only speeds up).
pub fn skip_to(
    bytes: &[u8],
    mut from: usize,
    any_in_word: impl Fn(u64) -> bool,
    wanted: impl Fn(u8) -> bool,
) -> usize {
    while from + 8 <= bytes.len() {
        let mut chunk = [0u8; 8];
        chunk.copy_from_slice(&bytes[from..from + 8]);
        if any_in_word(u64::from_le_bytes(chunk)) {
            break;
        }
        from += 8;
    }
    while from < bytes.len() && !wanted(bytes[from]) {
        from += 1;
    }
    from
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Whether some byte of `x` lies strictly between `m` and `n` (both below
/// 128); bytes of 128 and more never do.
pub fn any_between(x: u64, m: u8, n: u8) -> bool {
    let low = x & (ONES * 127);
    let between = (ONES * (127 + u64::from(n))).wrapping_sub(low)
        & !x
        & low.wrapping_add(ONES * (127 - u64::from(m)))
        & HIGHS;
    between != 0
}

/// Whether some byte of `x` is 128 or more (part of a multi-byte character).
pub fn any_high(x: u64) -> bool {
    x & HIGHS != 0
}

/// Whether some byte of `x` is `b` (below 128).
pub fn any_byte(x: u64, b: u8) -> bool {
    let y = x ^ (ONES * u64::from(b));
    y.wrapping_sub(ONES) & !y & HIGHS != 0
}

/// Whether `c` belongs to a word.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether the byte offset `i` of `text` starts a word (nothing of a word
/// right before it).
pub fn starts_word(text: &str, i: usize) -> bool {
    text[..i]
        .chars()
        .next_back()
        .is_none_or(|c| !is_word_char(c))
}

/// Whether the byte offset `i` ends a word (nothing of a word right after).
pub fn ends_word(text: &str, i: usize) -> bool {
    text[i..].chars().next().is_none_or(|c| !is_word_char(c))
}

/// The end of the word that starts at `i`: letters and digits, with `-`,
/// `'` and `’` inside it (`Jansen-de`, `d'Ancona`); `i` when no word starts
/// there. `'t` and `’t` are words of their own.
pub fn word_end(text: &str, i: usize) -> usize {
    let rest = &text[i..];
    for elided in ["'t", "’t"] {
        if rest.starts_with(elided) && ends_word(text, i + elided.len()) {
            return i + elided.len();
        }
    }
    let mut end = i;
    let mut chars = rest.char_indices().peekable();
    while let Some((offset, c)) = chars.next() {
        if is_word_char(c) {
            end = i + offset + c.len_utf8();
            continue;
        }
        let joins = matches!(c, '-' | '\'' | '’')
            && end == i + offset
            && end > i
            && chars.peek().is_some_and(|&(_, next)| is_word_char(next));
        if !joins {
            break;
        }
    }
    end
}

/// The line of `text` that holds byte `pos`.
pub fn line_around(text: &str, pos: usize) -> Range<usize> {
    let start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
    start..end
}

/// Up to `max` bytes before `pos`, on `pos`'s line.
pub fn before_on_line(text: &str, pos: usize, max: usize) -> &str {
    let line_start = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let start = floor(text, pos.saturating_sub(max).max(line_start));
    &text[start..pos]
}

/// Up to `max` bytes after `pos`, on `pos`'s line.
pub fn after_on_line(text: &str, pos: usize, max: usize) -> &str {
    let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
    let end = floor(text, (pos + max).min(line_end));
    &text[pos..end]
}

/// The largest char boundary at or before `i`.
pub fn floor(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The first of `words` that `haystack` contains as a whole word or phrase,
/// in any case.
pub fn find_word(haystack: &str, words: &[&'static str]) -> Option<&'static str> {
    if haystack.is_empty() {
        return None;
    }
    let lower = haystack.to_lowercase();
    words
        .iter()
        .copied()
        .find(|word| contains_whole(&lower, word))
}

/// Whether lower-cased `haystack` holds `word` with no word character
/// directly before or after it.
pub fn contains_whole(haystack: &str, word: &str) -> bool {
    let mut from = 0;
    while let Some(found) = haystack[from..].find(word) {
        let start = from + found;
        let end = start + word.len();
        let before_ok =
            word.starts_with(|c: char| !is_word_char(c)) || starts_word(haystack, start);
        let after_ok = word.ends_with(|c: char| !is_word_char(c)) || ends_word(haystack, end);
        if before_ok && after_ok {
            return true;
        }
        from = start + word.chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// Whether `word` is written with a capital and then lower case, as names
/// are (`Jansen`, `Van`, `Kostić`), not as an acronym (`VVD`).
pub fn is_capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_uppercase() && chars.clone().any(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_hyphens_and_apostrophes_inside() {
        let text = "Jansen-de Vries, d'Ancona en 't Hart.";
        assert_eq!(&text[..word_end(text, 0)], "Jansen-de");
        assert_eq!(&text[17..word_end(text, 17)], "d'Ancona");
        assert_eq!(&text[29..word_end(text, 29)], "'t");
        assert_eq!(word_end(text, 15), 15);
    }

    #[test]
    fn skipping_finds_the_same_byte_as_a_plain_search() {
        let text = "een zin zonder hoofdletters, dan een Naam en verder é en 12 cijfers, en nog wat meer tekst";
        let bytes = text.as_bytes();
        let wanted = |b: u8| b.is_ascii_uppercase() || b >= 0x80;
        let mut from = 0;
        while from < bytes.len() {
            let fast = skip_to(
                bytes,
                from,
                |x| any_between(x, b'A' - 1, b'Z' + 1) || any_high(x),
                wanted,
            );
            let slow = (from..bytes.len())
                .find(|&i| wanted(bytes[i]))
                .unwrap_or(bytes.len());
            assert_eq!(fast, slow, "from {from}");
            from = slow + 1;
        }
    }

    #[test]
    fn word_tests_agree_with_bytes() {
        let mut state = 7u64;
        for _ in 0..20_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let x = state;
            let bytes = x.to_le_bytes();
            assert_eq!(
                any_between(x, b'/', b':'),
                bytes.iter().any(|b| b.is_ascii_digit()),
                "{x:x}"
            );
            assert_eq!(any_high(x), bytes.iter().any(|&b| b >= 0x80));
            assert_eq!(any_byte(x, b'+'), bytes.contains(&b'+'), "{x:x}");
        }
    }

    #[test]
    fn whole_words_only() {
        assert!(find_word("Uw BSN: 1", &["bsn"]).is_some());
        assert!(find_word("BSNummer", &["bsn"]).is_none());
        assert!(find_word("ten name van de heer", &["de heer"]).is_some());
        assert!(find_word("geb. 1 mei", &["geb."]).is_some());
    }
}
