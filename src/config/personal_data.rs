//! The `[personal_data]` table of `nota.toml`: the names, numbers and
//! addresses an organisation publishes by policy (its directors-general, its
//! switchboard, its functional mailboxes). Read with the rest of the
//! configuration and normalised once; the personal-data check
//! (`personal_data`) asks it whether a finding is on the list.

use serde::Deserialize;

/// Keys of the `[personal_data]` table in `nota.toml`.
pub const CONFIG_KEYS: &[&str] = &["public"];

/// The `[personal_data]` table of `nota.toml` as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSettings {
    /// Names, numbers and addresses the organisation publishes by policy
    /// (its directors-general, its switchboard, its functional mailboxes).
    #[serde(default)]
    public: Vec<String>,
}

/// What `nota.toml` says about personal data, normalised for comparison.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// Public names and texts: lower case, single spaces.
    public_texts: Vec<String>,
    /// Public numbers and addresses: letters and digits only, upper case.
    public_codes: Vec<String>,
}

impl Settings {
    pub fn from_raw(raw: RawSettings) -> Self {
        let entries = raw.public.iter().filter(|e| !e.trim().is_empty());
        Self {
            public_texts: entries.clone().map(|e| words_key(e)).collect(),
            public_codes: entries
                .filter(|e| e.contains(|c: char| c.is_ascii_digit() || c == '@'))
                .map(|e| code_key(e))
                .collect(),
        }
    }

    /// Whether a name is on the public list: the whole name, or a listed
    /// name that ends with this surname.
    pub fn is_public_name(&self, name: &str, surname: &str) -> bool {
        let name = words_key(name);
        let surname = words_key(surname);
        self.public_texts
            .iter()
            .any(|p| *p == name || *p == surname || p.ends_with(&format!(" {surname}")))
    }

    /// Whether a number or address is on the public list.
    pub fn is_public_value(&self, value: &str) -> bool {
        let code = code_key(value);
        self.public_codes.contains(&code) || self.public_texts.contains(&words_key(value))
    }
}

/// Lower case with single spaces, for comparing names and texts.
pub fn words_key(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Letters, digits and `@` only, upper case, for comparing numbers.
fn code_key(text: &str) -> String {
    let national = text.trim().replacen("+31", "0", 1).replacen("(0)", "", 1);
    national
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '@' || *c == '.')
        .collect::<String>()
        .to_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(public: &[&str]) -> Settings {
        Settings::from_raw(RawSettings {
            public: public.iter().map(|p| (*p).to_string()).collect(),
        })
    }

    #[test]
    fn names_compare_by_their_words_and_a_full_name_covers_its_surname() {
        let settings = settings(&["mr. drs. J.A. van  Dam", ""]);
        assert!(settings.is_public_name("Mr. drs. J.A. van Dam", "van Dam"));
        assert!(settings.is_public_name("mevrouw Van Dam", "Van Dam"));
        assert!(!settings.is_public_name("de heer Jansen", "Jansen"));
    }

    #[test]
    fn numbers_and_addresses_compare_by_their_letters_and_digits() {
        let settings = settings(&["070 370 79 11", "Woordvoering.DGMI@minjenv.nl"]);
        assert!(settings.is_public_value("070-3707911"));
        assert!(settings.is_public_value("+31 (0)70 370 79 11"));
        assert!(settings.is_public_value("woordvoering.dgmi@minjenv.nl"));
        assert!(!settings.is_public_value("070 370 79 12"));
    }
}
