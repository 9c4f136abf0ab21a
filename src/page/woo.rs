//! A note's Woo facts, resolved from its front matter and checked.
//!
//! Authors write names (`type: beslisnota`, `organisation: Ministerie van
//! Justitie en Veiligheid`, `woo.category: adviezen`); the Woo-index wants
//! TOOI URIs. Resolving them per note, before anything is rendered, lets
//! `nota check` point at the exact front-matter line of a wrong name and list
//! the nearest valid ones, instead of the harvester silently dropping the
//! document months later.
//!
//! The publication status is resolved even when Woo output is off: a note
//! marked `woo.status: niet-openbaar` is never published, whatever the
//! configuration says.

use jiff::civil::Date;

use crate::config::woo::{Publication, Settings, lookup_diagnostic};
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::disclosure::Ground;
use crate::disclosure::nested_key_location;
use crate::front_matter::Document;
use crate::markdown::citations;
use crate::tooi::organisation::{self, Unresolved, When};
use crate::tooi::{self, Entry, ListKind};

/// Whether a note may be published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Published in full or in part (the default).
    Openbaar,
    /// Listed in the inventory, never built into pages, feeds or sitemaps.
    NietOpenbaar,
}

/// The default kind of documenthandeling, dated on the note's `date`.
pub const DEFAULT_HANDELING: &str = "vaststelling";
/// The kind of a relation written without one.
pub const DEFAULT_RELATION: &str = "verwijst naar";

/// What the Woo needs to know about one note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteWoo {
    pub status: Status,
    /// For a `niet-openbaar` note: the grounds in its `woo.grounds`.
    pub withheld_on: Vec<Ground>,
    /// The TOOI values of its DiWoo record; `None` when Woo output is off.
    pub metadata: Option<Metadata>,
}

impl Default for NoteWoo {
    fn default() -> Self {
        Self {
            status: Status::Openbaar,
            withheld_on: Vec::new(),
            metadata: None,
        }
    }
}

impl NoteWoo {
    pub fn is_published(&self) -> bool {
        self.status == Status::Openbaar
    }
}

/// A note's resolved DiWoo values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metadata {
    pub category: &'static Entry,
    /// The TOOI document type of `type`, when the note has one.
    pub documentsoort: Option<&'static Entry>,
    /// The TOOI organisation of `organisation`.
    pub organisation: &'static Entry,
    /// At least one.
    pub handelingen: Vec<Handeling>,
    /// From `woo.relations`, in the order written.
    pub relations: Vec<RelationLink>,
}

/// One DiWoo `documenthandeling`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handeling {
    pub kind: &'static Entry,
    pub date: Date,
}

/// One DiWoo `documentrelatie`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationLink {
    pub role: &'static Entry,
    pub url: String,
    /// The related document as written (citation text or URL).
    pub label: String,
}

/// Resolves and checks the Woo facts of `doc`.
pub fn resolve(doc: &Document, settings: &Settings) -> (NoteWoo, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let status = status(doc, &mut problems);
    let mut woo = NoteWoo {
        status,
        ..NoteWoo::default()
    };
    let Some(publication) = &settings.publication else {
        return (woo, problems);
    };
    if doc.meta.woo.status.as_deref().map(str::trim) == Some("niet-openbaar") {
        woo.withheld_on = withheld_grounds(doc, &mut problems);
    }
    required_fields(doc, publication, &mut problems);
    let before = problems.len();
    let category = match &doc.meta.woo.category {
        Some(name) => lookup(
            ListKind::Category,
            name,
            nested_value(doc, "category"),
            &mut problems,
        ),
        None => Some(publication.category),
    };
    let documentsoort = doc
        .meta
        .kind
        .as_deref()
        .map(|name| document_type(doc, name, publication, &mut problems));
    let organisation = organisation(doc, publication, &mut problems);
    let handelingen = handelingen(doc, &mut problems);
    let relations = relations(doc, &mut problems);
    let clean = !problems[before..]
        .iter()
        .any(|p| p.severity == Severity::Error);
    if clean && let (Some(category), Some(organisation)) = (category, organisation) {
        woo.metadata = Some(Metadata {
            category,
            documentsoort: documentsoort.flatten(),
            organisation,
            handelingen,
            relations,
        });
    }
    (woo, problems)
}

