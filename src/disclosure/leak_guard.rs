//! The leak guard: the last check before a site is published.
//!
//! Redaction removes withheld text from the parsed notes, but text can reach
//! the output by other roads: a front-matter title or summary that repeats a
//! withheld name, a theme template that prints a field, a content file copied
//! as is, or a future writer (feeds, sitemaps, search indexes) that nobody has
//! thought of yet. The guard wraps the output [`Sink`], so every file any
//! stage writes passes through it, and looks for every removed passage in it.
//!
//! Text is compared case- and whitespace-insensitively, as words (letters and
//! digits; punctuation and markup between them do not matter). A passage of
//! at most [`WINDOW_WORDS`] words is searched whole; a longer one is searched
//! as every run of [`WINDOW_WORDS`] consecutive words, so a partial quote is
//! found too. Passages with fewer than [`MIN_CHARS`] letters and digits are
//! not searched: they cannot be told apart from page furniture (a lone `1`).
//!
//! A file with a hit is not written and the build fails with an error that
//! names the output file and the note; `public/` keeps the previous site.
//!
//! The verdict on a file is a function of its bytes and the patterns alone,
//! so a file handed over as the *same allocation* an earlier guard found
//! clean, while the withheld passages are the same, need not be read again:
//! a guard may be given such earlier [`Verdicts`] (most files of a rebuild
//! in the preview server are the very same bytes as in the build before).
//! Anything else (new bytes, changed passages, a guard that could not be set
//! up, a file that was refused) is read in full.

mod causes;

pub use causes::Sources;

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap as HashMap;
use std::io;
use std::path::Path;
use std::sync::{Arc, Mutex};

use aho_corasick::AhoCorasick;

use crate::diagnostic::Diagnostic;
use crate::disclosure::{Ground, WITHHELD_NOTICE, Withheld, is_invisible};
use crate::output::{FileSet, Sink};
use crate::sync::MutexExt;

/// Longer passages are searched as every run of this many words.
pub const WINDOW_WORDS: usize = 8;
/// Shorter passages (letters and digits) are not searched.
pub const MIN_CHARS: usize = 4;

/// A [`Sink`] that refuses files containing withheld text.
pub struct LeakGuard<'a> {
    inner: &'a dyn Sink,
    passages: Vec<Withheld>,
    matcher: Result<Option<AhoCorasick>, String>,
    /// The passage each pattern comes from.
    owners: Vec<usize>,
    /// Output path → passages found in it, each with the text around it.
    leaks: Mutex<BTreeMap<String, Vec<(usize, String)>>>,
    /// What earlier guards found clean, and what this one does.
    verdicts: &'a dyn Verdicts,
    /// A hash of every passage's text: what the verdicts depend on.
    passages_key: blake3::Hash,
}

/// The verdicts on shared files (see [`Sink::write_shared`]) that a guard
/// may trust instead of reading a file again, and that it reports.
///
/// A guard asks only when it is set up, and only about the very allocation
/// it is handed; an implementation remembers and answers, nothing more.
pub trait Verdicts: Sync {
    /// Whether `bytes`, this very allocation, was found clean at `rel` by a
    /// guard looking for the passages that hash to `passages`.
    fn clean_before(&self, rel: &str, bytes: &Arc<[u8]>, passages: &blake3::Hash) -> bool;
    /// `bytes` at `rel` is clean of the passages that hash to `passages`.
    fn clean(&self, rel: &str, bytes: &Arc<[u8]>, passages: &blake3::Hash);
    /// Whether `set`, this very allocation, was found clean as a whole by a
    /// guard looking for the passages that hash to `passages`.
    fn set_clean_before(&self, _set: &Arc<FileSet>, _passages: &blake3::Hash) -> bool {
        false
    }
    /// Every file of `set` is clean of the passages that hash to `passages`.
    fn set_clean(&self, _set: &Arc<FileSet>, _passages: &blake3::Hash) {}
}

/// No earlier verdicts, and nothing kept: every file is read.
pub struct ReadEverything;

impl Verdicts for ReadEverything {
    fn clean_before(&self, _: &str, _: &Arc<[u8]>, _: &blake3::Hash) -> bool {
        false
    }

    fn clean(&self, _: &str, _: &Arc<[u8]>, _: &blake3::Hash) {}
}

