//! The built-in theme and a site's theme over it: overriding one template,
//! adding a stylesheet, a named theme, the `url` filter and the warnings
//! for URLs a theme writes from the root of the host.

mod common;

use std::fs;
use std::path::Path;

use common::Site;

/// A site with the repository's nota.toml (`base_url` replaced) and one
/// note, and no themes/ folder.
fn site_with(base_url: &str) -> Site {
    let site = Site::empty();
    site.write("nota.toml", common::repo_nota_toml_at(base_url));
    site.write(
        "content/2024/eerste.md",
        "---\ntitle: Eerste nota\ndate: 2024-03-01\ntype: beslisnota\nkenmerk: K-1\ntopics: [woo]\n---\n\n## Aanleiding\n\nTekst.\n",
    );
    site
}

#[test]
fn one_overridden_template_leaves_the_rest_built_in() {
    let site = site_with("https://www.example.nl");
    site.write(
        "themes/default/templates/404.html",
        "{% extends \"base.html\" %}\n{% block main %}<h1>Eigen foutpagina</h1>{% endblock %}\n",
    );
    let run = site.nota(&["build"]);
    run.assert_code(0);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let not_found = site.read("public/404.html");
    assert!(not_found.contains("<h1>Eigen foutpagina</h1>"));
    // base.html is the built-in one.
    assert!(not_found.contains("<a class=\"skip-link\" href=\"#inhoud\">"));
    let page = site.read("public/2024/eerste/index.html");
    assert!(page.contains("<dt>Kenmerk</dt><dd>K-1</dd>"));
    assert_eq!(
        site.read("public/style.css"),
        fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/style.css")
        )
        .unwrap()
    );
}

#[test]
fn a_site_adds_its_own_stylesheet_and_replaces_a_static_file() {
    let site = site_with("https://www.example.nl/beslisnotas/");
    site.write(
        "themes/default/static/ministerie.css",
        "body { color: #000; }\n",
    );
    site.write(
        "themes/default/static/favicon.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write(
        "themes/default/templates/base.html",
        fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html"),
        )
        .unwrap()
        .replace(
            "{% block head %}",
            "<link rel=\"stylesheet\" href=\"{{ \"/ministerie.css\" | url }}\">\n{% block head %}",
        ),
    );
    site.write(
        "content/2024/tweede.md",
        "---\ntitle: Tweede\ndate: 2024-03-02\ntype: beslisnota\nkenmerk: K-2\n---\n\nZie [de huisstijl](/ministerie.css).\n",
    );
    let run = site.nota(&["build"]);
    run.assert_code(0);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert_eq!(
        site.read("public/ministerie.css"),
        "body { color: #000; }\n"
    );
    assert_eq!(
        site.read("public/favicon.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
    );
    assert!(site.path("public/redaction.css").is_file());
    let page = site.read("public/2024/tweede/index.html");
    assert!(page.contains("<link rel=\"stylesheet\" href=\"/beslisnotas/ministerie.css\">"));
    assert!(page.contains("<a href=\"/beslisnotas/ministerie.css\">de huisstijl</a>"));
}

#[test]
fn a_named_theme_lies_over_the_built_in_one_and_must_exist() {
    let site = site_with("https://www.example.nl");
    let toml = site
        .read("nota.toml")
        .replace("theme = \"default\"", "theme = \"ministerie\"");
    site.write("nota.toml", toml);
    let run = site.nota(&["build"]);
    run.assert_code(2);
    assert_eq!(
        run.stderr,
        "error: theme `ministerie` not found: there is no folder themes/ministerie (leave out `theme` in nota.toml to use the built-in theme `default`)\n"
    );
    site.write(
        "themes/ministerie/templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<h1>{{ page.title }} (ministerie)</h1>{% endblock %}",
    );
    let run = site.nota(&["build"]);
    run.assert_code(0);
    assert!(
        site.read("public/2024/eerste/index.html")
            .contains("<h1>Eerste nota (ministerie)</h1>")
    );
    assert!(
        site.read("public/index.html")
            .contains("Nieuwste publicaties")
    );
}

