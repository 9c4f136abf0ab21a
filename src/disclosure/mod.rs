//! Withheld information: the per-note decisions, the refusal grounds, the leak
//! guard and the facts a build reports about what it withheld.
//!
//! nota exists to publish beslisnota's without ever publishing what section 5
//! or a `{lak …}` marker withholds. The work is split so that each part can be
//! checked on its own:
//! - this module: what a note's front matter decides, and the summary of what
//!   was withheld (kept on every `Page` for later inventories); the
//!   `[redaction]` settings are read by `config::redaction`;
//! - `grounds`: the refusal grounds of the Woo (art. 5.1 and 5.2);
//! - `markdown::redact`: the removal itself, on the parsed document, before
//!   anything is derived from it (it stays inside `markdown`, because the
//!   comrak AST never leaves that module);
//! - `leak_guard`: a last line of defence that scans every output file for
//!   every removed passage before the site is swapped in.
//!
//! The removed text itself ([`Withheld`]) is never stored on a `Page`, so no
//! template or index can reach it; it travels only to the leak guard.

pub mod grounds;
pub mod leak_guard;

pub use grounds::{Ground, GroundError};

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

use crate::diagnostic::{Diagnostic, Location};
use crate::front_matter::{Document, Unread};

/// The sentence after the title of a withheld section 5.
pub const WITHHELD_NOTICE: &str = "De inhoud van dit onderdeel is niet openbaar gemaakt.";

/// What became of a note's section 5.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum Section5 {
    /// The note has no section 5.
    Absent,
    /// Only the title.
    Empty,
    /// Only a "nothing withheld" phrase such as "Niet van toepassing".
    NotApplicable,
    /// The body was removed (`woo.section5: redact`).
    Redacted { grounds: Vec<Ground> },
    /// The body is a reviewed public motivation (`woo.section5: publish`).
    Published,
    /// The body has content and no valid decision: the build is refused.
    Refused,
}

impl Section5 {
    /// How `nota check` describes the state.
    pub fn describe(&self) -> String {
        match self {
            Self::Absent => "absent".to_string(),
            Self::Empty => "empty".to_string(),
            Self::NotApplicable => "n.v.t.".to_string(),
            Self::Redacted { grounds } => format!("redacted ({})", codes(grounds)),
            Self::Published => "published after review".to_string(),
            Self::Refused => "has content without a decision (refused)".to_string(),
        }
    }
}

/// What a note withholds: kept on every `Page`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Redactions {
    pub section5: Section5,
    /// Number of `{lak …}` passages per ground.
    pub inline: BTreeMap<Ground, usize>,
}

impl Default for Redactions {
    fn default() -> Self {
        Self {
            section5: Section5::Absent,
            inline: BTreeMap::new(),
        }
    }
}

impl Redactions {
    /// Every ground the note cites, in the order of the law.
    pub fn grounds(&self) -> Vec<Ground> {
        let mut all: Vec<Ground> = self.inline.keys().copied().collect();
        if let Section5::Redacted { grounds } = &self.section5 {
            all.extend(grounds);
        }
        all.sort();
        all.dedup();
        all
    }

    /// Whether anything of the note was withheld.
    pub fn anything_withheld(&self) -> bool {
        !self.inline.is_empty() || matches!(self.section5, Section5::Redacted { .. })
    }

    /// The Woo inventory judgement: "Openbaar" or "Deels openbaar".
    pub fn beoordeling(&self) -> &'static str {
        if self.anything_withheld() {
            "Deels openbaar"
        } else {
            "Openbaar"
        }
    }

    /// The grounds as an inventory cell: `5.1.2e;5.1.2i`.
    pub fn grounds_cell(&self) -> String {
        self.grounds()
            .iter()
            .map(|g| g.code())
            .collect::<Vec<_>>()
            .join(";")
    }
}

