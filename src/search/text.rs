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
        out.push_str(word);
        out.make_ascii_lowercase();
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
    let bytes = text.as_bytes();
    let mut start: Option<usize> = None;
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        let (is_word, width) = if b < 0x80 {
            (b.is_ascii_alphanumeric(), 1)
        } else {
            let c = text[at..].chars().next().unwrap_or(' ');
            (c.is_alphanumeric(), c.len_utf8())
        };
        if is_word {
            start.get_or_insert(at);
            at += width;
            continue;
        }
        if let Some(from) = start.take() {
            word(&text[from..at]);
            // `thema's`: skip the `s` of a possessive or plural `'s`.
            let apostrophe = b == b'\'' || text[at..].starts_with('’');
            if apostrophe && bytes.get(at + width) == Some(&b's') {
                at += width + 1;
                // `'sochtends` and the like: the rest is a word.
                if text[at..].chars().next().is_some_and(is_word_char) {
                    start = Some(at);
                }
                continue;
            }
        }
        at += width;
    }
    if let Some(from) = start {
        word(&text[from..]);
    }
}

/// Walks a page's fields and body, numbering words and handing each, folded,
/// to a callback: `(word, field, position)`.
///
/// The body is read in one pass over its bytes (every note's HTML goes
/// through here on every build): tags are skipped by looking for `>`, text
/// is split into words, lower-cased and folded as it is read. The words are
/// those [`words`] finds in the text between tags, with an entity (`&amp;`)
/// ending a word.
pub struct Walker {
    position: u32,
    word: String,
}

impl Walker {
    pub fn new() -> Self {
        Self {
            position: 0,
            word: String::with_capacity(64),
        }
    }

    /// A block boundary: the next word does not follow the previous one.
    pub fn boundary(&mut self) {
        self.position += 1;
    }

    /// Adds the words of plain text in `field` as one block.
    pub fn text(&mut self, text: &str, field: Field, sink: &mut impl FnMut(&str, Field, u32)) {
        self.boundary();
        if !text.bytes().any(|b| b == b'<' || b == b'&') {
            // Text without a tag or an entity reads as HTML reads, all of it
            // in one field: read so, it is read several times faster.
            self.html(text, &mut |word, _, position| sink(word, field, position));
            return;
        }
        let mut folded = std::mem::take(&mut self.word);
        words(text, |w| {
            fold_into(w, &mut folded);
            sink(&folded, field, self.position);
            self.position += 1;
        });
        folded.clear();
        self.word = folded;
    }

    /// Ends the word being read, if any.
    fn flush(&mut self, field: Field, sink: &mut impl FnMut(&str, Field, u32)) {
        if !self.word.is_empty() {
            sink(&self.word, field, self.position);
            self.position += 1;
            self.word.clear();
        }
    }

    /// Adds the words of body HTML (nota's own, well-formed output).
    pub fn html(&mut self, html: &str, sink: &mut impl FnMut(&str, Field, u32)) {
        let bytes = html.as_bytes();
        let mut blocks = Blocks::default();
        let mut at = 0;
        while let Some(&b) = bytes.get(at) {
            match ASCII_CLASS[usize::from(b)] {
                LOWER | UPPER => at = self.ascii_run(html, at, blocks.field, sink),
                SPACE => {
                    self.flush(blocks.field, sink);
                    at += 1;
                }
                TAG_OPEN => {
                    self.flush(blocks.field, sink);
                    at = self.tag(bytes, at, &mut blocks);
                    if blocks.skip_depth.is_some() {
                        // Jump to the next tag: nothing in between is read.
                        at = find_byte(bytes, at, b'<');
                    }
                }
                OTHER if b < 0x80 => at = self.punctuation(bytes, at, blocks.field, sink),
                _ => at = self.non_ascii(html, at, blocks.field, sink),
            }
        }
        self.flush(blocks.field, sink);
    }

