//! Section-5 detection and marker handling on small notes.

use rustc_hash::FxHashMap as HashMap;

use super::super::{RenderContext, Rendered, render};
use super::titles::title_key;
use crate::config::redaction::Settings;
use crate::disclosure::Ground;
use crate::disclosure::Section5;
use crate::front_matter::{self, Document};
use crate::load::Source;

const SECRET: &str = "Geheime Naam";

fn document(front: &str, body: &str) -> Document {
    let text = format!("---\ntitle: T\ndate: 2024-01-01\n{front}---\n{body}");
    let source = Source {
        path: "content/t.md".into(),
        rel: "t.md".into(),
        text: text.into(),
    };
    front_matter::parse(source, "Org", |_, _| Ok("/t/".to_string())).expect("front matter")
}

fn render_with(front: &str, body: &str, settings: &Settings) -> Rendered {
    let doc = document(front, body);
    let note_urls = HashMap::default();
    let ctx = RenderContext {
        note_urls: &note_urls,
        id_prefix: "",
        redaction: settings,
        base_path: &crate::base_path::BasePath::default(),
    };
    render(&doc, &ctx)
}

fn rendered(front: &str, body: &str) -> Rendered {
    render_with(front, body, &Settings::default())
}

fn codes(r: &Rendered) -> Vec<&'static str> {
    r.diagnostics.iter().map(|d| d.code).collect()
}

const REDACT: &str = "woo:\n  section5: redact\n  grounds: [\"5.1.2e\"]\n";

/// The body is redacted only if the title was recognised: a check that the
/// form is detected, that the content is gone, and where the section ends.
fn assert_detected(body: &str) {
    let r = rendered(REDACT, body);
    assert_eq!(
        r.redactions.section5,
        Section5::Redacted {
            grounds: vec![Ground::G512e]
        },
        "not detected in:\n{body}\n{:?}",
        r.diagnostics
    );
    assert!(!r.html.contains(SECRET), "secret in:\n{}", r.html);
    assert!(r.html.contains("[5.1.2e]"));
    assert!(r.withheld.iter().any(|w| w.text.contains(SECRET)));
    let undecided = rendered("", body);
    assert_eq!(undecided.redactions.section5, Section5::Refused, "{body}");
    assert_eq!(codes(&undecided), vec!["redaction/section5-content"]);
    assert!(!undecided.html.contains(SECRET));
}

#[test]
fn headings_of_every_level_are_detected() {
    for hashes in ["#", "##", "###", "####"] {
        assert_detected(&format!(
            "{hashes} Informatie die niet openbaar gemaakt kan worden\n\n{SECRET}.\n"
        ));
    }
}

#[test]
fn every_numbering_form_is_detected() {
    for number in ["5", "5.", "5)", "4.", "V.", "(5)"] {
        assert_detected(&format!(
            "## {number} Informatie die zich niet leent voor openbaarmaking\n\n{SECRET}.\n"
        ));
    }
}

#[test]
fn case_emphasis_colon_and_spacing_do_not_matter() {
    for title in [
        "INFORMATIE DIE NIET OPENBAAR WORDT GEMAAKT",
        "*Informatie die niet openbaar wordt gemaakt*",
        "Informatie die niet openbaar wordt gemaakt:",
        "Informatie  die niet   openbaar wordt gemaakt :",
        "Informatie die niet openbaargemaakt kan worden",
    ] {
        assert_detected(&format!("## {title}\n\n{SECRET}.\n"));
    }
}

#[test]
fn bold_and_plain_paragraph_titles_are_detected() {
    assert_detected(&format!(
        "Tekst.\n\n**5. Informatie die niet openbaar gemaakt kan worden**\n\n{SECRET}.\n"
    ));
    assert_detected(&format!(
        "Tekst.\n\nInformatie die niet openbaar gemaakt kan worden:\n\n{SECRET}.\n"
    ));
}

#[test]
fn a_numbered_list_item_title_is_an_error() {
    for body in [
        format!("Tekst.\n\n5. Informatie die zich niet leent voor openbaarmaking\n\n{SECRET}.\n"),
        format!("4. Kernpunten\n5. Informatie die niet openbaar gemaakt kan worden\n6. {SECRET}\n"),
    ] {
        let r = rendered(REDACT, &body);
        assert_eq!(codes(&r), vec!["redaction/section5-nested"], "{body}");
        let help = r.diagnostics[0].help.as_deref().unwrap();
        assert!(help.starts_with("a line that starts with a number and a period, such as `5. Informatie …`, is a list item in Markdown;"), "{help}");
    }
}

