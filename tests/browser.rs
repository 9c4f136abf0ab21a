//! The proof in a real browser: builds the example site (this repository's
//! own `nota.toml`, with lists paginated, and `content/`) with the real binary and runs the browser
//! harness over it: axe-core (WCAG 2.0/2.1/2.2 A and AA) in headless Chromium
//! on every page, the Nu Html Checker on every HTML file, internal links and
//! fragments, reflow at 320 px, a keyboard walk through the seed note, and
//! axe again in dark mode.
//!
//! Missing prerequisites make this test FAIL with the command that installs
//! them; it never passes by skipping.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

const KEYBOARD_PAGE: &str = "/2022/onzichtbare-slachtoffers/";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds this repository's site (its `content/`, theme and `nota.toml`)
/// with three notes to a list page, so that the list of all publications and
/// the term pages are paginated as a larger site's are.
fn build_example_site(out: &Path) {
    let site = tempfile::tempdir().unwrap();
    common::copy_dir(&repo().join("content"), &site.path().join("content"));
    common::copy_dir(&repo().join("themes"), &site.path().join("themes"));
    let toml = std::fs::read_to_string(repo().join("nota.toml")).unwrap();
    let toml = toml.replacen("\n[", "\npage_size = 3\n\n[", 1);
    std::fs::write(site.path().join("nota.toml"), toml).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_nota"))
        .args(["build", "--root"])
        .arg(site.path())
        .arg("--output")
        .arg(out)
        .output()
        .expect("run nota");
    assert!(
        output.status.success(),
        "nota build failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Runs a harness script; on failure, the assertion shows its whole output.
fn run_harness(script: &str, args: &[&str]) -> String {
    let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
    let (code, text) = common::run_node(script, &args);
    assert_eq!(code, Some(0), "{script} failed:\n{text}");
    text
}

#[test]
fn example_site_passes_axe_nu_checker_links_and_keyboard_in_chromium() {
    common::require_browser(&["axe-core", "playwright-core", "vnu-jar"], true);
    let site = tempfile::tempdir().unwrap();
    let out = site.path().join("public");
    build_example_site(&out);
    let out = out.to_str().unwrap();

    let report = run_harness("check-site.mjs", &[out, "--keyboard", KEYBOARD_PAGE]);
    // Every page kind was really checked, and the keyboard walk ran.
    for page in [
        "ok   /  (index.html)",
        "ok   /nota-check-missing-page  (404.html)",
        "ok   /2022/onzichtbare-slachtoffers/",
        "ok   /publicaties/pagina/2/  (publicaties/pagina/2/index.html)",
        "ok   /onderwerpen/mensenhandel/pagina/2/  (onderwerpen/mensenhandel/pagina/2/index.html)",
        "ok   /toegankelijkheid/  (toegankelijkheid/index.html)",
    ] {
        assert!(report.contains(page), "{page} missing from:\n{report}");
    }
    assert!(
        report.contains(&format!("keyboard test {KEYBOARD_PAGE}: ok")),
        "{report}"
    );
    assert!(
        report.contains("role=doc-noteref #fn-1 \"Voetnoot 1\""),
        "{report}"
    );
    assert!(report.contains(" 0 failed"), "{report}");
    assert!(!report.contains("vnu error"), "{report}");

    let dark = run_harness("check-color-schemes.mjs", &[out]);
    assert!(dark.contains(" passed, 0 failed"), "{dark}");
}