fn status(doc: &Document, problems: &mut Vec<Diagnostic>) -> Status {
    match doc.meta.woo.status.as_deref().map(str::trim) {
        None | Some("openbaar") => Status::Openbaar,
        Some("niet-openbaar") => Status::NietOpenbaar,
        Some(other) => {
            problems.push(
                Diagnostic::error(
                    "woo/unknown-status",
                    format!("`woo.status` is `{other}`, which nota does not know"),
                )
                .at(nested_value(doc, "status"))
                .help("write `status: openbaar` (the default) or `status: niet-openbaar` (listed in the inventory, never published)"),
            );
            // Fail closed: an unreadable status never publishes the note.
            Status::NietOpenbaar
        }
    }
}

/// The grounds of a note that is withheld as a whole. Wrong codes are
/// reported by the redaction stage; here only their absence is.
fn withheld_grounds(doc: &Document, problems: &mut Vec<Diagnostic>) -> Vec<Ground> {
    let mut grounds: Vec<Ground> = doc
        .meta
        .woo
        .grounds
        .iter()
        .flatten()
        .filter_map(|g| g.parse().ok())
        .collect();
    grounds.sort();
    grounds.dedup();
    if grounds.is_empty() && doc.meta.woo.grounds.is_none() {
        problems.push(
            Diagnostic::error(
                "woo/missing-ground",
                "a `niet-openbaar` note needs the refusal grounds for the inventory",
            )
            .at(nested_key_location(doc, "woo", "status"))
            .help("add e.g. `grounds: [\"5.1.2i\"]` under `woo:`, naming the Woo grounds the note is withheld on"),
        );
    }
    grounds
}

fn required_fields(doc: &Document, publication: &Publication, problems: &mut Vec<Diagnostic>) {
    let meta = &doc.meta;
    for field in &publication.required {
        let present = match field.as_str() {
            "type" => meta.kind.is_some(),
            "kenmerk" => meta
                .kenmerk
                .as_deref()
                .is_some_and(|k| !k.trim().is_empty()),
            "summary" => meta.summary.is_some(),
            "topics" => !meta.topics.is_empty(),
            "organisation" => doc.key_lines.contains_key("organisation"),
            "woo.category" => meta.woo.category.is_some(),
            "woo.documenthandelingen" => meta.woo.documenthandelingen.is_some(),
            "woo.relations" => meta.woo.relations.as_ref().is_some_and(|r| !r.is_empty()),
            _ => true,
        };
        if !present {
            let at = match field.strip_prefix("woo.") {
                Some(_) if doc.key_lines.contains_key("woo") => doc.key_location("woo"),
                _ => Location::in_text(&doc.source.path, &doc.source.text, 1, 1).with_width(3),
            };
            problems.push(
                Diagnostic::error(
                    "woo/missing-field",
                    format!("this note has no `{field}`, which `required` in [woo] of nota.toml asks for"),
                )
                .at(at)
                .help(format!("add `{field}` to the front matter, or remove it from `required`")),
            );
        }
    }
}

fn lookup(
    kind: ListKind,
    name: &str,
    at: Location,
    problems: &mut Vec<Diagnostic>,
) -> Option<&'static Entry> {
    tooi::lookup(kind, name)
        .map_err(|e| problems.push(lookup_diagnostic(&e, at)))
        .ok()
}

/// `type` → TOOI document type, through `[woo.types]` first.
fn document_type(
    doc: &Document,
    name: &str,
    publication: &Publication,
    problems: &mut Vec<Diagnostic>,
) -> Option<&'static Entry> {
    if let Some(entry) = publication.types.get(&name.to_lowercase()) {
        return Some(entry);
    }
    let found = lookup(
        ListKind::DocumentType,
        name,
        top_value(doc, "type"),
        problems,
    );
    if found.is_none()
        && let Some(last) = problems.last_mut()
    {
        last.help = Some(format!(
            "{}; or map the type in nota.toml: [woo.types] {name} = \"…\"",
            last.help.take().unwrap_or_default()
        ));
    }
    found
}

