//! The inventory (inventarislijst): one row per note with what was decided
//! about its disclosure, as CSV and as the data of the `/woo/inventaris/` page.
//!
//! Publishing teams exchange inventories as spreadsheets, so the CSV follows
//! RFC 4180 (written by the csv crate: quoting, CRLF line ends) in UTF-8 with
//! the column names used in Dutch practice. A note marked `niet-openbaar` is
//! listed with its grounds but without a link: the inventory says that a
//! document exists and why it is withheld, never what it says.
//!
//! The ID is the note's `kenmerk` when it has one (that is how the ministry
//! registers it), otherwise its site path without slashes at the ends.

use serde::Serialize;

use crate::disclosure::Ground;
use crate::page::Page;
use crate::page::woo::Status;

/// The CSV header, in order.
pub const COLUMNS: [&str; 6] = [
    "ID",
    "Document",
    "Datum",
    "Beoordeling",
    "Beoordelingsgrond",
    "Publieke link",
];

/// One row of the inventory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub id: String,
    pub title: String,
    /// ISO 8601, e.g. `2022-10-28`.
    pub date: String,
    /// `Openbaar`, `Deels openbaar` or `Niet openbaar`.
    pub beoordeling: &'static str,
    /// Every ground used, in the order of the law.
    pub grounds: Vec<GroundView>,
    /// The grounds as one cell: `5.1.2e;5.1.2i`.
    pub grounds_cell: String,
    /// The absolute URL of the published note; `None` when it is not published.
    pub link: Option<String>,
}

/// A refusal ground as the inventory page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroundView {
    /// `5.1.2e`.
    pub code: &'static str,
    /// Dutch description, e.g. `eerbiediging van de persoonlijke levenssfeer`.
    pub description: &'static str,
    /// Dutch article reference, e.g. `artikel 5.1, tweede lid, onder e, Woo`.
    pub article: &'static str,
}

impl GroundView {
    pub fn new(ground: Ground) -> Self {
        Self {
            code: ground.code(),
            description: ground.description(),
            article: ground.article(),
        }
    }
}

/// Orders rows like the site: newest first, then by title and ID.
pub fn sort(rows: &mut [&Row]) {
    rows.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| a.title.cmp(&b.title))
            .then_with(|| a.id.cmp(&b.id))
    });
}

/// The row of one note, published or not. `permalink` turns a site path
/// into an absolute URL.
pub fn row(page: &Page, permalink: impl Fn(&str) -> String) -> Row {
    let published = page.woo.status == Status::Openbaar;
    let mut grounds = page.redactions.grounds();
    if !published {
        grounds.extend(&page.woo.withheld_on);
        grounds.sort();
        grounds.dedup();
    }
    let beoordeling = if published {
        page.redactions.beoordeling()
    } else {
        "Niet openbaar"
    };
    Row {
        id: page
            .meta
            .kenmerk
            .as_deref()
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map_or_else(|| page.url.trim_matches('/').to_string(), str::to_string),
        title: page.meta.title.clone(),
        date: page.meta.date.to_string(),
        beoordeling,
        grounds_cell: grounds
            .iter()
            .map(|g| g.code())
            .collect::<Vec<_>>()
            .join(";"),
        grounds: grounds.into_iter().map(GroundView::new).collect(),
        link: published.then(|| permalink(&page.url)),
    }
}

/// The inventory as CSV bytes (UTF-8, RFC 4180).
pub fn csv(rows: &[&Row]) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record(COLUMNS)?;
    for row in rows {
        writer.write_record([
            row.id.as_str(),
            row.title.as_str(),
            row.date.as_str(),
            row.beoordeling,
            row.grounds_cell.as_str(),
            row.link.as_deref().unwrap_or(""),
        ])?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

/// `inventory` in the `inventaris.html` template.
#[derive(Debug, Serialize)]
pub struct View<'a> {
    pub rows: &'a [&'a Row],
    /// URL of the CSV file (base path included).
    pub csv_url: String,
    /// Row counts per judgement, for a summary line.
    pub openbaar: usize,
    pub deels_openbaar: usize,
    pub niet_openbaar: usize,
}

/// Site path of the inventory page.
pub const PAGE_URL: &str = "/woo/inventaris/";
/// Site path of the CSV file.
pub const CSV_URL: &str = "/woo/inventaris.csv";

impl<'a> View<'a> {
    /// The view of `rows` on a site published under `base`.
    pub fn new(rows: &'a [&'a Row], base: &crate::base_path::BasePath) -> Self {
        let count = |b: &str| rows.iter().filter(|r| r.beoordeling == b).count();
        Self {
            rows,
            csv_url: base.href(CSV_URL),
            openbaar: count("Openbaar"),
            deels_openbaar: count("Deels openbaar"),
            niet_openbaar: count("Niet openbaar"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_per_rfc_4180() {
        let row = Row {
            id: "2022-1".into(),
            title: "Nota over \"x\", y en z".into(),
            date: "2022-10-28".into(),
            beoordeling: "Deels openbaar",
            grounds: vec![
                GroundView::new(Ground::G512e),
                GroundView::new(Ground::G512i),
            ],
            grounds_cell: "5.1.2e;5.1.2i".into(),
            link: None,
        };
        let text = String::from_utf8(csv(&[&row]).unwrap()).unwrap();
        assert_eq!(
            text,
            "ID,Document,Datum,Beoordeling,Beoordelingsgrond,Publieke link\r\n\
             2022-1,\"Nota over \"\"x\"\", y en z\",2022-10-28,Deels openbaar,5.1.2e;5.1.2i,\r\n"
        );
    }
}
