//! Small helpers over published text: words, lines and windows around a
//! position. Offsets are byte offsets into one segment's text.

use std::ops::Range;

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
    fn whole_words_only() {
        assert!(find_word("Uw BSN: 1", &["bsn"]).is_some());
        assert!(find_word("BSNummer", &["bsn"]).is_none());
        assert!(find_word("ten name van de heer", &["de heer"]).is_some());
        assert!(find_word("geb. 1 mei", &["geb."]).is_some());
    }
}
