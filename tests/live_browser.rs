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

use std::path::{Path, PathBuf};
use std::time::Duration;

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

#[test]
fn live_reload_scroll_and_error_overlay_work_in_chromium() {
    common::require_browser(&["axe-core", "playwright-core"], false);
    let site = tempfile::tempdir().expect("tempdir");
    example_site(site.path());
    let note = site.path().join(NOTE);
    let original = std::fs::read_to_string(&note).expect("read note");

    let mut server = common::Serve::start(site.path(), &[], WAIT);
    let url = server.url();
    let (code, report) = common::run_node(
        "check-live.mjs",
        &[url.as_ref(), note.as_os_str(), PAGE.as_ref()],
    );
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
