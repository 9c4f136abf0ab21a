//! Sites published under a path of their host (`base_url =
//! "https://www.example.nl/beslisnotas/"`): every link nota writes carries
//! the path, links still resolve, `nota serve` previews under the same path,
//! and a `base_url` whose path cannot be used is a clear error.
//! (`tests/deploy.rs` serves such a site with nginx in a real browser.)

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::time::Duration;

use common::{Site, http};

const BASE_URL: &str = "https://www.example.nl/beslisnotas/";

/// The values of every `href`, `src` and `action` attribute in `html`.
fn link_values(html: &str) -> Vec<String> {
    let mut values = Vec::new();
    for attribute in [" href=\"", " src=\"", " action=\""] {
        for (at, _) in html.match_indices(attribute) {
            let start = at + attribute.len();
            let end = start + html[start..].find('"').expect("closing quote");
            values.push(html[start..end].replace("&amp;", "&"));
        }
    }
    values
}

/// Every `id` in `html`.
fn ids(html: &str) -> BTreeSet<String> {
    html.match_indices(" id=\"")
        .map(|(at, found)| {
            let start = at + found.len();
            html[start..start + html[start..].find('"').unwrap()].to_string()
        })
        .collect()
}

/// The output file a URL path under `/beslisnotas` stands for, if any.
fn file_for(public: &Path, url_path: &str) -> Option<std::path::PathBuf> {
    let inside = url_path.strip_prefix("/beslisnotas/")?;
    let path = public.join(inside);
    if url_path.ends_with('/') {
        let index = path.join("index.html");
        return index.is_file().then_some(index);
    }
    path.is_file().then_some(path)
}

