//! Read-only rules over the notes: their URLs (`urls`, once the front
//! matter is read), their dates, and the rendered pages.
//!
//! Each rule looks at what the Markdown stage reported about a page (its
//! [`Facts`](crate::markdown::Facts) and outline) and returns diagnostics; no
//! rule renders or writes anything. Finding a problem is kept apart from
//! deciding how bad it is: the severity is part of each rule's diagnostic.

pub mod a11y;
pub mod dates;
pub mod links;
pub mod unwritten;
pub mod urls;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::page::Page;

pub use links::SitePaths;

/// Runs every check over every page.
pub fn run(pages: &[Page], site: &SitePaths) -> Vec<Diagnostic> {
    pages
        .par_iter()
        .flat_map_iter(|page| page_findings(page, site))
        .collect()
}

/// Every check over one page.
pub fn page_findings(page: &Page, site: &SitePaths) -> Vec<Diagnostic> {
    let mut found = a11y::check(page);
    found.extend(links::check(page, site));
    found.extend(unwritten::check(page));
    found
}
