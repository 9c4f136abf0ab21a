//! Removing withheld text from the parsed note, before anything else reads it.
//!
//! This runs right after parsing, so heading ids, the table of contents, the
//! derived summary, link collection, footnote numbering and the HTML all see
//! a document from which the withheld text is already gone: there is no later
//! stage that could forget to filter.
//!
//! What is removed:
//! - `{lak 5.1.2e}…{/lak}` passages anywhere in the text (they may cross
//!   inline formatting, paragraphs, list items and table cells). Each passage
//!   becomes a fixed-width mark that shows the ground codes and has a Dutch
//!   accessible name; its width never depends on what was removed. Where a
//!   marker cannot be applied it is an error: a whole passage inside code
//!   (it would be shown as written), a marker in raw HTML or a link target.
//!   A lone marker in code (documentation of the syntax) stays literal.
//! - The same passages in the front-matter `title` and `summary`, which show
//!   the codes as `[5.1.2e]` wherever they are printed (`fields`); a marker
//!   in any other field is an error.
//! - The body of section 5 (`section5`), when the front matter says
//!   `woo.section5: redact`. A body with content and no decision is an
//!   error, and is removed as well so that nothing downstream sees it.
//! - HTML comments, which are never published (`comments`).
//!
//! Footnote definitions referenced only from removed text (directly or via
//! other dropped footnotes) are dropped too, so numbering skips them and they
//! are not reported as unused. Every removed passage is returned as
//! [`Withheld`] text for the leak guard.

mod comments;
mod fields;
mod section5;
mod titles;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use comrak::Arena;
use comrak::nodes::{Ast, AstNode, LineColumn, NodeValue};

use super::{fold, location_of};
use crate::config::redaction::Settings;
use crate::diagnostic::{Diagnostic, Location};
use crate::disclosure::Ground;
use crate::disclosure::{self as redaction, Redactions, Withheld, is_invisible};
use crate::front_matter::Document;

type Node<'a> = &'a AstNode<'a>;

/// What redaction did to one note.
pub(super) struct Outcome {
    pub redactions: Redactions,
    pub withheld: Vec<Withheld>,
    pub diagnostics: Vec<Diagnostic>,
    /// The front-matter title and summary with their passages replaced.
    pub title: String,
    pub summary: Option<String>,
    /// The body line (as the parser counts it) of section 5's title, when
    /// the note has one: the derived summary and the check for unwritten
    /// sections stop there.
    pub section5_start: Option<usize>,
    /// Whether a `{lak …}` is never closed (it withholds the rest).
    unclosed_marker: bool,
}

/// Removes everything the note withholds from `root`.
pub(super) fn apply<'a>(
    arena: &'a Arena<'a>,
    root: Node<'a>,
    doc: &Document,
    settings: &Settings,
) -> Outcome {
    let mut out = Outcome {
        redactions: Redactions::default(),
        withheld: Vec::new(),
        diagnostics: Vec::new(),
        title: doc.meta.title.clone(),
        summary: doc.meta.summary.clone(),
        section5_start: None,
        unclosed_marker: false,
    };
    comments::drop_comments(root, doc, &mut out);
    report_markers_not_applied(root, doc, &mut out.diagnostics);
    let referenced_before = reachable_footnotes(root);
    out.redactions.inline = redact_markers(arena, root, doc, &mut out);
    fields::redact_fields(doc, &mut out);
    let (decision, problems) = redaction::decision(doc);
    out.diagnostics.extend(problems);
    out.redactions.section5 =
        section5::redact_section5(arena, root, doc, settings, &decision, &mut out);
    drop_orphaned_footnotes(root, &referenced_before, doc, &mut out.withheld);
    let refused = out
        .diagnostics
        .iter()
        .any(|d| d.is_error() && d.code.starts_with("redaction/"));
    if refused {
        withhold_all(root, doc, &mut out);
    }
    out
}

/// A note refused for what it withholds (a misplaced section 5, an
/// unreadable marker, a marker in a key field) may withhold any of its text:
/// nota cannot tell which. Such a note is never published, but a draft is
/// not built at all, and what its authors meant to withhold must not be
/// published elsewhere either. So all its remaining text (blocks of two or
/// more words, as for a section withheld as a whole) and the words marked in
/// its key fields go to the leak guard.
fn withhold_all(root: Node<'_>, doc: &Document, out: &mut Outcome) {
    let blocks: Vec<Node<'_>> = root.children().collect();
    let location = doc.body_location(1, 1);
    let everything = (usize::MAX, usize::MAX);
    out.withheld.extend(section5::bulk(passages_with(
        &blocks, &location, everything, false,
    )));
    fields::withhold_key_markers(doc, out);
}

