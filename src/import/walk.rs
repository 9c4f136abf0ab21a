//! The document walk: WordprocessingML elements → blocks and inlines.
//!
//! The walk knows every element that carries text or changes what a reader
//! sees, and refuses the ones it cannot carry over faithfully instead of
//! skipping them: a converter that drops what it does not know publishes a
//! document that differs from the one that was approved. Everything that only
//! affects layout (spacing, fonts, page breaks, bookmarks, proofing marks) is
//! passed over. Refusals are collected, not returned early, so one run names
//! every problem in the file.

use std::collections::HashMap;

use super::notes::{Comment, Meaning};
use super::numbering::{Marker, Numbering};
use super::package::Relationship;
use super::refusal::{Place, Refusal, RefusalKind};
use super::styles::{Kind, NumRef, RunProps, Styles};
use super::xml::{Element, Ns};

/// A block of the body (or of a footnote).
#[derive(Debug, Clone)]
pub enum Block {
    Paragraph(Paragraph),
    Table(Table),
}

#[derive(Debug, Clone)]
pub struct Paragraph {
    /// 1-based number among the body's paragraphs (0 in notes).
    pub number: usize,
    pub role: Role,
    pub inlines: Vec<Inline>,
}

impl Paragraph {
    /// The visible text, without formatting.
    pub fn plain_text(&self) -> String {
        self.inlines
            .iter()
            .map(|i| match i {
                Inline::Text { text, .. } => text.as_str(),
                Inline::Break => " ",
                _ => "",
            })
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    Body,
    Title,
    Date,
    /// Word level 1–9, with the number Word shows in front of it, if any.
    Heading {
        level: u8,
        number: Option<String>,
    },
    ListItem {
        level: u8,
        marker: Marker,
    },
}

#[derive(Debug, Clone)]
pub struct Table {
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub blocks: Vec<Block>,
}

impl Cell {
    pub fn plain_text(&self) -> String {
        let mut parts = Vec::new();
        for block in &self.blocks {
            if let Block::Paragraph(p) = block {
                parts.push(p.plain_text());
            }
        }
        parts.join(" ").trim().to_string()
    }
}

/// Emphasis of a piece of text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Emphasis {
    pub bold: bool,
    pub italic: bool,
    pub strike: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text {
        text: String,
        emphasis: Emphasis,
    },
    Break,
    /// A footnote or endnote reference: the note's key in [`Notes`].
    Note(NoteKey),
    LinkStart(String),
    LinkEnd,
    /// Start and end of a ground comment's range (the comment id).
    LakOpen(String),
    LakClose(String),
}

/// Which note a reference points at.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NoteKey {
    Footnote(String),
    Endnote(String),
}

/// Where the walk is, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Body,
    /// A footnote or endnote, by the number the reader sees.
    Note(usize),
}

/// A field (`w:fldChar` begin … separate … end) being walked.
#[derive(Debug, Clone)]
struct Field {
    instruction: String,
    in_result: bool,
    link_open: bool,
}

/// Tracked-change elements, wherever they occur.
const TRACKED: &[&str] = &[
    "ins",
    "del",
    "moveFrom",
    "moveTo",
    "moveFromRangeStart",
    "moveToRangeStart",
    "rPrChange",
    "pPrChange",
    "sectPrChange",
    "tblPrChange",
    "tblPrExChange",
    "tblGridChange",
    "trPrChange",
    "tcPrChange",
    "cellIns",
    "cellDel",
    "cellMerge",
    "numberingChange",
    "customXmlInsRangeStart",
    "customXmlDelRangeStart",
    "customXmlMoveFromRangeStart",
    "customXmlMoveToRangeStart",
];

pub fn is_tracked_change(e: &Element) -> bool {
    e.ns == Ns::W && TRACKED.contains(&e.name.as_str())
}

