//! Why a document is not imported, as diagnostics that name the place and
//! the fix in Word.
//!
//! A .docx has no lines, so a place in the body is given as paragraph and
//! character (`nota.docx:12:5` is paragraph 12, character 5, counting every
//! paragraph of the body including those in tables), shown with the text
//! around it so the author can find it with Word's search. Places in notes and
//! comments are named in the message.

use std::collections::HashMap;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Location};
use crate::disclosure::GroundError;

/// Where a refusal is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// Paragraph `number` of the body, at character `column` (0: the
    /// paragraph as a whole).
    Paragraph { number: usize, column: usize },
    /// Footnote or endnote `n` (as numbered for the reader).
    Note(usize),
    /// The document as a whole.
    Document,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefusalKind {
    NotDocx(String),
    Encrypted,
    Broken {
        part: String,
        why: String,
    },
    TrackedChange {
        what: String,
        author: String,
    },
    Hidden(String),
    Highlight(String),
    /// Shaded text (empty for a shaded paragraph), and the style that shades it, if any.
    Shading {
        text: String,
        style: Option<String>,
    },
    ReviewComment {
        author: String,
        text: String,
    },
    BadGround {
        author: String,
        error: GroundError,
    },
    EmptyRedaction {
        author: String,
        text: String,
    },
    /// A ground comment whose range starts inside that of comment `.0`.
    OverlappingComments(String),
    EmbeddedObject(String),
    TextBox,
    /// An image, with its description if it has one.
    Image(String),
    MissingField {
        field: &'static str,
        flag: &'static str,
        hint: &'static str,
    },
    BadDate {
        found: String,
    },
    Exists(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub kind: RefusalKind,
    pub place: Place,
}

impl Refusal {
    pub fn new(kind: RefusalKind, place: Place) -> Self {
        Self { kind, place }
    }

    pub fn whole(kind: RefusalKind) -> Self {
        Self::new(kind, Place::Document)
    }

    /// The diagnostic for `file`; `texts` has the plain text of body
    /// paragraphs by number, to show the place.
    pub fn diagnostic(&self, file: &Path, texts: &HashMap<usize, String>) -> Diagnostic {
        let (code, message, help) = self.describe();
        let message = match &self.place {
            Place::Paragraph { number, .. } => format!("{message} (paragraph {number})"),
            Place::Note(n) => format!("{message} (footnote {n})"),
            Place::Document => message,
        };
        let location = match &self.place {
            Place::Paragraph { number, column } => {
                let text = texts.get(number).map(String::as_str).unwrap_or_default();
                let (shown, column) = window(text, column.saturating_sub(1));
                let width = self
                    .width()
                    .min(shown.chars().count().saturating_sub(column));
                Location::with_line(
                    file,
                    (!shown.is_empty()).then_some(shown.as_str()),
                    *number,
                    column + 1,
                )
                .with_width(width)
            }
            Place::Note(_) | Place::Document => Location::file(file),
        };
        Diagnostic::error(code, message).at(location).help(help)
    }

    /// How many characters of the paragraph the refusal is about.
    fn width(&self) -> usize {
        match &self.kind {
            RefusalKind::Hidden(text)
            | RefusalKind::Highlight(text)
            | RefusalKind::Shading { text, .. } => text.chars().count().max(1),
            _ => 1,
        }
    }

    fn describe(&self) -> (&'static str, String, String) {
        match &self.kind {
            RefusalKind::NotDocx(why) => (
                "import/not-docx",
                format!("this is not a Word document (.docx): {why}"),
                "open it in Word or LibreOffice and save it as \"Word Document (*.docx)\"".into(),
            ),
            RefusalKind::Encrypted => (
                "import/encrypted",
                "this file is encrypted with a password, or is an old Word 97-2003 .doc".into(),
                "remove the password (File → Info → Protect Document → Encrypt with Password, empty it) and save as .docx".into(),
            ),
            RefusalKind::Broken { part, why } => (
                "import/broken",
                format!("the part `{part}` of this document cannot be read: {why}"),
                "open the document in Word, let it repair the file if it offers to, and save it again".into(),
            ),
            RefusalKind::TrackedChange { what, author } => (
                "import/tracked-change",
                match author.as_str() {
                    "" => format!("the document has tracked changes: {what}"),
                    _ => format!("the document has tracked changes: {what} by {author}"),
                },
                "accept or reject all changes first: in Word, Review → Accept → Accept All Changes (or Reject → Reject All Changes), then save".into(),
            ),
            RefusalKind::Hidden(text) => (
                "import/hidden-text",
                format!("hidden text{}", quoted(text)),
                "delete the hidden text, or show it: select it, open Font (Ctrl+D) and clear \"Hidden\"; Show ¶ (Ctrl+Shift+8) shows hidden text dotted".into(),
            ),
            RefusalKind::Highlight(text) => (
                "import/highlight",
                format!("highlighted text{} without a redaction comment", quoted(text)),
                "if it is to be withheld, select exactly that text and add a comment whose whole text is the Woo ground (e.g. 5.1.2e); otherwise remove the highlight (Home → Text Highlight Color → No Color)".into(),
            ),
            RefusalKind::Shading { text, style } => (
                "import/shading",
                match (text.trim().is_empty(), style) {
                    (true, Some(style)) => format!("a paragraph shaded by its style “{style}”, without a redaction comment"),
                    (true, None) => "a shaded paragraph without a redaction comment".to_string(),
                    (false, _) => format!("shaded text{} without a redaction comment", quoted(text)),
                },
                "if it is to be withheld, select exactly that text and add a comment whose whole text is the Woo ground (e.g. 5.1.2e); otherwise remove the shading (Home → Borders → Borders and Shading → Shading: No Color)".into(),
            ),
            RefusalKind::ReviewComment { author, text } => (
                "import/review-comment",
                format!("review comment by {author}{}", quoted(text)),
                "resolve or delete review comments first (Review → Resolve, or Delete → Delete All Comments in Document); only a comment whose whole text is a Woo ground such as 5.1.2e is kept, as a redaction".into(),
            ),
            RefusalKind::BadGround { author, error } => (
                "import/unknown-ground",
                format!("the comment by {author} reads as a redaction, but {error}"),
                error.help(),
            ),
            RefusalKind::EmptyRedaction { author, text } => (
                "import/empty-redaction",
                format!("the redaction comment {text} by {author} covers no text"),
                "delete the comment, select exactly the text to withhold and add the comment again (Review → New Comment)".into(),
            ),
            RefusalKind::OverlappingComments(_) => (
                "import/overlapping-redaction",
                "two redaction comments overlap".into(),
                "use one comment over the whole passage and list every ground in it (e.g. `5.1.2e 5.1.2i`)".into(),
            ),
            RefusalKind::EmbeddedObject(what) => (
                "import/embedded-object",
                format!("{what} cannot be carried over into a note"),
                "delete it, or replace it by text or a table; nota cannot check what an object shows for withheld information".into(),
            ),
            RefusalKind::TextBox => (
                "import/text-box",
                "a text box or frame cannot be carried over into a note".into(),
                "move its text into the body: cut the text, delete the box, paste the text where it belongs".into(),
            ),
            RefusalKind::Image(description) => (
                "import/image",
                format!("an image{} cannot be carried over into a note", quoted(description)),
                "delete it from the document; after import, put the file beside the note and add it as ![description](file.png): nota cannot check what an image shows for withheld information".into(),
            ),
            RefusalKind::MissingField { field, flag, hint } => (
                "import/missing-field",
                format!("the document does not say its {field}"),
                format!("pass {flag}, or {hint}"),
            ),
            RefusalKind::BadDate { found } => (
                "import/bad-date",
                format!("the document's date `{found}` is not a date nota can read"),
                "write it as 13 december 2023, 13-12-2023 or 2023-12-13 in the document, or pass --date YYYY-MM-DD".into(),
            ),
            RefusalKind::Exists(path) => (
                "import/exists",
                format!("{path} already exists; nota import never overwrites a note"),
                "choose another path with --to, or remove the existing note first".into(),
            ),
        }
    }
}

/// ` “text”`, shortened, or nothing for empty text.
fn quoted(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return String::new();
    }
    let short: String = text.chars().take(60).collect();
    let more = if text.chars().count() > 60 { "…" } else { "" };
    format!(" “{short}{more}”")
}

/// At most this many characters of a paragraph are shown.
const WINDOW: usize = 80;

/// The part of `text` shown around character `at`, and `at` within it.
fn window(text: &str, at: usize) -> (String, usize) {
    let chars: Vec<char> = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if chars.len() <= WINDOW {
        let len = chars.len();
        return (chars.into_iter().collect(), at.min(len));
    }
    let at = at.min(chars.len());
    let start = at.saturating_sub(WINDOW / 3).min(chars.len() - WINDOW);
    let end = (start + WINDOW).min(chars.len());
    let mut shown = String::new();
    let mut column = at - start;
    if start > 0 {
        shown.push('…');
        column += 1;
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push('…');
    }
    (shown, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_paragraphs_are_shown_around_the_place() {
        let text = "a".repeat(100) + "X" + &"b".repeat(100);
        let (shown, column) = window(&text, 100);
        assert_eq!(shown.chars().nth(column), Some('X'));
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(window("kort", 2), ("kort".to_string(), 2));
    }
}
