//! Deploying under a sub-path, proven with a real web server: builds this
//! repository's example site with `base_url = "https://www.example.nl/beslisnotas/"`
//! into `<tmp>/www/beslisnotas/`, serves it with nginx (Debian's package)
//! on 127.0.0.1 with README's own configuration (the ```nginx block of
//! "Publishing", with only `listen` and `root` changed), checks the headers
//! README promises, and runs the browser harness against it: axe-core, the
//! Nu Html Checker, every internal link and fragment (each target fetched
//! from nginx as well), a keyboard walk, and axe in dark mode.
//!
//! nginx runs in the foreground as one process (`master_process off`) with
//! its own prefix, pid file, logs and temporary folders, so it needs no
//! root and leaves nothing behind. A missing nginx or browser makes the test
//! fail with the command that installs it; it never passes by skipping.

mod common;

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::http;

const BASE_URL: &str = "https://www.example.nl/beslisnotas/";
const KEYBOARD_PAGE: &str = "/2022/onzichtbare-slachtoffers/";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn nginx_binary() -> PathBuf {
    let nginx = std::env::var_os("NGINX").map_or_else(|| "/usr/sbin/nginx".into(), PathBuf::from);
    assert!(
        nginx.exists(),
        "nginx not found at {}; run scripts/test (it installs everything), or by hand: \
         apt-get update && apt-get install -y nginx",
        nginx.display()
    );
    nginx
}

/// The example site (this repository's content/ and nota.toml, with only
/// base_url changed), built with the built-in theme into `www/beslisnotas`.
fn build_sub_path_site(tmp: &Path) -> PathBuf {
    let site = tmp.join("site");
    common::copy_dir(&repo().join("content"), &site.join("content"));
    std::fs::write(site.join("nota.toml"), common::repo_nota_toml_at(BASE_URL)).unwrap();
    let out = tmp.join("www/beslisnotas");
    let run = common::Run::from(
        Command::new(env!("CARGO_BIN_EXE_nota"))
            .args(["build", "--root"])
            .arg(&site)
            .arg("--output")
            .arg(&out)
            .output()
            .expect("run nota"),
    );
    run.assert_code(0);
    assert!(
        run.stdout.contains(", 0 warnings, 0 errors"),
        "{}",
        run.stdout
    );
    out
}

/// The ```nginx block of README.md.
fn readme_nginx_config() -> String {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let start = readme
        .find("```nginx\n")
        .expect("README.md has an nginx configuration")
        + "```nginx\n".len();
    let end = start + readme[start..].find("```").expect("closing fence");
    readme[start..end].to_string()
}

/// nginx on 127.0.0.1, stopped when dropped.
struct Nginx {
    child: Child,
    addr: SocketAddr,
    prefix: PathBuf,
}