/// Everything the walk needs to read, and what it collects.
pub struct Walker<'a> {
    styles: &'a Styles,
    numbering: Numbering,
    relationships: &'a HashMap<String, Relationship>,
    comments: &'a HashMap<String, Comment>,
    part: Part,
    paragraphs: usize,
    fields: Vec<Field>,
    /// Ground comments whose range is open.
    open_grounds: Vec<String>,
    /// Range starts met between paragraphs, for the next paragraph.
    pending: Vec<Inline>,
    /// Comment ids whose range start was seen, with where.
    pub ranged: HashMap<String, Place>,
    /// Notes in order of first reference.
    pub note_order: Vec<NoteKey>,
    pub refusals: Vec<Refusal>,
    /// Tracked changes reported, so the final sweep can tell if any were missed.
    pub tracked_reported: usize,
    /// Paragraphs dropped because they are a Word table of contents.
    pub dropped_toc: usize,
    /// Whether the paragraph being walked is part of a table of contents.
    toc_paragraph: bool,
}

impl<'a> Walker<'a> {
    pub fn new(
        styles: &'a Styles,
        numbering: Numbering,
        relationships: &'a HashMap<String, Relationship>,
        comments: &'a HashMap<String, Comment>,
    ) -> Self {
        Self {
            styles,
            numbering,
            relationships,
            comments,
            part: Part::Body,
            paragraphs: 0,
            fields: Vec::new(),
            open_grounds: Vec::new(),
            pending: Vec::new(),
            ranged: HashMap::new(),
            note_order: Vec::new(),
            refusals: Vec::new(),
            tracked_reported: 0,
            dropped_toc: 0,
            toc_paragraph: false,
        }
    }

    /// The blocks of `w:body` (or a cell, or a note).
    pub fn blocks(&mut self, container: &Element) -> Vec<Block> {
        let mut out = Vec::new();
        self.blocks_into(container, &mut out);
        out
    }

    /// Walks one note's paragraphs; `number` is the number the reader sees.
    pub fn note(&mut self, note: &Element, number: usize) -> Vec<Block> {
        let outer = std::mem::replace(&mut self.part, Part::Note(number));
        let blocks = self.blocks(note);
        self.part = outer;
        blocks
    }

    fn blocks_into(&mut self, container: &Element, out: &mut Vec<Block>) {
        for child in container.elements() {
            if child.ns == Ns::W {
                match child.name.as_str() {
                    "p" => {
                        if let Some(p) = self.paragraph(child) {
                            out.push(Block::Paragraph(p));
                        }
                    }
                    "tbl" => {
                        if let Some(t) = self.table(child) {
                            out.push(Block::Table(t));
                        }
                    }
                    "sdt" => {
                        if let Some(content) = child.child("sdtContent") {
                            self.blocks_into(content, out);
                        }
                    }
                    "customXml" | "smartTag" => self.blocks_into(child, out),
                    "commentRangeStart" => self.range_start_between(child),
                    "commentRangeEnd" => self.range_end_between(child, out),
                    "altChunk" => self.refuse_here(
                        RefusalKind::EmbeddedObject("an imported document part (altChunk)".into()),
                        None,
                    ),
                    name if TRACKED.contains(&name) => self.tracked(child, None),
                    _ => {}
                }
            } else if child.ns == Ns::Mc && child.name == "AlternateContent" {
                self.refuse_here(
                    RefusalKind::EmbeddedObject(
                        "an object Word stores in two forms (AlternateContent)".into(),
                    ),
                    None,
                );
            }
        }
    }

    /// A range start between paragraphs opens at the next paragraph.
    fn range_start_between(&mut self, e: &Element) {
        if let Some(open) = self.comment_start(e, None) {
            self.pending.push(open);
        }
    }

    /// A range end between paragraphs closes after the last paragraph.
    fn range_end_between(&mut self, e: &Element, out: &mut [Block]) {
        let Some(close) = self.comment_end(e) else {
            return;
        };
        if let Some(pos) = self
            .pending
            .iter()
            .position(|i| matches!(i, Inline::LakOpen(id) if Inline::LakClose(id.clone()) == close))
        {
            // Opened and closed between the same two paragraphs: covers nothing.
            self.pending.remove(pos);
            return;
        }
        match last_paragraph(out) {
            Some(p) => p.inlines.push(close),
            None => self.pending.push(close),
        }
    }