/// Checks every link of every HTML file in `public` (a site published under
/// `/beslisnotas/`): root-absolute links carry the path and name a file of
/// the site, fragments name an id of their page; absolute links to the site
/// itself start with `BASE_URL`. Returns how many internal links it checked.
fn assert_every_internal_link_resolves(public: &Path) -> usize {
    let pages: Vec<std::path::PathBuf> = walkdir::WalkDir::new(public)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect();
    let mut checked = 0;
    let mut problems = Vec::new();
    for page in &pages {
        let html = fs::read_to_string(page).unwrap();
        let shown = page.strip_prefix(public).unwrap().display().to_string();
        for link in link_values(&html) {
            let (path, fragment) = match link.split_once('#') {
                Some((p, f)) => (p.to_string(), Some(f.to_string())),
                None => (link.clone(), None),
            };
            let internal = if let Some(rest) = path.strip_prefix("https://www.example.nl") {
                if !rest.starts_with("/beslisnotas/") {
                    problems.push(format!("{shown}: {link} is outside the site"));
                    continue;
                }
                rest.to_string()
            } else if path.starts_with('/') && !path.starts_with("//") {
                path.clone()
            } else if path.is_empty() {
                String::new()
            } else {
                continue; // another host, mailto:, …
            };
            checked += 1;
            let target = if internal.is_empty() {
                Some(page.clone())
            } else if !internal.starts_with("/beslisnotas/") {
                problems.push(format!("{shown}: {link} does not start with /beslisnotas/"));
                continue;
            } else {
                file_for(public, &internal)
            };
            let Some(target) = target else {
                problems.push(format!("{shown}: {link} names no file of the site"));
                continue;
            };
            if let Some(fragment) = fragment
                && target.extension().is_some_and(|x| x == "html")
            {
                let target_html = fs::read_to_string(&target).unwrap();
                if !ids(&target_html).contains(&fragment) {
                    problems.push(format!("{shown}: {link}: no id {fragment:?}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    checked
}

#[test]
fn the_real_corpus_under_a_sub_path_has_no_broken_internal_link() {
    let site = Site::empty();
    common::copy_dir(&common::fixtures().join("corpus"), site.root());
    fs::write(site.path("nota.toml"), common::repo_nota_toml_at(BASE_URL)).unwrap();
    let run = site.nota(&["build"]);
    run.assert_code(0);
    assert!(
        run.summary()
            .starts_with("nota: 19 notes read, 87 pages written, 0 warnings, 0 errors"),
        "{}\n{}",
        run.stdout,
        run.stderr
    );
    let public = site.path("public");
    assert!(!site.path("themes").exists(), "the built-in theme is used");
    let checked = assert_every_internal_link_resolves(&public);
    assert!(checked > 1500, "only {checked} links checked");

    let home = site.read("public/index.html");
    for expected in [
        "<link rel=\"stylesheet\" href=\"/beslisnotas/style.css\">",
        "<link rel=\"icon\" href=\"/beslisnotas/favicon.svg\" type=\"image/svg+xml\">",
        "<p class=\"site-title\"><a href=\"/beslisnotas/\">",
        "<li><a href=\"/beslisnotas/onderwerpen/\">Onderwerpen</a></li>",
        "<li><a href=\"/beslisnotas/woo/inventaris/\">Woo-inventaris</a></li>",
        "<li><a href=\"/beslisnotas/publicaties/\">Publicaties</a></li>",
        "<p><a href=\"/beslisnotas/publicaties/\">Alle publicaties</a> (19), de nieuwste eerst en per jaar.</p>",
        "Lees de <a href=\"/beslisnotas/toegankelijkheid/\">toegankelijkheidsverklaring</a>.",
        "<link rel=\"canonical\" href=\"https://www.example.nl/beslisnotas/\">",
        "href=\"https://www.example.nl/beslisnotas/atom.xml\"",
    ] {
        assert!(home.contains(expected), "{expected} not in the home page");
    }
    let inventory = site.read("public/woo/inventaris/index.html");
    assert!(inventory.contains("href=\"/beslisnotas/woo/inventaris.csv\" download"));
    assert!(inventory.contains("href=\"https://www.example.nl/beslisnotas/01-az-2024"));
    let all = site.read("public/publicaties/index.html");
    assert!(all.contains("<li><a href=\"/beslisnotas/jaren/2024/\">2024</a>"));
    assert!(all.contains(
        "<link rel=\"canonical\" href=\"https://www.example.nl/beslisnotas/publicaties/\">"
    ));
    let statement = site.read("public/toegankelijkheid/index.html");
    assert!(
        statement.contains("op https://www.example.nl/beslisnotas/ en alle pagina's daaronder")
    );
    let not_found = site.read("public/404.html");
    assert!(not_found.contains("<a href=\"/beslisnotas/\">startpagina met alle publicaties</a>"));
    // Feeds, sitemaps and robots.txt were absolute before and stay so.
    let robots = site.read("public/robots.txt");
    assert!(robots.contains("Sitemap: https://www.example.nl/beslisnotas/sitemap.xml\n"));
    assert!(site.read("public/sitemap.xml").contains(
        "<loc>https://www.example.nl/beslisnotas/01-az-2024-kamervragen-van-nieuwenhuizen/</loc>"
    ));
    let feed = site.read("public/atom.xml");
    assert!(feed.contains("<id>https://www.example.nl/beslisnotas/atom.xml</id>"));
}

#[test]
fn pagination_and_term_links_carry_the_path() {
    let site = Site::empty();
    common::copy_dir(&common::fixtures().join("corpus"), site.root());
    fs::write(
        site.path("nota.toml"),
        format!("page_size = 2\n{}", common::repo_nota_toml_at(BASE_URL)),
    )
    .unwrap();
    site.nota(&["build"]).assert_code(0);
    let first = site.read("public/jaren/2024/index.html");
    assert!(
        first.contains("<link rel=\"next\" href=\"/beslisnotas/jaren/2024/pagina/2/\">"),
        "{first}"
    );
    assert!(first.contains("<a href=\"/beslisnotas/jaren/2024/pagina/2/\">Pagina 2</a>"));
    let second = site.read("public/jaren/2024/pagina/2/index.html");
    assert!(second.contains("<a href=\"/beslisnotas/jaren/2024/\" rel=\"prev\">Vorige pagina</a>"));
    assert!(second.contains("<li><a href=\"/beslisnotas/jaren/\">Jaren</a></li>"));
    assert!(
        second.contains("Pagina 2 van "),
        "description names the page"
    );
    assert_every_internal_link_resolves(&site.path("public"));
}

#[test]
fn links_in_notes_carry_the_path_and_are_checked_as_site_paths() {
    let site = Site::empty();
    fs::write(site.path("nota.toml"), common::repo_nota_toml_at(BASE_URL)).unwrap();
    let note = |title: &str, body: &str| {
        format!(
            "---\ntitle: {title}\ndate: 2024-03-01\ntype: beslisnota\nkenmerk: K-{}\n---\n\n{body}\n",
            title.len()
        )
    };
    site.write(
        "content/2024/eerste.md",
        note(
            "Eerste",
            "## Kop\n\nZie [de tweede](../2023/tweede.md#doel), [de tweede als pad](/2023/tweede/), \
             [het overzicht](/onderwerpen/), [deze kop](#kop) en ![Logo van de nota](logo.svg).\n\n\
             [Elders](https://www.rijksoverheid.nl/) en [Protocol](//cdn.example.nl/x).",
        ),
    );
    site.write(
        "content/2024/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write(
        "content/2023/tweede.md",
        note("Tweede", "## Doel\n\nTekst."),
    );
    let run = site.nota(&["build"]);
    run.assert_code(0);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let page = site.read("public/2024/eerste/index.html");
    for expected in [
        "<a href=\"/beslisnotas/2023/tweede/#doel\">de tweede</a>",
        "<a href=\"/beslisnotas/2023/tweede/\">de tweede als pad</a>",
        "<a href=\"/beslisnotas/onderwerpen/\">het overzicht</a>",
        "<a href=\"#kop\">deze kop</a>",
        "<img src=\"/beslisnotas/2024/logo.svg\" alt=\"Logo van de nota\" />",
        "<a href=\"https://www.rijksoverheid.nl/\">Elders</a>",
        "<a href=\"//cdn.example.nl/x\">Protocol</a>",
    ] {
        assert!(page.contains(expected), "{expected} not in:\n{page}");
    }
    assert_every_internal_link_resolves(&site.path("public"));

    // An author who writes the base path into a link gets it twice, and
    // the link check says so: links in notes are site paths.
    site.write(
        "content/2024/eerste.md",
        note("Eerste", "Zie [de tweede](/beslisnotas/2023/tweede/)."),
    );
    let run = site.nota(&["build"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("error[links/broken]")
            && run.stderr.contains("/beslisnotas/2023/tweede/"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_base_url_whose_path_cannot_be_used_is_an_error() {
    let site = Site::empty();
    site.write(
        "nota.toml",
        "title = \"x\"\nbase_url = \"https://www.example.nl/beslis notas/\"\norganisation = \"o\"\n",
    );
    site.write("content/a.md", "---\ntitle: a\ndate: 2024-01-01\n---\n");
    let run = site.nota(&["build"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("error[config/base-url]: base_url `https://www.example.nl/beslis notas/` is not an absolute URL"),
        "{}",
        run.stderr
    );
    site.write(
        "nota.toml",
        "title = \"x\"\nbase_url = \"https://www.example.nl/beslisnotas/?x=1\"\norganisation = \"o\"\n",
    );
    let run = site.nota(&["build"]);
    run.assert_code(1);
    assert_eq!(
        run.stderr,
        "error[config/base-url]: base_url `https://www.example.nl/beslisnotas/?x=1` has a query or fragment (`?` or `#`)\n \
         --> nota.toml:2:1\n  |\n2 | base_url = \"https://www.example.nl/beslisnotas/?x=1\"\n  | ^^^^^^^^\n  \
         = help: write the address where the site's home page is published, e.g. base_url = \"https://www.example.nl/beslisnotas/\"\n\n\
         nota: 1 error in nota.toml; nothing was built\n"
    );
}

#[test]
fn serve_previews_the_site_under_its_path() {
    let site = Site::empty();
    fs::write(site.path("nota.toml"), common::repo_nota_toml_at(BASE_URL)).unwrap();
    site.write(
        "content/2024/eerste.md",
        "---\ntitle: Eerste\ndate: 2024-03-01\ntype: beslisnota\nkenmerk: K-1\n---\n\nVersie een.\n",
    );
    let server = common::Serve::start(site.root(), &[], Duration::from_secs(60));
    let addr = server.addr;
    assert_eq!(
        server.listening,
        format!("nota: serving http://{addr}/beslisnotas/ (Ctrl-C stops)")
    );
    let home = http::get(addr, "/beslisnotas/");
    assert_eq!(home.status, 200);
    assert!(home.body.contains(
        "<script src=\"/beslisnotas/__nota/live.js\" data-events=\"/beslisnotas/__nota/events\"></script>"
    ));
    assert!(home.body.contains("href=\"/beslisnotas/style.css\""));
    assert_eq!(http::get(addr, "/beslisnotas/__nota/live.js").status, 200);
    assert_eq!(http::get(addr, "/beslisnotas/style.css").status, 200);
    let root = http::get(addr, "/");
    assert_eq!(root.status, 302);
    assert_eq!(root.header("Location").as_deref(), Some("/beslisnotas/"));
    let bare = http::get(addr, "/beslisnotas");
    assert_eq!(bare.status, 301);
    assert_eq!(bare.header("Location").as_deref(), Some("/beslisnotas/"));
    let folder = http::get(addr, "/beslisnotas/2024/eerste");
    assert_eq!(
        folder.header("Location").as_deref(),
        Some("/beslisnotas/2024/eerste/")
    );
    let outside = http::get(addr, "/2024/eerste/");
    assert_eq!(outside.status, 404);
    assert!(
        outside
            .body
            .contains("<a href=\"/beslisnotas/\">startpagina")
    );
    assert_eq!(http::get(addr, "/__nota/live.js").status, 404);
}
