//! Topic indexes, feeds and sitemaps, end to end through the `nota` binary:
//! small sites are written into a temporary folder (with the repository's
//! default theme), built, and their output files and diagnostics checked.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use quick_xml::Reader;
use quick_xml::events::Event;

const NOTA_TOML: &str = "title = \"Testsite\"\nbase_url = \"https://nota.example.nl\"\norganisation = \"Ministerie van Testzaken\"\naccessibility.contact = \"toegankelijkheid@example.nl\"\n";

/// A site in a temporary folder.
struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn new(config: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("nota.toml"), config).unwrap();
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
            &dir.path().join("themes/default"),
        );
        fs::create_dir_all(dir.path().join("content")).unwrap();
        Self { dir }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Adds `content/<rel>` with YAML front matter `front` and a short body.
    fn note(&self, rel: &str, front: &str) -> &Self {
        let path = self.root().join("content").join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, format!("---\n{front}---\n\nDe tekst van de nota.\n")).unwrap();
        self
    }

    fn build(&self) -> Output {
        self.build_into(&self.root().join("public"))
    }

    fn build_into(&self, output: &Path) -> Output {
        Command::new(env!("CARGO_BIN_EXE_nota"))
            .arg("build")
            .arg("--root")
            .arg(self.root())
            .arg("--output")
            .arg(output)
            .output()
            .unwrap()
    }

    fn read(&self, rel: &str) -> String {
        let path = self.root().join("public").join(rel);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    fn exists(&self, rel: &str) -> bool {
        self.root().join("public").join(rel).exists()
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn assert_success(output: &Output) {
    assert!(
        output.status.success(),
        "exit {:?}\n{}",
        output.status.code(),
        stderr(output)
    );
}

/// Link texts of `<a href=…>` inside the first element that starts with `marker`.
/// The titles in the list of notes of a page.
fn listed(html: &str) -> Vec<String> {
    links_after(html, "<ol class=\"publicaties\">")
        .into_iter()
        .map(|(_, t)| t)
        .collect()
}

fn links_after(html: &str, marker: &str) -> Vec<(String, String)> {
    let start = html
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker} in\n{html}"));
    let section = &html[start..];
    let end = ["</ul>", "</ol>"]
        .iter()
        .filter_map(|close| section.find(close))
        .min()
        .unwrap_or(section.len());
    section[..end]
        .split("<a href=\"")
        .skip(1)
        .map(|part| {
            let (href, rest) = part.split_once('"').unwrap();
            let text = rest
                .split_once('>')
                .unwrap()
                .1
                .split("</a>")
                .next()
                .unwrap();
            (href.to_string(), text.to_string())
        })
        .collect()
}

fn all_files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in fs::read_dir(&current).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_dir() {
                stack.push(entry.path());
            } else {
                let rel = entry.path().strip_prefix(dir).unwrap().to_path_buf();
                files.insert(rel, fs::read(entry.path()).unwrap());
            }
        }
    }
    files
}

// ---- the example site -----------------------------------------------------------------

fn example_site_into(output: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nota"))
        .arg("build")
        .arg("--root")
        .arg(env!("CARGO_MANIFEST_DIR"))
        .arg("--output")
        .arg(output)
        .output()
        .unwrap()
}

#[test]
fn building_twice_gives_byte_identical_output() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    assert_success(&example_site_into(&a));
    assert_success(&example_site_into(&b));
    let (first, second) = (all_files(&a), all_files(&b));
    assert!(first.contains_key(Path::new("onderwerpen/jeugdzorg-ggz/atom.xml")));
    assert!(first.contains_key(Path::new("sitemap.xml")));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(
            &second[path] == bytes,
            "{} differs between builds",
            path.display()
        );
    }
}

