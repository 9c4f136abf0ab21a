//! Parliamentary citations in running text, turned into stable web addresses.
//!
//! Beslisnota's cite Kamerstukken in footnotes ("Kamerstukken II 2021/22,
//! 29279, nr. 123"). Readers want to click them, and the Woo metadata wants
//! them as document relations, so the build recognises the citation forms of
//! Aanwijzing 3.43 (plus the forms found in real notes) and maps them onto the
//! published URL patterns, without any network access.
//!
//! This module is pure: it works on a `&str` and returns byte spans, so the
//! Markdown stage decides how to turn them into links. Text that starts like a
//! citation but does not parse is returned as [`Unparsed`], so the author gets
//! a warning instead of a silently unlinked reference.

use std::ops::Range;

/// What a citation refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A Kamerstuk (`kst-…` on officielebekendmakingen).
    Kamerstuk,
    /// Aanhangsel Handelingen: answers to Kamervragen (`ah-tk-…`).
    Aanhangsel,
    /// Handelingen, per item (`h-tk-…`).
    Handelingen,
    /// A Tweede Kamer case ("zaak") number such as `2022Z19982`.
    Zaak,
}

impl Kind {
    /// The stable name used in metadata and templates.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Kamerstuk => "kamerstuk",
            Self::Aanhangsel => "aanhangsel",
            Self::Handelingen => "handelingen",
            Self::Zaak => "zaak",
        }
    }
}

/// A recognised citation: where it is in the text and where it points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub kind: Kind,
    pub url: String,
    /// Byte range of the citation in the searched text.
    pub span: Range<usize>,
}

/// Text that starts like a citation but could not be read as one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unparsed {
    /// Byte range from the start of the citation to where reading failed.
    pub span: Range<usize>,
    /// What was missing, e.g. "no `nr.` after the dossier number".
    pub reason: String,
}

/// Everything found in one text, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    pub citations: Vec<Citation>,
    pub unparsed: Vec<Unparsed>,
}

const OFFICIELE_BEKENDMAKINGEN: &str = "https://zoek.officielebekendmakingen.nl";
const TWEEDE_KAMER_ZAAK: &str = "https://www.tweedekamer.nl/kamerstukken/detail?id=";

/// Finds every citation in `text`.
pub fn find(text: &str) -> Found {
    let mut found = Found::default();
    let mut pos = 0;
    while let Some(start) = next_candidate(text, pos) {
        match citation_at(text, start) {
            Some(Ok(citation)) => {
                pos = citation.span.end;
                found.citations.push(citation);
            }
            Some(Err(unparsed)) => {
                pos = unparsed.span.end.max(start + 1);
                found.unparsed.push(unparsed);
            }
            None => pos = start + next_char_len(text, start),
        }
    }
    found
}

/// The next word start at or after `from` where a citation can begin: every
/// form starts with `A`, `H` or `K` (Aanhangsel, Handelingen, Kamerstuk…,
/// KST) or with the digits of a zaak number. One pass over the characters;
/// other words are not tried.
fn next_candidate(text: &str, from: usize) -> Option<usize> {
    let mut after_word = !starts_word(text, from);
    for (offset, c) in text[from..].char_indices() {
        if !after_word && (matches!(c, 'A' | 'H' | 'K') || c.is_ascii_digit()) {
            return Some(from + offset);
        }
        after_word = c.is_alphanumeric();
    }
    None
}

/// Whether `text[..end]` (a prefix such as emphasised "Kamerstukken II") is
/// the head of a citation, so the text after it should be read together with it.
pub fn is_citation_head(prefix: &str) -> bool {
    let words: Vec<&str> = prefix.split_whitespace().collect();
    matches!(
        words.as_slice(),
        ["Kamerstukken" | "Kamerstuk" | "Handelingen", "I" | "II"]
            | ["Aanhangsel", "Handelingen", "I" | "II"]
            | ["Kamerstukken" | "Kamerstuk" | "KST"]
    )
}

type Attempt = Option<Result<Citation, Unparsed>>;

