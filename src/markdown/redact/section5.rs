//! Section 5, found by what it is, and the note's decision applied to it.
//!
//! A section 5 is a block whose text reads as a section-5 title (see
//! `titles`) standing where a section starts:
//! - a heading at the level of the note's main sections whose title is known
//!   or says that information is not made public, or that is the main
//!   section numbered 5 in a note whose main sections are numbered;
//! - a heading at a deeper level with a known or title-like wording, when no
//!   higher heading comes before it (the note starts with it);
//! - a top-level paragraph (plain or bold) with a known title.
//!
//! What reads as a section-5 title anywhere else is an error, because the
//! author may have meant to withhold what follows and nota cannot tell how
//! far that goes: in a list (a line `5. Informatie …` is a list item in
//! Markdown), a quote, a table or a footnote (`section5-nested`); a known
//! title as a sub-heading of another section (`section5-nested`); and
//! "not public" wording in a top-level paragraph or a sub-heading of another
//! section (`section5-doubt`). Everything inside a section 5, sub-sections
//! repeating its title included, belongs to that one section and its one
//! decision.
//!
//! Under a heading the section runs to the next heading of the same or a
//! higher level; under a paragraph, to the next heading of any level. In
//! both cases a heading numbered `5.x` does not end it: it is one of its
//! sub-sections, whatever its level.

use comrak::Arena;
use comrak::nodes::NodeValue;

use super::super::{location_of, plain_text};
use super::titles::{self, Reading, Standing, Titles};
use super::{
    Node, Outcome, apply_removal, ground_5_2_warning, is_beslisnota, mark, node, node_end,
    passages_with, text_node,
};
use crate::config::redaction::Settings;
use crate::diagnostic::{Diagnostic, Location};
use crate::disclosure::{
    self as redaction, Decision, Ground, Section5, WITHHELD_NOTICE, Withheld, is_invisible,
};
use crate::front_matter::Document;

/// Where a candidate title stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// A heading at the top level: its level, and whether that is the level
    /// of the note's main sections.
    Heading { level: u8, main: bool },
    /// A paragraph at the top level.
    Paragraph,
    /// Inside a list, a quote, a table or a footnote.
    Inside(Container),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    List,
    Quote,
    Table,
    Footnote,
}

impl Container {
    fn name(self) -> &'static str {
        match self {
            Self::List => "a list",
            Self::Quote => "a quote",
            Self::Table => "a table",
            Self::Footnote => "a footnote",
        }
    }
}

/// Why a block is taken as a section-5 title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Why {
    Reads(Reading),
    /// The main section numbered 5.
    Numbered,
}

struct Candidate<'a> {
    node: Node<'a>,
    place: Place,
    why: Why,
}

/// A section 5 taken as such: its title, how it ends, and its blocks.
struct Found<'a> {
    title: Node<'a>,
    why: Why,
    content: Vec<Node<'a>>,
}

/// The top-level headings of a note and what they say about its sections.
struct Outline<'a> {
    headings: Vec<(Node<'a>, u8)>,
    /// A single level-1 heading that opens the note: its title, not a section.
    opening_title: Option<Node<'a>>,
    /// The level of the main sections: the highest level below the title.
    main_level: Option<u8>,
    /// Whether the main sections are numbered (at least two of them).
    numbered: bool,
}