// ---------------------------------------------------------------------------
// Markers

/// A `{lak …}` or `{/lak}` found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Open(String),
    Close,
    /// `{lak` without the closing brace.
    Unterminated,
}

/// Finds markers in one text: byte ranges and what they are.
///
/// Lenient where an author could mean a marker: `lak` in any case, spaces
/// (also no-break spaces) and invisible characters around the parts, and no
/// space at all before the grounds (`{lak5.1.2e}`). Whatever is still not
/// read as a marker but looks like one is caught by [`looks_like_marker`].
fn scan_markers(text: &str) -> Vec<(std::ops::Range<usize>, Token)> {
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(offset) = text[i..].find('{') {
        let start = i + offset;
        let mut j = skip_blanks(text, start + 1);
        let closing = text[j..].starts_with('/');
        if closing {
            j = skip_blanks(text, j + 1);
        }
        let is_lak = text
            .get(j..j + 3)
            .is_some_and(|w| w.eq_ignore_ascii_case("lak"));
        let after = j + 3;
        let boundary = is_lak
            && text[after..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphabetic());
        if !boundary {
            i = start + 1;
            continue;
        }
        match text[after..].find('}') {
            Some(end) => {
                let inner = &text[after..after + end];
                let range = start..after + end + 1;
                let token = if closing {
                    if is_blank_text(inner) {
                        Token::Close
                    } else {
                        Token::Unterminated
                    }
                } else {
                    Token::Open(without_invisibles(inner).trim().to_string())
                };
                found.push((range.clone(), token));
                i = range.end;
            }
            None => {
                found.push((start..after, Token::Unterminated));
                i = after;
            }
        }
    }
    found
}

fn without_invisibles(text: &str) -> String {
    text.chars().filter(|&c| !is_invisible(c)).collect()
}

fn is_blank_text(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() || is_invisible(c))
}

/// The byte index after any spaces and invisible characters from `from`.
fn skip_blanks(text: &str, from: usize) -> usize {
    let rest = &text[from..];
    let blank = rest
        .char_indices()
        .find(|&(_, c)| !(c.is_whitespace() || is_invisible(c)))
        .map_or(rest.len(), |(index, _)| index);
    from + blank
}

/// Whether `text` holds something that reads as a marker once spaces and
/// invisible characters are left out: `{lak` or `{/lak`, in any case.
/// Used where markers are not applied (code, link targets, raw HTML,
/// front-matter keys) and to catch markers [`scan_markers`] cannot read.
pub(super) fn looks_like_marker(text: &str) -> bool {
    marker_shapes(text).next().is_some()
}

/// The markers `text` seems to hold, in order: true for an opener.
fn marker_shapes(text: &str) -> impl Iterator<Item = bool> + '_ {
    let squeezed: Vec<char> = if text.contains('{') {
        text.chars()
            .filter(|&c| !(c.is_whitespace() || is_invisible(c)))
            .flat_map(char::to_lowercase)
            .collect()
    } else {
        Vec::new()
    };
    let mut shapes = Vec::new();
    for (index, &c) in squeezed.iter().enumerate() {
        if c != '{' {
            continue;
        }
        let rest = &squeezed[index + 1..];
        let (opener, word) = match rest.strip_prefix(&['/']) {
            Some(word) => (false, word),
            None => (true, rest),
        };
        let ends = |after: &[char]| after.first().is_none_or(|c| !c.is_alphabetic());
        if word.strip_prefix(&['l', 'a', 'k']).is_some_and(ends) {
            shapes.push(opener);
        }
    }
    shapes.into_iter()
}

/// Whether `text` holds an opener followed by a closer: a whole passage.
pub(super) fn holds_marker_pair(text: &str) -> bool {
    let mut opened = false;
    for opener in marker_shapes(text) {
        if opener {
            opened = true;
        } else if opened {
            return true;
        }
    }
    false
}

/// A marker isolated in its own text node.
struct Marker<'a> {
    node: Node<'a>,
    token: Token,
    location: Location,
}

