//! The pages and files that come from the site's indexes rather than from
//! one note: the home page, the (paginated) list of all publications, every
//! taxonomy's list page, every term's (paginated) page, the Atom feeds,
//! `sitemap.xml` and `robots.txt`.
//!
//! Everything is planned first (which outputs exist, at which URL), then the
//! HTML pages are rendered in parallel; the sitemap is made from the same plan,
//! so it lists exactly the pages that were written.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::base_path::BasePath;
use crate::config::Config;
use crate::config::index::Field;
use crate::diagnostic::{Diagnostic, Location};
use crate::index::Site;
use crate::index::pagination::{self, Pagination};
use crate::index::taxonomy::{TaxonomyIndex, Term};
use crate::output::Sink;
use crate::page::Page;
use crate::render::Reuse;
use crate::render::feed::{self, Feed};
use crate::render::sitemap::{self, Entry};
use crate::render::templates::{PageView, SiteView, Templates};
use crate::url;

/// Templates a theme needs once the site has taxonomies.
pub const TAXONOMY_TEMPLATES: &[&str] = &["taxonomy.html", "term.html"];

/// The template of the list of all publications (`url::PUBLICATIONS`).
pub const PUBLICATIONS_TEMPLATE: &str = "alle-publicaties.html";

/// A term as templates see it.
#[derive(Debug, Serialize)]
pub struct TermView<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    /// URL of the term's first page (base path included, as every `url`
    /// a template gets).
    pub url: String,
    /// Number of notes.
    pub count: usize,
    /// Absolute URL of the term's Atom feed, if the taxonomy has feeds.
    pub feed_url: Option<String>,
}

/// A taxonomy as templates see it.
#[derive(Debug, Serialize)]
pub struct TaxonomyView<'a> {
    /// The indexed field: `topics`, `type`, `organisation`, `kenmerk`, `year`.
    pub field: &'static str,
    pub title: &'a str,
    pub url: String,
}

/// A link to a term from a note page.
#[derive(Debug, Serialize)]
pub struct TermLink<'a> {
    pub name: &'a str,
    pub url: String,
}

#[derive(Serialize)]
struct HomeContext<'a> {
    site: &'a SiteView<'a>,
    pages: Vec<PageView<'a>>,
    /// The number of all publications (the list at `url::PUBLICATIONS`).
    count: usize,
    topics: Option<TermList<'a>>,
}

/// A taxonomy's terms on another page: the topics on the home page, the
/// years on the list of all publications.
#[derive(Serialize)]
struct TermList<'a> {
    title: &'a str,
    url: String,
    terms: Vec<TermView<'a>>,
}

#[derive(Serialize)]
struct PublicationsContext<'a> {
    site: &'a SiteView<'a>,
    /// The notes on this page, newest first.
    pages: Vec<PageView<'a>>,
    /// The number of all publications.
    count: usize,
    pagination: Pagination,
    /// The year index, when the site has one.
    years: Option<TermList<'a>>,
}

#[derive(Serialize)]
struct TaxonomyContext<'a> {
    site: &'a SiteView<'a>,
    taxonomy: TaxonomyView<'a>,
    terms: Vec<TermView<'a>>,
}

#[derive(Serialize)]
struct TermContext<'a> {
    site: &'a SiteView<'a>,
    taxonomy: TaxonomyView<'a>,
    term: TermView<'a>,
    pages: Vec<PageView<'a>>,
    pagination: Pagination,
}

/// One HTML page this module renders.
#[derive(Debug, Clone, Copy)]
enum Job {
    Home,
    /// A page of the list of all publications.
    Publications {
        number: usize,
    },
    TaxonomyList {
        taxonomy: usize,
    },
    TermPage {
        taxonomy: usize,
        term: usize,
        number: usize,
    },
}

/// `terms` in `page.html`: for every indexable field, the note's terms with
/// links (empty when the site has no taxonomy for that field).
pub fn note_terms<'a>(
    site: &'a Site,
    page: usize,
    base: &BasePath,
) -> BTreeMap<&'static str, Vec<TermLink<'a>>> {
    let mut terms: BTreeMap<&'static str, Vec<TermLink<'a>>> = Field::NAMES
        .iter()
        .map(|name| (*name, Vec::new()))
        .collect();
    for index in &site.taxonomies {
        let links = index.page_terms[page]
            .iter()
            .map(|&t| {
                let term = &index.terms[t];
                TermLink {
                    name: &term.name,
                    url: base.href(&index.term_url(term)),
                }
            })
            .collect();
        terms.insert(index.taxonomy.field.name(), links);
    }
    terms
}

