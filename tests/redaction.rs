//! Withheld information, end to end through the `nota` binary: every
//! section-5 decision, every road by which removed text could reach the
//! output, the leak guard, and the redaction overview of `nota check`.
//!
//! Refused builds are checked to leave the previous `public/` byte-identical.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SECRET: &str = "Hendrika Zwanenburg";

/// A site in a temporary folder with the repository's default theme.
struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn new(notes: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join("nota.toml"),
            "title = \"Test\"\nbase_url = \"https://test.example.nl\"\norganisation = \"Ministerie van Testzaken\"\naccessibility.contact = \"toegankelijkheid@example.nl\"\n",
        )
        .unwrap();
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
            &dir.path().join("themes/default"),
        );
        let site = Self { dir };
        for (path, text) in notes {
            site.write(&format!("content/{path}"), text);
        }
        site
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn nota(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_nota"))
            .args(args)
            .arg("--root")
            .arg(self.root())
            .output()
            .unwrap()
    }

    fn build(&self) -> Output {
        self.nota(&["build"])
    }

    /// Builds and expects success.
    fn build_ok(&self) {
        let out = self.build();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }

    /// Every output file and its bytes.
    fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut files = BTreeMap::new();
        for entry in walkdir(&self.public()) {
            files.insert(
                entry.strip_prefix(self.public()).unwrap().to_path_buf(),
                fs::read(&entry).unwrap(),
            );
        }
        files
    }

    /// Asserts that `needle` (case-insensitive) is in no output file.
    fn assert_nowhere(&self, needle: &str) {
        let needle = needle.to_lowercase();
        for (path, bytes) in self.snapshot() {
            let text = String::from_utf8_lossy(&bytes).to_lowercase();
            assert!(
                !text.contains(&needle),
                "`{needle}` is in public/{}",
                path.display()
            );
        }
    }

    fn page(&self, rel: &str) -> String {
        fs::read_to_string(self.public().join(rel)).unwrap()
    }

    /// A build with the current content must be refused, with `code` among
    /// its findings, leaving `public/` exactly as it was.
    fn assert_refused(&self, code: &str) -> String {
        let before = self.snapshot();
        assert!(!before.is_empty(), "build a clean site first");
        let out = self.build();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains(&format!("[{code}]")), "{err}");
        assert_eq!(self.snapshot(), before, "public/ changed");
        let leftovers: Vec<_> = fs::read_dir(self.root())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with(".public"))
            .collect();
        assert!(leftovers.is_empty(), "staging left behind");
        err
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir(from) {
        let target = to.join(entry.strip_prefix(from).unwrap());
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::copy(&entry, target).unwrap();
    }
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn note(front: &str, body: &str) -> String {
    format!(
        "---\ntitle: \"Beslisnota testzaken\"\ndate: 2024-05-01\ntype: beslisnota\n{front}---\n\n{body}"
    )
}

const CLEAN_BODY: &str = "## Aanleiding\n\nDe minister besluit over de testzaken.\n";

fn section5(content: &str) -> String {
    format!("{CLEAN_BODY}\n## 5. Informatie die niet openbaar gemaakt kan worden\n\n{content}\n")
}

const REDACT: &str = "woo:\n  section5: redact\n  grounds: [\"5.1.2e\"]\n";

// ---------------------------------------------------------------------------
// Decisions

#[test]
fn section5_content_without_a_decision_is_refused_with_its_position() {
    let site = Site::new(&[("2024/nota.md", &note("", CLEAN_BODY))]);
    site.build_ok();
    site.write(
        "content/2024/nota.md",
        &note(
            "",
            &section5(&format!("De naam van de steller is {SECRET}.")),
        ),
    );
    let err = site.assert_refused("redaction/section5-content");
    assert!(
        err.starts_with(&format!(
            "error[redaction/section5-content]: section 5 has content, and the front matter does not say whether it may be published\n  --> content/2024/nota.md:13:1\n   |\n13 | De naam van de steller is {SECRET}.\n   | ^\n   = help: leave section 5 empty or write \"Niet van toepassing.\"; or add to the front matter `woo: {{section5: redact, grounds: [\"5.1.2e\"]}}`"
        )),
        "{err}"
    );
    site.assert_nowhere(SECRET);
}

