//! Accessibility rules that can be decided from the Markdown alone.
//!
//! The real-browser test (axe-core, Nu Html Checker) proves the theme; these
//! rules catch what authors write, at build time and with a position, so a
//! note never reaches the browser test (or the public) with an image nobody
//! can hear, a link called "hier", or an outline that jumps levels.

use crate::diagnostic::Diagnostic;
use crate::markdown::{Heading, Link, Table};
use crate::page::Page;

/// Link texts that say nothing without their surroundings (WCAG 2.4.4/2.4.9),
/// lower-cased, in Dutch and English.
const VAGUE_LINK_TEXTS: &[&str] = &[
    "hier",
    "klik hier",
    "klik",
    "klik op deze link",
    "lees meer",
    "lees verder",
    "meer",
    "meer informatie",
    "meer info",
    "verder",
    "deze link",
    "link",
    "deze pagina",
    "pagina",
    "website",
    "bekijk",
    "download",
    "here",
    "click here",
    "click",
    "read more",
    "more",
    "more info",
    "learn more",
    "this link",
    "link here",
    "this page",
];

/// One thing the build checks in every note for accessibility, as the
/// accessibility statement (`render::statement`) lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The code of its findings.
    pub code: &'static str,
    /// The WCAG success criterion it serves, if it is one.
    pub criterion: Option<&'static str>,
    /// What every publication is checked for, in Dutch, as a sentence
    /// without its full stop.
    pub checked: &'static str,
    /// What a finding means for readers, in Dutch (the statement's known
    /// limitations; only for rules whose findings are warnings).
    pub limitation: &'static str,
    /// Whether a finding stops the build (an error) rather than warns.
    pub blocks: bool,
}

/// Everything the build checks in every note for accessibility: the rules
/// of this module and the link and footnote checks that serve readers too.
pub const RULES: &[Rule] = &[
    Rule {
        code: "a11y/image-alt",
        criterion: Some("1.1.1"),
        checked: "Elke afbeelding heeft een tekstalternatief",
        limitation: "een afbeelding heeft geen tekstalternatief",
        blocks: true,
    },
    Rule {
        code: "a11y/link-empty",
        criterion: Some("2.4.4"),
        checked: "Elke link heeft een tekst",
        limitation: "een link heeft geen tekst",
        blocks: true,
    },
    Rule {
        code: "a11y/link-vague",
        criterion: Some("2.4.4"),
        checked: "Een linktekst zegt waar de link heen gaat, niet alleen ‘hier’ of ‘lees meer’",
        limitation: "een linktekst zegt niet waar de link heen gaat",
        blocks: false,
    },
    Rule {
        code: "a11y/heading-skip",
        criterion: Some("1.3.1"),
        checked: "Koppen slaan geen niveau over",
        limitation: "een kop slaat een niveau over",
        blocks: false,
    },
    Rule {
        code: "a11y/table-header",
        criterion: Some("1.3.1"),
        checked: "Elke tabel heeft kolomkoppen",
        limitation: "een tabel heeft geen kolomkoppen",
        blocks: false,
    },
    Rule {
        code: "links/broken",
        criterion: None,
        checked: "Elke link naar een andere pagina of een bestand van deze website werkt",
        limitation: "een link werkt niet",
        blocks: true,
    },
    Rule {
        code: "links/missing-anchor",
        criterion: None,
        checked: "Elke link naar een kop of voetnoot vindt die kop of voetnoot",
        limitation: "een link naar een kop werkt niet",
        blocks: true,
    },
    Rule {
        code: "footnotes/undefined",
        criterion: None,
        checked: "Elke verwijzing naar een voetnoot heeft een voetnoot",
        limitation: "een voetnoot ontbreekt",
        blocks: true,
    },
];

/// The rule of a finding's `code`, if it is one of [`RULES`].
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|rule| rule.code == code)
}

/// All accessibility findings of one page.
pub fn check(page: &Page) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for link in &page.facts.links {
        found.extend(check_link(link));
    }
    found.extend(check_outline(&page.toc));
    found.extend(page.facts.tables.iter().filter_map(check_table));
    found
}

