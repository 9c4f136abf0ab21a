//! Answering one HTTP request from the in-memory site.
//!
//! The request target is decoded exactly once, here, and anything that could
//! name a file outside the site is refused before the site is looked at:
//! `..` and `.` segments (also percent-encoded), encoded slashes and
//! backslashes, NUL, invalid or overlong UTF-8, empty segments and targets
//! that do not start with `/`. The site is a map of generated files, so
//! there is nothing on disk to escape to and no directory to list anyway;
//! the checks make that a clear 400 rather than an accident of lookup.

use std::io::Cursor;
use std::sync::Arc;

use tiny_http::{Header, Method, Request, Response, StatusCode};

use crate::base_path::BasePath;
use crate::output::MemorySite;

/// Where the live-reload script is served (never part of a build), as a
/// site path: under a base path it is `/beslisnotas/__nota/live.js`.
pub const SCRIPT_URL: &str = "/__nota/live.js";
/// The Server-Sent Events stream of reload and error events (a site path).
pub const EVENTS_URL: &str = "/__nota/events";
/// The script itself.
pub const SCRIPT: &str = include_str!("live.js");

/// A request target, decoded and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Decoded path segments, e.g. `["2022", "note"]`.
    pub segments: Vec<String>,
    /// Whether the path ends in `/` (or is `/`).
    pub trailing_slash: bool,
    /// The raw path as sent (still encoded), for redirects.
    pub raw_path: String,
    /// The raw query including `?`, or empty.
    pub raw_query: String,
}

/// Why a target was refused (always 400 Bad Request).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    NotOriginForm,
    BadEscape,
    EncodedSeparator,
    Backslash,
    Nul,
    NotUtf8,
    DotSegment,
    EmptySegment,
}

/// Decodes and checks a raw request target (`/a/b%20c/?x=1`).
pub fn decode_target(raw: &str) -> Result<Target, Refusal> {
    if !raw.starts_with('/') || raw.starts_with("//") {
        return Err(Refusal::NotOriginForm);
    }
    let raw = raw.split('#').next().unwrap_or(raw);
    let (raw_path, raw_query) = match raw.find('?') {
        Some(i) => (&raw[..i], &raw[i..]),
        None => (raw, ""),
    };
    if raw_path.contains('\\') {
        return Err(Refusal::Backslash);
    }
    let mut segments = Vec::new();
    let body = &raw_path[1..];
    let trailing_slash = body.is_empty() || body.ends_with('/');
    let body = body.strip_suffix('/').unwrap_or(body);
    if !body.is_empty() {
        for raw_segment in body.split('/') {
            let segment = decode_segment(raw_segment)?;
            match segment.as_str() {
                "" => return Err(Refusal::EmptySegment),
                "." | ".." => return Err(Refusal::DotSegment),
                _ => segments.push(segment),
            }
        }
    }
    Ok(Target {
        segments,
        trailing_slash,
        raw_path: raw_path.to_string(),
        raw_query: raw_query.to_string(),
    })
}

fn decode_segment(raw: &str) -> Result<String, Refusal> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let byte = if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or(Refusal::BadEscape)?;
            let hex = std::str::from_utf8(hex).map_err(|_| Refusal::BadEscape)?;
            let value = u8::from_str_radix(hex, 16).map_err(|_| Refusal::BadEscape)?;
            if value == b'/' || value == b'\\' {
                return Err(Refusal::EncodedSeparator);
            }
            i += 3;
            value
        } else {
            i += 1;
            bytes[i - 1]
        };
        if byte == 0 {
            return Err(Refusal::Nul);
        }
        out.push(byte);
    }
    // Rust's UTF-8 validation rejects overlong forms such as %C0%AE.
    String::from_utf8(out).map_err(|_| Refusal::NotUtf8)
}

/// What to answer for a target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Script,
    Events,
    /// A file of the site, by its key (`a/index.html`).
    File(String),
    /// A folder named without its trailing slash.
    Redirect(String),
    /// The root of the host, for a site under a base path: a temporary
    /// redirect to the site (the base path may change while serving).
    ToSite(String),
    NotFound,
}

