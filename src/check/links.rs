//! Internal links that would lead nowhere once the site is published.
//!
//! Links written as note paths (`../2023/x.md`) are resolved, and checked, by
//! the Markdown stage. This rule covers what it cannot know: site-absolute
//! paths (`/2023/x/`, `/bijlagen/rapport.pdf`) and `#fragments`, which must
//! name a heading or footnote that the target note really has.

use std::collections::BTreeSet;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::diagnostic::Diagnostic;
use crate::markdown::{Link, RESERVED_IDS};
use crate::page::Page;
use crate::suggest;

/// Everything a finished build will contain, by site path.
#[derive(Debug, Default)]
pub struct SitePaths {
    /// Ids per note URL (`/2022/x/`): the body's own plus the theme's.
    ids_by_page: HashMap<String, HashSet<String>>,
    /// Other files and generated pages: `/`, `/404.html`, `/style.css`, assets.
    files: BTreeSet<String>,
}

impl SitePaths {
    /// `files` are site paths starting with `/` of everything besides the notes.
    pub fn new(pages: &[Page], files: impl IntoIterator<Item = String>) -> Self {
        let ids_by_page = pages
            .iter()
            .map(|page| {
                let ids = page
                    .facts
                    .ids
                    .iter()
                    .cloned()
                    .chain(RESERVED_IDS.iter().map(|s| (*s).to_string()))
                    .collect();
                (page.url.clone(), ids)
            })
            .collect();
        Self {
            ids_by_page,
            files: files.into_iter().collect(),
        }
    }

    /// What is at a site path: `Some(Some(ids))` for a note, `Some(None)` for
    /// another file, `None` when nothing is there.
    fn lookup(&self, path: &str) -> Option<Option<&HashSet<String>>> {
        if let Some(ids) = self.ids_by_page.get(path) {
            return Some(Some(ids));
        }
        // Static hosts redirect `/x/y` to `/x/y/`.
        if let Some(ids) = self.ids_by_page.get(&format!("{path}/")) {
            return Some(Some(ids));
        }
        let as_index = format!("{}index.html", path);
        (self.files.contains(path) || (path.ends_with('/') && self.files.contains(&as_index)))
            .then_some(None)
    }
}

/// Broken internal links and fragments of one page.
pub fn check(page: &Page, site: &SitePaths) -> Vec<Diagnostic> {
    let own_ids = site.ids_by_page.get(&page.url);
    page.facts
        .links
        .iter()
        .filter_map(|link| check_link(link, own_ids, site))
        .collect()
}

fn check_link(
    link: &Link,
    own_ids: Option<&HashSet<String>>,
    site: &SitePaths,
) -> Option<Diagnostic> {
    let url = link.url.as_str();
    if let Some(fragment) = url.strip_prefix('#') {
        return check_fragment(link, fragment, own_ids?, "this note");
    }
    if !url.starts_with('/') || url.starts_with("//") {
        return None; // external, mailto:, …
    }
    let (path, fragment) = match url.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (url, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    let Some(target) = site.lookup(path) else {
        return Some(
            Diagnostic::error(
                "links/broken",
                format!("link to `{url}`, but the site has no page or file at {path}"),
            )
            .at(link.location.clone().with_width(link.text.chars().count() + 2))
            .help("check the path; link to another note by its file path relative to this note (`../2023/other.md`), to a file under content/ by its path"),
        );
    };
    match (target, fragment) {
        (Some(ids), Some(fragment)) => check_fragment(link, fragment, ids, path),
        _ => None,
    }
}

fn check_fragment(
    link: &Link,
    fragment: &str,
    ids: &HashSet<String>,
    target: &str,
) -> Option<Diagnostic> {
    if fragment.is_empty() || fragment.eq_ignore_ascii_case("top") || ids.contains(fragment) {
        return None;
    }
    let mut candidates: Vec<&str> = ids.iter().map(String::as_str).collect();
    candidates.sort_unstable();
    let help = match suggest::did_you_mean(fragment, &candidates) {
        Some(close) => format!("did you mean `#{close}`?"),
        None => "a fragment names a heading of the note: its text in lower case, with `-` for spaces (see the note's table of contents)".to_string(),
    };
    Some(
        Diagnostic::error(
            "links/missing-anchor",
            format!(
                "link to `{}`, but {target} has no heading or footnote `#{fragment}`",
                link.url
            ),
        )
        .at(link
            .location
            .clone()
            .with_width(link.text.chars().count() + 2))
        .help(help),
    )
}
