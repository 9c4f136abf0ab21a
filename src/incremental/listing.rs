//! Loading `content/` again: by patching the previous build's listing for
//! the paths the watcher names, and by taking the text of a note whose file
//! has not changed instead of reading it.
//!
//! Both fall back to the plain `load` stage whenever in doubt: no hint, a
//! rescan request from the watcher, a watcher error, a path that cannot be
//! placed, a walk problem last time.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::config::CONFIG_FILE;
use crate::diagnostic::Diagnostic;
use crate::load::{self, Asset, Content, LoadError, Source};

/// Which files changed since the previous build, as the watcher saw them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Changes {
    /// Unknown: every file must be looked at (first build, lost events).
    #[default]
    Unknown,
    /// Exactly these absolute paths (files or folders) changed.
    Paths(Vec<PathBuf>),
}

/// The files of `content/` as the previous build found them, with each
/// note as it was read: enough to skip walking the folder, and reading or
/// even looking up unchanged notes, when the watcher says what changed.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    /// The canonical `content/` folder the paths were found under.
    content_dir: PathBuf,
    /// Whether the walk and every read went without problems: only then
    /// can the listing stand in for a walk (one with problems is always
    /// repeated in full).
    complete: bool,
    /// Notes read without problems, sorted by path, with their stamps.
    notes: Vec<(Source, Option<Stamp>)>,
    assets: Vec<Asset>,
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

impl Listing {
    /// The listing of a build's content (`stamps[i]` is that of
    /// `content.sources[i]`).
    pub fn of(content_dir: &Path, content: &Content, stamps: &[Option<Stamp>]) -> Option<Self> {
        Some(Self {
            content_dir: std::fs::canonicalize(content_dir).ok()?,
            complete: content.diagnostics.is_empty(),
            notes: content
                .sources
                .iter()
                .cloned()
                .zip(stamps.iter().copied())
                .collect(),
            assets: content.assets.clone(),
        })
    }

    /// The text of the note at `path` (relative to the site root) as it
    /// was read, if `now` shows that the file has not changed since.
    pub fn known_text(&self, path: &Path, now: &Stamp) -> Option<Arc<String>> {
        let at = self
            .notes
            .binary_search_by(|(source, _)| source.path.as_path().cmp(path))
            .ok()?;
        let (source, before) = &self.notes[at];
        before
            .as_ref()?
            .unchanged(now)
            .then(|| Arc::clone(&source.text))
    }
}

/// Loads `content/`: by patching `previous` for the changed paths when that
/// is safe, otherwise with a full walk, taking the text of unchanged notes
/// from `previous`. Returns the stamp of every note read.
pub fn load(
    root: &Path,
    content_dir: &Path,
    changes: &Changes,
    previous: Option<&Listing>,
) -> Result<(Content, Vec<Option<Stamp>>), LoadError> {
    if let (Changes::Paths(paths), Some(listing)) = (changes, previous)
        && listing.complete
        && let Some(loaded) = load_changed(root, content_dir, paths, listing)
    {
        return Ok(loaded);
    }
    let walked = load::walk_content(root, content_dir)?;
    Ok(load::read(walked, |rel| {
        read_stamped(root, content_dir, rel, previous)
    }))
}

/// Stamps the note at `rel`, then takes its text from `previous` when the
/// stamp says it is unchanged, or reads it.
fn read_stamped(
    root: &Path,
    content_dir: &Path,
    rel: PathBuf,
    previous: Option<&Listing>,
) -> (Result<Source, Diagnostic>, Option<Stamp>) {
    let read_at = SystemTime::now();
    let path = content_dir.join(&rel);
    let Ok(meta) = std::fs::metadata(&path) else {
        return (load::read_note(root, content_dir, rel), None);
    };
    let stamp = Stamp::of(&meta, read_at);
    let shown = load::relative_to_root(root, &path);
    if let Some(text) = previous.and_then(|listing| listing.known_text(&shown, &stamp)) {
        return (
            Ok(Source {
                path: shown,
                rel,
                text,
            }),
            Some(stamp),
        );
    }
    (load::read_note(root, content_dir, rel), Some(stamp))
}

/// The previous listing with `changed` looked at again; `None` when that is
/// not possible (the content folder moved, a changed path cannot be walked).
fn load_changed(
    root: &Path,
    content_dir: &Path,
    changed: &[PathBuf],
    listing: &Listing,
) -> Option<(Content, Vec<Option<Stamp>>)> {
    let canonical = std::fs::canonicalize(content_dir).ok()?;
    if canonical != listing.content_dir {
        return None;
    }
    let canonical_root = std::fs::canonicalize(root).ok()?;
    let mut changed_rel: Vec<PathBuf> = Vec::new();
    for path in changed {
        if let Ok(rel) = path.strip_prefix(&canonical) {
            changed_rel.push(rel.to_path_buf());
        } else if !(path.starts_with(canonical_root.join("themes"))
            || path == &canonical_root.join(CONFIG_FILE))
        {
            // A path the watcher reported in a form we cannot place: look
            // at everything rather than guess.
            return None;
        }
    }
    if changed_rel.iter().any(|rel| rel.as_os_str().is_empty()) {
        // The watcher asked for a rescan of the whole folder.
        return None;
    }
    let touched = |rel: &Path| changed_rel.iter().any(|c| rel.starts_with(c));
    // Notes under changed paths are found and read again; every other note
    // keeps the text (and stamp) of the previous build, without a `stat`.
    let mut fresh = load::Walked {
        assets: listing
            .assets
            .iter()
            .filter(|a| !touched(&a.rel))
            .cloned()
            .collect(),
        ..load::Walked::default()
    };
    for rel in &changed_rel {
        if rel.components().any(|c| load::is_ignored(c.as_os_str())) {
            continue;
        }
        let found = load::walk(root, content_dir, &content_dir.join(rel));
        if !found.diagnostics.is_empty() {
            return None;
        }
        fresh.notes.extend(found.notes);
        fresh.assets.extend(found.assets);
    }
    fresh.notes.sort();
    fresh.notes.dedup();
    fresh.assets.sort_by(|a, b| a.rel.cmp(&b.rel));
    fresh.assets.dedup();
    let (mut content, mut stamps) =
        load::read(fresh, |rel| read_stamped(root, content_dir, rel, None));
    let kept = listing
        .notes
        .iter()
        .filter(|(source, _)| !touched(&source.rel));
    merge_by_rel(&mut content, &mut stamps, kept);
    Some((content, stamps))
}

/// Merges the kept notes (sorted) into the freshly read ones (sorted; no
/// path in both), keeping `content` sorted by path.
fn merge_by_rel<'a>(
    content: &mut Content,
    stamps: &mut Vec<Option<Stamp>>,
    kept: impl Iterator<Item = &'a (Source, Option<Stamp>)>,
) {
    let fresh: Vec<(Source, Option<Stamp>)> = std::mem::take(&mut content.sources)
        .into_iter()
        .zip(std::mem::take(stamps))
        .collect();
    let mut fresh = fresh.into_iter().peekable();
    let mut kept = kept.peekable();
    loop {
        let take_fresh = match (fresh.peek(), kept.peek()) {
            (Some((new, _)), Some((old, _))) => new.rel < old.rel,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        let next = if take_fresh {
            fresh.next()
        } else {
            kept.next().cloned()
        };
        let Some((source, stamp)) = next else { break };
        content.sources.push(source);
        stamps.push(stamp);
    }
}

#[cfg(test)]
mod tests {
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
