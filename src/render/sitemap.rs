//! `sitemap.xml` (sitemaps.org 0.9) and `robots.txt`, as bytes for the sink.
//!
//! `robots.txt` is produced by one function that takes every sitemap to
//! announce, so later features (such as Woo-index sitemaps) add lines by
//! passing more URLs rather than by writing a second robots file.

use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

/// Site path of the sitemap.
pub const SITEMAP_PATH: &str = "/sitemap.xml";

/// The most URLs one sitemap file may list (sitemaps.org).
pub const MAX_URLS: usize = 50_000;

/// One page in the sitemap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Absolute URL.
    pub loc: String,
    /// When the page's content last changed, as far as the notes say.
    pub lastmod: Option<jiff::civil::Date>,
}

/// Renders a `urlset` of `entries`, in the given order.
pub fn sitemap(entries: &[Entry]) -> Vec<u8> {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    write_urlset(&mut writer, entries).expect("writing XML into memory cannot fail");
    let mut bytes = writer.into_inner();
    bytes.push(b'\n');
    bytes
}

fn write_urlset(w: &mut Writer<Vec<u8>>, entries: &[Entry]) -> io::Result<()> {
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("urlset")
        .with_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"))
        .write_inner_content(|w| {
            for entry in entries {
                w.create_element("url").write_inner_content(|w| {
                    w.create_element("loc")
                        .write_text_content(BytesText::new(&entry.loc))?;
                    if let Some(date) = entry.lastmod {
                        w.create_element("lastmod")
                            .write_text_content(BytesText::new(&date.to_string()))?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    Ok(())
}

/// `robots.txt` that allows everything and names every sitemap (absolute URLs).
pub fn robots_txt(sitemap_urls: &[String]) -> String {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if !sitemap_urls.is_empty() {
        text.push('\n');
    }
    for url in sitemap_urls {
        text.push_str("Sitemap: ");
        text.push_str(url);
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn robots_names_every_sitemap() {
        assert_eq!(
            robots_txt(&[
                "https://a.nl/sitemap.xml".into(),
                "https://a.nl/woo.xml".into()
            ]),
            "User-agent: *\nAllow: /\n\nSitemap: https://a.nl/sitemap.xml\nSitemap: https://a.nl/woo.xml\n"
        );
    }

    #[test]
    fn escapes_urls() {
        let xml = sitemap(&[Entry {
            loc: "https://a.nl/?a=1&b=2".into(),
            lastmod: Some("2024-01-02".parse().unwrap()),
        }]);
        let text = String::from_utf8(xml).unwrap();
        assert!(text.contains("<loc>https://a.nl/?a=1&amp;b=2</loc>"));
        assert!(text.contains("<lastmod>2024-01-02</lastmod>"));
    }
}
