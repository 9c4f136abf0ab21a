//! Warnings about theme files that link from the root of the host.
//!
//! A template that writes `href="/style.css"` works while the site is at the
//! root of its host and breaks as soon as `base_url` has a path
//! (`https://www.example.nl/beslisnotas/`): the browser then asks the
//! ministry's main site for `/style.css`. URLs that nota hands to templates
//! already carry the path; paths a template writes itself must go through
//! the `url` filter. This module finds the ones that do not, in the literal
//! text of templates (outside `{{ }}`, `{% %}` and `{# #}`) and in the
//! theme's stylesheets, and reports each with its file, line and column.

use std::path::Path;

use crate::base_path::BasePath;
use crate::diagnostic::{Diagnostic, Location};

/// The diagnostic code of every finding.
pub const CODE: &str = "theme/root-url";

/// HTML attributes whose value is a URL a browser loads or follows.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "poster",
    "cite",
    "data",
    "background",
];

/// One root-absolute URL in a file: byte offset and the URL as written.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Found {
    offset: usize,
    url: String,
    /// The attribute (`href`), or `None` for a CSS `url(…)` or `@import`.
    attribute: Option<String>,
}

/// Warnings for the root-absolute URLs in the literal text of a template.
pub fn check_template(shown: &Path, text: &str, base: &BasePath) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (start, literal) in literal_runs(text) {
        found.extend(in_html(literal).into_iter().map(|mut f| {
            f.offset += start;
            f
        }));
    }
    found
        .into_iter()
        .map(|f| {
            let attribute = f.attribute.as_deref().unwrap_or("href");
            let fix = format!("{attribute}=\"{{{{ \"{}\" | url }}}}\"", f.url);
            diagnostic(shown, text, &f, base).help(format!(
                "write {fix}: the `url` filter puts the path of base_url in front (URLs that nota gives templates, such as page.url, already have it)"
            ))
        })
        .collect()
}

/// Warnings for the root-absolute URLs of a stylesheet (`url(/…)`,
/// `@import "/…"`).
pub fn check_stylesheet(shown: &Path, text: &str, base: &BasePath) -> Vec<Diagnostic> {
    in_css(text)
        .into_iter()
        .map(|f| {
            diagnostic(shown, text, &f, base).help(
                "use a path relative to the stylesheet (e.g. `url(fonts/x.woff2)` for a file in static/fonts/): a browser resolves it from where the stylesheet is",
            )
        })
        .collect()
}

fn diagnostic(shown: &Path, text: &str, found: &Found, base: &BasePath) -> Diagnostic {
    let what = match &found.attribute {
        Some(attribute) => format!("{attribute}=\"{}\"", found.url),
        None => format!("`{}`", found.url),
    };
    let message = if base.is_root() {
        format!(
            "{what} links from the root of the host: it breaks when base_url has a path (such as https://www.example.nl/beslisnotas/)"
        )
    } else {
        format!(
            "{what} links from the root of the host, outside the site, which is published under {}/",
            base.as_str()
        )
    };
    Diagnostic::warning(CODE, message)
        .at(Location::at_offset(shown, text, found.offset).with_width(found.url.chars().count()))
}

/// The runs of `text` outside tera's tags, with their byte offsets.
fn literal_runs(text: &str) -> Vec<(usize, &str)> {
    let mut runs = Vec::new();
    let mut start = 0;
    let mut at = 0;
    while let Some(open) = text[at..].find('{').map(|i| at + i) {
        let close = match text.as_bytes().get(open + 1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => "#}",
            _ => {
                at = open + 1;
                continue;
            }
        };
        runs.push((start, &text[start..open]));
        match text[open + 2..].find(close) {
            Some(i) => {
                start = open + 2 + i + 2;
                at = start;
            }
            None => return runs,
        }
    }
    runs.push((start, &text[start..]));
    runs
}

/// Root-absolute URLs in attribute values and inline styles of HTML text.
fn in_html(text: &str) -> Vec<Found> {
    let mut found = Vec::new();
    for (eq, _) in text.match_indices('=') {
        let name_end = text[..eq].trim_end().len();
        let name_start = text[..name_end]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
            .map_or(0, |i| i + 1);
        let name = text[name_start..name_end].to_ascii_lowercase();
        if !URL_ATTRIBUTES.contains(&name.as_str()) {
            continue;
        }
        found.extend(root_absolute_value(text, eq + 1, Some(name)));
    }
    found.extend(in_css(text));
    found.sort_by_key(|f| f.offset);
    found
}

