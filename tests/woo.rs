//! Woo publication end to end through the `nota` binary: DiWoo sitemaps for
//! the Woo-index (validated offline with xmllint against the DiWoo 0.9.8
//! schemas in `tests/schemas/`), `robots.txt`, the inventory as CSV and page,
//! the "Openbaarmaking" block, `niet-openbaar` notes, and the diagnostics for
//! wrong Woo configuration and front matter.
//!
//! xmllint must be installed (Debian: libxml2-utils); without it the
//! validation tests fail with that message rather than pass by skipping.

mod common;

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use common::{Run, Site, assert_valid, sitemap_files, xmllint};

const SECRET: &str = "Hendrika Zwanenburg";
const WOO: &str = "\n[woo]\npublisher = \"ministerie van Justitie en Veiligheid\"\n";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A site with the repository's default theme, `nota.toml` plus `extra`, and `notes`.
fn new_site(extra: &str, notes: &[(&str, &str)]) -> Site {
    let site = Site::empty();
    common::copy_dir(&repo().join("themes/default"), &site.path("themes/default"));
    site.write(
        "nota.toml",
        format!(
            "title = \"Test\"\nbase_url = \"https://test.example.nl\"\norganisation = \"Ministerie van Justitie en Veiligheid\"\n{extra}\n[accessibility]\ncontact = \"toegankelijkheid@example.nl\"\n"
        ),
    );
    for (path, text) in notes {
        site.write(&format!("content/{path}"), text);
    }
    site.complete();
    site
}

fn note(front: &str, body: &str) -> String {
    format!("---\n{front}---\n\n{body}")
}

const BESLISNOTA: &str = "title: \"Beslisnota over de aanpak van mensenhandel\"
date: 2024-02-08
type: beslisnota
kenmerk: \"5104376\"
topics: [mensenhandel, \"Jeugdzorg & GGZ\"]
summary: \"De staatssecretaris wordt gevraagd in te stemmen met een Kamerbrief.\"
woo:
  documenthandelingen:
    - kind: ondertekening
      date: 2024-02-09
  relations:
    - \"Kamerstukken II 2023/24, 28638, nr. 220\"
    - kind: is reactie op
      to: \"https://www.example.nl/rapport\"
";

const BESLISNOTA_BODY: &str = "## 1. Aanleiding\n\nDe Kamer vroeg om een reactie.[^1]\n\n[^1]: Kamerstukken II 2022/23, 29279, nr. 123.\n";

const REDACTED: &str = "title: \"Beslisnota over de jeugdzorg\"
date: 2023-04-13
type: beslisnota
kenmerk: \"4561208\"
woo:
  category: onderzoeksrapporten
";

const WITHHELD: &str = "title: \"Nota over de staatsveiligheid\"
date: 2022-06-01
type: beslisnota
kenmerk: \"NO-1\"
woo:
  status: niet-openbaar
  grounds: [\"5.1.1b\", \"5.1.2i\"]
";

/// The example-like site most tests use: a published beslisnota with
/// relations, a partly disclosed note in another category, a kamerbrief of
/// another ministry and a note that is not published.
fn woo_site() -> Site {
    new_site(
        WOO,
        &[
            ("2024/beslisnota.md", &note(BESLISNOTA, BESLISNOTA_BODY)),
            (
                "2023/jeugdzorg.md",
                &note(
                    REDACTED,
                    &format!(
                        "## Aanleiding\n\nOverleg met {{lak 5.1.2e}}{SECRET}{{/lak}} over de cijfers.\n"
                    ),
                ),
            ),
            (
                "2023/brief.md",
                &note(
                    "title: \"Kamerbrief over schulden\"\ndate: 2023-01-10\ntype: beleidsreactie\norganisation: \"Ministerie van Sociale Zaken en Werkgelegenheid\"\n",
                    "De minister schrijft de Kamer.\n",
                ),
            ),
            (
                "2022/geheim.md",
                &note(
                    WITHHELD,
                    "## Aanleiding\n\nDe inhoud van deze nota is niet openbaar.\n",
                ),
            ),
        ],
    )
}

fn build_ok(site: &Site) -> Run {
    let run = site.nota(&["build"]);
    run.assert_code(0);
    run
}

// ---------------------------------------------------------------------------
// Woo-index output

#[test]
fn robots_lists_one_index_per_information_category() {
    let site = woo_site();
    build_ok(&site);
    assert_eq!(
        site.read("public/robots.txt"),
        "User-agent: *\nAllow: /\n\n\
         Sitemap: https://test.example.nl/sitemap.xml\n\
         Sitemap: https://test.example.nl/sitemaps/sitemapindex-diwoo-infocat015.xml\n\
         Sitemap: https://test.example.nl/sitemaps/sitemapindex-diwoo-infocat018.xml\n"
    );
    let names: Vec<String> = sitemap_files(&site)
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "diwoo-infocat015-00001.xml",
            "diwoo-infocat018-00001.xml",
            "sitemapindex-diwoo-infocat015.xml",
            "sitemapindex-diwoo-infocat018.xml",
        ]
    );
    assert_eq!(
        site.read("public/sitemaps/sitemapindex-diwoo-infocat018.xml"),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n  \
         <sitemap>\n    <loc>https://test.example.nl/sitemaps/diwoo-infocat018-00001.xml</loc>\n  </sitemap>\n\
         </sitemapindex>\n"
    );
}

