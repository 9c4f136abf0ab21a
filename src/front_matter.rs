//! Front matter: the YAML (`---`) or TOML (`+++`) block at the top of a note,
//! turned into typed [`Meta`].
//!
//! Both syntaxes go through the same steps: split the block off, list its
//! top-level keys (so every unknown key is reported, with a suggestion, not
//! just the first), then deserialize into one raw struct and validate it.
//! Positions in messages are positions in the note file.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::{self, Deserializer, IgnoredAny, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Location};
use crate::load::Source;
use crate::suggest;

/// Every key a note's front matter may have.
pub const KNOWN_KEYS: &[&str] = &[
    "title",
    "date",
    "type",
    "organisation",
    "topics",
    "kenmerk",
    "summary",
    "draft",
    "slug",
    "woo",
    "personal_data",
];

/// Names other tools and people give nota's keys (in English and Dutch),
/// with the key nota means. Only a rename keeps what such a key says:
/// removing `ministry`, as the general hint would advise, publishes the
/// note under the site's organisation instead of its own.
const OTHER_NAMES: &[(&str, &str)] = &[
    ("ministry", "organisation"),
    ("ministerie", "organisation"),
    ("organization", "organisation"),
    ("organisatie", "organisation"),
    ("titel", "title"),
    ("datum", "date"),
    ("soort", "type"),
    ("documentsoort", "type"),
    ("tags", "topics"),
    ("categories", "topics"),
    ("onderwerpen", "topics"),
    ("description", "summary"),
    ("samenvatting", "summary"),
    ("concept", "draft"),
];

/// A note with its front matter parsed and checked; the body is not parsed yet.
#[derive(Debug, Clone)]
pub struct Document {
    pub source: Source,
    pub meta: Meta,
    /// The Markdown body: BOM removed, line breaks normalised to `\n`.
    pub body: String,
    /// File line number of the body's first line minus one: add it to a body
    /// line to get the file line.
    pub body_line_offset: usize,
    /// The note's site path, e.g. `/2022/onzichtbare-slachtoffers/`.
    pub url: String,
    /// Where each top-level front-matter key is, for findings about its value.
    pub key_lines: BTreeMap<String, usize>,
    /// Byte offset of each body line, built on first use: findings in a large
    /// note must not rescan the note for every position.
    body_line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl Document {
    /// The location of a front-matter key (or the start of the file).
    pub fn key_location(&self, key: &str) -> Location {
        let line = self.key_lines.get(key).copied().unwrap_or(1);
        Location::in_text(&self.source.path, &self.source.text, line, 1)
            .with_width(key.chars().count())
    }

    /// The file location of a 1-based body line and column.
    pub fn body_location(&self, line: usize, column: usize) -> Location {
        let starts = self.body_line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.body.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let text = line
            .checked_sub(1)
            .and_then(|i| starts.get(i))
            .map(|&start| {
                let rest = &self.body[start..];
                rest.split('\n').next().unwrap_or(rest)
            });
        Location::with_line(
            &self.source.path,
            text,
            line + self.body_line_offset,
            column,
        )
    }
}

/// A note whose front matter could not be read, or whose file could not be
/// read at all: it gets no page, but it exists, so a link to it is not a
/// link to nothing (see `check::links`), and `nota check` still lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unread {
    /// Path relative to the site root (`content/2024/loket.md`), for messages.
    pub path: PathBuf,
    /// Path relative to `content/`, which links by path resolve against.
    pub rel: PathBuf,
    /// The URL the note would have: from its path, and its `slug` when that
    /// much of the front matter could be read. `None` when not even that.
    pub url: Option<String>,
}

impl Unread {
    /// A note whose file could not be read (`content/` + `rel`): its URL
    /// comes from its path.
    pub fn unreadable(rel: PathBuf) -> Self {
        Self {
            path: Path::new("content").join(&rel),
            url: crate::url::note_url(&rel, None).ok(),
            rel,
        }
    }
}

/// Why [`parse`] made no document: the problems, and what is known of the
/// note anyway.
#[derive(Debug, Clone)]
pub struct Failed {
    pub note: Unread,
    pub problems: Vec<Diagnostic>,
}

