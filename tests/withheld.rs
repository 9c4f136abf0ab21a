//! Withheld means withheld, in every form issue 13 lists, through the `nota`
//! binary with the repository's own `nota.toml` (Woo publication on) and
//! default theme: `{lak}` in front-matter fields, passages in code, HTML
//! comments, section 5 under other titles and in other places, and the
//! section-5 forms of the real notes (issue 12) under both decisions.
//!
//! A refused build is checked to leave the previous `public/` as it was.

mod common;

use std::fs;
use std::path::PathBuf;

use common::Site;

const SECRET: &str = "Hendrika Zwanenburg";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A site with the repository's `nota.toml` and default theme, and `notes`.
fn site(notes: &[(&str, &str)]) -> Site {
    let config = fs::read_to_string(repo().join("nota.toml")).expect("nota.toml");
    let site = Site::with_default_theme(&config);
    for (path, text) in notes {
        site.write(&format!("content/{path}"), text);
    }
    site
}

fn note(front: &str, body: &str) -> String {
    format!(
        "---\ntitle: \"Beslisnota testzaken\"\ndate: 2024-05-01\ntype: beslisnota\n{front}---\n\n{body}"
    )
}

const CLEAN: &str = "## 1. Aanleiding\n\nDe minister besluit over de testzaken.\n";

/// Every output file with its text.
fn outputs(site: &Site) -> Vec<(PathBuf, String)> {
    common::snapshot(&site.path("public"))
        .into_iter()
        .map(|(path, bytes)| (path, String::from_utf8_lossy(&bytes).into_owned()))
        .collect()
}

/// `needle` (case-insensitive) is in no output file.
fn assert_nowhere(site: &Site, needle: &str) {
    let needle = needle.to_lowercase();
    for (path, text) in outputs(site) {
        assert!(
            !text.to_lowercase().contains(&needle),
            "`{needle}` is in public/{}",
            path.display()
        );
    }
}

/// Builds `site` as it is (it must build), then with `text` at `path`:
/// the build must be refused with exactly `stderr`, `public/` unchanged.
fn assert_refused(site: &Site, path: &str, text: &str, stderr: &str) {
    site.nota(&["build"]).assert_code(0);
    let before = common::snapshot(&site.path("public"));
    site.write(&format!("content/{path}"), text);
    let run = site.nota(&["build"]);
    run.assert_code(1);
    assert_eq!(run.stderr, stderr);
    assert_eq!(
        common::snapshot(&site.path("public")),
        before,
        "public/ changed"
    );
}

// ---------------------------------------------------------------------------
// Front matter

#[test]
fn title_and_summary_passages_are_withheld_wherever_the_fields_are_shown() {
    let site = site(&[(
        "2024/benoeming.md",
        &format!(
            "---\ntitle: \"Benoeming van {{lak 5.1.2e}}{SECRET}{{/lak}} tot directeur\"\ndate: 2024-05-01\ntype: beslisnota\ntopics: [\"benoemingen\"]\nkenmerk: \"2024-17\"\nsummary: \"Gesprek met {{lak 5.1.2e}}{SECRET}{{/lak}} over de aanpak.\"\n---\n\n{CLEAN}"
        ),
    )]);
    let run = site.nota(&["build"]);
    run.assert_code(0);
    assert_eq!(run.stderr, "");
    assert_nowhere(&site, SECRET);
    assert_nowhere(&site, "Zwanenburg");
    let title = "Benoeming van [5.1.2e] tot directeur";
    let summary = "Gesprek met [5.1.2e] over de aanpak.";
    let page = site.read("public/2024/benoeming/index.html");
    assert!(page.contains(&format!("<title>{title}")), "{page}");
    assert!(
        page.contains(&format!(
            "<meta name=\"description\" content=\"{summary}\">"
        )),
        "{page}"
    );
    assert!(page.contains(&format!("<h1>{title}</h1>")), "{page}");
    for list in [
        "public/index.html",
        "public/onderwerpen/benoemingen/index.html",
        "public/atom.xml",
    ] {
        assert!(site.read(list).contains(title), "{list}");
    }
    let diwoo = site.read("public/sitemaps/diwoo-infocat018-00001.xml");
    assert!(
        diwoo.contains(&format!(
            "<diwoo:officieleTitel>{title}</diwoo:officieleTitel>"
        )),
        "{diwoo}"
    );
    assert!(
        diwoo.contains(&format!(
            "<diwoo:omschrijving>{summary}</diwoo:omschrijving>"
        )),
        "{diwoo}"
    );
    for file in common::sitemap_files(&site) {
        common::assert_valid(&file);
    }
    let csv = site.read("public/woo/inventaris.csv");
    assert!(
        csv.contains(&format!(
            "2024-17,{title},2024-05-01,Deels openbaar,5.1.2e,"
        )),
        "{csv}"
    );
    assert!(
        site.read("public/woo/inventaris/index.html")
            .contains(title)
    );
}