/// Characters that take no room on the page: soft hyphens, zero-width
/// spaces and joiners, word joiners, the byte-order mark. A word with one of
/// these inside reads as the same word, so title detection, marker reading
/// and the leak guard all skip them.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}')
}

/// A passage that was removed, for the leak guard. Never put on a `Page`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withheld {
    pub text: String,
    /// Where the removal starts in the note.
    pub location: Location,
    /// The file line and column (in characters) where the withheld source
    /// text ends. When the guard finds a passage in the output, it looks for
    /// the same words in the sources and skips the note's own withheld text:
    /// from `location` up to here.
    pub end: (usize, usize),
}

impl Withheld {
    /// Whether the file position `(line, column)` of `path` lies in the
    /// source text this passage was removed from.
    pub fn covers(&self, path: &std::path::Path, line: usize, column: usize) -> bool {
        self.location.path == path
            && (self.location.line, self.location.column) <= (line, column)
            && (line, column) <= self.end
    }
}

/// What the front matter decides about a non-empty section 5.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// No `woo.section5`: content is an error.
    Undecided,
    Redact(Vec<Ground>),
    Publish,
    /// A wrong value; reported already. Treated as redact without grounds,
    /// so that even a build that ignored errors would withhold the text.
    Invalid,
}

/// Reads and checks `woo.section5` and `woo.grounds` of a note.
pub fn decision(doc: &Document) -> (Decision, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let woo = &doc.meta.woo;
    let grounds = woo
        .grounds
        .as_deref()
        .map(|written| parse_grounds(doc, written, &mut problems));
    let decision = match woo.section5.as_deref().map(str::trim) {
        None => Decision::Undecided,
        Some("publish") => Decision::Publish,
        Some("redact") => match grounds {
            Some(grounds) if !grounds.is_empty() && problems.is_empty() => {
                Decision::Redact(grounds)
            }
            Some(_) if !problems.is_empty() => Decision::Invalid,
            _ => {
                problems.push(
                    Diagnostic::error(
                        "redaction/missing-ground",
                        "`woo.section5: redact` needs the refusal grounds in `woo.grounds`",
                    )
                    .at(nested_key_location(doc, "woo", "section5"))
                    .help("add e.g. `grounds: [\"5.1.2e\"]` under `woo:`, naming the Woo grounds the withheld text falls under"),
                );
                Decision::Invalid
            }
        },
        Some(other) => {
            problems.push(
                Diagnostic::error(
                    "redaction/section5-decision",
                    format!("`woo.section5` is `{other}`, which nota does not know"),
                )
                .at(nested_key_location(doc, "woo", "section5"))
                .help("write `section5: redact` (remove the body; needs `grounds`) or `section5: publish` (the body is a reviewed public motivation)"),
            );
            Decision::Invalid
        }
    };
    if woo.grounds.is_some() && decision == Decision::Publish {
        problems.push(
            Diagnostic::warning(
                "redaction/unused-grounds",
                "`woo.grounds` is ignored because `woo.section5` is `publish`",
            )
            .at(nested_key_location(doc, "woo", "grounds"))
            .help("remove `grounds`, or use `section5: redact` if the body must be withheld"),
        );
    }
    (decision, problems)
}

fn parse_grounds(
    doc: &Document,
    written: &[String],
    problems: &mut Vec<Diagnostic>,
) -> Vec<Ground> {
    let mut grounds = Vec::new();
    for text in written {
        let parsed = text.parse::<Ground>();
        match parsed {
            Ok(ground) => {
                if !grounds.contains(&ground) {
                    grounds.push(ground);
                }
            }
            Err(error) => problems.push(
                Diagnostic::error(
                    ground_error_code(&error),
                    format!("in `woo.grounds`: {error}"),
                )
                .at(nested_key_location(doc, "woo", "grounds"))
                .help(error.help()),
            ),
        }
    }
    grounds
}

/// The diagnostic code of a ground that cannot be used.
pub fn ground_error_code(error: &GroundError) -> &'static str {
    match error {
        GroundError::Unknown(_) => "redaction/unknown-ground",
        _ => "redaction/wob-ground",
    }
}

