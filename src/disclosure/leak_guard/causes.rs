//! Where leaked words come from: the other end of a leak finding.
//!
//! The guard sees withheld words in an output file; the author needs to know
//! which source prints them: a front-matter field, another note, a template,
//! a file under `content/` that is copied as is. This runs only when the
//! guard found something, so it can afford to read the sources again: every
//! built note, every file under `content/` and the theme, and `nota.toml`,
//! searched for the passages the way the guard searches output files, minus
//! the withheld text itself (a passage's own place in its note is where it
//! was removed, not where it leaks).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use aho_corasick::AhoCorasick;
use rustc_hash::FxHashSet as HashSet;

use super::{entity, patterns_of};
use crate::diagnostic::{self, Location};
use crate::disclosure::{Withheld, is_invisible};

/// The files a site is built from, to search for leaked words.
pub struct Sources {
    root: PathBuf,
    /// Folders searched through (site-relative): `content/`, the theme.
    folders: Vec<PathBuf>,
    /// Single files (site-relative): `nota.toml`.
    files: Vec<PathBuf>,
    /// The notes that were built (site-relative): drafts and notes with
    /// errors print nothing, so they are no cause.
    notes: HashSet<PathBuf>,
    /// The theme folder (site-relative), to tell templates from other files.
    theme: PathBuf,
    /// Files that are in no folder of the site (the built-in theme), by the
    /// path messages show them at.
    embedded: Vec<(PathBuf, &'static [u8])>,
}

impl Sources {
    pub fn new(root: &Path, theme: &Path, notes: impl IntoIterator<Item = PathBuf>) -> Self {
        let theme = crate::load::relative_to_root(root, theme);
        Self {
            root: root.to_path_buf(),
            folders: vec![PathBuf::from("content"), theme.clone()],
            files: vec![PathBuf::from(crate::config::CONFIG_FILE)],
            notes: notes.into_iter().collect(),
            theme,
            embedded: Vec::new(),
        }
    }

