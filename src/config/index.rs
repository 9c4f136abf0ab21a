//! The index settings of `nota.toml`: which taxonomies a site has, how many
//! notes a list page shows, how many the home page and the feeds show.
//!
//! They live apart from `config.rs` so the index machinery owns its own
//! vocabulary (which front-matter fields can be indexed) while `config.rs`
//! keeps owning the file, its unknown-key checks and its error display.

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Location};
use crate::suggest;

/// Notes per term page when `page_size` is not set.
pub const DEFAULT_PAGE_SIZE: usize = 50;
/// Notes on the home page when `home_latest` is not set.
pub const DEFAULT_HOME_LATEST: usize = 10;
/// Entries per Atom feed when `feed_entries` is not set.
pub const DEFAULT_FEED_ENTRIES: usize = 20;

/// Keys of one `[[taxonomies]]` entry.
pub const TAXONOMY_KEYS: &[&str] = &["field", "path", "title", "feed"];

/// A front-matter value that can be indexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// `topics`: a list, so a note can be in several terms.
    Topics,
    /// `type`: beslisnota, kamerbrief, …
    Type,
    /// `organisation` (the site's organisation when a note has none).
    Organisation,
    /// `kenmerk`, the reference number.
    Kenmerk,
    /// The year of `date`.
    Year,
}

impl Field {
    /// Names as written in `field = "…"`.
    pub const NAMES: &'static [&'static str] =
        &["topics", "type", "organisation", "kenmerk", "year"];

    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "topics" => Self::Topics,
            "type" => Self::Type,
            "organisation" => Self::Organisation,
            "kenmerk" => Self::Kenmerk,
            "year" => Self::Year,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Topics => "topics",
            Self::Type => "type",
            Self::Organisation => "organisation",
            Self::Kenmerk => "kenmerk",
            Self::Year => "year",
        }
    }

    /// The front-matter key the values come from (`year` comes from `date`).
    pub fn key(self) -> &'static str {
        match self {
            Self::Year => "date",
            other => other.name(),
        }
    }
}

/// One index of the site, e.g. topics under `/onderwerpen/`.
#[derive(Debug, Clone, PartialEq)]
pub struct Taxonomy {
    pub field: Field,
    /// URL prefix without slashes, e.g. `onderwerpen` (may contain inner `/`).
    pub path: String,
    /// Dutch title of the list page, e.g. "Onderwerpen".
    pub title: String,
    /// Whether every term gets an Atom feed.
    pub feed: bool,
    /// Where the entry is declared (the `field` key), or `nota.toml` as a
    /// whole for the built-in defaults.
    pub declared_at: Location,
    /// Declared in `nota.toml` rather than one of the built-in defaults.
    pub declared: bool,
}

impl Taxonomy {
    /// `/onderwerpen/`.
    pub fn url(&self) -> String {
        format!("/{}/", self.path)
    }
}

/// The validated index settings.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexSettings {
    pub taxonomies: Vec<Taxonomy>,
    pub page_size: usize,
    pub home_latest: usize,
    pub feed_entries: usize,
}

/// One `[[taxonomies]]` entry as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTaxonomy {
    field: toml::Spanned<String>,
    path: toml::Spanned<String>,
    title: toml::Spanned<String>,
    #[serde(default)]
    feed: bool,
}

/// The index-related keys of `nota.toml` as written.
#[derive(Debug, Clone, Default)]
pub struct RawIndexSettings {
    pub taxonomies: Option<Vec<RawTaxonomy>>,
    pub page_size: Option<usize>,
    pub home_latest: Option<usize>,
    pub feed_entries: Option<usize>,
}

/// The four built-in taxonomies, used when `nota.toml` declares none.
pub fn default_taxonomies(config_file: &str) -> Vec<Taxonomy> {
    [
        (Field::Topics, "onderwerpen", "Onderwerpen", true),
        (Field::Organisation, "organisaties", "Organisaties", false),
        (Field::Type, "soorten", "Soorten", false),
        (Field::Year, "jaren", "Jaren", false),
    ]
    .into_iter()
    .map(|(field, path, title, feed)| Taxonomy {
        field,
        path: path.to_string(),
        title: title.to_string(),
        feed,
        declared_at: Location::file(config_file),
        declared: false,
    })
    .collect()
}