impl<'a> LeakGuard<'a> {
    /// A guard that reads every file.
    pub fn new(inner: &'a dyn Sink, passages: Vec<Withheld>) -> Self {
        Self::with_verdicts(inner, passages, &ReadEverything)
    }

    /// A guard that trusts and reports `verdicts` on shared files.
    pub fn with_verdicts(
        inner: &'a dyn Sink,
        passages: Vec<Withheld>,
        verdicts: &'a dyn Verdicts,
    ) -> Self {
        let mut hasher = blake3::Hasher::new();
        for passage in &passages {
            hasher.update(&(passage.text.len() as u64).to_le_bytes());
            hasher.update(passage.text.as_bytes());
        }
        let passages_key = hasher.finalize();
        let mut patterns: Vec<String> = Vec::new();
        let mut owners = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::default();
        for (index, passage) in passages.iter().enumerate() {
            for pattern in patterns_of(&passage.text) {
                if !seen.contains_key(&pattern) && !is_furniture(&pattern) {
                    seen.insert(pattern.clone(), index);
                    patterns.push(pattern);
                    owners.push(index);
                }
            }
        }
        let matcher = if patterns.is_empty() {
            Ok(None)
        } else {
            AhoCorasick::new(&patterns)
                .map(Some)
                .map_err(|e| e.to_string())
        };
        Self {
            inner,
            passages,
            matcher,
            owners,
            leaks: Mutex::new(BTreeMap::new()),
            verdicts,
            passages_key,
        }
    }

    /// The passages found in `bytes`, by index, each with the text around
    /// it (for telling which source put it there).
    fn found_in(&self, bytes: &[u8]) -> Vec<(usize, String)> {
        let Ok(Some(matcher)) = &self.matcher else {
            return Vec::new();
        };
        let text = String::from_utf8_lossy(bytes);
        let mut found: Vec<(usize, String)> = Vec::new();
        for view in views(&text) {
            for hit in matcher.find_overlapping_iter(&view) {
                let owner = self.owners[hit.pattern().as_usize()];
                let kept = found.iter().filter(|(o, _)| *o == owner).count();
                let around = excerpt(&view, hit.start(), hit.end());
                if kept < EXCERPTS_PER_FILE && !found.iter().any(|(_, e)| *e == around) {
                    found.push((owner, around));
                }
            }
        }
        found
    }

    /// Records what `bytes` would leak; true when the file is clean.
    fn admit(&self, rel: &str, bytes: &[u8]) -> bool {
        let found = self.found_in(bytes);
        if found.is_empty() {
            return true;
        }
        // Taken even when poisoned: a leak that went unrecorded would let
        // the build report success for a file it refused.
        (self.leaks.locked())
            .entry(rel.to_string())
            .or_default()
            .extend(found);
        false
    }

    /// One error per cause of a leak: the place in a source (a front-matter
    /// field, a note, a template, a copied file) that prints withheld words,
    /// naming where they were withheld and the output files they would have
    /// reached. `sources` is read only when something leaked.
    pub fn findings(&self, sources: impl FnOnce() -> Sources) -> Vec<Diagnostic> {
        let mut findings = Vec::new();
        if let Err(reason) = &self.matcher {
            findings.push(
                Diagnostic::error(
                    "redaction/leak-guard",
                    format!("the leak guard could not be set up: {reason}"),
                )
                .help("nothing was published; report this as a bug in nota"),
            );
        }
        let leaks = self.leaks.locked().clone();
        if leaks.is_empty() {
            return findings;
        }
        let mut outputs_of: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
        for (output, hits) in &leaks {
            for (index, _) in hits {
                outputs_of.entry(*index).or_default().insert(output.clone());
            }
        }
        let leaked: BTreeSet<usize> = outputs_of.keys().copied().collect();
        let causes = causes::find(&self.passages, &leaked, &sources());
        let attributed = causes::attribute(&causes, &leaks);
        let mut explained = BTreeSet::new();
        for (cause, outputs) in causes.iter().zip(&attributed) {
            if outputs.is_empty() {
                continue; // the words are there, but others put them in the output
            }
            explained.extend(cause.passages.iter().copied());
            findings.push(self.cause_finding(cause, outputs));
        }
        for (index, outputs) in &outputs_of {
            if explained.contains(index) {
                continue;
            }
            let passage = &self.passages[*index];
            findings.push(
                Diagnostic::error(
                    "redaction/leak",
                    format!(
                        "text withheld here would be published in {}, and nota found no source that prints it",
                        output_list(outputs.iter().map(String::as_str))
                    ),
                )
                .at(passage.location.clone())
                .help("the words may be put together from several fields or come from nota's own texts: look at these words in the listed files, and remove or rephrase them where they come from; nothing was published"),
            );
        }
        findings
    }