#[test]
fn sub_sections_are_inside_and_the_next_main_section_is_not() {
    let body = format!(
        "## 5. Informatie die niet openbaar gemaakt kan worden\n\n### 5.1 Namen\n\n{SECRET}\n\n### 5.2 Overig\n\nMeer.\n\n## Bijlagen\n\nPublieke bijlage.\n"
    );
    assert_detected(&body);
    let r = rendered(REDACT, &body);
    assert!(!r.html.contains("5.1 Namen"));
    assert!(r.html.contains("Publieke bijlage."));
    assert_eq!(r.toc.len(), 2, "{:?}", r.toc);
}

#[test]
fn footnote_definitions_at_the_end_are_not_part_of_section_5() {
    let body = "Tekst[^1].\n\n## 5. Informatie die niet openbaar gemaakt kan worden\n\nNiet van toepassing.\n\n[^1]: Een bron.\n";
    let r = rendered("", body);
    assert_eq!(r.redactions.section5, Section5::NotApplicable);
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert!(r.html.contains("Een bron."));
}

#[test]
fn empty_and_nothing_withheld_sections_are_published() {
    let title = "## Informatie die niet openbaar gemaakt kan worden\n\n";
    let r = rendered("", title);
    assert_eq!(r.redactions.section5, Section5::Empty);
    for phrase in [
        "Niet van toepassing.",
        "N.v.t.",
        "Nvt",
        "Geen.",
        "*niet van toepassing*",
    ] {
        let r = rendered("", &format!("{title}{phrase}\n"));
        assert_eq!(r.redactions.section5, Section5::NotApplicable, "{phrase}");
        assert!(r.diagnostics.is_empty(), "{phrase}: {:?}", r.diagnostics);
    }
    let r = rendered("", "## Aanleiding\n\nTekst.\n");
    assert_eq!(r.redactions.section5, Section5::Absent);
}

#[test]
fn configured_titles_and_phrases_are_used() {
    let settings = Settings::from_raw(
        toml::from_str("section5_titles = [\"Vertrouwelijke informatie\"]\nnothing_withheld = [\"Er is niets weggelaten\"]").unwrap(),
    );
    let r = render_with(
        "",
        "## 5. Vertrouwelijke informatie\n\nEr is niets weggelaten.\n",
        &settings,
    );
    assert_eq!(r.redactions.section5, Section5::NotApplicable);
    let r = render_with(
        "",
        &format!("## Vertrouwelijke informatie\n\n{SECRET}\n"),
        &settings,
    );
    assert_eq!(r.redactions.section5, Section5::Refused);
}

#[test]
fn publish_keeps_a_reviewed_motivation() {
    let body = "## 5. Informatie die niet openbaar gemaakt kan worden\n\nDe persoonsgegevens van de ambtenaren zijn niet openbaar.\n";
    let r = rendered("woo:\n  section5: publish\n", body);
    assert_eq!(r.redactions.section5, Section5::Published);
    assert!(
        r.html
            .contains("De persoonsgegevens van de ambtenaren zijn niet openbaar.")
    );
    assert!(r.withheld.is_empty());
}

#[test]
fn two_sections_and_nested_sections_are_errors() {
    let two = "## Informatie die niet openbaar gemaakt kan worden\n\nNvt\n\n## Informatie die niet openbaar wordt gemaakt\n\nNvt\n";
    assert_eq!(
        codes(&rendered("", two)),
        vec!["redaction/section5-duplicate"]
    );
    let nested =
        "## Toelichting\n\nTekst.\n\n### Informatie die niet openbaar gemaakt kan worden\n\nNvt\n";
    assert_eq!(
        codes(&rendered("", nested)),
        vec!["redaction/section5-nested"]
    );
    let quoted = "> ## Informatie die niet openbaar gemaakt kan worden\n>\n> Nvt\n";
    assert_eq!(
        codes(&rendered("", quoted)),
        vec!["redaction/section5-nested"]
    );
    // A single level-1 heading that opens the note is its title, not a section.
    let titled = "# Beslisnota\n\n## Aanleiding\n\nTekst.\n\n## Informatie die niet openbaar gemaakt kan worden\n\nNvt\n";
    assert!(rendered("", titled).diagnostics.is_empty());
}