fn citation_at(text: &str, start: usize) -> Attempt {
    let rest = &text[start..];
    if rest.starts_with("Aanhangsel Handelingen") {
        return handelingen(text, start, "Aanhangsel Handelingen".len(), true);
    }
    if rest.starts_with("Handelingen") {
        return handelingen(text, start, "Handelingen".len(), false);
    }
    if rest.starts_with("Kamerstukken") {
        return kamerstuk(text, start, "Kamerstukken".len());
    }
    if rest.starts_with("Kamerstuk") {
        return kamerstuk(text, start, "Kamerstuk".len());
    }
    if rest.starts_with("KST") {
        return kst(text, start);
    }
    let mut cursor = Cursor::new(text, start);
    let zaak = cursor.zaak()?;
    Some(Ok(zaak_citation(zaak, start..cursor.pos)))
}

fn zaak_citation(zaak: &str, span: Range<usize>) -> Citation {
    Citation {
        kind: Kind::Zaak,
        url: format!("{TWEEDE_KAMER_ZAAK}{zaak}"),
        span,
    }
}

/// `Kamerstukken II 2021/22, 29279, nr. 123`, `Kamerstukken I 2008/09, 31700 VI, D`,
/// `Kamerstuk 28807, nr. 281`, and the non-standard `Kamerstukken II 2021/22, 2022Z19982`.
fn kamerstuk(text: &str, start: usize, head: usize) -> Attempt {
    let mut c = Cursor::new(text, start + head);
    if !c.word_ends() {
        return None; // "Kamerstukkenlijst"
    }
    let before_chamber = c.pos;
    let chamber = c.spaces().then(|| c.chamber()).flatten();
    if chamber.is_none() {
        c.pos = before_chamber;
    }
    let before_year = c.pos;
    let year = c.spaces().then(|| c.year()).flatten();
    if year.is_some() {
        if !c.comma() {
            return Some(Err(c.unparsed(start, "no comma after the vergaderjaar")));
        }
    } else {
        c.pos = before_year;
        if chamber.is_some() {
            return Some(Err(c.unparsed(start, "no vergaderjaar such as `2021/22`")));
        }
        if !c.spaces() || !c.peek_digit() {
            return None; // prose: "de Kamerstukken die …"
        }
    }
    let before_zaak = c.pos;
    if let Some(zaak) = c.zaak() {
        return Some(Ok(zaak_citation(zaak, start..c.pos)));
    }
    c.pos = before_zaak;
    let Some(dossier) = c.dossier() else {
        return Some(Err(c.unparsed(start, "no dossier number")));
    };
    if !c.comma() {
        return Some(Err(c.unparsed(start, "no `nr.` after the dossier number")));
    }
    let Some(number) = c.ondernummer() else {
        return Some(Err(c.unparsed(start, "no `nr.` after the dossier number")));
    };
    Some(Ok(Citation {
        kind: Kind::Kamerstuk,
        url: format!("{OFFICIELE_BEKENDMAKINGEN}/kst-{dossier}-{number}.html"),
        span: start..c.pos,
    }))
}

/// `KST 22343-330`, `KST 36600-VII-1`: the short form some departments use.
fn kst(text: &str, start: usize) -> Attempt {
    let mut c = Cursor::new(text, start + "KST".len());
    if !c.word_ends() || !c.spaces() || !c.peek_digit() {
        return None;
    }
    let Some(dossier) = c.dossier() else {
        return Some(Err(c.unparsed(start, "no dossier number")));
    };
    let number = c.eat("-").then(|| c.digits(1, 6)).flatten();
    let Some(number) = number.filter(|_| !c.peek_alphanumeric()) else {
        return Some(Err(
            c.unparsed(start, "no `-nummer` after the dossier number")
        ));
    };
    Some(Ok(Citation {
        kind: Kind::Kamerstuk,
        url: format!("{OFFICIELE_BEKENDMAKINGEN}/kst-{dossier}-{number}.html"),
        span: start..c.pos,
    }))
}

