//! `nota init [DIR]`: a ready site in an empty or new folder.
//!
//! A ministry starting a collection should get a site that builds, with Woo
//! publication on, before it has read any documentation: a commented
//! `nota.toml` that spells out every default, one example beslisnota that
//! shows front matter, a footnote and a withheld passage, and a `.gitignore`
//! for the output. The theme is built into nota, so nothing else is needed;
//! `--theme` also writes the built-in theme out for those who want to edit
//! all of it.
//!
//! Init never overwrites. It refuses a folder that already has files (a
//! folder with only `.git` counts as empty), unless `--force`, which adds
//! only the files that are missing — and the example note only when
//! `content/` has no note yet.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use crate::config::CONFIG_FILE;
use crate::render::theme;

/// Where the example note goes, relative to the site folder.
pub const EXAMPLE_NOTE: &str = "content/voorbeeld-beslisnota.md";

/// What `nota init` was asked to do.
#[derive(Debug, Clone)]
pub struct Request {
    /// The site folder; created when missing.
    pub dir: PathBuf,
    /// Add missing files to a folder that is not empty.
    pub force: bool,
    /// Also write the built-in theme into `themes/<theme>/`.
    pub theme: bool,
    /// The example note's date.
    pub today: jiff::civil::Date,
}

/// What `nota init` did, by paths relative to the site folder.
#[derive(Debug, Default)]
pub struct Outcome {
    pub written: Vec<String>,
    /// Files that were already there and were left alone.
    pub kept: Vec<String>,
    /// Set when the example note was left out because `content/` has notes.
    pub example_skipped: bool,
}

/// Why nothing (more) was written.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error(
        "{dir} is not empty (it has {entries}): nota init starts a site in an empty or new folder; pass --force to add only the files that are missing"
    )]
    NotEmpty { dir: String, entries: String },
    #[error("{0} exists and is not a folder")]
    NotAFolder(String),
    #[error("cannot write {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// Creates the site.
pub fn run(request: &Request) -> Result<Outcome, InitError> {
    let dir = &request.dir;
    if dir.exists() && !dir.is_dir() {
        return Err(InitError::NotAFolder(shown(dir)));
    }
    let entries = existing_entries(dir);
    if !entries.is_empty() && !request.force {
        return Err(InitError::NotEmpty {
            dir: shown(dir),
            entries: summarise(&entries),
        });
    }
    let mut outcome = Outcome::default();
    let mut files: Vec<(String, Cow<'static, [u8]>)> = vec![
        (CONFIG_FILE.to_string(), Cow::Borrowed(NOTA_TOML.as_bytes())),
        (
            ".gitignore".to_string(),
            Cow::Borrowed(GITIGNORE.as_bytes()),
        ),
    ];
    if has_notes(&dir.join("content")) {
        outcome.example_skipped = true;
    } else {
        files.push((
            EXAMPLE_NOTE.to_string(),
            Cow::Owned(example_note(request.today).into_bytes()),
        ));
    }
    if request.theme {
        let name = theme_name(dir);
        for (path, bytes) in theme::built_in_files() {
            files.push((format!("themes/{name}/{path}"), Cow::Borrowed(bytes)));
        }
    }
    for (rel, bytes) in files {
        let path = dir.join(&rel);
        match crate::output::create_new_bytes(&path, &bytes) {
            Ok(()) => outcome.written.push(rel),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => outcome.kept.push(rel),
            Err(source) => {
                return Err(InitError::Io {
                    path: shown(&path),
                    source,
                });
            }
        }
    }
    Ok(outcome)
}

/// The folder's entries that make it "not empty" (all but `.git`), sorted.
fn existing_entries(dir: &Path) -> Vec<String> {
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = read
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name != ".git")
        .collect();
    names.sort();
    names
}

/// `nota.toml, content` or `nota.toml, content and 3 more`.
fn summarise(entries: &[String]) -> String {
    const SHOWN: usize = 3;
    let mut text = entries
        .iter()
        .take(SHOWN)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if entries.len() > SHOWN {
        text.push_str(&format!(" and {} more", entries.len() - SHOWN));
    }
    text
}

