//! Site configuration: built-in defaults, then `nota.toml`, then command-line
//! flags. Validated once and read-only afterwards, so no later stage has to
//! wonder whether a value was checked.
//!
//! Every stage reads its settings from here, so this module owns their types:
//! [`index`] (taxonomies, list and feed sizes), [`redaction`] (how section 5
//! is recognised), [`woo`] (the publisher and Woo defaults) and
//! [`personal_data`] (what the organisation publishes by policy). It imports
//! no stage; names in `[woo]` are resolved against `tooi` when the file is read.

use std::path::{Path, PathBuf};

use serde::Deserialize;

pub mod accessibility;
pub mod index;
pub mod personal_data;
pub mod woo;

use crate::base_path::BasePath;
use crate::diagnostic::{Diagnostic, Location};
pub mod redaction;
use crate::suggest;
use index::{self as index_settings, IndexSettings, RawIndexSettings, RawTaxonomy};

/// The file that marks a folder as a nota site.
pub const CONFIG_FILE: &str = "nota.toml";

/// `nota.toml` as written by the user. Unknown keys are errors.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    base_url: String,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default = "default_theme")]
    theme: String,
    organisation: String,
    #[serde(default)]
    redaction: redaction::RawSettings,
    taxonomies: Option<Vec<RawTaxonomy>>,
    page_size: Option<usize>,
    home_latest: Option<usize>,
    feed_entries: Option<usize>,
    #[serde(default)]
    woo: woo::RawSettings,
    #[serde(default)]
    accessibility: accessibility::RawSettings,
    #[serde(default)]
    personal_data: personal_data::RawSettings,
    #[serde(default = "default_search")]
    search: bool,
}

const KNOWN_KEYS: &[&str] = &[
    "title",
    "base_url",
    "language",
    "theme",
    "organisation",
    "redaction",
    "taxonomies",
    "page_size",
    "home_latest",
    "feed_entries",
    "woo",
    "accessibility",
    "personal_data",
    "search",
];

fn default_language() -> String {
    "nl".to_string()
}

fn default_theme() -> String {
    "default".to_string()
}

fn default_search() -> bool {
    true
}

/// Options that come from the command line rather than `nota.toml`.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    pub root: PathBuf,
    pub output: Option<PathBuf>,
    pub drafts: bool,
}

/// The validated configuration of one site.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    /// Absolute base URL without a trailing slash, e.g. `https://example.nl`
    /// or `https://example.nl/beslisnotas`.
    pub base_url: String,
    /// The path of `base_url` (empty at the root of the host), which every
    /// link in the site's pages starts with.
    pub base_path: BasePath,
    pub language: String,
    pub theme: String,
    pub organisation: String,
    /// Taxonomies, list sizes and feed sizes (see [`index`]).
    pub indexes: IndexSettings,
    pub root: PathBuf,
    pub output: PathBuf,
    pub drafts: bool,
    /// The `[redaction]` table: how section 5 is recognised.
    pub redaction: redaction::Settings,
    /// The `[woo]` table: publisher and defaults of the Woo metadata.
    pub woo: woo::Settings,
    /// The `[accessibility]` table: what the accessibility statement says
    /// besides what nota checks.
    pub accessibility: accessibility::Settings,
    /// The `[personal_data]` table: what the organisation publishes by policy.
    pub personal_data: personal_data::Settings,
    /// `search = false`: no search page and no index (for a site whose
    /// notes are found through another site's search). On by default.
    pub search: bool,
}

/// Why a site could not even be configured.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("no {CONFIG_FILE} in {0}: run nota inside a site folder or pass --root DIR")]
    Missing(String),
    #[error("there is no folder {0}: check the path given to --root")]
    NoFolder(String),
    #[error("cannot read {path}: {source}")]
    Unreadable {
        path: String,
        source: std::io::Error,
    },
    /// `nota.toml` exists but is wrong; the diagnostics say where.
    #[error("{CONFIG_FILE} has errors")]
    Invalid(Vec<Diagnostic>),
}