#[test]
fn every_generated_xml_file_validates_against_diwoo_0_9_8() {
    let site = woo_site();
    build_ok(&site);
    let files = sitemap_files(&site);
    assert_eq!(files.len(), 4);
    for file in &files {
        assert_valid(file);
    }
}

#[test]
fn the_example_site_builds_valid_woo_output() {
    let out = tempfile::tempdir().unwrap();
    let run = Run::from(
        Command::new(env!("CARGO_BIN_EXE_nota"))
            .args(["build", "--root"])
            .arg(repo())
            .arg("--output")
            .arg(out.path().join("public"))
            .output()
            .unwrap(),
    );
    run.assert_code(0);
    let dir = out.path().join("public/sitemaps");
    let mut count = 0;
    for entry in fs::read_dir(&dir).unwrap() {
        assert_valid(&entry.unwrap().path());
        count += 1;
    }
    assert!(count >= 2);
    let sitemap = fs::read_to_string(dir.join("diwoo-infocat018-00001.xml")).unwrap();
    // Notes of several ministries, each with its own TOOI organisation.
    for code in ["mnre1058", "mnre1034", "mnre1073", "mnre1025"] {
        assert!(
            sitemap.contains(&format!("/tooi/id/ministerie/{code}\"")),
            "{code}"
        );
    }
}

