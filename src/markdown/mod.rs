//! Markdown to HTML: the only module that uses comrak.
//!
//! A note body is parsed once into comrak's AST, changed in place (footnote
//! numbering, heading ids, link targets), and rendered once. Everything later
//! stages need from the AST (headings, links, images, positions) is copied
//! out into plain types here, so the AST never leaves this module.
//!
//! Footnotes get their own markup (Dutch names, DPUB roles, one back-link per
//! reference; the markup and why: `docs/accessibility.md`): comrak's built-in footnote
//! HTML is English and cannot be changed, so definitions are detached from the
//! tree, rendered one by one and wrapped by [`render_footnotes`].
//!
//! Withheld text (`{lak …}` passages, a redacted section 5) is removed by the
//! `redact` submodule right after parsing, before any of the above.

pub mod citations;
mod published;
mod redact;

use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};

use rustc_hash::FxHashMap as HashMap;
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use comrak::nodes::{Ast, AstNode, LineColumn, NodeValue};
use comrak::{Arena, Options, create_formatter, parse_document};

use crate::base_path::BasePath;
use crate::diagnostic::{Diagnostic, Location};
use crate::disclosure::{Redactions, Withheld};
use crate::front_matter::Document;
use crate::published_text::PublishedText;
use crate::skeleton;

/// What a note's body became: HTML plus the facts checks and indexes need.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The body's HTML, footnotes section included.
    pub html: String,
    /// Headings in order, with their ids: the page's outline.
    pub toc: Vec<Heading>,
    /// The front-matter title, `{lak …}` passages replaced by their codes.
    pub title: String,
    /// Plain-text summary: the front matter's (passages replaced by their
    /// codes), or the first paragraph's.
    pub summary: String,
    pub facts: Facts,
    /// What the note withholds (section 5, `{lak …}` passages).
    pub redactions: Redactions,
    /// The removed text, for the leak guard only.
    pub withheld: Vec<Withheld>,
    /// The text the page shows, in blocks with their source positions, for
    /// checks that read prose (the personal-data check).
    pub published: PublishedText,
    pub diagnostics: Vec<Diagnostic>,
}

/// A heading of the note body.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// Level as rendered (2 for the note's top level; the page title is 1).
    pub level: u8,
    pub id: String,
    pub title: String,
    #[serde(skip)]
    pub location: Location,
}

/// A link or image target in the body, after resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub url: String,
    /// The link's text (or the image's alt text).
    pub text: String,
    pub image: bool,
    pub location: Location,
}

/// A table in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Whether the header row has any text.
    pub has_header_text: bool,
    pub location: Location,
}

/// A parliamentary citation that became a link (see [`citations`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CitationLink {
    pub kind: citations::Kind,
    pub url: String,
    /// The citation as written, e.g. `Kamerstukken II 2021/22, 29279, nr. 123`.
    pub text: String,
    #[serde(skip)]
    pub location: Location,
}

/// Facts about a body that read-only checks work on.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// Links and images of the body and its footnotes, in document order.
    pub links: Vec<Link>,
    pub tables: Vec<Table>,
    pub footnote_count: usize,
    /// Kamerstuk and other parliamentary citations, in document order.
    pub citations: Vec<CitationLink>,
    /// Every `id` the body's HTML defines (headings, footnotes), for fragment checks.
    pub ids: Vec<String>,
    /// What is still a skeleton: sections with nothing in them and
    /// placeholder sentences of `nota new` (section 5 does not count: it may
    /// be empty).
    pub unwritten: Vec<Unwritten>,
}

/// A part of the body that nobody wrote yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unwritten {
    /// A heading with nothing under it before the next heading of the same
    /// or a higher level; its title as shown.
    EmptySection { title: String, location: Location },
    /// A placeholder sentence of a `nota new` skeleton.
    Placeholder { location: Location },
}

/// What rendering needs to know about the rest of the site.
pub struct RenderContext<'a> {
    /// Note URL by source path relative to `content/`, to resolve `x.md` links.
    pub note_urls: &'a HashMap<PathBuf, String>,
    /// Put before every id the body defines (headings, footnotes), so that
    /// several documents can share one page; empty for a page of its own.
    pub id_prefix: &'a str,
    /// How section 5 is recognised.
    pub redaction: &'a crate::config::redaction::Settings,
    /// The path the site is published under: put in front of every link to
    /// a site path in the HTML (the collected [`Link`]s keep site paths).
    pub base_path: &'a BasePath,
}

/// Whether rendering a note of this text can read
/// [`RenderContext::note_urls`]: only a link by path (`x.md`) does, and it
/// cannot be written without `.md` in the text.
pub fn may_link_by_path(text: &str) -> bool {
    text.contains(".md")
}

/// The comrak options every note is parsed and rendered with.
pub fn options() -> Options<'static> {
    let mut options = Options::default();
    options.extension.strikethrough = true;
    options.extension.table = true;
    options.extension.autolink = true;
    options.extension.footnotes = true;
    // Raw HTML pasted from Word is shown as text, never passed through.
    options.render.escape = true;
    // Keep unreferenced definitions in the tree so they can be reported.
    options.parse.leave_footnote_definitions = true;
    options
}

