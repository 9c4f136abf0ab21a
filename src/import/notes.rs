//! The parts beside the main text: footnotes, endnotes and comments.
//!
//! A comment is either a redaction mark in nota's convention (its whole text
//! is one or more Woo ground codes, `5.1.2e`) or a review comment. Review
//! comments that are still open stop the import: they are the reviewers'
//! words, and a document still under review is not ready to publish. A
//! comment marked resolved in Word is left out.

use std::collections::{HashMap, HashSet};

use super::xml::{Element, Ns};
use crate::disclosure::{Ground, GroundError};

/// What one comment means to the importer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Meaning {
    /// The whole text is Woo grounds: withhold the commented text.
    Grounds(Vec<Ground>),
    /// Code-like text that is not a Woo ground (`10.2.e`, `5.1.3`).
    BadGround(GroundError),
    /// A review comment still open.
    Review,
    /// A review comment marked resolved: ignored.
    Resolved,
}

#[derive(Debug, Clone)]
pub struct Comment {
    pub author: String,
    pub text: String,
    pub meaning: Meaning,
}

/// The comments of a document by id.
pub fn comments(root: Option<&Element>, extended: Option<&Element>) -> HashMap<String, Comment> {
    let resolved = resolved_paragraphs(extended);
    let Some(root) = root else {
        return HashMap::new();
    };
    root.elements()
        .filter(|e| e.is("comment"))
        .filter_map(|c| {
            let id = c.attr("id")?.to_string();
            let text = paragraph_texts(c).join(" ").trim().to_string();
            let done = c
                .elements()
                .filter(|p| p.is("p"))
                .filter_map(|p| p.attr_ns(Ns::W14, "paraId"))
                .any(|id| resolved.contains(id));
            let meaning = match ground_meaning(&text) {
                Some(meaning) => meaning,
                None if done => Meaning::Resolved,
                None => Meaning::Review,
            };
            Some((
                id,
                Comment {
                    author: c.attr("author").unwrap_or("unknown").to_string(),
                    text,
                    meaning,
                },
            ))
        })
        .collect()
}

/// `Grounds` when every token is a Woo ground, `BadGround` when the text is
/// made of code-like tokens of which one is not, `None` for prose.
fn ground_meaning(text: &str) -> Option<Meaning> {
    let code_like = |t: &str| {
        t.chars().next().is_some_and(|c| c.is_ascii_digit())
            && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
    };
    let tokens: Vec<&str> = text
        .split([' ', '\t', ',', ';', '\u{a0}'])
        .filter(|t| !t.is_empty())
        .collect();
    let looks_like_codes = !tokens.is_empty()
        && tokens
            .iter()
            .all(|t| code_like(t) || (t.len() == 1 && t.chars().all(|c| c.is_ascii_alphabetic())));
    if !looks_like_codes {
        return None;
    }
    let mut grounds = Vec::new();
    for parsed in Ground::parse_list(&text.replace('\u{a0}', " ")) {
        match parsed {
            Ok(g) if !grounds.contains(&g) => grounds.push(g),
            Ok(_) => {}
            Err(e) => return Some(Meaning::BadGround(e)),
        }
    }
    Some(Meaning::Grounds(grounds))
}

/// `w14:paraId`s of comment paragraphs that `commentsExtended.xml` marks done.
fn resolved_paragraphs(extended: Option<&Element>) -> HashSet<String> {
    extended
        .map(|root| {
            root.elements()
                .filter(|e| e.ns == Ns::W15 && e.name == "commentEx")
                .filter(|e| e.attr_ns(Ns::W15, "done") == Some("1"))
                .filter_map(|e| e.attr_ns(Ns::W15, "paraId").map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The text of each `w:p` directly inside `e`.
pub fn paragraph_texts(e: &Element) -> Vec<String> {
    e.elements()
        .filter(|p| p.is("p"))
        .map(|p| {
            p.descendants()
                .into_iter()
                .filter(|t| t.is("t"))
                .map(Element::text)
                .collect::<String>()
        })
        .collect()
}

/// Footnotes or endnotes (`w:footnote`/`w:endnote`) by id, without the
/// separators Word keeps among them.
pub fn notes<'a>(root: Option<&'a Element>, element: &str) -> HashMap<String, &'a Element> {
    let Some(root) = root else {
        return HashMap::new();
    };
    root.elements()
        .filter(|e| e.is(element))
        .filter(|e| {
            !matches!(
                e.attr("type"),
                Some("separator" | "continuationSeparator" | "continuationNotice")
            )
        })
        .filter_map(|e| Some((e.attr("id")?.to_string(), e)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_ground_codes_from_prose() {
        assert_eq!(
            ground_meaning("5.1.2e"),
            Some(Meaning::Grounds(vec![Ground::G512e]))
        );
        assert_eq!(
            ground_meaning("5.1.2e, 5.1.2 i"),
            Some(Meaning::Grounds(vec![Ground::G512e, Ground::G512i]))
        );
        assert!(matches!(
            ground_meaning("10.2.e"),
            Some(Meaning::BadGround(_))
        ));
        assert!(matches!(
            ground_meaning("5.1.3"),
            Some(Meaning::BadGround(_))
        ));
        assert_eq!(ground_meaning("5.1.2e graag checken"), None);
        assert_eq!(ground_meaning("Klopt dit?"), None);
        assert_eq!(ground_meaning(""), None);
    }
}
