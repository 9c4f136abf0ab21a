//! The text a note publishes, in plain blocks with their source positions.
//!
//! Checks that read prose (the personal-data check) must see exactly what a
//! reader of the page sees: the body after `{lak …}` passages and a redacted
//! section 5 are gone, the footnotes that are rendered, table cells, code, the
//! targets of `mailto:`/`tel:` links, and the front-matter fields that appear
//! on the page (title, summary, topics). The Markdown stage makes this value
//! from its AST (`markdown::published`); the checks read only this plain type,
//! never the AST: one string per note, cut into [`Segment`]s (a paragraph, a
//! heading, a table cell, …), with a map from text offsets back to file lines
//! and columns for diagnostics. It depends on nothing else of nota.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

/// What a note publishes, as plain text in blocks.
#[derive(Debug, Clone, Default)]
pub struct PublishedText {
    /// The note's path relative to the site root, for messages.
    pub path: PathBuf,
    /// The note file as read, for source lines in messages.
    pub source: Arc<String>,
    /// Every segment's text, one after the other (segments never overlap).
    pub text: String,
    pub segments: Vec<Segment>,
    /// How many lines of the file the front matter takes, fences included.
    pub front_matter_lines: usize,
    /// Where stretches of `text` come from, ordered by offset.
    pieces: Vec<Piece>,
    /// Whether the open segment has a line break.
    open_lines: bool,
}

/// One block of published text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Byte range in [`PublishedText::text`].
    pub range: Range<usize>,
    pub place: Place,
    /// Whether the text has line breaks (`\n`) in it.
    pub lines: bool,
}

/// What kind of block a segment is. Lines inside a block (soft and hard
/// breaks, code lines) are separated by `\n` in its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A paragraph of the body, in a list or quote or not.
    Paragraph,
    /// A paragraph of a rendered footnote.
    Footnote,
    Heading,
    /// A table cell; row 0 is the header row.
    Cell {
        table: u32,
        row: u32,
        column: u32,
    },
    /// A code block or raw HTML block (shown as text).
    Code,
    /// The target of a `mailto:` or `tel:` link (the part after the scheme).
    LinkTarget,
    /// A front-matter field shown on the page.
    FrontMatter(&'static str),
}

/// A stretch of `text` that starts at a known place in the file.
#[derive(Debug, Clone, Copy)]
struct Piece {
    offset: usize,
    /// 1-based file line.
    line: usize,
    /// 1-based byte column in that line.
    column: usize,
}

/// Where a stretch of published text is in the note file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSpan {
    /// 1-based file line.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
    /// Characters underlined on that line (at least 1).
    pub width: usize,
}

impl PublishedText {
    /// An empty text of the note at `path` (whose file text is `source`),
    /// with `front_matter_lines` lines of front matter.
    pub fn new(path: PathBuf, source: Arc<String>, front_matter_lines: usize) -> Self {
        Self {
            path,
            source,
            front_matter_lines,
            ..Self::default()
        }
    }

    /// A text of plain paragraphs (blank-line separated) that fill the file
    /// `path` from its first line: for tests of the checks that read it.
    pub fn from_paragraphs(path: &str, body: &str) -> Self {
        let mut out = Self {
            path: PathBuf::from(path),
            source: Arc::new(body.to_string()),
            ..Self::default()
        };
        for (index, line) in body.split('\n').enumerate() {
            if line.trim().is_empty() {
                out.close_segment(Place::Paragraph);
                continue;
            }
            if out.open_len() > 0 {
                out.line_break();
            }
            out.push(line, index + 1, 1);
        }
        out.close_segment(Place::Paragraph);
        out
    }

    /// A segment's text.
    pub fn segment_text(&self, segment: &Segment) -> &str {
        &self.text[segment.range.clone()]
    }

    /// The 1-based file line's text (without its line break), if any.
    pub fn source_line(&self, line: usize) -> Option<&str> {
        self.source
            .split('\n')
            .nth(line.checked_sub(1)?)
            .map(|l| l.trim_end_matches('\r'))
    }

    /// Where `range` of [`Self::text`] is written in the file. The text of a
    /// piece is usually the source itself; where Markdown changed it
    /// (escapes, entities) the value is looked up on the line instead, and
    /// failing that the piece's start is given.
    pub fn position(&self, range: Range<usize>) -> SourceSpan {
        let value = self.text.get(range.clone()).unwrap_or("");
        let first_line_of_value = value.split('\n').next().unwrap_or("");
        let index = self.pieces.partition_point(|p| p.offset <= range.start);
        let Some(piece) = index.checked_sub(1).map(|i| self.pieces[i]) else {
            return SourceSpan {
                line: 1,
                column: 1,
                width: 1,
            };
        };
        let line_text = self.source_line(piece.line).unwrap_or("");
        let expected = piece.column.saturating_sub(1) + (range.start - piece.offset);
        let found = line_text
            .get(expected..)
            .filter(|rest| !first_line_of_value.is_empty() && rest.starts_with(first_line_of_value))
            .map(|_| expected)
            .or_else(|| {
                let from = floor_boundary(line_text, piece.column.saturating_sub(1));
                line_text[from..]
                    .find(first_line_of_value)
                    .map(|i| from + i)
                    .filter(|_| !first_line_of_value.is_empty())
            });
        match found {
            Some(byte) => SourceSpan {
                line: piece.line,
                column: line_text[..byte].chars().count() + 1,
                width: first_line_of_value.chars().count().max(1),
            },
            None => SourceSpan {
                line: piece.line,
                column: line_text[..floor_boundary(line_text, piece.column.saturating_sub(1))]
                    .chars()
                    .count()
                    + 1,
                width: 1,
            },
        }
    }

    pub(crate) fn open_start(&self) -> usize {
        self.segments.last().map_or(0, |s| s.range.end)
    }

    pub(crate) fn open_len(&self) -> usize {
        self.text.len() - self.open_start()
    }

    /// Appends text that starts at file `line` and byte `column`.
    pub(crate) fn push(&mut self, text: &str, line: usize, column: usize) {
        if text.is_empty() {
            return;
        }
        self.pieces.push(Piece {
            offset: self.text.len(),
            line,
            column,
        });
        self.text.push_str(text);
    }

    /// Ends a line of the open segment.
    pub(crate) fn line_break(&mut self) {
        self.text.push('\n');
        self.open_lines = true;
    }

    /// Ends the open segment (if it has any text) as a block of `place`.
    pub(crate) fn close_segment(&mut self, place: Place) {
        let start = self.open_start();
        if self.text.len() > start {
            self.segments.push(Segment {
                range: start..self.text.len(),
                place,
                lines: self.open_lines,
            });
        }
        self.open_lines = false;
    }
}

/// The largest char boundary at or before `index`.
fn floor_boundary(text: &str, mut index: usize) -> usize {
    index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}
