//! The rendering of a whole site, in order: every note's page and the index
//! pages side by side, the 404 page, then the theme's static files and the
//! assets of `content/`. `robots.txt` comes last, from the pipeline, once
//! every sitemap is known.

use std::path::PathBuf;

use rayon::prelude::*;

use crate::base_path::BasePath;
use crate::config::Config;
use crate::diagnostic::{self, Diagnostic};
use crate::index::Site;
use crate::load::Asset;
use crate::output::{self, Sink, write_shared};
use crate::page::Page;
use crate::render::Reuse;
use crate::render::index_pages;
use crate::render::templates::{LiveReload, PageView, SharedViews, SiteView, Templates};
use crate::render::theme::{self, Theme};
use crate::timings::Timings;

/// A file of the theme or of `content/` that could not be copied.
#[derive(Debug, thiserror::Error)]
#[error("{context}: {source}")]
pub struct CopyError {
    /// What was being done, e.g. `copying themes/x/static/a.css`.
    pub context: String,
    pub source: std::io::Error,
}

/// Renders every page into `sink` and copies the static files; returns the
/// number of HTML pages written. Problems with a page (template and write
/// errors) go to `diagnostics`, each once.
pub fn write(
    config: &Config,
    (site, assets): (&Site, &[Asset]),
    (templates, theme): (&Templates, &Theme),
    live_reload: Option<&LiveReload>,
    (sink, reuse): (&dyn Sink, &impl Reuse),
    diagnostics: &mut Vec<Diagnostic>,
    timings: &mut Timings,
) -> Result<usize, CopyError> {
    let site_view = SiteView::new(config).with_live_reload(live_reload, config);
    // The index pages (home, taxonomies, feeds) render while the notes' pages do.
    let (mut render_errors, (listed, list_errors)) = rayon::join(
        || note_pages(config, site, templates, &site_view, (sink, reuse)),
        || lists(config, site, templates, &site_view, (sink, reuse)),
    );
    for d in list_errors {
        if !render_errors.contains(&d) {
            render_errors.push(d);
        }
    }
    timings.mark("pages");
    diagnostics.extend(render_errors);
    copy_static(statics(theme, has_search(config, templates)), assets, sink)?;
    timings.mark("static");
    Ok(site.pages.len() + listed)
}

/// One page per note.
fn note_pages(
    config: &Config,
    site: &Site,
    templates: &Templates,
    site_view: &SiteView<'_>,
    (sink, reuse): (&dyn Sink, &impl Reuse),
) -> Vec<Diagnostic> {
    // `site` and the related notes' entries are made once, not once per page.
    let shared = SharedViews::new(site_view, config, &site.pages);
    let results: Vec<Result<(), Diagnostic>> = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(index, page)| {
            let html = reuse.note_page(index, || {
                let view = NotePage {
                    page: PageView::new(page, config, true),
                    terms: index_pages::note_terms(site, index, &config.base_path),
                };
                templates.render_shared(
                    "page.html",
                    &view,
                    &shared,
                    &[("related", &site.related[index])],
                )
            })?;
            write_shared(sink, &Page::output_path(&page.url), &html)
        })
        .collect();
    let mut render_errors: Vec<Diagnostic> = Vec::new();
    for d in results.into_iter().filter_map(Result::err) {
        if !render_errors.contains(&d) {
            render_errors.push(d);
        }
    }
    render_errors
}

/// The 404 page and every index page (home, taxonomies, feeds, sitemap);
/// returns how many HTML pages were written.
fn lists(
    config: &Config,
    site: &Site,
    templates: &Templates,
    site_view: &SiteView<'_>,
    (sink, reuse): (&dyn Sink, &impl Reuse),
) -> (usize, Vec<Diagnostic>) {
    let mut render_errors = Vec::new();
    match templates.render_view("404.html", &NotFound { site: site_view }) {
        Ok(html) => {
            if let Err(d) = output::write(sink, "404.html", &html) {
                render_errors.push(d);
            }
        }
        Err(d) => render_errors.push(d),
    }
    let listed = index_pages::write(
        config,
        site,
        templates,
        (site_view, reuse),
        sink,
        &mut render_errors,
    );
    (listed + 1, render_errors)
}

/// `page.html`'s own variables (`site` and `related` come from [`SharedViews`]).
#[derive(serde::Serialize)]
struct NotePage<'a> {
    page: PageView<'a>,
    terms: std::collections::BTreeMap<&'static str, Vec<index_pages::TermLink<'a>>>,
}

/// `404.html`'s variables.
#[derive(serde::Serialize)]
struct NotFound<'a> {
    site: &'a SiteView<'a>,
}

