//! Reading a line of text as a section-5 title, without the parsed document.
//!
//! Notes give section 5 many names. A title is recognised three ways:
//! - **known**: one of the configured or default titles, compared without
//!   case, punctuation, spaces, invisible characters and numbering;
//! - **not public**: it says that information is not made public: a word
//!   that starts with `openba` (openbaar, openbare, openbaarmaking,
//!   openbaargemaakt) together with a negation (niet, geen, nooit) or an
//!   exception or refusal (uitzondering, uitgezonderd, weigering);
//! - **numbered 5**: in a note whose main sections are numbered, the main
//!   section numbered 5, whatever its title (decided by the caller, which
//!   knows the levels; [`numbering`] reads the number).
//!
//! Letters are compared after joining the words, so hidden characters or
//! spaces inside a word (`open\u{ad}baar`, `niet\u{200b}openbaar`) change
//! nothing. Outside a main-level heading, "not public" text counts as a title
//! only when it reads as one: every word is a word section-5 titles are made
//! of (or the text is numbered 5), and a paragraph, cell or list item does
//! not end like a sentence. "De stukken zijn niet openbaar." is a sentence;
//! "Niet openbare informatie" is a title.

use crate::disclosure::is_invisible;

/// Words whose presence, with a word starting with `openba`, makes a title
/// say that information is not made public. Matched inside the joined
/// letters, so `nietopenbaar` counts.
const NEGATIONS: &[&str] = &[
    "niet",
    "geen",
    "nooit",
    "uitzonder",
    "uitgezonder",
    "weiger",
];

/// The words section-5 titles are made of. A text whose words all split
/// into these (`openbaargemaakt` = `openbaar` + `gemaakt`) reads as a title.
/// Names of documents (bijlage, nota) are left out on purpose: "Bijlage 3
/// (niet openbaar)" in a list of enclosures is not a section title.
const TITLE_WORDS: &[&str] = &[
    "art",
    "artikel",
    "bij",
    "dat",
    "de",
    "deel",
    "deels",
    "delen",
    "deze",
    "die",
    "een",
    "en",
    "gedeeltelijk",
    "gegevens",
    "geen",
    "gemaakt",
    "grond",
    "gronden",
    "het",
    "in",
    "informatie",
    "is",
    "kan",
    "kunnen",
    "leent",
    "lenen",
    "lid",
    "maken",
    "mag",
    "mogen",
    "moet",
    "niet",
    "nooit",
    "of",
    "om",
    "onderdeel",
    "onderdelen",
    "op",
    "openbaar",
    "openbaarheid",
    "openbaarmaking",
    "openbare",
    "passages",
    "reden",
    "redenen",
    "stukken",
    "te",
    "ter",
    "tekst",
    "teksten",
    "tot",
    "uitgezonderd",
    "uitzondering",
    "uitzonderingen",
    "van",
    "vanwege",
    "vertrouwelijk",
    "vertrouwelijke",
    "voor",
    "wat",
    "weigering",
    "weigeringsgrond",
    "weigeringsgronden",
    "wegens",
    "welke",
    "werd",
    "woo",
    "wordt",
    "worden",
    "zich",
    "zijn",
];

/// Words of sub-section headings that say nothing themselves.
const STRUCTURE_WORDS: &[&str] = &[
    "aanleiding",
    "achtergrond",
    "algemeen",
    "conclusie",
    "context",
    "inleiding",
    "juridisch",
    "juridische",
    "kader",
    "motivering",
    "overig",
    "overige",
    "overwegingen",
    "punten",
    "samenvatting",
    "toelichting",
];

/// Whether a heading is made only of numbering and words that say nothing
/// themselves ("5.1. Toelichting", "5.2. Informatie die niet openbaar
/// gemaakt kan worden"). Such a sub-heading of a withheld section 5 is
/// removed with it, but the leak guard does not look for it elsewhere: the
/// same words head many a published section and would stop every build.
pub(super) fn is_structure(text: &str) -> bool {
    let (_, rest) = numbering(text);
    let visible: String = rest.chars().filter(|&c| !is_invisible(c)).collect();
    visible
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .all(|word| {
            let word = word.to_lowercase();
            word.chars().all(|c| c.is_ascii_digit())
                || TITLE_WORDS.contains(&word.as_str())
                || STRUCTURE_WORDS.contains(&word.as_str())
                || splits_into_title_words(&word)
        })
}

