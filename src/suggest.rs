//! "Did you mean" suggestions for misspelt keys and names.

/// The closest candidate to `input`, when it is close enough to be a likely typo.
pub fn did_you_mean<'a>(input: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(input, c), *c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// The field name in a serde "unknown field `x`, expected …" message.
pub fn unknown_field_name(message: &str) -> Option<&str> {
    let rest = message.split("unknown field `").nth(1)?;
    rest.split('`').next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_keys_only() {
        let keys = ["title", "topics", "kenmerk"];
        assert_eq!(did_you_mean("topic", &keys), Some("topics"));
        assert_eq!(did_you_mean("tilte", &keys), Some("title"));
        assert_eq!(did_you_mean("zzz", &keys), None);
    }

    #[test]
    fn finds_the_unknown_field() {
        assert_eq!(
            unknown_field_name("unknown field `topic`, expected one of `title`"),
            Some("topic")
        );
        assert_eq!(unknown_field_name("missing field `title`"), None);
    }
}
