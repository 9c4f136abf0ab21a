//! The leak guard's verdicts kept from build to build: a file handed on as
//! the very allocation an earlier guard found clean, while the withheld
//! passages are the same, is not read again.

use crate::sync::MutexExt;
use rustc_hash::FxHashMap as HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use crate::disclosure::leak_guard::Verdicts;
use crate::output::FileSet;

/// The files a guard found clean, kept (shared, so they cannot change) with
/// the key of the passages it looked for.
#[derive(Default)]
pub struct Admitted {
    passages_key: Option<blake3::Hash>,
    files: HashMap<String, Arc<[u8]>>,
    /// Sets of files found clean as a whole (`Sink::write_set`).
    sets: Vec<Arc<FileSet>>,
}

/// The previous build's verdicts, and this build's when it keeps them.
pub struct Remembered {
    previous: Admitted,
    next: Option<Gathering>,
}

/// This build's clean files and sets, and the key of the passages they are
/// clean of.
#[derive(Default)]
struct Gathering {
    files: Mutex<HashMap<String, Arc<[u8]>>>,
    sets: Mutex<Vec<Arc<FileSet>>>,
    passages_key: OnceLock<blake3::Hash>,
}

impl Remembered {
    /// Verdicts from `previous`, keeping this build's only when `retain`.
    pub fn new(previous: Admitted, retain: bool) -> Self {
        Self {
            previous,
            next: retain.then(Default::default),
        }
    }

    /// This build's verdicts, for the next build.
    pub fn finish(self) -> Admitted {
        super::cache::free_in_background(self.previous);
        match self.next {
            Some(gathering) => Admitted {
                passages_key: gathering.passages_key.into_inner(),
                files: gathering.files.into_unlocked(),
                sets: gathering.sets.into_unlocked(),
            },
            None => Admitted::default(),
        }
    }

    fn same_passages(&self, passages: &blake3::Hash) -> bool {
        self.previous.passages_key.as_ref() == Some(passages)
    }

    /// This build's verdicts when they are kept, of the passages that hash
    /// to `passages`: one guard, one set of passages, so the first verdict
    /// sets the key.
    fn gathering(&self, passages: &blake3::Hash) -> Option<&Gathering> {
        let next = self.next.as_ref()?;
        let _ = next.passages_key.set(*passages);
        Some(next)
    }
}

impl Verdicts for Remembered {
    fn clean_before(&self, rel: &str, bytes: &Arc<[u8]>, passages: &blake3::Hash) -> bool {
        self.same_passages(passages)
            && self
                .previous
                .files
                .get(rel)
                .is_some_and(|before| Arc::ptr_eq(before, bytes))
    }

    fn clean(&self, rel: &str, bytes: &Arc<[u8]>, passages: &blake3::Hash) {
        let Some(next) = self.gathering(passages) else {
            return;
        };
        next.files
            .locked()
            .insert(rel.to_string(), Arc::clone(bytes));
    }

    fn set_clean_before(&self, set: &Arc<FileSet>, passages: &blake3::Hash) -> bool {
        self.same_passages(passages)
            && self
                .previous
                .sets
                .iter()
                .any(|before| Arc::ptr_eq(before, set))
    }

