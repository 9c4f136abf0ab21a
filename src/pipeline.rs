//! The build, stage by stage. This is the only module that knows the order:
//!
//! load → front matter → markdown → checks → index → templates → write.
//!
//! Each stage reports findings instead of stopping, so one run lists every
//! problem; nothing is written when any finding is an error.

use rustc_hash::FxHashMap as HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::cache::{
    self, BuildCache, CachedDocument, DocumentKey, Entry, Key, KeyBuilder, Memo, NoteFindings,
    Outputs, Reuse,
};
use crate::config::Config;
use crate::diagnostic::{self, Diagnostic, Location};
use crate::front_matter::{self, Document};
use crate::incremental::{self, Changes, Listing, OutputKeys};
use crate::index::{self, Site};
use crate::leak_guard::LeakGuard;
use crate::listing;
use crate::load::{self, Asset, Content};
use crate::markdown::{self, RenderContext};
use crate::output::{Discard, Sink, Staging};
use crate::page::Page;
use crate::personal_data;
use crate::redaction::{NoteReport, Withheld};
use crate::templates::{LiveReload, PageView, SharedViews, SiteView, Templates, ThemeError};
use crate::timings::Timings;
use crate::url;
use crate::woo;

/// What a build or check did.
#[derive(Debug, Default)]
pub struct Report {
    pub notes_read: usize,
    pub pages_written: usize,
    pub diagnostics: Vec<Diagnostic>,
    /// What each note withholds, for the redaction overview.
    pub redactions: Vec<NoteReport>,
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
    /// What changed since the session's previous build (the watcher's
    /// paths); taken by the next build.
    pub changes: Mutex<Changes>,
    /// Whether builds keep their results for the next one (`serve`). A
    /// one-off `build` or `check` keeps nothing: holding every page's HTML
    /// until the end would only raise peak memory.
    pub retain: bool,
    /// Whether the report lists what each note withholds (`nota check`
    /// prints it; nobody else reads it).
    pub redaction_overview: bool,
}

impl Session {
    /// Tells the next build what changed; `Changes::Unknown` makes it look
    /// at every file.
    pub fn set_changes(&self, changes: Changes) {
        *self.changes.lock().unwrap_or_else(PoisonError::into_inner) = changes;
    }

