//! TOOI value lists (DiWoo 0.9.8): organisations, document types, information
//! categories, kinds of documenthandeling and document relation, languages
//! and file formats.
//!
//! The Woo-index only accepts values from these lists, so every name a user
//! writes (in `nota.toml` or front matter) is resolved here once, and an
//! unknown name is refused with the nearest valid names instead of being
//! passed through into XML that the harvester would reject. The lists are
//! generated from the DiWoo TSV extract by `scripts/gen-tooi.py` into
//! `data/tooi/` and compiled into the binary, so a build needs no network.
//!
//! A name matches an entry by its full URI, by the URI's last segment
//! (`mnre1058`, `c_816e508d`, `NLD`), or by its label, ignoring case, extra
//! whitespace and the kind of apostrophe; an information category also
//! matches its infocat number (`018`).
//!
//! This is vocabulary, below every stage: `config` resolves the publisher
//! and organisations of `nota.toml` when it reads the file. [`organisation`]
//! adds the names organisations had through time.

pub mod organisation;

use std::sync::LazyLock;

/// One value of a TOOI list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Entry {
    pub uri: &'static str,
    pub label: &'static str,
    /// For an information category: the number in `sitemapindex-diwoo-infocatNNN.xml`.
    pub infocat: Option<&'static str>,
    /// For an information category: the article of the Woo, e.g. `art. 3.1`.
    pub article: Option<&'static str>,
}

impl Entry {
    /// The last segment of the URI: `mnre1058`, `c_2977c34f`, `NLD`.
    pub fn code(&self) -> &'static str {
        self.uri.rsplit('/').next().unwrap_or(self.uri)
    }
}

/// Which list a name is looked up in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    Organisation,
    DocumentType,
    Category,
    Handeling,
    Relation,
    Language,
    Format,
}

impl ListKind {
    /// How messages name the list.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Organisation => "TOOI organisation",
            Self::DocumentType => "TOOI document type",
            Self::Category => "Woo information category",
            Self::Handeling => "kind of documenthandeling",
            Self::Relation => "kind of document relation",
            Self::Language => "TOOI language",
            Self::Format => "TOOI file format",
        }
    }

    fn data(self) -> &'static str {
        match self {
            Self::Organisation => include_str!("../../data/tooi/organisaties.tsv"),
            Self::DocumentType => include_str!("../../data/tooi/documentsoorten.tsv"),
            Self::Category => include_str!("../../data/tooi/informatiecategorieen.tsv"),
            Self::Handeling => include_str!("../../data/tooi/documenthandelingen.tsv"),
            Self::Relation => include_str!("../../data/tooi/documentrelaties.tsv"),
            Self::Language => include_str!("../../data/tooi/talen.tsv"),
            Self::Format => include_str!("../../data/tooi/formats.tsv"),
        }
    }
}

/// A name that is not in a list, or that names several entries.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    #[error("`{name}` is not a {}", kind.describe())]
    Unknown {
        kind: ListKind,
        name: String,
        /// The nearest labels, best first.
        nearest: Vec<&'static str>,
    },
    #[error("`{name}` names more than one {}: {}", kind.describe(), uris.join(", "))]
    Ambiguous {
        kind: ListKind,
        name: String,
        uris: Vec<&'static str>,
    },
}

impl LookupError {
    /// A help text that says how to fix the name.
    pub fn help(&self) -> String {
        match self {
            Self::Unknown { nearest, .. } if !nearest.is_empty() => {
                let names: Vec<String> = nearest.iter().map(|n| format!("`{n}`")).collect();
                format!(
                    "the nearest valid names are {}; the full lists are in data/tooi/",
                    names.join(", ")
                )
            }
            Self::Unknown { .. } => "see the lists in data/tooi/ for valid names".to_string(),
            Self::Ambiguous { .. } => {
                "write the URI (or its last part, e.g. `mnre1045`) instead of the name".to_string()
            }
        }
    }
}

/// How many nearest names an unknown name is answered with.
const NEAREST: usize = 3;