impl Nginx {
    /// Starts nginx with README's server block, `root` pointing at `www`.
    fn start(prefix: &Path, www: &Path) -> Self {
        let nginx = nginx_binary();
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        let server = readme_nginx_config();
        assert!(server.contains("    listen 80;\n") && server.contains("root /srv/www;"));
        let server = server
            .replace("    listen 80;\n", &format!("    listen {addr};\n"))
            .replace("root /srv/www;", &format!("root {};", www.display()));
        let p = prefix.display();
        std::fs::create_dir_all(prefix.join("logs")).unwrap();
        let config = format!(
            "daemon off;\nmaster_process off;\npid {p}/nginx.pid;\nerror_log {p}/logs/error.log;\n\
             events {{ worker_connections 64; }}\n\
             http {{\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n    \
             access_log {p}/logs/access.log;\n    client_body_temp_path {p}/body;\n    \
             proxy_temp_path {p}/proxy;\n    fastcgi_temp_path {p}/fastcgi;\n    \
             uwsgi_temp_path {p}/uwsgi;\n    scgi_temp_path {p}/scgi;\n\n{server}}}\n"
        );
        let conf = prefix.join("nginx.conf");
        std::fs::write(&conf, config).unwrap();
        let child = Command::new(nginx)
            .arg("-p")
            .arg(prefix)
            .arg("-c")
            .arg(&conf)
            .arg("-e")
            .arg(prefix.join("logs/error.log"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start nginx");
        let mut running = Self {
            child,
            addr,
            prefix: prefix.to_path_buf(),
        };
        running.wait_until_listening();
        running
    }

    fn wait_until_listening(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect_timeout(&self.addr, Duration::from_millis(200)).is_err() {
            let exited = self.child.try_wait().expect("nginx status");
            assert!(
                exited.is_none() && Instant::now() < deadline,
                "nginx did not start ({exited:?}):\n{}",
                self.error_log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn error_log(&self) -> String {
        std::fs::read_to_string(self.prefix.join("logs/error.log")).unwrap_or_default()
    }

    fn get(&self, target: &str) -> http::Response {
        http::get(self.addr, target)
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs a harness script; on failure, the assertion shows its whole output
/// and nginx's error log.
fn run_harness(nginx: &Nginx, script: &str, args: &[&str]) -> String {
    let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
    let (code, text) = common::run_node(script, &args);
    assert_eq!(
        code,
        Some(0),
        "{script} failed:\n{text}\nnginx error log:\n{}",
        nginx.error_log()
    );
    text
}

#[test]
fn a_sub_path_site_served_by_nginx_passes_the_browser_checks() {
    common::require_browser(&["axe-core", "playwright-core", "vnu-jar"], true);
    let tmp = tempfile::tempdir().unwrap();
    let public = build_sub_path_site(tmp.path());
    let nginx = Nginx::start(&tmp.path().join("nginx"), &tmp.path().join("www"));

    // What README's configuration promises.
    let home = nginx.get("/beslisnotas/");
    assert_eq!(home.status, 200, "{}", nginx.error_log());
    assert_eq!(
        home.header("Content-Type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("Cache-Control").as_deref(), Some("no-cache"));
    assert!(home.body.contains("href=\"/beslisnotas/style.css\""));
    let bare = nginx.get("/beslisnotas");
    assert_eq!(bare.status, 301);
    assert_eq!(bare.header("Location").as_deref(), Some("/beslisnotas/"));
    let folder = nginx.get("/beslisnotas/2022/onzichtbare-slachtoffers");
    assert_eq!(folder.status, 301);
    assert_eq!(
        folder.header("Location").as_deref(),
        Some("/beslisnotas/2022/onzichtbare-slachtoffers/")
    );
    let missing = nginx.get("/beslisnotas/bestaat-niet/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Pagina niet gevonden"));
    assert!(missing.body.contains("href=\"/beslisnotas/\""));
    for (target, content_type, cache) in [
        (
            "/beslisnotas/style.css",
            "text/css; charset=utf-8",
            "public, max-age=3600",
        ),
        (
            "/beslisnotas/favicon.svg",
            "image/svg+xml; charset=utf-8",
            "public, max-age=3600",
        ),
        (
            "/beslisnotas/atom.xml",
            "text/xml; charset=utf-8",
            "no-cache",
        ),
        (
            "/beslisnotas/sitemap.xml",
            "text/xml; charset=utf-8",
            "no-cache",
        ),
        (
            "/beslisnotas/woo/inventaris.csv",
            "text/csv; charset=utf-8",
            "no-cache",
        ),
        (
            "/beslisnotas/robots.txt",
            "text/plain; charset=utf-8",
            "no-cache",
        ),
    ] {
        let response = nginx.get(target);
        assert_eq!(response.status, 200, "{target}");
        assert_eq!(
            response.header("Content-Type").as_deref(),
            Some(content_type),
            "{target}"
        );
        assert_eq!(
            response.header("Cache-Control").as_deref(),
            Some(cache),
            "{target}"
        );
    }

    let url = format!("http://{}/beslisnotas/", nginx.addr);
    let public = public.to_str().unwrap();
    let report = run_harness(
        &nginx,
        "check-site.mjs",
        &[public, "--server", &url, "--keyboard", KEYBOARD_PAGE],
    );
    for page in [
        "ok   /beslisnotas/  (index.html)",
        "ok   /beslisnotas/nota-check-missing-page  (404.html)",
        "ok   /beslisnotas/2022/onzichtbare-slachtoffers/",
        "ok   /beslisnotas/onderwerpen/  (onderwerpen/index.html)",
        "ok   /beslisnotas/woo/inventaris/",
    ] {
        assert!(report.contains(page), "{page} missing from:\n{report}");
    }
    assert!(
        report.contains(&format!("keyboard test /beslisnotas{KEYBOARD_PAGE}: ok")),
        "{report}"
    );
    assert!(
        report.contains("internal link targets from http://"),
        "{report}"
    );
    assert!(report.contains(" 0 failed"), "{report}");
    assert!(!report.contains("broken link"), "{report}");
    assert!(!report.contains("vnu error"), "{report}");

    let dark = run_harness(
        &nginx,
        "check-color-schemes.mjs",
        &[public, "--server", &url],
    );
    assert!(dark.contains(" passed, 0 failed"), "{dark}");
}
