//! `nota import`: a Word beslisnota (.docx) becomes a note.
//!
//! Publishing teams write and review beslisnota's in Word. The general
//! converters lose exactly what matters here: Word's automatic heading
//! numbers ("4.1 Politieke context"), headings whose style is only *based on*
//! a heading style, and they print hidden text, accept tracked changes and
//! drop comments without a word. This importer reads the OOXML package
//! itself (the `zip` crate for the package, quick-xml for the parts) so that
//! it sees every element, and it **fails closed**: whatever it cannot carry
//! over faithfully, or whatever suggests the document is not final (tracked
//! changes, open review comments, hidden or highlighted text, objects whose
//! content nota cannot check), stops the import with the place and the fix in
//! Word, and nothing is written.
//!
//! The stages, one module each:
//! - [`package`]: the zip, its relationships, and which parts exist;
//! - [`xml`]: a part as an element tree, namespaces resolved;
//! - [`styles`] and [`numbering`]: what a paragraph is and the number Word
//!   shows in front of it;
//! - [`notes`]: footnotes, endnotes and comments (a comment whose whole text
//!   is a Woo ground code marks text to withhold: nota's own convention);
//! - [`walk`]: the body as blocks and inlines, collecting refusals;
//! - [`front`]: the front matter from the title, type line and letterhead;
//! - [`write`]: front matter and Markdown;
//! - [`refusal`]: refusals as diagnostics.
//!
//! The written note then goes through nota's own front-matter parser and
//! Markdown stage (redaction included) before it is written, so an import
//! that would not build says so at once; a section 5 with content is the
//! expected case and is reported as the decision the author still has to make.

mod front;
mod notes;
mod numbering;
mod package;
mod refusal;
mod styles;
mod walk;
mod write;
mod xml;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, display_path};
use crate::disclosure::Ground;

pub use front::{Letterhead, Overrides};
use notes::Meaning;
use package::{Package, PackageError};
use refusal::{Place, Refusal, RefusalKind};
use walk::{Block, Inline, NoteKey, Role, Walker};

/// What to import, and the values the command line sets.
#[derive(Debug, Clone)]
pub struct ImportRequest<'a> {
    pub config: &'a Config,
    /// The .docx, as the user named it (used in messages).
    pub file: PathBuf,
    /// The note's path under `content/` (`2024/x`); default from the file name.
    pub to: Option<String>,
    /// Front-matter values that replace what the document says.
    pub overrides: Overrides,
}

/// Counts of what was carried over.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub paragraphs: usize,
    pub headings: usize,
    /// Headings whose number came from Word's numbering definitions.
    pub numbered_headings: usize,
    pub list_items: usize,
    pub tables: usize,
    pub footnotes: usize,
    pub withheld: usize,
}

/// A successful import.
#[derive(Debug, Clone)]
pub struct ImportOutcome {
    /// The note written, e.g. `<root>/content/x.md`.
    pub path: PathBuf,
    pub stats: Stats,
    pub letterhead: Letterhead,
    /// Paragraphs of a Word table of contents left out (nota makes its own).
    pub toc_paragraphs: usize,
    /// Whether section 5 has content, so the note needs a `woo.section5` decision.
    pub section5_needs_decision: bool,
    /// What `nota build` will report about the note (other than the section 5 decision).
    pub findings: Vec<Diagnostic>,
}

/// Why nothing was imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {path}: {source}")]
    Unreadable {
        path: String,
        source: std::io::Error,
    },
    #[error("`{0}` is not a path inside content/: use a relative path such as 2024/mijn-nota")]
    BadPath(String),
    /// The document cannot be imported as it is; the diagnostics say why.
    #[error("the document was not imported")]
    Refused(Vec<Diagnostic>),
    #[error("cannot write {path}: {source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

/// Imports one document: reads, checks, converts and writes the note.
pub fn run(request: &ImportRequest<'_>) -> Result<ImportOutcome, ImportError> {
    let target = target(request)?;
    let shown_target = shown(request.config, &target);
    let refuse = |refusals: Vec<Refusal>, texts: &HashMap<usize, String>| {
        ImportError::Refused(
            refusals
                .iter()
                .map(|r| r.diagnostic(&request.file, texts))
                .collect(),
        )
    };
    if target.exists() {
        return Err(refuse(
            vec![Refusal::whole(RefusalKind::Exists(shown_target))],
            &HashMap::new(),
        ));
    }
    let bytes = std::fs::read(&request.file).map_err(|source| ImportError::Unreadable {
        path: display_path(&request.file),
        source,
    })?;
    let converted =
        convert(bytes, request).map_err(|(refusals, texts)| refuse(refusals, &texts))?;
    let (text, stats, letterhead, toc_paragraphs) = converted;
    let rel = target
        .strip_prefix(request.config.content_dir())
        .unwrap_or(&target)
        .to_path_buf();
    let (section5_needs_decision, findings) = check(request.config, &target, &rel, &text)?;
    crate::output::create_new_file(&target, &text).map_err(|source| {
        if source.kind() == std::io::ErrorKind::AlreadyExists {
            refuse(
                vec![Refusal::whole(RefusalKind::Exists(shown(
                    request.config,
                    &target,
                )))],
                &HashMap::new(),
            )
        } else {
            ImportError::Write {
                path: display_path(&target),
                source,
            }
        }
    })?;
    Ok(ImportOutcome {
        path: target,
        stats,
        letterhead,
        toc_paragraphs,
        section5_needs_decision,
        findings,
    })
}