/// Renders one note's body.
pub fn render(doc: &Document, ctx: &RenderContext<'_>) -> Rendered {
    let options = options();
    let arena = Arena::new();
    let root = parse_document(&arena, &doc.body, &options);
    // First: nothing below may see withheld text.
    let redacted = redact::apply(&arena, root, doc, ctx.redaction);
    let mut diagnostics = redacted.diagnostics;

    let footnotes = number_footnotes(root, doc, &mut diagnostics);
    // Before citations become links: their text nodes keep exact positions.
    let footnote_nodes: Vec<&AstNode<'_>> = footnotes.iter().map(|f| f.node).collect();
    let shown = published::Fields {
        title: &redacted.title,
        summary: redacted.summary.as_deref(),
    };
    let published = published::collect(doc, shown, root, &footnote_nodes);
    // Footnote definitions are detached from the body: walk them too.
    let scopes: Vec<&AstNode<'_>> = std::iter::once(root)
        .chain(footnotes.iter().map(|f| f.node))
        .collect();
    let citations = link_citations(&arena, &scopes, doc, &mut diagnostics);
    let toc = assign_heading_ids(root, doc, ctx.id_prefix);
    let mut links = Vec::new();
    let mut tables = Vec::new();
    for scope in &scopes {
        links.extend(resolve_links(scope, doc, ctx, &mut diagnostics));
        tables.extend(collect_tables(scope, doc));
    }
    let ids = defined_ids(&toc, &footnotes, ctx.id_prefix);
    let summary = redacted
        .summary
        .unwrap_or_else(|| derive_summary(root, redacted.section5_start));
    let unwritten = unwritten_parts(root, doc, redacted.section5_start);

    let mut html = String::with_capacity(doc.body.len() * 3 / 2);
    let state = RenderState {
        heading_ids: toc.iter().map(|h| (h.level, h.id.clone())).collect(),
        id_prefix: ctx.id_prefix.to_string(),
        ..RenderState::default()
    };
    let state =
        NoteFormatter::format_document(root, &options, &mut html, state).unwrap_or_default();
    render_footnotes(&arena, &footnotes, &options, state, &mut html);

    Rendered {
        html,
        toc,
        title: redacted.title,
        summary,
        facts: Facts {
            links,
            tables,
            footnote_count: footnotes.len(),
            citations,
            ids,
            unwritten,
        },
        redactions: redacted.redactions,
        withheld: redacted.withheld,
        published,
        diagnostics,
    }
}

/// Per-render state the formatter reads: heading ids in document order, the
/// id prefix, and a table counter that runs on into the footnotes.
#[derive(Default)]
struct RenderState {
    heading_ids: Vec<(u8, String)>,
    next_heading: usize,
    id_prefix: String,
    tables: usize,
}

create_formatter!(NoteFormatter<RenderState>, {
    NodeValue::Heading(_) => |context, entering| {
        if entering {
            let index = context.user.next_heading;
            context.user.next_heading += 1;
            let (level, id) = context.user.heading_ids.get(index).cloned().unwrap_or((2, String::new()));
            context.cr()?;
            write!(context, "<h{level} id=\"")?;
            context.escape(&id)?;
            context.write_str("\">")?;
        } else {
            let level = context.user.heading_ids.get(context.user.next_heading - 1).map_or(2, |h| h.0);
            write!(context, "</h{level}>")?;
            context.lf()?;
        }
    },
    NodeValue::FootnoteReference(ref nfr) => |context, entering| {
        if entering {
            let ix = nfr.ix;
            let prefix = context.user.id_prefix.clone();
            let id = reference_id(&prefix, ix, nfr.ref_num);
            write!(
                context,
                "<sup class=\"footnote-ref\"><a href=\"#{prefix}fn-{ix}\" id=\"{id}\" role=\"doc-noteref\"><span class=\"visually-hidden\">Voetnoot </span>{ix}</a></sup>"
            )?;
        }
    },
    // Wide tables scroll inside a focusable, named region instead of making
    // the page scroll sideways at 320 px (WCAG 1.4.10, 2.1.1).
    NodeValue::Table(_) => |context, node, entering| {
        if entering {
            context.user.tables += 1;
            let number = context.user.tables;
            context.cr()?;
            write!(
                context,
                "<div class=\"tabel\" role=\"region\" tabindex=\"0\" aria-label=\"Tabel {number}\">"
            )?;
            return comrak::html::format_node_default(context, node, entering);
        }
        let rendering = comrak::html::format_node_default(context, node, entering)?;
        context.write_str("</div>")?;
        context.lf()?;
        return Ok(rendering);
    },
    // A class instead of the obsolete `align` attribute comrak writes.
    NodeValue::TableCell => |context, node, entering| {
        let header = node
            .parent()
            .is_some_and(|row| matches!(row.data().value, NodeValue::TableRow(true)));
        let tag = if header { "th" } else { "td" };
        if entering {
            context.cr()?;
            write!(context, "<{tag}")?;
            if let Some(class) = cell_alignment(node) {
                write!(context, " class=\"{class}\"")?;
            }
            context.write_str(">")?;
        } else {
            write!(context, "</{tag}>")?;
        }
    },
});

fn reference_id(prefix: &str, ix: u32, ref_num: u32) -> String {
    if ref_num <= 1 {
        format!("{prefix}fnref-{ix}")
    } else {
        format!("{prefix}fnref-{ix}-{ref_num}")
    }
}

/// The CSS class for a cell's column alignment (`| ---: |`), if any.
fn cell_alignment<'a>(cell: &'a AstNode<'a>) -> Option<&'static str> {
    let row = cell.parent()?;
    let table = row.parent()?;
    let index = row.children().position(|c| c.same_node(cell))?;
    let NodeValue::Table(ref nt) = table.data().value else {
        return None;
    };
    match nt.alignments.get(index)? {
        comrak::nodes::TableAlignment::Left => Some("links"),
        comrak::nodes::TableAlignment::Right => Some("rechts"),
        comrak::nodes::TableAlignment::Center => Some("midden"),
        comrak::nodes::TableAlignment::None => None,
    }
}

/// A footnote definition, numbered by first reference, ready to render.
struct Footnote<'a> {
    node: &'a AstNode<'a>,
    ix: u32,
    references: u32,
}