/// `related` in `page.html`: up to five related notes, best first.
pub fn related<'a>(site: &'a Site, page: usize, config: &Config) -> Vec<PageView<'a>> {
    site.related[page]
        .iter()
        .map(|&i| PageView::new(&site.pages[i], config, false))
        .collect()
}

/// Renders and writes everything this module owns; returns the number of
/// HTML pages written. Problems (template errors, write errors) go to
/// `diagnostics`, each once.
pub fn write(
    config: &Config,
    site: &Site,
    templates: &Templates,
    (site_view, reuse): (&SiteView<'_>, &impl Reuse),
    sink: &dyn Sink,
    diagnostics: &mut Vec<Diagnostic>,
) -> usize {
    let missing: Vec<&str> = TAXONOMY_TEMPLATES
        .iter()
        .copied()
        .filter(|t| !site.taxonomies.is_empty() && !templates.has(t))
        .collect();
    for name in &missing {
        diagnostics.push(
            Diagnostic::error(
                "template/missing",
                format!("the theme has no template `{name}`, which the site's taxonomies need"),
            )
            .at(Location::file(
                std::path::Path::new("themes")
                    .join(&config.theme)
                    .join("templates"),
            ))
            .help(format!(
                "add {name} to the theme's templates folder (see nota's docs/themes.md, \"Index pages\"), or set `taxonomies = []` in nota.toml"
            )),
        );
    }
    if !missing.is_empty() {
        return 0;
    }
    let jobs = plan(site, config.indexes.page_size);
    let results: Vec<Result<(), Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            let path = crate::page::Page::output_path(&job_url(*job, site));
            let html = render(*job, config, site, templates, (site_view, reuse), &path)?;
            crate::output::write_shared(sink, &path, &html)
        })
        .collect();
    let mut problems: Vec<Diagnostic> = Vec::new();
    for result in results {
        if let Err(d) = result
            && !problems.contains(&d)
        {
            problems.push(d);
        }
    }
    for (path, bytes) in files(config, site, &jobs, reuse) {
        if let Err(d) = crate::output::write_shared(sink, path.trim_start_matches('/'), &bytes) {
            problems.push(d);
        }
    }
    diagnostics.extend(problems);
    jobs.len()
}

/// Site paths of every page and file this module writes, so that links to
/// them are known to resolve before anything is rendered.
pub fn site_paths(config: &Config, site: &Site) -> Vec<String> {
    let mut paths: Vec<String> = plan(site, config.indexes.page_size)
        .into_iter()
        .map(|job| job_url(job, site))
        .collect();
    paths.push(feed::SITE_FEED_PATH.to_string());
    for index in site.taxonomies.iter().filter(|t| t.taxonomy.feed) {
        for term in &index.terms {
            paths.push(feed::feed_path(&index.term_url(term)));
        }
    }
    paths.push(sitemap::SITEMAP_PATH.to_string());
    paths.push("/robots.txt".to_string());
    paths
}

/// Every HTML page of the indexes, in sitemap order.
fn plan(site: &Site, page_size: usize) -> Vec<Job> {
    let mut jobs = vec![Job::Home];
    for number in 1..=pagination::page_count(site.pages.len(), page_size) {
        jobs.push(Job::Publications { number });
    }
    for (t, index) in site.taxonomies.iter().enumerate() {
        jobs.push(Job::TaxonomyList { taxonomy: t });
        for (term, entry) in index.terms.iter().enumerate() {
            for number in 1..=pagination::page_count(entry.pages.len(), page_size) {
                jobs.push(Job::TermPage {
                    taxonomy: t,
                    term,
                    number,
                });
            }
        }
    }
    jobs
}

/// The site path of a job's page.
fn job_url(job: Job, site: &Site) -> String {
    match job {
        Job::Home => "/".to_string(),
        Job::Publications { number } => pagination::page_url(url::PUBLICATIONS, number),
        Job::TaxonomyList { taxonomy } => site.taxonomies[taxonomy].taxonomy.url(),
        Job::TermPage {
            taxonomy,
            term,
            number,
        } => {
            let index = &site.taxonomies[taxonomy];
            pagination::page_url(&index.term_url(&index.terms[term]), number)
        }
    }
}

