//! Rendering: turns the indexed site into the bytes of every page and file.
//!
//! - `templates`: the only user of tera: the theme's templates, the
//!   template views (`PageView`, `SiteView`), the Dutch filters and `url`;
//! - `theme`: the default theme built into the binary, with the site's
//!   `themes/<theme>/` over it file by file; `theme::urls` warns about
//!   theme files that link from the root of the host;
//! - `index_pages`: the home page, taxonomy and term pages, the feeds and
//!   `sitemap.xml` (everything made from the indexes rather than one note);
//! - `feed`: Atom feeds;
//! - `sitemap`: `sitemap.xml` and `robots.txt`.
//!
//! Nothing here writes a file: the results go to an `output::Sink`.

pub mod feed;
pub mod index_pages;
pub mod sitemap;
pub mod templates;
pub mod theme;
