//! Finding and reading the files under `content/`.
//!
//! Reading is separate from parsing so that every file problem (unreadable,
//! not UTF-8, a symlink loop) becomes a finding and the walk carries on: one
//! run reports every bad file. The order is sorted by path so that everything
//! downstream is deterministic.

use std::path::{Path, PathBuf};
use std::sync::Arc;

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
    /// Shared, so that a later build can take an unchanged note's text
    /// without copying it.
    pub text: Arc<String>,
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
    /// Notes that could not be read (their problems are in `diagnostics`),
    /// by path relative to `content/`: they exist, even without a page.
    pub unreadable: Vec<PathBuf>,
}

/// Why there is nothing to load at all.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("there is no content folder {0}: create it and put your notes (*.md) in it")]
    NoContentDir(String),
}

/// Walks `content_dir` and reads every note in parallel.
pub fn load(root: &Path, content_dir: &Path) -> Result<Content, LoadError> {
    let walked = walk_content(root, content_dir)?;
    let (content, _) = read(walked, |rel| (read_note(root, content_dir, rel), ()));
    Ok(content)
}

/// Walks the whole of `content_dir`, which must exist.
pub fn walk_content(root: &Path, content_dir: &Path) -> Result<Walked, LoadError> {
    if !content_dir.is_dir() {
        return Err(LoadError::NoContentDir(content_dir.display().to_string()));
    }
    Ok(walk(root, content_dir, content_dir))
}

/// What a walk found: notes and assets (relative to `content/`) and problems.
#[derive(Debug, Default)]
pub struct Walked {
    pub notes: Vec<PathBuf>,
    pub assets: Vec<Asset>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Walks `start` (`content_dir` or a file or folder inside it), in sorted
/// order, skipping ignored names. A `start` that does not exist is empty.
pub fn walk(root: &Path, content_dir: &Path, start: &Path) -> Walked {
    let mut walked = Walked::default();
    if start != content_dir && std::fs::symlink_metadata(start).is_err() {
        return walked;
    }
    let walker = WalkDir::new(start)
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
                    walked.notes.push(rel);
                } else {
                    walked.assets.push(Asset {
                        source: entry.into_path(),
                        rel,
                    });
                }
            }
            Ok(_) => {}
            Err(error) => walked.diagnostics.push(walk_diagnostic(root, &error)),
        }
    }
    walked
}

/// Reads the walked notes in parallel with `read` (given each note's path
/// relative to `content/`), in the walk's order; the walk's problems come
/// first. Whatever `read` returns besides a note comes back in the same
/// order, one for every note read without problems.
pub fn read<T: Send>(
    walked: Walked,
    read: impl Fn(PathBuf) -> (Result<Source, Diagnostic>, T) + Sync + Send,
) -> (Content, Vec<T>) {
    let Walked {
        notes,
        assets,
        diagnostics,
    } = walked;
    let mut content = Content {
        assets,
        diagnostics,
        ..Content::default()
    };
    let read: Vec<_> = notes
        .into_par_iter()
        .map(|rel| (rel.clone(), read(rel)))
        .collect();
    let mut besides = Vec::with_capacity(read.len());
    for (rel, (result, extra)) in read {
        match result {
            Ok(source) => {
                content.sources.push(source);
                besides.push(extra);
            }
            Err(diagnostic) => {
                content.diagnostics.push(diagnostic);
                content.unreadable.push(rel);
            }
        }
    }
    (content, besides)
}

/// Hidden files and editors' backup and swap files never become part of a site.
pub fn is_ignored(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.starts_with('#')
}

fn is_note(rel: &Path) -> bool {
    rel.extension().is_some_and(|e| e == "md")
}

pub fn relative_to_root(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Reads the note at `rel` (relative to `content_dir`).
pub fn read_note(root: &Path, content_dir: &Path, rel: PathBuf) -> Result<Source, Diagnostic> {
    let path = content_dir.join(&rel);
    let path = path.as_path();
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
        text: Arc::new(text),
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
