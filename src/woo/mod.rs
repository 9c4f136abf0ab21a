//! Woo (Wet open overheid) vocabulary and publication, without I/O.
//!
//! Each part lives in its own submodule so that refusal grounds, TOOI value
//! lists, the per-note metadata, the DiWoo sitemaps and the inventory can
//! grow independently:
//! - `grounds`: refusal grounds (art. 5.1 and 5.2 Woo);
//! - `tooi`: the TOOI value lists the Woo-index accepts;
//! - `settings`: the `[woo]` table of `nota.toml`;
//! - `note`: a note's Woo facts, resolved and checked from its front matter;
//! - `organisation`: organisations by the name they had on a date;
//! - `diwoo`: the DiWoo metadata record of a note and the sitemaps;
//! - `inventory`: the inventory (inventarislijst) as CSV and page data;
//! - `reuse`: what `nota serve` keeps of the Woo output between rebuilds.
//!
//! Writing is left to the pipeline: these modules return bytes and views.

pub mod diwoo;
pub mod inventory;
