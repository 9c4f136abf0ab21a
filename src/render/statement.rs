//! The accessibility statement at `/toegankelijkheid/` (toegankelijkheidsverklaring),
//! in the form of the Dutch government's model statement, made from what
//! the build knows.
//!
//! The footer of every page claims the guidelines for digital accessibility;
//! this page says what stands behind the claim, and what does not. The
//! parts of the model: the organisation and the website the statement is
//! about, the status (A to D, from `[accessibility]` in `nota.toml`; C
//! without an audit), what was checked and how (the build's checks of every
//! publication, `check::a11y::RULES`, and the browser checks the theme is
//! tested with), the known limitations (what this build warned about, per
//! publication; attachments and changed theme files nobody checked), how to
//! report a problem, the complaint route, and the date.
//!
//! Nothing here depends on the clock: without an approval date the page
//! says that the statement is made again with every publication, and gives
//! the date of the newest one.

use std::collections::BTreeMap;
use std::path::Path;

use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

use crate::check::a11y::{self, Rule};
use crate::config::Config;
use crate::config::accessibility::Contact;
use crate::diagnostic::Diagnostic;
use crate::index::Site;
use crate::load::Asset;
use crate::output::{self, Sink};
use crate::page::Page;
use crate::render::templates::{LiveReload, SiteView, Templates};
use crate::render::theme::Theme;
use crate::url;

/// The template of the statement.
pub const TEMPLATE: &str = "toegankelijkheid.html";

/// Extensions of attachments that are documents (the build checks none of
/// them), lower case.
const DOCUMENT_EXTENSIONS: &[&str] = &[
    "pdf", "doc", "docx", "odt", "rtf", "xls", "xlsx", "ods", "ppt", "pptx", "odp",
];

/// `statement` in `toegankelijkheid.html`.
#[derive(Debug, Serialize)]
pub struct Statement<'a> {
    /// The model's status: `letter` (A–D) and `name` ("eerste maatregelen genomen").
    pub status: StatusView,
    /// Where to report a problem; none until `nota.toml` names it.
    pub contact: Option<ContactView>,
    /// The date the statement was approved (ISO), from `nota.toml`.
    pub date: Option<String>,
    /// The date of the newest publication (ISO), if there is one.
    pub newest: Option<String>,
    /// The address of the audit report, from `nota.toml`.
    pub report: Option<&'a str>,
    /// How many publications this build checked.
    pub publications: usize,
    /// What the build checks in every publication.
    pub checks: Vec<CheckView>,
    /// What this build warned about, per publication (newest first).
    pub limitations: Vec<Limitation<'a>>,
    /// Documents under `content/` (PDF, Word, …): published, not checked.
    pub documents: usize,
    /// Theme files this site changed or added: not covered by the tests of
    /// the built-in theme.
    pub theme_changes: usize,
}

#[derive(Debug, Serialize)]
pub struct StatusView {
    pub letter: &'static str,
    pub name: &'static str,
}

#[derive(Debug, Serialize)]
pub struct ContactView {
    /// Ready for an `href`: `mailto:…` or the web address.
    pub href: String,
    /// As it is shown.
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct CheckView {
    pub criterion: Option<&'static str>,
    pub checked: &'static str,
    pub blocks: bool,
}

/// Warnings of one kind about one publication.
#[derive(Debug, Serialize)]
pub struct Limitation<'a> {
    pub title: &'a str,
    pub url: String,
    /// What readers meet, in Dutch ("een kop slaat een niveau over").
    pub what: &'static str,
    pub criterion: Option<&'static str>,
    pub count: usize,
}

