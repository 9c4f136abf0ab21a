//! The theme's templates: the only module that uses tera.
//!
//! Templates are parsed once per build and shared by all rendering threads.
//! Errors are turned into diagnostics that point into the template file, and
//! a rendering error that every page would hit is reported once, not once per
//! page.

use std::collections::HashMap;
use std::path::PathBuf;

use serde::Serialize;
use tera::{Context, Kwargs, State, Tera, Value};

use crate::base_path::BasePath;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Location};
use crate::dutch;
use crate::markdown::Heading;
use crate::page::Page;
use crate::render::theme::{self, Theme};

/// Templates every theme must have.
pub const REQUIRED: &[&str] = &["page.html", "index.html", "404.html"];

/// The loaded theme.
pub struct Templates {
    tera: Tera,
    /// Template sources by name, for error positions.
    sources: HashMap<String, String>,
    /// Where each template is, as messages show it: in the site's theme
    /// folder or in the built-in theme.
    shown: HashMap<String, PathBuf>,
    /// `themes/<theme>/templates`, relative to the site root, for messages.
    dir: PathBuf,
}

/// `site` in every template.
#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub base_url: &'a str,
    /// The path of `base_url` without trailing slash: `/beslisnotas`, or
    /// empty for a site at the root of its host.
    pub base_path: &'a str,
    pub language: &'a str,
    pub organisation: &'a str,
    /// Absolute URL of the site's Atom feed.
    pub feed_url: String,
    /// The site's indexes, for the main menu.
    pub taxonomies: Vec<NavLink<'a>>,
    /// Set only by `nota serve`: the base template then loads the
    /// live-reload script. Never set in a real build.
    pub live_reload: Option<LiveReload>,
    /// URL of the Woo inventory page, when Woo output is on.
    pub woo_inventory: Option<String>,
    /// URL of the search page, unless `nota.toml` turns search off.
    pub search: Option<String>,
}

/// A menu entry: `title` and `url` (base path included).
#[derive(Debug, Serialize)]
pub struct NavLink<'a> {
    pub title: &'a str,
    pub url: String,
}

/// `site.live_reload`: where the preview server's script and event stream are.
#[derive(Debug, Clone, Serialize)]
pub struct LiveReload {
    /// URL of the script, e.g. `/__nota/live.js`.
    pub script: String,
    /// URL of the Server-Sent Events stream, e.g. `/__nota/events`.
    pub events: String,
}

impl LiveReload {
    /// The same URLs under the site's base path (what the pages load).
    fn under(&self, base: &BasePath) -> Self {
        Self {
            script: base.href(&self.script),
            events: base.href(&self.events),
        }
    }
}

impl<'a> SiteView<'a> {
    pub fn new(config: &'a Config) -> Self {
        let base = &config.base_path;
        Self {
            title: &config.title,
            base_url: &config.base_url,
            base_path: base.as_str(),
            language: &config.language,
            organisation: &config.organisation,
            feed_url: config.permalink(crate::render::feed::SITE_FEED_PATH),
            taxonomies: config
                .indexes
                .taxonomies
                .iter()
                .map(|t| NavLink {
                    title: &t.title,
                    url: base.href(&t.url()),
                })
                .collect(),
            live_reload: None,
            woo_inventory: config
                .woo
                .enabled()
                .then(|| base.href(crate::woo::inventory::PAGE_URL)),
            search: config.search.then(|| base.href(crate::search::PAGE_URL)),
        }
    }

    /// The view for `nota serve`, whose pages load the live-reload script
    /// (`live_reload` holds site paths; the view puts the base path in front).
    pub fn with_live_reload(mut self, live_reload: Option<&LiveReload>, config: &Config) -> Self {
        self.live_reload = live_reload.map(|l| l.under(&config.base_path));
        self
    }
}

