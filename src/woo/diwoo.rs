//! DiWoo 0.9.8 metadata records and the Woo-index sitemaps that carry them.
//!
//! The national Woo-index harvests a site by reading `robots.txt`, which must
//! list sitemap *index* files named `sitemapindex-diwoo-infocatNNN.xml` (one
//! per information category); each index lists sitemaps, and each sitemap has
//! one `<url>` per document with a `diwoo:Document/diwoo:DiWoo` record. A
//! sitemap may hold 50,000 URLs and 50 MB, but nota writes at most
//! [`SITEMAP_URLS`] (1,000) records per file: the Woo-index harvester
//! re-fetches only files that changed, and a rebuild after an edit need
//! re-make (and the leak guard re-read) only one file of about a thousand
//! records instead of a whole category of many megabytes. Files stay
//! unchanged between builds as long as their records do, because a file is
//! a fixed run of the category's records in their order.
//!
//! The XML is written by hand with strict escaping rather than through a
//! serializer: the structure is small and fixed, and writing it directly
//! keeps the output byte-for-byte deterministic. Notes are listed oldest
//! first, so that a new note is appended to the last sitemap and earlier
//! files stay unchanged between builds.
//!
//! There is no `lastmod`: nota has no trustworthy modification date (file
//! times change on checkout) and output must not depend on the clock.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use jiff::civil::Date;

use crate::config::woo::Publication;
use crate::diagnostic::Diagnostic;
use crate::page::Page;
use crate::page::woo::{Handeling, RelationLink};
use crate::tooi::{self, Entry, ListKind};

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const DIWOO_NS: &str = "https://standaarden.overheid.nl/diwoo/metadata/";
const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";
const SCHEMA_LOCATION: &str = "http://www.sitemaps.org/schemas/sitemap/0.9 http://www.sitemaps.org/schemas/sitemap/0.9/sitemap.xsd https://standaarden.overheid.nl/diwoo/metadata/ https://standaarden.overheid.nl/diwoo/metadata/0.9.8/xsd/diwoo/diwoo-metadata.xsd";
const XML_DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
/// The folder of all Woo-index files.
pub const SITEMAP_DIR: &str = "sitemaps";

/// Size limits of one sitemap, and of the number of sitemaps in one index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_urls: usize,
    pub max_bytes: usize,
    pub max_sitemaps: usize,
}

/// The limits of the sitemap protocol, which the Woo-index applies.
pub const WOO_INDEX_LIMITS: Limits = Limits {
    max_urls: 50_000,
    max_bytes: 50 * 1024 * 1024,
    max_sitemaps: 50_000,
};

/// The most records nota puts in one sitemap file (see the module doc); the
/// protocol allows more ([`WOO_INDEX_LIMITS`], which files are checked
/// against).
pub const SITEMAP_URLS: usize = 1_000;

/// The DiWoo record of one published note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record<'a> {
    /// The note's absolute URL: how the Woo-index identifies the document.
    pub loc: String,
    pub kenmerk: Option<&'a str>,
    pub publisher: &'static Entry,
    pub opsteller: &'static Entry,
    pub title: &'a str,
    pub omschrijving: &'a str,
    pub category: &'static Entry,
    pub documentsoort: Option<&'static Entry>,
    pub trefwoorden: &'a [String],
    pub creatiedatum: Date,
    pub language: &'static Entry,
    pub format: &'static Entry,
    pub handelingen: &'a [Handeling],
    /// `woo.relations` first, then the parliamentary citations of the body.
    pub relaties: Vec<RelationLink>,
}

/// Where a record goes among the sitemaps (category, then date; ties are
/// ordered by URL): enough to lay the sitemaps out from the records' places
/// alone, so that a file whose records did not change can be handed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub infocat: &'static str,
    pub creatiedatum: Date,
}