    /// Also searches `files`, shown at their paths: templates when the path
    /// has a `templates` folder. A file the site overrides is searched on
    /// disk and should not be given here.
    pub fn with_embedded(
        mut self,
        files: impl IntoIterator<Item = (PathBuf, &'static [u8])>,
    ) -> Self {
        self.embedded.extend(files);
        self
    }

    /// Every source file to search, site-relative, in a stable order.
    fn paths(&self) -> Vec<PathBuf> {
        let mut paths: Vec<PathBuf> = self.files.clone();
        for folder in &self.folders {
            let entries = walkdir::WalkDir::new(self.root.join(folder))
                .sort_by_file_name()
                .into_iter()
                .flatten()
                .filter(|e| e.file_type().is_file());
            for entry in entries {
                let rel = crate::load::relative_to_root(&self.root, entry.path());
                let is_note =
                    rel.starts_with("content") && rel.extension().is_some_and(|e| e == "md");
                if !is_note || self.notes.contains(&rel) {
                    paths.push(rel);
                }
            }
        }
        paths
    }

    fn kind(&self, rel: &Path, text: &str, line: usize) -> Kind {
        if self.embedded.iter().any(|(path, _)| path == rel) {
            return if rel.components().any(|c| c.as_os_str() == "templates") {
                Kind::Template
            } else {
                Kind::Copied
            };
        }
        if rel.starts_with("content") && rel.extension().is_some_and(|e| e == "md") {
            return match front_matter_key(text, line) {
                Some(key) => Kind::Field(key),
                None => Kind::Note,
            };
        }
        if rel.starts_with(self.theme.join("templates")) {
            Kind::Template
        } else if rel.starts_with("content") || rel.starts_with(&self.theme) {
            Kind::Copied
        } else {
            Kind::Settings
        }
    }
}

/// What kind of source prints the words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Kind {
    /// A front-matter field of a note.
    Field(String),
    /// The text of a note.
    Note,
    Template,
    /// A file under `content/` or the theme that is copied as is.
    Copied,
    /// `nota.toml`.
    Settings,
}

/// A place in a source that prints withheld words.
#[derive(Debug, Clone)]
pub(super) struct Cause {
    pub location: Location,
    pub kind: Kind,
    /// The passages (indices) whose words it prints.
    pub passages: BTreeSet<usize>,
    /// The printed words with up to two words either side on their line,
    /// normalised: what an output file holds when this is what put them there.
    context: String,
}

/// The causes of the leaks of `leaked` passages, by source file and line.
pub(super) fn find(
    passages: &[Withheld],
    leaked: &BTreeSet<usize>,
    sources: &Sources,
) -> Vec<Cause> {
    let mut patterns = Vec::new();
    let mut owners = Vec::new();
    for &index in leaked {
        for pattern in patterns_of(&passages[index].text) {
            patterns.push(pattern);
            owners.push(index);
        }
    }
    let Ok(matcher) = AhoCorasick::new(&patterns) else {
        return Vec::new();
    };
    let mut causes: BTreeMap<(PathBuf, usize), Cause> = BTreeMap::new();
    let on_disk = sources.paths().into_iter().filter_map(|rel| {
        let bytes = std::fs::read(sources.root.join(&rel)).ok()?;
        Some((rel, std::borrow::Cow::Owned(bytes)))
    });
    let embedded = sources
        .embedded
        .iter()
        .map(|(path, bytes)| (path.clone(), std::borrow::Cow::Borrowed(*bytes)));
    for (rel, bytes) in on_disk.chain(embedded) {
        if bytes.len() > 64 << 20 {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        for (owner, start, end) in hits(&text, &matcher, &owners) {
            let (line, column) = diagnostic::line_column(&text, start);
            if passages.iter().any(|p| p.covers(&rel, line, column)) {
                continue;
            }
            let cause = causes.entry((rel.clone(), line)).or_insert_with(|| {
                let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
                let width = text[start..end.min(line_end)].chars().count();
                let kind = sources.kind(&rel, &text, line);
                Cause {
                    location: Location::at_offset(&rel, &text, start).with_width(width),
                    context: context(&text, start, end, &kind),
                    kind,
                    passages: BTreeSet::new(),
                }
            });
            cause.passages.insert(owner);
        }
    }
    merge_runs(causes.into_values().collect())
}

/// The words at `start..end` of `text` with up to two words either side on
/// the same line (for a front-matter key's line, in its value), normalised.
fn context(text: &str, start: usize, end: usize, kind: &Kind) -> String {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let mut segment_start = line_start;
    if let Kind::Field(key) = kind {
        let line = &text[line_start..line_end];
        if line.starts_with(key.as_str())
            && let Some(separator) = line.find([':', '='])
        {
            segment_start = (line_start + separator + 1).min(start);
        }
    }
    let segment = normalise_with_offsets(&text[segment_start..line_end.max(end)]).0;
    let words: Vec<&str> = segment.split_whitespace().collect();
    let hit = normalise_with_offsets(&text[start..end]).0;
    let hit: Vec<&str> = hit.split_whitespace().collect();
    let Some(at) = words
        .windows(hit.len().max(1))
        .position(|w| w == hit.as_slice())
    else {
        return hit.join(" ");
    };
    let from = at.saturating_sub(2);
    let to = (at + hit.len() + 2).min(words.len());
    words[from..to].join(" ")
}

/// For each cause, the output files it put words in. An output file holds
/// a passage; it is given to the causes of that passage whose context it
/// shows, or, when it shows none (the words are put together otherwise), to
/// all of them.
pub(super) fn attribute<'o>(
    causes: &[Cause],
    leaks: &'o BTreeMap<String, Vec<(usize, String)>>,
) -> Vec<BTreeSet<&'o str>> {
    let mut outputs = vec![BTreeSet::new(); causes.len()];
    for (output, hits) in leaks {
        let passages: BTreeSet<usize> = hits.iter().map(|(p, _)| *p).collect();
        for passage in passages {
            let excerpts: Vec<&String> = hits
                .iter()
                .filter(|(p, _)| *p == passage)
                .map(|(_, e)| e)
                .collect();
            let candidates: Vec<usize> = (0..causes.len())
                .filter(|&c| causes[c].passages.contains(&passage))
                .collect();
            let shown: Vec<usize> = candidates
                .iter()
                .copied()
                .filter(|&c| {
                    let context = format!(" {} ", causes[c].context);
                    excerpts.iter().any(|e| e.contains(&context))
                })
                .collect();
            let targets = if shown.is_empty() { candidates } else { shown };
            for target in targets {
                outputs[target].insert(output.as_str());
            }
        }
    }
    outputs
}

