//! Accessibility, citation and footnote findings, through the real binary on
//! small fixture sites (tests/fixtures/a11y-*), and the example site's output.

mod common;

use common::copy_dir;

use std::path::PathBuf;
use std::process::{Command, Output};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture site with the default theme, in a fresh temporary folder.
fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures").join(name), dir.path());
    copy_dir(&repo().join("themes"), &dir.path().join("themes"));
    dir
}

fn nota(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nota"))
        .args(args)
        .output()
        .expect("run nota")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The summary line of stdout (`check` prints the redaction overview first).
fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find(|l| l.starts_with("nota: "))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn footnote_problems_are_reported_with_positions() {
    let site = fixture("a11y-footnotes");
    let output = nota(&["check", "--root", site.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        "\
error[footnotes/undefined]: footnote `[^ontbreekt]` is referenced but never defined
 --> content/2024/voetnoten.md:8:45
  |
8 | Eerste verwijzing.[^1] Onbekende verwijzing.[^ontbreekt]
  |                                             ^^^^^^^^^^^^
  = help: add a definition `[^ontbreekt]: …` at the end of the note, or fix the label

warning[footnotes/unused]: footnote `[^ongebruikt]` is defined but never referenced
  --> content/2024/voetnoten.md:11:1
   |
11 | [^ongebruikt]: Nergens naar verwezen.
   | ^
   = help: refer to it in the text with `[^ongebruikt]`, or delete the definition

"
    );
    assert!(
        stdout(&output).starts_with("nota: 1 note read, 0 pages written, 1 warning, 1 error in "),
        "{}",
        stdout(&output)
    );
}

#[test]
fn accessibility_and_link_findings_have_exact_text() {
    let site = fixture("a11y-checks");
    let output = nota(&["check", "--root", site.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stdout(&output)
            .starts_with("nota: 2 notes read, 0 pages written, 5 warnings, 6 errors in "),
        "{}",
        stdout(&output)
    );
    assert_eq!(
        stderr(&output),
        include_str!("fixtures/a11y-checks/expected.txt")
    );
}

#[test]
fn the_example_site_builds_without_findings_and_links_its_citations() {
    let out = tempfile::tempdir().unwrap();
    let output = nota(&[
        "build",
        "--root",
        repo().to_str().unwrap(),
        "--output",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
    assert!(
        stdout(&output).contains("0 warnings, 0 errors"),
        "{}",
        stdout(&output)
    );
    let seed = std::fs::read_to_string(out.path().join("2022/onzichtbare-slachtoffers/index.html"))
        .unwrap();
    assert!(seed.contains(
        "<li id=\"fn-1\">\n<p><a href=\"https://www.tweedekamer.nl/kamerstukken/detail?id=2022Z19982\">Kamerstukken II 2021/22, 2022Z19982</a>. <a href=\"#fnref-1\" role=\"doc-backlink\">"
    ), "{seed}");
    let woo = std::fs::read_to_string(out.path().join("2023/termijnen-woo-verzoeken/index.html"))
        .unwrap();
    assert!(woo.contains(
        "<a href=\"https://zoek.officielebekendmakingen.nl/ah-tk-20222023-1241.html\">Aanhangsel Handelingen II 2022/23, nr. 1241</a>"
    ));
}