/// Replaces every `{lak …}` passage by a mark; returns the count per ground.
fn redact_markers<'a>(
    arena: &'a Arena<'a>,
    root: Node<'a>,
    doc: &Document,
    out: &mut Outcome,
) -> BTreeMap<Ground, usize> {
    let mut counts = BTreeMap::new();
    let definitions: Vec<Node<'a>> = root
        .descendants()
        .filter(|n| matches!(n.data().value, NodeValue::FootnoteDefinition(_)))
        .collect();
    let scopes = std::iter::once(root).chain(definitions);
    for scope in scopes {
        let markers = isolate_markers(arena, scope, doc, &mut out.diagnostics);
        for (open, close) in pair_markers(markers, &mut out.diagnostics) {
            let grounds = match &open.token {
                Token::Open(written) => {
                    parse_marker_grounds(written, &open.location, doc, &mut out.diagnostics)
                }
                _ => Vec::new(),
            };
            for ground in &grounds {
                *counts.entry(*ground).or_insert(0) += 1;
            }
            let removed = remove_between(open.node, close.as_ref().map(|c| c.node), scope);
            let end = match &close {
                Some(close) => (
                    close.location.line,
                    close.location.column + close.location.width - 1,
                ),
                None => {
                    out.unclosed_marker = true;
                    (usize::MAX, usize::MAX)
                }
            };
            out.withheld.extend(passages(&removed, &open.location, end));
            apply_removal(&removed);
            for node in mark(arena, &grounds, open.node.data().sourcepos.start) {
                open.node.insert_before(node);
            }
            open.node.detach();
            if let Some(close) = close {
                let parent = close.node.parent();
                close.node.detach();
                remove_empty_containers(parent);
            }
        }
    }
    counts
}

/// Splits text nodes so that every marker is a text node of its own, and
/// returns the markers of `scope` in document order (footnote definitions
/// other than `scope` itself are separate scopes).
fn isolate_markers<'a>(
    arena: &'a Arena<'a>,
    scope: Node<'a>,
    doc: &Document,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Marker<'a>> {
    let mut markers = Vec::new();
    for node in nodes_in_scope(scope) {
        let (literal, start) = {
            let data = node.data();
            let NodeValue::Text(ref text) = data.value else {
                continue;
            };
            if !text.contains('{') {
                continue;
            }
            (text.to_string(), data.sourcepos.start)
        };
        let found = scan_markers(&literal);
        if marker_shapes(&literal).count() > found.len() {
            diagnostics.push(
                Diagnostic::error(
                    "redaction/malformed-marker",
                    "this text looks like a redaction marker, but nota cannot read it as one",
                )
                .at(marker_location(doc, start, &literal, literal.find('{').unwrap_or(0)))
                .help("write the markers exactly as `{lak 5.1.2e}` before the withheld text and `{/lak}` after it, without emphasis, links or other markup inside them"),
            );
        }
        if found.is_empty() {
            continue;
        }
        let mut cursor = 0;
        for (range, token) in found {
            if range.start > cursor {
                node.insert_before(text_node(arena, &literal[cursor..range.start], start));
            }
            let location = marker_location(doc, start, &literal, range.start)
                .with_width(literal[range.clone()].chars().count());
            if token == Token::Unterminated {
                diagnostics.push(
                    Diagnostic::error(
                        "redaction/malformed-marker",
                        "this redaction marker is not closed with `}`",
                    )
                    .at(location.clone())
                    .help("write the marker as `{lak 5.1.2e}` before the withheld text and `{/lak}` after it"),
                );
            }
            let marker_node = text_node(arena, &literal[range.clone()], start);
            node.insert_before(marker_node);
            markers.push(Marker {
                node: marker_node,
                token,
                location,
            });
            cursor = range.end;
        }
        if cursor < literal.len() {
            node.insert_before(text_node(arena, &literal[cursor..], start));
        }
        node.detach();
    }
    markers
}

/// Text nodes of a scope in document order, skipping nested footnote
/// definitions (they are scopes of their own).
fn nodes_in_scope<'a>(scope: Node<'a>) -> Vec<Node<'a>> {
    let mut nodes = Vec::new();
    let mut stack = vec![scope];
    while let Some(node) = stack.pop() {
        let is_other_definition =
            !node.same_node(scope) && matches!(node.data().value, NodeValue::FootnoteDefinition(_));
        if is_other_definition {
            continue;
        }
        if matches!(node.data().value, NodeValue::Text(_)) {
            nodes.push(node);
        }
        for child in node.reverse_children() {
            stack.push(child);
        }
    }
    nodes
}

