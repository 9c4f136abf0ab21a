//! Debounced change notices for `nota serve`.
//!
//! Editors save in many ways: write in place, write a temporary file and
//! rename it over the note, delete and re-create, or touch several files in
//! a burst. Each of these must cause exactly one rebuild, so events are
//! gathered until the site's files have been quiet for [`DEBOUNCE`], and the
//! whole burst becomes one notice.
//!
//! The gathering thread blocks on notify's channel and wakes only for
//! events: an idle preview server uses no CPU. (notify's own debouncers run
//! a timer thread that ticks several hundred times a second whether or not
//! anything happens, which keeps a laptop awake.)
//!
//! Only creating, changing and removing files counts. Reads are reported by
//! notify too (a build reads every note and template), and counting them
//! would make every build trigger the next one.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{MetadataKind, ModifyKind};
use notify::{Event, EventKind, RecursiveMode, Watcher as _};

use crate::config::CONFIG_FILE;

/// How long the site's files must be quiet before a burst of changes is
/// reported. The steps of one editor save (write a temporary file and rename
/// it, delete and re-create, write a backup) follow each other within a
/// millisecond or two, but a busy machine can hold the editor up for longer
/// between them; every millisecond here is added to each save's latency.
/// 20 ms is what notify's debouncer with a 5 ms settle gave before (15 ms
/// plus up to a 3.75 ms tick plus 5 ms): as robust on a loaded machine, and
/// no slower.
pub const DEBOUNCE: Duration = Duration::from_millis(20);

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

/// Keeps the watch running; dropping it stops watching (and ends the
/// gathering thread).
pub struct Watcher {
    _watcher: notify::RecommendedWatcher,
}

/// Watches `content/`, `themes/` and `nota.toml` under `root` and calls
/// `on_notice` (from a watcher thread) once per burst of changes.
pub fn watch(
    root: &Path,
    on_notice: impl FnMut(Notice) + Send + 'static,
) -> Result<Watcher, WatchError> {
    let failed = |source| WatchError {
        path: root.display().to_string(),
        source,
    };
    let (events, incoming) = mpsc::channel::<notify::Result<Event>>();
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = events.send(event);
    })
    .map_err(failed)?;
    let targets = [
        (root.to_path_buf(), RecursiveMode::NonRecursive),
        (root.join("content"), RecursiveMode::Recursive),
        (root.join("themes"), RecursiveMode::Recursive),
    ];
    for (path, mode) in targets {
        if path.is_dir() {
            watcher.watch(&path, mode).map_err(|source| WatchError {
                path: path.display().to_string(),
                source,
            })?;
        }
    }
    let filter = Filter::new(root);
    std::thread::Builder::new()
        .name("nota-watch".into())
        .spawn(move || gather(&incoming, &filter, on_notice))
        .map_err(|e| failed(notify::Error::io(e)))?;
    Ok(Watcher { _watcher: watcher })
}

/// Waits for a relevant change, then gathers every change that follows
/// within [`DEBOUNCE`] of the previous one into one notice. Blocks (without
/// a timer) while nothing happens; returns when the watcher is dropped.
/// Events that do not count (the reads of a running build) never move the
/// deadline.
fn gather(
    incoming: &mpsc::Receiver<notify::Result<Event>>,
    filter: &Filter,
    mut on_notice: impl FnMut(Notice),
) {
    let mut paths = Vec::new();
    let mut deadline = Instant::now();
    loop {
        let next = if paths.is_empty() {
            incoming.recv().map_err(|_| RecvTimeoutError::Disconnected)
        } else {
            incoming.recv_timeout(deadline.saturating_duration_since(Instant::now()))
        };
        match next {
            Ok(Ok(event)) => {
                let changed = filter.relevant_paths(&event);
                if !changed.is_empty() {
                    paths.extend(changed);
                    deadline = Instant::now() + DEBOUNCE;
                }
            }
            Ok(Err(error)) => on_notice(Notice::Failed(error.to_string())),
            Err(RecvTimeoutError::Timeout) => {
                on_notice(Notice::Changed(dedup(std::mem::take(&mut paths))));
            }
            Err(RecvTimeoutError::Disconnected) => {
                if !paths.is_empty() {
                    on_notice(Notice::Changed(dedup(paths)));
                }
                return;
            }
        }
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

    /// The site files an event changed; the content folder as a whole when
    /// events were lost and everything must be looked at again.
    fn relevant_paths(&self, event: &Event) -> Vec<PathBuf> {
        if event.need_rescan() {
            return vec![self.content.clone()];
        }
        if !is_change(event.kind) {
            return Vec::new();
        }
        event
            .paths
            .iter()
            .filter(|p| self.is_site_file(p))
            .cloned()
            .collect()
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