    fn comment_start(&mut self, e: &Element, at: Option<(usize, usize)>) -> Option<Inline> {
        let id = e.attr("id")?.to_string();
        let place = self.place(at);
        self.ranged.entry(id.clone()).or_insert(place.clone());
        match &self.comments.get(&id)?.meaning {
            Meaning::Grounds(_) => {
                if let Some(other) = self.open_grounds.first().cloned() {
                    self.refusals
                        .push(Refusal::new(RefusalKind::OverlappingComments(other), place));
                }
                self.open_grounds.push(id.clone());
                Some(Inline::LakOpen(id))
            }
            Meaning::BadGround(_) | Meaning::Review | Meaning::Resolved => None,
        }
    }

    fn comment_end(&mut self, e: &Element) -> Option<Inline> {
        let id = e.attr("id")?;
        let pos = self.open_grounds.iter().position(|g| g == id)?;
        self.open_grounds.remove(pos);
        Some(Inline::LakClose(id.to_string()))
    }

    fn place(&self, at: Option<(usize, usize)>) -> Place {
        match (self.part, at) {
            (Part::Body, Some((paragraph, column))) => Place::Paragraph {
                number: paragraph,
                column,
            },
            (Part::Body, None) => Place::Paragraph {
                number: self.paragraphs.max(1),
                column: 0,
            },
            (Part::Note(n), _) => Place::Note(n),
        }
    }

    fn refuse_here(&mut self, kind: RefusalKind, at: Option<(usize, usize)>) {
        let place = self.place(at);
        self.refusals.push(Refusal::new(kind, place));
    }

    fn tracked(&mut self, e: &Element, at: Option<(usize, usize)>) {
        self.tracked_reported += 1;
        let author = e.attr("author").unwrap_or_default().to_string();
        self.refuse_here(
            RefusalKind::TrackedChange {
                what: tracked_name(&e.name),
                author,
            },
            at,
        );
    }

    fn table(&mut self, tbl: &Element) -> Option<Table> {
        for props in ["tblPr", "tblGrid"] {
            if let Some(p) = tbl.child(props) {
                for change in p.elements().filter(|e| is_tracked_change(e)) {
                    self.tracked(change, Some((self.paragraphs + 1, 1)));
                }
            }
        }
        let mut rows = Vec::new();
        for tr in wrapped_children(tbl, "tr") {
            if let Some(trpr) = tr.child("trPr") {
                for change in trpr.elements().filter(|e| is_tracked_change(e)) {
                    self.tracked(change, Some((self.paragraphs + 1, 1)));
                }
            }
            let mut row = Vec::new();
            for tc in wrapped_children(tr, "tc") {
                let tcpr = tc.child("tcPr");
                if let Some(tcpr) = tcpr {
                    for change in tcpr.elements().filter(|e| is_tracked_change(e)) {
                        self.tracked(change, Some((self.paragraphs + 1, 1)));
                    }
                }
                let span: usize = tcpr
                    .and_then(|p| p.child_val("gridSpan"))
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(1);
                let continued = tcpr
                    .and_then(|p| p.child("vMerge"))
                    .is_some_and(|m| m.attr("val") != Some("restart"));
                let blocks = self.blocks(tc);
                row.push(if continued {
                    // The text of a vertically merged cell is in its first
                    // cell; what Word keeps here is empty (or stale), but
                    // still walked above so that its marks are honoured.
                    Cell {
                        blocks: without_text(blocks),
                    }
                } else {
                    Cell { blocks }
                });
                for _ in 1..span.max(1) {
                    row.push(Cell::default());
                }
            }
            rows.push(row);
        }
        (!rows.is_empty()).then_some(Table { rows })
    }