/// A number that opens a title: `5`, `5.`, `5)`, `(5)`, `5.2.`, `V.`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Number {
    /// Arabic parts: `5.2` is `[5, 2]`.
    Arabic(Vec<u32>),
    Roman(u32),
}

impl Number {
    /// Section 5 itself: `5`, `5.`, `(5)`, `V.`.
    pub(super) fn is_five(&self) -> bool {
        match self {
            Self::Arabic(parts) => parts.as_slice() == [5],
            Self::Roman(value) => *value == 5,
        }
    }

    /// A sub-section of section 5: `5.1`, `5.2.3`.
    pub(super) fn is_inside_five(&self) -> bool {
        matches!(self, Self::Arabic(parts) if parts.len() > 1 && parts[0] == 5)
    }

    /// Whether this reads as the number of a section (not a year or an amount).
    pub(super) fn is_section_number(&self) -> bool {
        match self {
            Self::Arabic(parts) => parts[0] < 100,
            Self::Roman(_) => true,
        }
    }
}

/// How a text reads as a section-5 title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reading {
    /// One of the configured or default titles.
    Known,
    /// It says that information is not made public.
    NotPublic,
}

/// Where a text stands, which decides how much "not public" text must look
/// like a title to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Standing {
    /// A heading at the level of the note's main sections: any wording counts.
    MainHeading,
    /// Any other heading: its words must be title words (or it is numbered 5).
    Heading,
    /// A paragraph, list item, table cell or quote: as a heading, and it must
    /// not end like a sentence.
    Block,
}

/// The section-5 titles of a site, ready for comparison.
pub(super) struct Titles {
    keys: Vec<String>,
    /// Letters and digits after the first word beyond which no block is a
    /// title (see `may_have_key_within`).
    pub(super) longest: usize,
}

/// At most this many letters and digits after its first word in a block
/// that reads as a title made of title words.
const LONGEST_TITLE_LIKE: usize = 48;

impl Titles {
    pub(super) fn new(titles: &[String]) -> Self {
        let keys: Vec<String> = titles.iter().map(|t| title_key(t)).collect();
        let longest = keys
            .iter()
            .map(|k| k.chars().count())
            .max()
            .unwrap_or(0)
            .max(LONGEST_TITLE_LIKE);
        Self { keys, longest }
    }

    /// How `text`, standing where it stands, reads as a section-5 title.
    pub(super) fn reading(&self, text: &str, standing: Standing) -> Option<Reading> {
        let (number, rest) = numbering(text);
        let key = letters(rest);
        if self.keys.contains(&key) {
            return Some(Reading::Known);
        }
        if !says_not_public(&key) {
            return None;
        }
        let titled = || number.as_ref().is_some_and(Number::is_five) || of_title_words(rest);
        let counts = match standing {
            Standing::MainHeading => true,
            Standing::Heading => titled(),
            Standing::Block => titled() && !ends_like_a_sentence(rest),
        };
        counts.then_some(Reading::NotPublic)
    }
}

/// A title as compared: no numbering, only letters and digits, lower case.
/// Spaces go too, so "openbaargemaakt" and "openbaar gemaakt" compare equal.
pub(super) fn title_key(text: &str) -> String {
    letters(numbering(text).1)
}

