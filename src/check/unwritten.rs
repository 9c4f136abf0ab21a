//! A note that still holds its `nota new` skeleton.
//!
//! `nota new` writes a draft, but a draft flag is one line away from going
//! live: a note published with empty sections or a placeholder sentence is an
//! embarrassment nobody notices in a list of green builds. One warning per
//! note names every unwritten part, so the author sees the whole list at once.

use crate::diagnostic::Diagnostic;
use crate::markdown::Unwritten;
use crate::page::Page;

/// At most one warning: every empty section and placeholder of the note.
pub fn check(page: &Page) -> Option<Diagnostic> {
    let parts = &page.facts.unwritten;
    let first = parts.first()?;
    let mut empty = Vec::new();
    let mut placeholders = Vec::new();
    for part in parts {
        match part {
            Unwritten::EmptySection { title, location } => {
                empty.push(format!("`{title}` (line {})", location.line));
            }
            Unwritten::Placeholder { location } => {
                placeholders.push(format!("line {}", location.line));
            }
        }
    }
    let mut what = Vec::new();
    if !empty.is_empty() {
        let noun = if empty.len() == 1 {
            "an empty section"
        } else {
            "empty sections"
        };
        what.push(format!("{noun}: {}", empty.join(", ")));
    }
    if !placeholders.is_empty() {
        what.push(format!(
            "placeholder text of `nota new` on {}",
            placeholders.join(", ")
        ));
    }
    let location = match first {
        Unwritten::EmptySection { location, .. } | Unwritten::Placeholder { location } => location,
    };
    Some(
        Diagnostic::warning(
            "content/unwritten",
            format!("this note is not written yet: {}", what.join("; ")),
        )
        .at(location.clone())
        .help("write these parts or remove them; until the note is ready, keep `draft: true` in its front matter so that `nota build` leaves it out"),
    )
}