#[test]
fn example_site_has_every_default_index() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    assert_success(&example_site_into(&out));
    for page in [
        "onderwerpen/index.html",
        "onderwerpen/jeugdzorg-ggz/index.html",
        "onderwerpen/financiele-zelfredzaamheid/index.html",
        "organisaties/ministerie-van-justitie-en-veiligheid/index.html",
        "soorten/beslisnota/index.html",
        "jaren/2023/index.html",
        "atom.xml",
        "onderwerpen/woo/atom.xml",
        "robots.txt",
        "sitemap.xml",
    ] {
        assert!(out.join(page).is_file(), "{page} missing");
    }
    let topics = fs::read_to_string(out.join("onderwerpen/index.html")).unwrap();
    let names: Vec<String> = links_after(&topics, "<ul class=\"term-list\">")
        .into_iter()
        .map(|(_, text)| text)
        .collect();
    assert_eq!(
        names,
        vec![
            "arbeidsmarkt",
            "digitale overheid",
            "financiële zelfredzaamheid",
            "Jeugdzorg &amp; GGZ",
            "mensenhandel",
            "woo"
        ]
    );
    // The draft (2024, Jeugdzorg & GGZ) is not counted.
    assert!(topics.contains(
        "<a href=\"/onderwerpen/jeugdzorg-ggz/\">Jeugdzorg &amp; GGZ</a> <span class=\"term-count\">(4 publicaties)</span>"
    ));
    let note = fs::read_to_string(out.join("2022/onzichtbare-slachtoffers/index.html")).unwrap();
    assert!(note.contains(
        "<dt>Onderwerpen</dt><dd><a href=\"/onderwerpen/mensenhandel/\">mensenhandel</a>, <a href=\"/onderwerpen/jeugdzorg-ggz/\">Jeugdzorg &amp; GGZ</a></dd>"
    ));
    assert!(note.contains(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Beslisnota&#39;s en Kamerbrieven\" href=\"https://nota.example.nl/atom.xml\">"
    ));
}

// ---- collation, merging, slugs ----------------------------------------------------------

#[test]
fn terms_sort_dutch_and_spellings_merge_with_a_warning() {
    let site = Site::new(NOTA_TOML);
    site.note(
        "a.md",
        "title: A\ndate: 2024-01-01\ntopics: [Zorg, Ëindhoven]\n",
    )
    .note(
        "b.md",
        "title: B\ndate: 2024-01-02\ntopics: [eindhoven, arbeid]\n",
    )
    .note("c.md", "title: C\ndate: 2024-01-03\ntopics: [Emmen, Ede]\n")
    .note(
        "d.md",
        "title: D\ndate: 2024-01-04\ntopics:\n  - Eindhoven\n  - \"'s-Hertogenbosch\"\n",
    )
    .note("e.md", "title: E\ndate: 2024-01-05\ntopics: [eindhoven]\n");
    let output = site.build();
    assert_success(&output);
    assert_eq!(
        stderr(&output),
        "warning[taxonomy/spelling-variants]: the topics value `eindhoven` is written in 3 ways: `eindhoven` (content/e.md, content/b.md), `Eindhoven` (content/d.md), `Ëindhoven` (content/a.md)\n \
         --> content/d.md:5:5\n  |\n5 |   - Eindhoven\n  |     ^^^^^^^^^\n  = help: they are listed as one term, `eindhoven`; write it the same way in every note\n\n"
    );
    let list = site.read("onderwerpen/index.html");
    let terms: Vec<(String, String)> = links_after(&list, "<ul class=\"term-list\">");
    assert_eq!(
        terms,
        vec![
            ("/onderwerpen/arbeid/".into(), "arbeid".into()),
            ("/onderwerpen/ede/".into(), "Ede".into()),
            ("/onderwerpen/eindhoven/".into(), "eindhoven".into()),
            ("/onderwerpen/emmen/".into(), "Emmen".into()),
            (
                "/onderwerpen/s-hertogenbosch/".into(),
                "&#39;s-Hertogenbosch".into()
            ),
            ("/onderwerpen/zorg/".into(), "Zorg".into()),
        ]
    );
    assert!(list.contains("eindhoven</a> <span class=\"term-count\">(4 publicaties)</span>"));
}

