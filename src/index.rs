//! Site-wide views over all pages, built once per build: the list of notes,
//! newest first. Order is fully determined by the content (date, then title,
//! then URL), never by the order threads finished in.

use crate::page::Page;

/// All published pages of a site, in display order.
#[derive(Debug, Default)]
pub struct Site {
    /// Newest first.
    pub pages: Vec<Page>,
}

/// Sorts the pages for display.
pub fn build(mut pages: Vec<Page>) -> Site {
    pages.sort_by(|a, b| {
        b.meta
            .date
            .cmp(&a.meta.date)
            .then_with(|| a.meta.title.cmp(&b.meta.title))
            .then_with(|| a.url.cmp(&b.url))
    });
    Site { pages }
}
