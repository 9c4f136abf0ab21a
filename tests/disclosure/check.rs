//! Building a generated site with the real binary and checking the promise:
//! the build refuses it (exit 1, the previous `public/` byte-identical), or
//! no output file holds any secret token, in any case, with any markup or
//! character reference in between, or percent- or backslash-encoded.
//!
//! The search here is deliberately independent of nota's leak guard and
//! stricter: every file is reduced to its letters and digits (after
//! removing tags, and also without removing them, after decoding character
//! references, percent escapes and backslash escapes), and each token is
//! looked for in that.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::generate::Site;
use crate::common::{copy_dir, snapshot};

/// What became of one site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Built,
    /// Exit 1 with `public/` untouched; the error codes reported.
    Refused(BTreeSet<String>),
    Failed(Failure),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub kind: Kind,
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A secret token in an output file.
    Leak,
    /// Exit 1, but `public/` changed or a staging folder was left.
    PublicChanged,
    /// Any exit other than 0 and 1 (a panic is 101).
    Crash,
    /// No exit within the time bound.
    Timeout,
}

/// A site folder with the repository's `nota.toml` and default theme, and a
/// built `public/` of one clean note to restore before every case.
pub struct Workspace {
    dir: tempfile::TempDir,
    baseline: Vec<(PathBuf, Vec<u8>)>,
    pub timeout: Duration,
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const BASELINE_NOTE: &str = "---\ntitle: \"Basis\"\ndate: 2024-01-10\ntype: beslisnota\n---\n\n## Aanleiding\n\nEen eerdere, schone nota.\n";

impl Workspace {
    pub fn new(timeout: Duration) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let site = dir.path().join("site");
        fs::create_dir_all(site.join("content")).expect("content");
        fs::copy(repo().join("nota.toml"), site.join("nota.toml")).expect("nota.toml");
        copy_dir(&repo().join("themes/default"), &site.join("themes/default"));
        fs::write(site.join("content/basis.md"), BASELINE_NOTE).expect("note");
        let workspace = Self {
            dir,
            baseline: Vec::new(),
            timeout,
        };
        let (code, stderr) = workspace.build();
        assert_eq!(code, Some(0), "the baseline site must build: {stderr}");
        let baseline = snapshot(&workspace.public());
        copy_dir(
            &workspace.public(),
            &workspace.dir.path().join("public.base"),
        );
        Self {
            baseline,
            ..workspace
        }
    }

    fn site(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    fn public(&self) -> PathBuf {
        self.site().join("public")
    }

    /// Builds `site` and checks the promise.
    pub fn run(&self, site: &Site) -> Outcome {
        write_site(site, &self.site());
        self.judge(&site.secrets())
    }

    /// Builds a saved fixture (its `content/`) and checks the promise for
    /// `secrets`.
    pub fn run_fixture(&self, fixture: &Path, secrets: &BTreeSet<String>) -> Outcome {
        let content = self.site().join("content");
        let _ = fs::remove_dir_all(&content);
        copy_dir(&fixture.join("content"), &content);
        self.judge(secrets)
    }

    /// Restores the baseline `public/`, builds, and checks the result.
    fn judge(&self, secrets: &BTreeSet<String>) -> Outcome {
        let _ = fs::remove_dir_all(self.public());
        copy_dir(&self.dir.path().join("public.base"), &self.public());
        let started = Instant::now();
        let (code, stderr) = self.build();
        match code {
            None => Outcome::Failed(Failure {
                kind: Kind::Timeout,
                detail: format!("no exit after {:.1} s", started.elapsed().as_secs_f64()),
            }),
            Some(1) => self.refused(&stderr),
            Some(0) => self.built(secrets),
            Some(other) => Outcome::Failed(Failure {
                kind: Kind::Crash,
                detail: format!("exit code {other}:\n{stderr}"),
            }),
        }
    }

    fn refused(&self, stderr: &str) -> Outcome {
        let now = snapshot(&self.public());
        let leftovers: Vec<String> = fs::read_dir(self.site())
            .expect("site")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with(".public"))
            .collect();
        if now != self.baseline || !leftovers.is_empty() {
            return Outcome::Failed(Failure {
                kind: Kind::PublicChanged,
                detail: format!(
                    "refused, but public/ changed (staging left: {leftovers:?}):\n{stderr}"
                ),
            });
        }
        let codes = stderr
            .lines()
            .filter_map(|l| l.strip_prefix("error["))
            .filter_map(|l| l.split(']').next())
            .map(str::to_string)
            .collect();
        Outcome::Refused(codes)
    }

