//! Profiling harness for `nota serve` rebuilds, without the watcher and the
//! HTTP server: builds SITE once in a session, then edits one note RUNS
//! times and rebuilds, printing each rebuild's time.
//!
//!     cargo run --release --example rebuild -- SITE NOTE [RUNS]

use std::path::PathBuf;
use std::time::Instant;

use nota::config::{Config, Flags};
use nota::incremental::Changes;
use nota::output::Memory;
use nota::pipeline::{self, Session};
use nota::templates::LiveReload;

fn main() {
    let mut args = std::env::args_os().skip(1);
    let (Some(root), Some(note)) = (args.next(), args.next()) else {
        eprintln!("usage: rebuild SITE NOTE [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args
        .next()
        .and_then(|r| r.into_string().ok()?.parse().ok())
        .unwrap_or(20);
    let root = std::fs::canonicalize(PathBuf::from(root)).expect("site folder");
    let note = root.join(note);
    let original = std::fs::read_to_string(&note).expect("note");
    let flags = Flags {
        root: root.clone(),
        output: None,
        drafts: false,
    };
    let session = Session {
        live_reload: Some(LiveReload {
            script: "/__nota/live.js".into(),
            events: "/__nota/events".into(),
        }),
        retain: true,
        ..Session::default()
    };
    let build = |session: &Session| {
        let config = Config::load(&flags).expect("config");
        let memory = Memory::default();
        let started = Instant::now();
        let report = pipeline::run_with(&config, &memory, session).expect("build");
        assert!(!report.has_errors(), "{:?}", report.diagnostics);
        let site = memory.into_site();
        (started.elapsed(), site)
    };
    let (first, _) = build(&session);
    eprintln!("first build {:.0} ms", first.as_secs_f64() * 1e3);
    let mut times = Vec::new();
    for run in 0..runs {
        let text = original.replacen("\n\n", &format!("\n\nEdit marker {run}.\n\n"), 2);
        std::fs::write(&note, text).expect("write");
        session.set_changes(Changes::Paths(vec![note.clone()]));
        let (elapsed, site) = build(&session);
        drop(site);
        times.push(elapsed.as_secs_f64() * 1e3);
    }
    std::fs::write(&note, &original).expect("restore");
    times.sort_by(f64::total_cmp);
    eprintln!(
        "rebuilds: median {:.1} ms, min {:.1}, max {:.1} (n={})",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1],
        times.len()
    );
}