/// Pairs openers with closers. Reports nested, unclosed and stray markers;
/// an unclosed opener is paired with the end of its scope (fail closed).
fn pair_markers<'a>(
    markers: Vec<Marker<'a>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(Marker<'a>, Option<Marker<'a>>)> {
    let mut pairs = Vec::new();
    let mut open: Vec<Marker<'a>> = Vec::new();
    for marker in markers {
        match marker.token {
            // Already reported; it still withholds what follows.
            Token::Unterminated if open.is_empty() => open.push(marker),
            Token::Unterminated => marker.node.detach(),
            Token::Open(_) => {
                if let Some(outer) = open.first() {
                    diagnostics.push(
                        Diagnostic::error(
                            "redaction/nested-marker",
                            format!(
                                "a redaction marker inside another one (opened on line {})",
                                outer.location.line
                            ),
                        )
                        .at(marker.location.clone())
                        .help("close the first passage with `{/lak}` before opening the next, or list several grounds in one marker: `{lak 5.1.2e 5.1.2i}`"),
                    );
                }
                open.push(marker);
            }
            Token::Close => match open.pop() {
                None => {
                    diagnostics.push(
                        Diagnostic::error(
                            "redaction/stray-closer",
                            "`{/lak}` without an opening `{lak …}` before it",
                        )
                        .at(marker.location.clone())
                        .help("add `{lak <ground>}` where the withheld text starts, or delete this `{/lak}`"),
                    );
                    marker.node.detach();
                }
                Some(opener) if open.is_empty() => pairs.push((opener, Some(marker))),
                Some(inner) => {
                    inner.node.detach();
                    marker.node.detach();
                }
            },
        }
    }
    let mut unclosed = open.into_iter();
    if let Some(outer) = unclosed.next() {
        if outer.token != Token::Unterminated {
            diagnostics.push(
                Diagnostic::error(
                    "redaction/unclosed-marker",
                    "this redaction marker is never closed",
                )
                .at(outer.location.clone())
                .help("add `{/lak}` where the withheld text ends (in the same footnote, if it starts in one); until then everything after the marker is withheld"),
            );
        }
        for inner in unclosed {
            inner.node.detach();
        }
        pairs.push((outer, None));
    }
    pairs
}

/// The grounds of one marker; reports unknown, Wob and missing ones.
fn parse_marker_grounds(
    written: &str,
    location: &Location,
    doc: &Document,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Ground> {
    let mut grounds = Vec::new();
    let parsed = Ground::parse_list(written);
    if parsed.is_empty() {
        diagnostics.push(
            Diagnostic::error(
                "redaction/missing-ground",
                "this redaction marker names no refusal ground",
            )
            .at(location.clone())
            .help(format!(
                "name the Woo ground the text is withheld on, e.g. `{{lak 5.1.2e}}`; the grounds are {}",
                Ground::all_codes()
            )),
        );
    }
    for result in parsed {
        match result {
            Ok(ground) if !grounds.contains(&ground) => grounds.push(ground),
            Ok(_) => {}
            Err(error) => diagnostics.push(
                Diagnostic::error(redaction::ground_error_code(&error), error.to_string())
                    .at(location.clone())
                    .help(error.help()),
            ),
        }
    }
    if grounds.contains(&Ground::G52) && is_beslisnota(doc) {
        diagnostics.push(ground_5_2_warning(location.clone()));
    }
    grounds
}

fn is_beslisnota(doc: &Document) -> bool {
    doc.meta
        .kind
        .as_deref()
        .is_some_and(|k| k.eq_ignore_ascii_case("beslisnota"))
}

fn ground_5_2_warning(location: Location) -> Diagnostic {
    Diagnostic::warning(
        "redaction/ground-5-2",
        "ground 5.2 (persoonlijke beleidsopvattingen) in a beslisnota",
    )
    .at(location)
    .help("the cabinet's policy publishes personal policy opinions in beslisnota's; withhold only what another ground covers (names: 5.1.2e), or keep 5.2 if the exception was reviewed")
}

/// The column of `offset` (bytes into a text node's literal) in characters.
fn marker_location(doc: &Document, start: LineColumn, literal: &str, offset: usize) -> Location {
    let line_text = doc
        .body
        .lines()
        .nth(start.line.saturating_sub(1))
        .unwrap_or("");
    let byte = start.column.saturating_sub(1) + offset;
    let column = if byte <= line_text.len() && line_text.is_char_boundary(byte) {
        line_text[..byte].chars().count() + 1
    } else {
        start.column + literal[..offset].chars().count()
    };
    doc.body_location(start.line, column)
}

// ---------------------------------------------------------------------------
// Removing a range

/// The maximal subtrees strictly between `open` and `close` (or the end of
/// `scope`), in document order. Footnote definitions are never part of a
/// range: they belong to wherever they are referenced from.
fn remove_between<'a>(open: Node<'a>, close: Option<Node<'a>>, scope: Node<'a>) -> Vec<Node<'a>> {
    let common = close.map_or(scope, |c| common_ancestor(open, c).unwrap_or(scope));
    let mut removed = Vec::new();
    let mut open_side = open;
    while let Some(parent) = open_side.parent() {
        if parent.same_node(common) {
            break;
        }
        removed.extend(open_side.following_siblings().skip(1));
        open_side = parent;
    }
    let mut close_levels: Vec<Vec<Node<'a>>> = Vec::new();
    let mut close_side = close;
    while let Some(node) = close_side {
        match node.parent() {
            Some(parent) if !parent.same_node(common) => {
                let mut level: Vec<Node<'a>> = node.preceding_siblings().skip(1).collect();
                level.reverse();
                close_levels.push(level);
                close_side = Some(parent);
            }
            _ => break,
        }
    }
    for sibling in open_side.following_siblings().skip(1) {
        if close_side.is_some_and(|c| c.same_node(sibling)) {
            break;
        }
        removed.push(sibling);
    }
    for level in close_levels.into_iter().rev() {
        removed.extend(level);
    }
    removed.retain(|n| !matches!(n.data().value, NodeValue::FootnoteDefinition(_)));
    removed
}