#[test]
fn redact_removes_the_body_and_names_the_grounds() {
    let site = Site::new(&[(
        "2024/nota.md",
        &note(
            REDACT,
            &section5(&format!(
                "De naam van de steller is {SECRET}.\n\n### 5.1 Toelichting\n\nNog een zin over {SECRET}."
            )),
        ),
    )]);
    site.build_ok();
    site.assert_nowhere(SECRET);
    site.assert_nowhere("5.1 Toelichting");
    let page = site.page("2024/nota/index.html");
    assert!(page.contains("<h2 id=\"5-informatie-die-niet-openbaar-gemaakt-kan-worden\">5. Informatie die niet openbaar gemaakt kan worden</h2>\n<p><span class=\"lak\" role=\"img\" aria-label=\"Weggelakt: eerbiediging van de persoonlijke levenssfeer (artikel 5.1, tweede lid, onder e, Woo)\">[5.1.2e]</span> De inhoud van dit onderdeel is niet openbaar gemaakt.</p>"), "{page}");
    assert!(page.contains("<link rel=\"stylesheet\" href=\"/redaction.css\">"));
    assert!(site.public().join("redaction.css").is_file());
}

#[test]
fn publish_keeps_a_reviewed_motivation() {
    let motivation = "De persoonsgegevens van de ambtenaren zijn niet openbaar.";
    let site = Site::new(&[(
        "2024/nota.md",
        &note("woo:\n  section5: publish\n", &section5(motivation)),
    )]);
    site.build_ok();
    assert!(site.page("2024/nota/index.html").contains(motivation));
}

#[test]
fn empty_and_not_applicable_sections_are_published_as_is() {
    let site = Site::new(&[
        ("a.md", &note("", &section5(""))),
        ("b.md", &note("", &section5("Niet van toepassing."))),
        ("c.md", &note("", &section5("N.v.t."))),
    ]);
    site.build_ok();
    assert!(
        site.page("b/index.html")
            .contains("<p>Niet van toepassing.</p>")
    );
}

#[test]
fn wrong_decisions_are_refused() {
    let site = Site::new(&[("nota.md", &note("", CLEAN_BODY))]);
    site.build_ok();
    let body = section5(&format!("Over {SECRET}."));
    site.write(
        "content/nota.md",
        &note("woo:\n  section5: lakken\n", &body),
    );
    let err = site.assert_refused("redaction/section5-decision");
    assert!(err.contains("error[redaction/section5-decision]: `woo.section5` is `lakken`, which nota does not know\n --> content/nota.md:6:3\n  |\n6 |   section5: lakken\n  |   ^^^^^^^^\n"), "{err}");
    site.write(
        "content/nota.md",
        &note("woo:\n  section5: redact\n", &body),
    );
    site.assert_refused("redaction/missing-ground");
    site.write(
        "content/nota.md",
        &note("woo:\n  section5: redact\n  grounds: [\"10.2.e\"]\n", &body),
    );
    let err = site.assert_refused("redaction/wob-ground");
    assert!(err.contains("the Woo equivalent is 5.1.2e"), "{err}");
    site.assert_nowhere(SECRET);
}

#[test]
fn two_section5s_are_refused() {
    let site = Site::new(&[("nota.md", &note("", CLEAN_BODY))]);
    site.build_ok();
    let body = format!(
        "{}\n## Informatie die niet openbaar wordt gemaakt\n\nNvt\n",
        section5("Nvt")
    );
    site.write("content/nota.md", &note("", &body));
    site.assert_refused("redaction/section5-duplicate");
}

// ---------------------------------------------------------------------------
// Inline markers

#[test]
fn inline_marker_errors_are_refused_with_positions() {
    let site = Site::new(&[("nota.md", &note("", CLEAN_BODY))]);
    site.build_ok();
    site.write(
        "content/nota.md",
        &note("", &format!("Overleg met {{lak 5.1.9}}{SECRET}{{/lak}}.\n")),
    );
    let err = site.assert_refused("redaction/unknown-ground");
    assert!(err.starts_with("error[redaction/unknown-ground]: `5.1.9` is not a Woo refusal ground\n --> content/nota.md:7:13\n  |\n7 | Overleg met {lak 5.1.9}Hendrika Zwanenburg{/lak}.\n  |             ^^^^^^^^^^^\n  = help: use one of the Woo grounds: 5.1.1a, 5.1.1b,"), "{err}");
    for (text, code) in [
        (
            format!("{{lak 5.1.2e}}{SECRET}"),
            "redaction/unclosed-marker",
        ),
        (format!("{SECRET}{{/lak}}"), "redaction/stray-closer"),
        (
            format!("{{lak 5.1.2e}}a {{lak 5.1.2i}}{SECRET}{{/lak}}{{/lak}}"),
            "redaction/nested-marker",
        ),
        (
            format!("{{lak}}{SECRET}{{/lak}}"),
            "redaction/missing-ground",
        ),
        (
            format!("{{lak 11.1}}{SECRET}{{/lak}}"),
            "redaction/wob-ground",
        ),
    ] {
        site.write("content/nota.md", &note("", &format!("{text}\n")));
        site.assert_refused(code);
    }
}

