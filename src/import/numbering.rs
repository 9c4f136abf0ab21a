//! Word's automatic numbering (`numbering.xml`), replayed in document order.
//!
//! Word does not store the number a reader sees ("4.1"): it stores a list
//! definition (`abstractNum`) with a format per level (`lvlText` such as
//! `%1.%2`, `numFmt` such as `decimal`), an instance of it (`num`) that
//! paragraphs point at, and leaves the counting to whoever displays the
//! document. Converters that skip this lose every heading number, so the
//! importer counts the way Word does: one counter per level of each list
//! definition, shared by the instances that point at it, a level restarting
//! when a higher level moves on, and `startOverride` restarting an instance.

use std::collections::{HashMap, HashSet};

use super::styles::NumRef;
use super::xml::Element;

#[derive(Debug, Clone)]
struct Level {
    start: u32,
    format: String,
    text: String,
    /// `isLgl`: every level shown as a decimal number (legal numbering).
    legal: bool,
    /// The paragraph style this level belongs to (`w:pStyle`).
    style: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Abstract {
    levels: HashMap<u8, Level>,
}

#[derive(Debug, Clone)]
struct Instance {
    abstract_id: String,
    /// Level → the start value an override sets.
    start_overrides: HashMap<u8, u32>,
    /// Level → a level definition that replaces the abstract one.
    level_overrides: HashMap<u8, Level>,
}

/// How a numbered paragraph is marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Marker {
    Bullet,
    /// A decimal number, with the character after it (`.` or `)`).
    Number(u32, char),
    /// Anything else as shown: "a.", "iv)", "4.1", "Artikel 3".
    Label(String),
}

/// A paragraph's place in a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Numbered {
    pub level: u8,
    pub marker: Marker,
    /// The text Word shows before the paragraph, e.g. "4.1" or "•".
    pub shown: String,
}

/// The definitions plus the counters of the walk so far.
#[derive(Debug, Default)]
pub struct Numbering {
    abstracts: HashMap<String, Abstract>,
    instances: HashMap<u32, Instance>,
    counters: HashMap<String, [Option<u32>; 9]>,
    started: HashSet<u32>,
}

impl Numbering {
    pub fn read(root: Option<&Element>) -> Self {
        let mut out = Self::default();
        let Some(root) = root else {
            return out;
        };
        for def in root.elements().filter(|e| e.is("abstractNum")) {
            let Some(id) = def.attr("abstractNumId") else {
                continue;
            };
            let levels = def
                .elements()
                .filter(|e| e.is("lvl"))
                .filter_map(|l| Some((l.attr("ilvl")?.parse().ok()?, read_level(l))))
                .collect();
            out.abstracts.insert(id.to_string(), Abstract { levels });
        }
        for num in root.elements().filter(|e| e.is("num")) {
            let (Some(id), Some(abstract_id)) = (
                num.attr("numId").and_then(|v| v.parse().ok()),
                num.child_val("abstractNumId"),
            ) else {
                continue;
            };
            let mut instance = Instance {
                abstract_id: abstract_id.to_string(),
                start_overrides: HashMap::new(),
                level_overrides: HashMap::new(),
            };
            for over in num.elements().filter(|e| e.is("lvlOverride")) {
                let Some(level) = over.attr("ilvl").and_then(|v| v.parse().ok()) else {
                    continue;
                };
                if let Some(start) = over.child_val("startOverride").and_then(|v| v.parse().ok()) {
                    instance.start_overrides.insert(level, start);
                }
                if let Some(lvl) = over.child("lvl") {
                    instance.level_overrides.insert(level, read_level(lvl));
                }
            }
            out.instances.insert(id, instance);
        }
        out
    }

