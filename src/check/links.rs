//! Internal links that would lead nowhere once the site is published.
//!
//! Links written as note paths (`../2023/x.md`) are resolved, and checked, by
//! the Markdown stage. This rule covers what it cannot know: site-absolute
//! paths (`/2023/x/`, `/bijlagen/rapport.pdf`) and `#fragments`, which must
//! name a heading or footnote that the target note really has.
//!
//! A link to a note that has errors of its own (its front matter or file
//! could not be read) is a warning that says so: that note's errors are the
//! cause, and calling the link broken would send the reader to the wrong
//! file.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::diagnostic::{self, Diagnostic};
use crate::front_matter::Unread;
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
    /// The notes that have errors, by the URL they would have.
    unread: HashMap<String, PathBuf>,
}

/// What is at a site path.
enum Target<'a> {
    /// A note, with its ids.
    Note(&'a HashSet<String>),
    /// A note that has errors (its path, for the message).
    Unread(&'a Path),
    /// Another file or page.
    File,
}

impl SitePaths {
    /// `files` are site paths starting with `/` of everything besides the
    /// notes; `unread` are the notes that have errors.
    pub fn new(pages: &[Page], files: impl IntoIterator<Item = String>, unread: &[Unread]) -> Self {
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
        let unread = unread
            .iter()
            .filter_map(|note| Some((note.url.clone()?, note.path.clone())))
            .collect();
        Self {
            ids_by_page,
            files: files.into_iter().collect(),
            unread,
        }
    }

    /// What is at a site path, if anything.
    fn lookup(&self, path: &str) -> Option<Target<'_>> {
        // Static hosts redirect `/x/y` to `/x/y/`.
        let with_slash = format!("{path}/");
        for url in [path, &with_slash] {
            if let Some(ids) = self.ids_by_page.get(url) {
                return Some(Target::Note(ids));
            }
            if let Some(note) = self.unread.get(url) {
                return Some(Target::Unread(note));
            }
        }
        let as_index = format!("{}index.html", path);
        (self.files.contains(path) || (path.ends_with('/') && self.files.contains(&as_index)))
            .then_some(Target::File)
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
        (Target::Note(ids), Some(fragment)) => check_fragment(link, fragment, ids, path),
        (Target::Unread(note), _) => Some(link_to_unread(link, note)),
        _ => None,
    }
}

/// A link to a note that has errors: a warning on the link, naming that
/// note, whose own errors stop the build anyway.
fn link_to_unread(link: &Link, note: &Path) -> Diagnostic {
    let note = diagnostic::display_path(note);
    Diagnostic::warning(
        "links/note-with-errors",
        format!("link to a note that has errors: {note}"),
    )
    .at(link
        .location
        .clone()
        .with_width(link.text.chars().count() + 2))
    .help(format!(
        "fix the errors reported for {note}; this link is checked again once that note builds"
    ))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Location;

    fn link(url: &str) -> Link {
        Link {
            url: url.to_string(),
            text: "de nota".to_string(),
            image: false,
            location: Location::file("content/a.md"),
        }
    }

    fn unread(path: &str, url: &str) -> Unread {
        Unread {
            path: path.into(),
            rel: path.trim_start_matches("content/").into(),
            url: Some(url.to_string()),
        }
    }

    /// What `check` finds for a page linking to each of `urls`.
    fn findings(site: &SitePaths, urls: &[&str]) -> Vec<Diagnostic> {
        let mut page = Page::sample("/a/", "2024-01-01", "A");
        page.facts.links = urls.iter().map(|url| link(url)).collect();
        check(&page, site)
    }

    fn codes(site: &SitePaths, urls: &[&str]) -> Vec<&'static str> {
        findings(site, urls).iter().map(|d| d.code).collect()
    }

    #[test]
    fn a_link_to_a_note_with_errors_is_a_warning_naming_it() {
        let pages = [Page::sample("/b/", "2024-01-01", "B")];
        let site = SitePaths::new(
            &pages,
            ["/".to_string()],
            &[unread("content/loket.md", "/loket/")],
        );
        let warning = "links/note-with-errors";
        assert_eq!(
            codes(&site, &["/loket/", "/loket", "/loket/#kop", "/loket/?x=1"]),
            [warning; 4]
        );
        assert_eq!(
            findings(&site, &["/loket/"])[0].message,
            "link to a note that has errors: content/loket.md"
        );
        assert_eq!(codes(&site, &["/b/", "/"]), Vec::<&str>::new());
        assert_eq!(codes(&site, &["/elders/"]), ["links/broken"]);
    }

    #[test]
    fn a_page_at_the_same_url_wins_over_a_note_with_errors() {
        // `loket.md` has errors and would be at /loket/, where
        // `loket/index.md` is: links there reach the page that exists.
        let pages = [Page::sample("/loket/", "2024-01-01", "Loket")];
        let site = SitePaths::new(&pages, Vec::new(), &[unread("content/loket.md", "/loket/")]);
        assert_eq!(codes(&site, &["/loket/"]), Vec::<&str>::new());
        assert_eq!(codes(&site, &["/loket/#kop"]), ["links/missing-anchor"]);
    }
}
