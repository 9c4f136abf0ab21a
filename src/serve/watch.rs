//! Debounced change notices for `nota serve`.
//!
//! Editors save in many ways: write in place, write a temporary file and
//! rename it over the note, delete and re-create, or touch several files in
//! a burst. Each of these must cause exactly one rebuild. notify's full
//! debouncer merges the events of one path (and stitches renames) but
//! releases each path on its own clock, so a burst over several files can
//! arrive as several batches; this module therefore also merges batches that
//! follow each other within [`SETTLE`] into one notice.
//!
//! Only creating, changing and removing files counts. Reads are reported by
//! notify too (a build reads every note and template), and counting them
//! would make every build trigger the next one.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use notify::event::{MetadataKind, ModifyKind};
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, DebouncedEvent, new_debouncer};

use crate::config::CONFIG_FILE;

/// How long a path must be quiet before notify's debouncer reports it. The
/// steps of one editor save (write a temporary file and rename it, delete
/// and re-create, write a backup) follow each other within a millisecond or
/// two, but a busy machine can hold the editor up for longer between them;
/// every millisecond here is added to each save's latency.
pub const DEBOUNCE: Duration = Duration::from_millis(15);
/// How long after one batch a following batch still joins the same notice:
/// longer than the debouncer's tick (a quarter of [`DEBOUNCE`], 3.75 ms),
/// which is the most that separates the batches of one burst. Every
/// millisecond here is added to each save's latency too.
pub const SETTLE: Duration = Duration::from_millis(5);

/// What the watcher tells its owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// Files changed; the paths are those notify reported (deduplicated).
    Changed(Vec<PathBuf>),
    /// The watcher itself had a problem (e.g. the inotify watch limit).
    Failed(String),
}

/// Why watching could not start.
#[derive(Debug, thiserror::Error)]
#[error("cannot watch {path} for changes: {source}")]
pub struct WatchError {
    path: String,
    source: notify::Error,
}

/// Keeps the watch running; dropping it stops watching.
pub struct Watcher {
    _debouncer: notify_debouncer_full::Debouncer<
        notify::RecommendedWatcher,
        notify_debouncer_full::RecommendedCache,
    >,
}

/// Watches `content/`, `themes/` and `nota.toml` under `root` and calls
/// `on_notice` (from a watcher thread) once per settled burst of changes.
pub fn watch(
    root: &Path,
    on_notice: impl FnMut(Notice) + Send + 'static,
) -> Result<Watcher, WatchError> {
    let (batches, settled) = mpsc::channel::<Notice>();
    let filter = Filter::new(root);
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
        let notice = match result {
            Ok(events) => {
                let paths = filter.relevant_paths(&events);
                if paths.is_empty() {
                    return;
                }
                Notice::Changed(paths)
            }
            Err(errors) => Notice::Failed(
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        };
        let _ = batches.send(notice);
    })
    .map_err(|source| WatchError {
        path: root.display().to_string(),
        source,
    })?;
    let targets = [
        (root.to_path_buf(), RecursiveMode::NonRecursive),
        (root.join("content"), RecursiveMode::Recursive),
        (root.join("themes"), RecursiveMode::Recursive),
    ];
    for (path, mode) in targets {
        if path.is_dir() {
            debouncer.watch(&path, mode).map_err(|source| WatchError {
                path: path.display().to_string(),
                source,
            })?;
        }
    }
    std::thread::Builder::new()
        .name("nota-watch".into())
        .spawn(move || settle(&settled, on_notice))
        .map_err(|e| WatchError {
            path: root.display().to_string(),
            source: notify::Error::io(e),
        })?;
    Ok(Watcher {
        _debouncer: debouncer,
    })
}

/// Merges batches that follow each other closely into one notice.
fn settle(batches: &mpsc::Receiver<Notice>, mut on_notice: impl FnMut(Notice)) {
    while let Ok(first) = batches.recv() {
        let mut paths = match first {
            Notice::Changed(paths) => paths,
            failed @ Notice::Failed(_) => {
                on_notice(failed);
                continue;
            }
        };
        loop {
            match batches.recv_timeout(SETTLE) {
                Ok(Notice::Changed(more)) => paths.extend(more),
                Ok(failed @ Notice::Failed(_)) => on_notice(failed),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => {
                    on_notice(Notice::Changed(dedup(paths)));
                    return;
                }
            }
        }
        on_notice(Notice::Changed(dedup(paths)));
    }
}

fn dedup(mut paths: Vec<PathBuf>) -> Vec<PathBuf> {
    paths.sort();
    paths.dedup();
    paths
}

/// Which events and paths matter for the site.
struct Filter {
    content: PathBuf,
    themes: PathBuf,
    config: PathBuf,
}

impl Filter {
    fn new(root: &Path) -> Self {
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        Self {
            content: root.join("content"),
            themes: root.join("themes"),
            config: root.join(CONFIG_FILE),
        }
    }

    fn relevant_paths(&self, events: &[DebouncedEvent]) -> Vec<PathBuf> {
        let mut paths = Vec::new();
        for event in events {
            if event.need_rescan() {
                paths.push(self.content.clone());
                continue;
            }
            if !is_change(event.kind) {
                continue;
            }
            paths.extend(event.paths.iter().filter(|p| self.is_site_file(p)).cloned());
        }
        dedup(paths)
    }

    fn is_site_file(&self, path: &Path) -> bool {
        let path = canonical_parent(path);
        if path == self.config {
            return true;
        }
        if path.starts_with(&self.themes) {
            return true;
        }
        match path.strip_prefix(&self.content) {
            Ok(rel) => !rel.components().any(|c| match c {
                Component::Normal(name) => crate::load::is_ignored(name),
                _ => false,
            }),
            Err(_) => false,
        }
    }
}

/// Only creating, changing and removing count; reads, opens and access-time
/// updates never do.
fn is_change(kind: EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    }
}

/// The path with its parent folder resolved (the file itself may be gone).
fn canonical_parent(path: &Path) -> PathBuf {
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => {
            std::fs::canonicalize(parent).map_or_else(|_| path.to_path_buf(), |p| p.join(name))
        }
        _ => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, AccessMode, CreateKind, DataChange, RemoveKind};

    #[test]
    fn reads_never_count_as_changes() {
        assert!(!is_change(EventKind::Access(AccessKind::Read)));
        assert!(!is_change(EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(!is_change(EventKind::Modify(ModifyKind::Metadata(
            MetadataKind::AccessTime
        ))));
        assert!(is_change(EventKind::Create(CreateKind::File)));
        assert!(is_change(EventKind::Modify(ModifyKind::Data(
            DataChange::Content
        ))));
        assert!(is_change(EventKind::Remove(RemoveKind::File)));
    }

    #[test]
    fn only_site_files_count() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("content/2024")).unwrap();
        let filter = Filter::new(tmp.path());
        let root = std::fs::canonicalize(tmp.path()).unwrap();
        assert!(filter.is_site_file(&root.join("content/2024/a.md")));
        assert!(filter.is_site_file(&root.join("nota.toml")));
        assert!(filter.is_site_file(&root.join("themes/default/templates/page.html")));
        assert!(!filter.is_site_file(&root.join("content/2024/.a.md.swp")));
        assert!(!filter.is_site_file(&root.join("content/2024/a.md~")));
        assert!(!filter.is_site_file(&root.join("public/index.html")));
        assert!(!filter.is_site_file(&root.join("README.md")));
    }
}
