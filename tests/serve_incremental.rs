//! Incremental rebuilds in `nota serve` (see `src/incremental/`): after
//! every kind of edit, the served site must be exactly what a cold
//! `nota build` of the same files writes, byte for byte, file for file,
//! although the rebuild reused cached index pages, feeds, Woo files, related
//! lists and check findings, and listed `content/` from the watcher's paths.
//! Every wait is bounded and on an event (a printed line), never a sleep.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(60);
/// How long the server must stay quiet after a rebuild before a change counts
/// as fully applied (see `wait_rebuild`).
const SETTLED: Duration = Duration::from_millis(500);
const LIVE_SCRIPT: &str =
    "<script src=\"/__nota/live.js\" data-events=\"/__nota/events\"></script>";

const NOTA_TOML: &str = "title = \"Testsite\"\nbase_url = \"https://test.example.nl\"\norganisation = \"Ministerie van Justitie en Veiligheid\"\naccessibility.contact = \"toegankelijkheid@example.nl\"\n\n[woo]\npublisher = \"ministerie van Justitie en Veiligheid\"\n";

fn note(title: &str, date: &str, topics: &[&str], body: &str) -> String {
    let topics: String = topics.iter().map(|t| format!("  - \"{t}\"\n")).collect();
    format!(
        "---\ntitle: \"{title}\"\ndate: {date}\ntype: beslisnota\ntopics:\n{topics}---\n\n## 1. Aanleiding\n\n{body}\n"
    )
}

type Site = common::Site;

/// A site in a temporary folder with the repository's default theme, Woo
/// output on and four notes on overlapping topics.
fn new_site() -> Site {
    let site = Site::with_default_theme(NOTA_TOML);
    let notes = [
        (
            "woningen",
            "Woningbouw versnellen",
            "2024-03-01",
            &["woningbouw", "klimaat"][..],
        ),
        (
            "dijken",
            "Dijkversterking",
            "2024-02-01",
            &["klimaat", "water"][..],
        ),
        ("huur", "Huurbescherming", "2024-01-15", &["woningbouw"][..]),
        ("zorg", "Zorgkosten", "2023-12-01", &["zorg"][..]),
    ];
    for (slug, title, date, topics) in notes {
        site.write(
            &format!("content/2024/{slug}.md"),
            note(title, date, topics, &format!("Tekst over {slug}.")),
        );
    }
    site
}

/// Every file of a cold `nota build` of `site`, by site path.
fn cold_build(site: &Site) -> Vec<(String, Vec<u8>)> {
    common::cold_build(site.root(), &site.beside("koud"))
}

/// A running `nota serve` on the test site.
type Server = common::Serve;

fn start_server(site: &Site) -> Server {
    common::Serve::start(site.root(), &[], WAIT)
}

/// What the tests ask of a running server.
trait Checks {
    fn wait_rebuild(&mut self) -> String;
    fn get(&self, target: &str) -> (u16, Vec<u8>);
    fn assert_serves_cold_build(&self, site: &Site, step: &str);
    fn body(&self, target: &str) -> String;
}

impl Checks for Server {
    /// Waits for the rebuilds a change causes; the new site is served once
    /// the line is printed. A change made of many file operations (removing
    /// a folder) is normally one rebuild, but on a loaded machine the
    /// operations can be spread wider than the watcher's quiet window and
    /// come as two: so this waits until no further rebuild follows within
    /// [`SETTLED`], and returns the last line.
    fn wait_rebuild(&mut self) -> String {
        let is_rebuild = |l: &str| l.starts_with("nota: rebuilt after");
        let mut line = self.wait_line(is_rebuild);
        loop {
            assert!(
                line.contains(" 0 errors"),
                "{line}\n{}",
                self.backlog.join("\n")
            );
            match self.line_within(is_rebuild, SETTLED) {
                Some(next) => line = next,
                None => return line,
            }
        }
    }

