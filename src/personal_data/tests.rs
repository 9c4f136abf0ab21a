//! The check as a whole, on small texts.

use super::*;

fn run(body: &str) -> Outcome {
    check(
        &PublishedText::from_paragraphs("content/x.md", body),
        &[],
        &Settings::default(),
    )
}

fn codes(outcome: &Outcome) -> Vec<(&'static str, usize, usize)> {
    outcome
        .diagnostics
        .iter()
        .map(|d| {
            let l = d.location.as_ref().expect("located");
            (d.code, l.line, l.column)
        })
        .collect()
}

#[test]
fn finds_the_done_when_cases() {
    let outcome = run(
        "Zijn BSN is 123456782.\n\nIBAN NL91 ABNA 0417 1643 00.\n\nBel 06-12345678.\n\nMail j.devries@minjenv.nl.\n\nOverleg met mevrouw Jansen.\n",
    );
    assert_eq!(
        codes(&outcome),
        vec![
            ("personal-data/bsn", 1, 13),
            ("personal-data/iban", 3, 6),
            ("personal-data/phone", 5, 5),
            ("personal-data/email", 7, 6),
            ("personal-data/name", 9, 21),
        ]
    );
}
