//! Names of people, found by their context rather than from a list of names.
//!
//! Strong contexts (errors): a form of address or title before the name
//! (`mevrouw`, `de heer`, `dhr.`, `mr.`, `drs.`, …), initials before a
//! surname (`J.P. de Vries`), a contact or signature block (`Contactpersoon:`,
//! `Met vriendelijke groet,`, a table column of people), and a line that
//! also holds a personal phone number or e-mail address. Once a name is
//! found so, its other occurrences in the note are findings too. A common
//! given name before a capitalised word is only a guess (a warning): Dutch
//! surnames are also nouns, so no list can be a gate.

use std::ops::Range;

use super::text::{ends_word, is_capitalised, line_around, starts_word, word_end};
use super::triggers::{is_initial, title_at};
use super::words::{CONTACT_LABELS, ENUMERATING_NOUNS, NOT_INITIALS, NOT_NAMES, PARTICLES};
use super::{Block, Candidate, Kind, public};
use crate::config::personal_data::Settings;
use crate::published_text::Place;

/// A name as read from the text (offsets in its block).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct NameSpan {
    pub range: Range<usize>,
    /// The surname with its particles (`de Vries`, `Van der Burg`).
    pub surname: Range<usize>,
    pub initials: usize,
    /// Capitalised words (given names and surname).
    pub words: usize,
}

fn is_particle(word: &str) -> bool {
    PARTICLES.contains(&word.to_lowercase().as_str())
}

/// Prepositions that are particles only before another particle (`op de
/// Beek`, `in 't Veld`, `uit den Bogaard`); alone they lead to a place
/// (`Mulder uit Zwolle`).
fn is_prepositional(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "op" | "in" | "uit" | "aan" | "bij"
    )
}

fn not_a_name(word: &str) -> bool {
    let lower = word.to_lowercase();
    NOT_NAMES.contains(&lower.as_str()) || crate::dutch::MONTHS.contains(&lower.as_str())
}

/// One space (or no-break space) at `i`, if any.
fn space_at(text: &str, i: usize) -> Option<usize> {
    let rest = &text[i..];
    [" ", "\u{a0}"]
        .iter()
        .find(|s| rest.starts_with(**s))
        .map(|s| i + s.len())
}

/// Reads a name at `start`: initials (`J.`, `J.P.`, `Th.`), an optional
/// given name in brackets, then given names, particles and a capitalised
/// surname, separated by single spaces on one line.
pub(super) fn read_name(text: &str, start: usize) -> Option<NameSpan> {
    let mut i = start;
    let mut initials = 0;
    loop {
        let end = word_end(text, i);
        if end > i && text[end..].starts_with('.') && is_initial(&text[i..end]) {
            initials += 1;
            i = end + 1;
            if text[i..].starts_with('-') {
                i += 1;
            }
            continue;
        }
        if initials > 0
            && let Some(next) = space_at(text, i)
        {
            let after = word_end(text, next);
            if after > next && text[after..].starts_with('.') && is_initial(&text[next..after]) {
                i = next;
                continue;
            }
        }
        break;
    }
    if initials > 0 {
        i = space_at(text, i)?;
        if text[i..].starts_with('(')
            && let Some(close) = text[i..].find(')').filter(|&c| c < 24)
        {
            i = space_at(text, i + close + 1)?;
        }
    }
    let mut words = 0;
    let mut surname_start = None;
    let mut particles_start: Option<usize> = None;
    let mut last: Option<Range<usize>> = None;
    loop {
        let end = word_end(text, i);
        if end == i {
            break;
        }
        let word = &text[i..end];
        let next = space_at(text, end).map(|n| &text[n..word_end(text, n)]);
        let followed = next.is_some_and(|w| !w.is_empty());
        let particle = is_particle(word)
            && (!is_prepositional(word)
                || next.is_some_and(|w| is_particle(w) && !is_prepositional(w)));
        if particle && followed {
            particles_start.get_or_insert(i);
        } else if is_capitalised(word) && !not_a_name(word) && words < 4 {
            words += 1;
            surname_start = Some(particles_start.take().unwrap_or(i));
            // `Jansen-de Vries`: the joined particle belongs to the surname.
            let joined = word
                .rsplit_once('-')
                .is_some_and(|(_, tail)| is_particle(tail));
            if joined {
                particles_start = Some(i);
            }
            last = Some(i..end);
        } else {
            break;
        }
        match space_at(text, end) {
            Some(next) if word_end(text, next) > next => i = next,
            _ => break,
        }
    }
    let last = last?;
    Some(NameSpan {
        range: start..last.end,
        surname: surname_start.unwrap_or(last.start)..last.end,
        initials,
        words,
    })
}