/// `organisation` → TOOI organisation, through `[woo.organisations]` first,
/// then by the name it had on the note's `date`. A note without one takes the
/// site's from nota.toml, which, like the publisher, names the organisation
/// by today's name: then the note's `date` is checked against the time the
/// organisation existed.
fn organisation(
    doc: &Document,
    publication: &Publication,
    problems: &mut Vec<Diagnostic>,
) -> Option<&'static Entry> {
    let name = &doc.meta.organisation;
    if let Some(entry) = publication.organisations.get(&name.to_lowercase()) {
        return Some(entry);
    }
    let written = doc.key_lines.contains_key("organisation");
    let on_the_date = When::On(doc.meta.date);
    let resolved = if written {
        organisation::resolve(name, on_the_date)
    } else {
        organisation::resolve(name, When::Now).map(|found| organisation::Resolved {
            notice: organisation::register().absence(found.organisation, name, on_the_date),
            ..found
        })
    };
    let (origin, at) = if written {
        ("", top_value(doc, "organisation"))
    } else {
        (
            " (the note has no `organisation`; this is the site's from nota.toml)",
            top_value(doc, "date"),
        )
    };
    match resolved {
        Ok(resolved) => {
            if let Some(notice) = resolved.notice {
                let mut warning = notice.diagnostic(at);
                warning.message.push_str(origin);
                problems.push(warning);
            }
            Some(resolved.organisation)
        }
        Err(unresolved) => {
            let at = match (written, &unresolved) {
                (false, Unresolved::Unknown { .. }) => {
                    Location::in_text(&doc.source.path, &doc.source.text, 1, 1).with_width(3)
                }
                _ => at,
            };
            let mut error = unresolved.diagnostic(at);
            error.message.push_str(origin);
            error.help = Some(format!(
                "{}; or map the name in nota.toml: [woo.organisations] \"{name}\" = \"…\"",
                error.help.take().unwrap_or_default()
            ));
            problems.push(error);
            None
        }
    }
}

fn handelingen(doc: &Document, problems: &mut Vec<Diagnostic>) -> Vec<Handeling> {
    let written = doc.meta.woo.documenthandelingen.as_deref().unwrap_or(&[]);
    if written.is_empty() {
        let kind = tooi::lookup(ListKind::Handeling, DEFAULT_HANDELING)
            .expect("the default documenthandeling is in the TOOI list");
        return vec![Handeling {
            kind,
            date: doc.meta.date,
        }];
    }
    let anchor = "documenthandelingen";
    let mut out = Vec::new();
    for handeling in written {
        let kind = lookup(
            ListKind::Handeling,
            &handeling.kind,
            item_location(doc, anchor, &handeling.kind),
            problems,
        );
        let date = parse_date(&handeling.date);
        if date.is_none() {
            problems.push(
                Diagnostic::error(
                    "woo/invalid-date",
                    format!("`{}` is not a valid date", handeling.date),
                )
                .at(item_location(doc, anchor, &handeling.date))
                .help(
                    "write the date of the documenthandeling as YYYY-MM-DD, e.g. date: 2022-10-28",
                ),
            );
        }
        if let (Some(kind), Some(date)) = (kind, date) {
            out.push(Handeling { kind, date });
        }
    }
    out
}

fn relations(doc: &Document, problems: &mut Vec<Diagnostic>) -> Vec<RelationLink> {
    let mut out: Vec<RelationLink> = Vec::new();
    for relation in doc.meta.woo.relations.iter().flatten() {
        let target = relation.target().trim();
        let role = lookup(
            ListKind::Relation,
            relation.kind().unwrap_or(DEFAULT_RELATION),
            item_location(doc, "relations", relation.kind().unwrap_or(target)),
            problems,
        );
        let url = match relation_url(target) {
            Ok(url) => Some(url),
            Err(reason) => {
                problems.push(
                    Diagnostic::error(
                        "woo/unparsed-relation",
                        format!("the relation `{target}` is not a citation or URL nota can read: {reason}"),
                    )
                    .at(item_location(doc, "relations", target))
                    .help("write a parliamentary citation such as `Kamerstukken II 2022/23, 28638, nr. 220`, `Aanhangsel Handelingen II 2024/25, nr. 1028` or `2022Z19982`, or a full https:// URL"),
                );
                None
            }
        };
        if let (Some(role), Some(url)) = (role, url)
            && !out.iter().any(|r| r.url == url && r.role == role)
        {
            out.push(RelationLink {
                role,
                url,
                label: target.to_string(),
            });
        }
    }
    out
}