    fn take_changes(&self) -> Changes {
        std::mem::take(&mut *self.changes.lock().unwrap_or_else(PoisonError::into_inner))
    }
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

/// `nota check`: everything `build` does, without writing, with the
/// redaction overview.
pub fn check(config: &Config) -> Result<Report, Fatal> {
    let session = Session {
        redaction_overview: true,
        ..Session::default()
    };
    run_with(config, &Discard::default(), &session)
}

/// Runs every stage, writing into `sink` as long as there are no errors.
pub fn run(config: &Config, sink: &dyn Sink) -> Result<Report, Fatal> {
    run_with(config, sink, &Session::default())
}

/// [`run`] within a session: reuses the results of the session's earlier
/// builds for notes whose inputs did not change (see `cache`).
pub fn run_with(config: &Config, sink: &dyn Sink, session: &Session) -> Result<Report, Fatal> {
    let started = Instant::now();
    let mut timings = Timings::from_env();
    let settings = KeyBuilder::new("settings")
        .part(format!("{config:?}").as_bytes())
        .finish();
    let mut memo = Memo::new(session.cache.take(), settings);
    memo.retain = session.retain;
    let content = incremental::load(
        &config.root,
        &config.content_dir(),
        &session.take_changes(),
        &memo.previous,
        &|path, stamp| memo.known_text(path, stamp),
    )?;
    memo.next.listing = Listing::of(&config.content_dir(), &content);
    let templates = Templates::load(config)?;
    timings.mark("load");
    let mut report = Report {
        notes_read: content.sources.len(),
        ..Report::default()
    };
    let Content {
        sources,
        assets,
        diagnostics,
        stamps: _,
    } = content;
    report.diagnostics.extend(diagnostics);
    report
        .diagnostics
        .extend(config.woo.warnings.iter().cloned());

    let documents = parse_front_matter(config, sources, &mut memo, &mut report.diagnostics);
    let documents = without_drafts(config, documents);
    check_unique_urls(&documents, &mut report.diagnostics);
    timings.mark("front matter");
    let (pages, withheld) = render_markdown(config, &documents, &mut memo, &mut report.diagnostics);
    timings.mark("markdown");
    // `woo.status: niet-openbaar` notes go no further than the inventory.
    let (pages, unpublished): (Vec<Page>, Vec<Page>) =
        pages.into_iter().partition(|p| p.woo.is_published());
    let mut site_order = std::mem::take(&mut memo.previous.site_order);
    let site = index::build_with(
        pages,
        &documents,
        &config.indexes,
        &mut report.diagnostics,
        (
            |pages: &[Page]| incremental::related(pages, &mut memo),
            &mut site_order,
        ),
    );
    memo.next.site_order = site_order;
    // A one-off build reads no source again: free them before the pages are
    // rendered, when the build needs the most memory.
    let documents = if memo.retain { documents } else { Vec::new() };
    timings.mark("index");
    // The Markdown key of every page in site order: what every generated
    // file that shows a note is keyed on.
    let page_keys: Vec<Option<Key>> = site
        .pages
        .iter()
        .map(|p| memo.page_keys.get(&p.source_path).map(|(key, _)| *key))
        .collect();
    let unpublished_keys: Vec<Option<Key>> = unpublished
        .iter()
        .map(|p| memo.page_keys.get(&p.source_path).map(|(key, _)| *key))
        .collect();
    let other_paths = other_site_paths(config, &assets, &site);
    report.diagnostics.extend(incremental::checks(
        &site.pages,
        &page_keys,
        other_paths,
        &mut memo,
    ));
    timings.mark("checks");
    if session.redaction_overview {
        report.redactions = redaction_overview(site.pages.iter().chain(&unpublished));
    }
    // From here on every file goes through the leak guard, whoever writes it:
    // the unguarded sink is shadowed.
    let guard = if session.retain {
        LeakGuard::remembering(sink, withheld, std::mem::take(&mut memo.previous.admitted))
    } else {
        LeakGuard::new(sink, withheld)
    };
    let sink: &dyn Sink = &guard;
    let outputs = Outputs::new(std::mem::take(&mut memo.previous.outputs));

    let templates = match templates {
        Ok(t) => Some(t),
        Err(problems) => {
            report.diagnostics.extend(problems);
            None
        }
    };
    if let (Some(templates), false) = (&templates, report.has_errors()) {
        let templates_key = templates_key(templates, session.live_reload.as_ref());
        let keys = OutputKeys::new(
            &outputs,
            &page_keys,
            incremental::outputs_base(&memo.settings, &templates_key),
        );
        // The Woo files render while the pages do: they only read the site.
        let mut woo_diagnostics = Vec::new();
        let woo_previous = std::mem::take(&mut memo.previous.woo);
        let (pages_written, (woo_pages, woo_indexes, woo_next)) = rayon::join(
            || {
                write_site(
                    config,
                    &site,
                    templates,
                    &assets,
                    Output {
                        sink,
                        live_reload: session.live_reload.as_ref(),
                        memo: &mut memo,
                        keys: &keys,
                        templates_key,
                    },
                    &mut report.diagnostics,
                    &mut timings,
                )
            },
            || {
                write_woo(
                    config,
                    &site,
                    &unpublished,
                    templates,
                    (sink, session.live_reload.as_ref(), &keys),
                    (woo_previous, &unpublished_keys),
                    &mut woo_diagnostics,
                )
            },
        );
        memo.next.woo = woo_next;
        report.pages_written = pages_written?;
        report.diagnostics.extend(woo_diagnostics);
        report.pages_written += woo_pages;
        report
            .diagnostics
            .extend(write_robots(config, woo_indexes, sink));
        timings.mark("woo");
    } else {
        // Nothing is rendered: keep the Woo results for the build after the fix.
        memo.next.woo = std::mem::take(&mut memo.previous.woo);
    }
    report.diagnostics.extend(guard.findings());
    memo.next.admitted = guard.into_admitted();
    memo.reuse.outputs = outputs.reused();
    memo.next.outputs = outputs.finish(report.pages_written > 0);
    if report.pages_written == 0 {
        // Nothing was rendered: keep the pages' HTML for the build that
        // follows the fix.
        memo.next.html = std::mem::take(&mut memo.previous.html);
    }
    report.reused = memo.reuse;
    if memo.retain {
        // The next build's cache is put together while this build's site
        // goes to the browser.
        let pages = site.pages;
        session.cache.store_later(move || {
            memo.keep_documents(documents);
            memo.keep_pages(pages);
            memo.finish().0
        });
    }
    diagnostic::sort(&mut report.diagnostics);
    if let Some(text) = timings.report() {
        eprint!("{text}");
    }
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

/// Site paths that nota generates itself and notes may not take, with what
/// nota uses them for.
const RESERVED_URLS: &[(&str, &str)] = &[
    ("/", "the home page"),
    (woo::inventory::PAGE_URL, "the Woo inventory"),
];

fn check_unique_urls(documents: &[Document], diagnostics: &mut Vec<Diagnostic>) {
    let mut first_by_url: HashMap<&str, &Document> = HashMap::default();
    for doc in documents {
        if let Some((_, what)) = RESERVED_URLS.iter().find(|(url, _)| *url == doc.url) {
            diagnostics.push(
                Diagnostic::error(
                    "content/reserved-url",
                    format!(
                        "this note would be published at {}, which nota uses for {what}",
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
    config: &Config,
    documents: &[Document],
    memo: &mut Memo,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Page>, Vec<Withheld>) {
    let note_urls: HashMap<PathBuf, String> = documents
        .iter()
        .map(|d| (d.source.rel.clone(), d.url.clone()))
        .collect();
    let ctx = RenderContext {
        note_urls: &note_urls,
        id_prefix: "",
        redaction: &config.redaction,
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
            if let Some((page, findings)) = cached {
                return (key, page, findings);
            }
            let rendered = markdown::render(doc, &ctx);
            let (woo, mut problems) = woo::note::resolve(doc, &config.woo);
            problems.extend(rendered.diagnostics);
            // A note that is not published at all publishes no personal data.
            let personal = if woo.is_published() {
                personal_data::check(
                    &rendered.published,
                    &doc.meta.personal_data.accept,
                    &config.personal_data,
                )
            } else {
                personal_data::Outcome::default()
            };
            problems.extend(personal.diagnostics);
            let page = Page {
                link_targets: Page::link_targets_of(&doc.url, &rendered.facts.ids),
                url: doc.url.clone(),
                source_path: doc.source.path.clone(),
                meta: doc.meta.clone(),
                content: rendered.html,
                toc: rendered.toc,
                summary: rendered.summary,
                facts: rendered.facts,
                redactions: rendered.redactions,
                woo,
                personal_data: personal.listed,
            };
            let findings = NoteFindings {
                diagnostics: problems,
                withheld: rendered.withheld,
            };
            (key, page, findings)
        })
        .collect();
    let mut pages = Vec::with_capacity(rendered.len());
    let mut withheld = Vec::new();
    for (key, page, findings) in rendered {
        diagnostics.extend(findings.diagnostics.iter().cloned());
        withheld.extend(findings.withheld.iter().cloned());
        if let Some(key) = key {
            memo.page_keys
                .insert(page.source_path.clone(), (key, findings));
        }
        pages.push(page);
    }
    (pages, withheld)
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
    keys: &'a OutputKeys<'a>,
    templates_key: Key,
}

/// The redaction facts of every page, in source order.
fn redaction_overview<'a>(pages: impl Iterator<Item = &'a Page>) -> Vec<NoteReport> {
    let notes: Vec<NoteReport> = pages
        .map(|p| {
            let mut report = NoteReport::new(p.source_path.clone(), p.url.clone(), &p.redactions);
            report.personal_data.clone_from(&p.personal_data);
            if !p.woo.is_published() {
                report.beoordeling = "Niet openbaar";
            }
            report
        })
        .collect();
    in_path_order(notes)
}

/// The reports by path, in `Path`'s order (by components), with each path
/// split into components once rather than at every comparison.
fn in_path_order(notes: Vec<NoteReport>) -> Vec<NoteReport> {
    let components: Vec<Vec<std::path::Component<'_>>> = notes
        .iter()
        .map(|n| n.path.components().collect())
        .collect();
    let mut order: Vec<usize> = (0..notes.len()).collect();
    order.sort_by(|&a, &b| components[a].cmp(&components[b]));
    drop(components);
    let mut slots: Vec<Option<NoteReport>> = notes.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|index| slots[index].take())
        .collect()
}

/// Renders every page into `sink`; returns the number of HTML pages.
fn write_site(
    config: &Config,
    site: &Site,
    templates: &Templates,
    assets: &[Asset],
    output: Output<'_>,
    diagnostics: &mut Vec<Diagnostic>,
    timings: &mut Timings,
) -> Result<usize, Fatal> {
    let Output {
        sink,
        live_reload,
        memo,
        keys,
        templates_key,
    } = output;
    let mut site_view = SiteView::new(config);
    site_view.live_reload = live_reload;
    // The index pages (home, taxonomies, feeds) render while the notes' pages do.
    let (mut render_errors, (listed, list_errors)) = rayon::join(
        || {
            write_pages(
                config,
                site,
                templates,
                &site_view,
                sink,
                (memo, keys, &templates_key),
            )
        },
        || write_lists(config, site, templates, &site_view, sink, keys),
    );
    for d in list_errors {
        if !render_errors.contains(&d) {
            render_errors.push(d);
        }
    }
    timings.mark("pages");
    let pages_written = site.pages.len() + listed;
    diagnostics.extend(render_errors);
    copy_static(config, assets, sink)?;
    timings.mark("static");
    Ok(pages_written)
}

/// One page per note, from the cache when the page's inputs are unchanged.
fn write_pages(
    config: &Config,
    site: &Site,
    templates: &Templates,
    site_view: &SiteView<'_>,
    sink: &dyn Sink,
    (memo, keys, templates_key): (&mut Memo, &OutputKeys<'_>, &Key),
) -> Vec<Diagnostic> {
    // `site` and the related notes' entries are made once, not once per page.
    let shared = SharedViews::new(site_view, config, &site.pages);
    let term_keys = term_keys(site);
    let previous = &memo.previous.html;
    let retain = memo.retain;
    // Keys, cache look-ups and rendering in one parallel pass: an edit that
    // changes one page leaves no sequential walk over every page.
    let results: Vec<Result<_, Diagnostic>> = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(index, page)| {
            let related = &site.related[index];
            let key = html_key(
                keys.page_keys,
                index,
                templates_key,
                (site, &term_keys),
                related,
            );
            let cached = key.and_then(|k| {
                previous
                    .get(&page.url)
                    .filter(|entry| entry.key == k)
                    .map(|entry| Arc::clone(&entry.value))
            });
            let reused = cached.is_some();
            let html = match cached {
                Some(html) => html,
                None => {
                    let view = NotePage {
                        page: PageView::new(page, config, true),
                        terms: listing::note_terms(site, index),
                    };
                    Arc::from(templates.render_shared(
                        "page.html",
                        &view,
                        &shared,
                        &[("related", related)],
                    )?)
                }
            };
            write_shared(sink, &Page::output_path(&page.url), &html)?;
            // Only a session that keeps results holds on to the HTML; a
            // reused page's entry simply stays where it is.
            let kept = match (key, retain, reused) {
                (Some(_), true, true) => Kept::Unchanged,
                (Some(key), true, false) => Kept::New(Entry { key, value: html }),
                _ => Kept::Not,
            };
            Ok(kept)
        })
        .collect();
    // The previous build's entries are updated in place: with one page
    // changed, that is one insertion, not ten thousand.
    let mut html = if retain {
        std::mem::take(&mut memo.previous.html)
    } else {
        HashMap::default()
    };
    let mut kept_pages = 0;
    let mut render_errors: Vec<Diagnostic> = Vec::new();
    for (page, result) in site.pages.iter().zip(results) {
        match result {
            Ok(Kept::Unchanged) => {
                memo.reuse.html += 1;
                kept_pages += 1;
            }
            Ok(Kept::New(entry)) => {
                html.insert(page.url.clone(), entry);
                kept_pages += 1;
            }
            Ok(Kept::Not) => {
                html.remove(&page.url);
            }
            Err(d) => {
                html.remove(&page.url);
                if !render_errors.contains(&d) {
                    render_errors.push(d);
                }
            }
        }
    }
    if html.len() != kept_pages {
        // Pages that are gone (deleted, renamed, now drafts).
        let live: rustc_hash::FxHashSet<&str> = site.pages.iter().map(|p| p.url.as_str()).collect();
        html.retain(|url, _| live.contains(url.as_str()));
    }
    memo.next.html = html;
    render_errors
}

/// What a page's rendering leaves for the next build.
enum Kept {
    /// The previous build's entry, reused as is.
    Unchanged,
    /// A newly rendered page.
    New(Entry<Arc<[u8]>>),
    /// Nothing (no key, or a session that keeps nothing).
    Not,
}

/// The 404 page and every index page (home, taxonomies, feeds, sitemap);
/// returns how many HTML pages were written.
fn write_lists(
    config: &Config,
    site: &Site,
    templates: &Templates,
    site_view: &SiteView<'_>,
    sink: &dyn Sink,
    keys: &OutputKeys<'_>,
) -> (usize, Vec<Diagnostic>) {
    let mut render_errors = Vec::new();
    match templates.render_view("404.html", &NotFound { site: site_view }) {
        Ok(html) => {
            if let Err(d) = write(sink, "404.html", &html) {
                render_errors.push(d);
            }
        }
        Err(d) => render_errors.push(d),
    }
    let listed = listing::write(
        config,
        site,
        templates,
        (site_view, keys),
        sink,
        &mut render_errors,
    );
    (listed + 1, render_errors)
}

/// `page.html`'s own variables (`site` and `related` come from [`SharedViews`]).
#[derive(serde::Serialize)]
struct NotePage<'a> {
    page: PageView<'a>,
    terms: std::collections::BTreeMap<&'static str, Vec<listing::TermLink<'a>>>,
}

/// `inventaris.html`'s variables.
#[derive(serde::Serialize)]
struct InventoryPage<'a> {
    site: &'a SiteView<'a>,
    inventory: woo::inventory::View<'a>,
}

/// `404.html`'s variables.
#[derive(serde::Serialize)]
struct NotFound<'a> {
    site: &'a SiteView<'a>,
}

/// Site paths of everything a build writes besides the notes: the generated
/// pages, the theme's static files and the assets under `content/`. Add any
/// new generated page here so links to it are not reported as broken.
fn other_site_paths(config: &Config, assets: &[Asset], site: &Site) -> Vec<String> {
    let static_dir = config.theme_dir().join("static");
    let theme_files = walkdir::WalkDir::new(&static_dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            e.path()
                .strip_prefix(&static_dir)
                .ok()
                .map(diagnostic::display_path)
        });
    let asset_files = assets.iter().map(|a| diagnostic::display_path(&a.rel));
    let woo_files = if config.woo.enabled() {
        vec![
            "woo/inventaris/index.html".to_string(),
            woo::inventory::CSV_URL.trim_start_matches('/').to_string(),
            "robots.txt".to_string(),
        ]
    } else {
        Vec::new()
    };
    ["index.html", "404.html"]
        .into_iter()
        .map(str::to_string)
        .chain(woo_files)
        .chain(theme_files)
        .chain(asset_files)
        .map(|rel| format!("/{rel}"))
        .chain(std::iter::once("/".to_string()))
        .chain(listing::site_paths(config, site))
        .collect()
}

