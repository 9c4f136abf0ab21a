//! `nota build`, `check` and `new` end to end: the real binary on fixture
//! sites (tests/fixtures/<case>/), asserting exit codes, output files and the
//! full text of every diagnostic.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::{Site, snapshot};

/// Builds a fixture that must fail with exactly `expected` on stderr, and
/// checks that nothing was written.
fn assert_fails_with(fixture: &str, expected: &str) {
    let site = Site::fixture(fixture);
    let run = site.nota(&["build"]);
    run.assert_code(1);
    assert_eq!(run.stderr, expected, "stderr of {fixture}");
    assert!(
        !site.path("public").exists(),
        "a failed build must not create public/"
    );
    let check = site.nota(&["check"]);
    check.assert_code(1);
    assert_eq!(
        check.stderr, expected,
        "check must report what build reports"
    );
}

#[test]
fn malformed_yaml_is_reported_with_its_position() {
    assert_fails_with(
        "malformed-yaml",
        "error[front-matter/syntax]: the YAML front matter cannot be parsed: mapping values are not allowed in this context
 --> content/kapot.md:2:17
  |
2 | title: Nota over: de begroting
  |                 ^
  = help: check the YAML syntax: `key: value` per line, lists as `[a, b]` or `- item` lines, quote text that contains `: `

",
    );
}

#[test]
fn malformed_toml_is_reported_with_its_position() {
    assert_fails_with(
        "malformed-toml",
        "error[front-matter/syntax]: the TOML front matter cannot be parsed: invalid basic string, expected `\"`
 --> content/kapot.md:2:32
  |
2 | title = \"Nota over de begroting
  |                                ^
  = help: check the TOML syntax: `key = \"value\"` per line, lists as `[\"a\", \"b\"]`

",
    );
}

#[test]
fn unclosed_front_matter_is_an_error_not_page_text() {
    assert_fails_with(
        "unclosed",
        "error[front-matter/unclosed]: the YAML front matter opened on line 1 is never closed
 --> content/open.md:1:1
  |
1 | ---
  | ^^^
  = help: add a line `---` after the last front-matter key, before the note's text

",
    );
}

#[test]
fn missing_title() {
    assert_fails_with(
        "missing-title",
        "error[front-matter/missing-title]: this note has no title
 --> content/zonder-titel.md:1:1
  |
1 | ---
  | ^^^
  = help: add a line `title: …` to the front matter

",
    );
}

#[test]
fn invalid_date_points_at_the_value() {
    assert_fails_with(
        "invalid-date",
        "error[front-matter/invalid-date]: `28-10-2022` is not a valid date
 --> content/datum.md:3:7
  |
3 | date: 28-10-2022
  |       ^^^^^^^^^^
  = help: write the date as YYYY-MM-DD (ISO 8601), e.g. date: 2022-10-28

",
    );
}

