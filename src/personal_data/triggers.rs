//! Where a closer look starts in a block: a name after a form of address or
//! title (`mevrouw Jansen`, `dr. L. Taylor`), initials (`J.`), common given
//! names.
//!
//! The check reads every byte a site publishes, so this is the hot loop. A
//! person's name starts with a capital, and so do initials and given names:
//! the loop steps over everything else and looks around capitals only (a
//! title is found by looking back from the name after it). Nothing splits the
//! text into words.

use std::sync::LazyLock;

use rustc_hash::FxHashSet as HashSet;

use super::text::{any_between, any_high, ends_word, skip_to, starts_word};
use super::words::{DOTTED_TITLES, GIVEN_NAMES, LONG_INITIALS, PARTICLES, WORD_TITLES};

/// Where a search starts in a block (byte offsets).
#[derive(Debug, Clone, Default)]
pub(super) struct Triggers {
    /// A title or form of address before a capitalised word: where the first
    /// title of a chain (`prof. dr.`) starts, where the last one ends, and
    /// the last one as a message names it (`mevrouw`, `de heer`, `dr`).
    pub titles: Vec<(usize, usize, &'static str)>,
    /// A common given name with a space after it.
    pub given_names: Vec<(usize, usize)>,
    /// A capital with a full stop after it (`J.`, `Th.`).
    pub initials: Vec<usize>,
    /// A word that starts with two capitals or a capital and a hyphen: where
    /// an IBAN (`NL91…`) or a licence plate (`GB-12-HT`, `X-123-BB`) may be.
    pub codes: Vec<usize>,
}

static GIVEN: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| GIVEN_NAMES.iter().copied().collect());

/// For each first and second letter (`A`–`Z`, `a`–`z`), the lengths of the
/// given names that start so: a quick no before hashing a word.
static GIVEN_HEADS: LazyLock<Vec<u16>> = LazyLock::new(|| {
    let mut heads = vec![0u16; 26 * 26];
    for name in GIVEN_NAMES {
        if let Some(index) = head_index(name.as_bytes()) {
            heads[index] |= 1 << name.len().min(15);
        }
    }
    heads
});

/// The slot of a word's first two letters in [`GIVEN_HEADS`], when they are
/// a capital and a small ASCII letter.
fn head_index(word: &[u8]) -> Option<usize> {
    match word {
        [first @ b'A'..=b'Z', second @ b'a'..=b'z', ..] => {
            Some(usize::from(first - b'A') * 26 + usize::from(second - b'a'))
        }
        _ => None,
    }
}

/// Whether `word` is one of the common given names.
fn is_given_name(word: &str) -> bool {
    let Some(index) = head_index(word.as_bytes()) else {
        // `Ayşe`, `Öznur`: too rare to filter; look them up.
        return word.len() <= 12 && GIVEN.contains(word);
    };
    word.len() <= 15 && GIVEN_HEADS[index] & (1 << word.len()) != 0 && GIVEN.contains(word)
}

/// The triggers of `text`.
pub(super) fn scan(text: &str) -> Triggers {
    let bytes = text.as_bytes();
    let mut triggers = Triggers::default();
    let mut i = 0;
    while i < bytes.len() {
        // Skip to the next capital; a lead byte of two-byte Latin letters
        // (`Ö`, `É`) is looked at too.
        i = skip_to(
            bytes,
            i,
            |x| any_between(x, b'A' - 1, b'Z' + 1) || any_high(x),
            |b| b.is_ascii_uppercase() || (0xC3..=0xC5).contains(&b),
        );
        let Some(&b) = bytes.get(i) else { break };
        let start = i;
        if b >= 0x80 {
            let c = text[i..].chars().next().unwrap_or(' ');
            i += c.len_utf8();
            if !c.is_uppercase() {
                continue;
            }
        } else {
            i += 1;
        }
        if bytes
            .get(i)
            .is_some_and(|&b| b.is_ascii_uppercase() || b == b'-')
        {
            // `VVD`, `NL91ABNA…`, `X-123-BB`: no name, no initial; maybe a code.
            if b < 0x80 && starts_word(text, start) {
                triggers.codes.push(start);
            }
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            continue;
        }
        while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
            i += 1;
        }
        if !starts_word(text, start) {
            continue;
        }
        let word = &text[start..i];
        if let Some(title) = title_before(text, start)
            && triggers.titles.last() != Some(&title)
        {
            triggers.titles.push(title);
        }
        match bytes.get(i) {
            Some(b'.') if is_initial(word) => triggers.initials.push(start),
            Some(b' ') if is_given_name(word) => {
                triggers.given_names.push((start, i));
            }
            _ => {}
        }
    }
    triggers
}

