//! The Woo refusal grounds (artikel 5.1 and 5.2 Woo) that a redaction may cite.
//!
//! Publishing teams write the same ground in several ways (`5.1.2e`,
//! `5.1.2.e`, `5.1.2 e`; `5.2` and `5.2.1`), and old dossiers still use the
//! codes of the Wob, the Woo's predecessor. Parsing accepts every spelling of
//! a Woo ground, turns a Wob code into an error that names its Woo successor
//! (a redaction must cite the law in force), and refuses anything else: an
//! unknown ground must never become an unexplained black bar.

use std::fmt;
use std::str::FromStr;

/// One refusal ground of the Woo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ground {
    /// 5.1.1a: eenheid van de Kroon.
    G511a,
    /// 5.1.1b: veiligheid van de Staat.
    G511b,
    /// 5.1.1c: vertrouwelijk meegedeelde bedrijfs- en fabricagegegevens.
    G511c,
    /// 5.1.1d: bijzondere en strafrechtelijke persoonsgegevens.
    G511d,
    /// 5.1.1e: identificatienummers.
    G511e,
    /// 5.1.2a: internationale betrekkingen.
    G512a,
    /// 5.1.2b: economische of financiële belangen van de Staat.
    G512b,
    /// 5.1.2c: opsporing en vervolging van strafbare feiten.
    G512c,
    /// 5.1.2d: inspectie, controle en toezicht.
    G512d,
    /// 5.1.2e: eerbiediging van de persoonlijke levenssfeer.
    G512e,
    /// 5.1.2f: concurrentiegevoelige bedrijfs- en fabricagegegevens.
    G512f,
    /// 5.1.2g: bescherming van het milieu.
    G512g,
    /// 5.1.2h: beveiliging van personen en bedrijven.
    G512h,
    /// 5.1.2i: het goed functioneren van de Staat.
    G512i,
    /// 5.1.5: onevenredige benadeling.
    G515,
    /// 5.2: persoonlijke beleidsopvattingen.
    G52,
}

/// The data of one ground: code, Dutch description and the article it cites.
struct GroundInfo {
    ground: Ground,
    code: &'static str,
    description: &'static str,
    article: &'static str,
}

/// Every ground, in the order of the law.
const GROUNDS: &[GroundInfo] = &[
    GroundInfo {
        ground: Ground::G511a,
        code: "5.1.1a",
        description: "eenheid van de Kroon",
        article: "artikel 5.1, eerste lid, onder a, Woo",
    },
    GroundInfo {
        ground: Ground::G511b,
        code: "5.1.1b",
        description: "veiligheid van de Staat",
        article: "artikel 5.1, eerste lid, onder b, Woo",
    },
    GroundInfo {
        ground: Ground::G511c,
        code: "5.1.1c",
        description: "vertrouwelijk aan de overheid meegedeelde bedrijfs- en fabricagegegevens",
        article: "artikel 5.1, eerste lid, onder c, Woo",
    },
    GroundInfo {
        ground: Ground::G511d,
        code: "5.1.1d",
        description: "bijzondere en strafrechtelijke persoonsgegevens",
        article: "artikel 5.1, eerste lid, onder d, Woo",
    },
    GroundInfo {
        ground: Ground::G511e,
        code: "5.1.1e",
        description: "identificatienummers",
        article: "artikel 5.1, eerste lid, onder e, Woo",
    },
    GroundInfo {
        ground: Ground::G512a,
        code: "5.1.2a",
        description: "betrekkingen van Nederland met andere landen, staten en internationale organisaties",
        article: "artikel 5.1, tweede lid, onder a, Woo",
    },
    GroundInfo {
        ground: Ground::G512b,
        code: "5.1.2b",
        description: "economische of financiële belangen van de Staat, andere publiekrechtelijke lichamen of bestuursorganen",
        article: "artikel 5.1, tweede lid, onder b, Woo",
    },
    GroundInfo {
        ground: Ground::G512c,
        code: "5.1.2c",
        description: "opsporing en vervolging van strafbare feiten",
        article: "artikel 5.1, tweede lid, onder c, Woo",
    },
    GroundInfo {
        ground: Ground::G512d,
        code: "5.1.2d",
        description: "inspectie, controle en toezicht door bestuursorganen",
        article: "artikel 5.1, tweede lid, onder d, Woo",
    },
    GroundInfo {
        ground: Ground::G512e,
        code: "5.1.2e",
        description: "eerbiediging van de persoonlijke levenssfeer",
        article: "artikel 5.1, tweede lid, onder e, Woo",
    },
    GroundInfo {
        ground: Ground::G512f,
        code: "5.1.2f",
        description: "bescherming van concurrentiegevoelige bedrijfs- en fabricagegegevens",
        article: "artikel 5.1, tweede lid, onder f, Woo",
    },
    GroundInfo {
        ground: Ground::G512g,
        code: "5.1.2g",
        description: "bescherming van het milieu waarop de informatie betrekking heeft",
        article: "artikel 5.1, tweede lid, onder g, Woo",
    },
    GroundInfo {
        ground: Ground::G512h,
        code: "5.1.2h",
        description: "beveiliging van personen en bedrijven en het voorkomen van sabotage",
        article: "artikel 5.1, tweede lid, onder h, Woo",
    },
    GroundInfo {
        ground: Ground::G512i,
        code: "5.1.2i",
        description: "het goed functioneren van de Staat, andere publiekrechtelijke lichamen of bestuursorganen",
        article: "artikel 5.1, tweede lid, onder i, Woo",
    },
    GroundInfo {
        ground: Ground::G515,
        code: "5.1.5",
        description: "het voorkomen van onevenredige benadeling",
        article: "artikel 5.1, vijfde lid, Woo",
    },
    GroundInfo {
        ground: Ground::G52,
        code: "5.2",
        description: "persoonlijke beleidsopvattingen in documenten voor intern beraad",
        article: "artikel 5.2 Woo",
    },
];

