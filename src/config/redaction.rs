//! The `[redaction]` table of `nota.toml`: which titles mark section 5 and
//! which phrases say it withholds nothing. Read with the rest of the
//! configuration; the Markdown stage applies it (see `markdown::redact`).

use serde::Deserialize;

/// Section-5 titles nota always recognises (configuration adds to them).
pub const DEFAULT_SECTION5_TITLES: &[&str] = &[
    "Informatie die zich niet leent voor openbaarmaking",
    "Informatie die niet openbaar gemaakt kan worden",
    "Informatie die niet openbaar wordt gemaakt",
];

/// Phrases that say a section 5 withholds nothing (configuration adds to them).
pub const DEFAULT_NOTHING_WITHHELD: &[&str] = &["Niet van toepassing", "N.v.t.", "Nvt", "Geen"];

/// Keys of the `[redaction]` table in `nota.toml`.
pub const CONFIG_KEYS: &[&str] = &["section5_titles", "nothing_withheld"];

/// The `[redaction]` table of `nota.toml` as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSettings {
    #[serde(default)]
    section5_titles: Vec<String>,
    #[serde(default)]
    nothing_withheld: Vec<String>,
}

/// How section 5 is recognised and when it counts as empty.
///
/// Configured values extend the defaults and never replace them: dropping a
/// default title would let a section 5 written with it pass unnoticed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub section5_titles: Vec<String>,
    pub nothing_withheld: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Self::from_raw(RawSettings::default())
    }
}

impl Settings {
    pub fn from_raw(raw: RawSettings) -> Self {
        let extend = |defaults: &[&str], extra: Vec<String>| {
            let mut all: Vec<String> = defaults.iter().map(|s| (*s).to_string()).collect();
            all.extend(extra.into_iter().filter(|s| !s.trim().is_empty()));
            all
        };
        Self {
            section5_titles: extend(DEFAULT_SECTION5_TITLES, raw.section5_titles),
            nothing_withheld: extend(DEFAULT_NOTHING_WITHHELD, raw.nothing_withheld),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configured_values_extend_the_defaults() {
        let settings = Settings::from_raw(RawSettings {
            section5_titles: vec!["Vertrouwelijk".into()],
            nothing_withheld: vec![],
        });
        assert_eq!(settings.section5_titles.len(), 4);
        assert!(
            settings
                .section5_titles
                .contains(&"Informatie die niet openbaar wordt gemaakt".to_string())
        );
    }
}
