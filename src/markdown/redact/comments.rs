//! HTML comments: never published.
//!
//! Authors write `<!-- … -->` for remarks that are not for the reader. nota
//! shows raw HTML as text, so without this a comment would appear on the
//! page word for word. Comments are dropped from the parsed note before
//! anything is derived from it (like withheld text), and the build says so
//! with one warning per note. Dropping rather than refusing keeps the
//! remarks where the authors keep them, in the source, and the preview shows
//! the page as it will be published.
//!
//! What nota cannot read as a whole comment is an error instead: a `<!--`
//! without its `-->` (a block comment would swallow the rest of the note,
//! an inline one would be printed), and a complete comment inside code,
//! where it would be shown as written.
//!
//! The text of a comment is not given to the leak guard: a comment is a
//! remark, not a withheld passage, and its words may well be in the
//! published text ("bedrag nog controleren").

use comrak::nodes::NodeValue;

use super::super::location_of;
use super::{Node, Outcome};
use crate::diagnostic::Diagnostic;
use crate::front_matter::Document;

const OPEN: &str = "<!--";
const CLOSE: &str = "-->";

/// Removes every HTML comment from the note and reports what it cannot.
pub(super) fn drop_comments(root: Node<'_>, doc: &Document, out: &mut Outcome) {
    let mut dropped_lines: Vec<usize> = Vec::new();
    let mut first = None;
    // Most notes have no comment: look first, change afterwards.
    let nodes: Vec<Node<'_>> = root
        .descendants()
        .filter(|n| match n.data().value {
            NodeValue::Text(ref t) => may_open(t),
            NodeValue::Code(ref c) => may_open(&c.literal),
            NodeValue::CodeBlock(ref b) => may_open(&b.literal),
            NodeValue::HtmlBlock(ref h) => may_open(&h.literal),
            NodeValue::HtmlInline(ref h) => may_open(h),
            _ => false,
        })
        .collect();
    for node in nodes {
        let problem = match node.data().value {
            NodeValue::Text(ref text) if text.contains(OPEN) => Some(unclosed()),
            NodeValue::Code(ref code) if holds_comment(&code.literal) => Some(in_code()),
            NodeValue::CodeBlock(ref block) if holds_comment(&block.literal) => Some(in_code()),
            _ => None,
        };
        if let Some(problem) = problem {
            out.diagnostics.push(problem.at(location_of(node, doc)));
            continue;
        }
        let literal = match node.data().value {
            NodeValue::HtmlBlock(ref html) if html.literal.contains(OPEN) => html.literal.clone(),
            NodeValue::HtmlInline(ref html) if html.contains(OPEN) => html.clone(),
            _ => continue,
        };
        let location = location_of(node, doc);
        let Some(rest) = without_comments(&literal) else {
            out.diagnostics.push(unclosed().at(location));
            node.detach();
            continue;
        };
        dropped_lines.push(location.line);
        first.get_or_insert(location);
        if rest.trim().is_empty() {
            node.detach();
        } else {
            let mut data = node.data_mut();
            match data.value {
                NodeValue::HtmlBlock(ref mut html) => html.literal = rest,
                NodeValue::HtmlInline(ref mut html) => *html = rest,
                _ => {}
            }
        }
    }
    let Some(first) = first else {
        return;
    };
    dropped_lines.dedup();
    let lines: Vec<String> = dropped_lines.iter().map(usize::to_string).collect();
    let (what, lines) = if lines.len() == 1 {
        ("an HTML comment", format!("line {}", lines[0]))
    } else {
        ("HTML comments", format!("lines {}", lines.join(", ")))
    };
    out.diagnostics.push(
        Diagnostic::warning(
            "redaction/comment-dropped",
            format!("this note has {what} ({lines}); comments are not published"),
        )
        .at(first)
        .help("nota leaves HTML comments out of every page, list, feed and file; nothing to do if the comment is a remark for the authors. Text that readers should see goes outside `<!--` and `-->`"),
    );
}

/// Whether `text` holds `<!--`; most text has no `<` at all, which is
/// quicker to rule out.
fn may_open(text: &str) -> bool {
    text.contains('<') && text.contains(OPEN)
}

/// `literal` without its comments, or `None` when a comment is not closed.
fn without_comments(literal: &str) -> Option<String> {
    let mut out = String::with_capacity(literal.len());
    let mut rest = literal;
    while let Some(start) = rest.find(OPEN) {
        out.push_str(&rest[..start]);
        let after = &rest[start + OPEN.len()..];
        // `<!-->` and `<!--->` are complete (empty) comments.
        let end = if after.starts_with('>') {
            1
        } else if after.starts_with("->") {
            2
        } else {
            after.find(CLOSE)? + CLOSE.len()
        };
        rest = &after[end..];
    }
    out.push_str(rest);
    Some(out)
}

/// Whether code holds `<!--` with a `-->` after it.
fn holds_comment(code: &str) -> bool {
    code.find(OPEN)
        .is_some_and(|start| code[start + OPEN.len()..].contains(CLOSE))
}

fn unclosed() -> Diagnostic {
    Diagnostic::error(
        "redaction/unclosed-comment",
        "an HTML comment that is not closed: nota cannot tell where it ends",
    )
    .help("close the comment with `-->` on the same paragraph (no blank line inside a comment in running text); or, if the characters `<!--` are meant to be shown, put them in a code span")
}

fn in_code() -> Diagnostic {
    Diagnostic::error(
        "redaction/comment-in-code",
        "an HTML comment inside code would be shown as written",
    )
    .help("move the remark out of the code, or, if the code shows how comments are written, put `<!--` and `-->` in separate code spans")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_cut_out_of_html() {
        assert_eq!(without_comments("<!-- a -->").as_deref(), Some(""));
        assert_eq!(
            without_comments("<div><!-- a --></div><!---->x<!-->y<!--->").as_deref(),
            Some("<div></div>xy")
        );
        assert_eq!(without_comments("<!-- open"), None);
        assert!(holds_comment("a <!-- b --> c"));
        assert!(!holds_comment("a <!-- b"));
    }
}