/// `Aanhangsel Handelingen II 2014/15, nr. 1241` and `Handelingen II 2010/11, nr. 108, item 5`.
fn handelingen(text: &str, start: usize, head: usize, aanhangsel: bool) -> Attempt {
    let mut c = Cursor::new(text, start + head);
    if !c.word_ends() {
        return None;
    }
    let chamber = c.spaces().then(|| c.chamber()).flatten();
    let Some(chamber) = chamber else {
        if aanhangsel {
            return Some(Err(c.unparsed(start, "no chamber (`I` or `II`)")));
        }
        return None; // "de Handelingen van …"
    };
    let Some((first, second)) = c.spaces().then(|| c.year()).flatten() else {
        return Some(Err(c.unparsed(start, "no vergaderjaar such as `2014/15`")));
    };
    if !(c.comma() && c.eat_nr()) {
        return Some(Err(c.unparsed(start, "no `nr.` after the vergaderjaar")));
    }
    let Some(number) = c.digits(1, 6) else {
        return Some(Err(c.unparsed(start, "no number after `nr.`")));
    };
    let house = if chamber == 2 { "tk" } else { "ek" };
    if aanhangsel {
        return Some(Ok(Citation {
            kind: Kind::Aanhangsel,
            url: format!("{OFFICIELE_BEKENDMAKINGEN}/ah-{house}-{first}{second}-{number}.html"),
            span: start..c.pos,
        }));
    }
    let item = (c.comma() && c.eat("item") && c.spaces())
        .then(|| c.digits(1, 4))
        .flatten();
    let Some(item) = item else {
        return Some(Err(c.unparsed(
            start,
            "no `item` after the vergadernummer (Handelingen are cited per item since 2011)",
        )));
    };
    Some(Ok(Citation {
        kind: Kind::Handelingen,
        url: format!("{OFFICIELE_BEKENDMAKINGEN}/h-{house}-{first}{second}-{number}-{item}.html"),
        span: start..c.pos,
    }))
}

/// A position in the text with small, backtrackable readers.
struct Cursor<'t> {
    text: &'t str,
    pos: usize,
}

impl<'t> Cursor<'t> {
    fn new(text: &'t str, pos: usize) -> Self {
        Self { text, pos }
    }

