//! A light Dutch stemmer of our own: inflection only, never prefixes or
//! derivation.
//!
//! Search should find `gemeenten` for `gemeente` and `problemen` for
//! `probleem`, but never `mening` for `gemeente` or `zon` for `gezondheid`,
//! which is what the Snowball stemmers do by stripping `ge-` (the
//! Kraaij-Pohlmann variant) or derivational suffixes. This stemmer removes
//! only what inflection adds: plural `-en`/`-s`/`-'s`, the adjective and
//! verb `-e`, diminutive `-je(s)`, `-heden` → `-heid`; then it repairs the
//! spelling changes those endings cause (`wetten` → `wet`, `brieven` →
//! `brief`, `huizen` → `huis`, `jaren` → `jaar`, `problemen` and `probleem`
//! → `problem`). The table of word pairs that must and must not match is in
//! the tests below, and `docs/search.md` compares it with the other stemmers.
//!
//! The browser runs the same rules on the words of a query
//! (`themes/default/static/zoeken.js`, `stem`); a test runs both over every
//! word of the real and generated notes and requires equal results. Input
//! is a folded word ([`super::text::fold`]): lower case, diacritics removed.

/// Words that occur in nearly every note and carry no meaning of their own.
/// They get no postings (a query of only these finds nothing); their
/// positions still count, so a phrase with one in it matches any word there.
pub const STOP_WORDS: &[&str] = &[
    "aan", "al", "alle", "als", "bij", "dan", "dat", "de", "der", "des", "deze", "die", "dit",
    "door", "dus", "een", "en", "er", "had", "heb", "hebben", "heeft", "het", "hier", "hij", "hoe",
    "hun", "ik", "in", "is", "je", "kan", "kon", "kunnen", "maar", "me", "men", "met", "mij",
    "mijn", "na", "naar", "niet", "nog", "nu", "of", "om", "omdat", "ons", "onze", "ook", "op",
    "over", "te", "ten", "ter", "tot", "u", "uit", "uw", "van", "voor", "want", "was", "wat", "we",
    "wel", "werd", "wie", "wij", "wil", "worden", "wordt", "zal", "ze", "zich", "zij", "zijn",
    "zo", "zou", "zullen",
];

/// Whether a folded word is a stop word. Called for every word of every
/// note (a third of them are stop words, which then need no other look-up),
/// so a word is packed into a `u64` with whole-word loads and found in a
/// small table made when the program is compiled.
#[inline]
pub fn is_stop_word(word: &str) -> bool {
    let bytes = word.as_bytes();
    if bytes.is_empty() || bytes.len() > STOP_WORD_MAX {
        return false;
    }
    let key = packed(bytes);
    let mut at = stop_slot(key);
    loop {
        match STOP_TABLE[at] {
            0 => return false,
            k if k == key => return true,
            _ => at = (at + 1) % STOP_TABLE.len(),
        }
    }
}

/// The longest stop word, in bytes.
const STOP_WORD_MAX: usize = 6;

/// The stop words, packed, in open addressing: a quarter full, so that a
/// look-up of another word mostly ends at its first, empty slot.
const STOP_TABLE: [u64; 512] = {
    let mut table = [0u64; 512];
    let mut i = 0;
    while i < STOP_WORDS.len() {
        let word = STOP_WORDS[i].as_bytes();
        assert!(!word.is_empty() && word.len() <= STOP_WORD_MAX);
        let mut key = 0u64;
        let mut j = 0;
        while j < word.len() {
            key |= (word[j] as u64) << (8 * j);
            j += 1;
        }
        let mut at = stop_slot(key);
        while table[at] != 0 {
            at = (at + 1) % 512;
        }
        table[at] = key;
        i += 1;
    }
    table
};

const fn stop_slot(key: u64) -> usize {
    (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 55) as usize
}

/// A word of one to eight bytes as a number: its bytes in order from the
/// lowest, the rest zero (a folded word has no zero byte), read with
/// whole-word loads whose overlapping bytes are the same.
#[inline]
fn packed(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    let load4 = |b: &[u8]| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    match n {
        1..=3 => {
            let [first, middle, last] = [bytes[0], bytes[n / 2], bytes[n - 1]].map(u64::from);
            first | middle << (8 * (n / 2)) | last << (8 * (n - 1))
        }
        4..=7 => load4(bytes) | load4(&bytes[n - 4..]) << (8 * (n - 4)),
        _ => u64::from_le_bytes([
            bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
        ]),
    }
}