/// The lower-case letters and digits of `text`, joined.
fn letters(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether joined letters speak of information not being made public.
fn says_not_public(key: &str) -> bool {
    key.contains("openba") && NEGATIONS.iter().any(|n| key.contains(n))
}

/// Whether every word of `text` is made of title words.
fn of_title_words(text: &str) -> bool {
    let visible: String = text.chars().filter(|&c| !is_invisible(c)).collect();
    let mut any = false;
    for word in visible
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let word = word.to_lowercase();
        let after_digits = word.trim_start_matches(|c: char| c.is_ascii_digit());
        let numeric = after_digits.len() < word.len() && after_digits.chars().count() <= 1;
        if !(numeric || splits_into_title_words(&word)) {
            return false;
        }
        any = true;
    }
    any
}

/// Whether `word` is one or more title words run together.
fn splits_into_title_words(word: &str) -> bool {
    let bytes = word.len();
    let mut reachable = vec![false; bytes + 1];
    reachable[0] = true;
    for start in 0..bytes {
        if !reachable[start] || !word.is_char_boundary(start) {
            continue;
        }
        for title_word in TITLE_WORDS {
            if word[start..].starts_with(title_word) {
                reachable[start + title_word.len()] = true;
            }
        }
    }
    reachable[bytes]
}

/// Whether a block's text ends as a sentence does: with `.`, `!` or `?`
/// after a word (not an abbreviation such as "n.v.t.").
fn ends_like_a_sentence(text: &str) -> bool {
    let trimmed = text.trim_end_matches(|c: char| {
        c.is_whitespace()
            || is_invisible(c)
            || matches!(c, '*' | '_' | ')' | '"' | '\'' | '”' | '’')
    });
    let Some(last) = trimmed.chars().last() else {
        return false;
    };
    matches!(last, '.' | '!' | '?')
}

/// The number that opens `text`, if any, and the text after it. A number
/// is digits with dots (`5`, `5.`, `5.2.`), optionally in or followed by
/// a bracket or colon, or a Roman number followed by `.` or `)`. Without a
/// mark after it, it must be followed by a space: `5G` is not numbered.
pub(super) fn numbering(text: &str) -> (Option<Number>, &str) {
    let body = text.trim_start_matches(is_blank);
    let (opened, inner) = match body.strip_prefix('(') {
        Some(inner) => (true, inner),
        None => (false, body),
    };
    let Some((number, mut after)) = arabic(inner).or_else(|| roman(inner)) else {
        return (None, text);
    };
    if opened {
        match after.strip_prefix(')') {
            Some(rest) => after = rest,
            None => return (None, text),
        }
    }
    let marked = opened || after.starts_with(['.', ':', ')']);
    let after = after.trim_start_matches(['.', ':', ')']);
    if !marked && !after.chars().next().is_none_or(is_blank) {
        return (None, text);
    }
    (Some(number), after.trim_start_matches(is_blank))
}

fn is_blank(c: char) -> bool {
    c.is_whitespace() || is_invisible(c)
}

/// `5`, `5.2`, `5.2.` at the start: the parts and the rest after them.
fn arabic(text: &str) -> Option<(Number, &str)> {
    let mut parts = Vec::new();
    let mut rest = text;
    loop {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 || digits > 4 {
            break;
        }
        parts.push(rest[..digits].parse().ok()?);
        rest = &rest[digits..];
        match rest.strip_prefix('.') {
            Some(after) if after.starts_with(|c: char| c.is_ascii_digit()) => rest = after,
            _ => break,
        }
    }
    (!parts.is_empty()).then_some((Number::Arabic(parts), rest))
}

/// `V.` or `IV)` at the start: the value and the rest after it.
fn roman(text: &str) -> Option<(Number, &str)> {
    let length = text.len()
        - text
            .trim_start_matches(|c: char| "ivxlIVXL".contains(c))
            .len();
    if length == 0 || length > 6 {
        return None;
    }
    let rest = &text[length..];
    if !rest.starts_with(['.', ')']) {
        return None;
    }
    let value = roman_value(&text[..length])?;
    Some((Number::Roman(value), rest))
}