/// `content/<to>.md`, or a name made from the file's name.
fn target(request: &ImportRequest<'_>) -> Result<PathBuf, ImportError> {
    let to = match &request.to {
        Some(to) => to.clone(),
        None => {
            let stem = request
                .file
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let name = slug::slugify(&stem);
            if name.is_empty() {
                "geimporteerde-nota".to_string()
            } else {
                name
            }
        }
    };
    crate::new_note::target(request.config, &to).map_err(|_| ImportError::BadPath(to))
}

fn shown(config: &Config, path: &Path) -> String {
    display_path(path.strip_prefix(&config.root).unwrap_or(path))
}

type Converted = (String, Stats, Letterhead, usize);
type Refused = (Vec<Refusal>, HashMap<usize, String>);

/// The document as note text, or every reason it cannot be imported.
fn convert(bytes: Vec<u8>, request: &ImportRequest<'_>) -> Result<Converted, Refused> {
    let whole = |kind| (vec![Refusal::whole(kind)], HashMap::new());
    let mut package = Package::open(bytes).map_err(|e| whole(package_refusal(e)))?;
    let parts = Parts::read(&mut package).map_err(|e| whole(package_refusal(e)))?;
    let styles = styles::Styles::read(parts.styles.as_ref());
    let numbering = numbering::Numbering::read(parts.numbering.as_ref());
    let comments = notes::comments(parts.comments.as_ref(), parts.comments_extended.as_ref());
    let footnotes = notes::notes(parts.footnotes.as_ref(), "footnote");
    let endnotes = notes::notes(parts.endnotes.as_ref(), "endnote");
    let body = parts
        .document
        .child("body")
        .cloned()
        .unwrap_or_else(|| parts.document.clone());

    let mut walker = Walker::new(&styles, numbering, &package.relationships, &comments);
    let mut blocks = walker.blocks(&body);
    // Notes, in the order the reader meets them (a note may cite another).
    let mut note_bodies = Vec::new();
    let mut index = 0;
    while index < walker.note_order.len() {
        let key = walker.note_order[index].clone();
        let element = match &key {
            NoteKey::Footnote(id) => footnotes.get(id),
            NoteKey::Endnote(id) => endnotes.get(id),
        };
        let body = element
            .map(|e| walker.note(e, index + 1))
            .unwrap_or_default();
        note_bodies.push(body);
        index += 1;
    }
    let mut refusals = std::mem::take(&mut walker.refusals);
    sweep_tracked_changes(&parts, walker.tracked_reported, &mut refusals);
    refusals.extend(comment_refusals(&comments, &walker.ranged));
    close_open_ranges(&mut blocks);
    refusals.extend(empty_ranges(&blocks, &note_bodies, &comments));

    let texts = paragraph_texts(&blocks);
    let properties = front::Properties::read(
        parts.core.as_ref(),
        parts.app.as_ref(),
        parts.custom.as_ref(),
    );
    let required = request
        .config
        .woo
        .publication
        .as_ref()
        .map(|p| p.required.clone())
        .unwrap_or_default();
    let front = front::extract(&mut blocks, &properties, &request.overrides, &required);
    let (front, letterhead) = match front {
        Ok(found) if refusals.is_empty() => found,
        Ok(_) => return Err((sort_refusals(refusals), texts)),
        Err(missing) => {
            refusals.extend(missing);
            return Err((sort_refusals(refusals), texts));
        }
    };

    let note_numbers: HashMap<NoteKey, usize> = walker
        .note_order
        .iter()
        .enumerate()
        .map(|(i, k)| (k.clone(), i + 1))
        .collect();
    let grounds: HashMap<String, Vec<Ground>> = comments
        .iter()
        .filter_map(|(id, c)| match &c.meaning {
            Meaning::Grounds(g) => Some((id.clone(), g.clone())),
            _ => None,
        })
        .collect();
    let text = write::note(&write::Note {
        front: &front,
        blocks: &blocks,
        notes: &note_bodies,
        note_numbers: &note_numbers,
        grounds: &grounds,
    });
    let stats = stats(&blocks, note_bodies.len());
    Ok((text, stats, letterhead, walker.dropped_toc))
}