/// Where the patterns occur in `text`: passage, start and end byte.
fn hits(text: &str, matcher: &AhoCorasick, owners: &[usize]) -> Vec<(usize, usize, usize)> {
    let (normalised, offsets) = normalise_with_offsets(text);
    let mut found = Vec::new();
    for hit in matcher.find_overlapping_iter(&normalised) {
        // Patterns start and end with a space: the words are inside.
        let first = hit.start() + 1;
        let last = hit.end().saturating_sub(2).max(first);
        let start = offsets[first];
        let end = offsets[last]
            + text[offsets[last]..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
        found.push((owners[hit.pattern().as_usize()], start, end));
    }
    found
}

/// A long passage quoted over several lines hits on each: one cause is
/// enough, at its first line.
fn merge_runs(causes: Vec<Cause>) -> Vec<Cause> {
    let mut merged: Vec<Cause> = Vec::new();
    for cause in causes {
        if let Some(previous) = merged.last_mut() {
            let follows = previous.location.path == cause.location.path
                && previous.kind == cause.kind
                && previous.passages == cause.passages
                && cause.location.line == previous.location.line + 1;
            if follows {
                continue;
            }
        }
        merged.push(cause);
    }
    merged
}

/// The guard's normal form (lower-case words of letters and digits, one
/// space between them and around them; tags and HTML character references
/// read as the guard reads them) with, for every byte of it, the byte of
/// `text` it comes from.
fn normalise_with_offsets(text: &str) -> (String, Vec<usize>) {
    let mut out = String::from(" ");
    let mut offsets = vec![0];
    let mut spaced = true;
    let mut rest = text.char_indices().peekable();
    while let Some((index, c)) = rest.next() {
        let decoded = match c {
            '<' if text[index + 1..]
                .starts_with(|n: char| n.is_alphabetic() || n == '/' || n == '!') =>
            {
                let close = text[index..].find('>').map_or(text.len(), |e| index + e);
                while rest.peek().is_some_and(|&(i, _)| i <= close) {
                    rest.next();
                }
                ' '
            }
            '&' => match entity(&text[index..]) {
                Some((decoded, length)) => {
                    while rest.peek().is_some_and(|&(i, _)| i < index + length) {
                        rest.next();
                    }
                    decoded
                }
                None => c,
            },
            _ => c,
        };
        if decoded.is_alphanumeric() {
            for lower in decoded.to_lowercase() {
                out.push(lower);
                offsets.extend(std::iter::repeat_n(index, lower.len_utf8()));
            }
            spaced = false;
        } else if is_invisible(decoded) {
            // Part of the word around it, as the guard reads it.
        } else if !spaced {
            out.push(' ');
            offsets.push(index);
            spaced = true;
        }
    }
    if !spaced {
        out.push(' ');
        offsets.push(text.len());
    }
    (out, offsets)
}

/// The top-level front-matter key whose value holds `line`, if the line is
/// in the front matter.
fn front_matter_key(text: &str, line: usize) -> Option<String> {
    let mut lines = text.lines();
    let fence = lines.next()?.trim_start_matches('\u{feff}').trim_end();
    if fence != "---" && fence != "+++" {
        return None;
    }
    let mut key = None;
    for (index, content) in lines.enumerate() {
        let number = index + 2;
        if content.trim_end() == fence {
            return None;
        }
        let starts_key = !content.starts_with([' ', '\t', '-', '#']);
        if starts_key && let Some((name, _)) = content.split_once([':', '=']) {
            key = Some(name.trim().trim_matches(['"', '\'', '[', ']']).to_string());
        }
        if number == line {
            return key;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_lead_back_to_the_source() {
        let text = "Jan <em>Jansen</em>&nbsp;kwam";
        let (normalised, offsets) = normalise_with_offsets(text);
        assert_eq!(normalised, " jan jansen kwam ");
        let at = normalised.find("jansen").unwrap();
        assert_eq!(&text[offsets[at]..], "Jansen</em>&nbsp;kwam");
        let at = normalised.find("kwam").unwrap();
        assert_eq!(&text[offsets[at]..], "kwam");
    }

    #[test]
    fn front_matter_lines_name_their_key() {
        let text = "---\ntitle: A\nsummary: >\n  B\nwoo:\n  section5: redact\n---\nTekst\n";
        assert_eq!(front_matter_key(text, 2).as_deref(), Some("title"));
        assert_eq!(front_matter_key(text, 4).as_deref(), Some("summary"));
        assert_eq!(front_matter_key(text, 6).as_deref(), Some("woo"));
        assert_eq!(front_matter_key(text, 8), None);
    }
}