impl Placement {
    /// The placement of `page`'s record; `None` exactly when
    /// [`Record::new`] gives no record.
    pub fn of(page: &Page) -> Option<Self> {
        let metadata = listed_metadata(page)?;
        Some(Self {
            infocat: metadata.category.infocat.unwrap_or("000"),
            creatiedatum: page.meta.date,
        })
    }
}

/// The records of one information category in sitemap order, cut into the
/// runs that share a sitemap file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub infocat: &'static str,
    /// Each run holds the positions (in the slice given to [`layout`]) of
    /// at most `per_file` records, oldest first.
    pub runs: Vec<Vec<usize>>,
}

/// Groups placed records by category (in category order), orders each
/// group oldest first and then by `order` (the record's URL, or its site
/// path: all URLs share the base URL, so both order alike), and cuts it into
/// runs of `per_file`.
pub fn layout(placed: &[(Placement, &str)], per_file: usize) -> Vec<Category> {
    let mut by_category: BTreeMap<&'static str, Vec<usize>> = BTreeMap::new();
    for (index, (placement, _)) in placed.iter().enumerate() {
        by_category
            .entry(placement.infocat)
            .or_default()
            .push(index);
    }
    let per_file = per_file.max(1);
    by_category
        .into_iter()
        .map(|(infocat, mut group)| {
            group.sort_by(|&a, &b| {
                let ((a, a_order), (b, b_order)) = (&placed[a], &placed[b]);
                a.creatiedatum
                    .cmp(&b.creatiedatum)
                    .then_with(|| a_order.cmp(b_order))
            });
            Category {
                infocat,
                runs: group.chunks(per_file).map(<[usize]>::to_vec).collect(),
            }
        })
        .collect()
}

/// The Woo metadata of a page that gets a record: published, resolved, and
/// with the fixed TOOI entries every record uses available.
fn listed_metadata(page: &Page) -> Option<&crate::page::woo::Metadata> {
    if !page.woo.is_published() {
        return None;
    }
    tooi::lookup(ListKind::Relation, crate::page::woo::DEFAULT_RELATION).ok()?;
    tooi::lookup(ListKind::Format, "HTML").ok()?;
    page.woo.metadata.as_ref()
}

impl<'a> Record<'a> {
    /// The record of `page`; `None` when the page has no resolved Woo metadata
    /// (Woo output off, or the note is not published).
    pub fn new(page: &'a Page, publication: &Publication, loc: String) -> Option<Self> {
        let metadata = listed_metadata(page)?;
        let cites = tooi::lookup(ListKind::Relation, crate::page::woo::DEFAULT_RELATION).ok()?;
        let mut relaties = metadata.relations.clone();
        for citation in &page.facts.citations {
            if !relaties.iter().any(|r| r.url == citation.url) {
                relaties.push(RelationLink {
                    role: cites,
                    url: citation.url.clone(),
                    label: citation.text.clone(),
                });
            }
        }
        Some(Self {
            loc,
            kenmerk: page
                .meta
                .kenmerk
                .as_deref()
                .filter(|k| !k.trim().is_empty()),
            publisher: publication.publisher,
            opsteller: metadata.organisation,
            title: &page.meta.title,
            omschrijving: &page.summary,
            category: metadata.category,
            documentsoort: metadata.documentsoort,
            trefwoorden: &page.meta.topics,
            creatiedatum: page.meta.date,
            language: publication.language,
            format: tooi::lookup(ListKind::Format, "HTML").ok()?,
            handelingen: &metadata.handelingen,
            relaties,
        })
    }

