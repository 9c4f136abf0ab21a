//! Woo publication on what ministries publish, through the `nota` binary
//! with the repository's own `nota.toml` (Woo on): the nineteen real notes of
//! eleven ministries, each organisation case (a former name, an abbreviation,
//! a name of another time, an ambiguous and an unknown name) with its exact
//! diagnostic, the publisher resolved by today's names, and a generated
//! corpus of 1,000 notes.
//!
//! Needs xmllint (libxml2-utils) and python3, both installed by scripts/test.

mod common;

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use common::{Site, assert_valid};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A site with the repository's `nota.toml` and default theme, and `notes`.
fn site_with_repo_config(notes: &[(&str, String)]) -> Site {
    let site = Site::empty();
    fs::copy(repo().join("nota.toml"), site.path("nota.toml")).unwrap();
    common::copy_dir(&repo().join("themes/default"), &site.path("themes/default"));
    for (path, text) in notes {
        site.write(&format!("content/{path}"), text);
    }
    site
}

fn note(title: &str, date: &str, organisation: Option<&str>) -> String {
    let organisation = organisation
        .map(|o| format!("organisation: \"{o}\"\n"))
        .unwrap_or_default();
    format!(
        "---\ntitle: \"{title}\"\ndate: {date}\n{organisation}type: beslisnota\nkenmerk: \"{title}-1\"\n---\n\n## 1. Aanleiding\n\nTekst.\n"
    )
}

/// Every DiWoo sitemap file the site has, each validated against DiWoo 0.9.8.
fn validated_sitemaps(site: &Site) -> Vec<PathBuf> {
    let files = common::sitemap_files(site);
    for file in &files {
        assert_valid(file);
    }
    files
}

/// The TOOI code of the `opsteller` of the record whose `<loc>` ends in `/{slug}/`.
fn opsteller(site: &Site, slug: &str) -> String {
    let xml = site.read("public/sitemaps/diwoo-infocat018-00001.xml");
    let record = xml
        .split("<url>")
        .find(|r| r.contains(&format!("/{slug}/</loc>")))
        .unwrap_or_else(|| panic!("no record for {slug}"));
    let start = record
        .find("<diwoo:opsteller resource=\"")
        .expect("an opsteller")
        + "<diwoo:opsteller resource=\"".len();
    let uri = &record[start..start + record[start..].find('"').unwrap()];
    uri.rsplit('/').next().unwrap().to_string()
}

// ---------------------------------------------------------------------------
// The real notes

/// All nineteen published notes, with the repository's nota.toml (Woo on)
/// and only the review decisions a publishing team adds (`woo.section5:
/// publish` where section 5 has content): every note builds, every DiWoo file
/// validates, and each note is filed under the organisation of its day.
#[test]
fn the_real_corpus_builds_with_woo_publication_on() {
    let site = site_with_repo_config(&[]);
    common::copy_dir(
        &common::fixtures().join("corpus/content"),
        &site.path("content"),
    );
    let run = site.nota(&["build"]);
    run.assert_code(0);
    assert_eq!(
        run.summary(),
        "nota: 19 notes read, 87 pages written, 0 warnings, 0 errors"
    );
    assert_eq!(run.stderr, "");
    assert_eq!(validated_sitemaps(&site).len(), 2);
    let expected = [
        ("01-az-2024-kamervragen-van-nieuwenhuizen", "mnre1010"),
        ("02-defensie-2024-voorval-zrms-tromp", "mnre1018"),
        ("03-bzk-2023-evaluaties-college-rechten-mens", "mnre1034"),
        ("07-jenv-2024-verzamelbrief-politie-oktober", "mnre1058"),
        ("10-ienw-2022-impulsprogramma-chemische-stoffen", "mnre1130"),
        ("13-ocw-2024-kamervragen-halsema-uva", "mnre1109"),
        // LNV until 2 July 2024 and LVVN after it are one ministry, not the
        // LNV (mnre1150) that ended in 2010.
        ("17-lnv-2024-nadere-vragen-stikstof", "mnre1153"),
        (
            "18-lnv-2024-kamervragen-rechtbank-gelderland-luchthavens",
            "mnre1153",
        ),
        (
            "19-lvvn-2024-kamervragen-toezicht-dieraantallen",
            "mnre1153",
        ),
        // EZK until 2 July 2024 and EZ after it: one ministry, not the EZ
        // (mnre1040) that ended in 2010.
        ("20-ezk-2024-vierde-ronde-nationaal-groeifonds", "mnre1045"),
        ("21-ezk-2024-nnavv-instellingswet-atr", "mnre1045"),
        ("22-ez-2024-tweede-nota-van-wijziging-atr", "mnre1045"),
        ("23-ez-2024-werkprogramma-atr-2025", "mnre1045"),
    ];
    for (slug, code) in expected {
        assert_eq!(opsteller(&site, slug), code, "{slug}");
    }
}

// ---------------------------------------------------------------------------
// One case each

