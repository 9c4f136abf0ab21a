//! `nota serve`: a local preview that rebuilds on every save and reloads the
//! open pages.
//!
//! - Builds go through the normal pipeline (`pipeline::run_with`) into an
//!   in-memory sink, within one [`Session`] whose cache makes a one-note
//!   edit cheap. Nothing is written to `public/`; the live-reload script is
//!   loaded by the theme's base template only because this session sets
//!   `site.live_reload`, and it is served from memory at [`http::SCRIPT_URL`].
//! - A good build replaces the whole site at once (an `Arc` swap); a failed
//!   build keeps the last good site and sends the findings to the terminal
//!   and to the open pages' overlay.
//! - Sockets live only here and in this module's children: `relay` (the
//!   public port, with the limits tiny_http lacks), `http` (answers) and
//!   `live` (the event stream).
//! - `watch` turns file-system events into debounced change notices, which
//!   also tell the next build which paths changed.

mod http;
mod live;
mod relay;
pub mod watch;

use crate::sync::RwLockExt;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, RwLock};

use crate::base_path::BasePath;
use crate::config::{Config, ConfigError, Flags};
use crate::diagnostic::Diagnostic;
use crate::incremental::Changes;
use crate::output::{Memory, MemorySite};
use crate::pipeline::{self, Report, Session};
use crate::render::templates::LiveReload;
use crate::serve::watch::Notice;

pub use http::{EVENTS_URL, SCRIPT_URL};

/// Worker threads answering requests (event streams do not hold one).
const WORKERS: usize = 4;
/// Open event streams at most (one per open tab).
const MAX_EVENT_STREAMS: usize = 64;

/// `nota serve`'s own flags.
#[derive(Debug, Clone)]
pub struct Options {
    pub bind: IpAddr,
    pub port: u16,
    /// Open the site in the browser (`xdg-open`) once it is served.
    pub open: bool,
}