    /// Reads the tag at `at` (a `<`); returns where it ends. A block
    /// boundary or a hiding element changes what comes after it.
    fn tag(&mut self, bytes: &[u8], at: usize, blocks: &mut Blocks) -> usize {
        let (end, tag) = Tag::read(bytes, at);
        let Some(tag) = tag else { return end };
        if tag.block() {
            self.boundary();
        }
        if tag.closing {
            blocks.depth = blocks.depth.saturating_sub(1);
            if blocks.skip_depth == Some(blocks.depth) {
                blocks.skip_depth = None;
                self.boundary();
            }
            if blocks.heading_depth == Some(blocks.depth) {
                blocks.heading_depth = None;
                blocks.field = Field::Body;
            }
        } else if !tag.void() {
            if blocks.skip_depth.is_none() && tag.hidden() {
                blocks.skip_depth = Some(blocks.depth);
            }
            if blocks.heading_depth.is_none() && tag.heading() {
                blocks.heading_depth = Some(blocks.depth);
                blocks.field = Field::Heading;
            }
            blocks.depth += 1;
        }
        end
    }

    /// An ASCII byte that is neither a letter, a digit, white space nor
    /// `<`: it ends a word. Returns where reading goes on.
    fn punctuation(
        &mut self,
        bytes: &[u8],
        mut at: usize,
        field: Field,
        sink: &mut impl FnMut(&str, Field, u32),
    ) -> usize {
        let b = bytes[at];
        let had_word = !self.word.is_empty();
        self.flush(field, sink);
        at += 1;
        if b == b'&' {
            // An entity (`&amp;`, `&#39;`) is never a letter in nota's
            // output: it ends a word and is skipped.
            if let Some(semicolon) = bytes[at..bytes.len().min(at + 12)]
                .iter()
                .position(|&c| c == b';' || c == b' ' || c == b'&' || c == b'<')
                .filter(|&i| bytes[at + i] == b';')
            {
                at += semicolon + 1;
            }
        } else if b == b'\'' && had_word && bytes.get(at) == Some(&b's') {
            at += 1;
        }
        at
    }

    /// The character at `at`, not ASCII: a letter is folded into the word
    /// being read; anything else ends it. Returns where it ends.
    fn non_ascii(
        &mut self,
        html: &str,
        mut at: usize,
        field: Field,
        sink: &mut impl FnMut(&str, Field, u32),
    ) -> usize {
        let c = html[at..].chars().next().unwrap_or(' ');
        at += c.len_utf8();
        if c.is_alphanumeric() {
            match fold_char(c) {
                Some(folded) => self.word.push_str(folded),
                None => self.word.extend(c.to_lowercase()),
            }
            return at;
        }
        let had_word = !self.word.is_empty();
        self.flush(field, sink);
        if c == '’' && had_word && html.as_bytes().get(at) == Some(&b's') {
            at += 1;
        }
        at
    }

    /// Reads the run of ASCII letters and digits at `at`; returns where it
    /// ends. Most words are such a run between two ASCII non-letters: one
    /// in lower case is handed on as it stands in the HTML, not copied
    /// letter by letter into the buffer.
    fn ascii_run(
        &mut self,
        html: &str,
        mut at: usize,
        field: Field,
        sink: &mut impl FnMut(&str, Field, u32),
    ) -> usize {
        if !self.word.is_empty() {
            return self.buffered_run(html, at, field, sink);
        }
        let bytes = html.as_bytes();
        loop {
            let end = lower_run_end(bytes, at);
            let next = bytes.get(end).copied().unwrap_or(b' ');
            if next >= 0x80 || ASCII_CLASS[usize::from(next)] == UPPER {
                // A capital or a letter with a diacritic follows.
                return self.buffered_run(html, at, field, sink);
            }
            sink(&html[at..end], field, self.position);
            self.position += 1;
            let after = bytes.get(end + 1).copied();
            match (next, after) {
                // Running text: one space and the next word, read here
                // rather than by a round through the caller's loop (which
                // would do the same: a space only ends a word).
                (b' ', Some(after)) if ASCII_CLASS[usize::from(after)] == LOWER => at = end + 1,
                // A comma or full stop, a space and the next word: the
                // caller's loop would pass over both (neither ends more
                // than the word).
                (b',' | b'.' | b';' | b':' | b')', Some(b' '))
                    if bytes
                        .get(end + 2)
                        .is_some_and(|&b| ASCII_CLASS[usize::from(b)] == LOWER) =>
                {
                    at = end + 2;
                }
                _ => return past_word(bytes, end),
            }
        }
    }

