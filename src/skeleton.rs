//! The skeletons `nota new` writes, and how to tell that a note still holds
//! one.
//!
//! A skeleton is a list of headings with nothing under them, plus a few
//! placeholder sentences. `nota new` writes it as a draft; the Markdown stage
//! uses the same texts to recognise a note that was published before anyone
//! wrote it (empty sections, placeholders) and to keep placeholders and
//! salutations out of the derived summary. Keeping both sides here means a
//! change to a skeleton can never leave the recognition behind.

/// The body of a new beslisnota: the standard numbered sections.
pub const BESLISNOTA: &str = "## 1. Aanleiding

## 2. Geadviseerd besluit

## 3. Kernpunten

## 4. Toelichting

### 4.1 Politieke context

### 4.2 Financiële overwegingen

### 4.3 Juridische overwegingen

### 4.4 Krachtenveld

### 4.5 Strategie

### 4.6 Uitvoering

### 4.7 Implementatie

### 4.8 Communicatie

### 4.9 Ontwikkelingen hiervoor

## 5. Informatie die zich niet leent voor openbaarmaking

Niet van toepassing.
";

/// The body of a new Kamerbrief.
pub const KAMERBRIEF: &str = "Geachte voorzitter,

Met deze brief informeer ik uw Kamer over …

## Aanleiding

## Inhoud

## Vervolg
";

/// The body of a new beleidsreactie.
pub const BELEIDSREACTIE: &str = "## Aanleiding

## Reactie op de aanbevelingen

## Tot slot
";

/// Sentences of the skeletons that stand for text still to be written.
const PLACEHOLDERS: &[&str] = &["Met deze brief informeer ik uw Kamer over …"];

/// The length in bytes of the longest placeholder: a paragraph whose plain
/// text (whitespace already squeezed) is longer is none of them, and need
/// not be made whole to tell (`...` and `…` are both three bytes).
pub const LONGEST_PLACEHOLDER: usize = longest(PLACEHOLDERS);

const fn longest(texts: &[&str]) -> usize {
    let mut longest = 0;
    let mut i = 0;
    while i < texts.len() {
        if texts[i].len() > longest {
            longest = texts[i].len();
        }
        i += 1;
    }
    longest
}

/// Whether a paragraph is a skeleton's placeholder sentence (spacing and a
/// typed `...` instead of `…` do not matter).
pub fn is_placeholder(paragraph: &str) -> bool {
    let text = squeeze(&paragraph.replace("...", "…"));
    PLACEHOLDERS.iter().any(|p| squeeze(p) == text)
}

/// Whether a paragraph is the salutation of a letter ("Geachte voorzitter,",
/// "Beste collega's,"): a short line that opens with a form of address and
/// ends with a comma. It says nothing about the note, so it is never its
/// summary.
pub fn is_salutation(paragraph: &str) -> bool {
    let text = paragraph.trim();
    let lower = text.to_lowercase();
    text.ends_with(',')
        && text.split_whitespace().count() <= 8
        && ["geachte ", "beste ", "aan de ", "hooggeachte "]
            .iter()
            .any(|opening| lower.starts_with(opening))
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_recognised_with_any_spacing_and_dots() {
        assert!(is_placeholder(
            "Met deze brief informeer ik uw Kamer over …"
        ));
        assert!(is_placeholder(
            "Met deze  brief informeer ik\nuw Kamer over ..."
        ));
        assert!(!is_placeholder(
            "Met deze brief informeer ik uw Kamer over de stand van zaken."
        ));
    }

    #[test]
    fn salutations_are_short_addresses_ending_in_a_comma() {
        assert!(is_salutation("Geachte voorzitter,"));
        assert!(is_salutation("Geachte mevrouw de voorzitter,"));
        assert!(is_salutation("Beste collega's,"));
        assert!(!is_salutation("Geachte voorzitter"));
        assert!(!is_salutation(
            "Beste lezer, in deze nota leest u waarom het kabinet kiest voor een regionale aanpak,"
        ));
        assert!(!is_salutation("Het kabinet besluit,"));
    }

    #[test]
    fn every_skeleton_placeholder_is_in_a_skeleton() {
        for placeholder in PLACEHOLDERS {
            assert!(
                [BESLISNOTA, KAMERBRIEF, BELEIDSREACTIE]
                    .iter()
                    .any(|s| s.contains(placeholder)),
                "{placeholder}"
            );
        }
    }
}
