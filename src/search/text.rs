//! The words of a page, as search sees them: folded, with their place.
//!
//! The index is made from the page as published: the title, the body HTML
//! that the Markdown stage rendered (after withholding), and the kenmerk and
//! topics the page shows. Reading the HTML rather than the Markdown means
//! that the index can hold no word the page does not show. Text a reader
//! does not see as text is left out: the redaction marks (`span.lak`, which
//! only name grounds), text for screen readers only (`visually-hidden`,
//! "Voetnoot"), hidden decoration (`aria-hidden`), footnote numbers and the
//! footnotes' heading.
//!
//! Every word gets a position; a block boundary (paragraph, list item,
//! heading, cell) or a redaction skips one, so a phrase never runs across
//! them.

/// Where a word stands on the page; later fields weigh less.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Title,
    Heading,
    /// Kenmerk and topics.
    Meta,
    Body,
}

/// Folds a word for comparison: lower case, diacritics removed (`ë` → `e`,
/// `ĳ` → `ij`, `ß` → `ss`). The browser folds queries with the same table
/// (`zoeken.js`, `fold`).
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

/// [`fold`] into a buffer (cleared first).
pub fn fold_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        return;
    }
    for c in word.chars() {
        match fold_char(c) {
            Some(folded) => out.push_str(folded),
            None => out.extend(c.to_lowercase()),
        }
    }
}

/// The folded form of a Latin letter with a diacritic (either case).
fn fold_char(c: char) -> Option<&'static str> {
    let folded = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' | 'Ç' | 'Ć' | 'Ĉ' | 'Ċ' | 'Č' => "c",
        'ď' | 'đ' | 'Ď' | 'Đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ĕ' | 'Ė' | 'Ę' | 'Ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' | 'Ĝ' | 'Ğ' | 'Ġ' | 'Ģ' => "g",
        'ĥ' | 'ħ' | 'Ĥ' | 'Ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ĩ' | 'Ī' | 'Ĭ' | 'Į' | 'İ' => "i",
        'ĳ' | 'Ĳ' => "ij",
        'ĵ' | 'Ĵ' => "j",
        'ķ' | 'Ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' | 'Ĺ' | 'Ļ' | 'Ľ' | 'Ŀ' | 'Ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' | 'Ñ' | 'Ń' | 'Ņ' | 'Ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ŏ' | 'Ő' => "o",
        'œ' | 'Œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' | 'Ŕ' | 'Ŗ' | 'Ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'Ś' | 'Ŝ' | 'Ş' | 'Š' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'Ţ' | 'Ť' | 'Ŧ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ũ' | 'Ū' | 'Ŭ' | 'Ů' | 'Ű' | 'Ų' => "u",
        'ŵ' | 'Ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' | 'Ý' | 'Ÿ' | 'Ŷ' => "y",
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => "z",
        _ => return None,
    };
    Some(folded)
}

/// Whether `c` belongs to a word.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric()
    }
}

/// Calls `word` with every word of plain `text` (not folded) and whether a
/// boundary came before it. `'s` after a word is part of it and dropped
/// (`thema's` → `thema`); other apostrophes and hyphens separate words.
pub fn words<'t>(text: &'t str, mut word: impl FnMut(&'t str)) {
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if is_word_char(c) {
            start.get_or_insert(at);
            continue;
        }
        if let Some(from) = start.take() {
            word(&text[from..at]);
            // `thema's`: skip the `s` of a possessive or plural `'s`.
            if matches!(c, '\'' | '’')
                && let Some(&(_, 's')) = chars.peek()
            {
                chars.next();
                if chars.peek().is_some_and(|&(_, next)| is_word_char(next)) {
                    // `'sochtends` and the like: the rest is a word.
                    start = chars.peek().map(|&(i, _)| i);
                }
            }
        }
    }
    if let Some(from) = start {
        word(&text[from..]);
    }
}

/// One word of a page, as found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found<'a> {
    /// As written (not folded).
    pub word: &'a str,
    pub field: Field,
    pub position: u32,
}

/// Walks a page's fields and body, numbering words.
pub struct Walker<'a> {
    found: Vec<Found<'a>>,
    position: u32,
}

impl<'a> Walker<'a> {
    pub fn new() -> Self {
        Self {
            found: Vec::new(),
            position: 0,
        }
    }

