//! `{lak …}` passages and HTML comments in the front matter.
//!
//! The front-matter `title` and `summary` are text that readers see: they
//! may hold `{lak 5.1.2e}…{/lak}` passages like the body. The passage is
//! replaced by its codes, `[5.1.2e]`, in the value every later stage reads,
//! so the page, its `<title>` and `<meta>` description, the home page and
//! term lists, feeds, DiWoo records and the inventory all show the codes and
//! never the text; the text goes to the leak guard like any withheld
//! passage.
//!
//! Every other field is a key or a code: `topics`, `kenmerk`, `slug`,
//! `type` and `organisation` name terms, URLs, identifiers and TOOI
//! organisations, and the `woo` table holds decisions and references. There
//! is no sensible way to show part of a key, so a marker there is an error,
//! as is an HTML comment in any field (YAML and TOML have comments of their
//! own: `#`).

use super::{Outcome, Token, looks_like_marker, marker_shapes, parse_marker_grounds, scan_markers};
use crate::diagnostic::{Diagnostic, Location};
use crate::disclosure::{self as redaction, Ground, Withheld};
use crate::front_matter::Document;

/// Replaces the passages of `title` and `summary`, and reports markers and
/// comments in the other fields.
pub(super) fn redact_fields(doc: &Document, out: &mut Outcome) {
    out.title = redact_text(doc, "title", &doc.meta.title, out);
    if let Some(summary) = &doc.meta.summary {
        out.summary = Some(redact_text(doc, "summary", summary, out));
    }
    for (field, value, nested) in key_fields(doc) {
        if let Some(problem) = problem_in_key(field, value) {
            let location = if nested {
                redaction::nested_key_location(doc, "woo", field)
            } else {
                value_location(doc, field)
            };
            out.diagnostics.push(problem.at(location));
        }
    }
}