/// One list, loaded from its embedded TSV.
#[derive(Debug)]
pub struct List {
    kind: ListKind,
    entries: Vec<Entry>,
    /// Normalised labels, parallel to `entries`.
    keys: Vec<String>,
}

static LISTS: LazyLock<[List; 7]> = LazyLock::new(|| {
    [
        ListKind::Organisation,
        ListKind::DocumentType,
        ListKind::Category,
        ListKind::Handeling,
        ListKind::Relation,
        ListKind::Language,
        ListKind::Format,
    ]
    .map(List::load)
});

/// The list of `kind`.
pub fn list(kind: ListKind) -> &'static List {
    let index = match kind {
        ListKind::Organisation => 0,
        ListKind::DocumentType => 1,
        ListKind::Category => 2,
        ListKind::Handeling => 3,
        ListKind::Relation => 4,
        ListKind::Language => 5,
        ListKind::Format => 6,
    };
    &LISTS[index]
}

/// Looks `name` up in the list of `kind`.
pub fn lookup(kind: ListKind, name: &str) -> Result<&'static Entry, LookupError> {
    list(kind).lookup(name)
}

impl List {
    fn load(kind: ListKind) -> Self {
        let mut lines = kind
            .data()
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty());
        let _header = lines.next();
        let entries: Vec<Entry> = lines
            .map(|line| {
                let mut cells = line.split('\t');
                let uri = cells.next().unwrap_or_default();
                let label = cells.next().unwrap_or_default();
                let (infocat, article) = if kind == ListKind::Category {
                    (cells.next(), cells.next())
                } else {
                    (None, None)
                };
                Entry {
                    uri,
                    label,
                    infocat,
                    article,
                }
            })
            .collect();
        let keys = entries.iter().map(|e| normalise(e.label)).collect();
        Self {
            kind,
            entries,
            keys,
        }
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry with this exact URI.
    pub fn by_uri(&self, uri: &str) -> Option<&'static Entry> {
        let list: &'static List = list(self.kind);
        list.entries.iter().find(|e| e.uri == uri)
    }

    /// The entry `name` stands for (URI, code, label or infocat number).
    pub fn lookup(&self, name: &str) -> Result<&'static Entry, LookupError> {
        let list: &'static List = list(self.kind);
        let name = name.trim();
        if let Some(entry) = list.by_uri(name) {
            return Ok(entry);
        }
        let wanted = normalise(name);
        let matches: Vec<&'static Entry> = list
            .entries
            .iter()
            .zip(&list.keys)
            .filter(|(entry, key)| {
                **key == wanted
                    || entry.code().eq_ignore_ascii_case(&wanted)
                    || entry.infocat == Some(wanted.as_str())
            })
            .map(|(entry, _)| entry)
            .collect();
        match matches.as_slice() {
            [one] => Ok(one),
            [] => Err(LookupError::Unknown {
                kind: self.kind,
                name: name.to_string(),
                nearest: list.nearest(&wanted),
            }),
            several => Err(LookupError::Ambiguous {
                kind: self.kind,
                name: name.to_string(),
                uris: several.iter().map(|e| e.uri).collect(),
            }),
        }
    }

    /// The labels closest to a normalised name, best first.
    fn nearest(&'static self, wanted: &str) -> Vec<&'static str> {
        nearest(
            wanted,
            self.keys
                .iter()
                .zip(&self.entries)
                .map(|(key, entry)| (key.as_str(), entry.label)),
        )
    }
}

/// The [`NEAREST`] distinct labels whose normalised keys are closest to the
/// normalised name `wanted`, best first; `candidates` are (key, label) pairs.
pub(crate) fn nearest<'k>(
    wanted: &str,
    candidates: impl Iterator<Item = (&'k str, &'static str)>,
) -> Vec<&'static str> {
    let mut scored: Vec<(f64, &'static str)> = candidates
        .map(|(key, label)| (similarity(wanted, key), label))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let mut labels: Vec<&'static str> = Vec::new();
    for (_, label) in scored {
        if !labels.contains(&label) {
            labels.push(label);
        }
        if labels.len() == NEAREST {
            break;
        }
    }
    labels
}