#[test]
fn urls_a_theme_writes_from_the_root_are_warned_about_with_their_position() {
    let site = site_with("https://www.example.nl/beslisnotas/");
    site.write(
        "themes/default/templates/404.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<p><a href=\"/\">Home</a> <img src=\"/logo.png\" alt=\"\"></p>\n{% endblock %}\n",
    );
    site.write(
        "themes/default/static/ministerie.css",
        "@font-face {\n  src: url(\"/fonts/rijks.woff2\");\n}\n",
    );
    let run = site.nota(&["build"]);
    run.assert_code(0);
    assert_eq!(
        run.stderr,
        "warning[theme/root-url]: `/fonts/rijks.woff2` links from the root of the host, outside the site, which is published under /beslisnotas/\n \
         --> themes/default/static/ministerie.css:2:13\n  |\n2 |   src: url(\"/fonts/rijks.woff2\");\n  |             ^^^^^^^^^^^^^^^^^^\n  \
         = help: use a path relative to the stylesheet (e.g. `url(fonts/x.woff2)` for a file in static/fonts/): a browser resolves it from where the stylesheet is\n\n\
         warning[theme/root-url]: href=\"/\" links from the root of the host, outside the site, which is published under /beslisnotas/\n \
         --> themes/default/templates/404.html:3:13\n  |\n3 | <p><a href=\"/\">Home</a> <img src=\"/logo.png\" alt=\"\"></p>\n  |             ^\n  \
         = help: write href=\"{{ \"/\" | url }}\": the `url` filter puts the path of base_url in front (URLs that nota gives templates, such as page.url, already have it)\n\n\
         warning[theme/root-url]: src=\"/logo.png\" links from the root of the host, outside the site, which is published under /beslisnotas/\n \
         --> themes/default/templates/404.html:3:35\n  |\n3 | <p><a href=\"/\">Home</a> <img src=\"/logo.png\" alt=\"\"></p>\n  |                                   ^^^^^^^^^\n  \
         = help: write src=\"{{ \"/logo.png\" | url }}\": the `url` filter puts the path of base_url in front (URLs that nota gives templates, such as page.url, already have it)\n\n"
    );
    assert!(
        run.stdout.contains(", 3 warnings, 0 errors"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_url_filter_refuses_a_url_that_already_has_the_path() {
    let site = site_with("https://www.example.nl/beslisnotas/");
    site.write(
        "themes/default/templates/publicaties.html",
        "<ol>\n{% for p in pages %}<li><a href=\"{{ p.url | url }}\">{{ p.title }}</a></li>{% endfor %}\n</ol>\n",
    );
    let run = site.nota(&["build"]);
    run.assert_code(1);
    assert!(
        run.stderr.contains("error[template/render]")
            && run
                .stderr
                .contains("--> themes/default/templates/publicaties.html:2:")
            && run.stderr.contains(
                "\"/beslisnotas/2024/eerste/\" already starts with the site's path /beslisnotas/"
            ),
        "{}",
        run.stderr
    );
    assert!(!site.path("public").exists(), "nothing is written");
}

/// `GET target` until `ok` holds for the body (a rebuild is on its way), at
/// most a minute.
fn body_when(addr: std::net::SocketAddr, target: &str, ok: impl Fn(&str) -> bool) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let body = common::http::get(addr, target).body;
        if ok(&body) {
            return body;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{target} never satisfied the condition; last body:\n{body}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn serve_picks_up_a_themes_folder_made_while_it_runs() {
    let site = site_with("https://www.example.nl");
    let server = common::Serve::start(site.root(), &[], std::time::Duration::from_secs(60));
    let page =
        "{% extends \"base.html\" %}{% block main %}<h1>Versie {{ page.title }}</h1>{% endblock %}";
    body_when(server.addr, "/2024/eerste/", |b| {
        b.contains("<h1>Eerste nota</h1>")
    });
    site.write(
        "themes/default/templates/page.html",
        page.replace("Versie", "Een"),
    );
    body_when(server.addr, "/2024/eerste/", |b| {
        b.contains("<h1>Een Eerste nota</h1>")
    });
    // The new folder is watched: an edit inside it is seen too.
    site.write(
        "themes/default/templates/page.html",
        page.replace("Versie", "Twee"),
    );
    body_when(server.addr, "/2024/eerste/", |b| {
        b.contains("<h1>Twee Eerste nota</h1>")
    });
}