    /// Reads the run of ASCII letters and digits at `at` into the word
    /// buffer, lower-cased; returns where it ends. A run that is a whole
    /// word (`Kamer`: nothing in the buffer before it, an ASCII character
    /// after it) is handed on at once, as [`Self::ascii_run`] does.
    fn buffered_run(
        &mut self,
        html: &str,
        at: usize,
        field: Field,
        sink: &mut impl FnMut(&str, Field, u32),
    ) -> usize {
        let bytes = html.as_bytes();
        let end = at
            + bytes[at..]
                .iter()
                .take_while(|&&b| matches!(ASCII_CLASS[usize::from(b)], LOWER | UPPER))
                .count();
        let whole = self.word.is_empty() && bytes.get(end).is_none_or(|&b| b < 0x80);
        let start = self.word.len();
        self.word.push_str(&html[at..end]);
        self.word[start..].make_ascii_lowercase();
        if !whole {
            return end;
        }
        self.flush(field, sink);
        past_word(bytes, end)
    }
}

impl Default for Walker {
    fn default() -> Self {
        Self::new()
    }
}

/// Where the walker is in the body's elements: how deep, and in which
/// hiding element or heading, if any (by the depth it opened at).
struct Blocks {
    depth: usize,
    skip_depth: Option<usize>,
    heading_depth: Option<usize>,
    field: Field,
}

impl Default for Blocks {
    fn default() -> Self {
        Self {
            depth: 0,
            skip_depth: None,
            heading_depth: None,
            field: Field::Body,
        }
    }
}

/// Where reading goes on after a word handed on that ends at `end`: past
/// one space (it only ends the word), past the `s` of `'s` (`thema's`, as
/// after a word that ended in the buffer), or at `end`.
fn past_word(bytes: &[u8], end: usize) -> usize {
    match (bytes.get(end), bytes.get(end + 1)) {
        (Some(b' '), _) => end + 1,
        (Some(b'\''), Some(b's')) => end + 2,
        _ => end,
    }
}

/// Where the tag that starts at `at` ends (after its `>`).
fn tag_end(bytes: &[u8], at: usize) -> usize {
    (find_byte(bytes, at, b'>') + 1).min(bytes.len())
}

/// Where the first `needle` (ASCII) at or after `at` is (the length of
/// `bytes` if none), looked for eight bytes at a time: the attributes of a
/// link or a heading, or a hidden passage, are a few dozen bytes, too
/// short for a search that sets up for long runs.
fn find_byte(bytes: &[u8], at: usize, needle: u8) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut end = at;
    while let Some(chunk) = bytes.get(end..end + 8) {
        // A byte equal to the needle becomes zero; the lowest byte whose
        // high bit is then set is the first zero (bits above it may be set
        // falsely).
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])) ^ (u64::from(needle) * ONES);
        let zero = x.wrapping_sub(ONES) & !x & HIGH;
        if zero != 0 {
            return end + (zero.trailing_zeros() / 8) as usize;
        }
        end += 8;
    }
    bytes[end..]
        .iter()
        .position(|&b| b == needle)
        .map_or(bytes.len(), |i| end + i)
}

/// Where the run of ASCII lower-case letters and digits at `at` ends,
/// looked at eight bytes at a time (words are mostly such runs of a few
/// bytes): per byte, its high bit marks whether it ends the run.
fn lower_run_end(bytes: &[u8], at: usize) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut end = at;
    while let Some(chunk) = bytes.get(end..end + 8) {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        // With the high bit set first, no subtraction borrows across bytes:
        // each byte's high bit then says "at least" the constant.
        let at_least = |c: u64| (x | HIGH).wrapping_sub(c * ONES);
        let lower = at_least(0x61) & !at_least(0x7b);
        let digit = at_least(0x30) & !at_least(0x3a);
        let ends = !((lower | digit) & !x) & HIGH;
        if ends != 0 {
            return end + (ends.trailing_zeros() / 8) as usize;
        }
        end += 8;
    }
    end + bytes[end..]
        .iter()
        .take_while(|&&b| ASCII_CLASS[usize::from(b)] == LOWER)
        .count()
}