/// Renders one index page into the file `path` (or takes it from `reuse`).
fn render(
    job: Job,
    config: &Config,
    site: &Site,
    templates: &Templates,
    (site_view, reuse): (&SiteView<'_>, &impl Reuse),
    path: &str,
) -> Result<Arc<[u8]>, Diagnostic> {
    match job {
        Job::Home => {
            let context = home_context(config, site, site_view);
            reuse.context_file(path, &context, || {
                templates.render_view("index.html", &context)
            })
        }
        Job::Publications { number } => {
            publications_page(number, config, site, templates, (site_view, reuse), path)
        }
        Job::TaxonomyList { taxonomy } => {
            let index = &site.taxonomies[taxonomy];
            let context = TaxonomyContext {
                site: site_view,
                taxonomy: taxonomy_view(index, &config.base_path),
                terms: index
                    .terms
                    .iter()
                    .map(|t| term_view(config, index, t))
                    .collect(),
            };
            reuse.context_file(path, &context, || {
                templates.render_view("taxonomy.html", &context)
            })
        }
        Job::TermPage {
            taxonomy,
            term,
            number,
        } => {
            let index = &site.taxonomies[taxonomy];
            let entry = &index.terms[term];
            let size = config.indexes.page_size;
            let total = pagination::page_count(entry.pages.len(), size);
            let shown = || entry.pages.iter().skip((number - 1) * size).take(size);
            // Everything the context below is made of besides the settings:
            // the term, the page number and the notes shown.
            let parts: &[&[u8]] = &[
                index.taxonomy.field.name().as_bytes(),
                entry.name.as_bytes(),
                entry.slug.as_bytes(),
                &entry.pages.len().to_le_bytes(),
                &number.to_le_bytes(),
                &total.to_le_bytes(),
            ];
            reuse.notes_file(path, parts, shown().copied(), || {
                let context = TermContext {
                    site: site_view,
                    taxonomy: taxonomy_view(index, &config.base_path),
                    term: term_view(config, index, entry),
                    pages: shown()
                        .map(|&i| PageView::new(&site.pages[i], config, false))
                        .collect(),
                    pagination: Pagination::new(
                        &config.base_path.href(&index.term_url(entry)),
                        number,
                        total,
                    ),
                };
                templates.render_view("term.html", &context)
            })
        }
    }
}

fn home_context<'a>(
    config: &'a Config,
    site: &'a Site,
    site_view: &'a SiteView<'a>,
) -> HomeContext<'a> {
    HomeContext {
        site: site_view,
        pages: site
            .pages
            .iter()
            .take(config.indexes.home_latest)
            .map(|p| PageView::new(p, config, false))
            .collect(),
        count: site.pages.len(),
        topics: term_list(config, site, Field::Topics),
    }
}

/// Page `number` of the list of all publications: the notes in site order
/// (newest first), `page_size` to a page, with the year index.
fn publications_page(
    number: usize,
    config: &Config,
    site: &Site,
    templates: &Templates,
    (site_view, reuse): (&SiteView<'_>, &impl Reuse),
    path: &str,
) -> Result<Arc<[u8]>, Diagnostic> {
    let size = config.indexes.page_size;
    let count = site.pages.len();
    let total = pagination::page_count(count, size);
    let shown = (number - 1) * size..(number * size).min(count);
    // Besides the settings and the notes shown, the page shows the number
    // of notes and each year's name and number of notes.
    let years: String = site
        .taxonomy(Field::Year)
        .into_iter()
        .flat_map(|index| &index.terms)
        .map(|term| format!("{}\u{0}{}\u{0}", term.name, term.pages.len()))
        .collect();
    let parts: &[&[u8]] = &[
        &count.to_le_bytes(),
        &number.to_le_bytes(),
        years.as_bytes(),
    ];
    reuse.notes_file(path, parts, shown.clone(), || {
        let context = PublicationsContext {
            site: site_view,
            pages: site.pages[shown.clone()]
                .iter()
                .map(|p| PageView::new(p, config, false))
                .collect(),
            count,
            pagination: Pagination::new(&config.base_path.href(url::PUBLICATIONS), number, total),
            years: term_list(config, site, Field::Year),
        };
        templates.render_view(PUBLICATIONS_TEMPLATE, &context)
    })
}

/// The terms of the site's taxonomy of `field`, if it has one.
fn term_list<'a>(config: &Config, site: &'a Site, field: Field) -> Option<TermList<'a>> {
    site.taxonomy(field).map(|index| TermList {
        title: &index.taxonomy.title,
        url: config.base_path.href(&index.taxonomy.url()),
        terms: index
            .terms
            .iter()
            .map(|t| term_view(config, index, t))
            .collect(),
    })
}

fn taxonomy_view<'a>(index: &'a TaxonomyIndex, base: &BasePath) -> TaxonomyView<'a> {
    TaxonomyView {
        field: index.taxonomy.field.name(),
        title: &index.taxonomy.title,
        url: base.href(&index.taxonomy.url()),
    }
}