/// The typed, validated front matter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Meta {
    pub title: String,
    pub date: jiff::civil::Date,
    /// Kind of document: beslisnota, kamerbrief, beleidsreactie, ….
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub organisation: String,
    pub topics: Vec<String>,
    pub kenmerk: Option<String>,
    pub summary: Option<String>,
    pub draft: bool,
    pub slug: Option<String>,
    pub woo: WooMeta,
    /// Decisions about personal data the check found (see `personal_data`).
    pub personal_data: PersonalDataMeta,
}

/// The `personal_data:` table: findings of the personal-data check that may
/// be published after all.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PersonalDataMeta {
    #[serde(default)]
    pub accept: Vec<AcceptEntry>,
}

/// One accepted finding: its exact text, its kind (`name`, `phone`, …) and
/// why it may be published. Missing parts are reported by the check, with
/// the entry's position, rather than as a parse error.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AcceptEntry {
    pub text: Option<String>,
    pub kind: Option<String>,
    pub reason: Option<String>,
}

/// The `woo:` table: publication decisions under the Wet open overheid.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WooMeta {
    /// What to do with a non-empty section 5: `redact` or `publish`.
    pub section5: Option<String>,
    /// Refusal grounds for a redacted section 5, e.g. `5.1.2e`.
    pub grounds: Option<Vec<String>>,
    /// Information category (TOOI name, URI or infocat number), overriding the site default.
    pub category: Option<String>,
    pub documenthandelingen: Option<Vec<DocumentHandeling>>,
    /// Related documents, e.g. the Kamerstuk this note belongs to.
    pub relations: Option<Vec<Relation>>,
    /// Publication status: `openbaar` (the default) or `niet-openbaar`.
    pub status: Option<String>,
}

/// One act on a document (DiWoo `documenthandeling`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentHandeling {
    /// A TOOI kind: `vaststelling`, `ondertekening` or `ontvangst`.
    pub kind: String,
    /// `YYYY-MM-DD`.
    pub date: String,
}

/// A related document (DiWoo `documentrelatie`): a citation such as
/// `Kamerstukken II 2022/23, 28638, nr. 220` or a URL, with an optional kind
/// (`verwijst naar` when left out).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Relation {
    To(String),
    Kind { kind: String, to: String },
}

impl Relation {
    /// The related document as written.
    pub fn target(&self) -> &str {
        match self {
            Self::To(to) | Self::Kind { to, .. } => to,
        }
    }

    /// The kind as written, if any.
    pub fn kind(&self) -> Option<&str> {
        match self {
            Self::To(_) => None,
            Self::Kind { kind, .. } => Some(kind),
        }
    }
}

/// The front matter as written, before validation.
#[derive(Debug, Deserialize)]
struct RawMeta {
    title: Option<String>,
    date: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    organisation: Option<String>,
    #[serde(default, deserialize_with = "one_or_many_strings")]
    topics: Option<Vec<String>>,
    kenmerk: Option<String>,
    summary: Option<String>,
    draft: Option<bool>,
    slug: Option<String>,
    woo: Option<WooMeta>,
    personal_data: Option<PersonalDataMeta>,
}

/// Which syntax the block uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Syntax {
    Yaml,
    Toml,
}

impl Syntax {
    fn fence(self) -> &'static str {
        match self {
            Self::Yaml => "---",
            Self::Toml => "+++",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Yaml => "YAML",
            Self::Toml => "TOML",
        }
    }
}

/// The front-matter block and the body, split apart.
struct Split<'a> {
    syntax: Syntax,
    block: &'a str,
    /// File line of the block's first line.
    block_first_line: usize,
    body: &'a str,
    body_line_offset: usize,
}

/// The documents a build publishes (all of them with `drafts`, otherwise
/// those not marked `draft: true`), and the drafts left out.
pub fn without_drafts(documents: Vec<Document>, drafts: bool) -> (Vec<Document>, Vec<Document>) {
    if drafts {
        return (documents, Vec::new());
    }
    documents.into_iter().partition(|d| !d.meta.draft)
}