    fn rest(&self) -> &'t str {
        &self.text[self.pos..]
    }

    fn unparsed(&self, start: usize, reason: &str) -> Unparsed {
        Unparsed {
            span: start..self.pos.max(start + 1),
            reason: reason.to_string(),
        }
    }

    fn eat(&mut self, literal: &str) -> bool {
        if self.rest().starts_with(literal) {
            self.pos += literal.len();
            true
        } else {
            false
        }
    }

    /// One or more spaces (a non-breaking space counts: Word pastes them).
    fn spaces(&mut self) -> bool {
        let start = self.pos;
        while let Some(ch) = self
            .rest()
            .chars()
            .next()
            .filter(|c| *c == ' ' || *c == '\u{a0}')
        {
            self.pos += ch.len_utf8();
        }
        self.pos > start
    }

    fn comma(&mut self) -> bool {
        let start = self.pos;
        if self.eat(",") {
            self.spaces();
            return true;
        }
        self.pos = start;
        false
    }

    fn peek_digit(&self) -> bool {
        self.rest().starts_with(|c: char| c.is_ascii_digit())
    }

    fn peek_alphanumeric(&self) -> bool {
        self.rest().starts_with(char::is_alphanumeric)
    }

    fn word_ends(&self) -> bool {
        !self.peek_alphanumeric()
    }

    /// Between `min` and `max` ASCII digits, not followed by another digit.
    fn digits(&mut self, min: usize, max: usize) -> Option<&'t str> {
        let rest = self.rest();
        let len = rest.bytes().take_while(u8::is_ascii_digit).count();
        if len < min || len > max {
            return None;
        }
        self.pos += len;
        Some(&rest[..len])
    }

    /// `II` or `I` as a whole word: 2 or 1.
    fn chamber(&mut self) -> Option<u8> {
        for (word, chamber) in [("II", 2), ("I", 1)] {
            let start = self.pos;
            if self.eat(word) && self.word_ends() {
                return Some(chamber);
            }
            self.pos = start;
        }
        None
    }

    /// A vergaderjaar `2021/22`, as the two full years ("2021", "2022").
    fn year(&mut self) -> Option<(u32, u32)> {
        let start = self.pos;
        let parsed = (|| {
            let first: u32 = self.digits(4, 4)?.parse().ok()?;
            self.eat("/").then_some(())?;
            let second: u32 = self.digits(2, 2)?.parse().ok()?;
            ((first + 1) % 100 == second).then_some((first, first + 1))
        })();
        if parsed.is_none() {
            self.pos = start;
        }
        parsed
    }

    /// A Tweede Kamer zaak number `2022Z19982`, as a whole word.
    fn zaak(&mut self) -> Option<&'t str> {
        let start = self.pos;
        let ok = self.digits(4, 4).is_some()
            && self.eat("Z")
            && self.digits(5, 5).is_some()
            && self.word_ends();
        if ok {
            Some(&self.text[start..self.pos])
        } else {
            self.pos = start;
            None
        }
    }

    /// `29279`, `34 338` (printed with a space), plus a toevoeging such as
    /// `-VII`, ` VI` or `-02`: returned as the URL part `36600-VII`.
    fn dossier(&mut self) -> Option<String> {
        let start = self.pos;
        let mut number = self.digits(2, 6)?.to_string();
        if number.len() == 2 {
            let before = self.pos;
            if self.eat(" ")
                && let Some(tail) = self.digits(3, 3)
            {
                number.push_str(tail);
            } else {
                self.pos = before;
            }
        }
        if number.len() < 4 {
            self.pos = start;
            return None;
        }
        if let Some(toevoeging) = self.toevoeging() {
            number.push('-');
            number.push_str(&toevoeging);
        }
        Some(number)
    }

    fn toevoeging(&mut self) -> Option<String> {
        let start = self.pos;
        if self.eat("-") {
            if let Some(digits) = self.digits(2, 2) {
                return Some(digits.to_string());
            }
            if let Some(roman) = self.roman() {
                return Some(roman.to_string());
            }
        } else if self.eat(" ")
            && let Some(roman) = self.roman()
        {
            return Some(roman.to_string());
        }
        self.pos = start;
        None
    }

    /// An upper-case Roman numeral as a whole word (the begroting chapters).
    fn roman(&mut self) -> Option<&'t str> {
        let rest = self.rest();
        let len = rest
            .bytes()
            .take_while(|b| matches!(b, b'I' | b'V' | b'X' | b'L' | b'C'))
            .count();
        if len == 0 || rest[len..].starts_with(char::is_alphanumeric) {
            return None;
        }
        self.pos += len;
        Some(&rest[..len])
    }

    /// `nr.`, `nr` or `nr:` with the spaces after it.
    fn eat_nr(&mut self) -> bool {
        let start = self.pos;
        if self.eat("nr") || self.eat("Nr") {
            self.eat(".");
            self.spaces();
            return true;
        }
        self.pos = start;
        false
    }

    /// `nr. 123` (Tweede Kamer) or an upper-case letter ondernummer `D`, `AI`
    /// (Eerste Kamer).
    fn ondernummer(&mut self) -> Option<String> {
        let start = self.pos;
        if self.eat_nr() {
            if let Some(n) = self.digits(1, 6) {
                return Some(n.to_string());
            }
            self.pos = start;
            return None;
        }
        let rest = self.rest();
        let len = rest.bytes().take_while(u8::is_ascii_uppercase).count();
        if (1..=2).contains(&len) && !rest[len..].starts_with(char::is_alphanumeric) {
            self.pos += len;
            return Some(rest[..len].to_string());
        }
        None
    }
}

fn starts_word(text: &str, pos: usize) -> bool {
    text[..pos]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric())
}