#[test]
fn different_terms_with_one_slug_are_an_error() {
    let site = Site::new(NOTA_TOML);
    site.note(
        "a.md",
        "title: A\ndate: 2024-01-01\ntopics: [\"Jeugdzorg & GGZ\"]\n",
    )
    .note(
        "b.md",
        "title: B\ndate: 2024-01-02\ntopics: [\"Jeugdzorg GGZ\"]\n",
    );
    let output = site.build();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "error[taxonomy/slug-collision]: the topics `Jeugdzorg & GGZ` and `Jeugdzorg GGZ` would both be published at /onderwerpen/jeugdzorg-ggz/\n \
         --> content/b.md:4:11\n  |\n4 | topics: [\"Jeugdzorg GGZ\"]\n  |           ^^^^^^^^^^^^^\n  = help: if they are one term, write `Jeugdzorg & GGZ` in every note; otherwise make them differ in letters or digits\n\n"
    );
    assert!(!site.exists("index.html"));
}

#[test]
fn a_term_without_letters_or_digits_is_an_error() {
    let site = Site::new(NOTA_TOML);
    site.note("a.md", "title: A\ndate: 2024-01-01\ntopics: [\"&\"]\n");
    let output = site.build();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).starts_with(
        "error[taxonomy/empty-slug]: the topics value `&` has no letters or digits to make a URL from\n --> content/a.md:4:11\n"
    ), "{}", stderr(&output));
}

// ---- bad input ------------------------------------------------------------------------------

#[test]
fn an_empty_topic_is_an_error() {
    let site = Site::new(NOTA_TOML);
    site.note("a.md", "title: A\ndate: 2024-01-01\ntopics: [woo, \" \"]\n");
    let output = site.build();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "error[front-matter/empty-topic]: a topic is empty\n --> content/a.md:4:9\n  |\n4 | topics: [woo, \" \"]\n  |         ^^^^^^^^^^\n  = help: remove the empty entry from `topics`\n\n"
    );
}

