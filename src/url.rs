//! Site paths of notes, derived from their place under `content/`, and
//! of the pages nota adds to every site.

use std::path::Path;

use crate::diagnostic::Diagnostic;

/// The list of every publication, newest first; its further pages follow
/// at `pagina/2/`, … below it.
pub const PUBLICATIONS: &str = "/publicaties/";

/// The accessibility statement (toegankelijkheidsverklaring).
pub const ACCESSIBILITY_STATEMENT: &str = "/toegankelijkheid/";

/// `2022/onzichtbare-slachtoffers.md` → `/2022/onzichtbare-slachtoffers/`;
/// `2022/x/index.md` → `/2022/x/`; a `slug` replaces the last part.
pub fn note_url(rel: &Path, slug: Option<&str>) -> Result<String, Diagnostic> {
    let mut parts: Vec<String> = rel
        .parent()
        .into_iter()
        .flat_map(|p| p.iter())
        .map(|s| segment(&s.to_string_lossy()))
        .collect();
    let stem = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Some(slug) = slug {
        let cleaned = slug::slugify(slug);
        if cleaned != slug || cleaned.is_empty() {
            return Err(Diagnostic::error(
                "front-matter/invalid-slug",
                format!("slug `{slug}` is not usable in a URL"),
            )
            .help(if cleaned.is_empty() {
                "use lowercase letters, digits and hyphens, e.g. slug: mijn-nota".to_string()
            } else {
                format!("use lowercase letters, digits and hyphens: slug: {cleaned}")
            }));
        }
        if stem == "index" {
            parts.pop();
        }
        parts.push(cleaned);
    } else if stem != "index" {
        parts.push(segment(&stem));
    }
    parts.retain(|p| !p.is_empty());
    if parts.is_empty() {
        return Ok("/".to_string());
    }
    Ok(format!("/{}/", parts.join("/")))
}

/// A path segment as it appears in a URL: already-clean names stay as they are.
fn segment(name: &str) -> String {
    let clean = name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if clean {
        name.to_string()
    } else {
        slug::slugify(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_follow_paths() {
        let url = |p: &str, s: Option<&str>| note_url(Path::new(p), s).unwrap();
        assert_eq!(
            url("2022/onzichtbare-slachtoffers.md", None),
            "/2022/onzichtbare-slachtoffers/"
        );
        assert_eq!(url("2022/x/index.md", None), "/2022/x/");
        assert_eq!(url("2022/x.md", Some("andere-naam")), "/2022/andere-naam/");
        assert_eq!(
            url("Nota's 2022/Eerste Nota.md", None),
            "/nota-s-2022/eerste-nota/"
        );
        assert_eq!(url("index.md", None), "/");
    }

    #[test]
    fn rejects_unclean_slugs() {
        let err = note_url(Path::new("a.md"), Some("Mijn Nota")).unwrap_err();
        assert_eq!(err.code, "front-matter/invalid-slug");
        assert_eq!(
            err.help.as_deref(),
            Some("use lowercase letters, digits and hyphens: slug: mijn-nota")
        );
    }
}