#[test]
fn marks_have_fixed_content_whatever_was_removed() {
    let long = "een heel lang stuk tekst ".repeat(40);
    let site = Site::new(&[(
        "nota.md",
        &note(
            "",
            &format!(
                "Kort: {{lak 5.1.2e}}Jan{{/lak}}. Lang: {{lak 5.1.2e}}{long}{{/lak}}. Code: `{{lak 5.1.2e}}` blijft `{{/lak}}`.\n"
            ),
        ),
    )]);
    site.build_ok();
    let page = site.page("nota/index.html");
    let mark = "<span class=\"lak\" role=\"img\" aria-label=\"Weggelakt: eerbiediging van de persoonlijke levenssfeer (artikel 5.1, tweede lid, onder e, Woo)\">[5.1.2e]</span>";
    assert!(
        page.contains(&format!(
            "Kort: {mark}. Lang: {mark}. Code: <code>{{lak 5.1.2e}}</code> blijft <code>{{/lak}}</code>"
        )),
        "{page}"
    );
    site.assert_nowhere("heel lang stuk");
    let css = fs::read_to_string(site.public().join("redaction.css")).unwrap();
    assert!(css.contains("min-width: 7.5em") && css.contains("white-space: nowrap"));
}

// ---------------------------------------------------------------------------
// Removed means removed: every channel

/// A theme that prints everything a page exposes, in every template.
fn install_exposing_theme(site: &Site) {
    let base = "themes/exposing/templates";
    let page_fields = "{{ page.title }}|{{ page.summary }}|{% for h in page.toc %}{{ h.id }} {{ h.title }};{% endfor %}|{{ page.content | safe }}";
    site.write(&format!("{base}/page.html"), &format!("<title>{{{{ page.title }}}}</title><meta name=\"description\" content=\"{{{{ page.summary }}}}\">{page_fields}"));
    site.write(
        &format!("{base}/index.html"),
        "<feed>{% for page in pages %}<entry><title>{{ page.title }}</title><summary>{{ page.summary }}</summary><link href=\"{{ page.permalink }}\"/></entry>{% endfor %}</feed>",
    );
    site.write(&format!("{base}/404.html"), "niet gevonden");
    site.write(
        &format!("{base}/taxonomy.html"),
        "{% for t in terms %}{{ t.name }} {{ t.count }};{% endfor %}",
    );
    site.write(
        &format!("{base}/term.html"),
        "{{ term.name }}{% for page in pages %}<entry>{{ page.title }}|{{ page.summary }}</entry>{% endfor %}",
    );
    let toml = fs::read_to_string(site.root().join("nota.toml")).unwrap();
    fs::write(
        site.root().join("nota.toml"),
        format!("{toml}theme = \"exposing\"\n"),
    )
    .unwrap();
}