    /// The information category's number in the index file name.
    pub fn infocat(&self) -> &'static str {
        self.category.infocat.unwrap_or("000")
    }

    /// The `<url>` element with its DiWoo record, indented for a `<urlset>`.
    pub fn url_element(&self) -> String {
        let mut x = Xml::default();
        x.open(1, "url");
        x.text(2, "loc", &self.loc);
        x.open(2, "diwoo:Document");
        x.open(3, "diwoo:DiWoo");
        if let Some(kenmerk) = self.kenmerk {
            x.open(4, "diwoo:identifiers");
            x.text(5, "diwoo:identifier", kenmerk);
            x.close(4, "diwoo:identifiers");
        }
        x.resource(4, "diwoo:publisher", self.publisher);
        x.resource(4, "diwoo:opsteller", self.opsteller);
        x.open(4, "diwoo:titelcollectie");
        x.text(5, "diwoo:officieleTitel", self.title);
        x.close(4, "diwoo:titelcollectie");
        if !self.omschrijving.trim().is_empty() {
            x.open(4, "diwoo:omschrijvingen");
            x.text(5, "diwoo:omschrijving", self.omschrijving);
            x.close(4, "diwoo:omschrijvingen");
        }
        x.open(4, "diwoo:classificatiecollectie");
        x.open(5, "diwoo:informatiecategorieen");
        x.resource(6, "diwoo:informatiecategorie", self.category);
        x.close(5, "diwoo:informatiecategorieen");
        if let Some(soort) = self.documentsoort {
            x.open(5, "diwoo:documentsoorten");
            x.resource(6, "diwoo:documentsoort", soort);
            x.close(5, "diwoo:documentsoorten");
        }
        if !self.trefwoorden.is_empty() {
            x.open(5, "diwoo:trefwoorden");
            for word in self.trefwoorden {
                x.text(6, "diwoo:trefwoord", word);
            }
            x.close(5, "diwoo:trefwoorden");
        }
        x.close(4, "diwoo:classificatiecollectie");
        x.text(4, "diwoo:creatiedatum", &self.creatiedatum.to_string());
        x.resource(4, "diwoo:language", self.language);
        x.resource(4, "diwoo:format", self.format);
        x.open(4, "diwoo:documenthandelingen");
        for handeling in self.handelingen {
            x.open(5, "diwoo:documenthandeling");
            x.resource(6, "diwoo:soortHandeling", handeling.kind);
            x.text(6, "diwoo:atTime", &amsterdam_midnight(handeling.date));
            x.close(5, "diwoo:documenthandeling");
        }
        x.close(4, "diwoo:documenthandelingen");
        if !self.relaties.is_empty() {
            x.open(4, "diwoo:documentrelaties");
            for relatie in &self.relaties {
                x.open(5, "diwoo:documentrelatie");
                x.resource(6, "diwoo:role", relatie.role);
                x.labelled(6, "diwoo:relation", &relatie.url, &relatie.label);
                x.close(5, "diwoo:documentrelatie");
            }
            x.close(4, "diwoo:documentrelaties");
        }
        x.close(3, "diwoo:DiWoo");
        x.close(2, "diwoo:Document");
        x.close(1, "url");
        x.0
    }
}

/// One generated file: site path and contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub path: String,
    pub xml: String,
}

/// The site path of the index of an information category.
pub fn index_path(infocat: &str) -> String {
    format!("{SITEMAP_DIR}/sitemapindex-diwoo-infocat{infocat}.xml")
}

fn sitemap_path(infocat: &str, number: usize) -> String {
    format!("{SITEMAP_DIR}/diwoo-infocat{infocat}-{number:05}.xml")
}