/// Numbers footnotes by first reference (body first, then references made
/// inside other footnotes), reports undefined and unused ones, and detaches
/// the definitions from the body.
fn number_footnotes<'a>(
    root: &'a AstNode<'a>,
    doc: &Document,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Footnote<'a>> {
    let mut definitions: BTreeMap<String, &'a AstNode<'a>> = BTreeMap::new();
    for node in root.descendants() {
        if let NodeValue::FootnoteDefinition(ref nfd) = node.data().value {
            definitions.entry(fold(&nfd.name)).or_insert(node);
        }
    }
    for node in definitions.values() {
        node.detach();
    }
    let mut order: Vec<String> = Vec::new();
    let mut counts: HashMap<String, u32> = HashMap::default();
    let mut number_within = |scope: &'a AstNode<'a>, order: &mut Vec<String>| {
        for node in scope.descendants() {
            let mut data = node.data_mut();
            if let NodeValue::FootnoteReference(ref mut nfr) = data.value {
                let key = fold(&nfr.name);
                if !definitions.contains_key(&key) {
                    continue;
                }
                let position = order.iter().position(|k| *k == key).unwrap_or_else(|| {
                    order.push(key.clone());
                    order.len() - 1
                });
                let count = counts.entry(key).or_insert(0);
                *count += 1;
                nfr.ix = u32::try_from(position + 1).unwrap_or(u32::MAX);
                nfr.ref_num = *count;
            }
        }
    };
    number_within(root, &mut order);
    let mut done = 0;
    while done < order.len() {
        let key = order[done].clone();
        if let Some(node) = definitions.get(&key) {
            number_within(node, &mut order);
        }
        done += 1;
    }
    report_undefined_references(root, &definitions, doc, diagnostics);
    for (key, node) in &definitions {
        if !order.contains(key) {
            let NodeValue::FootnoteDefinition(ref nfd) = node.data().value else {
                continue;
            };
            diagnostics.push(
                Diagnostic::warning(
                    "footnotes/unused",
                    format!("footnote `[^{}]` is defined but never referenced", nfd.name),
                )
                .at(location_of(node, doc))
                .help(format!(
                    "refer to it in the text with `[^{}]`, or delete the definition",
                    nfd.name
                )),
            );
        }
    }
    order
        .iter()
        .enumerate()
        .filter_map(|(i, key)| {
            Some(Footnote {
                node: definitions.get(key)?,
                ix: u32::try_from(i + 1).unwrap_or(u32::MAX),
                references: counts.get(key).copied().unwrap_or(0),
            })
        })
        .collect()
}

/// comrak leaves `[^x]` without a definition as plain text: find it there.
fn report_undefined_references<'a>(
    root: &'a AstNode<'a>,
    definitions: &BTreeMap<String, &'a AstNode<'a>>,
    doc: &Document,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let scopes = std::iter::once(root).chain(definitions.values().copied());
    for scope in scopes {
        for node in scope.descendants() {
            let data = node.data();
            let NodeValue::Text(ref text) = data.value else {
                continue;
            };
            let mut rest: &str = text;
            let mut consumed = 0;
            while let Some(start) = rest.find("[^") {
                let after = &rest[start + 2..];
                let Some(end) = after.find(']') else { break };
                let label = &after[..end];
                if !label.is_empty() && !label.contains(char::is_whitespace) {
                    let start_pos = data.sourcepos.start;
                    let column = start_pos.column + text[..consumed + start].chars().count();
                    diagnostics.push(
                        Diagnostic::error(
                            "footnotes/undefined",
                            format!("footnote `[^{label}]` is referenced but never defined"),
                        )
                        .at(doc
                            .body_location(start_pos.line, column)
                            .with_width(label.chars().count() + 3))
                        .help(format!(
                            "add a definition `[^{label}]: …` at the end of the note, or fix the label"
                        )),
                    );
                }
                consumed += start + 2 + end + 1;
                rest = &rest[start + 2 + end + 1..];
            }
        }
    }
}

fn fold(label: &str) -> String {
    label.trim().to_lowercase()
}

fn location_of<'a>(node: &'a AstNode<'a>, doc: &Document) -> Location {
    let LineColumn { line, column } = node.data().sourcepos.start;
    doc.body_location(line, column)
}

/// Gives every heading a unique id and shifts levels so the body's top level
/// is `h2` (the page title is the only `h1`).
fn assign_heading_ids<'a>(root: &'a AstNode<'a>, doc: &Document, prefix: &str) -> Vec<Heading> {
    let headings: Vec<_> = root
        .descendants()
        .filter(|n| matches!(n.data().value, NodeValue::Heading(_)))
        .collect();
    let top = headings
        .iter()
        .filter_map(|n| match n.data().value {
            NodeValue::Heading(ref h) => Some(h.level),
            _ => None,
        })
        .min()
        .unwrap_or(2);
    let shift = 2u8.saturating_sub(top);
    let mut used: HashSet<String> = RESERVED_IDS.iter().map(|s| (*s).to_string()).collect();
    headings
        .into_iter()
        .map(|node| {
            let level = match node.data().value {
                NodeValue::Heading(ref h) => (h.level + shift).min(6),
                _ => 2,
            };
            let title = plain_text(node);
            let id = format!("{prefix}{}", unique_id(&title, &mut used));
            Heading {
                level,
                id,
                title,
                location: location_of(node, doc),
            }
        })
        .collect()
}

/// Ids the page templates and footnotes use themselves.
pub const RESERVED_IDS: &[&str] = &[
    "inhoud",
    "inhoudsopgave-titel",
    "voetnoten-titel",
    "metadata",
    "navigatie",
];

