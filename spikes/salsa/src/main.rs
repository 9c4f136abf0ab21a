//! Spike: the per-note stages of nota (front matter, Markdown → page) under
//! salsa, against a hand-written cache shaped like nota's (keys by path,
//! previous/next maps), on one edit of a 10,000-note site.
//!
//!     salsa-spike SITE NOTE [RUNS] [salsa|hand]

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use nota::config::{Config, Flags};
use nota::diagnostic::Diagnostic;
use nota::front_matter::{self, Document};
use nota::load::{self, Source};
use nota::page::Page;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use salsa::Setter;

/// A value compared by identity: stage outputs have no `Eq`.
#[derive(Clone)]
pub struct Shared<T>(pub Arc<T>);
impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}
impl<T> Eq for Shared<T> {}
// SAFETY: values are immutable behind Arc; equality is identity.
unsafe impl<T: Send + Sync + 'static> salsa::Update for Shared<T> {
    unsafe fn maybe_update(old: *mut Self, new: Self) -> bool {
        let old = unsafe { &mut *old };
        let changed = !Arc::ptr_eq(&old.0, &new.0);
        *old = new;
        changed
    }
}

#[salsa::input]
pub struct Site {
    #[returns(ref)]
    config: Shared<Config>,
    #[returns(ref)]
    note_urls: Shared<HashMap<PathBuf, String>>,
}

#[salsa::input]
pub struct Note {
    site: Site,
    #[returns(ref)]
    source: Shared<Source>,
}

type Parsed = Result<Document, Vec<Diagnostic>>;
type Made = (Page, Vec<Diagnostic>);

#[salsa::tracked(returns(ref))]
fn document(db: &dyn salsa::Database, note: Note) -> Shared<Parsed> {
    let config = &note.site(db).config(db).0;
    let source = (*note.source(db).0).clone();
    Shared(Arc::new(front_matter::parse(
        source,
        &config.organisation,
        |s, slug| nota::url::note_url(&s.rel, slug),
    )))
}

#[salsa::tracked(returns(ref))]
fn page(db: &dyn salsa::Database, note: Note) -> Option<Shared<Made>> {
    let Ok(doc) = &*document(db, note).0 else {
        return None;
    };
    let site = note.site(db);
    let config = &site.config(db).0;
    // Only a body that can link by path reads the URL map: salsa records
    // the dependency only then.
    let empty = HashMap::default();
    let urls = if doc.source.text.contains(".md") {
        &site.note_urls(db).0
    } else {
        &empty
    };
    Some(Shared(Arc::new(make_page(config, doc, urls))))
}

fn make_page(config: &Config, doc: &Document, urls: &HashMap<PathBuf, String>) -> Made {
    let (page, findings) = nota::page::make(config, doc, urls);
    (page, findings.diagnostics)
}

fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    let kb: f64 = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kb / 1024.0
}

/// CPU time of every thread of the process so far, from the scheduler's
/// nanosecond counters (the threads of rayon's pool live as long as it).
fn cpu_ms() -> f64 {
    let mut ns = 0u64;
    for task in std::fs::read_dir("/proc/self/task").unwrap().flatten() {
        if let Ok(stat) = std::fs::read_to_string(task.path().join("schedstat")) {
            ns += stat.split_whitespace().next().and_then(|f| f.parse::<u64>().ok()).unwrap_or(0);
        }
    }
    ns as f64 / 1e6
}

