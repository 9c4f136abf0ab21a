//! Withheld information: the settings, the per-note decisions and the facts a
//! build reports about what it withheld.
//!
//! nota exists to publish beslisnota's without ever publishing what section 5
//! or a `{lak …}` marker withholds. The work is split so that each part can be
//! checked on its own:
//! - this module: what `nota.toml` and a note's front matter decide, and the
//!   summary of what was withheld (kept on every `Page` for later inventories);
//! - `markdown::redact`: the removal itself, on the parsed document, before
//!   anything is derived from it;
//! - `leak_guard`: a last line of defence that scans every output file for
//!   every removed passage before the site is swapped in.
//!
//! The removed text itself ([`Withheld`]) is never stored on a `Page`, so no
//! template or index can reach it; it travels only to the leak guard.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Location};
use crate::front_matter::Document;
use crate::woo::Ground;

/// Section-5 titles nota always recognises (configuration adds to them).
pub const DEFAULT_SECTION5_TITLES: &[&str] = &[
    "Informatie die zich niet leent voor openbaarmaking",
    "Informatie die niet openbaar gemaakt kan worden",
    "Informatie die niet openbaar wordt gemaakt",
];

/// Phrases that say a section 5 withholds nothing (configuration adds to them).
pub const DEFAULT_NOTHING_WITHHELD: &[&str] = &["Niet van toepassing", "N.v.t.", "Nvt", "Geen"];

/// Keys of the `[redaction]` table in `nota.toml`.
pub const CONFIG_KEYS: &[&str] = &["section5_titles", "nothing_withheld"];

/// The `[redaction]` table of `nota.toml` as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSettings {
    #[serde(default)]
    section5_titles: Vec<String>,
    #[serde(default)]
    nothing_withheld: Vec<String>,
}

/// How section 5 is recognised and when it counts as empty.
///
/// Configured values extend the defaults and never replace them: dropping a
/// default title would let a section 5 written with it pass unnoticed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub section5_titles: Vec<String>,
    pub nothing_withheld: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Self::from_raw(RawSettings::default())
    }
}

impl Settings {
    pub fn from_raw(raw: RawSettings) -> Self {
        let extend = |defaults: &[&str], extra: Vec<String>| {
            let mut all: Vec<String> = defaults.iter().map(|s| (*s).to_string()).collect();
            all.extend(extra.into_iter().filter(|s| !s.trim().is_empty()));
            all
        };
        Self {
            section5_titles: extend(DEFAULT_SECTION5_TITLES, raw.section5_titles),
            nothing_withheld: extend(DEFAULT_NOTHING_WITHHELD, raw.nothing_withheld),
        }
    }
}

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

/// A passage that was removed, for the leak guard. Never put on a `Page`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withheld {
    pub text: String,
    /// Where the removal starts in the note.
    pub location: Location,
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
pub fn ground_error_code(error: &crate::woo::GroundError) -> &'static str {
    match error {
        crate::woo::GroundError::Unknown(_) => "redaction/unknown-ground",
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

/// The redaction facts of one note, for `nota check`.
#[derive(Debug, Clone, Serialize)]
pub struct NoteReport {
    pub path: PathBuf,
    pub url: String,
    pub section5: Section5,
    pub inline: BTreeMap<Ground, usize>,
    pub beoordeling: &'static str,
    /// What the personal-data check found, values masked (absent when nothing).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub personal_data: Vec<crate::personal_data::Listed>,
}

impl NoteReport {
    pub fn new(path: PathBuf, url: String, redactions: &Redactions) -> Self {
        Self {
            path,
            url,
            section5: redactions.section5.clone(),
            inline: redactions.inline.clone(),
            beoordeling: redactions.beoordeling(),
            personal_data: Vec::new(),
        }
    }
}

/// The human-readable redaction overview of `nota check`.
pub fn overview_text(notes: &[NoteReport]) -> String {
    let mut out = String::from("Redaction overview:\n");
    if notes.is_empty() {
        out.push_str("  (no notes)\n");
    }
    for note in notes {
        let inline = if note.inline.is_empty() {
            "no inline redactions".to_string()
        } else {
            let counts: Vec<String> = note
                .inline
                .iter()
                .map(|(ground, n)| format!("{ground} ×{n}"))
                .collect();
            format!("inline: {}", counts.join(", "))
        };
        let _ = writeln!(
            out,
            "  {}: section 5 {}; {}",
            crate::diagnostic::display_path(&note.path),
            note.section5.describe(),
            inline
        );
    }
    out
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
    fn configured_values_extend_the_defaults() {
        let settings = Settings::from_raw(RawSettings {
            section5_titles: vec!["Vertrouwelijk".into()],
            nothing_withheld: vec![],
        });
        assert_eq!(settings.section5_titles.len(), 4);
        assert!(
            settings
                .section5_titles
                .contains(&"Informatie die niet openbaar wordt gemaakt".to_string())
        );
    }

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
}
