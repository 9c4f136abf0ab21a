//! Markdown to HTML: the only module that uses comrak.
//!
//! A note body is parsed once into comrak's AST, changed in place (footnote
//! numbering, heading ids, link targets), and rendered once. Everything later
//! stages need from the AST (headings, links, images, positions) is copied
//! out into plain types here, so the AST never leaves this module.
//!
//! Footnotes get their own markup (Dutch names, DPUB roles, one back-link per
//! reference, see `shared/docs/footnotes.md`): comrak's built-in footnote
//! HTML is English and cannot be changed, so definitions are detached from the
//! tree, rendered one by one and wrapped by [`render_footnotes`].
//!
//! Withheld text (`{lak …}` passages, a redacted section 5) is removed by the
//! `redact` submodule right after parsing, before any of the above.

mod redact;

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use comrak::nodes::{Ast, AstNode, LineColumn, NodeValue};
use comrak::{Arena, Options, create_formatter, parse_document};

use crate::diagnostic::{Diagnostic, Location};
use crate::front_matter::Document;
use crate::redaction::{self, Redactions, Withheld};

/// What a note's body became: HTML plus the facts checks and indexes need.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The body's HTML, footnotes section included.
    pub html: String,
    /// Headings in order, with their ids: the page's outline.
    pub toc: Vec<Heading>,
    /// Plain-text summary: the front matter's, or the first paragraph's.
    pub summary: String,
    pub facts: Facts,
    /// What the note withholds (section 5, `{lak …}` passages).
    pub redactions: Redactions,
    /// The removed text, for the leak guard only.
    pub withheld: Vec<Withheld>,
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

/// Facts about a body that read-only checks work on.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub links: Vec<Link>,
    pub tables: Vec<Table>,
    /// Plain text of the whole rendered body, for scans.
    pub footnote_count: usize,
}

/// What rendering needs to know about the rest of the site.
pub struct RenderContext<'a> {
    /// Note URL by source path relative to `content/`, to resolve `x.md` links.
    pub note_urls: &'a HashMap<PathBuf, String>,
    /// How section 5 is recognised.
    pub redaction: &'a redaction::Settings,
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
    let toc = assign_heading_ids(root, doc);
    let links = resolve_links(root, doc, ctx, &mut diagnostics);
    let tables = collect_tables(root, doc);
    let summary = doc
        .meta
        .summary
        .clone()
        .unwrap_or_else(|| derive_summary(root));

    let mut html = String::with_capacity(doc.body.len() * 3 / 2);
    let state = RenderState {
        heading_ids: toc.iter().map(|h| (h.level, h.id.clone())).collect(),
        next_heading: 0,
    };
    let _ = NoteFormatter::format_document(root, &options, &mut html, state);
    render_footnotes(&arena, &footnotes, &options, &mut html);

    Rendered {
        html,
        toc,
        summary,
        facts: Facts {
            links,
            tables,
            footnote_count: footnotes.len(),
        },
        redactions: redacted.redactions,
        withheld: redacted.withheld,
        diagnostics,
    }
}

/// Per-render state the formatter reads: heading ids in document order.
#[derive(Default)]
struct RenderState {
    heading_ids: Vec<(u8, String)>,
    next_heading: usize,
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
            let id = reference_id(ix, nfr.ref_num);
            write!(
                context,
                "<sup class=\"footnote-ref\"><a href=\"#fn-{ix}\" id=\"{id}\" role=\"doc-noteref\"><span class=\"visually-hidden\">Voetnoot </span>{ix}</a></sup>"
            )?;
        }
    },
});

fn reference_id(ix: u32, ref_num: u32) -> String {
    if ref_num <= 1 {
        format!("fnref-{ix}")
    } else {
        format!("fnref-{ix}-{ref_num}")
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
    let mut counts: HashMap<String, u32> = HashMap::new();
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
fn assign_heading_ids<'a>(root: &'a AstNode<'a>, doc: &Document) -> Vec<Heading> {
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
            let id = unique_id(&title, &mut used);
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
const RESERVED_IDS: &[&str] = &["inhoud", "voetnoten-titel", "metadata", "navigatie"];

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
fn plain_text<'a>(node: &'a AstNode<'a>) -> String {
    let mut out = String::new();
    for d in node.descendants() {
        match d.data().value {
            NodeValue::Text(ref t) => out.push_str(t),
            NodeValue::Code(ref c) => out.push_str(&c.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
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
        links.push(Link {
            url: link.url.clone(),
            text,
            image,
            location,
        });
    }
    links
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

/// The first paragraph's text, cut at a word boundary near 300 characters.
fn derive_summary<'a>(root: &'a AstNode<'a>) -> String {
    let Some(paragraph) = root
        .children()
        .find(|n| matches!(n.data().value, NodeValue::Paragraph))
    else {
        return String::new();
    };
    truncate_words(&plain_text(paragraph), 300)
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
    html: &mut String,
) {
    if footnotes.is_empty() {
        return;
    }
    html.push_str("<section class=\"footnotes\" role=\"doc-endnotes\" aria-labelledby=\"voetnoten-titel\">\n<h2 id=\"voetnoten-titel\">Voetnoten</h2>\n<ol>\n");
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
        let _ =
            NoteFormatter::format_document(container, options, &mut inner, RenderState::default());
        let backlinks = backlinks(footnote.ix, footnote.references);
        let _ = writeln!(html, "<li id=\"fn-{}\">", footnote.ix);
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
fn backlinks(ix: u32, references: u32) -> String {
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
            reference_id(ix, n)
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