impl<'a> Outline<'a> {
    fn of(root: Node<'a>) -> Self {
        let headings: Vec<(Node<'a>, u8)> = root
            .children()
            .filter_map(|n| match n.data().value {
                NodeValue::Heading(ref h) => Some((n, h.level)),
                _ => None,
            })
            .collect();
        let level_one_count = headings.iter().filter(|(_, l)| *l == 1).count();
        let opening_title = root.first_child().filter(|first| {
            level_one_count == 1
                && headings.len() > 1
                && matches!(first.data().value, NodeValue::Heading(ref h) if h.level == 1)
        });
        let sections = || {
            headings
                .iter()
                .filter(move |(n, _)| !opening_title.is_some_and(|t| t.same_node(n)))
        };
        let main_level = sections().map(|(_, l)| *l).min();
        let numbered = sections()
            .filter(|(_, l)| Some(*l) == main_level)
            .filter(|(n, _)| {
                titles::numbering(&plain_text(n))
                    .0
                    .is_some_and(|number| number.is_section_number())
            })
            .count()
            >= 2;
        Self {
            headings,
            opening_title,
            main_level,
            numbered,
        }
    }

    /// The heading of a higher level before `title` (not the note's own
    /// title): the section `title` is nested in.
    fn enclosing(&self, title: Node<'a>, level: u8) -> Option<Node<'a>> {
        self.headings
            .iter()
            .take_while(|(n, _)| !n.same_node(title))
            .filter(|(n, l)| *l < level && !self.opening_title.is_some_and(|t| t.same_node(n)))
            .map(|(n, _)| *n)
            .last()
    }
}

/// Finds section 5, applies `decision` to it and reports what is wrong.
pub(super) fn redact_section5<'a>(
    arena: &'a Arena<'a>,
    root: Node<'a>,
    doc: &Document,
    settings: &Settings,
    decision: &Decision,
    out: &mut Outcome,
) -> Section5 {
    let titles = Titles::new(&settings.section5_titles);
    let outline = Outline::of(root);
    let mut found: Vec<Found<'a>> = Vec::new();
    let mut misplaced_title = false;
    for candidate in candidates(root, &titles, &outline) {
        let absorbed = found
            .iter()
            .any(|section| contains(&section.content, candidate.node, root));
        if absorbed {
            continue;
        }
        if let Some(problem) = misplaced(&candidate, &outline, doc) {
            out.diagnostics.push(problem);
            misplaced_title = true;
            continue;
        }
        let content = section_content(candidate.node, candidate.place);
        found.push(Found {
            title: candidate.node,
            why: candidate.why,
            content,
        });
    }
    out.section5_start = found
        .first()
        .map(|section| section.title.data().sourcepos.start.line);
    report_duplicates(&found, doc, &mut out.diagnostics);
    let mut state = Section5::Absent;
    for (index, section) in found.iter().enumerate() {
        if section.title.parent().is_none() {
            continue; // removed with an earlier section 5
        }
        let result = decide_section(arena, section, doc, settings, decision, out);
        if index == 0 {
            state = result;
        }
    }
    let unused = matches!(
        state,
        Section5::Absent | Section5::Empty | Section5::NotApplicable
    ) && matches!(decision, Decision::Redact(_) | Decision::Publish);
    // An unclosed marker withholds everything after it, section 5 included,
    // and a misplaced title may be the section meant: both are reported
    // already, and section 5 is not unused.
    if unused && !out.unclosed_marker && !misplaced_title {
        out.diagnostics.push(
            Diagnostic::warning(
                "redaction/section5-unused",
                format!(
                    "`woo.section5` is set, but section 5 is {}",
                    state.describe()
                ),
            )
            .at(redaction::nested_key_location(doc, "woo", "section5"))
            .help("remove `section5` (and `grounds`) from the front matter, or check that section 5 has one of the configured titles"),
        );
    }
    state
}

/// Every block that reads as a section-5 title, in document order.
fn candidates<'a>(root: Node<'a>, titles: &Titles, outline: &Outline<'a>) -> Vec<Candidate<'a>> {
    let mut found = Vec::new();
    for node in root.descendants() {
        let at_top = || node.parent().is_some_and(|p| p.same_node(root));
        let standing = match node.data().value {
            NodeValue::Heading(ref h) => {
                let main = Some(h.level) == outline.main_level
                    && at_top()
                    && !outline.opening_title.is_some_and(|t| t.same_node(node));
                if main {
                    Standing::MainHeading
                } else {
                    Standing::Heading
                }
            }
            NodeValue::Paragraph | NodeValue::TableCell => Standing::Block,
            _ => continue,
        };
        // Most blocks are body text: reject them before anything else.
        if standing != Standing::MainHeading && !may_have_key_within(node, titles.longest) {
            continue;
        }
        let text = plain_text(node);
        let is_cell = matches!(node.data().value, NodeValue::TableCell);
        let why = match titles.reading(&text, standing) {
            Some(Reading::NotPublic) if is_cell && !stands_alone(node) => continue,
            Some(reading) => Why::Reads(reading),
            None if standing == Standing::MainHeading
                && outline.numbered
                && titles::numbering(&text).0.is_some_and(|n| n.is_five()) =>
            {
                Why::Numbered
            }
            None => continue,
        };
        let place = match node.data().value {
            NodeValue::Heading(ref h) if at_top() => Place::Heading {
                level: h.level,
                main: standing == Standing::MainHeading,
            },
            NodeValue::Paragraph if at_top() => Place::Paragraph,
            NodeValue::TableCell => Place::Inside(Container::Table),
            _ => Place::Inside(container_of(node, root)),
        };
        found.push(Candidate { node, place, why });
    }
    found
}

/// A table cell that could be a title: in the header row, or the only cell
/// of its row with text. A "Niet openbaar" among other cells is data.
fn stands_alone(cell: Node<'_>) -> bool {
    let Some(row) = cell.parent() else {
        return true;
    };
    if matches!(row.data().value, NodeValue::TableRow(true)) {
        return true;
    }
    row.children()
        .filter(|c| !c.same_node(cell))
        .all(|c| plain_text(c).trim().is_empty())
}

/// The block a nested title is in: the outermost list, quote, table or
/// footnote around it.
fn container_of<'a>(node: Node<'a>, root: Node<'a>) -> Container {
    let mut container = Container::Quote;
    for ancestor in node.ancestors() {
        if ancestor.same_node(root) {
            break;
        }
        container = match ancestor.data().value {
            NodeValue::List(_) | NodeValue::Item(_) => Container::List,
            NodeValue::BlockQuote => Container::Quote,
            NodeValue::Table(_) => Container::Table,
            NodeValue::FootnoteDefinition(_) => Container::Footnote,
            _ => container,
        };
    }
    container
}

