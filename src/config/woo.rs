//! The `[woo]` table of `nota.toml`: who publishes, and the defaults every
//! note's Woo metadata starts from.
//!
//! Every TOOI name is resolved here, once, when the configuration is read: a
//! misspelt publisher must stop the build before any note is looked at, with
//! the position in `nota.toml` and the nearest valid names.
//!
//! Woo output (DiWoo sitemaps, inventory) is on when a publisher is named,
//! unless `enabled = false`; `enabled = true` without a publisher is an error,
//! because the publisher is a required DiWoo field and nota will not guess it.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::table_key_location;
use crate::diagnostic::{Diagnostic, Location};
use crate::suggest;
use crate::tooi::organisation::{self, When};
use crate::tooi::{self, Entry, ListKind, LookupError};

/// Keys of the `[woo]` table.
pub const CONFIG_KEYS: &[&str] = &[
    "enabled",
    "publisher",
    "category",
    "language",
    "required",
    "types",
    "organisations",
];

/// Front-matter fields `required` may name.
pub const REQUIRABLE_FIELDS: &[&str] = &[
    "type",
    "kenmerk",
    "summary",
    "topics",
    "organisation",
    "woo.category",
    "woo.documenthandelingen",
    "woo.relations",
];

/// The default information category: art. 3.1 Woo, where beslisnota's belong.
pub const DEFAULT_CATEGORY: &str = "c_816e508d";
/// The default language of the documents.
pub const DEFAULT_LANGUAGE: &str = "NLD";

/// Note types nota knows that are not TOOI labels, and their TOOI type.
/// `[woo.types]` adds to and overrides these.
pub const DEFAULT_TYPE_ALIASES: &[(&str, &str)] = &[("beleidsreactie", "Kamerbrief")];

/// The `[woo]` table as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSettings {
    enabled: Option<bool>,
    publisher: Option<String>,
    category: Option<String>,
    language: Option<String>,
    #[serde(default)]
    required: Vec<String>,
    #[serde(default)]
    types: BTreeMap<String, String>,
    #[serde(default)]
    organisations: BTreeMap<String, String>,
}

/// Woo settings after validation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// `None` when Woo output is off.
    pub publication: Option<Publication>,
    /// Findings about the table that do not stop a build, for every build to report.
    pub warnings: Vec<Diagnostic>,
}

/// What a site with Woo output publishes under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publication {
    pub publisher: &'static Entry,
    pub category: &'static Entry,
    pub language: &'static Entry,
    /// Front-matter fields every note must have (from `REQUIRABLE_FIELDS`).
    pub required: Vec<String>,
    /// Note `type` (lower case) → TOOI document type, for types that are not TOOI labels.
    pub types: BTreeMap<String, &'static Entry>,
    /// Note `organisation` (lower case) → TOOI organisation, for names that are not TOOI labels.
    pub organisations: BTreeMap<String, &'static Entry>,
}

impl Settings {
    /// Validates the raw table; `text` is `nota.toml`, for positions.
    pub fn from_raw(raw: RawSettings, text: &str) -> Result<Self, Vec<Diagnostic>> {
        let enabled = raw.enabled.unwrap_or(raw.publisher.is_some());
        if !enabled {
            return Ok(Self::default());
        }
        let mut problems = Vec::new();
        let Some(publisher_name) = raw.publisher.as_deref() else {
            problems.push(
                Diagnostic::error(
                    "woo/no-publisher",
                    "Woo output is enabled but no publisher is configured",
                )
                .at(table_key_location(text, "woo", "enabled"))
                .help("add `publisher = \"…\"` to [woo] (a TOOI organisation, e.g. \"ministerie van Justitie en Veiligheid\" or \"mnre1058\"), or set enabled = false"),
            );
            return Err(problems);
        };
        let mut warnings = Vec::new();
        let mut found = Found {
            text,
            problems: &mut problems,
            warnings: &mut warnings,
        };
        let publisher = found.organisation("woo", "publisher", publisher_name);
        let mut organisations = BTreeMap::new();
        for (local, tooi_name) in &raw.organisations {
            if let Some(entry) = found.organisation("woo.organisations", local, tooi_name) {
                organisations.insert(local.to_lowercase(), entry);
            }
        }
        let mut resolve = |table: &str, key: &str, kind: ListKind, name: &str| {
            tooi::lookup(kind, name)
                .map_err(|e| {
                    problems.push(lookup_diagnostic(&e, table_key_location(text, table, key)))
                })
                .ok()
        };
        let category = resolve(
            "woo",
            "category",
            ListKind::Category,
            raw.category.as_deref().unwrap_or(DEFAULT_CATEGORY),
        );
        let language = resolve(
            "woo",
            "language",
            ListKind::Language,
            raw.language.as_deref().unwrap_or(DEFAULT_LANGUAGE),
        );
        let mut types = BTreeMap::new();
        for (local, tooi_name) in DEFAULT_TYPE_ALIASES {
            if let Ok(entry) = tooi::lookup(ListKind::DocumentType, tooi_name) {
                types.insert((*local).to_string(), entry);
            }
        }
        for (local, tooi_name) in &raw.types {
            if let Some(entry) = resolve("woo.types", local, ListKind::DocumentType, tooi_name) {
                types.insert(local.to_lowercase(), entry);
            }
        }
        for field in &raw.required {
            if !REQUIRABLE_FIELDS.contains(&field.as_str()) {
                let help = suggest::did_you_mean(field, REQUIRABLE_FIELDS).map_or_else(
                    || {
                        format!(
                            "fields that can be required: {}",
                            REQUIRABLE_FIELDS.join(", ")
                        )
                    },
                    |s| format!("did you mean `{s}`?"),
                );
                problems.push(
                    Diagnostic::error(
                        "woo/unknown-required-field",
                        format!("`required` names `{field}`, which is not a front-matter field nota can require"),
                    )
                    .at(table_key_location(text, "woo", "required"))
                    .help(help),
                );
            }
        }
        match (publisher, category, language) {
            (Some(publisher), Some(category), Some(language)) if problems.is_empty() => Ok(Self {
                publication: Some(Publication {
                    publisher,
                    category,
                    language,
                    required: raw.required,
                    types,
                    organisations,
                }),
                warnings,
            }),
            _ => Err(problems),
        }
    }

