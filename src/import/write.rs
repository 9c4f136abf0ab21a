//! Writing the walked document as a nota note: front matter and Markdown.
//!
//! The Markdown is written for nota's own parser (CommonMark with GFM tables,
//! footnotes and strikethrough, raw HTML shown as text): text is escaped
//! wherever Markdown would read it as syntax, so that what Word showed is what
//! the page shows. A ground comment becomes `{lak …}…{/lak}` around exactly
//! its range; when the range covers whole blocks (paragraphs, a table, a
//! list) the markers stand on lines of their own around them.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use super::numbering::Marker;
use super::walk::{Block, Emphasis, Inline, NoteKey, Paragraph, Role, Table};
use crate::disclosure::Ground;
use crate::new_note::yaml_string;

/// The front matter of the imported note.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    pub title: String,
    pub date: String,
    pub kind: Option<String>,
    pub organisation: Option<String>,
    pub kenmerk: Option<String>,
    pub topics: Vec<String>,
}

/// Everything the writer needs.
pub struct Note<'a> {
    pub front: &'a FrontMatter,
    pub blocks: &'a [Block],
    /// Note bodies in the order of their numbers (1, 2, …).
    pub notes: &'a [Vec<Block>],
    pub note_numbers: &'a HashMap<NoteKey, usize>,
    /// Ground comment id → its grounds.
    pub grounds: &'a HashMap<String, Vec<Ground>>,
}

pub fn note(note: &Note<'_>) -> String {
    let mut out = front_matter(note.front);
    out.push('\n');
    let mut writer = Writer {
        note,
        out: String::new(),
        lists: Vec::new(),
        top_list: None,
        last: Last::Nothing,
    };
    writer.body();
    out.push_str(writer.out.trim_end());
    out.push('\n');
    if !note.notes.is_empty() {
        out.push('\n');
        for (i, blocks) in note.notes.iter().enumerate() {
            out.push_str(&writer.footnote(i + 1, blocks));
            out.push('\n');
        }
    }
    out
}