/// Whether `content/` already holds a note (a `.md` file at any depth).
fn has_notes(content: &Path) -> bool {
    walkdir::WalkDir::new(content)
        .into_iter()
        .filter_map(Result::ok)
        .any(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
}

/// The theme an existing `nota.toml` names, or `default`.
fn theme_name(dir: &Path) -> String {
    std::fs::read_to_string(dir.join(CONFIG_FILE))
        .ok()
        .and_then(|text| text.parse::<toml::Table>().ok())
        .and_then(|table| table.get("theme")?.as_str().map(str::to_string))
        .filter(|name| {
            !name.is_empty()
                && Path::new(name)
                    .components()
                    .all(|c| matches!(c, std::path::Component::Normal(_)))
        })
        .unwrap_or_else(|| theme::BUILT_IN_NAME.to_string())
}

fn shown(path: &Path) -> String {
    if path.as_os_str().is_empty() || path == Path::new(".") {
        "the current folder".to_string()
    } else {
        crate::diagnostic::display_path(path)
    }
}

/// The example note, dated `today`.
pub fn example_note(today: jiff::civil::Date) -> String {
    EXAMPLE_NOTE_TEXT.replace("{date}", &today.to_string())
}

const GITIGNORE: &str = "\
# What `nota build` writes: made from content/ and nota.toml, never edited by hand.
/public/
";

const NOTA_TOML: &str = r#"# The settings of this site. nota's README ("Site settings") describes every
# key; a key that is not listed there is an error, so a typo never goes unnoticed.

# The name of the site: in every page's header and title, and in the feeds.
title = "Beslisnota's"

# The address of the site's home page. Feeds, sitemaps, canonical links and
# the Woo files use it. A site under a path of the main site works the same:
# every link nota writes then starts with that path, e.g.
#   base_url = "https://www.example.nl/beslisnotas/"
base_url = "https://www.example.nl/"

# The organisation that publishes the notes: named in every page's footer,
# and the `organisation` of every note that names none.
organisation = "Ministerie van Justitie en Veiligheid"

# The language of the pages (default "nl").
language = "nl"

# The theme (default "default", built into nota). To change one template or
# add a stylesheet, put just that file in themes/default/templates/ or
# themes/default/static/; `nota init --theme` writes out the whole theme.
theme = "default"

# How many notes a term page shows before it continues on a next page
# (default 50), how many the home page shows (default 10), and how many each
# Atom feed holds (default 20).
page_size = 50
home_latest = 10
feed_entries = 20

# Search (/zoeken/, linked from every page's header), with its index made
# from what the pages show. `search = false` leaves both out, e.g. for a site
# whose notes are found through another site's search (default true).
search = true

# The indexes: a list page per taxonomy and a page per term. These four are
# the default; declaring [[taxonomies]] replaces the whole list, and
# `taxonomies = []` turns the indexes off.
[[taxonomies]]
field = "topics"          # front-matter field: topics, type, organisation, kenmerk or year
path = "/onderwerpen/"    # URL of the list page: lowercase letters, digits and hyphens
title = "Onderwerpen"     # title of the list page and of its menu entry
feed = true               # an Atom feed per term (default false)

[[taxonomies]]
field = "organisation"
path = "/organisaties/"
title = "Organisaties"

[[taxonomies]]
field = "type"
path = "/soorten/"
title = "Soorten"

[[taxonomies]]
field = "year"
path = "/jaren/"
title = "Jaren"

# How section 5 of a beslisnota ("Informatie die zich niet leent voor
# openbaarmaking") is recognised. These lists add to nota's own titles and
# "nothing withheld" phrases (see nota's README, "Section 5"); empty by default.
[redaction]
section5_titles = []
nothing_withheld = []

# The accessibility statement at /toegankelijkheid/ (toegankelijkheidsverklaring),
# in the form of the Dutch government's model, made from what nota checks.
# Every build warns until `contact` says how visitors report a problem.
[accessibility]
# An e-mail address or the https:// address of a contact form.
# contact = "toegankelijkheid@example.nl"
# The date the statement was approved, YYYY-MM-DD (default none: the page
# then says that it is made again with every publication).
# date = "2025-03-01"
# The status of the model statement (default "C", eerste maatregelen
# genomen: nota's checks are measures, not an accessibility audit). "A" and
# "B" rest on an audit: they need `report`, the address of its report.
status = "C"
# report = "https://www.example.nl/toegankelijkheidsonderzoek.pdf"

# Personal data the organisation publishes by policy (names of its
# directors-general, its switchboard number, a functional mailbox that looks
# personal): the personal-data check does not report these (see nota's README,
# "Personal data"); empty by default.
[personal_data]
public = []

# Publication under the Wet open overheid (Woo). With a publisher, every
# build also writes the DiWoo sitemaps for the national Woo-index and the
# inventory of all notes (/woo/inventaris/ and /woo/inventaris.csv).
[woo]
# The publishing organisation, as in the TOOI register: its name today, its
# code (mnre1058) or its URI.
publisher = "ministerie van Justitie en Veiligheid"
# The default information category (default c_816e508d: art. 3.1 Woo, where
# beslisnota's belong); a note can name another in its front matter.
category = "c_816e508d"
# The default language of the documents (default NLD, Nederlands).
language = "NLD"
# Front-matter fields every note must have (default none), e.g.
# ["kenmerk", "type"].
required = []
# enabled = false         # turns Woo output off and keeps the settings

# Note types that are not TOOI document types, and the type they count as.
# ("beleidsreactie" = "Kamerbrief" is built in.)
[woo.types]

# Other spellings of organisations in notes, and the TOOI organisation each
# stands for, e.g. "DG Migratie" = "mnre1058".
[woo.organisations]
"#;

const EXAMPLE_NOTE_TEXT: &str = r#"---
title: "Voorbeeld: een beslisnota op deze website"
date: {date}
type: beslisnota
kenmerk: "VOORBEELD-0001"
topics: ["Voorbeeld"]
summary: "Een voorbeeld van een beslisnota: zo schrijft u een nota in Markdown, en zo blijft weggelakte informatie buiten de website."
# Withhold a passage: {lak 5.1.2e}…{/lak} around it, with its Woo ground(s).
# In Word (for nota import): a comment whose whole text is the ground code, on exactly that text.
---

## 1. Aanleiding

Deze nota is een voorbeeld. Hij laat zien hoe een beslisnota eruitziet op deze website. Vervang hem door uw eerste eigen nota, maak een nieuwe met `nota new 2025/mijn-nota`, of importeer een Word-document met `nota import`.

## 2. Geadviseerd besluit

Kennisnemen van de opbouw van een beslisnota in Markdown.

## 3. Kernpunten

- Elke nota is een Markdown-bestand in de map `content/`.
- De gegevens bovenaan het bestand (titel, datum, soort, kenmerk, onderwerpen) heten de *front matter*.
- Informatie die niet openbaar mag worden, zet u tussen lakmarkeringen met de grond uit de Woo.

## 4. Toelichting

Het overleg met {lak 5.1.2e}mevrouw J. Jansen van de gemeente Voorbeeldstad{/lak} verliep constructief.[^1] Haar naam is weggelakt ter eerbiediging van de persoonlijke levenssfeer: op de website staat op die plek een zwart blok met de grond, en de naam komt in geen enkel bestand van de website terecht.

[^1]: Een voetnoot. Voetnoten worden genummerd en onderaan de pagina gezet, met een link terug naar de tekst.

## 5. Informatie die zich niet leent voor openbaarmaking

Niet van toepassing.
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_settings_file_is_valid_and_spells_out_the_defaults() {
        let flags = crate::config::Flags::default();
        let config = crate::config::Config::from_toml(NOTA_TOML, &flags).expect("valid nota.toml");
        assert!(config.woo.enabled());
        assert_eq!(config.indexes.taxonomies.len(), 4);
        let defaults = crate::config::Config::from_toml(
            "title = \"x\"\nbase_url = \"https://www.example.nl/\"\norganisation = \"Ministerie van Justitie en Veiligheid\"\n[woo]\npublisher = \"mnre1058\"\n",
            &flags,
        )
        .unwrap();
        let taxonomies = |c: &crate::config::Config| -> Vec<(String, String, String, bool)> {
            c.indexes
                .taxonomies
                .iter()
                .map(|t| {
                    (
                        t.field.name().to_string(),
                        t.path.clone(),
                        t.title.clone(),
                        t.feed,
                    )
                })
                .collect()
        };
        assert_eq!(taxonomies(&config), taxonomies(&defaults));
        let sizes = |c: &crate::config::Config| {
            (
                c.indexes.page_size,
                c.indexes.home_latest,
                c.indexes.feed_entries,
            )
        };
        assert_eq!(sizes(&config), sizes(&defaults));
        assert_eq!(config.woo.publication, defaults.woo.publication);
        let statement = |c: &crate::config::Config| {
            let a = c.accessibility.clone();
            (a.contact, a.date, a.status, a.report)
        };
        assert_eq!(statement(&config), statement(&defaults));
        assert_eq!(config.language, defaults.language);
        assert_eq!(config.search, defaults.search);
        assert_eq!(config.theme, defaults.theme);
        assert_eq!(
            format!("{:?}", config.redaction),
            format!("{:?}", defaults.redaction)
        );
        assert_eq!(config.personal_data, defaults.personal_data);
    }

    #[test]
    fn entries_are_summarised() {
        let names: Vec<String> = ["a", "b", "c", "d", "e"].map(String::from).to_vec();
        assert_eq!(summarise(&names[..2]), "a, b");
        assert_eq!(summarise(&names), "a, b, c and 2 more");
    }
}
