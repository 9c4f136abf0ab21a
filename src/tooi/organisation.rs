//! TOOI organisations by the name they had on a date.
//!
//! Ministries are renamed, merged and split with nearly every cabinet, and a
//! note carries the name of its day: a beslisnota of January 2024 says
//! "Ministerie van Economische Zaken en Klimaat", one of December 2024
//! "Ministerie van Economische Zaken", and both are `mnre1045`. The DiWoo
//! value list (`data/tooi/organisaties.tsv`) gives each organisation a single
//! label, and the same label to two of them, so on its own it refuses both
//! notes. `data/tooi/organisatiehistorie.tsv` adds every name (and
//! abbreviation) an organisation had and when; this module answers "which
//! organisation had this name, abbreviation or identifier on that day".
//!
//! A name valid on the day names its organisation. A name valid only at other
//! times is still taken, with a warning that says when it was valid, as long
//! as it points at one organisation: last year's name on a note is a slip,
//! not another publisher. A name that points at two organisations is an error:
//! nota does not guess whose document it publishes.
//!
//! `nota.toml` has no date: its names (the publisher, `[woo.organisations]`)
//! are resolved by today's names, the ones without an end in the history.

use std::fmt;
use std::sync::LazyLock;

use jiff::civil::Date;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::diagnostic::{Diagnostic, Location};
use crate::tooi::{self, Entry, List, ListKind};

/// The history, embedded like the value lists.
const HISTORY: &str = include_str!("../../data/tooi/organisatiehistorie.tsv");

/// The day a name is looked up for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// A note's `date`.
    On(Date),
    /// Today: the names that have not ended.
    Now,
}

/// The days a name was in use, both ends included; `None` is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: Option<Date>,
    pub until: Option<Date>,
}

impl Period {
    const ALWAYS: Self = Self {
        from: None,
        until: None,
    };

    pub fn contains(self, when: When) -> bool {
        match when {
            When::Now => self.until.is_none(),
            When::On(day) => {
                self.from.is_none_or(|from| from <= day)
                    && self.until.is_none_or(|until| day <= until)
            }
        }
    }

    fn overlaps(self, other: Self) -> bool {
        let starts_before_other_ends = match (self.from, other.until) {
            (Some(from), Some(until)) => from <= until,
            _ => true,
        };
        let ends_after_other_starts = match (self.until, other.from) {
            (Some(until), Some(from)) => until >= from,
            _ => true,
        };
        starts_before_other_ends && ends_after_other_starts
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.from, self.until) {
            (Some(from), Some(until)) => write!(f, "from {from} to {until}"),
            (None, Some(until)) => write!(f, "until {until}"),
            (Some(from), None) => write!(f, "from {from}"),
            (None, None) => f.write_str("at all times"),
        }
    }
}

/// One name of an organisation, for one period.
#[derive(Debug, Clone)]
pub struct Name {
    pub organisation: &'static Entry,
    pub name: &'static str,
    pub abbreviations: Vec<&'static str>,
    pub period: Period,
    /// `name`, normalised as lookups are.
    key: String,
}

/// Every organisation of the value list with its names through time.
#[derive(Debug)]
pub struct Register {
    names: Vec<Name>,
    /// Normalised name or abbreviation → indices into `names`.
    by_key: FxHashMap<String, Vec<usize>>,
    /// Organisation URI → indices into `names`, oldest first.
    by_organisation: FxHashMap<&'static str, Vec<usize>>,
    /// Normalised URI and code → organisation.
    by_identifier: FxHashMap<String, &'static Entry>,
}

static REGISTER: LazyLock<Register> = LazyLock::new(|| {
    Register::parse(HISTORY, tooi::list(ListKind::Organisation))
        .unwrap_or_else(|e| panic!("data/tooi/organisatiehistorie.tsv: {e}"))
});

/// The register nota is built with.
pub fn register() -> &'static Register {
    &REGISTER
}