    fn get(&self, target: &str) -> (u16, Vec<u8>) {
        let mut stream = TcpStream::connect(self.addr).unwrap();
        stream.set_read_timeout(Some(WAIT)).unwrap();
        write!(
            stream,
            "GET {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        let body = &raw[split + 4..];
        let chunked = head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked");
        (
            status,
            if chunked {
                dechunk(body)
            } else {
                body.to_vec()
            },
        )
    }

    /// Asserts that every file of a cold build is served with the same bytes
    /// (apart from the live-reload script tag), and that the search index
    /// finds the same (its shards may carry an overlay of the edit).
    fn assert_serves_cold_build(&self, site: &Site, step: &str) {
        let cold = cold_build(site);
        assert!(cold.len() > 20, "the site has index pages and Woo files");
        let index_file = |rel: &str| {
            let name = format!("zoeken/index/{rel}");
            cold.iter()
                .find(|(r, _)| *r == name)
                .map(|(_, b)| b.clone())
                .unwrap_or_default()
        };
        let served = common::search_index(|rel| self.get(&format!("/zoeken/index/{rel}")).1);
        assert_eq!(
            served,
            common::search_index(index_file),
            "after {step}: the search index"
        );
        for (rel, bytes) in &cold {
            let index = ["t/", "p/", "index.json", "overlay.txt"];
            if rel
                .strip_prefix("zoeken/index/")
                .is_some_and(|r| index.iter().any(|prefix| r.starts_with(prefix)))
            {
                continue;
            }
            let target = match rel.strip_suffix("index.html") {
                Some(folder) => format!("/{folder}"),
                None => format!("/{rel}"),
            };
            let (status, body) = if rel == "404.html" {
                self.get("/bestaat-niet/")
            } else {
                self.get(&target)
            };
            let body = String::from_utf8_lossy(&body).replace(LIVE_SCRIPT, "");
            assert_eq!(
                body,
                String::from_utf8_lossy(bytes),
                "after {step}: {rel} differs from a cold build"
            );
            if rel != "404.html" {
                assert_eq!(status, 200, "after {step}: {rel}");
            }
        }
    }

    fn body(&self, target: &str) -> String {
        let (status, body) = self.get(target);
        assert_eq!(status, 200, "{target}");
        String::from_utf8(body).unwrap()
    }
}

#[test]
fn a_topic_edit_updates_term_pages_feeds_and_woo_files() {
    let site = new_site();
    let mut server = start_server(&site);
    assert!(
        server
            .body("/onderwerpen/water/")
            .contains("Dijkversterking")
    );
    assert!(
        !server
            .body("/onderwerpen/zorg/")
            .contains("Dijkversterking")
    );

    site.write(
        "content/2024/dijken.md",
        note(
            "Dijkversterking",
            "2024-02-01",
            &["klimaat", "zorg"],
            "Tekst over dijken.",
        ),
    );
    server.wait_rebuild();
    assert!(
        server
            .body("/onderwerpen/zorg/")
            .contains("Dijkversterking")
    );
    assert!(
        server
            .body("/onderwerpen/zorg/atom.xml")
            .contains("Dijkversterking"),
        "the term's feed follows"
    );
    assert_eq!(
        server.get("/onderwerpen/water/").0,
        404,
        "an emptied term is gone"
    );
    server.assert_serves_cold_build(&site, "a topic edit");
}

#[test]
fn a_title_edit_updates_the_home_page_related_lists_and_inventory() {
    let site = new_site();
    let mut server = start_server(&site);
    assert!(
        server.body("/2024/huur/").contains("Woningbouw versnellen"),
        "related notes share a topic"
    );

    site.write(
        "content/2024/woningen.md",
        note(
            "Woningbouw fors versnellen",
            "2024-03-01",
            &["woningbouw", "klimaat"],
            "Tekst over woningen.",
        ),
    );
    server.wait_rebuild();
    assert!(server.body("/").contains("Woningbouw fors versnellen"));
    assert!(
        server
            .body("/2024/huur/")
            .contains("Woningbouw fors versnellen")
    );
    assert!(
        server
            .body("/woo/inventaris/")
            .contains("Woningbouw fors versnellen")
    );
    server.assert_serves_cold_build(&site, "a title edit");

    // A body-only edit leaves the lists alone but must still reach the
    // DiWoo record (its summary) and the page.
    site.write(
        "content/2024/zorg.md",
        note(
            "Zorgkosten",
            "2023-12-01",
            &["zorg"],
            "Nieuwe samenvatting van zorg.",
        ),
    );
    server.wait_rebuild();
    assert!(
        server
            .body("/2024/zorg/")
            .contains("Nieuwe samenvatting van zorg.")
    );
    server.assert_serves_cold_build(&site, "a body edit");
}

#[test]
fn new_folders_renames_and_deletions_are_listed_from_the_watchers_paths() {
    let site = new_site();
    let mut server = start_server(&site);

    // A whole folder appears at once (as when it is moved in).
    let staged = site.beside("staged");
    std::fs::create_dir_all(staged.join("sub")).unwrap();
    std::fs::write(
        staged.join("sub/nieuw.md"),
        note("Nieuwe nota", "2025-01-10", &["water"], "Nieuw."),
    )
    .unwrap();
    std::fs::write(staged.join("bijlage.txt"), "Een bijlage.").unwrap();
    std::fs::rename(&staged, site.path("content/2025")).unwrap();
    server.wait_rebuild();
    assert!(server.body("/2025/sub/nieuw/").contains("Nieuwe nota"));
    assert_eq!(server.body("/2025/bijlage.txt"), "Een bijlage.");
    server.assert_serves_cold_build(&site, "adding a folder");

    // A rename within content/.
    std::fs::rename(
        site.path("content/2024/huur.md"),
        site.path("content/2024/huren.md"),
    )
    .unwrap();
    server.wait_rebuild();
    assert_eq!(server.get("/2024/huur/").0, 404);
    assert!(server.body("/2024/huren/").contains("Huurbescherming"));
    server.assert_serves_cold_build(&site, "a rename");

    // The folder goes again.
    std::fs::remove_dir_all(site.path("content/2025")).unwrap();
    server.wait_rebuild();
    assert_eq!(server.get("/2025/sub/nieuw/").0, 404);
    assert_eq!(server.get("/2025/bijlage.txt").0, 404);
    assert!(!server.body("/").contains("Nieuwe nota"));
    server.assert_serves_cold_build(&site, "removing a folder");
}

#[test]
fn a_note_with_errors_keeps_the_last_good_site_and_its_mending_is_a_cold_build() {
    let site = new_site();
    let huur = |front: &str| {
        note(
            "Huurbescherming",
            "2024-01-15",
            &["woningbouw"],
            "Tekst over huur.",
        )
        .replacen("---\n", &format!("---\n{front}"), 1)
    };
    site.write(
        "content/2024/zorg.md",
        note(
            "Zorgkosten",
            "2023-12-01",
            &["zorg"],
            "Zie de [nota over huur](huur.md).",
        ),
    );
    let mut server = start_server(&site);
    assert!(server.body("/2024/zorg/").contains("href=\"/2024/huur/\""));

    // A typo in huur.md's front matter: one error there, a warning (not an
    // error) on the link from zorg.md, and the last good site stays.
    site.write("content/2024/huur.md", huur("slug: huren\nsumary: x\n"));
    let line = server.wait_line(|l| l.starts_with("nota: rebuilt after"));
    assert!(
        line.contains(", 1 warning, 1 error in "),
        "{line}\n{}",
        server.backlog.join("\n")
    );
    // (stderr and stdout are read apart: the warning may come after the line)
    server.wait_line(|l| {
        l == "warning[links/note-with-errors]: link to a note that has errors: content/2024/huur.md"
    });
    assert!(server.body("/2024/huur/").contains("Huurbescherming"));

    // Mended, with the slug it declared: the link follows the new URL.
    site.write("content/2024/huur.md", huur("slug: huren\n"));
    server.wait_rebuild();
    assert!(server.body("/2024/zorg/").contains("href=\"/2024/huren/\""));
    server.assert_serves_cold_build(&site, "mending a note with errors");
}

/// The body of a response in chunked transfer encoding (as the server sends
/// large files), without the chunk sizes.
fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    loop {
        let line_end = raw.windows(2).position(|w| w == b"\r\n").unwrap();
        let size = std::str::from_utf8(&raw[..line_end]).unwrap();
        let size = usize::from_str_radix(size.split(';').next().unwrap().trim(), 16).unwrap();
        if size == 0 {
            return body;
        }
        let start = line_end + 2;
        body.extend_from_slice(&raw[start..start + size]);
        raw = &raw[start + size + 2..];
    }
}