    fn cause_finding(&self, cause: &causes::Cause, outputs: &BTreeSet<&str>) -> Diagnostic {
        let origins: BTreeSet<(&Path, usize)> = cause
            .passages
            .iter()
            .map(|&p| {
                let location = &self.passages[p].location;
                (location.path.as_path(), location.line)
            })
            .collect();
        let withheld = withheld_where(&origins, &cause.location.path);
        let printer = match &cause.kind {
            causes::Kind::Field(key) => format!("the front-matter `{key}` repeats"),
            causes::Kind::Note => "this text repeats".to_string(),
            causes::Kind::Template => "this template prints".to_string(),
            causes::Kind::Copied => "this file, copied as is, holds".to_string(),
            causes::Kind::Settings => "nota.toml repeats".to_string(),
        };
        let fix = match &cause.kind {
            causes::Kind::Field(key) if key == "title" || key == "summary" => {
                "remove or rephrase the words here, or withhold them here too with `{lak …}…{/lak}`"
            }
            _ => "remove or rephrase the words here",
        };
        Diagnostic::error(
            "redaction/leak",
            format!(
                "{printer} text withheld {withheld}; it would be published in {}",
                output_list(outputs.iter().copied())
            ),
        )
        .at(cause.location.clone())
        .help(format!(
            "the withheld words are removed where they are marked, but they reach the output from here: {fix}; nothing was published"
        ))
    }
}

/// `on line 8` (same note), `in content/a.md on line 8`, … for a message.
fn withheld_where(origins: &BTreeSet<(&Path, usize)>, cause: &Path) -> String {
    let mut by_note: BTreeMap<&Path, Vec<String>> = BTreeMap::new();
    for (path, line) in origins {
        by_note.entry(path).or_default().push(line.to_string());
    }
    let parts: Vec<String> = by_note
        .into_iter()
        .map(|(path, lines)| {
            let lines = match lines.as_slice() {
                [one] => format!("line {one}"),
                [init @ .., last] => format!("lines {} and {last}", init.join(", ")),
                [] => String::new(),
            };
            if path == cause {
                format!("on {lines} of this note")
            } else {
                format!("in {} on {lines}", crate::diagnostic::display_path(path))
            }
        })
        .collect();
    parts.join(" and ")
}

/// `2 output files: a, b` with at most ten names.
fn output_list<'s>(outputs: impl ExactSizeIterator<Item = &'s str>) -> String {
    const SHOWN: usize = 10;
    let count = outputs.len();
    let mut names: Vec<&str> = outputs.take(SHOWN).collect();
    if count > SHOWN {
        names.push("…");
    }
    let files = if count == 1 {
        "output file"
    } else {
        "output files"
    };
    let more = if count > SHOWN {
        format!(" (and {} more)", count - SHOWN)
    } else {
        String::new()
    };
    format!("{count} {files}: {}{more}", names.join(", "))
}

impl Sink for LeakGuard<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        if self.admit(rel, bytes) {
            self.inner.write(rel, bytes)
        } else {
            Ok(())
        }
    }

    fn copy(&self, from: &Path, rel: &Path) -> io::Result<()> {
        let bytes = std::fs::read(from)?;
        if self.admit(&crate::diagnostic::display_path(rel), &bytes) {
            self.inner.copy(from, rel)
        } else {
            Ok(())
        }
    }

    fn count(&self) -> usize {
        self.inner.count()
    }

    fn write_shared(&self, rel: &str, bytes: &Arc<[u8]>) -> io::Result<()> {
        let set_up = self.matcher.is_ok();
        let trusted = set_up && self.verdicts.clean_before(rel, bytes, &self.passages_key);
        if !trusted && !self.admit(rel, bytes) {
            return Ok(());
        }
        if set_up {
            self.verdicts.clean(rel, bytes, &self.passages_key);
        }
        self.inner.write_shared(rel, bytes)
    }

    /// A set found clean as a whole before is handed on unread; any other
    /// is read file by file, and when a file is refused, only the clean
    /// ones are written, one by one.
    fn write_set(&self, set: &Arc<FileSet>) -> io::Result<()> {
        let set_up = self.matcher.is_ok();
        let trusted = set_up && self.verdicts.set_clean_before(set, &self.passages_key);
        if !trusted {
            let files = set.sorted();
            let clean: Vec<bool> = files
                .iter()
                .map(|(rel, bytes)| self.admit(rel, bytes))
                .collect();
            if clean.contains(&false) {
                for ((rel, bytes), _) in files.iter().zip(&clean).filter(|(_, c)| **c) {
                    self.inner.write_shared(rel, bytes)?;
                }
                return Ok(());
            }
        }
        if set_up {
            self.verdicts.set_clean(set, &self.passages_key);
        }
        self.inner.write_set(set)
    }
}

