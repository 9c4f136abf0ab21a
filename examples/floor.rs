//! The comrak floor of the benchmark (`bench/run.py`): what parsing and
//! rendering the notes' Markdown costs with nothing else around it.
//!
//!     cargo run --release --example floor -- CONTENT_DIR
//!
//! Reads every `*.md` under CONTENT_DIR, cuts off the front matter, and parses
//! and renders each body with comrak and nota's own options
//! ([`nota::markdown::options`]) on all cores (rayon), keeping nothing. No
//! comrak-based generator can build these notes faster than this, so nota's
//! build time is compared with it. Prints the note count, the bytes of HTML
//! and the time spent reading and rendering (process start-up excluded; the
//! benchmark measures the whole process as well).

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

fn main() {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: floor CONTENT_DIR");
        std::process::exit(2);
    };
    let started = Instant::now();
    let files = markdown_files(&dir);
    let options = nota::markdown::options();
    let html_bytes: usize = files
        .par_iter()
        .map(|path| {
            let text = std::fs::read_to_string(path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            comrak::markdown_to_html(body_of(&text), &options).len()
        })
        .sum();
    let elapsed = started.elapsed();
    println!(
        "floor: {} notes, {} bytes of HTML, {:.1} ms on {} threads",
        files.len(),
        html_bytes,
        elapsed.as_secs_f64() * 1000.0,
        rayon::current_num_threads()
    );
}

/// Every `*.md` file below `dir`, sorted.
fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.sort();
    files
}

/// The text after a `---` or `+++` front-matter block (all of it if none).
fn body_of(text: &str) -> &str {
    for fence in ["---", "+++"] {
        let Some(rest) = text.strip_prefix(fence).and_then(|r| r.strip_prefix('\n')) else {
            continue;
        };
        let closing = format!("\n{fence}\n");
        if let Some(end) = rest.find(&closing) {
            return &rest[end + closing.len()..];
        }
    }
    text
}