/// `page` in `page.html`, and each entry of `pages`.
#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    /// The path a browser asks for, base path included (`/2022/x/`, or
    /// `/beslisnotas/2022/x/` under a sub-path).
    pub url: String,
    pub permalink: String,
    pub title: &'a str,
    /// ISO 8601 date, e.g. `2022-10-28`; `{{ page.date | datum }}` shows it in Dutch.
    pub date: String,
    #[serde(rename = "type")]
    pub kind: Option<&'a str>,
    pub organisation: &'a str,
    pub topics: &'a [String],
    pub kenmerk: Option<&'a str>,
    pub summary: &'a str,
    /// The body as HTML; print it with `{{ page.content | safe }}`.
    pub content: &'a str,
    pub toc: &'a [Heading],
    /// For a partly disclosed note: the judgement and the grounds used, for
    /// the "Openbaarmaking" block; absent when nothing was withheld.
    pub openbaarmaking: Option<Openbaarmaking>,
}

/// `page.openbaarmaking`: what was withheld from a note, and why.
#[derive(Debug, Serialize)]
pub struct Openbaarmaking {
    /// `Deels openbaar`.
    pub beoordeling: &'static str,
    /// Each ground with `code`, `description` and `article` (Dutch).
    pub grounds: Vec<crate::woo::inventory::GroundView>,
}

impl<'a> PageView<'a> {
    /// The view of a page; `with_content` false leaves the body out (for lists).
    pub fn new(page: &'a Page, config: &Config, with_content: bool) -> Self {
        Self {
            url: config.base_path.href(&page.url),
            permalink: config.permalink(&page.url),
            title: &page.meta.title,
            date: page.meta.date.to_string(),
            kind: page.meta.kind.as_deref(),
            organisation: &page.meta.organisation,
            topics: &page.meta.topics,
            kenmerk: page.meta.kenmerk.as_deref(),
            summary: &page.summary,
            content: if with_content { &page.content } else { "" },
            toc: if with_content { &page.toc } else { &[] },
            openbaarmaking: page.redactions.anything_withheld().then(|| Openbaarmaking {
                beoordeling: page.redactions.beoordeling(),
                grounds: page
                    .redactions
                    .grounds()
                    .into_iter()
                    .map(crate::woo::inventory::GroundView::new)
                    .collect(),
            }),
        }
    }
}

/// Template values that many pages show, made once per build: `site`, and
/// every note as a list entry (its [`PageView`] without body and outline).
/// Template values are reference-counted, so a page that lists a note (home,
/// term pages, related notes) shares its entry instead of serialising the
/// note again: with 10,000 notes that was some 60,000 serialisations.
pub struct SharedViews<'a> {
    site: Value,
    config: &'a Config,
    pages: &'a [Page],
    /// Made on first use: a cold build makes every entry once; a rebuild in
    /// `serve` that renders one page makes only the entries that page lists.
    entries: Vec<std::sync::OnceLock<Value>>,
}

impl<'a> SharedViews<'a> {
    /// `pages` in site order; lists refer to them by index.
    pub fn new(site: &SiteView<'_>, config: &'a Config, pages: &'a [Page]) -> Self {
        Self {
            site: Value::from_serializable(site),
            config,
            pages,
            entries: pages.iter().map(|_| std::sync::OnceLock::new()).collect(),
        }
    }

    fn entry(&self, index: usize) -> Value {
        self.entries[index]
            .get_or_init(|| {
                Value::from_serializable(&PageView::new(&self.pages[index], self.config, false))
            })
            .clone()
    }

    fn list(&self, pages: &[usize]) -> Value {
        Value::from(pages.iter().map(|&i| self.entry(i)).collect::<Vec<_>>())
    }
}