#[test]
fn a_topic_that_is_not_text_is_an_error() {
    let site = Site::new(NOTA_TOML);
    site.note(
        "a.md",
        "title: A\ndate: 2024-01-01\ntopics: [woo, [a, b]]\n",
    )
    .note(
        "b.md",
        "title: B\ndate: 2024-01-01\ntopics: [woo, {a: 1}]\n",
    );
    let output = site.build();
    assert_eq!(output.status.code(), Some(1));
    let help = "  = help: title, type, organisation, kenmerk, summary and slug are text; topics is a list of text (quote a topic such as \"2024\" to make it text); draft is true or false\n\n";
    assert_eq!(
        stderr(&output),
        format!(
            "error[front-matter/wrong-type]: a front-matter value has the wrong type: expected string scalar\n \
             --> content/a.md:4:15\n  |\n4 | topics: [woo, [a, b]]\n  |               ^\n{help}\
             error[front-matter/wrong-type]: a front-matter value has the wrong type: expected string scalar\n \
             --> content/b.md:4:15\n  |\n4 | topics: [woo, {{a: 1}}]\n  |               ^\n{help}"
        )
    );
    // TOML is typed: the same mistake points at the `topics` line.
    let site = Site::new(NOTA_TOML);
    fs::write(
        site.root().join("content/c.md"),
        "+++\ntitle = \"C\"\ndate = 2024-01-01\ntopics = [\"woo\", 12]\n+++\n\nTekst.\n",
    )
    .unwrap();
    let output = site.build();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains(" --> content/c.md:4:1\n  |\n4 | topics = [\"woo\", 12]\n"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn topics_as_one_string_is_a_one_element_list() {
    let site = Site::new(NOTA_TOML);
    site.note(
        "a.md",
        "title: A\ndate: 2024-01-01\ntopics: digitale overheid\n",
    );
    let output = site.build();
    assert_success(&output);
    assert_eq!(stderr(&output), "");
    let term = site.read("onderwerpen/digitale-overheid/index.html");
    // Term headings start with a capital; the term itself is kept as written.
    assert!(term.contains("<h1>Digitale overheid</h1>"));
    assert!(term.contains("<a href=\"/a/\">A</a>"));
}

#[test]
fn a_taxonomy_over_a_field_no_note_has_is_a_warning() {
    let config = format!(
        "{NOTA_TOML}\n[[taxonomies]]\nfield = \"topics\"\npath = \"/onderwerpen/\"\ntitle = \"Onderwerpen\"\nfeed = true\n\n[[taxonomies]]\nfield = \"kenmerk\"\npath = \"/kenmerken/\"\ntitle = \"Kenmerken\"\n"
    );
    let site = Site::new(&config);
    site.note("a.md", "title: A\ndate: 2024-01-01\ntopics: [woo]\n");
    let output = site.build();
    assert_success(&output);
    assert_eq!(
        stderr(&output),
        "warning[taxonomy/unused-field]: no note has `kenmerk`, so the index /kenmerken/ (\"Kenmerken\") is empty\n  \
         --> nota.toml:13:9\n   |\n13 | field = \"kenmerk\"\n   |         ^^^^^^^^^\n   = help: add `kenmerk` to the notes' front matter, or remove this taxonomy from `taxonomies` in nota.toml\n\n"
    );
    assert!(
        site.read("kenmerken/index.html")
            .contains("Er zijn nog geen publicaties in deze lijst.")
    );
    assert!(!site.exists("jaren/index.html"));
    assert!(site.exists("onderwerpen/woo/atom.xml"));
}

#[test]
fn a_base_url_that_is_not_absolute_is_an_error() {
    let site = Site::new(
        "title = \"Testsite\"\nbase_url = \"/nota\"\norganisation = \"Ministerie van Testzaken\"\n",
    );
    site.note("a.md", "title: A\ndate: 2024-01-01\n");
    let output = site.build();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "error[config/base-url]: base_url `/nota` is not an absolute URL\n --> nota.toml:2:1\n  |\n2 | base_url = \"/nota\"\n  | ^^^^^^^^\n  = help: write the full address of the published site, e.g. base_url = \"https://www.example.nl\"\n\nnota: 1 error in nota.toml; nothing was built\n"
    );
}

#[test]
fn taxonomy_config_mistakes_are_errors_with_suggestions() {
    let config = format!(
        "{NOTA_TOML}\n[[taxonomies]]\nfeild = \"topics\"\npath = \"/onderwerpen/\"\ntitle = \"Onderwerpen\"\n"
    );
    let output = Site::new(&config).build();
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.starts_with(
            "error[config/unknown-key]: unknown key `feild` in nota.toml\n --> nota.toml:7:1\n"
        ),
        "{err}"
    );
    assert!(err.contains("= help: did you mean `field`?"), "{err}");

    let config = format!(
        "{NOTA_TOML}page_size = 0\n\n[[taxonomies]]\nfield = \"topic\"\npath = \"/onderwerpen/\"\ntitle = \"Onderwerpen\"\n"
    );
    let output = Site::new(&config).build();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "error[config/page-size]: page_size must be at least 1\n --> nota.toml:5:1\n  |\n5 | page_size = 0\n  | ^^^^^^^^^\n  = help: set the number of notes per list page, e.g. page_size = 50\n\n\
         error[config/taxonomy-field]: `topic` is not a front-matter field nota can index\n --> nota.toml:8:9\n  |\n8 | field = \"topic\"\n  |         ^^^^^^^\n  = help: did you mean `topics`?\n\n\
         nota: 2 errors in nota.toml; nothing was built\n"
    );
}