    /// The words found so far.
    pub fn finish(self) -> Vec<Found<'a>> {
        self.found
    }

    /// A block boundary: the next word does not follow the previous one.
    pub fn boundary(&mut self) {
        self.position += 1;
    }

    /// Adds the words of plain text in `field` as one block.
    pub fn text(&mut self, text: &'a str, field: Field) {
        self.boundary();
        words(text, |w| self.push(w, field));
    }

    fn push(&mut self, word: &'a str, field: Field) {
        self.found.push(Found {
            word,
            field,
            position: self.position,
        });
        self.position += 1;
    }

    /// Adds the words of body HTML (nota's own, well-formed output).
    pub fn html(&mut self, html: &'a str) {
        let mut skip_depth: Option<usize> = None;
        let mut depth = 0usize;
        let mut heading_depth: Option<usize> = None;
        let mut rest = html;
        let mut offset = 0;
        while !rest.is_empty() {
            let Some(lt) = rest.find('<') else {
                if skip_depth.is_none() {
                    self.html_text(&html[offset..], heading_depth.is_some());
                }
                break;
            };
            if lt > 0 && skip_depth.is_none() {
                self.html_text(&html[offset..offset + lt], heading_depth.is_some());
            }
            let tag_end = rest[lt..].find('>').map_or(rest.len(), |i| lt + i + 1);
            let tag = Tag::parse(&rest[lt..tag_end]);
            offset += tag_end;
            rest = &rest[tag_end..];
            let Some(tag) = tag else { continue };
            if tag.block() {
                self.boundary();
            }
            if tag.closing {
                if depth > 0 {
                    depth -= 1;
                }
                if skip_depth == Some(depth) {
                    skip_depth = None;
                    self.boundary();
                }
                if heading_depth == Some(depth) {
                    heading_depth = None;
                }
                continue;
            }
            if tag.void() {
                continue;
            }
            if skip_depth.is_none() && tag.hidden() {
                skip_depth = Some(depth);
            }
            if heading_depth.is_none() && tag.heading() {
                heading_depth = Some(depth);
            }
            depth += 1;
        }
    }

    /// Text between tags: entities decoded where they could join or split
    /// words (`&amp;` separates, `&#39;` is an apostrophe).
    fn html_text(&mut self, text: &'a str, heading: bool) {
        let field = if heading { Field::Heading } else { Field::Body };
        if !text.contains('&') {
            words(text, |w| self.push(w, field));
            return;
        }
        // Entities are never letters in nota's output (comrak writes
        // letters as UTF-8), so each one simply ends a word.
        for piece in text.split('&') {
            let piece = match piece.find(';') {
                Some(end) if end < 12 && !piece[..end].contains(' ') => &piece[end + 1..],
                _ => piece,
            };
            words(piece, |w| self.push(w, field));
        }
    }
}

impl Default for Walker<'_> {
    fn default() -> Self {
        Self::new()
    }
}

/// What the walker needs to know about a tag.
struct Tag<'a> {
    name: &'a str,
    closing: bool,
    attributes: &'a str,
}

impl<'a> Tag<'a> {
    /// `<name attr="v">` or `</name>`; `None` for comments and doctypes.
    fn parse(raw: &'a str) -> Option<Self> {
        let inner = raw.strip_prefix('<')?.strip_suffix('>').unwrap_or(raw);
        let (closing, inner) = match inner.strip_prefix('/') {
            Some(rest) => (true, rest),
            None => (false, inner),
        };
        if inner.starts_with('!') || inner.starts_with('?') {
            return None;
        }
        let end = inner
            .find(|c: char| c.is_ascii_whitespace() || c == '/')
            .unwrap_or(inner.len());
        Some(Self {
            name: &inner[..end],
            closing,
            attributes: &inner[end..],
        })
    }

    fn block(&self) -> bool {
        matches!(
            self.name,
            "p" | "li"
                | "ul"
                | "ol"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "td"
                | "th"
                | "tr"
                | "table"
                | "dt"
                | "dd"
                | "dl"
                | "div"
                | "section"
                | "blockquote"
                | "pre"
                | "br"
                | "hr"
        )
    }

    fn void(&self) -> bool {
        matches!(
            self.name,
            "br" | "hr" | "img" | "input" | "wbr" | "col" | "source" | "meta" | "link"
        ) || self.attributes.ends_with('/')
    }

