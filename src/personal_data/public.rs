//! Whether a name belongs to someone who appears in public by their function:
//! ministers and state secretaries, members of parliament (a party label or
//! "het lid"/"de leden" before them, a Kamerstuk citation in the sentence),
//! mayors, the chair of a committee, the author of published advice, an
//! appointee. Such names stay visible in published notes; civil servants who
//! do not appear in public are withheld (Raad van State, 31 January 2018,
//! ECLI:NL:RVS:2018:321).

use std::ops::Range;

use super::names::read_name;
use super::text::{is_capitalised, word_end};
use super::words::{DOTTED_TITLES, PARTICLES, PARTIES, PUBLIC_OF, PUBLIC_ROLES, WORD_TITLES};

/// Why the name at `name` (whose title or first word starts at `lead`) is
/// public, if it is.
pub(super) fn reason(text: &str, lead: usize, name: Range<usize>) -> Option<String> {
    after(text, name.end)
        .or_else(|| before(text, lead))
        .or_else(|| citation_in_sentence(text, name))
}

/// A party label or role right after the name, or after a list of names it
/// starts: `Eerdmans (JA21)`, `Kuik, Bikker en Verkuijlen (CDA)`,
/// `Jansen, lid van de Tweede Kamer`, `X en Y, verbonden aan …`.
fn after(text: &str, mut i: usize) -> Option<String> {
    // Skip further names of a list: ", Name" and " en Name".
    for _ in 0..8 {
        let rest = &text[i..];
        let skip = [", ", " en ", " & "]
            .iter()
            .find(|sep| rest.starts_with(**sep))?
            .len();
        match read_name(text, i + skip) {
            Some(next) if next.range.start == i + skip => i = next.range.end,
            _ => break,
        }
    }
    let rest = text[i..].trim_start();
    if let Some(inside) = rest.strip_prefix('(') {
        let inside = inside.split(')').next().unwrap_or("");
        let inside = ["beiden ", "beide ", "allen ", "lid ", "fractie "]
            .iter()
            .fold(inside, |s, prefix| s.strip_prefix(prefix).unwrap_or(s));
        if let Some(party) = PARTIES.iter().find(|p| inside.starts_with(**p)) {
            return Some(format!("a member of parliament ({party})"));
        }
        if inside.starts_with("lid ") || inside.starts_with("Kamerlid") {
            return Some("a member of parliament".to_string());
        }
    }
    let lower = rest.to_lowercase();
    for (phrase, why) in [
        (", lid van de", "a member of a public body"),
        (
            ", verbonden aan",
            "a researcher named for their institution",
        ),
        ("als lid van", "an appointee"),
        ("als voorzitter", "an appointee"),
        ("als nieuw lid", "an appointee"),
    ] {
        if lower.starts_with(phrase) {
            return Some(why.to_string());
        }
    }
    None
}

/// A role before the name, with only names, particles, department names,
/// titles and party labels in between: `minister Van Nieuwenhuizen`, `de
/// staatssecretaris van Justitie en Veiligheid, mevrouw X`, `de leden Kuik,
/// Bikker en Verkuijlen`, `onder leiding van mr. X`, `het advies van dhr. X`.
fn before(text: &str, lead: usize) -> Option<String> {
    let tokens = tokens_before(text, lead, 16);
    let mut depth = 0usize;
    for (index, token) in tokens.iter().enumerate() {
        let lower = token.to_lowercase();
        if *token == ")" {
            depth += 1;
            continue;
        }
        if *token == "(" {
            depth = depth.saturating_sub(1);
            continue;
        }
        if depth > 0 {
            continue;
        }
        let role = lower.rsplit('-').next().unwrap_or(&lower);
        if PUBLIC_ROLES.contains(&lower.as_str()) || PUBLIC_ROLES.contains(&role) {
            return Some(format!("after `{token}`"));
        }
        if lower == "van"
            && let Some(noun) = tokens.get(index + 1)
            && PUBLIC_OF.contains(&noun.to_lowercase().as_str())
        {
            return Some(format!("after `{noun} van`"));
        }
        let passes = *token == ","
            || PARTICLES.contains(&lower.as_str())
            || matches!(lower.as_str(), "en" | "voor" | "oud" | "ex")
            || is_capitalised(token)
            || is_title_or_initial(token);
        if !passes {
            return None;
        }
    }
    None
}