fn unique_id(title: &str, used: &mut HashSet<String>) -> String {
    let mut base = slug::slugify(title);
    if base.is_empty() || base.starts_with("fn") {
        base = format!("kop-{base}").trim_end_matches('-').to_string();
    }
    let mut id = base.clone();
    let mut n = 2;
    while used.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    used.insert(id.clone());
    id
}

/// The text of a node and its descendants, as a reader sees it.
/// Runs of whitespace become one space; none at either end.
fn plain_text<'a>(node: &'a AstNode<'a>) -> String {
    plain_text_up_to(node, usize::MAX).unwrap_or_default()
}

/// [`plain_text`], or `None` as soon as it is longer than `limit` bytes:
/// for checks that only a short text can pass, on every paragraph.
fn plain_text_up_to<'a>(node: &'a AstNode<'a>, limit: usize) -> Option<String> {
    let mut out = String::new();
    let mut space = false;
    for d in node.descendants() {
        let data = d.data();
        let text = match data.value {
            NodeValue::Text(ref t) => &**t,
            NodeValue::Code(ref c) => &*c.literal,
            NodeValue::SoftBreak | NodeValue::LineBreak => " ",
            _ => continue,
        };
        if !push_squeezed(&mut out, &mut space, text, limit) {
            return None;
        }
    }
    Some(out)
}

/// Appends `text` with runs of whitespace as one space (`space`: one is
/// pending), none at the start; false as soon as `out` is longer than
/// `limit` bytes (a paragraph is mostly one long text node: the check
/// between nodes alone would still squeeze all of it).
fn push_squeezed(out: &mut String, space: &mut bool, text: &str, limit: usize) -> bool {
    for c in text.chars() {
        if c.is_whitespace() {
            *space = true;
            continue;
        }
        if *space && !out.is_empty() {
            out.push(' ');
        }
        *space = false;
        out.push(c);
        if out.len() > limit {
            return false;
        }
    }
    true
}

/// Rewrites relative link targets to site paths and collects every link.
fn resolve_links<'a>(
    root: &'a AstNode<'a>,
    doc: &Document,
    ctx: &RenderContext<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Link> {
    let mut links = Vec::new();
    for node in root.descendants() {
        if !matches!(node.data().value, NodeValue::Link(_) | NodeValue::Image(_)) {
            continue;
        }
        let image = matches!(node.data().value, NodeValue::Image(_));
        let text = plain_text(node);
        let location = location_of(node, doc);
        let mut data = node.data_mut();
        let (NodeValue::Link(ref mut link) | NodeValue::Image(ref mut link)) = data.value else {
            continue;
        };
        match resolve_url(&link.url, &doc.source.rel, ctx) {
            Ok(Some(url)) => link.url = url,
            Ok(None) => {}
            Err(target) => diagnostics.push(
                Diagnostic::error(
                    "links/missing-note",
                    format!("link to `{}`, but there is no note {target}", link.url),
                )
                .at(location.clone())
                .help("link to a note by its path relative to this file (e.g. `../2023/other.md`) or by its URL"),
            ),
        }
        let site_path = link.url.clone();
        if is_site_path(&site_path) && !ctx.base_path.is_root() {
            link.url = ctx.base_path.href(&site_path);
        }
        links.push(Link {
            url: site_path,
            text,
            image,
            location,
        });
    }
    links
}

/// A root-absolute path on this site (`/2022/x/`), not `//host/…`.
fn is_site_path(url: &str) -> bool {
    url.starts_with('/') && !url.starts_with("//")
}

/// `Ok(Some(url))` to rewrite, `Ok(None)` to keep, `Err(path)` when a linked
/// note does not exist.
fn resolve_url(url: &str, from: &Path, ctx: &RenderContext<'_>) -> Result<Option<String>, String> {
    let is_relative = !url.is_empty()
        && !url.starts_with(['/', '#', '?'])
        && !url.contains(':')
        && !url.starts_with("//");
    if !is_relative {
        return Ok(None);
    }
    let (path_part, fragment) = match url.find(['#', '?']) {
        Some(i) => url.split_at(i),
        None => (url, ""),
    };
    let base = from.parent().unwrap_or(Path::new(""));
    let target = normalise_path(&base.join(path_part));
    if target.extension().is_some_and(|e| e == "md") {
        return match ctx.note_urls.get(&target) {
            Some(note_url) => Ok(Some(format!("{note_url}{fragment}"))),
            None => Err(format!(
                "content/{}",
                crate::diagnostic::display_path(&target)
            )),
        };
    }
    let mut site = String::from("/");
    site.push_str(&crate::diagnostic::display_path(&target));
    if path_part.ends_with('/') && !site.ends_with('/') {
        site.push('/');
    }
    site.push_str(fragment);
    Ok(Some(site))
}

/// Resolves `.` and `..` without touching the file system; `..` never climbs
/// above `content/`.
fn normalise_path(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(part) => out.push(part),
            _ => {}
        }
    }
    out
}