/// Plurals whose singular has a short vowel although the plural's syllable
/// is open (`dag`, `dagen`): the general rule would make `daag` of them.
const SHORT_VOWEL_PLURALS: &[(&str, &str)] = &[
    ("baden", "bad"),
    ("bladen", "blad"),
    ("dagen", "dag"),
    ("daken", "dak"),
    ("gaten", "gat"),
    ("glazen", "glas"),
    ("goden", "god"),
    ("hoven", "hof"),
    ("paden", "pad"),
    ("sloten", "slot"),
    ("spelen", "spel"),
    ("vaten", "vat"),
    ("wegen", "weg"),
];

/// The stem of a folded word. Words with digits or letters outside a–z,
/// and words shorter than four letters, are their own stem.
pub fn stem(word: &str) -> String {
    let bytes = word.as_bytes();
    if bytes.len() < 4 || !bytes.iter().all(u8::is_ascii_lowercase) {
        return word.to_string();
    }
    if NOT_PLURAL_ENS.binary_search(&word).is_ok() {
        return word.to_string();
    }
    if let Ok(at) = SHORT_VOWEL_PLURALS.binary_search_by(|(plural, _)| (*plural).cmp(word)) {
        return SHORT_VOWEL_PLURALS[at].1.to_string();
    }
    let mut s: Vec<u8> = bytes.to_vec();
    if s.ends_with(b"heden") && s.len() >= 8 {
        s.truncate(s.len() - 5);
        s.extend_from_slice(b"heid");
        return into_string(s);
    }
    if strip_diminutive(&mut s) {
        return into_string(s);
    }
    let vowel_ending = strip_plural_s(&mut s) | strip_en(&mut s) | strip_e(&mut s);
    repair(&mut s, vowel_ending);
    into_string(s)
}