#[test]
fn wrong_front_matter_decisions_are_errors() {
    let body = format!("## Informatie die niet openbaar gemaakt kan worden\n\n{SECRET}\n");
    let r = rendered("woo:\n  section5: weglakken\n", &body);
    assert_eq!(codes(&r), vec!["redaction/section5-decision"]);
    assert!(!r.html.contains(SECRET));
    let r = rendered("woo:\n  section5: redact\n", &body);
    assert_eq!(codes(&r), vec!["redaction/missing-ground"]);
    let r = rendered("woo:\n  section5: redact\n  grounds: [\"10.2.e\"]\n", &body);
    assert_eq!(codes(&r), vec!["redaction/wob-ground"]);
    let location = r.diagnostics[0].location.as_ref().unwrap();
    assert_eq!((location.line, location.column), (6, 3));
}

#[test]
fn title_keys_ignore_numbering_but_not_words() {
    assert_eq!(title_key("5. Informatie"), "informatie");
    assert_eq!(title_key("V. Informatie"), "informatie");
    assert_eq!(title_key("Informatie"), "informatie");
    assert_eq!(title_key("Voorstel informatie"), "voorstelinformatie");
}

#[test]
fn a_lone_marker_in_code_is_literal_and_a_whole_passage_is_an_error() {
    let r = rendered("", "`{lak 5.1.2e}` en `{/lak}`\n\n```\n{lak 5.1.2e}\n```\n");
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert_eq!(r.html.matches("{lak 5.1.2e}").count(), 2);
    for body in [
        "`{lak 5.1.2e}x{/lak}`\n",
        "```\n{lak 5.1.2e}\ngeheim\n{/lak}\n```\n",
        "    {LAK 5.1.2e} x { /lak }\n",
    ] {
        let r = rendered("", body);
        assert_eq!(codes(&r), vec!["redaction/marker-in-code"], "{body}");
    }
}

#[test]
fn markers_in_link_targets_and_unreadable_markers_are_errors() {
    let r = rendered(
        "",
        "[dossier](https://example.nl/{lak5.1.2e}jansen{/lak})\n",
    );
    assert_eq!(codes(&r), vec!["redaction/marker-in-link"]);
    let r = rendered(
        "",
        "[dossier](https://example.nl/ \"Over {lak 5.1.2e}Jansen{/lak}\")\n",
    );
    assert!(
        codes(&r).contains(&"redaction/marker-in-link"),
        "{:?}",
        r.diagnostics
    );
    // Read as markers: any case, no-break spaces, no space before the ground.
    for body in [
        "Een {LAK\u{a0}5.1.2e}Geheime Naam{\u{a0}/lak}.\n",
        "Een {lak5.1.2e}Geheime Naam{/lak}.\n",
        "Een {\u{200b}lak 5.1.2e}Geheime Naam{/\u{200b}lak}.\n",
    ] {
        let r = rendered("", body);
        assert!(r.diagnostics.is_empty(), "{body:?}: {:?}", r.diagnostics);
        assert!(!r.html.contains(SECRET), "{body:?}");
    }
    // Not readable, so an error rather than literal text.
    let r = rendered("", "Een {l\u{200b}ak 5.1.2e}Geheime Naam{/lak}.\n");
    assert!(
        codes(&r).contains(&"redaction/malformed-marker"),
        "{:?}",
        r.diagnostics
    );
}

