//! Paragraph and character styles (`styles.xml`), followed through `basedOn`.
//!
//! What a paragraph *is* in Word lives mostly in its style: a ministry
//! template's "Nota kop 1" is a heading because it is based on "heading 1" or
//! carries an outline level, and its number comes from a `numPr` on the style.
//! Hidden text and highlighting can come from a style as well, so the
//! properties that decide a refusal are looked up through the whole chain:
//! document defaults, paragraph style, character style, direct formatting.

use std::collections::HashMap;

use super::xml::Element;

/// The run properties the importer cares about; `None` is "not said here".
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunProps {
    pub bold: Option<bool>,
    pub italic: Option<bool>,
    pub strike: Option<bool>,
    pub vanish: Option<bool>,
    pub highlight: Option<bool>,
    pub shaded: Option<bool>,
}

impl RunProps {
    /// Reads a `w:rPr` (or a `w:pPr`'s paragraph-mark `w:rPr`).
    pub fn read(rpr: Option<&Element>) -> Self {
        let Some(rpr) = rpr else {
            return Self::default();
        };
        Self {
            bold: toggle(rpr, "b"),
            italic: toggle(rpr, "i"),
            strike: toggle(rpr, "strike").or_else(|| toggle(rpr, "dstrike")),
            vanish: toggle(rpr, "vanish"),
            highlight: rpr
                .child("highlight")
                .map(|h| h.attr("val").is_some_and(|v| v != "none")),
            shaded: rpr.child("shd").map(is_shaded),
        }
    }

    /// `self` with `over` laid on top of it.
    pub fn then(self, over: Self) -> Self {
        Self {
            bold: over.bold.or(self.bold),
            italic: over.italic.or(self.italic),
            strike: over.strike.or(self.strike),
            vanish: over.vanish.or(self.vanish),
            highlight: over.highlight.or(self.highlight),
            shaded: over.shaded.or(self.shaded),
        }
    }
}

/// `<w:b/>`, `<w:b w:val="1"/>` are on; `w:val="0"`/`false`/`off` is off.
fn toggle(rpr: &Element, name: &str) -> Option<bool> {
    rpr.child(name)
        .map(|e| !matches!(e.attr("val"), Some("0" | "false" | "off")))
}

/// Shading that shows: a fill or a pattern colour other than white or automatic.
pub fn is_shaded(shd: &Element) -> bool {
    let coloured = |v: Option<&str>| {
        v.is_some_and(|v| {
            !v.is_empty() && !v.eq_ignore_ascii_case("auto") && !v.eq_ignore_ascii_case("FFFFFF")
        })
    };
    let pattern = shd.attr("val").unwrap_or("clear");
    if pattern == "nil" {
        return false;
    }
    coloured(shd.attr("fill")) || (pattern != "clear" && coloured(shd.attr("color")))
}

/// A `w:numPr`: which list, at which level (`None` when the level is left to
/// the list definition).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumRef {
    pub num_id: u32,
    pub level: Option<u8>,
}

impl NumRef {
    pub fn read(ppr: Option<&Element>) -> Option<Self> {
        let num_pr = ppr?.child("numPr")?;
        Some(Self {
            num_id: num_pr.child_val("numId")?.parse().ok()?,
            level: num_pr.child_val("ilvl").and_then(|v| v.parse().ok()),
        })
    }
}

#[derive(Debug, Clone, Default)]
struct Style {
    name: String,
    based_on: Option<String>,
    outline_level: Option<u8>,
    numbering: Option<NumRef>,
    run: RunProps,
    paragraph_shaded: bool,
}

/// Every style of the document, by id.
#[derive(Debug, Default)]
pub struct Styles {
    styles: HashMap<String, Style>,
    defaults: RunProps,
    default_paragraph: Option<String>,
}

/// What a paragraph style makes of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Body,
    Title,
    /// A heading of Word level 1–9.
    Heading(u8),
    /// A "Date" paragraph (pandoc writes one from the metadata).
    Date,
}

impl Styles {
    pub fn read(root: Option<&Element>) -> Self {
        let mut out = Self::default();
        let Some(root) = root else {
            return out;
        };
        if let Some(rpr) = root
            .child("docDefaults")
            .and_then(|d| d.child("rPrDefault"))
            .and_then(|d| d.child("rPr"))
        {
            out.defaults = RunProps::read(Some(rpr));
        }
        for style in root.elements().filter(|e| e.is("style")) {
            let Some(id) = style.attr("styleId") else {
                continue;
            };
            let ppr = style.child("pPr");
            if style.attr("type") == Some("paragraph")
                && matches!(style.attr("default"), Some("1" | "true" | "on"))
            {
                out.default_paragraph = Some(id.to_string());
            }
            out.styles.insert(
                id.to_string(),
                Style {
                    name: style.child_val("name").unwrap_or(id).to_string(),
                    based_on: style.child_val("basedOn").map(str::to_string),
                    outline_level: ppr
                        .and_then(|p| p.child_val("outlineLvl"))
                        .and_then(|v| v.parse().ok()),
                    numbering: NumRef::read(ppr),
                    run: RunProps::read(style.child("rPr")),
                    paragraph_shaded: ppr.and_then(|p| p.child("shd")).is_some_and(is_shaded),
                },
            );
        }
        out
    }