    fn heading(&self) -> bool {
        matches!(self.name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
    }

    /// Elements whose text is not read as text: redaction marks, text for
    /// screen readers only, hidden decoration, footnote numbers and the
    /// footnotes' heading.
    fn hidden(&self) -> bool {
        let a = self.attributes;
        has_class(a, "lak")
            || has_class(a, "visually-hidden")
            || has_class(a, "footnote-ref")
            || a.contains("aria-hidden=\"true\"")
            || a.contains("id=\"voetnoten-titel\"")
    }
}

/// Whether the `class` attribute in `attributes` lists `class`.
fn has_class(attributes: &str, class: &str) -> bool {
    let Some(start) = attributes.find("class=\"") else {
        return false;
    };
    let value = &attributes[start + 7..];
    let value = &value[..value.find('"').unwrap_or(value.len())];
    value.split_ascii_whitespace().any(|c| c == class)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(html: &str) -> Vec<(String, Field, u32)> {
        let mut walker = Walker::new();
        walker.html(html);
        walker
            .finish()
            .into_iter()
            .map(|f| (f.word.to_string(), f.field, f.position))
            .collect()
    }

    fn words_of(html: &str) -> Vec<String> {
        body(html).into_iter().map(|(w, _, _)| w).collect()
    }

    #[test]
    fn folding_removes_case_and_diacritics() {
        assert_eq!(fold("Financiële"), "financiele");
        assert_eq!(fold("Ĳssel"), "ijssel");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("CAFÉ"), "cafe");
        assert_eq!(fold("coördinatie"), "coordinatie");
        assert_eq!(fold("Ωmega"), "ωmega");
    }

    #[test]
    fn words_split_on_punctuation_and_drop_apostrophe_s() {
        let mut found = Vec::new();
        words(
            "thema's, auto’s en jeugd-ggz (EZK/2023-2244205) zo'n",
            |w| found.push(w.to_string()),
        );
        assert_eq!(
            found,
            [
                "thema", "auto", "en", "jeugd", "ggz", "EZK", "2023", "2244205", "zo", "n"
            ]
        );
    }

    #[test]
    fn redaction_marks_screen_reader_text_and_footnote_numbers_are_not_words() {
        let html = concat!(
            "<p>De vraag is uitgewerkt door <span class=\"lak\" role=\"img\" aria-label=\"Weggelakt: x\">[5.1.2e]</span> in overleg.",
            "<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\" role=\"doc-noteref\"><span class=\"visually-hidden\">Voetnoot </span>1</a></sup></p>\n",
            "<section class=\"footnotes\" role=\"doc-endnotes\" aria-labelledby=\"voetnoten-titel\">\n",
            "<h2 id=\"voetnoten-titel\" class=\"visually-hidden\">Voetnoten</h2>\n<ol>\n<li id=\"fn-1\">\n",
            "<p>Kamerstukken II. <a href=\"#fnref-1\" role=\"doc-backlink\"><span aria-hidden=\"true\">↩︎</span><span class=\"visually-hidden\">Terug naar verwijzing 1 in de tekst</span></a></p>\n",
            "</li>\n</ol>\n</section>\n"
        );
        assert_eq!(
            words_of(html),
            [
                "De",
                "vraag",
                "is",
                "uitgewerkt",
                "door",
                "in",
                "overleg",
                "Kamerstukken",
                "II"
            ]
        );
    }

    #[test]
    fn headings_are_their_own_field_and_blocks_break_phrases() {
        let found =
            body("<h2 id=\"a\">1. Aanleiding</h2>\n<p>Wet <em>open</em> overheid</p><p>Tweede</p>");
        let fields: Vec<Field> = found.iter().map(|f| f.1).collect();
        assert_eq!(
            fields,
            [
                Field::Heading,
                Field::Heading,
                Field::Body,
                Field::Body,
                Field::Body,
                Field::Body
            ]
        );
        let positions: Vec<u32> = found.iter().map(|f| f.2).collect();
        // "Wet open overheid" are consecutive; "Tweede" is not next to "overheid".
        assert_eq!(positions[3] - positions[2], 1);
        assert_eq!(positions[4] - positions[3], 1);
        assert!(positions[5] - positions[4] > 1);
        // A redaction breaks a phrase too.
        let found = body("<p>Jan <span class=\"lak\">[5.1.2e]</span> Jansen</p>");
        assert!(found[1].2 - found[0].2 > 1);
    }

    #[test]
    fn entities_separate_words() {
        assert_eq!(
            words_of("<p>Jeugd&amp;zorg &quot;citaat&quot; R&#38;D</p>"),
            ["Jeugd", "zorg", "citaat", "R", "D"]
        );
    }
}