/// How alike two normalised names are (0 to 1). A name that is contained in
/// a label ("justitie en veiligheid") scores high, so short names still
/// find the long official label.
fn similarity(wanted: &str, key: &str) -> f64 {
    let base = strsim::jaro_winkler(wanted, key);
    if !wanted.is_empty() && key.contains(wanted) {
        base.max(0.9 + 0.1 * wanted.len() as f64 / key.len() as f64)
    } else {
        base
    }
}

/// Lower case, single spaces, straight apostrophes.
pub(crate) fn normalise(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(['’', '‘'], "'")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_is_loaded_with_the_generated_counts() {
        assert_eq!(list(ListKind::Organisation).entries().len(), 1398);
        assert_eq!(list(ListKind::DocumentType).entries().len(), 91);
        assert_eq!(list(ListKind::Category).entries().len(), 18);
        assert_eq!(list(ListKind::Handeling).entries().len(), 3);
        assert_eq!(list(ListKind::Relation).entries().len(), 4);
        assert_eq!(list(ListKind::Language).entries().len(), 27);
        assert_eq!(list(ListKind::Format).entries().len(), 19);
    }

    #[test]
    fn organisations_by_label_code_and_uri() {
        let jenv = "https://identifier.overheid.nl/tooi/id/ministerie/mnre1058";
        for name in [
            "Ministerie van Justitie en Veiligheid",
            "ministerie van  justitie en veiligheid",
            "mnre1058",
            jenv,
        ] {
            assert_eq!(lookup(ListKind::Organisation, name).unwrap().uri, jenv);
        }
    }

    #[test]
    fn information_categories_carry_their_infocat_number() {
        let art31 = lookup(ListKind::Category, "c_816e508d").unwrap();
        assert_eq!(art31.infocat, Some("018"));
        assert_eq!(art31.article, Some("art. 3.1"));
        assert_eq!(
            lookup(ListKind::Category, "015").unwrap().label,
            "onderzoeksrapporten"
        );
        // Typographic and straight apostrophes are the same name.
        assert_eq!(
            lookup(
                ListKind::Category,
                "agenda's en besluitenlijsten bestuurscolleges"
            )
            .unwrap()
            .infocat,
            Some("009")
        );
    }

    #[test]
    fn document_types_and_handelingen() {
        assert_eq!(
            lookup(ListKind::DocumentType, "beslisnota").unwrap().code(),
            "c_2977c34f"
        );
        assert_eq!(
            lookup(ListKind::DocumentType, "kamerbrief").unwrap().code(),
            "c_49599e6c"
        );
        assert_eq!(
            lookup(ListKind::Handeling, "vaststelling").unwrap().code(),
            "c_641ecd76"
        );
        assert_eq!(
            lookup(ListKind::Relation, "verwijst naar").unwrap().code(),
            "c_75fac459"
        );
        assert_eq!(
            lookup(ListKind::Language, "NLD").unwrap().label,
            "Nederlands"
        );
    }

    #[test]
    fn unknown_names_come_with_the_nearest_labels() {
        let err = lookup(
            ListKind::Organisation,
            "Ministerie van Justitie & Veiligheid",
        )
        .unwrap_err();
        let LookupError::Unknown { nearest, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(nearest[0], "ministerie van Justitie en Veiligheid");
        assert_eq!(nearest.len(), 3);
        let err = lookup(ListKind::DocumentType, "beslisnotitie").unwrap_err();
        assert!(err.help().contains("`beslisnota`"), "{}", err.help());
    }

    #[test]
    fn a_label_used_twice_is_ambiguous() {
        let err = lookup(ListKind::Organisation, "ministerie van Economische Zaken").unwrap_err();
        assert!(matches!(err, LookupError::Ambiguous { ref uris, .. } if uris.len() == 2));
        assert!(lookup(ListKind::Organisation, "mnre1045").is_ok());
    }
}