fn front_matter(front: &FrontMatter) -> String {
    let mut out = String::from("---\n");
    let _ = writeln!(out, "title: {}", yaml_string(&front.title));
    let _ = writeln!(out, "date: {}", front.date);
    if let Some(kind) = &front.kind {
        let _ = writeln!(out, "type: {}", yaml_string(kind));
    }
    if let Some(organisation) = &front.organisation {
        let _ = writeln!(out, "organisation: {}", yaml_string(organisation));
    }
    if let Some(kenmerk) = &front.kenmerk {
        let _ = writeln!(out, "kenmerk: {}", yaml_string(kenmerk));
    }
    if !front.topics.is_empty() {
        let topics: Vec<String> = front.topics.iter().map(|t| yaml_string(t)).collect();
        let _ = writeln!(out, "topics: [{}]", topics.join(", "));
    }
    out.push_str("---\n");
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Last {
    Nothing,
    Block,
    ListItem,
}

/// One open list level: Word's level and the width of its marker.
struct ListLevel {
    level: u8,
    indent: usize,
}

struct Writer<'a, 'n> {
    note: &'a Note<'n>,
    out: String,
    lists: Vec<ListLevel>,
    /// The kind of marker of the outermost list being written.
    top_list: Option<std::mem::Discriminant<Marker>>,
    last: Last,
}

impl Writer<'_, '_> {
    fn body(&mut self) {
        let blocks = self.note.blocks;
        let (before, after, block_form) = block_ranges(blocks, self.note.grounds);
        for (i, block) in blocks.iter().enumerate() {
            for id in before.get(&i).into_iter().flatten() {
                let marker = format!("{{lak {}}}", self.codes(id));
                self.standalone(&marker);
            }
            match block {
                Block::Paragraph(p) => self.paragraph(p, &block_form),
                Block::Table(t) => {
                    let text = self.table(t, &block_form);
                    self.standalone(&text);
                }
            }
            for _ in after.get(&i).into_iter().flatten() {
                self.standalone("{/lak}");
            }
        }
    }

    fn codes(&self, id: &str) -> String {
        self.note
            .grounds
            .get(id)
            .map(|g| g.iter().map(|g| g.code()).collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
    }

    /// A block that is not a list item.
    fn standalone(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if self.last != Last::Nothing {
            self.out.push_str("\n\n");
        }
        self.out.push_str(text);
        self.lists.clear();
        self.last = Last::Block;
    }

    fn paragraph(&mut self, p: &Paragraph, block_form: &HashSet<String>) {
        match &p.role {
            Role::Heading { level, number } => {
                let text = self.inlines(&p.inlines, Context::heading(block_form));
                let title = [number.as_deref().unwrap_or(""), text.trim()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                if title.trim().is_empty() {
                    return;
                }
                let hashes = "#".repeat(usize::from((*level + 1).min(6)));
                self.standalone(&format!("{hashes} {title}"));
            }
            Role::ListItem { level, marker } => self.list_item(p, *level, marker, block_form),
            Role::Body | Role::Title | Role::Date => {
                let text = self.inlines(&p.inlines, Context::block(block_form, 0));
                self.standalone(text.trim());
            }
        }
    }

    fn list_item(
        &mut self,
        p: &Paragraph,
        level: u8,
        marker: &Marker,
        block_form: &HashSet<String>,
    ) {
        if self.last != Last::ListItem {
            self.lists.clear();
        }
        while self.lists.last().is_some_and(|l| l.level >= level) {
            self.lists.pop();
        }
        let indent: usize = self.lists.iter().map(|l| l.indent).sum();
        let (mark, label) = match marker {
            Marker::Bullet => ("-".to_string(), String::new()),
            Marker::Number(n, delim) => (format!("{n}{delim}"), String::new()),
            Marker::Label(label) => ("-".to_string(), format!("{} ", escape(label, true))),
        };
        let content_indent = indent + mark.chars().count() + 1;
        let text = self.inlines(&p.inlines, Context::block(block_form, content_indent));
        let text = text.trim();
        if text.is_empty() && label.is_empty() {
            return;
        }
        let kind = std::mem::discriminant(marker);
        let new_list = self.lists.is_empty() && self.top_list.is_some_and(|k| k != kind);
        match self.last {
            Last::Nothing => {}
            Last::Block => self.out.push_str("\n\n"),
            Last::ListItem if new_list => self.out.push_str("\n\n"),
            Last::ListItem => self.out.push('\n'),
        }
        if self.lists.is_empty() {
            self.top_list = Some(kind);
        }
        let _ = write!(self.out, "{}{mark} {label}{text}", " ".repeat(indent));
        self.lists.push(ListLevel {
            level,
            indent: mark.chars().count() + 1,
        });
        self.last = Last::ListItem;
    }

    fn table(&self, table: &Table, block_form: &HashSet<String>) -> String {
        let columns = table.rows.iter().map(Vec::len).max().unwrap_or(0);
        if columns == 0 {
            return String::new();
        }
        let mut out = String::new();
        for (r, row) in table.rows.iter().enumerate() {
            out.push('|');
            for c in 0..columns {
                let text = row
                    .get(c)
                    .map(|cell| self.cell(&cell.blocks, block_form))
                    .unwrap_or_default();
                let _ = write!(
                    out,
                    " {} |",
                    if text.is_empty() { " " } else { &text }.trim_end()
                );
            }
            out.push('\n');
            if r == 0 {
                out.push('|');
                out.push_str(&" --- |".repeat(columns));
                out.push('\n');
            }
        }
        out.trim_end().to_string()
    }

    fn cell(&self, blocks: &[Block], block_form: &HashSet<String>) -> String {
        let mut parts = Vec::new();
        for block in blocks {
            match block {
                Block::Paragraph(p) => {
                    let mut text = self.inlines(&p.inlines, Context::cell(block_form));
                    if let Role::ListItem { marker, .. } = &p.role {
                        text = format!("{} {}", marker_text(marker), text.trim());
                    }
                    parts.push(text.trim().to_string());
                }
                Block::Table(inner) => {
                    for row in &inner.rows {
                        for cell in row {
                            parts.push(self.cell(&cell.blocks, block_form));
                        }
                    }
                }
            }
        }
        parts.retain(|p| !p.is_empty());
        parts.join(" ")
    }

    fn footnote(&self, number: usize, blocks: &[Block]) -> String {
        let none = HashSet::new();
        let mut paragraphs = Vec::new();
        for block in blocks {
            match block {
                Block::Paragraph(p) => {
                    let mut text = self.inlines(&p.inlines, Context::block(&none, 4));
                    if let Role::ListItem { marker, .. } = &p.role {
                        text = format!("{} {}", marker_text(marker), text.trim());
                    }
                    let text = text.trim().to_string();
                    if !text.is_empty() {
                        paragraphs.push(text);
                    }
                }
                Block::Table(t) => paragraphs.push(self.cell(&[Block::Table(t.clone())], &none)),
            }
        }
        let mut out = format!("[^{number}]:");
        for (i, text) in paragraphs.iter().enumerate() {
            if i == 0 {
                out.push(' ');
            } else {
                out.push_str("\n\n    ");
            }
            out.push_str(text);
        }
        out
    }

    /// Inline content as Markdown.
    fn inlines(&self, inlines: &[Inline], ctx: Context<'_>) -> String {
        let mut out = String::new();
        let mut pending: Vec<(&str, Emphasis)> = Vec::new();
        let mut line_start = ctx.line_start;
        let mut links: Vec<&str> = Vec::new();
        for inline in inlines {
            if let Inline::Text { text, emphasis } = inline {
                let emphasis = if ctx.emphasis {
                    *emphasis
                } else {
                    Emphasis::default()
                };
                pending.push((text, emphasis));
                continue;
            }
            flush_text(&mut out, &mut pending, &mut line_start);
            match inline {
                Inline::Text { .. } => {}
                Inline::Break => {
                    if ctx.breaks {
                        let trimmed = out.trim_end_matches(' ').len();
                        out.truncate(trimmed);
                        out.push_str("\\\n");
                        out.push_str(&" ".repeat(ctx.indent));
                        line_start = true;
                    } else {
                        out.push(' ');
                    }
                }
                Inline::Note(key) => {
                    if let Some(n) = self.note.note_numbers.get(key) {
                        let _ = write!(out, "[^{n}]");
                        line_start = false;
                    }
                }
                Inline::LinkStart(url) => {
                    links.push(url);
                    out.push('[');
                    line_start = false;
                }
                Inline::LinkEnd => {
                    let url = links.pop().unwrap_or_default();
                    let _ = write!(out, "]({})", link_destination(url));
                }
                Inline::LakOpen(id) if !ctx.block_form.contains(id) => {
                    let _ = write!(out, "{{lak {}}}", self.codes(id));
                    line_start = false;
                }
                Inline::LakClose(id) if !ctx.block_form.contains(id) => {
                    out.push_str("{/lak}");
                    line_start = false;
                }
                Inline::LakOpen(_) | Inline::LakClose(_) => {}
            }
        }
        flush_text(&mut out, &mut pending, &mut line_start);
        repair_empty_links(out)
    }
}

/// `[](url)` (a link whose text was all whitespace) as the bare URL.
fn repair_empty_links(text: String) -> String {
    if !text.contains("[](") {
        return text;
    }
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find("[](") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 3..];
        let end = after.find(')').unwrap_or(after.len());
        let url = after[..end].trim_start_matches('<').trim_end_matches('>');
        let _ = write!(out, "<{url}>");
        rest = after.get(end + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

fn link_destination(url: &str) -> String {
    if url.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", url.replace('<', "%3C").replace('>', "%3E"))
    } else {
        url.to_string()
    }
}

fn marker_text(marker: &Marker) -> String {
    match marker {
        Marker::Bullet => "•".to_string(),
        Marker::Number(n, delim) => format!("{n}{delim}"),
        Marker::Label(label) => label.clone(),
    }
}

/// How inline content is written where it is.
#[derive(Clone, Copy)]
struct Context<'a> {
    emphasis: bool,
    breaks: bool,
    /// Spaces after a hard line break (inside list items and footnotes).
    indent: usize,
    /// Whether the text starts a line where Markdown looks for block syntax.
    line_start: bool,
    /// Ground comments written as block markers instead of inline ones.
    block_form: &'a HashSet<String>,
}

impl<'a> Context<'a> {
    fn block(block_form: &'a HashSet<String>, indent: usize) -> Self {
        Self {
            emphasis: true,
            breaks: true,
            indent,
            line_start: true,
            block_form,
        }
    }

    fn heading(block_form: &'a HashSet<String>) -> Self {
        Self {
            emphasis: false,
            breaks: false,
            indent: 0,
            line_start: false,
            block_form,
        }
    }

    fn cell(block_form: &'a HashSet<String>) -> Self {
        Self {
            emphasis: true,
            breaks: false,
            indent: 0,
            line_start: false,
            block_form,
        }
    }
}

/// Writes the text gathered so far, one delimiter pair per stretch of the
/// same emphasis, with spaces kept outside the delimiters.
fn flush_text(out: &mut String, pending: &mut Vec<(&str, Emphasis)>, line_start: &mut bool) {
    let mut groups: Vec<(String, Emphasis)> = Vec::new();
    for (text, emphasis) in pending.drain(..) {
        let text = text.replace(['\n', '\r', '\t'], " ");
        match groups.last_mut() {
            Some((previous, e)) if *e == emphasis => previous.push_str(&text),
            // Two kinds of emphasis that touch (`**a***b*`) would run their
            // delimiters together; the stretch gets both instead.
            Some((previous, e))
                if *e != Emphasis::default()
                    && emphasis != Emphasis::default()
                    && !previous.ends_with(' ')
                    && !text.starts_with(' ') =>
            {
                previous.push_str(&text);
                *e = Emphasis {
                    bold: e.bold || emphasis.bold,
                    italic: e.italic || emphasis.italic,
                    strike: e.strike || emphasis.strike,
                };
            }
            _ => groups.push((text, emphasis)),
        }
    }
    for i in 0..groups.len() {
        let next = groups.get(i + 1).and_then(|(t, _)| t.chars().next());
        let (text, emphasis) = &groups[i];
        let text = if *line_start {
            // Leading spaces at the start of a line would change its meaning.
            text.trim_start()
        } else {
            text.as_str()
        };
        if !text.is_empty() {
            write_group(out, text, *emphasis, next, line_start);
        }
    }
}

/// Punctuation in CommonMark's sense, for the flanking rules of `*`.
fn is_punctuation(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace()
}

/// Writes one stretch of text with one emphasis. A delimiter next to
/// punctuation only works when the character on its other side is a space
/// or punctuation too (`x**(y)**z` is not bold), so such punctuation is moved
/// outside the delimiters: the words keep their emphasis, and no `*` is
/// left over as text.
fn write_group(
    out: &mut String,
    text: &str,
    emphasis: Emphasis,
    next: Option<char>,
    line_start: &mut bool,
) {
    let core = text.trim();
    if emphasis == Emphasis::default() || core.is_empty() {
        out.push_str(&escape(text, *line_start));
        *line_start = *line_start && text.trim().is_empty();
        return;
    }
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    let before = lead.chars().last().or(out.chars().last());
    let after = trail.chars().next().or(next);
    let mut start = 0;
    if before.is_some_and(|c| !c.is_whitespace() && !is_punctuation(c)) {
        start = core.find(char::is_alphanumeric).unwrap_or(core.len());
    }
    let mut end = core.len();
    if after.is_some_and(|c| !c.is_whitespace() && !is_punctuation(c)) {
        end = core.rfind(char::is_alphanumeric).map_or(0, |i| {
            i + core[i..].chars().next().map_or(1, char::len_utf8)
        });
    }
    out.push_str(lead);
    if start >= end {
        out.push_str(&escape(core, *line_start && lead.is_empty()));
    } else {
        let (open, close) = delimiters(emphasis);
        out.push_str(&escape(&core[..start], *line_start && lead.is_empty()));
        out.push_str(&open);
        out.push_str(&escape(&core[start..end], false));
        out.push_str(&close);
        out.push_str(&escape(&core[end..], false));
    }
    out.push_str(trail);
    *line_start = false;
}

fn delimiters(e: Emphasis) -> (String, String) {
    let mut open = String::new();
    if e.strike {
        open.push_str("~~");
    }
    if e.bold {
        open.push_str("**");
    }
    if e.italic {
        open.push('*');
    }
    let close = open.chars().rev().collect();
    (open, close)
}

/// Escapes what Markdown would read as syntax; `line_start` also guards the
/// patterns that only count at the start of a line (headings, lists, quotes).
pub fn escape(text: &str, line_start: bool) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, c) in text.char_indices() {
        match c {
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '~' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '&' if starts_entity(&text[i + 1..]) => out.push_str("\\&"),
            c => out.push(c),
        }
    }
    if !line_start {
        return out;
    }
    let body = out.trim_start();
    let lead = out.len() - body.len();
    if body.starts_with(['#', '+', '-', '=']) {
        out.insert(lead, '\\');
        return out;
    }
    let digits = body.chars().take_while(char::is_ascii_digit).count();
    if (1..=9).contains(&digits) && body[digits..].starts_with(['.', ')']) {
        out.insert(lead + digits, '\\');
    }
    out
}