/// A note for the large-category test: no topics, so that the site's term
/// pages stay small; `extra` is added to the front matter.
fn plain_note(title: &str, date: &str, extra: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndate: {date}\ntype: beslisnota\n{extra}---\n\nTekst.\n")
}

/// The `<loc>` of a note in the DiWoo sitemaps.
fn diwoo_loc(path: &str) -> String {
    format!("<loc>https://test.example.nl{path}</loc>")
}

#[test]
fn woo_sitemap_files_follow_added_moved_recategorised_and_deleted_notes() {
    let site = new_site();
    // 1,100 older notes besides the four of 2024: two sitemap files in
    // category 018.
    for i in 0..1100 {
        let date = format!("2010-{:02}-{:02}", 1 + i / 100, 1 + (i % 100) / 4);
        let folder = if i < 997 { "veel" } else { "rest" };
        site.write(
            &format!("content/{folder}/n{i:04}.md"),
            plain_note(&format!("Nota {i}"), &date, ""),
        );
    }
    let mut server = start_server(&site);
    let file =
        |server: &Server, n: usize| server.body(&format!("/sitemaps/diwoo-infocat018-{n:05}.xml"));
    assert_eq!(file(&server, 1).matches("<url>").count(), 1000);
    assert_eq!(file(&server, 2).matches("<url>").count(), 104);

    // A new note lands in the last file.
    site.write(
        "content/veel/nieuw.md",
        plain_note("Nieuwste nota", "2025-06-01", ""),
    );
    server.wait_rebuild();
    assert!(file(&server, 2).contains(&diwoo_loc("/veel/nieuw/")));
    server.assert_serves_cold_build(&site, "adding a note");

    // A new date moves a note from the first file to the second.
    assert!(file(&server, 1).contains(&diwoo_loc("/veel/n0005/")));
    site.write(
        "content/veel/n0005.md",
        plain_note("Nota 5", "2020-01-01", ""),
    );
    server.wait_rebuild();
    assert!(!file(&server, 1).contains(&diwoo_loc("/veel/n0005/")));
    assert!(file(&server, 2).contains(&diwoo_loc("/veel/n0005/")));
    server.assert_serves_cold_build(&site, "moving a note to a later date");

    // Another category: the note leaves 018 for a new index of 015.
    site.write(
        "content/veel/n0010.md",
        plain_note(
            "Nota 10",
            "2010-01-03",
            "woo:\n  category: onderzoeksrapporten\n",
        ),
    );
    server.wait_rebuild();
    assert!(!file(&server, 1).contains(&diwoo_loc("/veel/n0010/")));
    assert!(
        server
            .body("/sitemaps/diwoo-infocat015-00001.xml")
            .contains(&diwoo_loc("/veel/n0010/"))
    );
    assert!(
        server
            .body("/robots.txt")
            .contains("sitemapindex-diwoo-infocat015.xml")
    );
    server.assert_serves_cold_build(&site, "moving a note to another category");

    // Deleting a note takes it out of its file.
    std::fs::remove_file(site.path("content/veel/n0000.md")).unwrap();
    server.wait_rebuild();
    assert!(!file(&server, 1).contains(&diwoo_loc("/veel/n0000/")));
    server.assert_serves_cold_build(&site, "deleting a note");

    // Deleting a folder of notes until 018 fits one file drops the second.
    std::fs::remove_dir_all(site.path("content/rest")).unwrap();
    server.wait_rebuild();
    assert_eq!(file(&server, 1).matches("<url>").count(), 1000);
    assert_eq!(server.get("/sitemaps/diwoo-infocat018-00002.xml").0, 404);
    assert!(!server.body("/woo/inventaris.csv").contains("Nota 1099"));
    server.assert_serves_cold_build(&site, "deleting a folder of notes");
}
