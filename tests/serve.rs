//! `nota serve` end to end: the real binary on a free port of 127.0.0.1,
//! real HTTP over TCP, real file changes. Every wait is bounded; waits are
//! on events (a printed line, a Server-Sent Event, a response), never on a
//! fixed sleep, except where the test proves that something does *not*
//! happen (then it watches for a quiet period).

mod common;

use common::http::{Response, parse_response, request};

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::Command;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

/// Generous bound for anything that should happen "soon" on a loaded machine.
const WAIT: Duration = Duration::from_secs(60);
/// How long nothing may happen to count as "no further rebuild".
const QUIET: Duration = Duration::from_millis(1500);

const NOTA_TOML: &str = "title = \"Testsite\"\nbase_url = \"https://test.example.nl\"\norganisation = \"Ministerie van Testzaken\"\naccessibility.contact = \"toegankelijkheid@example.nl\"\n";

fn note(title: &str, body: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndate: 2024-03-01\ntype: beslisnota\n---\n\n{body}\n")
}

type Site = common::Site;

/// A site in a temporary folder with the repository's default theme, two
/// notes, and a secret beside it that traversal must never reach.
fn new_site() -> Site {
    let site = Site::with_default_theme(NOTA_TOML);
    site.write(
        "content/2024/eerste.md",
        note("Eerste nota", "## Aanleiding\n\nOorspronkelijke tekst."),
    );
    site.write(
        "content/2024/tweede.md",
        note("Tweede nota", "## Aanleiding\n\nTweede tekst."),
    );
    // Something outside the site that traversal must never reach.
    std::fs::write(site.beside("geheim.txt"), "GEHEIM-BUITEN-DE-SITE").unwrap();
    site
}

/// A running `nota serve` on the test site.
type Server = common::Serve;

fn start_server(site: &Site, extra: &[&str]) -> Server {
    common::Serve::start(site.root(), extra, WAIT)
}

/// What the tests ask of a running server.
trait Requests {
    fn get(&self, target: &str) -> Response;
    fn events(&self) -> Events;
}

impl Requests for Server {
    fn get(&self, target: &str) -> Response {
        request(self.addr, "GET", target, "")
    }

    fn events(&self) -> Events {
        Events::open(self.addr)
    }
}

/// A Server-Sent Events client on `/__nota/events`.
struct Events {
    events: Receiver<(String, String)>,
}

impl Events {
    fn open(addr: SocketAddr) -> Self {
        let mut stream = TcpStream::connect_timeout(&addr, WAIT).unwrap();
        write!(
            stream,
            "GET /__nota/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let mut reader = BufReader::new(stream);
        let mut status = String::new();
        reader.read_line(&mut status).unwrap();
        assert!(status.starts_with("HTTP/1.1 200"), "{status}");
        let mut content_type = String::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line.to_ascii_lowercase().starts_with("content-type:") {
                content_type = line.clone();
            }
            if line == "\r\n" {
                break;
            }
        }
        assert!(content_type.contains("text/event-stream"), "{content_type}");
        let (tx, events) = mpsc::channel();
        thread::spawn(move || {
            let mut name = String::new();
            let mut data: Vec<String> = Vec::new();
            for line in reader.lines() {
                let Ok(line) = line else { break };
                if line.is_empty() {
                    if !name.is_empty() && tx.send((name.clone(), data.join("\n"))).is_err() {
                        break;
                    }
                    name.clear();
                    data.clear();
                } else if let Some(v) = line.strip_prefix("event: ") {
                    name = v.to_string();
                } else if let Some(v) = line.strip_prefix("data:") {
                    data.push(v.strip_prefix(' ').unwrap_or(v).to_string());
                }
            }
        });
        Self { events }
    }