/// Whether `&` followed by `rest` would be read as an entity (`&amp;`, `&#233;`).
fn starts_entity(rest: &str) -> bool {
    let name = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
        .count();
    name > 0 && rest.as_bytes().get(name) == Some(&b';')
}

/// Which ground ranges cover whole top-level blocks: the markers of those
/// are written on their own lines, before block `i` (`before[i]`) and after
/// block `j` (`after[j]`).
type BlockRanges = (
    HashMap<usize, Vec<String>>,
    HashMap<usize, Vec<String>>,
    HashSet<String>,
);

fn block_ranges(blocks: &[Block], grounds: &HashMap<String, Vec<Ground>>) -> BlockRanges {
    let mut before: HashMap<usize, Vec<String>> = HashMap::new();
    let mut after: HashMap<usize, Vec<String>> = HashMap::new();
    let mut block_form = HashSet::new();
    let leading: Vec<Vec<String>> = blocks.iter().map(leading_opens).collect();
    let trailing: Vec<Vec<String>> = blocks.iter().map(trailing_closes).collect();
    for (i, opens) in leading.iter().enumerate() {
        for id in opens {
            if !grounds.contains_key(id) || is_nested_item(blocks.get(i)) {
                continue;
            }
            let Some(j) = (i..blocks.len()).find(|&j| trailing[j].contains(id)) else {
                continue;
            };
            let single_paragraph = i == j && matches!(blocks[i], Block::Paragraph(_));
            if single_paragraph || is_nested_item(blocks.get(j + 1)) {
                continue;
            }
            before.entry(i).or_default().push(id.clone());
            after.entry(j).or_default().push(id.clone());
            block_form.insert(id.clone());
        }
    }
    (before, after, block_form)
}

