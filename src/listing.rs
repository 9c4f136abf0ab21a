//! The pages and files that come from the site's indexes rather than from
//! one note: the home page, every taxonomy's list page, every term's
//! (paginated) page, the Atom feeds, `sitemap.xml` and `robots.txt`.
//!
//! Everything is planned first (which outputs exist, at which URL), then the
//! HTML pages are rendered in parallel; the sitemap is made from the same plan,
//! so it lists exactly the pages that were written.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Location};
use crate::feed::{self, Feed};
use crate::index::Site;
use crate::index::pagination::{self, Pagination};
use crate::index::settings::Field;
use crate::index::taxonomy::{TaxonomyIndex, Term};
use crate::output::Sink;
use crate::page::Page;
use crate::sitemap::{self, Entry};
use crate::templates::{SharedViews, Templates};

/// Templates a theme needs once the site has taxonomies.
pub const TAXONOMY_TEMPLATES: &[&str] = &["taxonomy.html", "term.html"];

/// A term as templates see it.
#[derive(Debug, Serialize)]
pub struct TermView<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    /// Site path of the term's first page.
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

/// `index.html`; `site` and `pages` come from [`SharedViews`].
#[derive(Serialize)]
struct HomeContext<'a> {
    topics: Option<TopicList<'a>>,
}

#[derive(Serialize)]
struct TopicList<'a> {
    title: &'a str,
    url: String,
    terms: Vec<TermView<'a>>,
}

#[derive(Serialize)]
struct TaxonomyContext<'a> {
    taxonomy: TaxonomyView<'a>,
    terms: Vec<TermView<'a>>,
}

/// `term.html`; `site` and `pages` come from [`SharedViews`].
#[derive(Serialize)]
struct TermContext<'a> {
    taxonomy: TaxonomyView<'a>,
    term: TermView<'a>,
    pagination: Pagination,
}

/// One HTML page this module renders.
#[derive(Debug, Clone, Copy)]
enum Job {
    Home,
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
pub fn note_terms<'a>(site: &'a Site, page: usize) -> BTreeMap<&'static str, Vec<TermLink<'a>>> {
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
                    url: index.term_url(term),
                }
            })
            .collect();
        terms.insert(index.taxonomy.field.name(), links);
    }
    terms
}

/// `related` in `page.html`: up to five related notes (page indices), best first.
pub fn related(site: &Site, page: usize) -> &[usize] {
    &site.related[page]
}

/// Renders and writes everything this module owns; returns the number of
/// HTML pages written. Problems (template errors, write errors) go to
/// `diagnostics`, each once.
pub fn write(
    config: &Config,
    site: &Site,
    templates: &Templates,
    shared: &SharedViews,
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
                "add {name} to the theme's templates folder (see README, \"Indexes\"), or set `taxonomies = []` in nota.toml"
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
            let (path, html) = render(*job, config, site, templates, shared)?;
            crate::pipeline::write(sink, &crate::page::Page::output_path(&path), &html)
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
    for (path, bytes) in files(config, site, &jobs) {
        if let Err(d) = crate::pipeline::write(sink, path.trim_start_matches('/'), &bytes) {
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

fn render(
    job: Job,
    config: &Config,
    site: &Site,
    templates: &Templates,
    shared: &SharedViews,
) -> Result<(String, Vec<u8>), Diagnostic> {
    let url = job_url(job, site);
    let html = match job {
        Job::Home => {
            let latest: Vec<usize> =
                (0..site.pages.len().min(config.indexes.home_latest)).collect();
            templates.render_view(
                "index.html",
                &home_context(config, site),
                shared,
                &[("pages", &latest)],
            )?
        }
        Job::TaxonomyList { taxonomy } => {
            let index = &site.taxonomies[taxonomy];
            let context = TaxonomyContext {
                taxonomy: taxonomy_view(index),
                terms: index
                    .terms
                    .iter()
                    .map(|t| term_view(config, index, t))
                    .collect(),
            };
            templates.render_view("taxonomy.html", &context, shared, &[])?
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
            let context = TermContext {
                taxonomy: taxonomy_view(index),
                term: term_view(config, index, entry),
                pagination: Pagination::new(&index.term_url(entry), number, total),
            };
            let first = ((number - 1) * size).min(entry.pages.len());
            let shown = &entry.pages[first..(first + size).min(entry.pages.len())];
            templates.render_view("term.html", &context, shared, &[("pages", shown)])?
        }
    };
    Ok((url, html))
}

fn home_context<'a>(config: &'a Config, site: &'a Site) -> HomeContext<'a> {
    HomeContext {
        topics: site.taxonomy(Field::Topics).map(|index| TopicList {
            title: &index.taxonomy.title,
            url: index.taxonomy.url(),
            terms: index
                .terms
                .iter()
                .map(|t| term_view(config, index, t))
                .collect(),
        }),
    }
}

fn taxonomy_view(index: &TaxonomyIndex) -> TaxonomyView<'_> {
    TaxonomyView {
        field: index.taxonomy.field.name(),
        title: &index.taxonomy.title,
        url: index.taxonomy.url(),
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
        url,
        count: term.pages.len(),
    }
}

/// The non-HTML files: feeds, sitemap and robots.txt, by site path.
fn files(config: &Config, site: &Site, jobs: &[Job]) -> Vec<(String, Vec<u8>)> {
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
    out.push((site_feed.path.clone(), feed::atom(config, &site_feed)));
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
            out.push((term_feed.path.clone(), feed::atom(config, &term_feed)));
        }
    }
    let entries = sitemap_entries(config, site, jobs);
    out.push((
        sitemap::SITEMAP_PATH.to_string(),
        sitemap::sitemap(&entries),
    ));
    let robots = sitemap::robots_txt(&[config.permalink(sitemap::SITEMAP_PATH)]);
    out.push(("/robots.txt".to_string(), robots.into_bytes()));
    out
}

/// Home, notes, then every index page, each with the newest date it shows.
fn sitemap_entries(config: &Config, site: &Site, jobs: &[Job]) -> Vec<Entry> {
    let newest = |pages: &[usize]| pages.first().map(|&i| site.pages[i].meta.date);
    let mut entries = Vec::with_capacity(site.pages.len() + jobs.len());
    for job in jobs {
        let lastmod = match *job {
            Job::Home => site.pages.first().map(|p| p.meta.date),
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