/// Wob codes (compact form) and the Woo ground that replaced them.
const WOB_SUCCESSORS: &[(&str, &str, Option<Ground>)] = &[
    ("101a", "10.1.a", Some(Ground::G511a)),
    ("101b", "10.1.b", Some(Ground::G511b)),
    ("101c", "10.1.c", Some(Ground::G511c)),
    ("101d", "10.1.d", Some(Ground::G511d)),
    ("102a", "10.2.a", Some(Ground::G512a)),
    ("102b", "10.2.b", Some(Ground::G512b)),
    ("102c", "10.2.c", Some(Ground::G512c)),
    ("102d", "10.2.d", Some(Ground::G512d)),
    ("102e", "10.2.e", Some(Ground::G512e)),
    ("102f", "10.2.f", None),
    ("102g", "10.2.g", Some(Ground::G515)),
    ("111", "11.1", Some(Ground::G52)),
];

/// Why a written ground is not a Woo refusal ground.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GroundError {
    #[error("`{0}` is not a Woo refusal ground")]
    Unknown(String),
    #[error("`{written}` is a ground of the old Wob; the Woo equivalent is {successor}")]
    Wob {
        written: String,
        wob: &'static str,
        successor: Ground,
    },
    #[error("`{written}` is a ground of the old Wob ({wob}), which the Woo has no equivalent for")]
    WobWithoutSuccessor { written: String, wob: &'static str },
}

impl GroundError {
    /// A hint that says how to write the ground instead.
    pub fn help(&self) -> String {
        match self {
            Self::Unknown(written) => {
                let compact = compact(written);
                if matches!(compact.as_str(), "511" | "512") {
                    format!(
                        "add the letter of the ground, e.g. `{}e`; the Woo grounds are {}",
                        written.trim(),
                        Ground::all_codes()
                    )
                } else {
                    format!("use one of the Woo grounds: {}", Ground::all_codes())
                }
            }
            Self::Wob { successor, .. } => format!(
                "cite the Woo instead: `{}` ({})",
                successor.code(),
                successor.description()
            ),
            Self::WobWithoutSuccessor { .. } => format!(
                "choose the Woo ground that applies now: {}",
                Ground::all_codes()
            ),
        }
    }
}

impl Ground {
    fn info(self) -> &'static GroundInfo {
        GROUNDS
            .iter()
            .find(|g| g.ground == self)
            .unwrap_or(&GROUNDS[0])
    }

    /// Every ground, in the order of the law.
    pub fn all() -> impl Iterator<Item = Ground> {
        GROUNDS.iter().map(|g| g.ground)
    }

    /// The canonical code, e.g. `5.1.2e`.
    pub fn code(self) -> &'static str {
        self.info().code
    }

    /// What the ground protects, in Dutch, e.g. "eerbiediging van de persoonlijke levenssfeer".
    pub fn description(self) -> &'static str {
        self.info().description
    }

    /// The article it cites, in Dutch, e.g. "artikel 5.1, tweede lid, onder e, Woo".
    pub fn article(self) -> &'static str {
        self.info().article
    }

    /// "eerbiediging van de persoonlijke levenssfeer (artikel 5.1, tweede lid, onder e, Woo)".
    pub fn explanation(self) -> String {
        format!("{} ({})", self.description(), self.article())
    }

    /// The accessible name of a redaction mark citing `grounds`, e.g.
    /// "Weggelakt: eerbiediging van de persoonlijke levenssfeer (artikel 5.1, tweede lid, onder e, Woo)".
    pub fn accessible_name(grounds: &[Ground]) -> String {
        let reasons: Vec<String> = grounds.iter().map(|g| g.explanation()).collect();
        format!("Weggelakt: {}", reasons.join("; "))
    }

    /// "5.1.1a, 5.1.1b, …, 5.2", for help texts.
    pub fn all_codes() -> String {
        GROUNDS
            .iter()
            .map(|g| g.code)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Parses a list of grounds as written in a marker: separated by spaces
    /// or commas, where a lone letter belongs to the code before it
    /// (`5.1.2 e`).
    pub fn parse_list(text: &str) -> Vec<Result<Ground, GroundError>> {
        let mut tokens: Vec<String> = Vec::new();
        for token in text.split([' ', '\t', ',', ';']).filter(|t| !t.is_empty()) {
            let is_letter = token.len() == 1 && token.chars().all(|c| c.is_ascii_alphabetic());
            match tokens.last_mut() {
                Some(previous) if is_letter && needs_letter(previous) => {
                    previous.push(' ');
                    previous.push_str(token);
                }
                _ => tokens.push(token.to_string()),
            }
        }
        tokens.iter().map(|t| t.parse()).collect()
    }
}

