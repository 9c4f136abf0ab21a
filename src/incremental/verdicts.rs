//! The leak guard's verdicts kept from build to build: a file handed on as
//! the very allocation an earlier guard found clean, while the withheld
//! passages are the same, is not read again.

use rustc_hash::FxHashMap as HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use crate::disclosure::leak_guard::Verdicts;

/// The files a guard found clean, kept (shared, so they cannot change) with
/// the key of the passages it looked for.
#[derive(Default)]
pub struct Admitted {
    passages_key: Option<blake3::Hash>,
    files: HashMap<String, Arc<[u8]>>,
}

/// The previous build's verdicts, and this build's when it keeps them.
pub struct Remembered {
    previous: Admitted,
    next: Option<Gathering>,
}

/// This build's clean files, and the key of the passages they are clean of.
type Gathering = (Mutex<HashMap<String, Arc<[u8]>>>, OnceLock<blake3::Hash>);

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
            Some((files, passages_key)) => Admitted {
                passages_key: passages_key.into_inner(),
                files: files.into_inner().unwrap_or_else(PoisonError::into_inner),
            },
            None => Admitted::default(),
        }
    }
}

impl Verdicts for Remembered {
    fn clean_before(&self, rel: &str, bytes: &Arc<[u8]>, passages: &blake3::Hash) -> bool {
        self.previous.passages_key.as_ref() == Some(passages)
            && self
                .previous
                .files
                .get(rel)
                .is_some_and(|before| Arc::ptr_eq(before, bytes))
    }

    fn clean(&self, rel: &str, bytes: &Arc<[u8]>, passages: &blake3::Hash) {
        let Some((files, passages_key)) = &self.next else {
            return;
        };
        // One guard, one set of passages: the first file sets the key.
        let _ = passages_key.set(*passages);
        files
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(rel.to_string(), Arc::clone(bytes));
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
}
