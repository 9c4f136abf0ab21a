//! A note once its Markdown is rendered: what checks, indexes, templates and
//! the Woo files work on.
//!
//! [`Page`] is the type between the per-note stages and the site-wide ones:
//! [`make`] puts it together from a note's document, its rendered Markdown
//! and its resolved Woo metadata. That last part ([`woo`]) lives here, below
//! the Woo publication (`crate::woo`), which reads pages.

pub mod woo;

use rustc_hash::FxHashMap as HashMap;
use std::path::PathBuf;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::disclosure::{NoteReport, Redactions, Withheld};
use crate::front_matter::{Document, Meta, Unread};
use crate::markdown::{self, Facts, Heading, RenderContext};
use crate::page::woo::NoteWoo;
use crate::personal_data::Listed;
use crate::published_text::PublishedText;

/// One rendered note.
#[derive(Debug, Clone)]
pub struct Page {
    /// Site path, e.g. `/2022/onzichtbare-slachtoffers/`.
    pub url: String,
    /// Source path relative to the site root, for messages.
    pub source_path: PathBuf,
    pub meta: Meta,
    /// Rendered body HTML (footnotes included).
    pub content: String,
    pub toc: Vec<Heading>,
    /// Plain-text summary (front matter's, or derived from the first paragraph).
    pub summary: String,
    /// Links, images, tables, citations and ids of the body, for checks and metadata.
    pub facts: Facts,
    /// What the note withholds: section-5 state and grounds (never the text).
    pub redactions: Redactions,
    /// Publication status and resolved Woo metadata.
    pub woo: NoteWoo,
    /// What the personal-data check found (values masked), for `nota check`.
    pub personal_data: Vec<Listed>,
}

/// What making a note's page found besides the page.
#[derive(Debug, Clone, Default)]
pub struct Findings {
    pub diagnostics: Vec<Diagnostic>,
    /// The passages the Markdown stage removed: they go to the leak guard
    /// only, never onto the page.
    pub withheld: Vec<Withheld>,
}

/// The URL of every note by its path relative to `content/`: what a body's
/// links by path (`x.md`) resolve against.
pub type NoteUrls = HashMap<PathBuf, String>;

/// The URL of every note of `documents`, and of every `unread` note whose
/// URL is known: a link to a note with errors is reported by the link
/// checks as such, not as a link to a note that does not exist.
pub fn note_urls(documents: &[Document], unread: &[Unread]) -> NoteUrls {
    let unread = unread
        .iter()
        .filter_map(|note| Some((note.rel.clone(), note.url.clone()?)));
    documents
        .iter()
        .map(|d| (d.source.rel.clone(), d.url.clone()))
        .chain(unread)
        .collect()
}

/// A note's page: its body rendered with what is withheld removed, and its
/// Woo metadata resolved; with it the text the page publishes, for the
/// personal-data check (the page does not keep it).
pub fn make(
    config: &Config,
    doc: &Document,
    note_urls: &NoteUrls,
) -> (Page, Findings, PublishedText) {
    let ctx = RenderContext {
        note_urls,
        id_prefix: "",
        redaction: &config.redaction,
        base_path: &config.base_path,
    };
    let rendered = markdown::render(doc, &ctx);
    let (woo, mut diagnostics) = woo::resolve(doc, &config.woo);
    diagnostics.extend(rendered.diagnostics);
    // Pages show the title and summary as redacted, never as written.
    let mut meta = doc.meta.clone();
    meta.title.clone_from(&rendered.title);
    if meta.summary.is_some() {
        meta.summary = Some(rendered.summary.clone());
    }
    let page = Page {
        url: doc.url.clone(),
        source_path: doc.source.path.clone(),
        meta,
        content: rendered.html,
        toc: rendered.toc,
        summary: rendered.summary,
        facts: rendered.facts,
        redactions: rendered.redactions,
        woo,
        personal_data: Vec::new(),
    };
    let findings = Findings {
        diagnostics,
        withheld: rendered.withheld,
    };
    (page, findings, rendered.published)
}

/// What drafts withhold: a draft is not published, but words its authors
/// marked as withheld are withheld all the same, so the leak guard looks
/// for them in what is published. Nothing else of a draft is used, and its
/// findings wait until it is built.
pub fn withheld_in_drafts(config: &Config, drafts: &[Document]) -> Vec<Withheld> {
    use rayon::prelude::*;
    if drafts.is_empty() {
        return Vec::new();
    }
    let note_urls = NoteUrls::default();
    let ctx = RenderContext {
        note_urls: &note_urls,
        id_prefix: "",
        redaction: &config.redaction,
        base_path: &config.base_path,
    };
    drafts
        .par_iter()
        .flat_map_iter(|doc| markdown::render(doc, &ctx).withheld)
        .collect()
}

/// `woo.status: niet-openbaar` pages go no further than the inventory:
/// the published pages, and the others.
pub fn published(pages: Vec<Page>) -> (Vec<Page>, Vec<Page>) {
    pages.into_iter().partition(|p| p.woo.is_published())
}

impl Page {
    /// What the page withholds, for the redaction overview of `nota check`.
    pub fn disclosure_report(&self) -> NoteReport {
        let mut report =
            NoteReport::new(self.source_path.clone(), self.url.clone(), &self.redactions);
        report.personal_data.clone_from(&self.personal_data);
        if !self.woo.is_published() {
            report.beoordeling = Some("Niet openbaar");
        }
        report
    }

    /// The output file of a site path: `/a/b/` → `a/b/index.html`.
    pub fn output_path(url: &str) -> String {
        let trimmed = url.trim_matches('/');
        if trimmed.is_empty() {
            "index.html".to_string()
        } else {
            format!("{trimmed}/index.html")
        }
    }
}

#[cfg(test)]
impl Page {
    /// A page with only a URL, a date and a title, for unit tests.
    pub(crate) fn sample(url: &str, date: &str, title: &str) -> Self {
        use crate::front_matter::WooMeta;
        Page {
            url: url.to_string(),
            source_path: format!("content{}.md", url.trim_end_matches('/')).into(),
            meta: Meta {
                title: title.into(),
                date: date.parse().expect("a valid date"),
                kind: None,
                organisation: "Ministerie".into(),
                topics: vec![],
                kenmerk: None,
                summary: None,
                draft: false,
                slug: None,
                woo: WooMeta::default(),
                personal_data: Default::default(),
            },
            content: String::new(),
            toc: vec![],
            summary: String::new(),
            facts: Facts::default(),
            redactions: Redactions::default(),
            woo: NoteWoo::default(),
            personal_data: Vec::new(),
        }
    }
}