/// A name found in a block, before public contexts are ruled out.
struct Found {
    /// Where the title or the name starts (for the context before it).
    lead: usize,
    name: NameSpan,
    weak: bool,
    why: String,
}

/// Every name in `blocks`; `identifiers` are the block's other findings
/// (a name on the line of a personal phone number or e-mail is strong).
pub(super) fn scan(
    blocks: &[Block<'_>],
    identifiers: &[Candidate],
    settings: &Settings,
    out: &mut Vec<Candidate>,
) {
    let mut strong_surnames: Vec<String> = Vec::new();
    let mut public_surnames: Vec<String> = Vec::new();
    let mut found_names: Vec<(usize, Found)> = Vec::new();
    for (index, block) in blocks.iter().enumerate() {
        let mut found = Vec::new();
        after_titles(block.text, &block.triggers.titles, &mut found);
        after_initials(block, &mut found);
        in_contact_lines(block, &mut found);
        next_to_identifiers(block, identifiers, &mut found);
        given_names(block.text, &block.triggers.given_names, &mut found);
        for f in found {
            found_names.push((index, f));
        }
    }
    // One finding per name: the strong reading wins over a guess.
    found_names.sort_by_key(|(index, f)| (*index, f.name.range.start, f.name.range.end, f.weak));
    found_names.dedup_by(|b, a| a.0 == b.0 && a.1.name.range == b.1.name.range);
    // Public persons first: a name that is public anywhere in the note is
    // public everywhere in it.
    let mut kept = Vec::new();
    let mut cleared = Vec::new();
    for (index, f) in found_names {
        let block = &blocks[index];
        let surname = &block.text[f.name.surname.clone()];
        let reason = public::reason(block.text, f.lead, f.name.range.clone()).or_else(|| {
            settings
                .is_public_name(&block.text[f.name.range.clone()], surname)
                .then(|| "listed as public in nota.toml".to_string())
        });
        match reason {
            Some(reason) => {
                public_surnames.push(surname.to_lowercase());
                cleared.push((index, f, reason));
            }
            None => kept.push((index, f)),
        }
    }
    let mut later_cleared = Vec::new();
    kept.retain(|(index, f)| {
        let surname = blocks[*index].text[f.name.surname.clone()].to_lowercase();
        let public = public_surnames.contains(&surname);
        if public {
            later_cleared.push((*index, f.name.range.clone(), f.why.clone()));
        }
        !public
    });
    for (index, f, reason) in cleared {
        let block = &blocks[index];
        out.push(Candidate {
            kind: Kind::Name,
            weak: f.weak,
            range: block.base + f.name.range.start..block.base + f.name.range.end,
            why: f.why,
            public: Some(reason),
        });
    }
    for (index, range, why) in later_cleared {
        let block = &blocks[index];
        out.push(Candidate {
            kind: Kind::Name,
            weak: false,
            range: block.base + range.start..block.base + range.end,
            why,
            public: Some("the same name is public elsewhere in this note".to_string()),
        });
    }
    for (index, f) in &kept {
        let block = &blocks[*index];
        if !f.weak {
            let surname = &block.text[f.name.surname.clone()];
            if !strong_surnames.iter().any(|s| s == surname) {
                strong_surnames.push(surname.to_string());
            }
        }
        out.push(Candidate {
            kind: Kind::Name,
            weak: f.weak,
            range: block.base + f.name.range.start..block.base + f.name.range.end,
            why: f.why.clone(),
            public: None,
        });
    }
    for surname in &strong_surnames {
        again(blocks, surname, &public_surnames, out);
    }
}

/// `mevrouw Jansen`, `de heer J. de Vries`, `prof. dr. L. Taylor`.
fn after_titles(text: &str, titles: &[(usize, usize, &'static str)], found: &mut Vec<Found>) {
    let mut chain_end = 0;
    for &(start, end, title) in titles {
        if start < chain_end {
            continue;
        }
        let mut i = end;
        // Further titles: `prof. dr. mr.`
        while let Some(next) = space_at(text, i) {
            match title_at(text, next) {
                Some((after, _)) => i = after,
                None => break,
            }
        }
        chain_end = i;
        // A title at the end of a wrapped line: the name is on the next.
        let Some(at) = space_at(text, i).or_else(|| text[i..].starts_with('\n').then_some(i + 1))
        else {
            continue;
        };
        if let Some(name) = read_name(text, at) {
            if names_a_street(text, name.range.end) {
                // `Mr. Visserplein 7`, `Dr. Schaepmanstraat 4`.
                continue;
            }
            found.push(Found {
                lead: start,
                name,
                weak: false,
                why: format!("after `{title}`"),
            });
        }
    }
}

/// Whether a house number follows: the "name" after a title is a street.
fn names_a_street(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    rest.strip_prefix(' ')
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
}

/// `J. de Vries`, `J.P.M. Jansen-Smit`, `Th. Bakker`.
fn after_initials(block: &Block<'_>, found: &mut Vec<Found>) {
    let text = block.text;
    let bytes = text.as_bytes();
    for &word_start in &block.triggers.initials {
        // Only at the first initial of a cluster (`J.P.` is read once).
        if word_start > 0 && bytes[word_start - 1] == b'.' {
            continue;
        }
        if word_start >= 2 && &text[word_start - 2..word_start] == ". " {
            let prev_start = text[..word_start - 2]
                .char_indices()
                .rev()
                .take_while(|(_, c)| c.is_alphabetic())
                .last()
                .map_or(word_start - 2, |(i, _)| i);
            if is_initial(&text[prev_start..word_start - 2]) {
                continue;
            }
        }
        let Some(name) = read_name(text, word_start) else {
            continue;
        };
        if name.initials == 0 || name.words == 0 {
            continue;
        }
        let cluster: String = text[word_start..name.range.end]
            .split(' ')
            .take_while(|token| token.ends_with('.'))
            .collect::<Vec<_>>()
            .concat()
            .to_uppercase();
        if NOT_INITIALS.iter().any(|n| cluster.starts_with(n)) {
            continue;
        }
        let before = text[..word_start].trim_end();
        let previous_word = before
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("")
            .to_lowercase();
        if name.initials == 1 && ENUMERATING_NOUNS.contains(&previous_word.as_str()) {
            continue;
        }
        let line = line_around(text, word_start);
        let at_line_start = text[line.start..word_start].trim().is_empty();
        if at_line_start && name.initials == 1 && block.place == Place::Heading {
            // `A. Inleiding`: a lettered heading.
            continue;
        }
        let lone_initial = name.initials == 1 && at_line_start && !block.contact;
        found.push(Found {
            lead: word_start,
            name,
            weak: lone_initial,
            why: "initials and a surname".to_string(),
        });
    }
}

/// A label of a contact or signature block in `line`: the label and where
/// its value starts (after `:` on the same line), if the line is one.
fn contact_label(line: &str) -> Option<(&'static str, Option<usize>)> {
    // A label stands alone on a short line or before a colon near the start.
    let bytes = line.as_bytes();
    let colon = bytes.iter().take(32).position(|&b| b == b':');
    if line.len() > 48 && colon.is_none() {
        return None;
    }
    let head_end = colon.unwrap_or(line.len());
    let head = line[..head_end].trim_matches(['*', '_', ' ', ',']);
    if head.len() > 30 {
        return None;
    }
    let mut lower = [0u8; 30];
    lower[..head.len()].copy_from_slice(head.as_bytes());
    lower[..head.len()].make_ascii_lowercase();
    let head_lower = std::str::from_utf8(&lower[..head.len()]).ok()?;
    let label = *CONTACT_LABEL_SET.get(head_lower)?;
    let Some(colon) = colon else {
        // A label alone: the value is on the next line.
        return Some((label, None));
    };
    let value = &line[colon + 1..];
    let rest = value.trim_start_matches(['*', '_', ' ']);
    if rest.is_empty() {
        return Some((label, None));
    }
    Some((label, Some(line.len() - rest.len())))
}

static CONTACT_LABEL_SET: std::sync::LazyLock<rustc_hash::FxHashMap<&'static str, &'static str>> =
    std::sync::LazyLock::new(|| CONTACT_LABELS.iter().map(|l| (*l, *l)).collect());

/// Names in contact and signature blocks: after `Label:`, on the line after
/// a label, in every line of a block under a contact heading or in a table
/// cell whose row or column is labelled so.
fn in_contact_lines(block: &Block<'_>, found: &mut Vec<Found>) {
    let text = block.text;
    let mut next_is_value: Option<&'static str> = None;
    let mut line_start = 0;
    // A block of one line is looked at as a whole (no search for breaks).
    let mut split;
    let mut whole;
    let lines: &mut dyn Iterator<Item = &str> = if block.lines {
        split = text.split('\n');
        &mut split
    } else {
        whole = std::iter::once(text);
        &mut whole
    };
    for line in lines {
        let here = line_start;
        line_start += line.len() + 1;
        let label = contact_label(line);
        let value_at = match (label, next_is_value.take()) {
            (Some((label, Some(value))), _) => Some((here + value, label)),
            (Some((label, None)), _) => {
                next_is_value = Some(label);
                None
            }
            (None, Some(label)) => Some((here + (line.len() - line.trim_start().len()), label)),
            (None, None) if block.contact => {
                Some((here + (line.len() - line.trim_start().len()), "contact"))
            }
            (None, None) => None,
        };
        let Some((at, label)) = value_at else {
            continue;
        };
        if let Some(f) = whole_line_name(text, at, here + line.len(), label) {
            found.push(f);
        }
    }
}

/// A name that fills the line from `at` up to a separator (`, functie`,
/// `(DWJZ)`, ` - `) or the line end, after skipping a form of address.
fn whole_line_name(text: &str, at: usize, line_end: usize, label: &str) -> Option<Found> {
    let mut start = at;
    let lead = at;
    if let Some((end, _)) = title_at(text, at).filter(|(end, _)| *end <= line_end) {
        start = space_at(text, end).unwrap_or(end);
    }
    let name = read_name(text, start)?;
    let rest = text[name.range.end..line_end].trim_start();
    let separated = rest.is_empty()
        || rest.starts_with([',', '(', '-', '–', '|', '/', ';', ':', '*', '_'])
        || rest.starts_with("MSc")
        || rest.starts_with("MA ")
        || rest.starts_with("LLM");
    let explicit = matches!(
        label,
        "naam"
            | "contactpersoon"
            | "contactpersonen"
            | "behandelaar"
            | "steller"
            | "opgesteld door"
            | "behandeld door"
    );
    let enough = name.words >= 2 || name.initials > 0 || start > at || explicit;
    (separated && enough).then(|| Found {
        lead,
        name,
        weak: false,
        why: if label == "contact" {
            "in a contact block".to_string()
        } else {
            format!("in a contact or signature block (`{label}`)")
        },
    })
}

/// A name on the line of a personal phone number or e-mail address:
/// `Jan de Vries (06-12345678)`, or a line of its own in such a block.
fn next_to_identifiers(block: &Block<'_>, identifiers: &[Candidate], found: &mut Vec<Found>) {
    let text = block.text;
    let block_range = block.base..block.base + text.len();
    let personal: Vec<&Candidate> = identifiers
        .iter()
        .filter(|c| {
            !c.weak
                && c.public.is_none()
                && matches!(c.kind, Kind::Phone | Kind::Email)
                && block_range.contains(&c.range.start)
        })
        .collect();
    if personal.is_empty() {
        return;
    }
    let mut line_start = 0;
    for line in text.split('\n') {
        let here = line_start;
        line_start += line.len() + 1;
        let at = here + (line.len() - line.trim_start().len());
        if let Some(mut f) = whole_line_name(text, at, here + line.len(), "contact") {
            f.why = "on a line with a personal phone number or e-mail address".to_string();
            found.push(f);
        }
    }
    for candidate in personal {
        let local = candidate.range.start - block.base;
        let line = line_around(text, local);
        let before = text[line.start..local].trim_end_matches([' ', '(', ',', ':', '-', '–', '|']);
        let before = strip_phone_label(before);
        // The name that ends right there: try each word start on the line.
        let mut starts: Vec<usize> = (line.start..line.start + before.len())
            .filter(|&i| text.is_char_boundary(i) && starts_word(text, i) && word_end(text, i) > i)
            .collect();
        starts.dedup();
        for start in starts {
            if let Some(name) = read_name(text, start)
                && name.range.end == line.start + before.len()
                && (name.words >= 2 || name.initials > 0)
            {
                found.push(Found {
                    lead: start,
                    name,
                    weak: false,
                    why: "next to a personal phone number or e-mail address".to_string(),
                });
                break;
            }
        }
    }
}

fn strip_phone_label(text: &str) -> &str {
    const CONNECTING: &[&str] = &[
        "t",
        "tel",
        "tel.",
        "telefoon",
        "telefonisch",
        "m",
        "mob",
        "mob.",
        "mobiel",
        "e",
        "e-mail",
        "mail",
        "email",
        "via",
        "op",
        "per",
        "nummer",
        "bereikbaar",
        "of",
        "en",
    ];
    let mut rest = text;
    for _ in 0..4 {
        rest = rest.trim_end_matches([' ', ',', '(', ':', '-', '–', '|']);
        let last = rest.rsplit(' ').next().unwrap_or("");
        if last.is_empty() || !CONNECTING.contains(&last.to_lowercase().as_str()) {
            break;
        }
        rest = &rest[..rest.len() - last.len()];
    }
    rest
}

/// A common given name before a capitalised word: a guess, a warning only.
fn given_names(text: &str, given: &[(usize, usize)], found: &mut Vec<Found>) {
    for &(start, end) in given {
        let Some(name) = read_name(text, start) else {
            continue;
        };
        if name.words < 2 {
            continue;
        }
        found.push(Found {
            lead: start,
            name,
            weak: true,
            why: format!("`{}` is a common given name", &text[start..end]),
        });
    }
}

/// Other occurrences of a surname found in a strong context.
fn again(
    blocks: &[Block<'_>],
    surname: &str,
    public_surnames: &[String],
    out: &mut Vec<Candidate>,
) {
    let core = surname.rsplit(' ').next().unwrap_or(surname);
    let particles = surname[..surname.len() - core.len()].trim().to_lowercase();
    if core.chars().count() < 2 || public_surnames.contains(&surname.to_lowercase()) {
        return;
    }
    for block in blocks {
        let text = block.text;
        for (at, _) in text.match_indices(core) {
            let end = at + core.len();
            if !starts_word(text, at) || !ends_word(text, end) {
                continue;
            }
            let before = text[..at].trim_end_matches(' ');
            let start = if particles.is_empty() {
                let previous = before.rsplit(' ').next().unwrap_or("");
                if matches!(
                    previous.to_lowercase().as_str(),
                    "de" | "het" | "een" | "der" | "des"
                ) && before.len() < at
                {
                    continue;
                }
                at
            } else {
                let lower = before.to_lowercase();
                if !lower.ends_with(&particles) {
                    continue;
                }
                before.len() - particles.len()
            };
            let range = block.base + start..block.base + end;
            let overlapping = out
                .iter_mut()
                .find(|c| c.range.start < range.end && range.start < c.range.end);
            if let Some(other) = overlapping {
                // A guess (`Gerda Mulder`) that carries the surname is sure now.
                if other.weak && other.public.is_none() {
                    other.weak = false;
                    other.why =
                        "a name found elsewhere in this note in a strong context".to_string();
                }
                continue;
            }
            if public::reason(text, start, start..end).is_some() {
                continue;
            }
            out.push(Candidate {
                kind: Kind::Name,
                weak: false,
                range,
                why: "a name found elsewhere in this note in a strong context".to_string(),
                public: None,
            });
        }
    }
}

/// Whether a heading or a paragraph of its own (`Contactpersoon:`, `Met
/// vriendelijke groet,`) starts a contact or signature block.
pub(super) fn is_contact_label(text: &str) -> bool {
    let trimmed = text
        .trim()
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ' ')
        .trim_end_matches([':', ','])
        .trim();
    if trimmed.len() > 40 || trimmed.is_empty() {
        return false;
    }
    CONTACT_BLOCK_LABELS
        .iter()
        .any(|label| label.len() == trimmed.len() && label.eq_ignore_ascii_case(trimmed))
}

/// Headings and paragraphs of their own that start a contact or signature
/// block.
const CONTACT_BLOCK_LABELS: &[&str] = &[
    "contact",
    "contactpersoon",
    "contactpersonen",
    "contactgegevens",
    "ondertekening",
    "opgesteld door",
    "behandeld door",
    "inlichtingen",
    "inlichtingen bij",
    "paraaf",
    "parafen",
    "parafering",
    "parafenroute",
    "met vriendelijke groet",
    "met vriendelijke groeten",
    "hoogachtend",
    "namens deze",
    "steller",
    "auteur",
    "aanspreekpunt",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn name(text: &str) -> Option<String> {
        read_name(text, 0).map(|n| text[n.range].to_string())
    }

    fn surname(text: &str) -> Option<String> {
        read_name(text, 0).map(|n| text[n.surname].to_string())
    }

    #[test]
    fn reads_dutch_names() {
        assert_eq!(name("J. de Vries, senior"), Some("J. de Vries".into()));
        assert_eq!(surname("J. de Vries"), Some("de Vries".into()));
        assert_eq!(
            name("J.P.M. Jansen-Smit."),
            Some("J.P.M. Jansen-Smit".into())
        );
        assert_eq!(
            name("J. P. Balkenende heeft"),
            Some("J. P. Balkenende".into())
        );
        assert_eq!(name("Van der Burg (VVD)"), Some("Van der Burg".into()));
        assert_eq!(surname("Van der Burg"), Some("Van der Burg".into()));
        assert_eq!(
            name("Jan Pieter van 't Hof"),
            Some("Jan Pieter van 't Hof".into())
        );
        assert_eq!(surname("Jan Pieter van 't Hof"), Some("van 't Hof".into()));
        assert_eq!(name("Th. Bakker"), Some("Th. Bakker".into()));
        assert_eq!(name("J. (Jan) Bakker"), Some("J. (Jan) Bakker".into()));
        assert_eq!(name("de minister"), None);
        assert_eq!(name("Deze brief"), None);
        assert_eq!(name("VVD"), None);
    }

    fn strong_in(text: &str) -> Vec<String> {
        let mut found = Vec::new();
        after_titles(text, &super::super::triggers::scan(text).titles, &mut found);
        let block = Block::paragraph(text);
        after_initials(&block, &mut found);
        in_contact_lines(&block, &mut found);
        let mut names: Vec<String> = found
            .into_iter()
            .filter(|f| !f.weak)
            .map(|f| text[f.name.range].to_string())
            .collect();
        names.dedup();
        names
    }

    #[test]
    fn strong_contexts() {
        assert_eq!(strong_in("Overleg met mevrouw Jansen."), ["Jansen"]);
        assert_eq!(
            strong_in("Volgens de heer Van der Berg is"),
            ["Van der Berg"]
        );
        assert_eq!(strong_in("door prof. dr. L. Taylor"), ["L. Taylor"]);
        assert_eq!(strong_in("Uitgewerkt door J.P. de Wit en"), ["J.P. de Wit"]);
        assert_eq!(
            strong_in("Contactpersoon: Karin Bakker, DWJZ"),
            ["Karin Bakker"]
        );
        assert_eq!(
            strong_in("Met vriendelijke groet,\nPieter Smit\nDirectie Wetgeving"),
            ["Pieter Smit"]
        );
        assert!(strong_in("Zr.Ms. Tromp is actief").is_empty());
        assert!(strong_in("N.B. Deze brief is").is_empty());
        assert!(strong_in("zie bijlage B. Deze brief").is_empty());
        assert!(strong_in("300 MW Windpark").is_empty());
        assert!(strong_in("Aan: de minister\nVan: DGMI").is_empty());
        assert!(strong_in("H.M. de Koning opende").is_empty());
        assert!(strong_in("mevrouw de minister").is_empty());
    }
}
