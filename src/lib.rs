//! nota: a static site generator for Dutch government decision memos
//! (beslisnota's), with Woo-safe handling of withheld information.
//!
//! The build is a pipeline of stages (see `pipeline`); each stage is one
//! module with its own output type.

pub mod cache;
pub mod check;
pub mod citations;
pub mod config;
pub mod diagnostic;
pub mod dutch;
pub mod feed;
pub mod front_matter;
pub mod import;
pub mod incremental;
pub mod index;
pub mod leak_guard;
pub mod listing;
pub mod load;
pub mod markdown;
pub mod new_note;
pub mod output;
pub mod page;
pub mod personal_data;
pub mod pipeline;
pub mod published_text;
pub mod redaction;
pub mod serve;
pub mod sitemap;
pub mod suggest;
pub mod templates;
pub mod timings;
pub mod url;
pub mod watch;
pub mod woo;

/// mimalloc instead of the system allocator: a build allocates and frees
/// hundreds of thousands of small values (paths, strings, keys), and a
/// `serve` rebuild moves large vectors of pages; glibc's allocator spent
/// about a seventh of a rebuild's CPU time on that, and returned large
/// blocks to the kernel only to fault them in again on the next build.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
