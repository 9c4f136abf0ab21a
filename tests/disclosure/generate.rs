//! Adversarial sites from the grammar of nota's inputs.
//!
//! Each site has a few notes: YAML or TOML front matter with every field,
//! bodies of headings at every level (ATX and setext), paragraphs, lists,
//! tables, quotes, footnotes, links, images, code and HTML comments, with
//! `{lak}` passages across all of these, section 5 in every real form and
//! its variants (case, punctuation, numbering, soft hyphens, no-break
//! spaces, zero-width characters, emphasis, setext) and in every place, and
//! drafts and `niet-openbaar` notes. Every secret is a unique token, and
//! the model knows which tokens are secret: what the author withheld (a
//! passage, section 5 under `redact` or without a decision, an HTML comment,
//! a draft, a note that is not public). Some sites also copy a withheld
//! passage to a public place (the summary, another note, a link target, a
//! file under `content/`): the leak guard must refuse those.
//!
//! A site is a list of notes of independent chunks, so a failing site can be
//! shrunk by dropping notes, chunks and fields while the model still knows
//! what is secret.

use std::collections::BTreeSet;

/// splitmix64: small, seedable, the same on every platform.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A piece of Markdown with the tokens it holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Raw {
    pub markdown: String,
    /// Tokens withheld wherever the piece stands (in a passage, a comment).
    pub secret: Vec<String>,
    /// Tokens that are public unless where the piece stands withholds them.
    pub public: Vec<String>,
    /// Footnotes referenced, and whether from withheld text.
    pub refs: Vec<(usize, bool)>,
}

impl Raw {
    fn text(markdown: impl Into<String>) -> Self {
        Self {
            markdown: markdown.into(),
            ..Self::default()
        }
    }

    fn push(&mut self, other: Raw) {
        self.markdown.push_str(&other.markdown);
        self.secret.extend(other.secret);
        self.public.extend(other.public);
        self.refs.extend(other.refs);
    }

    fn push_str(&mut self, text: &str) {
        self.markdown.push_str(text);
    }

    /// The same piece with every token withheld.
    fn withheld(mut self) -> Self {
        self.secret.append(&mut self.public);
        for r in &mut self.refs {
            r.1 = true;
        }
        self
    }
}

/// What the front matter decides about section 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Redact,
    Publish,
}

/// One block of a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chunk {
    /// Anything whose tokens are secret or public on their own.
    Raw(Raw),
    /// A section-5 title and what follows it: withheld unless the note
    /// decides `publish`.
    Section5 { title: Raw, content: Vec<Raw> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub path: String,
    pub toml: bool,
    pub title: Raw,
    pub date: String,
    /// Optional fields: name and value (a YAML/TOML value as written).
    pub fields: Vec<(String, Raw)>,
    pub decision: Option<Decision>,
    pub draft: bool,
    pub niet_openbaar: bool,
    pub chunks: Vec<Chunk>,
    pub footnotes: Vec<Raw>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    pub seed: u64,
    /// Whether the site was made to hold what nota must refuse.
    pub adversarial: bool,
    pub notes: Vec<Note>,
    /// Files under `content/` copied as is: path and text.
    pub assets: Vec<(String, Raw)>,
}

impl Note {
    /// The note's file as written.
    pub fn file(&self) -> String {
        let mut front = String::new();
        let field = |name: &str, value: &str| {
            if self.toml {
                format!("{name} = {value}\n")
            } else {
                format!("{name}: {value}\n")
            }
        };
        front.push_str(&field("title", &quote(&self.title.markdown)));
        front.push_str(&field("date", &self.date));
        for (name, value) in &self.fields {
            front.push_str(&field(name, &value.markdown));
        }
        if self.draft {
            front.push_str(&field("draft", "true"));
        }
        let mut woo = Vec::new();
        match self.decision {
            Some(Decision::Redact) => {
                woo.push(("section5", quote("redact")));
                woo.push(("grounds", "[\"5.1.2e\"]".to_string()));
            }
            Some(Decision::Publish) => woo.push(("section5", quote("publish"))),
            None => {}
        }
        if self.niet_openbaar {
            woo.push(("status", quote("niet-openbaar")));
            if self.decision != Some(Decision::Redact) {
                woo.push(("grounds", "[\"5.1.2i\"]".to_string()));
            }
        }
        let (open, close) = if self.toml {
            ("+++", "+++")
        } else {
            ("---", "---")
        };
        let mut text = format!("{open}\n{front}");
        if !woo.is_empty() {
            if self.toml {
                text.push_str("[woo]\n");
                for (k, v) in &woo {
                    text.push_str(&format!("{k} = {v}\n"));
                }
            } else {
                text.push_str("woo:\n");
                for (k, v) in &woo {
                    text.push_str(&format!("  {k}: {v}\n"));
                }
            }
        }
        text.push_str(close);
        text.push_str("\n\n");
        for chunk in &self.chunks {
            match chunk {
                Chunk::Raw(raw) => text.push_str(&raw.markdown),
                Chunk::Section5 { title, content } => {
                    text.push_str(&title.markdown);
                    for raw in content {
                        text.push_str(&raw.markdown);
                    }
                }
            }
            text.push('\n');
        }
        for (index, footnote) in self.footnotes.iter().enumerate() {
            text.push_str(&format!("[^n{index}]: {}\n", footnote.markdown));
        }
        text
    }