#[test]
fn marker_errors_have_positions() {
    let r = rendered("", "Een {lak 5.1.9}x{/lak} en {lak}y{/lak}.\n");
    let found: Vec<_> = r
        .diagnostics
        .iter()
        .map(|d| (d.code, d.location.as_ref().unwrap().column))
        .collect();
    assert_eq!(
        found,
        vec![
            ("redaction/unknown-ground", 5),
            ("redaction/missing-ground", 27)
        ]
    );
    let r = rendered(
        "",
        "Een {lak 5.1.2e}x {lak 5.1.2i}y{/lak} z{/lak} {/lak}\n\n{lak 5.1.2e}open\n",
    );
    assert_eq!(
        codes(&r),
        vec![
            "redaction/nested-marker",
            "redaction/stray-closer",
            "redaction/unclosed-marker"
        ]
    );
    assert!(!r.html.contains("open"));
    let r = rendered("", "Een {lak 10.2.e}x{/lak}.\n");
    assert_eq!(codes(&r), vec!["redaction/wob-ground"]);
    assert!(r.diagnostics[0].help.as_deref().unwrap().contains("5.1.2e"));
    let r = rendered("", "<div>{lak 5.1.2e}x{/lak}</div>\n");
    assert_eq!(codes(&r), vec!["redaction/marker-in-html"]);
}

#[test]
fn ground_5_2_in_a_beslisnota_is_a_warning() {
    let r = rendered("type: beslisnota\n", "Een {lak 5.2}mening{/lak}.\n");
    assert_eq!(codes(&r), vec!["redaction/ground-5-2"]);
    assert!(!r.diagnostics[0].is_error());
    let r = rendered("type: kamerbrief\n", "Een {lak 5.2.1}mening{/lak}.\n");
    assert!(r.diagnostics.is_empty());
}

#[test]
fn footnotes_of_removed_text_are_dropped_and_renumbered() {
    let body = "Een[^a] {lak 5.1.2e}geheim[^b]{/lak} en[^c].\n\n[^a]: Eerste.\n[^b]: Alleen geheim[^d].\n[^c]: Derde, ook bij[^e].\n[^d]: Via b.\n[^e]: Gedeeld.\n";
    let r = rendered("", body);
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert!(!r.html.contains("Alleen geheim"));
    assert!(!r.html.contains("Via b."));
    assert!(r.html.contains("<li id=\"fn-2\">\n<p>Derde"), "{}", r.html);
    assert!(
        r.html.contains("<li id=\"fn-3\">\n<p>Gedeeld."),
        "{}",
        r.html
    );
    assert!(r.withheld.iter().any(|w| w.text == "Via b."));
    // A footnote referenced from removed and from kept text stays.
    let r = rendered("", "Een {lak 5.1.2e}x[^a]{/lak} y[^a].\n\n[^a]: Blijft.\n");
    assert!(r.html.contains("Blijft."));
    assert!(r.diagnostics.is_empty());
}

#[test]
fn inline_counts_per_ground() {
    let r = rendered("", "{lak 5.1.2e}a{/lak} {lak 5.1.2.e 5.1.2 i}b{/lak}\n");
    let counts: Vec<_> = r
        .redactions
        .inline
        .iter()
        .map(|(g, n)| (g.code(), *n))
        .collect();
    assert_eq!(counts, vec![("5.1.2e", 2), ("5.1.2i", 1)]);
}

#[test]
fn the_length_bound_never_rejects_a_title_with_long_numbering_or_markup() {
    // The numbering is not counted, however long; markup and spacing do not
    // change the key, so they do not change the bound either.
    assert_detected(
        "## 5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0 Informatie die niet openbaar gemaakt kan worden\n\nGeheime Naam.\n",
    );
    assert_detected(
        "**5.  Informatie   die *niet* openbaar\ngemaakt `kan` worden**\n\nGeheime Naam.\n",
    );
}

#[test]
fn a_paragraph_longer_than_any_title_is_not_a_title() {
    let long = format!(
        "Informatie die niet openbaar gemaakt kan worden {}\n\nGeheime Naam.\n",
        "en nog meer woorden ".repeat(20)
    );
    let r = rendered(REDACT, &long);
    assert_eq!(r.redactions.section5, Section5::Absent);
}

// ---------------------------------------------------------------------------
// Section 5 by what it is