/// What happened, for the caller to print.
pub enum Event<'a> {
    /// The site is served at `url`.
    Listening { url: &'a str },
    /// A note for the user that is not about the content.
    Warning(&'a str),
    /// A build finished; `changed` lists the files that caused it (empty
    /// for the first build).
    Built {
        outcome: &'a Outcome,
        changed: &'a [PathBuf],
    },
    /// The server stopped (Ctrl-C).
    Stopped,
}

/// The result of one build.
pub enum Outcome {
    /// A clean build; the site was replaced.
    Ok { report: Report },
    /// Content errors: the last good site stays.
    Errors { report: Report },
    /// nota.toml is invalid: the last good site stays.
    Config { diagnostics: Vec<Diagnostic> },
    /// The build could not run at all (no content/, missing theme, …).
    Fatal { message: String },
}

impl Outcome {
    /// The text of the error overlay, or `None` for a good build.
    pub fn overlay_text(&self) -> Option<String> {
        let rendered = |ds: &[Diagnostic]| {
            ds.iter()
                .filter(|d| d.is_error())
                .map(Diagnostic::render)
                .collect::<Vec<_>>()
                .join("\n")
        };
        match self {
            Self::Ok { .. } => None,
            Self::Errors { report } => Some(rendered(&report.diagnostics)),
            Self::Config { diagnostics } => Some(rendered(diagnostics)),
            Self::Fatal { message } => Some(format!("error: {message}")),
        }
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("cannot listen on {addr}: {source}{}", port_hint(source))]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot start the preview server: {0}")]
    Start(String),
    #[error(transparent)]
    Watch(#[from] watch::WatchError),
}

/// What to do about a port that cannot be had.
fn port_hint(error: &std::io::Error) -> &'static str {
    match error.kind() {
        std::io::ErrorKind::AddrInUse => {
            " (is another nota serve running?); choose another port with --port, or --port 0 for any free port"
        }
        std::io::ErrorKind::PermissionDenied => {
            "; ports below 1024 need privileges: choose one above, or --port 0 for any free port"
        }
        _ => "",
    }
}

/// The site being served, the path it is published under, and the number
/// of the build it came from.
#[derive(Default)]
struct Current {
    site: Option<Arc<MemorySite>>,
    base: Arc<BasePath>,
    build: u64,
}

/// What the rebuild loop listens to.
enum Signal {
    Changed(Vec<PathBuf>),
    WatchFailed(String),
    Stop,
}

/// Runs the preview server until Ctrl-C. `flags.root` must contain a valid
/// `nota.toml` to start; later errors only stop rebuilds, not the server.
pub fn serve(
    flags: &Flags,
    options: &Options,
    report: &mut dyn FnMut(Event<'_>),
) -> Result<(), ServeError> {
    let base = Config::load(flags)?.base_path;
    // The port first: a port in use is reported before a long first build.
    let addr = SocketAddr::new(options.bind, options.port);
    let listener = TcpListener::bind(addr).map_err(|source| ServeError::Bind { addr, source })?;
    let local = listener
        .local_addr()
        .map_err(|source| ServeError::Bind { addr, source })?;
    let (signals, incoming) = mpsc::channel::<Signal>();
    let stop = signals.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(Signal::Stop);
    })
    .map_err(|e| ServeError::Start(format!("cannot handle Ctrl-C: {e}")))?;

    let start_watching = || {
        let watched = signals.clone();
        watch::watch(&flags.root, move |notice| {
            let _ = watched.send(match notice {
                Notice::Changed(paths) => Signal::Changed(paths),
                Notice::Failed(message) => Signal::WatchFailed(message),
            });
        })
    };
    let mut _watcher = start_watching()?;
    // A site made by `nota init` has no themes/ folder; once one appears
    // (to override a template), it must be watched too.
    let themes = flags.root.join("themes");
    let mut themes_watched = themes.is_dir();

    let session = Session {
        live_reload: Some(LiveReload {
            script: SCRIPT_URL.to_string(),
            events: EVENTS_URL.to_string(),
        }),
        retain: true,
        ..Session::default()
    };
    let current = Arc::new(RwLock::new(Current {
        base: Arc::new(base),
        ..Current::default()
    }));
    let hub = Arc::new(live::Hub::new(MAX_EVENT_STREAMS));
    let outcome = build_and_apply(flags, &session, &current, &hub);
    report(Event::Built {
        outcome: &outcome,
        changed: &[],
    });

    // tiny_http listens on a Unix socket in a private folder (0700); the
    // folder is removed when `private` is dropped, also after Ctrl-C,
    // SIGTERM or SIGHUP (the `ctrlc` handler covers all three).
    let private = tempfile::Builder::new()
        .prefix("nota-serve-")
        .tempdir()
        .map_err(|e| ServeError::Start(format!("cannot create a temporary folder: {e}")))?;
    let socket = private.path().join("http.sock");
    let server = Arc::new(
        tiny_http::Server::http_unix(&socket)
            .map_err(|e| ServeError::Start(format!("cannot start tiny_http: {e}")))?,
    );
    start_workers(&server, &current, &hub)?;
    spawn("nota-accept", move || {
        relay::accept_loop(&listener, socket, relay::Limits::default());
    })?;
    let heartbeat_hub = Arc::clone(&hub);
    spawn("nota-heartbeat", move || {
        loop {
            std::thread::sleep(live::HEARTBEAT);
            heartbeat_hub.heartbeat();
        }
    })?;

    let url = format!("http://{local}{}/", current.read_locked().base.as_str());
    report(Event::Listening { url: &url });
    if !options.bind.is_loopback() {
        report(Event::Warning(&format!(
            "serving on {}: other computers on the network can read this preview, drafts included; leave out --bind to serve on 127.0.0.1 only",
            options.bind
        )));
    }
    if options.open
        && let Err(message) = open_browser(&url)
    {
        report(Event::Warning(&message));
    }

    let mut rescan = false;
    while let Ok(signal) = incoming.recv() {
        match signal {
            Signal::Stop => break,
            Signal::WatchFailed(message) => {
                // Events may have been lost: the next build looks at every file.
                rescan = true;
                report(Event::Warning(&format!("watching for changes: {message}")));
            }
            Signal::Changed(mut changed) => {
                // Changes that arrived while the previous build ran are
                // covered by this one.
                while let Ok(signal) = incoming.try_recv() {
                    match signal {
                        Signal::Changed(more) => changed.extend(more),
                        Signal::Stop => return shut_down(private, &server, report),
                        Signal::WatchFailed(message) => {
                            rescan = true;
                            report(Event::Warning(&format!("watching for changes: {message}")));
                        }
                    }
                }
                changed.sort();
                changed.dedup();
                if !themes_watched && themes.is_dir() {
                    _watcher = start_watching()?;
                    themes_watched = true;
                }
                session.set_changes(if std::mem::take(&mut rescan) {
                    Changes::Unknown
                } else {
                    Changes::Paths(changed.clone())
                });
                let outcome = build_and_apply(flags, &session, &current, &hub);
                report(Event::Built {
                    outcome: &outcome,
                    changed: &changed,
                });
            }
        }
    }
    shut_down(private, &server, report)
}

