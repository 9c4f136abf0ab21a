//! Times the personal-data check alone: reads SITE's notes, makes their
//! pages once (which makes the published text), then runs the check RUNS
//! times over all of them on one thread and prints the time per run, the
//! text's size and what was found.
//!
//!     cargo run --release --example personal_data -- SITE [RUNS]
//!
//! What to profile (`perf record`) when the check gets slower.

use nota::config::{Config, Flags};
use nota::page::{self, NoteUrls};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(root) = args.next() else {
        eprintln!("usage: personal_data SITE [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let config = Config::load(&Flags {
        root: root.into(),
        ..Flags::default()
    })
    .expect("a site with nota.toml");
    let content = nota::load::load(&config.root, &config.content_dir()).expect("content");
    let note_urls = NoteUrls::default();
    let published: Vec<_> = content
        .sources
        .into_iter()
        .filter_map(|source| {
            nota::front_matter::parse(source, &config.organisation, |_, _| Ok("/x/".into())).ok()
        })
        .map(|doc| {
            let accept = doc.meta.personal_data.accept.clone();
            let (_, _, published) = page::make(&config, &doc, &note_urls);
            (published, accept)
        })
        .collect();
    let bytes: usize = published.iter().map(|(p, _)| p.text.len()).sum();
    let mut findings = 0;
    let mut times = Vec::new();
    for _ in 0..runs {
        let started = thread_cpu_seconds();
        findings = 0;
        for (text, accept) in &published {
            findings += nota::personal_data::check(text, accept, &config.personal_data)
                .listed
                .len();
        }
        times.push(thread_cpu_seconds() - started);
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!(
        "{} notes, {:.1} MB of published text, {findings} findings; check: median {:.1} ms of CPU per run ({:.0} MB/s, one thread)",
        published.len(),
        bytes as f64 / 1e6,
        median * 1e3,
        bytes as f64 / 1e6 / median
    );
}

/// CPU time of this thread so far (Linux: /proc/thread-self/schedstat), so
/// that other load on the machine does not count.
fn thread_cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
}