#[test]
fn a_value_of_the_wrong_type() {
    assert_fails_with(
        "wrong-type",
        "error[front-matter/wrong-type]: a front-matter value has the wrong type: invalid type: integer `3`, expected a list of strings
 --> content/onderwerpen.md:4:9
  |
4 | topics: 3
  |         ^
  = help: title, type, organisation, kenmerk, summary and slug are text; topics is a list of text (quote a topic such as \"2024\" to make it text); draft is true or false

",
    );
}

#[test]
fn unknown_key_gets_a_suggestion() {
    assert_fails_with(
        "unknown-key",
        "error[front-matter/unknown-key]: unknown front-matter key `topic`
 --> content/sleutel.md:4:1
  |
4 | topic: [woo]
  | ^^^^^
  = help: did you mean `topics`?

",
    );
}

/// The front matter of notes collected elsewhere (the shared corpus names the
/// organisation `ministry`): the hint renames the key rather than removing
/// it, which would publish the note under the site's organisation.
#[test]
fn a_key_nota_knows_by_another_name_is_to_be_renamed() {
    assert_fails_with(
        "other-key-name",
        "error[front-matter/unknown-key]: unknown front-matter key `ministry`
 --> content/groeifonds.md:4:1
  |
4 | ministry: \"Ministerie van Economische Zaken en Klimaat\"
  | ^^^^^^^^
  = help: rename it to `organisation`, nota's name for this key

error[front-matter/unknown-key]: unknown front-matter key `source`
 --> content/groeifonds.md:6:1
  |
6 | source: \"https://open.overheid.nl/documenten/voorbeeld/file\"
  | ^^^^^^
  = help: remove it; known keys are: title, date, type, organisation, topics, kenmerk, summary, draft, slug, woo, personal_data

",
    );
}

#[test]
fn non_utf8_file() {
    assert_fails_with(
        "non-utf8",
        "error[load/not-utf8]: this note is not valid UTF-8 (invalid byte at offset 28)
 --> content/latin1.md:2:25
  |
2 | title: Nota over het caf
  |                         ^
  = help: save the file as UTF-8 (in Word: Save as > Plain text > Unicode (UTF-8))

",
    );
}

#[test]
fn empty_file() {
    assert_fails_with(
        "empty-file",
        "error[front-matter/missing]: this note is empty
 --> content/leeg.md
  = help: start the note with front matter: a line `---`, then `title: …` and `date: YYYY-MM-DD`, then a line `---`

",
    );
}

#[test]
fn duplicate_urls_name_both_files() {
    assert_fails_with(
        "duplicate-url",
        "error[content/duplicate-url]: this note and content/2024/andere.md would both be published at /2024/nota/
 --> content/2024/nota.md:2:1
  |
2 | title: Eerste nota
  | ^^^^^
  = help: give one of them a different `slug` or file name

",
    );
}

#[test]
fn template_syntax_error_names_template_line_and_column() {
    assert_fails_with(
        "template-syntax",
        "error[template/syntax]: template error: Found `}` but expected }}.
 --> themes/default/templates/page.html:5:20
  |
5 | <p>{{ page.kenmerk }</p>
  |                    ^
  = help: fix the template syntax (tera 2, Jinja2-like)

",
    );
}

#[test]
fn template_using_a_missing_variable_fails_once_with_its_position() {
    assert_fails_with(
        "template-missing-variable",
        "error[template/render]: template error: Field `auteur` is not defined. Available fields: content, date, kenmerk, openbaarmaking, organisation, permalink, summary, title, toc, topics, type, url
 --> themes/default/templates/page.html:4:12
  |
4 | <p>{{ page.auteur }}</p>
  |            ^^^^^^
  = help: the variable is not in the template context (see nota's docs/themes.md, \"Template context\"); guard optional values with `{% if … %}`

",
    );
}

#[test]
fn link_to_a_missing_note() {
    assert_fails_with(
        "broken-note-link",
        "error[links/missing-note]: link to `bestaat-niet.md`, but there is no note content/bestaat-niet.md
 --> content/nota.md:6:8
  |
6 | Zie de [nota over de begroting](bestaat-niet.md).
  |        ^
  = help: link to a note by its path relative to this file (e.g. `../2023/other.md`) or by its URL

",
    );
}

/// A note whose front matter has errors is still a note: links to it (by
/// path or by URL, to the slug it declares) are warnings that name it, not
/// errors of their own, and `nota check` lists it with its errors.
#[test]
fn a_note_with_errors_causes_no_false_errors_elsewhere() {
    let expected = "warning[links/note-with-errors]: link to a note that has errors: content/2024/loket.md
 --> content/2024/aanvraag.md:6:8
  |
6 | Zie de [nota over het loket](loket.md) en [de pagina van het loket](/2024/loket/#planning).
  |        ^^^^^^^^^^^^^^^^^^^^^
  = help: fix the errors reported for content/2024/loket.md; this link is checked again once that note builds

warning[links/note-with-errors]: link to a note that has errors: content/2024/loket.md
 --> content/2024/aanvraag.md:6:43
  |
6 | Zie de [nota over het loket](loket.md) en [de pagina van het loket](/2024/loket/#planning).
  |                                           ^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: fix the errors reported for content/2024/loket.md; this link is checked again once that note builds

error[front-matter/invalid-date]: `2024-02-30` is not a valid date
 --> content/2024/loket.md:3:7
  |
3 | date: 2024-02-30
  |       ^^^^^^^^^^
  = help: write the date as YYYY-MM-DD (ISO 8601), e.g. date: 2022-10-28

error[front-matter/unknown-key]: unknown front-matter key `sumary`
 --> content/2024/slug.md:5:1
  |
5 | sumary: Een sleutel met een typefout.
  | ^^^^^^
  = help: did you mean `summary`?

warning[links/note-with-errors]: link to a note that has errors: content/2024/slug.md
 --> content/2024/verwijzing.md:6:21
  |
6 | Eerder verscheen de [nota met een eigen adres](/2024/eigen-adres/).
  |                     ^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: fix the errors reported for content/2024/slug.md; this link is checked again once that note builds

";
    assert_fails_with("note-with-errors", expected);
    let site = Site::fixture("note-with-errors");
    let check = site.nota(&["check"]);
    check.assert_code(1);
    assert_eq!(
        check.stdout.split("nota: ").next().unwrap(),
        "Redaction overview:
  content/2024/aanvraag.md: section 5 absent; no inline redactions; 2 warnings
  content/2024/loket.md: not read, so what it withholds is not known; 1 error
  content/2024/slug.md: not read, so what it withholds is not known; 1 error
  content/2024/verwijzing.md: section 5 absent; no inline redactions; 1 warning
"
    );
    assert_eq!(
        check.summary(),
        "nota: 4 notes read, 0 pages written, 3 warnings, 2 errors"
    );
    let json = site.nota(&["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON on stdout");
    assert_eq!(
        json["notes"][1],
        serde_json::json!({
            "path": "content/2024/loket.md",
            "url": "/2024/loket/",
            "read": false,
            "draft": false,
            "errors": 1,
            "warnings": 0,
            "section5": null,
            "inline": {},
            "beoordeling": null
        })
    );
    assert_eq!(
        json["notes"][2]["url"], "/2024/eigen-adres/",
        "the slug it declares"
    );
    assert_eq!(json["notes"][0]["warnings"], 2);
    assert_eq!((&json["errors"], &json["warnings"]), (&2.into(), &3.into()));

    // Mended, the links resolve and nothing is left to report.
    site.write(
        "content/2024/loket.md",
        site.read("content/2024/loket.md")
            .replace("2024-02-30", "2024-02-29")
            .replace("Het loket", "## Planning\n\nHet loket"),
    );
    site.write(
        "content/2024/slug.md",
        site.read("content/2024/slug.md")
            .replace("sumary", "summary"),
    );
    let run = site.nota(&["build"]);
    run.assert_code(0);
    assert_eq!(run.stderr, "");
}

#[test]
fn every_bad_file_is_reported_in_one_run() {
    let site = Site::fixture("many-errors");
    let run = site.nota(&["build"]);
    run.assert_code(1);
    let codes: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error["))
        .collect();
    assert_eq!(
        codes,
        [
            "error[front-matter/invalid-date]: `2024-13-01` is not a valid date",
            "error[front-matter/unknown-key]: unknown front-matter key `sumary`",
            "error[footnotes/undefined]: footnote `[^3]` is referenced but never defined",
        ]
    );
    assert!(run.stderr.contains(" --> content/d-voetnoot.md:6:51\n"));
    assert_eq!(
        run.summary(),
        "nota: 4 notes read, 0 pages written, 0 warnings, 3 errors"
    );
}

#[test]
fn bom_and_crlf_files_build() {
    let site = Site::fixture("bom-crlf");
    let run = site.nota(&["build"]);
    run.assert_code(0);
    assert_eq!(run.stderr, "");
    let html = site.read("public/windows/index.html");
    assert!(html.contains("<title>Nota uit Word</title>"), "{html}");
    assert!(
        html.contains("<p>Tekst met Windows-regeleinden.<sup"),
        "{html}"
    );
    assert!(!html.contains('\r'));
    assert!(!html.contains('\u{feff}'));
}

#[test]
fn toml_front_matter_builds() {
    let site = Site::fixture("toml-front-matter");
    site.nota(&["build"]).assert_code(0);
    let html = site.read("public/toml/index.html");
    assert!(html.contains("<h1>Nota in TOML</h1>"));
    assert!(html.contains("2 januari 2024 Ministerie van Testzaken"));
}

#[test]
fn a_five_megabyte_note_builds() {
    let site = Site::fixture("drafts");
    let mut body = String::from("---\ntitle: Groot\ndate: 2024-03-04\n---\n\n");
    let paragraph = "Dit is een lange alinea over de uitvoering van het beleid, met **nadruk** en een [verwijzing](/klaar/).\n\n";
    while body.len() < 5 * 1024 * 1024 {
        body.push_str("## Paragraaf\n\n");
        for _ in 0..20 {
            body.push_str(paragraph);
        }
    }
    site.write("content/groot.md", &body);
    let run = site.nota(&["build"]);
    run.assert_code(0);
    let html = site.read("public/groot/index.html");
    assert!(html.len() > 5 * 1024 * 1024);
    assert!(html.contains("<h2 id=\"paragraaf-2\">Paragraaf</h2>"));
}

#[test]
fn a_symlink_loop_is_reported_without_hanging() {
    let site = Site::fixture("drafts");
    fs::create_dir_all(site.path("content/2024")).unwrap();
    std::os::unix::fs::symlink("..", site.path("content/2024/terug")).unwrap();
    let run = site.nota(&["build"]);
    run.assert_code(1);
    assert_eq!(
        run.stderr,
        "error[load/symlink-loop]: symbolic link loop: this folder links back to content
 --> content/2024/terug
  = help: remove the symbolic link or point it outside its own parent folders

"
    );
}

#[test]
fn an_unreadable_note_is_reported() {
    let site = Site::fixture("drafts");
    // A link to a file that is gone cannot be read, whoever runs the test
    // (permission bits do not stop root).
    std::os::unix::fs::symlink("verdwenen.md", site.path("content/kwijt.md")).unwrap();
    let run = site.nota(&["build"]);
    run.assert_code(1);
    assert_eq!(
        run.stderr,
        "error[load/unreadable]: cannot read this path: No such file or directory (os error 2)
 --> content/kwijt.md
  = help: check the permissions of the file or folder

"
    );
}

#[test]
fn no_content_folder_is_fatal() {
    let site = Site::empty();
    site.complete();
    fs::remove_dir(site.path("content")).unwrap();
    let run = site.nota_here(&["build"]);
    run.assert_code(2);
    assert_eq!(
        run.stderr,
        "error: there is no content folder ./content: create it and put your notes (*.md) in it\n"
    );
}

#[test]
fn missing_nota_toml_is_fatal() {
    let site = Site::empty();
    let run = site.nota_here(&["build"]);
    run.assert_code(2);
    assert_eq!(
        run.stderr,
        "error: no nota.toml in the current folder: run nota inside a site folder or pass --root DIR\n"
    );
}

#[test]
fn a_root_that_does_not_exist_is_named_as_such() {
    let site = Site::empty();
    let run = site.nota_here(&["build", "--root", "geen-map"]);
    run.assert_code(2);
    assert_eq!(
        run.stderr,
        "error: there is no folder geen-map: check the path given to --root\n"
    );
}

#[test]
fn a_date_in_the_future_is_a_warning() {
    let site = Site::fixture("drafts");
    site.write(
        "content/toekomst.md",
        "---\ntitle: Toekomst\ndate: 2099-01-01\n---\n\nTekst.\n",
    );
    let run = site.nota(&["build"]);
    run.assert_code(0);
    let today = run
        .stderr
        .split("(today is ")
        .nth(1)
        .and_then(|rest| rest.get(..10))
        .expect("today's date in the message")
        .to_string();
    assert_eq!(
        run.stderr,
        format!(
            "\
warning[front-matter/future-date]: the date 2099-01-01 is in the future (today is {today})
 --> content/toekomst.md:3:1
  |
3 | date: 2099-01-01
  | ^^^^
  = help: write the date the note was signed; if it is meant for a later day, mark it `draft: true` until then

"
        )
    );
}

#[test]
fn malformed_nota_toml_is_reported_with_its_position() {
    let site = Site::fixture("drafts");
    site.write(
        "nota.toml",
        "title = \"Testsite\"\nbase_url = \"https://test.example.nl\"\norganisation = \"Ministerie\"\nthem = \"default\"\n",
    );
    let run = site.nota(&["build"]);
    run.assert_code(1);
    assert_eq!(
        run.stderr,
        "error[config/unknown-key]: unknown key `them` in nota.toml
 --> nota.toml:4:1
  |
4 | them = \"default\"
  | ^^^^
  = help: did you mean `theme`?

nota: 1 error in nota.toml; nothing was built
"
    );
    site.write("nota.toml", "title = \"Testsite\nbase_url = \"x\"\n");
    let run = site.nota(&["build"]);
    run.assert_code(1);
    assert!(
        run.stderr.starts_with("error[config/invalid]: nota.toml: "),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(" --> nota.toml:1:"), "{}", run.stderr);
}

#[test]
fn base_url_must_be_absolute() {
    let site = Site::fixture("drafts");
    site.write(
        "nota.toml",
        "title = \"Testsite\"\nbase_url = \"/beslisnotas\"\norganisation = \"Ministerie\"\n",
    );
    let run = site.nota(&["check"]);
    run.assert_code(1);
    assert!(
        run.stderr.starts_with(
            "error[config/base-url]: base_url `/beslisnotas` is not an absolute URL\n --> nota.toml:2:1\n"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn drafts_are_built_only_on_request() {
    let site = Site::fixture("drafts");
    let run = site.nota(&["build"]);
    run.assert_code(0);
    // The note, home, all publications, 404, four taxonomy lists, the
    // organisation and year of the one published note, the search page and
    // the accessibility statement.
    assert_eq!(
        run.summary(),
        "nota: 2 notes read, 12 pages written, 0 warnings, 0 errors"
    );
    assert!(site.path("public/klaar/index.html").exists());
    assert!(!site.path("public/concept").exists());
    assert!(!site.read("public/index.html").contains("Concept"));
    // `nota check` lists the draft it leaves out.
    let check = site.nota(&["check"]);
    check.assert_code(0);
    assert_eq!(
        check.stdout.split("nota: ").next().unwrap(),
        "Redaction overview:
  content/concept.md: draft, left out (nota check --drafts checks it)
  content/klaar.md: section 5 absent; no inline redactions
"
    );

    site.nota(&["build", "--drafts"]).assert_code(0);
    assert!(site.path("public/concept/index.html").exists());
}

#[test]
fn output_flag_writes_elsewhere() {
    let site = Site::fixture("drafts");
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("site");
    let run = site.nota(&["build", "--output", target.to_str().unwrap()]);
    run.assert_code(0);
    assert!(target.join("klaar/index.html").exists());
    assert!(!site.path("public").exists());
}

#[test]
fn relative_links_and_assets_resolve() {
    let site = Site::fixture("links-and-assets");
    site.nota(&["build"]).assert_code(0);
    let html = site.read("public/2023/eerste/index.html");
    assert!(
        html.contains("<a href=\"/2024/het-besluit/#2-besluit\">tweede nota</a>"),
        "{html}"
    );
    assert!(html.contains("<a href=\"/2023/bijlage.pdf\">bijlage over de begroting</a>"));
    assert_eq!(site.read("public/2023/bijlage.pdf"), "%PDF-1.4 test\n");
    // Raw HTML from Word is shown as text, never passed through.
    assert!(
        html.contains("&lt;script&gt;alert('x')&lt;/script&gt;"),
        "{html}"
    );
    assert!(!html.contains("<script>"));
    assert!(
        site.path("public/test.css").exists(),
        "theme static files are copied"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_identical() {
    let site = Site::fixture("drafts");
    site.nota(&["build"]).assert_code(0);
    let before = snapshot(&site.path("public"));
    site.write(
        "content/klaar.md",
        "---\ntitle: Klaar\ndate: 2024-99-01\n---\n\nGewijzigd.\n",
    );
    site.nota(&["build"]).assert_code(1);
    assert_eq!(snapshot(&site.path("public")), before);
    let leftovers: Vec<_> = fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
}

#[test]
fn a_killed_build_leaves_the_previous_output_intact() {
    let site = Site::fixture("drafts");
    site.nota(&["build"]).assert_code(0);
    let before = snapshot(&site.path("public"));
    for i in 0..3000 {
        site.write(
            &format!("content/veel/nota-{i}.md"),
            format!("---\ntitle: Nota {i}\ndate: 2024-01-02\n---\n\n## 1. Aanleiding\n\nTekst van nota {i}.\n"),
        );
    }
    for delay_ms in [5, 40, 120] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_nota"))
            .args(["build", "--root"])
            .arg(site.root())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let finished = child.try_wait().unwrap().is_some();
        child.kill().ok();
        child.wait().unwrap();
        if !finished {
            let after = snapshot(&site.path("public"));
            // Either untouched, or (when the kill came after the swap) the complete new site.
            assert!(
                after == before || after.len() == before.len() + 3000,
                "public/ is half-written after a kill at {delay_ms} ms"
            );
        }
    }
    let run = site.nota(&["build"]);
    run.assert_code(0);
    let names: Vec<_> = fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.starts_with(".public")),
        "leftovers of killed builds are cleaned: {names:?}"
    );
}

#[test]
fn building_twice_gives_identical_output() {
    let site = Site::fixture("links-and-assets");
    site.nota(&["build"]).assert_code(0);
    let first = snapshot(&site.path("public"));
    site.nota(&["build"]).assert_code(0);
    assert_eq!(snapshot(&site.path("public")), first);
}

#[test]
fn check_writes_nothing() {
    let site = Site::fixture("drafts");
    let run = site.nota(&["check"]);
    run.assert_code(0);
    assert!(run.stdout.contains("(checked, nothing written)"));
    assert!(!site.path("public").exists());
}

#[test]
fn new_writes_the_beslisnota_skeleton_and_never_overwrites() {
    let site = Site::fixture("drafts");
    let run = site.nota(&[
        "new",
        "2024/mijn-nota",
        "--title",
        "Nota over: de begroting",
    ]);
    run.assert_code(0);
    let text = site.read("content/2024/mijn-nota.md");
    assert!(text.starts_with("---\ntitle: \"Nota over: de begroting\"\ndate: "));
    assert!(text.contains(
        "type: beslisnota\norganisation: \"Ministerie van Testzaken\"\ntopics: []\ndraft: true  # remove this line (or write false) when the note may be published\n# Withhold a passage: {lak 5.1.2e}…{/lak}"
    ));
    assert!(
        text.contains("# In Word (for nota import): a comment whose whole text is the ground code")
    );
    let headings: Vec<&str> = text.lines().filter(|l| l.starts_with("##")).collect();
    assert_eq!(
        headings,
        [
            "## 1. Aanleiding",
            "## 2. Geadviseerd besluit",
            "## 3. Kernpunten",
            "## 4. Toelichting",
            "### 4.1 Politieke context",
            "### 4.2 Financiële overwegingen",
            "### 4.3 Juridische overwegingen",
            "### 4.4 Krachtenveld",
            "### 4.5 Strategie",
            "### 4.6 Uitvoering",
            "### 4.7 Implementatie",
            "### 4.8 Communicatie",
            "### 4.9 Ontwikkelingen hiervoor",
            "## 5. Informatie die zich niet leent voor openbaarmaking",
        ]
    );
    assert!(text.ends_with(
        "## 5. Informatie die zich niet leent voor openbaarmaking\n\nNiet van toepassing.\n"
    ));
    // The new note is a draft: a build leaves it out.
    let check = site.nota(&["check"]);
    check.assert_code(0);
    assert!(!check.stderr.contains("mijn-nota"), "{}", check.stderr);

    site.write("content/2024/mijn-nota.md", "eigen tekst");
    let again = site.nota(&["new", "2024/mijn-nota"]);
    again.assert_code(2);
    assert!(
        again
            .stderr
            .contains("already exists; nota new never overwrites a note")
    );
    assert_eq!(site.read("content/2024/mijn-nota.md"), "eigen tekst");

    // A path as the shell completes it from the site folder names the same
    // place under content/.
    let completed = site.nota(&["new", "content/2024/andere-nota.md"]);
    completed.assert_code(0);
    assert_eq!(
        completed.stdout,
        format!(
            "nota: created {}\n",
            site.path("content/2024/andere-nota.md").display()
        )
    );

    let outside = site.nota(&["new", "../buiten"]);
    outside.assert_code(2);
    assert!(outside.stderr.contains("is not a path inside content/"));
}

/// An untouched skeleton never goes live silently: it is a draft, and built
/// with `--drafts` it gets one warning naming every unwritten part; its
/// summary never comes from section 5 or a salutation.
#[test]
fn skeletons_are_drafts_and_unwritten_parts_are_named() {
    let repository_config =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("nota.toml")).unwrap();
    let site = Site::with_default_theme(&repository_config);
    site.nota(&["new", "2024/nota", "--title", "Nota"])
        .assert_code(0);
    site.nota(&[
        "new",
        "2024/brief",
        "--title",
        "Brief",
        "--type",
        "kamerbrief",
    ])
    .assert_code(0);
    let run = site.nota(&["build", "--drafts"]);
    run.assert_code(0);
    let expected_brief = "\
warning[content/unwritten]: this note is not written yet: empty sections: `Aanleiding` (line 16), `Inhoud` (line 18), `Vervolg` (line 20); placeholder text of `nota new` on line 14
  --> content/2024/brief.md:14:1
   |
14 | Met deze brief informeer ik uw Kamer over …
   | ^
   = help: write these parts or remove them; until the note is ready, keep `draft: true` in its front matter so that `nota build` leaves it out
";
    let expected_nota = "\
warning[content/unwritten]: this note is not written yet: empty sections: `1. Aanleiding` (line 12), `2. Geadviseerd besluit` (line 14), `3. Kernpunten` (line 16), `4.1 Politieke context` (line 20), `4.2 Financiële overwegingen` (line 22), `4.3 Juridische overwegingen` (line 24), `4.4 Krachtenveld` (line 26), `4.5 Strategie` (line 28), `4.6 Uitvoering` (line 30), `4.7 Implementatie` (line 32), `4.8 Communicatie` (line 34), `4.9 Ontwikkelingen hiervoor` (line 36)
  --> content/2024/nota.md:12:1
";
    assert!(run.stderr.contains(expected_brief), "{}", run.stderr);
    assert!(run.stderr.contains(expected_nota), "{}", run.stderr);
    // Neither "Niet van toepassing." (section 5) nor "Geachte voorzitter,"
    // nor the placeholder becomes the summary: the summary is empty, and the
    // theme describes the page by its type, organisation, date and title.
    for (page, start, title) in [
        ("public/2024/nota/index.html", "Beslisnota van ", "Nota"),
        ("public/2024/brief/index.html", "Kamerbrief van ", "Brief"),
    ] {
        let html = site.read(page);
        let description = html
            .split("<meta name=\"description\" content=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_else(|| panic!("no description in {page}"));
        assert!(
            description.starts_with(start) && description.ends_with(&format!(": {title}.")),
            "{page}: {description}"
        );
    }

    // Written, the warning is gone and the first real paragraph is the summary.
    let written = site
        .read("content/2024/brief.md")
        .replace(
            "Met deze brief informeer ik uw Kamer over …",
            "Met deze brief informeer ik uw Kamer over de stand van zaken.",
        )
        .replace("## Aanleiding\n", "## Aanleiding\n\nDe Kamer vroeg erom.\n")
        .replace("## Inhoud\n", "## Inhoud\n\nHet kabinet kiest.\n")
        .replace(
            "## Vervolg\n",
            "## Vervolg\n\nIn het voorjaar volgt meer.\n",
        );
    site.write("content/2024/brief.md", &written);
    let run = site.nota(&["build", "--drafts"]);
    assert!(
        !run.stderr.contains("content/2024/brief.md"),
        "{}",
        run.stderr
    );
    assert!(site.read("public/2024/brief/index.html").contains(
        "<meta name=\"description\" content=\"Met deze brief informeer ik uw Kamer over de stand van zaken.\">"
    ));
}

#[test]
fn version_and_help() {
    let run = common::Run::from(
        Command::new(env!("CARGO_BIN_EXE_nota"))
            .arg("--version")
            .output()
            .unwrap(),
    );
    run.assert_code(0);
    assert_eq!(run.stdout, format!("nota {}\n", env!("CARGO_PKG_VERSION")));
    let help = common::Run::from(
        Command::new(env!("CARGO_BIN_EXE_nota"))
            .arg("--help")
            .output()
            .unwrap(),
    );
    help.assert_code(0);
    for command in ["build", "check", "new"] {
        assert!(help.stdout.contains(command), "{}", help.stdout);
    }
    let usage = common::Run::from(
        Command::new(env!("CARGO_BIN_EXE_nota"))
            .arg("bouw")
            .output()
            .unwrap(),
    );
    usage.assert_code(2);
}

/// The nineteen real published beslisnota's build with the default theme: no
/// errors, every note a page, footnotes and parliamentary citations linked.
#[test]
fn the_real_corpus_builds_with_the_default_theme() {
    let site = Site::empty();
    common::copy_dir(&common::fixtures().join("corpus"), site.root());
    common::copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &site.path("themes/default"),
    );
    site.complete();
    let run = site.nota(&["build"]);
    run.assert_code(0);
    assert!(
        run.summary().starts_with("nota: 19 notes read, "),
        "{}",
        run.stdout
    );
    assert!(!run.stderr.contains("error["), "{}", run.stderr);
    let notes = fs::read_dir(site.path("content")).unwrap().count();
    assert_eq!(notes, 19);
    for entry in fs::read_dir(site.path("content")).unwrap().flatten() {
        let stem = entry
            .path()
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(
            site.path(&format!("public/{stem}/index.html")).exists(),
            "no page for {stem}"
        );
    }
    // Note 10 cites Kamerstukken in the `KST 22343-330` form, in footnotes.
    let note10 = site.read("public/10-ienw-2022-impulsprogramma-chemische-stoffen/index.html");
    assert!(note10.contains("role=\"doc-endnotes\""));
    assert!(
        note10.contains("https://zoek.officielebekendmakingen.nl/kst-22343-330.html"),
        "KST citation not linked"
    );
    // Note 03 writes `*Kamerstukken II* 2022/23, 34 338, nr. 5.`
    let note03 = site.read("public/03-bzk-2023-evaluaties-college-rechten-mens/index.html");
    assert!(note03.contains("https://zoek.officielebekendmakingen.nl/kst-34338-5.html"));
    // Topic pages exist for the corpus's topics.
    assert!(site.path("public/onderwerpen/index.html").exists());
}
