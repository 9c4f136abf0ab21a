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

use crate::cache::{
    self, BuildCache, CachedDocument, DocumentKey, Entry, Key, KeyBuilder, Memo, Reuse,
};
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
    let content = load::load_with(&config.root, &config.content_dir(), &|path, stamp| {
        memo.known_text(path, stamp)
    })?;
    let templates = Templates::load(config)?;
    let mut report = Report {
        notes_read: content.sources.len(),
        ..Report::default()
    };
    let Content {
        sources,
        assets,
        diagnostics,
        stamps,
    } = content;
    memo.next.stamps = stamps;
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
    let previous = &memo.previous.documents;
    let unchanged: Vec<bool> = sources
        .par_iter()
        .map(|source| {
            previous
                .get(&source.path)
                .is_some_and(|entry| entry.value.matches(&settings, source))
        })
        .collect();
    let slots: Vec<_> = sources
        .into_iter()
        .zip(unchanged)
        .map(|(source, unchanged)| {
            let cached = unchanged
                .then(|| memo.previous.documents.remove(&source.path))
                .flatten();
            match cached {
                Some(entry) => {
                    memo.reuse.documents += 1;
                    Ok(entry)
                }
                None => Err(source),
            }
        })
        .collect();
    let results: Vec<Entry<CachedDocument>> = slots
        .into_par_iter()
        .map(|slot| slot.unwrap_or_else(|source| parse_one(config, &settings, source)))
        .collect();
    let mut documents = Vec::with_capacity(results.len());
    for Entry { key, value } in results {
        if let Err(problems) = &value.result {
            diagnostics.extend(problems.iter().cloned());
            memo.next
                .documents
                .insert(value.path.clone(), Entry { key, value });
            continue;
        }
        memo.document_keys.insert(
            value.path.clone(),
            DocumentKey {
                key,
                links_by_path: value.links_by_path,
            },
        );
        if let Ok(doc) = value.result {
            documents.push(doc);
        }
    }
    documents
}

/// Parses one note's front matter, with the key of everything it read:
/// site settings, paths and full text.
fn parse_one(config: &Config, settings: &Key, source: load::Source) -> Entry<CachedDocument> {
    let key = KeyBuilder::new("front-matter")
        .key(settings)
        .part(source.path.as_os_str().as_encoded_bytes())
        .part(source.rel.as_os_str().as_encoded_bytes())
        .part(source.text.as_bytes())
        .finish();
    let path = source.path.clone();
    let rel = source.rel.clone();
    let links_by_path = source.text.contains(".md");
    let failed_text = source.text.clone();
    let result = front_matter::parse(source, &config.organisation, |s, slug| {
        url::note_url(&s.rel, slug)
    });
    Entry {
        key,
        value: CachedDocument {
            settings: *settings,
            path,
            rel,
            failed_text: result.is_err().then_some(failed_text),
            result,
            links_by_path,
        },
    }
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
    let keys: Vec<Option<Key>> = documents
        .par_iter()
        .map(|doc| markdown_key(memo, doc, &urls_key))
        .collect();
    let slots: Vec<_> = documents
        .iter()
        .zip(keys)
        .map(|(doc, key)| {
            let cached =
                key.and_then(|k| cache::reuse(&mut memo.previous.pages, &doc.source.path, &k));
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
        if let Some(key) = key {
            memo.page_keys
                .insert(page.source_path.clone(), (key, problems));
        }
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
fn markdown_key(memo: &Memo, doc: &Document, urls_key: &Key) -> Option<Key> {
    let document = memo.document_keys.get(&doc.source.path)?;
    let mut key = KeyBuilder::new("markdown");
    key.key(&document.key);
    if document.links_by_path {
        key.key(urls_key);
    }
    Some(key.finish())
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
    // The home page lists every note; it renders while the notes' pages do.
    let (mut render_errors, list_errors) = rayon::join(
        || write_pages(config, site, templates, &site_view, sink, memo),
        || write_lists(config, site, templates, &site_view, sink),
    );
    for d in list_errors {
        if !render_errors.contains(&d) {
            render_errors.push(d);
        }
    }
    let pages_written = site.pages.len() + 2;
    diagnostics.extend(render_errors);
    copy_static(config, assets, sink)?;
    Ok(pages_written)
}

/// One page per note, from the cache when the page's inputs are unchanged.
fn write_pages(
    config: &Config,
    site: &Site,
    templates: &Templates,
    site_view: &SiteView<'_>,
    sink: &dyn Sink,
    memo: &mut Memo,
) -> Vec<Diagnostic> {
    let templates_key = templates_key(templates, site_view.live_reload);
    let keys: Vec<Option<Key>> = site
        .pages
        .par_iter()
        .map(|page| html_key(memo, page, &templates_key))
        .collect();
    let slots: Vec<_> = site
        .pages
        .iter()
        .zip(keys)
        .map(|(page, key)| {
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
                    context.insert("site", site_view);
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
    render_errors
}

/// The home page and the 404 page.
fn write_lists(
    config: &Config,
    site: &Site,
    templates: &Templates,
    site_view: &SiteView<'_>,
    sink: &dyn Sink,
) -> Vec<Diagnostic> {
    let mut render_errors = Vec::new();
    let list: Vec<PageView<'_>> = site
        .pages
        .iter()
        .map(|p| PageView::new(p, config, false))
        .collect();
    let mut home = Context::new();
    home.insert("site", site_view);
    home.insert("pages", &list);
    let mut not_found = Context::new();
    not_found.insert("site", site_view);
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
    render_errors
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