/// Parses the front matter of `source`; `default_organisation` fills a missing
/// `organisation`; `url_of` derives the note's URL from its path and slug.
pub fn parse(
    source: Source,
    default_organisation: &str,
    url_of: impl Fn(&Source, Option<&str>) -> Result<String, Diagnostic>,
) -> Result<Document, Failed> {
    // What is known of a note that fails: its paths, and its URL from the
    // slug when the block could be read that far.
    let failed = |source: &Source, slug: Option<&str>, problems: Vec<Diagnostic>| Failed {
        note: Unread {
            path: source.path.clone(),
            rel: source.rel.clone(),
            url: slug
                .and_then(|slug| url_of(source, Some(slug)).ok())
                .or_else(|| url_of(source, None).ok()),
        },
        problems,
    };
    let normalised = normalise(&source.text);
    let split = match split(&normalised, &source) {
        Ok(split) => split,
        Err(d) => return Err(failed(&source, None, vec![d])),
    };
    let key_lines = top_level_keys(&split);
    let mut problems = unknown_keys(&split, &key_lines, &source);
    let raw = match deserialize(&split, &source) {
        Ok(raw) => raw,
        Err(d) => {
            problems.push(d);
            return Err(failed(&source, None, problems));
        }
    };
    let slug = raw.slug.clone();
    let located = |key: &str| {
        let line = key_lines.get(key).copied().unwrap_or(1);
        Location::in_text(&source.path, &source.text, line, 1).with_width(key.chars().count())
    };
    let value_located = |key: &str| {
        let line = key_lines.get(key).copied().unwrap_or(1);
        let column = value_column(&source.text, line).unwrap_or(1);
        let width = source
            .text
            .lines()
            .nth(line - 1)
            .map_or(1, |l| l.chars().count().saturating_sub(column - 1));
        Location::in_text(&source.path, &source.text, line, column).with_width(width)
    };
    let meta = validate(
        raw,
        default_organisation,
        &Locators {
            key: &located,
            value: &value_located,
        },
        &source,
        &mut problems,
    );
    let url = match &meta {
        Some(meta) => url_of(&source, meta.slug.as_deref()).map_err(|d| {
            problems.push(d.at(located("slug")));
        }),
        None => Err(()),
    };
    match (meta, url) {
        (Some(meta), Ok(url)) if problems.is_empty() => Ok(Document {
            body: split.body.to_string(),
            body_line_offset: split.body_line_offset,
            meta,
            url,
            key_lines,
            source,
            body_line_starts: std::sync::OnceLock::new(),
        }),
        _ => Err(failed(&source, slug.as_deref(), problems)),
    }
}

/// Removes a byte-order mark and turns CRLF into LF; line numbers stay the same.
fn normalise(text: &str) -> std::borrow::Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