    /// Every token this note withholds.
    pub fn secrets(&self, into: &mut BTreeSet<String>) {
        let everything = self.draft;
        let body_secret = everything || self.niet_openbaar;
        let mut add = |raw: &Raw, secret: bool| {
            into.extend(raw.secret.iter().cloned());
            if secret {
                into.extend(raw.public.iter().cloned());
            }
        };
        add(&self.title, everything);
        for (name, value) in &self.fields {
            add(
                value,
                everything || (self.niet_openbaar && name == "summary"),
            );
        }
        let mut refs: Vec<Vec<bool>> = vec![Vec::new(); self.footnotes.len()];
        let mut note_refs = |raw: &Raw, secret: bool| {
            for &(index, withheld) in &raw.refs {
                if let Some(list) = refs.get_mut(index) {
                    list.push(withheld || secret);
                }
            }
        };
        for chunk in &self.chunks {
            match chunk {
                Chunk::Raw(raw) => {
                    add(raw, body_secret);
                    note_refs(raw, body_secret);
                }
                Chunk::Section5 { title, content } => {
                    add(title, body_secret);
                    note_refs(title, body_secret);
                    let withheld = body_secret || self.decision != Some(Decision::Publish);
                    for raw in content {
                        add(raw, withheld);
                        note_refs(raw, withheld);
                    }
                }
            }
        }
        for (footnote, refs) in self.footnotes.iter().zip(refs) {
            // Unreferenced footnotes: whatever nota does with them is public.
            let withheld = body_secret || (!refs.is_empty() && refs.iter().all(|&s| s));
            add(footnote, withheld);
        }
    }
}

impl Site {
    /// Every token the site withholds.
    pub fn secrets(&self) -> BTreeSet<String> {
        let mut secrets = BTreeSet::new();
        for note in &self.notes {
            note.secrets(&mut secrets);
        }
        for (_, asset) in &self.assets {
            secrets.extend(asset.secret.iter().cloned());
        }
        secrets
    }
}

/// A title without a number that would make its line a list item in
/// Markdown (`5. …`, `5) …`): for titles that stand as paragraphs.
fn unlisted(title: &str) -> String {
    let digits = title.len() - title.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 && title[digits..].starts_with(['.', ')']) {
        title[digits + 1..]
            .trim_start_matches([' ', '\u{a0}'])
            .to_string()
    } else {
        title.to_string()
    }
}

fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

// ---------------------------------------------------------------------------
// The generator

const WORDS: &[&str] = &[
    "de",
    "minister",
    "besluit",
    "over",
    "het",
    "advies",
    "van",
    "de",
    "commissie",
    "en",
    "de",
    "gevolgen",
    "voor",
    "gemeenten",
    "in",
    "het",
    "voorjaar",
    "wordt",
    "de",
    "Kamer",
    "geïnformeerd",
    "over",
    "de",
    "uitvoering",
    "regeling",
    "subsidie",
    "toezicht",
    "politie",
    "brief",
    "beleid",
    "financiële",
    "overwegingen",
    "juridische",
    "context",
    "aanpak",
    "regio",
    "evaluatie",
];

const GROUNDS: &[&str] = &["5.1.2e", "5.1.2i", "5.1.1c", "5.1.2a", "5.2"];

/// Openers and closers as authors write them.
const OPENERS: &[&str] = &[
    "{lak G}",
    "{LAK G}",
    "{ lak G }",
    "{lak\u{a0}G}",
    "{lakG}",
    "{lak G }",
];
const CLOSERS: &[&str] = &["{/lak}", "{/LAK}", "{ /lak }", "{/ lak}", "{/lak\u{a0}}"];

/// How many of [`TITLES`] are nota's default titles (recognised anywhere).
const KNOWN_TITLES: usize = 4;

/// The real section-5 titles and the variants issue 13 names.
const TITLES: &[&str] = &[
    "Informatie die niet openbaar gemaakt kan worden",
    "Informatie die niet openbaar wordt gemaakt",
    "Informatie die zich niet leent voor openbaarmaking",
    "Informatie die niet openbaargemaakt kan worden",
    "Informatie die zich niet leent tot openbaarmaking",
    "Informatie die niet openbaar kan worden gemaakt",
    "Niet openbaar",
    "Niet openbare informatie",
    "Niet-openbare informatie",
    "Informatie die niet openbaar is",
    "Geen openbaarmaking",
];

