//! `nota import`: Word documents made by the tests themselves (OOXML written
//! as text and zipped here), one per construct and per refusal, with the
//! exact note or the exact diagnostics; files from LibreOffice and pandoc
//! (made once by `tests/fixtures/import/make-fixtures.sh`); and the round
//! trip of the nineteen real beslisnota's.

mod common;

use std::collections::HashMap;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use common::Site;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// The repository's own configuration: Woo publication on.
fn repo_nota_toml() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("nota.toml")).unwrap()
}

fn site() -> Site {
    Site::with_default_theme(&repo_nota_toml())
}

/// A .docx put together from parts, as Word lays them out.
#[derive(Default)]
struct Docx {
    body: String,
    styles: Option<String>,
    numbering: Option<String>,
    footnotes: Option<String>,
    endnotes: Option<String>,
    comments: Option<String>,
    comments_extended: Option<String>,
    core: Option<String>,
    /// Extra relationships of the main document: (id, type, target, external).
    links: Vec<(String, String)>,
}

impl Docx {
    fn body(body: &str) -> Self {
        Self {
            body: body.to_string(),
            ..Self::default()
        }
    }

    fn styles(mut self, styles: &str) -> Self {
        self.styles = Some(format!(r#"<w:styles xmlns:w="{W}">{styles}</w:styles>"#));
        self
    }

    fn numbering(mut self, numbering: &str) -> Self {
        self.numbering = Some(format!(
            r#"<w:numbering xmlns:w="{W}">{numbering}</w:numbering>"#
        ));
        self
    }

    fn footnotes(mut self, notes: &str) -> Self {
        self.footnotes = Some(format!(
            r#"<w:footnotes xmlns:w="{W}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>{notes}</w:footnotes>"#
        ));
        self
    }

    fn endnotes(mut self, notes: &str) -> Self {
        self.endnotes = Some(format!(r#"<w:endnotes xmlns:w="{W}">{notes}</w:endnotes>"#));
        self
    }

    fn comments(mut self, comments: &str) -> Self {
        self.comments = Some(format!(
            r#"<w:comments xmlns:w="{W}" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml">{comments}</w:comments>"#
        ));
        self
    }

    fn comments_extended(mut self, extended: &str) -> Self {
        self.comments_extended = Some(format!(
            r#"<w15:commentsEx xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">{extended}</w15:commentsEx>"#
        ));
        self
    }

    fn title(mut self, title: &str) -> Self {
        self.core = Some(format!(
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{title}</dc:title></cp:coreProperties>"#
        ));
        self
    }

    fn link(mut self, id: &str, url: &str) -> Self {
        self.links.push((id.to_string(), url.to_string()));
        self
    }

    fn bytes(&self) -> Vec<u8> {
        let mut parts: Vec<(&str, String)> = Vec::new();
        let mut rels = String::new();
        let mut related = |id: &str,
                           kind: &str,
                           target: &str,
                           content: &Option<String>,
                           parts: &mut Vec<(&str, String)>,
                           name: &'static str| {
            if let Some(content) = content {
                rels.push_str(&format!(
                    r#"<Relationship Id="{id}" Type="{REL}/{kind}" Target="{target}"/>"#
                ));
                parts.push((name, content.clone()));
            }
        };
        related(
            "rIdS",
            "styles",
            "styles.xml",
            &self.styles,
            &mut parts,
            "word/styles.xml",
        );
        related(
            "rIdN",
            "numbering",
            "numbering.xml",
            &self.numbering,
            &mut parts,
            "word/numbering.xml",
        );
        related(
            "rIdF",
            "footnotes",
            "footnotes.xml",
            &self.footnotes,
            &mut parts,
            "word/footnotes.xml",
        );
        related(
            "rIdE",
            "endnotes",
            "endnotes.xml",
            &self.endnotes,
            &mut parts,
            "word/endnotes.xml",
        );
        related(
            "rIdC",
            "comments",
            "comments.xml",
            &self.comments,
            &mut parts,
            "word/comments.xml",
        );
        related(
            "rIdX",
            "commentsExtended",
            "commentsExtended.xml",
            &self.comments_extended,
            &mut parts,
            "word/commentsExtended.xml",
        );
        for (id, url) in &self.links {
            rels.push_str(&format!(
                r#"<Relationship Id="{id}" Type="{REL}/hyperlink" Target="{url}" TargetMode="External"/>"#
            ));
        }
        parts.push((
            "word/_rels/document.xml.rels",
            format!(r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#),
        ));
        parts.push((
            "word/document.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}" xmlns:r="{R}" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"><w:body>{}</w:body></w:document>"#,
                self.body
            ),
        ));
        let mut root_rels = format!(
            r#"<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/>"#
        );
        if let Some(core) = &self.core {
            root_rels.push_str(r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#);
            parts.push(("docProps/core.xml", core.clone()));
        }
        parts.push((
            "_rels/.rels",
            format!(r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{root_rels}</Relationships>"#),
        ));
        parts.push((
            "[Content_Types].xml",
            r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_string(),
        ));
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in parts.iter().rev() {
            zip.start_file(*name, options).unwrap();
            zip.write_all(content.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    /// Writes the document beside the site as `name` and returns the
    /// relative path the site's commands see it under.
    fn write_beside(&self, site: &Site, name: &str) -> String {
        fs::write(site.beside(name), self.bytes()).unwrap();
        format!("../{name}")
    }
}

/// A paragraph with a style and text runs.
fn p(style: &str, text: &str) -> String {
    let ppr = if style.is_empty() {
        String::new()
    } else {
        format!(r#"<w:pPr><w:pStyle w:val="{style}"/></w:pPr>"#)
    };
    format!(r#"<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
}

/// The title, type line and letterhead every test document starts with.
fn letterhead() -> String {
    format!(
        "{}{}{}",
        p("Title", "Beslisnota proef"),
        p("", "Beslisnota"),
        r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Datum</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>21 maart 2024</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>Kenmerk</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>5123456</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#
    )
}

const TITLE_STYLE: &str =
    r#"<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>"#;

const FRONT: &str = "---
title: \"Beslisnota proef\"
date: 2024-03-21
type: \"beslisnota\"
kenmerk: \"5123456\"
---
";

/// Imports `docx` into `site` as `content/x.md`; returns the run.
fn import(site: &Site, docx: &Docx, extra: &[&str]) -> common::Run {
    let file = docx.write_beside(site, "nota.docx");
    let mut args = vec!["import", file.as_str(), "--to", "x"];
    args.extend_from_slice(extra);
    site.nota_here(&args)
}

fn imported(site: &Site, docx: &Docx) -> String {
    let run = import(site, docx, &[]);
    run.assert_code(0);
    site.read("content/x.md")
}

// ---------------------------------------------------------------------------
// Constructs

#[test]
fn headings_follow_styles_and_recover_word_numbers() {
    let styles = format!(
        r#"{TITLE_STYLE}
        <w:style w:type="paragraph" w:default="1" w:styleId="Standaard"><w:name w:val="Normal"/></w:style>
        <w:style w:type="paragraph" w:styleId="Kop1"><w:name w:val="heading 1"/><w:basedOn w:val="Standaard"/><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="NotaKop1"><w:name w:val="Nota Kop 1"/><w:basedOn w:val="Kop1"/></w:style>
        <w:style w:type="paragraph" w:styleId="Kop2"><w:name w:val="Kop 2"/><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="3"/></w:numPr></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="Tussenkop"><w:name w:val="Tussenkop"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>"#
    );
    let numbering = r#"<w:abstractNum w:abstractNumId="0">
          <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Kop1"/><w:lvlText w:val="%1."/></w:lvl>
          <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Kop2"/><w:lvlText w:val="%1.%2"/></w:lvl>
        </w:abstractNum>
        <w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num>"#;
    let body = format!(
        "{}{}{}{}{}{}{}{}",
        letterhead(),
        p("NotaKop1", "Aanleiding"),
        p("", "Tekst."),
        p("Kop1", "Toelichting"),
        p("Kop2", "Politieke context"),
        p("Kop2", "Financiële overwegingen"),
        p("Tussenkop", "4.3 Met de hand genummerd"),
        p("Kop1", "Informatie die niet openbaar gemaakt kan worden"),
    ) + &p("", "Niet van toepassing.");
    let site = site();
    let note = imported(
        &site,
        &Docx::body(&body).styles(&styles).numbering(numbering),
    );
    assert_eq!(
        note,
        format!(
            "{FRONT}
## 1. Aanleiding

Tekst.

## 2. Toelichting

### 2.1 Politieke context

### 2.2 Financiële overwegingen

### 4.3 Met de hand genummerd

## 3. Informatie die niet openbaar gemaakt kan worden

Niet van toepassing.
"
        )
    );
    site.nota(&["build"]).assert_code(0);
}

/// A run with direct formatting.
fn run(rpr: &str, text: &str) -> String {
    format!(r#"<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>"#)
}

#[test]
fn inline_formatting_links_breaks_and_escaping() {
    let body = format!(
        r#"{}<w:p>{}{}{}{}{}</w:p><w:p>{}<w:hyperlink r:id="rIdL"><w:r><w:t>de regeling</w:t></w:r></w:hyperlink>{}</w:p><w:p>{}<w:r><w:br/></w:r>{}</w:p><w:p>{}</w:p><w:p>{}</w:p><w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.nl/veld" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>een veld</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"#,
        letterhead(),
        run("", "Dit is "),
        run("<w:b/>", "vet"),
        run("", ", "),
        run("<w:i/>", "schuin "),
        run("<w:b/><w:i/><w:strike/>", "en alles"),
        run("", "Zie "),
        run("", "."),
        run("", "Regel een"),
        run("", "regel twee"),
        run(
            "",
            "1. Geen lijst maar *tekst* met [haken] en a_b &amp;amp; &lt;c&gt;"
        ),
        run("", "# geen kop"),
    );
    let site = site();
    let note = imported(
        &site,
        &Docx::body(&body)
            .styles(TITLE_STYLE)
            .link("rIdL", "https://wetten.overheid.nl/regeling"),
    );
    assert_eq!(
        note,
        format!(
            r"{FRONT}
Dit is **vet**, *schuin* ~~***en alles***~~

Zie [de regeling](https://wetten.overheid.nl/regeling).

Regel een\
regel twee

1\. Geen lijst maar \*tekst\* met \[haken\] en a\_b \&amp; \<c\>

\# geen kop

[een veld](https://example.nl/veld)
"
        )
    );
}

#[test]
fn lists_nest_and_keep_their_numbers() {
    let numbering = r#"<w:abstractNum w:abstractNumId="1">
          <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
          <w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/><w:lvlText w:val="o"/></w:lvl>
        </w:abstractNum>
        <w:abstractNum w:abstractNumId="2">
          <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
          <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>
        </w:abstractNum>
        <w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>
        <w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>"#;
    let item = |num: u32, level: u32, text: &str| {
        format!(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
        )
    };
    let body = [
        letterhead(),
        item(1, 0, "Eerste punt"),
        item(1, 1, "Onderpunt"),
        item(1, 0, "Tweede punt"),
        p("", "Tussentekst."),
        item(2, 0, "Stap een"),
        item(2, 1, "deelstap"),
        item(2, 1, "nog een deelstap"),
        item(2, 0, "Stap twee"),
        p("", "Tussentekst."),
        item(2, 0, "Stap drie, doorgenummerd"),
    ]
    .concat();
    let site = site();
    let note = imported(
        &site,
        &Docx::body(&body).styles(TITLE_STYLE).numbering(numbering),
    );
    assert_eq!(
        note,
        format!(
            "{FRONT}
- Eerste punt
  - Onderpunt
- Tweede punt

Tussentekst.

1. Stap een
   - a) deelstap
   - b) nog een deelstap
2. Stap twee

Tussentekst.

3. Stap drie, doorgenummerd
"
        )
    );
}

/// A table cell with one paragraph.
fn tc(text: &str) -> String {
    format!("<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>")
}

#[test]
fn tables_get_a_header_row_and_merged_cells_stay_in_their_columns() {
    let body = format!(
        r#"{}<w:tbl><w:tr>{}{}{}</w:tr><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>Twee kolommen | breed</w:t></w:r></w:p></w:tc>{}</w:tr><w:tr>{}<w:tc><w:p><w:r><w:t>Eerste alinea</w:t></w:r></w:p><w:p><w:r><w:t>tweede alinea</w:t></w:r></w:p></w:tc>{}</w:tr></w:tbl>"#,
        letterhead(),
        tc("Jaar"),
        tc("Post"),
        tc("Bedrag"),
        tc("€ 1,2 mln"),
        tc("2025"),
        tc(""),
    );
    let site = site();
    let note = imported(&site, &Docx::body(&body).styles(TITLE_STYLE));
    assert_eq!(
        note,
        format!(
            r"{FRONT}
| Jaar | Post | Bedrag |
| --- | --- | --- |
| Twee kolommen \| breed |  | € 1,2 mln |
| 2025 | Eerste alinea tweede alinea |  |
"
        )
    );
}

#[test]
fn footnotes_and_endnotes_become_markdown_footnotes_in_reading_order() {
    let body = format!(
        r#"{}<w:p><w:r><w:t>Zie de brief.</w:t></w:r><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="2"/></w:r><w:r><w:t xml:space="preserve"> En het rapport.</w:t></w:r><w:r><w:endnoteReference w:id="1"/></w:r><w:r><w:t xml:space="preserve"> Nogmaals.</w:t></w:r><w:r><w:footnoteReference w:id="2"/></w:r></w:p>"#,
        letterhead()
    );
    let footnotes = r#"<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>Kamerstukken II</w:t></w:r><w:r><w:t xml:space="preserve"> 2022/23, 34 338, nr. 5.</w:t></w:r></w:p><w:p><w:r><w:t>Tweede alinea van de voetnoot.</w:t></w:r></w:p></w:footnote>"#;
    let endnotes = r#"<w:endnote w:id="1"><w:p><w:r><w:endnoteRef/></w:r><w:r><w:t>Rapport, p. 4.</w:t></w:r></w:p></w:endnote>"#;
    let site = site();
    let note = imported(
        &site,
        &Docx::body(&body)
            .styles(TITLE_STYLE)
            .footnotes(footnotes)
            .endnotes(endnotes),
    );
    assert_eq!(
        note,
        format!(
            "{FRONT}
Zie de brief.[^1] En het rapport.[^2] Nogmaals.[^1]

[^1]: *Kamerstukken II* 2022/23, 34 338, nr. 5.

    Tweede alinea van de voetnoot.
[^2]: Rapport, p. 4.
"
        )
    );
    let build = site.nota(&["build"]);
    build.assert_code(0);
    let page = site.read("public/x/index.html");
    assert!(
        page.contains("https://zoek.officielebekendmakingen.nl/kst-34338-5.html"),
        "{page}"
    );
}

// ---------------------------------------------------------------------------
// Redaction comments

/// A comment with `text` by `author`.
fn comment(id: u32, author: &str, text: &str) -> String {
    format!(
        r#"<w:comment w:id="{id}" w:author="{author}" w:initials="X"><w:p w14:paraId="0000000{id}"><w:r><w:t>{text}</w:t></w:r></w:p></w:comment>"#
    )
}

fn start(id: u32) -> String {
    format!(r#"<w:commentRangeStart w:id="{id}"/>"#)
}

fn end(id: u32) -> String {
    format!(
        r#"<w:commentRangeEnd w:id="{id}"/><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="{id}"/></w:r>"#
    )
}

#[test]
fn a_ground_comment_withholds_exactly_its_range() {
    let body = format!(
        r#"{}<w:p>{}{}{}{}{}</w:p><w:p>{}{}{}{}</w:p>{}<w:p>{}</w:p><w:p>{}</w:p>{}"#,
        letterhead(),
        run("", "Overleg met "),
        start(1),
        run(r#"<w:highlight w:val="yellow"/>"#, "Jan Jansen"),
        end(1),
        run("", " over de aanpak."),
        run("", "Het telefoonnummer is "),
        start(2),
        run("<w:b/>", "06-12345678"),
        end(2),
        start(3),
        run("", "Een hele alinea die weg moet."),
        run("", "En nog een."),
        end(3),
    );
    let comments = [
        comment(1, "Redactie", "5.1.2e"),
        comment(2, "Redactie", "5.1.2e, 5.1.2i"),
        comment(3, "Redactie", "5.1.2.e"),
    ]
    .concat();
    let site = site();
    let note = imported(
        &site,
        &Docx::body(&body).styles(TITLE_STYLE).comments(&comments),
    );
    assert_eq!(
        note,
        format!(
            "{FRONT}
Overleg met {{lak 5.1.2e}}Jan Jansen{{/lak}} over de aanpak.

Het telefoonnummer is {{lak 5.1.2e 5.1.2i}}**06-12345678**{{/lak}}

{{lak 5.1.2e}}

Een hele alinea die weg moet.

En nog een.

{{/lak}}
"
        )
    );
    site.nota(&["build"]).assert_code(0);
    let page = site.read("public/x/index.html");
    for withheld in ["Jan Jansen", "12345678", "hele alinea", "nog een"] {
        assert!(!page.contains(withheld), "{withheld} published");
    }
    assert!(page.contains("Overleg met"));
}

#[test]
fn a_resolved_review_comment_is_left_out() {
    let body = format!(
        r#"{}<w:p>{}{}{}</w:p>"#,
        letterhead(),
        start(4),
        run("", "Tekst."),
        end(4)
    );
    let site = site();
    let note = imported(
        &site,
        &Docx::body(&body)
            .styles(TITLE_STYLE)
            .comments(&comment(4, "Karin", "Akkoord zo"))
            .comments_extended(r#"<w15:commentEx w15:paraId="00000004" w15:done="1"/>"#),
    );
    assert_eq!(note, format!("{FRONT}\nTekst.\n"));
}

#[test]
fn section5_with_content_is_imported_with_the_decision_left_to_the_author() {
    let styles = format!(
        r#"{TITLE_STYLE}<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>"#
    );
    let body = format!(
        "{}{}{}",
        letterhead(),
        p(
            "Heading1",
            "5. Informatie die niet openbaar gemaakt kan worden"
        ),
        p("", "Namen van ambtenaren zijn weggelaten.")
    );
    let site = site();
    let run = import(&site, &Docx::body(&body).styles(&styles), &[]);
    run.assert_code(0);
    assert_eq!(
        run.stdout,
        "nota: imported ../nota.docx into content/x.md
nota: 1 heading (0 numbered by Word), 1 paragraph, 0 list items, 0 tables, 0 footnotes, 0 withheld passages
nota: letterhead read into the front matter: Datum, Kenmerk
nota: section 5 has content, so the note will not build until its front matter decides:
      woo:
        section5: publish   # the text is a reviewed public motivation
      or `section5: redact` with `grounds: [\"5.1.2e\"]` to withhold it
"
    );
    assert_eq!(run.stderr, "");
    let build = site.nota(&["build"]);
    build.assert_code(1);
    assert!(
        build.stderr.contains("error[redaction/section5-content]"),
        "{}",
        build.stderr
    );
}

#[test]
fn flags_override_what_the_document_says() {
    let site = site();
    let body = letterhead() + &p("", "Tekst.");
    let run = import(
        &site,
        &Docx::body(&body).styles(TITLE_STYLE),
        &[
            "--title",
            "Andere titel",
            "--date",
            "2024-04-01",
            "--type",
            "kamerbrief",
            "--organisation",
            "Ministerie van Defensie",
            "--kenmerk",
            "K-1",
        ],
    );
    run.assert_code(0);
    assert_eq!(
        site.read("content/x.md"),
        "---
title: \"Andere titel\"
date: 2024-04-01
type: \"kamerbrief\"
organisation: \"Ministerie van Defensie\"
kenmerk: \"K-1\"
---

Tekst.
"
    );
}

#[test]
fn the_title_and_the_type_can_come_from_properties_and_the_title_itself() {
    let site = site();
    let body = p("", "Datum: niet in een tabel") + &p("", "Tekst.");
    let run = import(
        &site,
        &Docx::body(&body).title("Beslisnota over de proef"),
        &["--date", "2024-03-21"],
    );
    run.assert_code(0);
    assert_eq!(
        site.read("content/x.md"),
        "---
title: \"Beslisnota over de proef\"
date: 2024-03-21
type: \"beslisnota\"
---

Datum: niet in een tabel

Tekst.
"
    );
}

// ---------------------------------------------------------------------------
// Refusals: exit 1, the place and the fix, nothing written

fn refused(site: &Site, docx: &Docx) -> String {
    let run = import(site, docx, &[]);
    run.assert_code(1);
    assert!(!site.path("content/x.md").exists(), "a note was written");
    assert_eq!(run.stdout, "");
    run.stderr
}

fn refused_body(body: &str) -> String {
    refused(
        &site(),
        &Docx::body(&(letterhead() + body)).styles(TITLE_STYLE),
    )
}

#[test]
fn refuses_tracked_changes() {
    let stderr = refused_body(&format!(
        r#"<w:p>{}<w:ins w:id="1" w:author="Piet de Vries" w:date="2024-03-20T10:00:00Z">{}</w:ins>{}</w:p><w:p><w:del w:id="2" w:author="Piet de Vries"><w:r><w:delText>weg</w:delText></w:r></w:del></w:p><w:p><w:moveTo w:id="3" w:author="Karin"><w:r><w:t>verplaatst</w:t></w:r></w:moveTo></w:p><w:p><w:r><w:rPr><w:b/><w:rPrChange w:id="4" w:author="Karin"><w:rPr/></w:rPrChange></w:rPr><w:t>vet gemaakt</w:t></w:r></w:p>"#,
        run("", "Het budget is "),
        run("", "ruim "),
        run("", "voldoende."),
    ));
    assert_eq!(
        stderr,
        "error[import/tracked-change]: the document has tracked changes: an insertion by Piet de Vries (paragraph 7)
 --> ../nota.docx:7:15
  |
7 | Het budget is ruim voldoende.
  |               ^
  = help: accept or reject all changes first: in Word, Review → Accept → Accept All Changes (or Reject → Reject All Changes), then save

error[import/tracked-change]: the document has tracked changes: a deletion by Piet de Vries (paragraph 8)
 --> ../nota.docx:8:1
  |
8 | weg
  | ^
  = help: accept or reject all changes first: in Word, Review → Accept → Accept All Changes (or Reject → Reject All Changes), then save

error[import/tracked-change]: the document has tracked changes: a move by Karin (paragraph 9)
 --> ../nota.docx:9:1
  |
9 | verplaatst
  | ^
  = help: accept or reject all changes first: in Word, Review → Accept → Accept All Changes (or Reject → Reject All Changes), then save

error[import/tracked-change]: the document has tracked changes: a formatting change by Karin (paragraph 10)
  --> ../nota.docx:10:1
   |
10 | vet gemaakt
   | ^
   = help: accept or reject all changes first: in Word, Review → Accept → Accept All Changes (or Reject → Reject All Changes), then save

nota: ../nota.docx not imported (4 problems); nothing was written
"
    );
}

#[test]
fn refuses_a_paragraph_format_change() {
    let stderr = refused_body(
        r#"<w:p><w:pPr><w:jc w:val="center"/><w:pPrChange w:id="9" w:author="Karin"><w:pPr/></w:pPrChange></w:pPr><w:r><w:t>Gecentreerd.</w:t></w:r></w:p>"#,
    );
    assert!(stderr.starts_with("error[import/tracked-change]: the document has tracked changes: a formatting change by Karin (paragraph 7)\n"), "{stderr}");
}

#[test]
fn refuses_hidden_text_direct_or_by_style() {
    let styles = format!(
        r#"{TITLE_STYLE}<w:style w:type="character" w:styleId="Verborgen"><w:name w:val="Verborgen"/><w:rPr><w:vanish/></w:rPr></w:style>"#
    );
    let body = format!(
        "{}<w:p>{}{}{}</w:p><w:p>{}{}</w:p>",
        letterhead(),
        run("", "De wethouder "),
        run("<w:vanish/>", "(was kritisch)"),
        run("", " stemt in."),
        run("", "Zie ook "),
        run(r#"<w:rStyle w:val="Verborgen"/>"#, "de interne notitie"),
    );
    let stderr = refused(&site(), &Docx::body(&body).styles(&styles));
    assert_eq!(
        stderr,
        "error[import/hidden-text]: hidden text “(was kritisch)” (paragraph 7)
 --> ../nota.docx:7:14
  |
7 | De wethouder (was kritisch) stemt in.
  |              ^^^^^^^^^^^^^^
  = help: delete the hidden text, or show it: select it, open Font (Ctrl+D) and clear \"Hidden\"; Show ¶ (Ctrl+Shift+8) shows hidden text dotted

error[import/hidden-text]: hidden text “de interne notitie” (paragraph 8)
 --> ../nota.docx:8:9
  |
8 | Zie ook de interne notitie
  |         ^^^^^^^^^^^^^^^^^^
  = help: delete the hidden text, or show it: select it, open Font (Ctrl+D) and clear \"Hidden\"; Show ¶ (Ctrl+Shift+8) shows hidden text dotted

nota: ../nota.docx not imported (2 problems); nothing was written
"
    );
}

#[test]
fn refuses_highlighted_or_shaded_text_without_a_ground_comment() {
    let stderr = refused_body(&format!(
        r#"<w:p>{}{}</w:p><w:p>{}{}</w:p><w:p><w:pPr><w:shd w:val="clear" w:color="auto" w:fill="D9D9D9"/></w:pPr><w:r><w:t>Een grijs kader.</w:t></w:r></w:p>"#,
        run("", "Bel "),
        run(r#"<w:highlight w:val="yellow"/>"#, "06-12345678"),
        run("", "Naam: "),
        run(
            r#"<w:shd w:val="clear" w:color="auto" w:fill="000000"/>"#,
            "J. Jansen"
        ),
    ));
    assert_eq!(
        stderr,
        "error[import/highlight]: highlighted text “06-12345678” without a redaction comment (paragraph 7)
 --> ../nota.docx:7:5
  |
7 | Bel 06-12345678
  |     ^^^^^^^^^^^
  = help: if it is to be withheld, select exactly that text and add a comment whose whole text is the Woo ground (e.g. 5.1.2e); otherwise remove the highlight (Home → Text Highlight Color → No Color)

error[import/shading]: shaded text “J. Jansen” without a redaction comment (paragraph 8)
 --> ../nota.docx:8:7
  |
8 | Naam: J. Jansen
  |       ^^^^^^^^^
  = help: if it is to be withheld, select exactly that text and add a comment whose whole text is the Woo ground (e.g. 5.1.2e); otherwise remove the shading (Home → Borders → Borders and Shading → Shading: No Color)

error[import/shading]: a shaded paragraph without a redaction comment (paragraph 9)
 --> ../nota.docx:9:1
  |
9 | Een grijs kader.
  | ^
  = help: if it is to be withheld, select exactly that text and add a comment whose whole text is the Woo ground (e.g. 5.1.2e); otherwise remove the shading (Home → Borders → Borders and Shading → Shading: No Color)

nota: ../nota.docx not imported (3 problems); nothing was written
"
    );
}

#[test]
fn refuses_review_comments_unknown_grounds_and_empty_redactions() {
    let body = format!(
        "{}<w:p>{}{}{}{}</w:p><w:p>{}{}{}</w:p><w:p>{}{}{}</w:p>",
        letterhead(),
        run("", "Dit "),
        start(1),
        run("", "bedrag van 3 miljoen"),
        end(1),
        start(2),
        run("", "Oud artikel."),
        end(2),
        run("", "Leeg"),
        start(3),
        end(3),
    );
    let comments = [
        comment(1, "Karin Bakker", "Klopt dit bedrag?"),
        comment(2, "Redactie", "10.2.e"),
        comment(3, "Redactie", "5.1.2e"),
    ]
    .concat();
    let stderr = refused(
        &site(),
        &Docx::body(&body).styles(TITLE_STYLE).comments(&comments),
    );
    assert_eq!(
        stderr,
        "error[import/empty-redaction]: the redaction comment 5.1.2e by Redactie covers no text
 --> ../nota.docx
  = help: delete the comment, select exactly the text to withhold and add the comment again (Review → New Comment)

error[import/review-comment]: review comment by Karin Bakker “Klopt dit bedrag?” (paragraph 7)
 --> ../nota.docx:7:5
  |
7 | Dit bedrag van 3 miljoen
  |     ^
  = help: resolve or delete review comments first (Review → Resolve, or Delete → Delete All Comments in Document); only a comment whose whole text is a Woo ground such as 5.1.2e is kept, as a redaction

error[import/unknown-ground]: the comment by Redactie reads as a redaction, but `10.2.e` is a ground of the old Wob; the Woo equivalent is 5.1.2e (paragraph 8)
 --> ../nota.docx:8:1
  |
8 | Oud artikel.
  | ^
  = help: cite the Woo instead: `5.1.2e` (eerbiediging van de persoonlijke levenssfeer)

nota: ../nota.docx not imported (3 problems); nothing was written
"
    );
}

#[test]
fn refuses_images_text_boxes_and_embedded_objects() {
    let drawing = r#"<w:r><w:drawing><wp:inline><wp:docPr id="1" name="Afbeelding 1" descr="Organogram"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"/></a:graphic></wp:inline></w:drawing></w:r>"#;
    let textbox = r#"<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:txbx><w:txbxContent><w:p><w:r><w:t>In een kader</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox/></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"#;
    let object = r#"<w:r><w:object><v:shape/></w:object></w:r>"#;
    let stderr = refused_body(&format!(
        "<w:p>{}{drawing}</w:p><w:p>{}{textbox}</w:p><w:p>{}{object}</w:p><w:p><m:oMath><m:r><m:t>x</m:t></m:r></m:oMath></w:p>",
        run("", "Zie: "),
        run("", "Kader: "),
        run("", "Blad: "),
    ));
    assert_eq!(
        stderr,
        "error[import/image]: an image “Organogram” cannot be carried over into a note (paragraph 7)
 --> ../nota.docx:7:6
  |
7 | Zie:
  |      ^
  = help: delete it from the document; after import, put the file beside the note and add it as ![description](file.png): nota cannot check what an image shows for withheld information

error[import/embedded-object]: a text box cannot be carried over into a note (paragraph 8)
 --> ../nota.docx:8:8
  |
8 | Kader:
  |        ^
  = help: delete it, or replace it by text or a table; nota cannot check what an object shows for withheld information

error[import/embedded-object]: an embedded object cannot be carried over into a note (paragraph 9)
 --> ../nota.docx:9:7
  |
9 | Blad:
  |       ^
  = help: delete it, or replace it by text or a table; nota cannot check what an object shows for withheld information

error[import/embedded-object]: an equation cannot be carried over into a note (paragraph 10)
  --> ../nota.docx:10:1
   = help: delete it, or replace it by text or a table; nota cannot check what an object shows for withheld information

nota: ../nota.docx not imported (4 problems); nothing was written
"
    );
}

#[test]
fn refuses_files_that_are_not_word_documents() {
    let site = site();
    let cases: [(&str, &[u8]); 3] = [
        ("rapport.pdf", b"%PDF-1.7\n"),
        (
            "versleuteld.docx",
            &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
        ),
        ("kapot.docx", b"PK\x03\x04 not really a zip"),
    ];
    let mut out = String::new();
    for (name, bytes) in cases {
        fs::write(site.beside(name), bytes).unwrap();
        let run = site.nota_here(&["import", &format!("../{name}")]);
        run.assert_code(1);
        out.push_str(&run.stderr);
    }
    assert_eq!(
        out,
        "error[import/not-docx]: this is not a Word document (.docx): it is not a zip package as a .docx is
 --> ../rapport.pdf
  = help: open it in Word or LibreOffice and save it as \"Word Document (*.docx)\"

nota: ../rapport.pdf not imported (1 problem); nothing was written
error[import/encrypted]: this file is encrypted with a password, or is an old Word 97-2003 .doc
 --> ../versleuteld.docx
  = help: remove the password (File → Info → Protect Document → Encrypt with Password, empty it) and save as .docx

nota: ../versleuteld.docx not imported (1 problem); nothing was written
error[import/not-docx]: this is not a Word document (.docx): it is not a zip package as a .docx is
 --> ../kapot.docx
  = help: open it in Word or LibreOffice and save it as \"Word Document (*.docx)\"

nota: ../kapot.docx not imported (1 problem); nothing was written
"
    );
    assert_eq!(fs::read_dir(site.path("content/2024")).unwrap().count(), 0);
    let missing = site.nota_here(&["import", "../weg.docx"]);
    missing.assert_code(2);
    assert!(
        missing
            .stderr
            .starts_with("error: cannot read ../weg.docx: "),
        "{}",
        missing.stderr
    );
}

#[test]
fn never_overwrites_a_note() {
    let site = site();
    site.write("content/x.md", "bestaat al");
    let docx = Docx::body(&(letterhead() + &p("", "Tekst."))).styles(TITLE_STYLE);
    let run = import(&site, &docx, &[]);
    run.assert_code(1);
    assert_eq!(
        run.stderr,
        "error[import/exists]: content/x.md already exists; nota import never overwrites a note
 --> ../nota.docx
  = help: choose another path with --to, or remove the existing note first

nota: ../nota.docx not imported (1 problem); nothing was written
"
    );
    assert_eq!(site.read("content/x.md"), "bestaat al");
}

#[test]
fn a_required_field_that_cannot_be_found_names_its_flag() {
    // `required` belongs to the [woo] table of the repository's nota.toml.
    let site = Site::with_default_theme(
        &repo_nota_toml().replace("[woo]\n", "[woo]\nrequired = [\"kenmerk\", \"type\"]\n"),
    );
    let run = import(&site, &Docx::body(&p("", "Alleen tekst.")), &[]);
    run.assert_code(1);
    assert_eq!(
        run.stderr,
        "error[import/missing-field]: the document does not say its title
 --> ../nota.docx
  = help: pass --title \"…\", or give the title the style Title (Titel) in Word

error[import/missing-field]: the document does not say its date
 --> ../nota.docx
  = help: pass --date YYYY-MM-DD, or put a \"Datum\" row in the letterhead table

error[import/missing-field]: the document does not say its type
 --> ../nota.docx
  = help: pass --type beslisnota, or start the document with a line \"Beslisnota\"

error[import/missing-field]: the document does not say its kenmerk
 --> ../nota.docx
  = help: pass --kenmerk …, or put a \"Kenmerk\" row in the letterhead table

nota: ../nota.docx not imported (4 problems); nothing was written
"
    );
    let run = import(
        &site,
        &Docx::body(&p("", "Alleen tekst.")),
        &[
            "--title",
            "T",
            "--date",
            "2024-01-02",
            "--type",
            "beslisnota",
            "--kenmerk",
            "K",
        ],
    );
    run.assert_code(0);
}

// ---------------------------------------------------------------------------
// Files from other producers (tests/fixtures/import/make-fixtures.sh)

fn fixture(rel: &str) -> PathBuf {
    common::fixtures().join("import").join(rel)
}

/// LibreOffice's .docx of a beslisnota with outline numbering, footnotes, a
/// table and a 5.1.2e comment: the note builds and withholds the name.
#[test]
fn a_libreoffice_beslisnota_imports_builds_and_withholds_the_commented_text() {
    let site = site();
    let file = fixture("libreoffice/beslisnota.docx");
    let run = site.nota(&[
        "import",
        file.to_str().unwrap(),
        "--to",
        "2024/mensenhandel",
    ]);
    run.assert_code(0);
    assert_eq!(run.stderr, "");
    assert!(
        run.stdout.ends_with(
            "into content/2024/mensenhandel.md
nota: 7 headings (7 numbered by Word), 4 paragraphs, 3 list items, 1 table, 2 footnotes, 1 withheld passage
nota: letterhead read into the front matter: Datum, Kenmerk; left out: Aan
"
        ),
        "{}",
        run.stdout
    );
    assert_eq!(
        site.read("content/2024/mensenhandel.md"),
        "---
title: \"Beslisnota regionale aanpak mensenhandel\"
date: 2024-03-21
type: \"beslisnota\"
organisation: \"Ministerie van Justitie en Veiligheid\"
kenmerk: \"5123456\"
topics: [\"mensenhandel\"]
---

## 1. Aanleiding

De Kamer heeft gevraagd om een regionale aanpak van mensenhandel.[^1] Deze nota legt die aanpak aan u voor.

## 2. Geadviseerd besluit

U wordt geadviseerd in te stemmen met de *regionale* aanpak.

## 3. Kernpunten

- Elke regio krijgt een zorgcoördinator.
  - De coördinator werkt vanuit de gemeente.
- De aanpak start op 1 juli 2024.

## 4. Toelichting

### 4.1 Politieke context

Overleg met {lak 5.1.2e}Jan Jansen van de gemeente Utrecht{/lak} heeft plaatsgevonden.[^2]

### 4.2 Financiële overwegingen

| Jaar | Bedrag |
| --- | --- |
| 2024 | € 1,2 miljoen |
| 2025 | € 2,4 miljoen |

## 5. Informatie die niet openbaar gemaakt kan worden

Niet van toepassing.

[^1]: Kamerstukken II 2023/24, 28638, nr. 220.
[^2]: Verslag van het overleg van 12 maart 2024.
"
    );
    site.nota(&["build"]).assert_code(0);
    let page = site.read("public/2024/mensenhandel/index.html");
    assert!(!page.contains("Jan Jansen"));
    assert!(page.contains("Weggelakt: eerbiediging van de persoonlijke levenssfeer"));
    for published in [
        "4.1 Politieke context",
        "€ 2,4 miljoen",
        "Verslag van het overleg",
    ] {
        assert!(page.contains(published), "{published} missing");
    }
    let inventory = site.read("public/woo/inventaris.csv");
    assert!(
        inventory.contains(
            "5123456,Beslisnota regionale aanpak mensenhandel,2024-03-21,Deels openbaar,5.1.2e"
        ),
        "{inventory}"
    );
}

/// LibreOffice's .docx of a document still under review.
#[test]
fn a_libreoffice_document_under_review_is_refused_with_every_reason() {
    let site = site();
    let file = fixture("libreoffice/review.docx");
    let run = site.nota_here(&["import", file.to_str().unwrap(), "--date", "2024-03-20"]);
    run.assert_code(1);
    let shown = common::fixtures()
        .join("import/libreoffice/review.docx")
        .display()
        .to_string();
    assert_eq!(
        run.stderr.replace(&shown, "review.docx"),
        "error[import/tracked-change]: the document has tracked changes: an insertion by Piet de Vries (paragraph 3)
 --> review.docx:3:15
  |
3 | Het budget is ruim voldoende.
  |               ^
  = help: accept or reject all changes first: in Word, Review → Accept → Accept All Changes (or Reject → Reject All Changes), then save

error[import/review-comment]: review comment by Karin Bakker “Klopt dit bedrag?” (paragraph 4)
 --> review.docx:4:5
  |
4 | Dit bedrag van 3 miljoen is geraamd.
  |     ^
  = help: resolve or delete review comments first (Review → Resolve, or Delete → Delete All Comments in Document); only a comment whose whole text is a Woo ground such as 5.1.2e is kept, as a redaction

error[import/hidden-text]: hidden text “(niet voor publicatie: was kritisch)” (paragraph 5)
 --> review.docx:5:14
  |
5 | De wethouder (niet voor publicatie: was kritisch) stemt in.
  |              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: delete the hidden text, or show it: select it, open Font (Ctrl+D) and clear \"Hidden\"; Show ¶ (Ctrl+Shift+8) shows hidden text dotted

error[import/shading]: shaded text “06-12345678” without a redaction comment (paragraph 6)
 --> review.docx:6:10
  |
6 | Contact: 06-12345678.
  |          ^^^^^^^^^^^
  = help: if it is to be withheld, select exactly that text and add a comment whose whole text is the Woo ground (e.g. 5.1.2e); otherwise remove the shading (Home → Borders → Borders and Shading → Shading: No Color)

nota: review.docx not imported (4 problems); nothing was written
"
    );
    assert_eq!(fs::read_dir(site.path("content/2024")).unwrap().count(), 0);
}

// ---------------------------------------------------------------------------
// Round trip: the nineteen real notes → .docx (pandoc; odd ones re-saved by
// LibreOffice) → nota import → a note that builds

/// Words (letters and digits) of a note's body, as a multiset.
fn words(markdown: &str) -> HashMap<String, usize> {
    let body = markdown.splitn(3, "---\n").nth(2).unwrap_or(markdown);
    let mut out = HashMap::new();
    for word in body
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        *out.entry(word.to_lowercase()).or_insert(0) += 1;
    }
    out
}

/// Heading lines without their hashes and escapes: "1. Aanleiding".
fn headings(markdown: &str) -> Vec<String> {
    markdown
        .lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches('#').trim().replace('\\', ""))
        .collect()
}

fn count_lines(markdown: &str, is: impl Fn(&str) -> bool) -> usize {
    markdown.lines().filter(|l| is(l)).count()
}

fn is_table_rule(line: &str) -> bool {
    line.starts_with('|')
        && line.trim_matches(['|', ' ', '-', ':']).is_empty()
        && line.contains("---")
}

fn front_value<'a>(markdown: &'a str, key: &str) -> Option<&'a str> {
    markdown
        .lines()
        .take_while(|l| !l.is_empty())
        .find_map(|l| l.strip_prefix(&format!("{key}: ")))
        .map(|v| v.trim_matches('"'))
}

#[test]
fn the_real_corpus_survives_the_round_trip_through_word() {
    // The repository's nota.toml as it is, Woo on: every ministry name of the
    // corpus resolves by the name it had on the note's date.
    let site = Site::with_default_theme(&repo_nota_toml());
    let corpus = common::fixtures().join("corpus/content");
    let mut names: Vec<String> = fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 19);
    println!(
        "note                                                     words kept        headings  footnotes  tables"
    );
    let mut worst: f64 = 1.0;
    for name in &names {
        let stem = name.trim_end_matches(".md");
        let original = fs::read_to_string(corpus.join(name)).unwrap();
        let docx = fixture(&format!("roundtrip/{stem}.docx"));
        let run = site.nota(&["import", docx.to_str().unwrap(), "--to", stem]);
        run.assert_code(0);
        let mut note = site.read(&format!("content/{stem}.md"));

        let (before, after) = (words(&original), words(&note));
        let total: usize = before.values().sum();
        let kept: usize = before
            .iter()
            .map(|(w, n)| (*n).min(after.get(w).copied().unwrap_or(0)))
            .sum();
        let ratio = kept as f64 / total as f64;
        worst = worst.min(ratio);
        // Nothing of the title, type line or letterhead stays in the body.
        let added: usize = after
            .iter()
            .map(|(w, n)| n.saturating_sub(before.get(w).copied().unwrap_or(0)))
            .sum();
        assert!(
            added * 50 <= total,
            "{stem}: {added} words more than the original"
        );
        let (h_before, h_after) = (headings(&original), headings(&note));
        let footnotes = |m: &str| count_lines(m, |l| l.starts_with("[^") && l.contains("]:"));
        let tables = |m: &str| count_lines(m, is_table_rule);
        println!(
            "{stem:56} {kept:>4}/{total:<4} {:>5.1}%  {:>3}/{:<3}    {:>2}/{:<2}      {}/{}",
            ratio * 100.0,
            h_after.len(),
            h_before.len(),
            footnotes(&note),
            footnotes(&original),
            tables(&note),
            tables(&original)
        );
        assert!(
            ratio >= 0.98,
            "{stem}: only {:.1}% of the words kept",
            ratio * 100.0
        );
        assert_eq!(h_after, h_before, "{stem}: headings differ");
        assert_eq!(footnotes(&note), footnotes(&original), "{stem}: footnotes");
        assert_eq!(tables(&note), tables(&original), "{stem}: tables");
        for key in ["title", "date", "organisation", "kenmerk", "type"] {
            assert_eq!(
                front_value(&note, key),
                front_value(&original, key),
                "{stem}: {key}"
            );
        }

        // A section 5 with content needs the reviewer's decision, as it
        // does for the original: the import says so, the build insists.
        let needs_decision = run.stdout.contains("section 5 has content");
        assert_eq!(
            needs_decision,
            original.contains("section5:"),
            "{stem}: section 5"
        );
        if needs_decision {
            note = note.replacen("\n---\n", "\nwoo:\n  section5: publish\n---\n", 1);
            fs::write(site.path(&format!("content/{stem}.md")), &note).unwrap();
        }
    }
    println!("lowest share of words kept: {:.1}%", worst * 100.0);
    let build = site.nota(&["build"]);
    build.assert_code(0);
    assert!(
        build.summary().starts_with("nota: 19 notes read, "),
        "{}",
        build.stdout
    );
}

// ---------------------------------------------------------------------------
// Generated text: whatever Word's runs say is what the page says

/// A small deterministic generator (xorshift), so that a failure can be
/// replayed from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Letters, digits, spaces and every ASCII punctuation mark but `@` (an
/// e-mail address would become a link); too few letters for a citation,
/// a URL or a `{lak` marker to arise.
const ALPHABET: &[u8] = b"abcdeABC0123456789     !\"#$%&'()*+,-./:;<=>?[\\]^_`{|}~";

fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[test]
fn generated_text_with_emphasis_reaches_the_page_unchanged() {
    for seed in [
        0x9e37_79b9_7f4a_7c15_u64,
        0x1234_5678_9abc_def1,
        0x0bad_cafe_dead_beef,
    ] {
        let mut rng = Rng(seed);
        let mut body = letterhead();
        let mut expected = Vec::new();
        for i in 0..150 {
            let mut paragraph = String::new();
            let mut text = String::new();
            for _ in 0..=rng.below(3) {
                let len = 1 + rng.below(12);
                let piece: String = (0..len)
                    .map(|_| char::from(ALPHABET[rng.below(ALPHABET.len())]))
                    .collect();
                let rpr = ["", "", "<w:b/>", "<w:i/>", "<w:b/><w:i/>"][rng.below(5)];
                paragraph.push_str(&run(rpr, &xml_escape(&piece)));
                text.push_str(&piece);
            }
            let marker = format!(" q{i}q");
            paragraph.push_str(&run("", &marker));
            text.push_str(&marker);
            body.push_str(&format!("<w:p>{paragraph}</w:p>"));
            expected.push((i, text.trim().to_string()));
        }
        let site = site();
        imported(&site, &Docx::body(&body).styles(TITLE_STYLE));
        site.nota(&["build"]).assert_code(0);
        let page = site.read("public/x/index.html");
        let main = &page[page.find("<main").unwrap()..];
        for (i, text) in expected {
            let end = main.find(&format!("q{i}q</p>")).unwrap_or_else(|| {
                panic!("seed {seed:x}: paragraph {i} ({text:?}) not a paragraph on the page")
            });
            let start = main[..end].rfind("<p>").unwrap() + 3;
            let shown = html_text(&main[start..end]) + &format!("q{i}q");
            assert_eq!(
                shown,
                text,
                "seed {seed:x}, paragraph {i}\n{}",
                site.read("content/x.md")
            );
        }
    }
}

#[test]
fn refuses_overlapping_redactions_and_tracked_changes_outside_the_text() {
    let body = format!(
        r#"{}<w:p>{}{}{}{}{}{}</w:p><w:tbl><w:tr><w:trPr><w:ins w:id="7" w:author="Piet"/></w:trPr>{}</w:tr></w:tbl><w:sectPr><w:sectPrChange w:id="8" w:author="Piet"><w:sectPr/></w:sectPrChange></w:sectPr>"#,
        letterhead(),
        start(1),
        run("", "Jan "),
        start(2),
        run("", "Jansen"),
        end(2),
        end(1),
        tc("nieuwe rij"),
    );
    let comments = [
        comment(1, "Redactie", "5.1.2e"),
        comment(2, "Redactie", "5.1.2i"),
    ]
    .concat();
    let stderr = refused(
        &site(),
        &Docx::body(&body).styles(TITLE_STYLE).comments(&comments),
    );
    assert_eq!(
        stderr,
        "error[import/tracked-change]: the document has tracked changes: 1 outside the text nota imports
 --> ../nota.docx
  = help: accept or reject all changes first: in Word, Review → Accept → Accept All Changes (or Reject → Reject All Changes), then save

error[import/overlapping-redaction]: two redaction comments overlap (paragraph 7)
 --> ../nota.docx:7:5
  |
7 | Jan Jansen
  |     ^
  = help: use one comment over the whole passage and list every ground in it (e.g. `5.1.2e 5.1.2i`)

error[import/tracked-change]: the document has tracked changes: an insertion by Piet (paragraph 8)
 --> ../nota.docx:8:1
  |
8 | nieuwe rij
  | ^
  = help: accept or reject all changes first: in Word, Review → Accept → Accept All Changes (or Reject → Reject All Changes), then save

nota: ../nota.docx not imported (3 problems); nothing was written
"
    );
}

#[test]
fn a_ground_comment_in_a_footnote_withholds_text_there() {
    let body = format!(
        r#"{}<w:p><w:r><w:t>Zie het verslag.</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>"#,
        letterhead()
    );
    let footnotes = format!(
        r#"<w:footnote w:id="1"><w:p>{}{}{}{}{}</w:p></w:footnote>"#,
        run("", "Gesprek met "),
        start(5),
        run("", "mevrouw De Vries"),
        end(5),
        run("", " op 3 maart."),
    );
    let site = site();
    let note = imported(
        &site,
        &Docx::body(&body)
            .styles(TITLE_STYLE)
            .footnotes(&footnotes)
            .comments(&comment(5, "Redactie", "5.1.2e")),
    );
    assert_eq!(
        note,
        format!(
            "{FRONT}\nZie het verslag.[^1]\n\n[^1]: Gesprek met {{lak 5.1.2e}}mevrouw De Vries{{/lak}} op 3 maart.\n"
        )
    );
    site.nota(&["build"]).assert_code(0);
    assert!(!site.read("public/x/index.html").contains("De Vries"));
}