impl Templates {
    /// Reads and parses the theme's templates: the built-in ones with the
    /// site's over them.
    pub fn load(config: &Config, theme: &Theme) -> Result<Self, Vec<Diagnostic>> {
        let dir = theme.shown_dir.join("templates");
        let mut sources = HashMap::new();
        let mut shown = HashMap::new();
        let mut problems = Vec::new();
        for file in &theme.templates {
            let text = match &file.source {
                theme::Source::BuiltIn(bytes) => Ok(String::from_utf8_lossy(bytes).into_owned()),
                theme::Source::File(path) => std::fs::read_to_string(path),
            };
            match text {
                Ok(text) => {
                    sources.insert(file.name.clone(), text);
                    shown.insert(file.name.clone(), file.shown.clone());
                }
                Err(e) => problems.push(
                    Diagnostic::error("template/unreadable", format!("cannot read template: {e}"))
                        .at(Location::file(&file.shown)),
                ),
            }
        }
        for required in REQUIRED {
            if !sources.contains_key(*required) {
                problems.push(
                    Diagnostic::error(
                        "template/missing",
                        format!("the theme has no template `{required}`"),
                    )
                    .at(Location::file(&dir))
                    .help(format!("add {required} to the theme's templates folder")),
                );
            }
        }
        let mut templates = Self {
            tera: Tera::new(),
            sources,
            shown,
            dir,
        };
        templates.tera.autoescape_on(vec![".html", ".xml"]);
        register_filters(&mut templates.tera, config);
        let mut names: Vec<&String> = templates.sources.keys().collect();
        names.sort();
        let list: Vec<(String, String)> = names
            .into_iter()
            .map(|n| (n.clone(), templates.sources[n].clone()))
            .collect();
        if let Err(error) = templates.tera.add_raw_templates(list) {
            problems.push(templates.diagnostic(&error, "template/syntax"));
        }
        if problems.is_empty() {
            Ok(templates)
        } else {
            Err(problems)
        }
    }

    /// Warnings about URLs the theme's own templates write from the root of
    /// the host (see `theme::urls`).
    pub fn root_url_warnings(&self, base: &BasePath) -> Vec<Diagnostic> {
        let mut names: Vec<&String> = self.sources.keys().collect();
        names.sort();
        names
            .into_iter()
            .flat_map(|name| {
                theme::urls::check_template(&self.shown[name], &self.sources[name], base)
            })
            .collect()
    }

    /// Every template's name and text, sorted by name (for cache keys).
    pub fn sources(&self) -> Vec<(&str, &str)> {
        let mut list: Vec<(&str, &str)> = self
            .sources
            .iter()
            .map(|(name, text)| (name.as_str(), text.as_str()))
            .collect();
        list.sort_unstable();
        list
    }