/// The parts the importer reads.
struct Parts {
    document: xml::Element,
    styles: Option<xml::Element>,
    numbering: Option<xml::Element>,
    footnotes: Option<xml::Element>,
    endnotes: Option<xml::Element>,
    comments: Option<xml::Element>,
    comments_extended: Option<xml::Element>,
    core: Option<xml::Element>,
    app: Option<xml::Element>,
    custom: Option<xml::Element>,
}

impl Parts {
    fn read(package: &mut Package) -> Result<Self, PackageError> {
        Ok(Self {
            document: package.document()?,
            styles: package.related("styles")?,
            numbering: package.related("numbering")?,
            footnotes: package.related("footnotes")?,
            endnotes: package.related("endnotes")?,
            comments: package.related("comments")?,
            comments_extended: package.related("commentsExtended")?,
            core: package.part("docProps/core.xml")?,
            app: package.part("docProps/app.xml")?,
            custom: package.part("docProps/custom.xml")?,
        })
    }
}

fn package_refusal(error: PackageError) -> RefusalKind {
    match error {
        PackageError::Ole => RefusalKind::Encrypted,
        PackageError::NotZip => {
            RefusalKind::NotDocx("it is not a zip package as a .docx is".into())
        }
        PackageError::NotWord(why) => RefusalKind::NotDocx(why),
        PackageError::Broken { part, why } => RefusalKind::Broken { part, why },
    }
}

/// A tracked change the walk did not meet (in a place it does not visit)
/// still stops the import.
fn sweep_tracked_changes(parts: &Parts, reported: usize, refusals: &mut Vec<Refusal>) {
    let total: usize = [
        Some(&parts.document),
        parts.footnotes.as_ref(),
        parts.endnotes.as_ref(),
    ]
    .into_iter()
    .flatten()
    .map(walk::count_tracked)
    .sum();
    if total > reported {
        refusals.push(Refusal::whole(RefusalKind::TrackedChange {
            what: format!("{} outside the text nota imports", total - reported),
            author: String::new(),
        }));
    }
}

fn comment_refusals(
    comments: &HashMap<String, notes::Comment>,
    ranged: &HashMap<String, Place>,
) -> Vec<Refusal> {
    let mut ids: Vec<&String> = comments.keys().collect();
    ids.sort_by_key(|id| (id.parse::<u64>().unwrap_or(u64::MAX), id.as_str()));
    let mut out = Vec::new();
    for id in ids {
        let comment = &comments[id];
        let place = ranged.get(id).cloned().unwrap_or(Place::Document);
        let kind = match &comment.meaning {
            Meaning::Review => RefusalKind::ReviewComment {
                author: comment.author.clone(),
                text: comment.text.clone(),
            },
            Meaning::BadGround(error) => RefusalKind::BadGround {
                author: comment.author.clone(),
                error: error.clone(),
            },
            Meaning::Grounds(_) if !ranged.contains_key(id) => RefusalKind::EmptyRedaction {
                author: comment.author.clone(),
                text: comment.text.clone(),
            },
            Meaning::Grounds(_) | Meaning::Resolved => continue,
        };
        out.push(Refusal::new(kind, place));
    }
    out
}

/// A ground range Word never closed runs to the end of the body: withholding
/// too much is the safe error.
fn close_open_ranges(blocks: &mut [Block]) {
    let mut open: Vec<String> = Vec::new();
    for_each_inline(blocks, &mut |inline| match inline {
        Inline::LakOpen(id) => open.push(id.clone()),
        Inline::LakClose(id) => open.retain(|o| o != id),
        _ => {}
    });
    if open.is_empty() {
        return;
    }
    if let Some(Block::Paragraph(p)) = blocks
        .iter_mut()
        .rev()
        .find(|b| matches!(b, Block::Paragraph(_)))
    {
        p.inlines
            .extend(open.into_iter().rev().map(Inline::LakClose));
    }
}

