//! The theme a site is rendered with: the default theme built into the
//! binary, with the site's own `themes/<theme>/` laid over it file by file.
//!
//! A ministry that starts a site with `nota init` has no theme folder at all
//! and gets the built-in theme. To change one template or add a stylesheet it
//! puts just that file in `themes/default/templates/` or
//! `themes/default/static/`; everything it does not override stays built in,
//! so a new nota brings theme fixes along. A site whose `nota.toml` names
//! another theme (`theme = "ministerie"`) is laid over the built-in theme the
//! same way; only that folder must then exist, since a misspelt theme name
//! should not silently fall back. `nota init --theme` writes the built-in
//! files out for those who want to edit all of them.
//!
//! This module only finds the files; `templates` parses them (tera stays
//! there) and the pipeline copies the static ones.

pub mod urls;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::Config;

/// The name of the built-in theme.
pub const BUILT_IN_NAME: &str = "default";

/// Where diagnostics say a built-in file is (it is in no folder of the site).
pub const BUILT_IN_LABEL: &str = "<built-in theme>";

/// Every file of the built-in theme, by its path in the theme folder. A
/// unit test checks that this is exactly the content of `themes/default/`.
pub const BUILT_IN: &[(&str, &[u8])] = &[
    (
        "templates/404.html",
        include_bytes!("../../themes/default/templates/404.html"),
    ),
    (
        "templates/alle-publicaties.html",
        include_bytes!("../../themes/default/templates/alle-publicaties.html"),
    ),
    (
        "templates/base.html",
        include_bytes!("../../themes/default/templates/base.html"),
    ),
    (
        "templates/index.html",
        include_bytes!("../../themes/default/templates/index.html"),
    ),
    (
        "templates/inventaris.html",
        include_bytes!("../../themes/default/templates/inventaris.html"),
    ),
    (
        "templates/page.html",
        include_bytes!("../../themes/default/templates/page.html"),
    ),
    (
        "templates/paginering.html",
        include_bytes!("../../themes/default/templates/paginering.html"),
    ),
    (
        "templates/publicaties.html",
        include_bytes!("../../themes/default/templates/publicaties.html"),
    ),
    (
        "templates/taxonomy.html",
        include_bytes!("../../themes/default/templates/taxonomy.html"),
    ),
    (
        "templates/term.html",
        include_bytes!("../../themes/default/templates/term.html"),
    ),
    (
        "templates/toegankelijkheid.html",
        include_bytes!("../../themes/default/templates/toegankelijkheid.html"),
    ),
    (
        "templates/zoeken.html",
        include_bytes!("../../themes/default/templates/zoeken.html"),
    ),
    (
        "static/favicon.svg",
        include_bytes!("../../themes/default/static/favicon.svg"),
    ),
    (
        "static/redaction.css",
        include_bytes!("../../themes/default/static/redaction.css"),
    ),
    (
        "static/style.css",
        include_bytes!("../../themes/default/static/style.css"),
    ),
    (
        "static/zoeken.css",
        include_bytes!("../../themes/default/static/zoeken.css"),
    ),
    (
        "static/zoeken.js",
        include_bytes!("../../themes/default/static/zoeken.js"),
    ),
];

/// Why the theme cannot be used at all.
#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    #[error(
        "theme `{theme}` not found: there is no folder {dir} (leave out `theme` in nota.toml to use the built-in theme `default`)"
    )]
    Missing { theme: String, dir: String },
}

/// Where a theme file comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file of the built-in theme.
    BuiltIn(&'static [u8]),
    /// A file of the site's theme folder.
    File(PathBuf),
}

/// One file of the theme as the site sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// The path inside `templates/` or `static/`, with `/` separators:
    /// `page.html`, `css/print.css`.
    pub name: String,
    pub source: Source,
    /// The path diagnostics show: `themes/default/templates/page.html`
    /// (relative to the site root) or `<built-in theme>/templates/page.html`.
    pub shown: PathBuf,
}

impl File {
    /// Whether the site's theme folder provides this file.
    pub fn is_overridden(&self) -> bool {
        matches!(self.source, Source::File(_))
    }
}

/// The theme of a site: the built-in files with the site's over them.
#[derive(Debug, Clone)]
pub struct Theme {
    /// `themes/<theme>` relative to the site root, for messages.
    pub shown_dir: PathBuf,
    pub templates: Vec<File>,
    pub statics: Vec<File>,
}

impl Theme {
    /// The theme `nota.toml` names, over the built-in one. Errors only when
    /// a theme other than `default` has no folder.
    pub fn load(config: &Config) -> Result<Self, ThemeError> {
        let dir = config.theme_dir();
        let shown_dir = dir.strip_prefix(&config.root).unwrap_or(&dir).to_path_buf();
        if config.theme != BUILT_IN_NAME && !dir.is_dir() {
            return Err(ThemeError::Missing {
                theme: config.theme.clone(),
                dir: crate::diagnostic::display_path(&shown_dir),
            });
        }
        Ok(Self {
            templates: layered("templates", &dir, &shown_dir),
            statics: layered("static", &dir, &shown_dir),
            shown_dir,
        })
    }
}