#[test]
fn a_note_at_a_url_nota_uses_itself_is_an_error() {
    let site = Site::new(NOTA_TOML);
    site.note("publicaties.md", "title: X\ndate: 2024-01-01\n")
        .note("toegankelijkheid/index.md", "title: Y\ndate: 2024-01-01\n");
    let output = site.build();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "error[content/reserved-url]: this note would be published at /publicaties/, which nota uses for the list of all publications
 --> content/publicaties.md
  = help: move the note into a folder or give it a `slug`

error[content/reserved-url]: this note would be published at /toegankelijkheid/, which nota uses for the accessibility statement
 --> content/toegankelijkheid/index.md
  = help: move the note into a folder or give it a `slug`

"
    );
}

#[test]
fn notes_inside_an_index_url_are_an_error() {
    let site = Site::new(NOTA_TOML);
    site.note("onderwerpen/x.md", "title: X\ndate: 2024-01-01\n");
    let output = site.build();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).starts_with(
        "error[content/reserved-url]: this note would be published at /onderwerpen/x/, inside the index /onderwerpen/ (\"Onderwerpen\")\n --> content/onderwerpen/x.md\n"
    ), "{}", stderr(&output));
}

// ---- term pages, pagination, home, related ----------------------------------------------

fn paged_site() -> Site {
    let site = Site::new(&format!("{NOTA_TOML}page_size = 2\nhome_latest = 3\n"));
    for day in 1..=5 {
        site.note(
            &format!("n{day}.md"),
            &format!(
                "title: Nota {day}\ndate: 2024-03-0{day}\ntype: beslisnota\ntopics: [woo]\nsummary: Samenvatting {day}.\n"
            ),
        );
    }
    site
}

#[test]
fn term_pages_are_paginated_newest_first() {
    let site = paged_site();
    assert_success(&site.build());
    let first = site.read("onderwerpen/woo/index.html");
    let second = site.read("onderwerpen/woo/pagina/2/index.html");
    let third = site.read("onderwerpen/woo/pagina/3/index.html");
    assert!(!site.exists("onderwerpen/woo/pagina/4/index.html"));
    assert_eq!(listed(&first), vec!["Nota 5", "Nota 4"]);
    assert_eq!(listed(&second), vec!["Nota 3", "Nota 2"]);
    assert_eq!(listed(&third), vec!["Nota 1"]);
    assert!(first.contains(
        "<p class=\"publicatie-meta\"><time datetime=\"2024-03-05\">5 maart 2024</time><span class=\"scheiding\" aria-hidden=\"true\"> · </span><span class=\"visually-hidden\">, </span>Beslisnota</p>\n<p>Samenvatting 5.</p>"
    ));
    assert!(second.contains("<title>Woo (pagina 2 van 3) | Onderwerpen | Testsite</title>"));
    assert!(second.contains("<link rel=\"prev\" href=\"/onderwerpen/woo/\">"));
    assert!(second.contains("<link rel=\"next\" href=\"/onderwerpen/woo/pagina/3/\">"));
    assert!(!first.contains("rel=\"prev\""));
    assert!(!third.contains("rel=\"next\""));
    assert!(second.contains("<nav class=\"pagination\" aria-label=\"Paginering\">"));
    assert!(
        second
            .contains("<a href=\"/onderwerpen/woo/pagina/2/\" aria-current=\"page\">Pagina 2</a>")
    );
    assert!(second.contains("<a href=\"/onderwerpen/woo/\">Pagina 1</a>"));
    assert_eq!(second.matches("aria-current=\"page\"").count(), 1);
}

