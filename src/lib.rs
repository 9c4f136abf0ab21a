//! nota: a static site generator for Dutch government decision memos
//! (beslisnota's), with Woo-safe handling of withheld information.
//!
//! The build is a pipeline of stages (see `pipeline`, the only module that
//! knows their order); each stage is one module or folder with its own output
//! type. Imports run one way, from the commands through the stages down to
//! the foundations:
//!
//! - foundations: `diagnostic`, `dutch`, `skeleton` (what `nota new` writes),
//!   `suggest`, `timings`, `url`, `base_path` (the path of `base_url` that
//!   every link carries), `tooi` (the government's value lists), `config`
//!   (`nota.toml`, with every stage's settings type) and `published_text`
//!   (the plain text a note publishes, which the Markdown stage makes);
//! - stages, each a plain function of its inputs: `load` → `front_matter`
//!   → `markdown` (with `disclosure`) → `page` (with `personal_data`, which
//!   reads each note's published text) → `check` → `index` → `woo` →
//!   `render` → `output` (the only writer);
//! - beside the stages: `incremental`, the reuse of results between builds,
//!   which calls the same stage functions for what must be made again (and
//!   keys results by the hash of their inputs, `incremental::key`);
//! - on top: `pipeline`, `serve` (with its watcher), `import`, `new_note`,
//!   `init` and the binary's `cli`.
//!
//! `scripts/modgraph.py` (run by `scripts/test`) fails when an import cycle
//! appears among these modules, or when a stage imports `incremental`,
//! `pipeline` or `serve`.

pub mod base_path;
pub mod check;
pub mod config;
pub mod diagnostic;
pub mod disclosure;
pub mod dutch;
pub mod front_matter;
pub mod import;
pub mod incremental;
pub mod index;
pub mod init;
pub mod load;
pub mod markdown;
pub mod new_note;
pub mod output;
pub mod page;
pub mod personal_data;
pub mod pipeline;
pub mod published_text;
pub mod render;
pub mod search;
pub mod serve;
pub mod skeleton;
pub mod suggest;
pub mod sync;
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
