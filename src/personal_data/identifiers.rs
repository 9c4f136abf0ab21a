//! Identifiers that can be validated or recognised by their form: BSN
//! (11-proef), IBAN (mod 97, via `iban_validate`), Dutch phone numbers,
//! e-mail addresses, postcode with house number, licence plates (sidecodes)
//! and dates of birth.
//!
//! One pass over a block's bytes looks only at the places an identifier can
//! start (a digit after a non-word character, `+`, `@`, a capital), so the
//! cost is a byte loop over the text plus work near candidates. Whether a
//! candidate is an error, a warning or nothing is decided from the words
//! around it (see `words`).

use std::ops::Range;

use super::text::{after_on_line, before_on_line, find_word, floor};
use super::words::{
    BIRTH_ANCHORS, BSN_WORDS, FREEMAIL_DOMAINS, FUNCTIONAL_MAILBOXES, MONTH_ABBREVIATIONS,
    ORGANISATION_WORDS, PERSONAL_WORDS, REFERENCE_WORDS,
};
use super::{Block, Candidate, Kind};

/// Every identifier in one block.
pub(super) fn scan(block: &Block<'_>, out: &mut Vec<Candidate>) {
    let text = block.text;
    let bytes = text.as_bytes();
    // IBANs and plates start at the codes in capitals the trigger pass found;
    // the digits they hold are not read again.
    let mut taken: Vec<std::ops::Range<usize>> = Vec::new();
    for &start in &block.triggers.codes {
        if taken.last().is_some_and(|r| r.contains(&start)) {
            continue;
        }
        if let Some(end) = iban(block, start, out).or_else(|| plate(block, start, out)) {
            taken.push(start..end);
        }
    }
    let mut taken = taken.into_iter().peekable();
    let mut i = 0;
    while i < bytes.len() {
        // Most bytes start nothing: step over them, eight at a time.
        i = super::text::skip_to(
            bytes,
            i,
            |x| {
                use super::text::{any_between, any_byte};
                any_between(x, b'/', b':') || any_byte(x, b'@') || any_byte(x, b'+')
            },
            |b| STARTS[usize::from(b)],
        );
        let Some(&b) = bytes.get(i) else { break };
        while taken.peek().is_some_and(|r| r.end <= i) {
            taken.next();
        }
        if let Some(range) = taken.peek().filter(|r| r.contains(&i)) {
            i = range.end;
            continue;
        }
        // A no-break space or a curly quote before it is not part of a word.
        let at_start = i == 0
            || match bytes[i - 1] {
                p if p < 0x80 => !p.is_ascii_alphanumeric(),
                _ => super::text::starts_word(text, i),
            };
        let next = bytes.get(i + 1).copied().unwrap_or(b' ');
        let found = if b.is_ascii_digit() && at_start && !after_digit_separator(bytes, i) {
            digits_at(block, i, out)
        } else if b == b'+' && next.is_ascii_digit() {
            phone(block, i, out)
        } else if b == b'@' {
            email(block, i, out)
        } else {
            None
        };
        i = match found {
            Some(end) if end > i => end,
            _ => i + 1,
        };
    }
    birth_date_column(block, out);
    labelled_address(block, out);
}

/// A street and house number in a table cell labelled `Adres` (no postcode
/// needed: the label says whose it is).
fn labelled_address(block: &Block<'_>, out: &mut Vec<Candidate>) {
    const LABELS: &[&str] = &[
        "adres",
        "woonadres",
        "huisadres",
        "privéadres",
        "thuisadres",
    ];
    if !block.labels.contains("adres") {
        return;
    }
    let Some(label) = find_word(&block.labels, LABELS) else {
        return;
    };
    let block_range = block.base..block.base + block.text.len();
    if out
        .iter()
        .any(|c| c.kind == Kind::Address && block_range.contains(&c.range.start))
    {
        return;
    }
    let text = block.text;
    // The first number that ends a street: `Kerkstraat 12, Utrecht`.
    for (i, _) in text.match_indices(' ') {
        let digits = text[i + 1..].bytes().take_while(u8::is_ascii_digit).count();
        let number_end = i + 1 + digits;
        if digits == 0 {
            continue;
        }
        let addition = text[number_end..]
            .bytes()
            .take_while(u8::is_ascii_alphabetic)
            .count()
            .min(3);
        if let Some(street) = street_before(text, (number_end + addition + 1).min(text.len())) {
            let end = number_end + addition;
            push(
                out,
                block,
                Kind::Address,
                street..end,
                false,
                format!("a street and house number under `{label}`"),
            );
            return;
        }
    }
}

/// Bytes an identifier can start with (besides the codes in capitals):
/// digits, `+` and `@`.
static STARTS: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(b as u8, b'0'..=b'9' | b'+' | b'@');
        b += 1;
    }
    table
};

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80
}

/// A digit right after `12-`, `12.`, `12,` or `12/`: the tail of a longer
/// number (a date, an amount, a reference), never the start of one.
fn after_digit_separator(bytes: &[u8], i: usize) -> bool {
    i >= 2 && matches!(bytes[i - 1], b'-' | b'.' | b',' | b'/') && bytes[i - 2].is_ascii_digit()
}