    fn paragraph(&mut self, p: &Element) -> Option<Paragraph> {
        if self.part == Part::Body {
            self.paragraphs += 1;
        }
        let number = if self.part == Part::Body {
            self.paragraphs
        } else {
            0
        };
        let ppr = p.child("pPr");
        let style = ppr.and_then(|p| p.child_val("pStyle"));
        if let Some(ppr) = ppr {
            for change in ppr.elements().filter(|e| is_tracked_change(e)) {
                self.tracked(change, Some((number, 1)));
            }
            if let Some(mark) = ppr.child("rPr") {
                for change in mark.elements().filter(|e| is_tracked_change(e)) {
                    self.tracked(change, Some((number, 1)));
                }
            }
            if ppr.child("shd").is_some_and(super::styles::is_shaded)
                && self.open_grounds.is_empty()
            {
                self.refuse_here(
                    RefusalKind::Shading {
                        text: String::new(),
                        style: None,
                    },
                    Some((number, 1)),
                );
            }
            if ppr.child("framePr").is_some() {
                self.refuse_here(RefusalKind::TextBox, Some((number, 1)));
            }
        }
        if ppr.and_then(|p| p.child("shd")).is_none()
            && self.styles.paragraph_shaded(style)
            && self.open_grounds.is_empty()
        {
            let name = self.styles.name(style.unwrap_or_default());
            self.refuse_here(
                RefusalKind::Shading {
                    text: String::new(),
                    style: Some(name),
                },
                Some((number, 1)),
            );
        }
        let own_outline = ppr
            .and_then(|p| p.child_val("outlineLvl"))
            .and_then(|v| v.parse().ok());
        let kind = self.styles.kind(style, own_outline);
        let num_ref = NumRef::read(ppr)
            .map(|n| (n, style.map(str::to_string)))
            .or_else(|| self.styles.numbering(style).map(|(n, s)| (n, Some(s))));
        let numbered = num_ref.and_then(|(n, s)| self.numbering.next(n, s.as_deref()));
        let role = match (kind, numbered) {
            (Kind::Heading(level), numbered) => Role::Heading {
                level,
                number: numbered
                    .map(|n| n.shown)
                    .filter(|s| !s.is_empty() && !is_bullet_text(s)),
            },
            (Kind::Title, _) => Role::Title,
            (Kind::Date, _) => Role::Date,
            (Kind::Body, Some(n)) => Role::ListItem {
                level: n.level,
                marker: n.marker,
            },
            (Kind::Body, None) => Role::Body,
        };
        let base = self.styles.paragraph_run(style);
        let mut inlines = std::mem::take(&mut self.pending);
        self.toc_paragraph = self.in_toc();
        self.inline_children(p, base, number, &mut inlines);
        if self.toc_paragraph {
            self.dropped_toc += 1;
            // Markers must not be lost with a dropped paragraph.
            self.pending.extend(
                inlines
                    .into_iter()
                    .filter(|i| matches!(i, Inline::LakOpen(_) | Inline::LakClose(_))),
            );
            return None;
        }
        Some(Paragraph {
            number,
            role,
            inlines,
        })
    }

    fn in_toc(&self) -> bool {
        self.fields
            .iter()
            .any(|f| f.in_result && field_name(&f.instruction) == "TOC")
    }