#[test]
fn the_main_section_numbered_5_is_section_5_whatever_its_title() {
    let body = format!(
        "## 1. Aanleiding\n\nTekst.\n\n## 4. Toelichting\n\nMeer.\n\n## 5. Overige punten\n\n{SECRET}.\n\n## 6. Bijlagen\n\nPublieke bijlage.\n"
    );
    let r = rendered(REDACT, &body);
    assert_eq!(
        r.redactions.section5,
        Section5::Redacted {
            grounds: vec![Ground::G512e]
        }
    );
    assert!(!r.html.contains(SECRET) && r.html.contains("Publieke bijlage."));
    let r = rendered("", &body);
    assert_eq!(codes(&r), vec!["redaction/section5-content"]);
    assert_eq!(
        r.diagnostics[0].message,
        "section 5 (`5. Overige punten`, the main section numbered 5) has content, and the front matter does not say whether it may be published"
    );
    // Without numbered main sections a `5` is only a word.
    let r = rendered(
        REDACT,
        &format!("## Aanleiding\n\nTekst.\n\n## 5 jaar later\n\n{SECRET}.\n"),
    );
    assert_eq!(r.redactions.section5, Section5::Absent);
}

#[test]
fn a_main_heading_that_says_information_is_not_made_public_is_section_5() {
    for title in [
        "5. Niet openbaar",
        "Niet openbare informatie",
        "Informatie die zich niet leent tot openbaarmaking",
        "Informatie die niet openbaar kan worden gemaakt",
        "Uitzonderingen op de openbaarmaking",
        "Waarom deze stukken niet openbaar worden gemaakt",
        "Informatie die niet open\u{ad}baar\u{200b}gemaakt kan worden",
        "5.\u{a0}Informatie die niet\u{a0}openbaar gemaakt kan worden",
        "**Niet** _openbare_ informatie",
    ] {
        assert_detected(&format!(
            "## Aanleiding\n\nTekst.\n\n## {title}\n\n{SECRET}.\n"
        ));
    }
    assert_detected(&format!(
        "Aanleiding\n----------\n\nTekst.\n\nNiet openbare informatie\n------------------------\n\n{SECRET}.\n"
    ));
}

#[test]
fn a_title_in_a_table_footnote_or_quote_is_an_error() {
    for body in [
        format!("| Informatie die niet openbaar gemaakt kan worden |\n| --- |\n| {SECRET} |\n"),
        format!("| Kop |\n| --- |\n| 5. Niet openbaar |\n| {SECRET} |\n"),
        format!(
            "Tekst[^1].\n\n[^1]: Informatie die niet openbaar gemaakt kan worden\n\n    {SECRET}.\n"
        ),
        format!("> Niet openbare informatie\n>\n> {SECRET}.\n"),
        format!("- Niet openbare informatie\n- {SECRET}\n"),
    ] {
        let r = rendered(REDACT, &body);
        assert_eq!(codes(&r), vec!["redaction/section5-nested"], "{body}");
    }
    // A status among other cells, a sentence, an enclosure: data, not titles.
    for body in [
        "| Document | Beoordeling |\n| --- | --- |\n| Advies | Niet openbaar |\n",
        "- De stukken zijn niet openbaar.\n- Bijlage 3 (niet openbaar)\n",
        "Deze nota is niet openbaar gemaakt omdat de Kamer nog moet worden geïnformeerd.\n",
    ] {
        let r = rendered("", body);
        assert!(r.diagnostics.is_empty(), "{body}: {:?}", r.diagnostics);
    }
}

#[test]
fn doubtful_titles_stop_the_build_and_say_which_line() {
    let r = rendered(
        "",
        &format!("## Aanleiding\n\nTekst.\n\nNiet openbare informatie\n\n{SECRET}.\n"),
    );
    assert_eq!(codes(&r), vec!["redaction/section5-doubt"]);
    let location = r.diagnostics[0].location.as_ref().unwrap();
    assert_eq!(location.line, 9);
    assert_eq!(
        r.diagnostics[0].message,
        "`Niet openbare informatie` reads like a section-5 title (it says that information is not made public), but it is a paragraph, not a heading"
    );
    let r = rendered(
        "",
        &format!("## Toelichting\n\nTekst.\n\n### Niet openbare informatie\n\n{SECRET}.\n"),
    );
    assert_eq!(codes(&r), vec!["redaction/section5-doubt"]);
    assert!(
        r.diagnostics[0]
            .message
            .ends_with("but it is a sub-section of `Toelichting` (line 5)"),
        "{}",
        r.diagnostics[0].message
    );
}