/// At most this many excerpts per passage and output file are kept.
const EXCERPTS_PER_FILE: usize = 8;
/// Characters of normalised text kept on either side of a hit.
const EXCERPT_MARGIN: usize = 120;

/// The normalised text around `start..end` of `view`.
fn excerpt(view: &str, start: usize, end: usize) -> String {
    let mut from = start.saturating_sub(EXCERPT_MARGIN);
    while !view.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (end + EXCERPT_MARGIN).min(view.len());
    while !view.is_char_boundary(to) {
        to += 1;
    }
    view[from..to].to_string()
}

/// What nota itself prints about withheld text: the meaning and article of
/// every ground (in marks, the "Openbaarmaking" block and the inventory)
/// and the notice of a withheld section, normalised.
fn furniture() -> &'static str {
    static FURNITURE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    FURNITURE.get_or_init(|| {
        let mut texts: Vec<String> = Ground::all()
            .map(|g| format!("{} {}", g.code(), Ground::accessible_name(&[g])))
            .collect();
        texts.push(WITHHELD_NOTICE.to_string());
        texts
            .iter()
            .map(|t| normalise(t))
            .collect::<Vec<_>>()
            .join("|")
    })
}

/// Whether a pattern is nota's own words: a section 5 that cites its
/// ground ("… (artikel 5.1, tweede lid, onder e, Woo)") is not found on
/// every page that names the ground.
fn is_furniture(pattern: &str) -> bool {
    furniture().contains(pattern)
}

/// The search patterns of one passage: the whole passage or its windows.
pub fn patterns_of(text: &str) -> Vec<String> {
    let normalised = normalise(text);
    let words: Vec<&str> = normalised.split_whitespace().collect();
    let letters: usize = words.iter().map(|w| w.chars().count()).sum();
    if letters < MIN_CHARS {
        return Vec::new();
    }
    if words.len() <= WINDOW_WORDS {
        return vec![format!(" {} ", words.join(" "))];
    }
    words
        .windows(WINDOW_WORDS)
        .map(|w| format!(" {} ", w.join(" ")))
        .collect()
}

/// Lower-case words of letters and digits, separated and surrounded by one
/// space, with HTML character references decoded.
pub fn normalise(text: &str) -> String {
    let decoded = decode_entities(text);
    let mut out = String::with_capacity(decoded.len() + 2);
    out.push(' ');
    // Whether `out` ends with the separating space. Every file a build
    // writes passes through here (several times), so ASCII, nearly all of
    // it, takes the short road; the rules are the same for every character.
    let mut spaced = true;
    for c in decoded.chars() {
        let word_char = if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            c.is_alphanumeric()
        };
        if word_char {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
            spaced = false;
        } else if !c.is_ascii() && is_invisible(c) {
            // `Jan\u{ad}sen` is the word Jansen.
        } else if !spaced {
            out.push(' ');
            spaced = true;
        }
    }
    if !spaced {
        out.push(' ');
    }
    out
}

/// The ways a file is read. Plain text is read as is. Markup is read as its
/// text (tags replaced by a space, and by nothing, so `Jan <em>Jansen</em>`
/// and `Jan<b>sen</b>` match) and as its attribute values (`alt`, `content`,
/// `href`, …), but never by tag or attribute names, which would make a
/// withheld word like "link" match every page. Escaped markup (HTML inside
/// an XML feed) is read again after decoding.
fn views(text: &str) -> Vec<String> {
    let mut views = text_views(text);
    if text.contains('\\') {
        // JSON and JavaScript strings: `Jan\nJansen`, `\u00e9`.
        views.extend(text_views(&decode_backslash_escapes(text)));
    }
    if has_percent_escape(text) {
        // URLs: `/zoek?q=Jan%20Jansen`, `Ren%C3%A9`.
        views.extend(text_views(&decode_percent_escapes(text)));
    }
    views
}

