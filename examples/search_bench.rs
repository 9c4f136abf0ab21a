//! Times the search index's stages on the note pages of a built site:
//! `cargo run --release --example search_bench -- public/ [repeat]`.
//! Reads each `*/index.html` with a `nota-inhoud` body as a page (its
//! title and body; no front matter), then times each stage, best of
//! `repeat` runs.

use std::time::Instant;

use nota::page::Page;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("a built site's folder");
    let repeat: usize = args.next().map_or(3, |n| n.parse().expect("a number"));
    let pages = read_pages(std::path::Path::new(&dir));
    println!("{} pages; best of {repeat} runs:", pages.len());
    let best = |f: &mut dyn FnMut() -> usize| {
        let mut times = Vec::new();
        let mut n = 0;
        for _ in 0..repeat.max(1) {
            let t = Instant::now();
            n = f();
            times.push(t.elapsed());
        }
        times.sort();
        (times[0], n)
    };
    let (time, n) = best(&mut || {
        let mut n = 0;
        for page in &pages {
            let mut walker = nota::search::text::Walker::new();
            walker.html(&page.content, &mut |_, _, _| n += 1);
        }
        n
    });
    println!("  reading the HTML into words (one thread): {time:?}, {n} words");
    let (time, n) = best(&mut || {
        pages
            .iter()
            .map(|p| nota::search::note::words_of(p).len())
            .sum()
    });
    println!("  words per note, as `nota serve` overlays (one thread): {time:?}, {n} word-notes");
    let (time, n) = best(&mut || nota::search::index::Vocabulary::of(&pages).len());
    println!("  the vocabulary (all threads): {time:?}, {n} words");
    let (time, n) = best(&mut || {
        nota::search::index::build_files(&pages, &[], false)
            .0
            .files
            .len()
    });
    println!("  every index file in memory (all threads): {time:?}, {n} files");
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