/// `5.1.1`/`5.1.2` and Wob `10.1`/`10.2` need a letter after them.
fn needs_letter(token: &str) -> bool {
    matches!(compact(token).as_str(), "511" | "512" | "101" | "102")
}

/// Lower case without dots and spaces: `5.1.2.E` → `512e`.
fn compact(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '.' | ' ' | '\t'))
        .flat_map(char::to_lowercase)
        .collect()
}

impl FromStr for Ground {
    type Err = GroundError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let key = compact(text);
        let wanted = match key.as_str() {
            "521" => "52",
            other => other,
        };
        if let Some(info) = GROUNDS.iter().find(|g| compact(g.code) == wanted) {
            return Ok(info.ground);
        }
        if let Some((_, wob, successor)) = WOB_SUCCESSORS.iter().find(|(c, _, _)| *c == key) {
            return Err(match successor {
                Some(successor) => GroundError::Wob {
                    written: text.trim().to_string(),
                    wob,
                    successor: *successor,
                },
                None => GroundError::WobWithoutSuccessor {
                    written: text.trim().to_string(),
                    wob,
                },
            });
        }
        Err(GroundError::Unknown(text.trim().to_string()))
    }
}

impl fmt::Display for Ground {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl serde::Serialize for Ground {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_every_spelling_of_a_woo_ground() {
        for written in ["5.1.2e", "5.1.2.e", "5.1.2 e", "5.1.2E", " 5.1.2e "] {
            assert_eq!(written.parse::<Ground>(), Ok(Ground::G512e), "{written}");
        }
        assert_eq!("5.2".parse::<Ground>(), Ok(Ground::G52));
        assert_eq!("5.2.1".parse::<Ground>(), Ok(Ground::G52));
        assert_eq!("5.1.5".parse::<Ground>(), Ok(Ground::G515));
        assert_eq!("5.1.1a".parse::<Ground>(), Ok(Ground::G511a));
    }

    #[test]
    fn every_ground_round_trips_through_its_code() {
        for ground in Ground::all() {
            assert_eq!(ground.code().parse::<Ground>(), Ok(ground));
        }
        assert_eq!(Ground::all().count(), 16);
    }

    #[test]
    fn wob_codes_name_the_woo_equivalent() {
        let error = "10.2.e".parse::<Ground>().unwrap_err();
        assert_eq!(
            error.to_string(),
            "`10.2.e` is a ground of the old Wob; the Woo equivalent is 5.1.2e"
        );
        assert!(matches!(
            "11.1".parse::<Ground>(),
            Err(GroundError::Wob {
                successor: Ground::G52,
                ..
            })
        ));
        assert!(matches!(
            "10.2.f".parse::<Ground>(),
            Err(GroundError::WobWithoutSuccessor { .. })
        ));
    }

    #[test]
    fn unknown_grounds_are_errors() {
        for written in ["5.1.3", "5.1.2j", "5.1.2", "geheim", ""] {
            assert!(
                matches!(written.parse::<Ground>(), Err(GroundError::Unknown(_))),
                "{written}"
            );
        }
    }

    #[test]
    fn lists_join_a_lone_letter_to_its_code() {
        let parsed = Ground::parse_list("5.1.2 e, 5.1.2i 5.1.1 b");
        assert_eq!(
            parsed,
            vec![Ok(Ground::G512e), Ok(Ground::G512i), Ok(Ground::G511b)]
        );
    }

    #[test]
    fn accessible_name_explains_the_ground() {
        assert_eq!(
            Ground::accessible_name(&[Ground::G512e]),
            "Weggelakt: eerbiediging van de persoonlijke levenssfeer (artikel 5.1, tweede lid, onder e, Woo)"
        );
    }
}
