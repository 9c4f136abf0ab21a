//! Masking found values for messages.
//!
//! Build logs of CI systems are often public, and `nota check --format json`
//! output is passed around: a finding must say *where* the personal data is
//! without repeating it. A masked value keeps its length and its separators
//! (so the caret under it still lines up and a reader recognises the shape:
//! `06-******78`, `j.d****es@minjenv.nl`) and shows at most four of its
//! letters and digits: two at each end of a long value, one at the start of
//! a short one, none of a very short one.

/// The masking character.
pub const MASK: char = '*';

/// `value` with all but a few letters and digits replaced by `*`.
pub fn mask(value: &str) -> String {
    if let Some((local, domain)) = value.split_once('@') {
        // The domain of an address is the organisation's, not the person's.
        return format!("{}@{domain}", mask(local));
    }
    let total = value.chars().filter(|c| c.is_alphanumeric()).count();
    let (head, tail) = match total {
        0..=3 => (0, 0),
        4..=7 => (1, 0),
        _ => (2, 2),
    };
    let mut seen = 0;
    value
        .chars()
        .map(|c| {
            if !c.is_alphanumeric() {
                return c;
            }
            seen += 1;
            if seen <= head || seen > total - tail {
                c
            } else {
                MASK
            }
        })
        .collect()
}

/// `line` with the character ranges in `spans` (start column, width, both in
/// characters, 1-based columns) masked.
pub fn mask_line(line: &str, spans: &[(usize, usize)]) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out: Vec<char> = chars.clone();
    for &(column, width) in spans {
        let start = column.saturating_sub(1).min(chars.len());
        let end = (start + width).min(chars.len());
        let original: String = chars[start..end].iter().collect();
        for (slot, c) in out[start..end].iter_mut().zip(mask(&original).chars()) {
            *slot = c;
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_shape_and_show_little() {
        assert_eq!(mask("123456782"), "12*****82");
        assert_eq!(mask("06-12345678"), "06-******78");
        assert_eq!(mask("j.devries@minjenv.nl"), "j.d****es@minjenv.nl");
        assert_eq!(mask("Jansen"), "J*****");
        assert_eq!(mask("J. de Vries"), "J. d* ***es");
        assert_eq!(mask("Bos"), "***");
        assert_eq!(mask("NL91 ABNA 0417 1643 00"), "NL** **** **** **** 00");
    }

    #[test]
    fn masks_a_span_of_a_line() {
        assert_eq!(
            mask_line("BSN 123456782 van Jan", &[(5, 9)]),
            "BSN 12*****82 van Jan"
        );
        assert_eq!(mask_line("kort", &[(3, 10)]), "ko**");
    }

    use crate::personal_data::Lcg;

    #[test]
    fn generated_values_never_show_more_than_four_characters() {
        let alphabet: Vec<char> = "abcXYZ0189 -.é@ĳ".chars().collect();
        let mut rng = Lcg(14);
        for _ in 0..5_000 {
            let len = (rng.next() % 30) as usize;
            let value: String = (0..len)
                .map(|_| alphabet[(rng.next() % alphabet.len() as u64) as usize])
                .collect();
            let masked = mask(&value);
            assert_eq!(masked.chars().count(), value.chars().count(), "{value:?}");
            let shown = masked.chars().filter(|c| c.is_alphanumeric()).count();
            let hidden_part = value.split_once('@').map_or(value.as_str(), |(l, _)| l);
            let local_total = hidden_part.chars().filter(|c| c.is_alphanumeric()).count();
            let domain_shown = value.split_once('@').map_or(0, |(_, d)| {
                d.chars().filter(|c| c.is_alphanumeric()).count()
            });
            assert!(shown - domain_shown <= 4, "{value:?} → {masked:?}");
            assert!(
                shown - domain_shown <= local_total / 2 || local_total == 0,
                "{value:?} → {masked:?}"
            );
        }
    }
}