    /// Waits (bounded) for the next event named `name`; returns its data.
    fn wait(&self, name: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok((n, data)) if n == name => return data,
                Ok(_) => {}
                Err(_) => panic!("no `{name}` event within {WAIT:?}"),
            }
        }
    }

    /// Every event that arrives within `QUIET`, until a quiet period.
    fn drain_quiet(&self) -> Vec<(String, String)> {
        let mut seen = Vec::new();
        loop {
            match self.events.recv_timeout(QUIET) {
                Ok(event) => seen.push(event),
                Err(RecvTimeoutError::Timeout) => return seen,
                Err(RecvTimeoutError::Disconnected) => panic!("event stream closed"),
            }
        }
    }
}

/// Waits until the page at `target` satisfies `ok` (after a reload event
/// the new site is already in place; this only guards against reading it
/// from another connection first).
fn get_until(server: &Server, target: &str, ok: impl Fn(&Response) -> bool) -> Response {
    let deadline = Instant::now() + WAIT;
    loop {
        let response = server.get(target);
        if ok(&response) {
            return response;
        }
        assert!(
            Instant::now() < deadline,
            "{target} never became as expected; last: {response:?}"
        );
        thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serves_pages_with_the_right_headers() {
    let site = new_site();
    let server = start_server(&site, &[]);

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("cache-control").as_deref(), Some("no-cache"));
    assert!(home.body.contains("Eerste nota"));
    assert!(
        home.body
            .contains("<script src=\"/__nota/live.js\" data-events=\"/__nota/events\"></script>"),
        "the base template loads the live-reload script in serve mode"
    );

    let page = server.get("/2024/eerste/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Oorspronkelijke tekst."));

    let redirect = server.get("/2024/eerste?x=1");
    assert_eq!(redirect.status, 301);
    assert_eq!(
        redirect.header("location").as_deref(),
        Some("/2024/eerste/?x=1")
    );

    let css = server.get("/style.css");
    assert_eq!(css.status, 200);
    assert_eq!(
        css.header("content-type").as_deref(),
        Some("text/css; charset=utf-8")
    );

    let script = server.get("/__nota/live.js");
    assert_eq!(script.status, 200);
    assert_eq!(
        script.header("content-type").as_deref(),
        Some("text/javascript; charset=utf-8")
    );
    assert!(script.body.contains("EventSource"));
    assert!(script.body.contains("role\", \"alert\""));

    let missing = server.get("/bestaat/niet/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("Pagina niet gevonden"),
        "the theme's 404.html"
    );
    assert_eq!(server.get("/2024/").status, 404, "no directory listings");

    let head = request(server.addr, "HEAD", "/2024/eerste/", "");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD has no body");
    assert_eq!(
        head.header("content-length"),
        Some(page.body.len().to_string())
    );
    assert_eq!(
        head.header("content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );

    for method in ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"] {
        let refused = request(server.addr, method, "/", "");
        assert_eq!(refused.status, 405, "{method}");
        assert_eq!(refused.header("allow").as_deref(), Some("GET, HEAD"));
    }

    assert!(
        !site.path("public").exists(),
        "serve never writes the site to public/"
    );
}

#[test]
fn refuses_every_way_out_of_the_site() {
    let site = new_site();
    let server = start_server(&site, &[]);
    let targets = [
        "/../geheim.txt",
        "/../../etc/passwd",
        "/2024/../../geheim.txt",
        "/%2e%2e/geheim.txt",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/.%2e/geheim.txt",
        "/..%2fgeheim.txt",
        "/%2e%2e%2fgeheim.txt",
        "/..%5cgeheim.txt",
        "/..\\geheim.txt",
        "/2024\\..\\..\\geheim.txt",
        "//etc/passwd",
        "/%2fetc/passwd",
        "http://127.0.0.1/../geheim.txt",
        "/index.html%00.txt",
        "/%00",
        "/%c0%ae%c0%ae/geheim.txt",
        "/%c0%af..%c0%afgeheim.txt",
        "/%e0%80%ae%e0%80%ae/geheim.txt",
        "/./index.html",
        "/2024//eerste/",
        "/%zz",
        "/etc/passwd",
        "/geheim.txt",
    ];
    for target in targets {
        let response = request(server.addr, "GET", target, "");
        assert!(
            response.status == 400 || response.status == 404,
            "{target}: {}",
            response.status
        );
        assert!(!response.body.contains("GEHEIM"), "{target}");
        assert!(!response.body.contains("root:"), "{target}");
    }
}

#[test]
fn enforces_request_limits() {
    let site = new_site();
    let server = start_server(&site, &[]);
    let long_target = format!("/{}", "a".repeat(10_000));
    assert_eq!(request(server.addr, "GET", &long_target, "").status, 414);
    let many_headers = "X-Vulling: abcdefghijklmnopqrstuvwxyz\r\n".repeat(1000);
    assert_eq!(request(server.addr, "GET", "/", &many_headers).status, 431);

    // A client that opens a connection and sends half a head is timed out.
    let mut idle = TcpStream::connect(server.addr).unwrap();
    idle.set_read_timeout(Some(WAIT)).unwrap();
    idle.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
    let mut data = Vec::new();
    let _ = idle.read_to_end(&mut data);
    assert_eq!(parse_response(&data).status, 408);
}

#[test]
fn fifty_parallel_clients_get_correct_answers() {
    let site = new_site();
    let server = start_server(&site, &[]);
    let addr = server.addr;
    let clients: Vec<_> = (0..50)
        .map(|i| {
            thread::spawn(move || {
                let (target, expected) = match i % 3 {
                    0 => ("/", "Tweede nota"),
                    1 => ("/2024/eerste/", "Oorspronkelijke tekst."),
                    _ => ("/2024/tweede/", "Tweede tekst."),
                };
                let response = request(addr, "GET", target, "");
                assert_eq!(response.status, 200, "{target}");
                assert!(response.body.contains(expected), "{target}");
                assert_eq!(
                    response.header("content-length"),
                    Some(response.body.len().to_string())
                );
            })
        })
        .collect();
    for client in clients {
        client.join().unwrap();
    }
}

#[test]
fn edits_additions_renames_and_deletions_reach_open_pages() {
    let site = new_site();
    let mut server = start_server(&site, &[]);
    let events = server.events();

    // Edit.
    site.write(
        "content/2024/eerste.md",
        note("Eerste nota", "## Aanleiding\n\nGewijzigde tekst."),
    );
    events.wait("reload");
    let page = server.get("/2024/eerste/");
    assert!(page.body.contains("Gewijzigde tekst."), "{}", page.body);
    server.wait_line(|l| l.contains("rebuilt after a change to"));

    // A note in a new sub-folder.
    site.write(
        "content/2025/maart/derde.md",
        note("Derde nota", "Tekst van de derde."),
    );
    events.wait("reload");
    let added = get_until(&server, "/2025/maart/derde/", |r| r.status == 200);
    assert!(added.body.contains("Tekst van de derde."));
    assert!(server.get("/").body.contains("Derde nota"));

    // Rename.
    std::fs::rename(
        site.path("content/2024/tweede.md"),
        site.path("content/2024/hernoemd.md"),
    )
    .unwrap();
    events.wait("reload");
    assert_eq!(server.get("/2024/tweede/").status, 404);
    assert!(server.get("/2024/hernoemd/").body.contains("Tweede tekst."));

    // Deletion.
    std::fs::remove_file(site.path("content/2025/maart/derde.md")).unwrap();
    events.wait("reload");
    assert_eq!(server.get("/2025/maart/derde/").status, 404);
    assert!(!server.get("/").body.contains("Derde nota"));
}

#[test]
fn a_broken_note_keeps_the_last_good_site_and_shows_the_error() {
    let site = new_site();
    let server = start_server(&site, &[]);
    let events = server.events();

    site.write(
        "content/2024/eerste.md",
        "---\ntitle: \"Eerste nota\"\ndate: 2024-03-01\ntopic: [woo]\n---\n\nKapotte tekst.\n",
    );
    let error = events.wait("error");
    assert!(error.contains("error[front-matter/unknown-key]"), "{error}");
    assert!(error.contains("content/2024/eerste.md:4:1"), "{error}");
    assert!(error.contains("did you mean `topics`?"), "{error}");

    let page = server.get("/2024/eerste/");
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Oorspronkelijke tekst."),
        "last good page"
    );
    assert!(!page.body.contains("Kapotte tekst."));

    // A page opened while the error lasts gets the overlay data at once.
    let late = server.events();
    let again = late.wait("error");
    assert_eq!(again, error);

    site.write(
        "content/2024/eerste.md",
        note("Eerste nota", "## Aanleiding\n\nHersteld."),
    );
    events.wait("reload");
    late.wait("reload");
    assert!(server.get("/2024/eerste/").body.contains("Hersteld."));
}

