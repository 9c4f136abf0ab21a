//! From candidates to what the user sees: accept entries applied, every
//! finding a diagnostic that points at it (masked), a hint with the exact
//! edit, and the per-note list `nota check` prints.

use std::fmt::Write as _;
use std::path::PathBuf;

use serde::Serialize;

use super::mask::{mask, mask_line};
use super::{Candidate, Kind, Outcome};
use crate::config::personal_data::words_key;
use crate::diagnostic::{Diagnostic, Location};
use crate::front_matter::AcceptEntry;
use crate::published_text::{Place, PublishedText, SourceSpan};

/// What became of a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Reported as an error: withhold it or accept it.
    Error,
    /// Reported as a warning: a guess.
    Warning,
    /// Matched by an entry of the note's `personal_data.accept`.
    Accepted,
    /// A person who appears in public by their function, or a text on the
    /// public list of `nota.toml`: not reported.
    Public,
}

/// One finding as `nota check` lists it; the text is masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Listed {
    pub kind: Kind,
    pub state: State,
    pub line: usize,
    pub column: usize,
    /// The value with all but a few characters masked.
    pub text: String,
    /// Why it was found, or why it may be published.
    pub why: String,
}

/// A candidate placed in the file.
struct Placed {
    candidate: Candidate,
    span: SourceSpan,
    place: Place,
    value: String,
}

pub(super) fn resolve(
    text: &PublishedText,
    found: Vec<Candidate>,
    accepted: &[AcceptEntry],
) -> Outcome {
    let mut outcome = Outcome::default();
    let entries = valid_entries(text, accepted, &mut outcome.diagnostics);
    let mut used = vec![false; entries.len()];
    let placed: Vec<Placed> = found
        .into_iter()
        .map(|candidate| {
            let place = text
                .segments
                .iter()
                .find(|s| s.range.contains(&candidate.range.start))
                .map_or(Place::Paragraph, |s| s.place);
            Placed {
                span: text.position(candidate.range.clone()),
                value: text.text[candidate.range.clone()].to_string(),
                candidate,
                place,
            }
        })
        .collect();
    // Every value of the note is masked on every line it shows.
    let masked_spans: Vec<(usize, usize, usize)> = placed
        .iter()
        .filter(|p| p.candidate.public.is_none())
        .map(|p| (p.span.line, p.span.column, p.span.width))
        .collect();
    let mut flagged = Vec::new();
    for item in placed {
        let accepted_by = entries.iter().position(|(entry, kind, _)| {
            *kind == item.candidate.kind && accepts(&entry.text_key, &item.value, *kind)
        });
        if let Some(index) = accepted_by {
            used[index] = true;
        }
        let (state, why) = match (&item.candidate.public, accepted_by, item.candidate.weak) {
            (Some(reason), _, _) => (State::Public, reason.clone()),
            (None, Some(_), _) => (State::Accepted, item.candidate.why.clone()),
            (None, None, true) => (State::Warning, item.candidate.why.clone()),
            (None, None, false) => (State::Error, item.candidate.why.clone()),
        };
        outcome.listed.push(Listed {
            kind: item.candidate.kind,
            state,
            line: item.span.line,
            column: item.span.column,
            text: mask(&item.value),
            why,
        });
        if matches!(state, State::Error | State::Warning) {
            flagged.push(item);
        }
    }
    for item in &flagged {
        outcome
            .diagnostics
            .push(diagnostic(text, item, &masked_spans));
    }
    for ((entry, _, location), used) in entries.iter().zip(used) {
        if !used {
            outcome.diagnostics.push(
                Diagnostic::error(
                    "personal-data/unused-accept",
                    format!(
                        "`personal_data.accept` lists `{}` as {}, but this note publishes no such text",
                        mask(&entry.text),
                        entry.kind
                    ),
                )
                .at(location.clone())
                .help("remove the entry, or correct its `text` (exactly as written in the note) and `kind`"),
            );
        }
    }
    outcome
}

/// An accept entry as checked: the entry, its kind, where it is written.
struct Entry {
    text: String,
    text_key: String,
    kind: String,
}

fn accepts(entry_key: &str, value: &str, kind: Kind) -> bool {
    let value_key = words_key(value);
    if *entry_key == value_key {
        return true;
    }
    // An accepted name covers its surname's other occurrences.
    kind == Kind::Name && entry_key.ends_with(&format!(" {value_key}"))
}

/// The accept entries with a text, a known kind and a reason; the others
/// are reported.
fn valid_entries(
    text: &PublishedText,
    accepted: &[AcceptEntry],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(Entry, Kind, Location)> {
    let mut out = Vec::new();
    for entry in accepted {
        let written = entry.text.as_deref().unwrap_or("");
        let location = accept_location(text, written);
        let kind = entry.kind.as_deref().map(str::trim).unwrap_or("");
        let problem = if written.trim().is_empty() {
            Some("has no `text`".to_string())
        } else if kind.is_empty() {
            Some("has no `kind`".to_string())
        } else if Kind::from_name(kind).is_none() {
            Some(format!("has the unknown kind `{kind}`"))
        } else if entry.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
            Some("has no `reason`".to_string())
        } else {
            None
        };
        if let Some(problem) = problem {
            let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
            diagnostics.push(
                Diagnostic::error(
                    "personal-data/accept-entry",
                    format!("an entry of `personal_data.accept` {problem}"),
                )
                .at(location)
                .help(format!(
                    "each entry needs `text` (exactly as written in the note), `kind` ({}) and `reason` (why it may be published)",
                    kinds.join(", ")
                )),
            );
            continue;
        }
        if let Some(kind) = Kind::from_name(kind) {
            out.push((
                Entry {
                    text: written.to_string(),
                    text_key: words_key(written),
                    kind: kind.name().to_string(),
                },
                kind,
                location,
            ));
        }
    }
    out
}