/// The form of a Ministerie van Asiel en Migratie note of December 2024: a
/// sub-section of section 5 repeats its title.
const SUB_SECTIONS: &str = "## 4. Toelichting\n\nTekst.\n\n## 5. Informatie die niet openbaar gemaakt kan worden\n\n### 5.1. Toelichting\n\nDe namen van ambtenaren zijn weggelaten.\n\n### 5.2. Informatie die niet openbaar gemaakt kan worden\n\nGeheime Naam.\n\n## 6. Bijlagen\n\nPublieke bijlage.\n";

#[test]
fn a_sub_section_repeating_the_title_belongs_to_the_one_section_5() {
    let r = rendered("woo:\n  section5: publish\n", SUB_SECTIONS);
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert_eq!(r.redactions.section5, Section5::Published);
    assert!(r.html.contains(SECRET) && r.html.contains("5.2. Informatie"));
    let r = rendered(REDACT, SUB_SECTIONS);
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert!(!r.html.contains(SECRET) && !r.html.contains("5.1. Toelichting"));
    assert!(r.html.contains("Publieke bijlage."));
    // A second section 5 at the main level, and one nested in another main
    // section, stay errors.
    let twice = SUB_SECTIONS.replace("### 5.2. Informatie", "## Informatie");
    assert_eq!(
        codes(&rendered(REDACT, &twice)),
        vec!["redaction/section5-duplicate"]
    );
    let nested = "## 4. Toelichting\n\nTekst.\n\n### 4.1 Informatie die niet openbaar gemaakt kan worden\n\nNvt\n";
    assert_eq!(
        codes(&rendered("", nested)),
        vec!["redaction/section5-nested"]
    );
}

#[test]
fn numbered_sub_sections_at_the_main_level_stay_inside_section_5() {
    let body = format!(
        "## 1. Aanleiding\n\nTekst.\n\n## 5. Informatie die niet openbaar gemaakt kan worden\n\nInleiding.\n\n## 5.1 Namen\n\n{SECRET}.\n\n## 6. Bijlagen\n\nPubliek.\n"
    );
    let r = rendered(REDACT, &body);
    assert!(!r.html.contains(SECRET) && r.html.contains("Publiek."));
    let paragraph = format!(
        "Tekst.\n\n**Informatie die niet openbaar gemaakt kan worden**\n\nInleiding.\n\n### 5.1 Namen\n\n{SECRET}.\n"
    );
    assert!(!rendered(REDACT, &paragraph).html.contains(SECRET));
}

#[test]
fn an_unclosed_marker_does_not_make_section_5_unused() {
    let body = format!(
        "Tekst {{lak 5.1.2e}}open.\n\n## 5. Informatie die niet openbaar gemaakt kan worden\n\n{SECRET}.\n"
    );
    let r = rendered(REDACT, &body);
    assert_eq!(codes(&r), vec!["redaction/unclosed-marker"]);
}

// ---------------------------------------------------------------------------
// Comments

#[test]
fn comments_are_dropped_with_one_warning() {
    let body = "<!-- intern: Geheime Naam -->\n\nTekst <!-- ook Geheime Naam --> verder.\n\n<div><!-- Geheime Naam --></div>\n";
    let r = rendered("", body);
    assert_eq!(codes(&r), vec!["redaction/comment-dropped"]);
    assert_eq!(
        r.diagnostics[0].message,
        "this note has HTML comments (lines 5, 7, 9); comments are not published"
    );
    assert!(
        !r.html.contains(SECRET) && !r.html.contains("&lt;!--"),
        "{}",
        r.html
    );
    assert!(r.html.contains("Tekst  verder."), "{}", r.html);
    assert!(r.withheld.is_empty());
}

#[test]
fn unclosed_comments_and_comments_in_code_are_errors() {
    for (body, code) in [
        ("Tekst <!-- intern\n\nmeer.\n", "redaction/unclosed-comment"),
        (
            "<!-- intern\n\nGeheime Naam.\n",
            "redaction/unclosed-comment",
        ),
        ("`<!-- Geheime Naam -->`\n", "redaction/comment-in-code"),
        (
            "```\n<!-- Geheime Naam -->\n```\n",
            "redaction/comment-in-code",
        ),
    ] {
        let r = rendered("", body);
        assert_eq!(codes(&r), vec![code], "{body}");
    }
}

// ---------------------------------------------------------------------------
// Front-matter fields

