//! The build, stage by stage. This is the only module that knows the order:
//!
//! load → front matter → markdown and page (withholding applied) → personal
//! data (on what each page publishes) → index → checks → Woo and render →
//! output (through the leak guard).
//!
//! Each stage is a plain function of its inputs. The reuse of results
//! between builds (`incremental`) stands beside them: every stage is called
//! through an `incremental::Build`, which decides what must be made again
//! and calls the stage for that. A one-off `build` or `check` has nothing to
//! reuse, so every stage runs on everything.
//!
//! Each stage reports findings instead of stopping, so one run lists every
//! problem; nothing is written when any finding is an error.

use crate::sync::MutexExt;
use std::sync::Mutex;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::diagnostic::{self, Diagnostic};
use crate::disclosure::leak_guard::{self, LeakGuard};
use crate::disclosure::{self, NoteReport};
use crate::front_matter::{self, Unread};
use crate::incremental::cache::{BuildCache, Reuse};
use crate::incremental::{self, Changes};
use crate::load;
use crate::output::{Discard, Sink, Staging};
use crate::page::{self, Page};
use crate::render::templates::{LiveReload, Templates};
use crate::render::theme::{Theme, ThemeError};
use crate::timings::Timings;
use crate::{check, index, personal_data, render, search, url};

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
        *self.changes.locked() = changes;
    }

    fn take_changes(&self) -> Changes {
        std::mem::take(&mut *self.changes.locked())
    }
}