const NUMBERS: &[&str] = &["", "5 ", "5. ", "5) ", "(5) ", "V. ", "4. ", "5.\u{a0}"];

/// Places a section-5 title can stand.
#[derive(Debug, Clone, Copy)]
enum Place {
    MainHeading,
    Setext,
    BoldParagraph,
    PlainParagraph,
    ListItem,
    TableHeader,
    TableRow,
    Quote,
    Footnote,
    SubHeading,
    /// The main section numbered 5, with another title.
    Numbered,
}

pub struct Generator {
    rng: Rng,
    tokens: u64,
    seed: u64,
    /// Whether this site also holds what nota must refuse (misplaced titles,
    /// markers where they cannot apply, copies of withheld text); the other
    /// sites hold only what builds, so that both roads are taken.
    adversarial: bool,
    /// Withheld passages as nota sees their text, for copies.
    passages: Vec<String>,
    /// The paragraphs of the section 5 being made: withheld passages once
    /// the note decides `redact`.
    section_passages: Vec<String>,
}

impl Generator {
    pub fn new(seed: u64) -> Self {
        Self {
            rng: Rng::new(seed),
            tokens: 0,
            seed,
            adversarial: false,
            passages: Vec::new(),
            section_passages: Vec::new(),
        }
    }

    /// A token nobody writes by chance: `qx` and ten letters.
    fn token(&mut self) -> String {
        self.tokens += 1;
        let mut token = String::from("qx");
        let mut n = self.rng.next_u64();
        for _ in 0..10 {
            token.push((b'a' + (n % 26) as u8) as char);
            n /= 26;
        }
        token
    }

    fn words(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| *self.rng.pick(WORDS))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Public text with a public token in it.
    fn public(&mut self, words: usize) -> Raw {
        let token = self.token();
        let mut raw = Raw::text(format!("{} {token} {}", self.words(words), self.words(2)));
        raw.public.push(token);
        raw
    }

    /// Secret words as a withheld passage holds them: a few words around
    /// tokens, sometimes with markup inside or a hidden character.
    fn secret_words(&mut self) -> (String, Vec<String>, String) {
        let first = self.token();
        let second = self.token();
        let count = self.rng.below(3) + 1;
        let plain = format!("{} {first} {second}", self.words(count));
        let written = match self.rng.below(6) {
            0 => format!("*{}*", plain),
            1 => plain.replacen(&first, &format!("**{first}**"), 1),
            2 => {
                let (a, b) = first.split_at(5);
                plain.replacen(&first, &format!("{a}\u{ad}{b}"), 1)
            }
            3 => plain.replacen(' ', "\u{a0}", 1),
            _ => plain.clone(),
        };
        (written, vec![first, second], plain)
    }

    fn marker_pair(&mut self) -> (String, String) {
        let ground = *self.rng.pick(GROUNDS);
        let opener = self.rng.pick(OPENERS).replace('G', ground);
        let closer = self.rng.pick(CLOSERS).to_string();
        (opener, closer)
    }

    /// An inline `{lak}` passage.
    fn inline_passage(&mut self) -> Raw {
        let (opener, closer) = self.marker_pair();
        let (written, tokens, plain) = self.secret_words();
        self.passages.push(plain);
        Raw {
            markdown: format!("{opener}{written}{closer}"),
            secret: tokens,
            ..Raw::default()
        }
    }

