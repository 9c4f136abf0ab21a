//! Atom 1.0 feeds (RFC 4287): one for the whole site and one per term of a
//! taxonomy that asks for them. This module only produces bytes; the
//! pipeline hands them to the output sink.
//!
//! Entry ids are `tag:` URIs (RFC 4151) built from the site's host, the
//! note's date and its path, so they survive a move from http to https;
//! `updated` is the note's date at midnight UTC. Nothing depends on the
//! clock, so two builds of the same content give the same bytes.

use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::config::Config;
use crate::page::Page;

/// Site path of the site-wide feed.
pub const SITE_FEED_PATH: &str = "/atom.xml";

/// The feed of the list page at `html_path`, e.g. `/onderwerpen/woo/atom.xml`.
pub fn feed_path(html_path: &str) -> String {
    format!("{html_path}atom.xml")
}

/// What one feed shows.
#[derive(Debug)]
pub struct Feed<'a> {
    pub title: String,
    /// Site path of the feed itself.
    pub path: String,
    /// Site path of the HTML page the feed follows.
    pub html_path: String,
    /// Entries, newest first, already limited in number.
    pub pages: Vec<&'a Page>,
}

/// The `updated` of a feed without entries: a fixed instant, not the clock.
const EMPTY_FEED_UPDATED: &str = "1970-01-01T00:00:00Z";

/// Renders `feed` as an Atom document.
pub fn atom(config: &Config, feed: &Feed<'_>) -> Vec<u8> {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    write_feed(&mut writer, config, feed).expect("writing XML into memory cannot fail");
    let mut bytes = writer.into_inner();
    bytes.push(b'\n');
    bytes
}

fn write_feed(w: &mut Writer<Vec<u8>>, config: &Config, feed: &Feed<'_>) -> io::Result<()> {
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    let updated = feed
        .pages
        .iter()
        .map(|p| p.meta.date)
        .max()
        .map_or_else(|| EMPTY_FEED_UPDATED.to_string(), timestamp);
    w.create_element("feed")
        .with_attribute(("xmlns", "http://www.w3.org/2005/Atom"))
        .with_attribute(("xml:lang", config.language.as_str()))
        .write_inner_content(|w| {
            text_element(w, "id", &config.permalink(&feed.path))?;
            text_element(w, "title", &feed.title)?;
            text_element(w, "updated", &updated)?;
            link(
                w,
                "self",
                "application/atom+xml",
                &config.permalink(&feed.path),
            )?;
            link(
                w,
                "alternate",
                "text/html",
                &config.permalink(&feed.html_path),
            )?;
            author(w, &config.organisation)?;
            w.create_element("generator")
                .write_text_content(BytesText::new("nota"))?;
            for page in &feed.pages {
                entry(w, config, page)?;
            }
            Ok(())
        })?;
    Ok(())
}

fn entry(w: &mut Writer<Vec<u8>>, config: &Config, page: &Page) -> io::Result<()> {
    w.create_element("entry").write_inner_content(|w| {
        text_element(w, "id", &tag_uri(&config.base_url, page))?;
        text_element(w, "title", &page.meta.title)?;
        link(w, "alternate", "text/html", &config.permalink(&page.url))?;
        text_element(w, "published", &timestamp(page.meta.date))?;
        text_element(w, "updated", &timestamp(page.meta.date))?;
        author(w, &page.meta.organisation)?;
        for topic in &page.meta.topics {
            w.create_element("category")
                .with_attribute(("term", topic.as_str()))
                .write_empty()?;
        }
        if !page.summary.is_empty() {
            w.create_element("summary")
                .with_attribute(("type", "text"))
                .write_text_content(BytesText::new(&page.summary))?;
        }
        Ok(())
    })?;
    Ok(())
}

fn text_element(w: &mut Writer<Vec<u8>>, name: &str, text: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(text))?;
    Ok(())
}

fn link(w: &mut Writer<Vec<u8>>, rel: &str, kind: &str, href: &str) -> io::Result<()> {
    w.create_element("link")
        .with_attribute(("rel", rel))
        .with_attribute(("type", kind))
        .with_attribute(("href", href))
        .write_empty()?;
    Ok(())
}

fn author(w: &mut Writer<Vec<u8>>, name: &str) -> io::Result<()> {
    w.create_element("author")
        .write_inner_content(|w| text_element(w, "name", name))?;
    Ok(())
}

/// RFC 3339 timestamp of a date: midnight UTC.
fn timestamp(date: jiff::civil::Date) -> String {
    format!("{date}T00:00:00Z")
}

/// `tag:example.nl,2022-10-28:/2022/note/` (RFC 4151): the host without port,
/// the note's date, and the base path plus the note's path.
pub fn tag_uri(base_url: &str, page: &Page) -> String {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let (authority, base_path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
    let base_path = base_path.trim_end_matches('/');
    let prefix = if base_path.is_empty() {
        String::new()
    } else {
        format!("/{base_path}")
    };
    format!("tag:{host},{}:{prefix}{}", page.meta.date, page.url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(url: &str) -> Page {
        Page::sample(url, "2022-10-28", "A & B <c>")
    }

    #[test]
    fn tag_uris_use_host_date_and_path() {
        let p = page("/2022/a/");
        assert_eq!(
            tag_uri("https://Example.nl:8443", &p),
            "tag:example.nl,2022-10-28:/2022/a/"
        );
        assert_eq!(
            tag_uri("https://example.nl/notas", &p),
            "tag:example.nl,2022-10-28:/notas/2022/a/"
        );
    }
}