    /// The style and the styles it is based on, nearest first (cycles cut).
    fn chain<'s>(&'s self, id: Option<&'s str>) -> Vec<(&'s str, &'s Style)> {
        let mut out: Vec<(&str, &Style)> = Vec::new();
        let mut next = id.or(self.default_paragraph.as_deref());
        while let Some(id) = next {
            if out.iter().any(|(seen, _)| *seen == id) || out.len() > 32 {
                break;
            }
            let Some(style) = self.styles.get(id) else {
                break;
            };
            out.push((id, style));
            next = style.based_on.as_deref();
        }
        out
    }

    /// What the paragraph style `id` (or the default style) makes of a
    /// paragraph, given the paragraph's own outline level.
    pub fn kind(&self, id: Option<&str>, own_outline_level: Option<u8>) -> Kind {
        if let Some(level) = own_outline_level.filter(|l| *l < 9) {
            return Kind::Heading(level + 1);
        }
        for (_, style) in self.chain(id) {
            if let Some(kind) = kind_by_name(&style.name) {
                return kind;
            }
            if let Some(level) = style.outline_level {
                return if level < 9 {
                    Kind::Heading(level + 1)
                } else {
                    Kind::Body
                };
            }
        }
        Kind::Body
    }

    /// The numbering a paragraph style gives its paragraphs, with the id of
    /// the style that carries it (list levels may name that style).
    pub fn numbering(&self, id: Option<&str>) -> Option<(NumRef, String)> {
        self.chain(id)
            .into_iter()
            .find_map(|(id, s)| s.numbering.map(|n| (n, id.to_string())))
    }

    /// Run properties from the defaults and the paragraph style chain.
    pub fn paragraph_run(&self, id: Option<&str>) -> RunProps {
        self.chain(id)
            .iter()
            .rev()
            .fold(self.defaults, |acc, (_, s)| acc.then(s.run))
    }

    /// Run properties of a character style chain.
    pub fn character_run(&self, id: Option<&str>) -> RunProps {
        let Some(id) = id else {
            return RunProps::default();
        };
        self.chain(Some(id))
            .iter()
            .rev()
            .fold(RunProps::default(), |acc, (_, s)| acc.then(s.run))
    }

    /// Whether the paragraph style (through its chain) shades the paragraph.
    pub fn paragraph_shaded(&self, id: Option<&str>) -> bool {
        self.chain(id).iter().any(|(_, s)| s.paragraph_shaded)
    }

    /// The display name of a style, for messages.
    pub fn name(&self, id: &str) -> String {
        self.styles
            .get(id)
            .map_or_else(|| id.to_string(), |s| s.name.clone())
    }
}

/// Built-in and Dutch style names: "heading 2", "Kop 2", "Title", "Titel".
fn kind_by_name(name: &str) -> Option<Kind> {
    let lower = name.trim().to_lowercase();
    match lower.as_str() {
        "title" | "titel" => return Some(Kind::Title),
        "date" | "datum" => return Some(Kind::Date),
        _ => {}
    }
    let number = lower
        .strip_prefix("heading")
        .or_else(|| lower.strip_prefix("kop"))?
        .trim();
    match number.parse::<u8>() {
        Ok(level @ 1..=9) => Some(Kind::Heading(level)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::xml;

    fn styles(xml_text: &str) -> Styles {
        let root = xml::parse(xml_text.as_bytes()).unwrap();
        Styles::read(Some(&root))
    }

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    #[test]
    fn headings_follow_based_on_names_and_outline_levels() {
        let s = styles(&format!(
            r#"<w:styles {W}>
              <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
              <w:style w:type="paragraph" w:styleId="Kop1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/></w:style>
              <w:style w:type="paragraph" w:styleId="NotaKop"><w:name w:val="Nota kop"/><w:basedOn w:val="Kop1"/></w:style>
              <w:style w:type="paragraph" w:styleId="Eigen"><w:name w:val="Eigen"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
              <w:style w:type="paragraph" w:styleId="NL"><w:name w:val="Kop 3"/></w:style>
              <w:style w:type="paragraph" w:styleId="Lus"><w:name w:val="Lus"/><w:basedOn w:val="Lus"/></w:style>
            </w:styles>"#
        ));
        assert_eq!(s.kind(Some("NotaKop"), None), Kind::Heading(1));
        assert_eq!(s.kind(Some("Eigen"), None), Kind::Heading(2));
        assert_eq!(s.kind(Some("NL"), None), Kind::Heading(3));
        assert_eq!(s.kind(None, None), Kind::Body);
        assert_eq!(s.kind(None, Some(0)), Kind::Heading(1));
        assert_eq!(s.kind(Some("Lus"), None), Kind::Body);
    }

    #[test]
    fn hidden_text_comes_through_styles_and_defaults() {
        let s = styles(&format!(
            r#"<w:styles {W}>
              <w:docDefaults><w:rPrDefault><w:rPr><w:vanish/></w:rPr></w:rPrDefault></w:docDefaults>
              <w:style w:type="character" w:styleId="Zichtbaar"><w:name w:val="Zichtbaar"/><w:rPr><w:vanish w:val="0"/></w:rPr></w:style>
            </w:styles>"#
        ));
        assert_eq!(s.paragraph_run(None).vanish, Some(true));
        let run = s
            .paragraph_run(None)
            .then(s.character_run(Some("Zichtbaar")));
        assert_eq!(run.vanish, Some(false));
    }
}