/// Ground comments whose range holds no text.
fn empty_ranges(
    blocks: &[Block],
    notes: &[Vec<Block>],
    comments: &HashMap<String, notes::Comment>,
) -> Vec<Refusal> {
    let mut content: HashMap<String, bool> = HashMap::new();
    let mut open: Vec<String> = Vec::new();
    let mut visit = |inline: &Inline| match inline {
        Inline::LakOpen(id) => {
            content.entry(id.clone()).or_insert(false);
            open.push(id.clone());
        }
        Inline::LakClose(id) => open.retain(|o| o != id),
        Inline::Text { text, .. } if !text.trim().is_empty() => {
            for id in &open {
                content.insert(id.clone(), true);
            }
        }
        _ => {}
    };
    for_each_inline(blocks, &mut visit);
    for note in notes {
        for_each_inline(note, &mut visit);
    }
    let mut empty: Vec<&String> = content
        .iter()
        .filter(|(_, has)| !**has)
        .map(|(id, _)| id)
        .collect();
    empty.sort();
    empty
        .into_iter()
        .filter_map(|id| comments.get(id))
        .map(|c| {
            Refusal::whole(RefusalKind::EmptyRedaction {
                author: c.author.clone(),
                text: c.text.clone(),
            })
        })
        .collect()
}

fn for_each_inline(blocks: &[Block], f: &mut impl FnMut(&Inline)) {
    for block in blocks {
        match block {
            Block::Paragraph(p) => p.inlines.iter().for_each(&mut *f),
            Block::Table(t) => {
                for cell in t.rows.iter().flatten() {
                    for_each_inline(&cell.blocks, f);
                }
            }
        }
    }
}

fn paragraph_texts(blocks: &[Block]) -> HashMap<usize, String> {
    let mut out = HashMap::new();
    collect_texts(blocks, &mut out);
    out
}

fn collect_texts(blocks: &[Block], out: &mut HashMap<usize, String>) {
    for block in blocks {
        match block {
            Block::Paragraph(p) => {
                out.insert(p.number, p.plain_text());
            }
            Block::Table(t) => {
                for cell in t.rows.iter().flatten() {
                    collect_texts(&cell.blocks, out);
                }
            }
        }
    }
}

fn sort_refusals(mut refusals: Vec<Refusal>) -> Vec<Refusal> {
    let key = |r: &Refusal| match r.place {
        Place::Document => (0, 0, 0),
        Place::Paragraph { number, column } => (1, number, column),
        Place::Note(n) => (2, n, 0),
    };
    refusals.sort_by_key(key);
    refusals.dedup();
    refusals
}

fn stats(blocks: &[Block], footnotes: usize) -> Stats {
    let mut stats = Stats {
        footnotes,
        ..Stats::default()
    };
    let mut withheld = std::collections::HashSet::new();
    for_each_inline(blocks, &mut |i| {
        if let Inline::LakOpen(id) = i {
            withheld.insert(id.clone());
        }
    });
    stats.withheld = withheld.len();
    for block in blocks {
        match block {
            Block::Paragraph(p) => match &p.role {
                Role::Heading { number, .. } => {
                    stats.headings += 1;
                    stats.numbered_headings += usize::from(number.is_some());
                }
                Role::ListItem { .. } => stats.list_items += 1,
                Role::Body | Role::Title | Role::Date => stats.paragraphs += 1,
            },
            Block::Table(_) => stats.tables += 1,
        }
    }
    stats
}

/// Runs the written text through nota's own front-matter parser and Markdown
/// stage. The note must parse (anything else is a bug here, and nothing is
/// written); a section 5 with content is the decision left to the author;
/// other findings are what `nota build` will say about the note.
fn check(
    config: &Config,
    target: &Path,
    rel: &Path,
    text: &str,
) -> Result<(bool, Vec<Diagnostic>), ImportError> {
    let source = crate::load::Source {
        path: target
            .strip_prefix(&config.root)
            .unwrap_or(target)
            .to_path_buf(),
        rel: rel.to_path_buf(),
        text: Arc::new(text.to_string()),
    };
    let doc = crate::front_matter::parse(source, &config.organisation, |s, slug| {
        crate::url::note_url(&s.rel, slug)
    })
    .map_err(|failed| ImportError::Refused(failed.problems))?;
    let note_urls = rustc_hash::FxHashMap::default();
    let ctx = crate::markdown::RenderContext {
        note_urls: &note_urls,
        id_prefix: "",
        redaction: &config.redaction,
        base_path: &config.base_path,
    };
    let rendered = crate::markdown::render(&doc, &ctx);
    let (_, woo_findings) = crate::page::woo::resolve(&doc, &config.woo);
    let mut section5 = false;
    let mut findings = Vec::new();
    for d in rendered.diagnostics.into_iter().chain(woo_findings) {
        if d.code == "redaction/section5-content" {
            section5 = true;
        } else {
            findings.push(d);
        }
    }
    crate::diagnostic::sort(&mut findings);
    Ok((section5, findings))
}