impl Config {
    /// Reads and validates `<root>/nota.toml`.
    pub fn load(flags: &Flags) -> Result<Self, ConfigError> {
        let path = flags.root.join(CONFIG_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let shown = display_root(&flags.root);
                return Err(if flags.root.is_dir() {
                    ConfigError::Missing(shown)
                } else {
                    ConfigError::NoFolder(shown)
                });
            }
            Err(source) => {
                return Err(ConfigError::Unreadable {
                    path: path.display().to_string(),
                    source,
                });
            }
        };
        Self::from_toml(&text, flags)
    }

    /// Parses the text of `nota.toml`.
    pub fn from_toml(text: &str, flags: &Flags) -> Result<Self, ConfigError> {
        let raw: RawConfig = toml::from_str(text)
            .map_err(|e| ConfigError::Invalid(vec![toml_diagnostic(text, &e)]))?;
        let mut problems = Vec::new();
        let base_url = raw.base_url.trim_end_matches('/').to_string();
        if !is_absolute_url(&base_url) {
            problems.push(
                Diagnostic::error(
                    "config/base-url",
                    format!("base_url `{}` is not an absolute URL", raw.base_url),
                )
                .at(key_location(text, "base_url"))
                .help("write the full address of the published site, e.g. base_url = \"https://www.example.nl\""),
            );
        } else if let Some(problem) = BasePath::problem(&base_url) {
            problems.push(
                Diagnostic::error(
                    "config/base-url",
                    format!("base_url `{}` {problem}", raw.base_url),
                )
                .at(key_location(text, "base_url"))
                .help("write the address where the site's home page is published, e.g. base_url = \"https://www.example.nl/beslisnotas/\""),
            );
        }
        if raw.title.trim().is_empty() {
            problems.push(
                Diagnostic::error("config/empty-title", "the site title is empty")
                    .at(key_location(text, "title"))
                    .help("give the site a name, e.g. title = \"Beslisnota's\""),
            );
        }
        let indexes = index_settings::validate(
            RawIndexSettings {
                taxonomies: raw.taxonomies,
                page_size: raw.page_size,
                home_latest: raw.home_latest,
                feed_entries: raw.feed_entries,
            },
            text,
            CONFIG_FILE,
            &mut problems,
        );
        let woo = woo::Settings::from_raw(raw.woo, text).unwrap_or_else(|found| {
            problems.extend(found);
            woo::Settings::default()
        });
        let accessibility = accessibility::Settings::from_raw(raw.accessibility, text)
            .unwrap_or_else(|found| {
                problems.extend(found);
                accessibility::Settings::default()
            });
        if !problems.is_empty() {
            return Err(ConfigError::Invalid(problems));
        }
        let root = flags.root.clone();
        let output = flags.output.clone().unwrap_or_else(|| root.join("public"));
        Ok(Self {
            title: raw.title,
            base_path: BasePath::of_base_url(&base_url),
            base_url,
            language: raw.language,
            theme: raw.theme,
            organisation: raw.organisation,
            indexes,
            root,
            output,
            drafts: flags.drafts,
            redaction: redaction::Settings::from_raw(raw.redaction),
            woo,
            accessibility,
            personal_data: personal_data::Settings::from_raw(raw.personal_data),
            search: raw.search,
        })
    }

    /// Findings about `nota.toml` that do not stop a build, for every build
    /// to report.
    pub fn warnings(&self) -> impl Iterator<Item = Diagnostic> + '_ {
        self.woo
            .warnings
            .iter()
            .chain(&self.accessibility.warnings)
            .cloned()
    }

    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }

    pub fn theme_dir(&self) -> PathBuf {
        self.root.join("themes").join(&self.theme)
    }

    /// The absolute URL of a site path such as `/2022/note/`.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }
}