/// Writes one output file, turning a failure into a diagnostic.
pub(crate) fn write(sink: &dyn Sink, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    sink.write(path, bytes).map_err(|e| write_error(path, &e))
}

pub(crate) fn write_shared(
    sink: &dyn Sink,
    path: &str,
    bytes: &Arc<[u8]>,
) -> Result<(), Diagnostic> {
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

/// For every taxonomy (in site order) and each of its terms, the key of the
/// term's link (name and URL): made once per term, so a page's key does not
/// format its terms' links again.
fn term_keys(site: &Site) -> Vec<Vec<Key>> {
    site.taxonomies
        .iter()
        .map(|index| {
            index
                .terms
                .iter()
                .map(|term| {
                    KeyBuilder::new("term link")
                        .part(index.taxonomy.field.name().as_bytes())
                        .part(term.name.as_bytes())
                        .part(index.term_url(term).as_bytes())
                        .finish()
                })
                .collect()
        })
        .collect()
}

/// The key of a page's HTML: its Markdown, the templates, and what the page
/// shows of other notes: its terms (the links that `listing::note_terms`
/// makes, by their [`term_keys`]), and its related notes (by their
/// Markdown keys, which cover everything a list entry shows). `None` (never
/// cached) when one of the notes has no Markdown key.
fn html_key(
    page_keys: &[Option<Key>],
    index: usize,
    templates_key: &Key,
    (site, term_keys): (&Site, &[Vec<Key>]),
    related: &[usize],
) -> Option<Key> {
    let mut key = KeyBuilder::new("html");
    key.key(page_keys[index].as_ref()?).key(templates_key);
    for (taxonomy, keys) in site.taxonomies.iter().zip(term_keys) {
        let terms = &taxonomy.page_terms[index];
        key.part(taxonomy.taxonomy.field.name().as_bytes())
            .part(&terms.len().to_le_bytes());
        for &term in terms {
            key.key(&keys[term]);
        }
    }
    key.part(&related.len().to_le_bytes());
    for &other in related {
        key.key(page_keys[other].as_ref()?);
    }
    Some(key.finish())
}

/// The Woo output, when `[woo]` names a publisher: the DiWoo sitemaps for
/// the Woo-index (listed in `robots.txt`), and the inventory as CSV and page.
/// Returns the number of HTML pages written, the URLs of the sitemap
/// indexes, which `robots.txt` must name, and what the next build may reuse
/// (`woo_state` is the previous build's, with the unpublished notes' keys).
fn write_woo(
    config: &Config,
    site: &Site,
    unpublished: &[Page],
    templates: &Templates,
    (sink, live_reload, keys): (&dyn Sink, Option<&LiveReload>, &OutputKeys<'_>),
    woo_state: (woo::reuse::Cache, &[Option<Key>]),
    diagnostics: &mut Vec<Diagnostic>,
) -> (usize, Vec<String>, woo::reuse::Cache) {
    let Some(publication) = &config.woo.publication else {
        return (0, Vec::new(), woo_state.0);
    };
    let mut index_urls = Vec::new();
    let mut problems = Vec::new();
    let (previous, unpublished_keys) = woo_state;
    let mut rebuild = woo::reuse::Rebuild::new(previous, keys.base());
    let notes = rebuild.notes(
        site.pages
            .iter()
            .zip(keys.page_keys.iter().copied())
            .chain(unpublished.iter().zip(unpublished_keys.iter().copied())),
        publication,
        config,
    );
    match rebuild.sitemaps(
        (&site.pages, &notes[..site.pages.len()]),
        config,
        woo::diwoo::WOO_INDEX_LIMITS,
    ) {
        Ok(sitemaps) => {
            for (path, bytes) in &sitemaps.files {
                problems.extend(write_shared(sink, path, bytes).err());
            }
            for index in &sitemaps.indexes {
                problems.extend(write(sink, &index.path, index.xml.as_bytes()).err());
            }
            index_urls = woo::diwoo::sitemap_index_urls(&config.base_url, &sitemaps.indexes);
        }
        Err(d) => problems.push(d),
    }

    // The CSV and the page are made from the rows (and settings) only, so
    // they are keyed on the rows' keys; the rows are sorted only when one
    // of them is made.
    let sorted = std::cell::OnceCell::new();
    let rows = || {
        sorted.get_or_init(|| {
            let mut rows: Vec<&woo::inventory::Row> = notes.iter().map(|n| &*n.row).collect();
            woo::inventory::sort(&mut rows);
            rows
        })
    };
    let rows_key = rebuild.inventory_key(&notes);
    let rows_key_for = |what: &str| rows_key.map(|k| KeyBuilder::new(what).key(&k).finish());
    let csv_path = woo::inventory::CSV_URL.trim_start_matches('/');
    match keys.outputs.get_or_render(
        csv_path,
        rows_key_for("csv"),
        || woo::inventory::csv(rows()),
    ) {
        Ok(bytes) => problems.extend(write_shared(sink, csv_path, &bytes).err()),
        Err(e) => problems.push(Diagnostic::error(
            "output/write",
            format!("cannot write the inventory CSV: {e}"),
        )),
    }
    let mut written = 0;
    if templates.has("inventaris.html") {
        // The context (thousands of rows) is only made when the page is.
        let render = || {
            let mut site_view = SiteView::new(config);
            site_view.live_reload = live_reload;
            let view = InventoryPage {
                site: &site_view,
                inventory: woo::inventory::View::new(rows()),
            };
            templates.render_view("inventaris.html", &view)
        };
        let path = Page::output_path(woo::inventory::PAGE_URL);
        let key = rows_key_for("page");
        match keys
            .outputs
            .get_or_render(&path, key, render)
            .and_then(|html| write_shared(sink, &path, &html))
        {
            Ok(()) => written += 1,
            Err(d) => problems.push(d),
        }
    } else {
        problems.push(
            Diagnostic::error(
                "template/missing",
                "the theme has no template `inventaris.html`, which the Woo inventory needs",
            )
            .at(Location::file(
                std::path::Path::new("themes").join(&config.theme).join("templates"),
            ))
            .help("add inventaris.html to the theme (copy it from the default theme), or turn Woo output off in nota.toml"),
        );
    }
    diagnostics.extend(problems);
    (written, index_urls, rebuild.finish())
}

/// `robots.txt`, naming `sitemap.xml` and the Woo-index sitemap indexes.
fn write_robots(config: &Config, woo_indexes: Vec<String>, sink: &dyn Sink) -> Option<Diagnostic> {
    let mut sitemaps = vec![config.permalink(crate::sitemap::SITEMAP_PATH)];
    sitemaps.extend(woo_indexes);
    let robots = crate::sitemap::robots_txt(&sitemaps);
    write(sink, "robots.txt", robots.as_bytes()).err()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_are_in_the_order_of_paths() {
        let paths = [
            "content/a/x.md",
            "content/a-b/x.md",
            "content/a.md",
            "content/a/b/c.md",
            "content/B.md",
            "content/a/x.md.bak",
        ];
        let reports = paths
            .iter()
            .map(|p| NoteReport::new(PathBuf::from(p), String::new(), &Default::default()))
            .collect();
        let got: Vec<PathBuf> = in_path_order(reports).into_iter().map(|r| r.path).collect();
        let mut want: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
        want.sort();
        assert_eq!(got, want);
    }
}