/// Where a request stands with respect to a site published under a base
/// path (`/beslisnotas`): the preview answers under the same path as the
/// real host, so links that work here work there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// A request for the site; the target as a site path.
    Inside(Target),
    /// `/beslisnotas` without its slash: redirect to the slash.
    BaseWithoutSlash(String),
    /// `/` of a site under a base path: the preview's visitor wants the site.
    HostRoot(String),
    /// Anything else outside the base path: not the site's.
    Outside,
}

/// Places a decoded target with respect to `base`.
pub fn place(target: Target, base: &BasePath) -> Placement {
    if base.is_root() {
        return Placement::Inside(target);
    }
    let prefix: Vec<String> = base
        .as_str()
        .split('/')
        .skip(1)
        .map(|s| decode_segment(s).unwrap_or_else(|_| s.to_string()))
        .collect();
    if !target.segments.starts_with(&prefix) {
        return if target.segments.is_empty() {
            Placement::HostRoot(format!("{}/", base.as_str()))
        } else {
            Placement::Outside
        };
    }
    if target.segments.len() == prefix.len() && !target.trailing_slash {
        return Placement::BaseWithoutSlash(format!("{}/{}", target.raw_path, target.raw_query));
    }
    // Raw segments stand one to one for decoded ones.
    let raw_path: String = target
        .raw_path
        .split('/')
        .skip(1 + prefix.len())
        .map(|segment| format!("/{segment}"))
        .collect();
    Placement::Inside(Target {
        segments: target.segments[prefix.len()..].to_vec(),
        trailing_slash: target.trailing_slash,
        raw_path,
        raw_query: target.raw_query,
    })
}

/// Finds the file for a target.
pub fn route(target: &Target, site: &MemorySite) -> Route {
    let joined = target.segments.join("/");
    if !target.trailing_slash {
        match format!("/{joined}").as_str() {
            SCRIPT_URL => return Route::Script,
            EVENTS_URL => return Route::Events,
            _ => {}
        }
    }
    if target.trailing_slash {
        let key = if joined.is_empty() {
            "index.html".to_string()
        } else {
            format!("{joined}/index.html")
        };
        return if site.contains_key(&key) {
            Route::File(key)
        } else {
            Route::NotFound
        };
    }
    if site.contains_key(&joined) {
        return Route::File(joined);
    }
    if site.contains_key(&format!("{joined}/index.html")) {
        return Route::Redirect(format!("{}/{}", target.raw_path, target.raw_query));
    }
    Route::NotFound
}

/// [`route`] for a request to a site published under `base`: redirects
/// carry the base path, and what lies outside it is not found.
pub fn route_under(target: Target, base: &BasePath, site: &MemorySite) -> Route {
    match place(target, base) {
        Placement::Inside(target) => match route(&target, site) {
            Route::Redirect(location) if !base.is_root() => Route::Redirect(base.href(&location)),
            other => other,
        },
        Placement::BaseWithoutSlash(location) => Route::Redirect(location),
        Placement::HostRoot(location) => Route::ToSite(location),
        Placement::Outside => Route::NotFound,
    }
}

/// `Content-Type` of a site file, with `charset=utf-8` for text.
pub fn content_type(key: &str) -> String {
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    let textual = mime.type_() == mime_guess::mime::TEXT
        || matches!(
            mime.essence_str(),
            "application/javascript"
                | "application/json"
                | "application/xml"
                | "application/rss+xml"
                | "application/atom+xml"
                | "image/svg+xml"
        );
    if textual {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_string()
    }
}

/// The built-in page shown while there has never been a good build; it
/// loads the live-reload script from under `base`.
fn no_site_page(base: &BasePath) -> String {
    format!(
        "<!doctype html>\n<html lang=\"nl\">\n<head><meta charset=\"utf-8\"><title>Nog geen site</title></head>\n<body>\n<main>\n<h1>Nog geen site</h1>\n<p>De eerste bouw is mislukt. De fouten staan in de terminal; deze pagina laadt vanzelf opnieuw zodra ze hersteld zijn.</p>\n</main>\n<script src=\"{}\" data-events=\"{}\"></script>\n</body>\n</html>\n",
        base.href(SCRIPT_URL),
        base.href(EVENTS_URL)
    )
}

