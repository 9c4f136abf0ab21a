//! Helpers shared by the integration tests: fixture sites copied into a
//! temporary folder, and running the real `nota` binary on them.
#![allow(dead_code)]

pub mod http;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A site in a temporary folder, removed when dropped.
pub struct Site {
    pub dir: tempfile::TempDir,
    /// The site's root: the temporary folder itself, or a folder in it.
    root: PathBuf,
}

/// This repository's `nota.toml` (Woo publication on, the default
/// taxonomies) with `base_url` set to `base_url`.
pub fn repo_nota_toml_at(base_url: &str) -> String {
    let toml = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("nota.toml"))
        .expect("read nota.toml");
    let lines: Vec<String> = toml
        .lines()
        .map(|line| {
            if line.starts_with("base_url") {
                format!("base_url = \"{base_url}\"")
            } else {
                line.to_string()
            }
        })
        .collect();
    lines.join("\n") + "\n"
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

impl Site {
    /// Copies `tests/fixtures/<name>`; adds the minimal test theme and a
    /// default `nota.toml` when the fixture has none.
    pub fn fixture(name: &str) -> Self {
        let site = Self::empty();
        copy_dir(&fixtures().join(name), site.root());
        site.complete();
        site
    }

    /// A site with only the test theme and the default `nota.toml`.
    pub fn empty() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().to_path_buf();
        Self { dir, root }
    }

    /// A site in the folder `site` of a temporary folder (so that there is
    /// room beside it, see [`Site::beside`]) with this repository's default
    /// theme, `nota_toml` as its configuration and an empty `content/2024`.
    pub fn with_default_theme(nota_toml: &str) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let site = Self {
            root: dir.path().join("site"),
            dir,
        };
        fs::create_dir_all(site.path("content/2024")).expect("content dir");
        fs::write(site.path("nota.toml"), nota_toml).expect("write nota.toml");
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
            &site.path("themes/default"),
        );
        site
    }

    /// A path in the temporary folder, outside a site made by
    /// [`Site::with_default_theme`].
    pub fn beside(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Adds the default theme and config where missing, and an empty content/.
    pub fn complete(&self) {
        if !self.root().join("themes").exists() {
            copy_dir(
                &fixtures().join("_theme"),
                &self.root().join("themes/default"),
            );
        }
        if !self.root().join("nota.toml").exists() {
            fs::copy(fixtures().join("_nota.toml"), self.root().join("nota.toml"))
                .expect("copy nota.toml");
        }
        fs::create_dir_all(self.root().join("content")).expect("content dir");
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    /// Writes a file under the site root, creating folders.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, contents).expect("write");
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Runs `nota <args> --root <site>` (the root flag is added for site commands).
    pub fn nota(&self, args: &[&str]) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_nota"));
        command.args(args).arg("--root").arg(self.root());
        Run::from(command.output().expect("run nota"))
    }

    /// Runs `nota <args>` with the site as working folder and no `--root`.
    pub fn nota_here(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_nota"))
            .args(args)
            .current_dir(self.root())
            .output()
            .expect("run nota");
        Run::from(output)
    }
}

