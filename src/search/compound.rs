//! Compounds found by their parts: `jeugdzorginstelling` is also indexed
//! under `jeugdzorg`, `instelling`, `jeugd` and `zorg`.
//!
//! Dutch writes compounds as one word, so a reader who searches for `zorg`
//! expects the note about `jeugdzorg`. A word is split where both sides are
//! words the site itself uses on their own (its vocabulary), optionally with
//! the linking `s` (`arbeid·s·migratie`). Splitting needs no dictionary and
//! costs one look-up per split point; it is what is cheap and safe:
//!
//! - both parts have at least four letters (three before a linking `s`:
//!   `wet·s·voorstel`), so `verkeer` is not `ver` + `keer`;
//! - a part that is really a prefix or preposition (`onder`, `voor`, `over`)
//!   does not count, so `onderzoek` is not found by `zoek`;
//! - a head that is really a suffix (`heid`, `lijk`, `schap`) does not
//!   count, so `gezondheid` is not `gezond` + `heid`.
//!
//! Parts weigh less than whole words in ranking (see `index`).

/// Shortest part, in letters.
const MIN_PART: usize = 4;
/// Shortest part before a linking `s`.
const MIN_PART_BEFORE_S: usize = 3;
/// Shortest word that is split at all.
const MIN_WORD: usize = 7;
/// How deep parts are split again.
const MAX_DEPTH: usize = 3;

/// Words that start many words as prefixes or prepositions, not as parts.
const NOT_A_MODIFIER: &[&str] = &[
    "achter", "binnen", "boven", "buiten", "door", "eigen", "mede", "naar", "onder", "open",
    "over", "rond", "samen", "tegen", "terug", "tussen", "voor", "weer",
];

/// Endings that are suffixes, not words.
const NOT_A_HEAD: &[&str] = &[
    "achtig", "baar", "erij", "heden", "heid", "isch", "ische", "lijk", "lijke", "ling", "loos",
    "schap", "ster", "teit", "zaam",
];

/// The parts of a folded word, outermost split first (`jeugdzorginstelling`
/// → `jeugdzorg`, `instelling`, `jeugd`, `zorg`); empty when it is not a
/// compound of known words. `known` says whether a folded word occurs on
/// its own in the site.
pub fn parts<'w>(word: &'w str, known: &dyn Fn(&str) -> bool) -> Vec<&'w str> {
    let mut out = Vec::new();
    split_into(word, known, 0, &mut out);
    out
}

fn split_into<'w>(
    word: &'w str,
    known: &dyn Fn(&str) -> bool,
    depth: usize,
    out: &mut Vec<&'w str>,
) {
    if depth >= MAX_DEPTH {
        return;
    }
    let Some((modifier, head)) = split_once(word, known) else {
        return;
    };
    for part in [modifier, head] {
        if !out.contains(&part) {
            out.push(part);
        }
    }
    split_into(modifier, known, depth + 1, out);
    split_into(head, known, depth + 1, out);
}

/// The split with the longest modifier whose both sides are known words.
fn split_once<'w>(word: &'w str, known: &dyn Fn(&str) -> bool) -> Option<(&'w str, &'w str)> {
    let bytes = word.as_bytes();
    if bytes.len() < MIN_WORD || !bytes.iter().all(u8::is_ascii_lowercase) {
        return None;
    }
    // `at` is where the head starts.
    for at in (MIN_PART_BEFORE_S + 1..=bytes.len() - MIN_PART).rev() {
        let head = &word[at..];
        if NOT_A_HEAD.contains(&head) || !known(head) {
            continue;
        }
        let whole = &word[..at];
        if whole.len() >= MIN_PART && usable_modifier(whole) && known(whole) {
            return Some((whole, head));
        }
        if let Some(before_s) = whole.strip_suffix('s')
            && before_s.len() >= MIN_PART_BEFORE_S
            && usable_modifier(before_s)
            && known(before_s)
        {
            return Some((before_s, head));
        }
    }
    None
}

fn usable_modifier(part: &str) -> bool {
    !NOT_A_MODIFIER.contains(&part)
}

#[cfg(test)]
mod tests {
    use super::*;

    const VOCABULARY: &[&str] = &[
        "jeugd",
        "zorg",
        "jeugdzorg",
        "instelling",
        "arbeid",
        "migratie",
        "wet",
        "voorstel",
        "onder",
        "zoek",
        "gezond",
        "heid",
        "informatie",
        "voorziening",
        "uitvoering",
        "organisatie",
        "staat",
        "secretaris",
        "ver",
        "keer",
        "stel",
        "over",
        "mini",
        "ster",
    ];

    fn known(word: &str) -> bool {
        VOCABULARY.contains(&word)
    }

    #[test]
    fn compounds_split_into_known_words_and_their_parts() {
        assert_eq!(
            parts("jeugdzorginstelling", &known),
            ["jeugdzorg", "instelling", "jeugd", "zorg"]
        );
        assert_eq!(parts("arbeidsmigratie", &known), ["arbeid", "migratie"]);
        assert_eq!(parts("wetsvoorstel", &known), ["wet", "voorstel"]);
        assert_eq!(
            parts("informatievoorziening", &known),
            ["informatie", "voorziening"]
        );
        assert_eq!(
            parts("uitvoeringsorganisatie", &known),
            ["uitvoering", "organisatie"]
        );
        assert_eq!(parts("staatssecretaris", &known), ["staat", "secretaris"]);
    }

    #[test]
    fn prefixes_suffixes_and_short_parts_do_not_split() {
        for word in [
            "onderzoek",
            "gezondheid",
            "verkeer",
            "overheid",
            "minister",
            "voorstel",
            "zorg",
            "coördinatie",
        ] {
            assert_eq!(parts(word, &known), Vec::<&str>::new(), "{word}");
        }
    }
}
