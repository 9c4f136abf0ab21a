//! Times the search index's stages on the note pages of a built site:
//! `cargo run --release --example search_bench -- public/ [repeat]`
//! (`public/ 1 index`: only a cold build's index, once, for a profiler).
//! Reads each `*/index.html` with a `nota-inhoud` body as a page (its
//! title and body; no front matter), then times each stage: the median of
//! `repeat` runs, in CPU time of the whole process (all threads), which
//! other jobs on the machine do not inflate as they do wall time. The last
//! figure is what `nota serve` spends on the index after a one-note edit:
//! the overlay and handing every file through a leak guard (that looks for
//! one passage) into an in-memory site, as the pipeline does.

use std::time::Duration;

use nota::disclosure::Withheld;
use nota::disclosure::leak_guard::LeakGuard;
use nota::incremental::verdicts::{Admitted, Remembered};
use nota::output::Memory;
use nota::page::Page;
use nota::search::live::State;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("a built site's folder");
    let repeat: usize = args.next().map_or(3, |n| n.parse().expect("a number"));
    let mut pages = read_pages(std::path::Path::new(&dir));
    if args.next().as_deref() == Some("index") {
        // Only the cold build's index, once: for a profiler.
        let (files, _) = nota::search::index::build_files(&pages, &[], (false, None));
        println!("{} index files", files.files.len());
        return;
    }
    println!("{} pages; median CPU time of {repeat} runs:", pages.len());
    let median = |f: &mut dyn FnMut() -> usize| {
        let mut times = Vec::new();
        let mut n = 0;
        for _ in 0..repeat.max(1) {
            let t = cpu_time();
            n = f();
            times.push(cpu_time() - t);
        }
        times.sort();
        (times[times.len() / 2], n)
    };
    let (time, n) = median(&mut || {
        let mut n = 0;
        for page in &pages {
            let mut walker = nota::search::text::Walker::new();
            walker.html(&page.content, &mut |_, _, _| n += 1);
        }
        n
    });
    println!("  reading the HTML into words: {time:?}, {n} words");
    let (time, n) = median(&mut || {
        pages
            .iter()
            .map(|p| nota::search::note::words_of(p).len())
            .sum()
    });
    println!("  words per note, as `nota serve` overlays: {time:?}, {n} word-notes");
    let (time, n) = median(&mut || nota::search::index::Vocabulary::of(&pages).len());
    println!("  the vocabulary: {time:?}, {n} words");
    let (time, n) = median(&mut || {
        nota::search::index::build_files(&pages, &[], (false, None))
            .0
            .files
            .len()
    });
    println!("  every index file in memory: {time:?}, {n} files");
    let (time, n) = median(&mut || {
        let sink = nota::output::Discard::default();
        let mut state = State::default();
        state.update(&pages, &[], &[], (&sink, false)).len() + nota::output::Sink::count(&sink)
    });
    println!("  a one-off build's index, written nowhere: {time:?}, {n} files");
    serve_edits(&mut pages, repeat);
}

/// A `serve` session's index: one full build, then `repeat` edits of one
/// note, each timed.
fn serve_edits(pages: &mut [Page], repeat: usize) {
    let withheld = || {
        vec![Withheld {
            text: "Piet Paulusma en Jan Jansen".to_string(),
            location: nota::diagnostic::Location::file("content/x.md"),
            end: (1, 1),
        }]
    };
    let key = |page: &Page| Some(blake3::hash(page.content.as_bytes()));
    let mut keys: Vec<_> = pages.iter().map(key).collect();
    let mut state = State::default();
    let mut admitted = Admitted::default();
    let mut times = Vec::new();
    let edited = pages.len() / 2;
    let original = pages[edited].content.clone();
    for round in 0..=repeat.max(1) {
        if round > 0 {
            pages[edited].content = original.replacen("<p>", &format!("<p>Wijziging {round}. "), 1);
            keys[edited] = key(&pages[edited]);
        }
        let memory = Memory::default();
        let verdicts = Remembered::new(std::mem::take(&mut admitted), true);
        let guard = LeakGuard::with_verdicts(&memory, withheld(), &verdicts);
        let t = cpu_time();
        let problems = state.update(pages, &[], &keys, (&guard, true));
        let time = cpu_time() - t;
        assert!(problems.is_empty());
        drop(guard);
        admitted = verdicts.finish();
        let site = memory.into_site();
        if round > 0 {
            assert_eq!(state.overlaid, Some(1));
            times.push(time);
        }
        drop(site);
    }
    pages[edited].content = original;
    times.sort();
    println!(
        "  a one-note edit in `nota serve`: median {:?} (min {:?}, max {:?}, {} edits)",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1],
        times.len()
    );
}

/// The CPU time of the process so far: the sum over its threads (rayon's
/// stay alive) of the run time the scheduler counts. Read from `/proc`, not
/// through the vDSO, so that the example also runs under valgrind.
fn cpu_time() -> Duration {
    let mut total = 0u64;
    for task in std::fs::read_dir("/proc/self/task").expect("/proc") {
        let path = task.expect("a task").path().join("schedstat");
        if let Ok(text) = std::fs::read_to_string(path) {
            total += text
                .split_whitespace()
                .next()
                .and_then(|n| n.parse::<u64>().ok())
                .unwrap_or(0);
        }
    }
    Duration::from_nanos(total)
}

fn read_pages(dir: &std::path::Path) -> Vec<Page> {
    let mut pages = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_name() != "index.html" {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        let Some(start) = html.find("<div class=\"nota-inhoud\">") else {
            continue;
        };
        let body = &html[start + 25..];
        let end = body.find("\n</div>\n\n</article>").unwrap_or(body.len());
        let title = html
            .split("<h1>")
            .nth(1)
            .and_then(|t| t.split("</h1>").next())
            .unwrap_or("")
            .to_string();
        let url = format!(
            "/{}/",
            entry
                .path()
                .parent()
                .unwrap()
                .strip_prefix(dir)
                .unwrap()
                .display()
        );
        pages.push(Page {
            url,
            source_path: entry.path().to_path_buf(),
            meta: nota::front_matter::Meta {
                title,
                date: "2024-01-01".parse().unwrap(),
                kind: None,
                organisation: String::new(),
                topics: vec![],
                kenmerk: None,
                summary: None,
                draft: false,
                slug: None,
                woo: Default::default(),
                personal_data: Default::default(),
            },
            content: body[..end].to_string(),
            toc: vec![],
            summary: String::new(),
            facts: Default::default(),
            redactions: Default::default(),
            woo: Default::default(),
            personal_data: Vec::new(),
        });
    }
    pages
}