fn has_percent_escape(text: &str) -> bool {
    text.match_indices('%').any(|(i, _)| {
        text.as_bytes()
            .get(i + 1..i + 3)
            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    })
}

/// Decodes `%XX` escapes (UTF-8 bytes), as in URLs.
fn decode_percent_escapes(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn text_views(text: &str) -> Vec<String> {
    if !text.contains('<') && !text.contains("&lt;") {
        return vec![normalise(text)];
    }
    let mut views = markup_views(text);
    let decoded = decode_entities(text);
    if decoded != text && decoded.contains('<') {
        views.extend(markup_views(&decoded));
    }
    views
}

/// Decodes `\n`, `\t`, `\r`, `\"`, `\/`, `\\` and `\uXXXX`.
fn decode_backslash_escapes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 't' | 'r') => out.push(' '),
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(decoded) => out.push(decoded),
                    None => out.push(' '),
                }
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

fn markup_views(text: &str) -> Vec<String> {
    vec![
        normalise(&strip_tags(text, " ")),
        normalise(&strip_tags(text, "")),
        normalise(&attribute_values(text)),
    ]
}

/// The values of every attribute in every tag, separated so that values
/// never run into each other.
fn attribute_values(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        let Some(end) = rest[start..].find('>') else {
            break;
        };
        let tag = &rest[start + 1..start + end];
        let mut chars = tag.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c != '=' {
                continue;
            }
            let value_start = i + 1;
            let value = match tag[value_start..].chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &tag[value_start + 1..];
                    body.find(q).map_or(body, |e| &body[..e])
                }
                _ => tag[value_start..]
                    .split(char::is_whitespace)
                    .next()
                    .unwrap_or(""),
            };
            out.push_str(" | ");
            out.push_str(value);
            // Skip past the value so `=` inside it is not read again.
            let skip_to = value_start + value.len();
            while chars.peek().is_some_and(|(j, _)| *j <= skip_to) {
                chars.next();
            }
        }
        out.push_str(" | ");
        rest = &rest[start + end + 1..];
    }
    out
}