#[test]
fn removed_text_reaches_no_channel() {
    let body = format!(
        "Overleg met {{lak 5.1.2e}}{SECRET}{{/lak}} over de aanpak.\n\n\
         ## Gesprek met {{lak 5.1.2e}}Zwanenburg{{/lak}}\n\n\
         Zie {{lak 5.1.2e}}![Portret van Hendrika](portret.png) en [dossier](https://geheim.example.nl/dossier-zwanenburg){{/lak}}.\n\n\
         Afbeelding: ![Foto {{lak 5.1.2e}}Zwanenburg{{/lak}}](foto.png)\n\n\
         {{lak 5.1.2e 5.1.2i}}\n\n\
         Een hele alinea over {SECRET}[^geheim].\n\n\
         - lijstpunt Zwanenburg\n\n\
         | kolom | Zwanenburg |\n| --- | --- |\n| a | b |\n\n\
         {{/lak}}\n\n\
         Openbare tekst[^open].\n\n\
         [^geheim]: Brief van Zwanenburg aan de minister.\n\
         [^open]: Openbare bron.\n"
    );
    let site = Site::new(&[("2024/nota.md", &note("", &body))]);
    site.write("content/2024/foto.png", "png");
    install_exposing_theme(&site);
    let out = site.build();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        !stderr(&out).contains("footnotes/unused"),
        "{}",
        stderr(&out)
    );
    for needle in [
        SECRET,
        "Zwanenburg",
        "Hendrika",
        "geheim.example",
        "portret.png",
        "Portret van",
    ] {
        site.assert_nowhere(needle);
    }
    let page = site.page("2024/nota/index.html");
    // Summary from the first paragraph, heading id and toc, alt text.
    assert!(
        page.contains("Overleg met [5.1.2e] over de aanpak."),
        "{page}"
    );
    assert!(
        page.contains("gesprek-met-5-1-2e Gesprek met [5.1.2e];"),
        "{page}"
    );
    assert!(page.contains("alt=\"Foto [5.1.2e]\""), "{page}");
    // The dropped footnote is gone and the kept one renumbered to 1.
    assert!(
        page.contains("<li id=\"fn-1\">\n<p>Openbare bron."),
        "{page}"
    );
    assert!(!page.contains("fn-2"));
    // The feed-like home page has the summary too.
    assert!(
        site.page("index.html")
            .contains("<summary>Overleg met [5.1.2e] over de aanpak.</summary>")
    );
    // Never the Markdown source.
    assert!(
        site.snapshot()
            .keys()
            .all(|p| p.extension().is_none_or(|e| e != "md"))
    );
}

#[test]
fn leak_guard_refuses_a_summary_that_repeats_withheld_text_once_at_the_summary() {
    // The front-matter summary repeats a withheld name, and every list and
    // feed prints it: one finding, at the summary, listing the files.
    let site = Site::new(&[("2024/nota.md", &note("", CLEAN_BODY))]);
    install_exposing_theme(&site);
    site.build_ok();
    site.write(
        "content/2024/nota.md",
        &note(
            &format!("summary: \"Gesprek met {SECRET} over de aanpak\"\n"),
            &format!("Overleg met {{lak 5.1.2e}}{SECRET}{{/lak}}.\n"),
        ),
    );
    let err = site.assert_refused("redaction/leak");
    assert_eq!(
        err,
        "error[redaction/leak]: the front-matter `summary` repeats text withheld on line 8 of this note; it would be published in 7 output files: 2024/nota/index.html, atom.xml, index.html, jaren/2024/index.html, organisaties/ministerie-van-testzaken/index.html, publicaties/index.html, soorten/beslisnota/index.html
 --> content/2024/nota.md:5:23
  |
5 | summary: \"Gesprek met Hendrika Zwanenburg over de aanpak\"
  |                       ^^^^^^^^^^^^^^^^^^^
  = help: the withheld words are removed where they are marked, but they reach the output from here: remove or rephrase the words here, or withhold them here too with `{lak …}…{/lak}`; nothing was published

",
        "{err}"
    );
    site.assert_nowhere(SECRET);
    // `check` renders the same files and runs the same guard.
    let out = site.nota(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out).matches("error[redaction/leak]").count(), 1);
}

#[test]
fn leak_guard_names_the_title_and_the_withheld_line() {
    let site = Site::new(&[("nota.md", &note("", CLEAN_BODY))]);
    site.build_ok();
    let text = format!(
        "---\ntitle: \"Benoeming {SECRET}\"\ndate: 2024-05-01\n---\n\nDe benoeming van {{lak 5.1.2e}}{SECRET}{{/lak}}.\n"
    );
    site.write("content/nota.md", &text);
    let err = site.assert_refused("redaction/leak");
    assert!(
        err.starts_with("error[redaction/leak]: the front-matter `title` repeats text withheld on line 6 of this note; it would be published in 9 output files: atom.xml, index.html, jaren/2024/index.html, nota/index.html, organisaties/ministerie-van-testzaken/index.html, publicaties/index.html, zoeken/index/d/0.json, zoeken/index/p/0.txt, zoeken/index/t/0.txt\n --> content/nota.md:2:19\n"),
        "{err}"
    );
}