fn into_string(bytes: Vec<u8>) -> String {
    // Only ASCII letters go in, and only ASCII letters are added.
    String::from_utf8(bytes).unwrap_or_default()
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// `-je`, `-jes` (diminutives): `briefje(s)` → `brief`. Never leaves fewer
/// than four letters (`meisje` stays).
fn strip_diminutive(s: &mut Vec<u8>) -> bool {
    let cut = if s.ends_with(b"jes") {
        3
    } else if s.ends_with(b"je") {
        2
    } else {
        return false;
    };
    if s.len() - cut < 4 || is_vowel(s[s.len() - cut - 1]) {
        return false;
    }
    s.truncate(s.len() - cut);
    true
}

/// Words ending in `-ens` that are not plurals of `-en` (adverbs and
/// prepositions): `tijdens` is not `tijd`.
const NOT_PLURAL_ENS: &[&str] = &[
    "eens",
    "ergens",
    "namens",
    "nergens",
    "overigens",
    "tijdens",
    "volgens",
];

/// Words ending in `-ies` that are not plurals.
const SINGULAR_IES: &[&[u8]] = &[b"vies", b"precies", b"kies", b"bies"];

/// Plural `-s`: after `-er`, `-el`, `-em` (`kamers`, `regels`), after `-ie`,
/// `-au` (`studies`, `bureaus`), after a final `-e` of a longer word
/// (`gemeentes`, `procedures`; not `proces`, `succes`, `adres`, `congres`),
/// and `-ens` as a whole (`tekens` like `teken`). Returns whether a vowel
/// ending went (only `-ens` counts as one).
fn strip_plural_s(s: &mut Vec<u8>) -> bool {
    let n = s.len();
    if n < 5 || s[n - 1] != b's' {
        return false;
    }
    let before = &s[..n - 1];
    if before.ends_with(b"en") {
        if n - 3 >= 3 && !is_vowel(s[n - 4]) {
            s.truncate(n - 3);
            return true;
        }
        return false;
    }
    let strip = before.ends_with(b"er")
        || before.ends_with(b"el")
        || before.ends_with(b"em")
        || (before.ends_with(b"ie") && !SINGULAR_IES.iter().any(|w| s.ends_with(w)))
        || before.ends_with(b"au")
        || (before.ends_with(b"e") && n >= 6 && plural_es(before));
    if strip {
        s.truncate(n - 1);
    }
    false
}

/// Whether `word` (a word without its final `s`, ending in `e`) is a plural
/// stem rather than the end of a word like `proces` or `adres`.
fn plural_es(word: &[u8]) -> bool {
    let n = word.len();
    // `proces`, `succes`; `Europees`, `Chinees`; `-ies` is decided above.
    if word.ends_with(b"ce") || word.ends_with(b"ee") || word.ends_with(b"ie") {
        return false;
    }
    // `adres`, `congres`: a consonant before `re`.
    !(word.ends_with(b"re") && n >= 3 && !is_vowel(word[n - 3]))
}

/// `-en` after a consonant (`regelingen`, `wetten`) or after `ee`/`ie`
/// (`ideeen`, `knieen`, from `ideeën`). At least three letters stay.
fn strip_en(s: &mut Vec<u8>) -> bool {
    let n = s.len();
    if n < 5 || !s.ends_with(b"en") {
        return false;
    }
    let stem = &s[..n - 2];
    let ok = !is_vowel(stem[stem.len() - 1]) || stem.ends_with(b"ee") || stem.ends_with(b"ie");
    if ok && stem.len() >= 3 {
        s.truncate(n - 2);
        return true;
    }
    false
}

/// Final `-e` after a consonant (`gemeente`, `grote`, `nieuwe`); never the
/// `e` of `-ie` or `-ee`. At least three letters stay.
fn strip_e(s: &mut Vec<u8>) -> bool {
    let n = s.len();
    if n < 4 || s[n - 1] != b'e' || is_vowel(s[n - 2]) {
        return false;
    }
    s.truncate(n - 1);
    true
}

/// Undoes the spelling changes of an ending that began with a vowel:
/// doubled consonants (`wett` → `wet`), `v`/`z` for `f`/`s` (`briev` →
/// `brief`), and the open syllable's single vowel in a one-syllable stem
/// (`jar` → `jaar`). In a longer stem a long vowel before the last
/// consonant is written single (`probleem` and `problem(en)` → `problem`),
/// so both spellings meet.
fn repair(s: &mut Vec<u8>, vowel_ending: bool) {
    let mut undoubled = false;
    if vowel_ending {
        let n = s.len();
        if n >= 4 && s[n - 1] == s[n - 2] && !is_vowel(s[n - 1]) {
            s.pop();
            undoubled = true;
        }
        match s.last() {
            Some(b'v') => *s.last_mut().unwrap_or(&mut 0) = b'f',
            Some(b'z') => *s.last_mut().unwrap_or(&mut 0) = b's',
            _ => {}
        }
    }
    let syllables = vowel_groups(s);
    let n = s.len();
    if vowel_ending && !undoubled && syllables == 1 && n >= 3 {
        let (c1, v, c2) = (s[n - 3], s[n - 2], s[n - 1]);
        if !is_vowel(c1) && matches!(v, b'a' | b'e' | b'o' | b'u') && !is_vowel(c2) {
            s.insert(n - 1, v);
        }
    } else if syllables >= 2 && n >= 4 {
        let (before, v1, v2, c) = (s[n - 4], s[n - 3], s[n - 2], s[n - 1]);
        if v1 == v2 && matches!(v1, b'a' | b'e' | b'o' | b'u') && !is_vowel(c) && before != v1 {
            s.remove(n - 2);
        }
    }
}

/// How many groups of vowels a word has (roughly its syllables).
fn vowel_groups(s: &[u8]) -> usize {
    let mut groups = 0;
    let mut in_vowels = false;
    for &c in s {
        let vowel = is_vowel(c);
        if vowel && !in_vowels {
            groups += 1;
        }
        in_vowels = vowel;
    }
    groups
}

/// The table of word pairs the stemmer is held to (tests below; `docs/search.md` and
/// `bench/stemmers` compare other stemmers on it).
pub mod pairs {
    /// Word pairs that must get one stem: inflections of one word.
    pub const MUST_MATCH: &[(&str, &str)] = &[
        ("gemeente", "gemeenten"),
        ("gemeente", "gemeentes"),
        ("regeling", "regelingen"),
        ("besluit", "besluiten"),
        ("jaar", "jaren"),
        ("probleem", "problemen"),
        ("wet", "wetten"),
        ("brief", "brieven"),
        ("huis", "huizen"),
        ("groot", "grote"),
        ("nieuw", "nieuwe"),
        ("financieel", "financiele"),
        ("structureel", "structurele"),
        ("ministerie", "ministeries"),
        ("situatie", "situaties"),
        ("maatregel", "maatregelen"),
        ("kamer", "kamers"),
        ("zaak", "zaken"),
        ("mogelijkheid", "mogelijkheden"),
        ("advies", "adviezen"),
        ("persoon", "personen"),
        ("bedrag", "bedragen"),
        ("organisatie", "organisaties"),
        ("kamervraag", "kamervragen"),
        ("dag", "dagen"),
        ("procedure", "procedures"),
        ("rapportage", "rapportages"),
        ("wettelijk", "wettelijke"),
        ("mens", "mensen"),
        ("grens", "grenzen"),
        ("raad", "raden"),
        ("idee", "ideeen"),
        ("studie", "studies"),
        ("bureau", "bureaus"),
        ("teken", "tekens"),
        ("regel", "regels"),
        ("zorg", "zorgen"),
        ("termijn", "termijnen"),
        ("slachtoffer", "slachtoffers"),
        ("partij", "partijen"),
        ("uitkering", "uitkeringen"),
        ("briefje", "brief"),
        ("Europees", "Europese"),
        ("concreet", "concrete"),
        ("verhaal", "verhalen"),
        ("kanaal", "kanalen"),
        ("bestuur", "besturen"),
        ("weet", "weten"),
        ("boete", "boetes"),
    ];

    /// Word pairs that must keep different stems: different words that a
    /// stemmer stripping prefixes or derivations runs together.
    pub const MUST_NOT_MATCH: &[(&str, &str)] = &[
        ("gemeente", "mening"),
        ("gemeente", "gemeen"),
        ("gezondheid", "zon"),
        ("gezondheid", "gezond"),
        ("wet", "weet"),
        ("zaak", "zak"),
        ("zaken", "zakken"),
        ("ministerie", "minister"),
        ("onderzoek", "zoek"),
        ("gevolg", "volg"),
        ("geval", "val"),
        ("gebied", "bied"),
        ("gesprek", "spreken"),
        ("raad", "rad"),
        ("beleid", "leiden"),
        ("werking", "werk"),
        ("rekening", "reken"),
        ("korting", "kort"),
        ("organisatie", "organiseren"),
        ("proces", "processie"),
        ("mens", "men"),
        ("overheid", "over"),
        ("vergunning", "vergunnen"),
        ("wetgeving", "wet"),
        ("stikstof", "stik"),
        ("uitvoering", "uitvoeren"),
        ("tijd", "tijdens"),
        ("naam", "namens"),
    ];
}

#[cfg(test)]
mod tests {
    use super::pairs::{MUST_MATCH, MUST_NOT_MATCH};
    use super::*;

    fn stemmed(word: &str) -> String {
        stem(&crate::search::text::fold(word))
    }

    #[test]
    fn inflections_of_one_word_share_a_stem() {
        let wrong: Vec<String> = MUST_MATCH
            .iter()
            .filter(|(a, b)| stemmed(a) != stemmed(b))
            .map(|(a, b)| format!("{a} → {}, {b} → {}", stemmed(a), stemmed(b)))
            .collect();
        assert!(wrong.is_empty(), "should match:\n{}", wrong.join("\n"));
    }

    #[test]
    fn different_words_keep_different_stems() {
        let wrong: Vec<String> = MUST_NOT_MATCH
            .iter()
            .filter(|(a, b)| stemmed(a) == stemmed(b))
            .map(|(a, b)| format!("{a}, {b} → {}", stemmed(a)))
            .collect();
        assert!(wrong.is_empty(), "should not match:\n{}", wrong.join("\n"));
    }

    #[test]
    fn stems_of_common_words() {
        for (word, want) in [
            ("gemeenten", "gemeent"),
            ("problemen", "problem"),
            ("jaren", "jaar"),
            ("wetten", "wet"),
            ("brieven", "brief"),
            ("huizen", "huis"),
            ("mogelijkheden", "mogelijkheid"),
            ("beleid", "beleid"),
            ("open", "open"),
            ("2024", "2024"),
            ("ggz", "ggz"),
        ] {
            assert_eq!(stem(word), want, "{word}");
        }
    }

    #[test]
    fn tables_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(SHORT_VOWEL_PLURALS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(NOT_PLURAL_ENS.windows(2).all(|w| w[0] < w[1]));
    }

    /// Every stop word is found, and no other word: each stop word with a
    /// letter changed, added or left out, and words of every length up to
    /// nine, against the list.
    #[test]
    fn stop_words_are_exactly_the_listed_words() {
        assert!(STOP_WORDS.iter().all(|w| is_stop_word(w)));
        let mut others: Vec<String> =
            ["", "a", "gemeente", "zijnde", "overheid", "aanx", "zullen1"]
                .map(String::from)
                .to_vec();
        for word in STOP_WORDS {
            for at in 0..=word.len() {
                for c in ['a', 'e', 'n', 'z', '0'] {
                    others.push(format!("{}{c}{}", &word[..at], &word[at..]));
                    if at < word.len() {
                        others.push(format!("{}{c}{}", &word[..at], &word[at + 1..]));
                    }
                }
                if at < word.len() {
                    others.push(format!("{}{}", &word[..at], &word[at + 1..]));
                }
            }
        }
        for len in 1..=9 {
            others.push("ab".repeat(len)[..len].to_string());
        }
        for word in others {
            assert_eq!(
                is_stop_word(&word),
                STOP_WORDS.contains(&word.as_str()),
                "{word}"
            );
        }
    }

    #[test]
    fn a_stem_is_never_longer_than_its_word_by_more_than_one_letter_and_never_empty() {
        for word in [
            "aaaa", "eeen", "ieen", "ssss", "bbbbe", "abes", "zzen", "vven",
        ] {
            let s = stem(word);
            assert!(!s.is_empty() && s.len() <= word.len() + 1, "{word} → {s}");
        }
    }
}
