//! Woo (Wet open overheid) vocabulary as plain data and enums, without I/O.
//!
//! Each part of the vocabulary lives in its own submodule so that refusal
//! grounds, information categories and TOOI identifiers can grow
//! independently.

pub mod grounds;

pub use grounds::{Ground, GroundError};