fn check_link(link: &Link) -> Option<Diagnostic> {
    let text = link.text.trim();
    if link.image {
        return text.is_empty().then(|| {
            Diagnostic::error(
                "a11y/image-alt",
                format!("image `{}` has no alt text", link.url),
            )
            .at(link.location.clone().with_width(3))
            .help("describe what the image shows between the brackets, e.g. `![Grafiek: aanmeldingen per kwartaal](grafiek.png)`")
        });
    }
    if text.is_empty() {
        return Some(
            Diagnostic::error(
                "a11y/link-empty",
                format!("link to `{}` has no text", link.url),
            )
            .at(link.location.clone().with_width(2))
            .help("put the words that say where the link goes between the brackets: `[Jaarverslag 2023](…)`"),
        );
    }
    is_vague(text).then(|| {
        Diagnostic::warning(
            "a11y/link-vague",
            format!("link text `{text}` does not say where the link goes"),
        )
        .at(link.location.clone().with_width(text.chars().count() + 2))
        .help("name the destination in the link itself, e.g. `[het rapport ‘Onzichtbare slachtoffers’](…)` instead of `[hier](…)`")
    })
}

fn is_vague(text: &str) -> bool {
    let normalised = text
        .trim_matches(|c: char| c.is_ascii_punctuation() || c == '…' || c.is_whitespace())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    VAGUE_LINK_TEXTS.contains(&normalised.as_str())
}

/// Headings may go down one level at a time; the page title is the `h1`.
fn check_outline(toc: &[Heading]) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut previous = 1;
    for heading in toc {
        if heading.level > previous + 1 {
            found.push(
                Diagnostic::warning(
                    "a11y/heading-skip",
                    format!(
                        "heading `{}` skips a level: it is shown as h{} right after h{previous}",
                        heading.title, heading.level
                    ),
                )
                .at(heading.location.clone())
                .help(
                    "screen-reader users navigate by heading level; give a heading at most one `#` more than the heading above it",
                ),
            );
        }
        previous = heading.level;
    }
    found
}

fn check_table(table: &Table) -> Option<Diagnostic> {
    (!table.has_header_text).then(|| {
        Diagnostic::warning("a11y/table-header", "table has no header text")
            .at(table.location.clone())
            .help("name every column in the first row, above the `| --- |` line, so screen readers can announce it with each cell")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Location, Severity};

    #[test]
    fn every_finding_of_this_module_is_a_rule_of_its_severity() {
        let mut page = Page::sample("/a/", "2024-01-01", "A");
        let link = |text: &str, image: bool| Link {
            url: "/b/".to_string(),
            text: text.to_string(),
            image,
            location: Location::file("content/a.md"),
        };
        page.facts.links = vec![link("", true), link("", false), link("hier", false)];
        page.toc = vec![Heading {
            level: 4,
            id: "x".to_string(),
            title: "X".to_string(),
            location: Location::file("content/a.md"),
        }];
        page.facts.tables = vec![Table {
            has_header_text: false,
            location: Location::file("content/a.md"),
        }];
        let found = check(&page);
        let codes: Vec<&str> = found.iter().map(|d| d.code).collect();
        let own: Vec<&str> = RULES
            .iter()
            .map(|r| r.code)
            .filter(|c| c.starts_with("a11y/"))
            .collect();
        assert_eq!(codes, own);
        for finding in &found {
            let blocks = finding.severity == Severity::Error;
            assert_eq!(
                rule(finding.code).unwrap().blocks,
                blocks,
                "{}",
                finding.code
            );
        }
    }

    #[test]
    fn vague_link_texts_in_dutch_and_english() {
        for text in [
            "hier",
            "Klik hier",
            "klik hier.",
            "Lees meer…",
            "Read more",
            "deze  link",
        ] {
            assert!(is_vague(text), "{text}");
        }
        for text in [
            "het rapport",
            "hier vindt u het jaarverslag",
            "Kamerstukken II",
        ] {
            assert!(!is_vague(text), "{text}");
        }
    }
}
