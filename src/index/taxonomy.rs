//! One taxonomy (topics, organisations, …) turned into terms with their notes.
//!
//! Spellings that differ only in case or diacritics become one term (with a
//! warning, because the author probably meant one spelling); different terms
//! whose slugs coincide are an error, because one would overwrite the other's
//! pages. Everything is ordered by content, never by hash or thread order.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;
use std::path::Path;

use crate::config::index::{Field, Taxonomy};
use crate::diagnostic::{self, Diagnostic, Location};
use crate::index::collate;
use crate::page::Page;

/// Finds where a value is written in a note, for findings about it.
pub trait Locate {
    /// The location of `needle` under front-matter `key` of the note at
    /// `source_path` (the key itself when the value is not found).
    fn locate(&self, source_path: &Path, key: &str, needle: &str) -> Location;
}

/// One term: a topic, an organisation, a year, ….
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// The spelling shown on the site.
    pub name: String,
    /// URL part, e.g. `jeugdzorg-ggz`.
    pub slug: String,
    /// Indices into `Site::pages`, newest first.
    pub pages: Vec<usize>,
}

/// A taxonomy with its terms in Dutch index order.
#[derive(Debug, Clone)]
pub struct TaxonomyIndex {
    pub taxonomy: Taxonomy,
    pub terms: Vec<Term>,
    /// For every page (same index as `Site::pages`), its terms in the order
    /// the note lists them.
    pub page_terms: Vec<Vec<usize>>,
}

impl TaxonomyIndex {
    /// `/onderwerpen/jeugdzorg-ggz/`.
    pub fn term_url(&self, term: &Term) -> String {
        format!("/{}/{}/", self.taxonomy.path, term.slug)
    }
}

/// Calls `visit` with each value a note has for `field`, in the order the
/// note lists them. `year` is a buffer for the one value that is not text
/// in the note already (no allocation per note).
fn for_each_value(page: &Page, field: Field, year: &mut String, mut visit: impl FnMut(&str)) {
    let meta = &page.meta;
    match field {
        Field::Topics => meta.topics.iter().for_each(|t| visit(t)),
        Field::Type => meta.kind.iter().for_each(|k| visit(k)),
        Field::Organisation => visit(&meta.organisation),
        Field::Kenmerk => meta.kenmerk.iter().for_each(|k| visit(k)),
        Field::Year => {
            use std::fmt::Write;
            year.clear();
            let _ = write!(year, "{}", meta.date.year());
            visit(year);
        }
    }
}

/// Spellings of one term while collecting: spelling → pages using it.
#[derive(Debug, Default)]
struct Group {
    spellings: BTreeMap<String, Vec<usize>>,
    pages: Vec<usize>,
}

/// Builds the index of `taxonomy` over `pages` (already in site order).
pub fn build(
    taxonomy: &Taxonomy,
    pages: &[Page],
    locate: &dyn Locate,
    diagnostics: &mut Vec<Diagnostic>,
) -> TaxonomyIndex {
    let (groups, page_groups) = collect(taxonomy.field, pages);
    // Only an index the site asked for is worth a warning; an unused
    // built-in one just stays empty.
    if groups.is_empty() && !pages.is_empty() && taxonomy.declared {
        diagnostics.push(unused_field(taxonomy));
    }
    let mut terms: Vec<(usize, Term, Group)> = groups
        .into_iter()
        .enumerate()
        .map(|(old, group)| {
            let name = preferred_spelling(&group);
            if group.spellings.len() > 1 {
                diagnostics.push(spelling_variants(taxonomy, &name, &group, pages, locate));
            }
            let term = Term {
                slug: slug::slugify(&name),
                name,
                pages: group.pages.clone(),
            };
            (old, term, group)
        })
        .collect();
    terms.sort_by(|a, b| collate::compare(&a.1.name, &b.1.name));
    let mut new_index = vec![0; terms.len()];
    for (position, (old, _, _)) in terms.iter().enumerate() {
        new_index[*old] = position;
    }
    check_slugs(taxonomy, &terms, pages, locate, diagnostics);
    let page_terms = page_groups
        .into_iter()
        .map(|groups| groups.into_iter().map(|g| new_index[g]).collect())
        .collect();
    TaxonomyIndex {
        taxonomy: taxonomy.clone(),
        terms: terms.into_iter().map(|(_, term, _)| term).collect(),
        page_terms,
    }
}