/// Where an accept entry is written: the front-matter line with its text,
/// else the `personal_data` key. The line shown is masked.
fn accept_location(text: &PublishedText, written: &str) -> Location {
    let path: PathBuf = text.path.clone();
    let lines = text.front_matter_lines.max(1);
    let mut key_line = None;
    for line in 1..=lines {
        let Some(source) = text.source_line(line) else {
            break;
        };
        if key_line.is_none() && source.trim_start().starts_with("personal_data") {
            key_line = Some(line);
        }
        if !written.is_empty()
            && let Some(byte) = source.find(written)
        {
            let column = source[..byte].chars().count() + 1;
            let width = written.chars().count();
            let masked = mask_line(source, &[(column, width)]);
            return Location::with_line(path, Some(&masked), line, column).with_width(width);
        }
    }
    let line = key_line.unwrap_or(1);
    let source = text.source_line(line).unwrap_or("");
    let column = source.len() - source.trim_start().len() + 1;
    Location::with_line(path, Some(source), line, column).with_width("personal_data".len())
}

fn diagnostic(
    text: &PublishedText,
    item: &Placed,
    masked_spans: &[(usize, usize, usize)],
) -> Diagnostic {
    let kind = item.candidate.kind;
    let weak = item.candidate.weak;
    let line_spans: Vec<(usize, usize)> = masked_spans
        .iter()
        .filter(|(line, _, _)| *line == item.span.line)
        .map(|&(_, column, width)| (column, width))
        .collect();
    let source = text.source_line(item.span.line).unwrap_or("");
    let masked = mask_line(source, &line_spans);
    let location = Location::with_line(
        text.path.clone(),
        Some(&masked),
        item.span.line,
        item.span.column,
    )
    .with_width(item.span.width);
    let shown = mask(&item.value);
    let message = if weak {
        format!(
            "this may be {}: `{shown}` ({}); it would be published",
            kind.describe(),
            item.candidate.why
        )
    } else {
        format!(
            "{} `{shown}` would be published ({})",
            kind.describe(),
            item.candidate.why
        )
    };
    let diagnostic = if weak {
        Diagnostic::warning(kind.code(true), message)
    } else {
        Diagnostic::error(kind.code(false), message)
    };
    diagnostic.at(location).help(help(item, weak))
}

/// How to resolve it: the exact `{lak}` edit, or the accept entry.
fn help(item: &Placed, weak: bool) -> String {
    let kind = item.candidate.kind;
    let ground = kind.ground();
    let span = &item.span;
    let end = span.column + span.width - 1;
    let accept = format!(
        "add `- {{ text: \"…\", kind: {}, reason: \"…\" }}` under `personal_data: accept:` in the front matter, with the text exactly as written",
        kind.name()
    );
    let withhold = match item.place {
        // The title and summary take passages like the body; the caret
        // shows where (a YAML value's columns may differ from the text's).
        Place::FrontMatter(key @ ("title" | "summary")) => format!(
            "withhold it: in `{key}`, write `{{lak {ground}}}` right before it and `{{/lak}}` right after it"
        ),
        Place::FrontMatter(key) => format!(
            "`{key}` is published as written and `{{lak}}` does not apply there: rewrite it without the personal data"
        ),
        Place::Code => format!(
            "markers inside code are literal text: move it out of the code and write `{{lak {ground}}}` before it and `{{/lak}}` after it, or remove it"
        ),
        Place::LinkTarget => format!(
            "the link's target is published too: write `{{lak {ground}}}` before the whole link and `{{/lak}}` after it (line {})",
            span.line
        ),
        _ => format!(
            "withhold it: write `{{lak {ground}}}` right before it and `{{/lak}}` right after it (line {}, columns {}–{end})",
            span.line, span.column
        ),
    };
    let mut out = String::new();
    if weak {
        let _ = write!(
            out,
            "if it is personal data, {withhold}; if not, {accept} (the warning goes away)"
        );
    } else {
        let _ = write!(out, "{withhold}; or, if it may be published, {accept}");
    }
    out
}

/// The personal-data part of `nota check`: every finding of every note,
/// with its state; notes without findings are counted, not listed. Empty
/// when no note has a finding.
pub fn overview_text<'a>(
    notes: impl Iterator<Item = (&'a std::path::Path, &'a [Listed])>,
) -> String {
    let mut lines = String::new();
    let mut clean = 0;
    for (path, listed) in notes {
        if listed.is_empty() {
            clean += 1;
            continue;
        }
        let path = crate::diagnostic::display_path(path);
        for finding in listed {
            let state = match finding.state {
                State::Error => "error: withhold or accept",
                State::Warning => "warning",
                State::Accepted => "accepted",
                State::Public => "public",
            };
            let _ = writeln!(
                lines,
                "  {path}:{}:{} {} `{}` ({state}; {})",
                finding.line,
                finding.column,
                finding.kind.name(),
                finding.text,
                finding.why
            );
        }
    }
    if lines.is_empty() {
        return lines;
    }
    format!(
        "Personal data overview:\n{lines}  {clean} other note{} without findings\n",
        if clean == 1 { "" } else { "s" }
    )
}
