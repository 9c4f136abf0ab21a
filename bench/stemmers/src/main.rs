//! Dutch stemmers side by side on the words of real and generated notes:
//!
//!     cargo run --release --manifest-path bench/stemmers/Cargo.toml -- DIR...
//!
//! DIR holds notes (`*.md`, searched recursively). For every stemmer it
//! prints how many distinct words and stems there are, the table of word
//! pairs that must and must not match (`src/search/stem.rs`, `pairs`), and
//! the most frequent pairs of words it runs together that nota's stemmer
//! keeps apart, and the other way round.

#[allow(dead_code)]
#[path = "../../../src/search/text.rs"]
mod text;

#[allow(dead_code)]
#[path = "../../../src/search/stem.rs"]
mod stem;

use std::collections::{BTreeMap, HashMap};

type Stemmer = Box<dyn Fn(&str) -> String>;

fn stemmers() -> Vec<(&'static str, Stemmer)> {
    let rust_stemmers = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Dutch);
    let pagefind = pagefind_stem::Stemmer::create(pagefind_stem::Algorithm::Dutch);
    let porter = snowstem::Stemmer::create(snowstem::Algorithm::DutchPorter);
    let kp = snowstem::Stemmer::create(snowstem::Algorithm::Dutch);
    vec![
        ("nota", Box::new(|w: &str| stem::stem(&text::fold(w)))),
        ("rust-stemmers", Box::new(move |w: &str| rust_stemmers.stem(w).into_owned())),
        ("pagefind_stem", Box::new(move |w: &str| pagefind.stem(w).into_owned())),
        ("Snowball 3 porter", Box::new(move |w: &str| porter.stem(w).into_owned())),
        ("Snowball 3 KP", Box::new(move |w: &str| kp.stem(w).into_owned())),
    ]
}

fn main() {
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut notes = 0;
    for dir in std::env::args().skip(1) {
        for path in markdown_files(std::path::Path::new(&dir)) {
            let Ok(source) = std::fs::read_to_string(&path) else { continue };
            notes += 1;
            text::words(&source, |w| {
                let lower = w.to_lowercase();
                if lower.chars().count() > 1 && lower.chars().all(char::is_alphabetic) && !stem::is_stop_word(&text::fold(&lower)) {
                    *counts.entry(lower).or_default() += 1;
                }
            });
        }
    }
    let stemmers = stemmers();
    let words: Vec<(&String, &usize)> = counts.iter().collect();
    println!("{notes} notes, {} distinct words (letters only, no stop words)\n", words.len());
    let stems: Vec<HashMap<&str, String>> = stemmers
        .iter()
        .map(|(_, s)| words.iter().map(|(w, _)| (w.as_str(), s(w))).collect())
        .collect();
    println!("| stemmer | stems | words per stem | must match | must not match |");
    println!("| --- | --- | --- | --- | --- |");
    for (i, (name, stemmer)) in stemmers.iter().enumerate() {
        let distinct: std::collections::HashSet<&String> = stems[i].values().collect();
        let matched = stem::pairs::MUST_MATCH.iter().filter(|(a, b)| stemmer(&a.to_lowercase()) == stemmer(&b.to_lowercase())).count();
        let kept = stem::pairs::MUST_NOT_MATCH.iter().filter(|(a, b)| stemmer(a) != stemmer(b)).count();
        println!(
            "| {name} | {} | {:.2} | {matched}/{} | {kept}/{} |",
            distinct.len(),
            words.len() as f64 / distinct.len() as f64,
            stem::pairs::MUST_MATCH.len(),
            stem::pairs::MUST_NOT_MATCH.len()
        );
    }
    println!("\nPairs (✓ as required, ✗ not):\n");
    print!("| pair | must |");
    for (name, _) in &stemmers {
        print!(" {name} |");
    }
    println!();
    println!("|{}", " --- |".repeat(stemmers.len() + 2));
    let table = stem::pairs::MUST_MATCH.iter().map(|p| (p, true)).chain(stem::pairs::MUST_NOT_MATCH.iter().map(|p| (p, false)));
    for ((a, b), must) in table {
        print!("| {a} / {b} | {} |", if must { "match" } else { "differ" });
        for (_, stemmer) in &stemmers {
            let (sa, sb) = (stemmer(&a.to_lowercase()), stemmer(&b.to_lowercase()));
            let ok = (sa == sb) == must;
            print!(" {} {sa}{} |", if ok { "✓" } else { "✗" }, if sa == sb { String::new() } else { format!(" ≠ {sb}") });
        }
        println!();
    }
    for (i, (name, _)) in stemmers.iter().enumerate().skip(1) {
        println!("\nMost frequent word pairs {name} runs together and nota keeps apart:");
        for (a, b, n) in differences(&words, &stems[i], &stems[0]).iter().take(15) {
            println!("  {a} / {b} ({n}×) → {}", stems[i][a.as_str()]);
        }
        println!("Most frequent word pairs nota runs together and {name} keeps apart:");
        for (a, b, n) in differences(&words, &stems[0], &stems[i]).iter().take(8) {
            println!("  {a} / {b} ({n}×) → {}", stems[0][a.as_str()]);
        }
    }
}

/// Pairs of words that `joins` gives one stem and `splits` two, most
/// frequent (the rarer word's count) first.
fn differences(words: &[(&String, &usize)], joins: &HashMap<&str, String>, splits: &HashMap<&str, String>) -> Vec<(String, String, usize)> {
    let mut classes: BTreeMap<&str, Vec<(&String, usize)>> = BTreeMap::new();
    for (w, n) in words {
        classes.entry(joins[w.as_str()].as_str()).or_default().push((w, **n));
    }
    let mut out = Vec::new();
    for members in classes.values() {
        for (i, (a, na)) in members.iter().enumerate() {
            for (b, nb) in &members[i + 1..] {
                if splits[a.as_str()] != splits[b.as_str()] {
                    let (a, b) = if a < b { (a, b) } else { (b, a) };
                    out.push(((*a).clone(), (*b).clone(), *na.min(nb)));
                }
            }
        }
    }
    out.sort_by(|x, y| y.2.cmp(&x.2).then_with(|| x.0.cmp(&y.0)));
    out
}

fn markdown_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(markdown_files(&path));
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    out.sort();
    out
}
