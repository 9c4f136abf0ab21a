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
