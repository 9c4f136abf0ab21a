//! Profiling harness for `nota serve` rebuilds, without the watcher and the
//! HTTP server: builds SITE once in a session, then edits one note RUNS
//! times and rebuilds, printing each rebuild's time.
//!
//!     cargo run --release --example rebuild -- SITE NOTE [RUNS]
//!
//! Prints the median wall time and CPU time (all threads) per rebuild.

use std::path::PathBuf;
use std::time::Instant;

use nota::config::{Config, Flags};
use nota::incremental::Changes;
use nota::output::Memory;
use nota::pipeline::{self, Session};
use nota::render::templates::LiveReload;

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
        let cpu_before = cpu_ms();
        let report = pipeline::run_with(&config, &memory, session).expect("build");
        assert!(!report.has_errors(), "{:?}", report.diagnostics);
        let site = memory.into_site();
        (started.elapsed(), cpu_ms() - cpu_before, site)
    };
    let (first, _, _) = build(&session);
    eprintln!("first build {:.0} ms", first.as_secs_f64() * 1e3);
    let mut times = Vec::new();
    let mut cpu = Vec::new();
    for run in 0..runs {
        let text = original.replacen("\n\n", &format!("\n\nEdit marker {run}.\n\n"), 2);
        // Saves are at least this far apart in practice; work a build
        // leaves for afterwards (freeing, caching) happens in between.
        std::thread::sleep(std::time::Duration::from_millis(150));
        std::fs::write(&note, text).expect("write");
        session.set_changes(Changes::Paths(vec![note.clone()]));
        let (elapsed, cpu_used, site) = build(&session);
        drop(site);
        times.push(elapsed.as_secs_f64() * 1e3);
        cpu.push(cpu_used);
    }
    std::fs::write(&note, &original).expect("restore");
    report("rebuild wall", times);
    report("rebuild CPU ", cpu);
}

fn report(what: &str, mut times: Vec<f64>) {
    times.sort_by(f64::total_cmp);
    eprintln!(
        "{what}: median {:.1} ms, min {:.1}, max {:.1} (n={})",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1],
        times.len()
    );
}

/// CPU time of every thread of this process so far, in ms (Linux
/// schedstat, nanosecond resolution): steadier than wall time on a shared
/// machine.
fn cpu_ms() -> f64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return f64::NAN;
    };
    let nanos: u64 = tasks
        .filter_map(Result::ok)
        .filter_map(|task| std::fs::read_to_string(task.path().join("schedstat")).ok())
        .filter_map(|line| line.split_whitespace().next()?.parse::<u64>().ok())
        .sum();
    nanos as f64 / 1e6
}
