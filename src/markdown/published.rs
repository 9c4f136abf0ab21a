//! Copying the published text out of the redacted AST: the producer of
//! [`PublishedText`](crate::published_text::PublishedText), kept here because
//! only this module may see comrak's AST.

use std::sync::Arc;

use comrak::nodes::{AstNode, NodeValue};

use crate::front_matter::Document;
use crate::published_text::{Place, PublishedText};

/// The front-matter texts a page shows, with their `{lak …}` passages
/// already replaced by their codes.
pub(super) struct Fields<'f> {
    pub(super) title: &'f str,
    pub(super) summary: Option<&'f str>,
}

/// Copies the published text out of a redacted body and its rendered
/// footnotes, and adds the front-matter fields the page shows.
pub(super) fn collect<'a>(
    doc: &Document,
    fields: Fields<'_>,
    body: &'a AstNode<'a>,
    footnotes: &[&'a AstNode<'a>],
) -> PublishedText {
    let mut text = PublishedText::new(
        doc.source.path.clone(),
        Arc::clone(&doc.source.text),
        doc.body_line_offset,
    );
    text.text.reserve(doc.body.len());
    let mut out = Builder {
        text,
        line_offset: doc.body_line_offset,
        tables: 0,
        links: Vec::new(),
    };
    front_matter_fields(doc, &fields, &mut out.text);
    out.blocks(body, Place::Paragraph);
    for footnote in footnotes {
        out.blocks(footnote, Place::Footnote);
    }
    out.text
}

/// The front-matter fields a page shows as text: the title and summary as
/// redacted, the topics as written.
fn front_matter_fields(doc: &Document, fields: &Fields<'_>, out: &mut PublishedText) {
    let mut field = |key: &'static str, value: &str| {
        let line = doc.key_lines.get(key).copied().unwrap_or(1);
        let column = out
            .source_line(line)
            .and_then(|l| l.find(value.split('\n').next().unwrap_or(value)))
            .map_or(1, |byte| byte + 1);
        out.push(value, line, column);
        out.close_segment(Place::FrontMatter(key));
    };
    field("title", fields.title);
    if let Some(summary) = fields.summary {
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
                self.text.line_break();
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
                NodeValue::SoftBreak | NodeValue::LineBreak => self.text.line_break(),
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