/// Validates the index settings; `text` is the whole `nota.toml`.
pub fn validate(
    raw: RawIndexSettings,
    text: &str,
    config_file: &str,
    problems: &mut Vec<Diagnostic>,
) -> IndexSettings {
    let page_size = raw.page_size.unwrap_or(DEFAULT_PAGE_SIZE);
    if page_size == 0 {
        problems.push(
            Diagnostic::error("config/page-size", "page_size must be at least 1")
                .at(key_location(text, config_file, "page_size"))
                .help(format!(
                    "set the number of notes per list page, e.g. page_size = {DEFAULT_PAGE_SIZE}"
                )),
        );
    }
    let taxonomies = match raw.taxonomies {
        None => default_taxonomies(config_file),
        Some(list) => list
            .into_iter()
            .filter_map(|t| validate_taxonomy(t, text, config_file, problems))
            .collect(),
    };
    check_unique(&taxonomies, problems);
    IndexSettings {
        taxonomies,
        page_size: page_size.max(1),
        home_latest: raw.home_latest.unwrap_or(DEFAULT_HOME_LATEST),
        feed_entries: raw.feed_entries.unwrap_or(DEFAULT_FEED_ENTRIES),
    }
}

fn validate_taxonomy(
    raw: RawTaxonomy,
    text: &str,
    config_file: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<Taxonomy> {
    let at = |span: std::ops::Range<usize>| {
        let width = text.get(span.clone()).map_or(1, |s| s.chars().count());
        Location::at_offset(config_file, text, span.start).with_width(width)
    };
    let field_name = raw.field.get_ref().trim();
    let field = Field::parse(field_name);
    if field.is_none() {
        let help = suggest::did_you_mean(field_name, Field::NAMES).map_or_else(
            || format!("use one of: {}", Field::NAMES.join(", ")),
            |s| format!("did you mean `{s}`?"),
        );
        problems.push(
            Diagnostic::error(
                "config/taxonomy-field",
                format!("`{field_name}` is not a front-matter field nota can index"),
            )
            .at(at(raw.field.span()))
            .help(help),
        );
    }
    let path = raw.path.get_ref().trim().trim_matches('/').to_string();
    let path_ok = !path.is_empty()
        && path.split('/').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        });
    if !path_ok {
        problems.push(
            Diagnostic::error(
                "config/taxonomy-path",
                format!("`{}` cannot be the URL of an index", raw.path.get_ref()),
            )
            .at(at(raw.path.span()))
            .help("use lowercase letters, digits and hyphens, e.g. path = \"/onderwerpen/\""),
        );
    }
    let title = raw.title.get_ref().trim().to_string();
    let title_ok = !title.is_empty();
    if !title_ok {
        problems.push(
            Diagnostic::error(
                "config/taxonomy-title",
                "the title of this taxonomy is empty",
            )
            .at(at(raw.title.span()))
            .help("give the index its Dutch title, e.g. title = \"Onderwerpen\""),
        );
    }
    if !(path_ok && title_ok) {
        return None;
    }
    Some(Taxonomy {
        field: field?,
        path,
        title,
        feed: raw.feed,
        declared_at: at(raw.field.span()),
        declared: true,
    })
}

/// Two entries for one field, or two at one URL, are mistakes.
fn check_unique(taxonomies: &[Taxonomy], problems: &mut Vec<Diagnostic>) {
    for (index, taxonomy) in taxonomies.iter().enumerate() {
        let earlier = &taxonomies[..index];
        if earlier.iter().any(|t| t.field == taxonomy.field) {
            problems.push(
                Diagnostic::error(
                    "config/taxonomy-duplicate",
                    format!("`{}` is indexed twice", taxonomy.field.name()),
                )
                .at(taxonomy.declared_at.clone())
                .help("remove one of the two [[taxonomies]] entries"),
            );
        }
        let overlapping = earlier.iter().find(|t| {
            let (a, b) = (t.url(), taxonomy.url());
            a.starts_with(&b) || b.starts_with(&a)
        });
        if let Some(other) = overlapping {
            problems.push(
                Diagnostic::error(
                    "config/taxonomy-path-conflict",
                    format!(
                        "the indexes of `{}` and `{}` would share the URL {}",
                        other.field.name(),
                        taxonomy.field.name(),
                        taxonomy.url()
                    ),
                )
                .at(taxonomy.declared_at.clone())
                .help("give each taxonomy its own path"),
            );
        }
    }
}

/// The position of a top-level `key = …` line.
fn key_location(text: &str, config_file: &str, key: &str) -> Location {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or_else(
            || Location::file(config_file),
            |i| Location::in_text(config_file, text, i + 1, 1).with_width(key.chars().count()),
        )
}