    fn set_clean(&self, set: &Arc<FileSet>, passages: &blake3::Hash) {
        let Some(next) = self.gathering(passages) else {
            return;
        };
        next.sets.locked().push(Arc::clone(set));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Location;
    use crate::disclosure::Withheld;
    use crate::disclosure::leak_guard::LeakGuard;
    use crate::output::{Discard, Sink};

    fn withheld(text: &str) -> Withheld {
        Withheld {
            text: text.to_string(),
            location: Location::file("content/a.md"),
            end: (1, 1),
        }
    }

    #[test]
    fn unchanged_files_are_admitted_again_only_under_the_same_passages() {
        let clean: Arc<[u8]> = Arc::from(&b"<p>Jan Jansen kwam langs.</p>"[..]);
        // A first build withholds nothing: the file is clean.
        let sink = Discard::default();
        let first = Remembered::new(Admitted::default(), true);
        let guard = LeakGuard::with_verdicts(&sink, vec![withheld("Piet Paulusma")], &first);
        guard.write_shared("a.html", &clean).unwrap();
        assert_eq!(sink.count(), 1);
        drop(guard);
        let admitted = first.finish();
        assert_eq!(admitted.files.len(), 1);

        // Same passages, same allocation: admitted without reading.
        let sink = Discard::default();
        let same = Remembered::new(admitted, true);
        let guard = LeakGuard::with_verdicts(&sink, vec![withheld("Piet Paulusma")], &same);
        guard.write_shared("a.html", &clean).unwrap();
        assert_eq!(sink.count(), 1);
        drop(guard);
        let admitted = same.finish();

        // Now the name is withheld: the very same bytes are read again and refused.
        let sink = Discard::default();
        let changed = Remembered::new(admitted, true);
        let guard = LeakGuard::with_verdicts(&sink, vec![withheld("Jan Jansen")], &changed);
        guard.write_shared("a.html", &clean).unwrap();
        assert_eq!(sink.count(), 0, "refused although admitted before");
        drop(guard);
        assert!(
            changed.finish().files.is_empty(),
            "a refused file is not kept"
        );

        // Equal bytes in another allocation are always read.
        let sink = Discard::default();
        let other = Remembered::new(Admitted::default(), true);
        let guard = LeakGuard::with_verdicts(&sink, vec![withheld("Jan Jansen")], &other);
        guard
            .write_shared("a.html", &Arc::from(&b"<p>anders</p>"[..]))
            .unwrap();
        drop(guard);
        let sink = Discard::default();
        let again = Remembered::new(other.finish(), true);
        let guard = LeakGuard::with_verdicts(&sink, vec![withheld("Jan Jansen")], &again);
        guard.write_shared("a.html", &clean).unwrap();
        assert_eq!(sink.count(), 0);
    }

    #[test]
    fn a_set_is_read_whole_until_the_same_set_was_found_clean_under_the_same_passages() {
        let file = |text: &str| -> Arc<[u8]> { Arc::from(text.as_bytes()) };
        let set = |texts: &[&str]| {
            let files = texts
                .iter()
                .enumerate()
                .map(|(i, t)| (format!("i/{i}.txt"), file(t)));
            Arc::new(FileSet::new(files).unwrap())
        };
        let guarded = |admitted: Admitted, passage: &str, set: &Arc<FileSet>| {
            let sink = crate::output::Memory::default();
            let verdicts = Remembered::new(admitted, true);
            let guard = LeakGuard::with_verdicts(&sink, vec![withheld(passage)], &verdicts);
            guard.write_set(set).unwrap();
            drop(guard);
            (sink.into_site(), verdicts.finish())
        };
        // A set with a withheld name: only the clean files are written.
        let leaking = set(&["Jan Jansen kwam", "iets anders"]);
        let (site, admitted) = guarded(Admitted::default(), "Jan Jansen", &leaking);
        assert!(site.get("i/0.txt").is_none());
        assert!(site.get("i/1.txt").is_some());
        assert!(
            admitted.sets.is_empty(),
            "a set with a refused file is not kept"
        );
        // A clean set is kept whole, and trusted the next time as the same set.
        let clean = set(&["Piet kwam", "iets anders"]);
        let (_, admitted) = guarded(admitted, "Jan Jansen", &clean);
        assert_eq!(admitted.sets.len(), 1);
        let (site, admitted) = guarded(admitted, "Jan Jansen", &clean);
        assert!(site.get("i/0.txt").is_some());
        assert_eq!(admitted.sets.len(), 1);
        // Other passages: the same set is read again.
        let (site, admitted) = guarded(admitted, "Piet kwam", &clean);
        assert!(site.get("i/0.txt").is_none());
        // An equal set in another allocation is read too.
        let (_, admitted) = guarded(admitted, "Jan Jansen", &clean);
        let (site, _) = guarded(admitted, "Piet kwam", &set(&["Piet kwam", "x"]));
        assert!(site.get("i/0.txt").is_none());
    }
}