#[test]
fn editor_save_patterns_give_exactly_one_rebuild() {
    let site = new_site();
    let server = start_server(&site, &[]);
    let events = server.events();
    let target = site.path("content/2024/eerste.md");

    // Reading the site (which a build does, too) never causes a rebuild.
    for _ in 0..20 {
        assert_eq!(server.get("/2024/eerste/").status, 200);
    }
    let _ = std::fs::read_to_string(&target).unwrap();
    assert!(events.drain_quiet().is_empty(), "reads caused a rebuild");

    // Write to a temporary file, then rename it over the note.
    let temporary = site.path("content/2024/.eerste.md.tmp");
    std::fs::write(&temporary, note("Eerste nota", "Versie twee.")).unwrap();
    std::fs::rename(&temporary, &target).unwrap();
    events.wait("reload");
    assert_eq!(events.drain_quiet(), vec![], "write-then-rename");
    assert!(server.get("/2024/eerste/").body.contains("Versie twee."));

    // Delete, then create again.
    std::fs::remove_file(&target).unwrap();
    std::fs::write(&target, note("Eerste nota", "Versie drie.")).unwrap();
    events.wait("reload");
    assert_eq!(events.drain_quiet(), vec![], "delete-then-create");
    assert!(server.get("/2024/eerste/").body.contains("Versie drie."));

    // A burst: several writes to several notes in quick succession (an
    // editor's "save all"). The watcher merges what happens within its
    // debounce window; if this machine stalled the burst itself for longer
    // than that, the burst was not quick and a second rebuild is allowed.
    let started = std::time::Instant::now();
    for i in 0..10 {
        std::fs::write(&target, note("Eerste nota", &format!("Burst {i}."))).unwrap();
        site.write(
            "content/2024/tweede.md",
            note("Tweede nota", &format!("Burst {i} twee.")),
        );
    }
    let quick = started.elapsed() < nota::serve::watch::DEBOUNCE / 3;
    events.wait("reload");
    let more = events.drain_quiet();
    if quick {
        assert_eq!(more, vec![], "burst");
    } else {
        eprintln!(
            "the burst took {:?}: not quick enough to count",
            started.elapsed()
        );
        assert!(more.len() <= 1, "a slow burst gave {more:?}");
    }
    assert!(server.get("/2024/eerste/").body.contains("Burst 9."));
    assert!(server.get("/2024/tweede/").body.contains("Burst 9 twee."));
}

