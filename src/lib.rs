//! nota: a static site generator for Dutch government decision memos
//! (beslisnota's), with Woo-safe handling of withheld information.
//!
//! The build is a pipeline of stages (see `pipeline`); each stage is one
//! module with its own output type.

pub mod check;
pub mod config;
pub mod diagnostic;
pub mod disclosure;
pub mod dutch;
pub mod front_matter;
pub mod import;
pub mod incremental;
pub mod index;
pub mod key;
pub mod load;
pub mod markdown;
pub mod new_note;
pub mod output;
pub mod page;
pub mod pipeline;
pub mod render;
pub mod serve;
pub mod suggest;
pub mod timings;
pub mod tooi;
pub mod url;
pub mod woo;

/// mimalloc instead of the system allocator: a build allocates and frees
/// hundreds of thousands of small values (paths, strings, keys), and a
/// `serve` rebuild moves large vectors of pages; glibc's allocator spent
/// about a seventh of a rebuild's CPU time on that, and returned large
/// blocks to the kernel only to fault them in again on the next build.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