/// Every id the body's HTML defines, as written (prefix included).
fn defined_ids(toc: &[Heading], footnotes: &[Footnote<'_>], prefix: &str) -> Vec<String> {
    let mut ids: Vec<String> = toc.iter().map(|h| h.id.clone()).collect();
    if !footnotes.is_empty() {
        ids.push(format!("{prefix}voetnoten-titel"));
    }
    for footnote in footnotes {
        ids.push(format!("{prefix}fn-{}", footnote.ix));
        for n in 1..=footnote.references.max(1) {
            ids.push(reference_id(prefix, footnote.ix, n));
        }
    }
    ids
}

/// Turns parliamentary citations into links, in one pass over the body and
/// its footnotes: each Text node is split into text and link nodes. Text in
/// links, images and headings is left alone (a heading must not become a
/// link, and a link cannot hold another).
fn link_citations<'a>(
    arena: &'a Arena<'a>,
    scopes: &[&'a AstNode<'a>],
    doc: &Document,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<CitationLink> {
    let mut links = Vec::new();
    for scope in scopes {
        let texts: Vec<_> = scope
            .descendants()
            .filter(|n| matches!(n.data().value, NodeValue::Text(_)) && !in_link_or_heading(n))
            .collect();
        for node in texts.into_iter().filter(|n| !is_head_of_next_text(n)) {
            split_citations(arena, node, doc, &mut links, diagnostics);
        }
    }
    links
}

fn in_link_or_heading<'a>(node: &'a AstNode<'a>) -> bool {
    node.ancestors().skip(1).any(|a| {
        matches!(
            a.data().value,
            NodeValue::Link(_) | NodeValue::Image(_) | NodeValue::Heading(_)
        )
    })
}

/// Whether `node` is the text of an emphasised citation head that the Text
/// node after the emphasis continues; that Text node reads both.
fn is_head_of_next_text<'a>(node: &'a AstNode<'a>) -> bool {
    node.parent()
        .and_then(|p| p.next_sibling())
        .is_some_and(|next| emphasised_head(next).is_some())
}

/// An emphasised citation head just before `node`, as in
/// `*Kamerstukken II* 2022/23, 34 338, nr. 5`: the node and its text.
fn emphasised_head<'a>(node: &'a AstNode<'a>) -> Option<(&'a AstNode<'a>, String)> {
    let previous = node.previous_sibling()?;
    if !matches!(previous.data().value, NodeValue::Emph | NodeValue::Strong) {
        return None;
    }
    let text = plain_text(previous);
    citations::is_citation_head(&text).then_some((previous, text))
}

fn split_citations<'a>(
    arena: &'a Arena<'a>,
    node: &'a AstNode<'a>,
    doc: &Document,
    links: &mut Vec<CitationLink>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let text = match node.data().value {
        NodeValue::Text(ref t) => t.to_string(),
        _ => return,
    };
    let start = node.data().sourcepos.start;
    let head = emphasised_head(node);
    let head_text = head.as_ref().map_or("", |(_, t)| t.as_str());
    let found = citations::find(&format!("{head_text}{text}"));
    let shift = head_text.len();

    for unparsed in &found.unparsed {
        let (location, shown) = match (&head, unparsed.span.start.checked_sub(shift)) {
            (_, Some(local)) => (
                offset_location(doc, start, &text[..local]),
                text[local..unparsed.span.end - shift].to_string(),
            ),
            (Some((emph, _)), None) => (
                location_of(emph, doc),
                format!("{head_text}{text}")[unparsed.span.clone()].to_string(),
            ),
            (None, None) => continue,
        };
        diagnostics.push(unparsed_warning(location, &shown, &unparsed.reason));
    }
    if found.citations.is_empty() {
        return;
    }

    let mut consumed = 0;
    for citation in &found.citations {
        let Some(end) = citation
            .span
            .end
            .checked_sub(shift)
            .filter(|e| *e > consumed)
        else {
            continue;
        };
        let link = new_node(
            arena,
            NodeValue::Link(Box::new(comrak::nodes::NodeLink {
                url: citation.url.clone(),
                title: String::new(),
            })),
            start,
        );
        let (location, written) = match citation.span.start.checked_sub(shift) {
            Some(local) => {
                if local > consumed {
                    node.insert_before(text_node(arena, &text[consumed..local], start));
                }
                link.data_mut().sourcepos.start = start;
                node.insert_before(link);
                link.append(text_node(arena, &text[local..end], start));
                (
                    offset_location(doc, start, &text[..local]),
                    text[local..end].to_string(),
                )
            }
            None => {
                // The citation starts in the emphasised head: the link wraps both.
                let Some((emph, ref head_text)) = head else {
                    continue;
                };
                link.data_mut().sourcepos.start = emph.data().sourcepos.start;
                emph.insert_before(link);
                link.append(emph);
                link.append(text_node(arena, &text[..end], start));
                (
                    location_of(emph, doc),
                    format!("{head_text}{}", &text[..end]),
                )
            }
        };
        links.push(CitationLink {
            kind: citation.kind,
            url: citation.url.clone(),
            text: written,
            location,
        });
        consumed = end;
    }
    if consumed < text.len() {
        node.insert_before(text_node(arena, &text[consumed..], start));
    }
    node.detach();
}

fn unparsed_warning(location: Location, shown: &str, reason: &str) -> Diagnostic {
    let width = shown.chars().count();
    Diagnostic::warning(
        "citations/unrecognised",
        format!("`{shown}` looks like a parliamentary citation, but has {reason}; it stays plain text"),
    )
    .at(location.with_width(width))
    .help("write it as `Kamerstukken II 2021/22, 29279, nr. 123`, `Aanhangsel Handelingen II 2014/15, nr. 1241` or a zaak number such as `2022Z19982` to make it a link")
}

fn new_node<'a>(arena: &'a Arena<'a>, value: NodeValue, start: LineColumn) -> &'a AstNode<'a> {
    arena.alloc(AstNode::new(RefCell::new(Ast::new(value, start))))
}

fn text_node<'a>(arena: &'a Arena<'a>, text: &str, start: LineColumn) -> &'a AstNode<'a> {
    new_node(arena, NodeValue::Text(text.to_string().into()), start)
}