/// Groups every page's values by merge key, in page order.
fn collect(field: Field, pages: &[Page]) -> (Vec<Group>, Vec<Vec<usize>>) {
    let mut by_key: HashMap<String, usize> = HashMap::default();
    // Every spelling as written, with its group and the pages using it.
    // Almost every value is a spelling seen before: one look-up finds all
    // of it, and each distinct spelling is folded (`merge_key`) only once.
    let mut spellings: HashMap<String, (usize, Vec<usize>)> = HashMap::default();
    let mut group_pages: Vec<Vec<usize>> = Vec::new();
    let mut page_groups: Vec<Vec<usize>> = Vec::with_capacity(pages.len());
    let mut year = String::new();
    for (index, page) in pages.iter().enumerate() {
        let mut own: Vec<usize> = Vec::new();
        for_each_value(page, field, &mut year, |value| {
            let group_index = match spellings.get_mut(value) {
                Some((group, users)) => {
                    if users.last() != Some(&index) {
                        users.push(index);
                    }
                    *group
                }
                None => {
                    let key = collate::merge_key(value);
                    let group = *by_key.entry(key).or_insert_with(|| {
                        group_pages.push(Vec::new());
                        group_pages.len() - 1
                    });
                    spellings.insert(value.to_string(), (group, vec![index]));
                    group
                }
            };
            if !own.contains(&group_index) {
                own.push(group_index);
                group_pages[group_index].push(index);
            }
        });
        page_groups.push(own);
    }
    let mut groups: Vec<Group> = group_pages
        .into_iter()
        .map(|pages| Group {
            spellings: BTreeMap::new(),
            pages,
        })
        .collect();
    for (spelling, (group, users)) in spellings {
        groups[group].spellings.insert(spelling, users);
    }
    (groups, page_groups)
}

/// The most used spelling; among equals the first in code-point order.
fn preferred_spelling(group: &Group) -> String {
    group
        .spellings
        .iter()
        .max_by(|a, b| a.1.len().cmp(&b.1.len()).then_with(|| b.0.cmp(a.0)))
        .map(|(s, _)| s.clone())
        .unwrap_or_default()
}

fn unused_field(taxonomy: &Taxonomy) -> Diagnostic {
    let key = taxonomy.field.key();
    Diagnostic::warning(
        "taxonomy/unused-field",
        format!(
            "no note has `{key}`, so the index {} (\"{}\") is empty",
            taxonomy.url(),
            taxonomy.title
        ),
    )
    .at(taxonomy.declared_at.clone())
    .help(format!(
        "add `{key}` to the notes' front matter, or remove this taxonomy from `taxonomies` in nota.toml"
    ))
}

/// How many files a message names per spelling before "and N more".
const FILES_SHOWN: usize = 3;

fn spelling_variants(
    taxonomy: &Taxonomy,
    name: &str,
    group: &Group,
    pages: &[Page],
    locate: &dyn Locate,
) -> Diagnostic {
    let mut spellings: Vec<(&String, &Vec<usize>)> = group.spellings.iter().collect();
    spellings.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(b.0)));
    let described: Vec<String> = spellings
        .iter()
        .map(|(spelling, users)| {
            let mut files: Vec<String> = users
                .iter()
                .take(FILES_SHOWN)
                .map(|&i| diagnostic::display_path(&pages[i].source_path))
                .collect();
            if users.len() > FILES_SHOWN {
                files.push(format!("and {} more", users.len() - FILES_SHOWN));
            }
            format!("`{spelling}` ({})", files.join(", "))
        })
        .collect();
    let (odd_spelling, odd_users) = spellings
        .iter()
        .find(|(s, _)| s.as_str() != name)
        .copied()
        .unwrap_or(spellings[0]);
    let first_odd = &pages[odd_users[0]];
    let field = taxonomy.field;
    Diagnostic::warning(
        "taxonomy/spelling-variants",
        format!(
            "the {} value `{name}` is written in {} ways: {}",
            field.name(),
            spellings.len(),
            described.join(", ")
        ),
    )
    .at(locate.locate(&first_odd.source_path, field.key(), odd_spelling))
    .help(format!(
        "they are listed as one term, `{name}`; write it the same way in every note"
    ))
}

/// Empty slugs and different terms sharing a slug are errors.
fn check_slugs(
    taxonomy: &Taxonomy,
    terms: &[(usize, Term, Group)],
    pages: &[Page],
    locate: &dyn Locate,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let field = taxonomy.field;
    let where_written = |term: &Term, group: &Group| {
        let spelling = group
            .spellings
            .iter()
            .find(|(_, users)| users.contains(&term.pages[0]))
            .map_or(term.name.as_str(), |(s, _)| s.as_str());
        locate.locate(&pages[term.pages[0]].source_path, field.key(), spelling)
    };
    let mut first_with_slug: HashMap<&str, &Term> = HashMap::default();
    for (_, term, group) in terms {
        if term.slug.is_empty() {
            diagnostics.push(
                Diagnostic::error(
                    "taxonomy/empty-slug",
                    format!(
                        "the {} value `{}` has no letters or digits to make a URL from",
                        field.name(),
                        term.name
                    ),
                )
                .at(where_written(term, group))
                .help("write the term with letters or digits"),
            );
            continue;
        }
        match first_with_slug.get(term.slug.as_str()) {
            Some(first) => diagnostics.push(
                Diagnostic::error(
                    "taxonomy/slug-collision",
                    format!(
                        "the {} `{}` and `{}` would both be published at /{}/{}/",
                        field.name(),
                        first.name,
                        term.name,
                        taxonomy.path,
                        term.slug
                    ),
                )
                .at(where_written(term, group))
                .help(format!(
                    "if they are one term, write `{}` in every note; otherwise make them differ in letters or digits",
                    first.name
                )),
            ),
            None => {
                first_with_slug.insert(&term.slug, term);
            }
        }
    }
}