/// Site paths of everything a build writes besides the notes: the generated
/// pages, the theme's static files and the assets under `content/`. Add any
/// new generated page here so links to it are not reported as broken.
pub fn other_site_paths(
    config: &Config,
    theme: &Theme,
    assets: &[Asset],
    site: &Site,
    has_search: bool,
) -> Vec<String> {
    let theme_files = statics(theme, has_search).map(|f| f.name.clone());
    let asset_files = assets.iter().map(|a| diagnostic::display_path(&a.rel));
    let woo_files = if config.woo.enabled() {
        vec![
            "woo/inventaris/index.html".to_string(),
            crate::woo::inventory::CSV_URL
                .trim_start_matches('/')
                .to_string(),
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
        .chain([
            "/".to_string(),
            crate::url::ACCESSIBILITY_STATEMENT.to_string(),
        ])
        .chain(index_pages::site_paths(config, site))
        .chain(crate::search::site_paths(has_search))
        .collect()
}

/// Whether the site has search: `nota.toml` does not turn it off and the
/// theme has the search page.
pub fn has_search(config: &Config, templates: &Templates) -> bool {
    config.search && templates.has(crate::search::TEMPLATE)
}

/// The search page (see `search`), when the site has search. Returns the
/// pages written.
pub fn write_search_page(
    config: &Config,
    templates: &Templates,
    live_reload: Option<&LiveReload>,
    sink: &dyn Sink,
) -> Result<usize, Diagnostic> {
    if !has_search(config, templates) {
        return Ok(0);
    }
    #[derive(serde::Serialize)]
    struct SearchPage<'a> {
        site: &'a SiteView<'a>,
        search: crate::search::SearchView,
    }
    let site_view = SiteView::new(config).with_live_reload(live_reload, config);
    let view = SearchPage {
        site: &site_view,
        search: crate::search::SearchView::new(config),
    };
    let html = templates.render_view(crate::search::TEMPLATE, &view)?;
    let path = Page::output_path(crate::search::PAGE_URL);
    output::write(sink, &path, &html)?;
    Ok(1)
}

/// `robots.txt`, naming `sitemap.xml` and the Woo-index sitemap indexes.
pub fn write_robots(
    config: &Config,
    woo_indexes: Vec<String>,
    sink: &dyn Sink,
) -> Option<Diagnostic> {
    let mut sitemaps = vec![config.permalink(crate::render::sitemap::SITEMAP_PATH)];
    sitemaps.extend(woo_indexes);
    let robots = crate::render::sitemap::robots_txt(&sitemaps);
    output::write(sink, "robots.txt", robots.as_bytes()).err()
}

/// The theme's static files the site uses: without search, all but the
/// search page's script and style.
fn statics(theme: &Theme, has_search: bool) -> impl Iterator<Item = &theme::File> + Clone {
    let for_search = [crate::search::SCRIPT, crate::search::STYLE];
    (theme.statics.iter()).filter(move |f| has_search || !for_search.contains(&f.name.as_str()))
}

/// Copies the theme's static files (built in or the site's) and the
/// non-note files of `content/`.
fn copy_static<'t>(
    statics: impl Iterator<Item = &'t theme::File> + Clone,
    assets: &[Asset],
    sink: &dyn Sink,
) -> Result<(), CopyError> {
    let built_in: Vec<(&str, &[u8])> = statics
        .clone()
        .filter_map(|f| match f.source {
            theme::Source::BuiltIn(bytes) => Some((f.name.as_str(), bytes)),
            theme::Source::File(_) => None,
        })
        .collect();
    for (name, bytes) in built_in {
        sink.write(name, bytes).map_err(|source| CopyError {
            context: format!("writing {name} of the built-in theme"),
            source,
        })?;
    }
    let mut files: Vec<(PathBuf, PathBuf)> = statics
        .filter_map(|f| match &f.source {
            theme::Source::File(path) => Some((path.clone(), PathBuf::from(&f.name))),
            theme::Source::BuiltIn(_) => None,
        })
        .collect();
    files.extend(assets.iter().map(|a| (a.source.clone(), a.rel.clone())));
    files.par_iter().try_for_each(|(from, rel)| {
        sink.copy(from, rel).map_err(|source| CopyError {
            context: format!("copying {}", from.display()),
            source,
        })
    })
}

/// The built-in theme's files the site does not override, at the path
/// diagnostics give them: where the leak guard also looks for the source of
/// a leak.
pub fn built_in_theme(config: &Config) -> Vec<(PathBuf, &'static [u8])> {
    let overrides = config.theme_dir();
    theme::built_in_files()
        .filter(|(path, _)| !overrides.join(path).is_file())
        .map(|(path, bytes)| {
            (
                std::path::Path::new(theme::BUILT_IN_LABEL).join(path),
                bytes,
            )
        })
        .collect()
}

/// Warnings for the site's own stylesheets that load from the root of the
/// host (the built-in ones do not).
pub fn stylesheet_root_urls(theme: &Theme, base: &BasePath) -> Vec<Diagnostic> {
    theme
        .statics
        .iter()
        .filter(|f| f.name.ends_with(".css"))
        .filter_map(|f| match &f.source {
            theme::Source::File(path) => std::fs::read_to_string(path)
                .ok()
                .map(|text| theme::urls::check_stylesheet(&f.shown, &text, base)),
            theme::Source::BuiltIn(_) => None,
        })
        .flatten()
        .collect()
}