#[test]
fn a_record_has_every_required_and_useful_field() {
    let site = woo_site();
    build_ok(&site);
    let xml = site.read("public/sitemaps/diwoo-infocat018-00001.xml");
    let record = xml
        .split("<url>")
        .find(|u| u.contains("/2024/beslisnota/"))
        .expect("the beslisnota is listed");
    let expected = "
    <loc>https://test.example.nl/2024/beslisnota/</loc>
    <diwoo:Document>
      <diwoo:DiWoo>
        <diwoo:identifiers>
          <diwoo:identifier>5104376</diwoo:identifier>
        </diwoo:identifiers>
        <diwoo:publisher resource=\"https://identifier.overheid.nl/tooi/id/ministerie/mnre1058\">ministerie van Justitie en Veiligheid</diwoo:publisher>
        <diwoo:opsteller resource=\"https://identifier.overheid.nl/tooi/id/ministerie/mnre1058\">ministerie van Justitie en Veiligheid</diwoo:opsteller>
        <diwoo:titelcollectie>
          <diwoo:officieleTitel>Beslisnota over de aanpak van mensenhandel</diwoo:officieleTitel>
        </diwoo:titelcollectie>
        <diwoo:omschrijvingen>
          <diwoo:omschrijving>De staatssecretaris wordt gevraagd in te stemmen met een Kamerbrief.</diwoo:omschrijving>
        </diwoo:omschrijvingen>
        <diwoo:classificatiecollectie>
          <diwoo:informatiecategorieen>
            <diwoo:informatiecategorie resource=\"https://identifier.overheid.nl/tooi/def/thes/kern/c_816e508d\">inspanningsverplichting art 3.1 Woo</diwoo:informatiecategorie>
          </diwoo:informatiecategorieen>
          <diwoo:documentsoorten>
            <diwoo:documentsoort resource=\"https://identifier.overheid.nl/tooi/def/thes/kern/c_2977c34f\">beslisnota</diwoo:documentsoort>
          </diwoo:documentsoorten>
          <diwoo:trefwoorden>
            <diwoo:trefwoord>mensenhandel</diwoo:trefwoord>
            <diwoo:trefwoord>Jeugdzorg &amp; GGZ</diwoo:trefwoord>
          </diwoo:trefwoorden>
        </diwoo:classificatiecollectie>
        <diwoo:creatiedatum>2024-02-08</diwoo:creatiedatum>
        <diwoo:language resource=\"http://publications.europa.eu/resource/authority/language/NLD\">Nederlands</diwoo:language>
        <diwoo:format resource=\"http://publications.europa.eu/resource/authority/file-type/HTML\">HTML</diwoo:format>
        <diwoo:documenthandelingen>
          <diwoo:documenthandeling>
            <diwoo:soortHandeling resource=\"https://identifier.overheid.nl/tooi/def/thes/kern/c_e1ec050e\">ondertekening</diwoo:soortHandeling>
            <diwoo:atTime>2024-02-09T00:00:00+01:00</diwoo:atTime>
          </diwoo:documenthandeling>
        </diwoo:documenthandelingen>
        <diwoo:documentrelaties>
          <diwoo:documentrelatie>
            <diwoo:role resource=\"https://identifier.overheid.nl/tooi/def/thes/kern/c_75fac459\">verwijst naar</diwoo:role>
            <diwoo:relation resource=\"https://zoek.officielebekendmakingen.nl/kst-28638-220.html\">Kamerstukken II 2023/24, 28638, nr. 220</diwoo:relation>
          </diwoo:documentrelatie>
          <diwoo:documentrelatie>
            <diwoo:role resource=\"https://identifier.overheid.nl/tooi/def/thes/kern/c_07748060\">is reactie op</diwoo:role>
            <diwoo:relation resource=\"https://www.example.nl/rapport\">https://www.example.nl/rapport</diwoo:relation>
          </diwoo:documentrelatie>
          <diwoo:documentrelatie>
            <diwoo:role resource=\"https://identifier.overheid.nl/tooi/def/thes/kern/c_75fac459\">verwijst naar</diwoo:role>
            <diwoo:relation resource=\"https://zoek.officielebekendmakingen.nl/kst-29279-123.html\">Kamerstukken II 2022/23, 29279, nr. 123</diwoo:relation>
          </diwoo:documentrelatie>
        </diwoo:documentrelaties>
      </diwoo:DiWoo>
    </diwoo:Document>
  </url>
";
    assert_eq!(record.trim_end_matches("</urlset>\n"), expected);
}

#[test]
fn types_map_through_defaults_and_config_and_default_handeling_is_vaststelling() {
    let site = woo_site();
    build_ok(&site);
    let xml = site.read("public/sitemaps/diwoo-infocat018-00001.xml");
    let brief = xml
        .split("<url>")
        .find(|u| u.contains("/2023/brief/"))
        .unwrap();
    // `beleidsreactie` is not a TOOI type: nota maps it to Kamerbrief.
    assert!(brief.contains("<diwoo:documentsoort resource=\"https://identifier.overheid.nl/tooi/def/thes/kern/c_49599e6c\">Kamerbrief</diwoo:documentsoort>"));
    assert!(brief.contains(
        "<diwoo:opsteller resource=\"https://identifier.overheid.nl/tooi/id/ministerie/mnre1073\">"
    ));
    assert!(brief.contains("<diwoo:soortHandeling resource=\"https://identifier.overheid.nl/tooi/def/thes/kern/c_641ecd76\">vaststelling</diwoo:soortHandeling>\n            <diwoo:atTime>2023-01-10T00:00:00+01:00</diwoo:atTime>"));
    assert!(
        !brief.contains("<diwoo:identifiers>"),
        "no kenmerk, no identifier"
    );

    let site = new_site(
        &format!("{WOO}[woo.types]\nbeleidsreactie = \"beleidsnota\"\n"),
        &[(
            "2023/brief.md",
            &note(
                "title: \"B\"\ndate: 2023-01-10\ntype: beleidsreactie\n",
                "Tekst.\n",
            ),
        )],
    );
    build_ok(&site);
    assert!(
        site.read("public/sitemaps/diwoo-infocat018-00001.xml")
            .contains("kern/c_9376c730\">beleidsnota</diwoo:documentsoort>")
    );
}

