//! Writing: the only module that creates files.
//!
//! A build renders into a staging folder beside the output folder (same file
//! system), and only a complete, checked build is swapped in, with one atomic
//! `renameat2(RENAME_EXCHANGE)` where the system supports it. A failed or
//! killed build therefore never touches the published `public/`; leftovers of
//! a killed build are removed by the next one.

use crate::sync::MutexExt;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crate::diagnostic::Diagnostic;

/// Where rendered files go. `check` uses [`Discard`]; `build` uses [`Staging`];
/// `serve` uses [`Memory`].
pub trait Sink: Sync {
    /// Writes `bytes` to the site path `rel` (e.g. `2022/note/index.html`).
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()>;
    /// Copies the file `from` to the site path `rel`.
    fn copy(&self, from: &Path, rel: &Path) -> io::Result<()>;
    /// How many files were written or copied.
    fn count(&self) -> usize;
    /// Writes bytes that the caller also keeps (e.g. in the build cache);
    /// sinks that hold files in memory store them without copying.
    fn write_shared(&self, rel: &str, bytes: &Arc<[u8]>) -> io::Result<()> {
        self.write(rel, bytes)
    }
    /// Writes a set of files that the caller keeps and may hand on again,
    /// unchanged, in later builds (`nota serve`'s search index); sinks that
    /// hold files in memory keep the set as one.
    fn write_set(&self, set: &Arc<FileSet>) -> io::Result<()> {
        for (rel, bytes) in set.sorted() {
            self.write_shared(rel, bytes)
                .map_err(|e| io::Error::new(e.kind(), format!("{rel}: {e}")))?;
        }
        Ok(())
    }
}

/// Files by site path, handed on as one (see [`Sink::write_set`]). Made
/// once and never changed, so a later build may hand the very same set on
/// and a guard that found it clean need not read it again.
#[derive(Debug, Default)]
pub struct FileSet {
    files: HashMap<String, Arc<[u8]>>,
}

impl FileSet {
    /// A set of `files`; refuses a path that is not a plain site path.
    pub fn new(files: impl IntoIterator<Item = (String, Arc<[u8]>)>) -> io::Result<Self> {
        let mut set = HashMap::default();
        for (rel, bytes) in files {
            set.insert(checked_site_path(Path::new(&rel))?, bytes);
        }
        Ok(Self { files: set })
    }

