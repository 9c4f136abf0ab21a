//! The note's front matter, from the document itself.
//!
//! A beslisnota says what it is on its first page: a title, the kind of
//! document ("Beslisnota"), and a letterhead of labels and values ("Datum",
//! "Kenmerk", "Aan", "Van", …), in ministry templates often a borderless
//! table. Those blocks are read into the front matter and left out of the
//! body, as nota's own notes have them. Document properties
//! (`docProps/core.xml`, `app.xml`, `custom.xml`) fill what the page does
//! not say; command-line flags override both.

use std::collections::BTreeMap;

use super::refusal::{Refusal, RefusalKind};
use super::walk::{Block, Cell, Paragraph, Role, Table};
use super::write::FrontMatter;
use super::xml::Element;

/// Document types a beslisnota's own heading may name.
const TYPES: &[&str] = &["beslisnota", "kamerbrief", "beleidsreactie"];

/// Letterhead labels (lower case) that fill a front-matter field; every
/// other row of the letterhead ("Aan", "Van", "Opgesteld door", …) is left
/// out of the note.
const LABELS: &[(&str, Field)] = &[
    ("datum", Field::Date),
    ("kenmerk", Field::Kenmerk),
    ("onze referentie", Field::Kenmerk),
    ("ons kenmerk", Field::Kenmerk),
    ("referentie", Field::Kenmerk),
    ("organisatie", Field::Organisation),
    ("ministerie", Field::Organisation),
    ("onderwerp", Field::Title),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Date,
    Kenmerk,
    Organisation,
}

/// What the command line says.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub title: Option<String>,
    pub date: Option<String>,
    pub kind: Option<String>,
    pub organisation: Option<String>,
    pub kenmerk: Option<String>,
}

/// What was taken out of the body for the front matter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Letterhead {
    /// Labels read into the front matter.
    pub read: Vec<String>,
    /// Labels left out of the note (not published).
    pub left_out: Vec<String>,
}

/// Values found in the document properties.
#[derive(Debug, Clone, Default)]
pub struct Properties {
    pub title: Option<String>,
    pub keywords: Vec<String>,
    pub company: Option<String>,
    /// Custom properties, by lower-case name.
    pub custom: BTreeMap<String, String>,
}