/// The candidates that start with a digit, most specific first.
fn digits_at(block: &Block<'_>, i: usize, out: &mut Vec<Candidate>) -> Option<usize> {
    birth_date(block, i, out)
        .or_else(|| plate(block, i, out))
        .or_else(|| address(block, i, out))
        .or_else(|| phone(block, i, out))
        .or_else(|| bsn(block, i, out))
}

fn push(
    out: &mut Vec<Candidate>,
    block: &Block<'_>,
    kind: Kind,
    range: Range<usize>,
    weak: bool,
    why: String,
) {
    out.push(Candidate {
        kind,
        weak,
        range: block.base + range.start..block.base + range.end,
        why,
        public: None,
    });
}

// ---------------------------------------------------------------------------
// BSN

/// Whether nine digits pass the 11-proef of a BSN: 9·d1 + 8·d2 + … + 2·d8
/// − 1·d9 is a multiple of 11. All zeros is not a number anyone has.
pub fn passes_11_proef(digits: &[u8; 9]) -> bool {
    if digits.iter().all(|&d| d == 0) {
        return false;
    }
    let sum: i32 = digits
        .iter()
        .zip([9, 8, 7, 6, 5, 4, 3, 2, -1])
        .map(|(&d, w)| i32::from(d) * w)
        .sum();
    sum % 11 == 0
}

/// Nine digits written as one number (`123456782`), in the print form
/// `1234.56.782`, or grouped `123 456 782` / `123.456.782` after a BSN word.
fn read_bsn(text: &str, start: usize) -> Option<(usize, [u8; 9], bool)> {
    let bytes = text.as_bytes();
    let mut digits = [0u8; 9];
    let mut count = 0;
    let mut groups = [0usize; 3];
    let mut group_count = 0;
    let mut i = start;
    let mut separator = None;
    loop {
        let group_start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            if count == 9 {
                return None;
            }
            digits[count] = bytes[i] - b'0';
            count += 1;
            i += 1;
        }
        if group_count == 3 {
            return None;
        }
        groups[group_count] = i - group_start;
        group_count += 1;
        if count >= 9 {
            break;
        }
        let sep = bytes.get(i).copied();
        let next_is_digit = bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
        match sep {
            Some(s @ (b'.' | b' ')) if next_is_digit && separator.is_none_or(|p| p == s) => {
                separator = Some(s);
                i += 1;
            }
            _ => break,
        }
    }
    if count != 9 || bytes.get(i).is_some_and(|b| is_word_byte(*b)) {
        return None;
    }
    // A number that goes on after a separator is longer than a BSN.
    if matches!(bytes.get(i), Some(b'-' | b'.' | b',' | b'/'))
        && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
    {
        return None;
    }
    let grouped = match &groups[..group_count] {
        [9] => false,
        [4, 2, 3] if separator == Some(b'.') => false,
        [3, 3, 3] => true,
        _ => return None,
    };
    Some((i, digits, grouped))
}

fn bsn(block: &Block<'_>, start: usize, out: &mut Vec<Candidate>) -> Option<usize> {
    let text = block.text;
    let (end, digits, grouped) = read_bsn(text, start)?;
    if !passes_11_proef(&digits) {
        return None;
    }
    let before = before_on_line(text, start, 48);
    let after = after_on_line(text, end, 12);
    let labelled = find_word(before, BSN_WORDS).or_else(|| find_word(&block.labels, BSN_WORDS));
    if let Some(word) = labelled {
        push(
            out,
            block,
            Kind::Bsn,
            start..end,
            false,
            format!("nine digits that pass the 11-proef, after `{word}`"),
        );
        return Some(end);
    }
    let reference = find_word(before, REFERENCE_WORDS)
        .filter(|word| !GENERIC_NUMBER_WORDS.contains(word))
        .or_else(|| find_word(last_words(before, 2), GENERIC_NUMBER_WORDS))
        .or_else(|| find_word(after, &["euro", "eur"]))
        .or_else(|| find_word(&block.labels, REFERENCE_WORDS));
    if grouped || reference.is_some() {
        return Some(end);
    }
    let personal = find_word(block.text, PERSONAL_WORDS);
    let weak = personal.is_none();
    let why = match personal {
        Some(word) => {
            format!("nine digits that pass the 11-proef, in a text about a person (`{word}`)")
        }
        None => "nine digits that pass the 11-proef".to_string(),
    };
    push(out, block, Kind::Bsn, start..end, weak, why);
    Some(end)
}

/// Reference words so general that only the word right before the number
/// counts (`nummer 123456782`, not `het nummer van betrokkene is …`).
const GENERIC_NUMBER_WORDS: &[&str] = &["nr", "nr.", "nummer", "id"];

/// The last `n` words of `text` (with what stands between them).
fn last_words(text: &str, n: usize) -> &str {
    let mut seen = 0;
    let mut in_word = false;
    for (i, c) in text.char_indices().rev() {
        let word = c.is_alphanumeric();
        if word && !in_word {
            seen += 1;
        }
        if !word && in_word && seen == n {
            return &text[i + c.len_utf8()..];
        }
        in_word = word;
    }
    text
}