    pub fn get(&self, rel: &str) -> Option<&Arc<[u8]>> {
        self.files.get(rel)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The files, by path.
    pub fn sorted(&self) -> Vec<(&str, &Arc<[u8]>)> {
        let mut files: Vec<(&str, &Arc<[u8]>)> =
            self.files.iter().map(|(k, v)| (k.as_str(), v)).collect();
        files.sort_unstable_by_key(|(k, _)| *k);
        files
    }
}

/// Writes one output file, turning a failure into a diagnostic.
pub(crate) fn write(sink: &dyn Sink, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    sink.write(path, bytes).map_err(|e| write_error(path, &e))
}

/// [`write`] for bytes the caller keeps too (see [`Sink::write_shared`]).
pub(crate) fn write_shared(
    sink: &dyn Sink,
    path: &str,
    bytes: &Arc<[u8]>,
) -> Result<(), Diagnostic> {
    sink.write_shared(path, bytes)
        .map_err(|e| write_error(path, &e))
}

pub(crate) fn write_error(path: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error("output/write", format!("cannot write {path}: {e}"))
        .help("check that the output folder is writable and the disk is not full")
}

/// Renders without writing: `nota check`.
#[derive(Debug, Default)]
pub struct Discard {
    count: AtomicUsize,
}

impl Sink for Discard {
    fn write(&self, _rel: &str, _bytes: &[u8]) -> io::Result<()> {
        self.count.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn copy(&self, from: &Path, _rel: &Path) -> io::Result<()> {
        fs::metadata(from)?;
        self.count.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn count(&self) -> usize {
        self.count.load(Ordering::Relaxed)
    }
}

/// A whole site held in memory: `nota serve` renders into it, so preview
/// output (with its live-reload script) can never land in `public/`.
///
/// A finished `Memory` becomes an immutable [`MemorySite`] that the server
/// swaps in as a whole, so a request sees either the old or the new site.
#[derive(Debug, Default)]
pub struct Memory {
    files: Mutex<HashMap<String, Arc<[u8]>>>,
    sets: Mutex<Vec<Arc<FileSet>>>,
}

/// The files of one finished in-memory build, by site path (`a/index.html`):
/// those written one by one, and the sets handed on whole (a file written
/// on its own goes before a set's file of the same path).
#[derive(Debug, Default)]
pub struct MemorySite {
    files: HashMap<String, Arc<[u8]>>,
    sets: Vec<Arc<FileSet>>,
}

impl MemorySite {
    pub fn get(&self, rel: &str) -> Option<&Arc<[u8]>> {
        self.files
            .get(rel)
            .or_else(|| self.sets.iter().find_map(|set| set.get(rel)))
    }

    pub fn contains_key(&self, rel: &str) -> bool {
        self.get(rel).is_some()
    }

    pub fn insert(&mut self, rel: String, bytes: Arc<[u8]>) {
        self.files.insert(rel, bytes);
    }
}

impl Memory {
    /// The files written, ready to be served.
    pub fn into_site(self) -> MemorySite {
        MemorySite {
            files: self.files.into_unlocked(),
            sets: self.sets.into_unlocked(),
        }
    }

    fn insert(&self, rel: &str, bytes: Arc<[u8]>) -> io::Result<()> {
        let key = checked_site_path(Path::new(rel))?;
        self.files.locked().insert(key, bytes);
        Ok(())
    }
}

impl Sink for Memory {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.insert(rel, Arc::from(bytes))
    }

    fn write_shared(&self, rel: &str, bytes: &Arc<[u8]>) -> io::Result<()> {
        self.insert(rel, Arc::clone(bytes))
    }

    fn copy(&self, from: &Path, rel: &Path) -> io::Result<()> {
        let bytes = fs::read(from)?;
        self.insert(&rel.to_string_lossy(), Arc::from(bytes))
    }

    fn write_set(&self, set: &Arc<FileSet>) -> io::Result<()> {
        self.sets.locked().push(Arc::clone(set));
        Ok(())
    }

    fn count(&self) -> usize {
        let sets = self.sets.locked();
        let files = self.files.locked();
        files.len() + sets.iter().map(|set| set.len()).sum::<usize>()
    }
}

/// `a/b.html` as a `/`-separated key; refuses anything but plain names.
fn checked_site_path(rel: &Path) -> io::Result<String> {
    let mut parts = Vec::new();
    for component in rel.components() {
        match component {
            std::path::Component::Normal(part) => parts.push(part.to_string_lossy()),
            _ => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("refusing a path outside the site: {}", rel.display()),
                ));
            }
        }
    }
    if parts.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "refusing an empty site path",
        ));
    }
    Ok(parts.join("/"))
}

/// A staging folder that becomes the output folder on [`Staging::publish`].
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    count: AtomicUsize,
    /// Folders made so far: a file in one of them needs no `mkdir`, which
    /// for a folder that exists fails and is followed by a `stat` (two
    /// calls for each of the search index's 1,100 files at 10,000 notes).
    made: Mutex<HashSet<PathBuf>>,
    published: bool,
}