#[test]
fn all_publications_are_listed_newest_first_with_the_years() {
    let site = paged_site();
    // Links to the list's pages and to the accessibility statement resolve.
    fs::write(
        site.root().join("content/oud.md"),
        "---\ntitle: Oude nota\ndate: 2022-06-01\ntype: beslisnota\n---\n\nZie [alle publicaties](/publicaties/), [de laatste pagina](/publicaties/pagina/3/) en [de toegankelijkheidsverklaring](/toegankelijkheid/).\n",
    )
    .unwrap();
    let output = site.build();
    assert_success(&output);
    assert_eq!(stderr(&output), "");
    let pages = [
        site.read("publicaties/index.html"),
        site.read("publicaties/pagina/2/index.html"),
        site.read("publicaties/pagina/3/index.html"),
    ];
    assert!(!site.exists("publicaties/pagina/4/index.html"));
    assert_eq!(
        pages.iter().map(|p| listed(p)).collect::<Vec<_>>(),
        [
            vec!["Nota 5", "Nota 4"],
            vec!["Nota 3", "Nota 2"],
            vec!["Nota 1", "Oude nota"]
        ]
    );
    let [first, second, _] = &pages;
    assert!(first.contains("<title>Alle publicaties (pagina 1 van 3) | Testsite</title>"));
    assert!(first.contains(
        "<meta name=\"description\" content=\"Alle 6 publicaties van het Ministerie van Testzaken: beslisnota's, Kamerbrieven en beleidsreacties, de nieuwste eerst. Pagina 1 van 3.\">"
    ));
    assert!(second.contains(
        "<link rel=\"canonical\" href=\"https://nota.example.nl/publicaties/pagina/2/\">"
    ));
    assert!(second.contains("<link rel=\"prev\" href=\"/publicaties/\">"));
    assert!(
        second.contains("<a href=\"/publicaties/pagina/2/\" aria-current=\"page\">Pagina 2</a>")
    );
    // The years, newest first, link to the year index.
    assert_eq!(
        links_after(
            first,
            "<nav class=\"per-jaar\" aria-label=\"Publicaties per jaar\">"
        ),
        [
            ("/jaren/2024/".to_string(), "2024".to_string()),
            ("/jaren/2022/".to_string(), "2022".to_string())
        ]
    );
    // The menu and the home page lead there.
    let home = site.read("index.html");
    assert!(home.contains("<li><a href=\"/publicaties/\">Publicaties</a></li>"));
    assert!(home.contains(
        "<p><a href=\"/publicaties/\">Alle publicaties</a> (6), de nieuwste eerst en per jaar.</p>"
    ));
}

#[test]
fn home_shows_the_latest_notes_and_the_topics() {
    let site = paged_site();
    assert_success(&site.build());
    let home = site.read("index.html");
    assert_eq!(listed(&home), vec!["Nota 5", "Nota 4", "Nota 3"]);
    assert_eq!(
        links_after(&home, "<ul class=\"term-list\">"),
        vec![("/onderwerpen/woo/".to_string(), "woo".to_string())]
    );
}

#[test]
fn related_notes_rank_by_shared_topics_then_date_then_url() {
    let site = Site::new(NOTA_TOML);
    site.note("a.md", "title: A\ndate: 2024-01-10\ntopics: [x, y]\n")
        .note("b.md", "title: B\ndate: 2020-01-01\ntopics: [x, Y]\n")
        .note("c.md", "title: C\ndate: 2022-01-01\ntopics: [x]\n")
        .note("d.md", "title: D\ndate: 2023-01-01\ntopics: [y]\n")
        .note("e.md", "title: E\ndate: 2023-01-01\ntopics: [x]\n")
        .note("f.md", "title: F\ndate: 2021-01-01\ntopics: [y]\n")
        .note("g.md", "title: G\ndate: 2021-01-01\ntopics: [x]\n")
        .note("h.md", "title: H\ndate: 2025-01-01\ntopics: [z]\n");
    assert_success(&site.build());
    let page = site.read("a/index.html");
    let related: Vec<String> = links_after(&page, "<h2 id=\"nota-verwante-publicaties\">")
        .into_iter()
        .map(|(href, _)| href)
        .collect();
    assert_eq!(related, vec!["/b/", "/d/", "/e/", "/c/", "/f/"]);
    assert!(!site.read("h/index.html").contains("Verwante publicaties"));
}

// ---- feeds, sitemap, robots -------------------------------------------------------------------