// ---------------------------------------------------------------------------
// IBAN

/// An IBAN in electronic (`NL91ABNA0417164300`) or print form (`NL91 ABNA
/// 0417 1643 00`), validated by `iban_validate` (country, length, BBAN
/// format, mod-97 check digits).
fn iban(block: &Block<'_>, start: usize, out: &mut Vec<Candidate>) -> Option<usize> {
    let text = block.text;
    let bytes = text.as_bytes();
    if !(bytes.get(start + 1)?.is_ascii_uppercase()
        && bytes.get(start + 2)?.is_ascii_digit()
        && bytes.get(start + 3)?.is_ascii_digit())
    {
        return None;
    }
    // Groups of letters and digits, separated by single spaces.
    let mut compact = String::new();
    let mut ends = Vec::new();
    let mut i = start;
    while i < bytes.len() && compact.len() < 34 {
        let c = bytes[i];
        if c.is_ascii_alphanumeric() {
            compact.push(char::from(c.to_ascii_uppercase()));
            i += 1;
            if !bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
                ends.push((i, compact.len()));
            }
        } else if c == b' '
            && bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric)
            && !compact.is_empty()
        {
            i += 1;
        } else {
            break;
        }
    }
    let (end, _) = ends
        .iter()
        .rev()
        .copied()
        .find(|&(_, len)| compact[..len].parse::<::iban::Iban>().is_ok())?;
    let before = before_on_line(text, start, 60);
    let after = after_on_line(text, end, 60);
    if let Some(owner) = account_holder(after).or_else(|| account_holder(before))
        && find_word(owner, ORGANISATION_WORDS).is_some()
    {
        return Some(end);
    }
    push(
        out,
        block,
        Kind::Iban,
        start..end,
        false,
        "its mod-97 check digits are valid".to_string(),
    );
    Some(end)
}

/// The holder in `t.n.v. X` / `ten name van X`, if written.
fn account_holder(text: &str) -> Option<&str> {
    let lower = text.to_lowercase();
    ["t.n.v.", "ten name van", "tnv"].iter().find_map(|label| {
        lower
            .find(label)
            .map(|i| &text[floor(text, i + label.len())..])
    })
}

// ---------------------------------------------------------------------------
// Phone numbers

/// A Dutch phone number as read: the national form (`0612345678`) and where
/// it ends.
fn read_phone(text: &str, start: usize) -> Option<(usize, String)> {
    let bytes = text.as_bytes();
    let mut i = start;
    let mut digits = String::new();
    let international = if text[i..].starts_with("+31") {
        i += 3;
        true
    } else if text[i..].starts_with("0031") {
        i += 4;
        true
    } else {
        false
    };
    if international {
        digits.push('0');
        while i < bytes.len() && matches!(bytes[i], b' ' | b'-') {
            i += 1;
        }
        if text[i..].starts_with("(0)") {
            i += 3;
        }
    } else if bytes.get(start) != Some(&b'0') {
        return None;
    }
    let mut groups: Vec<usize> = Vec::new();
    let mut group = 0;
    let mut in_parens = false;
    while i < bytes.len() && digits.len() < 10 {
        let c = bytes[i];
        if c.is_ascii_digit() {
            digits.push(char::from(c));
            group += 1;
            i += 1;
            continue;
        }
        // `070 - 1234567`: a hyphen with spaces around it is one separator.
        if text[i..].starts_with(" - ")
            && bytes.get(i + 3).is_some_and(u8::is_ascii_digit)
            && group > 0
        {
            groups.push(group);
            group = 0;
            i += 3;
            continue;
        }
        let next_digit = bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
        let next_two =
            bytes.get(i + 1) == Some(&b' ') && bytes.get(i + 2).is_some_and(u8::is_ascii_digit);
        match c {
            b'(' if digits.is_empty() || digits == "0" => in_parens = true,
            b')' if in_parens && (next_digit || next_two) => in_parens = false,
            b' ' | b'-' | b'.' | b'/' if next_digit && group > 0 => {}
            b' ' if in_parens => {}
            _ => break,
        }
        if group > 0 {
            groups.push(group);
            group = 0;
        }
        i += 1;
    }
    groups.push(group);
    if digits.len() != 10 || !digits.starts_with('0') || digits.starts_with("00") {
        return None;
    }
    // Ten digits, and no more: a longer number is something else.
    if bytes
        .get(i)
        .is_some_and(|b| b.is_ascii_digit() || b.is_ascii_alphabetic())
    {
        return None;
    }
    // dd-mm-yyyy and d-m-yyyy followed by more digits are dates.
    if let [a, b, 4, ..] = groups.as_slice()
        && (1..=2).contains(a)
        && (1..=2).contains(b)
    {
        return None;
    }
    Some((i, digits))
}

