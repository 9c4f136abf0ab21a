//! `nota init`: a site in an empty or new folder that builds at once, with
//! Woo publication on and the built-in theme; never overwriting, refusing a
//! folder with files unless `--force`, and `--theme` writing the theme out.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::Run;

fn nota(dir: &Path, args: &[&str]) -> Run {
    Run::from(
        Command::new(env!("CARGO_BIN_EXE_nota"))
            .args(args)
            .current_dir(dir)
            .output()
            .expect("run nota"),
    )
}

/// Every file under `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<String> {
    common::snapshot(dir)
        .into_iter()
        .map(|(path, _)| path.display().to_string())
        .collect()
}

#[test]
fn init_then_build_gives_a_working_site_with_woo_on() {
    let tmp = tempfile::tempdir().unwrap();
    let run = nota(tmp.path(), &["init", "beslisnotas"]);
    run.assert_code(0);
    assert_eq!(
        run.stdout,
        "nota: created nota.toml\nnota: created .gitignore\nnota: created content/voorbeeld-beslisnota.md\n\
         nota: next: edit nota.toml (title, base_url, organisation, [woo] publisher, [accessibility] contact), then cd beslisnotas && nota build (or nota serve for a preview)\n"
    );
    let site = tmp.path().join("beslisnotas");
    assert_eq!(
        files(&site),
        [".gitignore", "content/voorbeeld-beslisnota.md", "nota.toml"]
    );
    assert_eq!(
        fs::read_to_string(site.join(".gitignore"))
            .unwrap()
            .lines()
            .last(),
        Some("/public/")
    );

    // The one thing nota cannot fill in: how visitors report an
    // accessibility problem. Every build says so until it is set.
    let build = nota(&site, &["build"]);
    build.assert_code(0);
    assert_eq!(
        build.stderr,
        "warning[accessibility/no-contact]: the accessibility statement (/toegankelijkheid/) names no way to report an accessibility problem
  --> nota.toml:71:1
   |
71 | [accessibility]
   | ^^^^^^^^^^^^^^^
   = help: add `contact = \"toegankelijkheid@example.nl\"` (or the https:// address of a contact form) under [accessibility] in nota.toml; until then the statement says that this is still missing

"
    );
    assert_eq!(
        build.summary(),
        "nota: 1 note read, 15 pages written, 1 warning, 0 errors"
    );
    let public = site.join("public");
    let read = |rel: &str| fs::read_to_string(public.join(rel)).unwrap();
    let page = read("voorbeeld-beslisnota/index.html");
    assert!(page.contains("<h1>Voorbeeld: een beslisnota op deze website</h1>"));
    assert!(page.contains("role=\"doc-endnotes\""), "the footnote");
    assert!(
        page.contains("Dit document is deels openbaar."),
        "the withheld passage"
    );
    assert!(page.contains("<link rel=\"stylesheet\" href=\"/style.css\">"));
    // Woo publication: the inventory and the DiWoo sitemaps for the Woo-index.
    let csv = read("woo/inventaris.csv");
    assert!(
        csv.contains("VOORBEELD-0001,Voorbeeld: een beslisnota op deze website,"),
        "{csv}"
    );
    assert!(
        csv.contains(",Deels openbaar,5.1.2e,https://www.example.nl/voorbeeld-beslisnota/"),
        "{csv}"
    );
    assert!(
        public
            .join("sitemaps/sitemapindex-diwoo-infocat018.xml")
            .is_file()
    );
    assert!(read("robots.txt").contains("sitemapindex-diwoo-infocat018.xml"));
    for file in [
        "style.css",
        "redaction.css",
        "favicon.svg",
        "404.html",
        "onderwerpen/voorbeeld/index.html",
    ] {
        assert!(public.join(file).is_file(), "{file}");
    }
    // The withheld name is in no file of the site.
    for (path, bytes) in common::snapshot(&public) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("Jansen"),
            "{} holds the withheld name",
            path.display()
        );
    }
    let check = nota(&site, &["check"]);
    check.assert_code(0);
}

#[test]
fn init_in_the_current_folder_and_one_with_only_git() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir(tmp.path().join(".git")).unwrap();
    let run = nota(tmp.path(), &["init"]);
    run.assert_code(0);
    assert!(run.stdout.ends_with(
        "nota: next: edit nota.toml (title, base_url, organisation, [woo] publisher, [accessibility] contact), then nota build (or nota serve for a preview)\n"
    ));
    nota(tmp.path(), &["build"]).assert_code(0);
}

