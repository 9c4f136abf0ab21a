//! Personal data a note would publish without anyone having marked it.
//!
//! The second line behind `{lak …}` and section 5: ministries redact personal
//! data by hand, on the final PDF, and what slips through is published. This
//! check reads the text a note would publish (the Markdown stage's
//! [`PublishedText`]: body, footnotes, tables, code, front-matter fields,
//! after redaction) and reports
//!
//! - identifiers that can be validated or recognised by their form: BSN
//!   (11-proef, with a BSN word or in a text about a person), IBAN (mod 97),
//!   Dutch phone numbers (mobile always, landlines next to a person),
//!   personal e-mail addresses (not functional mailboxes), a postcode with a
//!   house number in a text about a person, licence plates (sidecodes), a
//!   date next to a birth anchor — as errors;
//! - names in strong contexts (a form of address or title, initials, a
//!   contact or signature block, next to a personal phone number or e-mail
//!   address) and their other occurrences in the note — as errors;
//! - guesses (a common given name before a capitalised word, an unlabelled
//!   landline or 11-proef number, an address without context) — as warnings.
//!
//! Names of people who appear in public by their function (ministers,
//! members of parliament, mayors, …) are recognised by their context and by
//! the `[personal_data] public` list of `nota.toml` (`config::personal_data`);
//! see `public`.
//!
//! A finding is resolved by withholding it with `{lak …}` (5.1.1e for a BSN,
//! an absolute ground; 5.1.2e for the rest) or by accepting it in the note's
//! front matter with its exact text, kind and a reason. Findings never print
//! the value itself: messages and the source line they show are masked.
//!
//! The check is a plain function of its input: it knows nothing of `serve`,
//! the cache or the files it came from.

mod identifiers;
mod mask;
mod names;
mod public;
mod report;
mod text;
mod triggers;
mod words;

use std::ops::Range;

use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

use crate::config::personal_data::Settings;
use crate::diagnostic::Diagnostic;
use crate::front_matter::AcceptEntry;
use crate::published_text::{Place, PublishedText};

pub use identifiers::{passes_11_proef, sidecode};
pub use mask::mask;
pub use report::{Listed, State, overview_text};

/// What kind of personal data a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Bsn,
    Iban,
    Phone,
    Email,
    Address,
    LicencePlate,
    BirthDate,
    Name,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Bsn,
        Kind::Iban,
        Kind::Phone,
        Kind::Email,
        Kind::Address,
        Kind::LicencePlate,
        Kind::BirthDate,
        Kind::Name,
    ];

    /// The name used in `kind:` of an accept entry and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Bsn => "bsn",
            Kind::Iban => "iban",
            Kind::Phone => "phone",
            Kind::Email => "email",
            Kind::Address => "address",
            Kind::LicencePlate => "licence-plate",
            Kind::BirthDate => "birth-date",
            Kind::Name => "name",
        }
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name.trim())
    }

    /// The diagnostic code of a finding (errors) or a guess (warnings).
    fn code(self, weak: bool) -> &'static str {
        match (self, weak) {
            (Kind::Bsn, false) => "personal-data/bsn",
            (Kind::Bsn, true) => "personal-data/possible-bsn",
            (Kind::Iban, _) => "personal-data/iban",
            (Kind::Phone, false) => "personal-data/phone",
            (Kind::Phone, true) => "personal-data/possible-phone",
            (Kind::Email, _) => "personal-data/email",
            (Kind::Address, false) => "personal-data/address",
            (Kind::Address, true) => "personal-data/possible-address",
            (Kind::LicencePlate, _) => "personal-data/licence-plate",
            (Kind::BirthDate, _) => "personal-data/birth-date",
            (Kind::Name, false) => "personal-data/name",
            (Kind::Name, true) => "personal-data/possible-name",
        }
    }

    /// The Woo ground to withhold it under: identification numbers such as
    /// the BSN fall under the absolute ground of art. 5.1 lid 1 onder e,
    /// everything else under the privacy ground of art. 5.1 lid 2 onder e.
    pub fn ground(self) -> &'static str {
        match self {
            Kind::Bsn => "5.1.1e",
            _ => "5.1.2e",
        }
    }

    /// How a message names it.
    fn describe(self) -> &'static str {
        match self {
            Kind::Bsn => "a BSN (burgerservicenummer)",
            Kind::Iban => "a bank account number (IBAN)",
            Kind::Phone => "a phone number",
            Kind::Email => "a personal e-mail address",
            Kind::Address => "a home address",
            Kind::LicencePlate => "a licence plate",
            Kind::BirthDate => "a date of birth",
            Kind::Name => "a person's name",
        }
    }
}

