//! Dates that cannot be right yet.
//!
//! A note's `date` is the day it was signed. A date after today is almost
//! always a typo (2052 for 2025) or a template left as it was; published, it
//! sorts the note above everything else for years. It is a warning, not an
//! error: a team may prepare a note for a known date.

use jiff::civil::Date;

use crate::diagnostic::Diagnostic;
use crate::front_matter::Document;

/// A warning for every note dated after `today`.
pub fn future_dates(documents: &[Document], today: Date) -> Vec<Diagnostic> {
    documents
        .iter()
        .filter(|doc| doc.meta.date > today)
        .map(|doc| {
            Diagnostic::warning(
                "front-matter/future-date",
                format!(
                    "the date {} is in the future (today is {today})",
                    doc.meta.date
                ),
            )
            .at(doc.key_location("date"))
            .help("write the date the note was signed; if it is meant for a later day, mark it `draft: true` until then")
        })
        .collect()
}