fn phone(block: &Block<'_>, start: usize, out: &mut Vec<Candidate>) -> Option<usize> {
    let text = block.text;
    let (end, national) = read_phone(text, start)?;
    if ["0800", "0900", "0906", "0909"]
        .iter()
        .any(|p| national.starts_with(p))
    {
        return Some(end);
    }
    if national.starts_with("06") {
        push(
            out,
            block,
            Kind::Phone,
            start..end,
            false,
            "mobile: it starts with 06".to_string(),
        );
        return Some(end);
    }
    let before = before_on_line(text, start, 60);
    if find_word(before, ORGANISATION_WORDS).is_some()
        || find_word(&block.labels, ORGANISATION_WORDS).is_some()
    {
        return Some(end);
    }
    let personal = find_word(before, PERSONAL_WORDS)
        .map(|w| format!("after `{w}`"))
        .or_else(|| {
            find_word(after_on_line(text, end, 24), PERSONAL_WORDS).map(|w| format!("with `{w}`"))
        })
        .or_else(|| block.contact.then(|| "in a contact block".to_string()));
    let weak = personal.is_none();
    let why = match personal {
        Some(reason) => format!("a direct phone number, {reason}"),
        None => "a landline number".to_string(),
    };
    push(out, block, Kind::Phone, start..end, weak, why);
    Some(end)
}

// ---------------------------------------------------------------------------
// E-mail addresses

fn email(block: &Block<'_>, at: usize, out: &mut Vec<Candidate>) -> Option<usize> {
    let text = block.text;
    let bytes = text.as_bytes();
    let local_char =
        |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-');
    let mut start = at;
    while start > 0 && local_char(bytes[start - 1]) {
        start -= 1;
    }
    while start < at && !bytes[start].is_ascii_alphanumeric() {
        start += 1;
    }
    let mut end = at + 1;
    while end < bytes.len()
        && (bytes[end].is_ascii_alphanumeric() || matches!(bytes[end], b'.' | b'-'))
    {
        end += 1;
    }
    while end > at + 1 && !bytes[end - 1].is_ascii_alphanumeric() {
        end -= 1;
    }
    let local = &text[start..at];
    let domain = &text[at + 1..end];
    let tld = domain.rsplit('.').next().unwrap_or("");
    if local.is_empty()
        || !domain.contains('.')
        || tld.len() < 2
        || !tld.bytes().all(|b| b.is_ascii_alphabetic())
    {
        return Some(at + 1);
    }
    let domain_lower = domain.to_lowercase();
    let freemail = FREEMAIL_DOMAINS.contains(&domain_lower.as_str());
    let functional = is_functional_mailbox(&local.to_lowercase());
    if functional && !freemail {
        return Some(end);
    }
    let why = if freemail {
        format!("at a private mail service, {domain_lower}")
    } else {
        "not a functional mailbox such as info@ or woo@".to_string()
    };
    push(out, block, Kind::Email, start..end, false, why);
    Some(end)
}

/// Whether the local part of an address is a mailbox of a function rather
/// than of a person: `info`, `woo`, `postbus.wetgeving`, `secretariaat-dgmi`.
/// An initial with a dot (`m.post`) is a person's, whatever the word after it.
fn is_functional_mailbox(local: &str) -> bool {
    let mut parts = local.split(['.', '_', '-', '+']).filter(|p| !p.is_empty());
    let Some(first) = parts.next() else {
        return false;
    };
    if first.chars().count() == 1 {
        return false;
    }
    let functional = |part: &str| FUNCTIONAL_MAILBOXES.contains(&part);
    functional(first)
        || local
            .split(['.', '_', '-', '+'])
            .any(|part| ALWAYS_FUNCTIONAL.contains(&part))
        || FUNCTIONAL_MAILBOXES
            .iter()
            .any(|word| word.len() >= 6 && first.starts_with(word))
}

/// Parts of an address that make it functional wherever they stand.
const ALWAYS_FUNCTIONAL: &[&str] = &[
    "woo",
    "wob",
    "info",
    "postbus",
    "secretariaat",
    "noreply",
    "helpdesk",
    "servicedesk",
    "webmaster",
    "klantenservice",
    "meldpunt",
    "team",
];

// ---------------------------------------------------------------------------
// Postcode with house number

/// A postcode (`1234 AB`) with a street and house number before it, on the
/// same line or the line before: `Kerkstraat 12, 1234 AB` or
/// `Kerkstraat 12\n1234 AB Utrecht`.
fn address(block: &Block<'_>, start: usize, out: &mut Vec<Candidate>) -> Option<usize> {
    let text = block.text;
    let bytes = text.as_bytes();
    if bytes[start] == b'0' || !bytes.get(start..start + 4)?.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut i = start + 4;
    if bytes.get(i) == Some(&b' ') {
        i += 1;
    }
    let letters = bytes.get(i..i + 2)?;
    if !letters.iter().all(u8::is_ascii_uppercase) || matches!(letters, b"SA" | b"SD" | b"SS") {
        return None;
    }
    let end = i + 2;
    if bytes.get(end).is_some_and(|b| is_word_byte(*b)) {
        return None;
    }
    let Some(street_start) = street_before(text, start) else {
        // A postcode without a house number is a place, not a home.
        return Some(end);
    };
    let context = &text[address_context(text, street_start)..end];
    if find_word(context, ORGANISATION_WORDS).is_some()
        || find_word(&block.labels, ORGANISATION_WORDS).is_some()
    {
        return Some(end);
    }
    let personal = find_word(block.text, PERSONAL_WORDS)
        .map(|w| format!("postcode and house number in a text about a person (`{w}`)"))
        .or_else(|| {
            block
                .contact
                .then(|| "postcode and house number in a contact block".to_string())
        });
    let weak = personal.is_none();
    let why = personal.unwrap_or_else(|| "a postcode with a street and house number".to_string());
    push(out, block, Kind::Address, street_start..end, weak, why);
    Some(end)
}