    pub fn enabled(&self) -> bool {
        self.publication.is_some()
    }
}

/// Where the organisations named in `nota.toml` are resolved, and what that finds.
struct Found<'a> {
    text: &'a str,
    problems: &'a mut Vec<Diagnostic>,
    warnings: &'a mut Vec<Diagnostic>,
}

impl Found<'_> {
    /// `name` at `key` in `[table]`, by today's names (`nota.toml` has no date).
    fn organisation(&mut self, table: &str, key: &str, name: &str) -> Option<&'static Entry> {
        let at = table_key_location(self.text, table, key);
        match organisation::resolve(name, When::Now) {
            Ok(resolved) => {
                // A mapping may name an organisation that has ended by its
                // code: it is used for notes of every date.
                if let Some(notice) = resolved.notice
                    && (table == "woo" || !notice.is_identifier())
                {
                    self.warnings.push(notice.diagnostic(at));
                }
                Some(resolved.organisation)
            }
            Err(unresolved) => {
                self.problems.push(unresolved.diagnostic(at));
                None
            }
        }
    }
}

/// A diagnostic for a name that is not in a TOOI list.
pub fn lookup_diagnostic(error: &LookupError, at: Location) -> Diagnostic {
    let code = match error {
        LookupError::Ambiguous { .. } => "woo/ambiguous-name",
        LookupError::Unknown { kind, .. } => match kind {
            ListKind::Organisation => "woo/unknown-organisation",
            ListKind::DocumentType => "woo/unknown-type",
            ListKind::Category => "woo/unknown-category",
            ListKind::Handeling => "woo/unknown-handeling",
            ListKind::Relation => "woo/unknown-relation-kind",
            ListKind::Language => "woo/unknown-language",
            ListKind::Format => "woo/unknown-format",
        },
    };
    Diagnostic::error(code, error.to_string())
        .at(at)
        .help(error.help())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(text: &str) -> Result<Settings, Vec<Diagnostic>> {
        #[derive(Deserialize)]
        struct Wrapper {
            woo: RawSettings,
        }
        let raw: Wrapper = toml::from_str(text).unwrap();
        Settings::from_raw(raw.woo, text)
    }

    #[test]
    fn woo_is_on_when_a_publisher_is_named() {
        let s = settings("[woo]\npublisher = \"mnre1058\"\n").unwrap();
        let p = s.publication.unwrap();
        assert_eq!(p.publisher.label, "ministerie van Justitie en Veiligheid");
        assert_eq!(p.category.infocat, Some("018"));
        assert_eq!(p.language.code(), "NLD");
        assert_eq!(p.types["beleidsreactie"].label, "Kamerbrief");
        assert!(!settings("[woo]\ncategory = \"015\"\n").unwrap().enabled());
        assert!(
            !settings("[woo]\npublisher = \"mnre1058\"\nenabled = false\n")
                .unwrap()
                .enabled()
        );
    }

    #[test]
    fn enabled_without_publisher_is_an_error_at_the_key() {
        let text = "title = \"x\"\n[woo]\nenabled = true\n";
        let problems = settings(text).unwrap_err();
        assert_eq!(problems[0].code, "woo/no-publisher");
        assert_eq!(problems[0].location.as_ref().unwrap().line, 3);
    }

    #[test]
    fn unknown_names_point_into_the_table() {
        let text = "[woo]\npublisher = \"mnre1058\"\ncategory = \"adviezen\"\n[woo.types]\nnotitie = \"beslisnotaa\"\n";
        let problems = settings(text).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].code, "woo/unknown-type");
        assert_eq!(problems[0].location.as_ref().unwrap().line, 5);
        assert!(
            problems[0]
                .help
                .as_deref()
                .unwrap()
                .contains("`beslisnota`")
        );
    }
}