/// The location of the text after `before` in a Text node that starts at
/// `start`. comrak counts columns in bytes; diagnostics count characters.
fn offset_location(doc: &Document, start: LineColumn, before: &str) -> Location {
    let line_text = doc
        .body
        .lines()
        .nth(start.line.saturating_sub(1))
        .unwrap_or("");
    let mut byte = (start.column.saturating_sub(1) + before.len()).min(line_text.len());
    while !line_text.is_char_boundary(byte) {
        byte -= 1;
    }
    doc.body_location(start.line, line_text[..byte].chars().count() + 1)
}

fn collect_tables<'a>(root: &'a AstNode<'a>, doc: &Document) -> Vec<Table> {
    root.descendants()
        .filter(|n| matches!(n.data().value, NodeValue::Table(_)))
        .map(|table| {
            let header_text = table
                .children()
                .find(|row| matches!(row.data().value, NodeValue::TableRow(true)))
                .map(plain_text)
                .unwrap_or_default();
            Table {
                has_header_text: !header_text.trim().is_empty(),
                location: location_of(table, doc),
            }
        })
        .collect()
}

/// Whether a top-level block comes before section 5 (all of them when the
/// note has none).
fn before_section5(node: &AstNode<'_>, section5_start: Option<usize>) -> bool {
    section5_start.is_none_or(|start| node.data().sourcepos.start.line < start)
}

/// The first paragraph that says what the note is about, cut at a word
/// boundary near 300 characters: never a salutation ("Geachte voorzitter,"),
/// a skeleton's placeholder or anything in section 5 (at best "Niet van
/// toepassing", at worst a motivation of what is withheld). Empty when there
/// is no such paragraph.
fn derive_summary<'a>(root: &'a AstNode<'a>, section5_start: Option<usize>) -> String {
    root.children()
        .take_while(|n| before_section5(n, section5_start))
        .filter(|n| matches!(n.data().value, NodeValue::Paragraph))
        .map(plain_text)
        .find(|text| {
            !text.trim().is_empty()
                && !skeleton::is_salutation(text)
                && !skeleton::is_placeholder(text)
        })
        .map(|text| truncate_words(&text, 300))
        .unwrap_or_default()
}

/// Sections before section 5 with nothing in them, and placeholder
/// sentences, in document order.
fn unwritten_parts<'a>(
    root: &'a AstNode<'a>,
    doc: &Document,
    section5_start: Option<usize>,
) -> Vec<Unwritten> {
    let blocks: Vec<_> = root
        .children()
        .take_while(|n| before_section5(n, section5_start))
        .filter(|n| !matches!(n.data().value, NodeValue::FootnoteDefinition(_)))
        .collect();
    let level = |n: &AstNode<'_>| match n.data().value {
        NodeValue::Heading(ref h) => Some(h.level),
        _ => None,
    };
    let mut found = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        if let Some(own) = level(block) {
            // Empty: the next block is a heading of the same or a higher
            // level, or there is none before section 5 (or the end).
            let next = blocks.get(i + 1).map(|n| level(n));
            let empty = match next {
                None => true,
                Some(Some(next_level)) => next_level <= own,
                Some(None) => false,
            };
            if empty {
                found.push(Unwritten::EmptySection {
                    title: plain_text(block),
                    location: location_of(block, doc),
                });
            }
        } else if matches!(block.data().value, NodeValue::Paragraph)
            && plain_text_up_to(block, skeleton::LONGEST_PLACEHOLDER)
                .is_some_and(|text| skeleton::is_placeholder(&text))
        {
            found.push(Unwritten::Placeholder {
                location: location_of(block, doc),
            });
        }
    }
    found
}