fn urls_of(config: &Config, sources: &[Source]) -> HashMap<PathBuf, String> {
    sources
        .par_iter()
        .filter_map(|s| {
            front_matter::parse(s.clone(), &config.organisation, |s, slug| {
                nota::url::note_url(&s.rel, slug)
            })
            .ok()
            .map(|d| (d.source.rel.clone(), d.url))
        })
        .collect()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let root = std::fs::canonicalize(args.next().expect("SITE")).unwrap();
    let note_rel = PathBuf::from(args.next().expect("NOTE"));
    let runs: usize = args.next().map_or(20, |r| r.parse().unwrap());
    let mode = args.next().unwrap_or_else(|| "salsa".into());
    let config = Config::load(&Flags {
        root: root.clone(),
        output: None,
        drafts: false,
    })
    .unwrap();
    let content = load::load(&root, &config.content_dir()).unwrap();
    let urls = urls_of(&config, &content.sources);
    let edited = content
        .sources
        .iter()
        .position(|s| s.path == note_rel)
        .expect("note in content");
    let original = content.sources[edited].text.clone();
    eprintln!("{} notes, rss after load {:.0} MB", content.sources.len(), rss_mb());
    let edit = |run: usize| -> Arc<String> {
        Arc::new(original.replacen("\n\n", &format!("\n\nEdit marker {run}.\n\n"), 2))
    };
    let mut times = Vec::new();
    let mut cpus = Vec::new();
    let clone = mode == "salsa-clone";
    match mode.as_str() {
        "salsa" | "salsa-clone" => {
            let mut db = salsa::DatabaseImpl::new();
            let site = Site::new(&db, Shared(Arc::new(config.clone())), Shared(Arc::new(urls)));
            let notes: Vec<Note> = content
                .sources
                .iter()
                .map(|s| Note::new(&db, site, Shared(Arc::new(s.clone()))))
                .collect();
            let pass = |db: &salsa::DatabaseImpl| -> usize {
                // A salsa database is not Sync: each parallel task takes a
                // handle made here, on the owning thread.
                const TASKS: usize = 16;
                let handles: Vec<salsa::DatabaseImpl> = (0..TASKS).map(|_| db.clone()).collect();
                let handles = std::sync::Mutex::new(handles);
                let chunk = notes.len().div_ceil(TASKS);
                let made: usize = notes
                    .par_chunks(chunk)
                    .map(|chunk| {
                        let db = handles.lock().unwrap().pop().unwrap();
                        let n: usize = chunk
                            .iter()
                            .map(|&note| match page(&db, note) {
                                // What handing the pages on by value to the
                                // site-wide stages (index sorts a Vec<Page>)
                                // would cost: a clone of every page.
                                Some(p) if clone => {
                                    let owned = p.0.0.clone();
                                    usize::from(!owned.url.is_empty())
                                }
                                Some(_) => 1,
                                None => 0,
                            })
                            .sum();
                        drop(db);
                        n
                    })
                    .sum();
                drop(handles);
                made
            };
            let (t, c) = (Instant::now(), cpu_ms());
            let n = pass(&db);
            eprintln!(
                "salsa cold: {n} pages in {:.0} ms (cpu {:.0} ms), rss {:.0} MB",
                t.elapsed().as_secs_f64() * 1e3,
                cpu_ms() - c,
                rss_mb()
            );
            for run in 0..runs {
                let source = Source {
                    text: edit(run),
                    ..content.sources[edited].clone()
                };
                let (t, c) = (Instant::now(), cpu_ms());
                notes[edited].set_source(&mut db).to(Shared(Arc::new(source)));
                pass(&db);
                times.push(t.elapsed().as_secs_f64() * 1e3);
                cpus.push(cpu_ms() - c);
            }
            eprintln!("salsa rss after edits {:.0} MB", rss_mb());
        }
        _ => {
            // nota's shape: entries by path under a key of their inputs.
            type Cache = (
                HashMap<PathBuf, (Arc<String>, blake3::Hash, Arc<Parsed>)>,
                HashMap<PathBuf, (blake3::Hash, Arc<Made>)>,
            );
            let urls_key = {
                let mut pairs: Vec<_> = urls.iter().collect();
                pairs.sort();
                let mut h = blake3::Hasher::new();
                for (p, u) in pairs {
                    h.update(p.as_os_str().as_encoded_bytes());
                    h.update(u.as_bytes());
                }
                h.finalize()
            };
            let pass = |sources: &[Source], previous: Cache| -> Cache {
                let docs: Vec<(PathBuf, (Arc<String>, blake3::Hash, Arc<Parsed>))> = sources
                    .par_iter()
                    .map(|s| {
                        match previous.0.get(&s.path) {
                            Some((t, k, d)) if Arc::ptr_eq(t, &s.text) => {
                                (s.path.clone(), (Arc::clone(t), *k, Arc::clone(d)))
                            }
                            _ => (
                                s.path.clone(),
                                (
                                    Arc::clone(&s.text),
                                    blake3::hash(s.text.as_bytes()),
                                    Arc::new(front_matter::parse(
                                        s.clone(),
                                        &config.organisation,
                                        |s, slug| nota::url::note_url(&s.rel, slug),
                                    )),
                                ),
                            ),
                        }
                    })
                    .collect();
                let pages: Vec<(PathBuf, (blake3::Hash, Arc<Made>))> = docs
                    .par_iter()
                    .filter_map(|(path, (_, dkey, doc))| {
                        let doc = doc.as_ref().as_ref().ok()?;
                        let mut h = blake3::Hasher::new();
                        h.update(dkey.as_bytes());
                        if doc.source.text.contains(".md") {
                            h.update(urls_key.as_bytes());
                        }
                        let key = h.finalize();
                        Some(match previous.1.get(path) {
                            Some((k, p)) if *k == key => (path.clone(), (key, Arc::clone(p))),
                            _ => (path.clone(), (key, Arc::new(make_page(&config, doc, &urls)))),
                        })
                    })
                    .collect();
                (docs.into_iter().collect(), pages.into_iter().collect())
            };
            let (t, c) = (Instant::now(), cpu_ms());
            let mut cache = pass(&content.sources, Default::default());
            eprintln!(
                "hand cold: {} pages in {:.0} ms (cpu {:.0} ms), rss {:.0} MB",
                cache.1.len(),
                t.elapsed().as_secs_f64() * 1e3,
                cpu_ms() - c,
                rss_mb()
            );
            let mut sources = content.sources.clone();
            for run in 0..runs {
                sources[edited].text = edit(run);
                let (t, c) = (Instant::now(), cpu_ms());
                cache = pass(&sources, cache);
                times.push(t.elapsed().as_secs_f64() * 1e3);
                cpus.push(cpu_ms() - c);
            }
            eprintln!("hand rss after edits {:.0} MB", rss_mb());
        }
    }
    times.sort_by(f64::total_cmp);
    cpus.sort_by(f64::total_cmp);
    eprintln!(
        "{mode} edit: wall median {:.1} ms (min {:.1}, max {:.1}), cpu median {:.1} ms, n={}",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1],
        cpus[cpus.len() / 2],
        times.len()
    );
}