/// Every element (by path such as `feed/entry/id`) with its text, and every
/// attribute as `path@name` with its value, in document order. Panics on XML
/// that is not well-formed.
fn parse_xml(xml: &str) -> Vec<(String, String)> {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<String> = Vec::new();
    let mut found: Vec<(String, String)> = Vec::new();
    let mut text_of: Vec<usize> = Vec::new();
    loop {
        let event = reader.read_event().expect("well-formed XML");
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                stack.push(e.name().as_ref().to_string());
                let path = stack.join("/");
                found.push((path.clone(), String::new()));
                text_of.push(found.len() - 1);
                for attr in e.attributes() {
                    let attr = attr.unwrap();
                    let key = attr.key.as_ref().to_string();
                    let value = attr
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .unwrap()
                        .into_owned();
                    found.push((format!("{path}@{key}"), value));
                }
                if matches!(event, Event::Empty(_)) {
                    stack.pop();
                    text_of.pop();
                }
            }
            Event::Text(t) => {
                if let Some(&i) = text_of.last() {
                    found[i].1.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let resolved = match r.xml10_content().as_ref() {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    other => panic!("unexpected entity {other}"),
                };
                if let Some(&i) = text_of.last() {
                    found[i].1.push(resolved);
                }
            }
            Event::End(_) => {
                stack.pop();
                text_of.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    found
}

fn values<'a>(parsed: &'a [(String, String)], path: &str) -> Vec<&'a str> {
    parsed
        .iter()
        .filter(|(p, _)| p == path)
        .map(|(_, v)| v.as_str())
        .collect()
}

#[test]
fn atom_feeds_parse_and_carry_the_required_elements() {
    let site = Site::new(NOTA_TOML);
    site.note(
        "2024/a.md",
        "title: \"Zorg & <welzijn>\"\ndate: 2024-05-01\ntopics: [\"Jeugdzorg & GGZ\"]\nsummary: \"Over 'zorg' & \\\"welzijn\\\".\"\n",
    )
    .note(
        "2023/b.md",
        "title: B\ndate: 2023-02-01\norganisation: Gemeente Ede\ntopics: [\"Jeugdzorg & GGZ\", woo]\n",
    );
    assert_success(&site.build());
    for (file, self_url, entries) in [
        ("atom.xml", "https://nota.example.nl/atom.xml", 2),
        (
            "onderwerpen/jeugdzorg-ggz/atom.xml",
            "https://nota.example.nl/onderwerpen/jeugdzorg-ggz/atom.xml",
            2,
        ),
        (
            "onderwerpen/woo/atom.xml",
            "https://nota.example.nl/onderwerpen/woo/atom.xml",
            1,
        ),
    ] {
        let feed = parse_xml(&site.read(file));
        assert_eq!(
            values(&feed, "feed@xmlns"),
            vec!["http://www.w3.org/2005/Atom"]
        );
        assert_eq!(values(&feed, "feed/id"), vec![self_url]);
        assert_eq!(values(&feed, "feed/title").len(), 1);
        assert_eq!(
            values(&feed, "feed/author/name"),
            vec!["Ministerie van Testzaken"]
        );
        assert_eq!(values(&feed, "feed/link@rel"), vec!["self", "alternate"]);
        assert_eq!(values(&feed, "feed/link@href")[0], self_url);
        assert_eq!(values(&feed, "feed/entry").len(), entries, "{file}");
        for path in [
            "feed/entry/id",
            "feed/entry/title",
            "feed/entry/updated",
            "feed/entry/link@href",
        ] {
            assert_eq!(values(&feed, path).len(), entries, "{file}: {path}");
        }
        for href in values(&feed, "feed/entry/link@href") {
            assert!(href.starts_with("https://nota.example.nl/"), "{href}");
        }
    }
    let feed = parse_xml(&site.read("atom.xml"));
    assert_eq!(values(&feed, "feed/updated"), vec!["2024-05-01T00:00:00Z"]);
    assert_eq!(
        values(&feed, "feed/entry/id"),
        vec![
            "tag:nota.example.nl,2024-05-01:/2024/a/",
            "tag:nota.example.nl,2023-02-01:/2023/b/"
        ]
    );
    assert_eq!(
        values(&feed, "feed/entry/title"),
        vec!["Zorg & <welzijn>", "B"]
    );
    assert_eq!(
        values(&feed, "feed/entry/summary"),
        vec!["Over 'zorg' & \"welzijn\".", "De tekst van de nota."]
    );
    assert_eq!(
        values(&feed, "feed/entry/author/name"),
        vec!["Ministerie van Testzaken", "Gemeente Ede"]
    );
    assert_eq!(
        values(&feed, "feed/entry/updated"),
        vec!["2024-05-01T00:00:00Z", "2023-02-01T00:00:00Z"]
    );
    let term = site.read("onderwerpen/woo/index.html");
    assert!(term.contains(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"woo | Testsite\" href=\"https://nota.example.nl/onderwerpen/woo/atom.xml\">"
    ));
    assert!(term.contains(
        "<a href=\"https://nota.example.nl/onderwerpen/woo/atom.xml\">Volg woo via de Atom-feed</a>"
    ));
}

