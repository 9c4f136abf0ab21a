//! The build, stage by stage. This is the only module that knows the order:
//!
//! load → front matter → markdown → checks → index → templates → write.
//!
//! Each stage reports findings instead of stopping, so one run lists every
//! problem; nothing is written when any finding is an error.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use tera::Context;

use crate::cache::{self, BuildCache, Entry, Key, KeyBuilder, Memo, Reuse};
use crate::config::Config;
use crate::diagnostic::{self, Diagnostic, Location};
use crate::front_matter::{self, Document};
use crate::index::{self, Site};
use crate::load::{self, Asset, Content};
use crate::markdown::{self, RenderContext};
use crate::output::{Discard, Sink, Staging};
use crate::page::Page;
use crate::templates::{LiveReload, PageView, SiteView, Templates, ThemeError};
use crate::url;

/// What a build or check did.
#[derive(Debug, Default)]
pub struct Report {
    pub notes_read: usize,
    pub pages_written: usize,
    pub diagnostics: Vec<Diagnostic>,
    pub elapsed: Duration,
    /// How many notes' results came from the cache of an earlier build.
    pub reused: Reuse,
}

/// What stays the same across the builds of one `nota serve` session: the
/// cache of per-note results and the live-reload script the pages load.
/// `build` and `check` use an empty session.
#[derive(Default)]
pub struct Session {
    pub cache: BuildCache,
    pub live_reload: Option<LiveReload>,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Problems that stop a build before it can look at the notes.
#[derive(Debug, thiserror::Error)]
pub enum Fatal {
    #[error(transparent)]
    Load(#[from] load::LoadError),
    #[error(transparent)]
    Theme(#[from] ThemeError),
    #[error("cannot write the output: {context}: {source}")]
    Io {
        context: String,
        source: std::io::Error,
    },
}

/// `nota build`: renders into a staging folder and swaps it in when clean.
pub fn build(config: &Config) -> Result<Report, Fatal> {
    let staging = Staging::create(&config.output).map_err(|source| Fatal::Io {
        context: format!(
            "creating a staging folder beside {}",
            config.output.display()
        ),
        source,
    })?;
    let report = run(config, &staging)?;
    if !report.has_errors() {
        staging.publish().map_err(|source| Fatal::Io {
            context: format!("replacing {}", config.output.display()),
            source,
        })?;
    }
    Ok(report)
}

/// `nota check`: everything `build` does, without writing.
pub fn check(config: &Config) -> Result<Report, Fatal> {
    run(config, &Discard::default())
}

/// Runs every stage, writing into `sink` as long as there are no errors.
pub fn run(config: &Config, sink: &dyn Sink) -> Result<Report, Fatal> {
    run_with(config, sink, &Session::default())
}

/// [`run`] within a session: reuses the results of the session's earlier
/// builds for notes whose inputs did not change (see `cache`).
pub fn run_with(config: &Config, sink: &dyn Sink, session: &Session) -> Result<Report, Fatal> {
    let started = Instant::now();
    let settings = KeyBuilder::new("settings")
        .part(format!("{config:?}").as_bytes())
        .finish();
    let mut memo = Memo::new(session.cache.take(), settings);
    let content = load::load(&config.root, &config.content_dir())?;
    let templates = Templates::load(config)?;
    let mut report = Report {
        notes_read: content.sources.len(),
        ..Report::default()
    };
    let Content {
        sources,
        assets,
        diagnostics,
    } = content;
    report.diagnostics.extend(diagnostics);

    let documents = parse_front_matter(config, sources, &mut memo, &mut report.diagnostics);
    let documents = without_drafts(config, documents);
    check_unique_urls(&documents, &mut report.diagnostics);
    let pages = render_markdown(&documents, &mut memo, &mut report.diagnostics);
    let site = index::build(pages);

    let templates = match templates {
        Ok(t) => Some(t),
        Err(problems) => {
            report.diagnostics.extend(problems);
            None
        }
    };
    if let (Some(templates), false) = (&templates, report.has_errors()) {
        report.pages_written = write_site(
            config,
            &site,
            templates,
            &assets,
            Output {
                sink,
                live_reload: session.live_reload.as_ref(),
                memo: &mut memo,
            },
            &mut report.diagnostics,
        )?;
    }
    if report.pages_written == 0 {
        // Nothing was rendered: keep the pages' HTML for the build that
        // follows the fix.
        memo.next.html = std::mem::take(&mut memo.previous.html);
    }
    memo.keep_documents(documents);
    memo.keep_pages(site.pages);
    let (generation, reused) = memo.finish();
    session.cache.store(generation);
    report.reused = reused;
    diagnostic::sort(&mut report.diagnostics);
    report.elapsed = started.elapsed();
    Ok(report)
}

fn parse_front_matter(
    config: &Config,
    sources: Vec<load::Source>,
    memo: &mut Memo,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Document> {
    let settings = memo.settings;
    let keyed: Vec<(Key, load::Source)> = sources
        .into_par_iter()
        .map(|source| (document_key(&settings, &source), source))
        .collect();
    let slots: Vec<_> = keyed
        .into_iter()
        .map(|(key, source)| {
            let path = source.path.clone();
            match cache::reuse(&mut memo.previous.documents, &path, &key) {
                Some(result) => {
                    memo.reuse.documents += 1;
                    (key, path, Ok(result))
                }
                None => (key, path, Err(source)),
            }
        })
        .collect();
    let results: Vec<_> = slots
        .into_par_iter()
        .map(|(key, path, slot)| {
            let result = slot.unwrap_or_else(|source| {
                front_matter::parse(source, &config.organisation, |s, slug| {
                    url::note_url(&s.rel, slug)
                })
            });
            (key, path, result)
        })
        .collect();
    let mut documents = Vec::with_capacity(results.len());
    for (key, path, result) in results {
        match result {
            Ok(doc) => {
                memo.document_keys.insert(path, key);
                documents.push(doc);
            }
            Err(problems) => {
                diagnostics.extend(problems.iter().cloned());
                memo.next.documents.insert(
                    path,
                    Entry {
                        key,
                        value: Err(problems),
                    },
                );
            }
        }
    }
    documents
}

/// Everything front-matter parsing reads: site settings, paths, full text.
fn document_key(settings: &Key, source: &load::Source) -> Key {
    KeyBuilder::new("front-matter")
        .key(settings)
        .part(source.path.as_os_str().as_encoded_bytes())
        .part(source.rel.as_os_str().as_encoded_bytes())
        .part(source.text.as_bytes())
        .finish()
}

fn without_drafts(config: &Config, documents: Vec<Document>) -> Vec<Document> {
    if config.drafts {
        return documents;
    }
    documents.into_iter().filter(|d| !d.meta.draft).collect()
}

/// Site paths that nota generates itself and notes may not take.
const RESERVED_URLS: &[&str] = &["/"];

fn check_unique_urls(documents: &[Document], diagnostics: &mut Vec<Diagnostic>) {
    let mut first_by_url: HashMap<&str, &Document> = HashMap::new();
    for doc in documents {
        if RESERVED_URLS.contains(&doc.url.as_str()) {
            diagnostics.push(
                Diagnostic::error(
                    "content/reserved-url",
                    format!(
                        "this note would be published at {}, which nota uses for the home page",
                        doc.url
                    ),
                )
                .at(Location::file(&doc.source.path))
                .help("move the note into a folder or give it a `slug`"),
            );
            continue;
        }
        match first_by_url.get(doc.url.as_str()) {
            Some(first) => diagnostics.push(
                Diagnostic::error(
                    "content/duplicate-url",
                    format!(
                        "this note and {} would both be published at {}",
                        diagnostic::display_path(&first.source.path),
                        doc.url
                    ),
                )
                .at(doc.key_location(if doc.meta.slug.is_some() {
                    "slug"
                } else {
                    "title"
                }))
                .help("give one of them a different `slug` or file name"),
            ),
            None => {
                first_by_url.insert(&doc.url, doc);
            }
        }
    }
}

fn render_markdown(
    documents: &[Document],
    memo: &mut Memo,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Page> {
    let note_urls: HashMap<PathBuf, String> = documents
        .iter()
        .map(|d| (d.source.rel.clone(), d.url.clone()))
        .collect();
    let ctx = RenderContext {
        note_urls: &note_urls,
    };
    let urls_key = note_urls_key(documents);
    let slots: Vec<_> = documents
        .iter()
        .map(|doc| {
            let key = markdown_key(memo, doc, &urls_key);
            let cached = cache::reuse(&mut memo.previous.pages, &doc.source.path, &key);
            if cached.is_some() {
                memo.reuse.pages += 1;
            }
            (doc, key, cached)
        })
        .collect();
    let rendered: Vec<_> = slots
        .into_par_iter()
        .map(|(doc, key, cached)| {
            if let Some((page, problems)) = cached {
                return (key, page, problems);
            }
            let rendered = markdown::render(doc, &ctx);
            let page = Page {
                url: doc.url.clone(),
                source_path: doc.source.path.clone(),
                meta: doc.meta.clone(),
                content: rendered.html,
                toc: rendered.toc,
                summary: rendered.summary,
            };
            (key, page, rendered.diagnostics)
        })
        .collect();
    let mut pages = Vec::with_capacity(rendered.len());
    for (key, page, problems) in rendered {
        diagnostics.extend(problems.iter().cloned());
        memo.page_keys
            .insert(page.source_path.clone(), (key, problems));
        pages.push(page);
    }
    pages
}

/// The URL of every note, in the documents' (sorted) order.
fn note_urls_key(documents: &[Document]) -> Key {
    let mut key = KeyBuilder::new("note-urls");
    for doc in documents {
        key.part(doc.source.rel.as_os_str().as_encoded_bytes())
            .part(doc.url.as_bytes());
    }
    key.finish()
}

/// Everything rendering a body reads: the document (via its key) and, when
/// the body can link to other notes by path (`x.md`), the URLs of all notes.
fn markdown_key(memo: &Memo, doc: &Document, urls_key: &Key) -> Key {
    let document = memo
        .document_keys
        .get(&doc.source.path)
        .copied()
        .unwrap_or_else(|| KeyBuilder::new("uncached").finish());
    let mut key = KeyBuilder::new("markdown");
    key.key(&document);
    if doc.body.contains(".md") {
        key.key(urls_key);
    }
    key.finish()
}

/// Where and how `write_site` writes.
struct Output<'a> {
    sink: &'a dyn Sink,
    live_reload: Option<&'a LiveReload>,
    memo: &'a mut Memo,
}

/// Renders every page into `sink`; returns the number of HTML pages.
fn write_site(
    config: &Config,
    site: &Site,
    templates: &Templates,
    assets: &[Asset],
    output: Output<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<usize, Fatal> {
    let Output {
        sink,
        live_reload,
        memo,
    } = output;
    let mut site_view = SiteView::new(config);
    site_view.live_reload = live_reload;
    let templates_key = templates_key(templates, live_reload);
    let slots: Vec<_> = site
        .pages
        .iter()
        .map(|page| {
            let key = html_key(memo, page, &templates_key);
            let cached = key.and_then(|k| cache::reuse(&mut memo.previous.html, &page.url, &k));
            if cached.is_some() {
                memo.reuse.html += 1;
            }
            (page, key, cached)
        })
        .collect();
    let results: Vec<Result<_, Diagnostic>> = slots
        .into_par_iter()
        .map(|(page, key, cached)| {
            let html = match cached {
                Some(html) => html,
                None => {
                    let mut context = Context::new();
                    context.insert("site", &site_view);
                    context.insert("page", &PageView::new(page, config, true));
                    Arc::from(templates.render("page.html", &context)?)
                }
            };
            write_shared(sink, &Page::output_path(&page.url), &html)?;
            Ok((page, key, html))
        })
        .collect();
    let mut render_errors: Vec<Diagnostic> = Vec::new();
    for result in results {
        match result {
            Ok((page, Some(key), html)) => {
                memo.next
                    .html
                    .insert(page.url.clone(), Entry { key, value: html });
            }
            Ok(_) => {}
            Err(d) => {
                if !render_errors.contains(&d) {
                    render_errors.push(d);
                }
            }
        }
    }

    let list: Vec<PageView<'_>> = site
        .pages
        .iter()
        .map(|p| PageView::new(p, config, false))
        .collect();
    let mut home = Context::new();
    home.insert("site", &site_view);
    home.insert("pages", &list);
    let mut not_found = Context::new();
    not_found.insert("site", &site_view);
    for (template, context, path) in [
        ("index.html", &home, "index.html"),
        ("404.html", &not_found, "404.html"),
    ] {
        match templates.render(template, context) {
            Ok(html) => {
                if let Err(d) = write(sink, path, &html) {
                    render_errors.push(d);
                }
            }
            Err(d) => {
                if !render_errors.contains(&d) {
                    render_errors.push(d);
                }
            }
        }
    }
    let pages_written = site.pages.len() + 2;
    diagnostics.extend(render_errors);
    copy_static(config, assets, sink)?;
    Ok(pages_written)
}

fn write(sink: &dyn Sink, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    sink.write(path, bytes).map_err(|e| write_error(path, &e))
}

fn write_shared(sink: &dyn Sink, path: &str, bytes: &Arc<[u8]>) -> Result<(), Diagnostic> {
    sink.write_shared(path, bytes)
        .map_err(|e| write_error(path, &e))
}

fn write_error(path: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error("output/write", format!("cannot write {path}: {e}"))
        .help("check that the output folder is writable and the disk is not full")
}

/// Everything besides the page that decides a page's HTML: the templates and
/// whether pages load the live-reload script.
fn templates_key(templates: &Templates, live_reload: Option<&LiveReload>) -> Key {
    let mut key = KeyBuilder::new("templates");
    for (name, text) in templates.sources() {
        key.part(name.as_bytes()).part(text.as_bytes());
    }
    key.part(format!("{live_reload:?}").as_bytes());
    key.finish()
}

/// The key of a page's HTML; `None` (never cached) for a page without a
/// Markdown key.
fn html_key(memo: &Memo, page: &Page, templates_key: &Key) -> Option<Key> {
    let (markdown, _) = memo.page_keys.get(&page.source_path)?;
    Some(
        KeyBuilder::new("html")
            .key(markdown)
            .key(templates_key)
            .finish(),
    )
}

/// Copies the theme's `static/` folder and the non-note files of `content/`.
fn copy_static(config: &Config, assets: &[Asset], sink: &dyn Sink) -> Result<(), Fatal> {
    let static_dir = config.theme_dir().join("static");
    let mut files: Vec<(PathBuf, PathBuf)> = Vec::new();
    if static_dir.is_dir() {
        for entry in walkdir::WalkDir::new(&static_dir).sort_by_file_name() {
            let entry = entry.map_err(|e| Fatal::Io {
                context: format!("reading {}", static_dir.display()),
                source: e.into(),
            })?;
            if entry.file_type().is_file() {
                let rel = entry
                    .path()
                    .strip_prefix(&static_dir)
                    .unwrap_or(entry.path())
                    .to_path_buf();
                files.push((entry.into_path(), rel));
            }
        }
    }
    files.extend(assets.iter().map(|a| (a.source.clone(), a.rel.clone())));
    files.par_iter().try_for_each(|(from, rel)| {
        sink.copy(from, rel).map_err(|source| Fatal::Io {
            context: format!("copying {}", from.display()),
            source,
        })
    })
}
