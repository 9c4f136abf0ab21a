//! Finding and reading the files under `content/`.
//!
//! Reading is separate from parsing so that every file problem (unreadable,
//! not UTF-8, a symlink loop) becomes a finding and the walk carries on: one
//! run reports every bad file. The order is sorted by path so that everything
//! downstream is deterministic.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, Location};

/// One Markdown note as read from disk.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path relative to the site root (`content/2022/note.md`), used in messages.
    pub path: PathBuf,
    /// Path relative to `content/` (`2022/note.md`), used for URLs.
    pub rel: PathBuf,
    /// The full text, as read (BOM and CRLF untouched; the parser handles them).
    pub text: String,
}

/// A file under `content/` that is not a note: copied to the output as is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Path on disk.
    pub source: PathBuf,
    /// Path relative to `content/`, which is also its path in the output.
    pub rel: PathBuf,
}

/// Everything found under `content/`.
#[derive(Debug, Default)]
pub struct Content {
    pub sources: Vec<Source>,
    pub assets: Vec<Asset>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Why there is nothing to load at all.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("no content/ folder in {0}: create it and put your notes (*.md) in it")]
    NoContentDir(String),
}

/// Walks `content_dir` and reads every note in parallel.
pub fn load(root: &Path, content_dir: &Path) -> Result<Content, LoadError> {
    if !content_dir.is_dir() {
        return Err(LoadError::NoContentDir(root.display().to_string()));
    }
    let mut content = Content::default();
    let mut note_paths = Vec::new();
    let walker = WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name()));
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let rel = entry
                    .path()
                    .strip_prefix(content_dir)
                    .unwrap_or(entry.path())
                    .to_path_buf();
                if is_note(&rel) {
                    note_paths.push((entry.into_path(), rel));
                } else {
                    content.assets.push(Asset {
                        source: entry.into_path(),
                        rel,
                    });
                }
            }
            Ok(_) => {}
            Err(error) => content.diagnostics.push(walk_diagnostic(root, &error)),
        }
    }
    let read: Vec<Result<Source, Diagnostic>> = note_paths
        .into_par_iter()
        .map(|(path, rel)| read_source(root, &path, rel))
        .collect();
    for result in read {
        match result {
            Ok(source) => content.sources.push(source),
            Err(diagnostic) => content.diagnostics.push(diagnostic),
        }
    }
    Ok(content)
}

/// Hidden files and editors' backup and swap files never become part of a site.
pub fn is_ignored(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.starts_with('#')
}

fn is_note(rel: &Path) -> bool {
    rel.extension().is_some_and(|e| e == "md")
}

fn relative_to_root(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn read_source(root: &Path, path: &Path, rel: PathBuf) -> Result<Source, Diagnostic> {
    let shown = relative_to_root(root, path);
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error("load/unreadable", format!("cannot read this note: {e}"))
            .at(Location::file(&shown))
            .help("check the file's permissions (it must be readable by the user running nota)")
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let valid = String::from_utf8_lossy(&e.as_bytes()[..offset]).into_owned();
        let (line, column) = crate::diagnostic::line_column(&valid, offset);
        Diagnostic::error(
            "load/not-utf8",
            format!("this note is not valid UTF-8 (invalid byte at offset {offset})"),
        )
        .at(Location::in_text(&shown, &valid, line, column))
        .help("save the file as UTF-8 (in Word: Save as > Plain text > Unicode (UTF-8))")
    })?;
    Ok(Source {
        path: shown,
        rel,
        text,
    })
}

fn walk_diagnostic(root: &Path, error: &walkdir::Error) -> Diagnostic {
    let path = error
        .path()
        .map_or_else(|| PathBuf::from("content"), |p| relative_to_root(root, p));
    if let Some(ancestor) = error.loop_ancestor() {
        return Diagnostic::error(
            "load/symlink-loop",
            format!(
                "symbolic link loop: this folder links back to {}",
                crate::diagnostic::display_path(&relative_to_root(root, ancestor))
            ),
        )
        .at(Location::file(path))
        .help("remove the symbolic link or point it outside its own parent folders");
    }
    let message = error
        .io_error()
        .map_or_else(|| error.to_string(), ToString::to_string);
    Diagnostic::error(
        "load/unreadable",
        format!("cannot read this path: {message}"),
    )
    .at(Location::file(path))
    .help("check the permissions of the file or folder")
}