#[test]
fn ctrl_c_stops_cleanly_and_removes_temporary_files() {
    let site = new_site();
    let mut server = start_server(&site, &[]);
    let temp = server.tmpdir.path().to_path_buf();
    assert!(
        std::fs::read_dir(&temp).unwrap().count() > 0,
        "the server keeps its socket in a temporary folder"
    );
    let status = server.interrupt();
    assert!(status.success(), "{status:?}");
    server.wait_line(|l| l == "nota: stopped");
    assert_eq!(
        std::fs::read_dir(&temp).unwrap().count(),
        0,
        "temporary files left behind"
    );
    assert!(!site.path("public").exists());
}

#[test]
fn the_first_build_says_the_preview_is_ready_and_later_ones_reload() {
    let site = new_site();
    let mut server = start_server(&site, &[]);
    let first = server.wait_line(|l| l.starts_with("nota: built:"));
    assert!(first.ends_with("; ready"), "{first}");
    let events = server.events();
    site.write(
        "content/2024/eerste.md",
        note("Eerste nota", "## Aanleiding\n\nNieuwe tekst."),
    );
    events.wait("reload");
    let rebuilt = server.wait_line(|l| l.starts_with("nota: rebuilt"));
    assert!(rebuilt.ends_with("; reloading open pages"), "{rebuilt}");
}