impl Theme {
    /// The files of the site's theme folder that differ from the built-in
    /// file of the same name, or that the built-in theme does not have: the
    /// tests of the built-in theme do not cover them. A copy of a built-in
    /// file (as `nota init --theme` writes) is no change.
    pub fn changed_files(&self) -> impl Iterator<Item = &File> {
        let parts = [("templates", &self.templates), ("static", &self.statics)];
        parts.into_iter().flat_map(|(part, files)| {
            files.iter().filter(move |file| {
                let Source::File(path) = &file.source else {
                    return false;
                };
                let built_in = BUILT_IN
                    .iter()
                    .find(|(name, _)| {
                        name.strip_prefix(part).and_then(|n| n.strip_prefix('/'))
                            == Some(&file.name)
                    })
                    .map(|(_, bytes)| *bytes);
                built_in.is_none_or(|bytes| std::fs::read(path).map_or(true, |text| text != bytes))
            })
        })
    }
}

/// The built-in files of `part` (`templates` or `static`) with the site's
/// files of `dir/part` over them, sorted by name.
fn layered(part: &str, dir: &Path, shown_dir: &Path) -> Vec<File> {
    let mut files: BTreeMap<String, File> = BTreeMap::new();
    let prefix = format!("{part}/");
    for (path, bytes) in BUILT_IN {
        if let Some(name) = path.strip_prefix(&prefix) {
            files.insert(
                name.to_string(),
                File {
                    name: name.to_string(),
                    source: Source::BuiltIn(bytes),
                    shown: Path::new(BUILT_IN_LABEL).join(path),
                },
            );
        }
    }
    let site_dir = dir.join(part);
    if site_dir.is_dir() {
        for entry in walkdir::WalkDir::new(&site_dir).sort_by_file_name() {
            let Ok(entry) = entry else { continue };
            // Static files are copied as they are, dotfiles included
            // (`.well-known/…`); a template must be a template.
            let leftover = part == "templates" && is_editor_leftover(entry.file_name());
            if !entry.file_type().is_file() || leftover {
                continue;
            }
            let rel = entry.path().strip_prefix(&site_dir).unwrap_or(entry.path());
            let name = crate::diagnostic::display_path(rel);
            let shown = shown_dir.join(part).join(rel);
            files.insert(
                name.clone(),
                File {
                    name,
                    source: Source::File(entry.into_path()),
                    shown,
                },
            );
        }
    }
    files.into_values().collect()
}

/// Swap, backup and lock files that editors leave beside the file being
/// edited: never part of a theme.
fn is_editor_leftover(name: &std::ffi::OsStr) -> bool {
    crate::load::is_ignored(name)
}

/// The built-in theme's files as `(path in the theme folder, bytes)`, for
/// `nota init --theme`.
pub fn built_in_files() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    BUILT_IN.iter().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_theme_is_the_repositorys_themes_default() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = crate::diagnostic::display_path(e.path().strip_prefix(&dir).unwrap());
                (rel, std::fs::read(e.path()).unwrap())
            })
            .collect();
        on_disk.sort();
        let mut built_in: Vec<(String, Vec<u8>)> = BUILT_IN
            .iter()
            .map(|(p, b)| ((*p).to_string(), b.to_vec()))
            .collect();
        built_in.sort();
        let names = |files: &[(String, Vec<u8>)]| -> Vec<String> {
            files.iter().map(|(n, _)| n.clone()).collect()
        };
        assert_eq!(
            names(&built_in),
            names(&on_disk),
            "add every file of themes/default/ to theme::BUILT_IN"
        );
        assert_eq!(built_in, on_disk);
    }

    #[test]
    fn site_files_replace_built_in_ones_by_name() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("themes/default");
        std::fs::create_dir_all(dir.join("templates")).unwrap();
        std::fs::create_dir_all(dir.join("static/css")).unwrap();
        std::fs::write(dir.join("templates/page.html"), "x").unwrap();
        std::fs::write(dir.join("templates/.page.html.swp"), "x").unwrap();
        std::fs::write(dir.join("static/css/eigen.css"), "x").unwrap();
        let shown = Path::new("themes/default");
        let templates = layered("templates", &dir, shown);
        let page = templates.iter().find(|f| f.name == "page.html").unwrap();
        assert_eq!(page.source, Source::File(dir.join("templates/page.html")));
        assert_eq!(page.shown, Path::new("themes/default/templates/page.html"));
        let base = templates.iter().find(|f| f.name == "base.html").unwrap();
        assert!(!base.is_overridden());
        assert_eq!(
            base.shown,
            Path::new("<built-in theme>/templates/base.html")
        );
        assert!(!templates.iter().any(|f| f.name.contains(".swp")));
        let statics: Vec<String> = layered("static", &dir, shown)
            .into_iter()
            .map(|f| f.name)
            .collect();
        assert_eq!(
            statics,
            [
                "css/eigen.css",
                "favicon.svg",
                "redaction.css",
                "style.css",
                "zoeken.css",
                "zoeken.js"
            ]
        );
    }
}