#[test]
fn leak_guard_names_the_other_note_and_the_template_that_print_withheld_text() {
    let site = Site::new(&[
        ("a.md", &note("", CLEAN_BODY)),
        ("b.md", &note("", CLEAN_BODY)),
    ]);
    site.build_ok();
    site.write(
        "content/a.md",
        &note(
            "",
            &format!("Overleg met {{lak 5.1.2e}}{SECRET}{{/lak}}.\n"),
        ),
    );
    site.write(
        "content/b.md",
        &note(
            "",
            &format!("{CLEAN_BODY}\nHet gesprek met {SECRET} ging goed.\n"),
        ),
    );
    let base = site.root().join("themes/default/templates/base.html");
    let theme = fs::read_to_string(&base).unwrap();
    fs::write(
        &base,
        theme.replacen(
            "</footer>",
            &format!("<p>Contact: {SECRET}</p></footer>"),
            1,
        ),
    )
    .unwrap();
    let err = site.assert_refused("redaction/leak");
    let leaks: Vec<&str> = err
        .split("error[")
        .filter(|f| f.starts_with("redaction/leak"))
        .collect();
    assert_eq!(leaks.len(), 2, "{err}");
    assert!(leaks[0].starts_with("redaction/leak]: this text repeats text withheld in content/a.md on line 7; it would be published in 1 output file: b/index.html\n  --> content/b.md:11:17\n"), "{err}");
    assert!(leaks[1].starts_with("redaction/leak]: this template prints text withheld in content/a.md on line 7; it would be published in 14 output files: 404.html, a/index.html, b/index.html, index.html, "), "{err}");
    assert!(
        leaks[1].contains("… (and 4 more)\n  --> themes/default/templates/base.html:39:13\n"),
        "{err}"
    );
}

#[test]
fn leak_guard_refuses_withheld_text_in_a_long_passage_quoted_elsewhere() {
    let passage = "De minister overweegt in het voorjaar de subsidie voor de regio Twente geheel te beëindigen";
    let site = Site::new(&[("nota.md", &note("", CLEAN_BODY))]);
    site.build_ok();
    site.write(
        "content/nota.md",
        &note(
            "",
            &format!("{{lak 5.1.2i}}{passage}{{/lak}}\n\nZoals gezegd: in het voorjaar de subsidie voor de regio Twente geheel te stoppen.\n"),
        ),
    );
    let err = site.assert_refused("redaction/leak");
    assert!(err.starts_with("error[redaction/leak]: this text repeats text withheld on line 7 of this note; it would be published in "), "{err}");
    assert!(err.contains(" --> content/nota.md:9:15\n"), "{err}");
}

#[test]
fn leak_guard_covers_copied_files() {
    // A file under content/ is copied as is: a search index, a bijlage.
    let site = Site::new(&[("nota.md", &note("", CLEAN_BODY))]);
    site.build_ok();
    site.write(
        "content/nota.md",
        &note("", &format!("Met {{lak 5.1.2e}}{SECRET}{{/lak}}.\n")),
    );
    site.write(
        "content/zoekindex.json",
        &format!("{{\"tekst\": \"overleg met {SECRET}\"}}"),
    );
    let err = site.assert_refused("redaction/leak");
    assert!(err.starts_with("error[redaction/leak]: this file, copied as is, holds text withheld in content/nota.md on line 7; it would be published in 1 output file: zoekindex.json\n --> content/zoekindex.json:1:24\n"), "{err}");
}

#[test]
fn redacted_section5_text_is_guarded_too() {
    let site = Site::new(&[("nota.md", &note("", CLEAN_BODY))]);
    site.build_ok();
    let body = section5(
        "Persoonsgegevens van de steller worden gelakt vanwege de bescherming van de persoonlijke levenssfeer.",
    );
    site.write(
        "content/nota.md",
        &note(
            &format!("{REDACT}summary: \"Persoonsgegevens van de steller worden gelakt vanwege de bescherming.\"\n"),
            &body,
        ),
    );
    site.assert_refused("redaction/leak");
}

// ---------------------------------------------------------------------------
// Real notes

fn corpus_site() -> Site {
    let site = Site::new(&[]);
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/redaction-corpus");
    copy_dir(&fixture.join("content"), &site.root().join("content"));
    fs::copy(fixture.join("nota.toml"), site.root().join("nota.toml")).unwrap();
    site
}

const WITH_SECTION5: &[&str] = &[
    "02-defensie-2024-voorval-zrms-tromp.md",
    "03-bzk-2023-evaluaties-college-rechten-mens.md",
    "04-bzk-2024-benoeming-staatscommissie-discriminatie.md",
    "07-jenv-2024-verzamelbrief-politie-oktober.md",
    "14-ocw-2024-burgerbrief-vmbo-slo.md",
];

fn add_front_matter(site: &Site, file: &str, lines: &str) {
    let path = site.root().join("content").join(file);
    let text = fs::read_to_string(&path).unwrap();
    let text = text.replacen("---\n", &format!("---\n{lines}"), 1);
    fs::write(path, text).unwrap();
}