impl Properties {
    pub fn read(core: Option<&Element>, app: Option<&Element>, custom: Option<&Element>) -> Self {
        let text_of = |root: Option<&Element>, name: &str| {
            root.and_then(|r| r.child_local(name))
                .map(|e| e.text().trim().to_string())
                .filter(|t| !t.is_empty())
        };
        Self {
            title: text_of(core, "title"),
            keywords: text_of(core, "keywords")
                .map(|k| {
                    k.split([',', ';'])
                        .map(str::trim)
                        .filter(|t| !t.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
            company: text_of(app, "Company"),
            custom: custom
                .map(|root| {
                    root.elements()
                        .filter(|e| e.name == "property")
                        .filter_map(|e| {
                            Some((
                                e.plain_attr("name")?.to_lowercase(),
                                e.text().trim().to_string(),
                            ))
                        })
                        .filter(|(_, v)| !v.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    fn custom(&self, names: &[&str]) -> Option<String> {
        names.iter().find_map(|n| self.custom.get(*n).cloned())
    }
}

/// Takes the title, type, date and letterhead out of the blocks before the
/// first heading and puts the front matter together. `required` names the
/// fields the site's Woo settings require (`type`, `kenmerk`).
pub fn extract(
    blocks: &mut Vec<Block>,
    properties: &Properties,
    overrides: &Overrides,
    required: &[String],
) -> Result<(FrontMatter, Letterhead), Vec<Refusal>> {
    let mut found: BTreeMap<&'static str, String> = BTreeMap::new();
    let mut letterhead = Letterhead::default();
    let mut title_parts = Vec::new();
    let first_heading = blocks
        .iter()
        .position(|b| {
            matches!(
                b,
                Block::Paragraph(Paragraph {
                    role: Role::Heading { .. },
                    ..
                })
            )
        })
        .unwrap_or(blocks.len());
    let mut keep = Vec::with_capacity(blocks.len());
    for (i, block) in std::mem::take(blocks).into_iter().enumerate() {
        if i >= first_heading {
            keep.push(block);
            continue;
        }
        match &block {
            Block::Paragraph(p) if p.role == Role::Title => {
                title_parts.push(p.plain_text().trim().to_string())
            }
            Block::Paragraph(p) if p.role == Role::Date => {
                found
                    .entry("date")
                    .or_insert_with(|| p.plain_text().trim().to_string());
            }
            Block::Paragraph(p)
                if type_word(&p.plain_text()).is_some() && !found.contains_key("type") =>
            {
                found.insert("type", type_word(&p.plain_text()).unwrap_or_default());
            }
            Block::Table(t) if is_letterhead(t) => read_letterhead(t, &mut found, &mut letterhead),
            _ => keep.push(block),
        }
    }
    *blocks = keep;
    let title_in_body = (!title_parts.is_empty()).then(|| title_parts.join(" "));
    let title = overrides
        .title
        .clone()
        .or(title_in_body)
        .or_else(|| found.get("title").cloned())
        .or_else(|| properties.title.clone());
    let kind = overrides
        .kind
        .clone()
        .or_else(|| found.get("type").cloned())
        .or_else(|| {
            title
                .as_deref()
                .and_then(|t| type_word(t.split_whitespace().next().unwrap_or_default()))
        })
        .or_else(|| properties.custom(&["type", "soort"]));
    let date_text = overrides
        .date
        .clone()
        .or_else(|| found.get("date").cloned())
        .or_else(|| properties.custom(&["date", "datum"]));
    let organisation = overrides
        .organisation
        .clone()
        .or_else(|| found.get("organisation").cloned())
        .or_else(|| properties.custom(&["organisation", "organisatie", "ministerie"]))
        .or_else(|| properties.company.clone());
    let kenmerk = overrides
        .kenmerk
        .clone()
        .or_else(|| found.get("kenmerk").cloned())
        .or_else(|| properties.custom(&["kenmerk", "referentie"]));

    let mut refusals = Vec::new();
    let missing =
        |field, flag, hint| Refusal::whole(RefusalKind::MissingField { field, flag, hint });
    if title.is_none() {
        refusals.push(missing(
            "title",
            "--title \"…\"",
            "give the title the style Title (Titel) in Word",
        ));
    }
    let date = match &date_text {
        None => {
            refusals.push(missing(
                "date",
                "--date YYYY-MM-DD",
                "put a \"Datum\" row in the letterhead table",
            ));
            None
        }
        Some(text) => match parse_date(text) {
            Some(date) => Some(date),
            None => {
                refusals.push(Refusal::whole(RefusalKind::BadDate {
                    found: text.clone(),
                }));
                None
            }
        },
    };
    if kind.is_none() && required.iter().any(|r| r == "type") {
        refusals.push(missing(
            "type",
            "--type beslisnota",
            "start the document with a line \"Beslisnota\"",
        ));
    }
    if kenmerk.is_none() && required.iter().any(|r| r == "kenmerk") {
        refusals.push(missing(
            "kenmerk",
            "--kenmerk …",
            "put a \"Kenmerk\" row in the letterhead table",
        ));
    }
    if !refusals.is_empty() {
        return Err(refusals);
    }
    Ok((
        FrontMatter {
            title: title.unwrap_or_default(),
            date: date.map(|d| d.to_string()).unwrap_or_default(),
            kind,
            organisation,
            kenmerk,
            topics: properties.keywords.clone(),
        },
        letterhead,
    ))
}

/// "Beslisnota" (also "BESLISNOTA", "Beslisnota:") → `beslisnota`.
fn type_word(text: &str) -> Option<String> {
    let word = text
        .trim()
        .trim_end_matches([':', '.'])
        .trim()
        .to_lowercase();
    TYPES.contains(&word.as_str()).then_some(word)
}

/// The field a letterhead label fills.
fn label_of(text: &str) -> Option<Field> {
    let label = text.trim().trim_end_matches(':').trim().to_lowercase();
    LABELS.iter().find(|(l, _)| *l == label).map(|(_, f)| *f)
}

/// A table of label/value rows, one of which is a date or kenmerk. Rows
/// whose label nota does not know ("Telefoon", "Directie") are part of the
/// letterhead as well: they are left out of the note, and the import says so.
fn is_letterhead(table: &Table) -> bool {
    let mut fills = false;
    for row in &table.rows {
        let texts: Vec<String> = row.iter().map(Cell::plain_text).collect();
        let label = texts.first().map(String::as_str).unwrap_or_default();
        let short_label = !label.is_empty() && label.chars().count() <= 40;
        if !short_label || texts.iter().skip(2).any(|t| !t.is_empty()) {
            return false;
        }
        fills |= matches!(label_of(label), Some(Field::Date | Field::Kenmerk));
    }
    fills
}

fn read_letterhead(
    table: &Table,
    found: &mut BTreeMap<&'static str, String>,
    letterhead: &mut Letterhead,
) {
    for row in &table.rows {
        let label_text = row.first().map(Cell::plain_text).unwrap_or_default();
        let value = row.get(1).map(Cell::plain_text).unwrap_or_default();
        let shown = label_text.trim().trim_end_matches(':').to_string();
        let key = match label_of(&label_text) {
            Some(Field::Title) => "title",
            Some(Field::Date) => "date",
            Some(Field::Kenmerk) => "kenmerk",
            Some(Field::Organisation) => "organisation",
            None => {
                if !value.is_empty() {
                    letterhead.left_out.push(shown);
                }
                continue;
            }
        };
        if value.is_empty() || found.contains_key(key) {
            continue;
        }
        found.insert(key, value);
        letterhead.read.push(shown);
    }
}

/// A date as Dutch documents write it: `13 december 2023`, `13 dec. 2023`,
/// `woensdag 13 december 2023`, `13-12-2023`, `13/12/2023`, `2023-12-13`.
pub fn parse_date(text: &str) -> Option<jiff::civil::Date> {
    let text = text.trim().to_lowercase();
    if let Ok(date) = text.parse::<jiff::civil::Date>() {
        return Some(date);
    }
    let numeric: Vec<&str> = text.split(['-', '/', '.']).collect();
    if numeric.len() == 3
        && numeric
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        let (d, m, y) = (
            numeric[0].parse().ok()?,
            numeric[1].parse().ok()?,
            numeric[2].parse().ok()?,
        );
        return jiff::civil::Date::new(y, m, d).ok();
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let words = match words.as_slice() {
        [_, d, m, y] if d.chars().all(|c| c.is_ascii_digit()) => vec![*d, *m, *y],
        other => other.to_vec(),
    };
    let [day, month, year] = words.as_slice() else {
        return None;
    };
    let month = month.trim_end_matches('.');
    let index = crate::dutch::MONTHS
        .iter()
        .position(|m| *m == month || (month.len() >= 3 && m.starts_with(month)))?;
    jiff::civil::Date::new(
        year.parse().ok()?,
        i8::try_from(index + 1).ok()?,
        day.parse().ok()?,
    )
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_dutch_dates() {
        let d = |s| parse_date(s).map(|d| d.to_string());
        assert_eq!(d("13 december 2023").as_deref(), Some("2023-12-13"));
        assert_eq!(
            d("woensdag 13 december 2023").as_deref(),
            Some("2023-12-13")
        );
        assert_eq!(d("9 okt. 2024").as_deref(), Some("2024-10-09"));
        assert_eq!(d("16-12-2022").as_deref(), Some("2022-12-16"));
        assert_eq!(d("2024-01-15").as_deref(), Some("2024-01-15"));
        assert_eq!(d("31 februari 2024"), None);
        assert_eq!(d("binnenkort"), None);
    }

    fn cell(text: &str) -> Cell {
        Cell {
            blocks: vec![Block::Paragraph(Paragraph {
                number: 0,
                role: Role::Body,
                inlines: vec![crate::import::walk::Inline::Text {
                    text: text.to_string(),
                    emphasis: Default::default(),
                }],
            })],
        }
    }

    fn table(rows: &[&[&str]]) -> Table {
        Table {
            rows: rows
                .iter()
                .map(|r| r.iter().map(|t| cell(t)).collect())
                .collect(),
        }
    }

    #[test]
    fn letterheads_are_label_tables_with_a_date_or_kenmerk() {
        let letterhead = table(&[
            &["Datum", "13 december 2023"],
            &["Telefoon", "070 000"],
            &["Kenmerk:", "X-1"],
        ]);
        assert!(is_letterhead(&letterhead));
        let mut found = BTreeMap::new();
        let mut read = Letterhead::default();
        read_letterhead(&letterhead, &mut found, &mut read);
        assert_eq!(read.read, ["Datum", "Kenmerk"]);
        assert_eq!(read.left_out, ["Telefoon"]);
        assert_eq!(found.get("kenmerk").map(String::as_str), Some("X-1"));
        assert!(!is_letterhead(&table(&[
            &["Jaar", "Bedrag"],
            &["2024", "1"]
        ])));
        assert!(!is_letterhead(&table(&[&["Datum", "1 mei 2024", "extra"]])));
        assert!(!is_letterhead(&table(&[&["Datum"], &[]])));
    }

    #[test]
    fn type_words() {
        assert_eq!(type_word("BESLISNOTA"), Some("beslisnota".to_string()));
        assert_eq!(type_word("Beslisnota:"), Some("beslisnota".to_string()));
        assert_eq!(type_word("Beslisnota over x"), None);
    }
}
