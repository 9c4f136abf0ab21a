//! Where the site lives on its host: the path part of `base_url`.
//!
//! Ministries often publish a collection under a path of their main site
//! (`https://www.example.nl/beslisnotas/`). Inside nota every page keeps its
//! *site path*, relative to the site's own root (`/2022/x/`): notes,
//! indexes, link checks, caches and the output folder all work with those,
//! and `base_url` (which includes the path) makes them absolute. Only where
//! a path leaves nota as a link a browser follows — the HTML of a page, the
//! template context, `serve`'s answers — is the base path put in front,
//! and that happens here.

/// The path of `base_url` without its trailing slash: empty for a site at
/// the root of its host, `/beslisnotas` for one under a path.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct BasePath(String);

impl BasePath {
    /// The base path of an absolute `base_url` such as
    /// `https://www.example.nl/beslisnotas/`.
    pub fn of_base_url(base_url: &str) -> Self {
        let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
        let path = rest.find('/').map_or("", |i| &rest[i..]);
        Self(path.trim_end_matches('/').to_string())
    }

    /// `""` or `/beslisnotas`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the site is at the root of its host.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The path a browser asks for to get `site_path` (which starts with
    /// `/`): `/2022/x/` → `/beslisnotas/2022/x/`, `/` → `/beslisnotas/`.
    pub fn href(&self, site_path: &str) -> String {
        let mut out = String::with_capacity(self.0.len() + site_path.len());
        out.push_str(&self.0);
        out.push_str(site_path);
        out
    }

    /// The site path of a request path, or `None` when the request is not
    /// for this site: `/beslisnotas/2022/x/` → `/2022/x/`. The base path
    /// itself without its slash (`/beslisnotas`) is not inside the site;
    /// a server redirects it to `/beslisnotas/`.
    pub fn site_path<'a>(&self, request_path: &'a str) -> Option<&'a str> {
        let rest = request_path.strip_prefix(self.0.as_str())?;
        rest.starts_with('/').then_some(rest)
    }

    /// Why the path of `base_url` cannot be used, if it cannot: it must be
    /// a plain URL path (no query, fragment, spaces or characters that need
    /// escaping other than as `%XX`).
    pub fn problem(base_url: &str) -> Option<String> {
        let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
        let path = rest.find('/').map_or("", |i| &rest[i..]);
        if base_url.contains(['?', '#']) {
            return Some("has a query or fragment (`?` or `#`)".to_string());
        }
        if path.contains("//") {
            return Some("has an empty path segment (`//`)".to_string());
        }
        if path
            .split('/')
            .any(|segment| segment == "." || segment == "..")
        {
            return Some("has a `.` or `..` path segment".to_string());
        }
        let bad = path.chars().find(|&c| !is_path_char(c));
        bad.map(|c| format!("has `{c}` in its path, which a URL path cannot hold unescaped"))
    }
}

/// Characters a URL path may hold as they are (RFC 3986 `pchar` and `/`).
fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@%/".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_of_base_url() {
        assert_eq!(BasePath::of_base_url("https://www.example.nl").as_str(), "");
        assert_eq!(
            BasePath::of_base_url("https://www.example.nl/").as_str(),
            ""
        );
        assert_eq!(
            BasePath::of_base_url("https://www.example.nl/beslisnotas/").as_str(),
            "/beslisnotas"
        );
        assert_eq!(
            BasePath::of_base_url("https://www.example.nl/a/b").as_str(),
            "/a/b"
        );
    }

    #[test]
    fn hrefs_carry_the_base_path() {
        let base = BasePath::of_base_url("https://www.example.nl/beslisnotas/");
        assert_eq!(base.href("/"), "/beslisnotas/");
        assert_eq!(base.href("/2022/x/#y"), "/beslisnotas/2022/x/#y");
        let root = BasePath::of_base_url("https://www.example.nl");
        assert_eq!(root.href("/style.css"), "/style.css");
    }

    #[test]
    fn requests_outside_the_base_path_are_not_the_sites() {
        let base = BasePath::of_base_url("https://www.example.nl/beslisnotas");
        assert_eq!(base.site_path("/beslisnotas/"), Some("/"));
        assert_eq!(base.site_path("/beslisnotas/a/b"), Some("/a/b"));
        assert_eq!(base.site_path("/beslisnotas"), None);
        assert_eq!(base.site_path("/beslisnotasx/"), None);
        assert_eq!(base.site_path("/"), None);
        let root = BasePath::default();
        assert_eq!(root.site_path("/a/"), Some("/a/"));
    }

    #[test]
    fn unusable_paths_are_named() {
        assert_eq!(BasePath::problem("https://x.nl/beslisnotas/"), None);
        assert_eq!(BasePath::problem("https://x.nl/nota%27s/"), None);
        assert!(BasePath::problem("https://x.nl/a?b").is_some());
        assert!(BasePath::problem("https://x.nl/a#b").is_some());
        assert!(BasePath::problem("https://x.nl/a//b/").is_some());
        assert!(BasePath::problem("https://x.nl/a/../b/").is_some());
        assert!(BasePath::problem("https://x.nl/nota\"s/").is_some());
        assert!(BasePath::problem("https://x.nl/notaé/").is_some());
    }
}