fn is_title_or_initial(token: &str) -> bool {
    let lower = token.to_lowercase();
    let bare = lower.trim_end_matches('.');
    DOTTED_TITLES.contains(&bare)
        || WORD_TITLES.contains(&bare)
        || (token.ends_with('.')
            && token.chars().filter(|c| c.is_uppercase()).count() >= 1
            && token.len() <= 4)
}

/// Words and punctuation before `end` in its block (line breaks inside a
/// paragraph are wrapped lines), nearest first. A word with a dot after it
/// keeps the dot when it is a title or an initial; any other full stop,
/// colon or semicolon ends the list (a new sentence).
fn tokens_before(text: &str, end: usize, max: usize) -> Vec<&str> {
    let line_start = super::text::floor(text, end.saturating_sub(240));
    let line = &text[line_start..end];
    let mut forward: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < line.len() {
        let c = line[i..].chars().next().unwrap_or(' ');
        let next = word_end(line, i);
        if next > i {
            let with_dot = line[next..].starts_with('.');
            let word_dot = &line[i..(next + usize::from(with_dot)).min(line.len())];
            forward.push(if with_dot { word_dot } else { &line[i..next] });
            i = next + usize::from(with_dot);
            if with_dot && !is_title_or_initial(word_dot) {
                forward.push(".");
            }
            continue;
        }
        if matches!(c, ',' | '(' | ')' | '.' | ':' | ';' | '!' | '?') {
            forward.push(&line[i..i + 1]);
        }
        i += c.len_utf8();
    }
    let mut nearest_first = Vec::new();
    for token in forward.into_iter().rev() {
        if matches!(token, "." | ":" | ";" | "!" | "?") || nearest_first.len() >= max {
            break;
        }
        nearest_first.push(token);
    }
    nearest_first
}

/// A parliamentary citation in the name's sentence: names there are of
/// members of parliament (`motie van het lid X, Kamerstukken II …`).
fn citation_in_sentence(text: &str, name: Range<usize>) -> Option<String> {
    let start = text[..name.start].rfind(['\n', '.']).map_or(0, |i| i + 1);
    let end = text[name.end..]
        .find(['\n'])
        .map_or(text.len(), |i| name.end + i);
    let sentence = &text[start..end];
    ["Kamerstuk", "Kamerstukken", "Handelingen", "KST "]
        .iter()
        .find(|word| sentence.contains(**word))
        .map(|_| "in a sentence with a parliamentary citation".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn public(text: &str, name: &str) -> Option<String> {
        let start = text.find(name).expect("name in text");
        let lead = ["mevrouw ", "dhr. ", "mr. ", "prof. dr. "]
            .iter()
            .find_map(|t| text[..start].ends_with(t).then(|| start - t.len()))
            .unwrap_or(start);
        reason(text, lead, start..start + name.len())
    }

    #[test]
    fn roles_and_parties_make_names_public() {
        assert!(public("over minister Van Nieuwenhuizen die", "Van Nieuwenhuizen").is_some());
        assert!(public("de leden Kuik, Bikker en Verkuijlen.", "Bikker").is_some());
        assert!(public("Het lid Eerdmans (JA21) heeft", "Eerdmans").is_some());
        assert!(
            public(
                "De leden Martens-America en Van der Burg (beiden VVD) hebben",
                "Martens-America"
            )
            .is_some()
        );
        assert!(public("onder leiding van mr. Sorgdrager, ingesteld", "Sorgdrager").is_some());
        assert!(public("De advisering van dhr. Schneiders over", "Schneiders").is_some());
        assert!(
            public(
                "de benoeming van prof. dr. Linnet Taylor als nieuw lid",
                "Linnet Taylor"
            )
            .is_some()
        );
        assert!(
            public(
                "de staatssecretaris van Justitie en Veiligheid, mevrouw Jansen, heeft",
                "Jansen"
            )
            .is_some()
        );
        assert!(
            public(
                "Motie van het lid Grinwis, Kamerstukken II 2021/22, 32813, nr. 833",
                "Grinwis"
            )
            .is_some()
        );
    }

    #[test]
    fn ordinary_mentions_stay_personal() {
        assert_eq!(
            public("De minister heeft mevrouw Jansen gevraagd", "Jansen"),
            None
        );
        assert_eq!(
            public("Overleg met mevrouw Jansen van DWJZ.", "Jansen"),
            None
        );
        assert_eq!(
            public("Zij is minister geweest. Mevrouw Jansen schreef", "Jansen"),
            None
        );
    }
}
