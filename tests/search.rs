//! Site search on a site of the 19 real notes, 300 generated ones and a note
//! that withholds names (a `{lak}` passage and a redacted section 5), built
//! with the repository's `nota.toml` and the default theme: the index files
//! the build writes, what they never contain, the search page's script
//! against the index builder word for word, and the search page in Chromium
//! (tests/browser/check-search.mjs). A `nota serve` test follows an edit.

mod common;

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use common::Site;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Names withheld by the note below; none may be found or stored anywhere.
const WITHHELD: &[&str] = &["Pieternella", "Vogelzang", "Hendrikus", "Blaauwbroek"];

const WITHHOLDING_NOTE: &str = "---
title: \"Beslisnota over het overleg met de kustwacht\"
date: 2024-09-12
type: beslisnota
topics: [kustwacht]
woo:
  section5: redact
  grounds: [\"5.1.2e\"]
---

## 1. Aanleiding

Het overleg met de kustwacht is voorbereid door {lak 5.1.2e}Pieternella Vogelzang{/lak} van de directie Maritieme Zaken.

## 5. Informatie die zich niet leent voor openbaarmaking

Contactpersoon bij de kustwacht is Hendrikus Blaauwbroek.
";

/// The real notes, 300 generated ones and the withholding note, with the
/// repository's `nota.toml` and default theme.
fn mixed_site() -> Site {
    let config = fs::read_to_string(repo().join("nota.toml")).unwrap();
    let site = Site::with_default_theme(&config);
    common::copy_dir(
        &repo().join("tests/fixtures/corpus/content"),
        &site.path("content/echt"),
    );
    let generated = Command::new("python3")
        .arg(repo().join("bench/gen_corpus.py"))
        .args(["--notes", "300", "--out"])
        .arg(site.root())
        .output()
        .expect("python3 is needed to generate the corpus");
    assert!(generated.status.success(), "{generated:?}");
    site.write("content/2024/overleg-kustwacht.md", WITHHOLDING_NOTE);
    site.write(
        "content/2024/concept.md",
        "---\ntitle: Concept over zeehonden\ndate: 2024-01-01\ndraft: true\n---\n\nZeehondencrèche.\n",
    );
    site
}

fn built_mixed_site() -> Site {
    let site = mixed_site();
    let run = site.nota(&["build"]);
    run.assert_code(0);
    assert!(
        run.summary().ends_with(" 0 errors"),
        "{}\n{}",
        run.summary(),
        run.stderr
    );
    site
}

/// Every file under `public/zoeken/index/`, by path.
fn index_files(site: &Site) -> Vec<(PathBuf, Vec<u8>)> {
    common::snapshot(&site.path("public/zoeken/index"))
}

fn term_lines(site: &Site) -> Vec<nota::search::format::TermLine> {
    index_files(site)
        .into_iter()
        .filter(|(path, _)| path.starts_with("t"))
        .flat_map(|(_, bytes)| {
            nota::search::format::read_term_lines(std::str::from_utf8(&bytes).unwrap()).unwrap()
        })
        .collect()
}

fn manifest(site: &Site) -> serde_json::Value {
    serde_json::from_str(&site.read("public/zoeken/index/index.json")).unwrap()
}

#[test]
fn the_build_writes_the_search_page_and_an_index_of_published_words_only() {
    let site = built_mixed_site();
    assert!(
        site.read("public/zoeken/index.html")
            .contains("<input type=\"search\" id=\"zoekterm\" name=\"q\"")
    );
    assert!(
        site.read("public/index.html")
            .contains("<a href=\"/zoeken/\">Zoeken</a>")
    );
    assert!(site.path("public/zoeken.js").exists() && site.path("public/zoeken.css").exists());
    // Without JavaScript the page says so, visibly, and links the indexes.
    let page = site.read("public/zoeken/index.html");
    let without = page
        .split("<div class=\"zonder-javascript\" id=\"zonder-javascript\">")
        .nth(1)
        .and_then(|rest| rest.split("</div>").next())
        .expect("the search page has a visible no-JavaScript block");
    assert!(
        without.contains("Zoeken werkt met JavaScript."),
        "{without}"
    );
    for index in [
        "/onderwerpen/",
        "/organisaties/",
        "/soorten/",
        "/jaren/",
        "/",
    ] {
        assert!(
            without.contains(&format!("<a href=\"{index}\">")),
            "no link to {index} in {without}"
        );
    }
    // The script is loaded by the search page only.
    assert!(!site.read("public/index.html").contains("zoeken.js"));

    let manifest = manifest(&site);
    // 19 real notes, 300 generated, the withholding note; not the draft.
    assert_eq!(manifest["documenten"], 320);
    let facets: Vec<&str> = manifest["facetten"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["param"].as_str().unwrap())
        .collect();
    assert_eq!(facets, ["onderwerp", "organisatie", "soort", "jaar"]);

    let lines = term_lines(&site);
    let line = |stem: &str| lines.iter().find(|l| l.stem == stem);
    // A published word of the withholding note is there; the withheld are not.
    assert!(line("kustwacht").is_some());
    for name in WITHHELD {
        let folded = nota::search::text::fold(name);
        assert!(line(&nota::search::stem::stem(&folded)).is_none(), "{name}");
        for (path, bytes) in index_files(&site) {
            let text = String::from_utf8_lossy(&bytes).to_lowercase();
            assert!(!text.contains(&folded), "{name} in {}", path.display());
        }
    }
    // Nor is the draft.
    assert!(line("zeehondencreche").is_none());
    let documents: String = index_files(&site)
        .into_iter()
        .filter(|(p, _)| p.starts_with("d"))
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .collect();
    assert!(!documents.contains("zeehonden") && documents.contains("kustwacht"));
    // Forms, compounds and diacritics.
    let gemeent = line("gemeent").expect("gemeente");
    assert!(gemeent.forms.contains(&"gemeente".to_string()));
    let part = line("problematiek").expect("problematiek");
    assert!(
        part.compounds.contains(&"stikstofproblematiek".to_string()),
        "{part:?}"
    );
    // `geïnformeerd` is stored folded, under its stem.
    let informeerd = line("geinformeerd").expect("geïnformeerd");
    assert!(informeerd.forms.contains(&"geinformeerd".to_string()));
}

#[test]
fn a_removed_note_is_gone_from_the_index() {
    let site = built_mixed_site();
    assert!(term_lines(&site).iter().any(|l| l.stem == "kustwacht"));
    fs::remove_file(site.path("content/2024/overleg-kustwacht.md")).unwrap();
    site.nota(&["build"]).assert_code(0);
    assert!(!term_lines(&site).iter().any(|l| l.stem == "kustwacht"));
    assert_eq!(manifest(&site)["documenten"], 319);
}

/// `search = false` in `nota.toml`: no search page, no index, no script or
/// style of its own, no link to any of them in any page, and the footer and
/// the accessibility statement no longer speak of search; the rest of the
/// site is as with search.
#[test]
fn a_site_that_turns_search_off_has_no_search_page_index_or_link() {
    let config = fs::read_to_string(repo().join("nota.toml")).unwrap();
    let build = |config: &str| {
        let site = Site::with_default_theme(config);
        common::copy_dir(
            &repo().join("tests/fixtures/corpus/content"),
            &site.path("content/echt"),
        );
        let run = site.nota(&["build"]);
        run.assert_code(0);
        assert!(
            run.summary().ends_with(" 0 warnings, 0 errors"),
            "{}",
            run.stderr
        );
        site
    };
    let on = build(&config);
    let off = build(&format!("search = false\n{config}"));
    assert!(on.path("public/zoeken/index.html").is_file());
    assert!(!off.path("public/zoeken").exists());
    for script in ["zoeken.js", "zoeken.css"] {
        assert!(on.path(&format!("public/{script}")).is_file());
        assert!(!off.path(&format!("public/{script}")).exists(), "{script}");
    }
    let pages = |site: &Site| -> Vec<(PathBuf, String)> {
        common::snapshot(&site.path("public"))
            .into_iter()
            .filter(|(path, _)| path.extension().is_some_and(|e| e == "html"))
            .map(|(path, bytes)| (path, String::from_utf8(bytes).unwrap()))
            .collect()
    };
    let (on_pages, off_pages) = (pages(&on), pages(&off));
    assert_eq!(
        on_pages.len(),
        off_pages.len() + 1,
        "all but the search page"
    );
    for (path, html) in &off_pages {
        assert!(!html.contains("/zoeken/"), "{path:?} links to search");
        assert!(!html.contains(">Zoeken<"), "{path:?} has a search link");
        assert!(!html.contains("Op zoeken na"), "{path:?} speaks of search");
        assert!(
            html.contains("Deze website werkt zonder JavaScript."),
            "{path:?}"
        );
    }
    let home = |pages: &[(PathBuf, String)]| {
        let home = pages
            .iter()
            .find(|(p, _)| p == &PathBuf::from("index.html"));
        home.expect("a home page").1.clone()
    };
    assert!(home(&on_pages).contains(">Zoeken</a>"));
    assert!(home(&on_pages).contains("Op zoeken na werkt deze website zonder JavaScript."));
    let statement = off.read("public/toegankelijkheid/index.html");
    assert!(!statement.contains("Zoeken werkt alleen met JavaScript"));
    assert!(
        on.read("public/toegankelijkheid/index.html")
            .contains("Zoeken werkt alleen met JavaScript")
    );
}

/// The script must fold, split and stem as the index builder does, or a
/// query would miss: every word form and compound in the index, and the
/// raw text of every real note, through both.
#[test]
fn the_search_script_reads_words_as_the_index_builder_does() {
    let site = built_mixed_site();
    let shards = manifest(&site)["shards"].as_u64().unwrap() as u32;
    let mut words: Vec<String> = term_lines(&site)
        .into_iter()
        .flat_map(|l| l.forms.into_iter().chain(l.compounds))
        .collect();
    // Every Latin letter with a diacritic, in both cases.
    words.extend(('\u{c0}'..='\u{17f}').map(|c| format!("x{c}y")));
    words.extend(
        [
            "Financiële",
            "Ĳssel",
            "CAFÉ",
            "Straße",
            "ἀρχή",
            "Zr",
            "2024",
        ]
        .map(String::from),
    );
    let texts: Vec<String> = fs::read_dir(repo().join("tests/fixtures/corpus/content"))
        .unwrap()
        .map(|e| fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    let input = site.beside("words.json");
    fs::write(
        &input,
        serde_json::json!({ "texts": texts, "words": words, "shards": shards }).to_string(),
    )
    .unwrap();
    common::require_browser(&[], false);
    let (code, output) = common::run_node("search-words.mjs", &[input.as_os_str()]);
    assert_eq!(code, Some(0), "{output}");
    let js: serde_json::Value = serde_json::from_str(&output).unwrap();
    for (i, word) in words.iter().enumerate() {
        let folded = nota::search::text::fold(word);
        let stem = nota::search::stem::stem(&folded);
        assert_eq!(js["folded"][i], folded.as_str(), "fold({word})");
        assert_eq!(js["stems"][i], stem.as_str(), "stem({folded})");
        assert_eq!(
            js["shards"][i],
            nota::search::format::shard_of(&stem, shards),
            "shard({stem})"
        );
    }
    for (i, text) in texts.iter().enumerate() {
        let mut rust = Vec::new();
        nota::search::text::words(text, |w| rust.push(w.to_string()));
        let js: Vec<String> = serde_json::from_value(js["words"][i].clone()).unwrap();
        assert_eq!(js, rust, "words of real note {i}");
    }
}

#[test]
fn the_search_script_unit_tests_pass() {
    common::require_browser(&[], false);
    let output = Command::new("node")
        .args(["--test", "tests/browser/zoeken.test.mjs"])
        .current_dir(repo())
        .output()
        .expect("run node");
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The search page in Chromium: a rare word finds its note first, other
/// forms find it, a facet narrows, the count is announced, axe and the Nu
/// checker report nothing, no script error, and the withheld names find
/// nothing and are in no index file.
#[test]
fn the_search_page_finds_narrows_and_never_finds_withheld_names_in_chromium() {
    common::require_browser(&["axe-core", "playwright-core", "vnu-jar"], true);
    let site = built_mixed_site();
    let tromp = "/echt/02-defensie-2024-voorval-zrms-tromp/";
    let groeifonds = "/echt/20-ezk-2024-vierde-ronde-nationaal-groeifonds/";
    let benoeming = "/echt/04-bzk-2024-benoeming-staatscommissie-discriminatie/";
    let kustwacht = "/2024/overleg-kustwacht/";
    let stikstof = "/echt/17-lnv-2024-nadere-vragen-stikstof/";
    let atr_wijziging = "/echt/22-ez-2024-tweede-nota-van-wijziging-atr/";
    let checks = serde_json::json!({
        "first": [
            { "q": "Tromp", "url": tromp },
            { "q": "groeifonds", "url": groeifonds },
        ],
        "finds": [
            { "q": "Groeifondsen", "url": groeifonds },
            { "q": "staatscommissies", "url": benoeming },
            { "q": "problematiek", "url": stikstof },
            { "q": "Oost-Chinese Zee", "url": tromp },
            { "q": "\"Oost-Chinese Zee\"", "url": tromp },
            { "q": "kustwacht", "url": kustwacht },
            { "q": "regeldrukcoordinatorenoverleg", "url": atr_wijziging },
        ],
        "none": WITHHELD.iter().copied().chain(["\"Zee Oost-Chinese\""]).collect::<Vec<_>>(),
        "absent": WITHHELD,
        "facet": { "q": "stikstof", "param": "soort", "value": "kamerbrief" },
        "keyboard": "groeifonds",
    });
    let spec = site.beside("checks.json");
    fs::write(&spec, checks.to_string()).unwrap();
    let public = site.path("public");
    let (code, output) =
        common::run_node("check-search.mjs", &[public.as_os_str(), spec.as_os_str()]);
    assert_eq!(code, Some(0), "check-search.mjs failed:\n{output}");
    assert!(output.contains("all search checks passed"), "{output}");
}

/// `nota serve` follows every edit: a new word is found after the save, the
/// old one no longer, through an overlay of the edited note; a new note
/// makes a new index.
#[test]
fn serve_keeps_the_index_up_to_date_on_every_edit() {
    let site = mixed_site();
    let serve = common::Serve::start(site.root(), &[], std::time::Duration::from_secs(120));
    let get = |path: &str| http_get(serve.addr, path);
    let manifest = |body: String| -> serde_json::Value { serde_json::from_str(&body).unwrap() };
    let first = manifest(get("/zoeken/index/index.json"));
    assert_eq!(first["documenten"], 320);
    assert!(first.get("overlay").is_none());

    // An edit with a new word: overlaid.
    let note = site.path("content/2024/overleg-kustwacht.md");
    let text = fs::read_to_string(&note).unwrap();
    fs::write(
        &note,
        text.replace("Maritieme Zaken", "Maritieme Zaken en de zeehavenpolitie"),
    )
    .unwrap();
    let edited = wait_for(|| {
        let m = manifest(get("/zoeken/index/index.json"));
        (m["versie"] != first["versie"]).then_some(m)
    });
    let overlay = edited["overlay"].clone();
    assert_eq!(
        overlay["documenten"].as_array().unwrap().len(),
        1,
        "{edited}"
    );
    let overlay_text = get(&format!(
        "/zoeken/index/{}",
        overlay["bestand"].as_str().unwrap()
    ));
    assert!(overlay_text.contains("zeehavenpolitie"), "{overlay_text}");

    // A new note: a new index without overlay.
    site.write(
        "content/2024/nieuw.md",
        "---\ntitle: Nieuwe nota over zeehavens\ndate: 2024-10-01\n---\n\nDe zeehavens.\n",
    );
    let grown = wait_for(|| {
        let m = manifest(get("/zoeken/index/index.json"));
        (m["documenten"] == 321).then_some(m)
    });
    assert!(grown.get("overlay").is_none(), "{grown}");
}

/// Polls `check` for up to a minute.
fn wait_for<T>(mut check: impl FnMut() -> Option<T>) -> T {
    for _ in 0..600 {
        if let Some(value) = check() {
            return value;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("timed out");
}

/// The body of a GET on the test server.
fn http_get(addr: std::net::SocketAddr, path: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    assert!(head.starts_with("HTTP/1.1 200"), "{path}: {head}");
    body.to_string()
}
