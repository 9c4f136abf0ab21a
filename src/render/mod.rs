//! Rendering: turns the indexed site into the bytes of every page and file,
//! and hands them to an `output::Sink`.
//!
//! - `site`: the order of the rendering: note pages, index pages, the 404
//!   page, `robots.txt`, the theme's static files and the assets;
//! - `templates`: the only user of tera: the theme's templates, the
//!   template views (`PageView`, `SiteView`), the Dutch filters and `url`;
//! - `theme`: the default theme built into the binary, with the site's
//!   `themes/<theme>/` over it file by file; `theme::urls` warns about
//!   theme files that link from the root of the host;
//! - `index_pages`: the home page, the list of all publications, taxonomy
//!   and term pages, the feeds and `sitemap.xml` (everything made from the
//!   indexes rather than one note);
//! - `woo`: the Woo files: the DiWoo sitemaps `crate::woo` made, the
//!   inventory as CSV and page;
//! - `feed`: Atom feeds;
//! - `sitemap`: `sitemap.xml` and `robots.txt`;
//! - `statement`: the accessibility statement, from what the build checks.
//!
//! Rendering never decides whether a file made by an earlier build may stand
//! in for a new one: it says what each file is made from and how to make it,
//! and asks a [`Reuse`] for the bytes.

pub mod feed;
pub mod index_pages;
pub mod site;
pub mod sitemap;
pub mod statement;
pub mod templates;
pub mod theme;
pub mod woo;

use std::sync::Arc;

use crate::diagnostic::Diagnostic;

/// Where the bytes of a generated file come from: made now, or made by an
/// earlier build from the same inputs.
///
/// Rendering names what each file is made from besides what every file
/// reads (the settings and the templates); the implementation decides. The
/// one implementation is the reuse between builds (`incremental::files`),
/// which in a one-off build has nothing earlier and makes every file.
pub trait Reuse: Sync {
    /// The file `id` (its site path), made by `make` from exactly `context`
    /// (the variables a template is given).
    fn context_file<C: serde::Serialize, E>(
        &self,
        id: &str,
        context: &C,
        make: impl FnOnce() -> Result<Vec<u8>, E>,
    ) -> Result<Arc<[u8]>, E>;

    /// The file `id`, made by `make` from `parts` and the notes `shown` (by
    /// their position in the site's order). What a note can contribute to a
    /// file (its text, its paths, the settings) is the implementation's to
    /// cover.
    fn notes_file<E>(
        &self,
        id: &str,
        parts: &[&[u8]],
        shown: impl IntoIterator<Item = usize>,
        make: impl FnOnce() -> Result<Vec<u8>, E>,
    ) -> Result<Arc<[u8]>, E>;

    /// The file `id`, made by `make` from the rows of the Woo inventory
    /// (`woo::Output::rows`).
    fn inventory_file<E>(
        &self,
        id: &str,
        make: impl FnOnce() -> Result<Vec<u8>, E>,
    ) -> Result<Arc<[u8]>, E>;

    /// The page of the note at `index` (site order), made by `make` from the
    /// note, the links to its terms (`index_pages::note_terms`) and its
    /// related notes (`Site::related`).
    fn note_page(
        &self,
        index: usize,
        make: impl FnOnce() -> Result<Vec<u8>, Diagnostic>,
    ) -> Result<Arc<[u8]>, Diagnostic>;
}