    /// A line of running text: public words, and maybe a passage, a link,
    /// an image, code, a comment or a footnote reference.
    fn inline(&mut self, footnotes: &mut Vec<Raw>, allow_refs: bool) -> Raw {
        let mut raw = self.public(4);
        for _ in 0..self.rng.below(3) {
            raw.push_str(" ");
            match self.rng.below(12) {
                0..=3 => raw.push(self.inline_passage()),
                4 => {
                    let mut link = Raw::text("[");
                    link.push(self.inline_passage());
                    link.push_str("](https://www.example.nl/dossier)");
                    raw.push(link);
                }
                5 => {
                    let (opener, closer) = self.marker_pair();
                    let (words, tokens, plain) = self.secret_words();
                    let target = self.token();
                    self.passages.push(plain);
                    raw.push(Raw {
                        markdown: format!(
                            "{opener}[{words}](https://www.example.nl/{target}){closer}"
                        ),
                        secret: [tokens, vec![target]].concat(),
                        ..Raw::default()
                    });
                }
                6 => {
                    let mut image = Raw::text("![Foto ");
                    image.push(self.inline_passage());
                    image.push_str("](foto.png)");
                    raw.push(image);
                }
                7 => {
                    let token = self.token();
                    raw.push(Raw {
                        markdown: format!("<!-- intern: {} {token} -->", self.words(2)),
                        secret: vec![token],
                        ..Raw::default()
                    });
                }
                8 => raw.push_str("`{lak 5.1.2e}`"),
                9 if allow_refs => {
                    let index = footnotes.len();
                    let note = self.public(3);
                    footnotes.push(note);
                    raw.push(Raw {
                        markdown: format!("[^n{index}]"),
                        refs: vec![(index, false)],
                        ..Raw::default()
                    });
                }
                10 if allow_refs => {
                    // A footnote referenced only from withheld text.
                    let index = footnotes.len();
                    let note = self.public(3);
                    footnotes.push(note);
                    let (opener, closer) = self.marker_pair();
                    let (words, tokens, plain) = self.secret_words();
                    self.passages.push(plain);
                    raw.push(Raw {
                        markdown: format!("{opener}{words}[^n{index}]{closer}"),
                        secret: tokens,
                        refs: vec![(index, true)],
                        ..Raw::default()
                    });
                }
                _ => raw.push(self.public(3)),
            }
        }
        raw
    }

    /// A block of the body, ending with a blank line.
    fn block(&mut self, main: u8, footnotes: &mut Vec<Raw>) -> Raw {
        let mut raw = match self.rng.below(14) {
            0..=3 => self.inline(footnotes, true),
            4 => {
                let level = main + self.rng.below(2) as u8;
                let mut heading = Raw::text(format!("{} ", "#".repeat(level.into())));
                heading.push(self.inline(footnotes, false));
                heading
            }
            5 => {
                let ordered = self.rng.chance(50);
                let mut list = Raw::default();
                for n in 1..=self.rng.below(3) + 1 {
                    list.push_str(&if ordered {
                        format!("{n}. ")
                    } else {
                        "- ".to_string()
                    });
                    list.push(self.inline(footnotes, true));
                    list.push_str("\n");
                    if self.rng.chance(20) {
                        list.push_str("   - ");
                        list.push(self.inline(footnotes, false));
                        list.push_str("\n");
                    }
                }
                list
            }
            6 => {
                let mut table = Raw::text("| Onderdeel | Toelichting |\n| --- | --- |\n");
                for _ in 0..self.rng.below(3) + 1 {
                    table.push_str("| ");
                    table.push(self.public(1));
                    table.push_str(" | ");
                    table.push(self.inline(footnotes, false));
                    table.push_str(" |\n");
                }
                table
            }
            7 => {
                let mut quote = Raw::text("> ");
                quote.push(self.inline(footnotes, false));
                quote
            }
            8 => {
                // A passage of whole blocks.
                let (opener, closer) = self.marker_pair();
                let mut inner = Raw::text(format!("{opener}\n\n"));
                let (words, tokens, plain) = self.secret_words();
                self.passages.push(plain);
                // Every withheld block holds a token: common words alone
                // ("de de") would be found elsewhere by chance.
                let listed = self.token();
                inner.push(Raw {
                    markdown: format!("{words}.\n\n- {} {listed}\n", self.words(2)),
                    secret: [tokens, vec![listed]].concat(),
                    ..Raw::default()
                });
                let mut item = self.public(3);
                item.markdown = format!("- {}\n\n| a | b |\n| --- | --- |\n| x | ", item.markdown);
                inner.push(item.withheld());
                let cell = self.token();
                inner.push(Raw {
                    markdown: format!("{cell} |\n\n{closer}"),
                    secret: vec![cell],
                    ..Raw::default()
                });
                inner
            }
            9 => {
                // A passage across list items and table cells.
                let (opener, closer) = self.marker_pair();
                let (a, b) = (self.token(), self.token());
                let mut raw = self.public(2);
                if self.rng.chance(50) {
                    // What follows the passage holds a token too: common
                    // words alone would be found elsewhere by chance.
                    let tail = self.public(1);
                    raw.markdown = format!(
                        "- {} {opener}{a}\n- {b}{closer} {}\n",
                        raw.markdown, tail.markdown
                    );
                    raw.public.extend(tail.public);
                } else {
                    raw.markdown = format!(
                        "| k | l |\n| --- | --- |\n| {} {opener}{a} | {b}{closer} |\n",
                        raw.markdown
                    );
                }
                raw.secret.extend([a, b]);
                raw
            }
            10 => {
                let token = self.token();
                Raw {
                    markdown: format!("<!--\nintern: {} {token}\n-->\n", self.words(3)),
                    secret: vec![token],
                    ..Raw::default()
                }
            }
            11 => {
                let mut code = self.public(2);
                code.markdown = format!("```\n{}\n{{lak 5.1.2e}}\n```\n", code.markdown);
                code
            }
            12 => {
                let level = main;
                let mut heading = self.inline(footnotes, false);
                heading.markdown = format!(
                    "{}\n{}\n",
                    heading.markdown,
                    if level == 1 { "===" } else { "---" }
                );
                if level > 2 {
                    // No setext form below level 2.
                    heading.markdown = format!(
                        "{} {}",
                        "#".repeat(level.into()),
                        heading.markdown.lines().next().unwrap_or("")
                    );
                }
                heading
            }
            _ => self.public(6),
        };
        raw.push_str("\n");
        raw
    }