/// A former name on a note of its own day, an abbreviation, a lower-case
/// name and an identifier: resolved without a word.
#[test]
fn names_of_their_day_and_abbreviations_resolve_quietly() {
    let site = site_with_repo_config(&[
        (
            "venj.md",
            note(
                "venj",
                "2016-05-01",
                Some("Ministerie van Veiligheid en Justitie"),
            ),
        ),
        ("ezk.md", note("ezk", "2024-01-11", Some("EZK"))),
        (
            "ez.md",
            note("ez", "2024-12-05", Some("ministerie van economische zaken")),
        ),
        ("lnv.md", note("lnv", "2019-03-01", Some("LNV"))),
        ("kgg.md", note("kgg", "2025-03-01", Some("mnre1182"))),
        // The site's organisation (nota.toml) is a name of today, and the
        // organisation existed in 2009 under another.
        ("site-2009.md", note("site-2009", "2009-05-01", None)),
    ]);
    let run = site.nota(&["build"]);
    run.assert_code(0);
    assert_eq!(run.stderr, "");
    validated_sitemaps(&site);
    for (slug, code) in [
        ("venj", "mnre1058"),
        ("ezk", "mnre1045"),
        ("ez", "mnre1045"),
        ("lnv", "mnre1153"),
        ("kgg", "mnre1182"),
        ("site-2009", "mnre1058"),
    ] {
        assert_eq!(opsteller(&site, slug), code, "{slug}");
    }
}

/// A name (or identifier) valid, but not on the note's date: taken, with a
/// warning at `organisation`.
#[test]
fn a_name_of_another_time_is_taken_with_a_warning() {
    let site = site_with_repo_config(&[
        (
            "ez-2026.md",
            note(
                "ez-2026",
                "2026-06-01",
                Some("Ministerie van Economische Zaken"),
            ),
        ),
        (
            "kgg-2020.md",
            note("kgg-2020", "2020-01-01", Some("mnre1182")),
        ),
    ]);
    let run = site.nota(&["build"]);
    run.assert_code(0);
    assert_eq!(
        run.stderr,
        "warning[woo/organisation-out-of-period]: `Ministerie van Economische Zaken` was not the name of a TOOI organisation on 2026-06-01: mnre1045 had it from 2012-11-05 to 2017-10-25 and from 2024-07-02 to 2026-02-22; taken as mnre1045
 --> content/ez-2026.md:4:15
  |
4 | organisation: \"Ministerie van Economische Zaken\"
  |               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: on 2026-06-01 mnre1045 was called `ministerie van Economische Zaken en Klimaat`: write that name (or `mnre1045`), or check the note's `date`

warning[woo/organisation-out-of-period]: `mnre1182` (ministerie van Klimaat en Groene Groei) did not exist on 2020-01-01: it existed from 2024-07-02 to 2026-02-22
 --> content/kgg-2020.md:4:15
  |
4 | organisation: \"mnre1182\"
  |               ^^^^^^^^^^
  = help: check the note's `date`, or write the organisation that existed then

"
    );
    assert_eq!(
        run.summary(),
        "nota: 2 notes read, 17 pages written, 2 warnings, 0 errors"
    );
    validated_sitemaps(&site);
    assert_eq!(opsteller(&site, "ez-2026"), "mnre1045");
    assert_eq!(opsteller(&site, "kgg-2020"), "mnre1182");
}

/// A note without `organisation` takes the site's, a name of today: the
/// note's `date` is checked against the time that organisation existed.
#[test]
fn the_sites_organisation_is_checked_against_the_notes_date() {
    let site = site_with_repo_config(&[
        ("2019.md", note("2019", "2019-05-01", None)),
        ("2025.md", note("2025", "2025-05-01", None)),
    ]);
    let config = site.read("nota.toml").replace(
        "organisation = \"Ministerie van Justitie en Veiligheid\"",
        "organisation = \"Ministerie van Asiel en Migratie\"",
    );
    site.write("nota.toml", config);
    let run = site.nota(&["build"]);
    run.assert_code(0);
    assert_eq!(
        run.stderr,
        "warning[woo/organisation-out-of-period]: `Ministerie van Asiel en Migratie` did not exist on 2019-05-01: it existed from 2024-07-02 to 2026-02-22 (the note has no `organisation`; this is the site's from nota.toml)
 --> content/2019.md:3:7
  |
3 | date: 2019-05-01
  |       ^^^^^^^^^^
  = help: check the note's `date`, or write the organisation that existed then

"
    );
    assert_eq!(opsteller(&site, "2019"), "mnre1162");
    assert_eq!(opsteller(&site, "2025"), "mnre1162");
}