/// The line of `child` inside the front-matter table `parent` (YAML
/// `parent:` block or TOML `[parent]` table), or the parent's line.
pub fn nested_key_location(doc: &Document, parent: &str, child: &str) -> Location {
    let Some(&parent_line) = doc.key_lines.get(parent) else {
        return doc.key_location(parent);
    };
    let lines: Vec<&str> = doc.source.text.lines().collect();
    let last = doc.body_line_offset.min(lines.len());
    for (index, line) in lines.iter().enumerate().take(last).skip(parent_line - 1) {
        let trimmed = line.trim_start();
        let Some(rest) = trimmed.strip_prefix(child) else {
            continue;
        };
        if rest.trim_start().starts_with([':', '=']) {
            let column = line.len() - trimmed.len() + 1;
            return Location::in_text(&doc.source.path, &doc.source.text, index + 1, column)
                .with_width(child.chars().count());
        }
    }
    doc.key_location(parent)
}

/// The redaction facts of one note, for `nota check`: every note is listed,
/// also one that has errors or is a draft, with how many findings it has.
#[derive(Debug, Clone, Serialize)]
pub struct NoteReport {
    pub path: PathBuf,
    pub url: String,
    /// Whether the note could be read (its file and front matter): only then
    /// are its section 5 and passages known.
    pub read: bool,
    /// A draft, left out of this build (`--drafts` builds it).
    pub draft: bool,
    /// The findings about this note's file, by severity.
    pub errors: usize,
    pub warnings: usize,
    /// `None` when not known (not read, or a draft left out).
    pub section5: Option<Section5>,
    pub inline: BTreeMap<Ground, usize>,
    pub beoordeling: Option<&'static str>,
    /// What the personal-data check found, values masked (absent when nothing).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub personal_data: Vec<crate::personal_data::Listed>,
}

impl NoteReport {
    pub fn new(path: PathBuf, url: String, redactions: &Redactions) -> Self {
        Self {
            path,
            url,
            read: true,
            draft: false,
            errors: 0,
            warnings: 0,
            section5: Some(redactions.section5.clone()),
            inline: redactions.inline.clone(),
            beoordeling: Some(redactions.beoordeling()),
            personal_data: Vec::new(),
        }
    }

    /// A note whose file or front matter could not be read.
    pub fn unread(note: &Unread) -> Self {
        Self::without_facts(note.path.clone(), note.url.clone().unwrap_or_default())
    }

    /// The drafts a build without `--drafts` leaves out.
    pub fn drafts(drafts: &[Document]) -> Vec<Self> {
        drafts
            .iter()
            .map(|doc| Self {
                read: true,
                draft: true,
                ..Self::without_facts(doc.source.path.clone(), doc.url.clone())
            })
            .collect()
    }

    /// A note whose section 5 and passages are not known.
    fn without_facts(path: PathBuf, url: String) -> Self {
        Self {
            path,
            url,
            read: false,
            draft: false,
            errors: 0,
            warnings: 0,
            section5: None,
            inline: BTreeMap::new(),
            beoordeling: None,
            personal_data: Vec::new(),
        }
    }
}

/// Counts the `findings` about each note's file into its report.
pub fn count_findings(notes: &mut [NoteReport], findings: &[Diagnostic]) {
    if notes.is_empty() {
        return;
    }
    let mut by_path: HashMap<&Path, (usize, usize)> = HashMap::default();
    for finding in findings {
        if let Some(location) = &finding.location {
            let counts = by_path.entry(location.path.as_path()).or_default();
            if finding.is_error() {
                counts.0 += 1;
            } else {
                counts.1 += 1;
            }
        }
    }
    for note in notes {
        let (errors, warnings) = by_path
            .get(note.path.as_path())
            .copied()
            .unwrap_or_default();
        note.errors = errors;
        note.warnings = warnings;
    }
}

