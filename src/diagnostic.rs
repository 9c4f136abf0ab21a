//! Findings about a site, and the one place that renders them.
//!
//! Every stage reports problems as [`Diagnostic`] values instead of printing or
//! returning early, so that one build reports every bad file at once. A
//! diagnostic carries the source line it points at, so rendering never has to
//! read files again (and works the same for `build`, `check` and `serve`).

use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

/// How bad a finding is. Errors stop the build before anything is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// A position in a site file, with the text of that line for the caret display.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// Path relative to the site root, e.g. `content/2022/note.md`.
    pub path: PathBuf,
    /// 1-based line; 0 when the finding is about the file as a whole.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
    /// The full source line (without line break), when known.
    pub source_line: Option<String>,
    /// How many characters the caret underlines (at least 1).
    pub width: usize,
}

impl Location {
    /// The whole file, without a line.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            line: 0,
            column: 0,
            source_line: None,
            width: 1,
        }
    }

    /// A point in `text` (the file's full text) at 1-based `line` and `column`.
    pub fn in_text(path: impl Into<PathBuf>, text: &str, line: usize, column: usize) -> Self {
        let source_line = text
            .lines()
            .nth(line.saturating_sub(1))
            .map(|l| l.trim_end_matches('\r').to_string());
        Self {
            path: path.into(),
            line,
            column: column.max(1),
            source_line,
            width: 1,
        }
    }

    /// A point on a line whose text the caller already has.
    pub fn with_line(
        path: impl Into<PathBuf>,
        source_line: Option<&str>,
        line: usize,
        column: usize,
    ) -> Self {
        Self {
            path: path.into(),
            line,
            column: column.max(1),
            source_line: source_line.map(|l| l.trim_end_matches('\r').to_string()),
            width: 1,
        }
    }

    /// The position of byte `offset` in `text`.
    pub fn at_offset(path: impl Into<PathBuf>, text: &str, offset: usize) -> Self {
        let (line, column) = line_column(text, offset);
        Self::in_text(path, text, line, column)
    }

    /// Underline `width` characters instead of one.
    pub fn with_width(mut self, width: usize) -> Self {
        self.width = width.max(1);
        self
    }
}

/// 1-based line and character column of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", display_path(&self.path))?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        Ok(())
    }
}

/// Paths in messages always use `/`, whatever the platform.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// One finding: what is wrong, where, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable code such as `front-matter/unknown-key`; tests and docs rely on it.
    pub code: &'static str,
    /// Boxed: diagnostics travel in `Result::Err`, which should stay small.
    pub location: Option<Box<Location>>,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            code,
            location: None,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(code, message)
        }
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(Box::new(location));
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The rendered form used in the terminal and the serve overlay:
    ///
    /// ```text
    /// error[front-matter/unknown-key]: unknown key `topic`
    ///   --> content/a.md:4:1
    ///    |
    ///  4 | topic: [a]
    ///    | ^^^^^
    ///    = help: did you mean `topics`?
    /// ```
    pub fn render(&self) -> String {
        let mut out = String::new();
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(out, "{label}[{}]: {}", self.code, self.message);
        let gutter = self
            .location
            .as_ref()
            .map_or(1, |l| l.line.to_string().len());
        let pad = " ".repeat(gutter);
        if let Some(location) = &self.location {
            let _ = writeln!(out, "{pad}--> {location}");
            if let (Some(line), true) = (&location.source_line, location.line > 0) {
                let shown = line.replace('\t', " ");
                let caret_pad = " ".repeat(location.column.saturating_sub(1));
                let carets = "^".repeat(location.width);
                let _ = writeln!(out, "{pad} |");
                let _ = writeln!(out, "{} | {}", location.line, shown.trim_end());
                let _ = writeln!(out, "{pad} | {caret_pad}{carets}");
            }
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "{pad} = help: {help}");
        }
        out
    }
}

/// Whether any of `diagnostics` is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}

/// Sorts findings by file, position and code so output is deterministic
/// whatever order the parallel stages produced them in.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            d.location
                .as_ref()
                .map(|l| (l.path.clone(), l.line, l.column))
        };
        key(a)
            .cmp(&key(b))
            .then(b.severity.cmp(&a.severity))
            .then(a.code.cmp(b.code))
            .then(a.message.cmp(&b.message))
    });
}

/// Counts of a list of findings.
pub fn count(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    (diagnostics.len() - errors, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_source_line_and_caret() {
        let text = "---\ntitle: x\ntopic: [a]\n---\n";
        let d = Diagnostic::error("front-matter/unknown-key", "unknown key `topic`")
            .at(Location::in_text("content/a.md", text, 3, 1).with_width(5))
            .help("did you mean `topics`?");
        assert_eq!(
            d.render(),
            "error[front-matter/unknown-key]: unknown key `topic`\n \
             --> content/a.md:3:1\n  |\n3 | topic: [a]\n  | ^^^^^\n  = help: did you mean `topics`?\n"
        );
    }

    #[test]
    fn line_column_counts_characters() {
        assert_eq!(line_column("ab\ncé d", 7), (2, 4));
        assert_eq!(line_column("", 0), (1, 1));
    }
}