fn roman_value(text: &str) -> Option<u32> {
    let digit = |c: char| match c.to_ascii_uppercase() {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        _ => None,
    };
    let values: Vec<u32> = text.chars().map(digit).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, value) in values.iter().enumerate() {
        if values.get(i + 1).is_some_and(|next| next > value) {
            total -= *value as i64;
        } else {
            total += *value as i64;
        }
    }
    u32::try_from(total).ok().filter(|&v| v > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles() -> Titles {
        Titles::new(
            &crate::config::redaction::DEFAULT_SECTION5_TITLES
                .iter()
                .map(|t| (*t).to_string())
                .collect::<Vec<_>>(),
        )
    }

    #[test]
    fn numbers_are_read_in_every_form() {
        let five = Some(Number::Arabic(vec![5]));
        for text in [
            "5 Titel",
            "5. Titel",
            "5) Titel",
            "(5) Titel",
            "5.Titel",
            "5:\u{a0}Titel",
            "\u{200b}5.\u{a0}Titel",
        ] {
            assert_eq!(numbering(text), (five.clone(), "Titel"), "{text:?}");
        }
        assert_eq!(numbering("V. Titel").0, Some(Number::Roman(5)));
        assert_eq!(numbering("IV) Titel").0, Some(Number::Roman(4)));
        assert_eq!(numbering("5.2. Titel").0, Some(Number::Arabic(vec![5, 2])));
        assert!(numbering("5.2 Titel").0.unwrap().is_inside_five());
        for text in ["5G-netwerk", "Vijf", "Mix met", "2024in", "Titel 5"] {
            assert_eq!(numbering(text).0, None, "{text:?}");
        }
        assert!(!numbering("2024 in cijfers").0.unwrap().is_section_number());
    }

    #[test]
    fn title_keys_ignore_numbering_invisibles_and_case() {
        assert_eq!(title_key("5. Informatie"), "informatie");
        assert_eq!(title_key("V. Informatie"), "informatie");
        assert_eq!(title_key("Voorstel informatie"), "voorstelinformatie");
        assert_eq!(title_key("In\u{ad}for\u{200b}matie"), "informatie");
    }

    #[test]
    fn known_titles_and_not_public_wordings() {
        let t = titles();
        for text in [
            "5. Informatie die niet openbaar gemaakt kan worden",
            "INFORMATIE DIE NIET OPENBAAR\u{a0}WORDT GEMAAKT:",
            "Informatie die niet open\u{ad}baar\u{200b}gemaakt kan worden",
        ] {
            assert_eq!(
                t.reading(text, Standing::Block),
                Some(Reading::Known),
                "{text:?}"
            );
        }
        for text in [
            "5. Niet openbaar",
            "Niet openbare informatie",
            "Informatie die zich niet leent tot openbaarmaking",
            "Niet\u{200b}openbare informatie",
            "Uitzonderingen op openbaarmaking",
            "Informatie die niet-openbaar is",
        ] {
            assert_eq!(
                t.reading(text, Standing::Block),
                Some(Reading::NotPublic),
                "{text:?}"
            );
        }
        // Main-level headings: any wording.
        let long = "Waarom wij de stukken over Twente niet openbaar maken";
        assert_eq!(
            t.reading(long, Standing::MainHeading),
            Some(Reading::NotPublic)
        );
        assert_eq!(t.reading(long, Standing::Heading), None);
        // Sentences and other words are not titles outside a main heading.
        for text in [
            "De stukken zijn niet openbaar.",
            "Bijlage 3 (niet openbaar)",
            "Openbaarmaking",
            "Niet van toepassing",
        ] {
            assert_eq!(t.reading(text, Standing::Block), None, "{text:?}");
        }
        assert_eq!(
            t.reading("5. Niet openbaar over Jansen.", Standing::Heading),
            Some(Reading::NotPublic)
        );
    }

    #[test]
    fn structure_headings_say_nothing_themselves() {
        for text in [
            "5.1. Toelichting",
            "5.2. Informatie die niet openbaar gemaakt kan worden",
            "Motivering",
        ] {
            assert!(is_structure(text), "{text}");
        }
        for text in ["5.2 Gesprek met Jansen", "Namen van de betrokkenen"] {
            assert!(!is_structure(text), "{text}");
        }
    }
}