    fn inline_children(
        &mut self,
        parent: &Element,
        base: RunProps,
        number: usize,
        out: &mut Vec<Inline>,
    ) {
        for child in parent.elements() {
            let column = text_len(out) + 1;
            let at = Some((number, column));
            if child.ns == Ns::Mc && child.name == "AlternateContent" {
                self.refuse_here(RefusalKind::EmbeddedObject(describe_alternate(child)), at);
                continue;
            }
            if child.ns == Ns::Math {
                self.refuse_here(RefusalKind::EmbeddedObject("an equation".into()), at);
                continue;
            }
            if child.ns != Ns::W {
                continue;
            }
            match child.name.as_str() {
                "r" => self.run(child, base, number, out),
                "hyperlink" => {
                    let url = child
                        .attr_ns(Ns::R, "id")
                        .and_then(|id| self.relationships.get(id))
                        .filter(|r| r.external)
                        .map(|r| r.target.clone());
                    if let Some(url) = &url {
                        out.push(Inline::LinkStart(url.clone()));
                    }
                    self.inline_children(child, base, number, out);
                    if url.is_some() {
                        out.push(Inline::LinkEnd);
                    }
                }
                "sdt" => {
                    if let Some(content) = child.child("sdtContent") {
                        self.inline_children(content, base, number, out);
                    }
                }
                "smartTag" | "customXml" | "fldSimple" | "bdo" | "dir" => {
                    self.inline_children(child, base, number, out);
                }
                "commentRangeStart" => {
                    if let Some(open) = self.comment_start(child, at) {
                        out.push(open);
                    }
                }
                "commentRangeEnd" => {
                    if let Some(close) = self.comment_end(child) {
                        out.push(close);
                    }
                }
                "ins" | "del" | "moveFrom" | "moveTo" => {
                    self.tracked(child, at);
                    // Walk the content too, so that nothing inside goes unchecked.
                    self.inline_children(child, base, number, out);
                }
                "pPr" => {}
                name if TRACKED.contains(&name) => self.tracked(child, at),
                _ => {}
            }
        }
    }

    fn run(&mut self, r: &Element, base: RunProps, number: usize, out: &mut Vec<Inline>) {
        let rpr = r.child("rPr");
        let direct = RunProps::read(rpr);
        let character = self
            .styles
            .character_run(rpr.and_then(|p| p.child_val("rStyle")));
        let props = base.then(character).then(direct);
        let emphasis = Emphasis {
            bold: character.then(direct).bold.unwrap_or(false),
            italic: character.then(direct).italic.unwrap_or(false),
            strike: props.strike.unwrap_or(false),
        };
        let at = Some((number, text_len(out) + 1));
        if let Some(change) = rpr.and_then(|p| p.elements().find(|e| is_tracked_change(e))) {
            self.tracked(change, at);
        }
        let run_text: String = r
            .elements()
            .filter(|e| e.is("t"))
            .map(Element::text)
            .collect();
        let has_text = !run_text.trim().is_empty();
        if props.vanish == Some(true)
            && (has_text
                || r.elements()
                    .any(|e| e.is("footnoteReference") || e.is("endnoteReference")))
        {
            self.refuse_here(RefusalKind::Hidden(run_text.clone()), at);
        }
        if has_text && self.open_grounds.is_empty() && !self.in_field_instruction() {
            if props.highlight == Some(true) {
                self.refuse_here(RefusalKind::Highlight(run_text), at);
            } else if props.shaded == Some(true) {
                self.refuse_here(
                    RefusalKind::Shading {
                        text: run_text,
                        style: None,
                    },
                    at,
                );
            }
        }
        for child in r.elements() {
            let at = Some((number, text_len(out) + 1));
            if child.ns != Ns::W {
                if child.ns == Ns::Mc && child.name == "AlternateContent" {
                    self.refuse_here(RefusalKind::EmbeddedObject(describe_alternate(child)), at);
                }
                continue;
            }
            match child.name.as_str() {
                "t" | "delText" if !self.in_field_instruction() => {
                    push_text(out, &child.text(), emphasis);
                }
                "tab" | "ptab" => push_text(out, " ", emphasis),
                "br" => match child.attr("type") {
                    Some("page" | "column") => push_text(out, " ", emphasis),
                    _ => out.push(Inline::Break),
                },
                "cr" => out.push(Inline::Break),
                "noBreakHyphen" => push_text(out, "-", emphasis),
                "sym" => {
                    if let Some(c) = child
                        .attr("char")
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .and_then(char::from_u32)
                        .filter(|c| !('\u{e000}'..='\u{f8ff}').contains(c))
                    {
                        push_text(out, &c.to_string(), emphasis);
                    }
                }
                "footnoteReference" | "endnoteReference" => {
                    if let Some(id) = child.attr("id") {
                        let key = if child.name == "footnoteReference" {
                            NoteKey::Footnote(id.to_string())
                        } else {
                            NoteKey::Endnote(id.to_string())
                        };
                        if !self.note_order.contains(&key) {
                            self.note_order.push(key.clone());
                        }
                        out.push(Inline::Note(key));
                    }
                }
                "fldChar" => self.field_char(child, out),
                "instrText" | "delInstrText" => {
                    if let Some(field) = self.fields.last_mut() {
                        field.instruction.push_str(&child.text());
                    }
                }
                "drawing" => self.refuse_here(describe_drawing(child), at),
                "pict" => self.refuse_here(describe_vml(child), at),
                "object" | "control" | "contentPart" | "embedObject" => {
                    self.refuse_here(RefusalKind::EmbeddedObject("an embedded object".into()), at)
                }
                "ruby" => {
                    if let Some(base) = child.child("rubyBase") {
                        self.inline_children(base, props, number, out);
                    }
                }
                name if TRACKED.contains(&name) => self.tracked(child, at),
                _ => {}
            }
        }
    }