/// A single capital (`J`) or a known initial of two or three letters (`Th`).
pub(super) fn is_initial(word: &str) -> bool {
    if word.len() > 4 || !word.starts_with(|c: char| c.is_uppercase()) {
        return false;
    }
    let mut chars = word.chars();
    let single = chars.next().is_some() && chars.next().is_none();
    single || LONG_INITIALS.contains(&word)
}

/// A title or chain of titles right before the capitalised word at `name`
/// (with lower-case particles between: `mevrouw van der Meer`).
fn title_before(text: &str, name: usize) -> Option<(usize, usize, &'static str)> {
    let mut at = gap_before(text, name)?;
    if !could_precede_a_name(text, at) {
        return None;
    }
    // Particles written in lower case: `de heer van Dijk`.
    for _ in 0..3 {
        let start = word_start_before(text, at);
        let word = &text[start..at];
        if word.is_empty() || !is_lower_particle(word) || title_at(text, start).is_some() {
            break;
        }
        at = gap_before(text, start)?;
    }
    let (mut lead, end, title) = title_ending_at(text, at)?;
    // Earlier titles of a chain: `prof. dr.`
    while let Some(gap) = gap_before(text, lead) {
        match title_ending_at(text, gap) {
            Some((earlier, _, _)) => lead = earlier,
            None => break,
        }
    }
    Some((lead, end, title))
}

/// For each first letter a–z, the lengths of the titles (without their dot),
/// particles and `heer` that start with it: most words before a capital
/// are none of these, and this says so without comparing.
static BEFORE_NAMES: LazyLock<[u32; 26]> = LazyLock::new(|| {
    let mut lengths = [0u32; 26];
    let words = DOTTED_TITLES
        .iter()
        .chain(WORD_TITLES)
        .chain(PARTICLES)
        .chain(["heer"].iter());
    for word in words {
        let Some(first) = word.bytes().next().filter(u8::is_ascii_lowercase) else {
            continue;
        };
        let head = word.split('-').next().unwrap_or(word);
        lengths[usize::from(first - b'a')] |= 1 << head.len().min(31);
    }
    lengths
});

/// Whether the word ending at `end` (a dot not counted) could be a title,
/// a particle or `heer`, by its first letter and length alone.
fn could_precede_a_name(text: &str, end: usize) -> bool {
    let bytes = text.as_bytes();
    let end = if bytes[..end].last() == Some(&b'.') {
        end - 1
    } else {
        end
    };
    let mut start = end;
    while start > 0 && bytes[start - 1].is_ascii_alphabetic() {
        start -= 1;
    }
    let len = end - start;
    if len == 0 || len > 31 {
        // `'t`, `sergeant-majoor` and words of other scripts: look closer.
        return len == 0 && start > 0;
    }
    let first = bytes[start].to_ascii_lowercase();
    BEFORE_NAMES[usize::from(first - b'a')] & (1 << len) != 0
}

/// A name particle as written inside a sentence (`van`, `de`, `'t`).
fn is_lower_particle(word: &str) -> bool {
    word.len() <= 4 && PARTICLES.contains(&word)
}

/// The end of the word before a single space, no-break space or line break
/// that ends at `at`.
fn gap_before(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    match bytes[..at] {
        [.., 0xC2, 0xA0] => Some(at - 2),
        [.., b' ' | b'\n'] => Some(at - 1),
        _ => None,
    }
}