#[test]
fn corpus_notes_with_section5_content_are_refused_until_decided() {
    let site = corpus_site();
    let out = site.nota(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let refused: Vec<&str> = err
        .lines()
        .filter_map(|l| l.strip_prefix("  --> content/"))
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(refused, WITH_SECTION5, "{err}");
    assert_eq!(err.matches("error[").count(), 5, "{err}");
    let overview = stdout(&out);
    assert!(overview.contains("content/10-ienw-2022-impulsprogramma-chemische-stoffen.md: section 5 n.v.t.; no inline redactions"), "{overview}");
    assert!(
        overview
            .contains("content/11-ienw-2023-actieplan-luchtvaartveiligheid.md: section 5 n.v.t.")
    );
    assert!(
        overview.contains("content/01-az-2024-kamervragen-van-nieuwenhuizen.md: section 5 absent")
    );
    assert!(!site.public().exists());

    for file in WITH_SECTION5 {
        add_front_matter(&site, file, "woo:\n  section5: publish\n");
    }
    site.build_ok();
    assert!(site
        .page("07-jenv-2024-verzamelbrief-politie-oktober/index.html")
        .contains("De persoonsgegevens van de ambtenaren zijn niet openbaar ter bescherming van de persoonlijke levenssfeer."));
}

#[test]
fn corpus_note_redacted_publishes_no_word_of_section5() {
    let site = corpus_site();
    for file in WITH_SECTION5 {
        add_front_matter(
            &site,
            file,
            "woo:\n  section5: redact\n  grounds: [\"5.1.2e\"]\n",
        );
    }
    site.build_ok();
    site.assert_nowhere("ingezonden brief van de oud-docent");
    site.assert_nowhere("Persoonsgegevens van de steller worden gelakt");
    site.assert_nowhere("DE DIRECTEUR-GENERAAL BELEID");
    let out = site.nota(&["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let notes = json["notes"].as_array().unwrap();
    let tromp = notes
        .iter()
        .find(|n| n["path"] == "content/02-defensie-2024-voorval-zrms-tromp.md")
        .unwrap();
    assert_eq!(
        tromp["section5"],
        serde_json::json!({"state": "redacted", "grounds": ["5.1.2e"]})
    );
    assert_eq!(tromp["beoordeling"], "Deels openbaar");
    assert_eq!(json["errors"], 0);
}

// ---------------------------------------------------------------------------
// Reporting and configuration

#[test]
fn check_reports_inline_counts_in_text_and_json() {
    let site = Site::new(&[(
        "nota.md",
        &note(
            "",
            "{lak 5.1.2e}a{/lak}, {lak 5.1.2.e}b{/lak} en {lak 5.1.2e 5.1.2i}c{/lak}.\n",
        ),
    )]);
    let out = site.nota(&["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("Redaction overview:\n  content/nota.md: section 5 absent; inline: 5.1.2e ×3, 5.1.2i ×1\nnota: 1 note read"), "{}", stdout(&out));
    let out = site.nota(&["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["notes"][0],
        serde_json::json!({
            "path": "content/nota.md",
            "url": "/nota/",
            "read": true,
            "draft": false,
            "errors": 0,
            "warnings": 0,
            "section5": {"state": "absent"},
            "inline": {"5.1.2e": 3, "5.1.2i": 1},
            "beoordeling": "Deels openbaar"
        })
    );
}

#[test]
fn configured_titles_are_recognised_and_unknown_keys_are_errors() {
    let site = Site::new(&[(
        "nota.md",
        &note(
            "",
            &format!("## Vertrouwelijke bijlage\n\nOver {SECRET}.\n"),
        ),
    )]);
    site.build_ok();
    let toml = fs::read_to_string(site.root().join("nota.toml")).unwrap();
    fs::write(
        site.root().join("nota.toml"),
        format!("{toml}\n[redaction]\nsection5_titles = [\"Vertrouwelijke bijlage\"]\n"),
    )
    .unwrap();
    site.assert_refused("redaction/section5-content");
    fs::write(
        site.root().join("nota.toml"),
        format!("{toml}\n[redaction]\nsection5_title = [\"x\"]\n"),
    )
    .unwrap();
    let out = site.build();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out)
            .contains("error[config/unknown-key]: unknown key `section5_title` in nota.toml"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("did you mean `section5_titles`?"),
        "{}",
        stderr(&out)
    );
}
