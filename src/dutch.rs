//! Dutch words the site shows: dates and labels. The site is Dutch; the tool is not.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_dates_in_dutch() {
        let date: jiff::civil::Date = "2022-10-28".parse().unwrap();
        assert_eq!(long_date(date), "28 oktober 2022");
        let date: jiff::civil::Date = "2024-03-01".parse().unwrap();
        assert_eq!(long_date(date), "1 maart 2024");
    }
}