#[test]
fn sitemap_is_valid_and_robots_txt_names_it() {
    let site = paged_site();
    assert_success(&site.build());
    let sitemap = site.root().join("public/sitemap.xml");
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/sitemap-0.9.xsd");
    let check = Command::new("xmllint")
        .arg("--noout")
        .arg("--nonet")
        .arg("--schema")
        .arg(&schema)
        .arg(&sitemap)
        .output()
        .expect(
            "xmllint is needed for this test (package libxml2-utils; scripts/test installs it)",
        );
    assert!(check.status.success(), "{}", stderr(&check));
    let parsed = parse_xml(&site.read("sitemap.xml"));
    let locs = values(&parsed, "urlset/url/loc");
    assert_eq!(
        locs,
        vec![
            "https://nota.example.nl/",
            "https://nota.example.nl/n5/",
            "https://nota.example.nl/n4/",
            "https://nota.example.nl/n3/",
            "https://nota.example.nl/n2/",
            "https://nota.example.nl/n1/",
            "https://nota.example.nl/publicaties/",
            "https://nota.example.nl/publicaties/pagina/2/",
            "https://nota.example.nl/publicaties/pagina/3/",
            "https://nota.example.nl/onderwerpen/",
            "https://nota.example.nl/onderwerpen/woo/",
            "https://nota.example.nl/onderwerpen/woo/pagina/2/",
            "https://nota.example.nl/onderwerpen/woo/pagina/3/",
            "https://nota.example.nl/organisaties/",
            "https://nota.example.nl/organisaties/ministerie-van-testzaken/",
            "https://nota.example.nl/organisaties/ministerie-van-testzaken/pagina/2/",
            "https://nota.example.nl/organisaties/ministerie-van-testzaken/pagina/3/",
            "https://nota.example.nl/soorten/",
            "https://nota.example.nl/soorten/beslisnota/",
            "https://nota.example.nl/soorten/beslisnota/pagina/2/",
            "https://nota.example.nl/soorten/beslisnota/pagina/3/",
            "https://nota.example.nl/jaren/",
            "https://nota.example.nl/jaren/2024/",
            "https://nota.example.nl/jaren/2024/pagina/2/",
            "https://nota.example.nl/jaren/2024/pagina/3/",
        ]
    );
    // Every listed page was written.
    for loc in &locs {
        let rel = loc.trim_start_matches("https://nota.example.nl/");
        assert!(site.exists(&format!("{rel}index.html")), "{loc}");
    }
    assert_eq!(
        values(&parsed, "urlset/url/lastmod")[..3],
        ["2024-03-05", "2024-03-05", "2024-03-04"]
    );
    assert_eq!(
        site.read("robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://nota.example.nl/sitemap.xml\n"
    );
}
