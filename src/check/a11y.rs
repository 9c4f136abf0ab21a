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