/// Whether `node` is one of `content` or inside one of them.
fn contains<'a>(content: &[Node<'a>], node: Node<'a>, root: Node<'a>) -> bool {
    let top = node
        .ancestors()
        .find(|a| a.parent().is_some_and(|p| p.same_node(root)));
    top.is_some_and(|top| content.iter().any(|c| c.same_node(top)))
}

/// The error for a title that stands where section 5 cannot start, if so.
fn misplaced<'a>(
    candidate: &Candidate<'a>,
    outline: &Outline<'a>,
    doc: &Document,
) -> Option<Diagnostic> {
    let shown = shown(&plain_text(candidate.node));
    let location = location_of(candidate.node, doc);
    let nested = |message: String, help: &str| {
        Some(
            Diagnostic::error("redaction/section5-nested", message)
                .at(location.clone())
                .help(help.to_string()),
        )
    };
    match (candidate.place, candidate.why) {
        (Place::Inside(container), Why::Reads(Reading::Known)) => nested(
            format!("section 5 is inside another block ({})", container.name()),
            &format!(
                "{}put section 5 at the top level of the note, as a heading such as `## 5. Informatie die niet openbaar gemaakt kan worden`",
                list_hint(container)
            ),
        ),
        (Place::Inside(container), _) => nested(
            format!("`{shown}` in {} reads like a section-5 title: it says that information is not made public", container.name()),
            &format!(
                "{}if section 5 starts here, make it a heading at the top level, such as `## 5. Informatie die niet openbaar gemaakt kan worden`; if it is not a title, end it with a period or reword it{}",
                list_hint(container),
                if container == Container::Table {
                    " (in a table, a title counts in the header row or in a row of its own)"
                } else {
                    ""
                }
            ),
        ),
        (Place::Paragraph, Why::Reads(Reading::NotPublic)) => Some(
            Diagnostic::error(
                "redaction/section5-doubt",
                format!("`{shown}` reads like a section-5 title (it says that information is not made public), but it is a paragraph, not a heading"),
            )
            .at(location)
            .help("if section 5 starts here, make it a heading at the level of the note's main sections, such as `## 5. Informatie die niet openbaar gemaakt kan worden`; if it does not, end the line with a period or reword it so that it does not read as a title"),
        ),
        (Place::Heading { level, main: false }, why) => {
            let parent = outline.enclosing(candidate.node, level)?;
            let parent_title = plain_text(parent);
            let parent_line = location_of(parent, doc).line;
            if why == Why::Reads(Reading::Known) {
                return nested(
                    format!("section 5 is nested inside the section `{parent_title}` (line {parent_line})"),
                    "give section 5 the same heading level as the note's other main sections, e.g. `## 5. Informatie die niet openbaar gemaakt kan worden`",
                );
            }
            Some(
                Diagnostic::error(
                    "redaction/section5-doubt",
                    format!("`{shown}` reads like a section-5 title (it says that information is not made public), but it is a sub-section of `{parent_title}` (line {parent_line})"),
                )
                .at(location)
                .help("if this is section 5, give it the heading level of the note's main sections, such as `## 5. Informatie die niet openbaar gemaakt kan worden`; if it is not, reword the heading so that it does not say that information is not made public"),
            )
        }
        _ => None,
    }
}