/// Classes of bytes for the walker's inner loop: a lower-case letter or a
/// digit, an upper-case letter, ASCII white space, the `<` of a tag,
/// anything else (all non-ASCII bytes too).
const OTHER: u8 = 0;
const LOWER: u8 = 1;
const UPPER: u8 = 2;
const SPACE: u8 = 3;
const TAG_OPEN: u8 = 4;
const ASCII_CLASS: [u8; 256] = {
    let mut table = [OTHER; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            table[b] = LOWER;
        } else if c.is_ascii_uppercase() {
            table[b] = UPPER;
        } else if c.is_ascii_whitespace() {
            table[b] = SPACE;
        } else if c == b'<' {
            table[b] = TAG_OPEN;
        }
        b += 1;
    }
    table
};

/// What the walker needs to know about a tag. Every tag of every note goes
/// through here (1.5 million at 10,000 notes), so the name is classified
/// once, by its bytes, into [`Tag::kind`].
struct Tag<'a> {
    closing: bool,
    attributes: &'a [u8],
    kind: u8,
}

/// Bits of [`Tag::kind`].
const BLOCK: u8 = 1;
const HEADING: u8 = 2;
const VOID: u8 = 4;
/// Elements that may hide their text (see [`Tag::hidden`]).
const MAY_HIDE: u8 = 8;

impl<'a> Tag<'a> {
    /// The tag that starts at `at` (a `<`): where it ends (after its `>`),
    /// and what it is (`None` for comments and doctypes). Read in one pass:
    /// the name up to white space, `/` or `>`, then, only when the tag has
    /// attributes, on to its `>`.
    fn read(bytes: &'a [u8], at: usize) -> (usize, Option<Self>) {
        let mut i = at + 1;
        let closing = bytes.get(i) == Some(&b'/');
        if closing {
            i += 1;
        }
        if matches!(bytes.get(i), Some(b'!' | b'?')) {
            return (tag_end(bytes, i), None);
        }
        let name_start = i;
        while let Some(&b) = bytes.get(i) {
            if b == b'>' || b == b'/' || b.is_ascii_whitespace() {
                break;
            }
            i += 1;
        }
        let kind = kind_of(&bytes[name_start..i]);
        let (attributes, end) = if bytes.get(i) == Some(&b'>') {
            (&bytes[i..i], i + 1)
        } else {
            let end = tag_end(bytes, i);
            let inner_end = if bytes.get(end - 1) == Some(&b'>') {
                end - 1
            } else {
                end
            };
            (&bytes[i..inner_end.max(i)], end)
        };
        let tag = Self {
            closing,
            attributes,
            kind,
        };
        (end, Some(tag))
    }

    fn block(&self) -> bool {
        self.kind & BLOCK != 0
    }

    fn void(&self) -> bool {
        self.kind & VOID != 0 || self.attributes.ends_with(b"/")
    }

    fn heading(&self) -> bool {
        self.kind & HEADING != 0
    }

    /// Elements whose text is not read as text: redaction marks, text for
    /// screen readers only, hidden decoration, footnote numbers and the
    /// footnotes' heading. The attributes are read in one pass, from one
    /// `=` to the next: a class listed in the first `class="…"`,
    /// `aria-hidden="true"` or `id="voetnoten-titel"` hides.
    fn hidden(&self) -> bool {
        let a = self.attributes;
        if a.is_empty() || self.kind & MAY_HIDE == 0 {
            return false;
        }
        let mut class_read = false;
        let mut at = find_byte(a, 0, b'=');
        while at < a.len() {
            let (name, value) = (&a[..at], &a[at + 1..]);
            if !class_read && name.ends_with(b"class") && value.first() == Some(&b'"') {
                class_read = true;
                let listed = &value[1..];
                let listed = &listed[..listed
                    .iter()
                    .position(|&b| b == b'"')
                    .unwrap_or(listed.len())];
                let hides =
                    |class: &[u8]| matches!(class, b"lak" | b"visually-hidden" | b"footnote-ref");
                if listed.split(u8::is_ascii_whitespace).any(hides) {
                    return true;
                }
            }
            if (name.ends_with(b"aria-hidden") && value.starts_with(b"\"true\""))
                || (name.ends_with(b"id") && value.starts_with(b"\"voetnoten-titel\""))
            {
                return true;
            }
            at = find_byte(a, at + 1, b'=');
        }
        false
    }
}