fn truncate_words(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > max_chars {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push('…');
    out
}

/// Writes the footnotes section: a labelled `doc-endnotes` region with a plain
/// ordered list and one uniquely named back-link per reference.
fn render_footnotes<'a>(
    arena: &'a Arena<'a>,
    footnotes: &[Footnote<'a>],
    options: &Options<'_>,
    mut state: RenderState,
    html: &mut String,
) {
    if footnotes.is_empty() {
        return;
    }
    let prefix = state.id_prefix.clone();
    let _ = write!(
        html,
        "<section class=\"footnotes\" role=\"doc-endnotes\" aria-labelledby=\"{prefix}voetnoten-titel\">\n<h2 id=\"{prefix}voetnoten-titel\">Voetnoten</h2>\n<ol>\n"
    );
    for footnote in footnotes {
        let container = arena.alloc(AstNode::new(RefCell::new(Ast::new(
            NodeValue::Document,
            LineColumn { line: 1, column: 1 },
        ))));
        let children: Vec<_> = footnote.node.children().collect();
        for child in children {
            container.append(child);
        }
        let mut inner = String::new();
        let footnote_state = RenderState {
            id_prefix: prefix.clone(),
            tables: state.tables,
            ..RenderState::default()
        };
        if let Ok(after) =
            NoteFormatter::format_document(container, options, &mut inner, footnote_state)
        {
            state.tables = after.tables;
        }
        let backlinks = backlinks(&prefix, footnote.ix, footnote.references);
        let _ = writeln!(html, "<li id=\"{prefix}fn-{}\">", footnote.ix);
        match inner.trim_end().strip_suffix("</p>") {
            Some(before) => {
                html.push_str(before);
                html.push(' ');
                html.push_str(&backlinks);
                html.push_str("</p>\n");
            }
            None => {
                html.push_str(&inner);
                let _ = writeln!(html, "<p>{backlinks}</p>");
            }
        }
        html.push_str("</li>\n");
    }
    html.push_str("</ol>\n</section>\n");
}

/// "Terug naar verwijzing 1", or 1a/1b/… when a note is cited more than once.
fn backlinks(prefix: &str, ix: u32, references: u32) -> String {
    let mut out = String::new();
    for n in 1..=references.max(1) {
        let name = if references > 1 {
            format!("{ix}{}", letter_suffix(n))
        } else {
            ix.to_string()
        };
        let glyph = if n > 1 {
            format!("↩︎<sup>{n}</sup>")
        } else {
            "↩︎".to_string()
        };
        if n > 1 {
            out.push(' ');
        }
        let _ = write!(
            out,
            "<a href=\"#{}\" role=\"doc-backlink\"><span aria-hidden=\"true\">{glyph}</span><span class=\"visually-hidden\">Terug naar verwijzing {name} in de tekst</span></a>",
            reference_id(prefix, ix, n)
        );
    }
    out
}

/// a, b, …, z, aa, ab, … for the n-th reference (1-based).
fn letter_suffix(n: u32) -> String {
    let mut n = n;
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(char::from(b'a' + u8::try_from(n % 26).unwrap_or(0)));
        n /= 26;
    }
    out.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Source;

    /// Squeezing stops as soon as the text is longer than the limit, also
    /// inside one text; up to the limit it is the whole squeezed text.
    #[test]
    fn squeezed_text_stops_past_its_limit() {
        let squeeze = |text: &str, limit| {
            let (mut out, mut space) = (String::new(), false);
            push_squeezed(&mut out, &mut space, text, limit).then_some(out)
        };
        assert_eq!(
            squeeze("  Met   deze\nbrief ", 14).as_deref(),
            Some("Met deze brief")
        );
        assert_eq!(squeeze("  Met   deze\nbrief ", 13), None);
        assert_eq!(squeeze("…", 3).as_deref(), Some("…"));
        assert_eq!(squeeze("a…", 3), None);
        let (mut out, mut space) = (String::new(), false);
        assert!(!push_squeezed(
            &mut out,
            &mut space,
            &"x".repeat(10_000),
            44
        ));
        assert_eq!(out.len(), 45, "stopped one character past the limit");
    }

    fn note(body: &str) -> Document {
        let text = format!("---\ntitle: Test\ndate: 2024-01-02\n---\n{body}");
        let source = Source {
            path: PathBuf::from("content/test.md"),
            rel: PathBuf::from("test.md"),
            text: text.into(),
        };
        crate::front_matter::parse(source, "Ministerie", |_, _| Ok("/test/".to_string()))
            .expect("valid front matter")
    }

    fn render_with_prefix(body: &str, id_prefix: &str) -> Rendered {
        let note_urls = HashMap::default();
        let settings = crate::config::redaction::Settings::default();
        let ctx = RenderContext {
            note_urls: &note_urls,
            id_prefix,
            redaction: &settings,
            base_path: &crate::base_path::BasePath::default(),
        };
        render(&note(body), &ctx)
    }

    fn render_body(body: &str) -> Rendered {
        render_with_prefix(body, "")
    }

    /// The footnote markup of `docs/accessibility.md`, pinned byte for byte:
    /// a single reference, a note cited twice (1a/1b) and a reference made
    /// inside another footnote.
    #[test]
    fn pins_the_footnote_markup() {
        let rendered = render_body(
            "Eerste.[^woo] Tweede.[^woo] Derde.[^los]\n\n\
             [^woo]: Wet open overheid, zie ook.[^binnen]\n\
             [^los]: Los.\n\
             [^binnen]: Genoemd in een voetnoot.\n",
        );
        assert!(
            rendered.diagnostics.is_empty(),
            "{:?}",
            rendered.diagnostics
        );
        assert_eq!(
            rendered.html,
            "<p>Eerste.<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\" role=\"doc-noteref\"><span class=\"visually-hidden\">Voetnoot </span>1</a></sup> \
             Tweede.<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1-2\" role=\"doc-noteref\"><span class=\"visually-hidden\">Voetnoot </span>1</a></sup> \
             Derde.<sup class=\"footnote-ref\"><a href=\"#fn-2\" id=\"fnref-2\" role=\"doc-noteref\"><span class=\"visually-hidden\">Voetnoot </span>2</a></sup></p>\n\
             <section class=\"footnotes\" role=\"doc-endnotes\" aria-labelledby=\"voetnoten-titel\">\n\
             <h2 id=\"voetnoten-titel\">Voetnoten</h2>\n\
             <ol>\n\
             <li id=\"fn-1\">\n\
             <p>Wet open overheid, zie ook.<sup class=\"footnote-ref\"><a href=\"#fn-3\" id=\"fnref-3\" role=\"doc-noteref\"><span class=\"visually-hidden\">Voetnoot </span>3</a></sup> \
             <a href=\"#fnref-1\" role=\"doc-backlink\"><span aria-hidden=\"true\">↩\u{fe0e}</span><span class=\"visually-hidden\">Terug naar verwijzing 1a in de tekst</span></a> \
             <a href=\"#fnref-1-2\" role=\"doc-backlink\"><span aria-hidden=\"true\">↩\u{fe0e}<sup>2</sup></span><span class=\"visually-hidden\">Terug naar verwijzing 1b in de tekst</span></a></p>\n\
             </li>\n\
             <li id=\"fn-2\">\n\
             <p>Los. <a href=\"#fnref-2\" role=\"doc-backlink\"><span aria-hidden=\"true\">↩\u{fe0e}</span><span class=\"visually-hidden\">Terug naar verwijzing 2 in de tekst</span></a></p>\n\
             </li>\n\
             <li id=\"fn-3\">\n\
             <p>Genoemd in een voetnoot. <a href=\"#fnref-3\" role=\"doc-backlink\"><span aria-hidden=\"true\">↩\u{fe0e}</span><span class=\"visually-hidden\">Terug naar verwijzing 3 in de tekst</span></a></p>\n\
             </li>\n\
             </ol>\n\
             </section>\n"
        );
        assert!(!rendered.html.contains("Back to"));
        assert_eq!(rendered.facts.footnote_count, 3);
    }

    #[test]
    fn id_prefix_keeps_ids_unique_on_a_shared_page() {
        let body = "## Aanleiding\n\nTekst.[^1]\n\n[^1]: Noot.\n";
        let plain = render_body(body);
        let prefixed = render_with_prefix(body, "bijlage-1-");
        assert!(plain.html.contains("<h2 id=\"aanleiding\">"));
        assert!(prefixed.html.contains("<h2 id=\"bijlage-1-aanleiding\">"));
        for needle in [
            "href=\"#bijlage-1-fn-1\" id=\"bijlage-1-fnref-1\"",
            "aria-labelledby=\"bijlage-1-voetnoten-titel\"",
            "<h2 id=\"bijlage-1-voetnoten-titel\">",
            "<li id=\"bijlage-1-fn-1\">",
            "<a href=\"#bijlage-1-fnref-1\" role=\"doc-backlink\">",
        ] {
            assert!(
                prefixed.html.contains(needle),
                "{needle} in {}",
                prefixed.html
            );
        }
        let mut ids = plain.facts.ids.clone();
        ids.extend(prefixed.facts.ids.clone());
        let unique: HashSet<_> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{ids:?}");
        assert_eq!(
            prefixed.facts.ids,
            [
                "bijlage-1-aanleiding",
                "bijlage-1-voetnoten-titel",
                "bijlage-1-fn-1",
                "bijlage-1-fnref-1"
            ]
        );
    }

    #[test]
    fn seed_citation_in_a_footnote_becomes_a_link() {
        let rendered = render_body("Vragen.[^1]\n\n[^1]: Kamerstukken II 2021/22, 2022Z19982.\n");
        assert!(rendered.html.contains(
            "<p><a href=\"https://www.tweedekamer.nl/kamerstukken/detail?id=2022Z19982\">Kamerstukken II 2021/22, 2022Z19982</a>. <a href=\"#fnref-1\""
        ), "{}", rendered.html);
        let c = &rendered.facts.citations[0];
        assert_eq!(c.kind, citations::Kind::Zaak);
        assert_eq!(c.text, "Kamerstukken II 2021/22, 2022Z19982");
        assert_eq!((c.location.line, c.location.column), (7, 7));
        assert!(rendered.facts.links.iter().any(|l| l.url == c.url));
    }

    #[test]
    fn emphasised_citation_head_is_linked_with_its_tail() {
        let rendered = render_body("*Kamerstukken II* 2022/23, 34 338, nr. 5. En verder.\n");
        assert!(
            rendered.diagnostics.is_empty(),
            "{:?}",
            rendered.diagnostics
        );
        assert_eq!(
            rendered.html,
            "<p><a href=\"https://zoek.officielebekendmakingen.nl/kst-34338-5.html\"><em>Kamerstukken II</em> 2022/23, 34 338, nr. 5</a>. En verder.</p>\n"
        );
        assert_eq!(
            rendered.facts.citations[0].text,
            "Kamerstukken II 2022/23, 34 338, nr. 5"
        );
    }

    #[test]
    fn citations_in_links_code_and_headings_stay_text() {
        let rendered = render_body(
            "## Kamerstukken II 2021/22, 29279, nr. 123\n\n\
             [zaak 2023Z04567](https://www.tweedekamer.nl/x) en `KST 22343-330`.\n",
        );
        assert!(rendered.facts.citations.is_empty());
        assert_eq!(rendered.facts.links.len(), 1);
    }

    #[test]
    fn unparsed_citation_is_a_warning_at_its_position() {
        let rendered = render_body("Zie ‘Kamerstukken II 2020/21, 28362’ hierover.\n");
        assert_eq!(rendered.diagnostics.len(), 1);
        assert_eq!(
            rendered.diagnostics[0].render(),
            "warning[citations/unrecognised]: `Kamerstukken II 2020/21, 28362` looks like a parliamentary citation, but has no `nr.` after the dossier number; it stays plain text\n \
             --> content/test.md:5:6\n  |\n\
             5 | Zie ‘Kamerstukken II 2020/21, 28362’ hierover.\n  |      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n  \
             = help: write it as `Kamerstukken II 2021/22, 29279, nr. 123`, `Aanhangsel Handelingen II 2014/15, nr. 1241` or a zaak number such as `2022Z19982` to make it a link\n"
        );
    }

    #[test]
    fn wide_tables_scroll_in_a_named_region() {
        let rendered = render_body("| a | b |\n| --- | ---: |\n| 1 | 2 |\n");
        assert_eq!(
            rendered.html,
            "<div class=\"tabel\" role=\"region\" tabindex=\"0\" aria-label=\"Tabel 1\">\n<table>\n<thead>\n<tr>\n<th>a</th>\n<th class=\"rechts\">b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n<td class=\"rechts\">2</td>\n</tr>\n</tbody>\n</table>\n</div>\n"
        );
    }

    #[test]
    fn letter_suffixes() {
        assert_eq!(letter_suffix(1), "a");
        assert_eq!(letter_suffix(26), "z");
        assert_eq!(letter_suffix(27), "aa");
    }

    #[test]
    fn truncates_at_word_boundary() {
        assert_eq!(truncate_words("een twee drie", 8), "een twee…");
        assert_eq!(truncate_words("kort", 8), "kort");
    }

    #[test]
    fn normalises_relative_paths() {
        assert_eq!(
            normalise_path(Path::new("2022/../2023/./x.md")),
            PathBuf::from("2023/x.md")
        );
        assert_eq!(
            normalise_path(Path::new("../../x.md")),
            PathBuf::from("x.md")
        );
    }
}