/// A name two organisations had (neither on the note's date), and a name
/// no organisation ever had: errors, and nothing is written.
#[test]
fn ambiguous_and_unknown_organisations_stop_the_build() {
    let site = site_with_repo_config(&[
        (
            "lnv-2015.md",
            note(
                "lnv-2015",
                "2015-03-01",
                Some("Ministerie van Landbouw, Natuur en Voedselkwaliteit"),
            ),
        ),
        (
            "onbekend.md",
            note(
                "onbekend",
                "2024-03-01",
                Some("Ministerie van Economische Zaken en Innovatie"),
            ),
        ),
    ]);
    let run = site.nota(&["build"]);
    run.assert_code(1);
    assert_eq!(
        run.stderr,
        "error[woo/ambiguous-name]: `Ministerie van Landbouw, Natuur en Voedselkwaliteit` was not the name of a TOOI organisation on 2015-03-01, and more than one had it at other times: mnre1150 (until 2010-10-13), mnre1153 (from 2017-10-26 to 2024-07-01)
 --> content/lnv-2015.md:4:15
  |
4 | organisation: \"Ministerie van Landbouw, Natuur en Voedselkwaliteit\"
  |               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: write the code of the organisation meant (`mnre1150` or `mnre1153`) instead of the name, or check the note's `date`; or map the name in nota.toml: [woo.organisations] \"Ministerie van Landbouw, Natuur en Voedselkwaliteit\" = \"…\"

error[woo/unknown-organisation]: `Ministerie van Economische Zaken en Innovatie` is not a TOOI organisation
 --> content/onbekend.md:4:15
  |
4 | organisation: \"Ministerie van Economische Zaken en Innovatie\"
  |               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: the nearest names on 2024-03-01 are `ministerie van Economische Zaken en Klimaat`, `ministerie van Algemene Zaken`, `ministerie van Defensie`; the lists are in data/tooi/ (organisaties.tsv, organisatiehistorie.tsv); or map the name in nota.toml: [woo.organisations] \"Ministerie van Economische Zaken en Innovatie\" = \"…\"

"
    );
    assert!(!site.path("public").exists());
}

/// `nota.toml` has no date: the publisher is resolved by today's names, and
/// a former name is taken with a warning at its line.
#[test]
fn the_publisher_is_resolved_by_todays_names() {
    let site = site_with_repo_config(&[(
        "nota.md",
        note(
            "nota",
            "2025-01-10",
            Some("Ministerie van Economische Zaken"),
        ),
    )]);
    let config = site.read("nota.toml").replace(
        "publisher = \"ministerie van Justitie en Veiligheid\" # TOOI mnre1058",
        "publisher = \"ministerie van Economische Zaken\"",
    );
    site.write("nota.toml", config);
    let run = site.nota(&["build"]);
    run.assert_code(0);
    assert_eq!(
        run.stderr,
        "warning[woo/organisation-out-of-period]: `ministerie van Economische Zaken` is not the current name of a TOOI organisation: mnre1045 had it from 2012-11-05 to 2017-10-25 and from 2024-07-02 to 2026-02-22; taken as mnre1045
  --> nota.toml:10:1
   |
10 | publisher = \"ministerie van Economische Zaken\"
   | ^^^^^^^^^
   = help: mnre1045 is now called `ministerie van Economische Zaken en Klimaat`: write that name (or `mnre1045`)

"
    );
    let xml = site.read("public/sitemaps/diwoo-infocat018-00001.xml");
    assert!(xml.contains(
        "<diwoo:publisher resource=\"https://identifier.overheid.nl/tooi/id/ministerie/mnre1045\">"
    ));
    assert_eq!(opsteller(&site, "nota"), "mnre1045");
}

// ---------------------------------------------------------------------------
// A generated corpus

/// `bench/gen_corpus.py --notes 1000` (ministry names of each note's date,
/// 2015-2026) builds with the repository's nota.toml without a finding.
#[test]
fn a_generated_corpus_of_1000_notes_builds_with_the_repository_config() {
    let site = site_with_repo_config(&[]);
    let generated = Command::new("python3")
        .arg(repo().join("bench/gen_corpus.py"))
        .args(["--notes", "1000", "--out"])
        .arg(site.root())
        .output()
        .expect("python3 is needed to generate the corpus");
    assert!(generated.status.success(), "{generated:?}");
    let run = site.nota(&["build"]);
    run.assert_code(0);
    assert!(
        run.summary().ends_with(" 0 warnings, 0 errors"),
        "{}\n{}",
        run.summary(),
        run.stderr
    );
    assert_eq!(validated_sitemaps(&site).len(), 2);
    let organisations: std::collections::BTreeSet<String> =
        fs::read_dir(site.path("content/notes"))
            .unwrap()
            .filter_map(|e| {
                let text = fs::read_to_string(e.unwrap().path()).ok()?;
                let line = text.lines().find(|l| l.starts_with("organisation: "))?;
                Some(line.to_string())
            })
            .collect();
    // Names of three cabinets' days, all resolved.
    for name in [
        "Ministerie van Veiligheid en Justitie",
        "Ministerie van Economische Zaken en Klimaat",
        "Ministerie van Landbouw, Natuur en Voedselkwaliteit",
        "Ministerie van Klimaat en Groene Groei",
    ] {
        assert!(
            organisations.iter().any(|o| o.contains(name)),
            "{name}: {organisations:?}"
        );
    }
}