    /// Something nota must refuse, with its tokens withheld by intent.
    fn broken(&mut self) -> Raw {
        let token = self.token();
        let markdown = match self.rng.below(7) {
            0 => format!("Tekst {{lak 5.1.2e}}{token} zonder einde.\n"),
            1 => format!("Code: `{{lak 5.1.2e}}{token}{{/lak}}`.\n"),
            2 => format!("```\n{{lak 5.1.2e}}\n{token}\n{{/lak}}\n```\n"),
            3 => format!("Tekst <!-- intern {token}\n\nmeer tekst.\n"),
            4 => format!("`<!-- {token} -->`\n"),
            5 => format!("[dossier](https://www.example.nl/{{lak5.1.2e}}{token}{{/lak}})\n"),
            _ => format!("Een {{l\u{200b}ak 5.1.2e}}{token}{{/lak}}.\n"),
        };
        Raw {
            markdown: format!("{markdown}\n"),
            secret: vec![token],
            ..Raw::default()
        }
    }

    /// A section-5 title in a form and a place, and what follows it.
    fn section5(&mut self, main: u8, footnotes: &mut Vec<Raw>) -> Chunk {
        let places: &[Place] = if self.adversarial {
            &[
                Place::MainHeading,
                Place::Setext,
                Place::BoldParagraph,
                Place::PlainParagraph,
                Place::ListItem,
                Place::TableHeader,
                Place::TableRow,
                Place::Quote,
                Place::Footnote,
                Place::SubHeading,
                Place::Numbered,
            ]
        } else {
            &[
                Place::MainHeading,
                Place::MainHeading,
                Place::MainHeading,
                Place::Setext,
                Place::BoldParagraph,
                Place::PlainParagraph,
                Place::Numbered,
            ]
        };
        let place = *self.rng.pick(places);
        let paragraph = matches!(place, Place::BoldParagraph | Place::PlainParagraph)
            || (matches!(place, Place::Setext) && main > 2);
        // A paragraph is a title only in a known wording; in other words it
        // is a doubt nota stops on.
        let title = if paragraph && !self.adversarial {
            self.known_title_text()
        } else {
            self.title_text()
        };
        let content = self.section_content(main, place);
        let h = |level: u8| "#".repeat(level.into());
        let first_token = self.token();
        let inside = |content: &[Raw], prefix: &str| -> Raw {
            let mut raw = Raw::default();
            for part in content {
                for line in part.markdown.lines() {
                    raw.push_str(&format!("{prefix}{line}\n"));
                }
                raw.secret.extend(part.secret.iter().cloned());
                raw.public.extend(part.public.iter().cloned());
            }
            raw
        };
        match place {
            Place::MainHeading => Chunk::Section5 {
                title: Raw::text(format!("{} {title}\n\n", h(main))),
                content,
            },
            Place::Setext if main <= 2 => Chunk::Section5 {
                title: Raw::text(format!(
                    "{}\n{}\n\n",
                    unlisted(&title),
                    if main == 1 { "====" } else { "----" }
                )),
                content,
            },
            Place::Setext | Place::BoldParagraph => Chunk::Section5 {
                title: Raw::text(format!("**{title}**\n\n")),
                content: content
                    .into_iter()
                    .filter(|c| !c.markdown.starts_with('#'))
                    .collect(),
            },
            Place::PlainParagraph => Chunk::Section5 {
                title: Raw::text(format!("{title}\n\n")),
                content: content
                    .into_iter()
                    .filter(|c| !c.markdown.starts_with('#'))
                    .collect(),
            },
            Place::ListItem => {
                let mut raw = Raw::text(format!("4. Kernpunten\n5. {title}\n6. {first_token}\n\n"));
                raw.secret.push(first_token);
                let withheld = inside(&content, "   ");
                raw.push(withheld.withheld());
                Chunk::Raw(raw)
            }
            Place::TableHeader | Place::TableRow => {
                let mut raw = if matches!(place, Place::TableHeader) {
                    Raw::text(format!("| {title} |\n| --- |\n| {first_token} |\n"))
                } else {
                    Raw::text(format!(
                        "| Onderdeel |\n| --- |\n| {title} |\n| {first_token} |\n"
                    ))
                };
                raw.secret.push(first_token);
                Chunk::Raw(raw)
            }
            Place::Quote => {
                let mut raw = Raw::text(format!("> {title}\n>\n> {first_token}\n"));
                raw.secret.push(first_token);
                Chunk::Raw(raw)
            }
            Place::Footnote => {
                let index = footnotes.len();
                let mut note = Raw::text(format!(
                    "Zie de toelichting.\n\n    {title}\n\n    {first_token}\n"
                ));
                note.secret.push(first_token);
                footnotes.push(note);
                let mut raw = self.public(3);
                raw.push(Raw {
                    markdown: format!("[^n{index}].\n"),
                    refs: vec![(index, false)],
                    ..Raw::default()
                });
                Chunk::Raw(raw)
            }
            Place::SubHeading => {
                // Nested in another section, nota refuses it; but under a
                // lone `#` that opens the note, that `#` is the note's title
                // and this is section 5 after all, under the note's decision.
                let mut title_raw = Raw::text(format!("{} Toelichting\n\n", h(main)));
                title_raw.push(self.public(4));
                title_raw.push_str(&format!("\n\n{} {title}\n\n", h(main + 1)));
                let mut first = Raw::text(format!("{first_token}\n\n"));
                first.public.push(first_token);
                Chunk::Section5 {
                    title: title_raw,
                    content: vec![first],
                }
            }
            Place::Numbered => {
                let mut outline = Raw::default();
                for (n, name) in [
                    "Aanleiding",
                    "Geadviseerd besluit",
                    "Kernpunten",
                    "Toelichting",
                ]
                .iter()
                .enumerate()
                {
                    outline.push_str(&format!("{} {}. {name}\n\n", h(main), n + 1));
                    outline.push(self.public(4));
                    outline.push_str("\n\n");
                }
                let other = *self
                    .rng
                    .pick(&["Overige punten", "Communicatie", "Bijlagen", &title]);
                outline.push_str(&format!("{} 5. {other}\n\n", h(main)));
                Chunk::Section5 {
                    title: outline,
                    content,
                }
            }
        }
    }

