//! The `[accessibility]` table of `nota.toml`: what the accessibility
//! statement (`/toegankelijkheid/`) says that the build cannot know itself.
//!
//! The statement follows the Dutch government's model: it names a status
//! (A to D), rests a status of A or B on an accessibility audit, gives a way
//! to report a problem, and carries the date it was approved. nota fills in
//! what it checks itself; the rest comes from here. A statement without a
//! contact route is published with a visible placeholder and every build
//! warns about it, so that the gap cannot go unnoticed.

use serde::Deserialize;

use super::{CONFIG_FILE, table_key_location};
use crate::diagnostic::{Diagnostic, Location};

/// Keys of the `[accessibility]` table.
pub const CONFIG_KEYS: &[&str] = &["contact", "date", "status", "report"];

/// The `[accessibility]` table as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSettings {
    contact: Option<String>,
    /// Text, or a TOML date (`date = 2025-03-01` without quotes).
    date: Option<toml::Value>,
    status: Option<String>,
    report: Option<String>,
}

/// The compliance status of the Dutch model statement.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Status {
    /// Voldoet volledig: an audit found every requirement met.
    A,
    /// Voldoet gedeeltelijk: an audit found deviations, each with measures.
    B,
    /// Eerste maatregelen genomen: no complete audit yet (the default: the
    /// automated checks of nota are measures, not an audit).
    #[default]
    C,
    /// Voldoet niet.
    D,
}

impl Status {
    /// The letter, as the model writes it.
    pub fn letter(self) -> &'static str {
        match self {
            Self::A => "A",
            Self::B => "B",
            Self::C => "C",
            Self::D => "D",
        }
    }

    /// The model's name of the status.
    pub fn name(self) -> &'static str {
        match self {
            Self::A => "voldoet volledig",
            Self::B => "voldoet gedeeltelijk",
            Self::C => "eerste maatregelen genomen",
            Self::D => "voldoet niet",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_uppercase().as_str() {
            "A" => Some(Self::A),
            "B" => Some(Self::B),
            "C" => Some(Self::C),
            "D" => Some(Self::D),
            _ => None,
        }
    }
}

/// Where a visitor reports an accessibility problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contact {
    Email(String),
    /// The address of a contact form or page.
    Web(String),
}

/// The `[accessibility]` settings after validation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    pub contact: Option<Contact>,
    /// The date the statement was approved.
    pub date: Option<jiff::civil::Date>,
    pub status: Status,
    /// The address of the audit report the status rests on.
    pub report: Option<String>,
    /// Findings that do not stop a build, for every build to report.
    pub warnings: Vec<Diagnostic>,
}

impl Settings {
    /// Validates the raw table; `text` is `nota.toml`, for positions.
    pub fn from_raw(raw: RawSettings, text: &str) -> Result<Self, Vec<Diagnostic>> {
        let at = |key: &str| table_key_location(text, "accessibility", key);
        let mut problems = Vec::new();
        let contact = raw
            .contact
            .as_deref()
            .and_then(|written| read_contact(written.trim(), &at, &mut problems));
        let date = raw
            .date
            .as_ref()
            .and_then(|value| read_date(value, &at, &mut problems));
        let status = raw
            .status
            .as_deref()
            .map_or_else(Status::default, |written| {
                read_status(written, &at, &mut problems)
            });
        let report = raw.report.map(|r| r.trim().to_string());
        check_report(report.as_deref(), status, &at, &mut problems);
        if !problems.is_empty() {
            return Err(problems);
        }
        let warnings = if contact.is_none() {
            vec![no_contact_warning(text)]
        } else {
            Vec::new()
        };
        Ok(Self {
            contact,
            date,
            status,
            report,
            warnings,
        })
    }
}

/// Where a key of the table is, for findings about its value.
type At<'a> = dyn Fn(&str) -> Location + 'a;

fn read_contact(written: &str, at: &At<'_>, problems: &mut Vec<Diagnostic>) -> Option<Contact> {
    let contact = parse_contact(written);
    if contact.is_none() {
        problems.push(
            Diagnostic::error(
                "config/accessibility-contact",
                format!("`contact` is `{written}`, which is neither an e-mail address nor a web address"),
            )
            .at(at("contact"))
            .help("write an e-mail address (contact = \"toegankelijkheid@example.nl\") or the address of a contact form (contact = \"https://www.example.nl/contact\")"),
        );
    }
    contact
}

/// A date as text (`"2025-03-01"`) or as a TOML date (`2025-03-01`).
fn read_date(
    value: &toml::Value,
    at: &At<'_>,
    problems: &mut Vec<Diagnostic>,
) -> Option<jiff::civil::Date> {
    let written = match value {
        toml::Value::String(text) => text.trim().to_string(),
        other => other.to_string(),
    };
    let date = (written.len() == 10)
        .then(|| written.parse::<jiff::civil::Date>().ok())
        .flatten();
    if date.is_none() {
        problems.push(
            Diagnostic::error(
                "config/accessibility-date",
                format!("`date` is `{written}`, which is not a date"),
            )
            .at(at("date"))
            .help("write the date the statement was approved as YYYY-MM-DD, e.g. date = \"2025-03-01\""),
        );
    }
    date
}

fn read_status(written: &str, at: &At<'_>, problems: &mut Vec<Diagnostic>) -> Status {
    Status::parse(written).unwrap_or_else(|| {
        problems.push(
            Diagnostic::error(
                "config/accessibility-status",
                format!("`status` is `{written}`, which is not a status of the model statement"),
            )
            .at(at("status"))
            .help("write \"A\" (voldoet volledig), \"B\" (voldoet gedeeltelijk), \"C\" (eerste maatregelen genomen) or \"D\" (voldoet niet)"),
        );
        Status::default()
    })
}