    fn in_field_instruction(&self) -> bool {
        self.fields.last().is_some_and(|f| !f.in_result)
    }

    fn field_char(&mut self, e: &Element, out: &mut Vec<Inline>) {
        match e.attr("fldCharType") {
            Some("begin") => self.fields.push(Field {
                instruction: String::new(),
                in_result: false,
                link_open: false,
            }),
            Some("separate") => {
                if let Some(field) = self.fields.last_mut() {
                    field.in_result = true;
                    if field_name(&field.instruction) == "TOC" {
                        self.toc_paragraph = true;
                    }
                    if field_name(&field.instruction) == "HYPERLINK"
                        && let Some(url) = hyperlink_target(&field.instruction)
                    {
                        out.push(Inline::LinkStart(url));
                        field.link_open = true;
                    }
                }
            }
            Some("end") => {
                if let Some(field) = self.fields.pop()
                    && field.link_open
                {
                    out.push(Inline::LinkEnd);
                }
            }
            _ => {}
        }
    }
}

fn tracked_name(name: &str) -> String {
    match name {
        "ins" | "cellIns" | "customXmlInsRangeStart" => "an insertion",
        "del" | "cellDel" | "customXmlDelRangeStart" => "a deletion",
        "moveFrom"
        | "moveTo"
        | "moveFromRangeStart"
        | "moveToRangeStart"
        | "customXmlMoveFromRangeStart"
        | "customXmlMoveToRangeStart" => "a move",
        "cellMerge" => "a cell merge",
        _ => "a formatting change",
    }
    .to_string()
}

fn describe_drawing(drawing: &Element) -> RefusalKind {
    let inside = drawing.descendants();
    if inside
        .iter()
        .any(|e| e.name == "txbx" || e.name == "txbxContent")
    {
        return RefusalKind::TextBox;
    }
    let uri = inside
        .iter()
        .find(|e| e.name == "graphicData")
        .and_then(|e| e.plain_attr("uri"))
        .unwrap_or_default();
    if uri.ends_with("/picture") {
        let alt = inside
            .iter()
            .find(|e| e.name == "docPr")
            .and_then(|e| e.plain_attr("descr").or_else(|| e.plain_attr("name")))
            .unwrap_or_default()
            .to_string();
        return RefusalKind::Image(alt);
    }
    if uri.ends_with("/chart") {
        return RefusalKind::EmbeddedObject("a chart".into());
    }
    RefusalKind::EmbeddedObject("a drawing or shape".into())
}