    /// A section-5 title with its variations of form.
    fn title_text(&mut self) -> String {
        let title = self.rng.pick(TITLES).to_string();
        self.vary_title(title)
    }

    /// One of the default titles, with its variations of form.
    fn known_title_text(&mut self) -> String {
        let title = self.rng.pick(&TITLES[..KNOWN_TITLES]).to_string();
        let varied = self.vary_title(title);
        unlisted(&varied)
    }

    fn vary_title(&mut self, mut title: String) -> String {
        match self.rng.below(9) {
            0 => title = title.to_uppercase(),
            1 => title = title.to_lowercase(),
            2 => title.push(':'),
            3 => title = title.replacen(" ", "\u{a0}", 2),
            4 => title = title.replacen("openbaar", "open\u{ad}baar", 1),
            5 => title = title.replacen("niet", "ni\u{200b}et", 1),
            6 => title = format!("*{title}*"),
            7 => title = title.replacen("niet", "**niet**", 1),
            _ => {}
        }
        format!("{}{title}", self.rng.pick(NUMBERS))
    }

    /// The body of a section 5: paragraphs, sub-sections (also one that
    /// repeats the title), a list, a table, a passage; or "Niet van
    /// toepassing".
    fn section_content(&mut self, main: u8, place: Place) -> Vec<Raw> {
        if self.rng.chance(10) {
            return vec![Raw::text("Niet van toepassing.\n")];
        }
        let mut content = Vec::new();
        for _ in 0..self.rng.below(3) + 1 {
            let (words, tokens, plain) = self.secret_words();
            // Withheld only if the note decides `redact`: see `note`.
            self.section_passages.push(format!("{plain}."));
            let mut raw = Raw {
                markdown: format!("{words}.\n\n"),
                public: tokens,
                ..Raw::default()
            };
            match self.rng.below(8) {
                0 if matches!(place, Place::MainHeading | Place::Numbered) => {
                    let title = self.title_text();
                    raw.markdown = format!(
                        "{} 5.{}. {}\n\n{}",
                        "#".repeat((main + 1).into()),
                        self.rng.below(3) + 1,
                        title.trim_start_matches(
                            |c: char| c.is_ascii_digit() || "().V \u{a0}".contains(c)
                        ),
                        raw.markdown
                    );
                }
                1 => {
                    raw.markdown = format!(
                        "{} 5.1 Toelichting\n\n{}",
                        "#".repeat((main + 1).into()),
                        raw.markdown
                    )
                }
                2 => {
                    let token = self.token();
                    raw.markdown
                        .push_str(&format!("- {} {token}\n\n", self.words(2)));
                    raw.public.push(token);
                }
                3 => {
                    let token = self.token();
                    raw.markdown.push_str(&format!(
                        "| Naam | Functie |\n| --- | --- |\n| {token} | {} |\n\n",
                        self.words(1)
                    ));
                    raw.public.push(token);
                }
                4 => {
                    raw.push(self.inline_passage());
                    raw.push_str("\n\n");
                }
                5 => {
                    // Real sections cite their ground in the words nota
                    // prints about it too.
                    let token = self.token();
                    // A token at either end: the words in between are
                    // nota's own, which the guard must not take as a leak.
                    let after = self.token();
                    raw.markdown.push_str(&format!(
                        "{token} eerbiediging van de persoonlijke levenssfeer (artikel 5.1, tweede lid, onder e, Woo) {after}.\n\n"
                    ));
                    raw.public.extend([token, after]);
                }
                _ => {}
            }
            content.push(raw);
        }
        content
    }