/// Every index and sitemap file for `records`, grouped by information
/// category, each sitemap within `limits` and [`SITEMAP_URLS`].
pub fn files(
    records: &[Record<'_>],
    base_url: &str,
    limits: Limits,
) -> Result<Vec<File>, Diagnostic> {
    let placed: Vec<(Placement, &str)> = records
        .iter()
        .map(|r| {
            let placement = Placement {
                infocat: r.infocat(),
                creatiedatum: r.creatiedatum,
            };
            (placement, r.loc.as_str())
        })
        .collect();
    let mut out = Vec::new();
    for category in layout(&placed, limits.max_urls.min(SITEMAP_URLS)) {
        let mut sitemaps = Vec::new();
        for run in &category.runs {
            let elements: Vec<String> = run.iter().map(|&i| records[i].url_element()).collect();
            sitemaps.extend(split_urlsets(&elements, limits)?);
        }
        let (paths, index) = numbered(category.infocat, sitemaps.len(), base_url, limits)?;
        out.extend(
            paths
                .into_iter()
                .zip(sitemaps)
                .map(|(path, xml)| File { path, xml }),
        );
        out.push(index);
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// The sitemap files and index files of a build.
pub struct Sitemaps {
    /// Sitemap files by site path, in order.
    pub files: Vec<(String, std::sync::Arc<[u8]>)>,
    /// One index per information category.
    pub indexes: Vec<File>,
}

/// The sitemap file(s) of one run of records (`<url>` elements).
pub fn run_files(
    records: &[&[u8]],
    limits: Limits,
) -> Result<Vec<std::sync::Arc<[u8]>>, Diagnostic> {
    // The records were made from strings, so they are UTF-8.
    let texts: Vec<std::borrow::Cow<'_, str>> =
        records.iter().map(|e| String::from_utf8_lossy(e)).collect();
    Ok(split_urlsets(&texts, limits)?
        .into_iter()
        .map(|xml| std::sync::Arc::from(xml.into_bytes()))
        .collect())
}

/// Numbers each category's files (the files of its runs, in order) and
/// makes its index.
pub fn numbered_files(
    categories: &[Category],
    files: Vec<Vec<std::sync::Arc<[u8]>>>,
    base_url: &str,
    limits: Limits,
) -> Result<Sitemaps, Diagnostic> {
    let mut out = Sitemaps {
        files: Vec::new(),
        indexes: Vec::new(),
    };
    for (category, files) in categories.iter().zip(files) {
        let (paths, index) = numbered(category.infocat, files.len(), base_url, limits)?;
        out.files.extend(paths.into_iter().zip(files));
        out.indexes.push(index);
    }
    Ok(out)
}

/// The paths of a category's `count` sitemap files, and its index listing
/// them; an error when one index may not list that many.
pub fn numbered(
    infocat: &str,
    count: usize,
    base_url: &str,
    limits: Limits,
) -> Result<(Vec<String>, File), Diagnostic> {
    if count > limits.max_sitemaps {
        return Err(Diagnostic::error(
            "woo/too-many-sitemaps",
            format!(
                "information category {infocat} needs {count} sitemaps; one index may list {}",
                limits.max_sitemaps
            ),
        )
        .help("split the collection over several sites or information categories"));
    }
    let paths: Vec<String> = (1..=count).map(|n| sitemap_path(infocat, n)).collect();
    let locs: Vec<String> = paths.iter().map(|p| format!("{base_url}/{p}")).collect();
    let index = File {
        path: index_path(infocat),
        xml: sitemap_index(&locs),
    };
    Ok((paths, index))
}

/// The URLs of the index files among `files`, which `robots.txt` names so that
/// the Woo-index finds them.
pub fn sitemap_index_urls(base_url: &str, files: &[File]) -> Vec<String> {
    files
        .iter()
        .filter(|f| f.path.contains("/sitemapindex-diwoo-infocat"))
        .map(|f| format!("{base_url}/{}", f.path))
        .collect()
}

fn urlset_open() -> String {
    format!(
        "{XML_DECLARATION}<urlset xmlns=\"{SITEMAP_NS}\" xmlns:diwoo=\"{DIWOO_NS}\" xmlns:xsi=\"{XSI_NS}\" xsi:schemaLocation=\"{SCHEMA_LOCATION}\">\n"
    )
}

const URLSET_CLOSE: &str = "</urlset>\n";

/// Packs `<url>` elements into as few `<urlset>` documents as `limits` allow.
pub fn split_urlsets<E: AsRef<str>>(
    elements: &[E],
    limits: Limits,
) -> Result<Vec<String>, Diagnostic> {
    let open = urlset_open();
    let frame = open.len() + URLSET_CLOSE.len();
    // Sized up front: a sitemap of a large site is megabytes, and growing it
    // by doubling would copy it several times.
    let mut left: usize = elements.iter().map(|e| e.as_ref().len()).sum();
    let fresh = |left: usize| {
        let mut text = String::with_capacity((frame + left).min(limits.max_bytes));
        text.push_str(&open);
        text
    };
    let mut files: Vec<String> = Vec::new();
    let mut current = fresh(left);
    let mut count = 0;
    for element in elements {
        let element = element.as_ref();
        if frame + element.len() > limits.max_bytes {
            return Err(Diagnostic::error(
                "woo/sitemap-too-large",
                format!(
                    "one DiWoo record is {} bytes, more than a sitemap may hold ({} bytes)",
                    element.len(),
                    limits.max_bytes
                ),
            )
            .help("shorten the note's summary, topics or relations"));
        }
        let full = count == limits.max_urls
            || current.len() + element.len() + URLSET_CLOSE.len() > limits.max_bytes;
        if full {
            current.push_str(URLSET_CLOSE);
            files.push(std::mem::replace(&mut current, fresh(left)));
            count = 0;
        }
        current.push_str(element);
        left -= element.len();
        count += 1;
    }
    if count > 0 {
        current.push_str(URLSET_CLOSE);
        files.push(current);
    }
    Ok(files)
}

fn sitemap_index(locs: &[String]) -> String {
    let mut x = Xml::default();
    x.0.push_str(XML_DECLARATION);
    let _ = writeln!(x.0, "<sitemapindex xmlns=\"{SITEMAP_NS}\">");
    for loc in locs {
        x.open(1, "sitemap");
        x.text(2, "loc", loc);
        x.close(1, "sitemap");
    }
    x.0.push_str("</sitemapindex>\n");
    x.0
}

/// Midnight at the start of `date` in the Netherlands, as `xs:dateTime`:
/// `+02:00` in summer time, `+01:00` otherwise. Summer time (EU rule) runs
/// from the last Sunday of March to the last Sunday of October, switching at
/// 01:00 UTC, so midnight of both switch days is still on the old offset.
/// Computed here rather than from a time-zone database so the output does
/// not depend on the machine.
pub fn amsterdam_midnight(date: Date) -> String {
    let start = last_sunday(date.year(), 3);
    let end = last_sunday(date.year(), 10);
    let offset = if date > start && date <= end {
        "+02:00"
    } else {
        "+01:00"
    };
    format!("{date}T00:00:00{offset}")
}

fn last_sunday(year: i16, month: i8) -> Date {
    let last = Date::new(year, month, 1)
        .map(|d| d.last_of_month())
        .unwrap_or_default();
    let back = i32::from(last.weekday().to_sunday_zero_offset());
    last.checked_sub(jiff::Span::new().days(back))
        .unwrap_or(last)
}

/// A small writer of indented XML elements with escaped content.
#[derive(Default)]
struct Xml(String);

impl Xml {
    fn indent(&mut self, depth: usize) {
        for _ in 0..depth {
            self.0.push_str("  ");
        }
    }

    fn open(&mut self, depth: usize, name: &str) {
        self.indent(depth);
        let _ = writeln!(self.0, "<{name}>");
    }

    fn close(&mut self, depth: usize, name: &str) {
        self.indent(depth);
        let _ = writeln!(self.0, "</{name}>");
    }

    fn text(&mut self, depth: usize, name: &str, text: &str) {
        self.indent(depth);
        let _ = writeln!(self.0, "<{name}>{}</{name}>", escape(text));
    }

    fn labelled(&mut self, depth: usize, name: &str, resource: &str, label: &str) {
        self.indent(depth);
        let _ = writeln!(
            self.0,
            "<{name} resource=\"{}\">{}</{name}>",
            escape(resource),
            escape(label)
        );
    }

    fn resource(&mut self, depth: usize, name: &str, entry: &Entry) {
        self.labelled(depth, name, entry.uri, entry.label);
    }
}

/// Escapes text for element content and attribute values, and drops the
/// characters XML 1.0 does not allow at all (most C0 controls).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn midnight_offsets_follow_dutch_summer_time() {
        let at = |s: &str| amsterdam_midnight(s.parse().unwrap());
        assert_eq!(at("2022-11-01"), "2022-11-01T00:00:00+01:00");
        assert_eq!(at("2022-07-01"), "2022-07-01T00:00:00+02:00");
        // 2024: summer time from Sunday 31 March to Sunday 27 October.
        assert_eq!(at("2024-03-31"), "2024-03-31T00:00:00+01:00");
        assert_eq!(at("2024-04-01"), "2024-04-01T00:00:00+02:00");
        assert_eq!(at("2024-10-27"), "2024-10-27T00:00:00+02:00");
        assert_eq!(at("2024-10-28"), "2024-10-28T00:00:00+01:00");
    }

    #[test]
    fn escaping_covers_markup_quotes_and_controls() {
        assert_eq!(
            escape("A & B <c> \"d\" 'e'\u{1}"),
            "A &amp; B &lt;c&gt; &quot;d&quot; &apos;e&apos;"
        );
    }

    fn elements(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| format!("  <url>\n    <loc>https://x.example.nl/{i:03}/</loc>\n  </url>\n"))
            .collect()
    }

    #[test]
    fn sitemaps_split_by_url_count() {
        let files = split_urlsets(
            &elements(5),
            Limits {
                max_urls: 2,
                max_bytes: usize::MAX,
                ..WOO_INDEX_LIMITS
            },
        )
        .unwrap();
        assert_eq!(files.len(), 3);
        assert_eq!(files[0].matches("<url>").count(), 2);
        assert_eq!(files[2].matches("<url>").count(), 1);
        assert!(files.iter().all(|f| f.ends_with("</urlset>\n")));
        assert!(files[2].contains("/004/"));
    }

    #[test]
    fn sitemaps_split_by_size_and_never_exceed_it() {
        let elements = elements(10);
        let frame = urlset_open().len() + URLSET_CLOSE.len();
        let limit = frame + 3 * elements[0].len();
        let files = split_urlsets(
            &elements,
            Limits {
                max_urls: 100,
                max_bytes: limit,
                ..WOO_INDEX_LIMITS
            },
        )
        .unwrap();
        assert_eq!(files.len(), 4);
        assert!(files.iter().all(|f| f.len() <= limit));
        let total: usize = files.iter().map(|f| f.matches("<url>").count()).sum();
        assert_eq!(total, 10);
        let too_small = Limits {
            max_urls: 100,
            max_bytes: frame + 10,
            ..WOO_INDEX_LIMITS
        };
        assert_eq!(
            split_urlsets(&elements, too_small).unwrap_err().code,
            "woo/sitemap-too-large"
        );
    }

    #[test]
    fn layout_groups_by_category_orders_oldest_first_and_cuts_runs() {
        let at = |infocat, date: &str| Placement {
            infocat,
            creatiedatum: date.parse().unwrap(),
        };
        let placed = [
            (at("018", "2024-03-01"), "/c/"),
            (at("015", "2024-01-01"), "/x/"),
            (at("018", "2024-01-01"), "/b/"),
            (at("018", "2024-01-01"), "/a/"),
            (at("018", "2023-01-01"), "/z/"),
        ];
        let categories = layout(&placed, 2);
        assert_eq!(
            categories,
            [
                Category {
                    infocat: "015",
                    runs: vec![vec![1]],
                },
                Category {
                    infocat: "018",
                    runs: vec![vec![4, 3], vec![2, 0]],
                },
            ]
        );
    }

    #[test]
    fn nothing_to_list_gives_no_sitemap() {
        assert!(
            split_urlsets::<String>(&[], WOO_INDEX_LIMITS)
                .unwrap()
                .is_empty()
        );
    }
}