fn describe_vml(pict: &Element) -> RefusalKind {
    let inside = pict.descendants();
    if inside
        .iter()
        .any(|e| e.name == "textbox" || e.name == "txbxContent")
    {
        RefusalKind::TextBox
    } else if inside.iter().any(|e| e.name == "imagedata") {
        RefusalKind::Image(String::new())
    } else {
        RefusalKind::EmbeddedObject("a drawing or shape".into())
    }
}

fn describe_alternate(e: &Element) -> String {
    match describe_drawing(e) {
        RefusalKind::TextBox => "a text box".into(),
        RefusalKind::Image(_) => "an image".into(),
        RefusalKind::EmbeddedObject(what) => what,
        _ => "an embedded object".into(),
    }
}

/// The first word of a field instruction: `HYPERLINK`, `TOC`, `PAGE`.
fn field_name(instruction: &str) -> String {
    instruction
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase()
}

/// `HYPERLINK "https://…" \o "tip"` → the URL (not `\l` bookmarks).
fn hyperlink_target(instruction: &str) -> Option<String> {
    let rest = instruction
        .trim_start()
        .get("HYPERLINK".len()..)?
        .trim_start();
    if rest.starts_with('\\') {
        return None;
    }
    let target = match rest.strip_prefix('"') {
        Some(quoted) => quoted.split('"').next()?,
        None => rest.split_whitespace().next()?,
    };
    (!target.is_empty()).then(|| target.to_string())
}

/// The children `w:<name>` of `e`, also those wrapped in a content
/// control or custom XML element (rows and cells may be).
fn wrapped_children<'e>(e: &'e Element, name: &str) -> Vec<&'e Element> {
    let mut out = Vec::new();
    for child in e.elements() {
        if child.is(name) {
            out.push(child);
        } else if child.is("sdt") || child.is("customXml") {
            let content = child.child("sdtContent").unwrap_or(child);
            out.extend(wrapped_children(content, name));
        }
    }
    out
}

fn without_text(blocks: Vec<Block>) -> Vec<Block> {
    blocks
        .into_iter()
        .filter_map(|b| match b {
            Block::Paragraph(mut p) => {
                p.inlines
                    .retain(|i| matches!(i, Inline::LakOpen(_) | Inline::LakClose(_)));
                Some(Block::Paragraph(p))
            }
            Block::Table(_) => None,
        })
        .collect()
}

fn last_paragraph(blocks: &mut [Block]) -> Option<&mut Paragraph> {
    match blocks.last_mut()? {
        Block::Paragraph(p) => Some(p),
        Block::Table(t) => t
            .rows
            .last_mut()?
            .last_mut()
            .and_then(|c| last_paragraph(&mut c.blocks)),
    }
}

fn push_text(out: &mut Vec<Inline>, text: &str, emphasis: Emphasis) {
    if text.is_empty() {
        return;
    }
    if let Some(Inline::Text {
        text: previous,
        emphasis: e,
    }) = out.last_mut()
        && *e == emphasis
    {
        previous.push_str(text);
        return;
    }
    out.push(Inline::Text {
        text: text.to_string(),
        emphasis,
    });
}

fn text_len(inlines: &[Inline]) -> usize {
    inlines
        .iter()
        .map(|i| match i {
            Inline::Text { text, .. } => text.chars().count(),
            Inline::Break => 1,
            _ => 0,
        })
        .sum()
}

fn is_bullet_text(s: &str) -> bool {
    s.chars().all(|c| !c.is_alphanumeric())
}

/// Every tracked-change element in `root`, for the final sweep.
pub fn count_tracked(root: &Element) -> usize {
    root.descendants()
        .into_iter()
        .filter(|e| is_tracked_change(e))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyperlink_fields_give_their_target() {
        assert_eq!(
            hyperlink_target(r#" HYPERLINK "https://example.nl/a b" \o "tip" "#),
            Some("https://example.nl/a b".to_string())
        );
        assert_eq!(hyperlink_target(r#"HYPERLINK \l "kop""#), None);
        assert_eq!(field_name(" toc \\o \"1-3\" "), "TOC");
    }
}