/// Looks up `written` (a name, an abbreviation, a URI or a code) `when`.
pub fn resolve(written: &str, when: When) -> Result<Resolved, Unresolved> {
    register().resolve(written, when)
}

/// The organisation a name stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub organisation: &'static Entry,
    /// Set when the name or identifier does not fit the day.
    pub notice: Option<Notice>,
}

/// A name or identifier that was taken although it does not fit the day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// A name the organisation had at other times.
    Name {
        written: String,
        organisation: &'static Entry,
        /// When the organisation had that name.
        periods: Vec<Period>,
        when: When,
        /// The organisation's name on the day, if it existed then.
        called_then: Option<&'static str>,
        lifetime: Period,
    },
    /// The identifier of an organisation that did not exist on the day.
    Identifier {
        written: String,
        organisation: &'static Entry,
        when: When,
        lifetime: Period,
    },
}

/// A name that stands for no organisation, or for more than one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unresolved {
    Unknown {
        written: String,
        /// The nearest names valid on the day, best first.
        nearest: Vec<&'static str>,
        when: When,
    },
    Ambiguous {
        written: String,
        when: When,
        /// Whether the organisations had the name on the day itself (else at
        /// other times, and not exactly one of them existed on the day).
        on_the_day: bool,
        candidates: Vec<Candidate>,
    },
}

/// One of the organisations an ambiguous name stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub organisation: &'static Entry,
    /// When it had the name.
    pub periods: Vec<Period>,
}

impl Register {
    /// Reads the history `text` for the organisations of `list`; an
    /// organisation without lines keeps its list label at all times.
    pub fn parse(text: &'static str, list: &'static List) -> Result<Self, String> {
        let mut names = Vec::new();
        let rows = text
            .lines()
            .enumerate()
            .filter(|(_, line)| !line.starts_with('#') && !line.trim().is_empty())
            .skip(1);
        for (index, line) in rows {
            names.push(parse_row(line, list).map_err(|e| format!("line {}: {e}", index + 1))?);
        }
        let listed: FxHashSet<&'static str> = names.iter().map(|n| n.organisation.uri).collect();
        for entry in list.entries() {
            if !listed.contains(entry.uri) {
                names.push(name(entry, entry.label, Vec::new(), Period::ALWAYS));
            }
        }
        let mut register = Self {
            names,
            by_key: FxHashMap::default(),
            by_organisation: FxHashMap::default(),
            by_identifier: FxHashMap::default(),
        };
        register.index()?;
        Ok(register)
    }

    fn index(&mut self) -> Result<(), String> {
        for (i, name) in self.names.iter().enumerate() {
            let keys = std::iter::once(name.key.clone())
                .chain(name.abbreviations.iter().map(|a| tooi::normalise(a)));
            for key in keys {
                let at = self.by_key.entry(key).or_default();
                if !at.contains(&i) {
                    at.push(i);
                }
            }
            let entry = name.organisation;
            let names = self.by_organisation.entry(entry.uri).or_default();
            if names.is_empty() {
                for id in [entry.uri, entry.code()] {
                    self.by_identifier.insert(tooi::normalise(id), entry);
                }
            }
            names.push(i);
        }
        for (uri, indices) in &mut self.by_organisation {
            indices.sort_by_key(|&i| self.names[i].period.from);
            for (a, b) in indices.iter().zip(indices.iter().skip(1)) {
                let (a, b) = (&self.names[*a], &self.names[*b]);
                if a.period.overlaps(b.period) {
                    return Err(format!(
                        "{uri}: `{}` ({}) overlaps `{}` ({})",
                        a.name, a.period, b.name, b.period
                    ));
                }
            }
        }
        Ok(())
    }

    /// The names of one organisation, oldest first.
    pub fn names_of(&self, organisation: &Entry) -> impl Iterator<Item = &Name> {
        self.by_organisation
            .get(organisation.uri)
            .into_iter()
            .flatten()
            .map(|&i| &self.names[i])
    }