#[test]
fn a_marker_in_a_key_field_is_refused() {
    let site = site(&[("2024/a.md", &note("", CLEAN))]);
    assert_refused(
        &site,
        "2024/a.md",
        &note(&format!("topics: [\"{{lak 5.1.2e}}{SECRET}{{/lak}}\"]\n"), CLEAN),
        "error[redaction/marker-in-field]: a redaction marker in the front-matter field `topics`: `topics` is a key (it names a term, an identifier or a URL), and part of it cannot be withheld
 --> content/2024/a.md:5:9
  |
5 | topics: [\"{lak 5.1.2e}Hendrika Zwanenburg{/lak}\"]
  |         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: write the field without the withheld words (`{lak …}` can be used in `title`, `summary` and the text of the note); if the whole note may not be published, use `woo: {status: niet-openbaar, grounds: [\"5.1.2e\"]}`

",
    );
    assert_nowhere(&site, SECRET);
}

#[test]
fn words_a_draft_withholds_are_not_published_elsewhere() {
    // Found by the generated sites: a file under content/ repeated a
    // passage of a draft, which the leak guard did not know.
    let draft = format!(
        "---\ntitle: \"Concept\"\ndate: 2024-05-01\ntype: beslisnota\ndraft: true\n---\n\nOverleg met {{lak 5.1.2e}}{SECRET}{{/lak}}.\n"
    );
    let site = site(&[("2024/concept.md", &draft), ("2024/a.md", &note("", CLEAN))]);
    site.write("content/2024/bijlage.txt", "Bijlage.\n");
    assert_refused(
        &site,
        "bijlage.txt",
        &format!("Bijlage: overleg met {SECRET}.\n"),
        "error[redaction/leak]: this file, copied as is, holds text withheld in content/2024/concept.md on line 8; it would be published in 1 output file: bijlage.txt
 --> content/bijlage.txt:1:22
  |
1 | Bijlage: overleg met Hendrika Zwanenburg.
  |                      ^^^^^^^^^^^^^^^^^^^
  = help: the withheld words are removed where they are marked, but they reach the output from here: remove or rephrase the words here; nothing was published

",
    );
}

#[test]
fn a_leak_through_the_built_in_theme_names_its_template() {
    // Withheld words that the built-in theme prints itself: the finding
    // points at the template, which is in no folder of the site.
    let site = Site::empty();
    fs::copy(repo().join("nota.toml"), site.path("nota.toml")).unwrap();
    site.write(
        "content/2024/a.md",
        note(
            "",
            &format!("{CLEAN}\nDe site is {{lak 5.1.2e}}gemaakt volgens de richtlijnen{{/lak}}.\n"),
        ),
    );
    let run = site.nota(&["build"]);
    run.assert_code(1);
    assert!(
        run.stderr.starts_with("error[redaction/leak]: this template prints text withheld in content/2024/a.md on line 11; it would be published in 14 output files: 2024/a/index.html, 404.html, "),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("\n  --> <built-in theme>/templates/base.html:37:139\n"),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------
// Code and comments

#[test]
fn a_whole_passage_in_code_is_refused_and_a_lone_marker_is_shown() {
    let site = site(&[(
        "2024/a.md",
        &note(
            "",
            &format!("{CLEAN}\nSchrijf `{{lak 5.1.2e}}` voor en `{{/lak}}` na de tekst.\n"),
        ),
    )]);
    site.nota(&["build"]).assert_code(0);
    assert!(
        site.read("public/2024/a/index.html")
            .contains("<code>{lak 5.1.2e}</code>")
    );
    assert_refused(
        &site,
        "2024/a.md",
        &note("", &format!("{CLEAN}\nVoorbeeld: `{{lak 5.1.2e}}{SECRET}{{/lak}}`.\n")),
        "error[redaction/marker-in-code]: a redaction passage inside code is not applied: code is shown as written
  --> content/2024/a.md:11:12
   |
11 | Voorbeeld: `{lak 5.1.2e}Hendrika Zwanenburg{/lak}`.
   |            ^
   = help: to withhold the code, put the markers around it, outside the backticks; to show the syntax, put the opening and the closing marker in separate code spans

",
    );
    assert_nowhere(&site, SECRET);
}

#[test]
fn html_comments_are_never_published() {
    let body = format!(
        "{CLEAN}\n<!-- intern: bel {SECRET} over de planning -->\n\nDe aanpak <!-- nog navragen bij {SECRET} --> is besproken.\n"
    );
    let site = site(&[("2024/a.md", &note("", &body))]);
    let run = site.nota(&["build"]);
    run.assert_code(0);
    assert_eq!(
        run.stderr,
        "warning[redaction/comment-dropped]: this note has HTML comments (lines 11, 13); comments are not published
  --> content/2024/a.md:11:1
   |
11 | <!-- intern: bel Hendrika Zwanenburg over de planning -->
   | ^
   = help: nota leaves HTML comments out of every page, list, feed and file; nothing to do if the comment is a remark for the authors. Text that readers should see goes outside `<!--` and `-->`

"
    );
    assert_nowhere(&site, SECRET);
    assert_nowhere(&site, "intern:");
    assert!(
        site.read("public/2024/a/index.html")
            .contains("<p>De aanpak  is besproken.</p>")
    );
    assert_refused(
        &site,
        "2024/a.md",
        &note("", &format!("{CLEAN}\n<!-- intern: bel {SECRET}\n\nover de planning.\n")),
        "error[redaction/unclosed-comment]: an HTML comment that is not closed: nota cannot tell where it ends
  --> content/2024/a.md:11:1
   |
11 | <!-- intern: bel Hendrika Zwanenburg
   | ^
   = help: close the comment with `-->` on the same paragraph (no blank line inside a comment in running text); or, if the characters `<!--` are meant to be shown, put them in a code span

",
    );
}

// ---------------------------------------------------------------------------
// Section 5 by what it is

#[test]
fn section5_under_other_titles_is_found() {
    for title in [
        "## 5. Informatie die zich niet leent tot openbaarmaking",
        "## 5. Niet openbaar",
        "## Niet openbare informatie",
        "## 2. Overige punten",
    ] {
        let body = if title.starts_with("## 2.") {
            format!(
                "## 1. Aanleiding\n\nTekst.\n\n## 2. Besluit\n\nTekst.\n\n## 5. Overige punten\n\nDe naam van de steller is {SECRET}.\n"
            )
        } else {
            format!("{CLEAN}\n{title}\n\nDe naam van de steller is {SECRET}.\n")
        };
        let site = site(&[(
            "2024/a.md",
            &note("woo:\n  section5: redact\n  grounds: [\"5.1.2e\"]\n", &body),
        )]);
        let run = site.nota(&["build"]);
        run.assert_code(0);
        assert_nowhere(&site, SECRET);
        site.write("content/2024/a.md", note("", &body));
        let run = site.nota(&["build"]);
        run.assert_code(1);
        assert!(
            run.stderr
                .starts_with("error[redaction/section5-content]: section 5"),
            "{title}: {}",
            run.stderr
        );
    }
}

#[test]
fn a_section5_title_in_a_table_or_a_footnote_is_refused() {
    let site = site(&[("2024/a.md", &note("", CLEAN))]);
    assert_refused(
        &site,
        "2024/a.md",
        &note(
            "",
            &format!("{CLEAN}\n| Informatie die niet openbaar gemaakt kan worden |\n| --- |\n| De naam van de steller is {SECRET}. |\n"),
        ),
        "error[redaction/section5-nested]: section 5 is inside another block (a table)
  --> content/2024/a.md:11:2
   |
11 | | Informatie die niet openbaar gemaakt kan worden |
   |  ^
   = help: put section 5 at the top level of the note, as a heading such as `## 5. Informatie die niet openbaar gemaakt kan worden`

",
    );
    let footnote = note(
        "",
        &format!(
            "{CLEAN}\nZie de noot[^1].\n\n[^1]: Informatie die niet openbaar gemaakt kan worden\n\n    De naam van de steller is {SECRET}.\n"
        ),
    );
    site.write("content/2024/a.md", &footnote);
    let run = site.nota(&["build"]);
    run.assert_code(1);
    assert!(run.stderr.starts_with("error[redaction/section5-nested]: section 5 is inside another block (a footnote)\n  --> content/2024/a.md:13:7\n"), "{}", run.stderr);
    assert_nowhere(&site, SECRET);
}

#[test]
fn an_unclosed_marker_adds_no_false_section5_warning() {
    let site = site(&[("2024/a.md", &note("", CLEAN))]);
    assert_refused(
        &site,
        "2024/a.md",
        &note(
            "woo:\n  section5: redact\n  grounds: [\"5.1.2e\"]\n",
            &format!("{CLEAN}\nOverleg met {{lak 5.1.2e}}{SECRET}.\n\n## 5. Informatie die niet openbaar gemaakt kan worden\n\nNamen.\n"),
        ),
        "error[redaction/unclosed-marker]: this redaction marker is never closed
  --> content/2024/a.md:14:13
   |
14 | Overleg met {lak 5.1.2e}Hendrika Zwanenburg.
   |             ^^^^^^^^^^^^
   = help: add `{/lak}` where the withheld text ends (in the same footnote, if it starts in one); until then everything after the marker is withheld

",
    );
}

// ---------------------------------------------------------------------------
// Section 5 as real notes write it (issue 12)

const AENM: &str = "2024/beslisnota-voortgang-spreiding-asielopvang.md";

/// The section-5 text of a real note: the lines after its title up to the
/// next main section, without sub-headings and empty lines.
fn section5_lines(text: &str) -> Vec<String> {
    let mut lines = text.lines().skip_while(|l| !l.contains("openbaar"));
    let Some(title) = lines.next() else {
        return Vec::new();
    };
    let level = title.len() - title.trim_start_matches('#').len();
    lines
        .take_while(|l| {
            let hashes = l.len() - l.trim_start_matches('#').len();
            hashes == 0 || hashes > level
        })
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

fn decide(text: &str, redact: bool) -> String {
    if redact {
        text.replacen(
            "  section5: publish\n",
            "  section5: redact\n  grounds: [\"5.1.2e\"]\n",
            1,
        )
    } else {
        text.to_string()
    }
}

/// The nineteen real notes and the Asiel en Migratie note, with the review
/// decision a publishing team adds: `publish`, or `redact` for every note.
fn real_notes(redact: bool) -> (Site, Vec<(String, Vec<String>)>) {
    let site = site(&[]);
    let mut sections = Vec::new();
    let folders = [
        (common::fixtures().join("corpus/content"), ""),
        (
            common::fixtures().join("section5-subsections/content/2024"),
            "2024/",
        ),
    ];
    for (folder, prefix) in folders {
        for entry in fs::read_dir(&folder).unwrap().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let text = fs::read_to_string(entry.path()).unwrap();
            if text.contains("section5: publish") {
                sections.push((format!("{prefix}{name}"), section5_lines(&text)));
            }
            site.write(&format!("content/{prefix}{name}"), decide(&text, redact));
        }
    }
    sections.sort();
    (site, sections)
}

#[test]
fn the_asiel_en_migratie_note_publishes_after_review() {
    let text = fs::read_to_string(
        common::fixtures()
            .join("section5-subsections/content")
            .join(AENM),
    )
    .unwrap();
    let site = site(&[(AENM, &text)]);
    let run = site.nota(&["build"]);
    run.assert_code(0);
    assert_eq!(run.stderr, "");
    let page = site.read("public/2024/beslisnota-voortgang-spreiding-asielopvang/index.html");
    assert!(
        page.contains("5.2. Informatie die niet openbaar gemaakt kan worden</h3>"),
        "{page}"
    );
    assert!(page.contains("zijn niet openbaar ter bescherming van hun persoonlijke levenssfeer"));
    let diwoo = site.read("public/sitemaps/diwoo-infocat018-00001.xml");
    assert!(diwoo.contains("<diwoo:opsteller resource=\"https://identifier.overheid.nl/tooi/id/ministerie/mnre1162\""), "{diwoo}");
    for file in common::sitemap_files(&site) {
        common::assert_valid(&file);
    }
    // Redacted: the whole section, both sub-sections, under one decision.
    site.write(&format!("content/{AENM}"), decide(&text, true));
    let run = site.nota(&["build"]);
    run.assert_code(0);
    assert_eq!(run.stderr, "");
    for line in section5_lines(&text) {
        assert_nowhere(&site, &line);
    }
    assert_nowhere(&site, "5.1. Toelichting");
    let page = site.read("public/2024/beslisnota-voortgang-spreiding-asielopvang/index.html");
    assert!(page.contains("De inhoud van dit onderdeel is niet openbaar gemaakt."));
    assert!(page.contains("Kamerbrief tweede voortgangsbrief spreiding asielopvang 2024"));
}

#[test]
fn every_real_section5_form_builds_under_both_decisions() {
    for redact in [false, true] {
        let (site, sections) = real_notes(redact);
        let names: Vec<&str> = sections.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "02-defensie-2024-voorval-zrms-tromp.md",
                "03-bzk-2023-evaluaties-college-rechten-mens.md",
                "04-bzk-2024-benoeming-staatscommissie-discriminatie.md",
                "07-jenv-2024-verzamelbrief-politie-oktober.md",
                "14-ocw-2024-burgerbrief-vmbo-slo.md",
                "2024/beslisnota-voortgang-spreiding-asielopvang.md",
            ]
        );
        let run = site.nota(&["build"]);
        run.assert_code(0);
        assert_eq!(run.stderr, "", "redact: {redact}");
        assert_eq!(
            run.summary(),
            "nota: 20 notes read, 91 pages written, 0 warnings, 0 errors"
        );
        for file in common::sitemap_files(&site) {
            common::assert_valid(&file);
        }
        let all: String = outputs(&site).into_iter().map(|(_, t)| t).collect();
        for (name, lines) in &sections {
            assert!(!lines.is_empty(), "{name}");
            for line in lines {
                let words: String = line
                    .trim_start_matches(['-', '|', ' '])
                    .chars()
                    .take(60)
                    .collect();
                let shown = all.contains(&words);
                assert_eq!(shown, !redact, "{name}: `{words}` (redact: {redact})");
            }
        }
    }
}