/// How one request was answered, for the caller.
pub enum Answer {
    Done,
    /// The request asks for the event stream; the caller takes it over.
    Events(Request),
}

/// Answers `request` from `site` (`None` while no build has succeeded),
/// which is published under `base`.
pub fn answer(request: Request, site: Option<&Arc<MemorySite>>, base: &BasePath) -> Answer {
    let method = request.method().clone();
    if !matches!(method, Method::Get | Method::Head) {
        let response = text(405, "Alleen GET en HEAD zijn toegestaan.\n")
            .with_header(header("Allow", "GET, HEAD"));
        let _ = request.respond(response);
        return Answer::Done;
    }
    let target = match decode_target(request.url()) {
        Ok(t) => t,
        Err(_) => {
            let _ = request.respond(text(400, "Ongeldig adres.\n"));
            return Answer::Done;
        }
    };
    let empty = MemorySite::default();
    let files = site.map_or(&empty, |s| s.as_ref());
    match route_under(target, base, files) {
        Route::Script => {
            let response = Response::from_data(SCRIPT.as_bytes())
                .with_header(header("Content-Type", "text/javascript; charset=utf-8"));
            let _ = request.respond(common(response));
        }
        Route::Events if method == Method::Get => return Answer::Events(request),
        Route::Events => {
            let response = Response::empty(200)
                .with_header(header("Content-Type", "text/event-stream; charset=utf-8"));
            let _ = request.respond(common(response));
        }
        // `route` found the file in this very site, so it is there.
        Route::File(key) => {
            let response = match files.get(&key) {
                Some(bytes) => file(200, &key, Arc::clone(bytes)),
                None => not_found(files),
            };
            let _ = request.respond(response);
        }
        Route::Redirect(location) => {
            let response = text(301, "Verplaatst.\n").with_header(header("Location", &location));
            let _ = request.respond(response);
        }
        Route::ToSite(location) => {
            let response = text(302, "De site staat op een ander pad.\n")
                .with_header(header("Location", &location));
            let _ = request.respond(response);
        }
        Route::NotFound if site.is_none() => {
            let response = Response::from_data(no_site_page(base).into_bytes())
                .with_status_code(503)
                .with_header(header("Content-Type", "text/html; charset=utf-8"));
            let _ = request.respond(common(response));
        }
        Route::NotFound => {
            let _ = request.respond(not_found(files));
        }
    }
    Answer::Done
}

/// The site's own 404 page, or a line of text when it has none.
fn not_found(files: &MemorySite) -> Response<Cursor<Arc<[u8]>>> {
    match files.get("404.html") {
        Some(page) => file(404, "404.html", Arc::clone(page)),
        None => file(404, "404.txt", Arc::from(&b"Niet gevonden.\n"[..])),
    }
}

fn file(status: u16, key: &str, bytes: Arc<[u8]>) -> Response<Cursor<Arc<[u8]>>> {
    let length = bytes.len();
    let response = Response::new(
        StatusCode(status),
        vec![header("Content-Type", &content_type(key))],
        Cursor::new(bytes),
        Some(length),
        None,
    );
    common(response)
}

fn text(status: u16, body: &str) -> Response<Cursor<Vec<u8>>> {
    let response = Response::from_data(body.as_bytes())
        .with_status_code(status)
        .with_header(header("Content-Type", "text/plain; charset=utf-8"));
    common(response)
}