    /// Looks up `written` (a name, an abbreviation, a URI or a code) `when`.
    pub fn resolve(&self, written: &str, when: When) -> Result<Resolved, Unresolved> {
        let written = written.trim();
        let key = tooi::normalise(written);
        if let Some(&organisation) = self.by_identifier.get(&key) {
            return Ok(Resolved {
                organisation,
                notice: self.absence(organisation, written, when),
            });
        }
        let Some(indices) = self.by_key.get(&key) else {
            return Err(Unresolved::Unknown {
                written: written.to_string(),
                nearest: self.nearest(&key, when),
                when,
            });
        };
        let named = self.candidates(indices);
        let on_the_day: Vec<&Candidate> = named
            .iter()
            .filter(|c| c.periods.iter().any(|p| p.contains(when)))
            .collect();
        match on_the_day.as_slice() {
            [one] => {
                return Ok(Resolved {
                    organisation: one.organisation,
                    notice: None,
                });
            }
            [] => {}
            _ => {
                return Err(Unresolved::Ambiguous {
                    written: written.to_string(),
                    when,
                    on_the_day: true,
                    candidates: on_the_day.into_iter().cloned().collect(),
                });
            }
        }
        let existing: Vec<&Candidate> = named
            .iter()
            .filter(|c| self.existed(c.organisation, when))
            .collect();
        let chosen: &Candidate = if let [only] = named.as_slice() {
            only
        } else if let [only] = existing.as_slice() {
            only
        } else {
            return Err(Unresolved::Ambiguous {
                written: written.to_string(),
                when,
                on_the_day: false,
                candidates: named,
            });
        };
        Ok(Resolved {
            organisation: chosen.organisation,
            notice: Some(Notice::Name {
                written: written.to_string(),
                organisation: chosen.organisation,
                periods: chosen.periods.clone(),
                when,
                called_then: self.name_on(chosen.organisation, when),
                lifetime: self.lifetime(chosen.organisation),
            }),
        })
    }

    /// A notice when `organisation` (written as `written`) did not exist `when`.
    pub fn absence(
        &self,
        organisation: &'static Entry,
        written: &str,
        when: When,
    ) -> Option<Notice> {
        (!self.existed(organisation, when)).then(|| Notice::Identifier {
            written: written.to_string(),
            organisation,
            when,
            lifetime: self.lifetime(organisation),
        })
    }

    /// The organisations behind some names, each with the periods of those
    /// names, in the order of the history.
    fn candidates(&self, indices: &[usize]) -> Vec<Candidate> {
        let mut out: Vec<Candidate> = Vec::new();
        for &i in indices {
            let name = &self.names[i];
            match out.iter_mut().find(|c| c.organisation == name.organisation) {
                Some(candidate) => candidate.periods.push(name.period),
                None => out.push(Candidate {
                    organisation: name.organisation,
                    periods: vec![name.period],
                }),
            }
        }
        out
    }

    fn existed(&self, organisation: &Entry, when: When) -> bool {
        self.names_of(organisation).any(|n| n.period.contains(when))
    }

    fn name_on(&self, organisation: &Entry, when: When) -> Option<&'static str> {
        self.names_of(organisation)
            .find(|n| n.period.contains(when))
            .map(|n| n.name)
    }

    /// From the first day of its first name to the last day of its last.
    fn lifetime(&self, organisation: &Entry) -> Period {
        let mut names = self.names_of(organisation).map(|n| n.period);
        let Some(first) = names.next() else {
            return Period::ALWAYS;
        };
        names.fold(first, |life, p| Period {
            from: life.from.zip(p.from).map(|(a, b)| a.min(b)),
            until: life.until.zip(p.until).map(|(a, b)| a.max(b)),
        })
    }

    /// The names valid `when` that are closest to the normalised `wanted`.
    fn nearest(&self, wanted: &str, when: When) -> Vec<&'static str> {
        tooi::nearest(
            wanted,
            self.names
                .iter()
                .filter(|n| n.period.contains(when))
                .map(|n| (n.key.as_str(), n.name)),
        )
    }
}