#[test]
fn init_refuses_a_folder_with_files_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("notities.txt"), "x").unwrap();
    fs::create_dir(tmp.path().join("content")).unwrap();
    let run = nota(tmp.path(), &["init"]);
    run.assert_code(2);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "error: the current folder is not empty (it has content, notities.txt): nota init starts a site in an empty or new folder; pass --force to add only the files that are missing\n"
    );
    assert_eq!(files(tmp.path()), ["notities.txt"]);
    fs::write(tmp.path().join("bestand"), "x").unwrap();
    let run = nota(tmp.path(), &["init", "bestand"]);
    run.assert_code(2);
    assert_eq!(run.stderr, "error: bestand exists and is not a folder\n");
}

#[test]
fn force_adds_only_what_is_missing_and_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path();
    let own_toml = "title = \"Eigen\"\nbase_url = \"https://www.example.nl/notas/\"\norganisation = \"Ministerie van Justitie en Veiligheid\"\n";
    fs::write(site.join("nota.toml"), own_toml).unwrap();
    fs::create_dir_all(site.join("content/2024")).unwrap();
    let note = "---\ntitle: Eigen nota\ndate: 2024-01-01\n---\n\nTekst.\n";
    fs::write(site.join("content/2024/eigen.md"), note).unwrap();
    let run = nota(site, &["init", "--force"]);
    run.assert_code(0);
    assert_eq!(
        run.stdout,
        "nota: created .gitignore\nnota: kept nota.toml (already there)\n\
         nota: content/ already has notes, so no example note was added\n\
         nota: next: edit nota.toml (title, base_url, organisation, [woo] publisher, [accessibility] contact), then nota build (or nota serve for a preview)\n"
    );
    assert_eq!(
        fs::read_to_string(site.join("nota.toml")).unwrap(),
        own_toml
    );
    assert_eq!(
        files(site),
        [".gitignore", "content/2024/eigen.md", "nota.toml"]
    );
    // Once more: nothing left to add.
    let again = nota(site, &["init", "--force"]);
    again.assert_code(0);
    assert!(again.stdout.starts_with(
        "nota: kept nota.toml (already there)\nnota: kept .gitignore (already there)\n"
    ));
}

#[test]
fn the_theme_written_out_builds_the_same_site_as_the_built_in_one() {
    let tmp = tempfile::tempdir().unwrap();
    let plain = tmp.path().join("plain");
    let themed = tmp.path().join("themed");
    nota(tmp.path(), &["init", "plain"]).assert_code(0);
    let run = nota(tmp.path(), &["init", "themed", "--theme"]);
    run.assert_code(0);
    assert!(
        run.stdout
            .contains("nota: created themes/default/templates/page.html\n")
    );
    assert!(
        run.stdout
            .contains("nota: created themes/default/static/style.css\n")
    );
    // The theme written out is the repository's themes/default, file for file.
    let repo_theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    assert_eq!(
        common::snapshot(&themed.join("themes/default")),
        common::snapshot(&repo_theme)
    );
    // Same note, same date: the same site, byte for byte.
    fs::copy(
        plain.join("content/voorbeeld-beslisnota.md"),
        themed.join("content/voorbeeld-beslisnota.md"),
    )
    .unwrap();
    nota(&plain, &["build"]).assert_code(0);
    nota(&themed, &["build"]).assert_code(0);
    assert_eq!(
        common::snapshot(&plain.join("public")),
        common::snapshot(&themed.join("public"))
    );
    // An existing site gets the theme of its nota.toml, and nothing else changes.
    let toml = fs::read_to_string(plain.join("nota.toml"))
        .unwrap()
        .replace("theme = \"default\"", "theme = \"ministerie\"");
    fs::write(plain.join("nota.toml"), &toml).unwrap();
    let run = nota(&plain, &["init", "--force", "--theme"]);
    run.assert_code(0);
    assert!(
        run.stdout
            .contains("nota: created themes/ministerie/templates/base.html\n")
    );
    assert_eq!(fs::read_to_string(plain.join("nota.toml")).unwrap(), toml);
    nota(&plain, &["build"]).assert_code(0);
}