impl Report {
    pub fn has_errors(&self) -> bool {
        diagnostic::has_errors(&self.diagnostics)
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

impl From<render::site::CopyError> for Fatal {
    fn from(error: render::site::CopyError) -> Self {
        Fatal::Io {
            context: error.context,
            source: error.source,
        }
    }
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
/// builds where their inputs did not change (see `incremental`).
pub fn run_with(config: &Config, sink: &dyn Sink, session: &Session) -> Result<Report, Fatal> {
    let started = Instant::now();
    let mut timings = Timings::from_env();
    let mut reuse = incremental::Build::start(&session.cache, config, session.retain);
    let mut report = Report::default();
    let found = &mut report.diagnostics;

    // Load: the notes and other files under content/, and the theme.
    let content = reuse.load(config, &session.take_changes())?;
    let theme = Theme::load(config)?;
    let templates = Templates::load(config, &theme);
    report.notes_read = content.sources.len();
    found.extend(content.diagnostics);
    found.extend(config.warnings());
    found.extend(render::site::stylesheet_root_urls(
        &theme,
        &config.base_path,
    ));
    timings.mark("load");

    // Front matter: a Document per note; the URLs and dates are checked.
    // A note that cannot be read has no document, but it is there: links to
    // it are not links to nothing.
    let (documents, mut unread) = reuse.front_matter(
        content.sources,
        |source| {
            front_matter::parse(source, &config.organisation, |s, slug| {
                url::note_url(&s.rel, slug)
            })
        },
        found,
    );
    unread.extend(content.unreadable.into_iter().map(Unread::unreadable));
    let (documents, drafts) = front_matter::without_drafts(documents, config.drafts);
    let draft_reports = if session.redaction_overview {
        NoteReport::drafts(&drafts)
    } else {
        Vec::new()
    };
    found.extend(check::urls::unique(&documents));
    found.extend(check::dates::future_dates(&documents, today()));
    timings.mark("front matter");

    // Markdown: a Page per note, with what it withholds removed; then the
    // personal-data check on what each published page shows.
    let note_urls = page::note_urls(&documents, &unread);
    let (pages, mut withheld) = reuse.pages(
        (&documents, &unread),
        |doc| checked_page(config, doc, &note_urls),
        found,
    );
    withheld.extend(page::withheld_in_drafts(config, &drafts));
    drop(drafts);
    let (pages, unpublished) = page::published(pages);
    timings.mark("markdown");

    // Index: the site order, taxonomies and related notes. The search
    // index's reading of the pages, most of its work, needs only the pages
    // in site order: it begins beside the indexes and goes on beside the
    // checks, on the core each leaves idle (not in a build that has failed
    // already, nor when the index will overlay the previous one).
    let has_search = templates
        .as_ref()
        .is_ok_and(|t| render::site::has_search(config, t));
    let read_ahead =
        has_search && reuse.search_reads_every_page() && !diagnostic::has_errors(found);
    let mut reading = None;
    let site = reuse.index(pages, |pages, order, related| {
        let begin_reading = |pages: &[Page], done: &AtomicBool| {
            if read_ahead {
                let mut begun = search::index::Reading::of(pages);
                begun.read_until(pages, done);
                reading = Some(begun);
            }
        };
        let reused = (related, order);
        index::build_with(
            pages,
            &documents,
            &config.indexes,
            found,
            reused,
            begin_reading,
        )
    });
    reuse.keep(documents);
    timings.mark("index");

    // Checks over every page.
    let other_paths =
        render::site::other_site_paths(config, &theme, &content.assets, &site, has_search);
    let (checked, ()) = rayon::join(
        || reuse.checks(&site.pages, other_paths, &unread),
        || {
            if let Some(reading) = &mut reading {
                reading.read_until(&site.pages, &AtomicBool::new(false));
            }
        },
    );
    found.extend(checked);
    let statement =
        render::statement::Statement::new(config, (&site, &theme, &content.assets), found);
    timings.mark("checks");
    if session.redaction_overview {
        let reports = site
            .pages
            .iter()
            .chain(&unpublished)
            .map(Page::disclosure_report)
            .chain(unread.iter().map(NoteReport::unread))
            .chain(draft_reports);
        report.redactions = disclosure::in_path_order(reports.collect());
    }

    // Render and write: from here on every file goes through the leak
    // guard, whoever writes it (the unguarded sink is shadowed).
    let verdicts = reuse.verdicts();
    let guard = LeakGuard::with_verdicts(sink, withheld, &verdicts);
    let sink: &dyn Sink = &guard;
    let templates = match templates {
        Ok(templates) => {
            let warnings = templates.root_url_warnings(&config.base_path);
            report.diagnostics.extend(warnings);
            Some(templates)
        }
        Err(problems) => {
            report.diagnostics.extend(problems);
            None
        }
    };
    let mut made = None;
    if let (Some(templates), false) = (&templates, report.has_errors()) {
        let live_reload = session.live_reload.as_ref();
        let mut search = reuse.take_search();
        if let Some(reading) = reading {
            search.read_ahead(reading);
        }
        let (files, mut woo) =
            reuse.outputs(config, (&site, &unpublished), (templates, live_reload));
        let mut found = Vec::new();
        // The Woo files and the search index are made while the pages
        // render: they only read the site, and a core the pages leave idle
        // takes them up.
        let (written, (woo_written, search_written)) = rayon::join(
            || {
                let site = (&site, &content.assets[..]);
                render::site::write(
                    config,
                    site,
                    (templates, &theme),
                    live_reload,
                    (sink, &files),
                    &mut found,
                    &mut timings,
                )
            },
            || {
                rayon::join(
                    || {
                        let woo = woo.as_mut()?;
                        let output = woo.output(config, (&site.pages, &unpublished), &files);
                        Some(render::woo::write_all(
                            config,
                            &output,
                            templates,
                            live_reload,
                            (sink, &files),
                        ))
                    },
                    // The index serves the search page: a theme without one
                    // gets neither.
                    || has_search.then(|| search.write(&site, sink)),
                )
            },
        );
        report.diagnostics.extend(found);
        report
            .diagnostics
            .extend(search_written.unwrap_or_default());
        report.pages_written = written?;
        let woo_written = woo_written.unwrap_or_default();
        report.pages_written += woo_written.pages;
        report.diagnostics.extend(woo_written.diagnostics);
        report.diagnostics.extend(render::site::write_robots(
            config,
            woo_written.index_urls,
            sink,
        ));
        timings.mark("woo");
        made = Some((
            files.finish(report.pages_written > 0),
            woo.map(|w| w.finish()),
        ));
        if has_search {
            reuse.keep_search(search);
        }
        let pages = [
            render::site::write_search_page(config, templates, live_reload, sink),
            render::statement::write(config, templates, &statement, live_reload, sink),
        ];
        for written in pages {
            match written {
                Ok(pages) => report.pages_written += pages,
                Err(d) => report.diagnostics.push(d),
            }
        }
        timings.mark("search");
    }
    report.diagnostics.extend(guard.findings(|| {
        let notes = site.pages.iter().chain(&unpublished);
        leak_guard::Sources::new(
            &config.root,
            &config.theme_dir(),
            notes.map(|p| p.source_path.clone()),
        )
        .with_embedded(render::site::built_in_theme(config))
    }));
    drop(guard);
    report.reused = reuse.finish(&session.cache, site.pages, made, verdicts);
    diagnostic::sort(&mut report.diagnostics);
    disclosure::count_findings(&mut report.redactions, &report.diagnostics);
    if let Some(text) = timings.report() {
        eprint!("{text}");
    }
    report.elapsed = started.elapsed();
    Ok(report)
}

/// A note's page (`page::make`) and what the personal-data check finds in
/// the text it publishes; a note that is not published (`woo.status:
/// niet-openbaar`) publishes no personal data. The check runs right after
/// the page is made, so that each note's text is freed once read, and its
/// results travel with the page: `incremental` reuses both under the page's
/// key, which covers the note's accept entries and `[personal_data]`.
fn checked_page(
    config: &Config,
    doc: &front_matter::Document,
    note_urls: &page::NoteUrls,
) -> (Page, page::Findings) {
    let (mut page, mut findings, published) = page::make(config, doc, note_urls);
    if page.woo.is_published() {
        let found = personal_data::check(
            &published,
            &doc.meta.personal_data.accept,
            &config.personal_data,
        );
        findings.diagnostics.extend(found.diagnostics);
        page.personal_data = found.listed;
    }
    (page, findings)
}

/// Today's date where the build runs: only warnings depend on it, never the
/// output.
fn today() -> jiff::civil::Date {
    jiff::ZonedDateTime::now().date()
}