/// Root-absolute URLs in CSS: `url(/…)`, `url("/…")`, `@import "/…"`.
fn in_css(text: &str) -> Vec<Found> {
    let lower = text.to_ascii_lowercase();
    let mut found: Vec<Found> = lower
        .match_indices("url(")
        .chain(lower.match_indices("@import"))
        .filter_map(|(at, token)| root_absolute_value(text, at + token.len(), None))
        .collect();
    found.sort_by_key(|f| f.offset);
    found
}

/// The value that starts at `at` (after spaces and an opening quote), when
/// it is a root-absolute URL (`/x`, not `//host`).
fn root_absolute_value(text: &str, at: usize, attribute: Option<String>) -> Option<Found> {
    let bytes = text.as_bytes();
    let mut value = at;
    while bytes.get(value).is_some_and(u8::is_ascii_whitespace) {
        value += 1;
    }
    if matches!(bytes.get(value), Some(b'"' | b'\'')) {
        value += 1;
    }
    let rest = text.get(value..)?;
    if !rest.starts_with('/') || rest.starts_with("//") {
        return None;
    }
    let end = rest
        .find(|c: char| c.is_whitespace() || "\"'<>(){}),".contains(c))
        .unwrap_or(rest.len());
    Some(Found {
        offset: value,
        url: rest[..end].to_string(),
        attribute,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(text: &str) -> Vec<(String, usize)> {
        check_template(Path::new("t.html"), text, &BasePath::default())
            .into_iter()
            .map(|d| {
                let location = d.location.expect("located");
                (
                    d.message.split('"').nth(1).unwrap_or_default().to_string(),
                    location.column,
                )
            })
            .collect()
    }

    #[test]
    fn finds_root_absolute_urls_in_literal_text() {
        assert_eq!(
            urls(r#"<link rel="stylesheet" href="/style.css"><a href='/'>x</a>"#),
            [("/style.css".to_string(), 30), ("/".to_string(), 51)]
        );
        assert_eq!(
            urls(r#"<img src = "/logo.svg" alt=""><form action=/zoeken/>"#),
            [("/logo.svg".to_string(), 13), ("/zoeken/".to_string(), 44)]
        );
        assert_eq!(urls(r#"<a href="/{{ x }}">"#).len(), 1);
    }

    #[test]
    fn leaves_urls_that_nota_or_the_url_filter_make_alone() {
        let fine = r##"<a href="{{ page.url }}">{{ page.title }}</a>
<link href="{{ "/style.css" | url }}" rel="stylesheet">
<a href="https://www.rijksoverheid.nl/">x</a><a href="//cdn.example.nl/x">y</a>
<a href="#inhoud">z</a><a href="andere/">r</a>{# href="/oud/" #}
{% if x %}<p title="a/b">/c</p>{% endif %}<meta name="x" content="/y">"##;
        assert_eq!(urls(fine), []);
    }

    #[test]
    fn finds_them_in_inline_styles_and_stylesheets() {
        let inline = check_template(
            Path::new("t.html"),
            r#"<div style="background: url('/bg.png')">"#,
            &BasePath::default(),
        );
        assert_eq!(inline.len(), 1);
        assert_eq!(inline[0].location.as_ref().unwrap().column, 30);
        assert!(inline[0].message.starts_with("`/bg.png` links"));
        let css = "@font-face { src: url(/fonts/x.woff2); }\n@import \"/print.css\";\na { background: url(data:x) }";
        let found = check_stylesheet(Path::new("s.css"), css, &BasePath::default());
        let lines: Vec<(usize, usize)> = found
            .iter()
            .map(|d| {
                let l = d.location.as_ref().unwrap();
                (l.line, l.column)
            })
            .collect();
        assert_eq!(lines, [(1, 23), (2, 10)]);
    }

    #[test]
    fn the_message_names_the_base_path() {
        let base = BasePath::of_base_url("https://www.example.nl/beslisnotas/");
        let found = check_template(Path::new("t.html"), "<a href=\"/\">", &base);
        assert_eq!(
            found[0].message,
            "href=\"/\" links from the root of the host, outside the site, which is published under /beslisnotas/"
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some(
                "write href=\"{{ \"/\" | url }}\": the `url` filter puts the path of base_url in front (URLs that nota gives templates, such as page.url, already have it)"
            )
        );
    }
}