fn list_hint(container: Container) -> &'static str {
    if container == Container::List {
        "a line that starts with a number and a period, such as `5. Informatie …`, is a list item in Markdown; "
    } else {
        ""
    }
}

/// A title as shown in a message: at most 60 characters.
fn shown(text: &str) -> String {
    let mut out: String = text.chars().take(60).collect();
    if text.chars().count() > 60 {
        out.push('…');
    }
    out
}

fn report_duplicates(found: &[Found<'_>], doc: &Document, diagnostics: &mut Vec<Diagnostic>) {
    let Some(first) = found.first() else {
        return;
    };
    let first_line = location_of(first.title, doc).line;
    for section in found.iter().skip(1) {
        let why = match (first.why, section.why) {
            (Why::Numbered, _) => format!(" (line {first_line} is the main section numbered 5)"),
            (_, Why::Numbered) => " (this is the main section numbered 5)".to_string(),
            _ => String::new(),
        };
        diagnostics.push(
            Diagnostic::error(
                "redaction/section5-duplicate",
                format!(
                    "a second section 5 in this note (the first is on line {first_line}){why}"
                ),
            )
            .at(location_of(section.title, doc))
            .help("a note has one section 5: merge the two into one; a sub-section of section 5 takes a deeper heading level (`### 5.1 …`)"),
        );
    }
}

/// Whether [`titles::title_key`] of the node's text can be at most
/// `longest` chars long: false as soon as the text after its first word
/// holds more letters and digits than that. Every paragraph and table cell
/// is a candidate title, so this rejects body text after a few dozen
/// characters instead of copying and folding all of it.
fn may_have_key_within(node: Node<'_>, longest: usize) -> bool {
    let mut bound = LengthBound {
        first_word: None,
        counted: 0,
        longest,
    };
    for d in node.descendants() {
        let fits = match d.data().value {
            NodeValue::Text(ref t) => bound.feed(t),
            NodeValue::Code(ref c) => bound.feed(&c.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => bound.feed(" "),
            _ => true,
        };
        if !fits {
            return false;
        }
    }
    true
}

/// Counts letters and digits after the first word, byte by byte for ASCII
/// (nearly all of a note), char by char otherwise.
struct LengthBound {
    /// None: before the first word; Some(true): in it; Some(false): after.
    first_word: Option<bool>,
    counted: usize,
    longest: usize,
}

impl LengthBound {
    /// Feeds `text`; false once the bound is passed.
    fn feed(&mut self, text: &str) -> bool {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let (white, alphanumeric, length) = if bytes[i].is_ascii() {
                (
                    bytes[i].is_ascii_whitespace(),
                    bytes[i].is_ascii_alphanumeric(),
                    1,
                )
            } else {
                let c = text[i..].chars().next().unwrap_or(' ');
                (c.is_whitespace(), c.is_alphanumeric(), c.len_utf8())
            };
            i += length;
            if white {
                if self.first_word == Some(true) {
                    self.first_word = Some(false);
                }
                continue;
            }
            match self.first_word {
                None | Some(true) => self.first_word = Some(true),
                Some(false) if alphanumeric => {
                    self.counted += 1;
                    if self.counted > self.longest {
                        return false;
                    }
                }
                Some(false) => {}
            }
        }
        true
    }
}

/// The blocks of section 5 after its title. Footnote definitions are not
/// part of it.
fn section_content<'a>(title: Node<'a>, place: Place) -> Vec<Node<'a>> {
    let end_level = match place {
        Place::Heading { level, .. } => level,
        _ => u8::MAX,
    };
    let mut content: Vec<Node<'a>> = Vec::new();
    for sibling in title.following_siblings().skip(1) {
        if let NodeValue::Heading(ref h) = sibling.data().value {
            let sub_section = titles::numbering(&plain_text(sibling))
                .0
                .is_some_and(|n| n.is_inside_five());
            if h.level <= end_level && !sub_section {
                break;
            }
        }
        content.push(sibling);
    }
    content.retain(|n| !matches!(n.data().value, NodeValue::FootnoteDefinition(_)));
    content
}