    /// A withheld passage as nota sees its text, to copy to a public place.
    fn copy(&mut self) -> Option<String> {
        if self.passages.is_empty() {
            return None;
        }
        Some(self.rng.pick(&self.passages).clone())
    }

    /// `copy` as an author could write it in Markdown: the same words in
    /// another case, with markup or character references between them or a
    /// soft hyphen inside.
    fn in_markdown(&mut self, copy: &str) -> String {
        match self.rng.below(6) {
            0 => copy.to_uppercase(),
            1 => copy
                .split(' ')
                .map(|w| format!("*{w}*"))
                .collect::<Vec<_>>()
                .join(" "),
            2 => copy.replace(' ', "&nbsp;"),
            3 => copy.replace(' ', "&#32;"),
            4 => copy.replacen("qx", "q\u{ad}x", 1),
            _ => copy.to_string(),
        }
    }

    /// `copy` as plain text in a front-matter field.
    fn in_field(&mut self, copy: &str) -> String {
        match self.rng.below(4) {
            0 => copy.to_uppercase(),
            1 => copy.replace(' ', "\u{a0}"),
            2 => copy.replace(' ', "&#32;"),
            _ => copy.to_string(),
        }
    }

    /// `copy` in a URL: spaces or every character percent-encoded.
    fn in_url(&mut self, copy: &str) -> String {
        if self.rng.chance(50) {
            copy.replace(' ', "%20")
        } else {
            copy.bytes().map(|b| format!("%{b:02X}")).collect()
        }
    }

