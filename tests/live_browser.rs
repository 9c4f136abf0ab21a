//! Live reload in a real browser: the example site (this repository's own
//! `nota.toml`, `themes/` and `content/`, copied into a temporary folder) is
//! served by the real `nota serve`, and `tests/browser/check-live.mjs` drives
//! headless Chromium against it while it edits, breaks and fixes one note on
//! disk. tests/serve.rs proves the server's side over raw HTTP; this test
//! proves the page's side: `/__nota/live.js` reloads, keeps the scroll
//! position, and shows an accessible, keyboard-dismissable error overlay.
//!
//! Missing prerequisites make this test FAIL with the command that installs
//! them; it never passes by skipping. Every wait is bounded.

mod common;

use common::copy_dir;

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

/// Bound for the server to start or stop on a loaded machine.
const WAIT: Duration = Duration::from_secs(60);
/// The note the browser check edits, and its page.
const NOTE: &str = "content/2022/onzichtbare-slachtoffers.md";
const PAGE: &str = "/2022/onzichtbare-slachtoffers/";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The example site in a temporary folder, so the edits never touch the
/// repository.
fn example_site(into: &Path) {
    std::fs::copy(repo().join("nota.toml"), into.join("nota.toml")).expect("copy nota.toml");
    copy_dir(&repo().join("themes"), &into.join("themes"));
    copy_dir(&repo().join("content"), &into.join("content"));
}

/// A running `nota serve` whose output lines are collected as they come.
struct Server {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Server {
    fn start(root: &Path, tmpdir: &Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_nota"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .env("TMPDIR", tmpdir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start nota serve");
        let (tx, lines) = mpsc::channel();
        for stream in [
            Box::new(child.stdout.take().expect("stdout")) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().expect("stderr")),
        ] {
            let tx = tx.clone();
            thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if tx.send(line).is_err() {
                        break;
                    }
                }
            });
        }
        Self {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits (bounded) for an output line matching `wanted`.
    fn wait_line(&mut self, wanted: impl Fn(&str) -> bool) -> String {
        if let Some(line) = self.seen.iter().find(|l| wanted(l)) {
            return line.clone();
        }
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = self.lines.recv_timeout(left).unwrap_or_else(|_| {
                panic!(
                    "expected output line not seen; got:\n{}",
                    self.seen.join("\n")
                )
            });
            self.seen.push(line.clone());
            if wanted(&line) {
                return line;
            }
        }
    }

    /// The URL from "nota: serving http://127.0.0.1:PORT/ (Ctrl-C stops)".
    fn url(&mut self) -> String {
        let line = self.wait_line(|l| l.starts_with("nota: serving "));
        line.trim_start_matches("nota: serving ")
            .split(' ')
            .next()
            .expect("URL")
            .to_string()
    }

    /// Sends SIGINT (what Ctrl-C does) and waits (bounded) for the exit.
    fn interrupt(&mut self) -> ExitStatus {
        common::interrupt(&mut self.child, WAIT)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn run_check_live(url: &str, note: &Path, page: &str) -> (Option<i32>, String) {
    let output = Command::new("node")
        .arg(repo().join("tests/browser/check-live.mjs"))
        .arg(url)
        .arg(note)
        .arg(page)
        .current_dir(repo())
        .output()
        .expect("run node");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code(), text)
}

#[test]
fn live_reload_scroll_and_error_overlay_work_in_chromium() {
    common::require_browser(&["axe-core", "playwright-core"], false);
    let site = tempfile::tempdir().expect("tempdir");
    let server_tmp = tempfile::tempdir().expect("tempdir");
    example_site(site.path());
    let note = site.path().join(NOTE);
    let original = std::fs::read_to_string(&note).expect("read note");

    let mut server = Server::start(site.path(), server_tmp.path());
    let url = server.url();
    let (code, report) = run_check_live(&url, &note, PAGE);
    assert_eq!(code, Some(0), "check-live.mjs failed:\n{report}");
    for check in [
        "ok   edit on disk reloads the page with the new text",
        "ok   scroll position survives the reload: scrollY 420 before, 420 after",
        "ok   overlay has role=\"alert\" (first)",
        "ok   overlay's accessible name is \"De site kon niet opnieuw worden gebouwd\" (first)",
        "ok   Chromium's accessibility tree exposes the alert to screen readers (first)",
        "ok   focus moves into the overlay (first): focus on button \"Sluiten\"",
        "ok   overlay shows the diagnostic (first): front-matter/unknown-key",
        "ok   axe finds no WCAG A/AA violations with the overlay open",
        "ok   Escape closes the overlay",
        "ok   focus returns to where it was",
        "ok   overlay appears after a failed build (second)",
        "ok   overlay shows the diagnostic (second): front-matter/unknown-key",
        "ok   fixing the note reloads the page with the fixed text",
        "ok   the overlay is gone after the fix",
        "ok   no script errors on the page",
        "ok   a tab opened while the build is broken shows the overlay",
        "\n27 passed, 0 failed",
    ] {
        assert!(report.contains(check), "`{check}` missing from:\n{report}");
    }

    // The terminal showed the same findings as the overlay, and the server
    // saw the good build after the fix (the script restores the note).
    server.wait_line(|l| l.starts_with("error[front-matter/unknown-key]"));
    server.wait_line(|l| l.contains("still serving the last good site"));
    assert_eq!(
        std::fs::read_to_string(&note).expect("read note"),
        original,
        "check-live.mjs did not restore the note"
    );
    let status = server.interrupt();
    assert!(status.success(), "{status:?}");
    server.wait_line(|l| l == "nota: stopped");
}
