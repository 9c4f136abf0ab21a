//! The user guide (`README.md`) and the contributors' docs (`docs/*.md`)
//! stay true to the repository they are in: a clone has every file they
//! name, every link lands on a file and a heading, and the guide starts a
//! new user with the commands that install nota and make a first site.
//!
//! Links are read with comrak, as GitHub renders them; a heading's anchor is
//! made the way GitHub makes it. Paths in code spans (`bench/run.py`) count
//! as references to files when they start at a top-level folder of the
//! repository.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use comrak::nodes::{AstNode, NodeValue};
use comrak::{Arena, Options, parse_document};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// README.md and every Markdown file in docs/.
fn documents() -> Vec<PathBuf> {
    let mut docs = vec![repo().join("README.md")];
    let mut in_docs: Vec<PathBuf> = fs::read_dir(repo().join("docs"))
        .expect("docs/ exists")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    in_docs.sort();
    assert!(!in_docs.is_empty(), "docs/ has no Markdown file");
    docs.extend(in_docs);
    docs
}

fn name(path: &Path) -> String {
    path.strip_prefix(repo()).unwrap().display().to_string()
}

fn options() -> Options<'static> {
    let mut options = Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.autolink = true;
    options.extension.footnotes = true;
    options
}

/// What a document says about other places: its link targets, the paths in
/// its code spans and the anchors of its headings.
struct Parsed {
    links: Vec<String>,
    code_spans: Vec<String>,
    anchors: HashSet<String>,
}

fn parse(text: &str) -> Parsed {
    let arena = Arena::new();
    let root = parse_document(&arena, text, &options());
    let mut parsed = Parsed {
        links: Vec::new(),
        code_spans: Vec::new(),
        anchors: HashSet::new(),
    };
    let mut seen: Vec<String> = Vec::new();
    for node in root.descendants() {
        match node.data().value {
            NodeValue::Link(ref link) | NodeValue::Image(ref link) => {
                parsed.links.push(link.url.to_string())
            }
            NodeValue::Code(ref code) => parsed.code_spans.push(code.literal.to_string()),
            NodeValue::Heading(_) => {
                let slug = github_slug(&heading_text(node));
                let repeats = seen.iter().filter(|s| **s == slug).count();
                seen.push(slug.clone());
                parsed.anchors.insert(if repeats == 0 {
                    slug
                } else {
                    format!("{slug}-{repeats}")
                });
            }
            _ => {}
        }
    }
    parsed
}

fn heading_text<'a>(node: &'a AstNode<'a>) -> String {
    let mut text = String::new();
    for d in node.descendants() {
        match d.data().value {
            NodeValue::Text(ref t) => text.push_str(t),
            NodeValue::Code(ref c) => text.push_str(&c.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

/// The anchor GitHub gives a heading: lower case, letters, digits, spaces,
/// hyphens and underscores kept, every space a hyphen.
fn github_slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

fn is_external(url: &str) -> bool {
    url.contains("://") || url.starts_with("mailto:")
}

/// Every finding over all documents, so that one run lists them all.
fn check_all(check: impl Fn(&Path, &str, &Parsed) -> Vec<String>) {
    let mut problems = Vec::new();
    for path in documents() {
        let text = fs::read_to_string(&path).unwrap();
        let parsed = parse(&text);
        for problem in check(&path, &text, &parsed) {
            problems.push(format!("{}: {problem}", name(&path)));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_document_refers_to_files_outside_the_repository() {
    check_all(|_, text, _| {
        text.lines()
            .enumerate()
            .filter(|(_, line)| line.contains("shared/"))
            .map(|(n, line)| format!("line {}: mentions shared/: {}", n + 1, line.trim()))
            .collect()
    });
}

#[test]
fn relative_links_point_at_files_that_exist() {
    check_all(|path, _, parsed| {
        let folder = path.parent().unwrap();
        let mut problems = Vec::new();
        for url in &parsed.links {
            if is_external(url) || url.starts_with('#') {
                continue;
            }
            let (file, anchor) = url.split_once('#').unwrap_or((url, ""));
            let target = folder.join(file);
            if !target.exists() {
                problems.push(format!("link to {url}: there is no {}", target.display()));
                continue;
            }
            if anchor.is_empty() || target.extension().is_none_or(|ext| ext != "md") {
                continue;
            }
            let anchors = parse(&fs::read_to_string(&target).unwrap()).anchors;
            if !anchors.contains(anchor) {
                problems.push(format!("link to {url}: {file} has no heading #{anchor}"));
            }
        }
        problems
    });
}

#[test]
fn anchor_links_name_a_heading_of_the_document() {
    check_all(|_, _, parsed| {
        parsed
            .links
            .iter()
            .filter_map(|url| url.strip_prefix('#'))
            .filter(|anchor| !parsed.anchors.contains(*anchor))
            .map(|anchor| format!("link to #{anchor}: no heading has that anchor"))
            .collect()
    });
}

/// Paths in code spans that start at a top-level folder of the repository
/// (`src/search/stem.rs`, `bench/run.py --serve`) name files of this clone.
#[test]
fn paths_in_code_spans_exist() {
    const FOLDERS: &[&str] = &[
        "src/",
        "tests/",
        "bench/",
        "scripts/",
        "docs/",
        "examples/",
        "data/",
    ];
    /// Made by the scripts when they run, so not in a fresh clone.
    const MADE_BY_SCRIPTS: &[&str] = &["bench/.venv"];
    check_all(|_, _, parsed| {
        parsed
            .code_spans
            .iter()
            .filter_map(|span| span.split_whitespace().next())
            .filter(|path| FOLDERS.iter().any(|folder| path.starts_with(folder)))
            .filter(|path| !path.contains(['<', '*', '…', '{']))
            .filter(|path| !MADE_BY_SCRIPTS.contains(path))
            .filter(|path| !repo().join(path).exists())
            .map(|path| format!("`{path}` is not a file or folder of this repository"))
            .collect()
    });
}

#[test]
fn readme_starts_a_new_user_with_install_and_quick_start() {
    let readme = fs::read_to_string(repo().join("README.md")).unwrap();
    for command in [
        "cargo install --path .",
        "nota init",
        "nota build",
        "nota serve",
    ] {
        assert!(
            readme.contains(command),
            "README.md does not show `{command}`"
        );
    }
    let anchors = parse(&readme).anchors;
    for heading in ["install", "quick-start", "for-developers"] {
        assert!(
            anchors.contains(heading),
            "README.md has no heading #{heading}"
        );
    }
}

#[test]
fn github_slugs_are_made_as_github_makes_them() {
    assert_eq!(
        github_slug("Passages anywhere: {lak …}"),
        "passages-anywhere-lak-"
    );
    assert_eq!(
        github_slug("Indexes, feeds and sitemap"),
        "indexes-feeds-and-sitemap"
    );
    assert_eq!(github_slug("Woo-index files"), "woo-index-files");
    assert_eq!(
        github_slug("Dutch stemming compared"),
        "dutch-stemming-compared"
    );
}