/// Every front-matter text that is a key or a code, with its field name and
/// whether it is in the `woo` table.
fn key_fields(doc: &Document) -> Vec<(&'static str, &str, bool)> {
    let meta = &doc.meta;
    let mut top: Vec<(&'static str, &str)> = Vec::new();
    if let Some(kind) = &meta.kind {
        top.push(("type", kind));
    }
    if doc.key_lines.contains_key("organisation") {
        top.push(("organisation", &meta.organisation));
    }
    top.extend(meta.topics.iter().map(|t| ("topics", t.as_str())));
    if let Some(kenmerk) = &meta.kenmerk {
        top.push(("kenmerk", kenmerk));
    }
    if let Some(slug) = &meta.slug {
        top.push(("slug", slug));
    }
    let woo = &meta.woo;
    let mut nested: Vec<(&'static str, &str)> = Vec::new();
    for (key, value) in [
        ("section5", &woo.section5),
        ("category", &woo.category),
        ("status", &woo.status),
    ] {
        if let Some(value) = value {
            nested.push((key, value));
        }
    }
    nested.extend(
        woo.grounds
            .iter()
            .flatten()
            .map(|g| ("grounds", g.as_str())),
    );
    for handeling in woo.documenthandelingen.iter().flatten() {
        nested.push(("documenthandelingen", &handeling.kind));
        nested.push(("documenthandelingen", &handeling.date));
    }
    for relation in woo.relations.iter().flatten() {
        nested.push(("relations", relation.target()));
        nested.extend(relation.kind().map(|kind| ("relations", kind)));
    }
    let mut fields: Vec<(&'static str, &str, bool)> = top
        .into_iter()
        .map(|(key, value)| (key, value, false))
        .collect();
    fields.extend(nested.into_iter().map(|(key, value)| (key, value, true)));
    fields
}

/// The words between markers in the key fields, as withheld passages: a
/// marker there is an error, but in a draft, which is not built, those words
/// are still what its authors meant to withhold (see `withhold_all`).
pub(super) fn withhold_key_markers(doc: &Document, out: &mut Outcome) {
    for (field, value, nested) in key_fields(doc) {
        if !looks_like_marker(value) {
            continue;
        }
        let location = if nested {
            redaction::nested_key_location(doc, "woo", field)
        } else {
            value_location(doc, field)
        };
        let end = (field_end_line(doc, field), usize::MAX);
        let mut start = None;
        for (range, token) in scan_markers(value) {
            match (token, start) {
                (Token::Close, Some(from)) => {
                    withhold(&value[from..range.start], &[], &location, end, out);
                    start = None;
                }
                (Token::Open(_) | Token::Unterminated, None) => start = Some(range.end),
                _ => {}
            }
        }
        if let Some(from) = start {
            withhold(&value[from..], &[], &location, end, out);
        }
    }
}

fn problem_in_key(field: &str, value: &str) -> Option<Diagnostic> {
    if value.contains("<!--") {
        return Some(comment_in_field(field));
    }
    looks_like_marker(value).then(|| {
        let shown = if field == "topics" || field == "kenmerk" || field == "slug" {
            format!("`{field}` is a key (it names a term, an identifier or a URL)")
        } else {
            format!("`{field}` is a code or a name that nota looks up")
        };
        Diagnostic::error(
            "redaction/marker-in-field",
            format!("a redaction marker in the front-matter field `{field}`: {shown}, and part of it cannot be withheld"),
        )
        .help("write the field without the withheld words (`{lak …}` can be used in `title`, `summary` and the text of the note); if the whole note may not be published, use `woo: {status: niet-openbaar, grounds: [\"5.1.2e\"]}`")
    })
}

fn comment_in_field(field: &str) -> Diagnostic {
    Diagnostic::error(
        "redaction/comment-in-field",
        format!("an HTML comment in the front-matter field `{field}` would be published as text"),
    )
    .help("remove it; for a remark in the front matter use a YAML comment (`# …`) or a TOML comment on a line of its own")
}

/// `text` of the field `key` with every passage replaced by its codes; the
/// passages go to `out.withheld`.
fn redact_text(doc: &Document, key: &'static str, text: &str, out: &mut Outcome) -> String {
    let comment = text.contains("<!--");
    if !comment && !looks_like_marker(text) {
        return text.to_string();
    }
    let location = value_location(doc, key);
    if comment {
        out.diagnostics
            .push(comment_in_field(key).at(location.clone()));
    }
    if !looks_like_marker(text) {
        return text.to_string();
    }
    let markers = scan_markers(text);
    if marker_shapes(text).count() > markers.len() {
        out.diagnostics.push(
            Diagnostic::error(
                "redaction/malformed-marker",
                format!("the front-matter field `{key}` holds something that looks like a redaction marker, but nota cannot read it as one"),
            )
            .at(location.clone())
            .help("write the markers exactly as `{lak 5.1.2e}` before the withheld words and `{/lak}` after them"),
        );
    }
    let end = (field_end_line(doc, key), usize::MAX);
    let mut shown = String::new();
    let mut cursor = 0;
    // The opened passage: where its text starts, and the marker's grounds.
    let mut open: Option<(usize, Vec<Ground>)> = None;
    for (range, token) in markers {
        let at = marker_location(doc, &location, &text[range.clone()]);
        match token {
            Token::Open(written) if open.is_none() => {
                shown.push_str(&text[cursor..range.start]);
                let grounds = parse_marker_grounds(&written, &at, doc, &mut out.diagnostics);
                open = Some((range.end, grounds));
            }
            Token::Unterminated if open.is_none() => {
                shown.push_str(&text[cursor..range.start]);
                open = Some((range.end, Vec::new()));
            }
            Token::Open(_) | Token::Unterminated => out.diagnostics.push(
                Diagnostic::error(
                    "redaction/nested-marker",
                    format!("a redaction marker inside another one in the front-matter field `{key}`"),
                )
                .at(at)
                .help("close the first passage with `{/lak}` before opening the next, or list several grounds in one marker: `{lak 5.1.2e 5.1.2i}`"),
            ),
            Token::Close => match open.take() {
                Some((start, grounds)) => {
                    withhold(&text[start..range.start], &grounds, &location, end, out);
                    shown.push_str(&codes(&grounds));
                    cursor = range.end;
                }
                None => out.diagnostics.push(
                    Diagnostic::error(
                        "redaction/stray-closer",
                        format!("`{{/lak}}` without an opening `{{lak …}}` before it in the front-matter field `{key}`"),
                    )
                    .at(at)
                    .help("add `{lak <ground>}` where the withheld words start, or delete this `{/lak}`"),
                ),
            },
        }
    }
    match open {
        Some((start, grounds)) => {
            out.diagnostics.push(
                Diagnostic::error(
                    "redaction/unclosed-marker",
                    format!("a redaction marker in the front-matter field `{key}` is never closed"),
                )
                .at(location.clone())
                .help("add `{/lak}` where the withheld words end; until then the rest of the field is withheld"),
            );
            withhold(&text[start..], &grounds, &location, end, out);
            shown.push_str(&codes(&grounds));
        }
        None => shown.push_str(&text[cursor..]),
    }
    shown.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn withhold(
    text: &str,
    grounds: &[Ground],
    location: &Location,
    end: (usize, usize),
    out: &mut Outcome,
) {
    for ground in grounds {
        *out.redactions.inline.entry(*ground).or_insert(0) += 1;
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if !text.is_empty() {
        out.withheld.push(Withheld {
            text,
            location: location.clone(),
            end,
        });
    }
}

/// `[5.1.2e]`, or `[?]` when the marker names no valid ground.
fn codes(grounds: &[Ground]) -> String {
    if grounds.is_empty() {
        return "[?]".to_string();
    }
    let codes: Vec<&str> = grounds.iter().map(|g| g.code()).collect();
    format!("[{}]", codes.join(", "))
}

/// The value of a top-level key: from after `key:` (or `key =`) to the end
/// of its line.
fn value_location(doc: &Document, key: &str) -> Location {
    let at_key = doc.key_location(key);
    let Some(line) = at_key.source_line.clone() else {
        return at_key;
    };
    let Some(separator) = line.find([':', '=']) else {
        return at_key;
    };
    let value_start =
        separator + 1 + (line[separator + 1..].len() - line[separator + 1..].trim_start().len());
    let column = line[..value_start].chars().count() + 1;
    let width = line[value_start..].chars().count();
    Location::with_line(&doc.source.path, Some(&line), at_key.line, column).with_width(width)
}

/// A marker's own place when it is on the field's line, else the field's.
fn marker_location(doc: &Document, field: &Location, marker: &str) -> Location {
    let Some(line) = &field.source_line else {
        return field.clone();
    };
    match line.find(marker) {
        Some(byte) => Location::with_line(
            &doc.source.path,
            Some(line),
            field.line,
            line[..byte].chars().count() + 1,
        )
        .with_width(marker.chars().count()),
        None => field.clone(),
    }
}

/// The last file line of a top-level field: the line before the next key,
/// or before the closing `---`.
fn field_end_line(doc: &Document, key: &str) -> usize {
    let line = doc.key_lines.get(key).copied().unwrap_or(1);
    doc.key_lines
        .values()
        .copied()
        .filter(|&other| other > line)
        .min()
        .unwrap_or(doc.body_line_offset)
        .saturating_sub(1)
        .max(line)
}