#[test]
fn title_and_summary_passages_show_their_codes() {
    let r = rendered(
        "summary: \"Gesprek met {lak 5.1.2e}Geheime Naam{/lak} over de aanpak\"\n",
        "Tekst.\n",
    );
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
    assert_eq!(r.summary, "Gesprek met [5.1.2e] over de aanpak");
    assert_eq!(r.redactions.inline.get(&Ground::G512e), Some(&1));
    let withheld = &r.withheld[0];
    assert_eq!(withheld.text, SECRET);
    assert_eq!((withheld.location.line, withheld.location.column), (4, 10));
    let doc = document("", "x\n");
    let mut titled = doc.clone();
    titled.meta.title = "Benoeming {lak 5.1.2e 5.1.2i}Geheime Naam{/lak}".into();
    let note_urls = HashMap::default();
    let settings = Settings::default();
    let base_path = crate::base_path::BasePath::default();
    let ctx = RenderContext {
        note_urls: &note_urls,
        id_prefix: "",
        redaction: &settings,
        base_path: &base_path,
    };
    let r = render(&titled, &ctx);
    assert_eq!(r.title, "Benoeming [5.1.2e, 5.1.2i]");
}

#[test]
fn markers_and_comments_in_key_fields_are_errors() {
    for front in [
        "topics: [\"{lak 5.1.2e}Jansen{/lak}\"]\n",
        "kenmerk: \"{lak 5.1.2e}123{/lak}\"\n",
        "slug: \"{lak 5.1.2e}x{/lak}\"\n",
        "type: \"{lak 5.1.2e}beslisnota{/lak}\"\n",
        "organisation: \"{lak 5.1.2e}Org{/lak}\"\n",
        "woo:\n  relations: [\"https://example.nl/{lak 5.1.2e}x{/lak}\"]\n",
    ] {
        let r = rendered(front, "Tekst.\n");
        assert_eq!(codes(&r), vec!["redaction/marker-in-field"], "{front}");
    }
    let r = rendered("summary: \"Tekst <!-- intern -->\"\n", "Tekst.\n");
    assert_eq!(codes(&r), vec!["redaction/comment-in-field"]);
    let r = rendered("summary: \"Tekst {lak 5.1.2e}open\"\n", "Tekst.\n");
    assert_eq!(codes(&r), vec!["redaction/unclosed-marker"]);
    assert_eq!(r.summary, "Tekst [5.1.2e]");
}

#[test]
fn passages_of_a_redacted_section_hold_no_marks_and_no_lone_words() {
    // Found by the generated sites: a `{lak}` mark inside a redacted
    // section 5 became a passage "[5.1.2i]", which the inventory prints;
    // and a one-word table cell stopped every page that has the word.
    let body = "## 5. Informatie die niet openbaar gemaakt kan worden\n\n{lak 5.1.2i}Geheime Naam{/lak} kwam langs.\n\n| Naam | Functie |\n| --- | --- |\n| Piet Paulusma | beleid |\n\n### 5.1. Toelichting\n\nMeer.\n";
    let r = rendered(REDACT, body);
    let texts: Vec<&str> = r.withheld.iter().map(|w| w.text.as_str()).collect();
    assert_eq!(
        texts,
        vec![SECRET, "kwam langs.", "Piet Paulusma"],
        "{texts:?}"
    );
}

#[test]
fn a_note_refused_for_what_it_withholds_withholds_all_its_text() {
    // Found by scripts/fuzz-disclosure: a draft with section 5 in a list
    // is not built, and a file under content/ repeated its text. Such a note
    // is refused when built; as a draft, all its text goes to the guard.
    let r = rendered(
        "topics: [\"{lak 5.1.2e}Piet Paulusma{/lak}\"]\n",
        "Inleiding.\n\n- Informatie die niet openbaar gemaakt kan worden\n- Geheime Naam staat hier.\n",
    );
    assert_eq!(
        codes(&r),
        vec!["redaction/marker-in-field", "redaction/section5-nested"]
    );
    let texts: Vec<&str> = r.withheld.iter().map(|w| w.text.as_str()).collect();
    assert_eq!(
        texts,
        vec![
            "Informatie die niet openbaar gemaakt kan worden",
            "Geheime Naam staat hier.",
            "Piet Paulusma"
        ]
    );
}