    fn built(&self, secrets: &BTreeSet<String>) -> Outcome {
        let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (path, bytes) in snapshot(&self.public()) {
            let text = String::from_utf8_lossy(&bytes);
            for token in tokens_in(&text, secrets) {
                found
                    .entry(token)
                    .or_default()
                    .push(path.to_string_lossy().into_owned());
            }
        }
        if found.is_empty() {
            return Outcome::Built;
        }
        let detail = found
            .iter()
            .map(|(token, files)| format!("{token} in {}", files.join(", ")))
            .collect::<Vec<_>>()
            .join("\n");
        Outcome::Failed(Failure {
            kind: Kind::Leak,
            detail,
        })
    }

    /// Runs `nota build` with the time bound; the exit code (none on a
    /// timeout) and stderr.
    fn build(&self) -> (Option<i32>, String) {
        let err_path = self.dir.path().join("stderr.txt");
        let err = fs::File::create(&err_path).expect("stderr file");
        let mut child = Command::new(nota_binary())
            .args(["build", "--root"])
            .arg(self.site())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(err)
            .spawn()
            .expect("run nota");
        let deadline = Instant::now() + self.timeout;
        let code = loop {
            if let Some(status) = child.try_wait().expect("wait") {
                break status.code().or(Some(-1));
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(Duration::from_millis(3));
        };
        (code, fs::read_to_string(err_path).unwrap_or_default())
    }
}

/// The binary under test: `NOTA_FUZZ_BIN` (scripts/fuzz-disclosure runs a
/// copy, so that rebuilding during a long run changes nothing), or the one
/// cargo built for the tests.
fn nota_binary() -> PathBuf {
    std::env::var_os("NOTA_FUZZ_BIN")
        .map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_nota")), PathBuf::from)
}

/// Writes the notes and files of `site` into `root/content/` (replacing
/// what was there), with the image the notes show.
pub fn write_site(site: &Site, root: &Path) {
    let content = root.join("content");
    let _ = fs::remove_dir_all(&content);
    fs::create_dir_all(&content).expect("content");
    for note in &site.notes {
        let path = content.join(&note.path);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, note.file()).expect("write note");
    }
    for (path, raw) in &site.assets {
        fs::write(content.join(path), &raw.markdown).expect("write asset");
    }
    for year in ["2022", "2023", "2024"] {
        let _ = fs::create_dir_all(content.join(year));
        fs::write(content.join(year).join("foto.png"), b"png").expect("image");
    }
}

/// The secret tokens `text` holds in any form.
pub fn tokens_in(text: &str, secrets: &BTreeSet<String>) -> Vec<String> {
    if secrets.is_empty() {
        return Vec::new();
    }
    let decoded = decode_references(text);
    let forms = [
        text.to_string(),
        decode_percent(&decoded),
        decode_backslashes(&decoded),
        decoded,
    ];
    let mut skeletons = Vec::new();
    for form in &forms {
        skeletons.push(skeleton(form));
        skeletons.push(skeleton(&without_tags(form)));
    }
    secrets
        .iter()
        .filter(|token| skeletons.iter().any(|s| s.contains(token.as_str())))
        .cloned()
        .collect()
}

/// Letters and digits only, lower case.
fn skeleton(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn without_tags(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Character references decoded until none is left (`&amp;#113;` is `q`).
fn decode_references(text: &str) -> String {
    let mut current = text.to_string();
    for _ in 0..4 {
        let next = decode_once(&current);
        if next == current {
            break;
        }
        current = next;
    }
    current
}

fn decode_once(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let decoded = after.find(';').filter(|&e| e <= 12).and_then(|end| {
            let name = &after[..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                "shy" => Some('\u{ad}'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn decode_percent(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(byte) = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn decode_backslashes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                if let Some(d) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    out.push(d);
                }
            }
            Some(other) => {
                out.push(' ');
                out.push(other);
            }
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_found_in_every_form() {
        let secrets: BTreeSet<String> = ["qxabcdefghij".to_string()].into();
        for text in [
            "QXABCDEFGHIJ",
            "qxab<em>cdef</em>ghij",
            "qx&#97;bcdefghij",
            "qx&amp;#97;bcdefghij",
            "https://x.nl/%71%78abcdefghij",
            "{\"t\": \"\\u0071xabcdefghij\"}",
            "qx\u{ad}abcdefghij",
        ] {
            assert_eq!(tokens_in(text, &secrets).len(), 1, "{text}");
        }
        assert!(tokens_in("qxabcdefghi", &secrets).is_empty());
    }
}