    pub fn has(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// Renders `name` with `context` into bytes.
    pub fn render(&self, name: &str, context: &Context) -> Result<Vec<u8>, Diagnostic> {
        let mut out = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(name, context, &mut out)
            .map_err(|e| self.diagnostic(&e, "template/render"))?;
        Ok(out)
    }

    /// Renders `name` with the fields of `view` (a struct) as its variables.
    pub fn render_view<S: Serialize>(&self, name: &str, view: &S) -> Result<Vec<u8>, Diagnostic> {
        let context =
            Context::from_serialize(view).map_err(|e| self.diagnostic(&e, "template/context"))?;
        self.render(name, &context)
    }

    /// Renders `name` with the fields of `view` (a struct) as its variables,
    /// plus `site` and, for each `(variable, pages)` of `lists`, those pages'
    /// list entries, all from `shared`.
    pub fn render_shared<S: Serialize>(
        &self,
        name: &str,
        view: &S,
        shared: &SharedViews<'_>,
        lists: &[(&'static str, &[usize])],
    ) -> Result<Vec<u8>, Diagnostic> {
        let mut context =
            Context::from_serialize(view).map_err(|e| self.diagnostic(&e, "template/context"))?;
        context.insert_value("site", shared.site.clone());
        for (variable, pages) in lists {
            context.insert_value(*variable, shared.list(pages));
        }
        self.render(name, &context)
    }

    /// A diagnostic pointing at the template line of a tera error.
    fn diagnostic(&self, error: &tera::Error, code: &'static str) -> Diagnostic {
        use tera::ErrorKind;
        let report = match error.kind() {
            ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => Some(r),
            _ => None,
        };
        let Some(report) = report else {
            return Diagnostic::error(code, format!("template error: {}", error_chain(error)))
                .at(Location::file(&self.dir))
                .help("check the theme's templates");
        };
        let name = report.filename();
        let path = self
            .shown
            .get(name)
            .cloned()
            .unwrap_or_else(|| self.dir.join(name));
        let span = report.span();
        let location = match self.sources.get(name) {
            Some(text) => Location::in_text(&path, text, span.start_line, span.start_col + 1)
                .with_width(if span.start_line == span.end_line {
                    span.end_col.saturating_sub(span.start_col).max(1)
                } else {
                    1
                }),
            None => Location::file(path),
        };
        let message = report.message();
        let help = if message.contains("url filter") {
            "the url filter takes a path the template writes itself, such as \"/style.css\" (see nota's docs/themes.md, \"Template context\")"
        } else if message.contains("undefined")
            || message.contains("not defined")
            || message.contains("not found")
        {
            "the variable is not in the template context (see nota's docs/themes.md, \"Template context\"); guard optional values with `{% if … %}`"
        } else {
            "fix the template syntax (tera 2, Jinja2-like)"
        };
        Diagnostic::error(code, format!("template error: {message}"))
            .at(location)
            .help(help)
    }
}

fn error_chain(error: &tera::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

fn register_filters(tera: &mut Tera, config: &Config) {
    // `{{ page.date | datum }}` → "28 oktober 2022".
    tera.register_filter("datum", |value: &str, _: Kwargs, _: &State| -> String {
        value
            .get(..10)
            .and_then(|d| d.parse::<jiff::civil::Date>().ok())
            .map_or_else(|| value.to_string(), dutch::long_date)
    });
    // `{{ term.name | hoofdletter }}` → "Mensenhandel" (other capitals kept).
    tera.register_filter("hoofdletter", |value: &str, _: Kwargs, _: &State| {
        dutch::upper_first(value)
    });
    // `{{ site.organisation | met_lidwoord }}` → "het Ministerie van …".
    tera.register_filter("met_lidwoord", |value: &str, _: Kwargs, _: &State| {
        dutch::with_article(value)
    });
    // `{{ "/style.css" | url }}` → `/beslisnotas/style.css`;
    // `{{ "/atom.xml" | url(absolute=true) }}` → `https://…/beslisnotas/atom.xml`.
    let base = config.base_path.clone();
    let base_url = config.base_url.clone();
    tera.register_filter(
        "url",
        move |value: &str, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let absolute = kwargs.get::<bool>("absolute")?.unwrap_or(false);
            site_url(value, &base, &base_url, absolute).map_err(tera::Error::message)
        },
    );
}

/// What the `url` filter makes of a site path, or why it refuses it.
fn site_url(path: &str, base: &BasePath, base_url: &str, absolute: bool) -> Result<String, String> {
    if !path.starts_with('/') || path.starts_with("//") {
        return Err(format!(
            "the url filter takes a site path that starts with `/`, such as \"/style.css\"; got \"{path}\""
        ));
    }
    if !base.is_root() && base.site_path(path).is_some() {
        return Err(format!(
            "\"{path}\" already starts with the site's path {}/: URLs that nota gives templates (page.url, term.url, …) are ready to use without the url filter",
            base.as_str()
        ));
    }
    Ok(if absolute {
        format!("{base_url}{path}")
    } else {
        base.href(path)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_filter_puts_the_base_path_in_front() {
        let base = BasePath::of_base_url("https://www.example.nl/beslisnotas/");
        let url = |path: &str, absolute: bool| {
            site_url(path, &base, "https://www.example.nl/beslisnotas", absolute)
        };
        assert_eq!(url("/", false).unwrap(), "/beslisnotas/");
        assert_eq!(url("/style.css", false).unwrap(), "/beslisnotas/style.css");
        assert_eq!(
            url("/atom.xml", true).unwrap(),
            "https://www.example.nl/beslisnotas/atom.xml"
        );
        assert!(
            url("style.css", false)
                .unwrap_err()
                .contains("starts with `/`")
        );
        assert!(url("https://x.nl/", false).is_err());
        assert!(
            url("/beslisnotas/2022/x/", false)
                .unwrap_err()
                .contains("already starts with the site's path /beslisnotas/")
        );
        let root = BasePath::default();
        assert_eq!(
            site_url("/beslisnotas/", &root, "https://x.nl", false).unwrap(),
            "/beslisnotas/"
        );
    }
}
