//! Dutch ordering and identity of index terms.
//!
//! Readers look for "Ëindhoven" under E and do not care whether a note wrote
//! "GGZ" or "ggz". Two keys follow from that: a *merge key* (case and
//! diacritics folded, nothing else) that decides when two spellings are one
//! term, and a *sort key* (the merge key with punctuation ignored) that puts
//! terms in the order of a Dutch index. Unicode collation (UCA) tables would be
//! heavier than this site needs: terms are short Latin-script phrases.

use std::cmp::Ordering;

/// Case- and diacritic-folded form: "Ëindhoven" and "eindhoven" share it.
pub fn merge_key(term: &str) -> String {
    let folded = deunicode::deunicode(term).to_lowercase();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The key terms are sorted by: letters and digits of the merge key, words
/// separated by one space, punctuation ignored ("'s-Hertogenbosch" sorts
/// under S, "Jeugdzorg & GGZ" as "jeugdzorg ggz").
pub fn sort_key(term: &str) -> String {
    let folded = merge_key(term);
    let spaced: String = folded
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Dutch index order; the exact spelling breaks ties so the order is total.
pub fn compare(a: &str, b: &str) -> Ordering {
    sort_key(a).cmp(&sort_key(b)).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diacritics_and_case_fold_for_merging() {
        assert_eq!(merge_key("Ëindhoven"), merge_key("eindhoven"));
        assert_eq!(merge_key("Jeugdzorg &  GGZ"), merge_key("jeugdzorg & ggz"));
        assert_eq!(
            merge_key("financiële zelfredzaamheid"),
            "financiele zelfredzaamheid"
        );
        assert_ne!(merge_key("Jeugdzorg & GGZ"), merge_key("Jeugdzorg GGZ"));
    }

    #[test]
    fn sorts_like_a_dutch_index() {
        let mut terms = vec![
            "Zorg",
            "ëindhoven",
            "arbeidsmarkt",
            "Eindhoven",
            "Ede",
            "'s-Hertogenbosch",
            "Fryslân",
            "Emmen",
        ];
        terms.sort_by(|a, b| compare(a, b));
        assert_eq!(
            terms,
            vec![
                "arbeidsmarkt",
                "Ede",
                "Eindhoven",
                "ëindhoven",
                "Emmen",
                "Fryslân",
                "'s-Hertogenbosch",
                "Zorg"
            ]
        );
    }
}