fn common_ancestor<'a>(a: Node<'a>, b: Node<'a>) -> Option<Node<'a>> {
    let of_a: Vec<Node<'a>> = a.ancestors().collect();
    b.ancestors()
        .find(|candidate| of_a.iter().any(|x| x.same_node(candidate)))
}

/// Detaches removed nodes; table cells and header rows are emptied instead,
/// so the table keeps its shape.
fn apply_removal(removed: &[Node<'_>]) {
    for node in removed {
        let value = node.data().value.clone();
        match value {
            NodeValue::TableCell => empty(node),
            NodeValue::TableRow(true) => node.children().for_each(|cell| empty(cell)),
            _ => node.detach(),
        }
    }
}

fn empty(node: Node<'_>) {
    let children: Vec<_> = node.children().collect();
    for child in children {
        child.detach();
    }
}

/// After a closer is removed, its paragraph (and emphasis, list item, …)
/// may be left empty: remove those, up to the first non-empty container.
fn remove_empty_containers(mut node: Option<Node<'_>>) {
    while let Some(current) = node {
        let removable = matches!(
            current.data().value,
            NodeValue::Paragraph
                | NodeValue::Emph
                | NodeValue::Strong
                | NodeValue::Strikethrough
                | NodeValue::Link(_)
                | NodeValue::Item(_)
                | NodeValue::List(_)
                | NodeValue::BlockQuote
        );
        if !removable || current.first_child().is_some() {
            return;
        }
        let parent = current.parent();
        current.detach();
        node = parent;
    }
}

const MARK_OPEN: &str = "<span class=\"lak\"";

/// Whether a text node is the codes of a mark (see [`mark`]).
fn is_mark_text(node: Node<'_>) -> bool {
    node.previous_sibling().is_some_and(
        |before| matches!(before.data().value, NodeValue::Raw(ref raw) if raw.starts_with(MARK_OPEN)),
    )
}

/// The mark that replaces a passage: `[5.1.2e]` in a fixed-width black box
/// whose accessible name explains the ground. The code is a text node, so
/// plain-text uses (image alt text, heading ids, summaries) show it too.
fn mark<'a>(arena: &'a Arena<'a>, grounds: &[Ground], at: LineColumn) -> [Node<'a>; 3] {
    let label = if grounds.is_empty() {
        "Weggelakt".to_string()
    } else {
        Ground::accessible_name(grounds)
    };
    let codes = if grounds.is_empty() {
        "?".to_string()
    } else {
        grounds
            .iter()
            .map(|g| g.code())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let open = format!(
        "{MARK_OPEN} role=\"img\" aria-label=\"{}\">",
        escape_attribute(&label)
    );
    [
        node(arena, NodeValue::Raw(open), at),
        text_node(arena, &format!("[{codes}]"), at),
        node(arena, NodeValue::Raw("</span>".to_string()), at),
    ]
}

fn escape_attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn node<'a>(arena: &'a Arena<'a>, value: NodeValue, at: LineColumn) -> Node<'a> {
    arena.alloc(AstNode::new(RefCell::new(Ast::new(value, at))))
}

fn text_node<'a>(arena: &'a Arena<'a>, text: &str, at: LineColumn) -> Node<'a> {
    node(arena, NodeValue::Text(text.to_string().into()), at)
}

/// The file line where `node`'s source ends, and "the end of that line".
fn node_end(node: Node<'_>, doc: &Document) -> (usize, usize) {
    let line = node
        .data()
        .sourcepos
        .end
        .line
        .max(node.data().sourcepos.start.line);
    (line + doc.body_line_offset, usize::MAX)
}

// ---------------------------------------------------------------------------
// Passages for the leak guard

/// The text of removed nodes as passages: inline runs in the same block form
/// one passage, every block its own, and link targets their own. The
/// removed source runs from `location` to `end` (file line and column).
fn passages(removed: &[Node<'_>], location: &Location, end: (usize, usize)) -> Vec<Withheld> {
    passages_with(removed, location, end, true)
}

/// [`passages`], with link and image targets only when `targets`.
fn passages_with(
    removed: &[Node<'_>],
    location: &Location,
    end: (usize, usize),
    targets: bool,
) -> Vec<Withheld> {
    let mut texts: Vec<String> = Vec::new();
    let mut run = String::new();
    let mut run_block: Option<Node<'_>> = None;
    for node in removed {
        if node.data().value.block() {
            texts.push(std::mem::take(&mut run));
            run_block = None;
            block_passages(node, &mut texts, targets);
            continue;
        }
        let block = node.ancestors().find(|a| a.data().value.block());
        let same = match (run_block, block) {
            (Some(a), Some(b)) => a.same_node(b),
            _ => false,
        };
        if !same {
            texts.push(std::mem::take(&mut run));
            run_block = block;
        }
        run.push_str(&raw_text(node));
        if targets {
            link_targets(node, &mut texts);
        }
    }
    texts.push(run);
    texts
        .into_iter()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty())
        .map(|text| Withheld {
            text,
            location: location.clone(),
            end,
        })
        .collect()
}

/// One passage per text-bearing block inside `node`.
fn block_passages(node: Node<'_>, texts: &mut Vec<String>, targets: bool) {
    for d in node.descendants() {
        match d.data().value {
            NodeValue::CodeBlock(ref code) => texts.push(code.literal.clone()),
            NodeValue::HtmlBlock(ref html) => texts.push(html.literal.clone()),
            NodeValue::Paragraph | NodeValue::Heading(_) | NodeValue::TableCell => {}
            _ => continue,
        }
        if matches!(
            d.data().value,
            NodeValue::Paragraph | NodeValue::Heading(_) | NodeValue::TableCell
        ) {
            texts.push(raw_text(d));
        }
    }
    if targets {
        link_targets(node, texts);
    }
}

/// Link and image targets and titles inside `node`.
fn link_targets(node: Node<'_>, texts: &mut Vec<String>) {
    for d in node.descendants() {
        if let NodeValue::Link(ref link) | NodeValue::Image(ref link) = d.data().value {
            texts.push(link.url.clone());
            texts.push(link.title.clone());
        }
    }
}

/// Text of a node as written, without trimming (runs are joined later).
fn raw_text(node: Node<'_>) -> String {
    let mut out = String::new();
    for d in node.descendants() {
        match d.data().value {
            // The mark of a passage removed earlier is nota's text, not the note's.
            NodeValue::Text(_) if is_mark_text(d) => {}
            NodeValue::Text(ref t) => out.push_str(t),
            NodeValue::Code(ref c) => out.push_str(&c.literal),
            NodeValue::HtmlInline(ref h) => out.push_str(h),
            NodeValue::SoftBreak | NodeValue::LineBreak => out.push(' '),
            _ => {}
        }
        if d.data().value.block() && !d.same_node(node) {
            out.push(' ');
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Raw HTML

/// Markers where they are not applied: in raw HTML (not seen by the parser
/// as text; nota shows raw HTML as text, so the marker would publish what it
/// meant to withhold), in link and image targets and titles, and a whole
/// passage inside code (shown as written). A lone marker in code documents
/// the syntax and stays.
fn report_markers_not_applied(root: Node<'_>, doc: &Document, diagnostics: &mut Vec<Diagnostic>) {
    for node in root.descendants() {
        let (code, message, help) = match node.data().value {
            NodeValue::HtmlBlock(ref html) if looks_like_marker(&html.literal) => (
                "redaction/marker-in-html",
                "a redaction marker inside raw HTML is not applied",
                "write the passage as Markdown, without HTML tags around or inside the `{lak …}…{/lak}` markers",
            ),
            NodeValue::HtmlInline(ref html) if looks_like_marker(html) => (
                "redaction/marker-in-html",
                "a redaction marker inside raw HTML is not applied",
                "write the passage as Markdown, without HTML tags around or inside the `{lak …}…{/lak}` markers",
            ),
            NodeValue::Code(ref code) if holds_marker_pair(&code.literal) => (
                "redaction/marker-in-code",
                "a redaction passage inside code is not applied: code is shown as written",
                "to withhold the code, put the markers around it, outside the backticks; to show the syntax, put the opening and the closing marker in separate code spans",
            ),
            NodeValue::CodeBlock(ref block) if holds_marker_pair(&block.literal) => (
                "redaction/marker-in-code",
                "a redaction passage inside a code block is not applied: code is shown as written",
                "to withhold the code block, put `{lak 5.1.2e}` on a line of its own before it and `{/lak}` after it; to show the syntax, put the opening and the closing marker in separate code blocks",
            ),
            NodeValue::Link(ref link) | NodeValue::Image(ref link)
                if looks_like_marker(&link.url) || looks_like_marker(&link.title) =>
            {
                (
                    "redaction/marker-in-link",
                    "a redaction marker inside a link or image target is not applied",
                    "withhold the whole link: `{lak 5.1.2e}[tekst](adres){/lak}`",
                )
            }
            _ => continue,
        };
        diagnostics.push(
            Diagnostic::error(code, message)
                .at(location_of(node, doc))
                .help(help),
        );
    }
}

// ---------------------------------------------------------------------------
// Footnotes

fn definitions<'a>(root: Node<'a>) -> BTreeMap<String, Node<'a>> {
    let mut map = BTreeMap::new();
    for node in root.descendants() {
        if let NodeValue::FootnoteDefinition(ref nfd) = node.data().value {
            map.entry(fold(&nfd.name)).or_insert(node);
        }
    }
    map
}

/// Names of footnotes reachable from the body, also through other footnotes.
fn reachable_footnotes(root: Node<'_>) -> BTreeSet<String> {
    let definitions = definitions(root);
    let mut reached = BTreeSet::new();
    let mut queue = references_in(root);
    while let Some(name) = queue.pop() {
        if !reached.insert(name.clone()) {
            continue;
        }
        if let Some(definition) = definitions.get(&name) {
            queue.extend(references_in(definition));
        }
    }
    reached
}

/// Footnote references in `scope`, not counting nested definitions.
fn references_in(scope: Node<'_>) -> Vec<String> {
    let mut names = Vec::new();
    let mut stack = vec![scope];
    while let Some(node) = stack.pop() {
        let value = &node.data().value;
        if !node.same_node(scope) && matches!(value, NodeValue::FootnoteDefinition(_)) {
            continue;
        }
        if let NodeValue::FootnoteReference(ref nfr) = *value {
            names.push(fold(&nfr.name));
        }
        stack.extend(node.children());
    }
    names
}

/// Drops definitions that were referenced before removal and are not now.
fn drop_orphaned_footnotes(
    root: Node<'_>,
    referenced_before: &BTreeSet<String>,
    doc: &Document,
    withheld: &mut Vec<Withheld>,
) {
    let referenced_now = reachable_footnotes(root);
    for (name, definition) in definitions(root) {
        if referenced_before.contains(&name) && !referenced_now.contains(&name) {
            let location = location_of(definition, doc);
            let children: Vec<_> = definition.children().collect();
            withheld.extend(passages(&children, &location, node_end(definition, doc)));
            definition.detach();
        }
    }
}

#[cfg(test)]
mod tests;