fn name(
    organisation: &'static Entry,
    text: &'static str,
    abbreviations: Vec<&'static str>,
    period: Period,
) -> Name {
    Name {
        organisation,
        name: text,
        abbreviations,
        period,
        key: tooi::normalise(text),
    }
}

/// One line: code, name, abbreviations, from, until, source.
fn parse_row(line: &'static str, list: &'static List) -> Result<Name, String> {
    let cells: Vec<&'static str> = line.split('\t').map(str::trim).collect();
    let [code, text, abbreviations, from, until, source] = cells[..] else {
        return Err(format!(
            "{} columns, expected 6 (code, naam, afkorting, van, tot, bron)",
            cells.len()
        ));
    };
    let organisation = list
        .entries()
        .iter()
        .find(|e| e.code() == code)
        .ok_or_else(|| format!("`{code}` is not a code in organisaties.tsv"))?;
    if text.is_empty() || source.is_empty() {
        return Err("every line needs a name (naam) and its source (bron)".to_string());
    }
    let period = Period {
        from: day(from)?,
        until: day(until)?,
    };
    if let (Some(from), Some(until)) = (period.from, period.until)
        && from > until
    {
        return Err(format!("`{text}` ends ({until}) before it begins ({from})"));
    }
    let abbreviations = abbreviations
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .collect();
    Ok(name(organisation, text, abbreviations, period))
}

fn day(text: &str) -> Result<Option<Date>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    text.parse()
        .map(Some)
        .map_err(|_| format!("`{text}` is not a date (YYYY-MM-DD)"))
}

