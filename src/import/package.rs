//! The OOXML package: a zip of XML parts tied together by relationships.
//!
//! The main document is found the way Word finds it, through the package's
//! `_rels/.rels`, and every other part (styles, numbering, footnotes,
//! comments, hyperlink targets) through the main document's relationships,
//! so a file whose parts are not at the usual paths still imports. Only the
//! parts the importer reads are decompressed, each with a size limit, so a
//! small file that inflates to gigabytes is refused instead of read.

use std::collections::HashMap;
use std::io::{Cursor, Read as _};

use super::xml::{self, Element};

/// The first bytes of an OLE compound file: what Word saves when a document
/// is encrypted with a password (and what an old `.doc` is).
const OLE_SIGNATURE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// No part of a real note comes near this once decompressed.
const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

/// Why a file is not a readable Word document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackageError {
    /// An OLE compound file: encrypted, or a Word 97–2003 `.doc`.
    Ole,
    /// Not a zip at all.
    NotZip,
    /// A zip, but not a WordprocessingML document.
    NotWord(String),
    /// A part that cannot be read.
    Broken { part: String, why: String },
}

/// One relationship of a part: `Id` → target, with its type.
#[derive(Debug, Clone)]
pub struct Relationship {
    pub kind: String,
    pub target: String,
    pub external: bool,
}

/// The parts of a .docx that the importer reads.
pub struct Package {
    archive: zip::ZipArchive<Cursor<Vec<u8>>>,
    /// Path of the main document part, e.g. `word/document.xml`.
    main: String,
    /// Relationships of the main document by id.
    pub relationships: HashMap<String, Relationship>,
}

impl Package {
    pub fn open(bytes: Vec<u8>) -> Result<Self, PackageError> {
        if bytes.starts_with(OLE_SIGNATURE) {
            return Err(PackageError::Ole);
        }
        if !bytes.starts_with(b"PK") {
            return Err(PackageError::NotZip);
        }
        let archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| PackageError::NotZip)?;
        let mut package = Self {
            archive,
            main: String::new(),
            relationships: HashMap::new(),
        };
        let root_rels = package
            .relationships_of("")
            .map_err(|_| PackageError::NotWord("it has no `_rels/.rels`".to_string()))?;
        let main = root_rels
            .values()
            .find(|r| r.kind.ends_with("/officeDocument") && !r.external)
            .map(|r| resolve_target("", &r.target))
            .ok_or_else(|| PackageError::NotWord("it names no main document".to_string()))?;
        if package.read(&main)?.is_none() {
            return Err(PackageError::NotWord(format!(
                "its main document `{main}` is missing"
            )));
        }
        let main_xml = package.xml(&main)?.unwrap_or_else(empty);
        if !main_xml.is("document") {
            return Err(PackageError::NotWord(
                "its main document is not a word-processing document (a spreadsheet or a presentation?)"
                    .to_string(),
            ));
        }
        package.relationships = package.relationships_of(&main)?;
        package.main = main;
        Ok(package)
    }

    /// The main document's root element (`w:document`).
    pub fn document(&mut self) -> Result<Element, PackageError> {
        let main = self.main.clone();
        Ok(self.xml(&main)?.unwrap_or_else(empty))
    }

    /// The part the main document relates to with a type ending in `/kind`
    /// (`styles`, `numbering`, `footnotes`, …), when there is one.
    pub fn related(&mut self, kind: &str) -> Result<Option<Element>, PackageError> {
        let suffix = format!("/{kind}");
        let target = self
            .relationships
            .values()
            .find(|r| r.kind.ends_with(&suffix) && !r.external)
            .map(|r| resolve_target(&self.main, &r.target));
        match target {
            Some(path) => self.xml(&path),
            None => Ok(None),
        }
    }

    /// A package-level part such as `docProps/core.xml`, when present.
    pub fn part(&mut self, path: &str) -> Result<Option<Element>, PackageError> {
        self.xml(path)
    }

    fn xml(&mut self, path: &str) -> Result<Option<Element>, PackageError> {
        match self.read(path)? {
            None => Ok(None),
            Some(bytes) => xml::parse(&bytes)
                .map(Some)
                .map_err(|e| PackageError::Broken {
                    part: path.to_string(),
                    why: e.0,
                }),
        }
    }

    fn read(&mut self, path: &str) -> Result<Option<Vec<u8>>, PackageError> {
        let broken = |why: String| PackageError::Broken {
            part: path.to_string(),
            why,
        };
        let mut entry = match self.archive.by_name(path) {
            Ok(entry) => entry,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(broken(e.to_string())),
        };
        if entry.encrypted() {
            return Err(broken("it is encrypted".to_string()));
        }
        let mut bytes = Vec::new();
        (&mut entry)
            .take(MAX_PART_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| broken(e.to_string()))?;
        if bytes.len() as u64 > MAX_PART_BYTES {
            return Err(broken(format!(
                "it is larger than {} MB",
                MAX_PART_BYTES / 1024 / 1024
            )));
        }
        Ok(Some(bytes))
    }

    /// The relationships of `part` (`""` for the package itself).
    fn relationships_of(
        &mut self,
        part: &str,
    ) -> Result<HashMap<String, Relationship>, PackageError> {
        let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
        let rels_path = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        let Some(root) = self.xml(&rels_path)? else {
            return if part.is_empty() {
                Err(PackageError::NotWord("it has no `_rels/.rels`".to_string()))
            } else {
                Ok(HashMap::new())
            };
        };
        Ok(root
            .elements()
            .filter(|e| e.name == "Relationship")
            .filter_map(|e| {
                Some((
                    e.plain_attr("Id")?.to_string(),
                    Relationship {
                        kind: e.plain_attr("Type").unwrap_or_default().to_string(),
                        target: e.plain_attr("Target").unwrap_or_default().to_string(),
                        external: e.plain_attr("TargetMode") == Some("External"),
                    },
                ))
            })
            .collect())
    }
}

fn empty() -> Element {
    Element {
        ns: xml::Ns::None,
        name: String::new(),
        attrs: Vec::new(),
        children: Vec::new(),
    }
}

/// A relationship target relative to the folder of `source` (or absolute
/// from the package root when it starts with `/`), with `..` resolved.
fn resolve_target(source: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        let dir = source.rsplit_once('/').map_or("", |(dir, _)| dir);
        dir.split('/').filter(|p| !p.is_empty()).collect()
    };
    for piece in target.split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_against_the_source_folder() {
        assert_eq!(resolve_target("", "word/document.xml"), "word/document.xml");
        assert_eq!(
            resolve_target("", "/word/document.xml"),
            "word/document.xml"
        );
        assert_eq!(
            resolve_target("word/document.xml", "styles.xml"),
            "word/styles.xml"
        );
        assert_eq!(
            resolve_target("word/document.xml", "../customXml/item1.xml"),
            "customXml/item1.xml"
        );
    }

    #[test]
    fn tells_ole_and_other_files_apart() {
        assert_eq!(
            Package::open(OLE_SIGNATURE.to_vec()).err(),
            Some(PackageError::Ole)
        );
        assert_eq!(
            Package::open(b"%PDF-1.7".to_vec()).err(),
            Some(PackageError::NotZip)
        );
    }
}
