//! Times the search index's stages on the note pages of a built site:
//! `cargo run --release --example search_bench -- public/ [repeat]`.
//! Reads each `*/index.html` with a `nota-inhoud` body as a page.

use std::time::Instant;

use nota::page::Page;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("a built site's folder");
    let repeat: usize = args.next().map_or(3, |n| n.parse().expect("a number"));
    let pages = read_pages(std::path::Path::new(&dir));
    eprintln!("{} pages", pages.len());
    // `SEARCH_BENCH=walk|analyse|build`: only that, once (for `perf stat`).
    if let Ok(only) = std::env::var("SEARCH_BENCH") {
        let mut n = 0usize;
        match only.as_str() {
            "walk" => {
                for page in &pages {
                    let mut walker = nota::search::text::Walker::new();
                    walker.html(&page.content, &mut |_, _, _| n += 1);
                }
            }
            "analyse" => {
                for page in &pages {
                    n += nota::search::note::words_of(page).len();
                }
            }
            "setup" => {}
            _ => {
                n = nota::search::index::build_files(&pages, &[], false)
                    .0
                    .files
                    .len()
            }
        }
        println!("{only}: {n}");
        return;
    }
    let best = |f: &mut dyn FnMut() -> usize| {
        let mut times = Vec::new();
        let mut n = 0;
        for _ in 0..repeat {
            let t = Instant::now();
            n = f();
            times.push(t.elapsed());
        }
        times.sort();
        (times[0], n)
    };
    let (walk, n) = best(&mut || {
        let mut n = 0;
        for page in &pages {
            let mut walker = nota::search::text::Walker::new();
            walker.html(&page.content, &mut |_, _, _| n += 1);
        }
        n
    });
    println!("walk: best {walk:?} ({n} words)");
    let (analyse, n) = best(&mut || {
        pages
            .iter()
            .map(|p| nota::search::note::words_of(p).len())
            .sum()
    });
    println!("analyse: best {analyse:?} ({n} word-notes)");
    let (build, n) = best(&mut || {
        nota::search::index::build_files(&pages, &[], false)
            .0
            .files
            .len()
    });
    println!("build (all threads): best {build:?} ({n} files)");
    let mut vocabulary = nota::search::index::Vocabulary::default();
    let analysed: Vec<_> = pages.iter().map(nota::search::note::words_of).collect();
    let t = Instant::now();
    for (i, words) in analysed.iter().enumerate() {
        vocabulary.add(i as u32, words);
    }
    println!("add: {:?}", t.elapsed());
    for _ in 0..0 {
        let t = Instant::now();
        let mut tokens = 0usize;
        for page in &pages {
            let mut walker = nota::search::text::Walker::new();
            let mut sink = |_: &str, _, _| tokens += 1;
            walker.text(
                &page.meta.title,
                nota::search::text::Field::Title,
                &mut sink,
            );
            walker.html(&page.content, &mut sink);
        }
        println!("walk {:?} ({tokens} words)", t.elapsed());
        let cpu = cpu_time();
        let t = Instant::now();
        let analysed: Vec<_> = pages.iter().map(nota::search::note::words_of).collect();
        let analyse = (t.elapsed(), cpu_time() - cpu);
        let words: usize = analysed
            .iter()
            .map(nota::search::note::NoteWords::len)
            .sum();
        drop(analysed);
        let cpu = cpu_time();
        let t = Instant::now();
        let (files, _) = nota::search::index::build_files(&pages, &[], false);
        let build = (t.elapsed(), cpu_time() - cpu);
        let bytes: usize = files.files.iter().map(|(_, b)| b.len()).sum();
        println!(
            "analyse (1 thread) {:?} cpu {:.3}s ({} word-notes) | build {:?} cpu {:.3}s, {} files, {} bytes",
            analyse.0,
            analyse.1,
            words,
            build.0,
            build.1,
            files.files.len(),
            bytes
        );
    }
}

/// User and system time of this process so far (Linux, in clock ticks of 10 ms).
fn cpu_time() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
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
            link_targets: Page::link_targets_of(&url, &[]),
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
            },
            content: body[..end].to_string(),
            toc: vec![],
            summary: String::new(),
            facts: Default::default(),
            redactions: Default::default(),
            woo: Default::default(),
        });
    }
    pages
}