impl<'a> Statement<'a> {
    /// The statement for `site`, built with `theme` and the `assets` of
    /// `content/`; `findings` are the build's findings so far (those of
    /// the checks included).
    pub fn new(
        config: &'a Config,
        (site, theme, assets): (&'a Site, &Theme, &[Asset]),
        findings: &[Diagnostic],
    ) -> Self {
        let settings = &config.accessibility;
        Self {
            status: StatusView {
                letter: settings.status.letter(),
                name: settings.status.name(),
            },
            contact: settings.contact.as_ref().map(|contact| match contact {
                Contact::Email(address) => ContactView {
                    href: format!("mailto:{address}"),
                    text: address.clone(),
                },
                Contact::Web(address) => ContactView {
                    href: address.clone(),
                    text: address.clone(),
                },
            }),
            date: settings.date.map(|d| d.to_string()),
            newest: site.pages.first().map(|p| p.meta.date.to_string()),
            report: settings.report.as_deref(),
            publications: site.pages.len(),
            checks: a11y::RULES
                .iter()
                .map(|rule| CheckView {
                    criterion: rule.criterion,
                    checked: rule.checked,
                    blocks: rule.blocks,
                })
                .collect(),
            limitations: limitations(config, &site.pages, findings),
            documents: assets.iter().filter(|a| is_document(&a.rel)).count(),
            theme_changes: theme.changed_files().count(),
        }
    }
}

/// The warnings of the accessibility rules about published pages, one entry
/// per page and rule, in site order and the order of the rules.
fn limitations<'a>(
    config: &Config,
    pages: &'a [Page],
    findings: &[Diagnostic],
) -> Vec<Limitation<'a>> {
    let warned = |finding: &Diagnostic| a11y::rule(finding.code).filter(|rule| !rule.blocks);
    if !findings.iter().any(|f| warned(f).is_some()) {
        return Vec::new();
    }
    let by_path: HashMap<&Path, usize> = pages
        .iter()
        .enumerate()
        .map(|(index, page)| (page.source_path.as_path(), index))
        .collect();
    let order = |rule: &Rule| a11y::RULES.iter().position(|r| r == rule);
    let mut counted: BTreeMap<(usize, Option<usize>), (&'static Rule, usize)> = BTreeMap::new();
    for finding in findings {
        let Some(rule) = warned(finding) else {
            continue;
        };
        let Some(&page) = finding
            .location
            .as_ref()
            .and_then(|location| by_path.get(location.path.as_path()))
        else {
            continue;
        };
        counted.entry((page, order(rule))).or_insert((rule, 0)).1 += 1;
    }
    counted
        .into_iter()
        .map(|((page, _), (rule, count))| Limitation {
            title: &pages[page].meta.title,
            url: config.base_path.href(&pages[page].url),
            what: rule.limitation,
            criterion: rule.criterion,
            count,
        })
        .collect()
}

fn is_document(rel: &Path) -> bool {
    rel.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| DOCUMENT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Writes the statement; returns the pages written (one, or none when the
/// theme has no template for it).
pub fn write(
    config: &Config,
    templates: &Templates,
    statement: &Statement<'_>,
    live_reload: Option<&LiveReload>,
    sink: &dyn Sink,
) -> Result<usize, Diagnostic> {
    if !templates.has(TEMPLATE) {
        return Ok(0);
    }
    #[derive(Serialize)]
    struct View<'a> {
        site: &'a SiteView<'a>,
        statement: &'a Statement<'a>,
    }
    let site = SiteView::new(config).with_live_reload(live_reload, config);
    let html = templates.render_view(
        TEMPLATE,
        &View {
            site: &site,
            statement,
        },
    )?;
    output::write(
        sink,
        &Page::output_path(url::ACCESSIBILITY_STATEMENT),
        &html,
    )?;
    Ok(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Location;

    fn warning(code: &'static str, path: &str) -> Diagnostic {
        Diagnostic::warning(code, "x").at(Location::file(path))
    }

    #[test]
    fn limitations_are_the_warnings_of_the_rules_per_published_page() {
        let config = Config::from_toml(
            "title = \"T\"\nbase_url = \"https://example.nl/nota/\"\norganisation = \"O\"\n",
            &Default::default(),
        )
        .unwrap();
        let pages = [
            Page::sample("/nieuw/", "2024-02-01", "Nieuw"),
            Page::sample("/oud/", "2024-01-01", "Oud"),
        ];
        let findings = [
            warning("a11y/table-header", "content/oud.md"),
            warning("a11y/link-vague", "content/oud.md"),
            warning("a11y/link-vague", "content/oud.md"),
            warning("a11y/heading-skip", "content/nieuw.md"),
            warning("a11y/link-vague", "content/concept.md"),
            warning("footnotes/unused", "content/nieuw.md"),
            Diagnostic::error("a11y/image-alt", "x").at(Location::file("content/nieuw.md")),
        ];
        let made = limitations(&config, &pages, &findings);
        let found: Vec<(&str, &str, &str, usize)> = made
            .iter()
            .map(|l| (l.title, l.url.as_str(), l.what, l.count))
            .collect();
        assert_eq!(
            found,
            [
                ("Nieuw", "/nota/nieuw/", "een kop slaat een niveau over", 1),
                (
                    "Oud",
                    "/nota/oud/",
                    "een linktekst zegt niet waar de link heen gaat",
                    2
                ),
                ("Oud", "/nota/oud/", "een tabel heeft geen kolomkoppen", 1),
            ]
        );
    }

    #[test]
    fn documents_are_counted_by_extension() {
        for (name, document) in [
            ("bijlage.pdf", true),
            ("Brief.DOCX", true),
            ("plaatje.png", false),
            ("pdf", false),
        ] {
            assert_eq!(is_document(Path::new(name)), document, "{name}");
        }
    }
}