impl Staging {
    /// Creates a fresh staging folder beside `target`, after removing
    /// leftovers of builds that were killed.
    pub fn create(target: &Path) -> io::Result<Self> {
        let parent = parent_of(target);
        fs::create_dir_all(&parent)?;
        remove_leftovers(target);
        let dir = sibling(target, &format!("staging-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir(&dir)?;
        Ok(Self {
            dir,
            target: target.to_path_buf(),
            count: AtomicUsize::new(0),
            made: Mutex::default(),
            published: false,
        })
    }

    fn path_of(&self, rel: &Path) -> io::Result<PathBuf> {
        let safe = rel
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !safe {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "refusing to write outside the output folder: {}",
                    rel.display()
                ),
            ));
        }
        Ok(self.dir.join(rel))
    }

    /// Makes the folder `path` goes in, unless this build made it already.
    fn make_parent(&self, path: &Path) -> io::Result<()> {
        let Some(parent) = path.parent() else {
            return Ok(());
        };
        if self.made.locked().contains(parent) {
            return Ok(());
        }
        fs::create_dir_all(parent)?;
        self.made.locked().insert(parent.to_path_buf());
        Ok(())
    }

    /// Swaps the staging folder in as the output folder.
    pub fn publish(mut self) -> io::Result<()> {
        let old = sibling(&self.target, &format!("old-{}", std::process::id()));
        if self.target.exists() {
            if exchange(&self.dir, &self.target).is_ok() {
                // `self.dir` now holds the previous site.
                fs::rename(&self.dir, &old)?;
            } else {
                fs::rename(&self.target, &old)?;
                fs::rename(&self.dir, &self.target)?;
            }
            self.published = true;
            remove_tree(&old)?;
        } else {
            fs::rename(&self.dir, &self.target)?;
            self.published = true;
        }
        Ok(())
    }
}

impl Sink for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.path_of(Path::new(rel))?;
        self.make_parent(&path)?;
        fs::write(&path, bytes)?;
        self.count.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn copy(&self, from: &Path, rel: &Path) -> io::Result<()> {
        let path = self.path_of(rel)?;
        self.make_parent(&path)?;
        fs::copy(from, &path)?;
        self.count.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn count(&self) -> usize {
        self.count.load(Ordering::Relaxed)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.published {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Removes a folder and everything in it, like [`fs::remove_dir_all`], but
/// with the folders of one level removed in parallel: a site has a folder
/// per note, and removing the previous 10,000-note site one entry at a time
/// took a quarter of a second at the end of every build. Symbolic links are
/// removed, never followed.
fn remove_tree(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<fs::DirEntry> = fs::read_dir(dir)?.collect::<io::Result<_>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            remove_tree(&entry.path())
        } else {
            fs::remove_file(entry.path())
        }
    })?;
    fs::remove_dir(dir)
}