fn split<'a>(text: &'a str, source: &Source) -> Result<Split<'a>, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error("front-matter/missing", "this note is empty")
            .at(Location::file(&source.path))
            .help("start the note with front matter: a line `---`, then `title: …` and `date: YYYY-MM-DD`, then a line `---`"));
    }
    let first_line = text.lines().next().unwrap_or("");
    let syntax = match first_line.trim_end() {
        "---" => Syntax::Yaml,
        "+++" => Syntax::Toml,
        _ => {
            return Err(Diagnostic::error(
                "front-matter/missing",
                "this note has no front matter",
            )
            .at(Location::in_text(&source.path, &source.text, 1, 1))
            .help("start the note with a line `---`, then `title: …` and `date: YYYY-MM-DD`, then a line `---`"));
        }
    };
    let after_open = first_line.len() + 1;
    let rest = text.get(after_open..).unwrap_or("");
    let mut offset = 0;
    for (index, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == syntax.fence() {
            let body_start = offset + line.len();
            return Ok(Split {
                syntax,
                block: &rest[..offset],
                block_first_line: 2,
                body: &rest[body_start..],
                body_line_offset: index + 2,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        "front-matter/unclosed",
        format!(
            "the {} front matter opened on line 1 is never closed",
            syntax.name()
        ),
    )
    .at(Location::in_text(&source.path, &source.text, 1, 1).with_width(3))
    .help(format!(
        "add a line `{}` after the last front-matter key, before the note's text",
        syntax.fence()
    )))
}

/// File line of each top-level key in the block.
fn top_level_keys(split: &Split<'_>) -> BTreeMap<String, usize> {
    let mut keys = BTreeMap::new();
    for (index, line) in split.block.lines().enumerate() {
        if line.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        let key = match split.syntax {
            Syntax::Yaml => line.split_once(':').map(|(k, _)| k),
            Syntax::Toml => line
                .split_once('=')
                .map(|(k, _)| k)
                .or_else(|| toml_table_name(line)),
        };
        if let Some(key) = key {
            let key = key.trim().trim_matches(['"', '\'']);
            if !key.is_empty() {
                keys.entry(key.to_string())
                    .or_insert(index + split.block_first_line);
            }
        }
    }
    keys
}

fn toml_table_name(line: &str) -> Option<&str> {
    let name = line.trim().strip_prefix('[')?.strip_suffix(']')?;
    name.trim_start_matches('[')
        .trim_end_matches(']')
        .split('.')
        .next()
}

fn unknown_keys(
    split: &Split<'_>,
    key_lines: &BTreeMap<String, usize>,
    source: &Source,
) -> Vec<Diagnostic> {
    if only_known_yaml_keys(split) {
        return Vec::new();
    }
    // Keys the line scan finds are checked against the parsed map's keys, so a
    // line that merely looks like `word:` inside a multi-line string is ignored.
    let Ok(parsed) = parsed_keys(split) else {
        return Vec::new();
    };
    let mut found: Vec<(usize, &String)> = parsed
        .iter()
        .filter(|k| !KNOWN_KEYS.contains(&k.as_str()))
        .map(|k| (key_lines.get(k).copied().unwrap_or(1), k))
        .collect();
    found.sort();
    found
        .into_iter()
        .map(|(line, key)| {
            let help = unknown_key_help(key);
            Diagnostic::error(
                "front-matter/unknown-key",
                format!("unknown front-matter key `{key}`"),
            )
            .at(Location::in_text(&source.path, &source.text, line, 1)
                .with_width(key.chars().count()))
            .help(help)
        })
        .collect()
}

/// What to do about an unknown key: rename a key nota knows by another
/// name or spelling, or else remove it.
fn unknown_key_help(key: &str) -> String {
    let lower = key.to_lowercase();
    if let Some((_, known)) = OTHER_NAMES.iter().find(|(other, _)| *other == lower) {
        return format!("rename it to `{known}`, nota's name for this key");
    }
    match suggest::did_you_mean(key, KNOWN_KEYS) {
        Some(known) => format!("did you mean `{known}`?"),
        None => format!("remove it; known keys are: {}", KNOWN_KEYS.join(", ")),
    }
}

/// True when a YAML block visibly has known keys only: every line that
/// starts in the first column is `known_key:`, a comment or a sequence entry.
/// The top-level mapping starts in the first column, so any other key would
/// show up as such a line; when this cannot be told (quoted or explicit keys,
/// flow style, directives) the block is parsed for its keys. Most notes take
/// this path, which saves a second YAML parse per note.
fn only_known_yaml_keys(split: &Split<'_>) -> bool {
    if split.syntax != Syntax::Yaml {
        return false;
    }
    let mut any_key = false;
    for line in split.block.lines() {
        if line.trim().is_empty() || line.starts_with([' ', '\t', '#']) {
            continue;
        }
        if let Some(rest) = line.strip_prefix('-') {
            if rest.is_empty() || rest.starts_with([' ', '\t']) {
                continue;
            }
            return false;
        }
        let Some((key, rest)) = line.split_once(':') else {
            return false;
        };
        if !KNOWN_KEYS.contains(&key) || !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
            return false;
        }
        any_key = true;
    }
    any_key
}

fn parsed_keys(split: &Split<'_>) -> Result<Vec<String>, ()> {
    match split.syntax {
        Syntax::Yaml => {
            if split.block.trim().is_empty() {
                return Ok(Vec::new());
            }
            serde_saphyr::from_str::<BTreeMap<String, IgnoredAny>>(split.block)
                .map(|m| m.into_keys().collect())
                .map_err(|_| ())
        }
        Syntax::Toml => toml::from_str::<toml::Table>(split.block)
            .map(|t| t.into_iter().map(|(k, _)| k).collect())
            .map_err(|_| ()),
    }
}

