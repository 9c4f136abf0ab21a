//! The text a note publishes, in plain blocks with their source positions.
//!
//! Checks that read prose (the personal-data check) must see exactly what a
//! reader of the page sees: the body after `{lak …}` passages and a redacted
//! section 5 are gone, the footnotes that are rendered, table cells, code, the
//! targets of `mailto:`/`tel:` links, and the front-matter fields that appear
//! on the page (title, summary, topics). They must not see the comrak AST, so
//! this module copies that text out into a [`PublishedText`]: one string per
//! note, cut into [`Segment`]s (a paragraph, a heading, a table cell, …), with
//! a map from text offsets back to file lines and columns for diagnostics.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use comrak::nodes::{AstNode, NodeValue};

use crate::front_matter::Document;

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
}

/// One block of published text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Byte range in [`PublishedText::text`].
    pub range: Range<usize>,
    pub place: Place,
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
    /// A text of plain paragraphs (blank-line separated) that stand at the
    /// start of `path`'s body, for tests of the checks that read it.
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
                out.text.push('\n');
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

    /// Number of words in the published text (runs of letters or digits).
    pub fn word_count(&self) -> usize {
        let mut words = 0;
        let mut in_word = false;
        for c in self.text.chars() {
            let word_char = c.is_alphanumeric();
            if word_char && !in_word {
                words += 1;
            }
            in_word = word_char;
        }
        words
    }

    fn open_start(&self) -> usize {
        self.segments.last().map_or(0, |s| s.range.end)
    }

    fn open_len(&self) -> usize {
        self.text.len() - self.open_start()
    }

    /// Appends text that starts at file `line` and byte `column`.
    fn push(&mut self, text: &str, line: usize, column: usize) {
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

    /// Ends the open segment (if it has any text) as a block of `place`.
    fn close_segment(&mut self, place: Place) {
        let start = self.open_start();
        if self.text.len() > start {
            self.segments.push(Segment {
                range: start..self.text.len(),
                place,
            });
        }
    }
}

fn floor_boundary(text: &str, mut index: usize) -> usize {
    index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// Copies the published text out of a redacted body and its rendered
/// footnotes, and adds the front-matter fields the page shows.
pub(super) fn collect<'a>(
    doc: &Document,
    body: &'a AstNode<'a>,
    footnotes: &[&'a AstNode<'a>],
) -> PublishedText {
    let mut out = Builder {
        text: PublishedText {
            path: doc.source.path.clone(),
            source: Arc::clone(&doc.source.text),
            text: String::with_capacity(doc.body.len()),
            front_matter_lines: doc.body_line_offset,
            ..PublishedText::default()
        },
        line_offset: doc.body_line_offset,
        tables: 0,
        links: Vec::new(),
    };
    front_matter_fields(doc, &mut out.text);
    out.blocks(body, Place::Paragraph);
    for footnote in footnotes {
        out.blocks(footnote, Place::Footnote);
    }
    out.text
}

/// The front-matter fields a page shows as text.
fn front_matter_fields(doc: &Document, out: &mut PublishedText) {
    let mut field = |key: &'static str, value: &str| {
        let line = doc.key_lines.get(key).copied().unwrap_or(1);
        let column = out
            .source_line(line)
            .and_then(|l| l.find(value.split('\n').next().unwrap_or(value)))
            .map_or(1, |byte| byte + 1);
        out.push(value, line, column);
        out.close_segment(Place::FrontMatter(key));
    };
    field("title", &doc.meta.title);
    if let Some(summary) = &doc.meta.summary {
        field("summary", summary);
    }
    for topic in &doc.meta.topics {
        field("topics", topic);
    }
}

struct Builder {
    text: PublishedText,
    /// Add to a body line to get the file line.
    line_offset: usize,
    tables: u32,
    /// `mailto:`/`tel:` targets of the open block, added after it.
    links: Vec<(String, usize, usize)>,
}

impl Builder {
    /// The blocks under `node`, each as its own segment.
    fn blocks<'a>(&mut self, node: &'a AstNode<'a>, place: Place) {
        for child in node.children() {
            let value = &child.data().value;
            match value {
                NodeValue::Paragraph => {
                    self.inlines(child);
                    self.close(place);
                }
                NodeValue::Heading(_) => {
                    self.inlines(child);
                    self.close(Place::Heading);
                }
                NodeValue::Table(_) => self.table(child),
                NodeValue::CodeBlock(code) => {
                    let start = child.data().sourcepos.start;
                    let literal = code.literal.clone();
                    // A fenced block's text starts on the line after the fence.
                    let first = start.line + usize::from(code.fenced);
                    self.lines(&literal, first, start.column);
                    self.close(Place::Code);
                }
                NodeValue::HtmlBlock(html) => {
                    let start = child.data().sourcepos.start;
                    let literal = html.literal.clone();
                    self.lines(&literal, start.line, start.column);
                    self.close(Place::Code);
                }
                _ => self.blocks(child, place),
            }
        }
    }

    /// Multi-line literal text starting at body `line`.
    fn lines(&mut self, literal: &str, line: usize, column: usize) {
        for (index, text) in literal.trim_end_matches('\n').split('\n').enumerate() {
            if index > 0 {
                self.text.text.push('\n');
            }
            let column = if index == 0 { column } else { 1 };
            self.text
                .push(text, line + index + self.line_offset, column);
        }
    }

    fn table<'a>(&mut self, table: &'a AstNode<'a>) {
        let number = self.tables;
        self.tables += 1;
        for (row, row_node) in table.children().enumerate() {
            for (column, cell) in row_node.children().enumerate() {
                self.inlines(cell);
                self.close(Place::Cell {
                    table: number,
                    row: u32::try_from(row).unwrap_or(u32::MAX),
                    column: u32::try_from(column).unwrap_or(u32::MAX),
                });
            }
        }
    }

    /// The text of a block's inline content.
    fn inlines<'a>(&mut self, node: &'a AstNode<'a>) {
        for child in node.children() {
            let data = child.data();
            let start = data.sourcepos.start;
            let (line, column) = (start.line + self.line_offset, start.column);
            match &data.value {
                NodeValue::Text(text) => self.text.push(text, line, column),
                NodeValue::Code(code) => self.text.push(&code.literal, line, column + 1),
                NodeValue::HtmlInline(html) => self.text.push(html, line, column),
                NodeValue::SoftBreak | NodeValue::LineBreak => self.text.text.push('\n'),
                NodeValue::Link(link) => {
                    let target = ["mailto:", "tel:"]
                        .iter()
                        .find_map(|scheme| strip_prefix_ignore_case(&link.url, scheme));
                    if let Some(target) = target {
                        self.links.push((target.to_string(), line, column));
                    }
                    self.inlines(child);
                }
                NodeValue::Image(_)
                | NodeValue::Emph
                | NodeValue::Strong
                | NodeValue::Strikethrough
                | NodeValue::TableCell => {
                    self.inlines(child);
                }
                // The marks of withheld text, footnote numbers.
                _ => {}
            }
        }
    }

    /// Ends the open block; a link target whose text is not already the
    /// link's text (an autolink) becomes a segment of its own.
    fn close(&mut self, place: Place) {
        let block_start = self.text.open_start();
        self.text.close_segment(place);
        let links = std::mem::take(&mut self.links);
        for (target, line, column) in links {
            let shown = self.text.text[block_start..].contains(target.as_str());
            if !shown {
                self.text.push(&target, line, column);
                self.text.close_segment(Place::LinkTarget);
            }
        }
    }
}

fn strip_prefix_ignore_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}