    fn note(&mut self, index: usize) -> Note {
        let main: u8 = *self.rng.pick(&[2, 2, 2, 1, 3]);
        let mut footnotes = Vec::new();
        let mut chunks = Vec::new();
        if main == 2 && self.rng.chance(30) {
            chunks.push(Chunk::Raw(Raw::text("# Beslisnota\n")));
        }
        for _ in 0..self.rng.below(6) + 1 {
            chunks.push(Chunk::Raw(self.block(main, &mut footnotes)));
        }
        let section5 = self.rng.chance(70);
        // After the note's own title, if it opens with one.
        let first = usize::from(
            matches!(chunks.first(), Some(Chunk::Raw(r)) if r.markdown == "# Beslisnota\n"),
        );
        if section5 {
            let at = first + self.rng.below(chunks.len() + 1 - first);
            let chunk = self.section5(main, &mut footnotes);
            let numbered = matches!(&chunk, Chunk::Section5 { title, .. } if title.markdown.contains(" 4. Toelichting"));
            let is_section = matches!(chunk, Chunk::Section5 { .. });
            chunks.insert(at, chunk);
            // As in real notes, the next main section ends it.
            if is_section && at + 1 < chunks.len() {
                let next = if numbered { "6. Bijlagen" } else { "Bijlagen" };
                let heading = format!("{} {next}\n", "#".repeat(main.into()));
                chunks.insert(at + 1, Chunk::Raw(Raw::text(heading)));
            }
        }
        if self.adversarial && self.rng.chance(20) {
            let broken = self.broken();
            let at = first + self.rng.below(chunks.len() + 1 - first);
            chunks.insert(at, Chunk::Raw(broken));
        }
        let decision = match self.rng.below(10) {
            0..=4 if section5 => Some(Decision::Redact),
            5..=7 if section5 => Some(Decision::Publish),
            8 if section5 && !self.adversarial => Some(Decision::Redact),
            8 => Some(*self.rng.pick(&[Decision::Redact, Decision::Publish])),
            _ if section5 && !self.adversarial => Some(Decision::Publish),
            _ => None,
        };
        let section_passages = std::mem::take(&mut self.section_passages);
        if decision == Some(Decision::Redact) {
            self.passages.extend(section_passages);
        }
        let mut title = self.public(3);
        if self.rng.chance(15) {
            title.push_str(" ");
            title.push(self.inline_passage());
        }
        let mut fields: Vec<(String, Raw)> = Vec::new();
        let type_ = *self
            .rng
            .pick(&["beslisnota", "kamerbrief", "beleidsreactie"]);
        fields.push(("type".into(), Raw::text(quote(type_))));
        if self.rng.chance(50) {
            let mut summary = self.public(5);
            if self.rng.chance(25) {
                summary.push_str(" ");
                summary.push(self.inline_passage());
            }
            if self.adversarial && self.rng.chance(10) {
                summary.push_str(" <!-- intern -->");
            }
            summary.markdown = quote(&summary.markdown);
            fields.push(("summary".into(), summary));
        }
        if self.rng.chance(60) {
            let mut topics = vec![
                quote(&self.words(1)),
                quote(&format!("{} {}", self.words(1), self.token())),
            ];
            let mut field = Raw::default();
            if self.adversarial && self.rng.chance(10) {
                let passage = self.inline_passage();
                topics.push(quote(&passage.markdown));
                field.secret = passage.secret;
            }
            field.markdown = format!("[{}]", topics.join(", "));
            fields.push(("topics".into(), field));
        }
        if self.rng.chance(50) {
            let mut kenmerk = Raw::text(format!("{}-{index}", self.rng.below(90000) + 10000));
            if self.adversarial && self.rng.chance(10) {
                let token = self.token();
                kenmerk = Raw {
                    markdown: format!("{{lak 5.1.2e}}{token}{{/lak}}"),
                    secret: vec![token],
                    ..Raw::default()
                };
            }
            kenmerk.markdown = quote(&kenmerk.markdown);
            fields.push(("kenmerk".into(), kenmerk));
        }
        if self.rng.chance(20) {
            fields.push((
                "slug".into(),
                Raw::text(quote(&format!("nota-{index}-{}", self.token()))),
            ));
        }
        if self.rng.chance(20) {
            fields.push((
                "organisation".into(),
                Raw::text(quote("Ministerie van Justitie en Veiligheid")),
            ));
        }
        // Roads by which a withheld passage could reach the output.
        if self.adversarial
            && self.rng.chance(25)
            && let Some(copy) = self.copy()
        {
            let h = "#".repeat(main.into());
            match self.rng.below(6) {
                0 => {
                    let copy = self.in_field(&copy);
                    fields.push(("summary".into(), Raw::text(quote(&format!("Over {copy}")))));
                }
                1 => {
                    let copy = self.in_field(&copy);
                    title.push_str(&format!(" {copy}"));
                }
                2 => {
                    let copy = self.in_markdown(&copy);
                    chunks.push(Chunk::Raw(Raw::text(format!("Zoals gezegd: {copy}.\n"))));
                }
                3 => {
                    let copy = self.in_url(&copy);
                    chunks.push(Chunk::Raw(Raw::text(format!(
                        "[bron](https://www.example.nl/zoek?q={copy})\n"
                    ))));
                }
                4 => chunks.push(Chunk::Raw(Raw::text(format!("![{copy}](foto.png)\n")))),
                _ => chunks.push(Chunk::Raw(Raw::text(format!("{h} {copy}\n")))),
            }
        }
        fields.retain({
            let mut seen = BTreeSet::new();
            move |(name, _)| seen.insert(name.clone())
        });
        let date = format!(
            "{}-{:02}-{:02}",
            2022 + self.rng.below(4),
            self.rng.below(12) + 1,
            self.rng.below(28) + 1
        );
        Note {
            path: format!("{}/nota-{index}.md", 2022 + index % 3),
            toml: self.rng.chance(15),
            title,
            date,
            fields,
            decision,
            draft: self.rng.chance(8),
            niet_openbaar: self.rng.chance(6),
            chunks,
            footnotes,
        }
    }

    /// A whole site: one to four notes, and now and then a copied file.
    pub fn site(mut self) -> Site {
        self.adversarial = self.rng.chance(45);
        let mut notes = Vec::new();
        for index in 0..self.rng.below(4) + 1 {
            notes.push(self.note(index));
        }
        let mut assets = Vec::new();
        if self.adversarial
            && self.rng.chance(10)
            && let Some(copy) = self.copy()
        {
            let asset = if self.rng.chance(50) {
                ("bijlage.txt".to_string(), format!("Bijlage: {copy}\n"))
            } else {
                let escaped = copy.replace('q', "\\u0071").replace(' ', "\\n");
                (
                    "zoekindex.json".to_string(),
                    format!("{{\"tekst\": \"{escaped}\"}}\n"),
                )
            };
            assets.push((asset.0, Raw::text(asset.1)));
        }
        Site {
            seed: self.seed,
            adversarial: self.adversarial,
            notes,
            assets,
        }
    }
}