fn term_view<'a>(config: &Config, index: &TaxonomyIndex, term: &'a Term) -> TermView<'a> {
    let url = index.term_url(term);
    TermView {
        name: &term.name,
        slug: &term.slug,
        feed_url: index
            .taxonomy
            .feed
            .then(|| config.permalink(&feed::feed_path(&url))),
        url: config.base_path.href(&url),
        count: term.pages.len(),
    }
}

/// The non-HTML files: feeds and the sitemap, by site path (`robots.txt`
/// is written by the pipeline, which knows every sitemap).
fn files(
    config: &Config,
    site: &Site,
    jobs: &[Job],
    reuse: &impl Reuse,
) -> Vec<(String, Arc<[u8]>)> {
    let limit = config.indexes.feed_entries;
    let latest = |pages: &[usize]| -> Vec<&Page> {
        pages.iter().take(limit).map(|&i| &site.pages[i]).collect()
    };
    let mut out = Vec::new();
    let site_feed = Feed {
        title: config.title.clone(),
        path: feed::SITE_FEED_PATH.to_string(),
        html_path: "/".to_string(),
        pages: site.pages.iter().take(limit).collect(),
    };
    // A feed is made from the settings, its own names and its notes only.
    let atom = |feed: &Feed<'_>, shown: &[usize]| -> (String, Arc<[u8]>) {
        let parts: &[&[u8]] = &[
            feed.title.as_bytes(),
            feed.path.as_bytes(),
            feed.html_path.as_bytes(),
        ];
        let made = reuse.notes_file(&feed.path, parts, shown.iter().copied(), || {
            Ok::<_, std::convert::Infallible>(feed::atom(config, feed))
        });
        match made {
            Ok(bytes) => (feed.path.clone(), bytes),
            Err(never) => match never {},
        }
    };
    let all: Vec<usize> = (0..site.pages.len().min(limit)).collect();
    out.push(atom(&site_feed, &all));
    for index in site.taxonomies.iter().filter(|t| t.taxonomy.feed) {
        for term in &index.terms {
            let html_path = index.term_url(term);
            let term_feed = Feed {
                title: format!(
                    "{} | {} | {}",
                    term.name, index.taxonomy.title, config.title
                ),
                path: feed::feed_path(&html_path),
                html_path,
                pages: latest(&term.pages),
            };
            let shown = &term.pages[..term.pages.len().min(limit)];
            out.push(atom(&term_feed, shown));
        }
    }
    // The sitemap is made from its entries only (URLs and dates): most
    // edits leave them as they were, and then the very same bytes are
    // handed on (which the leak guard need not read again).
    let entries = sitemap_entries(config, site, jobs);
    let dates: Vec<[u8; 4]> = entries
        .iter()
        .map(|entry| {
            entry.lastmod.map_or([0; 4], |d| {
                let [y0, y1] = d.year().to_le_bytes();
                [y0, y1, d.month() as u8, d.day() as u8]
            })
        })
        .collect();
    let parts: Vec<&[u8]> = entries
        .iter()
        .zip(&dates)
        .flat_map(|(entry, date)| [entry.loc.as_bytes(), &date[..]])
        .collect();
    let made = reuse.notes_file(sitemap::SITEMAP_PATH, &parts, [], || {
        Ok::<_, std::convert::Infallible>(sitemap::sitemap(&entries))
    });
    match made {
        Ok(bytes) => out.push((sitemap::SITEMAP_PATH.to_string(), bytes)),
        Err(never) => match never {},
    }
    out
}

/// Home, notes, then every index page, each with the newest date it shows.
fn sitemap_entries(config: &Config, site: &Site, jobs: &[Job]) -> Vec<Entry> {
    let newest = |pages: &[usize]| pages.first().map(|&i| site.pages[i].meta.date);
    let mut entries = Vec::with_capacity(site.pages.len() + jobs.len());
    for job in jobs {
        let lastmod = match *job {
            Job::Home => site.pages.first().map(|p| p.meta.date),
            Job::Publications { number } => site
                .pages
                .get((number - 1) * config.indexes.page_size)
                .map(|p| p.meta.date),
            Job::TaxonomyList { taxonomy } => site.taxonomies[taxonomy]
                .terms
                .iter()
                .filter_map(|t| newest(&t.pages))
                .max(),
            Job::TermPage { taxonomy, term, .. } => {
                newest(&site.taxonomies[taxonomy].terms[term].pages)
            }
        };
        entries.push(Entry {
            loc: config.permalink(&job_url(*job, site)),
            lastmod,
        });
        if matches!(job, Job::Home) {
            entries.extend(site.pages.iter().map(|p| Entry {
                loc: config.permalink(&p.url),
                lastmod: Some(p.meta.date),
            }));
        }
    }
    entries
}
