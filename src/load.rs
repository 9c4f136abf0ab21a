//! Finding and reading the files under `content/`.
//!
//! Reading is separate from parsing so that every file problem (unreadable,
//! not UTF-8, a symlink loop) becomes a finding and the walk carries on: one
//! run reports every bad file. The order is sorted by path so that everything
//! downstream is deterministic.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

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
    /// Shared, so that `nota serve` hands an unchanged note's text from one
    /// build to the next without copying it.
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
    /// When and in which state each note was read (`stamps[i]` is that of
    /// `sources[i]`); lets the next build of a `serve` session skip reading
    /// unchanged files.
    pub stamps: Vec<Option<Stamp>>,
}

/// A note file's state when it was read: size, times and identity, plus
/// the moment of reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    changed: (i64, i64),
    inode: (u64, u64),
    read_at: SystemTime,
}

/// How long after its last change a file's time stamp is trusted: a file
/// changed twice within the file system's clock tick keeps its time, so a
/// recently changed file is always read again ("racily clean" otherwise).
const SETTLED: Duration = Duration::from_secs(1);

impl Stamp {
    fn of(meta: &std::fs::Metadata, read_at: SystemTime) -> Self {
        use std::os::unix::fs::MetadataExt as _;
        Self {
            len: meta.len(),
            modified: meta.modified().ok(),
            changed: (meta.ctime(), meta.ctime_nsec()),
            inode: (meta.dev(), meta.ino()),
            read_at,
        }
    }

    /// Whether a file now stamped `now` certainly still has the text read
    /// under `self`.
    pub fn unchanged(&self, now: &Stamp) -> bool {
        let same = self.len == now.len
            && self.modified == now.modified
            && self.changed == now.changed
            && self.inode == now.inode;
        let settled = self
            .modified
            .and_then(|m| m.checked_add(SETTLED))
            .is_some_and(|m| m < self.read_at);
        same && settled
    }
}

/// The text of a note from an earlier read, if its stamp says it is unchanged.
pub type Known<'a> = dyn Fn(&Path, &Stamp) -> Option<Arc<String>> + Sync + 'a;

/// Why there is nothing to load at all.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("there is no content folder {0}: create it and put your notes (*.md) in it")]
    NoContentDir(String),
}

/// Walks `content_dir` and reads every note in parallel.
pub fn load(root: &Path, content_dir: &Path) -> Result<Content, LoadError> {
    load_with(root, content_dir, &|_, _| None)
}

/// [`load`], taking the text of files that `known` still has (by their
/// root-relative path and stamp) instead of reading them.
pub fn load_with(root: &Path, content_dir: &Path, known: &Known<'_>) -> Result<Content, LoadError> {
    if !content_dir.is_dir() {
        return Err(LoadError::NoContentDir(content_dir.display().to_string()));
    }
    let walked = walk(root, content_dir, content_dir);
    let mut content = read_listed(walked.notes, walked.assets, &|rel| {
        read_or_reuse(root, &content_dir.join(&rel), rel, known)
    });
    content.diagnostics.splice(0..0, walked.diagnostics);
    Ok(content)
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

/// How one listed note is obtained: its path relative to `content/` in,
/// its source (or problem) and stamp out.
pub type ReadNote<'a> = dyn Fn(PathBuf) -> (Result<Source, Diagnostic>, Option<Stamp>) + Sync + 'a;

/// Reads the listed notes (relative to `content/`) in parallel with `read`.
pub fn read_listed(notes: Vec<PathBuf>, assets: Vec<Asset>, read: &ReadNote<'_>) -> Content {
    let mut content = Content {
        assets,
        ..Content::default()
    };
    let read: Vec<(Result<Source, Diagnostic>, Option<Stamp>)> =
        notes.into_par_iter().map(read).collect();
    for (result, stamp) in read {
        match result {
            Ok(source) => {
                content.sources.push(source);
                content.stamps.push(stamp);
            }
            Err(diagnostic) => content.diagnostics.push(diagnostic),
        }
    }
    content
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

/// Stamps the file, then takes its known text or reads it.
pub fn read_or_reuse(
    root: &Path,
    path: &Path,
    rel: PathBuf,
    known: &Known<'_>,
) -> (Result<Source, Diagnostic>, Option<Stamp>) {
    let read_at = SystemTime::now();
    let Ok(meta) = std::fs::metadata(path) else {
        return (read_source(root, path, rel), None);
    };
    let stamp = Stamp::of(&meta, read_at);
    let shown = relative_to_root(root, path);
    if let Some(text) = known(&shown, &stamp) {
        return (
            Ok(Source {
                path: shown,
                rel,
                text,
            }),
            Some(stamp),
        );
    }
    (read_source(root, path, rel), Some(stamp))
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

#[cfg(test)]
mod stamp_tests {
    use super::*;

    #[test]
    fn a_recently_changed_file_is_never_taken_as_unchanged() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a.md");
        std::fs::write(&path, "one").unwrap();
        let meta = std::fs::metadata(&path).unwrap();
        let now = SystemTime::now();
        let fresh = Stamp::of(&meta, now);
        assert!(
            !fresh.unchanged(&fresh),
            "read within a second of its change"
        );
        let settled = Stamp::of(&meta, now + Duration::from_secs(5));
        assert!(settled.unchanged(&Stamp::of(&meta, now + Duration::from_secs(6))));
        std::fs::write(&path, "two!").unwrap();
        let changed = Stamp::of(&std::fs::metadata(&path).unwrap(), now);
        assert!(!settled.unchanged(&changed));
    }
}