fn common<R: std::io::Read>(response: Response<R>) -> Response<R> {
    response
        .with_header(header("Cache-Control", "no-cache"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
}

/// A header from known-good ASCII parts.
pub fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .unwrap_or_else(|()| Header::from_bytes(&b"X-Invalid"[..], &b"1"[..]).expect("ASCII"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(raw: &str) -> Refusal {
        decode_target(raw).expect_err(raw)
    }

    #[test]
    fn decodes_plain_targets() {
        let t = decode_target("/2022/een%20nota/?x=1").unwrap();
        assert_eq!(t.segments, vec!["2022", "een nota"]);
        assert!(t.trailing_slash);
        assert_eq!(t.raw_query, "?x=1");
        let root = decode_target("/").unwrap();
        assert!(root.segments.is_empty() && root.trailing_slash);
    }

    #[test]
    fn refuses_everything_that_could_leave_the_site() {
        assert_eq!(refused("/../etc/passwd"), Refusal::DotSegment);
        assert_eq!(refused("/a/%2e%2e/b"), Refusal::DotSegment);
        assert_eq!(refused("/a/%2E%2e/"), Refusal::DotSegment);
        assert_eq!(refused("/a/./b"), Refusal::DotSegment);
        assert_eq!(refused("/a%2f..%2fb"), Refusal::EncodedSeparator);
        assert_eq!(refused("/a%5c..%5cb"), Refusal::EncodedSeparator);
        assert_eq!(refused("/a\\..\\b"), Refusal::Backslash);
        assert_eq!(refused("//etc/passwd"), Refusal::NotOriginForm);
        assert_eq!(refused("http://x/etc"), Refusal::NotOriginForm);
        assert_eq!(refused("*"), Refusal::NotOriginForm);
        assert_eq!(refused("/a%00.html"), Refusal::Nul);
        assert_eq!(refused("/%c0%ae%c0%ae/x"), Refusal::NotUtf8);
        assert_eq!(refused("/%e0%80%ae/x"), Refusal::NotUtf8);
        assert_eq!(refused("/a//b"), Refusal::EmptySegment);
        assert_eq!(refused("/a%zz"), Refusal::BadEscape);
        assert_eq!(refused("/a%2"), Refusal::BadEscape);
    }

    #[test]
    fn routes_folders_files_and_redirects() {
        let mut site = MemorySite::default();
        site.insert("index.html".into(), Arc::from(&b"home"[..]));
        site.insert("a/index.html".into(), Arc::from(&b"a"[..]));
        site.insert("style.css".into(), Arc::from(&b"css"[..]));
        let r = |raw: &str| route(&decode_target(raw).unwrap(), &site);
        assert_eq!(r("/"), Route::File("index.html".into()));
        assert_eq!(r("/a/"), Route::File("a/index.html".into()));
        assert_eq!(r("/a?q=1"), Route::Redirect("/a/?q=1".into()));
        assert_eq!(r("/style.css"), Route::File("style.css".into()));
        assert_eq!(r("/b/"), Route::NotFound);
        assert_eq!(r("/style.css/"), Route::NotFound);
        assert_eq!(r(SCRIPT_URL), Route::Script);
        assert_eq!(r(EVENTS_URL), Route::Events);
    }

    #[test]
    fn a_site_under_a_base_path_is_served_under_it() {
        let mut site = MemorySite::default();
        site.insert("index.html".into(), Arc::from(&b"home"[..]));
        site.insert("a/index.html".into(), Arc::from(&b"a"[..]));
        site.insert("style.css".into(), Arc::from(&b"css"[..]));
        let base = BasePath::of_base_url("https://www.example.nl/beslis%20notas/");
        let r = |raw: &str| route_under(decode_target(raw).unwrap(), &base, &site);
        assert_eq!(r("/beslis%20notas/"), Route::File("index.html".into()));
        assert_eq!(r("/beslis notas/a/"), Route::File("a/index.html".into()));
        assert_eq!(
            r("/beslis%20notas/style.css"),
            Route::File("style.css".into())
        );
        assert_eq!(
            r("/beslis%20notas/a?q=1"),
            Route::Redirect("/beslis%20notas/a/?q=1".into())
        );
        assert_eq!(
            r("/beslis%20notas"),
            Route::Redirect("/beslis%20notas/".into())
        );
        assert_eq!(r("/"), Route::ToSite("/beslis%20notas/".into()));
        assert_eq!(r("/style.css"), Route::NotFound);
        assert_eq!(r("/a/"), Route::NotFound);
        assert_eq!(r("/beslis%20notas/__nota/live.js"), Route::Script);
        assert_eq!(r("/__nota/live.js"), Route::NotFound);
    }

    #[test]
    fn text_types_get_utf8() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("x.svg"), "image/svg+xml; charset=utf-8");
        assert_eq!(content_type("x.png"), "image/png");
        assert_eq!(content_type("x.pdf"), "application/pdf");
    }
}