fn parent_of(target: &Path) -> PathBuf {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `.public.<suffix>` beside `public`.
fn sibling(target: &Path, suffix: &str) -> PathBuf {
    let name = target
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    parent_of(target).join(format!(".{name}.{suffix}"))
}

/// Removes `.public.staging-*` and `.public.old-*` folders of earlier builds
/// whose process is gone.
fn remove_leftovers(target: &Path) {
    let name = target
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let Ok(entries) = fs::read_dir(parent_of(target)) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name.strip_prefix(&format!(".{name}.")) else {
            continue;
        };
        let pid = rest
            .strip_prefix("staging-")
            .or_else(|| rest.strip_prefix("old-"))
            .and_then(|p| p.parse::<u32>().ok());
        if let Some(pid) = pid
            && !process_alive(pid)
        {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

fn process_alive(pid: u32) -> bool {
    pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists()
}

/// Atomically exchanges two paths (Linux `renameat2` with `RENAME_EXCHANGE`).
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    rustix::fs::renameat_with(
        rustix::fs::CWD,
        a,
        rustix::fs::CWD,
        b,
        rustix::fs::RenameFlags::EXCHANGE,
    )
    .map_err(io::Error::from)
}

/// Creates a new file with `contents`, never overwriting: `nota new`.
pub fn create_new_file(path: &Path, contents: &str) -> io::Result<()> {
    create_new_bytes(path, contents.as_bytes())
}

/// Creates `path` (and its folders) with `contents`; fails with
/// `AlreadyExists` rather than overwrite anything.
pub fn create_new_bytes(path: &Path, contents: &[u8]) -> io::Result<()> {
    use std::io::Write as _;
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(contents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publish_replaces_the_old_site_and_leaves_no_staging() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("old.html"), "old").unwrap();
        let staging = Staging::create(&target).unwrap();
        staging.write("a/index.html", b"new").unwrap();
        staging.publish().unwrap();
        assert_eq!(
            fs::read_to_string(target.join("a/index.html")).unwrap(),
            "new"
        );
        assert!(!target.join("old.html").exists());
        let names: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn files_in_folders_made_before_and_in_new_folders_are_all_written() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        let staging = Staging::create(&target).unwrap();
        let source = tmp.path().join("source.txt");
        fs::write(&source, "copied").unwrap();
        staging.write("a/b/1.txt", b"1").unwrap();
        staging.write("a/b/2.txt", b"2").unwrap();
        staging.write("a/3.txt", b"3").unwrap();
        staging.copy(&source, Path::new("a/b/4.txt")).unwrap();
        staging.write("c/5.txt", b"5").unwrap();
        staging.publish().unwrap();
        let read = |rel: &str| fs::read_to_string(target.join(rel)).unwrap();
        assert_eq!(
            ["a/b/1.txt", "a/b/2.txt", "a/3.txt", "a/b/4.txt", "c/5.txt"].map(read),
            ["1", "2", "3", "copied", "5"]
        );
    }

    #[test]
    fn dropped_staging_leaves_the_old_site_untouched() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("old.html"), "old").unwrap();
        {
            let staging = Staging::create(&target).unwrap();
            staging.write("x.html", b"x").unwrap();
        }
        assert_eq!(fs::read_to_string(target.join("old.html")).unwrap(), "old");
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn memory_keeps_files_by_site_path_and_refuses_escapes() {
        let memory = Memory::default();
        memory.write("a/index.html", b"page").unwrap();
        let shared: Arc<[u8]> = Arc::from(&b"kept"[..]);
        memory.write_shared("b/index.html", &shared).unwrap();
        assert!(memory.write("../x.html", b"x").is_err());
        assert!(memory.write("/etc/x", b"x").is_err());
        let site = memory.into_site();
        assert_eq!(&**site.get("a/index.html").unwrap(), b"page");
        assert!(Arc::ptr_eq(site.get("b/index.html").unwrap(), &shared));
        assert!(!site.contains_key("x.html"));
    }

    #[test]
    fn a_set_is_kept_whole_and_a_file_written_on_its_own_goes_before_it() {
        let bytes = |text: &str| -> Arc<[u8]> { Arc::from(text.as_bytes()) };
        let set = Arc::new(
            FileSet::new([
                ("i/a.txt".to_string(), bytes("a")),
                ("i/b.txt".to_string(), bytes("b")),
            ])
            .unwrap(),
        );
        let memory = Memory::default();
        memory.write_set(&set).unwrap();
        memory.write("i/b.txt", b"b2").unwrap();
        assert_eq!(memory.count(), 3);
        let site = memory.into_site();
        assert!(Arc::ptr_eq(
            site.get("i/a.txt").unwrap(),
            set.get("i/a.txt").unwrap()
        ));
        assert_eq!(&**site.get("i/b.txt").unwrap(), b"b2");
        // Other sinks write a set file by file.
        let discard = Discard::default();
        discard.write_set(&set).unwrap();
        assert_eq!(discard.count(), 2);
        assert!(FileSet::new([("../x".to_string(), bytes("x"))]).is_err());
    }

    #[test]
    fn remove_tree_removes_nested_folders_and_links_without_following_them() {
        let tmp = tempfile::tempdir().unwrap();
        let keep = tmp.path().join("keep");
        fs::create_dir(&keep).unwrap();
        fs::write(keep.join("k.txt"), "k").unwrap();
        let tree = tmp.path().join("tree");
        for i in 0..50 {
            let dir = tree.join(format!("n{i}/sub"));
            fs::create_dir_all(&dir).unwrap();
            fs::write(dir.join("index.html"), "x").unwrap();
        }
        std::os::unix::fs::symlink(&keep, tree.join("link")).unwrap();
        remove_tree(&tree).unwrap();
        assert!(!tree.exists());
        assert_eq!(fs::read_to_string(keep.join("k.txt")).unwrap(), "k");
    }

    #[test]
    fn refuses_paths_that_leave_the_output() {
        let tmp = tempfile::tempdir().unwrap();
        let staging = Staging::create(&tmp.path().join("public")).unwrap();
        assert!(staging.write("../evil.html", b"x").is_err());
    }
}
