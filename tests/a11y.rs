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

/// The text of `<main>` of a page, without tags, one line per block.
fn main_text(html: &str) -> String {
    let main = html
        .split("<main")
        .nth(1)
        .and_then(|m| m.split("</main>").next())
        .expect("a <main>");
    let mut text = String::new();
    let mut in_tag = false;
    for c in main.split_once('>').map_or(main, |(_, rest)| rest).chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The accessibility statement at /toegankelijkheid/: the parts of the
/// Dutch model statement, filled in from `[accessibility]` and from what
/// this build checked and warned about; every page's footer links to it.
#[test]
fn the_accessibility_statement_is_made_from_what_the_build_checks() {
    let config = "title = \"Beslisnota's\"\nbase_url = \"https://www.example.nl/beslisnotas/\"\norganisation = \"Ministerie van Justitie en Veiligheid\"\n";
    let site = common::Site::with_default_theme(&format!(
        "{config}\n[accessibility]\ncontact = \"https://www.example.nl/contact\"\ndate = 2025-03-01\nstatus = \"B\"\nreport = \"https://www.example.nl/onderzoek.pdf\"\n"
    ));
    site.write(
        "content/2024/vaag.md",
        "---\ntitle: Nota met een vage link\ndate: 2024-03-01\n---\n\nZie [hier](/2024/tabel/) en [hier](/2024/tabel/).\n\n#### Te diep\n\nTekst.\n",
    );
    site.write(
        "content/2024/tabel.md",
        "---\ntitle: Nota met een tabel\ndate: 2024-02-01\n---\n\n|  |  |\n| --- | --- |\n| a | b |\n\n[Bijlage: de brief](/2024/bijlage.pdf)\n",
    );
    site.write("content/2024/bijlage.pdf", "%PDF-1.4\n");
    site.write("themes/default/static/eigen.css", "p { color: black; }\n");
    let run = site.nota(&["build"]);
    run.assert_code(0);
    assert_eq!(
        run.summary(),
        "nota: 2 notes read, 13 pages written, 4 warnings, 0 errors"
    );
    let page = site.read("public/toegankelijkheid/index.html");
    assert!(page.contains("<title>Toegankelijkheidsverklaring | Beslisnota&#39;s</title>"));
    assert!(page.contains(
        "<link rel=\"canonical\" href=\"https://www.example.nl/beslisnotas/toegankelijkheid/\">"
    ));
    let text = main_text(&page);
    for expected in [
        "Het Ministerie van Justitie en Veiligheid wil dat iedereen de website Beslisnota&#39;s kan gebruiken",
        "Deze verklaring geldt voor de website Beslisnota&#39;s op https://www.example.nl/beslisnotas/ en alle pagina's daaronder",
        "De status van deze website is: B – voldoet gedeeltelijk.",
        "Lees het rapport van het toegankelijkheidsonderzoek.",
        "de laatste keer waren dat 2 publicaties:",
        "Elke afbeelding heeft een tekstalternatief (WCAG 1.1.1). Een fout houdt de publicatie tegen.",
        "Koppen slaan geen niveau over (WCAG 1.3.1). Anders krijgt de schrijver een waarschuwing.",
        "Deze website heeft een aangepaste vormgeving: 1 bestand wijkt af van de standaardvormgeving.",
        "Bij de laatste controle kregen deze publicaties een waarschuwing:\nNota met een vage link: een linktekst zegt niet waar de link heen gaat (2 keer, WCAG 2.4.4).\nNota met een vage link: een kop slaat een niveau over (WCAG 1.3.1).\nNota met een tabel: een tabel heeft geen kolomkoppen (WCAG 1.3.1).\nVerder weten wij dit:",
        "Bijlagen bij de publicaties, zoals pdf- en Word-bestanden (op deze website: 1), worden niet gecontroleerd en zijn mogelijk niet toegankelijk.",
        "U kunt uw melding sturen naar https://www.example.nl/contact.",
        "Deze verklaring is vastgesteld op 1 maart 2025.",
    ] {
        assert!(text.contains(expected), "{expected:?} not in\n{text}");
    }
    for link in [
        "<a href=\"https://www.example.nl/onderzoek.pdf\">rapport van het toegankelijkheidsonderzoek</a>",
        "<a href=\"/beslisnotas/2024/vaag/\">Nota met een vage link</a>",
        "<a href=\"https://www.example.nl/contact\">https://www.example.nl/contact</a>",
        "<a href=\"/beslisnotas/publicaties/\">Alle publicaties</a>",
    ] {
        assert!(page.contains(link), "{link}");
    }
    assert!(site.read("public/2024/tabel/index.html").contains(
        "Lees de <a href=\"/beslisnotas/toegankelijkheid/\">toegankelijkheidsverklaring</a>."
    ));

    // Without `[accessibility]`: the default status, a placeholder where the
    // contact belongs (and a warning every build), the newest publication's
    // date instead of an approval.
    site.write("nota.toml", config);
    std::fs::remove_file(site.path("themes/default/static/eigen.css")).unwrap();
    std::fs::remove_file(site.path("content/2024/vaag.md")).unwrap();
    let run = site.nota(&["build"]);
    run.assert_code(0);
    assert_eq!(
        run.stderr,
        "warning[a11y/table-header]: table has no header text
 --> content/2024/tabel.md:6:1
  |
6 | |  |  |
  | ^
  = help: name every column in the first row, above the `| --- |` line, so screen readers can announce it with each cell

warning[accessibility/no-contact]: the accessibility statement (/toegankelijkheid/) names no way to report an accessibility problem
 --> nota.toml
  = help: add `contact = \"toegankelijkheid@example.nl\"` (or the https:// address of a contact form) under [accessibility] in nota.toml; until then the statement says that this is still missing

"
    );
    let text = main_text(&site.read("public/toegankelijkheid/index.html"));
    for expected in [
        "De status van deze website is: C – eerste maatregelen genomen.",
        "Een volledig toegankelijkheidsonderzoek, waarin een deskundige de website aan alle eisen toetst, is nog niet gedaan.",
        "Die tests gaan over de voorbeeldwebsite, niet over elke pagina van deze website.\n",
        "Het adres voor meldingen over toegankelijkheid is nog niet ingevuld. Neem tot die tijd contact op met het Ministerie van Justitie en Veiligheid via de algemene contactgegevens.",
        "Deze verklaring is nog niet door de organisatie vastgesteld. Zij wordt bij elke publicatie opnieuw opgesteld uit wat er is gecontroleerd; de nieuwste publicatie is van 1 februari 2024.",
    ] {
        assert!(text.contains(expected), "{expected:?} not in\n{text}");
    }
    assert!(!text.contains("rapport van het toegankelijkheidsonderzoek"));
}