#[test]
fn organisations_map_through_config_and_wrong_mappings_point_into_it() {
    let notes = [(
        "2024/dg.md",
        note(
            "title: \"N\"\ndate: 2024-01-10\norganisation: \"DG Migratie\"\n",
            "Tekst.\n",
        ),
    )];
    let notes: Vec<(&str, &str)> = notes.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let site = new_site(
        &format!("{WOO}[woo.organisations]\n\"DG Migratie\" = \"mnre1162\"\n"),
        &notes,
    );
    build_ok(&site);
    assert!(site
        .read("public/sitemaps/diwoo-infocat018-00001.xml")
        .contains("<diwoo:opsteller resource=\"https://identifier.overheid.nl/tooi/id/ministerie/mnre1162\">ministerie van Asiel en Migratie</diwoo:opsteller>"));

    let site = new_site(
        &format!("{WOO}[woo.organisations]\n\"DG Migratie\" = \"mnre9999\"\n"),
        &notes,
    );
    let run = site.nota(&["check"]);
    run.assert_code(1);
    assert!(
        run.stderr.starts_with("error[woo/unknown-organisation]: `mnre9999` is not a TOOI organisation\n --> nota.toml:8:2\n  |\n8 | \"DG Migratie\" = \"mnre9999\"\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn output_is_deterministic() {
    let site = woo_site();
    build_ok(&site);
    let first = common::snapshot(&site.path("public"));
    build_ok(&site);
    assert_eq!(first, common::snapshot(&site.path("public")));
}

// ---------------------------------------------------------------------------
// Schema validation can fail

#[test]
fn hand_broken_sitemaps_fail_xmllint() {
    let site = woo_site();
    build_ok(&site);
    let good = site.read("public/sitemaps/diwoo-infocat015-00001.xml");
    let start = good.find("<diwoo:documenthandelingen>").unwrap();
    let end =
        good.find("</diwoo:documenthandelingen>").unwrap() + "</diwoo:documenthandelingen>\n".len();
    let broken: [(&str, String); 3] = [
        (
            "no documenthandelingen",
            format!("{}{}", &good[..start], &good[end..]),
        ),
        ("unknown ministry", good.replace("mnre1058", "mnre9999")),
        ("unknown category", good.replace("c_fdaee95e", "c_5ba23c01")),
    ];
    for (what, xml) in broken {
        assert_ne!(xml, good, "{what}: the edit changed nothing");
        let path = site.path(&format!("broken-{}.xml", what.replace(' ', "-")));
        fs::write(&path, xml).unwrap();
        let (ok, stderr) = xmllint("validate-sitemap.xsd", &path);
        assert!(!ok, "{what}: a broken sitemap validated");
        assert!(stderr.contains("fails to validate"), "{what}: {stderr}");
    }
    let index = site.path("public/sitemaps/sitemapindex-diwoo-infocat015.xml");
    let broken_index = site.path("broken-index.xml");
    fs::write(
        &broken_index,
        fs::read_to_string(index)
            .unwrap()
            .replace("<loc>", "<location>")
            .replace("</loc>", "</location>"),
    )
    .unwrap();
    assert!(!xmllint("sitemapindex.xsd", &broken_index).0);
}

#[test]
fn sitemaps_split_at_the_limit_and_each_part_validates() {
    use nota::page::woo::Handeling;
    use nota::tooi::{ListKind, lookup};
    use nota::woo::diwoo::{self, Limits, Record};

    let handelingen = [Handeling {
        kind: lookup(ListKind::Handeling, "vaststelling").unwrap(),
        date: "2024-05-01".parse().unwrap(),
    }];
    let titles: Vec<String> = (1..=5).map(|i| format!("Nota {i} & bijlage")).collect();
    let records: Vec<Record<'_>> = titles
        .iter()
        .enumerate()
        .map(|(i, title)| Record {
            loc: format!("https://test.example.nl/2024/nota-{i}/"),
            kenmerk: None,
            publisher: lookup(ListKind::Organisation, "mnre1058").unwrap(),
            opsteller: lookup(ListKind::Organisation, "mnre1058").unwrap(),
            title,
            omschrijving: "",
            category: lookup(ListKind::Category, "018").unwrap(),
            documentsoort: None,
            trefwoorden: &[],
            creatiedatum: "2024-05-01".parse().unwrap(),
            language: lookup(ListKind::Language, "NLD").unwrap(),
            format: lookup(ListKind::Format, "HTML").unwrap(),
            handelingen: &handelingen,
            relaties: Vec::new(),
        })
        .collect();
    let limits = Limits {
        max_urls: 2,
        ..diwoo::WOO_INDEX_LIMITS
    };
    let files = diwoo::files(&records, "https://test.example.nl", limits).unwrap();
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "sitemaps/diwoo-infocat018-00001.xml",
            "sitemaps/diwoo-infocat018-00002.xml",
            "sitemaps/diwoo-infocat018-00003.xml",
            "sitemaps/sitemapindex-diwoo-infocat018.xml",
        ]
    );
    let dir = tempfile::tempdir().unwrap();
    for file in &files {
        let path = dir.path().join(file.path.rsplit('/').next().unwrap());
        fs::write(&path, &file.xml).unwrap();
        assert_valid(&path);
    }
    assert_eq!(files[3].xml.matches("<sitemap>").count(), 3);
    assert_eq!(files[2].xml.matches("<url>").count(), 1);
    assert_eq!(
        diwoo::sitemap_index_urls("https://test.example.nl", &files),
        ["https://test.example.nl/sitemaps/sitemapindex-diwoo-infocat018.xml"]
    );
}

