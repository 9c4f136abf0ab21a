//! The theme's templates: the only module that uses tera.
//!
//! Templates are parsed once per build and shared by all rendering threads.
//! Errors are turned into diagnostics that point into the template file, and
//! a rendering error that every page would hit is reported once, not once per
//! page.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use tera::{Context, Kwargs, State, Tera, Value};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Location};
use crate::dutch;
use crate::markdown::Heading;
use crate::page::Page;

/// Templates every theme must have.
pub const REQUIRED: &[&str] = &["page.html", "index.html", "404.html"];

/// The loaded theme.
pub struct Templates {
    tera: Tera,
    /// Template sources by name, for error positions.
    sources: HashMap<String, String>,
    /// `themes/<theme>/templates`, relative to the site root, for messages.
    dir: PathBuf,
}

/// Why the theme cannot be used at all.
#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    #[error("theme `{theme}` not found: there is no folder {dir}")]
    Missing { theme: String, dir: String },
}

/// `site` in every template.
#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub base_url: &'a str,
    pub language: &'a str,
    pub organisation: &'a str,
    /// Absolute URL of the site's Atom feed.
    pub feed_url: String,
    /// The site's indexes, for the main menu.
    pub taxonomies: Vec<NavLink<'a>>,
    /// Set only by `nota serve`: the base template then loads the
    /// live-reload script. Never set in a real build.
    pub live_reload: Option<&'a LiveReload>,
    /// Site path of the Woo inventory page, when Woo output is on.
    pub woo_inventory: Option<&'static str>,
}

/// A menu entry: `title` and site path `url`.
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

impl<'a> SiteView<'a> {
    pub fn new(config: &'a Config) -> Self {
        Self {
            title: &config.title,
            base_url: &config.base_url,
            language: &config.language,
            organisation: &config.organisation,
            feed_url: config.permalink(crate::render::feed::SITE_FEED_PATH),
            taxonomies: config
                .indexes
                .taxonomies
                .iter()
                .map(|t| NavLink {
                    title: &t.title,
                    url: t.url(),
                })
                .collect(),
            live_reload: None,
            woo_inventory: config
                .woo
                .enabled()
                .then_some(crate::woo::inventory::PAGE_URL),
        }
    }
}

/// `page` in `page.html`, and each entry of `pages`.
#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    pub url: &'a str,
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
            url: &page.url,
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
    /// Loads and parses every `*.html` template of the configured theme.
    pub fn load(config: &Config) -> Result<Result<Self, Vec<Diagnostic>>, ThemeError> {
        let theme_dir = config.theme_dir();
        let dir = theme_dir.join("templates");
        if !dir.is_dir() {
            return Err(ThemeError::Missing {
                theme: config.theme.clone(),
                dir: relative(&config.root, &dir).display().to_string(),
            });
        }
        let shown_dir = relative(&config.root, &dir);
        let mut sources = HashMap::new();
        let mut problems = Vec::new();
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let Ok(entry) = entry else { continue };
            if !entry.file_type().is_file() {
                continue;
            }
            let name = entry
                .path()
                .strip_prefix(&dir)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            match std::fs::read_to_string(entry.path()) {
                Ok(text) => {
                    sources.insert(name, text);
                }
                Err(e) => problems.push(
                    Diagnostic::error("template/unreadable", format!("cannot read template: {e}"))
                        .at(Location::file(shown_dir.join(&name))),
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
                    .at(Location::file(&shown_dir))
                    .help(format!("add {required} to the theme's templates folder")),
                );
            }
        }
        let mut templates = Self {
            tera: Tera::new(),
            sources,
            dir: shown_dir,
        };
        templates.tera.autoescape_on(vec![".html", ".xml"]);
        register_filters(&mut templates.tera);
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
            Ok(Ok(templates))
        } else {
            Ok(Err(problems))
        }
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
        let path = self.dir.join(name);
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
        let help = if message.contains("undefined")
            || message.contains("not defined")
            || message.contains("not found")
        {
            "the variable is not in the template context (see README, \"Template context\"); guard optional values with `{% if … %}`"
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

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn register_filters(tera: &mut Tera) {
    // `{{ page.date | datum }}` → "28 oktober 2022".
    tera.register_filter("datum", |value: &str, _: Kwargs, _: &State| -> String {
        value
            .get(..10)
            .and_then(|d| d.parse::<jiff::civil::Date>().ok())
            .map_or_else(|| value.to_string(), dutch::long_date)
    });
}