/// Something that looks like personal data, before accept entries and the
/// public list are applied. `range` is in [`PublishedText::text`].
#[derive(Debug, Clone, PartialEq, Eq)]
struct Candidate {
    kind: Kind,
    /// A guess: reported as a warning.
    weak: bool,
    range: Range<usize>,
    /// Why it was taken for personal data, for the message.
    why: String,
    /// Why it may be published after all (a public person, the public list
    /// of `nota.toml`): listed by `nota check`, never reported.
    public: Option<String>,
}

/// One segment of published text with the context the detectors read.
#[derive(Debug, Clone)]
struct Block<'t> {
    text: &'t str,
    /// Offset of `text` in [`PublishedText::text`].
    base: usize,
    place: Place,
    /// Lower-cased labels of a table cell: its column's header and its
    /// row's first cell.
    labels: String,
    /// Part of a contact or signature block: every line may start with a name.
    contact: bool,
    /// Blocks that speak of the same person share a group: the cells of a
    /// table row; every other block is a group of its own.
    group: usize,
    /// Where titles, given names, initials and codes in capitals are.
    triggers: triggers::Triggers,
    /// Whether the text has line breaks.
    lines: bool,
}

#[cfg(test)]
impl<'t> Block<'t> {
    /// A paragraph of `text` alone, for the detectors' unit tests.
    fn paragraph(text: &'t str) -> Self {
        Block {
            text,
            base: 0,
            place: Place::Paragraph,
            labels: String::new(),
            contact: false,
            group: 0,
            lines: text.contains('\n'),
            triggers: triggers::scan(text),
        }
    }
}

/// A small seeded generator for the generated tests.
#[cfg(test)]
struct Lcg(u64);

#[cfg(test)]
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

/// What the check found in one note.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub diagnostics: Vec<Diagnostic>,
    /// Every finding, accepted ones included, in the note's order.
    pub listed: Vec<Listed>,
}

/// Checks one note's published text. `accepted` are the note's
/// `personal_data.accept` entries.
pub fn check(text: &PublishedText, accepted: &[AcceptEntry], settings: &Settings) -> Outcome {
    let blocks = blocks(text);
    let mut identifiers = Vec::new();
    for block in &blocks {
        identifiers::scan(block, &mut identifiers);
    }
    let mut names = Vec::new();
    names::scan(&blocks, &identifiers, settings, &mut names);
    next_to_names(&mut identifiers, &names, &blocks);
    let mut found = identifiers;
    for candidate in &mut found {
        if settings.is_public_value(&text.text[candidate.range.clone()]) {
            candidate.public = Some("listed as public in nota.toml".to_string());
        }
    }
    found.extend(names);
    let found = without_overlaps(found);
    report::resolve(text, found, accepted)
}