#[test]
fn binding_beyond_loopback_warns() {
    let site = new_site();
    let mut server = start_server(&site, &["--bind", "0.0.0.0"]);
    let warning = server.wait_line(|l| l.starts_with("warning: serving on 0.0.0.0"));
    assert!(
        warning.contains("other computers on the network"),
        "{warning}"
    );
}

#[test]
fn a_port_in_use_is_reported_before_building_with_what_to_do() {
    let site = new_site();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = Command::new(env!("CARGO_BIN_EXE_nota"))
        .args(["serve", "--port", &port, "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with(&format!("error: cannot listen on 127.0.0.1:{port}: "))
            && stderr.ends_with(
                " (is another nota serve running?); choose another port with --port, or --port 0 for any free port\n"
            ),
        "{stderr}"
    );
    // Nothing was built: the port is the first thing serve takes.
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
}

#[test]
fn an_invalid_config_at_start_is_reported_with_exit_code_1() {
    let site = new_site();
    site.write(
        "nota.toml",
        "title = \"x\"\nbase_url = \"https://x.nl\"\norganisation = \"o\"\ntheme_dir = \"x\"\n",
    );
    let output = Command::new(env!("CARGO_BIN_EXE_nota"))
        .args(["serve", "--port", "0", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("error[config/unknown-key]"), "{stderr}");
}

#[test]
fn cached_rebuilds_serve_exactly_what_a_cold_build_writes() {
    let site = new_site();
    site.write(
        "content/2024/verwijzend.md",
        note(
            "Verwijzende nota",
            "Zie [de eerste](eerste.md#aanleiding) en [de tweede](tweede.md).",
        ),
    );
    let server = start_server(&site, &[]);
    let events = server.events();

    // A body edit, a title edit (changes the home page) and a slug change
    // of a note that another note links to by path.
    site.write(
        "content/2024/tweede.md",
        note(
            "Tweede nota, herzien",
            "## Aanleiding\n\nNieuwe tweede tekst.",
        ),
    );
    events.wait("reload");
    site.write(
        "content/2024/eerste.md",
        "---\ntitle: \"Eerste nota\"\ndate: 2024-03-01\nslug: eerste-nieuw\n---\n\n## Aanleiding\n\nMet slug.\n",
    );
    events.wait("reload");
    assert!(
        server
            .get("/2024/verwijzend/")
            .body
            .contains("href=\"/2024/eerste-nieuw/#aanleiding\""),
        "a note linking by path follows the new URL of its target"
    );

    let script = "<script src=\"/__nota/live.js\" data-events=\"/__nota/events\"></script>";
    for (rel, cold) in common::cold_build(site.root(), &site.beside("koud")) {
        let target = match rel.strip_suffix("index.html") {
            Some(folder) => format!("/{folder}"),
            None => format!("/{rel}"),
        };
        let served = if rel == "404.html" {
            server.get("/bestaat-niet/")
        } else {
            server.get(&target)
        };
        let served = served.body.replace(script, "");
        assert_eq!(
            served,
            String::from_utf8_lossy(&cold),
            "{rel} differs from a cold build"
        );
    }
}