/// The date of the `i`-th of many generated notes: later for larger `i`.
fn nth_date(i: usize) -> String {
    format!(
        "{}-{:02}-{:02}",
        2000 + i / 336,
        1 + (i % 336) / 28,
        1 + i % 28
    )
}

#[test]
fn a_large_category_is_split_into_files_of_1000_records_oldest_first() {
    let notes: Vec<(String, String)> = (0..2050)
        .map(|i| {
            let front = format!(
                "title: \"Nota {i}\"\ndate: {}\ntype: beslisnota\n",
                nth_date(i)
            );
            (format!("notas/n{i:04}.md"), note(&front, "Tekst.\n"))
        })
        .collect();
    let notes: Vec<(&str, &str)> = notes
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let site = new_site(WOO, &notes);
    build_ok(&site);
    let names: Vec<String> = sitemap_files(&site)
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "diwoo-infocat018-00001.xml",
            "diwoo-infocat018-00002.xml",
            "diwoo-infocat018-00003.xml",
            "sitemapindex-diwoo-infocat018.xml",
        ]
    );
    let read = |n: usize| site.read(&format!("public/sitemaps/diwoo-infocat018-{n:05}.xml"));
    let counts: Vec<usize> = (1..=3).map(|n| read(n).matches("<url>").count()).collect();
    assert_eq!(counts, [1000, 1000, 50]);
    let loc = |i: usize| format!("<loc>https://test.example.nl/notas/n{i:04}/</loc>");
    assert!(read(1).contains(&loc(0)) && read(1).contains(&loc(999)));
    assert!(read(2).contains(&loc(1000)) && read(2).contains(&loc(1999)));
    assert!(read(3).contains(&loc(2000)) && read(3).contains(&loc(2049)));
    assert!(
        read(1).find(&loc(0)) < read(1).find(&loc(1)),
        "oldest first within a file"
    );
    let index = site.read("public/sitemaps/sitemapindex-diwoo-infocat018.xml");
    let listed: Vec<&str> = index
        .lines()
        .filter_map(|l| l.trim().strip_prefix("<loc>")?.strip_suffix("</loc>"))
        .collect();
    assert_eq!(
        listed,
        [
            "https://test.example.nl/sitemaps/diwoo-infocat018-00001.xml",
            "https://test.example.nl/sitemaps/diwoo-infocat018-00002.xml",
            "https://test.example.nl/sitemaps/diwoo-infocat018-00003.xml",
        ]
    );
    for file in sitemap_files(&site) {
        assert_valid(&file);
    }
}