/// A guessed identifier in a block (or table row) that names a person is
/// that person's.
fn next_to_names(identifiers: &mut [Candidate], names: &[Candidate], blocks: &[Block<'_>]) {
    let group_of = |offset: usize| {
        let index = blocks.partition_point(|b| b.base + b.text.len() <= offset);
        blocks.get(index).map(|b| b.group)
    };
    let named: Vec<usize> = names
        .iter()
        .filter(|n| !n.weak && n.public.is_none())
        .filter_map(|n| group_of(n.range.start))
        .collect();
    for candidate in identifiers
        .iter_mut()
        .filter(|c| c.weak && c.public.is_none())
    {
        if group_of(candidate.range.start).is_some_and(|g| named.contains(&g)) {
            candidate.weak = false;
            candidate.why.push_str(", next to a person's name");
        }
    }
}

/// One finding per stretch of text: an identifier before a name, a strong
/// finding before a guess, a longer one before a shorter.
fn without_overlaps(mut found: Vec<Candidate>) -> Vec<Candidate> {
    found.sort_by_key(|c| {
        (
            c.kind == Kind::Name,
            c.public.is_some(),
            c.weak,
            std::cmp::Reverse(c.range.len()),
            c.range.start,
        )
    });
    let mut kept: Vec<Candidate> = Vec::with_capacity(found.len());
    for candidate in found {
        let overlaps = kept
            .iter()
            .any(|k| k.range.start < candidate.range.end && candidate.range.start < k.range.end);
        if !overlaps {
            kept.push(candidate);
        }
    }
    kept.sort_by_key(|c| c.range.start);
    kept
}

/// The segments with their table labels and contact-block flags.
fn blocks(text: &PublishedText) -> Vec<Block<'_>> {
    let mut headers: HashMap<(u32, u32), &str> = HashMap::default();
    let mut columns: HashMap<u32, u32> = HashMap::default();
    let mut row_labels: HashMap<(u32, u32), &str> = HashMap::default();
    // Lower-cased once per header and row label, not once per cell.
    let mut lower: HashMap<&str, String> = HashMap::default();
    for segment in &text.segments {
        if let Place::Cell { table, row, column } = segment.place {
            let cell = text.segment_text(segment);
            if row == 0 {
                headers.insert((table, column), cell);
            }
            let count = columns.entry(table).or_insert(0);
            *count = (*count).max(column + 1);
            if column == 0 {
                row_labels.insert((table, row), cell);
            }
            if row == 0 || column == 0 {
                lower.entry(cell).or_insert_with(|| cell.to_lowercase());
            }
        }
    }
    let mut out = Vec::with_capacity(text.segments.len());
    let mut row_groups: HashMap<(u32, u32), usize> = HashMap::default();
    let mut contact_section = false;
    let mut contact_lines = 0u8;
    for (index, segment) in text.segments.iter().enumerate() {
        let block_text = text.segment_text(segment);
        let mut labels = String::new();
        let mut contact = false;
        match segment.place {
            Place::Heading => {
                contact_section = names::is_contact_label(block_text);
                contact_lines = 0;
            }
            Place::Cell { table, row, column } => {
                let header = headers.get(&(table, column)).copied().unwrap_or("");
                let row_label = row_labels.get(&(table, row)).copied().unwrap_or("");
                if row > 0 {
                    labels.push_str(lower.get(header).map_or("", String::as_str));
                }
                if column > 0 {
                    labels.push(' ');
                    labels.push_str(lower.get(row_label).map_or("", String::as_str));
                }
                contact = row > 0 && column_of_people(&headers, table, header)
                    || column > 0 && names::is_contact_label(row_label)
                    || column > 0 && row_label.trim().eq_ignore_ascii_case("naam");
            }
            Place::Paragraph | Place::Footnote => {
                contact = contact_section || contact_lines > 0;
                if names::is_contact_label(block_text) {
                    // A signature runs on for a few short blocks (`de
                    // directeur Wetgeving,`, then the name).
                    contact_lines = 3;
                } else if contact_lines > 0 && is_short(block_text) {
                    contact_lines -= 1;
                } else {
                    contact_lines = 0;
                }
            }
            Place::Code | Place::LinkTarget | Place::FrontMatter(_) => {}
        }
        let group = match segment.place {
            // A table of two columns lists the facts of one subject.
            Place::Cell { table, .. } if columns.get(&table) == Some(&2) => {
                *row_groups.entry((table, u32::MAX)).or_insert(index)
            }
            Place::Cell { table, row, .. } => *row_groups.entry((table, row)).or_insert(index),
            _ => index,
        };
        out.push(Block {
            lines: segment.lines,
            group,
            triggers: triggers::scan(block_text),
            text: block_text,
            base: segment.range.start,
            place: segment.place,
            labels,
            contact,
        });
    }
    out
}

/// Whether every line of a block is short, as in a signature.
fn is_short(text: &str) -> bool {
    text.lines()
        .all(|line| line.split_whitespace().count() <= 6)
}

/// Whether a table column headed `header` lists people: a contact header
/// of its own, or `Naam` in a table that also has columns such as
/// `Functie`, `Telefoon` or `E-mail` (a `Naam` column of attachments does
/// not count).
fn column_of_people(headers: &HashMap<(u32, u32), &str>, table: u32, header: &str) -> bool {
    let lower = header.trim().to_lowercase();
    if words::NAME_COLUMNS.contains(&lower.as_str()) {
        return true;
    }
    lower == "naam"
        && headers.iter().any(|(&(t, _), other)| {
            t == table
                && words::PERSON_TABLE_HEADERS.contains(&other.trim().to_lowercase().as_str())
        })
}

#[cfg(test)]
mod tests;
