//! nota: a static site generator for Dutch government decision memos
//! (beslisnota's), with Woo-safe handling of withheld information.
//!
//! The build is a pipeline of stages (see `pipeline`); each stage is one
//! module with its own output type.

pub mod cache;
pub mod config;
pub mod diagnostic;
pub mod dutch;
pub mod front_matter;
pub mod index;
pub mod load;
pub mod markdown;
pub mod new_note;
pub mod output;
pub mod page;
pub mod pipeline;
pub mod serve;
pub mod suggest;
pub mod templates;
pub mod url;
pub mod watch;