/// Where the words that say whose address it is may start: the sentence
/// of the street, at most 80 bytes back, and the line before when the street
/// starts a line (`Bezoekadres:` on a line of its own).
fn address_context(text: &str, street: usize) -> usize {
    let floor_at = floor(text, street.saturating_sub(80));
    let sentence = text[..street].rfind(". ").map_or(0, |i| i + 2);
    let line = text[..street].rfind('\n').map_or(0, |i| i + 1);
    if line == street && street > 0 {
        return text[..street - 1].rfind('\n').map_or(0, |i| i + 1);
    }
    floor_at.max(sentence).max(line)
}

/// Where `Straatnaam 12[a][-2]` starts, when the text before `postcode`
/// (after a comma, a space or a line break) ends with one.
fn street_before(text: &str, postcode: usize) -> Option<usize> {
    let window_start = floor(text, postcode.saturating_sub(80));
    let window = &text[window_start..postcode];
    let trimmed = window.trim_end_matches([' ', ',', '\n', '>']);
    let bytes = trimmed.as_bytes();
    let mut j = bytes.len();
    // An addition after the number: `12a`, `12-2`, `12 bis` is not read.
    let letters = bytes[..j]
        .iter()
        .rev()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    if letters <= 3 {
        j -= letters;
        // `14 B`: a one-letter addition after a space.
        if letters == 1 && j >= 2 && bytes[j - 1] == b' ' && bytes[j - 2].is_ascii_digit() {
            j -= 1;
        }
    }
    let digits = |j: usize| {
        bytes[..j]
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let mut count = digits(j);
    if count > 0
        && j > count + 1
        && matches!(bytes[j - count - 1], b'-' | b'/')
        && digits(j - count - 1) > 0
    {
        j -= count + 1;
        count = digits(j);
    }
    if count == 0 || count > 5 {
        return None;
    }
    j -= count;
    if j == 0 || bytes[j - 1] != b' ' {
        return None;
    }
    let before_number = &trimmed[..j - 1];
    let word_start = before_number
        .rfind(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'' || c == '.'))
        .map_or(0, |i| {
            i + before_number[i..].chars().next().map_or(1, char::len_utf8)
        });
    let street = &before_number[word_start..];
    let first = street.chars().next()?;
    let lower = street.to_lowercase();
    if !first.is_uppercase() || matches!(lower.as_str(), "postbus" | "antwoordnummer" | "bus") {
        return None;
    }
    // Multi-word streets (`Lange Voorhout 9`, `Van Goghstraat 3`): take up to
    // two capitalised words before, on the same line.
    let line_start = before_number[..word_start].rfind('\n').map_or(0, |i| i + 1);
    let mut start = word_start;
    for word in before_number[line_start..word_start]
        .trim_end()
        .rsplit(' ')
        .take(2)
    {
        let capitalised = word.chars().next().is_some_and(char::is_uppercase);
        if !capitalised || word.ends_with(['.', ',', ':']) || word.is_empty() {
            break;
        }
        start = before_number[..start].trim_end().len() - word.len();
    }
    Some(window_start + start)
}

// ---------------------------------------------------------------------------
// Licence plates

/// The sidecodes of Dutch licence plates: L is a letter, D a digit.
/// Sidecodes 1–3 (1951–1978) used vowels; from 4 on, plates use consonants
/// without C and Q.
const SIDECODES: &[(&str, bool)] = &[
    ("LL-DD-DD", true),
    ("DD-DD-LL", true),
    ("DD-LL-DD", true),
    ("LL-DD-LL", false),
    ("LL-LL-DD", false),
    ("DD-LL-LL", false),
    ("DD-LLL-D", false),
    ("D-LLL-DD", false),
    ("LL-DDD-L", false),
    ("L-DDD-LL", false),
    ("LLL-DD-L", false),
    ("L-DD-LLL", false),
    ("D-LL-DDD", false),
    ("DDD-LL-D", false),
];

/// Letters plates use from sidecode 4 on.
const PLATE_LETTERS: &str = "BDFGHJKLMNPRSTVXZ";

/// The sidecode number (1–14) of `plate` (as written, with hyphens).
pub fn sidecode(plate: &str) -> Option<usize> {
    let shape: String = plate
        .chars()
        .map(|c| match c {
            'A'..='Z' => 'L',
            '0'..='9' => 'D',
            other => other,
        })
        .collect();
    let (index, &(_, vowels)) = SIDECODES
        .iter()
        .enumerate()
        .find(|(_, (pattern, _))| *pattern == shape)?;
    let letters_ok = plate
        .chars()
        .filter(char::is_ascii_uppercase)
        .all(|c| vowels || PLATE_LETTERS.contains(c));
    letters_ok.then_some(index + 1)
}