fn deserialize(split: &Split<'_>, source: &Source) -> Result<RawMeta, Diagnostic> {
    match split.syntax {
        Syntax::Yaml => {
            let block = if split.block.trim().is_empty() {
                "{}"
            } else {
                split.block
            };
            serde_saphyr::from_str::<RawMeta>(block).map_err(|e| yaml_diagnostic(&e, split, source))
        }
        Syntax::Toml => {
            let mut table: toml::Table =
                toml::from_str(split.block).map_err(|e| toml_diagnostic(&e, split, source))?;
            // TOML has a date type; nota's dates are strings from here on,
            // including those nested in `woo.documenthandelingen`.
            dates_as_strings(&mut table);
            RawMeta::deserialize(table).map_err(|e| {
                // A type error names the value, not the key; a topic's error
                // says so in its expectation.
                let key = e
                    .message()
                    .split('`')
                    .nth(1)
                    .filter(|k| KNOWN_KEYS.contains(k))
                    .or_else(|| e.message().contains("topics must be").then_some("topics"))
                    .map(str::to_string);
                toml_value_diagnostic(e.message(), key.as_deref(), split, source)
            })
        }
    }
}

fn dates_as_strings(table: &mut toml::Table) {
    fn convert(value: &mut toml::Value) {
        match value {
            toml::Value::Datetime(dt) => *value = toml::Value::String(dt.to_string()),
            toml::Value::Array(items) => items.iter_mut().for_each(convert),
            toml::Value::Table(table) => table.iter_mut().for_each(|(_, v)| convert(v)),
            _ => {}
        }
    }
    table.iter_mut().for_each(|(_, v)| convert(v));
}

fn yaml_diagnostic(error: &serde_saphyr::Error, split: &Split<'_>, source: &Source) -> Diagnostic {
    let error = error.without_snippet();
    let message = plain_yaml_message(error);
    let location = error.location().map_or_else(
        || Location::in_text(&source.path, &source.text, split.block_first_line, 1),
        |l| {
            let line = usize::try_from(l.line()).unwrap_or(1) + split.block_first_line - 1;
            let mut column = usize::try_from(l.column()).unwrap_or(1);
            if column <= 1 {
                column = value_column(&source.text, line).unwrap_or(1);
            }
            Location::in_text(&source.path, &source.text, line, column)
        },
    );
    value_or_syntax_diagnostic(&message, Syntax::Yaml, location)
}

/// The column where the value of a `key: value` line starts, so that a
/// finding about a value points at the value rather than the key.
fn value_column(text: &str, line: usize) -> Option<usize> {
    let content = text.lines().nth(line.checked_sub(1)?)?;
    let (key, value) = content.split_once(':')?;
    let leading = value.len() - value.trim_start().len();
    Some(key.chars().count() + 1 + value[..leading].chars().count() + 1)
}

/// serde-saphyr's message without its " at line X, column Y" suffix (the
/// location is shown separately, in file coordinates).
fn plain_yaml_message(error: &serde_saphyr::Error) -> String {
    let options = serde_saphyr::render_options! {
        snippets: serde_saphyr::SnippetMode::Off,
    };
    let text = error.render_with_options(options);
    let text = text.lines().next().unwrap_or("").trim();
    match text.rfind(" at line ") {
        Some(index) => text[..index].to_string(),
        None => text.to_string(),
    }
}

fn toml_diagnostic(error: &toml::de::Error, split: &Split<'_>, source: &Source) -> Diagnostic {
    let location = error.span().map_or_else(
        || Location::in_text(&source.path, &source.text, split.block_first_line, 1),
        |span| {
            let (line, column) = crate::diagnostic::line_column(split.block, span.start);
            Location::in_text(
                &source.path,
                &source.text,
                line + split.block_first_line - 1,
                column,
            )
        },
    );
    value_or_syntax_diagnostic(error.message().trim(), Syntax::Toml, location)
}

fn toml_value_diagnostic(
    message: &str,
    key: Option<&str>,
    split: &Split<'_>,
    source: &Source,
) -> Diagnostic {
    let lines = top_level_keys(split);
    let line = key
        .and_then(|k| lines.get(k).copied())
        .unwrap_or(split.block_first_line);
    let location = Location::in_text(&source.path, &source.text, line, 1);
    value_or_syntax_diagnostic(message.trim(), Syntax::Toml, location)
}