// ---------------------------------------------------------------------------
// Inventory and niet-openbaar notes

#[test]
fn inventory_csv_lists_every_note_with_its_judgement() {
    let site = woo_site();
    build_ok(&site);
    assert_eq!(
        site.read("public/woo/inventaris.csv"),
        "ID,Document,Datum,Beoordeling,Beoordelingsgrond,Publieke link\r\n\
         5104376,Beslisnota over de aanpak van mensenhandel,2024-02-08,Openbaar,,https://test.example.nl/2024/beslisnota/\r\n\
         4561208,Beslisnota over de jeugdzorg,2023-04-13,Deels openbaar,5.1.2e,https://test.example.nl/2023/jeugdzorg/\r\n\
         2023/brief,Kamerbrief over schulden,2023-01-10,Openbaar,,https://test.example.nl/2023/brief/\r\n\
         NO-1,Nota over de staatsveiligheid,2022-06-01,Niet openbaar,5.1.1b;5.1.2i,\r\n"
    );
}

#[test]
fn inventory_page_is_an_accessible_table() {
    let site = woo_site();
    build_ok(&site);
    let html = site.read("public/woo/inventaris/index.html");
    assert!(html.contains(
        "<caption id=\"inventaris-titel\">Inventaris van documenten en hun beoordeling</caption>"
    ));
    for column in [
        "ID",
        "Document",
        "Datum",
        "Beoordeling",
        "Beoordelingsgrond",
        "Publieke link",
    ] {
        assert!(
            html.contains(&format!("<th scope=\"col\">{column}</th>")),
            "{column}"
        );
    }
    assert!(html.contains("<th scope=\"row\">Nota over de staatsveiligheid</th>"));
    assert!(html.contains("<td>Niet openbaar</td>"));
    assert!(html.contains("<abbr title=\"veiligheid van de Staat (artikel 5.1, eerste lid, onder b, Woo)\">5.1.1b</abbr>"));
    assert!(html.contains("<a href=\"/woo/inventaris.csv\" download>"));
    assert!(html.contains("4 documenten: 2 openbaar, 1 deels openbaar, 1 niet openbaar."));
    // The navigation links to the inventory from every page.
    assert!(
        site.read("public/index.html")
            .contains("<a href=\"/woo/inventaris/\">Woo-inventaris</a>")
    );
}

#[test]
fn niet_openbaar_notes_are_listed_but_never_built() {
    let site = woo_site();
    build_ok(&site);
    assert!(!site.path("public/2022/geheim").exists());
    let everything: Vec<(PathBuf, Vec<u8>)> = common::snapshot(&site.path("public"));
    for (path, bytes) in &everything {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("De inhoud van deze nota"),
            "{}",
            path.display()
        );
        if path.to_string_lossy() != "woo/inventaris.csv"
            && path.to_string_lossy() != "woo/inventaris/index.html"
        {
            assert!(
                !text.contains("staatsveiligheid"),
                "{} lists a niet-openbaar note",
                path.display()
            );
        }
    }
    // Also when Woo output is off.
    let site = new_site("", &[("2022/geheim.md", &note(WITHHELD, "Tekst.\n"))]);
    build_ok(&site);
    assert!(!site.path("public/2022/geheim").exists());
    assert!(!site.path("public/sitemaps").exists());
    assert!(!site.path("public/woo").exists());
    assert!(!site.read("public/robots.txt").contains("diwoo"));
}