fn shut_down(
    private: tempfile::TempDir,
    server: &tiny_http::Server,
    report: &mut dyn FnMut(Event<'_>),
) -> Result<(), ServeError> {
    server.unblock();
    let _ = private.close();
    report(Event::Stopped);
    Ok(())
}

fn spawn(name: &str, work: impl FnOnce() + Send + 'static) -> Result<(), ServeError> {
    std::thread::Builder::new()
        .name(name.to_string())
        .spawn(work)
        .map(drop)
        .map_err(|e| ServeError::Start(format!("cannot start a thread: {e}")))
}

fn start_workers(
    server: &Arc<tiny_http::Server>,
    current: &Arc<RwLock<Current>>,
    hub: &Arc<live::Hub>,
) -> Result<(), ServeError> {
    for _ in 0..WORKERS {
        let server = Arc::clone(server);
        let current = Arc::clone(current);
        let hub = Arc::clone(hub);
        spawn("nota-http", move || {
            while let Ok(request) = server.recv() {
                let (site, base) = {
                    let current = current.read_locked();
                    (current.site.clone(), Arc::clone(&current.base))
                };
                if let http::Answer::Events(request) = http::answer(request, site.as_ref(), &base) {
                    hub.open(request);
                }
            }
        })?;
    }
    Ok(())
}

/// Builds once and, when clean, swaps the new site in; tells open pages.
fn build_and_apply(
    flags: &Flags,
    session: &Session,
    current: &RwLock<Current>,
    hub: &live::Hub,
) -> Outcome {
    let (outcome, site) = build(flags, session);
    match (&outcome, site) {
        (Outcome::Ok { .. }, Some((site, base))) => {
            let (build, replaced) = {
                let mut current = current.write_locked();
                current.base = Arc::new(base);
                let replaced = current.site.replace(Arc::new(site));
                current.build += 1;
                (current.build, replaced)
            };
            hub.reload(build);
            // The old site (thousands of files) is freed after the reload
            // is on its way, not while the lock blocks every request.
            crate::incremental::cache::free_in_background(replaced);
        }
        _ => hub.error(&outcome.overlay_text().unwrap_or_default()),
    }
    outcome
}

/// One build into memory: the outcome, and when clean, the site and the
/// path it is published under.
fn build(flags: &Flags, session: &Session) -> (Outcome, Option<(MemorySite, BasePath)>) {
    let config = match Config::load(flags) {
        Ok(config) => config,
        Err(ConfigError::Invalid(diagnostics)) => {
            return (Outcome::Config { diagnostics }, None);
        }
        Err(other) => {
            return (
                Outcome::Fatal {
                    message: other.to_string(),
                },
                None,
            );
        }
    };
    let memory = Memory::default();
    match pipeline::run_with(&config, &memory, session) {
        Ok(report) if report.has_errors() => (Outcome::Errors { report }, None),
        Ok(report) => (
            Outcome::Ok { report },
            Some((memory.into_site(), config.base_path)),
        ),
        Err(fatal) => (
            Outcome::Fatal {
                message: fatal.to_string(),
            },
            None,
        ),
    }
}

/// Opens `url` with `xdg-open`, if there is one.
fn open_browser(url: &str) -> Result<(), String> {
    let found = std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|dir| dir.join("xdg-open").is_file())
    });
    if !found {
        return Err(format!(
            "--open: xdg-open was not found, so no browser was opened; open {url} yourself"
        ));
    }
    std::process::Command::new("xdg-open")
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(drop)
        .map_err(|e| format!("--open: cannot start xdg-open: {e}; open {url} yourself"))
}