fn display_root(root: &Path) -> String {
    if root.as_os_str().is_empty() || root == Path::new(".") {
        "the current folder".to_string()
    } else {
        root.display().to_string()
    }
}

fn is_absolute_url(url: &str) -> bool {
    let Some((scheme, rest)) = url.split_once("://") else {
        return false;
    };
    matches!(scheme, "http" | "https")
        && !rest.is_empty()
        && !rest.starts_with('/')
        && !rest.contains(char::is_whitespace)
}

/// The position of a top-level `key = …` line, for findings about its value.
fn key_location(text: &str, key: &str) -> Location {
    let line = text
        .lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(0, |i| i + 1);
    if line == 0 {
        return Location::file(CONFIG_FILE);
    }
    Location::in_text(CONFIG_FILE, text, line, 1).with_width(key.chars().count())
}

/// The position of `key = …` inside the TOML table `[table]` of `nota.toml`,
/// or of the table header, or the file.
pub(crate) fn table_key_location(text: &str, table: &str, key: &str) -> Location {
    let header = format!("[{table}]");
    let lines: Vec<&str> = text.lines().collect();
    let Some(start) = lines.iter().position(|l| l.trim() == header) else {
        return Location::file(CONFIG_FILE);
    };
    let end = lines[start + 1..]
        .iter()
        .position(|l| l.trim_start().starts_with('['))
        .map_or(lines.len(), |i| start + 1 + i);
    for (index, line) in lines.iter().enumerate().take(end).skip(start + 1) {
        let trimmed = line.trim_start();
        let unquoted = trimmed.trim_start_matches('"');
        if let Some(rest) = unquoted.strip_prefix(key)
            && rest.trim_start_matches('"').trim_start().starts_with('=')
        {
            let column = line[..line.len() - unquoted.len()].chars().count() + 1;
            return Location::in_text(CONFIG_FILE, text, index + 1, column)
                .with_width(key.chars().count());
        }
    }
    Location::in_text(CONFIG_FILE, text, start + 1, 1).with_width(header.chars().count())
}

/// Turns a TOML parse error into a diagnostic pointing into `nota.toml`.
fn toml_diagnostic(text: &str, error: &toml::de::Error) -> Diagnostic {
    let message = error.message().trim().to_string();
    let location = error.span().map_or_else(
        || Location::file(CONFIG_FILE),
        |span| {
            Location::at_offset(CONFIG_FILE, text, span.start)
                .with_width(text[span.clone()].chars().count().clamp(1, 40))
        },
    );
    if let Some(key) = suggest::unknown_field_name(&message) {
        // Inside a table the known keys are that table's own.
        let expected = message.split("expected").nth(1).unwrap_or("");
        let known = if expected.contains("`field`") {
            index_settings::TAXONOMY_KEYS
        } else if redaction::CONFIG_KEYS
            .iter()
            .any(|k| expected.contains(&format!("`{k}`")))
        {
            redaction::CONFIG_KEYS
        } else if expected.contains("`publisher`") {
            woo::CONFIG_KEYS
        } else if expected.contains("`contact`") {
            accessibility::CONFIG_KEYS
        } else if expected.trim() == "`public`" {
            personal_data::CONFIG_KEYS
        } else {
            KNOWN_KEYS
        };
        let help = suggest::did_you_mean(key, known).map_or_else(
            || format!("remove it; known keys are: {}", known.join(", ")),
            |s| format!("did you mean `{s}`?"),
        );
        return Diagnostic::error(
            "config/unknown-key",
            format!("unknown key `{key}` in {CONFIG_FILE}"),
        )
        .at(location)
        .help(help);
    }
    let help = if message.starts_with("missing field") {
        "nota.toml needs at least: title, base_url and organisation"
    } else {
        "fix the TOML syntax; see the example nota.toml in README.md"
    };
    Diagnostic::error("config/invalid", format!("{CONFIG_FILE}: {message}"))
        .at(location)
        .help(help)
}