    /// Counts one paragraph numbered by `num`, whose paragraph style is
    /// `style` (a list level may be tied to a style instead of an `ilvl`).
    /// `None` for "no numbering" (`numId` 0, an unknown list, format `none`
    /// with no text).
    pub fn next(&mut self, num: NumRef, style: Option<&str>) -> Option<Numbered> {
        let instance = self.instances.get(&num.num_id)?.clone();
        let definition = self.abstracts.get(&instance.abstract_id)?;
        let level = num
            .level
            .or_else(|| {
                definition
                    .levels
                    .iter()
                    .find(|(_, l)| l.style.is_some() && l.style.as_deref() == style)
                    .map(|(i, _)| *i)
            })
            .unwrap_or(0)
            .min(8);
        let level_def = |i: u8| -> Option<Level> {
            instance
                .level_overrides
                .get(&i)
                .or_else(|| definition.levels.get(&i))
                .cloned()
        };
        let this = level_def(level)?;
        let starts: Vec<u32> = (0..9u8)
            .map(|i| {
                instance
                    .start_overrides
                    .get(&i)
                    .copied()
                    .or_else(|| level_def(i).map(|l| l.start))
                    .unwrap_or(1)
            })
            .collect();
        let counters = self
            .counters
            .entry(instance.abstract_id.clone())
            .or_insert([None; 9]);
        if self.started.insert(num.num_id) {
            for &over in instance.start_overrides.keys() {
                counters[usize::from(over.min(8))] = None;
            }
        }
        let index = usize::from(level);
        counters[index] = Some(match counters[index] {
            Some(n) => n + 1,
            None => starts[index],
        });
        for deeper in counters.iter_mut().skip(index + 1) {
            *deeper = None;
        }
        let value = |i: usize| counters[i].unwrap_or(starts[i]);
        let mut shown = String::new();
        let mut chars = this.text.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek().and_then(|d| d.to_digit(10))) {
                ('%', Some(d @ 1..=9)) => {
                    chars.next();
                    let i = (d - 1) as usize;
                    let format = if this.legal {
                        "decimal".to_string()
                    } else {
                        level_def(i as u8).map_or_else(|| "decimal".to_string(), |l| l.format)
                    };
                    shown.push_str(&format_number(value(i), &format));
                }
                _ => shown.push(c),
            }
        }
        let shown = shown.trim().to_string();
        let marker = match this.format.as_str() {
            "bullet" => Marker::Bullet,
            "none" if shown.is_empty() => return None,
            "decimal" | "decimalZero" if this.text == format!("%{}.", level + 1) => {
                Marker::Number(value(index), '.')
            }
            "decimal" | "decimalZero" if this.text == format!("%{})", level + 1) => {
                Marker::Number(value(index), ')')
            }
            _ => Marker::Label(shown.clone()),
        };
        Some(Numbered {
            level,
            marker,
            shown,
        })
    }
}

fn read_level(lvl: &Element) -> Level {
    Level {
        start: lvl
            .child_val("start")
            .and_then(|v| v.parse().ok())
            .unwrap_or(1),
        format: lvl.child_val("numFmt").unwrap_or("decimal").to_string(),
        text: lvl.child_val("lvlText").unwrap_or_default().to_string(),
        legal: lvl
            .child("isLgl")
            .is_some_and(|e| !matches!(e.attr("val"), Some("0" | "false" | "off"))),
        style: lvl.child_val("pStyle").map(str::to_string),
    }
}

/// A counter value in a Word number format.
fn format_number(n: u32, format: &str) -> String {
    match format {
        "lowerLetter" => letters(n, b'a'),
        "upperLetter" => letters(n, b'A'),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        "decimalZero" if n < 10 => format!("0{n}"),
        "bullet" | "none" => String::new(),
        _ => n.to_string(),
    }
}

/// a, b, …, z, aa, bb, … (Word repeats the letter).
fn letters(n: u32, base: u8) -> String {
    if n == 0 {
        return String::new();
    }
    let letter = char::from(base + ((n - 1) % 26) as u8);
    std::iter::repeat_n(letter, ((n - 1) / 26 + 1) as usize).collect()
}

fn roman(mut n: u32) -> String {
    const TABLE: &[(u32, &str)] = &[
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for &(value, digits) in TABLE {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::xml;

    const OUTLINE: &str = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
      <w:abstractNum w:abstractNumId="7">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:pStyle w:val="Kop1"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
    </w:numbering>"#;

    fn shown(n: &mut Numbering, num_id: u32, level: Option<u8>) -> String {
        n.next(NumRef { num_id, level }, Some("Kop1"))
            .unwrap()
            .shown
    }

    #[test]
    fn counts_outline_numbers_like_word() {
        let root = xml::parse(OUTLINE.as_bytes()).unwrap();
        let mut n = Numbering::read(Some(&root));
        assert_eq!(shown(&mut n, 1, None), "1.");
        assert_eq!(shown(&mut n, 1, Some(1)), "1.1");
        assert_eq!(shown(&mut n, 1, Some(1)), "1.2");
        assert_eq!(shown(&mut n, 1, Some(2)), "a)");
        assert_eq!(shown(&mut n, 1, Some(2)), "b)");
        assert_eq!(shown(&mut n, 1, Some(0)), "2.");
        assert_eq!(shown(&mut n, 1, Some(1)), "2.1");
        // Another instance of the same list continues it…
        assert_eq!(shown(&mut n, 1, Some(0)), "3.");
        // …unless it overrides the start.
        assert_eq!(shown(&mut n, 2, Some(0)), "5.");
        assert_eq!(shown(&mut n, 2, Some(0)), "6.");
        assert!(
            n.next(
                NumRef {
                    num_id: 0,
                    level: None
                },
                None
            )
            .is_none()
        );
    }

    #[test]
    fn formats_letters_and_roman_numbers() {
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(1994, "upperRoman"), "MCMXCIV");
        assert_eq!(format_number(4, "lowerRoman"), "iv");
    }
}