fn value_or_syntax_diagnostic(message: &str, syntax: Syntax, location: Location) -> Diagnostic {
    let is_type_error = message.starts_with("invalid type")
        || message.contains("expected a list of strings")
        || message.contains("expected string scalar")
        || message.starts_with("invalid value");
    if is_type_error {
        return Diagnostic::error(
            "front-matter/wrong-type",
            format!("a front-matter value has the wrong type: {message}"),
        )
        .at(location)
        .help("title, type, organisation, kenmerk, summary and slug are text; topics is a list of text (quote a topic such as \"2024\" to make it text); draft is true or false");
    }
    Diagnostic::error(
        "front-matter/syntax",
        format!("the {} front matter cannot be parsed: {message}", syntax.name()),
    )
    .at(location)
    .help(match syntax {
        Syntax::Yaml => "check the YAML syntax: `key: value` per line, lists as `[a, b]` or `- item` lines, quote text that contains `: `",
        Syntax::Toml => "check the TOML syntax: `key = \"value\"` per line, lists as `[\"a\", \"b\"]`",
    })
}

/// Finds the key or the value of a top-level front-matter entry.
struct Locators<'a> {
    key: &'a dyn Fn(&str) -> Location,
    value: &'a dyn Fn(&str) -> Location,
}

fn validate(
    raw: RawMeta,
    default_organisation: &str,
    at: &Locators<'_>,
    source: &Source,
    problems: &mut Vec<Diagnostic>,
) -> Option<Meta> {
    let title = match raw.title.map(|t| t.trim().to_string()) {
        Some(t) if !t.is_empty() => Some(t),
        Some(_) => {
            problems.push(
                Diagnostic::error("front-matter/empty-title", "the title is empty")
                    .at((at.key)("title"))
                    .help("give the note its title as it appears on the document"),
            );
            None
        }
        None => {
            problems.push(
                Diagnostic::error("front-matter/missing-title", "this note has no title")
                    .at(Location::in_text(&source.path, &source.text, 1, 1).with_width(3))
                    .help("add a line `title: …` to the front matter"),
            );
            None
        }
    };
    let date = match raw.date {
        Some(text) => match parse_date(&text) {
            Some(date) => Some(date),
            None => {
                problems.push(
                    Diagnostic::error(
                        "front-matter/invalid-date",
                        format!("`{text}` is not a valid date"),
                    )
                    .at((at.value)("date"))
                    .help("write the date as YYYY-MM-DD (ISO 8601), e.g. date: 2022-10-28"),
                );
                None
            }
        },
        None => {
            problems.push(
                Diagnostic::error("front-matter/missing-date", "this note has no date")
                    .at(Location::in_text(&source.path, &source.text, 1, 1).with_width(3))
                    .help("add a line `date: YYYY-MM-DD` (the date the note was signed) to the front matter"),
            );
            None
        }
    };
    let topics = raw.topics.unwrap_or_default();
    if topics.iter().any(|t| t.trim().is_empty()) {
        problems.push(
            Diagnostic::error("front-matter/empty-topic", "a topic is empty")
                .at((at.value)("topics"))
                .help("remove the empty entry from `topics`"),
        );
    }
    Some(Meta {
        title: title?,
        date: date?,
        kind: raw
            .kind
            .map(|k| k.trim().to_string())
            .filter(|k| !k.is_empty()),
        organisation: raw
            .organisation
            .map(|o| o.trim().to_string())
            .filter(|o| !o.is_empty())
            .unwrap_or_else(|| default_organisation.to_string()),
        topics: topics.into_iter().map(|t| t.trim().to_string()).collect(),
        kenmerk: raw.kenmerk,
        summary: raw
            .summary
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
        draft: raw.draft.unwrap_or(false),
        slug: raw.slug,
        woo: raw.woo.unwrap_or_default(),
        personal_data: raw.personal_data.unwrap_or_default(),
    })
}

/// An ISO 8601 calendar date, `YYYY-MM-DD`.
fn parse_date(text: &str) -> Option<jiff::civil::Date> {
    let text = text.trim();
    if text.len() != 10 {
        return None;
    }
    text.parse().ok()
}

/// `topics` may be a list of strings or a single string (a one-element list).
fn one_or_many_strings<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    struct Strings;
    impl<'de> Visitor<'de> for Strings {
        type Value = Option<Vec<String>>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a list of strings")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(vec![v.to_string()]))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(item) = seq.next_element::<StringOnly>()? {
                out.push(item.0);
            }
            Ok(Some(out))
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    d.deserialize_any(Strings)
}

