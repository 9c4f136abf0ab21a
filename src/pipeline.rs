//! The build, stage by stage. This is the only module that knows the order:
//!
//! load → front matter → markdown → checks → index → templates → write.
//!
//! Each stage reports findings instead of stopping, so one run lists every
//! problem; nothing is written when any finding is an error.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::check;
use crate::config::Config;
use crate::diagnostic::{self, Diagnostic, Location};
use crate::front_matter::{self, Document};
use crate::index::{self, Site};
use crate::leak_guard::LeakGuard;
use crate::listing;
use crate::load::{self, Asset, Content};
use crate::markdown::{self, RenderContext};
use crate::output::{Discard, Sink, Staging};
use crate::page::Page;
use crate::redaction::{NoteReport, Withheld};
use crate::templates::{PageView, SharedViews, Templates, ThemeError};
use crate::timings::Timings;
use crate::url;

/// What a build or check did.
#[derive(Debug, Default)]
pub struct Report {
    pub notes_read: usize,
    pub pages_written: usize,
    pub diagnostics: Vec<Diagnostic>,
    /// What each note withholds, for the redaction overview.
    pub redactions: Vec<NoteReport>,
    pub elapsed: Duration,
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
    let started = Instant::now();
    let mut timings = Timings::from_env();
    let content = load::load(&config.root, &config.content_dir())?;
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
    } = content;
    report.diagnostics.extend(diagnostics);

    let documents = parse_front_matter(config, sources, &mut report.diagnostics);
    let documents = without_drafts(config, documents);
    check_unique_urls(&documents, &mut report.diagnostics);
    timings.mark("front matter");
    let (pages, withheld) = render_markdown(config, &documents, &mut report.diagnostics);
    timings.mark("markdown");
    let site = index::build(pages, &documents, &config.indexes, &mut report.diagnostics);
    // Nothing after the index reads the sources again: free them before the
    // pages are rendered, which is when the build needs the most memory.
    drop(documents);
    timings.mark("index");
    let site_paths = check::SitePaths::new(&site.pages, other_site_paths(config, &assets, &site));
    report
        .diagnostics
        .extend(check::run(&site.pages, &site_paths));
    timings.mark("checks");
    report.redactions = redaction_overview(&site);
    // From here on every file goes through the leak guard, whoever writes it:
    // the unguarded sink is shadowed.
    let guard = LeakGuard::new(sink, withheld);
    let sink: &dyn Sink = &guard;

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
            sink,
            &mut report.diagnostics,
            &mut timings,
        )?;
    }
    report.diagnostics.extend(guard.findings());
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
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Document> {
    let results: Vec<_> = sources
        .into_par_iter()
        .map(|source| {
            front_matter::parse(source, &config.organisation, |s, slug| {
                url::note_url(&s.rel, slug)
            })
        })
        .collect();
    let mut documents = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(doc) => documents.push(doc),
            Err(problems) => diagnostics.extend(problems),
        }
    }
    documents
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
    config: &Config,
    documents: &[Document],
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
    let rendered: Vec<_> = documents
        .par_iter()
        .map(|doc| {
            let rendered = markdown::render(doc, &ctx);
            let page = Page {
                url: doc.url.clone(),
                source_path: doc.source.path.clone(),
                meta: doc.meta.clone(),
                content: rendered.html,
                toc: rendered.toc,
                summary: rendered.summary,
                facts: rendered.facts,
                redactions: rendered.redactions,
            };
            (page, rendered.withheld, rendered.diagnostics)
        })
        .collect();
    let mut pages = Vec::with_capacity(rendered.len());
    let mut withheld = Vec::new();
    for (page, removed, problems) in rendered {
        diagnostics.extend(problems);
        withheld.extend(removed);
        pages.push(page);
    }
    (pages, withheld)
}

/// The redaction facts of every page, in source order.
fn redaction_overview(site: &Site) -> Vec<NoteReport> {
    let mut notes: Vec<NoteReport> = site
        .pages
        .iter()
        .map(|p| NoteReport::new(p.source_path.clone(), p.url.clone(), &p.redactions))
        .collect();
    notes.sort_by(|a, b| a.path.cmp(&b.path));
    notes
}

/// Renders every page into `sink`; returns the number of HTML pages.
fn write_site(
    config: &Config,
    site: &Site,
    templates: &Templates,
    assets: &[Asset],
    sink: &dyn Sink,
    diagnostics: &mut Vec<Diagnostic>,
    timings: &mut Timings,
) -> Result<usize, Fatal> {
    let shared = SharedViews::new(config, &site.pages);
    let results: Vec<Result<(), Diagnostic>> = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(index, page)| {
            let view = NotePage {
                page: PageView::new(page, config, true),
                terms: listing::note_terms(site, index),
            };
            let related = listing::related(site, index);
            let html =
                templates.render_view("page.html", &view, &shared, &[("related", related)])?;
            write(sink, &Page::output_path(&page.url), &html)
        })
        .collect();
    let mut render_errors: Vec<Diagnostic> = Vec::new();
    for result in results {
        if let Err(d) = result
            && !render_errors.contains(&d)
        {
            render_errors.push(d);
        }
    }

    timings.mark("note pages");
    for (template, path) in [("404.html", "404.html")] {
        match templates.render_view(template, &NoFields {}, &shared, &[]) {
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
    let listed = listing::write(config, site, templates, &shared, sink, &mut render_errors);
    let pages_written = site.pages.len() + 1 + listed;
    timings.mark("index pages");
    diagnostics.extend(render_errors);
    copy_static(config, assets, sink)?;
    timings.mark("static");
    Ok(pages_written)
}

/// `page.html`'s own variables (`site` and `related` come from [`SharedViews`]).
#[derive(serde::Serialize)]
struct NotePage<'a> {
    page: PageView<'a>,
    terms: std::collections::BTreeMap<&'static str, Vec<listing::TermLink<'a>>>,
}

/// A template with no variables of its own (`404.html`).
#[derive(serde::Serialize)]
struct NoFields {}

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
    ["index.html", "404.html"]
        .into_iter()
        .map(str::to_string)
        .chain(theme_files)
        .chain(asset_files)
        .map(|rel| format!("/{rel}"))
        .chain(std::iter::once("/".to_string()))
        .chain(listing::site_paths(config, site))
        .collect()
}

/// Writes one output file, turning a failure into a diagnostic.
pub(crate) fn write(sink: &dyn Sink, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    sink.write(path, bytes).map_err(|e| {
        Diagnostic::error("output/write", format!("cannot write {path}: {e}"))
            .help("check that the output folder is writable and the disk is not full")
    })
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
