//! `nota new`: a new note with front matter and the standard skeleton.

use std::path::{Component, Path, PathBuf};

use crate::config::Config;
use crate::skeleton;

/// The kinds of note `nota new` has a skeleton for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Beslisnota,
    Kamerbrief,
    Beleidsreactie,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Self::Beslisnota => "beslisnota",
            Self::Kamerbrief => "kamerbrief",
            Self::Beleidsreactie => "beleidsreactie",
        }
    }
}

/// Why a new note was not created.
#[derive(Debug, thiserror::Error)]
pub enum NewError {
    #[error("{0} already exists; nota new never overwrites a note (choose another path)")]
    Exists(String),
    #[error("`{0}` is not a path inside content/: use a relative path such as 2024/mijn-nota")]
    BadPath(String),
    #[error("cannot create {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// The file `nota new <path>` creates: `content/<path>.md`. A path that
/// starts with `content/` (as a shell completes it from the site folder)
/// names the same file: `content/2024/x` is `2024/x`, not
/// `content/content/2024/x.md`.
pub fn target(config: &Config, path: &str) -> Result<PathBuf, NewError> {
    let rel = Path::new(path);
    let inside = !path.is_empty() && rel.components().all(|c| matches!(c, Component::Normal(_)));
    if !inside {
        return Err(NewError::BadPath(path.to_string()));
    }
    let rel = rel.strip_prefix(CONTENT).unwrap_or(rel);
    if rel.as_os_str().is_empty() {
        return Err(NewError::BadPath(path.to_string()));
    }
    let mut rel = rel.to_path_buf();
    if rel.extension().is_none_or(|e| e != "md") {
        let name = format!(
            "{}.md",
            rel.file_name().unwrap_or_default().to_string_lossy()
        );
        rel.set_file_name(name);
    }
    Ok(config.content_dir().join(rel))
}

/// The folder of the notes, as a path given to `nota new` may start with it.
const CONTENT: &str = "content";

/// The text of a new note.
pub fn text(title: &str, kind: Kind, organisation: &str, date: jiff::civil::Date) -> String {
    let mut out = format!(
        "---\ntitle: {}\ndate: {date}\ntype: {}\norganisation: {}\ntopics: []\n{DRAFT_LINE}{REDACTION_HINT}---\n\n",
        yaml_string(title),
        kind.name(),
        yaml_string(organisation)
    );
    out.push_str(match kind {
        Kind::Beslisnota => skeleton::BESLISNOTA,
        Kind::Kamerbrief => skeleton::KAMERBRIEF,
        Kind::Beleidsreactie => skeleton::BELEIDSREACTIE,
    });
    out
}

/// A title from a file name: `2024/mijn-nota` → "Mijn nota".
pub fn title_from_path(path: &str) -> String {
    let stem = Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let words = stem.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Nieuwe nota".to_string(),
    }
}

/// A double-quoted YAML string; control characters (a tab or line break
/// pasted into a title) become spaces.
pub(crate) fn yaml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A new note is a draft: `nota build` leaves it out until someone removes
/// this line, so an unwritten skeleton never goes live by accident.
const DRAFT_LINE: &str =
    "draft: true  # remove this line (or write false) when the note may be published\n";

/// YAML comments in the front matter of every new note: how to withhold a
/// passage, here and in a Word document that is imported later.
const REDACTION_HINT: &str = "\
# Withhold a passage: {lak 5.1.2e}…{/lak} around it, with its Woo ground(s).
# In Word (for nota import): a comment whose whole text is the ground code, on exactly that text.
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_paths() {
        assert_eq!(title_from_path("2024/mijn-nieuwe_nota"), "Mijn nieuwe nota");
        assert_eq!(title_from_path("x.md"), "X");
    }

    #[test]
    fn quotes_titles_for_yaml() {
        assert_eq!(yaml_string("Nota: \"x\""), "\"Nota: \\\"x\\\"\"");
    }
}
