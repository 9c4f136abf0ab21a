//! A note once its Markdown is rendered: what indexes and templates work on.

use std::path::PathBuf;

use crate::cache::{Key, KeyBuilder};
use crate::front_matter::Meta;
use crate::markdown::{Facts, Heading};
use crate::personal_data::Listed;
use crate::redaction::Redactions;
use crate::woo::NoteWoo;

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
    /// A digest of what a link can point at on this page: its URL and
    /// `facts.ids` ([`Page::link_targets_of`]). Made once when the page is
    /// rendered; the link checks' key over every page is made of these.
    pub link_targets: Key,
}

impl Page {
    /// The digest of a page's URL and ids (see [`Page::link_targets`]).
    pub fn link_targets_of(url: &str, ids: &[String]) -> Key {
        let mut key = KeyBuilder::new("link-targets of a page");
        key.part(url.as_bytes()).part(&ids.len().to_le_bytes());
        for id in ids {
            key.part(id.as_bytes());
        }
        key.finish()
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
            link_targets: Page::link_targets_of(url, &[]),
        }
    }
}