fn plate(block: &Block<'_>, start: usize, out: &mut Vec<Candidate>) -> Option<usize> {
    let text = block.text;
    let bytes = text.as_bytes();
    let mut end = start;
    while end < bytes.len()
        && end - start < 9
        && (bytes[end].is_ascii_uppercase() || bytes[end].is_ascii_digit() || bytes[end] == b'-')
    {
        end += 1;
    }
    if end - start < 8
        || bytes
            .get(end)
            .is_some_and(|b| is_word_byte(*b) || *b == b'-')
    {
        return None;
    }
    let candidate = &text[start..end];
    let number = sidecode(candidate)?;
    push(
        out,
        block,
        Kind::LicencePlate,
        start..end,
        false,
        format!("the form of sidecode {number}"),
    );
    Some(end)
}

// ---------------------------------------------------------------------------
// Dates of birth

/// A date in a table column headed `Geboortedatum`.
fn birth_date_column(block: &Block<'_>, out: &mut Vec<Candidate>) {
    let maybe = block.labels.contains("geb") || block.labels.contains("birth");
    if !maybe || find_word(&block.labels, BIRTH_ANCHORS).is_none() {
        return;
    }
    let text = block.text;
    let from = text.len() - text.trim_start().len();
    if let Some(range) = read_date(text, from) {
        push(
            out,
            block,
            Kind::BirthDate,
            range,
            false,
            "a date in a column of dates of birth".to_string(),
        );
    }
}

/// A date right after a birth anchor (`geboren op 3 maart 1975`,
/// `geb. 03-03-1975`, `Geboortedatum: 1975-03-03`).
fn birth_date(block: &Block<'_>, start: usize, out: &mut Vec<Candidate>) -> Option<usize> {
    let text = block.text;
    let range = read_date(text, start)?;
    let before = before_on_line(text, start, 40);
    // Every anchor has `eb`, `orn`, `rth` or `o.b` in it: most dates have none.
    let maybe = before
        .as_bytes()
        .windows(3)
        .any(|w| &w[1..] == b"eb" || matches!(w, b"orn" | b"rth" | b"o.b"));
    if !maybe {
        return None;
    }
    let anchor = find_word(before, BIRTH_ANCHORS)?;
    let end = range.end;
    push(
        out,
        block,
        Kind::BirthDate,
        range,
        false,
        format!("a date after `{anchor}`"),
    );
    Some(end)
}

