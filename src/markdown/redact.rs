//! Removing withheld text from the parsed note, before anything else reads it.
//!
//! This runs right after parsing, so heading ids, the table of contents, the
//! derived summary, link collection, footnote numbering and the HTML all see
//! a document from which the withheld text is already gone: there is no later
//! stage that could forget to filter.
//!
//! Two things are removed:
//! - `{lak 5.1.2e}…{/lak}` passages anywhere (they may cross inline formatting,
//!   paragraphs, list items and table cells). The markers are found in text
//!   nodes only, so markers in code spans and code blocks stay literal text.
//!   Each passage becomes a fixed-width mark that shows the ground codes and
//!   has a Dutch accessible name; its width never depends on what was removed.
//! - The body of section 5 ("Informatie die niet openbaar gemaakt kan
//!   worden"), when the front matter says `woo.section5: redact`. A body
//!   with content and no decision is an error, and is removed as well so that
//!   nothing downstream sees it.
//!
//! Footnote definitions referenced only from removed text (directly or via
//! other dropped footnotes) are dropped too, so numbering skips them and they
//! are not reported as unused. Every removed passage is returned as
//! [`Withheld`] text for the leak guard.
//!
//! Where a section 5 title is a paragraph or a list item (Word and PDF
//! conversions), there is no heading level to end the section, so it runs to
//! the next heading of any level or the end of the body. That may take in
//! more than the author meant, which errs on the side of withholding.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use comrak::Arena;
use comrak::nodes::{Ast, AstNode, LineColumn, NodeValue};

use super::{fold, location_of};
use crate::config::redaction::Settings;
use crate::diagnostic::{Diagnostic, Location};
use crate::disclosure::Ground;
use crate::disclosure::{self as redaction, Decision, Redactions, Section5, Withheld};
use crate::front_matter::Document;

type Node<'a> = &'a AstNode<'a>;

