//! What search takes from one page: its distinct words, where they stand
//! and how often.

use rustc_hash::FxHashMap as HashMap;

use super::stem::is_stop_word;
use super::text::{Field, Walker, fold_into};
use crate::page::Page;

/// One distinct word of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteWord {
    /// Folded.
    pub word: Box<str>,
    /// The weightiest field it appears in.
    pub field: Field,
    /// In which fields it appears (bits of [`field_bit`]).
    pub fields: u8,
    /// How often it appears.
    pub count: u32,
    /// Its positions, increasing.
    pub positions: Vec<u32>,
}

/// The bit of a field in [`NoteWord::fields`].
pub fn field_bit(field: Field) -> u8 {
    match field {
        Field::Title => 1,
        Field::Heading => 2,
        Field::Meta => 4,
        Field::Body => 8,
    }
}

/// The indexed words of a page, in order of first appearance. Stop words
/// and one-letter words are not indexed (their positions still count).
pub fn words_of(page: &Page) -> Vec<NoteWord> {
    let mut walker = Walker::new();
    walker.text(&page.meta.title, Field::Title);
    if let Some(kenmerk) = &page.meta.kenmerk {
        walker.text(kenmerk, Field::Meta);
    }
    for topic in &page.meta.topics {
        walker.text(topic, Field::Meta);
    }
    walker.html(&page.content);
    collect(walker.finish())
}

fn collect(found: Vec<super::text::Found<'_>>) -> Vec<NoteWord> {
    let mut words: Vec<NoteWord> = Vec::new();
    let mut index: HashMap<Box<str>, usize> = HashMap::default();
    let mut folded = String::new();
    for f in found {
        fold_into(f.word, &mut folded);
        if folded.chars().nth(1).is_none() || is_stop_word(&folded) {
            continue;
        }
        match index.get(folded.as_str()) {
            Some(&at) => {
                let word = &mut words[at];
                word.field = word.field.min(f.field);
                word.fields |= field_bit(f.field);
                word.count += 1;
                word.positions.push(f.position);
            }
            None => {
                let word: Box<str> = folded.as_str().into();
                index.insert(word.clone(), words.len());
                words.push(NoteWord {
                    word,
                    field: f.field,
                    fields: field_bit(f.field),
                    count: 1,
                    positions: vec![f.position],
                });
            }
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_gives_its_title_meta_and_body_words_folded_without_stop_words() {
        let mut page = Page::sample(
            "/2024/x/",
            "2024-05-01",
            "Financiële steun voor de gemeenten",
        );
        page.meta.kenmerk = Some("BZK/2024-12".into());
        page.meta.topics = vec!["Jeugdzorg".into()];
        page.content = "<h2 id=\"a\">Gemeenten</h2>\n<p>De gemeenten krijgen steun.</p>".into();
        let words = words_of(&page);
        let summary: Vec<(&str, Field, u32)> =
            words.iter().map(|w| (&*w.word, w.field, w.count)).collect();
        assert_eq!(
            summary,
            [
                ("financiele", Field::Title, 1),
                ("steun", Field::Title, 2),
                ("gemeenten", Field::Title, 3),
                ("bzk", Field::Meta, 1),
                ("2024", Field::Meta, 1),
                ("12", Field::Meta, 1),
                ("jeugdzorg", Field::Meta, 1),
                ("krijgen", Field::Body, 1),
            ]
        );
        let gemeenten = &words[2];
        assert_eq!(
            gemeenten.fields,
            field_bit(Field::Title) | field_bit(Field::Heading) | field_bit(Field::Body)
        );
        assert!(gemeenten.positions.windows(2).all(|w| w[0] < w[1]));
    }
}
