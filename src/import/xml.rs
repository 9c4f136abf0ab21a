//! A small element tree of one XML part, with namespaces resolved.
//!
//! The parts of a .docx are small (a long note's `document.xml` is a few
//! hundred kilobytes), and the walk needs to look ahead (a paragraph's
//! properties come before its runs, a comment's text lives in another part),
//! so each part is read into a tree once instead of being streamed. Names are
//! matched by namespace, not by prefix: `w:` is only a convention, and the
//! Strict flavour of OOXML uses other namespace URIs for the same elements.

use quick_xml::NsReader;
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;

/// The namespaces the importer tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ns {
    /// WordprocessingML (Transitional or Strict).
    W,
    /// Relationship ids (`r:id`, `r:embed`).
    R,
    /// Word 2010 additions (`w14:paraId`).
    W14,
    /// Word 2012 additions (`w15:commentEx`).
    W15,
    /// Markup compatibility (`mc:AlternateContent`).
    Mc,
    /// Office Math (`m:oMath`).
    Math,
    /// No namespace (attributes of relationship and property parts).
    None,
    Other,
}

impl Ns {
    fn of(uri: &str) -> Self {
        match uri {
            "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
            | "http://purl.oclc.org/ooxml/wordprocessingml/main" => Self::W,
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
            | "http://purl.oclc.org/ooxml/officeDocument/relationships" => Self::R,
            "http://schemas.microsoft.com/office/word/2010/wordml" => Self::W14,
            "http://schemas.microsoft.com/office/word/2012/wordml" => Self::W15,
            "http://schemas.openxmlformats.org/markup-compatibility/2006" => Self::Mc,
            "http://schemas.openxmlformats.org/officeDocument/2006/math"
            | "http://purl.oclc.org/ooxml/officeDocument/math" => Self::Math,
            _ => Self::Other,
        }
    }

    fn resolve(result: &ResolveResult<'_>) -> Self {
        match result {
            ResolveResult::Bound(ns) => Self::of(ns.as_ref()),
            ResolveResult::Unbound => Self::None,
            ResolveResult::Unknown(_) => Self::Other,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Attr {
    pub ns: Ns,
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone)]
pub enum Node {
    Element(Element),
    Text(String),
}

#[derive(Debug, Clone)]
pub struct Element {
    pub ns: Ns,
    pub name: String,
    pub attrs: Vec<Attr>,
    pub children: Vec<Node>,
}

/// Deeper than any document Word writes; a guard against stack exhaustion
/// in the recursive walk over a hostile file.
const MAX_DEPTH: usize = 256;

impl Element {
    /// Whether this is `w:<name>`.
    pub fn is(&self, name: &str) -> bool {
        self.ns == Ns::W && self.name == name
    }

    /// The value of the attribute `local` in namespace `ns`.
    pub fn attr_ns(&self, ns: Ns, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.ns == ns && a.name == local)
            .map(|a| a.value.as_str())
    }

    /// `w:<local>`, the usual attribute of WordprocessingML.
    pub fn attr(&self, local: &str) -> Option<&str> {
        self.attr_ns(Ns::W, local)
    }

    /// An attribute without a namespace (relationships, properties).
    pub fn plain_attr(&self, local: &str) -> Option<&str> {
        self.attr_ns(Ns::None, local)
    }

    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child `w:<name>`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.is(name))
    }

    /// The first child with this local name, whatever its namespace.
    pub fn child_local(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// `w:val` of the child `w:<name>`.
    pub fn child_val(&self, name: &str) -> Option<&str> {
        self.child(name).and_then(|c| c.attr("val"))
    }

    /// Every descendant (depth first, this element excluded).
    pub fn descendants(&self) -> Vec<&Element> {
        let mut out = Vec::new();
        let mut stack: Vec<&Element> = self.elements().collect();
        stack.reverse();
        while let Some(e) = stack.pop() {
            out.push(e);
            let before = stack.len();
            stack.extend(e.elements());
            stack[before..].reverse();
        }
        out
    }

    /// The text of every text node below, concatenated.
    pub fn text(&self) -> String {
        let mut out = String::new();
        collect_text(self, &mut out);
        out
    }
}

fn collect_text(e: &Element, out: &mut String) {
    for child in &e.children {
        match child {
            Node::Text(t) => out.push_str(t),
            Node::Element(c) => collect_text(c, out),
        }
    }
}

/// Why a part could not be read as XML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError(pub String);

/// Parses a whole part into its root element.
pub fn parse(bytes: &[u8]) -> Result<Element, XmlError> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|_| XmlError("it is not UTF-8".to_string()))?;
    let mut reader = NsReader::from_str(text);
    reader.config_mut().expand_empty_elements = true;
    let mut stack: Vec<Element> = Vec::new();
    loop {
        let (ns, event) = reader
            .read_resolved_event()
            .map_err(|e| XmlError(e.to_string()))?;
        let ns = Ns::resolve(&ns);
        match event {
            Event::Start(start) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(XmlError(format!(
                        "elements are nested deeper than {MAX_DEPTH} levels"
                    )));
                }
                let mut attrs = Vec::new();
                for attr in start.attributes() {
                    let attr = attr.map_err(|e| XmlError(e.to_string()))?;
                    let (attr_ns, local) = reader.resolver().resolve_attribute(attr.key);
                    if attr.key.as_namespace_binding().is_some() {
                        continue;
                    }
                    let value = attr
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|e| XmlError(e.to_string()))?;
                    attrs.push(Attr {
                        ns: Ns::resolve(&attr_ns),
                        name: local.as_ref().to_string(),
                        value: value.into_owned(),
                    });
                }
                stack.push(Element {
                    ns,
                    name: start.local_name().as_ref().to_string(),
                    attrs,
                    children: Vec::new(),
                });
            }
            Event::End(_) => {
                let done = stack
                    .pop()
                    .ok_or_else(|| XmlError("an end tag without a start".to_string()))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(done)),
                    None => return Ok(done),
                }
            }
            Event::Text(t) => push_text(&mut stack, &t.xml10_content()),
            Event::CData(t) => push_text(&mut stack, &t.xml10_content()),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => quick_xml::escape::resolve_predefined_entity(&r)
                        .ok_or_else(|| XmlError(format!("unknown entity `&{};`", &*r)))?
                        .to_string(),
                    Err(e) => return Err(XmlError(e.to_string())),
                };
                push_text(&mut stack, &resolved);
            }
            Event::Eof => return Err(XmlError("it ends before its root element".to_string())),
            Event::Empty(_)
            | Event::Comment(_)
            | Event::Decl(_)
            | Event::PI(_)
            | Event::DocType(_) => {}
        }
    }
}

fn push_text(stack: &mut [Element], text: &str) {
    if let Some(parent) = stack.last_mut() {
        match parent.children.last_mut() {
            Some(Node::Text(previous)) => previous.push_str(text),
            _ => parent.children.push(Node::Text(text.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_namespaces_not_prefixes() {
        let root = parse(
            br#"<x:document xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><x:p x:rsid="1"><x:t>a &amp; b&#233;</x:t></x:p></x:document>"#,
        )
        .unwrap();
        assert!(root.is("document"));
        let p = root.child("p").unwrap();
        assert_eq!(p.attr("rsid"), Some("1"));
        assert_eq!(root.text(), "a & bé");
    }

    #[test]
    fn refuses_broken_xml() {
        assert!(parse(b"<a><b></a>").is_err());
        assert!(parse(b"<a>").is_err());
    }
}