/// "a, b and c" (with `word` "and").
fn enumerate(parts: &[String], word: &str) -> String {
    match parts.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} {word} {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// "from A to B and from C to D".
fn periods(periods: &[Period]) -> String {
    let parts: Vec<String> = periods.iter().map(Period::to_string).collect();
    enumerate(&parts, "and")
}

/// "`mnre1150` or `mnre1153`".
fn codes(candidates: &[Candidate]) -> String {
    let codes: Vec<String> = candidates
        .iter()
        .map(|c| format!("`{}`", c.organisation.code()))
        .collect();
    enumerate(&codes, "or")
}

/// "mnre1150 (until 2010-10-13), mnre1153 (from 2017-10-26 to 2024-07-01)".
fn listing(candidates: &[Candidate]) -> String {
    let parts: Vec<String> = candidates
        .iter()
        .map(|c| format!("{} ({})", c.organisation.code(), periods(&c.periods)))
        .collect();
    parts.join(", ")
}

impl Notice {
    /// Whether an identifier (not a name) was written.
    pub fn is_identifier(&self) -> bool {
        matches!(self, Self::Identifier { .. })
    }

    pub fn message(&self) -> String {
        match self {
            Self::Name {
                written,
                organisation,
                periods: valid,
                when,
                ..
            } => {
                let code = organisation.code();
                let not_then = match when {
                    When::On(day) => format!("was not the name of a TOOI organisation on {day}"),
                    When::Now => "is not the current name of a TOOI organisation".to_string(),
                };
                format!(
                    "`{written}` {not_then}: {code} had it {}; taken as {code}",
                    periods(valid)
                )
            }
            Self::Identifier {
                written,
                organisation,
                when,
                lifetime,
            } => {
                let label = organisation.label;
                let named = if tooi::normalise(written) == tooi::normalise(label) {
                    format!("`{written}`")
                } else {
                    format!("`{written}` ({label})")
                };
                match when {
                    When::On(day) => {
                        format!("{named} did not exist on {day}: it existed {lifetime}")
                    }
                    When::Now => format!("{named} no longer exists: it existed {lifetime}"),
                }
            }
        }
    }

    pub fn help(&self) -> String {
        match self {
            Self::Name {
                organisation,
                when,
                called_then,
                lifetime,
                ..
            } => {
                let code = organisation.code();
                match (when, called_then) {
                    (When::On(day), Some(name)) => format!(
                        "on {day} {code} was called `{name}`: write that name (or `{code}`), or check the note's `date`"
                    ),
                    (When::Now, Some(name)) => {
                        format!("{code} is now called `{name}`: write that name (or `{code}`)")
                    }
                    (When::On(day), None) => format!(
                        "{code} existed {lifetime}, not on {day}: check the note's `date`, or write the organisation that existed then"
                    ),
                    (When::Now, None) => format!(
                        "{code} existed {lifetime} and no longer exists: write the organisation that publishes now"
                    ),
                }
            }
            Self::Identifier { when, .. } => match when {
                When::On(_) => {
                    "check the note's `date`, or write the organisation that existed then"
                        .to_string()
                }
                When::Now => "write the organisation that publishes now".to_string(),
            },
        }
    }

    /// The warning, at `at`.
    pub fn diagnostic(&self, at: Location) -> Diagnostic {
        Diagnostic::warning("woo/organisation-out-of-period", self.message())
            .at(at)
            .help(self.help())
    }
}

impl Unresolved {
    pub fn message(&self) -> String {
        match self {
            Self::Unknown { written, .. } => format!("`{written}` is not a TOOI organisation"),
            Self::Ambiguous {
                written,
                when,
                on_the_day: true,
                candidates,
            } => {
                let on = match when {
                    When::On(day) => format!("named more than one TOOI organisation on {day}"),
                    When::Now => "is the current name of more than one TOOI organisation".into(),
                };
                format!("`{written}` {on}: {}", listing(candidates))
            }
            Self::Ambiguous {
                written,
                when,
                on_the_day: false,
                candidates,
            } => {
                let not_then = match when {
                    When::On(day) => format!("was not the name of a TOOI organisation on {day}"),
                    When::Now => "is not the current name of a TOOI organisation".to_string(),
                };
                format!(
                    "`{written}` {not_then}, and more than one had it at other times: {}",
                    listing(candidates)
                )
            }
        }
    }

    pub fn help(&self) -> String {
        match self {
            Self::Unknown { nearest, when, .. } if !nearest.is_empty() => {
                let names: Vec<String> = nearest.iter().map(|n| format!("`{n}`")).collect();
                let valid = match when {
                    When::On(day) => format!("the nearest names on {day} are"),
                    When::Now => "the nearest current names are".to_string(),
                };
                format!(
                    "{valid} {}; the lists are in data/tooi/ (organisaties.tsv, organisatiehistorie.tsv)",
                    names.join(", ")
                )
            }
            Self::Unknown { .. } => {
                "see data/tooi/organisaties.tsv and organisatiehistorie.tsv for valid names"
                    .to_string()
            }
            Self::Ambiguous {
                when, candidates, ..
            } => {
                let date = match when {
                    When::On(_) => ", or check the note's `date`",
                    When::Now => "",
                };
                format!(
                    "write the code of the organisation meant ({}) instead of the name{date}",
                    codes(candidates)
                )
            }
        }
    }

    /// The error, at `at`.
    pub fn diagnostic(&self, at: Location) -> Diagnostic {
        let code = match self {
            Self::Unknown { .. } => "woo/unknown-organisation",
            Self::Ambiguous { .. } => "woo/ambiguous-name",
        };
        Diagnostic::error(code, self.message())
            .at(at)
            .help(self.help())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> When {
        When::On(text.parse().unwrap())
    }

    fn code(written: &str, when: When) -> &'static str {
        resolve(written, when)
            .unwrap_or_else(|e| panic!("{written}: {}", e.message()))
            .organisation
            .code()
    }

    fn quiet(written: &str, when: When) -> &'static str {
        quiet_in(register(), written, when)
    }

    fn quiet_in(register: &Register, written: &str, when: When) -> &'static str {
        let resolved = register.resolve(written, when).unwrap();
        assert_eq!(resolved.notice, None, "{written} {when:?}");
        resolved.organisation.code()
    }

    #[test]
    fn the_history_is_consistent_with_the_value_list() {
        let register = register();
        let list = tooi::list(ListKind::Organisation);
        assert_eq!(
            register.by_organisation.len(),
            list.entries().len(),
            "every organisation of the list has names"
        );
        for entry in list.entries() {
            let names: Vec<&str> = register.names_of(entry).map(|n| n.name).collect();
            assert!(
                names
                    .iter()
                    .any(|n| tooi::normalise(n) == tooi::normalise(entry.label)),
                "{}: its list label `{}` is not among {names:?}",
                entry.code(),
                entry.label
            );
        }
        // Of the 19 ministries of DiWoo 0.9.8, these are still in existence.
        let current: Vec<&str> = register
            .names
            .iter()
            .filter(|n| n.organisation.code().starts_with("mnre") && n.period.contains(When::Now))
            .map(|n| n.organisation.code())
            .collect();
        assert_eq!(current.len(), 12, "{current:?}");
    }

    /// On no day do two organisations share a name or an abbreviation: the
    /// ambiguity error is for data nota does not ship.
    #[test]
    fn no_two_organisations_share_a_name_on_one_day() {
        let register = register();
        for (key, indices) in &register.by_key {
            for &a in indices {
                for &b in indices {
                    let (a, b) = (&register.names[a], &register.names[b]);
                    assert!(
                        a.organisation == b.organisation || !a.period.overlaps(b.period),
                        "`{key}`: {} {} and {} {}",
                        a.organisation.code(),
                        a.period,
                        b.organisation.code(),
                        b.period
                    );
                }
            }
        }
    }

    /// Generated over the whole history: every name and abbreviation names
    /// its organisation on the first and last day of its period without a
    /// warning, and the day before and after it either names another
    /// organisation or warns.
    #[test]
    fn every_name_holds_exactly_for_its_period() {
        for name in &register().names {
            let keys = std::iter::once(name.name).chain(name.abbreviations.iter().copied());
            for written in keys {
                let inside = [name.period.from, name.period.until];
                for day in inside.into_iter().flatten() {
                    assert_eq!(quiet(written, When::On(day)), name.organisation.code());
                }
                let outside = [
                    name.period.from.and_then(|d| d.yesterday().ok()),
                    name.period.until.and_then(|d| d.tomorrow().ok()),
                ];
                for day in outside.into_iter().flatten() {
                    match resolve(written, When::On(day)) {
                        Ok(Resolved {
                            organisation,
                            notice: None,
                        }) => assert_ne!(organisation, name.organisation, "{written} {day}"),
                        Ok(_) | Err(Unresolved::Ambiguous { .. }) => {}
                        Err(e) => panic!("{written} {day}: {}", e.message()),
                    }
                }
            }
        }
    }

    #[test]
    fn ministries_by_the_name_of_their_day() {
        let cases = [
            // The examples, and the real notes 17-23.
            (
                "Ministerie van Economische Zaken en Klimaat",
                "2024-01-11",
                "mnre1045",
            ),
            ("Ministerie van Economische Zaken", "2024-12-05", "mnre1045"),
            ("Ministerie van Economische Zaken", "2015-06-01", "mnre1045"),
            ("Ministerie van Economische Zaken", "2010-10-13", "mnre1040"),
            (
                "ministerie van Economische Zaken, Landbouw en Innovatie",
                "2011-03-01",
                "mnre1045",
            ),
            (
                "Ministerie van Landbouw, Natuur en Voedselkwaliteit",
                "2024-05-21",
                "mnre1153",
            ),
            (
                "Ministerie van Landbouw, Natuur en Voedselkwaliteit",
                "2009-05-21",
                "mnre1150",
            ),
            (
                "Ministerie van Landbouw, Visserij, Voedselzekerheid en Natuur",
                "2024-12-02",
                "mnre1153",
            ),
            (
                "Ministerie van Veiligheid en Justitie",
                "2016-01-01",
                "mnre1058",
            ),
            ("Ministerie van Justitie", "2009-01-01", "mnre1058"),
            (
                "Ministerie van Infrastructuur en Milieu",
                "2016-01-01",
                "mnre1130",
            ),
            (
                "Ministerie van Verkeer en Waterstaat",
                "2009-01-01",
                "mnre0170",
            ),
            (
                "Ministerie van Klimaat en Groene Groei",
                "2025-03-01",
                "mnre1182",
            ),
            // Abbreviations, in any case.
            ("EZK", "2020-01-01", "mnre1045"),
            ("EZ", "2009-01-01", "mnre1040"),
            ("VenJ", "2012-01-01", "mnre1058"),
            ("LNV", "2019-01-01", "mnre1153"),
            ("lvvn", "2025-01-01", "mnre1153"),
            ("AenM", "2025-01-01", "mnre1162"),
            // Identifiers, and an organisation without a history.
            ("mnre1045", "2020-01-01", "mnre1045"),
            (
                "https://identifier.overheid.nl/tooi/id/ministerie/mnre1153",
                "2020-01-01",
                "mnre1153",
            ),
            ("Openbaar Ministerie", "1990-01-01", "oorg12371"),
        ];
        for (written, date, expected) in cases {
            assert_eq!(quiet(written, day(date)), expected, "{written} on {date}");
        }
        assert_eq!(
            quiet("Ministerie van Economische Zaken en Klimaat", When::Now),
            "mnre1045"
        );
        assert_eq!(quiet("ezk", When::Now), "mnre1045");
    }

    #[test]
    fn a_name_of_another_time_is_taken_with_a_warning() {
        let resolved = resolve("Ministerie van Economische Zaken", day("2026-06-01")).unwrap();
        assert_eq!(resolved.organisation.code(), "mnre1045");
        let notice = resolved.notice.unwrap();
        assert_eq!(
            notice.message(),
            "`Ministerie van Economische Zaken` was not the name of a TOOI organisation on 2026-06-01: \
             mnre1045 had it from 2012-11-05 to 2017-10-25 and from 2024-07-02 to 2026-02-22; taken as mnre1045"
        );
        assert_eq!(
            notice.help(),
            "on 2026-06-01 mnre1045 was called `ministerie van Economische Zaken en Klimaat`: \
             write that name (or `mnre1045`), or check the note's `date`"
        );
        // Between 2010 and 2012 the name was mnre1040's (ended) and mnre1045's
        // (at other times): the one that existed on the day is meant.
        assert_eq!(
            code("Ministerie van Economische Zaken", day("2011-06-01")),
            "mnre1045"
        );
        // An organisation that had ended.
        let notice = resolve("KGG", When::Now).unwrap().notice.unwrap();
        assert_eq!(
            notice.message(),
            "`KGG` is not the current name of a TOOI organisation: mnre1182 had it from 2024-07-02 to 2026-02-22; taken as mnre1182"
        );
        assert_eq!(
            notice.help(),
            "mnre1182 existed from 2024-07-02 to 2026-02-22 and no longer exists: write the organisation that publishes now"
        );
    }

    #[test]
    fn an_identifier_of_an_organisation_that_did_not_exist_warns() {
        let notice = resolve("mnre1182", day("2020-01-01"))
            .unwrap()
            .notice
            .unwrap();
        assert!(notice.is_identifier());
        assert_eq!(
            notice.message(),
            "`mnre1182` (ministerie van Klimaat en Groene Groei) did not exist on 2020-01-01: it existed from 2024-07-02 to 2026-02-22"
        );
        let notice = resolve("mnre1040", When::Now).unwrap().notice.unwrap();
        assert_eq!(
            notice.message(),
            "`mnre1040` (ministerie van Economische Zaken) no longer exists: it existed until 2010-10-13"
        );
    }

    #[test]
    fn a_name_two_organisations_had_at_other_times_is_ambiguous() {
        let err = resolve(
            "Ministerie van Landbouw, Natuur en Voedselkwaliteit",
            day("2015-03-01"),
        )
        .unwrap_err();
        assert_eq!(
            err.message(),
            "`Ministerie van Landbouw, Natuur en Voedselkwaliteit` was not the name of a TOOI organisation on 2015-03-01, \
             and more than one had it at other times: mnre1150 (until 2010-10-13), mnre1153 (from 2017-10-26 to 2024-07-01)"
        );
        assert_eq!(
            err.help(),
            "write the code of the organisation meant (`mnre1150` or `mnre1153`) instead of the name, or check the note's `date`"
        );
        assert_eq!(
            err.diagnostic(Location::file("x")).code,
            "woo/ambiguous-name"
        );
    }

    #[test]
    fn a_name_two_organisations_had_on_the_day_is_ambiguous() {
        let text = "code\tnaam\tafkorting\tvan\ttot\tbron\n\
                    mnre1040\tministerie van Economische Zaken\tEZ\t\t2010-10-13\ttest\n\
                    mnre1045\tministerie van Economische Zaken\tEZ\t2010-01-01\t\ttest\n";
        let register = Register::parse(text, tooi::list(ListKind::Organisation)).unwrap();
        let err = register.resolve("EZ", day("2010-06-01")).unwrap_err();
        assert_eq!(
            err.message(),
            "`EZ` named more than one TOOI organisation on 2010-06-01: mnre1040 (until 2010-10-13), mnre1045 (from 2010-01-01)"
        );
        assert_eq!(
            quiet_in(&register, "ministerie van economische zaken", When::Now),
            "mnre1045"
        );
        assert_eq!(quiet_in(&register, "EZ", day("2011-01-01")), "mnre1045");
    }

    #[test]
    fn an_unknown_name_comes_with_the_nearest_names_of_its_day() {
        let err = resolve(
            "Ministerie van Economische Zaken & Klimaat",
            day("2024-03-01"),
        )
        .unwrap_err();
        assert_eq!(
            err.message(),
            "`Ministerie van Economische Zaken & Klimaat` is not a TOOI organisation"
        );
        let Unresolved::Unknown { nearest, .. } = &err else {
            panic!()
        };
        assert_eq!(nearest[0], "ministerie van Economische Zaken en Klimaat");
        assert!(
            !nearest.contains(&"ministerie van Economische Zaken"),
            "{nearest:?}"
        );
        assert_eq!(
            err.diagnostic(Location::file("x")).code,
            "woo/unknown-organisation"
        );
    }

    #[test]
    fn malformed_history_lines_are_refused_with_their_line() {
        let list = tooi::list(ListKind::Organisation);
        let head = "code\tnaam\tafkorting\tvan\ttot\tbron\n";
        let cases = [
            (
                "mnre9999\tx\t\t\t\tbron\n",
                "line 2: `mnre9999` is not a code in organisaties.tsv",
            ),
            (
                "mnre1045\tx\t\t2024-13-01\t\tbron\n",
                "line 2: `2024-13-01` is not a date (YYYY-MM-DD)",
            ),
            (
                "mnre1045\tx\t\t2024-01-01\t2023-01-01\tbron\n",
                "line 2: `x` ends (2023-01-01) before it begins (2024-01-01)",
            ),
            (
                "mnre1045\tx\t\t\t\t\n",
                "line 2: every line needs a name (naam) and its source (bron)",
            ),
            (
                "mnre1045\tx\n",
                "line 2: 2 columns, expected 6 (code, naam, afkorting, van, tot, bron)",
            ),
            (
                "mnre1045\tx\t\t\t2020-01-01\tbron\nmnre1045\ty\t\t2020-01-01\t\tbron\n",
                "https://identifier.overheid.nl/tooi/id/ministerie/mnre1045: `x` (until 2020-01-01) overlaps `y` (from 2020-01-01)",
            ),
        ];
        for (rows, expected) in cases {
            let text: &'static str = format!("# comment\n{head}{rows}").leak();
            let err = Register::parse(text, list).unwrap_err();
            assert_eq!(err, expected.replace("line 2", "line 3"));
        }
    }
}