/// The [`Tag::kind`] bits of a tag name: blocks (`p`, `li`, `ul`, `ol`,
/// `h1`–`h6`, `td`, `th`, `tr`, `table`, `dt`, `dd`, `dl`, `div`, `section`,
/// `blockquote`, `pre`, `br`, `hr`), headings, void elements (`br`, `hr`,
/// `img`, `input`, `wbr`, `col`, `source`, `meta`, `link`) and those that
/// may hide their text (`span`, `sup`, `h2`, `div`, `p`, `section`).
fn kind_of(name: &[u8]) -> u8 {
    match name {
        [b'p'] => BLOCK | MAY_HIDE,
        [b'h', b'2'] => BLOCK | HEADING | MAY_HIDE,
        [b'h', b'1' | b'3'..=b'6'] => BLOCK | HEADING,
        [b'b' | b'h', b'r'] => BLOCK | VOID,
        [b'l', b'i']
        | [b'u' | b'o', b'l']
        | [b't', b'd' | b'h' | b'r']
        | [b'd', b't' | b'd' | b'l'] => BLOCK,
        [b'd', b'i', b'v'] => BLOCK | MAY_HIDE,
        [b's', b'e', b'c', b't', b'i', b'o', b'n'] => BLOCK | MAY_HIDE,
        [b'p', b'r', b'e']
        | [b't', b'a', b'b', b'l', b'e']
        | [b'b', b'l', b'o', b'c', b'k', b'q', b'u', b'o', b't', b'e'] => BLOCK,
        [b's', b'p', b'a', b'n'] | [b's', b'u', b'p'] => MAY_HIDE,
        [b'i', b'm', b'g']
        | [b'i', b'n', b'p', b'u', b't']
        | [b'w', b'b', b'r']
        | [b'c', b'o', b'l']
        | [b's', b'o', b'u', b'r', b'c', b'e']
        | [b'm', b'e', b't', b'a']
        | [b'l', b'i', b'n', b'k'] => VOID,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(html: &str) -> Vec<(String, Field, u32)> {
        let mut walker = Walker::new();
        let mut found = Vec::new();
        walker.html(html, &mut |w, field, position| {
            found.push((w.to_string(), field, position));
        });
        found
    }

    fn words_of(html: &str) -> Vec<String> {
        body(html).into_iter().map(|(w, _, _)| w).collect()
    }

    /// The end of a tag found eight bytes at a time is the first `>`
    /// after the start, for every start in text with `>` at every distance
    /// and none at the end, and with bytes that differ from `>` by one bit.
    #[test]
    fn a_tag_ends_after_its_first_closing_bracket() {
        let texts = [
            "<a href=\"#v1\" id=\"r1\">x</a>",
            "<p>",
            "<span class=\"lak\"",
            ">>>><<<<>>>>",
            "<h2 id=\"een-heel-lang-kopje-dat-niet-in-acht-bytes-past\">kop</h2>",
            "<x ?<>=~\u{3e}\u{be}\u{bf}>",
        ];
        for text in texts {
            let bytes = text.as_bytes();
            for at in 0..bytes.len() {
                let expected = bytes[at..]
                    .iter()
                    .position(|&b| b == b'>')
                    .map_or(bytes.len(), |i| at + i + 1);
                assert_eq!(tag_end(bytes, at), expected, "{text:?} from {at}");
            }
        }
    }

    /// Plain text read as HTML gives the words, fields and positions that
    /// splitting it into words and folding them gives.
    #[test]
    fn plain_text_reads_as_its_words_folded() {
        let texts = [
            "Beslisnota bij verzamelbrief ondermijning",
            "BZK/2018-7610000",
            "Coördinatie van de Ĳssel-aanpak 's ochtends",
            "THEMA's en auto’s, zo'n 2024 (Straße) – Ωmega.",
            "a b c dé e",
            "",
            "   ",
            "Kamer",
            "x1y2 Z",
        ];
        for text in texts {
            let mut walker = Walker::new();
            let mut read = Vec::new();
            walker.text(text, Field::Title, &mut |w, field, position| {
                read.push((w.to_string(), field, position));
            });
            let mut expected = Vec::new();
            words(text, |w| {
                expected.push((fold(w), Field::Title, expected.len() as u32 + 1))
            });
            assert_eq!(read, expected, "{text:?}");
        }
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
                "de",
                "vraag",
                "is",
                "uitgewerkt",
                "door",
                "in",
                "overleg",
                "kamerstukken",
                "ii"
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
    fn words_in_the_html_as_written_and_words_put_together_read_alike() {
        assert_eq!(
            words_of(
                "<p>Thema's THEMA's coördinatie Coördinatie zo'n ab12 1e Ĳssel auto’s x<em>y</em>z</p>"
            ),
            [
                "thema",
                "thema",
                "coordinatie",
                "coordinatie",
                "zo",
                "n",
                "ab12",
                "1e",
                "ijssel",
                "auto",
                "x",
                "y",
                "z"
            ]
        );
        let found = body("<p>een twee</p><p>drie</p>");
        let positions: Vec<u32> = found.iter().map(|f| f.2).collect();
        assert_eq!(positions[1] - positions[0], 1);
        assert!(positions[2] - positions[1] > 1);
    }

    /// Eight bytes at a time ends a run where one byte at a time does: every
    /// byte next to the ranges' edges (and non-ASCII ones), at every place
    /// of runs up to twenty bytes long, from every start.
    #[test]
    fn a_run_of_lower_case_ends_where_a_byte_by_byte_look_ends_it() {
        let one_by_one = |bytes: &[u8], at: usize| {
            at + bytes[at..]
                .iter()
                .take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                .count()
        };
        let edges = [
            0x00, 0x2f, 0x30, 0x39, 0x3a, 0x40, 0x41, 0x5a, 0x5b, 0x60, 0x61, 0x7a, 0x7b, 0x7f,
            0x80, 0xb0, 0xc3, 0xe1, 0xef, 0xff,
        ];
        for edge in edges {
            for len in 0..=20 {
                for place in 0..len {
                    let mut bytes = vec![b'k'; len];
                    bytes[place] = edge;
                    for start in 0..=len {
                        assert_eq!(
                            lower_run_end(&bytes, start),
                            one_by_one(&bytes, start),
                            "{bytes:?} from {start}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn hiding_attributes_are_found_wherever_they_stand() {
        let html = concat!(
            "<p>a1 <span role=\"img\" class=\"x lak\">b1</span> ",
            "<span class=\"y\" aria-hidden=\"true\">b2</span> ",
            "<span data-x=\"1\" class=\"footnote-ref\">b3</span> ",
            "<span class=\"other\" title=\"lak\">a2</span> ",
            "<em class=\"lak\">a3</em></p><h2 id=\"voetnoten-titel\">b4</h2><h3 class=\"visually-hidden\">a4</h3>"
        );
        assert_eq!(words_of(html), ["a1", "a2", "a3", "a4"]);
    }

    #[test]
    fn entities_separate_words() {
        assert_eq!(
            words_of("<p>Jeugd&amp;zorg &quot;citaat&quot; R&#38;D</p>"),
            ["jeugd", "zorg", "citaat", "r", "d"]
        );
    }

    /// The walker, written plainly as a reference: the body cut into tags
    /// and text with string searches, each tag's name and attributes read
    /// with `split`, each text's words found by [`words`] (an entity is a
    /// space). The walker must find the same words, fields and positions.
    fn reference(html: &str) -> Vec<(String, Field, u32)> {
        let mut found = Vec::new();
        let mut position = 0u32;
        let (mut depth, mut skip, mut heading) = (0usize, None, None);
        let mut rest = html;
        while !rest.is_empty() {
            let (text, after) = rest.split_at(rest.find('<').unwrap_or(rest.len()));
            if skip.is_none() {
                let mut spaced = text.to_string();
                while let Some(at) = spaced.find('&') {
                    let entity = spaced[at + 1..].find(';').filter(|&e| {
                        e < 12 && !spaced[at + 1..at + 1 + e].contains([' ', '&', '<'])
                    });
                    let end = entity.map_or(at + 1, |e| at + e + 2);
                    spaced.replace_range(at..end, " ");
                }
                let field = if heading.is_some() {
                    Field::Heading
                } else {
                    Field::Body
                };
                words(&spaced, |w| {
                    found.push((fold(w), field, position));
                    position += 1;
                });
            }
            if after.is_empty() {
                break;
            }
            let end = after.find('>').map_or(after.len(), |e| e + 1);
            let inner = after[1..end].trim_end_matches('>');
            rest = &after[end..];
            let (closing, inner) = match inner.strip_prefix('/') {
                Some(inner) => (true, inner),
                None => (false, inner),
            };
            if inner.starts_with(['!', '?']) {
                continue;
            }
            let name = inner
                .split([' ', '\n', '\t', '\r', '\x0c', '/'])
                .next()
                .unwrap_or("");
            let attributes = &inner[name.len()..];
            let tag = Tag {
                closing,
                attributes: attributes.as_bytes(),
                kind: kind_of(name.as_bytes()),
            };
            position += u32::from(tag.block());
            if closing {
                depth = depth.saturating_sub(1);
                if skip == Some(depth) {
                    skip = None;
                    position += 1;
                }
                if heading == Some(depth) {
                    heading = None;
                }
            } else if !tag.void() {
                if skip.is_none() && tag.hidden() {
                    skip = Some(depth);
                }
                if heading.is_none() && tag.heading() {
                    heading = Some(depth);
                }
                depth += 1;
            }
        }
        found
    }

    /// Bodies put together at random from tags (with and without
    /// attributes, hiding ones, void ones, comments) and text (capitals,
    /// diacritics, entities, apostrophes, white space): the walker reads
    /// them as the reference does. Positions are compared as gaps, since
    /// both number from a different start only if they disagree.
    #[test]
    fn the_walker_reads_generated_bodies_as_the_plain_reference_does() {
        const PIECES: &[&str] = &[
            "<p>",
            "</p>",
            "<h2 id=\"a\">",
            "</h2>",
            "<h3>",
            "</h3>",
            "<span class=\"lak\">",
            "<span class=\"x visually-hidden\">",
            "</span>",
            "<span>",
            "<em>",
            "</em>",
            "<br>",
            "<br/>",
            "<hr />",
            "<img src=\"a.png\" alt=\"x\">",
            "<!-- c -->",
            "<a href=\"#x\">",
            "</a>",
            "<sup class=\"footnote-ref\">",
            "</sup>",
            "<div aria-hidden=\"true\">",
            "</div>",
            "<li>",
            "</li>",
            "<p\nclass=\"x\">",
            "<section id=\"voetnoten-titel\">",
            "</section>",
            "<td>",
            "</td>",
            "De",
            "gemeente",
            "THEMA's",
            "zo'n",
            "Kamer",
            " ",
            " ",
            "\n",
            ".",
            ",",
            ";",
            ":",
            ")",
            "(",
            "&amp;",
            "&#39;",
            "&x",
            "coördinatie",
            "Ĳssel",
            "auto’s",
            "’s",
            "x1",
            "2024",
            "–",
            "'",
            "s",
            "a",
            "gemeenten ",
            "vooral de ",
            "Straße",
            "Ωmega",
            "é",
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |below: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % below as u64) as usize
        };
        for case in 0..3000 {
            let html: String = (0..1 + next(40))
                .map(|_| PIECES[next(PIECES.len())])
                .collect();
            let gaps = |found: Vec<(String, Field, u32)>| {
                let first = found.first().map_or(0, |f| f.2);
                let shifted = found.into_iter().map(|(w, f, p)| (w, f, p - first));
                shifted.collect::<Vec<_>>()
            };
            assert_eq!(
                gaps(body(&html)),
                gaps(reference(&html)),
                "case {case}: {html:?}"
            );
        }
    }
}