/// A string that refuses numbers and booleans instead of converting them.
struct StringOnly(String);

impl<'de> Deserialize<'de> for StringOnly {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = StringOnly;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string (topics must be a list of strings)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<StringOnly, E> {
                Ok(StringOnly(v.to_string()))
            }
        }
        d.deserialize_str(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(block: &str) -> bool {
        only_known_yaml_keys(&Split {
            syntax: Syntax::Yaml,
            block,
            block_first_line: 2,
            body: "",
            body_line_offset: 0,
        })
    }

    #[test]
    fn plain_known_keys_skip_the_second_parse() {
        assert!(yaml(
            "title: \"A\"\ndate: 2024-01-01\ntopics:\n  - a\n- b\n# note\nwoo:\n  section5: redact\n"
        ));
    }

    #[test]
    fn anything_that_may_hide_a_key_is_parsed() {
        for block in [
            "title: A\ntopic: b\n",
            "\"title\": A\n",
            "{title: A, foo: b}\n",
            "? foo\n: b\n",
            "title: A\n-foo: b\n",
            "title:A\n",
            "<<: *base\n",
            "%YAML 1.2\n",
            "",
            "  title: A\n",
        ] {
            assert!(!yaml(block), "{block:?}");
        }
    }

    #[test]
    fn unknown_keys_are_still_found() {
        let source = Source {
            path: "content/a.md".into(),
            rel: "a.md".into(),
            text: std::sync::Arc::new(
                "---\ntitle: A\ndate: 2024-01-01\n\"sumary\": b\n---\nTekst\n".to_string(),
            ),
        };
        let problems = parse(source, "Org", |_, _| Ok("/a/".into()))
            .unwrap_err()
            .problems;
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].code, "front-matter/unknown-key");
    }

    #[test]
    fn other_names_are_renamed_typos_suggested_and_the_rest_removed() {
        assert_eq!(
            unknown_key_help("Ministry"),
            "rename it to `organisation`, nota's name for this key"
        );
        assert_eq!(
            unknown_key_help("samenvatting"),
            "rename it to `summary`, nota's name for this key"
        );
        assert_eq!(unknown_key_help("topic"), "did you mean `topics`?");
        assert!(unknown_key_help("source").starts_with("remove it; known keys are: title,"));
        for (other, known) in OTHER_NAMES {
            assert!(KNOWN_KEYS.contains(known), "{other} -> {known}");
            assert!(!KNOWN_KEYS.contains(other), "{other}");
        }
    }

    /// The URL a note with errors would have, from what could be read of it.
    fn failed_url(text: &str) -> Option<String> {
        let source = Source {
            path: "content/2024/loket.md".into(),
            rel: "2024/loket.md".into(),
            text: std::sync::Arc::new(text.to_string()),
        };
        let failed = parse(source, "Org", |s, slug| crate::url::note_url(&s.rel, slug))
            .expect_err("the note has errors");
        assert!(!failed.problems.is_empty());
        assert_eq!(failed.note.path, Path::new("content/2024/loket.md"));
        failed.note.url
    }

    #[test]
    fn a_note_with_errors_keeps_the_url_it_would_have() {
        let url = |u: &str| Some(u.to_string());
        assert_eq!(
            failed_url("---\ntitle: A\ndate: 2024-02-30\n---\n"),
            url("/2024/loket/")
        );
        assert_eq!(
            failed_url("---\ntitle: A\ndate: 2024-02-30\nslug: balie\n---\n"),
            url("/2024/balie/"),
            "the slug it declares"
        );
        assert_eq!(
            failed_url("+++\ntitle = \"A\"\nslug = \"balie\"\n+++\n"),
            url("/2024/balie/"),
            "TOML, without a date"
        );
        assert_eq!(
            failed_url("---\ntitle: A\ndate: 2024-01-01\nslug: Geen Slug\n---\n"),
            url("/2024/loket/"),
            "an unusable slug: the path"
        );
        for unreadable in ["---\ntitle: [A\n---\n", "geen front matter\n", ""] {
            assert_eq!(
                failed_url(unreadable),
                url("/2024/loket/"),
                "{unreadable:?}"
            );
        }
    }
}
