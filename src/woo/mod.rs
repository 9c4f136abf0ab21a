//! Woo (Wet open overheid) publication: the files made from the site's pages
//! for the national Woo-index and for readers, without I/O.
//!
//! - `diwoo`: the DiWoo metadata record of a note and the sitemaps;
//! - `inventory`: the inventory (inventarislijst) as CSV and page data.
//!
//! The rest of Woo sits where the pipeline needs it: the TOOI value lists
//! and organisations in `tooi` (below `config`, which resolves the names of
//! `nota.toml`), the `[woo]` table in `config::woo`, a note's Woo facts in
//! `page::woo` (a page carries them), the refusal grounds in
//! `disclosure::grounds`, and what `nota serve` keeps of the Woo output
//! between rebuilds in `incremental::woo`.
//!
//! Writing is left to the pipeline: these modules return bytes and views.

pub mod diwoo;
pub mod inventory;