fn strip_tags(text: &str, replacement: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        match rest[start..].find('>') {
            Some(end) => {
                out.push_str(replacement);
                rest = &rest[start + end + 1..];
            }
            None => {
                rest = &rest[start..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decodes `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&nbsp;` and numeric
/// references; anything else stays as written.
fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        match entity(&rest[start..]) {
            Some((c, length)) => {
                out.push(c);
                rest = &rest[start + length..];
            }
            None => {
                out.push('&');
                rest = &rest[start + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character reference at the start of `text` (which starts with `&`):
/// the character, and the reference's length in bytes.
fn entity(text: &str) -> Option<(char, usize)> {
    let end = text.get(1..)?.find(';').filter(|&e| e <= 10)? + 1;
    let name = &text[1..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => name
            .strip_prefix("#x")
            .or_else(|| name.strip_prefix("#X"))
            .and_then(|hex| u32::from_str_radix(hex, 16).ok())
            .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
            .and_then(char::from_u32)?,
    };
    Some((c, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Location;
    use crate::output::Discard;

    fn withheld(text: &str) -> Withheld {
        Withheld {
            text: text.to_string(),
            location: Location::file("content/a.md"),
            end: (0, 0),
        }
    }

    #[test]
    fn short_passages_are_searched_whole() {
        assert_eq!(
            patterns_of("Jan  JANSEN,"),
            vec![" jan jansen ".to_string()]
        );
        assert!(patterns_of("1").is_empty());
    }

    #[test]
    fn long_passages_are_searched_by_windows_of_eight_words() {
        let patterns = patterns_of("een twee drie vier vijf zes zeven acht negen");
        assert_eq!(
            patterns,
            vec![
                " een twee drie vier vijf zes zeven acht ".to_string(),
                " twee drie vier vijf zes zeven acht negen ".to_string()
            ]
        );
    }

    #[test]
    fn finds_passages_through_markup_entities_and_case() {
        let sink = Discard::default();
        let guard = LeakGuard::new(&sink, vec![withheld("Jan Jansen")]);
        guard.write("a.html", b"<p>Clean</p>").unwrap();
        guard
            .write("b.html", b"<p>jan <em>JANSEN</em></p>")
            .unwrap();
        guard.write("c.xml", b"<t>Jan&#32;Jansen</t>").unwrap();
        guard.write("d.html", b"<p>Jansen&nbsp;Jan</p>").unwrap();
        guard.write("e.json", b"{\"t\":\"Jan\\nJansen\"}").unwrap();
        guard
            .write("f.xml", b"<loc>https://x.nl/zoek?q=jan%20JANSEN</loc>")
            .unwrap();
        guard
            .write("g.html", b"<a href=\"/jan%2Djansen/\">x</a>")
            .unwrap();
        assert_eq!(sink.count(), 2, "only the clean files are written");
        assert_eq!(
            refused(&guard),
            ["b.html", "c.xml", "e.json", "f.xml", "g.html"]
        );
    }

    /// The output files a guard refused.
    fn refused(guard: &LeakGuard<'_>) -> Vec<String> {
        guard.leaks.lock().unwrap().keys().cloned().collect()
    }

    #[test]
    fn tag_and_attribute_names_are_not_text() {
        let sink = Discard::default();
        let guard = LeakGuard::new(&sink, vec![withheld("link"), withheld("Piet Paulusma")]);
        guard
            .write(
                "a.html",
                b"<link rel=\"stylesheet\" href=\"/style.css\"><p>Tekst</p>",
            )
            .unwrap();
        guard
            .write("b.html", b"<img alt=\"Piet Paulusma\" src=\"x.png\">")
            .unwrap();
        guard
            .write(
                "c.xml",
                b"<content>&lt;p&gt;Piet &lt;b&gt;Paulusma&lt;/b&gt;&lt;/p&gt;</content>",
            )
            .unwrap();
        assert_eq!(refused(&guard), ["b.html", "c.xml"]);
    }

    #[test]
    fn normalising_ascii_and_other_text_follows_one_rule() {
        // The rule, character by character, without the ASCII short road.
        let reference = |text: &str| {
            let mut out = String::from(" ");
            for c in decode_entities(text).chars() {
                if c.is_alphanumeric() {
                    out.extend(c.to_lowercase());
                } else if is_invisible(c) {
                } else if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            if !out.ends_with(' ') {
                out.push(' ');
            }
            out
        };
        for text in [
            "",
            "Jan JANSEN, 06-12345678!",
            "Ëindhoven — İstanbul ÆØÅ straße ΣΟΦΊΑ 北京 ２０２４",
            "Jan\u{ad}sen, Piet\u{200b}Paulusma \u{feff}",
            "a&amp;b &#74;an&#x41; &lt;b&gt; \\u00e9 \\t\\n",
            "  leading and trailing  ",
        ] {
            assert_eq!(normalise(text), reference(text), "{text}");
        }
    }

    #[test]
    fn nota_own_words_about_grounds_are_not_searched() {
        let sink = Discard::default();
        let secret = "De namen zijn niet openbaar ter bescherming van de persoonlijke levenssfeer (artikel 5.1, tweede lid, onder e, Woo)";
        let guard = LeakGuard::new(&sink, vec![withheld(secret)]);
        guard
            .write("a.html", "<span aria-label=\"Weggelakt: eerbiediging van de persoonlijke levenssfeer (artikel 5.1, tweede lid, onder e, Woo)\">[5.1.2e]</span>".as_bytes())
            .unwrap();
        assert!(refused(&guard).is_empty());
        guard.write("b.html", secret.as_bytes()).unwrap();
        assert_eq!(refused(&guard), ["b.html"]);
    }

    #[test]
    fn word_boundaries_are_respected() {
        let sink = Discard::default();
        let guard = LeakGuard::new(&sink, vec![withheld("Jansen")]);
        guard.write("a.html", b"<p>Jansenstraat</p>").unwrap();
        assert!(refused(&guard).is_empty());
    }

    #[test]
    fn a_partial_quote_of_a_long_passage_is_found() {
        let sink = Discard::default();
        let secret = "De minister overweegt in het voorjaar de subsidie voor de regio Twente geheel te beëindigen";
        let guard = LeakGuard::new(&sink, vec![withheld(secret)]);
        guard
            .write(
                "feed.xml",
                "<summary>… voorjaar de subsidie voor de regio Twente geheel te …</summary>"
                    .as_bytes(),
            )
            .unwrap();
        assert_eq!(refused(&guard), ["feed.xml"]);
    }
}