/// Applies the decision to one section 5 and returns its state.
fn decide_section<'a>(
    arena: &'a Arena<'a>,
    section: &Found<'a>,
    doc: &Document,
    settings: &Settings,
    decision: &Decision,
    out: &mut Outcome,
) -> Section5 {
    let content = &section.content;
    if content.is_empty() {
        return Section5::Empty;
    }
    if is_nothing_withheld(content, settings) {
        return Section5::NotApplicable;
    }
    let location = location_of(content[0], doc);
    let end = content
        .last()
        .map_or((location.line, usize::MAX), |last| node_end(last, doc));
    match decision {
        Decision::Publish => Section5::Published,
        Decision::Redact(grounds) => {
            withhold(content, &location, end, out);
            insert_notice(arena, section.title, grounds);
            if grounds.contains(&Ground::G52) && is_beslisnota(doc) {
                out.diagnostics
                    .push(ground_5_2_warning(redaction::nested_key_location(
                        doc, "woo", "grounds",
                    )));
            }
            Section5::Redacted {
                grounds: grounds.clone(),
            }
        }
        Decision::Undecided | Decision::Invalid => {
            if *decision == Decision::Undecided {
                let what = match section.why {
                    Why::Numbered => format!(
                        "section 5 (`{}`, the main section numbered 5)",
                        shown(&plain_text(section.title))
                    ),
                    Why::Reads(Reading::NotPublic) => format!(
                        "section 5 (`{}`, whose title says that information is not made public)",
                        shown(&plain_text(section.title))
                    ),
                    Why::Reads(Reading::Known) => "section 5".to_string(),
                };
                out.diagnostics.push(
                    Diagnostic::error(
                        "redaction/section5-content",
                        format!("{what} has content, and the front matter does not say whether it may be published"),
                    )
                    .at(location.clone())
                    .help("leave section 5 empty or write \"Niet van toepassing.\"; or add to the front matter `woo: {section5: redact, grounds: [\"5.1.2e\"]}` to withhold it, or `woo: {section5: publish}` when it is a reviewed public motivation. If the section ends earlier than nota thinks, make its title a Markdown heading (`## …`)"),
                );
            }
            withhold(content, &location, end, out);
            Section5::Refused
        }
    }
}

/// Removes the blocks of a section and gives what the guard must look for
/// to it.
fn withhold(content: &[Node<'_>], location: &Location, end: (usize, usize), out: &mut Outcome) {
    let guarded = guarded(content);
    out.withheld
        .extend(bulk(passages_with(&guarded, location, end, false)));
    apply_removal(content);
}

/// Of the passages of a section withheld as a whole, those the leak guard
/// looks for: at least two words with letters, and no link targets. A
/// single word of it ("Directeur" in a table, a lone "Beleid") or a link to
/// a public page (the Woo on wetten.overheid.nl, an image every note shows)
/// is more likely to be found elsewhere by chance than by a leak; words the
/// author withholds one by one are marked with `{lak}`, and everything in
/// those passages is looked for.
pub(super) fn bulk(passages: Vec<Withheld>) -> impl Iterator<Item = Withheld> {
    passages.into_iter().filter(|p| {
        p.text
            .split(|c: char| !c.is_alphanumeric() && !is_invisible(c))
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count()
            >= 2
    })
}

/// The blocks of a withheld section the leak guard looks for: all but
/// sub-headings that say nothing themselves (see `titles::is_structure`).
fn guarded<'a>(content: &[Node<'a>]) -> Vec<Node<'a>> {
    content
        .iter()
        .copied()
        .filter(|n| {
            !(matches!(n.data().value, NodeValue::Heading(_))
                && titles::is_structure(&plain_text(n)))
        })
        .collect()
}

fn is_nothing_withheld(content: &[Node<'_>], settings: &Settings) -> bool {
    let [only] = content else {
        return false;
    };
    if !matches!(only.data().value, NodeValue::Paragraph) {
        return false;
    }
    let key = titles::title_key(&plain_text(only));
    settings
        .nothing_withheld
        .iter()
        .any(|phrase| titles::title_key(phrase) == key)
}

/// After a redacted section-5 title: the mark and a sentence saying so.
fn insert_notice<'a>(arena: &'a Arena<'a>, title: Node<'a>, grounds: &[Ground]) {
    let at = title.data().sourcepos.start;
    let paragraph = node(arena, NodeValue::Paragraph, at);
    for part in mark(arena, grounds, at) {
        paragraph.append(part);
    }
    paragraph.append(text_node(arena, &format!(" {WITHHELD_NOTICE}"), at));
    title.insert_after(paragraph);
}