#[test]
fn check_json_reports_niet_openbaar_and_the_inventory_url_is_reserved() {
    let site = woo_site();
    let run = site.nota(&["check", "--format", "json"]);
    run.assert_code(0);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let judgements: Vec<(&str, &str)> = json["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["url"].as_str().unwrap(),
                n["beoordeling"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        judgements,
        [
            ("/2022/geheim/", "Niet openbaar"),
            ("/2023/brief/", "Openbaar"),
            ("/2023/jeugdzorg/", "Deels openbaar"),
            ("/2024/beslisnota/", "Openbaar"),
        ]
    );

    site.write(
        "content/woo/inventaris.md",
        note("title: \"X\"\ndate: 2024-01-01\n", "x\n"),
    );
    let run = site.nota(&["check"]);
    run.assert_code(1);
    assert!(
        run.stderr.starts_with("error[content/reserved-url]: this note would be published at /woo/inventaris/, which nota uses for the Woo inventory\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn partly_disclosed_note_shows_the_openbaarmaking_block() {
    let site = woo_site();
    build_ok(&site);
    let html = site.read("public/2023/jeugdzorg/index.html");
    assert!(html.contains(
        "<section class=\"openbaarmaking\" aria-labelledby=\"woo-openbaarmaking\">\n<h2 id=\"woo-openbaarmaking\">Openbaarmaking</h2>\n<p>Dit document is deels openbaar. Informatie is weggelakt op grond van de Wet open overheid (Woo):</p>\n<dl class=\"gronden\">\n<div><dt>5.1.2e</dt><dd>Eerbiediging van de persoonlijke levenssfeer (artikel 5.1, tweede lid, onder e, Woo)</dd></div>\n</dl>\n</section>"
    ), "{html}");
    assert!(
        !site
            .read("public/2024/beslisnota/index.html")
            .contains("Openbaarmaking")
    );
}

#[test]
fn withheld_text_never_reaches_the_woo_files() {
    let site = woo_site();
    build_ok(&site);
    for rel in [
        "public/sitemaps/diwoo-infocat015-00001.xml",
        "public/woo/inventaris.csv",
        "public/woo/inventaris/index.html",
    ] {
        assert!(!site.read(rel).contains(SECRET), "{rel}");
    }
    assert!(
        site.read("public/sitemaps/diwoo-infocat015-00001.xml")
            .contains("Beslisnota over de jeugdzorg")
    );

    // A summary that repeats the withheld name would carry it into the
    // DiWoo omschrijving: the leak guard refuses the build.
    let leaky = REDACTED.replace(
        "woo:\n",
        &format!("summary: \"Overleg met {SECRET} over de cijfers.\"\nwoo:\n"),
    );
    site.write(
        "content/2023/jeugdzorg.md",
        note(
            &leaky,
            &format!(
                "## Aanleiding\n\nOverleg met {{lak 5.1.2e}}{SECRET}{{/lak}} over de cijfers.\n"
            ),
        ),
    );
    let before = common::snapshot(&site.path("public"));
    let run = site.nota(&["build"]);
    run.assert_code(1);
    assert!(
        run.stderr.starts_with("error[redaction/leak]: the front-matter `summary` repeats text withheld on line 13 of this note; it would be published in 8 output files: 2023/jeugdzorg/index.html, atom.xml, index.html, jaren/2023/index.html, organisaties/ministerie-van-justitie-en-veiligheid/index.html, publicaties/index.html, sitemaps/diwoo-infocat015-00001.xml, soorten/beslisnota/index.html\n --> content/2023/jeugdzorg.md:6:23\n"),
        "{}",
        run.stderr
    );
    assert_eq!(
        before,
        common::snapshot(&site.path("public")),
        "public/ changed"
    );
}

// ---------------------------------------------------------------------------
// Diagnostics

#[test]
fn enabled_without_publisher_is_reported_by_nota_first() {
    let site = new_site(
        "\n[woo]\nenabled = true\n",
        &[("a.md", &note(BESLISNOTA, "x\n"))],
    );
    let run = site.nota(&["check"]);
    run.assert_code(1);
    assert_eq!(
        run.stderr,
        "error[woo/no-publisher]: Woo output is enabled but no publisher is configured\n --> nota.toml:6:1\n  |\n6 | enabled = true\n  | ^^^^^^^\n  = help: add `publisher = \"…\"` to [woo] (a TOOI organisation, e.g. \"ministerie van Justitie en Veiligheid\" or \"mnre1058\"), or set enabled = false\n\nnota: 1 error in nota.toml; nothing was built\n"
    );
}

#[test]
fn unknown_publisher_and_keys_in_the_woo_table() {
    let site = new_site(
        "\n[woo]\npublisher = \"Ministerie van Justitie & Veiligheid\"\ncategory = \"adviezen\"\n",
        &[],
    );
    let run = site.nota(&["check"]);
    run.assert_code(1);
    assert_eq!(
        run.stderr,
        "error[woo/unknown-organisation]: `Ministerie van Justitie & Veiligheid` is not a TOOI organisation\n --> nota.toml:6:1\n  |\n6 | publisher = \"Ministerie van Justitie & Veiligheid\"\n  | ^^^^^^^^^\n  = help: the nearest current names are `ministerie van Justitie en Veiligheid`, `ministerie van Defensie`, `ministerie van Buitenlandse Zaken`; the lists are in data/tooi/ (organisaties.tsv, organisatiehistorie.tsv)\n\nnota: 1 error in nota.toml; nothing was built\n"
    );

    let site = new_site(
        "\n[woo]\npublisher = \"mnre1058\"\ncatgory = \"adviezen\"\n",
        &[],
    );
    let run = site.nota(&["check"]);
    run.assert_code(1);
    assert!(
        run.stderr.starts_with(
            "error[config/unknown-key]: unknown key `catgory` in nota.toml\n --> nota.toml:7:1\n"
        ) && run.stderr.contains("= help: did you mean `category`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_reports_wrong_woo_front_matter_with_positions() {
    let front = "title: \"Nota\"
date: 2024-02-08
type: beslisnotitie
organisation: \"Ministerie van Justitie en Veilgheid\"
woo:
  category: adviesen
  status: openbaar
  documenthandelingen:
    - kind: vastgesteld
      date: 2024-02-31
  relations:
    - \"de Kamerbrief van vorige week\"
    - \"Kamerstukken II 2023/24, 28638\"
";
    let site = new_site(
        &format!("{WOO}required = [\"kenmerk\", \"type\"]\n"),
        &[
            ("2024/nota.md", &note(front, "Tekst.\n")),
            (
                "2024/geheim.md",
                &note(
                    "title: \"G\"\ndate: 2024-01-01\nkenmerk: \"G-1\"\ntype: beslisnota\nwoo:\n  status: geheim\n",
                    "Tekst.\n",
                ),
            ),
            (
                "2024/zonder-grond.md",
                &note(
                    "title: \"Z\"\ndate: 2024-01-01\nkenmerk: \"Z-1\"\ntype: beslisnota\nwoo:\n  status: niet-openbaar\n",
                    "Tekst.\n",
                ),
            ),
        ],
    );
    let run = site.nota(&["check"]);
    run.assert_code(1);
    let expected =
        fs::read_to_string(repo().join("tests/fixtures/woo-front-matter.expected")).unwrap();
    assert_eq!(run.stderr, expected, "actual stderr:\n{}", run.stderr);
    assert_eq!(
        run.summary(),
        "nota: 3 notes read, 0 pages written, 0 warnings, 10 errors"
    );
}

#[test]
fn toml_front_matter_takes_woo_tables_and_plain_dates() {
    let site = new_site(
        WOO,
        &[(
            "2024/toml.md",
            "+++\ntitle = \"Nota in TOML\"\ndate = 2024-03-01\ntype = \"beslisnota\"\n\n[woo]\ncategory = \"015\"\nrelations = [\"Kamerstukken II 2023/24, 28638, nr. 220\"]\n\n[[woo.documenthandelingen]]\nkind = \"ontvangst\"\ndate = 2024-03-04\n+++\n\nTekst.\n",
        )],
    );
    build_ok(&site);
    let xml = site.read("public/sitemaps/diwoo-infocat015-00001.xml");
    assert!(xml.contains("c_dfcee535\">ontvangst</diwoo:soortHandeling>\n            <diwoo:atTime>2024-03-04T00:00:00+01:00</diwoo:atTime>"));
    assert!(xml.contains("kst-28638-220.html"));
    assert_valid(&site.path("public/sitemaps/diwoo-infocat015-00001.xml"));
}