fn is_nested_item(block: Option<&Block>) -> bool {
    matches!(
        block,
        Some(Block::Paragraph(Paragraph {
            role: Role::ListItem { level: 1.., .. },
            ..
        }))
    )
}

fn first_paragraph(block: &Block) -> Option<&Paragraph> {
    match block {
        Block::Paragraph(p) => Some(p),
        Block::Table(t) => t
            .rows
            .first()?
            .first()?
            .blocks
            .first()
            .and_then(first_paragraph),
    }
}

fn final_paragraph(block: &Block) -> Option<&Paragraph> {
    match block {
        Block::Paragraph(p) => Some(p),
        Block::Table(t) => t
            .rows
            .last()?
            .last()?
            .blocks
            .last()
            .and_then(final_paragraph),
    }
}

fn is_content(inline: &Inline) -> bool {
    match inline {
        Inline::Text { text, .. } => !text.trim().is_empty(),
        Inline::LakOpen(_) | Inline::LakClose(_) => false,
        _ => true,
    }
}

/// The range ends (`close`) or starts at the edge of a block: the markers
/// met before any content, reading `inlines` in the order given.
fn edge_markers<'i>(inlines: impl Iterator<Item = &'i Inline>, close: bool) -> Vec<String> {
    inlines
        .take_while(|i| !is_content(i))
        .filter_map(|i| match (i, close) {
            (Inline::LakOpen(id), false) | (Inline::LakClose(id), true) => Some(id.clone()),
            _ => None,
        })
        .collect()
}

fn leading_opens(block: &Block) -> Vec<String> {
    first_paragraph(block).map_or_else(Vec::new, |p| edge_markers(p.inlines.iter(), false))
}

fn trailing_closes(block: &Block) -> Vec<String> {
    final_paragraph(block).map_or_else(Vec::new, |p| edge_markers(p.inlines.iter().rev(), true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markdown_syntax() {
        assert_eq!(
            escape("a *b* [c] <d> & e_f", false),
            r"a \*b\* \[c\] \<d\> & e\_f"
        );
        assert_eq!(
            escape("O&M, &amp; en &#233;", false),
            r"O&M, \&amp; en \&#233;"
        );
        assert_eq!(escape("# niet een kop", true), r"\# niet een kop");
        assert_eq!(escape("2023. Het jaar", true), r"2023\. Het jaar");
        assert_eq!(escape("- geen lijst", true), r"\- geen lijst");
        assert_eq!(escape("2023. Het jaar", false), "2023. Het jaar");
        assert_eq!(escape("a | b", false), r"a \| b");
    }
}
