//! Rendering: turns the indexed site into the bytes of every page and file.
//!
//! - `templates`: the only user of tera: the theme, the template views
//!   (`PageView`, `SiteView`) and the Dutch filters;
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
