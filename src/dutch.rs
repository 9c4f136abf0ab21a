//! Dutch words the site shows: dates, labels, articles and capitals. The site
//! is Dutch; the tool is not.

/// The months, lower case, as Dutch writes them.
pub(crate) const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// "28 oktober 2022".
pub fn long_date(date: jiff::civil::Date) -> String {
    let month = MONTHS[usize::try_from(date.month() - 1).unwrap_or(0)];
    format!("{} {} {}", date.day(), month, date.year())
}

/// The first letter in upper case, the rest as written: "mensenhandel" →
/// "Mensenhandel", "woo" → "Woo", while "GGZ" and "iPhone-beleid" keep
/// their other capitals (unlike tera's `capitalize`, which lowers them).
pub fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Kinds of organisation that take "het" and "de" in running text, by the
/// first word of their name (lower case).
const HET: &[&str] = &[
    "ministerie",
    "agentschap",
    "bureau",
    "college",
    "centraal",
    "centrum",
    "instituut",
    "kadaster",
    "openbaar",
    "planbureau",
    "secretariaat",
    "waterschap",
];
const DE: &[&str] = &[
    "autoriteit",
    "belastingdienst",
    "dienst",
    "gemeente",
    "inspectie",
    "kiesraad",
    "nationale",
    "nederlandse",
    "politie",
    "provincie",
    "raad",
    "rechtspraak",
    "rijksdienst",
    "staat",
    "stichting",
];

/// An organisation's name as it reads after "van": "het Ministerie van
/// Justitie en Veiligheid", "de Gemeente Utrecht"; a name whose first word
/// is not a known kind ("Rijkswaterstaat", "Logius") stays as it is.
pub fn with_article(name: &str) -> String {
    let first = name
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_lowercase();
    let article = if HET.contains(&first.as_str()) {
        "het "
    } else if DE.contains(&first.as_str()) {
        "de "
    } else {
        ""
    };
    format!("{article}{name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upper_first_keeps_other_capitals() {
        assert_eq!(upper_first("mensenhandel"), "Mensenhandel");
        assert_eq!(upper_first("woo"), "Woo");
        assert_eq!(upper_first("GGZ"), "GGZ");
        assert_eq!(upper_first("ëindhoven"), "Ëindhoven");
        assert_eq!(upper_first(""), "");
    }

    #[test]
    fn organisations_get_their_article() {
        assert_eq!(
            with_article("Ministerie van Justitie en Veiligheid"),
            "het Ministerie van Justitie en Veiligheid"
        );
        assert_eq!(
            with_article("ministerie van Economische Zaken"),
            "het ministerie van Economische Zaken"
        );
        assert_eq!(with_article("Gemeente Utrecht"), "de Gemeente Utrecht");
        assert_eq!(with_article("Rijkswaterstaat"), "Rijkswaterstaat");
        assert_eq!(with_article(""), "");
    }

    #[test]
    fn writes_dates_in_dutch() {
        let date: jiff::civil::Date = "2022-10-28".parse().unwrap();
        assert_eq!(long_date(date), "28 oktober 2022");
        let date: jiff::civil::Date = "2024-03-01".parse().unwrap();
        assert_eq!(long_date(date), "1 maart 2024");
    }
}