/// The URL of a relation target: a URL as is, or the one citation it is.
pub fn relation_url(target: &str) -> Result<String, String> {
    if target.starts_with("https://") || target.starts_with("http://") {
        if target.contains(char::is_whitespace) || target.len() < 12 {
            return Err("a URL cannot contain spaces".to_string());
        }
        return Ok(target.to_string());
    }
    let found = citations::find(target);
    let trimmed = target.trim_end_matches(['.', ';', ',']);
    match (found.citations.as_slice(), found.unparsed.first()) {
        ([one], None) if one.span.start == 0 && one.span.end >= trimmed.len() => {
            Ok(one.url.clone())
        }
        ([_, _, ..], _) => {
            Err("it holds more than one citation; write one per relation".to_string())
        }
        (_, Some(unparsed)) => Err(unparsed.reason.clone()),
        _ => Err("it is neither a parliamentary citation nor an http(s) URL".to_string()),
    }
}

fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    if text.len() != 10 {
        return None;
    }
    text.parse().ok()
}

/// The value of a top-level key.
fn top_value(doc: &Document, key: &str) -> Location {
    value_of(doc, doc.key_location(key))
}

/// The value of a key inside `woo:`.
fn nested_value(doc: &Document, key: &str) -> Location {
    value_of(doc, nested_key_location(doc, "woo", key))
}

/// Moves a key location onto the value after `:` or `=` on the same line.
fn value_of(doc: &Document, key: Location) -> Location {
    let Some(line) = key.source_line.as_deref() else {
        return key;
    };
    let Some(split) = line.find([':', '=']) else {
        return key;
    };
    let value = &line[split + 1..];
    let leading = value.len() - value.trim_start().len();
    let start = split + 1 + leading;
    if start >= line.len() {
        return key;
    }
    let column = line[..start].chars().count() + 1;
    let width = line[start..].trim_end().chars().count();
    Location::in_text(&doc.source.path, &doc.source.text, key.line, column).with_width(width)
}

/// Where `needle` is written in the front matter below `woo.<parent>`, or
/// that key when it cannot be found (e.g. written in a flow list elsewhere).
fn item_location(doc: &Document, parent: &str, needle: &str) -> Location {
    let key = nested_key_location(doc, "woo", parent);
    let first = key.line.max(1);
    let lines = doc.source.text.lines().enumerate();
    for (index, line) in lines
        .skip(first - 1)
        .take(doc.body_line_offset.saturating_sub(first - 1))
    {
        if let Some(start) = line.find(needle)
            && !needle.is_empty()
        {
            let column = line[..start].chars().count() + 1;
            return Location::in_text(&doc.source.path, &doc.source.text, index + 1, column)
                .with_width(needle.chars().count());
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relation_targets() {
        assert_eq!(
            relation_url("Kamerstukken II 2021/22, 29279, nr. 123").unwrap(),
            "https://zoek.officielebekendmakingen.nl/kst-29279-123.html"
        );
        assert_eq!(
            relation_url("https://www.rijksoverheid.nl/documenten/x").unwrap(),
            "https://www.rijksoverheid.nl/documenten/x"
        );
        assert!(relation_url("de Kamerbrief van vorige week").is_err());
        assert!(relation_url("Kamerstukken II 2021/22, 29279").is_err());
        assert!(
            relation_url(
                "Kamerstukken II 2021/22, 29279, nr. 123 en Kamerstukken II 2021/22, 29279, nr. 124"
            )
            .is_err()
        );
    }
}