/// The reports by path, in `Path`'s order (by components), with each path
/// split into components once rather than at every comparison.
pub fn in_path_order(notes: Vec<NoteReport>) -> Vec<NoteReport> {
    let components: Vec<Vec<std::path::Component<'_>>> = notes
        .iter()
        .map(|n| n.path.components().collect())
        .collect();
    let mut order: Vec<usize> = (0..notes.len()).collect();
    order.sort_by(|&a, &b| components[a].cmp(&components[b]));
    drop(components);
    let mut slots: Vec<Option<NoteReport>> = notes.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|index| slots[index].take())
        .collect()
}

/// The human-readable redaction overview of `nota check`.
pub fn overview_text(notes: &[NoteReport]) -> String {
    let mut out = String::from("Redaction overview:\n");
    if notes.is_empty() {
        out.push_str("  (no notes)\n");
    }
    for note in notes {
        let path = crate::diagnostic::display_path(&note.path);
        let findings = findings_text(note);
        let _ = match (&note.section5, note.draft) {
            (_, true) => writeln!(
                out,
                "  {path}: draft, left out (nota check --drafts checks it){findings}"
            ),
            (None, false) => writeln!(
                out,
                "  {path}: not read, so what it withholds is not known{findings}"
            ),
            (Some(section5), false) => writeln!(
                out,
                "  {path}: section 5 {}; {}{findings}",
                section5.describe(),
                inline_text(&note.inline)
            ),
        };
    }
    out
}

/// `inline: 5.1.2e ×3, 5.1.2i ×1`, or that there are none.
fn inline_text(inline: &BTreeMap<Ground, usize>) -> String {
    if inline.is_empty() {
        return "no inline redactions".to_string();
    }
    let counts: Vec<String> = inline
        .iter()
        .map(|(ground, n)| format!("{ground} ×{n}"))
        .collect();
    format!("inline: {}", counts.join(", "))
}

/// `; 1 error, 2 warnings` (what is not zero), or nothing.
fn findings_text(note: &NoteReport) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut parts = Vec::new();
    if note.errors > 0 {
        parts.push(plural(note.errors, "error", "errors"));
    }
    if note.warnings > 0 {
        parts.push(plural(note.warnings, "warning", "warnings"));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("; {}", parts.join(", "))
    }
}

/// The machine-readable redaction overview of `nota check --format json`.
pub fn overview_json(notes: &[NoteReport], errors: usize, warnings: usize) -> String {
    #[derive(Serialize)]
    struct Overview<'a> {
        notes: &'a [NoteReport],
        errors: usize,
        warnings: usize,
    }
    serde_json::to_string_pretty(&Overview {
        notes,
        errors,
        warnings,
    })
    .unwrap_or_else(|_| "{}".to_string())
}

fn codes(grounds: &[Ground]) -> String {
    grounds
        .iter()
        .map(|g| g.code())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inventory_cells() {
        let mut redactions = Redactions::default();
        assert_eq!(redactions.beoordeling(), "Openbaar");
        redactions.inline.insert(Ground::G512i, 1);
        redactions.section5 = Section5::Redacted {
            grounds: vec![Ground::G512e],
        };
        assert_eq!(redactions.beoordeling(), "Deels openbaar");
        assert_eq!(redactions.grounds_cell(), "5.1.2e;5.1.2i");
    }

    #[test]
    fn reports_are_in_the_order_of_paths() {
        let paths = [
            "content/a/x.md",
            "content/a-b/x.md",
            "content/a.md",
            "content/a/b/c.md",
            "content/B.md",
            "content/a/x.md.bak",
        ];
        let reports = paths
            .iter()
            .map(|p| NoteReport::new(PathBuf::from(p), String::new(), &Default::default()))
            .collect();
        let got: Vec<PathBuf> = in_path_order(reports).into_iter().map(|r| r.path).collect();
        let mut want: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
        want.sort();
        assert_eq!(got, want);
    }
}
