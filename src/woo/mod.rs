//! Woo (Wet open overheid) publication: the files made from the site's pages
//! for the national Woo-index and for readers, without I/O.
//!
//! - `diwoo`: the DiWoo metadata record of a note and the sitemaps;
//! - `inventory`: the inventory (inventarislijst) as CSV and page data.
//!
//! Each note makes its [`Contribution`] on its own (where its record goes,
//! the record, its inventory row); the sitemaps are then laid out from the
//! contributions alone, in fixed runs of records per file. [`Output`] is
//! what the stage hands on; `render::woo` writes it.
//!
//! The rest of Woo sits where the pipeline needs it: the TOOI value lists
//! and organisations in `tooi` (below `config`, which resolves the names of
//! `nota.toml`), the `[woo]` table in `config::woo`, a note's Woo facts in
//! `page::woo` (a page carries them), and the refusal grounds in
//! `disclosure::grounds`.

pub mod diwoo;
pub mod inventory;

use std::sync::Arc;

use crate::config::Config;
use crate::config::woo::Publication;
use crate::diagnostic::Diagnostic;
use crate::page::Page;
use diwoo::{Placement, Record, Sitemaps};
use inventory::Row;

/// What a note contributes to the Woo output.
#[derive(Debug, Clone)]
pub struct Contribution {
    /// Where its record goes; `None` when the note gets no record.
    pub placement: Option<Placement>,
    /// Its DiWoo record (the `<url>` element), when it is placed.
    pub record: Option<Arc<[u8]>>,
    /// Its inventory row (every note has one, published or not).
    pub row: Arc<Row>,
}

/// The contribution of one note.
pub fn contribution(page: &Page, publication: &Publication, config: &Config) -> Contribution {
    let placement = Placement::of(page);
    let record = placement.map(|_| {
        // A placed page always has a record (`Placement::of`).
        Record::new(page, publication, config.permalink(&page.url))
            .map(|record| record.url_element().into_bytes())
            .unwrap_or_default()
            .into()
    });
    Contribution {
        placement,
        record,
        row: Arc::new(inventory::row(page, |url| config.permalink(url))),
    }
}

/// The Woo output of a build.
pub struct Output {
    /// The DiWoo sitemaps and their indexes, or why they cannot be made.
    pub sitemaps: Result<Sitemaps, Diagnostic>,
    /// One inventory row per note, published or not, unsorted.
    pub rows: Vec<Arc<Row>>,
}