/// Where the run of ASCII letters (and a dot-less `'t`) ending at `end` starts.
fn word_start_before(text: &str, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut start = end;
    while start > 0 && (bytes[start - 1].is_ascii_alphabetic() || bytes[start - 1] == b'-') {
        start -= 1;
    }
    if text[..start].ends_with('\'') {
        start -= 1;
    }
    start
}

/// A title that ends exactly at `end` (its dot included).
fn title_ending_at(text: &str, end: usize) -> Option<(usize, usize, &'static str)> {
    let dotted = text.as_bytes()[..end].last() == Some(&b'.');
    let word_end = if dotted { end - 1 } else { end };
    let start = word_start_before(text, word_end);
    let len = word_end - start;
    // Titles are 2–4 letters with a dot, 3–17 without.
    if len < 2 || dotted && len > 4 || len > 17 {
        return None;
    }
    // `de heer`: the title starts at `de`.
    if text[start..word_end].eq_ignore_ascii_case("heer") {
        let de = start.checked_sub(3)?;
        return (text.get(de..start)?.eq_ignore_ascii_case("de ") && starts_word(text, de))
            .then_some((de, start + 4, "de heer"));
    }
    title_at(text, start)
        .filter(|(title_end, _)| *title_end == end)
        .map(|(title_end, title)| (start, title_end, title))
}

/// If a title or form of address starts at `i`: where it ends (after its
/// dot) and how a message names it. `MW` (megawatt) and other words in
/// capitals are not titles.
pub(super) fn title_at(text: &str, i: usize) -> Option<(usize, &'static str)> {
    let bytes = text.as_bytes();
    let mut end = i;
    while end < bytes.len() && (bytes[end].is_ascii_alphabetic() || bytes[end] == b'-') {
        end += 1;
    }
    while end > i && bytes[end - 1] == b'-' {
        end -= 1;
    }
    let word = &text[i..end];
    let capitals_only = word.len() > 1 && !word.bytes().any(|b| b.is_ascii_lowercase());
    if word.is_empty() || word.len() > 20 || capitals_only {
        return None;
    }
    if !ends_word(text, end) || !starts_word(text, i) {
        return None;
    }
    let same = |t: &&&str| t.len() == word.len() && t.eq_ignore_ascii_case(word);
    if text[end..].starts_with('.')
        && let Some(title) = DOTTED_TITLES.iter().find(same)
    {
        return Some((end + 1, title));
    }
    if let Some(title) = WORD_TITLES.iter().find(same) {
        return Some((end, title));
    }
    if word.eq_ignore_ascii_case("de") {
        let rest = &text.as_bytes()[end..];
        let heer = rest.len() >= 5 && rest[0] == b' ' && rest[1..5].eq_ignore_ascii_case(b"heer");
        let after = end + 5;
        return (heer && ends_word(text, after)).then_some((after, "de heer"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_titles_names_and_initials() {
        let text = "Met mevrouw Jansen, de heer Bakker, dr. Smit en Dhr Vos; Jan Pieters. 300 MW Windpark, prof. dr. L. Taylor, mevrouw van der Meer en mevrouwen Kok.";
        let t = scan(text);
        let titles: Vec<&str> = t.titles.iter().map(|(s, e, _)| &text[*s..*e]).collect();
        assert_eq!(
            titles,
            ["mevrouw", "de heer", "dr.", "Dhr", "prof. dr.", "mevrouw"]
        );
        let given: Vec<&str> = t.given_names.iter().map(|(s, e)| &text[*s..*e]).collect();
        assert_eq!(given, ["Jan"]);
        let initials: Vec<&str> = t.initials.iter().map(|s| &text[*s..*s + 1]).collect();
        assert_eq!(initials, ["L"]);
        assert_eq!(
            title_at("sergeant-majoor Rietveld", 0),
            Some((15, "sergeant-majoor"))
        );
        assert_eq!(title_at("mevrouwen", 0), None);
    }
}