/// The outcome of one run of the binary.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Self {
        Self {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Run {
    /// The summary line without its timing (" in 0.01 s (…)" differs per run).
    pub fn summary(&self) -> String {
        let line = self
            .stdout
            .lines()
            .find(|l| l.starts_with("nota: "))
            .unwrap_or_else(|| panic!("no summary line in {:?}", self.stdout));
        line.split(" in ").next().unwrap_or(line).to_string()
    }

    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// Runs xmllint on `file` against a schema in tests/schemas; returns its result.
pub fn xmllint(schema: &str, file: &Path) -> (bool, String) {
    let schemas = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas");
    let output = Command::new("xmllint")
        .env("XML_CATALOG_FILES", schemas.join("catalog.xml"))
        .args(["--nonet", "--noout", "--schema"])
        .arg(schemas.join(schema))
        .arg(file)
        .output()
        .expect("xmllint is not installed (Debian: apt-get install libxml2-utils); the Woo schema tests need it");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Asserts that a generated sitemap (DiWoo 0.9.8) or sitemap index validates.
pub fn assert_valid(file: &Path) {
    let name = file.file_name().unwrap().to_string_lossy();
    let schema = if name.starts_with("sitemapindex-") {
        "sitemapindex.xsd"
    } else {
        "validate-sitemap.xsd"
    };
    let (ok, stderr) = xmllint(schema, file);
    assert!(ok, "{} does not validate:\n{stderr}", file.display());
}

/// The files of `public/sitemaps`, sorted.
pub fn sitemap_files(site: &Site) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(site.path("public/sitemaps"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

/// Copies a folder recursively (symbolic links are copied as links).
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display())) {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        let kind = entry.file_type().expect("file type");
        if kind.is_symlink() {
            let link = fs::read_link(entry.path()).expect("read link");
            std::os::unix::fs::symlink(link, &target).expect("symlink");
        } else if kind.is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Every file of a cold `nota build` of the site at `root` into `out`, by
/// site path, sorted: what a preview must serve byte for byte.
pub fn cold_build(root: &Path, out: &Path) -> Vec<(String, Vec<u8>)> {
    let output = Command::new(env!("CARGO_BIN_EXE_nota"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .output()
        .expect("run nota");
    assert!(output.status.success(), "{output:?}");
    snapshot(out)
        .into_iter()
        .map(|(rel, bytes)| (rel.to_string_lossy().into_owned(), bytes))
        .collect()
}

/// Every file under `dir` with its bytes, sorted by path: for comparing trees.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    collect(dir, dir, &mut files);
    files.sort();
    files
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<(PathBuf, Vec<u8>)>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, files);
        } else {
            let rel = path.strip_prefix(root).expect("prefix").to_path_buf();
            files.push((rel, fs::read(&path).expect("read")));
        }
    }
}

/// Sends SIGINT to `child` (as Ctrl-C would) and waits up to `wait` for it
/// to exit.
pub fn interrupt(
    child: &mut std::process::Child,
    wait: std::time::Duration,
) -> std::process::ExitStatus {
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(sent.success());
    let deadline = std::time::Instant::now() + wait;
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "server did not stop on SIGINT"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Chromium, node (and Java, for the Nu checker, when `java`) and the npm
/// `packages` of tests/browser, or a panic that says how to install them:
/// a browser test never passes by skipping.
pub fn require_browser(packages: &[&str], java: bool) {
    let install = "run scripts/test (it installs everything), or by hand: \
         apt-get update && apt-get install -y chromium default-jre-headless && \
         (cd tests/browser && npm ci --ignore-scripts --no-audit --no-fund)";
    let chromium =
        std::env::var_os("CHROMIUM").map_or_else(|| "/usr/bin/chromium".into(), PathBuf::from);
    assert!(
        chromium.exists(),
        "Chromium not found at {}; {install}",
        chromium.display()
    );
    let programs: &[(&str, &str)] = if java {
        &[("node", "--version"), ("java", "-version")]
    } else {
        &[("node", "--version")]
    };
    for (program, arg) in programs {
        let ok = Command::new(program)
            .arg(arg)
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(
            ok,
            "`{program}` is not installed or does not run; {install}"
        );
    }
    let modules = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/browser/node_modules");
    for package in packages {
        assert!(
            modules.join(package).is_dir(),
            "npm package {package} missing in tests/browser/node_modules; {install}"
        );
    }
}

/// A running `nota serve --port 0` on a site, with its own temporary folder
/// (`TMPDIR`) and its output lines (stdout and stderr, as they come) read
/// on background threads. Killed when dropped.
pub struct Serve {
    pub child: std::process::Child,
    /// Where it listens, from its "nota: serving http://…/" line.
    pub addr: std::net::SocketAddr,
    /// That line.
    pub listening: String,
    /// The server's private temporary folder.
    pub tmpdir: tempfile::TempDir,
    lines: std::sync::mpsc::Receiver<String>,
    /// Lines read but not yet matched by [`Serve::wait_line`].
    pub backlog: Vec<String>,
    wait: std::time::Duration,
}

impl Serve {
    /// Starts the server on `root` with `extra` arguments and waits (at most
    /// `wait`, as every later wait) until it listens.
    pub fn start(root: &Path, extra: &[&str], wait: std::time::Duration) -> Self {
        use std::io::{BufRead, BufReader, Read};
        use std::process::Stdio;
        let tmpdir = tempfile::tempdir().expect("tempdir");
        let mut child = Command::new(env!("CARGO_BIN_EXE_nota"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .args(extra)
            .env("TMPDIR", tmpdir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start nota serve");
        let (tx, lines) = std::sync::mpsc::channel();
        for stream in [
            Box::new(child.stdout.take().expect("stdout")) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().expect("stderr")),
        ] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if tx.send(line).is_err() {
                        break;
                    }
                }
            });
        }
        let mut serve = Self {
            child,
            addr: "127.0.0.1:1".parse().expect("address"),
            listening: String::new(),
            tmpdir,
            lines,
            backlog: Vec::new(),
            wait,
        };
        let line = serve.wait_line(|l| l.starts_with("nota: serving http://"));
        serve.addr = line
            .trim_start_matches("nota: serving http://")
            .split('/')
            .next()
            .and_then(|addr| addr.parse().ok())
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        serve.listening = line;
        serve
    }

    /// `http://ADDR/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// The first output line matching `wanted` that no earlier wait took:
    /// from the lines already read, or the next ones (bounded).
    pub fn wait_line(&mut self, wanted: impl Fn(&str) -> bool) -> String {
        if let Some(i) = self.backlog.iter().position(|l| wanted(l)) {
            return self.backlog.remove(i);
        }
        let deadline = std::time::Instant::now() + self.wait;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if wanted(&line) => return line,
                Ok(line) => self.backlog.push(line),
                Err(_) => panic!(
                    "expected output line not seen; got:\n{}",
                    self.backlog.join("\n")
                ),
            }
        }
    }

    /// The next output line matching `wanted` if one comes within `within`
    /// (from the lines already read, or new ones); `None` otherwise.
    pub fn line_within(
        &mut self,
        wanted: impl Fn(&str) -> bool,
        within: std::time::Duration,
    ) -> Option<String> {
        if let Some(i) = self.backlog.iter().position(|l| wanted(l)) {
            return Some(self.backlog.remove(i));
        }
        let deadline = std::time::Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if wanted(&line) => return Some(line),
                Ok(line) => self.backlog.push(line),
                Err(_) => return None,
            }
        }
    }

    /// Sends SIGINT (what Ctrl-C does) and waits for the exit.
    pub fn interrupt(&mut self) -> std::process::ExitStatus {
        interrupt(&mut self.child, self.wait)
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `node tests/browser/<script> <args>` from the repository; its exit
/// code and its whole output (stdout, then stderr).
pub fn run_node(script: &str, args: &[&std::ffi::OsStr]) -> (Option<i32>, String) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = Command::new("node")
        .arg(repo.join("tests/browser").join(script))
        .args(args)
        .current_dir(repo)
        .output()
        .expect("run node");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.code(), text)
}