fn next_char_len(text: &str, pos: usize) -> usize {
    text[pos..].chars().next().map_or(1, char::len_utf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> (Kind, String, &str) {
        let found = find(text);
        assert!(found.unparsed.is_empty(), "{text}: {:?}", found.unparsed);
        assert_eq!(found.citations.len(), 1, "{text}: {:?}", found.citations);
        let c = &found.citations[0];
        (c.kind, c.url.clone(), &text[c.span.clone()])
    }

    fn kst(id: &str) -> String {
        format!("https://zoek.officielebekendmakingen.nl/kst-{id}.html")
    }

    #[test]
    fn tweede_kamer_kamerstuk() {
        let (kind, url, span) = one("Zie Kamerstukken II 2021/22, 29279, nr. 123.");
        assert_eq!(kind, Kind::Kamerstuk);
        assert_eq!(url, kst("29279-123"));
        assert_eq!(span, "Kamerstukken II 2021/22, 29279, nr. 123");
    }

    #[test]
    fn kamerstuk_with_page_keeps_page_as_text() {
        let (_, url, span) = one("Kamerstukken II 2009/10, 27858, nr. 88, p. 3");
        assert_eq!(url, kst("27858-88"));
        assert_eq!(span, "Kamerstukken II 2009/10, 27858, nr. 88");
    }

    #[test]
    fn begroting_chapter_toevoeging() {
        assert_eq!(
            one("Kamerstukken II 2023/24, 36410-VI, nr. 5.").1,
            kst("36410-VI-5")
        );
        assert_eq!(
            one("Kamerstukken II 2022/23, 36200-XV, nr. 38.").1,
            kst("36200-XV-38")
        );
        assert_eq!(
            one("Kamerstukken II 2015/16, 21501-02, nr. 1561").1,
            kst("21501-02-1561")
        );
    }

    #[test]
    fn eerste_kamer_letter_and_spaced_toevoeging() {
        let (kind, url, span) = one("Kamerstukken I 2008/09, 31700 VI, D, p. 4");
        assert_eq!(kind, Kind::Kamerstuk);
        assert_eq!(url, kst("31700-VI-D"));
        assert_eq!(span, "Kamerstukken I 2008/09, 31700 VI, D");
    }

    #[test]
    fn dossier_printed_with_a_space() {
        let text = "Bijlage bij Kamerstukken II 2017/18, 34 338, nr. 3, Eindrapport";
        let (_, url, span) = one(text);
        assert_eq!(url, kst("34338-3"));
        assert_eq!(span, "Kamerstukken II 2017/18, 34 338, nr. 3");
    }

    #[test]
    fn singular_kamerstuk_without_year() {
        let (_, url, _) =
            one("de aangenomen motie van de PvdD (Kamerstuk 28807, nr. 281) aangenomen");
        assert_eq!(url, kst("28807-281"));
    }

    #[test]
    fn kst_short_form() {
        let (kind, url, span) = one("KST 22343-330");
        assert_eq!(kind, Kind::Kamerstuk);
        assert_eq!(url, kst("22343-330"));
        assert_eq!(span, "KST 22343-330");
        assert_eq!(one("KST 36600-VII-1").1, kst("36600-VII-1"));
    }

    #[test]
    fn seed_note_zaak_citation_links_to_the_case_page() {
        let (kind, url, span) = one("Kamerstukken II 2021/22, 2022Z19982.");
        assert_eq!(kind, Kind::Zaak);
        assert_eq!(
            url,
            "https://www.tweedekamer.nl/kamerstukken/detail?id=2022Z19982"
        );
        assert_eq!(span, "Kamerstukken II 2021/22, 2022Z19982");
    }

    #[test]
    fn bare_zaak_number() {
        let (kind, url, span) = one("d.d. 27 december 2023, kenmerk 2023Z21022.");
        assert_eq!(kind, Kind::Zaak);
        assert_eq!(
            url,
            "https://www.tweedekamer.nl/kamerstukken/detail?id=2023Z21022"
        );
        assert_eq!(span, "2023Z21022");
        assert!(find("ref 12023Z21022 and 2023Z210221").citations.is_empty());
    }

    #[test]
    fn aanhangsel_handelingen() {
        let (kind, url, span) = one("Aanhangsel Handelingen II 2022/23, nr. 1241.");
        assert_eq!(kind, Kind::Aanhangsel);
        assert_eq!(
            url,
            "https://zoek.officielebekendmakingen.nl/ah-tk-20222023-1241.html"
        );
        assert_eq!(span, "Aanhangsel Handelingen II 2022/23, nr. 1241");
        assert_eq!(
            one("Aanhangsel Handelingen I 2014/15, nr. 12").1,
            "https://zoek.officielebekendmakingen.nl/ah-ek-20142015-12.html"
        );
        assert_eq!(
            one("Aanhangsel Handelingen II 1999/00, nr. 7").1,
            "https://zoek.officielebekendmakingen.nl/ah-tk-19992000-7.html"
        );
    }

    #[test]
    fn handelingen_per_item() {
        let (kind, url, _) = one("Handelingen II 2010/11, nr. 108, item 5, p. 25-36");
        assert_eq!(kind, Kind::Handelingen);
        assert_eq!(
            url,
            "https://zoek.officielebekendmakingen.nl/h-tk-20102011-108-5.html"
        );
    }

    #[test]
    fn several_citations_in_one_text() {
        let found = find(
            "Kamerstukken II 2021/22, 29279, nr. 123 en Kamerstukken II 2022/23, 31839, nr. 962",
        );
        let urls: Vec<_> = found.citations.iter().map(|c| c.url.clone()).collect();
        assert_eq!(urls, [kst("29279-123"), kst("31839-962")]);
    }

    #[test]
    fn prose_is_not_a_citation() {
        for text in [
            "de Kamerstukken die u ontvangt",
            "in de Handelingen van de Kamer",
            "de Kamerstukkenlijst",
            "KSTV is iets anders",
            "2022 Z is geen zaak",
        ] {
            assert_eq!(find(text), Found::default(), "{text}");
        }
    }

    #[test]
    fn half_citations_are_reported() {
        let text = "Kamerstukken II 2020/21, 28362.";
        let found = find(text);
        assert!(found.citations.is_empty());
        assert_eq!(found.unparsed.len(), 1);
        let u = &found.unparsed[0];
        assert_eq!(u.reason, "no `nr.` after the dossier number");
        assert_eq!(&text[u.span.clone()], "Kamerstukken II 2020/21, 28362");

        let reasons: Vec<String> = [
            "Kamerstukken II, 29279, nr. 1",
            "Kamerstukken II 2021/23, 29279, nr. 1",
            "Aanhangsel Handelingen 2022/23, nr. 5",
            "Aanhangsel Handelingen II 2022/23",
            "Handelingen II 2009/10, nr. 4, p. 12",
            "KST 22343",
        ]
        .iter()
        .map(|t| {
            let f = find(t);
            assert!(f.citations.is_empty(), "{t}");
            f.unparsed[0].reason.clone()
        })
        .collect();
        assert_eq!(
            reasons,
            [
                "no vergaderjaar such as `2021/22`",
                "no vergaderjaar such as `2021/22`",
                "no chamber (`I` or `II`)",
                "no `nr.` after the vergaderjaar",
                "no `item` after the vergadernummer (Handelingen are cited per item since 2011)",
                "no `-nummer` after the dossier number",
            ]
        );
    }

    #[test]
    fn citation_heads() {
        assert!(is_citation_head("Kamerstukken II"));
        assert!(is_citation_head("Aanhangsel Handelingen II"));
        assert!(!is_citation_head("Kamerstukken II 2021/22"));
        assert!(!is_citation_head("Let op"));
    }

    #[test]
    fn non_ascii_text_around_citations() {
        let (_, url, span) = one("‘Zie’ Kamerstukken II 2021/22, 29279, nr. 123 – einde");
        assert_eq!(url, kst("29279-123"));
        assert_eq!(span, "Kamerstukken II 2021/22, 29279, nr. 123");
    }
}