/// `3-3-1975`, `03/03/1975`, `03.03.1975`, `1975-03-03`, `3 maart 1975`,
/// `3 mrt. 1975` starting at `start`.
fn read_date(text: &str, start: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let digits_from = |i: usize| bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
    let first = digits_from(start);
    let after_first = start + first;
    match (first, bytes.get(after_first)) {
        (1 | 2, Some(&sep @ (b'-' | b'/' | b'.'))) => {
            let second = digits_from(after_first + 1);
            let after_second = after_first + 1 + second;
            if !(1..=2).contains(&second) || bytes.get(after_second) != Some(&sep) {
                return None;
            }
            let year = digits_from(after_second + 1);
            (year == 4).then_some(start..after_second + 1 + year)
        }
        (4, Some(b'-')) => {
            let month = digits_from(after_first + 1);
            let after_month = after_first + 1 + month;
            let day = if bytes.get(after_month) == Some(&b'-') {
                digits_from(after_month + 1)
            } else {
                0
            };
            (month == 2 && day == 2).then_some(start..after_month + 3)
        }
        (1 | 2, Some(b' ')) => {
            let rest = &text[after_first + 1..];
            let word_len = rest
                .find(|c: char| !c.is_alphabetic())
                .unwrap_or(rest.len());
            let month = rest[..word_len].to_lowercase();
            let month = month.as_str();
            if !crate::dutch::MONTHS.contains(&month) && !MONTH_ABBREVIATIONS.contains(&month) {
                return None;
            }
            let mut i = after_first + 1 + word_len;
            if bytes.get(i) == Some(&b'.') {
                i += 1;
            }
            if bytes.get(i) != Some(&b' ') {
                return None;
            }
            let year = digits_from(i + 1);
            (year == 4).then_some(start..i + 1 + year)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(text: &str) -> Block<'_> {
        Block::paragraph(text)
    }

    fn found(text: &str) -> Vec<(Kind, bool, String)> {
        let mut out = Vec::new();
        scan(&block(text), &mut out);
        out.into_iter()
            .map(|c| (c.kind, c.weak, text[c.range].to_string()))
            .collect()
    }

    fn strong(kind: Kind, value: &str) -> (Kind, bool, String) {
        (kind, false, value.to_string())
    }

    #[test]
    fn eleven_proef_examples() {
        assert!(passes_11_proef(&[1, 2, 3, 4, 5, 6, 7, 8, 2]));
        assert!(passes_11_proef(&[1, 1, 1, 2, 2, 2, 3, 3, 3]));
        assert!(!passes_11_proef(&[1, 2, 3, 4, 5, 6, 7, 8, 9]));
        assert!(!passes_11_proef(&[0; 9]));
    }

    use crate::personal_data::Lcg;

    impl Lcg {
        fn digits(&mut self) -> [u8; 9] {
            let mut d = [0u8; 9];
            for slot in &mut d {
                *slot = (self.next() % 10) as u8;
            }
            d
        }
    }

    /// The check digit that makes the first eight digits a valid BSN, if any.
    fn complete(eight: &[u8]) -> Option<[u8; 9]> {
        let sum: i32 = eight
            .iter()
            .zip([9, 8, 7, 6, 5, 4, 3, 2])
            .map(|(&d, w)| i32::from(d) * w)
            .sum();
        let check = sum % 11;
        (check < 10).then(|| {
            let mut nine = [0u8; 9];
            nine[..8].copy_from_slice(eight);
            nine[8] = check as u8;
            nine
        })
    }

    #[test]
    fn generated_bsns_pass_and_every_single_digit_change_fails() {
        let mut rng = Lcg(11);
        let mut checked = 0;
        while checked < 2_000 {
            let seed = rng.digits();
            let Some(valid) = complete(&seed[..8]) else {
                continue;
            };
            if valid.iter().all(|&d| d == 0) {
                continue;
            }
            assert!(passes_11_proef(&valid), "{valid:?}");
            // The 11-proef catches every change of one digit.
            let position = (rng.next() % 9) as usize;
            let mut changed = valid;
            changed[position] = (changed[position] + 1 + (rng.next() % 9) as u8) % 10;
            assert!(!passes_11_proef(&changed), "{valid:?} → {changed:?}");
            // And the text form is found with a BSN word, never without one as an error.
            let written: String = valid.iter().map(|d| char::from(b'0' + d)).collect();
            let labelled = format!("Het BSN van betrokkene is {written}.");
            assert_eq!(found(&labelled), vec![strong(Kind::Bsn, &written)]);
            let as_kenmerk = format!("Ons kenmerk {written}.");
            assert_eq!(found(&as_kenmerk), vec![]);
            checked += 1;
        }
    }

    #[test]
    fn bsn_context() {
        assert_eq!(
            found("BSN: 1234.56.782"),
            vec![strong(Kind::Bsn, "1234.56.782")]
        );
        assert_eq!(
            found("burgerservicenummer 123 456 782"),
            vec![strong(Kind::Bsn, "123 456 782")]
        );
        assert_eq!(found("een bedrag van 123.456.782 euro"), vec![]);
        assert_eq!(found("zaaknummer 123456782"), vec![]);
        assert_eq!(found("nummer 1234567890"), vec![]);
        assert_eq!(
            found("123456782"),
            vec![(Kind::Bsn, true, "123456782".into())]
        );
        assert_eq!(found("BSN 123456789"), vec![]);
    }

    #[test]
    fn ibans() {
        assert_eq!(
            found("rekening NL91 ABNA 0417 1643 00."),
            vec![strong(Kind::Iban, "NL91 ABNA 0417 1643 00")]
        );
        assert_eq!(
            found("IBAN NL91ABNA0417164300"),
            vec![strong(Kind::Iban, "NL91ABNA0417164300")]
        );
        assert_eq!(found("IBAN NL91ABNA0417164301"), vec![]);
        assert_eq!(
            found("NL91 ABNA 0417 1643 00 t.n.v. Ministerie van Financiën"),
            vec![]
        );
        assert_eq!(
            found("BE68 5390 0754 7034"),
            vec![strong(Kind::Iban, "BE68 5390 0754 7034")]
        );
    }

    #[test]
    fn generated_ibans_validate_and_a_changed_digit_does_not() {
        let mut rng = Lcg(97);
        for _ in 0..500 {
            let account: String = (0..10)
                .map(|_| char::from(b'0' + (rng.next() % 10) as u8))
                .collect();
            let bban = format!("ABNA{account}");
            // Check digits: 98 − (BBAN + "NL00" as digits) mod 97.
            let rearranged = format!("{bban}NL00");
            let mut remainder: u32 = 0;
            for c in rearranged.chars() {
                let value = c.to_digit(36).expect("alphanumeric");
                for d in value.to_string().chars() {
                    remainder = (remainder * 10 + d.to_digit(10).expect("digit")) % 97;
                }
            }
            let iban = format!("NL{:02}{bban}", 98 - remainder);
            assert_eq!(
                found(&format!("IBAN {iban}")),
                vec![strong(Kind::Iban, &iban)],
                "{iban}"
            );
            let mut wrong: Vec<char> = iban.chars().collect();
            let position = 8 + (rng.next() % 10) as usize;
            wrong[position] = char::from(b'0' + ((wrong[position] as u8 - b'0' + 1) % 10));
            let wrong: String = wrong.into_iter().collect();
            assert!(found(&format!("IBAN {wrong}")).is_empty(), "{wrong}");
        }
    }

    #[test]
    fn phones() {
        for mobile in [
            "06-12345678",
            "06 1234 5678",
            "06 12 34 56 78",
            "0612345678",
            "+31 6 12345678",
            "+31 (0)6 1234 5678",
            "0031 6 12345678",
        ] {
            assert_eq!(
                found(&format!("Bel {mobile}.")),
                vec![strong(Kind::Phone, mobile)],
                "{mobile}"
            );
        }
        assert_eq!(
            found("privé 070-1234567"),
            vec![strong(Kind::Phone, "070-1234567")]
        );
        assert_eq!(
            found("070-1234567"),
            vec![(Kind::Phone, true, "070-1234567".into())]
        );
        assert_eq!(found("Informatie Rijksoverheid: 070 123 4567"), vec![]);
        assert_eq!(found("gratis 0800-8051"), vec![]);
        assert_eq!(found("op 01-02-2024 10 uur"), vec![]);
        assert_eq!(found("kenmerk 06123456789"), vec![]);
    }

    #[test]
    fn emails() {
        assert_eq!(
            found("Mail j.devries@minjenv.nl."),
            vec![strong(Kind::Email, "j.devries@minjenv.nl")]
        );
        assert_eq!(found("info@rvo.nl en postbus.woo@minvws.nl"), vec![]);
        assert_eq!(found("woo@minbzk.nl"), vec![]);
        assert_eq!(
            found("pietje123@gmail.com"),
            vec![strong(Kind::Email, "pietje123@gmail.com")]
        );
        assert_eq!(found("een @ teken"), vec![]);
    }

    #[test]
    fn addresses() {
        assert_eq!(
            found("Verzoeker woont aan de Kerkstraat 12a, 1234 AB Utrecht."),
            vec![strong(Kind::Address, "Kerkstraat 12a, 1234 AB")]
        );
        assert_eq!(
            found("Bezoekadres: Turfmarkt 147, 2511 DP Den Haag"),
            vec![]
        );
        assert_eq!(found("Postbus 20301, 2500 EH Den Haag"), vec![]);
        assert_eq!(found("in 2511 DP Den Haag"), vec![]);
        assert_eq!(
            found("Lange Voorhout 9\n2514 EA Den Haag"),
            vec![(Kind::Address, true, "Lange Voorhout 9\n2514 EA".into())]
        );
    }

    #[test]
    fn sidecodes() {
        assert_eq!(sidecode("AB-12-34"), Some(1));
        assert_eq!(sidecode("12-34-AB"), Some(2));
        assert_eq!(sidecode("GB-12-HT"), Some(4));
        assert_eq!(sidecode("GA-12-HT"), None);
        assert_eq!(sidecode("12-KLM-3"), Some(7));
        assert_eq!(sidecode("1-KLM-23"), Some(8));
        assert_eq!(sidecode("XX-999-X"), Some(9));
        assert_eq!(sidecode("G-123-BB"), Some(10));
        assert_eq!(sidecode("GBB-12-H"), Some(11));
        assert_eq!(sidecode("H-12-BBB"), Some(12));
        assert_eq!(sidecode("1-HT-123"), Some(13));
        assert_eq!(sidecode("123-HT-1"), Some(14));
        assert_eq!(sidecode("12-34-56"), None);
        assert_eq!(sidecode("CQ-12-34"), Some(1));
        assert_eq!(sidecode("CB-12-HT"), None);
        assert_eq!(
            found("kenteken 12-KLM-3 gezien"),
            vec![strong(Kind::LicencePlate, "12-KLM-3")]
        );
        assert_eq!(found("IENW/BSK-2022/248639 en COVID-19"), vec![]);
    }

    #[test]
    fn generated_plates_match_their_sidecode_only() {
        let mut rng = Lcg(1951);
        let letters: Vec<char> = PLATE_LETTERS.chars().collect();
        for _ in 0..2_000 {
            let number = 4 + (rng.next() % 11) as usize;
            let (pattern, _) = SIDECODES[number - 1];
            let plate: String = pattern
                .chars()
                .map(|c| match c {
                    'L' => letters[(rng.next() % letters.len() as u64) as usize],
                    'D' => char::from(b'0' + (rng.next() % 10) as u8),
                    other => other,
                })
                .collect();
            assert_eq!(sidecode(&plate), Some(number), "{plate}");
            assert_eq!(
                found(&format!("auto {plate}.")),
                vec![strong(Kind::LicencePlate, &plate)]
            );
            let without_hyphens: String = plate.chars().filter(|c| *c != '-').collect();
            assert!(found(&without_hyphens).is_empty(), "{without_hyphens}");
        }
    }

    #[test]
    fn birth_dates_need_an_anchor() {
        assert_eq!(
            found("geboren op 3 maart 1975"),
            vec![strong(Kind::BirthDate, "3 maart 1975")]
        );
        assert_eq!(
            found("(geb. 03-03-1975)"),
            vec![strong(Kind::BirthDate, "03-03-1975")]
        );
        assert_eq!(
            found("Geboortedatum: 1975-03-03"),
            vec![strong(Kind::BirthDate, "1975-03-03")]
        );
        assert_eq!(found("op 3 maart 1975 besloot"), vec![]);
    }
}