/// What a site's search index finds, whatever files it is written in: per
/// stem its notes and weights, per word form its positions per note, and
/// the rest of `index.json`. `nota serve` writes an edit as an overlay over
/// the previous index (`docs/search.md`), so its files are not a cold
/// build's, but this is the same. `get` reads a file of the index folder.
#[derive(Debug, PartialEq, Eq)]
pub struct SearchIndex {
    pub terms: std::collections::BTreeMap<String, Vec<(u32, u8)>>,
    pub positions: std::collections::BTreeMap<String, Vec<(u32, Vec<u32>)>>,
    pub manifest: serde_json::Value,
}

pub fn search_index(get: impl Fn(&str) -> Vec<u8>) -> SearchIndex {
    use nota::search::format::{read_position_lines, read_term_lines};
    let mut manifest: serde_json::Value =
        serde_json::from_slice(&get("index.json")).expect("index.json");
    let replaced: Vec<u32> = manifest["overlay"]["documenten"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|n| n.as_u64())
                .map(|n| n as u32)
                .collect()
        })
        .unwrap_or_default();
    let overlay = manifest["overlay"]["bestand"]
        .as_str()
        .map(|file| String::from_utf8(get(file)).expect("overlay"));
    let mut index = SearchIndex {
        terms: Default::default(),
        positions: Default::default(),
        manifest: serde_json::Value::Null,
    };
    let mut add = |terms: &str, positions: &str, skip: &[u32]| {
        for line in read_term_lines(terms).expect("t/ lines") {
            let entry = index.terms.entry(line.stem).or_default();
            for (d, w) in line.documents.into_iter().zip(line.weights) {
                if !skip.contains(&d) {
                    entry.push((d, w));
                }
            }
        }
        for (form, documents) in read_position_lines(positions).expect("p/ lines") {
            let entry = index.positions.entry(form).or_default();
            entry.extend(documents.into_iter().filter(|(d, _)| !skip.contains(d)));
        }
    };
    let shards = manifest["shards"].as_u64().expect("shards");
    for n in 0..shards {
        let terms = String::from_utf8(get(&format!("t/{n}.txt"))).expect("t/");
        let positions = String::from_utf8(get(&format!("p/{n}.txt"))).expect("p/");
        add(&terms, &positions, &replaced);
    }
    if let Some(overlay) = overlay {
        let (terms, positions) = overlay.split_once("\n\n").unwrap_or((&overlay, ""));
        add(terms, positions, &[]);
    }
    for postings in index.terms.values_mut() {
        postings.sort_unstable();
    }
    index.terms.retain(|_, p| !p.is_empty());
    for documents in index.positions.values_mut() {
        documents.sort_unstable();
    }
    index.positions.retain(|_, p| !p.is_empty());
    // What is left of index.json: not its version, shard count or overlay.
    if let Some(fields) = manifest.as_object_mut() {
        for key in ["versie", "shards", "overlay"] {
            fields.remove(key);
        }
    }
    index.manifest = manifest;
    index
}