/// What redaction did to one note.
pub(super) struct Outcome {
    pub redactions: Redactions,
    pub withheld: Vec<Withheld>,
    pub diagnostics: Vec<Diagnostic>,
    /// The body line (as the parser counts it) of section 5's title, when
    /// the note has one: the derived summary and the check for unwritten
    /// sections stop there.
    pub section5_start: Option<usize>,
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
        section5_start: None,
    };
    report_markers_in_raw_html(root, doc, &mut out.diagnostics);
    let referenced_before = reachable_footnotes(root);
    out.redactions.inline = redact_markers(arena, root, doc, &mut out);
    let (decision, problems) = redaction::decision(doc);
    out.diagnostics.extend(problems);
    out.redactions.section5 = redact_section5(arena, root, doc, settings, &decision, &mut out);
    drop_orphaned_footnotes(root, &referenced_before, doc, &mut out.withheld);
    out
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
fn scan_markers(text: &str) -> Vec<(std::ops::Range<usize>, Token)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(offset) = text[i..].find('{') {
        let start = i + offset;
        let mut j = start + 1;
        let skip_spaces = |mut j: usize| {
            while j < bytes.len() && bytes[j] == b' ' {
                j += 1;
            }
            j
        };
        j = skip_spaces(j);
        let closing = j < bytes.len() && bytes[j] == b'/';
        if closing {
            j = skip_spaces(j + 1);
        }
        let is_lak = text
            .get(j..j + 3)
            .is_some_and(|w| w.eq_ignore_ascii_case("lak"));
        let after = j + 3;
        let boundary =
            after >= bytes.len() || bytes[after] == b'}' || bytes[after].is_ascii_whitespace();
        if !is_lak || !boundary {
            i = start + 1;
            continue;
        }
        match text[after..].find('}') {
            Some(end) => {
                let inner = &text[after..after + end];
                let range = start..after + end + 1;
                let token = if closing {
                    if inner.trim().is_empty() {
                        Token::Close
                    } else {
                        Token::Unterminated
                    }
                } else {
                    Token::Open(inner.trim().to_string())
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
            out.withheld.extend(passages(&removed, &open.location));
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
            (text.to_string(), data.sourcepos.start)
        };
        let found = scan_markers(&literal);
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
        "<span class=\"lak\" role=\"img\" aria-label=\"{}\">",
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

// ---------------------------------------------------------------------------
// Passages for the leak guard

/// The text of removed nodes as passages: inline runs in the same block form
/// one passage, every block its own, and link targets their own.
fn passages(removed: &[Node<'_>], location: &Location) -> Vec<Withheld> {
    let mut texts: Vec<String> = Vec::new();
    let mut run = String::new();
    let mut run_block: Option<Node<'_>> = None;
    for node in removed {
        if node.data().value.block() {
            texts.push(std::mem::take(&mut run));
            run_block = None;
            block_passages(node, &mut texts);
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
        link_targets(node, &mut texts);
    }
    texts.push(run);
    texts
        .into_iter()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty())
        .map(|text| Withheld {
            text,
            location: location.clone(),
        })
        .collect()
}

/// One passage per text-bearing block inside `node`.
fn block_passages(node: Node<'_>, texts: &mut Vec<String>) {
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
    link_targets(node, texts);
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

/// Markers inside raw HTML are not seen by the parser as text; nota shows raw
/// HTML as text, so such a marker would publish what it meant to withhold.
fn report_markers_in_raw_html(root: Node<'_>, doc: &Document, diagnostics: &mut Vec<Diagnostic>) {
    for node in root.descendants() {
        let literal = match node.data().value {
            NodeValue::HtmlBlock(ref html) => html.literal.clone(),
            NodeValue::HtmlInline(ref html) => html.clone(),
            _ => continue,
        };
        if !scan_markers(&literal).is_empty() {
            diagnostics.push(
                Diagnostic::error(
                    "redaction/marker-in-html",
                    "a redaction marker inside raw HTML is not applied",
                )
                .at(location_of(node, doc))
                .help("write the passage as Markdown, without HTML tags around or inside the `{lak …}…{/lak}` markers"),
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Section 5

/// Where a section-5 title was found.
#[derive(Clone, Copy)]
enum TitleKind {
    /// A heading at the top level, with its level.
    Heading(u8),
    /// A paragraph at the top level (plain or bold).
    Paragraph,
    /// The first paragraph of an item of a top-level list (`5. Informatie …`).
    ListItem,
    /// Anywhere else: inside a quote, a nested list, a footnote.
    Misplaced,
}

fn redact_section5<'a>(
    arena: &'a Arena<'a>,
    root: Node<'a>,
    doc: &Document,
    settings: &Settings,
    decision: &Decision,
    out: &mut Outcome,
) -> Section5 {
    let titles = find_titles(root, settings);
    let mut placed = Vec::new();
    for (node, kind) in titles {
        if matches!(kind, TitleKind::Misplaced) {
            out.diagnostics.push(
                Diagnostic::error(
                    "redaction/section5-nested",
                    "section 5 is inside another block (a quote, a nested list or a footnote)",
                )
                .at(location_of(node, doc))
                .help("put section 5 at the top level of the note, as a heading such as `## 5. Informatie die niet openbaar gemaakt kan worden`"),
            );
            continue;
        }
        placed.push((node, kind));
    }
    out.section5_start = placed
        .first()
        .map(|(node, _)| node.data().sourcepos.start.line);
    if let Some((first, _)) = placed.first() {
        let first_line = location_of(first, doc).line;
        for (node, _) in placed.iter().skip(1) {
            out.diagnostics.push(
                Diagnostic::error(
                    "redaction/section5-duplicate",
                    format!("a second section 5 in this note (the first is on line {first_line})"),
                )
                .at(location_of(node, doc))
                .help("a note has one section 5: merge the two into one"),
            );
        }
    }
    let mut state = Section5::Absent;
    for (index, (title, kind)) in placed.iter().enumerate() {
        if title.parent().is_none() {
            continue; // removed with an earlier section 5
        }
        if let TitleKind::Heading(level) = kind {
            report_nesting(root, title, *level, doc, &mut out.diagnostics);
        }
        let result = decide_section(arena, title, *kind, doc, settings, decision, out);
        if index == 0 {
            state = result;
        }
    }
    if matches!(
        state,
        Section5::Absent | Section5::Empty | Section5::NotApplicable
    ) && matches!(decision, Decision::Redact(_) | Decision::Publish)
    {
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

/// Every block whose text is a section-5 title, with where it is.
fn find_titles<'a>(root: Node<'a>, settings: &Settings) -> Vec<(Node<'a>, TitleKind)> {
    let keys: Vec<String> = settings
        .section5_titles
        .iter()
        .map(|t| title_key(t))
        .collect();
    let longest_key = keys.iter().map(|k| k.chars().count()).max().unwrap_or(0);
    let mut found = Vec::new();
    for node in root.descendants() {
        let kind = match node.data().value {
            NodeValue::Heading(ref h) => TitleKind::Heading(h.level),
            NodeValue::Paragraph => TitleKind::Paragraph,
            _ => continue,
        };
        if !may_have_key_within(node, longest_key)
            || !keys.contains(&title_key(&super::plain_text(node)))
        {
            continue;
        }
        found.push((node, placement(root, node, kind)));
    }
    found
}

/// Whether [`title_key`] of the node's text can be at most `longest` chars
/// long: false as soon as the text after its first word holds more letters
/// and digits than that. Every paragraph is a candidate title, so this
/// rejects body text after a few dozen characters instead of copying and
/// folding all of it.
fn may_have_key_within(node: Node<'_>, longest: usize) -> bool {
    let mut in_first_word = None; // None: before it; Some(true): in it
    let mut counted = 0;
    let mut feed = |c: char| {
        if c.is_whitespace() {
            if in_first_word == Some(true) {
                in_first_word = Some(false);
            }
            return true;
        }
        match in_first_word {
            None | Some(true) => in_first_word = Some(true),
            Some(false) => {
                if c.is_alphanumeric() {
                    counted += 1;
                }
            }
        }
        counted <= longest
    };
    for d in node.descendants() {
        let fits = match d.data().value {
            NodeValue::Text(ref t) => t.chars().all(&mut feed),
            NodeValue::Code(ref c) => c.literal.chars().all(&mut feed),
            NodeValue::SoftBreak | NodeValue::LineBreak => feed(' '),
            _ => true,
        };
        if !fits {
            return false;
        }
    }
    true
}

fn placement<'a>(root: Node<'a>, node: Node<'a>, kind: TitleKind) -> TitleKind {
    let parent = node.parent();
    if parent.is_some_and(|p| p.same_node(root)) {
        return kind;
    }
    let in_top_list_item = parent.is_some_and(|item| {
        matches!(item.data().value, NodeValue::Item(_))
            && item.first_child().is_some_and(|f| f.same_node(node))
            && item
                .parent()
                .and_then(|list| list.parent())
                .is_some_and(|p| p.same_node(root))
    });
    if matches!(kind, TitleKind::Paragraph) && in_top_list_item {
        TitleKind::ListItem
    } else {
        TitleKind::Misplaced
    }
}

/// A section-5 heading below a heading of a higher level is nested in that
/// section. A single level-1 heading that opens the note is its title and
/// does not count.
fn report_nesting<'a>(
    root: Node<'a>,
    title: Node<'a>,
    level: u8,
    doc: &Document,
    diagnostics: &mut Vec<Diagnostic>,
) {
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
            && matches!(first.data().value, NodeValue::Heading(ref h) if h.level == 1)
    });
    let parent_section = headings
        .iter()
        .take_while(|(n, _)| !n.same_node(title))
        .filter(|(n, l)| *l < level && !opening_title.is_some_and(|t| t.same_node(n)))
        .last();
    if let Some((parent, _)) = parent_section {
        let parent_title = super::plain_text(parent);
        diagnostics.push(
            Diagnostic::error(
                "redaction/section5-nested",
                format!(
                    "section 5 is nested inside the section `{parent_title}` (line {})",
                    location_of(parent, doc).line
                ),
            )
            .at(location_of(title, doc))
            .help("give section 5 the same heading level as the note's other main sections, e.g. `## 5. Informatie die niet openbaar gemaakt kan worden`"),
        );
    }
}

/// Applies the decision to one section 5 and returns its state.
fn decide_section<'a>(
    arena: &'a Arena<'a>,
    title: Node<'a>,
    kind: TitleKind,
    doc: &Document,
    settings: &Settings,
    decision: &Decision,
    out: &mut Outcome,
) -> Section5 {
    let content = section_content(title, kind);
    if content.is_empty() {
        return Section5::Empty;
    }
    if is_nothing_withheld(&content, settings) {
        return Section5::NotApplicable;
    }
    match decision {
        Decision::Publish => Section5::Published,
        Decision::Redact(grounds) => {
            let location = location_of(content[0], doc);
            out.withheld.extend(passages(&content, &location));
            apply_removal(&content);
            insert_notice(arena, title, grounds);
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
            let location = location_of(content[0], doc);
            if *decision == Decision::Undecided {
                out.diagnostics.push(
                    Diagnostic::error(
                        "redaction/section5-content",
                        "section 5 has content, and the front matter does not say whether it may be published",
                    )
                    .at(location.clone())
                    .help("leave section 5 empty or write \"Niet van toepassing.\"; or add to the front matter `woo: {section5: redact, grounds: [\"5.1.2e\"]}` to withhold it, or `woo: {section5: publish}` when it is a reviewed public motivation. If the section ends earlier than nota thinks, make its title a Markdown heading (`## …`)"),
                );
            }
            out.withheld.extend(passages(&content, &location));
            apply_removal(&content);
            Section5::Refused
        }
    }
}

/// The blocks of section 5 after its title. Footnote definitions are not
/// part of it.
fn section_content<'a>(title: Node<'a>, kind: TitleKind) -> Vec<Node<'a>> {
    let mut content: Vec<Node<'a>> = Vec::new();
    let after = match kind {
        TitleKind::ListItem => {
            content.extend(title.following_siblings().skip(1));
            let item = title.parent();
            if let Some(item) = item {
                content.extend(item.following_siblings().skip(1));
            }
            item.and_then(|i| i.parent())
        }
        _ => Some(title),
    };
    let end_level = match kind {
        TitleKind::Heading(level) => level,
        _ => u8::MAX,
    };
    if let Some(after) = after {
        for sibling in after.following_siblings().skip(1) {
            if matches!(sibling.data().value, NodeValue::Heading(ref h) if h.level <= end_level) {
                break;
            }
            content.push(sibling);
        }
    }
    content.retain(|n| !matches!(n.data().value, NodeValue::FootnoteDefinition(_)));
    content
}

fn is_nothing_withheld(content: &[Node<'_>], settings: &Settings) -> bool {
    let [only] = content else {
        return false;
    };
    if !matches!(only.data().value, NodeValue::Paragraph) {
        return false;
    }
    let key = title_key(&super::plain_text(only));
    settings
        .nothing_withheld
        .iter()
        .any(|phrase| title_key(phrase) == key)
}

/// After a redacted section-5 title: the mark and a sentence saying so.
fn insert_notice<'a>(arena: &'a Arena<'a>, title: Node<'a>, grounds: &[Ground]) {
    let at = title.data().sourcepos.start;
    let paragraph = node(arena, NodeValue::Paragraph, at);
    for part in mark(arena, grounds, at) {
        paragraph.append(part);
    }
    paragraph.append(text_node(
        arena,
        " De inhoud van dit onderdeel is niet openbaar gemaakt.",
        at,
    ));
    title.insert_after(paragraph);
}

/// A title as compared: no numbering (`5`, `5.`, `5)`, `4.`, `V.`), only
/// letters and digits, lower case. Spaces go too, so "openbaargemaakt" and
/// "openbaar gemaakt" compare equal.
pub(super) fn title_key(text: &str) -> String {
    without_numbering(text.trim())
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn without_numbering(text: &str) -> &str {
    let Some((first, rest)) = text.split_once(char::is_whitespace) else {
        return text;
    };
    let core = first
        .trim_start_matches('(')
        .trim_end_matches([')', '.', ':']);
    let arabic = !core.is_empty() && core.chars().all(|c| c.is_ascii_digit() || c == '.');
    let roman = !core.is_empty()
        && first.ends_with(['.', ')'])
        && core.chars().all(|c| "ivxlcdmIVXLCDM".contains(c));
    if arabic || roman {
        rest.trim_start()
    } else {
        text
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
            withheld.extend(passages(&children, &location));
            definition.detach();
        }
    }
}

#[cfg(test)]
mod tests;