/// The report must be a web address, and a status of A or B must have one.
fn check_report(report: Option<&str>, status: Status, at: &At<'_>, problems: &mut Vec<Diagnostic>) {
    if let Some(report) = report
        && !is_web_address(report)
    {
        problems.push(
            Diagnostic::error(
                "config/accessibility-report",
                format!("`report` is `{report}`, which is not a web address"),
            )
            .at(at("report"))
            .help("give the https:// address where the audit report is published"),
        );
    }
    if matches!(status, Status::A | Status::B) && report.is_none() {
        problems.push(
            Diagnostic::error(
                "config/accessibility-status",
                format!(
                    "status {} (\"{}\") rests on an accessibility audit, but `report` names none",
                    status.letter(),
                    status.name()
                ),
            )
            .at(at("status"))
            .help("add `report = \"https://…\"`, the published report of the audit; without an audit the status is C (eerste maatregelen genomen)"),
        );
    }
}

/// The warning for a statement without a contact route: at the table when
/// there is one, otherwise at the file.
fn no_contact_warning(text: &str) -> Diagnostic {
    let has_table = text.lines().any(|l| l.trim() == "[accessibility]");
    let location = if has_table {
        table_key_location(text, "accessibility", "contact")
    } else {
        Location::file(CONFIG_FILE)
    };
    Diagnostic::warning(
        "accessibility/no-contact",
        "the accessibility statement (/toegankelijkheid/) names no way to report an accessibility problem",
    )
    .at(location)
    .help("add `contact = \"toegankelijkheid@example.nl\"` (or the https:// address of a contact form) under [accessibility] in nota.toml; until then the statement says that this is still missing")
}

fn parse_contact(written: &str) -> Option<Contact> {
    if is_web_address(written) {
        return Some(Contact::Web(written.to_string()));
    }
    let address = written.strip_prefix("mailto:").unwrap_or(written);
    let (local, domain) = address.split_once('@')?;
    let plain = |part: &str| !part.is_empty() && !part.contains(char::is_whitespace);
    (plain(local) && plain(domain) && domain.contains('.') && !domain.contains('@'))
        .then(|| Contact::Email(address.to_string()))
}

fn is_web_address(text: &str) -> bool {
    text.strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
        .is_some_and(|rest| !rest.is_empty() && !rest.contains(char::is_whitespace))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(text: &str) -> Result<Settings, Vec<Diagnostic>> {
        #[derive(Deserialize)]
        struct Wrapper {
            #[serde(default)]
            accessibility: RawSettings,
        }
        let raw: Wrapper = toml::from_str(text).unwrap();
        Settings::from_raw(raw.accessibility, text)
    }

    #[test]
    fn contacts_are_e_mail_or_web_addresses() {
        let contact = |c: &str| {
            settings(&format!("[accessibility]\ncontact = \"{c}\"\n"))
                .map(|s| s.contact)
                .map_err(|p| p[0].code)
        };
        assert_eq!(
            contact("toegankelijkheid@example.nl"),
            Ok(Some(Contact::Email("toegankelijkheid@example.nl".into())))
        );
        assert_eq!(
            contact("mailto:a@example.nl"),
            Ok(Some(Contact::Email("a@example.nl".into())))
        );
        assert_eq!(
            contact("https://www.example.nl/contact"),
            Ok(Some(Contact::Web("https://www.example.nl/contact".into())))
        );
        for wrong in ["de balie", "a@b", "@example.nl", "www.example.nl"] {
            assert_eq!(
                contact(wrong),
                Err("config/accessibility-contact"),
                "{wrong}"
            );
        }
    }

    #[test]
    fn without_a_contact_every_build_warns() {
        let plain = settings("title = \"x\"\n").unwrap();
        assert_eq!(plain.status, Status::C);
        assert_eq!(plain.warnings.len(), 1);
        assert_eq!(plain.warnings[0].code, "accessibility/no-contact");
        assert_eq!(plain.warnings[0].location.as_ref().unwrap().line, 0);
        let table = settings("title = \"x\"\n\n[accessibility]\ndate = \"2025-03-01\"\n").unwrap();
        assert_eq!(
            table.warnings[0].location.as_ref().unwrap().line,
            3,
            "at the table"
        );
        let complete = settings("[accessibility]\ncontact = \"a@example.nl\"\n").unwrap();
        assert!(complete.warnings.is_empty());
    }

    #[test]
    fn a_status_of_a_or_b_needs_an_audit_report() {
        let problems =
            settings("[accessibility]\ncontact = \"a@example.nl\"\nstatus = \"a\"\n").unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].code, "config/accessibility-status");
        assert_eq!(problems[0].location.as_ref().unwrap().line, 3);
        let audited = settings(
            "[accessibility]\ncontact = \"a@example.nl\"\nstatus = \"B\"\nreport = \"https://example.nl/rapport.pdf\"\n",
        )
        .unwrap();
        assert_eq!(audited.status, Status::B);
        let unquoted = settings("[accessibility]\ncontact = \"a@example.nl\"\ndate = 2025-03-01\n");
        assert_eq!(unquoted.unwrap().date, Some(jiff::civil::date(2025, 3, 1)));
        for (text, code) in [
            ("status = \"E\"", "config/accessibility-status"),
            ("date = \"1 maart 2025\"", "config/accessibility-date"),
            ("date = \"2025-02-30\"", "config/accessibility-date"),
            ("report = \"rapport.pdf\"", "config/accessibility-report"),
            ("date = 2025-03-01T10:00:00", "config/accessibility-date"),
        ] {
            let problems = settings(&format!("[accessibility]\n{text}\n")).unwrap_err();
            assert_eq!(problems[0].code, code, "{text}");
        }
    }
}
